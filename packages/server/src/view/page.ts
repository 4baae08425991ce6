// The class view's one page: HTML, CSS and script inline (no external asset: a lab LAN may have no
// internet). It renders what ./state.ts sends over the WebSocket; every student-made text goes in
// with textContent, never as HTML.

/** The page for `lang`, titled `title`. The sentences themselves come with the first message. */
export function page(lang: string, title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, "");
  return `<!doctype html>
<html lang="${lang === "fr" ? "fr" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${safeTitle}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header id="banner"><div id="where"></div><div id="commands"></div></header>
<div id="offline" hidden></div>
<main>
<section id="clients-panel"><h2 id="clients-title"></h2><table id="clients"><thead></thead><tbody></tbody></table><p id="noclients"></p><ul id="feed"></ul></section>
<section id="mode-panel"></section>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}

const CSS = `
:root { --bg:#fbfbf8; --fg:#1b1b1b; --muted:#5b5b5b; --line:#d8d8d0; --accent:#0b5cad; --bar:#2e8b57; --chunk:#0b5cad; --dgram:#b5531b; --card:#fff; }
@media (prefers-color-scheme: dark) { :root { --bg:#111418; --fg:#ecebe6; --muted:#a5a5a0; --line:#33383f; --accent:#6cb4ff; --bar:#57c78a; --chunk:#6cb4ff; --dgram:#f0965a; --card:#1a1e24; } }
* { box-sizing: border-box; }
html { font-size: 20px; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.35 system-ui, sans-serif; }
header { padding: .6rem 1rem; border-bottom: 2px solid var(--line); }
#where { font-size: 2.1rem; font-weight: 700; }
#where .addr { color: var(--accent); font-family: ui-monospace, monospace; }
#commands { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin-top: .2rem; }
#commands code { font: .95rem ui-monospace, monospace; background: var(--card); border: 1px solid var(--line); padding: .1rem .4rem; border-radius: 4px; }
#offline { background: #b00020; color: #fff; padding: .4rem 1rem; font-weight: 700; }
main { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 1rem; padding: .8rem 1rem; }
@media (max-width: 800px) { html { font-size: 16px; } main { grid-template-columns: 1fr; } #where { font-size: 1.5rem; } }
h2 { font-size: 1.15rem; margin: 0 0 .4rem; }
h3 { font-size: 1rem; margin: .6rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; }
section { min-width: 0; overflow-x: auto; }
th, td { text-align: left; padding: .15rem .3rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.peer { font-family: ui-monospace, monospace; font-size: .85rem; }
td.nm { max-width: 10rem; overflow: hidden; text-overflow: ellipsis; }
svg.spark { width: 5rem; height: 1.1rem; vertical-align: middle; }
svg.spark polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; }
#noclients { color: var(--muted); }
#feed { list-style: none; padding: 0; margin: .5rem 0 0; color: var(--muted); font-size: .85rem; }
#chat { list-style: none; padding: 0; margin: 0; }
#chat li { padding: .1rem 0; overflow-wrap: anywhere; }
#chat .from { font-weight: 700; color: var(--accent); }
#chat .sys { color: var(--muted); font-style: italic; }
#chat time { color: var(--muted); font-size: .8rem; margin-right: .4rem; }
.timeline { margin: .3rem 0 .6rem; }
.timeline .who { font-size: .85rem; color: var(--muted); }
.blocks { display: flex; flex-wrap: wrap; gap: 3px; align-items: center; }
.chunk { height: 1.4rem; min-width: 4px; background: var(--chunk); color: #fff; border-radius: 3px; font-size: .7rem; line-height: 1.4rem; overflow: hidden; cursor: pointer; padding: 0 2px; }
.chunk.dgram { background: var(--dgram); border: 2px solid var(--fg); }
#detail { font: .85rem ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card); border: 1px solid var(--line); padding: .3rem; min-height: 2.2rem; }
.note { color: var(--muted); font-size: .85rem; }
.big { font-size: 1.6rem; font-weight: 700; }
.interval { display: grid; grid-template-columns: 8rem 1fr; align-items: center; gap: .5rem; margin: .15rem 0; }
.track { position: relative; height: .9rem; background: var(--line); border-radius: 3px; }
.track span { position: absolute; top: 0; bottom: 0; background: var(--bar); border-radius: 3px; }
ol#rounds { margin: 0; padding-left: 1.2rem; }
`;

// Plain browser JavaScript (no build step): kept small, bounded like the server's state.
const SCRIPT = `
"use strict";
const KEEP_CHUNKS = 40, KEEP_CHAT = 50, KEEP_FEED = 6, SPARK = 30;
let state = null, s = {}, delay = 500, sock = null;
const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; };
const hhmmss = (ms) => new Date(ms).toTimeString().slice(0, 8);
const rows = new Map(); // id -> { data, tr, samples, last }

function connect() {
  sock = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  let handled = 0;
  sock.onopen = () => { delay = 500; };
  // Each message handled is acknowledged (a count, nothing else): a page that falls behind is dropped by the server.
  sock.onmessage = (e) => { const m = JSON.parse(e.data); if (m.t === "hello") hello(m); else if (state) batch(m); sock.send(String(++handled)); };
  sock.onclose = () => {
    $("offline").hidden = false; $("offline").textContent = s.reconnecting || "…";
    setTimeout(connect, delay); delay = Math.min(delay * 2, 5000);
  };
}

function hello(m) {
  state = m; s = m.s; $("offline").hidden = true;
  document.title = m.title;
  document.body.dataset.mode = m.mode;
  const where = $("where"); where.textContent = "";
  where.append(s.connectTo + " ");
  m.banner.hosts.slice(0, 2).forEach((h, i) => { if (i) where.append(" " + s.or + " "); where.append(el("span", "addr", h)); });
  where.append(" " + s.port + " "); where.append(el("span", "addr", m.banner.port));
  const cmds = $("commands"); cmds.textContent = "";
  for (const c of m.banner.commands) cmds.append(el("code", "", c));
  $("clients-title").textContent = s.clients;
  const head = $("clients").tHead; head.textContent = "";
  const tr = el("tr");
  for (const h of [s.number, s.name, s.address, s.since, s.bytesIn, s.bytesOut, s.traffic]) tr.append(el("th", "", h));
  head.append(tr);
  rows.clear(); $("clients").tBodies[0].textContent = ""; $("feed").textContent = "";
  for (const c of m.clients) addRow(c);
  buildPanel(m);
  for (const c of m.clients) for (const ch of c.chunks || []) addChunk(c.id, ch);
  for (const line of m.chat || []) addChat(line);
  if (m.game) renderGame(m.game);
  if (m.http) renderHttp(m.http);
  emptyNote();
}

function emptyNote() { $("noclients").textContent = rows.size === 0 ? s.noClients : ""; }

function addRow(c) {
  if (rows.has(c.id)) removeRow(c.id);
  const tr = el("tr"); tr.dataset.id = c.id;
  tr.append(el("td", "num", c.id > 0 ? c.id : "UDP"), el("td", "nm", c.name || ""), el("td", "peer", c.peer), el("td", "", hhmmss(c.since)), el("td", "num bytes", c.bytesIn), el("td", "num out", c.bytesOut || 0));
  const td = el("td"); td.innerHTML = '<svg class="spark" viewBox="0 0 30 10" preserveAspectRatio="none"><polyline points=""/></svg>'; tr.append(td);
  $("clients").tBodies[0].append(tr);
  rows.set(c.id, { data: c, tr, samples: [], last: c.bytesIn });
}
function removeRow(id) { const r = rows.get(id); if (!r) return; r.tr.remove(); rows.delete(id); const t = document.querySelector('.timeline[data-id="' + id + '"]'); if (t) t.remove(); }
function feed(text) { const f = $("feed"); f.prepend(el("li", "", hhmmss(Date.now()) + " " + text)); while (f.children.length > KEEP_FEED) f.lastChild.remove(); }

function buildPanel(m) {
  const p = $("mode-panel"); p.textContent = "";
  if (m.mode === "chat") { p.append(el("h2", "", s.chat), el("ul", "", undefined)); p.lastChild.id = "chat"; }
  else if (m.mode === "game") {
    p.append(el("div", "big", ""), el("div", "", ""), el("div", "", ""), el("h3", "", s.intervals), el("div", "", ""), el("h3", "", s.scores), el("table", "", undefined), el("h3", "", s.history), el("ol", "", undefined));
    [p.children[0].id, p.children[1].id, p.children[2].id, p.children[4].id, p.children[6].id, p.children[8].id] = ["round", "range", "guesses", "intervals", "scores", "rounds"];
  } else if (m.mode === "http") {
    p.append(el("div", "big", ""), el("h3", "", s.httpStatuses), el("div", "", ""), el("h3", "", s.httpLast), el("table", "", undefined));
    [p.children[0].id, p.children[2].id, p.children[4].id] = ["rate", "statuses", "requests"];
  } else if (m.mode === "inspect") {
    p.append(el("h2", "", s.timeline), el("p", "note", s.timelineNote), el("div", "", ""), el("pre", "", ""));
    p.children[2].id = "timelines"; p.children[3].id = "detail";
  }
}

function addChunk(id, ch) {
  const box = $("timelines"); if (!box) return;
  let t = box.querySelector('.timeline[data-id="' + id + '"]');
  if (!t) {
    const r = rows.get(id);
    t = el("div", "timeline"); t.dataset.id = id;
    t.append(el("div", "who", (id > 0 ? "#" + id + " " : "UDP ") + (r ? r.data.peer : "")), el("div", "blocks"));
    box.append(t);
  }
  const b = el("div", "chunk" + (ch.dgram ? " dgram" : ""), ch.size);
  // Width grows with the size, capped so that a 64 KiB chunk does not push the rest away.
  b.style.width = Math.max(6, Math.min(400, 6 + Math.sqrt(ch.size) * 12)) + "px";
  b.title = ch.label + "\\n" + ch.hex + "\\n" + ch.text;
  b.dataset.size = ch.size;
  b.onclick = b.onmouseenter = () => { $("detail").textContent = ch.label + "\\n" + ch.hex + "\\n" + ch.text; };
  const blocks = t.lastChild; blocks.append(b);
  while (blocks.children.length > KEEP_CHUNKS) blocks.firstChild.remove();
}

function addChat(line) {
  const ul = $("chat"); if (!ul) return;
  const li = el("li"); li.append(el("time", "", hhmmss(line.at)));
  if (line.from !== undefined) {
    if (line.action) li.append(el("span", "from", "* " + line.from + " "), el("span", "", line.text));
    else li.append(el("span", "from", line.from + ": "), el("span", "", line.text));
  } else li.append(el("span", "sys", line.text));
  ul.append(li);
  while (ul.children.length > KEEP_CHAT) ul.firstChild.remove();
  li.scrollIntoView({ block: "nearest" });
}

function renderGame(g) {
  $("round").textContent = g.round; $("range").textContent = g.range; $("guesses").textContent = g.guesses;
  const box = $("intervals"); box.textContent = "";
  const span = Math.max(1, g.max - g.min);
  for (const p of g.players) {
    const row = el("div", "interval"); row.append(el("span", "", p.name));
    const track = el("div", "track"); const bar = el("span");
    bar.style.left = ((p.lo - g.min) / span * 100) + "%"; bar.style.width = Math.max(0.5, (p.hi - p.lo) / span * 100) + "%";
    track.title = p.lo + " … " + p.hi; track.append(bar); row.append(track); box.append(row);
  }
  const t = $("scores"); t.textContent = "";
  const h = el("tr"); h.append(el("th", "", s.name), el("th", "", s.wins), el("th", "", s.best)); t.append(h);
  for (const sc of g.scores) { const tr = el("tr"); tr.append(el("td", "nm", sc.name), el("td", "num wins", sc.wins), el("td", "num", sc.best === null ? "" : sc.best)); t.append(tr); }
  const ol = $("rounds"); ol.textContent = "";
  for (const r of g.rounds) ol.append(el("li", "", r));
}

function renderHttp(h) {
  $("rate").textContent = h.rate + " " + s.httpRate;
  $("statuses").textContent = h.statuses.map(([code, n]) => code + " × " + n).join("   ");
  const t = $("requests"); t.textContent = "";
  for (const r of h.requests) { const tr = el("tr"); tr.append(el("td", "", r.method), el("td", "peer", r.path), el("td", "num", r.status), el("td", "num", r.ms + " ms")); t.append(tr); }
}

function batch(m) {
  for (const e of m.ev) {
    if (e.k === "open") { addRow({ id: e.id, peer: e.peer, since: e.since, bytesIn: 0, bytesOut: 0 }); feed("#" + e.id + " " + e.peer + " " + s.joined); }
    else if (e.k === "close") { const r = rows.get(e.id); if (r) feed("#" + e.id + " " + (r.data.name || r.data.peer) + " " + s.left); removeRow(e.id); }
    else if (e.k === "name") { const r = rows.get(e.id); if (r) { r.data.name = e.name; r.tr.children[1].textContent = e.name; } }
    else if (e.k === "chunk") addChunk(e.id, e.chunk);
  }
  for (const line of m.chat || []) addChat(line);
  for (const [id, bytes, out] of m.traffic) { const r = rows.get(id); if (r) { r.data.bytesIn = bytes; r.tr.querySelector(".bytes").textContent = bytes; r.tr.querySelector(".out").textContent = out; } }
  if (m.game) renderGame(m.game);
  if (m.http) renderHttp(m.http);
  emptyNote();
}

// Once a second each row's sparkline takes the bytes received since the last sample.
setInterval(() => {
  for (const r of rows.values()) {
    r.samples.push(r.data.bytesIn - r.last); r.last = r.data.bytesIn;
    if (r.samples.length > SPARK) r.samples.shift();
    const top = Math.max(1, ...r.samples);
    const pts = r.samples.map((v, i) => (i + SPARK - r.samples.length) + "," + (10 - v / top * 9).toFixed(1)).join(" ");
    r.tr.querySelector("polyline").setAttribute("points", pts);
  }
}, 1000);

connect();
`;

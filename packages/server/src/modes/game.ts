// game (seed: the Java guess-the-number lab): the whole class guesses one secret number per
// round. The rules live in ../game/game.ts; this file binds them to connections and words.

import {
  cleanMessage,
  type ErrorCode,
  encodeEvent,
  type GameEvent,
  MAX_NAME_LENGTH,
  PROTO_JSON_COMMAND,
  sanitizeText,
} from "@socklab/protocol";
import { Audience } from "../core/audience.ts";
import type { Connection } from "../core/connection.ts";
import { UsageError } from "../core/errors.ts";
import { intFlag, numberFlag } from "../core/flags.ts";
import { FAN_OUT_FLAGS, fanOutLimits } from "../core/flow.ts";
import type { ModeDefinition, TeacherHooks } from "../core/mode.ts";
import { FLOOD_KICK_MS, RATE_FLAGS, rateLimit, TokenBucket } from "../core/rate-limit.ts";
import { Game, type Player } from "../game/game.ts";
import { MAX_SEED, seededRandom, systemRandom } from "../game/random.ts";

/** A guess or a command is a few dozen bytes; a longer line is garbage or a flood, so the core
 * answers "line too long" and skips it without ever holding more than this. */
export const GAME_MAX_LINE = 512;
/** Bounds for --min / --max: far beyond any class game, and small enough that every number in
 * the range can be drawn exactly (see randomInt). */
const MAX_BOUND = 1_000_000_000;
/** --pause cap: an hour. Longer is surely a typo (milliseconds?). */
const MAX_PAUSE_S = 3600;
/** /scores as text lists this many players, then "… and N more": a class fits, 200 bots do not
 * flood a terminal. JSON readers get every player. */
const SCORES_SHOWN = 20;

export const game: ModeDefinition = {
  name: "game",
  examples: [
    "socklab-server game",
    "socklab-server game --min 1 --max 100 --pause 5 --lang fr",
    "socklab-server game --seed 42        # the same secrets every time (demos, tests)",
  ],
  flags: {
    min: { type: "string", valueName: "N", default: "0", description: "smallest secret" },
    max: { type: "string", valueName: "N", default: "1000", description: "largest secret" },
    pause: {
      type: "string",
      valueName: "S",
      default: "3",
      description: "seconds between a win and the next round (0 starts it at once)",
    },
    seed: {
      type: "string",
      valueName: "N",
      description: `makes the secrets reproducible (0-${MAX_SEED}; default: unpredictable)`,
    },
    // Commands and guesses are broadcast (renames, wins): the chat's flood control and flow
    // control, for the same reasons.
    ...RATE_FLAGS,
    ...FAN_OUT_FLAGS,
  },
  create(ctx) {
    const { msg, log, clients } = ctx;
    // The current round's range: the teacher's /range changes it when the next round starts.
    let min = intFlag(ctx.flags, "min", -MAX_BOUND, MAX_BOUND);
    let max = intFlag(ctx.flags, "max", -MAX_BOUND, MAX_BOUND);
    if (min >= max) throw new UsageError(`--min (${min}) must be less than --max (${max})`);
    const pauseMs = Math.round(numberFlag(ctx.flags, "pause", 0, MAX_PAUSE_S) * 1000);
    const random =
      ctx.flags.seed === undefined
        ? systemRandom()
        : seededRandom(intFlag(ctx.flags, "seed", 0, MAX_SEED));
    const rules = new Game({ min, max, pauseMs, random });
    ctx.view?.gameRound(rules.round, min, max);
    ctx.record?.roundStarted(rules.round, rules.secret, min, max);
    const audience = new Audience();
    const rate = rateLimit(ctx.flags);
    /** Each player's flood allowance, made with its first line. */
    const buckets = new Map<Connection, TokenBucket>();
    /** The one timer of the mode: the pause between a win and the next round. */
    let nextRound: ReturnType<typeof setTimeout> | undefined;

    const label = (player: Player) => player.name ?? msg.gamePlayer(player.id);
    const scoreList = () =>
      rules.scores().map((p) => ({ name: label(p), wins: p.wins, best: p.best ?? null }));
    const tell = (conn: Connection, event: GameEvent, text: string) =>
      audience.tell(conn, event, text);
    const refuse = (conn: Connection, code: ErrorCode, text: string, seconds?: number) =>
      tell(conn, { type: "error", at: Date.now(), code, text, seconds }, text);

    const welcome = (conn: Connection, player: Player | undefined) => {
      // Before its first line a connection is no player yet: it is shown the name it will have.
      const name = player ? label(player) : msg.gamePlayer(conn.id);
      tell(
        conn,
        { type: "welcome", at: Date.now(), player: conn.id, name, min, max, round: rules.round },
        `${msg.gameWelcome(name, rules.round)}\n${msg.gameRules(min, max)}`,
      );
      if (rules.paused) {
        const seconds = rules.secondsLeft(Date.now());
        const round = rules.round + 1;
        tell(
          conn,
          { type: "pause", at: Date.now(), round, seconds },
          msg.gameNextRound(round, seconds),
        );
      }
    };

    const startRound = () => {
      clearTimeout(nextRound);
      nextRound = undefined;
      const round = rules.startRound();
      ({ min, max } = rules);
      ctx.record?.roundStarted(round, rules.secret, min, max);
      ctx.view?.gameRound(round, min, max);
      audience.broadcast(
        clients,
        { type: "round", at: Date.now(), round, min, max },
        msg.gameRoundStarts(round, min, max),
      );
    };

    const win = (
      conn: Connection,
      player: Player,
      round: number,
      attempts: number,
      secret: number,
    ) => {
      const name = label(player);
      log.info(msg.gameLogWin(round, name, attempts, secret));
      ctx.view?.gameWin(round, name, attempts, secret, scoreList());
      ctx.record?.roundEnded(round, { name, client: conn.id, attempts });
      const event = { type: "win", at: Date.now(), round, winner: name, attempts, secret } as const;
      audience.broadcast(
        clients,
        { ...event, self: false },
        msg.gameWon(name, round, attempts, secret),
        conn,
      );
      tell(conn, { ...event, self: true }, msg.gameYouWon(round, attempts, secret));
      if (pauseMs === 0) {
        startRound();
        return;
      }
      const seconds = rules.secondsLeft(Date.now());
      audience.broadcast(
        clients,
        { type: "pause", at: Date.now(), round: round + 1, seconds },
        msg.gameNextRound(round + 1, seconds),
      );
      nextRound = setTimeout(startRound, pauseMs);
    };

    const guess = (conn: Connection, player: Player, text: string) => {
      const round = rules.round;
      const result = rules.guess(player.id, text, Date.now());
      if (result.kind === "small" || result.kind === "big" || result.kind === "win")
        ctx.record?.guess(round, conn.id, label(player), result.guess);
      switch (result.kind) {
        case "not_a_number":
          return refuse(conn, "not_a_number", msg.gameNotANumber(min, max));
        case "out_of_range":
          return refuse(conn, "out_of_range", msg.gameOutOfRange(min, max));
        case "round_over":
          return refuse(conn, "round_over", msg.gameRoundOver(result.seconds), result.seconds);
        case "small":
        case "big": {
          const { guess, attempts } = result;
          ctx.view?.gameGuess(conn.id, label(player), guess, result.kind);
          const text =
            result.kind === "small"
              ? msg.gameTooSmall(guess, attempts)
              : msg.gameTooBig(guess, attempts);
          return tell(
            conn,
            { type: "hint", at: Date.now(), guess, result: result.kind, attempts },
            text,
          );
        }
        case "win":
          return win(conn, player, result.round, result.attempts, result.guess);
      }
    };

    const rename = (conn: Connection, player: Player, wanted: string) => {
      if (wanted === "") return refuse(conn, "bad_usage", msg.gameNameUsage);
      const before = label(player);
      const result = rules.setName(player.id, wanted);
      if (!result.ok) {
        switch (result.problem) {
          case "taken":
            return refuse(conn, "nick_taken", msg.gameNameTaken(wanted));
          case "reserved":
            return refuse(conn, "nick_taken", msg.nickReserved(sanitizeText(wanted)));
          case "too_long":
            return refuse(conn, "bad_nick", msg.gameNameTooLong(MAX_NAME_LENGTH));
          case "looks_like":
            return refuse(conn, "nick_taken", msg.gameNameLooksLike(result.like));
          case "empty":
          case "bad_characters":
            return refuse(conn, "bad_nick", msg.gameNameBadCharacters);
          case "invisible":
          case "bad_start":
          case "stacked_marks":
          case "mixed_scripts":
            return refuse(conn, "bad_nick", msg.gameNameRule(result.problem));
        }
      }
      ctx.record?.named(conn.id, result.name);
      log.info(msg.gameLogName(conn.id, result.name, rules.playerCount));
      const event = { type: "nick", at: Date.now(), from: before, to: result.name } as const;
      ctx.view?.named(conn.id, result.name);
      tell(conn, { ...event, self: true }, msg.gameNameSet(result.name));
      if (before !== result.name)
        audience.broadcast(clients, event, msg.gameRenamed(before, result.name), conn);
    };

    const scores = (conn: Connection) => {
      const players = rules.scores();
      const lines = players
        .slice(0, SCORES_SHOWN)
        .map((p, i) => msg.gameScoreLine(i + 1, label(p), p.wins, p.best));
      if (players.length > SCORES_SHOWN)
        lines.push(msg.gameScoresMore(players.length - SCORES_SHOWN));
      tell(
        conn,
        {
          type: "scores",
          at: Date.now(),
          scores: players.map((p) => ({ name: label(p), wins: p.wins, best: p.best ?? null })),
        },
        [msg.gameScoresTitle(rules.round), ...lines].join("\n"),
      );
    };

    const join = (conn: Connection): Player => {
      const player = rules.join(conn.id);
      audience.broadcast(
        clients,
        { type: "join", at: Date.now(), nick: label(player), online: rules.playerCount },
        msg.gameJoined(label(player), rules.playerCount),
        conn,
      );
      return player;
    };

    const system = (conn: Connection, text: string) =>
      tell(conn, { type: "system", at: Date.now(), text }, text);

    const command = (conn: Connection, player: Player, line: string) => {
      const [, word = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
      switch (word.toLowerCase()) {
        case "/help":
          return system(conn, msg.gameHelp(min, max, MAX_NAME_LENGTH));
        case "/scores":
          return scores(conn);
        case "/name":
          return rename(conn, player, rest);
        case "/quit":
          system(conn, msg.gameGoodbye);
          return conn.end(msg.reasonQuit);
        case "/proto":
          if (`/proto ${rest.toLowerCase()}` !== PROTO_JSON_COMMAND)
            return refuse(conn, "bad_usage", msg.gameProtoUsage);
          audience.useJson(conn);
          return welcome(conn, player);
        default:
          return refuse(conn, "unknown_command", msg.gameUnknownCommand);
      }
    };

    // ── the teacher's console (../console/desk.ts) ──
    const teacher: TeacherHooks = {
      nameOf(conn) {
        const player = rules.player(conn.id);
        return player && label(player);
      },
      say(raw) {
        const text = cleanMessage(raw);
        if (text === "") return 0;
        audience.broadcast(
          clients,
          { type: "system", at: Date.now(), text, from: "teacher" },
          `-- [${msg.teacherName}] ${text}`,
        );
        return clients.size;
      },
      kick(conn, reason) {
        const player = rules.player(conn.id);
        system(conn, msg.kickedYou(reason));
        conn.end(msg.kickedReason(reason));
        // The others read why before the leave line the close brings.
        if (player) {
          const text = msg.kickedOther(label(player), reason);
          audience.broadcast(clients, { type: "system", at: Date.now(), text }, text, conn);
        }
      },
      help: msg.consoleHelpGame,
      command(name, rest) {
        const words = rest.split(/\s+/).filter((w) => w !== "");
        switch (name) {
          case "round": {
            if (words.length > 0) return [msg.consoleUsage("/round")];
            const round = rules.round;
            const secret = rules.secret;
            const lines = [];
            if (!rules.paused) {
              // Unwon: everyone learns the number, then the next round starts at once.
              const text = msg.roundStopped(round, secret);
              audience.broadcast(clients, { type: "system", at: Date.now(), text }, text);
              log.info(msg.consoleRoundEnded(round, secret));
              ctx.record?.roundEnded(round);
              lines.push(msg.consoleRoundEnded(round, secret));
            }
            startRound();
            return lines;
          }
          case "range": {
            const [low, high] = words.map(Number);
            const whole = (n: number | undefined) =>
              n !== undefined && Number.isSafeInteger(n) && Math.abs(n) <= MAX_BOUND;
            if (
              words.length !== 2 ||
              !whole(low) ||
              !whole(high) ||
              (low as number) >= (high as number)
            )
              return [
                msg.consoleUsage(`/range MIN MAX (whole numbers, MIN < MAX, within ±${MAX_BOUND})`),
              ];
            rules.setNextRange(low as number, high as number);
            return [msg.consoleRange(low as number, high as number)];
          }
          case "scores": {
            const players = rules.scores();
            if (players.length === 0) return [msg.consoleNoScores];
            return [
              msg.gameScoresTitle(rules.round),
              ...players.map((p, i) => msg.gameScoreLine(i + 1, label(p), p.wins, p.best)),
            ];
          }
          default:
            return undefined;
        }
      },
    };

    return {
      teacher,
      maxLine: GAME_MAX_LINE,
      // A player who falls behind slows the others down; one that stopped reading is cut off
      // (core/flow.ts), so its queue never grows past --send-queue.
      fanOut: fanOutLimits(ctx.flags),
      open(conn) {
        welcome(conn, undefined);
      },
      line(conn, text) {
        const line = text.trim();
        if (line === "") return; // an empty line (Enter pressed twice) asks nothing
        let bucket = buckets.get(conn);
        if (bucket === undefined) {
          bucket = new TokenBucket(rate, Date.now());
          buckets.set(conn, bucket);
        }
        const admission = bucket.admit(Date.now());
        if (admission === "kick") {
          refuse(conn, "rate_limited", msg.chatKickedFlood(FLOOD_KICK_MS / 1000));
          return conn.end(msg.chatReasonFlood);
        }
        if (admission === "warn") return refuse(conn, "rate_limited", msg.chatSlowDown(rate.rate));
        if (admission === "drop") return;
        // A player joins with its first line, not its connection: a browser's request or a
        // connection that never says a word is never announced (the core answers the first and
        // closes the second at --join-timeout).
        const player = rules.player(conn.id) ?? join(conn);
        if (line.startsWith("/")) command(conn, player, line);
        else guess(conn, player, line);
      },
      // A player's departure is logged with its name (below); a silent connection's by the core.
      logsDeparture: (conn) => rules.player(conn.id) !== undefined,
      close(conn, reason) {
        audience.forget(conn);
        buckets.delete(conn);
        const player = rules.leave(conn.id);
        if (!player) return;
        const online = rules.playerCount;
        log.info(msg.gameLogLeave(label(player), conn.id, reason));
        audience.broadcast(
          clients,
          { type: "leave", at: Date.now(), nick: label(player), reason, online },
          msg.gameLeft(label(player), online),
        );
      },
      goodbye(conn) {
        const text = msg.serverClosing;
        return audience.isJson(conn)
          ? encodeEvent({ type: "system", at: Date.now(), text })
          : `${text}\n`;
      },
      stop() {
        clearTimeout(nextRound);
        nextRound = undefined;
      },
    };
  },
};

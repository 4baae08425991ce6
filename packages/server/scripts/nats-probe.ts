// Proves the NATS client works under this Bun (and compiled): connect, pub/sub, KV, reconnect.
// Usage: bun packages/server/scripts/nats-probe.ts PORT  (a nats-server -js must listen on 127.0.0.1:PORT; the
// probe prints "RESTART-NOW" and waits for it to come back on the same port).
import { Kvm } from "@nats-io/kv";
import { connect } from "@nats-io/transport-node";

const port = Number(process.argv[2]);
const t0 = performance.now();
const nc = await connect({
  servers: `127.0.0.1:${port}`,
  maxReconnectAttempts: -1,
  reconnectTimeWait: 200,
});
console.log(`connected ${(performance.now() - t0).toFixed(1)}ms`);
const sub = nc.subscribe("probe.x");
nc.publish("probe.x", "hello");
for await (const m of sub) {
  console.log(`pubsub ok: ${m.string()}`);
  break;
}
const kvm = new Kvm(nc);
const kv = await kvm.create("probe", { ttl: 5000 });
const r1 = await kv.create("nick.alice", "s1");
let dup = "no error";
try {
  await kv.create("nick.alice", "s2");
} catch (e) {
  dup = `refused: ${(e as Error).message}`;
}
await kv.put("nick.bob", "s1");
const got = await kv.get("nick.alice");
await kv.delete("nick.alice");
const after = await kv.get("nick.alice");
console.log(
  `kv create rev=${r1} dup=${dup} get=${got?.string()} afterDelete op=${after?.operation}`,
);
const recreate = await kv.create("nick.alice", "s3").then(
  () => "ok",
  (e) => String(e),
);
console.log(`kv create after delete: ${recreate}`);
(async () => {
  for await (const s of nc.status()) console.log(`status ${s.type}`);
})();
console.log("RESTART-NOW");
const sub2 = nc.subscribe("probe.y");
const iv = setInterval(() => nc.publish("probe.y", "again"), 100);
for await (const m of sub2) {
  console.log(`pubsub after restart ok: ${m.string()}`);
  break;
}
clearInterval(iv);
await nc.drain();
console.log("done");

// UDP peers for end-to-end tests: a Python client written the way the lab's seeds write them
// (socket.socket(AF_INET, SOCK_DGRAM), sendto, recvfrom), and an in-process Bun.udpSocket peer
// that collects datagrams with a deadline, so a test fails with a message instead of hanging.

/** The seed-style client: sends each payload as one datagram, then prints the size and hex of
 * each of the first `replies` datagrams that come back (5 s each at most). */
const PYTHON_CLIENT = `
import json, socket, sys
port, replies = int(sys.argv[1]), int(sys.argv[2])
raw = sys.stdin.read().split(",")
payloads = [b"" if h == "-" else bytes.fromhex(h) for h in raw if h != ""]
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(5)
for payload in payloads:
    client.sendto(payload, ("127.0.0.1", port))
got = []
try:
    for _ in range(replies):
        data, address = client.recvfrom(65535)
        got.append(data.hex())
except socket.timeout:
    pass
client.close()
print(json.dumps(got))
`;

/** Runs the Python client against 127.0.0.1:`port`; resolves to the datagrams received, in order
 * (fewer than `replies` if some never came within 5 s). */
export async function pythonUdp(
  port: number,
  payloads: Uint8Array[],
  replies: number,
): Promise<Uint8Array[]> {
  // "-" stands for an empty datagram (an empty hex string would be lost in the split).
  const input = payloads.map((p) => (p.length === 0 ? "-" : Buffer.from(p).toString("hex")));
  const proc = Bun.spawn(["python3", "-c", PYTHON_CLIENT, String(port), String(replies)], {
    stdin: new TextEncoder().encode(input.join(",")),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`python client failed (${code}): ${err}`);
  return (JSON.parse(out) as string[]).map((hex) => new Uint8Array(Buffer.from(hex, "hex")));
}

export interface UdpPeer {
  readonly port: number;
  send(data: string | Uint8Array): void;
  /** The next datagram (in arrival order), or throws after `ms`. */
  next(ms?: number): Promise<Uint8Array>;
  close(): void;
}

/** An in-process UDP peer talking to 127.0.0.1:`port`. */
export async function udpPeer(port: number): Promise<UdpPeer> {
  const queue: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  const socket = await Bun.udpSocket({
    hostname: "127.0.0.1",
    connect: { hostname: "127.0.0.1", port },
    socket: {
      data(_socket, bytes) {
        queue.push(new Uint8Array(bytes)); // a copy: Bun reuses its receive buffer
        wake?.();
      },
      error() {},
    },
  });
  return {
    port: socket.port,
    send(data) {
      socket.send(data);
    },
    async next(ms = 3000) {
      const deadline = Date.now() + ms;
      while (queue.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no datagram within ${ms} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return queue.shift() as Uint8Array;
    },
    close() {
      socket.close();
    },
  };
}

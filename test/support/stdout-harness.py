# Runs a server with its stdout on a pipe or a pseudo-terminal that this script controls, for
# the tests of a console that goes away (test/logger.test.ts) or stops reading (inspect).
#
#   python3 stdout-harness.py close|pty|stuck|stuck-socket COMMAND...
#
# Prints {"pid", "port"} once the server printed its port, then:
#   close  closes the pipe's read end (like `| head -1`): the server's next write gets EPIPE;
#   pty    closes the terminal's master side: the next write gets EIO (no SIGHUP: the server
#          runs in its own session, like a job whose terminal window was closed);
#   stuck  never reads, until a line "drain" on stdin: then reads everything and counts the
#          bytes inspect says it dumped (the "N bytes" of each dump header);
#   stuck-socket  the same with a socket pair instead of a pipe (what Bun.spawn and systemd
#          give a child as its stdout).
# Prints {"code"} when the server exits (and {"dumped", "dropped"} for stuck). The server's
# stderr is this script's stderr.
import json, os, re, socket, subprocess, sys, threading

kind, command = sys.argv[1], sys.argv[2:]
if kind == "pty":
    r, w = os.openpty()
elif kind == "stuck-socket":
    ours, theirs = socket.socketpair()
    r, w = ours.detach(), theirs.detach()
else:
    r, w = os.pipe()
server = subprocess.Popen(command, stdout=w, stdin=subprocess.DEVNULL, start_new_session=True)
os.close(w)

seen = b""
while not re.search(rb"127\.0\.0\.1:(\d+)\r?\n", seen):
    chunk = os.read(r, 4096)
    if not chunk:
        sys.exit("server exited before printing its port")
    seen += chunk
port = int(re.search(rb"127\.0\.0\.1:(\d+)", seen).group(1))
print(json.dumps({"pid": server.pid, "port": port}), flush=True)

HEADER = re.compile(rb"\] client #\d+: (\d+) bytes?\n")
result = {}
if kind in ("close", "pty"):
    os.close(r)
else:
    sys.stdin.readline()  # "drain"
    def drain():
        dumped, dropped, tail = 0, False, seen
        while True:
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            data = tail + chunk
            # A header may be cut by the read: keep the last partial line for the next one.
            cut = data.rfind(b"\n") + 1
            dumped += sum(int(m.group(1)) for m in HEADER.finditer(data, 0, cut))
            dropped = dropped or b"dropped" in data[:cut]
            tail = data[cut:]
        result.update(dumped=dumped, dropped=dropped)
    reader = threading.Thread(target=drain)
    reader.start()
code = server.wait()
if kind.startswith("stuck"):
    reader.join()
print(json.dumps({"code": code, **result}), flush=True)

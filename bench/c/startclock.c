/* Timer for `bun run bench start`: forks and execs a server command, reads its stdout until it
 * prints its port ("127.0.0.1:N" or "port N"), connects, sends one byte and waits for the echo.
 * Prints {"printed_ms":…,"echo_ms":…} measured from just before fork, then stops the server.
 * Usage: startclock -- command args… (the server stays in our process group, so the harness's
 * group kill reaches it, and `bun run`'s child, if anything goes wrong). */
#include "common.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

/* A server that has not answered within this long has failed to start. */
#define TIMEOUT_MS 10000

static int find_port(const char *text) {
  const char *at = strstr(text, "127.0.0.1:");
  if (at) return atoi(at + 10);
  at = strstr(text, "port ");
  if (at && at[5] >= '0' && at[5] <= '9') {
    const char *end = at + 5;
    while (*end >= '0' && *end <= '9') end++;
    if (*end == '\n') return atoi(at + 5);
  }
  return 0;
}

static int remaining_ms(uint64_t deadline) {
  uint64_t now = now_ns();
  return now >= deadline ? 0 : (int)((deadline - now) / 1000000);
}

int main(int argc, char **argv) {
  int first = 1;
  while (first < argc && strcmp(argv[first], "--") != 0) first++;
  if (first + 1 >= argc) {
    fprintf(stderr, "usage: startclock -- command args...\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int out[2];
  if (pipe(out) != 0) return 1;
  uint64_t began = now_ns();
  uint64_t deadline = began + (uint64_t)TIMEOUT_MS * 1000000ull;
  pid_t child = fork();
  if (child == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    execvp(argv[first + 1], argv + first + 1);
    _exit(127);
  }
  close(out[1]);
  char text[8192];
  size_t len = 0;
  int port = 0;
  while (port == 0 && len < sizeof text - 1) {
    struct pollfd p = {.fd = out[0], .events = POLLIN};
    if (poll(&p, 1, remaining_ms(deadline)) <= 0) break;
    ssize_t n = read(out[0], text + len, sizeof text - 1 - len);
    if (n <= 0) break;
    len += (size_t)n;
    text[len] = 0;
    port = find_port(text);
  }
  uint64_t printed = now_ns();
  int ok = 0;
  if (port > 0) {
    int fd = connect_loopback(port);
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (fd >= 0 && poll(&p, 1, remaining_ms(deadline)) == 1 && socket_error(fd) == 0 &&
        write(fd, "x", 1) == 1) {
      p.events = POLLIN;
      char byte;
      ok = poll(&p, 1, remaining_ms(deadline)) == 1 && read(fd, &byte, 1) == 1 && byte == 'x';
    }
    if (fd >= 0) close(fd);
  }
  uint64_t echoed = now_ns();
  if (ok)
    printf("{\"printed_ms\":%.3f,\"echo_ms\":%.3f}\n", (double)(printed - began) / 1e6,
           (double)(echoed - began) / 1e6);
  else
    printf("{\"error\":\"no echo (port %d)\"}\n", port);
  fflush(stdout);
  /* Stop the server and anything it started; we ignore the signal ourselves. */
  signal(SIGTERM, SIG_IGN);
  kill(0, SIGTERM);
  waitpid(child, NULL, 0);
  return ok ? 0 : 1;
}

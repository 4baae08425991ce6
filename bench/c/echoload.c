/* Load generator for `bun run bench echo`: many connections per thread on epoll, each keeping
 * `--depth` messages of `--size` bytes in flight, verifying every byte that comes back.
 * Prints one JSON line: completed messages and bytes in the timed window, errors, lost
 * messages, its own CPU time, and a latency histogram (message sent -> last byte back). */
#include "common.h"

#include <signal.h>
#include <sys/epoll.h>

/* The byte stream of connection i is a pseudo-random pattern of prime length read from offset
 * i * 7919: cheap to verify with memcmp, and a shifted, duplicated or lost chunk never matches. */
#define PATLEN 65521
#define CHUNK (64 * 1024)
#define MAX_DEPTH 64
#define MAX_EVENTS 512

typedef struct {
  int fd;
  int alive;
  int writing; /* EPOLLOUT is armed */
  uint32_t seed;
  uint64_t sent, received;
  uint64_t started, done;
  uint64_t start_ns[MAX_DEPTH];
} conn;

static unsigned char pattern[PATLEN + 2 * CHUNK];
static unsigned char rbuf[CHUNK];
static histogram hist;
static int epfd;
static long size, depth;
static int stopping;
static uint64_t window_start, window_end;
static uint64_t msgs, bytes, errors;

static void set_events(conn *c, int writing) {
  if (c->writing == writing) return;
  c->writing = writing;
  struct epoll_event ev = {.events = EPOLLIN | (writing ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void fail(conn *c) {
  if (!c->alive) return;
  c->alive = 0;
  errors++;
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
}

/* Starts messages up to the depth, then writes as much of them as the kernel takes. */
static void pump(conn *c, uint64_t now) {
  while (!stopping && c->started < c->done + (uint64_t)depth) {
    c->start_ns[c->started % (uint64_t)depth] = now;
    c->started++;
  }
  uint64_t target = c->started * (uint64_t)size;
  while (c->sent < target) {
    size_t len = target - c->sent < CHUNK ? (size_t)(target - c->sent) : CHUNK;
    ssize_t n = write(c->fd, pattern + (c->sent + c->seed) % PATLEN, len);
    if (n < 0) {
      if (errno == EAGAIN) {
        set_events(c, 1);
        return;
      }
      fail(c);
      return;
    }
    c->sent += (uint64_t)n;
  }
  set_events(c, 0);
}

static void on_readable(conn *c, uint64_t now) {
  ssize_t n = read(c->fd, rbuf, sizeof rbuf);
  if (n <= 0) {
    if (n < 0 && errno == EAGAIN) return;
    fail(c); /* the server closed or reset a connection that still expected bytes */
    return;
  }
  if (c->received + (uint64_t)n > c->sent ||
      memcmp(rbuf, pattern + (c->received + c->seed) % PATLEN, (size_t)n) != 0) {
    fail(c); /* more bytes than we sent, or not the bytes we sent */
    return;
  }
  c->received += (uint64_t)n;
  while (c->received >= (c->done + 1) * (uint64_t)size) {
    uint64_t began = c->start_ns[c->done % (uint64_t)depth];
    c->done++;
    if (began >= window_start && now <= window_end) {
      hist_add(&hist, (now - began) / 1000);
      msgs++;
      bytes += (uint64_t)size;
    }
  }
  pump(c, now);
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  raise_fd_limit();
  int port = (int)arg_long(argc, argv, "--port", 0);
  long nconns = arg_long(argc, argv, "--conns", 50);
  size = arg_long(argc, argv, "--size", 64);
  depth = arg_long(argc, argv, "--depth", 1);
  double seconds = arg_double(argc, argv, "--seconds", 2);
  double warmup = arg_double(argc, argv, "--warmup", 0.5);
  double drain = arg_double(argc, argv, "--drain", 2);
  if (port <= 0 || nconns < 1 || size < 1 || size > 16 * CHUNK || depth < 1 || depth > MAX_DEPTH) {
    fprintf(stderr, "usage: echoload --port P [--conns N --size B --depth D --seconds S]\n");
    return 2;
  }
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < sizeof pattern; i++) {
    if (i < PATLEN) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      pattern[i] = (unsigned char)(x >> 32);
    } else {
      pattern[i] = pattern[i - PATLEN];
    }
  }

  epfd = epoll_create1(0);
  conn *conns = calloc((size_t)nconns, sizeof *conns);
  long connected = 0;
  for (long i = 0; i < nconns; i++) {
    conn *c = &conns[i];
    c->fd = connect_loopback(port);
    c->seed = (uint32_t)((i * 7919) % PATLEN);
    if (c->fd < 0) {
      errors++;
      continue;
    }
    c->alive = 1;
    c->writing = 1;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
  }
  /* Wait until every connect finished, so the timed window holds no handshakes. */
  uint64_t deadline = now_ns() + 5000000000ull;
  struct epoll_event events[MAX_EVENTS];
  while (connected < nconns - (long)errors && now_ns() < deadline) {
    int count = epoll_wait(epfd, events, MAX_EVENTS, 100);
    for (int i = 0; i < count; i++) {
      conn *c = events[i].data.ptr;
      if (!c->alive || !c->writing) continue;
      if (socket_error(c->fd) != 0) fail(c);
      else {
        set_events(c, 0);
        connected++;
      }
    }
  }

  struct rusage before;
  getrusage(RUSAGE_SELF, &before);
  uint64_t begin = now_ns();
  window_start = begin + (uint64_t)(warmup * 1e9);
  window_end = window_start + (uint64_t)(seconds * 1e9);
  for (long i = 0; i < nconns; i++)
    if (conns[i].alive) pump(&conns[i], begin);

  uint64_t drain_end = window_end + (uint64_t)(drain * 1e9);
  for (;;) {
    uint64_t now = now_ns();
    if (!stopping && now >= window_end) stopping = 1;
    if (stopping) {
      int busy = 0;
      for (long i = 0; i < nconns && !busy; i++)
        busy = conns[i].alive && conns[i].done < conns[i].started;
      if (!busy || now >= drain_end) break;
    }
    int count = epoll_wait(epfd, events, MAX_EVENTS, 10);
    now = now_ns();
    for (int i = 0; i < count; i++) {
      conn *c = events[i].data.ptr;
      if (!c->alive) continue;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c, now);
      if (c->alive && (events[i].events & EPOLLOUT)) pump(c, now);
    }
  }
  struct rusage after;
  getrusage(RUSAGE_SELF, &after);
  double cpu = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
               (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
               (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
               (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  uint64_t lost = 0;
  for (long i = 0; i < nconns; i++) lost += conns[i].started - conns[i].done;
  double wall = (double)(now_ns() - begin) / 1e9;
  printf("{\"conns\":%ld,\"connected\":%ld,\"seconds\":%.3f,\"msgs\":%llu,\"bytes\":%llu,"
         "\"errors\":%llu,\"lost\":%llu,\"cpu\":%.3f,\"wall\":%.3f,\"hist\":",
         nconns, connected, seconds, (unsigned long long)msgs, (unsigned long long)bytes,
         (unsigned long long)errors, (unsigned long long)lost, cpu, wall);
  hist_print_json(&hist, stdout);
  printf("}\n");
  return 0;
}

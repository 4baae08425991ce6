/* Shared by the benchmark's C load generators: monotonic clock, a log-linear latency histogram,
 * the file-descriptor limit, and small helpers. Compiled at bench time (bench/lib/build.ts). */
#ifndef SOCKLAB_BENCH_COMMON_H
#define SOCKLAB_BENCH_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Latencies in microseconds: exact below 1024 us, then 512 sub-buckets per power of two
 * (0.2 % precision) up to 2^40 us, so one array of ~17k counters covers every latency. */
#define HIST_LINEAR 1024
#define HIST_SUB 512
#define HIST_BUCKETS (HIST_LINEAR + 31 * HIST_SUB)

typedef struct {
  uint64_t counts[HIST_BUCKETS];
  uint64_t total;
} histogram;

static inline int hist_index(uint64_t us) {
  if (us < HIST_LINEAR) return (int)us;
  int e = 63 - __builtin_clzll(us); /* e >= 10 */
  int shift = e - 9;
  int index = HIST_LINEAR + (e - 10) * HIST_SUB + (int)((us >> shift) - HIST_SUB);
  return index < HIST_BUCKETS ? index : HIST_BUCKETS - 1;
}

static inline uint64_t hist_value(int index) {
  if (index < HIST_LINEAR) return (uint64_t)index;
  int e = (index - HIST_LINEAR) / HIST_SUB + 10;
  int sub = (index - HIST_LINEAR) % HIST_SUB;
  return (uint64_t)(sub + HIST_SUB) << (e - 9);
}

static inline void hist_add(histogram *h, uint64_t us) {
  h->counts[hist_index(us)]++;
  h->total++;
}

/* Prints the non-empty buckets as [[microseconds, count], ...]: the harness merges the
 * histograms of several runs before taking percentiles. */
static inline void hist_print_json(const histogram *h, FILE *out) {
  fputc('[', out);
  int first = 1;
  for (int i = 0; i < HIST_BUCKETS; i++) {
    if (h->counts[i] == 0) continue;
    fprintf(out, "%s[%llu,%llu]", first ? "" : ",", (unsigned long long)hist_value(i),
            (unsigned long long)h->counts[i]);
    first = 0;
  }
  fputc(']', out);
}

/* Raises the soft descriptor limit to the hard one; returns the limit now in force. */
static inline long raise_fd_limit(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return (long)rl.rlim_cur;
}

static inline void set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static inline void set_nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* A non-blocking TCP socket connecting to 127.0.0.1:port (the benchmark never leaves loopback). */
static inline int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  set_nodelay(fd);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

static inline int socket_error(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  return err;
}

static inline long arg_long(int argc, char **argv, const char *name, long fallback) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return strtol(argv[i + 1], NULL, 10);
  return fallback;
}

static inline double arg_double(int argc, char **argv, const char *name, double fallback) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return strtod(argv[i + 1], NULL);
  return fallback;
}

static inline int arg_flag(int argc, char **argv, const char *name) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], name) == 0) return 1;
  return 0;
}

#endif

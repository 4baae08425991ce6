/* UDP ping-pong load for `bun run bench echo`: N connected UDP sockets, each with one datagram
 * in flight; every reply is checked byte for byte against what that socket sent. A datagram not
 * back within --timeout is counted lost and the socket sends the next. Prints one JSON line
 * like echoload's: round trips in the window, bytes, errors (wrong bytes), lost, CPU, histogram. */
#include "common.h"

#include <sys/epoll.h>

#define MAX_EVENTS 256
#define MAX_SIZE 1400

typedef struct {
  int fd;
  uint64_t seq;
  uint64_t sent_at;
  int waiting;
  unsigned char out[MAX_SIZE];
} sock;

static long size;

static void fill(sock *s, long index) {
  memset(s->out, 'a' + (int)(index % 26), (size_t)size);
  memcpy(s->out, &s->seq, sizeof s->seq);
  memcpy(s->out + 8, &index, sizeof index);
}

int main(int argc, char **argv) {
  int port = (int)arg_long(argc, argv, "--port", 0);
  long n = arg_long(argc, argv, "--conns", 50);
  size = arg_long(argc, argv, "--size", 64);
  double seconds = arg_double(argc, argv, "--seconds", 2);
  double warmup = arg_double(argc, argv, "--warmup", 0.3);
  double timeout = arg_double(argc, argv, "--timeout", 0.2);
  if (port <= 0 || n < 1 || size < 16 || size > MAX_SIZE) {
    fprintf(stderr, "usage: udpload --port P [--conns N --size B (16-1400) --seconds S]\n");
    return 2;
  }
  raise_fd_limit();
  int epfd = epoll_create1(0);
  sock *socks = calloc((size_t)n, sizeof *socks);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (long i = 0; i < n; i++) {
    socks[i].fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    connect(socks[i].fd, (struct sockaddr *)&addr, sizeof addr);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)i};
    epoll_ctl(epfd, EPOLL_CTL_ADD, socks[i].fd, &ev);
  }
  static histogram hist;
  uint64_t msgs = 0, bytes = 0, errors = 0, lost = 0;
  struct rusage before;
  getrusage(RUSAGE_SELF, &before);
  uint64_t begin = now_ns();
  uint64_t window_start = begin + (uint64_t)(warmup * 1e9);
  uint64_t window_end = window_start + (uint64_t)(seconds * 1e9);
  uint64_t timeout_ns = (uint64_t)(timeout * 1e9);
  for (long i = 0; i < n; i++) {
    fill(&socks[i], i);
    socks[i].sent_at = now_ns();
    socks[i].waiting = send(socks[i].fd, socks[i].out, (size_t)size, 0) == size;
  }
  static unsigned char in[65536];
  struct epoll_event events[MAX_EVENTS];
  uint64_t last_sweep = begin;
  for (;;) {
    uint64_t now = now_ns();
    if (now >= window_end) break;
    int count = epoll_wait(epfd, events, MAX_EVENTS, 10);
    now = now_ns();
    for (int e = 0; e < count; e++) {
      long i = (long)events[e].data.u64;
      sock *s = &socks[i];
      for (;;) {
        ssize_t got = recv(s->fd, in, sizeof in, 0);
        if (got < 0) break;
        if (!s->waiting) continue; /* a late reply to a datagram already counted lost */
        if (got != size || memcmp(in, s->out, (size_t)size) != 0) {
          errors++;
          continue;
        }
        if (s->sent_at >= window_start && now < window_end) {
          msgs++;
          bytes += (uint64_t)got;
          hist_add(&hist, (now - s->sent_at) / 1000);
        }
        s->seq++;
        fill(s, i);
        s->sent_at = now;
        s->waiting = send(s->fd, s->out, (size_t)size, 0) == size;
      }
    }
    if (now - last_sweep > 10000000ull) { /* every 10 ms: the lost ones */
      last_sweep = now;
      for (long i = 0; i < n; i++) {
        sock *s = &socks[i];
        if (s->waiting && now - s->sent_at < timeout_ns) continue;
        if (s->waiting && s->sent_at >= window_start) lost++;
        s->seq++;
        fill(s, i);
        s->sent_at = now;
        s->waiting = send(s->fd, s->out, (size_t)size, 0) == size;
      }
    }
  }
  struct rusage after;
  getrusage(RUSAGE_SELF, &after);
  double cpu = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
               (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
               (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
               (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  double wall = (double)(now_ns() - begin) / 1e9;
  printf("{\"conns\":%ld,\"seconds\":%.3f,\"msgs\":%llu,\"bytes\":%llu,\"errors\":%llu,"
         "\"lost\":%llu,\"cpu\":%.3f,\"wall\":%.3f,\"hist\":",
         n, seconds, (unsigned long long)msgs, (unsigned long long)bytes,
         (unsigned long long)errors, (unsigned long long)lost, cpu, wall);
  hist_print_json(&hist, stdout);
  printf("}\n");
  return 0;
}

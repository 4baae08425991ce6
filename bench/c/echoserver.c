/* The physical limit for `bun run bench echo`: a plain single-threaded epoll echo server in C,
 * as a course would write it, but careful with partial writes. Prints "port N" once listening. */
#include "common.h"

#include <signal.h>
#include <sys/epoll.h>

/* One read per event of at most this much: a few socket buffers' worth. */
#define CHUNK (64 * 1024)
#define MAX_EVENTS 256

typedef struct {
  int fd;
  /* Bytes the kernel refused to take, sent on EPOLLOUT; reading pauses meanwhile, which is the
   * back-pressure a stalled reader needs. */
  char *pending;
  size_t pending_len;
  size_t pending_off;
} conn;

static int epfd;
static char buf[CHUNK];

static void drop(conn *c) {
  close(c->fd);
  free(c->pending);
  free(c);
}

static void watch(conn *c, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is pending; returns 0 when all went, 1 when the kernel is full, -1 on error. */
static int flush_pending(conn *c) {
  while (c->pending_off < c->pending_len) {
    ssize_t n = write(c->fd, c->pending + c->pending_off, c->pending_len - c->pending_off);
    if (n < 0) return errno == EAGAIN ? 1 : -1;
    c->pending_off += (size_t)n;
  }
  free(c->pending);
  c->pending = NULL;
  c->pending_len = c->pending_off = 0;
  return 0;
}

static void on_readable(conn *c) {
  ssize_t n = read(c->fd, buf, sizeof buf);
  if (n == 0 || (n < 0 && errno != EAGAIN)) {
    drop(c);
    return;
  }
  if (n < 0) return;
  ssize_t w = write(c->fd, buf, (size_t)n);
  if (w < 0 && errno != EAGAIN) {
    drop(c);
    return;
  }
  if (w < 0) w = 0;
  if (w < n) {
    c->pending_len = (size_t)(n - w);
    c->pending = malloc(c->pending_len);
    memcpy(c->pending, buf + w, c->pending_len);
    c->pending_off = 0;
    watch(c, EPOLLOUT);
  }
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  raise_fd_limit();
  int port = (int)arg_long(argc, argv, "--port", 0);
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 4096) != 0) {
    perror("echoserver: listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(lfd, (struct sockaddr *)&addr, &len);
  printf("port %d\n", ntohs(addr.sin_port));
  fflush(stdout);

  epfd = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
  struct epoll_event events[MAX_EVENTS];
  for (;;) {
    int count = epoll_wait(epfd, events, MAX_EVENTS, -1);
    for (int i = 0; i < count; i++) {
      conn *c = events[i].data.ptr;
      if (c == NULL) {
        int fd;
        while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          set_nodelay(fd);
          conn *nc = calloc(1, sizeof *nc);
          nc->fd = fd;
          struct epoll_event cev = {.events = EPOLLIN, .data.ptr = nc};
          epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &cev);
        }
        continue;
      }
      if (c->pending != NULL) {
        int r = flush_pending(c);
        if (r < 0) drop(c);
        else if (r == 0) watch(c, EPOLLIN);
        continue;
      }
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
    }
  }
}

/* Load generator for `bun run bench chat` and `memory`: N clients on epoll in one thread, S of
 * them senders writing one line per write(); every client parses what it receives and checks
 * each sender's lines arrive once and in order. Prints one JSON line.
 *
 * A sent line is "~m SENDER SEQ MICROS CHECK": MICROS (send time) gives the delivery latency,
 * CHECK catches a line glued from the pieces of two (a server that drops part of a write). A
 * sender keeps at most --window lines ahead of what an observer client (the last one, never a
 * sender when N > S) has received from it: the servers are driven as fast as they deliver,
 * not buried under an ever-growing queue.
 *
 * --open-loop: no window; each sender writes batches of whole lines (--batch bytes per write)
 * until the kernel refuses, every time its socket is writable: a flood that goes as fast as the
 * server lets TCP take it. After the timed window the senders stop and the backlog already in
 * the kernels' buffers is drained until every reader has every line, nothing arrives for
 * --quiet-ms, or --drain-max passes; lines a reader skipped are counted apart (gaps: surely
 * lost) from the tail still on its way when the drain stopped. --sndbuf (the senders'
 * SO_SNDBUF) and --rcvbuf (every client's SO_RCVBUF) bound that backlog on the generator's side.
 *
 * --port2 P2: every other client (the odd-numbered ones) connects to P2 instead: one room split
 * over two linked servers (chat --cluster), the senders and readers half on each.
 *
 * --idle: connect and join only, wait for quiet, and report the RSS of --server-pid before and
 * after (the memory benchmark). */
#include "common.h"

#include <signal.h>
#include <sys/epoll.h>

#define MAX_EVENTS 1024
#define READ_CHUNK (64 * 1024)
/* Longer than any line the contenders send (a marker line with a prefix is under 100 bytes,
 * socklab's longest sentences a few hundred); a longer one is counted as garbled. */
#define LINE_CAP 4096
/* Connections being set up at once (--connect-batch). ncat's listen backlog is 10: past it the
 * kernel drops the handshake's last ACK, the client believes it is connected, and ncat accepts
 * it only seconds later, after the benchmark has started; so ncat gets 8 and --greeting. */
#define CONNECT_BATCH 128
static long connect_batch = CONNECT_BATCH;
/* A sender whose window has not opened for this long (a second: far above any delivery
 * latency of a working server) sends anyway (its line to the observer
 * was lost): a lossy server must not stop the benchmark. */
#define STALL_NS 1000000000ull
/* Room for one open-loop batch (--batch is capped to it); a closed-loop line is under 100 bytes. */
#define PENDING_CAP 8192
/* Open loop: batches one sender writes per turn of the event loop at most, so that a server
 * taking everything at once cannot keep the generator from reading (64 KiB of lines per sender
 * per turn at the default batch). */
#define TURN_BATCHES 16
/* One line's longest form: "~m S Q MICROS CHECK\n". */
#define LINE_MAX_LEN 96

typedef struct {
  int fd;
  int state; /* 0 unused, 1 connecting, 2 open, 3 closed */
  int writing;
  int greeted; /* has received its first byte: the server has surely accepted it */
  char line[LINE_CAP + 1]; /* + its terminating NUL, for sscanf */
  int line_len;
  int overlong;
  /* A sender's line(s) the kernel did not take whole (closed loop: one line, rare, only when the
   * server stops reading; open loop: the rest of a batch, the normal case). */
  char pending[PENDING_CAP];
  int pending_len, pending_off;
  uint64_t last_read_ns; /* open loop: its last read with bytes, inside the timed window */
} client;

static client *clients;
static long nclients, nsenders, window_lines;
static int open_loop;
static long batch_bytes = 4096;
/* Lines sent inside the timed window (the senders' achieved rate), and lines a reader never got
 * while it got later ones from the same sender (surely dropped by the server). */
static uint64_t sent_in_window, gaps;
/* Clients the server closed that were only readers (the target: none). */
static uint64_t closed_readers;
/* Open loop: the longest time between two reads of one client inside the timed window. Every
 * client has bytes waiting all through a flood, so this is how long the generator itself left a
 * reader unread: the evidence that a reader the server cut was still reading. */
static uint64_t max_read_gap_ns;
static int epfd;
static int measuring;
static uint64_t t0, window_start, window_end;
static histogram hist;
/* Per sender: lines sent, next sequence number the observer expects, when it last sent. */
static uint64_t *sent, *observed, *last_send;
/* received[r * S + s]: lines from sender s received in order by client r. */
static uint32_t *received;
static uint64_t deliveries, delivered_total, garbled, order_errors, closed_by_server, stalls,
    connect_failures;
static uint64_t last_byte_ns;
/* Connections set up but not yet known to be accepted (see CONNECT_BATCH). */
static long inflight;
static int await_greeting;
static int tearing_down;
/* --sndbuf: the senders' SO_SNDBUF; --rcvbuf: every client's SO_RCVBUF (0: the kernel's
 * autotuning, which on loopback grows a busy reader's buffer to megabytes). */
static int sndbuf_bytes, rcvbuf_bytes;

static uint32_t check_of(uint64_t s, uint64_t q, uint64_t t) { return (uint32_t)((s * 31 + q * 17 + t) % 9973); }

static void set_writing(client *c, int writing) {
  if (c->writing == writing) return;
  c->writing = writing;
  struct epoll_event ev = {.events = EPOLLIN | (writing ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void close_client(client *c) {
  if (c->state == 3) return;
  if (c->state == 2 || c->state == 1) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
  }
  c->state = 3;
}

static void on_line(long r, const char *text, int len) {
  if (!measuring) return;
  const char *at = memmem(text, (size_t)len, "~m ", 3);
  if (at == NULL) return; /* a join, a system line, ncat's announcements */
  unsigned long long s, q, t, check;
  int used = 0;
  if (sscanf(at, "~m %llu %llu %llu %llu%n", &s, &q, &t, &check, &used) != 4 ||
      at + used != text + len || s >= (unsigned long long)nsenders || check != check_of(s, q, t)) {
    garbled++;
    return;
  }
  if ((long)s == r) return; /* a server echoing the sender's own line: not a delivery */
  uint32_t *got = &received[r * nsenders + (long)s];
  if (q < *got) {
    order_errors++; /* a duplicate, or a line from before a gap: out of order */
    return;
  }
  /* q > *got: lines in between never came; they stay missing (counted as lost at the end). */
  gaps += q - *got;
  *got = (uint32_t)q + 1;
  delivered_total++;
  uint64_t now = now_ns();
  if (now >= window_start && now < window_end) {
    deliveries++;
    uint64_t now_us = (now - t0) / 1000;
    hist_add(&hist, now_us > t ? now_us - t : 0);
  }
  if (r == nclients - 1 && q + 1 > observed[s]) observed[s] = q + 1;
}

static void on_readable(client *c) {
  static char buf[READ_CHUNK];
  ssize_t n = read(c->fd, buf, sizeof buf);
  if (n <= 0) {
    if (n < 0 && errno == EAGAIN) return;
    if (!tearing_down) {
      closed_by_server++;
      if (c - clients >= nsenders) closed_readers++;
    }
    close_client(c);
    return;
  }
  last_byte_ns = now_ns();
  if (open_loop && measuring && last_byte_ns >= window_start && last_byte_ns < window_end) {
    if (c->last_read_ns != 0 && last_byte_ns - c->last_read_ns > max_read_gap_ns)
      max_read_gap_ns = last_byte_ns - c->last_read_ns;
    c->last_read_ns = last_byte_ns;
  }
  if (!c->greeted) {
    c->greeted = 1;
    if (await_greeting) inflight--;
  }
  long r = c - clients;
  for (ssize_t i = 0; i < n;) {
    char *nl = memchr(buf + i, '\n', (size_t)(n - i));
    ssize_t end = nl ? nl - buf : n;
    ssize_t piece = end - i;
    if (c->line_len + piece > LINE_CAP) {
      c->overlong = 1;
      c->line_len = 0;
    } else {
      memcpy(c->line + c->line_len, buf + i, (size_t)piece);
      c->line_len += (int)piece;
    }
    if (nl == NULL) break;
    int len = c->line_len;
    if (len > 0 && c->line[len - 1] == '\r') len--;
    c->line[len] = 0;
    if (c->overlong) garbled += measuring ? 1 : 0;
    else on_line(r, c->line, len);
    c->overlong = 0;
    c->line_len = 0;
    i = end + 1;
  }
}

static void flush_pending(client *c) {
  while (c->pending_off < c->pending_len) {
    ssize_t n = write(c->fd, c->pending + c->pending_off, (size_t)(c->pending_len - c->pending_off));
    if (n < 0) {
      if (errno == EAGAIN) {
        set_writing(c, 1);
        return;
      }
      close_client(c);
      return;
    }
    c->pending_off += (int)n;
  }
  c->pending_len = c->pending_off = 0;
  set_writing(c, 0);
}

/* Appends sender s's next line to its pending buffer at `now`; returns its length. */
static int append_line(client *c, long s, uint64_t now) {
  uint64_t t = (now - t0) / 1000;
  int len = snprintf(c->pending + c->pending_len, sizeof c->pending - (size_t)c->pending_len,
                     "~m %ld %llu %llu %u\n", s, (unsigned long long)sent[s],
                     (unsigned long long)t, check_of((uint64_t)s, sent[s], t));
  c->pending_len += len;
  sent[s]++;
  if (now >= window_start && now < window_end) sent_in_window++;
  last_send[s] = now;
  return len;
}

/* Open loop: each sender writes batches of whole lines until the kernel refuses (EAGAIN leaves
 * the rest pending and arms EPOLLOUT) or it has written TURN_BATCHES this turn. */
static void flood_lines(uint64_t now) {
  for (long s = 0; s < nsenders; s++) {
    client *c = &clients[s];
    for (int b = 0; b < TURN_BATCHES && c->state == 2; b++) {
      if (c->pending_len > 0) {
        flush_pending(c);
        if (c->pending_len > 0) break; /* the kernel is full: wait for EPOLLOUT */
      }
      while (c->pending_len + LINE_MAX_LEN <= batch_bytes) append_line(c, s, now);
      c->pending_off = 0;
      flush_pending(c);
      if (c->pending_len > 0) break;
    }
  }
}

/* Each sender sends what its window allows, one write() per line. */
static void send_lines(uint64_t now) {
  if (open_loop) {
    flood_lines(now);
    return;
  }
  for (long s = 0; s < nsenders; s++) {
    client *c = &clients[s];
    if (c->state != 2) continue;
    while (c->pending_len == 0) {
      if (sent[s] >= observed[s] + (uint64_t)window_lines) {
        if (now - last_send[s] < STALL_NS) break;
        stalls++;
        observed[s] = sent[s];
      }
      c->pending_len = 0;
      c->pending_off = 0;
      append_line(c, s, now);
      flush_pending(c);
      if (c->state != 2) break;
    }
  }
}

static void poll_once(int timeout_ms) {
  struct epoll_event events[MAX_EVENTS];
  int count = epoll_wait(epfd, events, MAX_EVENTS, timeout_ms);
  for (int i = 0; i < count; i++) {
    client *c = events[i].data.ptr;
    if (c->state == 2) {
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
      if (c->state == 2 && (events[i].events & EPOLLOUT)) flush_pending(c);
    }
  }
}

/* One "NAME: N kB" field of /proc/PID/status (VmRSS, RssAnon, RssFile), or -1. */
static long status_kb(long pid, const char *name) {
  if (pid <= 0) return -1;
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/status", pid);
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  char row[256];
  long kb = -1;
  size_t len = strlen(name);
  while (fgets(row, sizeof row, f))
    if (strncmp(row, name, len) == 0 && row[len] == ':') {
      kb = strtol(row + len + 1, NULL, 10);
      break;
    }
  fclose(f);
  return kb;
}

static long rss_kb(long pid) { return status_kb(pid, "VmRSS"); }

/* Opens every client, CONNECT_BATCH at a time; each sends its nickname once connected. With
 * --greeting (servers that greet: socklab, ncat), a client stays in the batch until the
 * server's first bytes prove it was accepted. */
static long connect_all(int port, int port2, int nick, uint64_t deadline) {
  long next = 0, open = 0;
  while ((next < nclients || inflight > 0) && now_ns() < deadline) {
    while (next < nclients && inflight < connect_batch) {
      client *c = &clients[next];
      c->fd = connect_loopback(port2 > 0 && next % 2 == 1 ? port2 : port);
      next++;
      if (c->fd < 0) {
        connect_failures++;
        c->state = 3;
        continue;
      }
      if (rcvbuf_bytes > 0) setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf_bytes, sizeof rcvbuf_bytes);
      c->state = 1;
      c->writing = 1;
      struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
      epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
      inflight++;
    }
    struct epoll_event events[MAX_EVENTS];
    int count = epoll_wait(epfd, events, MAX_EVENTS, 50);
    for (int i = 0; i < count; i++) {
      client *c = events[i].data.ptr;
      if (c->state == 1) {
        if (!(events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) continue;
        if (socket_error(c->fd) != 0) {
          inflight--;
          connect_failures++;
          close_client(c);
          continue;
        }
        if (!await_greeting) inflight--;
        c->state = 2;
        open++;
        if (sndbuf_bytes > 0 && c - clients < nsenders)
          setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf_bytes, sizeof sndbuf_bytes);
        if (nick) {
          c->pending_len = snprintf(c->pending, sizeof c->pending, "b%ld\n", (long)(c - clients));
          c->pending_off = 0;
          c->writing = 1; /* armed above; flush_pending clears it */
          flush_pending(c);
        } else {
          set_writing(c, 0);
        }
      } else if (c->state == 2) {
        int greeted = c->greeted;
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
        if (c->state == 3 && !greeted && await_greeting) inflight--; /* closed before a word */
        if (c->state == 2 && (events[i].events & EPOLLOUT)) flush_pending(c);
      }
    }
  }
  return open;
}

/* True once every open reader has every other sender's lines (open loop: the backlog is out). */
static int all_delivered(void) {
  for (long r = 0; r < nclients; r++) {
    if (clients[r].state != 2) continue;
    for (long s = 0; s < nsenders; s++)
      if (s != r && received[r * nsenders + s] < sent[s]) return 0;
  }
  return 1;
}

/* Open loop, after the window: reads until every line is delivered (returns 0), nothing arrived
 * for quiet_ms (1: what is missing is not coming), or the deadline (2: it may still be queued). */
static int drain(double quiet_ms, uint64_t deadline) {
  last_byte_ns = now_ns();
  uint64_t checked = 0;
  for (;;) {
    uint64_t now = now_ns();
    if (now - checked > 10000000ull) { /* every 10 ms: the check walks readers × senders */
      checked = now;
      if (all_delivered()) return 0;
    }
    if (now - last_byte_ns >= (uint64_t)(quiet_ms * 1e6)) return all_delivered() ? 0 : 1;
    if (now >= deadline) return all_delivered() ? 0 : 2;
    poll_once(5);
  }
}

/* Reads until nothing arrived for quiet_ms (joins announced, history replayed), or max. */
static void settle(double quiet_ms, uint64_t deadline) {
  last_byte_ns = now_ns();
  while (now_ns() < deadline && now_ns() - last_byte_ns < (uint64_t)(quiet_ms * 1e6)) poll_once(20);
}

/* Half-closes every client and reads until the server closes each: closing with unread bytes
 * would send a reset, and ncat quits on a reset ("getpeername failed"), ending the benchmark. */
static void teardown(uint64_t deadline) {
  tearing_down = 1;
  long open = 0;
  for (long i = 0; i < nclients; i++) {
    if (clients[i].state != 2) continue;
    shutdown(clients[i].fd, SHUT_WR);
    open++;
  }
  while (now_ns() < deadline) {
    open = 0;
    for (long i = 0; i < nclients && open == 0; i++) open += clients[i].state == 2;
    if (open == 0) break;
    poll_once(20);
  }
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  long fd_limit = raise_fd_limit();
  int port = (int)arg_long(argc, argv, "--port", 0);
  int port2 = (int)arg_long(argc, argv, "--port2", 0);
  nclients = arg_long(argc, argv, "--clients", 100);
  nsenders = arg_long(argc, argv, "--senders", 10);
  window_lines = arg_long(argc, argv, "--window", 4);
  double seconds = arg_double(argc, argv, "--seconds", 2);
  double warmup = arg_double(argc, argv, "--warmup", 0.5);
  double quiet_ms = arg_double(argc, argv, "--quiet-ms", 300);
  double settle_max = arg_double(argc, argv, "--settle-max", 60);
  double drain_max = arg_double(argc, argv, "--drain-max", 5);
  long server_pid = arg_long(argc, argv, "--server-pid", 0);
  int nick = arg_flag(argc, argv, "--nick");
  int idle = arg_flag(argc, argv, "--idle");
  await_greeting = arg_flag(argc, argv, "--greeting");
  connect_batch = arg_long(argc, argv, "--connect-batch", CONNECT_BATCH);
  open_loop = arg_flag(argc, argv, "--open-loop");
  batch_bytes = arg_long(argc, argv, "--batch", batch_bytes);
  if (batch_bytes < LINE_MAX_LEN) batch_bytes = LINE_MAX_LEN;
  if (batch_bytes > PENDING_CAP) batch_bytes = PENDING_CAP;
  sndbuf_bytes = (int)arg_long(argc, argv, "--sndbuf", 0);
  rcvbuf_bytes = (int)arg_long(argc, argv, "--rcvbuf", 0);
  if (idle) nsenders = 0;
  if (port <= 0 || nclients < 2 || nsenders < 0 || nsenders > nclients || window_lines < 1) {
    fprintf(stderr, "usage: chatload --port P --clients N --senders S [--nick] [--idle]\n");
    return 2;
  }
  if (fd_limit >= 0 && fd_limit < nclients + 16) {
    fprintf(stderr, "chatload: ulimit -n is %ld, %ld clients need more\n", fd_limit, nclients);
    return 2;
  }
  clients = calloc((size_t)nclients, sizeof *clients);
  sent = calloc((size_t)nsenders + 1, sizeof *sent);
  observed = calloc((size_t)nsenders + 1, sizeof *observed);
  last_send = calloc((size_t)nsenders + 1, sizeof *last_send);
  received = calloc((size_t)(nclients * (nsenders + 1)), sizeof *received);
  epfd = epoll_create1(0);
  long rss_before = rss_kb(server_pid);

  t0 = now_ns();
  long open = connect_all(port, port2, nick, t0 + (uint64_t)(settle_max * 1e9));
  settle(quiet_ms, now_ns() + (uint64_t)(settle_max * 1e9));
  double settle_seconds = (double)(now_ns() - t0) / 1e9;
  long rss_joined = rss_kb(server_pid);
  /* --hold: stay connected and idle this long before the second reading, so the server's
   * garbage collector can return what the joins left behind. */
  double hold = arg_double(argc, argv, "--hold", 0);
  settle(hold * 1000, now_ns() + (uint64_t)(hold * 1e9));
  long rss_after = rss_kb(server_pid);
  /* File-backed pages are the binary's code, shared and reclaimable; anonymous ones are the
   * server's own memory. */
  long rss_anon = status_kb(server_pid, "RssAnon");
  long rss_file = status_kb(server_pid, "RssFile");
  long still_open = 0;
  for (long i = 0; i < nclients; i++) still_open += clients[i].state == 2;

  uint64_t drain_begin = 0;
  double drain_seconds = 0;
  int drain_end = 0;
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  uint64_t begin = now_ns();
  if (!idle) {
    measuring = 1;
    window_start = begin + (uint64_t)(warmup * 1e9);
    window_end = window_start + (uint64_t)(seconds * 1e9);
    for (long s = 0; s < nsenders; s++) last_send[s] = begin;
    while (now_ns() < window_end) {
      send_lines(now_ns());
      poll_once(1);
    }
    /* Senders stop; what is on its way still counts as delivered (not in the timed window). */
    drain_begin = now_ns();
    if (open_loop) drain_end = drain(quiet_ms, now_ns() + (uint64_t)(drain_max * 1e9));
    else settle(quiet_ms, now_ns() + (uint64_t)(drain_max * 1e9));
    drain_seconds = (double)(now_ns() - drain_begin) / 1e9;
  }
  getrusage(RUSAGE_SELF, &after);
  double cpu = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
               (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
               (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
               (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  double wall = (double)(now_ns() - begin) / 1e9;

  uint64_t expected = 0, got = 0, total_sent = 0;
  for (long s = 0; s < nsenders; s++) total_sent += sent[s];
  /* Every client should get every other sender's lines; one the server cut off (or that never
   * connected) counts its missing lines as lost. */
  for (long r = 0; r < nclients; r++) {
    for (long s = 0; s < nsenders; s++) {
      if (s == r) continue;
      expected += sent[s];
    }
  }
  got = delivered_total;
  uint64_t lost = expected > got ? expected - got : 0;
  /* What open readers still lacked after their last line received: on its way, or dropped at
   * the end (unknowable); the rest of `lost` is gaps and the cut readers' missing lines. */
  uint64_t tail_open = 0;
  for (long r = 0; r < nclients; r++) {
    if (clients[r].state != 2) continue;
    for (long s = 0; s < nsenders; s++)
      if (s != r && received[r * nsenders + s] < sent[s]) tail_open += sent[s] - received[r * nsenders + s];
  }
  printf("{\"clients\":%ld,\"connected\":%ld,\"open\":%ld,\"senders\":%ld,\"seconds\":%.3f,"
         "\"settle_seconds\":%.3f,\"sent\":%llu,\"deliveries\":%llu,\"delivered_total\":%llu,"
         "\"expected\":%llu,\"lost\":%llu,\"garbled\":%llu,\"order_errors\":%llu,"
         "\"closed_by_server\":%llu,\"closed_readers\":%llu,\"connect_failures\":%llu,\"stalls\":%llu,"
         "\"sent_in_window\":%llu,\"gaps\":%llu,\"tail_open\":%llu,\"drain_seconds\":%.3f,\"drain_end\":%d,\"max_read_gap_ms\":%.1f,"
         "\"rss_before_kb\":%ld,\"rss_joined_kb\":%ld,\"rss_after_kb\":%ld,\"rss_anon_kb\":%ld,\"rss_file_kb\":%ld,\"fd_limit\":%ld,\"cpu\":%.3f,\"wall\":%.3f,"
         "\"hist\":",
         nclients, open, still_open, nsenders, idle ? 0.0 : seconds, settle_seconds,
         (unsigned long long)total_sent, (unsigned long long)deliveries,
         (unsigned long long)delivered_total, (unsigned long long)expected,
         (unsigned long long)lost, (unsigned long long)garbled,
         (unsigned long long)order_errors, (unsigned long long)closed_by_server,
         (unsigned long long)closed_readers, (unsigned long long)connect_failures,
         (unsigned long long)stalls, (unsigned long long)sent_in_window,
         (unsigned long long)gaps, (unsigned long long)tail_open, drain_seconds, drain_end, (double)max_read_gap_ns / 1e6, rss_before, rss_joined, rss_after, rss_anon, rss_file,
         fd_limit, cpu, wall);
  hist_print_json(&hist, stdout);
  printf("}\n");
  fflush(stdout);
  teardown(now_ns() + 5000000000ull);
  return 0;
}

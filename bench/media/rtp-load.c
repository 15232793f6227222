/*
 * bench/media load generator in C: the "phones" of N bridged calls, cheap enough that the relay
 * under test gets most of the machine (the Node generator, rtp-load.ts, costs about a core at
 * 500 calls and its own lateness showed up as jitter for every relay alike, rtpengine included).
 *
 * Every call has a caller stream and a callee stream at 50 packets per second (PCMU, 20 ms),
 * paced against absolute time (CLOCK_MONOTONIC timerfd) and spread over P phases of the 20 ms
 * frame (default 20 phases of 1 ms: independent phones start their streams at unrelated moments,
 * so real traffic is spread over the frame, not sent in a few bursts), sent with sendmmsg.
 * Each payload carries its stream id, its index and its send time (CLOCK_REALTIME ns). Packets
 * are received with recvmmsg and stamped by the kernel on arrival (SO_TIMESTAMPNS), so the
 * generator's own scheduling does not count as the relay's jitter. Per packet: one-way delay
 * d = arrival - sent, and |D| = |d - previous d of the same stream| (RFC 3550 §6.4.1), both in a
 * fixed-bin histogram; loss = index gaps per stream.
 *
 * Control: one command per line on stdin, one answer line on stdout (driven by
 * rtp-load-native.ts):
 *   init S [P]                   -> ready <caller ports, comma-separated> <callee ports>
 *                                   (S sockets per side, P phases per 20 ms frame, default 20)
 *   start N   + N lines "aport bport" (relay ports on 127.0.0.1 the caller / callee phone sends to)
 *                                -> started
 *   reset                        -> reset-done
 *   report                       -> report sent received lost jitterP50 jitterP99 delayP50 delayP99 lateTicks
 *   stop                         -> stopped
 * Build: cc -O2 -o rtp-load rtp-load.c   (the bench does this itself)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define FRAME_NS 20000000LL
#define PAYLOAD 160
#define PACKET (12 + PAYLOAD)
#define MAX_SOCKETS 64
#define BATCH 64
#define BIN_MS 0.05
#define BINS 10000

struct stream {
  uint32_t index;      /* next index to send */
  int64_t last_delay;  /* ns, INT64_MIN = none yet */
  int64_t min_index, max_index;
  uint64_t count;
};

struct target {
  struct sockaddr_in a, b;
};

static int caller_fds[MAX_SOCKETS], callee_fds[MAX_SOCKETS], nsockets;
static struct target *targets;
static struct stream *streams;
static int ntargets, running;
static uint64_t tick, sent, late_ticks;
static int64_t start_ns;
static uint32_t jitter_bins[BINS + 1], delay_bins[BINS + 1];
static uint64_t jitter_count, delay_count;
static int timer_fd, epoll_fd;
static int phases = 20;
static int64_t tick_ns = FRAME_NS / 20;

static int64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void hist_add(uint32_t *bins, uint64_t *count, int64_t ns) {
  double ms = (double)ns / 1e6;
  long i = ms < 0 ? 0 : (long)(ms / BIN_MS);
  if (i > BINS) i = BINS;
  bins[i]++;
  (*count)++;
}

static double hist_quantile(const uint32_t *bins, uint64_t count, double q) {
  if (count == 0) return 0;
  uint64_t target = (uint64_t)(q * (double)count + 0.999999);
  uint64_t seen = 0;
  for (int i = 0; i <= BINS; i++) {
    seen += bins[i];
    if (seen >= target) return (i + 1) * BIN_MS;
  }
  return BINS * BIN_MS;
}

static int open_socket(void) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  int size = 4 << 20, on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); exit(1); }
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  return fd;
}

static int port_of(int fd) {
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  getsockname(fd, (struct sockaddr *)&addr, &len);
  return ntohs(addr.sin_port);
}

static void reset_counters(void) {
  for (int i = 0; i < ntargets * 2; i++) {
    streams[i].min_index = INT64_MAX;
    streams[i].max_index = -1;
    streams[i].count = 0;
    streams[i].last_delay = INT64_MIN;
  }
  sent = late_ticks = 0;
  memset(jitter_bins, 0, sizeof jitter_bins);
  memset(delay_bins, 0, sizeof delay_bins);
  jitter_count = delay_count = 0;
}

/* One pending batch per socket: packets are built into it and flushed with sendmmsg. */
struct batch {
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  uint8_t data[BATCH][PACKET];
  int n;
};
static struct batch *caller_batches, *callee_batches;

static void flush(struct batch *b, int fd) {
  int off = 0;
  while (off < b->n) {
    int r = sendmmsg(fd, b->msgs + off, b->n - off, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      break; /* EAGAIN with a full send buffer: those packets count as lost */
    }
    off += r;
  }
  b->n = 0;
}

static void queue(struct batch *b, int fd, const struct sockaddr_in *to, uint32_t id) {
  if (b->n == BATCH) flush(b, fd);
  struct stream *st = &streams[id];
  uint8_t *p = b->data[b->n];
  p[0] = 0x80;
  p[1] = st->index == 0 ? 0x80 : 0x00;
  uint16_t seq = htons((uint16_t)st->index);
  uint32_t ts = htonl(st->index * 160u), ssrc = htonl(0x10000u + id);
  memcpy(p + 2, &seq, 2);
  memcpy(p + 4, &ts, 4);
  memcpy(p + 8, &ssrc, 4);
  memcpy(p + 12, &id, 4);
  memcpy(p + 16, &st->index, 4);
  int64_t t = now_ns(CLOCK_REALTIME);
  memcpy(p + 20, &t, 8);
  memset(p + 28, 0xff, PACKET - 28);
  b->iov[b->n].iov_base = p;
  b->iov[b->n].iov_len = PACKET;
  struct msghdr *h = &b->msgs[b->n].msg_hdr;
  memset(h, 0, sizeof *h);
  h->msg_name = (void *)to;
  h->msg_namelen = sizeof *to;
  h->msg_iov = &b->iov[b->n];
  h->msg_iovlen = 1;
  b->n++;
  st->index++;
  sent++;
}

static void run_tick(void) {
  int phase = (int)(tick % (uint64_t)phases);
  for (int i = phase; i < ntargets; i += phases) {
    int s = i % nsockets;
    queue(&caller_batches[s], caller_fds[s], &targets[i].a, (uint32_t)i * 2);
    queue(&callee_batches[s], callee_fds[s], &targets[i].b, (uint32_t)i * 2 + 1);
  }
  for (int s = 0; s < nsockets; s++) {
    flush(&caller_batches[s], caller_fds[s]);
    flush(&callee_batches[s], callee_fds[s]);
  }
  tick++;
}

static void on_timer(void) {
  uint64_t expirations;
  if (read(timer_fd, &expirations, sizeof expirations) < 0) return;
  if (!running) return;
  int64_t now = now_ns(CLOCK_MONOTONIC);
  int runs = 0;
  while (start_ns + (int64_t)tick * tick_ns <= now) {
    if (runs++ > 0) late_ticks++;
    run_tick();
  }
}

static void on_readable(int fd) {
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  static uint8_t data[BATCH][256];
  static uint8_t control[BATCH][CMSG_SPACE(sizeof(struct timespec))];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iov[i].iov_base = data[i];
      iov[i].iov_len = sizeof data[i];
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_control = control[i];
      msgs[i].msg_hdr.msg_controllen = sizeof control[i];
    }
    int n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    int64_t fallback = now_ns(CLOCK_REALTIME);
    for (int i = 0; i < n; i++) {
      if (msgs[i].msg_len < 28) continue;
      int64_t arrival = fallback;
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c; c = CMSG_NXTHDR(&msgs[i].msg_hdr, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
          struct timespec ts;
          memcpy(&ts, CMSG_DATA(c), sizeof ts);
          arrival = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
        }
      }
      uint32_t id, index;
      int64_t sent_at;
      memcpy(&id, data[i] + 12, 4);
      memcpy(&index, data[i] + 16, 4);
      memcpy(&sent_at, data[i] + 20, 8);
      if (!running || id >= (uint32_t)ntargets * 2) continue;
      struct stream *st = &streams[id];
      int64_t d = arrival - sent_at;
      hist_add(delay_bins, &delay_count, d);
      if (st->last_delay != INT64_MIN) hist_add(jitter_bins, &jitter_count, d > st->last_delay ? d - st->last_delay : st->last_delay - d);
      st->last_delay = d;
      st->count++;
      if ((int64_t)index < st->min_index) st->min_index = index;
      if ((int64_t)index > st->max_index) st->max_index = index;
    }
    if (n < BATCH) return;
  }
}

static void answer(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void answer(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static int targets_read;

static void begin(void) {
  reset_counters();
  tick = 0;
  start_ns = now_ns(CLOCK_MONOTONIC);
  running = 1;
  answer("started");
}

static void target_line(const char *line) {
  int ap = 0, bp = 0;
  if (sscanf(line, "%d %d", &ap, &bp) != 2) { fprintf(stderr, "rtp-load: bad target line '%s'\n", line); exit(1); }
  struct target *t = &targets[targets_read++];
  t->a = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons((uint16_t)ap)};
  t->b = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons((uint16_t)bp)};
  t->a.sin_addr.s_addr = t->b.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (targets_read == ntargets) begin();
}

static void command(char *line) {
  if (targets && targets_read < ntargets) {
    target_line(line);
    return;
  }
  if (strncmp(line, "init ", 5) == 0) {
    char *rest = line + 5;
    nsockets = (int)strtol(rest, &rest, 10);
    int p = (int)strtol(rest, NULL, 10);
    if (p >= 1 && p <= 20) {
      phases = p;
      tick_ns = FRAME_NS / p;
      struct itimerspec its = {.it_interval = {0, tick_ns}, .it_value = {0, tick_ns}};
      timerfd_settime(timer_fd, 0, &its, NULL);
    }
    if (nsockets < 1) nsockets = 1;
    if (nsockets > MAX_SOCKETS) nsockets = MAX_SOCKETS;
    caller_batches = calloc((size_t)nsockets, sizeof *caller_batches);
    callee_batches = calloc((size_t)nsockets, sizeof *callee_batches);
    for (int i = 0; i < nsockets; i++) caller_fds[i] = open_socket();
    for (int i = 0; i < nsockets; i++) callee_fds[i] = open_socket();
    char out[2048];
    int o = snprintf(out, sizeof out, "ready ");
    for (int i = 0; i < nsockets; i++) o += snprintf(out + o, sizeof out - (size_t)o, "%s%d", i ? "," : "", port_of(caller_fds[i]));
    o += snprintf(out + o, sizeof out - (size_t)o, " ");
    for (int i = 0; i < nsockets; i++) o += snprintf(out + o, sizeof out - (size_t)o, "%s%d", i ? "," : "", port_of(callee_fds[i]));
    answer("%s", out);
  } else if (strncmp(line, "start ", 6) == 0) {
    /* The N target lines follow; the stream starts when the last one is in (target_line). */
    running = 0;
    ntargets = atoi(line + 6);
    free(targets);
    free(streams);
    targets = calloc((size_t)ntargets + 1, sizeof *targets);
    streams = calloc((size_t)ntargets * 2 + 1, sizeof *streams);
    targets_read = 0;
    if (ntargets == 0) begin();
  } else if (strcmp(line, "reset") == 0) {
    reset_counters();
    answer("reset-done");
  } else if (strcmp(line, "report") == 0) {
    uint64_t received = 0, lost = 0;
    for (int i = 0; i < ntargets * 2; i++) {
      received += streams[i].count;
      if (streams[i].count > 0) lost += (uint64_t)(streams[i].max_index - streams[i].min_index + 1) - streams[i].count;
    }
    answer("report %llu %llu %llu %.3f %.3f %.3f %.3f %llu", (unsigned long long)sent, (unsigned long long)received, (unsigned long long)lost,
           hist_quantile(jitter_bins, jitter_count, 0.5), hist_quantile(jitter_bins, jitter_count, 0.99),
           hist_quantile(delay_bins, delay_count, 0.5), hist_quantile(delay_bins, delay_count, 0.99), (unsigned long long)late_ticks);
  } else if (strcmp(line, "stop") == 0) {
    running = 0;
    answer("stopped");
  } else if (line[0] != '\0') {
    fprintf(stderr, "rtp-load: unknown command '%s'\n", line);
  }
}

int main(void) {
  epoll_fd = epoll_create1(0);
  timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  struct itimerspec its = {.it_interval = {0, tick_ns}, .it_value = {0, tick_ns}};
  timerfd_settime(timer_fd, 0, &its, NULL);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = timer_fd};
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer_fd, &ev);
  ev.data.fd = STDIN_FILENO;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, STDIN_FILENO, &ev);
  /* Commands are read with read() into our own buffer (stdio buffering would hide lines from epoll). */
  static char input[1 << 20];
  size_t used = 0;
  struct epoll_event events[64];
  for (;;) {
    int n = epoll_wait(epoll_fd, events, 64, -1);
    if (n < 0 && errno != EINTR) return 1;
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == timer_fd) on_timer();
      else if (fd == STDIN_FILENO) {
        ssize_t r = read(STDIN_FILENO, input + used, sizeof input - used - 1);
        if (r <= 0) return 0; /* the bench went away */
        used += (size_t)r;
        char *line = input, *nl;
        while ((nl = memchr(line, '\n', used - (size_t)(line - input))) != NULL) {
          *nl = '\0';
          if (nl > line && nl[-1] == '\r') nl[-1] = '\0';
          command(line);
          line = nl + 1;
        }
        used -= (size_t)(line - input);
        memmove(input, line, used);
      } else on_readable(fd);
    }
  }
}

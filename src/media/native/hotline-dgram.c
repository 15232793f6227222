// hotline_dgram: the RTP/RTCP UDP sockets of one embedded media engine, owned natively.
//
// Why: with node:dgram every received datagram costs a fresh Buffer, an rinfo object and a JS
// callback, and every send a SendWrap, an array and a trip through libuv; at 500 recorded calls
// that garbage (≈ 7 MB per worker per 200 ms) and the per-call overhead are the jitter budget.
// Here one "io" holds all sockets of an engine in one epoll set, watched by one uv_poll_t on the
// worker's own libuv loop. A wakeup drains every readable socket with recvmmsg into one arena (an
// ArrayBuffer JS was given once) and calls JS once with the count. Sends are a plain sendto from
// the caller's buffer: no callback, no allocation; errors are counted, never thrown.
//
// Context-aware (NAPI_MODULE_INIT, per-env instance data): loads in any number of worker threads.
// An io is destroyed by ioClose or, when its thread ends first, by an async env cleanup hook.
//
// Arena layout, shared with JS (src/media/native/native-datagram-io.ts):
//   data: slots × SLOT_BYTES bytes; slot i holds one datagram at offset i × SLOT_BYTES.
//   meta: per packet 8 int32: socket id, source port, offset, length, source address (16 bytes,
//         IPv4 as IPv4-mapped IPv6 ::ffff:a.b.c.d, byte order as on the wire).

#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <node_api.h>
#include <uv.h>

#define SLOT_BYTES 2048
#define META_INTS 8
#define MAX_EVENTS 256
#define MAX_DISPATCH_PER_WAKEUP 8
#define SOCKET_BUFFER_BYTES (4 * 1024 * 1024)

enum { ST_RX_PACKETS, ST_RX_BATCHES, ST_RX_TRUNCATED, ST_RX_ERRORS, ST_TX_PACKETS, ST_TX_ERRORS, ST_TX_LAST_ERRNO, ST_SOCKETS, ST_COUNT };

typedef struct {
  int fd; // -1: free slot
  int family;
} hd_socket;

struct hd_io;

// What JS holds: the io is freed when closed, the box when JS lets go of the handle (GC), so a
// handle used after close finds NULL instead of freed memory.
typedef struct {
  struct hd_io* io;
} hd_box;

typedef struct hd_io {
  napi_env env;
  hd_box* box;
  uv_poll_t poll;
  int epfd;
  int polling;
  int closing;     // ioClose called (maybe while dispatching)
  int dispatching; // inside the JS batch callback
  int freed_by_hook;
  napi_ref callback;
  napi_ref data_ref;
  napi_ref meta_ref;
  napi_ref resource_ref;
  napi_async_context async_ctx;
  napi_async_cleanup_hook_handle hook;
  uint8_t* data;
  int32_t* meta;
  uint32_t slots;
  uint32_t slots_used;
  uint32_t packets;
  hd_socket* socks;
  uint32_t nsocks;
  uint32_t open_socks;
  struct mmsghdr* msgs;
  struct iovec* iovs;
  struct sockaddr_storage* names;
  double stats[ST_COUNT];
  struct hd_io* next;
} hd_io;

// Per-env state: every io of the thread, so env teardown finds them.
typedef struct {
  hd_io* ios;
} hd_env;

#define CHECK(call)                                                                    \
  do {                                                                                 \
    if ((call) != napi_ok) {                                                           \
      const napi_extended_error_info* info__;                                          \
      napi_get_last_error_info(env, &info__);                                          \
      bool pending__;                                                                  \
      napi_is_exception_pending(env, &pending__);                                      \
      if (!pending__) napi_throw_error(env, "EHOTLINEDGRAM", info__ && info__->error_message ? info__->error_message : #call); \
      return NULL;                                                                     \
    }                                                                                  \
  } while (0)

static napi_value throw_errno(napi_env env, int err, const char* what) {
  char msg[256];
  const char* code = "EIO";
  switch (err) {
    case EADDRINUSE: code = "EADDRINUSE"; break;
    case EADDRNOTAVAIL: code = "EADDRNOTAVAIL"; break;
    case EACCES: code = "EACCES"; break;
    case EAFNOSUPPORT: code = "EAFNOSUPPORT"; break;
    case EINVAL: code = "EINVAL"; break;
    case EMFILE: code = "EMFILE"; break;
    case ENFILE: code = "ENFILE"; break;
    case ENOMEM: code = "ENOMEM"; break;
    case EBADF: code = "EBADF"; break;
    default: break;
  }
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, code, msg);
  return NULL;
}

static hd_io* get_io(napi_env env, napi_value v) {
  void* p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "expected an io handle");
    return NULL;
  }
  hd_io* io = ((hd_box*)p)->io;
  if (io == NULL || io->closing) {
    napi_throw_error(env, "EHOTLINEDGRAM", "the datagram io is closed");
    return NULL;
  }
  return io;
}

// ---- receive ----

static void to_mapped(const struct sockaddr_storage* ss, uint8_t out[16], int32_t* port) {
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in* a = (const struct sockaddr_in*)ss;
    memset(out, 0, 10);
    out[10] = 0xff;
    out[11] = 0xff;
    memcpy(out + 12, &a->sin_addr, 4);
    *port = ntohs(a->sin_port);
  } else if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6* a = (const struct sockaddr_in6*)ss;
    memcpy(out, &a->sin6_addr, 16);
    *port = ntohs(a->sin6_port);
  } else {
    memset(out, 0, 16);
    *port = 0;
  }
}

static void dispatch(hd_io* io) {
  if (io->packets == 0) {
    io->slots_used = 0;
    return;
  }
  napi_env env = io->env;
  uint32_t count = io->packets;
  io->stats[ST_RX_BATCHES]++;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value cb, recv, argv[1], result;
  io->dispatching = 1;
  // The receiver must be an object (napi_make_callback converts it): the io's async resource.
  if (napi_get_reference_value(env, io->callback, &cb) == napi_ok && cb != NULL && napi_get_reference_value(env, io->resource_ref, &recv) == napi_ok && recv != NULL &&
      napi_create_uint32(env, count, &argv[0]) == napi_ok) {
    // napi_make_callback, not napi_call_function: it enters the async context and, on the way
    // out, runs process.nextTick callbacks and promise jobs queued by the batch, as Node's own
    // I/O callbacks do.
    napi_status st = napi_make_callback(env, io->async_ctx, recv, cb, 1, argv, &result);
    if (st == napi_pending_exception) {
      napi_value exc;
      if (napi_get_and_clear_last_exception(env, &exc) == napi_ok) napi_fatal_exception(env, exc);
    }
  }
  io->dispatching = 0;
  io->packets = 0;
  io->slots_used = 0;
  napi_close_handle_scope(env, scope);
}

// Returns 0 to go on, 1 when the io was closed meanwhile or the dispatch budget is spent.
static int drain_socket(hd_io* io, uint32_t id, int* dispatches) {
  for (;;) {
    if (io->closing || id >= io->nsocks || io->socks[id].fd < 0) return io->closing;
    if (io->slots_used == io->slots) {
      dispatch(io);
      if (io->closing) return 1;
      if (++*dispatches >= MAX_DISPATCH_PER_WAKEUP) return 1; // level-triggered: the rest comes next round
      continue;
    }
    uint32_t first = io->slots_used;
    uint32_t space = io->slots - first;
    for (uint32_t i = first; i < first + space; i++) {
      io->msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
      io->msgs[i].msg_hdr.msg_flags = 0;
      io->msgs[i].msg_hdr.msg_controllen = 0;
    }
    int n = recvmmsg(io->socks[id].fd, io->msgs + first, space, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) io->stats[ST_RX_ERRORS]++;
      return 0;
    }
    for (int k = 0; k < n; k++) {
      uint32_t slot = first + (uint32_t)k;
      struct mmsghdr* m = &io->msgs[slot];
      if (m->msg_hdr.msg_flags & MSG_TRUNC) {
        io->stats[ST_RX_TRUNCATED]++; // larger than a slot: not RTP we relay
        continue;
      }
      int32_t* meta = io->meta + (size_t)io->packets * META_INTS;
      int32_t port;
      to_mapped(&io->names[slot], (uint8_t*)(meta + 4), &port);
      meta[0] = (int32_t)id;
      meta[1] = port;
      meta[2] = (int32_t)(slot * SLOT_BYTES);
      meta[3] = (int32_t)m->msg_len;
      io->packets++;
      io->stats[ST_RX_PACKETS]++;
    }
    io->slots_used = first + (uint32_t)n;
    if ((uint32_t)n < space) return 0; // drained
  }
}

static void on_readable(uv_poll_t* handle, int status, int events) {
  (void)events;
  hd_io* io = handle->data;
  if (status < 0 || io->closing) return;
  struct epoll_event evs[MAX_EVENTS];
  int nev = epoll_wait(io->epfd, evs, MAX_EVENTS, 0);
  int dispatches = 0;
  for (int i = 0; i < nev; i++) {
    if (drain_socket(io, evs[i].data.u32, &dispatches)) break;
  }
  if (!io->closing) dispatch(io);
}

static void update_polling(hd_io* io) {
  // A poll is active (keeps the loop alive, as a bound dgram socket does) only while sockets are open.
  if (io->open_socks > 0 && !io->polling && !io->closing) {
    if (uv_poll_start(&io->poll, UV_READABLE, on_readable) == 0) io->polling = 1;
  } else if ((io->open_socks == 0 || io->closing) && io->polling) {
    uv_poll_stop(&io->poll);
    io->polling = 0;
  }
}

// ---- teardown ----

static void close_fds(hd_io* io) {
  for (uint32_t i = 0; i < io->nsocks; i++) {
    if (io->socks[i].fd >= 0) close(io->socks[i].fd);
    io->socks[i].fd = -1;
  }
  io->open_socks = 0;
  if (io->epfd >= 0) close(io->epfd);
  io->epfd = -1;
}

static void free_io(hd_io* io) {
  if (io->box) io->box->io = NULL;
  free(io->socks);
  free(io->msgs);
  free(io->iovs);
  free(io->names);
  free(io);
}

static void unlink_io(napi_env env, hd_io* io) {
  hd_env* state = NULL;
  if (napi_get_instance_data(env, (void**)&state) != napi_ok || state == NULL) return;
  for (hd_io** p = &state->ios; *p != NULL; p = &(*p)->next) {
    if (*p == io) {
      *p = io->next;
      return;
    }
  }
}

static void on_poll_closed_by_js(uv_handle_t* h) {
  free_io(h->data);
}

static void box_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  hd_box* box = data;
  if (box->io) box->io->box = NULL;
  free(box);
}

static void on_poll_closed_by_hook(uv_handle_t* h) {
  hd_io* io = h->data;
  unlink_io(io->env, io);
  napi_async_cleanup_hook_handle hook = io->hook;
  free_io(io);
  napi_remove_async_cleanup_hook(hook); // tells Node this io's teardown is complete
}

// The thread (worker) is ending and JS did not close the io: release sockets and memory.
static void env_cleanup_hook(napi_async_cleanup_hook_handle handle, void* arg) {
  hd_io* io = arg;
  io->hook = handle;
  io->closing = 1;
  io->freed_by_hook = 1;
  if (io->polling) uv_poll_stop(&io->poll);
  io->polling = 0;
  close_fds(io);
  uv_close((uv_handle_t*)&io->poll, on_poll_closed_by_hook);
}

// ---- JS functions ----

// ioOpen(onBatch: (count) => void, slots: number) → [handle, data: ArrayBuffer, meta: ArrayBuffer]
static napi_value io_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[0], &t));
  if (argc < 2 || t != napi_function) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "ioOpen(onBatch, slots)");
    return NULL;
  }
  uint32_t slots;
  CHECK(napi_get_value_uint32(env, argv[1], &slots));
  if (slots < 1 || slots > 4096) {
    napi_throw_range_error(env, "EHOTLINEDGRAM", "slots must be 1-4096");
    return NULL;
  }
  uv_loop_t* loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  hd_io* io = calloc(1, sizeof *io);
  if (!io) return throw_errno(env, ENOMEM, "ioOpen");
  io->env = env;
  io->slots = slots;
  io->msgs = calloc(slots, sizeof *io->msgs);
  io->iovs = calloc(slots, sizeof *io->iovs);
  io->names = calloc(slots, sizeof *io->names);
  io->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (!io->msgs || !io->iovs || !io->names || io->epfd < 0) {
    int err = io->epfd < 0 ? errno : ENOMEM;
    if (io->epfd >= 0) close(io->epfd);
    free_io(io);
    return throw_errno(env, err, "ioOpen");
  }
  napi_value data_ab, meta_ab, resource, name, handle, out;
  void* data;
  void* meta;
  CHECK(napi_create_arraybuffer(env, (size_t)slots * SLOT_BYTES, &data, &data_ab));
  CHECK(napi_create_arraybuffer(env, (size_t)slots * META_INTS * sizeof(int32_t), &meta, &meta_ab));
  io->data = data;
  io->meta = meta;
  for (uint32_t i = 0; i < slots; i++) {
    io->iovs[i].iov_base = io->data + (size_t)i * SLOT_BYTES;
    io->iovs[i].iov_len = SLOT_BYTES;
    io->msgs[i].msg_hdr.msg_iov = &io->iovs[i];
    io->msgs[i].msg_hdr.msg_iovlen = 1;
    io->msgs[i].msg_hdr.msg_name = &io->names[i];
    io->msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
  }
  CHECK(napi_create_reference(env, argv[0], 1, &io->callback));
  CHECK(napi_create_reference(env, data_ab, 1, &io->data_ref));
  CHECK(napi_create_reference(env, meta_ab, 1, &io->meta_ref));
  CHECK(napi_create_object(env, &resource));
  CHECK(napi_create_reference(env, resource, 1, &io->resource_ref));
  CHECK(napi_create_string_utf8(env, "HOTLINE_DGRAM_BATCH", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_async_init(env, resource, name, &io->async_ctx));
  if (uv_poll_init(loop, &io->poll, io->epfd) != 0) return throw_errno(env, EINVAL, "uv_poll_init");
  io->poll.data = io;
  CHECK(napi_add_async_cleanup_hook(env, env_cleanup_hook, io, &io->hook));
  hd_env* state = NULL;
  CHECK(napi_get_instance_data(env, (void**)&state));
  if (state) {
    io->next = state->ios;
    state->ios = io;
  }
  hd_box* box = calloc(1, sizeof *box);
  if (!box) return throw_errno(env, ENOMEM, "ioOpen");
  box->io = io;
  io->box = box;
  CHECK(napi_create_external(env, box, box_finalize, NULL, &handle));
  CHECK(napi_create_array_with_length(env, 3, &out));
  CHECK(napi_set_element(env, out, 0, handle));
  CHECK(napi_set_element(env, out, 1, data_ab));
  CHECK(napi_set_element(env, out, 2, meta_ab));
  return out;
}

// ioClose(handle): closes every socket; the memory goes once libuv has closed the poll handle.
static napi_value io_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void* p = NULL;
  if (argc < 1 || napi_get_value_external(env, argv[0], &p) != napi_ok || p == NULL) return NULL;
  hd_io* io = ((hd_box*)p)->io;
  if (io == NULL || io->closing) return NULL;
  io->closing = 1;
  update_polling(io);
  close_fds(io);
  napi_remove_async_cleanup_hook(io->hook);
  napi_async_destroy(env, io->async_ctx);
  napi_delete_reference(env, io->callback);
  napi_delete_reference(env, io->data_ref);
  napi_delete_reference(env, io->meta_ref);
  napi_delete_reference(env, io->resource_ref);
  unlink_io(env, io);
  uv_close((uv_handle_t*)&io->poll, on_poll_closed_by_js);
  return NULL;
}

static int read_address(napi_env env, napi_value v, uint8_t out[16]) {
  napi_typedarray_type type;
  size_t length;
  void* data;
  size_t offset;
  bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return -1;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, NULL, &offset) != napi_ok) return -1;
  size_t bytes = length * (type == napi_int32_array || type == napi_uint32_array ? 4 : type == napi_uint8_array ? 1 : 0);
  if (bytes < 16) return -1;
  memcpy(out, data, 16);
  return 0;
}

static int is_mapped(const uint8_t a[16]) {
  static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return memcmp(a, prefix, 12) == 0;
}

static socklen_t make_sockaddr(int family, const uint8_t addr[16], uint32_t port, struct sockaddr_storage* ss, int* err) {
  memset(ss, 0, sizeof *ss);
  if (family == AF_INET) {
    if (!is_mapped(addr)) {
      *err = EAFNOSUPPORT;
      return 0;
    }
    struct sockaddr_in* a = (struct sockaddr_in*)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    memcpy(&a->sin_addr, addr + 12, 4);
    return sizeof *a;
  }
  struct sockaddr_in6* a = (struct sockaddr_in6*)ss;
  a->sin6_family = AF_INET6;
  a->sin6_port = htons((uint16_t)port);
  memcpy(&a->sin6_addr, addr, 16);
  return sizeof *a;
}

static void set_buffer(int fd, int force_opt, int opt) {
  int bytes = SOCKET_BUFFER_BYTES;
  // FORCE needs CAP_NET_ADMIN; without it the kernel caps SO_RCVBUF at net.core.rmem_max.
  if (setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof bytes) != 0) setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof bytes);
}

// socketOpen(handle, family 4|6, address: 16 bytes (IPv4 mapped), port) → [id, boundPort]
static napi_value socket_open(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "socketOpen(io, family, address, port)");
    return NULL;
  }
  hd_io* io = get_io(env, argv[0]);
  if (!io) return NULL;
  uint32_t fam, port;
  uint8_t addr[16];
  CHECK(napi_get_value_uint32(env, argv[1], &fam));
  CHECK(napi_get_value_uint32(env, argv[3], &port));
  if ((fam != 4 && fam != 6) || port > 65535 || read_address(env, argv[2], addr) != 0) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "socketOpen: family 4|6, a 16-byte address, a port 0-65535");
    return NULL;
  }
  int family = fam == 4 ? AF_INET : AF_INET6;
  struct sockaddr_storage ss;
  int err = 0;
  socklen_t len = make_sockaddr(family, addr, port, &ss, &err);
  if (len == 0) return throw_errno(env, err, "socketOpen");
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF);
  set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF);
  if (bind(fd, (struct sockaddr*)&ss, len) != 0) {
    err = errno;
    close(fd);
    return throw_errno(env, err, "bind");
  }
  struct sockaddr_storage bound;
  socklen_t blen = sizeof bound;
  int32_t bound_port = (int32_t)port;
  uint8_t ignored[16];
  if (getsockname(fd, (struct sockaddr*)&bound, &blen) == 0) to_mapped(&bound, ignored, &bound_port);
  uint32_t id = 0;
  while (id < io->nsocks && io->socks[id].fd >= 0) id++;
  if (id == io->nsocks) {
    uint32_t n = io->nsocks == 0 ? 64 : io->nsocks * 2;
    hd_socket* grown = realloc(io->socks, n * sizeof *grown);
    if (!grown) {
      close(fd);
      return throw_errno(env, ENOMEM, "socketOpen");
    }
    for (uint32_t i = io->nsocks; i < n; i++) grown[i].fd = -1;
    io->socks = grown;
    io->nsocks = n;
  }
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = id};
  if (epoll_ctl(io->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    err = errno;
    close(fd);
    return throw_errno(env, err, "epoll_ctl");
  }
  io->socks[id].fd = fd;
  io->socks[id].family = family;
  io->open_socks++;
  io->stats[ST_SOCKETS] = io->open_socks;
  update_polling(io);
  napi_value out, v;
  CHECK(napi_create_array_with_length(env, 2, &out));
  CHECK(napi_create_uint32(env, id, &v));
  CHECK(napi_set_element(env, out, 0, v));
  CHECK(napi_create_int32(env, bound_port, &v));
  CHECK(napi_set_element(env, out, 1, v));
  return out;
}

// socketClose(handle, id)
static napi_value socket_close(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void* p = NULL;
  if (argc < 2 || napi_get_value_external(env, argv[0], &p) != napi_ok || p == NULL) return NULL;
  hd_io* io = ((hd_box*)p)->io;
  if (io == NULL) return NULL;
  if (io->closing) return NULL;
  uint32_t id;
  CHECK(napi_get_value_uint32(env, argv[1], &id));
  if (id >= io->nsocks || io->socks[id].fd < 0) return NULL;
  epoll_ctl(io->epfd, EPOLL_CTL_DEL, io->socks[id].fd, NULL);
  close(io->socks[id].fd);
  io->socks[id].fd = -1;
  io->open_socks--;
  io->stats[ST_SOCKETS] = io->open_socks;
  update_polling(io);
  return NULL;
}

// sendTo(handle, id, buffer: Uint8Array, offset, length, address: 16 bytes, port) → 0 or errno.
// Synchronous: when it returns, the datagram is in the kernel and the buffer may be reused.
static napi_value send_to(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 7) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "sendTo(io, id, buffer, offset, length, address, port)");
    return NULL;
  }
  hd_io* io = get_io(env, argv[0]);
  if (!io) return NULL;
  uint32_t id, off, len, port;
  CHECK(napi_get_value_uint32(env, argv[1], &id));
  CHECK(napi_get_value_uint32(env, argv[3], &off));
  CHECK(napi_get_value_uint32(env, argv[4], &len));
  CHECK(napi_get_value_uint32(env, argv[6], &port));
  napi_typedarray_type type;
  size_t count;
  void* data;
  size_t byte_offset;
  bool is;
  CHECK(napi_is_typedarray(env, argv[2], &is));
  if (!is) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "sendTo: buffer must be a Uint8Array");
    return NULL;
  }
  CHECK(napi_get_typedarray_info(env, argv[2], &type, &count, &data, NULL, &byte_offset));
  uint8_t addr[16];
  if (type != napi_uint8_array || (size_t)off + len > count || port > 65535 || read_address(env, argv[5], addr) != 0) {
    napi_throw_range_error(env, "EHOTLINEDGRAM", "sendTo: offset/length outside the buffer, bad address or port");
    return NULL;
  }
  int err = 0;
  if (id >= io->nsocks || io->socks[id].fd < 0) {
    err = EBADF;
  } else {
    struct sockaddr_storage ss;
    socklen_t sl = make_sockaddr(io->socks[id].family, addr, port, &ss, &err);
    if (sl > 0 && sendto(io->socks[id].fd, (uint8_t*)data + off, len, MSG_DONTWAIT, (struct sockaddr*)&ss, sl) < 0) err = errno;
  }
  if (err) {
    // ECONNREFUSED (an ICMP port unreachable from a far end that went away), ENOBUFS/EAGAIN (full
    // queues), ENETUNREACH: a lost datagram, as UDP allows; counted, never thrown into the relay.
    io->stats[ST_TX_ERRORS]++;
    io->stats[ST_TX_LAST_ERRNO] = err;
  } else {
    io->stats[ST_TX_PACKETS]++;
  }
  napi_value out;
  CHECK(napi_create_int32(env, err, &out));
  return out;
}

// ioStats(handle, out: Float64Array(8)): rx packets, rx batches, rx truncated, rx errors,
// tx packets, tx errors, last tx errno, open sockets.
static napi_value io_stats(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void* p = NULL;
  if (argc < 2 || napi_get_value_external(env, argv[0], &p) != napi_ok || p == NULL) return NULL;
  hd_io* io = ((hd_box*)p)->io;
  if (io == NULL) return NULL;
  napi_typedarray_type type;
  size_t count;
  void* data;
  CHECK(napi_get_typedarray_info(env, argv[1], &type, &count, &data, NULL, NULL));
  if (type != napi_float64_array || count < ST_COUNT) {
    napi_throw_type_error(env, "EHOTLINEDGRAM", "ioStats: a Float64Array of 8");
    return NULL;
  }
  memcpy(data, io->stats, sizeof io->stats);
  return NULL;
}

static void env_state_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data); // the ios themselves are released by their own async cleanup hooks
}

NAPI_MODULE_INIT() {
  hd_env* state = calloc(1, sizeof *state);
  if (!state || napi_set_instance_data(env, state, env_state_finalize, NULL) != napi_ok) {
    free(state);
    napi_throw_error(env, "EHOTLINEDGRAM", "could not set instance data");
    return NULL;
  }
  napi_property_descriptor props[] = {
      {"ioOpen", NULL, io_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ioClose", NULL, io_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"socketOpen", NULL, socket_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"socketClose", NULL, socket_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sendTo", NULL, send_to, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ioStats", NULL, io_stats, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  napi_value v;
  if (napi_create_uint32(env, SLOT_BYTES, &v) == napi_ok) napi_set_named_property(env, exports, "slotBytes", v);
  if (napi_create_uint32(env, META_INTS, &v) == napi_ok) napi_set_named_property(env, exports, "metaInts", v);
  return exports;
}

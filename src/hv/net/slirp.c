/* slirp.c: user-mode networking with libslirp, on the VMM's GMainContext.
 *
 * libslirp is single-threaded: every call into it (input from the guest, polling its sockets,
 * its timers) is made with the backend's lock held. The context takes it for its own work: a
 * GSource asks libslirp for the fds it wants before each poll (slirp_pollfds_fill, which also
 * shortens the timeout while its TCP timers run) and hands the results back after it
 * (slirp_pollfds_poll, which also runs those timers); its other timers (router advertisements)
 * are timeout sources. Frames for the guest come out of send_packet on the thread that holds
 * the lock and go straight to the peer, which drops what it has no room for: TCP then
 * retransmits, as over a congested link.
 *
 * The peer may also send from a hart's thread with the lock (pvm_net_backend_try_lock()), so
 * that a guest's frame reaches the host socket, and the answer the guest, with no thread in
 * between. libslirp may then want other fds or an earlier timeout than the context polls for:
 * before the lock goes back, sync_context asks it again into a scratch array and wakes the
 * context only if the answer differs. A fill renumbers libslirp's pollfds indices, so a poll
 * result taken under the old numbering is then dropped (pollfds_poll with select_error) and
 * the next iteration polls again: poll() is level-triggered, nothing is lost.
 */
#include "hv/net/slirp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libslirp.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>

#include "hv/machine/guest-error.h"
#include "hv/machine/machine.h"

typedef struct NetSlirp NetSlirp;

typedef struct {
  GSource source;
  NetSlirp *ns;
  GArray *fds;          /* GPollFD, registered with the source between prepare and dispatch */
  int64_t deadline_us;  /* when the poll that prepare set up times out (G_MAXINT64: never) */
  atomic_bool stale;    /* libslirp's indices no longer number fds: drop this poll's result */
} SlirpSource;

typedef struct {
  NetSlirp *ns;
  SlirpTimerId id;
  void *cb_opaque;
  GSource *source; /* while armed */
} SlirpTimer;

struct NetSlirp {
  PvmNetBackend backend;
  GMutex lock; /* held around every call into libslirp */
  Slirp *slirp;
  SlirpSource *source;
  GArray *scratch; /* GPollFD: what libslirp wants now, asked from another thread */
};

/* ---- polling ---- */

/* Appends to the GArray of GPollFD @opaque. */
static int
slirp_add_poll (int fd, int events, void *opaque)
{
  GArray *fds = opaque;
  GPollFD pfd = { .fd = fd };

  if (events & SLIRP_POLL_IN)
    pfd.events |= G_IO_IN;
  if (events & SLIRP_POLL_OUT)
    pfd.events |= G_IO_OUT;
  if (events & SLIRP_POLL_PRI)
    pfd.events |= G_IO_PRI;
  if (events & SLIRP_POLL_ERR)
    pfd.events |= G_IO_ERR;
  if (events & SLIRP_POLL_HUP)
    pfd.events |= G_IO_HUP;
  g_array_append_val (fds, pfd);
  return (int) fds->len - 1;
}

static int
slirp_get_revents (int idx, void *opaque)
{
  SlirpSource *src = opaque;
  int events = 0;

  if (idx < 0 || (guint) idx >= src->fds->len)
    return 0;
  gushort r = g_array_index (src->fds, GPollFD, idx).revents;
  if (r & G_IO_IN)
    events |= SLIRP_POLL_IN;
  if (r & G_IO_OUT)
    events |= SLIRP_POLL_OUT;
  if (r & G_IO_PRI)
    events |= SLIRP_POLL_PRI;
  if (r & G_IO_ERR)
    events |= SLIRP_POLL_ERR;
  if (r & G_IO_HUP)
    events |= SLIRP_POLL_HUP;
  return events;
}

/* The absolute time at which a poll with libslirp's timeout @ms, asked now, ends. */
static int64_t
slirp_deadline (uint32_t ms)
{
  return ms > INT_MAX ? G_MAXINT64 : g_get_monotonic_time () + (int64_t) ms * 1000;
}

static bool
slirp_same_fds (GArray *a, GArray *b)
{
  if (a->len != b->len)
    return false;
  for (guint i = 0; i < a->len; i++) {
    const GPollFD *x = &g_array_index (a, GPollFD, i), *y = &g_array_index (b, GPollFD, i);
    if (x->fd != y->fd || x->events != y->events)
      return false;
  }
  return true;
}

static gboolean
slirp_source_prepare (GSource *source, gint *timeout)
{
  SlirpSource *src = (SlirpSource *) source;
  NetSlirp *ns = src->ns;
  uint32_t ms = UINT32_MAX;

  g_mutex_lock (&ns->lock);
  g_array_set_size (ns->scratch, 0);
  slirp_pollfds_fill (ns->slirp, &ms, slirp_add_poll, ns->scratch);
  atomic_store (&src->stale, false);
  src->deadline_us = slirp_deadline (ms);
  /* Registering an fd takes the context's lock: only when the set changed. */
  if (!slirp_same_fds (ns->scratch, src->fds)) {
    for (guint i = 0; i < src->fds->len; i++)
      g_source_remove_poll (source, &g_array_index (src->fds, GPollFD, i));
    GArray *t = src->fds;
    src->fds = ns->scratch;
    ns->scratch = t;
    for (guint i = 0; i < src->fds->len; i++)
      g_source_add_poll (source, &g_array_index (src->fds, GPollFD, i));
  }
  g_mutex_unlock (&ns->lock);
  *timeout = ms > INT_MAX ? -1 : (gint) ms;
  return FALSE;
}

/* Dispatched when an fd is ready, or when the timeout given in prepare (for libslirp's TCP
 * timers, which slirp_pollfds_poll() runs) has passed, or to drop a stale result. */
static gboolean
slirp_source_check (GSource *source)
{
  SlirpSource *src = (SlirpSource *) source;

  for (guint i = 0; i < src->fds->len; i++)
    if (g_array_index (src->fds, GPollFD, i).revents)
      return TRUE;
  return atomic_load (&src->stale) || g_get_monotonic_time () >= src->deadline_us;
}

static gboolean
slirp_source_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  SlirpSource *src = (SlirpSource *) source;
  NetSlirp *ns = src->ns;

  g_mutex_lock (&ns->lock);
  slirp_pollfds_poll (ns->slirp, atomic_load (&src->stale), slirp_get_revents, src);
  g_mutex_unlock (&ns->lock);
  return G_SOURCE_CONTINUE;
}

static void
slirp_source_finalize (GSource *source)
{
  g_array_unref (((SlirpSource *) source)->fds);
}

static GSourceFuncs slirp_source_funcs = {
  .prepare = slirp_source_prepare,
  .check = slirp_source_check,
  .dispatch = slirp_source_dispatch,
  .finalize = slirp_source_finalize,
};

/* ---- libslirp's callbacks ---- */

static ssize_t
slirp_send_packet (const void *buf, size_t len, void *opaque)
{
  NetSlirp *ns = opaque;

  pvm_net_backend_deliver (&ns->backend, buf, len);
  return (ssize_t) len;
}

static void
slirp_guest_error (const char *msg, void *opaque)
{
  pvm_guest_error ("user-mode network: %s", msg);
}

static int64_t
slirp_clock_get_ns (void *opaque)
{
  return g_get_monotonic_time () * 1000;
}

static gboolean
slirp_timer_fire (gpointer data)
{
  SlirpTimer *t = data;
  NetSlirp *ns = t->ns;

  g_mutex_lock (&ns->lock);
  /* Unless another thread re-armed or freed it while this waited for the lock. */
  if (t->source == g_main_current_source ()) {
    g_clear_pointer (&t->source, g_source_unref);
    slirp_handle_timer (ns->slirp, t->id, t->cb_opaque);
  }
  g_mutex_unlock (&ns->lock);
  return G_SOURCE_REMOVE;
}

static void
slirp_timer_disarm (SlirpTimer *t)
{
  if (t->source) {
    g_source_destroy (t->source);
    g_clear_pointer (&t->source, g_source_unref);
  }
}

static void *
slirp_timer_new_opaque (SlirpTimerId id, void *cb_opaque, void *opaque)
{
  SlirpTimer *t = g_new0 (SlirpTimer, 1);

  t->ns = opaque;
  t->id = id;
  t->cb_opaque = cb_opaque;
  return t;
}

static void
slirp_timer_free (void *timer, void *opaque)
{
  slirp_timer_disarm (timer);
  g_free (timer);
}

static void
slirp_timer_mod (void *timer, int64_t expire_ms, void *opaque)
{
  SlirpTimer *t = timer;
  int64_t delay = expire_ms - g_get_monotonic_time () / 1000;

  slirp_timer_disarm (t);
  t->source = g_timeout_source_new ((guint) CLAMP (delay, 0, G_MAXUINT));
  g_source_set_callback (t->source, slirp_timer_fire, t, NULL);
  g_source_attach (t->source, t->ns->backend.context);
}

static void
slirp_register_poll_fd (int fd, void *opaque)
{
}

static void
slirp_unregister_poll_fd (int fd, void *opaque)
{
}

static void
slirp_notify (void *opaque)
{
  NetSlirp *ns = opaque;

  g_main_context_wakeup (ns->backend.context);
}

static void
slirp_init_completed (Slirp *slirp, void *opaque)
{
}

static const SlirpCb slirp_callbacks = {
  .send_packet = slirp_send_packet,
  .guest_error = slirp_guest_error,
  .clock_get_ns = slirp_clock_get_ns,
  .timer_free = slirp_timer_free,
  .timer_mod = slirp_timer_mod,
  .register_poll_fd = slirp_register_poll_fd,
  .unregister_poll_fd = slirp_unregister_poll_fd,
  .notify = slirp_notify,
  .init_completed = slirp_init_completed,
  .timer_new_opaque = slirp_timer_new_opaque,
};

/* ---- the backend ---- */

/* With the lock, after work on another thread: wakes the context if libslirp now wants other
 * fds than those it polls, or an earlier timeout. */
static void
slirp_sync_context (PvmNetBackend *backend)
{
  NetSlirp *ns = (NetSlirp *) backend;
  SlirpSource *src = ns->source;
  uint32_t ms = UINT32_MAX;

  g_array_set_size (ns->scratch, 0);
  slirp_pollfds_fill (ns->slirp, &ms, slirp_add_poll, ns->scratch);
  bool same = slirp_same_fds (ns->scratch, src->fds);
  if (same && slirp_deadline (ms) >= src->deadline_us)
    return;
  if (!same)
    atomic_store (&src->stale, true);
  g_main_context_wakeup (backend->context);
}

/* Called with the lock held. */
static void
slirp_send (PvmNetBackend *backend, const uint8_t *frame, size_t len)
{
  NetSlirp *ns = (NetSlirp *) backend;

  if (len <= INT_MAX)
    slirp_input (ns->slirp, frame, (int) len);
}

static void
slirp_free (PvmNetBackend *backend)
{
  NetSlirp *ns = (NetSlirp *) backend;

  if (ns->slirp)
    slirp_cleanup (ns->slirp);
  if (ns->source) {
    g_source_destroy (&ns->source->source);
    g_source_unref (&ns->source->source);
  }
  g_array_unref (ns->scratch);
  g_mutex_clear (&ns->lock);
  g_free (ns);
}

static const PvmNetBackendOps slirp_ops = {
  .name = "user",
  .send = slirp_send,
  .free = slirp_free,
  .sync_context = slirp_sync_context,
};

static void
slirp_addr (const char *text, struct in_addr *addr)
{
  int ok = inet_pton (AF_INET, text, addr);

  g_assert (ok == 1);
}

static void
slirp_addr6 (const char *text, struct in6_addr *addr)
{
  int ok = inet_pton (AF_INET6, text, addr);

  g_assert (ok == 1);
}

static gboolean
slirp_add_forwards (NetSlirp *ns, const PvmNetConfig *config, GError **error)
{
  for (unsigned i = 0; i < config->n_forwards; i++) {
    const PvmNetForward *f = &config->forwards[i];
    char host[INET_ADDRSTRLEN], guest[INET_ADDRSTRLEN];

    errno = 0;
    if (slirp_add_hostfwd (ns->slirp, f->udp, f->host_addr, f->host_port, f->guest_addr,
                           f->guest_port) == 0)
      continue;
    int err = errno;
    inet_ntop (AF_INET, &f->host_addr, host, sizeof host);
    inet_ntop (AF_INET, &f->guest_addr, guest, sizeof guest);
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED,
                 "Cannot forward %s port %s:%u of the host to %s:%u in the guest: %s",
                 f->udp ? "UDP" : "TCP", host, f->host_port, guest, f->guest_port,
                 err ? g_strerror (err) : "the port is taken");
    return FALSE;
  }
  return TRUE;
}

PvmNetBackend *
pvm_net_slirp_new (const PvmNetConfig *config, GMainContext *context, GError **error)
{
  NetSlirp *ns = g_new0 (NetSlirp, 1);
  SlirpConfig cfg = {
    .version = 4,
    .restricted = 0,
    .in_enabled = true,
    .in6_enabled = true,
    .vprefix_len = 64,
  };

  pvm_net_backend_init (&ns->backend, &slirp_ops, context);
  g_mutex_init (&ns->lock);
  ns->backend.lock = &ns->lock;
  ns->backend.large_segments = true;
  ns->scratch = g_array_new (FALSE, FALSE, sizeof (GPollFD));
  slirp_addr (PVM_NET_USER_NETWORK, &cfg.vnetwork);
  slirp_addr (PVM_NET_USER_NETMASK, &cfg.vnetmask);
  slirp_addr (PVM_NET_USER_HOST, &cfg.vhost);
  slirp_addr (PVM_NET_USER_GUEST, &cfg.vdhcp_start);
  slirp_addr (PVM_NET_USER_DNS, &cfg.vnameserver);
  slirp_addr6 ("fec0::", &cfg.vprefix_addr6);
  slirp_addr6 ("fec0::2", &cfg.vhost6);
  slirp_addr6 ("fec0::3", &cfg.vnameserver6);

  ns->slirp = slirp_new (&cfg, &slirp_callbacks, ns);
  if (!ns->slirp) {
    g_set_error_literal (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED,
                         "Cannot start the user-mode network");
    pvm_net_backend_free (&ns->backend);
    return NULL;
  }
  if (!slirp_add_forwards (ns, config, error)) {
    pvm_net_backend_free (&ns->backend);
    return NULL;
  }

  ns->source = (SlirpSource *) g_source_new (&slirp_source_funcs, sizeof (SlirpSource));
  ns->source->ns = ns;
  ns->source->fds = g_array_new (FALSE, FALSE, sizeof (GPollFD));
  ns->source->deadline_us = G_MAXINT64;
  g_source_set_name (&ns->source->source, "pvm user-mode network");
  /* GLib unregisters the fds of a source that cannot recurse around each dispatch, and each
   * change of the fds wakes the context: with a TCP connection open, the loop would never
   * sleep. */
  g_source_set_can_recurse (&ns->source->source, TRUE);
  g_source_attach (&ns->source->source, context);
  return &ns->backend;
}

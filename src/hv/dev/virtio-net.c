/* virtio-net.c: a virtio network card on a network backend.
 *
 * Configuration space (struct virtio_net_config, little-endian, read-only):
 *   0x00 mac[6]   0x06 status (u16: LINK_UP)   0x08 max_virtqueue_pairs (u16, 1)
 *   0x0a mtu (u16, 1500)
 * Features: VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS (the link is always up), VIRTIO_NET_F_CSUM
 * (the card completes the checksum a transmit header asks for, natively rather than in the
 * guest's interpreted code), and with a backend that takes large segments (user-mode
 * networking, whose own TCP sends them on) VIRTIO_NET_F_HOST_TSO4/6: the guest's TCP hands
 * over segments of up to 64 KiB, which go to the backend whole, so that its stack, the
 * queues and libslirp each do a frame's work once per 64 KiB rather than per 1460 bytes. No
 * receive offloads, no control queue, and no VIRTIO_NET_F_MRG_RXBUF: a frame spanning several receive buffers must
 * reach the driver all at once, which the transport's one-chain-at-a-time completion does not
 * give. Linux then posts receive buffers of 1518 bytes plus the header, enough for the 1500-byte
 * MTU of the user-mode network and of a bridge.
 *
 * Queue 0 (receive): device-writable chains, each given one frame: the 12-byte header
 * (all zero but num_buffers = 1) then the frame. Queue 1 (transmit): device-readable chains,
 * each one frame after its 12-byte header, of which only flags (NEEDS_CSUM), gso_type,
 * csum_start and csum_offset matter; a header asking for what was not negotiated, or a
 * checksum field outside the frame, is a guest error and the frame is dropped.
 *
 * A notification is worked at once on the thread that made it (the hart) when the backend
 * allows it (pvm_net_backend_try_lock(): user-mode networking, while its lock is free): a frame
 * the guest sends reaches the host, and libslirp's answer (an ACK) the receive queue, before the
 * guest's write to QueueNotify ends, with no thread in between. Otherwise (a tap, or the
 * backend busy on its context) the notification marks its queue and wakes the context, which
 * does the work, so a hart never waits for the host network. The wake-up is an eventfd of the
 * device's own, written only when the mark is new and the context may be asleep in poll(); the
 * hart never takes the context's lock. Frames from the backend go straight into a receive
 * buffer; while the guest has given none they wait in a backlog of PVM_VIRTIO_NET_BACKLOG
 * frames, and the backend is told to hold back (a tap stops reading) or, if it cannot
 * (user-mode networking), what does not fit is dropped. A chain is completed in the same
 * dispatch that took it, so a reset never waits for the context.
 */
#include "hv/dev/virtio-net.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/pvm-bytes.h"
#include "hv/machine/guest-error.h"

#define NET_MAX_IOV 64
#define NET_TX_BATCH 64 /* chains sent per dispatch before the loop gets its turn */
#define NET_ETH_HLEN 14
#define NET_MTU 1500

struct PvmVirtioNet {
  PvmVirtioMmio *mmio;
  PvmNetBackend *backend;
  GSource *work;        /* dispatched on the context when a queue was notified */
  int wake_fd;          /* an eventfd the work source polls */
  atomic_uint notified; /* bit q: queue q was notified since the last dispatch */
  atomic_bool polling;  /* the context may be in poll(): a new mark must write wake_fd */
  _Atomic uint64_t features; /* accepted by the driver */
  /* Frame bytes (virtio headers not counted) given to the guest and sent for it. */
  _Atomic uint64_t rx_bytes, tx_bytes;

  /* Saved. */
  uint8_t mac[6];
  uint16_t status;

  /* The context's, or whoever holds the backend's lock (with a backend that has one). */
  GQueue backlog; /* GBytes, frames for the guest waiting for a receive buffer */
  uint64_t rx_dropped;
  bool in_notify; /* worked from net_notify(): the transport's lock is held already */
  struct iovec iov[NET_MAX_IOV];
  uint8_t frame[PVM_VIRTIO_NET_FRAME_MAX];
};

/* Copies @len bytes of @buf into @iov (@n entries) from byte @skip on; the iovec must hold
 * them. */
static void
iov_write (const struct iovec *iov, unsigned n, size_t skip, const void *buf, size_t len)
{
  const uint8_t *p = buf;

  for (unsigned i = 0; i < n && len; i++) {
    if (skip >= iov[i].iov_len) {
      skip -= iov[i].iov_len;
      continue;
    }
    size_t take = MIN (iov[i].iov_len - skip, len);
    memcpy ((uint8_t *) iov[i].iov_base + skip, p, take);
    p += take;
    len -= take;
    skip = 0;
  }
}

/* Copies @len bytes of @iov from byte @skip on into @buf; the iovec must hold them. */
static void
iov_read (const struct iovec *iov, unsigned n, size_t skip, void *buf, size_t len)
{
  uint8_t *p = buf;

  for (unsigned i = 0; i < n && len; i++) {
    if (skip >= iov[i].iov_len) {
      skip -= iov[i].iov_len;
      continue;
    }
    size_t take = MIN (iov[i].iov_len - skip, len);
    memcpy (p, (const uint8_t *) iov[i].iov_base + skip, take);
    p += take;
    len -= take;
    skip = 0;
  }
}

/* Takes the next chain of @queue into net->iov: from inside net_notify() under the transport's
 * lock it already holds, else taking it. */
static int
net_take (PvmVirtioNet *net, unsigned queue, PvmVirtqElem *elem)
{
  if (net->in_notify)
    return pvm_virtio_mmio_pop (net->mmio, queue, net->iov, NET_MAX_IOV, elem);
  return pvm_virtio_mmio_take (net->mmio, queue, net->iov, NET_MAX_IOV, elem);
}

static void
net_done (PvmVirtioNet *net, unsigned queue, uint16_t head, uint32_t len)
{
  if (net->in_notify)
    pvm_virtio_mmio_complete (net->mmio, queue, head, len);
  else
    pvm_virtio_mmio_push (net->mmio, queue, head, len);
}

/* ---- receive: frames to the guest ---- */

/* Puts @frame in the guest's next receive buffer. Returns 1 if the frame is done with (given,
 * or dropped because the buffer is too small), 0 if the guest has no buffer, -1 if the queue
 * is broken (the device then needs a reset). */
static int
net_rx_one (PvmVirtioNet *net, const uint8_t *frame, size_t len)
{
  uint8_t hdr[PVM_VIRTIO_NET_HDR_SIZE] = { 0 };

  for (;;) {
    PvmVirtqElem elem;
    int r = net_take (net, PVM_VIRTIO_NET_RXQ, &elem);
    if (r <= 0)
      return r;
    if (elem.n_out) {
      pvm_guest_error ("virtio-net: receive buffer %u has device-readable parts", elem.head);
      net_done (net, PVM_VIRTIO_NET_RXQ, elem.head, 0);
      continue;
    }
    if (elem.in_len < sizeof hdr + len) {
      net->rx_dropped++;
      net_done (net, PVM_VIRTIO_NET_RXQ, elem.head, 0);
      return 1;
    }
    pvm_le_put (hdr + 10, 1, 2); /* num_buffers */
    iov_write (net->iov, elem.n_in, 0, hdr, sizeof hdr);
    iov_write (net->iov, elem.n_in, sizeof hdr, frame, len);
    net_done (net, PVM_VIRTIO_NET_RXQ, elem.head, (uint32_t) (sizeof hdr + len));
    atomic_fetch_add_explicit (&net->rx_bytes, len, memory_order_relaxed);
    return 1;
  }
}

/* Gives the waiting frames to the guest while it has buffers; then lets the backend send
 * again if there is room. */
static void
net_rx_flush (PvmVirtioNet *net)
{
  GBytes *frame;

  while ((frame = g_queue_peek_head (&net->backlog))) {
    gsize len;
    const uint8_t *data = g_bytes_get_data (frame, &len);
    if (net_rx_one (net, data, len) <= 0)
      break;
    g_bytes_unref (g_queue_pop_head (&net->backlog));
  }
  if (net->backlog.length < PVM_VIRTIO_NET_BACKLOG)
    pvm_net_backend_resume (net->backend);
}

/* The backend's peer callback, with the backend's lock if it has one. */
static bool
net_receive (void *opaque, const uint8_t *frame, size_t len)
{
  PvmVirtioNet *net = opaque;

  if (g_queue_is_empty (&net->backlog) && net_rx_one (net, frame, len) > 0)
    return true;
  if (net->backlog.length < PVM_VIRTIO_NET_BACKLOG)
    g_queue_push_tail (&net->backlog, g_bytes_new (frame, len));
  else
    net->rx_dropped++;
  return net->backlog.length < PVM_VIRTIO_NET_BACKLOG;
}

/* ---- transmit: frames from the guest ---- */

/* The Internet checksum of @len bytes at @p (RFC 1071), big-endian words, not complemented. */
static uint32_t
net_csum_add (uint32_t sum, const uint8_t *p, size_t len)
{
  uint64_t acc = sum;

  for (; len >= 8; p += 8, len -= 8) {
    uint64_t w;
    memcpy (&w, p, 8);
    w = GUINT64_FROM_BE (w);
    acc += (w >> 48) + ((w >> 32) & 0xffff) + ((w >> 16) & 0xffff) + (w & 0xffff);
  }
  for (; len >= 2; p += 2, len -= 2)
    acc += (uint32_t) (p[0] << 8 | p[1]);
  if (len)
    acc += (uint32_t) p[0] << 8;
  while (acc >> 16)
    acc = (acc & 0xffff) + (acc >> 16);
  return (uint32_t) acc;
}

/* Applies the transmit header @hdr to the frame of @len bytes in net->frame: completes the
 * checksum it asks for. Returns false (guest error logged) if it asks for an offload that was
 * not negotiated or the checksum field lies outside the frame. */
static bool
net_tx_offload (PvmVirtioNet *net, uint16_t head, const uint8_t *hdr, size_t len)
{
  uint64_t features = atomic_load_explicit (&net->features, memory_order_relaxed);
  uint8_t flags = hdr[0], gso = hdr[1] & (uint8_t) ~PVM_VIRTIO_NET_GSO_ECN;
  uint64_t tso = (gso == PVM_VIRTIO_NET_GSO_TCPV4) ? 1ull << PVM_VIRTIO_NET_F_HOST_TSO4
                 : (gso == PVM_VIRTIO_NET_GSO_TCPV6) ? 1ull << PVM_VIRTIO_NET_F_HOST_TSO6 : 0;

  if (hdr[1] != PVM_VIRTIO_NET_GSO_NONE && !(features & tso)) {
    pvm_guest_error ("virtio-net: transmit chain %u asks for segmentation type 0x%x, which was "
                     "not negotiated", head, hdr[1]);
    return false;
  }
  if (!(flags & PVM_VIRTIO_NET_HDR_F_NEEDS_CSUM))
    return true;
  size_t start = pvm_le_get (hdr + 6, 2), offset = pvm_le_get (hdr + 8, 2);
  if (!(features & (1ull << PVM_VIRTIO_NET_F_CSUM)) || start + offset + 2 > len) {
    pvm_guest_error ("virtio-net: transmit chain %u asks for a checksum at %zu + %zu in a frame "
                     "of %zu bytes%s", head, start, offset, len,
                     (features & (1ull << PVM_VIRTIO_NET_F_CSUM)) ? "" : " without VIRTIO_NET_F_CSUM");
    return false;
  }
  /* The field holds the pseudo-header's sum already. */
  uint16_t sum = (uint16_t) ~net_csum_add (0, net->frame + start, len - start);
  net->frame[start + offset] = (uint8_t) (sum >> 8);
  net->frame[start + offset + 1] = (uint8_t) sum;
  return true;
}

/* Sends one chain of the transmit queue. Returns false when there is none (or the queue is
 * broken). */
static bool
net_tx_one (PvmVirtioNet *net)
{
  PvmVirtqElem elem;
  int r = net_take (net, PVM_VIRTIO_NET_TXQ, &elem);

  if (r <= 0)
    return false;
  uint64_t len = elem.out_len - MIN (elem.out_len, PVM_VIRTIO_NET_HDR_SIZE);
  if (elem.n_in) {
    pvm_guest_error ("virtio-net: transmit chain %u has device-writable parts", elem.head);
  } else if (elem.out_len < PVM_VIRTIO_NET_HDR_SIZE + NET_ETH_HLEN ||
             len > PVM_VIRTIO_NET_FRAME_MAX) {
    pvm_guest_error ("virtio-net: transmit chain %u holds %" G_GUINT64_FORMAT " bytes, not a "
                     "header and a frame of %u to %u bytes", elem.head, elem.out_len,
                     NET_ETH_HLEN, PVM_VIRTIO_NET_FRAME_MAX);
  } else {
    uint8_t hdr[PVM_VIRTIO_NET_HDR_SIZE];
    iov_read (net->iov, elem.n_out, 0, hdr, sizeof hdr);
    iov_read (net->iov, elem.n_out, PVM_VIRTIO_NET_HDR_SIZE, net->frame, (size_t) len);
    net_done (net, PVM_VIRTIO_NET_TXQ, elem.head, 0);
    if (net_tx_offload (net, elem.head, hdr, (size_t) len)) {
      pvm_net_backend_send (net->backend, net->frame, (size_t) len);
      atomic_fetch_add_explicit (&net->tx_bytes, len, memory_order_relaxed);
    }
    return true;
  }
  net_done (net, PVM_VIRTIO_NET_TXQ, elem.head, 0);
  return true;
}

/* ---- the context's work ---- */

typedef struct {
  GSource source;
  PvmVirtioNet *net;
  gpointer tag; /* wake_fd's */
} NetSource;

/* Works the queues in the bits of @queues, with the backend's lock if it has one. Returns
 * whether transmit chains were left for another turn. */
static bool
net_work (PvmVirtioNet *net, unsigned queues)
{
  unsigned n = 0;

  if (queues & (1u << PVM_VIRTIO_NET_RXQ))
    net_rx_flush (net);
  if (queues & (1u << PVM_VIRTIO_NET_TXQ)) {
    while (n < NET_TX_BATCH && net_tx_one (net))
      n++;
  }
  return n == NET_TX_BATCH;
}

/* Marks @queue and wakes the context if it may be asleep; from any thread. Sequentially
 * consistent against net_source_prepare(): either it sees the mark before it polls, or this
 * sees it polling. */
static void
net_wake (PvmVirtioNet *net, unsigned queue)
{
  if (atomic_fetch_or (&net->notified, 1u << queue) != 0 || !atomic_load (&net->polling))
    return;
  uint64_t one = 1;
  while (write (net->wake_fd, &one, sizeof one) < 0 && errno == EINTR)
    ;
}

static gboolean
net_source_prepare (GSource *source, gint *timeout)
{
  PvmVirtioNet *net = ((NetSource *) source)->net;

  *timeout = -1;
  atomic_store (&net->polling, true);
  return atomic_load (&net->notified) != 0;
}

static gboolean
net_source_check (GSource *source)
{
  NetSource *ns = (NetSource *) source;
  PvmVirtioNet *net = ns->net;

  atomic_store_explicit (&net->polling, false, memory_order_relaxed);
  if (g_source_query_unix_fd (source, ns->tag) & G_IO_IN) {
    uint64_t count;
    while (read (net->wake_fd, &count, sizeof count) < 0 && errno == EINTR)
      ;
  }
  return atomic_load (&net->notified) != 0;
}

static gboolean
net_source_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  PvmVirtioNet *net = ((NetSource *) source)->net;

  atomic_store_explicit (&net->polling, false, memory_order_relaxed);
  pvm_net_backend_lock (net->backend);
  bool more = net_work (net, atomic_exchange (&net->notified, 0));
  pvm_net_backend_unlock (net->backend);
  if (more) /* the next iteration goes on, after the other sources */
    atomic_fetch_or (&net->notified, 1u << PVM_VIRTIO_NET_TXQ);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs net_source_funcs = {
  .prepare = net_source_prepare,
  .check = net_source_check,
  .dispatch = net_source_dispatch,
};

/* ---- the transport's calls ---- */

static uint64_t
net_get_features (void *dev)
{
  PvmVirtioNet *net = dev;
  uint64_t f = (1ull << PVM_VIRTIO_NET_F_MAC) | (1ull << PVM_VIRTIO_NET_F_STATUS) |
               (1ull << PVM_VIRTIO_NET_F_CSUM);

  if (net->backend->large_segments)
    f |= (1ull << PVM_VIRTIO_NET_F_HOST_TSO4) | (1ull << PVM_VIRTIO_NET_F_HOST_TSO6);
  return f;
}

static void
net_set_features (void *dev, uint64_t features)
{
  PvmVirtioNet *net = dev;

  atomic_store (&net->features, features);
}

static uint64_t
net_read_config (void *dev, uint32_t offset, unsigned size)
{
  PvmVirtioNet *net = dev;
  uint8_t config[PVM_VIRTIO_NET_CFG_SIZE] = { 0 };

  memcpy (config + PVM_VIRTIO_NET_CFG_MAC, net->mac, sizeof net->mac);
  pvm_le_put (config + PVM_VIRTIO_NET_CFG_STATUS, net->status, 2);
  pvm_le_put (config + PVM_VIRTIO_NET_CFG_MAX_PAIRS, 1, 2);
  pvm_le_put (config + PVM_VIRTIO_NET_CFG_MTU, NET_MTU, 2);
  return pvm_le_get (config + offset, size);
}

static void
net_notify (void *dev, unsigned queue)
{
  PvmVirtioNet *net = dev;

  if (!pvm_net_backend_try_lock (net->backend)) {
    net_wake (net, queue);
    return;
  }
  net->in_notify = true;
  bool more = net_work (net, 1u << queue);
  net->in_notify = false;
  pvm_net_backend_unlock (net->backend);
  if (more)
    net_wake (net, PVM_VIRTIO_NET_TXQ);
}

static void
net_reset (void *dev)
{
  PvmVirtioNet *net = dev;

  atomic_store (&net->notified, 0);
  atomic_store (&net->features, 0);
}

static void
net_free (void *dev)
{
  PvmVirtioNet *net = dev;

  pvm_net_backend_free (net->backend);
  g_source_destroy (net->work);
  g_source_unref (net->work);
  close (net->wake_fd);
  g_queue_clear_full (&net->backlog, (GDestroyNotify) g_bytes_unref);
  g_free (net);
}

static const PvmVirtioDeviceOps net_device_ops = {
  .name = "virtio-net",
  .device_id = PVM_VIRTIO_NET_DEVICE_ID,
  .n_queues = 2,
  .queue_max = PVM_VIRTIO_NET_QUEUE_SIZE,
  .config_size = PVM_VIRTIO_NET_CFG_SIZE,
  .get_features = net_get_features,
  .set_features = net_set_features,
  .read_config = net_read_config,
  .notify = net_notify,
  .reset = net_reset,
  .free = net_free,
};

PvmVirtioNet *
pvm_virtio_net_new (PvmVirtioMmio *mmio, PvmNetBackend *backend, const uint8_t mac[6],
                    GMainContext *context)
{
  PvmVirtioNet *net = g_new0 (PvmVirtioNet, 1);

  net->mmio = mmio;
  net->backend = backend;
  memcpy (net->mac, mac, sizeof net->mac);
  net->status = PVM_VIRTIO_NET_S_LINK_UP;
  g_queue_init (&net->backlog);
  net->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (net->wake_fd < 0)
    g_error ("virtio-net: cannot create an eventfd: %s", g_strerror (errno));
  net->work = g_source_new (&net_source_funcs, sizeof (NetSource));
  ((NetSource *) net->work)->net = net;
  ((NetSource *) net->work)->tag = g_source_add_unix_fd (net->work, net->wake_fd, G_IO_IN);
  g_source_set_name (net->work, "virtio-net");
  g_source_set_can_recurse (net->work, TRUE); /* no wake-up of the context around dispatch */
  g_source_attach (net->work, context);
  pvm_net_backend_set_peer (backend, net_receive, net);
  pvm_virtio_mmio_plug (mmio, &net_device_ops, net);
  return net;
}

uint64_t
pvm_virtio_net_rx_dropped (PvmVirtioNet *net)
{
  pvm_net_backend_lock (net->backend);
  uint64_t n = net->rx_dropped;
  pvm_net_backend_unlock (net->backend);
  return n;
}

void
pvm_virtio_net_get_stats (PvmVirtioNet *net, uint64_t *rx_bytes, uint64_t *tx_bytes)
{
  *rx_bytes = atomic_load_explicit (&net->rx_bytes, memory_order_relaxed);
  *tx_bytes = atomic_load_explicit (&net->tx_bytes, memory_order_relaxed);
}

/* ---- state ---- */

static gboolean
net_post_load (void *obj, GError **error)
{
  PvmVirtioNet *net = obj;

  if (net->status & ~(uint16_t) PVM_VIRTIO_NET_S_LINK_UP) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                 "field 'status' holds 0x%x: unknown bits", net->status);
    return FALSE;
  }
  if (net->mac[0] & 1) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                 "field 'mac' holds a multicast address");
    return FALSE;
  }
  return TRUE;
}

static const PvmVmField net_fields[] = {
  PVM_VM_BYTES (PvmVirtioNet, mac, 6),
  PVM_VM_U16 (PvmVirtioNet, status),
  PVM_VM_END,
};

const PvmVmState pvm_virtio_net_vmstate = {
  .name = "virtio-net",
  .version = 1,
  .min_version = 1,
  .fields = net_fields,
  .post_load = net_post_load,
};

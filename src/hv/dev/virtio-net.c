/* virtio-net.c: a virtio network card on a network backend.
 *
 * Configuration space (struct virtio_net_config, little-endian, read-only):
 *   0x00 mac[6]   0x06 status (u16: LINK_UP)   0x08 max_virtqueue_pairs (u16, 1)
 *   0x0a mtu (u16, 1500)
 * Features: VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS; the link is always up. No offloads, no
 * control queue, and no VIRTIO_NET_F_MRG_RXBUF: a frame spanning several receive buffers must
 * reach the driver all at once, which the transport's one-chain-at-a-time completion does not
 * give. Linux then posts receive buffers of 1518 bytes plus the header, enough for the 1500-byte
 * MTU of the user-mode network and of a bridge.
 *
 * Queue 0 (receive): device-writable chains, each given one frame: the 12-byte header
 * (all zero but num_buffers = 1) then the frame. Queue 1 (transmit): device-readable chains,
 * each one frame after its 12-byte header, which is ignored (no offload was offered).
 *
 * All the work runs on the context, the backend's thread: a notification only marks its queue
 * and wakes the context, so a hart never waits for the host network. Frames from the backend
 * go straight into a receive buffer; while the guest has given none they wait in a backlog of
 * PVM_VIRTIO_NET_BACKLOG frames, and the backend is told to hold back (a tap stops reading) or,
 * if it cannot (user-mode networking), what does not fit is dropped. A chain is completed in
 * the same dispatch that took it, so a reset never waits for the context.
 */
#include "hv/dev/virtio-net.h"

#include <stdatomic.h>
#include <string.h>

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
  atomic_uint notified; /* bit q: queue q was notified since the last dispatch */

  /* Saved. */
  uint8_t mac[6];
  uint16_t status;

  /* The context's. */
  GQueue backlog; /* GBytes, frames for the guest waiting for a receive buffer */
  uint64_t rx_dropped;
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
    int r = pvm_virtio_mmio_take (net->mmio, PVM_VIRTIO_NET_RXQ, net->iov, NET_MAX_IOV, &elem);
    if (r <= 0)
      return r;
    if (elem.n_out) {
      pvm_guest_error ("virtio-net: receive buffer %u has device-readable parts", elem.head);
      pvm_virtio_mmio_push (net->mmio, PVM_VIRTIO_NET_RXQ, elem.head, 0);
      continue;
    }
    if (elem.in_len < sizeof hdr + len) {
      net->rx_dropped++;
      pvm_virtio_mmio_push (net->mmio, PVM_VIRTIO_NET_RXQ, elem.head, 0);
      return 1;
    }
    pvm_le_put (hdr + 10, 1, 2); /* num_buffers */
    iov_write (net->iov, elem.n_in, 0, hdr, sizeof hdr);
    iov_write (net->iov, elem.n_in, sizeof hdr, frame, len);
    pvm_virtio_mmio_push (net->mmio, PVM_VIRTIO_NET_RXQ, elem.head,
                          (uint32_t) (sizeof hdr + len));
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

/* The backend's peer callback. */
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

/* Sends one chain of the transmit queue. Returns false when there is none (or the queue is
 * broken). */
static bool
net_tx_one (PvmVirtioNet *net)
{
  PvmVirtqElem elem;
  int r = pvm_virtio_mmio_take (net->mmio, PVM_VIRTIO_NET_TXQ, net->iov, NET_MAX_IOV, &elem);

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
    iov_read (net->iov, elem.n_out, PVM_VIRTIO_NET_HDR_SIZE, net->frame, (size_t) len);
    pvm_virtio_mmio_push (net->mmio, PVM_VIRTIO_NET_TXQ, elem.head, 0);
    pvm_net_backend_send (net->backend, net->frame, (size_t) len);
    return true;
  }
  pvm_virtio_mmio_push (net->mmio, PVM_VIRTIO_NET_TXQ, elem.head, 0);
  return true;
}

/* ---- the context's work ---- */

static gboolean
net_work (gpointer data)
{
  PvmVirtioNet *net = data;
  unsigned notified = atomic_exchange (&net->notified, 0);

  if (notified & (1u << PVM_VIRTIO_NET_RXQ))
    net_rx_flush (net);
  if (notified & (1u << PVM_VIRTIO_NET_TXQ)) {
    unsigned n = 0;
    while (n < NET_TX_BATCH && net_tx_one (net))
      n++;
    if (n == NET_TX_BATCH) {
      atomic_fetch_or (&net->notified, 1u << PVM_VIRTIO_NET_TXQ);
      g_source_set_ready_time (net->work, 0);
    }
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
net_work_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  g_source_set_ready_time (source, -1);
  return callback (data);
}

static GSourceFuncs net_work_funcs = {
  .dispatch = net_work_dispatch,
};

/* ---- the transport's calls ---- */

static uint64_t
net_get_features (void *dev)
{
  return (1ull << PVM_VIRTIO_NET_F_MAC) | (1ull << PVM_VIRTIO_NET_F_STATUS);
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

  atomic_fetch_or (&net->notified, 1u << queue);
  g_source_set_ready_time (net->work, 0);
}

static void
net_reset (void *dev)
{
  PvmVirtioNet *net = dev;

  atomic_store (&net->notified, 0);
}

static void
net_free (void *dev)
{
  PvmVirtioNet *net = dev;

  pvm_net_backend_free (net->backend);
  g_source_destroy (net->work);
  g_source_unref (net->work);
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
  net->work = g_source_new (&net_work_funcs, sizeof (GSource));
  g_source_set_callback (net->work, net_work, net, NULL);
  g_source_set_name (net->work, "virtio-net");
  g_source_attach (net->work, context);
  pvm_net_backend_set_peer (backend, net_receive, net);
  pvm_virtio_mmio_plug (mmio, &net_device_ops, net);
  return net;
}

uint64_t
pvm_virtio_net_rx_dropped (PvmVirtioNet *net)
{
  return net->rx_dropped;
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

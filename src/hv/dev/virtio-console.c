/* virtio-console.c: a virtio console with one port on a chardev.
 *
 * Configuration space (struct virtio_console_config, little-endian, read-only):
 *   0x00 cols (u16, 0)   0x02 rows (u16, 0)   0x04 max_nr_ports (u32, 1)   0x08 emerg_wr (u32)
 * No features: no VIRTIO_CONSOLE_F_SIZE, no MULTIPORT (so no control queues: port 0 is the
 * console), no EMERG_WRITE.
 *
 * Queue 0 (receiveq0): device-writable chains the host's input is copied into; each is
 * completed with what it got. Input is taken from the chardev only as far as the guest has
 * buffers: the chardev keeps the rest and stops reading until the guest gives more (its
 * notification calls pvm_chardev_accept_input()). Queue 1 (transmitq0): device-readable chains
 * whose bytes go to the chardev. Both run on the chardev's context; a notification only wakes
 * it, and every chain is completed in the dispatch that took it.
 */
#include "hv/dev/virtio-console.h"

#include <stdatomic.h>
#include <string.h>

#include "common/pvm-bytes.h"
#include "hv/machine/guest-error.h"

#define CONSOLE_MAX_IOV 64
#define CONSOLE_TX_BATCH 64 /* chains written per dispatch before the loop gets its turn */

struct PvmVirtioConsole {
  PvmVirtioMmio *mmio;
  PvmChardev *chr;
  GSource *work;        /* dispatched on the context when the output queue was notified */
  atomic_bool tx_notified;
  struct iovec iov[CONSOLE_MAX_IOV]; /* the context's */
};

/* The chardev's frontend callback: host input into the guest's buffers. */
static size_t
console_receive (void *opaque, const uint8_t *buf, size_t len)
{
  PvmVirtioConsole *con = opaque;
  size_t taken = 0;

  while (taken < len) {
    PvmVirtqElem elem;
    int r = pvm_virtio_mmio_take (con->mmio, PVM_VIRTIO_CONSOLE_RXQ, con->iov, CONSOLE_MAX_IOV,
                                  &elem);
    if (r <= 0)
      break;
    if (elem.n_out) {
      pvm_guest_error ("virtio-console: input buffer %u has device-readable parts", elem.head);
      pvm_virtio_mmio_push (con->mmio, PVM_VIRTIO_CONSOLE_RXQ, elem.head, 0);
      continue;
    }
    size_t put = 0;
    for (unsigned i = 0; i < elem.n_in && taken < len; i++) {
      size_t n = MIN (con->iov[i].iov_len, len - taken);
      memcpy (con->iov[i].iov_base, buf + taken, n);
      taken += n;
      put += n;
    }
    pvm_virtio_mmio_push (con->mmio, PVM_VIRTIO_CONSOLE_RXQ, elem.head, (uint32_t) put);
  }
  return taken;
}

/* Writes one chain of the output queue to the chardev. Returns false when there is none. */
static bool
console_tx_one (PvmVirtioConsole *con)
{
  PvmVirtqElem elem;
  int r = pvm_virtio_mmio_take (con->mmio, PVM_VIRTIO_CONSOLE_TXQ, con->iov, CONSOLE_MAX_IOV,
                                &elem);

  if (r <= 0)
    return false;
  if (elem.n_in)
    pvm_guest_error ("virtio-console: output chain %u has device-writable parts", elem.head);
  else
    for (unsigned i = 0; i < elem.n_out; i++)
      pvm_chardev_write (con->chr, con->iov[i].iov_base, con->iov[i].iov_len);
  pvm_virtio_mmio_push (con->mmio, PVM_VIRTIO_CONSOLE_TXQ, elem.head, 0);
  return true;
}

static gboolean
console_work (gpointer data)
{
  PvmVirtioConsole *con = data;
  unsigned n = 0;

  if (!atomic_exchange (&con->tx_notified, false))
    return G_SOURCE_CONTINUE;
  while (n < CONSOLE_TX_BATCH && console_tx_one (con))
    n++;
  if (n == CONSOLE_TX_BATCH) {
    atomic_store (&con->tx_notified, true);
    g_source_set_ready_time (con->work, 0);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
console_work_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  g_source_set_ready_time (source, -1);
  return callback (data);
}

static GSourceFuncs console_work_funcs = {
  .dispatch = console_work_dispatch,
};

/* ---- the transport's calls ---- */

static uint64_t
console_get_features (void *dev)
{
  return 0;
}

static uint64_t
console_read_config (void *dev, uint32_t offset, unsigned size)
{
  uint8_t config[PVM_VIRTIO_CONSOLE_CFG_SIZE] = { 0 };

  config[4] = 1; /* max_nr_ports */
  return pvm_le_get (config + offset, size);
}

static void
console_notify (void *dev, unsigned queue)
{
  PvmVirtioConsole *con = dev;

  if (queue == PVM_VIRTIO_CONSOLE_RXQ) {
    pvm_chardev_accept_input (con->chr);
    return;
  }
  atomic_store (&con->tx_notified, true);
  g_source_set_ready_time (con->work, 0);
}

static void
console_reset (void *dev)
{
  PvmVirtioConsole *con = dev;

  atomic_store (&con->tx_notified, false);
}

static void
console_free (void *dev)
{
  PvmVirtioConsole *con = dev;

  pvm_chardev_set_receive (con->chr, NULL, NULL);
  g_source_destroy (con->work);
  g_source_unref (con->work);
  g_free (con);
}

static const PvmVirtioDeviceOps console_device_ops = {
  .name = "virtio-console",
  .device_id = PVM_VIRTIO_CONSOLE_DEVICE_ID,
  .n_queues = 2,
  .queue_max = PVM_VIRTIO_CONSOLE_QUEUE_SIZE,
  .config_size = PVM_VIRTIO_CONSOLE_CFG_SIZE,
  .get_features = console_get_features,
  .read_config = console_read_config,
  .notify = console_notify,
  .reset = console_reset,
  .free = console_free,
};

PvmVirtioConsole *
pvm_virtio_console_new (PvmVirtioMmio *mmio, PvmChardev *chr, GMainContext *context)
{
  PvmVirtioConsole *con = g_new0 (PvmVirtioConsole, 1);

  con->mmio = mmio;
  con->chr = chr;
  con->work = g_source_new (&console_work_funcs, sizeof (GSource));
  g_source_set_callback (con->work, console_work, con, NULL);
  g_source_set_name (con->work, "virtio-console");
  g_source_attach (con->work, context);
  pvm_virtio_mmio_plug (mmio, &console_device_ops, con);
  pvm_chardev_set_receive (chr, console_receive, con);
  return con;
}

/* ---- state ---- */

static const PvmVmField console_fields[] = {
  PVM_VM_END,
};

const PvmVmState pvm_virtio_console_vmstate = {
  .name = "virtio-console",
  .version = 1,
  .min_version = 1,
  .fields = console_fields,
};

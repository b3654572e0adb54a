/* virtio-mmio.c: the virtio-mmio transport, version 2 (virtio 1.2 §4.2.2), as the virt board
 * has eight of at 0x10001000 + 0x1000 * i (IRQ 1 + i).
 *
 * Register map (4-byte accesses below 0x100; R read-only, W write-only):
 *   0x000 R  MagicValue 0x74726976 ("virt")      0x004 R  Version 2
 *   0x008 R  DeviceID (0: empty slot)            0x00c R  VendorID
 *   0x010 R  DeviceFeatures, bank DeviceFeaturesSel (0x014 W)
 *   0x020 W  DriverFeatures, bank DriverFeaturesSel (0x024 W)
 *   0x030 W  QueueSel           0x034 R  QueueNumMax (0 for a queue that does not exist)
 *   0x038 W  QueueNum           0x044 RW QueueReady
 *   0x050 W  QueueNotify (the queue index)
 *   0x060 R  InterruptStatus (1: used buffer, 2: configuration change)   0x064 W InterruptACK
 *   0x070 RW Status (writing 0 resets the device)
 *   0x080/0x084 RW QueueDescLow/High   0x090/0x094 RW QueueDriverLow/High
 *   0x0a0/0x0a4 RW QueueDeviceLow/High
 *   0x0ac W  SHMSel   0x0b0..0x0bc R SHMLen/SHMBase Low/High (all ones: no shared memory)
 *   0x0fc R  ConfigGeneration
 *   0x100 .. the device's configuration space, accesses of 1 to 8 bytes
 * Other offsets, reads of W and writes of R registers are guest errors (reads 0). An empty
 * slot answers MagicValue, Version, DeviceID 0 and VendorID, reads 0 elsewhere and ignores
 * writes, as QEMU's virt board does.
 *
 * Every device offers VIRTIO_F_VERSION_1 (required at FEATURES_OK), RING_INDIRECT_DESC and
 * RING_EVENT_IDX. The interrupt line is high while InterruptStatus is nonzero. One mutex guards
 * the registers and the queues; the device's I/O threads take it only to push completions. A
 * reset waits (on the idle condition, lock released) until every chain handed to the device
 * has come back, so no I/O touches guest memory after the driver sees Status read 0.
 */
#include "hv/dev/virtio-mmio.h"

#include <stdarg.h>
#include <stdio.h>

#include "hv/machine/guest-error.h"

enum {
  MMIO_MAGIC = 0x000,
  MMIO_VERSION = 0x004,
  MMIO_DEVICE_ID = 0x008,
  MMIO_VENDOR_ID = 0x00c,
  MMIO_DEVICE_FEATURES = 0x010,
  MMIO_DEVICE_FEATURES_SEL = 0x014,
  MMIO_DRIVER_FEATURES = 0x020,
  MMIO_DRIVER_FEATURES_SEL = 0x024,
  MMIO_QUEUE_SEL = 0x030,
  MMIO_QUEUE_NUM_MAX = 0x034,
  MMIO_QUEUE_NUM = 0x038,
  MMIO_QUEUE_READY = 0x044,
  MMIO_QUEUE_NOTIFY = 0x050,
  MMIO_INTERRUPT_STATUS = 0x060,
  MMIO_INTERRUPT_ACK = 0x064,
  MMIO_STATUS = 0x070,
  MMIO_QUEUE_DESC_LOW = 0x080,
  MMIO_QUEUE_DESC_HIGH = 0x084,
  MMIO_QUEUE_DRIVER_LOW = 0x090,
  MMIO_QUEUE_DRIVER_HIGH = 0x094,
  MMIO_QUEUE_DEVICE_LOW = 0x0a0,
  MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
  MMIO_SHM_SEL = 0x0ac,
  MMIO_SHM_LEN_LOW = 0x0b0,
  MMIO_SHM_LEN_HIGH = 0x0b4,
  MMIO_SHM_BASE_LOW = 0x0b8,
  MMIO_SHM_BASE_HIGH = 0x0bc,
  MMIO_CONFIG_GENERATION = 0x0fc,
};

#define MMIO_MAGIC_VALUE 0x74726976u
#define MMIO_VERSION_MODERN 2
#define MMIO_VENDOR 0x004d5650u /* "PVM" */
#define MMIO_STATUS_KNOWN                                                                          \
  (PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER | PVM_VIRTIO_STATUS_DRIVER_OK |        \
   PVM_VIRTIO_STATUS_FEATURES_OK | PVM_VIRTIO_STATUS_NEEDS_RESET | PVM_VIRTIO_STATUS_FAILED)
#define MMIO_TRANSPORT_FEATURES                                                                    \
  ((1ull << PVM_VIRTIO_F_RING_INDIRECT_DESC) | (1ull << PVM_VIRTIO_F_RING_EVENT_IDX) |            \
   (1ull << PVM_VIRTIO_F_VERSION_1))

struct PvmVirtioMmio {
  GMutex lock;
  GCond idle; /* signalled when the last chain in flight comes back */
  unsigned idle_waiters; /* threads in mmio_wait_idle(): only then is idle signalled */
  PvmMachine *machine;
  uint64_t base;
  PvmIrqLine irq;
  bool irq_level; /* derived: what the line is driven to */
  const PvmVirtioDeviceOps *ops;
  void *dev;
  char label[40];

  uint32_t status;
  uint32_t device_features_sel, driver_features_sel;
  uint64_t driver_features;
  uint32_t queue_sel;
  uint32_t interrupt_status;
  uint32_t config_generation;
  uint32_t shm_sel;
  PvmVirtqueue queues[PVM_VIRTIO_MMIO_MAX_QUEUES];
  bool quiesced; /* host events take no chains: the machine is stopped */
};

static unsigned
mmio_n_queues (const PvmVirtioMmio *mmio)
{
  return mmio->ops ? mmio->ops->n_queues : 0;
}

static uint64_t
mmio_device_features (const PvmVirtioMmio *mmio)
{
  if (!mmio->ops)
    return 0;
  return MMIO_TRANSPORT_FEATURES | mmio->ops->get_features (mmio->dev);
}

static unsigned
mmio_inflight (const PvmVirtioMmio *mmio)
{
  unsigned n = 0;

  for (unsigned q = 0; q < PVM_VIRTIO_MMIO_MAX_QUEUES; q++)
    n += mmio->queues[q].inflight;
  return n;
}

/* Waits on the idle condition, lock released meanwhile. Called with the lock. */
static void
mmio_wait_idle (PvmVirtioMmio *mmio)
{
  mmio->idle_waiters++;
  g_cond_wait (&mmio->idle, &mmio->lock);
  mmio->idle_waiters--;
}

/* Drives the line from InterruptStatus; only changes unless @force. Called with the lock. */
static void
mmio_update_irq (PvmVirtioMmio *mmio, bool force)
{
  bool level = mmio->interrupt_status != 0;

  if (level == mmio->irq_level && !force)
    return;
  mmio->irq_level = level;
  pvm_irq_set (&mmio->irq, level);
}

static void
mmio_needs_reset (PvmVirtioMmio *mmio)
{
  if (mmio->status & PVM_VIRTIO_STATUS_NEEDS_RESET)
    return;
  mmio->status |= PVM_VIRTIO_STATUS_NEEDS_RESET;
  if (mmio->status & PVM_VIRTIO_STATUS_DRIVER_OK) {
    mmio->interrupt_status |= PVM_VIRTIO_INT_CONFIG;
    mmio_update_irq (mmio, false);
  }
}

/* The ring features the queues use: those the driver accepted, once FEATURES_OK is set. */
static void
mmio_latch_features (PvmVirtioMmio *mmio)
{
  uint64_t f = (mmio->status & PVM_VIRTIO_STATUS_FEATURES_OK) ? mmio->driver_features : 0;

  for (unsigned q = 0; q < PVM_VIRTIO_MMIO_MAX_QUEUES; q++) {
    mmio->queues[q].event_idx = (f >> PVM_VIRTIO_F_RING_EVENT_IDX) & 1;
    mmio->queues[q].indirect = (f >> PVM_VIRTIO_F_RING_INDIRECT_DESC) & 1;
  }
}

/* Stops every queue and waits, lock released, until nothing is in flight. Called with the
 * lock. */
static void
mmio_quiesce (PvmVirtioMmio *mmio)
{
  for (unsigned q = 0; q < PVM_VIRTIO_MMIO_MAX_QUEUES; q++)
    pvm_virtqueue_stop (&mmio->queues[q]);
  while (mmio_inflight (mmio))
    mmio_wait_idle (mmio);
}

static void
mmio_reset_locked (PvmVirtioMmio *mmio)
{
  mmio_quiesce (mmio);
  mmio->status = 0;
  mmio->device_features_sel = mmio->driver_features_sel = 0;
  mmio->driver_features = 0;
  mmio->queue_sel = 0;
  mmio->interrupt_status = 0;
  mmio->shm_sel = 0;
  for (unsigned q = 0; q < PVM_VIRTIO_MMIO_MAX_QUEUES; q++)
    pvm_virtqueue_reset (&mmio->queues[q], q < mmio_n_queues (mmio) ? mmio->ops->queue_max : 0);
  if (mmio->ops && mmio->ops->reset)
    mmio->ops->reset (mmio->dev);
  mmio_update_irq (mmio, false);
}

/* The selected queue, or NULL (guest error logged) if it does not exist. */
static PvmVirtqueue *
mmio_selected_queue (PvmVirtioMmio *mmio, const char *what)
{
  if (mmio->queue_sel < mmio_n_queues (mmio))
    return &mmio->queues[mmio->queue_sel];
  pvm_guest_error ("%s: %s of queue %u, which does not exist", mmio->label, what,
                   mmio->queue_sel);
  return NULL;
}

/* The ring address that the register at @offset (QueueDesc/Driver/Device Low or High) holds. */
static uint64_t *
mmio_queue_addr (PvmVirtqueue *vq, uint64_t offset)
{
  if (offset < MMIO_QUEUE_DRIVER_LOW)
    return &vq->desc_addr;
  return offset < MMIO_QUEUE_DEVICE_LOW ? &vq->avail_addr : &vq->used_addr;
}

static uint64_t
mmio_read_config (PvmVirtioMmio *mmio, uint64_t offset, unsigned size)
{
  uint64_t off = offset - PVM_VIRTIO_MMIO_CONFIG;

  if (off + size > mmio->ops->config_size) {
    pvm_guest_error ("%s: %u-byte read at configuration offset 0x%" G_GINT64_MODIFIER
                     "x, beyond its %u bytes", mmio->label, size, off, mmio->ops->config_size);
    return 0;
  }
  return mmio->ops->read_config (mmio->dev, (uint32_t) off, size);
}

static void
mmio_write_config (PvmVirtioMmio *mmio, uint64_t offset, uint64_t value, unsigned size)
{
  uint64_t off = offset - PVM_VIRTIO_MMIO_CONFIG;

  if (off + size > mmio->ops->config_size || !mmio->ops->write_config) {
    pvm_guest_error ("%s: %u-byte write of 0x%" G_GINT64_MODIFIER "x at configuration offset "
                     "0x%" G_GINT64_MODIFIER "x, which is read-only or beyond its end",
                     mmio->label, size, value, off);
    return;
  }
  mmio->ops->write_config (mmio->dev, (uint32_t) off, value, size);
}

static uint32_t
mmio_read_register (PvmVirtioMmio *mmio, uint64_t offset)
{
  PvmVirtqueue *vq;

  switch (offset) {
  case MMIO_DEVICE_FEATURES:
    return mmio->device_features_sel < 2
             ? (uint32_t) (mmio_device_features (mmio) >> (32 * mmio->device_features_sel))
             : 0;
  case MMIO_QUEUE_NUM_MAX:
    return mmio->queue_sel < mmio_n_queues (mmio) ? mmio->ops->queue_max : 0;
  case MMIO_QUEUE_READY:
    return mmio->queue_sel < mmio_n_queues (mmio) && mmio->queues[mmio->queue_sel].ready;
  case MMIO_INTERRUPT_STATUS:
    return mmio->interrupt_status;
  case MMIO_STATUS:
    return mmio->status;
  case MMIO_QUEUE_DESC_LOW: case MMIO_QUEUE_DESC_HIGH:
  case MMIO_QUEUE_DRIVER_LOW: case MMIO_QUEUE_DRIVER_HIGH:
  case MMIO_QUEUE_DEVICE_LOW: case MMIO_QUEUE_DEVICE_HIGH:
    vq = mmio_selected_queue (mmio, "address read");
    if (!vq)
      return 0;
    return (uint32_t) (*mmio_queue_addr (vq, offset) >> (offset & 4 ? 32 : 0));
  case MMIO_SHM_LEN_LOW: case MMIO_SHM_LEN_HIGH:
  case MMIO_SHM_BASE_LOW: case MMIO_SHM_BASE_HIGH:
    return UINT32_MAX;
  case MMIO_CONFIG_GENERATION:
    return mmio->config_generation;
  default:
    pvm_guest_error ("%s: read of %s offset 0x%" G_GINT64_MODIFIER "x", mmio->label,
                     offset < PVM_VIRTIO_MMIO_CONFIG && offset % 4 == 0 ? "write-only or reserved"
                                                                        : "reserved",
                     offset);
    return 0;
  }
}

static uint64_t
mmio_read (void *dev, uint64_t offset, unsigned size)
{
  PvmVirtioMmio *mmio = dev;
  uint64_t v;

  if (offset < PVM_VIRTIO_MMIO_CONFIG && size != 4) {
    pvm_guest_error ("%s: %u-byte read of register 0x%" G_GINT64_MODIFIER "x (only 4-byte)",
                     mmio->label, size, offset);
    return 0;
  }
  switch (offset) {
  case MMIO_MAGIC:
    return MMIO_MAGIC_VALUE;
  case MMIO_VERSION:
    return MMIO_VERSION_MODERN;
  case MMIO_DEVICE_ID:
    return mmio->ops ? mmio->ops->device_id : 0;
  case MMIO_VENDOR_ID:
    return MMIO_VENDOR;
  default:
    break;
  }
  if (!mmio->ops)
    return 0;

  g_mutex_lock (&mmio->lock);
  if (offset >= PVM_VIRTIO_MMIO_CONFIG)
    v = mmio_read_config (mmio, offset, size);
  else
    v = mmio_read_register (mmio, offset);
  g_mutex_unlock (&mmio->lock);
  return v;
}

/* FEATURES_OK is kept only for a subset of the offered features with VERSION_1. */
static bool
mmio_features_acceptable (PvmVirtioMmio *mmio)
{
  uint64_t extra = mmio->driver_features & ~mmio_device_features (mmio);

  if (extra) {
    pvm_guest_error ("%s: the driver accepts features 0x%" G_GINT64_MODIFIER "x that were not "
                     "offered", mmio->label, extra);
    return false;
  }
  if (!((mmio->driver_features >> PVM_VIRTIO_F_VERSION_1) & 1)) {
    pvm_guest_error ("%s: the driver does not accept VIRTIO_F_VERSION_1", mmio->label);
    return false;
  }
  return true;
}

static void
mmio_write_status (PvmVirtioMmio *mmio, uint32_t value)
{
  if (value == 0) {
    mmio_reset_locked (mmio);
    return;
  }
  uint32_t keep = mmio->status & ~PVM_VIRTIO_STATUS_NEEDS_RESET;
  if ((value & keep) != keep || (value & ~MMIO_STATUS_KNOWN)) {
    pvm_guest_error ("%s: status 0x%x written over 0x%x clears bits or sets unknown ones",
                     mmio->label, value, mmio->status);
    return;
  }
  value = (value & ~PVM_VIRTIO_STATUS_NEEDS_RESET) |
          (mmio->status & PVM_VIRTIO_STATUS_NEEDS_RESET);
  if ((value & PVM_VIRTIO_STATUS_FEATURES_OK) && !(mmio->status & PVM_VIRTIO_STATUS_FEATURES_OK) &&
      !mmio_features_acceptable (mmio))
    value &= ~PVM_VIRTIO_STATUS_FEATURES_OK;
  bool features_ok = (value & ~mmio->status) & PVM_VIRTIO_STATUS_FEATURES_OK;
  mmio->status = value;
  if (features_ok) {
    mmio_latch_features (mmio);
    if (mmio->ops->set_features)
      mmio->ops->set_features (mmio->dev, mmio->driver_features);
  }
}

static void
mmio_write_queue_ready (PvmVirtioMmio *mmio, uint32_t value)
{
  PvmVirtqueue *vq = mmio_selected_queue (mmio, "QueueReady write");

  if (!vq)
    return;
  if (value & 1) {
    if (vq->ready)
      return;
    mmio_latch_features (mmio);
    if (!pvm_virtqueue_start (vq, mmio->ops->queue_max))
      mmio_needs_reset (mmio);
    return;
  }
  pvm_virtqueue_stop (vq);
  while (vq->inflight)
    mmio_wait_idle (mmio);
}

/* Writes one of the queue registers that may change only while the queue is not ready. */
static void
mmio_write_queue_config (PvmVirtioMmio *mmio, uint64_t offset, uint32_t value)
{
  PvmVirtqueue *vq = mmio_selected_queue (mmio, "configuration");
  uint64_t *addr;

  if (!vq)
    return;
  if (vq->ready) {
    pvm_guest_error ("%s: queue %u is reconfigured (offset 0x%" G_GINT64_MODIFIER "x) while "
                     "ready", mmio->label, mmio->queue_sel, offset);
    return;
  }
  if (offset == MMIO_QUEUE_NUM) {
    if (value > UINT16_MAX || !pvm_virtqueue_size_ok ((uint16_t) value, mmio->ops->queue_max)) {
      pvm_guest_error ("%s: queue size %u is not a power of 2 from 1 to %u", mmio->label, value,
                       mmio->ops->queue_max);
      return;
    }
    vq->num = (uint16_t) value;
    return;
  }
  addr = mmio_queue_addr (vq, offset);
  if (offset & 4)
    *addr = (*addr & 0xffffffffull) | (uint64_t) value << 32;
  else
    *addr = (*addr & ~0xffffffffull) | value;
}

static void
mmio_write_notify (PvmVirtioMmio *mmio, uint32_t value)
{
  if (value >= mmio_n_queues (mmio) || !mmio->queues[value].ready) {
    pvm_guest_error ("%s: notification for queue %u, which is not set up", mmio->label, value);
    return;
  }
  if (mmio->status & PVM_VIRTIO_STATUS_NEEDS_RESET)
    return;
  mmio->ops->notify (mmio->dev, value);
}

static void
mmio_write_register (PvmVirtioMmio *mmio, uint64_t offset, uint32_t value)
{
  switch (offset) {
  case MMIO_DEVICE_FEATURES_SEL:
    mmio->device_features_sel = value;
    break;
  case MMIO_DRIVER_FEATURES:
    if (mmio->status & PVM_VIRTIO_STATUS_FEATURES_OK) {
      pvm_guest_error ("%s: driver features written after FEATURES_OK", mmio->label);
    } else if (mmio->driver_features_sel < 2) {
      unsigned shift = 32 * mmio->driver_features_sel;
      mmio->driver_features =
        (mmio->driver_features & ~(0xffffffffull << shift)) | (uint64_t) value << shift;
    } else if (value) {
      pvm_guest_error ("%s: driver features 0x%x in bank %u, which offers none", mmio->label,
                       value, mmio->driver_features_sel);
    }
    break;
  case MMIO_DRIVER_FEATURES_SEL:
    mmio->driver_features_sel = value;
    break;
  case MMIO_QUEUE_SEL:
    mmio->queue_sel = value;
    break;
  case MMIO_QUEUE_NUM:
  case MMIO_QUEUE_DESC_LOW: case MMIO_QUEUE_DESC_HIGH:
  case MMIO_QUEUE_DRIVER_LOW: case MMIO_QUEUE_DRIVER_HIGH:
  case MMIO_QUEUE_DEVICE_LOW: case MMIO_QUEUE_DEVICE_HIGH:
    mmio_write_queue_config (mmio, offset, value);
    break;
  case MMIO_QUEUE_READY:
    mmio_write_queue_ready (mmio, value);
    break;
  case MMIO_QUEUE_NOTIFY:
    mmio_write_notify (mmio, value);
    break;
  case MMIO_INTERRUPT_ACK:
    mmio->interrupt_status &= ~value;
    mmio_update_irq (mmio, false);
    break;
  case MMIO_STATUS:
    mmio_write_status (mmio, value);
    break;
  case MMIO_SHM_SEL:
    mmio->shm_sel = value;
    break;
  default:
    pvm_guest_error ("%s: write of 0x%x to read-only or reserved offset 0x%" G_GINT64_MODIFIER
                     "x", mmio->label, value, offset);
    break;
  }
}

static void
mmio_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  PvmVirtioMmio *mmio = dev;

  if (!mmio->ops)
    return;
  if (offset < PVM_VIRTIO_MMIO_CONFIG && size != 4) {
    pvm_guest_error ("%s: %u-byte write of register 0x%" G_GINT64_MODIFIER "x (only 4-byte)",
                     mmio->label, size, offset);
    return;
  }
  g_mutex_lock (&mmio->lock);
  if (offset >= PVM_VIRTIO_MMIO_CONFIG)
    mmio_write_config (mmio, offset, value, size);
  else
    mmio_write_register (mmio, offset, (uint32_t) value);
  g_mutex_unlock (&mmio->lock);
  if (offset == MMIO_QUEUE_NOTIFY && mmio->ops->notified)
    mmio->ops->notified (mmio->dev, (uint32_t) value);
}

static void
mmio_reset (void *dev)
{
  PvmVirtioMmio *mmio = dev;

  g_mutex_lock (&mmio->lock);
  mmio_reset_locked (mmio);
  g_mutex_unlock (&mmio->lock);
}

static void
mmio_set_label (PvmVirtioMmio *mmio)
{
  g_snprintf (mmio->label, sizeof mmio->label, "%s@%" G_GINT64_MODIFIER "x",
              mmio->ops ? mmio->ops->name : "virtio-mmio", mmio->base);
  for (unsigned q = 0; q < PVM_VIRTIO_MMIO_MAX_QUEUES; q++) {
    char label[sizeof mmio->queues[q].label];

    g_snprintf (label, sizeof label, "%s queue %u", mmio->label, q);
    pvm_virtqueue_init (&mmio->queues[q], mmio->machine, label);
  }
}

PvmVirtioMmio *
pvm_virtio_mmio_new (PvmMachine *machine, uint64_t base, const PvmIrqLine *irq, GError **error)
{
  PvmVirtioMmio *mmio = g_new0 (PvmVirtioMmio, 1);

  g_mutex_init (&mmio->lock);
  g_cond_init (&mmio->idle);
  mmio->machine = machine;
  mmio->base = base;
  mmio->irq = *irq;
  mmio_set_label (mmio);
  return mmio;
}

void
pvm_virtio_mmio_plug (PvmVirtioMmio *mmio, const PvmVirtioDeviceOps *ops, void *dev)
{
  g_return_if_fail (mmio->ops == NULL);
  g_return_if_fail (ops->n_queues >= 1 && ops->n_queues <= PVM_VIRTIO_MMIO_MAX_QUEUES);
  g_return_if_fail (pvm_virtqueue_size_ok (ops->queue_max, PVM_VIRTQUEUE_MAX_SIZE));
  g_return_if_fail (ops->config_size <= PVM_VIRTIO_MMIO_SIZE - PVM_VIRTIO_MMIO_CONFIG);

  g_mutex_lock (&mmio->lock);
  mmio->ops = ops;
  mmio->dev = dev;
  mmio_set_label (mmio);
  mmio_reset_locked (mmio);
  g_mutex_unlock (&mmio->lock);
}

void *
pvm_virtio_mmio_device (PvmVirtioMmio *mmio)
{
  return mmio->dev;
}

uint32_t
pvm_virtio_mmio_device_id (PvmVirtioMmio *mmio)
{
  return mmio->ops ? mmio->ops->device_id : 0;
}

void
pvm_virtio_mmio_free (PvmVirtioMmio *mmio)
{
  if (!mmio)
    return;
  g_mutex_lock (&mmio->lock);
  mmio_quiesce (mmio);
  g_mutex_unlock (&mmio->lock);
  if (mmio->ops && mmio->ops->free)
    mmio->ops->free (mmio->dev);
  g_cond_clear (&mmio->idle);
  g_mutex_clear (&mmio->lock);
  g_free (mmio);
}

int
pvm_virtio_mmio_pop (PvmVirtioMmio *mmio, unsigned queue, struct iovec *iov, unsigned max_iov,
                     PvmVirtqElem *elem)
{
  if (queue >= mmio_n_queues (mmio) || (mmio->status & PVM_VIRTIO_STATUS_NEEDS_RESET))
    return 0;
  int r = pvm_virtqueue_pop (&mmio->queues[queue], iov, max_iov, elem);
  if (r < 0)
    mmio_needs_reset (mmio);
  return r;
}

int
pvm_virtio_mmio_take (PvmVirtioMmio *mmio, unsigned queue, struct iovec *iov, unsigned max_iov,
                      PvmVirtqElem *elem)
{
  int r = 0;

  g_mutex_lock (&mmio->lock);
  if (!mmio->quiesced)
    r = pvm_virtio_mmio_pop (mmio, queue, iov, max_iov, elem);
  g_mutex_unlock (&mmio->lock);
  return r;
}

void
pvm_virtio_mmio_complete (PvmVirtioMmio *mmio, unsigned queue, uint16_t head, uint32_t len)
{
  g_return_if_fail (queue < PVM_VIRTIO_MMIO_MAX_QUEUES);

  PvmVirtqueue *vq = &mmio->queues[queue];
  if (!pvm_virtqueue_push (vq, head, len)) {
    g_critical ("%s: chain %u pushed but not in flight", vq->label, head);
  } else if (pvm_virtqueue_should_interrupt (vq)) {
    mmio->interrupt_status |= PVM_VIRTIO_INT_VRING;
    mmio_update_irq (mmio, false);
  }
  if (vq->inflight == 0 && mmio->idle_waiters)
    g_cond_broadcast (&mmio->idle);
}

void
pvm_virtio_mmio_push (PvmVirtioMmio *mmio, unsigned queue, uint16_t head, uint32_t len)
{
  g_mutex_lock (&mmio->lock);
  pvm_virtio_mmio_complete (mmio, queue, head, len);
  g_mutex_unlock (&mmio->lock);
}

void
pvm_virtio_mmio_fail (PvmVirtioMmio *mmio, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_mutex_lock (&mmio->lock);
  pvm_guest_error ("%s: %s; the device needs a reset", mmio->label, what);
  mmio_needs_reset (mmio);
  g_mutex_unlock (&mmio->lock);
}

void
pvm_virtio_mmio_drain (PvmVirtioMmio *mmio)
{
  g_mutex_lock (&mmio->lock);
  while (mmio_inflight (mmio))
    mmio_wait_idle (mmio);
  g_mutex_unlock (&mmio->lock);
}

void
pvm_virtio_mmio_quiesce (PvmVirtioMmio *mmio)
{
  g_mutex_lock (&mmio->lock);
  mmio->quiesced = true;
  while (mmio_inflight (mmio))
    mmio_wait_idle (mmio);
  g_mutex_unlock (&mmio->lock);
}

void
pvm_virtio_mmio_unquiesce (PvmVirtioMmio *mmio)
{
  g_mutex_lock (&mmio->lock);
  mmio->quiesced = false;
  /* What the host sent meanwhile waits in the device: a notification of each running queue
   * makes it look again, as the driver's own would. */
  if (!(mmio->status & PVM_VIRTIO_STATUS_NEEDS_RESET))
    for (unsigned q = 0; q < mmio_n_queues (mmio); q++)
      if (mmio->queues[q].ready)
        mmio->ops->notify (mmio->dev, q);
  g_mutex_unlock (&mmio->lock);
}

const PvmDeviceOps pvm_virtio_mmio_ops = {
  .name = "virtio-mmio",
  .read = mmio_read,
  .write = mmio_write,
  .reset = mmio_reset,
  .min_access = 1,
  .max_access = 8,
  .vmstate = &pvm_virtio_mmio_vmstate,
};

static gboolean
mmio_invalid (GError **error, const char *field, uint64_t value, const char *why)
{
  g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
               "field '%s' holds 0x%" G_GINT64_MODIFIER "x: %s", field, value, why);
  return FALSE;
}

static gboolean
mmio_post_load (void *obj, GError **error)
{
  PvmVirtioMmio *mmio = obj;
  uint64_t extra = mmio->driver_features & ~mmio_device_features (mmio);

  if (mmio->status & ~MMIO_STATUS_KNOWN)
    return mmio_invalid (error, "status", mmio->status, "unknown bits");
  if (mmio->interrupt_status & ~(uint32_t) (PVM_VIRTIO_INT_VRING | PVM_VIRTIO_INT_CONFIG))
    return mmio_invalid (error, "interrupt_status", mmio->interrupt_status, "unknown bits");
  if (extra)
    return mmio_invalid (error, "driver_features", mmio->driver_features, "not offered");
  if (!mmio->ops && (mmio->status || mmio->interrupt_status))
    return mmio_invalid (error, "status", mmio->status, "the slot is empty");
  for (unsigned q = 0; q < PVM_VIRTIO_MMIO_MAX_QUEUES; q++) {
    const PvmVirtqueue *vq = &mmio->queues[q];
    const char *why = "the queue does not exist";
    bool ok = q < mmio_n_queues (mmio) ? pvm_virtqueue_check_loaded (vq, mmio->ops->queue_max,
                                                                     &why)
                                       : vq->num == 0 && !vq->ready;
    if (!ok) {
      char field[24];
      g_snprintf (field, sizeof field, "queues[%u]", q);
      return mmio_invalid (error, field, vq->num, why);
    }
  }

  g_mutex_lock (&mmio->lock);
  mmio_latch_features (mmio);
  for (unsigned q = 0; q < mmio_n_queues (mmio); q++) {
    if (mmio->queues[q].ready)
      pvm_virtqueue_start (&mmio->queues[q], mmio->ops->queue_max);
  }
  if (mmio->ops && mmio->ops->set_features && (mmio->status & PVM_VIRTIO_STATUS_FEATURES_OK))
    mmio->ops->set_features (mmio->dev, mmio->driver_features);
  mmio_update_irq (mmio, true);
  g_mutex_unlock (&mmio->lock);
  return TRUE;
}

#define MMIO_QUEUE_FIELDS(i) PVM_VIRTQUEUE_VM_FIELDS (PvmVirtioMmio, queues[i])

static const PvmVmField mmio_fields[] = {
  PVM_VM_U32 (PvmVirtioMmio, status),
  PVM_VM_U32 (PvmVirtioMmio, device_features_sel),
  PVM_VM_U32 (PvmVirtioMmio, driver_features_sel),
  PVM_VM_U64 (PvmVirtioMmio, driver_features),
  PVM_VM_U32 (PvmVirtioMmio, queue_sel),
  PVM_VM_U32 (PvmVirtioMmio, interrupt_status),
  PVM_VM_U32 (PvmVirtioMmio, config_generation),
  PVM_VM_U32 (PvmVirtioMmio, shm_sel),
  MMIO_QUEUE_FIELDS (0),
  MMIO_QUEUE_FIELDS (1),
  MMIO_QUEUE_FIELDS (2),
  MMIO_QUEUE_FIELDS (3),
  PVM_VM_END,
};

G_STATIC_ASSERT (PVM_VIRTIO_MMIO_MAX_QUEUES == 4);

const PvmVmState pvm_virtio_mmio_vmstate = {
  .name = "virtio-mmio",
  .version = 1,
  .min_version = 1,
  .fields = mmio_fields,
  .post_load = mmio_post_load,
};

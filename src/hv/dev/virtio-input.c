/* virtio-input.c: a virtio input device whose one key is the power key.
 *
 * Configuration space (struct virtio_input_config, little-endian):
 *   0x00 select (u8, RW)   0x01 subsel (u8, RW)   0x02 size (u8, R)   0x03..0x07 reserved
 *   0x08..0x87 the answer to select/subsel (128 bytes, R), zero past size:
 *     ID_NAME   (0x01, 0)  "pvm power button"
 *     ID_SERIAL (0x02, 0)  "power0"
 *     ID_DEVIDS (0x03, 0)  bustype 0x0006 (virtual), vendor 0x5056, product 0x0001, version 1
 *     PROP_BITS (0x10, 0)  none (size 0)
 *     EV_BITS   (0x11, 0)  EV_SYN: SYN_REPORT          (0x11, 1) EV_KEY: KEY_POWER (116)
 *     anything else        size 0
 * Writing anything but select and subsel is a guest error. No features.
 *
 * Queue 0 (eventq): device-writable buffers of 8 bytes (struct virtio_input_event: le16 type,
 * le16 code, le32 value), one event each. A press queues its four events; the context puts
 * them into buffers as the driver gives them, oldest first, and keeps what has no buffer yet
 * (at most PVM_VIRTIO_INPUT_PENDING_MAX events). A buffer too small or device-readable is a
 * guest error; it is completed empty and the event waits for the next one.
 * Queue 1 (statusq): device-readable buffers (LED states); each is taken, ignored and
 * completed.
 *
 * The waiting events are guarded by the device's own lock, which is never held across a call
 * into the transport: the transport calls reset with its lock held, and the context takes the
 * transport's lock to pop and push. A reset bumps a generation number, so an event the context
 * delivered across a reset is not removed twice.
 */
#include "hv/dev/virtio-input.h"

#include <stdatomic.h>
#include <string.h>

#include "common/pvm-bytes.h"
#include "hv/machine/guest-error.h"

#define INPUT_MAX_IOV 16
#define INPUT_EVENT_SIZE 8
#define INPUT_BATCH 64 /* buffers handled per dispatch before the loop gets its turn */

/* The configuration space. */
enum {
  CFG_SELECT = 0x00,
  CFG_SUBSEL = 0x01,
  CFG_SIZE = 0x02,
  CFG_U = 0x08,
  CFG_U_SIZE = 128,
};

/* select values (virtio 1.2 §5.8.5). */
enum {
  CFG_ID_NAME = 0x01,
  CFG_ID_SERIAL = 0x02,
  CFG_ID_DEVIDS = 0x03,
  CFG_PROP_BITS = 0x10,
  CFG_EV_BITS = 0x11,
};

/* Linux's input event types and codes (include/uapi/linux/input-event-codes.h). */
enum {
  EV_SYN = 0x00,
  EV_KEY = 0x01,
  SYN_REPORT = 0,
  BUS_VIRTUAL = 0x06,
};

#define INPUT_NAME "pvm power button"
#define INPUT_SERIAL "power0"
#define INPUT_VENDOR 0x5056 /* "PV" */
#define INPUT_PRODUCT 0x0001
#define INPUT_VERSION 0x0001

struct PvmVirtioInput {
  PvmVirtioMmio *mmio;
  GSource *work;        /* dispatched on the context to deliver events and drain statusq */
  atomic_bool notified; /* a queue was notified or a press queued since the last dispatch */
  struct iovec iov[INPUT_MAX_IOV]; /* the context's */

  /* Configuration selector; only touched inside the transport's ops calls (saved). */
  uint8_t select, subsel;

  GMutex lock; /* guards what follows */
  unsigned generation; /* bumped by each reset (derived) */
  uint16_t n_pending; /* events waiting, oldest first (saved) */
  uint8_t pending[PVM_VIRTIO_INPUT_PENDING_MAX * INPUT_EVENT_SIZE]; /* as the guest sees them */
};

G_STATIC_ASSERT (PVM_VIRTIO_INPUT_CFG_SIZE == CFG_U + CFG_U_SIZE);

/* ---- configuration space ---- */

/* Fills @u (CFG_U_SIZE bytes, zeroed) with the answer to select/subsel; returns its size. */
static unsigned
input_config_answer (uint8_t select, uint8_t subsel, uint8_t *u)
{
  switch (select) {
  case CFG_ID_NAME:
    if (subsel != 0)
      return 0;
    memcpy (u, INPUT_NAME, strlen (INPUT_NAME));
    return strlen (INPUT_NAME);
  case CFG_ID_SERIAL:
    if (subsel != 0)
      return 0;
    memcpy (u, INPUT_SERIAL, strlen (INPUT_SERIAL));
    return strlen (INPUT_SERIAL);
  case CFG_ID_DEVIDS:
    if (subsel != 0)
      return 0;
    pvm_le_put (u + 0, BUS_VIRTUAL, 2);
    pvm_le_put (u + 2, INPUT_VENDOR, 2);
    pvm_le_put (u + 4, INPUT_PRODUCT, 2);
    pvm_le_put (u + 6, INPUT_VERSION, 2);
    return 8;
  case CFG_EV_BITS:
    if (subsel == EV_SYN) {
      u[SYN_REPORT / 8] |= 1u << (SYN_REPORT % 8);
      return SYN_REPORT / 8 + 1;
    }
    if (subsel == EV_KEY) {
      u[PVM_VIRTIO_INPUT_KEY_POWER / 8] |= 1u << (PVM_VIRTIO_INPUT_KEY_POWER % 8);
      return PVM_VIRTIO_INPUT_KEY_POWER / 8 + 1;
    }
    return 0;
  default: /* PROP_BITS (no properties), ABS_INFO (no axes), unknown selectors */
    return 0;
  }
}

static uint64_t
input_read_config (void *dev, uint32_t offset, unsigned size)
{
  PvmVirtioInput *input = dev;
  uint8_t config[PVM_VIRTIO_INPUT_CFG_SIZE] = { 0 };

  config[CFG_SELECT] = input->select;
  config[CFG_SUBSEL] = input->subsel;
  config[CFG_SIZE] = (uint8_t) input_config_answer (input->select, input->subsel,
                                                    config + CFG_U);
  return pvm_le_get (config + offset, size);
}

static void
input_write_config (void *dev, uint32_t offset, uint64_t value, unsigned size)
{
  PvmVirtioInput *input = dev;

  for (unsigned i = 0; i < size; i++) {
    uint8_t byte = (uint8_t) (value >> (8 * i));
    if (offset + i == CFG_SELECT) {
      input->select = byte;
    } else if (offset + i == CFG_SUBSEL) {
      input->subsel = byte;
    } else {
      pvm_guest_error ("virtio-input: %u-byte write of 0x%" G_GINT64_MODIFIER "x at "
                       "configuration offset 0x%x reaches read-only byte 0x%x", size, value,
                       offset, offset + i);
      return;
    }
  }
}

/* ---- events ---- */

/* Appends one event; the lock is held and there is room. */
static void
input_queue_event (PvmVirtioInput *input, uint16_t type, uint16_t code, uint32_t value)
{
  uint8_t *e = input->pending + input->n_pending * INPUT_EVENT_SIZE;

  pvm_le_put (e, type, 2);
  pvm_le_put (e + 2, code, 2);
  pvm_le_put (e + 4, value, 4);
  input->n_pending++;
}

static void
input_wake (PvmVirtioInput *input)
{
  atomic_store (&input->notified, true);
  g_source_set_ready_time (input->work, 0);
}

bool
pvm_virtio_input_press_power (PvmVirtioInput *input)
{
  g_mutex_lock (&input->lock);
  if (input->n_pending + 4 > PVM_VIRTIO_INPUT_PENDING_MAX) {
    g_mutex_unlock (&input->lock);
    return false;
  }
  input_queue_event (input, EV_KEY, PVM_VIRTIO_INPUT_KEY_POWER, 1);
  input_queue_event (input, EV_SYN, SYN_REPORT, 0);
  input_queue_event (input, EV_KEY, PVM_VIRTIO_INPUT_KEY_POWER, 0);
  input_queue_event (input, EV_SYN, SYN_REPORT, 0);
  g_mutex_unlock (&input->lock);
  input_wake (input);
  return true;
}

unsigned
pvm_virtio_input_pending (PvmVirtioInput *input)
{
  g_mutex_lock (&input->lock);
  unsigned n = input->n_pending;
  g_mutex_unlock (&input->lock);
  return n;
}

/* Copies @len bytes of @src into the writable buffers of @elem. */
static void
input_copy_to_iov (PvmVirtioInput *input, const PvmVirtqElem *elem, const uint8_t *src,
                   size_t len)
{
  for (unsigned i = 0; i < elem->n_in && len > 0; i++) {
    size_t n = MIN (input->iov[i].iov_len, len);
    memcpy (input->iov[i].iov_base, src, n);
    src += n;
    len -= n;
  }
}

/* Delivers the oldest waiting event into the next buffer of eventq. Returns false when there
 * is no event or no buffer. */
static bool
input_deliver_one (PvmVirtioInput *input)
{
  uint8_t event[INPUT_EVENT_SIZE];
  unsigned generation;
  PvmVirtqElem elem;

  g_mutex_lock (&input->lock);
  bool have = input->n_pending > 0;
  if (have)
    memcpy (event, input->pending, INPUT_EVENT_SIZE);
  generation = input->generation;
  g_mutex_unlock (&input->lock);
  if (!have)
    return false;

  if (pvm_virtio_mmio_take (input->mmio, PVM_VIRTIO_INPUT_EVENTQ, input->iov, INPUT_MAX_IOV,
                            &elem) <= 0)
    return false;
  if (elem.n_out || elem.in_len < INPUT_EVENT_SIZE) {
    pvm_guest_error ("virtio-input: event buffer %u is %s", elem.head,
                     elem.n_out ? "device-readable" : "shorter than an event");
    pvm_virtio_mmio_push (input->mmio, PVM_VIRTIO_INPUT_EVENTQ, elem.head, 0);
    return true;
  }
  input_copy_to_iov (input, &elem, event, INPUT_EVENT_SIZE);
  pvm_virtio_mmio_push (input->mmio, PVM_VIRTIO_INPUT_EVENTQ, elem.head, INPUT_EVENT_SIZE);

  g_mutex_lock (&input->lock);
  if (input->generation == generation && input->n_pending > 0) {
    input->n_pending--;
    memmove (input->pending, input->pending + INPUT_EVENT_SIZE,
             input->n_pending * INPUT_EVENT_SIZE);
  }
  g_mutex_unlock (&input->lock);
  return true;
}

/* Takes and completes one buffer of statusq. Returns false when there is none. */
static bool
input_drain_status_one (PvmVirtioInput *input)
{
  PvmVirtqElem elem;

  if (pvm_virtio_mmio_take (input->mmio, PVM_VIRTIO_INPUT_STATUSQ, input->iov, INPUT_MAX_IOV,
                            &elem) <= 0)
    return false;
  if (elem.n_in)
    pvm_guest_error ("virtio-input: status buffer %u has device-writable parts", elem.head);
  pvm_virtio_mmio_push (input->mmio, PVM_VIRTIO_INPUT_STATUSQ, elem.head, 0);
  return true;
}

static gboolean
input_work (gpointer data)
{
  PvmVirtioInput *input = data;
  unsigned n = 0;

  if (!atomic_exchange (&input->notified, false))
    return G_SOURCE_CONTINUE;
  while (n < INPUT_BATCH && input_drain_status_one (input))
    n++;
  while (n < INPUT_BATCH && input_deliver_one (input))
    n++;
  if (n == INPUT_BATCH)
    input_wake (input);
  return G_SOURCE_CONTINUE;
}

static gboolean
input_work_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  g_source_set_ready_time (source, -1);
  return callback (data);
}

static GSourceFuncs input_work_funcs = {
  .dispatch = input_work_dispatch,
};

/* ---- the transport's calls ---- */

static uint64_t
input_get_features (void *dev)
{
  return 0;
}

static void
input_notify (void *dev, unsigned queue)
{
  input_wake (dev);
}

static void
input_reset (void *dev)
{
  PvmVirtioInput *input = dev;

  input->select = input->subsel = 0;
  g_mutex_lock (&input->lock);
  input->n_pending = 0;
  input->generation++;
  g_mutex_unlock (&input->lock);
  atomic_store (&input->notified, false);
}

static void
input_free (void *dev)
{
  PvmVirtioInput *input = dev;

  g_source_destroy (input->work);
  g_source_unref (input->work);
  g_mutex_clear (&input->lock);
  g_free (input);
}

static const PvmVirtioDeviceOps input_device_ops = {
  .name = "virtio-input",
  .device_id = PVM_VIRTIO_INPUT_DEVICE_ID,
  .n_queues = 2,
  .queue_max = PVM_VIRTIO_INPUT_QUEUE_SIZE,
  .config_size = PVM_VIRTIO_INPUT_CFG_SIZE,
  .get_features = input_get_features,
  .read_config = input_read_config,
  .write_config = input_write_config,
  .notify = input_notify,
  .reset = input_reset,
  .free = input_free,
};

PvmVirtioInput *
pvm_virtio_input_new (PvmVirtioMmio *mmio, GMainContext *context)
{
  PvmVirtioInput *input = g_new0 (PvmVirtioInput, 1);

  input->mmio = mmio;
  g_mutex_init (&input->lock);
  input->work = g_source_new (&input_work_funcs, sizeof (GSource));
  g_source_set_callback (input->work, input_work, input, NULL);
  g_source_set_name (input->work, "virtio-input");
  g_source_attach (input->work, context);
  pvm_virtio_mmio_plug (mmio, &input_device_ops, input);
  return input;
}

/* ---- state ---- */

static gboolean
input_post_load (void *obj, GError **error)
{
  PvmVirtioInput *input = obj;

  if (input->n_pending > PVM_VIRTIO_INPUT_PENDING_MAX) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                 "field 'n_pending' holds %u: at most %u events wait", input->n_pending,
                 PVM_VIRTIO_INPUT_PENDING_MAX);
    return FALSE;
  }
  g_mutex_lock (&input->lock);
  input->generation++;
  g_mutex_unlock (&input->lock);
  if (input->n_pending)
    input_wake (input);
  return TRUE;
}

static const PvmVmField input_fields[] = {
  PVM_VM_U8 (PvmVirtioInput, select),
  PVM_VM_U8 (PvmVirtioInput, subsel),
  PVM_VM_U16 (PvmVirtioInput, n_pending),
  PVM_VM_BYTES (PvmVirtioInput, pending, PVM_VIRTIO_INPUT_PENDING_MAX * INPUT_EVENT_SIZE),
  PVM_VM_END,
};

const PvmVmState pvm_virtio_input_vmstate = {
  .name = "virtio-input",
  .version = 1,
  .min_version = 1,
  .fields = input_fields,
  .post_load = input_post_load,
};

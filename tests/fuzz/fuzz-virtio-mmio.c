/* fuzz-virtio-mmio.c: libFuzzer target for the virtio-mmio transport (src/hv/dev/virtio-mmio.c)
 * with a trivial device plugged in: two queues of up to 16 entries and 16 bytes of writable
 * configuration space. The device takes every chain it is notified of and keeps it until the
 * input completes it, so chains stay in flight across register accesses.
 *
 * Each input is a program run against a fresh transport on a 64 KiB guest RAM; each operation
 * is a byte whose value mod 8 selects (little-endian arguments):
 *   0 READ     u16 offset, u8 s: a (1 << s % 4)-byte read of the register window at offset
 *   1 WRITE    u16 offset, u8 s, u64 value: the same as a write
 *   2 INIT     u8 features, u8 sizes: the driver's start-up sequence (reset, ACKNOWLEDGE,
 *              DRIVER, features, FEATURES_OK, both queues at their usual place, DRIVER_OK);
 *              features bit 0 INDIRECT_DESC, 1 EVENT_IDX, 2-3 the device's two bits, 4 leaves
 *              out VERSION_1; queue q has 1 << (sizes >> 4q & 7) entries (too many is refused)
 *   3 RAM      u16 offset, u8 n, n bytes copied into RAM
 *   4 DESC     u8 ctl, u8 i, u16 addr, u32 len, u16 flags, u16 next: descriptor i of queue
 *              ctl & 1's table, or of the indirect table area if ctl & 2; addr is RAM + it
 *   5 OFFER    u8 ctl, u16 head: on queue ctl & 1's available ring; QueueNotify if ctl & 2
 *   6 COMPLETE u8 k, u32 len: the device completes the k-th chain it holds
 *   7 STATE    u8 ctl, u16 pos, u8 x: the device completes everything, then the transport's
 *              state is saved and loaded back, with byte pos xored with x if ctl & 1; a
 *              device reset first if ctl & 2
 * Before a write that waits for the chains in flight (Status 0, QueueReady 0) the device
 * completes them, as its I/O would.
 *
 * Checks beyond the sanitizers: chains lie in RAM; a malformed queue leaves the device
 * NEEDS_RESET and taking nothing more; the interrupt line follows InterruptStatus; a state load
 * that fails changes nothing, one that succeeds saves back the same bytes.
 */
#include <string.h>

#include "common/pvm-bytes.h"
#include "fuzz-common.h"
#include "hv/dev/virtio-mmio.h"

#define MF_RAM_SIZE (64u << 10)
#define MF_BASE 0x10001000ull
#define MF_QUEUES 2
#define MF_QUEUE_MAX 16
#define MF_CONFIG 16
#define MF_MAX_IOV 8
#define MF_INDIRECT 0x6000 /* RAM offset of the indirect table area, after the rings */
#define MF_DEVICE_FEATURES ((1ull << 0) | (1ull << 3))

typedef struct {
  uint16_t queue, head;
} MfChain;

typedef struct {
  PvmVirtioMmio *mmio;
  PvmBus bus;
  bool irq_level;
  uint8_t config[MF_CONFIG];
  MfChain held[MF_QUEUES * MF_QUEUE_MAX];
  unsigned n_held;
  uint16_t avail_idx[MF_QUEUES];
  uint16_t num[MF_QUEUES];
  bool malformed; /* a pop found the queue malformed */
} MmioFuzz;

static PvmMachine *mf_machine;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_log_init ();
  mf_machine = fuzz_machine_new (MF_RAM_SIZE);
  return 0;
}

/* Queue @q's rings: descriptors, then the available and used rings, 4 KiB apart. */
static uint64_t
mf_desc (unsigned q)
{
  return FUZZ_RAM_BASE + 0x3000ull * q;
}

static uint64_t
mf_avail (unsigned q)
{
  return mf_desc (q) + 0x1000;
}

static uint64_t
mf_used (unsigned q)
{
  return mf_desc (q) + 0x2000;
}

/* ---- the trivial device ---- */

static uint64_t
mf_get_features (void *dev)
{
  return MF_DEVICE_FEATURES;
}

static uint64_t
mf_read_config (void *dev, uint32_t offset, unsigned size)
{
  MmioFuzz *f = dev;

  FUZZ_CHECK (offset + size <= MF_CONFIG, "configuration reads stay in the space");
  return pvm_le_get (f->config + offset, size);
}

static void
mf_write_config (void *dev, uint32_t offset, uint64_t value, unsigned size)
{
  MmioFuzz *f = dev;

  FUZZ_CHECK (offset + size <= MF_CONFIG, "configuration writes stay in the space");
  pvm_le_put (f->config + offset, value, size);
}

static void
mf_notify (void *dev, unsigned queue)
{
  MmioFuzz *f = dev;
  struct iovec iov[MF_MAX_IOV];
  PvmVirtqElem elem;
  int r;

  FUZZ_CHECK (queue < MF_QUEUES, "only existing queues are notified");
  while ((r = pvm_virtio_mmio_pop (f->mmio, queue, iov, MF_MAX_IOV, &elem)) == 1) {
    fuzz_check_iov (mf_machine, iov, elem.n_out + elem.n_in, elem.n_out,
                    "a popped buffer lies in guest RAM");
    FUZZ_CHECK (f->n_held < G_N_ELEMENTS (f->held), "no more chains than queue entries");
    f->held[f->n_held++] = (MfChain) { (uint16_t) queue, elem.head };
  }
  if (r < 0) {
    f->malformed = true;
    FUZZ_CHECK (pvm_virtio_mmio_pop (f->mmio, queue, iov, MF_MAX_IOV, &elem) == 0,
                "a device needing reset takes nothing more");
  }
}

static void
mf_reset (void *dev)
{
  MmioFuzz *f = dev;

  FUZZ_CHECK (f->n_held == 0, "a reset happens only with nothing in flight");
  f->malformed = false;
}

static const PvmVirtioDeviceOps mf_device_ops = {
  .name = "fuzz-device",
  .device_id = 0x7f,
  .n_queues = MF_QUEUES,
  .queue_max = MF_QUEUE_MAX,
  .config_size = MF_CONFIG,
  .get_features = mf_get_features,
  .read_config = mf_read_config,
  .write_config = mf_write_config,
  .notify = mf_notify,
  .reset = mf_reset,
};

static void
mf_irq_set (void *controller, unsigned line, bool level)
{
  MmioFuzz *f = controller;

  f->irq_level = level;
}

/* ---- the driver ---- */

static uint64_t
mf_rd (MmioFuzz *f, uint64_t offset, unsigned size)
{
  uint64_t v = 0;

  pvm_bus_read (&f->bus, MF_BASE + offset, size, &v);
  return v;
}

static void
mf_wr (MmioFuzz *f, uint64_t offset, uint64_t value, unsigned size)
{
  pvm_bus_write (&f->bus, MF_BASE + offset, size, value);
}

static void
mf_complete (MmioFuzz *f, unsigned k, uint32_t len)
{
  MfChain c = f->held[k];

  f->held[k] = f->held[--f->n_held];
  pvm_virtio_mmio_push (f->mmio, c.queue, c.head, len);
}

static void
mf_complete_all (MmioFuzz *f)
{
  while (f->n_held)
    mf_complete (f, f->n_held - 1, 0);
}

static void
mf_write_op (MmioFuzz *f, uint64_t offset, uint64_t value, unsigned size)
{
  if (size == 4 && ((offset == FUZZ_REG_STATUS && (uint32_t) value == 0) ||
                    (offset == FUZZ_REG_QUEUE_READY && !(value & 1))))
    mf_complete_all (f);
  mf_wr (f, offset, value, size);
}

static void
mf_init (MmioFuzz *f, unsigned features, unsigned sizes)
{
  uint64_t want = (uint64_t) (features & 1) << PVM_VIRTIO_F_RING_INDIRECT_DESC |
                  (uint64_t) (features >> 1 & 1) << PVM_VIRTIO_F_RING_EVENT_IDX |
                  (features & 4 ? 1ull << 0 : 0) | (features & 8 ? 1ull << 3 : 0) |
                  (features & 16 ? 0 : 1ull << PVM_VIRTIO_F_VERSION_1);
  uint32_t status = PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER;

  mf_write_op (f, FUZZ_REG_STATUS, 0, 4);
  mf_wr (f, FUZZ_REG_STATUS, PVM_VIRTIO_STATUS_ACKNOWLEDGE, 4);
  mf_wr (f, FUZZ_REG_STATUS, status, 4);
  for (unsigned bank = 0; bank < 2; bank++) {
    mf_wr (f, FUZZ_REG_DRIVER_FEATURES_SEL, bank, 4);
    mf_wr (f, FUZZ_REG_DRIVER_FEATURES, (uint32_t) (want >> 32 * bank), 4);
  }
  status |= PVM_VIRTIO_STATUS_FEATURES_OK;
  mf_wr (f, FUZZ_REG_STATUS, status, 4);
  bool accepted = mf_rd (f, FUZZ_REG_STATUS, 4) & PVM_VIRTIO_STATUS_FEATURES_OK;
  FUZZ_CHECK (accepted == !(features & 16), "FEATURES_OK sticks exactly with VERSION_1");
  for (unsigned q = 0; q < MF_QUEUES; q++) {
    uint64_t rings[3] = { mf_desc (q), mf_avail (q), mf_used (q) };
    uint16_t num = (uint16_t) (1u << (sizes >> 4 * q & 7));
    f->num[q] = num <= MF_QUEUE_MAX ? num : MF_QUEUE_MAX; /* a refused size leaves the maximum */
    f->avail_idx[q] = 0;
    memset (pvm_machine_ram_ptr (mf_machine, mf_desc (q), 0x3000), 0, 0x3000);
    mf_wr (f, FUZZ_REG_QUEUE_SEL, q, 4);
    mf_wr (f, FUZZ_REG_QUEUE_NUM, num, 4);
    for (unsigned r = 0; r < 3; r++) {
      mf_wr (f, FUZZ_REG_QUEUE_DESC_LOW + 0x10 * r, (uint32_t) rings[r], 4);
      mf_wr (f, FUZZ_REG_QUEUE_DESC_LOW + 0x10 * r + 4, (uint32_t) (rings[r] >> 32), 4);
    }
    mf_wr (f, FUZZ_REG_QUEUE_READY, 1, 4);
  }
  mf_wr (f, FUZZ_REG_STATUS, status | PVM_VIRTIO_STATUS_DRIVER_OK, 4);
}

static void
mf_op_desc (MmioFuzz *f, FuzzInput *in)
{
  unsigned ctl = (unsigned) fuzz_take (in, 1), i = (unsigned) fuzz_take (in, 1);
  uint64_t addr = FUZZ_RAM_BASE + fuzz_take (in, 2);
  uint32_t len = (uint32_t) fuzz_take (in, 4);
  uint16_t flags = (uint16_t) fuzz_take (in, 2), next = (uint16_t) fuzz_take (in, 2);
  uint64_t table = ctl & 2 ? FUZZ_RAM_BASE + MF_INDIRECT : mf_desc (ctl & 1);
  uint8_t *d = pvm_machine_ram_ptr (mf_machine, table + 16ull * (i % 64), 16);

  pvm_le_put (d, addr, 8);
  pvm_le_put (d + 8, len, 4);
  pvm_le_put (d + 12, flags, 2);
  pvm_le_put (d + 14, next, 2);
}

static void
mf_op_offer (MmioFuzz *f, FuzzInput *in)
{
  unsigned ctl = (unsigned) fuzz_take (in, 1), q = ctl & 1;
  uint16_t head = (uint16_t) fuzz_take (in, 2);
  uint16_t num = f->num[q] ? f->num[q] : 1;
  uint8_t *avail = pvm_machine_ram_ptr (mf_machine, mf_avail (q), 4 + 2 * MF_QUEUE_MAX);

  pvm_le_put (avail + 4 + 2 * (f->avail_idx[q] % num), head, 2);
  f->avail_idx[q]++;
  __atomic_store_n ((uint16_t *) (avail + 2), GUINT16_TO_LE (f->avail_idx[q]), __ATOMIC_RELEASE);
  if (ctl & 2)
    mf_wr (f, FUZZ_REG_QUEUE_NOTIFY, q, 4);
}

static void
mf_op_state (MmioFuzz *f, FuzzInput *in)
{
  unsigned ctl = (unsigned) fuzz_take (in, 1);
  unsigned pos = (unsigned) fuzz_take (in, 2);
  uint8_t x = (uint8_t) fuzz_take (in, 1);
  g_autoptr (GByteArray) before = g_byte_array_new ();
  g_autoptr (GByteArray) after = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  gsize at = 0;

  mf_complete_all (f);
  if (ctl & 2)
    pvm_virtio_mmio_ops.reset (f->mmio);
  pvm_vmstate_save (&pvm_virtio_mmio_vmstate, f->mmio, before);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_byte_array_append (stream, before->data, before->len);
  if (ctl & 1)
    stream->data[pos % stream->len] ^= x;
  bool loaded = pvm_vmstate_load (&pvm_virtio_mmio_vmstate, f->mmio, stream->data, stream->len,
                                  &at, &error);
  pvm_vmstate_save (&pvm_virtio_mmio_vmstate, f->mmio, after);
  const GByteArray *expect = loaded ? stream : before;
  if (loaded)
    f->malformed = false; /* the loaded status says whether a reset is needed */
  FUZZ_CHECK (loaded == (error == NULL), "a load fails with an error");
  FUZZ_CHECK (at == (loaded ? stream->len : 0), "a load reads all or nothing");
  FUZZ_CHECK (after->len == expect->len && !memcmp (after->data, expect->data, after->len),
              "the state is what was loaded, or as before");
}

static void
mf_check (MmioFuzz *f)
{
  uint32_t status = (uint32_t) mf_rd (f, FUZZ_REG_STATUS, 4);

  FUZZ_CHECK (f->irq_level == (mf_rd (f, FUZZ_REG_INTERRUPT_STATUS, 4) != 0),
              "the line is high while InterruptStatus is nonzero");
  if (f->malformed)
    FUZZ_CHECK (status & PVM_VIRTIO_STATUS_NEEDS_RESET, "a malformed queue needs a reset");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  MmioFuzz *f = g_new0 (MmioFuzz, 1);
  PvmIrqLine line = { .set = mf_irq_set, .controller = f };
  g_autoptr (GError) error = NULL;

  fuzz_machine_clear_ram (mf_machine);
  f->mmio = pvm_virtio_mmio_new (mf_machine, MF_BASE, &line, &error);
  pvm_virtio_mmio_plug (f->mmio, &mf_device_ops, f);
  if (!pvm_bus_add_device (&f->bus, MF_BASE, PVM_VIRTIO_MMIO_SIZE, &pvm_virtio_mmio_ops, f->mmio,
                           &error))
    g_error ("%s", error->message);

  while (!fuzz_done (&in)) {
    switch (fuzz_take (&in, 1) % 8) {
    case 0: {
      uint64_t offset = fuzz_take (&in, 2) % PVM_VIRTIO_MMIO_SIZE;
      mf_rd (f, offset, 1u << (fuzz_take (&in, 1) % 4));
      break;
    }
    case 1: {
      uint64_t offset = fuzz_take (&in, 2) % PVM_VIRTIO_MMIO_SIZE;
      unsigned width = 1u << (fuzz_take (&in, 1) % 4);
      mf_write_op (f, offset, fuzz_take (&in, width), width);
      break;
    }
    case 2: {
      unsigned features = (unsigned) fuzz_take (&in, 1);
      mf_init (f, features, (unsigned) fuzz_take (&in, 1));
      break;
    }
    case 3: {
      uint16_t offset = (uint16_t) fuzz_take (&in, 2);
      uint8_t buf[256];
      size_t n = fuzz_take_bytes (&in, buf, (size_t) fuzz_take (&in, 1));
      memcpy (pvm_machine_ram_ptr (mf_machine, FUZZ_RAM_BASE + offset, 0), buf,
              MIN (n, MF_RAM_SIZE - offset));
      break;
    }
    case 4:
      mf_op_desc (f, &in);
      break;
    case 5:
      mf_op_offer (f, &in);
      break;
    case 6: {
      unsigned k = (unsigned) fuzz_take (&in, 1);
      uint32_t len = (uint32_t) fuzz_take (&in, 4);
      if (f->n_held)
        mf_complete (f, k % f->n_held, len);
      break;
    }
    default:
      mf_op_state (f, &in);
      break;
    }
    mf_check (f);
  }

  mf_complete_all (f);
  pvm_virtio_mmio_free (f->mmio);
  g_free (f);
  return 0;
}

/* fuzz-driver.c: the driver shared by the fuzz targets of context-run virtio devices. */
#include "fuzz-driver.h"

#include <string.h>

#include "common/pvm-bytes.h"

#define DRIVER_BASE 0x10001000ull
#define DRIVER_QUEUE_STRIDE 0x3000 /* per queue: descriptors, available ring, used ring */
#define DRIVER_INDIRECT 0x6000     /* the indirect table area */

static void
driver_irq_set (void *controller, unsigned line, bool level)
{
  FuzzDriver *d = controller;

  d->irq_level = level;
}

void
fuzz_driver_init (FuzzDriver *d, PvmMachine *machine)
{
  g_autoptr (GError) error = NULL;
  PvmIrqLine line = { .set = driver_irq_set, .controller = d };

  memset (d, 0, sizeof *d);
  d->machine = machine;
  fuzz_machine_clear_ram (machine);
  d->mmio = pvm_virtio_mmio_new (machine, DRIVER_BASE, &line, &error);
  if (!pvm_bus_add_device (&d->bus, DRIVER_BASE, PVM_VIRTIO_MMIO_SIZE, &pvm_virtio_mmio_ops,
                           d->mmio, &error))
    g_error ("fuzz: %s", error->message);
}

void
fuzz_driver_clear (FuzzDriver *d)
{
  g_clear_pointer (&d->mmio, pvm_virtio_mmio_free);
}

void
fuzz_driver_run_context (FuzzDriver *d)
{
  while (g_main_context_iteration (d->machine->context, FALSE))
    ;
}

static uint64_t
driver_rd (FuzzDriver *d, uint64_t offset, unsigned size)
{
  uint64_t v = 0;

  pvm_bus_read (&d->bus, DRIVER_BASE + offset, size, &v);
  return v;
}

static void
driver_wr (FuzzDriver *d, uint64_t offset, uint32_t value)
{
  pvm_bus_write (&d->bus, DRIVER_BASE + offset, 4, value);
}

static uint8_t *
driver_ram (FuzzDriver *d, uint64_t offset, uint64_t len)
{
  return pvm_machine_ram_ptr (d->machine, FUZZ_RAM_BASE + offset, len);
}

/* RAM offsets of queue @q's rings. */
static uint64_t
driver_desc (unsigned q)
{
  return DRIVER_QUEUE_STRIDE * (uint64_t) q;
}

static uint64_t
driver_avail (unsigned q)
{
  return driver_desc (q) + 0x1000;
}

static uint64_t
driver_used (unsigned q)
{
  return driver_desc (q) + 0x2000;
}

static void
driver_start (FuzzDriver *d, unsigned n_queues, unsigned features, unsigned sizes)
{
  uint32_t status = PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER;
  uint64_t want = 0;

  d->n_queues = n_queues;
  driver_wr (d, FUZZ_REG_STATUS, 0);
  driver_wr (d, FUZZ_REG_STATUS, PVM_VIRTIO_STATUS_ACKNOWLEDGE);
  driver_wr (d, FUZZ_REG_STATUS, status);
  if (features & 4) {
    for (unsigned bank = 0; bank < 2; bank++) {
      driver_wr (d, FUZZ_REG_DEVICE_FEATURES_SEL, bank);
      want |= driver_rd (d, FUZZ_REG_DEVICE_FEATURES, 4) << 32 * bank;
    }
    want &= ~((1ull << PVM_VIRTIO_F_RING_INDIRECT_DESC) | (1ull << PVM_VIRTIO_F_RING_EVENT_IDX));
  }
  want |= (uint64_t) (features & 1) << PVM_VIRTIO_F_RING_INDIRECT_DESC;
  want |= (uint64_t) (features >> 1 & 1) << PVM_VIRTIO_F_RING_EVENT_IDX;
  if (features & 8)
    want &= ~(1ull << PVM_VIRTIO_F_VERSION_1);
  else
    want |= 1ull << PVM_VIRTIO_F_VERSION_1;
  for (unsigned bank = 0; bank < 2; bank++) {
    driver_wr (d, FUZZ_REG_DRIVER_FEATURES_SEL, bank);
    driver_wr (d, FUZZ_REG_DRIVER_FEATURES, (uint32_t) (want >> 32 * bank));
  }
  status |= PVM_VIRTIO_STATUS_FEATURES_OK;
  driver_wr (d, FUZZ_REG_STATUS, status);
  for (unsigned q = 0; q < n_queues; q++) {
    uint64_t rings[3] = { driver_desc (q), driver_avail (q), driver_used (q) };
    uint16_t num = (uint16_t) (1u << (sizes >> 4 * q & 15) % 9);
    driver_wr (d, FUZZ_REG_QUEUE_SEL, q);
    uint16_t max = (uint16_t) driver_rd (d, FUZZ_REG_QUEUE_NUM_MAX, 4);
    d->num[q] = max && num > max ? max : num; /* a refused size leaves the maximum */
    d->avail_idx[q] = 0;
    driver_wr (d, FUZZ_REG_QUEUE_NUM, num);
    for (unsigned r = 0; r < 3; r++) {
      driver_wr (d, FUZZ_REG_QUEUE_DESC_LOW + 0x10 * r, (uint32_t) (FUZZ_RAM_BASE + rings[r]));
      driver_wr (d, FUZZ_REG_QUEUE_DESC_LOW + 0x10 * r + 4,
                 (uint32_t) ((FUZZ_RAM_BASE + rings[r]) >> 32));
    }
    driver_wr (d, FUZZ_REG_QUEUE_READY, 1);
  }
  driver_wr (d, FUZZ_REG_STATUS, status | PVM_VIRTIO_STATUS_DRIVER_OK);
}

static void
driver_desc_put (FuzzDriver *d, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                 uint16_t flags, uint16_t next)
{
  uint8_t *p = driver_ram (d, table + 16ull * (i % 256), 16);

  pvm_le_put (p, FUZZ_RAM_BASE + addr, 8);
  pvm_le_put (p + 8, len, 4);
  pvm_le_put (p + 12, flags, 2);
  pvm_le_put (p + 14, next, 2);
}

static void
driver_offer (FuzzDriver *d, unsigned q, uint16_t head, bool notify)
{
  uint16_t num = d->num[q] ? d->num[q] : 1;
  uint8_t *avail = driver_ram (d, driver_avail (q), 0x1000);

  pvm_le_put (avail + 4 + 2 * (d->avail_idx[q] % num), head, 2);
  d->avail_idx[q]++;
  __atomic_store_n ((uint16_t *) (avail + 2), GUINT16_TO_LE (d->avail_idx[q]), __ATOMIC_RELEASE);
  if (notify)
    driver_wr (d, FUZZ_REG_QUEUE_NOTIFY, q);
}

static void
driver_step (FuzzDriver *d, unsigned kind, FuzzInput *in, FuzzHostEvent host_event, void *data)
{
  switch (kind) {
  case 0: {
    uint16_t offset = (uint16_t) fuzz_take (in, 2);
    uint8_t buf[256];
    size_t n = fuzz_take_bytes (in, buf, (size_t) fuzz_take (in, 1));
    memcpy (driver_ram (d, offset, 0), buf, MIN (n, FUZZ_DRIVER_RAM_SIZE - offset));
    break;
  }
  case 1: {
    unsigned ctl = (unsigned) fuzz_take (in, 1), i = (unsigned) fuzz_take (in, 1);
    uint64_t addr = fuzz_take (in, 2);
    uint32_t len = (uint32_t) fuzz_take (in, 4);
    uint16_t flags = (uint16_t) fuzz_take (in, 2), next = (uint16_t) fuzz_take (in, 2);
    uint64_t table = ctl & 2 ? DRIVER_INDIRECT : driver_desc ((ctl & 1) % d->n_queues);
    driver_desc_put (d, table, i, addr, len, flags, next);
    break;
  }
  case 2: {
    unsigned ctl = (unsigned) fuzz_take (in, 1);
    driver_offer (d, (ctl & 1) % d->n_queues, (uint16_t) fuzz_take (in, 2), ctl & 2);
    break;
  }
  case 3: {
    unsigned ctl = (unsigned) fuzz_take (in, 1), q = (ctl & 1) % d->n_queues;
    unsigned i = (unsigned) fuzz_take (in, 1) % (d->num[q] ? d->num[q] : 1);
    uint64_t addr = fuzz_take (in, 2);
    uint32_t len = (uint32_t) fuzz_take (in, 2);
    driver_desc_put (d, driver_desc (q), i, addr, len, ctl & 2 ? PVM_VIRTQ_DESC_F_WRITE : 0, 0);
    driver_offer (d, q, (uint16_t) i, ctl & 4);
    break;
  }
  case 4: {
    uint64_t offset = fuzz_take (in, 2) % PVM_VIRTIO_MMIO_CONFIG & ~3ull;
    driver_wr (d, offset, (uint32_t) fuzz_take (in, 4));
    break;
  }
  case 5:
    host_event (data, in);
    break;
  case 6:
    fuzz_driver_run_context (d);
    break;
  default: {
    uint64_t offset = FUZZ_REG_CONFIG + fuzz_take (in, 1);
    driver_rd (d, offset, 1u << (fuzz_take (in, 1) % 4));
    break;
  }
  }
}

void
fuzz_driver_run (FuzzDriver *d, unsigned n_queues, FuzzInput *in, FuzzHostEvent host_event,
                 void *data)
{
  unsigned features = (unsigned) fuzz_take (in, 1), sizes = (unsigned) fuzz_take (in, 1);

  driver_start (d, n_queues, features, sizes);
  while (!fuzz_done (in)) {
    driver_step (d, (unsigned) fuzz_take (in, 1) % 8, in, host_event, data);
    FUZZ_CHECK (d->irq_level == (driver_rd (d, FUZZ_REG_INTERRUPT_STATUS, 4) != 0),
                "the line is high while InterruptStatus is nonzero");
  }
  fuzz_driver_run_context (d);
}

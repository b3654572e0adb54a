/* virtio-test.c: a machine with RAM and a minimal virtio driver for the device tests. */
#include "virtio-test.h"

#include <string.h>

#include "common/pvm-bytes.h"

void
vt_init (VirtioTest *t)
{
  g_autoptr (GError) error = NULL;

  memset (t, 0, sizeof *t);
  t->machine = pvm_machine_new (VT_RAM_BASE, VT_RAM_SIZE, 1, true, &error);
  g_assert_no_error (error);
}

void
vt_clear (VirtioTest *t)
{
  g_clear_pointer (&t->mmio, pvm_virtio_mmio_free);
  g_clear_pointer (&t->machine, pvm_machine_free);
}

void
vt_add_transport (VirtioTest *t)
{
  g_autoptr (GError) error = NULL;
  PvmIrqLine line = dev_test_irq_line (&t->irq);

  t->mmio = pvm_virtio_mmio_new (t->machine, VT_BASE, &line, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_bus_add_device (&t->machine->bus, VT_BASE, PVM_VIRTIO_MMIO_SIZE,
                                     &pvm_virtio_mmio_ops, t->mmio, NULL));
}

uint32_t
vt_rd (VirtioTest *t, uint64_t offset)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&t->machine->bus, VT_BASE + offset, 4, &v), ==, 0);
  return (uint32_t) v;
}

void
vt_wr (VirtioTest *t, uint64_t offset, uint32_t value)
{
  g_assert_cmpint (pvm_bus_write (&t->machine->bus, VT_BASE + offset, 4, value), ==, 0);
}

uint8_t *
vt_ram (VirtioTest *t, uint64_t pa, uint64_t len)
{
  uint8_t *p = pvm_machine_ram_ptr (t->machine, pa, len);

  g_assert_nonnull (p);
  return p;
}

uint64_t
vt_device_features (VirtioTest *t)
{
  vt_wr (t, VT_DEVICE_FEATURES_SEL, 1);
  uint64_t hi = vt_rd (t, VT_DEVICE_FEATURES);
  vt_wr (t, VT_DEVICE_FEATURES_SEL, 0);
  return hi << 32 | vt_rd (t, VT_DEVICE_FEATURES);
}

void
vt_setup (VirtioTest *t, uint64_t features, uint16_t num)
{
  vt_wr (t, VT_STATUS, 0);
  g_assert_cmphex (vt_rd (t, VT_STATUS), ==, 0);
  vt_wr (t, VT_STATUS, PVM_VIRTIO_STATUS_ACKNOWLEDGE);
  vt_wr (t, VT_STATUS, PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER);
  g_assert_cmphex (features & ~vt_device_features (t), ==, 0);
  vt_wr (t, VT_DRIVER_FEATURES_SEL, 0);
  vt_wr (t, VT_DRIVER_FEATURES, (uint32_t) features);
  vt_wr (t, VT_DRIVER_FEATURES_SEL, 1);
  vt_wr (t, VT_DRIVER_FEATURES, (uint32_t) (features >> 32));
  uint32_t status = PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER |
                    PVM_VIRTIO_STATUS_FEATURES_OK;
  vt_wr (t, VT_STATUS, status);
  g_assert_cmphex (vt_rd (t, VT_STATUS), ==, status);

  memset (vt_ram (t, VT_DESC, 16 * 1024), 0, 16 * 1024);
  memset (vt_ram (t, VT_AVAIL, 6 + 2 * 1024), 0, 6 + 2 * 1024);
  memset (vt_ram (t, VT_USED, 6 + 8 * 1024), 0, 6 + 8 * 1024);
  t->num = num;
  t->avail_idx = 0;
  vt_wr (t, VT_QUEUE_SEL, 0);
  g_assert_cmpuint (vt_rd (t, VT_QUEUE_READY), ==, 0);
  g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), >=, num);
  vt_wr (t, VT_QUEUE_NUM, num);
  vt_wr (t, VT_QUEUE_DESC_LOW, (uint32_t) VT_DESC);
  vt_wr (t, VT_QUEUE_DESC_HIGH, (uint32_t) (VT_DESC >> 32));
  vt_wr (t, VT_QUEUE_DRIVER_LOW, (uint32_t) VT_AVAIL);
  vt_wr (t, VT_QUEUE_DRIVER_HIGH, (uint32_t) (VT_AVAIL >> 32));
  vt_wr (t, VT_QUEUE_DEVICE_LOW, (uint32_t) VT_USED);
  vt_wr (t, VT_QUEUE_DEVICE_HIGH, (uint32_t) (VT_USED >> 32));
  vt_wr (t, VT_QUEUE_READY, 1);
  g_assert_cmpuint (vt_rd (t, VT_QUEUE_READY), ==, 1);
  vt_wr (t, VT_STATUS, status | PVM_VIRTIO_STATUS_DRIVER_OK);
  g_assert_cmphex (vt_rd (t, VT_STATUS), ==, status | PVM_VIRTIO_STATUS_DRIVER_OK);
}

void
vt_desc (VirtioTest *t, uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
         uint16_t next)
{
  uint8_t *d = vt_ram (t, table + 16ull * i, 16);

  pvm_le_put (d, addr, 8);
  pvm_le_put (d + 8, len, 4);
  pvm_le_put (d + 12, flags, 2);
  pvm_le_put (d + 14, next, 2);
}

void
vt_set_avail_idx (VirtioTest *t, uint16_t idx)
{
  uint8_t *p = vt_ram (t, VT_AVAIL + 2, 2);

  t->avail_idx = idx;
  __atomic_store_n ((uint16_t *) p, GUINT16_TO_LE (idx), __ATOMIC_RELEASE);
}

void
vt_offer (VirtioTest *t, uint16_t head)
{
  pvm_le_put (vt_ram (t, VT_AVAIL + 4 + 2 * (t->avail_idx % t->num), 2), head, 2);
  vt_set_avail_idx (t, (uint16_t) (t->avail_idx + 1));
}

void
vt_set_used_event (VirtioTest *t, uint16_t idx)
{
  pvm_le_put (vt_ram (t, VT_AVAIL + 4 + 2 * t->num, 2), idx, 2);
}

uint16_t
vt_avail_event (VirtioTest *t)
{
  return (uint16_t) pvm_le_get (vt_ram (t, VT_USED + 4 + 8 * t->num, 2), 2);
}

void
vt_notify (VirtioTest *t, unsigned queue)
{
  vt_wr (t, VT_QUEUE_NOTIFY, queue);
}

uint16_t
vt_used_idx (VirtioTest *t)
{
  const uint8_t *p = vt_ram (t, VT_USED + 2, 2);

  return GUINT16_FROM_LE (__atomic_load_n ((const uint16_t *) p, __ATOMIC_ACQUIRE));
}

void
vt_used (VirtioTest *t, uint16_t i, uint32_t *id, uint32_t *len)
{
  const uint8_t *e = vt_ram (t, VT_USED + 4 + 8 * (i % t->num), 8);

  *id = (uint32_t) pvm_le_get (e, 4);
  *len = (uint32_t) pvm_le_get (e + 4, 4);
}

void
vt_wait_used (VirtioTest *t, uint16_t idx)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (vt_used_idx (t) != idx && g_get_monotonic_time () < deadline)
    g_usleep (200);
  g_assert_cmpuint (vt_used_idx (t), ==, idx);
}

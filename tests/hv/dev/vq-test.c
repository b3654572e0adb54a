/* vq-test.c: a driver for devices with several queues, worked on the machine's context. */
#include "vq-test.h"

#include <string.h>

#include "common/pvm-bytes.h"

static uint64_t
vq_avail (unsigned q)
{
  return vq_desc_table (q) + 0x2000;
}

static uint64_t
vq_used_ring (unsigned q)
{
  return vq_desc_table (q) + 0x4000;
}

uint64_t
vq_desc_table (unsigned q)
{
  return VQ_RINGS + (uint64_t) q * VQ_RING_STRIDE;
}

uint64_t
vq_buf (unsigned i)
{
  return VQ_BUFS + (uint64_t) i * VQ_BUF_SIZE;
}

uint64_t
vq_table (unsigned i)
{
  return VQ_TABLES + (uint64_t) i * 0x1000;
}

void
vq_init (VqTest *d)
{
  memset (d, 0, sizeof *d);
  vt_init (&d->t);
  vt_add_transport (&d->t);
}

void
vq_clear (VqTest *d)
{
  vt_clear (&d->t);
}

static void
vq_wr64 (VqTest *d, uint64_t low, uint64_t value)
{
  vt_wr (&d->t, low, (uint32_t) value);
  vt_wr (&d->t, low + 4, (uint32_t) (value >> 32));
}

void
vq_setup (VqTest *d, uint64_t features, unsigned n_queues, uint16_t num)
{
  VirtioTest *t = &d->t;

  g_assert_cmpuint (n_queues, <=, VQ_MAX);
  g_assert_cmpuint (num, <=, 256);
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

  d->n_queues = n_queues;
  for (unsigned q = 0; q < n_queues; q++) {
    memset (vt_ram (t, vq_desc_table (q), VQ_RING_STRIDE), 0, VQ_RING_STRIDE);
    d->num[q] = num;
    d->avail_idx[q] = 0;
    vt_wr (t, VT_QUEUE_SEL, q);
    g_assert_cmpuint (vt_rd (t, VT_QUEUE_READY), ==, 0);
    g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), >=, num);
    vt_wr (t, VT_QUEUE_NUM, num);
    vq_wr64 (d, VT_QUEUE_DESC_LOW, vq_desc_table (q));
    vq_wr64 (d, VT_QUEUE_DRIVER_LOW, vq_avail (q));
    vq_wr64 (d, VT_QUEUE_DEVICE_LOW, vq_used_ring (q));
    vt_wr (t, VT_QUEUE_READY, 1);
    g_assert_cmpuint (vt_rd (t, VT_QUEUE_READY), ==, 1);
  }
  vt_wr (t, VT_STATUS, status | PVM_VIRTIO_STATUS_DRIVER_OK);
  g_assert_cmphex (vt_rd (t, VT_STATUS), ==, status | PVM_VIRTIO_STATUS_DRIVER_OK);
}

void
vq_desc (VqTest *d, unsigned q, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
         uint16_t next)
{
  vt_desc (&d->t, vq_desc_table (q), i, addr, len, flags, next);
}

void
vq_set_avail_idx (VqTest *d, unsigned q, uint16_t idx)
{
  uint8_t *p = vt_ram (&d->t, vq_avail (q) + 2, 2);

  d->avail_idx[q] = idx;
  __atomic_store_n ((uint16_t *) p, GUINT16_TO_LE (idx), __ATOMIC_RELEASE);
}

void
vq_offer (VqTest *d, unsigned q, uint16_t head)
{
  pvm_le_put (vt_ram (&d->t, vq_avail (q) + 4 + 2 * (d->avail_idx[q] % d->num[q]), 2), head, 2);
  vq_set_avail_idx (d, q, (uint16_t) (d->avail_idx[q] + 1));
}

uint16_t
vq_offer_buf (VqTest *d, unsigned q, unsigned i, unsigned buf, uint32_t len, bool writable)
{
  vq_desc (d, q, i, vq_buf (buf), len, writable ? PVM_VIRTQ_DESC_F_WRITE : 0, 0);
  vq_offer (d, q, (uint16_t) i);
  return (uint16_t) i;
}

void
vq_notify (VqTest *d, unsigned q)
{
  vt_wr (&d->t, VT_QUEUE_NOTIFY, q);
}

uint16_t
vq_used_idx (VqTest *d, unsigned q)
{
  const uint8_t *p = vt_ram (&d->t, vq_used_ring (q) + 2, 2);

  return GUINT16_FROM_LE (__atomic_load_n ((const uint16_t *) p, __ATOMIC_ACQUIRE));
}

void
vq_used (VqTest *d, unsigned q, uint16_t i, uint32_t *id, uint32_t *len)
{
  const uint8_t *e = vt_ram (&d->t, vq_used_ring (q) + 4 + 8 * (i % d->num[q]), 8);

  *id = (uint32_t) pvm_le_get (e, 4);
  *len = (uint32_t) pvm_le_get (e + 4, 4);
}

void
vq_wait_used (VqTest *d, unsigned q, uint16_t idx)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GMainContext *context = d->t.machine->context;

  while (vq_used_idx (d, q) != idx && g_get_monotonic_time () < deadline) {
    if (!g_main_context_iteration (context, FALSE))
      g_usleep (200);
  }
  g_assert_cmpuint (vq_used_idx (d, q), ==, idx);
}

void
vq_run (VqTest *d)
{
  GMainContext *context = d->t.machine->context;

  g_main_context_iteration (context, FALSE);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
}

uint32_t
vq_status (VqTest *d)
{
  return vt_rd (&d->t, VT_STATUS);
}

uint64_t
vq_config (VqTest *d, unsigned offset, unsigned size)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&d->t.machine->bus, VT_BASE + VT_CONFIG + offset, size, &v),
                   ==, 0);
  return v;
}

/* test-virtio-mmio.c: the virtio-mmio transport — registers, feature negotiation, queue setup,
 * notifications, interrupts, reset and state — with a recording device plugged in. */
#include <string.h>

#include "hv/machine/guest-error.h"
#include "virtio-test.h"

#define FAKE_ID 42
#define FAKE_QUEUES 2
#define FAKE_QUEUE_MAX 64
#define FAKE_FEATURES ((1ull << 0) | (1ull << 5))
#define FAKE_MAX_ELEMS 8

typedef struct {
  PvmVirtioMmio *mmio;
  unsigned notifies, resets;
  bool freed;
  uint64_t features;
  unsigned features_calls;
  uint8_t config[12];
  unsigned n_elems;
  PvmVirtqElem elems[FAKE_MAX_ELEMS];
  gint pushed[FAKE_MAX_ELEMS];
  struct iovec iov[FAKE_MAX_ELEMS][4];
} Fake;

static uint64_t
fake_get_features (void *dev)
{
  return FAKE_FEATURES;
}

static void
fake_set_features (void *dev, uint64_t features)
{
  Fake *fake = dev;

  fake->features = features;
  fake->features_calls++;
}

static uint64_t
fake_read_config (void *dev, uint32_t offset, unsigned size)
{
  Fake *fake = dev;
  uint64_t v = 0;

  for (unsigned i = 0; i < size; i++)
    v |= (uint64_t) fake->config[offset + i] << (8 * i);
  return v;
}

static void
fake_write_config (void *dev, uint32_t offset, uint64_t value, unsigned size)
{
  Fake *fake = dev;

  for (unsigned i = 0; i < size; i++)
    fake->config[offset + i] = (uint8_t) (value >> (8 * i));
}

static void
fake_notify (void *dev, unsigned queue)
{
  Fake *fake = dev;

  fake->notifies++;
  while (fake->n_elems < FAKE_MAX_ELEMS &&
         pvm_virtio_mmio_pop (fake->mmio, queue, fake->iov[fake->n_elems], 4,
                              &fake->elems[fake->n_elems]) > 0) {
    g_atomic_int_set (&fake->pushed[fake->n_elems], 0);
    fake->n_elems++;
  }
}

/* Completes the @i-th chain the device took, with 1 byte written. */
static void
fake_push (Fake *fake, unsigned i)
{
  g_assert_cmpuint (i, <, fake->n_elems);
  g_assert_false (g_atomic_int_get (&fake->pushed[i]));
  g_atomic_int_set (&fake->pushed[i], 1);
  pvm_virtio_mmio_push (fake->mmio, 0, fake->elems[i].head, 1);
}

/* Completes whatever the device still holds, as a device must before it is freed. */
static void
fake_push_all (Fake *fake)
{
  for (unsigned i = 0; i < fake->n_elems; i++) {
    if (!g_atomic_int_get (&fake->pushed[i]))
      fake_push (fake, i);
  }
}

static void
fake_reset (void *dev)
{
  Fake *fake = dev;

  fake->resets++;
  fake->n_elems = 0;
}

static void
fake_free (void *dev)
{
  Fake *fake = dev;

  fake->freed = true;
}

static const PvmVirtioDeviceOps fake_ops = {
  .name = "fake",
  .device_id = FAKE_ID,
  .n_queues = FAKE_QUEUES,
  .queue_max = FAKE_QUEUE_MAX,
  .config_size = 12,
  .get_features = fake_get_features,
  .set_features = fake_set_features,
  .read_config = fake_read_config,
  .write_config = fake_write_config,
  .notify = fake_notify,
  .reset = fake_reset,
  .free = fake_free,
};

typedef struct {
  VirtioTest t;
  Fake fake;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  vt_init (&f->t);
  vt_add_transport (&f->t);
  f->fake.mmio = f->t.mmio;
  for (unsigned i = 0; i < sizeof f->fake.config; i++)
    f->fake.config[i] = (uint8_t) (0x10 + i);
  pvm_virtio_mmio_plug (f->t.mmio, &fake_ops, &f->fake);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  fake_push_all (&f->fake);
  vt_clear (&f->t);
  g_assert_true (f->fake.freed);
}

static const uint64_t all_features = VT_F_VERSION_1 | VT_F_INDIRECT | VT_F_EVENT_IDX |
                                     FAKE_FEATURES;

static void
expect_guest_error (const char *pattern)
{
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, pattern);
}

/* Offers a chain of one writable byte at head @head. */
static void
offer_one (Fixture *f, uint16_t head)
{
  vt_desc (&f->t, VT_DESC, head, VT_DATA + 16 * head, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, head);
}

/* ---- identification and features ---- */

static uint32_t
rd_at (Fixture *f, uint64_t pa)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&f->t.machine->bus, pa, 4, &v), ==, 0);
  return (uint32_t) v;
}

static void
test_an_empty_slot_reports_device_id_zero (Fixture *f, gconstpointer data)
{
  DevTestIrq irq = { 0 };
  PvmIrqLine line = dev_test_irq_line (&irq);
  const uint64_t base = VT_BASE + 0x1000;
  PvmVirtioMmio *empty = pvm_virtio_mmio_new (f->t.machine, base, &line, NULL);

  g_assert_true (pvm_bus_add_device (&f->t.machine->bus, base, PVM_VIRTIO_MMIO_SIZE,
                                     &pvm_virtio_mmio_ops, empty, NULL));
  g_assert_cmphex (rd_at (f, base + VT_MAGIC), ==, 0x74726976);
  g_assert_cmpuint (rd_at (f, base + VT_VERSION), ==, 2);
  g_assert_cmpuint (rd_at (f, base + VT_DEVICE_ID), ==, 0);
  g_assert_cmphex (rd_at (f, base + VT_VENDOR_ID), !=, 0);
  g_assert_cmpuint (rd_at (f, base + VT_DEVICE_FEATURES), ==, 0);
  g_assert_cmpuint (rd_at (f, base + VT_QUEUE_NUM_MAX), ==, 0);
  /* Writes do nothing, not even a reset. */
  g_assert_cmpint (pvm_bus_write (&f->t.machine->bus, base + VT_STATUS, 4, 0xf), ==, 0);
  g_assert_cmpint (pvm_bus_write (&f->t.machine->bus, base + VT_QUEUE_NOTIFY, 4, 0), ==, 0);
  g_assert_cmpuint (rd_at (f, base + VT_STATUS), ==, 0);
  g_assert_false (irq.level);
  pvm_virtio_mmio_free (empty);
}

static void
test_the_plugged_device_is_identified (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (vt_rd (&f->t, VT_MAGIC), ==, 0x74726976);
  g_assert_cmpuint (vt_rd (&f->t, VT_VERSION), ==, 2);
  g_assert_cmpuint (vt_rd (&f->t, VT_DEVICE_ID), ==, FAKE_ID);
  g_assert_cmphex (vt_device_features (&f->t), ==, all_features);
  vt_wr (&f->t, VT_DEVICE_FEATURES_SEL, 2);
  g_assert_cmphex (vt_rd (&f->t, VT_DEVICE_FEATURES), ==, 0);
  g_assert_cmpuint (vt_rd (&f->t, VT_STATUS), ==, 0);
  for (unsigned q = 0; q < 4; q++) {
    vt_wr (&f->t, VT_QUEUE_SEL, q);
    g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_NUM_MAX), ==, q < FAKE_QUEUES ? FAKE_QUEUE_MAX : 0);
    g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_READY), ==, 0);
  }
  g_assert_cmphex (vt_rd (&f->t, VT_SHM_LEN_LOW), ==, 0xffffffff);
  g_assert_cmpuint (vt_rd (&f->t, VT_CONFIG_GENERATION), ==, 0);
  g_assert_true (pvm_virtio_mmio_device (f->t.mmio) == &f->fake);
}

static void
test_features_ok_needs_version_1 (Fixture *f, gconstpointer data)
{
  vt_wr (&f->t, VT_STATUS, PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER);
  vt_wr (&f->t, VT_DRIVER_FEATURES_SEL, 0);
  vt_wr (&f->t, VT_DRIVER_FEATURES, (uint32_t) FAKE_FEATURES);
  expect_guest_error ("fake@10001000: the driver does not accept VIRTIO_F_VERSION_1");
  vt_wr (&f->t, VT_STATUS, 0xb);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0x3);
  g_assert_cmpuint (f->fake.features_calls, ==, 0);
}

static void
test_features_ok_refuses_features_not_offered (Fixture *f, gconstpointer data)
{
  vt_wr (&f->t, VT_STATUS, 0x3);
  vt_wr (&f->t, VT_DRIVER_FEATURES_SEL, 0);
  vt_wr (&f->t, VT_DRIVER_FEATURES, 1u << 7);
  vt_wr (&f->t, VT_DRIVER_FEATURES_SEL, 1);
  vt_wr (&f->t, VT_DRIVER_FEATURES, 1);
  expect_guest_error ("fake@10001000: the driver accepts features 0x80 that were not offered");
  vt_wr (&f->t, VT_STATUS, 0xb);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0x3);
}

static void
test_accepted_features_reach_the_device_and_freeze (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1 | (1ull << 5), 16);
  g_assert_cmpuint (f->fake.features_calls, ==, 1);
  g_assert_cmphex (f->fake.features, ==, VT_F_VERSION_1 | (1ull << 5));
  expect_guest_error ("fake@10001000: driver features written after FEATURES_OK");
  vt_wr (&f->t, VT_DRIVER_FEATURES, 1);
  g_test_assert_expected_messages ();
  /* Indirect tables were not accepted: the queue refuses them. */
  vt_desc (&f->t, VT_INDIRECT, 0, VT_DATA, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_desc (&f->t, VT_DESC, 0, VT_INDIRECT, 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vt_offer (&f->t, 0);
  expect_guest_error ("*indirect descriptor without the negotiated feature");
  vt_notify (&f->t, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->fake.n_elems, ==, 0);
}

static void
test_status_bits_cannot_be_cleared (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  expect_guest_error ("fake@10001000: status 0x3 written over 0xf clears bits*");
  vt_wr (&f->t, VT_STATUS, 0x3);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0xf);
  vt_wr (&f->t, VT_STATUS, 0x8f);
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0x8f);
}

/* ---- queues ---- */

static void
test_queue_registers_check_what_the_driver_writes (Fixture *f, gconstpointer data)
{
  vt_wr (&f->t, VT_QUEUE_SEL, 1);
  expect_guest_error ("fake@10001000: queue size 48 is not a power of 2 from 1 to 64");
  vt_wr (&f->t, VT_QUEUE_NUM, 48);
  expect_guest_error ("fake@10001000: queue size 128 *");
  vt_wr (&f->t, VT_QUEUE_NUM, 128);
  g_test_assert_expected_messages ();
  vt_wr (&f->t, VT_QUEUE_DESC_LOW, 0x80010000);
  vt_wr (&f->t, VT_QUEUE_DESC_HIGH, 0);
  g_assert_cmphex (vt_rd (&f->t, VT_QUEUE_DESC_LOW), ==, 0x80010000);

  vt_wr (&f->t, VT_QUEUE_SEL, 3);
  expect_guest_error ("fake@10001000: configuration of queue 3, which does not exist");
  vt_wr (&f->t, VT_QUEUE_NUM, 16);
  expect_guest_error ("fake@10001000: QueueReady write of queue 3, which does not exist");
  vt_wr (&f->t, VT_QUEUE_READY, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_READY), ==, 0);

  vt_setup (&f->t, VT_F_VERSION_1, 16);
  expect_guest_error ("fake@10001000: queue 0 is reconfigured (offset 0x80) while ready");
  vt_wr (&f->t, VT_QUEUE_DESC_LOW, 0);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_QUEUE_DESC_LOW), ==, (uint32_t) VT_DESC);
}

static void
test_a_queue_outside_ram_needs_a_reset (Fixture *f, gconstpointer data)
{
  vt_wr (&f->t, VT_STATUS, 0x3);
  vt_wr (&f->t, VT_QUEUE_SEL, 0);
  vt_wr (&f->t, VT_QUEUE_NUM, 64);
  vt_wr (&f->t, VT_QUEUE_DESC_LOW, 0x1000);
  vt_wr (&f->t, VT_QUEUE_DRIVER_LOW, (uint32_t) VT_AVAIL);
  vt_wr (&f->t, VT_QUEUE_DEVICE_LOW, (uint32_t) VT_USED);
  expect_guest_error ("fake@10001000 queue 0: cannot be made ready: a ring lies outside*");
  vt_wr (&f->t, VT_QUEUE_READY, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_READY), ==, 0);
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0x3 | PVM_VIRTIO_STATUS_NEEDS_RESET);
  /* No DRIVER_OK yet: no configuration interrupt. */
  g_assert_false (f->t.irq.level);
}

static void
test_notifications_before_setup_are_ignored (Fixture *f, gconstpointer data)
{
  expect_guest_error ("fake@10001000: notification for queue 0, which is not set up");
  vt_notify (&f->t, 0);
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  expect_guest_error ("fake@10001000: notification for queue 1, which is not set up");
  vt_notify (&f->t, 1);
  expect_guest_error ("fake@10001000: notification for queue 7, which is not set up");
  vt_notify (&f->t, 7);
  expect_guest_error ("fake@10001000: notification for queue 4294967295, which is not set up");
  vt_notify (&f->t, 0xffffffff);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->fake.notifies, ==, 0);
}

static void
test_a_notification_hands_chains_to_the_device (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, all_features, 16);
  offer_one (f, 3);
  offer_one (f, 4);
  vt_notify (&f->t, 0);
  g_assert_cmpuint (f->fake.notifies, ==, 1);
  g_assert_cmpuint (f->fake.n_elems, ==, 2);
  g_assert_cmpuint (f->fake.elems[0].head, ==, 3);
  g_assert_cmpuint (f->fake.elems[1].head, ==, 4);
  g_assert_true (f->fake.iov[0][0].iov_base == vt_ram (&f->t, VT_DATA + 48, 1));
  g_assert_false (f->t.irq.level);
}

static void
test_a_push_raises_the_interrupt_until_acknowledged (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  offer_one (f, 3);
  vt_notify (&f->t, 0);
  fake_push (&f->fake, 0);
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 1);
  g_assert_true (f->t.irq.level);
  g_assert_cmphex (vt_rd (&f->t, VT_INTERRUPT_STATUS), ==, PVM_VIRTIO_INT_VRING);
  vt_wr (&f->t, VT_INTERRUPT_ACK, PVM_VIRTIO_INT_VRING);
  g_assert_cmphex (vt_rd (&f->t, VT_INTERRUPT_STATUS), ==, 0);
  g_assert_false (f->t.irq.level);
  g_assert_cmpuint (f->t.irq.raises, ==, 1);
}

static void
test_event_index_suppresses_interrupts (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1 | VT_F_EVENT_IDX, 16);
  for (uint16_t h = 0; h < 4; h++)
    offer_one (f, h);
  vt_notify (&f->t, 0);
  g_assert_cmpuint (f->fake.n_elems, ==, 4);
  /* The device asks to be notified at the next entry. */
  g_assert_cmpuint (vt_avail_event (&f->t), ==, 4);
  vt_set_used_event (&f->t, 2);
  fake_push (&f->fake, 0);
  g_assert_true (f->t.irq.level); /* the first is always signalled */
  vt_wr (&f->t, VT_INTERRUPT_ACK, 1);
  fake_push (&f->fake, 1);
  g_assert_false (f->t.irq.level);
  fake_push (&f->fake, 2);
  g_assert_true (f->t.irq.level);
  vt_wr (&f->t, VT_INTERRUPT_ACK, 1);
  fake_push (&f->fake, 3);
  g_assert_false (f->t.irq.level);
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 4);
}

static void
test_a_malformed_chain_marks_the_device_needs_reset (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 0);
  vt_offer (&f->t, 0);
  expect_guest_error ("fake@10001000 queue 0: chain at head 0: *");
  vt_notify (&f->t, 0);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0xf | PVM_VIRTIO_STATUS_NEEDS_RESET);
  g_assert_cmphex (vt_rd (&f->t, VT_INTERRUPT_STATUS), ==, PVM_VIRTIO_INT_CONFIG);
  g_assert_true (f->t.irq.level);
  /* Nothing more is taken until a reset. */
  offer_one (f, 1);
  vt_notify (&f->t, 0);
  g_assert_cmpuint (f->fake.notifies, ==, 1);
  g_assert_cmpuint (f->fake.n_elems, ==, 0);

  vt_setup (&f->t, VT_F_VERSION_1, 16);
  g_assert_false (f->t.irq.level);
  offer_one (f, 1);
  vt_notify (&f->t, 0);
  g_assert_cmpuint (f->fake.n_elems, ==, 1);
}

static void
test_the_device_can_ask_for_a_reset (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  expect_guest_error ("fake@10001000: request 7 is nonsense; the device needs a reset");
  pvm_virtio_mmio_fail (f->t.mmio, "request %u is nonsense", 7);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0xf | PVM_VIRTIO_STATUS_NEEDS_RESET);
  g_assert_cmphex (vt_rd (&f->t, VT_INTERRUPT_STATUS), ==, PVM_VIRTIO_INT_CONFIG);
}

/* ---- reset ---- */

typedef struct {
  Fixture *f;
  gint pushed;
} LatePush;

static gpointer
late_push (gpointer data)
{
  LatePush *lp = data;

  g_usleep (100 * 1000);
  g_atomic_int_set (&lp->pushed, 1);
  fake_push (&lp->f->fake, 0);
  return NULL;
}

static void
test_reset_waits_for_chains_in_flight (Fixture *f, gconstpointer data)
{
  LatePush lp = { .f = f };

  vt_setup (&f->t, VT_F_VERSION_1, 16);
  offer_one (f, 5);
  vt_notify (&f->t, 0);
  g_assert_cmpuint (f->fake.n_elems, ==, 1);
  GThread *thread = g_thread_new ("late-push", late_push, &lp);
  vt_wr (&f->t, VT_STATUS, 0);
  /* The reset returned only after the chain came back; its completion was dropped. */
  g_assert_cmpint (g_atomic_int_get (&lp.pushed), ==, 1);
  g_thread_join (thread);
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 0);
  g_assert_false (f->t.irq.level);
}

static void
test_drain_waits_for_chains_in_flight (Fixture *f, gconstpointer data)
{
  LatePush lp = { .f = f };

  vt_setup (&f->t, VT_F_VERSION_1, 16);
  offer_one (f, 6);
  vt_notify (&f->t, 0);
  GThread *thread = g_thread_new ("late-push", late_push, &lp);
  pvm_virtio_mmio_drain (f->t.mmio);
  g_assert_cmpint (g_atomic_int_get (&lp.pushed), ==, 1);
  g_thread_join (thread);
  /* Unlike a reset, draining keeps the queue: the completion was published. */
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 1);
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0xf);
}

static void
test_reset_clears_registers_queues_and_interrupt (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, all_features, 16);
  offer_one (f, 0);
  vt_notify (&f->t, 0);
  fake_push (&f->fake, 0);
  g_assert_true (f->t.irq.level);
  unsigned resets = f->fake.resets;

  pvm_bus_reset (&f->t.machine->bus);
  g_assert_cmpuint (f->fake.resets, ==, resets + 1);
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS), ==, 0);
  g_assert_cmphex (vt_rd (&f->t, VT_INTERRUPT_STATUS), ==, 0);
  g_assert_false (f->t.irq.level);
  g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_READY), ==, 0);
  g_assert_cmphex (vt_rd (&f->t, VT_QUEUE_DESC_LOW), ==, 0);
  /* The accepted features are gone: FEATURES_OK now lacks VERSION_1. */
  vt_wr (&f->t, VT_STATUS, 0x3);
  expect_guest_error ("*does not accept VIRTIO_F_VERSION_1");
  vt_wr (&f->t, VT_STATUS, 0xb);
  g_test_assert_expected_messages ();
  /* And the queue starts again from index 0. */
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  offer_one (f, 2);
  vt_notify (&f->t, 0);
  fake_push (&f->fake, 0);
  uint32_t id, len;
  vt_used (&f->t, 0, &id, &len);
  g_assert_cmpuint (id, ==, 2);
}

static void
test_queue_ready_zero_stops_the_queue (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, VT_F_VERSION_1, 16);
  vt_wr (&f->t, VT_QUEUE_READY, 0);
  g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_READY), ==, 0);
  offer_one (f, 0);
  expect_guest_error ("*notification for queue 0, which is not set up");
  vt_notify (&f->t, 0);
  g_test_assert_expected_messages ();
}

/* ---- access rules and configuration space ---- */

static void
test_configuration_space_reads_and_writes_the_device (Fixture *f, gconstpointer data)
{
  uint64_t v;
  PvmBus *bus = &f->t.machine->bus;

  g_assert_cmpint (pvm_bus_read (bus, VT_BASE + VT_CONFIG, 1, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x10);
  g_assert_cmpint (pvm_bus_read (bus, VT_BASE + VT_CONFIG + 2, 2, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x1312);
  g_assert_cmpint (pvm_bus_read (bus, VT_BASE + VT_CONFIG + 4, 4, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x17161514);
  g_assert_cmpint (pvm_bus_read (bus, VT_BASE + VT_CONFIG, 8, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x1716151413121110ull);
  g_assert_cmpint (pvm_bus_write (bus, VT_BASE + VT_CONFIG + 1, 1, 0xaa), ==, 0);
  g_assert_cmphex (f->fake.config[1], ==, 0xaa);

  expect_guest_error ("fake@10001000: 8-byte read at configuration offset 0x8, beyond its 12*");
  g_assert_cmpint (pvm_bus_read (bus, VT_BASE + VT_CONFIG + 8, 8, &v), ==, 0);
  expect_guest_error ("fake@10001000: 4-byte write of 0x1 at configuration offset 0x10*");
  g_assert_cmpint (pvm_bus_write (bus, VT_BASE + VT_CONFIG + 16, 4, 1), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_cmphex (v, ==, 0);
}

static void
test_registers_take_only_aligned_4_byte_accesses (Fixture *f, gconstpointer data)
{
  uint64_t v;
  PvmBus *bus = &f->t.machine->bus;

  expect_guest_error ("fake@10001000: 2-byte read of register 0x0 (only 4-byte)");
  g_assert_cmpint (pvm_bus_read (bus, VT_BASE, 2, &v), ==, 0);
  g_assert_cmphex (v, ==, 0);
  expect_guest_error ("fake@10001000: 1-byte write of register 0x70 (only 4-byte)");
  g_assert_cmpint (pvm_bus_write (bus, VT_BASE + VT_STATUS, 1, 1), ==, 0);
  expect_guest_error ("virtio-mmio: 4-byte read at offset 0x2 is not allowed");
  g_assert_cmpint (pvm_bus_read (bus, VT_BASE + 2, 4, &v), ==, 0);
  expect_guest_error ("fake@10001000: read of write-only or reserved offset 0x50");
  g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_NOTIFY), ==, 0);
  expect_guest_error ("fake@10001000: write of 0x1 to read-only or reserved offset 0x0");
  vt_wr (&f->t, VT_MAGIC, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vt_rd (&f->t, VT_STATUS), ==, 0);
}

/* ---- state ---- */

static void
put_queue (GByteArray *s, uint16_t num, bool ready, uint64_t desc, uint64_t avail, uint64_t used,
           uint16_t last_avail, uint16_t used_idx, uint16_t signalled, bool signalled_valid)
{
  dev_test_put (s, num, 2);
  dev_test_put (s, ready, 1);
  dev_test_put (s, desc, 8);
  dev_test_put (s, avail, 8);
  dev_test_put (s, used, 8);
  dev_test_put (s, last_avail, 2);
  dev_test_put (s, used_idx, 2);
  dev_test_put (s, signalled, 2);
  dev_test_put (s, signalled_valid, 1);
}

/* The state after vt_setup (all features, 16 entries), two chains used, QueueSel 0. */
static GByteArray *
expected_stream (void)
{
  GByteArray *s = g_byte_array_new ();

  dev_test_put (s, 1, 4); /* version */
  dev_test_put (s, 0xf, 4);
  dev_test_put (s, 0, 4); /* device features sel */
  dev_test_put (s, 1, 4); /* driver features sel */
  dev_test_put (s, all_features, 8);
  dev_test_put (s, 0, 4); /* queue sel */
  dev_test_put (s, PVM_VIRTIO_INT_VRING, 4);
  dev_test_put (s, 0, 4); /* config generation */
  dev_test_put (s, 0, 4); /* shm sel */
  put_queue (s, 16, true, VT_DESC, VT_AVAIL, VT_USED, 2, 2, 2, true);
  put_queue (s, FAKE_QUEUE_MAX, false, 0, 0, 0, 0, 0, 0, false);
  put_queue (s, 0, false, 0, 0, 0, 0, 0, 0, false);
  put_queue (s, 0, false, 0, 0, 0, 0, 0, 0, false);
  dev_test_put (s, 0, 1); /* no subsections */
  return s;
}

static void
set_up_state (Fixture *f)
{
  vt_setup (&f->t, all_features, 16);
  offer_one (f, 0);
  offer_one (f, 1);
  vt_notify (&f->t, 0);
  fake_push (&f->fake, 0);
  fake_push (&f->fake, 1);
  vt_wr (&f->t, VT_QUEUE_SEL, 0);
}

static void
test_state_saves_and_loads_into_a_fresh_transport (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = expected_stream ();
  DevTestIrq irq = { 0 };
  PvmIrqLine line = dev_test_irq_line (&irq);
  Fake fake = { 0 };

  set_up_state (f);
  dev_test_assert_saves (&pvm_virtio_mmio_vmstate, f->t.mmio, expected);

  /* The fresh transport sits on the same machine, so the rings are the same guest RAM. */
  PvmVirtioMmio *fresh = pvm_virtio_mmio_new (f->t.machine, VT_BASE, &line, NULL);
  fake.mmio = fresh;
  pvm_virtio_mmio_plug (fresh, &fake_ops, &fake);
  dev_test_assert_truncations_fail (&pvm_virtio_mmio_vmstate, fresh, expected);
  g_assert_false (irq.level);
  dev_test_assert_loads (&pvm_virtio_mmio_vmstate, fresh, expected);
  dev_test_assert_saves (&pvm_virtio_mmio_vmstate, fresh, expected);
  g_assert_true (irq.level);
  g_assert_cmphex (fake.features, ==, all_features);

  /* The loaded queue carries on: it takes the next chain and publishes it at used index 2. */
  g_assert_true (pvm_bus_add_device (&f->t.machine->bus, VT_BASE + 0x1000, PVM_VIRTIO_MMIO_SIZE,
                                     &pvm_virtio_mmio_ops, fresh, NULL));
  offer_one (f, 2);
  g_assert_cmpint (pvm_bus_write (&f->t.machine->bus, VT_BASE + 0x1000 + VT_QUEUE_NOTIFY, 4, 0),
                   ==, 0);
  g_assert_cmpuint (fake.n_elems, ==, 1);
  g_assert_cmpuint (fake.elems[0].head, ==, 2);
  fake_push (&fake, 0);
  uint32_t id, len;
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 3);
  vt_used (&f->t, 2, &id, &len);
  g_assert_cmpuint (id, ==, 2);
  pvm_virtio_mmio_free (fresh);
  g_assert_true (fake.freed);
}

static void
test_state_load_refuses_inconsistent_values (Fixture *f, gconstpointer data)
{
  struct {
    gsize offset;
    unsigned width;
    uint64_t value;
    const char *pattern;
  } cases[] = {
    { 4, 4, 0x10, "virtio-mmio: field 'status' holds 0x10: unknown bits" },
    { 16, 8, all_features | (1ull << 7), "virtio-mmio: field 'driver_features' *not offered" },
    { 28, 4, 4, "virtio-mmio: field 'interrupt_status' *" },
    { 40, 2, 3, "virtio-mmio: field 'queues[0]' holds 0x3: the queue size*" },
    { 40, 2, 128, "virtio-mmio: field 'queues[0]' holds 0x80: the queue size*" },
    { 43, 8, 0x1000, "virtio-mmio: field 'queues[0]' *: a ring lies outside guest RAM" },
    { 43, 8, VT_DESC + 4, "virtio-mmio: field 'queues[0]' *: a ring is not aligned" },
    { 40 + 34 * 2, 2, 16, "virtio-mmio: field 'queues[2]' holds 0x10: the queue does not exist" },
  };

  set_up_state (f);
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GByteArray) stream = expected_stream ();
    for (unsigned b = 0; b < cases[i].width; b++)
      stream->data[cases[i].offset + b] = (guint8) (cases[i].value >> (8 * b));
    dev_test_assert_load_fails (&pvm_virtio_mmio_vmstate, f->t.mmio, stream,
                                PVM_VMSTATE_ERROR_INVALID, cases[i].pattern);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/virtio-mmio/an-empty-slot-reports-device-id-zero",
       test_an_empty_slot_reports_device_id_zero);
  ADD ("/hv/dev/virtio-mmio/the-plugged-device-is-identified",
       test_the_plugged_device_is_identified);
  ADD ("/hv/dev/virtio-mmio/features-ok-needs-version-1", test_features_ok_needs_version_1);
  ADD ("/hv/dev/virtio-mmio/features-ok-refuses-features-not-offered",
       test_features_ok_refuses_features_not_offered);
  ADD ("/hv/dev/virtio-mmio/accepted-features-reach-the-device-and-freeze",
       test_accepted_features_reach_the_device_and_freeze);
  ADD ("/hv/dev/virtio-mmio/status-bits-cannot-be-cleared", test_status_bits_cannot_be_cleared);
  ADD ("/hv/dev/virtio-mmio/queue-registers-check-what-the-driver-writes",
       test_queue_registers_check_what_the_driver_writes);
  ADD ("/hv/dev/virtio-mmio/a-queue-outside-ram-needs-a-reset",
       test_a_queue_outside_ram_needs_a_reset);
  ADD ("/hv/dev/virtio-mmio/notifications-before-setup-are-ignored",
       test_notifications_before_setup_are_ignored);
  ADD ("/hv/dev/virtio-mmio/a-notification-hands-chains-to-the-device",
       test_a_notification_hands_chains_to_the_device);
  ADD ("/hv/dev/virtio-mmio/a-push-raises-the-interrupt-until-acknowledged",
       test_a_push_raises_the_interrupt_until_acknowledged);
  ADD ("/hv/dev/virtio-mmio/event-index-suppresses-interrupts",
       test_event_index_suppresses_interrupts);
  ADD ("/hv/dev/virtio-mmio/a-malformed-chain-marks-the-device-needs-reset",
       test_a_malformed_chain_marks_the_device_needs_reset);
  ADD ("/hv/dev/virtio-mmio/the-device-can-ask-for-a-reset", test_the_device_can_ask_for_a_reset);
  ADD ("/hv/dev/virtio-mmio/reset-waits-for-chains-in-flight",
       test_reset_waits_for_chains_in_flight);
  ADD ("/hv/dev/virtio-mmio/drain-waits-for-chains-in-flight",
       test_drain_waits_for_chains_in_flight);
  ADD ("/hv/dev/virtio-mmio/reset-clears-registers-queues-and-interrupt",
       test_reset_clears_registers_queues_and_interrupt);
  ADD ("/hv/dev/virtio-mmio/queue-ready-zero-stops-the-queue",
       test_queue_ready_zero_stops_the_queue);
  ADD ("/hv/dev/virtio-mmio/configuration-space-reads-and-writes-the-device",
       test_configuration_space_reads_and_writes_the_device);
  ADD ("/hv/dev/virtio-mmio/registers-take-only-aligned-4-byte-accesses",
       test_registers_take_only_aligned_4_byte_accesses);
  ADD ("/hv/dev/virtio-mmio/state-saves-and-loads-into-a-fresh-transport",
       test_state_saves_and_loads_into_a_fresh_transport);
  ADD ("/hv/dev/virtio-mmio/state-load-refuses-inconsistent-values",
       test_state_load_refuses_inconsistent_values);
  return g_test_run ();
}

/* test-virtio-rng.c: the virtio entropy device, driven by writing descriptors into guest RAM
 * as a driver does. */
#include <string.h>

#include "hv/dev/virtio-rng.h"
#include "hv/machine/guest-error.h"
#include "vq-test.h"

#define QUEUE 64

typedef struct {
  VqTest d;
  PvmVirtioRng *rng;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  vq_init (&f->d);
  f->rng = pvm_virtio_rng_new (f->d.t.mmio, f->d.t.machine->context);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vq_clear (&f->d);
}

static uint32_t
used_len (Fixture *f, uint16_t i, uint32_t head)
{
  uint32_t id, len;

  vq_used (&f->d, 0, i, &id, &len);
  g_assert_cmpuint (id, ==, head);
  return len;
}

/* Counts the bytes of [@pa, @pa + @len) that are 0. */
static size_t
zeros (Fixture *f, uint64_t pa, size_t len)
{
  const uint8_t *p = vt_ram (&f->d.t, pa, len);
  size_t n = 0;

  for (size_t i = 0; i < len; i++)
    n += p[i] == 0;
  return n;
}

static void
test_a_device_describes_itself (Fixture *f, gconstpointer data)
{
  VirtioTest *t = &f->d.t;

  g_assert_cmpuint (vt_rd (t, VT_DEVICE_ID), ==, PVM_VIRTIO_RNG_DEVICE_ID);
  g_assert_cmphex (vt_device_features (t), ==, VT_F_VERSION_1 | VT_F_INDIRECT | VT_F_EVENT_IDX);
  vt_wr (t, VT_QUEUE_SEL, 0);
  g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), ==, PVM_VIRTIO_RNG_QUEUE_SIZE);
  vt_wr (t, VT_QUEUE_SEL, 1);
  g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), ==, 0);
}

static void
test_requests_are_filled_with_random_bytes (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 1, QUEUE);
  memset (vt_ram (&f->d.t, vq_buf (0), 2 * VQ_BUF_SIZE), 0, 2 * VQ_BUF_SIZE);
  vq_offer_buf (&f->d, 0, 0, 0, 4096, true);
  vq_offer_buf (&f->d, 0, 1, 1, 4096, true);
  vq_notify (&f->d, 0);
  vq_wait_used (&f->d, 0, 2);
  g_assert_cmpuint (used_len (f, 0, 0), ==, 4096);
  g_assert_cmpuint (used_len (f, 1, 1), ==, 4096);
  /* About 16 zeros in 4096 random bytes; far from all of them. */
  g_assert_cmpuint (zeros (f, vq_buf (0), 4096), <, 200);
  g_assert_cmpuint (zeros (f, vq_buf (1), 4096), <, 200);
  g_assert_true (memcmp (vt_ram (&f->d.t, vq_buf (0), 4096), vt_ram (&f->d.t, vq_buf (1), 4096),
                         4096) != 0);
  /* Nothing beyond the buffer was written. */
  g_assert_cmpuint (zeros (f, vq_buf (0) + 4096, 64), ==, 64);
  g_assert_true (f->d.t.irq.level);
}

static void
test_a_request_may_span_buffers (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1 | VT_F_INDIRECT, 1, QUEUE);
  memset (vt_ram (&f->d.t, vq_buf (0), VQ_BUF_SIZE), 0, VQ_BUF_SIZE);
  vt_desc (&f->d.t, vq_table (0), 0, vq_buf (0), 100, PVM_VIRTQ_DESC_F_WRITE |
           PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->d.t, vq_table (0), 1, vq_buf (0) + 200, 156, PVM_VIRTQ_DESC_F_WRITE, 0);
  vq_desc (&f->d, 0, 0, vq_table (0), 32, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vq_offer (&f->d, 0, 0);
  vq_notify (&f->d, 0);
  vq_wait_used (&f->d, 0, 1);
  g_assert_cmpuint (used_len (f, 0, 0), ==, 256);
  g_assert_cmpuint (zeros (f, vq_buf (0), 100), <, 20);
  g_assert_cmpuint (zeros (f, vq_buf (0) + 100, 100), ==, 100);
  g_assert_cmpuint (zeros (f, vq_buf (0) + 200, 156), <, 20);
}

static void
test_a_huge_request_is_filled_to_the_limit (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 1, QUEUE);
  memset (vt_ram (&f->d.t, vq_buf (0), 1 << 20), 0, 1 << 20);
  vq_offer_buf (&f->d, 0, 0, 0, 1 << 20, true);
  vq_notify (&f->d, 0);
  vq_wait_used (&f->d, 0, 1);
  g_assert_cmpuint (used_len (f, 0, 0), ==, PVM_VIRTIO_RNG_REQUEST_MAX);
  g_assert_cmpuint (zeros (f, vq_buf (0) + PVM_VIRTIO_RNG_REQUEST_MAX, 4096), ==, 4096);
}

static void
test_every_request_of_a_full_queue_completes (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1 | VT_F_EVENT_IDX, 1, QUEUE);
  for (unsigned round = 0; round < 4; round++) {
    for (unsigned i = 0; i < QUEUE; i++)
      vq_offer_buf (&f->d, 0, i, i % 8, 32, true);
    vq_notify (&f->d, 0);
    vq_wait_used (&f->d, 0, (uint16_t) ((round + 1) * QUEUE));
  }
  for (unsigned i = 0; i < 4 * QUEUE; i++)
    g_assert_cmpuint (used_len (f, (uint16_t) i, i % QUEUE), ==, 32);
}

static void
test_malformed_requests_are_refused (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 1, QUEUE);
  memset (vt_ram (&f->d.t, vq_buf (0), 64), 0, 64);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-rng: request 0 has device-readable parts");
  vq_offer_buf (&f->d, 0, 0, 0, 64, false);
  vq_notify (&f->d, 0);
  vq_wait_used (&f->d, 0, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (used_len (f, 0, 0), ==, 0);
  g_assert_cmpuint (zeros (f, vq_buf (0), 64), ==, 64);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*queue 0: chain at head 1: indirect descriptor without the "
                         "negotiated feature");
  vq_desc (&f->d, 0, 1, vq_table (0), 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vq_offer (&f->d, 0, 1);
  vq_notify (&f->d, 0);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, !=, 0);
  g_assert_cmpuint (vq_used_idx (&f->d, 0), ==, 1);

  vq_setup (&f->d, VT_F_VERSION_1, 1, QUEUE);
  vq_offer_buf (&f->d, 0, 0, 1, 64, true);
  vq_notify (&f->d, 0);
  vq_wait_used (&f->d, 0, 1);
  g_assert_cmpuint (used_len (f, 0, 0), ==, 64);
}

static void
test_the_state_is_the_transports (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = g_byte_array_new ();

  dev_test_put (expected, 1, 4); /* the version, no field */
  dev_test_put (expected, 0, 1); /* no subsection */
  dev_test_assert_saves (&pvm_virtio_rng_vmstate, f->rng, expected);
  dev_test_assert_truncations_fail (&pvm_virtio_rng_vmstate, f->rng, expected);
  dev_test_assert_loads (&pvm_virtio_rng_vmstate, f->rng, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                            \
  g_test_add ("/hv/dev/virtio-rng/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("a-device-describes-itself", test_a_device_describes_itself);
  ADD ("requests-are-filled-with-random-bytes", test_requests_are_filled_with_random_bytes);
  ADD ("a-request-may-span-buffers", test_a_request_may_span_buffers);
  ADD ("a-huge-request-is-filled-to-the-limit", test_a_huge_request_is_filled_to_the_limit);
  ADD ("every-request-of-a-full-queue-completes", test_every_request_of_a_full_queue_completes);
  ADD ("malformed-requests-are-refused", test_malformed_requests_are_refused);
  ADD ("the-state-is-the-transports", test_the_state_is_the_transports);
  return g_test_run ();
}

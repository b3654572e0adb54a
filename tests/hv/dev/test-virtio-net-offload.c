/* test-virtio-net-offload.c: the network card's fast paths — checksum and segmentation
 * offloads, and frames sent and answered on the notifying thread, as user-mode networking
 * does — on the socketpair backend of net-test.c. */
#include <string.h>
#include <sys/socket.h>

#include "common/pvm-bytes.h"
#include "hv/machine/guest-error.h"
#include "net-test.h"

/* ---- offloads ---- */

static const uint64_t tso_features = (1ull << PVM_VIRTIO_NET_F_CSUM) |
                                     (1ull << PVM_VIRTIO_NET_F_HOST_TSO4) |
                                     (1ull << PVM_VIRTIO_NET_F_HOST_TSO6);

/* Sets the transmit header of buffer @buf (written by write_tx()). */
static void
set_tx_hdr (Fixture *f, unsigned buf, uint8_t flags, uint8_t gso, uint16_t csum_start,
            uint16_t csum_offset)
{
  uint8_t *p = vt_ram (&f->d.t, vq_buf (buf), HDR);

  p[0] = flags;
  p[1] = gso;
  pvm_le_put (p + 6, csum_start, 2);
  pvm_le_put (p + 8, csum_offset, 2);
}

/* The ones' complement sum of @len bytes at @p, as big-endian 16-bit words, folded. */
static uint16_t
ones_sum (const uint8_t *p, size_t len)
{
  uint32_t sum = 0;

  for (size_t i = 0; i < len; i++)
    sum += i % 2 ? p[i] : (uint32_t) p[i] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t) sum;
}

static void
test_a_large_segment_backend_is_offered_segmentation (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (vt_device_features (&f->d.t) & tso_features, ==, tso_features);
}

static void
test_the_checksum_a_header_asks_for_is_completed (Fixture *f, gconstpointer data)
{
  uint8_t buf[2048];

  vq_setup (&f->d, base_features | (1ull << PVM_VIRTIO_NET_F_CSUM), 2, QUEUE);
  for (unsigned i = 0; i < 2; i++) {
    size_t len = 1001 + i; /* an odd and an even length */
    write_tx (f, i, len, 3 + i);
    uint8_t *frame = vt_ram (&f->d.t, vq_buf (i) + HDR, len);
    frame[34 + 6] = 0x12; /* the pseudo-header's sum, left in the field by the driver */
    frame[34 + 7] = 0x34;
    set_tx_hdr (f, i, PVM_VIRTIO_NET_HDR_F_NEEDS_CSUM, PVM_VIRTIO_NET_GSO_NONE, 34, 6);
    vq_offer_buf (&f->d, TXQ, i, i, HDR + len, false);
  }
  vq_notify (&f->d, TXQ);

  for (unsigned i = 0; i < 2; i++) {
    size_t len = 1001 + i;
    g_autofree uint8_t *expected = g_malloc (len);
    fill_frame (expected, len, 3 + i);
    g_assert_cmpint (host_recv (f, buf, sizeof buf, 5000), ==, (ssize_t) len);
    /* With the checksum in place, the range and the pseudo-header sum to all ones, as the
     * receiver checks; nothing else changed. */
    uint32_t sum = ones_sum (buf + 34, len - 34) + 0x1234u;
    g_assert_cmphex ((sum & 0xffff) + (sum >> 16), ==, 0xffff);
    g_assert_cmpmem (buf, 40, expected, 40);
    g_assert_cmpmem (buf + 42, len - 42, expected + 42, len - 42);
  }
}

static void
test_a_large_segment_reaches_the_backend_whole (Fixture *f, gconstpointer data)
{
  const size_t len = 60000;

  vq_setup (&f->d, base_features | tso_features, 2, QUEUE);
  write_tx (f, 0, len, 5);
  set_tx_hdr (f, 0, 0, PVM_VIRTIO_NET_GSO_TCPV4, 0, 0);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + len, false);
  vq_notify (&f->d, TXQ);
  assert_host_gets (f, len, 5);
}

static void
test_offloads_not_negotiated_drop_the_frame (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  write_tx (f, 0, 100, 1);
  set_tx_hdr (f, 0, PVM_VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 34, 6);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + 100, false);
  write_tx (f, 1, 100, 2);
  set_tx_hdr (f, 1, 0, PVM_VIRTIO_NET_GSO_TCPV4, 0, 0);
  vq_offer_buf (&f->d, TXQ, 1, 1, HDR + 100, false);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 0 asks for a checksum at 34 + 6 in a frame "
                         "of 100 bytes without VIRTIO_NET_F_CSUM");
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 1 asks for segmentation type 0x1, which was "
                         "not negotiated");
  vq_notify (&f->d, TXQ);
  vq_wait_used (&f->d, TXQ, 2);
  g_test_assert_expected_messages ();
  assert_host_gets_nothing (f);
}

static void
test_a_checksum_field_outside_the_frame_drops_it (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features | (1ull << PVM_VIRTIO_NET_F_CSUM), 2, QUEUE);
  write_tx (f, 0, 100, 1);
  set_tx_hdr (f, 0, PVM_VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 90, 9);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + 100, false);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 0 asks for a checksum at 90 + 9 in a frame "
                         "of 100 bytes");
  vq_notify (&f->d, TXQ);
  vq_wait_used (&f->d, TXQ, 1);
  g_test_assert_expected_messages ();
  assert_host_gets_nothing (f);

  /* The card goes on. */
  write_tx (f, 1, 60, 2);
  vq_offer_buf (&f->d, TXQ, 1, 1, HDR + 60, false);
  vq_notify (&f->d, TXQ);
  assert_host_gets (f, 60, 2);
}

/* ---- on the notifying thread ---- */

static void
test_a_frame_leaves_before_the_notification_returns (Fixture *f, gconstpointer data)
{
  uint8_t buf[256], frame[60];

  vq_setup (&f->d, base_features, 2, QUEUE);
  write_tx (f, 0, 60, 7);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + 60, false);
  vq_notify (&f->d, TXQ);

  /* No iteration of the context: the hart's own write did it all. */
  fill_frame (frame, sizeof frame, 7);
  g_assert_cmpint (recv (f->host, buf, sizeof buf, MSG_DONTWAIT), ==, 60);
  g_assert_cmpmem (buf, 60, frame, 60);
  g_assert_cmpuint (vq_used_idx (&f->d, TXQ), ==, 1);
  g_assert_true (f->d.t.irq.level);
}

static void
test_the_answer_to_a_frame_is_received_at_once (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  for (unsigned i = 0; i < 2; i++)
    vq_offer_buf (&f->d, RXQ, i, i, RX_BUF_LEN, true);
  f->sb->echo = true;
  for (unsigned i = 0; i < 3; i++) {
    write_tx (f, 10 + i, 80 + i, 20 + i);
    vq_offer_buf (&f->d, TXQ, i, 10 + i, HDR + 80 + i, false);
  }
  vq_notify (&f->d, TXQ);

  /* Two answers filled the two buffers under the transport's lock the notification held;
   * the third waits for a buffer. */
  g_assert_cmpuint (vq_used_idx (&f->d, TXQ), ==, 3);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 2);
  assert_used (f, RXQ, 0, 0, HDR + 80);
  assert_used (f, RXQ, 1, 1, HDR + 81);
  assert_received (f, 0, 80, 20);
  assert_received (f, 1, 81, 21);
  g_assert_cmphex (vt_rd (&f->d.t, VT_INTERRUPT_STATUS) & 1, ==, 1);
  post_rx (f, 2, 1, RX_BUF_LEN);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 3);
  assert_received (f, 2, 82, 22);
}

static void
test_with_the_backend_busy_the_context_sends (Fixture *f, gconstpointer data)
{
  uint8_t buf[256];

  vq_setup (&f->d, base_features, 2, QUEUE);
  write_tx (f, 0, 60, 3);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + 60, false);
  g_mutex_lock (&f->sb->lock);
  vq_notify (&f->d, TXQ);
  g_assert_cmpint (recv (f->host, buf, sizeof buf, MSG_DONTWAIT), ==, -1);
  g_assert_cmpuint (vq_used_idx (&f->d, TXQ), ==, 0);
  g_mutex_unlock (&f->sb->lock);
  assert_host_gets (f, 60, 3);
  vq_wait_used (&f->d, TXQ, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                            \
  g_test_add ("/hv/dev/virtio-net/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_LARGE(path, fn)                                                                      \
  g_test_add ("/hv/dev/virtio-net/large-segments/" path, Fixture,                              \
              GINT_TO_POINTER (LOCKED | LARGE_SEGMENTS), fixture_set_up, fn, fixture_tear_down)
#define ADD_LOCKED(path, fn)                                                                     \
  g_test_add ("/hv/dev/virtio-net/locked-backend/" path, Fixture, GINT_TO_POINTER (LOCKED),      \
              fixture_set_up, fn, fixture_tear_down)

  ADD ("the-checksum-a-header-asks-for-is-completed",
       test_the_checksum_a_header_asks_for_is_completed);
  ADD ("offloads-not-negotiated-drop-the-frame", test_offloads_not_negotiated_drop_the_frame);
  ADD ("a-checksum-field-outside-the-frame-drops-it",
       test_a_checksum_field_outside_the_frame_drops_it);
  ADD_LARGE ("the-backend-is-offered-segmentation",
             test_a_large_segment_backend_is_offered_segmentation);
  ADD_LARGE ("a-large-segment-reaches-the-backend-whole",
             test_a_large_segment_reaches_the_backend_whole);
  ADD_LOCKED ("a-frame-leaves-before-the-notification-returns",
              test_a_frame_leaves_before_the_notification_returns);
  ADD_LOCKED ("the-answer-to-a-frame-is-received-at-once",
              test_the_answer_to_a_frame_is_received_at_once);
  ADD_LOCKED ("with-the-backend-busy-the-context-sends",
              test_with_the_backend_busy_the_context_sends);
  return g_test_run ();
}

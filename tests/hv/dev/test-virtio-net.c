/* test-virtio-net.c: the virtio network card on the socketpair backend of net-test.c, driven
 * by writing descriptors into guest RAM as a driver does: sending, receiving, flow control,
 * hostile chains, reset and state. The offloads are in test-virtio-net-offload.c. */
#include <string.h>
#include <sys/socket.h>

#include "common/pvm-bytes.h"
#include "hv/machine/guest-error.h"
#include "net-test.h"

/* ---- identity ---- */

static void
test_a_card_describes_itself (Fixture *f, gconstpointer data)
{
  VirtioTest *t = &f->d.t;

  g_assert_cmpuint (vt_rd (t, VT_DEVICE_ID), ==, PVM_VIRTIO_NET_DEVICE_ID);
  g_assert_cmphex (vt_device_features (t), ==,
                   VT_F_VERSION_1 | VT_F_INDIRECT | VT_F_EVENT_IDX |
                     (1ull << PVM_VIRTIO_NET_F_MAC) | (1ull << PVM_VIRTIO_NET_F_STATUS) |
                     (1ull << PVM_VIRTIO_NET_F_CSUM));
  for (unsigned q = 0; q < 3; q++) {
    vt_wr (t, VT_QUEUE_SEL, q);
    g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), ==, q < 2 ? PVM_VIRTIO_NET_QUEUE_SIZE : 0);
  }
  for (unsigned i = 0; i < 6; i++)
    g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_MAC + i, 1), ==, test_mac[i]);
  g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_MAC, 4), ==, 0xab005452);
  g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_STATUS, 2), ==,
                   PVM_VIRTIO_NET_S_LINK_UP);
  g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_MAX_PAIRS, 2), ==, 1);
  g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_MTU, 2), ==, 1500);
}

/* ---- transmit ---- */

static void
test_a_frame_the_guest_sends_reaches_the_host (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);

  /* The header in its own descriptor, the frame in the next. */
  write_tx (f, 0, 60, 1);
  vq_desc (&f->d, TXQ, 0, vq_buf (0), HDR, PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, TXQ, 1, vq_buf (0) + HDR, 60, 0, 0);
  vq_offer (&f->d, TXQ, 0);
  vq_notify (&f->d, TXQ);
  assert_host_gets (f, 60, 1);
  vq_wait_used (&f->d, TXQ, 1);
  assert_used (f, TXQ, 0, 0, 0);
  g_assert_true (f->d.t.irq.level);
}

static void
test_a_frame_may_be_laid_out_any_way (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features | VT_F_INDIRECT, 2, QUEUE);

  /* Header and frame in one descriptor. */
  write_tx (f, 0, 1514, 2);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + 1514, false);
  /* The header split, the frame across three pieces, through an indirect table. */
  write_tx (f, 1, 100, 3);
  uint64_t a = vq_buf (1);
  vt_desc (&f->d.t, vq_table (0), 0, a, 5, PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->d.t, vq_table (0), 1, a + 5, 20, PVM_VIRTQ_DESC_F_NEXT, 2);
  vt_desc (&f->d.t, vq_table (0), 2, a + 25, 0, PVM_VIRTQ_DESC_F_NEXT, 3);
  vt_desc (&f->d.t, vq_table (0), 3, a + 25, HDR + 100 - 25, 0, 0);
  vq_desc (&f->d, TXQ, 1, vq_table (0), 4 * 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vq_offer (&f->d, TXQ, 1);
  vq_notify (&f->d, TXQ);

  assert_host_gets (f, 1514, 2);
  assert_host_gets (f, 100, 3);
  vq_wait_used (&f->d, TXQ, 2);
}

static void
test_many_frames_are_sent_in_order (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features | VT_F_EVENT_IDX, 2, QUEUE);

  for (unsigned round = 0; round < 4; round++) {
    for (unsigned i = 0; i < QUEUE; i++) {
      write_tx (f, i, 64 + i, round * QUEUE + i);
      vq_offer_buf (&f->d, TXQ, i, i, HDR + 64 + i, false);
    }
    vq_notify (&f->d, TXQ);
    for (unsigned i = 0; i < QUEUE; i++)
      assert_host_gets (f, 64 + i, round * QUEUE + i);
    vq_wait_used (&f->d, TXQ, (uint16_t) ((round + 1) * QUEUE));
  }
}

/* ---- receive ---- */

static void
test_a_frame_from_the_host_fills_a_receive_buffer (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  post_rx (f, 0, 1, RX_BUF_LEN);
  host_send (f, 1514, 7);
  vq_wait_used (&f->d, RXQ, 1);
  assert_used (f, RXQ, 0, 0, HDR + 1514);
  assert_received (f, 0, 1514, 7);
  g_assert_true (f->d.t.irq.level);
  g_assert_cmpuint (pvm_virtio_net_rx_dropped (f->net), ==, 0);
}

static void
test_a_receive_buffer_may_be_split (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  /* Header alone, then the frame across two buffers. */
  vq_desc (&f->d, RXQ, 0, vq_buf (0), HDR, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, RXQ, 1, vq_buf (0) + HDR, 40, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT,
           2);
  vq_desc (&f->d, RXQ, 2, vq_buf (0) + HDR + 40, 1000, PVM_VIRTQ_DESC_F_WRITE, 0);
  vq_offer (&f->d, RXQ, 0);
  vq_notify (&f->d, RXQ);
  host_send (f, 300, 8);
  vq_wait_used (&f->d, RXQ, 1);
  assert_used (f, RXQ, 0, 0, HDR + 300);
  assert_received (f, 0, 300, 8);
}

static void
test_frames_wait_for_receive_buffers (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features | VT_F_EVENT_IDX, 2, QUEUE);
  for (unsigned i = 0; i < 5; i++)
    host_send (f, 100 + i, 20 + i);
  vq_run (&f->d);
  vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 0);

  post_rx (f, 0, 5, RX_BUF_LEN);
  vq_wait_used (&f->d, RXQ, 5);
  for (unsigned i = 0; i < 5; i++) {
    assert_used (f, RXQ, (uint16_t) i, i, HDR + 100 + i);
    assert_received (f, i, 100 + i, 20 + i);
  }
  g_assert_cmpuint (pvm_virtio_net_rx_dropped (f->net), ==, 0);
}

static void
test_a_quiesced_card_leaves_guest_memory_alone (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  post_rx (f, 0, 4, RX_BUF_LEN);
  pvm_virtio_mmio_quiesce (f->d.t.mmio);
  for (unsigned i = 0; i < 3; i++)
    host_send (f, 80 + i, 40 + i);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 0);

  /* Back in service, what came meanwhile arrives in order, none lost. */
  pvm_virtio_mmio_unquiesce (f->d.t.mmio);
  vq_wait_used (&f->d, RXQ, 3);
  for (unsigned i = 0; i < 3; i++)
    assert_received (f, i, 80 + i, 40 + i);
  g_assert_cmpuint (pvm_virtio_net_rx_dropped (f->net), ==, 0);
}

static void
test_a_full_backlog_holds_the_backend_back (Fixture *f, gconstpointer data)
{
  unsigned n = PVM_VIRTIO_NET_BACKLOG + 40;

  vq_setup (&f->d, base_features, 2, 256);
  for (unsigned i = 0; i < n; i++)
    host_send (f, 60, i);
  for (unsigned i = 0; i < 20; i++)
    vq_run (&f->d);
  g_assert_cmpuint (f->sb->holds, ==, 1);

  /* As buffers come, every frame arrives, in order, none dropped. */
  unsigned got = 0;
  while (got < n) {
    unsigned batch = MIN (64u, n - got);
    for (unsigned i = 0; i < batch; i++)
      vq_offer_buf (&f->d, RXQ, (got + i) % 256, i, RX_BUF_LEN, true);
    vq_notify (&f->d, RXQ);
    vq_wait_used (&f->d, RXQ, (uint16_t) (got + batch));
    for (unsigned i = 0; i < batch; i++)
      assert_received (f, i, 60, got + i);
    got += batch;
  }
  g_assert_cmpuint (f->sb->resumes, >=, 1);
  g_assert_cmpuint (pvm_virtio_net_rx_dropped (f->net), ==, 0);
}

static void
test_a_backend_that_cannot_wait_loses_what_overflows (Fixture *f, gconstpointer data)
{
  uint8_t frame[60] = { 0 };

  vq_setup (&f->d, base_features, 2, QUEUE);
  for (unsigned i = 0; i < PVM_VIRTIO_NET_BACKLOG; i++)
    g_assert_cmpint (pvm_net_backend_deliver (&f->sb->backend, frame, sizeof frame), ==,
                     i + 1 < PVM_VIRTIO_NET_BACKLOG);
  for (unsigned i = 0; i < 5; i++)
    g_assert_false (pvm_net_backend_deliver (&f->sb->backend, frame, sizeof frame));
  g_assert_cmpuint (pvm_virtio_net_rx_dropped (f->net), ==, 5);
}

static void
test_a_too_small_receive_buffer_drops_the_frame (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  post_rx (f, 0, 1, HDR + 50);
  host_send (f, 51, 1);
  vq_wait_used (&f->d, RXQ, 1);
  assert_used (f, RXQ, 0, 0, 0);
  g_assert_cmpuint (pvm_virtio_net_rx_dropped (f->net), ==, 1);

  /* The next frame that fits goes in the next buffer. */
  post_rx (f, 1, 1, HDR + 50);
  host_send (f, 50, 2);
  vq_wait_used (&f->d, RXQ, 2);
  assert_used (f, RXQ, 1, 1, HDR + 50);
  assert_received (f, 1, 50, 2);
}

/* ---- counters ---- */

static void
assert_stats (Fixture *f, uint64_t rx_bytes, uint64_t tx_bytes)
{
  uint64_t rx, tx;

  pvm_virtio_net_get_stats (f->net, &rx, &tx);
  g_assert_cmpuint (rx, ==, rx_bytes);
  g_assert_cmpuint (tx, ==, tx_bytes);
}

static void
test_the_counters_count_frame_bytes_that_pass (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  assert_stats (f, 0, 0);

  write_tx (f, 0, 60, 1);
  vq_offer_buf (&f->d, TXQ, 0, 0, HDR + 60, false);
  write_tx (f, 1, 1514, 2);
  vq_offer_buf (&f->d, TXQ, 1, 1, HDR + 1514, false);
  vq_notify (&f->d, TXQ);
  assert_host_gets (f, 60, 1);
  assert_host_gets (f, 1514, 2);
  vq_wait_used (&f->d, TXQ, 2);
  assert_stats (f, 0, 60 + 1514);

  post_rx (f, 2, 1, RX_BUF_LEN);
  host_send (f, 100, 3);
  vq_wait_used (&f->d, RXQ, 1);
  assert_stats (f, 100, 60 + 1514);

  /* A frame dropped for a too small buffer, and a malformed chain, count nothing. */
  post_rx (f, 3, 1, HDR + 50);
  host_send (f, 51, 4);
  vq_wait_used (&f->d, RXQ, 2);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 4 holds 20 bytes, not a header and a frame*");
  vq_offer_buf (&f->d, TXQ, 4, 4, HDR + 8, false);
  vq_notify (&f->d, TXQ);
  vq_wait_used (&f->d, TXQ, 3);
  g_test_assert_expected_messages ();
  assert_stats (f, 100, 60 + 1514);
}

/* ---- hostile guests ---- */

static void
test_malformed_transmit_chains_are_completed_unsent (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 0 has device-writable parts");
  write_tx (f, 0, 60, 1);
  vq_desc (&f->d, TXQ, 0, vq_buf (0), HDR + 60, PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, TXQ, 1, vq_buf (1), 10, PVM_VIRTQ_DESC_F_WRITE, 0);
  vq_offer (&f->d, TXQ, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 2 holds 20 bytes, not a header and a frame*");
  vq_offer_buf (&f->d, TXQ, 2, 2, HDR + 8, false);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: transmit chain 3 holds 65549 bytes*");
  vq_desc (&f->d, TXQ, 3, vq_buf (3), HDR + PVM_VIRTIO_NET_FRAME_MAX + 1, 0, 0);
  vq_offer (&f->d, TXQ, 3);
  vq_notify (&f->d, TXQ);
  vq_wait_used (&f->d, TXQ, 3);
  g_test_assert_expected_messages ();
  assert_used (f, TXQ, 0, 0, 0);
  assert_used (f, TXQ, 1, 2, 0);
  assert_used (f, TXQ, 2, 3, 0);
  assert_host_gets_nothing (f);
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, ==, 0);

  /* The card still works. */
  write_tx (f, 4, 60, 9);
  vq_offer_buf (&f->d, TXQ, 4, 4, HDR + 60, false);
  vq_notify (&f->d, TXQ);
  assert_host_gets (f, 60, 9);
}

static void
test_a_readable_receive_buffer_is_skipped (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net: receive buffer 0 has device-readable parts");
  vq_offer_buf (&f->d, RXQ, 0, 0, RX_BUF_LEN, false);
  post_rx (f, 1, 1, RX_BUF_LEN);
  host_send (f, 70, 4);
  vq_wait_used (&f->d, RXQ, 2);
  g_test_assert_expected_messages ();
  assert_used (f, RXQ, 0, 0, 0);
  assert_used (f, RXQ, 1, 1, HDR + 70);
  assert_received (f, 1, 70, 4);
}

static void
test_a_chain_outside_ram_needs_a_reset (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*queue 1: chain at head 0: buffer outside guest RAM");
  vq_desc (&f->d, TXQ, 0, VT_RAM_END - 8, HDR + 60, 0, 0);
  vq_offer (&f->d, TXQ, 0);
  vq_notify (&f->d, TXQ);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, !=, 0);
  g_assert_cmpuint (vq_used_idx (&f->d, TXQ), ==, 0);
  assert_host_gets_nothing (f);

  /* Frames from the host wait meanwhile; after a reset the card works again. */
  host_send (f, 80, 5);
  vq_setup (&f->d, base_features, 2, QUEUE);
  post_rx (f, 0, 1, RX_BUF_LEN);
  vq_wait_used (&f->d, RXQ, 1);
  assert_received (f, 0, 80, 5);
  write_tx (f, 1, 60, 6);
  vq_offer_buf (&f->d, TXQ, 0, 1, HDR + 60, false);
  vq_notify (&f->d, TXQ);
  assert_host_gets (f, 60, 6);
}

static void
test_a_looping_receive_chain_needs_a_reset (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*queue 0: chain at head 0: the chain loops*");
  vq_desc (&f->d, RXQ, 0, vq_buf (0), 100, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, RXQ, 1, vq_buf (1), 100, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 0);
  vq_offer (&f->d, RXQ, 0);
  vq_notify (&f->d, RXQ);
  host_send (f, 60, 1);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, !=, 0);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 0);
}

static void
test_an_available_index_far_ahead_needs_a_reset (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*queue 1: the available index 1000 is 1000 entries ahead*");
  vq_set_avail_idx (&f->d, TXQ, 1000);
  vq_notify (&f->d, TXQ);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, !=, 0);
}

static void
test_notifications_before_setup_are_ignored (Fixture *f, gconstpointer data)
{
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net@10001000: notification for queue 1, which is not set up");
  vq_notify (&f->d, TXQ);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-net@10001000: notification for queue 7, which is not set up");
  vq_notify (&f->d, 7);
  host_send (f, 60, 1);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  assert_host_gets_nothing (f);
}

/* ---- reset ---- */

static void
test_a_reset_stops_the_queues (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, base_features, 2, QUEUE);
  post_rx (f, 0, 2, RX_BUF_LEN);
  vt_wr (&f->d.t, VT_STATUS, 0);
  host_send (f, 60, 1);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 0);

  /* The frame waited; the new driver gets it. */
  vq_setup (&f->d, base_features, 2, QUEUE);
  post_rx (f, 0, 1, RX_BUF_LEN);
  vq_wait_used (&f->d, RXQ, 1);
  assert_received (f, 0, 60, 1);
}

/* ---- state ---- */

static GByteArray *
state_stream (const uint8_t mac[6], uint16_t status)
{
  GByteArray *s = g_byte_array_new ();

  dev_test_put (s, 1, 4);
  g_byte_array_append (s, mac, 6);
  dev_test_put (s, status, 2);
  dev_test_put (s, 0, 1); /* no subsection */
  return s;
}

static void
test_the_state_saves_the_address_and_link (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = state_stream (test_mac, PVM_VIRTIO_NET_S_LINK_UP);
  static const uint8_t other_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
  g_autoptr (GByteArray) other = state_stream (other_mac, PVM_VIRTIO_NET_S_LINK_UP);
  g_autoptr (GByteArray) bad_status = state_stream (test_mac, 0x8001);
  static const uint8_t multicast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
  g_autoptr (GByteArray) bad_mac = state_stream (multicast, 1);

  dev_test_assert_saves (&pvm_virtio_net_vmstate, f->net, expected);
  dev_test_assert_truncations_fail (&pvm_virtio_net_vmstate, f->net, expected);
  dev_test_assert_load_fails (&pvm_virtio_net_vmstate, f->net, bad_status,
                              PVM_VMSTATE_ERROR_INVALID, "*status*");
  dev_test_assert_load_fails (&pvm_virtio_net_vmstate, f->net, bad_mac,
                              PVM_VMSTATE_ERROR_INVALID, "*mac*");
  dev_test_assert_loads (&pvm_virtio_net_vmstate, f->net, other);
  g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_MAC, 1), ==, 0x02);
  g_assert_cmphex (vq_config (&f->d, PVM_VIRTIO_NET_CFG_MAC + 5, 1), ==, 0x01);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                            \
  g_test_add ("/hv/dev/virtio-net/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("a-card-describes-itself", test_a_card_describes_itself);
  ADD ("a-frame-the-guest-sends-reaches-the-host",
       test_a_frame_the_guest_sends_reaches_the_host);
  ADD ("a-frame-may-be-laid-out-any-way", test_a_frame_may_be_laid_out_any_way);
  ADD ("many-frames-are-sent-in-order", test_many_frames_are_sent_in_order);
  ADD ("a-frame-from-the-host-fills-a-receive-buffer",
       test_a_frame_from_the_host_fills_a_receive_buffer);
  ADD ("a-receive-buffer-may-be-split", test_a_receive_buffer_may_be_split);
  ADD ("frames-wait-for-receive-buffers", test_frames_wait_for_receive_buffers);
  ADD ("a-quiesced-card-leaves-guest-memory-alone",
       test_a_quiesced_card_leaves_guest_memory_alone);
  ADD ("a-full-backlog-holds-the-backend-back", test_a_full_backlog_holds_the_backend_back);
  ADD ("a-backend-that-cannot-wait-loses-what-overflows",
       test_a_backend_that_cannot_wait_loses_what_overflows);
  ADD ("a-too-small-receive-buffer-drops-the-frame",
       test_a_too_small_receive_buffer_drops_the_frame);
  ADD ("the-counters-count-frame-bytes-that-pass", test_the_counters_count_frame_bytes_that_pass);
  ADD ("malformed-transmit-chains-are-completed-unsent",
       test_malformed_transmit_chains_are_completed_unsent);
  ADD ("a-readable-receive-buffer-is-skipped", test_a_readable_receive_buffer_is_skipped);
  ADD ("a-chain-outside-ram-needs-a-reset", test_a_chain_outside_ram_needs_a_reset);
  ADD ("a-looping-receive-chain-needs-a-reset", test_a_looping_receive_chain_needs_a_reset);
  ADD ("an-available-index-far-ahead-needs-a-reset",
       test_an_available_index_far_ahead_needs_a_reset);
  ADD ("notifications-before-setup-are-ignored", test_notifications_before_setup_are_ignored);
  ADD ("a-reset-stops-the-queues", test_a_reset_stops_the_queues);
  ADD ("the-state-saves-the-address-and-link", test_the_state_saves_the_address_and_link);

  /* With a backend that takes frames on the notifying thread, as user-mode networking does. */
#define ADD_LOCKED(path, fn)                                                                     \
  g_test_add ("/hv/dev/virtio-net/locked-backend/" path, Fixture, GINT_TO_POINTER (LOCKED),      \
              fixture_set_up, fn, fixture_tear_down)
  ADD_LOCKED ("many-frames-are-sent-in-order", test_many_frames_are_sent_in_order);
  ADD_LOCKED ("the-counters-count-frame-bytes-that-pass",
              test_the_counters_count_frame_bytes_that_pass);
  ADD_LOCKED ("frames-wait-for-receive-buffers", test_frames_wait_for_receive_buffers);
  ADD_LOCKED ("a-chain-outside-ram-needs-a-reset", test_a_chain_outside_ram_needs_a_reset);
  ADD_LOCKED ("malformed-transmit-chains-are-completed-unsent",
              test_malformed_transmit_chains_are_completed_unsent);
  ADD_LOCKED ("a-reset-stops-the-queues", test_a_reset_stops_the_queues);
  return g_test_run ();
}

/* test-virtio-net.c: the virtio network card on a socketpair backend, driven by writing
 * descriptors into guest RAM as a driver does; the test holds the other end of the socketpair,
 * as the host network would. */
#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/pvm-bytes.h"
#include "hv/dev/virtio-net.h"
#include "hv/machine/guest-error.h"
#include "vq-test.h"

#define RXQ PVM_VIRTIO_NET_RXQ
#define TXQ PVM_VIRTIO_NET_TXQ
#define HDR PVM_VIRTIO_NET_HDR_SIZE
#define QUEUE 64
#define RX_BUF_LEN (HDR + 1518)

static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
static const uint64_t base_features = VT_F_VERSION_1 | (1ull << PVM_VIRTIO_NET_F_MAC) |
                                      (1ull << PVM_VIRTIO_NET_F_STATUS);

/* ---- a network backend on one end of a datagram socketpair ---- */

typedef struct {
  PvmNetBackend backend;
  int fd;
  GSource *watch; /* while the peer has room */
  unsigned holds; /* times the peer said it had no room */
  unsigned resumes;
  GMutex lock;   /* the backend's, in the fixture that lets the notifying thread send */
  bool echo;     /* sending delivers the frame straight back, as libslirp answers an ACK */
} SockBackend;

static gboolean sock_readable (int fd, GIOCondition condition, gpointer data);

static void
sock_watch (SockBackend *sb)
{
  sb->watch = g_unix_fd_source_new (sb->fd, G_IO_IN);
  g_source_set_callback (sb->watch, G_SOURCE_FUNC (sock_readable), sb, NULL);
  g_source_attach (sb->watch, sb->backend.context);
}

static gboolean
sock_readable (int fd, GIOCondition condition, gpointer data)
{
  SockBackend *sb = data;
  uint8_t buf[65536];
  ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);

  if (n < 0)
    return G_SOURCE_CONTINUE;
  if (!pvm_net_backend_deliver (&sb->backend, buf, (size_t) n)) {
    sb->holds++;
    g_clear_pointer (&sb->watch, g_source_unref);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static void
sock_send (PvmNetBackend *backend, const uint8_t *frame, size_t len)
{
  SockBackend *sb = (SockBackend *) backend;

  if (sb->echo)
    pvm_net_backend_deliver (&sb->backend, frame, len);
  else
    g_assert_cmpint (send (sb->fd, frame, len, MSG_DONTWAIT), ==, (ssize_t) len);
}

static void
sock_resume (PvmNetBackend *backend)
{
  SockBackend *sb = (SockBackend *) backend;

  sb->resumes++;
  if (!sb->watch)
    sock_watch (sb);
}

static void
sock_free (PvmNetBackend *backend)
{
  SockBackend *sb = (SockBackend *) backend;

  if (sb->watch) {
    g_source_destroy (sb->watch);
    g_source_unref (sb->watch);
  }
  close (sb->fd);
  g_mutex_clear (&sb->lock);
  g_free (sb);
}

static const PvmNetBackendOps sock_ops = {
  .name = "socketpair",
  .send = sock_send,
  .resume = sock_resume,
  .free = sock_free,
};

/* ---- fixture ---- */

/* Fixture data: what the backend offers. */
enum { LOCKED = 1, LARGE_SEGMENTS = 2 };

typedef struct {
  VqTest d;
  SockBackend *sb; /* owned by the card */
  int host;        /* the test's end */
  PvmVirtioNet *net;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  int sv[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), ==, 0);
  vq_init (&f->d);
  f->sb = g_new0 (SockBackend, 1);
  pvm_net_backend_init (&f->sb->backend, &sock_ops, f->d.t.machine->context);
  g_mutex_init (&f->sb->lock);
  if (GPOINTER_TO_INT (data) & LOCKED) /* the backend may be worked from the notifying thread */
    f->sb->backend.lock = &f->sb->lock;
  f->sb->backend.large_segments = GPOINTER_TO_INT (data) & LARGE_SEGMENTS;
  f->sb->fd = sv[0];
  sock_watch (f->sb);
  f->host = sv[1];
  f->net = pvm_virtio_net_new (f->d.t.mmio, &f->sb->backend, test_mac, f->d.t.machine->context);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vq_clear (&f->d);
  close (f->host);
}

static void
fill_frame (uint8_t *frame, size_t len, unsigned seed)
{
  for (size_t i = 0; i < len; i++)
    frame[i] = (uint8_t) (i * 13 + seed);
}

/* Sends @len bytes of frame @seed from the host side, iterating the context while the socket
 * is full; asserts it goes within 5 seconds. */
static void
host_send (Fixture *f, size_t len, unsigned seed)
{
  g_autofree uint8_t *frame = g_malloc (len);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  ssize_t n;

  fill_frame (frame, len, seed);
  while ((n = send (f->host, frame, len, MSG_DONTWAIT)) < 0 && errno == EAGAIN &&
         g_get_monotonic_time () < deadline) {
    if (!g_main_context_iteration (f->d.t.machine->context, FALSE))
      g_usleep (200);
  }
  g_assert_cmpint (n, ==, (ssize_t) len);
}

/* Receives the next frame on the host side (iterating the context for at most 5 s); returns
 * its length, or -1 if none came. */
static ssize_t
host_recv (Fixture *f, uint8_t *buf, size_t size, unsigned timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  for (;;) {
    ssize_t n = recv (f->host, buf, size, MSG_DONTWAIT);
    if (n >= 0)
      return n;
    g_assert_cmpint (errno, ==, EAGAIN);
    if (g_get_monotonic_time () >= deadline)
      return -1;
    if (!g_main_context_iteration (f->d.t.machine->context, FALSE))
      g_usleep (200);
  }
}

/* Asserts that guest buffer @buf holds the 12-byte header and frame @seed of @len bytes. */
static void
assert_received (Fixture *f, unsigned buf, size_t len, unsigned seed)
{
  const uint8_t *p = vt_ram (&f->d.t, vq_buf (buf), HDR + len);
  g_autofree uint8_t *frame = g_malloc (len);
  static const uint8_t hdr[HDR] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };

  fill_frame (frame, len, seed);
  g_assert_cmpmem (p, HDR, hdr, HDR);
  g_assert_cmpmem (p + HDR, len, frame, len);
}

/* Writes a transmit header (all zero) and frame @seed of @len bytes into buffer @buf. */
static void
write_tx (Fixture *f, unsigned buf, size_t len, unsigned seed)
{
  uint8_t *p = vt_ram (&f->d.t, vq_buf (buf), HDR + len);

  memset (p, 0, HDR);
  fill_frame (p + HDR, len, seed);
}

static void
assert_host_gets (Fixture *f, size_t len, unsigned seed)
{
  uint8_t buf[65536];
  g_autofree uint8_t *frame = g_malloc (len);

  fill_frame (frame, len, seed);
  g_assert_cmpint (host_recv (f, buf, sizeof buf, 5000), ==, (ssize_t) len);
  g_assert_cmpmem (buf, len, frame, len);
}

static void
assert_host_gets_nothing (Fixture *f)
{
  uint8_t buf[65536];

  g_assert_cmpint (host_recv (f, buf, sizeof buf, 50), ==, -1);
}

/* Posts @n receive buffers (descriptors and buffers @first ..) of @len bytes and notifies. */
static void
post_rx (Fixture *f, unsigned first, unsigned n, uint32_t len)
{
  for (unsigned i = first; i < first + n; i++)
    vq_offer_buf (&f->d, RXQ, i, i, len, true);
  vq_notify (&f->d, RXQ);
}

static void
assert_used (Fixture *f, unsigned q, uint16_t i, uint32_t id, uint32_t len)
{
  uint32_t uid, ulen;

  vq_used (&f->d, q, i, &uid, &ulen);
  g_assert_cmpuint (uid, ==, id);
  g_assert_cmpuint (ulen, ==, len);
}

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
  ADD ("the-checksum-a-header-asks-for-is-completed",
       test_the_checksum_a_header_asks_for_is_completed);
  ADD ("offloads-not-negotiated-drop-the-frame", test_offloads_not_negotiated_drop_the_frame);
  ADD ("a-checksum-field-outside-the-frame-drops-it",
       test_a_checksum_field_outside_the_frame_drops_it);
#define ADD_LARGE(path, fn)                                                                      \
  g_test_add ("/hv/dev/virtio-net/large-segments/" path, Fixture,                              \
              GINT_TO_POINTER (LOCKED | LARGE_SEGMENTS), fixture_set_up, fn, fixture_tear_down)
  ADD_LARGE ("the-backend-is-offered-segmentation",
             test_a_large_segment_backend_is_offered_segmentation);
  ADD_LARGE ("a-large-segment-reaches-the-backend-whole",
             test_a_large_segment_reaches_the_backend_whole);

  /* With a backend that takes frames on the notifying thread, as user-mode networking does. */
#define ADD_LOCKED(path, fn)                                                                     \
  g_test_add ("/hv/dev/virtio-net/locked-backend/" path, Fixture, GINT_TO_POINTER (LOCKED),      \
              fixture_set_up, fn, fixture_tear_down)
  ADD_LOCKED ("a-frame-leaves-before-the-notification-returns",
              test_a_frame_leaves_before_the_notification_returns);
  ADD_LOCKED ("the-answer-to-a-frame-is-received-at-once",
              test_the_answer_to_a_frame_is_received_at_once);
  ADD_LOCKED ("with-the-backend-busy-the-context-sends",
              test_with_the_backend_busy_the_context_sends);
  ADD_LOCKED ("many-frames-are-sent-in-order", test_many_frames_are_sent_in_order);
  ADD_LOCKED ("frames-wait-for-receive-buffers", test_frames_wait_for_receive_buffers);
  ADD_LOCKED ("a-chain-outside-ram-needs-a-reset", test_a_chain_outside_ram_needs_a_reset);
  ADD_LOCKED ("malformed-transmit-chains-are-completed-unsent",
              test_malformed_transmit_chains_are_completed_unsent);
  ADD_LOCKED ("a-reset-stops-the-queues", test_a_reset_stops_the_queues);
  return g_test_run ();
}

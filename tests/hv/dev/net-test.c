/* net-test.c: a virtio network card on a socketpair backend, for the virtio-net tests. */
#include "net-test.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

/* Builds a card on a socketpair backend; @data holds LOCKED and LARGE_SEGMENTS bits. */
void
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

/* Frees the card, its machine and the test's end of the socketpair. */
void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vq_clear (&f->d);
  close (f->host);
}

/* Fills @frame with the bytes of frame @seed. */
void
fill_frame (uint8_t *frame, size_t len, unsigned seed)
{
  for (size_t i = 0; i < len; i++)
    frame[i] = (uint8_t) (i * 13 + seed);
}

/* Sends @len bytes of frame @seed from the host side, iterating the context while the socket
 * is full; asserts it goes within 5 seconds. */
void
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
ssize_t
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
void
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
void
write_tx (Fixture *f, unsigned buf, size_t len, unsigned seed)
{
  uint8_t *p = vt_ram (&f->d.t, vq_buf (buf), HDR + len);

  memset (p, 0, HDR);
  fill_frame (p + HDR, len, seed);
}

/* Asserts that the host end receives frame @seed of @len bytes within 5 s. */
void
assert_host_gets (Fixture *f, size_t len, unsigned seed)
{
  uint8_t buf[65536];
  g_autofree uint8_t *frame = g_malloc (len);

  fill_frame (frame, len, seed);
  g_assert_cmpint (host_recv (f, buf, sizeof buf, 5000), ==, (ssize_t) len);
  g_assert_cmpmem (buf, len, frame, len);
}

/* Asserts that nothing reaches the host end within 50 ms. */
void
assert_host_gets_nothing (Fixture *f)
{
  uint8_t buf[65536];

  g_assert_cmpint (host_recv (f, buf, sizeof buf, 50), ==, -1);
}

/* Posts @n receive buffers (descriptors and buffers @first ..) of @len bytes and notifies. */
void
post_rx (Fixture *f, unsigned first, unsigned n, uint32_t len)
{
  for (unsigned i = first; i < first + n; i++)
    vq_offer_buf (&f->d, RXQ, i, i, len, true);
  vq_notify (&f->d, RXQ);
}

/* Asserts used ring entry @i of queue @q: chain @id, @len bytes written. */
void
assert_used (Fixture *f, unsigned q, uint16_t i, uint32_t id, uint32_t len)
{
  uint32_t uid, ulen;

  vq_used (&f->d, q, i, &uid, &ulen);
  g_assert_cmpuint (uid, ==, id);
  g_assert_cmpuint (ulen, ==, len);
}

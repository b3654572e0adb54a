/* test-net-slirp.c: the user-mode network backend without a guest — the test is its peer and
 * sends it frames as a guest's card would. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hv/machine/machine.h"
#include "hv/net/backend.h"
#include "hv/net/slirp.h"

typedef struct {
  GMainContext *context;
  PvmNetBackend *backend;
  GPtrArray *frames;   /* GBytes the backend delivered */
  GThread *peer_thread; /* where the last one was delivered */
} Fixture;

static bool
peer_receive (void *opaque, const uint8_t *frame, size_t len)
{
  Fixture *f = opaque;

  g_ptr_array_add (f->frames, g_bytes_new (frame, len));
  f->peer_thread = g_thread_self ();
  return true;
}

/* A TCP port on the host's loopback that nothing listens on just now. */
static uint16_t
free_port (void)
{
  struct sockaddr_in sa = { .sin_family = AF_INET };
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  close (fd);
  return ntohs (sa.sin_port);
}

/* With @data, the network forwards a free host port to the guest. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PvmNetConfig config;
  g_autofree char *spec = data ? g_strdup_printf ("user,hostfwd=tcp:127.0.0.1:%u-:22",
                                                  free_port ())
                               : g_strdup ("user");

  f->context = g_main_context_new ();
  f->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_assert_true (pvm_net_config_parse (&config, spec, 0, &error));
  f->backend = pvm_net_backend_new (&config, f->context, &error);
  g_assert_no_error (error);
  pvm_net_backend_set_peer (f->backend, peer_receive, f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_net_backend_free (f->backend);
  g_ptr_array_unref (f->frames);
  g_main_context_unref (f->context);
}

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void
put_be16 (uint8_t *p, uint16_t v)
{
  p[0] = (uint8_t) (v >> 8);
  p[1] = (uint8_t) v;
}

static void
put_ip (uint8_t *p, const char *text)
{
  struct in_addr a;

  g_assert_cmpint (inet_pton (AF_INET, text, &a), ==, 1);
  memcpy (p, &a, 4);
}

/* An ARP request from the guest (10.0.2.15) for @target. */
static void
arp_request (uint8_t frame[42], const char *target)
{
  memset (frame, 0, 42);
  memset (frame, 0xff, 6);
  memcpy (frame + 6, guest_mac, 6);
  put_be16 (frame + 12, 0x0806);
  put_be16 (frame + 14, 1);      /* Ethernet */
  put_be16 (frame + 16, 0x0800); /* IPv4 */
  frame[18] = 6;
  frame[19] = 4;
  put_be16 (frame + 20, 1); /* request */
  memcpy (frame + 22, guest_mac, 6);
  put_ip (frame + 28, "10.0.2.15");
  put_ip (frame + 38, target);
}

/* The first delivered ARP reply, or NULL. */
static const uint8_t *
find_arp_reply (Fixture *f, const char *sender)
{
  uint8_t ip[4];

  put_ip (ip, sender);
  for (guint i = 0; i < f->frames->len; i++) {
    gsize len;
    const uint8_t *p = g_bytes_get_data (g_ptr_array_index (f->frames, i), &len);
    if (len >= 42 && p[12] == 0x08 && p[13] == 0x06 && p[20] == 0 && p[21] == 2 &&
        memcmp (p + 28, ip, 4) == 0)
      return p;
  }
  return NULL;
}

static void
iterate (Fixture *f, unsigned ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end) {
    if (!g_main_context_iteration (f->context, FALSE))
      g_usleep (1000);
  }
}

static void
test_the_gateway_and_dns_answer_arp (Fixture *f, gconstpointer data)
{
  uint8_t frame[42];

  arp_request (frame, "10.0.2.2");
  pvm_net_backend_send (f->backend, frame, sizeof frame);
  arp_request (frame, "10.0.2.3");
  pvm_net_backend_send (f->backend, frame, sizeof frame);
  iterate (f, 20);

  const uint8_t *gw = find_arp_reply (f, "10.0.2.2");
  const uint8_t *dns = find_arp_reply (f, "10.0.2.3");
  g_assert_nonnull (gw);
  g_assert_nonnull (dns);
  g_assert_cmpmem (gw, 6, guest_mac, 6);   /* to the guest */
  g_assert_cmpmem (gw + 32, 6, guest_mac, 6);
}

static void
test_an_address_outside_the_network_gets_no_answer (Fixture *f, gconstpointer data)
{
  uint8_t frame[42];

  arp_request (frame, "10.0.3.2");
  pvm_net_backend_send (f->backend, frame, sizeof frame);
  iterate (f, 20);
  g_assert_null (find_arp_reply (f, "10.0.3.2"));
}

static void
test_garbage_frames_are_survived (Fixture *f, gconstpointer data)
{
  uint8_t frame[1514];
  GRand *rand = g_rand_new_with_seed (7);

  for (unsigned i = 0; i < 2000; i++) {
    size_t len = g_rand_int_range (rand, 0, sizeof frame + 1);
    for (size_t j = 0; j < len; j++)
      frame[j] = (uint8_t) g_rand_int (rand);
    if (i % 2)
      put_be16 (frame + 12, i % 4 == 1 ? 0x0800 : 0x0806);
    pvm_net_backend_send (f->backend, frame, len);
  }
  g_rand_free (rand);
  iterate (f, 20);

  /* Still answering. */
  arp_request (frame, "10.0.2.2");
  pvm_net_backend_send (f->backend, frame, 42);
  iterate (f, 20);
  g_assert_nonnull (find_arp_reply (f, "10.0.2.2"));
}

/* ---- threads ---- */

typedef struct {
  Fixture *f;
  bool locked;
} OtherThread;

static gpointer
send_arp_from_another_thread (gpointer data)
{
  OtherThread *o = data;
  uint8_t frame[42];

  o->locked = pvm_net_backend_try_lock (o->f->backend);
  if (o->locked) {
    arp_request (frame, "10.0.2.2");
    pvm_net_backend_send (o->f->backend, frame, sizeof frame);
    pvm_net_backend_unlock (o->f->backend);
  }
  return g_thread_self ();
}

static void
test_another_thread_with_the_lock_gets_the_answer_itself (Fixture *f, gconstpointer data)
{
  OtherThread o = { .f = f };
  GThread *thread = g_thread_new ("sender", send_arp_from_another_thread, &o);
  GThread *self = g_thread_join (thread);

  /* Answered before the lock went back, on the sender's thread: the context never ran. */
  g_assert_true (o.locked);
  g_assert_nonnull (find_arp_reply (f, "10.0.2.2"));
  g_assert_true (f->peer_thread == self);
}

static void
test_the_lock_is_refused_while_the_context_holds_it (Fixture *f, gconstpointer data)
{
  OtherThread o = { .f = f };

  g_mutex_lock (f->backend->lock);
  g_thread_join (g_thread_new ("sender", send_arp_from_another_thread, &o));
  g_mutex_unlock (f->backend->lock);
  g_assert_false (o.locked);
  g_assert_cmpuint (f->frames->len, ==, 0);
}

/* Runs at most @n iterations of the context without blocking; returns how many dispatched
 * something. */
static unsigned
busy_iterations (Fixture *f, unsigned n)
{
  unsigned busy = 0;

  for (unsigned i = 0; i < n; i++)
    busy += g_main_context_iteration (f->context, FALSE);
  return busy;
}

static void
test_an_open_socket_with_nothing_to_do_lets_the_context_sleep (Fixture *f, gconstpointer data)
{
  /* The forward's listening socket is polled. Once settled, an iteration dispatches nothing:
   * dispatching would re-register the fds, wake the context and never let it sleep. */
  busy_iterations (f, 10);
  g_assert_cmpuint (busy_iterations (f, 100), ==, 0);
}

static void
test_a_taken_forward_port_fails_with_one_sentence (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainContext) context = g_main_context_new ();
  struct sockaddr_in sa = { .sin_family = AF_INET };
  socklen_t len = sizeof sa;
  PvmNetConfig config;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (fd, 1), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  g_autofree char *spec = g_strdup_printf ("user,hostfwd=tcp:127.0.0.1:%u-:22",
                                           ntohs (sa.sin_port));
  g_assert_true (pvm_net_config_parse (&config, spec, 0, NULL));

  g_assert_null (pvm_net_backend_new (&config, context, &error));
  g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED);
  g_autofree char *expected = g_strdup_printf ("Cannot forward TCP port 127.0.0.1:%u of the "
                                               "host to 10.0.2.15:22 in the guest: *",
                                               ntohs (sa.sin_port));
  g_assert_true (g_pattern_match_simple (expected, error->message));
  close (fd);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                            \
  g_test_add ("/hv/net/slirp/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("the-gateway-and-dns-answer-arp", test_the_gateway_and_dns_answer_arp);
  ADD ("an-address-outside-the-network-gets-no-answer",
       test_an_address_outside_the_network_gets_no_answer);
  ADD ("garbage-frames-are-survived", test_garbage_frames_are_survived);
  ADD ("another-thread-with-the-lock-gets-the-answer-itself",
       test_another_thread_with_the_lock_gets_the_answer_itself);
  ADD ("the-lock-is-refused-while-the-context-holds-it",
       test_the_lock_is_refused_while_the_context_holds_it);
  g_test_add ("/hv/net/slirp/an-open-socket-with-nothing-to-do-lets-the-context-sleep", Fixture,
              GINT_TO_POINTER (1), fixture_set_up,
              test_an_open_socket_with_nothing_to_do_lets_the_context_sleep, fixture_tear_down);
  g_test_add_func ("/hv/net/slirp/a-taken-forward-port-fails-with-one-sentence",
                   test_a_taken_forward_port_fails_with_one_sentence);
  return g_test_run ();
}

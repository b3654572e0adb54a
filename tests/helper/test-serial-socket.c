/* test-serial-socket.c: pvm-vmm's serial port on a listening socket — output to every client,
 * input from any, a client that does not read costs only itself, other users refused, breaks
 * sent with the telnet escape. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hv/vmm/serial-socket.h"

typedef struct {
  char *dir, *path;
  GMainContext *context;
  PvmVmmSerialSocket *serial;
  PvmChardev *chardev;
  GString *input; /* what reached the guest's side */
} Fixture;

static size_t
fixture_receive (void *opaque, const uint8_t *buf, size_t len)
{
  g_string_append_len (((Fixture *) opaque)->input, (const char *) buf, (gssize) len);
  return len;
}

/* A break shows in the guest's input as "<BREAK>". */
static bool
fixture_receive_break (void *opaque)
{
  g_string_append (((Fixture *) opaque)->input, "<BREAK>");
  return true;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("pvm-serial-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "serial", NULL);
  f->context = g_main_context_new ();
  f->input = g_string_new (NULL);
  f->serial = pvm_vmm_serial_socket_new (f->path, f->context, &error);
  g_assert_no_error (error);
  f->chardev = pvm_vmm_serial_socket_chardev (f->serial);
  pvm_chardev_set_receive (f->chardev, fixture_receive, f);
  pvm_chardev_set_break (f->chardev, fixture_receive_break, f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->serial) {
    pvm_chardev_set_receive (f->chardev, NULL, NULL);
    pvm_chardev_set_break (f->chardev, NULL, NULL);
    pvm_vmm_serial_socket_free (f->serial);
  }
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_rmdir (f->dir);
  g_string_free (f->input, TRUE);
  g_main_context_unref (f->context);
  g_free (f->path);
  g_free (f->dir);
}

static void
iterate (Fixture *f)
{
  while (g_main_context_iteration (f->context, FALSE))
    ;
}

/* Returns a non-blocking client connected to the socket. */
static int
client_connect (Fixture *f)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

  g_strlcpy (addr.sun_path, f->path, sizeof addr.sun_path);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  return fd;
}

static void
wait_for_clients (Fixture *f, guint n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (pvm_vmm_serial_socket_get_n_clients (f->serial) != n &&
         g_get_monotonic_time () < deadline) {
    iterate (f);
    g_usleep (1000);
  }
  g_assert_cmpuint (pvm_vmm_serial_socket_get_n_clients (f->serial), ==, n);
}

/* Reads from @fd into @out, running the context, until @out holds @len bytes or 5 s pass. */
static void
client_read_until (Fixture *f, int fd, GString *out, gsize len)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  char buf[4096];

  while (out->len < len && g_get_monotonic_time () < deadline) {
    iterate (f);
    ssize_t n = read (fd, buf, sizeof buf);
    if (n > 0)
      g_string_append_len (out, buf, n);
    else
      g_usleep (1000);
  }
}

static void
test_output_reaches_every_client (Fixture *f, gconstpointer data)
{
  int a = client_connect (f), b = client_connect (f);
  g_autoptr (GString) got_a = g_string_new (NULL);
  g_autoptr (GString) got_b = g_string_new (NULL);

  wait_for_clients (f, 2);
  pvm_chardev_write (f->chardev, (const uint8_t *) "pvm# ", 5);
  client_read_until (f, a, got_a, 5);
  client_read_until (f, b, got_b, 5);
  g_assert_cmpstr (got_a->str, ==, "pvm# ");
  g_assert_cmpstr (got_b->str, ==, "pvm# ");
  close (a);
  close (b);
}

static void
test_input_from_any_client_reaches_the_guest (Fixture *f, gconstpointer data)
{
  int a = client_connect (f), b = client_connect (f);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  wait_for_clients (f, 2);
  g_assert_cmpint (write (a, "ls\n", 3), ==, 3);
  while (f->input->len < 3 && g_get_monotonic_time () < deadline)
    iterate (f);
  g_assert_cmpint (write (b, "id\n", 3), ==, 3);
  while (f->input->len < 6 && g_get_monotonic_time () < deadline)
    iterate (f);
  g_assert_cmpstr (f->input->str, ==, "ls\nid\n");
  close (a);
  close (b);
}

/* Client @stuck never reads; @reader reads all along. 4 MiB of output must reach @reader
 * whole, the writer must never wait long, and only @stuck loses bytes. */
static void
test_a_client_that_does_not_read_loses_output_alone (Fixture *f, gconstpointer data)
{
  enum { CHUNK = 4096, TOTAL = 4 * 1024 * 1024 };
  int stuck = client_connect (f), reader = client_connect (f);
  g_autoptr (GString) got = g_string_new (NULL);
  uint8_t chunk[CHUNK];
  gint64 longest = 0;
  char buf[65536];

  wait_for_clients (f, 2);
  for (size_t i = 0; i < TOTAL; i += CHUNK) {
    memset (chunk, 'a' + (int) (i / CHUNK % 26), sizeof chunk);
    gint64 start = g_get_monotonic_time ();
    pvm_chardev_write (f->chardev, chunk, sizeof chunk);
    longest = MAX (longest, g_get_monotonic_time () - start);
    iterate (f);
    ssize_t n;
    while ((n = read (reader, buf, sizeof buf)) > 0)
      g_string_append_len (got, buf, n);
  }
  client_read_until (f, reader, got, TOTAL);

  g_assert_cmpuint (got->len, ==, TOTAL);
  for (size_t i = 0; i < TOTAL; i += CHUNK)
    g_assert_cmpint (got->str[i], ==, 'a' + (int) (i / CHUNK % 26));
  g_assert_cmpuint (pvm_chardev_get_dropped (f->chardev), ==, 0);
  /* The stuck client holds at most its queue and what its socket buffers (well under 1 MiB). */
  g_assert_cmpuint (pvm_vmm_serial_socket_get_dropped (f->serial), >=,
                    TOTAL - PVM_VMM_SERIAL_CLIENT_QUEUE - 1024 * 1024);
  g_assert_cmpint (longest, <, 100 * 1000);
  g_test_message ("longest write: %" G_GINT64_FORMAT " us; dropped for the stuck client: %"
                  G_GUINT64_FORMAT " bytes", longest, pvm_vmm_serial_socket_get_dropped (f->serial));
  close (stuck);
  close (reader);
}

/* Runs the context until the guest's side has received @expected, or 5 s pass. */
static void
wait_for_input (Fixture *f, const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (f->input->len < strlen (expected) && g_get_monotonic_time () < deadline) {
    iterate (f);
    g_usleep (1000);
  }
  iterate (f);
  g_assert_cmpstr (f->input->str, ==, expected);
}

static void
test_a_break_reaches_the_guest_in_its_place (Fixture *f, gconstpointer data)
{
  int a = client_connect (f);

  wait_for_clients (f, 1);
  g_assert_cmpint (write (a, "ab\xff\xf3" "h\xff\xf3\xff\xf3" "cd", 11), ==, 11);
  wait_for_input (f, "ab<BREAK>h<BREAK><BREAK>cd");
  close (a);
}

static void
test_a_break_split_across_writes_is_one_break (Fixture *f, gconstpointer data)
{
  int a = client_connect (f);

  wait_for_clients (f, 1);
  g_assert_cmpint (write (a, "x\xff", 2), ==, 2);
  wait_for_input (f, "x");
  g_assert_cmpint (write (a, "\xf3y", 2), ==, 2);
  wait_for_input (f, "x<BREAK>y");
  close (a);
}

static void
test_a_doubled_escape_is_one_byte_and_others_are_dropped (Fixture *f, gconstpointer data)
{
  int a = client_connect (f);

  wait_for_clients (f, 1);
  /* IAC IAC is 0xff; IAC NOP (0xf1) and IAC 'q' vanish. */
  g_assert_cmpint (write (a, "1\xff\xff" "2\xff\xf1" "3\xffq4", 10), ==, 10);
  wait_for_input (f, "1\xff" "234");
  close (a);
}

/* The break waits until the guest has taken every byte before it, even when the guest is
 * slow to read: it never overtakes them. */
static void
test_a_break_waits_for_the_input_before_it (Fixture *f, gconstpointer data)
{
  int a = client_connect (f);
  g_autoptr (GString) sent = g_string_new (NULL);

  wait_for_clients (f, 1);
  pvm_chardev_set_receive (f->chardev, NULL, NULL); /* the guest reads nothing for now */
  for (int i = 0; i < 2000; i++)
    g_string_append_c (sent, 'a' + i % 26);
  g_assert_cmpint (write (a, sent->str, sent->len), ==, (gssize) sent->len);
  g_assert_cmpint (write (a, "\xff\xf3z", 3), ==, 3);
  for (int i = 0; i < 50; i++) {
    iterate (f);
    g_usleep (1000);
  }
  g_assert_cmpuint (f->input->len, ==, 0);
  pvm_chardev_set_receive (f->chardev, fixture_receive, f);
  g_string_append (sent, "<BREAK>z");
  wait_for_input (f, sent->str);
  close (a);
}

static void
test_a_client_that_leaves_is_forgotten (Fixture *f, gconstpointer data)
{
  int a = client_connect (f), b = client_connect (f);
  g_autoptr (GString) got = g_string_new (NULL);

  wait_for_clients (f, 2);
  close (a);
  pvm_chardev_write (f->chardev, (const uint8_t *) "x", 1);
  wait_for_clients (f, 1);
  client_read_until (f, b, got, 1);
  g_assert_cmpstr (got->str, ==, "x");
  close (b);
}

static void
test_an_existing_path_is_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PvmVmmSerialSocket *second = pvm_vmm_serial_socket_new (f->path, f->context, &error);

  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS)); /* the first one's, still there */
}

static void
test_another_user_is_refused (Fixture *f, gconstpointer data)
{
  pid_t pid;
  int status;

  if (geteuid () != 0) {
    g_test_skip ("only root can connect as another user");
    return;
  }
  /* Let the other user reach the socket, so that only the VMM's own check stands. */
  g_assert_cmpint (chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (chmod (f->path, 0777), ==, 0);

  pid = fork ();
  if (pid == 0) {
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    struct pollfd pfd;
    char byte;
    int fd;

    if (setgid (65534) < 0 || setuid (65534) < 0)
      _exit (2);
    fd = socket (AF_UNIX, SOCK_STREAM, 0);
    strncpy (addr.sun_path, f->path, sizeof addr.sun_path - 1);
    if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
      _exit (3);
    pfd = (struct pollfd) { .fd = fd, .events = POLLIN };
    /* Closed by the VMM: end of file within 5 s. */
    _exit (poll (&pfd, 1, 5000) == 1 && read (fd, &byte, 1) == 0 ? 0 : 1);
  }
  while (waitpid (pid, &status, WNOHANG) == 0) {
    iterate (f);
    g_usleep (1000);
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpuint (pvm_vmm_serial_socket_get_n_clients (f->serial), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/helper/serial-socket/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("output-reaches-every-client", test_output_reaches_every_client);
  ADD ("input-from-any-client-reaches-the-guest", test_input_from_any_client_reaches_the_guest);
  ADD ("a-client-that-does-not-read-loses-output-alone-and-never-blocks-the-guest",
       test_a_client_that_does_not_read_loses_output_alone);
  ADD ("a-break-reaches-the-guest-in-its-place", test_a_break_reaches_the_guest_in_its_place);
  ADD ("a-break-split-across-writes-is-one-break", test_a_break_split_across_writes_is_one_break);
  ADD ("a-doubled-escape-is-one-byte-and-others-are-dropped",
       test_a_doubled_escape_is_one_byte_and_others_are_dropped);
  ADD ("a-break-waits-for-the-input-before-it", test_a_break_waits_for_the_input_before_it);
  ADD ("a-client-that-leaves-is-forgotten", test_a_client_that_leaves_is_forgotten);
  ADD ("an-existing-path-is-refused", test_an_existing_path_is_refused);
  ADD ("a-client-of-another-user-is-closed-at-once", test_another_user_is_refused);
#undef ADD
  return g_test_run ();
}

/* test-chardev.c: the byte stream between a frontend and host fds. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "dev-test.h"
#include "hv/machine/chardev.h"

typedef struct {
  GMainContext *context;
  int in[2], out[2]; /* pipes: the test writes in[1] and reads out[0] */
  PvmChardev *chr;
  GString *received;
  size_t take; /* the most the frontend takes per call */
  unsigned calls;
  bool take_break; /* whether the frontend takes a break now */
} Fixture;

static size_t
frontend_receive (void *opaque, const uint8_t *buf, size_t len)
{
  Fixture *f = opaque;
  size_t n = MIN (len, f->take);

  f->calls++;
  g_string_append_len (f->received, (const char *) buf, (gssize) n);
  return n;
}

/* A break shows among the received bytes as "|". */
static bool
frontend_break (void *opaque)
{
  Fixture *f = opaque;

  if (f->take_break)
    g_string_append_c (f->received, '|');
  return f->take_break;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->context = g_main_context_new ();
  g_assert_no_errno (pipe (f->in));
  g_assert_no_errno (pipe (f->out));
  f->chr = pvm_chardev_new_fds (f->in[0], f->out[1], f->context, &error);
  g_assert_no_error (error);
  f->received = g_string_new (NULL);
  f->take = SIZE_MAX;
  f->take_break = true;
  pvm_chardev_set_receive (f->chr, frontend_receive, f);
  pvm_chardev_set_break (f->chr, frontend_break, f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_chardev_free (f->chr);
  for (int i = 0; i < 2; i++) {
    if (f->in[i] >= 0)
      close (f->in[i]);
    close (f->out[i]);
  }
  g_string_free (f->received, TRUE);
  g_main_context_unref (f->context);
}

/* Runs the context until nothing is ready. */
static void
drain (GMainContext *context)
{
  for (int i = 0; i < 100 && g_main_context_iteration (context, FALSE); i++)
    ;
}

static void
iterate_until_received (Fixture *f, gsize len)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (f->received->len < len && g_get_monotonic_time () < deadline)
    g_main_context_iteration (f->context, TRUE);
  g_assert_cmpuint (f->received->len, ==, len);
}

static void
test_input_reaches_the_frontend (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (write (f->in[1], "hello", 5), ==, 5);
  iterate_until_received (f, 5);
  g_assert_cmpstr (f->received->str, ==, "hello");
}

static gpointer
accept_from_thread (gpointer data)
{
  pvm_chardev_accept_input (data);
  return NULL;
}

static void
test_input_the_frontend_refuses_waits_for_accept_input (Fixture *f, gconstpointer data)
{
  f->take = 2;
  g_assert_cmpint (write (f->in[1], "abcdef", 6), ==, 6);
  iterate_until_received (f, 2);
  /* More input arrives, but the chardev neither reads it nor offers the rest again. */
  g_assert_cmpint (write (f->in[1], "gh", 2), ==, 2);
  unsigned calls = f->calls;
  drain (f->context);
  g_assert_false (g_main_context_pending (f->context));
  g_assert_cmpuint (f->calls, ==, calls);
  g_assert_cmpstr (f->received->str, ==, "ab");

  /* A hart makes room. */
  f->take = SIZE_MAX;
  GThread *thread = g_thread_new ("accept", accept_from_thread, f->chr);
  g_thread_join (thread);
  iterate_until_received (f, 8);
  g_assert_cmpstr (f->received->str, ==, "abcdefgh");
}

static void
test_input_waits_while_no_frontend_is_connected (Fixture *f, gconstpointer data)
{
  pvm_chardev_set_receive (f->chr, NULL, NULL);
  g_assert_cmpint (write (f->in[1], "xy", 2), ==, 2);
  drain (f->context);
  g_assert_cmpuint (f->calls, ==, 0);
  pvm_chardev_set_receive (f->chr, frontend_receive, f);
  iterate_until_received (f, 2);
  g_assert_cmpstr (f->received->str, ==, "xy");
}

static void
test_a_break_follows_the_input_read_before_it (Fixture *f, gconstpointer data)
{
  f->take = 2;
  g_assert_cmpint (write (f->in[1], "abcd", 4), ==, 4);
  iterate_until_received (f, 2);
  /* "cd" waits in the chardev; the break goes behind it, and "ef" behind the break. */
  f->take = 0;
  pvm_chardev_send_break (f->chr);
  g_assert_cmpint (write (f->in[1], "ef", 2), ==, 2);
  drain (f->context);
  g_assert_cmpstr (f->received->str, ==, "ab");
  f->take = SIZE_MAX;
  pvm_chardev_accept_input (f->chr);
  iterate_until_received (f, 7);
  g_assert_cmpstr (f->received->str, ==, "abcd|ef");
}

static void
test_a_break_the_frontend_refuses_holds_back_later_input (Fixture *f, gconstpointer data)
{
  f->take_break = false;
  pvm_chardev_send_break (f->chr);
  g_assert_cmpint (write (f->in[1], "after", 5), ==, 5);
  drain (f->context);
  g_assert_cmpstr (f->received->str, ==, "");
  f->take_break = true;
  pvm_chardev_accept_input (f->chr);
  iterate_until_received (f, 6);
  g_assert_cmpstr (f->received->str, ==, "|after");
}

static void
test_a_break_without_a_handler_is_dropped (Fixture *f, gconstpointer data)
{
  pvm_chardev_set_break (f->chr, NULL, NULL);
  pvm_chardev_send_break (f->chr);
  g_assert_cmpint (write (f->in[1], "x", 1), ==, 1);
  iterate_until_received (f, 1);
  g_assert_cmpstr (f->received->str, ==, "x");
}

static void
test_end_of_input_stops_the_watch (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (write (f->in[1], "z", 1), ==, 1);
  close (f->in[1]);
  f->in[1] = -1;
  iterate_until_received (f, 1);
  drain (f->context);
  /* A hung-up pipe is always readable: a watch left on it would be ready forever. */
  g_assert_false (g_main_context_iteration (f->context, FALSE));
  g_assert_false (g_main_context_pending (f->context));
}

static void
test_output_reaches_the_fd (Fixture *f, gconstpointer data)
{
  char buf[16] = { 0 };

  pvm_chardev_write (f->chr, (const uint8_t *) "out", 3);
  g_assert_cmpint (read (f->out[0], buf, sizeof buf), ==, 3);
  g_assert_cmpstr (buf, ==, "out");
  g_assert_cmpuint (pvm_chardev_get_dropped (f->chr), ==, 0);
}

#define WRITERS 4
#define WRITES 200
#define CHUNK 32

static gpointer
writer_thread (gpointer data)
{
  PvmChardev *chr = ((gpointer *) data)[0];
  uint8_t id = (uint8_t) GPOINTER_TO_UINT (((gpointer *) data)[1]);
  uint8_t chunk[CHUNK];

  memset (chunk, 'a' + id, sizeof chunk);
  for (int i = 0; i < WRITES; i++)
    pvm_chardev_write (chr, chunk, sizeof chunk);
  return NULL;
}

static void
test_writes_from_several_threads_stay_whole (Fixture *f, gconstpointer data)
{
  gpointer args[WRITERS][2];
  GThread *threads[WRITERS];
  g_autoptr (GByteArray) got = g_byte_array_new ();
  const gsize total = (gsize) WRITERS * WRITES * CHUNK;
  uint8_t buf[4096];

  for (unsigned i = 0; i < WRITERS; i++) {
    args[i][0] = f->chr;
    args[i][1] = GUINT_TO_POINTER (i);
    threads[i] = g_thread_new ("writer", writer_thread, args[i]);
  }
  fcntl (f->out[0], F_SETFL, O_NONBLOCK);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (got->len < total && g_get_monotonic_time () < deadline) {
    ssize_t n = read (f->out[0], buf, sizeof buf);
    if (n > 0)
      g_byte_array_append (got, buf, (guint) n);
    g_main_context_iteration (f->context, FALSE);
  }
  for (unsigned i = 0; i < WRITERS; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (got->len, ==, total);
  for (gsize i = 0; i < total; i += CHUNK)
    for (gsize j = 1; j < CHUNK; j++)
      g_assert_cmpuint (got->data[i + j], ==, got->data[i]);
  g_assert_cmpuint (pvm_chardev_get_dropped (f->chr), ==, 0);
}

static void
test_output_to_a_full_fd_is_queued_then_dropped (Fixture *f, gconstpointer data)
{
  g_autofree uint8_t *big = g_malloc (256 * 1024);
  g_autoptr (GByteArray) got = g_byte_array_new ();
  uint8_t buf[4096];
  int pipe_size = fcntl (f->out[1], F_GETPIPE_SZ);

  for (gsize i = 0; i < 256 * 1024; i++)
    big[i] = (uint8_t) (i % 251);
  gint64 start = g_get_monotonic_time ();
  pvm_chardev_write (f->chr, big, 256 * 1024);
  /* The pipe and the queue filled; the rest waited a bounded time and was dropped. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  uint64_t dropped = pvm_chardev_get_dropped (f->chr);
  g_assert_cmpuint (dropped, >, 0);
  g_assert_cmpuint (dropped, <=, 256 * 1024 - 64 * 1024 - pipe_size);
  /* The reader is stuck: later writes drop without waiting again (ten waits would take
   * 200 ms). */
  start = g_get_monotonic_time ();
  for (int i = 0; i < 10; i++)
    pvm_chardev_write (f->chr, (const uint8_t *) "lost", 4);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100000);
  g_assert_cmpuint (pvm_chardev_get_dropped (f->chr), ==, dropped + 40);

  /* The reader catches up: the context flushes the queue, in order. */
  fcntl (f->out[0], F_SETFL, O_NONBLOCK);
  gsize expected = 256 * 1024 - dropped;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (got->len < expected && g_get_monotonic_time () < deadline) {
    ssize_t n = read (f->out[0], buf, sizeof buf);
    if (n > 0)
      g_byte_array_append (got, buf, (guint) n);
    g_main_context_iteration (f->context, FALSE);
  }
  g_assert_cmpuint (got->len, ==, expected);
  g_assert_cmpmem (got->data, got->len, big, expected);
  drain (f->context);
  g_assert_false (g_main_context_pending (f->context));
}

static void
test_fd_flags_are_restored_on_free (void)
{
  int fds[2];
  g_autoptr (GError) error = NULL;

  g_assert_no_errno (pipe (fds));
  PvmChardev *chr = pvm_chardev_new_fds (fds[0], fds[1], NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fcntl (fds[0], F_GETFL) & O_NONBLOCK);
  g_assert_true (fcntl (fds[1], F_GETFL) & O_NONBLOCK);
  pvm_chardev_free (chr);
  g_assert_false (fcntl (fds[0], F_GETFL) & O_NONBLOCK);
  g_assert_false (fcntl (fds[1], F_GETFL) & O_NONBLOCK);
  close (fds[0]);
  close (fds[1]);
}

static void
test_a_terminal_is_raw_until_free (void)
{
  g_autoptr (GError) error = NULL;
  struct termios t;
  int master = posix_openpt (O_RDWR | O_NOCTTY);

  g_assert_cmpint (master, >=, 0);
  g_assert_no_errno (grantpt (master));
  g_assert_no_errno (unlockpt (master));
  int slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_assert_no_errno (tcgetattr (slave, &t));
  g_assert_true (t.c_lflag & ICANON);
  g_assert_true (t.c_lflag & ECHO);

  PvmChardev *chr = pvm_chardev_new_fds (slave, slave, NULL, &error);
  g_assert_no_error (error);
  g_assert_no_errno (tcgetattr (slave, &t));
  g_assert_false (t.c_lflag & ICANON);
  g_assert_false (t.c_lflag & ECHO);
  g_assert_false (t.c_iflag & ICRNL);
  g_assert_false (t.c_lflag & ISIG);
  g_assert_true (t.c_oflag & OPOST);
  g_assert_cmpuint (t.c_cc[VMIN], ==, 1);

  pvm_chardev_restore_terminal (chr);
  g_assert_no_errno (tcgetattr (slave, &t));
  g_assert_true (t.c_lflag & ICANON);

  pvm_chardev_free (chr);
  g_assert_no_errno (tcgetattr (slave, &t));
  g_assert_true (t.c_lflag & ICANON);
  g_assert_true (t.c_lflag & ECHO);
  g_assert_false (fcntl (slave, F_GETFL) & O_NONBLOCK);
  close (slave);
  close (master);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/machine/chardev/input-reaches-the-frontend", test_input_reaches_the_frontend);
  ADD ("/hv/machine/chardev/input-the-frontend-refuses-waits-for-accept-input",
       test_input_the_frontend_refuses_waits_for_accept_input);
  ADD ("/hv/machine/chardev/input-waits-while-no-frontend-is-connected",
       test_input_waits_while_no_frontend_is_connected);
  ADD ("/hv/machine/chardev/a-break-follows-the-input-read-before-it",
       test_a_break_follows_the_input_read_before_it);
  ADD ("/hv/machine/chardev/a-break-the-frontend-refuses-holds-back-later-input",
       test_a_break_the_frontend_refuses_holds_back_later_input);
  ADD ("/hv/machine/chardev/a-break-without-a-handler-is-dropped",
       test_a_break_without_a_handler_is_dropped);
  ADD ("/hv/machine/chardev/end-of-input-stops-the-watch", test_end_of_input_stops_the_watch);
  ADD ("/hv/machine/chardev/output-reaches-the-fd", test_output_reaches_the_fd);
  ADD ("/hv/machine/chardev/writes-from-several-threads-stay-whole",
       test_writes_from_several_threads_stay_whole);
  ADD ("/hv/machine/chardev/output-to-a-full-fd-is-queued-then-dropped",
       test_output_to_a_full_fd_is_queued_then_dropped);
#undef ADD
  g_test_add_func ("/hv/machine/chardev/fd-flags-are-restored-on-free",
                   test_fd_flags_are_restored_on_free);
  g_test_add_func ("/hv/machine/chardev/a-terminal-is-raw-until-free",
                   test_a_terminal_is_raw_until_free);
  return g_test_run ();
}

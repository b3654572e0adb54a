/* test-virtio-console.c: the virtio console on a chardev over two pipes, driven by writing
 * descriptors into guest RAM as a driver does; the test holds the pipes' other ends, as a
 * terminal would. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "hv/dev/virtio-console.h"
#include "hv/machine/guest-error.h"
#include "vq-test.h"

#define RXQ PVM_VIRTIO_CONSOLE_RXQ
#define TXQ PVM_VIRTIO_CONSOLE_TXQ
#define QUEUE 32

typedef struct {
  VqTest d;
  PvmChardev *chr;
  int chr_in, chr_out; /* the chardev's fds, which it does not own */
  int input;           /* the test writes the host's input here */
  int output;          /* and reads the guest's output here */
  PvmVirtioConsole *con;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  int in[2], out[2];

  g_assert_cmpint (pipe2 (in, O_CLOEXEC), ==, 0);
  g_assert_cmpint (pipe2 (out, O_CLOEXEC | O_NONBLOCK), ==, 0);
  vq_init (&f->d);
  f->chr = pvm_chardev_new_fds (in[0], out[1], f->d.t.machine->context, &error);
  g_assert_no_error (error);
  f->chr_in = in[0];
  f->chr_out = out[1];
  f->input = in[1];
  f->output = out[0];
  f->con = pvm_virtio_console_new (f->d.t.mmio, f->chr, f->d.t.machine->context);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vq_clear (&f->d);
  pvm_chardev_free (f->chr);
  close (f->chr_in);
  close (f->chr_out);
  close (f->input);
  close (f->output);
}

static void
host_type (Fixture *f, const char *text)
{
  g_assert_cmpint (write (f->input, text, strlen (text)), ==, (ssize_t) strlen (text));
}

/* Reads the guest's output until it holds @len bytes (iterating the context, at most 5 s);
 * returns it, NUL-terminated. */
static char *
host_read (Fixture *f, size_t len)
{
  GString *s = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (s->len < len && g_get_monotonic_time () < deadline) {
    char buf[256];
    ssize_t n = read (f->output, buf, sizeof buf);
    if (n > 0) {
      g_string_append_len (s, buf, n);
      continue;
    }
    g_assert_true (n < 0 && errno == EAGAIN);
    if (!g_main_context_iteration (f->d.t.machine->context, FALSE))
      g_usleep (200);
  }
  return g_string_free (s, FALSE);
}

static void
assert_no_output (Fixture *f)
{
  char buf[16];

  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_assert_cmpint (read (f->output, buf, sizeof buf), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
}

static void
put_text (Fixture *f, unsigned buf, const char *text)
{
  memcpy (vt_ram (&f->d.t, vq_buf (buf), strlen (text)), text, strlen (text));
}

static void
assert_used (Fixture *f, unsigned q, uint16_t i, uint32_t id, uint32_t len)
{
  uint32_t uid, ulen;

  vq_used (&f->d, q, i, &uid, &ulen);
  g_assert_cmpuint (uid, ==, id);
  g_assert_cmpuint (ulen, ==, len);
}

/* ---- the tests ---- */

static void
test_a_console_describes_itself (Fixture *f, gconstpointer data)
{
  VirtioTest *t = &f->d.t;

  g_assert_cmpuint (vt_rd (t, VT_DEVICE_ID), ==, PVM_VIRTIO_CONSOLE_DEVICE_ID);
  g_assert_cmphex (vt_device_features (t), ==, VT_F_VERSION_1 | VT_F_INDIRECT | VT_F_EVENT_IDX);
  for (unsigned q = 0; q < 3; q++) {
    vt_wr (t, VT_QUEUE_SEL, q);
    g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), ==,
                      q < 2 ? PVM_VIRTIO_CONSOLE_QUEUE_SIZE : 0);
  }
  g_assert_cmpuint (vq_config (&f->d, 0, 4), ==, 0);   /* cols, rows */
  g_assert_cmpuint (vq_config (&f->d, 4, 4), ==, 1);   /* max_nr_ports */
  g_assert_cmpuint (vq_config (&f->d, 8, 4), ==, 0);   /* emerg_wr */
}

static void
test_output_reaches_the_host (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  put_text (f, 0, "hello, ");
  put_text (f, 1, "world\n");
  vq_desc (&f->d, TXQ, 0, vq_buf (0), 7, PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, TXQ, 1, vq_buf (1), 6, 0, 0);
  vq_offer (&f->d, TXQ, 0);
  put_text (f, 2, "pvm# ");
  vq_offer_buf (&f->d, TXQ, 2, 2, 5, false);
  vq_notify (&f->d, TXQ);

  g_autofree char *out = host_read (f, 18);
  g_assert_cmpstr (out, ==, "hello, world\npvm# ");
  vq_wait_used (&f->d, TXQ, 2);
  assert_used (f, TXQ, 0, 0, 0);
  assert_used (f, TXQ, 1, 2, 0);
}

static void
test_much_output_keeps_its_order (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) expected = g_string_new (NULL);

  vq_setup (&f->d, VT_F_VERSION_1 | VT_F_EVENT_IDX, 2, QUEUE);
  for (unsigned round = 0; round < 8; round++) {
    for (unsigned i = 0; i < QUEUE; i++) {
      g_autofree char *line = g_strdup_printf ("line %u.%u\n", round, i);
      put_text (f, i, line);
      vq_offer_buf (&f->d, TXQ, i, i, (uint32_t) strlen (line), false);
      g_string_append (expected, line);
    }
    vq_notify (&f->d, TXQ);
    vq_wait_used (&f->d, TXQ, (uint16_t) ((round + 1) * QUEUE));
  }
  g_autofree char *out = host_read (f, expected->len);
  g_assert_cmpstr (out, ==, expected->str);
}

static void
test_input_fills_the_guests_buffers (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  vq_offer_buf (&f->d, RXQ, 0, 0, 64, true);
  vq_notify (&f->d, RXQ);
  host_type (f, "ls\r");
  vq_wait_used (&f->d, RXQ, 1);
  assert_used (f, RXQ, 0, 0, 3);
  g_assert_cmpmem (vt_ram (&f->d.t, vq_buf (0), 3), 3, "ls\r", 3);
  g_assert_true (f->d.t.irq.level);
}

static void
test_input_waits_for_buffers_and_is_not_lost (Fixture *f, gconstpointer data)
{
  char text[101];

  for (unsigned i = 0; i < 100; i++)
    text[i] = (char) ('a' + i % 26);
  text[100] = '\0';
  vq_setup (&f->d, VT_F_VERSION_1 | VT_F_EVENT_IDX, 2, QUEUE);
  host_type (f, text);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 0);

  /* Four buffers of 16 bytes take 64 bytes; the rest waits for more. */
  for (unsigned i = 0; i < 4; i++)
    vq_offer_buf (&f->d, RXQ, i, i, 16, true);
  vq_notify (&f->d, RXQ);
  vq_wait_used (&f->d, RXQ, 4);
  for (unsigned i = 0; i < 4; i++) {
    assert_used (f, RXQ, (uint16_t) i, i, 16);
    g_assert_cmpmem (vt_ram (&f->d.t, vq_buf (i), 16), 16, text + 16 * i, 16);
  }
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, RXQ), ==, 4);

  vq_offer_buf (&f->d, RXQ, 4, 4, 64, true);
  vq_notify (&f->d, RXQ);
  vq_wait_used (&f->d, RXQ, 5);
  assert_used (f, RXQ, 4, 4, 36);
  g_assert_cmpmem (vt_ram (&f->d.t, vq_buf (4), 36), 36, text + 64, 36);
}

static void
test_malformed_chains_are_refused (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-console: output chain 0 has device-writable parts");
  put_text (f, 0, "secret");
  vq_desc (&f->d, TXQ, 0, vq_buf (0), 6, PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, TXQ, 1, vq_buf (1), 6, PVM_VIRTQ_DESC_F_WRITE, 0);
  vq_offer (&f->d, TXQ, 0);
  vq_notify (&f->d, TXQ);
  vq_wait_used (&f->d, TXQ, 1);
  g_test_assert_expected_messages ();
  assert_no_output (f);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-console: input buffer 0 has device-readable parts");
  vq_offer_buf (&f->d, RXQ, 0, 0, 16, false);
  vq_offer_buf (&f->d, RXQ, 1, 1, 16, true);
  vq_notify (&f->d, RXQ);
  host_type (f, "x");
  vq_wait_used (&f->d, RXQ, 2);
  g_test_assert_expected_messages ();
  assert_used (f, RXQ, 0, 0, 0);
  assert_used (f, RXQ, 1, 1, 1);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*queue 1: chain at head 2: buffer outside guest RAM");
  vq_desc (&f->d, TXQ, 2, VT_RAM_BASE - 4096, 16, 0, 0);
  vq_offer (&f->d, TXQ, 2);
  vq_notify (&f->d, TXQ);
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, !=, 0);
  g_assert_cmpuint (vq_used_idx (&f->d, TXQ), ==, 1);
  assert_no_output (f);

  /* After a reset the console works again. */
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  put_text (f, 3, "ok\n");
  vq_offer_buf (&f->d, TXQ, 0, 3, 3, false);
  vq_notify (&f->d, TXQ);
  g_autofree char *out = host_read (f, 3);
  g_assert_cmpstr (out, ==, "ok\n");
}

static void
test_the_state_is_the_transports (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = g_byte_array_new ();

  dev_test_put (expected, 1, 4); /* the version, no field */
  dev_test_put (expected, 0, 1); /* no subsection */
  dev_test_assert_saves (&pvm_virtio_console_vmstate, f->con, expected);
  dev_test_assert_truncations_fail (&pvm_virtio_console_vmstate, f->con, expected);
  dev_test_assert_loads (&pvm_virtio_console_vmstate, f->con, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                            \
  g_test_add ("/hv/dev/virtio-console/" path, Fixture, NULL, fixture_set_up, fn,                \
              fixture_tear_down)

  ADD ("a-console-describes-itself", test_a_console_describes_itself);
  ADD ("output-reaches-the-host", test_output_reaches_the_host);
  ADD ("much-output-keeps-its-order", test_much_output_keeps_its_order);
  ADD ("input-fills-the-guests-buffers", test_input_fills_the_guests_buffers);
  ADD ("input-waits-for-buffers-and-is-not-lost", test_input_waits_for_buffers_and_is_not_lost);
  ADD ("malformed-chains-are-refused", test_malformed_chains_are_refused);
  ADD ("the-state-is-the-transports", test_the_state_is_the_transports);
  return g_test_run ();
}

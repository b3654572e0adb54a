/* helper-test.c: what the helper tests share. */
#include "helper-test.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

gboolean
pvm_helper_test_have_validator (void)
{
  g_autofree char *path = g_find_program_in_path ("virt-xml-validate");

  if (!path)
    g_test_skip ("virt-xml-validate is not installed (tools/install-deps installs "
                 "libvirt-clients)");
  return path != NULL;
}

void
pvm_helper_test_assert_valid_domain_xml (const char *path)
{
  pvm_helper_test_assert_valid_xml (path, "domain");
}

void
pvm_helper_test_assert_valid_xml (const char *path, const char *schema)
{
  const char *argv[] = { "virt-xml-validate", path, schema, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_autofree char *text = NULL;
    g_file_get_contents (path, &text, NULL, NULL);
    g_test_message ("virt-xml-validate refused %s:\n%s%s\n%s", path, out, err, text);
    g_test_fail ();
  }
}

struct PvmTestSerial {
  int fd;
  GString *output;
  gsize match_end;
  char *last;
  FILE *log;
};

PvmTestSerial *
pvm_test_serial_new (int fd, const char *name)
{
  PvmTestSerial *serial = g_new0 (PvmTestSerial, 1);
  const char *dir = g_getenv ("PVM_TEST_LOG_DIR");
  g_autofree char *path =
    g_strdup_printf ("%s/%s.serial.log", dir ? dir : g_get_tmp_dir (), name);

  serial->fd = fd;
  serial->output = g_string_new (NULL);
  serial->log = fopen (path, "w");
  if (serial->log)
    g_test_message ("serial log: %s", path);
  return serial;
}

/* Reads what arrives within @timeout_ms. Returns the byte count, 0 if none came, -1 at end. */
static ssize_t
serial_read (PvmTestSerial *serial, int timeout_ms)
{
  struct pollfd pfd = { .fd = serial->fd, .events = POLLIN };
  char buf[4096];

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return 0;
  ssize_t n = read (serial->fd, buf, sizeof buf);
  if (n > 0) {
    g_string_append_len (serial->output, buf, n);
    if (serial->log) {
      fwrite (buf, 1, (size_t) n, serial->log);
      fflush (serial->log);
    }
    return n;
  }
  return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

gboolean
pvm_test_serial_expect (PvmTestSerial *serial, const char *text, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  for (;;) {
    const char *found = strstr (serial->output->str + serial->match_end, text);
    if (found) {
      gsize end = (gsize) (found - serial->output->str);
      g_free (serial->last);
      serial->last = g_strndup (serial->output->str + serial->match_end,
                                end - serial->match_end);
      serial->match_end = end + strlen (text);
      return TRUE;
    }
    gint64 left = deadline - g_get_monotonic_time ();
    if (left <= 0 || serial_read (serial, (int) MIN (left / 1000 + 1, 100)) < 0)
      break;
  }
  g_test_message ("expected \"%s\"; the output since the last match was:\n%s", text,
                  serial->output->str + serial->match_end);
  return FALSE;
}

gboolean
pvm_test_serial_quiet_for (PvmTestSerial *serial, double seconds)
{
  gsize before = serial->output->len;
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    if (serial_read (serial, 50) != 0)
      break;
  return serial->output->len == before;
}

gboolean
pvm_test_serial_wait_for_end (PvmTestSerial *serial, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    if (serial_read (serial, 50) < 0)
      return TRUE;
  return FALSE;
}

void
pvm_test_serial_send (PvmTestSerial *serial, const char *text)
{
  size_t len = strlen (text);

  while (len > 0) {
    ssize_t n = write (serial->fd, text, len);
    if (n < 0 && errno == EINTR)
      continue;
    g_assert_cmpint (n, >, 0);
    text += n;
    len -= (size_t) n;
  }
}

gboolean
pvm_test_serial_wait_for_shell (PvmTestSerial *serial, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline) {
    pvm_test_serial_send (serial, "\n");
    if (pvm_test_serial_expect (serial, "pvm# ", 2.0))
      return TRUE;
  }
  return FALSE;
}

gboolean
pvm_test_serial_run (PvmTestSerial *serial, const char *command, double timeout_s)
{
  /* The marker is computed by the shell, so the echo of the command line never matches. */
  g_autofree char *line = g_strdup_printf ("%s; echo done-$((40+2))\n", command);

  pvm_test_serial_send (serial, line);
  if (!pvm_test_serial_expect (serial, "done-42", timeout_s))
    return FALSE;
  g_autofree char *output = g_strdup (pvm_test_serial_last_output (serial));
  gboolean prompt = pvm_test_serial_expect (serial, "pvm# ", timeout_s); /* then all is quiet */
  g_free (serial->last);
  serial->last = g_steal_pointer (&output);
  return prompt;
}

const char *
pvm_test_serial_last_output (PvmTestSerial *serial)
{
  return serial->last ? serial->last : "";
}

int
pvm_test_serial_get_fd (PvmTestSerial *serial)
{
  return serial->fd;
}

void
pvm_test_serial_free (PvmTestSerial *serial)
{
  if (!serial)
    return;
  close (serial->fd);
  if (serial->log)
    fclose (serial->log);
  g_string_free (serial->output, TRUE);
  g_free (serial->last);
  g_free (serial);
}

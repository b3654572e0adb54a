/* console.c: drives a pvm-vmm process through its serial console, for integration tests. */
#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct PvmTestConsole {
  GPid pid;
  int in_fd, out_fd;
  GString *output;  /* everything read so far */
  gsize match_end;  /* where the next expect starts looking */
  char *last;       /* output between the two last matches */
  FILE *log;
  gboolean exited;
  int status;
};

static const char *
vmm_path (void)
{
  const char *path = g_getenv ("PVM_VMM");
  g_assert_nonnull (path);
  return path;
}

/* In the child: dies with the test, so that a failed assertion leaves no VMM behind holding
 * meson's pipes open. */
static void
console_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

PvmTestConsole *
pvm_test_console_start (const char *name, const char *const *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  PvmTestConsole *con = g_new0 (PvmTestConsole, 1);

  g_ptr_array_add (args, (char *) vmm_path ());
  for (; *argv; argv++)
    g_ptr_array_add (args, (char *) *argv);
  g_ptr_array_add (args, NULL);

  gboolean ok = g_spawn_async_with_pipes (NULL, (char **) args->pdata, NULL,
                                          G_SPAWN_DO_NOT_REAP_CHILD, console_child_setup, NULL, &con->pid,
                                          &con->in_fd, &con->out_fd, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  fcntl (con->out_fd, F_SETFL, fcntl (con->out_fd, F_GETFL) | O_NONBLOCK);

  con->output = g_string_new (NULL);
  const char *dir = g_getenv ("PVM_TEST_LOG_DIR");
  g_autofree char *log_path =
    g_strdup_printf ("%s/%s.serial.log", dir ? dir : g_get_tmp_dir (), name);
  con->log = fopen (log_path, "w");
  if (con->log)
    g_test_message ("serial log: %s", log_path);
  return con;
}

/* Reads what is available, waiting at most @timeout_ms. Returns the number of bytes read,
 * 0 if none came in time, -1 at end of file. */
static ssize_t
console_read (PvmTestConsole *con, int timeout_ms)
{
  struct pollfd pfd = { .fd = con->out_fd, .events = POLLIN };
  char buf[4096];

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return 0;
  ssize_t n = read (con->out_fd, buf, sizeof buf);
  if (n > 0) {
    g_string_append_len (con->output, buf, n);
    if (con->log) {
      fwrite (buf, 1, n, con->log);
      fflush (con->log);
    }
    return n;
  }
  return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

gboolean
pvm_test_console_expect (PvmTestConsole *con, const char *text, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  for (;;) {
    const char *found = strstr (con->output->str + con->match_end, text);
    if (found) {
      gsize start = con->match_end;
      gsize end = found - con->output->str;
      g_free (con->last);
      con->last = g_strndup (con->output->str + start, end - start);
      con->match_end = end + strlen (text);
      return TRUE;
    }
    gint64 left = deadline - g_get_monotonic_time ();
    if (left <= 0)
      break;
    if (console_read (con, (int) MIN (left / 1000 + 1, 100)) < 0)
      break;
  }
  g_test_message ("expected \"%s\"; the output since the last match was:\n%s", text,
                  con->output->str + con->match_end);
  return FALSE;
}

void
pvm_test_console_send (PvmTestConsole *con, const char *text)
{
  gsize len = strlen (text);
  while (len > 0) {
    ssize_t n = write (con->in_fd, text, len);
    if (n < 0 && errno == EINTR)
      continue;
    g_assert_cmpint (n, >, 0);
    text += n;
    len -= n;
  }
}

int
pvm_test_console_wait (PvmTestConsole *con, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!con->exited) {
    int status;
    pid_t r = waitpid (con->pid, &status, WNOHANG);
    if (r == con->pid) {
      con->exited = TRUE;
      con->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
      break;
    }
    if (g_get_monotonic_time () > deadline) {
      kill (con->pid, SIGKILL);
      waitpid (con->pid, NULL, 0);
      con->exited = TRUE;
      return -1;
    }
    console_read (con, 20);
  }
  while (console_read (con, 0) > 0)
    ;
  return con->status;
}

const char *
pvm_test_console_last_output (PvmTestConsole *con)
{
  return con->last ? con->last : "";
}

void
pvm_test_console_free (PvmTestConsole *con)
{
  if (!con->exited) {
    kill (con->pid, SIGKILL);
    waitpid (con->pid, NULL, 0);
  }
  g_spawn_close_pid (con->pid);
  close (con->in_fd);
  close (con->out_fd);
  if (con->log)
    fclose (con->log);
  g_string_free (con->output, TRUE);
  g_free (con->last);
  g_free (con);
}

char *
pvm_test_guest_dir (void)
{
  const char *env = g_getenv ("PVM_GUEST_DIR");
  g_autofree char *dir =
    env ? g_strdup (env) : g_build_filename (g_get_home_dir (), ".cache", "pvm", "guest", "current", NULL);
  g_autofree char *image = g_build_filename (dir, "Image", NULL);

  if (!g_file_test (image, G_FILE_TEST_EXISTS)) {
    g_test_message ("the default guest is not built in %s: run tools/build-guest", dir);
    g_test_fail ();
    return NULL;
  }
  return g_steal_pointer (&dir);
}

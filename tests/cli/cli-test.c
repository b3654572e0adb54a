/* cli-test.c: running pvmctl in the tests. */
#include "cli-test.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

const char *
pvm_test_cli_pvmctl (void)
{
  const char *path = g_getenv ("PVMCTL");

  g_assert_nonnull (path);
  return path;
}

GSubprocessLauncher *
pvm_test_cli_launcher (const char *bus_address, const char *const *env, GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  if (bus_address)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  g_subprocess_launcher_setenv (launcher, "PVM_DEFAULT_URI", "pvm:///session", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "VISUAL");
  g_subprocess_launcher_unsetenv (launcher, "EDITOR");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  for (guint i = 0; env && env[i]; i++) {
    g_auto (GStrv) pair = g_strsplit (env[i], "=", 2);
    g_subprocess_launcher_setenv (launcher, pair[0], pair[1] ? pair[1] : "", TRUE);
  }
  return launcher;
}

static char **
cli_argv (const char *const *argv)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, pvm_test_cli_pvmctl ());
  g_strv_builder_addv (b, (const char **) argv);
  return g_strv_builder_end (b);
}

static int
cli_status (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);
  return 128 + g_subprocess_get_term_sig (process);
}

static void
cli_on_communicated (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
cli_on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

PvmTestCliRun *
pvm_test_cli_run_full (const char *bus_address, const char *const *env, const char *input,
                       const char *const *argv)
{
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                           (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0);
  g_autoptr (GSubprocessLauncher) launcher = pvm_test_cli_launcher (bus_address, env, flags);
  g_auto (GStrv) args = cli_argv (argv);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *line = g_strjoinv (" ", args);
  gboolean timed_out = FALSE;
  PvmTestCliRun *run = g_new0 (PvmTestCliRun, 1);

  g_test_message ("$ %s", line);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args, &error);
  g_assert_no_error (error);

  g_main_context_push_thread_default (context);
  g_autoptr (GSource) timeout = g_timeout_source_new_seconds ((guint) PVM_TEST_CLI_TIMEOUT);
  g_source_set_callback (timeout, cli_on_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);
  g_subprocess_communicate_utf8_async (process, input, NULL, cli_on_communicated, &result);
  while (!result && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (!result) {
    g_subprocess_force_exit (process);
    while (!result)
      g_main_context_iteration (context, TRUE);
  }
  g_main_context_pop_thread_default (context);
  g_assert_false (timed_out);

  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  run->status = cli_status (process);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
  return run;
}

void
pvm_test_cli_assert_ok (PvmTestCliRun *run)
{
  if (run->status != 0)
    g_test_message ("pvmctl failed: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
}

void
pvm_test_cli_assert_fails (PvmTestCliRun *run, int status, const char *fragment)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "pvmctl: "));
  const char *end = strchr (run->err, '\n');
  g_assert_nonnull (end);
  g_autofree char *first = g_strndup (run->err, (gsize) (end - run->err));
  g_assert_nonnull (strstr (first, fragment));
  g_assert_null (strstr (first, "org.pvm.Hypervisor1.Error")); /* the sentence, not the name */
  g_assert_null (strstr (first, "GDBus.Error"));
}

JsonNode *
pvm_test_cli_json (PvmTestCliRun *run)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (run->out, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

void
pvm_test_cli_run_free (PvmTestCliRun *run)
{
  if (!run)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/* ---- interactive runs ---- */

struct PvmTestCliSession {
  GSubprocess *process;
  int in_fd;  /* what pvmctl reads */
  int out_fd; /* what pvmctl writes */
  int tty;    /* the pty's slave, or -1 */
  GString *output;
  gsize match_end;
};

PvmTestCliSession *
pvm_test_cli_session_new (const char *bus_address, const char *const *env, gboolean pty,
                          const char *const *argv)
{
  PvmTestCliSession *s = g_new0 (PvmTestCliSession, 1);
  g_autoptr (GSubprocessLauncher) launcher = pvm_test_cli_launcher (
    bus_address, env, pty ? 0 : G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_auto (GStrv) args = cli_argv (argv);
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strjoinv (" ", args);

  s->output = g_string_new (NULL);
  s->tty = -1;
  if (pty) {
    int master, slave;
    struct winsize size = { .ws_row = 24, .ws_col = 80 };
    g_assert_cmpint (openpty (&master, &slave, NULL, NULL, &size), ==, 0);
    fcntl (master, F_SETFD, FD_CLOEXEC);
    fcntl (slave, F_SETFD, FD_CLOEXEC);
    g_subprocess_launcher_take_stdin_fd (launcher, dup (slave));
    g_subprocess_launcher_take_stdout_fd (launcher, dup (slave));
    g_subprocess_launcher_take_stderr_fd (launcher, dup (slave));
    s->in_fd = master;
    s->out_fd = dup (master);
    s->tty = slave;
  }
  g_test_message ("$ %s%s", line, pty ? " (on a pty)" : " (on pipes)");
  s->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args, &error);
  g_assert_no_error (error);
  if (!pty) {
    s->in_fd = dup (g_unix_output_stream_get_fd (
      G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (s->process))));
    s->out_fd = dup (g_unix_input_stream_get_fd (
      G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (s->process))));
    g_output_stream_close (g_subprocess_get_stdin_pipe (s->process), NULL, NULL);
    g_input_stream_close (g_subprocess_get_stdout_pipe (s->process), NULL, NULL);
  }
  return s;
}

gboolean
pvm_test_cli_session_expect (PvmTestCliSession *s, const char *text, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  for (;;) {
    const char *found = strstr (s->output->str + s->match_end, text);
    if (found) {
      s->match_end = (gsize) (found - s->output->str) + strlen (text);
      return TRUE;
    }
    gint64 left = deadline - g_get_monotonic_time ();
    struct pollfd p = { .fd = s->out_fd, .events = POLLIN };
    if (left <= 0 || poll (&p, 1, (int) (left / 1000) + 1) <= 0)
      break;
    char buffer[4096];
    ssize_t n = read (s->out_fd, buffer, sizeof buffer);
    if (n <= 0)
      break;
    g_string_append_len (s->output, buffer, n);
  }
  g_test_message ("waited in vain for “%s”; since the last match:\n%s", text,
                  s->output->str + s->match_end);
  return FALSE;
}

gboolean
pvm_test_cli_session_wait_for_shell (PvmTestCliSession *s, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline) {
    pvm_test_cli_session_send (s, "\r");
    if (pvm_test_cli_session_expect (s, "pvm# ", 2.0))
      return TRUE;
  }
  return FALSE;
}

void
pvm_test_cli_session_send (PvmTestCliSession *s, const char *text)
{
  gsize length = strlen (text);

  while (length > 0) {
    ssize_t n = write (s->in_fd, text, length);
    if (n < 0 && errno == EINTR)
      continue;
    g_assert_cmpint (n, >, 0);
    text += n;
    length -= (gsize) n;
  }
}

void
pvm_test_cli_session_close_input (PvmTestCliSession *s)
{
  g_assert_cmpint (s->tty, ==, -1);
  close (s->in_fd);
  s->in_fd = -1;
}

int
pvm_test_cli_session_get_tty (PvmTestCliSession *s)
{
  return s->tty;
}

GSubprocess *
pvm_test_cli_session_get_process (PvmTestCliSession *s)
{
  return s->process;
}

int
pvm_test_cli_session_wait (PvmTestCliSession *s, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (g_subprocess_get_identifier (s->process) && g_get_monotonic_time () < deadline) {
    /* Keep reading, so that pvmctl never blocks on a full pipe. */
    struct pollfd p = { .fd = s->out_fd, .events = POLLIN };
    char buffer[4096];
    if (poll (&p, 1, 20) > 0 && (p.revents & POLLIN)) {
      ssize_t n = read (s->out_fd, buffer, sizeof buffer);
      if (n > 0)
        g_string_append_len (s->output, buffer, n);
    }
  }
  if (g_subprocess_get_identifier (s->process)) {
    g_subprocess_force_exit (s->process);
    g_subprocess_wait (s->process, NULL, NULL);
    return -1;
  }
  g_subprocess_wait (s->process, NULL, NULL);
  return cli_status (s->process);
}

void
pvm_test_cli_session_free (PvmTestCliSession *s)
{
  if (!s)
    return;
  if (g_subprocess_get_identifier (s->process)) {
    g_subprocess_force_exit (s->process);
    g_subprocess_wait (s->process, NULL, NULL);
  }
  g_object_unref (s->process);
  if (s->in_fd >= 0)
    close (s->in_fd);
  close (s->out_fd);
  if (s->tty >= 0)
    close (s->tty);
  g_string_free (s->output, TRUE);
  g_free (s);
}

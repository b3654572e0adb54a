/* test-run-app.c: the README's first command, tools/run from the source tree, on this build.
 * On a desktop — an X display and a session bus on which no pvmd answers — it ends with
 * pvm-manager open on the built-in default machine, running in the pvmd that tools/run
 * started on that bus; without a display it boots the same guest on its terminal. */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <X11/X.h>
#include <X11/keysym.h>

#include "helper-test.h"
#include "pvmd-test.h"
#include "ui-test.h"

/* Before the guest starts, tools/run checks the packages (all installed), the cached guest and
 * the build (ninja: nothing to do after tools/test's full build), which takes a while on a
 * busy machine; more if ninja finds targets beyond this test's out of date. */
#define RUN_READY_TIMEOUT 420.0
#define UI_TIMEOUT 30.0

typedef struct {
  PvmUiTestSession ui;
  GSubprocess *run;   /* tools/run; pvm-manager once it has exec'd it */
  pid_t pvmd_pid;     /* the pvmd tools/run started, 0 until it answers */
  PvmDomain *domain;  /* "default", once tools/run has defined it */
} RunApp;

/* In the child: end with the test, however the test ends. */
static void
run_dies_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts tools/run with no arguments, as the README says, on $PVM_BUILD_DIR; @env holds name,
 * value pairs to set on top of this process's environment (a NULL value unsets). Its
 * standard input and output are @stdio (taken; -1 for /dev/null and this test's stderr, as
 * stdout is TAP), its standard error this test's. */
static GSubprocess *
run_spawn (const char *const *env, int stdio)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  const char *script = g_getenv ("PVM_RUN");
  GSubprocess *run;

  g_assert_nonnull (script);
  g_assert_nonnull (g_getenv ("PVM_BUILD_DIR"));
  g_subprocess_launcher_set_child_setup (launcher, run_dies_with_test, NULL, NULL);
  /* The test process unwinds slowly under ASan for lsan.supp; what tools/run starts does not. */
  g_subprocess_launcher_unsetenv (launcher, "ASAN_OPTIONS");
  for (guint i = 0; env[i]; i += 2) {
    if (env[i + 1])
      g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
    else
      g_subprocess_launcher_unsetenv (launcher, env[i]);
  }
  if (stdio >= 0) {
    g_subprocess_launcher_take_stdin_fd (launcher, dup (stdio));
    g_subprocess_launcher_take_stdout_fd (launcher, stdio);
  } else {
    g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  }
  g_test_message ("running %s with PVM_BUILD_DIR=%s", script, g_getenv ("PVM_BUILD_DIR"));
  run = g_subprocess_launcher_spawn (launcher, &error, script, NULL);
  g_assert_no_error (error);
  return run;
}

/* Waits at most @timeout_s seconds for @run to end; returns whether it did. */
static gboolean
run_wait (GSubprocess *run, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  /* GSubprocess reaps in GLib's worker thread: the identifier goes once the process has. */
  while (g_subprocess_get_identifier (run) && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  return g_subprocess_get_identifier (run) == NULL;
}

/* Fails the test unless @run has ended with status 0. */
static void
run_assert_success (GSubprocess *run)
{
  g_assert_true (g_subprocess_wait (run, NULL, NULL));
  g_assert_true (g_subprocess_get_if_exited (run));
  g_assert_cmpint (g_subprocess_get_exit_status (run), ==, 0);
}

/* ---- with a display ---- */

static void
run_app_set_up (RunApp *r, gconstpointer dir)
{
  pvm_ui_test_session_start_pvmd (&r->ui, dir);
  /* A desktop session whose pvmd is not running: the bus stays, the suite's pvmd goes. */
  pvm_test_pvmd_stop (&r->ui.pvmd, SIGTERM);
  g_autofree char *pidfile = g_build_filename (r->ui.pvmd.dir, "pvmd.pid", NULL);
  g_unlink (pidfile);
  pvm_ui_test_session_start_display (&r->ui);
}

/* Returns the pid that owns pvmd's name on the session bus, or 0 if none does. */
static pid_t
run_app_pvmd_pid (RunApp *r)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    r->ui.pvmd.connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
    "org.freedesktop.DBus", "GetConnectionUnixProcessID",
    g_variant_new ("(s)", "org.pvm.Hypervisor1"), G_VARIANT_TYPE ("(u)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  guint32 pid = 0;

  if (reply)
    g_variant_get (reply, "(u)", &pid);
  return (pid_t) pid;
}

/* Waits until a pvmd answers on the session bus, failing the test if tools/run ends first
 * or none answers in time; records its pid for the janitor and lists its objects. */
static void
run_app_wait_for_pvmd (RunApp *r)
{
  PvmTestPvmd *f = &r->ui.pvmd;
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + (gint64) (RUN_READY_TIMEOUT * G_USEC_PER_SEC);
  g_autoptr (GError) error = NULL;

  while (!(r->pvmd_pid = run_app_pvmd_pid (r)) && g_get_monotonic_time () < deadline) {
    if (!g_subprocess_get_identifier (r->run)) {
      g_subprocess_wait (r->run, NULL, NULL);
      g_test_fail_printf ("tools/run ended (status %d) before a pvmd answered on the bus",
                          g_subprocess_get_status (r->run));
      return;
    }
    g_usleep (100 * 1000);
  }
  g_assert_cmpint (r->pvmd_pid, >, 0);
  g_test_message ("pvmd (pid %d) answered %.1f s after tools/run started", (int) r->pvmd_pid,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_autofree char *pidfile = g_build_filename (f->dir, "pvmd.pid", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) r->pvmd_pid);
  g_assert_true (g_file_set_contents (pidfile, pid, -1, NULL));

  f->manager = pvm_object_manager_client_new_sync (
    f->connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START, "org.pvm.Hypervisor1",
    "/org/pvm/Hypervisor1", NULL, &error);
  g_assert_no_error (error);
  f->host = PVM_HOST (g_dbus_object_manager_get_interface (
    f->manager, "/org/pvm/Hypervisor1/Host", "org.pvm.Hypervisor1.Host"));
  g_assert_nonnull (f->host);
  g_assert_cmpstr (pvm_host_get_mode (f->host), ==, "session");
}

/* Waits until pvmd lists the domain @name and returns it (a new reference). */
static PvmDomain *
run_app_wait_for_domain (RunApp *r, const char *name)
{
  PvmDomain *domain = pvm_test_wait_for_domain (r->ui.pvmd.manager, name, UI_TIMEOUT);

  g_assert_nonnull (domain);
  return domain;
}

/* Presses Ctrl+Q in the app, as a user who is done with it. */
static void
run_app_press_quit (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (
    atspi_generate_keyboard_event (ControlMask, NULL, ATSPI_KEY_LOCKMODIFIERS, &error));
  g_assert_no_error (error);
  pvm_ui_test_press_key (XK_q);
  g_assert_true (
    atspi_generate_keyboard_event (ControlMask, NULL, ATSPI_KEY_UNLOCKMODIFIERS, &error));
  g_assert_no_error (error);
}

/* Ends the pvmd tools/run started (this test reaps it: it became this process's child when
 * the app, its parent, ended) and waits for its name to leave the bus. */
static void
run_app_stop_pvmd (RunApp *r)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  int status = 0;
  pid_t reaped = 0;

  g_assert_cmpint (kill (r->pvmd_pid, SIGTERM), ==, 0);
  while ((reaped = waitpid (r->pvmd_pid, &status, WNOHANG)) == 0 &&
         g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpint (reaped, ==, r->pvmd_pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  r->pvmd_pid = 0;
  while (run_app_pvmd_pid (r) != 0 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpint (run_app_pvmd_pid (r), ==, 0);
}

static void
test_run_with_a_display_opens_the_app_on_the_default_machine_running (RunApp *r,
                                                                       gconstpointer dir)
{
  PvmTestPvmd *f = &r->ui.pvmd;
  g_autoptr (GError) error = NULL;

  if (!r->ui.a11y)
    return; /* skipped: no Xvfb or no AT-SPI */
  /* The user's cache (the default guest) and home stay; pvmd's definitions, disks and
   * sockets go to this test's directory. */
  g_autofree char *config = g_build_filename (f->dir, "config", NULL);
  g_autofree char *data = g_build_filename (f->dir, "data", NULL);
  const char *const env[] = {
    "DISPLAY", pvm_ui_test_display_get_name (r->ui.display),
    "WAYLAND_DISPLAY", NULL,
    "XDG_CONFIG_HOME", config,
    "XDG_DATA_HOME", data,
    "XDG_RUNTIME_DIR", f->runtime,
    NULL,
  };

  /* pvmd outlives the app, its parent: this process, not init, inherits and reaps it. */
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 1), ==, 0);
  g_assert_cmpint (run_app_pvmd_pid (r), ==, 0);
  gint64 started = g_get_monotonic_time ();
  r->run = run_spawn (env, -1);
  run_app_wait_for_pvmd (r);
  if (!r->pvmd_pid)
    return;

  r->domain = run_app_wait_for_domain (r, "default");
  pvm_test_domain_wait_for_state (r->domain, "running");
  g_assert_cmpstr (pvm_domain_get_mode (r->domain), ==, "pv");
  g_assert_cmpuint (pvm_domain_get_vcpus (r->domain), ==, 2);
  g_assert_cmpuint (pvm_domain_get_memory_mib (r->domain), ==, 256);

  /* With a session bus tools/run execs pvm-manager: the app has tools/run's pid. */
  r->ui.app_pid = (GPid) atoi (g_subprocess_get_identifier (r->run));
  r->ui.app = pvm_ui_test_find_app (r->ui.app_pid, 60.0);
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (r->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) host = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LIST_ITEM, "This Computer, Session", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (host, ATSPI_STATE_SELECTED));
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (&r->ui, "default", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) details = pvm_ui_test_wait_for (
    row, ATSPI_ROLE_LABEL, "Paravirtualized · 2 CPUs · 256 MiB", FALSE, UI_TIMEOUT);
  pvm_ui_test_wait_for_row_state (&r->ui, "default", "Running", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) shutdown =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Shut Down", FALSE, UI_TIMEOUT);
  g_test_message ("the app showed default running %.1f s after tools/run started",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  pvm_ui_test_display_screenshot (r->ui.display, "ui-run-app-default-running");

  run_app_press_quit ();
  g_assert_true (run_wait (r->run, UI_TIMEOUT));
  run_assert_success (r->run);
  r->ui.app_pid = 0;
  g_clear_object (&r->ui.app);

  /* The machine runs in pvmd, not in the app. */
  g_assert_cmpstr (pvm_domain_get_state (r->domain), ==, "running");
  pvm_test_domain_destroy (r->domain);
  g_assert_true (pvm_domain_call_undefine_sync (r->domain, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&r->domain);
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  while ((r->domain = pvm_test_find_domain (r->ui.pvmd.manager, "default")) &&
         g_get_monotonic_time () < deadline) {
    g_clear_object (&r->domain);
    pvm_test_iterate ();
  }
  g_assert_null (r->domain);
  run_app_stop_pvmd (r);
}

static void
run_app_tear_down (RunApp *r, gconstpointer dir)
{
  g_clear_object (&r->domain);
  g_clear_object (&r->ui.pvmd.host);
  g_clear_object (&r->ui.pvmd.manager);
  if (r->run && g_subprocess_get_identifier (r->run)) {
    g_subprocess_force_exit (r->run);
    g_subprocess_wait (r->run, NULL, NULL);
    r->ui.app_pid = 0;
  }
  g_clear_object (&r->run);
  if (r->pvmd_pid > 0) {
    kill (r->pvmd_pid, SIGTERM);
    waitpid (r->pvmd_pid, NULL, 0);
  }
  pvm_ui_test_session_tear_down (&r->ui, dir);
}

/* ---- on a terminal ---- */

static void
test_run_without_a_display_boots_the_default_guest_on_the_terminal (gconstpointer dir)
{
  const char *const env[] = { "DISPLAY", NULL, "WAYLAND_DISPLAY", NULL, NULL };
  int terminal, user_side;

  /* A terminal, as a user's: pvm-vmm takes it raw and gives it back. */
  g_assert_cmpint (openpty (&terminal, &user_side, NULL, NULL, NULL), ==, 0);
  fcntl (terminal, F_SETFD, FD_CLOEXEC);
  g_autoptr (GSubprocess) run = run_spawn (env, user_side);
  g_autoptr (PvmTestSerial) serial = pvm_test_serial_new (terminal, "run-terminal");

  /* The kernel's first line: tools/run has set up, built and started the guest. */
  g_assert_true (pvm_test_serial_expect (serial, "Linux version", RUN_READY_TIMEOUT));
  g_assert_true (pvm_test_serial_wait_for_shell (serial, PVM_TEST_BOOT_TIMEOUT));
  g_assert_true (pvm_test_serial_run (serial, "grep -c ^processor /proc/cpuinfo",
                                      PVM_TEST_CMD_TIMEOUT));
  g_autofree char *count = g_strstrip (g_strdup (pvm_test_serial_last_output (serial)));
  char *last_line = strrchr (count, '\n');
  g_assert_cmpstr (g_strstrip (last_line ? last_line + 1 : count), ==, "2");

  /* Ctrl-A x, the terminal's way out that tools/run names. */
  pvm_test_serial_send (serial, "\001x");
  g_assert_true (pvm_test_serial_wait_for_end (serial, PVM_TEST_CMD_TIMEOUT));
  g_assert_true (run_wait (run, PVM_TEST_CMD_TIMEOUT));
  run_assert_success (run);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = pvm_ui_test_init (&argc, &argv, "run-app");

  g_test_add ("/ui/run/with-a-display-opens-the-app-on-the-default-machine-running", RunApp,
              dir, run_app_set_up,
              test_run_with_a_display_opens_the_app_on_the_default_machine_running,
              run_app_tear_down);
  g_test_add_data_func ("/ui/run/without-a-display-boots-the-default-guest-on-the-terminal", dir,
                        test_run_without_a_display_boots_the_default_guest_on_the_terminal);
  return g_test_run ();
}

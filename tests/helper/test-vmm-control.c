/* test-vmm-control.c: pvm-vmm with --control and --serial-socket, driven through org.pvm.Vmm1
 * with the generated proxy while the default guest runs: state, pause, resume, reset, quit,
 * the power button, the guest's own poweroff and reboot (with --on-reboot=exit), and a peer
 * of another user refused. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/console.h"
#include "common/pvm-error.h"
#include "common/pvm-vmm1.h"
#include "helper-test.h"

#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 60.0

typedef struct {
  char *dir, *control, *serial_path;
  GSubprocess *vmm;
  GDBusConnection *connection;
  PvmVmm1 *proxy;
  PvmTestSerial *serial;
  gboolean finished;
  int finished_status;
  char *finished_reason;
} Fixture;

static void
on_finished (PvmVmm1 *proxy, int status, const char *reason, Fixture *f)
{
  f->finished = TRUE;
  f->finished_status = status;
  f->finished_reason = g_strdup (reason);
}

static int
serial_connect (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  return fd;
}

/* In the VMM: it dies with the test, even when an assertion aborts the test. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
control_address (const char *path)
{
  g_autofree char *escaped = g_dbus_address_escape_value (path);
  return g_strconcat ("unix:path=", escaped, NULL);
}

/* Boots the default guest under pvm-vmm (with the extra option @data, or none) and connects
 * to its control and serial sockets. In a test's subprocess nothing is set up. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (g_test_subprocess ())
    return;
  g_autofree char *guest = pvm_test_guest_dir ();
  if (!guest)
    return;
  f->dir = g_dir_make_tmp ("pvm-vmm-XXXXXX", &error);
  g_assert_no_error (error);
  f->control = g_build_filename (f->dir, "control", NULL);
  f->serial_path = g_build_filename (f->dir, "serial", NULL);

  g_autofree char *kernel = g_strdup_printf ("--kernel=%s/Image", guest);
  g_autofree char *initrd = g_strdup_printf ("--initrd=%s/initramfs.cpio.gz", guest);
  g_autofree char *control = g_strdup_printf ("--control=%s", f->control);
  g_autofree char *serial = g_strdup_printf ("--serial-socket=%s", f->serial_path);
  const char *argv[] = {
    g_getenv ("PVM_VMM"), kernel, initrd, "--append=console=ttyS0 quiet", "--memory=256M",
    control, serial, data, NULL,
  };
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->vmm = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* The control socket appears once the machine is built. */
  g_autofree char *address = control_address (f->control);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!f->connection && g_get_monotonic_time () < deadline) {
    g_clear_error (&error);
    f->connection = g_dbus_connection_new_for_address_sync (
      address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL, &error);
    if (!f->connection)
      g_usleep (20 * 1000);
  }
  g_assert_no_error (error);
  f->proxy = pvm_vmm1_proxy_new_sync (f->connection, G_DBUS_PROXY_FLAGS_NONE, NULL,
                                      "/org/pvm/Vmm1", NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (f->proxy, "finished", G_CALLBACK (on_finished), f);

  f->serial = pvm_test_serial_new (serial_connect (f->serial_path), "vmm-control");
  g_assert_true (pvm_test_serial_wait_for_shell (f->serial, BOOT_TIMEOUT));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->serial, pvm_test_serial_free);
  g_clear_object (&f->proxy);
  if (f->connection)
    g_dbus_connection_close_sync (f->connection, NULL, NULL);
  g_clear_object (&f->connection);
  if (f->vmm) {
    g_subprocess_force_exit (f->vmm);
    g_subprocess_wait (f->vmm, NULL, NULL);
    g_clear_object (&f->vmm);
  }
  if (f->dir) {
    const char *argv[] = { "rm", "-rf", f->dir, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  NULL, NULL);
  }
  g_free (f->finished_reason);
  g_free (f->dir);
  g_free (f->control);
  g_free (f->serial_path);
}

/* Runs the default main context until @state is the proxy's State, for at most 5 s. */
static void
wait_for_state (Fixture *f, const char *state)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_strcmp0 (pvm_vmm1_get_state (f->proxy), state) != 0 &&
         g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpstr (pvm_vmm1_get_state (f->proxy), ==, state);
}

static int
wait_for_exit (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (g_subprocess_wait (f->vmm, NULL, &error));
  g_assert_no_error (error);
  while (!f->finished && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (g_subprocess_get_if_exited (f->vmm));
  return g_subprocess_get_exit_status (f->vmm);
}

static void
test_state_and_serial_console (Fixture *f, gconstpointer data)
{
  if (!f->proxy)
    return;
  g_assert_cmpstr (pvm_vmm1_get_state (f->proxy), ==, "running");
  g_assert_true (pvm_test_serial_run (f->serial, "echo $((6*7)) > /tmp/a; cat /tmp/a",
                                      CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (f->serial), "42"));

  /* A second client sees the same console. */
  g_autoptr (PvmTestSerial) second = pvm_test_serial_new (serial_connect (f->serial_path),
                                                          "vmm-control-second");
  pvm_test_serial_send (f->serial, "echo from-$((1+1))-clients\n");
  g_assert_true (pvm_test_serial_expect (second, "from-2-clients", CMD_TIMEOUT));
  g_assert_true (pvm_test_serial_expect (f->serial, "from-2-clients", CMD_TIMEOUT));
}

static void
test_pause_and_resume (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!f->proxy)
    return;
  g_assert_true (pvm_vmm1_call_pause_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  wait_for_state (f, "paused");

  /* A paused guest does not even echo what it is sent. */
  pvm_test_serial_send (f->serial, "echo resumed-$((40+2))\n");
  g_assert_true (pvm_test_serial_quiet_for (f->serial, 1.5));

  g_assert_false (pvm_vmm1_call_pause_sync (f->proxy, NULL, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (pvm_vmm1_call_resume_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  wait_for_state (f, "running");
  g_assert_true (pvm_test_serial_expect (f->serial, "resumed-42", CMD_TIMEOUT));

  g_assert_false (pvm_vmm1_call_resume_sync (f->proxy, NULL, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_BUSY);
}

static void
test_reset_reboots_the_guest (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!f->proxy)
    return;
  g_assert_true (pvm_test_serial_run (f->serial, "echo before > /tmp/mark", CMD_TIMEOUT));
  g_assert_true (pvm_vmm1_call_reset_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pvm_test_serial_expect (f->serial, "pvm-guest: init reached", BOOT_TIMEOUT));
  g_assert_true (pvm_test_serial_wait_for_shell (f->serial, BOOT_TIMEOUT));
  /* The initramfs is fresh: the file written before the reset is gone. */
  g_assert_true (pvm_test_serial_run (f->serial, "cat /tmp/mark 2>&1", CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (f->serial), "No such file"));
  g_assert_cmpstr (pvm_vmm1_get_state (f->proxy), ==, "running");
}

static void
test_quit_ends_the_process (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!f->proxy)
    return;
  g_assert_true (pvm_vmm1_call_quit_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait_for_exit (f), ==, 0);
  g_assert_true (f->finished);
  g_assert_cmpint (f->finished_status, ==, 0);
  g_assert_cmpstr (f->finished_reason, ==, "pvm-vmm was stopped on request");
  g_assert_false (g_file_test (f->control, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->serial_path, G_FILE_TEST_EXISTS));
}

static void
test_guest_poweroff_is_reported (Fixture *f, gconstpointer data)
{
  if (!f->proxy)
    return;
  pvm_test_serial_send (f->serial, "poweroff -f\n");
  g_assert_cmpint (wait_for_exit (f), ==, 0);
  g_assert_true (f->finished);
  g_assert_cmpint (f->finished_status, ==, 0);
  g_assert_cmpstr (f->finished_reason, ==, "The guest powered off");
}

/* Where the test tells its subprocess the control socket's path (setenv is not safe once
 * GDBus runs threads). */
static char *
handover_path (pid_t parent)
{
  g_autofree char *name = g_strdup_printf ("pvm-vmm-control-test-%d", (int) parent);
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
test_power_button_powers_the_guest_off (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!f->proxy)
    return;
  g_assert_true (pvm_vmm1_call_pause_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  wait_for_state (f, "paused");
  g_assert_false (pvm_vmm1_call_power_button_sync (f->proxy, NULL, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (pvm_vmm1_call_resume_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  wait_for_state (f, "running");

  g_assert_true (pvm_vmm1_call_power_button_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pvm_test_serial_expect (f->serial, "pvm-guest: power key pressed, powering off",
                                         CMD_TIMEOUT));
  g_assert_cmpint (wait_for_exit (f), ==, 0);
  g_assert_cmpstr (f->finished_reason, ==, "The guest powered off");
}

static void
test_a_guest_reboot_ends_the_process_with_on_reboot_exit (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!f->proxy)
    return;
  /* Reset from the control interface still resets. */
  g_assert_true (pvm_vmm1_call_reset_sync (f->proxy, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pvm_test_serial_expect (f->serial, "pvm-guest: init reached", BOOT_TIMEOUT));
  g_assert_true (pvm_test_serial_wait_for_shell (f->serial, BOOT_TIMEOUT));

  pvm_test_serial_send (f->serial, "reboot -f\n");
  g_assert_cmpint (wait_for_exit (f), ==, 125);
  g_assert_true (f->finished);
  g_assert_cmpint (f->finished_status, ==, 125);
  g_assert_cmpstr (f->finished_reason, ==, "The guest rebooted");
}

static void
test_another_user_is_refused (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ()) {
    g_autoptr (GError) error = NULL;
    g_autofree char *handover = handover_path (getppid ());
    g_autofree char *control = NULL;
    g_assert_true (g_file_get_contents (handover, &control, NULL, NULL));
    g_autofree char *address = control_address (control);

    g_assert_cmpint (setgid (65534), ==, 0);
    g_assert_cmpint (setuid (65534), ==, 0);
    GDBusConnection *connection = g_dbus_connection_new_for_address_sync (
      address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL, &error);
    g_assert_null (connection);
    g_assert_nonnull (error);
    g_test_message ("refused: %s", error->message);
    return;
  }
  if (!f->proxy)
    return;
  if (geteuid () != 0) {
    g_test_skip ("only root can connect as another user");
    return;
  }
  /* Let the other user reach the socket, so that only the VMM's own check stands. */
  g_assert_cmpint (chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (chmod (f->control, 0777), ==, 0);
  g_autofree char *handover = handover_path (getpid ());
  g_assert_true (g_file_set_contents (handover, f->control, -1, NULL));
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unlink (handover);
  g_test_trap_assert_passed ();

  /* Its own user still gets through. */
  g_autoptr (GError) error = NULL;
  g_autofree char *address = control_address (f->control);
  g_autoptr (GDBusConnection) again = g_dbus_connection_new_for_address_sync (
    address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_close_sync (again, NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */
#define ADD(path, func) \
  g_test_add ("/helper/vmm-control/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("reports-running-and-serves-the-console-to-several-clients",
       test_state_and_serial_console);
  ADD ("pause-stops-the-guest-and-resume-restarts-it", test_pause_and_resume);
  ADD ("reset-reboots-the-guest", test_reset_reboots_the_guest);
  ADD ("quit-ends-the-process-after-saying-why", test_quit_ends_the_process);
  ADD ("a-guest-poweroff-is-reported-before-the-process-ends", test_guest_poweroff_is_reported);
  ADD ("a-peer-of-another-user-is-refused", test_another_user_is_refused);
  ADD ("the-power-button-is-busy-while-paused-and-powers-the-guest-off",
       test_power_button_powers_the_guest_off);
  g_test_add ("/helper/vmm-control/a-guest-reboot-ends-the-process-with-on-reboot-exit", Fixture,
              "--on-reboot=exit", fixture_set_up,
              test_a_guest_reboot_ends_the_process_with_on_reboot_exit, fixture_tear_down);
#undef ADD
  return g_test_run ();
}

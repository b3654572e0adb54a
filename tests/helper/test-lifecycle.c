/* test-lifecycle.c: a domain's life beyond Start and Destroy, with the default guest on a
 * private bus: Shutdown and Reboot through the power button, calls made while a Reboot
 * restarts the VMM (they wait for the new one, and State stays "running"), the on_crash,
 * on_reboot and on_poweroff actions of the definition (with the limit on restarts after
 * crashes), a VMM that dies with the reboot status without saying so (a crash), and autostart
 * across pvmd restarts.
 */
#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "pvmd-test.h"

/* Defines the default guest as @name with @extra (lifecycle elements) in its <domain>. */
static PvmDomain *
define_guest_with (PvmTestPvmd *f, const char *name, const char *extra)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_test_pvmd_guest_xml (f, name, NULL, 256);
  g_autofree char *path = NULL;
  char *end = strstr (xml, "</domain>");

  g_assert_nonnull (end);
  *end = '\0';
  g_autofree char *full = g_strconcat (xml, extra, "</domain>", NULL);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, full, &path, NULL, &error));
  g_assert_no_error (error);
  return pvm_test_pvmd_get_domain (f, path);
}

/* Returns the pid of the pvm-vmm that runs @domain now, or -1 if it has none (or it is
 * between two): asks for its serial port and reads the peer's credentials. Does not wait for
 * the guest. */
static pid_t
domain_vmm_pid (PvmDomain *domain)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  struct ucred cred;
  socklen_t len = sizeof cred;

  if (!pvm_domain_call_open_serial_sync (domain, "", NULL, &handle, &fds, NULL, &error))
    return -1;
  int fd = g_unix_fd_list_get (fds, g_variant_get_handle (handle), &error);
  g_assert_no_error (error);
  int r = getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
  close (fd);
  return r == 0 ? cred.pid : -1;
}

/* Waits until a pvm-vmm other than @old runs @domain and returns its pid. */
static pid_t
wait_for_new_vmm (PvmDomain *domain, pid_t old)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_STATE_TIMEOUT * G_USEC_PER_SEC);
  pid_t pid = -1;

  while (g_get_monotonic_time () < deadline) {
    pvm_test_iterate ();
    if (g_strcmp0 (pvm_domain_get_state (domain), "running") != 0)
      continue;
    pid = domain_vmm_pid (domain);
    if (pid > 0 && pid != old)
      return pid;
    g_usleep (50 * 1000);
  }
  g_assert_cmpint (pid, !=, old);
  g_assert_cmpint (pid, >, 0);
  return pid;
}

/* Waits until @domain's Autostart property reads @autostart, else fails the test. */
static void
wait_for_autostart (PvmDomain *domain, gboolean autostart)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (pvm_domain_get_autostart (domain) != autostart && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (pvm_domain_get_autostart (domain), ==, autostart);
}

/* Records every State a domain shows. */
static void
on_state (GObject *domain, GParamSpec *pspec, GString *seen)
{
  g_string_append_printf (seen, "%s ", pvm_domain_get_state (PVM_DOMAIN (domain)));
}

static void
test_shutdown_powers_the_guest_off_cleanly (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "shutdown");

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-shutdown");
  g_assert_true (pvm_test_serial_run (serial, "echo ready-$((6*7))", PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), "ready-42"));

  g_assert_true (pvm_domain_call_shutdown_sync (domain, NULL, &error));
  g_assert_no_error (error);
  /* The guest's handler says so, syncs, and the kernel powers the machine off. */
  g_assert_true (pvm_test_serial_expect (serial, "pvm-guest: power key pressed, powering off",
                                         PVM_TEST_CMD_TIMEOUT));
  g_assert_true (pvm_test_serial_expect (serial, "reboot: Power down", PVM_TEST_CMD_TIMEOUT));
  pvm_test_domain_wait_for_state (domain, "shutoff");
  g_assert_cmpstr (pvm_domain_get_state_reason (domain), ==, "The guest powered off");
  g_assert_true (pvm_test_serial_wait_for_end (serial, 10.0));
}

static void
test_reboot_brings_the_guest_back (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "reboot");
  g_autoptr (GString) seen = g_string_new ("");

  pvm_test_domain_start (domain);
  pid_t first;
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-reboot");
    first = pvm_test_serial_peer_pid (serial);
    g_assert_true (pvm_test_serial_run (serial, "echo before > /tmp/mark", PVM_TEST_CMD_TIMEOUT));
    g_signal_connect (domain, "notify::state", G_CALLBACK (on_state), seen);
    g_assert_true (pvm_domain_call_reboot_sync (domain, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (pvm_test_serial_expect (serial, "pvm-guest: power key pressed",
                                           PVM_TEST_CMD_TIMEOUT));
    g_assert_true (pvm_test_serial_wait_for_end (serial, PVM_TEST_STATE_TIMEOUT));
  }
  pvm_test_domain_wait_for_reason (domain, "The guest was rebooted on request");
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "running");

  /* A new boot of the same domain: the shell answers, /tmp is fresh. */
  g_autoptr (PvmTestSerial) again = pvm_test_domain_open_serial (domain, "lifecycle-reboot-2");
  g_assert_cmpint (pvm_test_serial_peer_pid (again), !=, first);
  g_assert_true (pvm_test_serial_run (again, "cat /tmp/mark; echo after-$((1+1))",
                                      PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (again), "after-2"));
  g_assert_null (strstr (pvm_test_serial_last_output (again), "before"));
  g_signal_handlers_disconnect_by_data (domain, seen);
  g_test_message ("states seen: %s", seen->str);
  g_assert_null (strstr (seen->str, "shutoff"));
  pvm_test_domain_destroy (domain);
}

/* Returns the pid of the VMM behind a new OpenSerial of @domain; fails the test if the call
 * fails. */
static pid_t
open_serial_peer (PvmDomain *domain)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  struct ucred cred;
  socklen_t len = sizeof cred;

  if (!pvm_domain_call_open_serial_sync (domain, "", NULL, &handle, &fds, NULL, &error))
    g_test_message ("OpenSerial failed: %s", error->message);
  g_assert_no_error (error);
  int fd = g_unix_fd_list_get (fds, g_variant_get_handle (handle), &error);
  g_assert_no_error (error);
  g_assert_cmpint (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len), ==, 0);
  close (fd);
  return cred.pid;
}

static void
test_calls_during_a_reboot_wait_for_the_new_vmm (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "steady");
  g_autoptr (GString) seen = g_string_new ("");

  pvm_test_domain_start (domain);
  pid_t first;
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-steady");
    first = pvm_test_serial_peer_pid (serial);
  }
  g_signal_connect (domain, "notify::state", G_CALLBACK (on_state), seen);
  g_assert_true (pvm_domain_call_reboot_sync (domain, NULL, &error));
  g_assert_no_error (error);

  /* OpenSerial again and again, through the guest's poweroff, the old VMM's end and the new
   * one's start: every call succeeds, on the old VMM until it goes, then on the new one. */
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_BOOT_TIMEOUT * G_USEC_PER_SEC);
  guint calls = 0;
  pid_t pid = first;
  while (pid == first && g_get_monotonic_time () < deadline) {
    pid = open_serial_peer (domain);
    calls++;
    pvm_test_iterate ();
  }
  g_test_message ("%u calls until the new VMM answered", calls);
  g_assert_cmpint (pid, !=, first);
  g_assert_cmpuint (calls, >, 1);
  /* The new VMM runs the next call too, and State never left "running". */
  g_assert_cmpint (open_serial_peer (domain), ==, pid);
  pvm_test_domain_wait_for_reason (domain, "The guest was rebooted on request");
  g_signal_handlers_disconnect_by_data (domain, seen);
  g_test_message ("states seen: %s", seen->str);
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "running");
  g_assert_null (strstr (seen->str, "shutoff"));
  g_assert_null (strstr (seen->str, "paused"));
  g_autoptr (PvmTestSerial) again = pvm_test_domain_open_serial (domain, "lifecycle-steady-2");
  g_assert_true (pvm_test_serial_run (again, "echo new-$((3*3))", PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (again), "new-9"));
  pvm_test_domain_destroy (domain);
}

static void
test_calls_waiting_for_a_failed_restart_say_why (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kernel = g_build_filename (f->dir, "Image", NULL);
  g_autofree char *image = g_build_filename (f->guest, "Image", NULL);
  g_autofree char *bytes = NULL;
  gsize len;

  /* The domain boots a copy of the kernel, which goes while it runs: its restart fails. */
  g_assert_true (g_file_get_contents (image, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (kernel, bytes, (gssize) len, NULL));
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>doomed</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
    "<os><type>linux</type><kernel>%s</kernel><initrd>%s/initramfs.cpio.gz</initrd>"
    "<cmdline>console=ttyS0 quiet</cmdline></os></domain>", kernel, f->guest);
  g_autofree char *path = NULL;
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);
  pvm_test_domain_start (domain);
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-doomed");
  }
  g_assert_cmpint (g_unlink (kernel), ==, 0);
  g_assert_true (pvm_domain_call_reboot_sync (domain, NULL, &error));
  g_assert_no_error (error);

  /* Calls succeed on the old VMM; the first that fails waited for the restart and says why
   * it did not come. */
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_BOOT_TIMEOUT * G_USEC_PER_SEC);
  for (;;) {
    g_autoptr (GVariant) handle = NULL;
    g_autoptr (GUnixFDList) fds = NULL;
    if (!pvm_domain_call_open_serial_sync (domain, "", NULL, &handle, &fds, NULL, &error))
      break;
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    g_usleep (5 * 1000);
  }
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Domain 'doomed' is not running: It did "
                             "not start");
  g_assert_nonnull (strstr (error->message, "Image"));
  pvm_test_domain_wait_for_state (domain, "shutoff");
}

static void
test_shutdown_and_reboot_need_a_running_domain (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "stopped");

  g_assert_false (pvm_domain_call_shutdown_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Domain 'stopped' is not running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_reboot_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Domain 'stopped' is not running");
  g_clear_error (&error);

  pvm_test_domain_start (domain);
  g_assert_true (pvm_domain_call_pause_sync (domain, NULL, &error));
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (domain, "paused");
  g_assert_false (pvm_domain_call_shutdown_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Domain 'stopped' is paused");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_reboot_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is paused");
  g_clear_error (&error);
  pvm_test_domain_destroy (domain);
}

static void
test_on_crash_restart_restarts_a_killed_vmm (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = define_guest_with (f, "phoenix", "<on_crash>restart</on_crash>");

  pvm_test_domain_start (domain);
  pid_t first;
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-phoenix");
    first = pvm_test_serial_peer_pid (serial);
    g_assert_cmpint (kill (first, SIGKILL), ==, 0);
    g_assert_true (pvm_test_serial_wait_for_end (serial, 10.0));
  }
  pvm_test_domain_wait_for_reason (domain, "Restarted after a crash: pvm-vmm was killed by "
                                           "signal 9");
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "running");
  g_autoptr (PvmTestSerial) again = pvm_test_domain_open_serial (domain, "lifecycle-phoenix-2");
  g_assert_cmpint (pvm_test_serial_peer_pid (again), !=, first);
  g_assert_true (pvm_test_serial_run (again, "echo back-$((5*5))", PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (again), "back-25"));
  pvm_test_domain_destroy (domain);
}

static void
test_restarts_after_crashes_are_limited (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = define_guest_with (f, "loop", "<on_crash>restart</on_crash>");

  pvm_test_domain_start (domain);
  pid_t pid = domain_vmm_pid (domain);
  g_assert_cmpint (pid, >, 0);
  for (int i = 0; i < 3; i++) {
    g_test_message ("crash %d: killing pvm-vmm %d", i + 1, (int) pid);
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
    pid = wait_for_new_vmm (domain, pid);
    pvm_test_domain_wait_for_reason (domain, "Restarted after a crash");
  }
  g_test_message ("crash 4: killing pvm-vmm %d", (int) pid);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  pvm_test_domain_wait_for_state (domain, "crashed");
  pvm_test_domain_wait_for_reason (domain, "not restarted again: it was restarted 3 times after "
                                           "crashes within 60 s");
  g_assert_nonnull (strstr (pvm_domain_get_state_reason (domain), "signal 9"));

  /* A Start by hand begins a new count. */
  pvm_test_domain_start (domain);
  pid = domain_vmm_pid (domain);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  wait_for_new_vmm (domain, pid);
  pvm_test_domain_destroy (domain);
}

static void
test_on_reboot_destroy_ends_the_domain (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = define_guest_with (f, "once", "<on_reboot>destroy</on_reboot>");

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-once");
  pvm_test_serial_send (serial, "reboot -f\n");
  pvm_test_domain_wait_for_state (domain, "shutoff");
  g_assert_cmpstr (pvm_domain_get_state_reason (domain), ==, "The guest rebooted");
  g_assert_true (pvm_test_serial_wait_for_end (serial, 10.0));

  /* Reboot still restarts it: the guest powers off, which on_reboot does not govern. */
  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) second = pvm_test_domain_open_serial (domain, "lifecycle-once-2");
  pid_t first = pvm_test_serial_peer_pid (second);
  g_autoptr (GError) error = NULL;
  g_assert_true (pvm_domain_call_reboot_sync (domain, NULL, &error));
  g_assert_no_error (error);
  wait_for_new_vmm (domain, first);
  pvm_test_domain_destroy (domain);
}

static void
test_on_poweroff_restart_starts_it_again (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = define_guest_with (f, "again",
                                                    "<on_poweroff>restart</on_poweroff>");

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-again");
  pid_t first = pvm_test_serial_peer_pid (serial);
  pvm_test_serial_send (serial, "poweroff -f\n");
  g_assert_true (pvm_test_serial_wait_for_end (serial, PVM_TEST_STATE_TIMEOUT));
  wait_for_new_vmm (domain, first);
  pvm_test_domain_wait_for_reason (domain, "on_poweroff is restart");
  pvm_test_domain_destroy (domain);
}

/* pvm-vmm behind a wrapper that ends with status 125 — the reboot status — once the real VMM
 * is killed: the VMM died without saying why, and that is a crash. */
static void
test_a_vmm_dying_with_the_reboot_status_is_a_crash (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *wrapper = g_build_filename (f->dir, "pvm-vmm-125", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n'%s' \"$@\" &\nwait $!\nexit 125\n",
                                             g_getenv ("PVM_VMM"));
  g_autofree char *real = g_strdup (g_getenv ("PVM_VMM"));

  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
  pvm_test_pvmd_stop (f, SIGTERM);
  g_setenv ("PVM_VMM", wrapper, TRUE);
  pvm_test_pvmd_start (f);
  g_setenv ("PVM_VMM", real, TRUE);

  /* on_reboot destroy: pvm-vmm runs with --on-reboot=exit, for which 125 is a reboot. */
  g_autoptr (PvmDomain) domain = define_guest_with (f, "wrapped",
                                                    "<on_reboot>destroy</on_reboot>");
  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "lifecycle-wrapped");
  pid_t vmm = pvm_test_serial_peer_pid (serial);
  g_assert_cmpint (kill (vmm, SIGKILL), ==, 0);

  pvm_test_domain_wait_for_state (domain, "crashed");
  g_test_message ("reason: %s", pvm_domain_get_state_reason (domain));
  g_assert_null (strstr (pvm_domain_get_state_reason (domain), "reboot"));
}

static void
test_autostart_starts_the_domain_with_pvmd (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "auto");
  g_autofree char *path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));
  g_autofree char *link = g_strdup_printf ("%s/autostart/%s.xml", f->store,
                                           pvm_domain_get_uuid (domain));

  g_assert_false (pvm_domain_get_autostart (domain));
  g_assert_true (pvm_domain_call_set_autostart_sync (domain, TRUE, NULL, &error));
  g_assert_no_error (error);
  wait_for_autostart (domain, TRUE);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_REGULAR)); /* it leads to the definition */

  /* pvmd starts it when it starts. */
  g_clear_object (&domain);
  pvm_test_pvmd_stop (f, SIGTERM);
  pvm_test_pvmd_start (f);
  domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_true (pvm_domain_get_autostart (domain));
  pvm_test_domain_wait_for_state (domain, "running");
  g_assert_cmpstr (pvm_domain_get_state_reason (domain), ==,
                   "Started when pvmd started (autostart)");
  pid_t pid = domain_vmm_pid (domain);
  g_assert_cmpint (pid, >, 0);

  /* A pvmd that finds it running re-attaches to it and starts no second one. */
  g_clear_object (&domain);
  pvm_test_pvmd_stop (f, SIGTERM);
  pvm_test_pvmd_start (f);
  domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "running");
  for (int i = 0; i < 20; i++)
    pvm_test_iterate ();
  g_assert_cmpint (domain_vmm_pid (domain), ==, pid);
  g_assert_cmpint (kill (pid, 0), ==, 0);

  /* Unset, it stays off. */
  g_assert_true (pvm_domain_call_set_autostart_sync (domain, FALSE, NULL, &error));
  g_assert_no_error (error);
  wait_for_autostart (domain, FALSE);
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS));
  pvm_test_domain_destroy (domain);
  g_clear_object (&domain);
  pvm_test_pvmd_stop (f, SIGTERM);
  pvm_test_pvmd_start (f);
  domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_false (pvm_domain_get_autostart (domain));
  gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until) {
    pvm_test_iterate ();
    g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");
  }
  g_assert_cmpint (domain_vmm_pid (domain), ==, -1);

  /* Undefining forgets the link too. */
  g_assert_true (pvm_domain_call_set_autostart_sync (domain, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pvm_domain_call_undefine_sync (domain, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-lifecycle-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func)                                                                          \
  g_test_add ("/helper/lifecycle/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func,         \
              pvm_test_pvmd_tear_down)
  ADD ("shutdown-powers-the-guest-off-cleanly", test_shutdown_powers_the_guest_off_cleanly);
  ADD ("reboot-brings-the-guest-back-in-the-same-running-domain",
       test_reboot_brings_the_guest_back);
  ADD ("calls-during-a-reboot-wait-for-the-new-vmm-while-state-stays-running",
       test_calls_during_a_reboot_wait_for_the_new_vmm);
  ADD ("calls-waiting-for-a-restart-that-fails-say-why",
       test_calls_waiting_for_a_failed_restart_say_why);
  ADD ("shutdown-and-reboot-are-busy-unless-the-domain-runs",
       test_shutdown_and_reboot_need_a_running_domain);
  ADD ("on-crash-restart-brings-a-killed-vmm-back", test_on_crash_restart_restarts_a_killed_vmm);
  ADD ("restarts-after-crashes-stop-after-three-within-a-minute",
       test_restarts_after_crashes_are_limited);
  ADD ("on-reboot-destroy-ends-the-domain-when-the-guest-reboots",
       test_on_reboot_destroy_ends_the_domain);
  ADD ("on-poweroff-restart-starts-it-again", test_on_poweroff_restart_starts_it_again);
  ADD ("a-vmm-dying-with-the-reboot-status-without-saying-so-is-a-crash",
       test_a_vmm_dying_with_the_reboot_status_is_a_crash);
  ADD ("autostart-starts-the-domain-with-pvmd-once-and-unset-leaves-it-off",
       test_autostart_starts_the_domain_with_pvmd);
#undef ADD
  return g_test_run ();
}

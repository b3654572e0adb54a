/* test-pvmctl-guest.c: pvmctl with the default guest running — create --start, console
 * through pipes and through a pseudo-terminal (raw mode, Ctrl+C for the guest, Ctrl+]
 * detaches, the terminal restored, SIGTERM), pause and resume, shutdown, reboot and destroy.
 */
#include <signal.h>
#include <string.h>
#include <termios.h>

#include "cli-test.h"
#include "common/pvm-error.h"
#include "pvmd-test.h"

#define BUS(f) g_test_dbus_get_bus_address ((f)->bus)
#define RUN(f, ...) pvm_test_cli_run (BUS (f), __VA_ARGS__)

/* Creates the default guest as @name and starts it with one pvmctl create --start. */
static void
create_and_start (PvmTestPvmd *f, const char *name)
{
  g_autofree char *guest = g_strdup_printf ("PVM_GUEST_DIR=%s", f->guest);
  const char *env[] = { guest, NULL };
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (
    BUS (f), env, NULL,
    (const char *const[]) { "create", "--name", name, "--default-guest", "--cmdline",
                            "console=ttyS0 quiet", "--start", NULL });

  pvm_test_cli_assert_ok (run);
  g_autofree char *started = g_strdup_printf ("Domain '%s' started\n", name);
  g_assert_nonnull (strstr (run->out, started));
}

/* Returns @name's State as pvmctl --json info says it. */
static char *
state_of (PvmTestPvmd *f, const char *name)
{
  g_autoptr (PvmTestCliRun) run = RUN (f, "--json", "info", name);
  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "state"));
}

/* Waits until @name's State is @state, asking pvmctl. */
static void
wait_for_state (PvmTestPvmd *f, const char *name, const char *state)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_BOOT_TIMEOUT * G_USEC_PER_SEC);
  g_autofree char *now = NULL;

  do {
    g_free (now);
    now = state_of (f, name);
    if (strcmp (now, state) == 0)
      return;
    g_usleep (200 * 1000);
  } while (g_get_monotonic_time () < deadline);
  g_assert_cmpstr (now, ==, state);
}

static PvmTestCliSession *
console (PvmTestPvmd *f, const char *name, gboolean pty)
{
  const char *argv[] = { "console", name, NULL };
  PvmTestCliSession *session = pvm_test_cli_session_new (BUS (f), NULL, pty, argv);

  g_assert_true (pvm_test_cli_session_wait_for_shell (session, PVM_TEST_BOOT_TIMEOUT));
  return session;
}

static void
test_console_through_pipes (PvmTestPvmd *f, gconstpointer data)
{
  create_and_start (f, "piped");

  g_autoptr (PvmTestCliSession) session = console (f, "piped", FALSE);
  pvm_test_cli_session_send (session, "echo answer-$((6*7))\n");
  g_assert_true (pvm_test_cli_session_expect (session, "answer-42", PVM_TEST_CMD_TIMEOUT));
  g_assert_true (pvm_test_cli_session_expect (session, "pvm# ", PVM_TEST_CMD_TIMEOUT));
  /* A byte 0xff reaches the guest as typed: the serial socket's escape byte is doubled. (It
   * is read by a program, as the shell's line editor would show it as '?'.) */
  pvm_test_cli_session_send (session, "head -c 5 | od -An -tx1\n");
  pvm_test_cli_session_send (session, "ab\xff" "cd\n");
  g_assert_true (pvm_test_cli_session_expect (session, "61 62 ff 63 64", PVM_TEST_CMD_TIMEOUT));
  g_assert_true (pvm_test_cli_session_expect (session, "pvm# ", PVM_TEST_CMD_TIMEOUT));
  /* Ctrl+] detaches: what follows it never reaches the guest. */
  pvm_test_cli_session_send (session, "\x1d" "echo never\n");
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 0);

  /* The end of standard input detaches too; the guest runs on and saw no "never". */
  g_autoptr (PvmTestCliSession) second = console (f, "piped", FALSE);
  pvm_test_cli_session_send (second, "echo said-$((1+1))\n");
  g_assert_true (pvm_test_cli_session_expect (second, "said-2", PVM_TEST_CMD_TIMEOUT));
  pvm_test_cli_session_close_input (second);
  g_assert_cmpint (pvm_test_cli_session_wait (second, 10.0), ==, 0);
  g_autofree char *state = state_of (f, "piped");
  g_assert_cmpstr (state, ==, "running");
}

static void
test_console_on_a_terminal (PvmTestPvmd *f, gconstpointer data)
{
  struct termios before, during, after;

  create_and_start (f, "tty");
  const char *argv[] = { "console", "tty", NULL };
  g_autoptr (PvmTestCliSession) session = pvm_test_cli_session_new (BUS (f), NULL, TRUE, argv);
  int tty = pvm_test_cli_session_get_tty (session);
  g_assert_cmpint (tcgetattr (tty, &before), ==, 0);
  g_assert_true (before.c_lflag & ICANON);

  g_assert_true (pvm_test_cli_session_expect (session, "Ctrl+] detaches", 30.0));
  g_assert_true (pvm_test_cli_session_wait_for_shell (session, PVM_TEST_BOOT_TIMEOUT));
  g_assert_cmpint (tcgetattr (tty, &during), ==, 0);
  g_assert_false (during.c_lflag & (ICANON | ECHO | ISIG)); /* raw */

  /* Ctrl+C goes to the guest, which interrupts its command; pvmctl stays. */
  pvm_test_cli_session_send (session, "sleep 600\r");
  g_usleep (500 * 1000);
  pvm_test_cli_session_send (session, "\x03");
  g_assert_true (pvm_test_cli_session_expect (session, "pvm# ", PVM_TEST_CMD_TIMEOUT));
  pvm_test_cli_session_send (session, "echo still-$((2*3))\r");
  g_assert_true (pvm_test_cli_session_expect (session, "still-6", PVM_TEST_CMD_TIMEOUT));

  pvm_test_cli_session_send (session, "\x1d");
  g_assert_true (pvm_test_cli_session_expect (session, "Detached from domain 'tty'", 10.0));
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 0);
  g_assert_cmpint (tcgetattr (tty, &after), ==, 0);
  g_assert_cmpint (after.c_lflag, ==, before.c_lflag);
  g_assert_cmpint (after.c_iflag, ==, before.c_iflag);
  g_assert_cmpint (after.c_oflag, ==, before.c_oflag);

  /* SIGTERM ends it with the terminal restored as well. */
  g_autoptr (PvmTestCliSession) killed = console (f, "tty", TRUE);
  g_subprocess_send_signal (pvm_test_cli_session_get_process (killed), SIGTERM);
  g_assert_cmpint (pvm_test_cli_session_wait (killed, 10.0), ==, 0);
  g_assert_cmpint (tcgetattr (pvm_test_cli_session_get_tty (killed), &after), ==, 0);
  g_assert_true (after.c_lflag & ICANON);
  g_assert_true (after.c_lflag & ECHO);
}

static void
test_pause_and_resume (PvmTestPvmd *f, gconstpointer data)
{
  create_and_start (f, "paused");
  g_autoptr (PvmTestCliSession) session = console (f, "paused", FALSE);

  g_autoptr (PvmTestCliRun) pause = RUN (f, "--json", "pause", "paused");
  pvm_test_cli_assert_ok (pause);
  g_autoptr (JsonNode) node = pvm_test_cli_json (pause);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==,
                   "paused");
  g_autoptr (PvmTestCliRun) listed = RUN (f, "list");
  g_assert_nonnull (strstr (listed->out, " paused "));

  pvm_test_cli_session_send (session, "echo back-$((40+2))\n");
  g_assert_false (pvm_test_cli_session_expect (session, "back-42", 1.0));
  g_autoptr (PvmTestCliRun) again = RUN (f, "pause", "paused");
  pvm_test_cli_assert_fails (again, 1, "Domain 'paused' is already paused");

  g_autoptr (PvmTestCliRun) resume = RUN (f, "resume", "paused");
  pvm_test_cli_assert_ok (resume);
  g_assert_cmpstr (resume->out, ==, "Domain 'paused' resumed\n");
  g_assert_true (pvm_test_cli_session_expect (session, "back-42", PVM_TEST_CMD_TIMEOUT));
}

static void
test_destroy_ends_the_console (PvmTestPvmd *f, gconstpointer data)
{
  create_and_start (f, "destroyed");
  g_autoptr (PvmTestCliSession) session = console (f, "destroyed", FALSE);

  g_autoptr (PvmTestCliRun) destroy = RUN (f, "destroy", "destroyed");
  pvm_test_cli_assert_ok (destroy);
  g_assert_cmpstr (destroy->out, ==, "Domain 'destroyed' destroyed\n");
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 0);
  g_autofree char *state = state_of (f, "destroyed");
  g_assert_cmpstr (state, ==, "shutoff");
  g_autoptr (PvmTestCliRun) info = RUN (f, "info", "destroyed");
  g_assert_nonnull (strstr (info->out, "Reason:       The domain was destroyed"));
}

static void
test_shutdown_powers_the_guest_off (PvmTestPvmd *f, gconstpointer data)
{
  create_and_start (f, "halted");
  {
    /* Once the shell runs, the guest's power-key handler does too. */
    g_autoptr (PvmTestCliSession) session = console (f, "halted", FALSE);
  }

  g_autoptr (PvmTestCliRun) run = RUN (f, "shutdown", "--wait", "halted");
  pvm_test_cli_assert_ok (run);
  g_assert_nonnull (strstr (run->out, "Domain 'halted' is shut off"));
  g_autofree char *state = state_of (f, "halted");
  g_assert_cmpstr (state, ==, "shutoff");

  g_autoptr (PvmTestCliRun) again = RUN (f, "shutdown", "halted");
  pvm_test_cli_assert_fails (again, 1, "Domain 'halted'");
}

static void
test_reboot_starts_the_guest_again (PvmTestPvmd *f, gconstpointer data)
{
  create_and_start (f, "rebooted");
  g_autoptr (PvmTestCliSession) session = console (f, "rebooted", FALSE);
  pvm_test_cli_session_send (session, "touch /tmp/before-reboot; echo marked\n");
  g_assert_true (pvm_test_cli_session_expect (session, "marked", PVM_TEST_CMD_TIMEOUT));

  g_autoptr (PvmTestCliRun) run = RUN (f, "reboot", "rebooted");
  pvm_test_cli_assert_ok (run);
  /* The old console closes with the old machine; a new one finds a fresh guest. */
  g_assert_cmpint (pvm_test_cli_session_wait (session, PVM_TEST_BOOT_TIMEOUT), ==, 0);
  wait_for_state (f, "rebooted", "running");
  /* Even while the new machine starts, the console waits for it rather than fail. */
  g_autoptr (PvmTestCliRun) probe = pvm_test_cli_run_full (
    BUS (f), NULL, "", (const char *const[]) { "console", "rebooted", NULL });
  pvm_test_cli_assert_ok (probe);
  g_autoptr (PvmTestCliSession) after = console (f, "rebooted", FALSE);
  pvm_test_cli_session_send (after, "ls /tmp/before-reboot || echo gone-$((1+1))\n");
  g_assert_true (pvm_test_cli_session_expect (after, "gone-2", PVM_TEST_CMD_TIMEOUT));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-cli-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark ();

#define ADD(path, func) \
  g_test_add ("/cli/guest/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("create-start-and-a-console-through-pipes-that-ctrl-bracket-detaches",
       test_console_through_pipes);
  ADD ("the-console-on-a-terminal-is-raw-and-restores-the-terminal",
       test_console_on_a_terminal);
  ADD ("pause-stops-the-guest-and-resume-lets-it-run", test_pause_and_resume);
  ADD ("destroy-stops-the-domain-and-ends-its-console", test_destroy_ends_the_console);
  ADD ("shutdown-wait-returns-once-the-guest-is-off", test_shutdown_powers_the_guest_off);
  ADD ("reboot-starts-a-fresh-guest", test_reboot_starts_the_guest_again);
#undef ADD
  return g_test_run ();
}

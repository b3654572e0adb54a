/* test-pv-boot.c: the default guest boots as a PV guest, answers on its serial console and
 * powers off — on one hart and on four, and through its init as on any Linux system. */
#include <glib.h>
#include <string.h>

#include "common/console.h"

#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 60.0

static PvmTestConsole *
boot_default_guest (const char *name, const char *smp)
{
  g_autofree char *dir = pvm_test_guest_dir ();
  if (!dir)
    return NULL;
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  g_autofree char *initrd = g_build_filename (dir, "initramfs.cpio.gz", NULL);
  const char *argv[] = {
    "--kernel", image, "--initrd", initrd, "--append", "console=ttyS0 quiet",
    "--memory", "256M", "--smp", smp, "--serial", "stdio", NULL,
  };
  PvmTestConsole *con = pvm_test_console_start (name, argv);

  if (!pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT)) {
    g_test_fail_printf ("the guest did not reach its init with --smp %s", smp);
    pvm_test_console_free (con);
    return NULL;
  }
  return con;
}

/* Runs @command in the guest shell and returns what it printed before @marker. */
static gboolean
run_command (PvmTestConsole *con, const char *command, const char *marker)
{
  g_autofree char *line = g_strdup_printf ("%s; echo %s-$((40+2))\n", command, marker);
  g_autofree char *end = g_strdup_printf ("%s-42", marker);
  pvm_test_console_send (con, line);
  return pvm_test_console_expect (con, end, CMD_TIMEOUT);
}

static void
power_off (PvmTestConsole *con)
{
  pvm_test_console_send (con, "poweroff -f\n");
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
}

static void
test_shell (const char *smp)
{
  g_autofree char *name = g_strdup_printf ("pv-boot-smp%s", smp);
  g_autoptr (PvmTestConsole) con = boot_default_guest (name, smp);
  if (!con)
    return;

  g_assert_true (run_command (con, "grep -c ^processor /proc/cpuinfo", "nproc"));
  g_autofree char *count = g_strstrip (g_strdup (pvm_test_console_last_output (con)));
  g_assert_true (g_str_has_suffix (count, smp));

  g_assert_true (run_command (con, "echo $((6*7)) > /tmp/answer; cat /tmp/answer", "cat"));
  g_assert_nonnull (strstr (pvm_test_console_last_output (con), "42"));

  power_off (con);
}

static void
test_shell_smp1 (void)
{
  test_shell ("1");
}

static void
test_shell_smp4 (void)
{
  test_shell ("4");
}

/* Four sha256sum processes at once, each over 8 MiB: every hart busy, the scheduler moving
 * work, IPIs and remote fences flowing. All four sums must be right. */
static void
test_parallel_workload (void)
{
  g_autoptr (PvmTestConsole) con = boot_default_guest ("pv-boot-parallel", "4");
  if (!con)
    return;

  g_assert_true (run_command (con,
                              "for i in 1 2 3 4; do "
                              "(head -c 8388608 /dev/zero | sha256sum > /tmp/sum$i) & done; "
                              "wait; cat /tmp/sum1 /tmp/sum2 /tmp/sum3 /tmp/sum4",
                              "sums"));
  const char *out = pvm_test_console_last_output (con);
  const char *expected = "2daeb1f36095b44b318410b3f4e8b5d989dcc7bb023d1426c492dab0a3053e74";
  unsigned found = 0;
  for (const char *p = strstr (out, expected); p; p = strstr (p + 1, expected))
    found++;
  g_assert_cmpuint (found, ==, 4);

  power_off (con);
}

/* A plain `poweroff` goes through the guest's init, which runs its shutdown script and ends
 * every process first; so does leaving the console's shell. */
static void
test_poweroff_through_init (void)
{
  g_autoptr (PvmTestConsole) con = boot_default_guest ("pv-boot-poweroff", "1");
  if (!con)
    return;
  pvm_test_console_send (con, "poweroff\n");
  g_assert_true (pvm_test_console_expect (con, "The system is going down", CMD_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "reboot: Power down", CMD_TIMEOUT));
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);

  g_autoptr (PvmTestConsole) again = boot_default_guest ("pv-boot-exit", "1");
  if (!again)
    return;
  pvm_test_console_send (again, "exit\n");
  g_assert_true (pvm_test_console_expect (again, "The system is going down", CMD_TIMEOUT));
  g_assert_cmpint (pvm_test_console_wait (again, CMD_TIMEOUT), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/integration/pv-boot/one-hart-shell-answers-and-powers-off", test_shell_smp1);
  g_test_add_func ("/integration/pv-boot/four-harts-shell-answers-and-powers-off", test_shell_smp4);
  g_test_add_func ("/integration/pv-boot/four-harts-run-a-parallel-workload", test_parallel_workload);
  g_test_add_func ("/integration/pv-boot/poweroff-and-leaving-the-shell-go-through-init",
                   test_poweroff_through_init);
  return g_test_run ();
}

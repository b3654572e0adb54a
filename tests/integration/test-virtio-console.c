/* test-virtio-console.c: the default guest with its console on a virtio console instead of the
 * UART — the shell answers there, long input arrives whole — and with a virtio entropy
 * device it reads from. */
#include <glib.h>
#include <string.h>

#include "common/console.h"

#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 120.0

/* The guest's name for the virtio console: hvc0, unless the kernel's SBI console
 * (CONFIG_HVC_RISCV_SBI) registered first and took it, which leaves hvc1. */
static char *
virtio_hvc (const char *guest_dir)
{
  g_autofree char *path = g_build_filename (guest_dir, "kernel.config", NULL);
  g_autofree char *config = NULL;

  if (g_file_get_contents (path, &config, NULL, NULL) &&
      strstr (config, "\nCONFIG_HVC_RISCV_SBI=y\n"))
    return g_strdup ("hvc1");
  return g_strdup ("hvc0");
}

static PvmTestConsole *
boot (const char *name, const char *const *extra, char **hvc)
{
  g_autofree char *dir = pvm_test_guest_dir ();
  if (!dir)
    return NULL;
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  g_autofree char *initrd = g_build_filename (dir, "initramfs.cpio.gz", NULL);
  g_autofree char *name_hvc = virtio_hvc (dir);
  g_autofree char *append = hvc ? g_strdup_printf ("console=%s", name_hvc)
                                : g_strdup ("console=ttyS0 quiet");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *fixed[] = { "--kernel", image, "--initrd", initrd, "--append", append,
                          "--memory", "256M" };

  for (unsigned i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (char *) fixed[i]);
  for (; *extra; extra++)
    g_ptr_array_add (argv, (char *) *extra);
  g_ptr_array_add (argv, NULL);

  PvmTestConsole *con = pvm_test_console_start (name, (const char *const *) argv->pdata);
  if (!pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT)) {
    g_test_fail_printf ("the guest did not reach its init");
    pvm_test_console_free (con);
    return NULL;
  }
  if (hvc)
    *hvc = g_steal_pointer (&name_hvc);
  return con;
}

static void
assert_command_prints (PvmTestConsole *con, const char *command, const char *expected)
{
  g_autofree char *line = g_strdup_printf ("%s; echo done-$((40+2))\n", command);

  pvm_test_console_send (con, line);
  g_assert_true (pvm_test_console_expect (con, "done-42", CMD_TIMEOUT));
  const char *out = pvm_test_console_last_output (con);
  if (!strstr (out, expected))
    g_error ("“%s” printed “%s”, without “%s”", command, out, expected);
}

static void
power_off (PvmTestConsole *con)
{
  pvm_test_console_send (con, "poweroff -f\n");
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
}

static void
test_the_shell_answers_on_the_virtio_console (void)
{
  const char *extra[] = { "--virtio-console", "stdio", NULL };
  g_autofree char *hvc = NULL;
  g_autoptr (PvmTestConsole) con = boot ("virtio-console", extra, &hvc);
  if (!con)
    return;
  g_autofree char *dev = g_strdup_printf ("/dev/%s", hvc);

  assert_command_prints (con, "cat /sys/class/tty/console/active", hvc);
  assert_command_prints (con, "tty", dev);

  /* Input longer than the guest's buffers and the chardev's arrives whole, in raw mode (the
   * shell's own line editor stops at 1024 bytes). */
  pvm_test_console_send (con, "stty -echo -icanon; echo go-$((1+1)); "
                              "dd bs=1 count=10000 2>/dev/null | md5sum | sed s/^/got=/; "
                              "stty echo icanon; echo done-$((40+2))\n");
  g_assert_true (pvm_test_console_expect (con, "go-2", CMD_TIMEOUT));
  g_autoptr (GString) input = g_string_new (NULL);
  for (unsigned i = 0; input->len < 10000; i++)
    g_string_append_printf (input, "%u,", i);
  g_string_truncate (input, 10000);
  pvm_test_console_send (con, input->str);
  g_assert_true (pvm_test_console_expect (con, "done-42", CMD_TIMEOUT));
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_MD5, input->str, input->len);
  g_autofree char *expected = g_strdup_printf ("got=%s", sum);
  g_assert_nonnull (strstr (pvm_test_console_last_output (con), expected));

  /* Output faster than a terminal reads keeps its order. */
  assert_command_prints (con, "seq 1 20000 | tail -n 1 | sed s/^/last=/", "last=20000");
  power_off (con);
}

static void
test_stdio_cannot_serve_both_consoles (void)
{
  const char *vmm = g_getenv ("PVM_VMM");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_nonnull (vmm);
  const char *argv[] = { vmm, "--kernel", "/nonexistent/Image", "--serial", "stdio",
                         "--virtio-console", "stdio", NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_cmpstr (err, ==,
                   "pvm-vmm: --serial stdio and --virtio-console stdio cannot be used together\n");
}

static void
test_the_guest_reads_entropy_from_the_host (void)
{
  const char *extra[] = { "--serial", "stdio", "--rng", NULL };
  g_autoptr (PvmTestConsole) con = boot ("virtio-rng", extra, NULL);
  if (!con)
    return;

  assert_command_prints (con, "cat /sys/class/misc/hw_random/rng_current", "virtio_rng.0");
  assert_command_prints (con, "dd if=/dev/hwrng bs=64 count=16 2>/dev/null | wc -c", "1024");
  /* 1 KiB of random bytes does not compress. */
  assert_command_prints (con, "[ $(dd if=/dev/hwrng bs=1024 count=1 2>/dev/null | gzip -c | "
                              "wc -c) -gt 1000 ] && echo incompressible-$((6*7))",
                         "incompressible-42");
  power_off (con);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/integration/virtio-console/the-shell-answers-on-the-virtio-console",
                   test_the_shell_answers_on_the_virtio_console);
  g_test_add_func ("/integration/virtio-console/stdio-cannot-serve-both-consoles",
                   test_stdio_cannot_serve_both_consoles);
  g_test_add_func ("/integration/virtio-rng/the-guest-reads-entropy-from-the-host",
                   test_the_guest_reads_entropy_from_the_host);
  return g_test_run ();
}

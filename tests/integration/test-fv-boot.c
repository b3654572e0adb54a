/* test-fv-boot.c: full virtualization — Debian's unmodified OpenSBI starts from the reset
 * vector and boots U-Boot (to its autoboot, or through the demo disk on virtio-blk to Linux)
 * or the default guest's kernel, to a shell, a reboot through the reset vector and a poweroff,
 * on one hart and on two; bad firmware is refused in one sentence, and a firmware stuck in a
 * trap loop is reported once while the machine runs on. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/console.h"

#define OPENSBI_DIR "/usr/lib/riscv64-linux-gnu/opensbi/generic"
#define UBOOT "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"

#define FIRMWARE_TIMEOUT 60.0
#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 60.0
/* pvm-vmm's own limit, so that no machine outlives a test that failed half-way */
#define VMM_TIMEOUT "600"

/* Returns @path if it exists; otherwise fails the test, naming what installs it. */
static const char *
need_file (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_test_message ("%s is missing: install Debian's opensbi and u-boot-qemu (tools/install-deps)",
                  path);
  g_test_fail ();
  return NULL;
}

/* Expects OpenSBI's banner and its report of @smp harts, all started by its HSM. Which hart
 * boots is not checked: fw_jump lets the harts race for it, as on real hardware. */
static gboolean
expect_opensbi (PvmTestConsole *con, const char *smp)
{
  g_autofree char *count = g_strdup_printf ("Platform HART Count       : %s", smp);
  const char *harts = strcmp (smp, "1") == 0 ? "Domain0 HARTs             : 0*\r\n"
                                             : "Domain0 HARTs             : 0*,1*\r\n";

  return pvm_test_console_expect (con, "OpenSBI v1.1", FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, count, FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, harts, FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, "Domain0 Next Address      : 0x0000000080200000",
                                  FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, "Domain0 Next Mode         : S-mode", FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, "Boot HART ID              : ", FIRMWARE_TIMEOUT);
}

/* U-Boot's banner, its countdown, and its prompt once every boot target has been tried. */
static gboolean
expect_uboot_autoboot (PvmTestConsole *con)
{
  return pvm_test_console_expect (con, "U-Boot 2023.01", FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, "Model: pvm,virt", FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, "Hit any key to stop autoboot", FIRMWARE_TIMEOUT) &&
         pvm_test_console_expect (con, "\n=> ", FIRMWARE_TIMEOUT);
}

static void
test_uboot (const char *smp)
{
  const char *fw = need_file (OPENSBI_DIR "/fw_dynamic.bin");
  const char *uboot = need_file (UBOOT);
  if (!fw || !uboot)
    return;
  g_autofree char *name = g_strdup_printf ("fv-boot-uboot-smp%s", smp);
  const char *argv[] = {
    "--firmware", fw, "--payload", uboot, "--memory", "256M", "--smp", smp,
    "--serial", "stdio", "--timeout", VMM_TIMEOUT, NULL,
  };
  g_autoptr (PvmTestConsole) con = pvm_test_console_start (name, argv);

  g_assert_true (expect_opensbi (con, smp));
  g_assert_true (expect_uboot_autoboot (con));

  /* U-Boot's reset goes through the SBI to OpenSBI's sifive-test reboot: the machine starts
   * again at the reset vector and the same firmware boots again. */
  pvm_test_console_send (con, "reset\r");
  g_assert_true (expect_opensbi (con, smp));
  g_assert_true (expect_uboot_autoboot (con));

  pvm_test_console_send (con, "poweroff\r");
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
}

static void
test_uboot_smp1 (void)
{
  test_uboot ("1");
}

static void
test_uboot_smp2 (void)
{
  test_uboot ("2");
}

/* Runs @command in the guest shell; TRUE once its output and the marker line came. */
static gboolean
run_command (PvmTestConsole *con, const char *command, const char *marker)
{
  g_autofree char *line = g_strdup_printf ("%s; echo %s-$((40+2))\n", command, marker);
  g_autofree char *end = g_strdup_printf ("%s-42", marker);

  pvm_test_console_send (con, line);
  return pvm_test_console_expect (con, end, CMD_TIMEOUT);
}

/* Expects the kernel under OpenSBI to reach the guest's shell and count @smp CPUs. */
static void
expect_kernel_shell (PvmTestConsole *con, const char *smp)
{
  g_autofree char *count = NULL;

  g_assert_true (expect_opensbi (con, smp));
  /* Linux talks to OpenSBI (implementation ID 1, version 1.1), not to pvm's own SBI. */
  g_assert_true (pvm_test_console_expect (con, "SBI implementation ID=0x1 Version=0x10001",
                                          BOOT_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT));
  g_assert_true (run_command (con, "grep -c ^processor /proc/cpuinfo", "nproc"));
  count = g_strstrip (g_strdup (pvm_test_console_last_output (con)));
  g_assert_true (g_str_has_suffix (count, smp));
}

/* The default guest's kernel as the payload of fw_jump: its SBI calls now go to OpenSBI. */
static void
test_kernel (const char *smp, gboolean reboot)
{
  const char *fw = need_file (OPENSBI_DIR "/fw_jump.bin");
  g_autofree char *dir = pvm_test_guest_dir ();
  if (!fw || !dir)
    return;
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  g_autofree char *initrd = g_build_filename (dir, "initramfs.cpio.gz", NULL);
  g_autofree char *name = g_strdup_printf ("fv-boot-kernel-smp%s", smp);
  const char *argv[] = {
    "--firmware", fw, "--payload", image, "--initrd", initrd, "--append", "console=ttyS0",
    "--memory", "256M", "--smp", smp, "--serial", "stdio", "--timeout", VMM_TIMEOUT, NULL,
  };
  g_autoptr (PvmTestConsole) con = pvm_test_console_start (name, argv);

  expect_kernel_shell (con, smp);
  g_assert_true (run_command (con, "echo $((6*7)) > /tmp/answer; cat /tmp/answer", "cat"));
  g_assert_nonnull (strstr (pvm_test_console_last_output (con), "42"));

  if (reboot) {
    pvm_test_console_send (con, "reboot -f\n");
    expect_kernel_shell (con, smp);
  }
  pvm_test_console_send (con, "poweroff -f\n");
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
}

static void
test_kernel_smp1 (void)
{
  test_kernel ("1", FALSE);
}

static void
test_kernel_smp2_reboot (void)
{
  test_kernel ("2", TRUE);
}

/* Returns a scratch copy (sparse, newly allocated path) of the full-virtualization demo disk,
 * from $PVM_FV_IMAGE_DIR or ~/.cache/pvm/fv-image/current, so that the cached image stays
 * pristine; or fails the test, naming the tool that builds it, and returns NULL. */
static char *
copy_demo_disk (const char *scratch_dir)
{
  const char *env = g_getenv ("PVM_FV_IMAGE_DIR");
  g_autofree char *dir = env ? g_strdup (env)
                             : g_build_filename (g_get_home_dir (), ".cache", "pvm", "fv-image",
                                                 "current", NULL);
  g_autofree char *image = g_build_filename (dir, "disk.img", NULL);
  char *copy = g_build_filename (scratch_dir, "disk.img", NULL);
  g_autoptr (GMappedFile) in = g_mapped_file_new (image, FALSE, NULL);
  int out;

  if (!in) {
    g_test_message ("the demo disk %s is missing: run tools/build-fv-image", image);
    g_test_fail ();
    g_free (copy);
    return NULL;
  }
  out = g_open (copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (out, >=, 0);
  {
    const char *data = g_mapped_file_get_contents (in);
    gsize len = g_mapped_file_get_length (in);
    static const char zeros[4096];

    for (gsize off = 0; off < len; off += sizeof zeros) {
      gsize n = MIN (sizeof zeros, len - off);
      if (memcmp (data + off, zeros, n) != 0)
        g_assert_cmpint (pwrite (out, data + off, n, (off_t) off), ==, (ssize_t) n);
    }
    g_assert_cmpint (ftruncate (out, (off_t) len), ==, 0);
  }
  close (out);
  return copy;
}

/* Expects U-Boot to find the demo disk on virtio-blk, load its kernel through extlinux.conf,
 * and the kernel (talking to OpenSBI) to reach the shell and count @smp CPUs. */
static void
expect_disk_boot (PvmTestConsole *con, const char *smp)
{
  g_autofree char *count = NULL;

  g_assert_true (expect_opensbi (con, smp));
  g_assert_true (pvm_test_console_expect (con, "U-Boot 2023.01", FIRMWARE_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "Hit any key to stop autoboot", FIRMWARE_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "Type: Hard Disk", FIRMWARE_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "Found /boot/extlinux/extlinux.conf",
                                          FIRMWARE_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "Starting kernel", BOOT_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "SBI implementation ID=0x1 Version=0x10001",
                                          BOOT_TIMEOUT));
  g_assert_true (pvm_test_console_expect (con, "pvm-fv-guest: init reached", BOOT_TIMEOUT));
  g_assert_true (run_command (con, "grep -c ^processor /proc/cpuinfo", "nproc"));
  count = g_strstrip (g_strdup (pvm_test_console_last_output (con)));
  g_assert_true (g_str_has_suffix (count, smp));
}

/* The whole path: OpenSBI, U-Boot, the disk, Linux's shell; a file written survives a
 * clean reboot through the reset vector; then a clean poweroff. */
static void
test_disk (const char *smp)
{
  const char *fw = need_file (OPENSBI_DIR "/fw_dynamic.bin");
  const char *uboot = need_file (UBOOT);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-fv-boot-XXXXXX", &error);
  g_autofree char *disk = NULL;

  g_assert_no_error (error);
  disk = copy_demo_disk (dir);
  if (fw && uboot && disk) {
    g_autofree char *name = g_strdup_printf ("fv-boot-disk-smp%s", smp);
    const char *argv[] = {
      "--firmware", fw, "--payload", uboot, "--disk", disk, "--memory", "256M", "--smp", smp,
      "--serial", "stdio", "--timeout", VMM_TIMEOUT, NULL,
    };
    g_autoptr (PvmTestConsole) con = pvm_test_console_start (name, argv);

    expect_disk_boot (con, smp);
    g_assert_true (run_command (con, "echo $((6*7)) > /root/answer; sync; cat /root/answer",
                                "cat"));
    g_assert_nonnull (strstr (pvm_test_console_last_output (con), "42"));

    /* A plain reboot goes through init, whose shutdown script leaves the root clean: the next
     * boot mounts it without replaying its journal. */
    pvm_test_console_send (con, "reboot\n");
    expect_disk_boot (con, smp);
    g_assert_true (run_command (con, "cat /root/answer", "again"));
    g_assert_nonnull (strstr (pvm_test_console_last_output (con), "42"));
    g_assert_true (run_command (con, "dmesg | grep -c 'recovery complete'", "replays"));
    g_autofree char *replays = g_strstrip (g_strdup (pvm_test_console_last_output (con)));
    g_assert_true (g_str_has_suffix (replays, "\n0"));

    pvm_test_console_send (con, "poweroff\n");
    g_assert_true (pvm_test_console_expect (con, "The system is going down", CMD_TIMEOUT));
    g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
  }
  if (disk)
    g_unlink (disk);
  g_rmdir (dir);
}

static void
test_disk_smp1 (void)
{
  test_disk ("1");
}

static void
test_disk_smp2 (void)
{
  test_disk ("2");
}

/* A disk with nothing to boot (no partition table, no extlinux.conf): like a real machine, U-Boot
 * tries the disk and every other target, then waits at its prompt, where it still answers. */
static void
test_unbootable_disk (void)
{
  const char *fw = need_file (OPENSBI_DIR "/fw_jump.bin");
  const char *uboot = need_file (UBOOT);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-fv-boot-XXXXXX", &error);
  g_autofree char *disk = NULL;

  g_assert_no_error (error);
  disk = g_build_filename (dir, "blank.img", NULL);
  g_assert_true (g_file_set_contents (disk, "", 0, &error));
  g_assert_cmpint (truncate (disk, 16 << 20), ==, 0);
  if (fw && uboot) {
    const char *argv[] = {
      "--firmware", fw, "--payload", uboot, "--disk", disk, "--memory", "256M",
      "--serial", "stdio", "--timeout", VMM_TIMEOUT, NULL,
    };
    g_autoptr (PvmTestConsole) con = pvm_test_console_start ("fv-boot-unbootable", argv);

    g_assert_true (expect_opensbi (con, "1"));
    g_assert_true (pvm_test_console_expect (con, "Type: Hard Disk", FIRMWARE_TIMEOUT));
    g_assert_true (pvm_test_console_expect (con, "\n=> ", FIRMWARE_TIMEOUT));
    g_assert_null (strstr (pvm_test_console_last_output (con), "Starting kernel"));
    pvm_test_console_send (con, "printenv bootdelay\r");
    g_assert_true (pvm_test_console_expect (con, "bootdelay=", CMD_TIMEOUT));
    pvm_test_console_send (con, "poweroff\r");
    g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
  }
  g_unlink (disk);
  g_rmdir (dir);
}

/* Runs pvm-vmm with @argv to its end; returns its exit status and its stderr in @err. */
static int
run_vmm (const char *const *argv, char **err)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_ptr_array_add (args, (char *) g_getenv ("PVM_VMM"));
  for (; *argv; argv++)
    g_ptr_array_add (args, (char *) *argv);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* pvm-vmm --firmware @firmware exits 1 with one line on stderr containing @fragment. */
static void
assert_refused (const char *firmware, const char *payload, const char *memory,
                const char *fragment)
{
  const char *argv[] = {
    "--firmware", firmware, "--memory", memory, "--serial", "none", "--timeout", "30",
    payload ? "--payload" : NULL, payload, NULL,
  };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_vmm (argv, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "pvm-vmm: "));
  g_assert_nonnull (strstr (err, fragment));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (long) strlen (err) - 1);
}

static void
test_bad_firmware (void)
{
  static const uint8_t gzip[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-fv-boot-XXXXXX", &error);
  g_autofree char *x86 = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.bin", NULL);
  g_autofree char *gz = g_build_filename (dir, "fw.bin.gz", NULL);
  g_autofree char *big = g_build_filename (dir, "big.bin", NULL);
  g_autofree char *guest = pvm_test_guest_dir ();
  g_autofree char *image = guest ? g_build_filename (guest, "Image", NULL) : NULL;
  const char *fw = need_file (OPENSBI_DIR "/fw_jump.bin");

  g_assert_no_error (error);
  g_assert_nonnull (x86);
  g_assert_true (g_file_set_contents (gz, (const char *) gzip, sizeof gzip, NULL));
  g_assert_true (g_file_set_contents (big, "", 0, NULL));
  g_assert_cmpint (truncate (big, 17 << 20), ==, 0);

  assert_refused (x86, NULL, "256M", "is an ELF file for x86-64, not RISC-V");
  assert_refused (missing, NULL, "256M", "Cannot open the firmware");
  assert_refused (gz, NULL, "256M", "gzip-compressed");
  assert_refused (big, NULL, "16M", "larger than the 16 MiB");
  if (image)
    assert_refused (image, NULL, "256M", "is a Linux kernel Image");
  if (fw)
    assert_refused (fw, x86, "256M", "Cannot load the payload");

  g_unlink (gz);
  g_unlink (big);
  g_rmdir (dir);
}

/* pvm-vmm with @argv exits 1 with one line on stderr containing @fragment. */
static void
assert_usage_refused (const char *const *argv, const char *fragment)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_vmm (argv, &err), ==, 1);
  g_assert_nonnull (strstr (err, fragment));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (long) strlen (err) - 1);
}

static void
test_bad_options (void)
{
  const char *payload_alone[] = { "--payload", UBOOT, "--serial", "none", NULL };
  const char *with_kernel[] = { "--firmware", "a", "--kernel", "b", "--serial", "none", NULL };
  const char *with_elf[] = { "--firmware", "a", "--test-elf", "b", "--serial", "none", NULL };
  const char *initrd_alone[] = { "--firmware", "a", "--initrd", "b", "--serial", "none", NULL };

  assert_usage_refused (payload_alone, "--payload needs --firmware");
  assert_usage_refused (with_kernel, "cannot be used together");
  assert_usage_refused (with_elf, "cannot be used together");
  assert_usage_refused (initrd_alone, "--initrd and --append need --kernel or --payload");
}

/* A firmware whose trap vector is an illegal instruction: each hart is reported once on
 * stderr, and the machine keeps running until the timeout, as a real one would spin. */
static void
test_trap_loop (void)
{
  static const uint8_t code[] = {
    0x97, 0x02, 0x00, 0x00, /* auipc t0, 0 */
    0x73, 0x90, 0x52, 0x30, /* csrw mtvec, t0 */
    0x00, 0x00, 0x00, 0x00, /* an illegal instruction */
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-fv-boot-XXXXXX", &error);
  g_autofree char *fw = g_build_filename (dir, "loop.bin", NULL);
  g_autofree char *err = NULL;
  const char *argv[] = {
    "--firmware", fw, "--smp", "2", "--serial", "none", "--timeout", "3", NULL,
  };
  g_auto (GStrv) lines = NULL;
  unsigned stuck = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (fw, (const char *) code, sizeof code, NULL));
  g_assert_cmpint (run_vmm (argv, &err), ==, 124);
  lines = g_strsplit (err, "\n", -1);
  for (unsigned i = 0; lines[i]; i++)
    if (strstr (lines[i], "is stuck in M-mode: it takes exception 2 (illegal instruction) at "
                          "pc 0x80000008"))
      stuck++;
  g_assert_cmpuint (stuck, ==, 2);
  g_assert_cmpuint (g_strv_length (lines), <=, 4); /* two reports, the timeout, the end */

  g_unlink (fw);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/integration/fv-boot/opensbi-boots-u-boot-to-autoboot-and-resets-on-one-hart",
                   test_uboot_smp1);
  g_test_add_func ("/integration/fv-boot/opensbi-boots-u-boot-to-autoboot-and-resets-on-two-harts",
                   test_uboot_smp2);
  g_test_add_func ("/integration/fv-boot/fw-jump-boots-the-guest-kernel-to-a-shell-on-one-hart",
                   test_kernel_smp1);
  g_test_add_func ("/integration/fv-boot/fw-jump-kernel-on-two-harts-reboots-and-powers-off",
                   test_kernel_smp2_reboot);
  g_test_add_func ("/integration/fv-boot/u-boot-boots-linux-from-the-demo-disk-on-one-hart",
                   test_disk_smp1);
  g_test_add_func ("/integration/fv-boot/u-boot-boots-linux-from-the-demo-disk-on-two-harts",
                   test_disk_smp2);
  g_test_add_func ("/integration/fv-boot/a-disk-with-nothing-to-boot-leaves-u-boot-at-its-prompt",
                   test_unbootable_disk);
  g_test_add_func ("/integration/fv-boot/bad-firmware-is-refused-in-one-sentence",
                   test_bad_firmware);
  g_test_add_func ("/integration/fv-boot/conflicting-options-are-refused-in-one-sentence",
                   test_bad_options);
  g_test_add_func ("/integration/fv-boot/a-trap-loop-is-reported-once-and-the-machine-runs-on",
                   test_trap_loop);
  return g_test_run ();
}

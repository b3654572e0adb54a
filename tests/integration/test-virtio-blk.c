/* test-virtio-blk.c: the default guest on virtio disks — an ext4 image it mounts, writes,
 * syncs and reads back, checked on the host afterwards with e2fsprogs; data synced before a
 * SIGKILL; a read-only disk; a disk on a loop block device; and a missing image refused. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/console.h"

#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 120.0
#define IMAGE_SIZE "64M"

/* Returns the path of e2fsprogs' @tool, or NULL (the test is then skipped). */
static char *
find_tool (const char *tool)
{
  char *path = g_find_program_in_path (tool);
  const char *dirs[] = { "/usr/sbin", "/sbin" };

  for (unsigned i = 0; !path && i < G_N_ELEMENTS (dirs); i++) {
    path = g_build_filename (dirs[i], tool, NULL);
    if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
      g_clear_pointer (&path, g_free);
  }
  if (!path)
    g_test_skip_printf ("%s is missing (tools/install-deps installs e2fsprogs)", tool);
  return path;
}

/* Runs @argv; returns its exit status, with its standard output in *@out if not NULL (else it
 * is dropped: the test's own standard output is its TAP stream). */
static int
run_host (const char *const *argv, char **out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               out ? G_SPAWN_DEFAULT : G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s: %s", argv[0], err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Makes an ext4 image in a new temporary file, holding the files of @dir if not NULL.
 * Returns its path, or NULL if the tools are missing. */
static char *
make_image (const char *dir)
{
  g_autofree char *mkfs = find_tool ("mkfs.ext4");
  g_autoptr (GError) error = NULL;
  char *path = NULL;

  if (!mkfs)
    return NULL;
  int fd = g_file_open_tmp ("pvm-vblk-XXXXXX.img", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *fixed[] = { mkfs, "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0" };
  for (unsigned i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (char *) fixed[i]);
  if (dir) {
    g_ptr_array_add (argv, "-d");
    g_ptr_array_add (argv, (char *) dir);
  }
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, IMAGE_SIZE);
  g_ptr_array_add (argv, NULL);
  g_assert_cmpint (run_host ((const char *const *) argv->pdata, NULL), ==, 0);
  return path;
}

/* Returns the contents of @file in the ext4 image @image, read by debugfs on the host. */
static char *
host_cat (const char *image, const char *file)
{
  g_autofree char *debugfs = find_tool ("debugfs");
  g_autofree char *request = g_strdup_printf ("cat %s", file);
  char *out = NULL;

  g_assert_nonnull (debugfs);
  const char *argv[] = { debugfs, "-R", request, image, NULL };
  g_assert_cmpint (run_host (argv, &out), ==, 0);
  return out;
}

/* Checks the file system of @image, repairing (and replaying its journal) if @repair; returns
 * e2fsck's exit status (0: clean, 1: repaired). */
static int
host_fsck (const char *image, gboolean repair)
{
  g_autofree char *e2fsck = find_tool ("e2fsck");

  g_assert_nonnull (e2fsck);
  const char *argv[] = { e2fsck, "-f", repair ? "-y" : "-n", image, NULL };
  return run_host (argv, NULL);
}

static char *
file_sha256 (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* Boots the default guest with the disks in @disks (each a --disk value). */
static PvmTestConsole *
boot_with_disks (const char *name, const char *const *disks)
{
  g_autofree char *dir = pvm_test_guest_dir ();
  if (!dir)
    return NULL;
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  g_autofree char *initrd = g_build_filename (dir, "initramfs.cpio.gz", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *fixed[] = {
    "--kernel", image, "--initrd", initrd, "--append", "console=ttyS0 quiet",
    "--memory", "256M", "--smp", "2", "--serial", "stdio",
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, (char *) fixed[i]);
  for (; *disks; disks++) {
    g_ptr_array_add (argv, "--disk");
    g_ptr_array_add (argv, (char *) *disks);
  }
  g_ptr_array_add (argv, NULL);

  PvmTestConsole *con = pvm_test_console_start (name, (const char *const *) argv->pdata);
  if (!pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT)) {
    g_test_fail_printf ("the guest did not reach its init");
    pvm_test_console_free (con);
    return NULL;
  }
  return con;
}

/* Runs @command in the guest shell; returns whether it finished in time. Its output is then
 * pvm_test_console_last_output() (after the echoed command line). */
static gboolean
run_command (PvmTestConsole *con, const char *command)
{
  g_autofree char *line = g_strdup_printf ("%s; echo done-$((40+2))\n", command);

  pvm_test_console_send (con, line);
  return pvm_test_console_expect (con, "done-42", CMD_TIMEOUT);
}

/* Runs @command and asserts that its output holds @expected (which the command line itself
 * must not contain, since the shell echoes it). */
static void
assert_command_prints (PvmTestConsole *con, const char *command, const char *expected)
{
  g_assert_true (run_command (con, command));
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

/* ---- the tests ---- */

static void
test_a_missing_image_is_refused_at_startup (void)
{
  const char *vmm = g_getenv ("PVM_VMM");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_nonnull (vmm);
  const char *argv[] = { vmm, "--kernel", "/nonexistent/Image", "--serial", "none",
                         "--disk", "/nonexistent/pvm-disk.img,readonly", NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_true (g_str_has_prefix (err, "pvm-vmm: "));
  g_assert_nonnull (strstr (err, "“/nonexistent/pvm-disk.img”"));
  g_assert_nonnull (strstr (err, "No such file or directory"));
  /* One line. */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_the_guest_writes_a_file_the_host_reads (void)
{
  g_autofree char *image = make_image (NULL);
  if (!image)
    return;
  const char *disks[] = { image, NULL };
  g_autoptr (PvmTestConsole) con = boot_with_disks ("virtio-blk-ext4", disks);
  if (!con) {
    g_unlink (image);
    return;
  }
  g_autofree char *base = g_path_get_basename (image);
  base[MIN (strlen (base), 20)] = '\0';
  g_autofree char *serial = g_strdup_printf ("serial=%s", base);

  assert_command_prints (con, "echo serial=$(cat /sys/block/vda/serial)", serial);
  g_assert_true (run_command (con, "mkdir -p /mnt && mount -t ext4 /dev/vda /mnt"));
  /* A small file, and 4 MiB of random data that travels in many multi-segment requests. */
  g_assert_true (run_command (con, "echo hello-from-the-guest-$((6*7)) > /mnt/hello.txt && "
                                   "dd if=/dev/urandom of=/mnt/big bs=64k count=64 2>/dev/null && "
                                   "sync"));
  assert_command_prints (con, "cat /mnt/hello.txt", "hello-from-the-guest-42");
  assert_command_prints (con, "echo sum-$((1+1))=$(sha256sum /mnt/big | cut -c1-64)", "sum-2=");
  g_autofree char *guest_sum =
    g_strndup (strstr (pvm_test_console_last_output (con), "sum-2=") + 6, 64);
  /* Deleting and trimming sends discards. */
  assert_command_prints (con, "cp /mnt/big /mnt/big2 && sync && rm /mnt/big2 && "
                              "fstrim /mnt && echo trim=$?", "trim=0");
  g_assert_true (run_command (con, "umount /mnt"));
  power_off (con);

  g_autofree char *hello = host_cat (image, "/hello.txt");
  g_assert_cmpstr (hello, ==, "hello-from-the-guest-42\n");
  {
    g_autofree char *debugfs = find_tool ("debugfs");
    g_autofree char *dump = g_strdup_printf ("%s.big", image);
    g_autofree char *request = g_strdup_printf ("dump /big %s", dump);
    const char *argv[] = { debugfs, "-R", request, image, NULL };
    g_assert_cmpint (run_host (argv, NULL), ==, 0);
    g_autofree char *sum = file_sha256 (dump);
    g_assert_cmpstr (sum, ==, guest_sum);
    g_unlink (dump);
  }
  g_assert_cmpint (host_fsck (image, FALSE), ==, 0);
  g_unlink (image);
}

static void
test_synced_data_survives_sigkill (void)
{
  g_autofree char *image = make_image (NULL);
  if (!image)
    return;
  const char *disks[] = { image, NULL };
  PvmTestConsole *con = boot_with_disks ("virtio-blk-sigkill", disks);
  if (!con) {
    g_unlink (image);
    return;
  }
  g_assert_true (run_command (con, "mkdir -p /mnt && mount -t ext4 /dev/vda /mnt"));
  g_assert_true (run_command (con, "echo synced-before-kill-$((6*7)) > /mnt/synced.txt && sync"));
  pvm_test_console_free (con); /* SIGKILL, no unmount, no poweroff */

  /* Replaying the journal is all the repair the file system may need. */
  g_assert_cmpint (host_fsck (image, TRUE), <=, 1);
  g_autofree char *synced = host_cat (image, "/synced.txt");
  g_assert_cmpstr (synced, ==, "synced-before-kill-42\n");
  g_unlink (image);
}

static void
test_a_read_only_disk_refuses_writes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pvm-vblk-ro-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "ro.txt", NULL);
  g_assert_true (g_file_set_contents (file, "read-only-content-42\n", -1, NULL));
  g_autofree char *ro_image = make_image (dir);
  g_unlink (file);
  g_rmdir (dir);
  if (!ro_image)
    return;
  g_autofree char *rw_image = make_image (NULL);
  g_autofree char *ro_arg = g_strdup_printf ("%s,readonly", ro_image);
  g_autofree char *before = file_sha256 (ro_image);
  const char *disks[] = { rw_image, ro_arg, NULL };
  g_autoptr (PvmTestConsole) con = boot_with_disks ("virtio-blk-readonly", disks);
  if (!con) {
    g_unlink (ro_image);
    g_unlink (rw_image);
    return;
  }

  assert_command_prints (con, "echo ro=$(cat /sys/block/vda/ro)$(cat /sys/block/vdb/ro)",
                         "ro=01");
  assert_command_prints (con, "dd if=/dev/zero of=/dev/vdb bs=512 count=1 conv=fsync 2>/dev/null"
                              " && echo dd-$((1+1))-wrote || echo dd-$((1+1))-refused",
                         "dd-2-refused");
  assert_command_prints (con, "blkdiscard /dev/vdb 2>/dev/null && echo discard-$((1+1))-done ||"
                              " echo discard-$((1+1))-refused",
                         "discard-2-refused");
  g_assert_true (run_command (con, "mkdir -p /mnt && mount -t ext4 -o ro /dev/vdb /mnt"));
  assert_command_prints (con, "cat /mnt/ro.txt", "read-only-content-42");
  assert_command_prints (con, "touch /mnt/new 2>/dev/null && echo touch-$((1+1))-wrote ||"
                              " echo touch-$((1+1))-refused",
                         "touch-2-refused");
  g_assert_true (run_command (con, "umount /mnt"));
  power_off (con);

  g_autofree char *after = file_sha256 (ro_image);
  g_assert_cmpstr (after, ==, before);
  g_unlink (ro_image);
  g_unlink (rw_image);
}

static void
test_a_block_device_works_the_same (void)
{
  g_autofree char *losetup = find_tool ("losetup");
  if (!losetup)
    return;
  g_autofree char *image = make_image (NULL);
  if (!image)
    return;
  g_autofree char *loop = NULL;
  const char *attach[] = { losetup, "--find", "--show", image, NULL };
  if (getuid () != 0 || run_host (attach, &loop) != 0) {
    g_test_skip ("cannot attach a loop device (needs root and /dev/loop*)");
    g_unlink (image);
    return;
  }
  g_strstrip (loop);
  const char *disks[] = { loop, NULL };
  PvmTestConsole *con = boot_with_disks ("virtio-blk-loop", disks);
  gboolean booted = con != NULL;
  if (con) {
    assert_command_prints (con, "echo sectors=$(cat /sys/block/vda/size)", "sectors=131072");
    g_assert_true (run_command (con, "mkdir -p /mnt && mount -t ext4 /dev/vda /mnt && "
                                     "echo on-a-block-device-$((6*7)) > /mnt/dev.txt && sync"));
    assert_command_prints (con, "cat /mnt/dev.txt", "on-a-block-device-42");
    g_assert_true (run_command (con, "umount /mnt"));
    power_off (con);
    pvm_test_console_free (con);
  }
  const char *detach[] = { losetup, "-d", loop, NULL };
  g_assert_cmpint (run_host (detach, NULL), ==, 0);
  if (booted) {
    g_autofree char *text = host_cat (image, "/dev.txt");
    g_assert_cmpstr (text, ==, "on-a-block-device-42\n");
    g_assert_cmpint (host_fsck (image, FALSE), ==, 0);
  }
  g_unlink (image);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/integration/virtio-blk/a-missing-image-is-refused-at-startup",
                   test_a_missing_image_is_refused_at_startup);
  g_test_add_func ("/integration/virtio-blk/the-guest-writes-a-file-the-host-reads",
                   test_the_guest_writes_a_file_the_host_reads);
  g_test_add_func ("/integration/virtio-blk/synced-data-survives-sigkill",
                   test_synced_data_survives_sigkill);
  g_test_add_func ("/integration/virtio-blk/a-read-only-disk-refuses-writes",
                   test_a_read_only_disk_refuses_writes);
  g_test_add_func ("/integration/virtio-blk/a-block-device-works-the-same",
                   test_a_block_device_works_the_same);
  return g_test_run ();
}

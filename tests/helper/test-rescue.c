/* test-rescue.c: Domain.Rescue and Domain.Unrescue through pvmd on a private bus, as root.
 *
 * The main case goes round trip with the default guest: the guest writes a file on its disk
 * and powers off, the host reads it under the rescue directory, the guest reads it again
 * after Unrescue. The others need no guest: refusals (running, not rescued, a file open on
 * the host, no mountable partition), two disks side by side, a failure halfway that leaves
 * nothing behind, and a restarted pvmd that finds the rescue again. The disk images are made
 * here (sfdisk, mke2fs, mkswap), without mounting anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "pvmd-test.h"
#include "test-rescue-disk.h"

#define SECTOR 512
#define NOTE "written by the guest before it powered off"

/* ---- the host's view ---- */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Returns the mount points below @dir, sorted, each followed by " " and its mount options:
 * from /proc/self/mountinfo. */
static GPtrArray *
mounts_below (const char *dir)
{
  GPtrArray *mounts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_strconcat (dir, "/", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/mountinfo", &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    g_auto (GStrv) fields = g_strsplit (lines[i], " ", 7);
    if (g_strv_length (fields) < 7)
      continue;
    g_autofree char *point = g_strcompress (fields[4]);
    if (g_str_has_prefix (point, prefix))
      g_ptr_array_add (mounts, g_strdup_printf ("%s %s", point, fields[5]));
  }
  g_ptr_array_sort (mounts, compare_strings);
  return mounts;
}

/* Checks that exactly @points (relative to @dir, sorted, NULL-terminated) are mounted below
 * @dir, each read-only without devices, set-uid or execution. */
static void
assert_mounted (const char *dir, const char *const *points)
{
  g_autoptr (GPtrArray) mounts = mounts_below (dir);
  guint n = g_strv_length ((char **) points);

  for (guint i = 0; i < mounts->len; i++)
    g_test_message ("mounted: %s", (char *) mounts->pdata[i]);
  g_assert_cmpuint (mounts->len, ==, n);
  for (guint i = 0; i < n; i++) {
    g_autofree char *prefix = g_strdup_printf ("%s/%s ", dir, points[i]);
    const char *mount = mounts->pdata[i];
    g_assert_true (g_str_has_prefix (mount, prefix));
    g_auto (GStrv) options = g_strsplit (mount + strlen (prefix), ",", -1);
    for (const char *want = "ro\0nosuid\0nodev\0noexec\0"; *want; want += strlen (want) + 1)
      g_assert_true (g_strv_contains ((const char *const *) options, want));
  }
}

/* Returns how many loop devices are attached to @path; waits up to 5 s for that to reach
 * @expected (the kernel clears an autoclear device as its mount goes). */
static guint
loops_backed_by (const char *path, guint expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint n;

  do {
    g_autoptr (GDir) dir = g_dir_open ("/sys/block", 0, NULL);
    const char *name;
    n = 0;
    while (dir && (name = g_dir_read_name (dir))) {
      g_autofree char *file = g_strdup_printf ("/sys/block/%s/loop/backing_file", name);
      g_autofree char *backing = NULL;
      if (g_str_has_prefix (name, "loop") && g_file_get_contents (file, &backing, NULL, NULL) &&
          strcmp (g_strchomp (backing), path) == 0)
        n++;
    }
    if (n != expected)
      g_usleep (50 * 1000);
  } while (n != expected && g_get_monotonic_time () < deadline);
  return n;
}

static char *
read_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Returns the SHA-256 of the file at @path; newly allocated. */
static char *
file_checksum (const char *path)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

  g_assert_nonnull (file);
  g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (file),
                     g_mapped_file_get_length (file));
  return g_strdup (g_checksum_get_string (checksum));
}

/* Unmounts whatever is left below @dir (a failed test, or its janitor). */
static void
unmount_below (const char *dir)
{
  g_autoptr (GPtrArray) mounts = mounts_below (dir);

  for (guint i = mounts->len; i-- > 0;) {
    char *point = mounts->pdata[i];
    *strchr (point, ' ') = '\0';
    umount2 (point, MNT_DETACH);
  }
}

/* Forks before any thread exists a process that, once this one has ended however it ended,
 * unmounts what a failed test left mounted below @dir, so that removing @dir can finish. */
static void
start_unmount_janitor (const char *dir)
{
  pid_t parent = getpid ();
  sigset_t usr1;

  sigemptyset (&usr1);
  sigaddset (&usr1, SIGUSR1);
  if (fork () == 0) {
    int null = open ("/dev/null", O_RDWR);
    int signo;

    dup2 (null, STDIN_FILENO);
    dup2 (null, STDOUT_FILENO);
    dup2 (null, STDERR_FILENO);
    setsid ();
    sigprocmask (SIG_BLOCK, &usr1, NULL);
    prctl (PR_SET_PDEATHSIG, SIGUSR1);
    if (getppid () == parent)
      sigwait (&usr1, &signo);
    unmount_below (dir);
    execlp ("rm", "rm", "-rf", dir, (char *) NULL);
    _exit (0);
  }
}

/* ---- the fixture ---- */

static void
rescue_tear_down (PvmTestPvmd *f, gconstpointer data)
{
  unmount_below (f->dir);
  pvm_test_pvmd_tear_down (f, data);
}

/* Defines the default guest as @name with the disks @paths (NULL-terminated), vda first. */
static PvmDomain *
define_with_disks (PvmTestPvmd *f, const char *name, const char *const *paths)
{
  g_autoptr (GString) xml = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_string_append_printf (xml,
                          "<domain type='qemu'><name>%s</name><memory unit='MiB'>256</memory>"
                          "<os><type>linux</type><kernel>%s/Image</kernel>"
                          "<initrd>%s/initramfs.cpio.gz</initrd>"
                          "<cmdline>console=ttyS0 quiet</cmdline></os><devices>",
                          name, f->guest, f->guest);
  for (guint i = 0; paths[i]; i++)
    g_string_append_printf (xml,
                            "<disk type='file' device='disk'><source file='%s'/>"
                            "<target dev='vd%c' bus='virtio'/></disk>",
                            paths[i], 'a' + i);
  g_string_append (xml, "</devices></domain>");
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml->str, &path, NULL, &error));
  g_assert_no_error (error);
  return pvm_test_pvmd_get_domain (f, path);
}

/* Makes a 64 MiB disk with an MBR and one ext4 partition (1 MiB to 41 MiB) holding the files
 * below @files (or none). */
static char *
make_mbr_disk (PvmTestPvmd *f, const char *name, const char *files)
{
  char *disk = g_build_filename (f->dir, name, NULL);

  pvm_test_rescue_make_disk (disk, 64 * PVM_TEST_MIB,
                             "label: dos\nstart=2048, size=81920, type=83\n");
  pvm_test_rescue_make_ext4 (disk, 2048 * SECTOR, 81920 * SECTOR, files);
  return disk;
}

static char *
rescue (PvmDomain *domain)
{
  g_autoptr (GError) error = NULL;
  char *dir = NULL;

  g_assert_true (pvm_domain_call_rescue_sync (domain, &dir, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("rescued at %s", dir);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_strcmp0 (pvm_domain_get_rescue_directory (domain), dir) != 0 &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, dir);
  return dir;
}

static void
unrescue (PvmDomain *domain, const char *dir)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_domain_call_unrescue_sync (domain, NULL, &error));
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_strcmp0 (pvm_domain_get_rescue_directory (domain), "") != 0 &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, "");
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* ---- the cases ---- */

static void
test_the_guest_and_the_host_read_each_others_files (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = make_mbr_disk (f, "guest.img", NULL);
  const char *disks[] = { disk, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "roundtrip", disks);
  g_autofree char *dir = NULL;

  pvm_test_domain_start (domain);
  g_assert_false (pvm_domain_call_rescue_sync (domain, &dir, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is running");
  g_clear_error (&error);
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "rescue-write");
    g_assert_true (pvm_test_serial_run (serial,
                                        "mkdir -p /mnt && mount -t ext4 /dev/vda1 /mnt && "
                                        "echo '" NOTE "' > /mnt/note.txt && sync && "
                                        "umount /mnt && echo wrote-$((40+2))",
                                        PVM_TEST_CMD_TIMEOUT));
    g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), "wrote-42"));
    pvm_test_serial_send (serial, "poweroff -f\n");
    pvm_test_domain_wait_for_state (domain, "shutoff");
  }

  dir = rescue (domain);
  const char *points[] = { "vda/1", NULL };
  assert_mounted (dir, points);
  g_autofree char *part = g_build_filename (dir, "vda", "1", NULL);
  g_autofree char *note = read_file (part, "note.txt");
  g_assert_cmpstr (note, ==, NOTE "\n");
  g_autofree char *new_file = g_build_filename (part, "host.txt", NULL);
  g_assert_false (g_file_set_contents (new_file, "no", -1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ROFS);
  g_clear_error (&error);
  g_assert_cmpuint (loops_backed_by (disk, 1), ==, 1);

  /* Rescued, it neither starts, nor is undefined, nor is rescued twice. */
  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is being rescued");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_undefine_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is being rescued");
  g_clear_error (&error);
  g_autofree char *again = NULL;
  g_assert_false (pvm_domain_call_rescue_sync (domain, &again, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is already being rescued");
  g_clear_error (&error);
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");

  unrescue (domain, dir);
  g_assert_cmpuint (loops_backed_by (disk, 0), ==, 0);

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "rescue-read");
  g_assert_true (pvm_test_serial_run (serial,
                                      "mkdir -p /mnt && mount -t ext4 -o ro /dev/vda1 /mnt && "
                                      "cat /mnt/note.txt",
                                      PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), NOTE));
  pvm_test_domain_destroy (domain);
}

static void
test_unrescue_needs_a_rescue (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = make_mbr_disk (f, "idle.img", NULL);
  const char *disks[] = { disk, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "idle", disks);

  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, "");
  g_assert_false (pvm_domain_call_unrescue_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is not being rescued");
}

/* A file open on the host keeps every partition mounted; closed, Unrescue goes through. */
static void
test_a_file_in_use_keeps_the_rescue (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *files = pvm_test_rescue_make_files (f->dir, "second.txt", "two\n");
  g_autofree char *disk = g_build_filename (f->dir, "two.img", NULL);
  pvm_test_rescue_make_disk (disk, 64 * PVM_TEST_MIB,
                             "label: dos\n"
                             "start=2048, size=40960, type=83\n"
                             "start=43008, size=40960, type=83\n");
  pvm_test_rescue_make_ext4 (disk, 2048 * SECTOR, 40960 * SECTOR, NULL);
  pvm_test_rescue_make_ext4 (disk, 43008 * SECTOR, 40960 * SECTOR, files);
  const char *disks[] = { disk, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "inuse", disks);
  const char *points[] = { "vda/1", "vda/2", NULL };

  g_autofree char *dir = rescue (domain);
  assert_mounted (dir, points);
  g_autofree char *file = g_build_filename (dir, "vda", "2", "second.txt", NULL);
  int fd = open (file, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);

  g_assert_false (pvm_domain_call_unrescue_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "vda/2 is in use on the host");
  g_clear_error (&error);
  assert_mounted (dir, points);
  g_assert_cmpuint (loops_backed_by (disk, 2), ==, 2);
  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, dir);

  close (fd);
  unrescue (domain, dir);
  g_assert_cmpuint (loops_backed_by (disk, 0), ==, 0);
}

static void
test_nothing_to_mount_fails (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = g_build_filename (f->dir, "swap.img", NULL);
  pvm_test_rescue_make_disk (disk, 32 * PVM_TEST_MIB,
                             "label: dos\n"
                             "start=2048, size=16384, type=82\n"
                             "start=18432, size=16384, type=83\n");
  pvm_test_rescue_make_swap (disk, 2048 * SECTOR, 16384 * SECTOR);
  const char *disks[] = { disk, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "swaponly", disks);
  g_autofree char *dir = NULL;

  g_assert_false (pvm_domain_call_rescue_sync (domain, &dir, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED,
                             "Domain 'swaponly' cannot be rescued: no partition of its disks "
                             "holds a filesystem that mounts (vda/1 holds swap, not a "
                             "filesystem; vda/2 holds no filesystem that libblkid recognises)");
  g_clear_error (&error);
  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, "");
  g_assert_cmpuint (loops_backed_by (disk, 0), ==, 0);
  g_autofree char *runtime = g_build_filename (f->runtime, "pvm",
                                               pvm_domain_get_uuid (domain), NULL);
  g_autoptr (GPtrArray) mounts = mounts_below (f->dir);
  g_assert_cmpuint (mounts->len, ==, 0);
  g_autofree char *rescue_dir = g_build_filename (runtime, "rescue", NULL);
  g_assert_false (g_file_test (rescue_dir, G_FILE_TEST_EXISTS));

  /* Nor does a domain without disks. */
  g_autoptr (PvmDomain) diskless = pvm_test_pvmd_define_guest (f, "diskless");
  g_assert_false (pvm_domain_call_rescue_sync (diskless, &dir, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED,
                             "Domain 'diskless' cannot be rescued: it has no disk");
}

/* vda with a GPT (an empty partition, then ext4) and vdb ext4 without a table. */
static void
test_two_disks (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *files = pvm_test_rescue_make_files (f->dir, "whole.txt", "whole disk\n");
  g_autofree char *first = g_build_filename (f->dir, "gpt.img", NULL);
  g_autofree char *second = g_build_filename (f->dir, "whole.img", NULL);
  pvm_test_rescue_make_disk (first, 48 * PVM_TEST_MIB,
                             "label: gpt\nstart=2048, size=8192\nstart=10240, size=40960\n");
  pvm_test_rescue_make_ext4 (first, 10240 * SECTOR, 40960 * SECTOR, NULL);
  pvm_test_rescue_make_disk (second, 24 * PVM_TEST_MIB, NULL);
  pvm_test_rescue_make_ext4 (second, 0, 24 * PVM_TEST_MIB, files);
  const char *disks[] = { first, second, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "twodisks", disks);

  g_autofree char *dir = rescue (domain);
  const char *points[] = { "vda/2", "vdb/0", NULL };
  assert_mounted (dir, points);
  g_autofree char *whole = g_build_filename (dir, "vdb", "0", NULL);
  g_autofree char *text = read_file (whole, "whole.txt");
  g_assert_cmpstr (text, ==, "whole disk\n");
  g_autofree char *lost = g_build_filename (dir, "vda", "2", "lost+found", NULL);
  g_assert_true (g_file_test (lost, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (loops_backed_by (first, 1), ==, 1);
  g_assert_cmpuint (loops_backed_by (second, 1), ==, 1);

  unrescue (domain, dir);
  g_assert_cmpuint (loops_backed_by (first, 0), ==, 0);
  g_assert_cmpuint (loops_backed_by (second, 0), ==, 0);
}

/* A journal left to replay (a guest that stopped without unmounting) is not replayed: the
 * filesystem mounts anyway, and not one byte of the disk changes. */
static void
test_a_dirty_journal_is_not_replayed (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *files = pvm_test_rescue_make_files (f->dir, "dirty.txt", "left mounted\n");
  g_autofree char *disk = g_build_filename (f->dir, "dirty.img", NULL);
  pvm_test_rescue_make_disk (disk, 24 * PVM_TEST_MIB, NULL);
  pvm_test_rescue_make_ext4 (disk, 0, 24 * PVM_TEST_MIB, files);
  pvm_test_rescue_make_dirty (disk);
  g_autofree char *before = file_checksum (disk);
  const char *disks[] = { disk, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "dirty", disks);

  g_autofree char *dir = rescue (domain);
  const char *points[] = { "vda/0", NULL };
  assert_mounted (dir, points);
  g_autofree char *whole = g_build_filename (dir, "vda", "0", NULL);
  g_autofree char *text = read_file (whole, "dirty.txt");
  g_assert_cmpstr (text, ==, "left mounted\n");
  unrescue (domain, dir);

  g_autofree char *after = file_checksum (disk);
  g_assert_cmpstr (after, ==, before);
}

/* vda mounts, vdb is truncated: Rescue fails and unmounts vda again. */
static void
test_a_failure_halfway_leaves_nothing (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *good = make_mbr_disk (f, "good.img", NULL);
  g_autofree char *cut = make_mbr_disk (f, "cut.img", NULL);
  g_assert_cmpint (truncate (cut, 16 * PVM_TEST_MIB), ==, 0);
  const char *disks[] = { good, cut, NULL };
  g_autoptr (PvmDomain) domain = define_with_disks (f, "halfway", disks);
  g_autofree char *dir = NULL;

  g_assert_false (pvm_domain_call_rescue_sync (domain, &dir, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED, "is shorter than its partition table");
  g_assert_nonnull (strstr (error->message, cut));
  g_autoptr (GPtrArray) mounts = mounts_below (f->dir);
  g_assert_cmpuint (mounts->len, ==, 0);
  g_assert_cmpuint (loops_backed_by (good, 0), ==, 0);
  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, "");

  /* With the disk back whole, it works. */
  g_assert_cmpint (truncate (cut, 64 * PVM_TEST_MIB), ==, 0);
  g_autofree char *done = rescue (domain);
  const char *points[] = { "vda/1", "vdb/1", NULL };
  assert_mounted (done, points);
  unrescue (domain, done);
}

/* The mounts outlive pvmd; the next one finds them and can undo them. */
static void
test_a_restarted_pvmd_finds_the_rescue (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = make_mbr_disk (f, "kept.img", NULL);
  const char *disks[] = { disk, NULL };
  PvmDomain *domain = define_with_disks (f, "kept", disks);
  g_autofree char *path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));
  const char *points[] = { "vda/1", NULL };

  g_autofree char *dir = rescue (domain);
  g_clear_object (&domain);
  pvm_test_pvmd_stop (f, SIGKILL);
  assert_mounted (dir, points);

  pvm_test_pvmd_start (f);
  domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_cmpstr (pvm_domain_get_rescue_directory (domain), ==, dir);
  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is being rescued");
  unrescue (domain, dir);
  g_assert_cmpuint (loops_backed_by (disk, 0), ==, 0);
  g_object_unref (domain);
}

static void
test_needs_root (void)
{
  g_test_skip ("Rescue mounts filesystems: these tests run as root");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-rescue-XXXXXX", &error);

  g_assert_no_error (error);
  start_unmount_janitor (dir);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */
  if (geteuid () != 0) {
    g_test_add_func ("/helper/rescue/needs-root", test_needs_root);
    return g_test_run ();
  }

#define ADD(path, func) \
  g_test_add ("/helper/rescue/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              rescue_tear_down)
  ADD ("a-file-the-guest-wrote-is-read-on-the-host-and-the-guest-reads-it-after",
       test_the_guest_and_the_host_read_each_others_files);
  ADD ("unrescue-of-a-domain-not-rescued-is-busy", test_unrescue_needs_a_rescue);
  ADD ("a-file-open-on-the-host-keeps-every-partition-mounted",
       test_a_file_in_use_keeps_the_rescue);
  ADD ("a-disk-without-a-mountable-partition-fails-with-a-sentence",
       test_nothing_to_mount_fails);
  ADD ("two-disks-are-mounted-side-by-side-whole-or-by-partition", test_two_disks);
  ADD ("a-dirty-journal-is-not-replayed-and-the-disk-stays-unchanged",
       test_a_dirty_journal_is_not_replayed);
  ADD ("a-failure-halfway-unmounts-what-was-mounted", test_a_failure_halfway_leaves_nothing);
  ADD ("a-restarted-pvmd-finds-the-rescue-and-undoes-it",
       test_a_restarted_pvmd_finds_the_rescue);
#undef ADD
  return g_test_run ();
}

/* test-pool-lvm.c: a logical pool end to end — pvmd --system (with python-dbusmock's polkitd
 * template granting the storage, domain, lifecycle and console actions) on a volume group
 * the test makes on a loop device: the pool defined, volumes created, listed, grown, copied
 * under a job and deleted, and a guest booted with one as its disk, which a running guest
 * keeps busy.
 *
 * Logical volumes are device-mapper devices: where the kernel has no device-mapper
 * (/dev/mapper/control missing, or `dmsetup version` failing) lvcreate cannot work, and the
 * tests that make volumes are skipped saying so; the first test, which needs only vgs and lvs,
 * runs anyway. All need root, lvm2, losetup and python-dbusmock. */
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/console.h"
#include "common/pvm-error.h"
#include "mock-polkit.h"
#include "pvmd-test.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define VG_BYTES (512 * MIB)

typedef struct {
  char *dir, *image, *loop, *vg;
  PvmTestPolkit *polkit;
  GSubprocess *pvmd;
  GDBusObjectManager *manager;
  PvmHost *host;
  gboolean skipped;
} Fixture;

/* Returns why no volume group can be made and served here (static), or NULL. */
static const char *
vg_missing (void)
{
  static const char *const tools[] = { "losetup", "pvcreate", "vgcreate", "vgremove", "lvs",
                                       "lvcreate", "dmsetup" };

  if (geteuid () != 0)
    return "A volume group on a loop device and pvmd --system need root; this test is not root";
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++) {
    g_autofree char *path = g_find_program_in_path (tools[i]);
    if (!path)
      return "lvm2, dmsetup or losetup is not installed (tools/install-deps installs lvm2)";
  }
  return pvm_test_polkit_missing ();
}

/* Returns TRUE if logical volumes can be activated: the kernel has a device-mapper. */
static gboolean
have_device_mapper (void)
{
  const char *argv[] = { "dmsetup", "version", NULL };
  int status;

  return g_file_test ("/dev/mapper/control", G_FILE_TEST_EXISTS) &&
         g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

#define NO_DEVICE_MAPPER                                                                      \
  "This kernel has no device-mapper (/dev/mapper/control is missing or `dmsetup version` "    \
  "fails), so logical volumes cannot be activated here"

/* Runs @argv (a tool of lvm2 or util-linux); returns its stdout, or NULL. */
static char *
run (const char *const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_subprocess_launcher_setenv (launcher, "LVM_SUPPRESS_FD_WARNINGS", "1", TRUE);
  g_autoptr (GSubprocess) process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (!process || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error) ||
      !g_subprocess_get_successful (process)) {
    g_test_message ("%s failed: %s", argv[0], error ? error->message : err);
    return NULL;
  }
  return g_steal_pointer (&out);
}

static void
start_pvmd (Fixture *f)
{
  static const char *const allowed[] = {
    "org.pvm.hypervisor1.storage", "org.pvm.hypervisor1.manage-domains",
    "org.pvm.hypervisor1.lifecycle", "org.pvm.hypervisor1.console", NULL,
  };
  static const char *const dirs[][2] = {
    { "STATE_DIRECTORY", "state" }, { "RUNTIME_DIRECTORY", "run" },
  };
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *vmm = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *argv[] = { g_getenv ("PVMD"), "--system", vmm, NULL };
  GDBusConnection *connection = pvm_test_polkit_get_connection (f->polkit);
  g_autoptr (GError) error = NULL;

  pvm_test_polkit_allow (f->polkit, allowed);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
    g_autofree char *path = g_build_filename (f->dir, dirs[i][1], NULL);
    g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    g_subprocess_launcher_setenv (launcher, dirs[i][0], path, TRUE);
  }
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS",
                                pvm_test_polkit_get_address (f->polkit), TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "pvmd", TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  pvm_test_launcher_die_with_parent (launcher);
  f->pvmd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!f->host && g_get_monotonic_time () < deadline) {
    g_clear_object (&f->manager);
    f->manager = pvm_object_manager_client_new_sync (
      connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START, "org.pvm.Hypervisor1",
      "/org/pvm/Hypervisor1", NULL, NULL);
    if (f->manager)
      f->host = PVM_HOST (g_dbus_object_manager_get_interface (
        f->manager, "/org/pvm/Hypervisor1/Host", "org.pvm.Hypervisor1.Host"));
    if (!f->host)
      g_usleep (50 * 1000);
  }
  g_assert_nonnull (f->host);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  const char *missing = vg_missing ();
  gboolean needs_device_mapper = GPOINTER_TO_INT (data);

  if (!missing && needs_device_mapper && !have_device_mapper ())
    missing = NO_DEVICE_MAPPER;
  if (missing) {
    g_test_skip (missing);
    f->skipped = TRUE;
    return;
  }
  f->dir = g_dir_make_tmp ("pvm-pool-lvm-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->image = g_build_filename (f->dir, "pv.img", NULL);
  f->vg = g_strdup_printf ("pvm-e2e-%d", (int) getpid ());
  int fd = open (f->image, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, VG_BYTES), ==, 0);
  close (fd);
  const char *losetup[] = { "losetup", "--find", "--show", f->image, NULL };
  f->loop = g_strstrip (run (losetup));
  g_assert_nonnull (f->loop);
  const char *pvcreate[] = { "pvcreate", "--yes", f->loop, NULL };
  const char *vgcreate[] = { "vgcreate", "--yes", f->vg, f->loop, NULL };
  g_free (run (pvcreate));
  g_autofree char *made = run (vgcreate);
  g_assert_nonnull (made);

  f->polkit = pvm_test_polkit_new (f->dir);
  start_pvmd (f);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (f->skipped)
    return;
  if (f->pvmd) {
    g_subprocess_send_signal (f->pvmd, SIGTERM);
    g_subprocess_wait (f->pvmd, NULL, NULL);
  }
  g_clear_object (&f->host);
  g_clear_object (&f->manager);
  g_clear_object (&f->pvmd);
  pvm_test_polkit_free (f->polkit);
  const char *vgremove[] = { "vgremove", "--yes", "--force", f->vg, NULL };
  const char *pvremove[] = { "pvremove", "--yes", f->loop, NULL };
  const char *detach[] = { "losetup", "--detach", f->loop, NULL };
  const char *rm[] = { "rm", "-rf", f->dir, NULL };
  g_free (run (vgremove));
  g_free (run (pvremove));
  g_free (run (detach));
  g_free (run (rm));
  g_free (f->dir);
  g_free (f->image);
  g_free (f->loop);
  g_free (f->vg);
}

static PvmStoragePool *
get_pool (Fixture *f, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusInterface *iface;

  while (!(iface = g_dbus_object_manager_get_interface (f->manager, path,
                                                        "org.pvm.Hypervisor1.StoragePool")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (iface);
  return PVM_STORAGE_POOL (iface);
}

static PvmStoragePool *
define_pool (Fixture *f)
{
  g_autofree char *xml = g_strdup_printf ("<pool type='logical'><name>%s</name>"
                                          "<source><name>%s</name></source></pool>",
                                          f->vg, f->vg);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (pvm_host_call_define_pool_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  PvmStoragePool *pool = get_pool (f, path);
  g_autofree char *target = g_strconcat ("/dev/", f->vg, NULL);
  g_assert_cmpstr (pvm_storage_pool_get_type_ (pool), ==, "logical");
  g_assert_cmpstr (pvm_storage_pool_get_target (pool), ==, target);
  return pool;
}

/* Waits until the job at @path has finished and gone; a failed copy is gone with it, which
 * the caller's listing shows. */
static void
wait_for_job (Fixture *f, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  GDBusObject *object;

  /* Finished comes just before the object goes: its going is what is waited for. */
  while ((object = g_dbus_object_manager_get_object (f->manager, path)) &&
         g_get_monotonic_time () < deadline) {
    g_object_unref (object);
    pvm_test_iterate ();
  }
  g_assert_null (object);
}

static void
test_a_logical_pool_serves_its_volume_group (Fixture *f, gconstpointer data)
{
  if (f->skipped)
    return;
  g_autoptr (PvmStoragePool) pool = define_pool (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GVariant) volumes = NULL;

  /* The size and free space come from vgs: 512 MiB less the metadata, in 4 MiB extents. */
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (pvm_storage_pool_get_capacity_bytes (pool) == 0 && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  guint64 capacity = pvm_storage_pool_get_capacity_bytes (pool);
  g_assert_cmpuint (capacity, >, VG_BYTES - 16 * MIB);
  g_assert_cmpuint (capacity, <=, VG_BYTES);
  g_assert_cmpuint (capacity % (4 * MIB), ==, 0);
  g_assert_cmpuint (pvm_storage_pool_get_available_bytes (pool), ==, capacity);
  g_assert_true (pvm_storage_pool_call_list_volumes_sync (pool, &volumes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 0);

  /* Names lvm2 keeps, and a missing volume, are refused before any tool runs. */
  g_assert_false (pvm_storage_pool_call_create_volume_sync (pool, "x_tmeta", MIB, &path, NULL,
                                                            &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "lvm2 keeps “_tmeta”");
  g_clear_error (&error);
  g_assert_false (pvm_storage_pool_call_delete_volume_sync (pool, "none", NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_NOT_FOUND, "has no volume 'none'");
  g_clear_error (&error);

  /* Without a device-mapper lvcreate fails, and its own sentence comes back. */
  if (!have_device_mapper ()) {
    g_assert_false (pvm_storage_pool_call_create_volume_sync (pool, "root", MIB, &path, NULL,
                                                              &error));
    pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED, "lvcreate: ");
    g_assert_null (strstr (error->message, "--help"));
    g_clear_error (&error);
  }

  g_autofree char *missing = g_strdup_printf ("<pool type='logical'><name>gone</name>"
                                              "<source><name>%s-gone</name></source></pool>",
                                              f->vg);
  g_assert_false (pvm_host_call_define_pool_sync (f->host, missing, &path, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED, "-gone' of pool 'gone' is not found: "
                             "vgs: Volume group");
}

static void
test_volumes_live_in_the_volume_group (Fixture *f, gconstpointer data)
{
  if (f->skipped)
    return;
  g_autoptr (PvmStoragePool) pool = define_pool (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL, *job = NULL;
  g_autoptr (GVariant) volumes = NULL;
  struct stat st;

  g_assert_cmpuint (pvm_storage_pool_get_capacity_bytes (pool), >, 256 * MIB);
  g_assert_true (pvm_storage_pool_call_create_volume_sync (pool, "root", 64 * MIB, &path, NULL,
                                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_true (S_ISBLK (st.st_mode));
  g_assert_true (pvm_storage_pool_call_resize_volume_sync (pool, "root", 128 * MIB, NULL,
                                                           &error));
  g_assert_no_error (error);
  g_assert_false (pvm_storage_pool_call_resize_volume_sync (pool, "root", 64 * MIB, NULL,
                                                            &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "cannot shrink");
  g_clear_error (&error);

  int fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "pvm-lvm-test", 12, 100 * MIB), ==, 12);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);

  g_assert_true (pvm_storage_pool_call_clone_volume_sync (pool, "root", "copy", &job, NULL,
                                                          &error));
  g_assert_no_error (error);
  wait_for_job (f, job);
  g_assert_true (pvm_storage_pool_call_list_volumes_sync (pool, &volumes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 2);
  const char *name, *copy_path;
  guint64 capacity, allocation;
  g_variant_get_child (volumes, 0, "(&s&stt)", &name, &copy_path, &capacity, &allocation);
  g_assert_cmpstr (name, ==, "copy");
  g_assert_cmpuint (capacity, ==, 128 * MIB);
  char buf[12];
  fd = open (copy_path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (pread (fd, buf, sizeof buf, 100 * MIB), ==, 12);
  close (fd);
  g_assert_true (memcmp (buf, "pvm-lvm-test", 12) == 0);

  g_assert_true (pvm_storage_pool_call_delete_volume_sync (pool, "copy", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  g_assert_false (pvm_storage_pool_call_create_volume_sync (pool, "root", MIB, &path, NULL,
                                                            &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "already has a volume");
}

static void
test_a_guest_boots_with_a_logical_volume (Fixture *f, gconstpointer data)
{
  if (f->skipped)
    return;
  g_autoptr (PvmStoragePool) pool = define_pool (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = NULL, *path = NULL, *guest = pvm_test_guest_dir ();

  g_assert_true (pvm_storage_pool_call_create_volume_sync (pool, "guest", 32 * MIB, &disk, NULL,
                                                           &error));
  g_assert_no_error (error);
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>lvm-guest</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
    "<os><type>linux</type><kernel>%s/Image</kernel><initrd>%s/initramfs.cpio.gz</initrd>"
    "<cmdline>console=ttyS0 quiet</cmdline></os><devices><disk type='block' device='disk'>"
    "<source dev='%s'/><target dev='vda' bus='virtio'/></disk></devices></domain>",
    guest, guest, disk);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  GDBusInterface *iface = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!(iface = g_dbus_object_manager_get_interface (f->manager, path,
                                                        "org.pvm.Hypervisor1.Domain")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_autoptr (PvmDomain) domain = PVM_DOMAIN (iface);
  g_assert_nonnull (domain);

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "pool-lvm-guest");
  g_assert_true (pvm_test_serial_run (serial, "cat /sys/block/vda/size", PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), "65536"));

  g_assert_false (pvm_storage_pool_call_delete_volume_sync (pool, "guest", NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is a disk of the running domain "
                             "'lvm-guest'");
  g_clear_error (&error);
  pvm_test_domain_destroy (domain);
  g_assert_true (pvm_storage_pool_call_delete_volume_sync (pool, "guest", NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, needs_device_mapper, func) \
  g_test_add ("/helper/pool-lvm/" path, Fixture, GINT_TO_POINTER (needs_device_mapper), set_up, \
              func, tear_down)
  ADD ("a-logical-pool-reads-its-volume-group-and-refuses-what-it-cannot-do", FALSE,
       test_a_logical_pool_serves_its_volume_group);
  ADD ("volumes-are-created-grown-copied-and-deleted-in-the-volume-group", TRUE,
       test_volumes_live_in_the_volume_group);
  ADD ("a-guest-boots-with-a-logical-volume-that-stays-busy-while-it-runs", TRUE,
       test_a_guest_boots_with_a_logical_volume);
#undef ADD
  return g_test_run ();
}

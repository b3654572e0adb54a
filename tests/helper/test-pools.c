/* test-pools.c: pvmd's storage pools on a private session bus (GTestDBus), driven through the
 * generated proxies: the default directory pool; volumes created sparse, listed, grown and
 * deleted; a copy under a job whose progress moves, keeps the holes and finishes; a cancelled
 * copy, and one under way when pvmd stops (whose job still says Finished), that leave nothing
 * behind; a copy cut short by SIGKILL that never shows under its name, and whose partial file
 * the next pvmd removes; volumes a running domain uses refused as busy; a second pool defined,
 * replaced, reloaded and undefined; and every wrong argument answered with a named error — a
 * logical pool in session mode among them. */
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "pvmd-test.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define DEFAULT_POOL_PATH "/org/pvm/Hypervisor1/pool/default"
#define JOB_TIMEOUT_S 120

/* ---- helpers ---- */

static PvmStoragePool *
get_pool (PvmTestPvmd *f, const char *path)
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

static void
wait_for_object_gone (PvmTestPvmd *f, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusObject *object;

  while ((object = g_dbus_object_manager_get_object (f->manager, path)) &&
         g_get_monotonic_time () < deadline) {
    g_object_unref (object);
    pvm_test_iterate ();
  }
  g_assert_null (object);
}

static char *
create_volume (PvmStoragePool *pool, const char *name, guint64 capacity)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;

  g_assert_true (pvm_storage_pool_call_create_volume_sync (pool, name, capacity, &path, NULL,
                                                           &error));
  g_assert_no_error (error);
  return path;
}

/* Returns the volumes as the pool lists them (a(sstt)). */
static GVariant *
list_volumes (PvmStoragePool *pool)
{
  g_autoptr (GError) error = NULL;
  GVariant *volumes = NULL;

  g_assert_true (pvm_storage_pool_call_list_volumes_sync (pool, &volumes, NULL, &error));
  g_assert_no_error (error);
  return volumes;
}

static guint64
allocated (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return (guint64) st.st_blocks * 512;
}

/* Writes @len bytes of a pattern of @seed at @offset of the file @path. */
static void
write_data (const char *path, guint64 offset, guint64 len, guint8 seed)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  g_autofree guint8 *buf = g_malloc (8 * MIB);

  g_assert_cmpint (fd, >=, 0);
  for (gsize i = 0; i < 8 * MIB; i++)
    buf[i] = (guint8) (i * 31 + seed);
  for (guint64 done = 0; done < len; done += 8 * MIB) {
    gsize n = (gsize) MIN (len - done, 8 * MIB);
    g_assert_cmpint (pwrite (fd, buf, n, (off_t) (offset + done)), ==, (gssize) n);
  }
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
}

static gboolean
same_contents (const char *a, const char *b)
{
  int fa = open (a, O_RDONLY | O_CLOEXEC), fb = open (b, O_RDONLY | O_CLOEXEC);
  g_autofree char *ba = g_malloc (8 * MIB), *bb = g_malloc (8 * MIB);
  gboolean same = fa >= 0 && fb >= 0;

  while (same) {
    ssize_t na = read (fa, ba, 8 * MIB), nb = read (fb, bb, 8 * MIB);
    same = na == nb && na >= 0 && memcmp (ba, bb, (size_t) na) == 0;
    if (na <= 0)
      break;
  }
  close (fa);
  close (fb);
  return same;
}

/* What a job said, seen through signals subscribed to before it existed. */
typedef struct {
  GDBusConnection *connection;
  guint finished_id, changed_id;
  char *path;        /* the job watched */
  GArray *progress;  /* double: each Progress it published */
  gint64 remaining;  /* the last RemainingSeconds */
  gboolean finished, success;
  char *message;
  gboolean cancel_on_progress; /* call Cancel once progress is seen */
  gboolean cancelled;
} JobWatch;

static void
job_on_finished (GDBusConnection *connection, const char *sender, const char *path,
                 const char *iface, const char *signal, GVariant *params, gpointer data)
{
  JobWatch *w = data;

  if (g_strcmp0 (path, w->path) != 0)
    return;
  w->finished = TRUE;
  g_clear_pointer (&w->message, g_free);
  g_variant_get (params, "(bs)", &w->success, &w->message);
}

static void
job_cancel (JobWatch *w)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    w->connection, "org.pvm.Hypervisor1", w->path, "org.pvm.Hypervisor1.Job", "Cancel", NULL,
    NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);

  g_assert_no_error (error);
  w->cancelled = TRUE;
}

static void
job_on_changed (GDBusConnection *connection, const char *sender, const char *path,
                const char *iface, const char *signal, GVariant *params, gpointer data)
{
  JobWatch *w = data;
  g_autoptr (GVariant) changed = NULL;
  double progress;

  if (g_strcmp0 (path, w->path) != 0)
    return;
  g_variant_get (params, "(s@a{sv}@as)", NULL, &changed, NULL);
  if (g_variant_lookup (changed, "Progress", "d", &progress))
    g_array_append_val (w->progress, progress);
  g_variant_lookup (changed, "RemainingSeconds", "x", &w->remaining);
  if (w->cancel_on_progress && !w->cancelled && progress > 0 && progress < 1)
    job_cancel (w);
}

static JobWatch *
job_watch_new (PvmTestPvmd *f)
{
  JobWatch *w = g_new0 (JobWatch, 1);

  w->connection = f->connection;
  w->progress = g_array_new (FALSE, FALSE, sizeof (double));
  w->remaining = -2;
  w->finished_id = g_dbus_connection_signal_subscribe (
    f->connection, NULL, "org.pvm.Hypervisor1.Job", "Finished", NULL, NULL,
    G_DBUS_SIGNAL_FLAGS_NONE, job_on_finished, w, NULL);
  w->changed_id = g_dbus_connection_signal_subscribe (
    f->connection, NULL, "org.freedesktop.DBus.Properties", "PropertiesChanged", NULL,
    "org.pvm.Hypervisor1.Job", G_DBUS_SIGNAL_FLAGS_NONE, job_on_changed, w, NULL);
  return w;
}

static void
job_watch_free (JobWatch *w)
{
  g_dbus_connection_signal_unsubscribe (w->connection, w->finished_id);
  g_dbus_connection_signal_unsubscribe (w->connection, w->changed_id);
  g_array_unref (w->progress);
  g_free (w->path);
  g_free (w->message);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobWatch, job_watch_free)

static void
job_wait (JobWatch *w)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;

  while (!w->finished && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_true (w->finished);
  g_test_message ("job %s finished: %s “%s” after %u progress updates", w->path,
                  w->success ? "success" : "failure", w->message, w->progress->len);
}

/* Starts copying @name to @new_name and returns the job's path in @w. */
static void
clone_volume (PvmStoragePool *pool, JobWatch *w, const char *name, const char *new_name)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_storage_pool_call_clone_volume_sync (pool, name, new_name, &w->path, NULL,
                                                          &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (w->path, "/org/pvm/Hypervisor1/job/"));
}

/* ---- the tests ---- */

static void
test_the_default_pool_exists (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autofree char *images = g_build_filename (f->dir, "data", "pvm", "images", NULL);
  g_autofree char *file = g_build_filename (f->dir, "pools", "default.xml", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;

  g_assert_cmpstr (pvm_storage_pool_get_name (pool), ==, "default");
  g_assert_cmpstr (pvm_storage_pool_get_type_ (pool), ==, "dir");
  g_assert_cmpstr (pvm_storage_pool_get_target (pool), ==, images);
  g_assert_true (g_file_test (images, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (pvm_storage_pool_get_capacity_bytes (pool), >, 0);
  g_assert_cmpuint (pvm_storage_pool_get_available_bytes (pool), >, 0);
  g_assert_cmpuint (pvm_storage_pool_get_available_bytes (pool), <=,
                    pvm_storage_pool_get_capacity_bytes (pool));

  g_assert_true (pvm_storage_pool_call_get_xml_sync (pool, &xml, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<name>default</name>"));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  if (pvm_helper_test_have_validator ()) {
    const char *argv[] = { "virt-xml-validate", file, "storagepool", NULL };
    int status;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_autoptr (GVariant) volumes = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 0);
}

static void
test_volumes_are_created_listed_resized_and_deleted (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (GError) error = NULL;
  const char *target = pvm_storage_pool_get_target (pool);
  g_autofree char *web = create_volume (pool, "web1.img", 10 * MIB + 1);
  g_autofree char *db = create_volume (pool, "db", 1);
  g_autofree char *expected = g_build_filename (target, "web1.img", NULL);
  struct stat st;

  g_assert_cmpstr (web, ==, expected);
  g_assert_cmpint (stat (web, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 11 * MIB); /* rounded up to whole MiB */
  g_assert_cmpint (st.st_blocks, ==, 0);      /* sparse */
  g_assert_cmpint (stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, MIB);

  write_data (web, 0, 2 * MIB, 1);
  g_autoptr (GVariant) volumes = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 2);
  const char *name, *path;
  guint64 capacity, allocation;
  g_variant_get_child (volumes, 0, "(&s&stt)", &name, &path, &capacity, &allocation);
  g_assert_cmpstr (name, ==, "db");
  g_assert_cmpstr (path, ==, db);
  g_assert_cmpuint (capacity, ==, MIB);
  g_assert_cmpuint (allocation, ==, 0);
  g_variant_get_child (volumes, 1, "(&s&stt)", &name, &path, &capacity, &allocation);
  g_assert_cmpstr (name, ==, "web1.img");
  g_assert_cmpuint (capacity, ==, 11 * MIB);
  g_assert_cmpuint (allocation, >=, 2 * MIB);
  g_assert_cmpuint (allocation, <, 3 * MIB);

  /* Grown: the new part is a hole; the same size again is no change. */
  g_assert_true (pvm_storage_pool_call_resize_volume_sync (pool, "web1.img", 20 * MIB, NULL,
                                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (web, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 20 * MIB);
  g_assert_cmpuint ((guint64) st.st_blocks * 512, <, 3 * MIB);
  g_assert_true (pvm_storage_pool_call_resize_volume_sync (pool, "web1.img", 20 * MIB - 5, NULL,
                                                           &error));
  g_assert_no_error (error);

  g_assert_true (pvm_storage_pool_call_delete_volume_sync (pool, "db", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_autoptr (GVariant) after = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (after), ==, 1);
}

static void
test_a_copy_keeps_the_holes_and_reports_progress (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (JobWatch) w = job_watch_new (f);
  g_autofree char *source = create_volume (pool, "base.img", 1024 * MIB);
  g_autofree char *copy = g_build_filename (pvm_storage_pool_get_target (pool), "copy.img",
                                            NULL);

  /* 256 MiB of data in four extents with holes between them and after them. */
  for (guint i = 0; i < 4; i++)
    write_data (source, i * 200 * MIB, 64 * MIB, (guint8) i);
  clone_volume (pool, w, "base.img", "copy.img");
  job_wait (w);
  g_assert_true (w->success);
  g_assert_cmpstr (w->message, ==, "");

  /* Progress moved: seen between 0 and 1, never backwards, and 1 at the end. */
  gboolean between = FALSE;
  for (guint i = 0; i < w->progress->len; i++) {
    double p = g_array_index (w->progress, double, i);
    g_test_message ("progress %.3f", p);
    between |= p > 0.0 && p < 1.0;
    if (i > 0)
      g_assert_cmpfloat (p, >=, g_array_index (w->progress, double, i - 1));
  }
  g_assert_true (between);
  g_assert_cmpfloat (g_array_index (w->progress, double, w->progress->len - 1), ==, 1.0);
  g_assert_cmpint (w->remaining, ==, 0);
  wait_for_object_gone (f, w->path);

  struct stat st;
  g_assert_cmpint (stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 1024 * MIB);
  guint64 src_alloc = allocated (source), copy_alloc = allocated (copy);
  g_test_message ("allocated: source %" G_GUINT64_FORMAT ", copy %" G_GUINT64_FORMAT, src_alloc,
                  copy_alloc);
  g_assert_cmpuint (copy_alloc, <=, src_alloc + src_alloc / 100);
  g_assert_cmpuint (copy_alloc, >=, src_alloc - src_alloc / 100);
  g_assert_true (same_contents (source, copy));

  g_autoptr (GVariant) volumes = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 2);
}

static void
test_a_cancelled_copy_leaves_nothing (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (JobWatch) w = job_watch_new (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *source = create_volume (pool, "big.img", 8192 * MIB);
  g_autofree char *copy = g_build_filename (pvm_storage_pool_get_target (pool), "big-copy.img",
                                            NULL);

  /* Sparse, but with 384 MiB written: the copy takes a while. */
  write_data (source, 0, 256 * MIB, 7);
  write_data (source, 6144 * MIB, 128 * MIB, 9);
  clone_volume (pool, w, "big.img", "big-copy.img");

  /* While it runs, neither volume nor the pool can go. */
  g_assert_false (pvm_storage_pool_call_delete_volume_sync (pool, "big.img", NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Volume 'big.img' of pool 'default' is "
                             "being copied");
  g_clear_error (&error);
  g_assert_false (pvm_storage_pool_call_create_volume_sync (pool, "big-copy.img", MIB, NULL,
                                                            NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "already has a volume named "
                             "'big-copy.img'");
  g_clear_error (&error);
  g_assert_false (pvm_storage_pool_call_undefine_sync (pool, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Pool 'default' is copying a volume");
  g_clear_error (&error);

  w->cancel_on_progress = TRUE;
  job_wait (w);
  g_assert_true (w->cancelled);
  g_assert_false (w->success);
  g_assert_cmpstr (w->message, ==, "Cancelled");
  wait_for_object_gone (f, w->path);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_autoptr (GVariant) volumes = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 1);

  /* Once the job is over the source is free again. */
  g_assert_true (pvm_storage_pool_call_delete_volume_sync (pool, "big.img", NULL, &error));
  g_assert_no_error (error);
}

static void
test_a_copy_under_way_when_pvmd_stops_is_removed (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (JobWatch) w = job_watch_new (f);
  g_autofree char *source = create_volume (pool, "src.img", 1024 * MIB);
  g_autofree char *copy = g_build_filename (pvm_storage_pool_get_target (pool), "dst.img", NULL);

  write_data (source, 0, 384 * MIB, 3);
  clone_volume (pool, w, "src.img", "dst.img");
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;
  while (w->progress->len == 0 && !w->finished && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_false (w->finished);
  g_clear_object (&pool);
  /* pvmd cancels the job, removes the copy and says Finished, then ends. */
  pvm_test_pvmd_stop (f, SIGTERM);
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!w->finished && g_get_monotonic_time () < until)
    pvm_test_iterate ();
  g_assert_true (w->finished);
  g_assert_false (w->success);
  g_assert_cmpstr (w->message, ==, "Cancelled: pvmd is stopping");
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (source, G_FILE_TEST_IS_REGULAR));
}

/* Returns the names in @dir that start with @prefix, joined by " ". */
static char *
names_starting_with (const char *dir, const char *prefix)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GString) names = g_string_new ("");
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)))
    if (g_str_has_prefix (name, prefix))
      g_string_append_printf (names, "%s%s", names->len ? " " : "", name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_a_copy_cut_short_by_sigkill_leaves_nothing (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (JobWatch) w = job_watch_new (f);
  g_autofree char *source = create_volume (pool, "whole.img", 1024 * MIB);
  g_autofree char *dir = g_strdup (pvm_storage_pool_get_target (pool));
  g_autofree char *copy = g_build_filename (dir, "half.img", NULL);

  write_data (source, 0, 512 * MIB, 5);
  clone_volume (pool, w, "whole.img", "half.img");
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;
  while (w->progress->len == 0 && !w->finished && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_false (w->finished);

  /* Mid-copy, the data goes to a partial file: the name is not taken yet. */
  g_clear_object (&pool);
  pvm_test_pvmd_stop (f, SIGKILL);
  g_autofree char *partial = names_starting_with (dir, ".pvm-partial-");
  g_test_message ("left after SIGKILL: %s", partial);
  g_assert_cmpstr (partial, ==, ".pvm-partial-half.img");
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));

  /* The next pvmd removes it when it loads the pool. */
  pvm_test_pvmd_start (f);
  pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autofree char *left = names_starting_with (dir, ".pvm-partial-");
  g_assert_cmpstr (left, ==, "");
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_autoptr (GVariant) volumes = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 1);

  /* The name is free for a copy that completes. */
  g_autoptr (JobWatch) again = job_watch_new (f);
  clone_volume (pool, again, "whole.img", "half.img");
  job_wait (again);
  g_assert_true (again->success);
  g_assert_true (same_contents (source, copy));
}

static void
test_a_running_domains_disk_is_busy (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = create_volume (pool, "root.img", 16 * MIB);
  g_autofree char *base = pvm_test_pvmd_guest_xml (f, "user", NULL, 256);
  g_autofree char *disk_xml = g_strdup_printf ("<devices><disk type='file' device='disk'>"
                                               "<source file='%s'/><target dev='vda' bus='virtio'/>"
                                               "</disk></devices></domain>", disk);
  g_autofree char *head = g_strndup (base, strlen (base) - strlen ("</domain>"));
  g_autofree char *xml = g_strconcat (head, disk_xml, NULL);
  g_autofree char *path = NULL;

  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);

  /* Shut off: nothing stops a change. */
  g_assert_true (pvm_storage_pool_call_resize_volume_sync (pool, "root.img", 32 * MIB, NULL,
                                                           &error));
  g_assert_no_error (error);

  pvm_domain_call_start_sync (domain, NULL, &error);
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (domain, "running");
  g_assert_false (pvm_storage_pool_call_delete_volume_sync (pool, "root.img", NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is a disk of the running domain 'user'");
  g_clear_error (&error);
  g_assert_false (pvm_storage_pool_call_resize_volume_sync (pool, "root.img", 64 * MIB, NULL,
                                                            &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is a disk of the running domain 'user'");
  g_clear_error (&error);
  g_assert_false (pvm_storage_pool_call_clone_volume_sync (pool, "root.img", "root2.img", NULL,
                                                           NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is a disk of the running domain 'user'");
  g_clear_error (&error);

  pvm_test_domain_destroy (domain);
  g_assert_true (pvm_storage_pool_call_delete_volume_sync (pool, "root.img", NULL, &error));
  g_assert_no_error (error);
}

static void
test_a_second_pool_is_defined_replaced_and_undefined (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->dir, "more", "images", NULL);
  g_autofree char *other = g_build_filename (f->dir, "elsewhere", NULL);
  g_autofree char *xml = g_strdup_printf ("<pool type='dir'><name>second-pool</name>"
                                          "<target><path>%s</path></target></pool>", dir);
  g_autofree char *moved = g_strdup_printf ("<pool type='dir'><name>second-pool</name>"
                                            "<target><path>%s</path></target></pool>", other);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL, *again = NULL;

  g_assert_true (pvm_host_call_define_pool_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/org/pvm/Hypervisor1/pool/second_2dpool");
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_autoptr (PvmStoragePool) pool = get_pool (f, path);
  g_assert_cmpstr (pvm_storage_pool_get_name (pool), ==, "second-pool");
  g_assert_cmpstr (pvm_storage_pool_get_target (pool), ==, dir);
  g_autofree char *volume = create_volume (pool, "v", MIB);
  g_assert_true (g_str_has_prefix (volume, dir));

  /* A restarted pvmd has it, and still the default one. */
  g_clear_object (&pool);
  pvm_test_pvmd_stop (f, SIGTERM);
  pvm_test_pvmd_start (f);
  pool = get_pool (f, path);
  g_autoptr (PvmStoragePool) default_pool = get_pool (f, DEFAULT_POOL_PATH);
  g_autoptr (GVariant) volumes = list_volumes (pool);
  g_assert_cmpuint (g_variant_n_children (volumes), ==, 1);

  /* The same name again replaces the definition; the object stays. */
  g_assert_true (pvm_host_call_define_pool_sync (f->host, moved, &again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_strcmp0 (pvm_storage_pool_get_target (pool), other) != 0 &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpstr (pvm_storage_pool_get_target (pool), ==, other);

  /* Undefined: the object and the file go, the volumes stay. */
  g_assert_true (pvm_storage_pool_call_undefine_sync (pool, NULL, &error));
  g_assert_no_error (error);
  wait_for_object_gone (f, path);
  g_autofree char *file = g_build_filename (f->dir, "pools", "second-pool.xml", NULL);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (volume, G_FILE_TEST_IS_REGULAR));
}

static void
assert_define_refused (PvmTestPvmd *f, const char *xml, int code, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_false (pvm_host_call_define_pool_sync (f->host, xml, &path, NULL, &error));
  pvm_test_assert_pvm_error (error, code, fragment);
}

/* Checks that the call that set @error (and returned @ok) failed with @code and @fragment. */
static void
assert_refused (gboolean ok, GError **error, int code, const char *fragment)
{
  g_assert_false (ok);
  pvm_test_assert_pvm_error (*error, code, fragment);
  g_clear_error (error);
}

static void
test_wrong_arguments_get_named_errors (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f, DEFAULT_POOL_PATH);
  GError *error = NULL;
  g_autofree char *path = NULL, *job = NULL;
  gboolean ok;

  g_free (create_volume (pool, "a.img", 4 * MIB));
  g_free (create_volume (pool, "b.img", MIB));
  g_autofree char *stray = g_build_filename (pvm_storage_pool_get_target (pool), "stray", NULL);
  g_assert_true (g_file_set_contents (stray, "", 0, NULL));

  ok = pvm_storage_pool_call_create_volume_sync (pool, "../x", MIB, &path, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT,
                  "“../x” cannot name a volume in pool 'default'");
  ok = pvm_storage_pool_call_create_volume_sync (pool, "", MIB, &path, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT, "cannot name a volume");
  ok = pvm_storage_pool_call_create_volume_sync (pool, "c.img", 0, &path, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT, "Volume 'c.img' cannot have 0 bytes");
  ok = pvm_storage_pool_call_create_volume_sync (pool, "a.img", MIB, &path, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT,
                  "Pool 'default' already has a volume named 'a.img'");
  /* A file that is there is never overwritten, even if nothing listed it. */
  ok = pvm_storage_pool_call_create_volume_sync (pool, "stray", MIB, &path, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT, "already has a volume");
  ok = pvm_storage_pool_call_resize_volume_sync (pool, "a.img", 3 * MIB, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT,
                  "Volume 'a.img' of pool 'default' has 4194304 bytes and cannot shrink");
  ok = pvm_storage_pool_call_resize_volume_sync (pool, "none", 2 * MIB, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_NOT_FOUND, "Pool 'default' has no volume 'none'");
  ok = pvm_storage_pool_call_delete_volume_sync (pool, "none", NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_NOT_FOUND, "Pool 'default' has no volume 'none'");
  ok = pvm_storage_pool_call_clone_volume_sync (pool, "none", "c.img", &job, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_NOT_FOUND, "Pool 'default' has no volume 'none'");
  ok = pvm_storage_pool_call_clone_volume_sync (pool, "a.img", "b.img", &job, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT, "already has a volume named 'b.img'");
  ok = pvm_storage_pool_call_clone_volume_sync (pool, "a.img", "-c", &job, NULL, &error);
  assert_refused (ok, &error, PVM_ERROR_INVALID_ARGUMENT, "“-c” cannot name a volume");

  assert_define_refused (f, "<pool type='dir'><name>x</name></pool>",
                         PVM_ERROR_INVALID_ARGUMENT, "<target><path> is missing");
  assert_define_refused (f, "<pool type='iscsi'><name>x</name></pool>",
                         PVM_ERROR_INVALID_ARGUMENT, "<pool type=\"iscsi\"> is not a kind");
  assert_define_refused (f, "<pool type='dir'><name>x</name><target><path>/proc/pvm-x</path>"
                         "</target></pool>", PVM_ERROR_FAILED, "Cannot create the directory "
                         "/proc/pvm-x of pool 'x'");
  assert_define_refused (f, "<pool type='logical'><name>vg0</name>"
                         "<source><name>vg0</name></source></pool>",
                         PVM_ERROR_NOT_AUTHORIZED, "needs pvmd in system mode");
}

int
main (int argc, char **argv)
{
  /* 256 MiB/s: the copies below last long enough for progress and cancellation to be seen. */
  g_setenv ("PVM_COPY_BANDWIDTH", "256", TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-pools-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func) \
  g_test_add ("/helper/pools/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("the-default-directory-pool-exists-with-its-space", test_the_default_pool_exists);
  ADD ("sparse-volumes-are-created-listed-grown-and-deleted",
       test_volumes_are_created_listed_resized_and_deleted);
  ADD ("a-copy-moves-its-progress-keeps-the-holes-and-finishes",
       test_a_copy_keeps_the_holes_and_reports_progress);
  ADD ("a-cancelled-copy-leaves-nothing-behind", test_a_cancelled_copy_leaves_nothing);
  ADD ("a-copy-under-way-when-pvmd-stops-is-cancelled-removed-and-says-finished",
       test_a_copy_under_way_when_pvmd_stops_is_removed);
  ADD ("a-copy-cut-short-by-sigkill-never-shows-under-its-name-and-its-partial-file-goes",
       test_a_copy_cut_short_by_sigkill_leaves_nothing);
  ADD ("a-running-domains-disk-cannot-be-deleted-grown-or-copied",
       test_a_running_domains_disk_is_busy);
  ADD ("a-second-pool-is-defined-reloaded-replaced-and-undefined",
       test_a_second_pool_is_defined_replaced_and_undefined);
  ADD ("every-wrong-argument-gets-a-named-error", test_wrong_arguments_get_named_errors);
#undef ADD
  return g_test_run ();
}

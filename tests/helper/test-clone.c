/* test-clone.c: Domain.Clone on a private session bus (GTestDBus): the copy of a stopped
 * domain is defined under its new name, UUID and MAC address once its pool volumes are copied
 * (a read-only disk outside the pools shared as it is), while the source's Job property
 * points at the job and the source cannot start; a cancelled clone removes the copies it made
 * and defines nothing; every wrong argument gets a named error. */
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "pvmd-test.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define DEFAULT_POOL_PATH "/org/pvm/Hypervisor1/pool/default"
#define JOB_TIMEOUT_S 120

static PvmStoragePool *
get_pool (PvmTestPvmd *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusInterface *iface;

  while (!(iface = g_dbus_object_manager_get_interface (f->manager, DEFAULT_POOL_PATH,
                                                        "org.pvm.Hypervisor1.StoragePool")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (iface);
  return PVM_STORAGE_POOL (iface);
}

/* Creates the volume @name of @mib MiB, its first @written MiB filled with a pattern. */
static char *
create_volume (PvmStoragePool *pool, const char *name, guint mib, guint written)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *buf = g_malloc (MIB);
  char *path = NULL;

  g_assert_true (pvm_storage_pool_call_create_volume_sync (pool, name, mib * MIB, &path, NULL,
                                                           &error));
  g_assert_no_error (error);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < written; i++) {
    for (gsize j = 0; j < MIB; j++)
      buf[j] = (guint8) (j * 13 + i);
    g_assert_cmpint (pwrite (fd, buf, MIB, (off_t) (i * MIB)), ==, (gssize) MIB);
  }
  close (fd);
  return path;
}

/* Defines @name with @devices (XML) and returns its proxy. */
static PvmDomain *
define_domain (PvmTestPvmd *f, const char *name, const char *devices)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = pvm_test_pvmd_guest_xml (f, name, NULL, 256);
  g_autofree char *head = g_strndup (base, strlen (base) - strlen ("</domain>"));
  g_autofree char *xml = g_strconcat (head, "<devices>", devices, "</devices></domain>", NULL);
  g_autofree char *path = NULL;

  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  return pvm_test_pvmd_get_domain (f, path);
}

static char *
disk_xml (const char *path, gboolean readonly)
{
  return g_strdup_printf ("<disk type='file' device='disk'><source file='%s'/>"
                          "<target dev='vd%c' bus='virtio'/>%s</disk>", path,
                          readonly ? 'b' : 'a', readonly ? "<readonly/>" : "");
}

/* Returns the domain named @name, or NULL (a new reference). */
static PvmDomain *
find_domain (PvmTestPvmd *f, const char *name)
{
  GList *objects = g_dbus_object_manager_get_objects (f->manager);
  PvmDomain *found = NULL;

  for (GList *l = objects; l && !found; l = l->next) {
    GDBusInterface *iface = g_dbus_object_get_interface (l->data, "org.pvm.Hypervisor1.Domain");
    if (iface && g_strcmp0 (pvm_domain_get_name (PVM_DOMAIN (iface)), name) == 0)
      found = PVM_DOMAIN (g_object_ref (iface));
    g_clear_object (&iface);
  }
  g_list_free_full (objects, g_object_unref);
  return found;
}

static PvmDomain *
wait_for_domain (PvmTestPvmd *f, const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  PvmDomain *domain;

  while (!(domain = find_domain (f, name)) && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (domain);
  return domain;
}

/* The job of a Clone: its Finished signal, and Cancel once it has shown @cancel_at progress. */
typedef struct {
  GDBusConnection *connection;
  guint finished_id, changed_id;
  char *path;
  double progress;
  double cancel_at; /* 0: never */
  gboolean cancelled, finished, success;
  char *message;
} Job;

static void
job_on_finished (GDBusConnection *connection, const char *sender, const char *path,
                 const char *iface, const char *signal, GVariant *params, gpointer data)
{
  Job *job = data;

  if (g_strcmp0 (path, job->path) != 0)
    return;
  job->finished = TRUE;
  g_variant_get (params, "(bs)", &job->success, &job->message);
}

static void
job_on_changed (GDBusConnection *connection, const char *sender, const char *path,
                const char *iface, const char *signal, GVariant *params, gpointer data)
{
  Job *job = data;
  g_autoptr (GVariant) changed = NULL;

  if (g_strcmp0 (path, job->path) != 0)
    return;
  g_variant_get (params, "(s@a{sv}@as)", NULL, &changed, NULL);
  g_variant_lookup (changed, "Progress", "d", &job->progress);
  if (job->cancel_at > 0 && !job->cancelled && job->progress >= job->cancel_at) {
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
      connection, "org.pvm.Hypervisor1", job->path, "org.pvm.Hypervisor1.Job", "Cancel", NULL,
      NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
    g_test_message ("cancelled at %.3f", job->progress);
    job->cancelled = reply != NULL;
  }
}

static Job *
job_new (PvmTestPvmd *f)
{
  Job *job = g_new0 (Job, 1);

  job->connection = f->connection;
  job->finished_id = g_dbus_connection_signal_subscribe (
    f->connection, NULL, "org.pvm.Hypervisor1.Job", "Finished", NULL, NULL,
    G_DBUS_SIGNAL_FLAGS_NONE, job_on_finished, job, NULL);
  job->changed_id = g_dbus_connection_signal_subscribe (
    f->connection, NULL, "org.freedesktop.DBus.Properties", "PropertiesChanged", NULL,
    "org.pvm.Hypervisor1.Job", G_DBUS_SIGNAL_FLAGS_NONE, job_on_changed, job, NULL);
  return job;
}

static void
job_free (Job *job)
{
  g_dbus_connection_signal_unsubscribe (job->connection, job->finished_id);
  g_dbus_connection_signal_unsubscribe (job->connection, job->changed_id);
  g_free (job->path);
  g_free (job->message);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
job_wait (Job *job)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_S * G_USEC_PER_SEC;

  while (!job->finished && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_true (job->finished);
  g_test_message ("job %s: %s “%s”", job->path, job->success ? "success" : "failure",
                  job->message);
}

static void
wait_for_job_property (PvmDomain *domain, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (pvm_domain_get_job (domain), path) != 0 &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpstr (pvm_domain_get_job (domain), ==, path);
}

static GVariant *
no_options (void)
{
  return g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0);
}

static gboolean
same_contents (const char *a, const char *b)
{
  g_autofree char *ta = NULL, *tb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ta, &la, NULL));
  g_assert_true (g_file_get_contents (b, &tb, &lb, NULL));
  return la == lb && memcmp (ta, tb, la) == 0;
}

/* ---- the tests ---- */

static void
test_a_clone_copies_the_volumes_and_defines_the_copy (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *root = create_volume (pool, "web1.img", 512, 384);
  g_autofree char *base = g_build_filename (f->dir, "base.img", NULL);
  g_assert_true (g_file_set_contents (base, "shared, read-only", -1, NULL));
  g_autofree char *vda = disk_xml (root, FALSE), *vdb = disk_xml (base, TRUE);
  g_autofree char *devices = g_strconcat (vda, vdb, "<interface type='user'>"
                                          "<mac address='52:54:00:00:00:01'/></interface>",
                                          NULL);
  g_autoptr (PvmDomain) web1 = define_domain (f, "web1", devices);
  g_autoptr (Job) job = job_new (f);

  g_assert_cmpstr (pvm_domain_get_job (web1), ==, "/");
  g_assert_true (pvm_domain_call_clone_sync (web1, "web2", no_options (), &job->path, NULL,
                                             &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (job->path, "/org/pvm/Hypervisor1/job/"));

  /* While it copies, the source shows the job and does not start. */
  wait_for_job_property (web1, job->path);
  if (!job->finished) {
    g_assert_false (pvm_domain_call_start_sync (web1, NULL, &error));
    pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Domain 'web1' is being cloned");
    g_clear_error (&error);
  }
  job_wait (job);
  g_assert_true (job->success);
  g_assert_cmpstr (job->message, ==, "");
  wait_for_job_property (web1, "/");

  g_autoptr (PvmDomain) web2 = wait_for_domain (f, "web2");
  g_assert_cmpstr (pvm_domain_get_uuid (web2), !=, pvm_domain_get_uuid (web1));
  g_assert_cmpstr (pvm_domain_get_state (web2), ==, "shutoff");
  g_autofree char *xml = NULL;
  g_assert_true (pvm_domain_call_get_xml_sync (web2, &xml, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *dir = g_path_get_dirname (root);
  g_autofree char *copy = g_build_filename (dir, "web2.img", NULL);
  g_autofree char *copy_source = g_strdup_printf ("<source file=\"%s\"/>", copy);
  g_autofree char *base_source = g_strdup_printf ("<source file=\"%s\"/>", base);
  g_assert_nonnull (strstr (xml, copy_source));
  g_assert_nonnull (strstr (xml, base_source));
  g_assert_nonnull (strstr (xml, "<mac address=\"52:54:00:"));
  g_assert_null (strstr (xml, "52:54:00:00:00:01"));
  g_assert_true (same_contents (root, copy));

  /* With the "uuid" option, the copy has that UUID. */
  g_autoptr (Job) second = job_new (f);
  GVariantDict options;
  g_variant_dict_init (&options, NULL);
  g_variant_dict_insert (&options, "uuid", "s", "7D5E1C00-93A4-4A36-8D7E-3F2B6C1A9E42");
  g_assert_true (pvm_domain_call_clone_sync (web1, "web3", g_variant_dict_end (&options),
                                             &second->path, NULL, &error));
  g_assert_no_error (error);
  job_wait (second);
  g_assert_true (second->success);
  g_autoptr (PvmDomain) web3 = wait_for_domain (f, "web3");
  g_assert_cmpstr (pvm_domain_get_uuid (web3), ==, "7d5e1c00-93a4-4a36-8d7e-3f2b6c1a9e42");
}

static void
test_a_cancelled_clone_leaves_nothing (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *root = create_volume (pool, "db1.img", 64, 64);
  g_autofree char *data_disk = create_volume (pool, "db1-data.img", 1024, 384);
  g_autofree char *vda = disk_xml (root, FALSE);
  g_autofree char *vdb = g_strdup_printf ("<disk type='file' device='disk'><source file='%s'/>"
                                          "<target dev='vdb' bus='virtio'/></disk>", data_disk);
  g_autofree char *devices = g_strconcat (vda, vdb, NULL);
  g_autoptr (PvmDomain) db1 = define_domain (f, "db1", devices);
  g_autoptr (Job) job = job_new (f);

  /* Cancelled while the second volume is copied: the first copy goes too. */
  job->cancel_at = 0.6;
  g_assert_true (pvm_domain_call_clone_sync (db1, "db2", no_options (), &job->path, NULL,
                                             &error));
  g_assert_no_error (error);
  job_wait (job);
  g_assert_true (job->cancelled);
  g_assert_false (job->success);
  g_assert_cmpstr (job->message, ==, "Cancelled");
  wait_for_job_property (db1, "/");

  g_autofree char *dir = g_path_get_dirname (root);
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (handle))) {
    g_test_message ("left in the pool: %s", name);
    g_assert_false (g_str_has_prefix (name, "db2"));
    g_assert_false (g_str_has_prefix (name, ".pvm-partial-"));
  }
  for (int i = 0; i < 50; i++)
    pvm_test_iterate ();
  g_autoptr (PvmDomain) db2 = find_domain (f, "db2");
  g_assert_null (db2);

  /* The source is free again: it can be cloned (and started). */
  g_autoptr (Job) again = job_new (f);
  g_assert_true (pvm_domain_call_clone_sync (db1, "db2", no_options (), &again->path, NULL,
                                             &error));
  g_assert_no_error (error);
  job_wait (again);
  g_assert_true (again->success);
}

/* Checks that Clone of @domain as @name with @options fails with @code and @fragment. */
static void
assert_clone_refused (PvmDomain *domain, const char *name, GVariant *options, int code,
                      const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *job = NULL;

  g_assert_false (pvm_domain_call_clone_sync (domain, name, options, &job, NULL, &error));
  pvm_test_assert_pvm_error (error, code, fragment);
}

static void
test_wrong_arguments_get_named_errors (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmStoragePool) pool = get_pool (f);
  g_autofree char *root = create_volume (pool, "app1.img", 16, 1);
  g_autofree char *vda = disk_xml (root, FALSE);
  g_autoptr (PvmDomain) app1 = define_domain (f, "app1", vda);
  g_autoptr (PvmDomain) other = define_domain (f, "other", "");
  GVariantDict options;

  assert_clone_refused (app1, "other", no_options (), PVM_ERROR_INVALID_ARGUMENT,
                        "A domain named 'other' already exists");
  assert_clone_refused (app1, "a/b", no_options (), PVM_ERROR_INVALID_ARGUMENT,
                        "Domain 'app1' cannot be cloned as “a/b”: <name> must be");
  assert_clone_refused (app1, "", no_options (), PVM_ERROR_INVALID_ARGUMENT, "<name>");
  g_variant_dict_init (&options, NULL);
  g_variant_dict_insert (&options, "color", "s", "red");
  assert_clone_refused (app1, "app2", g_variant_dict_end (&options), PVM_ERROR_INVALID_ARGUMENT,
                        "Clone has no option 'color'");
  g_variant_dict_init (&options, NULL);
  g_variant_dict_insert (&options, "uuid", "s", "1234");
  assert_clone_refused (app1, "app2", g_variant_dict_end (&options), PVM_ERROR_INVALID_ARGUMENT,
                        "The option 'uuid' of Clone must be a UUID");
  g_variant_dict_init (&options, NULL);
  g_variant_dict_insert (&options, "uuid", "s", pvm_domain_get_uuid (other));
  assert_clone_refused (app1, "app2", g_variant_dict_end (&options), PVM_ERROR_INVALID_ARGUMENT,
                        "A domain with the UUID");

  /* A volume name the copy would take, a volume that is gone, a disk outside the pools. */
  g_free (create_volume (pool, "app2.img", 1, 0));
  assert_clone_refused (app1, "app2", no_options (), PVM_ERROR_INVALID_ARGUMENT,
                        "Pool 'default' already has a volume named 'app2.img'");
  g_autofree char *dir = g_path_get_dirname (root);
  g_autofree char *gone = g_build_filename (dir, "gone.img", NULL);
  g_autofree char *gone_xml = disk_xml (gone, FALSE);
  g_autoptr (PvmDomain) ghost = define_domain (f, "ghost", gone_xml);
  assert_clone_refused (ghost, "ghost2", no_options (), PVM_ERROR_NOT_FOUND,
                        "Pool 'default' has no volume 'gone.img'");
  g_autofree char *outside = g_build_filename (f->dir, "outside.img", NULL);
  g_assert_true (g_file_set_contents (outside, "", 0, NULL));
  g_autofree char *outside_xml = disk_xml (outside, FALSE);
  g_autoptr (PvmDomain) loose = define_domain (f, "loose", outside_xml);
  assert_clone_refused (loose, "loose2", no_options (), PVM_ERROR_INVALID_ARGUMENT,
                        "is no volume of a storage pool");

  /* A running domain. */
  pvm_test_domain_start (other);
  assert_clone_refused (other, "other2", no_options (), PVM_ERROR_BUSY,
                        "Domain 'other' is running: shut it off before cloning it");
  pvm_test_domain_destroy (other);

  /* Nothing of these was made. */
  for (int i = 0; i < 50; i++)
    pvm_test_iterate ();
  g_autoptr (PvmDomain) app2 = find_domain (f, "app2");
  g_assert_null (app2);
  g_assert_cmpstr (pvm_domain_get_job (app1), ==, "/");
}

int
main (int argc, char **argv)
{
  /* 256 MiB/s: the copies last long enough for the job to be seen and cancelled. */
  g_setenv ("PVM_COPY_BANDWIDTH", "256", TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-clone-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func) \
  g_test_add ("/helper/clone/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("a-clone-copies-the-pool-volumes-and-defines-the-copy-while-job-shows-it",
       test_a_clone_copies_the_volumes_and_defines_the_copy);
  ADD ("a-cancelled-clone-removes-its-copies-and-defines-nothing",
       test_a_cancelled_clone_leaves_nothing);
  ADD ("every-wrong-argument-gets-a-named-error", test_wrong_arguments_get_named_errors);
#undef ADD
  return g_test_run ();
}

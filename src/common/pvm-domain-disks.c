/* pvm-domain-disks.c: a domain's disks matched against its pvmd's pool volumes.
 *
 * GetXML, then GetManagedObjects on pvmd's root for the pools, then every pool's ListVolumes
 * at once; the answer is ready when the last listing is in. */
#include "common/pvm-domain-disks.h"

#include "common/pvm-connect.h"
#include "common/pvm-domain-config.h"

#define DISKS_POOL_IFACE "org.pvm.Hypervisor1.StoragePool"

void
pvm_domain_disk_volume_free (PvmDomainDiskVolume *disk)
{
  if (!disk)
    return;
  g_free (disk->path);
  g_free (disk->pool);
  g_free (disk->pool_name);
  g_free (disk->volume);
  g_free (disk);
}

typedef struct {
  GDBusConnection *connection;
  char *bus_name;
  GPtrArray *disks; /* of PvmDomainDiskVolume */
  guint pending;    /* ListVolumes calls under way */
} DisksFind;

static void
disks_find_free (DisksFind *find)
{
  g_clear_object (&find->connection);
  g_free (find->bus_name);
  g_clear_pointer (&find->disks, g_ptr_array_unref);
  g_free (find);
}

/* Returns the disks to the caller once no listing is under way. */
static void
disks_find_complete (GTask *task)
{
  DisksFind *find = g_task_get_task_data (task);

  if (find->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_ptr_array_ref (find->disks),
                         (GDestroyNotify) g_ptr_array_unref);
}

typedef struct {
  GTask *task;
  char *pool;
  char *pool_name;
} DisksPoolCall;

static void
disks_on_volumes (GObject *source, GAsyncResult *result, gpointer data)
{
  DisksPoolCall *call = data;
  g_autoptr (GTask) task = call->task;
  DisksFind *find = g_task_get_task_data (task);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) volumes = NULL;
  g_autoptr (GError) error = NULL;
  const char *name, *path;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply) {
    g_variant_get (reply, "(a(sstt))", &volumes);
    while (g_variant_iter_next (volumes, "(&s&stt)", &name, &path, NULL, NULL))
      for (guint i = 0; i < find->disks->len; i++) {
        PvmDomainDiskVolume *disk = find->disks->pdata[i];
        if (!disk->pool && g_strcmp0 (disk->path, path) == 0) {
          disk->pool = g_strdup (call->pool);
          disk->pool_name = g_strdup (call->pool_name);
          disk->volume = g_strdup (name);
        }
      }
  }
  find->pending--;
  disks_find_complete (task);
  g_free (call->pool);
  g_free (call->pool_name);
  g_free (call);
}

static void
disks_on_objects (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  DisksFind *find = g_task_get_task_data (task);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) objects = NULL;
  g_autoptr (GError) error = NULL;
  const char *object_path;
  GVariant *interfaces;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (!reply) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  g_variant_get (reply, "(a{oa{sa{sv}}})", &objects);
  while (g_variant_iter_loop (objects, "{&o@a{sa{sv}}}", &object_path, &interfaces)) {
    g_autoptr (GVariant) pool = g_variant_lookup_value (interfaces, DISKS_POOL_IFACE, NULL);
    DisksPoolCall *call;

    if (!pool)
      continue;
    call = g_new0 (DisksPoolCall, 1);
    call->task = g_object_ref (task);
    call->pool = g_strdup (object_path);
    if (!g_variant_lookup (pool, "Name", "s", &call->pool_name))
      call->pool_name = g_strdup ("");
    find->pending++;
    g_dbus_connection_call (find->connection, find->bus_name, object_path, DISKS_POOL_IFACE,
                            "ListVolumes", NULL, G_VARIANT_TYPE ("(a(sstt))"),
                            G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task),
                            disks_on_volumes, call);
  }
  disks_find_complete (task);
}

static void
disks_on_xml (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  DisksFind *find = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (PvmDomainConfig) config = NULL;
  GCancellable *cancellable;
  guint n;

  if (!pvm_domain_call_get_xml_finish (PVM_DOMAIN (source), &xml, result, &error) ||
      !(config = pvm_domain_config_new_from_xml (xml, &error))) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  n = pvm_domain_config_get_n_disks (config);
  for (guint i = 0; i < n; i++) {
    const PvmDomainDisk *source_disk = pvm_domain_config_get_disk (config, i);
    PvmDomainDiskVolume *disk = g_new0 (PvmDomainDiskVolume, 1);

    disk->path = g_strdup (source_disk->path);
    disk->readonly = source_disk->readonly;
    g_ptr_array_add (find->disks, disk);
  }
  if (n == 0) {
    disks_find_complete (task);
    return;
  }
  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (find->connection, find->bus_name, PVM_CONNECT_OBJECT_PATH,
                          "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", NULL,
                          G_VARIANT_TYPE ("(a{oa{sa{sv}}})"), G_DBUS_CALL_FLAGS_NONE, -1,
                          cancellable, disks_on_objects, g_steal_pointer (&task));
}

void
pvm_domain_disks_find_async (PvmDomain *domain, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  DisksFind *find;

  g_return_if_fail (PVM_IS_DOMAIN (domain));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pvm_domain_disks_find_async);
  find = g_new0 (DisksFind, 1);
  find->connection = g_object_ref (g_dbus_proxy_get_connection (G_DBUS_PROXY (domain)));
  find->bus_name = g_strdup (g_dbus_proxy_get_name (G_DBUS_PROXY (domain)));
  find->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) pvm_domain_disk_volume_free);
  g_task_set_task_data (task, find, (GDestroyNotify) disks_find_free);
  pvm_domain_call_get_xml (domain, cancellable, disks_on_xml, task);
}

GPtrArray *
pvm_domain_disks_find_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
disks_on_sync_done (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
  g_main_context_wakeup (g_main_context_get_thread_default ());
}

GPtrArray *
pvm_domain_disks_find_sync (PvmDomain *domain, GCancellable *cancellable, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;
  GPtrArray *disks;

  g_main_context_push_thread_default (context);
  pvm_domain_disks_find_async (domain, cancellable, disks_on_sync_done, &result);
  while (!result)
    g_main_context_iteration (context, TRUE);
  disks = pvm_domain_disks_find_finish (result, error);
  g_main_context_pop_thread_default (context);
  while (g_main_context_iteration (context, FALSE))
    ;
  return disks;
}

/* ---- deleting a volume ---- */

static void
disks_on_deleted (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (!reply) {
    g_task_return_error (task, error);
    return;
  }
  g_task_return_boolean (task, TRUE);
}

void
pvm_domain_disk_volume_delete_async (const PvmDomainDiskVolume *disk,
                                     GDBusConnection *connection, const char *bus_name,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  GTask *task;

  g_return_if_fail (disk != NULL && disk->pool != NULL && disk->volume != NULL);
  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pvm_domain_disk_volume_delete_async);
  g_dbus_connection_call (connection, bus_name, disk->pool, DISKS_POOL_IFACE, "DeleteVolume",
                          g_variant_new ("(s)", disk->volume), G_VARIANT_TYPE ("()"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable, disks_on_deleted, task);
}

gboolean
pvm_domain_disk_volume_delete_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
pvm_domain_disk_volume_delete_sync (const PvmDomainDiskVolume *disk,
                                    GDBusConnection *connection, const char *bus_name,
                                    GCancellable *cancellable, GError **error)
{
  g_autoptr (GVariant) reply = NULL;

  g_return_val_if_fail (disk != NULL && disk->pool != NULL && disk->volume != NULL, FALSE);

  reply = g_dbus_connection_call_sync (connection, bus_name, disk->pool, DISKS_POOL_IFACE,
                                       "DeleteVolume", g_variant_new ("(s)", disk->volume),
                                       G_VARIANT_TYPE ("()"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       cancellable, error);
  return reply != NULL;
}

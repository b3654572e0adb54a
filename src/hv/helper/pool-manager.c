/* pool-manager.c: pvmd's storage pools. */
#include "hv/helper/pool-manager.h"

#include <string.h>

#include "common/pvm-error.h"
#include "hv/helper/pool-dir.h"
#include "hv/helper/pool-logical.h"
#include "hv/helper/xml-store.h"

struct PvmPoolManager {
  PvmHelperDaemon *daemon;
  GDBusObjectManagerServer *server;
  PvmXmlStore *store;
  GHashTable *pools; /* name → PvmHelperPool */
};

char *
pvm_pool_manager_object_path (const char *name)
{
  GString *path = g_string_new (PVM_HELPER_OBJECT_PATH "/pool/");

  for (const char *p = name; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (path, *p);
    else
      g_string_append_printf (path, "_%02x", (guchar) *p);
  return g_string_free (path, FALSE);
}

static PvmHelperPool *
manager_add (PvmPoolManager *pools, PvmPoolConfig *config)
{
  PvmHelperPool *pool = pvm_helper_pool_new (pools->daemon, config);
  g_autofree char *path = pvm_pool_manager_object_path (pvm_pool_config_get_name (config));
  g_autoptr (GDBusObjectSkeleton) object = g_dbus_object_skeleton_new (path);

  g_hash_table_insert (pools->pools, g_strdup (pvm_pool_config_get_name (config)), pool);
  g_dbus_object_skeleton_add_interface (object, G_DBUS_INTERFACE_SKELETON (pool));
  g_dbus_object_manager_server_export (pools->server, object);
  return pool;
}

/* Defines the directory pool "default" at @dir. */
static void
manager_add_default (PvmPoolManager *pools, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmPoolConfig) config = pvm_pool_config_new_dir (PVM_POOL_DEFAULT_NAME, dir, &error);

  if (!config || !pvm_pool_dir_prepare (config, &error) ||
      !pvm_xml_store_save (pools->store, config, &error)) {
    g_warning ("Cannot define the default pool in %s: %s", dir, error->message);
    return;
  }
  manager_add (pools, config);
  g_message ("Pool '%s' is defined in %s", PVM_POOL_DEFAULT_NAME, dir);
}

PvmPoolManager *
pvm_pool_manager_new (PvmHelperDaemon *daemon, GDBusObjectManagerServer *server,
                      const char *store_dir, const char *default_dir, GError **error)
{
  PvmXmlStore *store = pvm_xml_store_new (store_dir, &pvm_xml_store_pools, error);

  if (!store)
    return NULL;

  PvmPoolManager *pools = g_new0 (PvmPoolManager, 1);
  pools->daemon = daemon;
  pools->server = server;
  pools->store = store;
  pools->pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (store);
  for (guint i = 0; i < configs->len; i++) {
    PvmPoolConfig *config = configs->pdata[i];
    if (pvm_pool_config_get_pool_type (config) == PVM_POOL_TYPE_LOGICAL &&
        pvm_helper_daemon_get_mode (daemon) != PVM_HELPER_MODE_SYSTEM)
      g_warning ("Skipping the logical pool '%s': logical pools need system mode",
                 pvm_pool_config_get_name (config));
    else
      manager_add (pools, config);
  }
  if (!pvm_pool_manager_lookup (pools, PVM_POOL_DEFAULT_NAME) && default_dir)
    manager_add_default (pools, default_dir);
  return pools;
}

void
pvm_pool_manager_free (PvmPoolManager *pools)
{
  GHashTableIter iter;
  gpointer name, value;

  if (!pools)
    return;
  /* A copy left running would stay behind half made: cancel each and wait for it to go. */
  for (gboolean busy = TRUE; busy;) {
    busy = FALSE;
    g_hash_table_iter_init (&iter, pools->pools);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (pvm_helper_pool_has_jobs (value)) {
        pvm_helper_pool_cancel_jobs (value);
        busy = TRUE;
      }
    if (busy)
      g_main_context_iteration (NULL, TRUE);
  }
  g_hash_table_iter_init (&iter, pools->pools);
  while (g_hash_table_iter_next (&iter, &name, NULL)) {
    g_autofree char *path = pvm_pool_manager_object_path (name);
    g_dbus_object_manager_server_unexport (pools->server, path);
  }
  g_hash_table_unref (pools->pools);
  pvm_xml_store_free (pools->store);
  g_free (pools);
}

PvmHelperPool *
pvm_pool_manager_lookup (PvmPoolManager *pools, const char *name)
{
  return g_hash_table_lookup (pools->pools, name);
}

PvmHelperPool *
pvm_pool_manager_find_volume (PvmPoolManager *pools, const char *path, char **name)
{
  g_autofree char *canonical = g_canonicalize_filename (path, "/");
  g_autofree char *dir = g_path_get_dirname (canonical);
  g_autofree char *base = g_path_get_basename (canonical);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, pools->pools);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    PvmPoolConfig *config = pvm_helper_pool_get_config (value);
    g_autofree char *target = NULL;

    if (pvm_pool_config_get_pool_type (config) == PVM_POOL_TYPE_LOGICAL)
      target = g_strconcat ("/dev/", pvm_pool_config_get_vg (config), NULL);
    else
      target = g_canonicalize_filename (pvm_pool_config_get_target (config), "/");
    if (strcmp (dir, target) == 0 && pvm_helper_pool_check_name (value, base, NULL)) {
      *name = g_steal_pointer (&base);
      return value;
    }
  }
  return NULL;
}

/* ---- defining ---- */

/* Stores @config and exports it (or updates the pool it replaces); returns the task's value. */
static void
manager_commit (GTask *task, PvmPoolConfig *config)
{
  PvmPoolManager *pools = g_task_get_task_data (task);
  const char *name = pvm_pool_config_get_name (config);
  PvmHelperPool *existing = pvm_pool_manager_lookup (pools, name);
  g_autoptr (GError) error = NULL;

  /* A job may have started while the volume group was being looked at. */
  if (existing && pvm_helper_pool_has_jobs (existing)) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_BUSY,
                             "Pool '%s' is copying a volume: its definition can change once "
                             "the copy ends", name);
    return;
  }
  if (!pvm_xml_store_save (pools->store, config, &error)) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED,
                             "Cannot store the definition of pool '%s': %s", name,
                             error->message);
    return;
  }
  if (existing)
    pvm_helper_pool_set_config (existing, config);
  else
    manager_add (pools, config);
  g_message ("Pool '%s' is defined (%s, %s)", name,
             pvm_pool_type_to_string (pvm_pool_config_get_pool_type (config)),
             pvm_pool_config_get_target (config));
  g_task_return_pointer (task, pvm_pool_manager_object_path (name), g_free);
}

static void
manager_on_vg_found (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  PvmPoolConfig *config = PVM_POOL_CONFIG (source);
  GError *error = NULL;
  guint64 capacity, available;

  if (!pvm_pool_logical_space_finish (result, &capacity, &available, &error))
    g_task_return_error (task, error);
  else
    manager_commit (task, config);
}

void
pvm_pool_manager_define_async (PvmPoolManager *pools, const char *xml,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, pvm_pool_manager_define_async);
  g_task_set_task_data (task, pools, NULL);
  g_autoptr (PvmPoolConfig) config = pvm_pool_config_new_from_xml (xml, &error);
  if (!config) {
    g_task_return_error (task, error);
    return;
  }
  const char *name = pvm_pool_config_get_name (config);
  PvmHelperPool *existing = pvm_pool_manager_lookup (pools, name);

  if (existing && pvm_helper_pool_has_jobs (existing)) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_BUSY,
                             "Pool '%s' is copying a volume: its definition can change once "
                             "the copy ends", name);
    return;
  }
  if (pvm_pool_config_get_pool_type (config) == PVM_POOL_TYPE_LOGICAL) {
    if (pvm_helper_daemon_get_mode (pools->daemon) != PVM_HELPER_MODE_SYSTEM) {
      g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED,
                               "Pool '%s' is a logical pool, which needs pvmd in system mode: "
                               "in session mode pvmd runs as the user, who cannot manage "
                               "volume groups", name);
      return;
    }
    pvm_pool_logical_space_async (config, NULL, manager_on_vg_found, g_steal_pointer (&task));
    return;
  }
  if (!pvm_pool_dir_prepare (config, &error)) {
    g_task_return_error (task, error);
    return;
  }
  manager_commit (task, config);
}

char *
pvm_pool_manager_define_finish (PvmPoolManager *pools, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
pvm_pool_manager_undefine (PvmPoolManager *pools, PvmHelperPool *pool, GError **error)
{
  g_autofree char *name = g_strdup (pvm_pool_config_get_name (pvm_helper_pool_get_config (pool)));
  g_autofree char *path = pvm_pool_manager_object_path (name);
  g_autoptr (GError) local = NULL;

  if (pvm_helper_pool_has_jobs (pool)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_BUSY,
                 "Pool '%s' is copying a volume: it can be undefined once the copy ends", name);
    return FALSE;
  }
  if (!pvm_xml_store_remove (pools->store, name, &local)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot undefine pool '%s': %s", name,
                 local->message);
    return FALSE;
  }
  g_dbus_object_manager_server_unexport (pools->server, path);
  g_hash_table_remove (pools->pools, name);
  g_message ("Pool '%s' is undefined; its volumes stay", name);
  return TRUE;
}

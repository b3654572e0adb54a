/* pool.c: one storage pool on D-Bus.
 *
 * Every volume method first lists the pool (a directory read, or lvs), checks the call
 * against what is there — the names, the sizes, the running domains' disks, the copies under
 * way — and then acts: at once on a directory, through an lvm2 tool on a volume group. A
 * volume that a job copies from or to is marked busy until the job ends; a domain's Clone
 * reserves its volumes the same way before its job starts (pvm_helper_pool_reserve_async()).
 */
#include "hv/helper/pool.h"

#include "common/pvm-error.h"
#include "hv/helper/auth.h"
#include "hv/helper/job.h"
#include "hv/helper/lvm.h"
#include "hv/helper/pool-clone.h"
#include "hv/helper/pool-dir.h"
#include "hv/helper/pool-logical.h"
#include "hv/helper/pool-manager.h"
#include "hv/helper/pool-volume.h"

struct _PvmHelperPool {
  PvmStoragePoolSkeleton parent_instance;

  PvmHelperDaemon *daemon;
  PvmPoolConfig *config;
  GHashTable *busy; /* volume name → the PvmHelperJob copying from or to it, or NULL while
                     * a copy is only reserved */
  guint n_jobs;     /* copies under way or reserved */
};

static void pvm_helper_pool_iface_init (PvmStoragePoolIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperPool, pvm_helper_pool, PVM_TYPE_STORAGE_POOL_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_STORAGE_POOL,
                                                      pvm_helper_pool_iface_init))

typedef enum {
  POOL_LIST,
  POOL_CREATE,
  POOL_RESIZE,
  POOL_CLONE,
  POOL_DELETE,
  POOL_RESERVE,
} PoolOp;

/* A volume method call, from the listing to the answer; or a reservation, which answers
 * @task instead. */
typedef struct {
  PvmHelperPool *pool;
  PvmPoolConfig *config; /* the definition when the call came */
  GDBusMethodInvocation *invocation;
  GTask *task;
  PoolOp op;
  char *name, *new_name;
  guint64 capacity;
} PoolCall;

static void
pool_call_free (PoolCall *call)
{
  g_object_unref (call->pool);
  g_object_unref (call->config);
  g_clear_object (&call->invocation);
  g_clear_object (&call->task);
  g_free (call->name);
  g_free (call->new_name);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolCall, pool_call_free)

static const char *
pool_name (PvmHelperPool *pool)
{
  return pvm_pool_config_get_name (pool->config);
}

static gboolean
pool_is_logical (PvmPoolConfig *config)
{
  return pvm_pool_config_get_pool_type (config) == PVM_POOL_TYPE_LOGICAL;
}

static gboolean pool_refuse (PoolCall *call, PvmError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* Answers @call with @error. */
static void
pool_call_fail (PoolCall *call, const GError *error)
{
  if (call->task)
    g_task_return_error (call->task, g_error_copy (error));
  else
    g_dbus_method_invocation_return_gerror (call->invocation, error);
}

/* Answers @call with an error; returns TRUE. */
static gboolean
pool_refuse (PoolCall *call, PvmError code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autoptr (GError) error = g_error_new_valist (PVM_ERROR, code, format, args);
  va_end (args);
  pool_call_fail (call, error);
  return TRUE;
}

/* ---- the space ---- */

static void
pool_set_space (PvmHelperPool *pool, guint64 capacity, guint64 available)
{
  pvm_storage_pool_set_capacity_bytes (PVM_STORAGE_POOL (pool), capacity);
  pvm_storage_pool_set_available_bytes (PVM_STORAGE_POOL (pool), available);
}

static void
pool_on_space (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHelperPool) pool = data;
  g_autoptr (GError) error = NULL;
  guint64 capacity, available;

  if (pvm_pool_logical_space_finish (result, &capacity, &available, &error))
    pool_set_space (pool, capacity, available);
  else
    g_warning ("%s", error->message);
}

/* Re-reads CapacityBytes and AvailableBytes. */
static void
pool_refresh (PvmHelperPool *pool)
{
  g_autoptr (GError) error = NULL;
  guint64 capacity, available;

  if (pool_is_logical (pool->config))
    pvm_pool_logical_space_async (pool->config, NULL, pool_on_space, g_object_ref (pool));
  else if (pvm_pool_dir_space (pool->config, &capacity, &available, &error))
    pool_set_space (pool, capacity, available);
  else
    g_warning ("%s", error->message);
}

/* ---- acting ---- */

/* Answers a call whose work is done. */
static void
pool_complete (PoolCall *call, const char *path)
{
  PvmStoragePool *iface = PVM_STORAGE_POOL (call->pool);

  switch (call->op) {
  case POOL_CREATE:
    g_message ("Volume '%s' of pool '%s' is created (%" G_GUINT64_FORMAT " bytes)", call->name,
               pool_name (call->pool), call->capacity);
    pvm_storage_pool_complete_create_volume (iface, call->invocation, path);
    break;
  case POOL_RESIZE:
    g_message ("Volume '%s' of pool '%s' has %" G_GUINT64_FORMAT " bytes", call->name,
               pool_name (call->pool), call->capacity);
    pvm_storage_pool_complete_resize_volume (iface, call->invocation);
    break;
  case POOL_DELETE:
    g_message ("Volume '%s' of pool '%s' is deleted", call->name, pool_name (call->pool));
    pvm_storage_pool_complete_delete_volume (iface, call->invocation);
    break;
  default:
    g_assert_not_reached ();
  }
  pool_refresh (call->pool);
}

static void
pool_on_tool_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PoolCall) call = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);
  g_autofree char *path = g_strconcat ("/dev/", pvm_pool_config_get_vg (call->config), "/",
                                       call->name, NULL);

  if (!out)
    pool_call_fail (call, error);
  else
    pool_complete (call, path);
}

/* Runs @argv for @call (taken) and answers when it is done. */
static void
pool_run_tool (PoolCall *call, char **argv)
{
  pvm_pool_logical_run_async ((const char *const *) argv, NULL, pool_on_tool_done, call);
  g_strfreev (argv);
}

static void
pool_create (PoolCall *call)
{
  const char *vg = pvm_pool_config_get_vg (call->config);
  g_autoptr (GError) error = NULL;

  if (pool_is_logical (call->config)) {
    pool_run_tool (call, pvm_lvm_argv_lvcreate (vg, call->name, call->capacity));
    return;
  }
  g_autofree char *path = pvm_pool_dir_create (call->config, call->name, call->capacity, &error);
  if (!path)
    pool_call_fail (call, error);
  else
    pool_complete (call, path);
  pool_call_free (call);
}

static void
pool_resize (PoolCall *call)
{
  const char *vg = pvm_pool_config_get_vg (call->config);
  g_autoptr (GError) error = NULL;

  if (pool_is_logical (call->config)) {
    pool_run_tool (call, pvm_lvm_argv_lvextend (vg, call->name, call->capacity));
    return;
  }
  if (!pvm_pool_dir_resize (call->config, call->name, call->capacity, &error))
    pool_call_fail (call, error);
  else
    pool_complete (call, NULL);
  pool_call_free (call);
}

static void
pool_delete (PoolCall *call)
{
  const char *vg = pvm_pool_config_get_vg (call->config);
  g_autoptr (GError) error = NULL;

  if (pool_is_logical (call->config)) {
    pool_run_tool (call, pvm_lvm_argv_lvremove (vg, call->name));
    return;
  }
  if (!pvm_pool_dir_delete (call->config, call->name, &error))
    pool_call_fail (call, error);
  else
    pool_complete (call, NULL);
  pool_call_free (call);
}

/* ---- copies ---- */

/* Marks @name and @new_name busy for @job (NULL: a reservation). */
static void
pool_mark_busy (PvmHelperPool *pool, const char *name, const char *new_name, PvmHelperJob *job)
{
  g_hash_table_insert (pool->busy, g_strdup (name), job ? g_object_ref (job) : NULL);
  g_hash_table_insert (pool->busy, g_strdup (new_name), job ? g_object_ref (job) : NULL);
}

/* A copy under way: CloneVolume's (@task NULL: the copy finishes @job) or one of a domain's
 * Clone (@task answered; @job goes on). */
typedef struct {
  PvmHelperPool *pool;
  PvmHelperJob *job;
  GTask *task;
  char *name, *new_name;
} PoolCopy;

static void
pool_on_cloned (GObject *source, GAsyncResult *result, gpointer data)
{
  PoolCopy *copy = data;
  PvmHelperPool *pool = copy->pool;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pvm_pool_clone_finish (result, &error);

  pvm_helper_pool_release (pool, copy->name, copy->new_name);
  if (!copy->task)
    pvm_helper_job_finish (copy->job, error);
  else if (path)
    g_task_return_pointer (copy->task, g_steal_pointer (&path), g_free);
  else
    g_task_return_error (copy->task, g_steal_pointer (&error));
  pool_refresh (pool);
  g_clear_object (&copy->task);
  g_object_unref (copy->job);
  g_object_unref (copy->pool);
  g_free (copy->name);
  g_free (copy->new_name);
  g_free (copy);
}

/* Copies the volume @source, whose name and @new_name are marked busy (or reserved), under
 * @job; completes @task (or, without one, finishes the job). */
static void
pool_copy (PvmHelperPool *pool, PvmPoolConfig *config, const PvmPoolVolume *source,
           const char *new_name, PvmHelperJob *job, GTask *task)
{
  PoolCopy *copy = g_new0 (PoolCopy, 1);

  copy->pool = g_object_ref (pool);
  copy->job = g_object_ref (job);
  copy->task = task;
  copy->name = g_strdup (source->name);
  copy->new_name = g_strdup (new_name);
  pool_mark_busy (pool, source->name, new_name, job);
  pvm_pool_clone_async (config, source, new_name, job, pool_on_cloned, copy);
}

static void
pool_clone (PoolCall *call, const PvmPoolVolume *source)
{
  PvmHelperPool *pool = call->pool;
  g_autofree char *description = g_strdup_printf ("Copying %s to %s in pool %s", call->name,
                                                  call->new_name, pool_name (pool));
  g_autoptr (PvmHelperJob) job = pvm_helper_daemon_new_job (pool->daemon, "clone-volume",
                                                           description);

  pool->n_jobs++;
  pvm_storage_pool_complete_clone_volume (PVM_STORAGE_POOL (pool), call->invocation,
                                          pvm_helper_job_get_path (job));
  pool_copy (pool, call->config, source, call->new_name, job, NULL);
  pool_call_free (call);
}

/* Reserves @source and call->new_name for a later pvm_helper_pool_copy_async(). */
static void
pool_reserve (PoolCall *call, const PvmPoolVolume *source)
{
  PvmHelperPool *pool = call->pool;

  pool->n_jobs++;
  pool_mark_busy (pool, source->name, call->new_name, NULL);
  g_task_return_pointer (call->task,
                         pvm_pool_volume_new (source->name, source->path, source->capacity,
                                              source->allocation),
                         (GDestroyNotify) pvm_pool_volume_free);
  pool_call_free (call);
}

/* ---- checking a call against the volumes ---- */

static const PvmPoolVolume *
pool_find (GPtrArray *volumes, const char *name)
{
  for (guint i = 0; i < volumes->len; i++) {
    const PvmPoolVolume *volume = volumes->pdata[i];
    if (g_strcmp0 (volume->name, name) == 0)
      return volume;
  }
  return NULL;
}

/* Refuses a call on a volume that is missing, being copied, or used by a running domain
 * (one that writes to it if @writers_only); returns TRUE if it did. */
static gboolean
pool_refuse_unavailable (PoolCall *call, const PvmPoolVolume *volume, gboolean writers_only)
{
  const char *pool = pool_name (call->pool);
  const char *user;

  if (!volume)
    return pool_refuse (call, PVM_ERROR_NOT_FOUND, "Pool '%s' has no volume '%s'", pool,
                        call->name);
  if (g_hash_table_contains (call->pool->busy, call->name))
    return pool_refuse (call, PVM_ERROR_BUSY, "Volume '%s' of pool '%s' is being copied",
                        call->name, pool);
  user = pvm_helper_daemon_find_disk_user (call->pool->daemon, volume->path, writers_only);
  if (user)
    return pool_refuse (call, PVM_ERROR_BUSY, "Volume '%s' of pool '%s' is a disk of the "
                        "running domain '%s'", call->name, pool, user);
  return FALSE;
}

/* Refuses a new volume name that is taken; returns TRUE if it did. */
static gboolean
pool_refuse_taken (PoolCall *call, GPtrArray *volumes, const char *name)
{
  if (pool_find (volumes, name) || g_hash_table_contains (call->pool->busy, name))
    return pool_refuse (call, PVM_ERROR_INVALID_ARGUMENT,
                        "Pool '%s' already has a volume named '%s'", pool_name (call->pool),
                        name);
  return FALSE;
}

/* Checks @call against @volumes (NULL with @error when the listing failed) and acts. */
static void
pool_on_listed (PoolCall *call, GPtrArray *volumes, GError *error)
{
  g_autoptr (PoolCall) owned = call;
  const PvmPoolVolume *volume;

  if (!volumes) {
    pool_call_fail (call, error);
    return;
  }
  volume = pool_find (volumes, call->name);
  switch (call->op) {
  case POOL_LIST:
    pvm_storage_pool_complete_list_volumes (PVM_STORAGE_POOL (call->pool), call->invocation,
                                            pvm_pool_volume_list_to_variant (volumes));
    return;
  case POOL_CREATE:
    if (!pool_refuse_taken (call, volumes, call->name))
      pool_create (g_steal_pointer (&owned));
    return;
  case POOL_RESIZE:
    if (pool_refuse_unavailable (call, volume, FALSE))
      return;
    if (call->capacity < volume->capacity) {
      pool_refuse (call, PVM_ERROR_INVALID_ARGUMENT,
                   "Volume '%s' of pool '%s' has %" G_GUINT64_FORMAT " bytes and cannot shrink "
                   "to %" G_GUINT64_FORMAT ": that would cut off what the guest wrote at the "
                   "end", call->name, pool_name (call->pool), volume->capacity, call->capacity);
      return;
    }
    if (call->capacity == volume->capacity)
      pvm_storage_pool_complete_resize_volume (PVM_STORAGE_POOL (call->pool), call->invocation);
    else
      pool_resize (g_steal_pointer (&owned));
    return;
  case POOL_DELETE:
    if (!pool_refuse_unavailable (call, volume, FALSE))
      pool_delete (g_steal_pointer (&owned));
    return;
  case POOL_CLONE:
    if (!pool_refuse_unavailable (call, volume, TRUE) &&
        !pool_refuse_taken (call, volumes, call->new_name))
      pool_clone (g_steal_pointer (&owned), volume);
    return;
  case POOL_RESERVE:
    if (!pool_refuse_unavailable (call, volume, TRUE) &&
        !pool_refuse_taken (call, volumes, call->new_name))
      pool_reserve (g_steal_pointer (&owned), volume);
    return;
  }
}

static void
pool_on_lvs (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = pvm_pool_logical_list_finish (result, &error);

  pool_on_listed (data, volumes, error);
}

/* Starts @call (taken): lists the pool, then goes on in pool_on_listed(). */
static gboolean
pool_start (PoolCall *call)
{
  g_autoptr (GError) error = NULL;

  if (pool_is_logical (call->config)) {
    pvm_pool_logical_list_async (call->config, NULL, pool_on_lvs, call);
  } else {
    g_autoptr (GPtrArray) volumes = pvm_pool_dir_list (call->config, &error);
    pool_on_listed (call, volumes, error);
  }
  return TRUE;
}

/* Returns a call on @name (checked: NULL after answering with the error). */
static PoolCall *
pool_call_new (PvmHelperPool *pool, GDBusMethodInvocation *invocation, PoolOp op,
               const char *name)
{
  g_autoptr (GError) error = NULL;

  if (name && (!pvm_pool_volume_check_name (pool_name (pool), name, &error) ||
               (pool_is_logical (pool->config) &&
                !pvm_lvm_check_lv_name (pvm_pool_config_get_vg (pool->config), name, &error)))) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return NULL;
  }
  PoolCall *call = g_new0 (PoolCall, 1);
  call->pool = g_object_ref (pool);
  call->config = g_object_ref (pool->config);
  call->invocation = g_object_ref (invocation);
  call->op = op;
  call->name = g_strdup (name);
  return call;
}

/* ---- the methods ---- */

static gboolean
pool_handle_list_volumes (PvmStoragePool *iface, GDBusMethodInvocation *invocation)
{
  return pool_start (pool_call_new (PVM_HELPER_POOL (iface), invocation, POOL_LIST, NULL));
}

/* Returns a call on @name with @capacity rounded, or NULL after answering with the error. */
static PoolCall *
pool_sized_call_new (PvmStoragePool *iface, GDBusMethodInvocation *invocation, PoolOp op,
                     const char *name, guint64 capacity)
{
  g_autoptr (GError) error = NULL;
  PoolCall *call = pool_call_new (PVM_HELPER_POOL (iface), invocation, op, name);

  if (call && !pvm_pool_volume_round_capacity (name, capacity, &call->capacity, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    g_clear_pointer (&call, pool_call_free);
  }
  return call;
}

static gboolean
pool_handle_create_volume (PvmStoragePool *iface, GDBusMethodInvocation *invocation,
                           const char *name, guint64 capacity)
{
  PoolCall *call = pool_sized_call_new (iface, invocation, POOL_CREATE, name, capacity);

  return call ? pool_start (call) : TRUE;
}

static gboolean
pool_handle_resize_volume (PvmStoragePool *iface, GDBusMethodInvocation *invocation,
                           const char *name, guint64 capacity)
{
  PoolCall *call = pool_sized_call_new (iface, invocation, POOL_RESIZE, name, capacity);

  return call ? pool_start (call) : TRUE;
}

static gboolean
pool_handle_clone_volume (PvmStoragePool *iface, GDBusMethodInvocation *invocation,
                          const char *name, const char *new_name)
{
  PvmHelperPool *pool = PVM_HELPER_POOL (iface);
  g_autoptr (GError) error = NULL;

  if (!pvm_helper_pool_check_name (pool, new_name, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return TRUE;
  }
  PoolCall *call = pool_call_new (pool, invocation, POOL_CLONE, name);
  if (!call)
    return TRUE;
  call->new_name = g_strdup (new_name);
  return pool_start (call);
}

static gboolean
pool_handle_delete_volume (PvmStoragePool *iface, GDBusMethodInvocation *invocation,
                           const char *name)
{
  PoolCall *call = pool_call_new (PVM_HELPER_POOL (iface), invocation, POOL_DELETE, name);

  return call ? pool_start (call) : TRUE;
}

static gboolean
pool_handle_get_xml (PvmStoragePool *iface, GDBusMethodInvocation *invocation)
{
  g_autofree char *xml = pvm_pool_config_to_xml (PVM_HELPER_POOL (iface)->config);

  pvm_storage_pool_complete_get_xml (iface, invocation, xml);
  return TRUE;
}

static gboolean
pool_handle_undefine (PvmStoragePool *iface, GDBusMethodInvocation *invocation)
{
  g_autoptr (PvmHelperPool) pool = g_object_ref (PVM_HELPER_POOL (iface));
  g_autoptr (GError) error = NULL;

  if (!pvm_pool_manager_undefine (pvm_helper_daemon_get_pools (pool->daemon), pool, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_storage_pool_complete_undefine (iface, invocation);
  return TRUE;
}

/* ---- copies for a domain's Clone ---- */

gboolean
pvm_helper_pool_check_name (PvmHelperPool *pool, const char *name, GError **error)
{
  return pvm_pool_volume_check_name (pool_name (pool), name, error) &&
         (!pool_is_logical (pool->config) ||
          pvm_lvm_check_lv_name (pvm_pool_config_get_vg (pool->config), name, error));
}

void
pvm_helper_pool_reserve_async (PvmHelperPool *pool, const char *name, const char *new_name,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (pool, NULL, callback, user_data);
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, pvm_helper_pool_reserve_async);
  if (!pvm_helper_pool_check_name (pool, name, &error) ||
      !pvm_helper_pool_check_name (pool, new_name, &error)) {
    g_task_return_error (task, g_steal_pointer (&error));
    g_object_unref (task);
    return;
  }
  PoolCall *call = g_new0 (PoolCall, 1);
  call->pool = g_object_ref (pool);
  call->config = g_object_ref (pool->config);
  call->task = task;
  call->op = POOL_RESERVE;
  call->name = g_strdup (name);
  call->new_name = g_strdup (new_name);
  pool_start (call);
}

PvmPoolVolume *
pvm_helper_pool_reserve_finish (PvmHelperPool *pool, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pvm_helper_pool_release (PvmHelperPool *pool, const char *name, const char *new_name)
{
  g_return_if_fail (pool->n_jobs > 0);
  g_hash_table_remove (pool->busy, name);
  g_hash_table_remove (pool->busy, new_name);
  pool->n_jobs--;
}

void
pvm_helper_pool_copy_async (PvmHelperPool *pool, const PvmPoolVolume *source,
                            const char *new_name, PvmHelperJob *job,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (pool, NULL, callback, user_data);

  g_task_set_source_tag (task, pvm_helper_pool_copy_async);
  pool_copy (pool, pool->config, source, new_name, job, task);
}

char *
pvm_helper_pool_copy_finish (PvmHelperPool *pool, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pool_on_copy_deleted (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  GError *error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);

  if (!out)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pvm_helper_pool_delete_async (PvmHelperPool *pool, const char *name,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (pool, NULL, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, pvm_helper_pool_delete_async);
  if (pool_is_logical (pool->config)) {
    g_auto (GStrv) argv = pvm_lvm_argv_lvremove (pvm_pool_config_get_vg (pool->config), name);
    pvm_pool_logical_run_async ((const char *const *) argv, NULL, pool_on_copy_deleted, task);
    return;
  }
  if (pvm_pool_dir_delete (pool->config, name, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
  pool_refresh (pool);
}

gboolean
pvm_helper_pool_delete_finish (PvmHelperPool *pool, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the object ---- */

PvmHelperPool *
pvm_helper_pool_new (PvmHelperDaemon *daemon, PvmPoolConfig *config)
{
  PvmHelperPool *pool = g_object_new (PVM_HELPER_TYPE_POOL, NULL);

  pool->daemon = daemon;
  if (pool_is_logical (config))
    pvm_pool_logical_remove_partials (config);
  else
    pvm_pool_dir_remove_partials (config);
  pvm_helper_pool_set_config (pool, config);
  return pool;
}

PvmPoolConfig *
pvm_helper_pool_get_config (PvmHelperPool *pool)
{
  return pool->config;
}

void
pvm_helper_pool_set_config (PvmHelperPool *pool, PvmPoolConfig *config)
{
  PvmStoragePool *iface = PVM_STORAGE_POOL (pool);

  g_return_if_fail (pool->n_jobs == 0);
  g_set_object (&pool->config, config);
  pvm_storage_pool_set_name (iface, pvm_pool_config_get_name (config));
  pvm_storage_pool_set_type_ (iface,
                              pvm_pool_type_to_string (pvm_pool_config_get_pool_type (config)));
  pvm_storage_pool_set_target (iface, pvm_pool_config_get_target (config));
  pool_refresh (pool);
}

gboolean
pvm_helper_pool_has_jobs (PvmHelperPool *pool)
{
  return pool->n_jobs > 0;
}

void
pvm_helper_pool_cancel_jobs (PvmHelperPool *pool)
{
  GHashTableIter iter;
  gpointer job;

  g_hash_table_iter_init (&iter, pool->busy);
  while (g_hash_table_iter_next (&iter, NULL, &job))
    if (job)
      g_cancellable_cancel (pvm_helper_job_get_cancellable (job));
}

static void
pvm_helper_pool_iface_init (PvmStoragePoolIface *iface)
{
  iface->handle_list_volumes = pool_handle_list_volumes;
  iface->handle_create_volume = pool_handle_create_volume;
  iface->handle_resize_volume = pool_handle_resize_volume;
  iface->handle_clone_volume = pool_handle_clone_volume;
  iface->handle_delete_volume = pool_handle_delete_volume;
  iface->handle_get_xml = pool_handle_get_xml;
  iface->handle_undefine = pool_handle_undefine;
}

static void
pvm_helper_pool_finalize (GObject *object)
{
  PvmHelperPool *pool = PVM_HELPER_POOL (object);

  g_clear_object (&pool->config);
  g_hash_table_unref (pool->busy);
  G_OBJECT_CLASS (pvm_helper_pool_parent_class)->finalize (object);
}

static void
pvm_helper_pool_class_init (PvmHelperPoolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pvm_helper_pool_finalize;
  pvm_helper_auth_install (G_DBUS_INTERFACE_SKELETON_CLASS (klass));
}

static void
pool_unref_job (gpointer job)
{
  if (job)
    g_object_unref (job);
}

static void
pvm_helper_pool_init (PvmHelperPool *pool)
{
  pool->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pool_unref_job);
}

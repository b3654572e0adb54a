/* pool-logical.c: the lvm2 tools as subprocesses. */
#include "hv/helper/pool-logical.h"

#include "common/pvm-error.h"
#include "hv/helper/lvm.h"
#include "hv/helper/pool-volume.h"

static void
logical_on_communicated (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  GSubprocess *process = G_SUBPROCESS (source);
  const char *tool = g_task_get_task_data (task);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error)) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "%s did not finish: %s", tool,
                             error->message);
    return;
  }
  if (!g_subprocess_get_successful (process)) {
    g_autofree char *sentence = pvm_lvm_error_sentence (tool, err);
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "%s", sentence);
    return;
  }
  g_task_return_pointer (task, g_steal_pointer (&out), g_free);
}

void
pvm_pool_logical_run_async (const char *const *argv, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
    G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, pvm_pool_logical_run_async);
  g_task_set_task_data (task, g_strdup (argv[0]), g_free);
  /* lvm2 warns about every descriptor it inherits; GSubprocess passes none but the pipes. */
  g_subprocess_launcher_setenv (launcher, "LVM_SUPPRESS_FD_WARNINGS", "1", TRUE);
  g_autofree char *line = g_strjoinv (" ", (char **) argv);
  g_debug ("Running %s", line);
  g_autoptr (GSubprocess) process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (!process) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "Cannot run %s: %s", argv[0],
                             error->message);
    return;
  }
  g_subprocess_communicate_utf8_async (process, NULL, cancellable, logical_on_communicated,
                                       g_steal_pointer (&task));
}

char *
pvm_pool_logical_run_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- vgs ---- */

typedef struct {
  guint64 capacity, available;
} Space;

static void
logical_on_vgs (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  PvmPoolConfig *config = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);
  Space *space = g_new0 (Space, 1);

  if (!out) {
    g_free (space);
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED,
                             "Volume group '%s' of pool '%s' is not found: %s",
                             pvm_pool_config_get_vg (config), pvm_pool_config_get_name (config),
                             error->message);
    return;
  }
  if (!pvm_lvm_parse_vgs (out, pvm_pool_config_get_vg (config), &space->capacity,
                          &space->available, &error)) {
    g_free (space);
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "Pool '%s': %s",
                             pvm_pool_config_get_name (config), error->message);
    return;
  }
  g_task_return_pointer (task, space, g_free);
}

void
pvm_pool_logical_space_async (PvmPoolConfig *config, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (config, cancellable, callback, user_data);
  g_auto (GStrv) argv = pvm_lvm_argv_vgs (pvm_pool_config_get_vg (config));

  g_task_set_source_tag (task, pvm_pool_logical_space_async);
  pvm_pool_logical_run_async ((const char *const *) argv, cancellable, logical_on_vgs, task);
}

gboolean
pvm_pool_logical_space_finish (GAsyncResult *result, guint64 *capacity, guint64 *available,
                               GError **error)
{
  g_autofree Space *space = g_task_propagate_pointer (G_TASK (result), error);

  if (!space)
    return FALSE;
  *capacity = space->capacity;
  *available = space->available;
  return TRUE;
}

/* ---- lvs ---- */

static void
logical_on_lvs (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  PvmPoolConfig *config = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);
  GPtrArray *volumes = out ? pvm_lvm_parse_lvs (out, &error) : NULL;

  if (!volumes) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "Cannot list pool '%s': %s",
                             pvm_pool_config_get_name (config), error->message);
    return;
  }
  for (guint i = volumes->len; i-- > 0;)
    if (g_str_has_prefix (((PvmPoolVolume *) volumes->pdata[i])->name,
                          PVM_POOL_VOLUME_PARTIAL_PREFIX))
      g_ptr_array_remove_index (volumes, i);
  g_task_return_pointer (task, volumes, (GDestroyNotify) g_ptr_array_unref);
}

void
pvm_pool_logical_list_async (PvmPoolConfig *config, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (config, cancellable, callback, user_data);
  g_auto (GStrv) argv = pvm_lvm_argv_lvs (pvm_pool_config_get_vg (config));

  g_task_set_source_tag (task, pvm_pool_logical_list_async);
  pvm_pool_logical_run_async ((const char *const *) argv, cancellable, logical_on_lvs, task);
}

GPtrArray *
pvm_pool_logical_list_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- partial copies ---- */

static void
logical_on_partial_removed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autofree char *lv = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);

  if (out)
    g_message ("Removed the partial copy %s: a copy was cut short", lv);
  else
    g_warning ("Cannot remove the partial copy %s: %s", lv, error->message);
}

static void
logical_on_partials_listed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmPoolConfig) config = data;
  const char *vg = pvm_pool_config_get_vg (config);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);
  g_autoptr (GPtrArray) volumes = out ? pvm_lvm_parse_lvs (out, &error) : NULL;

  if (!volumes) {
    g_warning ("Cannot look for partial copies in pool '%s': %s",
               pvm_pool_config_get_name (config), error->message);
    return;
  }
  for (guint i = 0; i < volumes->len; i++) {
    const PvmPoolVolume *volume = volumes->pdata[i];
    if (!g_str_has_prefix (volume->name, PVM_POOL_VOLUME_PARTIAL_PREFIX))
      continue;
    g_auto (GStrv) argv = pvm_lvm_argv_lvremove (vg, volume->name);
    pvm_pool_logical_run_async ((const char *const *) argv, NULL, logical_on_partial_removed,
                                g_strconcat (vg, "/", volume->name, NULL));
  }
}

void
pvm_pool_logical_remove_partials (PvmPoolConfig *config)
{
  g_auto (GStrv) argv = pvm_lvm_argv_lvs (pvm_pool_config_get_vg (config));

  pvm_pool_logical_run_async ((const char *const *) argv, NULL, logical_on_partials_listed,
                              g_object_ref (config));
}

/* pool-clone.c: copying a volume under a job.
 *
 * Main context: create the partial copy (pvm_pool_dir_create_partial(), or lvcreate of the
 * partial name), then a GTask thread copies the data extents (pool-copy.c) reporting to the
 * job; back on the main context a complete copy is renamed to its name (a rename that never
 * replaces, or lvrename), and a failed or cancelled one is removed (unlink, or lvremove)
 * before the task returns.
 */
#include "hv/helper/pool-clone.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "hv/helper/lvm.h"
#include "hv/helper/pool-copy.h"
#include "hv/helper/pool-dir.h"
#include "hv/helper/pool-logical.h"

typedef struct {
  PvmPoolConfig *config;
  PvmPoolVolume *source;
  char *new_name;
  char *partial_name, *partial; /* what is written until it is complete: name and path */
  char *path;                   /* the complete copy's path */
  PvmHelperJob *job;
  gboolean created;             /* the partial copy exists: remove it on failure */
  GError *error;                /* why the copy failed, while the partial copy is removed */
} Clone;

static void
clone_free (Clone *c)
{
  g_object_unref (c->config);
  pvm_pool_volume_free (c->source);
  g_free (c->new_name);
  g_free (c->partial_name);
  g_free (c->partial);
  g_free (c->path);
  g_object_unref (c->job);
  g_clear_error (&c->error);
  g_free (c);
}

static gboolean
clone_is_logical (Clone *c)
{
  return pvm_pool_config_get_pool_type (c->config) == PVM_POOL_TYPE_LOGICAL;
}

static char *
clone_lv_path (Clone *c, const char *lv)
{
  return g_strconcat ("/dev/", pvm_pool_config_get_vg (c->config), "/", lv, NULL);
}

static void
clone_on_progress (double fraction, gpointer data)
{
  pvm_helper_job_set_progress (data, fraction);
}

/* The worker thread. */
static void
clone_copy (GTask *task, gpointer source_object, gpointer data, GCancellable *cancellable)
{
  Clone *c = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *what = g_strdup_printf ("volume '%s' to '%s' in pool '%s'", c->source->name,
                                           c->new_name, pvm_pool_config_get_name (c->config));
  int src = open (c->source->path, O_RDONLY | O_CLOEXEC);
  int dst = src < 0 ? -1 : open (c->partial, O_WRONLY | O_CLOEXEC);

  if (src < 0 || dst < 0) {
    int err = errno;
    if (src >= 0)
      close (src);
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "Cannot copy %s: cannot open "
                             "%s: %s", what, src < 0 ? c->source->path : c->partial,
                             g_strerror (err));
    return;
  }
  gboolean ok = pvm_pool_copy_data (src, dst, c->source->capacity, what, clone_on_progress,
                                    c->job, cancellable, &error);
  close (src);
  close (dst);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Returns the outcome, once the partial copy is gone if the copy failed. */
static void
clone_return (GTask *task)
{
  Clone *c = g_task_get_task_data (task);

  if (c->error)
    g_task_return_error (task, g_steal_pointer (&c->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&c->path), g_free);
  g_object_unref (task);
}

static void
clone_on_removed (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Clone *c = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);

  if (!out)
    g_warning ("The partial copy %s stays: %s", c->partial, error->message);
  clone_return (task);
}

/* Removes the partial copy after a failure recorded in c->error, then returns. */
static void
clone_fail (GTask *task, GError *error)
{
  Clone *c = g_task_get_task_data (task);

  c->error = error;
  if (!c->created) {
    clone_return (task);
  } else if (clone_is_logical (c)) {
    g_auto (GStrv) argv = pvm_lvm_argv_lvremove (pvm_pool_config_get_vg (c->config),
                                                 c->partial_name);
    pvm_pool_logical_run_async ((const char *const *) argv, NULL, clone_on_removed, task);
  } else {
    if (g_unlink (c->partial) < 0)
      g_warning ("The partial copy %s stays: %s", c->partial, g_strerror (errno));
    clone_return (task);
  }
}

static void
clone_on_renamed (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Clone *c = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);

  if (!out) {
    clone_fail (task, error);
    return;
  }
  c->path = clone_lv_path (c, c->new_name);
  clone_return (task);
}

/* Gives the complete copy its name. */
static void
clone_commit (GTask *task)
{
  Clone *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (clone_is_logical (c)) {
    g_auto (GStrv) argv = pvm_lvm_argv_lvrename (pvm_pool_config_get_vg (c->config),
                                                 c->partial_name, c->new_name);
    pvm_pool_logical_run_async ((const char *const *) argv, NULL, clone_on_renamed, task);
    return;
  }
  c->path = pvm_pool_dir_commit_partial (c->config, c->new_name, &error);
  if (!c->path)
    clone_fail (task, error);
  else
    clone_return (task);
}

static void
clone_on_copied (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Clone *c = g_task_get_task_data (task);
  GError *error = NULL;

  /* A Cancel that came after the last chunk still cancels: Finished says "Cancelled". */
  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_set_error_if_cancelled (pvm_helper_job_get_cancellable (c->job), &error))
    clone_fail (task, error);
  else
    clone_commit (task);
}

static void
clone_start_copy (GTask *task)
{
  Clone *c = g_task_get_task_data (task);
  GCancellable *cancellable = pvm_helper_job_get_cancellable (c->job);
  g_autoptr (GTask) copy = g_task_new (NULL, cancellable, clone_on_copied, task);

  c->created = TRUE;
  g_task_set_task_data (copy, c, NULL);
  g_task_set_return_on_cancel (copy, FALSE);
  g_task_run_in_thread (copy, clone_copy);
}

static void
clone_on_created (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  GError *error = NULL;
  g_autofree char *out = pvm_pool_logical_run_finish (result, &error);

  if (!out)
    clone_fail (task, error);
  else
    clone_start_copy (task);
}

void
pvm_pool_clone_async (PvmPoolConfig *config, const PvmPoolVolume *source, const char *new_name,
                      PvmHelperJob *job, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  Clone *c = g_new0 (Clone, 1);
  GError *error = NULL;

  c->config = g_object_ref (config);
  c->source = pvm_pool_volume_new (source->name, source->path, source->capacity,
                                   source->allocation);
  c->new_name = g_strdup (new_name);
  c->partial_name = g_strconcat (PVM_POOL_VOLUME_PARTIAL_PREFIX, new_name, NULL);
  c->job = g_object_ref (job);
  g_task_set_source_tag (task, pvm_pool_clone_async);
  g_task_set_task_data (task, c, (GDestroyNotify) clone_free);

  if (clone_is_logical (c)) {
    g_auto (GStrv) argv = pvm_lvm_argv_lvcreate (pvm_pool_config_get_vg (config),
                                                 c->partial_name, source->capacity);
    c->partial = clone_lv_path (c, c->partial_name);
    /* Not cancellable: an lvcreate left running would leave its volume behind. A Cancel
     * meanwhile stops the copy before its first chunk, which removes the volume. */
    pvm_pool_logical_run_async ((const char *const *) argv, NULL, clone_on_created, task);
    return;
  }
  c->partial = pvm_pool_dir_create_partial (config, new_name, source->capacity, &error);
  if (!c->partial)
    clone_fail (task, error);
  else
    clone_start_copy (task);
}

char *
pvm_pool_clone_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* job.c: a long operation on D-Bus.
 *
 * The worker stores its progress in an atomic integer (millionths); a timer on the job's main
 * context publishes it ten times a second at most, with an estimate of the time left from
 * the rate so far.
 */
#include "hv/helper/job.h"

#include "common/pvm-error.h"
#include "hv/helper/auth.h"

#define JOB_TICK_MS 100
#define JOB_PPM 1000000
#define JOB_ESTIMATE_AFTER_US (G_USEC_PER_SEC / 2) /* too early to say before this */

struct _PvmHelperJob {
  PvmJobSkeleton parent_instance;

  GDBusObjectManagerServer *manager; /* weak: cleared when it goes */
  char *path;
  GCancellable *cancellable;
  gint progress_ppm; /* atomic */
  gint part_index, part_count; /* atomic: the part of the job under way */
  char *cancel_reason;         /* pvmd's own, or NULL */
  gint64 started_us;
  GSource *tick;
  gboolean cancel_requested, finished;
};

static void pvm_helper_job_iface_init (PvmJobIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperJob, pvm_helper_job, PVM_TYPE_JOB_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_JOB, pvm_helper_job_iface_init))

/* Publishes the progress and the estimate if they changed. */
static void
job_publish (PvmHelperJob *job)
{
  PvmJob *iface = PVM_JOB (job);
  gint ppm = g_atomic_int_get (&job->progress_ppm);
  double progress = (double) ppm / JOB_PPM;
  gint64 elapsed = g_get_monotonic_time () - job->started_us;
  gint64 remaining = -1;

  if (ppm >= JOB_PPM)
    remaining = 0;
  else if (ppm > 0 && elapsed >= JOB_ESTIMATE_AFTER_US)
    remaining = (gint64) ((double) elapsed / G_USEC_PER_SEC * (1.0 - progress) / progress + 0.5);
  if (pvm_job_get_progress (iface) != progress)
    pvm_job_set_progress (iface, progress);
  if (pvm_job_get_remaining_seconds (iface) != remaining)
    pvm_job_set_remaining_seconds (iface, remaining);
}

static gboolean
job_on_tick (gpointer data)
{
  job_publish (data);
  return G_SOURCE_CONTINUE;
}

PvmHelperJob *
pvm_helper_job_new (GDBusObjectManagerServer *manager, guint number, const char *kind,
                    const char *description)
{
  PvmHelperJob *job = g_object_new (PVM_HELPER_TYPE_JOB, NULL);
  PvmJob *iface = PVM_JOB (job);

  job->path = g_strdup_printf (PVM_HELPER_JOB_PATH "/%u", number);
  job->manager = manager;
  g_object_add_weak_pointer (G_OBJECT (manager), (gpointer *) &job->manager);
  job->started_us = g_get_monotonic_time ();
  pvm_job_set_kind (iface, kind);
  pvm_job_set_description (iface, description);
  pvm_job_set_progress (iface, 0.0);
  pvm_job_set_remaining_seconds (iface, -1);

  job->tick = g_timeout_source_new (JOB_TICK_MS);
  g_source_set_callback (job->tick, job_on_tick, job, NULL);
  g_source_attach (job->tick, g_main_context_get_thread_default ());

  g_autoptr (GDBusObjectSkeleton) object = g_dbus_object_skeleton_new (job->path);
  g_dbus_object_skeleton_add_interface (object, G_DBUS_INTERFACE_SKELETON (job));
  g_dbus_object_manager_server_export (manager, object);
  g_message ("Job %u (%s) started: %s", number, kind, description);
  return job;
}

const char *
pvm_helper_job_get_path (PvmHelperJob *job)
{
  return job->path;
}

GCancellable *
pvm_helper_job_get_cancellable (PvmHelperJob *job)
{
  return job->cancellable;
}

void
pvm_helper_job_set_progress (PvmHelperJob *job, double fraction)
{
  double index = g_atomic_int_get (&job->part_index);
  double count = MAX (g_atomic_int_get (&job->part_count), 1);
  double whole = (index + CLAMP (fraction, 0.0, 1.0)) / count;

  g_atomic_int_set (&job->progress_ppm, (gint) (CLAMP (whole, 0.0, 1.0) * JOB_PPM));
}

void
pvm_helper_job_set_part (PvmHelperJob *job, guint index, guint count)
{
  g_return_if_fail (count > 0 && index < count);
  g_atomic_int_set (&job->part_count, (gint) count);
  g_atomic_int_set (&job->part_index, (gint) index);
  pvm_helper_job_set_progress (job, 0.0);
}

gboolean
pvm_helper_job_is_finishing (PvmHelperJob *job)
{
  return job->cancel_requested || job->finished;
}

static void
job_stop_ticking (PvmHelperJob *job)
{
  if (job->tick) {
    g_source_destroy (job->tick);
    g_clear_pointer (&job->tick, g_source_unref);
  }
}

void
pvm_helper_job_cancel (PvmHelperJob *job, const char *reason)
{
  if (pvm_helper_job_is_finishing (job))
    return;
  job->cancel_requested = TRUE;
  job->cancel_reason = g_strdup (reason);
  g_message ("Job %s is being cancelled: %s", job->path, reason);
  g_cancellable_cancel (job->cancellable);
}

void
pvm_helper_job_finish (PvmHelperJob *job, const GError *error)
{
  gboolean cancelled = error && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_autofree char *why = cancelled && job->cancel_reason
                           ? g_strconcat ("Cancelled: ", job->cancel_reason, NULL)
                           : NULL;
  const char *message = !error ? "" : why ? why : cancelled ? "Cancelled" : error->message;

  g_return_if_fail (!job->finished);
  job->finished = TRUE;
  job_stop_ticking (job);
  if (!error) {
    g_atomic_int_set (&job->part_index, 0);
    g_atomic_int_set (&job->part_count, 1);
    pvm_helper_job_set_progress (job, 1.0);
  }
  job_publish (job);
  g_message ("Job %s (%s) %s%s%s", job->path, pvm_job_get_kind (PVM_JOB (job)),
             error ? "failed" : "succeeded", error ? ": " : "", message);

  /* The properties first, then the signal, then the object goes: clients see them in order. */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (job));
  pvm_job_emit_finished (PVM_JOB (job), error == NULL, message);
  if (job->manager)
    g_dbus_object_manager_server_unexport (job->manager, job->path);
}

static gboolean
job_handle_cancel (PvmJob *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperJob *job = PVM_HELPER_JOB (iface);

  if (pvm_helper_job_is_finishing (job)) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_BUSY,
                                           "Job %s is already finishing", job->path);
    return TRUE;
  }
  job->cancel_requested = TRUE;
  g_message ("Job %s is being cancelled", job->path);
  g_cancellable_cancel (job->cancellable);
  pvm_job_complete_cancel (iface, invocation);
  return TRUE;
}

static void
pvm_helper_job_iface_init (PvmJobIface *iface)
{
  iface->handle_cancel = job_handle_cancel;
}

static void
pvm_helper_job_finalize (GObject *object)
{
  PvmHelperJob *job = PVM_HELPER_JOB (object);

  job_stop_ticking (job);
  if (job->manager)
    g_object_remove_weak_pointer (G_OBJECT (job->manager), (gpointer *) &job->manager);
  g_object_unref (job->cancellable);
  g_free (job->cancel_reason);
  g_free (job->path);
  G_OBJECT_CLASS (pvm_helper_job_parent_class)->finalize (object);
}

static void
pvm_helper_job_class_init (PvmHelperJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pvm_helper_job_finalize;
  pvm_helper_auth_install (G_DBUS_INTERFACE_SKELETON_CLASS (klass));
}

static void
pvm_helper_job_init (PvmHelperJob *job)
{
  job->cancellable = g_cancellable_new ();
}

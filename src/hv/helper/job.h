/* job.h: a long operation on D-Bus (org.pvm.Hypervisor1.Job) — cloning a volume, later saving
 * or migrating a domain. The job is exported at /org/pvm/Hypervisor1/job/<n> while it runs;
 * whoever started it does the work, reports progress from any thread, watches the job's
 * GCancellable, and ends it with pvm_helper_job_finish(), which emits Finished and removes
 * the object. */
#pragma once

#include "common/pvm-hypervisor1.h"

#define PVM_HELPER_JOB_PATH "/org/pvm/Hypervisor1/job"

#define PVM_HELPER_TYPE_JOB (pvm_helper_job_get_type ())
G_DECLARE_FINAL_TYPE (PvmHelperJob, pvm_helper_job, PVM_HELPER, JOB, PvmJobSkeleton)

/* Returns a running job numbered @number, exported on @manager at once with Kind @kind,
 * Description @description, Progress 0 and RemainingSeconds -1. Its properties are published
 * from the thread-default main context of the caller, at most ten times a second. The caller
 * owns the reference; @manager must outlive the job or be disposed first. */
PvmHelperJob *pvm_helper_job_new (GDBusObjectManagerServer *manager, guint number,
                                  const char *kind, const char *description);

/* Returns the object path; owned by @job. */
const char *pvm_helper_job_get_path (PvmHelperJob *job);

/* Returns the cancellable that Cancel triggers; owned by @job. */
GCancellable *pvm_helper_job_get_cancellable (PvmHelperJob *job);

/* Records how far the work is, from 0.0 to 1.0 (clamped). Thread-safe and lock-free: call it as
 * often as convenient from the worker; the D-Bus properties follow on the next tick. */
void pvm_helper_job_set_progress (PvmHelperJob *job, double fraction);

/* Makes the progress recorded from now on count as part @index of @count equal parts of the
 * job: pvm_helper_job_set_progress (@job, f) then shows as (@index + f) / @count. The job
 * starts as part 0 of 1. Call it between the parts, while no worker records progress. */
void pvm_helper_job_set_part (PvmHelperJob *job, guint index, guint count);

/* Triggers the job's cancellable as Cancel does, for pvmd's own @reason (one phrase, "pvmd is
 * stopping"), which Finished then gives after "Cancelled: ". Does nothing once the job is
 * finishing. */
void pvm_helper_job_cancel (PvmHelperJob *job, const char *reason);

/* Ends the job, on its main context: emits Finished (success with "" if @error is NULL,
 * else FALSE with "Cancelled" — and pvm_helper_job_cancel()'s reason — for
 * G_IO_ERROR_CANCELLED, or @error's message) and unexports the object. Call it once. */
void pvm_helper_job_finish (PvmHelperJob *job, const GError *error);

/* Returns TRUE once Cancel was called or the job finished. */
gboolean pvm_helper_job_is_finishing (PvmHelperJob *job);

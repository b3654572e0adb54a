/* job.h: waiting for a pvmd Job (org.pvm.Hypervisor1.Job) — its progress on the terminal,
 * Ctrl+C to cancel it, its Finished signal for the outcome. */
#pragma once

#include <gio/gio.h>

typedef struct PvmCliJobWatch PvmCliJobWatch;

/* Starts listening for every job's Finished signal on @connection. Made before the call that
 * starts a job, so that the end of a quick one is not missed. */
PvmCliJobWatch *pvm_cli_job_watch_new (GDBusConnection *connection);

/* Waits, running the default main context, until the job at @path has finished. On a
 * terminal (stderr), draws a progress bar from its Progress and RemainingSeconds unless
 * @quiet. SIGINT (Ctrl+C) asks the job to cancel and goes on waiting for Finished. Returns
 * TRUE if the job succeeded, else FALSE with G_IO_ERROR_FAILED (G_IO_ERROR_CANCELLED if it
 * was cancelled) and the job's sentence. */
gboolean pvm_cli_job_watch_wait (PvmCliJobWatch *watch, const char *path, gboolean quiet,
                                 GError **error);

/* Stops listening and frees @watch. */
void pvm_cli_job_watch_free (PvmCliJobWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmCliJobWatch, pvm_cli_job_watch_free)

/* pool-clone.h: copying a volume to a new one of the same pool under a job: the copy is
 * created (a sparse file, or a logical volume of the same size), filled in a worker thread,
 * and removed again if the copy fails or is cancelled. */
#pragma once

#include <gio/gio.h>

#include "hv/helper/job.h"
#include "hv/helper/pool-config.h"
#include "hv/helper/pool-volume.h"

/* Copies @source to the new volume @new_name of the pool @config (whose name must be free)
 * under @job: progress goes to the job, the job's cancellable stops it. Does not finish the
 * job. Completes on the caller's thread-default main context. */
void pvm_pool_clone_async (PvmPoolConfig *config, const PvmPoolVolume *source,
                           const char *new_name, PvmHelperJob *job,
                           GAsyncReadyCallback callback, gpointer user_data);

/* Returns TRUE if the copy is complete; else FALSE with @error (G_IO_ERROR_CANCELLED, or a
 * PVM_ERROR sentence) and the copy is gone. */
gboolean pvm_pool_clone_finish (GAsyncResult *result, GError **error);

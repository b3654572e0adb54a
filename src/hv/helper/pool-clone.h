/* pool-clone.h: copying a volume to a new one of the same pool under a job: the copy is
 * created under a partial name (PVM_POOL_VOLUME_PARTIAL_PREFIX; a sparse file, or a logical
 * volume of the same size), filled in a worker thread, and given its name once complete; it is
 * removed again if the copy fails or is cancelled. A pvmd killed meanwhile leaves only the
 * partial copy, which the pool removes when it is loaded again. */
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

/* Returns the path of the complete copy (newly allocated); else NULL with @error
 * (G_IO_ERROR_CANCELLED, or a PVM_ERROR sentence) and the copy is gone. */
char *pvm_pool_clone_finish (GAsyncResult *result, GError **error);

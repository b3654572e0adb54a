/* pool.h: the D-Bus object of one storage pool (org.pvm.Hypervisor1.StoragePool): its
 * definition and its volumes, and the jobs that copy them. */
#pragma once

#include "common/pvm-hypervisor1.h"
#include "hv/helper/daemon.h"
#include "hv/helper/pool-config.h"
#include "hv/helper/pool-volume.h"

#define PVM_HELPER_TYPE_POOL (pvm_helper_pool_get_type ())
G_DECLARE_FINAL_TYPE (PvmHelperPool, pvm_helper_pool, PVM_HELPER, POOL, PvmStoragePoolSkeleton)

/* Returns the pool of @config; @daemon (busy disks, jobs, the pool list) must outlive it.
 * CapacityBytes and AvailableBytes are read at once (a directory) or soon after (a volume
 * group). */
PvmHelperPool *pvm_helper_pool_new (PvmHelperDaemon *daemon, PvmPoolConfig *config);

/* Returns the definition; owned by @pool. */
PvmPoolConfig *pvm_helper_pool_get_config (PvmHelperPool *pool);

/* Replaces the definition (same name) and updates the properties. Only while no job runs. */
void pvm_helper_pool_set_config (PvmHelperPool *pool, PvmPoolConfig *config);

/* Returns TRUE while a job (a copy) runs on one of the pool's volumes. */
gboolean pvm_helper_pool_has_jobs (PvmHelperPool *pool);

/* Cancels the jobs running on the pool's volumes; each ends (its copy removed) on the main
 * context soon after. */
void pvm_helper_pool_cancel_jobs (PvmHelperPool *pool);

/* Returns TRUE if @name can name a volume of @pool (pvm_pool_volume_check_name(), and for a
 * logical pool pvm_lvm_check_lv_name()), else FALSE with PVM_ERROR_INVALID_ARGUMENT. */
gboolean pvm_helper_pool_check_name (PvmHelperPool *pool, const char *name, GError **error);

/* Checks, as CloneVolume does, that the volume @name can be copied to the new volume
 * @new_name (it exists, no running domain writes to it, no job copies it, @new_name is a free
 * volume name) and reserves both: they are busy, and the pool cannot be undefined, until
 * pvm_helper_pool_copy_async() ends or pvm_helper_pool_release() is called. Completes on the
 * main context after listing the pool. */
void pvm_helper_pool_reserve_async (PvmHelperPool *pool, const char *name, const char *new_name,
                                    GAsyncReadyCallback callback, gpointer user_data);

/* Returns the volume to copy (name, path, size), or NULL with CloneVolume's named errors
 * (PVM_ERROR_NOT_FOUND, _INVALID_ARGUMENT, _BUSY, _FAILED); nothing is reserved then. */
PvmPoolVolume *pvm_helper_pool_reserve_finish (PvmHelperPool *pool, GAsyncResult *result,
                                               GError **error);

/* Releases a reservation that no copy will use. */
void pvm_helper_pool_release (PvmHelperPool *pool, const char *name, const char *new_name);

/* Copies the reserved volume @source to @new_name under @job, whose progress and cancellable
 * it uses but which it does not finish; the reservation ends with the copy. */
void pvm_helper_pool_copy_async (PvmHelperPool *pool, const PvmPoolVolume *source,
                                 const char *new_name, PvmHelperJob *job,
                                 GAsyncReadyCallback callback, gpointer user_data);

/* Returns the path of the complete copy (newly allocated), or NULL with @error
 * (G_IO_ERROR_CANCELLED, or PVM_ERROR_FAILED) and no copy left. */
char *pvm_helper_pool_copy_finish (PvmHelperPool *pool, GAsyncResult *result, GError **error);

/* Deletes the volume @name without the checks of DeleteVolume: for a copy that its maker
 * takes back. */
void pvm_helper_pool_delete_async (PvmHelperPool *pool, const char *name,
                                   GAsyncReadyCallback callback, gpointer user_data);

/* Returns TRUE once the volume is gone, else FALSE with PVM_ERROR_FAILED or _NOT_FOUND. */
gboolean pvm_helper_pool_delete_finish (PvmHelperPool *pool, GAsyncResult *result,
                                        GError **error);

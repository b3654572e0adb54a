/* pool.h: the D-Bus object of one storage pool (org.pvm.Hypervisor1.StoragePool): its
 * definition and its volumes, and the jobs that copy them. */
#pragma once

#include "common/pvm-hypervisor1.h"
#include "hv/helper/daemon.h"
#include "hv/helper/pool-config.h"

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

/* pool-manager.h: pvmd's storage pools — their store, one StoragePool object each under the
 * ObjectManager, the "default" directory pool, and defining and undefining pools. */
#pragma once

#include <gio/gio.h>

#include "hv/helper/daemon.h"
#include "hv/helper/pool.h"

#define PVM_POOL_DEFAULT_NAME "default"

/* Returns the pools kept in @store_dir (created if missing), each exported on @server, with
 * the directory pool "default" at @default_dir defined first if there is none (its directory
 * is created; a failure there is logged, not fatal). A stored logical pool is kept only in
 * system mode. Returns NULL with @error (G_FILE_ERROR) if the store cannot be made. @daemon
 * and @server must outlive the manager. Blocks on the disk. */
PvmPoolManager *pvm_pool_manager_new (PvmHelperDaemon *daemon,
                                      GDBusObjectManagerServer *server,
                                      const char *store_dir, const char *default_dir,
                                      GError **error);

/* Cancels the copies under way and waits for them to be removed (iterating the main
 * context), then unexports and frees the pools (NULL is ignored); their files and volumes
 * stay. */
void pvm_pool_manager_free (PvmPoolManager *pools);

/* Defines a pool from libvirt storage pool XML, or replaces the definition of the pool with
 * the same name: checked, its directory made or its volume group found, stored, exported. */
void pvm_pool_manager_define_async (PvmPoolManager *pools, const char *xml,
                                    GAsyncReadyCallback callback, gpointer user_data);

/* Returns the object path of the defined pool (newly allocated), or NULL with @error:
 * PVM_ERROR_INVALID_ARGUMENT (a bad definition), PVM_ERROR_NOT_AUTHORIZED (a logical pool in
 * session mode), PVM_ERROR_BUSY (a job runs on the pool being replaced), PVM_ERROR_FAILED
 * (the directory, the volume group, the store). */
char *pvm_pool_manager_define_finish (PvmPoolManager *pools, GAsyncResult *result,
                                      GError **error);

/* Forgets @pool: its file and its object go, its volumes stay. Returns FALSE with
 * PVM_ERROR_BUSY while a job runs on it, PVM_ERROR_FAILED if the file cannot be removed. */
gboolean pvm_pool_manager_undefine (PvmPoolManager *pools, PvmHelperPool *pool,
                                    GError **error);

/* Returns the pool that has @path as a volume — a file directly in a directory pool's
 * directory, or /dev/<vg>/<lv> of a logical pool's volume group — and its volume name in
 * @name (newly allocated); or NULL if no pool has it. Whether the volume exists is not
 * checked. */
PvmHelperPool *pvm_pool_manager_find_volume (PvmPoolManager *pools, const char *path,
                                             char **name);

/* Returns the pool named @name, or NULL; owned by @pools. */
PvmHelperPool *pvm_pool_manager_lookup (PvmPoolManager *pools, const char *name);

/* Returns /org/pvm/Hypervisor1/pool/<name> with every character but [A-Za-z0-9] written as
 * _XX (its byte in lowercase hexadecimal); newly allocated. */
char *pvm_pool_manager_object_path (const char *name);

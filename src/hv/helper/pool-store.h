/* pool-store.h: the storage pool definitions pvmd keeps — one libvirt storage pool XML file
 * per pool, named <name>.xml, in one directory (beside the domain store). */
#pragma once

#include <glib.h>

#include "hv/helper/pool-config.h"

typedef struct PvmPoolStore PvmPoolStore;

/* Returns the store on @dir, creating the directory (mode 0700, parents 0755) if it is
 * missing. Returns NULL with @error (G_FILE_ERROR) if it cannot be created. */
PvmPoolStore *pvm_pool_store_new (const char *dir, GError **error);

/* Frees @store (NULL is ignored); the files stay. */
void pvm_pool_store_free (PvmPoolStore *store);

/* Reads every <name>.xml of the directory. A file that cannot be read, does not pass
 * pvm_pool_config_new_from_xml(), or whose pool has another name is left alone and logged as
 * a warning naming it. Returns the configs in file name order, owned by the array; never
 * NULL. */
GPtrArray *pvm_pool_store_load_all (PvmPoolStore *store);

/* Writes @config as <name>.xml atomically (temporary file, sync, rename, directory sync).
 * Blocks on the disk. Returns FALSE with @error (G_FILE_ERROR), leaving the old file. */
gboolean pvm_pool_store_save (PvmPoolStore *store, PvmPoolConfig *config, GError **error);

/* Deletes the file of the pool @name. Returns TRUE if it is gone (also if it was not there),
 * FALSE with @error (G_FILE_ERROR) if it cannot be removed. */
gboolean pvm_pool_store_remove (PvmPoolStore *store, const char *name, GError **error);

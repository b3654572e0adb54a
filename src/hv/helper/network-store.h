/* network-store.h: the networks pvmd keeps — one libvirt network XML file per network, named
 * <name>.xml, in one directory (`networks` beside the domain definitions). */
#pragma once

#include <glib.h>

#include "common/pvm-network-config.h"

typedef struct PvmNetworkStore PvmNetworkStore;

/* Returns the store on @dir, creating the directory (mode 0700, parents 0755) if it is
 * missing. Returns NULL with @error (G_FILE_ERROR) if it cannot be created. */
PvmNetworkStore *pvm_network_store_new (const char *dir, GError **error);

/* Frees @store (NULL is ignored); the files stay. */
void pvm_network_store_free (PvmNetworkStore *store);

/* Reads every <name>.xml of the directory. A file that cannot be read, does not pass
 * pvm_network_config_new_from_xml(), or whose network's name differs from the file's is left
 * alone and logged as a warning naming it. Returns the configs in file name order, owned by the
 * array; never NULL. */
GPtrArray *pvm_network_store_load_all (PvmNetworkStore *store);

/* Writes @config as <name>.xml atomically (see pvm_helper_atomic_file_write()). Blocks on the
 * disk. Returns FALSE with @error (G_FILE_ERROR) on failure, leaving the old file. */
gboolean pvm_network_store_save (PvmNetworkStore *store, PvmNetworkConfig *config,
                                 GError **error);

/* Deletes the file of the network @name. Returns TRUE if it is gone (also if it was not
 * there), FALSE with @error (G_FILE_ERROR) if it cannot be removed. */
gboolean pvm_network_store_remove (PvmNetworkStore *store, const char *name, GError **error);

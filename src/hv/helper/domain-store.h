/* domain-store.h: the definitions pvmd keeps — one libvirt domain XML file per virtual machine,
 * named <uuid>.xml, in one directory. */
#pragma once

#include <glib.h>

#include "common/pvm-domain-config.h"

typedef struct PvmDomainStore PvmDomainStore;

/* Returns the store on @dir, creating the directory (mode 0700, parents 0755) if it is
 * missing. Returns NULL with @error (G_FILE_ERROR) if it cannot be created. */
PvmDomainStore *pvm_domain_store_new (const char *dir, GError **error);

/* Frees @store (NULL is ignored); the files stay. */
void pvm_domain_store_free (PvmDomainStore *store);

/* Returns the directory; owned by @store. */
const char *pvm_domain_store_get_dir (PvmDomainStore *store);

/* Reads every <uuid>.xml of the directory. A file that cannot be read, does not pass
 * pvm_domain_config_new_from_xml(), or whose UUID differs from its name is left alone and
 * logged as a warning naming it. Returns the configs in file name order, owned by the array;
 * never NULL. */
GPtrArray *pvm_domain_store_load_all (PvmDomainStore *store);

/* Writes @config as <uuid>.xml: to a temporary file, synced, renamed over the old file, and the
 * directory synced, so that after a crash the file holds either the old or the new
 * definition. Blocks on the disk. Returns FALSE with @error (G_FILE_ERROR) on failure, leaving
 * the old file as it was. */
gboolean pvm_domain_store_save (PvmDomainStore *store, PvmDomainConfig *config, GError **error);

/* Returns whether pvmd starts the domain @uuid when it starts: whether autostart/<uuid>.xml,
 * a symbolic link to its definition (as libvirt keeps it), exists. Never fails. */
gboolean pvm_domain_store_get_autostart (PvmDomainStore *store, const char *uuid);

/* Creates (@autostart) or removes the link autostart/<uuid>.xml, durably: the directory is
 * synced. Blocks on the disk. Returns FALSE with @error (G_FILE_ERROR) on failure. */
gboolean pvm_domain_store_set_autostart (PvmDomainStore *store, const char *uuid,
                                         gboolean autostart, GError **error);

/* Deletes the file of @uuid (and its autostart link). Returns TRUE if it is gone (also if it was not there), FALSE with
 * @error (G_FILE_ERROR) if it cannot be removed. */
gboolean pvm_domain_store_remove (PvmDomainStore *store, const char *uuid, GError **error);

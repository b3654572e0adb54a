/* domain-store.h: what pvmd keeps of a domain beside its definition (a PvmXmlStore of
 * pvm_xml_store_domains): whether it starts with pvmd, as libvirt keeps it — a symbolic link
 * autostart/<uuid>.xml to the definition. */
#pragma once

#include "hv/helper/xml-store.h"

/* Returns whether pvmd starts the domain @uuid when it starts: whether autostart/<uuid>.xml
 * exists in @store's directory. Never fails. */
gboolean pvm_domain_store_get_autostart (PvmXmlStore *store, const char *uuid);

/* Creates (@autostart) or removes the link autostart/<uuid>.xml, durably: the directory is
 * synced. Blocks on the disk. Returns FALSE with @error (G_FILE_ERROR) on failure. */
gboolean pvm_domain_store_set_autostart (PvmXmlStore *store, const char *uuid,
                                         gboolean autostart, GError **error);

/* Deletes the definition of @uuid and its autostart link. Returns TRUE if they are gone (also
 * if they were not there), FALSE with @error (G_FILE_ERROR) if one cannot be removed. */
gboolean pvm_domain_store_remove (PvmXmlStore *store, const char *uuid, GError **error);

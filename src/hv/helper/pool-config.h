/* pool-config.h: a storage pool's definition — libvirt storage pool XML, read and written with
 * libvirt-gconfig, checked against the two kinds pvmd knows: a directory of sparse raw files
 * ("dir") and an LVM volume group ("logical"). */
#pragma once

#include <glib-object.h>

typedef enum {
  PVM_POOL_TYPE_DIR,     /* sparse raw files in a directory */
  PVM_POOL_TYPE_LOGICAL, /* logical volumes of an LVM volume group */
} PvmPoolType;

#define PVM_POOL_MAX_NAME 64 /* characters */

#define PVM_TYPE_POOL_CONFIG (pvm_pool_config_get_type ())
G_DECLARE_FINAL_TYPE (PvmPoolConfig, pvm_pool_config, PVM, POOL_CONFIG, GObject)

/* Reads and checks a definition. A logical pool without <target> gets /dev/<volume group>.
 * Returns a new immutable config, or NULL with PVM_ERROR_INVALID_ARGUMENT and one sentence
 * naming the element that is wrong (never logs). Touches no file. */
PvmPoolConfig *pvm_pool_config_new_from_xml (const char *xml, GError **error);

/* Builds the definition of the directory pool @name at @path (absolute) with libvirt-gconfig
 * and reads it back with pvm_pool_config_new_from_xml(): the same checks, the same errors. */
PvmPoolConfig *pvm_pool_config_new_dir (const char *name, const char *path, GError **error);

/* Returns TRUE if @name can name a pool: 1 to 64 characters of [A-Za-z0-9_.+-] (a volume
 * group's name usually fits), not starting with "." or "-"; else FALSE with
 * PVM_ERROR_INVALID_ARGUMENT, one sentence naming <name>. */
gboolean pvm_pool_config_check_name (const char *name, GError **error);

/* Returns the definition as libvirt storage pool XML; newly allocated. */
char *pvm_pool_config_to_xml (PvmPoolConfig *config);

/* The values of the definition, owned by @config. */
const char *pvm_pool_config_get_name (PvmPoolConfig *config);
PvmPoolType pvm_pool_config_get_pool_type (PvmPoolConfig *config);
const char *pvm_pool_config_get_target (PvmPoolConfig *config); /* absolute */
const char *pvm_pool_config_get_vg (PvmPoolConfig *config);     /* logical: the volume group;
                                                                   dir: NULL */

/* Returns "dir" or "logical"; static. */
const char *pvm_pool_type_to_string (PvmPoolType type);

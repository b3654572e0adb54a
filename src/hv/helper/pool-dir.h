/* pool-dir.h: the volumes of a directory pool — sparse raw files in its target directory. All
 * of these block on the file system briefly (no data is copied) and answer with PVM_ERROR
 * sentences naming the volume and the pool. */
#pragma once

#include <glib.h>

#include "hv/helper/pool-config.h"
#include "hv/helper/pool-volume.h"

/* Creates the pool's directory (and its parents, mode 0755) if it is missing. Returns FALSE
 * with PVM_ERROR_FAILED if it cannot be made or is not a directory. */
gboolean pvm_pool_dir_prepare (PvmPoolConfig *config, GError **error);

/* Returns the regular files of the directory whose names are volume names, as PvmPoolVolume
 * (capacity = size, allocation = st_blocks × 512), sorted by name; never NULL on success.
 * Returns NULL with PVM_ERROR_FAILED if the directory cannot be read. */
GPtrArray *pvm_pool_dir_list (PvmPoolConfig *config, GError **error);

/* Returns the volume @name, or NULL with PVM_ERROR_NOT_FOUND (no such regular file) or
 * PVM_ERROR_FAILED. */
PvmPoolVolume *pvm_pool_dir_find (PvmPoolConfig *config, const char *name, GError **error);

/* Returns the path the volume @name has or would have; newly allocated. */
char *pvm_pool_dir_volume_path (PvmPoolConfig *config, const char *name);

/* Creates the sparse file @name of @capacity bytes, never replacing a file (O_EXCL). Returns
 * its path (newly allocated), or NULL with PVM_ERROR_INVALID_ARGUMENT if the name is taken,
 * PVM_ERROR_FAILED (the system's reason: no space, …) otherwise, leaving no file behind. */
char *pvm_pool_dir_create (PvmPoolConfig *config, const char *name, guint64 capacity,
                           GError **error);

/* Creates the partial copy of the volume @name (PVM_POOL_VOLUME_PARTIAL_PREFIX): a sparse file
 * of @capacity bytes, replacing one left by an earlier copy. Returns its path (newly
 * allocated), or NULL with PVM_ERROR_FAILED naming the volume @name. */
char *pvm_pool_dir_create_partial (PvmPoolConfig *config, const char *name, guint64 capacity,
                                   GError **error);

/* Renames the complete partial copy of @name to @name, never replacing a file (the partial
 * copy then stays), and syncs the directory, so that after a crash either the whole volume
 * or no volume has the name. Returns its path (newly allocated), or NULL with
 * PVM_ERROR_INVALID_ARGUMENT if @name is taken, PVM_ERROR_FAILED otherwise. */
char *pvm_pool_dir_commit_partial (PvmPoolConfig *config, const char *name, GError **error);

/* Removes the partial copies an earlier pvmd left in the directory (it was killed during a
 * copy); logs each, and what cannot be removed. Returns how many were removed. */
guint pvm_pool_dir_remove_partials (PvmPoolConfig *config);

/* Grows the file @name to @capacity bytes (the new part is a hole). Returns FALSE with
 * PVM_ERROR_NOT_FOUND, PVM_ERROR_INVALID_ARGUMENT if @capacity is below its size, or
 * PVM_ERROR_FAILED. */
gboolean pvm_pool_dir_resize (PvmPoolConfig *config, const char *name, guint64 capacity,
                              GError **error);

/* Deletes the file @name. Returns FALSE with PVM_ERROR_NOT_FOUND or PVM_ERROR_FAILED. */
gboolean pvm_pool_dir_delete (PvmPoolConfig *config, const char *name, GError **error);

/* Sets the size and the free space (for an unprivileged user) of the directory's file system
 * from statvfs(). Returns FALSE with PVM_ERROR_FAILED if it cannot be read. */
gboolean pvm_pool_dir_space (PvmPoolConfig *config, guint64 *capacity, guint64 *available,
                             GError **error);

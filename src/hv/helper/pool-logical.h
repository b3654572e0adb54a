/* pool-logical.h: a logical pool's volume group through the lvm2 tools, run as
 * subprocesses (argument vectors from lvm.h, never a shell) without blocking the main loop.
 * Errors are PVM_ERROR sentences: the tool's own last line when it fails. */
#pragma once

#include <gio/gio.h>

#include "hv/helper/pool-config.h"

/* Runs the lvm2 tool @argv (argv[0] found in $PATH, stdin empty, --yes where it may ask). */
void pvm_pool_logical_run_async (const char *const *argv, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);

/* Returns what the tool printed on stdout (newly allocated), or NULL with PVM_ERROR_FAILED:
 * the tool could not run, or it failed ("lvcreate: Volume group … has insufficient free
 * space …"). */
char *pvm_pool_logical_run_finish (GAsyncResult *result, GError **error);

/* Reads the size and free space of the pool's volume group (vgs). */
void pvm_pool_logical_space_async (PvmPoolConfig *config, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);

/* Sets @capacity and @available in bytes, or returns FALSE with PVM_ERROR_FAILED ("Volume
 * group 'vg0' of pool 'p' is not found: vgs: …" or an unreadable report). */
gboolean pvm_pool_logical_space_finish (GAsyncResult *result, guint64 *capacity,
                                        guint64 *available, GError **error);

/* Lists the pool's logical volumes (lvs). */
void pvm_pool_logical_list_async (PvmPoolConfig *config, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);

/* Returns the volumes as PvmPoolVolume sorted by name (never NULL on success), or NULL with
 * PVM_ERROR_FAILED. Partial copies (PVM_POOL_VOLUME_PARTIAL_PREFIX) are left out. */
GPtrArray *pvm_pool_logical_list_finish (GAsyncResult *result, GError **error);

/* Removes, in the background, the partial copies an earlier pvmd left in the volume group (it
 * was killed during a copy): lvs, then lvremove for each; logs what it does and what fails. */
void pvm_pool_logical_remove_partials (PvmPoolConfig *config);

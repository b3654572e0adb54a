/* pool-volume.h: one disk volume of a storage pool as pvmd lists it, and the rules its name
 * and size follow. */
#pragma once

#include <glib.h>

#define PVM_POOL_VOLUME_MAX_NAME 64      /* characters */
#define PVM_POOL_VOLUME_UNIT (1u << 20)  /* capacities are whole MiB */

/* A copy under way is written to a volume named this prefix and the copy's name, and renamed
 * once complete. No volume name starts with ".", so such a partial copy is never listed, and a
 * partial copy a killed pvmd left behind is known as one. */
#define PVM_POOL_VOLUME_PARTIAL_PREFIX ".pvm-partial-"

typedef struct {
  char *name;
  char *path;          /* a file, or a logical volume's block device */
  guint64 capacity;    /* bytes the guest sees */
  guint64 allocation;  /* bytes it takes on the host */
} PvmPoolVolume;

/* Returns a volume with copies of @name and @path. */
PvmPoolVolume *pvm_pool_volume_new (const char *name, const char *path, guint64 capacity,
                                    guint64 allocation);

/* Frees @volume (NULL is ignored). */
void pvm_pool_volume_free (PvmPoolVolume *volume);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmPoolVolume, pvm_pool_volume_free)

/* Returns TRUE if @name is a volume name: 1 to 64 characters of [A-Za-z0-9._+-], not
 * starting with "." or "-". Otherwise FALSE with PVM_ERROR_INVALID_ARGUMENT, one sentence
 * naming the volume and the pool @pool. */
gboolean pvm_pool_volume_check_name (const char *pool, const char *name, GError **error);

/* Returns @capacity rounded up to whole MiB in *@rounded, or FALSE with
 * PVM_ERROR_INVALID_ARGUMENT naming the volume @name when it is 0 or too large for a file
 * (above 2^62 bytes). */
gboolean pvm_pool_volume_round_capacity (const char *name, guint64 capacity, guint64 *rounded,
                                         GError **error);

/* Sorts an array of PvmPoolVolume by name (strcmp). */
void pvm_pool_volume_sort (GPtrArray *volumes);

/* Returns the volumes as a D-Bus a(sstt) value (name, path, capacity, allocation); floating. */
GVariant *pvm_pool_volume_list_to_variant (GPtrArray *volumes);

/* pvm-domain-disks.h: a domain's disks and which of them are volumes of a storage pool — the
 * definition read with pvm-domain-config, each disk's path matched against the volumes that
 * every pool of the domain's pvmd lists — for deleting a domain with its disks (pvmctl
 * undefine --remove-disks, pvm-manager's Delete). */
#pragma once

#include <gio/gio.h>

#include "common/pvm-hypervisor1.h"

typedef struct {
  char *path; /* the disk's source, as the definition has it */
  gboolean readonly;
  char *pool;      /* the object path of the pool with a volume at @path, or NULL: in no pool */
  char *pool_name; /* that pool's Name, or NULL */
  char *volume;    /* the volume's name in that pool, or NULL */
} PvmDomainDiskVolume;

/* Frees @disk (NULL is ignored). */
void pvm_domain_disk_volume_free (PvmDomainDiskVolume *disk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmDomainDiskVolume, pvm_domain_disk_volume_free)

/* Reads @domain's definition (GetXML) and lists the volumes of its pvmd's pools (the
 * ObjectManager's GetManagedObjects, then each pool's ListVolumes), all with asynchronous
 * calls; a pool whose volumes cannot be listed counts as having none. Calls @callback in the
 * caller's thread-default main context; never blocks. */
void pvm_domain_disks_find_async (PvmDomain *domain, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);

/* Returns the domain's disks in the definition's order: a new GPtrArray of
 * PvmDomainDiskVolume that frees them, empty for a domain without disks; or NULL with pvmd's
 * error, or PVM_ERROR_INVALID_ARGUMENT for a definition pvm cannot read. */
GPtrArray *pvm_domain_disks_find_finish (GAsyncResult *result, GError **error);

/* pvm_domain_disks_find_async() and _finish() for programs without a main loop: blocks,
 * running a private main context until the answer is there. */
GPtrArray *pvm_domain_disks_find_sync (PvmDomain *domain, GCancellable *cancellable,
                                       GError **error);

/* Deletes the volume that @disk is (its pool's DeleteVolume) through the pvmd that owns
 * @bus_name on @connection; @disk must be in a pool. Calls @callback in the caller's
 * thread-default main context; never blocks. */
void pvm_domain_disk_volume_delete_async (const PvmDomainDiskVolume *disk,
                                          GDBusConnection *connection, const char *bus_name,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);

/* Returns TRUE once the volume is deleted, else FALSE with pvmd's error (its sentence names
 * the volume). */
gboolean pvm_domain_disk_volume_delete_finish (GAsyncResult *result, GError **error);

/* pvm_domain_disk_volume_delete_async() and _finish(), blocking in a private main context. */
gboolean pvm_domain_disk_volume_delete_sync (const PvmDomainDiskVolume *disk,
                                             GDBusConnection *connection, const char *bus_name,
                                             GCancellable *cancellable, GError **error);

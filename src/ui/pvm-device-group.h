/* pvm-device-group.h: a group of rows listing a machine's disks (target, path, size, whether
 * read-only) or network cards (network, MAC address, forwarded ports), as its definition
 * describes them. */
#pragma once

#include <adwaita.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_DEVICE_GROUP (pvm_device_group_get_type ())
G_DECLARE_FINAL_TYPE (PvmDeviceGroup, pvm_device_group, PVM, DEVICE_GROUP, AdwPreferencesGroup)

/* Lists the disks of @config, a definition of @domain, in place of what the group showed.
 * Their sizes show as they come: from the volumes of the host's storage pools
 * (StoragePool.ListVolumes), or on this computer from the files themselves. Never blocks; the
 * calls of an earlier listing are cancelled. */
void pvm_device_group_show_disks (PvmDeviceGroup *self, PvmDomain *domain,
                                  PvmDomainConfig *config);

/* Lists the network cards of @config in place of what the group showed. */
void pvm_device_group_show_interfaces (PvmDeviceGroup *self, PvmDomainConfig *config);

G_END_DECLS

/* stats.h: the machine's share of org.pvm.Vmm1.GetStats — guest RAM and the byte counters of
 * its disks and network cards. */
#pragma once

#include <glib.h>

#include "hv/machine/machine.h"

/* Adds to @dict, each as a uint64 ("t"): "memory-bytes" (guest RAM), and "disk-read-bytes",
 * "disk-write-bytes", "net-rx-bytes", "net-tx-bytes", each summed over the virtio-blk devices
 * or virtio-net cards of @machine (0 when it has none). From any thread; reads relaxed
 * atomic counters, never blocks and takes no lock. */
void pvm_vmm_stats_add_machine (PvmMachine *machine, GVariantDict *dict);

/* stats.c: the machine's share of GetStats, summed over the devices in its virtio slots. */
#include "hv/vmm/stats.h"

#include "hv/dev/virtio-blk.h"
#include "hv/dev/virtio-mmio.h"
#include "hv/dev/virtio-net.h"

void
pvm_vmm_stats_add_machine (PvmMachine *machine, GVariantDict *dict)
{
  uint64_t disk_read = 0, disk_write = 0, net_rx = 0, net_tx = 0;

  for (unsigned i = 0; i < PVM_MACHINE_MAX_VIRTIO; i++) {
    PvmVirtioMmio *mmio = machine->virtio[i];
    uint64_t in, out;

    if (!mmio)
      continue;
    switch (pvm_virtio_mmio_device_id (mmio)) {
    case PVM_VIRTIO_BLK_DEVICE_ID:
      pvm_virtio_blk_get_stats (pvm_virtio_mmio_device (mmio), &in, &out);
      disk_read += in;
      disk_write += out;
      break;
    case PVM_VIRTIO_NET_DEVICE_ID:
      pvm_virtio_net_get_stats (pvm_virtio_mmio_device (mmio), &in, &out);
      net_rx += in;
      net_tx += out;
      break;
    default:
      break;
    }
  }
  g_variant_dict_insert (dict, "memory-bytes", "t", (guint64) machine->ram_size);
  g_variant_dict_insert (dict, "disk-read-bytes", "t", (guint64) disk_read);
  g_variant_dict_insert (dict, "disk-write-bytes", "t", (guint64) disk_write);
  g_variant_dict_insert (dict, "net-rx-bytes", "t", (guint64) net_rx);
  g_variant_dict_insert (dict, "net-tx-bytes", "t", (guint64) net_tx);
}

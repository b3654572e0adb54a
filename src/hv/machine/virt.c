/* virt.c: the virt board — one table of regions, the devices created in order, mapped and
 * wired to the PLIC, then the device tree and the boot. */
#include "hv/machine/virt.h"

#include "hv/dev/aclint.h"
#include "hv/dev/goldfish-rtc.h"
#include "hv/dev/plic.h"
#include "hv/dev/syscon.h"
#include "hv/dev/uart16550.h"
#include "hv/dev/virtio-blk.h"
#include "hv/dev/virtio-console.h"
#include "hv/dev/virtio-input.h"
#include "hv/dev/virtio-mmio.h"
#include "hv/dev/virtio-net.h"
#include "hv/dev/virtio-rng.h"
#include "hv/machine/boot.h"
#include "hv/machine/fdt.h"
#include "hv/net/backend.h"

const PvmVirtMapEntry pvm_virt_memmap[PVM_VIRT_N_REGIONS] = {
  [PVM_VIRT_MROM] = { 0x1000, 0xf000 },
  [PVM_VIRT_TEST] = { 0x100000, 0x1000 },
  [PVM_VIRT_RTC] = { 0x101000, 0x1000 },
  [PVM_VIRT_CLINT] = { 0x2000000, 0x10000 },
  [PVM_VIRT_PLIC] = { 0xc000000, 0x600000 },
  [PVM_VIRT_UART0] = { 0x10000000, 0x100 },
  [PVM_VIRT_VIRTIO] = { 0x10001000, 0x1000 },
  [PVM_VIRT_DRAM] = { 0x80000000, 0 },
};

G_STATIC_ASSERT (PVM_ACLINT_SIZE == 0x10000);
G_STATIC_ASSERT (PVM_PLIC_SIZE == 0x600000);
G_STATIC_ASSERT (PVM_UART_SIZE == 0x100);
G_STATIC_ASSERT (PVM_SYSCON_SIZE == 0x1000);
G_STATIC_ASSERT (PVM_GOLDFISH_RTC_SIZE == 0x1000);
G_STATIC_ASSERT (PVM_PLIC_NUM_SOURCES == PVM_VIRT_PLIC_NDEV + 1);
G_STATIC_ASSERT (PVM_VIRTIO_MMIO_SIZE == 0x1000);
G_STATIC_ASSERT (PVM_VIRT_VIRTIO_SLOTS <= PVM_MACHINE_MAX_VIRTIO);
G_STATIC_ASSERT (PVM_VIRT_VIRTIO_POWER_SLOT == PVM_VIRT_VIRTIO_COUNT);
G_STATIC_ASSERT (PVM_VIRT_VIRTIO_IRQ + PVM_VIRT_VIRTIO_SLOTS <= PVM_VIRT_UART0_IRQ);

static gboolean
virt_map (PvmMachine *machine, PvmVirtRegion region, const PvmDeviceOps *ops, void *dev,
          GError **error)
{
  return pvm_bus_add_device (&machine->bus, pvm_virt_memmap[region].base,
                             pvm_virt_memmap[region].size, ops, dev, error);
}

/* The reset ROM: zeros until a firmware boot plans its code there. */
static gboolean
virt_add_rom (PvmMachine *machine, GError **error)
{
  const PvmVirtMapEntry *mrom = &pvm_virt_memmap[PVM_VIRT_MROM];

  machine->rom = g_malloc0 (mrom->size);
  return pvm_bus_add_memory (&machine->bus, mrom->base, mrom->size, machine->rom, true, error);
}

/* The devices, in the order they are created, mapped, and reset. */
static gboolean
virt_add_devices (PvmMachine *machine, PvmChardev *serial, GError **error)
{
  PvmIrqLine line;

  machine->plic = pvm_plic_new (machine, error);
  if (!machine->plic || !virt_map (machine, PVM_VIRT_PLIC, &pvm_plic_ops, machine->plic, error))
    return FALSE;

  machine->aclint = pvm_aclint_new (machine, error);
  if (!machine->aclint ||
      !virt_map (machine, PVM_VIRT_CLINT, &pvm_aclint_ops, machine->aclint, error))
    return FALSE;

  machine->syscon = pvm_syscon_new (machine, error);
  if (!machine->syscon ||
      !virt_map (machine, PVM_VIRT_TEST, &pvm_syscon_ops, machine->syscon, error))
    return FALSE;

  line = pvm_plic_line (machine->plic, PVM_VIRT_RTC_IRQ);
  machine->rtc = pvm_goldfish_rtc_new (machine, &line, error);
  if (!machine->rtc ||
      !virt_map (machine, PVM_VIRT_RTC, &pvm_goldfish_rtc_ops, machine->rtc, error))
    return FALSE;

  machine->serial = serial;
  line = pvm_plic_line (machine->plic, PVM_VIRT_UART0_IRQ);
  machine->uart = pvm_uart_new (machine, serial, &line, error);
  if (!machine->uart || !virt_map (machine, PVM_VIRT_UART0, &pvm_uart_ops, machine->uart, error))
    return FALSE;

  return TRUE;
}

static bool
virt_add_disk (PvmVirtioMmio *mmio, const PvmVirtDisk *disk, GError **error)
{
  if (disk->path)
    return pvm_virtio_blk_new (mmio, disk->path, disk->readonly, error) != NULL;

  g_autofree char *name = g_strdup_printf ("fd%d", disk->fd);
  return pvm_virtio_blk_new_fd (mmio, disk->fd, name, disk->readonly, error) != NULL;
}

/* Every virtio-mmio slot, empty unless a disk takes it; disk i goes to slot i. The slot after
 * the configured ones holds the power button. */
static gboolean
virt_add_virtio (PvmMachine *machine, const PvmVirtDisk *disks, unsigned n_disks,
                 GError **error)
{
  const PvmVirtMapEntry *slot = &pvm_virt_memmap[PVM_VIRT_VIRTIO];

  for (unsigned i = 0; i < PVM_VIRT_VIRTIO_SLOTS; i++) {
    uint64_t base = slot->base + i * slot->size;
    PvmIrqLine line = pvm_plic_line (machine->plic, PVM_VIRT_VIRTIO_IRQ + i);

    machine->virtio[i] = pvm_virtio_mmio_new (machine, base, &line, error);
    if (!machine->virtio[i] ||
        !pvm_bus_add_device (&machine->bus, base, slot->size, &pvm_virtio_mmio_ops,
                             machine->virtio[i], error))
      return FALSE;
    if (i < n_disks && !virt_add_disk (machine->virtio[i], &disks[i], error))
      return FALSE;
  }
  pvm_virtio_input_new (machine->virtio[PVM_VIRT_VIRTIO_POWER_SLOT], machine->context);
  return TRUE;
}

gboolean
pvm_virt_press_power_button (PvmMachine *machine)
{
  return pvm_virtio_input_press_power (
    pvm_virtio_mmio_device (machine->virtio[PVM_VIRT_VIRTIO_POWER_SLOT]));
}

/* The virtio devices after the disks, each in the next slot: the network cards, the console,
 * the entropy source. */
static gboolean
virt_add_virtio_io (PvmMachine *machine, const PvmVirtConfig *config, GError **error)
{
  unsigned slot = config->n_disks;

  for (unsigned i = 0; i < config->n_nets; i++) {
    PvmNetBackend *backend = pvm_net_backend_new (&config->nets[i], machine->context, error);
    if (!backend)
      return FALSE;
    pvm_virtio_net_new (machine->virtio[slot++], backend, config->nets[i].mac, machine->context);
  }
  if (config->virtio_console)
    pvm_virtio_console_new (machine->virtio[slot++], config->virtio_console, machine->context);
  if (config->rng)
    pvm_virtio_rng_new (machine->virtio[slot++], machine->context);
  return TRUE;
}

static gboolean
virt_check_config (const PvmVirtConfig *config, GError **error)
{
  if (config->n_harts < 1 || config->n_harts > PVM_MAX_HARTS) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "The number of harts must be from 1 to %u, not %u", PVM_MAX_HARTS,
                 config->n_harts);
    return FALSE;
  }
  if (config->n_disks > PVM_VIRT_VIRTIO_COUNT) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "A machine has at most %u disks, not %u", PVM_VIRT_VIRTIO_COUNT,
                 config->n_disks);
    return FALSE;
  }
  if (config->n_disks + config->n_nets + !!config->virtio_console + config->rng >
      PVM_VIRT_VIRTIO_COUNT) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "A machine has %u virtio slots, too few for %u disks, %u network cards%s%s",
                 PVM_VIRT_VIRTIO_COUNT, config->n_disks, config->n_nets,
                 config->virtio_console ? ", virtio console" : "",
                 config->rng ? ", entropy device" : "");
    return FALSE;
  }
  if (config->kernel && config->test_elf) {
    g_set_error_literal (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                         "A machine boots either a kernel or a test ELF, not both");
    return FALSE;
  }
  if (config->firmware && (config->kernel || config->test_elf || config->pv)) {
    g_set_error_literal (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                         "A machine that boots firmware boots no PV kernel or test ELF");
    return FALSE;
  }
  if (config->payload && !config->firmware) {
    g_set_error_literal (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                         "A payload needs a firmware to boot it");
    return FALSE;
  }
  if ((config->initrd || config->cmdline) && !config->kernel && !config->payload) {
    g_set_error_literal (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                         "An initrd or a kernel command line needs a kernel or a payload");
    return FALSE;
  }
  if (config->kernel && !config->pv) {
    g_set_error_literal (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                         "Direct kernel boot is only available in PV mode");
    return FALSE;
  }
  return TRUE;
}

PvmMachine *
pvm_virt_new (const PvmVirtConfig *config, GError **error)
{
  PvmMachine *machine;
  gboolean ok;

  if (!virt_check_config (config, error))
    return NULL;

  machine = pvm_machine_new (pvm_virt_memmap[PVM_VIRT_DRAM].base, config->ram_size,
                             config->n_harts, config->pv, error);
  if (!machine)
    return NULL;
  if (config->context) {
    g_main_context_unref (machine->context);
    machine->context = g_main_context_ref (config->context);
  }

  ok = virt_add_rom (machine, error) && virt_add_devices (machine, config->serial, error) &&
       virt_add_virtio (machine, config->disks, config->n_disks, error) &&
       virt_add_virtio_io (machine, config, error);
  if (ok) {
    machine->fdt = pvm_fdt_build (machine, config->cmdline, config->initrd != NULL,
                                  &machine->fdt_size, error);
    ok = machine->fdt != NULL;
  }
  if (ok && config->kernel)
    ok = pvm_boot_linux (machine, config->kernel, config->initrd, error);
  else if (ok && config->test_elf)
    ok = pvm_boot_elf (machine, config->test_elf, error);
  else if (ok && config->firmware)
    ok = pvm_boot_firmware (machine, pvm_virt_memmap[PVM_VIRT_MROM].base, config->firmware,
                            config->payload, config->initrd, error);
  if (!ok) {
    pvm_machine_free (machine);
    return NULL;
  }

  pvm_machine_reset (machine);
  return machine;
}

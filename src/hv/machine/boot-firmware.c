/* boot-firmware.c: full virtualization — firmware, payload, initrd and device tree in RAM, and
 * the reset ROM that enters the firmware from the reset vector.
 *
 * Layout, low to high:
 *
 *   the reset ROM (0x1000 on virt)          code, entry, device tree address, fw_dynamic_info
 *   RAM base                                a raw firmware, or where its ELF segments say
 *   RAM base + 2 MiB                        a raw payload, or where its ELF segments say
 *   ...                                     free
 *   below the device tree (4 KiB aligned)   the initrd
 *   top of RAM or 3 GiB (2 MiB aligned)     the device tree
 *
 * The device tree sits where QEMU's virt board puts it, so firmware that relocates itself or
 * copies the tree (OpenSBI, U-Boot) finds it out of its way.
 */
#include "hv/machine/boot.h"

#include <string.h>

#include "common/pvm-bytes.h"
#include "hv/machine/boot-private.h"
#include "hv/machine/elf.h"
#include "hv/machine/fdt.h"
#include "hv/machine/reset-rom.h"

#define FW_PAGE_SIZE 4096ull

#define FW_IMAGE_MAGIC_OFFSET 0x38
#define FW_RISCV_IMAGE_MAGIC "RSC\x05"
#define FW_ARM64_IMAGE_MAGIC "ARM\x64"
#define FW_PE_OFFSET_FIELD 0x3c

/* Where one file went: [start, end) in guest memory, and where to enter it. */
typedef struct {
  uint64_t start, end, entry;
} FwPlaced;

static gboolean
fw_is_linux_image (const uint8_t *data, gsize len)
{
  return len >= FW_IMAGE_MAGIC_OFFSET + 4 &&
         memcmp (data + FW_IMAGE_MAGIC_OFFSET, FW_RISCV_IMAGE_MAGIC, 4) == 0;
}

/* The architecture of a PE/COFF (EFI) file, or NULL if @data is not one. */
static const char *
fw_pe_machine (const uint8_t *data, gsize len)
{
  static const struct {
    unsigned machine;
    const char *name;
  } machines[] = {
    { 0x8664, "x86-64" }, { 0x014c, "i386" },      { 0xaa64, "arm64" },
    { 0x01c0, "ARM" },    { 0x5064, "RISC-V" },    { 0x5032, "32-bit RISC-V" },
  };
  uint32_t pe;
  unsigned machine;

  if (len < FW_PE_OFFSET_FIELD + 4 || data[0] != 'M' || data[1] != 'Z')
    return NULL;
  pe = (uint32_t) pvm_le_get (data + FW_PE_OFFSET_FIELD, 4);
  if (pe > len || len - pe < 6 || memcmp (data + pe, "PE\0\0", 4) != 0)
    return NULL;
  machine = (unsigned) data[pe + 4] | (unsigned) data[pe + 5] << 8;
  for (unsigned i = 0; i < G_N_ELEMENTS (machines); i++)
    if (machines[i].machine == machine)
      return machines[i].name;
  return "an unknown machine";
}

/* Names what @data is when it is a known format that cannot run as a raw RISC-V binary, or
 * returns NULL. */
static char *
fw_foreign_format (const uint8_t *data, gsize len)
{
  const char *compression = _pvm_boot_compression (data, len);
  const char *pe;

  if (compression)
    return g_strdup_printf ("%s-compressed; give the uncompressed file", compression);
  if (len >= 0x206 && memcmp (data + 0x202, "HdrS", 4) == 0)
    return g_strdup ("an x86 kernel (bzImage), not RISC-V code");
  if (len >= FW_IMAGE_MAGIC_OFFSET + 4 &&
      memcmp (data + FW_IMAGE_MAGIC_OFFSET, FW_ARM64_IMAGE_MAGIC, 4) == 0)
    return g_strdup ("an arm64 kernel Image, not RISC-V code");
  if (!fw_is_linux_image (data, len) && (pe = fw_pe_machine (data, len)))
    return g_strdup_printf ("a PE/EFI executable (for %s), not a raw or ELF RISC-V binary", pe);
  return NULL;
}

/* Places the file at @path, the firmware if @firmware else the payload, in @boot: an ELF
 * where its segments say (all in RAM), else raw at @raw_addr, taking a Linux Image's whole
 * image_size (a Linux Image is no firmware). Fills @placed. Returns FALSE with @error (one
 * sentence naming the file). */
static gboolean
fw_place (PvmMachine *machine, PvmBoot *boot, const char *path, gboolean firmware,
          uint64_t raw_addr, FwPlaced *placed, GError **error)
{
  const char *what = firmware ? "firmware" : "payload";
  g_autoptr (GBytes) file = pvm_boot_read_file (path, what, machine->ram_size, error);
  g_autofree char *foreign = NULL;
  const uint8_t *data;
  uint64_t size;
  gsize len;

  if (!file)
    return FALSE;
  data = g_bytes_get_data (file, &len);
  if (len == 0) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT, "The %s “%s” is empty",
                 what, path);
    return FALSE;
  }

  if (pvm_elf_is_elf (data, len)) {
    guint first = boot->blobs->len;
    PvmElfInfo info;

    if (!pvm_elf_load (machine, boot, file, path, &info, error)) {
      g_prefix_error (error, "Cannot load the %s: ", what);
      return FALSE;
    }
    placed->start = UINT64_MAX;
    placed->end = 0;
    for (guint i = first; i < boot->blobs->len; i++) {
      const PvmBootBlob *blob = &g_array_index (boot->blobs, PvmBootBlob, i);

      if (!pvm_machine_ram_ptr (machine, blob->addr, blob->size)) {
        g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                     "The %s “%s” has a segment at 0x%" G_GINT64_MODIFIER "x outside the "
                     "guest's RAM", what, path, blob->addr);
        return FALSE;
      }
      placed->start = MIN (placed->start, blob->addr);
      placed->end = MAX (placed->end, blob->addr + blob->size);
    }
    placed->entry = info.entry;
    return TRUE;
  }

  foreign = fw_foreign_format (data, len);
  if (foreign) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT, "The %s “%s” is %s", what,
                 path, foreign);
    return FALSE;
  }
  size = len;
  if (fw_is_linux_image (data, len)) {
    PvmKernelHeader header;

    if (firmware) {
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                   "The firmware “%s” is a Linux kernel Image; boot it as the payload of a "
                   "firmware such as OpenSBI", path);
      return FALSE;
    }
    if (!pvm_boot_parse_kernel (data, len, path, &header, error))
      return FALSE;
    size = header.image_size;
  }
  if (!pvm_machine_ram_ptr (machine, raw_addr, size)) {
    g_autofree char *what_path = g_strdup_printf ("the %s “%s” at 0x%" G_GINT64_MODIFIER "x",
                                                  what, path, raw_addr);
    return _pvm_boot_too_small (machine, what_path, error);
  }
  pvm_boot_add (boot, raw_addr, file, size);
  placed->start = placed->entry = raw_addr;
  placed->end = raw_addr + size;
  return TRUE;
}

/* Whether two placed ranges share a byte. */
static gboolean
fw_overlap (const FwPlaced *a, const FwPlaced *b)
{
  return a->start < b->end && b->start < a->end;
}

/* Plans the initrd (if any) and the device tree at the top of RAM above @low; sets the
 * initrd's range in machine->fdt first, so that the planned copy carries it. */
static gboolean
fw_place_fdt (PvmMachine *machine, PvmBoot *boot, const char *initrd_path, uint64_t low,
              GError **error)
{
  g_autoptr (GBytes) initrd = NULL;
  g_autoptr (GBytes) fdt = NULL;
  uint64_t initrd_size = 0, initrd_addr = 0, fdt_addr;

  if (initrd_path) {
    initrd = pvm_boot_read_file (initrd_path, "initrd", machine->ram_size, error);
    if (!initrd)
      return FALSE;
    initrd_size = g_bytes_get_size (initrd);
  }
  fdt_addr = _pvm_boot_fdt_addr (machine, machine->fdt_size,
                                 pvm_align_up (low, FW_PAGE_SIZE) + initrd_size,
                                 PVM_BOOT_FIRMWARE_FDT_LIMIT);
  if (fdt_addr == 0)
    return _pvm_boot_too_small (machine, initrd ? "the firmware, its payload, the initrd and "
                                                  "the device tree"
                                                : "the firmware, its payload and the device "
                                                  "tree", error);
  if (initrd) {
    initrd_addr = pvm_align_down (fdt_addr - initrd_size, FW_PAGE_SIZE);
    if (initrd_addr < low)
      return _pvm_boot_too_small (machine, "the firmware, its payload, the initrd and the "
                                           "device tree", error);
    if (!pvm_fdt_set_initrd (machine->fdt, initrd_addr, initrd_addr + initrd_size, error))
      return FALSE;
    pvm_boot_add (boot, initrd_addr, initrd, initrd_size);
  }
  fdt = g_bytes_new (machine->fdt, machine->fdt_size);
  pvm_boot_add (boot, fdt_addr, fdt, machine->fdt_size);
  boot->fdt_addr = fdt_addr;
  boot->fdt_size = machine->fdt_size;
  boot->initrd_addr = initrd_addr;
  boot->initrd_size = initrd_size;
  return TRUE;
}

static gboolean
fw_place_rom (PvmMachine *machine, PvmBoot *boot, uint64_t rom_addr, uint64_t firmware_entry,
              uint64_t payload_entry, GError **error)
{
  const PvmBusRegion *r = pvm_bus_find (&machine->bus, rom_addr);
  g_autoptr (GBytes) bytes = NULL;
  PvmFwDynamicInfo info = {
    .magic = PVM_FW_DYNAMIC_MAGIC,
    .version = PVM_FW_DYNAMIC_VERSION,
    .next_addr = payload_entry,
    .next_mode = PVM_FW_DYNAMIC_NEXT_MODE_S,
    .options = 0,
    .boot_hart = 0,
  };
  uint8_t rom[PVM_RESET_ROM_SIZE];

  if (!r || r->ops || !r->readonly || r->size < PVM_RESET_ROM_SIZE ||
      rom_addr - r->base > r->size - PVM_RESET_ROM_SIZE) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED,
                 "The machine has no reset ROM at 0x%" G_GINT64_MODIFIER "x", rom_addr);
    return FALSE;
  }
  pvm_reset_rom_build (rom, firmware_entry, boot->fdt_addr, &info);
  bytes = g_bytes_new (rom, sizeof rom);
  pvm_boot_add (boot, rom_addr, bytes, sizeof rom);
  boot->entry = rom_addr;
  boot->fw_dynamic_addr = rom_addr + PVM_RESET_ROM_INFO_OFFSET;
  return TRUE;
}

gboolean
pvm_boot_firmware (PvmMachine *machine, uint64_t rom_addr, const char *firmware_path,
                   const char *payload_path, const char *initrd_path, GError **error)
{
  PvmBoot *boot;
  FwPlaced firmware, payload = { 0 };
  uint64_t payload_raw = machine->ram_base + PVM_BOOT_PAYLOAD_OFFSET;
  uint64_t low;

  g_return_val_if_fail (!machine->pv, FALSE);
  g_return_val_if_fail (machine->fdt != NULL, FALSE);

  boot = pvm_boot_new ();
  if (!fw_place (machine, boot, firmware_path, TRUE, machine->ram_base, &firmware, error))
    goto fail;
  low = firmware.end;
  payload.entry = payload_raw;
  if (payload_path) {
    if (!fw_place (machine, boot, payload_path, FALSE, payload_raw, &payload, error))
      goto fail;
    if (fw_overlap (&firmware, &payload)) {
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_SPACE,
                   "The firmware “%s” (up to 0x%" G_GINT64_MODIFIER "x) and the payload "
                   "“%s” (from 0x%" G_GINT64_MODIFIER "x) overlap", firmware_path,
                   firmware.end, payload_path, payload.start);
      goto fail;
    }
    low = MAX (low, payload.end);
  }
  if (!fw_place_fdt (machine, boot, initrd_path, low, error) ||
      !fw_place_rom (machine, boot, rom_addr, firmware.entry, payload.entry, error))
    goto fail;

  boot->all_harts = true;
  boot->firmware_addr = firmware.start;
  boot->firmware_size = firmware.end - firmware.start;
  boot->payload_addr = payload.start;
  boot->payload_size = payload.end - payload.start;
  _pvm_boot_set_plan (machine, boot);
  return TRUE;

fail:
  pvm_boot_free (boot);
  return FALSE;
}

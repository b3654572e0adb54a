/* boot.h: putting a guest's first software in memory — PV direct boot of a Linux Image,
 * firmware entered from the reset vector, or an ELF test program run in M-mode — and
 * remembering it, so that a reset can do it again. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/machine/machine.h"

/* One piece of guest memory to fill at boot: @data, then zeros up to @size bytes. */
typedef struct {
  uint64_t addr, size;
  GBytes *data;
} PvmBootBlob;

/* The boot plan of a machine (machine->boot). */
struct PvmBoot {
  GArray *blobs; /* of PvmBootBlob, applied in order */
  uint64_t entry;    /* pc of the harts that start */
  uint64_t fdt_addr; /* a1 of the harts that start: the device tree's guest address */
  bool all_harts;    /* every hart starts at @entry; else hart 0 only, the others HSM-stopped */

  /* Where PV direct boot put things (0 when absent), for logs and tests. */
  uint64_t kernel_addr, kernel_size;
  uint64_t initrd_addr, initrd_size;
  uint64_t fdt_size;

  /* Where firmware boot put things (0 when absent), for logs and tests. */
  uint64_t firmware_addr, firmware_size;
  uint64_t payload_addr, payload_size;
  uint64_t fw_dynamic_addr; /* a2 of the harts: the fw_dynamic_info in the reset ROM */
};

/* The Linux kernel Image's header (arch/riscv/include/asm/image.h), little-endian on disk. */
typedef struct {
  uint64_t text_offset; /* load offset from the start of RAM */
  uint64_t image_size;  /* bytes the kernel occupies once loaded, bss included */
  uint64_t flags;
  uint32_t version;
} PvmKernelHeader;

/* The alignment the kernel's load address needs (a PMD on Sv39/Sv48). */
#define PVM_BOOT_KERNEL_ALIGN (2ull << 20)

/* Returns an empty boot plan. */
PvmBoot *pvm_boot_new (void);

/* Frees @boot and its blobs. */
void pvm_boot_free (PvmBoot *boot);

/* Appends a blob: @data (a reference is taken; NULL for none) at @addr, zeros up to @size. */
void pvm_boot_add (PvmBoot *boot, uint64_t addr, GBytes *data, uint64_t size);

/* Copies every blob of @boot into @machine's memory (RAM or ROM regions of its bus) and sets the
 * harts that start at their entry: pc = entry, a0 = hart id, a1 = fdt_addr, HSM state STARTED;
 * the others STOPPED. The harts must be stopped and reset. Blobs were checked when added to the
 * plan by the functions below; one that no longer fits is skipped. */
void pvm_boot_apply (const PvmBoot *boot, PvmMachine *machine);

/* Checks that @data (@len bytes, read from @name) is a RISC-V Linux kernel Image and fills
 * @header. Returns FALSE with @error (one sentence naming @name) if it is truncated, of another
 * architecture or format (ELF, x86 bzImage, arm64 Image, compressed), or big-endian. */
gboolean pvm_boot_parse_kernel (const uint8_t *data, gsize len, const char *name,
                                PvmKernelHeader *header, GError **error);

/* PV direct boot: reads the kernel Image at @kernel_path and the initrd at @initrd_path (or
 * NULL), and plans the kernel at RAM base + text_offset (2 MiB aligned), the device tree
 * (machine->fdt, which must exist, built with an initrd if @initrd_path) at the top of RAM below
 * 4 GiB, and the initrd just under it; sets the initrd range in machine->fdt. Hart 0 starts at
 * the kernel in S-mode with a0 = 0 and a1 = the device tree; the others stay stopped until SBI
 * HSM starts them. Sets machine->boot. Returns FALSE with @error (one sentence) if a file cannot
 * be read or is not what it should be, or if everything does not fit in RAM. */
gboolean pvm_boot_linux (PvmMachine *machine, const char *kernel_path, const char *initrd_path,
                         GError **error);

/* Where the payload of a firmware goes: what OpenSBI's generic fw_jump jumps to, 2 MiB into
 * RAM. */
#define PVM_BOOT_PAYLOAD_OFFSET (2ull << 20)

/* The device tree of a firmware boot stays below this address, as on QEMU's virt board. */
#define PVM_BOOT_FIRMWARE_FDT_LIMIT (3ull << 30)

/* Full virtualization: reads the firmware at @firmware_path (a RISC-V ELF, loaded where its
 * segments say, or a raw binary, loaded at the start of RAM), the payload at @payload_path (or
 * NULL: an ELF, or a raw binary such as u-boot.bin or a Linux Image, at RAM base +
 * PVM_BOOT_PAYLOAD_OFFSET) and the initrd at @initrd_path (or NULL; machine->fdt must then
 * have been built with an initrd). Plans the device tree at the top of RAM below
 * PVM_BOOT_FIRMWARE_FDT_LIMIT, the initrd under it, and the reset ROM at @rom_addr (a ROM
 * region of the bus): every hart starts there in M-mode and enters the firmware with a0 =
 * hart id, a1 = the device tree, a2 = a fw_dynamic_info naming the payload address and
 * S-mode. Sets machine->boot. @machine must not be PV. Returns FALSE with @error (one
 * sentence naming the file) if a file cannot be read, is empty, is of another architecture or
 * format (an ELF for another machine, a compressed file, a Linux Image given as firmware), or
 * if the pieces overlap or do not fit in RAM. */
gboolean pvm_boot_firmware (PvmMachine *machine, uint64_t rom_addr, const char *firmware_path,
                            const char *payload_path, const char *initrd_path, GError **error);

/* Test programs: reads the RISC-V ELF at @path, plans its segments, and the device tree (if
 * machine->fdt) at the top of RAM; every hart starts at the ELF's entry with a0 = hart id and
 * a1 = the device tree. Sets machine->boot and machine->tohost_addr (0 if the ELF has no
 * `tohost` symbol). Returns FALSE with @error (one sentence) if the file is unreadable, not a
 * valid RISC-V ELF, or does not fit the machine's memory. */
gboolean pvm_boot_elf (PvmMachine *machine, const char *path, GError **error);

/* Reads the whole file at @path (a @what such as "kernel", for messages) into a GBytes, refusing
 * files larger than @max_size bytes. Returns NULL with @error (one sentence) otherwise. */
GBytes *pvm_boot_read_file (const char *path, const char *what, uint64_t max_size,
                            GError **error);

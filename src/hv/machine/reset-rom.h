/* reset-rom.h: the reset vector of a fully virtualized machine — a few instructions in the
 * mask ROM that every hart runs first, in M-mode, to enter the firmware the way OpenSBI's
 * fw_dynamic expects: a0 = mhartid, a1 = the device tree, a2 = a struct fw_dynamic_info. */
#pragma once

#include <stdint.h>

/* struct fw_dynamic_info of OpenSBI (include/sbi/fw_dynamic.h), version 2: six XLEN words,
 * little-endian in guest memory. */
#define PVM_FW_DYNAMIC_MAGIC 0x4942534full /* "OSBI" */
#define PVM_FW_DYNAMIC_VERSION 2
#define PVM_FW_DYNAMIC_NEXT_MODE_S 1

typedef struct {
  uint64_t magic;     /* PVM_FW_DYNAMIC_MAGIC */
  uint64_t version;   /* PVM_FW_DYNAMIC_VERSION */
  uint64_t next_addr; /* where the firmware jumps when it is done: the payload */
  uint64_t next_mode; /* the privilege of the payload: PVM_FW_DYNAMIC_NEXT_MODE_S */
  uint64_t options;   /* 0: the firmware's defaults */
  uint64_t boot_hart; /* the hart that boots; all ones: any hart may win the lottery */
} PvmFwDynamicInfo;

/* The ROM's layout: the code, two data words it loads (entry, then device tree), then the
 * fw_dynamic_info block that a2 points at. */
#define PVM_RESET_ROM_ENTRY_OFFSET 24
#define PVM_RESET_ROM_FDT_OFFSET 32
#define PVM_RESET_ROM_INFO_OFFSET 40
#define PVM_RESET_ROM_SIZE (PVM_RESET_ROM_INFO_OFFSET + 6 * 8)

/* Writes the reset ROM into @rom: code that sets a0 = mhartid, a1 = @fdt_addr, a2 = the
 * address of the copy of @info inside the ROM, and jumps to @entry in M-mode. The code is
 * position-independent: it works wherever the ROM is mapped. Never fails or allocates. */
void pvm_reset_rom_build (uint8_t rom[PVM_RESET_ROM_SIZE], uint64_t entry, uint64_t fdt_addr,
                          const PvmFwDynamicInfo *info);

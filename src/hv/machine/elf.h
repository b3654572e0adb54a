/* elf.h: loading ELF64 RISC-V programs (test programs, bare-metal firmware) into a machine. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "hv/machine/boot.h"
#include "hv/machine/machine.h"

typedef struct {
  uint64_t entry;
  uint64_t tohost, fromhost; /* addresses of the `tohost` and `fromhost` symbols, or 0 */
} PvmElfInfo;

/* Returns TRUE if @data (@len bytes) starts with the ELF magic. */
gboolean pvm_elf_is_elf (const uint8_t *data, gsize len);

/* Returns a name for the ELF machine @e_machine ("x86-64", "RISC-V"), or NULL if unknown. */
const char *pvm_elf_machine_name (unsigned e_machine);

/* Checks that @file (read from @name) is a little-endian ELF64 RISC-V executable whose every
 * header lies inside the file and every loadable segment inside one RAM or ROM region of
 * @machine's bus, then appends the segments to @boot and fills @info (the `tohost` and
 * `fromhost` symbols from the symbol table, if any, must lie in RAM). Returns FALSE with @error
 * (one sentence naming @name), leaving @boot unchanged, for any file that is not such an ELF;
 * never reads outside @file. */
gboolean pvm_elf_load (PvmMachine *machine, PvmBoot *boot, GBytes *file, const char *name,
                       PvmElfInfo *info, GError **error);

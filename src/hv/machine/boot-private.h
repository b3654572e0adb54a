/* boot-private.h: what the boot code's files (boot.c, boot-firmware.c) share. */
#pragma once

#include "hv/machine/boot.h"

/* Returns the guest address of a device tree of @fdt_size bytes at the top of RAM (below
 * @limit if RAM starts below it), 2 MiB aligned if there is room, else 8-byte aligned; or 0 if
 * it does not fit above @low. */
uint64_t _pvm_boot_fdt_addr (const PvmMachine *machine, uint64_t fdt_size, uint64_t low,
                             uint64_t limit);

/* Makes @boot (owned from now on) the plan of @machine, freeing the previous one. */
void _pvm_boot_set_plan (PvmMachine *machine, PvmBoot *boot);

/* Sets @error to "The guest's N MiB of memory are too few for @what" and returns FALSE. */
gboolean _pvm_boot_too_small (PvmMachine *machine, const char *what, GError **error);

/* Returns the name of the compression format @data (@len bytes) starts with ("gzip", "xz",
 * "zstd", "bzip2", "lz4", "lzo"), or NULL. */
const char *_pvm_boot_compression (const uint8_t *data, gsize len);

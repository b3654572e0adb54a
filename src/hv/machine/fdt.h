/* fdt.h: the device tree of the virt board, generated with libfdt. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/machine/machine.h"

/* Linux 6.1's COMMAND_LINE_SIZE on riscv: a longer command line would be cut. */
#define PVM_FDT_CMDLINE_MAX 1024

/* What every hart implements, as the device tree's riscv,isa says it. */
#define PVM_FDT_RISCV_ISA "rv64imafdc_zicsr_zifencei_zba_zbb_zbs_sstc"

/* Returns the device tree blob (free with g_free()) describing @machine on the virt board: its
 * harts, RAM, devices, and /chosen with @cmdline (NULL for none) and, if @with_initrd,
 * linux,initrd-start/end set to 0 until pvm_fdt_set_initrd(). Stores its size in @size.
 * Returns NULL with @error if @cmdline is PVM_FDT_CMDLINE_MAX bytes or longer. */
void *pvm_fdt_build (const PvmMachine *machine, const char *cmdline, bool with_initrd,
                     gsize *size, GError **error);

/* Sets /chosen linux,initrd-start and linux,initrd-end of @fdt (built with_initrd) in place.
 * Returns FALSE with @error if the blob has no such properties. */
gboolean pvm_fdt_set_initrd (void *fdt, uint64_t start, uint64_t end, GError **error);

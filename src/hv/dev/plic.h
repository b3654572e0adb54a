/* plic.h: the SiFive platform-level interrupt controller of the virt board. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "hv/machine/bus.h"
#include "hv/machine/irq.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The size of the register window. */
#define PVM_PLIC_SIZE 0x600000
/* Interrupt sources are numbered 1 .. PVM_PLIC_NUM_SOURCES - 1 (0 means "none"). */
#define PVM_PLIC_NUM_SOURCES 96
/* Priorities are 0 (never interrupts) .. PVM_PLIC_MAX_PRIORITY. */
#define PVM_PLIC_MAX_PRIORITY 7
/* Contexts: 2 per hart, 2h drives hart h's MEIP and 2h + 1 its SEIP. */
#define PVM_PLIC_MAX_CONTEXTS (2 * PVM_MAX_HARTS)

/* Returns a PLIC with 2 contexts for each of @machine's n_harts harts, in reset state. It keeps
 * @machine, which must outlive it. Returns NULL with @error if n_harts is 0 or above
 * PVM_MAX_HARTS. */
PvmPlic *pvm_plic_new (PvmMachine *machine, GError **error);

/* Frees @plic (NULL is ignored). Does not touch the harts. */
void pvm_plic_free (PvmPlic *plic);

/* Drives the level-triggered input @source to @level. A source out of range is ignored. Safe
 * from any thread; may set or clear MEIP/SEIP on harts. */
void pvm_plic_set_irq (PvmPlic *plic, unsigned source, bool level);

/* Returns the PvmIrqLine that drives input @source of @plic (for a device's constructor). */
PvmIrqLine pvm_plic_line (PvmPlic *plic, unsigned source);

/* Register access for the bus: 4-byte accesses only; priorities at 4 * source, pending bits at
 * 0x1000, enables at 0x2000 + 0x80 * context, threshold at 0x200000 + 0x1000 * context and
 * claim/complete 4 bytes after it. Reset clears every register (input levels are kept: the
 * devices drive them) and lowers every output. */
extern const PvmDeviceOps pvm_plic_ops;

/* State: priorities, input levels, pending and claimed bits, enables, thresholds. */
extern const PvmVmState pvm_plic_vmstate;

/* aclint.h: the core-local interruptor of the virt board in the SiFive CLINT layout — MSIP,
 * MTIMECMP per hart, and the shared MTIME. */
#pragma once

#include <glib.h>

#include "hv/machine/bus.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The size of the register window. */
#define PVM_ACLINT_SIZE 0x10000

/* Returns an ACLINT serving the harts @machine->harts[0 .. n_harts - 1], in reset state. It
 * keeps @machine, which must outlive it. Returns NULL with @error if n_harts is 0 or above
 * PVM_MAX_HARTS. */
PvmAclint *pvm_aclint_new (PvmMachine *machine, GError **error);

/* Frees @aclint (NULL is ignored). Does not touch the harts. */
void pvm_aclint_free (PvmAclint *aclint);

/* Register access for the bus: 4- and 8-byte accesses; MSIP writes set or clear the hart's
 * MSIP, MTIMECMP writes store hart->mtimecmp and post PVM_HART_REQ_TIMER to that hart, MTIME
 * writes move the machine's time origin and post PVM_HART_REQ_TIMER to every hart. Reset clears
 * every MSIP and sets MTIME to 0. */
extern const PvmDeviceOps pvm_aclint_ops;

/* State: the MSIP bits (each hart's mtimecmp is saved with the hart). */
extern const PvmVmState pvm_aclint_vmstate;

/* syscon.h: the sifive-test power device of the virt board (poweroff, reset, failure). */
#pragma once

#include <glib.h>

#include "hv/machine/bus.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The size of the register window. */
#define PVM_SYSCON_SIZE 0x1000

/* Commands, in the low 16 bits of a 32-bit write at offset 0. */
#define PVM_SYSCON_FAIL 0x3333 /* the exit code in the high 16 bits */
#define PVM_SYSCON_PASS 0x5555
#define PVM_SYSCON_RESET 0x7777

/* Returns a syscon that sends @machine power requests. It keeps @machine, which must outlive
 * it. Never fails today; @error is for the constructor convention. */
PvmSyscon *pvm_syscon_new (PvmMachine *machine, GError **error);

/* Frees @syscon (NULL is ignored). */
void pvm_syscon_free (PvmSyscon *syscon);

/* Register access for the bus: 4-byte accesses; a PASS, FAIL or RESET command calls
 * pvm_machine_request_power() (PVM_POWER_OFF with code 0, PVM_POWER_FAIL with the code,
 * PVM_POWER_RESET), anything else is a guest error. Reads return 0. */
extern const PvmDeviceOps pvm_syscon_ops;

/* State: none (an empty table, version 1). */
extern const PvmVmState pvm_syscon_vmstate;

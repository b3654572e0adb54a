/* syscon.c: the sifive-test device of the virt board, at 0x100000.
 *
 * Register map (2- and 4-byte accesses, as OpenSBI's driver writes 16 bits):
 *   0x0  write: a command in bits 0..15, an argument in bits 16..31 (0 for a 2-byte write)
 *          0x3333  FAIL: the guest failed, exit code in bits 16..31
 *          0x5555  PASS: power off, exit code 0
 *          0x7777  RESET: reboot the machine
 *        read: 0
 * Other commands and offsets are guest errors. The device keeps no state.
 */
#include "hv/dev/syscon.h"

#include "hv/machine/guest-error.h"

struct PvmSyscon {
  PvmMachine *machine;
};

static uint64_t
syscon_read (void *dev, uint64_t offset, unsigned size)
{
  if (offset != 0)
    pvm_guest_error ("syscon: read of reserved offset 0x%" G_GINT64_MODIFIER "x", offset);
  return 0;
}

static void
syscon_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  PvmSyscon *syscon = dev;
  uint32_t command = value & 0xffff;
  int code = (int) ((value >> 16) & 0xffff);

  if (offset != 0) {
    pvm_guest_error ("syscon: write of 0x%" G_GINT64_MODIFIER "x to reserved offset 0x%"
                     G_GINT64_MODIFIER "x", value, offset);
    return;
  }
  switch (command) {
  case PVM_SYSCON_FAIL:
    pvm_machine_request_power (syscon->machine, PVM_POWER_FAIL, code);
    break;
  case PVM_SYSCON_PASS:
    pvm_machine_request_power (syscon->machine, PVM_POWER_OFF, 0);
    break;
  case PVM_SYSCON_RESET:
    pvm_machine_request_power (syscon->machine, PVM_POWER_RESET, 0);
    break;
  default:
    pvm_guest_error ("syscon: unknown command 0x%" G_GINT64_MODIFIER "x", value);
    break;
  }
}

static void
syscon_reset (void *dev)
{
}

PvmSyscon *
pvm_syscon_new (PvmMachine *machine, GError **error)
{
  PvmSyscon *syscon = g_new0 (PvmSyscon, 1);

  syscon->machine = machine;
  return syscon;
}

void
pvm_syscon_free (PvmSyscon *syscon)
{
  g_free (syscon);
}

const PvmDeviceOps pvm_syscon_ops = {
  .name = "syscon",
  .read = syscon_read,
  .write = syscon_write,
  .reset = syscon_reset,
  .min_access = 2,
  .max_access = 4,
  .vmstate = &pvm_syscon_vmstate,
};

static const PvmVmField syscon_fields[] = {
  PVM_VM_END,
};

const PvmVmState pvm_syscon_vmstate = {
  .name = "syscon",
  .version = 1,
  .min_version = 1,
  .fields = syscon_fields,
};

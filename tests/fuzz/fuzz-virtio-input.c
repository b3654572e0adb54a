/* fuzz-virtio-input.c: libFuzzer target for virtio-input, the power button
 * (src/hv/dev/virtio-input.c), on its transport.
 *
 * The input is fuzz-driver.h's program with two queues (events, status); HOST is
 *   u8 ctl, then if ctl & 1: a press of the power key (none if too many wait);
 *   else u8 offset, u8 s, u32 value: a (1 << s % 4)-byte write at that configuration offset
 *   (the selectors, or a read-only byte)
 * After each press the waiting events stay within PVM_VIRTIO_INPUT_PENDING_MAX.
 */
#include "fuzz-driver.h"
#include "hv/dev/virtio-input.h"

#define IF_BASE 0x10001000ull /* where fuzz-driver.c maps the transport */

static PvmMachine *if_machine;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_log_init ();
  if_machine = fuzz_machine_new (FUZZ_DRIVER_RAM_SIZE);
  return 0;
}

static void
if_host_event (void *data, FuzzInput *in)
{
  FuzzDriver *d = data;
  PvmVirtioInput *input = pvm_virtio_mmio_device (d->mmio);
  unsigned ctl = (unsigned) fuzz_take (in, 1);

  if (ctl & 1) {
    pvm_virtio_input_press_power (input);
    FUZZ_CHECK (pvm_virtio_input_pending (input) <= PVM_VIRTIO_INPUT_PENDING_MAX,
                "the waiting events are bounded");
    return;
  }
  uint64_t offset = fuzz_take (in, 1);
  unsigned size = 1u << (fuzz_take (in, 1) % 4);
  uint64_t value = fuzz_take (in, 4);
  if (offset + size <= PVM_VIRTIO_MMIO_SIZE - PVM_VIRTIO_MMIO_CONFIG)
    pvm_bus_write (&d->bus, IF_BASE + PVM_VIRTIO_MMIO_CONFIG + offset, size, value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  FuzzDriver d;

  fuzz_driver_init (&d, if_machine);
  pvm_virtio_input_new (d.mmio, if_machine->context);
  fuzz_driver_run (&d, 2, &in, if_host_event, &d);
  fuzz_driver_clear (&d);
  return 0;
}

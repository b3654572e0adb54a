/* fuzz-virtio-rng.c: libFuzzer target for virtio-rng (src/hv/dev/virtio-rng.c) on its
 * transport. The input is fuzz-driver.h's program with one queue; HOST does nothing.
 *
 * This program's own getrandom() stands in for the host's: it fills buffers with a counter,
 * so an input replays the same way, and it checks that a buffer near guest RAM (the device's)
 * lies wholly in it and asks for at most PVM_VIRTIO_RNG_REQUEST_MAX bytes. Writing its bytes
 * also reaches the guard pages around RAM for a buffer that overruns it.
 */
#include <sys/random.h>

#include "fuzz-driver.h"
#include "hv/dev/virtio-rng.h"

static PvmMachine *rf_machine;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_log_init ();
  rf_machine = fuzz_machine_new (FUZZ_DRIVER_RAM_SIZE);
  return 0;
}

ssize_t
getrandom (void *buf, size_t len, unsigned int flags)
{
  const uint8_t *p = buf;

  if (rf_machine && p >= rf_machine->ram - FUZZ_GUARD_SIZE &&
      p < rf_machine->ram + rf_machine->ram_size + FUZZ_GUARD_SIZE) {
    FUZZ_CHECK (p >= rf_machine->ram && len <= rf_machine->ram_size &&
                  (size_t) (p - rf_machine->ram) <= rf_machine->ram_size - len,
                "random bytes go into guest RAM");
    FUZZ_CHECK (len <= PVM_VIRTIO_RNG_REQUEST_MAX, "a request gets at most the maximum");
  }
  for (size_t i = 0; i < len; i++)
    ((uint8_t *) buf)[i] = (uint8_t) (i * 131 + 7);
  return (ssize_t) len;
}

static void
rf_host_event (void *data, FuzzInput *in)
{
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  FuzzDriver d;

  fuzz_driver_init (&d, rf_machine);
  pvm_virtio_rng_new (d.mmio, rf_machine->context);
  fuzz_driver_run (&d, 1, &in, rf_host_event, NULL);
  fuzz_driver_clear (&d);
  return 0;
}

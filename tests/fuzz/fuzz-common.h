/* fuzz-common.h: what the libFuzzer targets share — a machine whose RAM is fenced by
 * inaccessible pages, a reader of the fuzzer's input, and checks that what a device hands out
 * lies in guest RAM.
 *
 * A libFuzzer target has no user pointer, so each target keeps its machine in one file-scope
 * pointer set by LLVMFuzzerInitialize(); the hypervisor itself keeps no such state.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "hv/machine/machine.h"

/* Where the fuzz machine's RAM sits in the guest physical address space. */
#define FUZZ_RAM_BASE 0x80000000ull
/* The inaccessible bytes on each side of its RAM in the host. */
#define FUZZ_GUARD_SIZE (1ull << 20)

/* The virtio-mmio registers the targets' drivers use. */
enum {
  FUZZ_REG_DEVICE_FEATURES = 0x010,
  FUZZ_REG_DEVICE_FEATURES_SEL = 0x014,
  FUZZ_REG_DRIVER_FEATURES = 0x020,
  FUZZ_REG_DRIVER_FEATURES_SEL = 0x024,
  FUZZ_REG_QUEUE_SEL = 0x030,
  FUZZ_REG_QUEUE_NUM_MAX = 0x034,
  FUZZ_REG_QUEUE_NUM = 0x038,
  FUZZ_REG_QUEUE_READY = 0x044,
  FUZZ_REG_QUEUE_NOTIFY = 0x050,
  FUZZ_REG_INTERRUPT_STATUS = 0x060,
  FUZZ_REG_STATUS = 0x070,
  FUZZ_REG_QUEUE_DESC_LOW = 0x080, /* then DRIVER (avail) at +0x10 and DEVICE (used) at +0x20 */
  FUZZ_REG_CONFIG = 0x100,
};

/* The entry points libFuzzer calls. */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Routes GLib's log: guest errors (and anything below a warning) are dropped, a warning or a
 * critical aborts, so libFuzzer reports it as a crash with the message. Call once, first. */
void fuzz_log_init (void);

/* Returns a machine with @ram_size bytes of zeroed RAM at FUZZ_RAM_BASE, mapped between
 * inaccessible guard regions (a device touching memory just outside RAM faults), RAM on its
 * bus, its own main context, and no harts. Aborts if the host cannot map it. */
PvmMachine *fuzz_machine_new (uint64_t ram_size);

/* Zeroes the RAM of @machine. */
void fuzz_machine_clear_ram (PvmMachine *machine);

/* Aborts, printing @what, unless each of the @n entries of @iov lies wholly in the RAM of
 * @machine. Then reads the first and last byte of each, and writes them back if @writable
 * (only those past the first @n_readable entries), as a device's DMA would. */
void fuzz_check_iov (const PvmMachine *machine, const struct iovec *iov, unsigned n,
                     unsigned n_readable, const char *what);

/* The fuzzer's input, taken from the front. */
typedef struct {
  const uint8_t *p;
  size_t left;
} FuzzInput;

/* Returns the next @width bytes (1 to 8) as a little-endian number; bytes past the end read
 * as 0. */
uint64_t fuzz_take (FuzzInput *in, unsigned width);

/* Copies up to @len bytes of the input to @dst (fewer if it runs out); returns how many. */
size_t fuzz_take_bytes (FuzzInput *in, void *dst, size_t len);

/* Whether the input is used up. */
bool fuzz_done (const FuzzInput *in);

/* Aborts with a message naming @what if @cond is false: a property the device broke. */
#define FUZZ_CHECK(cond, what)                                                                    \
  do {                                                                                            \
    if (!(cond))                                                                                  \
      fuzz_fail (__FILE__, __LINE__, #cond, what);                                                \
  } while (0)

G_NORETURN void fuzz_fail (const char *file, int line, const char *cond, const char *what);

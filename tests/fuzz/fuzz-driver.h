/* fuzz-driver.h: the driver side shared by the fuzz targets of the devices that work their
 * queues on the machine's main context (virtio-net, virtio-console, virtio-rng): a transport
 * on a 64 KiB fuzz machine, the driver's start-up with up to two queues, and a program of
 * driver operations read from the input. The context runs only when the program says so, so
 * notifications, resets and host events interleave with the device's work in every order, and
 * an input replays the same way (nothing runs on another thread).
 *
 * Input: u8 features, u8 sizes, then operations, each a byte whose value mod 8 selects
 * (little-endian arguments):
 *   features bit 0 INDIRECT_DESC, 1 EVENT_IDX, 2 every feature the device offers, 3 leaves out
 *   VERSION_1; queue q has 1 << ((sizes >> 4q & 15) % 9) entries (at most the device's)
 *   0 RAM     u16 offset, u8 n, n bytes copied into RAM
 *   1 DESC    u8 ctl, u8 i, u16 addr, u32 len, u16 flags, u16 next: descriptor i of queue
 *             ctl & 1's table, or of the indirect table area if ctl & 2; addr is RAM + it
 *   2 OFFER   u8 ctl, u16 head: on queue ctl & 1's available ring; QueueNotify if ctl & 2
 *   3 CHAIN   u8 ctl, u8 i, u16 addr, u16 len: descriptor i of queue ctl & 1 over RAM + addr,
 *             device-writable if ctl & 2, offered, and notified if ctl & 4
 *   4 WRITE   u16 offset, u32 value: a 4-byte transport register write (Status 0 resets)
 *   5 HOST    the device's host event (a received frame, console input), read by the target
 *   6 RUN     the context runs until nothing is ready
 *   7 CONFIG  u8 offset, u8 s: a (1 << s % 4)-byte read of configuration space
 * After each operation the interrupt line must follow InterruptStatus.
 */
#pragma once

#include "fuzz-common.h"
#include "hv/dev/virtio-mmio.h"

#define FUZZ_DRIVER_RAM_SIZE (64u << 10)

typedef struct {
  PvmMachine *machine;
  PvmVirtioMmio *mmio;
  PvmBus bus;
  bool irq_level;
  unsigned n_queues;
  uint16_t num[2], avail_idx[2];
} FuzzDriver;

/* The device's host event: reads its arguments from @in. */
typedef void (*FuzzHostEvent) (void *data, FuzzInput *in);

/* Clears @machine's RAM and makes an empty transport on it, mapped on @d's own bus; plug the
 * device into d->mmio next. */
void fuzz_driver_init (FuzzDriver *d, PvmMachine *machine);

/* Runs the input: the start-up sequence with @n_queues queues (1 or 2), then the operations,
 * @host_event (with @data) for HOST; finally runs the context until nothing is ready. */
void fuzz_driver_run (FuzzDriver *d, unsigned n_queues, FuzzInput *in, FuzzHostEvent host_event,
                      void *data);

/* Frees the transport and its device. */
void fuzz_driver_clear (FuzzDriver *d);

/* Runs @d's machine's context until nothing is ready. */
void fuzz_driver_run_context (FuzzDriver *d);

/* virtio-mmio.h: the virtio-mmio transport, version 2 (virtio 1.2 §4.2), into which one virtio
 * device (virtio-blk, ...) is plugged; a transport with no device is an empty slot. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "common/pvm-compiler.h"
#include "hv/dev/virtqueue.h"
#include "hv/machine/bus.h"
#include "hv/machine/irq.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The size of the register window; the device's configuration space starts at 0x100. */
#define PVM_VIRTIO_MMIO_SIZE 0x1000
#define PVM_VIRTIO_MMIO_CONFIG 0x100
/* The most queues a device can have. */
#define PVM_VIRTIO_MMIO_MAX_QUEUES 4

/* Device status bits. */
#define PVM_VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define PVM_VIRTIO_STATUS_DRIVER 0x02
#define PVM_VIRTIO_STATUS_DRIVER_OK 0x04
#define PVM_VIRTIO_STATUS_FEATURES_OK 0x08
#define PVM_VIRTIO_STATUS_NEEDS_RESET 0x40
#define PVM_VIRTIO_STATUS_FAILED 0x80

/* Transport feature bits, offered by every device. */
#define PVM_VIRTIO_F_RING_INDIRECT_DESC 28
#define PVM_VIRTIO_F_RING_EVENT_IDX 29
#define PVM_VIRTIO_F_VERSION_1 32

/* InterruptStatus bits. */
#define PVM_VIRTIO_INT_VRING 0x1
#define PVM_VIRTIO_INT_CONFIG 0x2

typedef struct PvmVirtioMmio PvmVirtioMmio;

/* What a device tells its transport. The transport calls these with its lock held, so they run
 * one at a time and never concurrently with a register access. */
typedef struct {
  const char *name;   /* "virtio-blk" */
  uint32_t device_id; /* virtio 1.2 §5: 2 for a block device */
  unsigned n_queues;  /* 1 .. PVM_VIRTIO_MMIO_MAX_QUEUES */
  uint16_t queue_max; /* QueueNumMax: a power of 2 up to PVM_VIRTQUEUE_MAX_SIZE */
  uint32_t config_size; /* bytes of configuration space, at most 0xf00 */
  /* The device-specific feature bits offered (the transport adds its own). */
  uint64_t (*get_features) (void *dev);
  /* The driver's accepted features, at FEATURES_OK and after a state load. */
  void (*set_features) (void *dev, uint64_t features);
  /* Reads @size (1, 2, 4 or 8) bytes of configuration space at @offset (within config_size),
   * little-endian. */
  uint64_t (*read_config) (void *dev, uint32_t offset, unsigned size);
  /* Writes configuration space; NULL if it is read-only (writes are then guest errors). */
  void (*write_config) (void *dev, uint32_t offset, uint64_t value, unsigned size);
  /* The driver notified queue @queue (ready). The device takes chains with
   * pvm_virtio_mmio_pop() and hands them to its I/O; it must not block. */
  void (*notify) (void *dev, unsigned queue);
  /* Optional: called after every notification, on the notifying hart but outside the
   * transport's lock, so that completions can be pushed meanwhile. The device may wait there a
   * bounded, short time for the I/O that notify started, so that the guest finds the request
   * done when its write to QueueNotify ends. */
  void (*notified) (void *dev, unsigned queue);
  /* The device was reset; nothing is in flight any more. */
  void (*reset) (void *dev);
  /* Frees the device; called by pvm_virtio_mmio_free() once nothing is in flight. */
  void (*free) (void *dev);
} PvmVirtioDeviceOps;

/* Returns an empty transport (DeviceID 0) that raises @irq. @base is where the board maps it,
 * for guest-error messages. It keeps @machine, which must outlive it. Never fails today; @error
 * is for the constructor convention. */
PvmVirtioMmio *pvm_virtio_mmio_new (PvmMachine *machine, uint64_t base, const PvmIrqLine *irq,
                                    GError **error);

/* Waits until no chain is in flight, then frees @mmio and its device (ops->free). NULL is
 * ignored. Blocks for the I/O that is still running. */
void pvm_virtio_mmio_free (PvmVirtioMmio *mmio);

/* Plugs device @dev with @ops into the empty transport @mmio, which then owns it; the
 * transport is reset. Call before the guest runs. */
void pvm_virtio_mmio_plug (PvmVirtioMmio *mmio, const PvmVirtioDeviceOps *ops, void *dev);

/* Returns the device plugged into @mmio, or NULL. */
void *pvm_virtio_mmio_device (PvmVirtioMmio *mmio);

/* Returns the virtio device ID of the device plugged into @mmio (PvmVirtioDeviceOps
 * device_id), or 0 for an empty slot. */
uint32_t pvm_virtio_mmio_device_id (PvmVirtioMmio *mmio);

/* Only from ops->notify: takes the next available chain of @queue into @iov (up to @max_iov
 * entries) and @elem. Returns 1 with a chain, 0 if there is none, or -1 if the queue is
 * malformed: the device is then marked NEEDS_RESET (guest error logged) and takes no more. */
int pvm_virtio_mmio_pop (PvmVirtioMmio *mmio, unsigned queue, struct iovec *iov, unsigned max_iov,
                         PvmVirtqElem *elem);

/* From any thread except inside ops calls: pvm_virtio_mmio_pop() with the lock taken, for a
 * device that takes chains when a host event comes (a received packet, console input) rather
 * than when the driver notifies. Returns 0 too while the queue is not ready. */
int pvm_virtio_mmio_take (PvmVirtioMmio *mmio, unsigned queue, struct iovec *iov,
                          unsigned max_iov, PvmVirtqElem *elem);

/* Completes chain @head of @queue with @len bytes written, and raises the interrupt if the
 * driver wants one. Every popped chain must be pushed exactly once, even after a reset (the
 * push is then only counted). From any thread except inside ops calls; takes the lock. */
void pvm_virtio_mmio_push (PvmVirtioMmio *mmio, unsigned queue, uint16_t head, uint32_t len);

/* Only from ops->notify: pvm_virtio_mmio_push() for a device that completes a chain at once, on
 * the thread that notified (the transport's lock is already held). */
void pvm_virtio_mmio_complete (PvmVirtioMmio *mmio, unsigned queue, uint16_t head, uint32_t len);

/* Logs a guest error (@format) and marks the device NEEDS_RESET, with a configuration-change
 * interrupt if the driver is running; the device takes no more chains until reset. From any
 * thread except inside ops calls. */
void pvm_virtio_mmio_fail (PvmVirtioMmio *mmio, const char *format, ...) PVM_PRINTF (2, 3);

/* Blocks until no chain of @mmio is in flight (the I/O already handed out has completed).
 * New notifications may start more; stop the harts first for a quiet device. */
void pvm_virtio_mmio_drain (PvmVirtioMmio *mmio);

/* Stops the device touching guest memory on host events: from now on pvm_virtio_mmio_take()
 * finds no chain (received frames and console input wait in the device, bounded as when the
 * driver gives no buffers), and returns once the chains in flight have completed. With the
 * harts stopped, guest memory is then left alone until pvm_virtio_mmio_unquiesce(). From any
 * thread except inside ops calls. */
void pvm_virtio_mmio_quiesce (PvmVirtioMmio *mmio);

/* Lets host events take chains again and has the device look at each running queue. */
void pvm_virtio_mmio_unquiesce (PvmVirtioMmio *mmio);

/* Register access for the bus: 4-byte accesses to the registers below 0x100, 1- to 8-byte
 * accesses to the configuration space; anything else is a guest error. Reset (also Status = 0
 * from the driver) first waits for the chains in flight, then clears every register, the
 * queues, the features and the interrupt, and resets the device. */
extern const PvmDeviceOps pvm_virtio_mmio_ops;

/* State: the registers, the negotiated features and each queue's configuration and indices.
 * Only a drained transport may be saved. */
extern const PvmVmState pvm_virtio_mmio_vmstate;

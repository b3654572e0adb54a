/* virtio-test.h: what the virtio tests share — a machine with RAM, a transport on its bus, and
 * a minimal driver that lays out a split queue in that RAM and writes descriptors, as a guest
 * would. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "dev-test.h"
#include "hv/dev/virtio-mmio.h"
#include "hv/dev/virtqueue.h"

#define VT_BASE 0x10001000ull
#define VT_RAM_BASE 0x80000000ull
#define VT_RAM_SIZE (4ull << 20)
#define VT_RAM_END (VT_RAM_BASE + VT_RAM_SIZE)

/* Where the driver puts queue 0 (room for 1024 entries) and its buffers. */
#define VT_DESC (VT_RAM_BASE + 0x10000)
#define VT_AVAIL (VT_RAM_BASE + 0x20000)
#define VT_USED (VT_RAM_BASE + 0x30000)
#define VT_INDIRECT (VT_RAM_BASE + 0x40000)
#define VT_DATA (VT_RAM_BASE + 0x100000)

/* Transport registers. */
enum {
  VT_MAGIC = 0x000,
  VT_VERSION = 0x004,
  VT_DEVICE_ID = 0x008,
  VT_VENDOR_ID = 0x00c,
  VT_DEVICE_FEATURES = 0x010,
  VT_DEVICE_FEATURES_SEL = 0x014,
  VT_DRIVER_FEATURES = 0x020,
  VT_DRIVER_FEATURES_SEL = 0x024,
  VT_QUEUE_SEL = 0x030,
  VT_QUEUE_NUM_MAX = 0x034,
  VT_QUEUE_NUM = 0x038,
  VT_QUEUE_READY = 0x044,
  VT_QUEUE_NOTIFY = 0x050,
  VT_INTERRUPT_STATUS = 0x060,
  VT_INTERRUPT_ACK = 0x064,
  VT_STATUS = 0x070,
  VT_QUEUE_DESC_LOW = 0x080,
  VT_QUEUE_DESC_HIGH = 0x084,
  VT_QUEUE_DRIVER_LOW = 0x090,
  VT_QUEUE_DRIVER_HIGH = 0x094,
  VT_QUEUE_DEVICE_LOW = 0x0a0,
  VT_QUEUE_DEVICE_HIGH = 0x0a4,
  VT_SHM_SEL = 0x0ac,
  VT_SHM_LEN_LOW = 0x0b0,
  VT_CONFIG_GENERATION = 0x0fc,
  VT_CONFIG = 0x100,
};

#define VT_F_INDIRECT (1ull << PVM_VIRTIO_F_RING_INDIRECT_DESC)
#define VT_F_EVENT_IDX (1ull << PVM_VIRTIO_F_RING_EVENT_IDX)
#define VT_F_VERSION_1 (1ull << PVM_VIRTIO_F_VERSION_1)

typedef struct {
  PvmMachine *machine;
  PvmVirtioMmio *mmio; /* NULL until vt_add_transport() */
  DevTestIrq irq;
  uint16_t num;       /* queue 0's size */
  uint16_t avail_idx; /* the driver's next available index */
} VirtioTest;

/* Builds a one-hart machine with VT_RAM_SIZE bytes of RAM at VT_RAM_BASE; no devices. */
void vt_init (VirtioTest *t);

/* Frees the transport (and its device), then the machine. */
void vt_clear (VirtioTest *t);

/* Creates an empty transport mapped at VT_BASE whose line records into t->irq. */
void vt_add_transport (VirtioTest *t);

/* 4-byte register access at @offset from VT_BASE. */
uint32_t vt_rd (VirtioTest *t, uint64_t offset);
void vt_wr (VirtioTest *t, uint64_t offset, uint32_t value);

/* The host address of guest RAM [@pa, @pa + @len); asserts it is RAM. */
uint8_t *vt_ram (VirtioTest *t, uint64_t pa, uint64_t len);

/* The 64 feature bits the device offers. */
uint64_t vt_device_features (VirtioTest *t);

/* Initializes the device as a driver does: reset, ACKNOWLEDGE, DRIVER, accepts @features,
 * FEATURES_OK (asserted to stick), queue 0 with @num entries at VT_DESC, VT_AVAIL and VT_USED
 * (zeroed), QueueReady, DRIVER_OK. */
void vt_setup (VirtioTest *t, uint64_t features, uint16_t num);

/* Writes descriptor @i of the table at guest address @table. */
void vt_desc (VirtioTest *t, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
              uint16_t flags, uint16_t next);

/* Puts @head on queue 0's available ring and publishes the new index. */
void vt_offer (VirtioTest *t, uint16_t head);

/* Sets the available ring's index directly (for hostile cases). */
void vt_set_avail_idx (VirtioTest *t, uint16_t idx);

/* Writes used_event (the driver's interrupt threshold, with event index). */
void vt_set_used_event (VirtioTest *t, uint16_t idx);

/* Reads avail_event (the device's notification threshold, with event index). */
uint16_t vt_avail_event (VirtioTest *t);

/* Writes QueueNotify = @queue. */
void vt_notify (VirtioTest *t, unsigned queue);

/* The used ring's index, and entry @i of it. */
uint16_t vt_used_idx (VirtioTest *t);
void vt_used (VirtioTest *t, uint16_t i, uint32_t *id, uint32_t *len);

/* Waits until the used index reaches @idx (the device completes on other threads); asserts it
 * does within 5 seconds. */
void vt_wait_used (VirtioTest *t, uint16_t idx);

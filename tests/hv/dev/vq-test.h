/* vq-test.h: a minimal driver for the tests of devices with several queues whose work runs on
 * the machine's context (virtio-net, virtio-console, virtio-rng): each queue's rings in guest
 * RAM, descriptors written as a guest would, and the context iterated while waiting. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "virtio-test.h"

#define VQ_MAX 4
/* Queue q's rings: descriptors at VQ_RINGS + q * VQ_RING_STRIDE, the available ring 8 KiB and
 * the used ring 16 KiB after them (room for 256 entries). */
#define VQ_RINGS (VT_RAM_BASE + 0x10000)
#define VQ_RING_STRIDE 0x8000
/* Indirect tables, 4 KiB each. */
#define VQ_TABLES (VT_RAM_BASE + 0x40000)
/* Buffers, 32 KiB each: 96 of them fit in the machine's RAM. */
#define VQ_BUFS (VT_RAM_BASE + 0x100000)
#define VQ_BUF_SIZE 0x8000

typedef struct {
  VirtioTest t; /* the machine, the transport at VT_BASE, its interrupt line */
  unsigned n_queues;
  uint16_t num[VQ_MAX];
  uint16_t avail_idx[VQ_MAX];
} VqTest;

/* A machine and an empty transport, as vt_init() and vt_add_transport(). */
void vq_init (VqTest *d);

/* Frees the transport, its device and the machine. */
void vq_clear (VqTest *d);

/* Initializes the device as a driver does: reset, ACKNOWLEDGE, DRIVER, @features accepted,
 * FEATURES_OK, queues 0 .. @n_queues - 1 with @num entries each (zeroed rings), QueueReady,
 * DRIVER_OK. Asserts each step sticks. */
void vq_setup (VqTest *d, uint64_t features, unsigned n_queues, uint16_t num);

/* Guest addresses. */
uint64_t vq_desc_table (unsigned q);
uint64_t vq_buf (unsigned i);
uint64_t vq_table (unsigned i);

/* Writes descriptor @i of queue @q's table. */
void vq_desc (VqTest *d, unsigned q, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
              uint16_t next);

/* Puts @head on queue @q's available ring and publishes it (no notification). */
void vq_offer (VqTest *d, unsigned q, uint16_t head);

/* Offers a one-descriptor chain: descriptor @i of queue @q over buffer @buf, @len bytes,
 * device-writable if @writable. Returns the head (@i). */
uint16_t vq_offer_buf (VqTest *d, unsigned q, unsigned i, unsigned buf, uint32_t len,
                       bool writable);

/* Sets queue @q's available index directly (for hostile cases). */
void vq_set_avail_idx (VqTest *d, unsigned q, uint16_t idx);

/* QueueNotify = @q. */
void vq_notify (VqTest *d, unsigned q);

/* Queue @q's used index, and its entry @i. */
uint16_t vq_used_idx (VqTest *d, unsigned q);
void vq_used (VqTest *d, unsigned q, uint16_t i, uint32_t *id, uint32_t *len);

/* Iterates the machine's context until queue @q's used index reaches @idx; asserts it does
 * within 5 seconds. */
void vq_wait_used (VqTest *d, unsigned q, uint16_t idx);

/* Iterates the machine's context until nothing is pending (and at least once). */
void vq_run (VqTest *d);

/* The transport's Status register. */
uint32_t vq_status (VqTest *d);

/* Reads @size bytes of configuration space at @offset. */
uint64_t vq_config (VqTest *d, unsigned offset, unsigned size);

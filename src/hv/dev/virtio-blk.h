/* virtio-blk.h: a virtio block device (virtio 1.2 §5.2) backed by a raw image file or a host
 * block device, doing its I/O on a small pool of worker threads, or at once on the notifying
 * hart for a small read the host's page cache holds. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "hv/dev/virtio-mmio.h"

/* The virtio device ID of a block device. */
#define PVM_VIRTIO_BLK_DEVICE_ID 2
/* The request queue's maximum size (QueueNumMax). */
#define PVM_VIRTIO_BLK_QUEUE_SIZE 256
/* seg_max: data buffers in one request (the header and status buffers come on top). */
#define PVM_VIRTIO_BLK_SEG_MAX 254
/* size_max: the largest data buffer the driver should give, in bytes. */
#define PVM_VIRTIO_BLK_SIZE_MAX (1u << 20)
/* Discard and write-zeroes limits: sectors per segment, segments per request. */
#define PVM_VIRTIO_BLK_MAX_DISCARD_SECTORS (1u << 22)
#define PVM_VIRTIO_BLK_MAX_DISCARD_SEG 32
/* Requests in flight on the host at once. */
#define PVM_VIRTIO_BLK_WORKERS 4
/* The device ID string (GET_ID) is the image's file name, cut to this many bytes. */
#define PVM_VIRTIO_BLK_ID_BYTES 20

/* Feature bits of a block device. */
#define PVM_VIRTIO_BLK_F_SIZE_MAX 1
#define PVM_VIRTIO_BLK_F_SEG_MAX 2
#define PVM_VIRTIO_BLK_F_RO 5
#define PVM_VIRTIO_BLK_F_BLK_SIZE 6
#define PVM_VIRTIO_BLK_F_FLUSH 9
#define PVM_VIRTIO_BLK_F_DISCARD 13
#define PVM_VIRTIO_BLK_F_WRITE_ZEROES 14

/* Request types and status values. */
#define PVM_VIRTIO_BLK_T_IN 0
#define PVM_VIRTIO_BLK_T_OUT 1
#define PVM_VIRTIO_BLK_T_FLUSH 4
#define PVM_VIRTIO_BLK_T_GET_ID 8
#define PVM_VIRTIO_BLK_T_DISCARD 11
#define PVM_VIRTIO_BLK_T_WRITE_ZEROES 13
#define PVM_VIRTIO_BLK_S_OK 0
#define PVM_VIRTIO_BLK_S_IOERR 1
#define PVM_VIRTIO_BLK_S_UNSUPP 2

/* Configuration space offsets (struct virtio_blk_config). */
#define PVM_VIRTIO_BLK_CFG_CAPACITY 0x00
#define PVM_VIRTIO_BLK_CFG_SIZE_MAX 0x08
#define PVM_VIRTIO_BLK_CFG_SEG_MAX 0x0c
#define PVM_VIRTIO_BLK_CFG_BLK_SIZE 0x14
#define PVM_VIRTIO_BLK_CFG_NUM_QUEUES 0x22
#define PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 0x24
#define PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SEG 0x28
#define PVM_VIRTIO_BLK_CFG_DISCARD_ALIGNMENT 0x2c
#define PVM_VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS 0x30
#define PVM_VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG 0x34
#define PVM_VIRTIO_BLK_CFG_WRITE_ZEROES_MAY_UNMAP 0x38
#define PVM_VIRTIO_BLK_CFG_SIZE 0x3c

typedef struct PvmVirtioBlk PvmVirtioBlk;

/* Opens @path (a raw image file or a block device; read-only if @readonly, else read-write),
 * and plugs a block device of its size (whole 512-byte sectors) into the empty transport
 * @mmio, which owns it from then on. Returns NULL with a PVM_MACHINE_ERROR_FILE @error (one
 * sentence naming @path) if the file cannot be opened so, is neither a regular file nor a block
 * device, or its size cannot be read. Starts no thread until the first request. */
PvmVirtioBlk *pvm_virtio_blk_new (PvmVirtioMmio *mmio, const char *path, bool readonly,
                                  GError **error);

/* As pvm_virtio_blk_new(), on @fd (taken: closed with the device, or at once on failure), a
 * descriptor of the image opened by the caller, read-write unless @readonly; @name stands for
 * it in messages and as the disk's serial. */
PvmVirtioBlk *pvm_virtio_blk_new_fd (PvmVirtioMmio *mmio, int fd, const char *name,
                                     bool readonly, GError **error);

/* Stores the bytes that completed reads (@read_bytes) and writes (@write_bytes) have moved
 * since the device was made; requests that failed, flushes, discards and write-zeroes do not
 * count. From any thread: relaxed atomic loads, never blocks. */
void pvm_virtio_blk_get_stats (PvmVirtioBlk *blk, uint64_t *read_bytes, uint64_t *write_bytes);

/* virtio-rng.h: a virtio entropy device (virtio 1.2 §5.4) that fills the guest's buffers from
 * the host's getrandom(). */
#pragma once

#include <glib.h>

#include "hv/dev/virtio-mmio.h"
#include "hv/migrate/vmstate.h"

/* The virtio device ID of an entropy source. */
#define PVM_VIRTIO_RNG_DEVICE_ID 4
/* The request queue's maximum size (QueueNumMax). */
#define PVM_VIRTIO_RNG_QUEUE_SIZE 64
/* The most bytes given for one request; a larger buffer is filled this far. */
#define PVM_VIRTIO_RNG_REQUEST_MAX 65536

typedef struct PvmVirtioRng PvmVirtioRng;

/* Plugs an entropy device into the empty transport @mmio, which owns it from then on. Requests
 * are filled on @context, never on the hart that notifies. Never fails. */
PvmVirtioRng *pvm_virtio_rng_new (PvmVirtioMmio *mmio, GMainContext *context);

/* State beyond the transport's: none (each request is filled in the dispatch that takes it),
 * so a table without fields. */
extern const PvmVmState pvm_virtio_rng_vmstate;

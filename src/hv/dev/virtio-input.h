/* virtio-input.h: a virtio input device (virtio 1.2 §5.8) with one key, the power key: the
 * power button the virt board lacks. Linux binds it with CONFIG_VIRTIO_INPUT and shows it as
 * /dev/input/event*, where a power-key handler (acpid, systemd-logind) sees KEY_POWER. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "hv/dev/virtio-mmio.h"
#include "hv/migrate/vmstate.h"

/* The virtio device ID of an input device. */
#define PVM_VIRTIO_INPUT_DEVICE_ID 18
/* The queues: events (device to driver) and status (driver to device: LEDs, ignored). */
#define PVM_VIRTIO_INPUT_EVENTQ 0
#define PVM_VIRTIO_INPUT_STATUSQ 1
/* Each queue's maximum size (QueueNumMax). */
#define PVM_VIRTIO_INPUT_QUEUE_SIZE 64
/* Configuration space: select, subsel, size, 5 reserved bytes, then 128 bytes of answer. */
#define PVM_VIRTIO_INPUT_CFG_SIZE 136
/* The events that wait for the driver's buffers: 16 presses of 4 events each. */
#define PVM_VIRTIO_INPUT_PENDING_MAX 64
/* The one key (Linux's KEY_POWER). */
#define PVM_VIRTIO_INPUT_KEY_POWER 116

typedef struct PvmVirtioInput PvmVirtioInput;

/* Plugs a power-button input device into the empty transport @mmio, which owns it from then
 * on. Events are delivered on @context, never on the thread that presses or notifies. Never
 * fails. */
PvmVirtioInput *pvm_virtio_input_new (PvmVirtioMmio *mmio, GMainContext *context);

/* Presses and releases the power key: queues EV_KEY KEY_POWER 1, EV_SYN, EV_KEY KEY_POWER 0,
 * EV_SYN, delivered as the driver gives buffers (a reset of the device drops what waits).
 * From any thread; never blocks on the guest. Returns false, queuing nothing, when
 * PVM_VIRTIO_INPUT_PENDING_MAX events already wait for a driver that takes none. */
bool pvm_virtio_input_press_power (PvmVirtioInput *input);

/* Returns how many events wait for the driver's buffers. From any thread. */
unsigned pvm_virtio_input_pending (PvmVirtioInput *input);

/* State beyond the transport's: the configuration selector and the events still waiting. */
extern const PvmVmState pvm_virtio_input_vmstate;

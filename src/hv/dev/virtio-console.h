/* virtio-console.h: a virtio console (virtio 1.2 §5.3) with one port whose host side is a
 * chardev: a PV guest's console without an emulated UART. Linux names it hvc0, or hvc1 in a
 * kernel whose SBI console (CONFIG_HVC_RISCV_SBI) took hvc0 first. */
#pragma once

#include <glib.h>

#include "hv/dev/virtio-mmio.h"
#include "hv/machine/chardev.h"
#include "hv/migrate/vmstate.h"

/* The virtio device ID of a console. */
#define PVM_VIRTIO_CONSOLE_DEVICE_ID 3
/* The queues of port 0: input (host to guest) and output. */
#define PVM_VIRTIO_CONSOLE_RXQ 0
#define PVM_VIRTIO_CONSOLE_TXQ 1
/* Each queue's maximum size (QueueNumMax). */
#define PVM_VIRTIO_CONSOLE_QUEUE_SIZE 128
/* Configuration space: cols (u16), rows (u16), max_nr_ports (u32), emerg_wr (u32). */
#define PVM_VIRTIO_CONSOLE_CFG_SIZE 12

typedef struct PvmVirtioConsole PvmVirtioConsole;

/* Plugs a console into the empty transport @mmio, which owns it from then on, and connects
 * it to @chr (not owned; it must outlive the console), whose input it takes over. The output
 * queue is worked on @context (@chr's), never on the hart that notifies. Never fails. */
PvmVirtioConsole *pvm_virtio_console_new (PvmVirtioMmio *mmio, PvmChardev *chr,
                                          GMainContext *context);

/* State beyond the transport's: none (input is taken from the chardev only as far as the
 * guest has buffers, and output leaves at once), so a table without fields. */
extern const PvmVmState pvm_virtio_console_vmstate;

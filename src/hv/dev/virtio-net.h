/* virtio-net.h: a virtio network card (virtio 1.2 §5.1) whose frames go to and come from a
 * network backend (user-mode networking, a tap device). */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "hv/dev/virtio-mmio.h"
#include "hv/migrate/vmstate.h"
#include "hv/net/backend.h"

/* The virtio device ID of a network card. */
#define PVM_VIRTIO_NET_DEVICE_ID 1
/* The queues: receive (frames to the guest) and transmit. */
#define PVM_VIRTIO_NET_RXQ 0
#define PVM_VIRTIO_NET_TXQ 1
/* Each queue's maximum size (QueueNumMax). */
#define PVM_VIRTIO_NET_QUEUE_SIZE 256
/* Frames for the guest held while it has given no receive buffer; more are dropped. */
#define PVM_VIRTIO_NET_BACKLOG 256
/* The largest frame the guest may send (without the virtio header). */
#define PVM_VIRTIO_NET_FRAME_MAX 65536
/* struct virtio_net_hdr with VIRTIO_F_VERSION_1: always 12 bytes, num_buffers included. */
#define PVM_VIRTIO_NET_HDR_SIZE 12

/* Feature bits. */
#define PVM_VIRTIO_NET_F_CSUM 0
#define PVM_VIRTIO_NET_F_MAC 5
#define PVM_VIRTIO_NET_F_HOST_TSO4 11
#define PVM_VIRTIO_NET_F_HOST_TSO6 12
#define PVM_VIRTIO_NET_F_STATUS 16

/* The transmit header: flags, gso_type (u8 each), hdr_len, gso_size, csum_start, csum_offset,
 * num_buffers (u16 each). */
#define PVM_VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define PVM_VIRTIO_NET_GSO_NONE 0
#define PVM_VIRTIO_NET_GSO_TCPV4 1
#define PVM_VIRTIO_NET_GSO_TCPV6 4
#define PVM_VIRTIO_NET_GSO_ECN 0x80

/* Configuration space offsets (struct virtio_net_config). */
#define PVM_VIRTIO_NET_CFG_MAC 0x00
#define PVM_VIRTIO_NET_CFG_STATUS 0x06
#define PVM_VIRTIO_NET_CFG_MAX_PAIRS 0x08
#define PVM_VIRTIO_NET_CFG_MTU 0x0a
#define PVM_VIRTIO_NET_CFG_SIZE 0x0c

/* The status field's link bit. */
#define PVM_VIRTIO_NET_S_LINK_UP 1

typedef struct PvmVirtioNet PvmVirtioNet;

/* Plugs a network card with address @mac into the empty transport @mmio, which owns it from
 * then on, and connects it to @backend, which it owns too. The queues are worked on the
 * notifying hart when @backend may be worked from another thread and is free (it never waits
 * there for the host network), else on @context (the backend's). Never fails (without a file
 * descriptor left for its eventfd it aborts, as GLib's own wake-ups do). */
PvmVirtioNet *pvm_virtio_net_new (PvmVirtioMmio *mmio, PvmNetBackend *backend,
                                  const uint8_t mac[6], GMainContext *context);

/* Returns how many frames for the guest were dropped so far: the backlog was full, or the
 * guest's receive buffer was too small. On the context's thread, outside its callbacks. */
uint64_t pvm_virtio_net_rx_dropped (PvmVirtioNet *net);

/* Stores the frame bytes (without virtio headers) given to the guest (@rx_bytes) and sent
 * from it to the backend (@tx_bytes) since the card was made; dropped frames do not count.
 * From any thread: relaxed atomic loads, never blocks. */
void pvm_virtio_net_get_stats (PvmVirtioNet *net, uint64_t *rx_bytes, uint64_t *tx_bytes);

/* State beyond the transport's: the MAC address and the link status. */
extern const PvmVmState pvm_virtio_net_vmstate;

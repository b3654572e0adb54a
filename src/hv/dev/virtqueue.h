/* virtqueue.h: the device side of a split virtqueue (virtio 1.2 §2.7), its rings in guest RAM.
 *
 * A virtqueue does no locking: its transport serialises every call on one queue. Guest memory
 * is read with the barriers a driver on another host thread needs: the available index with
 * acquire before the entries it covers, the used index with release after the entries it
 * publishes, and a full fence between publishing and reading the driver's suppression fields.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The largest queue size a device may offer here (the specification allows up to 32768). */
#define PVM_VIRTQUEUE_MAX_SIZE 1024

/* Descriptor flags. */
#define PVM_VIRTQ_DESC_F_NEXT 1
#define PVM_VIRTQ_DESC_F_WRITE 2
#define PVM_VIRTQ_DESC_F_INDIRECT 4

/* Ring flags: avail.flags and used.flags. */
#define PVM_VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define PVM_VIRTQ_USED_F_NO_NOTIFY 1

typedef struct {
  /* Configured by the driver through the transport (saved). */
  uint16_t num; /* queue size: a power of 2 */
  bool ready;
  uint64_t desc_addr, avail_addr, used_addr;

  /* The device's progress (saved). */
  uint16_t last_avail;     /* the next available-ring entry to take */
  uint16_t used_idx;       /* the used index as last published */
  uint16_t signalled_used; /* used_idx when an interrupt was last due (event index) */
  bool signalled_used_valid;

  /* Negotiated ring features (derived from the driver's features). */
  bool event_idx, indirect;

  /* Derived while ready: host addresses of the three rings. */
  uint8_t *desc, *avail, *used;

  /* Chains popped and not yet pushed; must be 0 when the queue is saved or reset. */
  unsigned inflight;
  uint64_t inflight_heads[PVM_VIRTQUEUE_MAX_SIZE / 64];

  const PvmMachine *machine;
  char label[48]; /* "virtio-blk@10001000 queue 0", for guest-error messages */
} PvmVirtqueue;

/* One descriptor chain taken from the available ring. The device-readable buffers come first in
 * the iovec the caller gave, the device-writable ones after them. */
typedef struct {
  uint16_t head;
  unsigned n_out, n_in;   /* iovecs: readable, then writable */
  uint64_t out_len, in_len; /* their total bytes */
} PvmVirtqElem;

/* Prepares @vq for @machine with every field zero; @label names it in guest-error messages. */
void pvm_virtqueue_init (PvmVirtqueue *vq, const PvmMachine *machine, const char *label);

/* Puts @vq back in its reset state, with size @num (the device's maximum). Nothing may be in
 * flight. Touches no guest memory. */
void pvm_virtqueue_reset (PvmVirtqueue *vq, uint16_t num);

/* Returns whether @num is a queue size @vq can take: a power of 2 from 1 to @max. */
bool pvm_virtqueue_size_ok (uint16_t num, uint16_t max);

/* Makes @vq ready: checks that its size is valid, its ring addresses aligned (16, 2, 4) and the
 * rings wholly in guest RAM, and records their host addresses. Returns false, with a guest error
 * logged and the queue left not ready, if any check fails. */
bool pvm_virtqueue_start (PvmVirtqueue *vq, uint16_t max);

/* Stops using @vq's rings (ready cleared); chains in flight stay counted until pushed. */
void pvm_virtqueue_stop (PvmVirtqueue *vq);

/* Takes the next available chain of a ready @vq into @iov (at most @max_iov entries, host
 * pointers into guest RAM, each checked to lie wholly in RAM) and @elem, and marks its head in
 * flight. When the ring is empty, first tells the driver where to notify next (avail_event,
 * with event index) and looks again. Returns 1 with a chain, 0 if the ring is empty, or -1
 * (guest error logged, nothing taken) if the ring or the chain is malformed: an available index
 * more than the queue size ahead, a head or next index out of range, a head already in flight,
 * a loop, a nested or unnegotiated indirect table, a buffer outside RAM, a readable buffer after
 * a writable one, or more than @max_iov buffers. Never allocates. */
int pvm_virtqueue_pop (PvmVirtqueue *vq, struct iovec *iov, unsigned max_iov, PvmVirtqElem *elem);

/* Returns chain @head, in flight, to the driver with @len bytes written, publishing it on the
 * used ring if @vq is still ready. Returns false (nothing done) if @head is not in flight. */
bool pvm_virtqueue_push (PvmVirtqueue *vq, uint16_t head, uint32_t len);

/* After pushes: returns whether the driver wants an interrupt for them (used_event with event
 * index, else the avail ring's NO_INTERRUPT flag). Updates the event-index bookkeeping. */
bool pvm_virtqueue_should_interrupt (PvmVirtqueue *vq);

/* For post_load: returns whether the saved configuration of @vq is one pvm_virtqueue_start()
 * accepts (or the queue is not ready), without logging; on false, *@why says what is wrong. */
bool pvm_virtqueue_check_loaded (const PvmVirtqueue *vq, uint16_t max, const char **why);

/* The saved fields of the queue that is member @q of struct @T. */
#define PVM_VIRTQUEUE_VM_FIELDS(T, q)                                                             \
  PVM_VM_U16 (T, q.num), PVM_VM_BOOL (T, q.ready), PVM_VM_U64 (T, q.desc_addr),                   \
    PVM_VM_U64 (T, q.avail_addr), PVM_VM_U64 (T, q.used_addr), PVM_VM_U16 (T, q.last_avail),      \
    PVM_VM_U16 (T, q.used_idx), PVM_VM_U16 (T, q.signalled_used),                                 \
    PVM_VM_BOOL (T, q.signalled_used_valid)

/* virtqueue.c: the device side of a split virtqueue.
 *
 * Layout in guest memory (little-endian), for a queue of size N:
 *   descriptor table (16-byte aligned), N entries of 16 bytes:
 *     +0 addr (u64)  +8 len (u32)  +12 flags (u16: NEXT 1, WRITE 2, INDIRECT 4)  +14 next (u16)
 *   available ring (2-byte aligned), written by the driver:
 *     +0 flags (u16)  +2 idx (u16)  +4 ring[N] (u16 heads)  +4 + 2N used_event (u16)
 *   used ring (4-byte aligned), written by the device:
 *     +0 flags (u16)  +2 idx (u16)  +4 ring[N] {id u32, len u32}  +4 + 8N avail_event (u16)
 *
 * Indices run freely over 16 bits; entry i lives at ring[i % N], which is why N is a power of 2.
 * Every descriptor is copied out of guest memory once and checked before use, so a driver that
 * rewrites a descriptor while the device reads it only hurts its own request.
 */
#include "hv/dev/virtqueue.h"

#include <stdatomic.h>
#include <string.h>

#include "hv/machine/guest-error.h"

typedef struct {
  uint64_t addr;
  uint32_t len;
  uint16_t flags, next;
} VirtqDesc;

#define VIRTQ_DESC_SIZE 16

static uint64_t
desc_size (uint16_t num)
{
  return (uint64_t) VIRTQ_DESC_SIZE * num;
}

static uint64_t
avail_size (uint16_t num)
{
  return 6 + 2ull * num;
}

static uint64_t
used_size (uint16_t num)
{
  return 6 + 8ull * num;
}

/* Guest memory accessors. Ring fields are naturally aligned (checked at start), so 16-bit loads
 * and stores are single accesses. */
static uint16_t
load16_acquire (const uint8_t *p)
{
  return GUINT16_FROM_LE (__atomic_load_n ((const uint16_t *) p, __ATOMIC_ACQUIRE));
}

static uint16_t
load16 (const uint8_t *p)
{
  return GUINT16_FROM_LE (__atomic_load_n ((const uint16_t *) p, __ATOMIC_RELAXED));
}

static void
store16 (uint8_t *p, uint16_t v)
{
  __atomic_store_n ((uint16_t *) p, GUINT16_TO_LE (v), __ATOMIC_RELAXED);
}

static void
store16_release (uint8_t *p, uint16_t v)
{
  __atomic_store_n ((uint16_t *) p, GUINT16_TO_LE (v), __ATOMIC_RELEASE);
}

static void
store32 (uint8_t *p, uint32_t v)
{
  __atomic_store_n ((uint32_t *) p, GUINT32_TO_LE (v), __ATOMIC_RELAXED);
}

static void
desc_read (VirtqDesc *d, const uint8_t *p)
{
  uint8_t b[VIRTQ_DESC_SIZE];
  uint64_t addr;
  uint32_t len;
  uint16_t flags, next;

  memcpy (b, p, sizeof b);
  memcpy (&addr, b, 8);
  memcpy (&len, b + 8, 4);
  memcpy (&flags, b + 12, 2);
  memcpy (&next, b + 14, 2);
  d->addr = GUINT64_FROM_LE (addr);
  d->len = GUINT32_FROM_LE (len);
  d->flags = GUINT16_FROM_LE (flags);
  d->next = GUINT16_FROM_LE (next);
}

static bool
inflight_get (const PvmVirtqueue *vq, uint16_t head)
{
  return (vq->inflight_heads[head / 64] >> (head % 64)) & 1;
}

static void
inflight_set (PvmVirtqueue *vq, uint16_t head, bool v)
{
  if (v)
    vq->inflight_heads[head / 64] |= 1ull << (head % 64);
  else
    vq->inflight_heads[head / 64] &= ~(1ull << (head % 64));
}

void
pvm_virtqueue_init (PvmVirtqueue *vq, const PvmMachine *machine, const char *label)
{
  memset (vq, 0, sizeof *vq);
  vq->machine = machine;
  g_strlcpy (vq->label, label, sizeof vq->label);
}

void
pvm_virtqueue_reset (PvmVirtqueue *vq, uint16_t num)
{
  g_warn_if_fail (vq->inflight == 0);
  vq->num = num;
  vq->ready = false;
  vq->desc_addr = vq->avail_addr = vq->used_addr = 0;
  vq->last_avail = vq->used_idx = vq->signalled_used = 0;
  vq->signalled_used_valid = false;
  vq->event_idx = vq->indirect = false;
  vq->desc = vq->avail = vq->used = NULL;
}

bool
pvm_virtqueue_size_ok (uint16_t num, uint16_t max)
{
  return num >= 1 && num <= max && (num & (num - 1)) == 0;
}

/* Returns NULL if the configuration is usable, else why not. Sets the host addresses in *@desc,
 * *@avail and *@used when usable. */
static const char *
virtqueue_check (const PvmVirtqueue *vq, uint16_t max, uint8_t **desc, uint8_t **avail,
                 uint8_t **used)
{
  if (!pvm_virtqueue_size_ok (vq->num, max))
    return "the queue size is not a power of 2 within the maximum";
  if (vq->desc_addr % 16 || vq->avail_addr % 2 || vq->used_addr % 4)
    return "a ring is not aligned";
  *desc = pvm_machine_ram_ptr (vq->machine, vq->desc_addr, desc_size (vq->num));
  *avail = pvm_machine_ram_ptr (vq->machine, vq->avail_addr, avail_size (vq->num));
  *used = pvm_machine_ram_ptr (vq->machine, vq->used_addr, used_size (vq->num));
  if (!*desc || !*avail || !*used)
    return "a ring lies outside guest RAM";
  return NULL;
}

bool
pvm_virtqueue_start (PvmVirtqueue *vq, uint16_t max)
{
  uint8_t *desc, *avail, *used;
  const char *why = virtqueue_check (vq, max, &desc, &avail, &used);

  if (why) {
    pvm_guest_error ("%s: cannot be made ready: %s (size %u, descriptors 0x%" G_GINT64_MODIFIER
                     "x, driver area 0x%" G_GINT64_MODIFIER "x, device area 0x%"
                     G_GINT64_MODIFIER "x)", vq->label, why, vq->num, vq->desc_addr,
                     vq->avail_addr, vq->used_addr);
    vq->ready = false;
    return false;
  }
  vq->desc = desc;
  vq->avail = avail;
  vq->used = used;
  vq->ready = true;
  return true;
}

bool
pvm_virtqueue_check_loaded (const PvmVirtqueue *vq, uint16_t max, const char **why)
{
  uint8_t *desc, *avail, *used;

  *why = NULL;
  if (!vq->ready) {
    if (vq->num && !pvm_virtqueue_size_ok (vq->num, max))
      *why = "the queue size is not a power of 2 within the maximum";
  } else {
    *why = virtqueue_check (vq, max, &desc, &avail, &used);
  }
  return *why == NULL;
}

void
pvm_virtqueue_stop (PvmVirtqueue *vq)
{
  vq->ready = false;
  vq->desc = vq->avail = vq->used = NULL;
}

static int
pop_fail (PvmVirtqueue *vq, const char *what, uint16_t head)
{
  pvm_guest_error ("%s: chain at head %u: %s", vq->label, head, what);
  return -1;
}

/* Whether the driver has made chains available beyond last_avail; -1 if its index is bad. */
static int
virtqueue_pending (PvmVirtqueue *vq, uint16_t *avail_idx)
{
  *avail_idx = load16_acquire (vq->avail + 2);
  uint16_t pending = (uint16_t) (*avail_idx - vq->last_avail);
  if (pending > vq->num) {
    pvm_guest_error ("%s: the available index %u is %u entries ahead of the device, more than "
                     "the queue size %u", vq->label, *avail_idx, pending, vq->num);
    return -1;
  }
  return pending != 0;
}

/* Walks the chain at @head into @iov. Returns 0 or -1 (logged). */
static int
virtqueue_walk (PvmVirtqueue *vq, uint16_t head, struct iovec *iov, unsigned max_iov,
                PvmVirtqElem *elem)
{
  const uint8_t *table = vq->desc;
  unsigned table_len = vq->num, seen = 0, n = 0;
  bool in_indirect = false;
  uint16_t i = head;

  elem->n_out = elem->n_in = 0;
  elem->out_len = elem->in_len = 0;
  for (;;) {
    VirtqDesc d;

    if (seen++ >= table_len)
      return pop_fail (vq, "the chain loops or is longer than its table", head);
    desc_read (&d, table + (size_t) i * VIRTQ_DESC_SIZE);

    if (d.flags & PVM_VIRTQ_DESC_F_INDIRECT) {
      if (!vq->indirect)
        return pop_fail (vq, "indirect descriptor without the negotiated feature", head);
      if (in_indirect)
        return pop_fail (vq, "indirect descriptor inside an indirect table", head);
      if (d.flags & PVM_VIRTQ_DESC_F_NEXT)
        return pop_fail (vq, "indirect descriptor with a next descriptor", head);
      if (d.len == 0 || d.len % VIRTQ_DESC_SIZE ||
          d.len / VIRTQ_DESC_SIZE > PVM_VIRTQUEUE_MAX_SIZE)
        return pop_fail (vq, "indirect table of a bad length", head);
      table = pvm_machine_ram_ptr (vq->machine, d.addr, d.len);
      if (!table)
        return pop_fail (vq, "indirect table outside guest RAM", head);
      table_len = d.len / VIRTQ_DESC_SIZE;
      in_indirect = true;
      seen = 0;
      i = 0;
      continue;
    }

    uint8_t *host = pvm_machine_ram_ptr (vq->machine, d.addr, d.len);
    if (!host)
      return pop_fail (vq, "buffer outside guest RAM", head);
    if (n == max_iov)
      return pop_fail (vq, "more buffers than the device takes", head);
    if (d.flags & PVM_VIRTQ_DESC_F_WRITE) {
      elem->n_in++;
      elem->in_len += d.len;
    } else {
      if (elem->n_in)
        return pop_fail (vq, "device-readable buffer after a device-writable one", head);
      elem->n_out++;
      elem->out_len += d.len;
    }
    iov[n].iov_base = host;
    iov[n].iov_len = d.len;
    n++;

    if (!(d.flags & PVM_VIRTQ_DESC_F_NEXT))
      return 0;
    if (d.next >= table_len)
      return pop_fail (vq, "next index out of range", head);
    i = d.next;
  }
}

int
pvm_virtqueue_pop (PvmVirtqueue *vq, struct iovec *iov, unsigned max_iov, PvmVirtqElem *elem)
{
  uint16_t avail_idx;
  int pending;

  if (!vq->ready)
    return 0;
  pending = virtqueue_pending (vq, &avail_idx);
  if (pending == 0) {
    /* Ask for a notification at the next entry, then look again: an entry the driver added
     * before it could see avail_event would otherwise wait for a notification never sent. */
    if (vq->event_idx)
      store16 (vq->used + used_size (vq->num) - 2, vq->last_avail);
    atomic_thread_fence (memory_order_seq_cst);
    pending = virtqueue_pending (vq, &avail_idx);
  }
  if (pending <= 0)
    return pending;

  uint16_t head = load16 (vq->avail + 4 + 2 * (vq->last_avail % vq->num));
  if (head >= vq->num)
    return pop_fail (vq, "head index out of range", head);
  if (inflight_get (vq, head))
    return pop_fail (vq, "head already in flight", head);
  if (virtqueue_walk (vq, head, iov, max_iov, elem) < 0)
    return -1;

  elem->head = head;
  vq->last_avail++;
  inflight_set (vq, head, true);
  vq->inflight++;
  return 1;
}

bool
pvm_virtqueue_push (PvmVirtqueue *vq, uint16_t head, uint32_t len)
{
  if (head >= PVM_VIRTQUEUE_MAX_SIZE || !inflight_get (vq, head))
    return false;
  inflight_set (vq, head, false);
  vq->inflight--;
  if (!vq->ready)
    return true;

  uint8_t *elem = vq->used + 4 + 8 * (size_t) (vq->used_idx % vq->num);
  store32 (elem, head);
  store32 (elem + 4, len);
  vq->used_idx++;
  store16_release (vq->used + 2, vq->used_idx);
  return true;
}

bool
pvm_virtqueue_should_interrupt (PvmVirtqueue *vq)
{
  if (!vq->ready)
    return false;
  /* The used index must be visible before the driver's suppression fields are read. */
  atomic_thread_fence (memory_order_seq_cst);
  if (!vq->event_idx)
    return !(load16 (vq->avail) & PVM_VIRTQ_AVAIL_F_NO_INTERRUPT);

  uint16_t old = vq->signalled_used, now = vq->used_idx;
  bool valid = vq->signalled_used_valid;
  vq->signalled_used = now;
  vq->signalled_used_valid = true;
  if (!valid)
    return true;
  uint16_t event = load16 (vq->avail + avail_size (vq->num) - 2);
  /* Interrupt if used_event lies in [old, now): the driver asked to hear of that entry. */
  return (uint16_t) (now - event - 1) < (uint16_t) (now - old);
}

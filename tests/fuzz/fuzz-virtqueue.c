/* fuzz-virtqueue.c: libFuzzer target for the split-ring parser (src/hv/dev/virtqueue.c).
 *
 * Each input lays out one queue in a 64 KiB guest RAM, then runs a little program of driver
 * writes and device calls against it. Little-endian throughout:
 *
 *   header   u8 size_log2 (mod 11), u8 flags, u32 desc, u32 avail, u32 used
 *            flags: 1 EVENT_IDX, 2 INDIRECT_DESC, 4 raw ring addresses
 *            an address is RAM + (v & 0xffff) rounded down to the ring's alignment, or with
 *            flag 4 RAM + (int32) v, anywhere in or out of RAM and unaligned
 *   then operations, each a byte whose value mod 8 selects:
 *     0 RAM      u16 offset, u8 n, n bytes copied into RAM (cut at its end)
 *     1 DESC     u8 ctl, u16 where, addr, u32 len, u16 flags, u16 next: a descriptor, in the
 *                queue's table at index where (ctl & 1 = 0) or at RAM + where (ctl & 1);
 *                addr is u16 (RAM + it) or with ctl & 2 a raw u64
 *     2 OFFER    u16 head: put on the available ring and publish
 *     3 AVAIL    u16 idx: set the available index as it is
 *     4 POP      u8 m: take a chain into at most m % 64 + 1 buffers
 *     5 PUSH     u8 k, u32 len: complete the k-th chain in flight (or, with none, a made-up head)
 *     6 EVENT    u8 sel, u16 v: set avail.flags (sel odd) or used_event to v, then ask whether
 *                to interrupt
 *     7 RESTART  u8 ctl: complete everything, stop the queue, reset it if ctl & 1 (features
 *                from ctl >> 1 as in flags), start it again
 *
 * Besides the sanitizers, it checks what virtqueue.h promises: a chain lies in RAM, within the
 * iovec limit, readable buffers before writable ones with the lengths summed; a failed or empty
 * pop takes nothing; a head is never handed out twice; a push lands on the used ring at the
 * published index; the in-flight count matches.
 */
#include <string.h>

#include "common/pvm-bytes.h"
#include "fuzz-common.h"
#include "hv/dev/virtqueue.h"

#define VQF_RAM_SIZE (64u << 10)
#define VQF_MAX_IOV 64

enum {
  VQF_F_EVENT_IDX = 1,
  VQF_F_INDIRECT = 2,
  VQF_F_RAW_ADDR = 4,
};

typedef struct {
  PvmVirtqueue vq;
  uint16_t num;
  uint16_t avail_idx; /* the driver's */
  uint16_t inflight[PVM_VIRTQUEUE_MAX_SIZE];
  unsigned n_inflight;
} VqFuzz;

static PvmMachine *vqf_machine;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_log_init ();
  vqf_machine = fuzz_machine_new (VQF_RAM_SIZE);
  return 0;
}

static uint64_t
vqf_addr (uint32_t v, bool raw, uint64_t align)
{
  if (raw)
    return FUZZ_RAM_BASE + (uint64_t) (int64_t) (int32_t) v;
  return FUZZ_RAM_BASE + pvm_align_down (v & 0xffff, align);
}

/* RAM at @offset for @len bytes, or NULL if that passes its end. */
static uint8_t *
vqf_ram (uint64_t offset, uint64_t len)
{
  return pvm_machine_ram_ptr (vqf_machine, FUZZ_RAM_BASE + offset, len);
}

/* The driver's view of a ring field: host memory if the ring is in RAM. */
static uint8_t *
vqf_ring (uint64_t addr, uint64_t offset, uint64_t len)
{
  return pvm_machine_ram_ptr (vqf_machine, addr + offset, len);
}

static void
vqf_set_features (VqFuzz *f, unsigned flags)
{
  f->vq.event_idx = flags & VQF_F_EVENT_IDX;
  f->vq.indirect = flags & VQF_F_INDIRECT;
}

static void
vqf_op_desc (VqFuzz *f, FuzzInput *in)
{
  unsigned ctl = (unsigned) fuzz_take (in, 1);
  uint16_t where = (uint16_t) fuzz_take (in, 2);
  uint64_t addr = ctl & 2 ? fuzz_take (in, 8) : FUZZ_RAM_BASE + fuzz_take (in, 2);
  uint32_t len = (uint32_t) fuzz_take (in, 4);
  uint16_t flags = (uint16_t) fuzz_take (in, 2), next = (uint16_t) fuzz_take (in, 2);
  uint8_t *d;

  if (ctl & 1)
    d = vqf_ram (pvm_align_down (where, 16), 16);
  else
    d = vqf_ring (f->vq.desc_addr, 16ull * (where % f->num), 16);
  if (!d)
    return;
  pvm_le_put (d, addr, 8);
  pvm_le_put (d + 8, len, 4);
  pvm_le_put (d + 12, flags, 2);
  pvm_le_put (d + 14, next, 2);
}

static void
vqf_publish_avail (VqFuzz *f)
{
  uint8_t *idx = vqf_ring (f->vq.avail_addr, 2, 2);

  if (idx)
    pvm_le_put (idx, f->avail_idx, 2);
}

static void
vqf_op_offer (VqFuzz *f, FuzzInput *in)
{
  uint16_t head = (uint16_t) fuzz_take (in, 2);
  uint8_t *slot = vqf_ring (f->vq.avail_addr, 4 + 2ull * (f->avail_idx % f->num), 2);

  if (slot)
    pvm_le_put (slot, head, 2);
  f->avail_idx++;
  vqf_publish_avail (f);
}

static bool
vqf_is_inflight (const VqFuzz *f, uint16_t head)
{
  for (unsigned i = 0; i < f->n_inflight; i++) {
    if (f->inflight[i] == head)
      return true;
  }
  return false;
}

static void
vqf_op_pop (VqFuzz *f, FuzzInput *in)
{
  unsigned max_iov = (unsigned) fuzz_take (in, 1) % VQF_MAX_IOV + 1;
  struct iovec iov[VQF_MAX_IOV];
  PvmVirtqElem elem;
  uint16_t last_avail = f->vq.last_avail;
  unsigned inflight = f->vq.inflight;

  int r = pvm_virtqueue_pop (&f->vq, iov, max_iov, &elem);
  FUZZ_CHECK (r >= -1 && r <= 1, "pop returns -1, 0 or 1");
  if (r <= 0) {
    FUZZ_CHECK (f->vq.last_avail == last_avail, "an empty or failed pop takes no entry");
    FUZZ_CHECK (f->vq.inflight == inflight, "an empty or failed pop puts nothing in flight");
    return;
  }
  FUZZ_CHECK (f->vq.ready, "only a ready queue hands out chains");
  FUZZ_CHECK ((uint16_t) (f->vq.last_avail - last_avail) == 1, "a pop takes one entry");
  FUZZ_CHECK (elem.head < f->num, "the head is in the table");
  FUZZ_CHECK (!vqf_is_inflight (f, elem.head), "a head is not handed out twice");
  FUZZ_CHECK (elem.n_out + elem.n_in <= max_iov, "the chain fits the iovec limit");
  uint64_t out = 0, inl = 0;
  for (unsigned i = 0; i < elem.n_out + elem.n_in; i++)
    *(i < elem.n_out ? &out : &inl) += iov[i].iov_len;
  FUZZ_CHECK (out == elem.out_len && inl == elem.in_len, "the lengths are the buffers' sums");
  fuzz_check_iov (vqf_machine, iov, elem.n_out + elem.n_in, elem.n_out,
                  "a popped buffer lies in guest RAM");
  f->inflight[f->n_inflight++] = elem.head;
  FUZZ_CHECK (f->vq.inflight == f->n_inflight, "the in-flight count matches");
}

static void
vqf_push (VqFuzz *f, unsigned k, uint32_t len)
{
  uint16_t head = f->inflight[k], used_idx = f->vq.used_idx;

  f->inflight[k] = f->inflight[--f->n_inflight];
  FUZZ_CHECK (pvm_virtqueue_push (&f->vq, head, len), "a chain in flight can be pushed");
  FUZZ_CHECK (f->vq.inflight == f->n_inflight, "the in-flight count matches");
  if (!f->vq.ready)
    return;
  FUZZ_CHECK ((uint16_t) (f->vq.used_idx - used_idx) == 1, "a push adds one used entry");
  const uint8_t *e = f->vq.used + 4 + 8 * (size_t) (used_idx % f->num);
  FUZZ_CHECK (pvm_le_get (e, 4) == head && pvm_le_get (e + 4, 4) == len,
              "the used entry says which chain and how much");
  FUZZ_CHECK (pvm_le_get (f->vq.used + 2, 2) == f->vq.used_idx, "the used index is published");
}

static void
vqf_op_push (VqFuzz *f, FuzzInput *in)
{
  unsigned k = (unsigned) fuzz_take (in, 1);
  uint32_t len = (uint32_t) fuzz_take (in, 4);

  if (f->n_inflight) {
    vqf_push (f, k % f->n_inflight, len);
    return;
  }
  FUZZ_CHECK (!pvm_virtqueue_push (&f->vq, (uint16_t) (k | len << 8), len),
              "a chain not in flight cannot be pushed");
}

static void
vqf_op_event (VqFuzz *f, FuzzInput *in)
{
  unsigned sel = (unsigned) fuzz_take (in, 1);
  uint16_t v = (uint16_t) fuzz_take (in, 2);
  uint8_t *p = sel & 1 ? vqf_ring (f->vq.avail_addr, 0, 2)
                       : vqf_ring (f->vq.avail_addr, 4 + 2ull * f->num, 2);

  if (p)
    pvm_le_put (p, v, 2);
  bool irq = pvm_virtqueue_should_interrupt (&f->vq);
  if (f->vq.ready && !f->vq.event_idx)
    FUZZ_CHECK (irq == !(pvm_le_get (f->vq.avail, 2) & PVM_VIRTQ_AVAIL_F_NO_INTERRUPT),
                "without event index, NO_INTERRUPT decides");
}

static void
vqf_configure (VqFuzz *f, unsigned size_log2, unsigned flags, uint32_t desc, uint32_t avail,
               uint32_t used)
{
  bool raw = flags & VQF_F_RAW_ADDR;

  f->num = (uint16_t) (1u << (size_log2 % 11));
  pvm_virtqueue_reset (&f->vq, f->num);
  vqf_set_features (f, flags);
  f->vq.desc_addr = vqf_addr (desc, raw, 16);
  f->vq.avail_addr = vqf_addr (avail, raw, 2);
  f->vq.used_addr = vqf_addr (used, raw, 4);
  f->avail_idx = 0;
}

/* Whether the three rings of @f lie wholly in RAM. */
static bool
vqf_rings_fit (const VqFuzz *f)
{
  uint64_t end = FUZZ_RAM_BASE + VQF_RAM_SIZE;

  return f->vq.desc_addr + 16ull * f->num <= end && f->vq.avail_addr + 6 + 2ull * f->num <= end &&
         f->vq.used_addr + 6 + 8ull * f->num <= end;
}

static void
vqf_complete_all (VqFuzz *f)
{
  while (f->n_inflight)
    vqf_push (f, 0, 0);
}

static void
vqf_op_restart (VqFuzz *f, FuzzInput *in)
{
  unsigned ctl = (unsigned) fuzz_take (in, 1);

  vqf_complete_all (f);
  pvm_virtqueue_stop (&f->vq);
  FUZZ_CHECK (!f->vq.ready && !f->vq.desc, "a stopped queue keeps no ring");
  if (ctl & 1) {
    PvmVirtqueue saved = f->vq;
    pvm_virtqueue_reset (&f->vq, f->num);
    FUZZ_CHECK (f->vq.last_avail == 0 && f->vq.used_idx == 0, "a reset queue starts at 0");
    f->vq.desc_addr = saved.desc_addr;
    f->vq.avail_addr = saved.avail_addr;
    f->vq.used_addr = saved.used_addr;
    f->avail_idx = 0;
    vqf_set_features (f, ctl >> 1);
  }
  pvm_virtqueue_start (&f->vq, PVM_VIRTQUEUE_MAX_SIZE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  VqFuzz *f = g_new0 (VqFuzz, 1);

  fuzz_machine_clear_ram (vqf_machine);
  pvm_virtqueue_init (&f->vq, vqf_machine, "fuzz queue");
  unsigned size_log2 = (unsigned) fuzz_take (&in, 1), flags = (unsigned) fuzz_take (&in, 1);
  uint32_t desc = (uint32_t) fuzz_take (&in, 4), avail = (uint32_t) fuzz_take (&in, 4);
  uint32_t used = (uint32_t) fuzz_take (&in, 4);
  vqf_configure (f, size_log2, flags, desc, avail, used);
  bool started = pvm_virtqueue_start (&f->vq, PVM_VIRTQUEUE_MAX_SIZE);
  FUZZ_CHECK (started == f->vq.ready, "start says whether the queue is ready");
  if (!(flags & VQF_F_RAW_ADDR))
    FUZZ_CHECK (started == vqf_rings_fit (f), "aligned rings start if they lie in RAM");

  while (!fuzz_done (&in)) {
    switch (fuzz_take (&in, 1) % 8) {
    case 0: {
      uint16_t offset = (uint16_t) fuzz_take (&in, 2);
      size_t n = (size_t) fuzz_take (&in, 1);
      uint8_t buf[256];
      n = fuzz_take_bytes (&in, buf, n);
      memcpy (vqf_ram (offset, 0), buf, MIN (n, VQF_RAM_SIZE - offset));
      break;
    }
    case 1:
      vqf_op_desc (f, &in);
      break;
    case 2:
      vqf_op_offer (f, &in);
      break;
    case 3:
      f->avail_idx = (uint16_t) fuzz_take (&in, 2);
      vqf_publish_avail (f);
      break;
    case 4:
      vqf_op_pop (f, &in);
      break;
    case 5:
      vqf_op_push (f, &in);
      break;
    case 6:
      vqf_op_event (f, &in);
      break;
    default:
      vqf_op_restart (f, &in);
      break;
    }
  }

  vqf_complete_all (f);
  g_free (f);
  return 0;
}

/* aclint.c: the ACLINT of the virt board, in the SiFive CLINT layout.
 *
 * Register map (offsets from the base, 0x2000000 on virt; 4- and 8-byte accesses):
 *   0x0000 + 4 * h   MSIP of hart h       bit 0 is the hart's MSIP, bits 1..31 read 0
 *   0x4000 + 8 * h   MTIMECMP of hart h   64 bits (hart->mtimecmp), or two 32-bit halves
 *   0xbff8           MTIME                64 bits, or two 32-bit halves; shared by all harts
 * An 8-byte access to the MSIP words covers harts h and h + 1. Anything else in the window
 * (harts beyond n_harts, offsets from 0xc000) is a guest error and reads 0.
 *
 * MTIME is not stored here: it is the machine's clock, (now - time_origin_ns) in ticks, and a
 * write moves time_origin_ns. MTIMECMP lives in the hart, which compares it with MTIME itself.
 */
#include "hv/dev/aclint.h"

#include <time.h>

#include "hv/machine/guest-error.h"

#define ACLINT_MSIP 0x0000
#define ACLINT_MTIMECMP 0x4000
#define ACLINT_MTIME 0xbff8
#define ACLINT_END 0xc000

struct PvmAclint {
  GMutex lock;
  PvmMachine *machine;
  unsigned n_harts;
  uint32_t msip; /* bit h: hart h's MSIP */
};

static int64_t
monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Makes MTIME read @ticks from now on and tells every hart to compare again. */
static void
aclint_set_mtime (PvmAclint *aclint, uint64_t ticks)
{
  PvmMachine *m = aclint->machine;
  /* Rounded up, so that reading MTIME right away gives @ticks, not @ticks - 1. */
  unsigned __int128 scaled = (unsigned __int128) ticks * 1000000000u + m->timebase_hz - 1;
  uint64_t ns = (uint64_t) (scaled / m->timebase_hz);

  __atomic_store_n (&m->time_origin_ns, (int64_t) ((uint64_t) monotonic_ns () - ns),
                    __ATOMIC_RELAXED);
  for (unsigned h = 0; h < aclint->n_harts; h++)
    pvm_hart_request (&m->harts[h], PVM_HART_REQ_TIMER);
}

static void
aclint_set_msip (PvmAclint *aclint, unsigned h, bool level)
{
  if (level)
    aclint->msip |= 1u << h;
  else
    aclint->msip &= ~(1u << h);
  pvm_hart_set_mip (&aclint->machine->harts[h], PVM_MIP_MSIP, level);
}

/* Replaces the 32-bit half of @old at byte @offset & 4 with @value, or all of it if 8 bytes. */
static uint64_t
merge_half (uint64_t old, uint64_t offset, uint64_t value, unsigned size)
{
  if (size == 8)
    return value;
  unsigned shift = (offset & 4) ? 32 : 0;
  return (old & ~(0xffffffffull << shift)) | ((value & 0xffffffffull) << shift);
}

static uint64_t
extract_half (uint64_t v, uint64_t offset, unsigned size)
{
  if (size == 8)
    return v;
  return (offset & 4) ? v >> 32 : v & 0xffffffffull;
}

/* One 4-byte MSIP word, or an aligned 64-bit register or half of it. Called with the lock. */
static uint64_t
aclint_read_locked (PvmAclint *aclint, uint64_t offset, unsigned size)
{
  if (offset < ACLINT_MTIMECMP) {
    unsigned h = (unsigned) (offset / 4);
    if (h < aclint->n_harts)
      return (aclint->msip >> h) & 1;
  } else if (offset < ACLINT_MTIME) {
    unsigned h = (unsigned) ((offset - ACLINT_MTIMECMP) / 8);
    if (h < aclint->n_harts)
      return extract_half (atomic_load (&aclint->machine->harts[h].mtimecmp), offset, size);
  } else if (offset < ACLINT_END) {
    return extract_half (pvm_machine_time (aclint->machine), offset, size);
  }
  pvm_guest_error ("aclint: read of reserved offset 0x%" G_GINT64_MODIFIER "x", offset);
  return 0;
}

static void
aclint_write_locked (PvmAclint *aclint, uint64_t offset, uint64_t value, unsigned size)
{
  if (offset < ACLINT_MTIMECMP) {
    unsigned h = (unsigned) (offset / 4);
    if (h < aclint->n_harts) {
      aclint_set_msip (aclint, h, value & 1);
      return;
    }
  } else if (offset < ACLINT_MTIME) {
    unsigned h = (unsigned) ((offset - ACLINT_MTIMECMP) / 8);
    if (h < aclint->n_harts) {
      PvmHart *hart = &aclint->machine->harts[h];
      atomic_store (&hart->mtimecmp,
                    merge_half (atomic_load (&hart->mtimecmp), offset, value, size));
      pvm_hart_request (hart, PVM_HART_REQ_TIMER);
      return;
    }
  } else if (offset < ACLINT_END) {
    aclint_set_mtime (aclint,
                      merge_half (pvm_machine_time (aclint->machine), offset, value, size));
    return;
  }
  pvm_guest_error ("aclint: write of 0x%" G_GINT64_MODIFIER "x to reserved offset 0x%"
                   G_GINT64_MODIFIER "x", value, offset);
}

static uint64_t
aclint_read (void *dev, uint64_t offset, unsigned size)
{
  PvmAclint *aclint = dev;
  uint64_t v;

  g_mutex_lock (&aclint->lock);
  if (size == 8 && offset < ACLINT_MTIMECMP)
    v = aclint_read_locked (aclint, offset, 4) | aclint_read_locked (aclint, offset + 4, 4) << 32;
  else
    v = aclint_read_locked (aclint, offset, size);
  g_mutex_unlock (&aclint->lock);
  return v;
}

static void
aclint_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  PvmAclint *aclint = dev;

  g_mutex_lock (&aclint->lock);
  if (size == 8 && offset < ACLINT_MTIMECMP) {
    aclint_write_locked (aclint, offset, value & 0xffffffffull, 4);
    aclint_write_locked (aclint, offset + 4, value >> 32, 4);
  } else {
    aclint_write_locked (aclint, offset, value, size);
  }
  g_mutex_unlock (&aclint->lock);
}

static void
aclint_reset (void *dev)
{
  PvmAclint *aclint = dev;

  g_mutex_lock (&aclint->lock);
  for (unsigned h = 0; h < aclint->n_harts; h++)
    aclint_set_msip (aclint, h, false);
  aclint_set_mtime (aclint, 0);
  g_mutex_unlock (&aclint->lock);
}

PvmAclint *
pvm_aclint_new (PvmMachine *machine, GError **error)
{
  if (machine->n_harts == 0 || machine->n_harts > PVM_MAX_HARTS ||
      machine->timebase_hz == 0) {
    g_set_error (error, PVM_DEVICE_ERROR, PVM_DEVICE_ERROR_CONFIG,
                 "aclint: cannot serve %u harts at %" G_GUINT64_FORMAT " Hz", machine->n_harts,
                 machine->timebase_hz);
    return NULL;
  }
  PvmAclint *aclint = g_new0 (PvmAclint, 1);
  g_mutex_init (&aclint->lock);
  aclint->machine = machine;
  aclint->n_harts = machine->n_harts;
  return aclint;
}

void
pvm_aclint_free (PvmAclint *aclint)
{
  if (!aclint)
    return;
  g_mutex_clear (&aclint->lock);
  g_free (aclint);
}

const PvmDeviceOps pvm_aclint_ops = {
  .name = "aclint",
  .read = aclint_read,
  .write = aclint_write,
  .reset = aclint_reset,
  .min_access = 4,
  .max_access = 8,
  .vmstate = &pvm_aclint_vmstate,
};

static gboolean
aclint_post_load (void *obj, GError **error)
{
  PvmAclint *aclint = obj;

  if (aclint->msip >> aclint->n_harts) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                 "field 'msip' (0x%x) has bits for harts beyond the %u of this machine",
                 aclint->msip, aclint->n_harts);
    return FALSE;
  }
  g_mutex_lock (&aclint->lock);
  for (unsigned h = 0; h < aclint->n_harts; h++)
    aclint_set_msip (aclint, h, (aclint->msip >> h) & 1);
  g_mutex_unlock (&aclint->lock);
  return TRUE;
}

static const PvmVmField aclint_fields[] = {
  PVM_VM_U32 (PvmAclint, msip),
  PVM_VM_END,
};

const PvmVmState pvm_aclint_vmstate = {
  .name = "aclint",
  .version = 1,
  .min_version = 1,
  .fields = aclint_fields,
  .post_load = aclint_post_load,
};

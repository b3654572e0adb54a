/* plic.c: the SiFive PLIC of the virt board (as QEMU's virt lays it out).
 *
 * Register map (offsets from the base, 0xc000000 on virt; 4-byte accesses only):
 *   0x000000 + 4 * s               priority of source s (1..95), 0..7
 *   0x001000 + 4 * w               pending bits of sources 32w .. 32w + 31 (read-only), w < 3
 *   0x002000 + 0x80 * c + 4 * w    enable bits of context c for sources 32w .. 32w + 31
 *   0x200000 + 0x1000 * c          priority threshold of context c, 0..7
 *   0x200004 + 0x1000 * c          claim (read) / complete (write) of context c
 * Context 2h is hart h in M-mode (drives MEIP), 2h + 1 hart h in S-mode (drives SEIP). Other
 * offsets, contexts beyond the harts and source 0 are guest errors (reads 0).
 *
 * Each source passes a level-triggered gateway: while it is not claimed its pending bit
 * follows the input level; claiming clears the pending bit and holds the source until the
 * same context completes it, after which a level still high makes it pending again. A context
 * interrupts its hart while some pending, enabled source has a priority above its threshold;
 * a claim returns the highest such priority, the lowest source number among equals.
 */
#include "hv/dev/plic.h"

#include <string.h>

#include "hv/machine/guest-error.h"

#define PLIC_WORDS (PVM_PLIC_NUM_SOURCES / 32)
#define PLIC_PRIORITY 0x000000
#define PLIC_PENDING 0x001000
#define PLIC_ENABLE 0x002000
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT 0x200000
#define PLIC_CONTEXT_STRIDE 0x1000

G_STATIC_ASSERT (PVM_PLIC_NUM_SOURCES % 32 == 0);

struct PvmPlic {
  GMutex lock;
  PvmMachine *machine;
  unsigned n_contexts;
  uint32_t priority[PVM_PLIC_NUM_SOURCES];
  uint32_t level[PLIC_WORDS];   /* input lines */
  uint32_t pending[PLIC_WORDS]; /* gateway requests not yet claimed */
  uint32_t claimed[PLIC_WORDS]; /* claimed, not yet completed */
  uint32_t enable[PVM_PLIC_MAX_CONTEXTS * PLIC_WORDS];
  uint32_t threshold[PVM_PLIC_MAX_CONTEXTS];
  bool output[PVM_PLIC_MAX_CONTEXTS]; /* derived: what each context drives on its hart */
};

static bool
bit_get (const uint32_t *words, unsigned n)
{
  return (words[n / 32] >> (n % 32)) & 1;
}

static void
bit_set (uint32_t *words, unsigned n, bool v)
{
  if (v)
    words[n / 32] |= 1u << (n % 32);
  else
    words[n / 32] &= ~(1u << (n % 32));
}

/* Returns the source context @ctx would claim now, or 0. */
static unsigned
plic_best (const PvmPlic *plic, unsigned ctx)
{
  unsigned best = 0;
  uint32_t best_priority = plic->threshold[ctx];

  for (unsigned w = 0; w < PLIC_WORDS; w++) {
    uint32_t ready = plic->pending[w] & plic->enable[ctx * PLIC_WORDS + w];
    while (ready) {
      unsigned s = w * 32 + (unsigned) __builtin_ctz (ready);
      ready &= ready - 1;
      if (plic->priority[s] > best_priority) {
        best = s;
        best_priority = plic->priority[s];
      }
    }
  }
  return best;
}

/* Drives each context's output; only changes unless @force. Called with the lock. */
static void
plic_update (PvmPlic *plic, bool force)
{
  for (unsigned ctx = 0; ctx < plic->n_contexts; ctx++) {
    bool out = plic_best (plic, ctx) != 0;
    if (out == plic->output[ctx] && !force)
      continue;
    plic->output[ctx] = out;
    pvm_hart_set_mip (&plic->machine->harts[ctx / 2], (ctx & 1) ? PVM_MIP_SEIP : PVM_MIP_MEIP,
                      out);
  }
}

void
pvm_plic_set_irq (PvmPlic *plic, unsigned source, bool level)
{
  if (source == 0 || source >= PVM_PLIC_NUM_SOURCES)
    return;
  g_mutex_lock (&plic->lock);
  bit_set (plic->level, source, level);
  if (!bit_get (plic->claimed, source))
    bit_set (plic->pending, source, level);
  plic_update (plic, false);
  g_mutex_unlock (&plic->lock);
}

static void
plic_line_set (void *controller, unsigned line, bool level)
{
  pvm_plic_set_irq (controller, line, level);
}

PvmIrqLine
pvm_plic_line (PvmPlic *plic, unsigned source)
{
  return (PvmIrqLine) { .set = plic_line_set, .controller = plic, .line = source };
}

static uint32_t
plic_claim (PvmPlic *plic, unsigned ctx)
{
  unsigned s = plic_best (plic, ctx);

  if (s) {
    bit_set (plic->pending, s, false);
    bit_set (plic->claimed, s, true);
    plic_update (plic, false);
  }
  return s;
}

static void
plic_complete (PvmPlic *plic, unsigned ctx, uint64_t value)
{
  if (value == 0 || value >= PVM_PLIC_NUM_SOURCES) {
    pvm_guest_error ("plic: context %u completes source %" G_GUINT64_FORMAT
                     ", which does not exist", ctx, value);
    return;
  }
  unsigned s = (unsigned) value;
  /* As the specification says, completing a source not enabled for this context is ignored. */
  if (!bit_get (&plic->enable[ctx * PLIC_WORDS], s) || !bit_get (plic->claimed, s))
    return;
  bit_set (plic->claimed, s, false);
  if (bit_get (plic->level, s))
    bit_set (plic->pending, s, true);
  plic_update (plic, false);
}

/* Finds the register at @offset: returns a pointer to it and sets *@ctx, or returns NULL for
 * the claim register (*@claim set) or an unused offset (*@claim clear). */
static uint32_t *
plic_register (PvmPlic *plic, uint64_t offset, unsigned *ctx, bool *claim, bool *read_only)
{
  *claim = false;
  *read_only = false;
  if (offset < PLIC_PENDING) {
    unsigned s = (unsigned) (offset / 4);
    return s >= 1 && s < PVM_PLIC_NUM_SOURCES ? &plic->priority[s] : NULL;
  }
  if (offset < PLIC_ENABLE) {
    unsigned w = (unsigned) ((offset - PLIC_PENDING) / 4);
    *read_only = true;
    return w < PLIC_WORDS ? &plic->pending[w] : NULL;
  }
  if (offset < PLIC_CONTEXT) {
    unsigned c = (unsigned) ((offset - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
    unsigned w = (unsigned) ((offset % PLIC_ENABLE_STRIDE) / 4);
    *ctx = c;
    return c < plic->n_contexts && w < PLIC_WORDS ? &plic->enable[c * PLIC_WORDS + w] : NULL;
  }
  unsigned c = (unsigned) ((offset - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
  unsigned reg = (unsigned) (offset % PLIC_CONTEXT_STRIDE);
  *ctx = c;
  if (c >= plic->n_contexts)
    return NULL;
  if (reg == 0)
    return &plic->threshold[c];
  *claim = reg == 4;
  return NULL;
}

static uint64_t
plic_read (void *dev, uint64_t offset, unsigned size)
{
  PvmPlic *plic = dev;
  unsigned ctx = 0;
  bool claim, read_only;
  uint64_t v = 0;

  g_mutex_lock (&plic->lock);
  uint32_t *reg = plic_register (plic, offset, &ctx, &claim, &read_only);
  if (reg)
    v = *reg;
  else if (claim)
    v = plic_claim (plic, ctx);
  else
    pvm_guest_error ("plic: read of reserved offset 0x%" G_GINT64_MODIFIER "x", offset);
  g_mutex_unlock (&plic->lock);
  return v;
}

static void
plic_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  PvmPlic *plic = dev;
  unsigned ctx = 0;
  bool claim, read_only;

  g_mutex_lock (&plic->lock);
  uint32_t *reg = plic_register (plic, offset, &ctx, &claim, &read_only);
  if (claim) {
    plic_complete (plic, ctx, value);
  } else if (!reg || read_only) {
    pvm_guest_error ("plic: write of 0x%" G_GINT64_MODIFIER "x to %s offset 0x%"
                     G_GINT64_MODIFIER "x", value, reg ? "read-only" : "reserved", offset);
  } else {
    if (offset < PLIC_ENABLE || offset >= PLIC_CONTEXT)
      value &= PVM_PLIC_MAX_PRIORITY; /* a priority or a threshold */
    else if (reg == &plic->enable[ctx * PLIC_WORDS])
      value &= ~1ull; /* source 0 does not exist */
    *reg = (uint32_t) value;
    plic_update (plic, false);
  }
  g_mutex_unlock (&plic->lock);
}

static void
plic_reset (void *dev)
{
  PvmPlic *plic = dev;

  g_mutex_lock (&plic->lock);
  memset (plic->priority, 0, sizeof plic->priority);
  memset (plic->claimed, 0, sizeof plic->claimed);
  memcpy (plic->pending, plic->level, sizeof plic->pending);
  memset (plic->enable, 0, sizeof plic->enable);
  memset (plic->threshold, 0, sizeof plic->threshold);
  plic_update (plic, true);
  g_mutex_unlock (&plic->lock);
}

PvmPlic *
pvm_plic_new (PvmMachine *machine, GError **error)
{
  if (machine->n_harts == 0 || machine->n_harts > PVM_MAX_HARTS) {
    g_set_error (error, PVM_DEVICE_ERROR, PVM_DEVICE_ERROR_CONFIG,
                 "plic: cannot serve %u harts (at most %u)", machine->n_harts, PVM_MAX_HARTS);
    return NULL;
  }
  PvmPlic *plic = g_new0 (PvmPlic, 1);
  g_mutex_init (&plic->lock);
  plic->machine = machine;
  plic->n_contexts = 2 * machine->n_harts;
  return plic;
}

void
pvm_plic_free (PvmPlic *plic)
{
  if (!plic)
    return;
  g_mutex_clear (&plic->lock);
  g_free (plic);
}

const PvmDeviceOps pvm_plic_ops = {
  .name = "plic",
  .read = plic_read,
  .write = plic_write,
  .reset = plic_reset,
  .min_access = 4,
  .max_access = 4,
  .vmstate = &pvm_plic_vmstate,
};

static gboolean
plic_invalid (GError **error, const char *field, unsigned index, uint32_t value)
{
  g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
               "field '%s'[%u] holds 0x%x, out of range", field, index, value);
  return FALSE;
}

static gboolean
plic_post_load (void *obj, GError **error)
{
  PvmPlic *plic = obj;

  for (unsigned s = 0; s < PVM_PLIC_NUM_SOURCES; s++) {
    if (plic->priority[s] > (s ? PVM_PLIC_MAX_PRIORITY : 0))
      return plic_invalid (error, "priority", s, plic->priority[s]);
  }
  for (unsigned w = 0; w < PLIC_WORDS; w++) {
    uint32_t reserved = w == 0 ? 1 : 0;
    if (plic->level[w] & reserved)
      return plic_invalid (error, "level", w, plic->level[w]);
    /* Pending sources are unclaimed and their level is high. */
    if ((plic->pending[w] & reserved) || (plic->pending[w] & ~plic->level[w]) ||
        (plic->pending[w] & plic->claimed[w]))
      return plic_invalid (error, "pending", w, plic->pending[w]);
    if (plic->claimed[w] & reserved)
      return plic_invalid (error, "claimed", w, plic->claimed[w]);
  }
  for (unsigned c = 0; c < PVM_PLIC_MAX_CONTEXTS; c++) {
    bool exists = c < plic->n_contexts;
    if (plic->threshold[c] > (exists ? PVM_PLIC_MAX_PRIORITY : 0))
      return plic_invalid (error, "threshold", c, plic->threshold[c]);
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
      uint32_t e = plic->enable[c * PLIC_WORDS + w];
      if ((!exists && e) || (w == 0 && (e & 1)))
        return plic_invalid (error, "enable", c * PLIC_WORDS + w, e);
    }
  }
  g_mutex_lock (&plic->lock);
  plic_update (plic, true);
  g_mutex_unlock (&plic->lock);
  return TRUE;
}

static const PvmVmField plic_fields[] = {
  PVM_VM_U32_ARRAY (PvmPlic, priority, PVM_PLIC_NUM_SOURCES),
  PVM_VM_U32_ARRAY (PvmPlic, level, PLIC_WORDS),
  PVM_VM_U32_ARRAY (PvmPlic, pending, PLIC_WORDS),
  PVM_VM_U32_ARRAY (PvmPlic, claimed, PLIC_WORDS),
  PVM_VM_U32_ARRAY (PvmPlic, enable, PVM_PLIC_MAX_CONTEXTS * PLIC_WORDS),
  PVM_VM_U32_ARRAY (PvmPlic, threshold, PVM_PLIC_MAX_CONTEXTS),
  PVM_VM_END,
};

const PvmVmState pvm_plic_vmstate = {
  .name = "plic",
  .version = 1,
  .min_version = 1,
  .fields = plic_fields,
  .post_load = plic_post_load,
};

/* block.c: the per-hart cache of decoded blocks (see block.h). */
#include "hv/cpu/block.h"

#include <string.h>

#include "hv/cpu/mmu-private.h"

#define BLOCK_ARENA_SIZE (32u << 20)
#define BLOCK_PAGE_SIZE 4096u
#define BLOCK_HOST_MASK (((uintptr_t) 1 << PVM_BLOCK_GEN_SHIFT) - 1)
#define BLOCK_GEN_MAX (UINTPTR_MAX >> PVM_BLOCK_GEN_SHIFT)
#define BLOCK_MAX_BYTES (sizeof (PvmBlock) + (PVM_BLOCK_MAX_INSNS + 1) * sizeof (PvmInsn))

/* The bucket head of an empty bucket: its key matches no host address of any generation. */
static const PvmBlock block_none = { .key = UINTPTR_MAX };

/* The end marker's handler: the block ran to its end; continue after it. */
static int
block_fall_through (PvmHart *hart, const PvmInsn *insn)
{
  hart->pc += insn->pc_off;
  return PVM_EXEC_JUMP;
}

static bool
block_ends_after (unsigned op)
{
  switch (op) {
  case PVM_OP_JAL:
  case PVM_OP_JALR:
  case PVM_OP_FENCE_I:
  case PVM_OP_ILLEGAL:
  case PVM_OP_CSRRW:
  case PVM_OP_CSRRS:
  case PVM_OP_CSRRC:
  case PVM_OP_CSRRWI:
  case PVM_OP_CSRRSI:
  case PVM_OP_CSRRCI:
  case PVM_OP_ECALL:
  case PVM_OP_EBREAK:
  case PVM_OP_MRET:
  case PVM_OP_SRET:
  case PVM_OP_WFI:
  case PVM_OP_SFENCE_VMA:
    return true;
  default:
    return false;
  }
}

static void
block_set_end (PvmBlock *b, unsigned n, unsigned len)
{
  b->link_pc = 1; /* no pc is odd */
  b->link_gen = UINT64_MAX;
  b->link = NULL;
  b->code = NULL;
  PvmInsn *end = &b->insns[n];
  memset (end, 0, sizeof *end);
  end->fn = block_fall_through;
  end->op = PVM_BLOCK_OP_END;
  end->pc_off = (uint16_t) len;
  b->n_insns = n;
  b->len = len;
}

static void
block_decode (PvmInsn *insn, uint16_t lo, uint16_t hi, unsigned pc_off)
{
  pvm_decode (lo, hi, insn);
  insn->pc_off = (uint16_t) pc_off;
  insn->fn = insn->op < PVM_OP_COUNT ? pvm_exec_table[insn->op] : pvm_exec_table[PVM_OP_ILLEGAL];
}

static uint16_t
block_read16 (const uint8_t *p)
{
  uint16_t v;
  memcpy (&v, p, 2);
  return v;
}

PvmBlockCache *
pvm_block_cache_new (void)
{
  PvmBlockCache *cache = g_new0 (PvmBlockCache, 1);
  cache->table = g_new (PvmBlock *, PVM_BLOCK_TABLE_SIZE);
  for (unsigned i = 0; i < PVM_BLOCK_TABLE_SIZE; i++)
    cache->table[i] = (PvmBlock *) &block_none;
  /* Not g_malloc0: untouched pages of the arena cost no memory. */
  cache->arena = g_malloc (BLOCK_ARENA_SIZE);
  cache->arena_size = BLOCK_ARENA_SIZE;
  cache->scratch = g_malloc0 (sizeof (PvmBlock) + 2 * sizeof (PvmInsn));
  cache->jit = pvm_jit_new ();
  return cache;
}

void
pvm_block_cache_free (PvmBlockCache *cache)
{
  if (!cache)
    return;
  pvm_jit_free (cache->jit);
  g_free (cache->scratch);
  g_free (cache->arena);
  g_free (cache->table);
  g_free (cache);
}

void
pvm_block_cache_clear (PvmHart *hart)
{
  PvmBlockCache *cache = hart->blocks;
  for (unsigned i = 0; i < PVM_BLOCK_TABLE_SIZE; i++)
    cache->table[i] = (PvmBlock *) &block_none;
  cache->arena_used = 0;
  if (cache->jit)
    pvm_jit_reset (cache->jit);
  cache->gen = 0;
  hart->chain_gen += PVM_CHAIN_GEN_STEP;
}

void
pvm_block_cache_disable_jit (PvmHart *hart)
{
  PvmBlockCache *cache = hart->blocks;
  pvm_block_cache_clear (hart);
  g_clear_pointer (&cache->jit, pvm_jit_free);
}

void
pvm_block_cache_flush (PvmHart *hart)
{
  PvmBlockCache *cache = hart->blocks;
  if ((cache->gen >> PVM_BLOCK_GEN_SHIFT) == BLOCK_GEN_MAX - 1) {
    /* Out of generations: old keys could come back to life, so really drop everything. The
     * arena is only reused by the next build, after the running block has ended. */
    pvm_block_cache_clear (hart);
    return;
  }
  cache->gen += (uintptr_t) 1 << PVM_BLOCK_GEN_SHIFT;
  hart->chain_gen += PVM_CHAIN_GEN_STEP;
}

/* Returns true if the guest code at @host is still what @b was decoded from. */
static bool
block_still_valid (const PvmBlock *b, const uint8_t *host)
{
  for (unsigned i = 0; i < b->n_insns; i++) {
    const PvmInsn *insn = &b->insns[i];
    uint32_t now = block_read16 (host + insn->pc_off);
    uint32_t mask = 0xffff;
    if (insn->len == 4) {
      now |= (uint32_t) block_read16 (host + insn->pc_off + 2) << 16;
      mask = 0xffffffff;
    }
    if ((now & mask) != (insn->raw & mask))
      return false;
  }
  return true;
}

static PvmBlock *
block_build (PvmHart *hart, const uint8_t *host, uint64_t pc)
{
  PvmBlockCache *cache = hart->blocks;
  if (cache->arena_size - cache->arena_used < BLOCK_MAX_BYTES ||
      (cache->jit && !pvm_jit_has_room (cache->jit)))
    pvm_block_cache_clear (hart);

  PvmBlock *b = (PvmBlock *) (cache->arena + cache->arena_used);
  unsigned room = BLOCK_PAGE_SIZE - (unsigned) (pc & (BLOCK_PAGE_SIZE - 1));
  unsigned n = 0, pos = 0;
  while (n < PVM_BLOCK_MAX_INSNS && pos + 2 <= room) {
    uint16_t lo = block_read16 (host + pos);
    unsigned len = pvm_insn_length (lo);
    if (pos + len > room)
      break;
    uint16_t hi = len == 4 ? block_read16 (host + pos + 2) : 0;
    PvmInsn *insn = &b->insns[n++];
    block_decode (insn, lo, hi, pos);
    pos += len;
    if (block_ends_after (insn->op))
      break;
  }
  if (n == 0)
    return NULL;

  block_set_end (b, n, pos);
  if (cache->jit)
    b->code = pvm_jit_translate (cache->jit, b);
  b->key = (uintptr_t) host | cache->gen;
  unsigned bucket = pvm_block_hash ((uintptr_t) host);
  b->next = cache->table[bucket];
  cache->table[bucket] = b;
  size_t size = sizeof (PvmBlock) + (n + 1) * sizeof (PvmInsn);
  cache->arena_used += (size + 15) & ~(size_t) 15;
  return b;
}

PvmBlock *
pvm_block_lookup_slow (PvmHart *hart, const uint8_t *host, uint64_t pc)
{
  PvmBlockCache *cache = hart->blocks;
  unsigned bucket = pvm_block_hash ((uintptr_t) host);
  PvmBlock **link = &cache->table[bucket];

  for (PvmBlock *b = *link; b != &block_none && b; link = &b->next, b = *link) {
    if ((b->key & BLOCK_HOST_MASK) != (uintptr_t) host)
      continue;
    /* Unlink it; it goes back to the head of its bucket if it is still good. */
    *link = b->next;
    if (b->key != ((uintptr_t) host | cache->gen)) {
      if (!block_still_valid (b, host))
        break;
      b->key = (uintptr_t) host | cache->gen;
    }
    b->next = cache->table[bucket];
    cache->table[bucket] = b;
    return b;
  }
  return block_build (hart, host, pc);
}

PvmBlock *
pvm_block_uncached (PvmHart *hart, uint64_t pc)
{
  PvmBlockCache *cache = hart->blocks;
  const uint8_t *host;
  bool cacheable;

  if (_pvm_mmu_fetch (hart, pc, 2, &host, &cacheable))
    return NULL;
  uint16_t lo = block_read16 (host), hi = 0;
  unsigned len = pvm_insn_length (lo);
  if (len == 4) {
    if (_pvm_mmu_fetch (hart, pc + 2, 2, &host, &cacheable))
      return NULL;
    hi = block_read16 (host);
  }
  PvmBlock *b = cache->scratch;
  block_decode (&b->insns[0], lo, hi, 0);
  block_set_end (b, 1, len);
  b->key = UINTPTR_MAX;
  b->next = NULL;
  return b;
}

PvmBlock *
pvm_block_fetch_slow (PvmHart *hart, uint64_t pc)
{
  const uint8_t *host;
  bool cacheable;
  if (_pvm_mmu_fetch (hart, pc, 2, &host, &cacheable))
    return NULL;
  if (cacheable) {
    PvmBlock *b = pvm_block_lookup (hart, host, pc);
    if (b)
      return b;
  }
  return pvm_block_uncached (hart, pc);
}

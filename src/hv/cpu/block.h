/* block.h: the per-hart cache of decoded blocks.
 *
 * A block is a run of up to PVM_BLOCK_MAX_INSNS decoded instructions that starts at some guest
 * instruction and ends after a jump, a trap-raising or state-changing instruction (ecall,
 * ebreak, xret, wfi, sfence.vma, fence.i, CSR access, illegal encoding) or at the end of the
 * 4 KiB page. Conditional branches do not end a block: a taken branch leaves it, a branch not
 * taken falls through to the next instruction of the same block.
 *
 * Blocks are keyed by the host address of their first instruction, so code mapped at several
 * virtual addresses shares its blocks, and a block never needs a guest physical address. After
 * each instruction of a block comes an end marker whose handler moves hart->pc past the block
 * and returns PVM_EXEC_JUMP, so the run loop needs no instruction count:
 *
 *   while (!(r = insn->fn (hart, insn))) insn++;
 *
 * Guest stores to code are only guaranteed visible to execution after FENCE.I, which calls
 * pvm_block_cache_flush(): every block is then checked against guest memory again before its
 * next use (and rebuilt if the code changed).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "hv/cpu/hart.h"
#include "hv/cpu/insn.h"
#include "hv/cpu/jit.h"

#define PVM_BLOCK_MAX_INSNS 64
#define PVM_BLOCK_TABLE_BITS 15
#define PVM_BLOCK_TABLE_SIZE (1u << PVM_BLOCK_TABLE_BITS)
#define PVM_BLOCK_GEN_SHIFT 48

/* The op of the end marker that follows the last instruction of every block. */
#define PVM_BLOCK_OP_END PVM_OP_COUNT

typedef struct PvmBlock PvmBlock;

struct PvmBlock {
  uintptr_t key;    /* host address of the first instruction | generation << 48 */
  PvmBlock *next;   /* next block of the same hash bucket */
  uint32_t n_insns; /* instructions, not counting the end marker */
  uint32_t len;     /* bytes of guest code */
  /* The block that ran after this one last time, at guest address link_pc, valid while
   * hart->chain_gen equals link_gen (see pvm_block_link()). */
  uint64_t link_pc, link_gen;
  PvmBlock *link;
  PvmJitCode code; /* the block translated to host code (jit.h), or NULL: interpret it */
  PvmInsn insns[];  /* n_insns instructions, then the end marker */
};

struct PvmBlockCache {
  PvmBlock **table; /* PVM_BLOCK_TABLE_SIZE bucket heads */
  uintptr_t gen;    /* current generation, already shifted by PVM_BLOCK_GEN_SHIFT */
  uint8_t *arena;
  size_t arena_size, arena_used;
  /* An uncached one-instruction block (page-straddling or partly PMP-protected code). */
  PvmBlock *scratch;
  PvmJit *jit; /* where blocks are translated; NULL if they are only interpreted */
};

/* Returns the block whose instructions start at @insns. */
static inline PvmBlock *
pvm_block_of_insns (const PvmInsn *insns)
{
  return (PvmBlock *) (uintptr_t) ((const uint8_t *) insns - offsetof (PvmBlock, insns));
}

/* Allocates an empty block cache (its arena is reserved, not touched) whose blocks are
 * translated to host code where the host allows (jit.h). */
PvmBlockCache *pvm_block_cache_new (void);

/* Makes every block of @hart interpreted from now on (for tests that compare the two). */
void pvm_block_cache_disable_jit (PvmHart *hart);

/* Frees @cache and every block in it. */
void pvm_block_cache_free (PvmBlockCache *cache);

/* Drops every block of @hart (FENCE.I, PVM_HART_REQ_FLUSH_ICACHE, reset): a block is used
 * again only after checking that guest memory still holds the code it was built from.
 * O(1); never allocates. Safe while a block runs, provided the caller then ends the block. */
void pvm_block_cache_flush (PvmHart *hart);

/* Drops every block and empties the arena; for reset and state load. A block that is running
 * stays readable until the next block is built. */
void pvm_block_cache_clear (PvmHart *hart);

/* Slow path of pvm_block_lookup(): finds or builds the block at @host (guest address @pc, whose
 * page is mapped from @host - (@pc & 0xfff) for 4 KiB). Returns NULL if the first instruction
 * straddles the page end (run it with pvm_block_uncached()). Never fails otherwise. */
PvmBlock *pvm_block_lookup_slow (PvmHart *hart, const uint8_t *host, uint64_t pc);

static inline unsigned
pvm_block_hash (uintptr_t host)
{
  return (unsigned) ((host >> 1) ^ (host >> (PVM_BLOCK_TABLE_BITS + 1))) &
         (PVM_BLOCK_TABLE_SIZE - 1);
}

/* Returns the block for the code at host address @host (guest pc @pc), building it on a miss;
 * NULL if the first instruction straddles a page boundary. One compare on a hit. */
static PVM_ALWAYS_INLINE PvmBlock *
pvm_block_lookup (PvmHart *hart, const uint8_t *host, uint64_t pc)
{
  PvmBlockCache *cache = hart->blocks;
  PvmBlock *b = cache->table[pvm_block_hash ((uintptr_t) host)];
  if (PVM_LIKELY (b->key == ((uintptr_t) host | cache->gen)))
    return b;
  return pvm_block_lookup_slow (hart, host, pc);
}

/* Fetches the single instruction at @pc through the MMU (both halves separately if it
 * straddles a page, the second faulting with tval = its address) into the cache's scratch
 * block, which is never linked. Returns it, or NULL with the fetch trap recorded in @hart.
 * Never allocates. */
PvmBlock *pvm_block_uncached (PvmHart *hart, uint64_t pc);

/* Returns the block that follows @prev when the hart continues at hart->pc, if @prev
 * remembers it and nothing that could change it happened since (hart->chain_gen); else NULL.
 * Two loads and two compares. */
static PVM_ALWAYS_INLINE PvmBlock *
pvm_block_linked (const PvmHart *hart, const PvmBlock *prev)
{
  if (prev->link_pc == hart->pc && prev->link_gen == hart->chain_gen)
    return prev->link;
  return NULL;
}

/* Remembers @next as the block that follows @prev at hart->pc. The scratch block is never
 * remembered, nor does it remember anything. */
static inline void
pvm_block_link (const PvmHart *hart, PvmBlock *prev, PvmBlock *next)
{
  PvmBlock *scratch = hart->blocks->scratch;
  if (prev == scratch || next == scratch)
    return;
  prev->link_pc = hart->pc;
  prev->link_gen = hart->chain_gen;
  prev->link = next;
}

/* Slow path of pvm_block_next(): translates hart->pc for execution and finds or builds its
 * block (an uncached one for code that straddles a page or is not cacheable). Returns NULL
 * with the fetch trap recorded in @hart. */
PvmBlock *pvm_block_fetch_slow (PvmHart *hart, uint64_t pc);

/* Returns the block at hart->pc, or NULL with the fetch trap recorded. @prev is the block
 * that ran just before, or NULL: the block it remembers is used if still valid, and a block
 * found otherwise is remembered in it — but only if nothing bumped hart->chain_gen since @prev
 * was fetched (*@gen), which also guarantees that @prev's memory was not reused by a clear of
 * the block cache. Sets *@gen to the generation the returned block is valid for. */
static PVM_ALWAYS_INLINE PvmBlock *
pvm_block_next (PvmHart *hart, PvmBlock *prev, uint64_t *gen)
{
  PvmBlock *b;
  if (PVM_LIKELY (prev != NULL)) {
    b = pvm_block_linked (hart, prev);
    if (PVM_LIKELY (b != NULL)) {
      *gen = hart->chain_gen;
      return b;
    }
  }
  uint64_t pc = hart->pc;
  const PvmTlbEntry *e =
    &hart->tlb.fetch[pvm_tlb_index (hart->priv)][(pc >> 12) & (PVM_TLB_SIZE - 1)];
  if (PVM_LIKELY (e->tag == (pc & ~0xfffull))) {
    b = pvm_block_lookup (hart, (const uint8_t *) (e->addend + pc), pc);
    if (PVM_UNLIKELY (b == NULL))
      b = pvm_block_uncached (hart, pc);
  } else {
    b = pvm_block_fetch_slow (hart, pc);
  }
  if (b && prev && *gen == hart->chain_gen)
    pvm_block_link (hart, prev, b);
  *gen = hart->chain_gen;
  return b;
}

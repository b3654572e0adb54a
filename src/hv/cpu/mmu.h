/* mmu.h: guest memory accesses from a hart — the TLB fast path inline, the rest in mmu.c.
 *
 * Every accessor returns 0 on success, or nonzero with the trap (page fault, access fault,
 * misaligned AMO) recorded in the hart by pvm_hart_raise(); the caller returns PVM_EXEC_TRAP.
 * Plain loads and stores may be misaligned (they are split on the slow path). None of them
 * allocates or locks on the fast path; the slow path may lock the device it reaches.
 */
#pragma once

#include <string.h>

#include "hv/cpu/hart.h"

/* Slow paths: translate @va (Sv39/Sv48 walk with A/D updates, PMP), fill the TLB for RAM,
 * dispatch to the bus for MMIO. */
PVM_MUST_CHECK int pvm_mem_load_slow (PvmHart *hart, uint64_t va, unsigned size, uint64_t *out);
PVM_MUST_CHECK int pvm_mem_store_slow (PvmHart *hart, uint64_t va, unsigned size, uint64_t value);

/* For LR/SC and AMOs: translates the naturally aligned @va (raising the misaligned exception
 * otherwise) with load (@write false) or store/AMO (@write true) permission, and returns the
 * host address of the location in RAM; a location outside RAM raises an access fault. */
PVM_MUST_CHECK int pvm_mem_atomic_ptr (PvmHart *hart, uint64_t va, unsigned size, bool write,
                                       void **host);

/* Translates the instruction address @va for execution and returns the host address of the
 * code (RAM or ROM). Raises the fetch page or access fault. */
PVM_MUST_CHECK int pvm_mem_fetch_ptr (PvmHart *hart, uint64_t va, const uint8_t **host);

/* Drops every TLB entry of @hart. */
void pvm_mmu_flush (PvmHart *hart);

/* Drops the entries for @va (all addresses if @va is UINT64_MAX); @asid is accepted for
 * SFENCE.VMA's form but the whole TLB is shared by all ASIDs. */
void pvm_mmu_flush_page (PvmHart *hart, uint64_t va);

/* Recomputes the derived translation state (data_priv, paging_*) after a change of privilege,
 * mstatus (MPRV, MPP, SUM, MXR) or satp; flushes what became stale. Never allocates. */
void pvm_mmu_update_mode (PvmHart *hart);

/* Translates @va as the hart would for an access of @kind (0 fetch, 1 load, 2 store) without
 * touching the TLB; returns 0 and the guest physical address, or nonzero with the trap. */
PVM_MUST_CHECK int pvm_mmu_translate (PvmHart *hart, uint64_t va, int kind, uint64_t *pa);

#define PVM_MEM_ACCESSORS(bits)                                                                   \
  static PVM_ALWAYS_INLINE PVM_MUST_CHECK int pvm_mem_load##bits (PvmHart *hart, uint64_t va,    \
                                                                   uint##bits##_t *out)          \
  {                                                                                              \
    const PvmTlbEntry *e =                                                                       \
      &hart->tlb.load[pvm_tlb_index (hart->data_priv)][(va >> 12) & (PVM_TLB_SIZE - 1)];       \
    if (PVM_LIKELY (e->tag == (va & ~(uint64_t) (0xfff & ~((bits) / 8 - 1))))) {                \
      memcpy (out, (const void *) (uintptr_t) (e->addend + va), (bits) / 8);                     \
      return 0;                                                                                  \
    }                                                                                            \
    uint64_t v;                                                                                  \
    if (pvm_mem_load_slow (hart, va, (bits) / 8, &v))                                            \
      return 1;                                                                                  \
    *out = (uint##bits##_t) v;                                                                   \
    return 0;                                                                                    \
  }                                                                                              \
  static PVM_ALWAYS_INLINE PVM_MUST_CHECK int pvm_mem_store##bits (PvmHart *hart, uint64_t va,   \
                                                                    uint##bits##_t value)        \
  {                                                                                              \
    const PvmTlbEntry *e =                                                                       \
      &hart->tlb.store[pvm_tlb_index (hart->data_priv)][(va >> 12) & (PVM_TLB_SIZE - 1)];      \
    if (PVM_LIKELY (e->tag == (va & ~(uint64_t) (0xfff & ~((bits) / 8 - 1))))) {                \
      memcpy ((void *) (uintptr_t) (e->addend + va), &value, (bits) / 8);                        \
      return 0;                                                                                  \
    }                                                                                            \
    return pvm_mem_store_slow (hart, va, (bits) / 8, value);                                     \
  }

PVM_MEM_ACCESSORS (8)
PVM_MEM_ACCESSORS (16)
PVM_MEM_ACCESSORS (32)
PVM_MEM_ACCESSORS (64)
#undef PVM_MEM_ACCESSORS

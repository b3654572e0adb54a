/* tlb.h: the software TLB, direct-mapped per access kind and per privilege level. */
#pragma once

#include <stdint.h>

#define PVM_TLB_BITS 8
#define PVM_TLB_SIZE (1u << PVM_TLB_BITS)
#define PVM_TLB_INVALID UINT64_MAX

/* One mapping: a guest virtual page (tag = its base address) to host memory
 * (host address = guest virtual address + addend). */
typedef struct {
  uint64_t tag;
  uintptr_t addend;
} PvmTlbEntry;

/* Index 0: U-mode, 1: S-mode, 2: M-mode (see pvm_tlb_index()). Entries are valid for the
 * current satp, SUM, MXR and PMP; changing any of those flushes them. */
typedef struct {
  PvmTlbEntry fetch[3][PVM_TLB_SIZE];
  PvmTlbEntry load[3][PVM_TLB_SIZE];
  PvmTlbEntry store[3][PVM_TLB_SIZE];
} PvmTlb;

/* Maps a privilege level (0, 1, 3) to its TLB index (0, 1, 2). */
static inline unsigned
pvm_tlb_index (int priv)
{
  return (unsigned) (priv + 1) >> 1;
}

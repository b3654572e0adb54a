/* pmp.c: physical memory protection (see pmp.h). */
#include "hv/cpu/pmp.h"

#include "hv/cpu/mmu.h"

#define PMP_ADDR_MASK ((1ull << 54) - 1)

void
pvm_pmp_update (PvmHart *hart)
{
  hart->pmp_active = 0;
  hart->pmp_locked = false;
  for (unsigned i = 0; i < PVM_PMP_COUNT; i++) {
    PvmPmpRange *r = &hart->pmp_range[i];
    uint8_t cfg = hart->pmpcfg[i];
    uint64_t addr = hart->pmpaddr[i];
    r->cfg = cfg;
    r->lo = r->hi = 0;
    switch (cfg & PVM_PMP_A) {
    case PVM_PMP_A_OFF:
      continue;
    case PVM_PMP_A_TOR:
      r->lo = i ? hart->pmpaddr[i - 1] << 2 : 0;
      r->hi = addr << 2;
      if (r->lo >= r->hi)
        r->lo = r->hi = 0;
      break;
    case PVM_PMP_A_NA4:
      r->lo = addr << 2;
      r->hi = r->lo + 4;
      break;
    default: {
      unsigned t = (unsigned) __builtin_ctzll (~addr);
      uint64_t size = 1ull << (t + 3);
      r->lo = (addr << 2) & ~(size - 1);
      r->hi = r->lo + size;
      break;
    }
    }
    hart->pmp_active = i + 1;
    if (cfg & PVM_PMP_L)
      hart->pmp_locked = true;
  }
}

bool
pvm_pmp_check (const PvmHart *hart, uint64_t pa, uint64_t len, unsigned perm, int priv)
{
  if (priv == PVM_PRIV_M && !hart->pmp_locked)
    return true;
  uint64_t last = pa + len - 1;
  if (last < pa)
    return false;
  for (unsigned i = 0; i < hart->pmp_active; i++) {
    const PvmPmpRange *r = &hart->pmp_range[i];
    if (r->hi == r->lo || last < r->lo || pa >= r->hi)
      continue;
    if (pa < r->lo || last >= r->hi)
      return false;
    if (priv == PVM_PRIV_M && !(r->cfg & PVM_PMP_L))
      return true;
    return (r->cfg & perm) == perm;
  }
  return priv == PVM_PRIV_M;
}

uint64_t
pvm_pmp_read_cfg (const PvmHart *hart, unsigned n)
{
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; i++) {
    unsigned e = n / 2 * 8 + i;
    if (e < PVM_PMP_COUNT)
      v |= (uint64_t) hart->pmpcfg[e] << (8 * i);
  }
  return v;
}

void
pvm_pmp_write_cfg (PvmHart *hart, unsigned n, uint64_t value)
{
  for (unsigned i = 0; i < 8; i++) {
    unsigned e = n / 2 * 8 + i;
    if (e >= PVM_PMP_COUNT || (hart->pmpcfg[e] & PVM_PMP_L))
      continue;
    uint8_t cfg = (uint8_t) (value >> (8 * i)) & (PVM_PMP_R | PVM_PMP_W | PVM_PMP_X | PVM_PMP_A | PVM_PMP_L);
    if ((cfg & (PVM_PMP_R | PVM_PMP_W)) == PVM_PMP_W)
      cfg &= (uint8_t) ~PVM_PMP_W; /* W without R is reserved */
    hart->pmpcfg[e] = cfg;
  }
  pvm_pmp_update (hart);
  pvm_mmu_flush (hart);
}

uint64_t
pvm_pmp_read_addr (const PvmHart *hart, unsigned n)
{
  return n < PVM_PMP_COUNT ? hart->pmpaddr[n] : 0;
}

void
pvm_pmp_write_addr (PvmHart *hart, unsigned n, uint64_t value)
{
  if (n >= PVM_PMP_COUNT || (hart->pmpcfg[n] & PVM_PMP_L))
    return;
  if (n + 1 < PVM_PMP_COUNT && (hart->pmpcfg[n + 1] & PVM_PMP_L) &&
      (hart->pmpcfg[n + 1] & PVM_PMP_A) == PVM_PMP_A_TOR)
    return;
  hart->pmpaddr[n] = value & PMP_ADDR_MASK;
  pvm_pmp_update (hart);
  pvm_mmu_flush (hart);
}

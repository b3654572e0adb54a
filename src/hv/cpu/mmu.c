/* mmu.c: address translation (Sv39, Sv48), PMP, the TLB slow paths, MMIO dispatch. */
#include "hv/cpu/mmu.h"

#include "hv/cpu/hart-private.h"
#include "hv/cpu/mmu-private.h"
#include "hv/cpu/pmp.h"
#include "hv/machine/guest-error.h"
#include "hv/machine/machine.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ull << 44) - 1)
#define PTE_RESERVED_SHIFT 54 /* bits 63..54: Svnapot, Svpbmt, reserved — none implemented */

enum { MMU_FETCH = 0, MMU_LOAD = 1, MMU_STORE = 2 };

static const uint64_t mmu_page_fault[3] = {
  PVM_EXC_INSN_PAGE_FAULT, PVM_EXC_LOAD_PAGE_FAULT, PVM_EXC_STORE_PAGE_FAULT,
};
static const uint64_t mmu_access_fault[3] = {
  PVM_EXC_INSN_ACCESS, PVM_EXC_LOAD_ACCESS, PVM_EXC_STORE_ACCESS,
};
static const unsigned mmu_pmp_perm[3] = { PVM_PMP_X, PVM_PMP_R, PVM_PMP_W };

/* A translated page: the physical address of the access, log2 of the page size, and whether
 * the page is a U-mode page. */
typedef struct {
  uint64_t pa;
  unsigned shift;
  bool user;
} MmuPage;

/* Where an access lands: host memory (RAM/ROM), or a device at physical address pa. */
typedef struct {
  uint8_t *host;
  uint64_t pa;
} MemTarget;

/* ---- the TLB ---- */

static PvmTlbEntry *
mmu_tlb_array (PvmHart *hart, int kind, int priv)
{
  unsigned i = pvm_tlb_index (priv);
  switch (kind) {
  case MMU_FETCH:
    return hart->tlb.fetch[i];
  case MMU_LOAD:
    return hart->tlb.load[i];
  default:
    return hart->tlb.store[i];
  }
}

void
pvm_mmu_flush (PvmHart *hart)
{
  memset (&hart->tlb, 0xff, sizeof hart->tlb);
  hart->tlb_n_super = 0;
  hart->tlb_n_sum = 0;
  hart->chain_gen += PVM_CHAIN_GEN_STEP;
}

/* Drops the entries of U- and S-mode, the only ones that depend on satp, SUM and MXR. */
static void
mmu_flush_paged (PvmHart *hart)
{
  for (int p = PVM_PRIV_U; p <= PVM_PRIV_S; p++) {
    unsigned i = pvm_tlb_index (p);
    memset (hart->tlb.fetch[i], 0xff, sizeof hart->tlb.fetch[i]);
    memset (hart->tlb.load[i], 0xff, sizeof hart->tlb.load[i]);
    memset (hart->tlb.store[i], 0xff, sizeof hart->tlb.store[i]);
  }
  hart->tlb_n_super = 0;
  hart->tlb_n_sum = 0;
  hart->chain_gen += PVM_CHAIN_GEN_STEP;
}

/* SUM was cleared: drops the S-mode data entries of U pages. */
static void
mmu_drop_sum_entries (PvmHart *hart)
{
  unsigned s = pvm_tlb_index (PVM_PRIV_S);
  if (hart->tlb_n_sum > PVM_TLB_SUM_MAX) {
    memset (hart->tlb.load[s], 0xff, sizeof hart->tlb.load[s]);
    memset (hart->tlb.store[s], 0xff, sizeof hart->tlb.store[s]);
  } else {
    for (unsigned i = 0; i < hart->tlb_n_sum; i++) {
      hart->tlb.load[s][hart->tlb_sum_slot[i]].tag = PVM_TLB_INVALID;
      hart->tlb.store[s][hart->tlb_sum_slot[i]].tag = PVM_TLB_INVALID;
    }
  }
  hart->tlb_n_sum = 0;
}

/* MXR was cleared: drops the load entries of U and S mode (some may be execute-only pages). */
static void
mmu_drop_mxr_entries (PvmHart *hart)
{
  for (int p = PVM_PRIV_U; p <= PVM_PRIV_S; p++)
    memset (hart->tlb.load[pvm_tlb_index (p)], 0xff, sizeof hart->tlb.load[0]);
}

/* Drops every entry whose page lies in [@base, @base + @size). */
static void
mmu_flush_range (PvmHart *hart, uint64_t base, uint64_t size)
{
  PvmTlbEntry *all = &hart->tlb.fetch[0][0];
  size_t n = sizeof hart->tlb / sizeof (PvmTlbEntry);
  for (size_t i = 0; i < n; i++)
    if (all[i].tag - base < size)
      all[i].tag = PVM_TLB_INVALID;
}

void
pvm_mmu_flush_page (PvmHart *hart, uint64_t va)
{
  if (va == UINT64_MAX || hart->tlb_n_super > PVM_TLB_SUPER_MAX) {
    pvm_mmu_flush (hart);
    return;
  }
  uint64_t page = va & PAGE_MASK;
  unsigned slot = (va >> PAGE_SHIFT) & (PVM_TLB_SIZE - 1);
  hart->chain_gen += PVM_CHAIN_GEN_STEP;
  for (unsigned i = 0; i < 3; i++) {
    if (hart->tlb.fetch[i][slot].tag == page)
      hart->tlb.fetch[i][slot].tag = PVM_TLB_INVALID;
    if (hart->tlb.load[i][slot].tag == page)
      hart->tlb.load[i][slot].tag = PVM_TLB_INVALID;
    if (hart->tlb.store[i][slot].tag == page)
      hart->tlb.store[i][slot].tag = PVM_TLB_INVALID;
  }
  for (unsigned i = 0; i < hart->tlb_n_super;) {
    uint64_t base = hart->tlb_super[i] & ~63ull;
    uint64_t size = 1ull << (hart->tlb_super[i] & 63);
    if (va - base < size) {
      mmu_flush_range (hart, base, size);
      hart->tlb_super[i] = hart->tlb_super[--hart->tlb_n_super];
    } else {
      i++;
    }
  }
}

static void
mmu_note_superpage (PvmHart *hart, uint64_t va, unsigned shift)
{
  uint64_t rec = (va & ~((1ull << shift) - 1)) | shift;
  unsigned n = hart->tlb_n_super;
  if (n > PVM_TLB_SUPER_MAX)
    return;
  for (unsigned i = 0; i < n; i++)
    if (hart->tlb_super[i] == rec)
      return;
  if (n < PVM_TLB_SUPER_MAX)
    hart->tlb_super[n] = rec;
  hart->tlb_n_super = n + 1;
}

/* Maps the 4 KiB page of @va (physical @pa, at host address @host) in the TLB if PMP allows
 * all of the page. Returns whether it did. */
static bool
mmu_tlb_fill (PvmHart *hart, uint64_t va, const MmuPage *pg, const uint8_t *host, int kind,
              int priv)
{
  uint64_t page_pa = pg->pa & PAGE_MASK;
  if (!pvm_pmp_check (hart, page_pa, PAGE_SIZE, mmu_pmp_perm[kind], priv))
    return false;
  unsigned slot = (va >> PAGE_SHIFT) & (PVM_TLB_SIZE - 1);
  PvmTlbEntry *e = &mmu_tlb_array (hart, kind, priv)[slot];
  e->tag = va & PAGE_MASK;
  e->addend = (uintptr_t) (host - (pg->pa - page_pa)) - (uintptr_t) e->tag;
  if (pg->shift > PAGE_SHIFT)
    mmu_note_superpage (hart, va, pg->shift);
  if (pg->user && priv == PVM_PRIV_S && kind != MMU_FETCH) {
    if (hart->tlb_n_sum < PVM_TLB_SUM_MAX)
      hart->tlb_sum_slot[hart->tlb_n_sum] = (uint8_t) slot;
    if (hart->tlb_n_sum <= PVM_TLB_SUM_MAX)
      hart->tlb_n_sum++;
  }
  return true;
}

/* ---- translation ---- */

/* Walks the page table for @va. Returns 0 with the page, or nonzero with the page or access
 * fault recorded. */
static int
mmu_walk (PvmHart *hart, uint64_t va, int kind, int priv, MmuPage *pg)
{
  uint64_t satp = hart->satp;
  unsigned levels = (satp >> PVM_SATP_MODE_SHIFT) == PVM_SATP_MODE_SV48 ? 4 : 3;
  unsigned va_bits = PAGE_SHIFT + 9 * levels;
  if ((uint64_t) ((int64_t) (va << (64 - va_bits)) >> (64 - va_bits)) != va)
    return pvm_hart_raise (hart, mmu_page_fault[kind], va);

  const PvmMachine *machine = hart->machine;
  uint64_t status = hart->mstatus;

restart:;
  uint64_t table = (satp & PVM_SATP_PPN_MASK) << PAGE_SHIFT;
  for (int level = (int) levels - 1; level >= 0; level--) {
    unsigned level_shift = PAGE_SHIFT + 9 * (unsigned) level;
    uint64_t pte_pa = table + ((va >> level_shift) & 511) * 8;
    uint64_t *pte_host = (uint64_t *) pvm_machine_ram_ptr (machine, pte_pa, 8);
    if (!pte_host || !pvm_pmp_check (hart, pte_pa, 8, PVM_PMP_R, PVM_PRIV_S))
      return pvm_hart_raise (hart, mmu_access_fault[kind], va);
    uint64_t pte = __atomic_load_n (pte_host, __ATOMIC_ACQUIRE);

    if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W || (pte >> PTE_RESERVED_SHIFT))
      return pvm_hart_raise (hart, mmu_page_fault[kind], va);
    uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
    if (!(pte & (PTE_R | PTE_W | PTE_X))) {
      if (level == 0)
        return pvm_hart_raise (hart, mmu_page_fault[kind], va);
      table = ppn << PAGE_SHIFT;
      continue;
    }

    bool user = pte & PTE_U;
    bool ok;
    if (kind == MMU_FETCH) {
      ok = (pte & PTE_X) && (priv == PVM_PRIV_U) == user;
    } else {
      ok = priv == PVM_PRIV_U ? user : (!user || (status & PVM_MSTATUS_SUM));
      if (kind == MMU_LOAD)
        ok = ok && ((pte & PTE_R) || ((status & PVM_MSTATUS_MXR) && (pte & PTE_X)));
      else
        ok = ok && (pte & PTE_W);
    }
    if (!ok || (ppn & ((1ull << (9 * level)) - 1)))
      return pvm_hart_raise (hart, mmu_page_fault[kind], va);

    uint64_t need = PTE_A | (kind == MMU_STORE ? PTE_D : 0);
    if ((pte & need) != need) {
      if (!pvm_pmp_check (hart, pte_pa, 8, PVM_PMP_W, PVM_PRIV_S))
        return pvm_hart_raise (hart, mmu_access_fault[kind], va);
      if (!__atomic_compare_exchange_n (pte_host, &pte, pte | need, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
        goto restart;
    }
    pg->pa = (ppn << PAGE_SHIFT) | (va & ((1ull << level_shift) - 1));
    pg->shift = level_shift;
    pg->user = user;
    return 0;
  }
  return pvm_hart_raise (hart, mmu_page_fault[kind], va);
}

static int
mmu_xlate (PvmHart *hart, uint64_t va, int kind, int priv, MmuPage *pg)
{
  if (priv == PVM_PRIV_M || (hart->satp >> PVM_SATP_MODE_SHIFT) == PVM_SATP_MODE_BARE) {
    pg->pa = va;
    pg->shift = PAGE_SHIFT;
    pg->user = false;
    return 0;
  }
  return mmu_walk (hart, va, kind, priv, pg);
}

int
pvm_mmu_translate (PvmHart *hart, uint64_t va, int kind, uint64_t *pa)
{
  if (kind < MMU_FETCH || kind > MMU_STORE)
    kind = MMU_LOAD;
  int priv = kind == MMU_FETCH ? hart->priv : hart->data_priv;
  MmuPage pg;
  if (mmu_xlate (hart, va, kind, priv, &pg))
    return 1;
  if (!pvm_pmp_check (hart, pg.pa, 1, mmu_pmp_perm[kind], priv))
    return pvm_hart_raise (hart, mmu_access_fault[kind], va);
  *pa = pg.pa;
  return 0;
}

void
pvm_mmu_update_mode (PvmHart *hart)
{
  int priv = hart->priv;
  if (priv == PVM_PRIV_M && (hart->mstatus & PVM_MSTATUS_MPRV))
    hart->data_priv = (int) ((hart->mstatus & PVM_MSTATUS_MPP) >> PVM_MSTATUS_MPP_SHIFT);
  else
    hart->data_priv = priv;
  bool vm = (hart->satp >> PVM_SATP_MODE_SHIFT) != PVM_SATP_MODE_BARE;
  hart->paging_fetch = vm && priv != PVM_PRIV_M;
  hart->paging_data = vm && hart->data_priv != PVM_PRIV_M;

  /* A satp change invalidates every translation. SUM and MXR only ever add permissions:
   * setting them keeps every entry valid, clearing them drops the entries they allowed. */
  uint64_t status = hart->mstatus & PVM_MSTATUS_SUM_MXR;
  if (hart->mmu_satp != hart->satp) {
    mmu_flush_paged (hart);
  } else if (hart->mmu_status & ~status) {
    if ((hart->mmu_status & ~status) & PVM_MSTATUS_MXR)
      mmu_drop_mxr_entries (hart);
    if ((hart->mmu_status & ~status) & PVM_MSTATUS_SUM)
      mmu_drop_sum_entries (hart);
  }
  hart->mmu_satp = hart->satp;
  hart->mmu_status = status;
  if (hart->mmu_priv != priv) { /* the fetch TLB in use changes */
    hart->mmu_priv = priv;
    hart->chain_gen = (hart->chain_gen & ~(uint64_t) (PVM_CHAIN_GEN_STEP - 1)) | (unsigned) priv;
  }
}

/* ---- accesses ---- */

/* An access to a physical address where nothing is mapped faults. With firmware (not PV,
 * where the SBI reports bad guest addresses itself) it is also logged as a guest error, once
 * for as long as the hart keeps repeating the same one (a loop on it): firmware probing a
 * device the board lacks shows up there. hart->pc is where the running block starts. */
static int
mem_unmapped (PvmHart *hart, uint64_t va, uint64_t pa, int kind)
{
  static const char *const what[3] = { "fetches an instruction", "loads", "stores" };

  if (!hart->pv && (pa != hart->diag_unmapped_pa || hart->pc != hart->diag_unmapped_pc)) {
    hart->diag_unmapped_pa = pa;
    hart->diag_unmapped_pc = hart->pc;
    pvm_guest_error ("hart %u %s at 0x%" G_GINT64_MODIFIER "x, where nothing is mapped "
                     "(in the code block at pc 0x%" G_GINT64_MODIFIER "x): access fault",
                     hart->id, what[kind], pa, hart->pc);
  }
  return pvm_hart_raise (hart, mmu_access_fault[kind], va);
}

/* Translates and checks an access of @len bytes at @va (in one page) and says where it lands;
 * fills the TLB when the page is host memory wholly allowed by PMP. */
static int
mem_resolve (PvmHart *hart, uint64_t va, unsigned len, int kind, MemTarget *t)
{
  int priv = kind == MMU_FETCH ? hart->priv : hart->data_priv;
  MmuPage pg;
  if (mmu_xlate (hart, va, kind, priv, &pg))
    return 1;
  uint64_t pa = pg.pa;
  if (!pvm_pmp_check (hart, pa, len, mmu_pmp_perm[kind], priv))
    return pvm_hart_raise (hart, mmu_access_fault[kind], va);

  const PvmMachine *machine = hart->machine;
  t->pa = pa;
  t->host = pvm_machine_ram_ptr (machine, pa, len);
  if (t->host) {
    if (pvm_machine_ram_ptr (machine, pa & PAGE_MASK, PAGE_SIZE))
      mmu_tlb_fill (hart, va, &pg, t->host, kind, priv);
    return 0;
  }

  const PvmBusRegion *r = pvm_bus_find (&machine->bus, pa);
  if (!r)
    return mem_unmapped (hart, va, pa, kind);
  if (r->ops) {
    if (kind == MMU_FETCH)
      return pvm_hart_raise (hart, mmu_access_fault[kind], va);
    return 0;
  }
  if ((kind == MMU_STORE && r->readonly) || pa - r->base > r->size - len)
    return pvm_hart_raise (hart, mmu_access_fault[kind], va);
  t->host = r->host + (pa - r->base);
  uint64_t page_pa = pa & PAGE_MASK;
  if (page_pa >= r->base && page_pa - r->base <= r->size - PAGE_SIZE && r->size >= PAGE_SIZE)
    mmu_tlb_fill (hart, va, &pg, t->host, kind, priv);
  return 0;
}

static uint64_t
mem_host_read (const uint8_t *p, unsigned size)
{
  uint64_t v = 0;
  memcpy (&v, p, size); /* little-endian host */
  return v;
}

static int
mem_target_read (PvmHart *hart, const MemTarget *t, unsigned off, unsigned size, uint64_t va,
                 uint64_t *out)
{
  if (t->host) {
    *out = mem_host_read (t->host + off, size);
    return 0;
  }
  uint64_t v;
  if (pvm_bus_read (&hart->machine->bus, t->pa + off, size, &v))
    return pvm_hart_raise (hart, PVM_EXC_LOAD_ACCESS, va);
  *out = size == 8 ? v : v & ((1ull << (8 * size)) - 1);
  return 0;
}

static int
mem_target_write (PvmHart *hart, const MemTarget *t, unsigned off, unsigned size, uint64_t va,
                  uint64_t value)
{
  if (t->host) {
    memcpy (t->host + off, &value, size);
    return 0;
  }
  if (pvm_bus_write (&hart->machine->bus, t->pa + off, size, value))
    return pvm_hart_raise (hart, PVM_EXC_STORE_ACCESS, va);
  return 0;
}

/* Resolves a misaligned access as one or two page-sized parts; nothing is accessed yet, so a
 * fault on the second page leaves memory untouched. tval is the first address of the part
 * that faults. Returns the length of the first part in *@first. */
static int
mem_resolve_split (PvmHart *hart, uint64_t va, unsigned size, int kind, MemTarget t[2],
                   unsigned *first)
{
  unsigned room = (unsigned) (PAGE_SIZE - (va & ~PAGE_MASK));
  *first = room < size ? room : size;
  if (mem_resolve (hart, va, *first, kind, &t[0]))
    return 1;
  if (*first < size && mem_resolve (hart, va + *first, size - *first, kind, &t[1]))
    return 1;
  return 0;
}

static int
mem_load_misaligned (PvmHart *hart, uint64_t va, unsigned size, uint64_t *out)
{
  MemTarget t[2];
  unsigned first;
  if (mem_resolve_split (hart, va, size, MMU_LOAD, t, &first))
    return 1;
  uint64_t v = 0;
  for (unsigned i = 0; i < size; i++) {
    const MemTarget *part = i < first ? &t[0] : &t[1];
    unsigned off = i < first ? i : i - first;
    uint64_t b;
    if (mem_target_read (hart, part, off, 1, va + i, &b))
      return 1;
    v |= (b & 0xff) << (8 * i);
  }
  *out = v;
  return 0;
}

static int
mem_store_misaligned (PvmHart *hart, uint64_t va, unsigned size, uint64_t value)
{
  MemTarget t[2];
  unsigned first;
  if (mem_resolve_split (hart, va, size, MMU_STORE, t, &first))
    return 1;
  for (unsigned i = 0; i < size; i++) {
    const MemTarget *part = i < first ? &t[0] : &t[1];
    unsigned off = i < first ? i : i - first;
    if (mem_target_write (hart, part, off, 1, va + i, (value >> (8 * i)) & 0xff))
      return 1;
  }
  return 0;
}

int
pvm_mem_load_slow (PvmHart *hart, uint64_t va, unsigned size, uint64_t *out)
{
  if (PVM_UNLIKELY (va & (size - 1)))
    return mem_load_misaligned (hart, va, size, out);
  MemTarget t;
  if (mem_resolve (hart, va, size, MMU_LOAD, &t))
    return 1;
  return mem_target_read (hart, &t, 0, size, va, out);
}

int
pvm_mem_store_slow (PvmHart *hart, uint64_t va, unsigned size, uint64_t value)
{
  if (PVM_UNLIKELY (va & (size - 1)))
    return mem_store_misaligned (hart, va, size, value);
  MemTarget t;
  if (mem_resolve (hart, va, size, MMU_STORE, &t))
    return 1;
  return mem_target_write (hart, &t, 0, size, va, value);
}

int
pvm_mem_atomic_ptr (PvmHart *hart, uint64_t va, unsigned size, bool write, void **host)
{
  int kind = write ? MMU_STORE : MMU_LOAD;
  if (va & (size - 1))
    return pvm_hart_raise (hart, write ? PVM_EXC_STORE_MISALIGNED : PVM_EXC_LOAD_MISALIGNED, va);

  const PvmMachine *machine = hart->machine;
  const PvmTlbEntry *e =
    &mmu_tlb_array (hart, kind, hart->data_priv)[(va >> PAGE_SHIFT) & (PVM_TLB_SIZE - 1)];
  uint8_t *p;
  if (PVM_LIKELY (e->tag == (va & PAGE_MASK))) {
    p = (uint8_t *) (e->addend + va);
  } else {
    MemTarget t;
    if (mem_resolve (hart, va, size, kind, &t))
      return 1;
    p = t.host;
  }
  if (!p || (uintptr_t) (p - machine->ram) >= machine->ram_size)
    return pvm_hart_raise (hart, mmu_access_fault[kind], va);
  *host = p;
  return 0;
}

int
_pvm_mmu_fetch (PvmHart *hart, uint64_t va, unsigned len, const uint8_t **host, bool *cacheable)
{
  int priv = hart->priv;
  MmuPage pg;
  if (mmu_xlate (hart, va, MMU_FETCH, priv, &pg))
    return 1;
  uint64_t pa = pg.pa;
  if (!pvm_pmp_check (hart, pa, len, PVM_PMP_X, priv))
    return pvm_hart_raise (hart, PVM_EXC_INSN_ACCESS, va);

  const PvmMachine *machine = hart->machine;
  uint64_t page_pa = pa & PAGE_MASK;
  const uint8_t *p = pvm_machine_ram_ptr (machine, pa, len);
  bool whole = p && pvm_machine_ram_ptr (machine, page_pa, PAGE_SIZE);
  if (!p) {
    const PvmBusRegion *r = pvm_bus_find (&machine->bus, pa);
    if (!r || r->ops || pa - r->base > r->size - len)
      return pvm_hart_raise (hart, PVM_EXC_INSN_ACCESS, va);
    p = r->host + (pa - r->base);
    whole = page_pa >= r->base && r->size >= PAGE_SIZE && page_pa - r->base <= r->size - PAGE_SIZE;
  }
  *host = p;
  *cacheable = whole && mmu_tlb_fill (hart, va, &pg, p, MMU_FETCH, priv);
  return 0;
}

int
pvm_mem_fetch_ptr (PvmHart *hart, uint64_t va, const uint8_t **host)
{
  bool cacheable;
  return _pvm_mmu_fetch (hart, va, 2, host, &cacheable);
}

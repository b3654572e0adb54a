/* test-mmu.c: Sv39/Sv48 translation, A/D bits, SUM/MXR/MPRV, the TLB, PMP, misaligned and
 * MMIO accesses. */
#include <glib.h>
#include <string.h>

#include "hv/cpu/csr.h"
#include "hv/cpu/hart.h"
#include "hv/cpu/mmu.h"
#include "hv/cpu/pmp.h"
#include "hv/machine/machine.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 20)
#define PT_BASE (RAM_BASE + 0x100000)
#define ROM_BASE 0x1000ull
#define MMIO_BASE 0x10000000ull

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_RW (PTE_R | PTE_W)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)

typedef struct {
  PvmMachine *machine;
  PvmHart *hart;
  uint64_t root;
  uint64_t next_table;
  unsigned levels;
  uint8_t rom[4096];
  uint64_t mmio_last_offset, mmio_last_value;
  unsigned mmio_last_size;
} Fixture;

static uint64_t
mmio_read (void *dev, uint64_t offset, unsigned size)
{
  Fixture *f = dev;
  f->mmio_last_offset = offset;
  f->mmio_last_size = size;
  return 0x1122334455667788ull;
}

static void
mmio_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  Fixture *f = dev;
  f->mmio_last_offset = offset;
  f->mmio_last_size = size;
  f->mmio_last_value = value;
}

static const PvmDeviceOps mmio_ops = {
  .name = "test-mmio", .read = mmio_read, .write = mmio_write, .min_access = 1, .max_access = 8,
};

static uint64_t *
ram_u64 (Fixture *f, uint64_t pa)
{
  uint64_t *p = (uint64_t *) pvm_machine_ram_ptr (f->machine, pa, 8);
  g_assert_nonnull (p);
  return p;
}

static uint8_t *
ram (Fixture *f, uint64_t pa)
{
  uint8_t *p = pvm_machine_ram_ptr (f->machine, pa, 1);
  g_assert_nonnull (p);
  return p;
}

static uint64_t
table_new (Fixture *f)
{
  uint64_t pa = f->next_table;
  f->next_table += 4096;
  memset (ram (f, pa), 0, 4096);
  return pa;
}

/* Returns the PTE that maps @va at @level (0: 4 KiB, 1: 2 MiB, 2: 1 GiB, 3: 512 GiB). */
static uint64_t *
pte_slot (Fixture *f, uint64_t va, unsigned level)
{
  uint64_t table = f->root;
  for (unsigned l = f->levels - 1; l > level; l--) {
    uint64_t *pte = ram_u64 (f, table + ((va >> (12 + 9 * l)) & 511) * 8);
    if (!(*pte & PTE_V))
      *pte = (table_new (f) >> 12) << 10 | PTE_V;
    table = (*pte >> 10) << 12;
  }
  return ram_u64 (f, table + ((va >> (12 + 9 * level)) & 511) * 8);
}

static void
map (Fixture *f, uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
  *pte_slot (f, va, level) = (pa >> 12) << 10 | flags | PTE_V;
}

/* Turns paging on (Sv39 or Sv48) and puts the hart in @priv. */
static void
paging_on (Fixture *f, unsigned levels, int priv)
{
  f->levels = levels;
  f->next_table = PT_BASE;
  f->root = table_new (f);
  f->hart->satp = (uint64_t) (levels == 4 ? 9 : 8) << 60 | f->root >> 12;
  f->hart->priv = priv;
  pvm_mmu_update_mode (f->hart);
}

static void
set_priv (Fixture *f, int priv)
{
  f->hart->priv = priv;
  pvm_mmu_update_mode (f->hart);
}

static void
set_status (Fixture *f, uint64_t bits, bool on)
{
  uint64_t v = on ? f->hart->mstatus | bits : f->hart->mstatus & ~bits;
  int priv = f->hart->priv;
  f->hart->priv = PVM_PRIV_M;
  g_assert_cmpint (pvm_csr_write (f->hart, PVM_CSR_MSTATUS, v), ==, 0);
  set_priv (f, priv);
}

static void
pmp_set (Fixture *f, unsigned i, uint64_t addr, uint8_t cfg)
{
  int priv = f->hart->priv;
  f->hart->priv = PVM_PRIV_M;
  uint64_t cfg_reg = pvm_pmp_read_cfg (f->hart, (i / 8) * 2);
  cfg_reg &= ~(0xffull << (8 * (i % 8)));
  cfg_reg |= (uint64_t) cfg << (8 * (i % 8));
  g_assert_cmpint (pvm_csr_write (f->hart, PVM_CSR_PMPADDR0 + i, addr), ==, 0);
  g_assert_cmpint (pvm_csr_write (f->hart, PVM_CSR_PMPCFG0 + (i / 8) * 2, cfg_reg), ==, 0);
  set_priv (f, priv);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GError *error = NULL;
  memset (f, 0, sizeof *f);
  f->machine = pvm_machine_new (RAM_BASE, RAM_SIZE, 1, false, &error);
  g_assert_no_error (error);
  f->hart = &f->machine->harts[0];
  for (unsigned i = 0; i < sizeof f->rom; i++)
    f->rom[i] = (uint8_t) i;
  g_assert_true (pvm_bus_add_memory (&f->machine->bus, ROM_BASE, sizeof f->rom, f->rom, true,
                                     &error));
  g_assert_true (pvm_bus_add_device (&f->machine->bus, MMIO_BASE, 0x1000, &mmio_ops, f, &error));
  /* What firmware does: give S and U all of memory through PMP entry 15. */
  pmp_set (f, 15, (1ull << 54) - 1, PVM_PMP_A_NAPOT | PVM_PMP_R | PVM_PMP_W | PVM_PMP_X);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_machine_free (f->machine);
}

static void
assert_load_fault (Fixture *f, uint64_t va, uint64_t cause)
{
  uint64_t v;
  g_assert_cmpint (pvm_mem_load64 (f->hart, va, &v), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, cause);
  g_assert_cmphex (f->hart->trap_tval, ==, va);
}

static void
assert_store_fault (Fixture *f, uint64_t va, uint64_t cause)
{
  g_assert_cmpint (pvm_mem_store64 (f->hart, va, 1), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, cause);
  g_assert_cmphex (f->hart->trap_tval, ==, va);
}

static void
assert_fetch_fault (Fixture *f, uint64_t va, uint64_t cause)
{
  const uint8_t *host;
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, va, &host), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, cause);
  g_assert_cmphex (f->hart->trap_tval, ==, va);
}

static uint64_t
load64 (Fixture *f, uint64_t va)
{
  uint64_t v = 0;
  g_assert_cmpint (pvm_mem_load64 (f->hart, va, &v), ==, 0);
  return v;
}

static void
store64 (Fixture *f, uint64_t va, uint64_t v)
{
  g_assert_cmpint (pvm_mem_store64 (f->hart, va, v), ==, 0);
}

static void
test_bare_m_mode_reaches_ram (Fixture *f, gconstpointer data)
{
  store64 (f, RAM_BASE + 0x2000, 0x0123456789abcdefull);
  g_assert_cmphex (*ram_u64 (f, RAM_BASE + 0x2000), ==, 0x0123456789abcdefull);
  g_assert_cmphex (load64 (f, RAM_BASE + 0x2000), ==, 0x0123456789abcdefull);
  uint32_t w = 0;
  g_assert_cmpint (pvm_mem_load32 (f->hart, RAM_BASE + 0x2004, &w), ==, 0);
  g_assert_cmphex (w, ==, 0x01234567);
}

static void
test_sv39_4k_page_translates (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x40000000, RAM_BASE + 0x5000, 0, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x5010) = 42;
  g_assert_cmphex (load64 (f, 0x40000010), ==, 42);
  store64 (f, 0x40000018, 43);
  g_assert_cmphex (*ram_u64 (f, RAM_BASE + 0x5018), ==, 43);
  uint64_t pa;
  g_assert_cmpint (pvm_mmu_translate (f->hart, 0x40000123, 1, &pa), ==, 0);
  g_assert_cmphex (pa, ==, RAM_BASE + 0x5123);
  /* The next page is not mapped. */
  assert_load_fault (f, 0x40001000, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x40001008, PVM_EXC_STORE_PAGE_FAULT);
}

static void
test_sv39_superpages_translate (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x40200000, RAM_BASE + 0x400000, 1, PTE_RW | PTE_A | PTE_D);
  map (f, 0xffffffffc0000000ull, RAM_BASE, 2, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x4abcd8) = 7;
  g_assert_cmphex (load64 (f, 0x402abcd8), ==, 7);
  *ram_u64 (f, RAM_BASE + 0x0abcd0) = 8;
  g_assert_cmphex (load64 (f, 0xffffffffc00abcd0ull), ==, 8);
  uint64_t pa;
  g_assert_cmpint (pvm_mmu_translate (f->hart, 0xffffffffc0f00008ull, 2, &pa), ==, 0);
  g_assert_cmphex (pa, ==, RAM_BASE + 0xf00008);
}

static void
test_sv48_pages_translate (Fixture *f, gconstpointer data)
{
  paging_on (f, 4, PVM_PRIV_S);
  map (f, 0x0000123400000000ull, RAM_BASE + 0x6000, 0, PTE_RW | PTE_A | PTE_D);
  map (f, 0xffff800000000000ull, RAM_BASE, 2, PTE_RW | PTE_A | PTE_D);
  map (f, 0x0000008000000000ull, 0, 3, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x6ff8) = 9;
  g_assert_cmphex (load64 (f, 0x0000123400000ff8ull), ==, 9);
  *ram_u64 (f, RAM_BASE + 0x123450) = 10;
  g_assert_cmphex (load64 (f, 0xffff800000123450ull), ==, 10);
  /* A 512 GiB page mapping physical 0: RAM_BASE lies 2 GiB into it. */
  *ram_u64 (f, RAM_BASE + 0x10) = 11;
  g_assert_cmphex (load64 (f, 0x0000008000000000ull + RAM_BASE + 0x10), ==, 11);
  /* Sv48 addresses must be sign-extended from bit 47. */
  assert_load_fault (f, 0x0001000000000000ull, PVM_EXC_LOAD_PAGE_FAULT);
}

static void
test_non_canonical_address_faults (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x0000004000000000ull - 0x1000, RAM_BASE, 0, PTE_RWX | PTE_A | PTE_D);
  assert_load_fault (f, 0x0000004000000000ull, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x8000000000000000ull, PVM_EXC_STORE_PAGE_FAULT);
  assert_fetch_fault (f, 0x0000008000000000ull, PVM_EXC_INSN_PAGE_FAULT);
}

static void
test_invalid_ptes_raise_page_faults (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  /* Not valid. */
  *pte_slot (f, 0x10000, 0) = (RAM_BASE >> 12) << 10 | PTE_RW;
  assert_load_fault (f, 0x10000, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x10008, PVM_EXC_STORE_PAGE_FAULT);
  assert_fetch_fault (f, 0x10010, PVM_EXC_INSN_PAGE_FAULT);
  /* W without R is reserved. */
  map (f, 0x11000, RAM_BASE, 0, PTE_W | PTE_A | PTE_D);
  assert_load_fault (f, 0x11000, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x11000, PVM_EXC_STORE_PAGE_FAULT);
  /* Reserved high bits (PBMT, N) set. */
  map (f, 0x12000, RAM_BASE, 0, PTE_RW | PTE_A | PTE_D | (1ull << 61));
  assert_load_fault (f, 0x12000, PVM_EXC_LOAD_PAGE_FAULT);
  map (f, 0x13000, RAM_BASE, 0, PTE_RW | PTE_A | PTE_D | (1ull << 63));
  assert_load_fault (f, 0x13000, PVM_EXC_LOAD_PAGE_FAULT);
  /* A pointer at level 0. */
  *pte_slot (f, 0x14000, 0) = (PT_BASE >> 12) << 10 | PTE_V;
  assert_load_fault (f, 0x14000, PVM_EXC_LOAD_PAGE_FAULT);
}

static void
test_misaligned_superpage_faults (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x40000000, RAM_BASE + 0x1000, 1, PTE_RWX | PTE_A | PTE_D);
  assert_load_fault (f, 0x40000000, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x40000008, PVM_EXC_STORE_PAGE_FAULT);
  assert_fetch_fault (f, 0x40000010, PVM_EXC_INSN_PAGE_FAULT);
  map (f, 0x80000000, RAM_BASE + 0x200000, 2, PTE_RWX | PTE_A | PTE_D);
  assert_load_fault (f, 0x80000000, PVM_EXC_LOAD_PAGE_FAULT);
}

static void
test_permissions_by_access_kind (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x20000, RAM_BASE + 0x20000, 0, PTE_R | PTE_A | PTE_D);
  map (f, 0x21000, RAM_BASE + 0x21000, 0, PTE_X | PTE_A | PTE_D);
  map (f, 0x22000, RAM_BASE + 0x22000, 0, PTE_RWX | PTE_A | PTE_D);
  /* Read-only: loads only. */
  load64 (f, 0x20000);
  assert_store_fault (f, 0x20008, PVM_EXC_STORE_PAGE_FAULT);
  assert_fetch_fault (f, 0x20010, PVM_EXC_INSN_PAGE_FAULT);
  /* Execute-only: fetches only, loads with MXR. */
  const uint8_t *host;
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, 0x21004, &host), ==, 0);
  g_assert_true (host == ram (f, RAM_BASE + 0x21004));
  assert_load_fault (f, 0x21008, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x21008, PVM_EXC_STORE_PAGE_FAULT);
  set_status (f, PVM_MSTATUS_MXR, true);
  load64 (f, 0x21008);
  assert_store_fault (f, 0x21008, PVM_EXC_STORE_PAGE_FAULT);
  set_status (f, PVM_MSTATUS_MXR, false);
  assert_load_fault (f, 0x21010, PVM_EXC_LOAD_PAGE_FAULT);
  /* Everything. */
  load64 (f, 0x22000);
  store64 (f, 0x22000, 1);
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, 0x22000, &host), ==, 0);
}

static void
test_user_pages_and_sum (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x30000, RAM_BASE + 0x30000, 0, PTE_RWX | PTE_U | PTE_A | PTE_D);
  map (f, 0x31000, RAM_BASE + 0x31000, 0, PTE_RWX | PTE_A | PTE_D);

  /* S-mode: U pages need SUM for loads and stores, and are never executable. */
  assert_load_fault (f, 0x30000, PVM_EXC_LOAD_PAGE_FAULT);
  assert_store_fault (f, 0x30000, PVM_EXC_STORE_PAGE_FAULT);
  assert_fetch_fault (f, 0x30000, PVM_EXC_INSN_PAGE_FAULT);
  set_status (f, PVM_MSTATUS_SUM, true);
  load64 (f, 0x30000);
  store64 (f, 0x30000, 5);
  assert_fetch_fault (f, 0x30000, PVM_EXC_INSN_PAGE_FAULT);
  set_status (f, PVM_MSTATUS_SUM, false);
  assert_load_fault (f, 0x30008, PVM_EXC_LOAD_PAGE_FAULT);

  /* U-mode: only U pages, whatever SUM says. */
  set_priv (f, PVM_PRIV_U);
  g_assert_cmphex (load64 (f, 0x30000), ==, 5);
  const uint8_t *host;
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, 0x30000, &host), ==, 0);
  assert_load_fault (f, 0x31000, PVM_EXC_LOAD_PAGE_FAULT);
  assert_fetch_fault (f, 0x31000, PVM_EXC_INSN_PAGE_FAULT);
}

static void
test_accessed_and_dirty_bits_are_set (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x50000, RAM_BASE + 0x50000, 0, PTE_RWX);
  uint64_t *pte = pte_slot (f, 0x50000, 0);
  load64 (f, 0x50000);
  g_assert_cmphex (*pte & (PTE_A | PTE_D), ==, PTE_A);
  store64 (f, 0x50000, 1);
  g_assert_cmphex (*pte & (PTE_A | PTE_D), ==, PTE_A | PTE_D);

  map (f, 0x51000, RAM_BASE + 0x51000, 0, PTE_RWX);
  pte = pte_slot (f, 0x51000, 0);
  const uint8_t *host;
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, 0x51000, &host), ==, 0);
  g_assert_cmphex (*pte & (PTE_A | PTE_D), ==, PTE_A);

  /* A page fault leaves the PTE alone. */
  map (f, 0x52000, RAM_BASE + 0x52000, 0, PTE_R);
  pte = pte_slot (f, 0x52000, 0);
  assert_store_fault (f, 0x52000, PVM_EXC_STORE_PAGE_FAULT);
  g_assert_cmphex (*pte & (PTE_A | PTE_D), ==, 0);
}

static void
test_page_table_outside_ram_raises_access_fault (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  f->hart->satp = 8ull << 60 | (0x200000000ull >> 12);
  pvm_mmu_update_mode (f->hart);
  assert_load_fault (f, 0x1000, PVM_EXC_LOAD_ACCESS);
  assert_store_fault (f, 0x1000, PVM_EXC_STORE_ACCESS);
  assert_fetch_fault (f, 0x1000, PVM_EXC_INSN_ACCESS);
}

static void
test_mprv_translates_m_mode_data_as_mpp (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_M);
  map (f, 0x60000, RAM_BASE + 0x60000, 0, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x60000) = 0x77;
  /* M-mode without MPRV: bare. */
  assert_load_fault (f, 0x60000, PVM_EXC_LOAD_ACCESS);
  f->hart->mstatus = (f->hart->mstatus & ~PVM_MSTATUS_MPP) | (1ull << PVM_MSTATUS_MPP_SHIFT);
  set_status (f, PVM_MSTATUS_MPRV, true);
  g_assert_cmpint (f->hart->data_priv, ==, PVM_PRIV_S);
  g_assert_cmphex (load64 (f, 0x60000), ==, 0x77);
  /* Instruction fetch is not affected by MPRV. */
  const uint8_t *host;
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, RAM_BASE, &host), ==, 0);
  set_status (f, PVM_MSTATUS_MPRV, false);
  g_assert_cmpint (f->hart->data_priv, ==, PVM_PRIV_M);
}

static void
test_tlb_keeps_a_mapping_until_sfence (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x70000, RAM_BASE + 0x70000, 0, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x70000) = 1;
  *ram_u64 (f, RAM_BASE + 0x71000) = 2;
  g_assert_cmphex (load64 (f, 0x70000), ==, 1);
  map (f, 0x70000, RAM_BASE + 0x71000, 0, PTE_RW | PTE_A | PTE_D);
  g_assert_cmphex (load64 (f, 0x70000), ==, 1);
  pvm_mmu_flush_page (f->hart, 0x70abc);
  g_assert_cmphex (load64 (f, 0x70000), ==, 2);

  /* A new satp drops everything. */
  map (f, 0x70000, RAM_BASE + 0x70000, 0, PTE_RW | PTE_A | PTE_D);
  g_assert_cmphex (load64 (f, 0x70000), ==, 2);
  f->hart->priv = PVM_PRIV_M;
  g_assert_cmpint (pvm_csr_write (f->hart, PVM_CSR_SATP, f->hart->satp | (1ull << 44)), ==, 0);
  set_priv (f, PVM_PRIV_S);
  g_assert_cmphex (load64 (f, 0x70000), ==, 1);

  /* So does a full flush. */
  map (f, 0x70000, RAM_BASE + 0x71000, 0, PTE_RW | PTE_A | PTE_D);
  pvm_mmu_flush (f->hart);
  g_assert_cmphex (load64 (f, 0x70000), ==, 2);
}

static void
test_flushing_one_address_drops_a_whole_superpage (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x40000000, RAM_BASE, 1, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x3000) = 1;
  *ram_u64 (f, RAM_BASE + 0x203000) = 2;
  g_assert_cmphex (load64 (f, 0x40003000), ==, 1);
  map (f, 0x40000000, RAM_BASE + 0x200000, 1, PTE_RW | PTE_A | PTE_D);
  g_assert_cmphex (load64 (f, 0x40003000), ==, 1);
  /* Flushing another 4 KiB of the same superpage drops the cached piece too. */
  pvm_mmu_flush_page (f->hart, 0x40100000);
  g_assert_cmphex (load64 (f, 0x40003000), ==, 2);
}

static void
test_pmp_ranges_limit_s_mode (Fixture *f, gconstpointer data)
{
  /* Without any entry, S-mode has no access, M-mode all. */
  pmp_set (f, 15, 0, 0);
  set_priv (f, PVM_PRIV_S);
  assert_load_fault (f, RAM_BASE, PVM_EXC_LOAD_ACCESS);
  set_priv (f, PVM_PRIV_M);
  load64 (f, RAM_BASE);

  /* TOR [RAM_BASE, RAM_BASE + 64 KiB) read-only. */
  pmp_set (f, 0, RAM_BASE >> 2, 0);
  pmp_set (f, 1, (RAM_BASE + 0x10000) >> 2, PVM_PMP_A_TOR | PVM_PMP_R);
  /* NAPOT 8 KiB at RAM_BASE + 64 KiB read-write. */
  pmp_set (f, 2, ((RAM_BASE + 0x10000) >> 2) | 0x3ff, PVM_PMP_A_NAPOT | PVM_PMP_R | PVM_PMP_W);
  /* NA4 at RAM_BASE + 0x20000 read-write. */
  pmp_set (f, 3, (RAM_BASE + 0x20000) >> 2, PVM_PMP_A_NA4 | PVM_PMP_R | PVM_PMP_W);
  set_priv (f, PVM_PRIV_S);

  load64 (f, RAM_BASE + 0xfff8);
  assert_store_fault (f, RAM_BASE + 0x100, PVM_EXC_STORE_ACCESS);
  assert_fetch_fault (f, RAM_BASE + 0x100, PVM_EXC_INSN_ACCESS);
  store64 (f, RAM_BASE + 0x10000, 1);
  store64 (f, RAM_BASE + 0x11ff8, 1);
  assert_load_fault (f, RAM_BASE + 0x12000, PVM_EXC_LOAD_ACCESS);
  uint32_t w = 0;
  g_assert_cmpint (pvm_mem_store32 (f->hart, RAM_BASE + 0x20000, 5), ==, 0);
  g_assert_cmpint (pvm_mem_load32 (f->hart, RAM_BASE + 0x20004, &w), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_LOAD_ACCESS);
  /* An access that only partly matches an entry fails. */
  assert_load_fault (f, RAM_BASE + 0x20000, PVM_EXC_LOAD_ACCESS);

  /* With paging, the page table itself must be readable (it lies outside every entry). */
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x1000, RAM_BASE + 0x10000, 0, PTE_RW | PTE_A | PTE_D);
  assert_load_fault (f, 0x1000, PVM_EXC_LOAD_ACCESS);
}

static void
test_pmp_checks_every_access_to_a_partly_allowed_page (Fixture *f, gconstpointer data)
{
  /* Only the first 256 bytes of the page are allowed: it must not enter the TLB. */
  pmp_set (f, 0, ((RAM_BASE + 0x40000) >> 2) | 0x1f, PVM_PMP_A_NAPOT | PVM_PMP_R);
  pmp_set (f, 1, ((RAM_BASE + 0x40000) >> 2) | 0x1ff, PVM_PMP_A_NAPOT);
  set_priv (f, PVM_PRIV_S);
  load64 (f, RAM_BASE + 0x40000);
  load64 (f, RAM_BASE + 0x400f8);
  assert_load_fault (f, RAM_BASE + 0x40100, PVM_EXC_LOAD_ACCESS);
}

static void
test_pmp_locked_entries_bind_m_mode_and_ignore_writes (Fixture *f, gconstpointer data)
{
  pmp_set (f, 0, ((RAM_BASE + 0x8000) >> 2) | 0x1ff, PVM_PMP_A_NAPOT | PVM_PMP_R | PVM_PMP_L);
  g_assert_true (f->hart->pmp_locked);
  load64 (f, RAM_BASE + 0x8000);
  assert_store_fault (f, RAM_BASE + 0x8000, PVM_EXC_STORE_ACCESS);
  assert_fetch_fault (f, RAM_BASE + 0x8000, PVM_EXC_INSN_ACCESS);
  /* Unmatched M-mode accesses still succeed. */
  store64 (f, RAM_BASE + 0x9000, 1);
  /* Writes to a locked entry are ignored. */
  pmp_set (f, 0, 0, PVM_PMP_A_NAPOT | PVM_PMP_R | PVM_PMP_W | PVM_PMP_X);
  g_assert_cmphex (pvm_pmp_read_addr (f->hart, 0), ==, ((RAM_BASE + 0x8000) >> 2) | 0x1ff);
  g_assert_cmphex (pvm_pmp_read_cfg (f->hart, 0) & 0xff, ==,
                   PVM_PMP_A_NAPOT | PVM_PMP_R | PVM_PMP_L);
  assert_store_fault (f, RAM_BASE + 0x8008, PVM_EXC_STORE_ACCESS);
  /* A locked TOR entry also locks the address below it. */
  pmp_set (f, 5, 0x1000, PVM_PMP_A_TOR | PVM_PMP_R | PVM_PMP_L);
  f->hart->priv = PVM_PRIV_M;
  g_assert_cmpint (pvm_csr_write (f->hart, PVM_CSR_PMPADDR0 + 4, 0x123), ==, 0);
  g_assert_cmphex (pvm_pmp_read_addr (f->hart, 4), ==, 0);
}

static void
test_misaligned_accesses_are_performed (Fixture *f, gconstpointer data)
{
  for (unsigned i = 0; i < 16; i++)
    *ram (f, RAM_BASE + 0x3000 + i) = (uint8_t) (0x10 + i);
  uint32_t w = 0;
  g_assert_cmpint (pvm_mem_load32 (f->hart, RAM_BASE + 0x3001, &w), ==, 0);
  g_assert_cmphex (w, ==, 0x14131211);
  g_assert_cmpint (pvm_mem_store32 (f->hart, RAM_BASE + 0x3005, 0xaabbccdd), ==, 0);
  g_assert_cmphex (*ram (f, RAM_BASE + 0x3005), ==, 0xdd);
  g_assert_cmphex (*ram (f, RAM_BASE + 0x3008), ==, 0xaa);
  g_assert_cmphex (*ram (f, RAM_BASE + 0x3009), ==, 0x19);

  /* Across a page boundary, with paging: both pages are used. */
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x10000, RAM_BASE + 0x3000, 0, PTE_RW | PTE_A | PTE_D);
  map (f, 0x11000, RAM_BASE + 0x7000, 0, PTE_RW | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x3ff8) = 0x0706050403020100ull;
  *ram_u64 (f, RAM_BASE + 0x7000) = 0x0f0e0d0c0b0a0908ull;
  g_assert_cmphex (load64 (f, 0x10ffc), ==, 0x0b0a090807060504ull);
  store64 (f, 0x10ffe, 0x1122334455667788ull);
  g_assert_cmphex (*ram_u64 (f, RAM_BASE + 0x3ff8), ==, 0x7788050403020100ull);
  g_assert_cmphex (*ram_u64 (f, RAM_BASE + 0x7000), ==, 0x0f0e112233445566ull);
}

static void
test_misaligned_store_faulting_on_second_page_writes_nothing (Fixture *f, gconstpointer data)
{
  paging_on (f, 3, PVM_PRIV_S);
  map (f, 0x10000, RAM_BASE + 0x3000, 0, PTE_RW | PTE_A | PTE_D);
  map (f, 0x11000, RAM_BASE + 0x7000, 0, PTE_R | PTE_A | PTE_D);
  *ram_u64 (f, RAM_BASE + 0x3ff8) = 0;
  g_assert_cmpint (pvm_mem_store64 (f->hart, 0x10ffc, ~0ull), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_STORE_PAGE_FAULT);
  g_assert_cmphex (f->hart->trap_tval, ==, 0x11000);
  g_assert_cmphex (*ram_u64 (f, RAM_BASE + 0x3ff8), ==, 0);
  /* The same for a second page that is not mapped at all, and for loads. */
  g_assert_cmpint (pvm_mem_store32 (f->hart, 0x11ffe, 0), !=, 0);
  g_assert_cmphex (f->hart->trap_tval, ==, 0x11ffe);
  uint64_t v;
  *pte_slot (f, 0x11000, 0) = 0;
  pvm_mmu_flush (f->hart);
  g_assert_cmpint (pvm_mem_load64 (f->hart, 0x10ff9, &v), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_LOAD_PAGE_FAULT);
  g_assert_cmphex (f->hart->trap_tval, ==, 0x11000);
}

static void
test_rom_mmio_and_holes (Fixture *f, gconstpointer data)
{
  uint64_t v;
  /* ROM: readable and executable, not writable. */
  g_assert_cmpint (pvm_mem_load_slow (f->hart, ROM_BASE + 0x10, 4, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x13121110);
  assert_store_fault (f, ROM_BASE + 0x10, PVM_EXC_STORE_ACCESS);
  g_assert_cmphex (f->rom[0x10], ==, 0x10);
  const uint8_t *host;
  g_assert_cmpint (pvm_mem_fetch_ptr (f->hart, ROM_BASE + 0x20, &host), ==, 0);
  g_assert_true (host == f->rom + 0x20);

  /* MMIO: the access size reaches the device; devices cannot be executed. */
  uint16_t h = 0;
  g_assert_cmpint (pvm_mem_load16 (f->hart, MMIO_BASE + 0x22, &h), ==, 0);
  g_assert_cmphex (h, ==, 0x7788);
  g_assert_cmpuint (f->mmio_last_size, ==, 2);
  g_assert_cmphex (f->mmio_last_offset, ==, 0x22);
  g_assert_cmpint (pvm_mem_store32 (f->hart, MMIO_BASE + 0x40, 0xdeadbeef), ==, 0);
  g_assert_cmpuint (f->mmio_last_size, ==, 4);
  g_assert_cmphex (f->mmio_last_value, ==, 0xdeadbeef);
  assert_fetch_fault (f, MMIO_BASE, PVM_EXC_INSN_ACCESS);

  /* Nothing mapped. */
  assert_load_fault (f, 0x20000000, PVM_EXC_LOAD_ACCESS);
  assert_store_fault (f, 0x20000000, PVM_EXC_STORE_ACCESS);
  assert_fetch_fault (f, 0x20000000, PVM_EXC_INSN_ACCESS);
}

static void
test_atomic_ptr_needs_aligned_ram (Fixture *f, gconstpointer data)
{
  void *p;
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, RAM_BASE + 0x100, 8, true, &p), ==, 0);
  g_assert_true (p == ram (f, RAM_BASE + 0x100));
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, RAM_BASE + 0x104, 4, false, &p), ==, 0);
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, RAM_BASE + 0x104, 8, true, &p), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_STORE_MISALIGNED);
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, RAM_BASE + 0x102, 4, false, &p), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_LOAD_MISALIGNED);
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, ROM_BASE, 4, false, &p), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_LOAD_ACCESS);
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, MMIO_BASE, 4, true, &p), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_STORE_ACCESS);
  /* Through the TLB once the page is mapped there. */
  store64 (f, RAM_BASE + 0x200, 0);
  g_assert_cmpint (pvm_mem_atomic_ptr (f->hart, RAM_BASE + 0x208, 8, true, &p), ==, 0);
  g_assert_true (p == ram (f, RAM_BASE + 0x208));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/hv/cpu/mmu/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("bare-m-mode-reaches-ram", test_bare_m_mode_reaches_ram);
  ADD ("sv39-4k-page-translates", test_sv39_4k_page_translates);
  ADD ("sv39-megapage-and-gigapage-translate", test_sv39_superpages_translate);
  ADD ("sv48-4k-giga-and-tera-pages-translate", test_sv48_pages_translate);
  ADD ("non-canonical-address-raises-page-fault", test_non_canonical_address_faults);
  ADD ("invalid-ptes-raise-page-faults-with-the-address", test_invalid_ptes_raise_page_faults);
  ADD ("misaligned-superpage-raises-page-fault", test_misaligned_superpage_faults);
  ADD ("permissions-follow-the-access-kind-and-mxr", test_permissions_by_access_kind);
  ADD ("user-pages-need-sum-and-are-never-executable-in-s-mode", test_user_pages_and_sum);
  ADD ("accessed-and-dirty-bits-are-set-by-the-walk", test_accessed_and_dirty_bits_are_set);
  ADD ("page-table-outside-ram-raises-access-fault", test_page_table_outside_ram_raises_access_fault);
  ADD ("mprv-translates-m-mode-data-as-mpp", test_mprv_translates_m_mode_data_as_mpp);
  ADD ("tlb-keeps-a-mapping-until-sfence-or-satp-write", test_tlb_keeps_a_mapping_until_sfence);
  ADD ("flushing-one-address-drops-a-whole-superpage", test_flushing_one_address_drops_a_whole_superpage);
  ADD ("pmp-tor-napot-na4-limit-s-mode", test_pmp_ranges_limit_s_mode);
  ADD ("pmp-checks-every-access-to-a-partly-allowed-page", test_pmp_checks_every_access_to_a_partly_allowed_page);
  ADD ("pmp-locked-entries-bind-m-mode-and-ignore-writes", test_pmp_locked_entries_bind_m_mode_and_ignore_writes);
  ADD ("misaligned-accesses-are-performed", test_misaligned_accesses_are_performed);
  ADD ("misaligned-store-faulting-on-second-page-writes-nothing", test_misaligned_store_faulting_on_second_page_writes_nothing);
  ADD ("rom-mmio-and-unmapped-addresses", test_rom_mmio_and_holes);
  ADD ("atomic-pointer-needs-aligned-ram", test_atomic_ptr_needs_aligned_ram);
#undef ADD
  return g_test_run ();
}

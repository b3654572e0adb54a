/* test-csr.c: CSR permissions, read/write masks, views, counters, and the Zicsr instructions. */
#include "hart-test.h"

#include "hv/cpu/csr.h"
#include "hv/cpu/mmu.h"

typedef HartFixture Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  hart_fixture_set_up (f, false);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  hart_fixture_tear_down (f);
}

static void
set_priv (Fixture *f, int priv)
{
  f->hart->priv = priv;
  pvm_mmu_update_mode (f->hart);
}

static uint64_t
rd (Fixture *f, unsigned csr)
{
  uint64_t v = 0;
  g_assert_cmpint (pvm_csr_read (f->hart, csr, &v), ==, 0);
  return v;
}

static void
wr (Fixture *f, unsigned csr, uint64_t v)
{
  g_assert_cmpint (pvm_csr_write (f->hart, csr, v), ==, 0);
}

static void
assert_read_illegal (Fixture *f, unsigned csr)
{
  uint64_t v;
  f->hart->trap_cause = 0;
  g_assert_cmpint (pvm_csr_read (f->hart, csr, &v), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_ILLEGAL_INSN);
}

static void
assert_write_illegal (Fixture *f, unsigned csr)
{
  f->hart->trap_cause = 0;
  g_assert_cmpint (pvm_csr_write (f->hart, csr, 0), !=, 0);
  g_assert_cmpuint (f->hart->trap_cause, ==, PVM_EXC_ILLEGAL_INSN);
}

static void
test_privilege_comes_from_the_address (Fixture *f, gconstpointer data)
{
  rd (f, PVM_CSR_MSTATUS);
  rd (f, PVM_CSR_SSTATUS);
  set_priv (f, PVM_PRIV_S);
  assert_read_illegal (f, PVM_CSR_MSTATUS);
  assert_write_illegal (f, PVM_CSR_MSCRATCH);
  rd (f, PVM_CSR_SSTATUS);
  set_priv (f, PVM_PRIV_U);
  assert_read_illegal (f, PVM_CSR_SSTATUS);
  assert_read_illegal (f, PVM_CSR_SATP);
  /* No hypervisor or debug CSRs, nothing at unassigned numbers. */
  set_priv (f, PVM_PRIV_M);
  assert_read_illegal (f, 0x600);
  assert_read_illegal (f, 0x7b0);
  assert_read_illegal (f, 0x7c0);
  assert_read_illegal (f, 0x5c0);
  assert_read_illegal (f, 0x3a1); /* pmpcfg1 only exists on RV32 */
}

static void
test_read_only_csrs_refuse_writes (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (rd (f, PVM_CSR_MVENDORID), ==, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MARCHID), ==, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MIMPID), ==, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MCONFIGPTR), ==, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MHARTID), ==, 0);
  g_assert_cmphex (f->machine->harts[1].mhartid, ==, 1);
  assert_write_illegal (f, PVM_CSR_MHARTID);
  assert_write_illegal (f, PVM_CSR_CYCLE);
  assert_write_illegal (f, PVM_CSR_TIME);
  /* Reading without writing (CSRRS with x0) is allowed. */
  uint64_t old;
  g_assert_cmpint (pvm_csr_access (f->hart, PVM_CSR_MHARTID, PVM_CSR_OP_SET, 0, false, &old), ==, 0);
  g_assert_cmpint (pvm_csr_access (f->hart, PVM_CSR_MHARTID, PVM_CSR_OP_SET, 1, true, &old), !=, 0);
}

static void
test_mstatus_keeps_its_fixed_and_warl_fields (Fixture *f, gconstpointer data)
{
  uint64_t v = rd (f, PVM_CSR_MSTATUS);
  g_assert_cmphex (v & (PVM_MSTATUS_UXL | PVM_MSTATUS_SXL), ==, (2ull << 32) | (2ull << 34));
  wr (f, PVM_CSR_MSTATUS, ~0ull);
  v = rd (f, PVM_CSR_MSTATUS);
  g_assert_cmphex (v, ==,
                   PVM_MSTATUS_SD | (2ull << 34) | (2ull << 32) | PVM_MSTATUS_TSR | PVM_MSTATUS_TW |
                     PVM_MSTATUS_TVM | PVM_MSTATUS_MXR | PVM_MSTATUS_SUM | PVM_MSTATUS_MPRV |
                     PVM_MSTATUS_FS | PVM_MSTATUS_MPP | PVM_MSTATUS_SPP | PVM_MSTATUS_MPIE |
                     PVM_MSTATUS_SPIE | PVM_MSTATUS_MIE | PVM_MSTATUS_SIE);
  /* MPP = 2 is reserved: the old MPP stays. */
  wr (f, PVM_CSR_MSTATUS, 2ull << PVM_MSTATUS_MPP_SHIFT);
  g_assert_cmphex (rd (f, PVM_CSR_MSTATUS) & PVM_MSTATUS_MPP, ==, PVM_MSTATUS_MPP);
  wr (f, PVM_CSR_MSTATUS, 1ull << PVM_MSTATUS_MPP_SHIFT | 1ull << PVM_MSTATUS_FS_SHIFT);
  v = rd (f, PVM_CSR_MSTATUS);
  g_assert_cmphex (v & PVM_MSTATUS_MPP, ==, 1ull << PVM_MSTATUS_MPP_SHIFT);
  g_assert_cmphex (v & PVM_MSTATUS_SD, ==, 0);
}

static void
test_sstatus_is_a_view_of_mstatus (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_MSTATUS, PVM_MSTATUS_MIE | PVM_MSTATUS_TVM);
  wr (f, PVM_CSR_SSTATUS, ~0ull);
  uint64_t m = rd (f, PVM_CSR_MSTATUS);
  g_assert_cmphex (m & (PVM_MSTATUS_MIE | PVM_MSTATUS_TVM), ==, PVM_MSTATUS_MIE | PVM_MSTATUS_TVM);
  g_assert_cmphex (m & PVM_MSTATUS_MPP, ==, 0);
  g_assert_cmphex (rd (f, PVM_CSR_SSTATUS), ==,
                   PVM_MSTATUS_SD | (2ull << 32) | PVM_MSTATUS_MXR | PVM_MSTATUS_SUM |
                     PVM_MSTATUS_FS | PVM_MSTATUS_SPP | PVM_MSTATUS_SPIE | PVM_MSTATUS_SIE);
  wr (f, PVM_CSR_SSTATUS, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MSTATUS) & ~(PVM_MSTATUS_UXL | PVM_MSTATUS_SXL), ==,
                   PVM_MSTATUS_MIE | PVM_MSTATUS_TVM);
}

static void
test_misa_is_rv64imafdcsu_and_read_only (Fixture *f, gconstpointer data)
{
  uint64_t v = rd (f, PVM_CSR_MISA);
  g_assert_cmphex (v, ==, (2ull << 62) | 0x14112d);
  wr (f, PVM_CSR_MISA, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MISA), ==, v);
}

static void
test_delegation_registers_have_their_writable_bits (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_MEDELEG, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_MEDELEG), ==, 0xb3ff);
  wr (f, PVM_CSR_MIDELEG, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_MIDELEG), ==, 0x222);
}

static void
test_interrupt_enable_and_pending_views (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_MIE, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_MIE), ==, 0xaaa);
  /* Nothing delegated: sie and sip are zero and ignore writes. */
  g_assert_cmphex (rd (f, PVM_CSR_SIE), ==, 0);
  wr (f, PVM_CSR_SIE, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MIE), ==, 0xaaa);
  wr (f, PVM_CSR_MIDELEG, PVM_MIP_SSIP | PVM_MIP_STIP);
  g_assert_cmphex (rd (f, PVM_CSR_SIE), ==, 0x22);
  wr (f, PVM_CSR_SIE, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MIE), ==, 0xa88);

  /* mip: SSIP, STIP and SEIP are writable from M; the M bits belong to the devices. */
  wr (f, PVM_CSR_MIP, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, 0x222);
  pvm_hart_set_mip (f->hart, PVM_MIP_MSIP | PVM_MIP_MEIP, true);
  wr (f, PVM_CSR_MIP, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, PVM_MIP_MSIP | PVM_MIP_MEIP);
  /* sip shows delegated bits; S-mode can write SSIP only. */
  wr (f, PVM_CSR_MIP, PVM_MIP_STIP | PVM_MIP_SEIP);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, PVM_MIP_MSIP | PVM_MIP_MEIP | PVM_MIP_STIP | PVM_MIP_SEIP);
  set_priv (f, PVM_PRIV_S);
  g_assert_cmphex (rd (f, PVM_CSR_SIP), ==, PVM_MIP_STIP);
  wr (f, PVM_CSR_SIP, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_SIP), ==, PVM_MIP_STIP | PVM_MIP_SSIP);
  wr (f, PVM_CSR_SIP, 0);
  g_assert_cmphex (rd (f, PVM_CSR_SIP), ==, PVM_MIP_STIP);
}

static void
test_mip_read_modify_write_keeps_the_controllers_seip_apart (Fixture *f, gconstpointer data)
{
  uint64_t old;
  pvm_hart_set_mip (f->hart, PVM_MIP_SEIP, true);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, PVM_MIP_SEIP);
  /* csrs mip, SSIP: the controller's SEIP must not become the software bit. */
  g_assert_cmpint (pvm_csr_access (f->hart, PVM_CSR_MIP, PVM_CSR_OP_SET, PVM_MIP_SSIP, true, &old), ==, 0);
  g_assert_cmphex (old, ==, PVM_MIP_SEIP);
  pvm_hart_set_mip (f->hart, PVM_MIP_SEIP, false);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, PVM_MIP_SSIP);
  /* The software bit alone also reads as SEIP, and is cleared by software. */
  wr (f, PVM_CSR_MIP, PVM_MIP_SEIP);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, PVM_MIP_SEIP);
  g_assert_cmpint (pvm_csr_access (f->hart, PVM_CSR_MIP, PVM_CSR_OP_CLEAR, PVM_MIP_SEIP, true, &old), ==, 0);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, 0);
}

static void
test_mip_reads_see_a_new_mtimecmp_at_once (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  /* What the ACLINT does on a store to mtimecmp: store it, post a timer request. */
  atomic_store (&h->mtimecmp, 0);
  pvm_hart_request (h, PVM_HART_REQ_TIMER);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, PVM_MIP_MTIP);
  atomic_store (&h->mtimecmp, UINT64_MAX);
  pvm_hart_request (h, PVM_HART_REQ_TIMER);
  g_assert_cmphex (rd (f, PVM_CSR_MIP), ==, 0);
}

static void
test_trap_vectors_and_epcs (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_MTVEC, 0x80001001);
  g_assert_cmphex (rd (f, PVM_CSR_MTVEC), ==, 0x80001001);
  wr (f, PVM_CSR_MTVEC, 0x80002002);
  g_assert_cmphex (rd (f, PVM_CSR_MTVEC), ==, 0x80001001);
  wr (f, PVM_CSR_STVEC, 0x80003000);
  wr (f, PVM_CSR_STVEC, 0x80004003);
  g_assert_cmphex (rd (f, PVM_CSR_STVEC), ==, 0x80003000);
  wr (f, PVM_CSR_MEPC, 0x80000003);
  g_assert_cmphex (rd (f, PVM_CSR_MEPC), ==, 0x80000002);
  wr (f, PVM_CSR_SEPC, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_SEPC), ==, ~1ull);
  wr (f, PVM_CSR_MCAUSE, 0x8000000000000007ull);
  g_assert_cmphex (rd (f, PVM_CSR_MCAUSE), ==, 0x8000000000000007ull);
}

static void
test_counters_are_gated_by_counteren (Fixture *f, gconstpointer data)
{
  f->hart->instret = 1000;
  g_assert_cmpuint (rd (f, PVM_CSR_INSTRET), ==, 1000);
  g_assert_cmpuint (rd (f, PVM_CSR_CYCLE), ==, 1000);
  uint64_t t0 = pvm_machine_time (f->machine);
  uint64_t t = rd (f, PVM_CSR_TIME);
  g_assert_cmpuint (t, >=, t0);
  g_assert_cmpuint (t, <=, pvm_machine_time (f->machine));
  g_assert_cmpuint (rd (f, PVM_CSR_HPMCOUNTER3 + 4), ==, 0);
  g_assert_cmpuint (rd (f, PVM_CSR_MHPMCOUNTER3), ==, 0);
  wr (f, PVM_CSR_MHPMCOUNTER3, 5);
  wr (f, PVM_CSR_MHPMEVENT3, 5);
  g_assert_cmpuint (rd (f, PVM_CSR_MHPMCOUNTER3), ==, 0);
  g_assert_cmpuint (rd (f, PVM_CSR_MHPMEVENT3), ==, 0);

  set_priv (f, PVM_PRIV_S);
  assert_read_illegal (f, PVM_CSR_CYCLE);
  assert_read_illegal (f, PVM_CSR_TIME);
  f->hart->mcounteren = 1u << 1;
  rd (f, PVM_CSR_TIME);
  assert_read_illegal (f, PVM_CSR_INSTRET);
  set_priv (f, PVM_PRIV_U);
  assert_read_illegal (f, PVM_CSR_TIME);
  f->hart->scounteren = 1u << 1 | 1u << 2;
  rd (f, PVM_CSR_TIME);
  assert_read_illegal (f, PVM_CSR_INSTRET); /* still closed in mcounteren */
}

static void
test_mcountinhibit_freezes_the_counters (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_MINSTRET, 100);
  wr (f, PVM_CSR_MCYCLE, 200);
  f->hart->instret += 10;
  g_assert_cmpuint (rd (f, PVM_CSR_MINSTRET), ==, 110);
  g_assert_cmpuint (rd (f, PVM_CSR_MCYCLE), ==, 210);
  wr (f, PVM_CSR_MCOUNTINHIBIT, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_MCOUNTINHIBIT), ==, 0xfffffffd);
  f->hart->instret += 50;
  g_assert_cmpuint (rd (f, PVM_CSR_MINSTRET), ==, 110);
  g_assert_cmpuint (rd (f, PVM_CSR_CYCLE), ==, 210);
  wr (f, PVM_CSR_MINSTRET, 7);
  wr (f, PVM_CSR_MCOUNTINHIBIT, 0);
  f->hart->instret += 3;
  g_assert_cmpuint (rd (f, PVM_CSR_MINSTRET), ==, 10);
  g_assert_cmpuint (rd (f, PVM_CSR_MCYCLE), ==, 213);
}

static void
test_satp_accepts_only_supported_modes (Fixture *f, gconstpointer data)
{
  uint64_t sv39 = 8ull << 60 | 0x1234ull << 44 | 0x80100;
  wr (f, PVM_CSR_SATP, sv39);
  g_assert_cmphex (rd (f, PVM_CSR_SATP), ==, sv39);
  wr (f, PVM_CSR_SATP, 10ull << 60 | 0x80200); /* Sv57: not supported, no effect */
  g_assert_cmphex (rd (f, PVM_CSR_SATP), ==, sv39);
  wr (f, PVM_CSR_SATP, 1ull << 60);
  g_assert_cmphex (rd (f, PVM_CSR_SATP), ==, sv39);
  wr (f, PVM_CSR_SATP, 9ull << 60 | 0x80300);
  g_assert_cmphex (rd (f, PVM_CSR_SATP), ==, 9ull << 60 | 0x80300);
  wr (f, PVM_CSR_SATP, 0);
  g_assert_cmphex (rd (f, PVM_CSR_SATP), ==, 0);
  /* mstatus.TVM traps satp in S-mode, not in M-mode. */
  wr (f, PVM_CSR_MSTATUS, PVM_MSTATUS_TVM);
  rd (f, PVM_CSR_SATP);
  set_priv (f, PVM_PRIV_S);
  assert_read_illegal (f, PVM_CSR_SATP);
  assert_write_illegal (f, PVM_CSR_SATP);
  f->hart->mstatus &= ~PVM_MSTATUS_TVM;
  wr (f, PVM_CSR_SATP, sv39);
}

static void
test_stimecmp_needs_stce_and_tm_below_m (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_STIMECMP, 1234);
  g_assert_cmpuint (rd (f, PVM_CSR_STIMECMP), ==, 1234);
  set_priv (f, PVM_PRIV_S);
  assert_read_illegal (f, PVM_CSR_STIMECMP);
  f->hart->menvcfg = 1ull << 63;
  assert_read_illegal (f, PVM_CSR_STIMECMP);
  f->hart->mcounteren = 1u << 1;
  wr (f, PVM_CSR_STIMECMP, 99);
  g_assert_cmpuint (rd (f, PVM_CSR_STIMECMP), ==, 99);
}

static void
test_envcfg_registers (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_MENVCFG, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_MENVCFG), ==, (1ull << 63) | 1);
  wr (f, PVM_CSR_SENVCFG, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_SENVCFG), ==, 1);
}

static void
test_fp_csrs_need_fs_and_make_it_dirty (Fixture *f, gconstpointer data)
{
  assert_read_illegal (f, PVM_CSR_FFLAGS);
  assert_write_illegal (f, PVM_CSR_FCSR);
  wr (f, PVM_CSR_MSTATUS, 1ull << PVM_MSTATUS_FS_SHIFT);
  g_assert_cmphex (rd (f, PVM_CSR_FCSR), ==, 0);
  wr (f, PVM_CSR_FCSR, 0xfff);
  g_assert_cmphex (rd (f, PVM_CSR_FCSR), ==, 0xff);
  g_assert_cmphex (rd (f, PVM_CSR_FFLAGS), ==, 0x1f);
  g_assert_cmphex (rd (f, PVM_CSR_FRM), ==, 7);
  g_assert_cmphex (rd (f, PVM_CSR_MSTATUS) & (PVM_MSTATUS_FS | PVM_MSTATUS_SD), ==,
                   PVM_MSTATUS_FS | PVM_MSTATUS_SD);
  wr (f, PVM_CSR_FRM, 0x2a);
  g_assert_cmphex (rd (f, PVM_CSR_FCSR), ==, 0x5f);
  set_priv (f, PVM_PRIV_U);
  wr (f, PVM_CSR_FFLAGS, 0);
  g_assert_cmphex (rd (f, PVM_CSR_FCSR), ==, 0x40);
}

static void
test_pmp_csrs_beyond_sixteen_entries_read_zero (Fixture *f, gconstpointer data)
{
  wr (f, PVM_CSR_PMPADDR0 + 20, 0x1234);
  g_assert_cmphex (rd (f, PVM_CSR_PMPADDR0 + 20), ==, 0);
  wr (f, PVM_CSR_PMPCFG0 + 4, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_PMPCFG0 + 4), ==, 0);
  wr (f, PVM_CSR_PMPADDR0 + 3, ~0ull);
  g_assert_cmphex (rd (f, PVM_CSR_PMPADDR0 + 3), ==, (1ull << 54) - 1);
  /* W without R is reserved; bits 5 and 6 read zero. */
  wr (f, PVM_CSR_PMPCFG0 + 2, 0x0000000000000062ull | 0x1b00);
  g_assert_cmphex (rd (f, PVM_CSR_PMPCFG0 + 2), ==, 0x1b00);
}

/* The Zicsr instructions, run by the hart: read/write rules and the illegal-instruction trap. */
static void
test_csr_instructions (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  uint64_t end = HART_TEST_CODE (f, TEST_RAM_BASE,
    0x05500293, /* addi t0,zero,0x55 */
    0x34029373, /* csrrw t1,mscratch,t0 */
    0x340023f3, /* csrrs t2,mscratch,zero */
    0x00f00e13, /* addi t3,zero,15 */
    0x340e3ef3, /* csrrc t4,mscratch,t3 */
    0x3401ef73, /* csrrsi t5,mscratch,3 */
    0x3400f073, /* csrrci zero,mscratch,1 */
    0x340fdff3, /* csrrwi t6,mscratch,31 */
    0xf1402573, /* csrrs a0,mhartid,zero */
    INSN_NOP, INSN_NOP,
    0xb02025f3, /* csrrs a1,minstret,zero */
    0xf1429073, /* csrrw zero,mhartid,t0: illegal */
    INSN_JAL_SELF);
  HART_TEST_CODE (f, TEST_RAM_BASE + 0x100, INSN_JAL_SELF);
  pvm_hart_reset (h, TEST_RAM_BASE);
  h->mtvec = TEST_RAM_BASE + 0x100;

  g_assert_cmpuint (pvm_hart_step (h, 13), ==, 13);
  g_assert_cmphex (h->x[REG_T1], ==, 0);
  g_assert_cmphex (h->x[REG_T2], ==, 0x55);
  g_assert_cmphex (h->x[REG_T4], ==, 0x55);
  g_assert_cmphex (h->x[REG_T5], ==, 0x50);
  g_assert_cmphex (h->x[REG_T6], ==, 0x52);
  g_assert_cmphex (h->mscratch, ==, 0x1f);
  g_assert_cmphex (h->x[REG_A0], ==, 0);
  g_assert_cmpuint (h->x[REG_A1], ==, 11);
  g_assert_cmphex (h->pc, ==, TEST_RAM_BASE + 0x100);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_ILLEGAL_INSN);
  g_assert_cmphex (h->mtval, ==, 0xf1429073);
  g_assert_cmphex (h->mepc, ==, end - 8);
  g_assert_cmpuint (h->instret, ==, 12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/hv/cpu/csr/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("privilege-comes-from-the-csr-address", test_privilege_comes_from_the_address);
  ADD ("read-only-csrs-refuse-writes", test_read_only_csrs_refuse_writes);
  ADD ("mstatus-keeps-its-fixed-and-warl-fields", test_mstatus_keeps_its_fixed_and_warl_fields);
  ADD ("sstatus-is-a-view-of-mstatus", test_sstatus_is_a_view_of_mstatus);
  ADD ("misa-is-rv64imafdcsu-and-read-only", test_misa_is_rv64imafdcsu_and_read_only);
  ADD ("delegation-registers-have-their-writable-bits", test_delegation_registers_have_their_writable_bits);
  ADD ("interrupt-enable-and-pending-views", test_interrupt_enable_and_pending_views);
  ADD ("mip-read-modify-write-keeps-the-controllers-seip-apart", test_mip_read_modify_write_keeps_the_controllers_seip_apart);
  ADD ("mip-reads-see-a-new-mtimecmp-at-once", test_mip_reads_see_a_new_mtimecmp_at_once);
  ADD ("trap-vectors-accept-modes-0-and-1-and-epcs-are-even", test_trap_vectors_and_epcs);
  ADD ("counters-are-gated-by-counteren", test_counters_are_gated_by_counteren);
  ADD ("mcountinhibit-freezes-the-counters", test_mcountinhibit_freezes_the_counters);
  ADD ("satp-accepts-only-supported-modes-and-obeys-tvm", test_satp_accepts_only_supported_modes);
  ADD ("stimecmp-needs-stce-and-tm-below-m", test_stimecmp_needs_stce_and_tm_below_m);
  ADD ("envcfg-registers-keep-their-implemented-bits", test_envcfg_registers);
  ADD ("fp-csrs-need-fs-and-make-it-dirty", test_fp_csrs_need_fs_and_make_it_dirty);
  ADD ("pmp-csrs-beyond-sixteen-entries-read-zero", test_pmp_csrs_beyond_sixteen_entries_read_zero);
  ADD ("csr-instructions-read-write-and-trap", test_csr_instructions);
#undef ADD
  return g_test_run ();
}

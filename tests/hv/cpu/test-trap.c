/* test-trap.c: trap delegation and the status stack, trap vectors, interrupt priority and
 * enablement, xRET, ECALL/EBREAK/WFI/SFENCE.VMA rules, and PV mode's SBI ECALL. */
#include "hart-test.h"

#include "hv/cpu/csr.h"
#include "hv/cpu/mmu.h"
#include "hv/pv/sbi.h"

#define CODE (TEST_RAM_BASE + 0x1000)
#define MTVEC (TEST_RAM_BASE + 0x2000)
#define STVEC (TEST_RAM_BASE + 0x3000)
#define IRQ(n) ((1ull << 63) | (n))

typedef HartFixture Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  hart_fixture_set_up (f, false);
  PvmHart *h = f->hart;
  h->mtvec = MTVEC;
  h->stvec = STVEC;
  HART_TEST_CODE (f, MTVEC, INSN_JAL_SELF);
  HART_TEST_CODE (f, STVEC, INSN_JAL_SELF);
  /* Let S and U reach memory. */
  h->pmpaddr[0] = (1ull << 54) - 1;
  g_assert_cmpint (pvm_csr_write (h, PVM_CSR_PMPCFG0, 0x1f), ==, 0);
}

static void
fixture_pv_set_up (Fixture *f, gconstpointer data)
{
  hart_fixture_set_up (f, true);
  f->hart->stvec = STVEC;
  HART_TEST_CODE (f, STVEC, INSN_JAL_SELF);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  hart_fixture_tear_down (f);
}

static void
enter (Fixture *f, int priv, uint64_t pc)
{
  f->hart->priv = priv;
  f->hart->pc = pc;
  pvm_mmu_update_mode (f->hart);
}

static uint64_t
mpp (const PvmHart *h)
{
  return (h->mstatus & PVM_MSTATUS_MPP) >> PVM_MSTATUS_MPP_SHIFT;
}

static void
test_m_mode_exceptions_are_never_delegated (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  h->medeleg = 0xb3ff;
  h->mstatus |= PVM_MSTATUS_MIE;
  enter (f, PVM_PRIV_M, CODE + 8);
  pvm_hart_take_trap (h, PVM_EXC_ILLEGAL_INSN, 0x1234);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
  g_assert_cmphex (h->pc, ==, MTVEC);
  g_assert_cmphex (h->mepc, ==, CODE + 8);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_ILLEGAL_INSN);
  g_assert_cmphex (h->mtval, ==, 0x1234);
  g_assert_cmpuint (mpp (h), ==, PVM_PRIV_M);
  g_assert_true (h->mstatus & PVM_MSTATUS_MPIE);
  g_assert_false (h->mstatus & PVM_MSTATUS_MIE);
}

static void
test_delegated_exceptions_go_to_s_mode (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  h->medeleg = 1u << PVM_EXC_ECALL_U | 1u << PVM_EXC_LOAD_PAGE_FAULT;
  h->mstatus |= PVM_MSTATUS_SIE | PVM_MSTATUS_SPP;
  enter (f, PVM_PRIV_U, CODE);
  pvm_hart_take_trap (h, PVM_EXC_ECALL_U, 0);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->pc, ==, STVEC);
  g_assert_cmphex (h->sepc, ==, CODE);
  g_assert_cmphex (h->scause, ==, PVM_EXC_ECALL_U);
  g_assert_cmphex (h->stval, ==, 0);
  g_assert_false (h->mstatus & PVM_MSTATUS_SPP);
  g_assert_true (h->mstatus & PVM_MSTATUS_SPIE);
  g_assert_false (h->mstatus & PVM_MSTATUS_SIE);
  g_assert_cmphex (h->mepc, ==, 0);

  /* From S-mode: SPP records S. */
  enter (f, PVM_PRIV_S, CODE + 4);
  pvm_hart_take_trap (h, PVM_EXC_LOAD_PAGE_FAULT, 0xdead000);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_true (h->mstatus & PVM_MSTATUS_SPP);
  g_assert_false (h->mstatus & PVM_MSTATUS_SPIE);
  g_assert_cmphex (h->stval, ==, 0xdead000);

  /* Not delegated: to M, with MPP = S. */
  enter (f, PVM_PRIV_S, CODE + 6);
  pvm_hart_take_trap (h, PVM_EXC_ECALL_S, 0);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
  g_assert_cmpuint (mpp (h), ==, PVM_PRIV_S);
  g_assert_cmphex (h->mepc, ==, CODE + 6);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_ECALL_S);
}

static void
test_vectored_mode_applies_to_interrupts_only (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  h->mtvec = MTVEC | 1;
  h->stvec = STVEC | 1;
  h->mideleg = PVM_MIP_STIP;
  enter (f, PVM_PRIV_S, CODE);
  pvm_hart_take_trap (h, IRQ (PVM_IRQ_M_TIMER), 0);
  g_assert_cmphex (h->pc, ==, MTVEC + 4 * 7);
  g_assert_cmphex (h->mcause, ==, IRQ (7));
  enter (f, PVM_PRIV_U, CODE);
  pvm_hart_take_trap (h, IRQ (PVM_IRQ_S_TIMER), 0);
  g_assert_cmphex (h->pc, ==, STVEC + 4 * 5);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  enter (f, PVM_PRIV_M, CODE);
  pvm_hart_take_trap (h, PVM_EXC_BREAKPOINT, CODE);
  g_assert_cmphex (h->pc, ==, MTVEC);
}

static void
test_interrupts_come_in_priority_order (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  static const unsigned order[] = {
    PVM_IRQ_M_EXT, PVM_IRQ_M_SOFT, PVM_IRQ_M_TIMER, PVM_IRQ_S_EXT, PVM_IRQ_S_SOFT, PVM_IRQ_S_TIMER,
  };
  h->mie = 0xaaa;
  h->mstatus |= PVM_MSTATUS_MIE;
  pvm_hart_set_mip (h, 0xaaa, true);
  for (unsigned i = 0; i < G_N_ELEMENTS (order); i++) {
    g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, IRQ (order[i]));
    pvm_hart_set_mip (h, 1ull << order[i], false);
  }
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, 0);
}

static void
test_interrupt_enablement_follows_privilege (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  h->mie = 0xaaa;
  h->mideleg = PVM_MIP_SSIP | PVM_MIP_STIP | PVM_MIP_SEIP;

  /* M-mode: M interrupts need MIE; delegated ones are never taken. */
  pvm_hart_set_mip (h, PVM_MIP_MTIP | PVM_MIP_SEIP, true);
  enter (f, PVM_PRIV_M, CODE);
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, 0);
  h->mstatus |= PVM_MSTATUS_MIE | PVM_MSTATUS_SIE;
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, IRQ (PVM_IRQ_M_TIMER));
  pvm_hart_set_mip (h, PVM_MIP_MTIP, false);
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, 0);

  /* S-mode: M interrupts always, S ones with SIE. */
  pvm_hart_set_mip (h, PVM_MIP_MTIP, true);
  h->mstatus &= ~(PVM_MSTATUS_MIE | PVM_MSTATUS_SIE);
  enter (f, PVM_PRIV_S, CODE);
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, IRQ (PVM_IRQ_M_TIMER));
  pvm_hart_set_mip (h, PVM_MIP_MTIP, false);
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, 0);
  h->mstatus |= PVM_MSTATUS_SIE;
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, IRQ (PVM_IRQ_S_EXT));

  /* U-mode: everything enabled in mie. */
  h->mstatus &= ~PVM_MSTATUS_SIE;
  enter (f, PVM_PRIV_U, CODE);
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, IRQ (PVM_IRQ_S_EXT));
  h->mie = 0;
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, 0);

  /* An interrupt for M comes before one for S whatever their order in the list. */
  h->mie = 0xaaa;
  h->mideleg = PVM_MIP_SEIP;
  pvm_hart_set_mip (h, PVM_MIP_STIP, true);
  g_assert_cmphex (pvm_hart_pending_interrupt (h), ==, IRQ (PVM_IRQ_S_TIMER));
}

static void
test_the_run_loop_takes_interrupts_between_blocks (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_NOP, INSN_NOP, INSN_JAL_SELF);
  enter (f, PVM_PRIV_M, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 3), ==, 3);
  g_assert_cmphex (h->pc, ==, CODE + 8);
  /* Enabled in mie but not in mstatus: nothing happens. */
  h->mie = PVM_MIP_MSIP;
  pvm_hart_set_mip (h, PVM_MIP_MSIP, true);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->pc, ==, CODE + 8);
  /* Enabling it by a CSR instruction lets the interrupt in at the next block. */
  g_assert_cmpint (pvm_csr_write (h, PVM_CSR_MSTATUS, h->mstatus | PVM_MSTATUS_MIE), ==, 0);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->mcause, ==, IRQ (PVM_IRQ_M_SOFT));
  g_assert_cmphex (h->mepc, ==, CODE + 8);
  g_assert_cmphex (h->pc, ==, MTVEC);
}

static void
test_mret_and_sret_unwind_the_status_stack (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_MRET);
  HART_TEST_CODE (f, CODE + 0x100, INSN_SRET);
  HART_TEST_CODE (f, CODE + 0x200, INSN_NOP, INSN_JAL_SELF);

  /* MRET to S: MIE = MPIE, MPIE = 1, MPP = U, MPRV cleared. */
  h->mstatus = (h->mstatus & ~PVM_MSTATUS_MPP) | 1ull << PVM_MSTATUS_MPP_SHIFT |
               PVM_MSTATUS_MPRV | PVM_MSTATUS_MPIE;
  h->mepc = CODE + 0x100;
  enter (f, PVM_PRIV_M, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->pc, ==, CODE + 0x100);
  g_assert_cmpuint (mpp (h), ==, PVM_PRIV_U);
  g_assert_true (h->mstatus & PVM_MSTATUS_MIE);
  g_assert_true (h->mstatus & PVM_MSTATUS_MPIE);
  g_assert_false (h->mstatus & PVM_MSTATUS_MPRV);

  /* SRET to U: SIE = SPIE, SPIE = 1, SPP = U. */
  h->mstatus = (h->mstatus & ~(PVM_MSTATUS_SPP | PVM_MSTATUS_SIE)) | PVM_MSTATUS_SPIE;
  h->sepc = CODE + 0x200;
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_U);
  g_assert_cmphex (h->pc, ==, CODE + 0x200);
  g_assert_true (h->mstatus & PVM_MSTATUS_SIE);
  g_assert_true (h->mstatus & PVM_MSTATUS_SPIE);

  /* MRET to M keeps MPRV. */
  h->mstatus |= PVM_MSTATUS_MPP | PVM_MSTATUS_MPRV;
  h->mepc = CODE + 0x200;
  enter (f, PVM_PRIV_M, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
  g_assert_true (h->mstatus & PVM_MSTATUS_MPRV);
}

static void
assert_illegal_at (Fixture *f, int priv, uint64_t pc, uint32_t raw)
{
  PvmHart *h = f->hart;
  enter (f, priv, pc);
  h->medeleg = 0;
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
  g_assert_cmphex (h->pc, ==, MTVEC);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_ILLEGAL_INSN);
  g_assert_cmphex (h->mtval, ==, raw);
  g_assert_cmphex (h->mepc, ==, pc);
  g_assert_cmpuint (mpp (h), ==, (uint64_t) priv);
}

static void
test_privileged_instructions_check_privilege (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_MRET);
  HART_TEST_CODE (f, CODE + 0x10, INSN_SRET);
  HART_TEST_CODE (f, CODE + 0x20, INSN_WFI);
  HART_TEST_CODE (f, CODE + 0x30, 0x12000073 /* sfence.vma */);

  assert_illegal_at (f, PVM_PRIV_S, CODE, INSN_MRET);
  assert_illegal_at (f, PVM_PRIV_U, CODE + 0x10, INSN_SRET);
  h->mstatus |= PVM_MSTATUS_TSR;
  assert_illegal_at (f, PVM_PRIV_S, CODE + 0x10, INSN_SRET);
  h->mstatus &= ~PVM_MSTATUS_TSR;

  assert_illegal_at (f, PVM_PRIV_U, CODE + 0x20, INSN_WFI);
  h->mstatus |= PVM_MSTATUS_TW;
  assert_illegal_at (f, PVM_PRIV_S, CODE + 0x20, INSN_WFI);
  /* M-mode may always wait. */
  enter (f, PVM_PRIV_M, CODE + 0x20);
  h->mie = PVM_MIP_MSIP;
  pvm_hart_set_mip (h, PVM_MIP_MSIP, true);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->pc, ==, CODE + 0x24);
  h->mstatus &= ~PVM_MSTATUS_TW;
  pvm_hart_set_mip (h, PVM_MIP_MSIP, false);

  assert_illegal_at (f, PVM_PRIV_U, CODE + 0x30, 0x12000073);
  h->mstatus |= PVM_MSTATUS_TVM;
  assert_illegal_at (f, PVM_PRIV_S, CODE + 0x30, 0x12000073);
  h->mstatus &= ~PVM_MSTATUS_TVM;
  enter (f, PVM_PRIV_S, CODE + 0x30);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->pc, ==, CODE + 0x34);
}

static void
test_ecall_and_ebreak_causes (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  static const struct { int priv; uint64_t cause; } cases[] = {
    { PVM_PRIV_U, PVM_EXC_ECALL_U }, { PVM_PRIV_S, PVM_EXC_ECALL_S }, { PVM_PRIV_M, PVM_EXC_ECALL_M },
  };
  HART_TEST_CODE (f, CODE, INSN_ECALL, INSN_EBREAK);
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++) {
    enter (f, cases[i].priv, CODE);
    g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
    g_assert_cmphex (h->mcause, ==, cases[i].cause);
    g_assert_cmphex (h->mepc, ==, CODE);
    g_assert_cmphex (h->mtval, ==, 0);
  }
  enter (f, PVM_PRIV_S, CODE + 4);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_BREAKPOINT);
  g_assert_cmphex (h->mtval, ==, CODE + 4);
  g_assert_cmpuint (h->instret, ==, 0);
}

static void
test_xret_lets_a_pending_interrupt_in_at_once (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_SRET);
  HART_TEST_CODE (f, CODE + 0x100, INSN_NOP, INSN_JAL_SELF);
  h->mideleg = PVM_MIP_STIP;
  h->mie = PVM_MIP_STIP;
  pvm_hart_set_mip (h, PVM_MIP_STIP, true);
  h->mstatus |= PVM_MSTATUS_SPIE;
  h->sepc = CODE + 0x100;
  enter (f, PVM_PRIV_S, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_U);
  /* The interrupt is taken before the first U-mode instruction. */
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->scause, ==, IRQ (PVM_IRQ_S_TIMER));
  g_assert_cmphex (h->sepc, ==, CODE + 0x100);
  g_assert_cmphex (h->pc, ==, STVEC);
}

static void
test_pv_s_mode_ecall_is_answered_by_the_sbi (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->mideleg, ==, 0x222);
  g_assert_cmphex (h->medeleg, ==, 0xb109);
  g_assert_true (h->menvcfg & (1ull << 63));
  HART_TEST_CODE (f, CODE,
    0x01000893, /* addi a7,zero,16: base extension */
    0x00000813, /* addi a6,zero,0: get_spec_version */
    INSN_ECALL,
    0x00050613, /* addi a2,a0,0 */
    INSN_JAL_SELF);
  h->pc = CODE;
  h->x[REG_A0] = 99;
  g_assert_cmpuint (pvm_hart_step (h, 4), ==, 4);
  g_assert_cmphex (h->pc, ==, CODE + 16);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->x[REG_A2], ==, PVM_SBI_SUCCESS);
  g_assert_cmphex (h->x[REG_A1], >=, 2ull << 24);
  g_assert_cmpuint (h->instret, ==, 4);
}

static void
test_pv_exceptions_all_reach_s_mode (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, 0x00000000 /* illegal */, INSN_ECALL);
  enter (f, PVM_PRIV_U, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->scause, ==, PVM_EXC_ILLEGAL_INSN);
  g_assert_cmphex (h->sepc, ==, CODE);
  g_assert_cmphex (h->pc, ==, STVEC);
  enter (f, PVM_PRIV_U, CODE + 2);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->scause, ==, PVM_EXC_ECALL_U);
  /* An illegal instruction in S-mode as well. */
  enter (f, PVM_PRIV_S, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h->scause, ==, PVM_EXC_ILLEGAL_INSN);
  g_assert_true (h->mstatus & PVM_MSTATUS_SPP);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/hv/cpu/trap/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_PV(path, fn) g_test_add ("/hv/cpu/trap/" path, Fixture, NULL, fixture_pv_set_up, fn, fixture_tear_down)
  ADD ("m-mode-exceptions-are-never-delegated", test_m_mode_exceptions_are_never_delegated);
  ADD ("delegated-exceptions-go-to-s-mode-with-the-status-stack", test_delegated_exceptions_go_to_s_mode);
  ADD ("vectored-mode-applies-to-interrupts-only", test_vectored_mode_applies_to_interrupts_only);
  ADD ("interrupts-come-in-priority-order", test_interrupts_come_in_priority_order);
  ADD ("interrupt-enablement-follows-privilege", test_interrupt_enablement_follows_privilege);
  ADD ("the-run-loop-takes-interrupts-between-blocks", test_the_run_loop_takes_interrupts_between_blocks);
  ADD ("mret-and-sret-unwind-the-status-stack", test_mret_and_sret_unwind_the_status_stack);
  ADD ("privileged-instructions-check-privilege", test_privileged_instructions_check_privilege);
  ADD ("ecall-and-ebreak-causes", test_ecall_and_ebreak_causes);
  ADD ("xret-lets-a-pending-interrupt-in-at-once", test_xret_lets_a_pending_interrupt_in_at_once);
  ADD_PV ("pv-s-mode-ecall-is-answered-by-the-sbi", test_pv_s_mode_ecall_is_answered_by_the_sbi);
  ADD_PV ("pv-exceptions-all-reach-s-mode", test_pv_exceptions_all_reach_s_mode);
#undef ADD
#undef ADD_PV
  return g_test_run ();
}

/* trap.c: taking exceptions and interrupts — delegation, the status stack, trap vectors — and
 * noticing a hart stuck in a trap loop. */
#include "hv/cpu/hart-private.h"
#include "hv/cpu/mmu.h"
#include "hv/machine/guest-error.h"

/* A hart is stuck when its trap handler raises the exception it is handling, at the same pc,
 * before it returns: the same exception at the same pc, taken from the privilege it is taken
 * to while xPP still holds that privilege (an xRET would have cleared it), each within
 * TRAP_LOOP_SLACK instructions of the previous one, TRAP_LOOP_REPEATS times in a row. A real
 * machine would spin there; so does the hart, after one guest error. */
#define TRAP_LOOP_REPEATS 1000
#define TRAP_LOOP_SLACK 4096

static const char *const trap_exception_names[] = {
  [PVM_EXC_INSN_MISALIGNED] = "instruction address misaligned",
  [PVM_EXC_INSN_ACCESS] = "instruction access fault",
  [PVM_EXC_ILLEGAL_INSN] = "illegal instruction",
  [PVM_EXC_BREAKPOINT] = "breakpoint",
  [PVM_EXC_LOAD_MISALIGNED] = "load address misaligned",
  [PVM_EXC_LOAD_ACCESS] = "load access fault",
  [PVM_EXC_STORE_MISALIGNED] = "store address misaligned",
  [PVM_EXC_STORE_ACCESS] = "store access fault",
  [PVM_EXC_ECALL_U] = "environment call from U-mode",
  [PVM_EXC_ECALL_S] = "environment call from S-mode",
  [PVM_EXC_ECALL_M] = "environment call from M-mode",
  [PVM_EXC_INSN_PAGE_FAULT] = "instruction page fault",
  [PVM_EXC_LOAD_PAGE_FAULT] = "load page fault",
  [PVM_EXC_STORE_PAGE_FAULT] = "store page fault",
};

/* Interrupts in decreasing priority (privileged spec 3.1.9). */
static const uint8_t trap_irq_order[] = {
  PVM_IRQ_M_EXT, PVM_IRQ_M_SOFT, PVM_IRQ_M_TIMER, PVM_IRQ_S_EXT, PVM_IRQ_S_SOFT, PVM_IRQ_S_TIMER,
};

static uint64_t
trap_highest (uint64_t bits)
{
  for (unsigned i = 0; i < G_N_ELEMENTS (trap_irq_order); i++)
    if (bits & (1ull << trap_irq_order[i]))
      return PVM_CAUSE_INTERRUPT | trap_irq_order[i];
  return 0;
}

uint64_t
pvm_hart_pending_interrupt (PvmHart *hart)
{
  uint64_t pending = _pvm_hart_mip (hart) & hart->mie;
  if (PVM_LIKELY (!pending))
    return 0;

  int priv = hart->priv;
  uint64_t status = hart->mstatus;
  uint64_t to_m = pending & ~hart->mideleg;
  if (to_m && (priv < PVM_PRIV_M || (status & PVM_MSTATUS_MIE)))
    return trap_highest (to_m);
  uint64_t to_s = pending & hart->mideleg;
  if (to_s && (priv < PVM_PRIV_S || (priv == PVM_PRIV_S && (status & PVM_MSTATUS_SIE))))
    return trap_highest (to_s);
  return 0;
}

static uint64_t
trap_vector (uint64_t tvec, uint64_t cause)
{
  uint64_t base = tvec & ~3ull;
  if ((tvec & 3) == 1 && (cause & PVM_CAUSE_INTERRUPT))
    return base + 4 * (cause & 63);
  return base;
}

/* Counts the exception @cause just taken at @epc into hart->priv, @nested if from that same
 * privilege with its xPP still holding it, and reports the hart once when it is stuck (see
 * TRAP_LOOP_REPEATS). */
static void
trap_watch_loop (PvmHart *hart, uint64_t cause, uint64_t epc, bool nested)
{
  if (cause & PVM_CAUSE_INTERRUPT)
    return;
  if (!nested || cause != hart->diag_trap_cause || epc != hart->diag_trap_pc ||
      hart->instret - hart->diag_trap_instret > TRAP_LOOP_SLACK) {
    hart->diag_trap_cause = cause;
    hart->diag_trap_pc = epc;
    hart->diag_trap_repeats = 0;
  } else if (hart->diag_trap_repeats < TRAP_LOOP_REPEATS &&
             ++hart->diag_trap_repeats == TRAP_LOOP_REPEATS) {
    const char *name = cause < G_N_ELEMENTS (trap_exception_names) && trap_exception_names[cause]
                         ? trap_exception_names[cause]
                         : "a reserved exception";
    pvm_guest_error ("hart %u is stuck in %s-mode: it takes exception %" G_GUINT64_FORMAT
                     " (%s) at pc 0x%" G_GINT64_MODIFIER "x over and over, its trap handler "
                     "at 0x%" G_GINT64_MODIFIER "x raising it again before it returns",
                     hart->id, hart->priv == PVM_PRIV_M ? "M" : "S", cause, name, epc,
                     hart->pc);
  }
  hart->diag_trap_instret = hart->instret;
}

void
pvm_hart_take_trap (PvmHart *hart, uint64_t cause, uint64_t tval)
{
  uint64_t epc = hart->pc;
  int priv = hart->priv;
  uint64_t code = cause & ~PVM_CAUSE_INTERRUPT;
  uint64_t deleg = (cause & PVM_CAUSE_INTERRUPT) ? hart->mideleg : hart->medeleg;
  uint64_t status = hart->mstatus;
  bool nested;

  /* In PV mode no M-mode software runs: whatever an SBI firmware would redirect goes to S. */
  if (hart->pv || (priv <= PVM_PRIV_S && code < 64 && ((deleg >> code) & 1))) {
    nested = priv == PVM_PRIV_S && (status & PVM_MSTATUS_SPP);
    hart->scause = cause;
    hart->sepc = hart->pc;
    hart->stval = tval;
    status &= ~(PVM_MSTATUS_SPIE | PVM_MSTATUS_SPP);
    if (status & PVM_MSTATUS_SIE)
      status |= PVM_MSTATUS_SPIE;
    if (priv == PVM_PRIV_S)
      status |= PVM_MSTATUS_SPP;
    status &= ~PVM_MSTATUS_SIE;
    hart->priv = PVM_PRIV_S;
    hart->pc = trap_vector (hart->stvec, cause);
  } else {
    nested = priv == PVM_PRIV_M && (status & PVM_MSTATUS_MPP) == PVM_MSTATUS_MPP;
    hart->mcause = cause;
    hart->mepc = hart->pc;
    hart->mtval = tval;
    status &= ~(PVM_MSTATUS_MPIE | PVM_MSTATUS_MPP);
    if (status & PVM_MSTATUS_MIE)
      status |= PVM_MSTATUS_MPIE;
    status |= (uint64_t) priv << PVM_MSTATUS_MPP_SHIFT;
    status &= ~PVM_MSTATUS_MIE;
    hart->priv = PVM_PRIV_M;
    hart->pc = trap_vector (hart->mtvec, cause);
  }
  hart->mstatus = status;
  pvm_mmu_update_mode (hart);
  _pvm_hart_irq_changed (hart);
  trap_watch_loop (hart, cause, epc, nested);
}

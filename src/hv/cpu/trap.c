/* trap.c: taking exceptions and interrupts — delegation, the status stack, trap vectors. */
#include "hv/cpu/hart-private.h"
#include "hv/cpu/mmu.h"

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

void
pvm_hart_take_trap (PvmHart *hart, uint64_t cause, uint64_t tval)
{
  int priv = hart->priv;
  uint64_t code = cause & ~PVM_CAUSE_INTERRUPT;
  uint64_t deleg = (cause & PVM_CAUSE_INTERRUPT) ? hart->mideleg : hart->medeleg;
  uint64_t status = hart->mstatus;

  /* In PV mode no M-mode software runs: whatever an SBI firmware would redirect goes to S. */
  if (hart->pv || (priv <= PVM_PRIV_S && code < 64 && ((deleg >> code) & 1))) {
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
}

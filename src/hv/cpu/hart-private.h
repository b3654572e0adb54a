/* hart-private.h: what the files of the hart core (hart, trap, csr, mmu, pmp, exec-priv)
 * share about the hart's internals. */
#pragma once

#include <stdatomic.h>

#include "hv/cpu/hart.h"
#include "hv/cpu/insn.h"

#define PVM_MSTATUS_SUM_MXR (PVM_MSTATUS_SUM | PVM_MSTATUS_MXR)
#define PVM_MENVCFG_FIOM (1ull << 0)
#define PVM_MENVCFG_STCE (1ull << 63)
#define PVM_SATP_MODE_SHIFT 60
#define PVM_SATP_MODE_BARE 0
#define PVM_SATP_MODE_SV39 8
#define PVM_SATP_MODE_SV48 9
#define PVM_SATP_PPN_MASK ((1ull << 44) - 1)
#define PVM_CAUSE_INTERRUPT (1ull << 63)

/* Blocks between two clock reads. A block takes some tens of ns, a clock read about 20 ns:
 * this keeps the cost near 1% and the timer latency at a few µs (under 50 µs even for
 * blocks of 64 instructions). */
#define PVM_HART_TIMER_INTERVAL 128

/* Posts @req to the hart itself, from its own thread: no wake-up is needed. */
static inline void
_pvm_hart_post_self (PvmHart *hart, uint32_t req)
{
  atomic_fetch_or_explicit (&hart->requests, req, memory_order_relaxed);
}

/* Returns the pending interrupt bits as the guest sees them in mip. */
static inline uint64_t
_pvm_hart_mip (const PvmHart *hart)
{
  return atomic_load_explicit (&((PvmHart *) hart)->mip, memory_order_relaxed) | hart->mip_sw;
}

/* Asks for an interrupt check at the next block boundary if some interrupt is pending and
 * enabled in mie; call after anything that may let an interrupt be taken. */
static inline void
_pvm_hart_irq_changed (PvmHart *hart)
{
  if (_pvm_hart_mip (hart) & hart->mie)
    _pvm_hart_post_self (hart, PVM_HART_REQ_IRQ);
}

/* Recomputes the timer interrupt bits now if a timer compare register changed since they
 * were last computed (PVM_HART_REQ_TIMER is posted); for reads of mip, which must see a
 * change of mtimecmp made by the instruction before. */
void _pvm_hart_sync_timers (PvmHart *hart);

/* Counter values as the CSRs show them (mcountinhibit honoured). */
uint64_t _pvm_hart_mcycle (const PvmHart *hart);
uint64_t _pvm_hart_minstret (const PvmHart *hart);

/* Sets @hart up in S-mode at hsm_start_addr with a0 = hartid, a1 = hsm_start_opaque,
 * satp = 0 and SIE = 0, as an SBI HSM start or non-retentive resume does. */
void _pvm_hart_hsm_enter (PvmHart *hart);

/* Sets MTIP (full virtualization) or STIP (PV: the SBI timer in mtimecmp; Sstc: stimecmp)
 * from the time @now, and asks for an interrupt check if one became pending. */
void _pvm_hart_update_timers (PvmHart *hart, uint64_t now);

/* Handles the posted requests at a block boundary: remote fences, HSM, timers, WFI (sleeping
 * if @may_sleep), and takes a pending interrupt. Returns true if the hart must stop running:
 * PVM_HART_REQ_EXIT, or without @may_sleep a state in which it would sleep. */
bool _pvm_hart_service (PvmHart *hart, bool may_sleep);

/* The instruction @insn of the running block (which starts at hart->pc) raised the trap
 * recorded in @hart: takes it at the instruction's pc. */
static inline void
_pvm_hart_trap_at (PvmHart *hart, const PvmInsn *insn)
{
  hart->pc += insn->pc_off;
  pvm_hart_take_trap (hart, hart->trap_cause, hart->trap_tval);
}

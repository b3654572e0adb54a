/* hart.c: a hart's life — reset, requests from other threads, WFI, HSM, timers, and
 * single-stepping for tests (the run loop is in interp.c). */
#include "hv/cpu/hart.h"

#include <string.h>

#include "hv/cpu/block.h"
#include "hv/cpu/csr.h"
#include "hv/cpu/hart-private.h"
#include "hv/cpu/mmu-private.h"
#include "hv/cpu/mmu.h"
#include "hv/cpu/pmp.h"
#include "hv/machine/machine.h"
#include "hv/machine/spin.h"

/* What OpenSBI delegates to S-mode: misaligned fetch, breakpoint, U-mode ECALL, page faults. */
#define HART_PV_MEDELEG                                                                            \
  ((1u << PVM_EXC_INSN_MISALIGNED) | (1u << PVM_EXC_BREAKPOINT) | (1u << PVM_EXC_ECALL_U) |       \
   (1u << PVM_EXC_INSN_PAGE_FAULT) | (1u << PVM_EXC_LOAD_PAGE_FAULT) |                           \
   (1u << PVM_EXC_STORE_PAGE_FAULT))
#define HART_PV_MIDELEG (PVM_MIP_SSIP | PVM_MIP_STIP | PVM_MIP_SEIP)

/* Sleeping ends when the hart may go on (HART_WAKE_OK), when other work came in that the run
 * loop must see first (HART_WAKE_REQUEST, the request bits are left posted), or, for
 * pvm_hart_step(), when the hart would have to sleep (HART_WAKE_NO_SLEEP). */
typedef enum { HART_WAKE_OK, HART_WAKE_REQUEST, HART_WAKE_NO_SLEEP } HartWake;

uint64_t
pvm_hart_time (PvmHart *hart)
{
  return pvm_machine_time (hart->machine);
}

void
pvm_hart_init (PvmHart *hart, PvmMachine *machine, unsigned id, bool pv)
{
  memset (hart, 0, sizeof *hart);
  g_mutex_init (&hart->lock);
  g_cond_init (&hart->wake);
  hart->machine = machine;
  hart->id = id;
  hart->pv = pv;
  hart->blocks = pvm_block_cache_new ();
  pvm_hart_reset (hart, 0);
}

void
pvm_hart_clear (PvmHart *hart)
{
  pvm_block_cache_free (hart->blocks);
  hart->blocks = NULL;
  g_cond_clear (&hart->wake);
  g_mutex_clear (&hart->lock);
}

void
pvm_hart_reset (PvmHart *hart, uint64_t pc)
{
  bool pv = hart->pv;

  memset (hart->x, 0, sizeof hart->x);
  memset (hart->f, 0, sizeof hart->f);
  hart->pc = pc;
  hart->fflags = 0;
  hart->frm = 0;
  hart->priv = pv ? PVM_PRIV_S : PVM_PRIV_M;

  hart->mstatus = (2ull << 32) | (2ull << 34); /* UXL = SXL = 64 */
  hart->misa = PVM_MISA_VALUE;
  hart->medeleg = pv ? HART_PV_MEDELEG : 0;
  hart->mideleg = pv ? HART_PV_MIDELEG : 0;
  hart->mie = 0;
  atomic_store (&hart->mip, 0);
  hart->mip_sw = 0;
  hart->mtvec = hart->mscratch = hart->mepc = hart->mcause = hart->mtval = 0;
  /* PV: counters open to S and U, Sstc enabled, as OpenSBI leaves them. */
  hart->mcounteren = pv ? 0xffffffff : 0;
  hart->mcountinhibit = 0;
  hart->menvcfg = pv ? PVM_MENVCFG_STCE : 0;
  hart->mhartid = hart->id;
  memset (hart->pmpcfg, 0, sizeof hart->pmpcfg);
  memset (hart->pmpaddr, 0, sizeof hart->pmpaddr);
  if (pv) { /* one entry granting S and U all of memory, as an SBI firmware sets up */
    hart->pmpaddr[0] = (1ull << 54) - 1;
    hart->pmpcfg[0] = PVM_PMP_A_NAPOT | PVM_PMP_R | PVM_PMP_W | PVM_PMP_X;
  }

  hart->stvec = hart->sscratch = hart->sepc = hart->scause = hart->stval = hart->satp = 0;
  hart->scounteren = pv ? 0xffffffff : 0;
  hart->senvcfg = 0;
  hart->stimecmp = UINT64_MAX;
  atomic_store (&hart->mtimecmp, UINT64_MAX);

  hart->instret = 0;
  hart->mcycle_adj = hart->minstret_adj = 0;
  hart->trap_cause = hart->trap_tval = 0;
  hart->resv_addr = UINT64_MAX;
  hart->resv_value = 0;
  hart->block_insns = NULL;
  hart->jit_link = NULL;
  hart->timer_check = PVM_HART_TIMER_INTERVAL;

  atomic_store (&hart->hsm_state, !pv || hart->id == 0 ? PVM_HART_STARTED : PVM_HART_STOPPED);
  hart->hsm_start_addr = hart->hsm_start_opaque = 0;
  hart->hsm_suspend_type = 0;

  pvm_pmp_update (hart);
  pvm_mmu_flush (hart);
  hart->mmu_satp = hart->satp;
  hart->mmu_status = hart->mstatus & PVM_MSTATUS_SUM_MXR;
  hart->mmu_priv = -1;
  hart->tlb_n_sum = 0;
  pvm_mmu_update_mode (hart);
  pvm_block_cache_clear (hart);
  hart->diag_trap_repeats = 0;
  hart->diag_unmapped_pa = hart->diag_unmapped_pc = UINT64_MAX;
  atomic_store (&hart->requests, PVM_HART_REQ_IRQ | PVM_HART_REQ_TIMER | PVM_HART_REQ_HSM);
}

void
pvm_hart_request (PvmHart *hart, uint32_t req)
{
  /* Sequentially consistent against hart_sleep_begin(): either the sleeper sees the request
   * before it waits, or this sees it sleeping and signals under the lock it waits with. */
  atomic_fetch_or (&hart->requests, req);
  if (!atomic_load (&hart->sleeping))
    return;
  g_mutex_lock (&hart->lock);
  g_cond_signal (&hart->wake);
  g_mutex_unlock (&hart->lock);
}

void
pvm_hart_set_mip (PvmHart *hart, uint64_t mask, bool level)
{
  if (level) {
    uint64_t old = atomic_fetch_or (&hart->mip, mask);
    if ((old & mask) != mask)
      pvm_hart_request (hart, PVM_HART_REQ_IRQ);
  } else {
    atomic_fetch_and (&hart->mip, ~mask);
  }
}

void
_pvm_hart_hsm_enter (PvmHart *hart)
{
  hart->priv = PVM_PRIV_S;
  hart->pc = hart->hsm_start_addr;
  hart->x[10] = hart->mhartid;
  hart->x[11] = hart->hsm_start_opaque;
  hart->satp = 0;
  hart->mstatus &= ~PVM_MSTATUS_SIE;
  pvm_mmu_update_mode (hart);
  _pvm_hart_post_self (hart, PVM_HART_REQ_IRQ | PVM_HART_REQ_TIMER);
}

/* ---- timers ---- */

void
_pvm_hart_update_timers (PvmHart *hart, uint64_t now)
{
  uint64_t set = 0, clear = 0;
  bool fired = now >= atomic_load_explicit (&hart->mtimecmp, memory_order_relaxed);
  bool sstc = hart->menvcfg & PVM_MENVCFG_STCE;

  if (!hart->pv)
    *(fired ? &set : &clear) |= PVM_MIP_MTIP;
  if (hart->pv || sstc) {
    bool stip = (hart->pv && fired) || (sstc && now >= hart->stimecmp);
    *(stip ? &set : &clear) |= PVM_MIP_STIP;
  }
  uint64_t mip = atomic_load_explicit (&hart->mip, memory_order_relaxed);
  set &= ~mip;
  clear &= mip;
  if (set) {
    atomic_fetch_or_explicit (&hart->mip, set, memory_order_relaxed);
    _pvm_hart_irq_changed (hart);
  }
  if (clear)
    atomic_fetch_and_explicit (&hart->mip, ~clear, memory_order_relaxed);
}

void
_pvm_hart_sync_timers (PvmHart *hart)
{
  if (atomic_load_explicit (&hart->requests, memory_order_acquire) & PVM_HART_REQ_TIMER)
    _pvm_hart_update_timers (hart, pvm_hart_time (hart));
}

/* Returns the host CLOCK_MONOTONIC time in µs (g_get_monotonic_time()'s clock) at which the
 * next timer that is still in the future fires, or -1 if none is armed. */
static int64_t
hart_next_deadline_us (PvmHart *hart, uint64_t now)
{
  uint64_t next = UINT64_MAX;
  uint64_t cmp = atomic_load_explicit (&hart->mtimecmp, memory_order_relaxed);
  if (cmp > now)
    next = cmp;
  if ((hart->menvcfg & PVM_MENVCFG_STCE) && hart->stimecmp > now && hart->stimecmp < next)
    next = hart->stimecmp;
  if (next == UINT64_MAX)
    return -1;
  int64_t now_us = g_get_monotonic_time ();
  int64_t at_us = pvm_machine_time_to_ns (hart->machine, next) / 1000 + 1;
  /* A deadline far away (or beyond what the conversion can express) is just a later check. */
  if (at_us < 0 || at_us - now_us > G_USEC_PER_SEC)
    at_us = now_us + G_USEC_PER_SEC;
  return at_us;
}

/* ---- sleeping ---- */

/* Takes the requests that never stop a sleep (remote fences) and reposts those that must be
 * seen by the run loop. Returns the requests that were posted. */
static uint32_t
hart_take_requests (PvmHart *hart)
{
  uint32_t req = atomic_exchange_explicit (&hart->requests, 0, memory_order_acquire);
  if (req & PVM_HART_REQ_FLUSH_TLB)
    pvm_mmu_flush (hart);
  if (req & PVM_HART_REQ_FLUSH_ICACHE)
    pvm_block_cache_flush (hart);
  return req;
}

/* Takes the hart's lock and announces that it may wait on its condition. */
static void
hart_sleep_begin (PvmHart *hart)
{
  g_mutex_lock (&hart->lock);
  atomic_store (&hart->sleeping, true);
}

static void
hart_sleep_end (PvmHart *hart)
{
  atomic_store_explicit (&hart->sleeping, false, memory_order_relaxed);
  g_mutex_unlock (&hart->lock);
}

/* Waits on the hart's condition until a request is posted or @deadline_us (-1: none). */
static void
hart_sleep (PvmHart *hart, int64_t deadline_us)
{
  hart_sleep_begin (hart);
  if (!atomic_load (&hart->requests)) {
    if (deadline_us < 0)
      g_cond_wait (&hart->wake, &hart->lock);
    else
      g_cond_wait_until (&hart->wake, &hart->lock, deadline_us);
  }
  hart_sleep_end (hart);
}

/* Halt polling, as KVM does it: a WFI first spins for halt_poll_ns watching for a request, and
 * sleeps only if none came. A wake that comes soon after the WFI (a disk request completing on
 * an I/O thread, an IPI) then costs neither the hart's sleep nor the waker's system call. The
 * window doubles, from HART_POLL_MIN_NS up to HART_POLL_MAX_NS, while wakes come within
 * HART_POLL_MAX_NS of the WFI, and drops to zero on a longer wait, so an idle guest, whose WFIs
 * last until its next timer tick, does not spin at all. */
#define HART_POLL_MIN_NS 10000
#define HART_POLL_MAX_NS 200000

/* Spins until a request is posted (true) or the polling window, cut short by @deadline_us,
 * has passed (false). */
static bool
hart_poll (PvmHart *hart, int64_t start_ns, int64_t deadline_us)
{
  int64_t until = start_ns + hart->halt_poll_ns;
  if (deadline_us >= 0 && deadline_us * 1000 < until)
    until = deadline_us * 1000;
  return PVM_SPIN_UNTIL (atomic_load_explicit (&hart->requests, memory_order_relaxed), until);
}

/* Adapts the polling window to a WFI that waited @waited_ns. */
static void
hart_poll_adapt (PvmHart *hart, int64_t waited_ns)
{
  if (waited_ns > HART_POLL_MAX_NS)
    hart->halt_poll_ns = 0;
  else if (waited_ns > hart->halt_poll_ns)
    hart->halt_poll_ns = MIN (MAX (hart->halt_poll_ns * 2, HART_POLL_MIN_NS), HART_POLL_MAX_NS);
}

/* Polls, then sleeps, until a request is posted or @deadline_us (-1: none). */
static void
hart_halt (PvmHart *hart, int64_t deadline_us)
{
  int64_t start = pvm_spin_now_ns ();
  if (hart->halt_poll_ns && hart_poll (hart, start, deadline_us)) {
    hart_poll_adapt (hart, pvm_spin_now_ns () - start);
    return;
  }
  hart_sleep (hart, deadline_us);
  hart_poll_adapt (hart, pvm_spin_now_ns () - start);
}

/* WFI and HSM suspend: sleeps until some interrupt is pending and enabled in mie. Without
 * @may_sleep it returns at once, as a WFI may. */
static HartWake
hart_wait_interrupt (PvmHart *hart, bool may_sleep)
{
  for (;;) {
    uint64_t now = pvm_hart_time (hart);
    _pvm_hart_update_timers (hart, now);
    if (!may_sleep || (_pvm_hart_mip (hart) & hart->mie))
      return HART_WAKE_OK;
    hart_halt (hart, hart_next_deadline_us (hart, now));
    uint32_t req = hart_take_requests (hart);
    uint32_t keep = req & (PVM_HART_REQ_EXIT | PVM_HART_REQ_HSM);
    if (keep) {
      _pvm_hart_post_self (hart, keep | (req & PVM_HART_REQ_TIMER));
      return HART_WAKE_REQUEST;
    }
  }
}

/* An HSM-stopped hart: sleeps until another hart starts it. */
static HartWake
hart_wait_started (PvmHart *hart, bool may_sleep)
{
  while (atomic_load (&hart->hsm_state) == PVM_HART_STOPPED) {
    if (!may_sleep)
      return HART_WAKE_NO_SLEEP;
    hart_sleep_begin (hart);
    if (!atomic_load (&hart->requests) && atomic_load (&hart->hsm_state) == PVM_HART_STOPPED)
      g_cond_wait (&hart->wake, &hart->lock);
    hart_sleep_end (hart);
    /* Interrupts do not matter to a stopped hart: they are looked at again when it starts. */
    uint32_t req = hart_take_requests (hart);
    if (req & PVM_HART_REQ_EXIT) {
      _pvm_hart_post_self (hart, PVM_HART_REQ_EXIT);
      return HART_WAKE_REQUEST;
    }
  }
  return HART_WAKE_OK;
}

/* Brings the hart to the STARTED state, sleeping while it is stopped or suspended. */
static HartWake
hart_hsm (PvmHart *hart, bool may_sleep)
{
  for (;;) {
    HartWake w;
    switch (atomic_load (&hart->hsm_state)) {
    case PVM_HART_STARTED:
      return HART_WAKE_OK;
    case PVM_HART_STOP_PENDING:
      atomic_store (&hart->hsm_state, PVM_HART_STOPPED);
      break;
    case PVM_HART_START_PENDING:
      g_mutex_lock (&hart->lock);
      _pvm_hart_hsm_enter (hart);
      atomic_store (&hart->hsm_state, PVM_HART_STARTED);
      g_mutex_unlock (&hart->lock);
      return HART_WAKE_OK;
    case PVM_HART_SUSPENDED:
      w = hart_wait_interrupt (hart, may_sleep);
      if (w != HART_WAKE_OK)
        return w;
      if (hart->hsm_suspend_type & PVM_HART_SUSPEND_NON_RETENTIVE)
        _pvm_hart_hsm_enter (hart);
      atomic_store (&hart->hsm_state, PVM_HART_STARTED);
      return HART_WAKE_OK;
    default:
      w = hart_wait_started (hart, may_sleep);
      if (w != HART_WAKE_OK)
        return w;
      break;
    }
  }
}

bool
_pvm_hart_service (PvmHart *hart, bool may_sleep)
{
  for (;;) {
    uint32_t req = hart_take_requests (hart);
    if (req & PVM_HART_REQ_EXIT)
      return true;
    if (atomic_load_explicit (&hart->hsm_state, memory_order_relaxed) != PVM_HART_STARTED) {
      HartWake w = hart_hsm (hart, may_sleep);
      if (w == HART_WAKE_NO_SLEEP)
        return true;
      if (w == HART_WAKE_REQUEST)
        continue;
    }
    if (req & PVM_HART_REQ_TIMER)
      _pvm_hart_update_timers (hart, pvm_hart_time (hart));
    if ((req & PVM_HART_REQ_WFI) && hart_wait_interrupt (hart, may_sleep) == HART_WAKE_REQUEST)
      continue;
    uint64_t cause = pvm_hart_pending_interrupt (hart);
    if (cause)
      pvm_hart_take_trap (hart, cause, 0);
    return false;
  }
}

/* ---- stepping ---- */

uint64_t
pvm_hart_step (PvmHart *hart, uint64_t max_insns)
{
  uint64_t done = 0, gen = 0;
  PvmBlock *prev = NULL;
  _pvm_hart_post_self (hart, PVM_HART_REQ_IRQ);
  while (done < max_insns) {
    if (atomic_load_explicit (&hart->requests, memory_order_relaxed) ||
        atomic_load_explicit (&hart->hsm_state, memory_order_relaxed) != PVM_HART_STARTED) {
      if (_pvm_hart_service (hart, false))
        break;
      prev = NULL;
    }
    if (--hart->timer_check == 0) {
      hart->timer_check = PVM_HART_TIMER_INTERVAL;
      _pvm_hart_update_timers (hart, pvm_hart_time (hart));
    }

    PvmBlock *b = pvm_block_next (hart, prev, &gen);
    prev = NULL;
    if (!b) {
      pvm_hart_take_trap (hart, hart->trap_cause, hart->trap_tval);
      done++;
      continue;
    }
    hart->block_insns = b->insns;
    uint64_t budget = max_insns - done, i = 0;
    const PvmInsn *insn = b->insns;
    int r = PVM_EXEC_NEXT;
    for (; i < b->n_insns && i < budget; i++, insn++)
      if ((r = insn->fn (hart, insn)))
        break;
    if (r == PVM_EXEC_NEXT) { /* the end of the block, or of the budget */
      hart->instret += i;
      hart->pc += insn->pc_off;
      done += i;
      if (i == b->n_insns)
        prev = b;
    } else if (r == PVM_EXEC_JUMP) {
      hart->instret += i + 1;
      done += i + 1;
      prev = b;
    } else {
      hart->instret += i;
      done += i + 1;
      _pvm_hart_trap_at (hart, insn);
    }
  }
  return done;
}

/* csr.c: the control and status registers of the M, S and U levels (privileged spec 20211203,
 * Sstc, Zicntr). */
#include "hv/cpu/csr.h"

#include "hv/cpu/hart-private.h"
#include "hv/cpu/mmu.h"
#include "hv/cpu/pmp.h"

#define MSTATUS_WRITABLE                                                                           \
  (PVM_MSTATUS_SIE | PVM_MSTATUS_MIE | PVM_MSTATUS_SPIE | PVM_MSTATUS_MPIE | PVM_MSTATUS_SPP |   \
   PVM_MSTATUS_MPP | PVM_MSTATUS_FS | PVM_MSTATUS_MPRV | PVM_MSTATUS_SUM | PVM_MSTATUS_MXR |      \
   PVM_MSTATUS_TVM | PVM_MSTATUS_TW | PVM_MSTATUS_TSR)
#define SSTATUS_WRITABLE                                                                           \
  (PVM_MSTATUS_SIE | PVM_MSTATUS_SPIE | PVM_MSTATUS_SPP | PVM_MSTATUS_FS | PVM_MSTATUS_SUM |      \
   PVM_MSTATUS_MXR)
#define SSTATUS_READABLE                                                                           \
  (SSTATUS_WRITABLE | PVM_MSTATUS_UBE | PVM_MSTATUS_UXL | PVM_MSTATUS_SD | (3ull << 9) |          \
   (3ull << 15))
#define MEDELEG_WRITABLE 0xb3ffull /* 0-9, 12, 13, 15: not ECALL from M, not reserved causes */
#define MIDELEG_WRITABLE (PVM_MIP_SSIP | PVM_MIP_STIP | PVM_MIP_SEIP)
#define MIE_WRITABLE (MIDELEG_WRITABLE | PVM_MIP_MSIP | PVM_MIP_MTIP | PVM_MIP_MEIP)
#define MCOUNTINHIBIT_WRITABLE 0xfffffffdull /* TM is read-only zero */
#define SATP_ASID_MASK (0xffffull << 44)
#define FCSR_FFLAGS 0x1f
#define FCSR_FRM 0x7

enum { COUNTER_CY = 0, COUNTER_TM = 1, COUNTER_IR = 2 };

uint64_t
_pvm_hart_mcycle (const PvmHart *hart)
{
  if (hart->mcountinhibit & (1u << COUNTER_CY))
    return hart->mcycle_adj;
  return hart->instret + hart->mcycle_adj;
}

uint64_t
_pvm_hart_minstret (const PvmHart *hart)
{
  if (hart->mcountinhibit & (1u << COUNTER_IR))
    return hart->minstret_adj;
  return hart->instret + hart->minstret_adj;
}

uint64_t
pvm_csr_mstatus (const PvmHart *hart)
{
  uint64_t v = hart->mstatus;
  if ((v & PVM_MSTATUS_FS) == PVM_MSTATUS_FS)
    v |= PVM_MSTATUS_SD;
  return v;
}

static int
csr_illegal (PvmHart *hart)
{
  return pvm_hart_raise (hart, PVM_EXC_ILLEGAL_INSN, 0);
}

/* Zicntr gating: lower privileges need the counter's bit in mcounteren (and in scounteren for
 * U-mode). */
static bool
csr_counter_allowed (const PvmHart *hart, unsigned bit)
{
  if (hart->priv < PVM_PRIV_M && !((hart->mcounteren >> bit) & 1))
    return false;
  if (hart->priv < PVM_PRIV_S && !((hart->scounteren >> bit) & 1))
    return false;
  return true;
}

/* Permission from the address (privilege level bits) and the gates other CSRs put on some. */
static bool
csr_allowed (const PvmHart *hart, unsigned csr)
{
  if (csr > 0xfff || ((csr >> 8) & 3) > (unsigned) hart->priv)
    return false;
  switch (csr) {
  case PVM_CSR_FFLAGS:
  case PVM_CSR_FRM:
  case PVM_CSR_FCSR:
    return (hart->mstatus & PVM_MSTATUS_FS) != 0;
  case PVM_CSR_STIMECMP:
    return hart->priv == PVM_PRIV_M ||
           ((hart->menvcfg & PVM_MENVCFG_STCE) && (hart->mcounteren & (1u << COUNTER_TM)));
  case PVM_CSR_SATP:
    return !(hart->priv == PVM_PRIV_S && (hart->mstatus & PVM_MSTATUS_TVM));
  default:
    if (csr >= PVM_CSR_CYCLE && csr <= PVM_CSR_HPMCOUNTER31)
      return csr_counter_allowed (hart, csr - PVM_CSR_CYCLE);
    return true;
  }
}

int
pvm_csr_read (PvmHart *hart, unsigned csr, uint64_t *value)
{
  if (!csr_allowed (hart, csr))
    return csr_illegal (hart);

  uint64_t v;
  switch (csr) {
  case PVM_CSR_FFLAGS: v = hart->fflags & FCSR_FFLAGS; break;
  case PVM_CSR_FRM: v = hart->frm & FCSR_FRM; break;
  case PVM_CSR_FCSR: v = (hart->fflags & FCSR_FFLAGS) | (hart->frm & FCSR_FRM) << 5; break;
  case PVM_CSR_CYCLE: v = _pvm_hart_mcycle (hart); break;
  case PVM_CSR_TIME: v = pvm_hart_time (hart); break;
  case PVM_CSR_INSTRET: v = _pvm_hart_minstret (hart); break;

  case PVM_CSR_SSTATUS: v = pvm_csr_mstatus (hart) & SSTATUS_READABLE; break;
  case PVM_CSR_SIE: v = hart->mie & hart->mideleg; break;
  case PVM_CSR_STVEC: v = hart->stvec; break;
  case PVM_CSR_SCOUNTEREN: v = hart->scounteren; break;
  case PVM_CSR_SENVCFG: v = hart->senvcfg; break;
  case PVM_CSR_SSCRATCH: v = hart->sscratch; break;
  case PVM_CSR_SEPC: v = hart->sepc; break;
  case PVM_CSR_SCAUSE: v = hart->scause; break;
  case PVM_CSR_STVAL: v = hart->stval; break;
  case PVM_CSR_SIP:
    _pvm_hart_sync_timers (hart);
    v = _pvm_hart_mip (hart) & hart->mideleg;
    break;
  case PVM_CSR_STIMECMP: v = hart->stimecmp; break;
  case PVM_CSR_SATP: v = hart->satp; break;

  case PVM_CSR_MVENDORID:
  case PVM_CSR_MARCHID:
  case PVM_CSR_MIMPID:
  case PVM_CSR_MCONFIGPTR: v = 0; break;
  case PVM_CSR_MHARTID: v = hart->mhartid; break;
  case PVM_CSR_MSTATUS: v = pvm_csr_mstatus (hart); break;
  case PVM_CSR_MISA: v = hart->misa; break;
  case PVM_CSR_MEDELEG: v = hart->medeleg; break;
  case PVM_CSR_MIDELEG: v = hart->mideleg; break;
  case PVM_CSR_MIE: v = hart->mie; break;
  case PVM_CSR_MTVEC: v = hart->mtvec; break;
  case PVM_CSR_MCOUNTEREN: v = hart->mcounteren; break;
  case PVM_CSR_MENVCFG: v = hart->menvcfg; break;
  case PVM_CSR_MCOUNTINHIBIT: v = hart->mcountinhibit; break;
  case PVM_CSR_MSCRATCH: v = hart->mscratch; break;
  case PVM_CSR_MEPC: v = hart->mepc; break;
  case PVM_CSR_MCAUSE: v = hart->mcause; break;
  case PVM_CSR_MTVAL: v = hart->mtval; break;
  case PVM_CSR_MIP:
    _pvm_hart_sync_timers (hart);
    v = _pvm_hart_mip (hart);
    break;
  case PVM_CSR_MCYCLE: v = _pvm_hart_mcycle (hart); break;
  case PVM_CSR_MINSTRET: v = _pvm_hart_minstret (hart); break;

  default:
    if ((csr >= PVM_CSR_HPMCOUNTER3 && csr <= PVM_CSR_HPMCOUNTER31) ||
        (csr >= PVM_CSR_MHPMCOUNTER3 && csr <= PVM_CSR_MHPMCOUNTER31) ||
        (csr >= PVM_CSR_MHPMEVENT3 && csr <= PVM_CSR_MHPMEVENT31))
      v = 0;
    else if (csr >= PVM_CSR_PMPCFG0 && csr <= PVM_CSR_PMPCFG15 && !(csr & 1))
      v = pvm_pmp_read_cfg (hart, csr - PVM_CSR_PMPCFG0);
    else if (csr >= PVM_CSR_PMPADDR0 && csr <= PVM_CSR_PMPADDR63)
      v = pvm_pmp_read_addr (hart, csr - PVM_CSR_PMPADDR0);
    else
      return csr_illegal (hart);
    break;
  }
  *value = v;
  return 0;
}

static void
csr_write_mstatus (PvmHart *hart, uint64_t value, uint64_t mask)
{
  uint64_t old = hart->mstatus;
  uint64_t v = (old & ~mask) | (value & mask);
  if (((v & PVM_MSTATUS_MPP) >> PVM_MSTATUS_MPP_SHIFT) == 2) /* reserved: keep the old MPP */
    v = (v & ~PVM_MSTATUS_MPP) | (old & PVM_MSTATUS_MPP);
  hart->mstatus = v;
  pvm_mmu_update_mode (hart);
  _pvm_hart_irq_changed (hart);
}

/* Sets the bits @mask of mip to those of @value, leaving the others (devices') alone. */
static void
csr_write_mip (PvmHart *hart, uint64_t mask, uint64_t value)
{
  uint64_t set = value & mask, clear = mask & ~value;
  if (set)
    atomic_fetch_or_explicit (&hart->mip, set, memory_order_relaxed);
  if (clear)
    atomic_fetch_and_explicit (&hart->mip, ~clear, memory_order_relaxed);
  _pvm_hart_irq_changed (hart);
}

static void
csr_write_mie (PvmHart *hart, uint64_t mask, uint64_t value)
{
  hart->mie = (hart->mie & ~mask) | (value & mask);
  _pvm_hart_irq_changed (hart);
}

static void
csr_write_tvec (uint64_t *tvec, uint64_t value)
{
  if ((value & 3) < 2) /* modes 2 and 3 are reserved: the write is ignored */
    *tvec = value;
}

static void
csr_write_counter (PvmHart *hart, uint64_t *adj, unsigned bit, uint64_t value)
{
  *adj = (hart->mcountinhibit >> bit) & 1 ? value : value - hart->instret;
}

static void
csr_write_mcountinhibit (PvmHart *hart, uint64_t value)
{
  uint64_t cycle = _pvm_hart_mcycle (hart), instret = _pvm_hart_minstret (hart);
  hart->mcountinhibit = value & MCOUNTINHIBIT_WRITABLE;
  csr_write_counter (hart, &hart->mcycle_adj, COUNTER_CY, cycle);
  csr_write_counter (hart, &hart->minstret_adj, COUNTER_IR, instret);
}

static void
csr_write_satp (PvmHart *hart, uint64_t value)
{
  unsigned mode = (unsigned) (value >> PVM_SATP_MODE_SHIFT);
  if (mode != PVM_SATP_MODE_BARE && mode != PVM_SATP_MODE_SV39 && mode != PVM_SATP_MODE_SV48)
    return; /* unsupported mode: the whole write has no effect */
  hart->satp = value & ((0xfull << PVM_SATP_MODE_SHIFT) | SATP_ASID_MASK | PVM_SATP_PPN_MASK);
  pvm_mmu_update_mode (hart);
}

static void
csr_fp_dirty (PvmHart *hart)
{
  hart->mstatus |= PVM_MSTATUS_FS;
}

int
pvm_csr_write (PvmHart *hart, unsigned csr, uint64_t value)
{
  if ((csr >> 10) == 3 || !csr_allowed (hart, csr))
    return csr_illegal (hart);

  switch (csr) {
  case PVM_CSR_FFLAGS: hart->fflags = value & FCSR_FFLAGS; csr_fp_dirty (hart); break;
  case PVM_CSR_FRM: hart->frm = value & FCSR_FRM; csr_fp_dirty (hart); break;
  case PVM_CSR_FCSR:
    hart->fflags = value & FCSR_FFLAGS;
    hart->frm = (value >> 5) & FCSR_FRM;
    csr_fp_dirty (hart);
    break;

  case PVM_CSR_SSTATUS: csr_write_mstatus (hart, value, SSTATUS_WRITABLE); break;
  case PVM_CSR_SIE: csr_write_mie (hart, hart->mideleg & MIDELEG_WRITABLE, value); break;
  case PVM_CSR_STVEC: csr_write_tvec (&hart->stvec, value); break;
  case PVM_CSR_SCOUNTEREN: hart->scounteren = value & 0xffffffff; break;
  case PVM_CSR_SENVCFG: hart->senvcfg = value & PVM_MENVCFG_FIOM; break;
  case PVM_CSR_SSCRATCH: hart->sscratch = value; break;
  case PVM_CSR_SEPC: hart->sepc = value & ~1ull; break;
  case PVM_CSR_SCAUSE: hart->scause = value; break;
  case PVM_CSR_STVAL: hart->stval = value; break;
  case PVM_CSR_SIP: csr_write_mip (hart, hart->mideleg & PVM_MIP_SSIP, value); break;
  case PVM_CSR_STIMECMP:
    hart->stimecmp = value;
    _pvm_hart_post_self (hart, PVM_HART_REQ_TIMER);
    break;
  case PVM_CSR_SATP: csr_write_satp (hart, value); break;

  case PVM_CSR_MSTATUS: csr_write_mstatus (hart, value, MSTATUS_WRITABLE); break;
  case PVM_CSR_MISA: break; /* not writable: no extension can be turned off */
  case PVM_CSR_MEDELEG: hart->medeleg = value & MEDELEG_WRITABLE; break;
  case PVM_CSR_MIDELEG:
    hart->mideleg = value & MIDELEG_WRITABLE;
    _pvm_hart_irq_changed (hart);
    break;
  case PVM_CSR_MIE: csr_write_mie (hart, MIE_WRITABLE, value); break;
  case PVM_CSR_MTVEC: csr_write_tvec (&hart->mtvec, value); break;
  case PVM_CSR_MCOUNTEREN: hart->mcounteren = value & 0xffffffff; break;
  case PVM_CSR_MENVCFG:
    hart->menvcfg = value & (PVM_MENVCFG_FIOM | PVM_MENVCFG_STCE);
    _pvm_hart_post_self (hart, PVM_HART_REQ_TIMER);
    break;
  case PVM_CSR_MCOUNTINHIBIT: csr_write_mcountinhibit (hart, value); break;
  case PVM_CSR_MSCRATCH: hart->mscratch = value; break;
  case PVM_CSR_MEPC: hart->mepc = value & ~1ull; break;
  case PVM_CSR_MCAUSE: hart->mcause = value; break;
  case PVM_CSR_MTVAL: hart->mtval = value; break;
  case PVM_CSR_MIP: {
    uint64_t mask = PVM_MIP_SSIP;
    if (!(hart->menvcfg & PVM_MENVCFG_STCE) && !hart->pv)
      mask |= PVM_MIP_STIP;
    hart->mip_sw = value & PVM_MIP_SEIP;
    csr_write_mip (hart, mask, value);
    break;
  }
  case PVM_CSR_MCYCLE: csr_write_counter (hart, &hart->mcycle_adj, COUNTER_CY, value); break;
  case PVM_CSR_MINSTRET: csr_write_counter (hart, &hart->minstret_adj, COUNTER_IR, value); break;

  default:
    if ((csr >= PVM_CSR_MHPMCOUNTER3 && csr <= PVM_CSR_MHPMCOUNTER31) ||
        (csr >= PVM_CSR_MHPMEVENT3 && csr <= PVM_CSR_MHPMEVENT31))
      break;
    if (csr >= PVM_CSR_PMPCFG0 && csr <= PVM_CSR_PMPCFG15 && !(csr & 1)) {
      pvm_pmp_write_cfg (hart, csr - PVM_CSR_PMPCFG0, value);
      break;
    }
    if (csr >= PVM_CSR_PMPADDR0 && csr <= PVM_CSR_PMPADDR63) {
      pvm_pmp_write_addr (hart, csr - PVM_CSR_PMPADDR0, value);
      break;
    }
    return csr_illegal (hart);
  }
  return 0;
}

int
pvm_csr_access (PvmHart *hart, unsigned csr, PvmCsrOp op, uint64_t operand, bool write,
                uint64_t *old)
{
  uint64_t v;
  if (pvm_csr_read (hart, csr, &v))
    return 1;
  if (write) {
    uint64_t base = v;
    if (csr == PVM_CSR_MIP)
      base = (v & ~PVM_MIP_SEIP) | hart->mip_sw;
    uint64_t nv = op == PVM_CSR_OP_WRITE ? operand
                  : op == PVM_CSR_OP_SET ? base | operand
                                         : base & ~operand;
    if (pvm_csr_write (hart, csr, nv))
      return 1;
  }
  *old = v;
  return 0;
}

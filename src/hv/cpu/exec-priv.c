/* exec-priv.c: Zicsr, ECALL/EBREAK, MRET/SRET, WFI and SFENCE.VMA. */
#include "hv/cpu/csr.h"
#include "hv/cpu/hart-private.h"
#include "hv/cpu/insn.h"
#include "hv/cpu/mmu.h"
#include "hv/pv/sbi.h"

static int
priv_illegal (PvmHart *hart, const PvmInsn *insn)
{
  return pvm_hart_raise (hart, PVM_EXC_ILLEGAL_INSN, insn->raw);
}

/* The rs1 field of the encoding: a register number, or the zimm of the immediate forms. */
static unsigned
priv_rs1_field (const PvmInsn *insn)
{
  return (insn->raw >> 15) & 31;
}

static int
priv_csr (PvmHart *hart, const PvmInsn *insn, PvmCsrOp op, uint64_t operand, bool write)
{
  unsigned csr = insn->raw >> 20;
  /* The instructions before this one in its block have retired, but the run loop adds them
   * to instret only when the block ends: count them while the CSR is accessed. */
  uint64_t before = (uint64_t) (insn - hart->block_insns);
  uint64_t old;
  hart->instret += before;
  int r = pvm_csr_access (hart, csr, op, operand, write, &old);
  hart->instret -= before;
  if (r) {
    hart->trap_tval = insn->raw;
    return PVM_EXEC_TRAP;
  }
  hart->x[insn->rd] = old;
  return pvm_insn_end_block (hart, insn);
}

int
pvm_exec_csrrw (PvmHart *hart, const PvmInsn *insn)
{
  return priv_csr (hart, insn, PVM_CSR_OP_WRITE, hart->x[priv_rs1_field (insn)], true);
}

int
pvm_exec_csrrs (PvmHart *hart, const PvmInsn *insn)
{
  unsigned rs1 = priv_rs1_field (insn);
  return priv_csr (hart, insn, PVM_CSR_OP_SET, hart->x[rs1], rs1 != 0);
}

int
pvm_exec_csrrc (PvmHart *hart, const PvmInsn *insn)
{
  unsigned rs1 = priv_rs1_field (insn);
  return priv_csr (hart, insn, PVM_CSR_OP_CLEAR, hart->x[rs1], rs1 != 0);
}

int
pvm_exec_csrrwi (PvmHart *hart, const PvmInsn *insn)
{
  return priv_csr (hart, insn, PVM_CSR_OP_WRITE, priv_rs1_field (insn), true);
}

int
pvm_exec_csrrsi (PvmHart *hart, const PvmInsn *insn)
{
  unsigned zimm = priv_rs1_field (insn);
  return priv_csr (hart, insn, PVM_CSR_OP_SET, zimm, zimm != 0);
}

int
pvm_exec_csrrci (PvmHart *hart, const PvmInsn *insn)
{
  unsigned zimm = priv_rs1_field (insn);
  return priv_csr (hart, insn, PVM_CSR_OP_CLEAR, zimm, zimm != 0);
}

int
pvm_exec_ecall (PvmHart *hart, const PvmInsn *insn)
{
  switch (hart->priv) {
  case PVM_PRIV_U:
    return pvm_hart_raise (hart, PVM_EXC_ECALL_U, 0);
  case PVM_PRIV_S:
    if (hart->pv) {
      pvm_sbi_call (hart);
      return pvm_insn_end_block (hart, insn);
    }
    return pvm_hart_raise (hart, PVM_EXC_ECALL_S, 0);
  default:
    return pvm_hart_raise (hart, PVM_EXC_ECALL_M, 0);
  }
}

int
pvm_exec_ebreak (PvmHart *hart, const PvmInsn *insn)
{
  return pvm_hart_raise (hart, PVM_EXC_BREAKPOINT, pvm_insn_pc (hart, insn));
}

int
pvm_exec_mret (PvmHart *hart, const PvmInsn *insn)
{
  if (hart->priv != PVM_PRIV_M)
    return priv_illegal (hart, insn);
  uint64_t status = hart->mstatus;
  int mpp = (int) ((status & PVM_MSTATUS_MPP) >> PVM_MSTATUS_MPP_SHIFT);
  status &= ~(PVM_MSTATUS_MIE | PVM_MSTATUS_MPP);
  if (status & PVM_MSTATUS_MPIE)
    status |= PVM_MSTATUS_MIE;
  status |= PVM_MSTATUS_MPIE;
  if (mpp != PVM_PRIV_M)
    status &= ~PVM_MSTATUS_MPRV;
  hart->mstatus = status;
  hart->priv = mpp;
  hart->pc = hart->mepc;
  pvm_mmu_update_mode (hart);
  _pvm_hart_irq_changed (hart);
  return PVM_EXEC_JUMP;
}

int
pvm_exec_sret (PvmHart *hart, const PvmInsn *insn)
{
  if (hart->priv < PVM_PRIV_S ||
      (hart->priv == PVM_PRIV_S && (hart->mstatus & PVM_MSTATUS_TSR)))
    return priv_illegal (hart, insn);
  uint64_t status = hart->mstatus;
  int spp = (status & PVM_MSTATUS_SPP) ? PVM_PRIV_S : PVM_PRIV_U;
  status &= ~(PVM_MSTATUS_SIE | PVM_MSTATUS_SPP | PVM_MSTATUS_MPRV);
  if (status & PVM_MSTATUS_SPIE)
    status |= PVM_MSTATUS_SIE;
  status |= PVM_MSTATUS_SPIE;
  hart->mstatus = status;
  hart->priv = spp;
  hart->pc = hart->sepc;
  pvm_mmu_update_mode (hart);
  _pvm_hart_irq_changed (hart);
  return PVM_EXEC_JUMP;
}

int
pvm_exec_wfi (PvmHart *hart, const PvmInsn *insn)
{
  /* U-mode may not stall the hart (S-mode exists); S-mode may not when mstatus.TW is set. */
  if (hart->priv == PVM_PRIV_U ||
      (hart->priv == PVM_PRIV_S && (hart->mstatus & PVM_MSTATUS_TW)))
    return priv_illegal (hart, insn);
  /* The sleep itself happens in the run loop, at the block boundary. */
  _pvm_hart_post_self (hart, PVM_HART_REQ_WFI);
  return pvm_insn_end_block (hart, insn);
}

int
pvm_exec_sfence_vma (PvmHart *hart, const PvmInsn *insn)
{
  if (hart->priv == PVM_PRIV_U ||
      (hart->priv == PVM_PRIV_S && (hart->mstatus & PVM_MSTATUS_TVM)))
    return priv_illegal (hart, insn);
  unsigned rs1 = priv_rs1_field (insn);
  if (rs1 == 0)
    pvm_mmu_flush (hart);
  else
    pvm_mmu_flush_page (hart, hart->x[rs1]);
  return pvm_insn_end_block (hart, insn);
}

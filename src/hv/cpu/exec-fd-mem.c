/* exec-fd-mem.c: F and D loads and stores. They move raw bits: FLW NaN-boxes what it loads,
 * FSW stores the low 32 bits of the register whatever the upper ones are. */
#include "hv/cpu/fpu.h"
#include "hv/cpu/mmu.h"

int
pvm_exec_flw (PvmHart *hart, const PvmInsn *insn)
{
  uint32_t v;
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  if (pvm_mem_load32 (hart, hart->x[insn->rs1] + (uint64_t) (int64_t) insn->imm, &v))
    return PVM_EXEC_TRAP;
  fpu_write_s (hart, insn->rd, v);
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fld (PvmHart *hart, const PvmInsn *insn)
{
  uint64_t v;
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  if (pvm_mem_load64 (hart, hart->x[insn->rs1] + (uint64_t) (int64_t) insn->imm, &v))
    return PVM_EXEC_TRAP;
  fpu_write_d (hart, insn->rd, v);
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fsw (PvmHart *hart, const PvmInsn *insn)
{
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  if (pvm_mem_store32 (hart, hart->x[insn->rs1] + (uint64_t) (int64_t) insn->imm,
                       (uint32_t) hart->f[insn->rs2]))
    return PVM_EXEC_TRAP;
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fsd (PvmHart *hart, const PvmInsn *insn)
{
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  if (pvm_mem_store64 (hart, hart->x[insn->rs1] + (uint64_t) (int64_t) insn->imm,
                       hart->f[insn->rs2]))
    return PVM_EXEC_TRAP;
  return PVM_EXEC_NEXT;
}

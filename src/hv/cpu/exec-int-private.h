/* exec-int-private.h: helpers shared by the integer handlers (exec-i.c, exec-m.c, exec-a.c,
 * exec-b.c). */
#pragma once

#include "hv/cpu/insn.h"

/* Sign-extends the low 32 bits of @v to 64 (the result of every RV64 .W operation). */
static inline uint64_t
exec_sext32 (uint64_t v)
{
  return (uint64_t) (int64_t) (int32_t) (uint32_t) v;
}

/* Returns the address of a load or store: x[rs1] plus the sign-extended offset. */
static inline uint64_t
exec_addr (const PvmHart *hart, const PvmInsn *insn)
{
  return hart->x[insn->rs1] + (uint64_t) (int64_t) insn->imm;
}

/* Defines the handler of a register-register operation: rd = @expr of a = x[rs1], b = x[rs2]. */
#define PVM_EXEC_INT_RR(name, expr)                                                                \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1], b = hart->x[insn->rs2];                                       \
    hart->x[insn->rd] = (expr);                                                                    \
    return PVM_EXEC_NEXT;                                                                          \
  }

/* Defines the handler of a register-immediate operation: rd = @expr of a = x[rs1] and
 * i = the sign-extended immediate (the shift amount for shifts). */
#define PVM_EXEC_INT_RI(name, expr)                                                                \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1], i = (uint64_t) (int64_t) insn->imm;                           \
    hart->x[insn->rd] = (expr);                                                                    \
    return PVM_EXEC_NEXT;                                                                          \
  }

/* Defines the handler of a one-operand operation: rd = @expr of a = x[rs1]. */
#define PVM_EXEC_INT_R1(name, expr)                                                                \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1];                                                               \
    hart->x[insn->rd] = (expr);                                                                    \
    return PVM_EXEC_NEXT;                                                                          \
  }

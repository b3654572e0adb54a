/* exec-int-private.h: helpers shared by the integer operations (exec-i.h, exec-m.h, exec-b.h,
 * exec-a.c). The operations of exec-i.h, exec-m.h and exec-b.h are defined once, as inline
 * functions exec_<name>(): the interpreter (interp.c) expands them in place, and exec-i.c,
 * exec-m.c and exec-b.c make the out-of-line handlers pvm_exec_<name>() of them. */
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

/* Defines the operation of a register-register operation: rd = @expr of a = x[rs1], b = x[rs2]. */
#define PVM_EXEC_INT_RR(name, expr)                                                                \
  static PVM_ALWAYS_INLINE int exec_##name (PvmHart *hart, const PvmInsn *insn)                    \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1], b = hart->x[insn->rs2];                                       \
    hart->x[insn->rd] = (expr);                                                                    \
    return PVM_EXEC_NEXT;                                                                          \
  }

/* Defines the operation of a register-immediate operation: rd = @expr of a = x[rs1] and
 * i = the sign-extended immediate (the shift amount for shifts). */
#define PVM_EXEC_INT_RI(name, expr)                                                                \
  static PVM_ALWAYS_INLINE int exec_##name (PvmHart *hart, const PvmInsn *insn)                    \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1], i = (uint64_t) (int64_t) insn->imm;                           \
    hart->x[insn->rd] = (expr);                                                                    \
    return PVM_EXEC_NEXT;                                                                          \
  }

/* Defines the operation of a one-operand operation: rd = @expr of a = x[rs1]. */
#define PVM_EXEC_INT_R1(name, expr)                                                                \
  static PVM_ALWAYS_INLINE int exec_##name (PvmHart *hart, const PvmInsn *insn)                    \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1];                                                               \
    hart->x[insn->rd] = (expr);                                                                    \
    return PVM_EXEC_NEXT;                                                                          \
  }

/* Defines pvm_exec_<name>(), the out-of-line handler of the inline operation exec_<name>(); used
 * with the X-macro lists of ops.h. */
#define PVM_EXEC_DEFINE(NAME, name)                                                                \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    return exec_##name (hart, insn);                                                               \
  }

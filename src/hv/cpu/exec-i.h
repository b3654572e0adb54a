/* exec-i.h: the operations of the RV64I base instructions and Zifencei. */
#pragma once

#include "hv/cpu/block.h"
#include "hv/cpu/exec-int-private.h"
#include "hv/cpu/mmu.h"

static PVM_ALWAYS_INLINE int
exec_lui (PvmHart *hart, const PvmInsn *insn)
{
  hart->x[insn->rd] = (uint64_t) (int64_t) insn->imm;
  return PVM_EXEC_NEXT;
}

static PVM_ALWAYS_INLINE int
exec_auipc (PvmHart *hart, const PvmInsn *insn)
{
  hart->x[insn->rd] = pvm_insn_pc (hart, insn) + (uint64_t) (int64_t) insn->imm;
  return PVM_EXEC_NEXT;
}

/* With C always present no target is misaligned, so jumps never trap. */
static PVM_ALWAYS_INLINE int
exec_jal (PvmHart *hart, const PvmInsn *insn)
{
  uint64_t pc = pvm_insn_pc (hart, insn);

  hart->x[insn->rd] = pc + insn->len;
  hart->pc = pc + (uint64_t) (int64_t) insn->imm;
  return PVM_EXEC_JUMP;
}

static PVM_ALWAYS_INLINE int
exec_jalr (PvmHart *hart, const PvmInsn *insn)
{
  uint64_t target = (hart->x[insn->rs1] + (uint64_t) (int64_t) insn->imm) & ~(uint64_t) 1;

  hart->x[insn->rd] = pvm_insn_pc (hart, insn) + insn->len;
  hart->pc = target;
  return PVM_EXEC_JUMP;
}

/* A taken branch ends the block at its target; an untaken one falls through. */
#define BRANCH(name, cond)                                                                         \
  static PVM_ALWAYS_INLINE int exec_##name (PvmHart *hart, const PvmInsn *insn)                    \
  {                                                                                                \
    uint64_t a = hart->x[insn->rs1], b = hart->x[insn->rs2];                                       \
    if (!(cond))                                                                                   \
      return PVM_EXEC_NEXT;                                                                        \
    hart->pc = pvm_insn_pc (hart, insn) + (uint64_t) (int64_t) insn->imm;                          \
    return PVM_EXEC_JUMP;                                                                          \
  }

BRANCH (beq, a == b)
BRANCH (bne, a != b)
BRANCH (blt, (int64_t) a < (int64_t) b)
BRANCH (bge, (int64_t) a >= (int64_t) b)
BRANCH (bltu, a < b)
BRANCH (bgeu, a >= b)
#undef BRANCH

/* Loads extend the @bits-wide value through @ext (a signed or unsigned C type). */
#define LOAD(name, bits, ext)                                                                      \
  static PVM_ALWAYS_INLINE int exec_##name (PvmHart *hart, const PvmInsn *insn)                    \
  {                                                                                                \
    uint##bits##_t v;                                                                              \
    if (pvm_mem_load##bits (hart, exec_addr (hart, insn), &v))                                     \
      return PVM_EXEC_TRAP;                                                                        \
    hart->x[insn->rd] = (uint64_t) (ext) v;                                                        \
    return PVM_EXEC_NEXT;                                                                          \
  }

LOAD (lb, 8, int8_t)
LOAD (lh, 16, int16_t)
LOAD (lw, 32, int32_t)
LOAD (ld, 64, uint64_t)
LOAD (lbu, 8, uint8_t)
LOAD (lhu, 16, uint16_t)
LOAD (lwu, 32, uint32_t)
#undef LOAD

#define STORE(name, bits)                                                                          \
  static PVM_ALWAYS_INLINE int exec_##name (PvmHart *hart, const PvmInsn *insn)                    \
  {                                                                                                \
    uint##bits##_t v = (uint##bits##_t) hart->x[insn->rs2];                                        \
    if (pvm_mem_store##bits (hart, exec_addr (hart, insn), v))                                     \
      return PVM_EXEC_TRAP;                                                                        \
    return PVM_EXEC_NEXT;                                                                          \
  }

STORE (sb, 8)
STORE (sh, 16)
STORE (sw, 32)
STORE (sd, 64)
#undef STORE

PVM_EXEC_INT_RI (addi, a + i)
PVM_EXEC_INT_RI (slti, (int64_t) a < (int64_t) i)
PVM_EXEC_INT_RI (sltiu, a < i)
PVM_EXEC_INT_RI (xori, a ^ i)
PVM_EXEC_INT_RI (ori, a | i)
PVM_EXEC_INT_RI (andi, a & i)
PVM_EXEC_INT_RI (slli, a << (i & 63))
PVM_EXEC_INT_RI (srli, a >> (i & 63))
PVM_EXEC_INT_RI (srai, (uint64_t) ((int64_t) a >> (i & 63)))

PVM_EXEC_INT_RR (add, a + b)
PVM_EXEC_INT_RR (sub, a - b)
PVM_EXEC_INT_RR (sll, a << (b & 63))
PVM_EXEC_INT_RR (slt, (int64_t) a < (int64_t) b)
PVM_EXEC_INT_RR (sltu, a < b)
PVM_EXEC_INT_RR (xor, a ^ b)
PVM_EXEC_INT_RR (srl, a >> (b & 63))
PVM_EXEC_INT_RR (sra, (uint64_t) ((int64_t) a >> (b & 63)))
PVM_EXEC_INT_RR (or, a | b)
PVM_EXEC_INT_RR (and, a & b)

PVM_EXEC_INT_RI (addiw, exec_sext32 (a + i))
PVM_EXEC_INT_RI (slliw, exec_sext32 ((uint32_t) a << (i & 31)))
PVM_EXEC_INT_RI (srliw, exec_sext32 ((uint32_t) a >> (i & 31)))
PVM_EXEC_INT_RI (sraiw, (uint64_t) (int64_t) ((int32_t) a >> (i & 31)))

PVM_EXEC_INT_RR (addw, exec_sext32 (a + b))
PVM_EXEC_INT_RR (subw, exec_sext32 (a - b))
PVM_EXEC_INT_RR (sllw, exec_sext32 ((uint32_t) a << (b & 31)))
PVM_EXEC_INT_RR (srlw, exec_sext32 ((uint32_t) a >> (b & 31)))
PVM_EXEC_INT_RR (sraw, (uint64_t) (int64_t) ((int32_t) a >> (b & 31)))

/* The host is x86-64 (TSO); a full fence covers every pred/succ combination. */
static PVM_ALWAYS_INLINE int
exec_fence (PvmHart *hart, const PvmInsn *insn)
{
  atomic_thread_fence (memory_order_seq_cst);
  return PVM_EXEC_NEXT;
}

/* Dropping the cached blocks may free the block that holds @insn, so the next pc is set first
 * and @insn is not touched afterwards. */
static PVM_ALWAYS_INLINE int
exec_fence_i (PvmHart *hart, const PvmInsn *insn)
{
  hart->pc = pvm_insn_pc (hart, insn) + insn->len;
  pvm_block_cache_flush (hart);
  return PVM_EXEC_JUMP;
}

static PVM_ALWAYS_INLINE int
exec_illegal (PvmHart *hart, const PvmInsn *insn)
{
  return pvm_hart_raise (hart, PVM_EXC_ILLEGAL_INSN, insn->raw);
}

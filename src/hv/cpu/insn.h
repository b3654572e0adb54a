/* insn.h: a pre-decoded instruction and the contract of its handler. */
#pragma once

#include <stdint.h>

#include "hv/cpu/hart.h"
#include "hv/cpu/ops.h"

typedef enum {
#define PVM_OP_ENUM(NAME, name) PVM_OP_##NAME,
  PVM_OPS_ALL (PVM_OP_ENUM)
#undef PVM_OP_ENUM
  PVM_OP_COUNT
} PvmOp;

typedef struct PvmInsn PvmInsn;

/* What a handler returns. */
enum {
  PVM_EXEC_NEXT = 0, /* go on with the next instruction of the block; pc untouched */
  PVM_EXEC_TRAP = 1, /* a trap is recorded in hart->trap_cause/trap_tval (pvm_hart_raise()) */
  PVM_EXEC_JUMP = 2, /* the handler set hart->pc; the block ends here */
};

/* Executes @insn on @hart. While a block runs, hart->pc holds the address of the block's first
 * instruction (see pvm_insn_pc()). Handlers never allocate or lock on their fast path. */
typedef int (*PvmExecFn) (PvmHart *hart, const PvmInsn *insn);

struct PvmInsn {
  PvmExecFn fn;
  int32_t imm;     /* sign-extended immediate; the CSR number for Zicsr; shamt for shifts */
  uint16_t op;     /* PvmOp */
  uint16_t pc_off; /* byte offset of this instruction from the start of its block */
  uint8_t rd;      /* 0..31, or 32 (the write sink) when the instruction writes x0 */
  uint8_t rs1, rs2, rs3;
  uint8_t len; /* 2 (compressed) or 4 */
  uint8_t rm;  /* F/D: rounding mode field; A: aq/rl bits; FENCE: pred/succ */
  uint32_t raw; /* the instruction as fetched (tval of an illegal-instruction trap) */
};

/* Returns the address of @insn in the block that @hart is running. */
static inline uint64_t
pvm_insn_pc (const PvmHart *hart, const PvmInsn *insn)
{
  return hart->pc + insn->pc_off;
}

/* Ends the block after @insn, continuing at the next instruction. Returns PVM_EXEC_JUMP. */
static inline int
pvm_insn_end_block (PvmHart *hart, const PvmInsn *insn)
{
  hart->pc = pvm_insn_pc (hart, insn) + insn->len;
  return PVM_EXEC_JUMP;
}

#define PVM_EXEC_DECLARE(NAME, name) int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn);
PVM_OPS_ALL (PVM_EXEC_DECLARE)
#undef PVM_EXEC_DECLARE

/* The handler of every PvmOp. */
extern const PvmExecFn pvm_exec_table[PVM_OP_COUNT];

/* Returns the mnemonic of @op ("addi"), for disassembly and logs. */
const char *pvm_op_name (PvmOp op);

/* Decodes the instruction whose low 16 bits are @lo and, if those say it is 32 bits long, whose
 * high 16 bits are @hi. Fills every field of @insn but fn and pc_off; an encoding that is not a
 * valid RV64GC(+Zba/Zbb/Zbs) instruction becomes PVM_OP_ILLEGAL. Never fails, never allocates. */
void pvm_decode (uint16_t lo, uint16_t hi, PvmInsn *insn);

/* Returns 2 or 4: the length of the instruction whose low 16 bits are @lo. */
static inline unsigned
pvm_insn_length (uint16_t lo)
{
  return (lo & 3) == 3 ? 4 : 2;
}

/* decode-private.h: helpers shared by the 32-bit and the compressed decoders. */
#pragma once

#include "hv/cpu/insn.h"

/* The destination of an instruction that writes x0 or no integer register. */
#define PVM_DECODE_SINK 32u

/* Sign-extends the low @bits of @v. */
static inline int32_t
decode_sext (uint32_t v, unsigned bits)
{
  return (int32_t) (v << (32 - bits)) >> (32 - bits);
}

/* Maps an integer destination register: x0 becomes the write sink. */
static inline unsigned
decode_xrd (unsigned r)
{
  return r ? r : PVM_DECODE_SINK;
}

/* Fills the operation and register/immediate fields of @insn, clearing rs3 and rm. */
static inline void
decode_set (PvmInsn *insn, unsigned op, unsigned rd, unsigned rs1, unsigned rs2, int32_t imm)
{
  insn->op = (uint16_t) op;
  insn->rd = (uint8_t) rd;
  insn->rs1 = (uint8_t) rs1;
  insn->rs2 = (uint8_t) rs2;
  insn->rs3 = 0;
  insn->imm = imm;
  insn->rm = 0;
}

/* Makes @insn the illegal instruction, keeping raw and len. */
static inline void
decode_set_illegal (PvmInsn *insn)
{
  decode_set (insn, PVM_OP_ILLEGAL, PVM_DECODE_SINK, 0, 0, 0);
}

/* Decodes the compressed instruction @c (low two bits not 11) into the fields of its 32-bit
 * equivalent, raw = @c and len = 2; reserved encodings become PVM_OP_ILLEGAL. */
void _pvm_decode_compressed (uint32_t c, PvmInsn *insn);

/* decode-c.c: RV64C compressed instructions, expanded to the fields of their 32-bit equivalents.
 *
 * Reserved encodings (the all-zero halfword, c.addi4spn with nzuimm 0, c.addi16sp and c.lui with
 * immediate 0, c.addiw/c.lwsp/c.ldsp with rd x0, c.jr with rs1 x0, the funct3 100 slot of
 * quadrant 0 and the reserved c.subw/c.addw neighbours) decode to PVM_OP_ILLEGAL; hints decode
 * to their expansion, which has no effect.
 */
#include "hv/cpu/decode-private.h"

/* Compressed register fields: rd'/rs2' (bits 4..2) and rs1'/rd' (bits 9..7) name x8..x15. */
static inline unsigned
c_rs2p (uint32_t c)
{
  return ((c >> 2) & 7) + 8;
}

static inline unsigned
c_rs1p (uint32_t c)
{
  return ((c >> 7) & 7) + 8;
}

/* The 6-bit immediate of the CI format: bit 12 is imm[5], bits 6..2 imm[4:0]. */
static inline uint32_t
c_imm6 (uint32_t c)
{
  return ((c >> 7) & 0x20) | ((c >> 2) & 0x1f);
}

/* Offset of c.ld, c.sd, c.fld, c.fsd: uimm[5:3] in bits 12..10, uimm[7:6] in bits 6..5. */
static inline int32_t
c_uimm_d (uint32_t c)
{
  return (int32_t) (((c >> 7) & 0x38) | ((c << 1) & 0xc0));
}

/* Offset of c.lw, c.sw: uimm[5:3] in bits 12..10, uimm[2] in bit 6, uimm[6] in bit 5. */
static inline int32_t
c_uimm_w (uint32_t c)
{
  return (int32_t) (((c >> 7) & 0x38) | ((c >> 4) & 0x4) | ((c << 1) & 0x40));
}

/* Quadrant 0: stack-pointer-based addition, loads and stores with rs1' base. */
static unsigned
decode_c0 (uint32_t c, PvmInsn *insn)
{
  unsigned rs1 = c_rs1p (c), r = c_rs2p (c);

  switch (c >> 13) {
  case 0: { /* c.addi4spn: nzuimm[5:4|9:6|2|3] */
    uint32_t imm = ((c >> 7) & 0x30) | ((c >> 1) & 0x3c0) | ((c >> 4) & 0x4) | ((c >> 2) & 0x8);
    if (imm == 0)
      return PVM_OP_ILLEGAL;
    decode_set (insn, PVM_OP_ADDI, r, 2, 0, (int32_t) imm);
    return PVM_OP_ADDI;
  }
  case 1: /* c.fld */
    decode_set (insn, PVM_OP_FLD, r, rs1, 0, c_uimm_d (c));
    insn->rm = 3;
    return PVM_OP_FLD;
  case 2: /* c.lw */
    decode_set (insn, PVM_OP_LW, r, rs1, 0, c_uimm_w (c));
    return PVM_OP_LW;
  case 3: /* c.ld */
    decode_set (insn, PVM_OP_LD, r, rs1, 0, c_uimm_d (c));
    return PVM_OP_LD;
  case 5: /* c.fsd */
    decode_set (insn, PVM_OP_FSD, PVM_DECODE_SINK, rs1, r, c_uimm_d (c));
    insn->rm = 3;
    return PVM_OP_FSD;
  case 6: /* c.sw */
    decode_set (insn, PVM_OP_SW, PVM_DECODE_SINK, rs1, r, c_uimm_w (c));
    return PVM_OP_SW;
  case 7: /* c.sd */
    decode_set (insn, PVM_OP_SD, PVM_DECODE_SINK, rs1, r, c_uimm_d (c));
    return PVM_OP_SD;
  }
  return PVM_OP_ILLEGAL;
}

/* Quadrant 1: immediates, register-register arithmetic on x8..x15, jumps and branches. */
static unsigned
decode_c1 (uint32_t c, PvmInsn *insn)
{
  unsigned rd = (c >> 7) & 31, rs1 = c_rs1p (c), rs2 = c_rs2p (c);
  int32_t imm = decode_sext (c_imm6 (c), 6);

  switch (c >> 13) {
  case 0: /* c.addi, c.nop (a hint when rd or imm is zero) */
    decode_set (insn, PVM_OP_ADDI, decode_xrd (rd), rd, 0, imm);
    return PVM_OP_ADDI;
  case 1: /* c.addiw */
    if (rd == 0)
      return PVM_OP_ILLEGAL;
    decode_set (insn, PVM_OP_ADDIW, rd, rd, 0, imm);
    return PVM_OP_ADDIW;
  case 2: /* c.li */
    decode_set (insn, PVM_OP_ADDI, decode_xrd (rd), 0, 0, imm);
    return PVM_OP_ADDI;
  case 3:
    if (rd == 2) { /* c.addi16sp: nzimm[9] in bit 12, nzimm[4|6|8:7|5] in bits 6..2 */
      uint32_t v = ((c >> 3) & 0x200) | ((c >> 2) & 0x10) | ((c << 1) & 0x40) |
                   ((c << 4) & 0x180) | ((c << 3) & 0x20);
      if (v == 0)
        return PVM_OP_ILLEGAL;
      decode_set (insn, PVM_OP_ADDI, 2, 2, 0, decode_sext (v, 10));
      return PVM_OP_ADDI;
    }
    if (c_imm6 (c) == 0) /* c.lui with nzimm 0 */
      return PVM_OP_ILLEGAL;
    decode_set (insn, PVM_OP_LUI, decode_xrd (rd), 0, 0, imm * 4096);
    return PVM_OP_LUI;
  case 4:
    switch ((c >> 10) & 3) {
    case 0: /* c.srli: any 6-bit shamt on RV64, 0 being a hint */
      decode_set (insn, PVM_OP_SRLI, rs1, rs1, 0, (int32_t) c_imm6 (c));
      return PVM_OP_SRLI;
    case 1:
      decode_set (insn, PVM_OP_SRAI, rs1, rs1, 0, (int32_t) c_imm6 (c));
      return PVM_OP_SRAI;
    case 2:
      decode_set (insn, PVM_OP_ANDI, rs1, rs1, 0, imm);
      return PVM_OP_ANDI;
    }
    {
      static const uint16_t arith[8] = {
        PVM_OP_SUB, PVM_OP_XOR, PVM_OP_OR, PVM_OP_AND,
        PVM_OP_SUBW, PVM_OP_ADDW, PVM_OP_ILLEGAL, PVM_OP_ILLEGAL,
      };
      unsigned op = arith[((c >> 10) & 4) | ((c >> 5) & 3)];
      decode_set (insn, op, rs1, rs1, rs2, 0);
      return op;
    }
  case 5: { /* c.j: offset[11|4|9:8|10|6|7|3:1|5] */
    uint32_t v = ((c >> 1) & 0x800) | ((c >> 7) & 0x10) | ((c >> 1) & 0x300) | ((c << 2) & 0x400) |
                 ((c >> 1) & 0x40) | ((c << 1) & 0x80) | ((c >> 2) & 0xe) | ((c << 3) & 0x20);
    decode_set (insn, PVM_OP_JAL, PVM_DECODE_SINK, 0, 0, decode_sext (v, 12));
    return PVM_OP_JAL;
  }
  default: { /* c.beqz, c.bnez: offset[8|4:3] in bits 12..10, offset[7:6|2:1|5] in bits 6..2 */
    uint32_t v = ((c >> 4) & 0x100) | ((c >> 7) & 0x18) | ((c << 1) & 0xc0) | ((c >> 2) & 0x6) |
                 ((c << 3) & 0x20);
    unsigned op = c >> 13 == 6 ? PVM_OP_BEQ : PVM_OP_BNE;
    decode_set (insn, op, PVM_DECODE_SINK, rs1, 0, decode_sext (v, 9));
    return op;
  }
  }
}

/* Quadrant 2: full-register forms and stack-pointer-based loads and stores. */
static unsigned
decode_c2 (uint32_t c, PvmInsn *insn)
{
  unsigned rd = (c >> 7) & 31, rs2 = (c >> 2) & 31;
  /* uimm[5] in bit 12, uimm[4:3|8:6] in bits 6..2 (c.ldsp, c.fldsp) */
  int32_t off_d = (int32_t) (((c >> 7) & 0x20) | ((c >> 2) & 0x18) | ((c << 4) & 0x1c0));
  /* uimm[5:3|8:6] in bits 12..7 (c.sdsp, c.fsdsp) */
  int32_t soff_d = (int32_t) (((c >> 7) & 0x38) | ((c >> 1) & 0x1c0));

  switch (c >> 13) {
  case 0: /* c.slli: any 6-bit shamt on RV64 */
    decode_set (insn, PVM_OP_SLLI, decode_xrd (rd), rd, 0, (int32_t) c_imm6 (c));
    return PVM_OP_SLLI;
  case 1: /* c.fldsp */
    decode_set (insn, PVM_OP_FLD, rd, 2, 0, off_d);
    insn->rm = 3;
    return PVM_OP_FLD;
  case 2: /* c.lwsp: uimm[5] in bit 12, uimm[4:2|7:6] in bits 6..2 */
    if (rd == 0)
      return PVM_OP_ILLEGAL;
    decode_set (insn, PVM_OP_LW, rd, 2, 0,
                (int32_t) (((c >> 7) & 0x20) | ((c >> 2) & 0x1c) | ((c << 4) & 0xc0)));
    return PVM_OP_LW;
  case 3: /* c.ldsp */
    if (rd == 0)
      return PVM_OP_ILLEGAL;
    decode_set (insn, PVM_OP_LD, rd, 2, 0, off_d);
    return PVM_OP_LD;
  case 4:
    if (!(c & 0x1000)) {
      if (rs2 == 0) { /* c.jr */
        if (rd == 0)
          return PVM_OP_ILLEGAL;
        decode_set (insn, PVM_OP_JALR, PVM_DECODE_SINK, rd, 0, 0);
        return PVM_OP_JALR;
      }
      decode_set (insn, PVM_OP_ADD, decode_xrd (rd), 0, rs2, 0); /* c.mv */
      return PVM_OP_ADD;
    }
    if (rs2 == 0) {
      if (rd == 0) { /* c.ebreak */
        decode_set (insn, PVM_OP_EBREAK, PVM_DECODE_SINK, 0, 0, 0);
        return PVM_OP_EBREAK;
      }
      decode_set (insn, PVM_OP_JALR, 1, rd, 0, 0); /* c.jalr */
      return PVM_OP_JALR;
    }
    decode_set (insn, PVM_OP_ADD, decode_xrd (rd), rd, rs2, 0); /* c.add */
    return PVM_OP_ADD;
  case 5: /* c.fsdsp */
    decode_set (insn, PVM_OP_FSD, PVM_DECODE_SINK, 2, rs2, soff_d);
    insn->rm = 3;
    return PVM_OP_FSD;
  case 6: /* c.swsp: uimm[5:2|7:6] in bits 12..7 */
    decode_set (insn, PVM_OP_SW, PVM_DECODE_SINK, 2, rs2,
                (int32_t) (((c >> 7) & 0x3c) | ((c >> 1) & 0xc0)));
    return PVM_OP_SW;
  default: /* c.sdsp */
    decode_set (insn, PVM_OP_SD, PVM_DECODE_SINK, 2, rs2, soff_d);
    return PVM_OP_SD;
  }
}

void
_pvm_decode_compressed (uint32_t c, PvmInsn *insn)
{
  unsigned op;

  insn->raw = c;
  insn->len = 2;
  switch (c & 3) {
  case 0: op = decode_c0 (c, insn); break;
  case 1: op = decode_c1 (c, insn); break;
  default: op = decode_c2 (c, insn); break;
  }
  if (op == PVM_OP_ILLEGAL)
    decode_set_illegal (insn);
}


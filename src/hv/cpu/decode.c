/* decode.c: RV64GC + Zba/Zbb/Zbs instruction words to PvmInsn.
 *
 * 32-bit words are split by major opcode (bits 6..2), then by funct3/funct7 in switches on a
 * combined key; compressed halfwords are expanded by decode-c.c. The fields:
 *   rd   an integer destination x0 becomes 32 (the write sink), as does rd of an instruction
 *        without an integer destination; an f register destination keeps its number 0..31
 *   imm  sign-extended immediate; shamt for shifts, rotates and Zbs immediates; the CSR number
 *        (0..4095) for Zicsr, whose immediate forms carry their 5-bit zimm in rs1
 *   rm   F/D: funct3 (rounding mode; 5 and 6 are decoded as illegal); A: the aq/rl bits;
 *        FENCE: pred/succ (bits 27..20)
 * Fields an operation does not use are zero, so a decoded instruction never names a register
 * it does not read or write. fn and pc_off are left to the caller.
 */
#include "hv/cpu/decode-private.h"

/* funct7/funct3 pair as one switch key. */
#define K(f7, f3) (((f7) << 3) | (f3))

static inline int32_t
imm_i (uint32_t w)
{
  return (int32_t) w >> 20;
}

static inline int32_t
imm_s (uint32_t w)
{
  return decode_sext (((w >> 20) & 0xfe0) | ((w >> 7) & 0x1f), 12);
}

static inline int32_t
imm_b (uint32_t w)
{
  return decode_sext (((w >> 19) & 0x1000) | ((w << 4) & 0x800) | ((w >> 20) & 0x7e0) |
                      ((w >> 7) & 0x1e), 13);
}

static inline int32_t
imm_j (uint32_t w)
{
  return decode_sext (((w >> 11) & 0x100000) | (w & 0xff000) | ((w >> 9) & 0x800) |
                      ((w >> 20) & 0x7fe), 21);
}

/* Whether @rm is a rounding-mode field value an instruction may carry (5 and 6 are reserved). */
static inline int
rm_valid (unsigned rm)
{
  return rm != 5 && rm != 6;
}

/* OP-IMM (0010011). */
static unsigned
decode_op_imm (uint32_t w, unsigned f3, int32_t *imm)
{
  static const uint16_t basic[8] = {
    PVM_OP_ADDI, 0, PVM_OP_SLTI, PVM_OP_SLTIU, PVM_OP_XORI, 0, PVM_OP_ORI, PVM_OP_ANDI,
  };
  unsigned f6 = w >> 26, shamt = (w >> 20) & 63;

  *imm = imm_i (w);
  if (f3 != 1 && f3 != 5)
    return basic[f3];
  *imm = (int32_t) shamt;
  if (f3 == 1) {
    switch (f6) {
    case 0x00: return PVM_OP_SLLI;
    case 0x0a: return PVM_OP_BSETI;
    case 0x12: return PVM_OP_BCLRI;
    case 0x1a: return PVM_OP_BINVI;
    case 0x18:
      if (w & (1u << 25))
        return PVM_OP_ILLEGAL;
      *imm = 0;
      switch (shamt) {
      case 0: return PVM_OP_CLZ;
      case 1: return PVM_OP_CTZ;
      case 2: return PVM_OP_CPOP;
      case 4: return PVM_OP_SEXT_B;
      case 5: return PVM_OP_SEXT_H;
      }
    }
    return PVM_OP_ILLEGAL;
  }
  switch (w >> 20) {
  case 0x287: *imm = 0; return PVM_OP_ORC_B;
  case 0x6b8: *imm = 0; return PVM_OP_REV8;
  }
  switch (f6) {
  case 0x00: return PVM_OP_SRLI;
  case 0x10: return PVM_OP_SRAI;
  case 0x12: return PVM_OP_BEXTI;
  case 0x18: return PVM_OP_RORI;
  }
  return PVM_OP_ILLEGAL;
}

/* OP-IMM-32 (0011011). */
static unsigned
decode_op_imm32 (uint32_t w, unsigned f3, int32_t *imm)
{
  unsigned f7 = w >> 25, shamt = (w >> 20) & 31;

  *imm = (int32_t) shamt;
  switch (K (f7, f3)) {
  case K (0x00, 1): return PVM_OP_SLLIW;
  case K (0x00, 5): return PVM_OP_SRLIW;
  case K (0x20, 5): return PVM_OP_SRAIW;
  case K (0x30, 5): return PVM_OP_RORIW;
  case K (0x30, 1):
    *imm = 0;
    switch (shamt) {
    case 0: return PVM_OP_CLZW;
    case 1: return PVM_OP_CTZW;
    case 2: return PVM_OP_CPOPW;
    }
    return PVM_OP_ILLEGAL;
  }
  if (f3 == 0) {
    *imm = imm_i (w);
    return PVM_OP_ADDIW;
  }
  if (f3 == 1 && (w >> 26) == 0x02) {
    *imm = (int32_t) ((w >> 20) & 63);
    return PVM_OP_SLLI_UW;
  }
  return PVM_OP_ILLEGAL;
}

/* OP (0110011): RV64I, M, Zba, Zbb, Zbs register-register forms. */
static unsigned
decode_op (unsigned f7, unsigned f3)
{
  switch (K (f7, f3)) {
  case K (0x00, 0): return PVM_OP_ADD;
  case K (0x00, 1): return PVM_OP_SLL;
  case K (0x00, 2): return PVM_OP_SLT;
  case K (0x00, 3): return PVM_OP_SLTU;
  case K (0x00, 4): return PVM_OP_XOR;
  case K (0x00, 5): return PVM_OP_SRL;
  case K (0x00, 6): return PVM_OP_OR;
  case K (0x00, 7): return PVM_OP_AND;
  case K (0x20, 0): return PVM_OP_SUB;
  case K (0x20, 4): return PVM_OP_XNOR;
  case K (0x20, 5): return PVM_OP_SRA;
  case K (0x20, 6): return PVM_OP_ORN;
  case K (0x20, 7): return PVM_OP_ANDN;
  case K (0x01, 0): return PVM_OP_MUL;
  case K (0x01, 1): return PVM_OP_MULH;
  case K (0x01, 2): return PVM_OP_MULHSU;
  case K (0x01, 3): return PVM_OP_MULHU;
  case K (0x01, 4): return PVM_OP_DIV;
  case K (0x01, 5): return PVM_OP_DIVU;
  case K (0x01, 6): return PVM_OP_REM;
  case K (0x01, 7): return PVM_OP_REMU;
  case K (0x10, 2): return PVM_OP_SH1ADD;
  case K (0x10, 4): return PVM_OP_SH2ADD;
  case K (0x10, 6): return PVM_OP_SH3ADD;
  case K (0x05, 4): return PVM_OP_MIN;
  case K (0x05, 5): return PVM_OP_MINU;
  case K (0x05, 6): return PVM_OP_MAX;
  case K (0x05, 7): return PVM_OP_MAXU;
  case K (0x30, 1): return PVM_OP_ROL;
  case K (0x30, 5): return PVM_OP_ROR;
  case K (0x24, 1): return PVM_OP_BCLR;
  case K (0x24, 5): return PVM_OP_BEXT;
  case K (0x34, 1): return PVM_OP_BINV;
  case K (0x14, 1): return PVM_OP_BSET;
  }
  return PVM_OP_ILLEGAL;
}

/* OP-32 (0111011). */
static unsigned
decode_op32 (unsigned f7, unsigned f3, unsigned rs2)
{
  switch (K (f7, f3)) {
  case K (0x00, 0): return PVM_OP_ADDW;
  case K (0x00, 1): return PVM_OP_SLLW;
  case K (0x00, 5): return PVM_OP_SRLW;
  case K (0x20, 0): return PVM_OP_SUBW;
  case K (0x20, 5): return PVM_OP_SRAW;
  case K (0x01, 0): return PVM_OP_MULW;
  case K (0x01, 4): return PVM_OP_DIVW;
  case K (0x01, 5): return PVM_OP_DIVUW;
  case K (0x01, 6): return PVM_OP_REMW;
  case K (0x01, 7): return PVM_OP_REMUW;
  case K (0x04, 0): return PVM_OP_ADD_UW;
  case K (0x04, 4): return rs2 == 0 ? PVM_OP_ZEXT_H : PVM_OP_ILLEGAL;
  case K (0x10, 2): return PVM_OP_SH1ADD_UW;
  case K (0x10, 4): return PVM_OP_SH2ADD_UW;
  case K (0x10, 6): return PVM_OP_SH3ADD_UW;
  case K (0x30, 1): return PVM_OP_ROLW;
  case K (0x30, 5): return PVM_OP_RORW;
  }
  return PVM_OP_ILLEGAL;
}

/* AMO (0101111): funct5 picks the operation, funct3 2 or 3 the width. */
static unsigned
decode_amo (unsigned f5, unsigned f3, unsigned rs2)
{
  static const uint16_t amo_w[32] = {
    [0x00] = PVM_OP_AMOADD_W, [0x01] = PVM_OP_AMOSWAP_W, [0x02] = PVM_OP_LR_W,
    [0x03] = PVM_OP_SC_W, [0x04] = PVM_OP_AMOXOR_W, [0x08] = PVM_OP_AMOOR_W,
    [0x0c] = PVM_OP_AMOAND_W, [0x10] = PVM_OP_AMOMIN_W, [0x14] = PVM_OP_AMOMAX_W,
    [0x18] = PVM_OP_AMOMINU_W, [0x1c] = PVM_OP_AMOMAXU_W,
  };
  /* The D forms follow the W forms in the same order. */
  unsigned op = amo_w[f5];

  if ((f3 != 2 && f3 != 3) || (op == 0 && f5 != 0) || (f5 == 0x02 && rs2 != 0))
    return PVM_OP_ILLEGAL;
  return f3 == 3 ? op + (PVM_OP_LR_D - PVM_OP_LR_W) : op;
}

_Static_assert (PVM_OP_AMOADD_W != 0 &&
                PVM_OP_AMOMAXU_D - PVM_OP_AMOMAXU_W == PVM_OP_LR_D - PVM_OP_LR_W &&
                PVM_OP_AMOADD_D - PVM_OP_AMOADD_W == PVM_OP_LR_D - PVM_OP_LR_W,
                "the A extension's D ops must follow its W ops in the same order in ops.h");

/* OP-FP (1010011). Sets *int_rd when the destination is an integer register and *no_rs2 when
 * the rs2 field is a sub-opcode. */
static unsigned
decode_op_fp (unsigned f7, unsigned f3, unsigned rs2, int *int_rd, int *no_rs2)
{
  /* Single and double differ only in f7 bit 0 (fmt). */
  unsigned d = f7 & 1, rm_ok = rm_valid (f3);

  if (f7 & 2)
    return PVM_OP_ILLEGAL;
  *int_rd = 0;
  *no_rs2 = 0;
  switch (f7 & ~1u) {
  case 0x00: return rm_ok ? (d ? PVM_OP_FADD_D : PVM_OP_FADD_S) : PVM_OP_ILLEGAL;
  case 0x04: return rm_ok ? (d ? PVM_OP_FSUB_D : PVM_OP_FSUB_S) : PVM_OP_ILLEGAL;
  case 0x08: return rm_ok ? (d ? PVM_OP_FMUL_D : PVM_OP_FMUL_S) : PVM_OP_ILLEGAL;
  case 0x0c: return rm_ok ? (d ? PVM_OP_FDIV_D : PVM_OP_FDIV_S) : PVM_OP_ILLEGAL;
  case 0x2c:
    *no_rs2 = 1;
    if (rs2 != 0 || !rm_ok)
      return PVM_OP_ILLEGAL;
    return d ? PVM_OP_FSQRT_D : PVM_OP_FSQRT_S;
  case 0x10:
    switch (f3) {
    case 0: return d ? PVM_OP_FSGNJ_D : PVM_OP_FSGNJ_S;
    case 1: return d ? PVM_OP_FSGNJN_D : PVM_OP_FSGNJN_S;
    case 2: return d ? PVM_OP_FSGNJX_D : PVM_OP_FSGNJX_S;
    }
    return PVM_OP_ILLEGAL;
  case 0x14:
    switch (f3) {
    case 0: return d ? PVM_OP_FMIN_D : PVM_OP_FMIN_S;
    case 1: return d ? PVM_OP_FMAX_D : PVM_OP_FMAX_S;
    }
    return PVM_OP_ILLEGAL;
  case 0x20:
    *no_rs2 = 1;
    if (!rm_ok || rs2 != !d)
      return PVM_OP_ILLEGAL;
    return d ? PVM_OP_FCVT_D_S : PVM_OP_FCVT_S_D;
  case 0x50:
    *int_rd = 1;
    switch (f3) {
    case 0: return d ? PVM_OP_FLE_D : PVM_OP_FLE_S;
    case 1: return d ? PVM_OP_FLT_D : PVM_OP_FLT_S;
    case 2: return d ? PVM_OP_FEQ_D : PVM_OP_FEQ_S;
    }
    return PVM_OP_ILLEGAL;
  case 0x60: {
    static const uint16_t to_int[2][4] = {
      { PVM_OP_FCVT_W_S, PVM_OP_FCVT_WU_S, PVM_OP_FCVT_L_S, PVM_OP_FCVT_LU_S },
      { PVM_OP_FCVT_W_D, PVM_OP_FCVT_WU_D, PVM_OP_FCVT_L_D, PVM_OP_FCVT_LU_D },
    };
    *int_rd = 1;
    *no_rs2 = 1;
    return rs2 < 4 && rm_ok ? to_int[d][rs2] : PVM_OP_ILLEGAL;
  }
  case 0x68: {
    static const uint16_t from_int[2][4] = {
      { PVM_OP_FCVT_S_W, PVM_OP_FCVT_S_WU, PVM_OP_FCVT_S_L, PVM_OP_FCVT_S_LU },
      { PVM_OP_FCVT_D_W, PVM_OP_FCVT_D_WU, PVM_OP_FCVT_D_L, PVM_OP_FCVT_D_LU },
    };
    *no_rs2 = 1;
    return rs2 < 4 && rm_ok ? from_int[d][rs2] : PVM_OP_ILLEGAL;
  }
  case 0x70:
    *int_rd = 1;
    *no_rs2 = 1;
    if (rs2 != 0)
      return PVM_OP_ILLEGAL;
    switch (f3) {
    case 0: return d ? PVM_OP_FMV_X_D : PVM_OP_FMV_X_W;
    case 1: return d ? PVM_OP_FCLASS_D : PVM_OP_FCLASS_S;
    }
    return PVM_OP_ILLEGAL;
  case 0x78:
    *no_rs2 = 1;
    if (rs2 != 0 || f3 != 0)
      return PVM_OP_ILLEGAL;
    return d ? PVM_OP_FMV_D_X : PVM_OP_FMV_W_X;
  }
  return PVM_OP_ILLEGAL;
}

/* SYSTEM (1110011) with funct3 0: the privileged instructions, matched on the whole word. */
static unsigned
decode_priv (uint32_t w)
{
  switch (w) {
  case 0x00000073: return PVM_OP_ECALL;
  case 0x00100073: return PVM_OP_EBREAK;
  case 0x10200073: return PVM_OP_SRET;
  case 0x30200073: return PVM_OP_MRET;
  case 0x10500073: return PVM_OP_WFI;
  }
  if ((w & 0xfe007fff) == 0x12000073)
    return PVM_OP_SFENCE_VMA;
  return PVM_OP_ILLEGAL;
}

static void
decode_32 (uint32_t w, PvmInsn *insn)
{
  unsigned rd = (w >> 7) & 31, f3 = (w >> 12) & 7, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31;
  unsigned f7 = w >> 25, op;
  int32_t imm;

  insn->raw = w;
  insn->len = 4;
  switch ((w >> 2) & 31) {
  case 0x00: { /* LOAD */
    static const uint16_t loads[8] = {
      PVM_OP_LB, PVM_OP_LH, PVM_OP_LW, PVM_OP_LD,
      PVM_OP_LBU, PVM_OP_LHU, PVM_OP_LWU, PVM_OP_ILLEGAL,
    };
    op = loads[f3];
    decode_set (insn, op, decode_xrd (rd), rs1, 0, imm_i (w));
    break;
  }
  case 0x08: { /* STORE */
    static const uint16_t stores[8] = {
      PVM_OP_SB, PVM_OP_SH, PVM_OP_SW, PVM_OP_SD,
      PVM_OP_ILLEGAL, PVM_OP_ILLEGAL, PVM_OP_ILLEGAL, PVM_OP_ILLEGAL,
    };
    op = stores[f3];
    decode_set (insn, op, PVM_DECODE_SINK, rs1, rs2, imm_s (w));
    break;
  }
  case 0x18: { /* BRANCH */
    static const uint16_t branches[8] = {
      PVM_OP_BEQ, PVM_OP_BNE, PVM_OP_ILLEGAL, PVM_OP_ILLEGAL,
      PVM_OP_BLT, PVM_OP_BGE, PVM_OP_BLTU, PVM_OP_BGEU,
    };
    op = branches[f3];
    decode_set (insn, op, PVM_DECODE_SINK, rs1, rs2, imm_b (w));
    break;
  }
  case 0x04: /* OP-IMM */
    op = decode_op_imm (w, f3, &imm);
    decode_set (insn, op, decode_xrd (rd), rs1, 0, imm);
    break;
  case 0x06: /* OP-IMM-32 */
    op = decode_op_imm32 (w, f3, &imm);
    decode_set (insn, op, decode_xrd (rd), rs1, 0, imm);
    break;
  case 0x0c: /* OP */
    op = decode_op (f7, f3);
    decode_set (insn, op, decode_xrd (rd), rs1, rs2, 0);
    break;
  case 0x0e: /* OP-32 */
    op = decode_op32 (f7, f3, rs2);
    decode_set (insn, op, decode_xrd (rd), rs1, op == PVM_OP_ZEXT_H ? 0 : rs2, 0);
    break;
  case 0x0d: /* LUI */
    op = PVM_OP_LUI;
    decode_set (insn, op, decode_xrd (rd), 0, 0, (int32_t) (w & 0xfffff000));
    break;
  case 0x05: /* AUIPC */
    op = PVM_OP_AUIPC;
    decode_set (insn, op, decode_xrd (rd), 0, 0, (int32_t) (w & 0xfffff000));
    break;
  case 0x1b: /* JAL */
    op = PVM_OP_JAL;
    decode_set (insn, op, decode_xrd (rd), 0, 0, imm_j (w));
    break;
  case 0x19: /* JALR */
    op = f3 == 0 ? PVM_OP_JALR : PVM_OP_ILLEGAL;
    decode_set (insn, op, decode_xrd (rd), rs1, 0, imm_i (w));
    break;
  case 0x03: /* MISC-MEM: the unused fields of FENCE are ignored, as are FENCE.I's */
    if (f3 == 0) {
      op = PVM_OP_FENCE;
      decode_set (insn, op, PVM_DECODE_SINK, 0, 0, 0);
      insn->rm = (uint8_t) (w >> 20);
      return;
    }
    op = f3 == 1 ? PVM_OP_FENCE_I : PVM_OP_ILLEGAL;
    decode_set (insn, op, PVM_DECODE_SINK, 0, 0, 0);
    break;
  case 0x1c: /* SYSTEM */
    if (f3 == 0) {
      op = decode_priv (w);
      if (op != PVM_OP_SFENCE_VMA)
        rs1 = rs2 = 0;
      decode_set (insn, op, PVM_DECODE_SINK, rs1, rs2, 0);
      break;
    }
    if (f3 == 4) {
      op = PVM_OP_ILLEGAL;
      break;
    }
    op = (f3 & 4 ? PVM_OP_CSRRWI : PVM_OP_CSRRW) + (f3 & 3) - 1;
    decode_set (insn, op, decode_xrd (rd), rs1, 0, (int32_t) (w >> 20));
    break;
  case 0x0b: /* AMO */
    op = decode_amo (w >> 27, f3, rs2);
    if (op == PVM_OP_LR_W || op == PVM_OP_LR_D)
      rs2 = 0;
    decode_set (insn, op, decode_xrd (rd), rs1, rs2, 0);
    insn->rm = (w >> 25) & 3;
    break;
  case 0x01: /* LOAD-FP */
    op = f3 == 2 ? PVM_OP_FLW : f3 == 3 ? PVM_OP_FLD : PVM_OP_ILLEGAL;
    decode_set (insn, op, rd, rs1, 0, imm_i (w));
    insn->rm = (uint8_t) f3;
    break;
  case 0x09: /* STORE-FP */
    op = f3 == 2 ? PVM_OP_FSW : f3 == 3 ? PVM_OP_FSD : PVM_OP_ILLEGAL;
    decode_set (insn, op, PVM_DECODE_SINK, rs1, rs2, imm_s (w));
    insn->rm = (uint8_t) f3;
    break;
  case 0x10: case 0x11: case 0x12: case 0x13: { /* FMADD, FMSUB, FNMSUB, FNMADD */
    unsigned fmt = f7 & 3, which = (w >> 2) & 3;
    if (fmt > 1 || !rm_valid (f3)) {
      op = PVM_OP_ILLEGAL;
      break;
    }
    op = (fmt ? PVM_OP_FMADD_D : PVM_OP_FMADD_S) + which;
    decode_set (insn, op, rd, rs1, rs2, 0);
    insn->rs3 = (uint8_t) (w >> 27);
    insn->rm = (uint8_t) f3;
    return;
  }
  case 0x14: { /* OP-FP */
    int int_rd = 0, no_rs2 = 0;
    op = decode_op_fp (f7, f3, rs2, &int_rd, &no_rs2);
    decode_set (insn, op, int_rd ? decode_xrd (rd) : rd, rs1, no_rs2 ? 0 : rs2, 0);
    insn->rm = (uint8_t) f3;
    break;
  }
  default:
    op = PVM_OP_ILLEGAL;
    break;
  }
  if (op == PVM_OP_ILLEGAL)
    decode_set_illegal (insn);
}

_Static_assert (PVM_OP_FMSUB_S == PVM_OP_FMADD_S + 1 && PVM_OP_FNMSUB_S == PVM_OP_FMADD_S + 2 &&
                PVM_OP_FNMADD_S == PVM_OP_FMADD_S + 3 && PVM_OP_FNMADD_D == PVM_OP_FMADD_D + 3,
                "fused multiply-add ops must follow the opcode order in ops.h");
_Static_assert (PVM_OP_CSRRS == PVM_OP_CSRRW + 1 && PVM_OP_CSRRC == PVM_OP_CSRRW + 2 &&
                PVM_OP_CSRRSI == PVM_OP_CSRRWI + 1 && PVM_OP_CSRRCI == PVM_OP_CSRRWI + 2,
                "Zicsr ops must follow the funct3 order in ops.h");

void
pvm_decode (uint16_t lo, uint16_t hi, PvmInsn *insn)
{
  if ((lo & 3) != 3)
    _pvm_decode_compressed (lo, insn);
  else
    decode_32 (lo | (uint32_t) hi << 16, insn);
}

/* ops.h: every operation the decoder produces, grouped by the file that executes it.
 *
 * Each X(NAME, name) entry gives the enum value PVM_OP_NAME and the handler
 * int pvm_exec_name (PvmHart *, const PvmInsn *), defined in the group's exec-<group>.c.
 * Compressed instructions decode to their 32-bit equivalents.
 */
#pragma once

/* exec-i.c: RV64I base, Zifencei. */
#define PVM_OPS_I(X) \
  X (LUI, lui) X (AUIPC, auipc) X (JAL, jal) X (JALR, jalr) \
  X (BEQ, beq) X (BNE, bne) X (BLT, blt) X (BGE, bge) X (BLTU, bltu) X (BGEU, bgeu) \
  X (LB, lb) X (LH, lh) X (LW, lw) X (LD, ld) X (LBU, lbu) X (LHU, lhu) X (LWU, lwu) \
  X (SB, sb) X (SH, sh) X (SW, sw) X (SD, sd) \
  X (ADDI, addi) X (SLTI, slti) X (SLTIU, sltiu) X (XORI, xori) X (ORI, ori) X (ANDI, andi) \
  X (SLLI, slli) X (SRLI, srli) X (SRAI, srai) \
  X (ADD, add) X (SUB, sub) X (SLL, sll) X (SLT, slt) X (SLTU, sltu) X (XOR, xor) \
  X (SRL, srl) X (SRA, sra) X (OR, or) X (AND, and) \
  X (ADDIW, addiw) X (SLLIW, slliw) X (SRLIW, srliw) X (SRAIW, sraiw) \
  X (ADDW, addw) X (SUBW, subw) X (SLLW, sllw) X (SRLW, srlw) X (SRAW, sraw) \
  X (FENCE, fence) X (FENCE_I, fence_i) \
  X (ILLEGAL, illegal)

/* exec-m.c: M extension. */
#define PVM_OPS_M(X) \
  X (MUL, mul) X (MULH, mulh) X (MULHSU, mulhsu) X (MULHU, mulhu) \
  X (DIV, div) X (DIVU, divu) X (REM, rem) X (REMU, remu) \
  X (MULW, mulw) X (DIVW, divw) X (DIVUW, divuw) X (REMW, remw) X (REMUW, remuw)

/* exec-a.c: A extension. */
#define PVM_OPS_A(X) \
  X (LR_W, lr_w) X (SC_W, sc_w) X (AMOSWAP_W, amoswap_w) X (AMOADD_W, amoadd_w) \
  X (AMOXOR_W, amoxor_w) X (AMOAND_W, amoand_w) X (AMOOR_W, amoor_w) \
  X (AMOMIN_W, amomin_w) X (AMOMAX_W, amomax_w) X (AMOMINU_W, amominu_w) X (AMOMAXU_W, amomaxu_w) \
  X (LR_D, lr_d) X (SC_D, sc_d) X (AMOSWAP_D, amoswap_d) X (AMOADD_D, amoadd_d) \
  X (AMOXOR_D, amoxor_d) X (AMOAND_D, amoand_d) X (AMOOR_D, amoor_d) \
  X (AMOMIN_D, amomin_d) X (AMOMAX_D, amomax_d) X (AMOMINU_D, amominu_d) X (AMOMAXU_D, amomaxu_d)

/* exec-b.c: Zba, Zbb, Zbs. */
#define PVM_OPS_B(X) \
  X (ADD_UW, add_uw) X (SH1ADD, sh1add) X (SH2ADD, sh2add) X (SH3ADD, sh3add) \
  X (SH1ADD_UW, sh1add_uw) X (SH2ADD_UW, sh2add_uw) X (SH3ADD_UW, sh3add_uw) X (SLLI_UW, slli_uw) \
  X (ANDN, andn) X (ORN, orn) X (XNOR, xnor) X (CLZ, clz) X (CLZW, clzw) X (CTZ, ctz) X (CTZW, ctzw) \
  X (CPOP, cpop) X (CPOPW, cpopw) X (MAX, max) X (MAXU, maxu) X (MIN, min) X (MINU, minu) \
  X (SEXT_B, sext_b) X (SEXT_H, sext_h) X (ZEXT_H, zext_h) X (ROL, rol) X (ROLW, rolw) \
  X (ROR, ror) X (RORI, rori) X (RORIW, roriw) X (RORW, rorw) X (ORC_B, orc_b) X (REV8, rev8) \
  X (BCLR, bclr) X (BCLRI, bclri) X (BEXT, bext) X (BEXTI, bexti) \
  X (BINV, binv) X (BINVI, binvi) X (BSET, bset) X (BSETI, bseti)

/* exec-fd.c: F and D extensions. */
#define PVM_OPS_FD(X) \
  X (FLW, flw) X (FSW, fsw) X (FLD, fld) X (FSD, fsd) \
  X (FMADD_S, fmadd_s) X (FMSUB_S, fmsub_s) X (FNMSUB_S, fnmsub_s) X (FNMADD_S, fnmadd_s) \
  X (FADD_S, fadd_s) X (FSUB_S, fsub_s) X (FMUL_S, fmul_s) X (FDIV_S, fdiv_s) X (FSQRT_S, fsqrt_s) \
  X (FSGNJ_S, fsgnj_s) X (FSGNJN_S, fsgnjn_s) X (FSGNJX_S, fsgnjx_s) X (FMIN_S, fmin_s) X (FMAX_S, fmax_s) \
  X (FCVT_W_S, fcvt_w_s) X (FCVT_WU_S, fcvt_wu_s) X (FCVT_L_S, fcvt_l_s) X (FCVT_LU_S, fcvt_lu_s) \
  X (FMV_X_W, fmv_x_w) X (FEQ_S, feq_s) X (FLT_S, flt_s) X (FLE_S, fle_s) X (FCLASS_S, fclass_s) \
  X (FCVT_S_W, fcvt_s_w) X (FCVT_S_WU, fcvt_s_wu) X (FCVT_S_L, fcvt_s_l) X (FCVT_S_LU, fcvt_s_lu) \
  X (FMV_W_X, fmv_w_x) \
  X (FMADD_D, fmadd_d) X (FMSUB_D, fmsub_d) X (FNMSUB_D, fnmsub_d) X (FNMADD_D, fnmadd_d) \
  X (FADD_D, fadd_d) X (FSUB_D, fsub_d) X (FMUL_D, fmul_d) X (FDIV_D, fdiv_d) X (FSQRT_D, fsqrt_d) \
  X (FSGNJ_D, fsgnj_d) X (FSGNJN_D, fsgnjn_d) X (FSGNJX_D, fsgnjx_d) X (FMIN_D, fmin_d) X (FMAX_D, fmax_d) \
  X (FCVT_S_D, fcvt_s_d) X (FCVT_D_S, fcvt_d_s) \
  X (FCVT_W_D, fcvt_w_d) X (FCVT_WU_D, fcvt_wu_d) X (FCVT_L_D, fcvt_l_d) X (FCVT_LU_D, fcvt_lu_d) \
  X (FMV_X_D, fmv_x_d) X (FEQ_D, feq_d) X (FLT_D, flt_d) X (FLE_D, fle_d) X (FCLASS_D, fclass_d) \
  X (FCVT_D_W, fcvt_d_w) X (FCVT_D_WU, fcvt_d_wu) X (FCVT_D_L, fcvt_d_l) X (FCVT_D_LU, fcvt_d_lu) \
  X (FMV_D_X, fmv_d_x)

/* exec-priv.c: Zicsr, traps and privileged instructions. */
#define PVM_OPS_PRIV(X) \
  X (CSRRW, csrrw) X (CSRRS, csrrs) X (CSRRC, csrrc) \
  X (CSRRWI, csrrwi) X (CSRRSI, csrrsi) X (CSRRCI, csrrci) \
  X (ECALL, ecall) X (EBREAK, ebreak) X (MRET, mret) X (SRET, sret) X (WFI, wfi) \
  X (SFENCE_VMA, sfence_vma)

#define PVM_OPS_ALL(X) \
  PVM_OPS_I (X) PVM_OPS_M (X) PVM_OPS_A (X) PVM_OPS_B (X) PVM_OPS_FD (X) PVM_OPS_PRIV (X)

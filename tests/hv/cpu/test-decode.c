/* test-decode.c: pvm_decode() on known instruction words, one case per encoding. */
#include <string.h>

#include <glib.h>

#include "hv/cpu/insn.h"

typedef struct {
  const char *group;
  const char *text; /* the assembly the word was made from */
  uint32_t word;    /* a compressed instruction has only its low 16 bits */
  uint16_t op;
  uint8_t rd, rs1, rs2, rs3;
  int32_t imm;
  uint8_t rm;
} DecodeCase;

/* Expected fields follow the decoder's contract: an integer destination x0 is 32 (so is rd of
 * an instruction without one), f registers keep 0..31, unused fields are 0, F/D rm = funct3,
 * A rm = aq/rl, FENCE rm = pred/succ, CSR imm = the CSR number, shift imm = shamt. */
static const DecodeCase decode_cases[] = {
  { "rv64i", "lui x5, 0x12345", 0x123452b7, PVM_OP_LUI, 5, 0, 0, 0, 0x12345000, 0 },
  { "rv64i", "lui x6, 0xfffff", 0xfffff337, PVM_OP_LUI, 6, 0, 0, 0, -4096, 0 },
  { "rv64i", "auipc x7, 0x80000", 0x80000397, PVM_OP_AUIPC, 7, 0, 0, 0, INT32_MIN, 0 },
  { "rv64i", "jal x1, .+2048", 0x001000ef, PVM_OP_JAL, 1, 0, 0, 0, 0x800, 0 },
  { "rv64i", "jal x0, .-1048576", 0x8000006f, PVM_OP_JAL, 32, 0, 0, 0, -1048576, 0 },
  { "rv64i", "jalr x1, -12(x5)", 0xff4280e7, PVM_OP_JALR, 1, 5, 0, 0, -12, 0 },
  { "rv64i", "jalr x0, 0(x1)", 0x00008067, PVM_OP_JALR, 32, 1, 0, 0, 0, 0 },
  { "rv64i", "beq x10, x11, .+4094", 0x7eb50fe3, PVM_OP_BEQ, 32, 10, 11, 0, 0xffe, 0 },
  { "rv64i", "bne x12, x13, .-4096", 0x80d61063, PVM_OP_BNE, 32, 12, 13, 0, -4096, 0 },
  { "rv64i", "blt x14, x15, .+2048", 0x00f740e3, PVM_OP_BLT, 32, 14, 15, 0, 0x800, 0 },
  { "rv64i", "bge x16, x17, .-2", 0xff185fe3, PVM_OP_BGE, 32, 16, 17, 0, -2, 0 },
  { "rv64i", "bltu x18, x19, .+8", 0x01396463, PVM_OP_BLTU, 32, 18, 19, 0, 8, 0 },
  { "rv64i", "bgeu x20, x21, .-8", 0xff5a7ce3, PVM_OP_BGEU, 32, 20, 21, 0, -8, 0 },
  { "rv64i", "lb x10, -1(x11)", 0xfff58503, PVM_OP_LB, 10, 11, 0, 0, -1, 0 },
  { "rv64i", "lh x10, 2047(x11)", 0x7ff59503, PVM_OP_LH, 10, 11, 0, 0, 0x7ff, 0 },
  { "rv64i", "lw x10, -2048(x11)", 0x8005a503, PVM_OP_LW, 10, 11, 0, 0, -2048, 0 },
  { "rv64i", "ld x31, 8(x2)", 0x00813f83, PVM_OP_LD, 31, 2, 0, 0, 8, 0 },
  { "rv64i", "lbu x0, 0(x1)", 0x0000c003, PVM_OP_LBU, 32, 1, 0, 0, 0, 0 },
  { "rv64i", "lhu x10, 2(x11)", 0x0025d503, PVM_OP_LHU, 10, 11, 0, 0, 2, 0 },
  { "rv64i", "lwu x10, 4(x11)", 0x0045e503, PVM_OP_LWU, 10, 11, 0, 0, 4, 0 },
  { "rv64i", "sb x12, -2048(x13)", 0x80c68023, PVM_OP_SB, 32, 13, 12, 0, -2048, 0 },
  { "rv64i", "sh x12, 2047(x13)", 0x7ec69fa3, PVM_OP_SH, 32, 13, 12, 0, 0x7ff, 0 },
  { "rv64i", "sw x12, -1(x13)", 0xfec6afa3, PVM_OP_SW, 32, 13, 12, 0, -1, 0 },
  { "rv64i", "sd x31, 16(x2)", 0x01f13823, PVM_OP_SD, 32, 2, 31, 0, 16, 0 },
  { "rv64i", "addi x0, x0, 0", 0x00000013, PVM_OP_ADDI, 32, 0, 0, 0, 0, 0 },
  { "rv64i", "addi x10, x11, -2048", 0x80058513, PVM_OP_ADDI, 10, 11, 0, 0, -2048, 0 },
  { "rv64i", "slti x10, x11, 2047", 0x7ff5a513, PVM_OP_SLTI, 10, 11, 0, 0, 0x7ff, 0 },
  { "rv64i", "sltiu x10, x11, -1", 0xfff5b513, PVM_OP_SLTIU, 10, 11, 0, 0, -1, 0 },
  { "rv64i", "xori x10, x11, -1", 0xfff5c513, PVM_OP_XORI, 10, 11, 0, 0, -1, 0 },
  { "rv64i", "ori x10, x11, 0x555", 0x5555e513, PVM_OP_ORI, 10, 11, 0, 0, 0x555, 0 },
  { "rv64i", "andi x10, x11, 0xff", 0x0ff5f513, PVM_OP_ANDI, 10, 11, 0, 0, 255, 0 },
  { "rv64i", "slli x10, x11, 63", 0x03f59513, PVM_OP_SLLI, 10, 11, 0, 0, 63, 0 },
  { "rv64i", "srli x10, x11, 32", 0x0205d513, PVM_OP_SRLI, 10, 11, 0, 0, 32, 0 },
  { "rv64i", "srai x10, x11, 63", 0x43f5d513, PVM_OP_SRAI, 10, 11, 0, 0, 63, 0 },
  { "rv64i", "add x10, x11, x12", 0x00c58533, PVM_OP_ADD, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "sub x10, x11, x12", 0x40c58533, PVM_OP_SUB, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "sll x10, x11, x12", 0x00c59533, PVM_OP_SLL, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "slt x10, x11, x12", 0x00c5a533, PVM_OP_SLT, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "sltu x10, x11, x12", 0x00c5b533, PVM_OP_SLTU, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "xor x10, x11, x12", 0x00c5c533, PVM_OP_XOR, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "srl x10, x11, x12", 0x00c5d533, PVM_OP_SRL, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "sra x10, x11, x12", 0x40c5d533, PVM_OP_SRA, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "or x10, x11, x12", 0x00c5e533, PVM_OP_OR, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "and x10, x11, x12", 0x00c5f533, PVM_OP_AND, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "addw x10, x11, x12", 0x00c5853b, PVM_OP_ADDW, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "subw x10, x11, x12", 0x40c5853b, PVM_OP_SUBW, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "sllw x10, x11, x12", 0x00c5953b, PVM_OP_SLLW, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "srlw x10, x11, x12", 0x00c5d53b, PVM_OP_SRLW, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "sraw x10, x11, x12", 0x40c5d53b, PVM_OP_SRAW, 10, 11, 12, 0, 0, 0 },
  { "rv64i", "addiw x10, x11, -1", 0xfff5851b, PVM_OP_ADDIW, 10, 11, 0, 0, -1, 0 },
  { "rv64i", "slliw x10, x11, 31", 0x01f5951b, PVM_OP_SLLIW, 10, 11, 0, 0, 31, 0 },
  { "rv64i", "srliw x10, x11, 1", 0x0015d51b, PVM_OP_SRLIW, 10, 11, 0, 0, 1, 0 },
  { "rv64i", "sraiw x10, x11, 31", 0x41f5d51b, PVM_OP_SRAIW, 10, 11, 0, 0, 31, 0 },
  { "rv64i", "fence iorw, iorw", 0x0ff0000f, PVM_OP_FENCE, 32, 0, 0, 0, 0, 255 },
  { "rv64i", "fence rw, w", 0x0310000f, PVM_OP_FENCE, 32, 0, 0, 0, 0, 49 },
  { "rv64i", "fence.tso", 0x8330000f, PVM_OP_FENCE, 32, 0, 0, 0, 0, 51 },
  { "rv64i", "fence.i", 0x0000100f, PVM_OP_FENCE_I, 32, 0, 0, 0, 0, 0 },
  { "m", "mul x5, x6, x7", 0x027302b3, PVM_OP_MUL, 5, 6, 7, 0, 0, 0 },
  { "m", "mulh x5, x6, x7", 0x027312b3, PVM_OP_MULH, 5, 6, 7, 0, 0, 0 },
  { "m", "mulhsu x5, x6, x7", 0x027322b3, PVM_OP_MULHSU, 5, 6, 7, 0, 0, 0 },
  { "m", "mulhu x5, x6, x7", 0x027332b3, PVM_OP_MULHU, 5, 6, 7, 0, 0, 0 },
  { "m", "div x5, x6, x7", 0x027342b3, PVM_OP_DIV, 5, 6, 7, 0, 0, 0 },
  { "m", "divu x5, x6, x7", 0x027352b3, PVM_OP_DIVU, 5, 6, 7, 0, 0, 0 },
  { "m", "rem x5, x6, x7", 0x027362b3, PVM_OP_REM, 5, 6, 7, 0, 0, 0 },
  { "m", "remu x5, x6, x7", 0x027372b3, PVM_OP_REMU, 5, 6, 7, 0, 0, 0 },
  { "m", "mulw x5, x6, x7", 0x027302bb, PVM_OP_MULW, 5, 6, 7, 0, 0, 0 },
  { "m", "divw x5, x6, x7", 0x027342bb, PVM_OP_DIVW, 5, 6, 7, 0, 0, 0 },
  { "m", "divuw x5, x6, x7", 0x027352bb, PVM_OP_DIVUW, 5, 6, 7, 0, 0, 0 },
  { "m", "remw x5, x6, x7", 0x027362bb, PVM_OP_REMW, 5, 6, 7, 0, 0, 0 },
  { "m", "remuw x5, x6, x7", 0x027372bb, PVM_OP_REMUW, 5, 6, 7, 0, 0, 0 },
  { "m", "mul x0, x6, x7", 0x02730033, PVM_OP_MUL, 32, 6, 7, 0, 0, 0 },
  { "a", "lr.w x10, (x11)", 0x1005a52f, PVM_OP_LR_W, 10, 11, 0, 0, 0, 0 },
  { "a", "lr.w.aqrl x10, (x11)", 0x1605a52f, PVM_OP_LR_W, 10, 11, 0, 0, 0, 3 },
  { "a", "sc.w.rl x10, x12, (x11)", 0x1ac5a52f, PVM_OP_SC_W, 10, 11, 12, 0, 0, 1 },
  { "a", "amoswap.w x10, x12, (x11)", 0x08c5a52f, PVM_OP_AMOSWAP_W, 10, 11, 12, 0, 0, 0 },
  { "a", "amoadd.w.aq x10, x12, (x11)", 0x04c5a52f, PVM_OP_AMOADD_W, 10, 11, 12, 0, 0, 2 },
  { "a", "amoxor.w.rl x10, x12, (x11)", 0x22c5a52f, PVM_OP_AMOXOR_W, 10, 11, 12, 0, 0, 1 },
  { "a", "amoand.w.aqrl x10, x12, (x11)", 0x66c5a52f, PVM_OP_AMOAND_W, 10, 11, 12, 0, 0, 3 },
  { "a", "amoor.w x10, x12, (x11)", 0x40c5a52f, PVM_OP_AMOOR_W, 10, 11, 12, 0, 0, 0 },
  { "a", "amomin.w.aq x10, x12, (x11)", 0x84c5a52f, PVM_OP_AMOMIN_W, 10, 11, 12, 0, 0, 2 },
  { "a", "amomax.w.rl x10, x12, (x11)", 0xa2c5a52f, PVM_OP_AMOMAX_W, 10, 11, 12, 0, 0, 1 },
  { "a", "amominu.w.aqrl x10, x12, (x11)", 0xc6c5a52f, PVM_OP_AMOMINU_W, 10, 11, 12, 0, 0, 3 },
  { "a", "amomaxu.w x10, x12, (x11)", 0xe0c5a52f, PVM_OP_AMOMAXU_W, 10, 11, 12, 0, 0, 0 },
  { "a", "lr.d x10, (x11)", 0x1005b52f, PVM_OP_LR_D, 10, 11, 0, 0, 0, 0 },
  { "a", "lr.d.aqrl x10, (x11)", 0x1605b52f, PVM_OP_LR_D, 10, 11, 0, 0, 0, 3 },
  { "a", "sc.d.rl x10, x12, (x11)", 0x1ac5b52f, PVM_OP_SC_D, 10, 11, 12, 0, 0, 1 },
  { "a", "amoswap.d x10, x12, (x11)", 0x08c5b52f, PVM_OP_AMOSWAP_D, 10, 11, 12, 0, 0, 0 },
  { "a", "amoadd.d.aq x10, x12, (x11)", 0x04c5b52f, PVM_OP_AMOADD_D, 10, 11, 12, 0, 0, 2 },
  { "a", "amoxor.d.rl x10, x12, (x11)", 0x22c5b52f, PVM_OP_AMOXOR_D, 10, 11, 12, 0, 0, 1 },
  { "a", "amoand.d.aqrl x10, x12, (x11)", 0x66c5b52f, PVM_OP_AMOAND_D, 10, 11, 12, 0, 0, 3 },
  { "a", "amoor.d x10, x12, (x11)", 0x40c5b52f, PVM_OP_AMOOR_D, 10, 11, 12, 0, 0, 0 },
  { "a", "amomin.d.aq x10, x12, (x11)", 0x84c5b52f, PVM_OP_AMOMIN_D, 10, 11, 12, 0, 0, 2 },
  { "a", "amomax.d.rl x10, x12, (x11)", 0xa2c5b52f, PVM_OP_AMOMAX_D, 10, 11, 12, 0, 0, 1 },
  { "a", "amominu.d.aqrl x10, x12, (x11)", 0xc6c5b52f, PVM_OP_AMOMINU_D, 10, 11, 12, 0, 0, 3 },
  { "a", "amomaxu.d x10, x12, (x11)", 0xe0c5b52f, PVM_OP_AMOMAXU_D, 10, 11, 12, 0, 0, 0 },
  { "a", "amoadd.d x0, x12, (x11)", 0x00c5b02f, PVM_OP_AMOADD_D, 32, 11, 12, 0, 0, 0 },
  { "fd", "flw f0, 0(x2)", 0x00012007, PVM_OP_FLW, 0, 2, 0, 0, 0, 2 },
  { "fd", "flw f1, -8(x2)", 0xff812087, PVM_OP_FLW, 1, 2, 0, 0, -8, 2 },
  { "fd", "fsw f3, 2047(x4)", 0x7e322fa7, PVM_OP_FSW, 32, 4, 3, 0, 0x7ff, 2 },
  { "fd", "fld f31, 8(x2)", 0x00813f87, PVM_OP_FLD, 31, 2, 0, 0, 8, 3 },
  { "fd", "fsd f3, -4(x4)", 0xfe323e27, PVM_OP_FSD, 32, 4, 3, 0, -4, 3 },
  { "fd", "fmadd.s f1, f2, f3, f4, rne", 0x203100c3, PVM_OP_FMADD_S, 1, 2, 3, 4, 0, 0 },
  { "fd", "fmsub.s f1, f2, f3, f4, rtz", 0x203110c7, PVM_OP_FMSUB_S, 1, 2, 3, 4, 0, 1 },
  { "fd", "fnmsub.s f1, f2, f3, f4, rdn", 0x203120cb, PVM_OP_FNMSUB_S, 1, 2, 3, 4, 0, 2 },
  { "fd", "fnmadd.s f1, f2, f3, f4, rup", 0x203130cf, PVM_OP_FNMADD_S, 1, 2, 3, 4, 0, 3 },
  { "fd", "fmadd.s f0, f31, f30, f29, rmm", 0xe9efc043, PVM_OP_FMADD_S, 0, 31, 30, 29, 0, 4 },
  { "fd", "fmadd.s f5, f6, f7, f8", 0x407372c3, PVM_OP_FMADD_S, 5, 6, 7, 8, 0, 7 },
  { "fd", "fadd.s f1, f2, f3", 0x003170d3, PVM_OP_FADD_S, 1, 2, 3, 0, 0, 7 },
  { "fd", "fsub.s f1, f2, f3", 0x083170d3, PVM_OP_FSUB_S, 1, 2, 3, 0, 0, 7 },
  { "fd", "fmul.s f1, f2, f3", 0x103170d3, PVM_OP_FMUL_S, 1, 2, 3, 0, 0, 7 },
  { "fd", "fdiv.s f1, f2, f3", 0x183170d3, PVM_OP_FDIV_S, 1, 2, 3, 0, 0, 7 },
  { "fd", "fsgnj.s f1, f2, f3", 0x203100d3, PVM_OP_FSGNJ_S, 1, 2, 3, 0, 0, 0 },
  { "fd", "fsgnjn.s f1, f2, f3", 0x203110d3, PVM_OP_FSGNJN_S, 1, 2, 3, 0, 0, 1 },
  { "fd", "fsgnjx.s f1, f2, f3", 0x203120d3, PVM_OP_FSGNJX_S, 1, 2, 3, 0, 0, 2 },
  { "fd", "fmin.s f1, f2, f3", 0x283100d3, PVM_OP_FMIN_S, 1, 2, 3, 0, 0, 0 },
  { "fd", "fmax.s f1, f2, f3", 0x283110d3, PVM_OP_FMAX_S, 1, 2, 3, 0, 0, 1 },
  { "fd", "fadd.s f0, f2, f3, rtz", 0x00311053, PVM_OP_FADD_S, 0, 2, 3, 0, 0, 1 },
  { "fd", "fsqrt.s f1, f2", 0x580170d3, PVM_OP_FSQRT_S, 1, 2, 0, 0, 0, 7 },
  { "fd", "fcvt.w.s x10, f1, rtz", 0xc0009553, PVM_OP_FCVT_W_S, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.s.w f1, x10", 0xd00570d3, PVM_OP_FCVT_S_W, 1, 10, 0, 0, 0, 7 },
  { "fd", "fcvt.wu.s x10, f1, rtz", 0xc0109553, PVM_OP_FCVT_WU_S, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.s.wu f1, x10", 0xd01570d3, PVM_OP_FCVT_S_WU, 1, 10, 0, 0, 0, 7 },
  { "fd", "fcvt.l.s x10, f1, rtz", 0xc0209553, PVM_OP_FCVT_L_S, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.s.l f1, x10", 0xd02570d3, PVM_OP_FCVT_S_L, 1, 10, 0, 0, 0, 7 },
  { "fd", "fcvt.lu.s x10, f1, rtz", 0xc0309553, PVM_OP_FCVT_LU_S, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.s.lu f1, x10", 0xd03570d3, PVM_OP_FCVT_S_LU, 1, 10, 0, 0, 0, 7 },
  { "fd", "fcvt.w.s x0, f1", 0xc000f053, PVM_OP_FCVT_W_S, 32, 1, 0, 0, 0, 7 },
  { "fd", "feq.s x10, f1, f2", 0xa020a553, PVM_OP_FEQ_S, 10, 1, 2, 0, 0, 2 },
  { "fd", "flt.s x10, f1, f2", 0xa0209553, PVM_OP_FLT_S, 10, 1, 2, 0, 0, 1 },
  { "fd", "fle.s x10, f1, f2", 0xa0208553, PVM_OP_FLE_S, 10, 1, 2, 0, 0, 0 },
  { "fd", "fclass.s x10, f1", 0xe0009553, PVM_OP_FCLASS_S, 10, 1, 0, 0, 0, 1 },
  { "fd", "fmadd.d f1, f2, f3, f4, rne", 0x223100c3, PVM_OP_FMADD_D, 1, 2, 3, 4, 0, 0 },
  { "fd", "fmsub.d f1, f2, f3, f4, rtz", 0x223110c7, PVM_OP_FMSUB_D, 1, 2, 3, 4, 0, 1 },
  { "fd", "fnmsub.d f1, f2, f3, f4, rdn", 0x223120cb, PVM_OP_FNMSUB_D, 1, 2, 3, 4, 0, 2 },
  { "fd", "fnmadd.d f1, f2, f3, f4, rup", 0x223130cf, PVM_OP_FNMADD_D, 1, 2, 3, 4, 0, 3 },
  { "fd", "fmadd.d f0, f31, f30, f29, rmm", 0xebefc043, PVM_OP_FMADD_D, 0, 31, 30, 29, 0, 4 },
  { "fd", "fmadd.d f5, f6, f7, f8", 0x427372c3, PVM_OP_FMADD_D, 5, 6, 7, 8, 0, 7 },
  { "fd", "fadd.d f1, f2, f3", 0x023170d3, PVM_OP_FADD_D, 1, 2, 3, 0, 0, 7 },
  { "fd", "fsub.d f1, f2, f3", 0x0a3170d3, PVM_OP_FSUB_D, 1, 2, 3, 0, 0, 7 },
  { "fd", "fmul.d f1, f2, f3", 0x123170d3, PVM_OP_FMUL_D, 1, 2, 3, 0, 0, 7 },
  { "fd", "fdiv.d f1, f2, f3", 0x1a3170d3, PVM_OP_FDIV_D, 1, 2, 3, 0, 0, 7 },
  { "fd", "fsgnj.d f1, f2, f3", 0x223100d3, PVM_OP_FSGNJ_D, 1, 2, 3, 0, 0, 0 },
  { "fd", "fsgnjn.d f1, f2, f3", 0x223110d3, PVM_OP_FSGNJN_D, 1, 2, 3, 0, 0, 1 },
  { "fd", "fsgnjx.d f1, f2, f3", 0x223120d3, PVM_OP_FSGNJX_D, 1, 2, 3, 0, 0, 2 },
  { "fd", "fmin.d f1, f2, f3", 0x2a3100d3, PVM_OP_FMIN_D, 1, 2, 3, 0, 0, 0 },
  { "fd", "fmax.d f1, f2, f3", 0x2a3110d3, PVM_OP_FMAX_D, 1, 2, 3, 0, 0, 1 },
  { "fd", "fadd.d f0, f2, f3, rtz", 0x02311053, PVM_OP_FADD_D, 0, 2, 3, 0, 0, 1 },
  { "fd", "fsqrt.d f1, f2", 0x5a0170d3, PVM_OP_FSQRT_D, 1, 2, 0, 0, 0, 7 },
  { "fd", "fcvt.w.d x10, f1, rtz", 0xc2009553, PVM_OP_FCVT_W_D, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.d.w f1, x10", 0xd20500d3, PVM_OP_FCVT_D_W, 1, 10, 0, 0, 0, 0 },
  { "fd", "fcvt.wu.d x10, f1, rtz", 0xc2109553, PVM_OP_FCVT_WU_D, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.d.wu f1, x10", 0xd21500d3, PVM_OP_FCVT_D_WU, 1, 10, 0, 0, 0, 0 },
  { "fd", "fcvt.l.d x10, f1, rtz", 0xc2209553, PVM_OP_FCVT_L_D, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.d.l f1, x10", 0xd22570d3, PVM_OP_FCVT_D_L, 1, 10, 0, 0, 0, 7 },
  { "fd", "fcvt.lu.d x10, f1, rtz", 0xc2309553, PVM_OP_FCVT_LU_D, 10, 1, 0, 0, 0, 1 },
  { "fd", "fcvt.d.lu f1, x10", 0xd23570d3, PVM_OP_FCVT_D_LU, 1, 10, 0, 0, 0, 7 },
  { "fd", "fcvt.w.d x0, f1", 0xc200f053, PVM_OP_FCVT_W_D, 32, 1, 0, 0, 0, 7 },
  { "fd", "feq.d x10, f1, f2", 0xa220a553, PVM_OP_FEQ_D, 10, 1, 2, 0, 0, 2 },
  { "fd", "flt.d x10, f1, f2", 0xa2209553, PVM_OP_FLT_D, 10, 1, 2, 0, 0, 1 },
  { "fd", "fle.d x10, f1, f2", 0xa2208553, PVM_OP_FLE_D, 10, 1, 2, 0, 0, 0 },
  { "fd", "fclass.d x10, f1", 0xe2009553, PVM_OP_FCLASS_D, 10, 1, 0, 0, 0, 1 },
  { "fd", "fmv.x.w x10, f1", 0xe0008553, PVM_OP_FMV_X_W, 10, 1, 0, 0, 0, 0 },
  { "fd", "fmv.w.x f1, x10", 0xf00500d3, PVM_OP_FMV_W_X, 1, 10, 0, 0, 0, 0 },
  { "fd", "fmv.x.d x0, f1", 0xe2008053, PVM_OP_FMV_X_D, 32, 1, 0, 0, 0, 0 },
  { "fd", "fmv.d.x f0, x10", 0xf2050053, PVM_OP_FMV_D_X, 0, 10, 0, 0, 0, 0 },
  { "fd", "fcvt.s.d f1, f2", 0x401170d3, PVM_OP_FCVT_S_D, 1, 2, 0, 0, 0, 7 },
  { "fd", "fcvt.d.s f1, f2", 0x420100d3, PVM_OP_FCVT_D_S, 1, 2, 0, 0, 0, 0 },
  { "priv", "csrrw x10, 0x300, x11", 0x30059573, PVM_OP_CSRRW, 10, 11, 0, 0, 0x300, 0 },
  { "priv", "csrrs x0, 0xfff, x5", 0xfff2a073, PVM_OP_CSRRS, 32, 5, 0, 0, 0xfff, 0 },
  { "priv", "csrrc x10, 0x800, x0", 0x80003573, PVM_OP_CSRRC, 10, 0, 0, 0, 0x800, 0 },
  { "priv", "csrrwi x10, 0x340, 31", 0x340fd573, PVM_OP_CSRRWI, 10, 31, 0, 0, 0x340, 0 },
  { "priv", "csrrsi x0, 0xc00, 1", 0xc000e073, PVM_OP_CSRRSI, 32, 1, 0, 0, 0xc00, 0 },
  { "priv", "csrrci x10, 0x001, 0", 0x00107573, PVM_OP_CSRRCI, 10, 0, 0, 0, 1, 0 },
  { "priv", "ecall", 0x00000073, PVM_OP_ECALL, 32, 0, 0, 0, 0, 0 },
  { "priv", "ebreak", 0x00100073, PVM_OP_EBREAK, 32, 0, 0, 0, 0, 0 },
  { "priv", "mret", 0x30200073, PVM_OP_MRET, 32, 0, 0, 0, 0, 0 },
  { "priv", "sret", 0x10200073, PVM_OP_SRET, 32, 0, 0, 0, 0, 0 },
  { "priv", "wfi", 0x10500073, PVM_OP_WFI, 32, 0, 0, 0, 0, 0 },
  { "priv", "sfence.vma", 0x12000073, PVM_OP_SFENCE_VMA, 32, 0, 0, 0, 0, 0 },
  { "priv", "sfence.vma x10, x11", 0x12b50073, PVM_OP_SFENCE_VMA, 32, 10, 11, 0, 0, 0 },
  { "b", "add.uw x10, x11, x12", 0x08c5853b, PVM_OP_ADD_UW, 10, 11, 12, 0, 0, 0 },
  { "b", "sh1add x10, x11, x12", 0x20c5a533, PVM_OP_SH1ADD, 10, 11, 12, 0, 0, 0 },
  { "b", "sh2add x10, x11, x12", 0x20c5c533, PVM_OP_SH2ADD, 10, 11, 12, 0, 0, 0 },
  { "b", "sh3add x10, x11, x12", 0x20c5e533, PVM_OP_SH3ADD, 10, 11, 12, 0, 0, 0 },
  { "b", "sh1add.uw x10, x11, x12", 0x20c5a53b, PVM_OP_SH1ADD_UW, 10, 11, 12, 0, 0, 0 },
  { "b", "sh2add.uw x10, x11, x12", 0x20c5c53b, PVM_OP_SH2ADD_UW, 10, 11, 12, 0, 0, 0 },
  { "b", "sh3add.uw x10, x11, x12", 0x20c5e53b, PVM_OP_SH3ADD_UW, 10, 11, 12, 0, 0, 0 },
  { "b", "andn x10, x11, x12", 0x40c5f533, PVM_OP_ANDN, 10, 11, 12, 0, 0, 0 },
  { "b", "orn x10, x11, x12", 0x40c5e533, PVM_OP_ORN, 10, 11, 12, 0, 0, 0 },
  { "b", "xnor x10, x11, x12", 0x40c5c533, PVM_OP_XNOR, 10, 11, 12, 0, 0, 0 },
  { "b", "max x10, x11, x12", 0x0ac5e533, PVM_OP_MAX, 10, 11, 12, 0, 0, 0 },
  { "b", "maxu x10, x11, x12", 0x0ac5f533, PVM_OP_MAXU, 10, 11, 12, 0, 0, 0 },
  { "b", "min x10, x11, x12", 0x0ac5c533, PVM_OP_MIN, 10, 11, 12, 0, 0, 0 },
  { "b", "minu x10, x11, x12", 0x0ac5d533, PVM_OP_MINU, 10, 11, 12, 0, 0, 0 },
  { "b", "rol x10, x11, x12", 0x60c59533, PVM_OP_ROL, 10, 11, 12, 0, 0, 0 },
  { "b", "rolw x10, x11, x12", 0x60c5953b, PVM_OP_ROLW, 10, 11, 12, 0, 0, 0 },
  { "b", "ror x10, x11, x12", 0x60c5d533, PVM_OP_ROR, 10, 11, 12, 0, 0, 0 },
  { "b", "rorw x10, x11, x12", 0x60c5d53b, PVM_OP_RORW, 10, 11, 12, 0, 0, 0 },
  { "b", "bclr x10, x11, x12", 0x48c59533, PVM_OP_BCLR, 10, 11, 12, 0, 0, 0 },
  { "b", "bext x10, x11, x12", 0x48c5d533, PVM_OP_BEXT, 10, 11, 12, 0, 0, 0 },
  { "b", "binv x10, x11, x12", 0x68c59533, PVM_OP_BINV, 10, 11, 12, 0, 0, 0 },
  { "b", "bset x10, x11, x12", 0x28c59533, PVM_OP_BSET, 10, 11, 12, 0, 0, 0 },
  { "b", "clz x10, x11", 0x60059513, PVM_OP_CLZ, 10, 11, 0, 0, 0, 0 },
  { "b", "clzw x10, x11", 0x6005951b, PVM_OP_CLZW, 10, 11, 0, 0, 0, 0 },
  { "b", "ctz x10, x11", 0x60159513, PVM_OP_CTZ, 10, 11, 0, 0, 0, 0 },
  { "b", "ctzw x10, x11", 0x6015951b, PVM_OP_CTZW, 10, 11, 0, 0, 0, 0 },
  { "b", "cpop x10, x11", 0x60259513, PVM_OP_CPOP, 10, 11, 0, 0, 0, 0 },
  { "b", "cpopw x10, x11", 0x6025951b, PVM_OP_CPOPW, 10, 11, 0, 0, 0, 0 },
  { "b", "sext.b x10, x11", 0x60459513, PVM_OP_SEXT_B, 10, 11, 0, 0, 0, 0 },
  { "b", "sext.h x10, x11", 0x60559513, PVM_OP_SEXT_H, 10, 11, 0, 0, 0, 0 },
  { "b", "zext.h x10, x11", 0x0805c53b, PVM_OP_ZEXT_H, 10, 11, 0, 0, 0, 0 },
  { "b", "orc.b x10, x11", 0x2875d513, PVM_OP_ORC_B, 10, 11, 0, 0, 0, 0 },
  { "b", "rev8 x10, x11", 0x6b85d513, PVM_OP_REV8, 10, 11, 0, 0, 0, 0 },
  { "b", "slli.uw x10, x11, 63", 0x0bf5951b, PVM_OP_SLLI_UW, 10, 11, 0, 0, 63, 0 },
  { "b", "rori x10, x11, 63", 0x63f5d513, PVM_OP_RORI, 10, 11, 0, 0, 63, 0 },
  { "b", "roriw x10, x11, 31", 0x61f5d51b, PVM_OP_RORIW, 10, 11, 0, 0, 31, 0 },
  { "b", "bclri x10, x11, 63", 0x4bf59513, PVM_OP_BCLRI, 10, 11, 0, 0, 63, 0 },
  { "b", "bclri x10, x11, 5", 0x48559513, PVM_OP_BCLRI, 10, 11, 0, 0, 5, 0 },
  { "b", "bexti x10, x11, 63", 0x4bf5d513, PVM_OP_BEXTI, 10, 11, 0, 0, 63, 0 },
  { "b", "bexti x10, x11, 5", 0x4855d513, PVM_OP_BEXTI, 10, 11, 0, 0, 5, 0 },
  { "b", "binvi x10, x11, 63", 0x6bf59513, PVM_OP_BINVI, 10, 11, 0, 0, 63, 0 },
  { "b", "binvi x10, x11, 5", 0x68559513, PVM_OP_BINVI, 10, 11, 0, 0, 5, 0 },
  { "b", "bseti x10, x11, 63", 0x2bf59513, PVM_OP_BSETI, 10, 11, 0, 0, 63, 0 },
  { "b", "bseti x10, x11, 5", 0x28559513, PVM_OP_BSETI, 10, 11, 0, 0, 5, 0 },
  { "compressed", "c.addi4spn x8, x2, 1020", 0x1fe0, PVM_OP_ADDI, 8, 2, 0, 0, 0x3fc, 0 },
  { "compressed", "c.addi4spn x15, x2, 4", 0x005c, PVM_OP_ADDI, 15, 2, 0, 0, 4, 0 },
  { "compressed", "c.addi4spn x9, x2, 8", 0x0024, PVM_OP_ADDI, 9, 2, 0, 0, 8, 0 },
  { "compressed", "c.fld f8, 248(x9)", 0x3ce0, PVM_OP_FLD, 8, 9, 0, 0, 248, 3 },
  { "compressed", "c.lw x10, 124(x11)", 0x5de8, PVM_OP_LW, 10, 11, 0, 0, 124, 0 },
  { "compressed", "c.lw x10, 4(x11)", 0x41c8, PVM_OP_LW, 10, 11, 0, 0, 4, 0 },
  { "compressed", "c.lw x10, 64(x11)", 0x41a8, PVM_OP_LW, 10, 11, 0, 0, 64, 0 },
  { "compressed", "c.ld x12, 248(x13)", 0x7ef0, PVM_OP_LD, 12, 13, 0, 0, 248, 0 },
  { "compressed", "c.ld x12, 128(x13)", 0x62d0, PVM_OP_LD, 12, 13, 0, 0, 128, 0 },
  { "compressed", "c.fsd f14, 8(x15)", 0xa798, PVM_OP_FSD, 32, 15, 14, 0, 8, 3 },
  { "compressed", "c.sw x8, 64(x9)", 0xc0a0, PVM_OP_SW, 32, 9, 8, 0, 64, 0 },
  { "compressed", "c.sw x8, 60(x9)", 0xdcc0, PVM_OP_SW, 32, 9, 8, 0, 60, 0 },
  { "compressed", "c.sd x14, 248(x15)", 0xfff8, PVM_OP_SD, 32, 15, 14, 0, 248, 0 },
  { "compressed", "c.nop", 0x0001, PVM_OP_ADDI, 32, 0, 0, 0, 0, 0 },
  { "compressed", "c.addi x10, -32", 0x1501, PVM_OP_ADDI, 10, 10, 0, 0, -32, 0 },
  { "compressed", "c.addi x31, 31", 0x0ffd, PVM_OP_ADDI, 31, 31, 0, 0, 31, 0 },
  { "compressed", "c.addiw x10, -1", 0x357d, PVM_OP_ADDIW, 10, 10, 0, 0, -1, 0 },
  { "compressed", "c.addiw x1, 0", 0x2081, PVM_OP_ADDIW, 1, 1, 0, 0, 0, 0 },
  { "compressed", "c.li x10, -32", 0x5501, PVM_OP_ADDI, 10, 0, 0, 0, -32, 0 },
  { "compressed", "c.li x0, 5", 0x4015, PVM_OP_ADDI, 32, 0, 0, 0, 5, 0 },
  { "compressed", "c.addi16sp x2, -512", 0x7101, PVM_OP_ADDI, 2, 2, 0, 0, -512, 0 },
  { "compressed", "c.addi16sp x2, 496", 0x617d, PVM_OP_ADDI, 2, 2, 0, 0, 0x1f0, 0 },
  { "compressed", "c.addi16sp x2, 16", 0x6141, PVM_OP_ADDI, 2, 2, 0, 0, 16, 0 },
  { "compressed", "c.lui x10, 0xfffe0", 0x7501, PVM_OP_LUI, 10, 0, 0, 0, -131072, 0 },
  { "compressed", "c.lui x31, 0x1f", 0x6ffd, PVM_OP_LUI, 31, 0, 0, 0, 0x1f000, 0 },
  { "compressed", "c.lui x1, 1", 0x6085, PVM_OP_LUI, 1, 0, 0, 0, 0x1000, 0 },
  { "compressed", "c.srli x8, 63", 0x907d, PVM_OP_SRLI, 8, 8, 0, 0, 63, 0 },
  { "compressed", "c.srai x9, 1", 0x8485, PVM_OP_SRAI, 9, 9, 0, 0, 1, 0 },
  { "compressed", "c.srai x15, 32", 0x9781, PVM_OP_SRAI, 15, 15, 0, 0, 32, 0 },
  { "compressed", "c.andi x10, -1", 0x997d, PVM_OP_ANDI, 10, 10, 0, 0, -1, 0 },
  { "compressed", "c.andi x10, 31", 0x897d, PVM_OP_ANDI, 10, 10, 0, 0, 31, 0 },
  { "compressed", "c.sub x8, x15", 0x8c1d, PVM_OP_SUB, 8, 8, 15, 0, 0, 0 },
  { "compressed", "c.xor x8, x15", 0x8c3d, PVM_OP_XOR, 8, 8, 15, 0, 0, 0 },
  { "compressed", "c.or x8, x15", 0x8c5d, PVM_OP_OR, 8, 8, 15, 0, 0, 0 },
  { "compressed", "c.and x8, x15", 0x8c7d, PVM_OP_AND, 8, 8, 15, 0, 0, 0 },
  { "compressed", "c.subw x8, x15", 0x9c1d, PVM_OP_SUBW, 8, 8, 15, 0, 0, 0 },
  { "compressed", "c.addw x8, x15", 0x9c3d, PVM_OP_ADDW, 8, 8, 15, 0, 0, 0 },
  { "compressed", "c.j .-2048", 0xb001, PVM_OP_JAL, 32, 0, 0, 0, -2048, 0 },
  { "compressed", "c.j .+2046", 0xaffd, PVM_OP_JAL, 32, 0, 0, 0, 0x7fe, 0 },
  { "compressed", "c.j .+0x2a4", 0xa455, PVM_OP_JAL, 32, 0, 0, 0, 0x2a4, 0 },
  { "compressed", "c.beqz x8, .-256", 0xd001, PVM_OP_BEQ, 32, 8, 0, 0, -256, 0 },
  { "compressed", "c.beqz x9, .+0x56", 0xc8b9, PVM_OP_BEQ, 32, 9, 0, 0, 86, 0 },
  { "compressed", "c.bnez x15, .+254", 0xeffd, PVM_OP_BNE, 32, 15, 0, 0, 254, 0 },
  { "compressed", "c.slli x10, 63", 0x157e, PVM_OP_SLLI, 10, 10, 0, 0, 63, 0 },
  { "compressed", "c.slli x1, 1", 0x0086, PVM_OP_SLLI, 1, 1, 0, 0, 1, 0 },
  { "compressed", "c.fldsp f1, 504(x2)", 0x30fe, PVM_OP_FLD, 1, 2, 0, 0, 0x1f8, 3 },
  { "compressed", "c.fldsp f0, 40(x2)", 0x3022, PVM_OP_FLD, 0, 2, 0, 0, 40, 3 },
  { "compressed", "c.lwsp x10, 252(x2)", 0x557e, PVM_OP_LW, 10, 2, 0, 0, 252, 0 },
  { "compressed", "c.lwsp x1, 36(x2)", 0x5092, PVM_OP_LW, 1, 2, 0, 0, 36, 0 },
  { "compressed", "c.ldsp x10, 504(x2)", 0x757e, PVM_OP_LD, 10, 2, 0, 0, 0x1f8, 0 },
  { "compressed", "c.ldsp x1, 40(x2)", 0x70a2, PVM_OP_LD, 1, 2, 0, 0, 40, 0 },
  { "compressed", "c.jr x1", 0x8082, PVM_OP_JALR, 32, 1, 0, 0, 0, 0 },
  { "compressed", "c.mv x10, x11", 0x852e, PVM_OP_ADD, 10, 0, 11, 0, 0, 0 },
  { "compressed", "c.ebreak", 0x9002, PVM_OP_EBREAK, 32, 0, 0, 0, 0, 0 },
  { "compressed", "c.jalr x5", 0x9282, PVM_OP_JALR, 1, 5, 0, 0, 0, 0 },
  { "compressed", "c.add x10, x11", 0x952e, PVM_OP_ADD, 10, 10, 11, 0, 0, 0 },
  { "compressed", "c.fsdsp f1, 504(x2)", 0xbf86, PVM_OP_FSD, 32, 2, 1, 0, 0x1f8, 3 },
  { "compressed", "c.swsp x10, 252(x2)", 0xdfaa, PVM_OP_SW, 32, 2, 10, 0, 252, 0 },
  { "compressed", "c.swsp x10, 68(x2)", 0xc2aa, PVM_OP_SW, 32, 2, 10, 0, 68, 0 },
  { "compressed", "c.sdsp x10, 504(x2)", 0xffaa, PVM_OP_SD, 32, 2, 10, 0, 0x1f8, 0 },
  { "compressed", "c.sdsp x10, 72(x2)", 0xe4aa, PVM_OP_SD, 32, 2, 10, 0, 72, 0 },
};

typedef struct {
  const char *name;
  uint32_t word;
} IllegalCase;

static const IllegalCase illegal_cases[] = {
  { "all-zero-halfword", 0x0000 },
  { "c.addi4spn-with-nzuimm-0", 0x0004 },
  { "quadrant-0-funct3-100", 0x8000 },
  { "quadrant-0-funct3-100-with-operands", 0x9ffc },
  { "c.addiw-with-rd-x0", 0x2001 },
  { "c.addiw-with-rd-x0-and-an-immediate", 0x2005 },
  { "c.addi16sp-with-nzimm-0", 0x6101 },
  { "c.lui-with-nzimm-0", 0x6501 },
  { "c.lui-with-rd-x0-and-nzimm-0", 0x6001 },
  { "c.lwsp-with-rd-x0", 0x4002 },
  { "c.lwsp-with-rd-x0-and-an-offset", 0x507e },
  { "c.ldsp-with-rd-x0", 0x6002 },
  { "c.jr-with-rs1-x0", 0x8002 },
  { "reserved-c.subw-neighbour-10", 0x9c41 },
  { "reserved-c.subw-neighbour-11", 0x9c61 },
  { "reserved-c.subw-neighbour-with-operands", 0x9fe1 },
  { "all-ones-word", 0xffffffff },
  { "64-bit-length-prefix", 0x0000007f },
  { "48-bit-length-prefix", 0x0000003f },
  { "custom-0-opcode", 0x0000000b },
  { "load-funct3-111", 0x00007003 },
  { "store-funct3-100", 0x00004023 },
  { "branch-funct3-010", 0x00002063 },
  { "jalr-funct3-001", 0x000010e7 },
  { "slli-with-funct6-100000", 0x80001013 },
  { "slli-with-funct6-010000", 0x40001013 },
  { "op-imm-slli.uw-funct6-outside-op-imm-32", 0x08001013 },
  { "srli-with-funct6-001000", 0x2005d513 },
  { "clz-group-with-rs2-3", 0x60359513 },
  { "clz-group-with-rs2-6", 0x60659513 },
  { "clz-group-with-funct7-bit-0-set", 0x62059513 },
  { "clzw-group-with-rs2-3", 0x6035951b },
  { "slliw-with-shamt-bit-5-set", 0x0200101b },
  { "srliw-with-shamt-bit-5-set", 0x0200501b },
  { "sraiw-with-shamt-bit-5-set", 0x4200501b },
  { "op-funct7-1000000", 0x80000033 },
  { "op-funct7-0100000-with-funct3-001", 0x40001033 },
  { "op-32-funct7-0000011", 0x0600003b },
  { "op-32-funct3-010", 0x0000203b },
  { "zext.h-with-rs2-not-x0", 0x0810453b },
  { "amo-funct5-00101", 0x2800202f },
  { "lr.w-with-rs2-not-x0", 0x1015a52f },
  { "amo-funct3-100", 0x1000452f },
  { "amo-funct3-001", 0x0800152f },
  { "op-fp-half-precision-format", 0x04000053 },
  { "fadd.s-with-rm-101", 0x00005053 },
  { "fadd.s-with-rm-110", 0x00006053 },
  { "fmadd.s-with-rm-101", 0x0000d043 },
  { "fmadd-quad-format", 0x06000043 },
  { "fsqrt.s-with-rs2-not-0", 0x5810f0d3 },
  { "fcvt-to-integer-with-rs2-4", 0xc040f553 },
  { "fmv.x.w-group-funct3-010", 0xe0002553 },
  { "fmv.x.w-with-rs2-not-0", 0xe0108553 },
  { "fcvt.s.d-with-rs2-0", 0x40000053 },
  { "fcvt.d.s-with-rs2-1", 0x42110053 },
  { "fsgnj-funct3-011", 0x20003053 },
  { "feq-group-funct3-011", 0xa0003553 },
  { "fmv.w.x-with-funct3-001", 0xf0051053 },
  { "load-fp-funct3-100", 0x00004007 },
  { "store-fp-funct3-001", 0x00001027 },
  { "misc-mem-funct3-010", 0x0000200f },
  { "system-funct3-100", 0x00004073 },
  { "ecall-with-rd-not-x0", 0x000000f3 },
  { "uret", 0x00200073 },
  { "sret-with-rd-not-x0", 0x10200173 },
  { "sfence.vma-with-rd-not-x0", 0x120000f3 },
};

static const char *const op_names[PVM_OP_COUNT] = {
#define OP_NAME(NAME, name) [PVM_OP_##NAME] = #name,
  PVM_OPS_ALL (OP_NAME)
#undef OP_NAME
};

static gboolean
is_compressed (uint32_t word)
{
  return (word & 3) != 3;
}

/* Decodes @word into a poisoned PvmInsn, so that a field the decoder forgot shows up. The high
 * halfword given with a compressed instruction is junk the decoder must ignore. */
static void
decode_word (uint32_t word, PvmInsn *insn)
{
  memset (insn, 0xa5, sizeof *insn);
  pvm_decode ((uint16_t) word, is_compressed (word) ? 0xdead : (uint16_t) (word >> 16), insn);
}

static void
test_decode_case (gconstpointer data)
{
  const DecodeCase *c = data;
  PvmInsn insn;

  decode_word (c->word, &insn);
  g_test_message ("%s: 0x%08x", c->text, c->word);
  g_assert_cmpuint (insn.op, <, PVM_OP_COUNT);
  g_assert_cmpstr (op_names[insn.op], ==, op_names[c->op]);
  g_assert_cmpuint (insn.rd, ==, c->rd);
  g_assert_cmpuint (insn.rs1, ==, c->rs1);
  g_assert_cmpuint (insn.rs2, ==, c->rs2);
  g_assert_cmpuint (insn.rs3, ==, c->rs3);
  g_assert_cmpint (insn.imm, ==, c->imm);
  g_assert_cmpuint (insn.rm, ==, c->rm);
  g_assert_cmpuint (insn.raw, ==, c->word);
  g_assert_cmpuint (insn.len, ==, is_compressed (c->word) ? 2 : 4);
}

static void
test_illegal_case (gconstpointer data)
{
  const IllegalCase *c = data;
  PvmInsn insn;

  decode_word (c->word, &insn);
  g_assert_cmpstr (op_names[insn.op], ==, "illegal");
  g_assert_cmpuint (insn.raw, ==, c->word);
  g_assert_cmpuint (insn.len, ==, is_compressed (c->word) ? 2 : 4);
  g_assert_cmpuint (insn.rd, ==, 32);
  g_assert_cmpuint (insn.rs1, ==, 0);
  g_assert_cmpuint (insn.rs2, ==, 0);
  g_assert_cmpuint (insn.rs3, ==, 0);
  g_assert_cmpint (insn.imm, ==, 0);
  g_assert_cmpuint (insn.rm, ==, 0);
}

static void
test_every_op_has_an_encoding (void)
{
  gboolean seen[PVM_OP_COUNT] = { FALSE };

  seen[PVM_OP_ILLEGAL] = G_N_ELEMENTS (illegal_cases) > 0;
  for (size_t i = 0; i < G_N_ELEMENTS (decode_cases); i++)
    seen[decode_cases[i].op] = TRUE;
  for (unsigned op = 0; op < PVM_OP_COUNT; op++) {
    if (!seen[op])
      g_test_message ("no test encoding for %s", op_names[op]);
    g_assert_true (seen[op]);
  }
}

static void
test_decode_leaves_fn_and_pc_off_alone (void)
{
  PvmInsn insn = { .fn = NULL, .pc_off = 1234 };

  pvm_decode (0x0533, 0x00b5, &insn); /* add x10, x11, x11 */
  g_assert_null (insn.fn);
  g_assert_cmpuint (insn.pc_off, ==, 1234);
}

static void
test_every_compressed_halfword_expands (void)
{
  /* Whatever the halfword, a compressed instruction expands to one of the 32-bit operations
   * that have a compressed form (or is illegal), with registers in range. */
  for (uint32_t c = 0; c < 0x10000; c++) {
    PvmInsn insn;
    if (!is_compressed (c))
      continue;
    decode_word (c, &insn);
    switch (insn.op) {
    case PVM_OP_ILLEGAL: case PVM_OP_ADDI: case PVM_OP_ADDIW: case PVM_OP_LUI:
    case PVM_OP_FLD: case PVM_OP_LW: case PVM_OP_LD: case PVM_OP_FSD: case PVM_OP_SW:
    case PVM_OP_SD: case PVM_OP_SRLI: case PVM_OP_SRAI: case PVM_OP_ANDI: case PVM_OP_SUB:
    case PVM_OP_XOR: case PVM_OP_OR: case PVM_OP_AND: case PVM_OP_SUBW: case PVM_OP_ADDW:
    case PVM_OP_JAL: case PVM_OP_BEQ: case PVM_OP_BNE: case PVM_OP_SLLI: case PVM_OP_JALR:
    case PVM_OP_ADD: case PVM_OP_EBREAK:
      break;
    default:
      g_test_message ("0x%04x decodes to %s", c, op_names[insn.op]);
      g_assert_not_reached ();
    }
    g_assert_cmpuint (insn.len, ==, 2);
    g_assert_cmpuint (insn.raw, ==, c);
    if (insn.op == PVM_OP_FLD) {
      g_assert_cmpuint (insn.rd, <, 32);
    } else {
      g_assert_cmpuint (insn.rd, >=, 1);
      g_assert_cmpuint (insn.rd, <=, 32);
    }
    g_assert_cmpuint (insn.rs1, <, 32);
    g_assert_cmpuint (insn.rs2, <, 32);
  }
}

/* "c.lw x10, -4(x11)" -> "c.lw-x10-minus-4-x11", "beq x1, x2, .+8" -> "beq-x1-x2-plus-8" */
static char *
path_part (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++) {
    gboolean sign = (*p == '-' || *p == '+') && g_ascii_isdigit (p[1]);
    if (*p == '.' && (p[1] == '+' || p[1] == '-'))
      continue; /* the "." of a pc-relative target */
    if (g_ascii_isalnum (*p) || (*p == '.' && !sign)) {
      g_string_append_c (s, *p);
      continue;
    }
    if (s->len > 0 && s->str[s->len - 1] != '-')
      g_string_append_c (s, '-');
    if (sign)
      g_string_append (s, *p == '-' ? "minus-" : "plus-");
  }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (decode_cases); i++) {
    const DecodeCase *c = &decode_cases[i];
    g_autofree char *part = path_part (c->text);
    g_autofree char *path =
      g_strdup_printf ("/hv/cpu/decode/%s/%s-%s-to-%s", c->group, part,
                       is_compressed (c->word) ? "expands" : "decodes", op_names[c->op]);
    g_test_add_data_func (path, c, test_decode_case);
  }
  for (size_t i = 0; i < G_N_ELEMENTS (illegal_cases); i++) {
    g_autofree char *path =
      g_strdup_printf ("/hv/cpu/decode/illegal/%s-is-illegal", illegal_cases[i].name);
    g_test_add_data_func (path, &illegal_cases[i], test_illegal_case);
  }
  g_test_add_func ("/hv/cpu/decode/every-operation-has-a-test-encoding",
                   test_every_op_has_an_encoding);
  g_test_add_func ("/hv/cpu/decode/decode-leaves-fn-and-pc-off-alone",
                   test_decode_leaves_fn_and_pc_off_alone);
  g_test_add_func ("/hv/cpu/decode/every-compressed-halfword-expands-to-a-plain-op",
                   test_every_compressed_halfword_expands);
  return g_test_run ();
}

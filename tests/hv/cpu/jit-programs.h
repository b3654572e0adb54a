/* jit-programs.h: random RV64GC programs for test-jit.c — encodings, a seeded generator and
 * the layout of a program in the test machine's memory.
 *
 * A program is N_ITEMS items of one to three instructions (a jump and the auipc it needs are
 * one item, so that no jump lands between them), run N_PASSES times, then it reads instret into
 * R_TMP, stores a nonzero word at R_MARK and loops in place. Jumps only go forward within a pass;
 * loads and stores use R_DATA, or x0 for an access where nothing is; the M-mode trap handler the
 * test installs logs each trap at R_LOG and returns past the 4-byte instruction that trapped, so
 * no instruction that may trap is compressed.
 */
#pragma once

#include "hart-test.h"

#include <inttypes.h>

#include "hv/cpu/csr.h"
#include "hv/cpu/insn.h"

#define CODE (TEST_RAM_BASE + 0x10000)
#define DATA (TEST_RAM_BASE + 0x30000) /* two pages; loads and stores cross into the second */
#define DATA_SIZE 0x2000
#define TRAP_LOG (TEST_RAM_BASE + 0x50000) /* mcause, mtval, mepc of each trap taken */
#define TRAP_LOG_SIZE 0x4000
#define DATA_VA 0x40000000ull /* the data pages under Sv39, swapped */
#define N_ITEMS 180
#define MAX_WORDS (3 * N_ITEMS + 5)
#define N_PASSES 3 /* each program runs its body this many times */

/* Registers the random code reads but never writes. */
enum { R_DATA = 8, R_LOOP = 28, R_LOG = 29, R_TMP = 30, R_MARK = 31 };

enum {
  OPC_LOAD = 0x03, OPC_LOAD_FP = 0x07, OPC_MISC_MEM = 0x0f, OPC_OP_IMM = 0x13, OPC_AUIPC = 0x17,
  OPC_OP_IMM_32 = 0x1b, OPC_STORE = 0x23, OPC_AMO = 0x2f, OPC_OP = 0x33, OPC_LUI = 0x37,
  OPC_OP_32 = 0x3b, OPC_BRANCH = 0x63, OPC_JALR = 0x67, OPC_JAL = 0x6f, OPC_SYSTEM = 0x73,
};

typedef enum { MODE_M_BARE, MODE_S_SV39, MODE_U_SV39, N_MODES } Mode;

static const char *const mode_names[N_MODES] = { "M-mode, bare", "S-mode, Sv39", "U-mode, Sv39" };

/* ---- encodings ---- */

static uint32_t
enc_r (unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd, unsigned opc)
{
  return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t
enc_i (int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned opc)
{
  return ((uint32_t) imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t
enc_s (int32_t imm, unsigned rs2, unsigned rs1, unsigned f3)
{
  uint32_t u = (uint32_t) imm & 0xfff;
  return (u >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | OPC_STORE;
}

static uint32_t
enc_b_off (int32_t off)
{
  uint32_t u = (uint32_t) off;
  return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | ((u >> 1) & 0xf) << 8 |
         ((u >> 11) & 1) << 7;
}

static uint32_t
enc_j_off (int32_t off)
{
  uint32_t u = (uint32_t) off;
  return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
         ((u >> 12) & 0xff) << 12;
}

/* The offset bits of c.j: offset[11|4|9:8|10|6|7|3:1|5] in bits 12..2. */
static uint32_t
enc_cj_off (int32_t off)
{
  uint32_t u = (uint32_t) off;
  return ((u >> 11) & 1) << 12 | ((u >> 4) & 1) << 11 | ((u >> 8) & 3) << 9 | ((u >> 10) & 1) << 8 |
         ((u >> 6) & 1) << 7 | ((u >> 7) & 1) << 6 | ((u >> 1) & 7) << 3 | ((u >> 5) & 1) << 2;
}

/* The offset bits of c.beqz/c.bnez: offset[8|4:3] in bits 12..10, [7:6|2:1|5] in bits 6..2. */
static uint32_t
enc_cb_off (int32_t off)
{
  uint32_t u = (uint32_t) off;
  return ((u >> 8) & 1) << 12 | ((u >> 3) & 3) << 10 | ((u >> 6) & 3) << 5 | ((u >> 1) & 3) << 3 |
         ((u >> 5) & 1) << 2;
}

/* Quadrant 1 and 2 formats with a 6-bit immediate split into bits 12 and 6..2. */
static uint32_t
enc_ci (unsigned f3, int32_t imm, unsigned rd, unsigned quadrant)
{
  uint32_t u = (uint32_t) imm;
  return f3 << 13 | ((u >> 5) & 1) << 12 | rd << 7 | (u & 31) << 2 | quadrant;
}

#define ADDI(rd, rs1, imm) enc_i ((imm), (rs1), 0, (rd), OPC_OP_IMM)
#define ADD(rd, rs1, rs2) enc_r (0, (rs2), (rs1), 0, (rd), OPC_OP)
#define LW(rd, rs1, imm) enc_i ((imm), (rs1), 2, (rd), OPC_LOAD)
#define LD(rd, rs1, imm) enc_i ((imm), (rs1), 3, (rd), OPC_LOAD)
#define SW(rs2, rs1, imm) enc_s ((imm), (rs2), (rs1), 2)
#define SD(rs2, rs1, imm) enc_s ((imm), (rs2), (rs1), 3)
#define CSRR(rd, csr) enc_i ((csr), 0, 2, (rd), OPC_SYSTEM)
#define CSRW(csr, rs1) enc_i ((csr), (rs1), 1, 0, OPC_SYSTEM)
#define BRANCH(f3, rs1, rs2, off) (enc_r (0, (rs2), (rs1), (f3), 0, OPC_BRANCH) | enc_b_off (off))
#define JAL(rd, off) (((rd) << 7) | OPC_JAL | enc_j_off (off))
#define MARK_AND_LOOP SW (R_MARK, R_MARK, 0), INSN_JAL_SELF

/* ---- random programs ---- */

/* How the jump of an item is aimed once the program is laid out. */
enum { FIX_NONE, FIX_B, FIX_JAL, FIX_CB, FIX_CJ, FIX_JALR_IMM };

/* A few instructions that go together: a jump and the auipc it needs are one item, so that no
 * jump lands between them. A jump skips the next @skip items (or lands on the epilogue). */
typedef struct {
  uint32_t w[3];
  uint16_t op[3];
  uint8_t n, fix, skip;
} Item;

typedef struct {
  guint seed;
  Mode mode;
  uint64_t start;
  uint32_t words[MAX_WORDS];
  uint16_t ops[MAX_WORDS];
  unsigned n_words;
  uint64_t x[32];
  uint8_t data[DATA_SIZE];
} Program;

static const uint8_t gp_regs[] = {
  1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
};

static unsigned
pick (GRand *r, unsigned n)
{
  return (unsigned) g_rand_int_range (r, 0, (gint32) n);
}

static int32_t
pick_in (GRand *r, int32_t lo, int32_t hi)
{
  return g_rand_int_range (r, lo, hi + 1);
}

static unsigned
pick_rd (GRand *r)
{
  return pick (r, 10) == 0 ? 0 : gp_regs[pick (r, sizeof gp_regs)];
}

static unsigned
pick_rs (GRand *r)
{
  static const uint8_t reserved[] = { 0, R_DATA, R_LOOP, R_LOG, R_TMP, R_MARK };
  return pick (r, 8) == 0 ? reserved[pick (r, sizeof reserved)] : gp_regs[pick (r, sizeof gp_regs)];
}

static int32_t
pick_imm12 (GRand *r)
{
  static const int32_t edge[] = { 0, 1, -1, 2047, -2048, 0x7f, -0x80, 0x80 };
  switch (pick (r, 3)) {
  case 0: return edge[pick (r, G_N_ELEMENTS (edge))];
  case 1: return pick_in (r, -16, 16);
  default: return pick_in (r, -2048, 2047);
  }
}

static unsigned
pick_shamt (GRand *r, unsigned bits)
{
  static const uint8_t edge[] = { 0, 1, 31, 32, 33, 63 };
  unsigned v = pick (r, 2) ? edge[pick (r, sizeof edge)] : pick (r, bits);
  return v & (bits - 1);
}

/* An offset from R_DATA, which points at the boundary of the two data pages. */
static int32_t
pick_data_off (GRand *r)
{
  return pick (r, 4) ? pick_in (r, -20, 12) : pick_in (r, -2048, 2047);
}

static uint64_t
pick_value (GRand *r)
{
  static const uint64_t edge[] = {
    0, 1, 2, 31, 32, 33, 63, 64, UINT64_MAX, 0x7fffffff, 0x80000000, 0xffffffff,
    0xffffffff80000000ull, INT64_MAX, 1ull << 63, (1ull << 63) | 1,
  };
  switch (pick (r, 4)) {
  case 0: return edge[pick (r, G_N_ELEMENTS (edge))];
  case 1: return (uint64_t) (int64_t) (int32_t) g_rand_int (r);
  case 2: return (uint64_t) (int64_t) pick_in (r, -40, 70);
  default: return (uint64_t) g_rand_int (r) << 32 | g_rand_int (r);
  }
}

static void
put (Item *it, uint32_t w, PvmOp op)
{
  it->w[it->n] = w;
  it->op[it->n] = (uint16_t) op;
  it->n++;
}

typedef struct {
  PvmOp op;
  uint8_t f7, f3, opc;
} RType;

/* Register-register operations: those the translator inlines, then some it leaves to handlers. */
static const RType rr_inline[] = {
  { PVM_OP_ADD, 0, 0, OPC_OP }, { PVM_OP_SUB, 0x20, 0, OPC_OP }, { PVM_OP_SLL, 0, 1, OPC_OP },
  { PVM_OP_SLT, 0, 2, OPC_OP }, { PVM_OP_SLTU, 0, 3, OPC_OP }, { PVM_OP_XOR, 0, 4, OPC_OP },
  { PVM_OP_SRL, 0, 5, OPC_OP }, { PVM_OP_SRA, 0x20, 5, OPC_OP }, { PVM_OP_OR, 0, 6, OPC_OP },
  { PVM_OP_AND, 0, 7, OPC_OP }, { PVM_OP_MUL, 1, 0, OPC_OP }, { PVM_OP_ADDW, 0, 0, OPC_OP_32 },
  { PVM_OP_SUBW, 0x20, 0, OPC_OP_32 }, { PVM_OP_SLLW, 0, 1, OPC_OP_32 },
  { PVM_OP_SRLW, 0, 5, OPC_OP_32 }, { PVM_OP_SRAW, 0x20, 5, OPC_OP_32 },
  { PVM_OP_MULW, 1, 0, OPC_OP_32 },
};

static const RType rr_handler[] = {
  { PVM_OP_MULH, 1, 1, OPC_OP }, { PVM_OP_MULHSU, 1, 2, OPC_OP }, { PVM_OP_MULHU, 1, 3, OPC_OP },
  { PVM_OP_DIV, 1, 4, OPC_OP }, { PVM_OP_DIVU, 1, 5, OPC_OP }, { PVM_OP_REM, 1, 6, OPC_OP },
  { PVM_OP_REMU, 1, 7, OPC_OP }, { PVM_OP_DIVW, 1, 4, OPC_OP_32 },
  { PVM_OP_DIVUW, 1, 5, OPC_OP_32 }, { PVM_OP_REMW, 1, 6, OPC_OP_32 },
  { PVM_OP_REMUW, 1, 7, OPC_OP_32 }, { PVM_OP_ANDN, 0x20, 7, OPC_OP },
  { PVM_OP_XNOR, 0x20, 4, OPC_OP }, { PVM_OP_MAX, 5, 6, OPC_OP }, { PVM_OP_MINU, 5, 5, OPC_OP },
  { PVM_OP_ROL, 0x30, 1, OPC_OP }, { PVM_OP_RORW, 0x30, 5, OPC_OP_32 },
  { PVM_OP_SH2ADD, 0x10, 4, OPC_OP }, { PVM_OP_ADD_UW, 4, 0, OPC_OP_32 },
  { PVM_OP_BSET, 0x14, 1, OPC_OP },
};

/* Register-immediate operations; @sh is the width of a shift amount, 0 for a 12-bit immediate,
 * @hi the immediate's bits above it. */
typedef struct {
  PvmOp op;
  uint8_t f3, opc, sh;
  uint16_t hi;
} IType;

static const IType ri_inline[] = {
  { PVM_OP_ADDI, 0, OPC_OP_IMM, 0, 0 }, { PVM_OP_SLTI, 2, OPC_OP_IMM, 0, 0 },
  { PVM_OP_SLTIU, 3, OPC_OP_IMM, 0, 0 }, { PVM_OP_XORI, 4, OPC_OP_IMM, 0, 0 },
  { PVM_OP_ORI, 6, OPC_OP_IMM, 0, 0 }, { PVM_OP_ANDI, 7, OPC_OP_IMM, 0, 0 },
  { PVM_OP_SLLI, 1, OPC_OP_IMM, 64, 0 }, { PVM_OP_SRLI, 5, OPC_OP_IMM, 64, 0 },
  { PVM_OP_SRAI, 5, OPC_OP_IMM, 64, 0x400 }, { PVM_OP_ADDIW, 0, OPC_OP_IMM_32, 0, 0 },
  { PVM_OP_SLLIW, 1, OPC_OP_IMM_32, 32, 0 }, { PVM_OP_SRLIW, 5, OPC_OP_IMM_32, 32, 0 },
  { PVM_OP_SRAIW, 5, OPC_OP_IMM_32, 32, 0x400 },
};

/* Zbb and Zbs operations of one register (the immediate is fixed) or with a shift amount. */
static const IType ri_handler[] = {
  { PVM_OP_CLZ, 1, OPC_OP_IMM, 0, 0x600 }, { PVM_OP_CTZ, 1, OPC_OP_IMM, 0, 0x601 },
  { PVM_OP_CPOP, 1, OPC_OP_IMM, 0, 0x602 }, { PVM_OP_SEXT_B, 1, OPC_OP_IMM, 0, 0x604 },
  { PVM_OP_REV8, 5, OPC_OP_IMM, 0, 0x6b8 }, { PVM_OP_ORC_B, 5, OPC_OP_IMM, 0, 0x287 },
  { PVM_OP_CLZW, 1, OPC_OP_IMM_32, 0, 0x600 }, { PVM_OP_ZEXT_H, 4, OPC_OP_32, 0, 0x080 },
  { PVM_OP_RORI, 5, OPC_OP_IMM, 64, 0x600 }, { PVM_OP_BEXTI, 5, OPC_OP_IMM, 64, 0x480 },
};

static const PvmOp loads[] = {
  PVM_OP_LB, PVM_OP_LH, PVM_OP_LW, PVM_OP_LD, PVM_OP_LBU, PVM_OP_LHU, PVM_OP_LWU,
};
static const PvmOp stores[] = { PVM_OP_SB, PVM_OP_SH, PVM_OP_SW, PVM_OP_SD };
static const struct { PvmOp op; uint8_t f3; } branches[] = {
  { PVM_OP_BEQ, 0 }, { PVM_OP_BNE, 1 }, { PVM_OP_BLT, 4 }, { PVM_OP_BGE, 5 },
  { PVM_OP_BLTU, 6 }, { PVM_OP_BGEU, 7 },
};

static void
gen_rr (GRand *r, Item *it, const RType *t, bool div_by_zero)
{
  unsigned rs2 = div_by_zero && pick (r, 3) == 0 ? 0 : pick_rs (r);
  put (it, enc_r (t->f7, rs2, pick_rs (r), t->f3, pick_rd (r), t->opc), t->op);
}

static void
gen_ri (GRand *r, Item *it, const IType *t)
{
  int32_t imm = t->sh ? (int32_t) (t->hi | pick_shamt (r, t->sh)) : t->hi ? t->hi : pick_imm12 (r);
  put (it, enc_i (imm, pick_rs (r), t->f3, pick_rd (r), t->opc), t->op);
}

static void
gen_upper (GRand *r, Item *it)
{
  static const uint32_t edge[] = { 0, 1, 0x7ffff, 0x80000, 0xfffff, 0x80001 };
  uint32_t imm = pick (r, 2) ? edge[pick (r, G_N_ELEMENTS (edge))] : g_rand_int (r) & 0xfffff;
  bool auipc = pick (r, 2);
  put (it, imm << 12 | pick_rd (r) << 7 | (auipc ? OPC_AUIPC : OPC_LUI),
       auipc ? PVM_OP_AUIPC : PVM_OP_LUI);
}

/* A load or store at the data pages, or at a low address where nothing is (an access or page
 * fault) if @fault. */
static void
gen_mem (GRand *r, Item *it, bool fault)
{
  unsigned base = fault ? 0 : R_DATA;
  int32_t off = fault ? (pick (r, 2) ? 0x10 : pick_in (r, 0, 0x7ff)) : pick_data_off (r);
  if (pick (r, 2)) {
    unsigned i = pick (r, G_N_ELEMENTS (loads));
    put (it, enc_i (off, base, i, pick_rd (r), OPC_LOAD), loads[i]);
  } else {
    unsigned i = pick (r, G_N_ELEMENTS (stores));
    put (it, enc_s (off, pick_rs (r), base, i), stores[i]);
  }
}

static void
gen_jump (GRand *r, Item *it)
{
  it->skip = (uint8_t) pick (r, 4);
  switch (pick (r, 5)) {
  case 0:
  case 1: {
    unsigned b = pick (r, G_N_ELEMENTS (branches));
    unsigned rs1 = pick_rs (r), rs2 = pick (r, 6) ? pick_rs (r) : rs1;
    put (it, enc_r (0, rs2, rs1, branches[b].f3, 0, OPC_BRANCH), branches[b].op);
    it->fix = FIX_B;
    break;
  }
  case 2:
    put (it, pick_rd (r) << 7 | OPC_JAL, PVM_OP_JAL);
    it->fix = FIX_JAL;
    break;
  case 3: { /* auipc rt, 0; jalr rd, odd(rt): bit 0 of the target is dropped */
    unsigned rt = gp_regs[pick (r, sizeof gp_regs)];
    put (it, rt << 7 | OPC_AUIPC, PVM_OP_AUIPC);
    put (it, enc_i (0, rt, 0, pick (r, 3) ? pick_rd (r) : rt, OPC_JALR), PVM_OP_JALR);
    it->fix = FIX_JALR_IMM;
    break;
  }
  default: { /* auipc rt, 0; addi rt, rt, odd; c.jr rt or c.jalr rt (which links pc + 2) */
    unsigned rt = gp_regs[pick (r, sizeof gp_regs)];
    put (it, rt << 7 | OPC_AUIPC, PVM_OP_AUIPC);
    put (it, ADDI (rt, rt, 0), PVM_OP_ADDI);
    put (it, 0x8002 | pick (r, 2) << 12 | rt << 7, PVM_OP_JALR);
    it->fix = FIX_JALR_IMM;
    break;
  }
  }
}

/* Operations only the handlers do that touch memory, CSRs or trap. */
static void
gen_system (GRand *r, Item *it)
{
  static const struct { PvmOp op; uint8_t f5; } amos[] = {
    { PVM_OP_AMOADD_D, 0x00 }, { PVM_OP_AMOSWAP_W, 0x01 }, { PVM_OP_LR_D, 0x02 },
    { PVM_OP_SC_D, 0x03 }, { PVM_OP_AMOMAXU_W, 0x1c },
  };
  static const uint16_t csrs[] = {
    PVM_CSR_MSCRATCH, PVM_CSR_SSCRATCH, PVM_CSR_INSTRET, PVM_CSR_CYCLE,
  };
  switch (pick (r, 9)) {
  case 0:
  case 1: {
    unsigned a = pick (r, G_N_ELEMENTS (amos)), w = a == 1 || a == 4;
    unsigned rs2 = amos[a].op == PVM_OP_LR_D ? 0 : pick_rs (r);
    unsigned base = pick (r, 6) ? R_DATA : 0;
    put (it, enc_r ((unsigned) amos[a].f5 << 2, rs2, base, w ? 2 : 3, pick_rd (r), OPC_AMO),
         amos[a].op);
    break;
  }
  case 2:
  case 3:
  case 4: {
    uint16_t csr = csrs[pick (r, G_N_ELEMENTS (csrs))];
    if (csr == PVM_CSR_MSCRATCH || csr == PVM_CSR_SSCRATCH) {
      static const PvmOp ops[] = { PVM_OP_CSRRW, PVM_OP_CSRRS, PVM_OP_CSRRC };
      unsigned f3 = 1 + pick (r, 3);
      put (it, enc_i (csr, pick_rs (r), f3, pick_rd (r), OPC_SYSTEM), ops[f3 - 1]);
    } else {
      put (it, enc_i (csr, 0, 2, pick_rd (r), OPC_SYSTEM), PVM_OP_CSRRS);
    }
    break;
  }
  case 5:
    put (it, 0x0ff0000f, PVM_OP_FENCE);
    break;
  case 6:
    if (pick (r, 4) == 0)
      put (it, 0x0000100f, PVM_OP_FENCE_I);
    else
      put (it, INSN_ECALL, PVM_OP_ECALL);
    break;
  case 7:
    put (it, INSN_EBREAK, PVM_OP_EBREAK);
    break;
  default: /* the FPU is off: an illegal instruction */
    put (it, enc_i (pick_data_off (r) & ~7, R_DATA, 3, pick (r, 32), OPC_LOAD_FP), PVM_OP_FLD);
    break;
  }
}

/* Compressed instructions; none of them traps (the trap logger skips 4 bytes). */
static void
gen_compressed (GRand *r, Item *it)
{
  unsigned rd = gp_regs[pick (r, sizeof gp_regs)], rdc = 1 + pick (r, 7), rs2c = pick (r, 8);
  int32_t imm = pick_in (r, -32, 31);
  unsigned sh = 1 + pick (r, 63);
  switch (pick (r, 12)) {
  case 0: put (it, enc_ci (0, imm ? imm : 1, rd, 1), PVM_OP_ADDI); break;
  case 1: put (it, enc_ci (1, imm, rd, 1), PVM_OP_ADDIW); break;
  case 2: put (it, enc_ci (2, imm, pick (r, 5) ? rd : 0, 1), PVM_OP_ADDI); break;
  case 3: put (it, enc_ci (3, imm ? imm : -1, rd == 2 ? 3 : rd, 1), PVM_OP_LUI); break;
  case 4: {
    static const PvmOp ops[] = { PVM_OP_SRLI, PVM_OP_SRAI, PVM_OP_ANDI };
    unsigned k = pick (r, 3);
    put (it, enc_ci (4, k == 2 ? imm : (int32_t) sh, k << 3 | rdc, 1), ops[k]);
    break;
  }
  case 5: {
    static const PvmOp ops[] = {
      PVM_OP_SUB, PVM_OP_XOR, PVM_OP_OR, PVM_OP_AND, PVM_OP_SUBW, PVM_OP_ADDW,
    };
    unsigned k = pick (r, 6);
    put (it, 4u << 13 | (k >> 2) << 12 | 3u << 10 | rdc << 7 | (k & 3) << 5 | rs2c << 2 | 1,
         ops[k]);
    break;
  }
  case 6: put (it, enc_ci (0, (int32_t) sh, rd, 2), PVM_OP_SLLI); break;
  case 7: /* c.mv, c.add */
    put (it, 4u << 13 | pick (r, 2) << 12 | rd << 7 | (1 + pick (r, 31)) << 2 | 2, PVM_OP_ADD);
    break;
  case 8: /* c.lw / c.ld / c.sw / c.sd at R_DATA (x8) */
  case 9: {
    static const PvmOp ops[] = { PVM_OP_LW, PVM_OP_LD, PVM_OP_SW, PVM_OP_SD };
    unsigned k = pick (r, 4), d = k & 1, off = d ? 8 * pick (r, 32) : 4 * pick (r, 32);
    uint32_t lo = d ? (off >> 6) & 3 : ((off >> 2) & 1) << 1 | ((off >> 6) & 1);
    put (it, (2u + d + 4 * (k >> 1)) << 13 | ((off >> 3) & 7) << 10 | lo << 5 |
             (k >> 1 ? rs2c : rdc) << 2, ops[k]);
    break;
  }
  case 10:
    it->skip = (uint8_t) pick (r, 4);
    put (it, 5u << 13 | 1, PVM_OP_JAL);
    it->fix = FIX_CJ;
    break;
  default: {
    unsigned bnez = pick (r, 2);
    it->skip = (uint8_t) pick (r, 4);
    put (it, (6u + bnez) << 13 | rs2c << 7 | 1, bnez ? PVM_OP_BNE : PVM_OP_BEQ);
    it->fix = FIX_CB;
    break;
  }
  }
}

static void
gen_item (GRand *r, Item *it)
{
  memset (it, 0, sizeof *it);
  unsigned k = pick (r, 100);
  if (k < 22)
    gen_rr (r, it, &rr_inline[pick (r, G_N_ELEMENTS (rr_inline))], false);
  else if (k < 40)
    gen_ri (r, it, &ri_inline[pick (r, G_N_ELEMENTS (ri_inline))]);
  else if (k < 45)
    gen_upper (r, it);
  else if (k < 62)
    gen_mem (r, it, false);
  else if (k < 64)
    gen_mem (r, it, true);
  else if (k < 74)
    gen_jump (r, it);
  else if (k < 79)
    gen_rr (r, it, &rr_handler[pick (r, G_N_ELEMENTS (rr_handler))], true);
  else if (k < 82)
    gen_ri (r, it, &ri_handler[pick (r, G_N_ELEMENTS (ri_handler))]);
  else if (k < 88)
    gen_system (r, it);
  else
    gen_compressed (r, it);
}

static unsigned
insn_len (uint32_t w)
{
  return (w & 3) == 3 ? 4 : 2;
}

/* Lays the items out from p->start, aims their jumps, and ends the program: back to the start
 * until R_LOOP counts down to zero, then instret into R_TMP, the mark, a loop in place. */
static void
program_layout (Program *p, Item *items, unsigned n)
{
  uint64_t at[N_ITEMS + 1];
  at[0] = p->start;
  for (unsigned i = 0; i < n; i++) {
    at[i + 1] = at[i];
    for (unsigned k = 0; k < items[i].n; k++)
      at[i + 1] += insn_len (items[i].w[k]);
  }
  p->n_words = 0;
  for (unsigned i = 0; i < n; i++) {
    Item *it = &items[i];
    int32_t off = (int32_t) (at[MIN (i + 1 + it->skip, n)] - at[i]);
    switch (it->fix) {
    case FIX_B: it->w[0] |= enc_b_off (off); break;
    case FIX_JAL: it->w[0] |= enc_j_off (off); break;
    case FIX_CB: it->w[0] |= enc_cb_off (off); break;
    case FIX_CJ: it->w[0] |= enc_cj_off (off); break;
    case FIX_JALR_IMM: it->w[1] |= (uint32_t) (off + 1) << 20; break;
    default: break;
    }
    for (unsigned k = 0; k < it->n; k++) {
      p->words[p->n_words] = it->w[k];
      p->ops[p->n_words++] = it->op[k];
    }
  }
  const uint32_t tail[] = {
    ADDI (R_LOOP, R_LOOP, -1), BRANCH (1, R_LOOP, 0, (int32_t) (p->start - at[n] - 4)),
    CSRR (R_TMP, PVM_CSR_INSTRET), SW (R_DATA, R_MARK, 0), INSN_JAL_SELF,
  };
  const PvmOp tail_ops[] = { PVM_OP_ADDI, PVM_OP_BNE, PVM_OP_CSRRS, PVM_OP_SW, PVM_OP_JAL };
  for (unsigned k = 0; k < G_N_ELEMENTS (tail); k++) {
    p->words[p->n_words] = tail[k];
    p->ops[p->n_words++] = tail_ops[k];
  }
}

static void
program_generate (Program *p, guint seed)
{
  GRand *r = g_rand_new_with_seed (seed);
  Item items[N_ITEMS];
  p->seed = seed;
  p->mode = (Mode) (seed % N_MODES);
  /* Late in a page, sometimes 2 bytes off: the program runs across the page end. */
  p->start = CODE + 0xd00 + 2 * pick (r, 64);
  for (unsigned i = 0; i < N_ITEMS; i++)
    gen_item (r, &items[i]);
  program_layout (p, items, N_ITEMS);
  memset (p->x, 0, sizeof p->x);
  for (unsigned i = 0; i < sizeof gp_regs; i++)
    p->x[gp_regs[i]] = pick_value (r);
  p->x[R_DATA] = p->mode == MODE_M_BARE ? DATA + 0x1000 : DATA_VA + 0x1000;
  p->x[R_LOG] = TRAP_LOG;
  p->x[R_LOOP] = N_PASSES;
  for (unsigned i = 0; i < DATA_SIZE; i++)
    p->data[i] = (uint8_t) g_rand_int (r);
  g_rand_free (r);
}

/* Checks that every word of @p decodes to the operation it was generated as. */
static void
program_check_decoding (const Program *p)
{
  for (unsigned i = 0; i < p->n_words; i++) {
    PvmInsn insn;
    pvm_decode ((uint16_t) p->words[i], (uint16_t) (p->words[i] >> 16), &insn);
    if (insn.op != p->ops[i])
      g_error ("seed %u: 0x%08x decodes to %s, not %s", p->seed, p->words[i],
               pvm_op_name ((PvmOp) insn.op), pvm_op_name ((PvmOp) p->ops[i]));
  }
}

static void
program_list (const Program *p)
{
  uint64_t pc = p->start;
  g_test_message ("seed %u, %s, from 0x%" PRIx64 ":", p->seed, mode_names[p->mode], pc);
  for (unsigned i = 0; i < p->n_words; i++) {
    g_test_message ("  %" PRIx64 ": %08x  %s", pc, p->words[i], pvm_op_name ((PvmOp) p->ops[i]));
    pc += insn_len (p->words[i]);
  }
}

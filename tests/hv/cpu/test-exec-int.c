/* test-exec-int.c: the integer handlers (RV64I, M, A, Zba/Zbb/Zbs) run directly on a hart.
 *
 * The test links the handlers with its own memory slow paths over a 4 KiB buffer (every TLB
 * entry is invalid, so each access takes the slow path) and its own block-cache flush, which
 * only counts calls.
 */
#include <string.h>

#include <glib.h>

#include "hv/cpu/block.h"
#include "hv/cpu/insn.h"
#include "hv/cpu/mmu.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 4096u
#define BLOCK_PC 0x80001000ull

typedef struct {
  PvmHart hart; /* first, so that the memory hooks can find the fixture from the hart */
  uint8_t ram[RAM_SIZE];
  unsigned flushes;
} Fixture;

static Fixture *
fixture_of (PvmHart *hart)
{
  return (Fixture *) hart;
}

/* Returns the host address of [va, va + size) in the buffer, or NULL. */
static uint8_t *
ram_at (PvmHart *hart, uint64_t va, unsigned size)
{
  if (va < RAM_BASE || va - RAM_BASE > RAM_SIZE - size)
    return NULL;
  return fixture_of (hart)->ram + (va - RAM_BASE);
}

int
pvm_mem_load_slow (PvmHart *hart, uint64_t va, unsigned size, uint64_t *out)
{
  uint8_t *p = ram_at (hart, va, size);

  if (!p)
    return pvm_hart_raise (hart, PVM_EXC_LOAD_ACCESS, va);
  *out = 0;
  memcpy (out, p, size);
  return 0;
}

int
pvm_mem_store_slow (PvmHart *hart, uint64_t va, unsigned size, uint64_t value)
{
  uint8_t *p = ram_at (hart, va, size);

  if (!p)
    return pvm_hart_raise (hart, PVM_EXC_STORE_ACCESS, va);
  memcpy (p, &value, size);
  return 0;
}

int
pvm_mem_atomic_ptr (PvmHart *hart, uint64_t va, unsigned size, bool write, void **host)
{
  uint8_t *p;

  if (va & (size - 1))
    return pvm_hart_raise (hart, write ? PVM_EXC_STORE_MISALIGNED : PVM_EXC_LOAD_MISALIGNED, va);
  p = ram_at (hart, va, size);
  if (!p)
    return pvm_hart_raise (hart, write ? PVM_EXC_STORE_ACCESS : PVM_EXC_LOAD_ACCESS, va);
  *host = p;
  return 0;
}

void
pvm_block_cache_flush (PvmHart *hart)
{
  fixture_of (hart)->flushes++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  memset (&f->hart.tlb, 0xff, sizeof f->hart.tlb); /* PVM_TLB_INVALID everywhere */
  f->hart.priv = PVM_PRIV_M;
  f->hart.data_priv = PVM_PRIV_M;
  f->hart.pc = BLOCK_PC;
  f->hart.resv_addr = UINT64_MAX;
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
}

/* The handlers under test, by operation. */
static const PvmExecFn handlers[PVM_OP_COUNT] = {
#define HANDLER(NAME, name) [PVM_OP_##NAME] = pvm_exec_##name,
  PVM_OPS_I (HANDLER) PVM_OPS_M (HANDLER) PVM_OPS_A (HANDLER) PVM_OPS_B (HANDLER)
#undef HANDLER
};

static PvmInsn
insn_make (PvmOp op, unsigned rd, unsigned rs1, unsigned rs2, int32_t imm)
{
  return (PvmInsn) {
    .op = op, .rd = rd ? rd : 32, .rs1 = rs1, .rs2 = rs2, .imm = imm, .len = 4,
  };
}

static int
exec (Fixture *f, const PvmInsn *insn)
{
  g_assert_nonnull (handlers[insn->op]);
  return handlers[insn->op](&f->hart, insn);
}

/* Runs @op with x11 = @a and x12 = @b into x10, and returns x10. */
static uint64_t
rr (Fixture *f, PvmOp op, uint64_t a, uint64_t b)
{
  PvmInsn insn = insn_make (op, 10, 11, 12, 0);

  f->hart.x[11] = a;
  f->hart.x[12] = b;
  g_assert_cmpint (exec (f, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC);
  return f->hart.x[10];
}

/* Runs @op with x11 = @a and the immediate @imm into x10, and returns x10. */
static uint64_t
ri (Fixture *f, PvmOp op, uint64_t a, int32_t imm)
{
  PvmInsn insn = insn_make (op, 10, 11, 0, imm);

  f->hart.x[11] = a;
  g_assert_cmpint (exec (f, &insn), ==, PVM_EXEC_NEXT);
  return f->hart.x[10];
}

#define ADD_TEST(path, fn) \
  g_test_add ("/hv/cpu/exec-int/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

static void
test_x0_writes_go_to_the_sink (Fixture *f, gconstpointer data)
{
  PvmInsn add = insn_make (PVM_OP_ADD, 0, 11, 12, 0);
  PvmInsn read0 = insn_make (PVM_OP_ADDI, 10, 0, 0, 5);

  f->hart.x[11] = 40;
  f->hart.x[12] = 2;
  g_assert_cmpint (exec (f, &add), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[0], ==, 0);
  g_assert_cmpuint (f->hart.x[32], ==, 42);
  g_assert_cmpint (exec (f, &read0), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[10], ==, 5);
}

static void
test_lui_and_auipc (Fixture *f, gconstpointer data)
{
  PvmInsn lui = insn_make (PVM_OP_LUI, 10, 0, 0, (int32_t) 0x80000000u);
  PvmInsn auipc = insn_make (PVM_OP_AUIPC, 11, 0, 0, -4096);

  auipc.pc_off = 8;
  g_assert_cmpint (exec (f, &lui), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[10], ==, 0xffffffff80000000ull);
  g_assert_cmpint (exec (f, &auipc), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[11], ==, BLOCK_PC + 8 - 4096);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC);
}

static void
test_jal_links_and_jumps_from_its_own_pc (Fixture *f, gconstpointer data)
{
  PvmInsn jal = insn_make (PVM_OP_JAL, 1, 0, 0, -16);
  PvmInsn cj = insn_make (PVM_OP_JAL, 0, 0, 0, 2046);

  jal.pc_off = 12;
  g_assert_cmpint (exec (f, &jal), ==, PVM_EXEC_JUMP);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC + 12 - 16);
  g_assert_cmpuint (f->hart.x[1], ==, BLOCK_PC + 16);

  f->hart.pc = BLOCK_PC;
  cj.pc_off = 6;
  cj.len = 2;
  g_assert_cmpint (exec (f, &cj), ==, PVM_EXEC_JUMP);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC + 6 + 2046);
  g_assert_cmpuint (f->hart.x[0], ==, 0);
}

static void
test_jalr_clears_bit_0_and_reads_rs1_first (Fixture *f, gconstpointer data)
{
  PvmInsn jalr = insn_make (PVM_OP_JALR, 1, 1, 0, 2);
  PvmInsn cjalr = insn_make (PVM_OP_JALR, 1, 5, 0, 0);

  jalr.pc_off = 4;
  f->hart.x[1] = 0x80002001;
  g_assert_cmpint (exec (f, &jalr), ==, PVM_EXEC_JUMP);
  g_assert_cmpuint (f->hart.pc, ==, 0x80002002);
  g_assert_cmpuint (f->hart.x[1], ==, BLOCK_PC + 8);

  f->hart.pc = BLOCK_PC;
  cjalr.len = 2;
  cjalr.pc_off = 2;
  f->hart.x[5] = 0x80003006;
  g_assert_cmpint (exec (f, &cjalr), ==, PVM_EXEC_JUMP);
  g_assert_cmpuint (f->hart.pc, ==, 0x80003006);
  g_assert_cmpuint (f->hart.x[1], ==, BLOCK_PC + 4);
}

static void
test_branches (Fixture *f, gconstpointer data)
{
  static const struct {
    PvmOp op;
    uint64_t a, b;
    gboolean taken;
  } cases[] = {
    { PVM_OP_BEQ, 5, 5, TRUE },       { PVM_OP_BEQ, 5, 6, FALSE },
    { PVM_OP_BNE, 5, 6, TRUE },       { PVM_OP_BNE, 5, 5, FALSE },
    { PVM_OP_BLT, -1ull, 0, TRUE },   { PVM_OP_BLT, 0, -1ull, FALSE },
    { PVM_OP_BLT, 3, 3, FALSE },      { PVM_OP_BGE, 0, -1ull, TRUE },
    { PVM_OP_BGE, 3, 3, TRUE },       { PVM_OP_BGE, -1ull, 0, FALSE },
    { PVM_OP_BLTU, 0, -1ull, TRUE },  { PVM_OP_BLTU, -1ull, 0, FALSE },
    { PVM_OP_BLTU, 3, 3, FALSE },     { PVM_OP_BGEU, -1ull, 0, TRUE },
    { PVM_OP_BGEU, 3, 3, TRUE },      { PVM_OP_BGEU, 0, -1ull, FALSE },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    PvmInsn br = insn_make (cases[i].op, 0, 11, 12, -4094);
    br.pc_off = 10;
    f->hart.pc = BLOCK_PC;
    f->hart.x[11] = cases[i].a;
    f->hart.x[12] = cases[i].b;
    g_test_message ("case %zu", i);
    if (cases[i].taken) {
      g_assert_cmpint (exec (f, &br), ==, PVM_EXEC_JUMP);
      g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC + 10 - 4094);
    } else {
      g_assert_cmpint (exec (f, &br), ==, PVM_EXEC_NEXT);
      g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC);
    }
  }
}

static void
test_register_alu (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_ADD, -1ull, 2), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_SUB, 1, 2), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_SLT, -1ull, 0), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_SLT, 0, -1ull), ==, 0);
  g_assert_cmpuint (rr (f, PVM_OP_SLTU, 0, -1ull), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_SLTU, -1ull, 0), ==, 0);
  g_assert_cmpuint (rr (f, PVM_OP_XOR, 0xff00, 0x0ff0), ==, 0xf0f0);
  g_assert_cmpuint (rr (f, PVM_OP_OR, 0xff00, 0x0ff0), ==, 0xfff0);
  g_assert_cmpuint (rr (f, PVM_OP_AND, 0xff00, 0x0ff0), ==, 0x0f00);
  g_assert_cmpuint (rr (f, PVM_OP_SLL, 1, 63), ==, 1ull << 63);
  g_assert_cmpuint (rr (f, PVM_OP_SLL, 1, 64 + 4), ==, 16);
  g_assert_cmpuint (rr (f, PVM_OP_SRL, 1ull << 63, 63), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_SRL, 256, 64 + 4), ==, 16);
  g_assert_cmpuint (rr (f, PVM_OP_SRA, 1ull << 63, 63), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_SRA, -256ull, 64 + 4), ==, -16ull);
}

static void
test_immediate_alu (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (ri (f, PVM_OP_ADDI, 0, -2048), ==, -2048ull);
  g_assert_cmpuint (ri (f, PVM_OP_SLTI, -5ull, -4), ==, 1);
  g_assert_cmpuint (ri (f, PVM_OP_SLTI, 5, -4), ==, 0);
  g_assert_cmpuint (ri (f, PVM_OP_SLTIU, 5, -1), ==, 1); /* the immediate is sign-extended first */
  g_assert_cmpuint (ri (f, PVM_OP_SLTIU, -1ull, -1), ==, 0);
  g_assert_cmpuint (ri (f, PVM_OP_XORI, 0x1234, -1), ==, ~0x1234ull);
  g_assert_cmpuint (ri (f, PVM_OP_ORI, 0x1200, 0x34), ==, 0x1234);
  g_assert_cmpuint (ri (f, PVM_OP_ANDI, -1ull, -16), ==, -16ull);
  g_assert_cmpuint (ri (f, PVM_OP_SLLI, 3, 62), ==, 3ull << 62);
  g_assert_cmpuint (ri (f, PVM_OP_SRLI, -1ull, 60), ==, 15);
  g_assert_cmpuint (ri (f, PVM_OP_SRAI, 1ull << 63, 60), ==, -8ull);
}

static void
test_w_forms_sign_extend (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (ri (f, PVM_OP_ADDIW, 0x7fffffff, 1), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (ri (f, PVM_OP_ADDIW, 0xffffffff00000001ull, 0), ==, 1);
  g_assert_cmpuint (ri (f, PVM_OP_SLLIW, 1, 31), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (ri (f, PVM_OP_SRLIW, 0xffffffff80000000ull, 31), ==, 1);
  g_assert_cmpuint (ri (f, PVM_OP_SRLIW, 0x80000000, 0), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (ri (f, PVM_OP_SRAIW, 0x80000000, 4), ==, 0xfffffffff8000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_ADDW, 0x7fffffff, 0x7fffffff), ==, -2ull);
  g_assert_cmpuint (rr (f, PVM_OP_SUBW, 0, 0x80000000), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_SLLW, 1, 32 + 31), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_SRLW, 0xf0000000, 32 + 4), ==, 0x0f000000);
  g_assert_cmpuint (rr (f, PVM_OP_SRLW, 0x80000000, 0), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_SRAW, 0x80000000, 32 + 31), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_MULW, 0x10000, 0x8000), ==, 0xffffffff80000000ull);
}

static void
test_multiply_high (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_MUL, -3ull, 5), ==, -15ull);
  g_assert_cmpuint (rr (f, PVM_OP_MULH, -1ull, -1ull), ==, 0);
  g_assert_cmpuint (rr (f, PVM_OP_MULH, -1ull, 1), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_MULH, 1ull << 62, 4), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_MULH, 1ull << 63, 1ull << 63), ==, 1ull << 62);
  g_assert_cmpuint (rr (f, PVM_OP_MULHU, -1ull, -1ull), ==, -2ull);
  g_assert_cmpuint (rr (f, PVM_OP_MULHSU, -1ull, -1ull), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_MULHSU, 2, -1ull), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_MULHSU, 1ull << 63, 2), ==, -1ull);
}

static void
test_division (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_DIV, -7ull, 2), ==, -3ull);
  g_assert_cmpuint (rr (f, PVM_OP_REM, -7ull, 2), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_DIVU, -7ull, 2), ==, (-7ull) / 2);
  g_assert_cmpuint (rr (f, PVM_OP_REMU, -7ull, 2), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_DIVW, 0xfffffff9, 2), ==, -3ull);
  g_assert_cmpuint (rr (f, PVM_OP_REMW, 0xfffffff9, 2), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_DIVUW, 0xfffffffe, 1), ==, -2ull);
  g_assert_cmpuint (rr (f, PVM_OP_DIVUW, 0x1fffffffe, 0x100000002), ==, 0x7fffffff);
  g_assert_cmpuint (rr (f, PVM_OP_REMUW, 0xffffffff, 0x10), ==, 0xf);
}

static void
test_division_by_zero (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_DIV, 42, 0), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_DIVU, 42, 0), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_REM, -42ull, 0), ==, -42ull);
  g_assert_cmpuint (rr (f, PVM_OP_REMU, 42, 0), ==, 42);
  /* W forms look only at the low 32 bits of the divisor. */
  g_assert_cmpuint (rr (f, PVM_OP_DIVW, 42, 1ull << 32), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_DIVUW, 42, 1ull << 32), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_REMW, 0x180000000ull, 0), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_REMUW, 0x180000000ull, 0), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_REMUW, 0x17fffffffull, 0), ==, 0x7fffffff);
}

static void
test_division_overflow (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_DIV, 1ull << 63, -1ull), ==, 1ull << 63);
  g_assert_cmpuint (rr (f, PVM_OP_REM, 1ull << 63, -1ull), ==, 0);
  g_assert_cmpuint (rr (f, PVM_OP_DIVW, 0x80000000, 0xffffffff), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_REMW, 0x80000000, 0xffffffff), ==, 0);
}

static void
test_zba (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_ADD_UW, 0xffffffff00000001ull, 0x100), ==, 0x101);
  g_assert_cmpuint (rr (f, PVM_OP_SH1ADD, 3, 1), ==, 7);
  g_assert_cmpuint (rr (f, PVM_OP_SH2ADD, 3, 1), ==, 13);
  g_assert_cmpuint (rr (f, PVM_OP_SH3ADD, -1ull, 8), ==, 0);
  g_assert_cmpuint (rr (f, PVM_OP_SH1ADD_UW, 0xffffffff80000000ull, 1), ==, 0x100000001ull);
  g_assert_cmpuint (rr (f, PVM_OP_SH2ADD_UW, 0xffffffff80000000ull, 1), ==, 0x200000001ull);
  g_assert_cmpuint (rr (f, PVM_OP_SH3ADD_UW, 0xffffffff80000000ull, 1), ==, 0x400000001ull);
  g_assert_cmpuint (ri (f, PVM_OP_SLLI_UW, 0xffffffff80000001ull, 4), ==, 0x800000010ull);
  g_assert_cmpuint (ri (f, PVM_OP_SLLI_UW, 0xffffffffffffffffull, 63), ==, 1ull << 63);
}

static void
test_zbb_logic_and_extension (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_ANDN, 0xff, 0x0f), ==, 0xf0);
  g_assert_cmpuint (rr (f, PVM_OP_ORN, 0xf0, -1ull), ==, 0xf0);
  g_assert_cmpuint (rr (f, PVM_OP_ORN, 0, 0), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_XNOR, 0xff, 0x0f), ==, ~0xf0ull);
  g_assert_cmpuint (rr (f, PVM_OP_MAX, -1ull, 1), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_MAXU, -1ull, 1), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_MIN, -1ull, 1), ==, -1ull);
  g_assert_cmpuint (rr (f, PVM_OP_MINU, -1ull, 1), ==, 1);
  g_assert_cmpuint (ri (f, PVM_OP_SEXT_B, 0x1280, 0), ==, -128ull);
  g_assert_cmpuint (ri (f, PVM_OP_SEXT_B, 0xff7f, 0), ==, 0x7f);
  g_assert_cmpuint (ri (f, PVM_OP_SEXT_H, 0x18000, 0), ==, 0xffffffffffff8000ull);
  g_assert_cmpuint (ri (f, PVM_OP_ZEXT_H, -1ull, 0), ==, 0xffff);
  g_assert_cmpuint (ri (f, PVM_OP_ORC_B, 0x0001008000ff0010ull, 0), ==, 0x00ff00ff00ff00ffull);
  g_assert_cmpuint (ri (f, PVM_OP_ORC_B, 0, 0), ==, 0);
  g_assert_cmpuint (ri (f, PVM_OP_REV8, 0x0102030405060708ull, 0), ==, 0x0807060504030201ull);
}

static void
test_zbb_counts (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (ri (f, PVM_OP_CLZ, 0, 0), ==, 64);
  g_assert_cmpuint (ri (f, PVM_OP_CLZ, 1, 0), ==, 63);
  g_assert_cmpuint (ri (f, PVM_OP_CLZ, -1ull, 0), ==, 0);
  g_assert_cmpuint (ri (f, PVM_OP_CLZW, 0xffffffff00000000ull, 0), ==, 32);
  g_assert_cmpuint (ri (f, PVM_OP_CLZW, 0x00010000, 0), ==, 15);
  g_assert_cmpuint (ri (f, PVM_OP_CTZ, 0, 0), ==, 64);
  g_assert_cmpuint (ri (f, PVM_OP_CTZ, 1ull << 63, 0), ==, 63);
  g_assert_cmpuint (ri (f, PVM_OP_CTZW, 0xffffffff00000000ull, 0), ==, 32);
  g_assert_cmpuint (ri (f, PVM_OP_CTZW, 0x00010000, 0), ==, 16);
  g_assert_cmpuint (ri (f, PVM_OP_CPOP, -1ull, 0), ==, 64);
  g_assert_cmpuint (ri (f, PVM_OP_CPOPW, -1ull, 0), ==, 32);
  g_assert_cmpuint (ri (f, PVM_OP_CPOPW, 0xf0000000f0ull, 0), ==, 4);
}

static void
test_zbb_rotates (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_ROL, 0x8000000000000001ull, 1), ==, 3);
  g_assert_cmpuint (rr (f, PVM_OP_ROL, 0x1234, 64), ==, 0x1234);
  g_assert_cmpuint (rr (f, PVM_OP_ROR, 3, 1), ==, 0x8000000000000001ull);
  g_assert_cmpuint (rr (f, PVM_OP_ROR, 0x1234, 0), ==, 0x1234);
  g_assert_cmpuint (ri (f, PVM_OP_RORI, 0xf, 4), ==, 0xf000000000000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_ROLW, 0xffffffff80000001ull, 1), ==, 3);
  g_assert_cmpuint (rr (f, PVM_OP_ROLW, 0x40000000, 33), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_RORW, 1, 1), ==, 0xffffffff80000000ull);
  g_assert_cmpuint (rr (f, PVM_OP_RORW, 0x100000002ull, 0), ==, 2);
  g_assert_cmpuint (ri (f, PVM_OP_RORIW, 0xf, 4), ==, 0xfffffffff0000000ull);
  g_assert_cmpuint (ri (f, PVM_OP_RORIW, 0x12345678, 0), ==, 0x12345678);
}

static void
test_zbs (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (rr (f, PVM_OP_BCLR, -1ull, 63 + 64), ==, ~(1ull << 63));
  g_assert_cmpuint (ri (f, PVM_OP_BCLRI, 0xff, 0), ==, 0xfe);
  g_assert_cmpuint (rr (f, PVM_OP_BEXT, 1ull << 40, 40), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_BEXT, 1ull << 40, 41), ==, 0);
  g_assert_cmpuint (ri (f, PVM_OP_BEXTI, 1ull << 63, 63), ==, 1);
  g_assert_cmpuint (rr (f, PVM_OP_BINV, 0, 64 + 3), ==, 8);
  g_assert_cmpuint (ri (f, PVM_OP_BINVI, 8, 3), ==, 0);
  g_assert_cmpuint (rr (f, PVM_OP_BSET, 0, 63), ==, 1ull << 63);
  g_assert_cmpuint (ri (f, PVM_OP_BSETI, 1, 1), ==, 3);
}

static void
test_illegal_raises_with_the_instruction_bits (Fixture *f, gconstpointer data)
{
  PvmInsn ill = insn_make (PVM_OP_ILLEGAL, 0, 0, 0, 0);
  PvmInsn cill = insn_make (PVM_OP_ILLEGAL, 0, 0, 0, 0);

  ill.raw = 0xffffffff;
  g_assert_cmpint (exec (f, &ill), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (f->hart.trap_cause, ==, PVM_EXC_ILLEGAL_INSN);
  g_assert_cmpuint (f->hart.trap_tval, ==, 0xffffffff);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC);

  cill.len = 2;
  cill.raw = 0x8002;
  g_assert_cmpint (exec (f, &cill), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (f->hart.trap_tval, ==, 0x8002);
}

static void
test_fence_falls_through (Fixture *f, gconstpointer data)
{
  PvmInsn fence = insn_make (PVM_OP_FENCE, 0, 0, 0, 0);

  g_assert_cmpint (exec (f, &fence), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC);
  g_assert_cmpuint (f->flushes, ==, 0);
}

static void
test_fence_i_flushes_and_ends_the_block (Fixture *f, gconstpointer data)
{
  PvmInsn fence_i = insn_make (PVM_OP_FENCE_I, 0, 0, 0, 0);

  fence_i.pc_off = 20;
  g_assert_cmpint (exec (f, &fence_i), ==, PVM_EXEC_JUMP);
  g_assert_cmpuint (f->flushes, ==, 1);
  g_assert_cmpuint (f->hart.pc, ==, BLOCK_PC + 24);
}

static void
test_loads_extend (Fixture *f, gconstpointer data)
{
  static const struct {
    PvmOp op;
    uint64_t value;
  } cases[] = {
    { PVM_OP_LB, 0xfffffffffffffff8ull },  { PVM_OP_LBU, 0xf8 },
    { PVM_OP_LH, 0xfffffffffffff7f8ull },  { PVM_OP_LHU, 0xf7f8 },
    { PVM_OP_LW, 0xfffffffff5f6f7f8ull },  { PVM_OP_LWU, 0xf5f6f7f8 },
    { PVM_OP_LD, 0xf1f2f3f4f5f6f7f8ull },
  };
  const uint8_t bytes[8] = { 0xf8, 0xf7, 0xf6, 0xf5, 0xf4, 0xf3, 0xf2, 0xf1 };

  memcpy (f->ram + 0x100, bytes, sizeof bytes);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    PvmInsn load = insn_make (cases[i].op, 10, 11, 0, -0x100);
    f->hart.x[11] = RAM_BASE + 0x200;
    g_assert_cmpint (exec (f, &load), ==, PVM_EXEC_NEXT);
    g_assert_cmpuint (f->hart.x[10], ==, cases[i].value);
  }
}

static void
test_stores_write_their_width (Fixture *f, gconstpointer data)
{
  static const struct {
    PvmOp op;
    unsigned size;
  } cases[] = {
    { PVM_OP_SB, 1 }, { PVM_OP_SH, 2 }, { PVM_OP_SW, 4 }, { PVM_OP_SD, 8 },
  };
  const uint8_t expected[9] = { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0xaa };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    PvmInsn store = insn_make (cases[i].op, 0, 11, 12, 16);
    memset (f->ram, 0xaa, 32);
    f->hart.x[11] = RAM_BASE;
    f->hart.x[12] = 0x0102030405060708ull;
    g_assert_cmpint (exec (f, &store), ==, PVM_EXEC_NEXT);
    g_assert_cmpmem (f->ram + 16, cases[i].size, expected, cases[i].size);
    g_assert_cmpuint (f->ram[16 + cases[i].size], ==, 0xaa);
  }
}

static void
test_faulting_load_leaves_rd_alone (Fixture *f, gconstpointer data)
{
  PvmInsn load = insn_make (PVM_OP_LD, 10, 11, 0, 8);

  f->hart.x[10] = 0x5555;
  f->hart.x[11] = 0x1000;
  g_assert_cmpint (exec (f, &load), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (f->hart.trap_cause, ==, PVM_EXC_LOAD_ACCESS);
  g_assert_cmpuint (f->hart.trap_tval, ==, 0x1008);
  g_assert_cmpuint (f->hart.x[10], ==, 0x5555);
}

static void
test_lr_sc_succeeds (Fixture *f, gconstpointer data)
{
  PvmInsn lr = insn_make (PVM_OP_LR_W, 10, 11, 0, 0);
  PvmInsn sc = insn_make (PVM_OP_SC_W, 13, 11, 12, 0);
  uint32_t v = 0x80000001;
  uint32_t out;

  memcpy (f->ram + 8, &v, 4);
  f->hart.x[11] = RAM_BASE + 8;
  f->hart.x[12] = 0x12345678;
  g_assert_cmpint (exec (f, &lr), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[10], ==, 0xffffffff80000001ull);
  g_assert_cmpint (exec (f, &sc), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[13], ==, 0);
  memcpy (&out, f->ram + 8, 4);
  g_assert_cmphex (out, ==, 0x12345678);
  g_assert_cmpuint (f->hart.resv_addr, ==, UINT64_MAX);

  /* The reservation is gone: a second SC fails and stores nothing. */
  f->hart.x[12] = 0xdead;
  g_assert_cmpint (exec (f, &sc), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[13], ==, 1);
  memcpy (&out, f->ram + 8, 4);
  g_assert_cmphex (out, ==, 0x12345678);
}

static void
test_sc_fails_without_a_matching_reservation (Fixture *f, gconstpointer data)
{
  PvmInsn lr = insn_make (PVM_OP_LR_D, 10, 11, 0, 0);
  PvmInsn sc = insn_make (PVM_OP_SC_D, 13, 11, 12, 0);
  uint64_t v = 7, out;

  memcpy (f->ram + 16, &v, 8);
  f->hart.x[12] = 99;

  /* No LR at all. */
  f->hart.x[11] = RAM_BASE + 16;
  g_assert_cmpint (exec (f, &sc), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[13], ==, 1);

  /* LR of another address. */
  f->hart.x[11] = RAM_BASE + 24;
  g_assert_cmpint (exec (f, &lr), ==, PVM_EXEC_NEXT);
  f->hart.x[11] = RAM_BASE + 16;
  g_assert_cmpint (exec (f, &sc), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[13], ==, 1);

  /* LR, then another agent changes the value. */
  g_assert_cmpint (exec (f, &lr), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[10], ==, 7);
  v = 8;
  memcpy (f->ram + 16, &v, 8);
  g_assert_cmpint (exec (f, &sc), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[13], ==, 1);
  memcpy (&out, f->ram + 16, 8);
  g_assert_cmpuint (out, ==, 8);
}

static void
test_misaligned_atomics_trap (Fixture *f, gconstpointer data)
{
  PvmInsn lr = insn_make (PVM_OP_LR_W, 10, 11, 0, 0);
  PvmInsn amo = insn_make (PVM_OP_AMOADD_D, 10, 11, 12, 0);

  f->hart.x[10] = 0x5555;
  f->hart.x[11] = RAM_BASE + 2;
  g_assert_cmpint (exec (f, &lr), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (f->hart.trap_cause, ==, PVM_EXC_LOAD_MISALIGNED);
  g_assert_cmpuint (f->hart.resv_addr, ==, UINT64_MAX);
  f->hart.x[11] = RAM_BASE + 4;
  g_assert_cmpint (exec (f, &amo), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (f->hart.trap_cause, ==, PVM_EXC_STORE_MISALIGNED);
  g_assert_cmpuint (f->hart.x[10], ==, 0x5555);
}

/* Runs an AMO on a memory word holding @old with x12 = @operand into x10; returns the new
 * memory value and checks that x10 got the old value (sign-extended for .W). */
static uint64_t
amo (Fixture *f, PvmOp op, unsigned size, uint64_t old, uint64_t operand)
{
  PvmInsn insn = insn_make (op, 10, 11, 12, 0);
  uint64_t now = 0;

  memcpy (f->ram + 64, &old, size);
  f->hart.x[11] = RAM_BASE + 64;
  f->hart.x[12] = operand;
  g_assert_cmpint (exec (f, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[10], ==, size == 4 ? (uint64_t) (int64_t) (int32_t) old : old);
  memcpy (&now, f->ram + 64, size);
  return now;
}

static void
test_amo_w (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (amo (f, PVM_OP_AMOSWAP_W, 4, 0x80000000, 0x1ffffffffull), ==, 0xffffffff);
  g_assert_cmphex (amo (f, PVM_OP_AMOADD_W, 4, 0xffffffff, 2), ==, 1);
  g_assert_cmphex (amo (f, PVM_OP_AMOXOR_W, 4, 0xf0f0f0f0, 0xffffffff), ==, 0x0f0f0f0f);
  g_assert_cmphex (amo (f, PVM_OP_AMOAND_W, 4, 0xf0f0f0f0, 0xff00ff00), ==, 0xf000f000);
  g_assert_cmphex (amo (f, PVM_OP_AMOOR_W, 4, 0xf0f0f0f0, 0x0f000000), ==, 0xfff0f0f0);
  g_assert_cmphex (amo (f, PVM_OP_AMOMIN_W, 4, 1, 0xffffffff), ==, 0xffffffff);
  g_assert_cmphex (amo (f, PVM_OP_AMOMIN_W, 4, 0x80000000, 1), ==, 0x80000000);
  g_assert_cmphex (amo (f, PVM_OP_AMOMAX_W, 4, 1, 0xffffffff), ==, 1);
  g_assert_cmphex (amo (f, PVM_OP_AMOMAX_W, 4, 0x80000000, 0x7fffffff), ==, 0x7fffffff);
  g_assert_cmphex (amo (f, PVM_OP_AMOMINU_W, 4, 1, 0xffffffff), ==, 1);
  g_assert_cmphex (amo (f, PVM_OP_AMOMAXU_W, 4, 1, 0xffffffff), ==, 0xffffffff);
  /* Only the low 32 bits of rs2 take part. */
  g_assert_cmphex (amo (f, PVM_OP_AMOMINU_W, 4, 5, 0xffffffff00000003ull), ==, 3);
}

static void
test_amo_d (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (amo (f, PVM_OP_AMOSWAP_D, 8, 1, -1ull), ==, -1ull);
  g_assert_cmphex (amo (f, PVM_OP_AMOADD_D, 8, 0xffffffff, 1), ==, 0x100000000ull);
  g_assert_cmphex (amo (f, PVM_OP_AMOXOR_D, 8, -1ull, 1), ==, -2ull);
  g_assert_cmphex (amo (f, PVM_OP_AMOAND_D, 8, -1ull, 0xff), ==, 0xff);
  g_assert_cmphex (amo (f, PVM_OP_AMOOR_D, 8, 1ull << 63, 1), ==, (1ull << 63) | 1);
  g_assert_cmphex (amo (f, PVM_OP_AMOMIN_D, 8, 1, -1ull), ==, -1ull);
  g_assert_cmphex (amo (f, PVM_OP_AMOMAX_D, 8, 1, -1ull), ==, 1);
  g_assert_cmphex (amo (f, PVM_OP_AMOMINU_D, 8, 1, -1ull), ==, 1);
  g_assert_cmphex (amo (f, PVM_OP_AMOMAXU_D, 8, 1, -1ull), ==, -1ull);
}

static void
test_amo_reads_rs2_before_writing_rd (Fixture *f, gconstpointer data)
{
  PvmInsn insn = insn_make (PVM_OP_AMOADD_D, 10, 11, 10, 0);
  uint64_t v = 100, now;

  memcpy (f->ram, &v, 8);
  f->hart.x[10] = 5;
  f->hart.x[11] = RAM_BASE;
  g_assert_cmpint (exec (f, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (f->hart.x[10], ==, 100);
  memcpy (&now, f->ram, 8);
  g_assert_cmpuint (now, ==, 105);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("writes-to-x0-go-to-the-sink-and-x0-reads-zero", test_x0_writes_go_to_the_sink);
  ADD_TEST ("lui-sign-extends-and-auipc-adds-its-own-pc", test_lui_and_auipc);
  ADD_TEST ("jal-links-the-next-pc-and-jumps-from-its-own-pc",
            test_jal_links_and_jumps_from_its_own_pc);
  ADD_TEST ("jalr-clears-bit-0-and-reads-rs1-before-linking",
            test_jalr_clears_bit_0_and_reads_rs1_first);
  ADD_TEST ("branches-jump-when-taken-and-fall-through-otherwise", test_branches);
  ADD_TEST ("register-alu-operations-compute-their-results", test_register_alu);
  ADD_TEST ("immediate-alu-operations-use-the-sign-extended-immediate", test_immediate_alu);
  ADD_TEST ("w-forms-sign-extend-their-32-bit-result", test_w_forms_sign_extend);
  ADD_TEST ("mulh-variants-return-the-high-64-bits", test_multiply_high);
  ADD_TEST ("division-rounds-toward-zero", test_division);
  ADD_TEST ("division-by-zero-gives-all-ones-and-the-dividend", test_division_by_zero);
  ADD_TEST ("signed-division-overflow-gives-the-dividend-and-zero", test_division_overflow);
  ADD_TEST ("zba-adds-shifted-and-zero-extended-operands", test_zba);
  ADD_TEST ("zbb-logic-min-max-and-extensions", test_zbb_logic_and_extension);
  ADD_TEST ("zbb-counts-treat-zero-as-full-width", test_zbb_counts);
  ADD_TEST ("zbb-rotates-use-the-low-bits-of-the-amount", test_zbb_rotates);
  ADD_TEST ("zbs-single-bit-operations-use-the-low-6-bits", test_zbs);
  ADD_TEST ("illegal-raises-with-the-instruction-bits-as-tval",
            test_illegal_raises_with_the_instruction_bits);
  ADD_TEST ("fence-falls-through", test_fence_falls_through);
  ADD_TEST ("fence-i-flushes-the-block-cache-and-ends-the-block",
            test_fence_i_flushes_and_ends_the_block);
  ADD_TEST ("loads-sign-or-zero-extend", test_loads_extend);
  ADD_TEST ("stores-write-only-their-width", test_stores_write_their_width);
  ADD_TEST ("a-faulting-load-traps-and-leaves-rd-alone", test_faulting_load_leaves_rd_alone);
  ADD_TEST ("lr-then-sc-stores-and-clears-the-reservation", test_lr_sc_succeeds);
  ADD_TEST ("sc-fails-without-a-matching-reservation",
            test_sc_fails_without_a_matching_reservation);
  ADD_TEST ("misaligned-atomics-trap-and-leave-rd-alone", test_misaligned_atomics_trap);
  ADD_TEST ("amo-w-forms-return-the-sign-extended-old-value", test_amo_w);
  ADD_TEST ("amo-d-forms-return-the-old-value", test_amo_d);
  ADD_TEST ("amo-reads-rs2-before-writing-rd", test_amo_reads_rs2_before_writing_rd);
  return g_test_run ();
}

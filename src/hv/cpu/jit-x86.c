/* jit-x86.c: blocks translated to x86-64 code (see jit.h).
 *
 * The code of a block is a function PvmJitExit (PvmHart *hart) that keeps the hart in rbx and
 * the guest registers in hart->x: each instruction loads its operands into rax and rcx, works
 * on them and stores its result, so no guest state lives in a host register from one guest
 * instruction to the next and any handler may be called at any point. A handler's nonzero
 * result and every jump leave through the same exit: rax = the instruction, rdx = the result.
 *
 * The exits by a taken branch, JAL or JALR and at the end of the block each have a link slot in
 * front of the block's code, which the run loop fills with the block that ran next (for JALR,
 * the last target only). From then on the exit checks what the run loop would check between
 * the two blocks (the pc and chain_gen the link was made for, no request posted, no clock read
 * due), does its bookkeeping (instret, the timer countdown, hart->block_insns) and jumps
 * straight into the next block's code, so a hot loop or call chain runs without coming back
 * to C.
 */
#include "hv/cpu/jit.h"

#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "hv/cpu/block.h"
#include "hv/cpu/jit-x86-emit.h"

#if defined(__x86_64__)

#define JIT_ARENA_SIZE (96u << 20)
/* Bound on the translation of one instruction (a taken branch with its link is ~190 bytes). */
#define JIT_MAX_INSN_BYTES 256u
#define JIT_MAX_BLOCK_BYTES                                                                       \
  ((PVM_BLOCK_MAX_INSNS + 1) * (JIT_MAX_INSN_BYTES + sizeof (JitLink)) + 128)
/* A block entered from another block's code skips its prologue (push rbx; mov rbx, rdi). */
#define JIT_PROLOGUE_BYTES 4

struct PvmJit {
  uint8_t *arena;
  size_t size, used;
};

/* The link of one exit of a block to the block that ran after it: followed, without going back
 * to the run loop, while the hart is at @pc and its chain_gen is still @gen (see
 * pvm_block_linked(), whose rules these are). */
typedef struct {
  const uint8_t *code; /* the next block's code past its prologue */
  uint64_t gen, pc;
  const PvmInsn *insns; /* the next block's instructions */
} JitLink;

#define X_OFF(r) ((int32_t) (offsetof (PvmHart, x) + 8 * (r)))
#define PC_OFF ((int32_t) offsetof (PvmHart, pc))
#define DATA_PRIV_OFF ((int32_t) offsetof (PvmHart, data_priv))
#define TLB_LOAD_OFF ((int32_t) offsetof (PvmHart, tlb.load))
#define TLB_STORE_OFF ((int32_t) offsetof (PvmHart, tlb.store))
#define HART_OFF(field) ((int32_t) offsetof (PvmHart, field))
#define LINK_OFF(field) ((int32_t) offsetof (JitLink, field))

typedef struct {
  X86Emit x;
  const PvmBlock *b;
  JitLink *links; /* the block's link slots, one per jump, taken branch and the end */
  unsigned n_links;
} Emit;

/* @reg = x[@x]. */
static void
get_x (Emit *e, unsigned reg, unsigned x)
{
  if (x == 0) { /* xor reg32, reg32 */
    rex (&e->x, false, reg, reg);
    e8 (&e->x, 0x31);
    modrm_reg (&e->x, reg, reg);
  } else {
    load64 (&e->x, reg, RBX, X_OFF (x));
  }
}

/* x[@x] = @reg; the write sink (x0 as a destination) is not written at all. */
static void
set_x (Emit *e, unsigned reg, unsigned x)
{
  if (x != 32)
    store64 (&e->x, reg, RBX, X_OFF (x));
}

/* Leaves the block: returns { @insn, @r } (r from eax if @r < 0). */
static void
leave (Emit *e, const PvmInsn *insn, int r)
{
  if (r < 0) {
    mov_rr (&e->x, RDX, RAX, false);
  } else {
    mov_const (&e->x, RDX, (uint64_t) r);
  }
  mov_const (&e->x, RAX, (uint64_t) (uintptr_t) insn);
  e8 (&e->x, 0x5b); /* pop rbx */
  e8 (&e->x, 0xc3); /* ret */
}

/* Leaves the block after @insn, to the pc just stored, with @r: straight into the next block's
 * code if this exit's link is valid and the run loop has nothing to do in between (no request
 * posted, no clock read due), else back to the run loop with hart->jit_link set to the link so
 * that the run loop fills it. @retired instructions of this block have retired. */
static void
leave_linked (Emit *e, const PvmInsn *insn, unsigned retired, int r)
{
  JitLink *link = &e->links[e->n_links++];
  uint8_t *out[5];

  link->code = NULL;
  link->gen = UINT64_MAX;
  link->pc = 1; /* no pc is odd */
  link->insns = NULL;
  mov_const (&e->x, RCX, (uint64_t) (uintptr_t) link);
  load64 (&e->x, RAX, RBX, PC_OFF);
  rex (&e->x, true, RAX, RCX); /* cmp rax, [rcx + pc] */
  e8 (&e->x, 0x3b);
  modrm_mem (&e->x, RAX, RCX, LINK_OFF (pc));
  out[0] = jump_fwd (&e->x, CC_NE);
  load64 (&e->x, RAX, RBX, HART_OFF (chain_gen));
  rex (&e->x, true, RAX, RCX); /* cmp rax, [rcx + gen] */
  e8 (&e->x, 0x3b);
  modrm_mem (&e->x, RAX, RCX, LINK_OFF (gen));
  out[1] = jump_fwd (&e->x, CC_NE);
  e8 (&e->x, 0x8b); /* mov eax, [rbx + requests] */
  modrm_mem (&e->x, RAX, RBX, HART_OFF (requests));
  e8 (&e->x, 0x85); /* test eax, eax */
  modrm_reg (&e->x, RAX, RAX);
  out[2] = jump_fwd (&e->x, CC_NE);
  alu_mem_i8 (&e->x, ALU_CMP, RBX, HART_OFF (timer_check), 1);
  out[3] = jump_fwd (&e->x, CC_BE);
  alu_mem_i8 (&e->x, ALU_SUB, RBX, HART_OFF (timer_check), 1);
  alu_mem_i8 (&e->x, ALU_ADD, RBX, HART_OFF (instret), (int8_t) retired);
  load64 (&e->x, RAX, RCX, LINK_OFF (insns));
  store64 (&e->x, RAX, RBX, HART_OFF (block_insns));
  e8 (&e->x, 0xff); /* jmp [rcx + code] */
  modrm_mem (&e->x, 4, RCX, LINK_OFF (code));
  out[4] = NULL;
  for (unsigned i = 0; out[i]; i++)
    jump_here (&e->x, out[i]);
  store64 (&e->x, RCX, RBX, HART_OFF (jit_link));
  leave (e, insn, r);
}

/* Calls @insn's handler; leaves the block with its result unless that is PVM_EXEC_NEXT. */
static void
call_handler (Emit *e, const PvmInsn *insn)
{
  mov_rr (&e->x, RDI, RBX, true);
  mov_const (&e->x, RSI, (uint64_t) (uintptr_t) insn);
  mov_const (&e->x, RAX, (uint64_t) (uintptr_t) insn->fn);
  e8 (&e->x, 0xff); /* call rax */
  e8 (&e->x, 0xd0);
  e8 (&e->x, 0x85); /* test eax, eax */
  modrm_reg (&e->x, RAX, RAX);
  uint8_t *next = jump_fwd (&e->x, CC_E);
  leave (e, insn, -1);
  jump_here (&e->x, next);
}

/* pc = the address of @insn + @off; then leaves the block as a jump. */
static void
jump_to (Emit *e, const PvmInsn *insn, int64_t off)
{
  load64 (&e->x, RAX, RBX, PC_OFF);
  add_const (&e->x, RAX, insn->pc_off + off, RCX);
  store64 (&e->x, RAX, RBX, PC_OFF);
  leave_linked (e, insn, (unsigned) (insn - e->b->insns) + 1, PVM_EXEC_JUMP);
}

/* rsi = the load or store address; rax = the TLB entry for it in the table at @table_off if
 * its tag matches an access of @size bytes, else the returned jump is taken. */
static uint8_t *
tlb_lookup (Emit *e, const PvmInsn *insn, int32_t table_off, unsigned size)
{
  get_x (e, RSI, insn->rs1);
  add_const (&e->x, RSI, insn->imm, RCX);
  /* rax = &hart->tlb.<kind>[(data_priv + 1) >> 1][(va >> 12) & 255] - table_off */
  rex (&e->x, false, RAX, RBX); /* mov eax, [rbx + data_priv] */
  e8 (&e->x, 0x8b);
  modrm_mem (&e->x, RAX, RBX, DATA_PRIV_OFF);
  alu_ri (&e->x, ALU_ADD, RAX, 1, false);
  shift (&e->x, SHIFT_SHR, RAX, 1, false);
  shift (&e->x, SHIFT_SHL, RAX, PVM_TLB_BITS + 4, true);
  mov_rr (&e->x, RDX, RSI, true);
  shift (&e->x, SHIFT_SHR, RDX, 12, true);
  e8 (&e->x, 0x0f); /* movzx edx, dl */
  e8 (&e->x, 0xb6);
  modrm_reg (&e->x, RDX, RDX);
  shift (&e->x, SHIFT_SHL, RDX, 4, false);
  alu_rr (&e->x, ALU_ADD, RAX, RDX, true);
  alu_rr (&e->x, ALU_ADD, RAX, RBX, true);
  mov_rr (&e->x, RDX, RSI, true);
  alu_ri (&e->x, ALU_AND, RDX, (int32_t) ~(0xfffu & ~(size - 1)), true);
  rex (&e->x, true, RDX, RAX); /* cmp rdx, [rax + table_off] (the tag) */
  e8 (&e->x, 0x3b);
  modrm_mem (&e->x, RDX, RAX, table_off);
  uint8_t *miss = jump_fwd (&e->x, CC_NE);
  load64 (&e->x, RAX, RAX, table_off + (int32_t) offsetof (PvmTlbEntry, addend));
  alu_rr (&e->x, ALU_ADD, RAX, RSI, true);
  return miss;
}

/* The rest of a load or store after its fast path: the handler on a TLB miss. */
static void
slow_path (Emit *e, const PvmInsn *insn, uint8_t *miss)
{
  uint8_t *done = jump_fwd (&e->x, -1);
  jump_here (&e->x, miss);
  call_handler (e, insn);
  jump_here (&e->x, done);
}

static void
emit_load (Emit *e, const PvmInsn *insn, unsigned size, bool is_signed)
{
  uint8_t *miss = tlb_lookup (e, insn, TLB_LOAD_OFF, size);
  /* rcx = the value at [rax], extended */
  switch (size) {
  case 1:
    rex (&e->x, is_signed, RCX, RAX);
    e8 (&e->x, 0x0f);
    e8 (&e->x, is_signed ? 0xbe : 0xb6);
    break;
  case 2:
    rex (&e->x, is_signed, RCX, RAX);
    e8 (&e->x, 0x0f);
    e8 (&e->x, is_signed ? 0xbf : 0xb7);
    break;
  case 4:
    rex (&e->x, is_signed, RCX, RAX);
    e8 (&e->x, is_signed ? 0x63 : 0x8b);
    break;
  default:
    rex (&e->x, true, RCX, RAX);
    e8 (&e->x, 0x8b);
    break;
  }
  modrm_mem (&e->x, RCX, RAX, 0);
  set_x (e, RCX, insn->rd);
  slow_path (e, insn, miss);
}

static void
emit_store (Emit *e, const PvmInsn *insn, unsigned size)
{
  uint8_t *miss = tlb_lookup (e, insn, TLB_STORE_OFF, size);
  get_x (e, RCX, insn->rs2);
  if (size == 2)
    e8 (&e->x, 0x66);
  rex (&e->x, size == 8, RCX, RAX);
  e8 (&e->x, size == 1 ? 0x88 : 0x89);
  modrm_mem (&e->x, RCX, RAX, 0);
  slow_path (e, insn, miss);
}

/* rd = rs1 @op rs2, or rs1 @op imm if @imm. */
static void
emit_alu (Emit *e, const PvmInsn *insn, unsigned op, bool imm, bool w)
{
  get_x (e, RAX, insn->rs1);
  if (imm) {
    if (op != ALU_ADD || insn->imm != 0)
      alu_ri (&e->x, op, RAX, insn->imm, w);
  } else {
    get_x (e, RCX, insn->rs2);
    alu_rr (&e->x, op, RAX, RCX, w);
  }
  if (!w)
    sext32 (&e->x, RAX);
  set_x (e, RAX, insn->rd);
}

static void
emit_shift (Emit *e, const PvmInsn *insn, unsigned kind, bool imm, bool w)
{
  get_x (e, RAX, insn->rs1);
  if (imm) {
    shift (&e->x, kind, RAX, insn->imm & (w ? 63 : 31), w);
  } else {
    get_x (e, RCX, insn->rs2);
    shift (&e->x, kind, RAX, -1, w); /* x86 masks cl to 63 or 31, as RISC-V does */
  }
  if (!w)
    sext32 (&e->x, RAX);
  set_x (e, RAX, insn->rd);
}

static void
emit_set_less (Emit *e, const PvmInsn *insn, unsigned cc, bool imm)
{
  get_x (e, RAX, insn->rs1);
  if (imm) {
    alu_ri (&e->x, ALU_CMP, RAX, insn->imm, true);
  } else {
    get_x (e, RCX, insn->rs2);
    alu_rr (&e->x, ALU_CMP, RAX, RCX, true);
  }
  set_cc (&e->x, cc);
  set_x (e, RAX, insn->rd);
}

/* A conditional branch: taken when rs1 @cc rs2 holds. */
static void
emit_branch (Emit *e, const PvmInsn *insn, unsigned cc)
{
  get_x (e, RAX, insn->rs1);
  get_x (e, RCX, insn->rs2);
  alu_rr (&e->x, ALU_CMP, RAX, RCX, true);
  uint8_t *not_taken = jump_fwd (&e->x, (int) (cc ^ 1)); /* cc ^ 1 is the opposite condition */
  jump_to (e, insn, insn->imm);
  jump_here (&e->x, not_taken);
}

static void
emit_mul (Emit *e, const PvmInsn *insn, bool w)
{
  get_x (e, RAX, insn->rs1);
  get_x (e, RCX, insn->rs2);
  rex (&e->x, w, RAX, RCX); /* imul rax, rcx */
  e8 (&e->x, 0x0f);
  e8 (&e->x, 0xaf);
  modrm_reg (&e->x, RAX, RCX);
  if (!w)
    sext32 (&e->x, RAX);
  set_x (e, RAX, insn->rd);
}

/* How each inlined operation is emitted: its kind and the x86 operation, condition or access
 * size it takes; an op not in the table calls its handler. The kinds from JIT_ALU on only
 * compute rd. */
typedef enum {
  JIT_CALL, JIT_BRANCH, JIT_LOAD, JIT_LOAD_SIGNED, JIT_STORE, JIT_JAL, JIT_JALR,
  JIT_ALU, JIT_ALU_IMM, JIT_SHIFT, JIT_SHIFT_IMM, JIT_SET_LESS, JIT_SET_LESS_IMM, JIT_MUL,
  JIT_LUI, JIT_AUIPC,
} JitKind;

typedef struct {
  uint8_t kind; /* JitKind */
  uint8_t arg;  /* ALU_*, SHIFT_*, CC_* or the access size in bytes */
  bool w32;     /* an RV64 .W operation: 32 bits, result sign-extended */
} JitOp;

static const JitOp jit_ops[PVM_OP_COUNT] = {
  [PVM_OP_LUI] = { JIT_LUI, 0, false },
  [PVM_OP_AUIPC] = { JIT_AUIPC, 0, false },
  [PVM_OP_JAL] = { JIT_JAL, 0, false },
  [PVM_OP_JALR] = { JIT_JALR, 0, false },
  [PVM_OP_BEQ] = { JIT_BRANCH, CC_E, false },
  [PVM_OP_BNE] = { JIT_BRANCH, CC_NE, false },
  [PVM_OP_BLT] = { JIT_BRANCH, CC_L, false },
  [PVM_OP_BGE] = { JIT_BRANCH, CC_GE, false },
  [PVM_OP_BLTU] = { JIT_BRANCH, CC_B, false },
  [PVM_OP_BGEU] = { JIT_BRANCH, CC_AE, false },
  [PVM_OP_LB] = { JIT_LOAD_SIGNED, 1, false },
  [PVM_OP_LH] = { JIT_LOAD_SIGNED, 2, false },
  [PVM_OP_LW] = { JIT_LOAD_SIGNED, 4, false },
  [PVM_OP_LD] = { JIT_LOAD, 8, false },
  [PVM_OP_LBU] = { JIT_LOAD, 1, false },
  [PVM_OP_LHU] = { JIT_LOAD, 2, false },
  [PVM_OP_LWU] = { JIT_LOAD, 4, false },
  [PVM_OP_SB] = { JIT_STORE, 1, false },
  [PVM_OP_SH] = { JIT_STORE, 2, false },
  [PVM_OP_SW] = { JIT_STORE, 4, false },
  [PVM_OP_SD] = { JIT_STORE, 8, false },
  [PVM_OP_ADDI] = { JIT_ALU_IMM, ALU_ADD, false },
  [PVM_OP_SLTI] = { JIT_SET_LESS_IMM, CC_L, false },
  [PVM_OP_SLTIU] = { JIT_SET_LESS_IMM, CC_B, false },
  [PVM_OP_XORI] = { JIT_ALU_IMM, ALU_XOR, false },
  [PVM_OP_ORI] = { JIT_ALU_IMM, ALU_OR, false },
  [PVM_OP_ANDI] = { JIT_ALU_IMM, ALU_AND, false },
  [PVM_OP_SLLI] = { JIT_SHIFT_IMM, SHIFT_SHL, false },
  [PVM_OP_SRLI] = { JIT_SHIFT_IMM, SHIFT_SHR, false },
  [PVM_OP_SRAI] = { JIT_SHIFT_IMM, SHIFT_SAR, false },
  [PVM_OP_ADD] = { JIT_ALU, ALU_ADD, false },
  [PVM_OP_SUB] = { JIT_ALU, ALU_SUB, false },
  [PVM_OP_SLL] = { JIT_SHIFT, SHIFT_SHL, false },
  [PVM_OP_SLT] = { JIT_SET_LESS, CC_L, false },
  [PVM_OP_SLTU] = { JIT_SET_LESS, CC_B, false },
  [PVM_OP_XOR] = { JIT_ALU, ALU_XOR, false },
  [PVM_OP_SRL] = { JIT_SHIFT, SHIFT_SHR, false },
  [PVM_OP_SRA] = { JIT_SHIFT, SHIFT_SAR, false },
  [PVM_OP_OR] = { JIT_ALU, ALU_OR, false },
  [PVM_OP_AND] = { JIT_ALU, ALU_AND, false },
  [PVM_OP_ADDIW] = { JIT_ALU_IMM, ALU_ADD, true },
  [PVM_OP_SLLIW] = { JIT_SHIFT_IMM, SHIFT_SHL, true },
  [PVM_OP_SRLIW] = { JIT_SHIFT_IMM, SHIFT_SHR, true },
  [PVM_OP_SRAIW] = { JIT_SHIFT_IMM, SHIFT_SAR, true },
  [PVM_OP_ADDW] = { JIT_ALU, ALU_ADD, true },
  [PVM_OP_SUBW] = { JIT_ALU, ALU_SUB, true },
  [PVM_OP_SLLW] = { JIT_SHIFT, SHIFT_SHL, true },
  [PVM_OP_SRLW] = { JIT_SHIFT, SHIFT_SHR, true },
  [PVM_OP_SRAW] = { JIT_SHIFT, SHIFT_SAR, true },
  [PVM_OP_MUL] = { JIT_MUL, 0, false },
  [PVM_OP_MULW] = { JIT_MUL, 0, true },
};

/* rd = the address of @insn + @off. */
static void
emit_pc_plus (Emit *e, const PvmInsn *insn, int64_t off)
{
  load64 (&e->x, RAX, RBX, PC_OFF);
  add_const (&e->x, RAX, insn->pc_off + off, RCX);
  set_x (e, RAX, insn->rd);
}

/* Emits @insn; returns false if the block ends after it (a jump, taken or not, has left). */
static bool
emit_insn (Emit *e, const PvmInsn *insn)
{
  const JitOp *op = &jit_ops[insn->op < PVM_OP_COUNT ? insn->op : PVM_OP_ILLEGAL];
  bool w = !op->w32;

  if (insn->rd == 32 && op->kind >= JIT_ALU) /* it would only write x0 */
    return true;
  switch ((JitKind) op->kind) {
  case JIT_CALL:
    call_handler (e, insn);
    return true;
  case JIT_ALU:
  case JIT_ALU_IMM:
    emit_alu (e, insn, op->arg, op->kind == JIT_ALU_IMM, w);
    return true;
  case JIT_SHIFT:
  case JIT_SHIFT_IMM:
    emit_shift (e, insn, op->arg, op->kind == JIT_SHIFT_IMM, w);
    return true;
  case JIT_SET_LESS:
  case JIT_SET_LESS_IMM:
    emit_set_less (e, insn, op->arg, op->kind == JIT_SET_LESS_IMM);
    return true;
  case JIT_BRANCH:
    emit_branch (e, insn, op->arg);
    return true;
  case JIT_LOAD:
  case JIT_LOAD_SIGNED:
    emit_load (e, insn, op->arg, op->kind == JIT_LOAD_SIGNED);
    return true;
  case JIT_STORE:
    emit_store (e, insn, op->arg);
    return true;
  case JIT_MUL:
    emit_mul (e, insn, w);
    return true;
  case JIT_LUI:
    mov_const (&e->x, RAX, (uint64_t) (int64_t) insn->imm);
    set_x (e, RAX, insn->rd);
    return true;
  case JIT_AUIPC:
    emit_pc_plus (e, insn, insn->imm);
    return true;
  case JIT_JAL:
    if (insn->rd != 32)
      emit_pc_plus (e, insn, insn->len);
    jump_to (e, insn, insn->imm);
    return false;
  case JIT_JALR:
    get_x (e, RDX, insn->rs1);
    add_const (&e->x, RDX, insn->imm, RCX);
    alu_ri (&e->x, ALU_AND, RDX, -2, true);
    if (insn->rd != 32)
      emit_pc_plus (e, insn, insn->len);
    store64 (&e->x, RDX, RBX, PC_OFF);
    leave_linked (e, insn, (unsigned) (insn - e->b->insns) + 1, PVM_EXEC_JUMP);
    return false;
  }
  g_assert_not_reached ();
}

PvmJit *
pvm_jit_new (void)
{
  const char *env = g_getenv ("PVM_JIT");
  if (env && strcmp (env, "0") == 0)
    return NULL;
  void *arena = mmap (NULL, JIT_ARENA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (arena == MAP_FAILED)
    return NULL;
  PvmJit *jit = g_new0 (PvmJit, 1);
  jit->arena = arena;
  jit->size = JIT_ARENA_SIZE;
  return jit;
}

void
pvm_jit_free (PvmJit *jit)
{
  if (!jit)
    return;
  munmap (jit->arena, jit->size);
  g_free (jit);
}

void
pvm_jit_reset (PvmJit *jit)
{
  jit->used = 0;
}

bool
pvm_jit_has_room (const PvmJit *jit)
{
  return jit->size - jit->used >= JIT_MAX_BLOCK_BYTES;
}

void
pvm_jit_link (void *link, const PvmBlock *next, uint64_t gen, uint64_t pc)
{
  JitLink *l = link;
  l->code = (const uint8_t *) (uintptr_t) next->code + JIT_PROLOGUE_BYTES;
  l->insns = next->insns;
  l->pc = pc;
  l->gen = gen;
}

PvmJitCode
pvm_jit_translate (PvmJit *jit, const PvmBlock *b)
{
  if (!pvm_jit_has_room (jit))
    return NULL;
  /* The links come first, a cache line away from any code. */
  unsigned n_links = 1;
  for (unsigned i = 0; i < b->n_insns; i++)
    n_links += b->insns[i].op == PVM_OP_JAL || b->insns[i].op == PVM_OP_JALR ||
               (b->insns[i].op >= PVM_OP_BEQ && b->insns[i].op <= PVM_OP_BGEU);
  uint8_t *base = jit->arena + jit->used;
  uint8_t *start = base + ((n_links * sizeof (JitLink) + 63) & ~(size_t) 63);
  Emit e = { { start }, b, (JitLink *) (void *) base, 0 };

  e8 (&e.x, 0x53); /* push rbx: also aligns the stack for the handlers' calls */
  mov_rr (&e.x, RBX, RDI, true);
  unsigned i;
  for (i = 0; i < b->n_insns; i++)
    if (!emit_insn (&e, &b->insns[i]))
      break;
  if (i == b->n_insns) { /* ran to its end: on after the last instruction */
    const PvmInsn *end = &b->insns[b->n_insns];
    load64 (&e.x, RAX, RBX, PC_OFF);
    add_const (&e.x, RAX, end->pc_off, RCX);
    store64 (&e.x, RAX, RBX, PC_OFF);
    leave_linked (&e, end, b->n_insns, 0);
  }
  g_assert ((size_t) (e.x.p - base) <= JIT_MAX_BLOCK_BYTES && e.n_links <= n_links);

  jit->used = ((size_t) (e.x.p - jit->arena) + 63) & ~(size_t) 63;
  PvmJitCode code;
  memcpy (&code, &start, sizeof code);
  return code;
}

#else /* !__x86_64__ */

PvmJit *
pvm_jit_new (void)
{
  return NULL;
}

void
pvm_jit_free (PvmJit *jit)
{
}

void
pvm_jit_reset (PvmJit *jit)
{
}

bool
pvm_jit_has_room (const PvmJit *jit)
{
  return false;
}

PvmJitCode
pvm_jit_translate (PvmJit *jit, const PvmBlock *b)
{
  return NULL;
}

void
pvm_jit_link (void *link, const PvmBlock *next, uint64_t gen, uint64_t pc)
{
}

#endif

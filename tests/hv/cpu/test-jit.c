/* test-jit.c: blocks translated to host code (jit.h) against the interpreter.
 *
 * Random programs run once translated and once on a hart whose JIT is disabled must leave the
 * same registers, CSRs, memory and trap record, instret included. A mismatch is reported with
 * the program's seed; PVM_JIT_TEST_SEED=N runs that program alone and lists its code. Directed
 * cases pin what a translated block must get right at its edges.
 */
#include "jit-programs.h"

#include <stdio.h>

#include "hv/cpu/block.h"
#include "hv/cpu/mmu.h"
#include "hv/machine/guest-error.h"

#define MTVEC (TEST_RAM_BASE + 0x20000)
#define MARK (TEST_RAM_BASE + 0x40000)
#define PT_ROOT (TEST_RAM_BASE + 0x60000)
#define FILL_SHORT (TEST_RAM_BASE + 0x70000) /* code that fills the translator's arena */
#define FILL (TEST_RAM_BASE + 0x100000)
#define N_PROGRAMS 300

/* ---- running a hart ---- */

static PvmMachine *
machine_new (void)
{
  GError *error = NULL;
  PvmMachine *m = pvm_machine_new (TEST_RAM_BASE, TEST_RAM_SIZE, 1, false, &error);
  g_assert_no_error (error);
  return m;
}

static uint8_t *
ram (PvmMachine *m, uint64_t pa)
{
  uint8_t *p = pvm_machine_ram_ptr (m, pa, 1);
  g_assert_nonnull (p);
  return p;
}

/* Places @n instructions (2 or 4 bytes each, by their low bits) at @pa. */
static void
put_code (PvmMachine *m, uint64_t pa, const uint32_t *words, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned len = (words[i] & 3) == 3 ? 4 : 2;
    memcpy (ram (m, pa), &words[i], len);
    pa += len;
  }
}

#define PUT_CODE(m, pa, ...)                                                                       \
  put_code ((m), (pa), (const uint32_t[]) { __VA_ARGS__ },                                         \
            sizeof ((const uint32_t[]) { __VA_ARGS__ }) / sizeof (uint32_t))

static const PvmBlock *
block_at (PvmMachine *m, uint64_t pa)
{
  return pvm_block_lookup (&m->harts[0], ram (m, pa), pa);
}

static gpointer
run_thread (gpointer data)
{
  pvm_hart_run (data);
  return NULL;
}

/* Runs hart 0 of @m on a thread until the guest stores a nonzero word at MARK (at most 10 s),
 * then stops it. Returns whether the mark came. */
static bool
run_to_mark (PvmMachine *m)
{
  PvmHart *h = &m->harts[0];
  const uint32_t *mark = (const uint32_t *) ram (m, MARK);
  GThread *thread = g_thread_new ("hart", run_thread, h);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  bool done;
  while (!(done = __atomic_load_n (mark, __ATOMIC_ACQUIRE)) && g_get_monotonic_time () < end)
    g_usleep (50);
  pvm_hart_request (h, PVM_HART_REQ_EXIT);
  g_thread_join (thread);
  return done;
}

/* Puts hart 0 of @m at @pc in @mode, with R_MARK set and counters readable from every mode.
 * S and U run with Sv39 mapping the RAM's gigabyte to itself, and the two data pages swapped at
 * DATA_VA, so that an access across their boundary there is split between distant pages. */
static void
enter (PvmMachine *m, Mode mode, uint64_t pc)
{
  PvmHart *h = &m->harts[0];
  h->x[R_MARK] = MARK;
  h->mcounteren = h->scounteren = 7;
  if (mode != MODE_M_BARE) {
    uint64_t *root = (uint64_t *) ram (m, PT_ROOT);
    uint64_t *l1 = (uint64_t *) ram (m, PT_ROOT + 0x1000);
    uint64_t *l0 = (uint64_t *) ram (m, PT_ROOT + 0x2000);
    uint64_t user = mode == MODE_U_SV39 ? 0x10 : 0;
    root[TEST_RAM_BASE >> 30] = (TEST_RAM_BASE >> 12) << 10 | 0xcf | user; /* V R W X A D */
    root[DATA_VA >> 30] = ((PT_ROOT + 0x1000) >> 12) << 10 | 1;
    l1[0] = ((PT_ROOT + 0x2000) >> 12) << 10 | 1;
    l0[0] = ((DATA + 0x1000) >> 12) << 10 | 0xc7 | user; /* V R W A D */
    l0[1] = (DATA >> 12) << 10 | 0xc7 | user;
    h->pmpaddr[0] = (1ull << 54) - 1;
    g_assert_cmpint (pvm_csr_write (h, PVM_CSR_PMPCFG0, 0x1f), ==, 0);
    h->satp = 8ull << 60 | PT_ROOT >> 12;
  }
  h->priv = mode == MODE_M_BARE ? PVM_PRIV_M : mode == MODE_S_SV39 ? PVM_PRIV_S : PVM_PRIV_U;
  h->pc = pc;
  pvm_mmu_update_mode (h);
}

/* ---- random programs, translated and interpreted ---- */

/* How a run of a program ended. */
typedef struct {
  bool finished, translated;
  uint64_t x[32];
  uint64_t pc, mstatus, mepc, mcause, mtval, mscratch, sscratch;
  int priv;
  uint8_t data[DATA_SIZE], log[TRAP_LOG_SIZE];
} Outcome;

/* Runs @p on hart 0 of @m, reset first (which drops every block and TLB entry), and records
 * how it ends in @o. */
static void
program_run (PvmMachine *m, const Program *p, Outcome *o)
{
  PvmHart *h = &m->harts[0];
  pvm_hart_reset (h, p->start);
  memset (ram (m, CODE), 0, 0x2000);
  memset (ram (m, MARK), 0, 4);
  memset (ram (m, TRAP_LOG), 0, TRAP_LOG_SIZE);
  memset (ram (m, PT_ROOT), 0, 0x3000);
  put_code (m, p->start, p->words, p->n_words);
  /* The trap handler logs mcause, mtval and mepc at R_LOG and returns past the (4-byte)
   * instruction that trapped. */
  PUT_CODE (m, MTVEC, CSRR (R_TMP, PVM_CSR_MCAUSE), SD (R_TMP, R_LOG, 0),
            CSRR (R_TMP, PVM_CSR_MTVAL), SD (R_TMP, R_LOG, 8), CSRR (R_TMP, PVM_CSR_MEPC),
            SD (R_TMP, R_LOG, 16), ADDI (R_TMP, R_TMP, 4), CSRW (PVM_CSR_MEPC, R_TMP),
            ADDI (R_LOG, R_LOG, 24), INSN_MRET);
  memcpy (ram (m, DATA), p->data, DATA_SIZE);
  memcpy (h->x, p->x, sizeof p->x);
  h->mtvec = MTVEC;
  enter (m, p->mode, p->start);
  o->finished = run_to_mark (m);
  const PvmBlock *first = block_at (m, p->start);
  o->translated = first && first->code;
  memcpy (o->x, h->x, sizeof o->x);
  o->pc = h->pc;
  o->priv = h->priv;
  o->mstatus = h->mstatus;
  o->mepc = h->mepc;
  o->mcause = h->mcause;
  o->mtval = h->mtval;
  o->mscratch = h->mscratch;
  o->sscratch = h->sscratch;
  memcpy (o->data, ram (m, DATA), DATA_SIZE);
  memcpy (o->log, ram (m, TRAP_LOG), TRAP_LOG_SIZE);
}

/* Fails the test with the first difference between the translated run @t and the interpreted
 * run @i of @p; returns whether they agree. */
static bool
outcomes_agree (const Program *p, const Outcome *t, const Outcome *i)
{
  const char *mode = mode_names[p->mode];
  if (!t->finished || !i->finished) {
    g_test_fail_printf ("seed %u (%s): the program did not finish %s", p->seed, mode,
                        t->finished ? "interpreted" : "translated");
    return false;
  }
  if (!t->translated || i->translated) {
    g_test_fail_printf ("seed %u (%s): the first block was %s", p->seed, mode,
                        t->translated ? "translated with the JIT disabled" : "not translated");
    return false;
  }
  for (unsigned r = 0; r < 32; r++) {
    if (t->x[r] != i->x[r]) {
      const char *what = r == R_TMP ? " (instret at the end)" : r == R_LOG ? " (trap log end)" : "";
      g_test_fail_printf ("seed %u (%s): x%u%s is 0x%" PRIx64 " translated, 0x%" PRIx64
                          " interpreted", p->seed, mode, r, what, t->x[r], i->x[r]);
      return false;
    }
  }
  static const struct { const char *name; size_t off; } csrs[] = {
    { "pc", G_STRUCT_OFFSET (Outcome, pc) }, { "mstatus", G_STRUCT_OFFSET (Outcome, mstatus) },
    { "mepc", G_STRUCT_OFFSET (Outcome, mepc) }, { "mcause", G_STRUCT_OFFSET (Outcome, mcause) },
    { "mtval", G_STRUCT_OFFSET (Outcome, mtval) },
    { "mscratch", G_STRUCT_OFFSET (Outcome, mscratch) },
    { "sscratch", G_STRUCT_OFFSET (Outcome, sscratch) },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (csrs); k++) {
    uint64_t a = G_STRUCT_MEMBER (uint64_t, t, csrs[k].off);
    uint64_t b = G_STRUCT_MEMBER (uint64_t, i, csrs[k].off);
    if (a != b) {
      g_test_fail_printf ("seed %u (%s): %s is 0x%" PRIx64 " translated, 0x%" PRIx64
                          " interpreted", p->seed, mode, csrs[k].name, a, b);
      return false;
    }
  }
  if (t->priv != i->priv) {
    g_test_fail_printf ("seed %u (%s): the privilege is %d translated, %d interpreted", p->seed,
                        mode, t->priv, i->priv);
    return false;
  }
  for (unsigned k = 0; k < TRAP_LOG_SIZE; k += 8) {
    uint64_t a, b;
    memcpy (&a, t->log + k, 8);
    memcpy (&b, i->log + k, 8);
    if (a != b) {
      static const char *const what[] = { "mcause", "mtval", "mepc" };
      g_test_fail_printf ("seed %u (%s): trap %u has %s 0x%" PRIx64 " translated, 0x%" PRIx64
                          " interpreted", p->seed, mode, k / 24, what[(k / 8) % 3], a, b);
      return false;
    }
  }
  for (unsigned k = 0; k < DATA_SIZE; k++) {
    if (t->data[k] != i->data[k]) {
      g_test_fail_printf ("seed %u (%s): the data byte at 0x%" PRIx64 " is 0x%02x translated, "
                          "0x%02x interpreted", p->seed, mode, (uint64_t) (DATA + k), t->data[k],
                          i->data[k]);
      return false;
    }
  }
  return true;
}

/* The operations the translator inlines, each of which the random programs must contain. */
static const PvmOp inlined[] = {
  PVM_OP_LUI, PVM_OP_AUIPC, PVM_OP_JAL, PVM_OP_JALR, PVM_OP_BEQ, PVM_OP_BNE, PVM_OP_BLT,
  PVM_OP_BGE, PVM_OP_BLTU, PVM_OP_BGEU, PVM_OP_LB, PVM_OP_LH, PVM_OP_LW, PVM_OP_LD, PVM_OP_LBU,
  PVM_OP_LHU, PVM_OP_LWU, PVM_OP_SB, PVM_OP_SH, PVM_OP_SW, PVM_OP_SD, PVM_OP_ADDI, PVM_OP_SLTI,
  PVM_OP_SLTIU, PVM_OP_XORI, PVM_OP_ORI, PVM_OP_ANDI, PVM_OP_SLLI, PVM_OP_SRLI, PVM_OP_SRAI,
  PVM_OP_ADD, PVM_OP_SUB, PVM_OP_SLL, PVM_OP_SLT, PVM_OP_SLTU, PVM_OP_XOR, PVM_OP_SRL, PVM_OP_SRA,
  PVM_OP_OR, PVM_OP_AND, PVM_OP_ADDIW, PVM_OP_SLLIW, PVM_OP_SRLIW, PVM_OP_SRAIW, PVM_OP_ADDW,
  PVM_OP_SUBW, PVM_OP_SLLW, PVM_OP_SRLW, PVM_OP_SRAW, PVM_OP_MUL, PVM_OP_MULW,
};

static void
test_random_programs_run_the_same_translated_and_interpreted (void)
{
  /* One machine translates, the other has its JIT disabled before it runs anything; each is
   * reset before each program. */
  PvmMachine *translating = machine_new (), *interpreting = machine_new ();
  pvm_block_cache_disable_jit (&interpreting->harts[0]);
  if (!translating->harts[0].blocks->jit) {
    g_test_skip ("this host runs no translated code");
    pvm_machine_free (translating);
    pvm_machine_free (interpreting);
    return;
  }
  const char *only = g_getenv ("PVM_JIT_TEST_SEED");
  guint first = 1, last = N_PROGRAMS;
  if (only)
    first = last = (guint) g_ascii_strtoull (only, NULL, 10);
  Program *p = g_new0 (Program, 1);
  Outcome *t = g_new0 (Outcome, 1), *i = g_new0 (Outcome, 1);
  bool seen[PVM_OP_COUNT] = { false };
  unsigned failed = 0;
  uint64_t retired = 0, traps = 0;
  for (guint seed = first; seed <= last && failed < 3; seed++) {
    program_generate (p, seed);
    program_check_decoding (p);
    for (unsigned k = 0; k < p->n_words; k++)
      seen[p->ops[k]] = true;
    program_run (translating, p, t);
    program_run (interpreting, p, i);
    retired += i->x[R_TMP];
    traps += (i->x[R_LOG] - TRAP_LOG) / 24;
    if (!outcomes_agree (p, t, i) && failed++ == 0)
      program_list (p);
    else if (only)
      program_list (p);
  }
  g_test_message ("%" G_GUINT64_FORMAT " instructions retired, %" G_GUINT64_FORMAT " traps taken",
                  retired, traps);
  if (!only)
    for (unsigned k = 0; k < G_N_ELEMENTS (inlined); k++)
      if (!seen[inlined[k]])
        g_test_fail_printf ("no program has %s", pvm_op_name (inlined[k]));
  g_free (p);
  g_free (t);
  g_free (i);
  pvm_machine_free (translating);
  pvm_machine_free (interpreting);
}

/* ---- directed cases ---- */

#define REG_A3 13
#define REG_A4 14
#define REG_A5 15

typedef struct {
  PvmMachine *machine;
  PvmHart *hart;
} Fixture;

/* Traps end the run: the handler reads minstret into a5, stores the mark and loops. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->machine = machine_new ();
  f->hart = &f->machine->harts[0];
  f->hart->mtvec = MTVEC;
  PUT_CODE (f->machine, MTVEC, CSRR (REG_A5, PVM_CSR_MINSTRET), MARK_AND_LOOP);
  enter (f->machine, MODE_M_BARE, CODE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_machine_free (f->machine);
}

/* Returns whether this host translates blocks; skips the test if not. */
static bool
jit_or_skip (Fixture *f)
{
  if (f->hart->blocks->jit)
    return true;
  g_test_skip ("this host runs no translated code");
  return false;
}

static void
test_a_load_that_misses_the_tlb_traps_at_its_own_instruction (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  PvmHart *h = f->hart;
  uint64_t v = 0x1122334455667788ull;
  memcpy (ram (f->machine, DATA), &v, 8);
  h->x[R_DATA] = DATA;
  h->x[REG_A2] = 0x1234;
  h->x[REG_A3] = 0x5678;
  /* The first load misses the TLB and is served; the second misses it and faults. */
  PUT_CODE (f->machine, CODE, ADDI (REG_A0, 0, 1), LD (REG_A4, R_DATA, 0), ADDI (REG_A1, 0, 2),
            LW (REG_A2, 0, 0x10), ADDI (REG_A3, 0, 3), INSN_JAL_SELF);
  g_assert_true (run_to_mark (f->machine));
  const PvmBlock *b = block_at (f->machine, CODE);
  g_assert_nonnull (b->code);
  g_assert_cmpuint (b->n_insns, ==, 6);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_LOAD_ACCESS);
  g_assert_cmphex (h->mtval, ==, 0x10);
  g_assert_cmphex (h->mepc, ==, CODE + 12);
  g_assert_cmphex (h->x[REG_A0], ==, 1);
  g_assert_cmphex (h->x[REG_A4], ==, v);
  g_assert_cmphex (h->x[REG_A1], ==, 2);
  g_assert_cmphex (h->x[REG_A2], ==, 0x1234);
  g_assert_cmphex (h->x[REG_A3], ==, 0x5678);
  g_assert_cmpuint (h->x[REG_A5], ==, 3); /* the three before it retired, the load did not */
}

static void
test_a_taken_branch_leaves_the_block_at_its_target (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  PvmHart *h = f->hart;
  PUT_CODE (f->machine, CODE, ADDI (REG_A0, 0, 1),
            BRANCH (1, REG_A0, REG_A0, 8) /* bne: not taken */,
            ADDI (REG_A0, REG_A0, 2), BRANCH (0, REG_A0, REG_A0, 12) /* beq: taken */,
            ADDI (REG_A0, REG_A0, 4), ADDI (REG_A0, REG_A0, 8),
            CSRR (REG_A5, PVM_CSR_MINSTRET), MARK_AND_LOOP);
  g_assert_true (run_to_mark (f->machine));
  const PvmBlock *b = block_at (f->machine, CODE);
  g_assert_nonnull (b->code);
  g_assert_cmpuint (b->n_insns, ==, 7);
  g_assert_cmphex (h->x[REG_A0], ==, 3);
  g_assert_cmpuint (h->x[REG_A5], ==, 4);
  g_assert_cmphex (h->pc, ==, CODE + 32);
  /* The target started a block of its own. */
  b = block_at (f->machine, CODE + 24);
  g_assert_nonnull (b->code);
  g_assert_cmpuint (b->n_insns, ==, 1);
}

static void
test_writes_to_x0_are_dropped (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  PvmHart *h = f->hart;
  h->x[R_DATA] = DATA;
  h->x[REG_A0] = 0x1234;
  memset (ram (f->machine, DATA), 0x5a, 16);
  PUT_CODE (f->machine, CODE,
            0x12345037 /* lui x0 */, 0x00001017 /* auipc x0 */, ADDI (0, REG_A0, 5),
            ADD (0, REG_A0, REG_A0), enc_i (3, REG_A0, 1, 0, OPC_OP_IMM) /* slli */,
            enc_r (1, REG_A0, REG_A0, 0, 0, OPC_OP) /* mul */,
            enc_r (1, REG_A0, REG_A0, 1, 0, OPC_OP) /* mulh, a handler */,
            LD (REG_A4, R_DATA, 8) /* fills the TLB */, LD (0, R_DATA, 0),
            enc_r (0, REG_A0, 0, 2, 0, OPC_OP) /* slt x0, x0, a0 */,
            enc_ci (2, 7, 0, 1) /* c.li x0, 7 */, JAL (0, 4),
            /* the next block */
            0x00000297 /* auipc t0, 0 */, enc_i (13, REG_T0, 0, 0, OPC_JALR) /* jalr x0, 13(t0) */,
            ADDI (REG_A4, 0, 99) /* skipped */,
            ADD (REG_A1, 0, 0), ADDI (REG_A2, 0, 7), enc_r (5, 0, 0, 6, REG_A3, OPC_OP) /* max */,
            MARK_AND_LOOP);
  g_assert_true (run_to_mark (f->machine));
  g_assert_nonnull (block_at (f->machine, CODE)->code);
  g_assert_cmphex (h->x[0], ==, 0);
  g_assert_cmphex (h->x[REG_A1], ==, 0);
  g_assert_cmphex (h->x[REG_A2], ==, 7);
  g_assert_cmphex (h->x[REG_A3], ==, 0);
  g_assert_cmphex (h->x[REG_A4], ==, 0x5a5a5a5a5a5a5a5a);
  g_assert_cmphex (h->x[REG_A0], ==, 0x1234);
  g_assert_cmphex (h->mcause, ==, 0); /* no trap */
}

/* L: a0 += 1 (rewritten to a0 += 16), to D; D: a1 += 1, to R the third time, to the end the
 * fifth, else back to L (by then through the exit's link); R: the rewrite, FENCE.I, to D. */
static void
test_code_rewritten_after_fence_i_runs_the_new_code (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  PvmHart *h = f->hart;
  h->x[REG_T0] = ADDI (REG_A0, REG_A0, 16);
  h->x[REG_T1] = CODE;
  h->x[REG_T2] = 3;
  h->x[REG_T3] = 5;
  PUT_CODE (f->machine, CODE, ADDI (REG_A0, REG_A0, 1), JAL (0, 0xfc));
  PUT_CODE (f->machine, CODE + 0x100, ADDI (REG_A1, REG_A1, 1), BRANCH (0, REG_A1, REG_T2, 0xfc),
            BRANCH (0, REG_A1, REG_T3, 0x1f8), JAL (0, -0x10c));
  PUT_CODE (f->machine, CODE + 0x200, SW (REG_T0, REG_T1, 0), 0x0000100f /* fence.i */,
            JAL (0, -0x108));
  PUT_CODE (f->machine, CODE + 0x300, MARK_AND_LOOP);
  g_assert_true (run_to_mark (f->machine));
  g_assert_cmphex (h->x[REG_A1], ==, 5);
  g_assert_cmphex (h->x[REG_A0], ==, 3 + 16);
  const PvmBlock *b = block_at (f->machine, CODE);
  g_assert_nonnull (b->code);
  g_assert_cmpint (b->insns[0].imm, ==, 16);
}

static void
test_blocks_are_translated_unless_the_jit_is_disabled (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  PUT_CODE (f->machine, CODE, ADDI (REG_A0, 0, 1), INSN_JAL_SELF);
  g_assert_nonnull (block_at (f->machine, CODE)->code);
  pvm_block_cache_disable_jit (f->hart);
  g_assert_null (block_at (f->machine, CODE)->code);
  PUT_CODE (f->machine, CODE, ADDI (REG_A0, 0, 1), MARK_AND_LOOP);
  g_assert_true (run_to_mark (f->machine));
  g_assert_cmphex (f->hart->x[REG_A0], ==, 1);
}

/* Finds the host mapping [*@lo, *@hi) that holds @addr. */
static void
mapping_of (uintptr_t addr, uintptr_t *lo, uintptr_t *hi)
{
  g_autofree char *maps = NULL;
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  for (char *line = maps; line && *line;) {
    unsigned long a, b;
    if (sscanf (line, "%lx-%lx", &a, &b) == 2 && addr >= a && addr < b) {
      *lo = a;
      *hi = b;
      return;
    }
    line = strchr (line, '\n');
    line = line ? line + 1 : NULL;
  }
  g_assert_not_reached ();
}

/* Translates the block at @pa; returns where its code starts. */
static uintptr_t
translate_at (Fixture *f, uint64_t pa)
{
  const PvmBlock *b = block_at (f->machine, pa);
  g_assert_nonnull (b->code);
  return (uintptr_t) (void *) b->code;
}

/* Places a block of 64 copies of @word at @pa. */
static void
put_block_of (Fixture *f, uint64_t pa, uint32_t word)
{
  for (unsigned k = 0; k < 64; k++)
    memcpy (ram (f->machine, pa + 4 * k), &word, 4);
}

/* The translator's arena is filled with blocks of the longest code there is, and one is made
 * to come just where it no longer fits: the arena must be emptied for it first. Where each
 * block's space begins is followed from the arena's start (the start of its mapping) and the
 * distance from one block to the next, so nothing about the layout of the code is assumed. */
static void
test_a_block_is_translated_only_where_its_code_fits (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  /* Candidates for the longest code: loads, stores and branches with high registers and long
   * displacements, in blocks of 64 at FILL + 256 * n. Blocks of one jump, the shortest, are
   * at FILL_SHORT + 4 * n. */
  const uint32_t candidates[] = {
    LD (R_TMP, R_MARK, 0x7f8), SD (R_TMP, R_MARK, 0x7f8), BRANCH (7, R_MARK, R_TMP, 4),
  };
  uint32_t jump = INSN_JAL_SELF, longest = 0;
  uint64_t slots = (TEST_RAM_BASE + TEST_RAM_SIZE - FILL) / 256, n = 0, n_short = 0;
  uintptr_t lo = 0, hi = 0, next = 0, big = 0, big_code = 0;
  for (unsigned c = 0; c < G_N_ELEMENTS (candidates); c++) {
    put_block_of (f, FILL + 256 * n, candidates[c]);
    put_block_of (f, FILL + 256 * (n + 1), candidates[c]);
    uintptr_t at = translate_at (f, FILL + 256 * n++);
    if (c == 0) {
      mapping_of (at, &lo, &hi);
      next = lo;
    }
    uintptr_t size = translate_at (f, FILL + 256 * n++) - at;
    if (size > big) {
      longest = candidates[c];
      big = size;
      big_code = at - next;
    }
    next += 2 * size;
  }
  for (uint64_t pa = FILL_SHORT; pa < FILL_SHORT + 4096; pa += 4)
    memcpy (ram (f->machine, pa), &jump, 4);
  uintptr_t at = translate_at (f, FILL_SHORT + 4 * n_short++), short_code = at - next;
  uintptr_t small = translate_at (f, FILL_SHORT + 4 * n_short++) - at;
  next += 2 * small; /* where the next block's space begins */
  g_assert_cmpuint (big, >, small);

  for (; n < slots; n++) {
    /* Near the end, short blocks first, until a long one would no longer fit. */
    while (next + 2 * big > hi && next + big <= hi) {
      g_assert_cmpuint (n_short, <, 1024);
      at = translate_at (f, FILL_SHORT + 4 * n_short++);
      if (at != next + short_code) {
        g_assert_cmphex (at, ==, lo + short_code);
        return; /* emptied before it was full */
      }
      next += small;
    }
    put_block_of (f, FILL + 256 * n, longest);
    at = translate_at (f, FILL + 256 * n);
    if (at != next + big_code) {
      g_assert_cmphex (at, ==, lo + big_code);
      g_test_message ("emptied with %" PRIuPTR " bytes left for a block of %" PRIuPTR " bytes",
                      hi - next, big);
      return;
    }
    if (next + big > hi) {
      g_test_fail_printf ("a block of %" PRIuPTR " bytes was translated %" PRIuPTR
                          " bytes before the end of the arena", big, hi - next);
      return;
    }
    next += big;
  }
  g_test_fail_printf ("%" G_GUINT64_FORMAT " blocks did not fill the arena", slots);
}

static void
drop_message (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
}

/* A return (JALR) remembers the last place it returned to; called from elsewhere, it must go
 * back there and not to the remembered place. */
static void
test_a_return_goes_back_to_its_caller_not_to_the_last_one (Fixture *f, gconstpointer data)
{
  if (!jit_or_skip (f))
    return;
  PvmHart *h = f->hart;
  const uint64_t func = CODE + 0x100;
  PUT_CODE (f->machine, CODE, ADDI (REG_A0, 0, 0), ADDI (REG_T0, 0, 3),
            JAL (REG_RA, func - (CODE + 8)) /* the first caller, three times */,
            ADDI (REG_T0, REG_T0, -1), BRANCH (1, REG_T0, 0, -8) /* bne t0, x0 */,
            JAL (REG_RA, func - (CODE + 20)) /* the second caller */,
            ADDI (REG_A0, REG_A0, 100), CSRR (REG_A5, PVM_CSR_MINSTRET), MARK_AND_LOOP);
  PUT_CODE (f->machine, func, ADDI (REG_A0, REG_A0, 1),
            enc_i (0, REG_RA, 0, 0, OPC_JALR) /* ret */);
  g_assert_true (run_to_mark (f->machine));
  g_assert_cmphex (h->x[REG_A0], ==, 104);
  g_assert_cmpuint (h->x[REG_A5], ==, 21);
  g_assert_nonnull (block_at (f->machine, func)->code);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The programs fault on purpose; their guest-error reports are expected. */
  g_log_set_handler (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, drop_message, NULL);
  g_unsetenv ("PVM_JIT");
  g_test_add_func ("/hv/jit/random-programs-run-the-same-translated-and-interpreted",
                   test_random_programs_run_the_same_translated_and_interpreted);
#define TEST(path, fn)                                                                             \
  g_test_add ("/hv/jit/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  TEST ("a-load-that-misses-the-tlb-traps-at-its-own-instruction",
       test_a_load_that_misses_the_tlb_traps_at_its_own_instruction);
  TEST ("a-taken-branch-leaves-the-block-at-its-target",
        test_a_taken_branch_leaves_the_block_at_its_target);
  TEST ("writes-to-x0-are-dropped", test_writes_to_x0_are_dropped);
  TEST ("code-rewritten-after-fence-i-runs-the-new-code",
        test_code_rewritten_after_fence_i_runs_the_new_code);
  TEST ("blocks-are-translated-unless-the-jit-is-disabled",
        test_blocks_are_translated_unless_the_jit_is_disabled);
  TEST ("a-block-is-translated-only-where-its-code-fits",
        test_a_block_is_translated_only_where_its_code_fits);
  TEST ("a-return-goes-back-to-its-caller-not-to-the-last-one",
        test_a_return_goes_back_to_its_caller_not_to_the_last_one);
#undef TEST
  return g_test_run ();
}

/* test-fpu.c: F/D state and bit-level rules — mstatus.FS, rounding-mode fields, accrued flags,
 * NaN-boxing, payloads, FCLASS, loads and stores, and the host FPU state the handlers share.
 * Arithmetic results in every rounding mode are in test-fpu-vectors-{f,d}.c.
 *
 * The test links the handlers with its own memory slow paths over a 4 KiB buffer (every TLB
 * entry is invalid, so each access takes the slow path).
 */
#include <string.h>

#include <glib.h>

#include "hv/cpu/fpu.h"
#include "hv/cpu/mmu.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 4096u
#define RAW 0x02b57553u /* any instruction word: the tval of illegal-instruction traps */

#define BOX(v) (PVM_FPU_BOX | (uint32_t) (v))
#define FS_BITS(v) ((uint64_t) (v) << PVM_MSTATUS_FS_SHIFT)

typedef struct {
  PvmHart hart; /* first, so that the memory hooks can find the fixture from the hart */
  uint8_t ram[RAM_SIZE];
} Fixture;

static uint8_t *
ram_at (PvmHart *hart, uint64_t va, unsigned size)
{
  if (va < RAM_BASE || va - RAM_BASE > RAM_SIZE - size)
    return NULL;
  return ((Fixture *) hart)->ram + (va - RAM_BASE);
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

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  memset (&f->hart.tlb, 0xff, sizeof f->hart.tlb); /* PVM_TLB_INVALID everywhere */
  f->hart.priv = PVM_PRIV_M;
  f->hart.data_priv = PVM_PRIV_M;
  f->hart.mstatus = FS_BITS (PVM_FS_INITIAL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
}

/* Runs @fn with f/x register numbers @rd, @rs1, @rs2, @rs3 and rounding-mode field @rm. */
static int
run (Fixture *f, PvmExecFn fn, unsigned rd, unsigned rs1, unsigned rs2, unsigned rs3, unsigned rm)
{
  PvmInsn insn = {
    .rd = rd, .rs1 = rs1, .rs2 = rs2, .rs3 = rs3, .rm = rm, .raw = RAW, .len = 4,
  };
  return fn (&f->hart, &insn);
}

static unsigned
fs_of (const PvmHart *hart)
{
  return (hart->mstatus & PVM_MSTATUS_FS) >> PVM_MSTATUS_FS_SHIFT;
}

static const struct {
  const char *name;
  PvmExecFn fn;
} fd_handlers[] = {
#define HANDLER(NAME, name) { #name, pvm_exec_##name },
  PVM_OPS_FD (HANDLER)
#undef HANDLER
};

static void
test_fs_off (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;

  for (size_t i = 0; i < G_N_ELEMENTS (fd_handlers); i++) {
    PvmHart before;

    h->mstatus = 0;
    h->fflags = 0;
    for (unsigned r = 0; r < 32; r++)
      h->f[r] = 0x7ff0000000000001ull + r; /* signaling NaNs: any use would raise NV */
    h->x[5] = RAM_BASE;
    h->x[10] = 0x1234;
    h->trap_cause = h->trap_tval = 0;
    memcpy (&before, h, sizeof before);
    if (run (f, fd_handlers[i].fn, 10, 5, 2, 3, PVM_FPU_RNE) != PVM_EXEC_TRAP
        || h->trap_cause != PVM_EXC_ILLEGAL_INSN || h->trap_tval != RAW)
      g_test_fail_printf ("%s with FS off: no illegal-instruction trap", fd_handlers[i].name);
    h->trap_cause = h->trap_tval = 0;
    if (memcmp (&before, h, sizeof before) != 0)
      g_test_fail_printf ("%s with FS off changed the hart", fd_handlers[i].name);
  }
  for (unsigned i = 0; i < RAM_SIZE; i++)
    g_assert_cmpuint (f->ram[i], ==, 0);
}

static void
test_fs_dirty (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;

  /* Reading f registers, moving bits out, storing, comparing without a flag: FS unchanged. */
  h->f[1] = BOX (0x3f800000);
  h->f[2] = BOX (0x7fc00000);
  h->x[1] = RAM_BASE;
  h->x[5] = RAM_BASE;
  g_assert_cmpint (run (f, pvm_exec_fmv_x_w, 10, 1, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpint (run (f, pvm_exec_fclass_s, 10, 1, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpint (run (f, pvm_exec_feq_s, 10, 1, 2, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpint (run (f, pvm_exec_fsw, 0, 5, 1, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (fs_of (h), ==, PVM_FS_INITIAL);
  g_assert_false (h->mstatus & PVM_MSTATUS_SD);

  /* A flag raised by an instruction that writes only an x register. */
  g_assert_cmpint (run (f, pvm_exec_flt_s, 10, 1, 2, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_NV);
  g_assert_cmpuint (fs_of (h), ==, PVM_FS_DIRTY);
  g_assert_false (h->mstatus & PVM_MSTATUS_SD);

  /* Writing an f register, from Initial and from Clean, by arithmetic, move and load (x1 and
   * f1 are the sources). */
  static const PvmExecFn writers[] = { pvm_exec_fadd_s, pvm_exec_fsgnj_d, pvm_exec_fmv_w_x,
                                       pvm_exec_fcvt_d_w, pvm_exec_fld };
  for (size_t i = 0; i < G_N_ELEMENTS (writers); i++) {
    for (unsigned fs = PVM_FS_INITIAL; fs <= PVM_FS_CLEAN; fs++) {
      h->mstatus = FS_BITS (fs);
      g_assert_cmpint (run (f, writers[i], 10, 1, 1, 0, 0), ==, PVM_EXEC_NEXT);
      g_assert_cmpuint (fs_of (h), ==, PVM_FS_DIRTY);
      g_assert_false (h->mstatus & PVM_MSTATUS_SD);
    }
  }
}

static void
test_rounding_mode_field (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;
  static const PvmExecFn rounding[] = { pvm_exec_fadd_s, pvm_exec_fsqrt_d, pvm_exec_fmadd_s,
                                        pvm_exec_fcvt_w_d, pvm_exec_fcvt_s_lu, pvm_exec_fcvt_s_d,
                                        pvm_exec_fcvt_d_s, pvm_exec_fcvt_d_w };

  /* rm 5 and 6 are reserved; so is a dynamic rm while frm holds 5, 6 or 7. */
  static const struct {
    unsigned rm, frm;
  } reserved[] = { { 5, 0 }, { 6, 0 }, { 7, 5 }, { 7, 6 }, { 7, 7 } };

  h->f[1] = BOX (0x3f800000);
  h->f[2] = BOX (0x33800000); /* 1 + 2^-24 is a tie */
  for (size_t i = 0; i < G_N_ELEMENTS (rounding); i++) {
    for (size_t j = 0; j < G_N_ELEMENTS (reserved); j++) {
      h->frm = reserved[j].frm;
      h->f[10] = 0x1111;
      h->fflags = 0;
      h->trap_cause = h->trap_tval = 0;
      g_assert_cmpint (run (f, rounding[i], 10, 1, 2, 2, reserved[j].rm), ==, PVM_EXEC_TRAP);
      g_assert_cmpuint (h->trap_cause, ==, PVM_EXC_ILLEGAL_INSN);
      g_assert_cmpuint (h->trap_tval, ==, RAW);
      g_assert_cmphex (h->f[10], ==, 0x1111);
      g_assert_cmpuint (h->fflags, ==, 0);
      g_assert_cmpuint (fs_of (h), ==, PVM_FS_INITIAL);
    }
  }

  /* Dynamic rm follows frm. */
  static const struct {
    unsigned frm;
    uint32_t sum;
  } dyn[] = { { PVM_FPU_RNE, 0x3f800000 }, { PVM_FPU_RTZ, 0x3f800000 },
              { PVM_FPU_RDN, 0x3f800000 }, { PVM_FPU_RUP, 0x3f800001 },
              { PVM_FPU_RMM, 0x3f800001 } };
  for (size_t i = 0; i < G_N_ELEMENTS (dyn); i++) {
    h->frm = dyn[i].frm;
    g_assert_cmpint (run (f, pvm_exec_fadd_s, 10, 1, 2, 0, PVM_FPU_DYN), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, BOX (dyn[i].sum));
  }
  h->frm = PVM_FPU_RUP;
  h->f[3] = 0xbff8000000000000ull; /* -1.5 */
  g_assert_cmpint (run (f, pvm_exec_fcvt_l_d, 10, 3, 0, 0, PVM_FPU_DYN), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, UINT64_MAX);
  h->frm = PVM_FPU_RDN;
  g_assert_cmpint (run (f, pvm_exec_fcvt_l_d, 10, 3, 0, 0, PVM_FPU_DYN), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, (uint64_t) -2);
}

static void
test_flags_accrue (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;

  h->f[1] = BOX (0x3f800000);
  h->f[2] = BOX (0x40400000);
  h->fflags = PVM_FFLAG_DZ;
  g_assert_cmpint (run (f, pvm_exec_fdiv_s, 10, 1, 2, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_DZ | PVM_FFLAG_NX);
  g_assert_cmpint (run (f, pvm_exec_fmul_s, 10, 1, 2, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_DZ | PVM_FFLAG_NX);
  h->fflags = 0;
  g_assert_cmpint (run (f, pvm_exec_fmul_s, 10, 1, 2, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->fflags, ==, 0);
  h->fflags = PVM_FFLAG_NX;
  g_assert_cmpint (run (f, pvm_exec_fdiv_s, 10, 1, 2, 0, PVM_FPU_RMM), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_NX);
  g_assert_cmphex (h->f[10], ==, BOX (0x3eaaaaab));

  /* An integer result to x0 lands in the sink, and its flags still accrue. */
  h->fflags = 0;
  g_assert_cmpint (run (f, pvm_exec_fcvt_w_s, 32, 2, 0, 0, PVM_FPU_RTZ), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->x[0], ==, 0);
  g_assert_cmpuint (h->x[32], ==, 3);
  g_assert_cmpuint (h->fflags, ==, 0);
  h->f[3] = BOX (0x3fc00000);
  g_assert_cmpint (run (f, pvm_exec_fcvt_w_s, 32, 3, 0, 0, PVM_FPU_RTZ), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_NX);
}

/* Whatever other code left in the host MXCSR (a rounding mode, FTZ, DAZ, sticky flags), an
 * operation rounds as asked, keeps subnormals, and reports only its own flags. */
static void
test_host_state (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;
  static const uint32_t leftovers[] = { 0x1f80, 0x1f80 | 0x3f, 0x7f80 | 0x3f, 0x9fc0, 0xffff };

  for (size_t i = 0; i < G_N_ELEMENTS (leftovers); i++) {
    h->f[1] = BOX (0x00000003); /* subnormals */
    h->f[2] = BOX (0x3f000000); /* 0.5 */
    h->f[3] = 0x0000000000000001ull;
    h->f[4] = 0x3fe0000000000000ull;

    fpu_mxcsr_set (leftovers[i]);
    h->fflags = 0;
    g_assert_cmpint (run (f, pvm_exec_fmul_s, 10, 1, 2, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, BOX (0x00000002)); /* 1.5 ulp: a tie, to even */
    g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_UF | PVM_FFLAG_NX);

    fpu_mxcsr_set (leftovers[i]);
    h->fflags = 0;
    g_assert_cmpint (run (f, pvm_exec_fadd_d, 10, 3, 3, 0, PVM_FPU_RUP), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, 0x0000000000000002ull);
    g_assert_cmpuint (h->fflags, ==, 0);

    fpu_mxcsr_set (leftovers[i]);
    h->fflags = PVM_FFLAG_UF;
    g_assert_cmpint (run (f, pvm_exec_fmul_d, 10, 4, 4, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, 0x3fd0000000000000ull);
    g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_UF);

    /* A mode used once does not stick to the next operation. */
    h->f[5] = BOX (0x3f800000);
    h->f[6] = BOX (0x33800000);
    g_assert_cmpint (run (f, pvm_exec_fadd_s, 10, 5, 6, 0, PVM_FPU_RUP), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, BOX (0x3f800001));
    g_assert_cmpint (run (f, pvm_exec_fadd_s, 10, 5, 6, 0, PVM_FPU_RMM), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, BOX (0x3f800001));
    g_assert_cmpint (run (f, pvm_exec_fadd_s, 10, 5, 6, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->f[10], ==, BOX (0x3f800000));
  }
  fpu_mxcsr_set (FPU_MXCSR_BASE);
}

static void
test_unboxed_operands (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;

  h->f[1] = 0x000000003f800000ull; /* 1.0f without its box */
  h->f[2] = BOX (0x3f800000);
  h->f[3] = BOX (0xbf800000);
  h->f[4] = 0xfffffffe7f800001ull; /* a signaling NaN, boxed with one bit missing */

  g_assert_cmpint (run (f, pvm_exec_fadd_s, 10, 1, 2, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, BOX (PVM_FPU_QNAN_S));
  g_assert_cmpint (run (f, pvm_exec_fmadd_s, 10, 2, 2, 4, PVM_FPU_RMM), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, BOX (PVM_FPU_QNAN_S));
  g_assert_cmpint (run (f, pvm_exec_fsgnj_s, 10, 1, 3, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, BOX (0xffc00000));
  g_assert_cmpint (run (f, pvm_exec_fmin_s, 10, 1, 3, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, BOX (0xbf800000));
  g_assert_cmpint (run (f, pvm_exec_fcvt_d_s, 10, 4, 0, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, PVM_FPU_QNAN_D);
  g_assert_cmpint (run (f, pvm_exec_feq_s, 10, 1, 1, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->x[10], ==, 0);
  g_assert_cmpint (run (f, pvm_exec_fclass_s, 10, 4, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmpuint (h->x[10], ==, 1u << 9);
  g_assert_cmpint (run (f, pvm_exec_fcvt_w_s, 10, 1, 0, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, 0x7fffffff);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_NV); /* from the conversion of a NaN only */

  /* Transfers out take the low bits as they are. */
  g_assert_cmpint (run (f, pvm_exec_fmv_x_w, 10, 4, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, 0x000000007f800001ull);
  h->x[5] = RAM_BASE;
  g_assert_cmpint (run (f, pvm_exec_fsw, 0, 5, 1, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (*(uint32_t *) f->ram, ==, 0x3f800000);
}

static void
test_payloads (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;

  /* Single results are boxed; moves in keep signaling payloads and raise nothing. */
  h->x[5] = 0x12345678ff800001ull;
  g_assert_cmpint (run (f, pvm_exec_fmv_w_x, 1, 5, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[1], ==, 0xffffffffff800001ull);
  g_assert_cmpint (run (f, pvm_exec_fsgnjn_s, 10, 1, 1, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, BOX (0x7f800001));
  g_assert_cmpint (run (f, pvm_exec_fsgnjx_s, 11, 10, 1, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[11], ==, BOX (0xff800001));
  g_assert_cmpint (run (f, pvm_exec_fsgnj_s, 12, 1, 10, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[12], ==, BOX (0x7f800001));
  g_assert_cmpint (run (f, pvm_exec_fmv_x_w, 10, 12, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, 0x7f800001);
  g_assert_cmpint (run (f, pvm_exec_fmv_x_w, 10, 11, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, 0xffffffffff800001ull); /* sign-extended */

  h->x[5] = 0xfff4000000abcdefull;
  g_assert_cmpint (run (f, pvm_exec_fmv_d_x, 2, 5, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[2], ==, 0xfff4000000abcdefull);
  g_assert_cmpint (run (f, pvm_exec_fsgnjx_d, 3, 2, 2, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[3], ==, 0x7ff4000000abcdefull);
  g_assert_cmpint (run (f, pvm_exec_fsgnjn_d, 3, 3, 3, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[3], ==, 0xfff4000000abcdefull);
  g_assert_cmpint (run (f, pvm_exec_fsgnj_d, 3, 3, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[3], ==, 0x7ff4000000abcdefull); /* f0 is +0 */
  g_assert_cmpint (run (f, pvm_exec_fmv_x_d, 10, 3, 0, 0, 0), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->x[10], ==, 0x7ff4000000abcdefull);
  g_assert_cmpuint (h->fflags, ==, 0);

  /* Arithmetic turns any NaN into the canonical one. */
  g_assert_cmpint (run (f, pvm_exec_fadd_d, 4, 3, 0, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[4], ==, PVM_FPU_QNAN_D);
  g_assert_cmpuint (h->fflags, ==, PVM_FFLAG_NV);
  g_assert_cmpint (run (f, pvm_exec_fcvt_s_d, 4, 3, 0, 0, PVM_FPU_RNE), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[4], ==, BOX (PVM_FPU_QNAN_S));
}

static void
test_fclass (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;
  static const struct {
    uint64_t s, d;
  } classes[10] = {
    { 0xff800000, 0xfff0000000000000ull }, /* -inf */
    { 0xbf800000, 0xbff0000000000000ull }, /* negative normal */
    { 0x807fffff, 0x800fffffffffffffull }, /* negative subnormal */
    { 0x80000000, 0x8000000000000000ull }, /* -0 */
    { 0x00000000, 0x0000000000000000ull }, /* +0 */
    { 0x00000001, 0x0000000000000001ull }, /* positive subnormal */
    { 0x7f7fffff, 0x7fefffffffffffffull }, /* positive normal */
    { 0x7f800000, 0x7ff0000000000000ull }, /* +inf */
    { 0xffbfffff, 0xfff7ffffffffffffull }, /* signaling NaN */
    { 0x7fc00000, 0x7ff8000000000000ull }, /* quiet NaN */
  };

  for (unsigned i = 0; i < 10; i++) {
    h->f[1] = BOX (classes[i].s);
    h->f[2] = classes[i].d;
    g_assert_cmpint (run (f, pvm_exec_fclass_s, 10, 1, 0, 0, 0), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->x[10], ==, 1u << i);
    g_assert_cmpint (run (f, pvm_exec_fclass_d, 10, 2, 0, 0, 0), ==, PVM_EXEC_NEXT);
    g_assert_cmphex (h->x[10], ==, 1u << i);
  }
  g_assert_cmpuint (h->fflags, ==, 0);
}

static void
test_loads_stores (Fixture *f, gconstpointer data)
{
  PvmHart *h = &f->hart;
  static const uint8_t bytes[16] = { 0x01, 0x00, 0x80, 0x7f, 0xef, 0xcd, 0xab, 0x00,
                                     0x00, 0x00, 0xf4, 0xff, 0x11, 0x22, 0x33, 0x44 };
  PvmInsn insn = { .rd = 10, .rs1 = 5, .rs2 = 10, .imm = -8, .raw = RAW, .len = 4 };

  memcpy (f->ram + 16, bytes, sizeof bytes);
  h->x[5] = RAM_BASE + 24;
  g_assert_cmpint (pvm_exec_flw (h, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, BOX (0x7f800001)); /* boxed, signaling payload kept */
  insn.imm = -4;
  g_assert_cmpint (pvm_exec_fld (h, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (h->f[10], ==, 0xfff4000000abcdefull);
  insn.imm = 8;
  g_assert_cmpint (pvm_exec_fsd (h, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmpmem (f->ram + 32, 8, bytes + 4, 8);
  h->f[10] = 0x0123456789abcdefull; /* not boxed: FSW stores the low half anyway */
  insn.imm = 16;
  g_assert_cmpint (pvm_exec_fsw (h, &insn), ==, PVM_EXEC_NEXT);
  g_assert_cmphex (*(uint32_t *) (f->ram + 40), ==, 0x89abcdef);
  g_assert_cmpuint (h->fflags, ==, 0);

  /* A faulting load leaves the register and FS alone. */
  h->mstatus = FS_BITS (PVM_FS_CLEAN);
  h->x[5] = 0x1000;
  insn.imm = 0;
  g_assert_cmpint (pvm_exec_fld (h, &insn), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (h->trap_cause, ==, PVM_EXC_LOAD_ACCESS);
  g_assert_cmphex (h->trap_tval, ==, 0x1000);
  g_assert_cmphex (h->f[10], ==, 0x0123456789abcdefull);
  g_assert_cmpuint (fs_of (h), ==, PVM_FS_CLEAN);
  g_assert_cmpint (pvm_exec_fsw (h, &insn), ==, PVM_EXEC_TRAP);
  g_assert_cmpuint (h->trap_cause, ==, PVM_EXC_STORE_ACCESS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/hv/cpu/fpu/" path, Fixture, NULL, fixture_set_up, fn, \
                                  fixture_tear_down)
  ADD ("fs-off-makes-every-f-and-d-instruction-illegal", test_fs_off);
  ADD ("writing-an-f-register-or-a-flag-makes-fs-dirty", test_fs_dirty);
  ADD ("reserved-rounding-modes-are-illegal-and-dyn-reads-frm", test_rounding_mode_field);
  ADD ("flags-accrue-in-fflags", test_flags_accrue);
  ADD ("leftover-host-fpu-state-changes-nothing", test_host_state);
  ADD ("unboxed-single-operands-read-as-the-canonical-nan", test_unboxed_operands);
  ADD ("moves-and-sign-injection-keep-nan-payloads", test_payloads);
  ADD ("fclass-reports-each-of-the-ten-classes", test_fclass);
  ADD ("loads-box-and-stores-move-raw-bits", test_loads_stores);
#undef ADD

  return g_test_run ();
}

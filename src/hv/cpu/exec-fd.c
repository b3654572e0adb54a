/* exec-fd.c: F and D extensions, register-to-register (loads and stores: exec-fd-mem.c).
 *
 * Each handler is written once as a template over the format suffix S (s, d) and stamped out
 * for both. Arithmetic in RNE/RTZ/RDN/RUP runs on the host SSE unit (fpu.h), RMM in software
 * (fpu.c). Conversions between integers and floating point use the host only where no rounding
 * mode is involved (truncation toward zero, integers the format holds exactly) and are rounded
 * on the bits otherwise; moves, sign injection, min/max and comparisons work on the bits.
 */
#include "hv/cpu/fpu.h"

#define FPU_PREC_s 24
#define FPU_PREC_d 53

/* The value of a single or double as a double: exact, NaN stays NaN. */
static inline double
fpu_double_s (uint32_t a)
{
  return (double) fpu_f32 (a);
}

static inline double
fpu_double_d (uint64_t a)
{
  return fpu_f64 (a);
}

/* If the integer @x of type @type is at most 2^@prec in magnitude (so that a format with @prec
 * bits of precision holds it exactly), stores its value in *@v and returns true. */
static inline bool
fpu_exact_int (uint64_t x, PvmFpuInt type, unsigned prec, int64_t *v)
{
  const uint64_t lim = 1ull << prec;

  switch (type) {
  case PVM_FPU_W:
    *v = (int32_t) x;
    break;
  case PVM_FPU_WU:
    *v = (uint32_t) x;
    break;
  case PVM_FPU_L:
    *v = (int64_t) x;
    break;
  default:
    *v = (int64_t) x;
    return x <= lim;
  }
  return (uint64_t) *v + lim <= 2 * lim;
}

static inline uint32_t
fpu_from_exact_s (int64_t v)
{
  return fpu_u32 ((float) v);
}

static inline uint64_t
fpu_from_exact_d (int64_t v)
{
  return fpu_u64 ((double) v);
}

/* FADD, FSUB, FMUL, FDIV. */
#define FPU_ARITH(NAME, S, OP, HOST)                                                    \
  int pvm_exec_##NAME##_##S (PvmHart *hart, const PvmInsn *insn)                        \
  {                                                                                     \
    unsigned rm;                                                                        \
    if (fpu_check_rm (hart, insn, &rm))                                                 \
      return PVM_EXEC_TRAP;                                                             \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1), b = fpu_read_##S (hart, insn->rs2); \
    FPU_UINT_##S r;                                                                     \
    if (PVM_LIKELY (rm != PVM_FPU_RMM)) {                                               \
      fpu_host_enter (rm);                                                              \
      r = fpu_host_##HOST##_##S (a, b);                                                 \
      fpu_host_leave (hart, fpu_usual_##S (r));                                         \
      r = fpu_canon_##S (r);                                                            \
    } else {                                                                            \
      uint32_t fl = 0;                                                                  \
      r = (FPU_UINT_##S) pvm_fpu_rmm (OP, FPU_DBL_##S, a, b, 0, &fl);                   \
      hart->fflags |= fl;                                                               \
    }                                                                                   \
    fpu_write_##S (hart, insn->rd, r);                                                  \
    return PVM_EXEC_NEXT;                                                               \
  }

/* FSQRT. */
#define FPU_SQRT(S)                                                    \
  int pvm_exec_fsqrt_##S (PvmHart *hart, const PvmInsn *insn)          \
  {                                                                    \
    unsigned rm;                                                       \
    if (fpu_check_rm (hart, insn, &rm))                                \
      return PVM_EXEC_TRAP;                                            \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1), r;                \
    if (PVM_LIKELY (rm != PVM_FPU_RMM)) {                              \
      fpu_host_enter (rm);                                             \
      r = fpu_host_sqrt_##S (a);                                       \
      fpu_host_leave (hart, fpu_usual_##S (r));                        \
      r = fpu_canon_##S (r);                                           \
    } else {                                                           \
      uint32_t fl = 0;                                                 \
      r = (FPU_UINT_##S) pvm_fpu_rmm (PVM_FPU_SQRT, FPU_DBL_##S, a, 0, 0, &fl); \
      hart->fflags |= fl;                                              \
    }                                                                  \
    fpu_write_##S (hart, insn->rd, r);                                 \
    return PVM_EXEC_NEXT;                                              \
  }

/* FMADD, FMSUB, FNMSUB, FNMADD: (+-rs1) * rs2 + (+-rs3), rounded once. The negations are exact,
 * so negating the operands gives the same result as negating the product or the sum. fma(inf,
 * 0, qNaN) is invalid on RISC-V whatever the host says. */
#define FPU_FMA(NAME, S, NEG_PRODUCT, NEG_ADDEND)                                       \
  int pvm_exec_##NAME##_##S (PvmHart *hart, const PvmInsn *insn)                        \
  {                                                                                     \
    unsigned rm;                                                                        \
    if (fpu_check_rm (hart, insn, &rm))                                                 \
      return PVM_EXEC_TRAP;                                                             \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1) ^ (NEG_PRODUCT ? FPU_SIGN_##S : 0); \
    FPU_UINT_##S b = fpu_read_##S (hart, insn->rs2);                                    \
    FPU_UINT_##S c = fpu_read_##S (hart, insn->rs3) ^ (NEG_ADDEND ? FPU_SIGN_##S : 0);  \
    FPU_UINT_##S r;                                                                     \
    if (PVM_LIKELY (rm != PVM_FPU_RMM)) {                                               \
      fpu_host_enter (rm);                                                              \
      r = fpu_host_fma_##S (a, b, c);                                                   \
      fpu_host_leave (hart, fpu_usual_##S (r));                                         \
      if (PVM_UNLIKELY (fpu_is_nan_##S (r))) {                                          \
        if (fpu_is_nan_##S (c) && fpu_inf_zero_##S (a, b))                              \
          hart->fflags |= PVM_FFLAG_NV;                                                 \
        r = FPU_QNAN_##S;                                                               \
      }                                                                                 \
    } else {                                                                            \
      uint32_t fl = 0;                                                                  \
      r = (FPU_UINT_##S) pvm_fpu_rmm (PVM_FPU_FMA, FPU_DBL_##S, a, b, c, &fl);          \
      hart->fflags |= fl;                                                               \
    }                                                                                   \
    fpu_write_##S (hart, insn->rd, r);                                                  \
    return PVM_EXEC_NEXT;                                                               \
  }

/* FSGNJ, FSGNJN, FSGNJX: bit operations that keep NaN payloads. */
#define FPU_SGNJ(NAME, S, SIGN_SRC)                                                     \
  int pvm_exec_##NAME##_##S (PvmHart *hart, const PvmInsn *insn)                        \
  {                                                                                     \
    if (fpu_check (hart, insn))                                                         \
      return PVM_EXEC_TRAP;                                                             \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1), b = fpu_read_##S (hart, insn->rs2); \
    fpu_write_##S (hart, insn->rd, (a & ~FPU_SIGN_##S) | ((SIGN_SRC) & FPU_SIGN_##S));  \
    return PVM_EXEC_NEXT;                                                               \
  }

/* An integer that orders non-NaN values as numbers, with -0 below +0. */
static inline int32_t
fpu_key_s (uint32_t a)
{
  return (int32_t) (a ^ ((uint32_t) ((int32_t) a >> 31) >> 1));
}

static inline int64_t
fpu_key_d (uint64_t a)
{
  return (int64_t) (a ^ ((uint64_t) ((int64_t) a >> 63) >> 1));
}

/* FMIN, FMAX (IEEE 754-2019 minimumNumber/maximumNumber with -0 < +0): one NaN operand gives
 * the other, two give the canonical NaN; a signaling NaN raises NV. */
#define FPU_MINMAX(NAME, S, CMP)                                                        \
  int pvm_exec_##NAME##_##S (PvmHart *hart, const PvmInsn *insn)                        \
  {                                                                                     \
    if (fpu_check (hart, insn))                                                         \
      return PVM_EXEC_TRAP;                                                             \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1), b = fpu_read_##S (hart, insn->rs2); \
    FPU_UINT_##S r;                                                                     \
    bool na = fpu_is_nan_##S (a), nb = fpu_is_nan_##S (b);                              \
    if (PVM_UNLIKELY (na || nb)) {                                                      \
      if (fpu_is_snan_##S (a) || fpu_is_snan_##S (b))                                   \
        hart->fflags |= PVM_FFLAG_NV;                                                   \
      r = na && nb ? FPU_QNAN_##S : na ? b : a;                                         \
    } else {                                                                            \
      r = fpu_key_##S (a) CMP fpu_key_##S (b) ? a : b;                                  \
    }                                                                                   \
    fpu_write_##S (hart, insn->rd, r);                                                  \
    return PVM_EXEC_NEXT;                                                               \
  }

/* FEQ (quiet: NV only for a signaling NaN), FLT and FLE (signaling: NV for any NaN). */
#define FPU_CMP(NAME, S, SIGNALING, EXPR)                                               \
  int pvm_exec_##NAME##_##S (PvmHart *hart, const PvmInsn *insn)                        \
  {                                                                                     \
    if (fpu_check (hart, insn))                                                         \
      return PVM_EXEC_TRAP;                                                             \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1), b = fpu_read_##S (hart, insn->rs2); \
    if (PVM_UNLIKELY (fpu_is_nan_##S (a) || fpu_is_nan_##S (b))) {                      \
      if (SIGNALING || fpu_is_snan_##S (a) || fpu_is_snan_##S (b))                      \
        fpu_accrue (hart, PVM_FFLAG_NV);                                                \
      hart->x[insn->rd] = 0;                                                            \
      return PVM_EXEC_NEXT;                                                             \
    }                                                                                   \
    bool zeros = ((a | b) & ~FPU_SIGN_##S) == 0;                                        \
    hart->x[insn->rd] = (EXPR);                                                         \
    return PVM_EXEC_NEXT;                                                               \
  }

/* FCVT.{W,WU,L,LU}.{S,D}. Rounding toward zero (C casts) of a value whose truncation is in
 * range is the host's truncating conversion; the rest is done on the bits. LO and HI bound the
 * fast path (exclusive); a NaN fails both comparisons. */
#define FPU_TO_INT(NAME, S, TYPE, LO, HI)                                               \
  int pvm_exec_##NAME (PvmHart *hart, const PvmInsn *insn)                              \
  {                                                                                     \
    unsigned rm;                                                                        \
    uint32_t fl = 0;                                                                    \
    if (fpu_check_rm (hart, insn, &rm))                                                 \
      return PVM_EXEC_TRAP;                                                             \
    FPU_UINT_##S a = fpu_read_##S (hart, insn->rs1);                                    \
    double v = fpu_double_##S (a);                                                      \
    if (PVM_LIKELY (rm == PVM_FPU_RTZ && v > (LO) && v < (HI))) {                        \
      int64_t i = (int64_t) v;                                                          \
      bool w = TYPE == PVM_FPU_W || TYPE == PVM_FPU_WU;                                 \
      hart->x[insn->rd] = w ? (uint64_t) (int64_t) (int32_t) (uint32_t) i : (uint64_t) i; \
      fpu_accrue (hart, (double) i != v ? PVM_FFLAG_NX : 0);                            \
      return PVM_EXEC_NEXT;                                                             \
    }                                                                                   \
    hart->x[insn->rd] = pvm_fpu_to_int (a, FPU_DBL_##S, TYPE, rm, &fl);                 \
    fpu_accrue (hart, fl);                                                              \
    return PVM_EXEC_NEXT;                                                               \
  }

/* FCVT.{S,D}.{W,WU,L,LU}. An integer that the format holds exactly converts on the host (no
 * rounding, so no mode and no flag); the rest is rounded on the bits. */
#define FPU_FROM_INT(NAME, S, TYPE)                                                     \
  int pvm_exec_##NAME (PvmHart *hart, const PvmInsn *insn)                              \
  {                                                                                     \
    unsigned rm;                                                                        \
    uint32_t fl = 0;                                                                    \
    int64_t v;                                                                          \
    FPU_UINT_##S r;                                                                     \
    if (fpu_check_rm (hart, insn, &rm))                                                 \
      return PVM_EXEC_TRAP;                                                             \
    if (PVM_LIKELY (fpu_exact_int (hart->x[insn->rs1], TYPE, FPU_PREC_##S, &v))) {      \
      r = fpu_from_exact_##S (v);                                                       \
    } else {                                                                            \
      r = (FPU_UINT_##S) pvm_fpu_from_int (hart->x[insn->rs1], TYPE, FPU_DBL_##S, rm, &fl); \
      hart->fflags |= fl;                                                               \
    }                                                                                   \
    fpu_write_##S (hart, insn->rd, r);                                                  \
    return PVM_EXEC_NEXT;                                                               \
  }

/* FCLASS. */
#define FPU_CLASS(S)                                                                    \
  int pvm_exec_fclass_##S (PvmHart *hart, const PvmInsn *insn)                          \
  {                                                                                     \
    if (fpu_check (hart, insn))                                                         \
      return PVM_EXEC_TRAP;                                                             \
    hart->x[insn->rd] = pvm_fpu_classify (fpu_read_##S (hart, insn->rs1), FPU_DBL_##S);  \
    return PVM_EXEC_NEXT;                                                               \
  }

#define FPU_ALL(S)                                                                \
  FPU_ARITH (fadd, S, PVM_FPU_ADD, add)                                           \
  FPU_ARITH (fsub, S, PVM_FPU_SUB, sub)                                           \
  FPU_ARITH (fmul, S, PVM_FPU_MUL, mul)                                           \
  FPU_ARITH (fdiv, S, PVM_FPU_DIV, div)                                           \
  FPU_SQRT (S)                                                                    \
  FPU_FMA (fmadd, S, 0, 0)                                                        \
  FPU_FMA (fmsub, S, 0, 1)                                                        \
  FPU_FMA (fnmsub, S, 1, 0)                                                       \
  FPU_FMA (fnmadd, S, 1, 1)                                                       \
  FPU_SGNJ (fsgnj, S, b)                                                          \
  FPU_SGNJ (fsgnjn, S, ~b)                                                        \
  FPU_SGNJ (fsgnjx, S, a ^ b)                                                     \
  FPU_MINMAX (fmin, S, <)                                                         \
  FPU_MINMAX (fmax, S, >)                                                         \
  FPU_CMP (feq, S, false, a == b || zeros)                                        \
  FPU_CMP (flt, S, true, !zeros && fpu_key_##S (a) < fpu_key_##S (b))             \
  FPU_CMP (fle, S, true, zeros || fpu_key_##S (a) <= fpu_key_##S (b))             \
  FPU_CLASS (S)

FPU_ALL (s)
FPU_ALL (d)

#define FPU_TO_INT_ALL(S)                                         \
  FPU_TO_INT (fcvt_w_##S, S, PVM_FPU_W, -0x1p31 - 1.0, 0x1p31)    \
  FPU_TO_INT (fcvt_wu_##S, S, PVM_FPU_WU, -1.0, 0x1p32)           \
  FPU_TO_INT (fcvt_l_##S, S, PVM_FPU_L, -0x1p63, 0x1p63)          \
  FPU_TO_INT (fcvt_lu_##S, S, PVM_FPU_LU, -1.0, 0x1p63)

FPU_TO_INT_ALL (s)
FPU_TO_INT_ALL (d)

FPU_FROM_INT (fcvt_s_w, s, PVM_FPU_W)
FPU_FROM_INT (fcvt_s_wu, s, PVM_FPU_WU)
FPU_FROM_INT (fcvt_s_l, s, PVM_FPU_L)
FPU_FROM_INT (fcvt_s_lu, s, PVM_FPU_LU)
FPU_FROM_INT (fcvt_d_w, d, PVM_FPU_W)
FPU_FROM_INT (fcvt_d_wu, d, PVM_FPU_WU)
FPU_FROM_INT (fcvt_d_l, d, PVM_FPU_L)
FPU_FROM_INT (fcvt_d_lu, d, PVM_FPU_LU)

/* FCVT.S.D rounds; FCVT.D.S is exact (its rm must still be valid). */
int
pvm_exec_fcvt_s_d (PvmHart *hart, const PvmInsn *insn)
{
  unsigned rm;
  if (fpu_check_rm (hart, insn, &rm))
    return PVM_EXEC_TRAP;
  uint64_t a = fpu_read_d (hart, insn->rs1);
  uint32_t r;
  if (PVM_LIKELY (rm != PVM_FPU_RMM)) {
    fpu_host_enter (rm);
    r = fpu_host_d_to_s (a);
    fpu_host_leave (hart, fpu_usual_s (r));
    r = fpu_canon_s (r);
  } else {
    uint32_t fl = 0;
    r = pvm_fpu_d_to_s (a, rm, &fl);
    hart->fflags |= fl;
  }
  fpu_write_s (hart, insn->rd, r);
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fcvt_d_s (PvmHart *hart, const PvmInsn *insn)
{
  unsigned rm;
  if (fpu_check_rm (hart, insn, &rm))
    return PVM_EXEC_TRAP;
  uint32_t a = fpu_read_s (hart, insn->rs1);
  uint64_t r;
  if (PVM_UNLIKELY (fpu_is_nan_s (a))) {
    if (fpu_is_snan_s (a))
      hart->fflags |= PVM_FFLAG_NV;
    r = PVM_FPU_QNAN_D;
  } else {
    r = fpu_u64 ((double) fpu_f32 (a));
  }
  fpu_write_d (hart, insn->rd, r);
  return PVM_EXEC_NEXT;
}

/* Moves between register files: raw bits, NaN payloads kept. FMV.X.W takes the low 32 bits
 * whatever the upper ones are. */
int
pvm_exec_fmv_x_w (PvmHart *hart, const PvmInsn *insn)
{
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  hart->x[insn->rd] = (uint64_t) (int64_t) (int32_t) (uint32_t) hart->f[insn->rs1];
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fmv_w_x (PvmHart *hart, const PvmInsn *insn)
{
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  fpu_write_s (hart, insn->rd, (uint32_t) hart->x[insn->rs1]);
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fmv_x_d (PvmHart *hart, const PvmInsn *insn)
{
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  hart->x[insn->rd] = hart->f[insn->rs1];
  return PVM_EXEC_NEXT;
}

int
pvm_exec_fmv_d_x (PvmHart *hart, const PvmInsn *insn)
{
  if (fpu_check (hart, insn))
    return PVM_EXEC_TRAP;
  fpu_write_d (hart, insn->rd, hart->x[insn->rs1]);
  return PVM_EXEC_NEXT;
}

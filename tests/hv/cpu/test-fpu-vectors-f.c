/* test-fpu-vectors-f.c: results and flags of the F extension's arithmetic, comparisons and
 * conversions (single precision), in every rounding mode, against vectors computed with exact
 * rational arithmetic (they agree with QEMU's); fpu-vectors.h runs them. */
#include "fpu-vectors.h"

/* a tie, above and below half, in every mode */
static const FpuCase round_cases[] = {
  S2 (fadd_s, 0, 0x3f800000, 0x33800000, 0x3f800000, NX), /* 1 + ulp/2 */
  S2 (fadd_s, 1, 0x3f800000, 0x33800000, 0x3f800000, NX),
  S2 (fadd_s, 2, 0x3f800000, 0x33800000, 0x3f800000, NX),
  S2 (fadd_s, 3, 0x3f800000, 0x33800000, 0x3f800001, NX),
  S2 (fadd_s, 4, 0x3f800000, 0x33800000, 0x3f800001, NX),
  S2 (fadd_s, 0, 0xbf800000, 0xb3800000, 0xbf800000, NX), /* -1 - ulp/2 */
  S2 (fadd_s, 1, 0xbf800000, 0xb3800000, 0xbf800000, NX),
  S2 (fadd_s, 2, 0xbf800000, 0xb3800000, 0xbf800001, NX),
  S2 (fadd_s, 3, 0xbf800000, 0xb3800000, 0xbf800000, NX),
  S2 (fadd_s, 4, 0xbf800000, 0xb3800000, 0xbf800001, NX),
  /* (1 + ulp) + ulp/2: tie to the odd side */
  S2 (fadd_s, 0, 0x3f800001, 0x33800000, 0x3f800002, NX),
  S2 (fadd_s, 1, 0x3f800001, 0x33800000, 0x3f800001, NX),
  S2 (fadd_s, 2, 0x3f800001, 0x33800000, 0x3f800001, NX),
  S2 (fadd_s, 3, 0x3f800001, 0x33800000, 0x3f800002, NX),
  S2 (fadd_s, 4, 0x3f800001, 0x33800000, 0x3f800002, NX),
  S2 (fsub_s, 0, 0x3f800000, 0x33400000, 0x3f7fffff, NX), /* 1 - 3ulp/8 */
  S2 (fsub_s, 1, 0x3f800000, 0x33400000, 0x3f7fffff, NX),
  S2 (fsub_s, 2, 0x3f800000, 0x33400000, 0x3f7fffff, NX),
  S2 (fsub_s, 3, 0x3f800000, 0x33400000, 0x3f800000, NX),
  S2 (fsub_s, 4, 0x3f800000, 0x33400000, 0x3f7fffff, NX),
};

/* exact results and signed zeros */
static const FpuCase zero_cases[] = {
  S2 (fadd_s, 0, 0x3fc00000, 0x40100000, 0x40700000, 0),
  S2 (fsub_s, 0, 0x3f800000, 0x3f800000, 0x0, 0), /* x - x = +0 */
  S2 (fsub_s, 2, 0x3f800000, 0x3f800000, 0x80000000, 0), /* x - x = -0 rounding down */
  S2 (fadd_s, 0, 0x80000000, 0x80000000, 0x80000000, 0), /* -0 + -0 */
  S2 (fadd_s, 0, 0x0, 0x80000000, 0x0, 0),
  S2 (fadd_s, 2, 0x0, 0x80000000, 0x80000000, 0),
  S2 (fmul_s, 0, 0x80000000, 0x3f800000, 0x80000000, 0),
};

/* overflow */
static const FpuCase overflow_cases[] = {
  S2 (fmul_s, 0, 0x7f7fffff, 0x40000000, 0x7f800000, OF | NX),
  S2 (fmul_s, 1, 0x7f7fffff, 0x40000000, 0x7f7fffff, OF | NX),
  S2 (fmul_s, 2, 0x7f7fffff, 0x40000000, 0x7f7fffff, OF | NX),
  S2 (fmul_s, 3, 0x7f7fffff, 0x40000000, 0x7f800000, OF | NX),
  S2 (fmul_s, 4, 0x7f7fffff, 0x40000000, 0x7f800000, OF | NX),
  S2 (fadd_s, 0, 0xff7fffff, 0xff7fffff, 0xff800000, OF | NX),
  S2 (fadd_s, 1, 0xff7fffff, 0xff7fffff, 0xff7fffff, OF | NX),
  S2 (fadd_s, 2, 0xff7fffff, 0xff7fffff, 0xff800000, OF | NX),
  S2 (fadd_s, 3, 0xff7fffff, 0xff7fffff, 0xff7fffff, OF | NX),
  S2 (fadd_s, 4, 0xff7fffff, 0xff7fffff, 0xff800000, OF | NX),
  S2 (fadd_s, 0, 0x7f800000, 0x3f800000, 0x7f800000, 0), /* infinity is exact */
};

/* underflow, tininess after rounding, subnormals */
static const FpuCase underflow_cases[] = {
  /* 2^emin * (1 - 2^-2(p-1)): tiny only if rounded down */
  S2 (fmul_s, 0, 0x3f7ffffe, 0x800001, 0x800000, NX),
  S2 (fmul_s, 1, 0x3f7ffffe, 0x800001, 0x7fffff, UF | NX),
  S2 (fmul_s, 2, 0x3f7ffffe, 0x800001, 0x7fffff, UF | NX),
  S2 (fmul_s, 3, 0x3f7ffffe, 0x800001, 0x800000, NX),
  S2 (fmul_s, 4, 0x3f7ffffe, 0x800001, 0x800000, NX),
  /* 2^emin * (1 - 2^-p): tiny, may round to 2^emin */
  S2 (fmul_s, 0, 0x3f7fffff, 0x800000, 0x800000, UF | NX),
  S2 (fmul_s, 1, 0x3f7fffff, 0x800000, 0x7fffff, UF | NX),
  S2 (fmul_s, 2, 0x3f7fffff, 0x800000, 0x7fffff, UF | NX),
  S2 (fmul_s, 3, 0x3f7fffff, 0x800000, 0x800000, UF | NX),
  S2 (fmul_s, 4, 0x3f7fffff, 0x800000, 0x800000, UF | NX),
  S2 (fmul_s, 0, 0x800000, 0x3f000000, 0x400000, 0), /* exact subnormal: no UF */
  S2 (fadd_s, 0, 0x1, 0x1, 0x2, 0), /* subnormal + subnormal */
  S2 (fmul_s, 0, 0x1, 0x3f000000, 0x0, UF | NX), /* smallest subnormal / 2 */
  S2 (fmul_s, 1, 0x1, 0x3f000000, 0x0, UF | NX),
  S2 (fmul_s, 2, 0x1, 0x3f000000, 0x0, UF | NX),
  S2 (fmul_s, 3, 0x1, 0x3f000000, 0x1, UF | NX),
  S2 (fmul_s, 4, 0x1, 0x3f000000, 0x1, UF | NX),
  S2 (fmul_s, 0, 0x80000001, 0x3f400000, 0x80000001, UF | NX),
};

/* division and square root (RMM rounds like RNE: they have no ties) */
static const FpuCase div_sqrt_cases[] = {
  S2 (fdiv_s, 0, 0x3f800000, 0x40400000, 0x3eaaaaab, NX),
  S2 (fdiv_s, 1, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX),
  S2 (fdiv_s, 2, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX),
  S2 (fdiv_s, 3, 0x3f800000, 0x40400000, 0x3eaaaaab, NX),
  S2 (fdiv_s, 4, 0x3f800000, 0x40400000, 0x3eaaaaab, NX),
  S2 (fdiv_s, 0, 0x3f800000, 0x0, 0x7f800000, DZ), /* 1/0 */
  S2 (fdiv_s, 0, 0xbf800000, 0x0, 0xff800000, DZ),
  S2 (fdiv_s, 0, 0x0, 0x0, 0x7fc00000, NV), /* 0/0 */
  S2 (fdiv_s, 0, 0x7f800000, 0x7f800000, 0x7fc00000, NV),
  S2 (fdiv_s, 0, 0x3f800000, 0x7f800000, 0x0, 0),
  S1 (fsqrt_s, 0, 0x40000000, 0x3fb504f3, NX),
  S1 (fsqrt_s, 1, 0x40000000, 0x3fb504f3, NX),
  S1 (fsqrt_s, 2, 0x40000000, 0x3fb504f3, NX),
  S1 (fsqrt_s, 3, 0x40000000, 0x3fb504f4, NX),
  S1 (fsqrt_s, 4, 0x40000000, 0x3fb504f3, NX),
  S1 (fsqrt_s, 0, 0x40800000, 0x40000000, 0),
  S1 (fsqrt_s, 0, 0xbf800000, 0x7fc00000, NV),
  S1 (fsqrt_s, 0, 0x80000000, 0x80000000, 0), /* sqrt(-0) = -0 */
  S1 (fsqrt_s, 0, 0x7f800000, 0x7f800000, 0),
  S1 (fsqrt_s, 0, 0xff800000, 0x7fc00000, NV),
  S1 (fsqrt_s, 0, 0x1, 0x1a3504f3, NX),
};

/* invalid operations */
static const FpuCase invalid_cases[] = {
  S2 (fsub_s, 0, 0x7f800000, 0x7f800000, 0x7fc00000, NV),
  S2 (fadd_s, 0, 0x7f800000, 0xff800000, 0x7fc00000, NV),
  S2 (fmul_s, 0, 0x7f800000, 0x0, 0x7fc00000, NV),
  S2 (fmul_s, 0, 0x80000000, 0xff800000, 0x7fc00000, NV),
};

/* fused multiply-add */
static const FpuCase fma_cases[] = {
  /* (1 + 2^-12)^2 - 1 exactly: one rounding */
  S3 (fmsub_s, 0, 0x3f800800, 0x3f800800, 0x3f800000, 0x3a000400, 0),
  S3 (fmadd_s, 0, 0x3f800800, 0x3f800800, 0x0, 0x3f801000, NX), /* the product is a tie */
  S3 (fmadd_s, 1, 0x3f800800, 0x3f800800, 0x0, 0x3f801000, NX),
  S3 (fmadd_s, 2, 0x3f800800, 0x3f800800, 0x0, 0x3f801000, NX),
  S3 (fmadd_s, 3, 0x3f800800, 0x3f800800, 0x0, 0x3f801001, NX),
  S3 (fmadd_s, 4, 0x3f800800, 0x3f800800, 0x0, 0x3f801001, NX),
  S3 (fmadd_s, 0, 0x40000000, 0x40400000, 0x3f800000, 0x40e00000, 0),
  S3 (fmsub_s, 0, 0x40000000, 0x40400000, 0x3f800000, 0x40a00000, 0),
  S3 (fnmsub_s, 0, 0x40000000, 0x40400000, 0x3f800000, 0xc0a00000, 0),
  S3 (fnmadd_s, 0, 0x40000000, 0x40400000, 0x3f800000, 0xc0e00000, 0),
  S3 (fnmadd_s, 0, 0x3f800000, 0x3f800000, 0xbf800000, 0x0, 0), /* -(1) - (-1) = +0 */
  S3 (fnmadd_s, 2, 0x3f800000, 0x3f800000, 0xbf800000, 0x80000000, 0),
  S3 (fmadd_s, 0, 0x0, 0xbf800000, 0x80000000, 0x80000000, 0), /* -0 + -0 = -0 */
  S3 (fmadd_s, 0, 0x7f800000, 0x0, 0x7fc00000, 0x7fc00000, NV), /* inf * 0 + qNaN is invalid */
  S3 (fmadd_s, 0, 0x0, 0xff800000, 0x7fc00000, 0x7fc00000, NV),
  S3 (fmadd_s, 4, 0x7f800000, 0x0, 0x7fc00000, 0x7fc00000, NV),
  S3 (fmadd_s, 0, 0x7f800000, 0x0, 0x3f800000, 0x7fc00000, NV),
  S3 (fmadd_s, 0, 0x7f800000, 0x3f800000, 0xff800000, 0x7fc00000, NV),
  S3 (fmadd_s, 0, 0x7fc00000, 0x0, 0x3f800000, 0x7fc00000, 0),
  S3 (fmadd_s, 0, 0x3f800000, 0x3f800000, 0x7f800005, 0x7fc00000, NV), /* sNaN addend */
  S3 (fmadd_s, 4, 0x3f800000, 0x3f800000, 0x7f800001, 0x7fc00000, NV),
  S3 (fmadd_s, 0, 0x7f7fffff, 0x40000000, 0xff7fffff, 0x7f7fffff, 0), /* no intermediate overflow */
  S3 (fmadd_s, 1, 0x7f7fffff, 0x40000000, 0xff7fffff, 0x7f7fffff, 0),
  S3 (fmadd_s, 2, 0x7f7fffff, 0x40000000, 0xff7fffff, 0x7f7fffff, 0),
  S3 (fmadd_s, 3, 0x7f7fffff, 0x40000000, 0xff7fffff, 0x7f7fffff, 0),
  S3 (fmadd_s, 4, 0x7f7fffff, 0x40000000, 0xff7fffff, 0x7f7fffff, 0),
  S3 (fnmsub_s, 0, 0x3f7ffffe, 0x800001, 0x0, 0x80800000, NX), /* tininess after rounding, fused */
  S3 (fnmsub_s, 1, 0x3f7ffffe, 0x800001, 0x0, 0x807fffff, UF | NX),
  S3 (fnmsub_s, 2, 0x3f7ffffe, 0x800001, 0x0, 0x80800000, NX),
  S3 (fnmsub_s, 3, 0x3f7ffffe, 0x800001, 0x0, 0x807fffff, UF | NX),
  S3 (fnmsub_s, 4, 0x3f7ffffe, 0x800001, 0x0, 0x80800000, NX),
};

/* NaN inputs give the canonical NaN */
static const FpuCase nan_cases[] = {
  S2 (fadd_s, 0, 0xffc00123, 0x3f800000, 0x7fc00000, 0), /* quiet NaN with payload */
  S2 (fmul_s, 0, 0x3f800000, 0x7f800123, 0x7fc00000, NV), /* signaling NaN */
  S2 (fsub_s, 4, 0x7f800001, 0x7fc00000, 0x7fc00000, NV),
  S2 (fdiv_s, 3, 0x7fc00007, 0x7fc00009, 0x7fc00000, 0),
  S1 (fsqrt_s, 4, 0x7f800001, 0x7fc00000, NV),
  S1 (fsqrt_s, 0, 0x7fc00001, 0x7fc00000, 0),
};

/* FCVT.*.X: NaN, infinities and out-of-range values saturate with NV */
static const FpuCase saturate_cases[] = {
  SX (fcvt_w_s, 0, 0xffc00000, 0x7fffffff, NV),
  SX (fcvt_w_s, 0, 0x7f800001, 0x7fffffff, NV),
  SX (fcvt_w_s, 0, 0xff800000, 0xffffffff80000000, NV),
  SX (fcvt_w_s, 0, 0x62800000, 0x7fffffff, NV),
  SX (fcvt_wu_s, 0, 0xffc00000, 0xffffffffffffffff, NV),
  SX (fcvt_wu_s, 0, 0x7f800001, 0xffffffffffffffff, NV),
  SX (fcvt_wu_s, 0, 0xff800000, 0x0, NV),
  SX (fcvt_wu_s, 0, 0x62800000, 0xffffffffffffffff, NV),
  SX (fcvt_l_s, 0, 0xffc00000, 0x7fffffffffffffff, NV),
  SX (fcvt_l_s, 0, 0x7f800001, 0x7fffffffffffffff, NV),
  SX (fcvt_l_s, 0, 0xff800000, 0x8000000000000000, NV),
  SX (fcvt_l_s, 0, 0x62800000, 0x7fffffffffffffff, NV),
  SX (fcvt_lu_s, 0, 0xffc00000, 0xffffffffffffffff, NV),
  SX (fcvt_lu_s, 0, 0x7f800001, 0xffffffffffffffff, NV),
  SX (fcvt_lu_s, 0, 0xff800000, 0x0, NV),
  SX (fcvt_lu_s, 0, 0x62800000, 0xffffffffffffffff, NV),
};

/* FCVT.*.X: the edges of each range */
static const FpuCase edge_cases[] = {
  SX (fcvt_w_s, 1, 0x4f000000, 0x7fffffff, NV),
  SX (fcvt_w_s, 1, 0xcf000000, 0xffffffff80000000, 0),
  SX (fcvt_w_s, 1, 0x4effffff, 0x7fffff80, 0),
  SX (fcvt_w_s, 1, 0xbf800000, 0xffffffffffffffff, 0),
  SX (fcvt_w_s, 0, 0x80000000, 0x0, 0), /* -0 */
  SX (fcvt_wu_s, 1, 0x4f800000, 0xffffffffffffffff, NV),
  SX (fcvt_wu_s, 1, 0x4f7fffff, 0xffffffffffffff00, 0),
  SX (fcvt_wu_s, 1, 0x4f32d05e, 0xffffffffb2d05e00, 0),
  SX (fcvt_wu_s, 1, 0xbf800000, 0x0, NV),
  SX (fcvt_wu_s, 1, 0xbf000000, 0x0, NX),
  SX (fcvt_wu_s, 0, 0x80000000, 0x0, 0), /* -0 */
  SX (fcvt_l_s, 1, 0x5f000000, 0x7fffffffffffffff, NV),
  SX (fcvt_l_s, 1, 0xdf000000, 0x8000000000000000, 0),
  SX (fcvt_l_s, 1, 0x5effffff, 0x7fffff8000000000, 0),
  SX (fcvt_l_s, 1, 0xdf000001, 0x8000000000000000, NV),
  SX (fcvt_l_s, 0, 0x80000000, 0x0, 0), /* -0 */
  SX (fcvt_lu_s, 1, 0x5f800000, 0xffffffffffffffff, NV),
  SX (fcvt_lu_s, 1, 0x5f7fffff, 0xffffff0000000000, 0),
  SX (fcvt_lu_s, 1, 0xbf800000, 0x0, NV),
  SX (fcvt_lu_s, 1, 0xbe800000, 0x0, NX),
  SX (fcvt_lu_s, 0, 0x80000000, 0x0, 0), /* -0 */
  SX (fcvt_wu_s, 2, 0xbf000000, 0x0, NV), /* -0.5 rounds down to -1: invalid */
  SX (fcvt_lu_s, 4, 0xbf000000, 0x0, NV), /* -0.5 rounds away to -1: invalid */
  SX (fcvt_lu_s, 0, 0xbf000000, 0x0, NX), /* -0.5 rounds to -0: inexact only */
};

/* FCVT.*.X: rounding modes */
static const FpuCase to_int_round_cases[] = {
  SX (fcvt_w_s, 0, 0x40200000, 0x2, NX), /* 2.5 */
  SX (fcvt_w_s, 1, 0x40200000, 0x2, NX),
  SX (fcvt_w_s, 2, 0x40200000, 0x2, NX),
  SX (fcvt_w_s, 3, 0x40200000, 0x3, NX),
  SX (fcvt_w_s, 4, 0x40200000, 0x3, NX),
  SX (fcvt_w_s, 0, 0xc0200000, 0xfffffffffffffffe, NX), /* -2.5 */
  SX (fcvt_w_s, 1, 0xc0200000, 0xfffffffffffffffe, NX),
  SX (fcvt_w_s, 2, 0xc0200000, 0xfffffffffffffffd, NX),
  SX (fcvt_w_s, 3, 0xc0200000, 0xfffffffffffffffe, NX),
  SX (fcvt_w_s, 4, 0xc0200000, 0xfffffffffffffffd, NX),
  SX (fcvt_w_s, 0, 0x40600000, 0x4, NX), /* 3.5 */
  SX (fcvt_w_s, 1, 0x40600000, 0x3, NX),
  SX (fcvt_w_s, 2, 0x40600000, 0x3, NX),
  SX (fcvt_w_s, 3, 0x40600000, 0x4, NX),
  SX (fcvt_w_s, 4, 0x40600000, 0x4, NX),
  SX (fcvt_w_s, 0, 0x3f400000, 0x1, NX), /* 0.75 */
  SX (fcvt_w_s, 1, 0x3f400000, 0x0, NX),
  SX (fcvt_w_s, 2, 0x3f400000, 0x0, NX),
  SX (fcvt_w_s, 3, 0x3f400000, 0x1, NX),
  SX (fcvt_w_s, 4, 0x3f400000, 0x1, NX),
  SX (fcvt_w_s, 0, 0xbe800000, 0x0, NX), /* -0.25 */
  SX (fcvt_w_s, 1, 0xbe800000, 0x0, NX),
  SX (fcvt_w_s, 2, 0xbe800000, 0xffffffffffffffff, NX),
  SX (fcvt_w_s, 3, 0xbe800000, 0x0, NX),
  SX (fcvt_w_s, 4, 0xbe800000, 0x0, NX),
  SX (fcvt_w_s, 0, 0x3f000000, 0x0, NX), /* 0.5 */
  SX (fcvt_w_s, 1, 0x3f000000, 0x0, NX),
  SX (fcvt_w_s, 2, 0x3f000000, 0x0, NX),
  SX (fcvt_w_s, 3, 0x3f000000, 0x1, NX),
  SX (fcvt_w_s, 4, 0x3f000000, 0x1, NX),
  SX (fcvt_lu_s, 0, 0x40900000, 0x4, NX),
  SX (fcvt_lu_s, 1, 0x40900000, 0x4, NX),
  SX (fcvt_lu_s, 2, 0x40900000, 0x4, NX),
  SX (fcvt_lu_s, 3, 0x40900000, 0x5, NX),
  SX (fcvt_lu_s, 4, 0x40900000, 0x5, NX),
  SX (fcvt_l_s, 0, 0xc0900000, 0xfffffffffffffffc, NX),
  SX (fcvt_l_s, 1, 0xc0900000, 0xfffffffffffffffc, NX),
  SX (fcvt_l_s, 2, 0xc0900000, 0xfffffffffffffffb, NX),
  SX (fcvt_l_s, 3, 0xc0900000, 0xfffffffffffffffc, NX),
  SX (fcvt_l_s, 4, 0xc0900000, 0xfffffffffffffffb, NX),
  SX (fcvt_w_s, 0, 0x1, 0x0, NX), /* smallest subnormal */
  SX (fcvt_w_s, 3, 0x1, 0x1, NX),
  SX (fcvt_l_s, 2, 0x80000001, 0xffffffffffffffff, NX),
};

/* FCVT.int */
static const FpuCase from_int_cases[] = {
  XS (fcvt_s_w, 0, 0x1000001, 0x4b800000, NX),
  XS (fcvt_s_w, 1, 0x1000001, 0x4b800000, NX),
  XS (fcvt_s_w, 2, 0x1000001, 0x4b800000, NX),
  XS (fcvt_s_w, 3, 0x1000001, 0x4b800001, NX),
  XS (fcvt_s_w, 4, 0x1000001, 0x4b800001, NX),
  XS (fcvt_s_w, 0, 0xfffffffffeffffff, 0xcb800000, NX),
  XS (fcvt_s_w, 1, 0xfffffffffeffffff, 0xcb800000, NX),
  XS (fcvt_s_w, 2, 0xfffffffffeffffff, 0xcb800001, NX),
  XS (fcvt_s_w, 3, 0xfffffffffeffffff, 0xcb800000, NX),
  XS (fcvt_s_w, 4, 0xfffffffffeffffff, 0xcb800001, NX),
  XS (fcvt_s_w, 0, 0x1000003, 0x4b800002, NX),
  XS (fcvt_s_w, 1, 0x1000003, 0x4b800001, NX),
  XS (fcvt_s_w, 2, 0x1000003, 0x4b800001, NX),
  XS (fcvt_s_w, 3, 0x1000003, 0x4b800002, NX),
  XS (fcvt_s_w, 4, 0x1000003, 0x4b800002, NX),
  XS (fcvt_s_w, 0, 0xffffffff80000000, 0xcf000000, 0), /* INT32_MIN */
  XS (fcvt_s_w, 0, 0x1ffffffff, 0xbf800000, 0), /* only the low 32 bits count */
  XS (fcvt_s_w, 0, 0x0, 0x0, 0),
  XS (fcvt_s_wu, 0, 0xdeadbeef00000003, 0x40400000, 0),
  XS (fcvt_s_wu, 0, 0xffffffff, 0x4f800000, NX),
  XS (fcvt_s_wu, 1, 0xffffffff, 0x4f7fffff, NX),
  XS (fcvt_s_wu, 2, 0xffffffff, 0x4f7fffff, NX),
  XS (fcvt_s_wu, 3, 0xffffffff, 0x4f800000, NX),
  XS (fcvt_s_wu, 4, 0xffffffff, 0x4f800000, NX),
  XS (fcvt_s_l, 0, 0x8000000000000000, 0xdf000000, 0), /* INT64_MIN */
  XS (fcvt_s_l, 0, 0x7fffffffffffffff, 0x5f000000, NX),
  XS (fcvt_s_l, 1, 0x7fffffffffffffff, 0x5effffff, NX),
  XS (fcvt_s_l, 2, 0x7fffffffffffffff, 0x5effffff, NX),
  XS (fcvt_s_l, 3, 0x7fffffffffffffff, 0x5f000000, NX),
  XS (fcvt_s_l, 4, 0x7fffffffffffffff, 0x5f000000, NX),
  XS (fcvt_s_l, 0, 0xffdfffffffffffff, 0xda000000, NX),
  XS (fcvt_s_l, 1, 0xffdfffffffffffff, 0xda000000, NX),
  XS (fcvt_s_l, 2, 0xffdfffffffffffff, 0xda000001, NX),
  XS (fcvt_s_l, 3, 0xffdfffffffffffff, 0xda000000, NX),
  XS (fcvt_s_l, 4, 0xffdfffffffffffff, 0xda000000, NX),
  XS (fcvt_s_lu, 0, 0xffffffffffffffff, 0x5f800000, NX),
  XS (fcvt_s_lu, 1, 0xffffffffffffffff, 0x5f7fffff, NX),
  XS (fcvt_s_lu, 2, 0xffffffffffffffff, 0x5f7fffff, NX),
  XS (fcvt_s_lu, 3, 0xffffffffffffffff, 0x5f800000, NX),
  XS (fcvt_s_lu, 4, 0xffffffffffffffff, 0x5f800000, NX),
  XS (fcvt_s_lu, 0, 0x20000000000001, 0x5a000000, NX),
  XS (fcvt_s_lu, 1, 0x20000000000001, 0x5a000000, NX),
  XS (fcvt_s_lu, 2, 0x20000000000001, 0x5a000000, NX),
  XS (fcvt_s_lu, 3, 0x20000000000001, 0x5a000001, NX),
  XS (fcvt_s_lu, 4, 0x20000000000001, 0x5a000000, NX),
  XS (fcvt_s_lu, 0, 0xfffffffffffffc00, 0x5f800000, NX),
  XS (fcvt_s_lu, 1, 0xfffffffffffffc00, 0x5f7fffff, NX),
  XS (fcvt_s_lu, 2, 0xfffffffffffffc00, 0x5f7fffff, NX),
  XS (fcvt_s_lu, 3, 0xfffffffffffffc00, 0x5f800000, NX),
  XS (fcvt_s_lu, 4, 0xfffffffffffffc00, 0x5f800000, NX),
};

/* FMIN and FMAX */
static const FpuCase minmax_cases[] = {
  S2 (fmin_s, 0, 0x3f800000, 0x40000000, 0x3f800000, 0),
  S2 (fmin_s, 0, 0xbf800000, 0x40000000, 0xbf800000, 0),
  S2 (fmin_s, 0, 0x0, 0x80000000, 0x80000000, 0), /* +0, -0 */
  S2 (fmin_s, 0, 0x80000000, 0x0, 0x80000000, 0), /* -0, +0 */
  S2 (fmin_s, 0, 0x7fc00003, 0x3f800000, 0x3f800000, 0), /* one quiet NaN: the other operand */
  S2 (fmin_s, 0, 0x3f800000, 0xffc00003, 0x3f800000, 0),
  /* a signaling NaN: the other operand, NV */
  S2 (fmin_s, 0, 0x7f800003, 0x3f800000, 0x3f800000, NV),
  S2 (fmin_s, 0, 0x7fc00003, 0xffc00003, 0x7fc00000, 0), /* two NaNs: canonical */
  S2 (fmin_s, 0, 0x7f800003, 0x7fc00003, 0x7fc00000, NV),
  S2 (fmin_s, 0, 0xff800000, 0x7f7fffff, 0xff800000, 0),
  S2 (fmin_s, 0, 0x1, 0x80000001, 0x80000001, 0), /* subnormals */
  S2 (fmax_s, 0, 0x3f800000, 0x40000000, 0x40000000, 0),
  S2 (fmax_s, 0, 0xbf800000, 0x40000000, 0x40000000, 0),
  S2 (fmax_s, 0, 0x0, 0x80000000, 0x0, 0), /* +0, -0 */
  S2 (fmax_s, 0, 0x80000000, 0x0, 0x0, 0), /* -0, +0 */
  S2 (fmax_s, 0, 0x7fc00003, 0x3f800000, 0x3f800000, 0), /* one quiet NaN: the other operand */
  S2 (fmax_s, 0, 0x3f800000, 0xffc00003, 0x3f800000, 0),
  /* a signaling NaN: the other operand, NV */
  S2 (fmax_s, 0, 0x7f800003, 0x3f800000, 0x3f800000, NV),
  S2 (fmax_s, 0, 0x7fc00003, 0xffc00003, 0x7fc00000, 0), /* two NaNs: canonical */
  S2 (fmax_s, 0, 0x7f800003, 0x7fc00003, 0x7fc00000, NV),
  S2 (fmax_s, 0, 0xff800000, 0x7f7fffff, 0x7f7fffff, 0),
  S2 (fmax_s, 0, 0x1, 0x80000001, 0x1, 0), /* subnormals */
};

/* FEQ, FLT, FLE */
static const FpuCase cmp_cases[] = {
  SX2 (feq_s, 0, 0x3f800000, 0x3f800000, 0x1, 0),
  SX2 (feq_s, 0, 0x3f800000, 0x40000000, 0x0, 0),
  SX2 (feq_s, 0, 0x40000000, 0x3f800000, 0x0, 0),
  SX2 (feq_s, 0, 0x80000000, 0x0, 0x1, 0), /* -0, +0 */
  SX2 (feq_s, 0, 0xff800000, 0xbf800000, 0x0, 0),
  SX2 (feq_s, 0, 0x80000001, 0x1, 0x0, 0),
  SX2 (feq_s, 0, 0x7fc00003, 0x3f800000, 0x0, 0), /* quiet NaN */
  SX2 (feq_s, 0, 0x3f800000, 0x7f800003, 0x0, NV), /* signaling NaN */
  SX2 (feq_s, 0, 0x7fc00003, 0x7fc00003, 0x0, 0),
  SX2 (flt_s, 0, 0x3f800000, 0x3f800000, 0x0, 0),
  SX2 (flt_s, 0, 0x3f800000, 0x40000000, 0x1, 0),
  SX2 (flt_s, 0, 0x40000000, 0x3f800000, 0x0, 0),
  SX2 (flt_s, 0, 0x80000000, 0x0, 0x0, 0), /* -0, +0 */
  SX2 (flt_s, 0, 0xff800000, 0xbf800000, 0x1, 0),
  SX2 (flt_s, 0, 0x80000001, 0x1, 0x1, 0),
  SX2 (flt_s, 0, 0x7fc00003, 0x3f800000, 0x0, NV), /* quiet NaN */
  SX2 (flt_s, 0, 0x3f800000, 0x7f800003, 0x0, NV), /* signaling NaN */
  SX2 (flt_s, 0, 0x7fc00003, 0x7fc00003, 0x0, NV),
  SX2 (fle_s, 0, 0x3f800000, 0x3f800000, 0x1, 0),
  SX2 (fle_s, 0, 0x3f800000, 0x40000000, 0x1, 0),
  SX2 (fle_s, 0, 0x40000000, 0x3f800000, 0x0, 0),
  SX2 (fle_s, 0, 0x80000000, 0x0, 0x1, 0), /* -0, +0 */
  SX2 (fle_s, 0, 0xff800000, 0xbf800000, 0x1, 0),
  SX2 (fle_s, 0, 0x80000001, 0x1, 0x1, 0),
  SX2 (fle_s, 0, 0x7fc00003, 0x3f800000, 0x0, NV), /* quiet NaN */
  SX2 (fle_s, 0, 0x3f800000, 0x7f800003, 0x0, NV), /* signaling NaN */
  SX2 (fle_s, 0, 0x7fc00003, 0x7fc00003, 0x0, NV),
};

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/add-rounds-ties-and-halves-in-every-mode", round_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/exact-results-and-zero-signs-follow-ieee", zero_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/overflow-gives-infinity-or-the-largest-finite-by-mode",
                  overflow_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/underflow-is-detected-after-rounding", underflow_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/div-and-sqrt-round-in-every-mode", div_sqrt_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/invalid-operations-raise-nv", invalid_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/fma-rounds-once-and-inf-times-zero-is-invalid", fma_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/nan-operands-give-the-canonical-nan", nan_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/float-to-int-saturates-with-nv", saturate_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/float-to-int-range-edges", edge_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/float-to-int-rounds-in-every-mode", to_int_round_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/int-to-float-rounds-in-every-mode", from_int_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/min-max-follow-minimum-number", minmax_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/f/feq-is-quiet-flt-fle-signal", cmp_cases);
  return g_test_run ();
}

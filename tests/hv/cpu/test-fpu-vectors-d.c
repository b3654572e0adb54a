/* test-fpu-vectors-d.c: results and flags of the D extension's arithmetic, comparisons and
 * conversions (double precision, and between single and double), in every rounding mode,
 * against vectors computed with exact rational arithmetic (they agree with QEMU's);
 * fpu-vectors.h runs them. */
#include "fpu-vectors.h"

/* a tie, above and below half, in every mode */
static const FpuCase round_cases[] = {
  D2 (fadd_d, 0, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, NX), /* 1 + ulp/2 */
  D2 (fadd_d, 1, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, NX),
  D2 (fadd_d, 2, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, NX),
  D2 (fadd_d, 3, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000001, NX),
  D2 (fadd_d, 4, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000001, NX),
  D2 (fadd_d, 0, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000000, NX), /* -1 - ulp/2 */
  D2 (fadd_d, 1, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000000, NX),
  D2 (fadd_d, 2, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000001, NX),
  D2 (fadd_d, 3, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000000, NX),
  D2 (fadd_d, 4, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000001, NX),
};

/* exact results and signed zeros */
static const FpuCase zero_cases[] = {
  D2 (fadd_d, 0, 0x3ff8000000000000, 0x4002000000000000, 0x400e000000000000, 0),
  D2 (fsub_d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x0, 0), /* x - x = +0 */
  /* x - x = -0 rounding down */
  D2 (fsub_d, 2, 0x3ff0000000000000, 0x3ff0000000000000, 0x8000000000000000, 0),
  D2 (fadd_d, 0, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000, 0), /* -0 + -0 */
  D2 (fadd_d, 0, 0x0, 0x8000000000000000, 0x0, 0),
  D2 (fadd_d, 2, 0x0, 0x8000000000000000, 0x8000000000000000, 0),
  D2 (fmul_d, 0, 0x8000000000000000, 0x3ff0000000000000, 0x8000000000000000, 0),
};

/* overflow */
static const FpuCase overflow_cases[] = {
  D2 (fmul_d, 0, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, OF | NX),
  D2 (fmul_d, 1, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, OF | NX),
  D2 (fmul_d, 2, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, OF | NX),
  D2 (fmul_d, 3, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, OF | NX),
  D2 (fmul_d, 4, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, OF | NX),
  D2 (fadd_d, 0, 0xffefffffffffffff, 0xffefffffffffffff, 0xfff0000000000000, OF | NX),
  D2 (fadd_d, 1, 0xffefffffffffffff, 0xffefffffffffffff, 0xffefffffffffffff, OF | NX),
  D2 (fadd_d, 2, 0xffefffffffffffff, 0xffefffffffffffff, 0xfff0000000000000, OF | NX),
  D2 (fadd_d, 3, 0xffefffffffffffff, 0xffefffffffffffff, 0xffefffffffffffff, OF | NX),
  D2 (fadd_d, 4, 0xffefffffffffffff, 0xffefffffffffffff, 0xfff0000000000000, OF | NX),
  /* infinity is exact */
  D2 (fadd_d, 0, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000, 0),
};

/* underflow, tininess after rounding, subnormals */
static const FpuCase underflow_cases[] = {
  /* 2^emin * (1 - 2^-2(p-1)): tiny only if rounded down */
  D2 (fmul_d, 0, 0x3feffffffffffffe, 0x10000000000001, 0x10000000000000, NX),
  D2 (fmul_d, 1, 0x3feffffffffffffe, 0x10000000000001, 0xfffffffffffff, UF | NX),
  D2 (fmul_d, 2, 0x3feffffffffffffe, 0x10000000000001, 0xfffffffffffff, UF | NX),
  D2 (fmul_d, 3, 0x3feffffffffffffe, 0x10000000000001, 0x10000000000000, NX),
  D2 (fmul_d, 4, 0x3feffffffffffffe, 0x10000000000001, 0x10000000000000, NX),
  /* 2^emin * (1 - 2^-p): tiny, may round to 2^emin */
  D2 (fmul_d, 0, 0x3fefffffffffffff, 0x10000000000000, 0x10000000000000, UF | NX),
  D2 (fmul_d, 1, 0x3fefffffffffffff, 0x10000000000000, 0xfffffffffffff, UF | NX),
  D2 (fmul_d, 2, 0x3fefffffffffffff, 0x10000000000000, 0xfffffffffffff, UF | NX),
  D2 (fmul_d, 3, 0x3fefffffffffffff, 0x10000000000000, 0x10000000000000, UF | NX),
  D2 (fmul_d, 4, 0x3fefffffffffffff, 0x10000000000000, 0x10000000000000, UF | NX),
  /* exact subnormal: no UF */
  D2 (fmul_d, 0, 0x10000000000000, 0x3fe0000000000000, 0x8000000000000, 0),
  D2 (fadd_d, 0, 0x1, 0x1, 0x2, 0), /* subnormal + subnormal */
  D2 (fmul_d, 0, 0x1, 0x3fe0000000000000, 0x0, UF | NX), /* smallest subnormal / 2 */
  D2 (fmul_d, 1, 0x1, 0x3fe0000000000000, 0x0, UF | NX),
  D2 (fmul_d, 2, 0x1, 0x3fe0000000000000, 0x0, UF | NX),
  D2 (fmul_d, 3, 0x1, 0x3fe0000000000000, 0x1, UF | NX),
  D2 (fmul_d, 4, 0x1, 0x3fe0000000000000, 0x1, UF | NX),
  D2 (fmul_d, 0, 0x8000000000000001, 0x3fe8000000000000, 0x8000000000000001, UF | NX),
};

/* division and square root (RMM rounds like RNE: they have no ties) */
static const FpuCase div_sqrt_cases[] = {
  D2 (fdiv_d, 0, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX),
  D2 (fdiv_d, 1, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX),
  D2 (fdiv_d, 2, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX),
  D2 (fdiv_d, 3, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555556, NX),
  D2 (fdiv_d, 4, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX),
  D2 (fdiv_d, 0, 0x3ff0000000000000, 0x0, 0x7ff0000000000000, DZ), /* 1/0 */
  D2 (fdiv_d, 0, 0xbff0000000000000, 0x0, 0xfff0000000000000, DZ),
  D2 (fdiv_d, 0, 0x0, 0x0, 0x7ff8000000000000, NV), /* 0/0 */
  D2 (fdiv_d, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0x7ff8000000000000, NV),
  D2 (fdiv_d, 0, 0x3ff0000000000000, 0x7ff0000000000000, 0x0, 0),
  D1 (fsqrt_d, 0, 0x4000000000000000, 0x3ff6a09e667f3bcd, NX),
  D1 (fsqrt_d, 1, 0x4000000000000000, 0x3ff6a09e667f3bcc, NX),
  D1 (fsqrt_d, 2, 0x4000000000000000, 0x3ff6a09e667f3bcc, NX),
  D1 (fsqrt_d, 3, 0x4000000000000000, 0x3ff6a09e667f3bcd, NX),
  D1 (fsqrt_d, 4, 0x4000000000000000, 0x3ff6a09e667f3bcd, NX),
  D1 (fsqrt_d, 0, 0x4010000000000000, 0x4000000000000000, 0),
  D1 (fsqrt_d, 0, 0xbff0000000000000, 0x7ff8000000000000, NV),
  D1 (fsqrt_d, 0, 0x8000000000000000, 0x8000000000000000, 0), /* sqrt(-0) = -0 */
  D1 (fsqrt_d, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0),
  D1 (fsqrt_d, 0, 0xfff0000000000000, 0x7ff8000000000000, NV),
  D1 (fsqrt_d, 0, 0x1, 0x1e60000000000000, 0),
};

/* invalid operations */
static const FpuCase invalid_cases[] = {
  D2 (fsub_d, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0x7ff8000000000000, NV),
  D2 (fadd_d, 0, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, NV),
  D2 (fmul_d, 0, 0x7ff0000000000000, 0x0, 0x7ff8000000000000, NV),
  D2 (fmul_d, 0, 0x8000000000000000, 0xfff0000000000000, 0x7ff8000000000000, NV),
};

/* fused multiply-add */
static const FpuCase fma_cases[] = {
  /* (1 + 2^-26)^2 - 1 exactly: one rounding */
  D3 (fmsub_d, 0, 0x3ff0000004000000, 0x3ff0000004000000, 0x3ff0000000000000,
      0x3e60000002000000, 0),
  /* the product is a tie */
  D3 (fmadd_d, 0, 0x3ff0000004000000, 0x3ff0000002000000, 0x0, 0x3ff0000006000000, NX),
  D3 (fmadd_d, 1, 0x3ff0000004000000, 0x3ff0000002000000, 0x0, 0x3ff0000006000000, NX),
  D3 (fmadd_d, 2, 0x3ff0000004000000, 0x3ff0000002000000, 0x0, 0x3ff0000006000000, NX),
  D3 (fmadd_d, 3, 0x3ff0000004000000, 0x3ff0000002000000, 0x0, 0x3ff0000006000001, NX),
  D3 (fmadd_d, 4, 0x3ff0000004000000, 0x3ff0000002000000, 0x0, 0x3ff0000006000001, NX),
  /* -(1) - (-1) = +0 */
  D3 (fnmadd_d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x0, 0),
  D3 (fnmadd_d, 2, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000,
      0x8000000000000000, 0),
  /* -0 + -0 = -0 */
  D3 (fmadd_d, 0, 0x0, 0xbff0000000000000, 0x8000000000000000, 0x8000000000000000, 0),
  /* inf * 0 + qNaN is invalid */
  D3 (fmadd_d, 0, 0x7ff0000000000000, 0x0, 0x7ff8000000000000, 0x7ff8000000000000, NV),
  D3 (fmadd_d, 0, 0x0, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff8000000000000, NV),
  D3 (fmadd_d, 4, 0x7ff0000000000000, 0x0, 0x7ff8000000000000, 0x7ff8000000000000, NV),
  D3 (fmadd_d, 0, 0x7ff0000000000000, 0x0, 0x3ff0000000000000, 0x7ff8000000000000, NV),
  D3 (fmadd_d, 0, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000,
      0x7ff8000000000000, NV),
  D3 (fmadd_d, 0, 0x7ff8000000000000, 0x0, 0x3ff0000000000000, 0x7ff8000000000000, 0),
  /* sNaN addend */
  D3 (fmadd_d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000005,
      0x7ff8000000000000, NV),
  D3 (fmadd_d, 4, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000001,
      0x7ff8000000000000, NV),
  /* no intermediate overflow */
  D3 (fmadd_d, 0, 0x7fefffffffffffff, 0x4000000000000000, 0xffefffffffffffff,
      0x7fefffffffffffff, 0),
  /* tininess after rounding, fused */
  D3 (fnmsub_d, 0, 0x3feffffffffffffe, 0x10000000000001, 0x0, 0x8010000000000000, NX),
  D3 (fnmsub_d, 1, 0x3feffffffffffffe, 0x10000000000001, 0x0, 0x800fffffffffffff, UF | NX),
  D3 (fnmsub_d, 2, 0x3feffffffffffffe, 0x10000000000001, 0x0, 0x8010000000000000, NX),
  D3 (fnmsub_d, 3, 0x3feffffffffffffe, 0x10000000000001, 0x0, 0x800fffffffffffff, UF | NX),
  D3 (fnmsub_d, 4, 0x3feffffffffffffe, 0x10000000000001, 0x0, 0x8010000000000000, NX),
};

/* NaN inputs give the canonical NaN */
static const FpuCase nan_cases[] = {
  /* quiet NaN with payload */
  D2 (fadd_d, 0, 0xfff8000000000123, 0x3ff0000000000000, 0x7ff8000000000000, 0),
  /* signaling NaN */
  D2 (fmul_d, 0, 0x3ff0000000000000, 0x7ff0000000000123, 0x7ff8000000000000, NV),
  D2 (fsub_d, 4, 0x7ff0000000000001, 0x7ff8000000000000, 0x7ff8000000000000, NV),
  D2 (fdiv_d, 3, 0x7ff8000000000007, 0x7ff8000000000009, 0x7ff8000000000000, 0),
  D1 (fsqrt_d, 4, 0x7ff0000000000001, 0x7ff8000000000000, NV),
  D1 (fsqrt_d, 0, 0x7ff8000000000001, 0x7ff8000000000000, 0),
};

/* FCVT.*.X: NaN, infinities and out-of-range values saturate with NV */
static const FpuCase saturate_cases[] = {
  DX (fcvt_w_d, 0, 0xfff8000000000000, 0x7fffffff, NV),
  DX (fcvt_w_d, 0, 0x7ff0000000000001, 0x7fffffff, NV),
  DX (fcvt_w_d, 0, 0xfff0000000000000, 0xffffffff80000000, NV),
  DX (fcvt_w_d, 0, 0x4450000000000000, 0x7fffffff, NV),
  DX (fcvt_wu_d, 0, 0xfff8000000000000, 0xffffffffffffffff, NV),
  DX (fcvt_wu_d, 0, 0x7ff0000000000001, 0xffffffffffffffff, NV),
  DX (fcvt_wu_d, 0, 0xfff0000000000000, 0x0, NV),
  DX (fcvt_wu_d, 0, 0x4450000000000000, 0xffffffffffffffff, NV),
  DX (fcvt_l_d, 0, 0xfff8000000000000, 0x7fffffffffffffff, NV),
  DX (fcvt_l_d, 0, 0x7ff0000000000001, 0x7fffffffffffffff, NV),
  DX (fcvt_l_d, 0, 0xfff0000000000000, 0x8000000000000000, NV),
  DX (fcvt_l_d, 0, 0x4450000000000000, 0x7fffffffffffffff, NV),
  DX (fcvt_lu_d, 0, 0xfff8000000000000, 0xffffffffffffffff, NV),
  DX (fcvt_lu_d, 0, 0x7ff0000000000001, 0xffffffffffffffff, NV),
  DX (fcvt_lu_d, 0, 0xfff0000000000000, 0x0, NV),
  DX (fcvt_lu_d, 0, 0x4450000000000000, 0xffffffffffffffff, NV),
};

/* FCVT.*.X: the edges of each range */
static const FpuCase edge_cases[] = {
  DX (fcvt_w_d, 1, 0x41e0000000000000, 0x7fffffff, NV),
  DX (fcvt_w_d, 1, 0xc1e0000000000000, 0xffffffff80000000, 0),
  DX (fcvt_w_d, 1, 0xc1e0000000200000, 0xffffffff80000000, NV),
  DX (fcvt_w_d, 1, 0x41dfffffffc00000, 0x7fffffff, 0),
  DX (fcvt_w_d, 1, 0x41dfffffe0000000, 0x7fffff80, 0),
  DX (fcvt_w_d, 1, 0xbff0000000000000, 0xffffffffffffffff, 0),
  DX (fcvt_w_d, 0, 0x8000000000000000, 0x0, 0), /* -0 */
  DX (fcvt_wu_d, 1, 0x41f0000000000000, 0xffffffffffffffff, NV),
  DX (fcvt_wu_d, 1, 0x41efffffffe00000, 0xffffffffffffffff, 0),
  DX (fcvt_wu_d, 1, 0x41efffffe0000000, 0xffffffffffffff00, 0),
  DX (fcvt_wu_d, 1, 0x41e65a0bc0000000, 0xffffffffb2d05e00, 0),
  DX (fcvt_wu_d, 1, 0xbff0000000000000, 0x0, NV),
  DX (fcvt_wu_d, 1, 0xbfe0000000000000, 0x0, NX),
  DX (fcvt_wu_d, 0, 0x8000000000000000, 0x0, 0), /* -0 */
  DX (fcvt_l_d, 1, 0x43e0000000000000, 0x7fffffffffffffff, NV),
  DX (fcvt_l_d, 1, 0xc3e0000000000000, 0x8000000000000000, 0),
  DX (fcvt_l_d, 1, 0x43dfffffffffffff, 0x7ffffffffffffc00, 0),
  DX (fcvt_l_d, 1, 0x43dfffffe0000000, 0x7fffff8000000000, 0),
  DX (fcvt_l_d, 1, 0xc3e0000020000000, 0x8000000000000000, NV),
  DX (fcvt_l_d, 0, 0x8000000000000000, 0x0, 0), /* -0 */
  DX (fcvt_lu_d, 1, 0x43f0000000000000, 0xffffffffffffffff, NV),
  DX (fcvt_lu_d, 1, 0x43efffffffffffff, 0xfffffffffffff800, 0),
  DX (fcvt_lu_d, 1, 0x43efffffe0000000, 0xffffff0000000000, 0),
  DX (fcvt_lu_d, 1, 0xbff0000000000000, 0x0, NV),
  DX (fcvt_lu_d, 1, 0xbfd0000000000000, 0x0, NX),
  DX (fcvt_lu_d, 0, 0x8000000000000000, 0x0, 0), /* -0 */
  DX (fcvt_wu_d, 2, 0xbfe0000000000000, 0x0, NV), /* -0.5 rounds down to -1: invalid */
  DX (fcvt_lu_d, 4, 0xbfe0000000000000, 0x0, NV), /* -0.5 rounds away to -1: invalid */
  DX (fcvt_lu_d, 0, 0xbfe0000000000000, 0x0, NX), /* -0.5 rounds to -0: inexact only */
};

/* FCVT.*.X: rounding modes */
static const FpuCase to_int_round_cases[] = {
  DX (fcvt_w_d, 0, 0x4004000000000000, 0x2, NX), /* 2.5 */
  DX (fcvt_w_d, 1, 0x4004000000000000, 0x2, NX),
  DX (fcvt_w_d, 2, 0x4004000000000000, 0x2, NX),
  DX (fcvt_w_d, 3, 0x4004000000000000, 0x3, NX),
  DX (fcvt_w_d, 4, 0x4004000000000000, 0x3, NX),
  DX (fcvt_w_d, 0, 0xc004000000000000, 0xfffffffffffffffe, NX), /* -2.5 */
  DX (fcvt_w_d, 1, 0xc004000000000000, 0xfffffffffffffffe, NX),
  DX (fcvt_w_d, 2, 0xc004000000000000, 0xfffffffffffffffd, NX),
  DX (fcvt_w_d, 3, 0xc004000000000000, 0xfffffffffffffffe, NX),
  DX (fcvt_w_d, 4, 0xc004000000000000, 0xfffffffffffffffd, NX),
  DX (fcvt_w_d, 0, 0x3fe8000000000000, 0x1, NX), /* 0.75 */
  DX (fcvt_w_d, 1, 0x3fe8000000000000, 0x0, NX),
  DX (fcvt_w_d, 2, 0x3fe8000000000000, 0x0, NX),
  DX (fcvt_w_d, 3, 0x3fe8000000000000, 0x1, NX),
  DX (fcvt_w_d, 4, 0x3fe8000000000000, 0x1, NX),
  DX (fcvt_lu_d, 0, 0x4012000000000000, 0x4, NX),
  DX (fcvt_lu_d, 1, 0x4012000000000000, 0x4, NX),
  DX (fcvt_lu_d, 2, 0x4012000000000000, 0x4, NX),
  DX (fcvt_lu_d, 3, 0x4012000000000000, 0x5, NX),
  DX (fcvt_lu_d, 4, 0x4012000000000000, 0x5, NX),
  DX (fcvt_l_d, 0, 0xc012000000000000, 0xfffffffffffffffc, NX),
  DX (fcvt_l_d, 1, 0xc012000000000000, 0xfffffffffffffffc, NX),
  DX (fcvt_l_d, 2, 0xc012000000000000, 0xfffffffffffffffb, NX),
  DX (fcvt_l_d, 3, 0xc012000000000000, 0xfffffffffffffffc, NX),
  DX (fcvt_l_d, 4, 0xc012000000000000, 0xfffffffffffffffb, NX),
  DX (fcvt_w_d, 0, 0x1, 0x0, NX), /* smallest subnormal */
  DX (fcvt_w_d, 3, 0x1, 0x1, NX),
  DX (fcvt_l_d, 2, 0x8000000000000001, 0xffffffffffffffff, NX),
};

/* FCVT.int */
static const FpuCase from_int_cases[] = {
  XD (fcvt_d_w, 0, 0x1000001, 0x4170000010000000, 0),
  XD (fcvt_d_w, 1, 0x1000001, 0x4170000010000000, 0),
  XD (fcvt_d_w, 2, 0x1000001, 0x4170000010000000, 0),
  XD (fcvt_d_w, 3, 0x1000001, 0x4170000010000000, 0),
  XD (fcvt_d_w, 4, 0x1000001, 0x4170000010000000, 0),
  XD (fcvt_d_w, 0, 0xfffffffffeffffff, 0xc170000010000000, 0),
  XD (fcvt_d_w, 0, 0x1000003, 0x4170000030000000, 0),
  XD (fcvt_d_w, 0, 0xffffffff80000000, 0xc1e0000000000000, 0), /* INT32_MIN */
  XD (fcvt_d_w, 0, 0x1ffffffff, 0xbff0000000000000, 0), /* only the low 32 bits count */
  XD (fcvt_d_w, 0, 0x0, 0x0, 0),
  XD (fcvt_d_wu, 0, 0xdeadbeef00000003, 0x4008000000000000, 0),
  XD (fcvt_d_wu, 0, 0xffffffff, 0x41efffffffe00000, 0),
  XD (fcvt_d_l, 0, 0x8000000000000000, 0xc3e0000000000000, 0), /* INT64_MIN */
  XD (fcvt_d_l, 0, 0x7fffffffffffffff, 0x43e0000000000000, NX),
  XD (fcvt_d_l, 1, 0x7fffffffffffffff, 0x43dfffffffffffff, NX),
  XD (fcvt_d_l, 2, 0x7fffffffffffffff, 0x43dfffffffffffff, NX),
  XD (fcvt_d_l, 3, 0x7fffffffffffffff, 0x43e0000000000000, NX),
  XD (fcvt_d_l, 4, 0x7fffffffffffffff, 0x43e0000000000000, NX),
  XD (fcvt_d_l, 0, 0xffdfffffffffffff, 0xc340000000000000, NX),
  XD (fcvt_d_l, 1, 0xffdfffffffffffff, 0xc340000000000000, NX),
  XD (fcvt_d_l, 2, 0xffdfffffffffffff, 0xc340000000000001, NX),
  XD (fcvt_d_l, 3, 0xffdfffffffffffff, 0xc340000000000000, NX),
  XD (fcvt_d_l, 4, 0xffdfffffffffffff, 0xc340000000000001, NX),
  XD (fcvt_d_lu, 0, 0xffffffffffffffff, 0x43f0000000000000, NX),
  XD (fcvt_d_lu, 1, 0xffffffffffffffff, 0x43efffffffffffff, NX),
  XD (fcvt_d_lu, 2, 0xffffffffffffffff, 0x43efffffffffffff, NX),
  XD (fcvt_d_lu, 3, 0xffffffffffffffff, 0x43f0000000000000, NX),
  XD (fcvt_d_lu, 4, 0xffffffffffffffff, 0x43f0000000000000, NX),
  XD (fcvt_d_lu, 0, 0x20000000000001, 0x4340000000000000, NX),
  XD (fcvt_d_lu, 1, 0x20000000000001, 0x4340000000000000, NX),
  XD (fcvt_d_lu, 2, 0x20000000000001, 0x4340000000000000, NX),
  XD (fcvt_d_lu, 3, 0x20000000000001, 0x4340000000000001, NX),
  XD (fcvt_d_lu, 4, 0x20000000000001, 0x4340000000000001, NX),
  XD (fcvt_d_lu, 0, 0xfffffffffffffc00, 0x43f0000000000000, NX),
  XD (fcvt_d_lu, 1, 0xfffffffffffffc00, 0x43efffffffffffff, NX),
  XD (fcvt_d_lu, 2, 0xfffffffffffffc00, 0x43efffffffffffff, NX),
  XD (fcvt_d_lu, 3, 0xfffffffffffffc00, 0x43f0000000000000, NX),
  XD (fcvt_d_lu, 4, 0xfffffffffffffc00, 0x43f0000000000000, NX),
};

/* FCVT.S.D and FCVT.D.S */
static const FpuCase f2f_cases[] = {
  DS (fcvt_s_d, 0, 0x3ff0000010000000, 0x3f800000, NX), /* a tie */
  DS (fcvt_s_d, 1, 0x3ff0000010000000, 0x3f800000, NX),
  DS (fcvt_s_d, 2, 0x3ff0000010000000, 0x3f800000, NX),
  DS (fcvt_s_d, 3, 0x3ff0000010000000, 0x3f800001, NX),
  DS (fcvt_s_d, 4, 0x3ff0000010000000, 0x3f800001, NX),
  DS (fcvt_s_d, 0, 0xbff0000010000000, 0xbf800000, NX),
  DS (fcvt_s_d, 1, 0xbff0000010000000, 0xbf800000, NX),
  DS (fcvt_s_d, 2, 0xbff0000010000000, 0xbf800001, NX),
  DS (fcvt_s_d, 3, 0xbff0000010000000, 0xbf800000, NX),
  DS (fcvt_s_d, 4, 0xbff0000010000000, 0xbf800001, NX),
  DS (fcvt_s_d, 0, 0x47f0000000000000, 0x7f800000, OF | NX), /* overflow */
  DS (fcvt_s_d, 1, 0x47f0000000000000, 0x7f7fffff, OF | NX),
  DS (fcvt_s_d, 2, 0x47f0000000000000, 0x7f7fffff, OF | NX),
  DS (fcvt_s_d, 3, 0x47f0000000000000, 0x7f800000, OF | NX),
  DS (fcvt_s_d, 4, 0x47f0000000000000, 0x7f800000, OF | NX),
  DS (fcvt_s_d, 0, 0x7fefffffffffffff, 0x7f800000, OF | NX),
  DS (fcvt_s_d, 1, 0x7fefffffffffffff, 0x7f7fffff, OF | NX),
  DS (fcvt_s_d, 2, 0x7fefffffffffffff, 0x7f7fffff, OF | NX),
  DS (fcvt_s_d, 3, 0x7fefffffffffffff, 0x7f800000, OF | NX),
  DS (fcvt_s_d, 4, 0x7fefffffffffffff, 0x7f800000, OF | NX),
  DS (fcvt_s_d, 0, 0x3690000000000000, 0x0, UF | NX), /* half the smallest subnormal */
  DS (fcvt_s_d, 1, 0x3690000000000000, 0x0, UF | NX),
  DS (fcvt_s_d, 2, 0x3690000000000000, 0x0, UF | NX),
  DS (fcvt_s_d, 3, 0x3690000000000000, 0x1, UF | NX),
  DS (fcvt_s_d, 4, 0x3690000000000000, 0x1, UF | NX),
  DS (fcvt_s_d, 0, 0x380ffffff0000000, 0x800000, NX), /* tiny only when rounded down */
  DS (fcvt_s_d, 1, 0x380ffffff0000000, 0x7fffff, UF | NX),
  DS (fcvt_s_d, 2, 0x380ffffff0000000, 0x7fffff, UF | NX),
  DS (fcvt_s_d, 3, 0x380ffffff0000000, 0x800000, NX),
  DS (fcvt_s_d, 4, 0x380ffffff0000000, 0x800000, NX),
  DS (fcvt_s_d, 0, 0x380fffffe0000000, 0x800000, UF | NX),
  DS (fcvt_s_d, 1, 0x380fffffe0000000, 0x7fffff, UF | NX),
  DS (fcvt_s_d, 2, 0x380fffffe0000000, 0x7fffff, UF | NX),
  DS (fcvt_s_d, 3, 0x380fffffe0000000, 0x800000, UF | NX),
  DS (fcvt_s_d, 4, 0x380fffffe0000000, 0x800000, UF | NX),
  DS (fcvt_s_d, 0, 0xb6a8000000000000, 0x80000002, UF | NX),
  DS (fcvt_s_d, 1, 0xb6a8000000000000, 0x80000001, UF | NX),
  DS (fcvt_s_d, 2, 0xb6a8000000000000, 0x80000002, UF | NX),
  DS (fcvt_s_d, 3, 0xb6a8000000000000, 0x80000001, UF | NX),
  DS (fcvt_s_d, 4, 0xb6a8000000000000, 0x80000002, UF | NX),
  DS (fcvt_s_d, 0, 0x36a0000000000000, 0x1, 0),
  DS (fcvt_s_d, 0, 0x7ff8000000012345, 0x7fc00000, 0),
  DS (fcvt_s_d, 0, 0x7ff0000000000001, 0x7fc00000, NV),
  DS (fcvt_s_d, 0, 0xfff0000000000000, 0xff800000, 0),
  DS (fcvt_s_d, 0, 0x8000000000000000, 0x80000000, 0),
  DS (fcvt_s_d, 0, 0x1, 0x0, UF | NX),
  SD (fcvt_d_s, 0, 0x1, 0x36a0000000000000, 0),
  SD (fcvt_d_s, 0, 0x807fffff, 0xb80fffffc0000000, 0),
  SD (fcvt_d_s, 0, 0x7fc01234, 0x7ff8000000000000, 0),
  SD (fcvt_d_s, 0, 0x7f800001, 0x7ff8000000000000, NV),
  SD (fcvt_d_s, 0, 0xff800000, 0xfff0000000000000, 0),
  SD (fcvt_d_s, 0, 0x80000000, 0x8000000000000000, 0),
  SD (fcvt_d_s, 0, 0x3eaaaaab, 0x3fd5555560000000, 0),
};

/* FMIN and FMAX */
static const FpuCase minmax_cases[] = {
  D2 (fmin_d, 0, 0x3ff0000000000000, 0x4000000000000000, 0x3ff0000000000000, 0),
  D2 (fmin_d, 0, 0xbff0000000000000, 0x4000000000000000, 0xbff0000000000000, 0),
  D2 (fmin_d, 0, 0x0, 0x8000000000000000, 0x8000000000000000, 0), /* +0, -0 */
  D2 (fmin_d, 0, 0x8000000000000000, 0x0, 0x8000000000000000, 0), /* -0, +0 */
  /* one quiet NaN: the other operand */
  D2 (fmin_d, 0, 0x7ff8000000000003, 0x3ff0000000000000, 0x3ff0000000000000, 0),
  D2 (fmin_d, 0, 0x3ff0000000000000, 0xfff8000000000003, 0x3ff0000000000000, 0),
  /* a signaling NaN: the other operand, NV */
  D2 (fmin_d, 0, 0x7ff0000000000003, 0x3ff0000000000000, 0x3ff0000000000000, NV),
  /* two NaNs: canonical */
  D2 (fmin_d, 0, 0x7ff8000000000003, 0xfff8000000000003, 0x7ff8000000000000, 0),
  D2 (fmin_d, 0, 0x7ff0000000000003, 0x7ff8000000000003, 0x7ff8000000000000, NV),
  D2 (fmin_d, 0, 0xfff0000000000000, 0x7fefffffffffffff, 0xfff0000000000000, 0),
  D2 (fmin_d, 0, 0x1, 0x8000000000000001, 0x8000000000000001, 0), /* subnormals */
  D2 (fmax_d, 0, 0x3ff0000000000000, 0x4000000000000000, 0x4000000000000000, 0),
  D2 (fmax_d, 0, 0xbff0000000000000, 0x4000000000000000, 0x4000000000000000, 0),
  D2 (fmax_d, 0, 0x0, 0x8000000000000000, 0x0, 0), /* +0, -0 */
  D2 (fmax_d, 0, 0x8000000000000000, 0x0, 0x0, 0), /* -0, +0 */
  /* one quiet NaN: the other operand */
  D2 (fmax_d, 0, 0x7ff8000000000003, 0x3ff0000000000000, 0x3ff0000000000000, 0),
  D2 (fmax_d, 0, 0x3ff0000000000000, 0xfff8000000000003, 0x3ff0000000000000, 0),
  /* a signaling NaN: the other operand, NV */
  D2 (fmax_d, 0, 0x7ff0000000000003, 0x3ff0000000000000, 0x3ff0000000000000, NV),
  /* two NaNs: canonical */
  D2 (fmax_d, 0, 0x7ff8000000000003, 0xfff8000000000003, 0x7ff8000000000000, 0),
  D2 (fmax_d, 0, 0x7ff0000000000003, 0x7ff8000000000003, 0x7ff8000000000000, NV),
  D2 (fmax_d, 0, 0xfff0000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff, 0),
  D2 (fmax_d, 0, 0x1, 0x8000000000000001, 0x1, 0), /* subnormals */
};

/* FEQ, FLT, FLE */
static const FpuCase cmp_cases[] = {
  DX2 (feq_d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x1, 0),
  DX2 (feq_d, 0, 0x3ff0000000000000, 0x4000000000000000, 0x0, 0),
  DX2 (feq_d, 0, 0x4000000000000000, 0x3ff0000000000000, 0x0, 0),
  DX2 (feq_d, 0, 0x8000000000000000, 0x0, 0x1, 0), /* -0, +0 */
  DX2 (feq_d, 0, 0xfff0000000000000, 0xbff0000000000000, 0x0, 0),
  DX2 (feq_d, 0, 0x8000000000000001, 0x1, 0x0, 0),
  DX2 (feq_d, 0, 0x7ff8000000000003, 0x3ff0000000000000, 0x0, 0), /* quiet NaN */
  DX2 (feq_d, 0, 0x3ff0000000000000, 0x7ff0000000000003, 0x0, NV), /* signaling NaN */
  DX2 (feq_d, 0, 0x7ff8000000000003, 0x7ff8000000000003, 0x0, 0),
  DX2 (flt_d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x0, 0),
  DX2 (flt_d, 0, 0x3ff0000000000000, 0x4000000000000000, 0x1, 0),
  DX2 (flt_d, 0, 0x4000000000000000, 0x3ff0000000000000, 0x0, 0),
  DX2 (flt_d, 0, 0x8000000000000000, 0x0, 0x0, 0), /* -0, +0 */
  DX2 (flt_d, 0, 0xfff0000000000000, 0xbff0000000000000, 0x1, 0),
  DX2 (flt_d, 0, 0x8000000000000001, 0x1, 0x1, 0),
  DX2 (flt_d, 0, 0x7ff8000000000003, 0x3ff0000000000000, 0x0, NV), /* quiet NaN */
  DX2 (flt_d, 0, 0x3ff0000000000000, 0x7ff0000000000003, 0x0, NV), /* signaling NaN */
  DX2 (flt_d, 0, 0x7ff8000000000003, 0x7ff8000000000003, 0x0, NV),
  DX2 (fle_d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x1, 0),
  DX2 (fle_d, 0, 0x3ff0000000000000, 0x4000000000000000, 0x1, 0),
  DX2 (fle_d, 0, 0x4000000000000000, 0x3ff0000000000000, 0x0, 0),
  DX2 (fle_d, 0, 0x8000000000000000, 0x0, 0x1, 0), /* -0, +0 */
  DX2 (fle_d, 0, 0xfff0000000000000, 0xbff0000000000000, 0x1, 0),
  DX2 (fle_d, 0, 0x8000000000000001, 0x1, 0x1, 0),
  DX2 (fle_d, 0, 0x7ff8000000000003, 0x3ff0000000000000, 0x0, NV), /* quiet NaN */
  DX2 (fle_d, 0, 0x3ff0000000000000, 0x7ff0000000000003, 0x0, NV), /* signaling NaN */
  DX2 (fle_d, 0, 0x7ff8000000000003, 0x7ff8000000000003, 0x0, NV),
};

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/add-rounds-ties-and-halves-in-every-mode", round_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/exact-results-and-zero-signs-follow-ieee", zero_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/overflow-gives-infinity-or-the-largest-finite-by-mode",
                  overflow_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/underflow-is-detected-after-rounding", underflow_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/div-and-sqrt-round-in-every-mode", div_sqrt_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/invalid-operations-raise-nv", invalid_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/fma-rounds-once-and-inf-times-zero-is-invalid", fma_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/nan-operands-give-the-canonical-nan", nan_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/float-to-int-saturates-with-nv", saturate_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/float-to-int-range-edges", edge_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/float-to-int-rounds-in-every-mode", to_int_round_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/int-to-float-rounds-in-every-mode", from_int_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/float-to-float-conversions-round-and-flag", f2f_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/min-max-follow-minimum-number", minmax_cases);
  FPU_TABLE_TEST ("/hv/cpu/fpu/d/feq-is-quiet-flt-fle-signal", cmp_cases);
  return g_test_run ();
}

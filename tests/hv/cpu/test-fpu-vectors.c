/* test-fpu-vectors.c: results and flags of F/D arithmetic and conversions, in every rounding
 * mode, against vectors computed with exact rational arithmetic (they agree with QEMU's).
 * The handlers run directly on a hart: operands in f1..f3 (single ones NaN-boxed) or x5, the
 * result in f10 or x10. Each case runs twice, with fflags clear and with NX already set. */
#include <glib.h>

#include "hv/cpu/fpu.h"

typedef enum { K_S, K_D, K_X } FpuKind;

typedef struct {
  const char *name;
  PvmExecFn fn;
  FpuKind src, dst;
  uint8_t rm;
  uint64_t a, b, c;
  uint64_t want; /* a single result is given without its NaN box */
  uint32_t flags;
} FpuCase;

#define NX PVM_FFLAG_NX
#define UF PVM_FFLAG_UF
#define OF PVM_FFLAG_OF
#define DZ PVM_FFLAG_DZ
#define NV PVM_FFLAG_NV

#define FPU_CASE(fn, src, dst, rm, a, b, c, want, flags) \
  { #fn, pvm_exec_##fn, src, dst, rm, a, b, c, want, flags }
#define S1(fn, rm, a, w, fl) FPU_CASE (fn, K_S, K_S, rm, a, 0, 0, w, fl)
#define S2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_S, K_S, rm, a, b, 0, w, fl)
#define S3(fn, rm, a, b, c, w, fl) FPU_CASE (fn, K_S, K_S, rm, a, b, c, w, fl)
#define D1(fn, rm, a, w, fl) FPU_CASE (fn, K_D, K_D, rm, a, 0, 0, w, fl)
#define D2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_D, K_D, rm, a, b, 0, w, fl)
#define D3(fn, rm, a, b, c, w, fl) FPU_CASE (fn, K_D, K_D, rm, a, b, c, w, fl)
#define SX(fn, rm, a, w, fl) FPU_CASE (fn, K_S, K_X, rm, a, 0, 0, w, fl)
#define DX(fn, rm, a, w, fl) FPU_CASE (fn, K_D, K_X, rm, a, 0, 0, w, fl)
#define SX2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_S, K_X, rm, a, b, 0, w, fl)
#define DX2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_D, K_X, rm, a, b, 0, w, fl)
#define XS(fn, rm, a, w, fl) FPU_CASE (fn, K_X, K_S, rm, a, 0, 0, w, fl)
#define XD(fn, rm, a, w, fl) FPU_CASE (fn, K_X, K_D, rm, a, 0, 0, w, fl)
#define DS(fn, rm, a, w, fl) FPU_CASE (fn, K_D, K_S, rm, a, 0, 0, w, fl)
#define SD(fn, rm, a, w, fl) FPU_CASE (fn, K_S, K_D, rm, a, 0, 0, w, fl)

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
  S2 (fadd_s, 0, 0x3fc00000, 0x40100000, 0x40700000, 0),
  S2 (fsub_s, 0, 0x3f800000, 0x3f800000, 0x0, 0), /* x - x = +0 */
  S2 (fsub_s, 2, 0x3f800000, 0x3f800000, 0x80000000, 0), /* x - x = -0 rounding down */
  S2 (fadd_s, 0, 0x80000000, 0x80000000, 0x80000000, 0), /* -0 + -0 */
  S2 (fadd_s, 0, 0x0, 0x80000000, 0x0, 0),
  S2 (fadd_s, 2, 0x0, 0x80000000, 0x80000000, 0),
  S2 (fmul_s, 0, 0x80000000, 0x3f800000, 0x80000000, 0),
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
  S2 (fsub_s, 0, 0x7f800000, 0x7f800000, 0x7fc00000, NV),
  S2 (fadd_s, 0, 0x7f800000, 0xff800000, 0x7fc00000, NV),
  S2 (fmul_s, 0, 0x7f800000, 0x0, 0x7fc00000, NV),
  S2 (fmul_s, 0, 0x80000000, 0xff800000, 0x7fc00000, NV),
  D2 (fsub_d, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0x7ff8000000000000, NV),
  D2 (fadd_d, 0, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, NV),
  D2 (fmul_d, 0, 0x7ff0000000000000, 0x0, 0x7ff8000000000000, NV),
  D2 (fmul_d, 0, 0x8000000000000000, 0xfff0000000000000, 0x7ff8000000000000, NV),
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
  S2 (fadd_s, 0, 0xffc00123, 0x3f800000, 0x7fc00000, 0), /* quiet NaN with payload */
  S2 (fmul_s, 0, 0x3f800000, 0x7f800123, 0x7fc00000, NV), /* signaling NaN */
  S2 (fsub_s, 4, 0x7f800001, 0x7fc00000, 0x7fc00000, NV),
  S2 (fdiv_s, 3, 0x7fc00007, 0x7fc00009, 0x7fc00000, 0),
  S1 (fsqrt_s, 4, 0x7f800001, 0x7fc00000, NV),
  S1 (fsqrt_s, 0, 0x7fc00001, 0x7fc00000, 0),
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

typedef struct {
  const FpuCase *cases;
  size_t n;
} FpuTable;

/* Runs every case of @data on a fresh hart, once with fflags clear and once with NX already
 * accrued (which lets the handlers skip reading the host flags), and reports each mismatch. */
static void
test_table (gconstpointer data)
{
  const FpuTable *table = data;
  PvmHart *hart = g_new0 (PvmHart, 1);
  unsigned failed = 0;

  hart->mstatus = (uint64_t) PVM_FS_INITIAL << PVM_MSTATUS_FS_SHIFT;
  for (size_t i = 0; i < 2 * table->n; i++) {
    const FpuCase *t = &table->cases[i % table->n];
    uint32_t accrued = i < table->n ? 0 : NX;
    uint64_t box = t->src == K_S ? PVM_FPU_BOX : 0;
    PvmInsn insn = {
      .rd = 10, .rs1 = t->src == K_X ? 5 : 1, .rs2 = 2, .rs3 = 3, .rm = t->rm, .raw = 0x53,
    };

    hart->f[1] = box | t->a;
    hart->f[2] = box | t->b;
    hart->f[3] = box | t->c;
    hart->x[5] = t->a;
    hart->f[10] = 0;
    hart->x[10] = 0x5a5a5a5a5a5a5a5aull;
    hart->fflags = accrued;
    int ret = t->fn (hart, &insn);
    uint64_t got = t->dst == K_X ? hart->x[10] : hart->f[10];
    uint64_t want = t->dst == K_S ? PVM_FPU_BOX | t->want : t->want;
    if (ret != PVM_EXEC_NEXT || got != want || hart->fflags != (t->flags | accrued)) {
      failed++;
      g_test_message ("case %zu%s: %s rm %u (%#" G_GINT64_MODIFIER "x, %#" G_GINT64_MODIFIER
                      "x, %#" G_GINT64_MODIFIER "x) returned %d, %#" G_GINT64_MODIFIER
                      "x flags %#x; want %#" G_GINT64_MODIFIER "x flags %#x",
                      i % table->n, accrued ? " (NX accrued)" : "", t->name, t->rm,
                      (guint64) t->a, (guint64) t->b, (guint64) t->c, ret, (guint64) got,
                      hart->fflags, (guint64) want, t->flags | accrued);
    }
  }
  g_free (hart);
  if (failed)
    g_test_fail_printf ("%u of %zu runs failed", failed, 2 * table->n);
}

#define FPU_TABLE_TEST(path, cases)                                                   \
  do {                                                                                \
    static const FpuTable table = { cases, G_N_ELEMENTS (cases) };                    \
    g_test_add_data_func ("/hv/cpu/fpu/" path, &table, test_table);                   \
  } while (0)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  FPU_TABLE_TEST ("add-rounds-ties-and-halves-in-every-mode", round_cases);
  FPU_TABLE_TEST ("exact-results-and-zero-signs-follow-ieee", zero_cases);
  FPU_TABLE_TEST ("overflow-gives-infinity-or-the-largest-finite-by-mode", overflow_cases);
  FPU_TABLE_TEST ("underflow-is-detected-after-rounding", underflow_cases);
  FPU_TABLE_TEST ("div-and-sqrt-round-in-every-mode", div_sqrt_cases);
  FPU_TABLE_TEST ("invalid-operations-raise-nv", invalid_cases);
  FPU_TABLE_TEST ("fma-rounds-once-and-inf-times-zero-is-invalid", fma_cases);
  FPU_TABLE_TEST ("nan-operands-give-the-canonical-nan", nan_cases);
  FPU_TABLE_TEST ("float-to-int-saturates-with-nv", saturate_cases);
  FPU_TABLE_TEST ("float-to-int-range-edges", edge_cases);
  FPU_TABLE_TEST ("float-to-int-rounds-in-every-mode", to_int_round_cases);
  FPU_TABLE_TEST ("int-to-float-rounds-in-every-mode", from_int_cases);
  FPU_TABLE_TEST ("float-to-float-conversions-round-and-flag", f2f_cases);
  FPU_TABLE_TEST ("min-max-follow-minimum-number", minmax_cases);
  FPU_TABLE_TEST ("feq-is-quiet-flt-fle-signal", cmp_cases);
  return g_test_run ();
}

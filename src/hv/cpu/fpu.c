/* fpu.c: the software side of the F/D extensions — rounding in any mode, RMM arithmetic,
 * conversions between integers and floating point, classification.
 *
 * RMM arithmetic computes the exact result rounded to odd in x87 extended precision (64-bit
 * significand: round toward zero, then set the last bit if the host reported inexact) and
 * rounds that once more to the target format. Rounding to odd with at least two extra bits
 * makes the second rounding give the correctly rounded result in any mode, and x87's exponent
 * range is wide enough that no single or double operation over- or underflows there.
 */
#include <fenv.h>
#include <math.h>

#include "hv/cpu/fpu.h"

/* Returns 1 if a value with last kept bit @odd and discarded part @rem (out of a range where
 * @half is one half of the last kept bit) rounds away from zero in mode @rm. */
static inline uint64_t
fpu_round_up (unsigned rm, bool sign, bool odd, uint64_t rem, uint64_t half)
{
  switch (rm) {
  case PVM_FPU_RNE:
    return rem > half || (rem == half && odd);
  case PVM_FPU_RDN:
    return sign && rem;
  case PVM_FPU_RUP:
    return !sign && rem;
  case PVM_FPU_RMM:
    return rem >= half;
  default:
    return 0;
  }
}

static uint64_t
fpu_overflow (bool sign, bool dbl, unsigned rm, uint32_t *flags)
{
  uint64_t inf = dbl ? 0x7ff0000000000000ull : 0x7f800000u;
  bool to_inf = rm == PVM_FPU_RNE || rm == PVM_FPU_RMM || (rm == PVM_FPU_RDN && sign)
                || (rm == PVM_FPU_RUP && !sign);
  *flags |= PVM_FFLAG_OF | PVM_FFLAG_NX;
  return (sign ? (dbl ? FPU_SIGN_d : FPU_SIGN_s) : 0) | (to_inf ? inf : inf - 1);
}

uint64_t
pvm_fpu_round_pack (bool sign, int exp, uint64_t sig, bool dbl, unsigned rm, uint32_t *flags)
{
  const int p = dbl ? 53 : 24;
  const int emin = dbl ? -1022 : -126;
  const int emax = dbl ? 1023 : 127;
  const uint64_t s = sign ? (dbl ? FPU_SIGN_d : FPU_SIGN_s) : 0;

  if (sig == 0)
    return s;
  int lz = __builtin_clzll (sig);
  sig <<= lz;
  int e = exp - lz + 63; /* exponent of the leading bit */
  if (e > emax)
    return fpu_overflow (sign, dbl, rm, flags);

  int shift = 64 - p;
  bool tiny = false;
  if (e < emin) {
    /* Tiny unless rounding to full precision with an unbounded exponent reaches 2^emin. */
    uint64_t full = sig >> shift;
    tiny = !(e == emin - 1 && full == (1ull << p) - 1
             && fpu_round_up (rm, sign, true, sig & ((1ull << shift) - 1), 1ull << (shift - 1)));
    shift += emin - e;
  }

  uint64_t kept, rem, half = 1ull << 63;
  if (shift < 64) {
    kept = sig >> shift;
    rem = sig & ((1ull << shift) - 1);
    half = 1ull << (shift - 1);
  } else {
    kept = 0;
    rem = shift == 64 ? sig : 1; /* below half of the smallest subnormal, not zero */
  }
  kept += fpu_round_up (rm, sign, kept & 1, rem, half);
  if (rem) {
    *flags |= PVM_FFLAG_NX;
    if (tiny)
      *flags |= PVM_FFLAG_UF;
  }
  if (e < emin)
    return s | kept; /* subnormal; a carry makes it the smallest normal */

  /* kept is 2^(p-1) .. 2^p; its leading bit adds one to the biased exponent field. */
  uint64_t bits = ((uint64_t) (e + emax - 1) << (p - 1)) + kept;
  if ((bits >> (p - 1)) > (uint64_t) 2 * emax)
    return fpu_overflow (sign, dbl, rm, flags);
  return s | bits;
}

/* Splits the finite single or double @a into sign, exponent and significand (a = sig * 2^exp). */
static void
fpu_unpack (uint64_t a, bool dbl, bool *sign, int *exp, uint64_t *sig)
{
  const int mbits = dbl ? 52 : 23;
  const int bias = dbl ? 1023 : 127;
  const int emask = dbl ? 0x7ff : 0xff;
  int e = (int) (a >> mbits) & emask;
  uint64_t m = a & ((1ull << mbits) - 1);

  *sign = (a >> (dbl ? 63 : 31)) & 1;
  if (e == 0) {
    *sig = m;
    *exp = 1 - bias - mbits;
  } else {
    *sig = m | (1ull << mbits);
    *exp = e - bias - mbits;
  }
}

static bool
fpu_is_nan (uint64_t a, bool dbl)
{
  return dbl ? fpu_is_nan_d (a) : fpu_is_nan_s ((uint32_t) a);
}

static bool
fpu_is_snan (uint64_t a, bool dbl)
{
  return dbl ? fpu_is_snan_d (a) : fpu_is_snan_s ((uint32_t) a);
}

static long double
fpu_to_wide (uint64_t a, bool dbl)
{
  return dbl ? (long double) fpu_f64 (a) : (long double) fpu_f32 ((uint32_t) a);
}

/* Computes @op on x87 extended operands with a 64-bit significand, rounding toward zero;
 * returns the result and the exceptions it raised in *@exc. The x87 control word is set
 * directly (precision and rounding) and restored after. The operands and the result go
 * through volatile memory so that the arithmetic stays between the environment changes. */
static long double
fpu_wide_rtz (PvmFpuOp op, long double a, long double b, long double c, int *exc)
{
  volatile long double va = a, vb = b, vc = c, vr;
  uint16_t cw, rtz;

  __asm__ volatile ("fnstcw %0" : "=m" (cw) : : "memory");
  rtz = cw | 0x0f00; /* precision control: 64 bits; rounding control: toward zero */
  __asm__ volatile ("fldcw %0" : : "m" (rtz) : "memory");
  feclearexcept (FE_ALL_EXCEPT);
  switch (op) {
  case PVM_FPU_ADD:
    vr = va + vb;
    break;
  case PVM_FPU_SUB:
    vr = va - vb;
    break;
  case PVM_FPU_MUL:
    vr = va * vb;
    break;
  case PVM_FPU_DIV:
    vr = va / vb;
    break;
  case PVM_FPU_SQRT:
    vr = sqrtl (va);
    break;
  default:
    vr = fmal (va, vb, vc);
    break;
  }
  *exc = fetestexcept (FE_ALL_EXCEPT);
  feclearexcept (FE_ALL_EXCEPT);
  __asm__ volatile ("fldcw %0" : : "m" (cw) : "memory");
  return vr;
}

uint64_t
pvm_fpu_rmm (PvmFpuOp op, bool dbl, uint64_t a, uint64_t b, uint64_t c, uint32_t *flags)
{
  const uint64_t qnan = dbl ? PVM_FPU_QNAN_D : PVM_FPU_QNAN_S;
  const uint64_t sbit = dbl ? FPU_SIGN_d : FPU_SIGN_s;
  unsigned n = op == PVM_FPU_SQRT ? 1 : op == PVM_FPU_FMA ? 3 : 2;
  uint64_t in[3] = { a, b, c };
  bool nan = false, snan = false;

  for (unsigned i = 0; i < n; i++) {
    nan |= fpu_is_nan (in[i], dbl);
    snan |= fpu_is_snan (in[i], dbl);
  }
  if (nan) {
    bool inf_zero = op == PVM_FPU_FMA
                    && (dbl ? fpu_inf_zero_d (a, b) : fpu_inf_zero_s ((uint32_t) a, (uint32_t) b));
    if (snan || inf_zero)
      *flags |= PVM_FFLAG_NV;
    return qnan;
  }

  int exc;
  long double r = fpu_wide_rtz (op, fpu_to_wide (a, dbl), fpu_to_wide (b, dbl),
                                fpu_to_wide (c, dbl), &exc);
  if (exc & FE_INVALID) {
    *flags |= PVM_FFLAG_NV;
    return qnan;
  }
  if (exc & FE_DIVBYZERO)
    *flags |= PVM_FFLAG_DZ;

  uint64_t sig;
  uint16_t se;
  memcpy (&sig, &r, sizeof sig);
  memcpy (&se, (const char *) &r + sizeof sig, sizeof se);
  bool sign = se >> 15;
  int e = se & 0x7fff;
  if (e == 0x7fff) /* infinity from infinite operands or a division by zero: exact */
    return (sign ? sbit : 0) | (dbl ? 0x7ff0000000000000ull : 0x7f800000u);
  if (sig == 0)
    return sign ? sbit : 0;
  if (exc & FE_INEXACT)
    sig |= 1;
  return pvm_fpu_round_pack (sign, e - 16383 - 63, sig, dbl, PVM_FPU_RMM, flags);
}

uint32_t
pvm_fpu_d_to_s (uint64_t a, unsigned rm, uint32_t *flags)
{
  bool sign;
  int exp;
  uint64_t sig;

  if (fpu_is_nan_d (a)) {
    if (fpu_is_snan_d (a))
      *flags |= PVM_FFLAG_NV;
    return PVM_FPU_QNAN_S;
  }
  if ((a & 0x7ff0000000000000ull) == 0x7ff0000000000000ull)
    return (uint32_t) (a >> 32) & 0xff800000u;
  fpu_unpack (a, true, &sign, &exp, &sig);
  return (uint32_t) pvm_fpu_round_pack (sign, exp, sig, false, rm, flags);
}

static uint64_t
fpu_saturate (PvmFpuInt type, bool negative)
{
  switch (type) {
  case PVM_FPU_W:
    return negative ? (uint64_t) INT32_MIN : INT32_MAX;
  case PVM_FPU_WU:
    return negative ? 0 : UINT64_MAX; /* 0xffffffff, sign-extended */
  case PVM_FPU_L:
    return negative ? (uint64_t) INT64_MIN : INT64_MAX;
  default:
    return negative ? 0 : UINT64_MAX;
  }
}

uint64_t
pvm_fpu_to_int (uint64_t a, bool dbl, PvmFpuInt type, unsigned rm, uint32_t *flags)
{
  const int mbits = dbl ? 52 : 23;
  const int emask = dbl ? 0x7ff : 0xff;
  bool sign;
  int exp;
  uint64_t sig;

  if (((int) (a >> mbits) & emask) == emask) { /* NaN saturates like +infinity */
    *flags |= PVM_FFLAG_NV;
    return fpu_saturate (type, !fpu_is_nan (a, dbl) && (a >> (dbl ? 63 : 31)));
  }
  fpu_unpack (a, dbl, &sign, &exp, &sig);
  if (sig == 0)
    return 0;

  uint64_t mag, frac = 0; /* frac: the fraction as a 64-bit fixed-point number */
  if (exp >= 0) {
    if (exp + mbits >= 64) { /* |a| >= 2^64 */
      *flags |= PVM_FFLAG_NV;
      return fpu_saturate (type, sign);
    }
    mag = sig << exp;
  } else if (exp > -64) {
    mag = sig >> -exp;
    frac = sig << (64 + exp);
  } else {
    mag = 0;
    frac = exp == -64 ? sig : 1; /* below one half, not zero */
  }
  mag += fpu_round_up (rm, sign, mag & 1, frac, 1ull << 63);

  uint64_t limit;
  switch (type) {
  case PVM_FPU_W:
    limit = sign ? 1ull << 31 : (1ull << 31) - 1;
    break;
  case PVM_FPU_WU:
    limit = sign ? 0 : UINT32_MAX;
    break;
  case PVM_FPU_L:
    limit = sign ? 1ull << 63 : (1ull << 63) - 1;
    break;
  default:
    limit = sign ? 0 : UINT64_MAX;
    break;
  }
  if (mag > limit) {
    *flags |= PVM_FFLAG_NV;
    return fpu_saturate (type, sign);
  }
  if (frac)
    *flags |= PVM_FFLAG_NX;
  uint64_t v = sign ? -mag : mag;
  return type == PVM_FPU_W || type == PVM_FPU_WU ? (uint64_t) (int64_t) (int32_t) v : v;
}

uint64_t
pvm_fpu_from_int (uint64_t v, PvmFpuInt type, bool dbl, unsigned rm, uint32_t *flags)
{
  bool sign = false;
  uint64_t mag;

  switch (type) {
  case PVM_FPU_W:
    sign = (int32_t) v < 0;
    mag = sign ? -(uint64_t) (int64_t) (int32_t) v : (uint32_t) v;
    break;
  case PVM_FPU_WU:
    mag = (uint32_t) v;
    break;
  case PVM_FPU_L:
    sign = (int64_t) v < 0;
    mag = sign ? -v : v;
    break;
  default:
    mag = v;
    break;
  }
  return pvm_fpu_round_pack (sign, 0, mag, dbl, rm, flags);
}

uint64_t
pvm_fpu_classify (uint64_t a, bool dbl)
{
  const int mbits = dbl ? 52 : 23;
  const int emask = dbl ? 0x7ff : 0xff;
  bool sign = (a >> (dbl ? 63 : 31)) & 1;
  int e = (int) (a >> mbits) & emask;
  uint64_t m = a & ((1ull << mbits) - 1);

  if (e == emask) {
    if (m == 0)
      return sign ? 1u << 0 : 1u << 7;
    return (m >> (mbits - 1)) ? 1u << 9 : 1u << 8;
  }
  if (e == 0)
    return m == 0 ? (sign ? 1u << 3 : 1u << 4) : (sign ? 1u << 2 : 1u << 5);
  return sign ? 1u << 1 : 1u << 6;
}

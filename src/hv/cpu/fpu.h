/* fpu.h: what the F/D handlers share — NaN-boxing, rounding modes, the host SSE unit, and the
 * software rounding of fpu.c.
 *
 * Arithmetic in the four rounding modes x86 has (RNE, RTZ, RDN, RUP) runs on the host SSE unit,
 * which is IEEE 754 with tininess detected after rounding like RISC-V. Each operation loads
 * MXCSR with its rounding mode (FTZ and DAZ off, flags clear), so it depends on nothing other
 * code left there; it does not restore the previous mode, so that a guest computing in one
 * directed mode pays no mode change per operation: host code on a hart thread must not depend
 * on the host rounding mode. RMM has no host mode and runs in software (fpu.c). Every value
 * crosses these helpers as raw IEEE bits (uint32_t / uint64_t).
 */
#pragma once

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hv/cpu/insn.h"

/* Rounding modes (the rm field and frm). */
enum {
  PVM_FPU_RNE = 0,
  PVM_FPU_RTZ = 1,
  PVM_FPU_RDN = 2,
  PVM_FPU_RUP = 3,
  PVM_FPU_RMM = 4,
  PVM_FPU_DYN = 7,
};

/* Accrued exception flags (fflags). */
enum {
  PVM_FFLAG_NX = 1,
  PVM_FFLAG_UF = 2,
  PVM_FFLAG_OF = 4,
  PVM_FFLAG_DZ = 8,
  PVM_FFLAG_NV = 16,
};

#define PVM_FPU_QNAN_S 0x7fc00000u
#define PVM_FPU_QNAN_D 0x7ff8000000000000ull
#define PVM_FPU_BOX 0xffffffff00000000ull

/* Operations of the software paths. */
typedef enum {
  PVM_FPU_ADD,
  PVM_FPU_SUB,
  PVM_FPU_MUL,
  PVM_FPU_DIV,
  PVM_FPU_SQRT,
  PVM_FPU_FMA, /* a * b + c; the FMSUB family negates a and/or c before */
} PvmFpuOp;

/* Integer types of the conversions. */
typedef enum {
  PVM_FPU_W,  /* int32_t */
  PVM_FPU_WU, /* uint32_t */
  PVM_FPU_L,  /* int64_t */
  PVM_FPU_LU, /* uint64_t */
} PvmFpuInt;

/* Rounds (-1)^@sign * @sig * 2^@exp to single (@dbl false) or double precision in mode @rm
 * (0..4), ORing NX/UF/OF into *@flags (tininess after rounding). A value that came out of a
 * wider round-to-odd computation passes its sticky bit in bit 0 of @sig, which then needs at
 * least two bits below the target precision. @sig 0 gives a signed zero. Returns the bits. */
uint64_t pvm_fpu_round_pack (bool sign, int exp, uint64_t sig, bool dbl, unsigned rm,
                             uint32_t *flags);

/* Computes @op on the single (@dbl false) or double operands @a, @b, @c (as many as @op takes)
 * rounded to nearest, ties to max magnitude, ORing the flags into *@flags. A NaN result is the
 * canonical NaN. Returns the bits. Slower than the host path (changes the host rounding mode
 * and back); never allocates. */
uint64_t pvm_fpu_rmm (PvmFpuOp op, bool dbl, uint64_t a, uint64_t b, uint64_t c, uint32_t *flags);

/* Converts the double @a to single precision rounding in mode @rm (0..4), ORing the flags into
 * *@flags. Returns the bits (the canonical NaN for a NaN). */
uint32_t pvm_fpu_d_to_s (uint64_t a, unsigned rm, uint32_t *flags);

/* Converts the single (@dbl false) or double @a to the integer type @type rounding in mode @rm
 * (0..4): NaN gives the largest value, out-of-range values saturate, both with NV and without
 * NX; an inexact in-range result raises NX. Returns the x-register value (W and WU results
 * sign-extended from 32 bits). */
uint64_t pvm_fpu_to_int (uint64_t a, bool dbl, PvmFpuInt type, unsigned rm, uint32_t *flags);

/* Converts the integer @v of type @type (read from the low 32 bits for W and WU) to single
 * (@dbl false) or double precision rounding in mode @rm (0..4), ORing NX into *@flags when
 * inexact. Returns the bits. */
uint64_t pvm_fpu_from_int (uint64_t v, PvmFpuInt type, bool dbl, unsigned rm, uint32_t *flags);

/* Returns the 10-bit FCLASS mask of the single (@dbl false) or double @a. */
uint64_t pvm_fpu_classify (uint64_t a, bool dbl);

/* Format properties, by suffix (s, d), for the handler templates. */
#define FPU_UINT_s uint32_t
#define FPU_UINT_d uint64_t
#define FPU_DBL_s false
#define FPU_DBL_d true
#define FPU_SIGN_s 0x80000000u
#define FPU_SIGN_d 0x8000000000000000ull
#define FPU_QNAN_s PVM_FPU_QNAN_S
#define FPU_QNAN_d PVM_FPU_QNAN_D

static inline bool
fpu_is_nan_s (uint32_t a)
{
  return (a & 0x7fffffffu) > 0x7f800000u;
}

static inline bool
fpu_is_nan_d (uint64_t a)
{
  return (a & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

static inline bool
fpu_is_snan_s (uint32_t a)
{
  return fpu_is_nan_s (a) && !(a & 0x00400000u);
}

static inline bool
fpu_is_snan_d (uint64_t a)
{
  return fpu_is_nan_d (a) && !(a & 0x0008000000000000ull);
}

static inline uint32_t
fpu_canon_s (uint32_t a)
{
  return fpu_is_nan_s (a) ? PVM_FPU_QNAN_S : a;
}

static inline uint64_t
fpu_canon_d (uint64_t a)
{
  return fpu_is_nan_d (a) ? PVM_FPU_QNAN_D : a;
}

/* True if {a, b} is {infinity, zero} in some order (the invalid product of a fused multiply). */
static inline bool
fpu_inf_zero_s (uint32_t a, uint32_t b)
{
  uint32_t x = a & 0x7fffffffu, y = b & 0x7fffffffu;
  return (x == 0x7f800000u && y == 0) || (x == 0 && y == 0x7f800000u);
}

static inline bool
fpu_inf_zero_d (uint64_t a, uint64_t b)
{
  uint64_t x = a & 0x7fffffffffffffffull, y = b & 0x7fffffffffffffffull;
  return (x == 0x7ff0000000000000ull && y == 0) || (x == 0 && y == 0x7ff0000000000000ull);
}

/* Register access. A single read of a register that is not NaN-boxed gives the canonical NaN;
 * every write marks the F state dirty. */
static inline uint32_t
fpu_read_s (const PvmHart *hart, unsigned r)
{
  uint64_t v = hart->f[r];
  return (v >> 32) == 0xffffffffu ? (uint32_t) v : PVM_FPU_QNAN_S;
}

static inline uint64_t
fpu_read_d (const PvmHart *hart, unsigned r)
{
  return hart->f[r];
}

/* Marks the FP state Dirty. SD is not stored: CSR reads derive it from FS. */
static inline void
fpu_set_dirty (PvmHart *hart)
{
  hart->mstatus |= PVM_MSTATUS_FS;
}

static inline void
fpu_write_s (PvmHart *hart, unsigned r, uint32_t v)
{
  hart->f[r] = PVM_FPU_BOX | v;
  fpu_set_dirty (hart);
}

static inline void
fpu_write_d (PvmHart *hart, unsigned r, uint64_t v)
{
  hart->f[r] = v;
  fpu_set_dirty (hart);
}

/* Accrues @flags raised by an instruction that writes no f register. */
static inline void
fpu_accrue (PvmHart *hart, uint32_t flags)
{
  if (flags) {
    hart->fflags |= flags;
    fpu_set_dirty (hart);
  }
}

/* Raises the illegal-instruction trap of @insn. Returns PVM_EXEC_TRAP. */
static inline int
fpu_illegal (PvmHart *hart, const PvmInsn *insn)
{
  return pvm_hart_raise (hart, PVM_EXC_ILLEGAL_INSN, insn->raw);
}

/* Checks that the F state is on; returns nonzero with the trap recorded otherwise. */
static inline int
fpu_check (PvmHart *hart, const PvmInsn *insn)
{
  if (PVM_UNLIKELY (!(hart->mstatus & PVM_MSTATUS_FS)))
    return fpu_illegal (hart, insn);
  return 0;
}

/* As fpu_check(), and resolves the rounding mode of @insn into *@rm (0..4): rm 5 and 6, and a
 * dynamic rm while frm is 5..7, are illegal. */
static inline int
fpu_check_rm (PvmHart *hart, const PvmInsn *insn, unsigned *rm)
{
  unsigned r = insn->rm == PVM_FPU_DYN ? hart->frm : insn->rm;
  if (PVM_UNLIKELY (!(hart->mstatus & PVM_MSTATUS_FS) || r > PVM_FPU_RMM))
    return fpu_illegal (hart, insn);
  *rm = r;
  return 0;
}

/* The host SSE unit. */
#define FPU_MXCSR_BASE 0x1f80u /* all exceptions masked, FTZ and DAZ off, flags clear */

static inline uint32_t
fpu_mxcsr_get (void)
{
  uint32_t csr;
  __asm__ volatile ("stmxcsr %0" : "=m" (csr));
  return csr;
}

static inline void
fpu_mxcsr_set (uint32_t csr)
{
  __asm__ volatile ("ldmxcsr %0" : : "m" (csr));
}

/* Maps MXCSR exception flags (IE DE ZE OE UE PE, bits 0..5) to fflags. */
static inline uint32_t
fpu_mxcsr_fflags (uint32_t csr)
{
  return ((csr & 1u) << 4) | ((csr & 4u) << 1) | ((csr >> 1) & 4u) | ((csr >> 3) & 2u)
         | ((csr >> 5) & 1u);
}

/* Prepares the host unit for an operation in mode @rm (0..3): loads MXCSR with that rounding
 * mode, FTZ and DAZ off, and no exception flag set. Loading the value the register already has
 * is cheap; the values live in memory that is never written, so the load never waits for a
 * store. */
static inline void
fpu_host_enter (unsigned rm)
{
  static const uint32_t modes[4] = {
    FPU_MXCSR_BASE,           /* RNE: round to nearest */
    FPU_MXCSR_BASE | 0x6000u, /* RTZ: toward zero */
    FPU_MXCSR_BASE | 0x2000u, /* RDN: down */
    FPU_MXCSR_BASE | 0x4000u, /* RUP: up */
  };
  __asm__ volatile ("ldmxcsr %0" : : "m" (modes[rm]));
}

/* True if a result with these bits can have raised no flag but NX: finite, not zero, not in
 * the lowest normal binade (tininess) and not in the highest (overflow to the largest finite
 * value). NaN, infinite, zero, tiny and huge results are not "usual". */
static inline bool
fpu_usual_s (uint32_t r)
{
  return ((r >> 23) & 0xffu) - 2u < 0xfcu;
}

static inline bool
fpu_usual_d (uint64_t r)
{
  return ((uint32_t) (r >> 52) & 0x7ffu) - 2u < 0x7fcu;
}

/* Accrues the flags of the host operation since fpu_host_enter(). Reading MXCSR is slow on some
 * hosts, so it is skipped when the result is @usual and NX is already accrued: then the
 * operation cannot have raised anything new. */
static inline void
fpu_host_leave (PvmHart *hart, bool usual)
{
  if (!PVM_LIKELY (usual && (hart->fflags & PVM_FFLAG_NX)))
    hart->fflags |= fpu_mxcsr_fflags (fpu_mxcsr_get ());
}

static inline float
fpu_f32 (uint32_t a)
{
  float f;
  memcpy (&f, &a, sizeof f);
  return f;
}

static inline uint32_t
fpu_u32 (float f)
{
  uint32_t a;
  memcpy (&a, &f, sizeof a);
  return a;
}

static inline double
fpu_f64 (uint64_t a)
{
  double f;
  memcpy (&f, &a, sizeof f);
  return f;
}

static inline uint64_t
fpu_u64 (double f)
{
  uint64_t a;
  memcpy (&a, &f, sizeof a);
  return a;
}

/* One SSE instruction each, as volatile asm so that the compiler neither folds them nor moves
 * them across the MXCSR accesses. */
#define FPU_HOST_BINOP(name, insn, S, T, to, from)                      \
  static inline FPU_UINT_##S fpu_host_##name##_##S (FPU_UINT_##S a, FPU_UINT_##S b) \
  {                                                                     \
    T x = to (a), y = to (b);                                           \
    __asm__ volatile (insn " %1, %0" : "+x" (x) : "x" (y));             \
    return from (x);                                                    \
  }

FPU_HOST_BINOP (add, "addss", s, float, fpu_f32, fpu_u32)
FPU_HOST_BINOP (sub, "subss", s, float, fpu_f32, fpu_u32)
FPU_HOST_BINOP (mul, "mulss", s, float, fpu_f32, fpu_u32)
FPU_HOST_BINOP (div, "divss", s, float, fpu_f32, fpu_u32)
FPU_HOST_BINOP (add, "addsd", d, double, fpu_f64, fpu_u64)
FPU_HOST_BINOP (sub, "subsd", d, double, fpu_f64, fpu_u64)
FPU_HOST_BINOP (mul, "mulsd", d, double, fpu_f64, fpu_u64)
FPU_HOST_BINOP (div, "divsd", d, double, fpu_f64, fpu_u64)
#undef FPU_HOST_BINOP

static inline uint32_t
fpu_host_sqrt_s (uint32_t a)
{
  float x = fpu_f32 (a);
  __asm__ volatile ("sqrtss %0, %0" : "+x" (x));
  return fpu_u32 (x);
}

static inline uint64_t
fpu_host_sqrt_d (uint64_t a)
{
  double x = fpu_f64 (a);
  __asm__ volatile ("sqrtsd %0, %0" : "+x" (x));
  return fpu_u64 (x);
}

static inline uint32_t
fpu_host_d_to_s (uint64_t a)
{
  double x = fpu_f64 (a);
  float r;
  __asm__ volatile ("cvtsd2ss %1, %0" : "=x" (r) : "x" (x));
  return fpu_u32 (r);
}

/* Fused multiply-add through libm (correctly rounded in the current mode, flags set), fenced
 * by empty volatile asm so the call stays between the MXCSR accesses. */
static inline uint32_t
fpu_host_fma_s (uint32_t a, uint32_t b, uint32_t c)
{
  float x = fpu_f32 (a), y = fpu_f32 (b), z = fpu_f32 (c);
  __asm__ volatile ("" : "+x" (x), "+x" (y), "+x" (z));
  float r = fmaf (x, y, z);
  __asm__ volatile ("" : "+x" (r));
  return fpu_u32 (r);
}

static inline uint64_t
fpu_host_fma_d (uint64_t a, uint64_t b, uint64_t c)
{
  double x = fpu_f64 (a), y = fpu_f64 (b), z = fpu_f64 (c);
  __asm__ volatile ("" : "+x" (x), "+x" (y), "+x" (z));
  double r = fma (x, y, z);
  __asm__ volatile ("" : "+x" (r));
  return fpu_u64 (r);
}

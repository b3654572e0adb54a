/* rv64uf.S: single precision: arithmetic in every rounding mode, fflags, fused multiply-add,
 * NaN handling and NaN-boxing, sign injection, min/max, comparisons, fclass, conversions,
 * moves, loads and stores, fcsr, and FS = Off. */
#include "macros.h"
#include "fp.h"

  .option norvc

#define ONE 0x3f800000
#define TWO 0x40000000
#define THREE 0x40400000
#define HALF 0x3f000000
#define MONE 0xbf800000
#define PINF 0x7f800000
#define NINF 0xff800000
#define CNAN 0x7fc00000
#define SNAN 0x7f800001
#define QNANP 0x7fc12345
#define MAXF 0x7f7fffff
#define MINN 0x00800000
#define PZERO 0
#define NZERO 0x80000000
#define EPS24 0x33800000 /* 2^-24: half an ulp of 1.0 */

TEST_BEGIN
  /* ---- basic arithmetic ---- */
  TEST 1
  FOP2 s, fadd.s, ONE, TWO, THREE, 0
  FOP2 s, fsub.s, ONE, TWO, MONE, 0
  FOP2 s, fmul.s, 0x3fc00000, TWO, THREE, 0
  FOP2 s, fdiv.s, THREE, TWO, 0x3fc00000, 0
  FOP1 s, fsqrt.s, 0x40800000, TWO, 0
  FOP1 s, fsqrt.s, TWO, 0x3fb504f3, NX
  FOP1 s, fsqrt.s, NZERO, NZERO, 0
  FOP1 s, fsqrt.s, PINF, PINF, 0
  TEST 2
  /* x - x is +0 in every mode but RDN, where it is -0 */
  FOP2 s, fsub.s, ONE, ONE, PZERO, 0, rne
  FOP2 s, fsub.s, ONE, ONE, NZERO, 0, rdn
  FOP2 s, fadd.s, NZERO, NZERO, NZERO, 0
  FOP2 s, fadd.s, NZERO, PZERO, PZERO, 0

  /* ---- every rounding mode, from the rm field ---- */
  TEST 10
  /* 1 + 2^-24 is a tie between 1 and 1 + 2^-23 */
  FOP2 s, fadd.s, ONE, EPS24, ONE, NX, rne
  FOP2 s, fadd.s, ONE, EPS24, ONE, NX, rtz
  FOP2 s, fadd.s, ONE, EPS24, ONE, NX, rdn
  FOP2 s, fadd.s, ONE, EPS24, 0x3f800001, NX, rup
  FOP2 s, fadd.s, ONE, EPS24, 0x3f800001, NX, rmm
  TEST 11
  FOP2 s, fadd.s, MONE, 0xb3800000, MONE, NX, rne
  FOP2 s, fadd.s, MONE, 0xb3800000, MONE, NX, rtz
  FOP2 s, fadd.s, MONE, 0xb3800000, 0xbf800001, NX, rdn
  FOP2 s, fadd.s, MONE, 0xb3800000, MONE, NX, rup
  FOP2 s, fadd.s, MONE, 0xb3800000, 0xbf800001, NX, rmm
  TEST 12
  /* 1 + 3 * 2^-24: a tie that RNE rounds up to the even neighbour */
  FOP2 s, fadd.s, 0x3f800001, EPS24, 0x3f800002, NX, rne
  FOP2 s, fadd.s, 0x3f800001, EPS24, 0x3f800001, NX, rtz
  TEST 13
  FOP2 s, fdiv.s, ONE, THREE, 0x3eaaaaab, NX, rne
  FOP2 s, fdiv.s, ONE, THREE, 0x3eaaaaaa, NX, rtz
  FOP2 s, fdiv.s, ONE, THREE, 0x3eaaaaaa, NX, rdn
  FOP2 s, fdiv.s, ONE, THREE, 0x3eaaaaab, NX, rup
  FOP2 s, fdiv.s, ONE, THREE, 0x3eaaaaab, NX, rmm
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaab, NX, rne
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaaa, NX, rtz
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaab, NX, rdn
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaaa, NX, rup
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaab, NX, rmm
  TEST 14
  /* (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46 */
  FOP2 s, fmul.s, 0x3f800001, 0x3f800001, 0x3f800002, NX, rne
  FOP2 s, fmul.s, 0x3f800001, 0x3f800001, 0x3f800003, NX, rup
  FOP2 s, fmul.s, 0x3f800001, 0x3f800001, 0x3f800002, NX, rdn
  FOP1 s, fsqrt.s, TWO, 0x3fb504f3, NX, rne
  FOP1 s, fsqrt.s, TWO, 0x3fb504f3, NX, rdn
  FOP1 s, fsqrt.s, TWO, 0x3fb504f4, NX, rup

  /* ---- every rounding mode, from frm ---- */
  TEST 20
  fsrmi a0, 0
  CHECK a0, 0
  FOP2 s, fadd.s, ONE, EPS24, ONE, NX
  fsrmi 1
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaaa, NX
  fsrmi 2
  FOP2 s, fdiv.s, MONE, THREE, 0xbeaaaaab, NX
  fsrmi 3
  FOP2 s, fadd.s, ONE, EPS24, 0x3f800001, NX
  fsrmi a0, 4
  CHECK a0, 3
  FOP2 s, fadd.s, MONE, 0xb3800000, 0xbf800001, NX
  TEST 21
  /* the rm field wins over frm */
  FOP2 s, fadd.s, ONE, EPS24, ONE, NX, rne
  frrm a0
  CHECK a0, 4
  fsrmi 0

  /* ---- fflags ---- */
  TEST 30
  /* division by zero */
  FOP2 s, fdiv.s, ONE, PZERO, PINF, DZ
  FOP2 s, fdiv.s, MONE, PZERO, NINF, DZ
  FOP2 s, fdiv.s, ONE, NZERO, NINF, DZ
  FOP2 s, fdiv.s, PINF, PZERO, PINF, 0
  FOP2 s, fdiv.s, PZERO, PZERO, CNAN, NV
  FOP2 s, fdiv.s, PINF, NINF, CNAN, NV
  TEST 31
  /* overflow, by rounding mode and sign */
  FOP2 s, fmul.s, MAXF, TWO, PINF, OF | NX, rne
  FOP2 s, fmul.s, MAXF, TWO, MAXF, OF | NX, rtz
  FOP2 s, fmul.s, MAXF, TWO, MAXF, OF | NX, rdn
  FOP2 s, fmul.s, MAXF, TWO, PINF, OF | NX, rup
  FOP2 s, fmul.s, MAXF, TWO, PINF, OF | NX, rmm
  FOP2 s, fmul.s, 0xff7fffff, TWO, NINF, OF | NX, rne
  FOP2 s, fmul.s, 0xff7fffff, TWO, 0xff7fffff, OF | NX, rtz
  FOP2 s, fmul.s, 0xff7fffff, TWO, NINF, OF | NX, rdn
  FOP2 s, fmul.s, 0xff7fffff, TWO, 0xff7fffff, OF | NX, rup
  FOP2 s, fadd.s, MAXF, MAXF, PINF, OF | NX
  TEST 32
  /* underflow: flagged only when the tiny result is also inexact */
  FOP2 s, fmul.s, MINN, HALF, 0x00400000, 0
  FOP2 s, fmul.s, 0x00800001, HALF, 0x00400000, UF | NX, rne
  FOP2 s, fmul.s, 0x00800001, HALF, 0x00400001, UF | NX, rup
  FOP2 s, fmul.s, 0x00000001, HALF, PZERO, UF | NX, rne
  FOP2 s, fmul.s, 0x00000001, HALF, 0x00000001, UF | NX, rup
  FOP2 s, fmul.s, 0x80000001, HALF, 0x80000001, UF | NX, rdn
  FOP2 s, fsub.s, 0x00800001, MINN, 0x00000001, 0
  /* tininess is detected after rounding: 2^-126 - 2^-151 rounds to 2^-126, no UF */
  FOP3 s, fmadd.s, 0x1a000000, 0x99800000, MINN, MINN, NX, rne
  /* while 2^-126 - 2^-150 stays tiny after rounding */
  FOP3 s, fmadd.s, 0x1a000000, 0x9a000000, MINN, MINN, UF | NX, rne
  TEST 33
  /* flags accumulate until cleared */
  LI_S fa0, ONE
  LI_S fa1, THREE
  fdiv.s fa2, fa0, fa1
  LI_S fa1, PZERO
  fdiv.s fa2, fa0, fa1
  CHECK_FLAGS NX | DZ
  CHECK_FLAGS 0

  /* ---- NaNs: results are the canonical NaN, sNaN inputs raise NV ---- */
  TEST 40
  FOP2 s, fadd.s, QNANP, ONE, CNAN, 0
  FOP2 s, fadd.s, ONE, 0xffc00001, CNAN, 0
  FOP2 s, fadd.s, SNAN, ONE, CNAN, NV
  FOP2 s, fmul.s, ONE, 0xff800005, CNAN, NV
  FOP2 s, fsub.s, PINF, PINF, CNAN, NV
  FOP2 s, fmul.s, PINF, PZERO, CNAN, NV
  FOP2 s, fdiv.s, SNAN, QNANP, CNAN, NV
  FOP1 s, fsqrt.s, MONE, CNAN, NV
  FOP1 s, fsqrt.s, QNANP, CNAN, 0
  FOP1 s, fsqrt.s, NINF, CNAN, NV

  /* ---- fused multiply-add ---- */
  TEST 50
  FOP3 s, fmadd.s, TWO, THREE, ONE, 0x40e00000, 0
  FOP3 s, fmsub.s, TWO, THREE, ONE, 0x40a00000, 0
  FOP3 s, fnmsub.s, TWO, THREE, ONE, 0xc0a00000, 0
  FOP3 s, fnmadd.s, TWO, THREE, ONE, 0xc0e00000, 0
  TEST 51
  /* one rounding: (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly */
  FOP3 s, fmadd.s, 0x3f800800, 0x3f800800, MONE, 0x3a000400, 0
  FOP3 s, fnmsub.s, 0x3f800800, 0x3f800800, ONE, 0xba000400, 0
  TEST 52
  /* inf * 0 raises NV even when the addend is a quiet NaN */
  FOP3 s, fmadd.s, PINF, PZERO, QNANP, CNAN, NV
  FOP3 s, fmadd.s, ONE, ONE, SNAN, CNAN, NV
  FOP3 s, fmadd.s, ONE, QNANP, ONE, CNAN, 0
  FOP3 s, fmadd.s, PINF, ONE, NINF, CNAN, NV
  FOP3 s, fmadd.s, MAXF, TWO, MONE, PINF, OF | NX
  TEST 53
  /* signs of zero results */
  FOP3 s, fnmadd.s, ONE, PZERO, PZERO, NZERO, 0
  FOP3 s, fmsub.s, ONE, PZERO, PZERO, PZERO, 0, rne
  FOP3 s, fmsub.s, ONE, PZERO, PZERO, NZERO, 0, rdn
  FOP3 s, fmadd.s, ONE, EPS24, ONE, 0x3f800001, NX, rup
  FOP3 s, fmadd.s, ONE, EPS24, ONE, ONE, NX, rne

  /* ---- NaN-boxing ---- */
  TEST 60
  /* an unboxed single reads as the canonical NaN */
  li a0, 0x000000003f800000
  fmv.d.x fa0, a0
  LI_S fa1, ONE
  fadd.s fa2, fa0, fa1
  CHECK_S fa2, CNAN
  CHECK_FLAGS 0
  fadd.s fa2, fa1, fa0
  CHECK_S fa2, CNAN
  CHECK_FLAGS 0
  li a0, 0xfffffffe3f800000
  fmv.d.x fa0, a0
  fmul.s fa2, fa0, fa1
  CHECK_S fa2, CNAN
  CHECK_FLAGS 0
  TEST 61
  li a0, 0x000000003f800000
  fmv.d.x fa0, a0
  fsgnj.s fa2, fa0, fa1
  CHECK_S fa2, CNAN
  fsgnjn.s fa2, fa0, fa1
  CHECK_S fa2, 0xffc00000
  fsgnj.s fa2, fa1, fa0
  CHECK_S fa2, ONE
  fsgnjn.s fa2, fa1, fa0
  CHECK_S fa2, MONE
  fclass.s a2, fa0
  CHECK a2, 0x200
  feq.s a2, fa0, fa0
  CHECK a2, 0
  CHECK_FLAGS 0
  fmin.s fa2, fa0, fa1
  CHECK_S fa2, ONE
  CHECK_FLAGS 0
  fcvt.w.s a2, fa0
  CHECK a2, 0x7fffffff
  CHECK_FLAGS NV
  fcvt.d.s fa2, fa0
  CHECK_D fa2, 0x7ff8000000000000
  CHECK_FLAGS 0
  TEST 62
  /* moves and stores take the low 32 bits as they are */
  li a0, 0x00000000bf800000
  fmv.d.x fa0, a0
  fmv.x.w a2, fa0
  CHECK a2, 0xffffffffbf800000
  lla a1, fdata
  li a3, -1
  sd a3, 0(a1)
  fsw fa0, 0(a1)
  ld a2, 0(a1)
  CHECK a2, 0xffffffffbf800000
  TEST 63
  /* results, loads and moves are boxed */
  li a0, 0x3fc00000
  sw a0, 8(a1)
  flw fa3, 8(a1)
  CHECK_S fa3, 0x3fc00000
  li a0, 0x123456789abcdef0
  fmv.w.x fa3, a0
  CHECK_S fa3, 0x9abcdef0
  fmv.x.w a2, fa3
  CHECK a2, 0xffffffff9abcdef0
  li a0, 0x7fffffff
  fmv.w.x fa3, a0
  fmv.x.w a2, fa3
  CHECK a2, 0x7fffffff
  fcvt.s.w fa3, zero
  CHECK_S fa3, 0

  /* ---- sign injection keeps payloads, raises nothing ---- */
  TEST 70
  FOP2N s, fsgnj.s, ONE, 0xc0000000, MONE, 0
  FOP2N s, fsgnjn.s, ONE, 0xc0000000, ONE, 0
  FOP2N s, fsgnjx.s, MONE, 0xc0000000, ONE, 0
  FOP2N s, fsgnjx.s, MONE, TWO, MONE, 0
  FOP2N s, fsgnj.s, SNAN, MONE, 0xff800001, 0
  FOP2N s, fsgnjn.s, 0xffc12345, 0xffc12345, QNANP, 0
  FOP2N s, fsgnjx.s, QNANP, MONE, 0xffc12345, 0
  TEST 71
  LI_S fa0, SNAN
  fneg.s fa2, fa0
  CHECK_S fa2, 0xff800001
  fabs.s fa3, fa2
  CHECK_S fa3, SNAN
  fmv.s fa3, fa2
  CHECK_S fa3, 0xff800001
  CHECK_FLAGS 0

  /* ---- min and max ---- */
  TEST 80
  FOP2N s, fmin.s, ONE, TWO, ONE, 0
  FOP2N s, fmax.s, ONE, TWO, TWO, 0
  FOP2N s, fmin.s, NZERO, PZERO, NZERO, 0
  FOP2N s, fmin.s, PZERO, NZERO, NZERO, 0
  FOP2N s, fmax.s, NZERO, PZERO, PZERO, 0
  FOP2N s, fmax.s, PZERO, NZERO, PZERO, 0
  FOP2N s, fmin.s, NINF, MAXF, NINF, 0
  TEST 81
  FOP2N s, fmin.s, ONE, QNANP, ONE, 0
  FOP2N s, fmin.s, QNANP, ONE, ONE, 0
  FOP2N s, fmax.s, SNAN, ONE, ONE, NV
  FOP2N s, fmin.s, MONE, SNAN, MONE, NV
  FOP2N s, fmin.s, QNANP, QNANP, CNAN, 0
  FOP2N s, fmax.s, SNAN, QNANP, CNAN, NV

  /* ---- comparisons ---- */
  TEST 90
  FCMP s, feq.s, ONE, ONE, 1, 0
  FCMP s, feq.s, ONE, TWO, 0, 0
  FCMP s, feq.s, NZERO, PZERO, 1, 0
  FCMP s, feq.s, QNANP, ONE, 0, 0
  FCMP s, feq.s, QNANP, QNANP, 0, 0
  FCMP s, feq.s, SNAN, ONE, 0, NV
  TEST 91
  FCMP s, flt.s, ONE, TWO, 1, 0
  FCMP s, flt.s, TWO, ONE, 0, 0
  FCMP s, flt.s, NZERO, PZERO, 0, 0
  FCMP s, flt.s, NINF, MONE, 1, 0
  FCMP s, flt.s, QNANP, ONE, 0, NV
  FCMP s, flt.s, ONE, SNAN, 0, NV
  TEST 92
  FCMP s, fle.s, TWO, TWO, 1, 0
  FCMP s, fle.s, NZERO, PZERO, 1, 0
  FCMP s, fle.s, THREE, TWO, 0, 0
  FCMP s, fle.s, ONE, QNANP, 0, NV
  FCMP s, fle.s, SNAN, ONE, 0, NV

  /* ---- fclass: all ten classes ---- */
  TEST 100
  FCLASS s, fclass.s, NINF, 0x001
  FCLASS s, fclass.s, MONE, 0x002
  FCLASS s, fclass.s, 0x807fffff, 0x004
  FCLASS s, fclass.s, NZERO, 0x008
  FCLASS s, fclass.s, PZERO, 0x010
  FCLASS s, fclass.s, 0x00000001, 0x020
  FCLASS s, fclass.s, MINN, 0x040
  FCLASS s, fclass.s, PINF, 0x080
  FCLASS s, fclass.s, SNAN, 0x100
  FCLASS s, fclass.s, 0xffbfffff, 0x100
  FCLASS s, fclass.s, CNAN, 0x200
  FCLASS s, fclass.s, 0xffc00001, 0x200

  /* ---- float to integer ---- */
  TEST 110
  FTOI s, fcvt.w.s, 0x3fc00000, 2, NX, rne
  FTOI s, fcvt.w.s, 0x3fc00000, 1, NX, rtz
  FTOI s, fcvt.w.s, 0x3fc00000, 1, NX, rdn
  FTOI s, fcvt.w.s, 0x3fc00000, 2, NX, rup
  FTOI s, fcvt.w.s, 0x3fc00000, 2, NX, rmm
  FTOI s, fcvt.w.s, 0xbfc00000, -2, NX, rne
  FTOI s, fcvt.w.s, 0xbfc00000, -1, NX, rtz
  FTOI s, fcvt.w.s, 0xbfc00000, -2, NX, rdn
  FTOI s, fcvt.w.s, 0xbfc00000, -1, NX, rup
  FTOI s, fcvt.w.s, 0xbfc00000, -2, NX, rmm
  FTOI s, fcvt.w.s, 0x40200000, 2, NX, rne
  FTOI s, fcvt.w.s, 0x40200000, 3, NX, rmm
  FTOI s, fcvt.w.s, THREE, 3, 0, rtz
  FTOI s, fcvt.w.s, 0xbf000000, 0, NX, rtz
  TEST 111
  /* saturation: out of range and NaN raise NV */
  FTOI s, fcvt.w.s, 0x4f32d05e, 0x7fffffff, NV, rtz
  FTOI s, fcvt.w.s, 0xcf32d05e, 0xffffffff80000000, NV, rtz
  FTOI s, fcvt.w.s, 0xcf000000, 0xffffffff80000000, 0, rtz
  FTOI s, fcvt.w.s, 0x4f000000, 0x7fffffff, NV, rtz
  FTOI s, fcvt.w.s, PINF, 0x7fffffff, NV, rtz
  FTOI s, fcvt.w.s, NINF, 0xffffffff80000000, NV, rtz
  FTOI s, fcvt.w.s, QNANP, 0x7fffffff, NV, rtz
  FTOI s, fcvt.w.s, 0xffc00000, 0x7fffffff, NV, rtz
  TEST 112
  /* unsigned word results are sign-extended */
  FTOI s, fcvt.wu.s, 0x4f6e6b28, 0xffffffffee6b2800, 0, rtz
  FTOI s, fcvt.wu.s, 0x4f9502f9, -1, NV, rtz
  FTOI s, fcvt.wu.s, MONE, 0, NV, rtz
  FTOI s, fcvt.wu.s, 0xbf000000, 0, NX, rtz
  FTOI s, fcvt.wu.s, 0xbf000000, 0, NV, rdn
  FTOI s, fcvt.wu.s, QNANP, -1, NV, rtz
  FTOI s, fcvt.wu.s, NINF, 0, NV, rtz
  FTOI s, fcvt.wu.s, 0x3fc00000, 2, NX, rne
  TEST 113
  FTOI s, fcvt.l.s, 0x501502f9, 10000000000, 0, rtz
  FTOI s, fcvt.l.s, 0x5f000000, 0x7fffffffffffffff, NV, rtz
  FTOI s, fcvt.l.s, 0xdf000000, 0x8000000000000000, 0, rtz
  FTOI s, fcvt.l.s, 0xdf000001, 0x8000000000000000, NV, rtz
  FTOI s, fcvt.l.s, QNANP, 0x7fffffffffffffff, NV, rtz
  FTOI s, fcvt.l.s, NINF, 0x8000000000000000, NV, rtz
  FTOI s, fcvt.l.s, 0xbfc00000, -2, NX, rdn
  TEST 114
  FTOI s, fcvt.lu.s, 0x5f000000, 0x8000000000000000, 0, rtz
  FTOI s, fcvt.lu.s, 0x5f800000, -1, NV, rtz
  FTOI s, fcvt.lu.s, MONE, 0, NV, rtz
  FTOI s, fcvt.lu.s, QNANP, -1, NV, rtz
  FTOI s, fcvt.lu.s, PINF, -1, NV, rtz
  FTOI s, fcvt.lu.s, 0x3fc00000, 1, NX, rdn

  /* ---- integer to float ---- */
  TEST 120
  ITOF s, fcvt.s.w, -1, MONE, 0
  ITOF s, fcvt.s.w, 0xffffffff00000001, ONE, 0
  ITOF s, fcvt.s.w, 16777217, 0x4b800000, NX, rne
  ITOF s, fcvt.s.w, 16777217, 0x4b800001, NX, rup
  ITOF s, fcvt.s.w, 0x80000000, 0xcf000000, 0
  TEST 121
  ITOF s, fcvt.s.wu, 0xffffffff, 0x4f800000, NX, rne
  ITOF s, fcvt.s.wu, 0xffffffff, 0x4f7fffff, NX, rtz
  ITOF s, fcvt.s.wu, 0xffffffff00000003, THREE, 0
  ITOF s, fcvt.s.wu, 0x80000000, 0x4f000000, 0
  TEST 122
  ITOF s, fcvt.s.l, 0x7fffffffffffffff, 0x5f000000, NX, rne
  ITOF s, fcvt.s.l, 0x7fffffffffffffff, 0x5effffff, NX, rtz
  ITOF s, fcvt.s.l, -1, MONE, 0
  ITOF s, fcvt.s.l, 0x8000000000000000, 0xdf000000, 0
  ITOF s, fcvt.s.l, 0, PZERO, 0
  ITOF s, fcvt.s.lu, -1, 0x5f800000, NX, rne
  ITOF s, fcvt.s.lu, -1, 0x5f7fffff, NX, rtz
  ITOF s, fcvt.s.lu, 0x8000000000000000, 0x5f000000, 0

  /* ---- fcsr, frm, fflags ---- */
  TEST 130
  csrwi fcsr, 0
  li a0, 0xff
  csrw fcsr, a0
  CHECK_CSR fcsr, 0xff
  CHECK_CSR frm, 7
  CHECK_CSR fflags, 0x1f
  li a0, 0xfffffff3
  csrw fcsr, a0
  CHECK_CSR fcsr, 0xf3
  csrwi fflags, 0x1f
  csrwi frm, 2
  CHECK_CSR fcsr, 0x5f
  fsflagsi a0, 0x02
  CHECK a0, 0x1f
  frflags a0
  CHECK a0, 0x02
  frcsr a0
  CHECK a0, 0x42
  csrwi fcsr, 0
  TEST 131
  /* rm field values 5 and 6 are illegal; so is dynamic rounding with frm 5, 6 or 7 */
  LI_S fa0, ONE
  LI_S fa1, ONE
  EXPECT_MTRAP 1f
2:
  .word FP_R(0x00, 5)
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, FP_R(0x00, 5)
  EXPECT_MTRAP 1f
2:
  .word FP_R(0x08, 6)
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, FP_R(0x08, 6)
  fsrmi 5
  EXPECT_MTRAP 1f
2:
  fadd.s fa2, fa0, fa1
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  fsrmi 7
  EXPECT_MTRAP 1f
2:
  fsqrt.s fa2, fa0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  /* the instructions without rounding stay legal */
  fsgnj.s fa2, fa0, fa1
  fmin.s fa2, fa0, fa1
  feq.s a0, fa0, fa1
  CHECK a0, 1
  fsrmi 0

  /* ---- mstatus.FS ---- */
  TEST 140
  /* writing an F register makes FS Dirty and sets SD */
  li a0, MSTATUS_FS
  csrc mstatus, a0
  li a0, MSTATUS_FS_INITIAL
  csrs mstatus, a0
  fadd.s fa2, fa0, fa1
  csrr a0, mstatus
  srli a1, a0, 13
  andi a1, a1, 3
  CHECK a1, 3
  srli a1, a0, 63
  CHECK a1, 1
  TEST 141
  /* FS = Off: every F instruction and F CSR access is illegal */
  li a0, MSTATUS_FS
  csrc mstatus, a0
  csrr a0, mstatus
  srli a1, a0, 63
  CHECK a1, 0
  EXPECT_MTRAP 1f
2:
  fadd.s fa2, fa0, fa1
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  lla a1, fdata
  EXPECT_MTRAP 1f
2:
  flw fa2, 0(a1)
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fsw fa2, 0(a1)
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fmv.x.w a0, fa2
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fmv.w.x fa2, zero
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  frflags a0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  csrw fcsr, zero
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fcvt.s.w fa0, zero
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fmadd.s fa0, fa0, fa0, fa0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  li a0, MSTATUS_FS_INITIAL
  csrs mstatus, a0
  fmv.w.x fa0, zero
  j pass
TEST_END

  .data
  .align 3
fdata:
  .dword 0, 0, 0, 0

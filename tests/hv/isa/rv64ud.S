/* rv64ud.S: double precision: arithmetic in every rounding mode, fflags, fused multiply-add,
 * NaNs, sign injection, min/max, comparisons, fclass, conversions (with integers and with
 * single), moves, loads and stores, and FS = Off. */
#include "macros.h"
#include "fp.h"

  .option norvc

#define ONE 0x3ff0000000000000
#define TWO 0x4000000000000000
#define THREE 0x4008000000000000
#define HALF 0x3fe0000000000000
#define ONEHALF 0x3ff8000000000000
#define MONE 0xbff0000000000000
#define PINF 0x7ff0000000000000
#define NINF 0xfff0000000000000
#define CNAN 0x7ff8000000000000
#define SNAN 0x7ff0000000000001
#define QNANP 0x7ff8000000012345
#define MAXD 0x7fefffffffffffff
#define MINN 0x0010000000000000
#define PZERO 0
#define NZERO 0x8000000000000000
#define EPS53 0x3ca0000000000000 /* 2^-53: half an ulp of 1.0 */

TEST_BEGIN
  /* ---- basic arithmetic ---- */
  TEST 1
  FOP2 d, fadd.d, ONE, TWO, THREE, 0
  FOP2 d, fsub.d, ONE, TWO, MONE, 0
  FOP2 d, fmul.d, ONEHALF, TWO, THREE, 0
  FOP2 d, fdiv.d, THREE, TWO, ONEHALF, 0
  FOP1 d, fsqrt.d, 0x4010000000000000, TWO, 0
  FOP1 d, fsqrt.d, TWO, 0x3ff6a09e667f3bcd, NX
  FOP1 d, fsqrt.d, NZERO, NZERO, 0
  FOP2 d, fsub.d, ONE, ONE, PZERO, 0, rne
  FOP2 d, fsub.d, ONE, ONE, NZERO, 0, rdn

  /* ---- every rounding mode, from the rm field ---- */
  TEST 10
  FOP2 d, fadd.d, ONE, EPS53, ONE, NX, rne
  FOP2 d, fadd.d, ONE, EPS53, ONE, NX, rtz
  FOP2 d, fadd.d, ONE, EPS53, ONE, NX, rdn
  FOP2 d, fadd.d, ONE, EPS53, 0x3ff0000000000001, NX, rup
  FOP2 d, fadd.d, ONE, EPS53, 0x3ff0000000000001, NX, rmm
  FOP2 d, fadd.d, 0x3ff0000000000001, EPS53, 0x3ff0000000000002, NX, rne
  TEST 11
  FOP2 d, fdiv.d, ONE, THREE, 0x3fd5555555555555, NX, rne
  FOP2 d, fdiv.d, ONE, THREE, 0x3fd5555555555555, NX, rtz
  FOP2 d, fdiv.d, ONE, THREE, 0x3fd5555555555555, NX, rdn
  FOP2 d, fdiv.d, ONE, THREE, 0x3fd5555555555556, NX, rup
  FOP2 d, fdiv.d, ONE, THREE, 0x3fd5555555555555, NX, rmm
  FOP2 d, fdiv.d, MONE, THREE, 0xbfd5555555555555, NX, rne
  FOP2 d, fdiv.d, MONE, THREE, 0xbfd5555555555556, NX, rdn
  FOP2 d, fdiv.d, MONE, THREE, 0xbfd5555555555555, NX, rup
  TEST 12
  FOP1 d, fsqrt.d, TWO, 0x3ff6a09e667f3bcc, NX, rdn
  FOP1 d, fsqrt.d, TWO, 0x3ff6a09e667f3bcd, NX, rup
  FOP1 d, fsqrt.d, TWO, 0x3ff6a09e667f3bcc, NX, rtz
  TEST 13
  /* from frm */
  fsrmi 3
  FOP2 d, fadd.d, ONE, EPS53, 0x3ff0000000000001, NX
  fsrmi 2
  FOP2 d, fdiv.d, MONE, THREE, 0xbfd5555555555556, NX
  fsrmi 4
  FOP2 d, fadd.d, ONE, EPS53, 0x3ff0000000000001, NX
  fsrmi 1
  FOP2 d, fdiv.d, ONE, THREE, 0x3fd5555555555555, NX
  FOP2 d, fmul.d, MAXD, TWO, MAXD, OF | NX
  fsrmi 0

  /* ---- fflags ---- */
  TEST 20
  FOP2 d, fdiv.d, ONE, PZERO, PINF, DZ
  FOP2 d, fdiv.d, ONE, NZERO, NINF, DZ
  FOP2 d, fdiv.d, PZERO, PZERO, CNAN, NV
  FOP2 d, fdiv.d, NINF, PZERO, NINF, 0
  TEST 21
  FOP2 d, fmul.d, MAXD, TWO, PINF, OF | NX, rne
  FOP2 d, fmul.d, MAXD, TWO, MAXD, OF | NX, rtz
  FOP2 d, fmul.d, MAXD, TWO, PINF, OF | NX, rup
  FOP2 d, fmul.d, 0xffefffffffffffff, TWO, 0xffefffffffffffff, OF | NX, rup
  FOP2 d, fmul.d, 0xffefffffffffffff, TWO, NINF, OF | NX, rdn
  TEST 22
  FOP2 d, fmul.d, MINN, HALF, 0x0008000000000000, 0
  FOP2 d, fmul.d, 0x0010000000000001, HALF, 0x0008000000000000, UF | NX, rne
  FOP2 d, fmul.d, 0x0010000000000001, HALF, 0x0008000000000001, UF | NX, rup
  FOP2 d, fmul.d, 1, HALF, PZERO, UF | NX, rne
  FOP2 d, fmul.d, 1, HALF, 1, UF | NX, rup
  /* tininess after rounding */
  FOP3 d, fmadd.d, 0x1e50000000000000, 0x9e50000000000000, MINN, MINN, NX
  FOP3 d, fmadd.d, 0x1e50000000000000, 0x9e60000000000000, MINN, MINN, UF | NX

  /* ---- NaNs ---- */
  TEST 30
  FOP2 d, fadd.d, QNANP, ONE, CNAN, 0
  FOP2 d, fadd.d, SNAN, ONE, CNAN, NV
  FOP2 d, fmul.d, 0xfff8000000000001, ONE, CNAN, 0
  FOP2 d, fsub.d, NINF, NINF, CNAN, NV
  FOP1 d, fsqrt.d, MONE, CNAN, NV
  FOP1 d, fsqrt.d, SNAN, CNAN, NV
  TEST 31
  /* a double register does not hold a boxed single: single ops see the canonical NaN */
  LI_D fa0, ONE
  fadd.s fa2, fa0, fa0
  CHECK_S fa2, 0x7fc00000
  CHECK_FLAGS 0
  fclass.s a0, fa0
  CHECK a0, 0x200

  /* ---- fused multiply-add ---- */
  TEST 40
  FOP3 d, fmadd.d, TWO, THREE, ONE, 0x401c000000000000, 0
  FOP3 d, fmsub.d, TWO, THREE, ONE, 0x4014000000000000, 0
  FOP3 d, fnmsub.d, TWO, THREE, ONE, 0xc014000000000000, 0
  FOP3 d, fnmadd.d, TWO, THREE, ONE, 0xc01c000000000000, 0
  /* one rounding: (1 + 2^-27)^2 - 1 = 2^-26 + 2^-54 exactly */
  FOP3 d, fmadd.d, 0x3ff0000002000000, 0x3ff0000002000000, MONE, 0x3e50000001000000, 0
  FOP3 d, fmadd.d, PZERO, NINF, QNANP, CNAN, NV
  FOP3 d, fnmadd.d, ONE, PZERO, PZERO, NZERO, 0
  FOP3 d, fmadd.d, ONE, EPS53, ONE, 0x3ff0000000000001, NX, rup

  /* ---- sign injection ---- */
  TEST 50
  FOP2N d, fsgnj.d, ONE, 0xc000000000000000, MONE, 0
  FOP2N d, fsgnjn.d, ONE, 0xc000000000000000, ONE, 0
  FOP2N d, fsgnjx.d, MONE, 0xc000000000000000, ONE, 0
  FOP2N d, fsgnj.d, SNAN, MONE, 0xfff0000000000001, 0
  FOP2N d, fsgnjn.d, QNANP, ONE, 0xfff8000000012345, 0
  FOP2N d, fsgnjx.d, 0xfff8000000012345, MONE, QNANP, 0

  /* ---- min and max ---- */
  TEST 60
  FOP2N d, fmin.d, ONE, TWO, ONE, 0
  FOP2N d, fmax.d, ONE, TWO, TWO, 0
  FOP2N d, fmin.d, PZERO, NZERO, NZERO, 0
  FOP2N d, fmax.d, NZERO, PZERO, PZERO, 0
  FOP2N d, fmin.d, QNANP, MONE, MONE, 0
  FOP2N d, fmax.d, ONE, SNAN, ONE, NV
  FOP2N d, fmin.d, QNANP, SNAN, CNAN, NV
  FOP2N d, fmax.d, QNANP, QNANP, CNAN, 0

  /* ---- comparisons ---- */
  TEST 70
  FCMP d, feq.d, ONE, ONE, 1, 0
  FCMP d, feq.d, NZERO, PZERO, 1, 0
  FCMP d, feq.d, QNANP, QNANP, 0, 0
  FCMP d, feq.d, SNAN, ONE, 0, NV
  FCMP d, flt.d, MONE, ONE, 1, 0
  FCMP d, flt.d, NZERO, PZERO, 0, 0
  FCMP d, flt.d, QNANP, ONE, 0, NV
  FCMP d, fle.d, PZERO, NZERO, 1, 0
  FCMP d, fle.d, TWO, ONE, 0, 0
  FCMP d, fle.d, ONE, QNANP, 0, NV

  /* ---- fclass ---- */
  TEST 80
  FCLASS d, fclass.d, NINF, 0x001
  FCLASS d, fclass.d, MONE, 0x002
  FCLASS d, fclass.d, 0x800fffffffffffff, 0x004
  FCLASS d, fclass.d, NZERO, 0x008
  FCLASS d, fclass.d, PZERO, 0x010
  FCLASS d, fclass.d, 1, 0x020
  FCLASS d, fclass.d, MAXD, 0x040
  FCLASS d, fclass.d, PINF, 0x080
  FCLASS d, fclass.d, SNAN, 0x100
  FCLASS d, fclass.d, CNAN, 0x200

  /* ---- double to integer ---- */
  TEST 90
  FTOI d, fcvt.w.d, ONEHALF, 2, NX, rne
  FTOI d, fcvt.w.d, ONEHALF, 1, NX, rtz
  FTOI d, fcvt.w.d, 0xbff8000000000000, -2, NX, rdn
  FTOI d, fcvt.w.d, 0xbff8000000000000, -1, NX, rup
  FTOI d, fcvt.w.d, 0x4004000000000000, 2, NX, rne
  FTOI d, fcvt.w.d, 0x4004000000000000, 3, NX, rmm
  TEST 91
  /* 2147483647.5 */
  FTOI d, fcvt.w.d, 0x41dfffffffe00000, 0x7fffffff, NX, rtz
  FTOI d, fcvt.w.d, 0x41dfffffffe00000, 0x7fffffff, NV, rne
  /* -2147483648.5 */
  FTOI d, fcvt.w.d, 0xc1e0000000100000, 0xffffffff80000000, NX, rtz
  FTOI d, fcvt.w.d, 0xc1e0000000100000, 0xffffffff80000000, NX, rne
  FTOI d, fcvt.w.d, 0xc1e0000000100000, 0xffffffff80000000, NV, rdn
  FTOI d, fcvt.w.d, 0x41e65a0bc0000000, 0x7fffffff, NV, rtz
  FTOI d, fcvt.w.d, QNANP, 0x7fffffff, NV, rtz
  FTOI d, fcvt.w.d, NINF, 0xffffffff80000000, NV, rtz
  TEST 92
  FTOI d, fcvt.wu.d, 0x41e65a0bc0000000, 0xffffffffb2d05e00, 0, rtz
  FTOI d, fcvt.wu.d, 0x41efffffffe00000, -1, 0, rtz
  FTOI d, fcvt.wu.d, 0x41f0000000000000, -1, NV, rtz
  FTOI d, fcvt.wu.d, MONE, 0, NV, rtz
  FTOI d, fcvt.wu.d, 0xbfe0000000000000, 0, NX, rtz
  FTOI d, fcvt.wu.d, SNAN, -1, NV, rtz
  TEST 93
  FTOI d, fcvt.l.d, 0x43dfffffffffffff, 0x7ffffffffffffc00, 0, rtz
  FTOI d, fcvt.l.d, 0x43e0000000000000, 0x7fffffffffffffff, NV, rtz
  FTOI d, fcvt.l.d, 0xc3e0000000000000, 0x8000000000000000, 0, rtz
  FTOI d, fcvt.l.d, 0xc3e0000000000001, 0x8000000000000000, NV, rtz
  FTOI d, fcvt.l.d, QNANP, 0x7fffffffffffffff, NV, rtz
  FTOI d, fcvt.l.d, 0xbff8000000000000, -2, NX, rmm
  TEST 94
  FTOI d, fcvt.lu.d, 0x43e0000000000000, 0x8000000000000000, 0, rtz
  FTOI d, fcvt.lu.d, 0x43f0000000000000, -1, NV, rtz
  FTOI d, fcvt.lu.d, MONE, 0, NV, rtz
  FTOI d, fcvt.lu.d, NINF, 0, NV, rtz
  FTOI d, fcvt.lu.d, PINF, -1, NV, rtz
  FTOI d, fcvt.lu.d, ONEHALF, 2, NX, rup

  /* ---- integer to double ---- */
  TEST 100
  ITOFX d, fcvt.d.w, -1, MONE
  ITOFX d, fcvt.d.w, 0xffffffff00000005, 0x4014000000000000
  ITOFX d, fcvt.d.wu, 0xffffffff, 0x41efffffffe00000
  ITOFX d, fcvt.d.wu, 0xffffffff00000001, ONE
  ITOF d, fcvt.d.l, 0x7fffffffffffffff, 0x43e0000000000000, NX, rne
  ITOF d, fcvt.d.l, 0x7fffffffffffffff, 0x43dfffffffffffff, NX, rtz
  ITOF d, fcvt.d.l, 0x8000000000000000, 0xc3e0000000000000, 0
  ITOF d, fcvt.d.lu, -1, 0x43f0000000000000, NX, rne
  ITOF d, fcvt.d.lu, -1, 0x43efffffffffffff, NX, rdn
  ITOF d, fcvt.d.lu, 0x20000000000001, 0x4340000000000000, NX, rne
  ITOF d, fcvt.d.lu, 0x20000000000001, 0x4340000000000001, NX, rup

  /* ---- double <-> single ---- */
  TEST 110
  LI_D fa0, 0x3fd5555555555555
  fcvt.s.d fa2, fa0, rne
  CHECK_S fa2, 0x3eaaaaab
  CHECK_FLAGS NX
  fcvt.s.d fa2, fa0, rtz
  CHECK_S fa2, 0x3eaaaaaa
  CHECK_FLAGS NX
  LI_D fa0, 0x7e37e43c8800759c
  fcvt.s.d fa2, fa0
  CHECK_S fa2, 0x7f800000
  CHECK_FLAGS OF | NX
  fcvt.s.d fa2, fa0, rtz
  CHECK_S fa2, 0x7f7fffff
  CHECK_FLAGS OF | NX
  TEST 111
  LI_D fa0, 1
  fcvt.s.d fa2, fa0
  CHECK_S fa2, 0
  CHECK_FLAGS UF | NX
  fcvt.s.d fa2, fa0, rup
  CHECK_S fa2, 1
  CHECK_FLAGS UF | NX
  LI_D fa0, SNAN
  fcvt.s.d fa2, fa0
  CHECK_S fa2, 0x7fc00000
  CHECK_FLAGS NV
  LI_D fa0, QNANP
  fcvt.s.d fa2, fa0
  CHECK_S fa2, 0x7fc00000
  CHECK_FLAGS 0
  LI_D fa0, NZERO
  fcvt.s.d fa2, fa0
  CHECK_S fa2, 0x80000000
  CHECK_FLAGS 0
  TEST 112
  LI_S fa0, 0x3f800000
  fcvt.d.s fa2, fa0
  CHECK_D fa2, ONE
  LI_S fa0, 0x00000001
  fcvt.d.s fa2, fa0
  CHECK_D fa2, 0x36a0000000000000
  LI_S fa0, 0xff800000
  fcvt.d.s fa2, fa0
  CHECK_D fa2, NINF
  CHECK_FLAGS 0
  LI_S fa0, 0x7f800001
  fcvt.d.s fa2, fa0
  CHECK_D fa2, CNAN
  CHECK_FLAGS NV
  LI_S fa0, 0xffc12345
  fcvt.d.s fa2, fa0
  CHECK_D fa2, CNAN
  CHECK_FLAGS 0

  /* ---- moves, loads and stores ---- */
  TEST 120
  li a0, 0xfff0000000000123
  fmv.d.x fa0, a0
  fmv.x.d a1, fa0
  CHECK a1, 0xfff0000000000123
  CHECK_FLAGS 0
  lla a1, fdata
  fsd fa0, 8(a1)
  ld a2, 8(a1)
  CHECK a2, 0xfff0000000000123
  li a0, 0x400921fb54442d18
  sd a0, 16(a1)
  fld fa3, 16(a1)
  CHECK_D fa3, 0x400921fb54442d18
  TEST 121
  /* misaligned fld/fsd are performed in M-mode */
  fsd fa3, 1(a1)
  fld fa1, 1(a1)
  CHECK_D fa1, 0x400921fb54442d18
  ld a2, 0(a1)
  CHECK a2, 0x0921fb54442d1800
  fsw fa3, 3(a1)
  flw fa1, 3(a1)
  CHECK_S fa1, 0x54442d18

  /* ---- FS = Off ---- */
  TEST 130
  li a0, MSTATUS_FS
  csrc mstatus, a0
  EXPECT_MTRAP 1f
2:
  fadd.d fa2, fa0, fa1
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fld fa2, 0(a1)
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fsd fa2, 0(a1)
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fmv.x.d a0, fa2
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fcvt.s.d fa2, fa0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  fclass.d a0, fa0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  li a0, MSTATUS_FS_INITIAL
  csrs mstatus, a0
  j pass
TEST_END

  .data
  .align 3
fdata:
  .dword 0, 0, 0, 0

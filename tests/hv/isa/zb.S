/* zb.S: every Zba, Zbb and Zbs instruction. */
#include "macros.h"

  .option norvc

.macro T_RR op, a, b, exp
  li a0, \a
  li a1, \b
  \op a2, a0, a1
  CHECK a2, \exp
  \op a0, a0, a1
  CHECK a0, \exp
.endm

.macro T_RI op, a, imm, exp
  li a0, \a
  \op a2, a0, \imm
  CHECK a2, \exp
.endm

.macro T_R op, a, exp
  li a0, \a
  \op a2, a0
  CHECK a2, \exp
  \op a0, a0
  CHECK a0, \exp
.endm

TEST_BEGIN
  /* ---- Zba ---- */
  TEST 1
  T_RR add.uw, 0xffffffff80000001, 0x10, 0x80000011
  T_RR add.uw, -1, -1, 0xfffffffe
  TEST 2
  T_RR sh1add, 3, 100, 106
  T_RR sh1add, 0x8000000000000001, 0, 2
  T_RR sh2add, 3, 100, 112
  T_RR sh2add, -1, 0, -4
  T_RR sh3add, 3, 100, 124
  T_RR sh3add, 0x2000000000000000, 5, 5
  TEST 3
  T_RR sh1add.uw, 0xffffffff80000000, 1, 0x100000001
  T_RR sh2add.uw, 0x1234567800000003, 1, 13
  T_RR sh3add.uw, 0xffffffffffffffff, 0, 0x7fffffff8
  TEST 4
  T_RI slli.uw, 0xffffffff80000001, 4, 0x800000010
  T_RI slli.uw, 0xffffffff, 32, 0xffffffff00000000
  T_RI slli.uw, 0x1ffffffff, 0, 0xffffffff

  /* ---- Zbb: logic with negation ---- */
  TEST 10
  T_RR andn, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf000f000f000f000
  T_RR orn, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff0fff0fff0fff0f
  T_RR xnor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f0f0f0f0f0f0f0f
  /* ---- counts ---- */
  TEST 11
  T_R clz, 0, 64
  T_R clz, 1, 63
  T_R clz, 0x8000000000000000, 0
  T_R clz, 0x00000000ffffffff, 32
  T_R clzw, 0, 32
  T_R clzw, 0xffffffff00000001, 31
  T_R clzw, 0x80000000, 0
  T_R clzw, 0x0000ffff, 16
  TEST 12
  T_R ctz, 0, 64
  T_R ctz, 0x8000000000000000, 63
  T_R ctz, 0x10, 4
  T_R ctzw, 0, 32
  T_R ctzw, 0x100000000, 32
  T_R ctzw, 0x80000000, 31
  T_R ctzw, 0xffffffff00000100, 8
  TEST 13
  T_R cpop, 0, 0
  T_R cpop, -1, 64
  T_R cpop, 0xf0f0f0f0f0f0f0f1, 33
  T_R cpopw, -1, 32
  T_R cpopw, 0xffffffff00000000, 0
  T_R cpopw, 0x0000000080000001, 2
  /* ---- min/max ---- */
  TEST 14
  T_RR max, -1, 1, 1
  T_RR max, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff
  T_RR maxu, -1, 1, -1
  T_RR min, -1, 1, -1
  T_RR min, 0x8000000000000000, 0, 0x8000000000000000
  T_RR minu, -1, 1, 1
  T_RR minu, 0, 1, 0
  /* ---- sign and zero extension ---- */
  TEST 15
  T_R sext.b, 0x80, 0xffffffffffffff80
  T_R sext.b, 0x1234567f, 0x7f
  T_R sext.h, 0x8000, 0xffffffffffff8000
  T_R sext.h, 0xffffffff00007fff, 0x7fff
  T_R zext.h, 0xffffffffffff8001, 0x8001
  T_R zext.h, 0x1234, 0x1234
  /* ---- rotations ---- */
  TEST 16
  T_RR rol, 0x8000000000000001, 1, 3
  T_RR rol, 0x0123456789abcdef, 68, 0x123456789abcdef0
  T_RR ror, 0x8000000000000001, 1, 0xc000000000000000
  T_RR ror, 0x0123456789abcdef, 0x44, 0xf0123456789abcde
  T_RI rori, 0x0123456789abcdef, 8, 0xef0123456789abcd
  T_RI rori, 0x0123456789abcdef, 0, 0x0123456789abcdef
  T_RI rori, 1, 63, 2
  TEST 17
  T_RR rolw, 0x0000000080000001, 1, 3
  T_RR rolw, 0xffffffff40000000, 1, 0xffffffff80000000
  T_RR rolw, 0x12345678, 36, 0x23456781
  T_RR rorw, 0x0000000000000001, 1, 0xffffffff80000000
  T_RR rorw, 0x12345678, 0x24, 0xffffffff81234567
  T_RI roriw, 0x12345678, 8, 0x78123456
  T_RI roriw, 0xffffffff00000001, 0, 1
  T_RI roriw, 0x80000000, 31, 1
  /* ---- orc.b and rev8 ---- */
  TEST 18
  T_R orc.b, 0x0001008000000200, 0x00ff00ff0000ff00
  T_R orc.b, 0, 0
  T_R orc.b, 0x0101010101010101, -1
  T_R rev8, 0x0123456789abcdef, 0xefcdab8967452301
  T_R rev8, 0x80, 0x8000000000000000

  /* ---- Zbs: the bit index uses the low 6 bits ---- */
  TEST 20
  T_RR bclr, -1, 63, 0x7fffffffffffffff
  T_RR bclr, -1, 64, -2
  T_RR bset, 0, 63, 0x8000000000000000
  T_RR bset, 0, 0x45, 0x20
  T_RR binv, 0x10, 4, 0
  T_RR binv, 0, 0xffffffffffffffff, 0x8000000000000000
  T_RR bext, 0x8000000000000000, 63, 1
  T_RR bext, 0x8000000000000000, 62, 0
  T_RR bext, 0x20, 0x45, 1
  TEST 21
  T_RI bclri, -1, 0, -2
  T_RI bclri, -1, 40, 0xfffffeffffffffff
  T_RI bseti, 0, 40, 0x10000000000
  T_RI bseti, 0, 31, 0x80000000
  T_RI binvi, 0x8000000000000000, 63, 0
  T_RI binvi, 0, 32, 0x100000000
  T_RI bexti, 0x100000000, 32, 1
  T_RI bexti, 0xfffffffeffffffff, 32, 0
  j pass
TEST_END

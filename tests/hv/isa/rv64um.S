/* rv64um.S: multiplication and division, W forms, division by zero and signed overflow. */
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

#define MIN64 0x8000000000000000
#define MAX64 0x7fffffffffffffff

TEST_BEGIN
  TEST 1
  T_RR mul, 3, -7, -21
  T_RR mul, MAX64, 2, 0xfffffffffffffffe
  T_RR mul, 0x123456789abcdef0, 0x0fedcba987654321, 0x2236d88fe5618cf0
  T_RR mul, MIN64, -1, MIN64
  T_RR mul, 0, -1, 0
  TEST 2
  T_RR mulh, -1, -1, 0
  T_RR mulh, MIN64, MIN64, 0x4000000000000000
  T_RR mulh, -1, 1, -1
  T_RR mulh, MAX64, MAX64, 0x3fffffffffffffff
  T_RR mulh, MIN64, MAX64, 0xc000000000000000
  T_RR mulh, 0x123456789abcdef0, 0x0fedcba987654321, 0x0121fa00ad77d742
  TEST 3
  T_RR mulhu, -1, -1, 0xfffffffffffffffe
  T_RR mulhu, MIN64, 2, 1
  T_RR mulhu, 0xffffffff, 0xffffffff, 0
  T_RR mulhu, 0x123456789abcdef0, 0x0fedcba987654321, 0x0121fa00ad77d742
  TEST 4
  T_RR mulhsu, -1, -1, -1
  T_RR mulhsu, 1, -1, 0
  T_RR mulhsu, MIN64, 2, -1
  T_RR mulhsu, MIN64, MIN64, 0xc000000000000000
  T_RR mulhsu, MAX64, -1, 0x7ffffffffffffffe
  T_RR mulhsu, -2, 3, -1
  TEST 5
  T_RR mulw, 0x7fffffff, 2, -2
  T_RR mulw, 0x100000003, 0x100000005, 15
  T_RR mulw, 0x10000, 0x8000, 0xffffffff80000000
  T_RR mulw, -1, -1, 1

  TEST 10
  T_RR div, -7, 2, -3
  T_RR div, 7, -2, -3
  T_RR div, -7, -2, 3
  T_RR div, 20, 6, 3
  T_RR div, MIN64, -1, MIN64
  T_RR div, 5, 0, -1
  T_RR div, -5, 0, -1
  T_RR div, 0, 0, -1
  TEST 11
  T_RR rem, -7, 2, -1
  T_RR rem, 7, -2, 1
  T_RR rem, -7, -2, -1
  T_RR rem, 20, 6, 2
  T_RR rem, MIN64, -1, 0
  T_RR rem, 5, 0, 5
  T_RR rem, -5, 0, -5
  TEST 12
  T_RR divu, -1, 2, MAX64
  T_RR divu, 20, 6, 3
  T_RR divu, MIN64, -1, 0
  T_RR divu, -1, -1, 1
  T_RR divu, 5, 0, -1
  TEST 13
  T_RR remu, -1, 2, 1
  T_RR remu, 20, 6, 2
  T_RR remu, MIN64, -1, MIN64
  T_RR remu, 5, 0, 5
  T_RR remu, -5, 0, -5

  TEST 20
  T_RR divw, -7, 2, -3
  T_RR divw, 0x100000010, 0x100000002, 8
  T_RR divw, 0x80000000, -1, 0xffffffff80000000
  T_RR divw, 0xffffffff80000000, 0xffffffff, 0xffffffff80000000
  T_RR divw, 5, 0, -1
  T_RR divw, 5, 0x100000000, -1
  TEST 21
  T_RR remw, -7, 2, -1
  T_RR remw, 0x80000000, -1, 0
  T_RR remw, 0x1234567880000005, 0, 0xffffffff80000005
  T_RR remw, 0x100000007, 0x100000004, 3
  TEST 22
  T_RR divuw, 0xffffffff, 2, 0x7fffffff
  T_RR divuw, 0x80000000, 1, 0xffffffff80000000
  T_RR divuw, 5, 0, -1
  T_RR divuw, 0xffffffff00000006, 0x3, 2
  TEST 23
  T_RR remuw, 0xfffffffb, 0x10, 0xb
  T_RR remuw, 0x1234567880000005, 0, 0xffffffff80000005
  T_RR remuw, 0xffffffff, 0x80000000, 0x7fffffff
  T_RR remuw, 0x80000003, 0x100000000, 0xffffffff80000003
  TEST 24
  /* rd = x0 is a no-op, even for a division by zero */
  li a0, 5
  div x0, a0, zero
  mul x0, a0, a0
  CHECK zero, 0
  j pass
TEST_END

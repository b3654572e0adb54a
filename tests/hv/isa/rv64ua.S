/* rv64ua.S: LR/SC and every AMO, .w and .d, and misaligned atomics. */
#include "macros.h"

  .option norvc

/* Memory doubleword at amo_data = \init; \op rd, \src, (amo_data); rd must be \old and the
 * doubleword \new afterwards (for .w forms the upper word is a guard that must not change). */
.macro T_AMO op, init, src, old, new
  lla a1, amo_data
  li a0, \init
  sd a0, 0(a1)
  li a2, \src
  \op a3, a2, (a1)
  CHECK a3, \old
  ld a4, 0(a1)
  CHECK a4, \new
.endm

#define G 0x5a5a5a5a00000000

TEST_BEGIN
  /* ---- LR/SC ---- */
  TEST 1
  /* an sc with no lr before it fails */
  lla a1, amo_data
  li a3, 5
  sc.d a4, a3, (a1)
  snez a4, a4
  CHECK a4, 1
  ld a2, 0(a1)
  CHECK a2, 0
  li a0, 0x1111111180000001
  sd a0, 0(a1)
  lr.w a2, (a1)
  CHECK a2, 0xffffffff80000001
  li a3, 0x12345678
  sc.w a4, a3, (a1)
  CHECK a4, 0
  ld a2, 0(a1)
  CHECK a2, 0x1111111112345678
  TEST 2
  /* the successful sc consumed the reservation: a second sc fails and writes nothing */
  li a3, 0x77
  sc.w a4, a3, (a1)
  snez a4, a4
  CHECK a4, 1
  ld a2, 0(a1)
  CHECK a2, 0x1111111112345678
  TEST 3
  lr.d a2, (a1)
  CHECK a2, 0x1111111112345678
  li a3, -2
  sc.d a4, a3, (a1)
  CHECK a4, 0
  ld a2, 0(a1)
  CHECK a2, -2
  sc.d a4, a0, (a1)
  snez a4, a4
  CHECK a4, 1
  ld a2, 0(a1)
  CHECK a2, -2
  TEST 4
  /* an sc whose address is not the reserved one fails */
  lr.d a2, (a1)
  lla a5, amo_far
  sc.d a4, a0, (a5)
  snez a4, a4
  CHECK a4, 1
  ld a2, 0(a5)
  CHECK a2, 0
  /* and that failed sc ends the reservation */
  sc.d a4, a0, (a1)
  snez a4, a4
  CHECK a4, 1
  TEST 5
  /* lr/sc loop incrementing a counter, with aq/rl bits */
  sd zero, 0(a1)
  li a6, 0
1:
  lr.d.aq a2, (a1)
  addi a2, a2, 1
  sc.d.rl a4, a2, (a1)
  bnez a4, 1b
  addi a6, a6, 1
  li a3, 10
  blt a6, a3, 1b
  ld a2, 0(a1)
  CHECK a2, 10
  TEST 6
  /* sc with rd = rs2 */
  lr.w.aqrl a2, (a1)
  li a3, 99
  sc.w.aqrl a3, a3, (a1)
  CHECK a3, 0
  lw a2, 0(a1)
  CHECK a2, 99

  /* ---- AMO .w: the old word is sign-extended, the upper word untouched ---- */
  TEST 10
  T_AMO amoswap.w, G | 0x80000000, 0xffffffff00000005, 0xffffffff80000000, G | 5
  T_AMO amoswap.w, G | 0x7fffffff, 0x80000000, 0x7fffffff, G | 0x80000000
  TEST 11
  T_AMO amoadd.w, G | 0x7fffffff, 1, 0x7fffffff, G | 0x80000000
  T_AMO amoadd.w, G | 0xffffffff, 0xffffffff00000001, -1, G
  TEST 12
  T_AMO amoxor.w, G | 0xf0f0f0f0, 0x0ff00ff0, 0xfffffffff0f0f0f0, G | 0xff00ff00
  T_AMO amoand.w, G | 0xf0f0f0f0, 0x0ff00ff0, 0xfffffffff0f0f0f0, G | 0x00f000f0
  T_AMO amoor.w, G | 0xf0f0f0f0, 0x0ff00ff0, 0xfffffffff0f0f0f0, G | 0xfff0fff0
  TEST 13
  T_AMO amomin.w, G | 0x80000000, 1, 0xffffffff80000000, G | 0x80000000
  T_AMO amomin.w, G | 5, 0xffffffff, 5, G | 0xffffffff
  T_AMO amomin.w, G | 5, 0x00000000ffffffff, 5, G | 0xffffffff
  T_AMO amomax.w, G | 0x80000000, 1, 0xffffffff80000000, G | 1
  T_AMO amomax.w, G | 5, 0x1ffffffff, 5, G | 5
  TEST 14
  T_AMO amominu.w, G | 0x80000000, 1, 0xffffffff80000000, G | 1
  T_AMO amominu.w, G | 5, 0xffffffff00000003, 5, G | 3
  T_AMO amomaxu.w, G | 0x80000000, 1, 0xffffffff80000000, G | 0x80000000
  T_AMO amomaxu.w, G | 5, 0xffffffff, 5, G | 0xffffffff
  TEST 15
  /* the upper word of a .w on the high half of a doubleword */
  lla a1, amo_data
  li a0, 0x00000001fffffffe
  sd a0, 0(a1)
  addi a5, a1, 4
  li a2, 2
  amoadd.w a3, a2, (a5)
  CHECK a3, 1
  ld a4, 0(a1)
  CHECK a4, 0x00000003fffffffe

  /* ---- AMO .d ---- */
  TEST 20
  T_AMO amoswap.d, 0x8000000000000000, 7, 0x8000000000000000, 7
  T_AMO amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000
  T_AMO amoxor.d, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0, 0x0ff00ff00ff00ff0
  T_AMO amoand.d, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0, 0xf000f000f000f000
  T_AMO amoor.d, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0, 0xfff0fff0fff0fff0
  TEST 21
  T_AMO amomin.d, -1, 1, -1, -1
  T_AMO amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
  T_AMO amomax.d, -1, 1, -1, 1
  T_AMO amominu.d, -1, 1, -1, 1
  T_AMO amomaxu.d, -1, 1, -1, -1
  T_AMO amomaxu.d, 3, 0x8000000000000000, 3, 0x8000000000000000
  TEST 22
  /* rd = rs2, rd = x0, and aq/rl forms */
  lla a1, amo_data
  li a0, 40
  sd a0, 0(a1)
  li a2, 2
  amoswap.d.aq a2, a2, (a1)
  CHECK a2, 40
  ld a4, 0(a1)
  CHECK a4, 2
  li a2, 5
  amoadd.d.rl x0, a2, (a1)
  ld a4, 0(a1)
  CHECK a4, 7
  amoadd.w.aqrl a3, a2, (a1)
  CHECK a3, 7
  ld a4, 0(a1)
  CHECK a4, 12

  /* ---- misaligned atomics trap: AMO and SC with a store/AMO address-misaligned (6),
   * LR with a load address-misaligned (4); tval is the address. QEMU 7.2 reports 4 for a
   * misaligned AMO, so 4 is accepted there too. ---- */
  TEST 30
  lla a1, amo_data
  li a0, 123
  sd a0, 0(a1)
  sd a0, 8(a1)
  addi a5, a1, 2
  li a2, 1
  li a3, 77
  EXPECT_MTRAP 1f
  amoadd.w a3, a2, (a5)
2:
  j fail
1:
  CHECK a3, 77
  jal check_amo_misaligned
  TEST 31
  addi a5, a1, 4
  li a3, 77
  EXPECT_MTRAP 1f
2:
  amoswap.d a3, a2, (a5)
  j fail
1:
  CHECK a3, 77
  jal check_amo_misaligned
  TEST 32
  addi a5, a1, 1
  EXPECT_MTRAP 1f
2:
  amoor.d a3, a2, (a5)
  j fail
1:
  jal check_amo_misaligned
  addi a5, a1, 3
  EXPECT_MTRAP 1f
2:
  amomaxu.w a3, a2, (a5)
  j fail
1:
  jal check_amo_misaligned
  TEST 33
  /* nothing was written by the faulting AMOs */
  ld a4, 0(a1)
  CHECK a4, 123
  ld a4, 8(a1)
  CHECK a4, 123
  TEST 34
  addi a5, a1, 2
  li a3, 77
  EXPECT_MTRAP 1f
2:
  lr.w a3, (a5)
  j fail
1:
  CHECK_MTRAP_R CAUSE_LOAD_MISALIGNED, 2b, a5
  CHECK a3, 77
  addi a5, a1, 4
  EXPECT_MTRAP 1f
2:
  lr.d a3, (a5)
  j fail
1:
  CHECK_MTRAP_R CAUSE_LOAD_MISALIGNED, 2b, a5
  TEST 35
  /* a misaligned sc.w: the spec asks for a store/AMO address-misaligned trap with tval = the
   * address; QEMU 7.2 compares the address with its reservation first and fails the sc without
   * a trap. Both are accepted; nothing is written either way. */
  lr.w a3, (a1)
  addi a5, a1, 2
  li a3, 77
  EXPECT_MTRAP 1f
2:
  sc.w a3, a2, (a5)
  DISARM
  snez a3, a3
  CHECK a3, 1
  j 3f
1:
  CHECK_MTRAP_R CAUSE_STORE_MISALIGNED, 2b, a5
3:
  ld a4, 0(a1)
  CHECK a4, 123
  j pass

  /* Checks the last M trap: cause 6 (or 4, as QEMU 7.2 reports) and tval = a5. */
check_amo_misaligned:
  CHECK_MCAUSE_EITHER CAUSE_STORE_MISALIGNED, CAUSE_LOAD_MISALIGNED
  lla t6, mtrap_frame
  ld t5, TF_TVAL(t6)
  CHECK_REG t5, a5
  ret
TEST_END

  .data
  .align 3
amo_data:
  .dword 0, 0
  .align 12
amo_far:
  .dword 0

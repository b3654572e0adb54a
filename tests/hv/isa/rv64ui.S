/* rv64ui.S: the RV64I base instructions in M-mode. */
#include "macros.h"

  .option norvc

/* rd = op(rs1 = a, rs2 = b), also with rd = rs1 and rd = rs2. */
.macro T_RR op, a, b, exp
  li a0, \a
  li a1, \b
  \op a2, a0, a1
  CHECK a2, \exp
  \op a0, a0, a1
  CHECK a0, \exp
  li a0, \a
  \op a1, a0, a1
  CHECK a1, \exp
.endm

.macro T_RI op, a, imm, exp
  li a0, \a
  \op a2, a0, \imm
  CHECK a2, \exp
  \op a0, a0, \imm
  CHECK a0, \exp
.endm

.macro T_TAKEN op, a, b
  li a0, \a
  li a1, \b
  \op a0, a1, .Lt\@
  j fail
.Lt\@:
.endm

.macro T_NOT op, a, b
  li a0, \a
  li a1, \b
  \op a0, a1, .Ln\@
  j .Le\@
.Ln\@:
  j fail
.Le\@:
.endm

TEST_BEGIN
  /* ---- add, sub and their W forms ---- */
  TEST 1
  T_RR add, 1, 2, 3
  T_RR add, 0x7fffffffffffffff, 1, 0x8000000000000000
  T_RR add, -1, 1, 0
  T_RR add, 0xffffffff, 1, 0x100000000
  TEST 2
  T_RR sub, 3, 5, -2
  T_RR sub, 0x8000000000000000, 1, 0x7fffffffffffffff
  T_RR sub, 0, 0, 0
  TEST 3
  T_RR addw, 0x7fffffff, 1, 0xffffffff80000000
  T_RR addw, 0xffffffff, 1, 0
  T_RR addw, 0x123456780000000f, 1, 16
  T_RR addw, 0x0000000080000000, 0, 0xffffffff80000000
  TEST 4
  T_RR subw, 0, 1, -1
  T_RR subw, 0x80000000, 1, 0x7fffffff
  T_RR subw, 0xabcdef0000000000, 0x1234567800000001, -1
  TEST 5
  T_RI addi, 5, -6, -1
  T_RI addi, 0x7fffffffffffffff, 1, 0x8000000000000000
  T_RI addi, 0, 2047, 2047
  T_RI addi, 0, -2048, -2048
  TEST 6
  T_RI addiw, 0x7fffffff, 1, 0xffffffff80000000
  T_RI addiw, 0xffffffff00000000, -1, -1
  T_RI addiw, 0x12345678ffffffff, 2, 1
  T_RI addiw, 0x80000000, 0, 0xffffffff80000000

  /* ---- logic ---- */
  TEST 10
  T_RR and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00
  T_RR or, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0
  T_RR xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0
  TEST 11
  T_RI andi, 0xff00ff00ff00ff00, -16, 0xff00ff00ff00ff00
  T_RI andi, 0xff00ff00ff00ff0f, 0x70f, 0x0000000000000f0f & 0x70f
  T_RI ori, 0x00ff00ff00ff00ff, -241, 0xffffffffffffff0f | 0x00ff00ff00ff00ff
  T_RI ori, 0, 0x7ff, 0x7ff
  T_RI xori, 0x00ff00ff00ff00ff, -1, 0xff00ff00ff00ff00
  T_RI xori, 0x00ff00ff00ff00ff, 0x0f0, 0x00ff00ff00ff000f

  /* ---- set-less-than ---- */
  TEST 12
  T_RR slt, -1, 1, 1
  T_RR slt, 1, -1, 0
  T_RR slt, 5, 5, 0
  T_RR slt, 0x8000000000000000, 0x7fffffffffffffff, 1
  T_RR sltu, -1, 1, 0
  T_RR sltu, 1, -1, 1
  T_RR sltu, 0x8000000000000000, 0x7fffffffffffffff, 0
  T_RR sltu, 0, 0, 0
  TEST 13
  T_RI slti, -5, -4, 1
  T_RI slti, -4, -5, 0
  T_RI slti, 0x7fffffffffffffff, -1, 0
  T_RI sltiu, 0, 1, 1
  T_RI sltiu, 5, -1, 1
  T_RI sltiu, -1, -1, 0
  T_RI sltiu, 0x800, 0x7ff, 0

  /* ---- shifts: the amount uses the low 6 bits (5 for W forms) ---- */
  TEST 20
  T_RR sll, 1, 63, 0x8000000000000000
  T_RR sll, 1, 64, 1
  T_RR sll, 0x21, 0xffffffffffffffc4, 0x210
  T_RR srl, 0x8000000000000000, 63, 1
  T_RR srl, 0x8000000000000000, 0x41, 0x4000000000000000
  T_RR sra, 0x8000000000000000, 63, -1
  T_RR sra, 0x8000000000000000, 0x41, 0xc000000000000000
  T_RR sra, 0x4000000000000000, 62, 1
  TEST 21
  T_RI slli, 0xf, 60, 0xf000000000000000
  T_RI srli, -1, 60, 0xf
  T_RI srai, 0xf000000000000000, 60, -1
  T_RI srai, 0x7000000000000000, 60, 7
  T_RI slli, 3, 0, 3
  TEST 22
  T_RR sllw, 1, 31, 0xffffffff80000000
  T_RR sllw, 1, 32, 1
  T_RR sllw, 0xffffffff00000003, 1, 6
  T_RR srlw, 0xffffffff80000000, 31, 1
  T_RR srlw, 0x0000000080000000, 0, 0xffffffff80000000
  T_RR srlw, 0x1234567880000000, 33, 0x40000000
  T_RR sraw, 0x0000000080000000, 31, -1
  T_RR sraw, 0x0000000040000000, 30, 1
  T_RR sraw, 0xffffffff7fffffff, 32, 0x7fffffff
  TEST 23
  T_RI slliw, 1, 31, 0xffffffff80000000
  T_RI slliw, 0x0000000100000001, 4, 0x10
  T_RI srliw, 0xffffffff80000000, 31, 1
  T_RI srliw, 0xffffffff80000000, 0, 0xffffffff80000000
  T_RI sraiw, 0x0000000080000000, 31, -1
  T_RI sraiw, 0x12345678f0000000, 28, -1
  T_RI sraiw, 0x12345678, 4, 0x1234567

  /* ---- lui and auipc ---- */
  TEST 30
  lui a0, 0x80000
  CHECK a0, 0xffffffff80000000
  lui a0, 0x7ffff
  CHECK a0, 0x7ffff000
  lui a0, 0
  CHECK a0, 0
  TEST 31
1:
  auipc a0, 0
  CHECK_ADDR a0, 1b
2:
  auipc a0, 1
  lla a1, 2b
  sub a0, a0, a1
  CHECK a0, 0x1000
3:
  auipc a0, 0xfffff
  lla a1, 3b
  sub a0, a0, a1
  CHECK a0, -0x1000

  /* ---- branches ---- */
  TEST 40
  T_TAKEN beq, 5, 5
  T_NOT beq, 5, 6
  T_TAKEN bne, -1, 1
  T_NOT bne, 7, 7
  TEST 41
  T_TAKEN blt, -1, 0
  T_NOT blt, 0, -1
  T_NOT blt, 3, 3
  T_TAKEN blt, 0x8000000000000000, 0x7fffffffffffffff
  T_TAKEN bge, 0, -1
  T_TAKEN bge, 3, 3
  T_NOT bge, -1, 0
  TEST 42
  T_TAKEN bltu, 0, -1
  T_NOT bltu, -1, 0
  T_NOT bltu, 3, 3
  T_NOT bltu, 0x8000000000000000, 0x7fffffffffffffff
  T_TAKEN bgeu, -1, 0
  T_TAKEN bgeu, 3, 3
  T_NOT bgeu, 0, 1
  TEST 43
  /* a backward taken branch */
  li a0, 0
  li a1, 5
1:
  addi a0, a0, 1
  blt a0, a1, 1b
  CHECK a0, 5

  /* ---- jal and jalr ---- */
  TEST 50
  jal a0, 1f
2:
  j fail
1:
  CHECK_ADDR a0, 2b
  TEST 51
  lla a1, 1f
  jalr a0, 0(a1)
2:
  j fail
1:
  CHECK_ADDR a0, 2b
  TEST 52
  /* bit 0 of the target is cleared */
  lla a1, 1f
  addi a1, a1, 1
  jalr a0, 0(a1)
  j fail
1:
  /* the immediate is added before clearing bit 0 */
  lla a1, 1f
  addi a1, a1, -2
  jalr a0, 3(a1)
  j fail
1:
  TEST 53
  /* rd = rs1: the target uses the old rs1 */
  lla a0, 1f
  jalr a0, 0(a0)
2:
  j fail
1:
  CHECK_ADDR a0, 2b
  TEST 54
  /* jal and jalr with rd = x0 link nothing */
  jal x0, 1f
  j fail
1:
  lla a1, 1f
  jalr x0, 0(a1)
  j fail
1:
  CHECK zero, 0
  TEST 55
  /* a negative jalr offset */
  lla a1, 2f
  j 3f
1:
  j 4f
  j fail
3:
  jalr ra, -16(a1)
  j fail
2:
  j fail
  j fail
4:

  /* ---- loads and stores ---- */
  TEST 60
  lla a1, data
  li a0, 0x8182838485868788
  sd a0, 0(a1)
  lb a2, 0(a1)
  CHECK a2, 0xffffffffffffff88
  lbu a2, 0(a1)
  CHECK a2, 0x88
  lb a2, 7(a1)
  CHECK a2, 0xffffffffffffff81
  lh a2, 0(a1)
  CHECK a2, 0xffffffffffff8788
  lhu a2, 6(a1)
  CHECK a2, 0x8182
  lw a2, 4(a1)
  CHECK a2, 0xffffffff81828384
  lwu a2, 4(a1)
  CHECK a2, 0x81828384
  ld a2, 0(a1)
  CHECK a2, 0x8182838485868788
  TEST 61
  li a0, 0x7172737475767778
  sd a0, 8(a1)
  lb a2, 8(a1)
  CHECK a2, 0x78
  lh a2, 8(a1)
  CHECK a2, 0x7778
  lw a2, 8(a1)
  CHECK a2, 0x75767778
  TEST 62
  sd zero, 0(a1)
  li a0, 0xabcdef0123456789
  sb a0, 1(a1)
  ld a2, 0(a1)
  CHECK a2, 0x8900
  sh a0, 2(a1)
  ld a2, 0(a1)
  CHECK a2, 0x67898900
  sw a0, 4(a1)
  ld a2, 0(a1)
  CHECK a2, 0x2345678967898900
  sd a0, 0(a1)
  ld a2, 0(a1)
  CHECK a2, 0xabcdef0123456789
  TEST 63
  /* negative offsets */
  addi a3, a1, 16
  li a0, 0x55
  sb a0, -16(a3)
  lbu a2, -16(a3)
  CHECK a2, 0x55
  ld a2, -16(a3)
  CHECK a2, 0xabcdef0123456755

  /* ---- misaligned loads and stores succeed in M-mode ---- */
  TEST 70
  lla a1, data
  li a0, 0x0807060504030201
  sd a0, 0(a1)
  li a0, 0x100f0e0d0c0b0a09
  sd a0, 8(a1)
  ld a2, 1(a1)
  CHECK a2, 0x0908070605040302
  ld a2, 3(a1)
  CHECK a2, 0x0b0a090807060504
  ld a2, 7(a1)
  CHECK a2, 0x0f0e0d0c0b0a0908
  TEST 71
  lw a2, 1(a1)
  CHECK a2, 0x05040302
  lw a2, 6(a1)
  CHECK a2, 0x0a090807
  lw a2, 13(a1)
  CHECK a2, 0x100f0e
  lwu a2, 3(a1)
  CHECK a2, 0x07060504
  lh a2, 1(a1)
  CHECK a2, 0x0302
  lhu a2, 7(a1)
  CHECK a2, 0x0908
  TEST 72
  li a0, 0xf1f2f3f4f5f6f7f8
  sd a0, 9(a1)
  ld a2, 8(a1)
  CHECK a2, 0xf2f3f4f5f6f7f809
  ld a2, 16(a1)
  CHECK a2, 0xf1
  li a0, 0x8899aabb
  sw a0, 3(a1)
  ld a2, 0(a1)
  CHECK a2, 0x088899aabb030201
  li a0, 0xccdd
  sh a0, 5(a1)
  ld a2, 0(a1)
  CHECK a2, 0x08ccddaabb030201
  TEST 73
  lh a2, 5(a1)
  CHECK a2, 0xffffffffffffccdd
  lw a2, 3(a1)
  CHECK a2, 0xffffffffccddaabb
  TEST 74
  /* across a page boundary */
  lla a1, page_edge
  li a0, 0x1122334455667788
  sd a0, -3(a1)
  lbu a2, -3(a1)
  CHECK a2, 0x88
  lbu a2, 4(a1)
  CHECK a2, 0x11
  ld a2, -3(a1)
  CHECK a2, 0x1122334455667788
  lw a2, -2(a1)
  CHECK a2, 0x44556677
  lh a2, -1(a1)
  CHECK a2, 0x5566
  li a0, 0xa1a2a3a4
  sw a0, -1(a1)
  lwu a2, -1(a1)
  CHECK a2, 0xa1a2a3a4
  lbu a2, -1(a1)
  CHECK a2, 0xa4
  lbu a2, 2(a1)
  CHECK a2, 0xa1

  /* ---- fences and self-modifying code ---- */
  TEST 80
  fence
  fence rw, rw
  fence r, w
  fence.tso
  fence i, o
  TEST 81
  jal ra, smc_fn
  CHECK a0, 1
  jal ra, smc_fn
  CHECK a0, 1
  lla a1, smc_fn
  li a0, (2 << 20) | 0x513
  sw a0, 0(a1)
  fence.i
  jal ra, smc_fn
  CHECK a0, 2
  TEST 82
  li a0, (-7 << 20) & 0xfff00000 | 0x513
  sw a0, 0(a1)
  fence.i
  jal ra, smc_fn
  CHECK a0, -7
  TEST 83
  /* a store to the very next instruction of the running code, then fence.i */
  lla a1, 1f
  li a0, (3 << 20) | 0x513
  sw a0, 0(a1)
  fence.i
1:
  addi a0, zero, 9
  CHECK a0, 3

  /* ---- x0 is never written ---- */
  TEST 90
  addi x0, x0, 5
  CHECK zero, 0
  lui x0, 0x12345
  CHECK zero, 0
  lla a1, data
  ld x0, 0(a1)
  CHECK zero, 0
  auipc x0, 1
  li a0, -1
  add x0, a0, a0
  addw x0, a0, a0
  sltu x0, zero, a0
  CHECK zero, 0
  add a2, zero, zero
  CHECK a2, 0
  TEST 91
  /* x0 reads as zero as every operand */
  li a0, 5
  add a2, a0, x0
  CHECK a2, 5
  sub a2, x0, a0
  CHECK a2, -5
  sd a0, 0(a1)
  sd x0, 0(a1)
  ld a2, 0(a1)
  CHECK a2, 0
  j pass

  .align 2
smc_fn:
  addi a0, zero, 1
  ret
TEST_END

  .data
  .align 4
data:
  .fill 64, 1, 0
  .align 12
  .fill 4096 - 16, 1, 0
  .fill 16, 1, 0
page_edge:
  .fill 16, 1, 0

/* rv64uc.S: every RV64C instruction, each checked against what its expansion does. */
#include "macros.h"

  .option rvc
  .option norelax

TEST_BEGIN
  mv s0, sp
  lla sp, cdata

  /* ---- quadrant 0: c.addi4spn and the register-based loads and stores ---- */
  TEST 1
  c.addi4spn a0, sp, 8
  addi a1, sp, 8
  CHECK_REG a0, a1
  c.addi4spn s1, sp, 1020
  addi a1, sp, 1020
  CHECK_REG s1, a1
  TEST 2
  li a0, 0x80000000fffffffe
  sd a0, 16(sp)
  mv a2, sp
  c.lw a3, 16(a2)
  CHECK a3, -2
  c.lw a3, 20(a2)
  CHECK a3, 0xffffffff80000000
  c.ld a4, 16(a2)
  CHECK a4, 0x80000000fffffffe
  TEST 3
  li a5, 0x123456789abcdef0
  c.sd a5, 24(a2)
  ld a3, 24(a2)
  CHECK a3, 0x123456789abcdef0
  li a5, 0x55667788
  c.sw a5, 28(a2)
  ld a3, 24(a2)
  CHECK a3, 0x556677889abcdef0
  c.sw a5, 124(a2)
  lwu a3, 124(a2)
  CHECK a3, 0x55667788
  c.sd a5, 248(a2)
  ld a3, 248(a2)
  CHECK a3, 0x55667788
  TEST 4
  li a0, 0x400921fb54442d18
  sd a0, 32(a2)
  c.fld fa0, 32(a2)
  CHECK_D fa0, 0x400921fb54442d18
  c.fsd fa0, 40(a2)
  ld a3, 40(a2)
  CHECK a3, 0x400921fb54442d18

  /* ---- quadrant 1 ---- */
  TEST 10
  c.nop
  li a0, 5
  c.addi a0, -6
  CHECK a0, -1
  c.addi a0, 31
  CHECK a0, 30
  c.li a1, -32
  CHECK a1, -32
  c.li a1, 31
  CHECK a1, 31
  TEST 11
  li a0, 0x7fffffff
  c.addiw a0, 1
  CHECK a0, 0xffffffff80000000
  li a0, 0x1234567800000005
  c.addiw a0, 0
  CHECK a0, 5
  li a0, 0xffffffff
  c.addiw a0, -1
  CHECK a0, -2
  TEST 12
  mv s2, sp
  c.addi16sp sp, -512
  sub a0, s2, sp
  CHECK a0, 512
  c.addi16sp sp, 496
  sub a0, s2, sp
  CHECK a0, 16
  c.addi16sp sp, 16
  CHECK_REG sp, s2
  TEST 13
  c.lui a0, 1
  CHECK a0, 0x1000
  c.lui a0, 0x1f
  CHECK a0, 0x1f000
  c.lui a0, 0xfffe0
  CHECK a0, 0xfffffffffffe0000
  c.lui a0, 0xfffff
  CHECK a0, 0xfffffffffffff000
  TEST 14
  li a0, 0x8000000000000010
  c.srli a0, 4
  CHECK a0, 0x0800000000000001
  li a0, 0x8000000000000000
  c.srli a0, 63
  CHECK a0, 1
  li a0, 0x8000000000000010
  c.srai a0, 4
  CHECK a0, 0xf800000000000001
  li a0, 0x8000000000000000
  c.srai a0, 32
  CHECK a0, 0xffffffff80000000
  li a0, 0xfff
  c.andi a0, -2
  CHECK a0, 0xffe
  li a0, -1
  c.andi a0, 31
  CHECK a0, 31
  TEST 15
  li a0, 10
  li a1, 25
  c.sub a0, a1
  CHECK a0, -15
  li a0, 0xff00
  li a1, 0x0ff0
  c.xor a0, a1
  CHECK a0, 0xf0f0
  li a0, 0xff00
  c.or a0, a1
  CHECK a0, 0xfff0
  li a0, 0xff00
  c.and a0, a1
  CHECK a0, 0x0f00
  TEST 16
  li a0, 0x80000000
  li a1, 1
  c.subw a0, a1
  CHECK a0, 0x7fffffff
  li a0, 0
  c.subw a0, a1
  CHECK a0, -1
  li a0, 0x7fffffff
  c.addw a0, a1
  CHECK a0, 0xffffffff80000000
  li a0, 0x100000001
  c.addw a0, a1
  CHECK a0, 2
  TEST 17
  c.j 1f
  j fail
1:
  li a0, 0
  c.beqz a0, 1f
  j fail
1:
  li a0, 1
  c.beqz a0, fail_near
  c.bnez a0, 1f
  j fail
1:
  li a0, 0
  c.bnez a0, fail_near
  /* backward compressed branch and jump */
  li a0, 3
1:
  c.addi a0, -1
  c.bnez a0, 1b
  CHECK a0, 0
  j 3f
2:
  j 4f
3:
  c.j 2b
4:

  /* ---- quadrant 2 ---- */
  TEST 20
  li a0, 1
  c.slli a0, 63
  CHECK a0, 0x8000000000000000
  li a0, 0x12345
  c.slli a0, 12
  CHECK a0, 0x12345000
  TEST 21
  lla sp, cdata
  li a0, 0xc000000000000000
  sd a0, 64(sp)
  c.fldsp fa1, 64(sp)
  CHECK_D fa1, 0xc000000000000000
  c.fsdsp fa1, 72(sp)
  ld a1, 72(sp)
  CHECK a1, 0xc000000000000000
  TEST 22
  li a0, 0xfedcba9876543210
  sd a0, 80(sp)
  c.lwsp a1, 84(sp)
  CHECK a1, 0xfffffffffedcba98
  c.lwsp a1, 80(sp)
  CHECK a1, 0x76543210
  c.ldsp a2, 80(sp)
  CHECK a2, 0xfedcba9876543210
  c.swsp a1, 92(sp)
  lwu a3, 92(sp)
  CHECK a3, 0x76543210
  c.sdsp a2, 96(sp)
  ld a3, 96(sp)
  CHECK a3, 0xfedcba9876543210
  c.lwsp a1, 252(sp)
  c.ldsp a1, 504(sp)
  c.sdsp a2, 504(sp)
  ld a3, 504(sp)
  CHECK a3, 0xfedcba9876543210
  TEST 23
  lla a0, 1f
  c.jr a0
  j fail
1:
  lla a0, 1f
  c.jalr a0
2:
  j fail
1:
  CHECK_ADDR ra, 2b
  TEST 24
  /* c.jalr where rs1 is ra: the target is the old ra */
  lla ra, 1f
  c.jalr ra
2:
  j fail
1:
  CHECK_ADDR ra, 2b
  TEST 25
  li a0, 0x123
  c.mv a1, a0
  CHECK a1, 0x123
  li a1, 0x1000
  c.add a1, a0
  CHECK a1, 0x1123
  li a1, 0x7fffffffffffffff
  li a0, 1
  c.add a1, a0
  CHECK a1, 0x8000000000000000
  TEST 26
  /* c.ebreak raises a breakpoint whose epc is its own address */
  EXPECT_MTRAP 1f
2:
  c.ebreak
  j fail
1:
  CHECK_MCAUSE CAUSE_BREAKPOINT
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, 2b
  CHECK_TVAL_ZERO_OR 2b
  TEST 27
  /* a 32-bit instruction at an address that is only 2-byte aligned */
  .balign 4
  c.nop
  li a0, 0
  addi a0, a0, 7
  c.nop
  addi a0, a0, 1
  CHECK a0, 8
  /* a jump to a halfword-aligned 32-bit instruction */
  lla a1, 1f
  jr a1
  .balign 4
  c.nop
1:
  .option push
  .option norvc
  addi a0, a0, 1
  .option pop
  CHECK a0, 9
  TEST 28
  /* compressed instructions in the expansion with hint encodings: c.mv/c.add with rd = x0,
   * c.li with rd = x0, c.slli with rd = x0 are hints and change nothing */
  .hword 0x8006
  .hword 0x900a
  .hword 0x4015
  .hword 0x0016
  CHECK zero, 0
  mv sp, s0
  j pass
fail_near:
  j fail
TEST_END

  .data
  .align 4
cdata:
  .fill 1024, 1, 0

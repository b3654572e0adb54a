/* rv64mi.S: machine-mode traps and CSRs: every synchronous exception cause that can happen
 * without paging (1, 2, 3, 4, 5, 6, 7, 8, 9, 11), mepc/mcause/mtval, mret status stacking,
 * CSR access rules and counter gating.
 *
 * Cause 0 (instruction address misaligned) cannot happen: with C every even address is a valid
 * instruction address, jalr clears bit 0, and misa is read-only on pvm and QEMU 7.2 (case 53
 * checks it), so C cannot be turned off; there is nothing to test.
 */
#include "macros.h"

  .option norvc

/* Addresses where neither pvm's virt board nor QEMU's has anything. */
#define HOLE 0x800

/* An instruction in \mode that must be an illegal instruction with tval = its bits. */
.macro T_ILLEGAL_IN mode, insn, bits
  GOTO_PRIV \mode
  EXPECT_MTRAP .Lr\@
.Li\@:
  \insn
  j fail
.Lr\@:
  CHECK_MTRAP CAUSE_ILLEGAL, .Li\@, \bits
.endm

TEST_BEGIN
  /* ---- ecall and ebreak ---- */
  TEST 1
  EXPECT_MTRAP 1f
2:
  ecall
  j fail
1:
  CHECK_MTRAP CAUSE_ECALL_M, 2b, 0
  TEST 2
  EXPECT_MTRAP 1f
2:
  ebreak
  j fail
1:
  CHECK_MCAUSE CAUSE_BREAKPOINT
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, 2b
  CHECK_TVAL_ZERO_OR 2b
  TEST 3
  .option push
  .option rvc
  EXPECT_MTRAP 1f
2:
  c.ebreak
  j fail
1:
  .option pop
  CHECK_MCAUSE CAUSE_BREAKPOINT
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, 2b
  CHECK_TVAL_ZERO_OR 2b
  TEST 4
  /* the ecall cause says where it came from */
  GOTO_S
  EXPECT_MTRAP 1f
2:
  ecall
  j fail
1:
  CHECK_MTRAP CAUSE_ECALL_S, 2b, 0
  GOTO_U
  EXPECT_MTRAP 1f
2:
  ecall
  j fail
1:
  CHECK_MTRAP CAUSE_ECALL_U, 2b, 0

  /* ---- illegal instructions: tval holds the instruction bits ---- */
  TEST 10
  EXPECT_MTRAP 1f
2:
  .word 0
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0
  EXPECT_MTRAP 1f
2:
  .word 0xffffffff
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0xffffffff
  TEST 11
  /* a 16-bit illegal instruction: tval is its 16 bits */
  EXPECT_MTRAP 1f
2:
  .hword 0x0000
  .hword 0x0001
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0
  /* c.addi4spn with a zero immediate is reserved */
  EXPECT_MTRAP 1f
2:
  .hword 0x0004
  .hword 0x0001
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x0004
  TEST 12
  /* an unknown CSR */
  EXPECT_MTRAP 1f
2:
  csrr a0, 0x7c0
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x7c002573
  /* an OP encoding with an unused funct7 */
  EXPECT_MTRAP 1f
2:
  .word 0x7e000033
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x7e000033

  /* ---- access faults ---- */
  TEST 20
  /* fetch from a hole: cause 1, epc = tval = the address */
  li a0, HOLE
  EXPECT_MTRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_MCAUSE CAUSE_FETCH_ACCESS
  CHECK_FRAME mtrap_frame, TF_EPC, HOLE
  CHECK_FRAME mtrap_frame, TF_TVAL, HOLE
  TEST 21
  li a0, HOLE + 8
  EXPECT_MTRAP 1f
2:
  ld a1, 0(a0)
  j fail
1:
  CHECK_MTRAP CAUSE_LOAD_ACCESS, 2b, HOLE + 8
  EXPECT_MTRAP 1f
2:
  lbu a1, 3(a0)
  j fail
1:
  CHECK_MTRAP CAUSE_LOAD_ACCESS, 2b, HOLE + 11
  TEST 22
  EXPECT_MTRAP 1f
2:
  sd a1, 8(a0)
  j fail
1:
  CHECK_MTRAP CAUSE_STORE_ACCESS, 2b, HOLE + 16
  EXPECT_MTRAP 1f
2:
  sh a1, 2(a0)
  j fail
1:
  CHECK_MTRAP CAUSE_STORE_ACCESS, 2b, HOLE + 10
  TEST 23
  /* an AMO faults as a store; LR as a load */
  EXPECT_MTRAP 1f
2:
  amoadd.d a1, a1, (a0)
  j fail
1:
  /* QEMU 7.2 reports 5 where the spec says 7 */
  CHECK_MCAUSE_EITHER CAUSE_STORE_ACCESS, CAUSE_LOAD_ACCESS
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, 2b
  CHECK_FRAME mtrap_frame, TF_TVAL, HOLE + 8
  EXPECT_MTRAP 1f
2:
  lr.d a1, (a0)
  j fail
1:
  CHECK_MTRAP CAUSE_LOAD_ACCESS, 2b, HOLE + 8

  /* ---- misaligned atomics: causes 4 and 6 ---- */
  TEST 30
  lla a0, mdata
  addi a0, a0, 4
  EXPECT_MTRAP 1f
2:
  lr.d a1, (a0)
  j fail
1:
  CHECK_MTRAP_R CAUSE_LOAD_MISALIGNED, 2b, a0
  addi a0, a0, 2
  EXPECT_MTRAP 1f
2:
  amoswap.w a1, a1, (a0)
  j fail
1:
  /* QEMU 7.2 reports 4 where the spec says 6 */
  CHECK_MCAUSE_EITHER CAUSE_STORE_MISALIGNED, CAUSE_LOAD_MISALIGNED
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, 2b
  lla t6, mtrap_frame
  ld t5, TF_TVAL(t6)
  CHECK_REG t5, a0

  /* ---- mret ---- */
  TEST 40
  /* mret: MIE = MPIE, MPIE = 1, MPP = U (the least privileged mode) */
  li a0, MSTATUS_MIE | MSTATUS_MPIE
  csrc mstatus, a0
  li a0, MSTATUS_MPP
  csrs mstatus, a0
  lla a0, 1f
  csrw mepc, a0
  mret
  j fail
1:
  csrr a0, mstatus
  andi a1, a0, MSTATUS_MIE | MSTATUS_MPIE
  CHECK a1, MSTATUS_MPIE
  li a1, MSTATUS_MPP
  and a1, a0, a1
  CHECK a1, 0
  TEST 41
  /* the trap into M stacks MIE into MPIE and the privilege into MPP */
  li a0, MSTATUS_MPIE
  csrs mstatus, a0
  GOTO_S
  /* MIE is now 1 (from MPIE) but no interrupt is enabled in mie */
  EXPECT_MTRAP 1f
  ecall
1:
  CHECK_MCAUSE CAUSE_ECALL_S
  lla t6, mtrap_frame
  ld a0, TF_STATUS(t6)
  li a1, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
  and a0, a0, a1
  CHECK a0, MSTATUS_MPP_S | MSTATUS_MPIE
  TEST 42
  /* mret to a lower privilege clears MPRV (privileged spec 1.12; QEMU 7.2 leaves it set, so
   * that is accepted too) */
  li a0, MSTATUS_MPRV
  csrs mstatus, a0
  GOTO_U
  EXPECT_MTRAP 1f
  ecall
1:
  lla t6, mtrap_frame
  ld a0, TF_STATUS(t6)
  li a1, MSTATUS_MPP
  and a1, a0, a1
  CHECK a1, 0
  li a1, MSTATUS_MPRV
  csrc mstatus, a1
  TEST 43
  /* mret to M keeps MPRV */
  li a0, MSTATUS_MPRV | MSTATUS_MPP
  csrs mstatus, a0
  lla a0, 1f
  csrw mepc, a0
  mret
1:
  csrr a0, mstatus
  li a1, MSTATUS_MPRV
  and a0, a0, a1
  CHECK a0, MSTATUS_MPRV
  li a1, MSTATUS_MPRV
  csrc mstatus, a1
  TEST 44
  /* mret and sret are illegal below their privilege */
  T_ILLEGAL_IN 1, mret, 0x30200073
  T_ILLEGAL_IN 0, mret, 0x30200073
  T_ILLEGAL_IN 0, sret, 0x10200073

  /* ---- CSR access rules ---- */
  TEST 50
  /* M CSRs are illegal from S and U */
  T_ILLEGAL_IN 1, "csrr a0, mstatus", 0x30002573
  T_ILLEGAL_IN 1, "csrw mscratch, a0", 0x34051073
  T_ILLEGAL_IN 0, "csrr a0, mepc", 0x34102573
  T_ILLEGAL_IN 0, "csrr a0, sstatus", 0x10002573
  T_ILLEGAL_IN 0, "csrw stvec, zero", 0x10501073
  TEST 51
  /* writes to read-only CSRs are illegal, even of the value they hold */
  EXPECT_MTRAP 1f
2:
  csrw mhartid, zero
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0xf1401073
  li a0, 1
  EXPECT_MTRAP 1f
2:
  csrrs a0, mvendorid, a0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  /* a source register other than x0 holding zero still writes (the spec); QEMU 7.2 treats
   * it as a read, so no trap is accepted too */
  li a1, 0
  EXPECT_MTRAP 1f
2:
  csrrc a0, mimpid, a1
  DISARM
  j 3f
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
3:
  EXPECT_MTRAP 1f
2:
  csrwi cycle, 0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  EXPECT_MTRAP 1f
2:
  csrrwi a0, time, 0
  j fail
1:
  CHECK_MCAUSE CAUSE_ILLEGAL
  TEST 52
  /* but reading them (csrrs/csrrc with x0 or a zero immediate) is fine */
  csrrs a0, mhartid, zero
  CHECK a0, 0
  csrrc a0, mvendorid, zero
  csrrsi a0, marchid, 0
  csrrci a0, mimpid, 0
  csrr a0, cycle
  TEST 53
  /* misa: RV64 with I, M, A, F, D, C, S and U */
  csrr a0, misa
  srli a1, a0, 62
  CHECK a1, 2
  li a1, (1 << ('I' - 'A')) | (1 << ('M' - 'A')) | (1 << ('A' - 'A')) | (1 << ('F' - 'A')) | (1 << ('D' - 'A')) | (1 << ('C' - 'A')) | (1 << ('S' - 'A')) | (1 << ('U' - 'A'))
  and a2, a0, a1
  CHECK_REG a2, a1
  /* C cannot be turned off */
  li a1, 1 << ('C' - 'A')
  csrc misa, a1
  csrr a1, misa
  CHECK_REG a1, a0
  TEST 54
  /* scratch registers, csrrw/csrrs/csrrc returning the old value */
  csrr s1, mscratch
  li a0, 0x1234
  csrrw a1, mscratch, a0
  CHECK_REG a1, s1
  csrrsi a1, mscratch, 3
  CHECK a1, 0x1234
  li a0, 0x1030
  csrrc a1, mscratch, a0
  CHECK a1, 0x1237
  csrrwi a1, mscratch, 9
  CHECK a1, 0x0207
  csrrci a1, mscratch, 1
  CHECK a1, 9
  CHECK_CSR mscratch, 8
  csrw mscratch, s1
  TEST 55
  /* mepc bit 0 is always zero (IALIGN = 16); QEMU 7.2 keeps the bit, which is accepted */
  csrr s1, mepc
  li a0, 0x80000003
  csrw mepc, a0
  csrr a0, mepc
  ori a0, a0, 1
  CHECK a0, 0x80000003
  li a0, 0x80000006
  csrw mepc, a0
  CHECK_CSR mepc, 0x80000006
  csrw mepc, s1
  /* mcause and mtval are read-write */
  li a0, 0x8000000000000005
  csrw mcause, a0
  CHECK_CSR mcause, 0x8000000000000005
  li a0, 0x123456789
  csrw mtval, a0
  CHECK_CSR mtval, 0x123456789
  TEST 56
  /* mstatus: UXL and SXL read 64-bit */
  csrr a0, mstatus
  srli a1, a0, 32
  andi a1, a1, 0xf
  CHECK a1, 0xa
  TEST 57
  /* satp: a write with an unsupported mode changes nothing */
  li a0, (8 << 60) | 0x12345
  csrw satp, a0
  CHECK_CSR satp, (8 << 60) | 0x12345
  li a1, (1 << 60) | 0x777
  csrw satp, a1
  CHECK_CSR satp, (8 << 60) | 0x12345
  li a1, (15 << 60) | 0x777
  csrw satp, a1
  CHECK_CSR satp, (8 << 60) | 0x12345
  li a1, (7 << 60)
  csrw satp, a1
  CHECK_CSR satp, (8 << 60) | 0x12345
  csrw satp, zero
  CHECK_CSR satp, 0
  sfence.vma

  /* ---- counters and their gating ---- */
  TEST 60
  rdinstret a0
  nop
  nop
  rdinstret a1
  sub a1, a1, a0
  snez a1, a1
  CHECK a1, 1
  rdcycle a0
  nop
  rdcycle a1
  sltu a1, a0, a1
  CHECK a1, 1
  rdtime a0
  li a2, 1000
2:
  addi a2, a2, -1
  bnez a2, 2b
  rdtime a1
  sltu a1, a0, a1
  CHECK a1, 1
  TEST 61
  /* U-mode reads need both mcounteren and scounteren; S-mode only mcounteren */
  csrw mcounteren, zero
  csrw scounteren, zero
  T_ILLEGAL_IN 1, "rdcycle a0", 0xc0002573
  T_ILLEGAL_IN 1, "rdtime a0", 0xc0102573
  T_ILLEGAL_IN 1, "rdinstret a0", 0xc0202573
  T_ILLEGAL_IN 0, "rdtime a0", 0xc0102573
  TEST 62
  li a0, 7
  csrw mcounteren, a0
  CHECK_CSR mcounteren, 7
  GOTO_S
  rdcycle a0
  rdtime a0
  rdinstret a0
  GOTO_M
  T_ILLEGAL_IN 0, "rdtime a0", 0xc0102573
  li a0, 2
  csrw scounteren, a0
  CHECK_CSR scounteren, 2
  GOTO_U
  rdtime a0
  snez a0, a0
  CHECK a0, 1
  GOTO_M
  T_ILLEGAL_IN 0, "rdcycle a0", 0xc0002573
  T_ILLEGAL_IN 0, "rdinstret a0", 0xc0202573
  TEST 63
  li a0, 5
  csrw mcounteren, a0
  csrw scounteren, zero
  T_ILLEGAL_IN 1, "rdtime a0", 0xc0102573
  GOTO_S
  rdcycle a0
  rdinstret a0
  GOTO_M
  csrw mcounteren, zero
  j pass
TEST_END

  .data
  .align 4
mdata:
  .dword 0, 0

/* rv64si.S: supervisor mode: trap delegation through medeleg to stvec with sepc/scause/stval,
 * sret status stacking, the sstatus/sie/sip views, mstatus.TVM/TW/TSR. */
#include "macros.h"

  .option norvc

#define HOLE 0x800

/* In S-mode: \insn must trap into S-mode with cause \cause. */
.macro T_STRAP cause, insn
  EXPECT_STRAP .Lr\@
.Li\@:
  \insn
  j fail
.Lr\@:
  CHECK_SCAUSE \cause
  CHECK_FRAME_ADDR strap_frame, TF_EPC, .Li\@
.endm

/* \insn, run in privilege \mode, must be an illegal instruction taken into M-mode. */
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
  /* ---- medeleg ---- */
  TEST 1
  li a0, 0xb3ff
  csrw medeleg, a0
  csrr a0, medeleg
  /* the causes that can be delegated include these */
  li a1, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8)
  and a2, a0, a1
  CHECK_REG a2, a1
  csrw medeleg, zero
  CHECK_CSR medeleg, 0
  TEST 2
  /* a delegated illegal instruction from S: scause, sepc, stval */
  li a0, 1 << CAUSE_ILLEGAL
  csrw medeleg, a0
  GOTO_S
  EXPECT_STRAP 1f
2:
  .word 0xffffffff
  j fail
1:
  CHECK_STRAP CAUSE_ILLEGAL, 2b, 0xffffffff
  EXPECT_STRAP 1f
2:
  csrr a0, mstatus
  j fail
1:
  CHECK_STRAP CAUSE_ILLEGAL, 2b, 0x30002573
  GOTO_M
  TEST 3
  /* ... from U too; the M-mode CSRs show nothing of it */
  csrw mcause, zero
  GOTO_U
  EXPECT_STRAP 1f
2:
  .word 0
  j fail
1:
  /* resumed in S-mode */
  CHECK_STRAP CAUSE_ILLEGAL, 2b, 0
  lla t6, strap_frame
  ld a0, TF_STATUS(t6)
  andi a0, a0, MSTATUS_SPP
  CHECK a0, 0
  GOTO_M
  CHECK_CSR mcause, CAUSE_ECALL_S
  TEST 4
  /* delegation never applies to traps taken in M-mode */
  EXPECT_MTRAP 1f
2:
  .word 0
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0
  TEST 5
  /* ecall from U delegated; ecall from S not */
  li a0, (1 << CAUSE_ECALL_U)
  csrw medeleg, a0
  GOTO_U
  EXPECT_STRAP 1f
2:
  ecall
  j fail
1:
  CHECK_STRAP CAUSE_ECALL_U, 2b, 0
  /* back in S-mode: this ecall goes to M */
  EXPECT_MTRAP 1f
2:
  ecall
  j fail
1:
  CHECK_MTRAP CAUSE_ECALL_S, 2b, 0
  csrw medeleg, zero
  TEST 6
  /* breakpoints, access faults and misaligned atomics delegated */
  li a0, (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS) | (1 << CAUSE_LOAD_MISALIGNED) | (1 << CAUSE_STORE_MISALIGNED) | (1 << CAUSE_FETCH_ACCESS)
  csrw medeleg, a0
  GOTO_S
  T_STRAP CAUSE_BREAKPOINT, ebreak
  li a0, HOLE
  T_STRAP CAUSE_LOAD_ACCESS, "ld a1, 0(a0)"
  CHECK_FRAME strap_frame, TF_TVAL, HOLE
  T_STRAP CAUSE_STORE_ACCESS, "sw a1, 4(a0)"
  CHECK_FRAME strap_frame, TF_TVAL, HOLE + 4
  lla a0, sdata
  addi a0, a0, 4
  T_STRAP CAUSE_LOAD_MISALIGNED, "lr.d a1, (a0)"
  lla t6, strap_frame
  ld t5, TF_TVAL(t6)
  CHECK_REG t5, a0
  TEST 7
  li a0, HOLE
  EXPECT_STRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_SCAUSE CAUSE_FETCH_ACCESS
  CHECK_FRAME strap_frame, TF_EPC, HOLE
  CHECK_FRAME strap_frame, TF_TVAL, HOLE
  GOTO_M
  csrw medeleg, zero

  /* ---- status stacking on a trap into S and on sret ---- */
  TEST 10
  li a0, 1 << CAUSE_BREAKPOINT
  csrw medeleg, a0
  GOTO_S
  csrsi sstatus, MSTATUS_SIE
  EXPECT_STRAP 1f
  ebreak
1:
  /* SPP = S, SPIE = the old SIE, SIE cleared */
  lla t6, strap_frame
  ld a0, TF_STATUS(t6)
  andi a0, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
  CHECK a0, MSTATUS_SPP | MSTATUS_SPIE
  csrr a0, sstatus
  andi a0, a0, MSTATUS_SIE
  CHECK a0, 0
  TEST 11
  /* sret to U: SIE = SPIE, SPIE = 1, SPP = U */
  li a0, MSTATUS_SPP | MSTATUS_SIE
  csrc sstatus, a0
  li a0, MSTATUS_SPIE
  csrs sstatus, a0
  lla a0, 1f
  csrw sepc, a0
  sret
  j fail
1:
  /* in U-mode now */
  EXPECT_MTRAP 2f
  ecall
2:
  CHECK_MCAUSE CAUSE_ECALL_U
  lla t6, mtrap_frame
  ld a0, TF_STATUS(t6)
  andi a0, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
  CHECK a0, MSTATUS_SPIE | MSTATUS_SIE
  TEST 12
  /* sret to S from S; sret in M with SPP = U lands in U */
  GOTO_S
  li a0, MSTATUS_SPP
  csrs sstatus, a0
  li a0, MSTATUS_SPIE
  csrc sstatus, a0
  lla a0, 1f
  csrw sepc, a0
  sret
  j fail
1:
  /* still in S: sstatus is readable */
  csrr a0, sstatus
  andi a0, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
  CHECK a0, MSTATUS_SPIE
  GOTO_M
  li a0, MSTATUS_SPP
  csrc mstatus, a0
  lla a0, 1f
  csrw sepc, a0
  sret
  j fail
1:
  EXPECT_MTRAP 2f
  ecall
2:
  CHECK_MCAUSE CAUSE_ECALL_U
  csrw medeleg, zero

  /* ---- sstatus, sie and sip are views of the M registers ---- */
  TEST 20
  li a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
  csrs mstatus, a0
  csrr a1, sstatus
  and a1, a1, a0
  CHECK a1, 0
  li a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
  csrc mstatus, a0
  /* writing sstatus cannot touch M fields */
  csrr s1, mstatus
  li a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
  csrw sstatus, a0
  csrr a1, mstatus
  li a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
  and a1, a1, a2
  and a3, s1, a2
  CHECK_REG a1, a3
  /* but it sets the S fields */
  csrr a1, mstatus
  li a2, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  and a1, a1, a2
  CHECK_REG a1, a2
  csrc sstatus, a2
  csrr a1, sstatus
  and a1, a1, a2
  CHECK a1, 0
  /* sstatus shows UXL = 64-bit */
  csrr a1, sstatus
  srli a1, a1, 32
  andi a1, a1, 3
  CHECK a1, 2
  TEST 21
  /* sie and sip only show delegated interrupts */
  csrw mideleg, zero
  li a0, 0x222
  csrw mie, a0
  CHECK_CSR sie, 0
  li a0, 0x222
  csrw mideleg, a0
  csrr a1, mideleg
  and a1, a1, a0
  CHECK a1, 0x222
  CHECK_CSR sie, 0x222
  li a0, 0x888
  csrs mie, a0
  CHECK_CSR sie, 0x222
  csrw sie, zero
  CHECK_CSR mie, 0x888
  li a0, 0x20
  csrw sie, a0
  CHECK_CSR mie, 0x8a8
  csrw mie, zero
  TEST 22
  /* sip.SSIP is writable; STIP and SEIP are not writable through sip */
  csrw sip, zero
  csrsi sip, 2
  CHECK_CSR sip, 2
  csrr a0, mip
  andi a0, a0, 0x222
  CHECK a0, 2
  csrci sip, 2
  CHECK_CSR sip, 0
  li a0, 0x220
  csrs sip, a0
  CHECK_CSR sip, 0
  /* mip.SSIP is writable from M */
  csrsi mip, 2
  CHECK_CSR sip, 2
  csrci mip, 2
  csrw mideleg, zero

  /* ---- TVM, TW, TSR ---- */
  TEST 30
  li a0, MSTATUS_TVM
  csrs mstatus, a0
  T_ILLEGAL_IN 1, "csrr a0, satp", 0x18002573
  T_ILLEGAL_IN 1, "csrw satp, zero", 0x18001073
  T_ILLEGAL_IN 1, "sfence.vma", 0x12000073
  T_ILLEGAL_IN 1, "sfence.vma a0, a1", 0x12b50073
  li a0, MSTATUS_TVM
  csrc mstatus, a0
  GOTO_S
  csrr a0, satp
  csrw satp, zero
  sfence.vma
  GOTO_M
  TEST 31
  li a0, MSTATUS_TW
  csrs mstatus, a0
  T_ILLEGAL_IN 1, wfi, 0x10500073
  T_ILLEGAL_IN 0, wfi, 0x10500073
  li a0, MSTATUS_TW
  csrc mstatus, a0
  TEST 32
  li a0, MSTATUS_TSR
  csrs mstatus, a0
  T_ILLEGAL_IN 1, sret, 0x10200073
  /* TSR does not affect M-mode */
  li a0, MSTATUS_SPP
  csrs mstatus, a0
  lla a0, 1f
  csrw sepc, a0
  sret
  j fail
1:
  GOTO_M
  li a0, MSTATUS_TSR
  csrc mstatus, a0
  TEST 33
  /* S-mode sees no hypervisor CSRs */
  T_ILLEGAL_IN 1, "csrr a0, 0x600", 0x60002573

  /* ---- the S trap CSRs ---- */
  TEST 40
  GOTO_S
  csrr s1, stvec
  li a0, 0x80001000
  csrw stvec, a0
  CHECK_CSR stvec, 0x80001000
  csrw stvec, s1
  li a0, 0x80001236
  csrw sepc, a0
  CHECK_CSR sepc, 0x80001236
  li a0, 13
  csrw scause, a0
  CHECK_CSR scause, 13
  li a0, -5
  csrw stval, a0
  CHECK_CSR stval, -5
  csrr s1, sscratch
  li a0, 77
  csrrw a1, sscratch, a0
  CHECK_REG a1, s1
  CHECK_CSR sscratch, 77
  csrw sscratch, s1
  GOTO_M
  j pass
TEST_END

  .data
  .align 4
sdata:
  .dword 0, 0

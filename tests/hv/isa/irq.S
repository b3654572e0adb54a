/* irq.S: interrupts: the CLINT machine timer (mtime, mtimecmp) and software interrupt (msip),
 * mstatus.MIE and mie gating, priorities, S-mode interrupts through mideleg and sip.SSIP,
 * mip.STIP and the Sstc stimecmp, WFI waking on a pending interrupt with global interrupts
 * off, and vectored mtvec. */
#include "macros.h"

  .option norvc

#define IRQ_SSI (CAUSE_INT | 1)
#define IRQ_MSI (CAUSE_INT | 3)
#define IRQ_STI (CAUSE_INT | 5)
#define IRQ_MTI (CAUSE_INT | 7)
#define MIP_SSIP 0x002
#define MIP_MSIP 0x008
#define MIP_STIP 0x020
#define MIP_MTIP 0x080
#define MENVCFG_STCE (1 << 63)
#define TF_VEC 80 /* set by the vectored entries: the interrupt number they were entered for */

/* Spins a bounded time for an armed trap to take us away; fails if it never comes. */
.macro WAIT_TRAP
  li t4, 20000000
.Lw\@:
  addi t4, t4, -1
  bnez t4, .Lw\@
  j fail
.endm

/* mtimecmp = mtime + \ticks (clobbers a0, a1). */
.macro TIMER_IN ticks
  li a0, CLINT_MTIME
  ld a1, 0(a0)
  addi a1, a1, \ticks
  li a0, CLINT_MTIMECMP
  sd a1, 0(a0)
.endm

.macro TIMER_OFF
  li a0, CLINT_MTIMECMP
  li a1, -1
  sd a1, 0(a0)
.endm

.macro MSIP_SET val
  li a0, CLINT_MSIP
  li a1, \val
  sw a1, 0(a0)
.endm

TEST_BEGIN
  /* ---- the CLINT timer ---- */
  TEST 1
  /* mtimecmp resets to 0: MTIP is pending until it is set in the future */
  TIMER_OFF
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK a0, 0
  /* mtime advances, and the time CSR reads it */
  li a0, CLINT_MTIME
  ld a1, 0(a0)
  rdtime a2
  ld a3, 0(a0)
  sltu a4, a2, a1
  CHECK a4, 0
  sltu a4, a3, a2
  CHECK a4, 0
  li a4, 100000
1:
  ld a3, 0(a0)
  bne a3, a1, 2f
  addi a4, a4, -1
  bnez a4, 1b
  j fail
2:
  TEST 2
  /* mtimecmp is readable and writable, in halves too */
  li a0, CLINT_MTIMECMP
  li a1, 0x1234567800000000
  sd a1, 0(a0)
  ld a2, 0(a0)
  CHECK a2, 0x1234567800000000
  li a1, 0x7fffffff
  sw a1, 0(a0)
  ld a2, 0(a0)
  CHECK a2, 0x123456787fffffff
  lwu a2, 4(a0)
  CHECK a2, 0x12345678
  TIMER_OFF
  TEST 3
  /* a pending timer with MIE = 0 is visible in mip but not taken */
  li a0, MIP_MTIP
  csrs mie, a0
  TIMER_IN 0
  li a4, 100000
1:
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  bnez a0, 2f
  addi a4, a4, -1
  bnez a4, 1b
  j fail
2:
  /* mip.MTIP cannot be cleared by a CSR write */
  li a0, MIP_MTIP
  csrc mip, a0
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK a0, MIP_MTIP
  TEST 4
  /* with MIE = 1 it is taken: mcause = interrupt | 7 */
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MTI
  /* the trap cleared MIE and saved it in MPIE */
  lla t6, mtrap_frame
  ld a0, TF_STATUS(t6)
  andi a0, a0, MSTATUS_MIE | MSTATUS_MPIE
  CHECK a0, MSTATUS_MPIE
  csrr a0, mstatus
  andi a0, a0, MSTATUS_MIE
  CHECK a0, 0
  TEST 5
  /* moving mtimecmp into the future clears MTIP */
  TIMER_OFF
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK a0, 0
  TEST 6
  /* a timer that fires later, while running */
  TIMER_IN 200
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MTI
  TIMER_OFF
  TEST 7
  /* mie.MTIE = 0 masks it even with MIE = 1 */
  li a0, MIP_MTIP
  csrc mie, a0
  TIMER_IN 0
  csrsi mstatus, MSTATUS_MIE
  li a4, 1000
1:
  addi a4, a4, -1
  bnez a4, 1b
  csrci mstatus, MSTATUS_MIE
  TIMER_OFF
  TEST 8
  /* in U-mode, machine interrupts are taken whatever MIE says */
  li a0, MIP_MTIP
  csrs mie, a0
  csrci mstatus, MSTATUS_MIE
  li a0, MSTATUS_MPIE
  csrc mstatus, a0
  TIMER_IN 0
  EXPECT_MTRAP 1f
  GOTO_U
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MTI
  lla t6, mtrap_frame
  ld a0, TF_STATUS(t6)
  li a1, MSTATUS_MPP
  and a0, a0, a1
  CHECK a0, 0
  TIMER_OFF
  csrw mie, zero

  /* ---- WFI ---- */
  TEST 10
  /* WFI with MIE = 0 wakes on a pending enabled interrupt and traps nothing */
  li a0, MIP_MTIP
  csrs mie, a0
  TIMER_IN 100
  li a4, 1000000
1:
  wfi
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  bnez a0, 2f
  addi a4, a4, -1
  bnez a4, 1b
  j fail
2:
  TIMER_OFF
  csrw mie, zero

  /* ---- software interrupts ---- */
  TEST 20
  MSIP_SET 1
  li a0, CLINT_MSIP
  lw a1, 0(a0)
  CHECK a1, 1
  csrr a0, mip
  andi a0, a0, MIP_MSIP
  CHECK a0, MIP_MSIP
  li a0, MIP_MSIP
  csrs mie, a0
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MSI
  MSIP_SET 0
  csrr a0, mip
  andi a0, a0, MIP_MSIP
  CHECK a0, 0
  TEST 21
  /* priority: MSI before MTI */
  MSIP_SET 1
  TIMER_IN 0
  li a0, MIP_MTIP | MIP_MSIP
  csrs mie, a0
  li a4, 100000
1:
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  bnez a0, 2f
  addi a4, a4, -1
  bnez a4, 1b
  j fail
2:
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MSI
  MSIP_SET 0
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MTI
  TIMER_OFF
  csrw mie, zero

  /* ---- supervisor interrupts ---- */
  TEST 30
  /* SSIP delegated, taken in S-mode with SIE */
  li a0, MIP_SSIP
  csrw mideleg, a0
  csrw mie, a0
  GOTO_S
  csrsi sstatus, MSTATUS_SIE
  EXPECT_STRAP 1f
  csrsi sip, MIP_SSIP
  WAIT_TRAP
1:
  CHECK_SCAUSE IRQ_SSI
  lla t6, strap_frame
  ld a0, TF_STATUS(t6)
  andi a0, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
  CHECK a0, MSTATUS_SPIE | MSTATUS_SPP
  TEST 31
  /* with SIE = 0 it waits in S-mode; WFI still wakes */
  csrci sstatus, MSTATUS_SIE
  li a4, 1000
1:
  wfi
  addi a4, a4, -1
  bnez a4, 1b
  csrr a0, sip
  CHECK a0, MIP_SSIP
  /* in U-mode it is taken whatever SIE says */
  GOTO_M
  EXPECT_STRAP 1f
  GOTO_U
  WAIT_TRAP
1:
  CHECK_SCAUSE IRQ_SSI
  lla t6, strap_frame
  ld a0, TF_STATUS(t6)
  andi a0, a0, MSTATUS_SPP
  CHECK a0, 0
  csrci sip, MIP_SSIP
  GOTO_M
  TEST 32
  /* a delegated interrupt is never taken in M-mode */
  csrsi mip, MIP_SSIP
  csrsi mstatus, MSTATUS_MIE
  li a4, 1000
1:
  addi a4, a4, -1
  bnez a4, 1b
  csrci mstatus, MSTATUS_MIE
  TEST 33
  /* not delegated, SSIP goes to M even from S-mode with SIE = 0 */
  csrw mideleg, zero
  EXPECT_MTRAP 1f
  GOTO_S
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_SSI
  csrci mip, MIP_SSIP
  TEST 34
  /* STIP written by M, delegated, taken in S-mode */
  li a0, MIP_STIP
  csrw mideleg, a0
  csrw mie, a0
  csrs mip, a0
  csrr a1, mip
  and a1, a1, a0
  CHECK_REG a1, a0
  GOTO_S
  EXPECT_STRAP 1f
  csrsi sstatus, MSTATUS_SIE
  WAIT_TRAP
1:
  CHECK_SCAUSE IRQ_STI
  GOTO_M
  li a0, MIP_STIP
  csrc mip, a0
  TEST 35
  /* Sstc: with menvcfg.STCE, STIP follows stimecmp <= time; S-mode reaches stimecmp when
   * mcounteren.TM is set too */
  li a0, MENVCFG_STCE
  csrs menvcfg, a0
  csrwi mcounteren, 2
  li a0, -1
  csrw stimecmp, a0
  csrr a0, mip
  andi a0, a0, MIP_STIP
  CHECK a0, 0
  csrw stimecmp, zero
  csrr a0, mip
  andi a0, a0, MIP_STIP
  CHECK a0, MIP_STIP
  li a0, -1
  csrw stimecmp, a0
  rdtime a0
  addi a0, a0, 100
  GOTO_S
  csrw stimecmp, a0
  EXPECT_STRAP 1f
  csrsi sstatus, MSTATUS_SIE
  WAIT_TRAP
1:
  CHECK_SCAUSE IRQ_STI
  li a0, -1
  csrw stimecmp, a0
  csrr a0, sip
  andi a0, a0, MIP_STIP
  CHECK a0, 0
  GOTO_M
  TEST 36
  /* stimecmp is illegal in S-mode without mcounteren.TM, or without menvcfg.STCE */
  csrw mcounteren, zero
  GOTO_S
  EXPECT_MTRAP 1f
2:
  csrr a0, stimecmp
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x14d02573
  csrwi mcounteren, 2
  li a0, MENVCFG_STCE
  csrc menvcfg, a0
  GOTO_S
  EXPECT_MTRAP 1f
2:
  csrw stimecmp, zero
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x14d01073
  csrw mcounteren, zero
  csrw mideleg, zero
  csrw mie, zero

  /* ---- vectored mtvec ---- */
  TEST 40
  lla a0, vectors
  ori a0, a0, 1
  csrw mtvec, a0
  csrr a1, mtvec
  CHECK_REG a1, a0
  /* exceptions still go to the base */
  EXPECT_MTRAP 1f
2:
  ecall
1:
  CHECK_MTRAP CAUSE_ECALL_M, 2b, 0
  lla t6, mtrap_frame
  ld a0, TF_VEC(t6)
  CHECK a0, 0
  TEST 41
  /* interrupts go to base + 4 * cause */
  MSIP_SET 1
  li a0, MIP_MSIP
  csrw mie, a0
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MSI
  MSIP_SET 0
  lla t6, mtrap_frame
  ld a0, TF_VEC(t6)
  CHECK a0, 3
  TEST 42
  li a0, MIP_MTIP
  csrw mie, a0
  TIMER_IN 0
  EXPECT_MTRAP 1f
  csrsi mstatus, MSTATUS_MIE
  WAIT_TRAP
1:
  CHECK_MCAUSE IRQ_MTI
  lla t6, mtrap_frame
  ld a0, TF_VEC(t6)
  CHECK a0, 7
  TIMER_OFF
  csrw mie, zero
  lla a0, mtrap_entry
  csrw mtvec, a0
  j pass

  /* The vector table: entry 0 (exceptions) and entries 3 and 7. */
  .align 8
vectors:
  j mtrap_entry
  j fail
  j fail
  j vec_msi
  j fail
  j fail
  j fail
  j vec_mti
  j fail
  j fail
  j fail
  j fail

vec_msi:
  csrrw sp, mscratch, sp
  sd t0, TF_T0(sp)
  li t0, 3
  j vec_note
vec_mti:
  csrrw sp, mscratch, sp
  sd t0, TF_T0(sp)
  li t0, 7
vec_note:
  sd t0, TF_VEC(sp)
  ld t0, TF_T0(sp)
  csrrw sp, mscratch, sp
  j mtrap_entry
TEST_END

/* macros.h: the frame of pvm's instruction test programs.
 *
 * A program is linked at 0x80000000 (link.ld) and entered there in M-mode. It runs numbered
 * cases; gp (x3) holds the number of the running case. The result goes to the 8-byte `tohost`
 * symbol: 1 on success, (case << 1) | 1 on failure. Then the program writes the sifive-test
 * finisher at 0x100000 (0x5555 on success, (case << 16) | 0x3333 on failure) so that QEMU stops
 * too, and waits in wfi. Before that it prints "PASS" or "FAIL case ..." on the 16550 UART.
 *
 * Case numbers from 4096 up mean an unexpected trap taken into M-mode during case (n - 4096);
 * from 8192 up, an unexpected trap taken into S-mode during case (n - 8192). Number 4095 means a
 * check failed before any case started.
 *
 * Register use: gp = case number; t5/t6 are clobbered by every CHECK (t5 = the value found,
 * t6 = the value expected, both printed on failure). mscratch and sscratch point at the trap
 * frames of the two handlers and must be restored by a test that changes them.
 *
 * Expected traps: EXPECT_MTRAP label arms the M-mode handler; the next trap into M-mode is
 * recorded (cause, epc, tval, mstatus) and execution goes on at `label` in M-mode, with MPRV and
 * MPIE cleared. EXPECT_STRAP does the same for traps delegated to S-mode (resuming in S-mode).
 * A trap that is not armed for fails the program.
 */
#ifndef PVM_ISA_MACROS_H
#define PVM_ISA_MACROS_H

#define SIFIVE_TEST 0x100000
#define UART0 0x10000000
#define CLINT_MSIP 0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8

#define MAGIC_TO_M 0x70766d4d     /* a7 value of an ecall that asks to go on in M-mode */
#define MAGIC_FAIL 0x70766d46     /* a7 value of an ecall that reports a failed check */
#define MAGIC_STRAP 0x70766d53    /* a7 value of an ecall that reports an unexpected S trap */

#define MSTATUS_SIE (1 << 1)
#define MSTATUS_MIE (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP (1 << 8)
#define MSTATUS_MPP (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_FS (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_DIRTY (3 << 13)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM (1 << 18)
#define MSTATUS_MXR (1 << 19)
#define MSTATUS_TVM (1 << 20)
#define MSTATUS_TW (1 << 21)
#define MSTATUS_TSR (1 << 22)

#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15
#define CAUSE_INT (1 << 63)

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80

/* Trap frame layout (one for M-mode, one for S-mode). */
#define TF_RESUME 0  /* where to go on; 0 = not armed; 1 = return to the interrupted pc */
#define TF_CAUSE 8
#define TF_EPC 16
#define TF_TVAL 24
#define TF_STATUS 32 /* xstatus as found on trap entry */
#define TF_COUNT 40  /* expected traps taken so far */
#define TF_KEEP 48   /* nonzero: resume in the privilege the trap came from */
#define TF_T0 56
#define TF_T1 64
#define TF_T2 72
#define TF_SIZE 128

/* ---- case bookkeeping and checks ---- */

.macro TEST n
  li gp, \n
.endm

/* Fails the running case unless register \reg equals \val. */
.macro CHECK reg, val
  mv t5, \reg
  li t6, \val
  beq t5, t6, .Lok\@
  j fail
.Lok\@:
.endm

/* Fails unless the two registers are equal. */
.macro CHECK_REG reg, other
  mv t5, \reg
  mv t6, \other
  beq t5, t6, .Lok\@
  j fail
.Lok\@:
.endm

/* Fails unless register \reg holds the address of \label. */
.macro CHECK_ADDR reg, label
  mv t5, \reg
  lla t6, \label
  beq t5, t6, .Lok\@
  j fail
.Lok\@:
.endm

.macro CHECK_CSR csr, val
  csrr t5, \csr
  CHECK t5, \val
.endm

/* Fails unless the 64-bit pattern of \freg is \bits. */
.macro CHECK_D freg, bits
  fmv.x.d t5, \freg
  CHECK t5, \bits
.endm

/* Fails unless \freg holds the single \bits, NaN-boxed. */
.macro CHECK_S freg, bits
  fmv.x.d t5, \freg
  CHECK t5, (0xffffffff00000000 | (\bits))
.endm

/* Fails unless fflags equals \val; clears fflags. */
.macro CHECK_FLAGS val
  csrrw t5, fflags, zero
  CHECK t5, \val
.endm

/* Loads a 64-bit pattern into \freg (through t6). */
.macro LI_D freg, bits
  li t6, \bits
  fmv.d.x \freg, t6
.endm

/* Loads a single NaN-boxed into \freg (through t6). */
.macro LI_S freg, bits
  li t6, \bits
  fmv.w.x \freg, t6
.endm

/* ---- expected traps ---- */

.macro ARM_TRAP frame, resume, keep
  lla t6, \frame
  sd \keep, TF_KEEP(t6)
  li t5, -1
  sd t5, TF_CAUSE(t6)
  sd t5, TF_EPC(t6)
  sd t5, TF_TVAL(t6)
  lla t5, \resume
  sd t5, TF_RESUME(t6)
.endm

/* The next trap into M-mode goes on at \resume in M-mode. */
.macro EXPECT_MTRAP resume
  ARM_TRAP mtrap_frame, \resume, zero
.endm

/* The next trap into M-mode goes on at \resume in the privilege it came from. */
.macro EXPECT_MTRAP_KEEP resume
  li t6, 1
  ARM_TRAP mtrap_frame, \resume, t6
.endm

/* The next trap into M-mode (an interrupt) returns where it struck. */
.macro EXPECT_MINT
  lla t6, mtrap_frame
  li t5, -1
  sd t5, TF_CAUSE(t6)
  li t5, 1
  sd t5, TF_RESUME(t6)
.endm

/* The next trap into S-mode goes on at \resume in S-mode. */
.macro EXPECT_STRAP resume
  ARM_TRAP strap_frame, \resume, zero
.endm

.macro EXPECT_SINT
  lla t6, strap_frame
  li t5, -1
  sd t5, TF_CAUSE(t6)
  li t5, 1
  sd t5, TF_RESUME(t6)
.endm

/* Disarms both handlers (after a trap that was expected but may not have come). */
.macro DISARM
  lla t6, mtrap_frame
  sd zero, TF_RESUME(t6)
  lla t6, strap_frame
  sd zero, TF_RESUME(t6)
.endm

.macro CHECK_FRAME frame, off, val
  lla t6, \frame
  ld t5, \off(t6)
  CHECK t5, \val
.endm

.macro CHECK_FRAME_ADDR frame, off, label
  lla t6, \frame
  ld t5, \off(t6)
  CHECK_ADDR t5, \label
.endm

/* Checks the recorded M-mode trap: cause, epc (a label) and tval. Disarms. */
.macro CHECK_MTRAP cause, epc, tval
  DISARM
  CHECK_FRAME mtrap_frame, TF_CAUSE, \cause
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, \epc
  CHECK_FRAME mtrap_frame, TF_TVAL, \tval
.endm

/* As CHECK_MTRAP, with tval compared to the register \reg. */
.macro CHECK_MTRAP_R cause, epc, reg
  DISARM
  CHECK_FRAME mtrap_frame, TF_CAUSE, \cause
  CHECK_FRAME_ADDR mtrap_frame, TF_EPC, \epc
  lla t6, mtrap_frame
  ld t5, TF_TVAL(t6)
  CHECK_REG t5, \reg
.endm

.macro CHECK_MCAUSE cause
  DISARM
  CHECK_FRAME mtrap_frame, TF_CAUSE, \cause
.endm

/* Fails unless the last M trap has tval 0 or \label (the spec allows both for ebreak). */
.macro CHECK_TVAL_ZERO_OR label
  lla t6, mtrap_frame
  ld t5, TF_TVAL(t6)
  beqz t5, .Lz\@
  CHECK_ADDR t5, \label
.Lz\@:
.endm

/* Accepts the cause \spec, or \alt where a reference model is known to differ from the spec. */
.macro CHECK_MCAUSE_EITHER spec, alt
  DISARM
  lla t6, mtrap_frame
  ld t5, TF_CAUSE(t6)
  li t6, \spec
  beq t5, t6, .Lok\@
  CHECK t5, \alt
.Lok\@:
.endm

.macro CHECK_SCAUSE_EITHER spec, alt
  DISARM
  lla t6, strap_frame
  ld t5, TF_CAUSE(t6)
  li t6, \spec
  beq t5, t6, .Lok\@
  CHECK t5, \alt
.Lok\@:
.endm

.macro CHECK_STRAP cause, epc, tval
  DISARM
  CHECK_FRAME strap_frame, TF_CAUSE, \cause
  CHECK_FRAME_ADDR strap_frame, TF_EPC, \epc
  CHECK_FRAME strap_frame, TF_TVAL, \tval
.endm

.macro CHECK_SCAUSE cause
  DISARM
  CHECK_FRAME strap_frame, TF_CAUSE, \cause
.endm

/* ---- privilege changes ---- */

/* From M-mode, goes on at the next instruction in privilege \mode (0 = U, 1 = S, 3 = M). */
.macro GOTO_PRIV mode
  li t6, MSTATUS_MPP
  csrc mstatus, t6
  li t6, (\mode << 11)
  csrs mstatus, t6
  lla t6, .Lnext\@
  csrw mepc, t6
  mret
.Lnext\@:
.endm

.macro GOTO_S
  GOTO_PRIV 1
.endm

.macro GOTO_U
  GOTO_PRIV 0
.endm

/* From any privilege, goes on at the next instruction in M-mode (clobbers a7). */
.macro GOTO_M
  li a7, MAGIC_TO_M
  ecall
.endm

/* ---- program frame ---- */

.macro TEST_BEGIN
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  j reset
  .align 6
mtrap_entry:
  j mtrap_handler
  .align 2
reset:
  TRAP_SETUP
  li gp, 0
  j main
  .text
main:
.endm

.macro TEST_END
  TEST_COMMON
.endm

/* Bits every program shares: reset, trap handlers, pass/fail and the data they use. */
.macro TRAP_SETUP
  lla t0, mtrap_entry
  csrw mtvec, t0
  lla t0, mtrap_frame
  csrw mscratch, t0
  lla t0, strap_entry
  csrw stvec, t0
  lla t0, strap_frame
  csrw sscratch, t0
  lla sp, stack_top
  csrw medeleg, zero
  csrw mideleg, zero
  csrw mie, zero
  csrw satp, zero
  li t0, -1
  srli t0, t0, 2
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  li t0, MSTATUS_FS
  csrc mstatus, t0
  li t0, MSTATUS_FS_INITIAL
  csrs mstatus, t0
  csrw fcsr, zero
.endm

.macro TEST_COMMON
  .text
  .option push
  .option norvc
  .align 2
  /* Every program ends here when all its cases passed. */
  .globl pass
pass:
  li a7, MAGIC_FAIL
  li gp, 0
  ecall
  /* Reached with a failed check anywhere, in any privilege: report it from M-mode. */
  .globl fail
fail:
  bnez gp, 1f
  li gp, 4095
1:
  li a7, MAGIC_FAIL
  ecall

  .align 6
mtrap_handler:
  csrrw sp, mscratch, sp
  sd t0, TF_T0(sp)
  sd t1, TF_T1(sp)
  sd t2, TF_T2(sp)
  csrr t0, mcause
  ld t1, TF_RESUME(sp)
  beqz t1, .Lm_unexpected
  sd t0, TF_CAUSE(sp)
  csrr t2, mepc
  sd t2, TF_EPC(sp)
  csrr t2, mtval
  sd t2, TF_TVAL(sp)
  csrr t2, mstatus
  sd t2, TF_STATUS(sp)
  ld t2, TF_COUNT(sp)
  addi t2, t2, 1
  sd t2, TF_COUNT(sp)
  sd zero, TF_RESUME(sp)
  li t2, 1
  beq t1, t2, .Lm_return
  csrw mepc, t1
  ld t2, TF_KEEP(sp)
  sd zero, TF_KEEP(sp)
  bnez t2, .Lm_return
.Lm_to_m:
  li t2, MSTATUS_MPP
  csrs mstatus, t2
  li t2, MSTATUS_MPIE | MSTATUS_MPRV
  csrc mstatus, t2
.Lm_return:
  ld t0, TF_T0(sp)
  ld t1, TF_T1(sp)
  ld t2, TF_T2(sp)
  csrrw sp, mscratch, sp
  mret
.Lm_unexpected:
  addi t1, t0, -CAUSE_ECALL_U
  li t2, 4
  bgeu t1, t2, .Lm_bad
  csrr t1, mepc
  addi t1, t1, 4
  li t2, MAGIC_TO_M
  bne a7, t2, 1f
  csrw mepc, t1
  j .Lm_to_m
1:
  li t2, MAGIC_FAIL
  beq a7, t2, report_fail
  li t2, MAGIC_STRAP
  bne a7, t2, .Lm_bad
  li t2, 8192
  add gp, gp, t2
  j report_trap
.Lm_bad:
  csrr a0, mcause
  csrr a1, mepc
  csrr a2, mtval
  li t2, 4096
  add gp, gp, t2
  j report_trap

  .align 6
strap_entry:
  csrrw sp, sscratch, sp
  sd t0, TF_T0(sp)
  sd t1, TF_T1(sp)
  sd t2, TF_T2(sp)
  csrr t0, scause
  ld t1, TF_RESUME(sp)
  beqz t1, .Ls_unexpected
  sd t0, TF_CAUSE(sp)
  csrr t2, sepc
  sd t2, TF_EPC(sp)
  csrr t2, stval
  sd t2, TF_TVAL(sp)
  csrr t2, sstatus
  sd t2, TF_STATUS(sp)
  ld t2, TF_COUNT(sp)
  addi t2, t2, 1
  sd t2, TF_COUNT(sp)
  sd zero, TF_RESUME(sp)
  li t2, 1
  beq t1, t2, .Ls_return
  csrw sepc, t1
  ld t2, TF_KEEP(sp)
  sd zero, TF_KEEP(sp)
  bnez t2, .Ls_return
  li t2, MSTATUS_SPP
  csrs sstatus, t2
  li t2, MSTATUS_SPIE
  csrc sstatus, t2
.Ls_return:
  ld t0, TF_T0(sp)
  ld t1, TF_T1(sp)
  ld t2, TF_T2(sp)
  csrrw sp, sscratch, sp
  sret
.Ls_unexpected:
  csrr a0, scause
  csrr a1, sepc
  csrr a2, stval
  li a7, MAGIC_STRAP
  ecall

  /* a0 = cause, a1 = epc, a2 = tval of an unexpected trap; gp already offset. */
report_trap:
  lla t0, finish
  csrw mtvec, t0
  mv s2, a0
  mv s3, a1
  mv s4, a2
  lla a0, str_trap
  jal print_str
  mv a0, s2
  jal print_hex
  lla a0, str_epc
  jal print_str
  mv a0, s3
  jal print_hex
  lla a0, str_tval
  jal print_str
  mv a0, s4
  jal print_hex
  li a0, '\n'
  jal print_char
  mv t5, s2
  mv t6, s3
  j report_fail

  /* gp = case (0 = success), t5 = value found, t6 = value expected. */
report_fail:
  li t0, MSTATUS_MPRV | MSTATUS_MIE
  csrc mstatus, t0
  csrw mie, zero
  lla t0, finish
  csrw mtvec, t0
  mv s2, t5
  mv s3, t6
  beqz gp, 2f
  lla a0, str_fail
  jal print_str
  mv a0, gp
  jal print_hex
  lla a0, str_found
  jal print_str
  mv a0, s2
  jal print_hex
  lla a0, str_expected
  jal print_str
  mv a0, s3
  jal print_hex
  li a0, '\n'
  jal print_char
  j finish
2:
  lla a0, str_pass
  jal print_str
  .align 2
finish:
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  li t1, 1
  beqz gp, 3f
  slli t1, gp, 1
  ori t1, t1, 1
3:
  lla t0, tohost
  sd t1, 0(t0)
  li t0, SIFIVE_TEST
  li t1, 0x5555
  beqz gp, 4f
  slli t1, gp, 16
  li t2, 0x3333
  or t1, t1, t2
4:
  sw t1, 0(t0)
5:
  wfi
  j 5b

  /* Prints the NUL-terminated string at a0. Clobbers a0, a1, t0, t1, ra saved in s5. */
print_str:
  mv s5, ra
  mv a1, a0
1:
  lbu a0, 0(a1)
  beqz a0, 2f
  jal print_char
  addi a1, a1, 1
  j 1b
2:
  jr s5

  /* Prints a0 as 16 hex digits. Clobbers a0..a3, t0, t1; ra saved in s6. */
print_hex:
  mv s6, ra
  mv a2, a0
  li a3, 60
1:
  srl a0, a2, a3
  andi a0, a0, 15
  addi a0, a0, '0'
  li t0, '9'
  ble a0, t0, 2f
  addi a0, a0, 'a' - '9' - 1
2:
  jal print_char
  addi a3, a3, -4
  bgez a3, 1b
  jr s6

  /* Prints the character a0 (waits a bounded time for the transmitter). Clobbers t0, t1. */
print_char:
  li t0, UART0
  li t1, 100000
1:
  lbu t2, 5(t0)
  andi t2, t2, 0x20
  bnez t2, 2f
  addi t1, t1, -1
  bnez t1, 1b
2:
  sb a0, 0(t0)
  ret
  .option pop

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost:
  .dword 0
  .align 6
  .globl fromhost
fromhost:
  .dword 0

  .data
  .align 6
  .globl mtrap_frame
mtrap_frame:
  .fill TF_SIZE, 1, 0
  .globl strap_frame
strap_frame:
  .fill TF_SIZE, 1, 0
str_pass:
  .asciz "PASS\n"
str_fail:
  .asciz "FAIL case "
str_found:
  .asciz " found "
str_expected:
  .asciz " expected "
str_trap:
  .asciz "unexpected trap: cause "
str_epc:
  .asciz " epc "
str_tval:
  .asciz " tval "

  .bss
  .align 4
stack:
  .fill 4096, 1, 0
stack_top:
.endm

#endif

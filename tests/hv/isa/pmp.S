/* pmp.S: physical memory protection: TOR, NA4 and NAPOT regions, the lowest-numbered match
 * deciding, S/U-mode denied where no entry matches, M-mode free unless an entry is locked,
 * MPRV, and a locked entry binding M-mode (last, as a lock holds until reset). */
#include "macros.h"

  .option norvc

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR 0x08
#define PMP_NA4 0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80
#define HOLE_FOR_S (0x80000000 - 0x1000) /* RAM's neighbour, covered by no entry */

/* In privilege \mode: \insn (using the address in a0) must raise \cause with tval = a0. */
.macro T_FAULT cause, insn
  EXPECT_MTRAP .Lr\@
.Li\@:
  \insn
  j fail
.Lr\@:
  CHECK_MTRAP_R \cause, .Li\@, a0
.endm

TEST_BEGIN
  /* ---- registers ---- */
  TEST 1
  /* sixteen entries: pmpcfg0 and pmpcfg2, pmpaddr0..15 */
  li a0, 0x12345
  csrw pmpaddr15, a0
  CHECK_CSR pmpaddr15, 0x12345
  csrw pmpaddr15, zero
  li a0, 0x0000000000001800
  csrw pmpcfg2, a0
  CHECK_CSR pmpcfg2, 0x0000000000001800
  csrw pmpcfg2, zero
  /* on RV64 the odd pmpcfg registers do not exist */
  EXPECT_MTRAP 1f
2:
  csrr a0, pmpcfg1
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x3a102573
  EXPECT_MTRAP 1f
2:
  csrr a0, pmpcfg3
  j fail
1:
  CHECK_MTRAP CAUSE_ILLEGAL, 2b, 0x3a302573

  /* ---- the regions ----
   * 0: NA4 over ppage (R)        1: NAPOT over ppage + 4K, 4 KiB (no access)
   * 3: TOR [ppage + 8K, ppage + 12K) (RW)
   * 5: TOR [0x80000000, ppage + 12K) (RWX), the program itself
   * nothing covers ppage + 12K. */
  TEST 2
  lla s1, ppage
  srli a0, s1, 2
  csrw pmpaddr0, a0
  li a1, 0x1000
  add a0, s1, a1
  addi a0, a0, 0x7ff
  srli a0, a0, 2
  csrw pmpaddr1, a0
  li a1, 0x2000
  add a0, s1, a1
  srli a0, a0, 2
  csrw pmpaddr2, a0
  li a1, 0x3000
  add a0, s1, a1
  srli a0, a0, 2
  csrw pmpaddr3, a0
  li a0, 0x80000000 >> 2
  csrw pmpaddr4, a0
  li a1, 0x3000
  add a0, s1, a1
  srli a0, a0, 2
  csrw pmpaddr5, a0
  li a0, ((PMP_TOR | PMP_R | PMP_W | PMP_X) << 40) | ((PMP_TOR | PMP_R | PMP_W) << 24) | (PMP_NAPOT << 8) | (PMP_NA4 | PMP_R)
  csrw pmpcfg0, a0
  CHECK_CSR pmpcfg0, ((PMP_TOR | PMP_R | PMP_W | PMP_X) << 40) | ((PMP_TOR | PMP_R | PMP_W) << 24) | (PMP_NAPOT << 8) | (PMP_NA4 | PMP_R)
  sfence.vma
  /* values to read */
  li a0, 0x11111111
  sw a0, 0(s1)
  sw a0, 4(s1)
  li a1, 0x1000
  add a2, s1, a1
  sw a0, 0(a2)
  add a2, a2, a1
  sw a0, 0(a2)
  add a2, a2, a1
  sw a0, 0(a2)

  /* ---- S-mode ---- */
  TEST 10
  GOTO_S
  /* NA4, read-only: the four bytes can be read, not written */
  lw a1, 0(s1)
  CHECK a1, 0x11111111
  mv a0, s1
  T_FAULT CAUSE_STORE_ACCESS, "sw a1, 0(a0)"
  GOTO_S
  addi a0, s1, 2
  T_FAULT CAUSE_STORE_ACCESS, "sb a1, 0(a0)"
  GOTO_S
  /* the next word is outside the NA4 region: entry 5 allows it */
  li a1, 0x22222222
  sw a1, 4(s1)
  lw a1, 4(s1)
  CHECK a1, 0x22222222
  TEST 11
  /* NAPOT, no permission: load, store, AMO and fetch all fault */
  li a0, 0x1000
  add a0, s1, a0
  T_FAULT CAUSE_LOAD_ACCESS, "lw a1, 0(a0)"
  GOTO_S
  li a0, 0x1ff8
  add a0, s1, a0
  T_FAULT CAUSE_STORE_ACCESS, "sd a1, 0(a0)"
  GOTO_S
  li a0, 0x1800
  add a0, s1, a0
  EXPECT_MTRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_MCAUSE CAUSE_FETCH_ACCESS
  lla t6, mtrap_frame
  ld t5, TF_TVAL(t6)
  CHECK_REG t5, a0
  TEST 12
  /* TOR, RW without X */
  GOTO_S
  li a0, 0x2000
  add a0, s1, a0
  lw a1, 0(a0)
  CHECK a1, 0x11111111
  li a1, 0x33333333
  sw a1, 0x7fc(a0)
  lw a2, 0x7fc(a0)
  CHECK a2, 0x33333333
  EXPECT_MTRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_MCAUSE CAUSE_FETCH_ACCESS
  TEST 13
  /* no entry matches: S-mode is denied */
  GOTO_S
  li a0, 0x3000
  add a0, s1, a0
  T_FAULT CAUSE_LOAD_ACCESS, "lw a1, 0(a0)"
  GOTO_S
  li a0, 0x3000
  add a0, s1, a0
  T_FAULT CAUSE_STORE_ACCESS, "sw a1, 0(a0)"
  GOTO_S
  li a0, HOLE_FOR_S
  T_FAULT CAUSE_LOAD_ACCESS, "lw a1, 0(a0)"
  TEST 14
  /* U-mode follows the same entries */
  GOTO_U
  lw a1, 0(s1)
  CHECK a1, 0x11111111
  li a0, 0x1000
  add a0, s1, a0
  T_FAULT CAUSE_LOAD_ACCESS, "lw a1, 0(a0)"
  GOTO_U
  mv a0, s1
  T_FAULT CAUSE_STORE_ACCESS, "sw a1, 0(a0)"

  /* ---- M-mode ---- */
  TEST 20
  /* unlocked entries do not bind M-mode */
  li a1, 0x44444444
  sw a1, 0(s1)
  lw a2, 0(s1)
  CHECK a2, 0x44444444
  li a0, 0x1000
  add a0, s1, a0
  lw a1, 0(a0)
  CHECK a1, 0x11111111
  li a0, 0x3000
  add a0, s1, a0
  sw a1, 4(a0)
  TEST 21
  /* but with MPRV and MPP = S they do */
  li a0, 0x1000
  add a0, s1, a0
  EXPECT_MTRAP 1f
  li t3, MSTATUS_MPP
  csrc mstatus, t3
  li t3, MSTATUS_MPRV | MSTATUS_MPP_S
  csrs mstatus, t3
2:
  lw a1, 0(a0)
  j fail
1:
  CHECK_MTRAP_R CAUSE_LOAD_ACCESS, 2b, a0

  /* ---- a locked entry binds M-mode ---- */
  TEST 30
  lla s2, lockword
  srli a0, s2, 2
  csrw pmpaddr0, a0
  li a0, PMP_L | PMP_NA4 | PMP_R
  csrw pmpcfg0, a0
  sfence.vma
  CHECK_CSR pmpcfg0, PMP_L | PMP_NA4 | PMP_R
  lw a1, 0(s2)
  CHECK a1, 0x00008067
  mv a0, s2
  T_FAULT CAUSE_STORE_ACCESS, "sw zero, 0(a0)"
  lw a1, 0(s2)
  CHECK a1, 0x00008067
  TEST 31
  /* no X: M-mode cannot execute it either */
  EXPECT_MTRAP 1f
  jalr ra, 0(s2)
  j fail
1:
  CHECK_MCAUSE CAUSE_FETCH_ACCESS
  TEST 32
  /* the entry can no longer be changed */
  li a0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
  csrw pmpcfg0, a0
  CHECK_CSR pmpcfg0, PMP_L | PMP_NA4 | PMP_R
  csrw pmpaddr0, zero
  srli a0, s2, 2
  csrr a1, pmpaddr0
  CHECK_REG a1, a0
  mv a0, s2
  T_FAULT CAUSE_STORE_ACCESS, "sw zero, 0(a0)"
  /* the next word is not covered: M-mode writes it */
  sw zero, 4(s2)
  j pass
TEST_END

  .data
  .align 12
ppage:
  .fill 4 * 4096, 1, 0
lockword:
  .word 0x00008067
  .word 0

/* paging.h: the virtual-memory tests, included by sv39.S and sv48.S (which define SV48 or not).
 *
 * Layout (VA -> PA), built at run time:
 *   0x80000000 + 1 GiB   identity gigapage, RWX, not U: the program itself runs there in S-mode
 *   0xc0000000 + 1 GiB   alias gigapage of 0x80000000, RW
 *   0x100000000          a misaligned gigapage (PPN of 0x80200000): faults
 *   0x40000000 + i*4K    4 KiB pages L0[i], described at TVA_* below
 *   0x40200000 + 2 MiB   megapage onto the 2 MiB-aligned `mega` buffer, RW
 *   0x40400000           a misaligned megapage: faults
 *   0x40600000           a level-0 entry that is not a leaf: faults
 * Sv48 adds a level on top, whose entry 0 points at the Sv39 root, entry 1 is a 512 GiB page
 * of PA 0 (so VA 0x8000000000 + PA reads PA) and entry 2 a misaligned 512 GiB page.
 *
 * Page faults (12, 13, 15) and ecall from U are delegated to S-mode, so most tests run in
 * S-mode and use EXPECT_STRAP.
 */
#ifndef PVM_ISA_PAGING_H
#define PVM_ISA_PAGING_H

#define TVA 0x40000000
#define TVA_RW (TVA + 0x0000)     /* RW, A, D */
#define TVA_RO (TVA + 0x1000)     /* R, A */
#define TVA_AD (TVA + 0x2000)     /* RW, A and D clear */
#define TVA_XO (TVA + 0x3000)     /* X only */
#define TVA_U (TVA + 0x4000)      /* RW, U */
#define TVA_INV (TVA + 0x5000)    /* not valid */
#define TVA_WO (TVA + 0x6000)     /* W without R: reserved */
#define TVA_NL (TVA + 0x7000)     /* level-0 entry with V and no RWX */
#define TVA_UCODE (TVA + 0x8000)  /* RX, U: the U-mode routine */
#define TVA_D (TVA + 0x9000)      /* RW, A, D clear */
#define TVA_SF (TVA + 0xa000)     /* remapped by the sfence.vma test */
#define TVA_X1 (TVA + 0xb000)     /* RX: an instruction straddles into the next page */
#define TVA_X2 (TVA + 0xc000)     /* RX or invalid */
#define MEGA_VA 0x40200000
#define MEGA_BAD_VA 0x40400000
#define NONLEAF_VA 0x40600000
#define ALIAS_VA 0xc0000000
#define GIGA_BAD_VA 0x100000000
#define TERA_VA 0x8000000000
#define TERA_BAD_VA 0x10000000000

#ifdef SV48
#define SATP_MODE 9
#define NONCANON_VA 0x0000800000000000
#else
#define SATP_MODE 8
#define NONCANON_VA 0x0000004000000000
#endif

#define PF_DELEG ((1 << CAUSE_FETCH_PAGE) | (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE) | (1 << CAUSE_ECALL_U))
#define KERN (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/* \table[\index] = a PTE for the physical address in \preg with \flags (clobbers t0, t1). */
.macro PTE table, index, preg, flags
  srli t0, \preg, 12
  slli t0, t0, 10
  ori t0, t0, \flags
  lla t1, \table
  sd t0, (\index * 8)(t1)
.endm

/* The same with a physical address given as a label. */
.macro PTE_L table, index, label, flags
  lla t2, \label
  PTE \table, \index, t2, \flags
.endm

/* The same with a constant physical address. */
.macro PTE_C table, index, addr, flags
  li t2, \addr
  PTE \table, \index, t2, \flags
.endm

/* t5 = the PTE flags (low 8 bits) of \table[\index]. */
.macro PTE_FLAGS table, index
  lla t6, \table
  ld t5, (\index * 8)(t6)
  andi t5, t5, 0xff
.endm

/* In S-mode: \insn must raise the page fault \cause with stval = \va (loaded in a0 first). */
.macro T_PF cause, va, insn
  li a0, \va
  EXPECT_STRAP .Lr\@
.Li\@:
  \insn
  j fail
.Lr\@:
  CHECK_STRAP \cause, .Li\@, \va
.endm

/* The same for an AMO, which must raise a store/AMO page fault (15); QEMU 7.2 raises a load
 * page fault (13) when the page is not readable either, which is accepted. */
.macro T_PF_AMO va, insn
  li a0, \va
  EXPECT_STRAP .Lr\@
.Li\@:
  \insn
  j fail
.Lr\@:
  CHECK_SCAUSE_EITHER CAUSE_STORE_PAGE, CAUSE_LOAD_PAGE
  CHECK_FRAME_ADDR strap_frame, TF_EPC, .Li\@
  CHECK_FRAME strap_frame, TF_TVAL, \va
.endm

.macro PAGING_TESTS
  /* ---- build the tables (M-mode) ---- */
  TEST 1
  PTE_C pt_l2, 2, 0x80000000, KERN
  PTE_C pt_l2, 3, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  PTE_C pt_l2, 4, 0x80200000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  PTE_L pt_l2, 1, pt_l1, PTE_V
  PTE_L pt_l1, 0, pt_l0, PTE_V
  PTE_L pt_l1, 1, mega, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  lla t2, mega
  li t3, 0x1000
  add t2, t2, t3
  PTE pt_l1, 2, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  PTE_L pt_l1, 3, pt_nl, PTE_V
  PTE_L pt_nl, 0, pt_l0, PTE_V
  PTE_L pt_l0, 0, tpages + 0x0000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  PTE_L pt_l0, 1, tpages + 0x1000, PTE_V | PTE_R | PTE_A
  PTE_L pt_l0, 2, tpages + 0x2000, PTE_V | PTE_R | PTE_W
  PTE_L pt_l0, 3, tpages + 0x3000, PTE_V | PTE_X | PTE_A
  PTE_L pt_l0, 4, tpages + 0x4000, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
  sd zero, (5 * 8)(t1)
  PTE_L pt_l0, 6, tpages + 0x6000, PTE_V | PTE_W | PTE_A | PTE_D
  PTE_L pt_l0, 7, pt_l1, PTE_V
  PTE_L pt_l0, 8, ucode, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
  PTE_L pt_l0, 9, tpages + 0x9000, PTE_V | PTE_R | PTE_W | PTE_A
  PTE_L pt_l0, 10, tpages + 0xa000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  PTE_L pt_l0, 11, xpages, PTE_V | PTE_R | PTE_X | PTE_A
  PTE_L pt_l0, 12, xpages + 0x1000, PTE_V | PTE_R | PTE_X | PTE_A
#ifdef SV48
  PTE_L pt_l3, 0, pt_l2, PTE_V
  PTE_C pt_l3, 1, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  PTE_C pt_l3, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  lla a0, pt_l3
#else
  lla a0, pt_l2
#endif
  /* a recognisable doubleword at the start of each test page */
  lla a1, tpages
  li a2, 0
  li a3, 13
2:
  li a4, 0x5a00
  or a4, a4, a2
  sd a4, 0(a1)
  li a4, 0x1000
  add a1, a1, a4
  addi a2, a2, 1
  blt a2, a3, 2b
  lla a1, mega
  li a2, 0x1008
  add a1, a1, a2
  li a2, 0x4d454741
  sd a2, 0(a1)
  /* the straddling instruction: addi a0, a0, 1 then jalr x0, 0(ra) in the next page */
  lla a1, xpages
  li a2, 0xffe
  add a1, a1, a2
  li a2, 0x0513
  sh a2, 0(a1)
  li a2, 0x0015
  sh a2, 2(a1)
  li a2, 0x00008067
  sh a2, 4(a1)
  srli a2, a2, 16
  sh a2, 6(a1)
  fence.i
  TEST 2
  srli a0, a0, 12
  li a1, SATP_MODE << 60
  or a0, a0, a1
  csrw satp, a0
  csrr a1, satp
  CHECK_REG a1, a0
  sfence.vma
  li a0, PF_DELEG
  csrw medeleg, a0
  GOTO_S

  /* ---- translation through each page size ---- */
  TEST 10
  li a0, TVA_RW
  ld a1, 0(a0)
  CHECK a1, 0x5a00
  li a2, 0x1122
  sd a2, 8(a0)
  lla a3, tpages
  ld a1, 8(a3)
  CHECK a1, 0x1122
  TEST 11
  li a0, MEGA_VA + 0x1008
  ld a1, 0(a0)
  CHECK a1, 0x4d454741
  TEST 12
  lla a0, tpages
  li a1, ALIAS_VA - 0x80000000
  add a0, a0, a1
  ld a1, 8(a0)
  CHECK a1, 0x1122
  TEST 13
  T_PF CAUSE_LOAD_PAGE, GIGA_BAD_VA, "ld a1, 0(a0)"
  T_PF CAUSE_LOAD_PAGE, MEGA_BAD_VA, "ld a1, 0(a0)"
  T_PF CAUSE_STORE_PAGE, MEGA_BAD_VA + 8, "sd a1, 0(a0)"
  T_PF CAUSE_LOAD_PAGE, NONLEAF_VA, "ld a1, 0(a0)"
  T_PF CAUSE_LOAD_PAGE, NONCANON_VA, "ld a1, 0(a0)"
  T_PF CAUSE_STORE_PAGE, NONCANON_VA, "sd a1, 0(a0)"
#ifdef SV48
  TEST 14
  lla a0, tpages
  li a1, TERA_VA
  add a0, a0, a1
  ld a1, 8(a0)
  CHECK a1, 0x1122
  T_PF CAUSE_LOAD_PAGE, TERA_BAD_VA, "ld a1, 0(a0)"
#endif

  /* ---- page faults of each access kind ---- */
  TEST 20
  T_PF CAUSE_LOAD_PAGE, TVA_INV + 8, "ld a1, 0(a0)"
  T_PF CAUSE_STORE_PAGE, TVA_INV + 16, "sw a1, 0(a0)"
  T_PF_AMO TVA_INV, "amoadd.d a1, a1, (a0)"
  T_PF CAUSE_LOAD_PAGE, TVA_INV, "lr.d a1, (a0)"
  TEST 21
  /* fetch: sepc = stval = the target */
  li a0, TVA_INV
  EXPECT_STRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_SCAUSE CAUSE_FETCH_PAGE
  CHECK_FRAME strap_frame, TF_EPC, TVA_INV
  CHECK_FRAME strap_frame, TF_TVAL, TVA_INV
  /* fetch from a page without X */
  li a0, TVA_RW + 0x10
  EXPECT_STRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_SCAUSE CAUSE_FETCH_PAGE
  CHECK_FRAME strap_frame, TF_TVAL, TVA_RW + 0x10
  TEST 22
  /* a read-only page: loads work, stores and AMOs fault */
  li a0, TVA_RO
  ld a1, 0(a0)
  CHECK a1, 0x5a01
  T_PF CAUSE_STORE_PAGE, TVA_RO + 4, "sw a1, 0(a0)"
  T_PF CAUSE_STORE_PAGE, TVA_RO, "amoswap.d a1, a1, (a0)"
  li a0, TVA_RO
  lr.d a1, (a0)
  CHECK a1, 0x5a01
  T_PF CAUSE_STORE_PAGE, TVA_RO, "sc.d a1, a1, (a0)"
  TEST 23
  /* W without R is reserved: every access faults */
  T_PF CAUSE_LOAD_PAGE, TVA_WO, "ld a1, 0(a0)"
  T_PF CAUSE_STORE_PAGE, TVA_WO, "sd a1, 0(a0)"
  TEST 24
  /* a level-0 entry that is not a leaf */
  T_PF CAUSE_LOAD_PAGE, TVA_NL, "ld a1, 0(a0)"
  TEST 25
  /* a misaligned access whose second part is on an invalid page: the fault's tval is an
   * address within the access (the spec lets it be the start or the faulting part) */
  li a0, MEGA_BAD_VA - 4
  EXPECT_STRAP 1f
2:
  ld a1, 0(a0)
  j fail
1:
  CHECK_SCAUSE CAUSE_LOAD_PAGE
  CHECK_FRAME_ADDR strap_frame, TF_EPC, 2b
  lla t6, strap_frame
  ld t5, TF_TVAL(t6)
  li t6, MEGA_BAD_VA - 4
  beq t5, t6, 3f
  CHECK t5, MEGA_BAD_VA
3:

  /* ---- MXR and SUM ---- */
  TEST 30
  T_PF CAUSE_LOAD_PAGE, TVA_XO, "ld a1, 0(a0)"
  li a0, MSTATUS_MXR
  csrs sstatus, a0
  li a0, TVA_XO
  ld a1, 0(a0)
  CHECK a1, 0x5a03
  T_PF CAUSE_STORE_PAGE, TVA_XO, "sd a1, 0(a0)"
  li a0, MSTATUS_MXR
  csrc sstatus, a0
  TEST 31
  T_PF CAUSE_LOAD_PAGE, TVA_U, "ld a1, 0(a0)"
  T_PF CAUSE_STORE_PAGE, TVA_U, "sd a1, 0(a0)"
  li a0, MSTATUS_SUM
  csrs sstatus, a0
  li a0, TVA_U
  ld a1, 0(a0)
  CHECK a1, 0x5a04
  li a1, 0x4444
  sd a1, 8(a0)
  ld a1, 8(a0)
  CHECK a1, 0x4444
  TEST 32
  /* S-mode never executes from a U page, SUM or not */
  li a0, TVA_UCODE
  EXPECT_STRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  CHECK_SCAUSE CAUSE_FETCH_PAGE
  CHECK_FRAME strap_frame, TF_TVAL, TVA_UCODE
  li a0, MSTATUS_SUM
  csrc sstatus, a0

  /* ---- U-mode ---- */
  TEST 40
  /* the U routine loads 0(a2), stores a3 at 8(a2), then ecalls (delegated to S) */
  li a2, TVA_U
  li a3, 0x7777
  li a0, TVA_UCODE
  csrw sepc, a0
  li a0, MSTATUS_SPP
  csrc sstatus, a0
  EXPECT_STRAP 1f
  sret
  j fail
1:
  CHECK_SCAUSE CAUSE_ECALL_U
  CHECK_FRAME strap_frame, TF_EPC, TVA_UCODE + 8
  CHECK a1, 0x5a04
  lla a0, tpages + 0x4000
  ld a1, 8(a0)
  CHECK a1, 0x7777
  TEST 41
  /* U cannot load from an S page, even with SUM */
  li a0, MSTATUS_SUM
  csrs sstatus, a0
  li a2, TVA_RW
  li a0, TVA_UCODE
  csrw sepc, a0
  li a0, MSTATUS_SPP
  csrc sstatus, a0
  EXPECT_STRAP 1f
  sret
  j fail
1:
  CHECK_SCAUSE CAUSE_LOAD_PAGE
  CHECK_FRAME strap_frame, TF_EPC, TVA_UCODE
  CHECK_FRAME strap_frame, TF_TVAL, TVA_RW
  li a0, MSTATUS_SUM
  csrc sstatus, a0
  TEST 42
  /* U cannot execute an S page */
  lla a0, 2f
  csrw sepc, a0
  li a0, MSTATUS_SPP
  csrc sstatus, a0
  EXPECT_STRAP 1f
  sret
2:
  j fail
1:
  CHECK_SCAUSE CAUSE_FETCH_PAGE
  CHECK_FRAME_ADDR strap_frame, TF_EPC, 2b
  CHECK_FRAME_ADDR strap_frame, TF_TVAL, 2b

  /* ---- A and D are set by the hardware ---- */
  TEST 50
  PTE_FLAGS pt_l0, 2
  CHECK t5, PTE_V | PTE_R | PTE_W
  li a0, TVA_AD
  ld a1, 0(a0)
  CHECK a1, 0x5a02
  PTE_FLAGS pt_l0, 2
  CHECK t5, PTE_V | PTE_R | PTE_W | PTE_A
  sd a1, 8(a0)
  PTE_FLAGS pt_l0, 2
  CHECK t5, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  TEST 51
  /* a store to a page with A but without D sets D */
  li a0, TVA_D
  ld a1, 0(a0)
  PTE_FLAGS pt_l0, 9
  CHECK t5, PTE_V | PTE_R | PTE_W | PTE_A
  sw a1, 16(a0)
  PTE_FLAGS pt_l0, 9
  CHECK t5, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  TEST 52
  /* a store that faults sets neither bit */
  PTE_FLAGS pt_l0, 1
  CHECK t5, PTE_V | PTE_R | PTE_A
  T_PF CAUSE_STORE_PAGE, TVA_RO + 8, "sd a1, 0(a0)"
  PTE_FLAGS pt_l0, 1
  CHECK t5, PTE_V | PTE_R | PTE_A

  /* ---- sfence.vma ---- */
  TEST 60
  li a0, TVA_SF
  ld a1, 0(a0)
  CHECK a1, 0x5a0a
  /* point it at another page, then fence that address */
  PTE_L pt_l0, 10, tpages + 0xb000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  sfence.vma a0, zero
  li a0, TVA_SF
  ld a1, 0(a0)
  CHECK a1, 0x5a0b
  /* invalidate it, then fence everything */
  lla t1, pt_l0
  sd zero, (10 * 8)(t1)
  sfence.vma
  T_PF CAUSE_LOAD_PAGE, TVA_SF, "ld a1, 0(a0)"
  PTE_L pt_l0, 10, tpages + 0xa000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  sfence.vma
  li a0, TVA_SF
  ld a1, 0(a0)
  CHECK a1, 0x5a0a
  TEST 61
  /* an executable page made valid after a fetch fault */
  lla t1, pt_l0
  sd zero, (12 * 8)(t1)
  sfence.vma
  li a0, TVA_X2 - 2
  EXPECT_STRAP 1f
  jalr ra, 0(a0)
  j fail
1:
  /* an instruction across two pages: epc is its start, tval the part that faulted */
  CHECK_SCAUSE CAUSE_FETCH_PAGE
  CHECK_FRAME strap_frame, TF_EPC, TVA_X2 - 2
  CHECK_FRAME strap_frame, TF_TVAL, TVA_X2
  PTE_L pt_l0, 12, xpages + 0x1000, PTE_V | PTE_R | PTE_X | PTE_A
  sfence.vma
  li a1, TVA_X2 - 2
  li a0, 41
  jalr ra, 0(a1)
  CHECK a0, 42

  /* ---- MPRV: M-mode loads and stores with the translation of MPP ---- */
  TEST 70
  GOTO_M
  li a0, MSTATUS_MPRV | MSTATUS_MPP
  csrc mstatus, a0
  li a0, MSTATUS_MPRV | MSTATUS_MPP_S
  csrs mstatus, a0
  li a0, TVA_RW
  ld a1, 0(a0)
  li a2, MSTATUS_MPRV
  csrc mstatus, a2
  CHECK a1, 0x5a00
  TEST 71
  /* with MPP = S, a U page needs SUM; the fault is taken in M (never delegated from M) */
  li a0, TVA_U
  EXPECT_MTRAP 1f
  li t3, MSTATUS_MPRV
  csrs mstatus, t3
2:
  ld a1, 0(a0)
  j fail
1:
  CHECK_MTRAP CAUSE_LOAD_PAGE, 2b, TVA_U
  li a0, MSTATUS_MPRV | MSTATUS_SUM
  csrs mstatus, a0
  li a0, TVA_U
  ld a1, 0(a0)
  li a2, MSTATUS_MPRV | MSTATUS_SUM
  csrc mstatus, a2
  CHECK a1, 0x5a04
  TEST 72
  /* with MPP = U, S pages fault and U pages work */
  li a0, MSTATUS_MPP
  csrc mstatus, a0
  li a0, TVA_U
  li a2, TVA_RW
  EXPECT_MTRAP 1f
  li t3, MSTATUS_MPRV
  csrs mstatus, t3
  ld a1, 0(a0)
2:
  sd a1, 0(a2)
  j fail
1:
  CHECK_MTRAP CAUSE_STORE_PAGE, 2b, TVA_RW
  CHECK a1, 0x5a04
  csrw medeleg, zero
  csrw satp, zero
  sfence.vma
  j pass
.endm

/* The U-mode routine, alone in its page. */
.macro PAGING_UCODE
  .text
  .align 12
ucode:
  ld a1, 0(a2)
  sd a3, 8(a2)
ucode_ecall:
  ecall
  j ucode
  .align 12
.endm

.macro PAGING_DATA
  .data
  .align 12
pt_l3:
  .fill 4096, 1, 0
pt_l2:
  .fill 4096, 1, 0
pt_l1:
  .fill 4096, 1, 0
pt_l0:
  .fill 4096, 1, 0
pt_nl:
  .fill 4096, 1, 0
tpages:
  .fill 13 * 4096, 1, 0
xpages:
  .fill 2 * 4096, 1, 0
  .bss
  .align 21
mega:
  .fill 0x200000, 1, 0
.endm

#endif

/* hart.h: one RV64GC hardware thread — registers, CSRs, TLB, and its run loop.
 *
 * A hart runs on its own host thread (pvm_hart_run()). Other threads (devices, other harts,
 * the VMM's control loop) talk to it only through the atomic fields marked "shared":
 * mip bits, the request flags, and the wake condition. Everything else belongs to the hart
 * thread alone while it runs.
 */
#pragma once

#include <glib.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/pvm-compiler.h"
#include "hv/cpu/tlb.h"

typedef struct PvmMachine PvmMachine;
typedef struct PvmBlockCache PvmBlockCache;
typedef struct PvmHart PvmHart;
typedef struct PvmVmState PvmVmState;

enum {
  PVM_PRIV_U = 0,
  PVM_PRIV_S = 1,
  PVM_PRIV_M = 3,
};

/* How far PvmHart.chain_gen advances; its low bits below this hold the fetch privilege. */
#define PVM_CHAIN_GEN_STEP 4

/* Exception causes (mcause with the interrupt bit clear). */
enum {
  PVM_EXC_INSN_MISALIGNED = 0,
  PVM_EXC_INSN_ACCESS = 1,
  PVM_EXC_ILLEGAL_INSN = 2,
  PVM_EXC_BREAKPOINT = 3,
  PVM_EXC_LOAD_MISALIGNED = 4,
  PVM_EXC_LOAD_ACCESS = 5,
  PVM_EXC_STORE_MISALIGNED = 6,
  PVM_EXC_STORE_ACCESS = 7,
  PVM_EXC_ECALL_U = 8,
  PVM_EXC_ECALL_S = 9,
  PVM_EXC_ECALL_M = 11,
  PVM_EXC_INSN_PAGE_FAULT = 12,
  PVM_EXC_LOAD_PAGE_FAULT = 13,
  PVM_EXC_STORE_PAGE_FAULT = 15,
};

/* Interrupt numbers (bit positions in mip/mie). */
enum {
  PVM_IRQ_S_SOFT = 1,
  PVM_IRQ_M_SOFT = 3,
  PVM_IRQ_S_TIMER = 5,
  PVM_IRQ_M_TIMER = 7,
  PVM_IRQ_S_EXT = 9,
  PVM_IRQ_M_EXT = 11,
};

#define PVM_MIP_SSIP (1ull << PVM_IRQ_S_SOFT)
#define PVM_MIP_MSIP (1ull << PVM_IRQ_M_SOFT)
#define PVM_MIP_STIP (1ull << PVM_IRQ_S_TIMER)
#define PVM_MIP_MTIP (1ull << PVM_IRQ_M_TIMER)
#define PVM_MIP_SEIP (1ull << PVM_IRQ_S_EXT)
#define PVM_MIP_MEIP (1ull << PVM_IRQ_M_EXT)

/* mstatus bits. */
#define PVM_MSTATUS_SIE (1ull << 1)
#define PVM_MSTATUS_MIE (1ull << 3)
#define PVM_MSTATUS_SPIE (1ull << 5)
#define PVM_MSTATUS_UBE (1ull << 6)
#define PVM_MSTATUS_MPIE (1ull << 7)
#define PVM_MSTATUS_SPP (1ull << 8)
#define PVM_MSTATUS_MPP_SHIFT 11
#define PVM_MSTATUS_MPP (3ull << 11)
#define PVM_MSTATUS_FS_SHIFT 13
#define PVM_MSTATUS_FS (3ull << 13)
#define PVM_MSTATUS_MPRV (1ull << 17)
#define PVM_MSTATUS_SUM (1ull << 18)
#define PVM_MSTATUS_MXR (1ull << 19)
#define PVM_MSTATUS_TVM (1ull << 20)
#define PVM_MSTATUS_TW (1ull << 21)
#define PVM_MSTATUS_TSR (1ull << 22)
#define PVM_MSTATUS_UXL (3ull << 32)
#define PVM_MSTATUS_SXL (3ull << 34)
#define PVM_MSTATUS_SD (1ull << 63)

#define PVM_FS_OFF 0
#define PVM_FS_INITIAL 1
#define PVM_FS_CLEAN 2
#define PVM_FS_DIRTY 3

#define PVM_PMP_COUNT 16

/* Bits of PvmHart.requests: work another thread asks the hart to do at its next block boundary. */
enum {
  PVM_HART_REQ_IRQ = 1u << 0,          /* mip changed: re-check pending interrupts */
  PVM_HART_REQ_FLUSH_TLB = 1u << 1,    /* remote SFENCE.VMA (whole TLB) */
  PVM_HART_REQ_FLUSH_ICACHE = 1u << 2, /* remote FENCE.I: drop cached blocks */
  PVM_HART_REQ_EXIT = 1u << 3,         /* leave pvm_hart_run() (machine stop, pause, reset) */
  PVM_HART_REQ_HSM = 1u << 4,          /* an HSM start/stop request is waiting */
  PVM_HART_REQ_TIMER = 1u << 5,        /* a timer compare register changed */
  PVM_HART_REQ_WFI = 1u << 6,          /* internal: the hart executed WFI and may sleep */
};

/* With hsm_state SUSPENDED: bit 31 of hsm_suspend_type set means non-retentive (the hart
 * resumes like an HSM start at hsm_start_addr with a1 = hsm_start_opaque); clear means
 * retentive (it resumes after its ECALL). Either way it sleeps until mip & mie != 0. */
#define PVM_HART_SUSPEND_NON_RETENTIVE 0x80000000u

/* One PMP entry decoded from pmpcfg/pmpaddr (derived state, rebuilt by the hart). */
typedef struct {
  uint64_t lo, hi; /* matched byte range [lo, hi); empty for an OFF entry */
  uint8_t cfg;     /* the pmpcfg byte: R, W, X, A, L */
} PvmPmpRange;

#define PVM_TLB_SUPER_MAX 8
#define PVM_TLB_SUM_MAX 16

/* SBI HSM states, which are also the hart's run states. */
typedef enum {
  PVM_HART_STARTED = 0,
  PVM_HART_STOPPED = 1,
  PVM_HART_START_PENDING = 2,
  PVM_HART_STOP_PENDING = 3,
  PVM_HART_SUSPENDED = 4,
} PvmHartState;

struct PvmHart {
  /* Integer registers; x[32] is a write sink for instructions whose rd is x0 (decode maps rd=0
   * to 32), so x[0] always reads zero without a branch. */
  uint64_t x[33];
  uint64_t f[32]; /* NaN-boxed: single-precision values live in the low 32 bits, high bits all ones */
  uint64_t pc;
  uint32_t fflags; /* accrued exception flags, 5 bits */
  uint32_t frm;    /* dynamic rounding mode, 3 bits */
  int priv;

  /* Machine-level CSRs. */
  uint64_t mstatus;
  uint64_t misa;
  uint64_t medeleg, mideleg;
  uint64_t mie;
  _Atomic uint64_t mip; /* shared: devices set and clear bits with pvm_hart_set_mip() */
  uint64_t mtvec, mscratch, mepc, mcause, mtval;
  uint64_t mcounteren, mcountinhibit, menvcfg;
  uint64_t mhartid;
  uint8_t pmpcfg[PVM_PMP_COUNT];
  uint64_t pmpaddr[PVM_PMP_COUNT];

  /* Supervisor-level CSRs (sstatus, sie, sip are views of the M registers). */
  uint64_t stvec, sscratch, sepc, scause, stval, satp;
  uint64_t scounteren, senvcfg;
  uint64_t stimecmp; /* Sstc */

  /* Timer compare, in mtime ticks: the ACLINT mtimecmp of this hart. In PV mode the SBI TIME
   * extension writes it, and it drives STIP instead of MTIP. */
  _Atomic uint64_t mtimecmp;

  uint64_t instret; /* retired instructions (minstret, instret) */

  /* The trap being raised by the instruction that returned nonzero. */
  uint64_t trap_cause, trap_tval;

  /* LR/SC reservation: SC succeeds if the reserved address still holds the value LR read. */
  uint64_t resv_addr; /* guest physical address, or UINT64_MAX if none */
  uint64_t resv_value;

  /* Translation state derived from the CSRs, recomputed by pvm_mmu_update_mode(). */
  int data_priv;      /* effective privilege for loads and stores (MPRV) */
  bool paging_fetch;  /* instruction fetch translates through satp */
  bool paging_data;   /* loads and stores translate through satp */
  PvmTlb tlb;

  PvmBlockCache *blocks;

  /* Shared with other threads. */
  _Atomic uint32_t requests;
  _Atomic int hsm_state; /* PvmHartState */
  uint64_t hsm_start_addr, hsm_start_opaque; /* written under lock before HSM start */
  GMutex lock;
  GCond wake;
  /* Set, under lock, while the hart may be waiting on wake: a request signals the condition
   * only then, so waking a running hart costs no system call. */
  _Atomic bool sleeping;
  int64_t halt_poll_ns; /* how long a WFI spins before it sleeps; see hart_wait_interrupt() */

  PvmMachine *machine;
  unsigned id;
  bool pv; /* S-mode ECALLs are answered by the hypervisor's SBI; no M-mode software runs */
  uint64_t timer_check; /* countdown of blocks until the next clock read */

  /* Hart core internals (hart.c, csr.c, trap.c, mmu.c, pmp.c). */
  uint64_t mip_sw; /* SEIP as written by M-mode software: mip reads as mip | mip_sw */
  /* mcycle = instret + mcycle_adj, minstret = instret + minstret_adj; while mcountinhibit
   * stops a counter its _adj holds the frozen value instead. */
  uint64_t mcycle_adj, minstret_adj;
  const struct PvmInsn *block_insns; /* first instruction of the block being run */
  void *jit_link; /* the link slot of the translated block's exit just taken, or NULL (jit.h) */
  /* Advanced (by PVM_CHAIN_GEN_STEP) by everything that may change which host code a pc
   * leads to: TLB flushes, translation changes, block cache flushes; its low two bits are the
   * privilege the hart fetches in. A block's cached successor is followed only while this is
   * unchanged, so a link made in one privilege is never followed in another, and a trip to
   * another privilege and back (a system call, an interrupt) keeps every link. */
  uint64_t chain_gen;
  uint32_t hsm_suspend_type;         /* with PVM_HART_SUSPENDED, written by the hart's SBI call */
  uint64_t mmu_satp, mmu_status;     /* satp and mstatus SUM|MXR the TLB was filled under */
  int mmu_priv;                      /* the privilege in chain_gen's low bits */
  PvmPmpRange pmp_range[PVM_PMP_COUNT];
  unsigned pmp_active;    /* 1 + index of the last entry that is not OFF */
  bool pmp_locked;        /* some entry has L set (M-mode accesses are checked) */
  /* Superpages (base | log2 size) with 4 KiB pieces in the TLB, so that flushing one address
   * drops the whole superpage; more than PVM_TLB_SUPER_MAX means flush everything. */
  uint64_t tlb_super[PVM_TLB_SUPER_MAX];
  unsigned tlb_n_super;
  /* S-mode load/store TLB slots holding U pages (reached with SUM), dropped when SUM is
   * cleared; more than PVM_TLB_SUM_MAX means drop all S-mode data entries. */
  uint8_t tlb_sum_slot[PVM_TLB_SUM_MAX];
  unsigned tlb_n_sum;

  /* Guest-error diagnostics (trap.c, mmu.c), not architectural state: the last exception
   * taken (cause, pc, instret) and how many times in a row it came back from inside its own
   * handler, to report a hart stuck in a trap loop once; the last unmapped access reported
   * (physical address, block pc), so that a loop on it is reported once. */
  uint64_t diag_trap_cause, diag_trap_pc, diag_trap_instret;
  unsigned diag_trap_repeats;
  uint64_t diag_unmapped_pa, diag_unmapped_pc;
};

/* Initializes @hart as hart @id of @machine, in reset state at pc 0 (see pvm_hart_reset()).
 * Allocates its block cache (an arena that costs memory only once used). */
void pvm_hart_init (PvmHart *hart, PvmMachine *machine, unsigned id, bool pv);

/* Releases what pvm_hart_init() allocated. */
void pvm_hart_clear (PvmHart *hart);

/* Puts @hart into its reset state with pc = @pc, keeping its id and machine: M-mode with
 * everything off; or in PV mode S-mode with the delegation, counter access, Sstc enable and
 * PMP an SBI firmware would set up, hart 0 STARTED and the others STOPPED (waiting for an HSM
 * start). Drops the TLB and every cached block. Only while the hart is not running. */
void pvm_hart_reset (PvmHart *hart, uint64_t pc);

/* Runs @hart on the calling thread until another thread sets PVM_HART_REQ_EXIT. Sleeps in WFI
 * and while the hart is HSM-stopped. Never returns because of anything the guest does. */
void pvm_hart_run (PvmHart *hart);

/* Runs at most @max_insns instructions (interrupts and traps taken as usual) and returns the
 * number executed, an instruction that traps included; for tests and --test-elf. Returns early
 * on PVM_HART_REQ_EXIT or while the hart is HSM-stopped. Never sleeps: a WFI just returns. */
uint64_t pvm_hart_step (PvmHart *hart, uint64_t max_insns);

/* Atomically sets (@level true) or clears the bits @mask in @hart's mip and wakes it if it
 * sleeps. Safe from any thread; never blocks for long. */
void pvm_hart_set_mip (PvmHart *hart, uint64_t mask, bool level);

/* Sets request bits @req on @hart and wakes it. Safe from any thread. */
void pvm_hart_request (PvmHart *hart, uint32_t req);

/* Raises a synchronous exception: records @cause and @tval in @hart. Returns the value a
 * hot-path function returns to signal a trap (nonzero). Never allocates. */
static inline int
pvm_hart_raise (PvmHart *hart, uint64_t cause, uint64_t tval)
{
  hart->trap_cause = cause;
  hart->trap_tval = tval;
  return 1;
}

/* Takes the trap recorded in trap_cause/trap_tval (or the interrupt @cause with the top bit set)
 * at the current pc: delegation, xEPC/xCAUSE/xTVAL, status stack, jump to xTVEC. */
void pvm_hart_take_trap (PvmHart *hart, uint64_t cause, uint64_t tval);

/* Returns the interrupt cause (with bit 63 set) that @hart must take now, or 0. */
uint64_t pvm_hart_pending_interrupt (PvmHart *hart);

/* Returns the hart's view of mtime, in timebase ticks. */
uint64_t pvm_hart_time (PvmHart *hart);

/* The hart's architectural state (registers, CSRs, timer compare, PMP, HSM state). Loading it
 * validates privilege, satp mode and pc, drops the LR reservation, the TLB and cached blocks. */
extern const PvmVmState pvm_hart_vmstate;

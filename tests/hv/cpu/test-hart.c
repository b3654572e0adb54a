/* test-hart.c: the run loop — the block cache, page-straddling fetch, WFI sleeping and waking,
 * timers, HSM, requests, reset and the state table. */
#include "hart-test.h"

#include <time.h>

#include "hv/cpu/block.h"
#include "hv/cpu/csr.h"
#include "hv/cpu/mmu.h"
#include "hv/migrate/vmstate.h"

#define CODE (TEST_RAM_BASE + 0x10000)
#define MTVEC (TEST_RAM_BASE + 0x20000)
#define MARK (TEST_RAM_BASE + 0x30000)
#define PT_ROOT (TEST_RAM_BASE + 0x40000)
#define IRQ(n) ((1ull << 63) | (n))

#define INSN_ADDI_A0_1 0x00150513u
#define INSN_ADDI_A0_2 0x00250513u
#define INSN_ADDI_A0_5 0x00550513u
#define INSN_JAL_BACK_4 0xffdff06fu /* jal x0, -4 */
#define INSN_AUIPC_A0 0x00000517u
#define INSN_LI_T0_1 0x00100293u
#define INSN_SW_T0_T1 0x00532023u /* sw t0, 0(t1) */
#define INSN_CSRR_A1_MINSTRET 0xb02025f3u
#define INSN_FENCE_I 0x0000100fu
#define INSN_JR_T4 0x000e8067u /* jalr x0, 0(t4) */
#define INSN_BNE_X0_T0_8 0x00501463u
#define INSN_C_NOP 0x0001u
#define SBI_EXT_HSM 0x48534dull

typedef HartFixture Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  hart_fixture_set_up (f, false);
  f->hart->mtvec = MTVEC;
  HART_TEST_CODE (f, MTVEC, INSN_JAL_SELF);
}

static void
fixture_pv_set_up (Fixture *f, gconstpointer data)
{
  hart_fixture_set_up (f, true);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  hart_fixture_tear_down (f);
}

static void
enter (PvmHart *h, int priv, uint64_t pc)
{
  h->priv = priv;
  h->pc = pc;
  pvm_mmu_update_mode (h);
}

static const PvmBlock *
block_at (Fixture *f, uint64_t pa)
{
  return pvm_block_lookup (f->hart, hart_test_ram (f, pa), pa);
}

static uint32_t
mark (Fixture *f)
{
  return __atomic_load_n ((uint32_t *) hart_test_ram (f, MARK), __ATOMIC_ACQUIRE);
}

static bool
wait_for_mark (Fixture *f, gint64 timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;
  while (!mark (f))
    if (g_get_monotonic_time () > end)
      return false;
    else
      g_usleep (200);
  return true;
}

static gint64
cpu_time_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gpointer
run_thread (gpointer data)
{
  pvm_hart_run (data);
  return NULL;
}

static void
stop_thread (PvmHart *h, GThread *thread)
{
  pvm_hart_request (h, PVM_HART_REQ_EXIT);
  g_thread_join (thread);
}

/* ---- reset ---- */

static void
test_reset_state (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  pvm_hart_reset (h, 0x1000);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
  g_assert_cmphex (h->pc, ==, 0x1000);
  g_assert_cmphex (h->mstatus, ==, (2ull << 32) | (2ull << 34));
  g_assert_cmphex (h->misa, ==, (2ull << 62) | 0x14112d);
  g_assert_cmphex (h->medeleg | h->mideleg | h->mie | h->satp, ==, 0);
  g_assert_cmpint (atomic_load (&h->hsm_state), ==, PVM_HART_STARTED);
  g_assert_cmpint (atomic_load (&f->machine->harts[1].hsm_state), ==, PVM_HART_STARTED);
  g_assert_cmphex (h->resv_addr, ==, UINT64_MAX);
}

static void
test_pv_reset_state (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  g_assert_cmpint (h->priv, ==, PVM_PRIV_S);
  g_assert_cmpint (atomic_load (&h->hsm_state), ==, PVM_HART_STARTED);
  g_assert_cmpint (atomic_load (&f->machine->harts[1].hsm_state), ==, PVM_HART_STOPPED);
  /* S-mode may use all of memory. */
  uint64_t v;
  g_assert_cmpint (pvm_mem_load64 (h, TEST_RAM_BASE, &v), ==, 0);
}

/* ---- the block cache ---- */

static void
test_blocks_end_at_jumps_csrs_and_the_page_end (Fixture *f, gconstpointer data)
{
  HART_TEST_CODE (f, CODE, INSN_NOP, INSN_BNE_X0_T0_8, INSN_NOP, INSN_JAL_SELF, INSN_NOP);
  const PvmBlock *b = block_at (f, CODE);
  g_assert_cmpuint (b->n_insns, ==, 4);
  g_assert_cmpuint (b->len, ==, 16);
  g_assert_cmpuint (b->insns[3].pc_off, ==, 12);
  g_assert_true (b->insns[0].fn == pvm_exec_table[PVM_OP_ADDI]);
  g_assert_true (block_at (f, CODE) == b);

  HART_TEST_CODE (f, CODE + 0x100, INSN_NOP, INSN_CSRR_A1_MINSTRET, INSN_NOP);
  g_assert_cmpuint (block_at (f, CODE + 0x100)->n_insns, ==, 2);
  HART_TEST_CODE (f, CODE + 0x200, INSN_NOP, 0 /* illegal */, INSN_NOP);
  g_assert_cmpuint (block_at (f, CODE + 0x200)->n_insns, ==, 2);
  HART_TEST_CODE (f, CODE + 0x300, INSN_C_NOP, INSN_C_NOP, INSN_NOP, INSN_ECALL);
  b = block_at (f, CODE + 0x300);
  g_assert_cmpuint (b->n_insns, ==, 4);
  g_assert_cmpuint (b->len, ==, 12);

  HART_TEST_CODE (f, CODE + 0xff8, INSN_NOP, INSN_NOP, INSN_NOP);
  b = block_at (f, CODE + 0xff8);
  g_assert_cmpuint (b->n_insns, ==, 2);
  g_assert_cmpuint (b->len, ==, 8);
  /* A 4-byte instruction straddling the page end is never cached. */
  HART_TEST_CODE (f, CODE + 0x1ff6, INSN_NOP, INSN_C_NOP, INSN_C_NOP, INSN_NOP);
  b = block_at (f, CODE + 0x1ff6);
  g_assert_cmpuint (b->n_insns, ==, 3);
  g_assert_cmpuint (b->len, ==, 8);
  g_assert_null (block_at (f, CODE + 0x1ffe));

  for (unsigned i = 0; i < 100; i++)
    HART_TEST_CODE (f, CODE + 0x400 + 4 * i, INSN_NOP);
  b = block_at (f, CODE + 0x400);
  g_assert_cmpuint (b->n_insns, ==, PVM_BLOCK_MAX_INSNS);
  g_assert_cmpuint (b->len, ==, 4 * PVM_BLOCK_MAX_INSNS);
}

static void
test_cached_code_changes_only_after_fence_i (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_ADDI_A0_1, INSN_JAL_BACK_4);
  HART_TEST_CODE (f, CODE + 0x100, INSN_FENCE_I, INSN_JR_T4);
  h->x[REG_T4] = CODE;
  enter (h, PVM_PRIV_M, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 10), ==, 10);
  g_assert_cmpuint (h->x[REG_A0], ==, 5);
  const PvmBlock *b = block_at (f, CODE);

  /* A store to the code is not seen without FENCE.I. */
  HART_TEST_CODE (f, CODE, INSN_ADDI_A0_2);
  g_assert_cmpuint (pvm_hart_step (h, 10), ==, 10);
  g_assert_cmpuint (h->x[REG_A0], ==, 10);

  /* The guest's FENCE.I makes it visible. */
  h->pc = CODE + 0x100;
  g_assert_cmpuint (pvm_hart_step (h, 12), ==, 12);
  g_assert_cmphex (h->pc, ==, CODE);
  g_assert_cmpuint (h->x[REG_A0], ==, 20);
  g_assert_true (block_at (f, CODE) != b);

  /* After a flush, a block whose code did not change is used again. */
  b = block_at (f, CODE);
  pvm_block_cache_flush (h);
  g_assert_true (block_at (f, CODE) == b);
  pvm_hart_request (h, PVM_HART_REQ_FLUSH_ICACHE);
  HART_TEST_CODE (f, CODE, INSN_ADDI_A0_5);
  g_assert_cmpuint (pvm_hart_step (h, 2), ==, 2);
  g_assert_cmpuint (h->x[REG_A0], ==, 25);
}

static void
map_4k (Fixture *f, uint64_t va, uint64_t pa)
{
  uint64_t *root = (uint64_t *) hart_test_ram (f, PT_ROOT);
  uint64_t *l1 = (uint64_t *) hart_test_ram (f, PT_ROOT + 0x1000);
  uint64_t *l0 = (uint64_t *) hart_test_ram (f, PT_ROOT + 0x2000);
  g_assert_cmpuint (va >> 21, ==, 0);
  root[0] = ((PT_ROOT + 0x1000) >> 12) << 10 | 1;
  l1[0] = ((PT_ROOT + 0x2000) >> 12) << 10 | 1;
  l0[va >> 12] = (pa >> 12) << 10 | 0xcf; /* V R W X A D */
}

static void
paging_on (Fixture *f)
{
  PvmHart *h = f->hart;
  h->pmpaddr[0] = (1ull << 54) - 1;
  g_assert_cmpint (pvm_csr_write (h, PVM_CSR_PMPCFG0, 0x1f), ==, 0);
  h->satp = 8ull << 60 | PT_ROOT >> 12;
  enter (h, PVM_PRIV_S, 0);
}

static void
test_virtual_aliases_share_a_block (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_AUIPC_A0, INSN_JAL_SELF);
  map_4k (f, 0x10000, CODE);
  map_4k (f, 0x20000, CODE);
  paging_on (f);
  h->pc = 0x10000;
  g_assert_cmpuint (pvm_hart_step (h, 2), ==, 2);
  g_assert_cmphex (h->x[REG_A0], ==, 0x10000);
  g_assert_cmphex (h->pc, ==, 0x10004);
  const PvmBlock *b = block_at (f, CODE);
  h->pc = 0x20000;
  g_assert_cmpuint (pvm_hart_step (h, 2), ==, 2);
  g_assert_cmphex (h->x[REG_A0], ==, 0x20000);
  g_assert_cmphex (h->pc, ==, 0x20004);
  g_assert_true (block_at (f, CODE) == b);
}

static void
test_a_remembered_successor_does_not_outlive_sfence (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, 0x0000106f /* jal x0, +0x1000 */);
  HART_TEST_CODE (f, CODE + 0x2000, INSN_ADDI_A0_1, 0xffdfe06f /* jal x0, -0x1004 */);
  HART_TEST_CODE (f, CODE + 0x3000, INSN_ADDI_A0_5, 0xffdfe06f);
  map_4k (f, 0x10000, CODE);
  map_4k (f, 0x11000, CODE + 0x2000);
  paging_on (f);
  h->pc = 0x10000;
  g_assert_cmpuint (pvm_hart_step (h, 6), ==, 6);
  g_assert_cmpuint (h->x[REG_A0], ==, 2);
  g_assert_cmphex (h->pc, ==, 0x10000);
  /* Map the target page elsewhere: once flushed, the jump must lead to the new code. */
  map_4k (f, 0x11000, CODE + 0x3000);
  pvm_mmu_flush_page (h, 0x11000);
  g_assert_cmpuint (pvm_hart_step (h, 6), ==, 6);
  g_assert_cmpuint (h->x[REG_A0], ==, 12);
  /* A change of privilege drops the links too: U-mode may not run these S pages. */
  enter (h, PVM_PRIV_U, 0x10000);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_INSN_PAGE_FAULT);
  g_assert_cmphex (h->mtval, ==, 0x10000);
}

static void
test_a_remembered_successor_outlives_a_trip_to_user_mode (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, 0x0000106f /* jal x0, +0x1000 */);
  HART_TEST_CODE (f, CODE + 0x2000, INSN_ADDI_A0_1, 0xffdfe06f /* jal x0, -0x1004 */);
  HART_TEST_CODE (f, CODE + 0x3000, INSN_ADDI_A0_5, INSN_JAL_SELF);
  map_4k (f, 0x10000, CODE);
  map_4k (f, 0x11000, CODE + 0x2000);
  map_4k (f, 0x12000, CODE + 0x3000);
  uint64_t *l0 = (uint64_t *) hart_test_ram (f, PT_ROOT + 0x2000);
  l0[0x12] |= 0x10; /* U */
  paging_on (f);
  h->pc = 0x10000;
  g_assert_cmpuint (pvm_hart_step (h, 6), ==, 6);
  const PvmBlock *from = block_at (f, CODE), *to = block_at (f, CODE + 0x2000);
  h->pc = 0x11000;
  g_assert_true (pvm_block_linked (h, from) == to);

  /* A system call's round trip (U-mode code, then S again) keeps S-mode's links... */
  enter (h, PVM_PRIV_U, 0x12000);
  g_assert_cmpuint (pvm_hart_step (h, 2), ==, 2);
  g_assert_cmpuint (h->x[REG_A0], ==, 7);
  h->pc = 0x11000;
  g_assert_null (pvm_block_linked (h, from)); /* ...never followed in U-mode... */
  enter (h, PVM_PRIV_S, 0x11000);
  g_assert_true (pvm_block_linked (h, from) == to); /* ...and valid again in S-mode. */
  g_assert_cmpuint (pvm_hart_step (h, 4), ==, 4);
  g_assert_cmpuint (h->x[REG_A0], ==, 9);
}

static void
test_an_instruction_straddling_pages_is_fetched_in_two_halves (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  /* Bare: the two halves are in consecutive physical pages. */
  HART_TEST_CODE (f, CODE + 0xffe, INSN_ADDI_A0_5, INSN_JAL_SELF);
  enter (h, PVM_PRIV_M, CODE + 0xffe);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpuint (h->x[REG_A0], ==, 5);
  g_assert_cmphex (h->pc, ==, CODE + 0x1002);
  g_assert_cmpuint (h->instret, ==, 1);

  /* Paged: the second page is elsewhere in memory, then not mapped at all. */
  memcpy (hart_test_ram (f, CODE + 0x5000), hart_test_ram (f, CODE + 0x1000), 6);
  memset (hart_test_ram (f, CODE + 0x1000), 0, 6);
  map_4k (f, 0x10000, CODE);
  map_4k (f, 0x11000, CODE + 0x5000);
  paging_on (f);
  h->pc = 0x10ffe;
  g_assert_cmpuint (pvm_hart_step (h, 2), ==, 2);
  g_assert_cmpuint (h->x[REG_A0], ==, 10);
  g_assert_cmphex (h->pc, ==, 0x11002);

  ((uint64_t *) hart_test_ram (f, PT_ROOT + 0x2000))[0x11] = 0;
  pvm_mmu_flush (h);
  h->pc = 0x10ffe;
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_INSN_PAGE_FAULT);
  g_assert_cmphex (h->mtval, ==, 0x11000);
  g_assert_cmphex (h->mepc, ==, 0x10ffe);
  g_assert_cmpuint (h->x[REG_A0], ==, 10);
}

static void
test_fetch_faults_report_the_pc (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  map_4k (f, 0x10000, CODE);
  paging_on (f);
  h->pc = 0x30000;
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_INSN_PAGE_FAULT);
  g_assert_cmphex (h->mtval, ==, 0x30000);
  g_assert_cmphex (h->mepc, ==, 0x30000);
  enter (h, PVM_PRIV_M, 0x1000);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_INSN_ACCESS);
  g_assert_cmphex (h->mtval, ==, 0x1000);
}

static void
test_instret_counts_retired_instructions (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_NOP, INSN_C_NOP, INSN_NOP, INSN_CSRR_A1_MINSTRET, INSN_NOP,
                  INSN_ECALL);
  enter (h, PVM_PRIV_M, CODE);
  h->instret = 100;
  g_assert_cmpuint (pvm_hart_step (h, 6), ==, 6);
  g_assert_cmpuint (h->x[REG_A1], ==, 103);
  g_assert_cmpuint (h->instret, ==, 105);
  g_assert_cmphex (h->mcause, ==, PVM_EXC_ECALL_M);
  /* Stopping in the middle of a block resumes there. */
  enter (h, PVM_PRIV_M, CODE);
  g_assert_cmpuint (pvm_hart_step (h, 2), ==, 2);
  g_assert_cmphex (h->pc, ==, CODE + 6);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->pc, ==, CODE + 10);
}

/* ---- requests ---- */

static void
test_requests_are_handled_at_block_boundaries (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_JAL_SELF);
  enter (h, PVM_PRIV_M, CODE);
  uint64_t v;
  g_assert_cmpint (pvm_mem_load64 (h, MARK, &v), ==, 0);
  const PvmTlbEntry *e = &h->tlb.load[2][(MARK >> 12) & (PVM_TLB_SIZE - 1)];
  g_assert_cmphex (e->tag, ==, MARK);
  pvm_hart_request (h, PVM_HART_REQ_FLUSH_TLB);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (e->tag, ==, PVM_TLB_INVALID);
  pvm_hart_request (h, PVM_HART_REQ_EXIT);
  g_assert_cmpuint (pvm_hart_step (h, 10), ==, 0);
  g_assert_cmpuint (pvm_hart_step (h, 10), ==, 10);
}

/* ---- WFI and timers ---- */

static void
put_wfi_program (Fixture *f)
{
  HART_TEST_CODE (f, CODE, INSN_WFI, INSN_LI_T0_1, INSN_SW_T0_T1, INSN_JAL_SELF);
  f->hart->x[REG_T1] = MARK;
  enter (f->hart, PVM_PRIV_M, CODE);
}

static void
test_wfi_sleeps_until_an_interrupt_is_pending (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  put_wfi_program (f);
  h->mie = PVM_MIP_MSIP; /* enabled in mie, not globally: WFI wakes, no trap */
  gint64 cpu0 = cpu_time_us ();
  GThread *thread = g_thread_new ("hart", run_thread, h);
  g_usleep (200000);
  gint64 cpu = cpu_time_us () - cpu0;
  g_assert_cmpint (mark (f), ==, 0);
  /* An idle hart costs next to nothing. */
  g_assert_cmpint (cpu, <, 40000);
  /* A device interrupt that is not enabled does not wake it for good. */
  pvm_hart_set_mip (h, PVM_MIP_MEIP, true);
  g_usleep (20000);
  g_assert_cmpint (mark (f), ==, 0);
  pvm_hart_set_mip (h, PVM_MIP_MSIP, true);
  g_assert_true (wait_for_mark (f, 5 * G_USEC_PER_SEC));
  stop_thread (h, thread);
  g_assert_cmphex (h->pc, ==, CODE + 12);
  g_assert_cmpint (h->priv, ==, PVM_PRIV_M);
}

typedef struct {
  PvmHart *hart;
  atomic_bool done;
} RequestThread;

static gpointer
request_thread (gpointer data)
{
  RequestThread *r = data;

  pvm_hart_request (r->hart, PVM_HART_REQ_IRQ);
  atomic_store (&r->done, true);
  return NULL;
}

static void
test_a_request_to_a_hart_that_is_not_sleeping_takes_no_lock (Fixture *f, gconstpointer data)
{
  RequestThread r = { .hart = f->hart };

  /* The hart's lock is what a sleeping hart waits with: held here, a request that took it
   * could not return. */
  g_mutex_lock (&f->hart->lock);
  GThread *thread = g_thread_new ("request", request_thread, &r);
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (!atomic_load (&r.done) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (atomic_load (&r.done));
  g_mutex_unlock (&f->hart->lock);
  g_thread_join (thread);
  g_assert_true (atomic_load (&f->hart->requests) & PVM_HART_REQ_IRQ);
}

static void
test_wfi_wakes_at_the_timer_deadline (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  put_wfi_program (f);
  h->mie = PVM_MIP_MTIP;
  gint64 start = g_get_monotonic_time ();
  atomic_store (&h->mtimecmp, pvm_machine_time (f->machine) + PVM_MACHINE_TIMEBASE_HZ / 50);
  GThread *thread = g_thread_new ("hart", run_thread, h);
  g_assert_true (wait_for_mark (f, 5 * G_USEC_PER_SEC));
  gint64 elapsed = g_get_monotonic_time () - start;
  stop_thread (h, thread);
  g_assert_cmpint (elapsed, >=, 19000);
  g_assert_true (atomic_load (&h->mip) & PVM_MIP_MTIP);
}

static void
test_timer_interrupt_preempts_a_busy_loop (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_JAL_SELF);
  HART_TEST_CODE (f, MTVEC, INSN_LI_T0_1, INSN_SW_T0_T1, INSN_JAL_SELF);
  h->x[REG_T1] = MARK;
  enter (h, PVM_PRIV_M, CODE);
  h->mie = PVM_MIP_MTIP;
  h->mstatus |= PVM_MSTATUS_MIE;
  atomic_store (&h->mtimecmp, pvm_machine_time (f->machine) + PVM_MACHINE_TIMEBASE_HZ / 500);
  GThread *thread = g_thread_new ("hart", run_thread, h);
  g_assert_true (wait_for_mark (f, 5 * G_USEC_PER_SEC));
  stop_thread (h, thread);
  g_assert_cmphex (h->mcause, ==, IRQ (PVM_IRQ_M_TIMER));
  g_assert_cmphex (h->mepc, ==, CODE);
}

static void
test_pv_timers_drive_stip (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  HART_TEST_CODE (f, CODE, INSN_JAL_SELF);
  HART_TEST_CODE (f, CODE + 0x100, INSN_JAL_SELF);
  h->pc = CODE;
  g_usleep (1000);
  /* The SBI timer (mtimecmp). */
  atomic_store (&h->mtimecmp, 0);
  pvm_hart_request (h, PVM_HART_REQ_TIMER);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (atomic_load (&h->mip), ==, PVM_MIP_STIP);
  atomic_store (&h->mtimecmp, UINT64_MAX);
  pvm_hart_request (h, PVM_HART_REQ_TIMER);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (atomic_load (&h->mip), ==, 0);
  /* Sstc: stimecmp, written by S-mode. */
  g_assert_cmpint (pvm_csr_write (h, PVM_CSR_STIMECMP, 1), ==, 0);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (atomic_load (&h->mip), ==, PVM_MIP_STIP);
  /* Taken when enabled. */
  h->stvec = CODE + 0x100;
  g_assert_cmpint (pvm_csr_write (h, PVM_CSR_SIE, PVM_MIP_STIP), ==, 0);
  g_assert_cmpint (pvm_csr_write (h, PVM_CSR_SSTATUS, PVM_MSTATUS_SIE), ==, 0);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->scause, ==, IRQ (PVM_IRQ_S_TIMER));
}

/* ---- HSM ---- */

static void
sbi_hsm_call (Fixture *f, PvmHart *h, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
  uint64_t at = CODE + 0x800 + 0x10 * h->id;
  HART_TEST_CODE (f, at, INSN_ECALL, INSN_JAL_SELF);
  h->x[REG_A7] = SBI_EXT_HSM;
  h->x[16] = fid;
  h->x[REG_A0] = a0;
  h->x[REG_A1] = a1;
  h->x[REG_A2] = a2;
  enter (h, PVM_PRIV_S, at);
  g_assert_cmpuint (pvm_hart_step (h, 1), ==, 1);
  g_assert_cmphex (h->pc, ==, at + 4);
  g_assert_cmpint ((int64_t) h->x[REG_A0], ==, 0);
}

static void
test_pv_hsm_starts_and_stops_a_hart (Fixture *f, gconstpointer data)
{
  PvmHart *h0 = &f->machine->harts[0], *h1 = &f->machine->harts[1];
  HART_TEST_CODE (f, CODE, INSN_JAL_SELF);
  g_assert_cmpuint (pvm_hart_step (h1, 10), ==, 0);

  h1->satp = 8ull << 60;
  h1->mstatus |= PVM_MSTATUS_SIE;
  sbi_hsm_call (f, h0, 0, 1, CODE, 0x1234);
  g_assert_cmpint (atomic_load (&h1->hsm_state), ==, PVM_HART_START_PENDING);
  g_assert_cmpuint (pvm_hart_step (h1, 1), ==, 1);
  g_assert_cmpint (atomic_load (&h1->hsm_state), ==, PVM_HART_STARTED);
  g_assert_cmpint (h1->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (h1->pc, ==, CODE);
  g_assert_cmphex (h1->x[REG_A0], ==, 1);
  g_assert_cmphex (h1->x[REG_A1], ==, 0x1234);
  g_assert_cmphex (h1->satp, ==, 0);
  g_assert_false (h1->mstatus & PVM_MSTATUS_SIE);

  sbi_hsm_call (f, h1, 1, 0, 0, 0);
  g_assert_cmpuint (pvm_hart_step (h1, 10), ==, 0);
  g_assert_cmpint (atomic_load (&h1->hsm_state), ==, PVM_HART_STOPPED);
}

static void
test_pv_stopped_hart_sleeps_until_started (Fixture *f, gconstpointer data)
{
  PvmHart *h0 = &f->machine->harts[0], *h1 = &f->machine->harts[1];
  HART_TEST_CODE (f, CODE, 0x00b5a023 /* sw a1,0(a1) */, INSN_JAL_SELF);
  gint64 cpu0 = cpu_time_us ();
  GThread *thread = g_thread_new ("hart1", run_thread, h1);
  g_usleep (100000);
  g_assert_cmpint (cpu_time_us () - cpu0, <, 30000);
  /* Remote fences to a stopped hart are answered at once. */
  pvm_hart_request (h1, PVM_HART_REQ_FLUSH_TLB);
  g_usleep (10000);
  g_assert_cmpuint (atomic_load (&h1->requests) & PVM_HART_REQ_FLUSH_TLB, ==, 0);
  sbi_hsm_call (f, h0, 0, 1, CODE, MARK);
  g_assert_true (wait_for_mark (f, 5 * G_USEC_PER_SEC));
  stop_thread (h1, thread);
  g_assert_cmpint (atomic_load (&h1->hsm_state), ==, PVM_HART_STARTED);
}

/* ---- state ---- */

static void
test_state_round_trips_and_is_validated (Fixture *f, gconstpointer data)
{
  PvmHart *h = f->hart;
  GError *error = NULL;
  for (unsigned i = 1; i < 32; i++) {
    h->x[i] = 0x1000 + i;
    h->f[i] = 0x2000 + i;
  }
  h->pc = CODE + 2;
  h->priv = PVM_PRIV_S;
  h->mstatus |= PVM_MSTATUS_SUM | 1ull << PVM_MSTATUS_MPP_SHIFT;
  h->satp = 9ull << 60 | 0x80040;
  h->mie = 0x222;
  atomic_store (&h->mip, PVM_MIP_SEIP);
  atomic_store (&h->mtimecmp, 12345);
  h->pmpaddr[3] = 0x777;
  h->pmpcfg[3] = 0x1f;
  h->instret = 999;
  h->frm = 3;
  h->fflags = 0x11;

  g_autoptr (GByteArray) saved = g_byte_array_new ();
  pvm_vmstate_save (&pvm_hart_vmstate, h, saved);

  PvmMachine *other = pvm_machine_new (TEST_RAM_BASE, TEST_RAM_SIZE, 1, false, &error);
  g_assert_no_error (error);
  PvmHart *o = &other->harts[0];
  o->resv_addr = TEST_RAM_BASE;
  gsize pos = 0;
  g_assert_true (pvm_vmstate_load (&pvm_hart_vmstate, o, saved->data, saved->len, &pos, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pos, ==, saved->len);
  g_assert_cmpmem (o->x, sizeof o->x, h->x, sizeof h->x);
  g_assert_cmpmem (o->f, sizeof o->f, h->f, sizeof h->f);
  g_assert_cmphex (o->pc, ==, h->pc);
  g_assert_cmpint (o->priv, ==, PVM_PRIV_S);
  g_assert_cmphex (o->mstatus, ==, h->mstatus);
  g_assert_cmphex (o->satp, ==, h->satp);
  g_assert_cmphex (atomic_load (&o->mip), ==, PVM_MIP_SEIP);
  g_assert_cmpuint (atomic_load (&o->mtimecmp), ==, 12345);
  g_assert_cmphex (o->pmpaddr[3], ==, 0x777);
  g_assert_cmpuint (o->pmp_active, ==, 4);
  g_assert_cmpuint (o->instret, ==, 999);
  g_assert_cmpuint (o->frm, ==, 3);
  g_assert_cmpuint (o->fflags, ==, 0x11);
  g_assert_cmphex (o->resv_addr, ==, UINT64_MAX);
  g_assert_true (o->paging_data);

  /* Truncated. */
  pos = 0;
  g_assert_false (pvm_vmstate_load (&pvm_hart_vmstate, o, saved->data, saved->len - 1, &pos, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Values out of range. */
  static const struct { int priv; uint64_t satp; uint64_t pc; } bad[] = {
    { 2, 0, CODE }, { PVM_PRIV_S, 5ull << 60, CODE }, { PVM_PRIV_S, 0, CODE + 1 },
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (bad); i++) {
    h->priv = bad[i].priv;
    h->satp = bad[i].satp;
    h->pc = bad[i].pc;
    g_byte_array_set_size (saved, 0);
    pvm_vmstate_save (&pvm_hart_vmstate, h, saved);
    pos = 0;
    g_assert_false (pvm_vmstate_load (&pvm_hart_vmstate, o, saved->data, saved->len, &pos, &error));
    g_assert_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID);
    g_clear_error (&error);
  }
  pvm_machine_free (other);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/hv/cpu/hart/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_PV(path, fn) g_test_add ("/hv/cpu/hart/" path, Fixture, NULL, fixture_pv_set_up, fn, fixture_tear_down)
  ADD ("reset-puts-the-hart-in-m-mode", test_reset_state);
  ADD_PV ("pv-reset-starts-hart-0-in-s-mode-and-stops-the-others", test_pv_reset_state);
  ADD ("blocks-end-at-jumps-csrs-and-the-page-end", test_blocks_end_at_jumps_csrs_and_the_page_end);
  ADD ("cached-code-changes-only-after-fence-i", test_cached_code_changes_only_after_fence_i);
  ADD ("virtual-aliases-share-a-block", test_virtual_aliases_share_a_block);
  ADD ("a-remembered-successor-does-not-outlive-sfence", test_a_remembered_successor_does_not_outlive_sfence);
  ADD ("a-remembered-successor-outlives-a-trip-to-user-mode",
       test_a_remembered_successor_outlives_a_trip_to_user_mode);
  ADD ("an-instruction-straddling-pages-is-fetched-in-two-halves", test_an_instruction_straddling_pages_is_fetched_in_two_halves);
  ADD ("fetch-faults-report-the-pc", test_fetch_faults_report_the_pc);
  ADD ("instret-counts-retired-instructions", test_instret_counts_retired_instructions);
  ADD ("requests-are-handled-at-block-boundaries", test_requests_are_handled_at_block_boundaries);
  ADD ("wfi-sleeps-until-an-interrupt-is-pending", test_wfi_sleeps_until_an_interrupt_is_pending);
  ADD ("wfi-wakes-at-the-timer-deadline", test_wfi_wakes_at_the_timer_deadline);
  ADD ("a-request-to-a-hart-that-is-not-sleeping-takes-no-lock",
       test_a_request_to_a_hart_that_is_not_sleeping_takes_no_lock);
  ADD ("timer-interrupt-preempts-a-busy-loop", test_timer_interrupt_preempts_a_busy_loop);
  ADD_PV ("pv-timers-drive-stip", test_pv_timers_drive_stip);
  ADD_PV ("pv-hsm-starts-and-stops-a-hart", test_pv_hsm_starts_and_stops_a_hart);
  ADD_PV ("pv-stopped-hart-sleeps-until-started", test_pv_stopped_hart_sleeps_until_started);
  ADD ("state-round-trips-and-is-validated", test_state_round_trips_and_is_validated);
#undef ADD
#undef ADD_PV
  return g_test_run ();
}

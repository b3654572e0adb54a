/* test-sbi.c: every SBI extension and function the hypervisor answers, called on harts built in
 * the test (no hart threads unless a case starts its own). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "hv/dev/uart16550.h"
#include "hv/machine/chardev.h"
#include "hv/machine/guest-error.h"
#include "hv/machine/machine.h"
#include "hv/pv/sbi.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 20)
#define N_HARTS 4

#define EXT_BASE 0x10
#define EXT_TIME 0x54494D45
#define EXT_IPI 0x735049
#define EXT_RFENCE 0x52464E43
#define EXT_HSM 0x48534D
#define EXT_SRST 0x53525354
#define EXT_DBCN 0x4442434E
#define EXT_PMU 0x504D55

#define FENCES (PVM_HART_REQ_FLUSH_TLB | PVM_HART_REQ_FLUSH_ICACHE)

typedef struct {
  PvmMachine *machine;
  PvmChardev *chr;
  int out[2]; /* what the console writes */
  int in[2];  /* what the console reads */
} Fixture;

typedef struct {
  int64_t error;
  uint64_t value;
} Ret;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PvmIrqLine no_line = { 0 };

  f->machine = pvm_machine_new (RAM_BASE, RAM_SIZE, N_HARTS, true, &error);
  g_assert_no_error (error);
  for (unsigned i = 0; i < N_HARTS; i++)
    atomic_store (&f->machine->harts[i].hsm_state, i == 0 ? PVM_HART_STARTED : PVM_HART_STOPPED);

  g_assert_cmpint (pipe2 (f->out, O_CLOEXEC), ==, 0);
  g_assert_cmpint (pipe2 (f->in, O_CLOEXEC), ==, 0);
  f->chr = pvm_chardev_new_fds (f->in[0], f->out[1], f->machine->context, &error);
  g_assert_no_error (error);
  f->machine->uart = pvm_uart_new (f->machine, f->chr, &no_line, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_machine_free (f->machine);
  pvm_chardev_free (f->chr);
  for (int i = 0; i < 2; i++) {
    close (f->out[i]);
    close (f->in[i]);
  }
}

static Ret
call (PvmHart *hart, uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2,
      uint64_t a3, uint64_t a4)
{
  hart->x[17] = ext;
  hart->x[16] = fid;
  hart->x[10] = a0;
  hart->x[11] = a1;
  hart->x[12] = a2;
  hart->x[13] = a3;
  hart->x[14] = a4;
  pvm_sbi_call (hart);
  return (Ret) { (int64_t) hart->x[10], hart->x[11] };
}

static PvmHart *
hart (Fixture *f, unsigned i)
{
  return &f->machine->harts[i];
}

static uint32_t
requests (Fixture *f, unsigned i)
{
  return atomic_load (&hart (f, i)->requests);
}

static void
clear_requests (Fixture *f)
{
  for (unsigned i = 0; i < N_HARTS; i++)
    atomic_store (&hart (f, i)->requests, 0);
}

/* Reads what the console wrote, waiting up to a second for @len bytes. */
static char *
console_output (Fixture *f, gsize len)
{
  GString *s = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (s->len < len && g_get_monotonic_time () < end) {
    struct pollfd p = { .fd = f->out[0], .events = POLLIN };
    char buf[256];

    g_main_context_iteration (f->machine->context, FALSE);
    if (poll (&p, 1, 10) == 1) {
      ssize_t n = read (f->out[0], buf, sizeof buf);
      if (n > 0)
        g_string_append_len (s, buf, n);
    }
  }
  return g_string_free (s, FALSE);
}

/* Types @text on the console and lets the UART take it. */
static void
console_type (Fixture *f, const char *text)
{
  g_assert_cmpint (write (f->in[1], text, strlen (text)), ==, (ssize_t) strlen (text));
  for (int i = 0; i < 50; i++) {
    g_main_context_iteration (f->machine->context, FALSE);
    g_usleep (1000);
  }
}

static void
test_base (Fixture *f, gconstpointer data)
{
  static const uint64_t present[] = { EXT_BASE, EXT_TIME, EXT_IPI, EXT_RFENCE, EXT_HSM,
                                      EXT_SRST, EXT_DBCN, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
  static const uint64_t absent[] = { EXT_PMU, 0x53555350, 0x09, 0x0f, 0x12345678,
                                     UINT64_MAX };
  Ret r;

  r = call (hart (f, 0), EXT_BASE, 0, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmphex (r.value, ==, 0x02000000);
  r = call (hart (f, 0), EXT_BASE, 1, 0, 0, 0, 0, 0);
  g_assert_cmphex (r.value, ==, 0x50564d);
  r = call (hart (f, 0), EXT_BASE, 2, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpuint (r.value, >, 0);
  for (unsigned i = 0; i < G_N_ELEMENTS (present); i++) {
    r = call (hart (f, 0), EXT_BASE, 3, present[i], 0, 0, 0, 0);
    g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
    g_assert_cmpuint (r.value, ==, 1);
  }
  for (unsigned i = 0; i < G_N_ELEMENTS (absent); i++) {
    r = call (hart (f, 0), EXT_BASE, 3, absent[i], 0, 0, 0, 0);
    g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
    g_assert_cmpuint (r.value, ==, 0);
  }
  for (uint64_t fid = 4; fid <= 6; fid++) {
    r = call (hart (f, 0), EXT_BASE, fid, 0, 0, 0, 0, 0);
    g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
    g_assert_cmpuint (r.value, ==, 0);
  }
  r = call (hart (f, 0), EXT_BASE, 7, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_NOT_SUPPORTED);
}

static void
test_unknown_extensions (Fixture *f, gconstpointer data)
{
  static const uint64_t exts[] = { EXT_PMU, 0x09, 0x0f, 0x4E41434C, 0x0A000000, UINT64_MAX };

  for (unsigned i = 0; i < G_N_ELEMENTS (exts); i++) {
    Ret r = call (hart (f, 0), exts[i], 0, 1, 2, 3, 4, 5);
    g_assert_cmpint (r.error, ==, PVM_SBI_ERR_NOT_SUPPORTED);
    g_assert_cmpuint (r.value, ==, 0);
  }
  g_assert_cmpint (call (hart (f, 0), EXT_TIME, 1, 0, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_NOT_SUPPORTED);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 1, 0, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_NOT_SUPPORTED);
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 1, 0, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_NOT_SUPPORTED);
  g_assert_cmpint (call (hart (f, 0), EXT_DBCN, 3, 0, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_NOT_SUPPORTED);
  g_assert_cmpint (call (hart (f, 0), EXT_HSM, 4, 0, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_NOT_SUPPORTED);
}

static void
test_set_timer (Fixture *f, gconstpointer data)
{
  PvmHart *h = hart (f, 1);
  Ret r;

  pvm_hart_set_mip (h, PVM_MIP_STIP, true);
  clear_requests (f);
  r = call (h, EXT_TIME, 0, 0x123456789ull, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmphex (atomic_load (&h->mtimecmp), ==, 0x123456789ull);
  g_assert_cmphex (atomic_load (&h->mip) & PVM_MIP_STIP, ==, 0);
  g_assert_cmphex (requests (f, 1) & PVM_HART_REQ_TIMER, !=, 0);
  g_assert_cmphex (requests (f, 0) & PVM_HART_REQ_TIMER, ==, 0);

  /* legacy set_timer: a0 is the value, a0 the result */
  pvm_hart_set_mip (h, PVM_MIP_STIP, true);
  r = call (h, 0x00, 0, UINT64_MAX, 77, 0, 0, 0);
  g_assert_cmpint (r.error, ==, 0);
  g_assert_cmpuint (r.value, ==, 77);
  g_assert_cmphex (atomic_load (&h->mtimecmp), ==, UINT64_MAX);
  g_assert_cmphex (atomic_load (&h->mip) & PVM_MIP_STIP, ==, 0);
}

static uint64_t
ssip_set (Fixture *f)
{
  uint64_t set = 0;

  for (unsigned i = 0; i < N_HARTS; i++) {
    if (atomic_load (&hart (f, i)->mip) & PVM_MIP_SSIP)
      set |= 1u << i;
    pvm_hart_set_mip (hart (f, i), PVM_MIP_SSIP, false);
  }
  return set;
}

static void
test_send_ipi (Fixture *f, gconstpointer data)
{
  ssip_set (f);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0x5, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0x5);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0x3, 1, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0x6);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0, UINT64_MAX, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0xf);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0);

  /* a hart that does not exist: nothing is sent */
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0x3, 3, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0x1, 4, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 1ull << 63, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  g_assert_cmpint (call (hart (f, 0), EXT_IPI, 0, 0x1, UINT64_MAX - 1, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  g_assert_cmphex (ssip_set (f), ==, 0);

  /* legacy clear_ipi clears the caller's SSIP */
  pvm_hart_set_mip (hart (f, 2), PVM_MIP_SSIP, true);
  g_assert_cmpint (call (hart (f, 2), 0x03, 0, 0, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0);
}

static void
test_legacy_send_ipi_reads_the_mask (Fixture *f, gconstpointer data)
{
  uint64_t mask = 0xa;

  memcpy (f->machine->ram + 0x100, &mask, sizeof mask);
  ssip_set (f);
  g_assert_cmpint (call (hart (f, 0), 0x04, 0, RAM_BASE + 0x100, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0xa);
  g_assert_cmpint (call (hart (f, 0), 0x04, 0, 0, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmphex (ssip_set (f), ==, 0xf);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, "*hart mask*");
  g_assert_cmpint (call (hart (f, 0), 0x04, 0, 0x10, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_ADDRESS);
  g_test_assert_expected_messages ();
  g_assert_cmphex (ssip_set (f), ==, 0);
}

static void
test_rfence_stopped_harts_need_no_wait (Fixture *f, gconstpointer data)
{
  clear_requests (f);
  g_assert_cmpint (call (hart (f, 0), EXT_RFENCE, 0, 0xe, 0, 0, 0, 0).error, ==, 0);
  for (unsigned i = 1; i < N_HARTS; i++)
    g_assert_cmphex (requests (f, i) & FENCES, ==, PVM_HART_REQ_FLUSH_ICACHE);
  clear_requests (f);
  g_assert_cmpint (call (hart (f, 0), EXT_RFENCE, 1, 0, UINT64_MAX, 0, 4096, 0).error, ==, 0);
  for (unsigned i = 0; i < N_HARTS; i++)
    g_assert_cmphex (requests (f, i) & FENCES, ==, PVM_HART_REQ_FLUSH_TLB);
  clear_requests (f);
  g_assert_cmpint (call (hart (f, 0), EXT_RFENCE, 2, 0x2, 0, 0, UINT64_MAX, 5).error, ==, 0);
  g_assert_cmphex (requests (f, 1) & FENCES, ==, PVM_HART_REQ_FLUSH_TLB);

  g_assert_cmpint (call (hart (f, 0), EXT_RFENCE, 0, 0x10, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  for (uint64_t fid = 3; fid <= 6; fid++)
    g_assert_cmpint (call (hart (f, 0), EXT_RFENCE, fid, 1, 0, 0, 0, 0).error, ==,
                     PVM_SBI_ERR_NOT_SUPPORTED);
}

typedef struct {
  PvmHart *hart;
  atomic_bool stop;
  atomic_uint served;
} Servicer;

/* Plays a running hart: takes its fence requests after a short while. */
static gpointer
servicer_thread (gpointer data)
{
  Servicer *s = data;

  while (!atomic_load (&s->stop)) {
    g_usleep (2000);
    if (atomic_load (&s->hart->requests) & FENCES) {
      atomic_fetch_add (&s->served, 1);
      atomic_fetch_and (&s->hart->requests, ~(uint32_t) FENCES);
    }
  }
  return NULL;
}

static void
test_rfence_waits_for_running_harts (Fixture *f, gconstpointer data)
{
  Servicer s = { .hart = hart (f, 2) };
  GThread *thread;

  atomic_store (&hart (f, 2)->hsm_state, PVM_HART_STARTED);
  clear_requests (f);
  thread = g_thread_new ("servicer", servicer_thread, &s);
  g_assert_cmpint (call (hart (f, 0), EXT_RFENCE, 1, 0x4, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmpuint (atomic_load (&s.served), ==, 1);
  g_assert_cmphex (requests (f, 2) & FENCES, ==, 0);
  g_assert_cmpint (call (hart (f, 0), 0x05, 0, 0, 0, 0, 0, 0).error, ==, 0);
  g_assert_cmpuint (atomic_load (&s.served), ==, 2);
  atomic_store (&s.stop, true);
  g_thread_join (thread);
}

typedef struct {
  PvmHart *hart;
  uint64_t mask;
  atomic_int *done; /* callers that returned; NULL: return at once */
} Fencer;

/* Plays a hart that makes one RFENCE call, then goes on running (taking the fences asked of it)
 * until every other caller has returned too. */
static gpointer
fencer_thread (gpointer data)
{
  Fencer *fe = data;
  Ret r = call (fe->hart, EXT_RFENCE, 0, fe->mask, 0, 0, 0, 0);

  if (fe->done) {
    atomic_fetch_add (fe->done, 1);
    while (atomic_load (fe->done) < 2) {
      atomic_fetch_and (&fe->hart->requests, ~(uint32_t) FENCES);
      g_usleep (100);
    }
  }
  return GINT_TO_POINTER ((int) r.error + 100);
}

static void
test_rfence_harts_fencing_each_other (Fixture *f, gconstpointer data)
{
  atomic_int done;
  Fencer a = { hart (f, 0), 0x2, &done }, b = { hart (f, 1), 0x1, &done };
  GThread *ta, *tb;

  atomic_store (&hart (f, 1)->hsm_state, PVM_HART_STARTED);
  for (int round = 0; round < 50; round++) {
    clear_requests (f);
    atomic_store (&done, 0);
    ta = g_thread_new ("a", fencer_thread, &a);
    tb = g_thread_new ("b", fencer_thread, &b);
    g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (ta)), ==, 100);
    g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (tb)), ==, 100);
  }
}

static void
test_rfence_gives_up_on_exit (Fixture *f, gconstpointer data)
{
  Fencer a = { hart (f, 0), 0x8, NULL };
  GThread *thread;

  atomic_store (&hart (f, 3)->hsm_state, PVM_HART_STARTED);
  clear_requests (f);
  thread = g_thread_new ("a", fencer_thread, &a);
  g_usleep (20000);
  pvm_hart_request (hart (f, 0), PVM_HART_REQ_EXIT);
  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (thread)), ==, 100);
}

static void
test_hsm_start (Fixture *f, gconstpointer data)
{
  PvmHart *h1 = hart (f, 1);
  Ret r;

  r = call (hart (f, 0), EXT_HSM, 2, 1, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, 0);
  g_assert_cmpuint (r.value, ==, PVM_HART_STOPPED);

  clear_requests (f);
  r = call (hart (f, 0), EXT_HSM, 0, 1, RAM_BASE + 0x2000, 0xabcdef, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpint (atomic_load (&h1->hsm_state), ==, PVM_HART_START_PENDING);
  g_assert_cmphex (h1->hsm_start_addr, ==, RAM_BASE + 0x2000);
  g_assert_cmphex (h1->hsm_start_opaque, ==, 0xabcdef);
  g_assert_cmphex (requests (f, 1) & PVM_HART_REQ_HSM, !=, 0);
  r = call (hart (f, 0), EXT_HSM, 2, 1, 0, 0, 0, 0);
  g_assert_cmpuint (r.value, ==, PVM_HART_START_PENDING);

  r = call (hart (f, 0), EXT_HSM, 0, 1, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_ALREADY_AVAILABLE);
  r = call (hart (f, 0), EXT_HSM, 0, 0, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_ALREADY_AVAILABLE);
  r = call (hart (f, 0), EXT_HSM, 0, N_HARTS, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
  r = call (hart (f, 0), EXT_HSM, 0, UINT64_MAX, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
  r = call (hart (f, 0), EXT_HSM, 0, 2, 0x1000, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_ADDRESS);
  r = call (hart (f, 0), EXT_HSM, 0, 2, RAM_BASE + RAM_SIZE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_ADDRESS);
  g_assert_cmpint (atomic_load (&hart (f, 2)->hsm_state), ==, PVM_HART_STOPPED);

  r = call (hart (f, 0), EXT_HSM, 2, N_HARTS, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
}

static void
test_hsm_stop_and_suspend (Fixture *f, gconstpointer data)
{
  Ret r;

  clear_requests (f);
  r = call (hart (f, 0), EXT_HSM, 1, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpint (atomic_load (&hart (f, 0)->hsm_state), ==, PVM_HART_STOP_PENDING);
  g_assert_cmphex (requests (f, 0) & PVM_HART_REQ_HSM, !=, 0);
  r = call (hart (f, 0), EXT_HSM, 1, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_FAILED);
  r = call (hart (f, 1), EXT_HSM, 1, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_FAILED);
  r = call (hart (f, 0), EXT_HSM, 0, 0, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_FAILED);

  atomic_store (&hart (f, 2)->hsm_state, PVM_HART_STARTED);
  r = call (hart (f, 2), EXT_HSM, 3, 1, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
  r = call (hart (f, 2), EXT_HSM, 3, 0x10000000, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
  r = call (hart (f, 2), EXT_HSM, 3, 0x90000000, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
  r = call (hart (f, 2), EXT_HSM, 3, 0x80000000, 0x10, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_ADDRESS);
  g_assert_cmpint (atomic_load (&hart (f, 2)->hsm_state), ==, PVM_HART_STARTED);

  clear_requests (f);
  r = call (hart (f, 2), EXT_HSM, 3, 0, 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpint (atomic_load (&hart (f, 2)->hsm_state), ==, PVM_HART_SUSPENDED);
  g_assert_cmphex (hart (f, 2)->hsm_suspend_type, ==, 0);
  g_assert_cmphex (requests (f, 2) & PVM_HART_REQ_HSM, !=, 0);
  r = call (hart (f, 0), EXT_HSM, 2, 2, 0, 0, 0, 0);
  g_assert_cmpuint (r.value, ==, PVM_HART_SUSPENDED);
  r = call (hart (f, 0), EXT_HSM, 0, 2, RAM_BASE, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_ERR_ALREADY_AVAILABLE);

  atomic_store (&hart (f, 3)->hsm_state, PVM_HART_STARTED);
  r = call (hart (f, 3), EXT_HSM, 3, 0x80000000, RAM_BASE + 0x40, 0x1234, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpint (atomic_load (&hart (f, 3)->hsm_state), ==, PVM_HART_SUSPENDED);
  g_assert_cmphex (hart (f, 3)->hsm_suspend_type, ==, 0x80000000);
  g_assert_cmphex (hart (f, 3)->hsm_start_addr, ==, RAM_BASE + 0x40);
  g_assert_cmphex (hart (f, 3)->hsm_start_opaque, ==, 0x1234);
}

static void
assert_power (Fixture *f, PvmPowerRequest power, int code)
{
  g_assert_cmpint (atomic_load (&f->machine->power), ==, power);
  g_assert_cmpint (f->machine->exit_code, ==, code);
  for (unsigned i = 0; i < N_HARTS; i++)
    g_assert_cmphex (requests (f, i) & PVM_HART_REQ_EXIT, !=, 0);
}

static void
test_srst_shutdown (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 0, 0, 0, 0, 0).error, ==, 0);
  assert_power (f, PVM_POWER_OFF, 0);
  /* the first request wins */
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 1, 0, 0, 0, 0).error, ==, 0);
  assert_power (f, PVM_POWER_OFF, 0);
}

static void
test_srst_reboot (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 2, 0xE0000001, 0, 0, 0).error, ==, 0);
  assert_power (f, PVM_POWER_RESET, 0);
}

static void
test_srst_failure (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 1, 1, 0, 0, 0).error, ==, 0);
  assert_power (f, PVM_POWER_FAIL, 1);
}

static void
test_srst_bad_arguments (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 3, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 0, 2, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_INVALID_PARAM);
  g_assert_cmpint (call (hart (f, 0), EXT_SRST, 0, 0xF0000000, 0, 0, 0, 0).error, ==,
                   PVM_SBI_ERR_NOT_SUPPORTED);
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_RUNNING);
  g_assert_cmphex (requests (f, 0) & PVM_HART_REQ_EXIT, ==, 0);
}

static void
test_legacy_shutdown (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (call (hart (f, 1), 0x08, 0, 0, 0, 0, 0, 0).error, ==, 0);
  assert_power (f, PVM_POWER_OFF, 0);
}

static void
test_dbcn_write (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  Ret r;

  memcpy (f->machine->ram + 0x300, "hello, console", 14);
  r = call (hart (f, 0), EXT_DBCN, 0, 14, RAM_BASE + 0x300, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpuint (r.value, ==, 14);
  r = call (hart (f, 0), EXT_DBCN, 2, 0x100 | '!', 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpuint (r.value, ==, 0);
  r = call (hart (f, 0), 0x01, 0, '?', 0, 0, 0, 0);
  g_assert_cmpint (r.error, ==, 0);
  out = console_output (f, 16);
  g_assert_cmpstr (out, ==, "hello, console!?");
}

static void
test_dbcn_bad_buffers (Fixture *f, gconstpointer data)
{
  static const uint64_t bad[][3] = {
    { 16, 0x1000, 0 },                           /* below RAM */
    { 16, RAM_BASE + RAM_SIZE - 8, 0 },          /* across the end of RAM */
    { 16, RAM_BASE + RAM_SIZE, 0 },              /* past RAM */
    { 16, RAM_BASE, 1 },                         /* above 64 bits */
    { UINT64_MAX, RAM_BASE, 0 },                 /* wraps */
    { 2, UINT64_MAX, 0 },                        /* wraps */
    { 4, 0x10000000, 0 },                        /* a device, not RAM */
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (bad); i++) {
    for (uint64_t fid = 0; fid <= 1; fid++) {
      Ret r = call (hart (f, 0), EXT_DBCN, fid, bad[i][0], bad[i][1], bad[i][2], 0, 0);
      g_assert_cmpint (r.error, ==, PVM_SBI_ERR_INVALID_PARAM);
      g_assert_cmpuint (r.value, ==, 0);
    }
  }
}

/* Reads the console with DBCN (@legacy false) or legacy getchar until @len bytes came or a
 * second passed. The UART holds one byte until FIFOs are enabled, so this takes several calls. */
static char *
console_read (Fixture *f, gsize len, gboolean legacy)
{
  GString *s = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (s->len < len && g_get_monotonic_time () < end) {
    g_main_context_iteration (f->machine->context, FALSE);
    if (legacy) {
      int64_t c = call (hart (f, 0), 0x02, 0, 0, 0, 0, 0, 0).error;
      g_assert_cmpint (c, >=, -1);
      g_assert_cmpint (c, <=, 255);
      if (c >= 0)
        g_string_append_c (s, (char) c);
    } else {
      Ret r = call (hart (f, 0), EXT_DBCN, 1, len - s->len, RAM_BASE + 0x400, 0, 0, 0);
      g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
      g_assert_cmpuint (r.value, <=, len - s->len);
      g_string_append_len (s, (const char *) f->machine->ram + 0x400, (gssize) r.value);
    }
    g_usleep (1000);
  }
  return g_string_free (s, FALSE);
}

static void
test_dbcn_read (Fixture *f, gconstpointer data)
{
  Ret r;

  r = call (hart (f, 0), EXT_DBCN, 1, 8, RAM_BASE + 0x400, 0, 0, 0);
  g_assert_cmpint (r.error, ==, PVM_SBI_SUCCESS);
  g_assert_cmpuint (r.value, ==, 0);
  g_assert_cmpint ((int64_t) call (hart (f, 0), 0x02, 0, 0, 0, 0, 0, 0).error, ==, -1);

  console_type (f, "abcdef");
  {
    g_autofree char *got = console_read (f, 3, FALSE);
    g_assert_cmpstr (got, ==, "abc");
  }
  {
    g_autofree char *got = console_read (f, 3, TRUE);
    g_assert_cmpstr (got, ==, "def");
  }
  g_assert_cmpint ((int64_t) call (hart (f, 0), 0x02, 0, 0, 0, 0, 0, 0).error, ==, -1);
  r = call (hart (f, 0), EXT_DBCN, 1, 8, RAM_BASE + 0x400, 0, 0, 0);
  g_assert_cmpuint (r.value, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/pv/sbi/base-reports-version-ids-and-probes", test_base);
  ADD ("/hv/pv/sbi/unknown-extensions-and-functions-are-not-supported", test_unknown_extensions);
  ADD ("/hv/pv/sbi/set-timer-stores-mtimecmp-and-clears-stip", test_set_timer);
  ADD ("/hv/pv/sbi/send-ipi-sets-ssip-on-the-masked-harts", test_send_ipi);
  ADD ("/hv/pv/sbi/legacy-send-ipi-reads-the-mask-through-the-mmu",
       test_legacy_send_ipi_reads_the_mask);
  ADD ("/hv/pv/sbi/rfence-posts-requests-and-skips-stopped-harts",
       test_rfence_stopped_harts_need_no_wait);
  ADD ("/hv/pv/sbi/rfence-returns-once-running-harts-fenced",
       test_rfence_waits_for_running_harts);
  ADD ("/hv/pv/sbi/rfence-between-two-harts-does-not-deadlock",
       test_rfence_harts_fencing_each_other);
  ADD ("/hv/pv/sbi/rfence-stops-waiting-when-the-caller-must-exit",
       test_rfence_gives_up_on_exit);
  ADD ("/hv/pv/sbi/hsm-start-and-status-follow-the-state-machine", test_hsm_start);
  ADD ("/hv/pv/sbi/hsm-stop-and-suspend-check-their-arguments", test_hsm_stop_and_suspend);
  ADD ("/hv/pv/sbi/srst-shutdown-powers-off", test_srst_shutdown);
  ADD ("/hv/pv/sbi/srst-reboot-resets", test_srst_reboot);
  ADD ("/hv/pv/sbi/srst-system-failure-fails", test_srst_failure);
  ADD ("/hv/pv/sbi/srst-reserved-types-and-reasons-are-refused", test_srst_bad_arguments);
  ADD ("/hv/pv/sbi/legacy-shutdown-powers-off", test_legacy_shutdown);
  ADD ("/hv/pv/sbi/console-writes-go-to-the-uart", test_dbcn_write);
  ADD ("/hv/pv/sbi/console-buffers-outside-ram-are-invalid", test_dbcn_bad_buffers);
  ADD ("/hv/pv/sbi/console-reads-take-what-was-typed", test_dbcn_read);
#undef ADD
  return g_test_run ();
}

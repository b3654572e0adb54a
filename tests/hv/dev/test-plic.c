/* test-plic.c: the platform-level interrupt controller. */
#include "dev-test.h"
#include "hv/dev/plic.h"
#include "hv/machine/guest-error.h"

#define BASE 0xc000000
#define PRIORITY(s) (4 * (s))
#define PENDING(w) (0x1000 + 4 * (w))
#define ENABLE(c, w) (0x2000 + 0x80 * (c) + 4 * (w))
#define THRESHOLD(c) (0x200000 + 0x1000 * (c))
#define CLAIM(c) (0x200004 + 0x1000 * (c))

typedef struct {
  PvmMachine *machine;
  PvmPlic *plic;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->machine = dev_test_machine_new (2);
  f->plic = pvm_plic_new (f->machine, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_bus_add_device (&f->machine->bus, BASE, PVM_PLIC_SIZE, &pvm_plic_ops,
                                     f->plic, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_plic_free (f->plic);
  dev_test_machine_free (f->machine);
}

static uint32_t
rd (Fixture *f, uint64_t offset)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&f->machine->bus, BASE + offset, 4, &v), ==, 0);
  return (uint32_t) v;
}

static void
wr (Fixture *f, uint64_t offset, uint32_t v)
{
  g_assert_cmpint (pvm_bus_write (&f->machine->bus, BASE + offset, 4, v), ==, 0);
}

static uint64_t
mip (Fixture *f, unsigned h)
{
  return atomic_load (&f->machine->harts[h].mip);
}

/* Gives @source priority @prio and enables it for context @ctx. */
static void
route (Fixture *f, unsigned source, unsigned prio, unsigned ctx)
{
  wr (f, PRIORITY (source), prio);
  wr (f, ENABLE (ctx, source / 32), rd (f, ENABLE (ctx, source / 32)) | 1u << (source % 32));
}

static void
test_priorities_hold_0_to_7 (Fixture *f, gconstpointer data)
{
  wr (f, PRIORITY (1), 5);
  wr (f, PRIORITY (95), 0xf);
  g_assert_cmpuint (rd (f, PRIORITY (1)), ==, 5);
  g_assert_cmpuint (rd (f, PRIORITY (95)), ==, 7);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: write of 0x3 to reserved offset 0x0");
  wr (f, PRIORITY (0), 3);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: read of reserved offset 0x0");
  g_assert_cmpuint (rd (f, PRIORITY (0)), ==, 0);
  g_test_assert_expected_messages ();
}

static void
test_pending_bits_follow_the_input_level (Fixture *f, gconstpointer data)
{
  pvm_plic_set_irq (f->plic, 10, true);
  pvm_plic_set_irq (f->plic, 33, true);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 1u << 10);
  g_assert_cmphex (rd (f, PENDING (1)), ==, 1u << 1);
  pvm_plic_set_irq (f->plic, 10, false);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: write of 0xffffffff to read-only offset 0x1000");
  wr (f, PENDING (0), 0xffffffff);
  g_test_assert_expected_messages ();
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
}

static void
test_an_enabled_source_above_the_threshold_interrupts_its_context (Fixture *f,
                                                                   gconstpointer data)
{
  route (f, 10, 1, 3); /* hart 1, S-mode */
  pvm_plic_set_irq (f->plic, 10, true);
  g_assert_cmphex (mip (f, 1), ==, PVM_MIP_SEIP);
  g_assert_cmphex (mip (f, 0), ==, 0);

  wr (f, THRESHOLD (3), 1);
  g_assert_cmphex (mip (f, 1), ==, 0);
  wr (f, PRIORITY (10), 2);
  g_assert_cmphex (mip (f, 1), ==, PVM_MIP_SEIP);
  wr (f, ENABLE (3, 0), 0);
  g_assert_cmphex (mip (f, 1), ==, 0);

  route (f, 10, 2, 0); /* hart 0, M-mode */
  g_assert_cmphex (mip (f, 0), ==, PVM_MIP_MEIP);
  pvm_plic_set_irq (f->plic, 10, false);
  g_assert_cmphex (mip (f, 0), ==, 0);
}

static void
test_a_priority_0_source_never_interrupts (Fixture *f, gconstpointer data)
{
  route (f, 5, 0, 0);
  pvm_plic_set_irq (f->plic, 5, true);
  g_assert_cmphex (mip (f, 0), ==, 0);
  g_assert_cmpuint (rd (f, CLAIM (0)), ==, 0);
}

static void
test_claim_returns_the_highest_priority_then_the_lowest_source (Fixture *f, gconstpointer data)
{
  route (f, 3, 2, 1);
  route (f, 7, 5, 1);
  route (f, 40, 5, 1);
  pvm_plic_set_irq (f->plic, 3, true);
  pvm_plic_set_irq (f->plic, 40, true);
  pvm_plic_set_irq (f->plic, 7, true);
  g_assert_cmpuint (rd (f, CLAIM (1)), ==, 7);
  g_assert_cmpuint (rd (f, CLAIM (1)), ==, 40);
  g_assert_cmphex (mip (f, 0), ==, PVM_MIP_SEIP);
  g_assert_cmpuint (rd (f, CLAIM (1)), ==, 3);
  g_assert_cmphex (mip (f, 0), ==, 0);
  g_assert_cmpuint (rd (f, CLAIM (1)), ==, 0);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
}

static void
test_a_claimed_source_is_held_until_completed (Fixture *f, gconstpointer data)
{
  route (f, 10, 1, 0);
  pvm_plic_set_irq (f->plic, 10, true);
  g_assert_cmpuint (rd (f, CLAIM (0)), ==, 10);
  g_assert_cmphex (mip (f, 0), ==, 0);
  /* The device lowers and raises its line again: still held. */
  pvm_plic_set_irq (f->plic, 10, false);
  pvm_plic_set_irq (f->plic, 10, true);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
  g_assert_cmphex (mip (f, 0), ==, 0);
  /* Completing with the line still high makes it pending again. */
  wr (f, CLAIM (0), 10);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 1u << 10);
  g_assert_cmphex (mip (f, 0), ==, PVM_MIP_MEIP);
  g_assert_cmpuint (rd (f, CLAIM (0)), ==, 10);
  pvm_plic_set_irq (f->plic, 10, false);
  wr (f, CLAIM (0), 10);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
  g_assert_cmphex (mip (f, 0), ==, 0);
}

static void
test_complete_needs_a_claimed_source_enabled_for_the_context (Fixture *f, gconstpointer data)
{
  route (f, 10, 1, 0);
  route (f, 11, 1, 0);
  pvm_plic_set_irq (f->plic, 10, true);
  pvm_plic_set_irq (f->plic, 11, true);
  g_assert_cmpuint (rd (f, CLAIM (0)), ==, 10);
  /* Not enabled for context 1: ignored. */
  wr (f, CLAIM (1), 10);
  /* Not claimed: ignored. */
  wr (f, CLAIM (0), 12);
  g_assert_cmpuint (rd (f, CLAIM (0)), ==, 11);
  g_assert_cmpuint (rd (f, CLAIM (0)), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: context 0 completes source 96, which does not exist");
  wr (f, CLAIM (0), 96);
  g_test_assert_expected_messages ();
  wr (f, CLAIM (0), 10);
  wr (f, CLAIM (0), 11);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 3u << 10);
}

static void
test_source_0_cannot_be_enabled (Fixture *f, gconstpointer data)
{
  wr (f, ENABLE (0, 0), 0xffffffff);
  g_assert_cmphex (rd (f, ENABLE (0, 0)), ==, 0xfffffffe);
  wr (f, ENABLE (0, 2), 0xffffffff);
  g_assert_cmphex (rd (f, ENABLE (0, 2)), ==, 0xffffffff);
}

static void
test_contexts_beyond_the_harts_are_guest_errors (Fixture *f, gconstpointer data)
{
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: read of reserved offset 0x204004");
  g_assert_cmpuint (rd (f, CLAIM (4)), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: write of 0x1 to reserved offset 0x2200");
  wr (f, ENABLE (4, 0), 1);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: read of reserved offset 0x200008");
  g_assert_cmpuint (rd (f, 0x200008), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "plic: 1-byte read at offset 0x4 is not allowed");
  uint64_t v;
  g_assert_cmpint (pvm_bus_read (&f->machine->bus, BASE + 4, 1, &v), ==, 0);
  g_test_assert_expected_messages ();
}

static void
test_a_device_line_drives_its_source (Fixture *f, gconstpointer data)
{
  PvmIrqLine line = pvm_plic_line (f->plic, 10);

  route (f, 10, 1, 1);
  pvm_irq_set (&line, true);
  g_assert_cmphex (mip (f, 0), ==, PVM_MIP_SEIP);
  pvm_irq_set (&line, false);
  g_assert_cmphex (mip (f, 0), ==, 0);
  pvm_plic_set_irq (f->plic, 0, true);
  pvm_plic_set_irq (f->plic, 96, true);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
}

static void
test_reset_clears_the_registers_and_lowers_the_outputs (Fixture *f, gconstpointer data)
{
  route (f, 10, 3, 0);
  route (f, 11, 3, 2);
  wr (f, THRESHOLD (2), 1);
  pvm_plic_set_irq (f->plic, 10, true);
  pvm_plic_set_irq (f->plic, 11, true);
  g_assert_cmpuint (rd (f, CLAIM (2)), ==, 11);
  g_assert_cmphex (mip (f, 0), ==, PVM_MIP_MEIP);
  pvm_bus_reset (&f->machine->bus);
  g_assert_cmphex (mip (f, 0), ==, 0);
  g_assert_cmpuint (rd (f, PRIORITY (10)), ==, 0);
  g_assert_cmpuint (rd (f, ENABLE (0, 0)), ==, 0);
  g_assert_cmpuint (rd (f, THRESHOLD (2)), ==, 0);
  /* The lines are still high: both sources pend, no longer claimed. */
  g_assert_cmphex (rd (f, PENDING (0)), ==, 3u << 10);
}

#define LINE_THREADS 3

typedef struct {
  PvmPlic *plic;
  unsigned source;
  atomic_bool *stop;
} LineThread;

static gpointer
line_thread (gpointer data)
{
  LineThread *t = data;

  for (unsigned i = 0; !atomic_load (t->stop); i++)
    pvm_plic_set_irq (t->plic, t->source, i & 1);
  pvm_plic_set_irq (t->plic, t->source, false);
  return NULL;
}

static void
test_concurrent_lines_and_claims_keep_the_state_consistent (Fixture *f, gconstpointer data)
{
  LineThread t[LINE_THREADS];
  GThread *threads[LINE_THREADS];
  atomic_bool stop = false;
  unsigned claims = 0;

  for (unsigned i = 0; i < LINE_THREADS; i++) {
    route (f, 20 + i, 1 + i, 1);
    t[i] = (LineThread) { f->plic, 20 + i, &stop };
    threads[i] = g_thread_new ("line", line_thread, &t[i]);
  }
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (unsigned i = 0; i < 20000 || (claims < 100 && g_get_monotonic_time () < deadline); i++) {
    uint32_t s = rd (f, CLAIM (1));
    if (s) {
      g_assert_cmpuint (s, >=, 20);
      g_assert_cmpuint (s, <, 20 + LINE_THREADS);
      claims++;
      wr (f, CLAIM (1), s);
    }
  }
  atomic_store (&stop, true);
  for (unsigned i = 0; i < LINE_THREADS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (claims, >, 0);
  g_assert_cmphex (rd (f, PENDING (0)), ==, 0);
  g_assert_cmphex (mip (f, 0), ==, 0);
  /* The saved state passes the load checks: no pending source is claimed or low. */
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  pvm_vmstate_save (&pvm_plic_vmstate, f->plic, stream);
  dev_test_assert_loads (&pvm_plic_vmstate, f->plic, stream);
}

/* The stream of a PLIC with one pending, one claimed source, routed to contexts 1 and 2. */
static GByteArray *
expected_stream (void)
{
  GByteArray *s = g_byte_array_new ();

  dev_test_put (s, 1, 4);
  for (unsigned i = 0; i < 96; i++)
    dev_test_put (s, i == 10 ? 3 : i == 11 ? 7 : 0, 4);
  for (unsigned what = 0; what < 3; what++) { /* level, pending, claimed */
    uint32_t w0 = what == 0 ? 3u << 10 : what == 1 ? 1u << 10 : 1u << 11;
    dev_test_put (s, w0, 4);
    dev_test_put (s, 0, 4);
    dev_test_put (s, 0, 4);
  }
  for (unsigned c = 0; c < 16; c++)
    for (unsigned w = 0; w < 3; w++)
      dev_test_put (s, w == 0 && (c == 1 || c == 2) ? 3u << 10 : 0, 4);
  for (unsigned c = 0; c < 16; c++)
    dev_test_put (s, c == 1 ? 2 : 0, 4);
  dev_test_put (s, 0, 1);
  return s;
}

static void
test_state_saves_every_register_and_loads_into_a_fresh_plic (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = expected_stream ();
  PvmMachine *machine = dev_test_machine_new (2);
  PvmPlic *fresh = pvm_plic_new (machine, NULL);

  route (f, 10, 3, 1);
  route (f, 11, 7, 1);
  route (f, 10, 3, 2);
  route (f, 11, 7, 2);
  wr (f, THRESHOLD (1), 2);
  pvm_plic_set_irq (f->plic, 10, true);
  pvm_plic_set_irq (f->plic, 11, true);
  g_assert_cmpuint (rd (f, CLAIM (2)), ==, 11);
  dev_test_assert_saves (&pvm_plic_vmstate, f->plic, expected);

  dev_test_assert_truncations_fail (&pvm_plic_vmstate, fresh, expected);
  g_assert_cmphex (atomic_load (&machine->harts[0].mip), ==, 0);
  dev_test_assert_loads (&pvm_plic_vmstate, fresh, expected);
  /* The outputs are rebuilt: source 10 (priority 3) reaches contexts 1 and 2. */
  g_assert_cmphex (atomic_load (&machine->harts[0].mip), ==, PVM_MIP_SEIP);
  g_assert_cmphex (atomic_load (&machine->harts[1].mip), ==, PVM_MIP_MEIP);
  dev_test_assert_saves (&pvm_plic_vmstate, fresh, expected);
  /* And it behaves alike: source 11 is held until completed. */
  uint64_t v;
  g_assert_cmpint (pvm_bus_read (&machine->bus, 0, 4, &v), ==, -1);
  g_assert_true (pvm_bus_add_device (&machine->bus, BASE, PVM_PLIC_SIZE, &pvm_plic_ops, fresh,
                                     NULL));
  g_assert_cmpint (pvm_bus_read (&machine->bus, BASE + CLAIM (2), 4, &v), ==, 0);
  g_assert_cmpuint (v, ==, 10);
  g_assert_cmpint (pvm_bus_write (&machine->bus, BASE + CLAIM (2), 4, 11), ==, 0);
  g_assert_cmpint (pvm_bus_read (&machine->bus, BASE + CLAIM (2), 4, &v), ==, 0);
  g_assert_cmpuint (v, ==, 11);

  pvm_plic_free (fresh);
  dev_test_machine_free (machine);
}

static void
test_state_load_refuses_out_of_range_values (Fixture *f, gconstpointer data)
{
  struct {
    gsize offset; /* of a u32 in expected_stream() */
    uint32_t value;
    const char *pattern;
  } cases[] = {
    { 4 + 4 * 10, 8, "plic: field 'priority'[10] holds 0x8, out of range" },
    { 4, 1, "plic: field 'priority'[0] *" },
    { 4 + 4 * 96, 1, "plic: field 'level'[0] *" },
    { 4 + 4 * 99, 1u << 12, "plic: field 'pending'[0] *" },
    { 4 + 4 * 99, 3u << 10, "plic: field 'pending'[0] *" },
    { 4 + 4 * 105 + 4 * 3 * 4, 1u << 10, "plic: field 'enable'[12] *" },
    { 4 + 4 * 105, 1, "plic: field 'enable'[0] *" },
    { 4 + 4 * 105 + 4 * 48 + 4 * 5, 1, "plic: field 'threshold'[5] *" },
    { 4 + 4 * 105 + 4 * 48 + 4 * 1, 8, "plic: field 'threshold'[1] *" },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GByteArray) stream = expected_stream ();
    for (unsigned b = 0; b < 4; b++)
      stream->data[cases[i].offset + b] = (guint8) (cases[i].value >> (8 * b));
    dev_test_assert_load_fails (&pvm_plic_vmstate, f->plic, stream, PVM_VMSTATE_ERROR_INVALID,
                                cases[i].pattern);
  }
  g_assert_cmphex (mip (f, 0), ==, 0);
  g_assert_cmphex (mip (f, 1), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/plic/priorities-hold-0-to-7", test_priorities_hold_0_to_7);
  ADD ("/hv/dev/plic/pending-bits-follow-the-input-level",
       test_pending_bits_follow_the_input_level);
  ADD ("/hv/dev/plic/an-enabled-source-above-the-threshold-interrupts-its-context",
       test_an_enabled_source_above_the_threshold_interrupts_its_context);
  ADD ("/hv/dev/plic/a-priority-0-source-never-interrupts",
       test_a_priority_0_source_never_interrupts);
  ADD ("/hv/dev/plic/claim-returns-the-highest-priority-then-the-lowest-source",
       test_claim_returns_the_highest_priority_then_the_lowest_source);
  ADD ("/hv/dev/plic/a-claimed-source-is-held-until-completed",
       test_a_claimed_source_is_held_until_completed);
  ADD ("/hv/dev/plic/complete-needs-a-claimed-source-enabled-for-the-context",
       test_complete_needs_a_claimed_source_enabled_for_the_context);
  ADD ("/hv/dev/plic/source-0-cannot-be-enabled", test_source_0_cannot_be_enabled);
  ADD ("/hv/dev/plic/contexts-beyond-the-harts-are-guest-errors",
       test_contexts_beyond_the_harts_are_guest_errors);
  ADD ("/hv/dev/plic/a-device-line-drives-its-source", test_a_device_line_drives_its_source);
  ADD ("/hv/dev/plic/reset-clears-the-registers-and-lowers-the-outputs",
       test_reset_clears_the_registers_and_lowers_the_outputs);
  ADD ("/hv/dev/plic/concurrent-lines-and-claims-keep-the-state-consistent",
       test_concurrent_lines_and_claims_keep_the_state_consistent);
  ADD ("/hv/dev/plic/state-saves-every-register-and-loads-into-a-fresh-plic",
       test_state_saves_every_register_and_loads_into_a_fresh_plic);
  ADD ("/hv/dev/plic/state-load-refuses-out-of-range-values",
       test_state_load_refuses_out_of_range_values);
#undef ADD
  return g_test_run ();
}

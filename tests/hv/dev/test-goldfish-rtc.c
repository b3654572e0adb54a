/* test-goldfish-rtc.c: the Goldfish real-time clock and its alarm. */
#include <time.h>

#include "dev-test.h"
#include "hv/dev/goldfish-rtc.h"
#include "hv/machine/guest-error.h"

#define BASE 0x101000

enum {
  TIME_LOW = 0x00,
  TIME_HIGH = 0x04,
  ALARM_LOW = 0x08,
  ALARM_HIGH = 0x0c,
  IRQ_ENABLED = 0x10,
  CLEAR_ALARM = 0x14,
  ALARM_STATUS = 0x18,
  CLEAR_INTERRUPT = 0x1c,
};

#define MS 1000000ull

typedef struct {
  PvmMachine *machine;
  DevTestIrq irq;
  PvmGoldfishRtc *rtc;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PvmIrqLine line = dev_test_irq_line (&f->irq);

  f->machine = dev_test_machine_new (1);
  f->rtc = pvm_goldfish_rtc_new (f->machine, &line, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_bus_add_device (&f->machine->bus, BASE, PVM_GOLDFISH_RTC_SIZE,
                                     &pvm_goldfish_rtc_ops, f->rtc, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_goldfish_rtc_free (f->rtc);
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
host_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static uint64_t
read_time (Fixture *f)
{
  uint64_t low = rd (f, TIME_LOW);

  return (uint64_t) rd (f, TIME_HIGH) << 32 | low;
}

static void
set_alarm (Fixture *f, uint64_t ns)
{
  wr (f, ALARM_HIGH, (uint32_t) (ns >> 32));
  wr (f, ALARM_LOW, (uint32_t) ns);
}

static void
test_time_follows_the_host_clock (Fixture *f, gconstpointer data)
{
  uint64_t before = host_ns ();
  uint64_t t = read_time (f);
  uint64_t after = host_ns ();

  g_assert_cmpuint (before, <=, t);
  g_assert_cmpuint (t, <=, after);
}

static void
test_reading_time_low_latches_time_high (Fixture *f, gconstpointer data)
{
  uint64_t now = host_ns ();

  wr (f, TIME_HIGH, 0);
  g_assert_cmpuint (rd (f, TIME_HIGH), ==, 0);
  rd (f, TIME_LOW);
  g_assert_cmpuint (rd (f, TIME_HIGH), ==, (uint32_t) (now >> 32));
}

static void
test_writing_time_high_then_low_sets_the_time (Fixture *f, gconstpointer data)
{
  const uint64_t set = 0x0000001234567890ull;

  wr (f, TIME_HIGH, (uint32_t) (set >> 32));
  wr (f, TIME_LOW, (uint32_t) set);
  uint64_t t = read_time (f);
  g_assert_cmpuint (t, >=, set);
  g_assert_cmpuint (t, <, set + 1000 * MS);
}

static void
test_an_alarm_in_the_past_fires_at_once (Fixture *f, gconstpointer data)
{
  wr (f, IRQ_ENABLED, 1);
  set_alarm (f, read_time (f) - 1);
  g_assert_true (f->irq.level);
  g_assert_cmpuint (rd (f, ALARM_STATUS), ==, 0);
  wr (f, CLEAR_INTERRUPT, 1);
  g_assert_false (f->irq.level);
}

static void
test_an_alarm_fires_on_the_machine_context (Fixture *f, gconstpointer data)
{
  wr (f, IRQ_ENABLED, 1);
  set_alarm (f, read_time (f) + 20 * MS);
  g_assert_cmpuint (rd (f, ALARM_STATUS), ==, 1);
  g_assert_false (f->irq.level);
  g_assert_true (dev_test_iterate_until (f->machine->context, &f->irq.level, 2000));
  g_assert_cmpuint (rd (f, ALARM_STATUS), ==, 0);
  g_assert_cmpuint (f->irq.raises, ==, 1);
}

static void
test_clear_alarm_cancels_it (Fixture *f, gconstpointer data)
{
  wr (f, IRQ_ENABLED, 1);
  set_alarm (f, read_time (f) + 10 * MS);
  wr (f, CLEAR_ALARM, 1);
  g_assert_cmpuint (rd (f, ALARM_STATUS), ==, 0);
  g_assert_false (dev_test_iterate_until (f->machine->context, &f->irq.level, 100));
}

static void
test_a_rearmed_alarm_fires_at_its_new_time (Fixture *f, gconstpointer data)
{
  wr (f, IRQ_ENABLED, 1);
  set_alarm (f, read_time (f) + 10 * MS);
  uint64_t later = read_time (f) + 300 * MS;
  set_alarm (f, later);
  g_assert_true (dev_test_iterate_until (f->machine->context, &f->irq.level, 3000));
  g_assert_cmpuint (read_time (f), >=, later);
}

static void
test_irq_enabled_gates_the_line (Fixture *f, gconstpointer data)
{
  set_alarm (f, 1);
  g_assert_false (f->irq.level);
  wr (f, IRQ_ENABLED, 3);
  g_assert_cmpuint (rd (f, IRQ_ENABLED), ==, 1);
  g_assert_true (f->irq.level);
  wr (f, IRQ_ENABLED, 0);
  g_assert_false (f->irq.level);
}

static void
test_misuse_is_a_guest_error (Fixture *f, gconstpointer data)
{
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "goldfish-rtc: read of write-only offset 0x1c");
  g_assert_cmpuint (rd (f, CLEAR_INTERRUPT), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "goldfish-rtc: write of 0x1 to read-only offset 0x18");
  wr (f, ALARM_STATUS, 1);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "goldfish-rtc: read of reserved offset 0x20");
  g_assert_cmpuint (rd (f, 0x20), ==, 0);
  g_test_assert_expected_messages ();
}

static void
test_reset_disarms_and_forgets_the_offset (Fixture *f, gconstpointer data)
{
  wr (f, TIME_HIGH, 0);
  wr (f, TIME_LOW, 0);
  wr (f, IRQ_ENABLED, 1);
  set_alarm (f, 1);
  set_alarm (f, read_time (f) + 10 * MS);
  pvm_bus_reset (&f->machine->bus);
  g_assert_false (f->irq.level);
  g_assert_cmpuint (rd (f, ALARM_STATUS), ==, 0);
  g_assert_cmpuint (rd (f, IRQ_ENABLED), ==, 0);
  g_assert_cmpuint (read_time (f), >=, host_ns () - 1000 * MS);
  g_assert_false (dev_test_iterate_until (f->machine->context, &f->irq.level, 50));
}

/* The state built in test_state_*: an alarm armed far ahead, the interrupt pending and enabled,
 * the time latch written. */
static GByteArray *
expected_stream (void)
{
  GByteArray *s = g_byte_array_new ();

  dev_test_put (s, 1, 4);
  dev_test_put (s, 0, 8);                       /* offset_ns */
  dev_test_put (s, 0x77, 4);                    /* time_high */
  dev_test_put (s, 0x7fffffff00000010ull, 8);   /* alarm_ns */
  dev_test_put (s, 0x7fffffff, 4);              /* alarm_high */
  dev_test_put (s, 1, 1);                       /* alarm_running */
  dev_test_put (s, 1, 1);                       /* irq_pending */
  dev_test_put (s, 1, 4);                       /* irq_enabled */
  dev_test_put (s, 0, 1);
  return s;
}

static void
test_state_saves_the_alarm_and_loads_into_a_fresh_rtc (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = expected_stream ();
  DevTestIrq irq = { 0 };
  PvmIrqLine line = dev_test_irq_line (&irq);
  PvmGoldfishRtc *fresh = pvm_goldfish_rtc_new (f->machine, &line, NULL);

  set_alarm (f, 1);
  wr (f, IRQ_ENABLED, 1);
  set_alarm (f, 0x7fffffff00000010ull);
  wr (f, TIME_HIGH, 0x77);
  dev_test_assert_saves (&pvm_goldfish_rtc_vmstate, f->rtc, expected);

  dev_test_assert_truncations_fail (&pvm_goldfish_rtc_vmstate, fresh, expected);
  g_assert_false (irq.level);
  dev_test_assert_loads (&pvm_goldfish_rtc_vmstate, fresh, expected);
  dev_test_assert_saves (&pvm_goldfish_rtc_vmstate, fresh, expected);
  g_assert_true (irq.level);
  g_assert_cmpuint (pvm_goldfish_rtc_ops.read (fresh, ALARM_STATUS, 4), ==, 1);
  g_assert_cmphex (pvm_goldfish_rtc_ops.read (fresh, ALARM_HIGH, 4), ==, 0x7fffffff);

  /* An armed alarm whose time has passed fires on load. */
  g_autoptr (GByteArray) past = expected_stream ();
  past->data[4 + 8 + 4 + 7] = 0;     /* alarm_ns high byte */
  past->data[4 + 8 + 4 + 8 + 3] = 0; /* alarm_high */
  past->data[4 + 8 + 4 + 8 + 4 + 1] = 0; /* irq_pending */
  dev_test_assert_loads (&pvm_goldfish_rtc_vmstate, fresh, past);
  g_assert_cmpuint (pvm_goldfish_rtc_ops.read (fresh, ALARM_STATUS, 4), ==, 0);
  g_assert_true (irq.level);
  pvm_goldfish_rtc_free (fresh);
}

static void
test_state_load_refuses_out_of_range_values (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) stream = expected_stream ();

  stream->data[4 + 8 + 4 + 8 + 4 + 2] = 2;
  dev_test_assert_load_fails (&pvm_goldfish_rtc_vmstate, f->rtc, stream,
                              PVM_VMSTATE_ERROR_INVALID,
                              "goldfish-rtc: field 'irq_enabled' holds 0x2, out of range");
  g_assert_cmpuint (rd (f, ALARM_STATUS), ==, 0);
  g_assert_false (f->irq.level);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/goldfish-rtc/time-follows-the-host-clock", test_time_follows_the_host_clock);
  ADD ("/hv/dev/goldfish-rtc/reading-time-low-latches-time-high",
       test_reading_time_low_latches_time_high);
  ADD ("/hv/dev/goldfish-rtc/writing-time-high-then-low-sets-the-time",
       test_writing_time_high_then_low_sets_the_time);
  ADD ("/hv/dev/goldfish-rtc/an-alarm-in-the-past-fires-at-once",
       test_an_alarm_in_the_past_fires_at_once);
  ADD ("/hv/dev/goldfish-rtc/an-alarm-fires-on-the-machine-context",
       test_an_alarm_fires_on_the_machine_context);
  ADD ("/hv/dev/goldfish-rtc/clear-alarm-cancels-it", test_clear_alarm_cancels_it);
  ADD ("/hv/dev/goldfish-rtc/a-rearmed-alarm-fires-at-its-new-time",
       test_a_rearmed_alarm_fires_at_its_new_time);
  ADD ("/hv/dev/goldfish-rtc/irq-enabled-gates-the-line", test_irq_enabled_gates_the_line);
  ADD ("/hv/dev/goldfish-rtc/misuse-is-a-guest-error", test_misuse_is_a_guest_error);
  ADD ("/hv/dev/goldfish-rtc/reset-disarms-and-forgets-the-offset",
       test_reset_disarms_and_forgets_the_offset);
  ADD ("/hv/dev/goldfish-rtc/state-saves-the-alarm-and-loads-into-a-fresh-rtc",
       test_state_saves_the_alarm_and_loads_into_a_fresh_rtc);
  ADD ("/hv/dev/goldfish-rtc/state-load-refuses-out-of-range-values",
       test_state_load_refuses_out_of_range_values);
#undef ADD
  return g_test_run ();
}

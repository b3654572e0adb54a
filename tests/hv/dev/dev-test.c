/* dev-test.c: what the device tests share. */
#include "dev-test.h"

#include <time.h>

PvmMachine *
dev_test_machine_new (unsigned n_harts)
{
  PvmMachine *machine = g_new0 (PvmMachine, 1);
  struct timespec ts;

  machine->n_harts = n_harts;
  machine->harts = g_new0 (PvmHart, n_harts);
  for (unsigned i = 0; i < n_harts; i++)
    pvm_hart_init (&machine->harts[i], machine, i, false);
  machine->timebase_hz = 10000000;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  machine->time_origin_ns = (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
  machine->context = g_main_context_new ();
  g_mutex_init (&machine->power_lock);
  g_cond_init (&machine->power_cond);
  return machine;
}

void
dev_test_machine_free (PvmMachine *machine)
{
  g_main_context_unref (machine->context);
  g_mutex_clear (&machine->power_lock);
  g_cond_clear (&machine->power_cond);
  for (unsigned i = 0; i < machine->n_harts; i++)
    pvm_hart_clear (&machine->harts[i]);
  g_free (machine->harts);
  g_free (machine);
}

static void
dev_test_irq_set (void *controller, unsigned line, bool level)
{
  DevTestIrq *rec = controller;

  if (level && !rec->level)
    rec->raises++;
  if (!level && rec->level)
    rec->lowers++;
  rec->level = level;
}

PvmIrqLine
dev_test_irq_line (DevTestIrq *rec)
{
  return (PvmIrqLine) { .set = dev_test_irq_set, .controller = rec, .line = 0 };
}

void
dev_test_put (GByteArray *out, uint64_t v, unsigned width)
{
  for (unsigned i = 0; i < width; i++) {
    guint8 b = (guint8) (v >> (8 * i));
    g_byte_array_append (out, &b, 1);
  }
}

static GByteArray *
save (const PvmVmState *state, const void *obj)
{
  GByteArray *out = g_byte_array_new ();

  pvm_vmstate_save (state, obj, out);
  return out;
}

void
dev_test_assert_saves (const PvmVmState *state, const void *obj, const GByteArray *expected)
{
  g_autoptr (GByteArray) got = save (state, obj);

  g_assert_cmpmem (got->data, got->len, expected->data, expected->len);
}

void
dev_test_assert_truncations_fail (const PvmVmState *state, void *obj, const GByteArray *stream)
{
  g_autoptr (GByteArray) before = save (state, obj);

  for (guint n = 0; n < stream->len; n++) {
    g_autoptr (GError) error = NULL;
    gsize pos = 0;

    g_assert_false (pvm_vmstate_load (state, obj, stream->data, n, &pos, &error));
    g_assert_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_TRUNCATED);
    g_assert_true (g_str_has_prefix (error->message, state->name));
    g_assert_cmpuint (pos, ==, 0);
    g_autoptr (GByteArray) after = save (state, obj);
    g_assert_cmpmem (after->data, after->len, before->data, before->len);
  }
}

void
dev_test_assert_load_fails (const PvmVmState *state, void *obj, const GByteArray *stream,
                            int code, const char *pattern)
{
  g_autoptr (GByteArray) before = save (state, obj);
  g_autoptr (GError) error = NULL;
  gsize pos = 0;

  g_assert_false (pvm_vmstate_load (state, obj, stream->data, stream->len, &pos, &error));
  g_assert_error (error, PVM_VMSTATE_ERROR, code);
  if (!g_pattern_match_simple (pattern, error->message))
    g_error ("error message '%s' does not match '%s'", error->message, pattern);
  g_assert_cmpuint (pos, ==, 0);
  g_autoptr (GByteArray) after = save (state, obj);
  g_assert_cmpmem (after->data, after->len, before->data, before->len);
}

void
dev_test_assert_loads (const PvmVmState *state, void *obj, const GByteArray *stream)
{
  g_autoptr (GError) error = NULL;
  gsize pos = 0;

  g_assert_true (pvm_vmstate_load (state, obj, stream->data, stream->len, &pos, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pos, ==, stream->len);
}

bool
dev_test_iterate_until (GMainContext *context, const bool *flag, unsigned timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < deadline) {
    if (!g_main_context_iteration (context, FALSE))
      g_usleep (1000);
  }
  return *flag;
}

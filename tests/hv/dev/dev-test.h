/* dev-test.h: what the device tests share — a minimal machine, an interrupt line recorder and
 * checks of state streams. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/machine/irq.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* Returns a machine with @n_harts harts in reset state (not running), a 10 MHz timebase whose
 * mtime starts now, and its own GMainContext; no RAM, no devices. */
PvmMachine *dev_test_machine_new (unsigned n_harts);

/* Frees what dev_test_machine_new() allocated. */
void dev_test_machine_free (PvmMachine *machine);

/* Records what a device drives on one interrupt line. */
typedef struct {
  bool level;
  unsigned raises, lowers; /* edges seen */
} DevTestIrq;

/* Returns a line that records into @rec. */
PvmIrqLine dev_test_irq_line (DevTestIrq *rec);

/* Appends @v little-endian, @width bytes, to @out. */
void dev_test_put (GByteArray *out, uint64_t v, unsigned width);

/* Asserts that pvm_vmstate_save() of @obj gives exactly @expected. */
void dev_test_assert_saves (const PvmVmState *state, const void *obj, const GByteArray *expected);

/* Asserts that loading every proper prefix of @stream into @obj fails with
 * PVM_VMSTATE_ERROR_TRUNCATED, leaves the position at 0, and leaves @obj's saved state as it
 * was. */
void dev_test_assert_truncations_fail (const PvmVmState *state, void *obj,
                                       const GByteArray *stream);

/* Asserts that loading @stream into @obj fails with @code and an error message matching
 * @pattern (g_pattern_match_simple), and leaves @obj's saved state as it was. */
void dev_test_assert_load_fails (const PvmVmState *state, void *obj, const GByteArray *stream,
                                 int code, const char *pattern);

/* Asserts that @stream loads into @obj completely. */
void dev_test_assert_loads (const PvmVmState *state, void *obj, const GByteArray *stream);

/* Iterates @context until *@flag is true or @timeout_ms passes; returns *@flag. */
bool dev_test_iterate_until (GMainContext *context, const bool *flag, unsigned timeout_ms);

/* test-syscon.c: the sifive-test power device. */
#include "dev-test.h"
#include "hv/dev/syscon.h"
#include "hv/machine/guest-error.h"

#define BASE 0x100000

typedef struct {
  PvmMachine *machine;
  PvmSyscon *syscon;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->machine = dev_test_machine_new (2);
  f->syscon = pvm_syscon_new (f->machine, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_bus_add_device (&f->machine->bus, BASE, PVM_SYSCON_SIZE, &pvm_syscon_ops,
                                     f->syscon, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_syscon_free (f->syscon);
  dev_test_machine_free (f->machine);
}

static void
wr (Fixture *f, uint64_t offset, unsigned size, uint64_t v)
{
  g_assert_cmpint (pvm_bus_write (&f->machine->bus, BASE + offset, size, v), ==, 0);
}

static void
test_pass_powers_off_with_code_0 (Fixture *f, gconstpointer data)
{
  wr (f, 0, 4, 0x5555);
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_OFF);
  g_assert_cmpint (f->machine->exit_code, ==, 0);
  g_assert_cmphex (atomic_load (&f->machine->harts[1].requests) & PVM_HART_REQ_EXIT, !=, 0);
}

static void
test_fail_reports_the_code_in_the_high_half (Fixture *f, gconstpointer data)
{
  wr (f, 0, 4, 0x3333 | (42u << 16));
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_FAIL);
  g_assert_cmpint (f->machine->exit_code, ==, 42);
}

static void
test_reset_asks_for_a_reboot (Fixture *f, gconstpointer data)
{
  wr (f, 0, 4, 0x7777);
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_RESET);
}

/* OpenSBI's sifive_test driver powers off and reboots with 16-bit writes. */
static void
test_two_byte_writes_power_off_and_reboot (Fixture *f, gconstpointer data)
{
  wr (f, 0, 2, 0x5555);
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_OFF);
  g_assert_cmpint (f->machine->exit_code, ==, 0);
  atomic_store (&f->machine->power, PVM_POWER_RUNNING);
  wr (f, 0, 2, 0x7777);
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_RESET);
}

static void
test_other_commands_and_offsets_are_guest_errors (Fixture *f, gconstpointer data)
{
  uint64_t v = 1;

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "syscon: unknown command 0x1234");
  wr (f, 0, 4, 0x1234);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "syscon: write of 0x5555 to reserved offset 0x4");
  wr (f, 4, 4, 0x5555);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "syscon: 1-byte write at offset 0x0 is not allowed");
  wr (f, 0, 1, 0x55);
  g_test_assert_expected_messages ();
  g_assert_cmpint (atomic_load (&f->machine->power), ==, PVM_POWER_RUNNING);
  g_assert_cmpint (pvm_bus_read (&f->machine->bus, BASE, 4, &v), ==, 0);
  g_assert_cmpuint (v, ==, 0);
}

static void
test_state_is_empty (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = g_byte_array_new ();
  PvmSyscon *fresh = pvm_syscon_new (f->machine, NULL);

  dev_test_put (expected, 1, 4);
  dev_test_put (expected, 0, 1);
  dev_test_assert_saves (&pvm_syscon_vmstate, f->syscon, expected);
  dev_test_assert_truncations_fail (&pvm_syscon_vmstate, fresh, expected);
  dev_test_assert_loads (&pvm_syscon_vmstate, fresh, expected);
  expected->data[0] = 2;
  dev_test_assert_load_fails (&pvm_syscon_vmstate, fresh, expected, PVM_VMSTATE_ERROR_VERSION,
                              "syscon: version 2 *");
  pvm_syscon_free (fresh);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/syscon/pass-powers-off-with-code-0", test_pass_powers_off_with_code_0);
  ADD ("/hv/dev/syscon/fail-reports-the-code-in-the-high-half",
       test_fail_reports_the_code_in_the_high_half);
  ADD ("/hv/dev/syscon/reset-asks-for-a-reboot", test_reset_asks_for_a_reboot);
  ADD ("/hv/dev/syscon/two-byte-writes-power-off-and-reboot",
       test_two_byte_writes_power_off_and_reboot);
  ADD ("/hv/dev/syscon/other-commands-and-offsets-are-guest-errors",
       test_other_commands_and_offsets_are_guest_errors);
  ADD ("/hv/dev/syscon/state-is-empty", test_state_is_empty);
#undef ADD
  return g_test_run ();
}

/* test-aclint.c: MSIP, MTIMECMP and MTIME of the core-local interruptor. */
#include "dev-test.h"
#include "hv/dev/aclint.h"
#include "hv/machine/guest-error.h"

#define BASE 0x2000000

typedef struct {
  PvmMachine *machine;
  PvmAclint *aclint;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->machine = dev_test_machine_new (2);
  f->aclint = pvm_aclint_new (f->machine, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_bus_add_device (&f->machine->bus, BASE, PVM_ACLINT_SIZE, &pvm_aclint_ops,
                                     f->aclint, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_aclint_free (f->aclint);
  dev_test_machine_free (f->machine);
}

static uint64_t
rd (Fixture *f, uint64_t offset, unsigned size)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&f->machine->bus, BASE + offset, size, &v), ==, 0);
  return v;
}

static void
wr (Fixture *f, uint64_t offset, unsigned size, uint64_t v)
{
  g_assert_cmpint (pvm_bus_write (&f->machine->bus, BASE + offset, size, v), ==, 0);
}

static uint64_t
mip (Fixture *f, unsigned h)
{
  return atomic_load (&f->machine->harts[h].mip);
}

static void
test_msip_drives_the_hart_software_interrupt (Fixture *f, gconstpointer data)
{
  wr (f, 0x4, 4, 0xffffffff);
  g_assert_cmphex (mip (f, 1), ==, PVM_MIP_MSIP);
  g_assert_cmphex (mip (f, 0), ==, 0);
  g_assert_cmphex (rd (f, 0x4, 4), ==, 1);
  g_assert_cmphex (rd (f, 0x0, 4), ==, 0);
  wr (f, 0x4, 4, 2);
  g_assert_cmphex (mip (f, 1), ==, 0);
  g_assert_cmphex (rd (f, 0x4, 4), ==, 0);
}

static void
test_an_8_byte_msip_access_covers_two_harts (Fixture *f, gconstpointer data)
{
  wr (f, 0x0, 8, 0x100000001ull);
  g_assert_cmphex (mip (f, 0), ==, PVM_MIP_MSIP);
  g_assert_cmphex (mip (f, 1), ==, PVM_MIP_MSIP);
  g_assert_cmphex (rd (f, 0x0, 8), ==, 0x100000001ull);
}

static void
test_mtimecmp_is_stored_in_the_hart_and_posts_a_timer_request (Fixture *f, gconstpointer data)
{
  PvmHart *h1 = &f->machine->harts[1];

  atomic_store (&f->machine->harts[0].requests, 0);
  atomic_store (&h1->requests, 0);
  wr (f, 0x4008, 8, 0x123456789abcdef0ull);
  g_assert_cmphex (atomic_load (&h1->mtimecmp), ==, 0x123456789abcdef0ull);
  g_assert_cmphex (atomic_load (&h1->requests) & PVM_HART_REQ_TIMER, ==, PVM_HART_REQ_TIMER);
  g_assert_cmphex (atomic_load (&f->machine->harts[0].requests), ==, 0);
  g_assert_cmphex (rd (f, 0x4008, 8), ==, 0x123456789abcdef0ull);
  g_assert_cmphex (rd (f, 0x4008, 4), ==, 0x9abcdef0);
  g_assert_cmphex (rd (f, 0x400c, 4), ==, 0x12345678);
}

static void
test_mtimecmp_halves_write_separately (Fixture *f, gconstpointer data)
{
  PvmHart *h0 = &f->machine->harts[0];

  atomic_store (&h0->mtimecmp, UINT64_MAX);
  wr (f, 0x4004, 4, 0x1);
  g_assert_cmphex (atomic_load (&h0->mtimecmp), ==, 0x1ffffffffull);
  wr (f, 0x4000, 4, 0x2);
  g_assert_cmphex (atomic_load (&h0->mtimecmp), ==, 0x100000002ull);
}

static void
test_mtime_reads_the_machine_clock (Fixture *f, gconstpointer data)
{
  uint64_t before = pvm_machine_time (f->machine);
  uint64_t t = rd (f, 0xbff8, 8);
  uint64_t after = pvm_machine_time (f->machine);

  g_assert_cmpuint (before, <=, t);
  g_assert_cmpuint (t, <=, after);
  g_usleep (2000);
  g_assert_cmpuint (rd (f, 0xbff8, 8), >, t);
  g_assert_cmpuint (rd (f, 0xbffc, 4), ==, after >> 32);
}

static void
test_an_mtime_write_moves_the_clock (Fixture *f, gconstpointer data)
{
  const uint64_t set = 0x100000000ull * 5 + 1000;

  for (unsigned h = 0; h < 2; h++)
    atomic_store (&f->machine->harts[h].requests, 0);
  wr (f, 0xbff8, 8, set);
  uint64_t t = pvm_machine_time (f->machine);
  g_assert_cmpuint (t, >=, set);
  g_assert_cmpuint (t, <, set + 10000000); /* within a second */
  for (unsigned h = 0; h < 2; h++)
    g_assert_cmphex (atomic_load (&f->machine->harts[h].requests) & PVM_HART_REQ_TIMER, ==,
                     PVM_HART_REQ_TIMER);

  /* A 4-byte write replaces the high half, the low half keeps counting. */
  wr (f, 0xbffc, 4, 0);
  t = pvm_machine_time (f->machine);
  g_assert_cmpuint (t, >=, 1000);
  g_assert_cmpuint (t, <, 1000 + 10000000);
}

static void
test_reserved_offsets_are_guest_errors (Fixture *f, gconstpointer data)
{
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "aclint: read of reserved offset 0x8");
  g_assert_cmphex (rd (f, 0x8, 4), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "aclint: write of 0x1 to reserved offset 0x4010");
  wr (f, 0x4010, 8, 1);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "aclint: read of reserved offset 0xc000");
  g_assert_cmphex (rd (f, 0xc000, 4), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "aclint: 1-byte read at offset 0x0 is not allowed");
  g_assert_cmphex (rd (f, 0x0, 1), ==, 0);
  g_test_assert_expected_messages ();
}

static void
test_reset_clears_msip_and_mtime (Fixture *f, gconstpointer data)
{
  wr (f, 0x0, 4, 1);
  wr (f, 0xbff8, 8, 0x1000000000ull);
  pvm_bus_reset (&f->machine->bus);
  g_assert_cmphex (mip (f, 0), ==, 0);
  g_assert_cmphex (rd (f, 0x0, 4), ==, 0);
  g_assert_cmpuint (pvm_machine_time (f->machine), <, 10000000);
}

static void
test_new_refuses_a_machine_without_harts (void)
{
  PvmMachine *machine = dev_test_machine_new (0);
  g_autoptr (GError) error = NULL;

  g_assert_null (pvm_aclint_new (machine, &error));
  g_assert_error (error, PVM_DEVICE_ERROR, PVM_DEVICE_ERROR_CONFIG);
  dev_test_machine_free (machine);
}

static void
test_state_saves_msip_and_loads_into_a_fresh_aclint (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = g_byte_array_new ();
  PvmMachine *machine = dev_test_machine_new (2);
  PvmAclint *fresh = pvm_aclint_new (machine, NULL);

  wr (f, 0x4, 4, 1);
  dev_test_put (expected, 1, 4);
  dev_test_put (expected, 0x2, 4);
  dev_test_put (expected, 0, 1);
  dev_test_assert_saves (&pvm_aclint_vmstate, f->aclint, expected);

  dev_test_assert_truncations_fail (&pvm_aclint_vmstate, fresh, expected);
  g_assert_cmphex (atomic_load (&machine->harts[1].mip), ==, 0);
  dev_test_assert_loads (&pvm_aclint_vmstate, fresh, expected);
  g_assert_cmphex (atomic_load (&machine->harts[1].mip), ==, PVM_MIP_MSIP);
  g_assert_cmphex (atomic_load (&machine->harts[0].mip), ==, 0);
  dev_test_assert_saves (&pvm_aclint_vmstate, fresh, expected);

  pvm_aclint_free (fresh);
  dev_test_machine_free (machine);
}

static void
test_state_load_refuses_msip_of_missing_harts (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) stream = g_byte_array_new ();

  dev_test_put (stream, 1, 4);
  dev_test_put (stream, 0x4, 4);
  dev_test_put (stream, 0, 1);
  dev_test_assert_load_fails (&pvm_aclint_vmstate, f->aclint, stream,
                              PVM_VMSTATE_ERROR_INVALID, "aclint: field 'msip' (0x4) *");
  g_assert_cmphex (mip (f, 0), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/aclint/msip-drives-the-hart-software-interrupt",
       test_msip_drives_the_hart_software_interrupt);
  ADD ("/hv/dev/aclint/an-8-byte-msip-access-covers-two-harts",
       test_an_8_byte_msip_access_covers_two_harts);
  ADD ("/hv/dev/aclint/mtimecmp-is-stored-in-the-hart-and-posts-a-timer-request",
       test_mtimecmp_is_stored_in_the_hart_and_posts_a_timer_request);
  ADD ("/hv/dev/aclint/mtimecmp-halves-write-separately", test_mtimecmp_halves_write_separately);
  ADD ("/hv/dev/aclint/mtime-reads-the-machine-clock", test_mtime_reads_the_machine_clock);
  ADD ("/hv/dev/aclint/an-mtime-write-moves-the-clock", test_an_mtime_write_moves_the_clock);
  ADD ("/hv/dev/aclint/reserved-offsets-are-guest-errors",
       test_reserved_offsets_are_guest_errors);
  ADD ("/hv/dev/aclint/reset-clears-msip-and-mtime", test_reset_clears_msip_and_mtime);
  ADD ("/hv/dev/aclint/state-saves-msip-and-loads-into-a-fresh-aclint",
       test_state_saves_msip_and_loads_into_a_fresh_aclint);
  ADD ("/hv/dev/aclint/state-load-refuses-msip-of-missing-harts",
       test_state_load_refuses_msip_of_missing_harts);
#undef ADD
  g_test_add_func ("/hv/dev/aclint/new-refuses-a-machine-without-harts",
                   test_new_refuses_a_machine_without_harts);
  return g_test_run ();
}

/* test-bus.c: the guest physical address space. */
#include <string.h>

#include "dev-test.h"
#include "hv/machine/guest-error.h"

/* A device that records its last access. */
typedef struct {
  uint64_t offset, value;
  unsigned size, reads, writes, resets;
  unsigned *reset_log; /* shared: the order of resets */
  unsigned *n_reset_log;
  unsigned id;
} FakeDev;

static uint64_t
fake_read (void *dev, uint64_t offset, unsigned size)
{
  FakeDev *d = dev;

  d->reads++;
  d->offset = offset;
  d->size = size;
  return 0x1122334455667788ull;
}

static void
fake_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  FakeDev *d = dev;

  d->writes++;
  d->offset = offset;
  d->value = value;
  d->size = size;
}

static void
fake_reset (void *dev)
{
  FakeDev *d = dev;

  d->resets++;
  if (d->reset_log)
    d->reset_log[(*d->n_reset_log)++] = d->id;
}

static const PvmDeviceOps fake_ops = {
  .name = "fake",
  .read = fake_read,
  .write = fake_write,
  .reset = fake_reset,
  .min_access = 2,
  .max_access = 4,
};

static void
test_find_returns_the_region_holding_an_address (void)
{
  PvmBus bus = { 0 };
  FakeDev a = { 0 }, b = { 0 };
  uint8_t ram[0x100];

  g_assert_true (pvm_bus_add_device (&bus, 0x3000, 0x100, &fake_ops, &b, NULL));
  g_assert_true (pvm_bus_add_memory (&bus, 0x8000, sizeof ram, ram, false, NULL));
  g_assert_true (pvm_bus_add_device (&bus, 0x1000, 0x1000, &fake_ops, &a, NULL));
  g_assert_cmpuint (bus.n_regions, ==, 3);
  g_assert_cmpuint (bus.regions[0].base, ==, 0x1000);
  g_assert_cmpuint (bus.regions[1].base, ==, 0x3000);
  g_assert_cmpuint (bus.regions[2].base, ==, 0x8000);

  g_assert_null (pvm_bus_find (&bus, 0));
  g_assert_null (pvm_bus_find (&bus, 0xfff));
  g_assert_true (pvm_bus_find (&bus, 0x1000)->dev == &a);
  g_assert_true (pvm_bus_find (&bus, 0x1fff)->dev == &a);
  g_assert_null (pvm_bus_find (&bus, 0x2000));
  g_assert_true (pvm_bus_find (&bus, 0x30ff)->dev == &b);
  g_assert_null (pvm_bus_find (&bus, 0x3100));
  g_assert_true (pvm_bus_find (&bus, 0x8080)->host == ram);
  g_assert_null (pvm_bus_find (&bus, 0x8100));
  g_assert_null (pvm_bus_find (&bus, UINT64_MAX));
}

static void
test_add_refuses_overlaps_empty_ranges_and_a_full_table (void)
{
  PvmBus bus = { 0 };
  FakeDev d = { 0 };
  GError *error = NULL;

  g_assert_true (pvm_bus_add_device (&bus, 0x1000, 0x1000, &fake_ops, &d, NULL));
  g_assert_false (pvm_bus_add_device (&bus, 0x1fff, 0x10, &fake_ops, &d, &error));
  g_assert_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_OVERLAP);
  g_clear_error (&error);
  g_assert_false (pvm_bus_add_device (&bus, 0x0, 0x2000, &fake_ops, &d, &error));
  g_assert_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_OVERLAP);
  g_clear_error (&error);
  g_assert_false (pvm_bus_add_device (&bus, 0x5000, 0, &fake_ops, &d, &error));
  g_assert_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pvm_bus_add_device (&bus, UINT64_MAX - 0xf, 0x20, &fake_ops, &d, &error));
  g_assert_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pvm_bus_add_device (&bus, 0x2000, 0x1000, &fake_ops, &d, NULL));

  for (unsigned i = bus.n_regions; i < PVM_BUS_MAX_REGIONS; i++)
    g_assert_true (pvm_bus_add_device (&bus, 0x100000 * (i + 1), 0x10, &fake_ops, &d, NULL));
  g_assert_false (pvm_bus_add_device (&bus, 0x7000, 0x10, &fake_ops, &d, &error));
  g_assert_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_FULL);
  g_clear_error (&error);
}

static void
test_a_region_may_end_at_the_top_of_the_address_space (void)
{
  PvmBus bus = { 0 };
  FakeDev d = { 0 };
  uint64_t v;

  g_assert_true (pvm_bus_add_device (&bus, UINT64_MAX - 0xfff, 0x1000, &fake_ops, &d, NULL));
  g_assert_true (pvm_bus_find (&bus, UINT64_MAX)->dev == &d);
  g_assert_cmpint (pvm_bus_read (&bus, UINT64_MAX - 3, 4, &v), ==, 0);
  g_assert_cmpuint (d.offset, ==, 0xffc);
}

static void
test_memory_reads_and_writes_little_endian (void)
{
  PvmBus bus = { 0 };
  uint8_t ram[16] = { 0 };
  uint64_t v;

  g_assert_true (pvm_bus_add_memory (&bus, 0x80000000, sizeof ram, ram, false, NULL));
  g_assert_cmpint (pvm_bus_write (&bus, 0x80000000, 8, 0x0807060504030201ull), ==, 0);
  g_assert_cmpmem (ram, 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
  g_assert_cmpint (pvm_bus_write (&bus, 0x80000008, 2, 0xbbaa), ==, 0);
  g_assert_cmpmem (ram + 8, 3, "\xaa\xbb\x00", 3);
  g_assert_cmpint (pvm_bus_read (&bus, 0x80000002, 4, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x06050403);
  g_assert_cmpint (pvm_bus_read (&bus, 0x80000008, 1, &v), ==, 0);
  g_assert_cmphex (v, ==, 0xaa);
  g_assert_cmpint (pvm_bus_read (&bus, 0x80000000, 8, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x0807060504030201ull);
}

static void
test_memory_access_past_its_end_or_unmapped_fails (void)
{
  PvmBus bus = { 0 };
  uint8_t ram[16] = { 0 };
  uint64_t v = 7;

  g_assert_true (pvm_bus_add_memory (&bus, 0x1000, sizeof ram, ram, false, NULL));
  g_assert_cmpint (pvm_bus_read (&bus, 0x100c, 8, &v), ==, -1);
  g_assert_cmpint (pvm_bus_write (&bus, 0x100f, 2, 0xffff), ==, -1);
  g_assert_cmpuint (ram[15], ==, 0);
  g_assert_cmpint (pvm_bus_read (&bus, 0x2000, 4, &v), ==, -1);
  g_assert_cmpint (pvm_bus_write (&bus, 0xfff, 1, 1), ==, -1);
}

static void
test_rom_is_read_only (void)
{
  PvmBus bus = { 0 };
  uint8_t rom[8] = { 0x13, 0, 0, 0 };
  uint64_t v;

  g_assert_true (pvm_bus_add_memory (&bus, 0x1000, sizeof rom, rom, true, NULL));
  g_assert_cmpint (pvm_bus_write (&bus, 0x1000, 4, 0xdeadbeef), ==, -1);
  g_assert_cmpint (pvm_bus_read (&bus, 0x1000, 4, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x13);
}

static void
test_device_access_reaches_ops_with_offset_and_size (void)
{
  PvmBus bus = { 0 };
  FakeDev d = { 0 };
  uint64_t v;

  g_assert_true (pvm_bus_add_device (&bus, 0x10000000, 0x100, &fake_ops, &d, NULL));
  g_assert_cmpint (pvm_bus_read (&bus, 0x10000004, 4, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x55667788);
  g_assert_cmpuint (d.offset, ==, 4);
  g_assert_cmpuint (d.size, ==, 4);
  g_assert_cmpint (pvm_bus_read (&bus, 0x10000002, 2, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x7788);
  g_assert_cmpint (pvm_bus_write (&bus, 0x100000fc, 4, 0xcafef00d), ==, 0);
  g_assert_cmpuint (d.offset, ==, 0xfc);
  g_assert_cmphex (d.value, ==, 0xcafef00d);
  g_assert_cmpuint (d.writes, ==, 1);
}

static void
test_device_access_of_a_wrong_size_or_alignment_is_a_guest_error (void)
{
  PvmBus bus = { 0 };
  FakeDev d = { 0 };
  uint64_t v = 1;

  g_assert_true (pvm_bus_add_device (&bus, 0x10000000, 0x100, &fake_ops, &d, NULL));
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "fake: 1-byte read at offset 0x0 is not allowed");
  g_assert_cmpint (pvm_bus_read (&bus, 0x10000000, 1, &v), ==, 0);
  g_assert_cmpuint (v, ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "fake: 8-byte write at offset 0x8 is not allowed");
  g_assert_cmpint (pvm_bus_write (&bus, 0x10000008, 8, 1), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "fake: 4-byte write at offset 0x2 is not allowed");
  g_assert_cmpint (pvm_bus_write (&bus, 0x10000002, 4, 1), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "fake: 3-byte read at offset 0x0 is not allowed");
  g_assert_cmpint (pvm_bus_read (&bus, 0x10000000, 3, &v), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (d.reads, ==, 0);
  g_assert_cmpuint (d.writes, ==, 0);
}

static void
test_device_access_past_a_small_region_is_a_guest_error (void)
{
  PvmBus bus = { 0 };
  FakeDev d = { 0 };
  uint64_t v;

  g_assert_true (pvm_bus_add_device (&bus, 0x2000, 2, &fake_ops, &d, NULL));
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "fake: 4-byte read at offset 0x0 is not allowed");
  g_assert_cmpint (pvm_bus_read (&bus, 0x2000, 4, &v), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (d.reads, ==, 0);
}

static void
test_reset_follows_the_order_devices_were_added (void)
{
  PvmBus bus = { 0 };
  unsigned log[3], n = 0;
  FakeDev a = { .id = 1, .reset_log = log, .n_reset_log = &n };
  FakeDev b = { .id = 2, .reset_log = log, .n_reset_log = &n };
  FakeDev c = { .id = 3, .reset_log = log, .n_reset_log = &n };
  uint8_t ram[4];

  g_assert_true (pvm_bus_add_device (&bus, 0x9000, 0x10, &fake_ops, &a, NULL));
  g_assert_true (pvm_bus_add_memory (&bus, 0x5000, sizeof ram, ram, false, NULL));
  g_assert_true (pvm_bus_add_device (&bus, 0x1000, 0x10, &fake_ops, &b, NULL));
  g_assert_true (pvm_bus_add_device (&bus, 0x4000, 0x10, &fake_ops, &c, NULL));
  pvm_bus_reset (&bus);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (log[0], ==, 1);
  g_assert_cmpuint (log[1], ==, 2);
  g_assert_cmpuint (log[2], ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hv/machine/bus/find-returns-the-region-holding-an-address",
                   test_find_returns_the_region_holding_an_address);
  g_test_add_func ("/hv/machine/bus/add-refuses-overlaps-empty-ranges-and-a-full-table",
                   test_add_refuses_overlaps_empty_ranges_and_a_full_table);
  g_test_add_func ("/hv/machine/bus/a-region-may-end-at-the-top-of-the-address-space",
                   test_a_region_may_end_at_the_top_of_the_address_space);
  g_test_add_func ("/hv/machine/bus/memory-reads-and-writes-little-endian",
                   test_memory_reads_and_writes_little_endian);
  g_test_add_func ("/hv/machine/bus/memory-access-past-its-end-or-unmapped-fails",
                   test_memory_access_past_its_end_or_unmapped_fails);
  g_test_add_func ("/hv/machine/bus/rom-is-read-only", test_rom_is_read_only);
  g_test_add_func ("/hv/machine/bus/device-access-reaches-ops-with-offset-and-size",
                   test_device_access_reaches_ops_with_offset_and_size);
  g_test_add_func ("/hv/machine/bus/device-access-of-a-wrong-size-or-alignment-is-a-guest-error",
                   test_device_access_of_a_wrong_size_or_alignment_is_a_guest_error);
  g_test_add_func ("/hv/machine/bus/device-access-past-a-small-region-is-a-guest-error",
                   test_device_access_past_a_small_region_is_a_guest_error);
  g_test_add_func ("/hv/machine/bus/reset-follows-the-order-devices-were-added",
                   test_reset_follows_the_order_devices_were_added);
  return g_test_run ();
}

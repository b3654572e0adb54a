/* test-machine.c: creating machines, their clock, power requests, hart threads, and the virt
 * board's map. */
#include <string.h>
#include <unistd.h>

#include "hv/dev/aclint.h"
#include "hv/dev/goldfish-rtc.h"
#include "hv/dev/plic.h"
#include "hv/dev/syscon.h"
#include "hv/dev/uart16550.h"
#include "hv/dev/virtio-mmio.h"
#include "hv/machine/machine.h"
#include "hv/machine/chardev.h"
#include "hv/machine/virt.h"

#define RAM_BASE 0x80000000ull

static void
assert_new_fails (uint64_t base, uint64_t size, unsigned n_harts, int code)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = pvm_machine_new (base, size, n_harts, true, &error);

  g_assert_null (machine);
  g_assert_error (error, PVM_MACHINE_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_new_refuses_bad_sizes (void)
{
  assert_new_fails (RAM_BASE, 100000ull << 30, 1, PVM_MACHINE_ERROR_SPACE);
  assert_new_fails (RAM_BASE, UINT64_MAX & ~0xfffull, 1, PVM_MACHINE_ERROR_INVALID);
  assert_new_fails (RAM_BASE, 0, 1, PVM_MACHINE_ERROR_INVALID);
  assert_new_fails (RAM_BASE, (1 << 20) + 1, 1, PVM_MACHINE_ERROR_INVALID);
  assert_new_fails (RAM_BASE, 1 << 20, 0, PVM_MACHINE_ERROR_INVALID);
  assert_new_fails (RAM_BASE, 1 << 20, PVM_MAX_HARTS + 1, PVM_MACHINE_ERROR_INVALID);
}

static void
test_new_maps_ram (void)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = pvm_machine_new (RAM_BASE, 1ull << 30, 3, true, &error);
  const PvmBusRegion *r;

  g_assert_no_error (error);
  g_assert_cmpuint (machine->n_harts, ==, 3);
  g_assert_cmphex (machine->ram_base, ==, RAM_BASE);
  g_assert_cmphex (machine->ram_size, ==, 1ull << 30);
  g_assert_cmpuint (machine->timebase_hz, ==, 10000000);
  r = pvm_bus_find (&machine->bus, RAM_BASE + (1ull << 30) - 1);
  g_assert_nonnull (r);
  g_assert_null (r->ops);
  g_assert_true (r->host == machine->ram);
  g_assert_null (pvm_bus_find (&machine->bus, RAM_BASE + (1ull << 30)));
  g_assert_true (pvm_machine_ram_ptr (machine, RAM_BASE + 16, 16) == machine->ram + 16);
  g_assert_null (pvm_machine_ram_ptr (machine, RAM_BASE - 1, 2));
  for (unsigned i = 0; i < 3; i++) {
    g_assert_cmpuint (machine->harts[i].id, ==, i);
    g_assert_true (machine->harts[i].machine == machine);
  }
  pvm_machine_free (machine);
  pvm_machine_free (NULL);
}

static void
test_time (void)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = pvm_machine_new (RAM_BASE, 1 << 20, 1, true, &error);
  uint64_t t0, t1;
  int64_t ns;

  t0 = pvm_machine_time (machine);
  g_usleep (20000);
  t1 = pvm_machine_time (machine);
  g_assert_cmpuint (t1 - t0, >=, 200000); /* 20 ms at 10 MHz */
  g_assert_cmpuint (t1 - t0, <, 10000000);

  g_assert_cmpint (pvm_machine_time_to_ns (machine, 0), ==, machine->time_origin_ns);
  g_assert_cmpint (pvm_machine_time_to_ns (machine, 1), ==, machine->time_origin_ns + 100);
  g_assert_cmpint (pvm_machine_time_to_ns (machine, 10000000), ==,
                   machine->time_origin_ns + 1000000000);
  g_assert_cmpint (pvm_machine_time_to_ns (machine, UINT64_MAX), ==, INT64_MAX);

  /* at the instant returned, the clock has reached the ticks */
  ns = pvm_machine_time_to_ns (machine, t1 + 1000);
  while (g_get_monotonic_time () * 1000 < ns + 1000)
    g_usleep (50);
  g_assert_cmpuint (pvm_machine_time (machine), >=, t1 + 1000);
  pvm_machine_free (machine);
}

static void
test_power_first_request_wins (void)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = pvm_machine_new (RAM_BASE, 1 << 20, 2, true, &error);

  pvm_machine_request_power (machine, PVM_POWER_RUNNING, 5);
  g_assert_cmpint (atomic_load (&machine->power), ==, PVM_POWER_RUNNING);
  pvm_machine_request_power (machine, PVM_POWER_FAIL, 3);
  pvm_machine_request_power (machine, PVM_POWER_OFF, 0);
  g_assert_cmpint (atomic_load (&machine->power), ==, PVM_POWER_FAIL);
  g_assert_cmpint (machine->exit_code, ==, 3);
  for (unsigned i = 0; i < 2; i++)
    g_assert_cmphex (atomic_load (&machine->harts[i].requests) & PVM_HART_REQ_EXIT, !=, 0);

  pvm_machine_reset (machine);
  g_assert_cmpint (atomic_load (&machine->power), ==, PVM_POWER_RUNNING);
  g_assert_cmpint (machine->exit_code, ==, 0);
  g_assert_cmphex (atomic_load (&machine->harts[0].requests) & PVM_HART_REQ_EXIT, ==, 0);
  pvm_machine_free (machine);
}

/* Hart threads start, run, and leave when asked; a power request stops them by itself. */
static void
test_threads_start_and_stop (void)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = pvm_machine_new (RAM_BASE, 1 << 20, 4, false, &error);

  /* an endless loop at the reset pc: j . */
  for (unsigned i = 0; i < 4096; i += 4)
    memcpy (machine->ram + i, "\x6f\x00\x00\x00", 4);
  g_assert_true (pvm_machine_start (machine, &error));
  g_assert_no_error (error);
  g_assert_true (pvm_machine_start (machine, &error));
  for (unsigned i = 0; i < 4; i++)
    g_assert_nonnull (machine->threads[i]);
  g_usleep (20000);
  pvm_machine_stop (machine);
  for (unsigned i = 0; i < 4; i++)
    g_assert_null (machine->threads[i]);
  pvm_machine_stop (machine);

  g_assert_true (pvm_machine_start (machine, &error));
  pvm_machine_request_power (machine, PVM_POWER_OFF, 0);
  pvm_machine_stop (machine);
  pvm_machine_free (machine);
}

static void
test_virt_maps_the_board_table (void)
{
  g_autoptr (GError) error = NULL;
  PvmVirtConfig config = { .ram_size = 32 << 20, .n_harts = 2, .pv = true };
  PvmMachine *machine = pvm_virt_new (&config, &error);
  static const struct {
    PvmVirtRegion region;
    const PvmDeviceOps *ops;
  } devices[] = {
    { PVM_VIRT_TEST, &pvm_syscon_ops },  { PVM_VIRT_RTC, &pvm_goldfish_rtc_ops },
    { PVM_VIRT_CLINT, &pvm_aclint_ops }, { PVM_VIRT_PLIC, &pvm_plic_ops },
    { PVM_VIRT_UART0, &pvm_uart_ops },
  };

  g_assert_no_error (error);
  for (unsigned i = 0; i < G_N_ELEMENTS (devices); i++) {
    const PvmVirtMapEntry *e = &pvm_virt_memmap[devices[i].region];
    const PvmBusRegion *r = pvm_bus_find (&machine->bus, e->base);

    g_assert_nonnull (r);
    g_assert_true (r->ops == devices[i].ops);
    g_assert_cmphex (r->base, ==, e->base);
    g_assert_cmphex (r->size, ==, e->size);
  }
  for (unsigned i = 0; i < PVM_VIRT_VIRTIO_COUNT; i++) {
    const PvmVirtMapEntry *e = &pvm_virt_memmap[PVM_VIRT_VIRTIO];
    const PvmBusRegion *r = pvm_bus_find (&machine->bus, e->base + i * e->size);
    uint64_t id = 1;

    g_assert_nonnull (r);
    g_assert_true (r->ops == &pvm_virtio_mmio_ops);
    g_assert_true (r->dev == machine->virtio[i]);
    g_assert_cmphex (r->size, ==, e->size);
    g_assert_cmpint (pvm_bus_read (&machine->bus, r->base + 8, 4, &id), ==, 0);
    g_assert_cmpuint (id, ==, 0); /* empty */
  }
  g_assert_cmphex (pvm_virt_memmap[PVM_VIRT_DRAM].base, ==, machine->ram_base);
  g_assert_nonnull (machine->plic);
  g_assert_nonnull (machine->aclint);
  g_assert_nonnull (machine->uart);
  g_assert_nonnull (machine->rtc);
  g_assert_nonnull (machine->syscon);
  pvm_machine_free (machine);
}

static void
test_virt_attaches_disks_to_the_first_slots (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("pvm-disk-XXXXXX.img", &path, &error);
  g_assert_no_error (error);
  g_assert_no_errno (ftruncate (fd, 1 << 20));
  close (fd);
  PvmVirtDisk disks[] = { { path, false }, { path, true } };
  PvmVirtConfig config = { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .disks = disks,
                           .n_disks = 2 };
  PvmMachine *machine = pvm_virt_new (&config, &error);
  const uint64_t base = pvm_virt_memmap[PVM_VIRT_VIRTIO].base;
  uint64_t id;

  g_assert_no_error (error);
  for (unsigned i = 0; i < 3; i++) {
    g_assert_cmpint (pvm_bus_read (&machine->bus, base + 0x1000 * i + 8, 4, &id), ==, 0);
    g_assert_cmpuint (id, ==, i < 2 ? 2 : 0);
  }
  pvm_machine_free (machine);
  unlink (path);
}

static void
test_virt_puts_the_other_virtio_devices_after_the_disks (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("pvm-disk-XXXXXX.img", &path, &error);
  g_assert_no_error (error);
  g_assert_no_errno (ftruncate (fd, 1 << 20));
  close (fd);
  PvmVirtDisk disks[] = { { path, false } };
  PvmNetConfig nets[2];
  g_assert_true (pvm_net_config_parse (&nets[0], "user", 0, &error));
  g_assert_true (pvm_net_config_parse (&nets[1], "user,mac=02:00:00:00:00:07", 1, &error));
  PvmChardev *chr = pvm_chardev_new_fds (-1, -1, NULL, &error);
  g_assert_no_error (error);
  PvmVirtConfig config = { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .disks = disks,
                           .n_disks = 1, .nets = nets, .n_nets = 2, .virtio_console = chr,
                           .rng = true };
  PvmMachine *machine = pvm_virt_new (&config, &error);
  const uint64_t base = pvm_virt_memmap[PVM_VIRT_VIRTIO].base;
  static const uint32_t ids[] = { 2, 1, 1, 3, 4, 0 }; /* disk, cards, console, rng, empty */
  uint64_t v;

  g_assert_no_error (error);
  for (unsigned i = 0; i < G_N_ELEMENTS (ids); i++) {
    g_assert_cmpint (pvm_bus_read (&machine->bus, base + 0x1000 * i + 8, 4, &v), ==, 0);
    g_assert_cmpuint (v, ==, ids[i]);
  }
  /* The second card's address, in its configuration space. */
  g_assert_cmpint (pvm_bus_read (&machine->bus, base + 0x2000 + 0x100 + 5, 1, &v), ==, 0);
  g_assert_cmphex (v, ==, 0x07);
  pvm_machine_free (machine);
  pvm_chardev_free (chr);
  unlink (path);
}

static void
test_virt_refuses_bad_configs (void)
{
  static const PvmVirtDisk missing[] = { { "/nonexistent/pvm-disk.img", true } };
  static const PvmVirtDisk nine[9] = { { "a" } };
  PvmVirtConfig configs[] = {
    { .ram_size = 32 << 20, .n_harts = 0, .pv = true },
    { .ram_size = 32 << 20, .n_harts = 9, .pv = true },
    { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .kernel = "a", .test_elf = "b" },
    { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .initrd = "a" },
    { .ram_size = 32 << 20, .n_harts = 1, .pv = false, .kernel = "a" },
    { .ram_size = 100000ull << 30, .n_harts = 1, .pv = true },
    { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .disks = missing, .n_disks = 1 },
    { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .disks = nine, .n_disks = 9 },
    { .ram_size = 32 << 20, .n_harts = 1, .pv = true, .disks = nine, .n_disks = 8, .rng = true },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (configs); i++) {
    g_autoptr (GError) error = NULL;

    g_assert_null (pvm_virt_new (&configs[i], &error));
    g_assert_nonnull (error);
    g_assert_null (strchr (error->message, '\n'));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hv/machine/machine/new-refuses-sizes-the-host-cannot-give",
                   test_new_refuses_bad_sizes);
  g_test_add_func ("/hv/machine/machine/new-maps-ram-and-initializes-harts", test_new_maps_ram);
  g_test_add_func ("/hv/machine/machine/time-runs-at-10-mhz", test_time);
  g_test_add_func ("/hv/machine/machine/first-power-request-wins-until-reset",
                   test_power_first_request_wins);
  g_test_add_func ("/hv/machine/machine/hart-threads-start-and-stop",
                   test_threads_start_and_stop);
  g_test_add_func ("/hv/machine/virt/devices-sit-where-the-table-says",
                   test_virt_maps_the_board_table);
  g_test_add_func ("/hv/machine/virt/disks-take-the-first-virtio-slots",
                   test_virt_attaches_disks_to_the_first_slots);
  g_test_add_func ("/hv/machine/virt/cards-console-and-rng-take-the-slots-after-the-disks",
                   test_virt_puts_the_other_virtio_devices_after_the_disks);
  g_test_add_func ("/hv/machine/virt/bad-configurations-are-refused",
                   test_virt_refuses_bad_configs);
  return g_test_run ();
}

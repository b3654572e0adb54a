/* test-fdt.c: the device tree of the virt board, read back with libfdt. */
#include <libfdt.h>
#include <string.h>

#include "hv/machine/fdt.h"
#include "hv/machine/machine.h"
#include "hv/machine/virt.h"

typedef struct {
  PvmMachine *machine;
  void *fdt;
  gsize size;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->machine = pvm_machine_new (0x80000000, 128 << 20, 2, true, &error);
  g_assert_no_error (error);
  f->fdt = pvm_fdt_build (f->machine, "console=ttyS0 earlycon=sbi", TRUE, &f->size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->fdt);
  g_assert_cmpint (fdt_check_header (f->fdt), ==, 0);
  g_assert_cmpuint (fdt_totalsize (f->fdt), ==, f->size);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_free (f->fdt);
  pvm_machine_free (f->machine);
}

static int
node (Fixture *f, const char *path)
{
  int off = fdt_path_offset (f->fdt, path);

  if (off < 0)
    g_error ("no node %s: %s", path, fdt_strerror (off));
  return off;
}

static const char *
prop_string (Fixture *f, const char *path, const char *name)
{
  int len;
  const char *s = fdt_getprop (f->fdt, node (f, path), name, &len);

  if (!s)
    g_error ("no property %s in %s", name, path);
  g_assert_cmpint (len, ==, (int) strlen (s) + 1);
  return s;
}

/* The cells of property @name, in host order; @n receives how many. */
static const fdt32_t *
prop_cells (Fixture *f, const char *path, const char *name, int *n)
{
  int len;
  const fdt32_t *p = fdt_getprop (f->fdt, node (f, path), name, &len);

  if (!p)
    g_error ("no property %s in %s", name, path);
  g_assert_cmpint (len % 4, ==, 0);
  *n = len / 4;
  return p;
}

static uint32_t
prop_u32 (Fixture *f, const char *path, const char *name)
{
  int n;
  const fdt32_t *p = prop_cells (f, path, name, &n);

  g_assert_cmpint (n, ==, 1);
  return fdt32_to_cpu (p[0]);
}

static uint64_t
prop_u64 (Fixture *f, const char *path, const char *name)
{
  int n;
  const fdt32_t *p = prop_cells (f, path, name, &n);

  g_assert_cmpint (n, ==, 2);
  return (uint64_t) fdt32_to_cpu (p[0]) << 32 | fdt32_to_cpu (p[1]);
}

static gboolean
has_prop (Fixture *f, const char *path, const char *name)
{
  return fdt_getprop (f->fdt, node (f, path), name, NULL) != NULL;
}

/* Checks that the string list @name of @path is exactly the NULL-terminated @expected. */
static void
assert_strings (Fixture *f, const char *path, const char *name, const char *const *expected)
{
  int len;
  const char *p = fdt_getprop (f->fdt, node (f, path), name, &len);
  int pos = 0;

  g_assert_nonnull (p);
  for (; *expected; expected++) {
    g_assert_cmpint (pos, <, len);
    g_assert_cmpstr (p + pos, ==, *expected);
    pos += (int) strlen (*expected) + 1;
  }
  g_assert_cmpint (pos, ==, len);
}

static void
assert_reg (Fixture *f, const char *path, uint64_t base, uint64_t size)
{
  int n;
  const fdt32_t *p = prop_cells (f, path, "reg", &n);

  g_assert_cmpint (n, ==, 4);
  g_assert_cmphex ((uint64_t) fdt32_to_cpu (p[0]) << 32 | fdt32_to_cpu (p[1]), ==, base);
  g_assert_cmphex ((uint64_t) fdt32_to_cpu (p[2]) << 32 | fdt32_to_cpu (p[3]), ==, size);
}

static void
test_root_and_memory (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (prop_u32 (f, "/", "#address-cells"), ==, 2);
  g_assert_cmpuint (prop_u32 (f, "/", "#size-cells"), ==, 2);
  g_assert_cmpstr (prop_string (f, "/memory@80000000", "device_type"), ==, "memory");
  assert_reg (f, "/memory@80000000", 0x80000000, 128 << 20);
}

static void
test_cpus (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (prop_u32 (f, "/cpus", "timebase-frequency"), ==, 10000000);
  g_assert_cmpuint (prop_u32 (f, "/cpus", "#address-cells"), ==, 1);
  g_assert_cmpuint (prop_u32 (f, "/cpus", "#size-cells"), ==, 0);

  for (unsigned i = 0; i < 2; i++) {
    g_autofree char *cpu = g_strdup_printf ("/cpus/cpu@%u", i);
    g_autofree char *intc = g_strdup_printf ("%s/interrupt-controller", cpu);
    g_autofree char *core = g_strdup_printf ("/cpus/cpu-map/cluster0/core%u", i);

    g_assert_cmpstr (prop_string (f, cpu, "device_type"), ==, "cpu");
    g_assert_cmpuint (prop_u32 (f, cpu, "reg"), ==, i);
    g_assert_cmpstr (prop_string (f, cpu, "status"), ==, "okay");
    g_assert_cmpstr (prop_string (f, cpu, "compatible"), ==, "riscv");
    g_assert_cmpstr (prop_string (f, cpu, "riscv,isa"), ==, PVM_FDT_RISCV_ISA);
    g_assert_cmpstr (prop_string (f, cpu, "mmu-type"), ==, "riscv,sv48");

    g_assert_cmpstr (prop_string (f, intc, "compatible"), ==, "riscv,cpu-intc");
    g_assert_cmpuint (prop_u32 (f, intc, "#interrupt-cells"), ==, 1);
    g_assert_true (has_prop (f, intc, "interrupt-controller"));
    g_assert_cmpuint (fdt_get_phandle (f->fdt, node (f, intc)), !=, 0);

    g_assert_cmpuint (prop_u32 (f, core, "cpu"), ==, fdt_get_phandle (f->fdt, node (f, cpu)));
  }
  g_assert_cmpint (fdt_path_offset (f->fdt, "/cpus/cpu@2"), ==, -FDT_ERR_NOTFOUND);
}

/* Checks interrupts-extended of @path: per hart, its intc's phandle with @a, then with @b. */
static void
assert_per_hart_irqs (Fixture *f, const char *path, uint32_t a, uint32_t b)
{
  int n;
  const fdt32_t *p = prop_cells (f, path, "interrupts-extended", &n);

  g_assert_cmpint (n, ==, 2 * 4);
  for (unsigned i = 0; i < 2; i++) {
    g_autofree char *intc = g_strdup_printf ("/cpus/cpu@%u/interrupt-controller", i);
    uint32_t phandle = fdt_get_phandle (f->fdt, node (f, intc));

    g_assert_cmpuint (fdt32_to_cpu (p[4 * i + 0]), ==, phandle);
    g_assert_cmpuint (fdt32_to_cpu (p[4 * i + 1]), ==, a);
    g_assert_cmpuint (fdt32_to_cpu (p[4 * i + 2]), ==, phandle);
    g_assert_cmpuint (fdt32_to_cpu (p[4 * i + 3]), ==, b);
  }
}

static void
test_soc_interrupt_controllers (Fixture *f, gconstpointer data)
{
  static const char *const clint[] = { "sifive,clint0", "riscv,clint0", NULL };
  static const char *const plic[] = { "sifive,plic-1.0.0", "riscv,plic0", NULL };

  g_assert_cmpstr (prop_string (f, "/soc", "compatible"), ==, "simple-bus");
  g_assert_true (has_prop (f, "/soc", "ranges"));

  assert_strings (f, "/soc/clint@2000000", "compatible", clint);
  assert_reg (f, "/soc/clint@2000000", 0x2000000, 0x10000);
  assert_per_hart_irqs (f, "/soc/clint@2000000", 3, 7);

  assert_strings (f, "/soc/plic@c000000", "compatible", plic);
  assert_reg (f, "/soc/plic@c000000", 0xc000000, 0x600000);
  assert_per_hart_irqs (f, "/soc/plic@c000000", 11, 9);
  g_assert_cmpuint (prop_u32 (f, "/soc/plic@c000000", "riscv,ndev"), ==, 95);
  g_assert_cmpuint (prop_u32 (f, "/soc/plic@c000000", "#interrupt-cells"), ==, 1);
  g_assert_true (has_prop (f, "/soc/plic@c000000", "interrupt-controller"));
  g_assert_cmpuint (fdt_get_phandle (f->fdt, node (f, "/soc/plic@c000000")), !=, 0);
}

static void
test_soc_devices (Fixture *f, gconstpointer data)
{
  static const char *const test[] = { "sifive,test1", "sifive,test0", "syscon", NULL };
  uint32_t plic = fdt_get_phandle (f->fdt, node (f, "/soc/plic@c000000"));
  uint32_t syscon = fdt_get_phandle (f->fdt, node (f, "/soc/test@100000"));

  g_assert_cmpstr (prop_string (f, "/soc/serial@10000000", "compatible"), ==, "ns16550a");
  assert_reg (f, "/soc/serial@10000000", 0x10000000, 0x100);
  g_assert_cmpuint (prop_u32 (f, "/soc/serial@10000000", "clock-frequency"), ==, 3686400);
  g_assert_cmpuint (prop_u32 (f, "/soc/serial@10000000", "interrupts"), ==, 10);
  g_assert_cmpuint (prop_u32 (f, "/soc/serial@10000000", "interrupt-parent"), ==, plic);

  g_assert_cmpstr (prop_string (f, "/soc/rtc@101000", "compatible"), ==, "google,goldfish-rtc");
  assert_reg (f, "/soc/rtc@101000", 0x101000, 0x1000);
  g_assert_cmpuint (prop_u32 (f, "/soc/rtc@101000", "interrupts"), ==, 11);
  g_assert_cmpuint (prop_u32 (f, "/soc/rtc@101000", "interrupt-parent"), ==, plic);

  assert_strings (f, "/soc/test@100000", "compatible", test);
  assert_reg (f, "/soc/test@100000", 0x100000, 0x1000);
  g_assert_cmpuint (syscon, !=, 0);

  g_assert_cmpstr (prop_string (f, "/poweroff", "compatible"), ==, "syscon-poweroff");
  g_assert_cmpuint (prop_u32 (f, "/poweroff", "regmap"), ==, syscon);
  g_assert_cmpuint (prop_u32 (f, "/poweroff", "offset"), ==, 0);
  g_assert_cmpuint (prop_u32 (f, "/poweroff", "value"), ==, 0x5555);
  g_assert_cmpstr (prop_string (f, "/reboot", "compatible"), ==, "syscon-reboot");
  g_assert_cmpuint (prop_u32 (f, "/reboot", "regmap"), ==, syscon);
  g_assert_cmpuint (prop_u32 (f, "/reboot", "offset"), ==, 0);
  g_assert_cmpuint (prop_u32 (f, "/reboot", "value"), ==, 0x7777);
}

static void
test_virtio_slots (Fixture *f, gconstpointer data)
{
  uint32_t plic = fdt_get_phandle (f->fdt, node (f, "/soc/plic@c000000"));
  int prev = -1;

  for (unsigned i = 0; i < 8; i++) {
    g_autofree char *path = g_strdup_printf ("/soc/virtio_mmio@%x", 0x10001000 + 0x1000 * i);
    int off = node (f, path);

    g_assert_cmpstr (prop_string (f, path, "compatible"), ==, "virtio,mmio");
    assert_reg (f, path, 0x10001000 + 0x1000 * i, 0x1000);
    g_assert_cmpuint (prop_u32 (f, path, "interrupts"), ==, 1 + i);
    g_assert_cmpuint (prop_u32 (f, path, "interrupt-parent"), ==, plic);
    /* In address order, which is the order Linux names the disks in. */
    g_assert_cmpint (off, >, prev);
    prev = off;
  }
}

static void
test_chosen (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (prop_string (f, "/chosen", "bootargs"), ==, "console=ttyS0 earlycon=sbi");
  g_assert_cmpstr (prop_string (f, "/chosen", "stdout-path"), ==, "/soc/serial@10000000");
  g_assert_true (fdt_path_offset (f->fdt, prop_string (f, "/chosen", "stdout-path")) >= 0);

  g_assert_true (pvm_fdt_set_initrd (f->fdt, 0x87000000, 0x87123456, &error));
  g_assert_no_error (error);
  g_assert_cmphex (prop_u64 (f, "/chosen", "linux,initrd-start"), ==, 0x87000000);
  g_assert_cmphex (prop_u64 (f, "/chosen", "linux,initrd-end"), ==, 0x87123456);
}

static void
test_chosen_without_initrd (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_free (f->fdt);
  f->fdt = pvm_fdt_build (f->machine, NULL, FALSE, &f->size, &error);
  g_assert_no_error (error);
  g_assert_false (has_prop (f, "/chosen", "linux,initrd-start"));
  g_assert_false (has_prop (f, "/chosen", "bootargs"));
  g_assert_false (pvm_fdt_set_initrd (f->fdt, 1, 2, &error));
  g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED);
}

static void
test_cmdline_limit (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *longest = g_strnfill (PVM_FDT_CMDLINE_MAX - 1, 'a');
  g_autofree char *too_long = g_strnfill (PVM_FDT_CMDLINE_MAX, 'a');
  gsize size;
  void *fdt;

  fdt = pvm_fdt_build (f->machine, longest, FALSE, &size, &error);
  g_assert_no_error (error);
  g_free (fdt);

  fdt = pvm_fdt_build (f->machine, too_long, FALSE, &size, &error);
  g_assert_null (fdt);
  g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "command line"));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_eight_harts (void)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = pvm_machine_new (0x80000000, 64 << 20, 8, true, &error);
  gsize size;
  void *fdt;
  int len;
  const void *irqs;

  g_assert_no_error (error);
  fdt = pvm_fdt_build (machine, NULL, FALSE, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fdt_path_offset (fdt, "/cpus/cpu@7/interrupt-controller"), >=, 0);
  g_assert_cmpint (fdt_path_offset (fdt, "/cpus/cpu-map/cluster0/core7"), >=, 0);
  irqs = fdt_getprop (fdt, fdt_path_offset (fdt, "/soc/plic@c000000"), "interrupts-extended",
                      &len);
  g_assert_nonnull (irqs);
  g_assert_cmpint (len, ==, 8 * 4 * 4);
  g_free (fdt);
  pvm_machine_free (machine);
}

static void
test_virt_builds_the_tree (void)
{
  g_autoptr (GError) error = NULL;
  PvmVirtConfig config = { .ram_size = 64 << 20, .n_harts = 1, .pv = true };
  PvmMachine *machine = pvm_virt_new (&config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (machine->fdt);
  g_assert_cmpint (fdt_check_header (machine->fdt), ==, 0);
  g_assert_cmpuint (fdt_totalsize (machine->fdt), ==, machine->fdt_size);
  g_assert_cmpint (fdt_path_offset (machine->fdt, "/soc/serial@10000000"), >=, 0);
  pvm_machine_free (machine);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/machine/fdt/root-has-two-cell-addresses-and-the-memory-node", test_root_and_memory);
  ADD ("/hv/machine/fdt/cpus-have-isa-mmu-intc-and-cpu-map", test_cpus);
  ADD ("/hv/machine/fdt/clint-and-plic-route-per-hart-interrupts", test_soc_interrupt_controllers);
  ADD ("/hv/machine/fdt/uart-rtc-and-test-device-with-poweroff-and-reboot", test_soc_devices);
  ADD ("/hv/machine/fdt/virtio-mmio-slots-in-address-order-on-the-plic", test_virtio_slots);
  ADD ("/hv/machine/fdt/chosen-has-bootargs-stdout-and-initrd", test_chosen);
  ADD ("/hv/machine/fdt/chosen-without-initrd-or-cmdline", test_chosen_without_initrd);
  ADD ("/hv/machine/fdt/command-line-of-1024-bytes-is-an-error", test_cmdline_limit);
#undef ADD
  g_test_add_func ("/hv/machine/fdt/eight-harts-get-eight-cpu-nodes", test_eight_harts);
  g_test_add_func ("/hv/machine/fdt/virt-board-builds-its-tree", test_virt_builds_the_tree);
  return g_test_run ();
}

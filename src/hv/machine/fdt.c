/* fdt.c: the device tree of the virt board, written with libfdt's sequential-write API. The
 * shape follows what QEMU's virt board gives Linux and firmware. */
#include "hv/machine/fdt.h"

#include <inttypes.h>
#include <libfdt.h>
#include <string.h>
#include <sys/random.h>

#include "hv/cpu/hart.h"
#include "hv/machine/virt.h"

/* Phandles: 1 + 2 * N is cpu@N, 2 + 2 * N its interrupt controller; the board's after those. */
#define FDT_PHANDLE_CPU(n) (1u + 2u * (n))
#define FDT_PHANDLE_INTC(n) (2u + 2u * (n))
#define FDT_PHANDLE_PLIC (2u + 2u * PVM_MAX_HARTS + 1u)
#define FDT_PHANDLE_TEST (FDT_PHANDLE_PLIC + 1u)

#define FDT_INITIAL_SIZE (16 * 1024)
#define FDT_MAX_SIZE (1024 * 1024)

/* Writes into one blob; after the first libfdt error every call does nothing, and the error is
 * reported once at the end. */
typedef struct {
  void *fdt;
  int err;
} FdtWriter;

static void
tree_begin (FdtWriter *w, const char *name)
{
  if (!w->err)
    w->err = fdt_begin_node (w->fdt, name);
}

static void
tree_begin_at (FdtWriter *w, const char *name, uint64_t address)
{
  char node[64];

  g_snprintf (node, sizeof node, "%s@%" PRIx64, name, address);
  tree_begin (w, node);
}

static void
tree_end (FdtWriter *w)
{
  if (!w->err)
    w->err = fdt_end_node (w->fdt);
}

static void
tree_prop (FdtWriter *w, const char *name, const void *value, int len)
{
  if (!w->err)
    w->err = fdt_property (w->fdt, name, value, len);
}

static void
tree_empty (FdtWriter *w, const char *name)
{
  tree_prop (w, name, NULL, 0);
}

static void
tree_string (FdtWriter *w, const char *name, const char *value)
{
  tree_prop (w, name, value, (int) strlen (value) + 1);
}

/* A string list, as compatible: the strings up to NULL, each with its terminating NUL. */
static void
tree_strings (FdtWriter *w, const char *name, ...)
{
  GString *list = g_string_new (NULL);
  const char *s;
  va_list ap;

  va_start (ap, name);
  while ((s = va_arg (ap, const char *)))
    g_string_append_len (list, s, (gssize) strlen (s) + 1);
  va_end (ap);
  tree_prop (w, name, list->str, (int) list->len);
  g_string_free (list, TRUE);
}

static void
tree_cells (FdtWriter *w, const char *name, const uint32_t *cells, unsigned n)
{
  fdt32_t be[4 * PVM_MAX_HARTS];

  g_assert (n <= G_N_ELEMENTS (be));
  for (unsigned i = 0; i < n; i++)
    be[i] = cpu_to_fdt32 (cells[i]);
  tree_prop (w, name, be, (int) (n * sizeof be[0]));
}

static void
tree_u32 (FdtWriter *w, const char *name, uint32_t value)
{
  tree_cells (w, name, &value, 1);
}

static void
tree_u64 (FdtWriter *w, const char *name, uint64_t value)
{
  fdt64_t be = cpu_to_fdt64 (value);

  tree_prop (w, name, &be, sizeof be);
}

/* reg = <base size> with #address-cells = #size-cells = 2. */
static void
tree_reg (FdtWriter *w, uint64_t base, uint64_t size)
{
  uint32_t cells[4] = { base >> 32, (uint32_t) base, size >> 32, (uint32_t) size };

  tree_cells (w, "reg", cells, 4);
}

static void
tree_reg_region (FdtWriter *w, PvmVirtRegion region)
{
  tree_reg (w, pvm_virt_memmap[region].base, pvm_virt_memmap[region].size);
}

static void
tree_chosen (FdtWriter *w, const char *cmdline, bool with_initrd)
{
  uint8_t seed[32];
  char stdout_path[64];

  tree_begin (w, "chosen");
  if (cmdline)
    tree_string (w, "bootargs", cmdline);
  g_snprintf (stdout_path, sizeof stdout_path, "/soc/serial@%" PRIx64,
              pvm_virt_memmap[PVM_VIRT_UART0].base);
  tree_string (w, "stdout-path", stdout_path);
  if (with_initrd) {
    tree_u64 (w, "linux,initrd-start", 0);
    tree_u64 (w, "linux,initrd-end", 0);
  }
  if (getrandom (seed, sizeof seed, GRND_NONBLOCK) == (ssize_t) sizeof seed)
    tree_prop (w, "rng-seed", seed, sizeof seed);
  tree_end (w);
}

static void
tree_memory (FdtWriter *w, const PvmMachine *machine)
{
  tree_begin_at (w, "memory", machine->ram_base);
  tree_string (w, "device_type", "memory");
  tree_reg (w, machine->ram_base, machine->ram_size);
  tree_end (w);
}

static void
tree_cpus (FdtWriter *w, const PvmMachine *machine)
{
  tree_begin (w, "cpus");
  tree_u32 (w, "#address-cells", 1);
  tree_u32 (w, "#size-cells", 0);
  tree_u32 (w, "timebase-frequency", (uint32_t) machine->timebase_hz);

  for (unsigned i = 0; i < machine->n_harts; i++) {
    tree_begin_at (w, "cpu", i);
    tree_string (w, "device_type", "cpu");
    tree_u32 (w, "reg", i);
    tree_string (w, "status", "okay");
    tree_string (w, "compatible", "riscv");
    tree_string (w, "riscv,isa", PVM_FDT_RISCV_ISA);
    tree_string (w, "mmu-type", "riscv,sv48");
    tree_u32 (w, "phandle", FDT_PHANDLE_CPU (i));

    tree_begin (w, "interrupt-controller");
    tree_u32 (w, "#interrupt-cells", 1);
    tree_empty (w, "interrupt-controller");
    tree_string (w, "compatible", "riscv,cpu-intc");
    tree_u32 (w, "phandle", FDT_PHANDLE_INTC (i));
    tree_end (w);

    tree_end (w);
  }

  tree_begin (w, "cpu-map");
  tree_begin (w, "cluster0");
  for (unsigned i = 0; i < machine->n_harts; i++) {
    char core[16];

    g_snprintf (core, sizeof core, "core%u", i);
    tree_begin (w, core);
    tree_u32 (w, "cpu", FDT_PHANDLE_CPU (i));
    tree_end (w);
  }
  tree_end (w);
  tree_end (w);

  tree_end (w);
}

/* interrupts-extended = <&intc0 @a &intc0 @b &intc1 @a ...>. */
static void
tree_per_hart_irqs (FdtWriter *w, const PvmMachine *machine, uint32_t a, uint32_t b)
{
  uint32_t cells[4 * PVM_MAX_HARTS];
  unsigned n = 0;

  for (unsigned i = 0; i < machine->n_harts; i++) {
    cells[n++] = FDT_PHANDLE_INTC (i);
    cells[n++] = a;
    cells[n++] = FDT_PHANDLE_INTC (i);
    cells[n++] = b;
  }
  tree_cells (w, "interrupts-extended", cells, n);
}

static void
tree_soc (FdtWriter *w, const PvmMachine *machine)
{
  tree_begin (w, "soc");
  tree_u32 (w, "#address-cells", 2);
  tree_u32 (w, "#size-cells", 2);
  tree_string (w, "compatible", "simple-bus");
  tree_empty (w, "ranges");

  tree_begin_at (w, "test", pvm_virt_memmap[PVM_VIRT_TEST].base);
  tree_strings (w, "compatible", "sifive,test1", "sifive,test0", "syscon", NULL);
  tree_reg_region (w, PVM_VIRT_TEST);
  tree_u32 (w, "phandle", FDT_PHANDLE_TEST);
  tree_end (w);

  tree_begin_at (w, "rtc", pvm_virt_memmap[PVM_VIRT_RTC].base);
  tree_string (w, "compatible", "google,goldfish-rtc");
  tree_reg_region (w, PVM_VIRT_RTC);
  tree_u32 (w, "interrupts", PVM_VIRT_RTC_IRQ);
  tree_u32 (w, "interrupt-parent", FDT_PHANDLE_PLIC);
  tree_end (w);

  tree_begin_at (w, "serial", pvm_virt_memmap[PVM_VIRT_UART0].base);
  tree_string (w, "compatible", "ns16550a");
  tree_reg_region (w, PVM_VIRT_UART0);
  tree_u32 (w, "clock-frequency", PVM_VIRT_UART_CLOCK_HZ);
  tree_u32 (w, "interrupts", PVM_VIRT_UART0_IRQ);
  tree_u32 (w, "interrupt-parent", FDT_PHANDLE_PLIC);
  tree_end (w);

  /* Every slot, empty or not, in address order: Linux names the disks in this order. The
   * power button's slot comes last. */
  for (unsigned i = 0; i < PVM_VIRT_VIRTIO_SLOTS; i++) {
    const PvmVirtMapEntry *slot = &pvm_virt_memmap[PVM_VIRT_VIRTIO];
    tree_begin_at (w, "virtio_mmio", slot->base + i * slot->size);
    tree_string (w, "compatible", "virtio,mmio");
    tree_reg (w, slot->base + i * slot->size, slot->size);
    tree_u32 (w, "interrupts", PVM_VIRT_VIRTIO_IRQ + i);
    tree_u32 (w, "interrupt-parent", FDT_PHANDLE_PLIC);
    tree_end (w);
  }

  tree_begin_at (w, "plic", pvm_virt_memmap[PVM_VIRT_PLIC].base);
  tree_strings (w, "compatible", "sifive,plic-1.0.0", "riscv,plic0", NULL);
  tree_reg_region (w, PVM_VIRT_PLIC);
  tree_u32 (w, "#address-cells", 0);
  tree_u32 (w, "#interrupt-cells", 1);
  tree_empty (w, "interrupt-controller");
  tree_per_hart_irqs (w, machine, PVM_IRQ_M_EXT, PVM_IRQ_S_EXT);
  tree_u32 (w, "riscv,ndev", PVM_VIRT_PLIC_NDEV);
  tree_u32 (w, "phandle", FDT_PHANDLE_PLIC);
  tree_end (w);

  tree_begin_at (w, "clint", pvm_virt_memmap[PVM_VIRT_CLINT].base);
  tree_strings (w, "compatible", "sifive,clint0", "riscv,clint0", NULL);
  tree_reg_region (w, PVM_VIRT_CLINT);
  tree_per_hart_irqs (w, machine, PVM_IRQ_M_SOFT, PVM_IRQ_M_TIMER);
  tree_end (w);

  tree_end (w);
}

/* The sifive-test syscon's poweroff and reboot, as Linux's syscon-poweroff and syscon-reboot
 * drivers read them. */
static void
tree_power (FdtWriter *w)
{
  tree_begin (w, "poweroff");
  tree_string (w, "compatible", "syscon-poweroff");
  tree_u32 (w, "regmap", FDT_PHANDLE_TEST);
  tree_u32 (w, "offset", 0);
  tree_u32 (w, "value", 0x5555);
  tree_end (w);

  tree_begin (w, "reboot");
  tree_string (w, "compatible", "syscon-reboot");
  tree_u32 (w, "regmap", FDT_PHANDLE_TEST);
  tree_u32 (w, "offset", 0);
  tree_u32 (w, "value", 0x7777);
  tree_end (w);
}

static int
tree_write (void *buf, int size, const PvmMachine *machine, const char *cmdline, bool with_initrd)
{
  FdtWriter w = { .fdt = buf };

  w.err = fdt_create (buf, size);
  if (!w.err)
    w.err = fdt_finish_reservemap (buf);

  tree_begin (&w, "");
  tree_u32 (&w, "#address-cells", 2);
  tree_u32 (&w, "#size-cells", 2);
  tree_string (&w, "compatible", "riscv-virtio");
  tree_string (&w, "model", "pvm,virt");
  tree_chosen (&w, cmdline, with_initrd);
  tree_memory (&w, machine);
  tree_cpus (&w, machine);
  tree_soc (&w, machine);
  tree_power (&w);
  tree_end (&w);

  if (!w.err)
    w.err = fdt_finish (buf);
  return w.err;
}

void *
pvm_fdt_build (const PvmMachine *machine, const char *cmdline, bool with_initrd, gsize *size,
               GError **error)
{
  size_t cmdline_len = cmdline ? strlen (cmdline) : 0;
  int capacity = FDT_INITIAL_SIZE;

  if (cmdline_len >= PVM_FDT_CMDLINE_MAX) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "The kernel command line is %zu bytes long, but Linux takes at most %d",
                 cmdline_len, PVM_FDT_CMDLINE_MAX - 1);
    return NULL;
  }

  for (;;) {
    void *buf = g_malloc0 ((gsize) capacity);
    int err = tree_write (buf, capacity, machine, cmdline, with_initrd);

    if (err == 0) {
      *size = fdt_totalsize (buf);
      return g_realloc (buf, *size);
    }
    g_free (buf);
    if (err != -FDT_ERR_NOSPACE || capacity >= FDT_MAX_SIZE) {
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED, "Cannot build the device tree: %s",
                   fdt_strerror (err));
      return NULL;
    }
    capacity *= 2;
  }
}

gboolean
pvm_fdt_set_initrd (void *fdt, uint64_t start, uint64_t end, GError **error)
{
  int chosen = fdt_path_offset (fdt, "/chosen");
  int err = chosen < 0 ? chosen : 0;

  if (!err)
    err = fdt_setprop_inplace_u64 (fdt, chosen, "linux,initrd-start", start);
  if (!err)
    err = fdt_setprop_inplace_u64 (fdt, chosen, "linux,initrd-end", end);
  if (err) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FAILED,
                 "Cannot record the initrd in the device tree: %s", fdt_strerror (err));
    return FALSE;
  }
  return TRUE;
}

/* machine.c: one virtual machine — its RAM, its harts and their threads, its clock and its
 * power requests. The board (which devices, where) is virt.c's business. */
#include "hv/machine/machine.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <time.h>

#include "hv/dev/aclint.h"
#include "hv/dev/goldfish-rtc.h"
#include "hv/dev/plic.h"
#include "hv/dev/syscon.h"
#include "hv/dev/uart16550.h"
#include "hv/dev/virtio-mmio.h"
#include "hv/machine/boot.h"

#define MACHINE_PAGE_SIZE 4096ull
#define NS_PER_SEC 1000000000ull

G_DEFINE_QUARK (pvm-machine-error-quark, pvm_machine_error)

static int64_t
machine_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * (int64_t) NS_PER_SEC + ts.tv_nsec;
}

uint64_t
pvm_machine_time (const PvmMachine *machine)
{
  int64_t elapsed = machine_now_ns () - machine->time_origin_ns;

  if (elapsed <= 0)
    return 0;
  return (uint64_t) ((unsigned __int128) elapsed * machine->timebase_hz / NS_PER_SEC);
}

int64_t
pvm_machine_time_to_ns (const PvmMachine *machine, uint64_t ticks)
{
  /* Rounded up, so that at the returned instant pvm_machine_time() has reached @ticks. */
  unsigned __int128 ns =
    ((unsigned __int128) ticks * NS_PER_SEC + machine->timebase_hz - 1) / machine->timebase_hz;

  if (ns > (unsigned __int128) (INT64_MAX - machine->time_origin_ns))
    return INT64_MAX;
  return machine->time_origin_ns + (int64_t) ns;
}

void
pvm_machine_request_power (PvmMachine *machine, PvmPowerRequest request, int exit_code)
{
  int expected = PVM_POWER_RUNNING;

  if (request == PVM_POWER_RUNNING)
    return;

  g_mutex_lock (&machine->power_lock);
  if (atomic_compare_exchange_strong (&machine->power, &expected, (int) request))
    machine->exit_code = exit_code;
  g_cond_broadcast (&machine->power_cond);
  g_mutex_unlock (&machine->power_lock);

  for (unsigned i = 0; i < machine->n_harts; i++)
    pvm_hart_request (&machine->harts[i], PVM_HART_REQ_EXIT);

  if (machine->context)
    g_main_context_wakeup (machine->context);
}

/* The memory the host could give at most: its RAM and its swap. */
static uint64_t
machine_host_memory (void)
{
  struct sysinfo si;

  if (sysinfo (&si) != 0)
    return UINT64_MAX;
  return ((uint64_t) si.totalram + si.totalswap) * si.mem_unit;
}

static gboolean
machine_map_ram (PvmMachine *machine, uint64_t size, GError **error)
{
  uint64_t host = machine_host_memory ();
  void *ram;

  g_autofree char *want = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

  if (size > host || size > SIZE_MAX) {
    g_autofree char *have = g_format_size_full (host, G_FORMAT_SIZE_IEC_UNITS);
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_SPACE,
                 "Cannot give the guest %s of memory: the host has only %s of RAM and swap",
                 want, have);
    return FALSE;
  }
  ram = mmap (NULL, (size_t) size, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (ram == MAP_FAILED) {
    int err = errno;
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_SPACE,
                 "Cannot map %s of guest memory: %s", want, g_strerror (err));
    return FALSE;
  }
  machine->ram = ram;
  machine->ram_size = size;
  return TRUE;
}

PvmMachine *
pvm_machine_new (uint64_t ram_base, uint64_t ram_size, unsigned n_harts, bool pv,
                 GError **error)
{
  PvmMachine *machine;

  if (n_harts < 1 || n_harts > PVM_MAX_HARTS) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "A machine has from 1 to %u harts, not %u", PVM_MAX_HARTS, n_harts);
    return NULL;
  }
  if (ram_size == 0 || ram_size % MACHINE_PAGE_SIZE != 0) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "The guest memory size must be a nonzero multiple of 4 KiB, not %"
                 G_GUINT64_FORMAT " bytes", ram_size);
    return NULL;
  }
  if (ram_base % MACHINE_PAGE_SIZE != 0 || ram_base + ram_size < ram_base ||
      ram_base + ram_size > (1ull << 56)) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID,
                 "%" G_GUINT64_FORMAT " MiB of guest memory do not fit in the physical "
                 "address space", ram_size >> 20);
    return NULL;
  }

  machine = g_new0 (PvmMachine, 1);
  g_mutex_init (&machine->power_lock);
  g_cond_init (&machine->power_cond);
  atomic_init (&machine->power, PVM_POWER_RUNNING);
  machine->context = g_main_context_new ();
  machine->timebase_hz = PVM_MACHINE_TIMEBASE_HZ;
  machine->time_origin_ns = machine_now_ns ();
  machine->ram_base = ram_base;
  machine->pv = pv;

  if (!machine_map_ram (machine, ram_size, error) ||
      !pvm_bus_add_memory (&machine->bus, ram_base, ram_size, machine->ram, false, error)) {
    pvm_machine_free (machine);
    return NULL;
  }

  machine->harts = g_new0 (PvmHart, n_harts);
  machine->n_harts = n_harts;
  for (unsigned i = 0; i < n_harts; i++) {
    pvm_hart_init (&machine->harts[i], machine, i, pv);
    pvm_hart_reset (&machine->harts[i], ram_base);
  }
  return machine;
}

void
pvm_machine_free (PvmMachine *machine)
{
  if (!machine)
    return;

  if (machine->harts)
    pvm_machine_stop (machine);

  /* virtio first: their I/O still in flight writes guest RAM and raises PLIC lines. */
  for (unsigned i = 0; i < PVM_MACHINE_MAX_VIRTIO; i++)
    g_clear_pointer (&machine->virtio[i], pvm_virtio_mmio_free);
  g_clear_pointer (&machine->uart, pvm_uart_free);
  g_clear_pointer (&machine->rtc, pvm_goldfish_rtc_free);
  g_clear_pointer (&machine->syscon, pvm_syscon_free);
  g_clear_pointer (&machine->plic, pvm_plic_free);
  g_clear_pointer (&machine->aclint, pvm_aclint_free);

  for (unsigned i = 0; i < machine->n_harts; i++)
    pvm_hart_clear (&machine->harts[i]);
  g_free (machine->harts);

  if (machine->ram)
    munmap (machine->ram, (size_t) machine->ram_size);
  g_free (machine->rom);
  g_free (machine->fdt);
  g_clear_pointer (&machine->boot, pvm_boot_free);
  if (machine->context)
    g_main_context_unref (machine->context);
  g_cond_clear (&machine->power_cond);
  g_mutex_clear (&machine->power_lock);
  g_free (machine);
}

static gpointer
machine_hart_thread (gpointer data)
{
  pvm_hart_run (data);
  return NULL;
}

gboolean
pvm_machine_start (PvmMachine *machine, GError **error)
{
  for (unsigned i = 0; i < PVM_MACHINE_MAX_VIRTIO; i++)
    if (machine->virtio[i])
      pvm_virtio_mmio_unquiesce (machine->virtio[i]);
  for (unsigned i = 0; i < machine->n_harts; i++) {
    PvmHart *hart = &machine->harts[i];
    char name[16];

    if (machine->threads[i])
      continue;
    atomic_fetch_and (&hart->requests, ~(uint32_t) PVM_HART_REQ_EXIT);
    g_snprintf (name, sizeof name, "hart%u", i);
    machine->threads[i] = g_thread_try_new (name, machine_hart_thread, hart, error);
    if (!machine->threads[i]) {
      g_prefix_error (error, "Cannot start a thread for hart %u: ", i);
      pvm_machine_stop (machine);
      return FALSE;
    }
  }
  return TRUE;
}

void
pvm_machine_stop (PvmMachine *machine)
{
  for (unsigned i = 0; i < machine->n_harts; i++)
    if (machine->threads[i])
      pvm_hart_request (&machine->harts[i], PVM_HART_REQ_EXIT);
  for (unsigned i = 0; i < machine->n_harts; i++)
    if (machine->threads[i])
      g_thread_join (g_steal_pointer (&machine->threads[i]));
  /* Devices driven by host events would still write guest memory. */
  for (unsigned i = 0; i < PVM_MACHINE_MAX_VIRTIO; i++)
    if (machine->virtio[i])
      pvm_virtio_mmio_quiesce (machine->virtio[i]);
}

void
pvm_machine_reset (PvmMachine *machine)
{
  uint64_t entry = machine->boot ? machine->boot->entry : machine->ram_base;

  pvm_machine_stop (machine);
  for (unsigned i = 0; i < machine->n_harts; i++) {
    atomic_store (&machine->harts[i].requests, 0);
    pvm_hart_reset (&machine->harts[i], entry);
  }
  pvm_bus_reset (&machine->bus);
  if (machine->boot)
    pvm_boot_apply (machine->boot, machine);

  g_mutex_lock (&machine->power_lock);
  atomic_store (&machine->power, PVM_POWER_RUNNING);
  machine->exit_code = 0;
  g_mutex_unlock (&machine->power_lock);
}

/* machine.h: one virtual machine — RAM, the bus, the harts and the board's devices. */
#pragma once

#include <glib.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/cpu/hart.h"
#include "hv/machine/bus.h"

#define PVM_MAX_HARTS 8
/* The most virtio-mmio transports a machine has. */
#define PVM_MACHINE_MAX_VIRTIO 9

typedef struct PvmAclint PvmAclint;
typedef struct PvmPlic PvmPlic;
typedef struct PvmUart PvmUart;
typedef struct PvmSyscon PvmSyscon;
typedef struct PvmGoldfishRtc PvmGoldfishRtc;
typedef struct PvmVirtioMmio PvmVirtioMmio;
typedef struct PvmChardev PvmChardev;
typedef struct PvmBoot PvmBoot;

/* What the guest asked of the machine's power (sifive-test syscon, SBI SRST). */
typedef enum {
  PVM_POWER_RUNNING = 0,
  PVM_POWER_OFF,   /* poweroff: the VMM exits with the guest's exit code */
  PVM_POWER_RESET, /* reboot: every hart and device reset, the boot reloaded */
  PVM_POWER_FAIL,  /* a fatal error the guest signalled (syscon FAIL, SRST system failure) */
} PvmPowerRequest;

struct PvmMachine {
  PvmBus bus;

  uint8_t *ram; /* one anonymous MAP_NORESERVE mapping */
  uint64_t ram_base, ram_size;
  uint8_t *rom; /* the board's reset ROM (g_malloc), or NULL */

  unsigned n_harts;
  PvmHart *harts;
  bool pv; /* PV: direct boot, the SBI answered by the hypervisor */

  /* mtime = (CLOCK_MONOTONIC ns - time_origin_ns) * timebase_hz / 1e9 */
  uint64_t timebase_hz;
  int64_t time_origin_ns;

  PvmAclint *aclint;
  PvmPlic *plic;
  PvmUart *uart;
  PvmSyscon *syscon;
  PvmGoldfishRtc *rtc;
  PvmVirtioMmio *virtio[PVM_MACHINE_MAX_VIRTIO]; /* NULL where the board has no slot */
  PvmChardev *serial;

  /* The VMM's event loop (its main thread): device timers, serial input, control traffic. */
  GMainContext *context;

  void *fdt; /* the generated device tree blob, owned */
  gsize fdt_size;

  /* Power state requested by the guest; the VMM's main thread waits on power_cond. */
  _Atomic int power; /* PvmPowerRequest */
  int exit_code;     /* with PVM_POWER_OFF / PVM_POWER_FAIL */
  GMutex power_lock;
  GCond power_cond;

  /* --test-elf: the guest physical address of `tohost`, or 0. */
  uint64_t tohost_addr;
  /* --test-elf: the guest physical address of `fromhost`, or 0. */
  uint64_t fromhost_addr;

  /* What the boot code placed in memory and the harts' entry state, placed again on reset
   * (boot.h); owned, or NULL. */
  PvmBoot *boot;

  /* The host thread running each hart, NULL while the harts are stopped. */
  GThread *threads[PVM_MAX_HARTS];
};

/* Errors of building and booting a machine; each message is one sentence for the user. */
#define PVM_MACHINE_ERROR (pvm_machine_error_quark ())
typedef enum {
  PVM_MACHINE_ERROR_INVALID, /* a configuration value out of range */
  PVM_MACHINE_ERROR_FILE,    /* a file cannot be read */
  PVM_MACHINE_ERROR_FORMAT,  /* a file is not what it should be */
  PVM_MACHINE_ERROR_SPACE,   /* not enough memory: host or guest */
  PVM_MACHINE_ERROR_FAILED,  /* anything else */
} PvmMachineError;

GQuark pvm_machine_error_quark (void);

/* The timebase of every machine, as on QEMU's virt board. */
#define PVM_MACHINE_TIMEBASE_HZ 10000000

/* Returns a machine with @ram_size bytes of RAM (a multiple of 4 KiB) mapped at @ram_base on its
 * bus, and @n_harts (1..PVM_MAX_HARTS) harts in reset state, not running. RAM is one anonymous
 * MAP_NORESERVE mapping, so untouched memory costs nothing. Returns NULL with @error if the host
 * cannot give that much memory (more than its RAM and swap, or the mapping fails) or if an
 * argument is out of range. */
PvmMachine *pvm_machine_new (uint64_t ram_base, uint64_t ram_size, unsigned n_harts, bool pv,
                             GError **error);

/* Stops the harts, frees the devices, the harts, RAM, the ROM, the device tree, the boot plan
 * and the context. The serial chardev is not the machine's and stays open. NULL is allowed. */
void pvm_machine_free (PvmMachine *machine);

/* Starts one host thread per hart, named "hart<N>", each in pvm_hart_run(). Returns FALSE with
 * @error (and no thread left running) if the host cannot create a thread. */
gboolean pvm_machine_start (PvmMachine *machine, GError **error);

/* Asks every hart to leave pvm_hart_run(), joins the threads, and quiesces the virtio devices
 * (pvm_virtio_mmio_quiesce()): once it returns, nothing writes guest memory until the next
 * pvm_machine_start(), which lets the devices go again. Blocks until the harts have left and
 * the devices' requests in flight have completed. Not callable from a hart thread. */
void pvm_machine_stop (PvmMachine *machine);

/* Puts the stopped machine back in its power-on state: every hart reset, every device reset,
 * the boot images copied into memory again and the harts set at their entry; clears the power
 * request. */
void pvm_machine_reset (PvmMachine *machine);

/* Returns the current mtime of @machine in timebase ticks. Safe from any thread. */
uint64_t pvm_machine_time (const PvmMachine *machine);

/* Returns the host nanosecond (CLOCK_MONOTONIC) at which mtime reaches @ticks. */
int64_t pvm_machine_time_to_ns (const PvmMachine *machine, uint64_t ticks);

/* Records a power request from the guest and stops every hart. Safe from any thread; the first
 * request wins until the VMM handles it. */
void pvm_machine_request_power (PvmMachine *machine, PvmPowerRequest request, int exit_code);

/* Returns the host address of the guest physical range [@pa, @pa + @len) if it lies wholly in
 * RAM, else NULL. For devices doing DMA: never touches anything outside guest RAM. */
static inline uint8_t *
pvm_machine_ram_ptr (const PvmMachine *machine, uint64_t pa, uint64_t len)
{
  if (pa < machine->ram_base || len > machine->ram_size ||
      pa - machine->ram_base > machine->ram_size - len)
    return NULL;
  return machine->ram + (pa - machine->ram_base);
}

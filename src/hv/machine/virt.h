/* virt.h: the board — the layout of QEMU's RISC-V `virt` machine, which guests and firmware
 * already know. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/machine/machine.h"
#include "hv/net/config.h"

/* The regions of the board, indexing pvm_virt_memmap[]. */
typedef enum {
  PVM_VIRT_MROM,   /* reset ROM */
  PVM_VIRT_TEST,   /* sifive-test syscon: poweroff, reboot */
  PVM_VIRT_RTC,    /* goldfish RTC */
  PVM_VIRT_CLINT,  /* ACLINT MSWI + MTIMER, SiFive CLINT layout */
  PVM_VIRT_PLIC,
  PVM_VIRT_UART0,  /* 16550A */
  PVM_VIRT_VIRTIO, /* the first virtio-mmio slot; slot i is at base + i * size */
  PVM_VIRT_DRAM,   /* size 0: set by the configuration */
  PVM_VIRT_N_REGIONS
} PvmVirtRegion;

typedef struct {
  uint64_t base, size;
} PvmVirtMapEntry;

/* Where each region of the board lives; read by device mapping and by the device tree. */
extern const PvmVirtMapEntry pvm_virt_memmap[PVM_VIRT_N_REGIONS];

/* PLIC sources. */
enum {
  PVM_VIRT_VIRTIO_IRQ = 1, /* slot i raises PVM_VIRT_VIRTIO_IRQ + i */
  PVM_VIRT_VIRTIO_COUNT = 8, /* the slots for the configured devices */
  PVM_VIRT_VIRTIO_POWER_SLOT = 8, /* one slot more, always there: the power button (IRQ 9) */
  PVM_VIRT_VIRTIO_SLOTS = 9,
  PVM_VIRT_UART0_IRQ = 10,
  PVM_VIRT_RTC_IRQ = 11,
  PVM_VIRT_PLIC_NDEV = 95, /* sources 1..95 */
};

/* The 16550's input clock, as on QEMU's virt board. */
#define PVM_VIRT_UART_CLOCK_HZ 3686400

/* A disk: a virtio-blk device on a raw image file or a block device. */
typedef struct {
  const char *path; /* or NULL for @fd */
  bool readonly;
  int fd; /* without @path: a descriptor of the image opened by the caller, taken */
} PvmVirtDisk;

typedef struct {
  uint64_t ram_size; /* bytes, a multiple of 4 KiB */
  unsigned n_harts;  /* 1..PVM_MAX_HARTS */
  bool pv;           /* direct boot into S-mode, SBI answered by the hypervisor */
  const char *kernel;   /* PV: a RISC-V Linux Image, or NULL */
  const char *initrd;   /* PV or @payload: an initramfs, or NULL */
  const char *cmdline;  /* PV or @payload: the kernel command line, or NULL */
  const char *test_elf; /* an ELF to run in M-mode on every hart, or NULL */
  const char *firmware; /* full virtualization: firmware entered from the reset ROM, or NULL */
  const char *payload;  /* with @firmware: what it boots next (U-Boot, a kernel Image), or NULL */
  const PvmVirtDisk *disks; /* disk i takes virtio-mmio slot i (IRQ 1 + i) */
  unsigned n_disks;         /* 0..PVM_VIRT_VIRTIO_COUNT */
  const PvmNetConfig *nets; /* network card i takes the slot after the disks and cards before */
  unsigned n_nets;
  PvmChardev *virtio_console; /* a virtio console's host side (after the cards), or NULL; not
                               * owned by the machine, and not also @serial */
  bool rng;                   /* a virtio entropy device after those */
  PvmChardev *serial;   /* UART0's host side, or NULL; not owned by the machine */
  GMainContext *context; /* the machine's event loop (a reference is taken), or NULL: its own */
} PvmVirtConfig;

/* Builds the virt board described by @config: RAM at 0x80000000, the reset ROM, the devices
 * created in order, mapped and wired to the PLIC, the device tree, and the kernel, firmware or
 * test ELF loaded with the harts at their entry (not yet running: see pvm_machine_start()).
 * Returns NULL with @error (one sentence) for anything wrong in @config or in the files it
 * names. */
PvmMachine *pvm_virt_new (const PvmVirtConfig *config, GError **error);

/* Presses the power button of the virt board @machine (a virtio-input power key in slot
 * PVM_VIRT_VIRTIO_POWER_SLOT) from any thread. Returns FALSE if the guest has left too many
 * presses untaken (see pvm_virtio_input_press_power()). */
gboolean pvm_virt_press_power_button (PvmMachine *machine);

/* options.h: pvm-vmm's command line. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "hv/net/config.h"

typedef enum {
  PVM_VMM_SERIAL_STDIO,
  PVM_VMM_SERIAL_NONE,
  PVM_VMM_SERIAL_SOCKET, /* --serial-socket */
} PvmVmmSerial;

/* The most --disk options: one per virtio-mmio slot of the board. */
#define PVM_VMM_MAX_DISKS 8

/* The most --net options. */
#define PVM_VMM_MAX_NETS 8

/* One --disk FILE[,readonly] or --disk fd=N[,readonly]. */
typedef struct {
  char *path; /* or NULL for: */
  int fd;     /* an inherited descriptor of the image (fd=N), taken by the machine */
  gboolean readonly;
} PvmVmmDisk;

typedef struct {
  char *kernel, *initrd, *append; /* PV direct boot (initrd, append: also with a payload) */
  char *firmware, *payload;       /* or full virtualization from the reset vector */
  char *test_elf;                 /* or an ISA test program in M-mode */
  uint64_t memory;                /* bytes */
  unsigned smp;
  PvmVmmSerial serial;
  char *serial_socket; /* the serial port's listening socket, or NULL */
  char *control;       /* the control socket (org.pvm.Vmm1), or NULL */
  unsigned timeout; /* seconds, 0 for none */
  PvmVmmDisk disks[PVM_VMM_MAX_DISKS]; /* in slot order */
  unsigned n_disks;
  PvmNetConfig nets[PVM_VMM_MAX_NETS]; /* --net, in slot order after the disks */
  unsigned n_nets;
  gboolean virtio_console; /* --virtio-console stdio: the stdio console on virtio, not the UART */
  gboolean rng;            /* --rng: a virtio entropy device */
  gboolean sandbox;        /* --sandbox: seccomp once the machine is built (sandbox.h) */
  gboolean exit_on_reboot; /* --on-reboot=exit: a guest reboot ends the process */
} PvmVmmOptions;

/* pvm-vmm's exit status when the guest rebooted under --on-reboot=exit. */
#define PVM_VMM_EXIT_REBOOT 125

#define PVM_VMM_DEFAULT_MEMORY (256ull << 20)

/* Parses a size: a number with an optional binary suffix K, M, G or T (either case; a bare
 * number counts MiB, as QEMU's -m does). Returns FALSE with @error (one sentence) if @text is not
 * such a size, or is 0, or overflows 64 bits. */
gboolean pvm_vmm_parse_size (const char *text, uint64_t *out, GError **error);

/* Fills @options from @argv (--help prints the usage and exits 0). Returns FALSE with @error
 * (one sentence) for an unknown option, a bad value, a missing or conflicting mode. The strings
 * in @options are owned: free them with pvm_vmm_options_clear(). */
gboolean pvm_vmm_options_parse (PvmVmmOptions *options, int argc, char **argv, GError **error);

/* Frees the strings of @options (the disks' paths included). */
void pvm_vmm_options_clear (PvmVmmOptions *options);

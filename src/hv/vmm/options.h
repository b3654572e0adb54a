/* options.h: pvm-vmm's command line. */
#pragma once

#include <glib.h>
#include <stdint.h>

typedef enum {
  PVM_VMM_SERIAL_STDIO,
  PVM_VMM_SERIAL_NONE,
} PvmVmmSerial;

typedef struct {
  char *kernel, *initrd, *append; /* PV direct boot */
  char *test_elf;                 /* or an ISA test program in M-mode */
  uint64_t memory;                /* bytes */
  unsigned smp;
  PvmVmmSerial serial;
  unsigned timeout; /* seconds, 0 for none */
} PvmVmmOptions;

#define PVM_VMM_DEFAULT_MEMORY (256ull << 20)

/* Parses a size: a number with an optional binary suffix K, M, G or T (either case; a bare
 * number counts MiB, as QEMU's -m does). Returns FALSE with @error (one sentence) if @text is not
 * such a size, or is 0, or overflows 64 bits. */
gboolean pvm_vmm_parse_size (const char *text, uint64_t *out, GError **error);

/* Fills @options from @argv (--help prints the usage and exits 0). Returns FALSE with @error
 * (one sentence) for an unknown option, a bad value, a missing or conflicting mode. The strings
 * in @options are owned: free them with pvm_vmm_options_clear(). */
gboolean pvm_vmm_options_parse (PvmVmmOptions *options, int argc, char **argv, GError **error);

/* Frees the strings of @options. */
void pvm_vmm_options_clear (PvmVmmOptions *options);

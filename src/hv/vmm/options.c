/* options.c: pvm-vmm's command line — GOption for the syntax, then one check per value, each
 * failing with one sentence. */
#include "hv/vmm/options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hv/machine/machine.h"
#include "hv/vmm/sandbox.h"

#define OPTIONS_ERROR (g_quark_from_static_string ("pvm-vmm-options"))

static const char options_summary[] =
  "Runs one RISC-V virtual machine.\n"
  "\n"
  "PV mode (--kernel): the kernel Image starts in S-mode with a generated device tree, and\n"
  "the hypervisor answers its SBI calls.\n"
  "Full virtualization (--firmware): every hart starts at the reset vector in M-mode and\n"
  "enters the firmware (OpenSBI fw_dynamic or fw_jump) with the device tree and a\n"
  "fw_dynamic_info naming the payload (U-Boot, or a kernel Image with --initrd/--append).\n"
  "Test mode (--test-elf): a bare-metal ELF runs in M-mode on the full machine; the run ends\n"
  "when it writes `tohost` (1: pass, exit 0; (N << 1) | 1: fail at test N, exit 1) or\n"
  "powers off through the sifive-test device.";

static const char options_description[] =
  "Serial console: with --serial stdio and a terminal on stdin, type Ctrl-A x to quit,\n"
  "Ctrl-A Ctrl-A to send Ctrl-A, Ctrl-A h for help.\n"
  "\n"
  "Exit status: the guest's own code when it powers off (0 normally); 1 for bad input or a\n"
  "failure the guest reports; 124 when --timeout expires; 125 when the guest reboots with\n"
  "--on-reboot=exit; 128 + N on signal N.";

gboolean
pvm_vmm_parse_size (const char *text, uint64_t *out, GError **error)
{
  char *end;
  unsigned shift = 20;
  uint64_t value;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (end == text || !g_ascii_isdigit (text[0]) || errno == ERANGE)
    goto bad;
  switch (g_ascii_toupper (*end)) {
  case '\0':
    break;
  case 'K':
    shift = 10;
    break;
  case 'M':
    shift = 20;
    break;
  case 'G':
    shift = 30;
    break;
  case 'T':
    shift = 40;
    break;
  default:
    goto bad;
  }
  if (*end && end[1] && !(g_ascii_toupper (end[1]) == 'B' && end[2] == '\0') &&
      !(g_ascii_toupper (end[1]) == 'I' && g_ascii_toupper (end[2]) == 'B' && end[3] == '\0'))
    goto bad;
  if (value == 0 || value > (UINT64_MAX >> shift))
    goto bad;
  *out = value << shift;
  return TRUE;

bad:
  g_set_error (error, OPTIONS_ERROR, 0,
               "“%s” is not a memory size (examples: 256M, 1G, 512 for 512 MiB)", text);
  return FALSE;
}

static gboolean
options_parse_uint (const char *option, const char *text, unsigned min, unsigned max,
                    unsigned *out, GError **error)
{
  char *end;
  uint64_t value;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (!g_ascii_isdigit (text[0]) || *end || errno == ERANGE || value < min || value > max) {
    g_set_error (error, OPTIONS_ERROR, 0, "%s must be a number from %u to %u, not “%s”", option,
                 min, max, text);
    return FALSE;
  }
  *out = (unsigned) value;
  return TRUE;
}

/* Fills @options->disks from the --disk values @args: FILE or fd=N, then optionally
 * ",readonly". */
static gboolean
options_parse_disks (PvmVmmOptions *options, char **args, GError **error)
{
  static const char suffix[] = ",readonly";

  for (unsigned i = 0; args && args[i]; i++) {
    const char *arg = args[i];
    size_t len = strlen (arg);
    gboolean readonly = g_str_has_suffix (arg, suffix);

    if (readonly)
      len -= strlen (suffix);
    if (len == 0) {
      g_set_error (error, OPTIONS_ERROR, 0, "--disk must be FILE or FILE,readonly, not “%s”",
                   arg);
      return FALSE;
    }
    g_autofree char *what = g_strndup (arg, len);
    unsigned fd = 0;
    if (g_str_has_prefix (what, "fd=") &&
        !options_parse_uint ("--disk fd=", what + strlen ("fd="), 3, G_MAXINT, &fd, error))
      return FALSE;
    if (options->n_disks == PVM_VMM_MAX_DISKS) {
      g_set_error (error, OPTIONS_ERROR, 0, "At most %u --disk options can be given",
                   PVM_VMM_MAX_DISKS);
      return FALSE;
    }
    options->disks[options->n_disks].path = fd ? NULL : g_steal_pointer (&what);
    options->disks[options->n_disks].fd = fd ? (int) fd : -1;
    options->disks[options->n_disks].readonly = readonly;
    options->n_disks++;
  }
  return TRUE;
}

/* Fills @options->nets from the --net values @args. */
static gboolean
options_parse_nets (PvmVmmOptions *options, char **args, GError **error)
{
  for (unsigned i = 0; args && args[i]; i++) {
    if (options->n_nets == PVM_VMM_MAX_NETS) {
      g_set_error (error, OPTIONS_ERROR, 0, "At most %u --net options can be given",
                   PVM_VMM_MAX_NETS);
      return FALSE;
    }
    if (!pvm_net_config_parse (&options->nets[options->n_nets], args[i], options->n_nets, error))
      return FALSE;
    options->n_nets++;
  }
  return TRUE;
}

/* --virtio-console stdio takes the stdio console from the UART, which then has none unless it
 * is on a socket. */
static gboolean
options_check_virtio_console (PvmVmmOptions *options, const char *virtio_console,
                              const char *serial, GError **error)
{
  if (!virtio_console)
    return TRUE;
  if (strcmp (virtio_console, "stdio") != 0) {
    g_set_error (error, OPTIONS_ERROR, 0, "--virtio-console must be stdio, not “%s”",
                 virtio_console);
    return FALSE;
  }
  if (serial && strcmp (serial, "stdio") == 0) {
    g_set_error_literal (error, OPTIONS_ERROR, 0,
                         "--serial stdio and --virtio-console stdio cannot be used together");
    return FALSE;
  }
  options->virtio_console = TRUE;
  if (options->serial == PVM_VMM_SERIAL_STDIO)
    options->serial = PVM_VMM_SERIAL_NONE;
  return TRUE;
}

/* --on-reboot: what a reboot of the guest does. */
static gboolean
options_check_on_reboot (PvmVmmOptions *options, const char *on_reboot, GError **error)
{
  if (!on_reboot || strcmp (on_reboot, "reset") == 0)
    return TRUE;
  if (strcmp (on_reboot, "exit") != 0) {
    g_set_error (error, OPTIONS_ERROR, 0, "--on-reboot must be reset or exit, not “%s”",
                 on_reboot);
    return FALSE;
  }
  options->exit_on_reboot = TRUE;
  return TRUE;
}

static gboolean
options_check (PvmVmmOptions *options, const char *memory, const char *smp, const char *serial,
               const char *timeout, GError **error)
{
  if (memory && !pvm_vmm_parse_size (memory, &options->memory, error))
    return FALSE;
  if (smp && !options_parse_uint ("--smp", smp, 1, PVM_MAX_HARTS, &options->smp, error))
    return FALSE;
  if (timeout && !options_parse_uint ("--timeout", timeout, 0, 1000000, &options->timeout, error))
    return FALSE;
  if (serial && strcmp (serial, "stdio") == 0) {
    options->serial = PVM_VMM_SERIAL_STDIO;
  } else if (serial && strcmp (serial, "none") == 0) {
    options->serial = PVM_VMM_SERIAL_NONE;
  } else if (serial) {
    g_set_error (error, OPTIONS_ERROR, 0, "--serial must be stdio or none, not “%s”", serial);
    return FALSE;
  }
  if (options->serial_socket && serial) {
    g_set_error_literal (error, OPTIONS_ERROR, 0,
                         "--serial and --serial-socket cannot be used together");
    return FALSE;
  }
  if (options->serial_socket)
    options->serial = PVM_VMM_SERIAL_SOCKET;

  if (!!options->kernel + !!options->test_elf + !!options->firmware > 1) {
    g_set_error_literal (error, OPTIONS_ERROR, 0,
                         "--kernel, --firmware and --test-elf cannot be used together");
    return FALSE;
  }
  if (options->payload && !options->firmware) {
    g_set_error_literal (error, OPTIONS_ERROR, 0, "--payload needs --firmware");
    return FALSE;
  }
  if (!options->kernel && !options->test_elf && !options->firmware) {
    g_set_error_literal (error, OPTIONS_ERROR, 0,
                         "Nothing to run: give --kernel IMAGE, --firmware FILE or --test-elf "
                         "FILE (see --help)");
    return FALSE;
  }
  if (!options->kernel && !options->payload && (options->initrd || options->append)) {
    g_set_error_literal (error, OPTIONS_ERROR, 0,
                         "--initrd and --append need --kernel or --payload");
    return FALSE;
  }
  return TRUE;
}

gboolean
pvm_vmm_options_parse (PvmVmmOptions *options, int argc, char **argv, GError **error)
{
  g_autofree char *memory = NULL, *smp = NULL, *serial = NULL, *timeout = NULL;
  g_auto (GStrv) disks = NULL;
  g_auto (GStrv) nets = NULL;
  g_autofree char *virtio_console = NULL, *on_reboot = NULL;
  const GOptionEntry entries[] = {
    { "kernel", 0, 0, G_OPTION_ARG_FILENAME, &options->kernel,
      "PV mode: boot this RISC-V Linux kernel Image", "IMAGE" },
    { "initrd", 0, 0, G_OPTION_ARG_FILENAME, &options->initrd,
      "Load this initramfs for the kernel (PV mode or --payload)", "FILE" },
    { "append", 0, 0, G_OPTION_ARG_STRING, &options->append,
      "The kernel command line, at most 1023 bytes (PV mode or --payload)", "\"ARGS\"" },
    { "firmware", 0, 0, G_OPTION_ARG_FILENAME, &options->firmware,
      "Full virtualization: start from the reset vector and run this firmware (raw or ELF) "
      "at the start of RAM", "FILE" },
    { "payload", 0, 0, G_OPTION_ARG_FILENAME, &options->payload,
      "With --firmware: what the firmware boots next (e.g. u-boot.bin), 2 MiB into RAM",
      "FILE" },
    { "test-elf", 0, 0, G_OPTION_ARG_FILENAME, &options->test_elf,
      "Run this bare-metal RISC-V ELF test program in M-mode", "FILE" },
    { "disk", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &disks,
      "Attach this raw image file or block device as a virtio disk, read-only with "
      "“,readonly” (repeatable: /dev/vda, /dev/vdb, ...); fd=N takes an inherited descriptor "
      "of one instead", "FILE|fd=N[,readonly]" },
    { "net", 0, 0, G_OPTION_ARG_STRING_ARRAY, &nets,
      "Add a virtio network card on user-mode networking (guest 10.0.2.15/24, gateway and "
      "host 10.0.2.2, DNS 10.0.2.3; hostfwd= repeatable, as QEMU's) or on the host's tap "
      "device NAME, or an inherited descriptor N of one (repeatable)",
      "user[,hostfwd=tcp::HOSTPORT-:GUESTPORT][,mac=MAC]|tap,ifname=NAME|fd=N[,mac=MAC]" },
    { "virtio-console", 0, 0, G_OPTION_ARG_STRING, &virtio_console,
      "Put the stdio console on a virtio console instead of the UART (boot with console=hvc0, "
      "or hvc1 if the kernel's SBI console takes hvc0)", "stdio" },
    { "sandbox", 0, 0, G_OPTION_ARG_NONE, &options->sandbox,
      pvm_vmm_sandbox_has_filter ()
        ? "Once the machine is set up, forbid gaining privileges and every system call it does "
          "not need (a forbidden one kills the process with SIGSYS)"
        : "Once the machine is set up, forbid gaining privileges (this build has sanitizers, "
          "whose runtime needs system calls a filter would forbid: no seccomp filter)", NULL },
    { "rng", 0, 0, G_OPTION_ARG_NONE, &options->rng,
      "Add a virtio entropy device fed by the host's getrandom()", NULL },
    { "memory", 'm', 0, G_OPTION_ARG_STRING, &memory,
      "Guest RAM, with suffix K, M, G or T; a bare number is MiB (default 256M)", "SIZE" },
    { "smp", 0, 0, G_OPTION_ARG_STRING, &smp, "Number of harts, 1 to 8 (default 1)", "N" },
    { "serial", 0, 0, G_OPTION_ARG_STRING, &serial,
      "Connect the UART to stdio, or to none (default stdio)", "stdio|none" },
    { "serial-socket", 0, 0, G_OPTION_ARG_FILENAME, &options->serial_socket,
      "Serve the UART on a new unix socket at PATH, to any number of clients", "PATH" },
    { "control", 0, 0, G_OPTION_ARG_FILENAME, &options->control,
      "Serve the control interface org.pvm.Vmm1 (peer-to-peer D-Bus) on a new unix socket "
      "at PATH", "PATH" },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout,
      "Stop the guest after SECONDS and exit with status 124 (default 0: never)", "SECONDS" },
    { "on-reboot", 0, 0, G_OPTION_ARG_STRING, &on_reboot,
      "When the guest reboots: reset the machine and boot again (default), or exit with "
      "status 125", "reset|exit" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  *options = (PvmVmmOptions) {
    .memory = PVM_VMM_DEFAULT_MEMORY,
    .smp = 1,
    .serial = PVM_VMM_SERIAL_STDIO,
  };
  g_option_context_set_summary (context, options_summary);
  g_option_context_set_description (context, options_description);
  g_option_context_add_main_entries (context, entries, NULL);

  /* GOption moves what it does not parse to the front of argv. */
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  if (argc > 1) {
    g_set_error (error, OPTIONS_ERROR, 0, "Unexpected argument “%s” (see --help)", argv[1]);
    return FALSE;
  }
  return options_parse_disks (options, disks, error) &&
         options_parse_nets (options, nets, error) &&
         options_check (options, memory, smp, serial, timeout, error) &&
         options_check_virtio_console (options, virtio_console, serial, error) &&
         options_check_on_reboot (options, on_reboot, error);
}

void
pvm_vmm_options_clear (PvmVmmOptions *options)
{
  g_clear_pointer (&options->kernel, g_free);
  g_clear_pointer (&options->initrd, g_free);
  g_clear_pointer (&options->append, g_free);
  g_clear_pointer (&options->firmware, g_free);
  g_clear_pointer (&options->payload, g_free);
  g_clear_pointer (&options->test_elf, g_free);
  g_clear_pointer (&options->serial_socket, g_free);
  g_clear_pointer (&options->control, g_free);
  for (unsigned i = 0; i < options->n_disks; i++)
    g_clear_pointer (&options->disks[i].path, g_free);
  options->n_disks = 0;
}

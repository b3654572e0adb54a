/* main.c: pvm-vmm — one virtual machine in one process.
 *
 * The main thread builds the virt board, starts one thread per hart, and runs a GMainLoop on
 * the machine's context: serial input, device timers, the power requests of the guest, the
 * test program's `tohost`, the timeout, the signals, and the control interface and the serial
 * socket when asked for. Every way out stops the harts, tells the control's clients why, frees
 * the machine and puts the terminal back.
 */
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hv/machine/machine.h"
#include "hv/machine/virt.h"
#include "common/pvm-error.h"
#include "hv/vmm/console.h"
#include "hv/vmm/control.h"
#include "hv/vmm/options.h"
#include "hv/vmm/sandbox.h"
#include "hv/vmm/serial-socket.h"
#include "hv/vmm/stats.h"
#include "hv/vmm/test-elf.h"

G_STATIC_ASSERT (PVM_VMM_MAX_DISKS <= PVM_VIRT_VIRTIO_COUNT);

#define VMM_EXIT_ERROR 1
#define VMM_EXIT_TIMEOUT 124
#define VMM_EXIT_SIGNAL 128
#define VMM_TOHOST_POLL_MS 1

typedef struct {
  PvmVmmOptions options;
  GMainContext *context;
  GMainLoop *loop;
  PvmVmmConsole *console;
  PvmVmmSerialSocket *serial_socket;
  PvmVmmControl *control;
  PvmMachine *machine;
  gboolean paused; /* by the control interface: the harts stay stopped across a reset */
  gboolean reset_requested; /* by the control interface, not the guest */
  int status;
  char *reason; /* why the VMM finished, one sentence for the control interface */
  gboolean finished;
} Vmm;

/* Only for fatal signals, which reach no other state: the console whose terminal to restore. */
static PvmVmmConsole *volatile vmm_fatal_console;

static void
vmm_fatal_signal (int signo)
{
  PvmVmmConsole *console = vmm_fatal_console;

  if (console)
    pvm_vmm_console_restore_terminal (console);
  raise (signo); /* the handler was reset: the default action ends the process */
}

static void
vmm_catch_fatal_signals (void)
{
  static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = vmm_fatal_signal;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&sa.sa_mask);
  for (unsigned i = 0; i < G_N_ELEMENTS (fatal); i++)
    sigaction (fatal[i], &sa, NULL);
}

static void
vmm_finish (Vmm *vmm, int status, const char *reason)
{
  if (!vmm->finished) {
    vmm->finished = TRUE;
    vmm->status = status;
    vmm->reason = g_strdup (reason);
  }
  g_main_loop_quit (vmm->loop);
}

/* ---- power requests: a source ready while machine->power is set ---- */

typedef struct {
  GSource source;
  PvmMachine *machine;
} PowerSource;

static gboolean
power_prepare (GSource *source, gint *timeout)
{
  *timeout = -1;
  return atomic_load (&((PowerSource *) source)->machine->power) != PVM_POWER_RUNNING;
}

static gboolean
power_check (GSource *source)
{
  return atomic_load (&((PowerSource *) source)->machine->power) != PVM_POWER_RUNNING;
}

static gboolean
power_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  return callback (data);
}

static GSourceFuncs power_funcs = {
  .prepare = power_prepare,
  .check = power_check,
  .dispatch = power_dispatch,
};

/* The process status for the guest's exit code @code: itself if it fits in 0..255 (so that it
 * reads as the guest meant it), else 1. */
static int
vmm_exit_status (int code)
{
  return code >= 0 && code <= 255 ? code : VMM_EXIT_ERROR;
}

static gboolean
vmm_on_power (gpointer data)
{
  Vmm *vmm = data;
  PvmMachine *machine = vmm->machine;
  g_autoptr (GError) error = NULL;

  if (vmm->finished)
    return G_SOURCE_CONTINUE;

  /* A test program writes its result to tohost before it powers off: that result wins. */
  if (vmm->options.test_elf && atomic_load (&machine->power) != PVM_POWER_RESET) {
    int status = pvm_vmm_test_poll (machine, vmm->options.test_elf);

    if (status >= 0) {
      vmm_finish (vmm, status, "The test program finished");
      return G_SOURCE_CONTINUE;
    }
  }

  switch (atomic_load (&machine->power)) {
  case PVM_POWER_OFF:
    vmm_finish (vmm, vmm_exit_status (machine->exit_code), "The guest powered off");
    break;
  case PVM_POWER_FAIL: {
    g_autofree char *reason =
      g_strdup_printf ("The guest reported a failure (code %d)", machine->exit_code);
    fprintf (stderr, "pvm-vmm: %s\n", reason);
    vmm_finish (vmm, machine->exit_code ? vmm_exit_status (machine->exit_code) : VMM_EXIT_ERROR,
                reason);
    break;
  }
  case PVM_POWER_RESET:
    if (vmm->options.exit_on_reboot && !vmm->reset_requested) {
      vmm_finish (vmm, PVM_VMM_EXIT_REBOOT, "The guest rebooted");
      break;
    }
    vmm->reset_requested = FALSE;
    pvm_machine_stop (machine);
    pvm_machine_reset (machine);
    if (!vmm->paused && !pvm_machine_start (machine, &error)) {
      fprintf (stderr, "pvm-vmm: %s\n", error->message);
      vmm_finish (vmm, VMM_EXIT_ERROR, error->message);
    }
    break;
  default:
    break;
  }
  return G_SOURCE_CONTINUE;
}

/* ---- the other sources ---- */

static gboolean
vmm_on_tohost (gpointer data)
{
  Vmm *vmm = data;
  int status;

  if (vmm->finished)
    return G_SOURCE_CONTINUE;
  status = pvm_vmm_test_poll (vmm->machine, vmm->options.test_elf);
  if (status >= 0)
    vmm_finish (vmm, status, "The test program finished");
  return G_SOURCE_CONTINUE;
}

static gboolean
vmm_on_timeout (gpointer data)
{
  Vmm *vmm = data;
  g_autofree char *reason =
    g_strdup_printf ("The guest was still running after %u seconds", vmm->options.timeout);

  fprintf (stderr, "pvm-vmm: %s\n", reason);
  vmm_finish (vmm, VMM_EXIT_TIMEOUT, reason);
  return G_SOURCE_REMOVE;
}

static gboolean
vmm_on_signal (Vmm *vmm, int signo)
{
  g_autofree char *reason = g_strdup_printf ("pvm-vmm was stopped by signal %d", signo);

  vmm_finish (vmm, VMM_EXIT_SIGNAL + signo, reason);
  return G_SOURCE_CONTINUE;
}

static gboolean
vmm_on_sigint (gpointer data)
{
  return vmm_on_signal (data, SIGINT);
}

static gboolean
vmm_on_sigterm (gpointer data)
{
  return vmm_on_signal (data, SIGTERM);
}

static gboolean
vmm_on_sighup (gpointer data)
{
  return vmm_on_signal (data, SIGHUP);
}

static void
vmm_on_console_quit (void *data)
{
  vmm_finish (data, 0, "The user quit the console");
}

/* ---- the control interface ---- */

static gboolean
vmm_control_pause (void *data, GError **error)
{
  Vmm *vmm = data;

  pvm_machine_stop (vmm->machine);
  vmm->paused = TRUE;
  return TRUE;
}

static gboolean
vmm_control_resume (void *data, GError **error)
{
  Vmm *vmm = data;
  g_autoptr (GError) local = NULL;

  if (!pvm_machine_start (vmm->machine, &local)) {
    g_set_error_literal (error, PVM_ERROR, PVM_ERROR_FAILED, local->message);
    return FALSE;
  }
  vmm->paused = FALSE;
  return TRUE;
}

static void
vmm_control_reset (void *data)
{
  Vmm *vmm = data;

  vmm->reset_requested = TRUE;
  pvm_machine_request_power (vmm->machine, PVM_POWER_RESET, 0);
}

static gboolean
vmm_control_power_button (void *data, GError **error)
{
  Vmm *vmm = data;

  if (!pvm_virt_press_power_button (vmm->machine)) {
    g_set_error_literal (error, PVM_ERROR, PVM_ERROR_BUSY,
                         "The guest has not taken the power button's last presses");
    return FALSE;
  }
  return TRUE;
}

static void
vmm_control_quit (void *data)
{
  vmm_finish (data, 0, "pvm-vmm was stopped on request");
}

static void
vmm_control_get_stats (void *data, GVariantDict *stats)
{
  pvm_vmm_stats_add_machine (((Vmm *) data)->machine, stats);
}

static const PvmVmmControlOps vmm_control_ops = {
  .pause = vmm_control_pause,
  .resume = vmm_control_resume,
  .reset = vmm_control_reset,
  .power_button = vmm_control_power_button,
  .quit = vmm_control_quit,
  .get_stats = vmm_control_get_stats,
};

static void
vmm_attach (Vmm *vmm, GSource *source, GSourceFunc callback)
{
  g_source_set_callback (source, callback, vmm, NULL);
  g_source_attach (source, vmm->context);
  g_source_unref (source);
}

/* ---- setup and teardown ---- */

static gboolean
vmm_setup (Vmm *vmm, GError **error)
{
  const PvmVmmOptions *o = &vmm->options;
  PvmVirtDisk disks[PVM_VMM_MAX_DISKS];
  PvmVirtConfig config = {
    .ram_size = o->memory,
    .n_harts = o->smp,
    .pv = o->kernel != NULL,
    .kernel = o->kernel,
    .initrd = o->initrd,
    .cmdline = o->append,
    .test_elf = o->test_elf,
    .firmware = o->firmware,
    .payload = o->payload,
    .context = vmm->context,
    .disks = disks,
    .n_disks = o->n_disks,
    .nets = o->nets,
    .n_nets = o->n_nets,
    .rng = o->rng,
  };

  for (unsigned i = 0; i < o->n_disks; i++)
    disks[i] = (PvmVirtDisk) {
      .path = o->disks[i].path, .readonly = o->disks[i].readonly, .fd = o->disks[i].fd,
    };

  if (o->serial == PVM_VMM_SERIAL_STDIO || o->virtio_console) {
    vmm->console = pvm_vmm_console_new (vmm->context, vmm_on_console_quit, vmm, error);
    if (!vmm->console)
      return FALSE;
    vmm_fatal_console = vmm->console;
    if (o->virtio_console)
      config.virtio_console = pvm_vmm_console_chardev (vmm->console);
    else
      config.serial = pvm_vmm_console_chardev (vmm->console);
  }
  if (o->serial == PVM_VMM_SERIAL_SOCKET) {
    vmm->serial_socket = pvm_vmm_serial_socket_new (o->serial_socket, vmm->context, error);
    if (!vmm->serial_socket)
      return FALSE;
    config.serial = pvm_vmm_serial_socket_chardev (vmm->serial_socket);
  }

  vmm->machine = pvm_virt_new (&config, error);
  if (!vmm->machine)
    return FALSE;

  {
    PowerSource *power = (PowerSource *) g_source_new (&power_funcs, sizeof (PowerSource));
    power->machine = vmm->machine;
    vmm_attach (vmm, &power->source, vmm_on_power);
  }
  if (o->test_elf)
    vmm_attach (vmm, g_timeout_source_new (VMM_TOHOST_POLL_MS), vmm_on_tohost);
  if (o->timeout)
    vmm_attach (vmm, g_timeout_source_new_seconds (o->timeout), vmm_on_timeout);
  vmm_attach (vmm, g_unix_signal_source_new (SIGINT), vmm_on_sigint);
  vmm_attach (vmm, g_unix_signal_source_new (SIGTERM), vmm_on_sigterm);
  vmm_attach (vmm, g_unix_signal_source_new (SIGHUP), vmm_on_sighup);

  /* The control socket appears once the machine is built: a client that connects finds it
   * running. */
  if (o->control) {
    vmm->control = pvm_vmm_control_new (o->control, vmm->context, &vmm_control_ops, vmm, error);
    if (!vmm->control)
      return FALSE;
  }
  /* Everything is open and bound: from here on the VMM only uses what it has. */
  if (o->sandbox && !pvm_vmm_sandbox_enter (error))
    return FALSE;
  return pvm_machine_start (vmm->machine, error);
}

static void
vmm_teardown (Vmm *vmm)
{
  if (vmm->machine)
    pvm_machine_stop (vmm->machine);
  g_clear_pointer (&vmm->machine, pvm_machine_free);
  g_clear_pointer (&vmm->control, pvm_vmm_control_free);
  g_clear_pointer (&vmm->serial_socket, pvm_vmm_serial_socket_free);
  g_clear_pointer (&vmm->reason, g_free);
  vmm_fatal_console = NULL;
  g_clear_pointer (&vmm->console, pvm_vmm_console_free);
  g_clear_pointer (&vmm->loop, g_main_loop_unref);
  if (vmm->context) {
    g_main_context_pop_thread_default (vmm->context);
    g_clear_pointer (&vmm->context, g_main_context_unref);
  }
  pvm_vmm_options_clear (&vmm->options);
}

int
main (int argc, char **argv)
{
  Vmm vmm = { 0 };
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);
  vmm_catch_fatal_signals ();

  if (!pvm_vmm_options_parse (&vmm.options, argc, argv, &error)) {
    fprintf (stderr, "pvm-vmm: %s\n", error->message);
    pvm_vmm_options_clear (&vmm.options);
    return VMM_EXIT_ERROR;
  }

  vmm.context = g_main_context_new ();
  g_main_context_push_thread_default (vmm.context);
  vmm.loop = g_main_loop_new (vmm.context, FALSE);

  if (!vmm_setup (&vmm, &error)) {
    vmm_teardown (&vmm);
    fprintf (stderr, "pvm-vmm: %s\n", error->message);
    return VMM_EXIT_ERROR;
  }

  g_main_loop_run (vmm.loop);
  status = vmm.status;
  if (vmm.control) {
    pvm_machine_stop (vmm.machine);
    pvm_vmm_control_finish (vmm.control, status, vmm.reason);
  }
  vmm_teardown (&vmm);
  return status;
}

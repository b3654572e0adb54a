/* vmm.h: one pvm-vmm process as pvmd sees it — started by this pvmd or found running by it —
 * reached through its control socket (org.pvm.Vmm1) and watched until it ends.
 *
 * Its files live in a runtime directory of their own:
 *   control   the control socket (pvm-vmm --control)
 *   serial    the serial port's socket (pvm-vmm --serial-socket)
 *   vmm.log   what pvm-vmm wrote on stderr, kept after it ends
 * Both sockets are listening ones, so a pvmd that restarts connects to them again.
 */
#pragma once

#include <gio/gio.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-vmm1.h"
#include "hv/helper/vmm-argv.h"

#define PVM_HELPER_VMM_CONTROL "control"
#define PVM_HELPER_VMM_SERIAL "serial"
#define PVM_HELPER_VMM_LOG "vmm.log"

/* How a VMM ended. The VMM's Finished signal says it (its status and reason): a VMM that ended
 * without sending one is judged by its wait status alone, and only status 0 reads as a
 * poweroff then. */
typedef enum {
  PVM_HELPER_VMM_END_POWEROFF,  /* the guest powered off: Finished with status 0 */
  PVM_HELPER_VMM_END_REBOOT,    /* the guest rebooted, with on_reboot destroy: Finished with
                                 * status 125 from a VMM started with --on-reboot=exit */
  PVM_HELPER_VMM_END_DESTROYED, /* pvm_helper_vmm_destroy() */
  PVM_HELPER_VMM_END_CRASHED,   /* a signal, another status, or no word at all */
} PvmHelperVmmEnd;

#define PVM_HELPER_TYPE_VMM (pvm_helper_vmm_get_type ())
G_DECLARE_FINAL_TYPE (PvmHelperVmm, pvm_helper_vmm, PVM_HELPER, VMM, GObject)

/* Signal "exited" (gboolean crashed, const char *reason): emitted once, on the main context,
 * when the process has ended and its control connection is closed. @crashed is FALSE for a
 * poweroff (exit status 0), a guest reboot that ends the VMM (on_reboot destroy) or a
 * pvm_helper_vmm_destroy() (pvm_helper_vmm_get_end() says which); @reason is one sentence. The
 * sockets are removed by then; the log stays.
 * Property "state" (string): "running" or "paused", as the VMM reports it. */

/* Starts @launch->vmm_path for @config (a guest reboot ends it if the definition's on_reboot
 * is destroy) with its files in @runtime_dir (created 0700 and owned by the user @launch names;
 * a previous log is replaced), as that user, in a session of its own so that it outlives pvmd,
 * and connects to its control socket. The tap devices of @launch are handed down and closed
 * here, whatever happens. Completes on the thread-default context once the VMM answers, or with
 * PVM_ERROR_FAILED: a file pvmd cannot open for it, the VMM's own last words if it exits first
 * (a file it cannot read), or a sentence saying it did not answer within 30 s (it is then
 * killed). */
void pvm_helper_vmm_spawn (PvmHelperVmmLaunch *launch, PvmDomainConfig *config,
                           const char *runtime_dir, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);

/* Returns the running VMM (a new reference), or NULL with @error. */
PvmHelperVmm *pvm_helper_vmm_spawn_finish (GAsyncResult *result, GError **error);

/* Connects to the pvm-vmm already running with its files in @runtime_dir (one started by an
 * earlier pvmd for @config) and watches its process through a pidfd. Completes with
 * G_IO_ERROR_NOT_FOUND if there is no control socket, or with G_IO_ERROR_CONNECTION_REFUSED
 * and a sentence if one is left but nothing answers on it (the sockets are then removed). */
void pvm_helper_vmm_attach (const char *runtime_dir, PvmDomainConfig *config,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data);

/* Returns the VMM found running (a new reference), or NULL with @error. */
PvmHelperVmm *pvm_helper_vmm_attach_finish (GAsyncResult *result, GError **error);

/* Returns "running" or "paused"; owned by @vmm. */
const char *pvm_helper_vmm_get_state (PvmHelperVmm *vmm);

/* Returns the proxy of the VMM's org.pvm.Vmm1 on its private connection, for calls this file
 * does not wrap (owned by @vmm; its calls fail once the VMM has ended). */
PvmVmm1 *pvm_helper_vmm_get_proxy (PvmHelperVmm *vmm);

/* Returns what "exited" said (owned by @vmm), with @crashed, once it has been emitted; NULL
 * before. */
const char *pvm_helper_vmm_get_exit_reason (PvmHelperVmm *vmm, gboolean *crashed);

/* Returns how the VMM ended; only meaningful once "exited" has been emitted. */
PvmHelperVmmEnd pvm_helper_vmm_get_end (PvmHelperVmm *vmm);

/* Returns TRUE once the VMM is on its way out — it sent Finished or shows State "shutoff", its
 * process or its control connection has ended, its serial socket is gone, or
 * pvm_helper_vmm_destroy() was called — so that "exited" is to come; FALSE while it runs. */
gboolean pvm_helper_vmm_is_ending (PvmHelperVmm *vmm);

/* Presses the machine's power button. Completes once the press is queued for the guest, with
 * the VMM's error (PVM_ERROR_BUSY unless it runs) or PVM_ERROR_FAILED if it does not answer. */
void pvm_helper_vmm_power_button (PvmHelperVmm *vmm, GAsyncReadyCallback callback,
                                  gpointer user_data);

/* Returns TRUE once the key was pressed, or FALSE with @error. */
gboolean pvm_helper_vmm_power_button_finish (PvmHelperVmm *vmm, GAsyncResult *result,
                                             GError **error);

/* Asks the VMM to pause (stop its harts). Completes with the VMM's error (PVM_ERROR_BUSY if it
 * is not running) or PVM_ERROR_FAILED if it does not answer. */
void pvm_helper_vmm_pause (PvmHelperVmm *vmm, GAsyncReadyCallback callback, gpointer user_data);

/* Returns TRUE once the VMM has paused, or FALSE with @error. */
gboolean pvm_helper_vmm_pause_finish (PvmHelperVmm *vmm, GAsyncResult *result, GError **error);

/* Asks the VMM to resume. Errors as for pvm_helper_vmm_pause(). */
void pvm_helper_vmm_resume (PvmHelperVmm *vmm, GAsyncReadyCallback callback, gpointer user_data);

/* Returns TRUE once the VMM runs again, or FALSE with @error. */
gboolean pvm_helper_vmm_resume_finish (PvmHelperVmm *vmm, GAsyncResult *result, GError **error);

/* Stops the VMM at once: asks it to quit, and kills it (SIGKILL) if it has not ended 5 s later
 * or cannot be asked. Completes (never with an error) once it has ended and "exited" has been
 * emitted, with @crashed FALSE. */
void pvm_helper_vmm_destroy (PvmHelperVmm *vmm, GAsyncReadyCallback callback,
                             gpointer user_data);

/* Completes pvm_helper_vmm_destroy(); the VMM has ended. */
void pvm_helper_vmm_destroy_finish (PvmHelperVmm *vmm, GAsyncResult *result);

/* Returns a new stream socket connected to the VMM's serial port (close-on-exec, blocking), or
 * -1 with @error (PVM_ERROR_FAILED); a socket that is gone or refuses makes the VMM count as
 * ending (pvm_helper_vmm_is_ending()). Blocks only for a local connect. */
int pvm_helper_vmm_open_serial (PvmHelperVmm *vmm, GError **error);

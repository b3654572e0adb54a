/* control.h: pvm-vmm's control interface — org.pvm.Vmm1 (data/org.pvm.Vmm1.xml) served as
 * peer-to-peer D-Bus on a unix socket, to processes of the VMM's own user only. */
#pragma once

#include <gio/gio.h>

typedef struct PvmVmmControl PvmVmmControl;

typedef enum {
  PVM_VMM_STATE_RUNNING,
  PVM_VMM_STATE_PAUSED,
  PVM_VMM_STATE_SHUTOFF,
} PvmVmmState;

/* What the calls do to the machine; each runs on the control's context. The control checks
 * the state first (Pause and PowerButton only while running, Resume only while paused, nothing
 * once shut off)
 * and sets the new state after a pause or resume that succeeded. */
typedef struct {
  gboolean (*pause) (void *data, GError **error);  /* FALSE with @error fails the call */
  gboolean (*resume) (void *data, GError **error); /* FALSE with @error fails the call */
  void (*reset) (void *data);
  gboolean (*power_button) (void *data, GError **error); /* FALSE with @error fails the call */
  void (*quit) (void *data); /* called after the reply is queued */
  /* Adds the machine's statistics to @stats (see pvm_vmm_stats_add_machine()); must not
   * block. The control adds the process's own: CPU time, resident memory, the time. */
  void (*get_stats) (void *data, GVariantDict *stats);
} PvmVmmControlOps;

/* Listens on @path (which must not exist) for D-Bus connections, served on @context, the
 * state "running". @ops and @data must outlive the control. Opens /proc/self/statm for
 * GetStats, so call it before entering the sandbox (which refuses opening files later).
 * Returns NULL with @error if the socket cannot be created or statm cannot be opened. */
PvmVmmControl *pvm_vmm_control_new (const char *path, GMainContext *context,
                                    const PvmVmmControlOps *ops, void *data, GError **error);

/* Sets the State property that every connection sees. */
void pvm_vmm_control_set_state (PvmVmmControl *control, PvmVmmState state);

/* Returns the current state. */
PvmVmmState pvm_vmm_control_get_state (PvmVmmControl *control);

/* Stops listening, sets State to "shutoff", sends the Finished signal with @status and
 * @reason, and waits until every connection has written what it has queued: runs the
 * control's context for at most one second. Call once, on the context's thread, before
 * exiting. */
void pvm_vmm_control_finish (PvmVmmControl *control, int status, const char *reason);

/* Closes the connections, removes the socket file and frees @control (NULL is ignored). */
void pvm_vmm_control_free (PvmVmmControl *control);

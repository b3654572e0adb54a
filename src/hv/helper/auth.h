/* auth.h: who may call what. In system mode every method call on pvmd's objects is checked
 * with polkit before its handler runs; in session mode only the user's own processes reach
 * the session bus, so nothing is checked.
 *
 * The actions (data/org.pvm.Hypervisor1.policy):
 *   (none)                              reading: GetXML, GetStats, ListVolumes, properties
 *   org.pvm.hypervisor1.lifecycle       Start, Shutdown, Reboot, Destroy, Pause, Resume
 *   org.pvm.hypervisor1.console         OpenSerial
 *   org.pvm.hypervisor1.manage-domains  DefineDomain, Undefine, SetAutostart, Clone
 *   org.pvm.hypervisor1.storage         DefinePool, StoragePool.*, Rescue, Unrescue
 *   org.pvm.hypervisor1.network         DefineNetwork, Network.Undefine
 *   (the action of what started it)     Job.Cancel
 */
#pragma once

#include <gio/gio.h>

typedef enum {
  PVM_HELPER_AUTH_NONE,   /* session mode: every call is let through */
  PVM_HELPER_AUTH_POLKIT, /* system mode: privileged calls are checked with polkit */
} PvmHelperAuthMode;

/* Sets how calls are checked from now on; pvmd calls it once, before exporting objects. */
void pvm_helper_auth_set_mode (PvmHelperAuthMode mode);

/* Makes every D-Bus method call on instances of @klass (a direct subclass of a generated
 * skeleton) pass the check for its action before its handler runs; a refused call is answered
 * with org.pvm.Hypervisor1.Error.NotAuthorized and never reaches the handler. Call it from
 * the class_init of each skeleton subclass. */
void pvm_helper_auth_install (GDBusInterfaceSkeletonClass *klass);

/* Returns the polkit action that guards @method of @interface (a D-Bus name), or NULL if
 * anyone may call it (or the method is unknown). For Job.Cancel, the action that guards
 * cancelling a job of a kind pvm_helper_auth_job_action() does not know. Static strings. */
const char *pvm_helper_auth_action (const char *interface, const char *method);

/* Returns the polkit action that guards Job.Cancel on a job whose Kind is @kind (the action
 * of the call that started such a job); a static string, never NULL. */
const char *pvm_helper_auth_job_action (const char *kind);

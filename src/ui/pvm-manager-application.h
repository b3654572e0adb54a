/* pvm-manager-application.h: pvm-manager's application — its hosts (this computer's session
 * and system pvmd, then the remote hosts kept in GSettings), its app.* actions and
 * accelerators. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PVM_TYPE_MANAGER_APPLICATION (pvm_manager_application_get_type ())
G_DECLARE_FINAL_TYPE (PvmManagerApplication, pvm_manager_application, PVM,
                      MANAGER_APPLICATION, AdwApplication)

/* Returns a new application, org.pvm.Manager. */
PvmManagerApplication *pvm_manager_application_new (void);

/* Returns the hosts, a list of PvmHostEntry that follows the "remote-hosts" setting (owned by
 * the application; valid after startup). */
GListModel *pvm_manager_application_get_hosts (PvmManagerApplication *self);

/* Returns the org.pvm.Manager settings, or NULL when the schema is not installed (the
 * remote hosts and the window size are then not kept). Owned by the application. */
GSettings *pvm_manager_application_get_settings (PvmManagerApplication *self);

/* Adds @uri, a remote host's URI, to the "remote-hosts" setting if it is not there. */
void pvm_manager_application_add_host (PvmManagerApplication *self, const char *uri);

/* Removes @uri from the "remote-hosts" setting. */
void pvm_manager_application_remove_host (PvmManagerApplication *self, const char *uri);

G_END_DECLS

/* pvm-clone-dialog.h: asks for the name of a copy of a stopped virtual machine and checks it
 * as it is typed. */
#pragma once

#include <adwaita.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_CLONE_DIALOG (pvm_clone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PvmCloneDialog, pvm_clone_dialog, PVM, CLONE_DIALOG, AdwMessageDialog)

/* Returns a new dialog over @parent for a copy of @domain, suggesting "<name>-clone" (or
 * "<name>-clone-2", … if that is taken). It lists the names of the domains on @domain's host
 * (one asynchronous GetManagedObjects) and refuses an empty name, one with a character a
 * name cannot have, and a name that is taken. Its "response" is "clone"
 * (pvm_clone_dialog_get_name() is then valid) or "cancel". */
GtkWidget *pvm_clone_dialog_new (GtkWindow *parent, PvmDomain *domain);

/* Returns the name typed if it is valid and free, else NULL (owned by @self). */
const char *pvm_clone_dialog_get_name (PvmCloneDialog *self);

G_END_DECLS

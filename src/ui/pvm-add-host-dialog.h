/* pvm-add-host-dialog.h: asks for the URI of a remote host and checks it as it is typed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PVM_TYPE_ADD_HOST_DIALOG (pvm_add_host_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PvmAddHostDialog, pvm_add_host_dialog, PVM, ADD_HOST_DIALOG,
                      AdwMessageDialog)

/* Returns a new dialog over @parent. @known lists the URIs already in the sidebar, which it
 * refuses. Its "response" is "add" (pvm_add_host_dialog_get_uri() is then valid) or
 * "cancel". */
GtkWidget *pvm_add_host_dialog_new (GtkWindow *parent, const char *const *known);

/* Returns the URI typed, without surrounding spaces, if it is valid and new, else NULL
 * (owned by @self). */
const char *pvm_add_host_dialog_get_uri (PvmAddHostDialog *self);

G_END_DECLS

/* pvm-manager-window.h: the main window — hosts in a sidebar, the selected host's virtual
 * machines beside them, and errors from pvmd as toasts. */
#pragma once

#include <adwaita.h>

#include "pvm-manager-application.h"

G_BEGIN_DECLS

#define PVM_TYPE_MANAGER_WINDOW (pvm_manager_window_get_type ())
G_DECLARE_FINAL_TYPE (PvmManagerWindow, pvm_manager_window, PVM, MANAGER_WINDOW,
                      AdwApplicationWindow)

/* Returns a new window of @app listing its hosts, the first one selected (and connecting). */
PvmManagerWindow *pvm_manager_window_new (PvmManagerApplication *app);

/* Presents the window. The first time, while the selected host is still connecting, the
 * window shows at once but its content waits until the host's machines are listed or the
 * connection has failed (a fifth of a second at most), so that the content is laid out and
 * drawn once, with them, rather than first around a spinner and again when they come. */
void pvm_manager_window_present (PvmManagerWindow *self);

/* Shows @error's sentence (without a D-Bus error name) as a toast. */
void pvm_manager_window_show_error (PvmManagerWindow *self, const GError *error);

/* Returns the cancellable of the window's calls to pvmd, cancelled when the window goes
 * (owned by the window). */
GCancellable *pvm_manager_window_get_cancellable (PvmManagerWindow *self);

G_END_DECLS

/* pvm-console-window.h: a virtual machine's serial console in a terminal window — one window
 * per machine, titled with its name; a header bar to send a serial break, copy, paste and
 * save the log; a banner that says when the machine stops (input is then off) and offers to
 * reconnect when it runs again. */
#pragma once

#include <adwaita.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_CONSOLE_WINDOW (pvm_console_window_get_type ())
G_DECLARE_FINAL_TYPE (PvmConsoleWindow, pvm_console_window, PVM, CONSOLE_WINDOW,
                      AdwApplicationWindow)

/* Presents the console window of @domain in @app: the one already open for the same machine
 * (same host and UUID), which then follows @domain, else a new one that starts connecting at
 * once. Returns the window (owned by @app). Never blocks. */
PvmConsoleWindow *pvm_console_window_present (GtkApplication *app, PvmDomain *domain);

/* Returns the domain the window shows (owned by the window). */
PvmDomain *pvm_console_window_get_domain (PvmConsoleWindow *self);

G_END_DECLS

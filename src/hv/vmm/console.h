/* console.h: pvm-vmm's serial console on stdin/stdout, with QEMU's Ctrl-A escapes when stdin is
 * a terminal. */
#pragma once

#include <glib.h>

#include "hv/machine/chardev.h"

typedef struct PvmVmmConsole PvmVmmConsole;

/* Called on the console's context when the user typed Ctrl-A x. */
typedef void (*PvmVmmConsoleQuit) (void *data);

/* Returns the console on fds 0 and 1, watched on @context. When stdin is a terminal it is put
 * in raw mode, and typing Ctrl-A x calls @quit (Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h prints the
 * escapes); otherwise bytes pass unchanged. Returns NULL with @error if the terminal cannot be
 * configured or a pipe cannot be created. */
PvmVmmConsole *pvm_vmm_console_new (GMainContext *context, PvmVmmConsoleQuit quit, void *data,
                                    GError **error);

/* Returns the chardev the guest's UART uses; owned by @console. */
PvmChardev *pvm_vmm_console_chardev (PvmVmmConsole *console);

/* Puts the terminal back as it was. Async-signal-safe: for a fatal signal on the way out. */
void pvm_vmm_console_restore_terminal (PvmVmmConsole *console);

/* Restores the terminal and frees @console (NULL is ignored), after the UART using it. */
void pvm_vmm_console_free (PvmVmmConsole *console);

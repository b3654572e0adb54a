/* console.h: drives a pvm-vmm process through its serial console, for integration tests. */
#pragma once

#include <glib.h>

typedef struct PvmTestConsole PvmTestConsole;

/* Starts pvm-vmm (the build's binary, or $PVM_VMM) with @argv (NULL-terminated, without the
 * program name), its serial console on a pipe. Everything the guest prints is also copied to
 * a log file named after @name in the test's output directory. Never returns NULL: a spawn
 * failure fails the test. */
PvmTestConsole *pvm_test_console_start (const char *name, const char *const *argv);

/* Waits until @text appears in the output after the previous match, for at most @timeout_s
 * seconds. Returns TRUE if it appeared; FALSE on timeout or if the process ended first. */
gboolean pvm_test_console_expect (PvmTestConsole *con, const char *text, double timeout_s);

/* Sends @text to the guest's serial input. */
void pvm_test_console_send (PvmTestConsole *con, const char *text);

/* Waits at most @timeout_s seconds for the process to exit; returns its exit status, or -1 on
 * timeout (the process is then killed). */
int pvm_test_console_wait (PvmTestConsole *con, double timeout_s);

/* Returns the output that followed the previous match up to the current one, for checks on
 * what a command printed. Owned by @con, valid until the next expect. */
const char *pvm_test_console_last_output (PvmTestConsole *con);

/* Kills the process if it still runs and frees @con. */
void pvm_test_console_free (PvmTestConsole *con);

/* Returns the directory of the default guest (kernel Image and initramfs), from
 * $PVM_GUEST_DIR or ~/.cache/pvm/guest/current. Fails the test, with the command that builds
 * it, if the guest is missing. The result is newly allocated. */
char *pvm_test_guest_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmTestConsole, pvm_test_console_free)

/* cli-test.h: running the pvmctl binary in the tests — whole runs with their output, and
 * interactive ones (the console) through pipes or a pseudo-terminal. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#define PVM_TEST_CLI_TIMEOUT 120.0 /* seconds a whole pvmctl run may take */

typedef struct {
  int status; /* the exit status, or 128 + signal */
  char *out;
  char *err;
} PvmTestCliRun;

/* Returns the path of the pvmctl under test ($PVMCTL); static. */
const char *pvm_test_cli_pvmctl (void);

/* Returns a launcher whose children talk to the bus at @bus_address (may be NULL) as
 * pvm:///session, with @env (NULL-terminated "NAME=VALUE" pairs, may be NULL) added. */
GSubprocessLauncher *pvm_test_cli_launcher (const char *bus_address, const char *const *env,
                                            GSubprocessFlags flags);

/* Runs pvmctl @argv (NULL-terminated, without the program) with @input on stdin (NULL:
 * nothing) and returns how it ended; fails the test if it takes longer than
 * PVM_TEST_CLI_TIMEOUT. */
PvmTestCliRun *pvm_test_cli_run_full (const char *bus_address, const char *const *env,
                                      const char *input, const char *const *argv);

#define pvm_test_cli_run(bus_address, ...) \
  pvm_test_cli_run_full ((bus_address), NULL, NULL, (const char *const[]) { __VA_ARGS__, NULL })

/* Fails the test unless @run exited 0; logs its stderr otherwise. */
void pvm_test_cli_assert_ok (PvmTestCliRun *run);

/* Fails the test unless @run exited with @status and its stderr starts with one line
 * "pvmctl: <sentence>" that contains @fragment. */
void pvm_test_cli_assert_fails (PvmTestCliRun *run, int status, const char *fragment);

/* Parses @run's stdout as JSON; fails the test if it is not. Returns a new node. */
JsonNode *pvm_test_cli_json (PvmTestCliRun *run);

void pvm_test_cli_run_free (PvmTestCliRun *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmTestCliRun, pvm_test_cli_run_free)

/* ---- interactive runs ---- */

typedef struct PvmTestCliSession PvmTestCliSession;

/* Starts pvmctl @argv with its stdin and stdout on pipes (stderr on the test's stderr), or,
 * if @pty, all three on a new pseudo-terminal. */
PvmTestCliSession *pvm_test_cli_session_new (const char *bus_address, const char *const *env,
                                             gboolean pty, const char *const *argv);

/* Waits at most @timeout_s seconds for @text in pvmctl's output after the last match;
 * returns TRUE if it came (the output is logged otherwise). */
gboolean pvm_test_cli_session_expect (PvmTestCliSession *session, const char *text,
                                      double timeout_s);

/* Sends Enter (a carriage return) every two seconds until the guest's prompt "pvm# "
 * arrives, for at most @timeout_s seconds. */
gboolean pvm_test_cli_session_wait_for_shell (PvmTestCliSession *session, double timeout_s);

/* Writes @text to pvmctl's input. */
void pvm_test_cli_session_send (PvmTestCliSession *session, const char *text);

/* Closes pvmctl's input (pipes only). */
void pvm_test_cli_session_close_input (PvmTestCliSession *session);

/* The pseudo-terminal's slave side (for tcgetattr), or -1 with pipes. */
int pvm_test_cli_session_get_tty (PvmTestCliSession *session);

/* Returns the pvmctl process. */
GSubprocess *pvm_test_cli_session_get_process (PvmTestCliSession *session);

/* Waits at most @timeout_s for pvmctl to end; returns its exit status (128 + signal), or -1
 * if it did not end (it is then killed). */
int pvm_test_cli_session_wait (PvmTestCliSession *session, double timeout_s);

/* Kills pvmctl if it still runs and frees @session. */
void pvm_test_cli_session_free (PvmTestCliSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmTestCliSession, pvm_test_cli_session_free)

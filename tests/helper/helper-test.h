/* helper-test.h: what the helper tests share — checking XML against libvirt's schema, and
 * talking to a guest's serial port through a socket. */
#pragma once

#include <glib.h>

/* Returns TRUE if virt-xml-validate is installed; otherwise marks the test skipped, saying
 * why, and returns FALSE. */
gboolean pvm_helper_test_have_validator (void);

/* Fails the test unless `virt-xml-validate @path domain` accepts the file. */
void pvm_helper_test_assert_valid_domain_xml (const char *path);

/* Fails the test unless `virt-xml-validate @path @schema` ("network", "pool", …) accepts the
 * file. */
void pvm_helper_test_assert_valid_xml (const char *path, const char *schema);

typedef struct PvmTestSerial PvmTestSerial;

/* Wraps @fd, a stream connected to a serial port (taken: closed by pvm_test_serial_free()).
 * What arrives is also copied to <name>.serial.log in $PVM_TEST_LOG_DIR (or the temporary
 * directory). */
PvmTestSerial *pvm_test_serial_new (int fd, const char *name);

/* Waits at most @timeout_s seconds for @text to arrive after the previous match. Returns TRUE
 * if it did; FALSE on timeout or end of stream (the output since the last match is then
 * logged). */
gboolean pvm_test_serial_expect (PvmTestSerial *serial, const char *text, double timeout_s);

/* Returns TRUE if nothing at all arrives for @seconds. */
gboolean pvm_test_serial_quiet_for (PvmTestSerial *serial, double seconds);

/* Presses Enter every two seconds until the guest's shell prompt ("pvm# ") arrives, for at
 * most @timeout_s seconds: the prompt may have gone by before the client connected. Returns
 * TRUE if it came. */
gboolean pvm_test_serial_wait_for_shell (PvmTestSerial *serial, double timeout_s);

/* Returns TRUE if the stream ends (the other side closed it) within @timeout_s seconds; what
 * arrives until then is kept. */
gboolean pvm_test_serial_wait_for_end (PvmTestSerial *serial, double timeout_s);

/* Writes @text to the port (blocking). */
void pvm_test_serial_send (PvmTestSerial *serial, const char *text);

/* Runs @command in the guest's shell and waits for it to finish and for the next prompt;
 * returns TRUE if they came within @timeout_s. pvm_test_serial_last_output() is then what the
 * command printed. */
gboolean pvm_test_serial_run (PvmTestSerial *serial, const char *command, double timeout_s);

/* Returns the output between the two last matches; owned by @serial. */
const char *pvm_test_serial_last_output (PvmTestSerial *serial);

/* Returns the fd. */
int pvm_test_serial_get_fd (PvmTestSerial *serial);

/* Closes the fd and frees @serial (NULL is ignored). */
void pvm_test_serial_free (PvmTestSerial *serial);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmTestSerial, pvm_test_serial_free)

/* guest-error.h: reporting what a guest did wrong — accesses the VMM logs and then ignores. */
#pragma once

#include "common/pvm-compiler.h"

/* The GLib log domain of guest errors. */
#define PVM_GUEST_ERROR_DOMAIN "pvm-guest"

/* Logs a guest error at G_LOG_LEVEL_MESSAGE in PVM_GUEST_ERROR_DOMAIN (through g_log(), so
 * tests can assert it with g_test_expect_message()). Rate-limited for the whole process: after
 * a burst, messages are dropped and the next one that passes says how many were. Safe from any
 * thread; never aborts, whatever the log handler's fatal mask. */
void pvm_guest_error (const char *format, ...) PVM_PRINTF (1, 2);

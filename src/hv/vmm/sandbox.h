/* sandbox.h: what pvm-vmm may still ask of the kernel once its machine is built (--sandbox).
 *
 * Everything pvm-vmm opens (disks, kernel, sockets, tap devices) is open by then; what remains
 * is I/O on those descriptors, memory, threads, time, the user-mode network's own sockets and
 * the control and serial sockets' new clients. The process is made unable to gain privileges
 * (PR_SET_NO_NEW_PRIVS), then a seccomp filter on every thread allows only the system calls
 * that work needs; any other kills the whole process with SIGSYS. */
#pragma once

#include <glib.h>

/* Returns TRUE if this build installs the seccomp filter; FALSE if it was built with
 * sanitizers, whose runtime makes calls outside the list at any time, so that --sandbox then
 * only sets PR_SET_NO_NEW_PRIVS. */
gboolean pvm_vmm_sandbox_has_filter (void);

/* Sets PR_SET_NO_NEW_PRIVS and installs the filter on every thread of the process (none of
 * which may be in a call outside the list). Irreversible. Returns FALSE with @error (one
 * sentence) if the kernel refuses either; the process is then unchanged or only has
 * PR_SET_NO_NEW_PRIVS. Allocates while it builds the filter, never after. */
gboolean pvm_vmm_sandbox_enter (GError **error);

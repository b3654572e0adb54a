/* vmm-argv.h: how pvmd starts one pvm-vmm — its command line, the descriptors it inherits, and
 * the user it runs as. */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "common/pvm-domain-config.h"

/* What a start needs besides the definition. */
typedef struct {
  const char *vmm_path;
  const char *serial_path, *control_path; /* in the runtime directory */
  gboolean sandbox;    /* pvm-vmm --sandbox */
  gboolean pass_files; /* open the kernel, initrd, firmware, payload and disks here and hand
                        * them down: for a VMM that runs as a user who cannot open them */
  uid_t uid;           /* the user pvm-vmm runs as, or (uid_t) -1 for pvmd's own */
  gid_t gid;
  int tap_fds[PVM_DOMAIN_MAX_INTERFACES]; /* per interface of the definition: a tap device to
                                           * hand down, or -1 for user-mode networking */
} PvmHelperVmmLaunch;

/* Fills @launch for pvmd's own user, without sandbox or tap devices. */
void pvm_helper_vmm_launch_init (PvmHelperVmmLaunch *launch);

/* Closes the tap devices @launch still holds. */
void pvm_helper_vmm_launch_clear (PvmHelperVmmLaunch *launch);

/* Returns pvm-vmm's command line for @config (NULL-terminated, owned by the array), giving
 * @launcher the descriptors to hand down: the tap devices (taken from @launch) and, with
 * pass_files, the files, opened here (read-only, or read-write for a writable disk). The
 * descriptors are numbered from 3 in the child. Returns NULL with @error (PVM_ERROR_FAILED,
 * naming the file) if a file cannot be opened. Blocks only for the opens. */
GPtrArray *pvm_helper_vmm_argv (PvmHelperVmmLaunch *launch, PvmDomainConfig *config,
                                GSubprocessLauncher *launcher, GError **error);

/* Looks up the user system-mode VMMs run as: "pvm" (data/pvm.sysusers.conf), or "nobody"
 * with a warning if there is no such user. Returns FALSE if neither exists. Blocks on NSS. */
gboolean pvm_helper_vmm_find_user (uid_t *uid, gid_t *gid);

/* In the child, before exec (async-signal-safe): a session of its own, so that a signal to
 * pvmd's process group or terminal does not reach the VM; then, if @launch names a user, that
 * user's group and id, with no supplementary groups. On failure the child exits with status
 * 127 before running pvm-vmm. */
void pvm_helper_vmm_child_setup (gpointer launch);

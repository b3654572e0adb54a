/* sandbox.c: PR_SET_NO_NEW_PRIVS and a seccomp allow-list, built with libseccomp.
 *
 * The list was taken from strace -f over boots of the default guest with a disk, user-mode
 * networking with host forwards, a tap device, serial and control clients, pause and resume
 * and poweroff, and covers what GLib (its main loop, thread pool and GDBus worker), libslirp and
 * glibc do behind those. Arguments are checked where a call could reach beyond the process:
 * sockets only of the internet families (user-mode networking connects out for the guest),
 * ioctl only with the terminal and socket requests in use, prctl only to name threads. The
 * default action is SCMP_ACT_KILL_PROCESS: a call outside the list is a bug or an attack, and
 * the VMM ends at once with SIGSYS, which pvmd reports as a crash. Opening a file is the one
 * exception: it fails with EACCES, because GLib opens files on its own when a new D-Bus client
 * authenticates (the machine id, for mechanisms it then does not use) and copes with a refusal.
 */
#include "hv/vmm/sandbox.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#ifndef PVM_SANITIZED
#include <seccomp.h>
#endif

#define SANDBOX_ERROR (g_quark_from_static_string ("pvm-vmm-sandbox"))

gboolean
pvm_vmm_sandbox_has_filter (void)
{
#ifdef PVM_SANITIZED
  return FALSE;
#else
  return TRUE;
#endif
}

static gboolean
sandbox_fail (GError **error, const char *what, int err)
{
  g_set_error (error, SANDBOX_ERROR, 0, "Cannot enter the sandbox: %s: %s", what,
               g_strerror (err));
  return FALSE;
}

#ifndef PVM_SANITIZED

/* Allowed with any arguments. */
static const int sandbox_calls[] = {
  /* I/O on what is open */
  SCMP_SYS (read), SCMP_SYS (write), SCMP_SYS (readv), SCMP_SYS (writev),
  SCMP_SYS (pread64), SCMP_SYS (pwrite64), SCMP_SYS (preadv), SCMP_SYS (pwritev),
  SCMP_SYS (preadv2), SCMP_SYS (pwritev2), SCMP_SYS (lseek), SCMP_SYS (fdatasync),
  SCMP_SYS (fsync), SCMP_SYS (fallocate), SCMP_SYS (close), SCMP_SYS (fcntl),
  SCMP_SYS (fstat), SCMP_SYS (newfstatat), SCMP_SYS (statx), SCMP_SYS (dup),
  SCMP_SYS (pipe2), SCMP_SYS (eventfd2),
  /* waiting */
  SCMP_SYS (poll), SCMP_SYS (ppoll), SCMP_SYS (futex), SCMP_SYS (nanosleep),
  SCMP_SYS (clock_nanosleep), SCMP_SYS (clock_gettime), SCMP_SYS (clock_getres),
  SCMP_SYS (gettimeofday), SCMP_SYS (sched_yield), SCMP_SYS (restart_syscall),
  /* memory */
  SCMP_SYS (mmap), SCMP_SYS (munmap), SCMP_SYS (mprotect), SCMP_SYS (mremap),
  SCMP_SYS (madvise), SCMP_SYS (brk),
  /* threads and signals */
  SCMP_SYS (clone), SCMP_SYS (clone3), SCMP_SYS (set_robust_list), SCMP_SYS (rseq),
  SCMP_SYS (exit), SCMP_SYS (exit_group), SCMP_SYS (gettid), SCMP_SYS (getpid),
  SCMP_SYS (tgkill), SCMP_SYS (rt_sigaction), SCMP_SYS (rt_sigprocmask),
  SCMP_SYS (rt_sigreturn), SCMP_SYS (sigaltstack), SCMP_SYS (sched_getaffinity),
  SCMP_SYS (sched_getattr), SCMP_SYS (sched_setattr), /* GLib's thread pool copies them */
  SCMP_SYS (getrandom),
  /* sockets: user-mode networking, the control and serial sockets' clients */
  SCMP_SYS (connect), SCMP_SYS (accept), SCMP_SYS (accept4), SCMP_SYS (bind),
  SCMP_SYS (listen), SCMP_SYS (sendto), SCMP_SYS (recvfrom), SCMP_SYS (sendmsg),
  SCMP_SYS (recvmsg), SCMP_SYS (getsockopt), SCMP_SYS (setsockopt), SCMP_SYS (getsockname),
  SCMP_SYS (getpeername), SCMP_SYS (shutdown),
  /* the control socket's peer credentials; removing the sockets at the end */
  SCMP_SYS (getuid), SCMP_SYS (geteuid), SCMP_SYS (getgid), SCMP_SYS (getegid),
  SCMP_SYS (unlink),
};

/* ioctl requests: the terminal of --serial stdio, non-blocking sockets. */
static const unsigned long sandbox_ioctls[] = {
  TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, FIONBIO, FIONREAD,
};

/* socket() families. */
static const int sandbox_families[] = { AF_INET, AF_INET6 };

static gboolean
sandbox_add (scmp_filter_ctx ctx, int call, unsigned n, const struct scmp_arg_cmp *cmp,
             GError **error)
{
  int r = seccomp_rule_add_array (ctx, SCMP_ACT_ALLOW, call, n, cmp);

  if (r < 0) {
    g_autofree char *name = seccomp_syscall_resolve_num_arch (SCMP_ARCH_NATIVE, call);
    g_autofree char *what = g_strdup_printf ("allowing %s", name ? name : "a system call");
    return sandbox_fail (error, what, -r);
  }
  return TRUE;
}

static gboolean
sandbox_build (scmp_filter_ctx ctx, GError **error)
{
  for (unsigned i = 0; i < G_N_ELEMENTS (sandbox_calls); i++) {
    if (!sandbox_add (ctx, sandbox_calls[i], 0, NULL, error))
      return FALSE;
  }
  for (unsigned i = 0; i < G_N_ELEMENTS (sandbox_ioctls); i++) {
    struct scmp_arg_cmp cmp = SCMP_A1_64 (SCMP_CMP_EQ, sandbox_ioctls[i]);
    if (!sandbox_add (ctx, SCMP_SYS (ioctl), 1, &cmp, error))
      return FALSE;
  }
  for (unsigned i = 0; i < G_N_ELEMENTS (sandbox_families); i++) {
    struct scmp_arg_cmp cmp = SCMP_A0_32 (SCMP_CMP_EQ, (uint32_t) sandbox_families[i]);
    if (!sandbox_add (ctx, SCMP_SYS (socket), 1, &cmp, error))
      return FALSE;
  }
  struct scmp_arg_cmp name = SCMP_A0_32 (SCMP_CMP_EQ, PR_SET_NAME);
  return sandbox_add (ctx, SCMP_SYS (prctl), 1, &name, error);
}

static gboolean
sandbox_install (GError **error)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_KILL_PROCESS);
  int r;

  if (!ctx)
    return sandbox_fail (error, "libseccomp cannot start a filter", ENOMEM);
  /* Every thread, not only this one: the harts and the workers run device code too. */
  r = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_TSYNC, 1);
  if (r < 0) {
    seccomp_release (ctx);
    return sandbox_fail (error, "synchronising the filter across threads", -r);
  }
  if (!sandbox_build (ctx, error)) {
    seccomp_release (ctx);
    return FALSE;
  }
  r = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (openat), 0);
  if (r == 0)
    r = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (open), 0);
  if (r < 0) {
    seccomp_release (ctx);
    return sandbox_fail (error, "refusing open", -r);
  }
  r = seccomp_load (ctx);
  seccomp_release (ctx);
  if (r < 0)
    return sandbox_fail (error, "loading the seccomp filter", -r);
  return TRUE;
}

#endif

gboolean
pvm_vmm_sandbox_enter (GError **error)
{
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return sandbox_fail (error, "PR_SET_NO_NEW_PRIVS", errno);
#ifdef PVM_SANITIZED
  return TRUE;
#else
  return sandbox_install (error);
#endif
}

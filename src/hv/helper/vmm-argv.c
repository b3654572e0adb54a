/* vmm-argv.c: pvm-vmm's command line for a definition.
 *
 * Session mode: pvm-vmm runs as the user and opens the files the definition names itself.
 * System mode: pvm-vmm runs as a user of its own, who cannot open the user's files (nor
 * should): pvmd opens them and hands down the descriptors, `--disk fd=N` for a disk and
 * /dev/fd/N for the kernel, initrd, firmware and payload, which pvm-vmm reads once at setup
 * (re-opening an inherited file through /dev/fd checks only the file's own mode, not the
 * directories above it). The tap device of a bridge network is always handed down
 * (`--net tap,fd=N`).
 */
#include "hv/helper/vmm-argv.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "common/pvm-error.h"

#define VMM_FIRST_FD 3 /* after stdin, stdout and stderr */

void
pvm_helper_vmm_launch_init (PvmHelperVmmLaunch *launch)
{
  *launch = (PvmHelperVmmLaunch) { .uid = (uid_t) -1, .gid = (gid_t) -1 };
  for (guint i = 0; i < G_N_ELEMENTS (launch->tap_fds); i++)
    launch->tap_fds[i] = -1;
}

void
pvm_helper_vmm_launch_clear (PvmHelperVmmLaunch *launch)
{
  for (guint i = 0; i < G_N_ELEMENTS (launch->tap_fds); i++) {
    if (launch->tap_fds[i] >= 0)
      close (launch->tap_fds[i]);
    launch->tap_fds[i] = -1;
  }
}

static void
argv_add (GPtrArray *argv, const char *option, const char *value)
{
  g_ptr_array_add (argv, g_strdup_printf ("--%s=%s", option, value));
}

/* Hands @fd (taken) down to the child; returns its number there. */
static int
argv_pass_fd (GSubprocessLauncher *launcher, int fd, int *next)
{
  int target = (*next)++;

  g_subprocess_launcher_take_fd (launcher, fd, target);
  return target;
}

/* Opens @path with @flags and hands it down; returns its number in the child, or -1. */
static int
argv_open (GSubprocessLauncher *launcher, const char *path, int flags, int *next,
           GError **error)
{
  int fd = open (path, flags | O_CLOEXEC);

  if (fd < 0) {
    int err = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot open %s%s: %s", path,
                 (flags & O_ACCMODE) == O_RDWR && err != ENOENT ? " for writing" : "",
                 g_strerror (err));
    return -1;
  }
  return argv_pass_fd (launcher, fd, next);
}

/* Adds --OPTION=FILE for the boot file @path, if there is one. */
static gboolean
argv_add_file (GPtrArray *argv, PvmHelperVmmLaunch *launch, GSubprocessLauncher *launcher,
               const char *option, const char *path, int *next, GError **error)
{
  if (!path)
    return TRUE;
  if (!launch->pass_files) {
    argv_add (argv, option, path);
    return TRUE;
  }
  int fd = argv_open (launcher, path, O_RDONLY, next, error);
  if (fd < 0)
    return FALSE;
  g_autofree char *value = g_strdup_printf ("/dev/fd/%d", fd);
  argv_add (argv, option, value);
  return TRUE;
}

/* Adds one --net for interface @i. */
static void
argv_add_net (GPtrArray *argv, PvmHelperVmmLaunch *launch, GSubprocessLauncher *launcher,
              const PvmDomainInterface *iface, guint i, int *next)
{
  g_autoptr (GString) net = NULL;

  if (launch->tap_fds[i] >= 0) {
    net = g_string_new (NULL);
    g_string_printf (net, "tap,fd=%d", argv_pass_fd (launcher, launch->tap_fds[i], next));
    launch->tap_fds[i] = -1;
  } else {
    net = g_string_new ("user");
    for (guint f = 0; f < iface->n_forwards; f++) {
      const PvmDomainPortForward *fwd = &iface->forwards[f];
      g_string_append_printf (net, ",hostfwd=%s:%s:%u-:%u", fwd->udp ? "udp" : "tcp",
                              fwd->address ? fwd->address : "", fwd->host_port,
                              fwd->guest_port);
    }
  }
  g_string_append_printf (net, ",mac=%s", iface->mac);
  argv_add (argv, "net", net->str);
}

GPtrArray *
pvm_helper_vmm_argv (PvmHelperVmmLaunch *launch, PvmDomainConfig *config,
                     GSubprocessLauncher *launcher, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *kernel = pvm_domain_config_get_kernel (config);
  const char *cmdline = pvm_domain_config_get_cmdline (config);
  int next = VMM_FIRST_FD;
  char number[32];

  g_ptr_array_add (argv, g_strdup (launch->vmm_path));
  if (pvm_domain_config_get_mode (config) == PVM_DOMAIN_MODE_PV) {
    if (!argv_add_file (argv, launch, launcher, "kernel", kernel, &next, error))
      return NULL;
  } else if (!argv_add_file (argv, launch, launcher, "firmware",
                             pvm_domain_config_get_loader (config), &next, error) ||
             !argv_add_file (argv, launch, launcher, "payload", kernel, &next, error)) {
    return NULL;
  }
  if (!argv_add_file (argv, launch, launcher, "initrd", pvm_domain_config_get_initrd (config),
                      &next, error))
    return NULL;
  if (cmdline)
    argv_add (argv, "append", cmdline);
  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT "M",
              pvm_domain_config_get_memory_mib (config));
  argv_add (argv, "memory", number);
  g_snprintf (number, sizeof number, "%u", pvm_domain_config_get_vcpus (config));
  argv_add (argv, "smp", number);
  for (guint i = 0; i < pvm_domain_config_get_n_disks (config); i++) {
    const PvmDomainDisk *disk = pvm_domain_config_get_disk (config, i);
    g_autofree char *file = NULL;
    if (launch->pass_files) {
      int fd = argv_open (launcher, disk->path, disk->readonly ? O_RDONLY : O_RDWR, &next,
                          error);
      if (fd < 0)
        return NULL;
      file = g_strdup_printf ("fd=%d", fd);
    }
    g_autofree char *value = g_strconcat (file ? file : disk->path,
                                          disk->readonly ? ",readonly" : "", NULL);
    argv_add (argv, "disk", value);
  }
  for (guint i = 0; i < pvm_domain_config_get_n_interfaces (config); i++)
    argv_add_net (argv, launch, launcher, pvm_domain_config_get_interface (config, i), i, &next);
  argv_add (argv, "serial-socket", launch->serial_path);
  argv_add (argv, "control", launch->control_path);
  if (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_REBOOT) ==
      PVM_DOMAIN_LIFECYCLE_DESTROY)
    argv_add (argv, "on-reboot", "exit");
  if (launch->sandbox)
    g_ptr_array_add (argv, g_strdup ("--sandbox"));
  g_ptr_array_add (argv, NULL);
  return g_steal_pointer (&argv);
}

gboolean
pvm_helper_vmm_find_user (uid_t *uid, gid_t *gid)
{
  struct passwd *pw = getpwnam ("pvm");

  if (!pw) {
    pw = getpwnam ("nobody");
    if (pw)
      g_warning ("There is no user 'pvm' (see pvm.sysusers.conf): the machines run as "
                 "'nobody', whose processes they share");
  }
  if (!pw)
    return FALSE;
  *uid = pw->pw_uid;
  *gid = pw->pw_gid;
  return TRUE;
}

void
pvm_helper_vmm_child_setup (gpointer data)
{
  const PvmHelperVmmLaunch *launch = data;

  setsid ();
  if (launch->uid == (uid_t) -1)
    return;
  if (setgroups (0, NULL) < 0 || setgid (launch->gid) < 0 || setuid (launch->uid) < 0)
    _exit (127);
}

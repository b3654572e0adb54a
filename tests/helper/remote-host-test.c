/* remote-host-test.c: hostb, a second host in a network namespace, and its janitor. */
#include "remote-host-test.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "pvmd-test.h"

#include "common/pvm-connect.h"

#define REMOTE_NS_FORMAT "pvmtest-hostb-%d"
#define REMOTE_READY_TIMEOUT 30

void
pvm_test_remote_host_start_janitor (void)
{
  pid_t parent = getpid ();
  sigset_t usr1;

  sigemptyset (&usr1);
  sigaddset (&usr1, SIGUSR1);
  if (fork () == 0) {
    char name[64];
    int signo, null = open ("/dev/null", O_RDWR);

    dup2 (null, STDIN_FILENO);
    dup2 (null, STDOUT_FILENO);
    dup2 (null, STDERR_FILENO);
    setsid ();
    sigprocmask (SIG_BLOCK, &usr1, NULL);
    prctl (PR_SET_PDEATHSIG, SIGUSR1);
    if (getppid () == parent)
      sigwait (&usr1, &signo);
    snprintf (name, sizeof name, REMOTE_NS_FORMAT, (int) parent);
    execlp ("ip", "ip", "netns", "del", name, (char *) NULL);
    _exit (0);
  }
}

static gboolean
remote_run_ip (const char *const *argv)
{
  int status;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* Records @process's pid as @name in hostb's directory, where the pvmd janitor looks. */
static void
remote_record (PvmTestRemoteHost *r, const char *name, GSubprocess *process)
{
  g_autofree char *path = g_build_filename (r->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_subprocess_get_identifier (process), -1, NULL));
}

/* Gives hostb a default guest of its own: links to the files of this host's. */
static void
remote_link_guest (PvmTestRemoteHost *r)
{
  static const char *const files[] = { "Image", "initramfs.cpio.gz" };
  const char *env = g_getenv ("PVM_GUEST_DIR");
  g_autofree char *local = env && *env ? g_strdup (env)
                                       : g_build_filename (g_get_home_dir (), ".cache", "pvm",
                                                           "guest", "current", NULL);

  r->guest = g_build_filename (r->dir, "guest", NULL);
  g_assert_cmpint (g_mkdir (r->guest, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree char *target = g_build_filename (local, files[i], NULL);
    g_autofree char *link = g_build_filename (r->guest, files[i], NULL);
    g_assert_cmpint (symlink (target, link), ==, 0);
  }
}

static void
remote_start_bus (PvmTestRemoteHost *r)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *argv[] = { "ip", "netns", "exec", r->ns, "dbus-daemon", "--session", "--nofork",
                         "--print-address=1", NULL };

  r->bus = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  remote_record (r, "bus.pid", r->bus);
  g_autoptr (GDataInputStream) lines =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (r->bus));
  r->address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->address);
  g_test_message ("hostb's bus: %s", r->address);
}

static void
remote_start_pvmd (PvmTestRemoteHost *r)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *runtime = g_build_filename (r->dir, "run", NULL);
  g_autofree char *data_home = g_build_filename (r->dir, "data", NULL);
  g_autofree char *store = g_build_filename (r->dir, "store", NULL);
  g_autofree char *bus_env = g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=%s", r->address);
  g_autofree char *runtime_env = g_strdup_printf ("XDG_RUNTIME_DIR=%s", runtime);
  g_autofree char *data_env = g_strdup_printf ("XDG_DATA_HOME=%s", data_home);
  g_autofree char *guest_env = g_strdup_printf ("PVM_GUEST_DIR=%s", r->guest);
  g_autofree char *store_arg = g_strdup_printf ("--store=%s", store);
  g_autofree char *vmm_arg = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *argv[] = { "ip", "netns", "exec", r->ns, "env", bus_env, runtime_env, data_env,
                         guest_env, g_getenv ("PVMD"), "--session", store_arg, vmm_arg, NULL };

  g_assert_nonnull (g_getenv ("PVMD"));
  g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  r->pvmd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  remote_record (r, "pvmd.pid", r->pvmd);
}

/* Writes the PVM_SSH script: "hostb pvmctl bridge …" becomes that command in hostb's
 * namespace, with hostb's bus and the build's pvmctl. */
static void
remote_write_ssh (PvmTestRemoteHost *r)
{
  const char *pvmctl = g_getenv ("PVMCTL");
  g_autofree char *bindir = NULL;
  g_autofree char *script = NULL;

  g_assert_nonnull (pvmctl);
  bindir = g_path_get_dirname (pvmctl);
  script = g_strdup_printf (
    "#!/bin/sh\n"
    "# Stands in for ssh: drops the host and runs the command on 'hostb'.\n"
    "echo \"$@\" >> '%s/ssh.log'\n"
    "shift\n"
    "exec ip netns exec '%s' env DBUS_SESSION_BUS_ADDRESS='%s' PATH='%s:/usr/sbin:/usr/bin:"
    "/sbin:/bin' \"$@\"\n",
    r->dir, r->ns, r->address, bindir);
  r->ssh = g_build_filename (r->dir, "ssh", NULL);
  g_assert_true (g_file_set_contents (r->ssh, script, -1, NULL));
  g_assert_cmpint (g_chmod (r->ssh, 0755), ==, 0);
  g_setenv ("PVM_SSH", r->ssh, TRUE);
}

/* Connects through the bridge as pvm-manager and pvmctl do, once hostb's pvmd answers. */
static void
remote_connect (PvmTestRemoteHost *r)
{
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + REMOTE_READY_TIMEOUT * G_USEC_PER_SEC;

  while (!(r->connection = pvm_connect_sync (PVM_TEST_REMOTE_URI, NULL, &error))) {
    if (g_get_monotonic_time () >= deadline)
      g_error ("hostb's pvmd did not answer within %d seconds: %s", REMOTE_READY_TIMEOUT,
               error->message);
    g_assert_nonnull (g_subprocess_get_identifier (r->pvmd)); /* NULL once it has ended */
    g_clear_error (&error);
    g_usleep (100 * 1000);
  }
  r->manager = pvm_object_manager_client_new_sync (
    r->connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START, PVM_CONNECT_BUS_NAME,
    PVM_CONNECT_OBJECT_PATH, NULL, &error);
  g_assert_no_error (error);
  r->host = PVM_HOST (g_dbus_object_manager_get_interface (r->manager, PVM_CONNECT_HOST_PATH,
                                                           "org.pvm.Hypervisor1.Host"));
  g_assert_nonnull (r->host);
}

gboolean
pvm_test_remote_host_set_up (PvmTestRemoteHost *r, const char *dir)
{
  g_autofree char *template = g_build_filename (dir, "hostb-XXXXXX", NULL);

  r->ns = g_strdup_printf (REMOTE_NS_FORMAT, (int) getpid ());
  if (geteuid () != 0 ||
      !remote_run_ip ((const char *const[]) { "ip", "netns", "add", r->ns, NULL })) {
    r->skipped = "the remote host is a network namespace: `ip netns add` needs root";
    g_clear_pointer (&r->ns, g_free);
    g_test_skip (r->skipped);
    return FALSE;
  }
  remote_run_ip ((const char *const[]) { "ip", "netns", "exec", r->ns, "ip", "link", "set",
                                         "lo", "up", NULL });
  r->dir = g_strdup (g_mkdtemp (template));
  g_assert_nonnull (r->dir);
  remote_link_guest (r);
  remote_start_bus (r);
  remote_start_pvmd (r);
  remote_write_ssh (r);
  remote_connect (r);
  /* From here on the log holds what others ran through PVM_SSH. */
  g_autofree char *log = g_build_filename (r->dir, "ssh.log", NULL);
  g_assert_cmpint (g_unlink (log), ==, 0);
  return TRUE;
}

/* Kills the pvm-vmm serving each @run/<uuid>/serial: the machines outlive pvmd by design. */
static void
remote_kill_machines_in (const char *run)
{
  g_autoptr (GDir) d = g_dir_open (run, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d))) {
    g_autofree char *path = g_build_filename (run, name, "serial", NULL);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    struct ucred cred;
    socklen_t length = sizeof cred;
    int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (strlen (path) < sizeof addr.sun_path) {
      memcpy (addr.sun_path, path, strlen (path) + 1);
      if (connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
          getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0 && cred.pid > 0)
        kill (cred.pid, SIGKILL);
    }
    close (fd);
  }
}

void
pvm_test_remote_host_tear_down (PvmTestRemoteHost *r)
{
  g_clear_object (&r->host);
  g_clear_object (&r->manager);
  if (r->connection)
    g_dbus_connection_close_sync (r->connection, NULL, NULL);
  g_clear_object (&r->connection); /* ends the bridge */
  if (r->pvmd) {
    g_subprocess_send_signal (r->pvmd, SIGTERM);
    g_subprocess_wait (r->pvmd, NULL, NULL);
  }
  if (r->dir) {
    g_autofree char *run = g_build_filename (r->dir, "run", "pvm", NULL);
    const char *argv[] = { "rm", "-rf", r->dir, NULL };

    remote_kill_machines_in (run);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  if (r->bus) {
    g_subprocess_send_signal (r->bus, SIGTERM);
    g_subprocess_wait (r->bus, NULL, NULL);
  }
  if (r->ns)
    remote_run_ip ((const char *const[]) { "ip", "netns", "del", r->ns, NULL });
  if (r->ssh)
    g_unsetenv ("PVM_SSH");
  g_clear_object (&r->pvmd);
  g_clear_object (&r->bus);
  g_clear_pointer (&r->ns, g_free);
  g_clear_pointer (&r->dir, g_free);
  g_clear_pointer (&r->guest, g_free);
  g_clear_pointer (&r->address, g_free);
  g_clear_pointer (&r->ssh, g_free);
}

PvmDomain *
pvm_test_remote_host_find_domain (PvmTestRemoteHost *r, const char *name, double timeout_s)
{
  return pvm_test_wait_for_domain (r->manager, name, timeout_s);
}

PvmDomain *
pvm_test_remote_host_define_guest (PvmTestRemoteHost *r, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xml = g_strdup_printf ("<domain type='qemu'>"
                                          "<name>%s</name>"
                                          "<memory unit='MiB'>256</memory>"
                                          "<vcpu>1</vcpu>"
                                          "<os><type>linux</type>"
                                          "<kernel>%s/Image</kernel>"
                                          "<initrd>%s/initramfs.cpio.gz</initrd>"
                                          "<cmdline>console=ttyS0 quiet</cmdline></os>"
                                          "</domain>",
                                          name, r->guest, r->guest);
  PvmDomain *domain;

  g_assert_true (pvm_host_call_define_domain_sync (r->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  domain = pvm_test_remote_host_find_domain (r, name, 10.0);
  g_assert_nonnull (domain);
  return domain;
}

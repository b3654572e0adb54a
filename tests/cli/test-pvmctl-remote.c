/* test-pvmctl-remote.c: a second host — a bus and a pvmd in their own network namespace —
 * reached with `pvmctl --connect pvm+ssh://hostb/session`. PVM_SSH is a script that drops
 * the host and runs the rest (`pvmctl bridge --session …`) in the namespace with that bus,
 * as `ssh hostb` would run it there. The remote host is listed and driven like the local one:
 * define, start, console, destroy, undefine. Needs root (ip netns); skips otherwise. */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli-test.h"
#include "common/pvm-error.h"
#include "pvmd-test.h"

#define REMOTE "pvm+ssh://hostb/session"

typedef struct {
  PvmTestPvmd local;
  gboolean skipped;
  char *ns;       /* the network namespace of "hostb" */
  char *dir;      /* the remote host's files, below the local test's directory */
  char *address;  /* its bus */
  char *ssh;      /* the PVM_SSH script */
  GSubprocess *bus, *pvmd;
} Remote;

static gboolean
run_ip (const char *const *argv)
{
  int status;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* Records @pid as @name in a directory the janitor searches, should the test die. */
static void
remote_record (Remote *r, const char *name, GSubprocess *process)
{
  g_autofree char *path = g_build_filename (r->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_subprocess_get_identifier (process), -1, NULL));
}

static void
remote_set_up (Remote *r, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  pvm_test_pvmd_set_up (&r->local, data);
  r->ns = g_strdup_printf ("pvmtest-hostb-%d", (int) getpid ());
  if (geteuid () != 0 || !run_ip ((const char *const[]) { "ip", "netns", "add", r->ns, NULL })) {
    r->skipped = TRUE;
    g_test_skip ("the remote host is a network namespace: `ip netns add` needs root");
    return;
  }
  run_ip ((const char *const[]) { "ip", "netns", "exec", r->ns, "ip", "link", "set", "lo", "up",
                                  NULL });
  /* A sibling of the local test's directory, where the janitor looks for pids. */
  r->dir = g_strdup_printf ("%s-hostb", r->local.dir);
  g_assert_cmpint (g_mkdir (r->dir, 0700), ==, 0);
  g_autofree char *runtime = g_build_filename (r->dir, "run", NULL);
  g_autofree char *data_home = g_build_filename (r->dir, "data", NULL);
  g_autofree char *store = g_build_filename (r->dir, "store", NULL);
  g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);

  /* hostb's session bus, in its namespace. */
  g_autoptr (GSubprocessLauncher) bus_launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *bus_argv[] = { "ip", "netns", "exec", r->ns, "dbus-daemon", "--session", "--nofork",
                             "--print-address=1", NULL };
  r->bus = g_subprocess_launcher_spawnv (bus_launcher, bus_argv, &error);
  g_assert_no_error (error);
  remote_record (r, "bus.pid", r->bus);
  g_autoptr (GDataInputStream) lines =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (r->bus));
  r->address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->address);
  g_test_message ("hostb's bus: %s", r->address);

  /* hostb's pvmd. */
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *bus_env = g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=%s", r->address);
  g_autofree char *runtime_env = g_strdup_printf ("XDG_RUNTIME_DIR=%s", runtime);
  g_autofree char *data_env = g_strdup_printf ("XDG_DATA_HOME=%s", data_home);
  g_autofree char *store_arg = g_strdup_printf ("--store=%s", store);
  g_autofree char *vmm_arg = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *pvmd_argv[] = { "ip", "netns", "exec", r->ns, "env", bus_env, runtime_env,
                              data_env, g_getenv ("PVMD"), "--session", store_arg, vmm_arg,
                              NULL };
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  r->pvmd = g_subprocess_launcher_spawnv (launcher, pvmd_argv, &error);
  g_assert_no_error (error);
  remote_record (r, "pvmd.pid", r->pvmd);

  /* PVM_SSH: "hostb pvmctl bridge …" becomes the same command in hostb's namespace. */
  g_autofree char *bindir = g_path_get_dirname (pvm_test_cli_pvmctl ());
  g_autofree char *script = g_strdup_printf (
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

  /* Wait until hostb's pvmd answers through the bridge. */
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;) {
    g_autofree char *ssh_env = g_strdup_printf ("PVM_SSH=%s", r->ssh);
    const char *env[] = { ssh_env, NULL };
    g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (
      NULL, env, NULL, (const char *const[]) { "--connect", REMOTE, "pool-list", NULL });
    if (run->status == 0)
      break;
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    g_usleep (100 * 1000);
  }
}

/* Kills the pvm-vmm serving each @run/<uuid>/serial. */
static void
kill_machines_in (const char *run)
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

static void
remote_tear_down (Remote *r, gconstpointer data)
{
  if (r->pvmd) {
    g_subprocess_send_signal (r->pvmd, SIGTERM);
    g_subprocess_wait (r->pvmd, NULL, NULL);
  }
  if (r->dir) {
    /* The machines hostb's pvmd started outlive it by design. */
    g_autofree char *run = g_build_filename (r->dir, "run", "pvm", NULL);
    kill_machines_in (run);
    const char *argv[] = { "rm", "-rf", r->dir, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  if (r->bus) {
    g_subprocess_send_signal (r->bus, SIGTERM);
    g_subprocess_wait (r->bus, NULL, NULL);
  }
  if (r->ns && !r->skipped)
    run_ip ((const char *const[]) { "ip", "netns", "del", r->ns, NULL });
  g_clear_object (&r->pvmd);
  g_clear_object (&r->bus);
  g_free (r->ns);
  g_free (r->dir);
  g_free (r->address);
  g_free (r->ssh);
  pvm_test_pvmd_tear_down (&r->local, data);
}

/* Runs pvmctl --connect pvm+ssh://hostb/session @argv. */
static PvmTestCliRun *
remote_run (Remote *r, const char *input, const char *const *argv)
{
  g_autofree char *ssh_env = g_strdup_printf ("PVM_SSH=%s", r->ssh);
  g_autofree char *guest_env = g_strdup_printf ("PVM_GUEST_DIR=%s", r->local.guest);
  const char *env[] = { ssh_env, guest_env, NULL };
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_auto (GStrv) args = NULL;

  g_strv_builder_add_many (b, "--connect", REMOTE, NULL);
  g_strv_builder_addv (b, (const char **) argv);
  args = g_strv_builder_end (b);
  return pvm_test_cli_run_full (NULL, env, input, (const char *const *) args);
}

#define REMOTE_RUN(r, ...) remote_run ((r), NULL, (const char *const[]) { __VA_ARGS__, NULL })
#define LOCAL_RUN(r, ...) \
  pvm_test_cli_run (g_test_dbus_get_bus_address ((r)->local.bus), __VA_ARGS__)

static void
test_the_remote_host_is_listed_and_driven (Remote *r, gconstpointer data)
{
  if (r->skipped)
    return;

  /* Each host lists its own domains. */
  g_autoptr (PvmTestCliRun) created =
    REMOTE_RUN (r, "create", "--name", "faraway", "--default-guest", "--cmdline",
                "console=ttyS0 quiet");
  pvm_test_cli_assert_ok (created);
  g_autofree char *xml = pvm_test_pvmd_guest_xml (&r->local, "nearby", NULL, 256);
  g_autoptr (PvmTestCliRun) local_defined = pvm_test_cli_run_full (
    g_test_dbus_get_bus_address (r->local.bus), NULL, xml,
    (const char *const[]) { "define", "-", NULL });
  pvm_test_cli_assert_ok (local_defined);

  g_autoptr (PvmTestCliRun) remote_list = REMOTE_RUN (r, "list", "--all", "--name");
  pvm_test_cli_assert_ok (remote_list);
  g_assert_cmpstr (remote_list->out, ==, "faraway\n");
  g_autoptr (PvmTestCliRun) local_list = LOCAL_RUN (r, "list", "--all", "--name");
  g_assert_cmpstr (local_list->out, ==, "nearby\n");
  g_autoptr (PvmTestCliRun) json = REMOTE_RUN (r, "--json", "list", "--all");
  pvm_test_cli_assert_ok (json);
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);

  /* The bridge ran on hostb as ssh would run it. */
  g_autofree char *log_path = g_build_filename (r->dir, "ssh.log", NULL);
  g_autofree char *log = NULL;
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "hostb pvmctl bridge --session\n"));

  /* start, console, destroy, undefine. */
  g_autoptr (PvmTestCliRun) start = REMOTE_RUN (r, "start", "faraway");
  pvm_test_cli_assert_ok (start);
  g_autofree char *ssh_env = g_strdup_printf ("PVM_SSH=%s", r->ssh);
  const char *env[] = { ssh_env, NULL };
  const char *argv[] = { "--connect", REMOTE, "console", "faraway", NULL };
  g_autoptr (PvmTestCliSession) session = pvm_test_cli_session_new (NULL, env, FALSE, argv);
  g_assert_true (pvm_test_cli_session_wait_for_shell (session, PVM_TEST_BOOT_TIMEOUT));
  pvm_test_cli_session_send (session, "echo remote-$((6*7))\n");
  g_assert_true (pvm_test_cli_session_expect (session, "remote-42", PVM_TEST_CMD_TIMEOUT));
  pvm_test_cli_session_send (session, "\x1d");
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 0);
  g_clear_pointer (&log, g_free);
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "hostb pvmctl bridge --session --serial "));

  g_autoptr (PvmTestCliRun) info = REMOTE_RUN (r, "info", "faraway");
  g_assert_nonnull (strstr (info->out, "State:        running"));
  g_autoptr (PvmTestCliRun) destroy = REMOTE_RUN (r, "destroy", "faraway");
  pvm_test_cli_assert_ok (destroy);
  g_autoptr (PvmTestCliRun) after = REMOTE_RUN (r, "info", "faraway");
  g_assert_nonnull (strstr (after->out, "State:        shutoff"));
  g_autoptr (PvmTestCliRun) undefine = REMOTE_RUN (r, "undefine", "faraway");
  pvm_test_cli_assert_ok (undefine);
  g_autoptr (PvmTestCliRun) empty = REMOTE_RUN (r, "list", "--all", "--name");
  g_assert_cmpstr (empty->out, ==, "");
}

static void
test_remote_refusals_keep_their_sentence (Remote *r, gconstpointer data)
{
  if (r->skipped)
    return;

  g_autoptr (PvmTestCliRun) created =
    REMOTE_RUN (r, "create", "--name", "idle", "--default-guest");
  pvm_test_cli_assert_ok (created);
  g_autoptr (PvmTestCliRun) destroy = REMOTE_RUN (r, "destroy", "idle");
  pvm_test_cli_assert_fails (destroy, 1, "Domain 'idle' is not running");
  g_autoptr (PvmTestCliRun) console = REMOTE_RUN (r, "console", "idle");
  pvm_test_cli_assert_fails (console, 1, "Domain 'idle' is not running");
  g_autoptr (PvmTestCliRun) missing = REMOTE_RUN (r, "info", "absent");
  pvm_test_cli_assert_fails (missing, 1, "No domain is named 'absent'");
  g_assert_nonnull (strstr (missing->err, REMOTE));
}

/* Forks, before any thread exists, a process that deletes this process's namespace once it
 * has ended, however it ends: a failed assertion skips the tear-down. */
static void
start_namespace_janitor (void)
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
    snprintf (name, sizeof name, "pvmtest-hostb-%d", (int) parent);
    execlp ("ip", "ip", "netns", "del", name, (char *) NULL);
    _exit (0);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-cli-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  start_namespace_janitor ();
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark ();

#define ADD(path, func) \
  g_test_add ("/cli/remote/" path, Remote, dir, remote_set_up, func, remote_tear_down)
  ADD ("a-host-in-another-namespace-is-listed-and-driven-like-this-one",
       test_the_remote_host_is_listed_and_driven);
  ADD ("its-pvmd-s-refusals-come-back-as-sentences", test_remote_refusals_keep_their_sentence);
#undef ADD
  return g_test_run ();
}

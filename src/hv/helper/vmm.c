/* vmm.c: one pvm-vmm process — started or found running, controlled, watched to its end.
 *
 * The end of the process is known in one of two ways. A child of this pvmd is waited for with
 * GSubprocess, which gives its wait status. One that an earlier pvmd started is watched through
 * a pidfd opened from the peer credentials of its control socket. Either way the Finished
 * signal says how it ended, and the wait status only counts when none came (a crash). "exited"
 * waits for both the process's end and the control connection's close: GDBus delivers a signal
 * read before the close first, so a Finished sent just before the end is always seen.
 */
#include "hv/helper/vmm.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "common/pvm-vmm1.h"
#include "hv/helper/vmm-argv.h"
#include "hv/vmm/options.h"

#define VMM_OBJECT_PATH "/org/pvm/Vmm1"
#define VMM_START_TIMEOUT_S 30
#define VMM_CONNECT_RETRY_MS 20
#define VMM_CALL_TIMEOUT_MS 5000
#define VMM_KILL_AFTER_S 5
#define VMM_LOG_TAIL 4096
#define VMM_LOG_PREFIX "pvm-vmm: "

struct _PvmHelperVmm {
  GObject parent_instance;

  char *control_path, *serial_path, *log_path;
  GSubprocess *process; /* a child of this pvmd, or NULL */
  int pidfd;            /* a process an earlier pvmd started, or -1 */
  GSource *pidfd_source;
  GDBusConnection *connection;
  PvmVmm1 *proxy;

  GTask *pending;     /* the spawn or attach in progress */
  gint64 deadline_us; /* when a spawn stops waiting for the control socket */

  gboolean exit_on_reboot; /* started with --on-reboot=exit: status 125 is a reboot */
  gboolean process_ended, connection_closed, exited;
  gboolean finished; /* the Finished signal came, with: */
  int finished_status;
  char *finished_reason;

  gboolean exit_crashed; /* once exited */
  PvmHelperVmmEnd end;
  char *exit_reason;

  gboolean destroying;
  gboolean serial_gone; /* its serial socket refused a connection: it is going away */
  guint kill_timer;
  GPtrArray *exit_waiters; /* GTask *, completed at "exited" */
};

G_DEFINE_FINAL_TYPE (PvmHelperVmm, pvm_helper_vmm, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
enum { SIGNAL_EXITED, N_SIGNALS };
static GParamSpec *vmm_props[N_PROPS];
static guint vmm_signals[N_SIGNALS];

static void vmm_try_connect (PvmHelperVmm *vmm);

/* ---- files ---- */

static void
vmm_remove_sockets (PvmHelperVmm *vmm)
{
  g_unlink (vmm->control_path);
  g_unlink (vmm->serial_path);
}

/* Returns the last line pvm-vmm wrote on stderr, without its "pvm-vmm: " prefix; or NULL. */
static char *
vmm_log_tail (PvmHelperVmm *vmm)
{
  char buf[VMM_LOG_TAIL + 1];
  int fd = open (vmm->log_path, O_RDONLY | O_CLOEXEC);
  ssize_t len;

  if (fd < 0)
    return NULL;
  off_t size = lseek (fd, 0, SEEK_END);
  len = size < 0 ? -1 : pread (fd, buf, VMM_LOG_TAIL, MAX (size - VMM_LOG_TAIL, 0));
  close (fd);
  if (len <= 0)
    return NULL;
  buf[len] = '\0';

  g_auto (GStrv) lines = g_strsplit (buf, "\n", -1);
  for (guint i = g_strv_length (lines); i-- > 0;) {
    char *line = g_strstrip (lines[i]);
    if (*line == '\0')
      continue;
    if (g_str_has_prefix (line, VMM_LOG_PREFIX))
      line += strlen (VMM_LOG_PREFIX);
    return g_utf8_make_valid (line, -1);
  }
  return NULL;
}

/* ---- the end ---- */

/* Returns why a VMM that said Finished ended, and sets vmm->end: from what it said. */
static char *
vmm_finished_reason (PvmHelperVmm *vmm)
{
  int status = vmm->finished_status;

  if (status == 0)
    vmm->end = PVM_HELPER_VMM_END_POWEROFF;
  else if (status == PVM_VMM_EXIT_REBOOT && vmm->exit_on_reboot)
    vmm->end = PVM_HELPER_VMM_END_REBOOT;
  else
    vmm->end = PVM_HELPER_VMM_END_CRASHED;
  if (vmm->finished_reason && *vmm->finished_reason)
    return g_strdup (vmm->finished_reason);
  if (vmm->end == PVM_HELPER_VMM_END_CRASHED)
    return g_strdup_printf ("pvm-vmm stopped the machine with status %d", status);
  return g_strdup (vmm->end == PVM_HELPER_VMM_END_REBOOT ? "The guest rebooted"
                                                          : "The guest powered off");
}

/* Returns why the VMM ended, and sets vmm->end. */
static char *
vmm_exit_reason (PvmHelperVmm *vmm)
{
  int status = -1;

  if (vmm->destroying) {
    vmm->end = PVM_HELPER_VMM_END_DESTROYED;
    return g_strdup ("The domain was destroyed");
  }
  vmm->end = PVM_HELPER_VMM_END_CRASHED;
  if (vmm->process && g_subprocess_get_if_signaled (vmm->process)) {
    int sig = g_subprocess_get_term_sig (vmm->process);
    return g_strdup_printf ("pvm-vmm was killed by signal %d (%s)", sig, g_strsignal (sig));
  }
  if (vmm->finished)
    return vmm_finished_reason (vmm);

  /* It died without saying why: its status is all there is, and it is no reboot. */
  if (vmm->process && g_subprocess_get_if_exited (vmm->process))
    status = g_subprocess_get_exit_status (vmm->process);
  if (status == 0) {
    vmm->end = PVM_HELPER_VMM_END_POWEROFF;
    return g_strdup ("The guest powered off");
  }
  char *tail = vmm_log_tail (vmm);
  if (tail)
    return tail;
  if (status > 0)
    return g_strdup_printf ("pvm-vmm exited with status %d without saying why", status);
  return g_strdup ("pvm-vmm ended without saying why: it was killed or it crashed");
}

static void
vmm_check_exited (PvmHelperVmm *vmm)
{
  if (vmm->exited || !vmm->process_ended || (vmm->connection && !vmm->connection_closed))
    return;
  /* A handler of "exited" may drop the last other reference. */
  g_object_ref (vmm);
  vmm->exited = TRUE;
  g_clear_handle_id (&vmm->kill_timer, g_source_remove);
  vmm_remove_sockets (vmm);

  vmm->exit_reason = vmm_exit_reason (vmm);
  vmm->exit_crashed = vmm->end == PVM_HELPER_VMM_END_CRASHED;
  g_signal_emit (vmm, vmm_signals[SIGNAL_EXITED], 0, vmm->exit_crashed, vmm->exit_reason);

  g_autoptr (GPtrArray) waiters = g_steal_pointer (&vmm->exit_waiters);
  vmm->exit_waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++) {
    g_task_return_boolean (waiters->pdata[i], TRUE);
    g_object_unref (waiters->pdata[i]);
  }
  g_object_unref (vmm);
}

static void
vmm_on_process_end (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHelperVmm) vmm = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_debug ("pvm-vmm on %s has ended", vmm->control_path);
  vmm->process_ended = TRUE;
  vmm_check_exited (vmm);
}

static gboolean
vmm_on_pidfd (int fd, GIOCondition condition, gpointer data)
{
  PvmHelperVmm *vmm = data;

  g_clear_pointer (&vmm->pidfd_source, g_source_unref);
  g_debug ("pvm-vmm on %s has ended", vmm->control_path);
  vmm->process_ended = TRUE;
  vmm_check_exited (vmm);
  return G_SOURCE_REMOVE;
}

static void
vmm_on_closed (GDBusConnection *connection, gboolean remote_peer_vanished, GError *error,
               PvmHelperVmm *vmm)
{
  g_debug ("The control connection to %s is closed", vmm->control_path);
  vmm->connection_closed = TRUE;
  vmm_check_exited (vmm);
}

static void
vmm_kill (PvmHelperVmm *vmm)
{
  if (vmm->process)
    g_subprocess_force_exit (vmm->process);
  else if (vmm->pidfd >= 0)
    pidfd_send_signal (vmm->pidfd, SIGKILL, NULL, 0);
}

/* ---- connecting ---- */

static void
vmm_fail_pending (PvmHelperVmm *vmm, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&vmm->pending);
  g_task_return_error (task, error);
}

static void
vmm_on_finished (PvmVmm1 *proxy, int status, const char *reason, PvmHelperVmm *vmm)
{
  vmm->finished = TRUE;
  vmm->finished_status = status;
  g_free (vmm->finished_reason);
  vmm->finished_reason = g_strdup (reason);
}

static void
vmm_on_state (GObject *proxy, GParamSpec *pspec, PvmHelperVmm *vmm)
{
  g_object_notify_by_pspec (G_OBJECT (vmm), vmm_props[PROP_STATE]);
}

static void
vmm_on_proxy (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHelperVmm) vmm = data;
  g_autoptr (GError) error = NULL;
  PvmVmm1 *proxy = pvm_vmm1_proxy_new_finish (result, &error);

  if (!proxy || !pvm_vmm1_get_state (proxy)) {
    if (vmm->process)
      vmm_kill (vmm);
    vmm_fail_pending (vmm, g_error_new (PVM_ERROR, PVM_ERROR_FAILED,
                                        "pvm-vmm does not answer on %s: %s", vmm->control_path,
                                        error ? error->message : "it has no state"));
    g_clear_object (&proxy);
    return;
  }
  vmm->proxy = proxy;
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (proxy), VMM_CALL_TIMEOUT_MS);
  g_signal_connect (proxy, "notify::state", G_CALLBACK (vmm_on_state), vmm);
  g_signal_connect (proxy, "finished", G_CALLBACK (vmm_on_finished), vmm);

  g_autoptr (GTask) task = g_steal_pointer (&vmm->pending);
  g_task_return_pointer (task, g_object_ref (vmm), g_object_unref);
}

/* A VMM found running: watch its process through a pidfd. */
static void
vmm_watch_peer (PvmHelperVmm *vmm)
{
  GIOStream *stream = g_dbus_connection_get_stream (vmm->connection);
  g_autoptr (GCredentials) credentials = NULL;
  pid_t pid = -1;

  if (G_IS_SOCKET_CONNECTION (stream))
    credentials = g_socket_get_credentials (
      g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)), NULL);
  if (credentials)
    pid = g_credentials_get_unix_pid (credentials, NULL);
  vmm->pidfd = pid > 0 ? pidfd_open (pid, 0) : -1;
  if (vmm->pidfd < 0) {
    vmm->process_ended = TRUE; /* it is gone already: "exited" follows the close */
    return;
  }
  g_debug ("Watching pvm-vmm %d on %s", (int) pid, vmm->control_path);
  vmm->pidfd_source = g_unix_fd_source_new (vmm->pidfd, G_IO_IN);
  g_source_set_callback (vmm->pidfd_source, G_SOURCE_FUNC (vmm_on_pidfd), vmm, NULL);
  g_source_attach (vmm->pidfd_source, NULL);
}

static gboolean
vmm_retry_connect (gpointer data)
{
  vmm_try_connect (data);
  return G_SOURCE_REMOVE;
}

static void
vmm_on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHelperVmm) vmm = data;
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_for_address_finish (result, &error);

  if (!connection) {
    if (!vmm->process) {
      g_debug ("No pvm-vmm answers on %s: %s", vmm->control_path, error->message);
      vmm_remove_sockets (vmm);
      vmm_fail_pending (vmm, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                  "pvm-vmm ended while pvmd was not running"));
    } else if (vmm->process_ended) {
      g_autofree char *tail = vmm_log_tail (vmm);
      vmm_fail_pending (vmm, g_error_new (PVM_ERROR, PVM_ERROR_FAILED, "%s",
                                          tail ? tail : "pvm-vmm ended at once"));
    } else if (g_get_monotonic_time () > vmm->deadline_us) {
      vmm_kill (vmm);
      vmm_fail_pending (vmm, g_error_new (PVM_ERROR, PVM_ERROR_FAILED,
                                          "pvm-vmm did not answer on %s within %d s",
                                          vmm->control_path, VMM_START_TIMEOUT_S));
    } else {
      g_timeout_add (VMM_CONNECT_RETRY_MS, vmm_retry_connect, g_steal_pointer (&vmm));
    }
    return;
  }

  vmm->connection = connection;
  g_signal_connect (connection, "closed", G_CALLBACK (vmm_on_closed), vmm);
  if (!vmm->process)
    vmm_watch_peer (vmm);
  pvm_vmm1_proxy_new (connection, G_DBUS_PROXY_FLAGS_NONE, NULL, VMM_OBJECT_PATH, NULL,
                      vmm_on_proxy, g_object_ref (vmm));
}

/* Takes a reference to @vmm until the attempt completes. */
static void
vmm_try_connect (PvmHelperVmm *vmm)
{
  g_autofree char *escaped = g_dbus_address_escape_value (vmm->control_path);
  g_autofree char *address = g_strconcat ("unix:path=", escaped, NULL);

  g_dbus_connection_new_for_address (address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                                     NULL, NULL, vmm_on_connected, g_object_ref (vmm));
}

/* ---- starting ---- */

/* Returns the VMM of @config with its files in @runtime_dir. */
static PvmHelperVmm *
vmm_new (const char *runtime_dir, PvmDomainConfig *config)
{
  PvmHelperVmm *vmm = g_object_new (PVM_HELPER_TYPE_VMM, NULL);

  /* As pvm_helper_vmm_argv() starts it. */
  vmm->exit_on_reboot = pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_REBOOT) ==
                        PVM_DOMAIN_LIFECYCLE_DESTROY;
  vmm->control_path = g_build_filename (runtime_dir, PVM_HELPER_VMM_CONTROL, NULL);
  vmm->serial_path = g_build_filename (runtime_dir, PVM_HELPER_VMM_SERIAL, NULL);
  vmm->log_path = g_build_filename (runtime_dir, PVM_HELPER_VMM_LOG, NULL);
  return vmm;
}

/* Creates @runtime_dir, owned by the user the VMM runs as: it binds its sockets there. */
static gboolean
vmm_prepare_dir (PvmHelperVmm *vmm, const char *runtime_dir, const PvmHelperVmmLaunch *launch,
                 GError **error)
{
  struct sockaddr_un addr;

  if (g_mkdir_with_parents (runtime_dir, 0700) < 0 ||
      (launch->uid != (uid_t) -1 && chown (runtime_dir, launch->uid, launch->gid) < 0)) {
    int err = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot create the runtime directory %s: %s",
                 runtime_dir, g_strerror (err));
    return FALSE;
  }
  if (strlen (vmm->control_path) >= sizeof addr.sun_path) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "The runtime directory %s is too long a path for a unix socket", runtime_dir);
    return FALSE;
  }
  vmm_remove_sockets (vmm);
  g_unlink (vmm->log_path);
  return TRUE;
}

void
pvm_helper_vmm_spawn (PvmHelperVmmLaunch *launch, PvmDomainConfig *config,
                      const char *runtime_dir, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (PvmHelperVmm) vmm = vmm_new (runtime_dir, config);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, pvm_helper_vmm_spawn);
  if (!vmm_prepare_dir (vmm, runtime_dir, launch, &error)) {
    pvm_helper_vmm_launch_clear (launch);
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }

  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  launch->serial_path = vmm->serial_path;
  launch->control_path = vmm->control_path;
  g_autoptr (GPtrArray) argv = pvm_helper_vmm_argv (launch, config, launcher, &error);
  pvm_helper_vmm_launch_clear (launch);
  if (!argv) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  g_subprocess_launcher_set_stderr_file_path (launcher, vmm->log_path);
  g_subprocess_launcher_set_child_setup (launcher, pvm_helper_vmm_child_setup, launch, NULL);
  vmm->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                               &error);
  if (!vmm->process) {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "Cannot run %s: %s",
                             launch->vmm_path, error->message);
    return;
  }
  g_subprocess_wait_async (vmm->process, NULL, vmm_on_process_end, g_object_ref (vmm));

  vmm->pending = g_steal_pointer (&task);
  vmm->deadline_us = g_get_monotonic_time () + VMM_START_TIMEOUT_S * G_USEC_PER_SEC;
  vmm_try_connect (vmm);
}

PvmHelperVmm *
pvm_helper_vmm_spawn_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pvm_helper_vmm_attach (const char *runtime_dir, PvmDomainConfig *config,
                       GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr (PvmHelperVmm) vmm = vmm_new (runtime_dir, config);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pvm_helper_vmm_attach);
  if (!g_file_test (vmm->control_path, G_FILE_TEST_EXISTS)) {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No pvm-vmm runs in %s",
                             runtime_dir);
    return;
  }
  vmm->pending = g_steal_pointer (&task);
  vmm_try_connect (vmm);
}

PvmHelperVmm *
pvm_helper_vmm_attach_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- control ---- */

const char *
pvm_helper_vmm_get_state (PvmHelperVmm *vmm)
{
  const char *state = vmm->proxy ? pvm_vmm1_get_state (vmm->proxy) : NULL;
  return state ? state : "running";
}

PvmVmm1 *
pvm_helper_vmm_get_proxy (PvmHelperVmm *vmm)
{
  return vmm->proxy;
}

const char *
pvm_helper_vmm_get_exit_reason (PvmHelperVmm *vmm, gboolean *crashed)
{
  *crashed = vmm->exit_crashed;
  return vmm->exited ? vmm->exit_reason : NULL;
}

static void
vmm_on_call_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply) {
    g_task_return_boolean (task, TRUE);
  } else if (error->domain == PVM_ERROR) {
    g_dbus_error_strip_remote_error (error);
    g_task_return_error (task, g_steal_pointer (&error));
  } else {
    g_task_return_new_error (task, PVM_ERROR, PVM_ERROR_FAILED, "pvm-vmm did not answer: %s",
                             error->message);
  }
}

static void
vmm_call (PvmHelperVmm *vmm, const char *method, gpointer tag, GAsyncReadyCallback callback,
          gpointer user_data)
{
  GTask *task = g_task_new (vmm, NULL, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_dbus_proxy_call (G_DBUS_PROXY (vmm->proxy), method, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                     vmm_on_call_done, task);
}

void
pvm_helper_vmm_pause (PvmHelperVmm *vmm, GAsyncReadyCallback callback, gpointer user_data)
{
  vmm_call (vmm, "Pause", pvm_helper_vmm_pause, callback, user_data);
}

gboolean
pvm_helper_vmm_pause_finish (PvmHelperVmm *vmm, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pvm_helper_vmm_resume (PvmHelperVmm *vmm, GAsyncReadyCallback callback, gpointer user_data)
{
  vmm_call (vmm, "Resume", pvm_helper_vmm_resume, callback, user_data);
}

gboolean
pvm_helper_vmm_resume_finish (PvmHelperVmm *vmm, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

PvmHelperVmmEnd
pvm_helper_vmm_get_end (PvmHelperVmm *vmm)
{
  return vmm->end;
}

gboolean
pvm_helper_vmm_is_ending (PvmHelperVmm *vmm)
{
  return vmm->exited || vmm->finished || vmm->process_ended || vmm->connection_closed ||
         vmm->destroying || vmm->serial_gone ||
         g_strcmp0 (pvm_helper_vmm_get_state (vmm), "shutoff") == 0;
}

void
pvm_helper_vmm_power_button (PvmHelperVmm *vmm, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  vmm_call (vmm, "PowerButton", pvm_helper_vmm_power_button, callback, user_data);
}

gboolean
pvm_helper_vmm_power_button_finish (PvmHelperVmm *vmm, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
vmm_on_kill_timer (gpointer data)
{
  PvmHelperVmm *vmm = data;

  vmm->kill_timer = 0;
  vmm_kill (vmm);
  return G_SOURCE_REMOVE;
}

static void
vmm_on_quit (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHelperVmm) vmm = data;
  g_autoptr (GError) error = NULL;

  if (!pvm_vmm1_call_quit_finish (PVM_VMM1 (source), result, &error) && !vmm->exited)
    vmm_kill (vmm);
}

void
pvm_helper_vmm_destroy (PvmHelperVmm *vmm, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (vmm, NULL, callback, user_data);

  g_task_set_source_tag (task, pvm_helper_vmm_destroy);
  if (vmm->exited) {
    g_task_return_boolean (task, TRUE);
    g_object_unref (task);
    return;
  }
  g_ptr_array_add (vmm->exit_waiters, task);
  if (vmm->destroying)
    return;
  vmm->destroying = TRUE;
  vmm->kill_timer = g_timeout_add_seconds (VMM_KILL_AFTER_S, vmm_on_kill_timer, vmm);
  if (vmm->proxy && !vmm->connection_closed)
    pvm_vmm1_call_quit (vmm->proxy, NULL, vmm_on_quit, g_object_ref (vmm));
  else
    vmm_kill (vmm);
}

void
pvm_helper_vmm_destroy_finish (PvmHelperVmm *vmm, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

int
pvm_helper_vmm_open_serial (PvmHelperVmm *vmm, GError **error)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_strlcpy (addr.sun_path, vmm->serial_path, sizeof addr.sun_path);
  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
    int err = errno;
    if (fd >= 0)
      close (fd);
    /* pvm-vmm removes its socket only as it exits. */
    vmm->serial_gone = fd >= 0 && (err == ENOENT || err == ECONNREFUSED);
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Cannot connect to the serial port at %s: %s", vmm->serial_path,
                 g_strerror (err));
    return -1;
  }
  return fd;
}

/* ---- the object ---- */

static void
pvm_helper_vmm_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id) {
  case PROP_STATE:
    g_value_set_string (value, pvm_helper_vmm_get_state (PVM_HELPER_VMM (object)));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
  }
}

static void
pvm_helper_vmm_dispose (GObject *object)
{
  PvmHelperVmm *vmm = PVM_HELPER_VMM (object);

  g_clear_handle_id (&vmm->kill_timer, g_source_remove);
  if (vmm->pidfd_source) {
    g_source_destroy (vmm->pidfd_source);
    g_clear_pointer (&vmm->pidfd_source, g_source_unref);
  }
  if (vmm->proxy)
    g_signal_handlers_disconnect_by_data (vmm->proxy, vmm);
  if (vmm->connection)
    g_signal_handlers_disconnect_by_data (vmm->connection, vmm);
  g_clear_object (&vmm->proxy);
  g_clear_object (&vmm->connection);
  g_clear_object (&vmm->process);
  G_OBJECT_CLASS (pvm_helper_vmm_parent_class)->dispose (object);
}

static void
pvm_helper_vmm_finalize (GObject *object)
{
  PvmHelperVmm *vmm = PVM_HELPER_VMM (object);

  if (vmm->pidfd >= 0)
    close (vmm->pidfd);
  g_ptr_array_unref (vmm->exit_waiters);
  g_free (vmm->finished_reason);
  g_free (vmm->exit_reason);
  g_free (vmm->control_path);
  g_free (vmm->serial_path);
  g_free (vmm->log_path);
  G_OBJECT_CLASS (pvm_helper_vmm_parent_class)->finalize (object);
}

static void
pvm_helper_vmm_class_init (PvmHelperVmmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pvm_helper_vmm_get_property;
  object_class->dispose = pvm_helper_vmm_dispose;
  object_class->finalize = pvm_helper_vmm_finalize;

  vmm_props[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, "running",
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, vmm_props);

  vmm_signals[SIGNAL_EXITED] = g_signal_new ("exited", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
pvm_helper_vmm_init (PvmHelperVmm *vmm)
{
  vmm->pidfd = -1;
  vmm->exit_waiters = g_ptr_array_new ();
}

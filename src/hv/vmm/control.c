/* control.c: org.pvm.Vmm1 on a unix socket.
 *
 * A GDBusServer listens at the path and accepts only peers of the VMM's own user, and root
 * (a system pvmd runs its VMMs as a user of their own), authenticated with EXTERNAL; each
 * connection gets the one
 * skeleton exported at /org/pvm/Vmm1. The server builds connections on a worker thread, so
 * their "closed" signal goes to the global default context, which the VMM does not run:
 * closed connections are noticed with g_dbus_connection_is_closed() instead, when a new one
 * arrives and when the VMM finishes.
 *
 * GetStats reads the process's CPU time with clock_gettime() and its resident set from
 * /proc/self/statm, opened once at the start: the sandbox refuses opening files later, while
 * pread() on the open file still reads fresh numbers.
 */
#include "hv/vmm/control.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "common/pvm-vmm1.h"

#define CONTROL_OBJECT_PATH "/org/pvm/Vmm1"
#define CONTROL_FINISH_WAIT_MS 1000

static const char *const control_state_names[] = {
  [PVM_VMM_STATE_RUNNING] = "running",
  [PVM_VMM_STATE_PAUSED] = "paused",
  [PVM_VMM_STATE_SHUTOFF] = "shutoff",
};

struct PvmVmmControl {
  GMainContext *context;
  GDBusServer *server;
  PvmVmm1 *skeleton;
  GPtrArray *connections; /* GDBusConnection *, the skeleton exported on each */
  const PvmVmmControlOps *ops;
  void *data;
  PvmVmmState state;
  int statm_fd; /* /proc/self/statm */
};

static gboolean
control_refuse (GDBusMethodInvocation *invocation, PvmVmmControl *control, const char *wanted)
{
  g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_BUSY,
                                         "The machine is %s, not %s",
                                         control_state_names[control->state], wanted);
  return TRUE;
}

static gboolean
control_on_pause (PvmVmm1 *skeleton, GDBusMethodInvocation *invocation, PvmVmmControl *control)
{
  g_autoptr (GError) error = NULL;

  if (control->state != PVM_VMM_STATE_RUNNING)
    return control_refuse (invocation, control, "running");
  if (!control->ops->pause (control->data, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return TRUE;
  }
  pvm_vmm_control_set_state (control, PVM_VMM_STATE_PAUSED);
  pvm_vmm1_complete_pause (skeleton, invocation);
  return TRUE;
}

static gboolean
control_on_resume (PvmVmm1 *skeleton, GDBusMethodInvocation *invocation, PvmVmmControl *control)
{
  g_autoptr (GError) error = NULL;

  if (control->state != PVM_VMM_STATE_PAUSED)
    return control_refuse (invocation, control, "paused");
  if (!control->ops->resume (control->data, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return TRUE;
  }
  pvm_vmm_control_set_state (control, PVM_VMM_STATE_RUNNING);
  pvm_vmm1_complete_resume (skeleton, invocation);
  return TRUE;
}

static gboolean
control_on_reset (PvmVmm1 *skeleton, GDBusMethodInvocation *invocation, PvmVmmControl *control)
{
  if (control->state == PVM_VMM_STATE_SHUTOFF)
    return control_refuse (invocation, control, "running or paused");
  control->ops->reset (control->data);
  pvm_vmm1_complete_reset (skeleton, invocation);
  return TRUE;
}

static gboolean
control_on_power_button (PvmVmm1 *skeleton, GDBusMethodInvocation *invocation,
                         PvmVmmControl *control)
{
  g_autoptr (GError) error = NULL;

  if (control->state != PVM_VMM_STATE_RUNNING)
    return control_refuse (invocation, control, "running");
  if (!control->ops->power_button (control->data, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return TRUE;
  }
  pvm_vmm1_complete_power_button (skeleton, invocation);
  return TRUE;
}

static gboolean
control_on_quit (PvmVmm1 *skeleton, GDBusMethodInvocation *invocation, PvmVmmControl *control)
{
  pvm_vmm1_complete_quit (skeleton, invocation);
  control->ops->quit (control->data);
  return TRUE;
}

/* Returns CLOCK_PROCESS_CPUTIME_ID or CLOCK_MONOTONIC in nanoseconds. */
static guint64
control_clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

/* Returns the resident set in bytes, or FALSE with @error if statm cannot be read. */
static gboolean
control_read_rss (PvmVmmControl *control, guint64 *bytes, GError **error)
{
  char text[128];
  unsigned long long size, resident;
  ssize_t n;

  do
    n = pread (control->statm_fd, text, sizeof text - 1, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    int err = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot read /proc/self/statm: %s",
                 g_strerror (err));
    return FALSE;
  }
  text[n] = '\0';
  if (sscanf (text, "%llu %llu", &size, &resident) != 2) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "/proc/self/statm reads “%s”",
                 g_strchomp (text));
    return FALSE;
  }
  *bytes = (guint64) resident * (guint64) sysconf (_SC_PAGESIZE);
  return TRUE;
}

static gboolean
control_on_get_stats (PvmVmm1 *skeleton, GDBusMethodInvocation *invocation,
                      PvmVmmControl *control)
{
  g_autoptr (GError) error = NULL;
  GVariantDict dict;
  guint64 rss;

  if (control->state == PVM_VMM_STATE_SHUTOFF)
    return control_refuse (invocation, control, "running or paused");
  if (!control_read_rss (control, &rss, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return TRUE;
  }
  g_variant_dict_init (&dict, NULL);
  control->ops->get_stats (control->data, &dict);
  g_variant_dict_insert (&dict, "cpu-time-ns", "t", control_clock_ns (CLOCK_PROCESS_CPUTIME_ID));
  g_variant_dict_insert (&dict, "memory-rss-bytes", "t", rss);
  g_variant_dict_insert (&dict, "timestamp-ns", "t", control_clock_ns (CLOCK_MONOTONIC));
  pvm_vmm1_complete_get_stats (skeleton, invocation, g_variant_dict_end (&dict));
  return TRUE;
}

/* Forgets the connections whose peer has gone. */
static void
control_sweep (PvmVmmControl *control)
{
  for (guint i = control->connections->len; i-- > 0;) {
    GDBusConnection *connection = control->connections->pdata[i];
    if (g_dbus_connection_is_closed (connection)) {
      g_dbus_interface_skeleton_unexport_from_connection (
        G_DBUS_INTERFACE_SKELETON (control->skeleton), connection);
      g_ptr_array_remove_index_fast (control->connections, i);
    }
  }
}

static gboolean
control_on_new_connection (GDBusServer *server, GDBusConnection *connection,
                           PvmVmmControl *control)
{
  g_autoptr (GError) error = NULL;
  gboolean exported;

  control_sweep (control);
  if (control->state == PVM_VMM_STATE_SHUTOFF)
    return FALSE;
  g_main_context_push_thread_default (control->context);
  exported = g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (control->skeleton),
                                               connection, CONTROL_OBJECT_PATH, &error);
  g_main_context_pop_thread_default (control->context);
  if (!exported) {
    g_warning ("Cannot serve a control connection: %s", error->message);
    return FALSE;
  }
  g_ptr_array_add (control->connections, g_object_ref (connection));
  return TRUE;
}

static gboolean
control_allow_mechanism (GDBusAuthObserver *observer, const char *mechanism, gpointer data)
{
  return g_strcmp0 (mechanism, "EXTERNAL") == 0;
}

/* The VMM's own user, or root. */
static gboolean
control_authorize (GDBusAuthObserver *observer, GIOStream *stream, GCredentials *credentials,
                   gpointer data)
{
  uid_t uid = credentials ? g_credentials_get_unix_user (credentials, NULL) : (uid_t) -1;

  return uid == geteuid () || uid == 0;
}

PvmVmmControl *
pvm_vmm_control_new (const char *path, GMainContext *context, const PvmVmmControlOps *ops,
                     void *data, GError **error)
{
  g_autofree char *guid = g_dbus_generate_guid ();
  g_autofree char *escaped = g_dbus_address_escape_value (path);
  g_autofree char *address = g_strconcat ("unix:path=", escaped, NULL);
  PvmVmmControl *control = g_new0 (PvmVmmControl, 1);

  control->context = g_main_context_ref (context);
  control->ops = ops;
  control->data = data;
  control->connections = g_ptr_array_new_with_free_func (g_object_unref);
  control->statm_fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (control->statm_fd < 0) {
    int err = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot open /proc/self/statm: %s",
                 g_strerror (err));
    pvm_vmm_control_free (control);
    return NULL;
  }
  control->skeleton = pvm_vmm1_skeleton_new ();
  pvm_vmm1_set_state (control->skeleton, control_state_names[PVM_VMM_STATE_RUNNING]);
  g_signal_connect (control->skeleton, "handle-pause", G_CALLBACK (control_on_pause), control);
  g_signal_connect (control->skeleton, "handle-resume", G_CALLBACK (control_on_resume), control);
  g_signal_connect (control->skeleton, "handle-reset", G_CALLBACK (control_on_reset), control);
  g_signal_connect (control->skeleton, "handle-quit", G_CALLBACK (control_on_quit), control);
  g_signal_connect (control->skeleton, "handle-power-button",
                    G_CALLBACK (control_on_power_button), control);
  g_signal_connect (control->skeleton, "handle-get-stats", G_CALLBACK (control_on_get_stats),
                    control);

  /* The server delivers "new-connection" to the thread-default context of its creation. */
  g_autoptr (GDBusAuthObserver) observer = g_dbus_auth_observer_new ();
  g_signal_connect (observer, "allow-mechanism", G_CALLBACK (control_allow_mechanism), NULL);
  g_signal_connect (observer, "authorize-authenticated-peer", G_CALLBACK (control_authorize),
                    NULL);
  g_main_context_push_thread_default (context);
  control->server = g_dbus_server_new_sync (address, G_DBUS_SERVER_FLAGS_NONE, guid, observer,
                                            NULL, error);
  g_main_context_pop_thread_default (context);
  if (!control->server) {
    g_prefix_error (error, "Cannot listen on the control socket %s: ", path);
    pvm_vmm_control_free (control);
    return NULL;
  }
  g_signal_connect (control->server, "new-connection", G_CALLBACK (control_on_new_connection),
                    control);
  g_dbus_server_start (control->server);
  return control;
}

void
pvm_vmm_control_set_state (PvmVmmControl *control, PvmVmmState state)
{
  control->state = state;
  pvm_vmm1_set_state (control->skeleton, control_state_names[state]);
}

PvmVmmState
pvm_vmm_control_get_state (PvmVmmControl *control)
{
  return control->state;
}

/* The flushes still pending when finishing; shared with their callbacks, which may come after
 * the deadline has given up on them. */
typedef struct {
  guint pending;
  gboolean expired;
} FlushWait;

static void
control_flushed (GObject *source, GAsyncResult *result, gpointer data)
{
  FlushWait *wait = data;

  g_dbus_connection_flush_finish (G_DBUS_CONNECTION (source), result, NULL);
  wait->pending--;
  g_rc_box_release (wait);
}

static gboolean
control_deadline (gpointer data)
{
  ((FlushWait *) data)->expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
pvm_vmm_control_finish (PvmVmmControl *control, int status, const char *reason)
{
  FlushWait *wait = g_rc_box_new0 (FlushWait);

  g_dbus_server_stop (control->server);
  control_sweep (control);
  pvm_vmm_control_set_state (control, PVM_VMM_STATE_SHUTOFF);
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (control->skeleton));
  pvm_vmm1_emit_finished (control->skeleton, status, reason);

  g_main_context_push_thread_default (control->context);
  for (guint i = 0; i < control->connections->len; i++) {
    wait->pending++;
    g_dbus_connection_flush (control->connections->pdata[i], NULL, control_flushed,
                             g_rc_box_acquire (wait));
  }
  GSource *deadline = g_timeout_source_new (CONTROL_FINISH_WAIT_MS);
  g_source_set_callback (deadline, control_deadline, wait, NULL);
  g_source_attach (deadline, control->context);
  while (wait->pending > 0 && !wait->expired)
    g_main_context_iteration (control->context, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  g_main_context_pop_thread_default (control->context);
  g_rc_box_release (wait);
}

void
pvm_vmm_control_free (PvmVmmControl *control)
{
  if (!control)
    return;
  if (control->server) {
    g_dbus_server_stop (control->server);
    g_signal_handlers_disconnect_by_data (control->server, control);
    g_object_unref (control->server); /* removes the socket file */
  }
  for (guint i = 0; i < control->connections->len; i++) {
    g_dbus_interface_skeleton_unexport_from_connection (
      G_DBUS_INTERFACE_SKELETON (control->skeleton), control->connections->pdata[i]);
    g_dbus_connection_close (control->connections->pdata[i], NULL, NULL, NULL);
  }
  g_ptr_array_unref (control->connections);
  if (control->skeleton) {
    g_signal_handlers_disconnect_by_data (control->skeleton, control);
    g_object_unref (control->skeleton);
  }
  if (control->statm_fd >= 0)
    close (control->statm_fd);
  g_main_context_unref (control->context);
  g_free (control);
}

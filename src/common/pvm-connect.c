/* pvm-connect.c: host URIs, the local buses, and a remote bus carried by `pvmctl bridge`
 * through an ssh child whose stdin and stdout are a socket. */
#include "common/pvm-connect.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/pvm-error.h"

#define CONNECT_URI_KEY "pvm-connect-uri"
#define CONNECT_BRIDGE_KEY "pvm-connect-bridge"
#define CONNECT_URI_FORMS \
  "pvm:///session, pvm:///system or pvm+ssh://[user@]host[:port]/session|system"

/* ---- URIs ---- */

static PvmConnectUri *
uri_invalid (GError **error, const char *uri, const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "'%s' is not a pvm host URI (%s): %s", uri, CONNECT_URI_FORMS, why);
  return NULL;
}

PvmConnectUri *
pvm_connect_uri_parse (const char *uri, GError **error)
{
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr (PvmConnectUri) out = g_new0 (PvmConnectUri, 1);
  const char *scheme, *path, *host;

  if (!parsed)
    return uri_invalid (error, uri, "it cannot be read as a URI");
  scheme = g_uri_get_scheme (parsed);
  path = g_uri_get_path (parsed);
  host = g_uri_get_host (parsed);
  if (g_uri_get_query (parsed) || g_uri_get_fragment (parsed) || g_uri_get_password (parsed))
    return uri_invalid (error, uri, "it has a part pvm does not use");
  if (g_strcmp0 (path, "/system") == 0)
    out->system = TRUE;
  else if (g_strcmp0 (path, "/session") != 0)
    return uri_invalid (error, uri, "the path must be /session or /system");

  if (g_ascii_strcasecmp (scheme, "pvm") == 0) {
    if ((host && *host) || g_uri_get_user (parsed) || g_uri_get_port (parsed) != -1)
      return uri_invalid (error, uri, "pvm: names this host; use pvm+ssh: for another one");
    out->port = -1;
    return g_steal_pointer (&out);
  }
  if (g_ascii_strcasecmp (scheme, "pvm+ssh") != 0)
    return uri_invalid (error, uri, "the scheme must be pvm or pvm+ssh");
  if (!host || !*host)
    return uri_invalid (error, uri, "pvm+ssh: needs a host");
  if (host[0] == '-' || (g_uri_get_user (parsed) && g_uri_get_user (parsed)[0] == '-'))
    return uri_invalid (error, uri, "a host or user cannot start with '-'");
  out->host = g_strdup (host);
  out->user = g_strdup (g_uri_get_user (parsed));
  out->port = g_uri_get_port (parsed);
  return g_steal_pointer (&out);
}

void
pvm_connect_uri_free (PvmConnectUri *uri)
{
  if (!uri)
    return;
  g_free (uri->user);
  g_free (uri->host);
  g_free (uri);
}

char *
pvm_connect_default_uri (void)
{
  const char *env = g_getenv ("PVM_DEFAULT_URI");

  if (env && *env)
    return g_strdup (env);
  return g_strdup (geteuid () == 0 ? "pvm:///system" : "pvm:///session");
}

char **
pvm_connect_bridge_argv (const PvmConnectUri *uri, const char *const *bridge_args)
{
  const char *ssh = g_getenv ("PVM_SSH");
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  if (!uri->host)
    return NULL;
  g_strv_builder_add (argv, ssh && *ssh ? ssh : "ssh");
  if (uri->port != -1) {
    g_autofree char *port = g_strdup_printf ("%d", uri->port);
    g_strv_builder_add_many (argv, "-p", port, NULL);
  }
  if (uri->user) {
    g_autofree char *destination = g_strdup_printf ("%s@%s", uri->user, uri->host);
    g_strv_builder_add (argv, destination);
  } else {
    g_strv_builder_add (argv, uri->host);
  }
  g_strv_builder_add_many (argv, "pvmctl", "bridge", uri->system ? "--system" : "--session",
                           NULL);
  if (bridge_args)
    g_strv_builder_addv (argv, (const char **) bridge_args);
  return g_strv_builder_end (argv);
}

const char *
pvm_connect_get_uri (GDBusConnection *connection)
{
  return g_object_get_data (G_OBJECT (connection), CONNECT_URI_KEY);
}

/* ---- running async calls to completion ---- */

typedef struct {
  GMainContext *context;
  GAsyncResult *result;
} SyncCall;

static void
sync_call_done (GObject *source, GAsyncResult *result, gpointer data)
{
  SyncCall *call = data;

  call->result = g_object_ref (result);
  g_main_context_wakeup (call->context);
}

static void
sync_call_begin (SyncCall *call)
{
  call->context = g_main_context_new ();
  call->result = NULL;
  g_main_context_push_thread_default (call->context);
}

static void
sync_call_wait (SyncCall *call)
{
  while (!call->result)
    g_main_context_iteration (call->context, TRUE);
}

static void
sync_call_end (SyncCall *call)
{
  g_main_context_pop_thread_default (call->context);
  /* What the async call left behind (finished sources) is dispatched before the context goes. */
  while (g_main_context_iteration (call->context, FALSE))
    ;
  g_main_context_unref (call->context);
  g_clear_object (&call->result);
}

/* ---- the bridge child ---- */

/* Spawns the bridge for @uri with @bridge_args, its stdin and stdout on one end of a socket
 * pair whose other end is returned in @stream. A socket rather than pipes: GDBus offers
 * EXTERNAL authentication only on a unix socket, where it can pass credentials (ssh drops
 * them; the remote bus takes the bridge's). Its stderr stays ours, so that ssh can ask for a
 * password and say why it failed. */
static GSubprocess *
bridge_spawn (const PvmConnectUri *uri, const char *const *bridge_args, GIOStream **stream,
              GError **error)
{
  g_auto (GStrv) argv = pvm_connect_bridge_argv (uri, bridge_args);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) local = NULL;
  g_autoptr (GSocket) socket = NULL;
  GSubprocess *bridge;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    int saved = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 "Cannot make a socket to reach host '%s': %s", uri->host, g_strerror (saved));
    return NULL;
  }
  g_subprocess_launcher_take_stdin_fd (launcher, fds[1]);
  g_subprocess_launcher_take_stdout_fd (launcher, fcntl (fds[1], F_DUPFD_CLOEXEC, 3));
  bridge = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &local);
  if (!bridge) {
    close (fds[0]);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot run %s to reach host '%s': %s",
                 argv[0], uri->host, local->message);
    return NULL;
  }
  socket = g_socket_new_from_fd (fds[0], &local);
  if (!socket) {
    close (fds[0]);
    g_subprocess_force_exit (bridge);
    g_object_unref (bridge);
    g_propagate_error (error, g_steal_pointer (&local));
    return NULL;
  }
  *stream = G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
  return bridge;
}

static void
bridge_release (gpointer data)
{
  GSubprocess *bridge = data;

  g_subprocess_send_signal (bridge, SIGTERM); /* nothing once it has ended */
  g_object_unref (bridge);
}

/* ---- connecting ---- */

typedef struct {
  char *uri;
  PvmConnectUri *parsed;
  GSubprocess *bridge;
  GDBusConnection *connection;
  GError *handshake_error; /* why the remote connection failed, while the bridge is awaited */
  GCancellable *wait_timeout;
} Connect;

static void
connect_free (Connect *c)
{
  g_free (c->uri);
  pvm_connect_uri_free (c->parsed);
  g_clear_object (&c->bridge);
  g_clear_object (&c->connection);
  g_clear_error (&c->handshake_error);
  g_clear_object (&c->wait_timeout);
  g_free (c);
}

static void
connect_on_ping (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Connect *c = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_finish (c->connection, result, &error);
  const char *bus = c->parsed->system ? "system" : "session";

  if (!reply) {
    if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
        g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "No pvmd is running on %s (the %s bus has no %s)", c->uri, bus,
                               PVM_CONNECT_BUS_NAME);
    else {
      g_dbus_error_strip_remote_error (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "pvmd on %s does not answer: %s", c->uri, error->message);
    }
    return;
  }
  g_object_set_data_full (G_OBJECT (c->connection), CONNECT_URI_KEY, g_strdup (c->uri), g_free);
  if (c->bridge)
    g_object_set_data_full (G_OBJECT (c->connection), CONNECT_BRIDGE_KEY,
                            g_steal_pointer (&c->bridge), bridge_release);
  g_task_return_pointer (task, g_steal_pointer (&c->connection), g_object_unref);
}

/* Asks pvmd's name for a Ping: it is there (or the bus starts it) and answers. */
static void
connect_ping (GTask *task)
{
  Connect *c = g_task_get_task_data (task);

  g_dbus_connection_call (c->connection, PVM_CONNECT_BUS_NAME, PVM_CONNECT_OBJECT_PATH,
                          "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task),
                          connect_on_ping, task);
}

static void
connect_on_bus (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Connect *c = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  c->connection = g_bus_get_finish (result, &error);
  if (!c->connection) {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "Cannot reach the %s bus for %s: %s",
                             c->parsed->system ? "system" : "session", c->uri, error->message);
    g_object_unref (task);
    return;
  }
  connect_ping (task);
}

static gboolean
connect_on_wait_timeout (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Says why a bridge that failed the handshake failed: its exit status if it ends within a
 * second (ssh has said why on stderr), else the handshake's error; ends it either way. */
static void
connect_on_bridge_ended (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Connect *c = g_task_get_task_data (task);
  GSubprocess *bridge = G_SUBPROCESS (source);
  const char *host = c->parsed->host;

  if (!g_subprocess_wait_finish (bridge, result, NULL)) {
    g_subprocess_force_exit (bridge);
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                             "Cannot reach pvmd on host '%s': %s", host,
                             c->handshake_error->message);
  } else if (g_subprocess_get_if_exited (bridge)) {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                             "Cannot reach pvmd on host '%s': the bridge (%s) ended with "
                             "status %d",
                             host, g_getenv ("PVM_SSH") ?: "ssh",
                             g_subprocess_get_exit_status (bridge));
  } else {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                             "Cannot reach pvmd on host '%s': the bridge was killed by "
                             "signal %d",
                             host, g_subprocess_get_term_sig (bridge));
  }
}

static void
connect_on_remote (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Connect *c = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  c->connection = G_DBUS_CONNECTION (
    g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, &error));
  if (c->connection) {
    connect_ping (task);
    return;
  }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_subprocess_force_exit (c->bridge);
    g_task_return_error (task, g_steal_pointer (&error));
    g_object_unref (task);
    return;
  }
  c->handshake_error = g_steal_pointer (&error);
  c->wait_timeout = g_cancellable_new ();
  g_autoptr (GSource) timeout = g_timeout_source_new_seconds (1);
  g_source_set_callback (timeout, connect_on_wait_timeout, g_object_ref (c->wait_timeout),
                         g_object_unref);
  g_source_attach (timeout, g_task_get_context (task));
  g_subprocess_wait_async (c->bridge, c->wait_timeout, connect_on_bridge_ended, task);
}

void
pvm_connect_async (const char *uri, GCancellable *cancellable, GAsyncReadyCallback callback,
                   gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Connect *c = g_new0 (Connect, 1);
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, pvm_connect_async);
  g_task_set_task_data (task, c, (GDestroyNotify) connect_free);
  c->uri = uri ? g_strdup (uri) : pvm_connect_default_uri ();
  c->parsed = pvm_connect_uri_parse (c->uri, &error);
  if (!c->parsed) {
    g_task_return_error (task, g_steal_pointer (&error));
    g_object_unref (task);
    return;
  }
  if (!c->parsed->host) {
    g_bus_get (c->parsed->system ? G_BUS_TYPE_SYSTEM : G_BUS_TYPE_SESSION, cancellable,
               connect_on_bus, task);
    return;
  }

  g_autoptr (GIOStream) stream = NULL;
  c->bridge = bridge_spawn (c->parsed, NULL, &stream, &error);
  if (!c->bridge) {
    g_task_return_error (task, g_steal_pointer (&error));
    g_object_unref (task);
    return;
  }
  /* The remote bus sees the bridge's socket credentials: an empty EXTERNAL identity
   * (CROSS_NAMESPACE) lets it use them, whatever our uid is there. GLib 2.74's
   * g_dbus_connection_new() refuses that flag in its argument check although the connection
   * supports it, so the object is made as g_dbus_connection_new() itself makes it. */
  g_async_initable_new_async (G_TYPE_DBUS_CONNECTION, G_PRIORITY_DEFAULT, cancellable,
                              connect_on_remote, task,
                              "stream", stream,
                              "flags", G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                         G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION |
                                         G_DBUS_CONNECTION_FLAGS_CROSS_NAMESPACE,
                              NULL);
}

GDBusConnection *
pvm_connect_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GDBusConnection *
pvm_connect_sync (const char *uri, GCancellable *cancellable, GError **error)
{
  SyncCall call;
  GDBusConnection *connection;

  sync_call_begin (&call);
  pvm_connect_async (uri, cancellable, sync_call_done, &call);
  sync_call_wait (&call);
  connection = pvm_connect_finish (call.result, error);
  sync_call_end (&call);
  return connection;
}

/* ---- the serial console ---- */

char *
pvm_connect_serial_status_line (const GError *error)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!error)
    return g_strdup ("OK\n");
  name = g_dbus_error_encode_gerror (error);
  message = g_strdup (error->message);
  g_strdelimit (message, "\n", ' ');
  return g_strdup_printf ("ERROR %s %s\n", name, message);
}

static void
serial_on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GSocket) socket = NULL;
  int fd;

  if (!pvm_domain_call_open_serial_finish (PVM_DOMAIN (source), &handle, &fds, result, &error)) {
    g_dbus_error_strip_remote_error (error);
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  fd = fds ? g_unix_fd_list_get (fds, g_variant_get_handle (handle), &error) : -1;
  if (fd < 0) {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "pvmd answered OpenSerial without a file descriptor");
    return;
  }
  socket = g_socket_new_from_fd (fd, &error);
  if (!socket) {
    close (fd);
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  g_task_return_pointer (task, g_socket_connection_factory_create_connection (socket),
                         g_object_unref);
}

static void
serial_on_status (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  GIOStream *stream = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *line =
    g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_auto (GStrv) parts = NULL;

  if (!line) {
    if (!error)
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The remote console bridge ended before it answered");
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  if (strcmp (line, "OK") == 0) {
    g_task_return_pointer (task, g_object_ref (stream), g_object_unref);
    return;
  }
  parts = g_strsplit (line, " ", 3);
  if (g_strv_length (parts) == 3 && strcmp (parts[0], "ERROR") == 0) {
    error = g_dbus_error_new_for_dbus_error (parts[1], parts[2]);
    g_dbus_error_strip_remote_error (error);
  } else {
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "The remote console bridge answered something unexpected: %s", line);
  }
  g_task_return_error (task, g_steal_pointer (&error));
}

void
pvm_connect_open_serial_async (PvmDomain *domain, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GDBusConnection *connection = g_dbus_proxy_get_connection (G_DBUS_PROXY (domain));
  const char *uri = pvm_connect_get_uri (connection);
  g_autoptr (PvmConnectUri) parsed = uri ? pvm_connect_uri_parse (uri, NULL) : NULL;
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, pvm_connect_open_serial_async);
  if (!parsed || !parsed->host) {
    pvm_domain_call_open_serial (domain, "", NULL, cancellable, serial_on_opened, task);
    return;
  }

  const char *bridge_args[] = { "--serial", pvm_domain_get_uuid (domain), NULL };
  g_autoptr (GIOStream) socket = NULL;
  g_autoptr (GSubprocess) bridge = bridge_spawn (parsed, bridge_args, &socket, &error);
  if (!bridge) {
    g_task_return_error (task, g_steal_pointer (&error));
    g_object_unref (task);
    return;
  }
  /* The status line is read through the buffered stream that the console then reads from,
   * so that nothing after it is lost. */
  g_autoptr (GDataInputStream) input =
    g_data_input_stream_new (g_io_stream_get_input_stream (socket));
  GIOStream *stream =
    g_simple_io_stream_new (G_INPUT_STREAM (input), g_io_stream_get_output_stream (socket));
  g_object_set_data_full (G_OBJECT (stream), "pvm-connect-socket", g_steal_pointer (&socket),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (stream), CONNECT_BRIDGE_KEY, g_steal_pointer (&bridge),
                          bridge_release);
  g_task_set_task_data (task, stream, g_object_unref);
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, cancellable, serial_on_status,
                                       task);
}

GIOStream *
pvm_connect_open_serial_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GIOStream *
pvm_connect_open_serial_sync (PvmDomain *domain, GCancellable *cancellable, GError **error)
{
  SyncCall call;
  GIOStream *stream;

  sync_call_begin (&call);
  pvm_connect_open_serial_async (domain, cancellable, sync_call_done, &call);
  sync_call_wait (&call);
  stream = pvm_connect_open_serial_finish (call.result, error);
  sync_call_end (&call);
  return stream;
}

gboolean
pvm_connect_same_domain (PvmDomain *a, PvmDomain *b)
{
  GDBusConnection *ca = g_dbus_proxy_get_connection (G_DBUS_PROXY (a));
  GDBusConnection *cb = g_dbus_proxy_get_connection (G_DBUS_PROXY (b));

  if (g_strcmp0 (pvm_domain_get_uuid (a), pvm_domain_get_uuid (b)) != 0)
    return FALSE;
  return ca == cb || (pvm_connect_get_uri (ca) &&
                      g_strcmp0 (pvm_connect_get_uri (ca), pvm_connect_get_uri (cb)) == 0);
}

/* pvm-connect.h: reaching a pvmd from a host URI, for pvmctl and pvm-manager.
 *
 *   pvm:///session                          pvmd on this user's session bus
 *   pvm:///system                           pvmd on the system bus
 *   pvm+ssh://[user@]host[:port]/session    pvmd on a remote bus: `ssh [-p port] [user@]host
 *   pvm+ssh://[user@]host[:port]/system      pvmctl bridge --session|--system` carries it over
 *                                           the child's stdin and stdout
 *
 * $PVM_SSH replaces the ssh program (it gets the same arguments), as GIT_SSH does for git.
 */
#pragma once

#include <gio/gio.h>

#include "common/pvm-hypervisor1.h"

#define PVM_CONNECT_BUS_NAME "org.pvm.Hypervisor1"
#define PVM_CONNECT_OBJECT_PATH "/org/pvm/Hypervisor1"
#define PVM_CONNECT_HOST_PATH "/org/pvm/Hypervisor1/Host"

typedef struct {
  gboolean system; /* the system bus, else the session bus */
  char *user;      /* pvm+ssh: or NULL */
  char *host;      /* pvm+ssh: the remote host; NULL for this host */
  int port;        /* pvm+ssh: or -1 */
} PvmConnectUri;

/* Parses @uri. Returns a new PvmConnectUri, or NULL with G_IO_ERROR_INVALID_ARGUMENT and a
 * sentence naming the URI and what is wrong. Never blocks. */
PvmConnectUri *pvm_connect_uri_parse (const char *uri, GError **error);

/* Frees @uri (NULL is ignored). */
void pvm_connect_uri_free (PvmConnectUri *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmConnectUri, pvm_connect_uri_free)

/* Returns the URI used when none is given, newly allocated: $PVM_DEFAULT_URI if set and not
 * empty, else pvm:///system for root and pvm:///session for everyone else. */
char *pvm_connect_default_uri (void);

/* Returns the argument vector that reaches the remote @uri and runs `pvmctl bridge` there
 * with @bridge_args after it (NULL-terminated, may be NULL): $PVM_SSH or "ssh", [-p port],
 * [user@]host, "pvmctl", "bridge", "--system"|"--session", @bridge_args. Newly allocated
 * (g_strfreev); NULL if @uri names this host. */
char **pvm_connect_bridge_argv (const PvmConnectUri *uri, const char *const *bridge_args);

/* Connects to the pvmd that @uri names (NULL: the default URI) and checks that it answers
 * (the bus may start it). Local URIs share GLib's bus singletons; a remote one spawns the
 * bridge and owns it: closing the connection ends it. Calls @callback in the thread-default
 * main context of the caller; never blocks. */
void pvm_connect_async (const char *uri, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data);

/* Returns the connection (a new reference), or NULL with an error whose message is one
 * sentence naming the host: the URI is wrong, the bus or the host cannot be reached, no pvmd
 * answers there. */
GDBusConnection *pvm_connect_finish (GAsyncResult *result, GError **error);

/* pvm_connect_async() and _finish() for programs without a main loop: blocks, running a
 * private main context until the connection is made or has failed. */
GDBusConnection *pvm_connect_sync (const char *uri, GCancellable *cancellable, GError **error);

/* Returns the URI that @connection was made for by pvm_connect_*(), or NULL; owned by the
 * connection. */
const char *pvm_connect_get_uri (GDBusConnection *connection);

/* Whether proxies @a and @b stand for the same machine: the same UUID on the same host (one
 * connection, or two connections to the same URI). */
gboolean pvm_connect_same_domain (PvmDomain *a, PvmDomain *b);

/* Opens @domain's serial console as a stream: the socket that OpenSerial returns on a local
 * connection; on a remote one, a second bridge (`pvmctl bridge --serial UUID`) whose stdin
 * and stdout carry the console, since file descriptors do not cross ssh. Closing the stream
 * detaches. Calls @callback in the caller's thread-default main context; never blocks. */
void pvm_connect_open_serial_async (PvmDomain *domain, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);

/* Returns the console stream (a new reference), or NULL with pvmd's error (PVM_ERROR, its
 * sentence) or one saying why the bridge could not be started. */
GIOStream *pvm_connect_open_serial_finish (GAsyncResult *result, GError **error);

/* pvm_connect_open_serial_async() and _finish(), blocking in a private main context. */
GIOStream *pvm_connect_open_serial_sync (PvmDomain *domain, GCancellable *cancellable,
                                         GError **error);

/* The line `pvmctl bridge --serial` writes before the console's bytes: "OK\n", or, if
 * OpenSerial failed, "ERROR <D-Bus error name> <sentence>\n" (@error). Newly allocated. */
char *pvm_connect_serial_status_line (const GError *error);

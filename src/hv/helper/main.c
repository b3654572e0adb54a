/* main.c: pvmd — keeps the virtual machines' definitions and runs one pvm-vmm per running
 * machine, for clients on D-Bus (org.pvm.Hypervisor1).
 *
 * Start-up: load the store, re-attach to the VMMs a previous pvmd left running, export the
 * objects, start the autostart domains that are not running, and only then take the bus name, so that a client never sees a running machine
 * listed as shut off. pvmd ends on SIGTERM or SIGINT, or when it loses its name or its bus;
 * the machines keep running and the next pvmd re-attaches to them. The jobs under way are
 * cancelled first, and their Finished signals sent, before pvmd leaves the bus.
 *
 * --session (the default) runs as the user on the session bus, where only the user's own
 * processes can reach pvmd, so no call is checked. --system runs as root on the system bus
 * (started by D-Bus activation as pvmd.service) and has polkit check every call that changes
 * something. Both find their bus the way GLib does, so $DBUS_SYSTEM_BUS_ADDRESS points a
 * system pvmd at another bus; systemd's $STATE_DIRECTORY and $RUNTIME_DIRECTORY, when set,
 * replace /var/lib/pvm and /run/pvm.
 */
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "hv/helper/auth.h"
#include "hv/helper/daemon.h"

typedef struct {
  GMainLoop *loop;
  PvmHelperDaemon *daemon;
  GDBusConnection *connection;
  guint owner_id;
  int status;
} Pvmd;

static void
pvmd_on_name_acquired (GDBusConnection *connection, const char *name, gpointer data)
{
  g_message ("pvmd is ready as %s", name);
}

static void
pvmd_on_name_lost (GDBusConnection *connection, const char *name, gpointer data)
{
  Pvmd *pvmd = data;

  g_printerr ("pvmd: lost the bus name %s: another pvmd owns it, or the bus is gone\n", name);
  pvmd->status = 1;
  g_main_loop_quit (pvmd->loop);
}

static void
pvmd_on_reattached (GObject *source, GAsyncResult *result, gpointer data)
{
  Pvmd *pvmd = data;

  pvm_helper_daemon_reattach_finish (pvmd->daemon, result);
  pvm_helper_daemon_export (pvmd->daemon, pvmd->connection);
  pvm_helper_daemon_autostart (pvmd->daemon);
  pvmd->owner_id = g_bus_own_name_on_connection (pvmd->connection, PVM_HELPER_BUS_NAME,
                                                 G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                 pvmd_on_name_acquired, pvmd_on_name_lost,
                                                 pvmd, NULL);
}

static gboolean
pvmd_on_signal (gpointer data)
{
  Pvmd *pvmd = data;

  g_message ("pvmd is stopping; the running machines keep running");
  g_main_loop_quit (pvmd->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  gboolean session = FALSE, system = FALSE;
  g_autofree char *store_dir = NULL, *vmm_path = NULL;
  const GOptionEntry entries[] = {
    { "session", 0, 0, G_OPTION_ARG_NONE, &session,
      "Run as the user on the session bus (the default)", NULL },
    { "system", 0, 0, G_OPTION_ARG_NONE, &system,
      "Run as root on the system bus, with polkit checking each caller", NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_dir,
      "Keep the definitions in DIR (default: $XDG_CONFIG_HOME/pvm/domains, or "
      PVM_SYSTEM_STATE_DIR "/domains with --system)", "DIR" },
    { "vmm", 0, 0, G_OPTION_ARG_FILENAME, &vmm_path,
      "Run the machines with this pvm-vmm (default: " PVM_VMM_PATH ")", "PATH" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  Pvmd pvmd = { 0 };

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);
  g_option_context_set_summary (context,
                                "Keeps pvm's virtual machines and runs them, for clients on "
                                "D-Bus (org.pvm.Hypervisor1).");
  g_option_context_set_description (context,
                                    "Environment: PVM_COPY_BANDWIDTH=N limits volume copies "
                                    "(clones) to N MiB/s.\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("pvmd: %s\n", error->message);
    return 1;
  }
  if (argc > 1 || (session && system)) {
    g_printerr ("pvmd: give --session or --system, and no other argument (see --help)\n");
    return 1;
  }
  if (system && geteuid () != 0) {
    g_printerr ("pvmd: --system runs pvmd as root on the system bus, and this is not root: "
                "start it as root (it is pvmd.service), or run pvmd --session as the user\n");
    return 1;
  }

  g_autofree char *default_store = NULL, *runtime_dir = NULL, *pool_dir = NULL;
  if (system) {
    const char *state = g_getenv ("STATE_DIRECTORY");
    const char *runtime = g_getenv ("RUNTIME_DIRECTORY");
    default_store = g_build_filename (state ? state : PVM_SYSTEM_STATE_DIR, "domains", NULL);
    runtime_dir = g_strdup (runtime ? runtime : PVM_SYSTEM_RUNTIME_DIR);
    pool_dir = g_build_filename (state ? state : PVM_SYSTEM_STATE_DIR, "images", NULL);
  } else {
    default_store = g_build_filename (g_get_user_config_dir (), "pvm", "domains", NULL);
    runtime_dir = g_build_filename (g_get_user_runtime_dir (), "pvm", NULL);
    pool_dir = g_build_filename (g_get_user_data_dir (), "pvm", "images", NULL);
  }
  PvmHelperSettings settings = {
    .mode = system ? PVM_HELPER_MODE_SYSTEM : PVM_HELPER_MODE_SESSION,
    .store_dir = store_dir ? store_dir : default_store,
    .runtime_dir = runtime_dir,
    .vmm_path = vmm_path ? vmm_path : PVM_VMM_PATH,
    .pool_dir = pool_dir,
  };
  /* Before anything is exported: no call may slip through unchecked. */
  pvm_helper_auth_set_mode (system ? PVM_HELPER_AUTH_POLKIT : PVM_HELPER_AUTH_NONE);

  pvmd.daemon = pvm_helper_daemon_new (&settings, &error);
  if (!pvmd.daemon) {
    g_printerr ("pvmd: %s\n", error->message);
    return 1;
  }
  pvmd.connection = g_bus_get_sync (system ? G_BUS_TYPE_SYSTEM : G_BUS_TYPE_SESSION, NULL,
                                    &error);
  if (!pvmd.connection) {
    g_printerr ("pvmd: cannot reach the %s bus: %s\n", system ? "system" : "session",
                error->message);
    pvm_helper_daemon_free (pvmd.daemon);
    return 1;
  }
  /* A lost bus is handled by the name-lost callback, not by exit(). */
  g_dbus_connection_set_exit_on_close (pvmd.connection, FALSE);

  pvmd.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, pvmd_on_signal, &pvmd);
  g_unix_signal_add (SIGINT, pvmd_on_signal, &pvmd);
  pvm_helper_daemon_reattach (pvmd.daemon, pvmd_on_reattached, &pvmd);
  g_main_loop_run (pvmd.loop);

  /* While pvmd still owns its name, so that clients hear each job's Finished from it. */
  pvm_helper_daemon_stop_jobs (pvmd.daemon);
  g_dbus_connection_flush_sync (pvmd.connection, NULL, NULL);
  if (pvmd.owner_id)
    g_bus_unown_name (pvmd.owner_id);
  pvm_helper_daemon_free (pvmd.daemon);
  g_object_unref (pvmd.connection);
  g_main_loop_unref (pvmd.loop);
  return pvmd.status;
}

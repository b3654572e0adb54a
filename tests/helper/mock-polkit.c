/* mock-polkit.c: a private system-like bus with python-dbusmock's polkitd template on it. */
#include "mock-polkit.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#define POLKIT_NAME "org.freedesktop.PolicyKit1"
#define POLKIT_PATH "/org/freedesktop/PolicyKit1/Authority"
#define MOCK_INTERFACE "org.freedesktop.DBus.Mock"
/* Debian's python3-dbusmock is a module of the system's Python. */
#define MOCK_PYTHON "/usr/bin/python3"

#define REAL_POLKITD "/usr/lib/polkit-1/polkitd"

struct PvmTestPolkit {
  gboolean real; /* the real polkitd, not the mock */
  char *config;
  char *address;
  GSubprocess *bus;
  GSubprocess *authority; /* the mock, or the real polkitd */
  GDBusConnection *connection;
};

/* The bus lets everyone connect, own any name and call anything, as a session bus does. */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>system</type>\n"
  "  <listen>unix:path=%s/system_bus_socket</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow user=\"*\"/>\n"
  "    <allow own=\"*\"/>\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
pvm_test_launcher_die_with_parent (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
}

const char *
pvm_test_polkit_missing (void)
{
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  const char *argv[] = { MOCK_PYTHON, "-c", "import dbusmock.templates.polkitd", NULL };
  int status = -1;

  if (!daemon)
    return "dbus-daemon is not installed (package dbus-daemon)";
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return "python-dbusmock is not installed (package python3-dbusmock)";
  return NULL;
}

static gboolean
polkit_has_owner (PvmTestPolkit *polkit)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    polkit->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "NameHasOwner", g_variant_new ("(s)", POLKIT_NAME), G_VARIANT_TYPE ("(b)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
polkit_wait_for_owner (PvmTestPolkit *polkit, gboolean owned)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (polkit_has_owner (polkit) != owned && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpint (polkit_has_owner (polkit), ==, owned);
}

/* Starts the mock, or the real polkitd, and waits for its name. */
static void
polkit_start_authority (PvmTestPolkit *polkit)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *mock[] = { MOCK_PYTHON, "-m", "dbusmock", "--template", "polkitd", NULL };
  const char *real[] = { REAL_POLKITD, "--no-debug", NULL };
  const char *const *argv = polkit->real ? real : mock;
  g_autoptr (GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", polkit->address, TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  pvm_test_launcher_die_with_parent (launcher);
  polkit->authority = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  polkit_wait_for_owner (polkit, TRUE);
}

static PvmTestPolkit *
polkit_new (const char *dir, gboolean real)
{
  PvmTestPolkit *polkit = g_new0 (PvmTestPolkit, 1);
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf (bus_config, dir);

  polkit->config = g_build_filename (dir, "system-bus.conf", NULL);
  g_assert_true (g_file_set_contents (polkit->config, text, -1, NULL));
  const char *argv[] = { "dbus-daemon", "--nofork", "--print-address=1", "--config-file",
                         polkit->config, NULL };
  pvm_test_launcher_die_with_parent (launcher);
  polkit->bus = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  g_autoptr (GDataInputStream) out =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (polkit->bus));
  polkit->address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (polkit->address);
  polkit->connection = g_dbus_connection_new_for_address_sync (
    polkit->address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  polkit->real = real;
  polkit_start_authority (polkit);
  return polkit;
}

PvmTestPolkit *
pvm_test_polkit_new (const char *dir)
{
  return polkit_new (dir, FALSE);
}

PvmTestPolkit *
pvm_test_polkit_new_real (const char *dir)
{
  return polkit_new (dir, TRUE);
}

const char *
pvm_test_polkit_get_address (PvmTestPolkit *polkit)
{
  return polkit->address;
}

GDBusConnection *
pvm_test_polkit_get_connection (PvmTestPolkit *polkit)
{
  return polkit->connection;
}

/* Calls @method of the mock interface and returns its reply. */
static GVariant *
polkit_mock_call (PvmTestPolkit *polkit, const char *method, GVariant *args,
                  const char *reply_type)
{
  g_autoptr (GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (
    polkit->connection, POLKIT_NAME, POLKIT_PATH, MOCK_INTERFACE, method, args,
    G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

static GVariant *
strv_args (const char *const *actions)
{
  const char *const none[] = { NULL };

  return g_variant_new ("(^as)", actions ? actions : none);
}

void
pvm_test_polkit_allow (PvmTestPolkit *polkit, const char *const *actions)
{
  g_variant_unref (polkit_mock_call (polkit, "SetAllowed", strv_args (actions), "()"));
}

void
pvm_test_polkit_hang (PvmTestPolkit *polkit, const char *const *actions)
{
  g_variant_unref (polkit_mock_call (polkit, "SimulateHangActions", strv_args (actions), "()"));
}

guint
pvm_test_polkit_release (PvmTestPolkit *polkit)
{
  g_autoptr (GVariant) had = polkit_mock_call (polkit, "HaveHangingCalls", NULL, "(b)");
  gboolean hanging;

  g_variant_get (had, "(b)", &hanging);
  g_variant_unref (polkit_mock_call (polkit, "ReleaseHangingCalls", NULL, "()"));
  return hanging ? 1 : 0;
}

static void
check_free (gpointer data)
{
  PvmTestPolkitCheck *check = data;

  g_free (check->action);
  g_free (check->subject_kind);
  g_free (check->subject_name);
  g_free (check);
}

GPtrArray *
pvm_test_polkit_take_checks (PvmTestPolkit *polkit)
{
  g_autoptr (GVariant) reply = polkit_mock_call (
    polkit, "GetMethodCalls", g_variant_new ("(s)", "CheckAuthorization"), "(a(tav))");
  g_autoptr (GVariantIter) calls = NULL;
  g_autoptr (GVariantIter) args = NULL;
  GPtrArray *checks = g_ptr_array_new_with_free_func (check_free);
  guint64 when;

  g_variant_get (reply, "(a(tav))", &calls);
  while (g_variant_iter_next (calls, "(tav)", &when, &args)) {
    PvmTestPolkitCheck *check = g_new0 (PvmTestPolkitCheck, 1);
    g_autoptr (GVariant) subject = NULL, action = NULL, details = NULL, flags = NULL;
    g_autoptr (GVariant) details_map = NULL;

    g_assert_cmpuint (g_variant_iter_n_children (args), ==, 5);
    g_assert_true (g_variant_iter_next (args, "v", &subject));
    g_assert_true (g_variant_iter_next (args, "v", &action));
    g_assert_true (g_variant_iter_next (args, "v", &details));
    g_assert_true (g_variant_iter_next (args, "v", &flags));
    g_variant_get (subject, "(s@a{sv})", &check->subject_kind, &details_map);
    g_variant_lookup (details_map, "name", "s", &check->subject_name);
    check->action = g_variant_dup_string (action, NULL);
    check->flags = g_variant_get_uint32 (flags);
    g_ptr_array_add (checks, check);
    g_clear_pointer (&args, g_variant_iter_free);
  }
  g_variant_unref (polkit_mock_call (polkit, "ClearCalls", NULL, "()"));
  return checks;
}

void
pvm_test_polkit_set_stopped (PvmTestPolkit *polkit, gboolean stopped)
{
  if (stopped) {
    g_subprocess_send_signal (polkit->authority, SIGTERM);
    g_assert_true (g_subprocess_wait (polkit->authority, NULL, NULL));
    g_clear_object (&polkit->authority);
    polkit_wait_for_owner (polkit, FALSE);
  } else {
    polkit_start_authority (polkit);
  }
}

static void
stop (GSubprocess *process)
{
  if (!process)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

void
pvm_test_polkit_free (PvmTestPolkit *polkit)
{
  if (!polkit)
    return;
  stop (polkit->authority);
  if (polkit->connection)
    g_dbus_connection_close_sync (polkit->connection, NULL, NULL);
  g_clear_object (&polkit->connection);
  stop (polkit->bus);
  g_unlink (polkit->config);
  g_autofree char *dir = g_path_get_dirname (polkit->config);
  g_autofree char *socket = g_build_filename (dir, "system_bus_socket", NULL);
  g_unlink (socket);
  g_free (polkit->config);
  g_free (polkit->address);
  g_free (polkit);
}

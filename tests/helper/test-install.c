/* test-install.c: what `meson install` puts in place for pvmd — D-Bus activation on both buses,
 * the system bus policy, the polkit actions and the systemd unit — checked in a DESTDIR: each
 * file where dbus-daemon, polkitd and systemd look for it below the prefix, with the installed
 * pvmd's path filled in; the policy valid against polkit's DTD with the defaults auth.h
 * documents; the unit accepted by systemd-analyze; the bus policy, loaded by a real
 * dbus-daemon, letting root own the name and anyone call it, but no one else own it; and the
 * sysusers.d file, from which systemd-sysusers makes the system user pvm (in the DESTDIR: a
 * DESTDIR install leaves the host's users alone, as the install script skips it).
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mock-polkit.h"

typedef struct {
  char *destdir;
} Fixture;

/* Returns @env's installed path below the DESTDIR; newly allocated. */
static char *
installed (Fixture *f, const char *env)
{
  const char *path = g_getenv (env);

  g_assert_nonnull (path);
  g_assert_true (g_path_is_absolute (path));
  return g_strconcat (f->destdir, path, NULL);
}

static void
run (const char *const *argv, char **out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  f->destdir = g_dir_make_tmp ("pvm-test-install-XXXXXX", NULL);
  const char *argv[] = { g_getenv ("PVM_MESON"), "install", "-C", g_getenv ("PVM_BUILD_ROOT"),
                         "--no-rebuild", "--quiet", "--destdir", f->destdir, NULL };
  run (argv, NULL);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  const char *argv[] = { "rm", "-rf", f->destdir, NULL };

  run (argv, NULL);
  g_free (f->destdir);
}

static void
test_each_file_lands_where_it_is_looked_for (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *env, *suffix;
  } files[] = {
    { "PVM_INSTALLED_SESSION_SERVICE", "/share/dbus-1/services/org.pvm.Hypervisor1.service" },
    { "PVM_INSTALLED_SYSTEM_SERVICE",
      "/share/dbus-1/system-services/org.pvm.Hypervisor1.service" },
    { "PVM_INSTALLED_BUS_POLICY", "/share/dbus-1/system.d/org.pvm.Hypervisor1.conf" },
    { "PVM_INSTALLED_POLKIT_POLICY", "/share/polkit-1/actions/org.pvm.Hypervisor1.policy" },
    { "PVM_INSTALLED_UNIT", "/lib/systemd/system/pvmd.service" },
  };
  const char *prefix = g_getenv ("PVM_PREFIX");
  g_autofree char *pvmd = installed (f, "PVM_INSTALLED_PVMD");

  g_assert_true (g_file_test (pvmd, G_FILE_TEST_IS_EXECUTABLE));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    const char *path = g_getenv (files[i].env);
    g_autofree char *file = installed (f, files[i].env);
    g_autofree char *text = NULL;
    g_test_message ("%s", path);
    g_assert_true (g_str_has_suffix (path, files[i].suffix));
    if (strcmp (files[i].env, "PVM_INSTALLED_UNIT") != 0) /* systemd's may be /lib */
      g_assert_true (g_str_has_prefix (path, prefix));
    g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
    g_assert_false (g_regex_match_simple ("@[a-z_]+@", text, 0, 0)); /* all filled in */
  }
}

static GKeyFile *
load_keys (Fixture *f, const char *env)
{
  g_autofree char *file = installed (f, env);
  g_autoptr (GError) error = NULL;
  GKeyFile *keys = g_key_file_new ();

  g_assert_true (g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  return keys;
}

static void
assert_key (GKeyFile *keys, const char *group, const char *key, const char *value)
{
  g_autofree char *got = g_key_file_get_value (keys, group, key, NULL);

  g_assert_cmpstr (got, ==, value);
}

static void
test_activation_starts_the_installed_pvmd (Fixture *f, gconstpointer data)
{
  g_autofree char *session_exec = g_strdup_printf ("%s --session", g_getenv ("PVM_INSTALLED_PVMD"));
  g_autofree char *system_exec = g_strdup_printf ("%s --system", g_getenv ("PVM_INSTALLED_PVMD"));
  g_autoptr (GKeyFile) session = load_keys (f, "PVM_INSTALLED_SESSION_SERVICE");
  g_autoptr (GKeyFile) system = load_keys (f, "PVM_INSTALLED_SYSTEM_SERVICE");
  g_autoptr (GKeyFile) unit = load_keys (f, "PVM_INSTALLED_UNIT");

  assert_key (session, "D-BUS Service", "Name", "org.pvm.Hypervisor1");
  assert_key (session, "D-BUS Service", "Exec", session_exec);
  assert_key (system, "D-BUS Service", "Name", "org.pvm.Hypervisor1");
  assert_key (system, "D-BUS Service", "Exec", system_exec);
  assert_key (system, "D-BUS Service", "User", "root");
  assert_key (system, "D-BUS Service", "SystemdService", "pvmd.service");
  assert_key (unit, "Service", "Type", "dbus");
  assert_key (unit, "Service", "BusName", "org.pvm.Hypervisor1");
  assert_key (unit, "Service", "ExecStart", system_exec);
  assert_key (unit, "Service", "KillMode", "process");
  assert_key (unit, "Service", "NoNewPrivileges", "yes");
  assert_key (unit, "Service", "RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6 AF_NETLINK");
}

static void
test_the_unit_passes_systemd_analyze (Fixture *f, gconstpointer data)
{
  g_autofree char *analyze = g_find_program_in_path ("systemd-analyze");
  g_autofree char *unit = installed (f, "PVM_INSTALLED_UNIT");
  g_autofree char *root = g_strdup_printf ("--root=%s", f->destdir);
  const char *argv[] = { "systemd-analyze", "verify", "--man=no", "--generators=no", root, unit,
                         NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;

  if (!analyze) {
    g_test_skip ("systemd-analyze is not installed");
    return;
  }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, NULL, &error));
  g_assert_no_error (error);
  /* The DESTDIR holds no other units (dbus.socket, sysinit.target): that alone is allowed. A
   * bad setting, or an ExecStart that is not the installed pvmd, is not. */
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!lines[i][0])
      continue;
    g_test_message ("systemd-analyze: %s", lines[i]);
    g_assert_true (g_regex_match_simple ("^pvmd\\.service: Failed to create pvmd\\.service/start: "
                                         "Unit [a-z.-]+ not found\\.$", lines[i], 0, 0));
  }
}

typedef struct {
  char *id;
  char *defaults[3]; /* allow_any, allow_inactive, allow_active */
  int in_default;    /* which, while its text is read; -1 */
} PolicyAction;

typedef struct {
  GPtrArray *actions;
} PolicyParse;

static void
policy_start (GMarkupParseContext *context, const char *element, const char **names,
              const char **values, gpointer data, GError **error)
{
  static const char *const kinds[] = { "allow_any", "allow_inactive", "allow_active" };
  PolicyParse *parse = data;

  if (strcmp (element, "action") == 0) {
    PolicyAction *action = g_new0 (PolicyAction, 1);
    action->in_default = -1;
    for (guint i = 0; names[i]; i++)
      if (strcmp (names[i], "id") == 0)
        action->id = g_strdup (values[i]);
    g_ptr_array_add (parse->actions, action);
  }
  for (int k = 0; k < 3; k++)
    if (strcmp (element, kinds[k]) == 0 && parse->actions->len)
      ((PolicyAction *) g_ptr_array_index (parse->actions, parse->actions->len - 1))->in_default = k;
}

static void
policy_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data,
             GError **error)
{
  PolicyParse *parse = data;

  if (!parse->actions->len)
    return;
  PolicyAction *action = g_ptr_array_index (parse->actions, parse->actions->len - 1);
  if (action->in_default >= 0) {
    g_free (action->defaults[action->in_default]);
    action->defaults[action->in_default] = g_strstrip (g_strndup (text, len));
    action->in_default = -1;
  }
}

static void
policy_action_free (gpointer data)
{
  PolicyAction *action = data;

  g_free (action->id);
  for (guint k = 0; k < 3; k++)
    g_free (action->defaults[k]);
  g_free (action);
}

static void
test_the_polkit_policy_is_valid_with_the_documented_defaults (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *id, *any, *inactive, *active;
  } expected[] = {
    { "org.pvm.hypervisor1.lifecycle", "auth_admin", "auth_admin", "yes" },
    { "org.pvm.hypervisor1.console", "auth_admin", "auth_admin", "yes" },
    { "org.pvm.hypervisor1.manage-domains", "auth_admin_keep", "auth_admin_keep", "auth_admin_keep" },
    { "org.pvm.hypervisor1.storage", "auth_admin_keep", "auth_admin_keep", "auth_admin_keep" },
    { "org.pvm.hypervisor1.network", "auth_admin_keep", "auth_admin_keep", "auth_admin_keep" },
    { "org.pvm.hypervisor1.migrate", "auth_admin_keep", "auth_admin_keep", "auth_admin_keep" },
  };
  const char *dtd = "/usr/share/polkit-1/policyconfig-1.dtd";
  g_autofree char *file = installed (f, "PVM_INSTALLED_POLKIT_POLICY");
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  if (xmllint && g_file_test (dtd, G_FILE_TEST_EXISTS)) {
    const char *argv[] = { "xmllint", "--noout", "--dtdvalid", dtd, file, NULL };
    run (argv, NULL);
  } else {
    g_test_message ("not validated against polkit's DTD: xmllint or %s is missing", dtd);
  }

  const GMarkupParser parser = { .start_element = policy_start, .text = policy_text };
  PolicyParse parse = { g_ptr_array_new_with_free_func (policy_action_free) };
  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parse.actions->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    PolicyAction *action = parse.actions->pdata[i];
    g_assert_cmpstr (action->id, ==, expected[i].id);
    g_assert_cmpstr (action->defaults[0], ==, expected[i].any);
    g_assert_cmpstr (action->defaults[1], ==, expected[i].inactive);
    g_assert_cmpstr (action->defaults[2], ==, expected[i].active);
  }
  g_ptr_array_unref (parse.actions);
}

/* ---- the bus policy, in a dbus-daemon ---- */

/* A system bus as Debian's system.conf sets it up: no one may own a name or call a method but
 * by a rule of its own, and the rules in @policy. */
static const char system_bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>system</type>\n"
  "  <listen>unix:path=%s/system_bus_socket</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow user=\"*\"/>\n"
  "    <deny own=\"*\"/>\n"
  "    <deny send_type=\"method_call\"/>\n"
  "    <allow send_type=\"signal\"/>\n"
  "    <allow send_requested_reply=\"true\" send_type=\"method_return\"/>\n"
  "    <allow send_requested_reply=\"true\" send_type=\"error\"/>\n"
  "    <allow receive_type=\"method_call\"/>\n"
  "    <allow receive_type=\"method_return\"/>\n"
  "    <allow receive_type=\"error\"/>\n"
  "    <allow receive_type=\"signal\"/>\n"
  "    <allow send_destination=\"org.freedesktop.DBus\" send_interface=\"org.freedesktop.DBus\"/>\n"
  "  </policy>\n"
  "  <policy user=\"root\">\n"
  "    <allow own=\"org.pvm.Unrelated\"/>\n"
  "  </policy>\n"
  "  <include>%s</include>\n"
  "</busconfig>\n";

static void
on_ping (GDBusConnection *connection, const char *sender, const char *path,
         const char *interface, const char *method, GVariant *parameters,
         GDBusMethodInvocation *invocation, gpointer data)
{
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GDBusConnection *
connect_to (const char *address)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

/* Asks for @name on @connection; returns the reply code, or 0 with the error in @error. */
static guint32
request_name (GDBusConnection *connection, const char *name, GError **error)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "RequestName", g_variant_new ("(su)", name, 0), G_VARIANT_TYPE ("(u)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  guint32 code = 0;

  if (reply)
    g_variant_get (reply, "(u)", &code);
  return code;
}

typedef struct {
  gboolean done;
  char *err;
} NobodyRun;

static void
on_nobody_done (GObject *source, GAsyncResult *result, gpointer data)
{
  NobodyRun *run = data;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL,
                                                       &run->err, &error));
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Runs dbus-send as the user nobody; returns its exit status and what it printed on stderr. */
static int
as_nobody (const char *address, const char *const *args, char **err)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const char *const nobody[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                 "dbus-send", "--system", "--print-reply", NULL };
  NobodyRun run = { FALSE, NULL };

  for (guint i = 0; nobody[i]; i++)
    g_ptr_array_add (argv, (char *) nobody[i]);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  g_autoptr (GSubprocess) process =
    g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The test's own connection answers the call: run the main context meanwhile. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_nobody_done, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  *err = run.err;
  return g_subprocess_get_exit_status (process);
}

static void
test_the_bus_policy_lets_root_own_the_name_and_anyone_call_it (Fixture *f, gconstpointer data)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *send = g_find_program_in_path ("dbus-send");
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *policy = installed (f, "PVM_INSTALLED_BUS_POLICY");
  g_autofree char *dir = NULL, *config = NULL, *text = NULL, *address = NULL;
  g_autoptr (GError) error = NULL;

  if (geteuid () != 0 || !setpriv || !send || !daemon) {
    g_test_skip ("needs root, setpriv, dbus-send and dbus-daemon");
    return;
  }
  dir = g_dir_make_tmp ("pvm-test-bus-XXXXXX", NULL);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0); /* nobody connects too */
  config = g_build_filename (dir, "system.conf", NULL);
  text = g_strdup_printf (system_bus_config, dir, policy);
  g_assert_true (g_file_set_contents (config, text, -1, NULL));

  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *argv[] = { "dbus-daemon", "--nofork", "--print-address=1", "--config-file", config,
                         NULL };
  pvm_test_launcher_die_with_parent (launcher);
  g_autoptr (GSubprocess) bus = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_autoptr (GDataInputStream) out =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address); /* dbus-daemon read the policy and started */

  /* Two of root's connections: the bus matches a destination against every name its
   * connection owns. */
  g_autoptr (GDBusConnection) root = connect_to (address);
  g_autoptr (GDBusConnection) other = connect_to (address);
  g_assert_cmpuint (request_name (root, "org.pvm.Hypervisor1", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (request_name (other, "org.pvm.Unrelated", &error), ==, 1);
  g_assert_no_error (error);
  g_autoptr (GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (
    "<node><interface name='org.pvm.Test'><method name='Ping'/></interface></node>", &error);
  g_assert_no_error (error);
  const GDBusInterfaceVTable vtable = { .method_call = on_ping };
  guint id = g_dbus_connection_register_object (root, "/org/pvm/Test", node->interfaces[0],
                                                &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  guint other_id = g_dbus_connection_register_object (other, "/org/pvm/Test",
                                                      node->interfaces[0], &vtable, NULL, NULL,
                                                      &error);
  g_assert_no_error (error);

  /* Anyone may call pvmd; the same call to another of root's names is refused, as the bus
   * refuses method calls by default. */
  const char *to_pvmd[] = { "--dest=org.pvm.Hypervisor1", "/org/pvm/Test", "org.pvm.Test.Ping",
                            NULL };
  const char *to_other[] = { "--dest=org.pvm.Unrelated", "/org/pvm/Test", "org.pvm.Test.Ping",
                             NULL };
  g_autofree char *err_pvmd = NULL, *err_other = NULL, *err_own = NULL;
  g_assert_cmpint (as_nobody (address, to_pvmd, &err_pvmd), ==, 0);
  g_assert_cmpint (as_nobody (address, to_other, &err_other), !=, 0);
  g_test_message ("the unrelated call: %s", err_other);
  g_assert_nonnull (strstr (err_other, "AccessDenied"));

  /* No one but root may own the name. */
  g_dbus_connection_unregister_object (root, id);
  g_dbus_connection_unregister_object (other, other_id);
  g_dbus_connection_close_sync (root, NULL, NULL);
  g_dbus_connection_close_sync (other, NULL, NULL);
  const char *own[] = { "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                        "org.freedesktop.DBus.RequestName", "string:org.pvm.Hypervisor1",
                        "uint32:0", NULL };
  g_assert_cmpint (as_nobody (address, own, &err_own), !=, 0);
  g_test_message ("nobody asking for the name: %s", err_own);
  g_assert_nonnull (strstr (err_own, "AccessDenied"));

  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, NULL);
  const char *rm[] = { "rm", "-rf", dir, NULL };
  run (rm, NULL);
}

static void
test_the_sysusers_file_makes_the_user_pvm (Fixture *f, gconstpointer data)
{
  g_autofree char *sysusers = g_find_program_in_path ("systemd-sysusers");
  g_autofree char *conf = installed (f, "PVM_INSTALLED_SYSUSERS");
  g_autofree char *root = g_strdup_printf ("--root=%s", f->destdir);
  g_autofree char *passwd_path = g_build_filename (f->destdir, "etc", "passwd", NULL);
  g_autofree char *passwd = NULL;

  if (!sysusers) {
    g_test_skip ("systemd-sysusers is not installed");
    return;
  }
  /* `meson install` with a DESTDIR made no user there. */
  g_assert_false (g_file_test (passwd_path, G_FILE_TEST_EXISTS));
  g_autofree char *etc = g_path_get_dirname (passwd_path);
  g_assert_cmpint (g_mkdir_with_parents (etc, 0755), ==, 0);
  const char *argv[] = { "systemd-sysusers", root, conf, NULL };
  run (argv, NULL);
  g_assert_true (g_file_get_contents (passwd_path, &passwd, NULL, NULL));
  g_test_message ("%s", passwd);
  g_auto (GStrv) lines = g_strsplit (passwd, "\n", -1);
  gboolean found = FALSE;
  for (guint i = 0; lines[i]; i++) {
    g_auto (GStrv) fields = g_strsplit (lines[i], ":", -1);
    if (g_strv_length (fields) != 7 || strcmp (fields[0], "pvm") != 0)
      continue;
    found = TRUE;
    guint64 uid = g_ascii_strtoull (fields[2], NULL, 10);
    g_assert_cmpuint (uid, >, 0);
    g_assert_cmpuint (uid, <, 1000); /* a system user */
    g_assert_true (g_str_has_suffix (fields[6], "nologin"));
  }
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/helper/install/" path, Fixture, NULL, set_up, fn, tear_down)
  ADD ("puts-each-file-where-it-is-looked-for", test_each_file_lands_where_it_is_looked_for);
  ADD ("has-activation-start-the-installed-pvmd", test_activation_starts_the_installed_pvmd);
  ADD ("installs-a-unit-that-systemd-analyze-accepts", test_the_unit_passes_systemd_analyze);
  ADD ("installs-a-valid-polkit-policy-with-the-documented-defaults",
       test_the_polkit_policy_is_valid_with_the_documented_defaults);
  ADD ("installs-a-bus-policy-that-lets-root-own-the-name-and-anyone-call-it",
       test_the_bus_policy_lets_root_own_the_name_and_anyone_call_it);
  ADD ("installs-a-sysusers-file-from-which-systemd-sysusers-makes-the-user-pvm",
       test_the_sysusers_file_makes_the_user_pvm);
#undef ADD
  return g_test_run ();
}

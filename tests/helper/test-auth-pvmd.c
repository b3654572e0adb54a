/* test-auth-pvmd.c: pvmd --system on a private system-like bus, where python-dbusmock's polkitd
 * template — a mock that grants the actions the test names, not a real polkitd — answers as
 * org.freedesktop.PolicyKit1; pvmd finds that bus through $DBUS_SYSTEM_BUS_ADDRESS, and keeps
 * its state in the test's directory through $STATE_DIRECTORY and $RUNTIME_DIRECTORY.
 *
 * Every method that auth.h guards, on pvmd's own Host, Domain, StoragePool and Network
 * objects, is refused with nothing allowed and is let through (to whatever answer its handler
 * gives dummy arguments: InvalidArgument, Busy, …) with its action allowed; reading needs
 * nothing. pvmd --session never asks polkit, and pvmd --system refuses to run as anyone but
 * root. Job.Cancel is left to test-auth: a job lives only while a copy runs.
 */
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "common/pvm-hypervisor1.h"
#include "hv/helper/auth.h"
#include "mock-polkit.h"

#define BUS_NAME "org.pvm.Hypervisor1"

static GDBusInterfaceInfo *(*const interfaces[]) (void) = {
  pvm_host_interface_info,
  pvm_domain_interface_info,
  pvm_storage_pool_interface_info,
  pvm_network_interface_info,
};

typedef struct {
  char *dir;
  PvmTestPolkit *polkit;
  GDBusConnection *client;
  GSubprocess *pvmd;
  GHashTable *paths; /* interface name → an object path that has it */
  gboolean skipped;  /* not root: pvmd --system cannot run */
} Fixture;

static gboolean
pvmd_owns_name (Fixture *f)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    f->client, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "NameHasOwner", g_variant_new ("(s)", BUS_NAME), G_VARIANT_TYPE ("(b)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Starts pvmd with @mode ("--system" or "--session") on the test bus and waits for its name. */
static void
start_pvmd (Fixture *f, const char *mode)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *vmm = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *argv[] = { g_getenv ("PVMD"), mode, vmm, NULL };
  const char *address = pvm_test_polkit_get_address (f->polkit);
  g_autoptr (GError) error = NULL;
  static const char *const dirs[][2] = {
    { "STATE_DIRECTORY", "state" }, { "RUNTIME_DIRECTORY", "run" },
    { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" }, { "XDG_RUNTIME_DIR", "xdg-run" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
    g_autofree char *path = g_build_filename (f->dir, dirs[i][1], NULL);
    g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    g_subprocess_launcher_setenv (launcher, dirs[i][0], path, TRUE);
  }
  /* The session pvmd gets the same bus as both, so that a polkit call would reach the mock. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  pvm_test_launcher_die_with_parent (launcher);
  f->pvmd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!pvmd_owns_name (f) && g_get_monotonic_time () < deadline) {
    g_assert_nonnull (g_subprocess_get_identifier (f->pvmd)); /* NULL once it has ended */
    g_usleep (20 * 1000);
  }
  g_assert_true (pvmd_owns_name (f));
}

/* Returns pvmd's objects: object path → their interfaces' names. */
static GHashTable *
list_objects (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    f->client, BUS_NAME, "/org/pvm/Hypervisor1", "org.freedesktop.DBus.ObjectManager",
    "GetManagedObjects", NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"), G_DBUS_CALL_FLAGS_NONE, -1,
    NULL, &error);
  g_assert_no_error (error);
  GHashTable *objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_strfreev);
  g_autoptr (GVariant) map = g_variant_get_child_value (reply, 0);
  GVariantIter iter;
  const char *path;
  GVariant *ifaces;

  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &ifaces)) {
    g_autoptr (GPtrArray) names = g_ptr_array_new ();
    GVariantIter inner;
    const char *name;
    g_variant_iter_init (&inner, ifaces);
    while (g_variant_iter_next (&inner, "{&s@a{sv}}", &name, NULL))
      g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_add (names, NULL);
    g_hash_table_insert (objects, g_strdup (path), g_ptr_array_free (g_steal_pointer (&names),
                                                                     FALSE));
    g_variant_unref (ifaces);
  }
  return objects;
}

static GVariant *
call (Fixture *f, const char *path, const char *interface, const char *method, GVariant *args,
      GError **error)
{
  return g_dbus_connection_call_sync (f->client, BUS_NAME, path, interface, method, args, NULL,
                                      G_DBUS_CALL_FLAGS_NONE, 60000, NULL, error);
}

static void
allow (Fixture *f, const char *action)
{
  const char *actions[] = { action, NULL };

  pvm_test_polkit_allow (f->polkit, actions);
}

/* Defines a domain whose kernel is an empty file: it can be defined, never run. */
static void
define_domain (Fixture *f)
{
  g_autofree char *kernel = g_build_filename (f->dir, "Image", NULL);
  g_autofree char *xml = g_strdup_printf ("<domain type='qemu'><name>guarded</name>"
                                          "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                          "<os><type>linux</type><kernel>%s</kernel></os>"
                                          "</domain>", kernel);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (kernel, "", 0, NULL));
  allow (f, "org.pvm.hypervisor1.manage-domains");
  g_autoptr (GVariant) reply = call (f, "/org/pvm/Hypervisor1/Host", "org.pvm.Hypervisor1.Host",
                                     "DefineDomain", g_variant_new ("(s)", xml), &error);
  g_assert_no_error (error);
  allow (f, NULL);
}

/* Notes, for each interface, one object of pvmd's that has it. */
static void
find_paths (Fixture *f)
{
  g_autoptr (GHashTable) objects = list_objects (f);
  GHashTableIter iter;
  gpointer path, names;

  g_clear_pointer (&f->paths, g_hash_table_unref);
  f->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, objects);
  while (g_hash_table_iter_next (&iter, &path, &names))
    for (char **name = names; *name; name++)
      g_hash_table_insert (f->paths, g_strdup (*name), g_strdup (path));
}

static void
set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("pvm-test-auth-pvmd-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->polkit = pvm_test_polkit_new (f->dir);
  f->client = pvm_test_polkit_get_connection (f->polkit);
}

static void
set_up_system (Fixture *f, gconstpointer data)
{
  set_up (f, data);
  if (geteuid () != 0) {
    g_test_skip ("pvmd --system runs as root only");
    f->skipped = TRUE;
    return;
  }
  start_pvmd (f, "--system");
  define_domain (f);
  find_paths (f);
  g_ptr_array_unref (pvm_test_polkit_take_checks (f->polkit));
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (f->pvmd) {
    g_subprocess_send_signal (f->pvmd, SIGTERM);
    g_assert_true (g_subprocess_wait (f->pvmd, NULL, NULL));
    g_clear_object (&f->pvmd);
  }
  g_clear_pointer (&f->paths, g_hash_table_unref);
  pvm_test_polkit_free (f->polkit);
  const char *argv[] = { "rm", "-rf", f->dir, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
}

static GVariant *
dummy_args (const GDBusMethodInfo *method)
{
  g_autoptr (GVariantBuilder) args = g_variant_builder_new (G_VARIANT_TYPE_TUPLE);

  for (guint a = 0; method->in_args && method->in_args[a]; a++) {
    const char *type = method->in_args[a]->signature;
    if (strcmp (type, "s") == 0)
      g_variant_builder_add (args, "s", "");
    else if (strcmp (type, "b") == 0)
      g_variant_builder_add (args, "b", FALSE);
    else if (strcmp (type, "t") == 0)
      g_variant_builder_add (args, "t", (guint64) 0);
    else if (strcmp (type, "a{sv}") == 0)
      g_variant_builder_add_value (args, g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
    else
      g_error ("%s: no dummy value for an argument of type %s", method->name, type);
  }
  return g_variant_builder_end (args);
}

/* Calls each guarded method of pvmd's objects, the Undefines last; @check sees the answer. */
static void
for_each_guarded_method (Fixture *f, void (*check) (Fixture *f, const char *path,
                                                     const char *method, const char *action,
                                                     GError *error))
{
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++) {
    GDBusInterfaceInfo *info = interfaces[i] ();
    const char *path = g_hash_table_lookup (f->paths, info->name);
    g_assert_nonnull (path);

    for (guint last = 0; last < 2; last++)
      for (guint m = 0; info->methods[m]; m++) {
        const char *method = info->methods[m]->name;
        const char *action = pvm_helper_auth_action (info->name, method);
        if (!action || (strcmp (method, "Undefine") == 0) != last)
          continue;
        g_autoptr (GError) error = NULL;
        g_autoptr (GVariant) reply = call (f, path, info->name, method,
                                           dummy_args (info->methods[m]), &error);
        g_test_message ("%s.%s on %s: %s", info->name, method, path,
                        error ? error->message : "done");
        check (f, path, method, action, error);
      }
  }
}

static void
assert_checked (Fixture *f, const char *action)
{
  g_autoptr (GPtrArray) checks = pvm_test_polkit_take_checks (f->polkit);

  g_assert_cmpuint (checks->len, ==, 1);
  PvmTestPolkitCheck *check = checks->pdata[0];
  g_assert_cmpstr (check->action, ==, action);
  g_assert_cmpstr (check->subject_kind, ==, "system-bus-name");
  g_assert_cmpstr (check->subject_name, ==, g_dbus_connection_get_unique_name (f->client));
}

static void
check_refused (Fixture *f, const char *path, const char *method, const char *action,
               GError *error)
{
  g_assert_error (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, action));
  g_assert_nonnull (strstr (error->message, path));
  assert_checked (f, action);
}

static void
test_every_guarded_method_is_refused_without_its_action (Fixture *f, gconstpointer data)
{
  if (f->skipped)
    return;
  g_autoptr (GHashTable) before = list_objects (f);
  for_each_guarded_method (f, check_refused);

  /* Nothing was done: every object is still there. */
  g_autoptr (GHashTable) after = list_objects (f);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  GHashTableIter iter;
  gpointer path;
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_assert_true (g_hash_table_contains (after, path));
}

static void
check_let_through (Fixture *f, const char *path, const char *method, const char *action,
                   GError *error)
{
  if (error)
    g_assert_false (g_error_matches (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED));
  assert_checked (f, action);
}

static void
test_every_guarded_method_gets_through_with_its_action (Fixture *f, gconstpointer data)
{
  static const char *const all[] = {
    "org.pvm.hypervisor1.lifecycle", "org.pvm.hypervisor1.console",
    "org.pvm.hypervisor1.manage-domains", "org.pvm.hypervisor1.storage",
    "org.pvm.hypervisor1.network",
  };

  if (f->skipped)
    return;
  /* One action allowed at a time, so that each method is shown to need no other; the
   * Undefines last of all. */
  for (guint last = 0; last < 2; last++)
    for (guint a = 0; a < G_N_ELEMENTS (all); a++) {
      allow (f, all[a]);
      for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++) {
        GDBusInterfaceInfo *info = interfaces[i] ();
        const char *path = g_hash_table_lookup (f->paths, info->name);
        for (guint m = 0; info->methods[m]; m++) {
          const char *method = info->methods[m]->name;
          const char *action = pvm_helper_auth_action (info->name, method);
          if (g_strcmp0 (action, all[a]) != 0 || (strcmp (method, "Undefine") == 0) != last)
            continue;
          g_autoptr (GError) error = NULL;
          g_autoptr (GVariant) reply = call (f, path, info->name, method,
                                             dummy_args (info->methods[m]), &error);
          g_test_message ("%s.%s with %s: %s", info->name, method, action,
                          error ? error->message : "done");
          check_let_through (f, path, method, action, error);
        }
      }
    }
}

static void
test_reading_needs_no_authorization (Fixture *f, gconstpointer data)
{
  if (f->skipped)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++) {
    GDBusInterfaceInfo *info = interfaces[i] ();
    const char *path = g_hash_table_lookup (f->paths, info->name);
    g_autoptr (GError) error = NULL;

    for (guint m = 0; info->methods[m]; m++) {
      if (pvm_helper_auth_action (info->name, info->methods[m]->name))
        continue;
      g_autoptr (GVariant) reply = call (f, path, info->name, info->methods[m]->name, NULL,
                                         &error);
      /* A reading call may still fail on the stopped domain (GetStats: Busy), never for want
       * of authorization. */
      if (error) {
        g_assert_true (error->domain == PVM_ERROR);
        g_assert_cmpint (error->code, !=, PVM_ERROR_NOT_AUTHORIZED);
        g_clear_error (&error);
      }
    }
    g_autoptr (GVariant) all = call (f, path, "org.freedesktop.DBus.Properties", "GetAll",
                                     g_variant_new ("(s)", info->name), &error);
    g_assert_no_error (error);
  }
  g_autoptr (GPtrArray) checks = pvm_test_polkit_take_checks (f->polkit);
  g_assert_cmpuint (checks->len, ==, 0);
}

static void
test_the_host_says_system (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (f->skipped)
    return;
  g_autoptr (GVariant) mode = call (f, "/org/pvm/Hypervisor1/Host",
                                    "org.freedesktop.DBus.Properties", "Get",
                                    g_variant_new ("(ss)", "org.pvm.Hypervisor1.Host", "Mode"),
                                    &error);
  g_assert_no_error (error);
  g_autoptr (GVariant) value = NULL;
  g_variant_get (mode, "(v)", &value);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "system");
}

static void
check_not_refused (Fixture *f, const char *path, const char *method, const char *action,
                   GError *error)
{
  if (error)
    g_assert_false (g_error_matches (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED));
}

static void
test_the_session_mode_never_asks_polkit (Fixture *f, gconstpointer data)
{
  start_pvmd (f, "--session");
  define_domain (f);
  find_paths (f);
  for_each_guarded_method (f, check_not_refused);
  g_autoptr (GPtrArray) checks = pvm_test_polkit_take_checks (f->polkit);
  g_assert_cmpuint (checks->len, ==, 0);
}

static void
test_the_system_mode_refuses_to_run_as_a_user (Fixture *f, gconstpointer data)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;

  if (geteuid () == 0) {
    g_autofree char *setpriv = g_find_program_in_path ("setpriv");
    if (!setpriv) {
      g_test_skip ("setpriv (util-linux) is needed to run pvmd as another user");
      return;
    }
    g_ptr_array_add (argv, setpriv);
    g_ptr_array_add (argv, "--reuid=65534");
    g_ptr_array_add (argv, "--regid=65534");
    g_ptr_array_add (argv, "--clear-groups");
    g_steal_pointer (&setpriv);
  }
  g_ptr_array_add (argv, (char *) g_getenv ("PVMD"));
  g_ptr_array_add (argv, "--system");
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS",
                                pvm_test_polkit_get_address (f->polkit), TRUE);
  g_autoptr (GSubprocess) pvmd = g_subprocess_launcher_spawnv (
    launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (pvmd, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  if (geteuid () == 0)
    g_free (argv->pdata[0]);
  g_test_message ("pvmd said: %s", err);
  g_assert_true (g_subprocess_get_if_exited (pvmd));
  g_assert_cmpint (g_subprocess_get_exit_status (pvmd), ==, 1);
  g_assert_nonnull (strstr (err, "not root"));
  g_assert_false (pvmd_owns_name (f));
}

static void
skip (gconstpointer reason)
{
  g_test_skip (reason);
}

int
main (int argc, char **argv)
{
  const char *missing;

  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* so that remote errors come back as PVM_ERROR */
  missing = pvm_test_polkit_missing ();

#define ADD(path, setup, fn)                                                              \
  do {                                                                                    \
    if (!missing)                                                                         \
      g_test_add ("/helper/auth/pvmd/" path, Fixture, NULL, setup, fn, tear_down);        \
    else                                                                                  \
      g_test_add_data_func ("/helper/auth/pvmd/" path, missing, skip);                    \
  } while (0)
  ADD ("system/refuses-every-guarded-method-without-its-action", set_up_system,
       test_every_guarded_method_is_refused_without_its_action);
  ADD ("system/lets-every-guarded-method-through-with-its-action", set_up_system,
       test_every_guarded_method_gets_through_with_its_action);
  ADD ("system/answers-reading-without-authorization", set_up_system,
       test_reading_needs_no_authorization);
  ADD ("system/says-system-as-its-mode", set_up_system, test_the_host_says_system);
  ADD ("system/refuses-to-run-as-a-user", set_up, test_the_system_mode_refuses_to_run_as_a_user);
  ADD ("session/never-asks-polkit", set_up, test_the_session_mode_never_asks_polkit);
#undef ADD
  return g_test_run ();
}

/* test-auth-polkitd.c: pvmd --system against the real polkitd, not a mock.
 *
 * polkitd reads its actions and rules from fixed directories, so the test runs in a mount
 * namespace of its own where data/org.pvm.Hypervisor1.policy is the only action file and one
 * rule grants the user nobody org.pvm.hypervisor1.lifecycle; polkitd and pvmd --system share a
 * private bus ($DBUS_SYSTEM_BUS_ADDRESS). Without logind the callers have no session, so the
 * policy's allow_any defaults apply: an administrator's password, which no agent can give.
 * Needs root (the namespace, the bind mounts, pvmd --system, calling as nobody); skips
 * otherwise.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "mock-polkit.h"

#define BUS_NAME "org.pvm.Hypervisor1"
#define HOST_PATH "/org/pvm/Hypervisor1/Host"

static const char nobody_rule[] =
  "polkit.addRule (function (action, subject) {\n"
  "  if (action.id == 'org.pvm.hypervisor1.lifecycle' && subject.user == 'nobody')\n"
  "    return polkit.Result.YES;\n"
  "});\n";

typedef struct {
  char *dir;
  PvmTestPolkit *polkit;
  GSubprocess *pvmd;
  char *domain; /* the object path of a domain pvmd keeps */
} Fixture;

/* Mounts a directory of the test's over @target, in this process's mount namespace only. */
static void
bind_over (const char *source, const char *target)
{
  g_assert_cmpint (mount (source, target, NULL, MS_BIND, NULL), ==, 0);
}

static char *
make_dir (const char *parent, const char *name)
{
  char *dir = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  return dir;
}

static GVariant *
call (Fixture *f, const char *path, const char *interface, const char *method, GVariant *args,
      GError **error)
{
  return g_dbus_connection_call_sync (pvm_test_polkit_get_connection (f->polkit), BUS_NAME, path,
                                      interface, method, args, NULL, G_DBUS_CALL_FLAGS_NONE,
                                      60000, NULL, error);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *policy = NULL;

  f->dir = g_dir_make_tmp ("pvm-test-polkitd-XXXXXX", NULL);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0); /* polkitd, as its own user, connects */
  g_autofree char *actions = make_dir (f->dir, "actions");
  g_autofree char *rules = make_dir (f->dir, "rules");
  g_autofree char *no_rules = make_dir (f->dir, "no-rules");
  g_autofree char *copy = g_build_filename (actions, "org.pvm.Hypervisor1.policy", NULL);
  g_autofree char *rule = g_build_filename (rules, "50-pvm-test.rules", NULL);
  gsize length;
  g_assert_true (g_file_get_contents (g_getenv ("PVM_POLKIT_POLICY"), &policy, &length, NULL));
  g_assert_true (g_file_set_contents_full (copy, policy, length, G_FILE_SET_CONTENTS_NONE, 0644,
                                           NULL));
  g_assert_true (g_file_set_contents_full (rule, nobody_rule, -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                           NULL));
  bind_over (actions, "/usr/share/polkit-1/actions");
  bind_over (rules, "/usr/share/polkit-1/rules.d");
  bind_over (no_rules, "/etc/polkit-1/rules.d");
  f->polkit = pvm_test_polkit_new_real (f->dir);

  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *state = make_dir (f->dir, "state");
  g_autofree char *runtime = make_dir (f->dir, "run");
  g_autofree char *vmm = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *argv[] = { g_getenv ("PVMD"), "--system", vmm, NULL };
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS",
                                pvm_test_polkit_get_address (f->polkit), TRUE);
  g_subprocess_launcher_setenv (launcher, "STATE_DIRECTORY", state, TRUE);
  g_subprocess_launcher_setenv (launcher, "RUNTIME_DIRECTORY", runtime, TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  pvm_test_launcher_die_with_parent (launcher);
  f->pvmd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* The test runs as root, whom polkit lets do anything: it defines the domain. */
  g_autofree char *kernel = g_build_filename (f->dir, "Image", NULL);
  g_autofree char *xml = g_strdup_printf ("<domain type='qemu'><name>guarded</name>"
                                          "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                          "<os><type>linux</type><kernel>%s</kernel></os>"
                                          "</domain>", kernel);
  g_assert_true (g_file_set_contents (kernel, "", 0, NULL));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autoptr (GVariant) reply = NULL;
  while (!reply && g_get_monotonic_time () < deadline) {
    g_clear_error (&error);
    g_assert_nonnull (g_subprocess_get_identifier (f->pvmd)); /* NULL once it has ended */
    reply = call (f, HOST_PATH, "org.pvm.Hypervisor1.Host", "DefineDomain",
                  g_variant_new ("(s)", xml), &error);
    if (!reply)
      g_usleep (50 * 1000);
  }
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &f->domain);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_subprocess_send_signal (f->pvmd, SIGTERM);
  g_subprocess_wait (f->pvmd, NULL, NULL);
  g_object_unref (f->pvmd);
  pvm_test_polkit_free (f->polkit);
  g_assert_cmpint (umount ("/usr/share/polkit-1/actions"), ==, 0);
  g_assert_cmpint (umount ("/usr/share/polkit-1/rules.d"), ==, 0);
  g_assert_cmpint (umount ("/etc/polkit-1/rules.d"), ==, 0);
  const char *argv[] = { "rm", "-rf", f->dir, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
  g_free (f->domain);
}

static void
test_polkitd_reads_the_actions_with_their_defaults (Fixture *f, gconstpointer data)
{
  /* PolkitImplicitAuthorization: 2 auth_admin, 4 auth_admin_keep, 5 yes. */
  static const struct {
    const char *id;
    guint32 any, inactive, active;
  } expected[] = {
    { "org.pvm.hypervisor1.lifecycle", 2, 2, 5 },
    { "org.pvm.hypervisor1.console", 2, 2, 5 },
    { "org.pvm.hypervisor1.manage-domains", 4, 4, 4 },
    { "org.pvm.hypervisor1.storage", 4, 4, 4 },
    { "org.pvm.hypervisor1.network", 4, 4, 4 },
    { "org.pvm.hypervisor1.migrate", 4, 4, 4 },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    pvm_test_polkit_get_connection (f->polkit), "org.freedesktop.PolicyKit1",
    "/org/freedesktop/PolicyKit1/Authority", "org.freedesktop.PolicyKit1.Authority",
    "EnumerateActions", g_variant_new ("(s)", ""), G_VARIANT_TYPE ("(a(ssssssuuua{ss}))"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GVariant) actions = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (actions), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    gboolean found = FALSE;
    for (gsize a = 0; a < g_variant_n_children (actions); a++) {
      const char *id, *description, *message, *vendor;
      guint32 any, inactive, active;
      g_variant_get_child (actions, a, "(&s&s&s&s&s&suuu@a{ss})", &id, &description, &message,
                           &vendor, NULL, NULL, &any, &inactive, &active, NULL);
      if (strcmp (id, expected[i].id) != 0)
        continue;
      found = TRUE;
      g_test_message ("%s: %s", id, description);
      g_assert_cmpstr (vendor, ==, "pvm");
      g_assert_cmpuint (strlen (description), >, 0);
      g_assert_cmpuint (strlen (message), >, 0);
      g_assert_cmpuint (any, ==, expected[i].any);
      g_assert_cmpuint (inactive, ==, expected[i].inactive);
      g_assert_cmpuint (active, ==, expected[i].active);
    }
    g_assert_true (found);
  }
}

/* Calls @method as the user nobody, with dbus-send's @args; returns what the call was
 * answered with: "" for a reply, else the D-Bus error's name. */
static char *
call_as_nobody (Fixture *f, const char *path, const char *method, const char *arg)
{
  g_autofree char *dest = g_strdup_printf ("--dest=%s", BUS_NAME);
  const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                         "dbus-send", "--system", "--print-reply", dest, path, method, arg,
                         NULL };
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "DBUS_SYSTEM_BUS_ADDRESS",
                                         pvm_test_polkit_get_address (f->polkit), TRUE);
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("nobody, %s: %s", method, g_spawn_check_wait_status (status, NULL) ? "done" : err);
  if (g_spawn_check_wait_status (status, NULL))
    return g_strdup ("");
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GRegex) name = g_regex_new ("^Error ([A-Za-z0-9_.]+):", 0, 0, NULL);
  g_assert_true (g_regex_match (name, err, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
test_a_user_gets_what_a_rule_grants_and_nothing_more (Fixture *f, gconstpointer data)
{
  g_autofree char *start = call_as_nobody (f, f->domain, "org.pvm.Hypervisor1.Domain.Start",
                                           NULL);
  g_autofree char *define = call_as_nobody (f, HOST_PATH, "org.pvm.Hypervisor1.Host.DefineDomain",
                                            "string:");
  g_autofree char *serial = call_as_nobody (f, f->domain,
                                            "org.pvm.Hypervisor1.Domain.OpenSerial", "string:");
  g_autofree char *read = call_as_nobody (f, f->domain, "org.pvm.Hypervisor1.Domain.GetXML",
                                          NULL);

  /* lifecycle, granted by the rule: Start gets to the domain, which cannot boot its kernel */
  g_assert_cmpstr (start, !=, "org.pvm.Hypervisor1.Error.NotAuthorized");
  g_assert_true (g_str_has_prefix (start, "org.pvm.Hypervisor1.Error."));
  /* manage-domains and console need an administrator, whom no agent is there to ask for */
  g_assert_cmpstr (define, ==, "org.pvm.Hypervisor1.Error.NotAuthorized");
  g_assert_cmpstr (serial, ==, "org.pvm.Hypervisor1.Error.NotAuthorized");
  g_assert_cmpstr (read, ==, "");
}

static void
test_root_may_do_anything (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = call (f, HOST_PATH, "org.pvm.Hypervisor1.Host", "DefineDomain",
                                     g_variant_new ("(s)", ""), &error);

  g_assert_null (reply);
  g_test_message ("root, DefineDomain(''): %s", error->message);
  g_assert_true (g_str_has_prefix (error->message,
                                   "GDBus.Error:org.pvm.Hypervisor1.Error.InvalidArgument"));
}

static void
skip (gconstpointer reason)
{
  g_test_skip (reason);
}

int
main (int argc, char **argv)
{
  const char *missing = NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *send = g_find_program_in_path ("dbus-send");
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

  g_test_init (&argc, &argv, NULL);
  if (geteuid () != 0)
    missing = "the real polkitd test needs root";
  else if (!g_file_test ("/usr/lib/polkit-1/polkitd", G_FILE_TEST_IS_EXECUTABLE) ||
           !g_file_test ("/usr/share/polkit-1/actions", G_FILE_TEST_IS_DIR))
    missing = "polkitd is not installed (package polkitd)";
  else if (!setpriv || !send || !daemon)
    missing = "setpriv, dbus-send and dbus-daemon are needed";
  /* Before any thread exists: a mount namespace of the test's own, whose mounts stay in it. */
  else if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    missing = "cannot make a mount namespace";

#define ADD(path, fn)                                                                     \
  do {                                                                                    \
    if (!missing)                                                                         \
      g_test_add ("/helper/auth/real-polkitd/" path, Fixture, NULL, set_up, fn, tear_down); \
    else                                                                                  \
      g_test_add_data_func ("/helper/auth/real-polkitd/" path, missing, skip);            \
  } while (0)
  ADD ("reads-the-actions-with-their-defaults", test_polkitd_reads_the_actions_with_their_defaults);
  ADD ("gives-a-user-what-a-rule-grants-and-nothing-more",
       test_a_user_gets_what_a_rule_grants_and_nothing_more);
  ADD ("lets-root-do-anything", test_root_may_do_anything);
#undef ADD
  return g_test_run ();
}

/* test-pvmctl-remote.c: a second host — a bus and a pvmd in their own network namespace —
 * reached with `pvmctl --connect pvm+ssh://hostb/session`. PVM_SSH is a script that drops
 * the host and runs the rest (`pvmctl bridge --session …`) in the namespace with that bus,
 * as `ssh hostb` would run it there. The remote host is listed and driven like the local one:
 * define, start, console, destroy, undefine. Needs root (ip netns); skips otherwise. */
#include <string.h>

#include "cli-test.h"
#include "common/pvm-error.h"
#include "pvmd-test.h"
#include "remote-host-test.h"

#define REMOTE PVM_TEST_REMOTE_URI

typedef struct {
  PvmTestPvmd local;
  PvmTestRemoteHost hostb;
} Remote;

static void
remote_set_up (Remote *r, gconstpointer data)
{
  pvm_test_pvmd_set_up (&r->local, data);
  pvm_test_remote_host_set_up (&r->hostb, data);
}

static void
remote_tear_down (Remote *r, gconstpointer data)
{
  pvm_test_remote_host_tear_down (&r->hostb);
  pvm_test_pvmd_tear_down (&r->local, data);
}

/* Runs pvmctl --connect pvm+ssh://hostb/session @argv. */
static PvmTestCliRun *
remote_run (Remote *r, const char *input, const char *const *argv)
{
  g_autofree char *ssh_env = g_strdup_printf ("PVM_SSH=%s", r->hostb.ssh);
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
  if (r->hostb.skipped)
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
  g_autofree char *log_path = g_build_filename (r->hostb.dir, "ssh.log", NULL);
  g_autofree char *log = NULL;
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "hostb pvmctl bridge --session\n"));

  /* start, console, destroy, undefine. */
  g_autoptr (PvmTestCliRun) start = REMOTE_RUN (r, "start", "faraway");
  pvm_test_cli_assert_ok (start);
  g_autofree char *ssh_env = g_strdup_printf ("PVM_SSH=%s", r->hostb.ssh);
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
  if (r->hostb.skipped)
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

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-cli-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  pvm_test_remote_host_start_janitor ();
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

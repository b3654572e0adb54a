/* test-pvmctl-storage.c: pvmctl's pool, volume and network commands against pvmd on a
 * private bus — for people and with --json; vol-clone's progress bar on a terminal and its
 * cancellation by Ctrl+C (SIGINT); clone, which copies a domain with its volumes, the same
 * way; pvmd's refusals as exit 1 with its sentence. */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cli-test.h"
#include "common/pvm-error.h"
#include "pvmd-test.h"

#define BUS(f) g_test_dbus_get_bus_address ((f)->bus)
#define RUN(f, ...) pvm_test_cli_run (BUS (f), __VA_ARGS__)

/* Returns the JSON object among @run's array whose "name" is @name (owned by @node). */
static JsonObject *
find_named (JsonNode *node, const char *name)
{
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++) {
    JsonObject *o = json_array_get_object_element (array, i);
    if (g_strcmp0 (json_object_get_string_member (o, "name"), name) == 0)
      return o;
  }
  return NULL;
}

/* Creates volume @name of @mib MiB in the default pool, its first @written MiB written with
 * zeros (data, not holes); returns its path. */
static char *
make_volume (PvmTestPvmd *f, const char *name, guint mib, guint written)
{
  g_autofree char *size = g_strdup_printf ("%uM", mib);
  g_autoptr (PvmTestCliRun) run = RUN (f, "--json", "vol-create", name, size);
  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  char *path = g_strdup (json_object_get_string_member (json_node_get_object (node), "path"));

  if (written) {
    g_autofree char *of = g_strdup_printf ("of=%s", path);
    g_autofree char *count = g_strdup_printf ("count=%u", written);
    const char *argv[] = { "dd", "if=/dev/zero", of, "bs=1M", count, "conv=notrunc",
                           "status=none", NULL };
    int status;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  return path;
}

static void
test_pool_list_shows_the_default_pool (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmTestCliRun) table = RUN (f, "pool-list");
  pvm_test_cli_assert_ok (table);
  g_assert_true (g_str_has_prefix (table->out, " Name "));
  g_assert_nonnull (strstr (table->out, " default "));
  g_assert_nonnull (strstr (table->out, " dir "));

  g_autoptr (PvmTestCliRun) json = RUN (f, "pool-list", "--json");
  pvm_test_cli_assert_ok (json);
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  JsonObject *pool = find_named (node, "default");
  g_assert_nonnull (pool);
  g_assert_cmpstr (json_object_get_string_member (pool, "type"), ==, "dir");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (pool, "target"), f->dir));
  g_assert_cmpint (json_object_get_int_member (pool, "capacity"), >, 0);
  g_assert_cmpint (json_object_get_int_member (pool, "available"), >, 0);
}

static void
test_pool_define_adds_a_directory_pool (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *target = g_build_filename (f->dir, "second-pool", NULL);
  g_autofree char *xml = g_strdup_printf (
    "<pool type='dir'><name>second</name><target><path>%s</path></target></pool>", target);

  g_autoptr (PvmTestCliRun) run =
    pvm_test_cli_run_full (BUS (f), NULL, xml, (const char *const[]) { "pool-define", "-", NULL });
  pvm_test_cli_assert_ok (run);
  g_assert_cmpstr (run->out, ==, "Storage pool 'second' is defined\n");
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));

  g_autoptr (PvmTestCliRun) created = RUN (f, "vol-create", "--pool", "second", "a.img", "1M");
  pvm_test_cli_assert_ok (created);
  g_autofree char *file = g_build_filename (target, "a.img", NULL);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  g_autoptr (PvmTestCliRun) bad = pvm_test_cli_run_full (
    BUS (f), NULL, "<pool type='zfs'><name>z</name></pool>",
    (const char *const[]) { "pool-define", "-", NULL });
  pvm_test_cli_assert_fails (bad, 1, "");
  g_autoptr (PvmTestCliRun) missing = RUN (f, "vol-list", "--pool", "nowhere");
  pvm_test_cli_assert_fails (missing, 1, "No storage pool is named 'nowhere'");
}

static void
test_volumes_are_created_listed_resized_and_deleted (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmTestCliRun) created = RUN (f, "vol-create", "disk.img", "16M");
  pvm_test_cli_assert_ok (created);
  g_assert_true (g_str_has_prefix (created->out, "Volume 'disk.img' is created: /"));

  g_autoptr (PvmTestCliRun) table = RUN (f, "vol-list");
  pvm_test_cli_assert_ok (table);
  g_assert_nonnull (strstr (table->out, " disk.img "));
  g_assert_nonnull (strstr (table->out, "16.0 MiB"));

  g_autoptr (PvmTestCliRun) resized = RUN (f, "vol-resize", "disk.img", "32M");
  pvm_test_cli_assert_ok (resized);
  g_autoptr (PvmTestCliRun) json = RUN (f, "--json", "vol-list");
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  JsonObject *volume = find_named (node, "disk.img");
  g_assert_nonnull (volume);
  g_assert_cmpint (json_object_get_int_member (volume, "capacity"), ==, 32 << 20);
  g_assert_cmpint (json_object_get_int_member (volume, "allocation"), <, 32 << 20); /* sparse */
  g_assert_true (g_file_test (json_object_get_string_member (volume, "path"),
                              G_FILE_TEST_IS_REGULAR));

  g_autoptr (PvmTestCliRun) shrink = RUN (f, "vol-resize", "disk.img", "8M");
  pvm_test_cli_assert_fails (shrink, 1, "disk.img");
  g_autoptr (PvmTestCliRun) taken = RUN (f, "vol-create", "disk.img", "1M");
  pvm_test_cli_assert_fails (taken, 1, "disk.img");

  g_autoptr (PvmTestCliRun) deleted = RUN (f, "vol-delete", "disk.img");
  pvm_test_cli_assert_ok (deleted);
  g_autoptr (PvmTestCliRun) after = RUN (f, "vol-list");
  g_assert_null (strstr (after->out, "disk.img"));
  g_autoptr (PvmTestCliRun) again = RUN (f, "vol-delete", "disk.img");
  pvm_test_cli_assert_fails (again, 1, "disk.img");
}

static void
test_vol_clone_copies (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *path = make_volume (f, "source.img", 8, 0);
  g_assert_true (g_file_set_contents (path, "the first bytes", -1, NULL));

  g_autoptr (PvmTestCliRun) run = RUN (f, "--json", "vol-clone", "source.img", "copy.img");
  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "copy.img");
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "source.img");

  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *copy = g_build_filename (dir, "copy.img", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (copy, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "the first bytes");

  g_autoptr (PvmTestCliRun) missing = RUN (f, "vol-clone", "absent.img", "x.img");
  pvm_test_cli_assert_fails (missing, 1, "absent.img");
}

static void
test_vol_clone_draws_progress_on_a_terminal (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *path = make_volume (f, "big.img", 128, 128);
  const char *argv[] = { "vol-clone", "big.img", "big-copy.img", NULL };
  g_autoptr (PvmTestCliSession) session = pvm_test_cli_session_new (BUS (f), NULL, TRUE, argv);

  g_assert_true (pvm_test_cli_session_expect (session, "Copying", 30.0));
  g_assert_true (pvm_test_cli_session_expect (session, "] 100%", 120.0));
  g_assert_true (pvm_test_cli_session_expect (session, "Volume 'big-copy.img' is a copy", 30.0));
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 0);
}

static void
test_vol_clone_is_cancelled_by_ctrl_c (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *path = make_volume (f, "huge.img", 1024, 1024);
  const char *argv[] = { "vol-clone", "huge.img", "huge-copy.img", NULL };
  g_autoptr (PvmTestCliSession) session = pvm_test_cli_session_new (BUS (f), NULL, TRUE, argv);

  /* Once the bar shows, the job runs: Ctrl+C asks pvmd to cancel it. */
  g_assert_true (pvm_test_cli_session_expect (session, "%", 30.0));
  g_subprocess_send_signal (pvm_test_cli_session_get_process (session), SIGINT);
  g_assert_true (pvm_test_cli_session_expect (session, "pvmctl: Cancelled", 60.0));
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 1);

  g_autoptr (PvmTestCliRun) after = RUN (f, "vol-list");
  g_assert_null (strstr (after->out, "huge-copy.img"));
}

/* Returns the path of the volume @name in the default pool ("" if there is none). */
static char *
volume_path (PvmTestPvmd *f, const char *name)
{
  g_autoptr (PvmTestCliRun) run = RUN (f, "--json", "vol-list");
  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  JsonObject *volume = find_named (node, name);

  return g_strdup (volume ? json_object_get_string_member (volume, "path") : "");
}

static void
test_clone_copies_a_domain_with_its_volumes (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmTestCliRun) created =
    RUN (f, "create", "--name", "web1", "--kernel", "/opt/Image", "--disk-size", "16M");
  pvm_test_cli_assert_ok (created);
  g_autofree char *disk = volume_path (f, "web1.img");
  g_assert_true (g_file_set_contents (disk, "the root file system", -1, NULL));

  g_autoptr (PvmTestCliRun) run = RUN (f, "clone", "web1", "web2");
  pvm_test_cli_assert_ok (run);
  g_assert_true (g_str_has_prefix (run->out, "Domain 'web2' is a clone of 'web1' ("));
  g_autofree char *copy = volume_path (f, "web2.img");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (copy, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "the root file system");
  g_autoptr (PvmTestCliRun) xml = RUN (f, "dumpxml", "web2");
  pvm_test_cli_assert_ok (xml);
  g_assert_nonnull (strstr (xml->out, copy));

  g_autoptr (PvmTestCliRun) json = RUN (f, "--json", "clone", "--uuid",
                                        "7d5e1c00-93a4-4a36-8d7e-3f2b6c1a9e42", "web1", "web3");
  pvm_test_cli_assert_ok (json);
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "web3");
  g_assert_cmpstr (json_object_get_string_member (o, "uuid"), ==,
                   "7d5e1c00-93a4-4a36-8d7e-3f2b6c1a9e42");
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "shutoff");

  g_autoptr (PvmTestCliRun) taken = RUN (f, "clone", "web1", "web2");
  pvm_test_cli_assert_fails (taken, 1, "A domain named 'web2' already exists");
  g_autoptr (PvmTestCliRun) bad = RUN (f, "clone", "web1", "a/b");
  pvm_test_cli_assert_fails (bad, 1, "<name>");
  g_autoptr (PvmTestCliRun) missing = RUN (f, "clone", "nowhere", "x");
  pvm_test_cli_assert_fails (missing, 1, "nowhere");
  g_autoptr (PvmTestCliRun) usage = RUN (f, "clone", "web1");
  g_assert_cmpint (usage->status, ==, 2);
}

static void
test_clone_draws_progress_and_is_cancelled_by_ctrl_c (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmTestCliRun) created =
    RUN (f, "create", "--name", "big", "--kernel", "/opt/Image", "--disk-size", "1G");
  pvm_test_cli_assert_ok (created);
  g_autofree char *disk = volume_path (f, "big.img");
  g_autofree char *of = g_strdup_printf ("of=%s", disk);
  const char *dd[] = { "dd", "if=/dev/zero", of, "bs=1M", "count=1024", "conv=notrunc",
                       "status=none", NULL };
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) dd, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  const char *argv[] = { "clone", "big", "big-copy", NULL };
  g_autoptr (PvmTestCliSession) session = pvm_test_cli_session_new (BUS (f), NULL, TRUE, argv);
  g_assert_true (pvm_test_cli_session_expect (session, "Copying domain big to big-copy", 30.0));
  g_assert_true (pvm_test_cli_session_expect (session, "%", 30.0));
  g_subprocess_send_signal (pvm_test_cli_session_get_process (session), SIGINT);
  g_assert_true (pvm_test_cli_session_expect (session, "pvmctl: Cancelled", 60.0));
  g_assert_cmpint (pvm_test_cli_session_wait (session, 10.0), ==, 1);

  g_autoptr (PvmTestCliRun) volumes = RUN (f, "vol-list");
  g_assert_null (strstr (volumes->out, "big-copy"));
  g_autoptr (PvmTestCliRun) domains = RUN (f, "list", "--all", "--name");
  g_assert_cmpstr (domains->out, ==, "big\n");
}

static void
test_networks_are_listed_and_defined (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmTestCliRun) table = RUN (f, "net-list");
  pvm_test_cli_assert_ok (table);
  g_assert_true (g_str_has_prefix (table->out, " Name "));
  g_assert_nonnull (strstr (table->out, " default   nat"));

  const char *xml = "<network><name>second</name><forward mode='nat'/></network>";
  g_autoptr (PvmTestCliRun) defined =
    pvm_test_cli_run_full (BUS (f), NULL, xml, (const char *const[]) { "net-define", "-", NULL });
  pvm_test_cli_assert_ok (defined);
  g_assert_cmpstr (defined->out, ==, "Network 'second' is defined\n");

  g_autoptr (PvmTestCliRun) json = RUN (f, "--json", "net-list");
  pvm_test_cli_assert_ok (json);
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  JsonObject *second = find_named (node, "second");
  g_assert_nonnull (second);
  g_assert_cmpstr (json_object_get_string_member (second, "forward"), ==, "nat");
  g_assert_cmpstr (json_object_get_string_member (second, "bridge"), ==, "");

  /* A bridge in session mode: pvmd's refusal. */
  const char *bridge =
    "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>";
  g_autoptr (PvmTestCliRun) refused = pvm_test_cli_run_full (
    BUS (f), NULL, bridge, (const char *const[]) { "net-define", "-", NULL });
  pvm_test_cli_assert_fails (refused, 1, "");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-cli-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark ();

#define ADD(path, func) \
  g_test_add ("/cli/storage/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("pool-list-shows-the-default-pool", test_pool_list_shows_the_default_pool);
  ADD ("pool-define-adds-a-directory-pool", test_pool_define_adds_a_directory_pool);
  ADD ("volumes-are-created-listed-resized-and-deleted",
       test_volumes_are_created_listed_resized_and_deleted);
  ADD ("vol-clone-copies-a-volume", test_vol_clone_copies);
  ADD ("vol-clone-draws-a-progress-bar-on-a-terminal",
       test_vol_clone_draws_progress_on_a_terminal);
  ADD ("vol-clone-is-cancelled-by-ctrl-c", test_vol_clone_is_cancelled_by_ctrl_c);
  ADD ("clone-copies-a-domain-with-its-volumes", test_clone_copies_a_domain_with_its_volumes);
  ADD ("clone-draws-a-progress-bar-and-is-cancelled-by-ctrl-c",
       test_clone_draws_progress_and_is_cancelled_by_ctrl_c);
  ADD ("networks-are-listed-and-defined", test_networks_are_listed_and_defined);
#undef ADD
  return g_test_run ();
}

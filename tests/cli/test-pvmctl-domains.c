/* test-pvmctl-domains.c: pvmctl's definition commands against pvmd on a private bus, with no
 * guest running — list, info, create, define, dumpxml, edit, undefine, autostart and rescue,
 * for people and with --json; domains by name and by UUID; pvmd's refusals as exit 1 with
 * its sentence; and the bash completion's domain names. */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cli-test.h"
#include "common/pvm-error.h"
#include "pvmd-test.h"

#define BUS(f) g_test_dbus_get_bus_address ((f)->bus)
#define RUN(f, ...) pvm_test_cli_run (BUS (f), __VA_ARGS__)

/* Defines the default guest as @name through pvmctl create; returns its UUID. */
static char *
create_guest (PvmTestPvmd *f, const char *name)
{
  const char *env[] = { NULL, NULL };
  g_autofree char *guest = g_strdup_printf ("PVM_GUEST_DIR=%s", f->guest);
  env[0] = guest;
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (
    BUS (f), env, NULL,
    (const char *const[]) { "--json", "create", "--name", name, "--default-guest", NULL });
  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, name);
  return g_strdup (json_object_get_string_member (o, "uuid"));
}

static void
test_list_shows_domains_for_people_and_scripts (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *b = create_guest (f, "bravo");
  g_autofree char *a = create_guest (f, "alpha");

  /* Without --all, only running ones: none. */
  g_autoptr (PvmTestCliRun) running = RUN (f, "list");
  pvm_test_cli_assert_ok (running);
  g_assert_null (strstr (running->out, "alpha"));
  g_assert_nonnull (strstr (running->out, "Name"));

  g_autoptr (PvmTestCliRun) all = RUN (f, "list", "--all");
  pvm_test_cli_assert_ok (all);
  g_auto (GStrv) lines = g_strsplit (all->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* header, rule, 2 rows, "" */
  g_assert_true (g_str_has_prefix (lines[0], " Name "));
  g_assert_true (g_str_has_prefix (lines[1], "----"));
  g_assert_true (g_str_has_prefix (lines[2], " alpha "));
  g_assert_true (g_str_has_prefix (lines[3], " bravo "));
  g_assert_nonnull (strstr (lines[2], "shutoff"));
  g_assert_nonnull (strstr (lines[2], "256 MiB"));
  /* The columns line up: "State" starts where "shutoff" does. */
  g_assert_cmpint (strstr (lines[0], "State") - lines[0], ==, strstr (lines[2], "shutoff") - lines[2]);

  g_autoptr (PvmTestCliRun) names = RUN (f, "list", "--all", "--name");
  pvm_test_cli_assert_ok (names);
  g_assert_cmpstr (names->out, ==, "alpha\nbravo\n");

  g_autoptr (PvmTestCliRun) json = RUN (f, "list", "--all", "--json");
  pvm_test_cli_assert_ok (json);
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  JsonArray *array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  JsonObject *first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "alpha");
  g_assert_cmpstr (json_object_get_string_member (first, "uuid"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "shutoff");
  g_assert_cmpstr (json_object_get_string_member (first, "mode"), ==, "pv");
  g_assert_cmpint (json_object_get_int_member (first, "vcpus"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "memory_mib"), ==, 256);
  g_assert_false (json_object_get_boolean_member (first, "autostart"));
  g_assert_true (json_object_get_null_member (first, "job"));
  g_assert_true (json_object_has_member (first, "state_reason"));
  g_assert_true (json_object_has_member (first, "rescue_directory"));
}

static void
test_info_by_name_and_uuid (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *uuid = create_guest (f, "infoed");

  g_autoptr (PvmTestCliRun) by_name = RUN (f, "info", "infoed");
  pvm_test_cli_assert_ok (by_name);
  g_assert_nonnull (strstr (by_name->out, "Name:         infoed\n"));
  g_autofree char *uuid_line = g_strdup_printf ("UUID:         %s\n", uuid);
  g_assert_nonnull (strstr (by_name->out, uuid_line));
  g_assert_nonnull (strstr (by_name->out, "State:        shutoff\n"));
  g_assert_nonnull (strstr (by_name->out, "Memory:       256 MiB\n"));

  g_autoptr (PvmTestCliRun) by_uuid = RUN (f, "--json", "info", uuid);
  pvm_test_cli_assert_ok (by_uuid);
  g_autoptr (JsonNode) node = pvm_test_cli_json (by_uuid);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==,
                   "infoed");

  g_autoptr (PvmTestCliRun) missing = RUN (f, "info", "nobody");
  pvm_test_cli_assert_fails (missing, 1, "No domain is named 'nobody'");
}

static void
test_create_with_options_and_a_new_volume (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *kernel = g_build_filename (f->guest, "Image", NULL);
  g_autoptr (PvmTestCliRun) run =
    RUN (f, "--json", "create", "--name", "optioned", "--kernel", kernel, "--memory", "128",
         "--vcpus", "2", "--disk-size", "8M", "--network", "default");

  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (o, "memory_mib"), ==, 128);
  g_assert_cmpint (json_object_get_int_member (o, "vcpus"), ==, 2);

  g_autoptr (PvmTestCliRun) xml = RUN (f, "dumpxml", "optioned");
  pvm_test_cli_assert_ok (xml);
  g_assert_nonnull (strstr (xml->out, kernel));
  g_assert_nonnull (strstr (xml->out, "optioned.img"));
  g_assert_nonnull (strstr (xml->out, "<source network=\"default\"/>"));

  g_autoptr (PvmTestCliRun) volumes = RUN (f, "--json", "vol-list");
  pvm_test_cli_assert_ok (volumes);
  g_autoptr (JsonNode) list = pvm_test_cli_json (volumes);
  JsonObject *v = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (v, "name"), ==, "optioned.img");
  g_assert_cmpint (json_object_get_int_member (v, "capacity"), ==, 8 << 20);

  /* A definition pvmd refuses leaves no volume behind. */
  g_autoptr (PvmTestCliRun) refused =
    RUN (f, "create", "--name", "refused", "--kernel", "relative/Image", "--disk-size", "8M");
  pvm_test_cli_assert_fails (refused, 1, "<kernel>");
  g_autoptr (PvmTestCliRun) after = RUN (f, "vol-list");
  g_assert_null (strstr (after->out, "refused.img"));

  /* The same name again: pvmd's sentence. */
  g_autoptr (PvmTestCliRun) again = RUN (f, "create", "--name", "optioned", "--kernel", kernel);
  pvm_test_cli_assert_fails (again, 1, "A domain named 'optioned' already exists");
}

static void
test_create_a_full_virtualization_domain (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmTestCliRun) run =
    RUN (f, "--json", "create", "--name", "firmware", "--full", "--firmware", "/opt/fw.bin",
         "--payload", "/opt/u-boot.bin");

  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "mode"), ==,
                   "full");
  g_autoptr (PvmTestCliRun) xml = RUN (f, "dumpxml", "firmware");
  pvm_test_cli_assert_ok (xml);
  g_assert_nonnull (strstr (xml->out, "<loader>/opt/fw.bin</loader>"));
  g_assert_nonnull (strstr (xml->out, "<kernel>/opt/u-boot.bin</kernel>"));

  /* Without them: the firmware and payload the host names (its DefaultImages). */
  GVariant *images = pvm_host_get_default_images (f->host);
  const char *loader = NULL, *kernel = NULL;
  g_assert_nonnull (images);
  g_assert_true (g_variant_lookup (images, "full-loader", "&s", &loader));
  g_assert_true (g_variant_lookup (images, "full-kernel", "&s", &kernel));
  g_autoptr (PvmTestCliRun) hosts = RUN (f, "create", "--name", "hosts-firmware", "--full");
  pvm_test_cli_assert_ok (hosts);
  g_autoptr (PvmTestCliRun) hosts_xml = RUN (f, "dumpxml", "hosts-firmware");
  pvm_test_cli_assert_ok (hosts_xml);
  g_autofree char *loader_element = g_strdup_printf ("<loader>%s</loader>", loader);
  g_autofree char *kernel_element = g_strdup_printf ("<kernel>%s</kernel>", kernel);
  g_assert_nonnull (strstr (hosts_xml->out, loader_element));
  g_assert_nonnull (strstr (hosts_xml->out, kernel_element));
}

/* pvmd restarted in a mount namespace of its own where /usr/lib/u-boot is empty, as on a host
 * without u-boot-qemu: --full needs --payload there, and still takes the host's firmware. */
static void
test_create_full_on_a_host_without_u_boot (PvmTestPvmd *f, gconstpointer data)
{
  if (geteuid () != 0) {
    g_test_skip ("hiding U-Boot from pvmd mounts a file system: it needs root");
    return;
  }
  g_autofree char *pvmd = g_strdup (g_getenv ("PVMD"));
  g_autofree char *wrapper = g_build_filename (f->dir, "pvmd-without-u-boot", NULL);
  g_autofree char *script = g_strdup_printf (
    "#!/bin/sh\nexec unshare --mount sh -c 'mount -t tmpfs none /usr/lib/u-boot && "
    "exec \"$0\" \"$@\"' '%s' \"$@\"\n",
    pvmd);
  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
  pvm_test_pvmd_stop (f, SIGTERM);
  g_setenv ("PVMD", wrapper, TRUE);
  pvm_test_pvmd_start (f);
  g_setenv ("PVMD", pvmd, TRUE);

  const char *loader = NULL;
  GVariant *images = pvm_host_get_default_images (f->host);
  g_assert_nonnull (images);
  g_assert_false (g_variant_lookup (images, "full-kernel", "&s", NULL));
  g_assert_true (g_variant_lookup (images, "full-loader", "&s", &loader));

  g_autoptr (PvmTestCliRun) refused = RUN (f, "create", "--name", "no-u-boot", "--full");
  pvm_test_cli_assert_fails (refused, 1, "The host has no U-Boot");
  g_assert_nonnull (strstr (refused->err, "--payload"));
  g_autoptr (PvmTestCliRun) listed = RUN (f, "list", "--all", "--name");
  g_assert_null (strstr (listed->out, "no-u-boot"));

  g_autoptr (PvmTestCliRun) created =
    RUN (f, "create", "--name", "own-u-boot", "--full", "--payload", "/opt/u-boot.bin");
  pvm_test_cli_assert_ok (created);
  g_autoptr (PvmTestCliRun) xml = RUN (f, "dumpxml", "own-u-boot");
  pvm_test_cli_assert_ok (xml);
  g_autofree char *loader_element = g_strdup_printf ("<loader>%s</loader>", loader);
  g_assert_nonnull (strstr (xml->out, loader_element));
  g_assert_nonnull (strstr (xml->out, "<kernel>/opt/u-boot.bin</kernel>"));
}

static void
test_define_from_a_file_and_stdin (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *xml = pvm_test_pvmd_guest_xml (f, "filed", NULL, 128);
  g_autofree char *path = g_build_filename (f->dir, "filed.xml", NULL);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));

  g_autoptr (PvmTestCliRun) from_file = RUN (f, "define", path);
  pvm_test_cli_assert_ok (from_file);
  g_assert_true (g_str_has_prefix (from_file->out, "Domain 'filed' is defined ("));

  g_autofree char *other = pvm_test_pvmd_guest_xml (f, "piped", NULL, 64);
  g_autoptr (PvmTestCliRun) from_stdin =
    pvm_test_cli_run_full (BUS (f), NULL, other, (const char *const[]) { "define", "-", NULL });
  pvm_test_cli_assert_ok (from_stdin);

  g_autoptr (PvmTestCliRun) bad =
    pvm_test_cli_run_full (BUS (f), NULL, "<domain>", (const char *const[]) { "define", "-", NULL });
  pvm_test_cli_assert_fails (bad, 1, "not well-formed XML");

  g_autoptr (PvmTestCliRun) missing = RUN (f, "define", "/nonexistent/x.xml");
  pvm_test_cli_assert_fails (missing, 1, "/nonexistent/x.xml");
}

static void
test_dumpxml_prints_the_definition (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *uuid = create_guest (f, "dumped");

  g_autoptr (PvmTestCliRun) run = RUN (f, "dumpxml", "dumped");
  pvm_test_cli_assert_ok (run);
  g_assert_true (g_str_has_prefix (run->out, "<domain"));
  g_assert_nonnull (strstr (run->out, "<name>dumped</name>"));
  g_autofree char *uuid_element = g_strdup_printf ("<uuid>%s</uuid>", uuid);
  g_assert_nonnull (strstr (run->out, uuid_element));

  g_autoptr (PvmTestCliRun) json = RUN (f, "dumpxml", "--json", uuid);
  pvm_test_cli_assert_ok (json);
  g_autoptr (JsonNode) node = pvm_test_cli_json (json);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (node), "xml"),
                            "<name>dumped</name>"));
}

/* Writes an editor script that applies `sed @expressions[n]` on its n-th run (counting in
 * @dir/editor.count); returns its path. */
static char *
make_editor (PvmTestPvmd *f, const char *first, const char *second)
{
  g_autofree char *script = g_strdup_printf (
    "#!/bin/sh\n"
    "count=$(cat '%s/editor.count' 2>/dev/null || echo 0)\n"
    "count=$((count + 1))\n"
    "echo $count > '%s/editor.count'\n"
    "if [ $count = 1 ]; then sed -i '%s' \"$1\"; else sed -i '%s' \"$1\"; fi\n",
    f->dir, f->dir, first, second);
  char *path = g_build_filename (f->dir, "editor", NULL);

  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

static void
test_edit_defines_the_edited_xml (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *uuid = create_guest (f, "edited");
  g_autofree char *editor = make_editor (f, "s/262144/131072/", "s/x/x/");
  g_autofree char *env_editor = g_strdup_printf ("EDITOR=%s", editor);
  const char *env[] = { env_editor, NULL };

  g_autoptr (PvmTestCliRun) run =
    pvm_test_cli_run_full (BUS (f), env, NULL, (const char *const[]) { "edit", "edited", NULL });
  pvm_test_cli_assert_ok (run);
  g_autoptr (PvmTestCliRun) info = RUN (f, "info", "edited");
  g_assert_nonnull (strstr (info->out, "Memory:       128 MiB"));
}

static void
test_edit_keeps_the_old_definition_on_error (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *uuid = create_guest (f, "kept");
  g_autofree char *editor = make_editor (f, "s/<vcpu>1</<vcpu>99</", "s/<vcpu>99</<vcpu>2</");
  g_autofree char *env_editor = g_strdup_printf ("VISUAL=%s", editor);
  const char *env[] = { env_editor, NULL };

  /* Refused, and no answer to "Edit again?": the old definition stays. */
  g_autoptr (PvmTestCliRun) refused =
    pvm_test_cli_run_full (BUS (f), env, "", (const char *const[]) { "edit", "kept", NULL });
  pvm_test_cli_assert_fails (refused, 1, "<vcpu>");
  g_assert_nonnull (strstr (refused->err, "Edit again?"));
  g_assert_nonnull (strstr (refused->err, "The definition of domain 'kept' is unchanged"));
  g_autoptr (PvmTestCliRun) info = RUN (f, "--json", "info", "kept");
  g_autoptr (JsonNode) node = pvm_test_cli_json (info);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "vcpus"), ==, 1);

  /* Refused, then "y": the editor runs again on the refused text and fixes it. */
  g_autofree char *count = g_build_filename (f->dir, "editor.count", NULL);
  g_unlink (count);
  g_autoptr (PvmTestCliRun) fixed =
    pvm_test_cli_run_full (BUS (f), env, "y\n", (const char *const[]) { "edit", "kept", NULL });
  pvm_test_cli_assert_ok (fixed);
  g_assert_nonnull (strstr (fixed->err, "<vcpu>"));
  g_autoptr (PvmTestCliRun) after = RUN (f, "--json", "info", "kept");
  g_autoptr (JsonNode) after_node = pvm_test_cli_json (after);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after_node), "vcpus"), ==,
                   2);
}

static void
test_undefine_removes_the_domain (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *uuid = create_guest (f, "gone");

  g_autoptr (PvmTestCliRun) run = RUN (f, "undefine", "gone");
  pvm_test_cli_assert_ok (run);
  g_assert_cmpstr (run->out, ==, "Domain 'gone' is undefined\n");
  g_autoptr (PvmTestCliRun) names = RUN (f, "list", "--all", "--name");
  g_assert_cmpstr (names->out, ==, "");
  g_autoptr (PvmTestCliRun) again = RUN (f, "undefine", uuid);
  pvm_test_cli_assert_fails (again, 1, "No domain is named");
}

static void
test_undefine_can_remove_pool_disks (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *outside = g_build_filename (f->dir, "outside.img", NULL);
  g_assert_true (g_file_set_contents (outside, "", 0, NULL));
  g_autoptr (PvmTestCliRun) created =
    RUN (f, "create", "--name", "disked", "--kernel", "/opt/Image", "--disk-size", "4M",
         "--disk", outside);
  pvm_test_cli_assert_ok (created);

  g_autoptr (PvmTestCliRun) run = RUN (f, "undefine", "--remove-disks", "disked");
  pvm_test_cli_assert_ok (run);
  g_assert_nonnull (strstr (run->out, "Deleted its disk"));
  g_assert_nonnull (strstr (run->err, "Kept the disk"));
  g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_autoptr (PvmTestCliRun) listed = RUN (f, "vol-list");
  g_assert_null (strstr (listed->out, "disked.img"));
}

static void
test_autostart_sets_and_clears (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *uuid = create_guest (f, "auto");

  g_autoptr (PvmTestCliRun) on = RUN (f, "autostart", "auto");
  pvm_test_cli_assert_ok (on);
  g_autoptr (PvmTestCliRun) info = RUN (f, "--json", "info", "auto");
  g_autoptr (JsonNode) node = pvm_test_cli_json (info);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "autostart"));

  g_autoptr (PvmTestCliRun) off = RUN (f, "autostart", "--disable", "auto");
  pvm_test_cli_assert_ok (off);
  g_autoptr (PvmTestCliRun) after = RUN (f, "list", "--all");
  g_assert_nonnull (strstr (after->out, " no"));
}

static void
test_pvmd_refusals_exit_1_with_the_sentence (PvmTestPvmd *f, gconstpointer data)
{
  const char *xml = "<domain type='qemu'><name>nokernel</name><memory unit='MiB'>64</memory>"
                    "<os><type>linux</type><kernel>/nonexistent/Image</kernel></os></domain>";
  g_autoptr (PvmTestCliRun) defined =
    pvm_test_cli_run_full (BUS (f), NULL, xml, (const char *const[]) { "define", "-", NULL });
  pvm_test_cli_assert_ok (defined);

  g_autoptr (PvmTestCliRun) start = RUN (f, "start", "nokernel");
  pvm_test_cli_assert_fails (start, 1, "Domain 'nokernel' did not start");
  g_autoptr (PvmTestCliRun) destroy = RUN (f, "destroy", "nokernel");
  pvm_test_cli_assert_fails (destroy, 1, "Domain 'nokernel' is not running");
  g_autoptr (PvmTestCliRun) pause = RUN (f, "pause", "nokernel");
  pvm_test_cli_assert_fails (pause, 1, "Domain 'nokernel'");
  g_autoptr (PvmTestCliRun) resume = RUN (f, "resume", "nokernel");
  pvm_test_cli_assert_fails (resume, 1, "Domain 'nokernel'");
  g_autoptr (PvmTestCliRun) shutdown = RUN (f, "shutdown", "nokernel");
  pvm_test_cli_assert_fails (shutdown, 1, "Domain 'nokernel'");
  g_autoptr (PvmTestCliRun) reboot = RUN (f, "reboot", "nokernel");
  pvm_test_cli_assert_fails (reboot, 1, "Domain 'nokernel'");
  g_autoptr (PvmTestCliRun) console = RUN (f, "console", "nokernel");
  pvm_test_cli_assert_fails (console, 1, "Domain 'nokernel' is not running");
  g_autoptr (PvmTestCliRun) unrescue = RUN (f, "rescue", "--done", "nokernel");
  pvm_test_cli_assert_fails (unrescue, 1, "Domain 'nokernel'");
}

/* The bash completion, run in bash, offers the domains' names. */
static void
test_completion_offers_domain_names (PvmTestPvmd *f, gconstpointer data)
{
  g_autofree char *a = create_guest (f, "webone");
  g_autofree char *b = create_guest (f, "webtwo");
  g_autofree char *c = create_guest (f, "db");
  g_autofree char *bindir = g_path_get_dirname (pvm_test_cli_pvmctl ());
  g_autofree char *path = g_strdup_printf ("PATH=%s:%s", bindir, g_getenv ("PATH"));
  g_autofree char *script = g_strdup_printf (
    "source '%s'\n"
    "COMP_WORDS=(pvmctl start we); COMP_CWORD=2; _pvmctl; echo \"${COMPREPLY[*]}\"\n"
    "COMP_WORDS=(pvmctl vol-); COMP_CWORD=1; _pvmctl; echo \"${COMPREPLY[*]}\"\n"
    "COMP_WORDS=(pvmctl shutdown --); COMP_CWORD=2; _pvmctl; echo \"${COMPREPLY[*]}\"\n",
    g_getenv ("PVMCTL_COMPLETION"));
  const char *argv[] = { "bash", "-c", script, NULL };
  const char *bus = BUS (f);
  g_autofree char *bus_env = g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=%s", bus);
  const char *envp[] = { path, bus_env, "PVM_DEFAULT_URI=pvm:///session", NULL };
  g_autofree char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &out, NULL, &status, NULL));
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "webone webtwo");
  g_assert_cmpstr (lines[1], ==, "vol-list vol-create vol-resize vol-clone vol-delete");
  g_assert_nonnull (strstr (lines[2], "--wait"));
}

/* Rescue: a stopped domain's partitioned disk is mounted read-only and its files read on the
 * host (as root: it mounts). */
static void
test_rescue_mounts_and_releases (PvmTestPvmd *f, gconstpointer data)
{
  if (geteuid () != 0) {
    g_test_skip ("rescue mounts file systems: it needs root");
    return;
  }
  g_autofree char *disk = g_build_filename (f->dir, "rescued.img", NULL);
  g_autofree char *mke2fs = g_find_program_in_path ("mke2fs");
  g_autofree char *sfdisk = g_find_program_in_path ("sfdisk");
  if (!mke2fs || !sfdisk) {
    g_test_skip ("rescue needs mke2fs and sfdisk to make a disk (e2fsprogs, fdisk)");
    return;
  }
  /* One ext4 partition from 1 MiB, holding note.txt, made without mounting anything. */
  g_autofree char *files = g_build_filename (f->dir, "files", NULL);
  g_autofree char *note = g_build_filename (files, "note.txt", NULL);
  g_assert_cmpint (g_mkdir (files, 0755), ==, 0);
  g_assert_true (g_file_set_contents (note, "read on the host\n", -1, NULL));
  g_autofree char *part = g_build_filename (f->dir, "part.img", NULL);
  g_autofree char *script = g_strdup_printf (
    "set -e; truncate -s 32M '%s'; printf 'label: dos\\nstart=2048, size=61440, type=83\\n' | "
    "sfdisk -q '%s'; truncate -s 30M '%s'; mke2fs -q -t ext4 -d '%s' '%s'; "
    "dd if='%s' of='%s' bs=1M seek=1 conv=notrunc,sparse status=none",
    disk, disk, part, files, part, part, disk);
  const char *sh[] = { "sh", "-c", script, NULL };
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) sh, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_autoptr (PvmTestCliRun) created =
    RUN (f, "create", "--name", "rescued", "--kernel", "/opt/Image", "--disk", disk);
  pvm_test_cli_assert_ok (created);

  g_autoptr (PvmTestCliRun) rescue = RUN (f, "rescue", "rescued");
  pvm_test_cli_assert_ok (rescue);
  g_autofree char *directory = g_strstrip (g_strdup (rescue->out));
  g_assert_true (g_path_is_absolute (directory));
  g_autofree char *copy = g_build_filename (directory, "vda", "1", "note.txt", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (copy, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "read on the host\n");

  g_autoptr (PvmTestCliRun) info = RUN (f, "--json", "info", "rescued");
  g_autoptr (JsonNode) node = pvm_test_cli_json (info);
  g_assert_cmpstr (
    json_object_get_string_member (json_node_get_object (node), "rescue_directory"), ==,
    directory);
  g_autoptr (PvmTestCliRun) start = RUN (f, "start", "rescued");
  g_assert_cmpint (start->status, ==, 1);

  g_autoptr (PvmTestCliRun) done = RUN (f, "rescue", "--done", "rescued");
  pvm_test_cli_assert_ok (done);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
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
  g_test_add ("/cli/domains/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("list-shows-domains-in-a-table-by-name-and-as-json",
       test_list_shows_domains_for_people_and_scripts);
  ADD ("info-finds-a-domain-by-name-or-uuid", test_info_by_name_and_uuid);
  ADD ("create-defines-a-pv-domain-with-a-new-volume-and-a-network",
       test_create_with_options_and_a_new_volume);
  ADD ("create-defines-a-full-virtualization-domain", test_create_a_full_virtualization_domain);
  ADD ("create-full-on-a-host-without-u-boot-needs-payload-and-says-so",
       test_create_full_on_a_host_without_u_boot);
  ADD ("define-reads-a-file-or-standard-input", test_define_from_a_file_and_stdin);
  ADD ("dumpxml-prints-the-stored-definition", test_dumpxml_prints_the_definition);
  ADD ("edit-defines-what-the-editor-saved", test_edit_defines_the_edited_xml);
  ADD ("edit-keeps-the-old-definition-when-pvmd-refuses-the-new-one",
       test_edit_keeps_the_old_definition_on_error);
  ADD ("undefine-removes-the-domain", test_undefine_removes_the_domain);
  ADD ("undefine-remove-disks-deletes-pool-volumes-and-keeps-other-disks",
       test_undefine_can_remove_pool_disks);
  ADD ("autostart-sets-and-disable-clears-it", test_autostart_sets_and_clears);
  ADD ("pvmd-refusals-exit-1-with-pvmd-s-sentence", test_pvmd_refusals_exit_1_with_the_sentence);
  ADD ("the-bash-completion-offers-domain-names", test_completion_offers_domain_names);
  ADD ("rescue-prints-where-the-disk-is-mounted-and-done-releases-it",
       test_rescue_mounts_and_releases);
#undef ADD
  return g_test_run ();
}

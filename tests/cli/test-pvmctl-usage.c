/* test-pvmctl-usage.c: pvmctl without a pvmd — wrong arguments exit 2 with a usage sentence,
 * unreachable hosts exit 1 with one, `pvmctl --help`, the man page and the bash completion
 * name the same commands, and create builds the definitions it should. */
#include <string.h>

#include "cli-test.h"

static void
test_usage (const char *const *argv, const char *fragment)
{
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (NULL, NULL, NULL, argv);

  pvm_test_cli_assert_fails (run, 2, fragment);
  g_assert_null (strstr (run->out, "pvmctl")); /* usage goes to stderr */
}

#define USAGE(fragment, ...) test_usage ((const char *const[]) { __VA_ARGS__, NULL }, fragment)

static void
test_wrong_arguments_exit_2 (void)
{
  USAGE ("“frobnicate” is not a pvmctl command", "frobnicate");
  USAGE ("Give a command", "--json");
  USAGE ("start is missing its arguments", "start");
  USAGE ("Too many arguments for info", "info", "a", "b");
  USAGE ("Unknown option --bogus", "list", "--bogus");
  USAGE ("Unknown option --bogus", "--bogus", "list");
  USAGE ("vol-create is missing an argument", "vol-create", "disk.img");
  USAGE ("“12Q” is not a size", "vol-create", "disk.img", "12Q");
  USAGE ("Give --system or --session, not both", "bridge", "--system", "--session");
  USAGE ("--connect does not go with it", "bridge", "--connect", "pvm:///session");
}

static void
test_wrong_create_options_exit_2 (void)
{
  USAGE ("create needs --name", "create", "--default-guest");
  USAGE ("Give --pv or --full, not both", "create", "--name", "a", "--pv", "--full");
  USAGE ("A PV domain needs --kernel", "create", "--name", "a");
  USAGE ("--firmware and --payload are for fully virtualized", "create", "--name", "a",
         "--default-guest", "--firmware", "/x");
  USAGE ("--kernel, --initrd and --default-guest are for PV", "create", "--name", "a",
         "--full", "--kernel", "/x");
  USAGE ("--memory 1.5G is not a whole number of MiB", "create", "--name", "a",
         "--default-guest", "--memory", "1.5G");
  USAGE ("--pool goes with --disk-size", "create", "--name", "a", "--default-guest", "--pool",
         "p");
}

static void
test_a_wrong_uri_exits_2 (void)
{
  USAGE ("'qemu:///system' is not a pvm host URI", "--connect", "qemu:///system", "list");
  USAGE ("'pvm:///nowhere' is not a pvm host URI", "list", "--connect", "pvm:///nowhere");
}

static void
test_no_pvmd_exits_1 (void)
{
  g_autoptr (GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  g_test_dbus_up (bus);
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run (g_test_dbus_get_bus_address (bus), "list");
  pvm_test_cli_assert_fails (run, 1, "No pvmd is running on pvm:///session");
  g_test_dbus_down (bus);
}

static void
test_an_unreachable_host_exits_1 (void)
{
  const char *env[] = { "PVM_SSH=false", NULL };
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (
    NULL, env, NULL, (const char *const[]) { "--connect", "pvm+ssh://nowhere/session", "list",
                                             NULL });

  pvm_test_cli_assert_fails (run, 1, "Cannot reach pvmd on host 'nowhere'");
  g_assert_nonnull (strstr (run->err, "ended with status 1"));
}

static void
test_a_bridge_without_a_bus_exits_1 (void)
{
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", NULL };
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (
    NULL, env, "", (const char *const[]) { "bridge", "--session", NULL });

  pvm_test_cli_assert_fails (run, 1, "Cannot reach the session bus");
  g_assert_cmpstr (run->out, ==, ""); /* nothing for the client to misread */
}

/* ---- help, man page and completion ---- */

/* The commands `pvmctl --help` lists under "Commands:". */
static GPtrArray *
help_commands (void)
{
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run (NULL, "--help");
  g_auto (GStrv) lines = g_strsplit (run->out, "\n", -1);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean in = FALSE;

  pvm_test_cli_assert_ok (run);
  for (guint i = 0; lines[i]; i++) {
    if (strcmp (lines[i], "Commands:") == 0)
      in = TRUE;
    else if (in && !g_str_has_prefix (lines[i], "  "))
      break;
    else if (in) {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", 2);
      g_ptr_array_add (names, g_strdup (words[0]));
    }
  }
  return names;
}

/* The commands the man page describes: each ".B name" that opens an entry (".TP") of the
 * COMMANDS section. */
static GPtrArray *
man_commands (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean in = FALSE;

  g_assert_true (g_file_get_contents (g_getenv ("PVMCTL_MAN"), &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (g_str_has_prefix (lines[i], ".SH "))
      in = strcmp (lines[i], ".SH COMMANDS") == 0;
    else if (in && strcmp (lines[i], ".TP") == 0 && lines[i + 1] &&
             g_str_has_prefix (lines[i + 1], ".B ")) {
      g_auto (GStrv) words = g_strsplit (lines[i + 1] + 3, " ", 2);
      g_autofree char *name = g_strdup (words[0]);
      /* troff writes "-" as "\-" */
      g_autoptr (GString) plain = g_string_new (name);
      g_string_replace (plain, "\\-", "-", 0);
      g_ptr_array_add (names, g_strdup (plain->str));
    }
  }
  return names;
}

/* The commands the bash completion offers. */
static GPtrArray *
completion_commands (void)
{
  g_autofree char *text = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_get_contents (g_getenv ("PVMCTL_COMPLETION"), &text, NULL, NULL));
  const char *marker = "_pvmctl_commands=\"";
  const char *start = strstr (text, marker);
  g_assert_nonnull (start);
  start += strlen (marker);
  const char *end = strchr (start, '"');
  g_assert_nonnull (end);
  g_autofree char *list = g_strndup (start, (gsize) (end - start));
  g_auto (GStrv) words = g_strsplit_set (list, " \n", -1);
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_ptr_array_add (names, g_strdup (words[i]));
  return names;
}

static void
assert_same_names (GPtrArray *a, const char *a_name, GPtrArray *b, const char *b_name)
{
  for (guint i = 0; i < a->len; i++)
    if (!g_ptr_array_find_with_equal_func (b, a->pdata[i], g_str_equal, NULL))
      g_test_message ("%s lists %s, %s does not", a_name, (char *) a->pdata[i], b_name);
  for (guint i = 0; i < b->len; i++)
    if (!g_ptr_array_find_with_equal_func (a, b->pdata[i], g_str_equal, NULL))
      g_test_message ("%s lists %s, %s does not", b_name, (char *) b->pdata[i], a_name);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]); /* the same, in the same order */
}

static void
test_help_and_man_page_agree (void)
{
  g_autoptr (GPtrArray) help = help_commands ();
  g_autoptr (GPtrArray) man = man_commands ();

  g_assert_cmpuint (help->len, ==, 28);
  assert_same_names (help, "pvmctl --help", man, "pvmctl.1");
}

static void
test_completion_knows_every_command (void)
{
  g_autoptr (GPtrArray) help = help_commands ();
  g_autoptr (GPtrArray) completion = completion_commands ();

  assert_same_names (help, "pvmctl --help", completion, "the bash completion");
}

static void
test_every_command_has_help (void)
{
  g_autoptr (GPtrArray) help = help_commands ();

  for (guint i = 0; i < help->len; i++) {
    g_autoptr (PvmTestCliRun) run = pvm_test_cli_run (NULL, help->pdata[i], "--help");
    g_autofree char *usage = g_strdup_printf ("pvmctl %s", (char *) help->pdata[i]);
    pvm_test_cli_assert_ok (run);
    g_assert_nonnull (strstr (run->out, usage));
    g_assert_nonnull (strstr (run->out, "--connect"));
  }
}

/* ---- definitions ---- */

static void
test_create_prints_a_pv_definition (void)
{
  g_autoptr (PvmTestCliRun) run =
    pvm_test_cli_run (NULL, "create", "--name", "web1", "--kernel", "/boot/Image", "--initrd",
                      "/boot/initrd", "--cmdline", "console=ttyS0 ro", "--memory", "1G",
                      "--vcpus", "2", "--disk", "/var/a.img", "--disk", "/dev/vg0/b",
                      "--network", "default", "--print-xml");

  pvm_test_cli_assert_ok (run);
  const char *expected[] = {
    "<domain type=\"qemu\">", "<name>web1</name>", "<memory unit=\"KiB\">1048576</memory>",
    "<vcpu>2</vcpu>", "<type>linux</type>", "<kernel>/boot/Image</kernel>",
    "<initrd>/boot/initrd</initrd>", "<cmdline>console=ttyS0 ro</cmdline>",
    "<disk type=\"file\" device=\"disk\">", "<source file=\"/var/a.img\"/>",
    "<target bus=\"virtio\" dev=\"vda\"/>", "<disk type=\"block\" device=\"disk\">",
    "<source dev=\"/dev/vg0/b\"/>", "<target bus=\"virtio\" dev=\"vdb\"/>",
    "<interface type=\"network\">", "<source network=\"default\"/>",
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (strstr (run->out, expected[i]));
}

static void
test_create_prints_a_full_definition (void)
{
  g_autoptr (PvmTestCliRun) run =
    pvm_test_cli_run (NULL, "create", "--name", "fv", "--full", "--print-xml");

  pvm_test_cli_assert_ok (run);
  g_assert_nonnull (strstr (run->out, "<type arch=\"riscv64\" machine=\"virt\">hvm</type>"));
  g_assert_nonnull (strstr (run->out, "opensbi/generic/fw_dynamic.bin</loader>"));
  g_assert_nonnull (strstr (run->out, "qemu-riscv64_smode/u-boot.bin</kernel>"));
  g_assert_nonnull (strstr (run->out, "<memory unit=\"KiB\">262144</memory>"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/usage/wrong-arguments-exit-2-with-a-usage-sentence",
                   test_wrong_arguments_exit_2);
  g_test_add_func ("/cli/usage/wrong-create-options-exit-2-with-a-usage-sentence",
                   test_wrong_create_options_exit_2);
  g_test_add_func ("/cli/usage/a-wrong-host-uri-exits-2", test_a_wrong_uri_exits_2);
  g_test_add_func ("/cli/usage/a-bus-without-pvmd-exits-1-saying-so", test_no_pvmd_exits_1);
  g_test_add_func ("/cli/usage/an-unreachable-host-exits-1-saying-so",
                   test_an_unreachable_host_exits_1);
  g_test_add_func ("/cli/usage/a-bridge-without-its-bus-exits-1-saying-so",
                   test_a_bridge_without_a_bus_exits_1);
  g_test_add_func ("/cli/usage/help-and-the-man-page-list-the-same-commands",
                   test_help_and_man_page_agree);
  g_test_add_func ("/cli/usage/the-completion-offers-every-command",
                   test_completion_knows_every_command);
  g_test_add_func ("/cli/usage/every-command-has-its-own-help", test_every_command_has_help);
  g_test_add_func ("/cli/usage/create-builds-a-pv-definition-from-options",
                   test_create_prints_a_pv_definition);
  g_test_add_func ("/cli/usage/create-builds-a-full-virtualization-definition",
                   test_create_prints_a_full_definition);
  return g_test_run ();
}

/* test-lvm.c: what pvmd says to the lvm2 tools — the exact argument vectors — and how it
 * reads their JSON reports: samples written from lvmreport(7)'s format (two volumes, an empty
 * volume group, names with dashes, a thin pool without a device path, malformed reports), and
 * a real `vgs` report of a volume group made on a loop device when the test runs as root. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "hv/helper/lvm.h"
#include "hv/helper/pool-volume.h"

static void
assert_argv (char **argv, const char *const *expected)
{
  g_autofree char *got = g_strjoinv ("|", argv);
  g_autofree char *want = g_strjoinv ("|", (char **) expected);

  g_assert_cmpstr (got, ==, want);
  g_strfreev (argv);
}

static void
test_argv (void)
{
  const char *const lvcreate[] = { "lvcreate", "--yes", "--wipesignatures", "y", "--zero", "y",
                                   "-n", "web-1", "-L", "1073741824b", "vg-data", NULL };
  const char *const lvextend[] = { "lvextend", "-L", "2147483648b", "vg-data/web-1", NULL };
  const char *const lvremove[] = { "lvremove", "-y", "vg-data/web-1", NULL };
  const char *const lvrename[] = { "lvrename", "vg-data", ".pvm-partial-web-2", "web-2", NULL };
  const char *const lvs[] = { "lvs", "--reportformat", "json", "--units", "b", "--nosuffix",
                              "-o", "lv_name,lv_path,lv_size", "vg-data", NULL };
  const char *const vgs[] = { "vgs", "--reportformat", "json", "--units", "b", "--nosuffix",
                              "-o", "vg_name,vg_size,vg_free", "vg-data", NULL };

  assert_argv (pvm_lvm_argv_lvcreate ("vg-data", "web-1", 1073741824), lvcreate);
  assert_argv (pvm_lvm_argv_lvextend ("vg-data", "web-1", 2147483648u), lvextend);
  assert_argv (pvm_lvm_argv_lvremove ("vg-data", "web-1"), lvremove);
  assert_argv (pvm_lvm_argv_lvrename ("vg-data", ".pvm-partial-web-2", "web-2"), lvrename);
  assert_argv (pvm_lvm_argv_lvs ("vg-data"), lvs);
  assert_argv (pvm_lvm_argv_vgs ("vg-data"), vgs);
}

static const char lvs_two[] =
  "  {\n"
  "      \"report\": [\n"
  "          {\n"
  "              \"lv\": [\n"
  "                  {\"lv_name\":\"web2\", \"lv_path\":\"/dev/vg0/web2\", "
  "\"lv_size\":\"4294967296\"},\n"
  "                  {\"lv_name\":\"db\", \"lv_path\":\"/dev/vg0/db\", "
  "\"lv_size\":\"1073741824\"}\n"
  "              ]\n"
  "          }\n"
  "      ]\n"
  "  }\n";

static void
test_lvs_lists_volumes_sorted (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = pvm_lvm_parse_lvs (lvs_two, &error);
  PvmPoolVolume *v;

  g_assert_no_error (error);
  g_assert_cmpuint (volumes->len, ==, 2);
  v = volumes->pdata[0];
  g_assert_cmpstr (v->name, ==, "db");
  g_assert_cmpstr (v->path, ==, "/dev/vg0/db");
  g_assert_cmpuint (v->capacity, ==, 1073741824);
  g_assert_cmpuint (v->allocation, ==, 1073741824);
  v = volumes->pdata[1];
  g_assert_cmpstr (v->name, ==, "web2");
  g_assert_cmpuint (v->capacity, ==, G_GUINT64_CONSTANT (4294967296));
}

static void
test_lvs_of_an_empty_vg (void)
{
  const char *json = "{\"report\": [{\"lv\": []}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = pvm_lvm_parse_lvs (json, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (volumes->len, ==, 0);
}

static void
test_lvs_with_dashes_and_a_thin_pool (void)
{
  /* The device-mapper name doubles the dashes (vg--data-web--1); lv_path does not. A thin
   * pool has no device of its own: its lv_path is empty. */
  const char *json =
    "{\"report\": [{\"lv\": ["
    "{\"lv_name\":\"web-1\", \"lv_path\":\"/dev/vg-data/web-1\", \"lv_size\":\"8388608\"},"
    "{\"lv_name\":\"pool0\", \"lv_path\":\"\", \"lv_size\":\"104857600\"},"
    "{\"lv_name\":\"a-b-c\", \"lv_path\":\"/dev/vg-data/a-b-c\", \"lv_size\":\"4194304\"}"
    "]}], \"log\": []}";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = pvm_lvm_parse_lvs (json, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (volumes->len, ==, 2);
  g_assert_cmpstr (((PvmPoolVolume *) volumes->pdata[0])->name, ==, "a-b-c");
  g_assert_cmpstr (((PvmPoolVolume *) volumes->pdata[1])->path, ==, "/dev/vg-data/web-1");
}

static void
assert_unreadable (const char *json, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = pvm_lvm_parse_lvs (json, &error);

  g_assert_null (volumes);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "lvs printed a report pvm cannot read: "));
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_malformed_lvs_reports_are_refused (void)
{
  assert_unreadable ("  Volume group \"vg0\" not found", "");
  assert_unreadable ("{\"report\": [{\"lv\": [", "");
  assert_unreadable ("[]", "not a JSON object");
  assert_unreadable ("{\"reports\": []}", "no “report” array");
  assert_unreadable ("{\"report\": []}", "no “report” array");
  assert_unreadable ("{\"report\": [{\"vg\": []}]}", "no “lv” array");
  assert_unreadable ("{\"report\": [{\"lv\": [{\"lv_name\":\"a\", \"lv_path\":\"/dev/v/a\"}]}]}",
                     "row 1 has no string “lv_size”");
  assert_unreadable ("{\"report\": [{\"lv\": [{\"lv_name\":\"a\", \"lv_path\":\"/dev/v/a\", "
                     "\"lv_size\":\"4.00m\"}]}]}",
                     "“lv_size” in row 1 is “4.00m”, not a number of bytes");
  assert_unreadable ("{\"report\": [{\"lv\": [{\"lv_name\":7, \"lv_path\":\"/dev/v/a\", "
                     "\"lv_size\":\"1\"}]}]}", "row 1 has no string “lv_name”");
  assert_unreadable ("{\"report\": [{\"lv\": [\"a\"]}]}", "row 1 has no string “lv_name”");
}

static void
test_vgs_gives_size_and_free (void)
{
  const char *json =
    "{\"report\": [{\"vg\": ["
    "{\"vg_name\":\"other\", \"vg_size\":\"1\", \"vg_free\":\"1\"},"
    "{\"vg_name\":\"vg-data\", \"vg_size\":\"62914560\", \"vg_free\":\"54525952\"}"
    "]}]}";
  g_autoptr (GError) error = NULL;
  guint64 size = 0, free_bytes = 0;

  g_assert_true (pvm_lvm_parse_vgs (json, "vg-data", &size, &free_bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, 62914560);
  g_assert_cmpuint (free_bytes, ==, 54525952);

  g_assert_false (pvm_lvm_parse_vgs (json, "vg0", &size, &free_bytes, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Volume group 'vg0' is not found");
  g_clear_error (&error);

  g_assert_false (pvm_lvm_parse_vgs ("{\"report\": [{\"vg\": [{\"vg_name\":\"vg0\", "
                                     "\"vg_size\":\"-5\", \"vg_free\":\"0\"}]}]}",
                                     "vg0", &size, &free_bytes, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "vgs printed a report pvm cannot read"));
}

static void
test_names (void)
{
  g_autoptr (GError) error = NULL;
  char long_name[129];

  g_assert_true (pvm_lvm_check_vg_name ("vg0", NULL));
  g_assert_true (pvm_lvm_check_vg_name ("vg_data-1.x+y", NULL));
  memset (long_name, 'v', 127);
  long_name[127] = '\0';
  g_assert_true (pvm_lvm_check_vg_name (long_name, NULL));
  long_name[127] = 'v';
  long_name[128] = '\0';
  g_assert_false (pvm_lvm_check_vg_name (long_name, NULL));
  g_assert_false (pvm_lvm_check_vg_name ("", NULL));
  g_assert_false (pvm_lvm_check_vg_name ("-vg", NULL));
  g_assert_false (pvm_lvm_check_vg_name ("..", NULL));
  g_assert_false (pvm_lvm_check_vg_name ("vg/0", &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“vg/0” cannot name a volume group"));
  g_clear_error (&error);

  g_assert_true (pvm_lvm_check_lv_name ("vg0", "web1", NULL));
  g_assert_false (pvm_lvm_check_lv_name ("vg0", "snapshot", NULL));
  g_assert_true (pvm_lvm_check_lv_name ("vg0", "web_1", NULL));
  g_assert_false (pvm_lvm_check_lv_name ("vg0", "x_tdata", NULL));
  g_assert_false (pvm_lvm_check_lv_name ("vg0", "a_rimage_0", NULL));
  g_assert_false (pvm_lvm_check_lv_name ("vg0", "pvmove", &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "volume group 'vg0'"));
}

static void
test_error_sentence (void)
{
  g_autofree char *a = pvm_lvm_error_sentence (
    "lvcreate", "  WARNING: something\n  Volume group \"vg0\" has insufficient free space "
    "(2 extents): 256 required.\n\n");
  g_autofree char *b = pvm_lvm_error_sentence ("lvremove", "");
  g_autofree char *c = pvm_lvm_error_sentence ("vgs", NULL);
  /* As lvcreate and vgs print them on a kernel without device-mapper, or a missing group. */
  g_autofree char *d = pvm_lvm_error_sentence (
    "lvcreate", "  /dev/mapper/control: open failed: No such device\n"
    "  striped: Required device-mapper target(s) not detected in your kernel.\n"
    "  Run `lvcreate --help' for more information.\n");
  g_autofree char *e = pvm_lvm_error_sentence (
    "vgs", "  Volume group \"vg9\" not found\n  Cannot process volume group vg9\n");
  g_autofree char *only = pvm_lvm_error_sentence ("vgs", "  Cannot process volume group vg9\n");

  g_assert_cmpstr (a, ==, "lvcreate: Volume group \"vg0\" has insufficient free space "
                          "(2 extents): 256 required.");
  g_assert_cmpstr (b, ==, "lvremove failed");
  g_assert_cmpstr (c, ==, "vgs failed");
  g_assert_cmpstr (d, ==, "lvcreate: striped: Required device-mapper target(s) not detected in "
                          "your kernel.");
  g_assert_cmpstr (e, ==, "vgs: Volume group \"vg9\" not found");
  g_assert_cmpstr (only, ==, "vgs: Cannot process volume group vg9");
}

/* ---- a real volume group on a loop device ---- */

/* Runs @argv; returns its stdout, or NULL (logging stderr) if it failed. */
static char *
run (const char *const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_subprocess_launcher_setenv (launcher, "LVM_SUPPRESS_FD_WARNINGS", "1", TRUE);
  g_autoptr (GSubprocess) process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (!process || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error)) {
    g_test_message ("%s: %s", argv[0], error->message);
    return NULL;
  }
  if (!g_subprocess_get_successful (process)) {
    g_test_message ("%s failed: %s", argv[0], err);
    return NULL;
  }
  return g_steal_pointer (&out);
}

static void
test_real_vgs_report (void)
{
  static const char *const tools[] = { "losetup", "pvcreate", "vgcreate", "vgs", "vgremove" };
  g_autofree char *vg = g_strdup_printf ("pvm-test-%d", (int) getpid ());
  g_autofree char *file = NULL;
  g_autofree char *loop = NULL;
  g_autoptr (GError) error = NULL;

  if (geteuid () != 0) {
    g_test_skip ("Making a volume group on a loop device needs root; this test is not root");
    return;
  }
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++) {
    g_autofree char *path = g_find_program_in_path (tools[i]);
    if (!path) {
      g_autofree char *why = g_strdup_printf ("%s is not installed (tools/install-deps "
                                              "installs lvm2)", tools[i]);
      g_test_skip (why);
      return;
    }
  }
  int fd = g_file_open_tmp ("pvm-lvm-XXXXXX.img", &file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, 64 << 20), ==, 0);
  close (fd);
  const char *losetup[] = { "losetup", "--find", "--show", file, NULL };
  loop = run (losetup);
  if (!loop) {
    g_unlink (file);
    g_test_skip ("No loop device could be attached (losetup --find failed)");
    return;
  }
  g_strstrip (loop);

  const char *pvcreate[] = { "pvcreate", "--yes", loop, NULL };
  const char *vgcreate[] = { "vgcreate", "--yes", vg, loop, NULL };
  g_autofree char *pv_out = run (pvcreate);
  g_autofree char *vg_out = pv_out ? run (vgcreate) : NULL;
  g_auto (GStrv) vgs = pvm_lvm_argv_vgs (vg);
  g_auto (GStrv) lvs = pvm_lvm_argv_lvs (vg);
  g_autofree char *vgs_out = vg_out ? run ((const char *const *) vgs) : NULL;
  g_autofree char *lvs_out = vg_out ? run ((const char *const *) lvs) : NULL;

  /* Cleaned up before asserting, so that a failure leaves nothing behind. */
  const char *vgremove[] = { "vgremove", "--yes", vg, NULL };
  const char *pvremove[] = { "pvremove", "--yes", loop, NULL };
  const char *detach[] = { "losetup", "--detach", loop, NULL };
  g_free (vg_out ? run (vgremove) : NULL);
  g_free (pv_out ? run (pvremove) : NULL);
  g_free (run (detach));
  g_unlink (file);

  g_assert_nonnull (pv_out);
  g_assert_nonnull (vg_out);
  g_assert_nonnull (vgs_out);
  g_test_message ("vgs: %s", vgs_out);
  guint64 size = 0, free_bytes = 0;
  g_assert_true (pvm_lvm_parse_vgs (vgs_out, vg, &size, &free_bytes, &error));
  g_assert_no_error (error);
  /* 64 MiB less the metadata area, in whole 4 MiB extents; nothing allocated yet. */
  g_assert_cmpuint (size, >=, 56 << 20);
  g_assert_cmpuint (size, <=, 64 << 20);
  g_assert_cmpuint (size % (4 << 20), ==, 0);
  g_assert_cmpuint (free_bytes, ==, size);

  g_assert_nonnull (lvs_out);
  g_autoptr (GPtrArray) volumes = pvm_lvm_parse_lvs (lvs_out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (volumes->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/helper/lvm/argv/each-tool-gets-the-exact-non-interactive-arguments",
                   test_argv);
  g_test_add_func ("/helper/lvm/lvs/a-report-of-two-volumes-gives-them-sorted-in-bytes",
                   test_lvs_lists_volumes_sorted);
  g_test_add_func ("/helper/lvm/lvs/an-empty-volume-group-gives-no-volumes",
                   test_lvs_of_an_empty_vg);
  g_test_add_func ("/helper/lvm/lvs/names-with-dashes-stay-and-a-thin-pool-is-left-out",
                   test_lvs_with_dashes_and_a_thin_pool);
  g_test_add_func ("/helper/lvm/lvs/a-malformed-report-is-refused-with-a-sentence",
                   test_malformed_lvs_reports_are_refused);
  g_test_add_func ("/helper/lvm/vgs/a-report-gives-the-size-and-free-space-of-the-group",
                   test_vgs_gives_size_and_free);
  g_test_add_func ("/helper/lvm/names/volume-group-and-reserved-volume-names-are-checked",
                   test_names);
  g_test_add_func ("/helper/lvm/errors/a-tool-failure-becomes-its-reason-line",
                   test_error_sentence);
  g_test_add_func ("/helper/lvm/vgs/a-real-report-of-a-loop-device-group-is-read",
                   test_real_vgs_report);
  return g_test_run ();
}

/* test-pool-config.c: storage pool definitions — the two kinds read and written back, every
 * refusal naming its element, the stored files valid for libvirt's schema — and the rules for
 * volume names, volume sizes and pool object paths. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/pvm-error.h"
#include "helper-test.h"
#include "hv/helper/pool-config.h"
#include "hv/helper/pool-manager.h"
#include "hv/helper/xml-store.h"
#include "hv/helper/pool-volume.h"

static void
test_a_dir_pool_is_read (void)
{
  const char *xml = "<pool type='dir'><name>default</name>"
                    "<target><path>/var/lib/pvm/images</path></target></pool>";
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmPoolConfig) config = pvm_pool_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pvm_pool_config_get_name (config), ==, "default");
  g_assert_cmpint (pvm_pool_config_get_pool_type (config), ==, PVM_POOL_TYPE_DIR);
  g_assert_cmpstr (pvm_pool_config_get_target (config), ==, "/var/lib/pvm/images");
  g_assert_null (pvm_pool_config_get_vg (config));

  g_autofree char *out = pvm_pool_config_to_xml (config);
  g_autoptr (PvmPoolConfig) again = pvm_pool_config_new_from_xml (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pvm_pool_config_get_target (again), ==, "/var/lib/pvm/images");
}

static void
test_a_logical_pool_gets_its_target (void)
{
  const char *xml = "<pool type='logical'><name>vg_data</name>"
                    "<source><name>vg_data</name></source></pool>";
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmPoolConfig) config = pvm_pool_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  g_assert_cmpint (pvm_pool_config_get_pool_type (config), ==, PVM_POOL_TYPE_LOGICAL);
  g_assert_cmpstr (pvm_pool_config_get_vg (config), ==, "vg_data");
  g_assert_cmpstr (pvm_pool_config_get_target (config), ==, "/dev/vg_data");
  g_autofree char *out = pvm_pool_config_to_xml (config);
  g_assert_nonnull (strstr (out, "<path>/dev/vg_data</path>"));
  g_assert_nonnull (strstr (out, "<source>"));
}

static void
assert_refused (const char *xml, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmPoolConfig) config = pvm_pool_config_new_from_xml (xml, &error);

  g_assert_null (config);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_bad_definitions_are_refused_naming_the_element (void)
{
  assert_refused ("<pool type='dir'><name>x</name>", "not well-formed XML");
  assert_refused ("<domain><name>x</name></domain>", "must be a <pool> element, not <domain>");
  assert_refused ("<pool><name>x</name><target><path>/a</path></target></pool>",
                  "<pool> has no type");
  assert_refused ("<pool type='rbd'><name>x</name><target><path>/a</path></target></pool>",
                  "<pool type=\"rbd\"> is not a kind pvm knows");
  assert_refused ("<pool type='dir'><target><path>/a</path></target></pool>",
                  "<name> is missing");
  assert_refused ("<pool type='dir'><name>a/b</name><target><path>/a</path></target></pool>",
                  "<name> must be 1 to 64 characters");
  assert_refused ("<pool type='dir'><name>.hidden</name><target><path>/a</path></target></pool>",
                  "<name> must be");
  assert_refused ("<pool type='dir'><name>a</name><name>b</name>"
                  "<target><path>/a</path></target></pool>",
                  "<name> appears more than once in <pool>");
  assert_refused ("<pool type='dir'><name>x</name></pool>", "<target><path> is missing");
  assert_refused ("<pool type='dir'><name>x</name><target><path>images</path></target></pool>",
                  "<target><path> must be an absolute path");
  assert_refused ("<pool type='dir'><name>x</name><target><path>/a/../b</path></target></pool>",
                  "<target><path> must be a plain absolute directory");
  assert_refused ("<pool type='dir'><name>x</name><target><path>/</path></target></pool>",
                  "<target><path> must be a plain absolute directory");
  assert_refused ("<pool type='dir'><name>x</name><source><device path='/dev/sda'/></source>"
                  "<target><path>/a</path></target></pool>",
                  "<source><device> has no meaning in a directory pool");
  assert_refused ("<pool type='logical'><name>x</name><target><path>/dev/x</path></target>"
                  "</pool>", "<source><name> is missing");
  assert_refused ("<pool type='logical'><name>x</name><source><name>-vg</name></source></pool>",
                  "<source><name>: “-vg” cannot name a volume group");
  assert_refused ("<pool type='logical'><name>x</name><source><name>vg0</name></source>"
                  "<target><path>/srv/vg0</path></target></pool>",
                  "<target><path> of a logical pool is where its volume group's devices "
                  "appear, /dev/vg0");
}

typedef struct {
  char *dir;
  PvmXmlStore *store;
} StoreFixture;

static void
store_set_up (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("pvm-pools-XXXXXX", &error);

  g_assert_no_error (error);
  f->dir = g_build_filename (tmp, "pools", NULL);
  f->store = pvm_xml_store_new (f->dir, &pvm_xml_store_pools, &error);
  g_assert_no_error (error);
}

static void
store_tear_down (StoreFixture *f, gconstpointer data)
{
  g_autofree char *tmp = g_path_get_dirname (f->dir);
  const char *argv[] = { "rm", "-rf", tmp, NULL };
  const GPtrArray *warnings = data;

  g_assert_cmpuint (warnings->len, ==, 0);
  pvm_xml_store_free (f->store);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
}

/* Fails unless `virt-xml-validate @path storagepool` accepts the file. */
static void
assert_valid_pool_xml (const char *path)
{
  const char *argv[] = { "virt-xml-validate", path, "storagepool", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_autofree char *text = NULL;
    g_file_get_contents (path, &text, NULL, NULL);
    g_test_message ("virt-xml-validate refused %s:\n%s%s\n%s", path, out, err, text);
    g_test_fail ();
  }
}

/* Keeps the warnings in @data (a GPtrArray of strings) instead of aborting on them. */
static GLogWriterOutput
capture_warnings (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (!(level & G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, NULL);
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      g_ptr_array_add (data, g_strdup (fields[i].value));
  return G_LOG_WRITER_HANDLED;
}

static void
test_stored_pools_are_valid_and_read_back (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmPoolConfig) dir = pvm_pool_config_new_dir ("default", "/srv/images", &error);
  g_assert_no_error (error);
  g_autoptr (PvmPoolConfig) logical = pvm_pool_config_new_from_xml (
    "<pool type='logical'><name>fast</name><source><name>vg-fast</name></source></pool>",
    &error);
  g_assert_no_error (error);

  g_assert_true (pvm_xml_store_save (f->store, dir, &error));
  g_assert_true (pvm_xml_store_save (f->store, logical, &error));
  g_assert_no_error (error);
  g_autofree char *dir_file = g_build_filename (f->dir, "default.xml", NULL);
  g_autofree char *logical_file = g_build_filename (f->dir, "fast.xml", NULL);
  g_assert_true (g_file_test (dir_file, G_FILE_TEST_IS_REGULAR));
  if (pvm_helper_test_have_validator ()) {
    assert_valid_pool_xml (dir_file);
    assert_valid_pool_xml (logical_file);
  }

  /* A file that is not a pool, and one under another pool's name, are left alone. */
  g_autofree char *junk = g_build_filename (f->dir, "junk.xml", NULL);
  g_autofree char *renamed = g_build_filename (f->dir, "other.xml", NULL);
  g_autofree char *text = pvm_pool_config_to_xml (dir);
  g_assert_true (g_file_set_contents (junk, "<pool", -1, NULL));
  g_assert_true (g_file_set_contents (renamed, text, -1, NULL));
  GPtrArray *warnings = (GPtrArray *) data;
  g_ptr_array_set_size (warnings, 0);
  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (f->store);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_true (g_pattern_match_simple ("*junk.xml*not well-formed*", warnings->pdata[0]));
  g_assert_true (g_pattern_match_simple ("*other.xml: it holds the pool 'default'",
                                         warnings->pdata[1]));
  g_ptr_array_set_size (warnings, 0);
  g_assert_cmpuint (configs->len, ==, 2);
  g_assert_cmpstr (pvm_pool_config_get_name (configs->pdata[0]), ==, "default");
  g_assert_cmpstr (pvm_pool_config_get_target (configs->pdata[0]), ==, "/srv/images");
  g_assert_cmpstr (pvm_pool_config_get_vg (configs->pdata[1]), ==, "vg-fast");

  g_assert_true (pvm_xml_store_remove (f->store, "fast", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (logical_file, G_FILE_TEST_EXISTS));
}

static void
test_volume_names (void)
{
  static const char *const good[] = { "a", "web1.img", "disk-2", "a+b", "A.b-c+d", "a_b" };
  static const char *const bad[] = { "", ".img", "-x", "a/b", "a b", "é", "a\nb" };
  g_autofree char *longest = g_strnfill (64, 'x');
  g_autofree char *too_long = g_strnfill (65, 'x');
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (pvm_pool_volume_check_name ("default", good[i], NULL));
  g_assert_true (pvm_pool_volume_check_name ("default", longest, NULL));
  for (guint i = 0; i <= G_N_ELEMENTS (bad); i++) {
    const char *name = i < G_N_ELEMENTS (bad) ? bad[i] : too_long;
    g_assert_false (pvm_pool_volume_check_name ("default", name, &error));
    g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "cannot name a volume in pool 'default'"));
    g_clear_error (&error);
  }
}

static void
test_volume_sizes (void)
{
  g_autoptr (GError) error = NULL;
  guint64 rounded = 0;

  g_assert_true (pvm_pool_volume_round_capacity ("v", 1, &rounded, NULL));
  g_assert_cmpuint (rounded, ==, 1 << 20);
  g_assert_true (pvm_pool_volume_round_capacity ("v", 1 << 20, &rounded, NULL));
  g_assert_cmpuint (rounded, ==, 1 << 20);
  g_assert_true (pvm_pool_volume_round_capacity ("v", (1 << 20) + 1, &rounded, NULL));
  g_assert_cmpuint (rounded, ==, 2 << 20);
  g_assert_false (pvm_pool_volume_round_capacity ("v", 0, &rounded, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Volume 'v' cannot have 0 bytes"));
  g_clear_error (&error);
  g_assert_false (pvm_pool_volume_round_capacity ("v", G_MAXUINT64, &rounded, &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
}

static void
test_object_paths (void)
{
  g_autofree char *plain = pvm_pool_manager_object_path ("default");
  g_autofree char *escaped = pvm_pool_manager_object_path ("vg_data-1.x+");

  g_assert_cmpstr (plain, ==, "/org/pvm/Hypervisor1/pool/default");
  g_assert_cmpstr (escaped, ==, "/org/pvm/Hypervisor1/pool/vg_5fdata_2d1_2ex_2b");
  g_assert_true (g_variant_is_object_path (escaped));
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_warnings, warnings, NULL);

  g_test_add_func ("/helper/pool-config/a-directory-pool-is-read-and-written-back",
                   test_a_dir_pool_is_read);
  g_test_add_func ("/helper/pool-config/a-logical-pool-without-target-gets-its-dev-directory",
                   test_a_logical_pool_gets_its_target);
  g_test_add_func ("/helper/pool-config/bad-definitions-are-refused-naming-the-element",
                   test_bad_definitions_are_refused_naming_the_element);
  g_test_add ("/helper/pool-config/stored-pools-pass-virt-xml-validate-and-are-read-back",
              StoreFixture, warnings, store_set_up, test_stored_pools_are_valid_and_read_back,
              store_tear_down);
  g_test_add_func ("/helper/pool-config/volume-names-follow-the-documented-rule",
                   test_volume_names);
  g_test_add_func ("/helper/pool-config/volume-sizes-round-up-to-whole-mib", test_volume_sizes);
  g_test_add_func ("/helper/pool-config/object-paths-escape-all-but-letters-and-digits",
                   test_object_paths);
  return g_test_run ();
}

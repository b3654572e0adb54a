/* test-domain-store.c: one file per definition, written atomically, read back, and what is
 * not a definition left alone with a warning. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/pvm-domain-config.h"
#include "helper-test.h"
#include "hv/helper/domain-store.h"

#define UUID_A "0b3c6a52-2bd0-4f5c-9c43-6a0d3b1e2f11"
#define UUID_B "7d5e1c00-93a4-4a36-8d7e-3f2b6c1a9e42"

typedef struct {
  char *tmp;
  char *dir; /* the store's directory, below tmp, not created yet */
  PvmXmlStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->tmp = g_dir_make_tmp ("pvm-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->tmp, "pvm", "domains", NULL);
  f->store = pvm_xml_store_new (f->dir, &pvm_xml_store_domains, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *argv[] = { "rm", "-rf", f->tmp, NULL };
  const GPtrArray *warnings = data;

  g_assert_cmpuint (warnings->len, ==, 0);

  pvm_xml_store_free (f->store);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
  g_free (f->tmp);
}

static PvmDomainConfig *
make_config (const char *name, const char *uuid, guint64 memory_mib)
{
  const PvmDomainSpec spec = {
    .name = name, .uuid = uuid, .mode = PVM_DOMAIN_MODE_PV, .memory_mib = memory_mib,
    .vcpus = 1, .kernel = "/guest/Image", .cmdline = "console=ttyS0",
  };
  g_autoptr (GError) error = NULL;
  PvmDomainConfig *config = pvm_domain_config_new (&spec, &error);

  g_assert_no_error (error);
  return config;
}

/* Returns the names in the store's directory, sorted, NULL-terminated. */
static GStrv
list_dir (Fixture *f)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
test_new_creates_a_private_directory (Fixture *f, gconstpointer data)
{
  struct stat st;

  g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpstr (pvm_xml_store_get_dir (f->store), ==, f->dir);
}

static void
test_save_writes_one_file_named_after_the_uuid (Fixture *f, gconstpointer data)
{
  g_autoptr (PvmDomainConfig) config = make_config ("web1", UUID_A, 256);
  g_autoptr (GError) error = NULL;
  struct stat st;

  g_assert_true (pvm_xml_store_save (f->store, config, &error));
  g_assert_no_error (error);

  g_auto (GStrv) names = list_dir (f);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, UUID_A ".xml");

  g_autofree char *path = g_build_filename (f->dir, names[0], NULL);
  g_autofree char *text = NULL;
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, xml);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_save_replaces_the_file_and_leaves_no_temporary (Fixture *f, gconstpointer data)
{
  g_autoptr (PvmDomainConfig) before = make_config ("web1", UUID_A, 256);
  g_autoptr (PvmDomainConfig) after = make_config ("web1", UUID_A, 512);
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_xml_store_save (f->store, before, &error));
  g_assert_true (pvm_xml_store_save (f->store, after, &error));
  g_assert_no_error (error);

  g_auto (GStrv) names = list_dir (f);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (f->store);
  g_assert_cmpuint (configs->len, ==, 1);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (configs->pdata[0]), ==, 512);
}

static void
test_load_all_reads_back_every_definition (Fixture *f, gconstpointer data)
{
  g_autoptr (PvmDomainConfig) a = make_config ("alpha", UUID_A, 256);
  g_autoptr (PvmDomainConfig) b = make_config ("beta", UUID_B, 128);
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_xml_store_save (f->store, b, &error));
  g_assert_true (pvm_xml_store_save (f->store, a, &error));
  g_assert_no_error (error);

  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (f->store);
  g_assert_cmpuint (configs->len, ==, 2);
  g_assert_cmpstr (pvm_domain_config_get_uuid (configs->pdata[0]), ==, UUID_A);
  g_assert_cmpstr (pvm_domain_config_get_name (configs->pdata[0]), ==, "alpha");
  g_assert_cmpstr (pvm_domain_config_get_uuid (configs->pdata[1]), ==, UUID_B);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (configs->pdata[1]), ==, 128);
}

static void
test_load_all_skips_what_is_not_a_definition (Fixture *f, gconstpointer data)
{
  g_autoptr (PvmDomainConfig) a = make_config ("alpha", UUID_A, 256);
  g_autoptr (GError) error = NULL;
  g_autofree char *broken = g_build_filename (f->dir, UUID_B ".xml", NULL);
  g_autofree char *misnamed = g_build_filename (f->dir, "web.xml", NULL);
  g_autofree char *other = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *xml = pvm_domain_config_to_xml (a);

  g_assert_true (pvm_xml_store_save (f->store, a, &error));
  g_assert_true (g_file_set_contents (broken, "<domain><name>x</name>", -1, &error));
  g_assert_true (g_file_set_contents (misnamed, xml, -1, &error));
  g_assert_true (g_file_set_contents (other, "not xml", -1, &error));

  GPtrArray *warnings = (GPtrArray *) data;
  g_ptr_array_set_size (warnings, 0);
  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (f->store);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_true (g_pattern_match_simple ("*" UUID_B ".xml*not well-formed*",
                                         warnings->pdata[0]));
  g_assert_true (g_pattern_match_simple ("*web.xml*holds the domain*" UUID_A "*",
                                         warnings->pdata[1]));
  g_ptr_array_set_size (warnings, 0);
  g_assert_cmpuint (configs->len, ==, 1);
  g_assert_cmpstr (pvm_domain_config_get_uuid (configs->pdata[0]), ==, UUID_A);
}

static void
test_remove_deletes_the_file (Fixture *f, gconstpointer data)
{
  g_autoptr (PvmDomainConfig) a = make_config ("alpha", UUID_A, 256);
  g_autoptr (PvmDomainConfig) b = make_config ("beta", UUID_B, 256);
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_xml_store_save (f->store, a, &error));
  g_assert_true (pvm_xml_store_save (f->store, b, &error));
  g_assert_true (pvm_domain_store_remove (f->store, UUID_A, &error));
  g_assert_true (pvm_domain_store_remove (f->store, UUID_A, &error)); /* gone already */
  g_assert_no_error (error);

  g_auto (GStrv) names = list_dir (f);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, UUID_B ".xml");
}

static void
test_stored_files_validate (Fixture *f, gconstpointer data)
{
  g_autoptr (PvmDomainConfig) a = make_config ("alpha", UUID_A, 256);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, UUID_A ".xml", NULL);

  if (!pvm_helper_test_have_validator ())
    return;
  g_assert_true (pvm_xml_store_save (f->store, a, &error));
  pvm_helper_test_assert_valid_domain_xml (path);
}

/* Keeps the warnings in @data (a GPtrArray of strings) instead of aborting on them; the tests
 * that expect none find a non-empty array. */
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

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_warnings, warnings, NULL);
#define ADD(path, func) \
  g_test_add ("/helper/domain-store/" path, Fixture, warnings, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("new-creates-a-private-directory", test_new_creates_a_private_directory);
  ADD ("save-writes-one-file-named-after-the-uuid",
       test_save_writes_one_file_named_after_the_uuid);
  ADD ("save-replaces-the-file-and-leaves-no-temporary-file",
       test_save_replaces_the_file_and_leaves_no_temporary);
  ADD ("load-all-reads-back-every-definition", test_load_all_reads_back_every_definition);
  ADD ("load-all-skips-what-is-not-a-definition-with-a-warning",
       test_load_all_skips_what_is_not_a_definition);
  ADD ("remove-deletes-the-file", test_remove_deletes_the_file);
  ADD ("stored-files-validate-against-the-libvirt-schema", test_stored_files_validate);
#undef ADD
  return g_test_run ();
}

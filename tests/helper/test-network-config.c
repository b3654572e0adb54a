/* test-network-config.c: network definitions are read and checked, every bad value refused
 * with a sentence naming its element; the network store keeps them one file each; what pvm
 * writes validates against libvirt's schema. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/pvm-error.h"
#include "common/pvm-network-config.h"
#include "hv/helper/xml-store.h"
#include "helper-test.h"

static PvmNetworkConfig *
read_ok (const char *xml)
{
  g_autoptr (GError) error = NULL;
  PvmNetworkConfig *config = pvm_network_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static void
test_nat_and_bridge_read_back (void)
{
  g_autoptr (PvmNetworkConfig) nat = read_ok (
    "<network><name>default</name><uuid>0b3c6a52-2bd0-4f5c-9c43-6a0d3b1e2f11</uuid>"
    "<forward mode='nat'/><description>guests</description></network>");
  g_autoptr (PvmNetworkConfig) bridge = read_ok (
    "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>");

  g_assert_cmpstr (pvm_network_config_get_name (nat), ==, "default");
  g_assert_cmpint (pvm_network_config_get_forward (nat), ==, PVM_NETWORK_FORWARD_NAT);
  g_assert_null (pvm_network_config_get_bridge (nat));
  g_assert_cmpstr (pvm_network_config_get_name (bridge), ==, "lan");
  g_assert_cmpint (pvm_network_config_get_forward (bridge), ==, PVM_NETWORK_FORWARD_BRIDGE);
  g_assert_cmpstr (pvm_network_config_get_bridge (bridge), ==, "br0");
  g_assert_cmpstr (pvm_network_forward_to_string (PVM_NETWORK_FORWARD_BRIDGE), ==, "bridge");

  g_autofree char *xml = pvm_network_config_to_xml (nat);
  g_assert_nonnull (strstr (xml, "<description>guests</description>"));
  g_autoptr (PvmNetworkConfig) again = read_ok (xml);
  g_autofree char *xml_again = pvm_network_config_to_xml (again);
  g_assert_cmpstr (xml_again, ==, xml);
}

static void
test_the_nat_constructor_checks_the_name (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmNetworkConfig) config = pvm_network_config_new_nat ("default", &error);

  g_assert_no_error (error);
  g_assert_cmpint (pvm_network_config_get_forward (config), ==, PVM_NETWORK_FORWARD_NAT);
  g_assert_null (pvm_network_config_new_nat ("../x", &error));
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
}

static void
write_file (const char *dir, const char *name, const char *text, char **path)
{
  *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (*path, text, -1, NULL));
}

static void
test_written_xml_validates (void)
{
  if (!pvm_helper_test_have_validator ())
    return;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-network-XXXXXX", &error);
  g_assert_no_error (error);
  g_autoptr (PvmNetworkConfig) nat = pvm_network_config_new_nat ("default", &error);
  g_autoptr (PvmNetworkConfig) bridge =
    read_ok ("<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>");
  g_autofree char *nat_xml = pvm_network_config_to_xml (nat);
  g_autofree char *bridge_xml = pvm_network_config_to_xml (bridge);
  g_autofree char *nat_path = NULL, *bridge_path = NULL;

  write_file (dir, "default.xml", nat_xml, &nat_path);
  write_file (dir, "lan.xml", bridge_xml, &bridge_path);
  pvm_helper_test_assert_valid_xml (nat_path, "network");
  pvm_helper_test_assert_valid_xml (bridge_path, "network");
  g_unlink (nat_path);
  g_unlink (bridge_path);
  g_rmdir (dir);
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

/* g_log_set_writer_func() can be called once per process: only this case captures. */
static void
test_the_store_keeps_one_file_per_network (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("pvm-network-store-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "networks", NULL);
  PvmXmlStore *store = pvm_xml_store_new (dir, &pvm_xml_store_networks, &error);
  g_assert_no_error (error);

  g_autoptr (PvmNetworkConfig) nat = pvm_network_config_new_nat ("default", &error);
  g_autoptr (PvmNetworkConfig) bridge =
    read_ok ("<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>");
  g_assert_true (pvm_xml_store_save (store, nat, &error));
  g_assert_true (pvm_xml_store_save (store, bridge, &error));
  g_assert_no_error (error);

  /* A file named after another network, and a broken one, are skipped with a warning. */
  g_autofree char *misnamed = NULL, *broken = NULL;
  write_file (dir, "other.xml", "<network><name>x</name><forward mode='nat'/></network>",
              &misnamed);
  write_file (dir, "broken.xml", "<network>", &broken);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_warnings, warnings, NULL);
  g_autoptr (GPtrArray) all = pvm_xml_store_load_all (store);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_true (g_pattern_match_simple ("*broken.xml*not well-formed*", warnings->pdata[0]));
  g_assert_true (g_pattern_match_simple ("*other.xml*holds the network 'x'*",
                                         warnings->pdata[1]));
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (pvm_network_config_get_name (all->pdata[0]), ==, "default");
  g_assert_cmpstr (pvm_network_config_get_name (all->pdata[1]), ==, "lan");

  g_assert_true (pvm_xml_store_remove (store, "lan", &error));
  g_assert_true (pvm_xml_store_remove (store, "lan", &error)); /* gone already */
  g_assert_no_error (error);
  g_autoptr (GPtrArray) left = pvm_xml_store_load_all (store);
  g_assert_cmpuint (left->len, ==, 1);

  pvm_xml_store_free (store);
  const char *argv[] = { "rm", "-rf", tmp, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

typedef struct {
  const char *path, *xml, *fragment;
} Refusal;

static const Refusal refusals[] = {
  { "not-xml", "<network>", "well-formed" },
  { "a-domain", "<domain/>", "<network>" },
  { "a-missing-name", "<network><forward mode='nat'/></network>", "<name>" },
  { "a-name-with-a-slash", "<network><name>a/b</name><forward mode='nat'/></network>",
    "<name>" },
  { "a-name-starting-with-a-dot", "<network><name>.x</name><forward mode='nat'/></network>",
    "<name>" },
  { "a-missing-forward", "<network><name>iso</name></network>", "<forward> is missing" },
  { "a-route-network", "<network><name>r</name><forward mode='route'/></network>",
    "<forward mode=\"route\">" },
  { "a-nat-port-range",
    "<network><name>n</name><forward mode='nat'><nat><port start='1' end='2'/></nat></forward>"
    "</network>", "<nat>" },
  { "a-bridge-without-a-bridge", "<network><name>b</name><forward mode='bridge'/></network>",
    "<bridge name=" },
  { "a-bridge-name-too-long",
    "<network><name>b</name><forward mode='bridge'/><bridge name='0123456789abcdef'/>"
    "</network>", "<bridge name>" },
  { "a-bridge-with-stp",
    "<network><name>b</name><forward mode='bridge'/><bridge name='br0' stp='on'/></network>",
    "<bridge stp>" },
  { "a-nat-network-on-a-bridge",
    "<network><name>n</name><forward mode='nat'/><bridge name='virbr0'/></network>",
    "<bridge>" },
  { "an-ip-range",
    "<network><name>n</name><forward mode='nat'/><ip address='192.168.122.1'/></network>",
    "<ip>" },
  { "two-forwards",
    "<network><name>n</name><forward mode='nat'/><forward mode='nat'/></network>",
    "<forward> appears more than once" },
};

static void
test_refusal (gconstpointer data)
{
  const Refusal *refusal = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmNetworkConfig) config = pvm_network_config_new_from_xml (refusal->xml, &error);

  g_assert_null (config);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_test_message ("refused with: %s", error->message);
  g_assert_nonnull (strstr (error->message, refusal->fragment));
  g_assert_null (strchr (error->message, '\n'));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/helper/network-config/nat-and-bridge-networks-read-back",
                   test_nat_and_bridge_read_back);
  g_test_add_func ("/helper/network-config/the-nat-constructor-checks-the-name",
                   test_the_nat_constructor_checks_the_name);
  g_test_add_func ("/helper/network-config/written-xml-validates-against-the-libvirt-schema",
                   test_written_xml_validates);
  g_test_add_func ("/helper/network-config/the-store-keeps-one-file-per-network",
                   test_the_store_keeps_one_file_per_network);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++) {
    g_autofree char *path = g_strdup_printf ("/helper/network-config/refuses/%s",
                                             refusals[i].path);
    g_test_add_data_func (path, &refusals[i], test_refusal);
  }
  return g_test_run ();
}

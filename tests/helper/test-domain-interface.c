/* test-domain-interface.c: a domain's <interface> elements are read, completed with a MAC
 * address and a model, their port forwards expanded, every bad value refused with a sentence
 * naming its element, and what pvm writes validates against libvirt's schema. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-error.h"
#include "helper-test.h"

#define HEAD "<domain><name>n</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>" \
             "<os><type>linux</type><kernel>/k</kernel></os><devices>"
#define TAIL "</devices></domain>"

static PvmDomainConfig *
read_ok (const char *xml)
{
  g_autoptr (GError) error = NULL;
  PvmDomainConfig *config = pvm_domain_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static void
test_network_and_user_interfaces_read_back (void)
{
  g_autoptr (PvmDomainConfig) config = read_ok (
    HEAD "<interface type='network'><source network='default'/>"
    "<mac address='52:54:00:AA:bb:01'/><model type='virtio'/>"
    "<portForward proto='tcp' address='127.0.0.1'><range start='2222' to='22'/></portForward>"
    "<portForward proto='udp'><range start='5000' end='5002' to='6000'/></portForward>"
    "</interface>"
    "<interface type='user'><mac address='52:54:00:aa:bb:02'/><backend type='passt'/>"
    "</interface>" TAIL);

  g_assert_cmpuint (pvm_domain_config_get_n_interfaces (config), ==, 2);
  const PvmDomainInterface *net = pvm_domain_config_get_interface (config, 0);
  g_assert_cmpint (net->type, ==, PVM_DOMAIN_INTERFACE_NETWORK);
  g_assert_cmpstr (net->network, ==, "default");
  g_assert_cmpstr (net->mac, ==, "52:54:00:aa:bb:01");
  g_assert_cmpuint (net->n_forwards, ==, 4);
  g_assert_false (net->forwards[0].udp);
  g_assert_cmpstr (net->forwards[0].address, ==, "127.0.0.1");
  g_assert_cmpuint (net->forwards[0].host_port, ==, 2222);
  g_assert_cmpuint (net->forwards[0].guest_port, ==, 22);
  for (guint i = 1; i < 4; i++) {
    g_assert_true (net->forwards[i].udp);
    g_assert_null (net->forwards[i].address);
    g_assert_cmpuint (net->forwards[i].host_port, ==, 5000 + i - 1);
    g_assert_cmpuint (net->forwards[i].guest_port, ==, 6000 + i - 1);
  }

  const PvmDomainInterface *user = pvm_domain_config_get_interface (config, 1);
  g_assert_cmpint (user->type, ==, PVM_DOMAIN_INTERFACE_USER);
  g_assert_null (user->network);
  g_assert_cmpuint (user->n_forwards, ==, 0);

  /* The stored text reads back the same. */
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_autoptr (PvmDomainConfig) again = read_ok (xml);
  g_autofree char *xml_again = pvm_domain_config_to_xml (again);
  g_assert_cmpstr (xml_again, ==, xml);
}

static void
test_a_missing_mac_and_model_are_filled_in_and_kept (void)
{
  g_autoptr (PvmDomainConfig) config = read_ok (
    HEAD "<interface type='network'><source network='default'/></interface>"
    "<interface type='user'/><interface type='user'/>" TAIL);
  const char *macs[3];

  for (guint i = 0; i < 3; i++) {
    macs[i] = pvm_domain_config_get_interface (config, i)->mac;
    g_assert_true (g_str_has_prefix (macs[i], "52:54:00:"));
    g_assert_cmpuint (strlen (macs[i]), ==, 17);
  }
  g_assert_cmpstr (macs[0], !=, macs[1]);
  g_assert_cmpstr (macs[1], !=, macs[2]);
  g_assert_cmpstr (macs[0], !=, macs[2]);

  /* The chosen addresses are in the stored text: a reload keeps them. */
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_nonnull (strstr (xml, "<model type=\"virtio\"/>"));
  g_autoptr (PvmDomainConfig) again = read_ok (xml);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (pvm_domain_config_get_interface (again, i)->mac, ==, macs[i]);
}

static void
test_written_xml_validates (void)
{
  if (!pvm_helper_test_have_validator ())
    return;
  g_autoptr (PvmDomainConfig) config = read_ok (
    HEAD "<interface type='network'><source network='default'/>"
    "<portForward proto='tcp' address='127.0.0.1'><range start='2222' to='22'/></portForward>"
    "</interface><interface type='user'><backend type='passt'/>"
    "<portForward proto='udp'><range start='5000' end='5009'/></portForward></interface>"
    "<interface type='network'><source network='lan'/><mac address='52:54:00:01:02:03'/>"
    "</interface>" TAIL);
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("pvm-interface-XXXXXX.xml", &path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  close (fd);
  pvm_helper_test_assert_valid_domain_xml (path);
  g_unlink (path);
}

typedef struct {
  const char *path, *xml, *fragment;
} Refusal;

#define IFACE(x) HEAD x TAIL
#define NAT(x) IFACE ("<interface type='network'><source network='default'/>" x "</interface>")

static const Refusal refusals[] = {
  { "a-bridge-interface", IFACE ("<interface type='bridge'><source bridge='br0'/></interface>"),
    "<interface type=\"bridge\">" },
  { "a-network-interface-without-a-source", IFACE ("<interface type='network'/>"),
    "<source network=" },
  { "a-bad-network-name", IFACE ("<interface type='network'><source network='a/b'/>"
                                 "</interface>"), "<source network>" },
  { "a-source-on-a-user-interface", IFACE ("<interface type='user'><source dev='eth0'/>"
                                           "</interface>"), "<source>" },
  { "a-multicast-mac", NAT ("<mac address='01:00:5e:00:00:01'/>"), "<mac address>" },
  { "a-short-mac", NAT ("<mac address='52:54:00:12:34'/>"), "<mac address>" },
  { "a-mac-given-twice",
    IFACE ("<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
           "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"),
    "<mac address=\"52:54:00:00:00:01\">" },
  { "an-e1000-model", NAT ("<model type='e1000'/>"), "<model type=\"e1000\">" },
  { "a-forward-without-a-protocol", NAT ("<portForward><range start='1'/></portForward>"),
    "<portForward proto>" },
  { "a-forward-without-a-range", NAT ("<portForward proto='tcp'/>"), "<range start=" },
  { "a-forward-from-an-ipv6-address",
    NAT ("<portForward proto='tcp' address='::1'><range start='80'/></portForward>"),
    "<portForward address>" },
  { "a-forward-to-port-zero",
    NAT ("<portForward proto='tcp'><range start='80' to='0'/></portForward>"), "<range to>" },
  { "a-range-ending-before-it-starts",
    NAT ("<portForward proto='tcp'><range start='80' end='79'/></portForward>"), "<range end>" },
  { "an-excluded-range",
    NAT ("<portForward proto='tcp'><range start='80' exclude='yes'/></portForward>"),
    "<range exclude=\"yes\">" },
  { "seventeen-forwarded-ports",
    NAT ("<portForward proto='tcp'><range start='1000' end='1016'/></portForward>"),
    "more than 16 ports" },
  { "an-unknown-interface-element", NAT ("<filterref filter='clean-traffic'/>"),
    "<filterref>" },
  { "a-passt-backend-on-a-network-interface", NAT ("<backend type='passt'/>"), "<backend" },
  { "five-interfaces",
    IFACE ("<interface type='user'/><interface type='user'/><interface type='user'/>"
           "<interface type='user'/><interface type='user'/>"),
    "more than 4 <interface>" },
};

static void
test_refusal (gconstpointer data)
{
  const Refusal *refusal = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (refusal->xml, &error);

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
  g_test_add_func ("/helper/domain-interface/network-and-user-interfaces-read-back",
                   test_network_and_user_interfaces_read_back);
  g_test_add_func ("/helper/domain-interface/a-missing-mac-and-model-are-filled-in-and-kept",
                   test_a_missing_mac_and_model_are_filled_in_and_kept);
  g_test_add_func ("/helper/domain-interface/written-xml-validates-against-the-libvirt-schema",
                   test_written_xml_validates);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++) {
    g_autofree char *path =
      g_strdup_printf ("/helper/domain-interface/refuses/%s", refusals[i].path);
    g_test_add_data_func (path, &refusals[i], test_refusal);
  }
  return g_test_run ();
}

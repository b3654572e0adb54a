/* network.c: one network on D-Bus. */
#include "hv/helper/network.h"

#include "hv/helper/auth.h"
#include "hv/helper/network-manager.h"

struct _PvmHelperNetwork {
  PvmNetworkSkeleton parent_instance;

  PvmNetworkManager *networks;
  PvmNetworkConfig *config;
};

static void pvm_helper_network_iface_init (PvmNetworkIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperNetwork, pvm_helper_network, PVM_TYPE_NETWORK_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_NETWORK,
                                                      pvm_helper_network_iface_init))

static gboolean
network_handle_get_xml (PvmNetwork *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperNetwork *network = PVM_HELPER_NETWORK (iface);
  g_autofree char *xml = pvm_network_config_to_xml (network->config);

  pvm_network_complete_get_xml (iface, invocation, xml);
  return TRUE;
}

static gboolean
network_handle_undefine (PvmNetwork *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperNetwork *network = g_object_ref (PVM_HELPER_NETWORK (iface));
  g_autoptr (GError) error = NULL;

  if (!pvm_network_manager_undefine (network->networks, network, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_network_complete_undefine (iface, invocation);
  g_object_unref (network); /* the manager dropped its own */
  return TRUE;
}

PvmHelperNetwork *
pvm_helper_network_new (PvmNetworkManager *networks, PvmNetworkConfig *config)
{
  PvmHelperNetwork *network = g_object_new (PVM_HELPER_TYPE_NETWORK, NULL);

  network->networks = networks;
  pvm_helper_network_set_config (network, config);
  return network;
}

PvmNetworkConfig *
pvm_helper_network_get_config (PvmHelperNetwork *network)
{
  return network->config;
}

void
pvm_helper_network_set_config (PvmHelperNetwork *network, PvmNetworkConfig *config)
{
  PvmNetwork *iface = PVM_NETWORK (network);
  const char *bridge = pvm_network_config_get_bridge (config);

  g_set_object (&network->config, config);
  pvm_network_set_name (iface, pvm_network_config_get_name (config));
  pvm_network_set_forward (iface,
                           pvm_network_forward_to_string (pvm_network_config_get_forward (config)));
  pvm_network_set_bridge (iface, bridge ? bridge : "");
}

static void
pvm_helper_network_dispose (GObject *object)
{
  g_clear_object (&PVM_HELPER_NETWORK (object)->config);
  G_OBJECT_CLASS (pvm_helper_network_parent_class)->dispose (object);
}

static void
pvm_helper_network_iface_init (PvmNetworkIface *iface)
{
  iface->handle_get_xml = network_handle_get_xml;
  iface->handle_undefine = network_handle_undefine;
}

static void
pvm_helper_network_class_init (PvmHelperNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pvm_helper_network_dispose;
  pvm_helper_auth_install (G_DBUS_INTERFACE_SKELETON_CLASS (klass));
}

static void
pvm_helper_network_init (PvmHelperNetwork *network)
{
}

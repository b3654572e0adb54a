/* network-manager.c: pvmd's networks and their objects. */
#include "hv/helper/network-manager.h"

#include <unistd.h>

#include "common/pvm-error.h"
#include "hv/helper/xml-store.h"
#include "hv/helper/tap-device.h"

#define NETWORK_PATH PVM_HELPER_OBJECT_PATH "/network"

struct PvmNetworkManager {
  PvmHelperDaemon *daemon;
  GDBusObjectManagerServer *server;
  PvmXmlStore *store;
  GHashTable *networks; /* name → PvmHelperNetwork */
};

char *
pvm_network_manager_object_path (const char *name)
{
  GString *path = g_string_new (NETWORK_PATH "/");

  for (const char *p = name; *p; p++) {
    if (g_ascii_isalnum (*p))
      g_string_append_c (path, *p);
    else
      g_string_append_printf (path, "_%02x", (guint) (guchar) *p);
  }
  return g_string_free (path, FALSE);
}

static void
networks_add (PvmNetworkManager *networks, PvmNetworkConfig *config)
{
  const char *name = pvm_network_config_get_name (config);
  PvmHelperNetwork *network = pvm_helper_network_new (networks, config);
  g_autofree char *path = pvm_network_manager_object_path (name);
  g_autoptr (GDBusObjectSkeleton) object = g_dbus_object_skeleton_new (path);

  g_hash_table_insert (networks->networks, g_strdup (name), network);
  g_dbus_object_skeleton_add_interface (object, G_DBUS_INTERFACE_SKELETON (network));
  g_dbus_object_manager_server_export (networks->server, object);
}

static void
networks_add_default (PvmNetworkManager *networks)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmNetworkConfig) config = pvm_network_config_new_nat (PVM_NETWORK_DEFAULT_NAME,
                                                                    &error);

  g_assert_no_error (error);
  if (!pvm_xml_store_save (networks->store, config, &error))
    g_warning ("Cannot store the network '%s': %s", PVM_NETWORK_DEFAULT_NAME, error->message);
  networks_add (networks, config);
}

PvmNetworkManager *
pvm_network_manager_new (PvmHelperDaemon *daemon, GDBusObjectManagerServer *server,
                         const char *store_dir, GError **error)
{
  PvmXmlStore *store = pvm_xml_store_new (store_dir, &pvm_xml_store_networks, error);

  if (!store)
    return NULL;

  PvmNetworkManager *networks = g_new0 (PvmNetworkManager, 1);
  networks->daemon = daemon;
  networks->server = server;
  networks->store = store;
  networks->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (store);
  for (guint i = 0; i < configs->len; i++)
    networks_add (networks, configs->pdata[i]);
  if (!g_hash_table_contains (networks->networks, PVM_NETWORK_DEFAULT_NAME))
    networks_add_default (networks);
  return networks;
}

void
pvm_network_manager_free (PvmNetworkManager *networks)
{
  GHashTableIter iter;
  gpointer name;

  if (!networks)
    return;
  g_hash_table_iter_init (&iter, networks->networks);
  while (g_hash_table_iter_next (&iter, &name, NULL)) {
    g_autofree char *path = pvm_network_manager_object_path (name);
    g_dbus_object_manager_server_unexport (networks->server, path);
  }
  g_hash_table_unref (networks->networks);
  pvm_xml_store_free (networks->store);
  g_free (networks);
}

char *
pvm_network_manager_define (PvmNetworkManager *networks, const char *xml, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (PvmNetworkConfig) config = pvm_network_config_new_from_xml (xml, error);

  if (!config)
    return NULL;

  const char *name = pvm_network_config_get_name (config);
  PvmHelperNetwork *existing = g_hash_table_lookup (networks->networks, name);
  const char *user = pvm_helper_daemon_find_network_user (networks->daemon, name);

  if (pvm_network_config_get_forward (config) == PVM_NETWORK_FORWARD_BRIDGE &&
      pvm_helper_daemon_get_mode (networks->daemon) != PVM_HELPER_MODE_SYSTEM) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED,
                 "Network '%s' cannot be a bridge in session mode: putting a tap device on a "
                 "host bridge needs the system pvmd", name);
    return NULL;
  }
  if (existing && user) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_BUSY,
                 "Network '%s' is in use by the running domain '%s': its definition can change "
                 "once no running domain uses it", name, user);
    return NULL;
  }
  if (!pvm_xml_store_save (networks->store, config, &local)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Cannot store the definition of network '%s': %s", name, local->message);
    return NULL;
  }

  if (existing)
    pvm_helper_network_set_config (existing, config);
  else
    networks_add (networks, config);
  g_message ("Network '%s' is defined (%s)", name,
             pvm_network_forward_to_string (pvm_network_config_get_forward (config)));
  return pvm_network_manager_object_path (name);
}

gboolean
pvm_network_manager_undefine (PvmNetworkManager *networks, PvmHelperNetwork *network,
                              GError **error)
{
  g_autofree char *name =
    g_strdup (pvm_network_config_get_name (pvm_helper_network_get_config (network)));
  const char *user = pvm_helper_daemon_find_network_user (networks->daemon, name);
  g_autoptr (GError) local = NULL;

  if (user) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_BUSY,
                 "Network '%s' is in use by the running domain '%s'", name, user);
    return FALSE;
  }
  if (!pvm_xml_store_remove (networks->store, name, &local)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot undefine network '%s': %s", name,
                 local->message);
    return FALSE;
  }
  g_autofree char *path = pvm_network_manager_object_path (name);
  g_dbus_object_manager_server_unexport (networks->server, path);
  g_hash_table_remove (networks->networks, name);
  g_message ("Network '%s' is undefined", name);
  return TRUE;
}

PvmNetworkConfig *
pvm_network_manager_lookup (PvmNetworkManager *networks, const char *name)
{
  PvmHelperNetwork *network = g_hash_table_lookup (networks->networks, name);

  return network ? pvm_helper_network_get_config (network) : NULL;
}

/* Connects interface @i of @config to its network. */
static gboolean
networks_connect_one (PvmNetworkManager *networks, PvmDomainConfig *config, guint i,
                      PvmHelperVmmLaunch *launch, GError **error)
{
  const PvmDomainInterface *iface = pvm_domain_config_get_interface (config, i);
  const char *domain = pvm_domain_config_get_name (config);
  PvmNetworkConfig *network;
  char ifname[IFNAMSIZ];
  g_autoptr (GError) local = NULL;

  if (iface->type == PVM_DOMAIN_INTERFACE_USER)
    return TRUE;
  network = pvm_network_manager_lookup (networks, iface->network);
  if (!network) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Domain '%s' cannot start: its interface %s is on the network '%s', which is "
                 "not defined", domain, iface->mac, iface->network);
    return FALSE;
  }
  if (pvm_network_config_get_forward (network) == PVM_NETWORK_FORWARD_NAT)
    return TRUE;

  if (pvm_helper_daemon_get_mode (networks->daemon) != PVM_HELPER_MODE_SYSTEM) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED,
                 "Domain '%s' cannot start in session mode: its interface %s is on the bridge "
                 "network '%s', which only the system pvmd can join", domain, iface->mac,
                 iface->network);
    return FALSE;
  }
  if (iface->n_forwards > 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Domain '%s' cannot start: its interface %s forwards ports, which only a NAT "
                 "network does, and '%s' is a bridge network", domain, iface->mac,
                 iface->network);
    return FALSE;
  }
  launch->tap_fds[i] = pvm_helper_tap_device_new (pvm_network_config_get_bridge (network),
                                                  ifname, &local);
  if (launch->tap_fds[i] < 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Domain '%s' cannot join network '%s': %s",
                 domain, iface->network, local->message);
    return FALSE;
  }
  g_debug ("Domain '%s' joins network '%s' through %s", domain, iface->network, ifname);
  return TRUE;
}

gboolean
pvm_network_manager_connect (PvmNetworkManager *networks, PvmDomainConfig *config,
                             PvmHelperVmmLaunch *launch, GError **error)
{
  for (guint i = 0; i < pvm_domain_config_get_n_interfaces (config); i++) {
    if (!networks_connect_one (networks, config, i, launch, error)) {
      pvm_helper_vmm_launch_clear (launch);
      return FALSE;
    }
  }
  return TRUE;
}

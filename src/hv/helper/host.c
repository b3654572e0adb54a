/* host.c: the machine pvmd runs on, on D-Bus. */
#include "hv/helper/host.h"

#include "hv/helper/auth.h"
#include "hv/helper/network-manager.h"
#include "hv/helper/pool-manager.h"

struct _PvmHelperHost {
  PvmHostSkeleton parent_instance;
  PvmHelperDaemon *daemon;
};

static void pvm_helper_host_iface_init (PvmHostIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperHost, pvm_helper_host, PVM_TYPE_HOST_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_HOST, pvm_helper_host_iface_init))

static gboolean
host_handle_define_domain (PvmHost *iface, GDBusMethodInvocation *invocation, const char *xml)
{
  PvmHelperHost *host = PVM_HELPER_HOST (iface);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pvm_helper_daemon_define (host->daemon, xml, &error);

  if (!path)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_host_complete_define_domain (iface, invocation, path);
  return TRUE;
}

static gboolean
host_handle_define_network (PvmHost *iface, GDBusMethodInvocation *invocation, const char *xml)
{
  PvmHelperHost *host = PVM_HELPER_HOST (iface);
  g_autoptr (GError) error = NULL;
  g_autofree char *path =
    pvm_network_manager_define (pvm_helper_daemon_get_networks (host->daemon), xml, &error);

  if (!path)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_host_complete_define_network (iface, invocation, path);
  return TRUE;
}

/* DefinePool, waiting for the volume group to be looked at. */
typedef struct {
  PvmHelperHost *host;
  GDBusMethodInvocation *invocation;
} HostCall;

static void
host_on_pool_defined (GObject *source, GAsyncResult *result, gpointer data)
{
  HostCall *call = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pvm_pool_manager_define_finish (
    pvm_helper_daemon_get_pools (call->host->daemon), result, &error);

  if (!path)
    g_dbus_method_invocation_return_gerror (call->invocation, error);
  else
    pvm_host_complete_define_pool (PVM_HOST (call->host), call->invocation, path);
  g_object_unref (call->host);
  g_object_unref (call->invocation);
  g_free (call);
}

static gboolean
host_handle_define_pool (PvmHost *iface, GDBusMethodInvocation *invocation, const char *xml)
{
  HostCall *call = g_new (HostCall, 1);

  call->host = g_object_ref (PVM_HELPER_HOST (iface));
  call->invocation = g_object_ref (invocation);
  pvm_pool_manager_define_async (pvm_helper_daemon_get_pools (call->host->daemon), xml,
                                 host_on_pool_defined, call);
  return TRUE;
}

PvmHelperHost *
pvm_helper_host_new (PvmHelperDaemon *daemon)
{
  PvmHelperHost *host = g_object_new (PVM_HELPER_TYPE_HOST, NULL);
  PvmHelperMode mode = pvm_helper_daemon_get_mode (daemon);

  host->daemon = daemon;
  pvm_host_set_hostname (PVM_HOST (host), g_get_host_name ());
  pvm_host_set_mode (PVM_HOST (host), mode == PVM_HELPER_MODE_SYSTEM ? "system" : "session");
  return host;
}

static void
pvm_helper_host_iface_init (PvmHostIface *iface)
{
  iface->handle_define_domain = host_handle_define_domain;
  iface->handle_define_pool = host_handle_define_pool;
  iface->handle_define_network = host_handle_define_network;
}

static void
pvm_helper_host_class_init (PvmHelperHostClass *klass)
{
  pvm_helper_auth_install (G_DBUS_INTERFACE_SKELETON_CLASS (klass));
}

static void
pvm_helper_host_init (PvmHelperHost *host)
{
}

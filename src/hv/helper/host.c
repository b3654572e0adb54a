/* host.c: the machine pvmd runs on, on D-Bus. */
#include "hv/helper/host.h"

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
}

static void
pvm_helper_host_class_init (PvmHelperHostClass *klass)
{
}

static void
pvm_helper_host_init (PvmHelperHost *host)
{
}

/* domain-rescue.c: Rescue and Unrescue of a stopped domain — its disks attached read-only on
 * the host and their partitions mounted below the domain's runtime directory (rescue.c does
 * the work), and the mounts an earlier pvmd left taken over. */
#include "hv/helper/domain-private.h"

#include <unistd.h>

#define DOMAIN_RESCUE_DIR "rescue" /* in the runtime directory */

/* A Rescue or Unrescue at work. */
typedef struct {
  PvmHelperDomain *domain;
  GDBusMethodInvocation *invocation;
} RescueCall;

static RescueCall *
rescue_call_new (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  RescueCall *call = g_new (RescueCall, 1);

  call->domain = g_object_ref (domain);
  call->invocation = g_object_ref (invocation);
  return call;
}

static void
rescue_call_free (RescueCall *call)
{
  g_object_unref (call->domain);
  g_object_unref (call->invocation);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RescueCall, rescue_call_free)

static char *
rescue_dir (PvmHelperDomain *domain)
{
  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);

  return g_build_filename (runtime_dir, DOMAIN_RESCUE_DIR, NULL);
}

/* Takes @rescue (or NULL: none) and shows its directory in RescueDirectory. */
static void
rescue_set (PvmHelperDomain *domain, PvmHelperRescue *rescue)
{
  pvm_helper_rescue_free (domain->rescue);
  domain->rescue = rescue;
  pvm_domain_set_rescue_directory (PVM_DOMAIN (domain),
                                   rescue ? pvm_helper_rescue_get_directory (rescue) : "");
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (domain));
}

static void
rescue_on_attached (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (RescueCall) call = data;
  PvmHelperDomain *domain = call->domain;
  g_autoptr (GError) error = NULL;
  PvmHelperRescue *rescue = pvm_helper_rescue_attach_finish (result, &error);

  domain->rescuing = FALSE;
  if (!rescue) {
    g_dbus_method_invocation_return_error (call->invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot be rescued: %s",
                                           _pvm_helper_domain_name (domain), error->message);
    return;
  }
  rescue_set (domain, rescue);
  g_message ("Domain '%s' is being rescued: its disks are mounted at %s",
             _pvm_helper_domain_name (domain), pvm_helper_rescue_get_directory (rescue));
  pvm_domain_complete_rescue (PVM_DOMAIN (domain), call->invocation,
                              pvm_helper_rescue_get_directory (rescue));
}

gboolean
_pvm_helper_domain_handle_rescue (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  PvmHelperRescueDisk disks[PVM_DOMAIN_MAX_DISKS];
  char targets[PVM_DOMAIN_MAX_DISKS][8];
  guint n_disks = MIN (pvm_domain_config_get_n_disks (domain->config), PVM_DOMAIN_MAX_DISKS);

  if (domain->rescuing)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is being rescued or unrescued");
  if (domain->rescue)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is already being rescued");
  if (pvm_helper_domain_is_active (domain))
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is running: shut it off before rescuing it");
  if (_pvm_helper_domain_refuse_while_cloned (domain, invocation, "rescue it"))
    return TRUE;
  if (geteuid () != 0)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_NOT_AUTHORIZED,
                                      "cannot be rescued here: Rescue needs pvmd in system "
                                      "mode or running as root");

  /* The guest sees its disks as vda, vdb, … in order. */
  for (guint i = 0; i < n_disks; i++) {
    g_snprintf (targets[i], sizeof targets[i], "vd%c", 'a' + i);
    disks[i].target = targets[i];
    disks[i].path = pvm_domain_config_get_disk (domain->config, i)->path;
  }
  g_autofree char *dir = rescue_dir (domain);
  domain->rescuing = TRUE;
  pvm_helper_rescue_attach_async (dir, disks, n_disks, NULL, rescue_on_attached,
                                  rescue_call_new (domain, invocation));
  return TRUE;
}

static void
rescue_on_released (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (RescueCall) call = data;
  PvmHelperDomain *domain = call->domain;
  g_autoptr (GError) error = NULL;

  domain->rescuing = FALSE;
  if (!pvm_helper_rescue_release_finish (result, &error)) {
    g_dbus_method_invocation_return_error (call->invocation, PVM_ERROR, error->code,
                                           "Domain '%s' stays rescued: %s",
                                           _pvm_helper_domain_name (domain), error->message);
    return;
  }
  rescue_set (domain, NULL);
  g_message ("Domain '%s' is no longer being rescued", _pvm_helper_domain_name (domain));
  pvm_domain_complete_unrescue (PVM_DOMAIN (domain), call->invocation);
}

gboolean
_pvm_helper_domain_handle_unrescue (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain->rescuing)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is being rescued or unrescued");
  if (!domain->rescue)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is not being rescued");
  domain->rescuing = TRUE;
  pvm_helper_rescue_release_async (domain->rescue, NULL, rescue_on_released,
                                   rescue_call_new (domain, invocation));
  return TRUE;
}

void
_pvm_helper_domain_adopt_rescue (PvmHelperDomain *domain)
{
  g_autofree char *dir = rescue_dir (domain);
  PvmHelperRescue *rescue = pvm_helper_rescue_adopt (dir);

  if (!rescue)
    return;
  rescue_set (domain, rescue);
  g_message ("Domain '%s' is still being rescued: its disks are mounted at %s",
             _pvm_helper_domain_name (domain), dir);
}

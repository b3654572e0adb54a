/* domain.c: one virtual machine on D-Bus.
 *
 * The handlers check the domain's state, start the work, and answer when it is done: Start
 * once pvm-vmm answers on its control socket, Destroy once the process has ended. The state
 * follows the VMM: its "state" property while it runs, its "exited" signal when it ends.
 */
#include "hv/helper/domain.h"

#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/pvm-error.h"
#include "hv/helper/daemon.h"
#include "hv/helper/vmm.h"

#define DOMAIN_SERIAL_DEVICE "serial0"

struct _PvmHelperDomain {
  PvmDomainSkeleton parent_instance;

  PvmHelperDaemon *daemon;
  PvmDomainConfig *config;
  PvmHelperVmm *vmm;      /* while a pvm-vmm runs the domain */
  gboolean starting;      /* a pvm-vmm is being started */
  gboolean stopping;      /* Destroy is waiting for the VMM to end */
};

static void pvm_helper_domain_iface_init (PvmDomainIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperDomain, pvm_helper_domain, PVM_TYPE_DOMAIN_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_DOMAIN,
                                                      pvm_helper_domain_iface_init))

static const char *
domain_name (PvmHelperDomain *domain)
{
  return pvm_domain_config_get_name (domain->config);
}

static void
domain_set_state (PvmHelperDomain *domain, const char *state, const char *reason)
{
  PvmDomain *iface = PVM_DOMAIN (domain);

  if (g_strcmp0 (pvm_domain_get_state (iface), state) != 0)
    g_message ("Domain '%s' is %s%s%s", domain_name (domain), state, *reason ? ": " : "",
               reason);
  pvm_domain_set_state (iface, state);
  pvm_domain_set_state_reason (iface, reason);
  /* Sent now, not at idle: a method that changed the state answers after the change. */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (domain));
}

static gboolean
domain_refuse (PvmHelperDomain *domain, GDBusMethodInvocation *invocation, PvmError code,
               const char *what)
{
  g_dbus_method_invocation_return_error (invocation, PVM_ERROR, code, "Domain '%s' %s",
                                         domain_name (domain), what);
  return TRUE;
}

/* Refuses a call that needs a running or paused VMM; returns TRUE if it did. */
static gboolean
domain_refuse_unless_up (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  if (domain->starting)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is starting");
  if (!domain->vmm)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is not running");
  if (domain->stopping)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is being destroyed");
  return FALSE;
}

/* A method call waiting for the VMM. */
typedef struct {
  PvmHelperDomain *domain;
  GDBusMethodInvocation *invocation;
} DomainCall;

static DomainCall *
domain_call_new (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  DomainCall *call = g_new (DomainCall, 1);

  call->domain = g_object_ref (domain);
  call->invocation = g_object_ref (invocation);
  return call;
}

static void
domain_call_free (DomainCall *call)
{
  g_object_unref (call->domain);
  g_object_unref (call->invocation);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomainCall, domain_call_free)

/* ---- the VMM ---- */

static void
domain_on_vmm_state (PvmHelperVmm *vmm, GParamSpec *pspec, PvmHelperDomain *domain)
{
  const char *state = pvm_helper_vmm_get_state (vmm);

  if (!domain->stopping && (strcmp (state, "running") == 0 || strcmp (state, "paused") == 0))
    domain_set_state (domain, state, "");
}

static void
domain_on_vmm_exited (PvmHelperVmm *vmm, gboolean crashed, const char *reason,
                      PvmHelperDomain *domain)
{
  g_signal_handlers_disconnect_by_data (vmm, domain);
  g_clear_object (&domain->vmm);
  domain->stopping = FALSE;
  domain_set_state (domain, crashed ? "crashed" : "shutoff", reason);
}

/* Takes @vmm (a reference), which may have ended already. */
static void
domain_take_vmm (PvmHelperDomain *domain, PvmHelperVmm *vmm)
{
  gboolean crashed;
  const char *reason;

  domain->vmm = vmm;
  g_signal_connect (vmm, "notify::state", G_CALLBACK (domain_on_vmm_state), domain);
  g_signal_connect (vmm, "exited", G_CALLBACK (domain_on_vmm_exited), domain);
  domain_set_state (domain, pvm_helper_vmm_get_state (vmm), "");
  reason = pvm_helper_vmm_get_exit_reason (vmm, &crashed);
  if (reason) {
    g_autofree char *copy = g_strdup (reason);
    domain_on_vmm_exited (vmm, crashed, copy, domain);
  }
}

/* ---- the methods ---- */

static void
domain_on_started (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  GDBusMethodInvocation *invocation = call->invocation;
  g_autoptr (GError) error = NULL;
  PvmHelperVmm *vmm = pvm_helper_vmm_spawn_finish (result, &error);

  domain->starting = FALSE;
  if (!vmm) {
    g_autofree char *reason = g_strdup_printf ("It did not start: %s", error->message);
    domain_set_state (domain, "shutoff", reason);
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                           "Domain '%s' did not start: %s",
                                           domain_name (domain), error->message);
  } else {
    domain_take_vmm (domain, vmm);
    pvm_domain_complete_start (PVM_DOMAIN (domain), invocation);
  }
}

static gboolean
domain_handle_start (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain->starting)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is starting");
  if (domain->vmm)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is already running");

  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);
  domain->starting = TRUE;
  pvm_helper_vmm_spawn (pvm_helper_daemon_get_vmm_path (domain->daemon), domain->config,
                        runtime_dir, NULL, domain_on_started,
                        domain_call_new (domain, invocation));
  return TRUE;
}

static void
domain_on_destroyed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;

  pvm_helper_vmm_destroy_finish (PVM_HELPER_VMM (source), result);
  pvm_domain_complete_destroy (PVM_DOMAIN (call->domain), call->invocation);
}

static gboolean
domain_handle_destroy (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain->starting)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is starting");
  if (!domain->vmm)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is not running");
  domain->stopping = TRUE;
  pvm_helper_vmm_destroy (domain->vmm, domain_on_destroyed,
                          domain_call_new (domain, invocation));
  return TRUE;
}

static void
domain_on_paused (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  GDBusMethodInvocation *invocation = call->invocation;
  g_autoptr (GError) error = NULL;

  if (!pvm_helper_vmm_pause_finish (PVM_HELPER_VMM (source), result, &error)) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot pause: %s",
                                           domain_name (domain), error->message);
    return;
  }
  if (!domain->stopping && domain->vmm == PVM_HELPER_VMM (source))
    domain_set_state (domain, "paused", "");
  pvm_domain_complete_pause (PVM_DOMAIN (domain), invocation);
}

static gboolean
domain_handle_pause (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain_refuse_unless_up (domain, invocation))
    return TRUE;
  if (g_strcmp0 (pvm_domain_get_state (iface), "paused") == 0)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is already paused");
  pvm_helper_vmm_pause (domain->vmm, domain_on_paused, domain_call_new (domain, invocation));
  return TRUE;
}

static void
domain_on_resumed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  GDBusMethodInvocation *invocation = call->invocation;
  g_autoptr (GError) error = NULL;

  if (!pvm_helper_vmm_resume_finish (PVM_HELPER_VMM (source), result, &error)) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot resume: %s",
                                           domain_name (domain), error->message);
    return;
  }
  if (!domain->stopping && domain->vmm == PVM_HELPER_VMM (source))
    domain_set_state (domain, "running", "");
  pvm_domain_complete_resume (PVM_DOMAIN (domain), invocation);
}

static gboolean
domain_handle_resume (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain_refuse_unless_up (domain, invocation))
    return TRUE;
  if (g_strcmp0 (pvm_domain_get_state (iface), "paused") != 0)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is not paused");
  pvm_helper_vmm_resume (domain->vmm, domain_on_resumed, domain_call_new (domain, invocation));
  return TRUE;
}

static gboolean
domain_handle_undefine (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  g_autoptr (GError) error = NULL;

  if (pvm_helper_domain_is_active (domain))
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                          "is running: destroy it before undefining it");

  g_object_ref (domain); /* the daemon drops its own */
  if (!pvm_helper_daemon_undefine (domain->daemon, domain, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_domain_complete_undefine (iface, invocation);
  g_object_unref (domain);
  return TRUE;
}

static gboolean
domain_handle_get_xml (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  g_autofree char *xml = pvm_domain_config_to_xml (domain->config);

  pvm_domain_complete_get_xml (iface, invocation, xml);
  return TRUE;
}

static gboolean
domain_handle_open_serial (PvmDomain *iface, GDBusMethodInvocation *invocation,
                           GUnixFDList *fd_list, const char *device)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  g_autoptr (GError) error = NULL;

  if (*device && strcmp (device, DOMAIN_SERIAL_DEVICE) != 0) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                                           "Domain '%s' has no serial port '%s': its only one "
                                           "is '" DOMAIN_SERIAL_DEVICE "'",
                                           domain_name (domain), device);
    return TRUE;
  }
  if (domain_refuse_unless_up (domain, invocation))
    return TRUE;

  int fd = pvm_helper_vmm_open_serial (domain->vmm, &error);
  if (fd < 0) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                           "Domain '%s' has no serial console now: %s",
                                           domain_name (domain), error->message);
    return TRUE;
  }
  g_autoptr (GUnixFDList) out = g_unix_fd_list_new_from_array (&fd, 1);
  pvm_domain_complete_open_serial (iface, invocation, out, g_variant_new_handle (0));
  return TRUE;
}

/* ---- re-attaching ---- */

static void
domain_on_reattached (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  PvmHelperDomain *domain = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  PvmHelperVmm *vmm = pvm_helper_vmm_attach_finish (result, &error);

  if (vmm)
    domain_take_vmm (domain, vmm);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    domain_set_state (domain, "shutoff", error->message);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Domain '%s' keeps no VMM: %s", domain_name (domain), error->message);
  g_task_return_boolean (task, TRUE);
}

void
pvm_helper_domain_reattach (PvmHelperDomain *domain, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  GTask *task = g_task_new (domain, NULL, callback, user_data);
  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);

  g_task_set_source_tag (task, pvm_helper_domain_reattach);
  pvm_helper_vmm_attach (runtime_dir, NULL, domain_on_reattached, task);
}

void
pvm_helper_domain_reattach_finish (PvmHelperDomain *domain, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

/* ---- the object ---- */

PvmHelperDomain *
pvm_helper_domain_new (PvmHelperDaemon *daemon, PvmDomainConfig *config)
{
  PvmHelperDomain *domain = g_object_new (PVM_HELPER_TYPE_DOMAIN, NULL);

  domain->daemon = daemon;
  pvm_helper_domain_set_config (domain, config);
  domain_set_state (domain, "shutoff", "");
  return domain;
}

PvmDomainConfig *
pvm_helper_domain_get_config (PvmHelperDomain *domain)
{
  return domain->config;
}

void
pvm_helper_domain_set_config (PvmHelperDomain *domain, PvmDomainConfig *config)
{
  PvmDomain *iface = PVM_DOMAIN (domain);

  g_return_if_fail (!pvm_helper_domain_is_active (domain));
  g_set_object (&domain->config, config);
  pvm_domain_set_name (iface, pvm_domain_config_get_name (config));
  pvm_domain_set_uuid (iface, pvm_domain_config_get_uuid (config));
  pvm_domain_set_mode (iface, pvm_domain_mode_to_string (pvm_domain_config_get_mode (config)));
  pvm_domain_set_vcpus (iface, pvm_domain_config_get_vcpus (config));
  pvm_domain_set_memory_mib (iface, pvm_domain_config_get_memory_mib (config));
}

gboolean
pvm_helper_domain_is_active (PvmHelperDomain *domain)
{
  return domain->vmm != NULL || domain->starting;
}

char *
pvm_helper_domain_get_runtime_dir (PvmHelperDomain *domain)
{
  return g_build_filename (pvm_helper_daemon_get_runtime_dir (domain->daemon),
                           pvm_domain_config_get_uuid (domain->config), NULL);
}

static void
pvm_helper_domain_dispose (GObject *object)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (object);

  if (domain->vmm)
    g_signal_handlers_disconnect_by_data (domain->vmm, domain);
  g_clear_object (&domain->vmm);
  g_clear_object (&domain->config);
  G_OBJECT_CLASS (pvm_helper_domain_parent_class)->dispose (object);
}

static void
pvm_helper_domain_iface_init (PvmDomainIface *iface)
{
  iface->handle_start = domain_handle_start;
  iface->handle_destroy = domain_handle_destroy;
  iface->handle_pause = domain_handle_pause;
  iface->handle_resume = domain_handle_resume;
  iface->handle_undefine = domain_handle_undefine;
  iface->handle_get_xml = domain_handle_get_xml;
  iface->handle_open_serial = domain_handle_open_serial;
}

static void
pvm_helper_domain_class_init (PvmHelperDomainClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pvm_helper_domain_dispose;
}

static void
pvm_helper_domain_init (PvmHelperDomain *domain)
{
}

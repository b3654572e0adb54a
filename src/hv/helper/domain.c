/* domain.c: one virtual machine on D-Bus.
 *
 * The handlers check the domain's state, start the work, and answer when it is done: Start
 * once pvm-vmm answers on its control socket, Destroy once the process has ended, Shutdown
 * and Reboot once the power button is pressed. The state follows the VMM: its "state"
 * property while it runs, its "exited" signal when it ends. When it ends, the lifecycle
 * policy (domain-lifecycle.c) decides whether a new VMM starts at once; the State then stays
 * as it was and StateReason says why it restarted.
 *
 * A call that needs the VMM (OpenSerial, Pause, Resume, Shutdown, Reboot, Destroy) waits while
 * a VMM is being started or the current one is ending: it runs once the new VMM answers, or
 * is refused with the reason the domain stopped if no VMM follows. So a restart (a Reboot, a
 * restart after a crash) is never seen as a gap by the callers.
 */
#include "hv/helper/domain-private.h"

#include <gio/gunixfdlist.h>
#include <string.h>

#include "hv/helper/auth.h"
#include "hv/helper/daemon.h"
#include "hv/helper/domain-stats.h"
#include "hv/helper/domain-store.h"

#define DOMAIN_SERIAL_DEVICE "serial0"

static void pvm_helper_domain_iface_init (PvmDomainIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperDomain, pvm_helper_domain, PVM_TYPE_DOMAIN_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_DOMAIN,
                                                      pvm_helper_domain_iface_init))

static const char *
domain_name (PvmHelperDomain *domain)
{
  return pvm_domain_config_get_name (domain->config);
}

const char *
_pvm_helper_domain_name (PvmHelperDomain *domain)
{
  return domain_name (domain);
}

void
_pvm_helper_domain_set_state (PvmHelperDomain *domain, const char *state, const char *reason)
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

gboolean
_pvm_helper_domain_refuse (PvmHelperDomain *domain, GDBusMethodInvocation *invocation,
                           PvmError code, const char *what)
{
  return domain_refuse (domain, invocation, code, what);
}

void
_pvm_helper_domain_set_job (PvmHelperDomain *domain, PvmHelperJob *job)
{
  g_set_object (&domain->job, job);
  pvm_domain_set_job (PVM_DOMAIN (domain), job ? pvm_helper_job_get_path (job) : "/");
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (domain));
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

/* ---- calls that need the VMM ---- */

/* The part of a method that runs once the domain's VMM is up (domain->vmm set, not stopping). */
typedef void (*DomainVmmCall) (PvmHelperDomain *domain, GDBusMethodInvocation *invocation);

typedef struct {
  DomainVmmCall call;
  GDBusMethodInvocation *invocation;
} DomainWait;

/* Runs @call for @invocation if the VMM is up; keeps it for later while a VMM is being
 * started or the current one is ending (whatever follows decides); refuses it as Busy when
 * no VMM runs. Returns TRUE. */
static gboolean
domain_with_vmm (PvmHelperDomain *domain, GDBusMethodInvocation *invocation, DomainVmmCall call)
{
  if (domain->starting ||
      (domain->vmm && !domain->stopping && pvm_helper_vmm_is_ending (domain->vmm))) {
    DomainWait *wait = g_new (DomainWait, 1);
    wait->call = call;
    wait->invocation = g_object_ref (invocation);
    g_queue_push_tail (&domain->waiting, wait);
    return TRUE;
  }
  if (!domain->vmm) {
    const char *reason = pvm_domain_get_state_reason (PVM_DOMAIN (domain));
    g_autofree char *what = g_strconcat ("is not running", reason && *reason ? ": " : "",
                                         reason, NULL);
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, what);
  }
  if (domain->stopping)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is being destroyed");
  call (domain, invocation);
  return TRUE;
}

/* Takes up the waiting calls again: once a VMM runs, or none is to come. */
static void
domain_run_waiting (PvmHelperDomain *domain)
{
  GQueue waiting = domain->waiting;
  DomainWait *wait;

  g_queue_init (&domain->waiting);
  while ((wait = g_queue_pop_head (&waiting))) {
    domain_with_vmm (domain, wait->invocation, wait->call);
    g_object_unref (wait->invocation);
    g_free (wait);
  }
}

static void domain_pause (PvmHelperDomain *domain, GDBusMethodInvocation *invocation);
static void domain_resume (PvmHelperDomain *domain, GDBusMethodInvocation *invocation);
static void domain_press_power_button (PvmHelperDomain *domain,
                                       GDBusMethodInvocation *invocation);

/* Takes up again a call that failed on @vmm because @vmm was ending: it waits for what
 * follows as a new call would. Returns TRUE if it did, FALSE if the failure stands. */
static gboolean
domain_retry_if_ending (PvmHelperDomain *domain, PvmHelperVmm *vmm,
                        GDBusMethodInvocation *invocation, DomainVmmCall call)
{
  if (!pvm_helper_vmm_is_ending (vmm))
    return FALSE;
  domain_with_vmm (domain, invocation, call);
  return TRUE;
}

/* ---- the VMM ---- */

static void
domain_on_vmm_state (PvmHelperVmm *vmm, GParamSpec *pspec, PvmHelperDomain *domain)
{
  const char *state = pvm_helper_vmm_get_state (vmm);

  if (!domain->stopping && (strcmp (state, "running") == 0 || strcmp (state, "paused") == 0))
    _pvm_helper_domain_set_state (domain, state, "");
}

static void
domain_on_vmm_exited (PvmHelperVmm *vmm, gboolean crashed, const char *reason,
                      PvmHelperDomain *domain)
{
  PvmHelperVmmEnd end = pvm_helper_vmm_get_end (vmm);
  gboolean reboot = domain->reboot_requested;

  g_signal_handlers_disconnect_by_data (vmm, domain);
  g_clear_object (&domain->vmm);
  domain->stopping = FALSE;
  domain->reboot_requested = FALSE;
  if (!_pvm_helper_domain_apply_lifecycle (domain, end, crashed, reason, reboot))
    domain_run_waiting (domain);
}

/* Takes @vmm (a reference), which may have ended already; StateReason becomes @state_reason. */
static void
domain_take_vmm (PvmHelperDomain *domain, PvmHelperVmm *vmm, const char *state_reason)
{
  gboolean crashed;
  const char *reason;

  domain->vmm = vmm;
  g_signal_connect (vmm, "notify::state", G_CALLBACK (domain_on_vmm_state), domain);
  g_signal_connect (vmm, "exited", G_CALLBACK (domain_on_vmm_exited), domain);
  _pvm_helper_domain_set_state (domain, pvm_helper_vmm_get_state (vmm), state_reason);
  reason = pvm_helper_vmm_get_exit_reason (vmm, &crashed);
  if (reason) {
    g_autofree char *copy = g_strdup (reason);
    domain_on_vmm_exited (vmm, crashed, copy, domain);
  } else {
    domain_run_waiting (domain);
  }
}

/* ---- the methods ---- */

/* A VMM being started: by Start (with its call), or by pvmd itself (a restart, autostart). */
typedef struct {
  PvmHelperDomain *domain;
  GDBusMethodInvocation *invocation; /* or NULL */
  char *reason;                      /* StateReason once it runs */
} DomainStart;

static void
domain_on_vmm_started (GObject *source, GAsyncResult *result, gpointer data)
{
  DomainStart *start = data;
  PvmHelperDomain *domain = start->domain;
  g_autoptr (GError) error = NULL;
  PvmHelperVmm *vmm = pvm_helper_vmm_spawn_finish (result, &error);

  domain->starting = FALSE;
  if (!vmm) {
    g_autofree char *reason = g_strdup_printf ("It did not start: %s", error->message);
    _pvm_helper_domain_set_state (domain, "shutoff", reason);
    if (start->invocation)
      g_dbus_method_invocation_return_error (start->invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                             "Domain '%s' did not start: %s",
                                             domain_name (domain), error->message);
    domain_run_waiting (domain);
  } else {
    domain_take_vmm (domain, vmm, start->reason);
    if (start->invocation)
      pvm_domain_complete_start (PVM_DOMAIN (domain), start->invocation);
  }
  g_object_unref (start->domain);
  g_clear_object (&start->invocation);
  g_free (start->reason);
  g_free (start);
}

void
_pvm_helper_domain_start_vmm (PvmHelperDomain *domain, GDBusMethodInvocation *invocation,
                              const char *reason)
{
  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);
  g_autoptr (GError) error = NULL;
  PvmHelperVmmLaunch launch;

  if (!pvm_helper_daemon_prepare_launch (domain->daemon, domain->config, &launch, &error)) {
    g_autofree char *why = g_strdup_printf ("It did not start: %s", error->message);
    _pvm_helper_domain_set_state (domain, "shutoff", why);
    if (invocation)
      g_dbus_method_invocation_return_gerror (invocation, error);
    domain_run_waiting (domain);
    return;
  }
  DomainStart *start = g_new0 (DomainStart, 1);
  start->domain = g_object_ref (domain);
  start->invocation = invocation ? g_object_ref (invocation) : NULL;
  start->reason = g_strdup (reason);
  domain->starting = TRUE;
  pvm_helper_vmm_spawn (&launch, domain->config, runtime_dir, NULL, domain_on_vmm_started,
                        start);
}

static gboolean
domain_handle_start (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain->starting)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is starting");
  if (domain->vmm)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is already running");
  if (domain->rescue || domain->rescuing)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                          "is being rescued: unrescue it before starting it");
  if (_pvm_helper_domain_refuse_while_cloned (domain, invocation, "start it"))
    return TRUE;

  _pvm_helper_domain_reset_crash_count (domain);
  _pvm_helper_domain_start_vmm (domain, invocation, "");
  return TRUE;
}

static void
domain_on_destroyed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;

  pvm_helper_vmm_destroy_finish (PVM_HELPER_VMM (source), result);
  pvm_domain_complete_destroy (PVM_DOMAIN (call->domain), call->invocation);
}

static void
domain_destroy (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  domain->stopping = TRUE;
  pvm_helper_vmm_destroy (domain->vmm, domain_on_destroyed,
                          domain_call_new (domain, invocation));
}

static gboolean
domain_handle_destroy (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  return domain_with_vmm (PVM_HELPER_DOMAIN (iface), invocation, domain_destroy);
}

static void
domain_on_paused (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  GDBusMethodInvocation *invocation = call->invocation;
  g_autoptr (GError) error = NULL;

  if (!pvm_helper_vmm_pause_finish (PVM_HELPER_VMM (source), result, &error)) {
    if (domain_retry_if_ending (domain, PVM_HELPER_VMM (source), invocation, domain_pause))
      return;
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot pause: %s",
                                           domain_name (domain), error->message);
    return;
  }
  if (!domain->stopping && domain->vmm == PVM_HELPER_VMM (source))
    _pvm_helper_domain_set_state (domain, "paused", "");
  pvm_domain_complete_pause (PVM_DOMAIN (domain), invocation);
}

static void
domain_pause (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  if (g_strcmp0 (pvm_domain_get_state (PVM_DOMAIN (domain)), "paused") == 0)
    domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is already paused");
  else
    pvm_helper_vmm_pause (domain->vmm, domain_on_paused, domain_call_new (domain, invocation));
}

static gboolean
domain_handle_pause (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  return domain_with_vmm (PVM_HELPER_DOMAIN (iface), invocation, domain_pause);
}

static void
domain_on_resumed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  GDBusMethodInvocation *invocation = call->invocation;
  g_autoptr (GError) error = NULL;

  if (!pvm_helper_vmm_resume_finish (PVM_HELPER_VMM (source), result, &error)) {
    if (domain_retry_if_ending (domain, PVM_HELPER_VMM (source), invocation, domain_resume))
      return;
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot resume: %s",
                                           domain_name (domain), error->message);
    return;
  }
  if (!domain->stopping && domain->vmm == PVM_HELPER_VMM (source))
    _pvm_helper_domain_set_state (domain, "running", "");
  pvm_domain_complete_resume (PVM_DOMAIN (domain), invocation);
}

static void
domain_resume (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  if (g_strcmp0 (pvm_domain_get_state (PVM_DOMAIN (domain)), "paused") != 0)
    domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is not paused");
  else
    pvm_helper_vmm_resume (domain->vmm, domain_on_resumed, domain_call_new (domain, invocation));
}

static gboolean
domain_handle_resume (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  return domain_with_vmm (PVM_HELPER_DOMAIN (iface), invocation, domain_resume);
}

static void
domain_on_power_button (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  g_autoptr (GError) error = NULL;
  gboolean reboot =
    strcmp (g_dbus_method_invocation_get_method_name (call->invocation), "Reboot") == 0;

  if (!pvm_helper_vmm_power_button_finish (PVM_HELPER_VMM (source), result, &error)) {
    if (reboot && domain->vmm == PVM_HELPER_VMM (source))
      domain->reboot_requested = FALSE;
    if (domain_retry_if_ending (domain, PVM_HELPER_VMM (source), call->invocation,
                                domain_press_power_button))
      return;
    g_dbus_method_invocation_return_error (call->invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot %s: %s", domain_name (domain),
                                           reboot ? "reboot" : "shut down", error->message);
    return;
  }
  g_message ("Domain '%s': the power button was pressed (%s)", domain_name (domain),
             reboot ? "Reboot" : "Shutdown");
  if (reboot)
    pvm_domain_complete_reboot (PVM_DOMAIN (domain), call->invocation);
  else
    pvm_domain_complete_shutdown (PVM_DOMAIN (domain), call->invocation);
}

/* Presses the power button for Shutdown or Reboot, whose harts must run. */
static void
domain_press_power_button (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  if (g_strcmp0 (pvm_domain_get_state (PVM_DOMAIN (domain)), "running") != 0) {
    domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is paused: resume it first");
    return;
  }
  if (strcmp (g_dbus_method_invocation_get_method_name (invocation), "Reboot") == 0)
    domain->reboot_requested = TRUE;
  pvm_helper_vmm_power_button (domain->vmm, domain_on_power_button,
                               domain_call_new (domain, invocation));
}

static gboolean
domain_handle_shutdown (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  return domain_with_vmm (PVM_HELPER_DOMAIN (iface), invocation, domain_press_power_button);
}

static gboolean
domain_handle_reboot (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  return domain_with_vmm (PVM_HELPER_DOMAIN (iface), invocation, domain_press_power_button);
}

static gboolean
domain_handle_undefine (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  g_autoptr (GError) error = NULL;

  if (pvm_helper_domain_is_active (domain))
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                          "is running: destroy it before undefining it");
  if (domain->rescue || domain->rescuing)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                          "is being rescued: unrescue it before undefining it");
  if (_pvm_helper_domain_refuse_while_cloned (domain, invocation, "undefine it"))
    return TRUE;

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

static void
domain_open_serial (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  g_autoptr (GError) error = NULL;
  int fd = pvm_helper_vmm_open_serial (domain->vmm, &error);

  /* The VMM is exiting and pvmd has not heard yet: wait for what follows. */
  if (fd < 0 && pvm_helper_vmm_is_ending (domain->vmm)) {
    domain_with_vmm (domain, invocation, domain_open_serial);
    return;
  }
  if (fd < 0) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                           "Domain '%s' has no serial console now: %s",
                                           domain_name (domain), error->message);
    return;
  }
  g_autoptr (GUnixFDList) out = g_unix_fd_list_new_from_array (&fd, 1);
  pvm_domain_complete_open_serial (PVM_DOMAIN (domain), invocation, out,
                                   g_variant_new_handle (0));
}

static gboolean
domain_handle_open_serial (PvmDomain *iface, GDBusMethodInvocation *invocation,
                           GUnixFDList *fd_list, const char *device)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (*device && strcmp (device, DOMAIN_SERIAL_DEVICE) != 0) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                                           "Domain '%s' has no serial port '%s': its only one "
                                           "is '" DOMAIN_SERIAL_DEVICE "'",
                                           domain_name (domain), device);
    return TRUE;
  }
  return domain_with_vmm (domain, invocation, domain_open_serial);
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
    domain_take_vmm (domain, vmm, "");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    _pvm_helper_domain_set_state (domain, "shutoff", error->message);
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
  _pvm_helper_domain_adopt_rescue (domain);
  pvm_helper_vmm_attach (runtime_dir, domain->config, NULL, domain_on_reattached, task);
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
  pvm_domain_set_autostart (PVM_DOMAIN (domain),
                            pvm_domain_store_get_autostart (
                              pvm_helper_daemon_get_store (daemon),
                              pvm_domain_config_get_uuid (config)));
  pvm_domain_set_rescue_directory (PVM_DOMAIN (domain), "");
  pvm_domain_set_job (PVM_DOMAIN (domain), "/");
  _pvm_helper_domain_set_state (domain, "shutoff", "");
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
  DomainWait *wait;

  while ((wait = g_queue_pop_head (&domain->waiting))) {
    domain_refuse (domain, wait->invocation, PVM_ERROR_FAILED, "is gone: pvmd is stopping");
    g_object_unref (wait->invocation);
    g_free (wait);
  }
  if (domain->vmm)
    g_signal_handlers_disconnect_by_data (domain->vmm, domain);
  g_clear_object (&domain->vmm);
  g_clear_object (&domain->job);
  g_clear_pointer (&domain->rescue, pvm_helper_rescue_free); /* the mounts stay */
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
  iface->handle_get_stats = _pvm_helper_domain_handle_get_stats;
  iface->handle_open_serial = domain_handle_open_serial;
  iface->handle_shutdown = domain_handle_shutdown;
  iface->handle_reboot = domain_handle_reboot;
  iface->handle_set_autostart = _pvm_helper_domain_handle_set_autostart;
  iface->handle_rescue = _pvm_helper_domain_handle_rescue;
  iface->handle_unrescue = _pvm_helper_domain_handle_unrescue;
  iface->handle_clone = _pvm_helper_domain_handle_clone;
}

static void
pvm_helper_domain_class_init (PvmHelperDomainClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pvm_helper_domain_dispose;
  pvm_helper_auth_install (G_DBUS_INTERFACE_SKELETON_CLASS (klass));
}

static void
pvm_helper_domain_init (PvmHelperDomain *domain)
{
  g_queue_init (&domain->waiting);
}

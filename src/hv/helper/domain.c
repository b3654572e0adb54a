/* domain.c: one virtual machine on D-Bus.
 *
 * The handlers check the domain's state, start the work, and answer when it is done: Start
 * once pvm-vmm answers on its control socket, Destroy once the process has ended, Shutdown
 * and Reboot once the power button is pressed. The state follows the VMM: its "state"
 * property while it runs, its "exited" signal when it ends. When it ends, the definition's
 * lifecycle actions (and a pending Reboot) decide whether a new VMM starts at once; the State
 * then stays as it was and StateReason says why it restarted. Restarts after crashes are
 * limited: a domain that crashes again after DOMAIN_CRASH_RESTARTS restarts within
 * DOMAIN_CRASH_WINDOW_S seconds stays crashed.
 */
#include "hv/helper/domain.h"

#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "hv/helper/auth.h"
#include "hv/helper/daemon.h"
#include "hv/helper/domain-store.h"
#include "hv/helper/rescue.h"
#include "hv/helper/vmm.h"

#define DOMAIN_SERIAL_DEVICE "serial0"
#define DOMAIN_CRASH_RESTARTS 3
#define DOMAIN_CRASH_WINDOW_S 60
#define DOMAIN_RESCUE_DIR "rescue" /* in the runtime directory */

struct _PvmHelperDomain {
  PvmDomainSkeleton parent_instance;

  PvmHelperDaemon *daemon;
  PvmDomainConfig *config;
  PvmHelperVmm *vmm;      /* while a pvm-vmm runs the domain */
  gboolean starting;      /* a pvm-vmm is being started */
  gboolean stopping;      /* Destroy is waiting for the VMM to end */
  gboolean reboot_requested; /* Reboot pressed the key: start again once the guest is off */
  gint64 crash_restarts[DOMAIN_CRASH_RESTARTS]; /* when the latest restarts after crashes were */
  guint n_crash_restarts;
  PvmHelperRescue *rescue; /* while its disks are mounted on the host */
  gboolean rescuing;       /* a Rescue or Unrescue is at work */
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

static void domain_start_vmm (PvmHelperDomain *domain, GDBusMethodInvocation *invocation,
                              const char *reason);

/* Records a restart after a crash, unless DOMAIN_CRASH_RESTARTS were made within the last
 * DOMAIN_CRASH_WINDOW_S seconds; returns whether it may be made. */
static gboolean
domain_count_crash_restart (PvmHelperDomain *domain)
{
  gint64 now = g_get_monotonic_time ();
  guint kept = 0;

  for (guint i = 0; i < domain->n_crash_restarts; i++)
    if (now - domain->crash_restarts[i] < DOMAIN_CRASH_WINDOW_S * G_USEC_PER_SEC)
      domain->crash_restarts[kept++] = domain->crash_restarts[i];
  domain->n_crash_restarts = kept;
  if (kept == DOMAIN_CRASH_RESTARTS)
    return FALSE;
  domain->crash_restarts[domain->n_crash_restarts++] = now;
  return TRUE;
}

/* Returns the StateReason of the restart that the end of a VMM calls for (@end, why: @reason,
 * with a Reboot pending if @reboot), or NULL if the domain stays down. */
static char *
domain_restart_reason (PvmHelperDomain *domain, PvmHelperVmmEnd end, const char *reason,
                       gboolean reboot)
{
  PvmDomainConfig *config = domain->config;

  switch (end) {
  case PVM_HELPER_VMM_END_POWEROFF:
  case PVM_HELPER_VMM_END_REBOOT:
    if (reboot)
      return g_strdup ("The guest was rebooted on request");
    if (end == PVM_HELPER_VMM_END_POWEROFF &&
        pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_POWEROFF) ==
          PVM_DOMAIN_LIFECYCLE_RESTART)
      return g_strdup ("Restarted after the guest powered off (on_poweroff is restart)");
    return NULL;
  case PVM_HELPER_VMM_END_CRASHED:
    if (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_CRASH) !=
          PVM_DOMAIN_LIFECYCLE_RESTART ||
        !domain_count_crash_restart (domain))
      return NULL;
    return g_strdup_printf ("Restarted after a crash: %s", reason);
  case PVM_HELPER_VMM_END_DESTROYED:
  default:
    return NULL;
  }
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

  g_autofree char *restart = domain_restart_reason (domain, end, reason, reboot);
  if (restart) {
    g_message ("Domain '%s' ended (%s) and starts again", domain_name (domain), reason);
    domain_start_vmm (domain, NULL, restart);
  } else if (end == PVM_HELPER_VMM_END_CRASHED &&
             pvm_domain_config_get_lifecycle (domain->config, PVM_DOMAIN_ON_CRASH) ==
               PVM_DOMAIN_LIFECYCLE_RESTART) {
    g_autofree char *why = g_strdup_printf ("%s; not restarted again: it was restarted %d times "
                                            "after crashes within %d s", reason,
                                            DOMAIN_CRASH_RESTARTS, DOMAIN_CRASH_WINDOW_S);
    domain_set_state (domain, "crashed", why);
  } else {
    domain_set_state (domain, crashed ? "crashed" : "shutoff", reason);
  }
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
  domain_set_state (domain, pvm_helper_vmm_get_state (vmm), state_reason);
  reason = pvm_helper_vmm_get_exit_reason (vmm, &crashed);
  if (reason) {
    g_autofree char *copy = g_strdup (reason);
    domain_on_vmm_exited (vmm, crashed, copy, domain);
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
    domain_set_state (domain, "shutoff", reason);
    if (start->invocation)
      g_dbus_method_invocation_return_error (start->invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                             "Domain '%s' did not start: %s",
                                             domain_name (domain), error->message);
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

/* Starts a VMM for the inactive @domain; answers @invocation (Start's, or NULL) when it runs
 * or has failed. */
static void
domain_start_vmm (PvmHelperDomain *domain, GDBusMethodInvocation *invocation,
                  const char *reason)
{
  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);
  g_autoptr (GError) error = NULL;
  PvmHelperVmmLaunch launch;

  if (!pvm_helper_daemon_prepare_launch (domain->daemon, domain->config, &launch, &error)) {
    g_autofree char *why = g_strdup_printf ("It did not start: %s", error->message);
    domain_set_state (domain, "shutoff", why);
    if (invocation)
      g_dbus_method_invocation_return_gerror (invocation, error);
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

  domain->n_crash_restarts = 0;
  domain_start_vmm (domain, invocation, "");
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

/* Refuses a call that needs a running VMM whose harts run; returns TRUE if it did. */
static gboolean
domain_refuse_unless_running (PvmHelperDomain *domain, GDBusMethodInvocation *invocation)
{
  if (domain_refuse_unless_up (domain, invocation))
    return TRUE;
  if (g_strcmp0 (pvm_domain_get_state (PVM_DOMAIN (domain)), "running") != 0)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is paused: resume it first");
  return FALSE;
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

static gboolean
domain_handle_shutdown (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain_refuse_unless_running (domain, invocation))
    return TRUE;
  pvm_helper_vmm_power_button (domain->vmm, domain_on_power_button,
                               domain_call_new (domain, invocation));
  return TRUE;
}

static gboolean
domain_handle_reboot (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain_refuse_unless_running (domain, invocation))
    return TRUE;
  domain->reboot_requested = TRUE;
  pvm_helper_vmm_power_button (domain->vmm, domain_on_power_button,
                               domain_call_new (domain, invocation));
  return TRUE;
}

static gboolean
domain_handle_set_autostart (PvmDomain *iface, GDBusMethodInvocation *invocation,
                             gboolean autostart)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  PvmXmlStore *store = pvm_helper_daemon_get_store (domain->daemon);
  g_autoptr (GError) error = NULL;

  if (!pvm_domain_store_set_autostart (store, pvm_domain_config_get_uuid (domain->config),
                                       autostart, &error)) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                           "Domain '%s' cannot change its autostart: %s",
                                           domain_name (domain), error->message);
    return TRUE;
  }
  pvm_domain_set_autostart (iface, autostart);
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (domain));
  pvm_domain_complete_set_autostart (iface, invocation);
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
  if (domain->rescue || domain->rescuing)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                          "is being rescued: unrescue it before undefining it");

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

/* ---- rescue ---- */

static char *
domain_rescue_dir (PvmHelperDomain *domain)
{
  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);

  return g_build_filename (runtime_dir, DOMAIN_RESCUE_DIR, NULL);
}

/* Takes @rescue (or NULL: none) and shows its directory in RescueDirectory. */
static void
domain_set_rescue (PvmHelperDomain *domain, PvmHelperRescue *rescue)
{
  pvm_helper_rescue_free (domain->rescue);
  domain->rescue = rescue;
  pvm_domain_set_rescue_directory (PVM_DOMAIN (domain),
                                   rescue ? pvm_helper_rescue_get_directory (rescue) : "");
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (domain));
}

static void
domain_on_rescued (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  g_autoptr (GError) error = NULL;
  PvmHelperRescue *rescue = pvm_helper_rescue_attach_finish (result, &error);

  domain->rescuing = FALSE;
  if (!rescue) {
    g_dbus_method_invocation_return_error (call->invocation, PVM_ERROR, error->code,
                                           "Domain '%s' cannot be rescued: %s",
                                           domain_name (domain), error->message);
    return;
  }
  domain_set_rescue (domain, rescue);
  g_message ("Domain '%s' is being rescued: its disks are mounted at %s", domain_name (domain),
             pvm_helper_rescue_get_directory (rescue));
  pvm_domain_complete_rescue (PVM_DOMAIN (domain), call->invocation,
                              pvm_helper_rescue_get_directory (rescue));
}

static gboolean
domain_handle_rescue (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  PvmHelperRescueDisk disks[PVM_DOMAIN_MAX_DISKS];
  char targets[PVM_DOMAIN_MAX_DISKS][8];
  guint n_disks = MIN (pvm_domain_config_get_n_disks (domain->config), PVM_DOMAIN_MAX_DISKS);

  if (domain->rescuing)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is being rescued or unrescued");
  if (domain->rescue)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is already being rescued");
  if (pvm_helper_domain_is_active (domain))
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                          "is running: shut it off before rescuing it");
  if (geteuid () != 0)
    return domain_refuse (domain, invocation, PVM_ERROR_NOT_AUTHORIZED,
                          "cannot be rescued here: Rescue needs pvmd in system mode or running "
                          "as root");

  /* The guest sees its disks as vda, vdb, … in order. */
  for (guint i = 0; i < n_disks; i++) {
    g_snprintf (targets[i], sizeof targets[i], "vd%c", 'a' + i);
    disks[i].target = targets[i];
    disks[i].path = pvm_domain_config_get_disk (domain->config, i)->path;
  }
  g_autofree char *dir = domain_rescue_dir (domain);
  domain->rescuing = TRUE;
  pvm_helper_rescue_attach_async (dir, disks, n_disks, NULL, domain_on_rescued,
                                  domain_call_new (domain, invocation));
  return TRUE;
}

static void
domain_on_unrescued (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DomainCall) call = data;
  PvmHelperDomain *domain = call->domain;
  g_autoptr (GError) error = NULL;

  domain->rescuing = FALSE;
  if (!pvm_helper_rescue_release_finish (result, &error)) {
    g_dbus_method_invocation_return_error (call->invocation, PVM_ERROR, error->code,
                                           "Domain '%s' stays rescued: %s",
                                           domain_name (domain), error->message);
    return;
  }
  domain_set_rescue (domain, NULL);
  g_message ("Domain '%s' is no longer being rescued", domain_name (domain));
  pvm_domain_complete_unrescue (PVM_DOMAIN (domain), call->invocation);
}

static gboolean
domain_handle_unrescue (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);

  if (domain->rescuing)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is being rescued or unrescued");
  if (!domain->rescue)
    return domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is not being rescued");
  domain->rescuing = TRUE;
  pvm_helper_rescue_release_async (domain->rescue, NULL, domain_on_unrescued,
                                   domain_call_new (domain, invocation));
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
    domain_take_vmm (domain, vmm, "");
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
  g_autofree char *rescue_dir = domain_rescue_dir (domain);
  PvmHelperRescue *rescue = pvm_helper_rescue_adopt (rescue_dir);

  g_task_set_source_tag (task, pvm_helper_domain_reattach);
  if (rescue) {
    domain_set_rescue (domain, rescue);
    g_message ("Domain '%s' is still being rescued: its disks are mounted at %s",
               domain_name (domain), rescue_dir);
  }
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
  pvm_domain_set_autostart (PVM_DOMAIN (domain),
                            pvm_domain_store_get_autostart (
                              pvm_helper_daemon_get_store (daemon),
                              pvm_domain_config_get_uuid (config)));
  pvm_domain_set_rescue_directory (PVM_DOMAIN (domain), "");
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

void
pvm_helper_domain_autostart (PvmHelperDomain *domain)
{
  if (!pvm_domain_get_autostart (PVM_DOMAIN (domain)) || pvm_helper_domain_is_active (domain) ||
      domain->rescue || domain->rescuing)
    return;
  g_message ("Domain '%s' is marked autostart: starting it", domain_name (domain));
  domain_start_vmm (domain, NULL, "Started when pvmd started (autostart)");
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
  iface->handle_open_serial = domain_handle_open_serial;
  iface->handle_shutdown = domain_handle_shutdown;
  iface->handle_reboot = domain_handle_reboot;
  iface->handle_set_autostart = domain_handle_set_autostart;
  iface->handle_rescue = domain_handle_rescue;
  iface->handle_unrescue = domain_handle_unrescue;
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
}

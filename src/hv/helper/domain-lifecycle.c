/* domain-lifecycle.c: the lifecycle policy of a domain — what the end of its VMM leads to
 * (the definition's on_poweroff, on_reboot and on_crash, and a pending Reboot) and whether it
 * starts with pvmd (Autostart).
 *
 * A guest that powers off or reboots ends its VMM: on_poweroff restart, or a Reboot that
 * pressed the power key, starts a new one; on_reboot restart never ends it (the VMM resets the
 * machine itself), so a VMM that ends for a reboot had on_reboot destroy. A crash restarts the
 * domain if on_crash says so, at most DOMAIN_CRASH_RESTARTS times within
 * DOMAIN_CRASH_WINDOW_S seconds: a domain that crashes again stays crashed.
 */
#include "hv/helper/domain-private.h"

#include "hv/helper/daemon.h"
#include "hv/helper/domain-store.h"

/* Records a restart after a crash, unless DOMAIN_CRASH_RESTARTS were made within the last
 * DOMAIN_CRASH_WINDOW_S seconds; returns whether it may be made. */
static gboolean
lifecycle_count_crash_restart (PvmHelperDomain *domain)
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
lifecycle_restart_reason (PvmHelperDomain *domain, PvmHelperVmmEnd end, const char *reason,
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
        !lifecycle_count_crash_restart (domain))
      return NULL;
    return g_strdup_printf ("Restarted after a crash: %s", reason);
  case PVM_HELPER_VMM_END_DESTROYED:
  default:
    return NULL;
  }
}

gboolean
_pvm_helper_domain_apply_lifecycle (PvmHelperDomain *domain, PvmHelperVmmEnd end,
                                    gboolean crashed, const char *reason, gboolean reboot)
{
  g_autofree char *restart = lifecycle_restart_reason (domain, end, reason, reboot);

  if (restart) {
    g_message ("Domain '%s' ended (%s) and starts again", _pvm_helper_domain_name (domain),
               reason);
    _pvm_helper_domain_start_vmm (domain, NULL, restart);
    return TRUE;
  }
  if (end == PVM_HELPER_VMM_END_CRASHED &&
      pvm_domain_config_get_lifecycle (domain->config, PVM_DOMAIN_ON_CRASH) ==
        PVM_DOMAIN_LIFECYCLE_RESTART) {
    g_autofree char *why = g_strdup_printf ("%s; not restarted again: it was restarted %d times "
                                            "after crashes within %d s", reason,
                                            DOMAIN_CRASH_RESTARTS, DOMAIN_CRASH_WINDOW_S);
    _pvm_helper_domain_set_state (domain, "crashed", why);
  } else {
    _pvm_helper_domain_set_state (domain, crashed ? "crashed" : "shutoff", reason);
  }
  return FALSE;
}

void
_pvm_helper_domain_reset_crash_count (PvmHelperDomain *domain)
{
  domain->n_crash_restarts = 0;
}

/* ---- autostart ---- */

gboolean
_pvm_helper_domain_handle_set_autostart (PvmDomain *iface, GDBusMethodInvocation *invocation,
                                         gboolean autostart)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  PvmXmlStore *store = pvm_helper_daemon_get_store (domain->daemon);
  g_autoptr (GError) error = NULL;

  if (!pvm_domain_store_set_autostart (store, pvm_domain_config_get_uuid (domain->config),
                                       autostart, &error)) {
    g_dbus_method_invocation_return_error (invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                           "Domain '%s' cannot change its autostart: %s",
                                           _pvm_helper_domain_name (domain), error->message);
    return TRUE;
  }
  pvm_domain_set_autostart (iface, autostart);
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (domain));
  pvm_domain_complete_set_autostart (iface, invocation);
  return TRUE;
}

void
pvm_helper_domain_autostart (PvmHelperDomain *domain)
{
  if (!pvm_domain_get_autostart (PVM_DOMAIN (domain)) || pvm_helper_domain_is_active (domain) ||
      domain->rescue || domain->rescuing || domain->job)
    return;
  g_message ("Domain '%s' is marked autostart: starting it", _pvm_helper_domain_name (domain));
  _pvm_helper_domain_start_vmm (domain, NULL, "Started when pvmd started (autostart)");
}

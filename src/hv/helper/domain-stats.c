/* domain-stats.c: Domain.GetStats, forwarded to the VMM.
 *
 * The VMM keeps the counters (its CPU time and memory, its devices' bytes) and answers
 * org.pvm.Vmm1.GetStats on the private connection pvmd already holds to it; pvmd adds nothing
 * and passes the dictionary on as it came, so a client's rates use the VMM's own timestamps.
 * Unlike the calls that change the state, GetStats never waits for a VMM being started: it
 * is a reading, and a client polling it just asks again.
 */
#include "hv/helper/domain-stats.h"

#include "hv/helper/domain-private.h"

/* A GetStats waiting for the VMM's answer. */
typedef struct {
  PvmHelperDomain *domain;
  GDBusMethodInvocation *invocation;
} StatsCall;

static void
stats_call_free (StatsCall *call)
{
  g_object_unref (call->domain);
  g_object_unref (call->invocation);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StatsCall, stats_call_free)

static void
stats_on_reply (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (StatsCall) call = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) stats = NULL;

  if (pvm_vmm1_call_get_stats_finish (PVM_VMM1 (source), &stats, result, &error)) {
    pvm_domain_complete_get_stats (PVM_DOMAIN (call->domain), call->invocation, stats);
  } else if (g_error_matches (error, PVM_ERROR, PVM_ERROR_BUSY)) {
    /* The VMM is finishing; the domain shows it in a moment. */
    _pvm_helper_domain_refuse (call->domain, call->invocation, PVM_ERROR_BUSY,
                               "is not running");
  } else {
    g_dbus_error_strip_remote_error (error);
    g_dbus_method_invocation_return_error (call->invocation, PVM_ERROR, PVM_ERROR_FAILED,
                                           "The pvm-vmm of domain '%s' did not answer: %s",
                                           _pvm_helper_domain_name (call->domain),
                                           error->message);
  }
}

gboolean
_pvm_helper_domain_handle_get_stats (PvmDomain *iface, GDBusMethodInvocation *invocation)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  PvmVmm1 *proxy;
  StatsCall *call;

  if (domain->starting)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is starting");
  if (!domain->vmm || !(proxy = pvm_helper_vmm_get_proxy (domain->vmm)))
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is not running");
  if (domain->stopping)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY, "is being destroyed");
  call = g_new (StatsCall, 1);
  call->domain = g_object_ref (domain);
  call->invocation = g_object_ref (invocation);
  pvm_vmm1_call_get_stats (proxy, NULL, stats_on_reply, call);
  return TRUE;
}

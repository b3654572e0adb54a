/* domain-private.h: what the files of the Domain object share — domain.c (the state, the
 * VMM, the methods), domain-lifecycle.c (what the end of a VMM leads to, autostart),
 * domain-rescue.c (Rescue, Unrescue), domain-clone.c (Clone) and domain-stats.c (GetStats). */
#pragma once

#include "common/pvm-error.h"
#include "hv/helper/domain.h"
#include "hv/helper/job.h"
#include "hv/helper/rescue.h"
#include "hv/helper/vmm.h"

#define DOMAIN_CRASH_RESTARTS 3
#define DOMAIN_CRASH_WINDOW_S 60

struct _PvmHelperDomain {
  PvmDomainSkeleton parent_instance;

  PvmHelperDaemon *daemon;
  PvmDomainConfig *config;
  PvmHelperVmm *vmm;      /* while a pvm-vmm runs the domain */
  gboolean starting;      /* a pvm-vmm is being started */
  gboolean stopping;      /* Destroy is waiting for the VMM to end */
  gboolean reboot_requested; /* Reboot pressed the key: start again once the guest is off */
  GQueue waiting;         /* calls waiting for the VMM being started, or for the ending one's
                           * successor */
  gint64 crash_restarts[DOMAIN_CRASH_RESTARTS]; /* when the latest restarts after crashes were */
  guint n_crash_restarts;
  PvmHelperRescue *rescue; /* while its disks are mounted on the host */
  gboolean rescuing;       /* a Rescue or Unrescue is at work */
  gboolean cloning;        /* a Clone of the domain is under way */
  PvmHelperJob *job;       /* the job of that Clone, once its volumes are reserved */
};

/* Returns the domain's name; owned by its config. */
const char *_pvm_helper_domain_name (PvmHelperDomain *domain);

/* Sets State and StateReason (logging a change of State) and sends them at once. */
void _pvm_helper_domain_set_state (PvmHelperDomain *domain, const char *state,
                                   const char *reason);

/* Answers @invocation with @code and "Domain '<name>' @what"; returns TRUE. */
gboolean _pvm_helper_domain_refuse (PvmHelperDomain *domain, GDBusMethodInvocation *invocation,
                                    PvmError code, const char *what);

/* Starts a VMM for the inactive @domain; answers @invocation (Start's, or NULL) when it runs
 * or has failed. StateReason becomes @reason once it runs; the State stays as it is until
 * then. */
void _pvm_helper_domain_start_vmm (PvmHelperDomain *domain, GDBusMethodInvocation *invocation,
                                   const char *reason);

/* Sets the Job property to @job's path (and keeps a reference), or to "/" for NULL. */
void _pvm_helper_domain_set_job (PvmHelperDomain *domain, PvmHelperJob *job);

/* ---- domain-lifecycle.c ---- */

/* Applies the definition's lifecycle actions (and a pending Reboot, if @reboot) to the end of
 * the domain's VMM: @end, @crashed and @reason as the VMM's "exited" gave them. Either a new
 * VMM is starting (returns TRUE; State stays as it is, StateReason will say why it restarted)
 * or State becomes "shutoff" or "crashed" with the reason (returns FALSE). */
gboolean _pvm_helper_domain_apply_lifecycle (PvmHelperDomain *domain, PvmHelperVmmEnd end,
                                             gboolean crashed, const char *reason,
                                             gboolean reboot);

/* Forgets the restarts after crashes counted so far: a Start by hand begins a new count. */
void _pvm_helper_domain_reset_crash_count (PvmHelperDomain *domain);

/* The handle_set_autostart of the domain. */
gboolean _pvm_helper_domain_handle_set_autostart (PvmDomain *iface,
                                                  GDBusMethodInvocation *invocation,
                                                  gboolean autostart);

/* ---- domain-rescue.c ---- */

/* The handle_rescue and handle_unrescue of the domain. */
gboolean _pvm_helper_domain_handle_rescue (PvmDomain *iface, GDBusMethodInvocation *invocation);
gboolean _pvm_helper_domain_handle_unrescue (PvmDomain *iface,
                                             GDBusMethodInvocation *invocation);

/* Takes over the mounts a Rescue of an earlier pvmd left, if any. */
void _pvm_helper_domain_adopt_rescue (PvmHelperDomain *domain);

/* ---- domain-clone.c ---- */

/* The handle_clone of the domain. */
gboolean _pvm_helper_domain_handle_clone (PvmDomain *iface, GDBusMethodInvocation *invocation,
                                          const char *name, GVariant *options);

/* Refuses, as Busy, a call that a Clone of the domain under way forbids (@what: "start it",
 * …); returns TRUE if it did. */
gboolean _pvm_helper_domain_refuse_while_cloned (PvmHelperDomain *domain,
                                                 GDBusMethodInvocation *invocation,
                                                 const char *what);

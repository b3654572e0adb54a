/* domain-stats.h: Domain.GetStats (data/org.pvm.Hypervisor1.xml), answered by the domain's
 * pvm-vmm. Area-only: the Domain object's files use it. */
#pragma once

#include "common/pvm-hypervisor1.h"

/* The handle_get_stats of PvmHelperDomain: refuses with PVM_ERROR_BUSY unless the domain is
 * running or paused, else asks its VMM's GetStats (org.pvm.Vmm1) on the private connection
 * and completes @invocation with the VMM's a{sv} once it answers, with PVM_ERROR_BUSY if the
 * VMM is ending, or PVM_ERROR_FAILED if it does not answer. Never blocks; returns TRUE. */
gboolean _pvm_helper_domain_handle_get_stats (PvmDomain *iface,
                                              GDBusMethodInvocation *invocation);

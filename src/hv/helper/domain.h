/* domain.h: the D-Bus object of one virtual machine (org.pvm.Hypervisor1.Domain): its
 * definition, its state, and the pvm-vmm that runs it. */
#pragma once

#include "common/pvm-domain-config.h"
#include "common/pvm-hypervisor1.h"

typedef struct PvmHelperDaemon PvmHelperDaemon;

#define PVM_HELPER_TYPE_DOMAIN (pvm_helper_domain_get_type ())
G_DECLARE_FINAL_TYPE (PvmHelperDomain, pvm_helper_domain, PVM_HELPER, DOMAIN, PvmDomainSkeleton)

/* Returns the domain of @config, shut off. @daemon (the store, the paths) must outlive it. */
PvmHelperDomain *pvm_helper_domain_new (PvmHelperDaemon *daemon, PvmDomainConfig *config);

/* Returns the definition; owned by @domain. */
PvmDomainConfig *pvm_helper_domain_get_config (PvmHelperDomain *domain);

/* Replaces the definition (same UUID) and updates the properties. Only while inactive. */
void pvm_helper_domain_set_config (PvmHelperDomain *domain, PvmDomainConfig *config);

/* Starts the domain if its Autostart is set and it is inactive (and not being rescued);
 * does nothing otherwise. Returns at once: the start completes later, its failure shown in
 * StateReason. */
void pvm_helper_domain_autostart (PvmHelperDomain *domain);

/* Returns TRUE while a pvm-vmm runs the domain or is being started for it. */
gboolean pvm_helper_domain_is_active (PvmHelperDomain *domain);

/* Returns the directory of the domain's runtime files (its VMM's sockets and log); newly
 * allocated. */
char *pvm_helper_domain_get_runtime_dir (PvmHelperDomain *domain);

/* Connects to the pvm-vmm that an earlier pvmd left running for this domain, if any: the
 * domain is then running or paused as the VMM says. One that ended meanwhile leaves it shut
 * off, saying so in StateReason. Completes (never with an error) once known. */
void pvm_helper_domain_reattach (PvmHelperDomain *domain, GAsyncReadyCallback callback,
                                 gpointer user_data);

/* Completes pvm_helper_domain_reattach(); the domain's state is known. */
void pvm_helper_domain_reattach_finish (PvmHelperDomain *domain, GAsyncResult *result);

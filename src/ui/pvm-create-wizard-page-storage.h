/* pvm-create-wizard-page-storage.h: the wizard's page for the machine's new disk (its size and
 * the host's storage pool it is made in) and its network, from the host's pools and
 * networks as pvmd lists them. */
#pragma once

#include <adwaita.h>

#include "common/pvm-hypervisor1.h"
#include "pvm-create-request.h"
#include "pvm-create-wizard-page.h"

G_BEGIN_DECLS

#define PVM_TYPE_CREATE_WIZARD_PAGE_STORAGE (pvm_create_wizard_page_storage_get_type ())
G_DECLARE_FINAL_TYPE (PvmCreateWizardPageStorage, pvm_create_wizard_page_storage, PVM,
                      CREATE_WIZARD_PAGE_STORAGE, PvmCreateWizardPage)

/* Lists the pools and networks of @manager (pvmd's objects) and follows them. */
void pvm_create_wizard_page_storage_set_manager (PvmCreateWizardPageStorage *self,
                                                 GDBusObjectManager *manager);

/* Says whether the machine must have the new disk (a new blank disk for a fully virtualized
 * one) or may go without. */
void pvm_create_wizard_page_storage_set_disk_required (PvmCreateWizardPageStorage *self,
                                                       gboolean required);

/* Sets the machine's name, after which its new disk is named (<name>.img); a volume of that
 * name in the pool is flagged. Looks at the pool's volumes without blocking. */
void pvm_create_wizard_page_storage_set_name (PvmCreateWizardPageStorage *self,
                                              const char *name);

/* Returns the pool in which to make the new disk, or NULL for none (owned by @self). */
PvmStoragePool *pvm_create_wizard_page_storage_get_pool (PvmCreateWizardPageStorage *self);

/* Returns the new disk's volume name (owned by @self) and its size in bytes. */
const char *pvm_create_wizard_page_storage_get_volume (PvmCreateWizardPageStorage *self);
guint64 pvm_create_wizard_page_storage_get_disk_bytes (PvmCreateWizardPageStorage *self);

/* Returns the new disk and the network in a few words each, for the review; newly
 * allocated. */
char *pvm_create_wizard_page_storage_describe_disk (PvmCreateWizardPageStorage *self);
char *pvm_create_wizard_page_storage_describe_network (PvmCreateWizardPageStorage *self);

/* Sets the new disk (the path its pool will give it) and the network of @request (strings
 * owned by @self). */
void pvm_create_wizard_page_storage_fill (PvmCreateWizardPageStorage *self,
                                          PvmCreateRequest *request);

G_END_DECLS

/* pvm-create-wizard-page-hardware.h: the wizard's page for the machine's name, processors
 * and memory, each checked as it is typed. */
#pragma once

#include <adwaita.h>

#include "pvm-create-request.h"
#include "pvm-create-wizard-page.h"

G_BEGIN_DECLS

#define PVM_TYPE_CREATE_WIZARD_PAGE_HARDWARE (pvm_create_wizard_page_hardware_get_type ())
G_DECLARE_FINAL_TYPE (PvmCreateWizardPageHardware, pvm_create_wizard_page_hardware, PVM,
                      CREATE_WIZARD_PAGE_HARDWARE, PvmCreateWizardPage)

/* Sets the host's domains (a list of PvmDomain, kept current by the caller), whose names are
 * taken. */
void pvm_create_wizard_page_hardware_set_domains (PvmCreateWizardPageHardware *self,
                                                  GListModel *domains);

/* Puts @name, made unique on the host, in the name field unless the user has typed there. */
void pvm_create_wizard_page_hardware_suggest_name (PvmCreateWizardPageHardware *self,
                                                   const char *name);

/* Returns the name typed (owned by @self, valid until it changes). */
const char *pvm_create_wizard_page_hardware_get_name (PvmCreateWizardPageHardware *self);

/* Returns the processors and memory in a few words, for the review; newly allocated. */
char *pvm_create_wizard_page_hardware_describe (PvmCreateWizardPageHardware *self);

/* Sets the name, processors and memory of @request (the name owned by @self). */
void pvm_create_wizard_page_hardware_fill (PvmCreateWizardPageHardware *self,
                                           PvmCreateRequest *request);

/* Puts the keyboard focus in the name field. */
void pvm_create_wizard_page_hardware_focus (PvmCreateWizardPageHardware *self);

G_END_DECLS

/* pvm-create-wizard-page-full.h: the wizard's page for a fully virtualized machine's disk
 * and firmware — the host's built-in demo image, a disk image of the user's, or a new blank
 * disk, started by OpenSBI and U-Boot. */
#pragma once

#include <adwaita.h>

#include "pvm-create-request.h"
#include "pvm-create-wizard-page.h"

G_BEGIN_DECLS

#define PVM_TYPE_CREATE_WIZARD_PAGE_FULL (pvm_create_wizard_page_full_get_type ())
G_DECLARE_FINAL_TYPE (PvmCreateWizardPageFull, pvm_create_wizard_page_full, PVM,
                      CREATE_WIZARD_PAGE_FULL, PvmCreateWizardPage)

/* Offers the demo image if @images (the host's DefaultImages, or NULL) has one, and chooses
 * it then; fills in the host's firmware; @local says whether the host is this computer. */
void pvm_create_wizard_page_full_set_host (PvmCreateWizardPageFull *self, GVariant *images,
                                           gboolean local);

/* Returns whether the user chose a new blank disk, which the storage page then makes. */
gboolean pvm_create_wizard_page_full_get_wants_blank_disk (PvmCreateWizardPageFull *self);

/* Returns a name for the machine that says what it runs; newly allocated. */
char *pvm_create_wizard_page_full_get_suggested_name (PvmCreateWizardPageFull *self);

/* Returns what the page shows in a few words, for the review; newly allocated. */
char *pvm_create_wizard_page_full_describe (PvmCreateWizardPageFull *self);

/* Sets the loader, kernel (the firmware's payload) and disk of @request (strings owned by
 * @self, valid until the page changes). */
void pvm_create_wizard_page_full_fill (PvmCreateWizardPageFull *self,
                                       PvmCreateRequest *request);

G_END_DECLS

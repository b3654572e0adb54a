/* pvm-create-wizard-page-pv.h: the wizard's page for a paravirtualized machine's kernel —
 * the host's built-in default guest, or a kernel, initramfs and command line. */
#pragma once

#include <adwaita.h>

#include "pvm-create-request.h"
#include "pvm-create-wizard-page.h"

G_BEGIN_DECLS

#define PVM_TYPE_CREATE_WIZARD_PAGE_PV (pvm_create_wizard_page_pv_get_type ())
G_DECLARE_FINAL_TYPE (PvmCreateWizardPagePv, pvm_create_wizard_page_pv, PVM,
                      CREATE_WIZARD_PAGE_PV, PvmCreateWizardPage)

/* Offers the default guest if @images (the host's DefaultImages, or NULL) has one, and
 * chooses it then; @local says whether the host is this computer (files can be chosen and
 * looked for). */
void pvm_create_wizard_page_pv_set_host (PvmCreateWizardPagePv *self, GVariant *images,
                                         gboolean local);

/* Returns a name for the machine that says what it runs; static. */
const char *pvm_create_wizard_page_pv_get_suggested_name (PvmCreateWizardPagePv *self);

/* Returns what the page shows in a few words, for the review; newly allocated. */
char *pvm_create_wizard_page_pv_describe (PvmCreateWizardPagePv *self);

/* Sets the kernel, initramfs and command line of @request (strings owned by @self, valid
 * until the page changes). */
void pvm_create_wizard_page_pv_fill (PvmCreateWizardPagePv *self, PvmCreateRequest *request);

G_END_DECLS

/* pvm-create-wizard-page.h: what every page of the create-VM wizard is — a widget holding
 * some of the new machine's settings that says whether they can be used yet. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PVM_TYPE_CREATE_WIZARD_PAGE (pvm_create_wizard_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (PvmCreateWizardPage, pvm_create_wizard_page, PVM, CREATE_WIZARD_PAGE,
                          AdwBin)

struct _PvmCreateWizardPageClass {
  AdwBinClass parent_class;
};

/* Returns whether what the page holds can be used; "notify::complete" says when that
 * changes. */
gboolean pvm_create_wizard_page_get_complete (PvmCreateWizardPage *self);

G_END_DECLS

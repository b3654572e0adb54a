/* pvm-create-wizard-page-private.h: what the wizard's pages use of their base class. */
#pragma once

#include "pvm-create-wizard-page.h"

G_BEGIN_DECLS

/* Records whether what @self holds can be used, notifying "complete" only when that
 * changes; for the pages themselves. */
void _pvm_create_wizard_page_set_complete (PvmCreateWizardPage *self, gboolean complete);

G_END_DECLS

/* pvm-create-wizard.h: the create-VM wizard — a modal window that asks, step by step, how a
 * new virtual machine runs (paravirtualized or fully virtualized), what it boots, its name,
 * processors, memory, disk and network, shows the definition, then defines it on the host
 * (making its new disk) and starts it if asked. Every call to pvmd is asynchronous. */
#pragma once

#include <adwaita.h>

#include "pvm-host-entry.h"

G_BEGIN_DECLS

#define PVM_TYPE_CREATE_WIZARD (pvm_create_wizard_get_type ())
G_DECLARE_FINAL_TYPE (PvmCreateWizard, pvm_create_wizard, PVM, CREATE_WIZARD, AdwWindow)

/* Returns a new wizard, modal and transient for @parent, that creates a machine on the host
 * of @entry, which must be connected. An error that leaves a machine defined but not
 * started is shown by @parent if it is a PvmManagerWindow, once the wizard has closed. */
PvmCreateWizard *pvm_create_wizard_new (GtkWindow *parent, PvmHostEntry *entry);

G_END_DECLS

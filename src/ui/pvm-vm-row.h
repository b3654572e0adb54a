/* pvm-vm-row.h: one virtual machine in the list — its name, state, mode, CPUs and memory,
 * and the vm.* actions that start, stop, pause, resume, clone and delete it. */
#pragma once

#include <gtk/gtk.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_VM_ROW (pvm_vm_row_get_type ())
G_DECLARE_FINAL_TYPE (PvmVmRow, pvm_vm_row, PVM, VM_ROW, GtkListBoxRow)

/* Returns a new row showing @domain, kept current by its property changes. */
GtkWidget *pvm_vm_row_new (PvmDomain *domain);

/* Returns the domain (owned by the row). */
PvmDomain *pvm_vm_row_get_domain (PvmVmRow *self);

/* Returns the translated word for a domain state ("Running", "Off", …) for @state as pvmd
 * names it; an unknown state is returned as given. Owned by GLib's translation tables or
 * the caller's @state. */
const char *pvm_vm_row_state_label (const char *state);

G_END_DECLS

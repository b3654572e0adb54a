/* pvm-vm-row-private.h: what pvm-vm-row.c and its actions (pvm-vm-row-actions.c) share. */
#pragma once

#include "pvm-vm-row.h"

struct _PvmVmRow {
  GtkListBoxRow parent_instance;

  PvmDomain *domain;
  guint busy; /* calls to pvmd under way */

  GtkImage *state_icon;
  GtkLabel *name_label;
  GtkLabel *details_label;
  GtkLabel *state_label;
  GtkSpinner *spinner;
  GtkButton *primary_button;
  GtkMenuButton *menu_button;
};

/* Installs the vm.* actions and their key bindings on the row class. */
void _pvm_vm_row_class_install_actions (GtkWidgetClass *widget_class);

/* Enables the vm.* actions that the domain's state allows (none while a call is under way). */
void _pvm_vm_row_update_actions (PvmVmRow *self);

/* pvm-vm-row-private.h: what pvm-vm-row.c and its actions (pvm-vm-row-actions.c) share. */
#pragma once

#include "pvm-sparkline.h"
#include "pvm-stats-sampler.h"
#include "pvm-vm-row.h"

struct _PvmVmRow {
  GtkListBoxRow parent_instance;

  PvmDomain *domain;
  guint busy; /* calls to pvmd under way */

  GtkWidget *text_box; /* the name and details, and a job's progress under them */
  GtkImage *state_icon;
  GtkLabel *name_label;
  GtkLabel *details_label;
  GtkLabel *state_label;
  GtkSpinner *spinner; /* NULL until a call to pvmd first runs */
  GtkWidget *console_button;
  GtkButton *primary_button;
  GtkMenuButton *menu_button;
  GMenuModel *vm_menu; /* given to menu_button when it first opens */

  /* The CPU sparkline, fed by the sampler while the row is mapped and the machine runs
   * (pvm-vm-row.c); NULL until the machine first runs. */
  PvmSparkline *cpu_sparkline;
  PvmStatsSampler *sampler;

  /* The long operation pvmd runs on the domain (its Job property: a clone), while there is
   * one: its progress under the details and a button that cancels it (pvm-vm-row.c), made
   * when the first job comes (job_box NULL until then). */
  char *job_path;
  PvmJob *job; /* NULL until its proxy is made */
  GCancellable *job_cancellable;
  GtkWidget *job_box;
  GtkProgressBar *job_progress;
  GtkLabel *job_label;
  GtkWidget *job_cancel_button;
};

/* Installs the vm.* actions, their key bindings and the double-click handler of the
 * template on the row class (after the template is set). */
void _pvm_vm_row_class_install_actions (GtkWidgetClass *widget_class);

/* Shows the spinner while a call to pvmd is under way (busy > 0), making it the first time. */
void _pvm_vm_row_update_spinner (PvmVmRow *self);

/* Enables the vm.* actions that the domain's state allows (none while a call or a job is
 * under way, but vm.cancel-job then). */
void _pvm_vm_row_update_actions (PvmVmRow *self);

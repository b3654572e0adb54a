/* pvm-create-wizard-private.h: what the create-VM wizard's pages share. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Marks @field as wrong, in red and for assistive tools (with @problem as its description),
 * or as right again when @problem is NULL. */
void _pvm_create_wizard_mark_field (GtkWidget *field, const char *problem);

/* Shows @problem in @label, the line under a group of fields, or hides the label when
 * @problem is NULL. */
void _pvm_create_wizard_show_problem (GtkLabel *label, const char *problem);

/* Returns whether a domain in @domains (a list of PvmDomain, or NULL) is named @name. */
gboolean _pvm_create_wizard_name_taken (GListModel *domains, const char *name);

/* Returns @name, or @name-2, @name-3, … : the first that no domain in @domains (a list of
 * PvmDomain) has; newly allocated. */
char *_pvm_create_wizard_unique_name (GListModel *domains, const char *name);

G_END_DECLS

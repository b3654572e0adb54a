/* pvm-host-row.h: one host in the sidebar, with whether it is reachable. */
#pragma once

#include <gtk/gtk.h>

#include "pvm-host-entry.h"

G_BEGIN_DECLS

#define PVM_TYPE_HOST_ROW (pvm_host_row_get_type ())
G_DECLARE_FINAL_TYPE (PvmHostRow, pvm_host_row, PVM, HOST_ROW, GtkListBoxRow)

/* Returns a new row showing @entry, kept current as it connects or fails. */
GtkWidget *pvm_host_row_new (PvmHostEntry *entry);

/* Returns the host (owned by the row). */
PvmHostEntry *pvm_host_row_get_entry (PvmHostRow *self);

G_END_DECLS

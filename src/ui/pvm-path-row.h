/* pvm-path-row.h: an entry row for the path of a file on a host. On this computer it offers a
 * file chooser and checks, without blocking, that the file is there; on a remote host the path
 * is typed and only its form is checked. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PVM_TYPE_PATH_ROW (pvm_path_row_get_type ())
G_DECLARE_FINAL_TYPE (PvmPathRow, pvm_path_row, PVM, PATH_ROW, AdwEntryRow)

/* Says whether the host is this computer: the Browse button shows and the file is looked
 * for. */
void pvm_path_row_set_local (PvmPathRow *self, gboolean local);

/* Returns the path typed, without surrounding spaces, or NULL when there is none (owned by
 * @self). */
const char *pvm_path_row_get_path (PvmPathRow *self);

/* Returns what is wrong with the path typed, one sentence naming it, or NULL if nothing is
 * (owned by @self); "notify::problem" says when that changes. An empty row has no problem
 * (it is not ok either, unless its "optional" property is set). */
const char *pvm_path_row_get_problem (PvmPathRow *self);

/* Returns whether the path can be used: given (or optional), without a problem, and the
 * look for the file is done; "notify::ok" says when that changes. */
gboolean pvm_path_row_get_ok (PvmPathRow *self);

G_END_DECLS

/* atomic-file.h: the files pvmd keeps its definitions in (domains, networks, pools) are
 * replaced whole, so that after a crash each holds either its old or its new contents. */
#pragma once

#include <glib.h>

/* Writes @contents to @path with mode 0600: to a temporary file in the same directory, synced,
 * renamed over @path, and the directory synced. Blocks on the disk. Returns FALSE with @error
 * (G_FILE_ERROR) on failure, leaving the old file as it was. */
gboolean pvm_helper_atomic_file_write (const char *path, const char *contents, GError **error);

/* Deletes @path and syncs its directory. Returns TRUE if it is gone (also if it was not
 * there), FALSE with @error (G_FILE_ERROR) if it cannot be removed. Blocks on the disk. */
gboolean pvm_helper_atomic_file_remove (const char *path, GError **error);

/* Creates @dir (mode 0700; its parents 0755) if it is missing. Returns FALSE with @error
 * (G_FILE_ERROR, naming @what and @dir) if it cannot be made or is not a directory. */
gboolean pvm_helper_atomic_file_make_dir (const char *dir, const char *what, GError **error);

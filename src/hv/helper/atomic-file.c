/* atomic-file.c: definitions replaced whole — write, sync, rename, sync the directory. */
#include "hv/helper/atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* Sets @error to "@what @path: <why>" for errno @err. */
static gboolean
set_errno_error (GError **error, int err, const char *what, const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s %s: %s", what, path,
               g_strerror (err));
  return FALSE;
}

/* Makes a rename or an unlink in the directory of @path durable. */
static gboolean
sync_parent (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) < 0) {
    int err = errno;
    if (fd >= 0)
      close (fd);
    return set_errno_error (error, err, "Cannot sync the directory", dir);
  }
  close (fd);
  return TRUE;
}

gboolean
pvm_helper_atomic_file_write (const char *path, const char *contents, GError **error)
{
  /* GLib writes a temporary file in the same directory, fsyncs it and renames it. */
  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;
  return sync_parent (path, error);
}

gboolean
pvm_helper_atomic_file_remove (const char *path, GError **error)
{
  if (g_unlink (path) < 0 && errno != ENOENT)
    return set_errno_error (error, errno, "Cannot delete", path);
  return sync_parent (path, error);
}

gboolean
pvm_helper_atomic_file_make_dir (const char *dir, const char *what, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  if (g_mkdir_with_parents (parent, 0755) < 0 || (g_mkdir (dir, 0700) < 0 && errno != EEXIST)) {
    g_autofree char *message = g_strdup_printf ("Cannot create the %s", what);
    return set_errno_error (error, errno, message, dir);
  }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR, "The %s %s is not a directory", what,
                 dir);
    return FALSE;
  }
  return TRUE;
}

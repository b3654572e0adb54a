/* domain-store.c: a domain's autostart link beside its definition. */
#include "hv/helper/domain-store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hv/helper/atomic-file.h"

#define STORE_SUFFIX ".xml"
#define STORE_AUTOSTART_DIR "autostart"

gboolean
pvm_domain_store_remove (PvmXmlStore *store, const char *uuid, GError **error)
{
  return pvm_domain_store_set_autostart (store, uuid, FALSE, error) &&
         pvm_xml_store_remove (store, uuid, error);
}

static char *
store_autostart_path (PvmXmlStore *store, const char *uuid)
{
  g_autofree char *file = g_strconcat (uuid, STORE_SUFFIX, NULL);
  return g_build_filename (pvm_xml_store_get_dir (store), STORE_AUTOSTART_DIR, file, NULL);
}

gboolean
pvm_domain_store_get_autostart (PvmXmlStore *store, const char *uuid)
{
  g_autofree char *path = store_autostart_path (store, uuid);
  struct stat st;

  return lstat (path, &st) == 0;
}

gboolean
pvm_domain_store_set_autostart (PvmXmlStore *store, const char *uuid, gboolean autostart,
                                GError **error)
{
  g_autofree char *path = store_autostart_path (store, uuid);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = g_strconcat ("../", uuid, STORE_SUFFIX, NULL);
  g_autofree char *tmp = g_strconcat (path, ".new", NULL);
  int fd;

  if (!autostart)
    return !pvm_domain_store_get_autostart (store, uuid) ||
           pvm_helper_atomic_file_remove (path, error);
  if (!pvm_helper_atomic_file_make_dir (dir, "the autostart directory", error))
    return FALSE;
  unlink (tmp);
  if (symlink (target, tmp) < 0 || rename (tmp, path) < 0) {
    int err = errno;
    unlink (tmp);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "Cannot link %s: %s", path,
                 g_strerror (err));
    return FALSE;
  }
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fsync (fd) < 0) {
    int err = errno;
    if (fd >= 0)
      close (fd);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "Cannot sync %s: %s", dir,
                 g_strerror (err));
    return FALSE;
  }
  close (fd);
  return TRUE;
}

/* domain-store.c: one libvirt domain XML file per virtual machine. */
#include "hv/helper/domain-store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hv/helper/atomic-file.h"

#define STORE_SUFFIX ".xml"
#define STORE_AUTOSTART_DIR "autostart"

struct PvmDomainStore {
  char *dir;
};

PvmDomainStore *
pvm_domain_store_new (const char *dir, GError **error)
{
  if (!pvm_helper_atomic_file_make_dir (dir, "domain directory", error))
    return NULL;

  PvmDomainStore *store = g_new0 (PvmDomainStore, 1);
  store->dir = g_strdup (dir);
  return store;
}

void
pvm_domain_store_free (PvmDomainStore *store)
{
  if (!store)
    return;
  g_free (store->dir);
  g_free (store);
}

const char *
pvm_domain_store_get_dir (PvmDomainStore *store)
{
  return store->dir;
}

static char *
store_path (PvmDomainStore *store, const char *uuid)
{
  g_autofree char *file = g_strconcat (uuid, STORE_SUFFIX, NULL);
  return g_build_filename (store->dir, file, NULL);
}

static PvmDomainConfig *
store_load (PvmDomainStore *store, const char *file)
{
  g_autofree char *path = g_build_filename (store->dir, file, NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &xml, NULL, &error)) {
    g_warning ("Skipping the definition %s: %s", path, error->message);
    return NULL;
  }
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (xml, &error);
  if (!config) {
    g_warning ("Skipping the definition %s: %s", path, error->message);
    return NULL;
  }
  g_autofree char *expected = g_strconcat (pvm_domain_config_get_uuid (config), STORE_SUFFIX,
                                           NULL);
  if (strcmp (file, expected) != 0) {
    g_warning ("Skipping the definition %s: it holds the domain with UUID %s", path,
               pvm_domain_config_get_uuid (config));
    return NULL;
  }
  return g_steal_pointer (&config);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
pvm_domain_store_load_all (PvmDomainStore *store)
{
  GPtrArray *configs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (store->dir, 0, &error);
  const char *name;

  if (!dir) {
    g_warning ("Cannot read the domain directory %s: %s", store->dir, error->message);
    return configs;
  }
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, STORE_SUFFIX) && name[0] != '.')
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_names);

  for (guint i = 0; i < files->len; i++) {
    PvmDomainConfig *config = store_load (store, files->pdata[i]);
    if (config)
      g_ptr_array_add (configs, config);
  }
  return configs;
}

gboolean
pvm_domain_store_save (PvmDomainStore *store, PvmDomainConfig *config, GError **error)
{
  g_autofree char *path = store_path (store, pvm_domain_config_get_uuid (config));
  g_autofree char *xml = pvm_domain_config_to_xml (config);

  return pvm_helper_atomic_file_write (path, xml, error);
}

gboolean
pvm_domain_store_remove (PvmDomainStore *store, const char *uuid, GError **error)
{
  g_autofree char *path = store_path (store, uuid);

  return pvm_domain_store_set_autostart (store, uuid, FALSE, error) &&
         pvm_helper_atomic_file_remove (path, error);
}

static char *
store_autostart_path (PvmDomainStore *store, const char *uuid)
{
  g_autofree char *file = g_strconcat (uuid, STORE_SUFFIX, NULL);
  return g_build_filename (store->dir, STORE_AUTOSTART_DIR, file, NULL);
}

gboolean
pvm_domain_store_get_autostart (PvmDomainStore *store, const char *uuid)
{
  g_autofree char *path = store_autostart_path (store, uuid);
  struct stat st;

  return lstat (path, &st) == 0;
}

gboolean
pvm_domain_store_set_autostart (PvmDomainStore *store, const char *uuid, gboolean autostart,
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

/* pool-store.c: one libvirt storage pool XML file per pool. */
#include "hv/helper/pool-store.h"

#include <string.h>

#include "hv/helper/atomic-file.h"

#define STORE_SUFFIX ".xml"

struct PvmPoolStore {
  char *dir;
};

PvmPoolStore *
pvm_pool_store_new (const char *dir, GError **error)
{
  if (!pvm_helper_atomic_file_make_dir (dir, "pool directory", error))
    return NULL;

  PvmPoolStore *store = g_new0 (PvmPoolStore, 1);
  store->dir = g_strdup (dir);
  return store;
}

void
pvm_pool_store_free (PvmPoolStore *store)
{
  if (!store)
    return;
  g_free (store->dir);
  g_free (store);
}

static char *
store_path (PvmPoolStore *store, const char *name)
{
  g_autofree char *file = g_strconcat (name, STORE_SUFFIX, NULL);
  return g_build_filename (store->dir, file, NULL);
}

static PvmPoolConfig *
store_load (PvmPoolStore *store, const char *file)
{
  g_autofree char *path = g_build_filename (store->dir, file, NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &xml, NULL, &error)) {
    g_warning ("Skipping the pool definition %s: %s", path, error->message);
    return NULL;
  }
  g_autoptr (PvmPoolConfig) config = pvm_pool_config_new_from_xml (xml, &error);
  if (!config) {
    g_warning ("Skipping the pool definition %s: %s", path, error->message);
    return NULL;
  }
  g_autofree char *expected = g_strconcat (pvm_pool_config_get_name (config), STORE_SUFFIX,
                                           NULL);
  if (strcmp (file, expected) != 0) {
    g_warning ("Skipping the pool definition %s: it holds the pool '%s'", path,
               pvm_pool_config_get_name (config));
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
pvm_pool_store_load_all (PvmPoolStore *store)
{
  GPtrArray *configs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (store->dir, 0, &error);
  const char *name;

  if (!dir) {
    g_warning ("Cannot read the pool directory %s: %s", store->dir, error->message);
    return configs;
  }
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, STORE_SUFFIX) && name[0] != '.')
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_names);

  for (guint i = 0; i < files->len; i++) {
    PvmPoolConfig *config = store_load (store, files->pdata[i]);
    if (config)
      g_ptr_array_add (configs, config);
  }
  return configs;
}

gboolean
pvm_pool_store_save (PvmPoolStore *store, PvmPoolConfig *config, GError **error)
{
  g_autofree char *path = store_path (store, pvm_pool_config_get_name (config));
  g_autofree char *xml = pvm_pool_config_to_xml (config);

  return pvm_helper_atomic_file_write (path, xml, error);
}

gboolean
pvm_pool_store_remove (PvmPoolStore *store, const char *name, GError **error)
{
  g_autofree char *path = store_path (store, name);

  return pvm_helper_atomic_file_remove (path, error);
}

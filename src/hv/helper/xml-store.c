/* xml-store.c: one libvirt XML file per definition, in one directory per kind. */
#include "hv/helper/xml-store.h"

#include <string.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-network-config.h"
#include "hv/helper/atomic-file.h"
#include "hv/helper/pool-config.h"

#define STORE_SUFFIX ".xml"

struct PvmXmlStore {
  char *dir;
  const PvmXmlStoreKind *kind;
};

/* ---- the kinds ---- */

static GObject *
domain_parse (const char *xml, GError **error)
{
  return G_OBJECT (pvm_domain_config_new_from_xml (xml, error));
}

static const char *
domain_key (GObject *config)
{
  return pvm_domain_config_get_uuid (PVM_DOMAIN_CONFIG (config));
}

static char *
domain_to_xml (GObject *config)
{
  return pvm_domain_config_to_xml (PVM_DOMAIN_CONFIG (config));
}

static char *
domain_describe (GObject *config)
{
  return g_strdup_printf ("the domain with UUID %s", domain_key (config));
}

const PvmXmlStoreKind pvm_xml_store_domains = {
  "domain", domain_parse, domain_key, domain_to_xml, domain_describe,
};

static GObject *
pool_parse (const char *xml, GError **error)
{
  return G_OBJECT (pvm_pool_config_new_from_xml (xml, error));
}

static const char *
pool_key (GObject *config)
{
  return pvm_pool_config_get_name (PVM_POOL_CONFIG (config));
}

static char *
pool_to_xml (GObject *config)
{
  return pvm_pool_config_to_xml (PVM_POOL_CONFIG (config));
}

static char *
pool_describe (GObject *config)
{
  return g_strdup_printf ("the pool '%s'", pool_key (config));
}

const PvmXmlStoreKind pvm_xml_store_pools = {
  "pool", pool_parse, pool_key, pool_to_xml, pool_describe,
};

static GObject *
network_parse (const char *xml, GError **error)
{
  return G_OBJECT (pvm_network_config_new_from_xml (xml, error));
}

static const char *
network_key (GObject *config)
{
  return pvm_network_config_get_name (PVM_NETWORK_CONFIG (config));
}

static char *
network_to_xml (GObject *config)
{
  return pvm_network_config_to_xml (PVM_NETWORK_CONFIG (config));
}

static char *
network_describe (GObject *config)
{
  return g_strdup_printf ("the network '%s'", network_key (config));
}

const PvmXmlStoreKind pvm_xml_store_networks = {
  "network", network_parse, network_key, network_to_xml, network_describe,
};

/* ---- the store ---- */

PvmXmlStore *
pvm_xml_store_new (const char *dir, const PvmXmlStoreKind *kind, GError **error)
{
  g_autofree char *what = g_strdup_printf ("%s directory", kind->noun);

  if (!pvm_helper_atomic_file_make_dir (dir, what, error))
    return NULL;

  PvmXmlStore *store = g_new0 (PvmXmlStore, 1);
  store->dir = g_strdup (dir);
  store->kind = kind;
  return store;
}

void
pvm_xml_store_free (PvmXmlStore *store)
{
  if (!store)
    return;
  g_free (store->dir);
  g_free (store);
}

const char *
pvm_xml_store_get_dir (PvmXmlStore *store)
{
  return store->dir;
}

char *
pvm_xml_store_path (PvmXmlStore *store, const char *key)
{
  g_autofree char *file = g_strconcat (key, STORE_SUFFIX, NULL);
  return g_build_filename (store->dir, file, NULL);
}

static GObject *
store_load (PvmXmlStore *store, const char *file)
{
  const PvmXmlStoreKind *kind = store->kind;
  g_autofree char *path = g_build_filename (store->dir, file, NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &xml, NULL, &error)) {
    g_warning ("Skipping the %s definition %s: %s", kind->noun, path, error->message);
    return NULL;
  }
  g_autoptr (GObject) config = kind->parse (xml, &error);
  if (!config) {
    g_warning ("Skipping the %s definition %s: %s", kind->noun, path, error->message);
    return NULL;
  }
  g_autofree char *expected = g_strconcat (kind->key (config), STORE_SUFFIX, NULL);
  if (strcmp (file, expected) != 0) {
    g_autofree char *what = kind->describe (config);
    g_warning ("Skipping the %s definition %s: it holds %s", kind->noun, path, what);
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
pvm_xml_store_load_all (PvmXmlStore *store)
{
  GPtrArray *configs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (store->dir, 0, &error);
  const char *name;

  if (!dir) {
    g_warning ("Cannot read the %s directory %s: %s", store->kind->noun, store->dir,
               error->message);
    return configs;
  }
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, STORE_SUFFIX) && name[0] != '.')
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_names);

  for (guint i = 0; i < files->len; i++) {
    GObject *config = store_load (store, files->pdata[i]);
    if (config)
      g_ptr_array_add (configs, config);
  }
  return configs;
}

gboolean
pvm_xml_store_save (PvmXmlStore *store, gpointer config, GError **error)
{
  g_autofree char *path = pvm_xml_store_path (store, store->kind->key (config));
  g_autofree char *xml = store->kind->to_xml (config);

  return pvm_helper_atomic_file_write (path, xml, error);
}

gboolean
pvm_xml_store_remove (PvmXmlStore *store, const char *key, GError **error)
{
  g_autofree char *path = pvm_xml_store_path (store, key);

  return pvm_helper_atomic_file_remove (path, error);
}

/* xml-store.h: the definitions pvmd keeps — one libvirt XML file per domain, storage pool or
 * network, named <key>.xml (a domain's UUID, a pool's or a network's name), in one directory
 * per kind. */
#pragma once

#include <glib-object.h>

/* What one kind of definition is to its store. */
typedef struct {
  const char *noun; /* "domain", "pool", "network" */
  /* Returns the definition in @xml, or NULL with @error naming what is wrong. */
  GObject *(*parse) (const char *xml, GError **error);
  /* Returns the name of @config's file without ".xml"; owned by @config. */
  const char *(*key) (GObject *config);
  /* Returns @config as XML, newly allocated. */
  char *(*to_xml) (GObject *config);
  /* Describes @config by its key in a warning, e.g. "the pool 'default'"; newly allocated. */
  char *(*describe) (GObject *config);
} PvmXmlStoreKind;

/* The three kinds pvmd keeps (PvmDomainConfig, PvmPoolConfig, PvmNetworkConfig). */
extern const PvmXmlStoreKind pvm_xml_store_domains;
extern const PvmXmlStoreKind pvm_xml_store_pools;
extern const PvmXmlStoreKind pvm_xml_store_networks;

typedef struct PvmXmlStore PvmXmlStore;

/* Returns the store of @kind on @dir, creating the directory (mode 0700, parents 0755) if it
 * is missing. Returns NULL with @error (G_FILE_ERROR) if it cannot be created. */
PvmXmlStore *pvm_xml_store_new (const char *dir, const PvmXmlStoreKind *kind, GError **error);

/* Frees @store (NULL is ignored); the files stay. */
void pvm_xml_store_free (PvmXmlStore *store);

/* Returns the directory; owned by @store. */
const char *pvm_xml_store_get_dir (PvmXmlStore *store);

/* Reads every <key>.xml of the directory. A file that cannot be read, that the kind does not
 * parse, or whose definition has another key is left alone and logged as a warning naming it.
 * Returns the definitions in file name order, owned by the array; never NULL. */
GPtrArray *pvm_xml_store_load_all (PvmXmlStore *store);

/* Writes @config as <key>.xml: to a temporary file, synced, renamed over the old file, and the
 * directory synced, so that after a crash the file holds either the old or the new
 * definition. Blocks on the disk. Returns FALSE with @error (G_FILE_ERROR) on failure, leaving
 * the old file as it was. */
gboolean pvm_xml_store_save (PvmXmlStore *store, gpointer config, GError **error);

/* Returns the path of the file of @key, newly allocated. */
char *pvm_xml_store_path (PvmXmlStore *store, const char *key);

/* Deletes the file of @key. Returns TRUE if it is gone (also if it was not there), FALSE with
 * @error (G_FILE_ERROR) if it cannot be removed. Blocks on the disk. */
gboolean pvm_xml_store_remove (PvmXmlStore *store, const char *key, GError **error);

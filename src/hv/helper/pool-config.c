/* pool-config.c: a storage pool's definition as libvirt storage pool XML.
 *
 * libvirt-gconfig reads the values and writes the document. What it reads leniently — the
 * pool's type attribute (an unknown type reads as "dir"), repeated elements, the raw text of
 * <name> — is checked on the same text with libxml2. Every check that fails names the
 * element it refuses, in one sentence.
 */
#include "hv/helper/pool-config.h"

#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "common/pvm-error.h"
#include "common/pvm-xml.h"
#include "hv/helper/lvm.h"

struct _PvmPoolConfig {
  GObject parent_instance;

  char *xml;
  char *name, *target, *vg;
  PvmPoolType type;
};

G_DEFINE_FINAL_TYPE (PvmPoolConfig, pvm_pool_config, G_TYPE_OBJECT)

/* ---- the checks ---- */

gboolean
pvm_pool_config_check_name (const char *name, GError **error)
{
  gsize len = strlen (name);
  gboolean ok = len >= 1 && len <= PVM_POOL_MAX_NAME && name[0] != '.' && name[0] != '-';

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_isalnum (name[i]) || strchr ("_.+-", name[i]);
  if (!ok) {
    g_autofree char *shown = g_utf8_make_valid (name, -1);
    return pvm_xml_invalid (
        error,
        "<name> must be 1 to %d characters of A-Z, a-z, 0-9, “_”, “.”, “+” and “-”, "
        "not starting with “.” or “-”, not “%s”",
        PVM_POOL_MAX_NAME, shown);
  }
  return TRUE;
}

typedef struct {
  xmlNode *root;
  GVirConfigStoragePool *pool;
  PvmPoolConfig *config;
} Reader;

static gboolean
check_type (Reader *r, GError **error)
{
  xmlChar *type = xmlGetNoNsProp (r->root, (const xmlChar *) "type");
  gboolean ok = TRUE;

  if (type && strcmp ((const char *) type, "dir") == 0)
    r->config->type = PVM_POOL_TYPE_DIR;
  else if (type && strcmp ((const char *) type, "logical") == 0)
    r->config->type = PVM_POOL_TYPE_LOGICAL;
  else if (!type)
    ok = pvm_xml_invalid (error, "<pool> has no type: pvm knows type=\"dir\" and type=\"logical\"");
  else
    ok = pvm_xml_invalid (error,
                          "<pool type=\"%s\"> is not a kind pvm knows: it has \"dir\" and "
                          "\"logical\"",
                          (const char *)type);
  xmlFree (type);
  return ok;
}

static gboolean
check_name (Reader *r, GError **error)
{
  xmlNode *node;

  if (!pvm_xml_only_child (r->root, "name", &node, error))
    return FALSE;
  g_autofree char *text = pvm_xml_text (node);
  if (!text || !*text)
    return pvm_xml_invalid (error, "<name> is missing: every pool needs a name");
  const char *name = gvir_config_storage_pool_get_name (r->pool);
  if (!pvm_pool_config_check_name (name ? name : text, error))
    return FALSE;
  r->config->name = g_strdup (name);
  return TRUE;
}

/* Checks <source>: a logical pool's volume group, nothing for a directory. */
static gboolean
check_source (Reader *r, GError **error)
{
  xmlNode *source, *name_node;

  if (!pvm_xml_only_child (r->root, "source", &source, error) ||
      !pvm_xml_only_child (source, "name", &name_node, error))
    return FALSE;
  if (r->config->type == PVM_POOL_TYPE_DIR) {
    for (xmlNode *n = source ? source->children : NULL; n; n = n->next)
      if (n->type == XML_ELEMENT_NODE)
        return pvm_xml_invalid (error,
                                "<source><%s> has no meaning in a directory pool: the files "
                                "are in <target><path>",
                                (const char *)n->name);
    return TRUE;
  }

  g_autofree char *vg = pvm_xml_text (name_node);
  if (!vg || !*vg)
    return pvm_xml_invalid (error,
                            "<source><name> is missing: a logical pool names the volume group "
                            "it uses");
  g_autoptr (GError) local = NULL;
  if (!pvm_lvm_check_vg_name (vg, &local))
    return pvm_xml_invalid (error, "<source><name>: %s", local->message);
  r->config->vg = g_steal_pointer (&vg);
  return TRUE;
}

static gboolean
check_target (Reader *r, GError **error)
{
  xmlNode *target, *path_node;

  if (!pvm_xml_only_child (r->root, "target", &target, error) ||
      !pvm_xml_only_child (target, "path", &path_node, error))
    return FALSE;
  g_autofree char *path = pvm_xml_text (path_node);

  if (r->config->type == PVM_POOL_TYPE_LOGICAL) {
    g_autofree char *dev = g_strconcat ("/dev/", r->config->vg, NULL);
    if (path && strcmp (path, dev) != 0)
      return pvm_xml_invalid (error,
                              "<target><path> of a logical pool is where its volume group's "
                              "devices appear, %s, not “%s”",
                              dev, path);
    if (!path) {
      GVirConfigStoragePoolTarget *t = gvir_config_storage_pool_target_new ();
      gvir_config_storage_pool_target_set_path (t, dev);
      gvir_config_storage_pool_set_target (r->pool, t);
      g_object_unref (t);
    }
    r->config->target = g_steal_pointer (&dev);
    return TRUE;
  }

  if (!path || !*path)
    return pvm_xml_invalid (error,
                            "<target><path> is missing: a directory pool needs the directory "
                            "of its files");
  if (!g_path_is_absolute (path) || !g_utf8_validate (path, -1, NULL))
    return pvm_xml_invalid (error, "<target><path> must be an absolute path, not “%s”", path);
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  if (strcmp (canonical, path) != 0 || strcmp (path, "/") == 0)
    return pvm_xml_invalid (error,
                            "<target><path> must be a plain absolute directory without “.”, "
                            "“..”, “//” or a final “/”, such as “%s”, not “%s”",
                            strcmp (canonical, "/") == 0 ? "/var/lib/pvm/images" : canonical, path);
  r->config->target = g_steal_pointer (&path);
  return TRUE;
}

PvmPoolConfig *
pvm_pool_config_new_from_xml (const char *xml, GError **error)
{
  g_autoptr (PvmPoolConfig) config = g_object_new (PVM_TYPE_POOL_CONFIG, NULL);
  g_autoptr (GError) local = NULL;
  Reader r = { .config = config };
  gboolean ok;

  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError *e = xmlGetLastError ();
    g_autofree char *why = g_strstrip (g_strdup (e && e->message ? e->message : "unreadable"));
    pvm_xml_invalid (error, "The pool definition is not well-formed XML (line %d: %s)",
                     e ? e->line : 0, why);
    return NULL;
  }
  r.root = xmlDocGetRootElement (doc);
  if (!r.root || !pvm_xml_is (r.root, "pool")) {
    pvm_xml_invalid (error, "The definition must be a <pool> element, not <%s>",
                     r.root ? (const char *)r.root->name : "");
    xmlFreeDoc (doc);
    return NULL;
  }
  gvir_config_init (NULL, NULL);
  r.pool = gvir_config_storage_pool_new_from_xml (xml, &local);
  if (!r.pool) {
    pvm_xml_invalid (error, "The definition cannot be read as a libvirt storage pool: %s",
                     local->message);
    xmlFreeDoc (doc);
    return NULL;
  }

  ok = check_type (&r, error) && check_name (&r, error) && check_source (&r, error) &&
       check_target (&r, error);
  if (ok) {
    g_autofree char *text = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (r.pool));
    config->xml = pvm_xml_format (text);
  }
  g_object_unref (r.pool);
  xmlFreeDoc (doc);
  return ok ? g_steal_pointer (&config) : NULL;
}

PvmPoolConfig *
pvm_pool_config_new_dir (const char *name, const char *path, GError **error)
{
  gvir_config_init (NULL, NULL);
  GVirConfigStoragePool *pool = gvir_config_storage_pool_new ();
  GVirConfigStoragePoolTarget *target = gvir_config_storage_pool_target_new ();

  gvir_config_storage_pool_set_pool_type (pool, GVIR_CONFIG_STORAGE_POOL_TYPE_DIR);
  gvir_config_storage_pool_set_name (pool, name);
  gvir_config_storage_pool_target_set_path (target, path);
  gvir_config_storage_pool_set_target (pool, target);
  g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (pool));
  g_object_unref (target);
  g_object_unref (pool);
  return pvm_pool_config_new_from_xml (xml, error);
}

char *
pvm_pool_config_to_xml (PvmPoolConfig *config)
{
  return g_strdup (config->xml);
}

const char *
pvm_pool_config_get_name (PvmPoolConfig *config)
{
  return config->name;
}

PvmPoolType
pvm_pool_config_get_pool_type (PvmPoolConfig *config)
{
  return config->type;
}

const char *
pvm_pool_config_get_target (PvmPoolConfig *config)
{
  return config->target;
}

const char *
pvm_pool_config_get_vg (PvmPoolConfig *config)
{
  return config->vg;
}

const char *
pvm_pool_type_to_string (PvmPoolType type)
{
  return type == PVM_POOL_TYPE_LOGICAL ? "logical" : "dir";
}

/* ---- the object ---- */

static void
pvm_pool_config_finalize (GObject *object)
{
  PvmPoolConfig *c = PVM_POOL_CONFIG (object);

  g_free (c->xml);
  g_free (c->name);
  g_free (c->target);
  g_free (c->vg);
  G_OBJECT_CLASS (pvm_pool_config_parent_class)->finalize (object);
}

static void
pvm_pool_config_class_init (PvmPoolConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pvm_pool_config_finalize;
}

static void
pvm_pool_config_init (PvmPoolConfig *config)
{
}

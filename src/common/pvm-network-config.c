/* pvm-network-config.c: a network's definition as libvirt network XML.
 *
 * libvirt-gconfig reads the document and writes it back; it has no getters for a network's
 * values, so these are read from the same text with libxml2. Every check that fails names
 * the element it refuses, in one sentence.
 */
#include "common/pvm-network-config.h"

#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "common/pvm-error.h"
#include "common/pvm-xml.h"

struct _PvmNetworkConfig {
  GObject parent_instance;

  char *xml;
  char *name;
  PvmNetworkForward forward;
  char *bridge;
};

G_DEFINE_FINAL_TYPE (PvmNetworkConfig, pvm_network_config, G_TYPE_OBJECT)

/* The elements kept as they are. */
static const char *const network_passive[] = { "uuid", "title", "description", "metadata" };

/* Fails unless @node has no attribute other than those in @allowed (NULL-terminated). */
static gboolean
xml_only_attrs (xmlNode *node, const char *const *allowed, GError **error)
{
  for (xmlAttr *a = node->properties; a; a = a->next) {
    if (!g_strv_contains (allowed, (const char *) a->name))
      return pvm_xml_invalid (error, "<%s %s> is not supported by pvm", (const char *)node->name,
                              (const char *)a->name);
  }
  return TRUE;
}

gboolean
pvm_network_name_is_valid (const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len > PVM_NETWORK_MAX_NAME || name[0] == '.' || name[0] == '-')
    return FALSE;
  for (const char *p = name; *p; p++) {
    if (!g_ascii_isalnum (*p) && !strchr ("._+-", *p))
      return FALSE;
  }
  return TRUE;
}

gboolean
pvm_network_ifname_is_valid (const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len > PVM_NETWORK_IFNAME_MAX || strcmp (name, ".") == 0 ||
      strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p; p++) {
    if (*p == '/' || *p == ':' || g_ascii_isspace (*p) || !g_ascii_isprint (*p))
      return FALSE;
  }
  return TRUE;
}

/* ---- the checks ---- */

static gboolean
check_name (PvmNetworkConfig *config, xmlNode *node, GError **error)
{
  g_autofree char *name = pvm_xml_text (node);

  if (config->name)
    return pvm_xml_invalid (error, "<name> appears more than once in <network>");
  if (!pvm_network_name_is_valid (name))
    return pvm_xml_invalid (error,
                            "<name> must be 1 to %d characters of A-Z, a-z, 0-9, “.”, “_”, "
                            "“+” and “-”, not starting with “.” or “-”, not “%s”",
                            PVM_NETWORK_MAX_NAME, name);
  config->name = g_steal_pointer (&name);
  return TRUE;
}

static gboolean
check_forward (PvmNetworkConfig *config, xmlNode *node, GError **error)
{
  static const char *const attrs[] = { "mode", NULL };
  g_autofree char *mode = pvm_xml_attr (node, "mode");

  if (!xml_only_attrs (node, attrs, error))
    return FALSE;
  if (g_strcmp0 (mode, "nat") == 0)
    config->forward = PVM_NETWORK_FORWARD_NAT;
  else if (g_strcmp0 (mode, "bridge") == 0)
    config->forward = PVM_NETWORK_FORWARD_BRIDGE;
  else
    return pvm_xml_invalid (error,
                            "<forward mode=\"%s\"> is not a kind of network pvm provides: use "
                            "\"nat\" or \"bridge\"",
                            mode ? mode : "");
  for (xmlNode *n = node->children; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE)
      return pvm_xml_invalid (error, "<forward> takes no <%s>: pvm forwards through the whole host",
                              (const char *)n->name);
  }
  return TRUE;
}

static gboolean
check_bridge (PvmNetworkConfig *config, xmlNode *node, GError **error)
{
  static const char *const attrs[] = { "name", NULL };
  g_autofree char *name = pvm_xml_attr (node, "name");

  if (config->bridge)
    return pvm_xml_invalid (error, "<bridge> appears more than once in <network>");
  if (!xml_only_attrs (node, attrs, error))
    return FALSE;
  if (!name || !pvm_network_ifname_is_valid (name))
    return pvm_xml_invalid (error,
                            "<bridge name> must name a host bridge (1 to %d characters without "
                            "“/”, “:” or spaces), not “%s”",
                            PVM_NETWORK_IFNAME_MAX, name ? name : "");
  config->bridge = g_steal_pointer (&name);
  return TRUE;
}

static gboolean
check_network (PvmNetworkConfig *config, xmlNode *root, GError **error)
{
  gboolean have_forward = FALSE;

  for (xmlNode *n = root->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (pvm_xml_is (n, "name")) {
      if (!check_name (config, n, error))
        return FALSE;
    } else if (pvm_xml_is (n, "forward")) {
      if (have_forward)
        return pvm_xml_invalid (error, "<forward> appears more than once in <network>");
      have_forward = TRUE;
      if (!check_forward (config, n, error))
        return FALSE;
    } else if (pvm_xml_is (n, "bridge")) {
      if (!check_bridge (config, n, error))
        return FALSE;
    } else if (!g_strv_contains (network_passive, (const char *)n->name)) {
      return pvm_xml_invalid (error,
                              "pvm networks take no <%s>: a NAT network is always %s, a bridge "
                              "network is the host bridge's",
                              (const char *)n->name, "10.0.2.0/24 in each guest");
    }
  }

  if (!config->name)
    return pvm_xml_invalid (error, "<name> is missing: every network needs a name");
  if (!have_forward)
    return pvm_xml_invalid (error, "<forward> is missing: write <forward mode=\"nat\"/>, or "
                                   "<forward mode=\"bridge\"/> with <bridge name=\"…\"/>");
  if (config->forward == PVM_NETWORK_FORWARD_BRIDGE && !config->bridge)
    return pvm_xml_invalid (error, "<forward mode=\"bridge\"> needs <bridge name=\"…\"/>: the host "
                                   "bridge the guests join");
  if (config->forward == PVM_NETWORK_FORWARD_NAT && config->bridge)
    return pvm_xml_invalid (error,
                            "<bridge> is for <forward mode=\"bridge\">: a NAT network runs in "
                            "each guest's VMM, on no host bridge");
  return TRUE;
}

/* ---- the object ---- */

static void
pvm_network_config_finalize (GObject *object)
{
  PvmNetworkConfig *config = PVM_NETWORK_CONFIG (object);

  g_free (config->xml);
  g_free (config->name);
  g_free (config->bridge);
  G_OBJECT_CLASS (pvm_network_config_parent_class)->finalize (object);
}

static void
pvm_network_config_class_init (PvmNetworkConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pvm_network_config_finalize;
  gvir_config_init (NULL, NULL);
}

static void
pvm_network_config_init (PvmNetworkConfig *config)
{
}

PvmNetworkConfig *
pvm_network_config_new_from_xml (const char *xml, GError **error)
{
  g_autoptr (PvmNetworkConfig) config = g_object_new (PVM_TYPE_NETWORK_CONFIG, NULL);
  g_autoptr (GError) local = NULL;
  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
  gboolean ok;

  if (!doc) {
    const xmlError *e = xmlGetLastError ();
    g_autofree char *why = g_strstrip (g_strdup (e && e->message ? e->message : "unreadable"));
    pvm_xml_invalid (error, "The definition is not well-formed XML (line %d: %s)", e ? e->line : 0,
                     why);
    return NULL;
  }
  if (!root || !pvm_xml_is (root, "network")) {
    pvm_xml_invalid (error, "The definition must be a <network> element, not <%s>",
                     root ? (const char *)root->name : "");
    xmlFreeDoc (doc);
    return NULL;
  }
  ok = check_network (config, root, error);
  xmlFreeDoc (doc);
  if (!ok)
    return NULL;

  GVirConfigNetwork *network = gvir_config_network_new_from_xml (xml, &local);
  if (!network) {
    pvm_xml_invalid (error, "The definition cannot be read as a libvirt network: %s",
                     local->message);
    return NULL;
  }
  g_autofree char *text = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (network));
  g_object_unref (network);
  config->xml = pvm_xml_format (text);
  return g_steal_pointer (&config);
}

PvmNetworkConfig *
pvm_network_config_new_nat (const char *name, GError **error)
{
  g_autofree char *xml = g_markup_printf_escaped ("<network><name>%s</name>"
                                                  "<forward mode=\"nat\"/></network>",
                                                  name);
  return pvm_network_config_new_from_xml (xml, error);
}

char *
pvm_network_config_to_xml (PvmNetworkConfig *config)
{
  return g_strdup (config->xml);
}

const char *
pvm_network_config_get_name (PvmNetworkConfig *config)
{
  return config->name;
}

PvmNetworkForward
pvm_network_config_get_forward (PvmNetworkConfig *config)
{
  return config->forward;
}

const char *
pvm_network_config_get_bridge (PvmNetworkConfig *config)
{
  return config->bridge;
}

const char *
pvm_network_forward_to_string (PvmNetworkForward forward)
{
  return forward == PVM_NETWORK_FORWARD_BRIDGE ? "bridge" : "nat";
}

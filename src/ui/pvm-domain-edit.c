/* pvm-domain-edit.c: changes written into a domain's XML with libxml2, element by element:
 * what is not changed stays byte for byte what pvmd stored (pvm_xml_format() aside). */
#include "pvm-domain-edit.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "common/pvm-xml.h"

/* libvirt's order of the children of <os> that the edit may add. */
static const char *const edit_os_order[] = {
  "type", "firmware", "loader", "nvram", "bootloader", "bootloader_args", "kernel", "initrd",
  "cmdline", "dtb",
};

static int
edit_os_rank (xmlNode *node)
{
  for (guint i = 0; i < G_N_ELEMENTS (edit_os_order); i++)
    if (pvm_xml_is (node, edit_os_order[i]))
      return (int) i;
  return G_N_ELEMENTS (edit_os_order);
}

/* Returns the first child element of @parent named @name, or NULL. */
static xmlNode *
edit_find (xmlNode *parent, const char *name)
{
  for (xmlNode *n = parent->children; n; n = n->next)
    if (pvm_xml_is (n, name))
      return n;
  return NULL;
}

/* Replaces the content of @node with the text @text (escaped when written). */
static void
edit_set_text (xmlNode *node, const char *text)
{
  xmlNodeSetContent (node, NULL);
  xmlNodeAddContent (node, (const xmlChar *) text);
}

/* Sets <os><@name> to @value: NULL leaves it, "" removes it, else it is added in libvirt's
 * order if missing and its text replaced. */
static void
edit_os_path (xmlNode *os, const char *name, const char *value)
{
  xmlNode *node = edit_find (os, name);

  if (!value)
    return;
  if (!*value) {
    if (node) {
      xmlUnlinkNode (node);
      xmlFreeNode (node);
    }
    return;
  }
  if (!node) {
    xmlNode *after = NULL;
    int rank;

    node = xmlNewNode (NULL, (const xmlChar *) name);
    rank = edit_os_rank (node);
    for (xmlNode *n = os->children; n && !after; n = n->next)
      if (n->type == XML_ELEMENT_NODE && edit_os_rank (n) > rank)
        after = n;
    if (after)
      xmlAddPrevSibling (after, node);
    else
      xmlAddChild (os, node);
  }
  edit_set_text (node, value);
}

/* Sets <@name unit="MiB">@mib</name> if the element is there, or if @add. */
static void
edit_memory (xmlNode *root, const char *name, guint64 mib, gboolean add)
{
  xmlNode *node = edit_find (root, name);
  char text[32];

  if (!node && !add)
    return;
  if (!node)
    node = xmlNewChild (root, NULL, (const xmlChar *) name, NULL);
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, mib);
  edit_set_text (node, text);
  xmlSetProp (node, (const xmlChar *) "unit", (const xmlChar *) "MiB");
}

char *
pvm_domain_edit_apply (const char *xml, const PvmDomainEdit *edit, GError **error)
{
  xmlDoc *doc;
  xmlNode *root, *os;
  xmlChar *text = NULL;
  int len = 0;
  char *result;

  g_return_val_if_fail (xml != NULL && edit != NULL, NULL);

  doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  os = root && pvm_xml_is (root, "domain") ? edit_find (root, "os") : NULL;
  if (!os) {
    pvm_xml_invalid (error, _("The definition is not a <domain> with an <os>."));
    xmlFreeDoc (doc);
    return NULL;
  }

  if (edit->vcpus) {
    xmlNode *vcpu = edit_find (root, "vcpu");
    char number[16];

    if (!vcpu)
      vcpu = xmlNewChild (root, NULL, (const xmlChar *) "vcpu", NULL);
    g_snprintf (number, sizeof number, "%u", edit->vcpus);
    edit_set_text (vcpu, number);
  }
  if (edit->memory_mib) {
    edit_memory (root, "memory", edit->memory_mib, TRUE);
    edit_memory (root, "currentMemory", edit->memory_mib, FALSE);
  }
  edit_os_path (os, "loader", edit->loader);
  edit_os_path (os, "kernel", edit->kernel);
  edit_os_path (os, "initrd", edit->initrd);
  edit_os_path (os, "cmdline", edit->cmdline);

  xmlDocDumpMemory (doc, &text, &len);
  result = pvm_xml_format ((const char *) text);
  xmlFree (text);
  xmlFreeDoc (doc);
  return result;
}

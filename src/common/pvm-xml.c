/* pvm-xml.c: libxml2 helpers for the readers of libvirt XML. */
#include "common/pvm-xml.h"

#include <string.h>

#include "common/pvm-error.h"

gboolean
pvm_xml_invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

gboolean
pvm_xml_is (xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         strcmp ((const char *) node->name, name) == 0;
}

gboolean
pvm_xml_only_child (xmlNode *parent, const char *name, xmlNode **out, GError **error)
{
  *out = NULL;
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
    if (!pvm_xml_is (n, name))
      continue;
    if (*out)
      return pvm_xml_invalid (error, "<%s> appears more than once in <%s>", name,
                              (const char *) parent->name);
    *out = n;
  }
  return TRUE;
}

char *
pvm_xml_text (xmlNode *node)
{
  if (!node)
    return NULL;
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strstrip (g_strdup (content ? (const char *) content : ""));
  xmlFree (content);
  return text;
}

char *
pvm_xml_attr (xmlNode *node, const char *name)
{
  xmlChar *value = node ? xmlGetNoNsProp (node, (const xmlChar *) name) : NULL;
  char *copy = value ? g_strdup ((const char *) value) : NULL;
  xmlFree (value);
  return copy;
}

char *
pvm_xml_format (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                 XML_PARSE_NOWARNING);
  xmlBuffer *buffer = xmlBufferCreate ();
  char *formatted;

  if (!doc || xmlNodeDump (buffer, doc, xmlDocGetRootElement (doc), 0, 1) < 0)
    formatted = g_strdup (xml);
  else
    formatted = g_strconcat ((const char *) xmlBufferContent (buffer), "\n", NULL);
  xmlBufferFree (buffer);
  xmlFreeDoc (doc);
  return formatted;
}

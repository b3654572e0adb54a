/* pvm-xml.h: what the readers of libvirt XML (domains, their interfaces, networks, storage
 * pools) share on top of libxml2: finding elements, reading text and attributes, refusing a
 * definition in one sentence, and writing it back as libvirt does. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* Sets @error to PVM_ERROR_INVALID_ARGUMENT with the message @format and returns FALSE. */
gboolean pvm_xml_invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Returns whether @node is an element named @name in no namespace. */
gboolean pvm_xml_is (xmlNode *node, const char *name);

/* Sets @out to the only child element of @parent (which may be NULL) named @name, or NULL if
 * there is none. Returns FALSE with @error if there are several. */
gboolean pvm_xml_only_child (xmlNode *parent, const char *name, xmlNode **out, GError **error);

/* Returns the stripped text of @node, newly allocated; NULL for a NULL node. */
char *pvm_xml_text (xmlNode *node);

/* Returns the value of @node's attribute @name (in no namespace), newly allocated; NULL if
 * @node is NULL or has no such attribute. */
char *pvm_xml_attr (xmlNode *node, const char *name);

/* Returns @xml re-indented (libvirt-gconfig appends what it adds on the closing tag's line),
 * without an XML declaration, as libvirt writes its own files; newly allocated. @xml itself
 * if it does not parse. */
char *pvm_xml_format (const char *xml);

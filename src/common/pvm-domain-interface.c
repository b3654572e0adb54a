/* pvm-domain-interface.c: one <interface> of a domain definition.
 *
 *   <interface type="network">            or type="user" (no <source>)
 *     <source network="default"/>
 *     <mac address="52:54:00:0a:1b:2c"/>    (chosen when missing)
 *     <model type="virtio"/>                (the only model; filled in when missing)
 *     <portForward proto="tcp" address="127.0.0.1">   (NAT only; address: IPv4, optional)
 *       <range start="2222" to="22"/>       (or start="8000" end="8009" [to="80"])
 *     </portForward>
 *   </interface>
 *
 * <portForward> is libvirt's element for user-mode (passt) forwards: the host's ports start..end
 * reach the guest's ports to..to + (end - start). pvm-vmm forwards them with hostfwd.
 */
#include "common/pvm-domain-interface-private.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "common/pvm-error.h"
#include "common/pvm-network-config.h"
#include "common/pvm-xml.h"

/* Fails unless @node has no attribute other than those in @allowed (NULL-terminated). */
static gboolean
only_attrs (xmlNode *node, const char *const *allowed, GError **error)
{
  for (xmlAttr *a = node->properties; a; a = a->next) {
    if (a->ns == NULL && !g_strv_contains (allowed, (const char *) a->name))
      return pvm_xml_invalid (error, "<%s %s> is not supported by pvm in an <interface>",
                              (const char *)node->name, (const char *)a->name);
  }
  return TRUE;
}

/* ---- <mac> ---- */

/* Reads "xx:xx:xx:xx:xx:xx" (either case) into @mac, lowercase; FALSE unless it is a unicast
 * address. */
static gboolean
mac_parse (const char *text, char mac[18])
{
  if (strlen (text) != 17)
    return FALSE;
  for (unsigned i = 0; i < 17; i++) {
    if (i % 3 == 2 ? text[i] != ':' : !g_ascii_isxdigit (text[i]))
      return FALSE;
    mac[i] = g_ascii_tolower (text[i]);
  }
  mac[17] = '\0';
  return !(g_ascii_xdigit_value (mac[1]) & 1);
}

static gboolean
mac_taken (const PvmDomainInterface *ifaces, guint n, const char *mac)
{
  for (guint i = 0; i < n; i++) {
    if (strcmp (ifaces[i].mac, mac) == 0)
      return TRUE;
  }
  return FALSE;
}

static gboolean
read_mac (xmlNode *node, GVirConfigDomainInterface *device, PvmDomainInterface *ifaces,
          guint n, GError **error)
{
  static const char *const attrs[] = { "address", "type", "check", NULL };
  PvmDomainInterface *iface = &ifaces[n];
  g_autofree char *address = NULL;

  if (node) {
    if (!only_attrs (node, attrs, error))
      return FALSE;
    address = pvm_xml_attr (node, "address");
    if (!address || !mac_parse (address, iface->mac))
      return pvm_xml_invalid (error,
                              "<mac address> must be a unicast MAC address such as "
                              "52:54:00:0a:1b:2c, not “%s”",
                              address ? address : "");
    if (mac_taken (ifaces, n, iface->mac))
      return pvm_xml_invalid (error, "<mac address=\"%s\"> is given to two interfaces", iface->mac);
  } else {
    do
      g_snprintf (iface->mac, sizeof iface->mac, "52:54:00:%02x:%02x:%02x",
                  g_random_int_range (0, 256), g_random_int_range (0, 256),
                  g_random_int_range (0, 256));
    while (mac_taken (ifaces, n, iface->mac));
  }
  if (g_strcmp0 (address, iface->mac) != 0)
    gvir_config_domain_interface_set_mac (device, iface->mac);
  return TRUE;
}

/* ---- <portForward> ---- */

static gboolean
port_parse (const char *text, guint16 *port)
{
  char *end;
  guint64 v;

  if (!text || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end || errno || v == 0 || v > G_MAXUINT16)
    return FALSE;
  *port = (guint16) v;
  return TRUE;
}

static gboolean
read_range (xmlNode *node, PvmDomainInterface *iface, gboolean udp, const char *address,
            GError **error)
{
  static const char *const attrs[] = { "start", "end", "to", "exclude", NULL };
  g_autofree char *start_text = pvm_xml_attr (node, "start");
  g_autofree char *end_text = pvm_xml_attr (node, "end");
  g_autofree char *to_text = pvm_xml_attr (node, "to");
  g_autofree char *exclude = pvm_xml_attr (node, "exclude");
  guint16 start, end, to;

  if (!only_attrs (node, attrs, error))
    return FALSE;
  if (exclude && strcmp (exclude, "no") != 0)
    return pvm_xml_invalid (error,
                            "<range exclude=\"%s\"> is not supported: pvm forwards only the "
                            "ports named",
                            exclude);
  if (!port_parse (start_text, &start))
    return pvm_xml_invalid (error, "<range start> must be a port from 1 to 65535, not “%s”",
                            start_text ? start_text : "");
  if (end_text && (!port_parse (end_text, &end) || end < start))
    return pvm_xml_invalid (error, "<range end> must be a port from start (%u) to 65535, not “%s”",
                            start, end_text);
  if (!end_text)
    end = start;
  if (to_text && (!port_parse (to_text, &to) || (guint) to + (end - start) > G_MAXUINT16))
    return pvm_xml_invalid (error, "<range to> must be a port from 1 to %u, not “%s”",
                            G_MAXUINT16 - (end - start), to_text);
  if (!to_text)
    to = start;
  if (iface->n_forwards + (guint) (end - start) + 1 > PVM_DOMAIN_MAX_FORWARDS)
    return pvm_xml_invalid (error,
                            "<portForward> elements of one <interface> forward more than %d "
                            "ports",
                            PVM_DOMAIN_MAX_FORWARDS);

  for (guint port = start; port <= end; port++) {
    PvmDomainPortForward *fwd = &iface->forwards[iface->n_forwards++];
    fwd->udp = udp;
    fwd->address = g_strdup (address);
    fwd->host_port = (guint16) port;
    fwd->guest_port = (guint16) (to + (port - start));
  }
  return TRUE;
}

static gboolean
read_port_forward (xmlNode *node, PvmDomainInterface *iface, GError **error)
{
  static const char *const attrs[] = { "proto", "address", NULL };
  g_autofree char *proto = pvm_xml_attr (node, "proto");
  g_autofree char *address = pvm_xml_attr (node, "address");
  struct in_addr addr;
  gboolean any = FALSE;

  if (!only_attrs (node, attrs, error))
    return FALSE;
  if (g_strcmp0 (proto, "tcp") != 0 && g_strcmp0 (proto, "udp") != 0)
    return pvm_xml_invalid (error, "<portForward proto> must be \"tcp\" or \"udp\", not “%s”",
                            proto ? proto : "");
  if (address && inet_pton (AF_INET, address, &addr) != 1)
    return pvm_xml_invalid (error,
                            "<portForward address> must be an IPv4 address of the host, not "
                            "“%s”",
                            address);
  for (xmlNode *n = node->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (!pvm_xml_is (n, "range"))
      return pvm_xml_invalid (error, "<portForward> takes <range> elements, not <%s>",
                              (const char *)n->name);
    if (!read_range (n, iface, strcmp (proto, "udp") == 0, address, error))
      return FALSE;
    any = TRUE;
  }
  if (!any)
    return pvm_xml_invalid (error, "<portForward> needs a <range start=\"…\"/>: pvm forwards only "
                                   "the ports named");
  return TRUE;
}

/* ---- the rest ---- */

static gboolean
read_source (xmlNode *node, PvmDomainInterface *iface, GError **error)
{
  static const char *const attrs[] = { "network", NULL };
  g_autofree char *network = pvm_xml_attr (node, "network");

  if (iface->type == PVM_DOMAIN_INTERFACE_USER)
    return pvm_xml_invalid (error, "<interface type=\"user\"> takes no <source>: its network is "
                                   "its own");
  if (!only_attrs (node, attrs, error))
    return FALSE;
  if (!network || !pvm_network_name_is_valid (network))
    return pvm_xml_invalid (error,
                            "<source network> must name a network (1 to %d characters of "
                            "A-Z, a-z, 0-9, “.”, “_”, “+” and “-”), not “%s”",
                            PVM_NETWORK_MAX_NAME, network ? network : "");
  iface->network = g_steal_pointer (&network);
  return TRUE;
}

static gboolean
read_model (xmlNode *node, GError **error)
{
  static const char *const attrs[] = { "type", NULL };
  g_autofree char *type = pvm_xml_attr (node, "type");

  if (!only_attrs (node, attrs, error))
    return FALSE;
  if (g_strcmp0 (type, "virtio") != 0)
    return pvm_xml_invalid (error, "<model type=\"%s\"> is not a card pvm provides: use \"virtio\"",
                            type ? type : "");
  return TRUE;
}

static gboolean
read_backend (xmlNode *node, PvmDomainInterface *iface, GError **error)
{
  static const char *const attrs[] = { "type", NULL };
  g_autofree char *type = pvm_xml_attr (node, "type");

  if (iface->type != PVM_DOMAIN_INTERFACE_USER || !only_attrs (node, attrs, error) ||
      (type && strcmp (type, "passt") != 0))
    return pvm_xml_invalid (error, "<backend> is accepted only as <backend type=\"passt\"/> in "
                                   "<interface type=\"user\">, which pvm-vmm runs itself");
  return TRUE;
}

static gboolean
read_children (xmlNode *node, GVirConfigDomainInterface *device, PvmDomainInterface *ifaces,
               guint n, GError **error)
{
  PvmDomainInterface *iface = &ifaces[n];
  xmlNode *mac = NULL, *model = NULL, *source = NULL;

  for (xmlNode *c = node->children; c; c = c->next) {
    xmlNode **once = NULL;
    gboolean ok = TRUE;

    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (pvm_xml_is (c, "mac"))
      once = &mac;
    else if (pvm_xml_is (c, "model"))
      once = &model;
    else if (pvm_xml_is (c, "source"))
      once = &source;
    else if (pvm_xml_is (c, "portForward"))
      ok = read_port_forward (c, iface, error);
    else if (pvm_xml_is (c, "backend"))
      ok = read_backend (c, iface, error);
    else
      return pvm_xml_invalid (error, "pvm does not support <%s> in an <interface>",
                              (const char *)c->name);
    if (!ok)
      return FALSE;
    if (once && *once)
      return pvm_xml_invalid (error, "<%s> appears more than once in <interface>",
                              (const char *)c->name);
    if (once)
      *once = c;
  }

  if (source && !read_source (source, iface, error))
    return FALSE;
  if (iface->type == PVM_DOMAIN_INTERFACE_NETWORK && !iface->network)
    return pvm_xml_invalid (error, "<interface type=\"network\"> needs <source network=\"…\"/>");
  if (model && !read_model (model, error))
    return FALSE;
  if (!model)
    gvir_config_domain_interface_set_model (device, "virtio");
  return read_mac (mac, device, ifaces, n, error);
}

gboolean
_pvm_domain_interface_read (xmlNode *node, GVirConfigDomainDevice *device,
                            PvmDomainInterface *ifaces, guint n, GError **error)
{
  PvmDomainInterface *iface;
  g_autofree char *type = pvm_xml_attr (node, "type");

  if (n == PVM_DOMAIN_MAX_INTERFACES)
    return pvm_xml_invalid (error, "<devices> has more than %d <interface> elements",
                            PVM_DOMAIN_MAX_INTERFACES);
  iface = &ifaces[n];
  memset (iface, 0, sizeof *iface);
  if (g_strcmp0 (type, "network") == 0)
    iface->type = PVM_DOMAIN_INTERFACE_NETWORK;
  else if (g_strcmp0 (type, "user") == 0)
    iface->type = PVM_DOMAIN_INTERFACE_USER;
  else
    return pvm_xml_invalid (error,
                            "<interface type=\"%s\"> is not supported: use \"network\" with a "
                            "network pvmd defines (NAT or a host bridge), or \"user\"",
                            type ? type : "");
  if (!device || !GVIR_CONFIG_IS_DOMAIN_INTERFACE (device))
    return pvm_xml_invalid (error, "<interface type=\"%s\"> cannot be read as a libvirt interface",
                            type);
  if (!read_children (node, GVIR_CONFIG_DOMAIN_INTERFACE (device), ifaces, n, error)) {
    _pvm_domain_interface_clear (iface);
    return FALSE;
  }
  return TRUE;
}

void
_pvm_domain_interface_clear (PvmDomainInterface *iface)
{
  g_clear_pointer ((char **) &iface->network, g_free);
  for (guint i = 0; i < iface->n_forwards; i++)
    g_clear_pointer ((char **) &iface->forwards[i].address, g_free);
  iface->n_forwards = 0;
}

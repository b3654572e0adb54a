/* pvm-domain-config.c: a virtual machine's definition as libvirt domain XML.
 *
 * libvirt-gconfig reads and writes the document. What it has no getter for — <kernel>,
 * <initrd>, <cmdline>, <loader>, a disk's <readonly/>, the names of the device elements, the
 * raw text of a value that gconfig would read as 0, a disk's target bus (which gconfig 4.0
 * reads as "ide" whatever it says) — is read from the same text with libxml2.
 * Every check that fails names the element it refuses, in one sentence. gconfig appends the
 * elements it adds (a missing <uuid>, <vcpu>, <metadata>) at the end of <domain>; they are then
 * moved to where libvirt's schema and its own writer put them (domain_order).
 */
#include "common/pvm-domain-config.h"

#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <sys/stat.h>

#include "common/pvm-domain-interface-private.h"
#include "common/pvm-error.h"
#include "common/pvm-xml.h"

#define DOMAIN_ARCH "riscv64"
#define DOMAIN_MACHINE "virt"

struct _PvmDomainConfig {
  GObject parent_instance;

  char *xml;
  char *name, *uuid;
  PvmDomainMode mode;
  guint64 memory_mib;
  guint vcpus;
  char *kernel, *initrd, *cmdline, *loader;
  PvmDomainDisk disks[PVM_DOMAIN_MAX_DISKS];
  guint n_disks;
  PvmDomainLifecycleAction lifecycle[PVM_DOMAIN_N_LIFECYCLE_EVENTS];
  PvmDomainInterface interfaces[PVM_DOMAIN_MAX_INTERFACES];
  guint n_interfaces;
};

G_DEFINE_FINAL_TYPE (PvmDomainConfig, pvm_domain_config, G_TYPE_OBJECT)

/* One reading: the libxml2 tree and the gconfig object of the same text. */
typedef struct {
  xmlDoc *doc;
  xmlNode *root, *os;
  GVirConfigDomain *domain;
  PvmDomainConfig *config;
} Reader;

/* ---- the checks ---- */

static gboolean
check_name (Reader *r, GError **error)
{
  xmlNode *node;
  if (!pvm_xml_only_child (r->root, "name", &node, error))
    return FALSE;
  g_autofree char *text = pvm_xml_text (node);
  if (!text || !*text)
    return pvm_xml_invalid (error, "<name> is missing: every domain needs a name");

  const char *name = gvir_config_domain_get_name (r->domain);
  gboolean ok = name && g_utf8_validate (name, -1, NULL) &&
                g_utf8_strlen (name, -1) <= PVM_DOMAIN_MAX_NAME && strchr (name, '/') == NULL;
  for (const char *p = name; ok && *p; p = g_utf8_next_char (p))
    ok = !g_unichar_iscntrl (g_utf8_get_char (p));
  if (!ok || strcmp (name, text) != 0)
    return pvm_xml_invalid (error,
                            "<name> must be 1 to %d characters without “/” or control characters, "
                            "not “%s”",
                            PVM_DOMAIN_MAX_NAME, name ? name : text);
  r->config->name = g_strdup (name);
  return TRUE;
}

static gboolean
check_uuid (Reader *r, GError **error)
{
  xmlNode *node;
  if (!pvm_xml_only_child (r->root, "uuid", &node, error))
    return FALSE;
  g_autofree char *text = pvm_xml_text (node);
  g_autofree char *uuid = NULL;

  if (!text) {
    uuid = g_uuid_string_random ();
  } else {
    uuid = g_ascii_strdown (text, -1);
    if (!g_uuid_string_is_valid (uuid))
      return pvm_xml_invalid (error,
                              "<uuid> must be a UUID such as 0b3c6a52-2bd0-4f5c-9c43-6a0d3b1e2f11, "
                              "not “%s”",
                              text);
  }
  if (!text || strcmp (text, uuid) != 0)
    gvir_config_domain_set_uuid (r->domain, uuid);
  r->config->uuid = g_steal_pointer (&uuid);
  return TRUE;
}

static gboolean
check_type (Reader *r, GError **error)
{
  g_autofree char *type = pvm_xml_attr (r->root, "type");

  if (!type)
    gvir_config_domain_set_virt_type (r->domain, GVIR_CONFIG_DOMAIN_VIRT_QEMU);
  else if (strcmp (type, "qemu") != 0 && strcmp (type, "kvm") != 0)
    return pvm_xml_invalid (error, "<domain type=\"%s\"> is not a type pvm runs: use \"qemu\"",
                            type);
  return TRUE;
}

static gboolean
check_memory (Reader *r, GError **error)
{
  xmlNode *node;
  if (!pvm_xml_only_child (r->root, "memory", &node, error))
    return FALSE;
  if (!node)
    return pvm_xml_invalid (error, "<memory> is missing: write for example "
                                   "<memory unit=\"MiB\">256</memory>");

  g_autofree char *text = pvm_xml_text (node);
  guint64 kib = gvir_config_domain_get_memory (r->domain);
  if (kib == 0)
    return pvm_xml_invalid (error,
                            "<memory> must be a size such as <memory unit=\"MiB\">256</memory>, "
                            "not “%s”",
                            text);
  if (kib % 1024 != 0 || kib / 1024 < PVM_DOMAIN_MIN_MEMORY_MIB ||
      kib / 1024 > PVM_DOMAIN_MAX_MEMORY_MIB)
    return pvm_xml_invalid (error,
                            "<memory> must be a whole number of MiB from %d MiB to %d GiB, not "
                            "%" G_GUINT64_FORMAT " KiB",
                            PVM_DOMAIN_MIN_MEMORY_MIB, PVM_DOMAIN_MAX_MEMORY_MIB / 1024, kib);
  r->config->memory_mib = kib / 1024;
  return TRUE;
}

static gboolean
check_vcpus (Reader *r, GError **error)
{
  xmlNode *node;
  if (!pvm_xml_only_child (r->root, "vcpu", &node, error))
    return FALSE;
  if (!node) {
    gvir_config_domain_set_vcpus (r->domain, 1);
    r->config->vcpus = 1;
    return TRUE;
  }

  g_autofree char *text = pvm_xml_text (node);
  guint64 vcpus = gvir_config_domain_get_vcpus (r->domain);
  gboolean digits = *text != '\0';
  for (const char *p = text; *p; p++)
    digits = digits && g_ascii_isdigit (*p);
  if (!digits || vcpus < 1 || vcpus > PVM_DOMAIN_MAX_VCPUS)
    return pvm_xml_invalid (error, "<vcpu> must be a number from 1 to %d, not “%s”",
                            PVM_DOMAIN_MAX_VCPUS, text);
  r->config->vcpus = (guint) vcpus;
  return TRUE;
}

/* Reads the optional path element @name of <os> into @out. */
static gboolean
check_os_path (Reader *r, const char *name, char **out, GError **error)
{
  xmlNode *node;
  if (!pvm_xml_only_child (r->os, name, &node, error))
    return FALSE;
  g_autofree char *path = pvm_xml_text (node);
  if (path && !g_path_is_absolute (path))
    return pvm_xml_invalid (error, "<%s> must be an absolute path, not “%s”", name, path);
  *out = g_steal_pointer (&path);
  return TRUE;
}

static gboolean
check_os_full (Reader *r, xmlNode *type, GError **error)
{
  GVirConfigDomainOs *os = gvir_config_domain_get_os (r->domain);
  g_autofree char *arch = pvm_xml_attr (type, "arch");
  g_autofree char *machine = pvm_xml_attr (type, "machine");
  gboolean ok = TRUE;

  if (arch && strcmp (arch, DOMAIN_ARCH) != 0)
    ok = pvm_xml_invalid (error, "<type arch=\"%s\"> is not an architecture pvm runs: use \"%s\"",
                          arch, DOMAIN_ARCH);
  else if (machine && strcmp (machine, DOMAIN_MACHINE) != 0)
    ok = pvm_xml_invalid (error, "<type machine=\"%s\"> is not a machine pvm provides: use \"%s\"",
                          machine, DOMAIN_MACHINE);
  else if (!r->config->loader)
    ok =
        pvm_xml_invalid (error, "<os> with <type>hvm</type> needs a <loader>: the firmware to run");
  else if (!r->config->kernel && (r->config->initrd || r->config->cmdline))
    ok = pvm_xml_invalid (error, "<%s> needs a <kernel> for the firmware to boot",
                          r->config->initrd ? "initrd" : "cmdline");
  if (ok) {
    if (!arch)
      gvir_config_domain_os_set_arch (os, DOMAIN_ARCH);
    if (!machine)
      gvir_config_domain_os_set_machine (os, DOMAIN_MACHINE);
  }
  g_object_unref (os);
  return ok;
}

static gboolean
check_os (Reader *r, GError **error)
{
  PvmDomainConfig *c = r->config;
  xmlNode *type_node, *cmdline_node;

  if (!pvm_xml_only_child (r->root, "os", &r->os, error))
    return FALSE;
  if (!r->os)
    return pvm_xml_invalid (error, "<os> is missing: it says how the domain boots");
  if (!pvm_xml_only_child (r->os, "type", &type_node, error) ||
      !pvm_xml_only_child (r->os, "cmdline", &cmdline_node, error) ||
      !check_os_path (r, "kernel", &c->kernel, error) ||
      !check_os_path (r, "initrd", &c->initrd, error) ||
      !check_os_path (r, "loader", &c->loader, error))
    return FALSE;

  c->cmdline = pvm_xml_text (cmdline_node);
  if (c->cmdline && strlen (c->cmdline) > PVM_DOMAIN_MAX_CMDLINE)
    return pvm_xml_invalid (error, "<cmdline> is %zu bytes long; it can be at most %d",
                            strlen (c->cmdline), PVM_DOMAIN_MAX_CMDLINE);

  g_autofree char *type = pvm_xml_text (type_node);
  if (type && strcmp (type, "linux") == 0) {
    c->mode = PVM_DOMAIN_MODE_PV;
    if (!c->kernel)
      return pvm_xml_invalid (error, "<os> with <type>linux</type> (PV) needs a <kernel>");
    if (c->loader)
      return pvm_xml_invalid (error, "<loader> is for <type>hvm</type>: a PV domain boots its "
                                     "<kernel> directly");
    if (xmlHasProp (type_node, (const xmlChar *) "arch"))
      return pvm_xml_invalid (error, "<type arch> does not go with <type>linux</type>: the "
                                     "architecture of a PV domain is in <metadata>");
    return TRUE;
  }
  if (type && strcmp (type, "hvm") == 0) {
    c->mode = PVM_DOMAIN_MODE_FULL;
    return check_os_full (r, type_node, error);
  }
  return pvm_xml_invalid (error,
                          "<os><type> must be “linux” (PV) or “hvm” (full virtualization), "
                          "not “%s”",
                          type ? type : "");
}

static gboolean
check_disk (Reader *r, xmlNode *node, GVirConfigDomainDisk *disk, GError **error)
{
  PvmDomainDisk *d = &r->config->disks[r->config->n_disks];
  g_autofree char *type = pvm_xml_attr (node, "type");
  g_autofree char *device = pvm_xml_attr (node, "device");
  GVirConfigDomainDiskType disk_type = gvir_config_domain_disk_get_disk_type (disk);
  xmlNode *target, *readonly;

  if (r->config->n_disks == PVM_DOMAIN_MAX_DISKS)
    return pvm_xml_invalid (error, "<devices> has more than %d <disk> elements",
                            PVM_DOMAIN_MAX_DISKS);
  if (!type || (disk_type != GVIR_CONFIG_DOMAIN_DISK_FILE &&
                disk_type != GVIR_CONFIG_DOMAIN_DISK_BLOCK))
    return pvm_xml_invalid (error, "<disk type=\"%s\"> is not supported: use \"file\" or \"block\"",
                            type ? type : "");
  if (device && strcmp (device, "disk") != 0)
    return pvm_xml_invalid (error, "<disk device=\"%s\"> is not supported: use \"disk\"", device);
  if (!pvm_xml_only_child (node, "target", &target, error) ||
      !pvm_xml_only_child (node, "readonly", &readonly, error))
    return FALSE;
  g_autofree char *bus = pvm_xml_attr (target, "bus");
  if (bus && strcmp (bus, "virtio") != 0)
    return pvm_xml_invalid (error, "<target bus=\"%s\"> is not supported: pvm disks are virtio",
                            bus);

  const char *source = gvir_config_domain_disk_get_source (disk);
  const char *attr = disk_type == GVIR_CONFIG_DOMAIN_DISK_FILE ? "file" : "dev";
  if (!source || !*source)
    return pvm_xml_invalid (error, "<disk type=\"%s\"> needs a <source %s=\"…\"/>", type, attr);
  if (!g_path_is_absolute (source) || strchr (source, ','))
    return pvm_xml_invalid (error, "<source %s> must be an absolute path without commas, not “%s”",
                            attr, source);

  d->path = g_strdup (source);
  d->readonly = readonly != NULL;
  r->config->n_disks++;
  return TRUE;
}

static gboolean
check_interface (Reader *r, xmlNode *node, GVirConfigDomainDevice *device, GError **error)
{
  if (!_pvm_domain_interface_read (node, device, r->config->interfaces,
                                   r->config->n_interfaces, error))
    return FALSE;
  r->config->n_interfaces++;
  return TRUE;
}

/* Devices: disks and network interfaces are checked, the serial port and console pvm always
 * provides are accepted as they are, and <emulator> is ignored; anything else is refused.
 * gconfig lists the device elements in document order, as libxml2 does. */
static gboolean
check_devices (Reader *r, GError **error)
{
  xmlNode *devices;
  gboolean ok = TRUE;

  if (!pvm_xml_only_child (r->root, "devices", &devices, error))
    return FALSE;
  GList *list = gvir_config_domain_get_devices (r->domain);
  GList *l = list;
  for (xmlNode *n = devices ? devices->children : NULL; ok && n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    GVirConfigDomainDevice *device = l ? l->data : NULL;
    l = l ? l->next : NULL;
    if (pvm_xml_is (n, "disk") && device && GVIR_CONFIG_IS_DOMAIN_DISK (device))
      ok = check_disk (r, n, GVIR_CONFIG_DOMAIN_DISK (device), error);
    else if (pvm_xml_is (n, "interface"))
      ok = check_interface (r, n, device, error);
    else if (!pvm_xml_is (n, "serial") && !pvm_xml_is (n, "console") && !pvm_xml_is (n, "emulator"))
      ok = pvm_xml_invalid (error, "pvm does not provide <%s> devices", (const char *)n->name);
  }
  g_list_free_full (list, g_object_unref);
  if (ok && r->config->n_disks + r->config->n_interfaces > PVM_DOMAIN_MAX_DISKS)
    return pvm_xml_invalid (error, "<devices> has %u disks and %u interfaces: together at most %d",
                            r->config->n_disks, r->config->n_interfaces, PVM_DOMAIN_MAX_DISKS);
  return ok;
}

/* <on_poweroff>, <on_reboot>, <on_crash>: "destroy" or "restart" (written back without the
 * blanks around it, as libvirt's schema wants); libvirt's other actions (preserve,
 * rename-restart, coredump-*) are refused. Missing ones take libvirt's defaults. */
static gboolean
check_lifecycle (Reader *r, GError **error)
{
  static const struct {
    const char *element;
    GVirConfigDomainLifecycleEvent event;
    PvmDomainLifecycleAction fallback;
  } events[PVM_DOMAIN_N_LIFECYCLE_EVENTS] = {
    [PVM_DOMAIN_ON_POWEROFF] = { "on_poweroff", GVIR_CONFIG_DOMAIN_LIFECYCLE_ON_POWEROFF,
                                 PVM_DOMAIN_LIFECYCLE_DESTROY },
    [PVM_DOMAIN_ON_REBOOT] = { "on_reboot", GVIR_CONFIG_DOMAIN_LIFECYCLE_ON_REBOOT,
                               PVM_DOMAIN_LIFECYCLE_RESTART },
    [PVM_DOMAIN_ON_CRASH] = { "on_crash", GVIR_CONFIG_DOMAIN_LIFECYCLE_ON_CRASH,
                              PVM_DOMAIN_LIFECYCLE_DESTROY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++) {
    xmlNode *node;
    if (!pvm_xml_only_child (r->root, events[i].element, &node, error))
      return FALSE;
    g_autofree char *action = pvm_xml_text (node);
    if (!action) {
      r->config->lifecycle[i] = events[i].fallback;
      continue;
    }
    if (strcmp (action, "destroy") == 0)
      r->config->lifecycle[i] = PVM_DOMAIN_LIFECYCLE_DESTROY;
    else if (strcmp (action, "restart") == 0)
      r->config->lifecycle[i] = PVM_DOMAIN_LIFECYCLE_RESTART;
    else
      return pvm_xml_invalid (error, "<%s> must be “destroy” or “restart”, not “%s”",
                              events[i].element, action);
    gvir_config_domain_set_lifecycle (r->domain, events[i].event,
                                      r->config->lifecycle[i] == PVM_DOMAIN_LIFECYCLE_RESTART
                                        ? GVIR_CONFIG_DOMAIN_LIFECYCLE_RESTART
                                        : GVIR_CONFIG_DOMAIN_LIFECYCLE_DESTROY);
  }
  return TRUE;
}

/* pvm's own values: <metadata><pvm:domain xmlns:pvm="urn:pvm:domain:1">. A PV domain records
 * its architecture there, which <type>linux</type> cannot say. */
static gboolean
check_metadata (Reader *r, GError **error)
{
  g_autofree char *custom = gvir_config_domain_get_custom_xml (r->domain, PVM_DOMAIN_XML_NS);
  gboolean has_arch = FALSE;

  if (custom) {
    xmlDoc *doc = xmlReadMemory (custom, (int) strlen (custom), NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    gboolean ok = TRUE;

    for (xmlNode *n = root ? root->children : NULL; ok && n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (strcmp ((const char *) n->name, "arch") != 0) {
        ok = pvm_xml_invalid (error, "<%s:%s> in <metadata> is not a pvm setting",
                              PVM_DOMAIN_XML_NS_PREFIX, (const char *)n->name);
        break;
      }
      g_autofree char *arch = pvm_xml_text (n);
      if (strcmp (arch, DOMAIN_ARCH) != 0)
        ok = pvm_xml_invalid (error, "<%s:arch> must be “%s”, not “%s”", PVM_DOMAIN_XML_NS_PREFIX,
                              DOMAIN_ARCH, arch);
      has_arch = TRUE;
    }
    xmlFreeDoc (doc);
    if (!ok)
      return FALSE;
  }

  if (r->config->mode == PVM_DOMAIN_MODE_PV && !has_arch) {
    static const char metadata[] =
      "<" PVM_DOMAIN_XML_NS_PREFIX ":domain xmlns:" PVM_DOMAIN_XML_NS_PREFIX "=\""
      PVM_DOMAIN_XML_NS "\"><" PVM_DOMAIN_XML_NS_PREFIX ":arch>" DOMAIN_ARCH "</"
      PVM_DOMAIN_XML_NS_PREFIX ":arch></" PVM_DOMAIN_XML_NS_PREFIX ":domain>";
    g_autoptr (GError) local = NULL;
    if (!gvir_config_domain_set_custom_xml (r->domain, metadata, PVM_DOMAIN_XML_NS_PREFIX,
                                            PVM_DOMAIN_XML_NS, &local))
      return pvm_xml_invalid (error, "<metadata> cannot take pvm's values: %s", local->message);
  }
  return TRUE;
}

/* ---- the order of <domain>'s children ---- */

/* The children of <domain> in the order libvirt writes them (virDomainDefFormat), which older
 * schemas require. */
static const char *const domain_order[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
  "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader", "bootloader_args",
  "os", "idmap", "features", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash",
  "on_lockfailure", "pm", "perf", "devices", "seclabel", "keywrap", "launchSecurity",
};

/* Returns @node's place in domain_order, or -1 for an element not listed. */
static int
order_rank (xmlNode *node)
{
  for (guint i = 0; i < G_N_ELEMENTS (domain_order); i++)
    if (pvm_xml_is (node, domain_order[i]))
      return (int) i;
  return -1;
}

/* Moves @node (a child of @root) before the first child that libvirt writes after it. */
static void
order_place (xmlNode *root, xmlNode *node)
{
  int rank = order_rank (node);

  xmlUnlinkNode (node);
  for (xmlNode *n = root->children; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && order_rank (n) > rank) {
      xmlAddPrevSibling (n, node);
      return;
    }
  }
  xmlAddChild (root, node);
}

/* Returns @xml (what gconfig wrote) with each child of <domain> that the definition as given
 * (@given, its <domain>) did not have moved to its place in libvirt's order; newly allocated.
 * The elements that were given stay as they were. */
static char *
order_added (const char *xml, xmlNode *given)
{
  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                 XML_PARSE_NOWARNING);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
  g_autoptr (GPtrArray) added = g_ptr_array_new ();

  if (!root)
    return g_strdup (xml);
  for (xmlNode *n = root->children; n; n = n->next) {
    xmlNode *found = NULL;
    if (n->type != XML_ELEMENT_NODE || order_rank (n) < 0)
      continue;
    for (xmlNode *g = given->children; g && !found; g = g->next)
      if (g->type == XML_ELEMENT_NODE && xmlStrEqual (g->name, n->name))
        found = g;
    if (!found)
      g_ptr_array_add (added, n);
  }
  for (guint i = 0; i < added->len; i++)
    order_place (root, added->pdata[i]);

  xmlChar *text = NULL;
  int len = 0;
  xmlDocDumpMemory (doc, &text, &len);
  char *ordered = g_strndup ((const char *) text, (gsize) len);
  xmlFree (text);
  xmlFreeDoc (doc);
  return ordered;
}

/* ---- the object ---- */

static void
pvm_domain_config_finalize (GObject *object)
{
  PvmDomainConfig *c = PVM_DOMAIN_CONFIG (object);

  g_free (c->xml);
  g_free (c->name);
  g_free (c->uuid);
  g_free (c->kernel);
  g_free (c->initrd);
  g_free (c->cmdline);
  g_free (c->loader);
  for (guint i = 0; i < c->n_disks; i++)
    g_free ((char *) c->disks[i].path);
  for (guint i = 0; i < c->n_interfaces; i++)
    _pvm_domain_interface_clear (&c->interfaces[i]);
  G_OBJECT_CLASS (pvm_domain_config_parent_class)->finalize (object);
}

static void
pvm_domain_config_class_init (PvmDomainConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pvm_domain_config_finalize;
  gvir_config_init (NULL, NULL);
}

static void
pvm_domain_config_init (PvmDomainConfig *config)
{
}

PvmDomainConfig *
pvm_domain_config_new_from_xml (const char *xml, GError **error)
{
  g_autoptr (PvmDomainConfig) config = g_object_new (PVM_TYPE_DOMAIN_CONFIG, NULL);
  g_autoptr (GError) local = NULL;
  Reader r = { .config = config };
  gboolean ok;

  r.doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!r.doc) {
    const xmlError *e = xmlGetLastError ();
    g_autofree char *why = g_strstrip (g_strdup (e && e->message ? e->message : "unreadable"));
    pvm_xml_invalid (error, "The definition is not well-formed XML (line %d: %s)", e ? e->line : 0,
                     why);
    return NULL;
  }
  r.root = xmlDocGetRootElement (r.doc);
  if (!r.root || !pvm_xml_is (r.root, "domain")) {
    pvm_xml_invalid (error, "The definition must be a <domain> element, not <%s>",
                     r.root ? (const char *)r.root->name : "");
    xmlFreeDoc (r.doc);
    return NULL;
  }
  r.domain = gvir_config_domain_new_from_xml (xml, &local);
  if (!r.domain) {
    pvm_xml_invalid (error, "The definition cannot be read as a libvirt domain: %s",
                     local->message);
    xmlFreeDoc (r.doc);
    return NULL;
  }

  ok = check_type (&r, error) && check_name (&r, error) && check_uuid (&r, error) &&
       check_memory (&r, error) && check_vcpus (&r, error) && check_os (&r, error) &&
       check_devices (&r, error) && check_lifecycle (&r, error) && check_metadata (&r, error);
  if (ok) {
    g_autofree char *text = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (r.domain));
    g_autofree char *ordered = order_added (text, r.root);
    config->xml = pvm_xml_format (ordered);
  }
  g_object_unref (r.domain);
  xmlFreeDoc (r.doc);
  return ok ? g_steal_pointer (&config) : NULL;
}

PvmDomainConfig *
pvm_domain_config_new (const PvmDomainSpec *spec, GError **error)
{
  GVirConfigDomain *domain;
  GVirConfigDomainOs *os;
  GList *devices = NULL;

  gvir_config_init (NULL, NULL);
  domain = gvir_config_domain_new ();
  os = gvir_config_domain_os_new ();
  gvir_config_domain_set_virt_type (domain, GVIR_CONFIG_DOMAIN_VIRT_QEMU);
  gvir_config_domain_set_name (domain, spec->name ? spec->name : "");
  if (spec->uuid)
    gvir_config_domain_set_uuid (domain, spec->uuid);
  gvir_config_domain_set_memory (domain, spec->memory_mib * 1024);
  gvir_config_domain_set_vcpus (domain, spec->vcpus);

  if (spec->mode == PVM_DOMAIN_MODE_PV) {
    gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_LINUX);
  } else {
    gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_HVM);
    gvir_config_domain_os_set_arch (os, DOMAIN_ARCH);
    gvir_config_domain_os_set_machine (os, DOMAIN_MACHINE);
    gvir_config_domain_os_set_loader (os, spec->loader);
  }
  gvir_config_domain_os_set_kernel (os, spec->kernel);
  gvir_config_domain_os_set_ramdisk (os, spec->initrd);
  gvir_config_domain_os_set_cmdline (os, spec->cmdline);
  gvir_config_domain_set_os (domain, os);
  g_object_unref (os);

  for (guint i = 0; i < spec->n_disks; i++) {
    struct stat st;
    gboolean block = stat (spec->disks[i].path, &st) == 0 && S_ISBLK (st.st_mode);

    devices = g_list_append (devices, pvm_domain_config_new_disk (spec->disks[i].path, block,
                                                                  spec->disks[i].readonly, i));
  }
  gvir_config_domain_set_devices (domain, devices);
  g_list_free_full (devices, g_object_unref);

  g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (domain));
  g_object_unref (domain);
  return pvm_domain_config_new_from_xml (xml, error);
}

GVirConfigDomainDisk *
pvm_domain_config_new_disk (const char *path, gboolean block, gboolean readonly, guint index)
{
  GVirConfigDomainDisk *disk = gvir_config_domain_disk_new ();
  char dev[8];

  g_snprintf (dev, sizeof dev, "vd%c", 'a' + (int) MIN (index, 25u));
  gvir_config_domain_disk_set_type (disk, block ? GVIR_CONFIG_DOMAIN_DISK_BLOCK
                                                : GVIR_CONFIG_DOMAIN_DISK_FILE);
  gvir_config_domain_disk_set_guest_device_type (disk, GVIR_CONFIG_DOMAIN_DISK_GUEST_DEVICE_DISK);
  gvir_config_domain_disk_set_source (disk, path);
  gvir_config_domain_disk_set_target_bus (disk, GVIR_CONFIG_DOMAIN_DISK_BUS_VIRTIO);
  gvir_config_domain_disk_set_target_dev (disk, dev);
  gvir_config_domain_disk_set_readonly (disk, readonly);
  return disk;
}

/* Sets the text of @node to @text. */
static void
clone_set_text (xmlNode *node, const char *text)
{
  xmlNodeSetContent (node, NULL);
  xmlNodeAddContent (node, (const xmlChar *) text);
}

PvmDomainConfig *
pvm_domain_config_new_clone (PvmDomainConfig *config, const char *name, const char *uuid,
                             const char *const *disk_paths, GError **error)
{
  xmlDoc *doc = xmlReadMemory (config->xml, (int) strlen (config->xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                 XML_PARSE_NOWARNING);
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autoptr (GPtrArray) dropped = g_ptr_array_new ();
  guint disk = 0;

  g_return_val_if_fail (root != NULL, NULL);
  for (xmlNode *n = root->children; n; n = n->next) {
    if (pvm_xml_is (n, "name")) {
      clone_set_text (n, name);
    } else if (pvm_xml_is (n, "uuid")) {
      if (uuid)
        clone_set_text (n, uuid);
      else
        g_ptr_array_add (dropped, n);
    } else if (pvm_xml_is (n, "devices")) {
      for (xmlNode *d = n->children; d; d = d->next) {
        if (pvm_xml_is (d, "disk")) {
          const char *path = disk_paths ? disk_paths[disk] : NULL;
          disk++;
          for (xmlNode *c = d->children; path && c; c = c->next)
            if (pvm_xml_is (c, "source"))
              xmlSetProp (c, (const xmlChar *) (xmlHasProp (c, (const xmlChar *) "dev") ? "dev"
                                                                                      : "file"),
                          (const xmlChar *) path);
        } else if (pvm_xml_is (d, "interface")) {
          for (xmlNode *c = d->children; c; c = c->next)
            if (pvm_xml_is (c, "mac"))
              g_ptr_array_add (dropped, c);
        }
      }
    }
  }
  /* Left out, they are chosen anew: a random UUID, random MAC addresses. */
  for (guint i = 0; i < dropped->len; i++) {
    xmlUnlinkNode (dropped->pdata[i]);
    xmlFreeNode (dropped->pdata[i]);
  }

  xmlChar *text = NULL;
  int len = 0;
  xmlDocDumpMemory (doc, &text, &len);
  g_autofree char *xml = g_strndup ((const char *) text, (gsize) len);
  xmlFree (text);
  xmlFreeDoc (doc);
  return pvm_domain_config_new_from_xml (xml, error);
}

char *
pvm_domain_config_to_xml (PvmDomainConfig *config)
{
  return g_strdup (config->xml);
}

const char *
pvm_domain_config_get_name (PvmDomainConfig *config)
{
  return config->name;
}

const char *
pvm_domain_config_get_uuid (PvmDomainConfig *config)
{
  return config->uuid;
}

PvmDomainMode
pvm_domain_config_get_mode (PvmDomainConfig *config)
{
  return config->mode;
}

guint64
pvm_domain_config_get_memory_mib (PvmDomainConfig *config)
{
  return config->memory_mib;
}

guint
pvm_domain_config_get_vcpus (PvmDomainConfig *config)
{
  return config->vcpus;
}

const char *
pvm_domain_config_get_kernel (PvmDomainConfig *config)
{
  return config->kernel;
}

const char *
pvm_domain_config_get_initrd (PvmDomainConfig *config)
{
  return config->initrd;
}

const char *
pvm_domain_config_get_cmdline (PvmDomainConfig *config)
{
  return config->cmdline;
}

const char *
pvm_domain_config_get_loader (PvmDomainConfig *config)
{
  return config->loader;
}

guint
pvm_domain_config_get_n_disks (PvmDomainConfig *config)
{
  return config->n_disks;
}

const PvmDomainDisk *
pvm_domain_config_get_disk (PvmDomainConfig *config, guint i)
{
  g_return_val_if_fail (i < config->n_disks, NULL);
  return &config->disks[i];
}

guint
pvm_domain_config_get_n_interfaces (PvmDomainConfig *config)
{
  return config->n_interfaces;
}

const PvmDomainInterface *
pvm_domain_config_get_interface (PvmDomainConfig *config, guint i)
{
  g_return_val_if_fail (i < config->n_interfaces, NULL);
  return &config->interfaces[i];
}

PvmDomainLifecycleAction
pvm_domain_config_get_lifecycle (PvmDomainConfig *config, PvmDomainLifecycleEvent event)
{
  g_return_val_if_fail (event < PVM_DOMAIN_N_LIFECYCLE_EVENTS, PVM_DOMAIN_LIFECYCLE_DESTROY);
  return config->lifecycle[event];
}

const char *
pvm_domain_mode_to_string (PvmDomainMode mode)
{
  return mode == PVM_DOMAIN_MODE_FULL ? "full" : "pv";
}

/* pvm-create-request.c: the wizard's values as libvirt domain XML. */
#include "pvm-create-request.h"

#include <glib/gi18n.h>
#include <libvirt-gconfig/libvirt-gconfig.h>
#include <string.h>

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define GIB (G_GUINT64_CONSTANT (1) << 30)

/* Adds a virtio disk for @path: a block device when the path is under /dev (the host may be
 * another machine, so the path is not looked at). */
static GList *
request_add_disk (GList *devices, const char *path, gboolean readonly, guint index)
{
  return g_list_append (devices, pvm_domain_config_new_disk (
                                   path, g_str_has_prefix (path, "/dev/"), readonly, index));
}

char *
pvm_create_request_to_xml (const PvmCreateRequest *request, GError **error)
{
  GVirConfigDomain *domain;
  GVirConfigDomainOs *os;
  GList *devices = NULL;
  guint n_disks = 0;
  g_autofree char *xml = NULL;
  g_autoptr (PvmDomainConfig) config = NULL;

  gvir_config_init (NULL, NULL);
  domain = gvir_config_domain_new ();
  os = gvir_config_domain_os_new ();
  gvir_config_domain_set_virt_type (domain, GVIR_CONFIG_DOMAIN_VIRT_QEMU);
  gvir_config_domain_set_name (domain, request->name ? request->name : "");
  if (request->uuid)
    gvir_config_domain_set_uuid (domain, request->uuid);
  gvir_config_domain_set_memory (domain, request->memory_mib * 1024);
  gvir_config_domain_set_vcpus (domain, request->vcpus);

  if (request->mode == PVM_DOMAIN_MODE_PV) {
    gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_LINUX);
    gvir_config_domain_os_set_ramdisk (os, request->initrd);
    gvir_config_domain_os_set_cmdline (os, request->cmdline);
  } else {
    gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_HVM);
    gvir_config_domain_os_set_arch (os, "riscv64");
    gvir_config_domain_os_set_machine (os, "virt");
    gvir_config_domain_os_set_loader (os, request->loader);
  }
  gvir_config_domain_os_set_kernel (os, request->kernel);
  gvir_config_domain_set_os (domain, os);
  g_object_unref (os);

  if (request->disk)
    devices = request_add_disk (devices, request->disk, request->disk_readonly, n_disks++);
  if (request->new_disk)
    devices = request_add_disk (devices, request->new_disk, FALSE, n_disks++);
  if (request->network) {
    GVirConfigDomainInterfaceNetwork *nic = gvir_config_domain_interface_network_new ();
    gvir_config_domain_interface_network_set_source (nic, request->network);
    devices = g_list_append (devices, nic);
  }
  gvir_config_domain_set_devices (domain, devices);
  g_list_free_full (devices, g_object_unref);

  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (domain));
  g_object_unref (domain);
  config = pvm_domain_config_new_from_xml (xml, error);
  return config ? pvm_domain_config_to_xml (config) : NULL;
}

gboolean
pvm_create_request_parse_size (const char *text, guint64 default_unit, guint64 *bytes)
{
  static const struct {
    const char *names[4];
    guint64 unit;
  } units[] = {
    { { "b", NULL }, 1 },
    { { "k", "kb", "kib", NULL }, G_GUINT64_CONSTANT (1) << 10 },
    { { "m", "mb", "mib", NULL }, MIB },
    { { "g", "gb", "gib", NULL }, GIB },
    { { "t", "tb", "tib", NULL }, G_GUINT64_CONSTANT (1) << 40 },
  };
  g_autofree char *suffix = NULL, *unit = NULL;
  const char *p = text;
  char *end;
  double value;
  guint64 scale = 0;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtod (p, &end);
  suffix = g_strdup (end);
  unit = g_ascii_strdown (g_strstrip (suffix), -1);
  if (*unit == '\0')
    scale = default_unit;
  for (guint i = 0; i < G_N_ELEMENTS (units) && !scale; i++)
    if (g_strv_contains (units[i].names, unit))
      scale = units[i].unit;
  if (!scale || value * (double) scale >= 18446744073709551615.0)
    return FALSE;
  *bytes = (guint64) (value * (double) scale + 0.5);
  return TRUE;
}

char *
pvm_create_request_format_size (guint64 bytes)
{
  if (bytes > 0 && bytes % GIB == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " GiB", bytes / GIB);
  if (bytes > 0 && bytes % MIB == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes / MIB);
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

char *
pvm_create_request_check_name (const char *name)
{
  glong length = g_utf8_strlen (name, -1);

  if (!*name)
    return g_strdup (_("Give the machine a name."));
  if (length > PVM_DOMAIN_MAX_NAME)
    return g_strdup_printf (ngettext ("The name is %ld character long: at most %d fit.",
                                      "The name is %ld characters long: at most %d fit.",
                                      length),
                            length, PVM_DOMAIN_MAX_NAME);
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("._+-", *p))
      return g_strdup_printf (_("“%s” has a character a name cannot have: use letters, "
                                "digits, “.”, “_”, “+” and “-”."), name);
  if (*name == '.' || *name == '-')
    return g_strdup (_("A name cannot start with “.” or “-”."));
  return NULL;
}

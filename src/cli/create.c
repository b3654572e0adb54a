/* create.c: pvmctl create — a domain defined from options. The definition is built here with
 * libvirt-gconfig and checked by pvmd: the paths it names are the host's, which may be
 * another machine. */
#include <libvirt-gconfig/libvirt-gconfig.h>
#include <string.h>

#include "cli/cli.h"
#include "common/pvm-domain-config.h"
#include "common/pvm-error.h"

#define CREATE_DEFAULT_MEMORY_MIB 256
#define CREATE_DEFAULT_CMDLINE "console=ttyS0"
#define CREATE_DEFAULT_FIRMWARE "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define CREATE_DEFAULT_PAYLOAD "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"

typedef struct {
  char *name;
  gboolean pv, full, default_guest, start, print_xml;
  char *kernel, *initrd, *cmdline, *firmware, *payload;
  char **disks;
  char *disk_size, *pool;
  char *memory;
  int vcpus;
  char **networks;
} CreateOptions;

static void
create_options_clear (CreateOptions *o)
{
  g_free (o->name);
  g_free (o->kernel);
  g_free (o->initrd);
  g_free (o->cmdline);
  g_free (o->firmware);
  g_free (o->payload);
  g_strfreev (o->disks);
  g_free (o->disk_size);
  g_free (o->pool);
  g_free (o->memory);
  g_strfreev (o->networks);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CreateOptions, create_options_clear)

/* The default guest that tools/build-guest makes: $PVM_GUEST_DIR, else
 * ${PVM_CACHE_DIR:-~/.cache/pvm}/guest/current. */
static char *
default_guest_dir (void)
{
  const char *dir = g_getenv ("PVM_GUEST_DIR");
  const char *cache = g_getenv ("PVM_CACHE_DIR");

  if (dir && *dir)
    return g_strdup (dir);
  if (cache && *cache)
    return g_build_filename (cache, "guest", "current", NULL);
  return g_build_filename (g_get_home_dir (), ".cache", "pvm", "guest", "current", NULL);
}

/* Checks the combination of options; returns a usage sentence, or NULL if they fit. */
static const char *
create_check (CreateOptions *o)
{
  if (!o->name || !*o->name)
    return "create needs --name";
  if (o->pv && o->full)
    return "Give --pv or --full, not both";
  if (o->full && (o->kernel || o->initrd || o->default_guest))
    return "--kernel, --initrd and --default-guest are for PV domains: a fully virtualized "
           "one boots --payload through --firmware";
  if (!o->full && (o->firmware || o->payload))
    return "--firmware and --payload are for fully virtualized domains (--full)";
  if (!o->full && !o->kernel && !o->default_guest)
    return "A PV domain needs --kernel (or --default-guest)";
  if (o->default_guest && o->kernel)
    return "Give --kernel or --default-guest, not both";
  if (o->pool && !o->disk_size)
    return "--pool goes with --disk-size: the new disk's pool";
  if (o->vcpus < 0)
    return "--vcpus must be a positive number";
  return NULL;
}

/* For --default-guest: the kernel and initramfs in default_guest_dir() of this machine,
 * for --print-xml, which asks no host. */
static void
create_use_local_guest (CreateOptions *o)
{
  g_autofree char *guest = default_guest_dir ();

  g_free (o->kernel);
  g_free (o->initrd);
  o->kernel = g_build_filename (guest, "Image", NULL);
  o->initrd = g_build_filename (guest, "initramfs.cpio.gz", NULL);
}

/* For --full without --firmware or --payload: Debian's OpenSBI and U-Boot at their places on
 * this machine, for --print-xml, which asks no host. */
static void
create_use_local_firmware (CreateOptions *o)
{
  if (!o->firmware)
    o->firmware = g_strdup (CREATE_DEFAULT_FIRMWARE);
  if (!o->payload)
    o->payload = g_strdup (CREATE_DEFAULT_PAYLOAD);
}

/* For --full: the firmware and payload the host names in its DefaultImages (full-loader,
 * full-kernel), as it sees them (it may be another machine), for those --firmware and
 * --payload leave out. Returns FALSE with PVM_ERROR_NOT_FOUND, naming the file, if the host
 * has none. */
static gboolean
create_use_host_firmware (PvmCli *cli, CreateOptions *o, GError **error)
{
  GVariant *images = pvm_host_get_default_images (cli->host);
  const char *loader = NULL, *kernel = NULL;

  if (images) {
    g_variant_lookup (images, "full-loader", "&s", &loader);
    g_variant_lookup (images, "full-kernel", "&s", &kernel);
  }
  if (!o->firmware && !loader) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                 "The host has no OpenSBI firmware: install opensbi there, or give --firmware");
    return FALSE;
  }
  if (!o->payload && !kernel) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                 "The host has no U-Boot for qemu-riscv64_smode: install u-boot-qemu there, "
                 "or give --payload");
    return FALSE;
  }
  if (!o->firmware)
    o->firmware = g_strdup (loader);
  if (!o->payload)
    o->payload = g_strdup (kernel);
  return TRUE;
}

/* For --default-guest: the files the host names in its DefaultImages, as it sees them (it may
 * be another machine), with its command line unless --cmdline gives one. Returns FALSE with
 * PVM_ERROR_NOT_FOUND if the host has no default guest. */
static gboolean
create_use_host_guest (PvmCli *cli, CreateOptions *o, GError **error)
{
  GVariant *images = pvm_host_get_default_images (cli->host);
  const char *kernel = NULL, *initrd = NULL, *cmdline = NULL;

  if (images) {
    g_variant_lookup (images, "pv-kernel", "&s", &kernel);
    g_variant_lookup (images, "pv-initrd", "&s", &initrd);
    g_variant_lookup (images, "pv-cmdline", "&s", &cmdline);
  }
  if (!kernel) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                 "The host has no default guest: build it there with tools/build-guest");
    return FALSE;
  }
  g_free (o->kernel);
  g_free (o->initrd);
  o->kernel = g_strdup (kernel);
  o->initrd = g_strdup (initrd);
  if (!o->cmdline && cmdline)
    o->cmdline = g_strdup (cmdline);
  return TRUE;
}

static char *
create_xml (CreateOptions *o, guint64 memory_mib, const char *new_disk)
{
  GVirConfigDomain *domain;
  GVirConfigDomainOs *os;
  g_autoptr (GPtrArray) disks = g_ptr_array_new ();
  GList *devices = NULL;
  char *xml;

  gvir_config_init (NULL, NULL);
  domain = gvir_config_domain_new ();
  os = gvir_config_domain_os_new ();
  gvir_config_domain_set_virt_type (domain, GVIR_CONFIG_DOMAIN_VIRT_QEMU);
  gvir_config_domain_set_name (domain, o->name);
  gvir_config_domain_set_memory (domain, memory_mib * 1024);
  gvir_config_domain_set_vcpus (domain, o->vcpus ? (guint64) o->vcpus : 1);

  if (o->full) {
    gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_HVM);
    gvir_config_domain_os_set_arch (os, "riscv64");
    gvir_config_domain_os_set_machine (os, "virt");
    gvir_config_domain_os_set_loader (os, o->firmware);
    gvir_config_domain_os_set_kernel (os, o->payload);
    gvir_config_domain_os_set_cmdline (os, o->cmdline);
  } else {
    gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_LINUX);
    gvir_config_domain_os_set_kernel (os, o->kernel);
    gvir_config_domain_os_set_ramdisk (os, o->initrd);
    gvir_config_domain_os_set_cmdline (os, o->cmdline ? o->cmdline : CREATE_DEFAULT_CMDLINE);
  }
  gvir_config_domain_set_os (domain, os);
  g_object_unref (os);

  for (guint i = 0; o->disks && o->disks[i]; i++)
    g_ptr_array_add (disks, o->disks[i]);
  if (new_disk)
    g_ptr_array_add (disks, (gpointer) new_disk);
  for (guint i = 0; i < disks->len; i++) {
    const char *path = disks->pdata[i];

    /* The host may be another machine: a path under /dev is taken for a block device. */
    devices = g_list_append (devices, pvm_domain_config_new_disk (
                                        path, g_str_has_prefix (path, "/dev/"), FALSE, i));
  }
  for (guint i = 0; o->networks && o->networks[i]; i++) {
    GVirConfigDomainInterfaceNetwork *nic = gvir_config_domain_interface_network_new ();
    gvir_config_domain_interface_network_set_source (nic, o->networks[i]);
    devices = g_list_append (devices, nic);
  }
  gvir_config_domain_set_devices (domain, devices);
  g_list_free_full (devices, g_object_unref);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (domain));
  g_object_unref (domain);
  return xml;
}

/* Creates @o's new disk in its pool as <name>.img; returns its path, or NULL with an error. */
static char *
create_volume (PvmCli *cli, CreateOptions *o, guint64 bytes, GError **error)
{
  g_autoptr (PvmStoragePool) pool = pvm_cli_find_pool (cli, o->pool ? o->pool : "default", error);
  g_autofree char *volume = g_strdup_printf ("%s.img", o->name);
  char *path = NULL;

  if (!pool || !pvm_storage_pool_call_create_volume_sync (pool, volume, bytes, &path, NULL, error))
    return NULL;
  return path;
}

/* Deletes the volume create_volume() made when the definition is refused. */
static void
create_volume_undo (PvmCli *cli, CreateOptions *o)
{
  g_autoptr (PvmStoragePool) pool = pvm_cli_find_pool (cli, o->pool ? o->pool : "default", NULL);
  g_autofree char *volume = g_strdup_printf ("%s.img", o->name);

  if (pool)
    pvm_storage_pool_call_delete_volume_sync (pool, volume, NULL, NULL);
}

int
pvm_cli_cmd_create (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_auto (CreateOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &o.name, "The domain's name", "NAME" },
    { "pv", 0, 0, G_OPTION_ARG_NONE, &o.pv, "Paravirtualized: boot a kernel directly (the default)",
      NULL },
    { "full", 0, 0, G_OPTION_ARG_NONE, &o.full, "Full virtualization: boot firmware", NULL },
    { "kernel", 0, 0, G_OPTION_ARG_FILENAME, &o.kernel, "PV: the kernel Image", "PATH" },
    { "initrd", 0, 0, G_OPTION_ARG_FILENAME, &o.initrd, "PV: the initramfs", "PATH" },
    { "cmdline", 0, 0, G_OPTION_ARG_STRING, &o.cmdline,
      "The kernel command line (PV default: " CREATE_DEFAULT_CMDLINE ")", "TEXT" },
    { "default-guest", 0, 0, G_OPTION_ARG_NONE, &o.default_guest,
      "PV: boot the host's default guest (what tools/build-guest made there)", NULL },
    { "firmware", 0, 0, G_OPTION_ARG_FILENAME, &o.firmware,
      "Full: the M-mode firmware (default: the host's OpenSBI fw_dynamic.bin)", "PATH" },
    { "payload", 0, 0, G_OPTION_ARG_FILENAME, &o.payload,
      "Full: what the firmware boots (default: the host's U-Boot for qemu-riscv64_smode)",
      "PATH" },
    { "disk", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.disks, "Attach a disk (repeatable)", "PATH" },
    { "disk-size", 0, 0, G_OPTION_ARG_STRING, &o.disk_size,
      "Create a new disk NAME.img of SIZE (bytes, or with K, M, G, T) in --pool", "SIZE" },
    { "pool", 0, 0, G_OPTION_ARG_STRING, &o.pool, "The pool of the new disk (default: default)",
      "POOL" },
    { "memory", 'm', 0, G_OPTION_ARG_STRING, &o.memory,
      "RAM in MiB, or with a unit (M, G); default 256", "SIZE" },
    { "vcpus", 0, 0, G_OPTION_ARG_INT, &o.vcpus, "Virtual processors (default 1)", "N" },
    { "network", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.networks,
      "Attach a network card on the network NAME (repeatable)", "NAME" },
    { "start", 0, 0, G_OPTION_ARG_NONE, &o.start, "Start the domain once it is defined", NULL },
    { "print-xml", 0, 0, G_OPTION_ARG_NONE, &o.print_xml,
      "Print the definition instead of defining it", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autofree char *xml = NULL, *path = NULL, *new_disk = NULL;
  guint64 memory = (guint64) CREATE_DEFAULT_MEMORY_MIB << 20, disk_bytes = 0;
  const char *wrong;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 0, 0))
    return PVM_CLI_EXIT_USAGE;
  if ((wrong = create_check (&o)))
    return pvm_cli_usage_error (command, "%s", wrong);
  if (o.memory && (!pvm_cli_parse_size (o.memory, 1 << 20, &memory) || memory < (1 << 20) ||
                   memory % (1 << 20)))
    return pvm_cli_usage_error (command, "--memory %s is not a whole number of MiB", o.memory);
  if (o.disk_size && (!pvm_cli_parse_size (o.disk_size, 1, &disk_bytes) || disk_bytes == 0))
    return pvm_cli_usage_error (command, "--disk-size %s is not a size", o.disk_size);

  if (o.print_xml) {
    if (o.default_guest)
      create_use_local_guest (&o);
    if (o.full)
      create_use_local_firmware (&o);
    xml = create_xml (&o, memory >> 20, o.disk_size ? "/new-disk.img" : NULL);
    g_print ("%s\n", xml);
    return PVM_CLI_EXIT_OK;
  }
  if (!pvm_cli_connect (cli, &error) ||
      (o.default_guest && !create_use_host_guest (cli, &o, &error)) ||
      (o.full && !create_use_host_firmware (cli, &o, &error)))
    return pvm_cli_fail (error);
  if (o.disk_size && !(new_disk = create_volume (cli, &o, disk_bytes, &error)))
    return pvm_cli_fail (error);
  xml = create_xml (&o, memory >> 20, new_disk);
  if (!pvm_host_call_define_domain_sync (cli->host, xml, &path, NULL, &error)) {
    if (new_disk)
      create_volume_undo (cli, &o);
    return pvm_cli_fail (error);
  }
  if (!(domain = pvm_cli_wait_for_domain (cli, path, &error)))
    return pvm_cli_fail (error);
  if (!cli->json)
    g_print ("Domain '%s' is defined (%s)\n", pvm_domain_get_name (domain),
             pvm_domain_get_uuid (domain));
  if (o.start) {
    if (!pvm_domain_call_start_sync (domain, NULL, &error))
      return pvm_cli_fail (error);
    if (!cli->json)
      g_print ("Domain '%s' started\n", pvm_domain_get_name (domain));
  }
  if (cli->json) {
    pvm_cli_iterate ();
    pvm_cli_print_json (pvm_cli_domain_to_json (domain));
  }
  return PVM_CLI_EXIT_OK;
}

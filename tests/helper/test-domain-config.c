/* test-domain-config.c: definitions are read, completed and checked; every bad value is
 * refused with a sentence naming its element; what pvm writes validates against libvirt's
 * schema, the elements it adds in libvirt's order; a copy for a clone gets its new name, UUID,
 * MAC addresses and disks. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-error.h"
#include "helper-test.h"
#include "hv/helper/xml-store.h"

#define UUID "0b3c6a52-2bd0-4f5c-9c43-6a0d3b1e2f11"

static const char pv_xml[] =
  "<domain type='qemu'>"
  "  <name>web1</name>"
  "  <uuid>" UUID "</uuid>"
  "  <memory unit='MiB'>256</memory>"
  "  <vcpu>2</vcpu>"
  "  <os>"
  "    <type>linux</type>"
  "    <kernel>/guest/Image</kernel>"
  "    <initrd>/guest/initramfs.cpio.gz</initrd>"
  "    <cmdline>console=ttyS0 quiet</cmdline>"
  "  </os>"
  "  <devices>"
  "    <disk type='file' device='disk'>"
  "      <source file='/disks/web1.img'/>"
  "      <target dev='vda' bus='virtio'/>"
  "    </disk>"
  "    <disk type='block' device='disk'>"
  "      <source dev='/dev/vg0/data'/>"
  "      <target dev='vdb' bus='virtio'/>"
  "      <readonly/>"
  "    </disk>"
  "    <serial type='pty'/>"
  "    <console type='pty'/>"
  "  </devices>"
  "</domain>";

static void
test_pv_definition_reads_back (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (pv_xml, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pvm_domain_config_get_name (config), ==, "web1");
  g_assert_cmpstr (pvm_domain_config_get_uuid (config), ==, UUID);
  g_assert_cmpint (pvm_domain_config_get_mode (config), ==, PVM_DOMAIN_MODE_PV);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (config), ==, 256);
  g_assert_cmpuint (pvm_domain_config_get_vcpus (config), ==, 2);
  g_assert_cmpstr (pvm_domain_config_get_kernel (config), ==, "/guest/Image");
  g_assert_cmpstr (pvm_domain_config_get_initrd (config), ==, "/guest/initramfs.cpio.gz");
  g_assert_cmpstr (pvm_domain_config_get_cmdline (config), ==, "console=ttyS0 quiet");
  g_assert_null (pvm_domain_config_get_loader (config));
  g_assert_cmpuint (pvm_domain_config_get_n_disks (config), ==, 2);
  g_assert_cmpstr (pvm_domain_config_get_disk (config, 0)->path, ==, "/disks/web1.img");
  g_assert_false (pvm_domain_config_get_disk (config, 0)->readonly);
  g_assert_cmpstr (pvm_domain_config_get_disk (config, 1)->path, ==, "/dev/vg0/data");
  g_assert_true (pvm_domain_config_get_disk (config, 1)->readonly);

  /* The stored text carries the architecture in pvm's namespace and reads back the same. */
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_nonnull (strstr (xml, "xmlns:pvm=\"" PVM_DOMAIN_XML_NS "\""));
  g_assert_nonnull (strstr (xml, "<pvm:arch>riscv64</pvm:arch>"));
  g_autoptr (PvmDomainConfig) again = pvm_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);
  g_autofree char *xml_again = pvm_domain_config_to_xml (again);
  g_assert_cmpstr (xml_again, ==, xml);
}

static void
test_missing_values_are_filled (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (
    "<domain><name>tiny</name><memory unit='MiB'>64</memory>"
    "<os><type>linux</type><kernel>/k</kernel></os></domain>",
    &error);

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (pvm_domain_config_get_uuid (config)));
  g_assert_cmpuint (pvm_domain_config_get_vcpus (config), ==, 1);
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_nonnull (strstr (xml, "<domain type=\"qemu\">"));
  g_assert_nonnull (strstr (xml, "<vcpu>1</vcpu>"));
  g_assert_nonnull (strstr (xml, pvm_domain_config_get_uuid (config)));
}

static void
test_uuid_is_lowercased (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (
    "<domain><name>up</name><uuid>0B3C6A52-2BD0-4F5C-9C43-6A0D3B1E2F11</uuid>"
    "<memory unit='MiB'>64</memory><os><type>linux</type><kernel>/k</kernel></os></domain>",
    &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pvm_domain_config_get_uuid (config), ==, UUID);
}

static void
test_full_virtualization_gets_arch_and_machine (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (
    "<domain type='kvm'><name>debian</name><memory unit='GiB'>1</memory><vcpu>4</vcpu>"
    "<os><type>hvm</type><loader readonly='yes' type='rom'>/fw/fw_dynamic.bin</loader>"
    "<kernel>/fw/u-boot.bin</kernel></os></domain>",
    &error);

  g_assert_no_error (error);
  g_assert_cmpint (pvm_domain_config_get_mode (config), ==, PVM_DOMAIN_MODE_FULL);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (config), ==, 1024);
  g_assert_cmpstr (pvm_domain_config_get_loader (config), ==, "/fw/fw_dynamic.bin");
  g_assert_cmpstr (pvm_domain_config_get_kernel (config), ==, "/fw/u-boot.bin");
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_nonnull (strstr (xml, "<type arch=\"riscv64\" machine=\"virt\">hvm</type>"));
  g_assert_nonnull (strstr (xml, "<domain type=\"kvm\">"));
  g_assert_null (strstr (xml, "<metadata>"));
}

static void
test_spec_builds_a_definition (void)
{
  const PvmDomainDisk disks[] = { { "/disks/a.img", FALSE }, { "/disks/b.img", TRUE } };
  const PvmDomainSpec spec = {
    .name = "built", .mode = PVM_DOMAIN_MODE_FULL, .memory_mib = 512, .vcpus = 3,
    .loader = "/fw/fw_dynamic.bin", .kernel = "/fw/u-boot.bin", .disks = disks, .n_disks = 2,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new (&spec, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pvm_domain_config_get_name (config), ==, "built");
  g_assert_cmpint (pvm_domain_config_get_mode (config), ==, PVM_DOMAIN_MODE_FULL);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (config), ==, 512);
  g_assert_cmpuint (pvm_domain_config_get_vcpus (config), ==, 3);
  g_assert_cmpstr (pvm_domain_config_get_loader (config), ==, "/fw/fw_dynamic.bin");
  g_assert_cmpstr (pvm_domain_config_get_kernel (config), ==, "/fw/u-boot.bin");
  g_assert_cmpuint (pvm_domain_config_get_n_disks (config), ==, 2);
  g_assert_true (pvm_domain_config_get_disk (config, 1)->readonly);
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_nonnull (strstr (xml, "dev=\"vdb\""));
}

static void
test_spec_is_checked_like_xml (void)
{
  const PvmDomainSpec spec = {
    .name = "big", .mode = PVM_DOMAIN_MODE_PV, .memory_mib = 256, .vcpus = 9, .kernel = "/k",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new (&spec, &error);

  g_assert_null (config);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "<vcpu>"));
}

static void
test_written_xml_validates (void)
{
  const PvmDomainDisk disks[] = { { "/disks/a.img", FALSE } };
  const PvmDomainSpec specs[] = {
    { .name = "pv", .mode = PVM_DOMAIN_MODE_PV, .memory_mib = 256, .vcpus = 1,
      .kernel = "/g/Image", .initrd = "/g/initrd", .cmdline = "console=ttyS0", .disks = disks,
      .n_disks = 1 },
    { .name = "full", .mode = PVM_DOMAIN_MODE_FULL, .memory_mib = 1024, .vcpus = 2,
      .loader = "/fw/fw_dynamic.bin", .kernel = "/fw/u-boot.bin", .disks = disks,
      .n_disks = 1 },
  };

  if (!pvm_helper_test_have_validator ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PvmDomainConfig) config = pvm_domain_config_new (&specs[i], &error);
    g_assert_no_error (error);
    g_autofree char *xml = pvm_domain_config_to_xml (config);
    g_autofree char *dir = g_dir_make_tmp ("pvm-config-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "domain.xml", NULL);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    pvm_helper_test_assert_valid_domain_xml (path);
    g_unlink (path);
    g_rmdir (dir);
  }
}

/* Returns the names of the children of @xml's <domain>, joined by " ". */
static char *
domain_children (const char *xml)
{
  g_autoptr (GString) names = g_string_new ("");
  const char *p = strstr (xml, "<domain");
  int depth = 0;

  g_assert_nonnull (p);
  for (p = strchr (p, '>') + 1; *p; p++) {
    if (*p != '<')
      continue;
    if (p[1] == '/') {
      depth--;
    } else if (p[1] != '!' && p[1] != '?') {
      const char *end = p + 1 + strcspn (p + 1, " />");
      if (depth == 0)
        g_string_append_printf (names, "%s%.*s", names->len ? " " : "", (int) (end - p - 1),
                                p + 1);
      if (*(strchr (p, '>') - 1) != '/')
        depth++;
    }
    if (depth < 0)
      break;
  }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* A definition with neither <uuid> nor <vcpu>, nor <metadata> for its PV architecture: what
 * pvm adds goes where libvirt puts it, and the stored file validates. */
static void
test_added_elements_go_where_libvirt_puts_them (void)
{
  static const char xml[] =
    "<domain type='qemu'><name>bare</name><memory unit='MiB'>64</memory>"
    "<os><type>linux</type><kernel>/k</kernel></os>"
    "<on_poweroff>destroy</on_poweroff>"
    "<devices><disk type='file' device='disk'><source file='/d/bare.img'/>"
    "<target dev='vda' bus='virtio'/></disk></devices></domain>";
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  g_autofree char *text = pvm_domain_config_to_xml (config);
  g_autofree char *children = domain_children (text);
  g_test_message ("%s", text);
  g_assert_cmpstr (children, ==,
                   "name uuid metadata memory vcpu os on_poweroff devices");

  /* As pvmd stores it. */
  if (!pvm_helper_test_have_validator ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("pvm-config-XXXXXX", &error);
  g_assert_no_error (error);
  PvmXmlStore *store = pvm_xml_store_new (dir, &pvm_xml_store_domains, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_xml_store_save (store, config, &error));
  g_assert_no_error (error);
  g_autofree char *path = pvm_xml_store_path (store, pvm_domain_config_get_uuid (config));
  pvm_helper_test_assert_valid_domain_xml (path);
  g_unlink (path);
  pvm_xml_store_free (store);
  g_rmdir (dir);
}

static void
test_a_clone_gets_a_new_name_uuid_macs_and_disks (void)
{
  static const char xml[] =
    "<domain type='qemu'><name>web1</name><uuid>" UUID "</uuid>"
    "<memory unit='MiB'>64</memory><os><type>linux</type><kernel>/k</kernel></os><devices>"
    "<disk type='file' device='disk'><source file='/p/web1.img'/>"
    "<target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='disk'><source file='/shared/base.img'/>"
    "<target dev='vdb' bus='virtio'/><readonly/></disk>"
    "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
    "</devices></domain>";
  const char *const paths[] = { "/p/web&2.img", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);

  g_autoptr (PvmDomainConfig) copy = pvm_domain_config_new_clone (config, "web<2>", NULL, paths,
                                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pvm_domain_config_get_name (copy), ==, "web<2>");
  g_assert_true (g_uuid_string_is_valid (pvm_domain_config_get_uuid (copy)));
  g_assert_cmpstr (pvm_domain_config_get_uuid (copy), !=, UUID);
  g_assert_cmpstr (pvm_domain_config_get_disk (copy, 0)->path, ==, "/p/web&2.img");
  g_assert_cmpstr (pvm_domain_config_get_disk (copy, 1)->path, ==, "/shared/base.img");
  g_assert_true (pvm_domain_config_get_disk (copy, 1)->readonly);
  g_assert_cmpuint (pvm_domain_config_get_n_interfaces (copy), ==, 1);
  g_assert_cmpstr (pvm_domain_config_get_interface (copy, 0)->mac, !=, "52:54:00:00:00:01");
  g_assert_true (g_str_has_prefix (pvm_domain_config_get_interface (copy, 0)->mac, "52:54:00:"));
  g_autofree char *text = pvm_domain_config_to_xml (copy);
  g_autofree char *children = domain_children (text);
  g_assert_true (g_str_has_prefix (children, "name uuid "));

  g_autoptr (PvmDomainConfig) named = pvm_domain_config_new_clone (
    config, "web3", "7d5e1c00-93a4-4a36-8d7e-3f2b6c1a9e42", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pvm_domain_config_get_uuid (named), ==,
                   "7d5e1c00-93a4-4a36-8d7e-3f2b6c1a9e42");
  g_assert_cmpstr (pvm_domain_config_get_disk (named, 0)->path, ==, "/p/web1.img");

  g_autoptr (PvmDomainConfig) bad = pvm_domain_config_new_clone (config, "a/b", NULL, NULL,
                                                                 &error);
  g_assert_null (bad);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "<name>"));
}

/* ---- refusals ---- */

typedef struct {
  const char *path;    /* the test's name */
  const char *xml;     /* a definition with one thing wrong */
  const char *element; /* what the message must name */
} Refusal;

#define OS_PV "<os><type>linux</type><kernel>/k</kernel></os>"
#define HEAD "<domain type='qemu'><name>bad</name><memory unit='MiB'>64</memory>"
#define WITH_DISK(d) HEAD OS_PV "<devices>" d "</devices></domain>"

static const Refusal refusals[] = {
  { "text-that-is-not-xml", "<domain><name>x</name>", "well-formed" },
  { "a-root-that-is-not-domain", "<network/>", "<domain>" },
  { "a-domain-type-pvm-does-not-run", "<domain type='xen'><name>x</name></domain>",
    "<domain type=\"xen\">" },
  { "a-missing-name", "<domain><memory>65536</memory>" OS_PV "</domain>", "<name>" },
  { "a-name-with-a-slash", "<domain><name>a/b</name></domain>", "<name>" },
  { "a-name-of-65-characters",
    "<domain><name>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</name>"
    "</domain>",
    "<name>" },
  { "two-names", "<domain><name>a</name><name>b</name></domain>", "<name> appears more" },
  { "a-malformed-uuid", "<domain><name>x</name><uuid>1234</uuid></domain>", "<uuid>" },
  { "a-missing-memory", "<domain><name>x</name>" OS_PV "</domain>", "<memory>" },
  { "a-memory-that-is-not-a-number", "<domain><name>x</name><memory>lots</memory></domain>",
    "<memory>" },
  { "less-than-16-mib-of-memory", "<domain><name>x</name><memory unit='MiB'>8</memory></domain>",
    "<memory>" },
  { "memory-that-is-not-whole-mib",
    "<domain><name>x</name><memory unit='KiB'>16385</memory></domain>", "<memory>" },
  { "zero-vcpus", HEAD "<vcpu>0</vcpu>" OS_PV "</domain>", "<vcpu>" },
  { "nine-vcpus", HEAD "<vcpu>9</vcpu>" OS_PV "</domain>", "<vcpu>" },
  { "a-vcpu-count-that-is-not-a-number", HEAD "<vcpu>two</vcpu>" OS_PV "</domain>", "<vcpu>" },
  { "a-missing-os", HEAD "</domain>", "<os>" },
  { "an-os-type-pvm-does-not-run", HEAD "<os><type>exe</type></os></domain>", "<os><type>" },
  { "a-pv-domain-without-a-kernel", HEAD "<os><type>linux</type></os></domain>", "<kernel>" },
  { "a-relative-kernel-path", HEAD "<os><type>linux</type><kernel>Image</kernel></os></domain>",
    "<kernel>" },
  { "a-pv-domain-with-a-loader",
    HEAD "<os><type>linux</type><kernel>/k</kernel><loader>/fw</loader></os></domain>",
    "<loader>" },
  { "a-pv-type-with-an-arch",
    HEAD "<os><type arch='x86_64'>linux</type><kernel>/k</kernel></os></domain>",
    "<type arch>" },
  { "a-command-line-over-1023-bytes",
    HEAD "<os><type>linux</type><kernel>/k</kernel><cmdline>"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "</cmdline></os></domain>",
    "<cmdline>" },
  { "a-full-virtualization-domain-without-a-loader", HEAD "<os><type>hvm</type></os></domain>",
    "<loader>" },
  { "an-architecture-other-than-riscv64",
    HEAD "<os><type arch='x86_64'>hvm</type><loader>/fw</loader></os></domain>",
    "<type arch=\"x86_64\">" },
  { "a-machine-other-than-virt",
    HEAD "<os><type machine='pc'>hvm</type><loader>/fw</loader></os></domain>",
    "<type machine=\"pc\">" },
  { "an-initrd-without-a-kernel-to-boot",
    HEAD "<os><type>hvm</type><loader>/fw</loader><initrd>/i</initrd></os></domain>",
    "<initrd>" },
  { "a-network-disk",
    WITH_DISK ("<disk type='network' device='disk'><source protocol='nbd' name='x'/></disk>"),
    "<disk type=\"network\">" },
  { "a-cdrom", WITH_DISK ("<disk type='file' device='cdrom'><source file='/x.iso'/></disk>"),
    "<disk device=\"cdrom\">" },
  { "a-disk-without-a-source", WITH_DISK ("<disk type='file' device='disk'/>"), "<source" },
  { "a-disk-with-a-relative-path",
    WITH_DISK ("<disk type='file' device='disk'><source file='disk.img'/></disk>"),
    "<source file>" },
  { "a-disk-path-with-a-comma",
    WITH_DISK ("<disk type='file' device='disk'><source file='/a,b.img'/></disk>"),
    "<source file>" },
  { "a-disk-on-an-ide-bus",
    WITH_DISK ("<disk type='file' device='disk'><source file='/a.img'/>"
               "<target dev='hda' bus='ide'/></disk>"),
    "<target bus=\"ide\">" },
  { "nine-disks",
    WITH_DISK ("<disk type='file'><source file='/1'/></disk><disk type='file'><source file='/2'/>"
               "</disk><disk type='file'><source file='/3'/></disk><disk type='file'><source "
               "file='/4'/></disk><disk type='file'><source file='/5'/></disk><disk type='file'>"
               "<source file='/6'/></disk><disk type='file'><source file='/7'/></disk><disk "
               "type='file'><source file='/8'/></disk><disk type='file'><source file='/9'/>"
               "</disk>"),
    "<disk>" },
  { "a-bridge-interface",
    WITH_DISK ("<interface type='bridge'><source bridge='br0'/></interface>"),
    "<interface type=\"bridge\">" },
  { "a-foreign-architecture-in-pvm-metadata",
    HEAD OS_PV "<metadata><pvm:domain xmlns:pvm='" PVM_DOMAIN_XML_NS "'><pvm:arch>x86_64"
               "</pvm:arch></pvm:domain></metadata></domain>",
    "<pvm:arch>" },
  { "an-unknown-pvm-setting-in-metadata",
    HEAD OS_PV "<metadata><pvm:domain xmlns:pvm='" PVM_DOMAIN_XML_NS "'><pvm:turbo>yes"
               "</pvm:turbo></pvm:domain></metadata></domain>",
    "<pvm:turbo>" },
};

static void
test_refusal (gconstpointer data)
{
  const Refusal *refusal = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (refusal->xml, &error);

  g_assert_null (config);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_test_message ("refused with: %s", error->message);
  g_assert_nonnull (strstr (error->message, refusal->element));
  g_assert_null (strchr (error->message, '\n'));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/helper/domain-config/a-pv-definition-reads-back-its-values",
                   test_pv_definition_reads_back);
  g_test_add_func ("/helper/domain-config/a-missing-uuid-vcpu-and-type-are-filled-in",
                   test_missing_values_are_filled);
  g_test_add_func ("/helper/domain-config/an-uppercase-uuid-is-lowercased",
                   test_uuid_is_lowercased);
  g_test_add_func ("/helper/domain-config/full-virtualization-gets-riscv64-and-virt",
                   test_full_virtualization_gets_arch_and_machine);
  g_test_add_func ("/helper/domain-config/a-spec-builds-a-definition-that-reads-back",
                   test_spec_builds_a_definition);
  g_test_add_func ("/helper/domain-config/a-spec-is-checked-like-xml",
                   test_spec_is_checked_like_xml);
  g_test_add_func ("/helper/domain-config/written-xml-validates-against-the-libvirt-schema",
                   test_written_xml_validates);
  g_test_add_func ("/helper/domain-config/a-missing-uuid-and-vcpu-go-where-libvirt-puts-them-"
                   "and-the-stored-file-validates",
                   test_added_elements_go_where_libvirt_puts_them);
  g_test_add_func ("/helper/domain-config/a-clone-gets-a-new-name-uuid-mac-addresses-and-disks",
                   test_a_clone_gets_a_new_name_uuid_macs_and_disks);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++) {
    g_autofree char *path = g_strconcat ("/helper/domain-config/refuses-", refusals[i].path,
                                         NULL);
    g_test_add_data_func (path, &refusals[i], test_refusal);
  }
  return g_test_run ();
}

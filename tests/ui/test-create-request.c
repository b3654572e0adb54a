/* test-create-request.c: the create-VM wizard's values turned into domain XML, and the sizes
 * it reads from people. No display needed. */
#include <string.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-error.h"
#include "ui/pvm-create-request.h"

#define UUID "6c1f0a1e-2b7d-4f7e-9a55-0d8c5e1f3a42"

/* Returns the definition of @request read back, or fails the test. */
static PvmDomainConfig *
read_back (const PvmCreateRequest *request, char **xml_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_create_request_to_xml (request, &error);
  PvmDomainConfig *config;

  g_assert_no_error (error);
  g_assert_nonnull (xml);
  config = pvm_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);
  if (xml_out)
    *xml_out = g_steal_pointer (&xml);
  return config;
}

static void
test_pv_definition_boots_the_kernel_with_its_initramfs_and_command_line (void)
{
  const PvmCreateRequest request = {
    .name = "web1", .uuid = UUID, .mode = PVM_DOMAIN_MODE_PV, .vcpus = 2, .memory_mib = 512,
    .kernel = "/srv/guest/Image", .initrd = "/srv/guest/initramfs.cpio.gz",
    .cmdline = "console=ttyS0",
  };
  g_autoptr (PvmDomainConfig) config = read_back (&request, NULL);

  g_assert_cmpstr (pvm_domain_config_get_name (config), ==, "web1");
  g_assert_cmpstr (pvm_domain_config_get_uuid (config), ==, UUID);
  g_assert_cmpint (pvm_domain_config_get_mode (config), ==, PVM_DOMAIN_MODE_PV);
  g_assert_cmpuint (pvm_domain_config_get_vcpus (config), ==, 2);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (config), ==, 512);
  g_assert_cmpstr (pvm_domain_config_get_kernel (config), ==, "/srv/guest/Image");
  g_assert_cmpstr (pvm_domain_config_get_initrd (config), ==, "/srv/guest/initramfs.cpio.gz");
  g_assert_cmpstr (pvm_domain_config_get_cmdline (config), ==, "console=ttyS0");
  g_assert_null (pvm_domain_config_get_loader (config));
  g_assert_cmpuint (pvm_domain_config_get_n_disks (config), ==, 0);
  g_assert_cmpuint (pvm_domain_config_get_n_interfaces (config), ==, 0);
}

static void
test_full_definition_starts_the_firmware_with_the_demo_disk_read_only_first (void)
{
  const PvmCreateRequest request = {
    .name = "demo", .uuid = UUID, .mode = PVM_DOMAIN_MODE_FULL, .vcpus = 1, .memory_mib = 256,
    .loader = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin",
    .kernel = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin",
    .disk = "/cache/fv-image/current/disk.img", .disk_readonly = TRUE,
    .new_disk = "/dev/vg0/demo.img",
  };
  g_autofree char *xml = NULL;
  g_autoptr (PvmDomainConfig) config = read_back (&request, &xml);

  g_assert_cmpint (pvm_domain_config_get_mode (config), ==, PVM_DOMAIN_MODE_FULL);
  g_assert_cmpstr (pvm_domain_config_get_loader (config), ==,
                   "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin");
  g_assert_cmpstr (pvm_domain_config_get_kernel (config), ==,
                   "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin");
  g_assert_cmpuint (pvm_domain_config_get_n_disks (config), ==, 2);
  g_assert_cmpstr (pvm_domain_config_get_disk (config, 0)->path, ==,
                   "/cache/fv-image/current/disk.img");
  g_assert_true (pvm_domain_config_get_disk (config, 0)->readonly);
  g_assert_cmpstr (pvm_domain_config_get_disk (config, 1)->path, ==, "/dev/vg0/demo.img");
  g_assert_false (pvm_domain_config_get_disk (config, 1)->readonly);
  /* The host may be another machine: the path alone says a volume is a block device. */
  g_assert_nonnull (strstr (xml, "<disk type=\"block\""));
  g_assert_nonnull (strstr (xml, "<source dev=\"/dev/vg0/demo.img\"/>"));
  g_assert_nonnull (strstr (xml, "dev=\"vdb\""));
}

static void
test_network_card_is_on_the_chosen_network_with_a_mac_address (void)
{
  const PvmCreateRequest request = {
    .name = "net1", .uuid = UUID, .mode = PVM_DOMAIN_MODE_PV, .vcpus = 1, .memory_mib = 256,
    .kernel = "/srv/Image", .network = "default",
  };
  g_autoptr (PvmDomainConfig) config = read_back (&request, NULL);
  const PvmDomainInterface *nic;

  g_assert_cmpuint (pvm_domain_config_get_n_interfaces (config), ==, 1);
  nic = pvm_domain_config_get_interface (config, 0);
  g_assert_cmpint (nic->type, ==, PVM_DOMAIN_INTERFACE_NETWORK);
  g_assert_cmpstr (nic->network, ==, "default");
  g_assert_true (g_str_has_prefix (nic->mac, "52:54:00:"));
}

static void
test_refuses_what_pvmd_refuses_with_its_sentence (void)
{
  const PvmCreateRequest request = {
    .name = "tiny", .mode = PVM_DOMAIN_MODE_PV, .vcpus = 1, .memory_mib = 8,
    .kernel = "/srv/Image",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_create_request_to_xml (&request, &error);

  g_assert_null (xml);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "memory"));
}

static void
test_parses_sizes_as_people_type_them (void)
{
  static const struct {
    const char *text;
    guint64 bytes;
  } sizes[] = {
    { "256", 256ull << 20 }, { "256 MiB", 256ull << 20 }, { "1G", 1ull << 30 },
    { " 1.5 gib ", 3ull << 29 }, { "4 GB", 4ull << 30 }, { "512k", 512ull << 10 },
    { "2 TiB", 2ull << 40 }, { "100 B", 100 },
  };
  static const char *const wrong[] = { "", "MiB", "-1 GiB", "4 parsecs", "1e30 TiB", "x4" };
  guint64 bytes;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_assert_true (pvm_create_request_parse_size (sizes[i].text, 1 << 20, &bytes));
    g_assert_cmpuint (bytes, ==, sizes[i].bytes);
  }
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    g_assert_false (pvm_create_request_parse_size (wrong[i], 1 << 20, &bytes));
}

static void
test_names_are_checked_with_a_sentence_each (void)
{
  static const char *const good[] = { "web", "db-1", "a.b_c+d", "X" };
  static const struct {
    const char *name, *problem;
  } bad[] = {
    { "", "Give the machine a name." },
    { "has space", "“has space” has a character a name cannot have" },
    { "slash/name", "“slash/name” has a character" },
    { "-dash", "A name cannot start with “.” or “-”." },
    { ".hidden", "A name cannot start with “.” or “-”." },
    { "n1234567890123456789012345678901234567890123456789012345678901234",
      "The name is 65 characters long: at most 64 fit." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    g_autofree char *problem = pvm_create_request_check_name (good[i]);
    g_assert_null (problem);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autofree char *problem = pvm_create_request_check_name (bad[i].name);
    g_assert_nonnull (problem);
    g_assert_true (g_str_has_prefix (problem, bad[i].problem));
  }
}

static void
test_formats_sizes_that_parse_back (void)
{
  static const guint64 sizes[] = { 16ull << 20, 256ull << 20, 4ull << 30, 1ull << 40 };
  guint64 bytes;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autofree char *text = pvm_create_request_format_size (sizes[i]);
    g_assert_true (pvm_create_request_parse_size (text, 1, &bytes));
    g_assert_cmpuint (bytes, ==, sizes[i]);
  }
  g_autofree char *memory = pvm_create_request_format_size (256ull << 20);
  g_autofree char *disk = pvm_create_request_format_size (4ull << 30);
  g_assert_cmpstr (memory, ==, "256 MiB");
  g_assert_cmpstr (disk, ==, "4 GiB");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark ();

  g_test_add_func ("/ui/create-request/pv-definition-boots-the-kernel-with-its-initramfs-and-"
                   "command-line",
                   test_pv_definition_boots_the_kernel_with_its_initramfs_and_command_line);
  g_test_add_func ("/ui/create-request/full-definition-starts-the-firmware-with-the-demo-disk-"
                   "read-only-first",
                   test_full_definition_starts_the_firmware_with_the_demo_disk_read_only_first);
  g_test_add_func ("/ui/create-request/network-card-is-on-the-chosen-network-with-a-mac-address",
                   test_network_card_is_on_the_chosen_network_with_a_mac_address);
  g_test_add_func ("/ui/create-request/refuses-what-pvmd-refuses-with-its-sentence",
                   test_refuses_what_pvmd_refuses_with_its_sentence);
  g_test_add_func ("/ui/create-request/names-are-checked-with-a-sentence-each",
                   test_names_are_checked_with_a_sentence_each);
  g_test_add_func ("/ui/create-request/parses-sizes-as-people-type-them",
                   test_parses_sizes_as_people_type_them);
  g_test_add_func ("/ui/create-request/formats-sizes-that-parse-back",
                   test_formats_sizes_that_parse_back);
  return g_test_run ();
}

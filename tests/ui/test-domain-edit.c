/* test-domain-edit.c: the details window's changes written into a domain's XML, read back as
 * pvmd reads a definition (PvmDomainConfig). */
#include <string.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-error.h"
#include "ui/pvm-domain-edit.h"

#define EDIT_XML                                                                              \
  "<domain type='qemu'><name>web1</name><uuid>0b7c5bd6-3d43-4c3e-9a6e-1f0c2a8b9d10</uuid>"   \
  "<memory unit='KiB'>262144</memory><currentMemory unit='KiB'>262144</currentMemory>"       \
  "<vcpu>1</vcpu>"                                                                            \
  "<os><type>linux</type><kernel>/guest/Image</kernel>"                                      \
  "<initrd>/guest/initramfs.cpio.gz</initrd></os>"                                           \
  "<devices><disk type='file' device='disk'><source file='/images/web1.img'/>"               \
  "<target dev='vda' bus='virtio'/></disk></devices></domain>"

/* Applies @edit to EDIT_XML and reads the result as pvmd would. */
static PvmDomainConfig *
edit_and_read (const PvmDomainEdit *edit, char **xml_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_domain_edit_apply (EDIT_XML, edit, &error);
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
test_cpus_and_memory_change_and_the_rest_stays (void)
{
  PvmDomainEdit edit = { .vcpus = 3, .memory_mib = 512 };
  g_autofree char *xml = NULL;
  g_autoptr (PvmDomainConfig) config = edit_and_read (&edit, &xml);

  g_assert_cmpuint (pvm_domain_config_get_vcpus (config), ==, 3);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (config), ==, 512);
  g_assert_nonnull (strstr (xml, "<currentMemory unit=\"MiB\">512</currentMemory>"));
  g_assert_cmpstr (pvm_domain_config_get_name (config), ==, "web1");
  g_assert_cmpstr (pvm_domain_config_get_uuid (config), ==,
                   "0b7c5bd6-3d43-4c3e-9a6e-1f0c2a8b9d10");
  g_assert_cmpstr (pvm_domain_config_get_kernel (config), ==, "/guest/Image");
  g_assert_cmpstr (pvm_domain_config_get_initrd (config), ==, "/guest/initramfs.cpio.gz");
  g_assert_cmpuint (pvm_domain_config_get_n_disks (config), ==, 1);
  g_assert_cmpstr (pvm_domain_config_get_disk (config, 0)->path, ==, "/images/web1.img");
}

static void
test_an_empty_path_removes_the_element_and_a_new_one_is_added (void)
{
  PvmDomainEdit edit = { .initrd = "", .cmdline = "console=ttyS0 root=/dev/vda" };
  g_autofree char *xml = NULL;
  g_autoptr (PvmDomainConfig) config = edit_and_read (&edit, &xml);

  g_assert_null (pvm_domain_config_get_initrd (config));
  g_assert_null (strstr (xml, "<initrd"));
  g_assert_cmpstr (pvm_domain_config_get_cmdline (config), ==, "console=ttyS0 root=/dev/vda");
  /* libvirt's order: <cmdline> after <kernel>. */
  g_assert_true (strstr (xml, "<kernel>") < strstr (xml, "<cmdline>"));
  g_assert_cmpuint (pvm_domain_config_get_vcpus (config), ==, 1);
}

static void
test_text_with_markup_characters_is_kept_as_typed (void)
{
  PvmDomainEdit edit = { .cmdline = "quiet init=/bin/sh -c 'a<b && c>d'" };
  g_autoptr (PvmDomainConfig) config = edit_and_read (&edit, NULL);

  g_assert_cmpstr (pvm_domain_config_get_cmdline (config), ==,
                   "quiet init=/bin/sh -c 'a<b && c>d'");
}

static void
test_a_value_pvmd_refuses_is_written_as_given (void)
{
  PvmDomainEdit edit = { .kernel = "Image" };
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_domain_edit_apply (EDIT_XML, &edit, &error);
  g_autoptr (PvmDomainConfig) config = NULL;

  g_assert_no_error (error);
  config = pvm_domain_config_new_from_xml (xml, &error);
  g_assert_null (config);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "<kernel> must be an absolute path, not “Image”");
}

static void
test_a_definition_without_os_is_refused (void)
{
  PvmDomainEdit edit = { .vcpus = 2 };
  g_autoptr (GError) error = NULL;
  g_autofree char *xml =
    pvm_domain_edit_apply ("<domain><name>x</name></domain>", &edit, &error);

  g_assert_null (xml);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark ();

  g_test_add_func ("/ui/domain-edit/cpus-and-memory-change-and-the-rest-stays",
                   test_cpus_and_memory_change_and_the_rest_stays);
  g_test_add_func ("/ui/domain-edit/an-empty-path-removes-the-element-and-a-new-one-is-added",
                   test_an_empty_path_removes_the_element_and_a_new_one_is_added);
  g_test_add_func ("/ui/domain-edit/text-with-markup-characters-is-kept-as-typed",
                   test_text_with_markup_characters_is_kept_as_typed);
  g_test_add_func ("/ui/domain-edit/a-value-pvmd-refuses-is-written-as-given",
                   test_a_value_pvmd_refuses_is_written_as_given);
  g_test_add_func ("/ui/domain-edit/a-definition-without-os-is-refused",
                   test_a_definition_without_os_is_refused);
  return g_test_run ();
}

/* test-domain-lifecycle.c: a definition's <on_poweroff>, <on_reboot> and <on_crash> are read
 * (libvirt's defaults when missing), kept in the written XML, and every value pvm does not
 * carry out is refused with a sentence naming its element. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-domain-config.h"
#include "common/pvm-error.h"
#include "helper-test.h"

#define HEAD "<domain type='qemu'><name>life</name><memory unit='MiB'>64</memory>"
#define OS_PV "<os><type>linux</type><kernel>/k</kernel></os>"

static void
test_missing_actions_take_libvirts_defaults (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config =
    pvm_domain_config_new_from_xml (HEAD OS_PV "</domain>", &error);

  g_assert_no_error (error);
  g_assert_cmpint (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_POWEROFF), ==,
                   PVM_DOMAIN_LIFECYCLE_DESTROY);
  g_assert_cmpint (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_REBOOT), ==,
                   PVM_DOMAIN_LIFECYCLE_RESTART);
  g_assert_cmpint (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_CRASH), ==,
                   PVM_DOMAIN_LIFECYCLE_DESTROY);
}

static void
test_actions_read_back_and_are_kept (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (
    "<domain type='qemu'><name>life</name><uuid>0fe10d2c-9700-4c3b-a5c0-e06222e73ea6</uuid>"
    "<memory unit='MiB'>64</memory><vcpu>1</vcpu>" OS_PV
    "<on_poweroff>restart</on_poweroff><on_reboot> destroy </on_reboot>"
               "<on_crash>restart</on_crash></domain>",
    &error);

  g_assert_no_error (error);
  g_assert_cmpint (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_POWEROFF), ==,
                   PVM_DOMAIN_LIFECYCLE_RESTART);
  g_assert_cmpint (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_REBOOT), ==,
                   PVM_DOMAIN_LIFECYCLE_DESTROY);
  g_assert_cmpint (pvm_domain_config_get_lifecycle (config, PVM_DOMAIN_ON_CRASH), ==,
                   PVM_DOMAIN_LIFECYCLE_RESTART);

  /* The written definition says the same, reads back the same, and libvirt accepts it. */
  g_autofree char *xml = pvm_domain_config_to_xml (config);
  g_assert_nonnull (strstr (xml, "<on_poweroff>restart</on_poweroff>"));
  g_assert_nonnull (strstr (xml, "<on_reboot>destroy</on_reboot>")); /* without the blanks */
  g_assert_nonnull (strstr (xml, "<on_crash>restart</on_crash>"));
  g_autoptr (PvmDomainConfig) again = pvm_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);
  for (int e = 0; e < PVM_DOMAIN_N_LIFECYCLE_EVENTS; e++)
    g_assert_cmpint (pvm_domain_config_get_lifecycle (again, e), ==,
                     pvm_domain_config_get_lifecycle (config, e));
  if (!pvm_helper_test_have_validator ())
    return;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("pvm-lifecycle-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, xml, -1, &error));
  pvm_helper_test_assert_valid_domain_xml (path);
  g_unlink (path);
}

typedef struct {
  const char *path;    /* the test's name */
  const char *xml;     /* a definition with one thing wrong */
  const char *element; /* what the message must name */
} Refusal;

static const Refusal refusals[] = {
  { "on-poweroff-preserve", HEAD OS_PV "<on_poweroff>preserve</on_poweroff></domain>",
    "<on_poweroff> must be “destroy” or “restart”, not “preserve”" },
  { "on-reboot-rename-restart", HEAD OS_PV "<on_reboot>rename-restart</on_reboot></domain>",
    "<on_reboot> must be “destroy” or “restart”, not “rename-restart”" },
  { "on-crash-coredump-restart", HEAD OS_PV "<on_crash>coredump-restart</on_crash></domain>",
    "<on_crash> must be “destroy” or “restart”, not “coredump-restart”" },
  { "an-empty-on-crash", HEAD OS_PV "<on_crash/></domain>",
    "<on_crash> must be “destroy” or “restart”, not “”" },
  { "a-capitalized-action", HEAD OS_PV "<on_reboot>Restart</on_reboot></domain>",
    "<on_reboot>" },
  { "two-on-crash-elements",
    HEAD OS_PV "<on_crash>restart</on_crash><on_crash>destroy</on_crash></domain>",
    "<on_crash> appears more than once" },
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
  g_test_add_func ("/helper/domain-lifecycle/missing-actions-take-libvirts-defaults",
                   test_missing_actions_take_libvirts_defaults);
  g_test_add_func ("/helper/domain-lifecycle/actions-read-back-and-are-kept-in-the-xml",
                   test_actions_read_back_and_are_kept);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++) {
    g_autofree char *path = g_strconcat ("/helper/domain-lifecycle/refuses-", refusals[i].path,
                                         NULL);
    g_test_add_data_func (path, &refusals[i], test_refusal);
  }
  return g_test_run ();
}

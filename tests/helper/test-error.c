/* test-error.c: PVM_ERROR travels over D-Bus as its named errors and comes back as itself. */
#include <gio/gio.h>

#include "common/pvm-error.h"

static const char *const expected_names[] = {
  [PVM_ERROR_NOT_FOUND] = "org.pvm.Hypervisor1.Error.NotFound",
  [PVM_ERROR_INVALID_ARGUMENT] = "org.pvm.Hypervisor1.Error.InvalidArgument",
  [PVM_ERROR_NOT_AUTHORIZED] = "org.pvm.Hypervisor1.Error.NotAuthorized",
  [PVM_ERROR_BUSY] = "org.pvm.Hypervisor1.Error.Busy",
  [PVM_ERROR_FAILED] = "org.pvm.Hypervisor1.Error.Failed",
};

static void
test_codes_encode_to_their_names (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (expected_names), ==, PVM_ERROR_N_ERRORS);
  for (int code = 0; code < PVM_ERROR_N_ERRORS; code++) {
    g_autoptr (GError) error = g_error_new (PVM_ERROR, code, "Domain 'web1' is busy");
    g_autofree char *name = g_dbus_error_encode_gerror (error);
    g_assert_cmpstr (name, ==, expected_names[code]);
  }
}

static void
test_names_decode_to_their_codes (void)
{
  GQuark domain = PVM_ERROR; /* registers the names */

  for (int code = 0; code < PVM_ERROR_N_ERRORS; code++) {
    g_autoptr (GError) error = g_dbus_error_new_for_dbus_error (expected_names[code],
                                                                "Domain 'web1' is busy");
    g_assert_error (error, domain, code);
    g_assert_true (g_dbus_error_is_remote_error (error));
    g_assert_true (g_dbus_error_strip_remote_error (error));
    g_assert_cmpstr (error->message, ==, "Domain 'web1' is busy");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/helper/error/every-code-encodes-to-its-dbus-name",
                   test_codes_encode_to_their_names);
  g_test_add_func ("/helper/error/every-dbus-name-decodes-to-its-code",
                   test_names_decode_to_their_codes);
  return g_test_run ();
}

/* test-connect.c: host URIs (src/common/pvm-connect.c) — what is accepted and refused, the
 * default, and the ssh command line that reaches a remote host. */
#include <string.h>
#include <unistd.h>

#include "common/pvm-connect.h"

static void
test_local_uris (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmConnectUri) session = pvm_connect_uri_parse ("pvm:///session", &error);
  g_autoptr (PvmConnectUri) system = pvm_connect_uri_parse ("pvm:///system", &error);

  g_assert_no_error (error);
  g_assert_false (session->system);
  g_assert_null (session->host);
  g_assert_true (system->system);
  g_assert_null (system->host);
  g_assert_null (pvm_connect_bridge_argv (session, NULL));
}

static void
test_ssh_uris (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmConnectUri) full = pvm_connect_uri_parse ("pvm+ssh://admin@hostb:2222/system",
                                                          &error);
  g_autoptr (PvmConnectUri) bare = pvm_connect_uri_parse ("pvm+ssh://hostb/session", &error);

  g_assert_no_error (error);
  g_assert_true (full->system);
  g_assert_cmpstr (full->user, ==, "admin");
  g_assert_cmpstr (full->host, ==, "hostb");
  g_assert_cmpint (full->port, ==, 2222);
  g_assert_false (bare->system);
  g_assert_null (bare->user);
  g_assert_cmpint (bare->port, ==, -1);
}

static void
test_bridge_argv (void)
{
  g_autoptr (PvmConnectUri) full = pvm_connect_uri_parse ("pvm+ssh://admin@hostb:2222/system",
                                                          NULL);
  g_autoptr (PvmConnectUri) bare = pvm_connect_uri_parse ("pvm+ssh://hostb/session", NULL);
  const char *serial[] = { "--serial", "web1", NULL };

  g_unsetenv ("PVM_SSH");
  g_auto (GStrv) a = pvm_connect_bridge_argv (full, NULL);
  g_autofree char *a_line = g_strjoinv (" ", a);
  g_assert_cmpstr (a_line, ==, "ssh -p 2222 admin@hostb pvmctl bridge --system");

  g_setenv ("PVM_SSH", "/usr/local/bin/my-ssh", TRUE);
  g_auto (GStrv) b = pvm_connect_bridge_argv (bare, serial);
  g_autofree char *b_line = g_strjoinv (" ", b);
  g_assert_cmpstr (b_line, ==, "/usr/local/bin/my-ssh hostb pvmctl bridge --session --serial web1");
  g_unsetenv ("PVM_SSH");
}

static void
test_wrong_uris_are_refused_with_a_sentence (void)
{
  const char *wrong[] = {
    "",
    "session",
    "pvm://session",
    "pvm:///elsewhere",
    "pvm://hostb/system",
    "qemu:///system",
    "pvm+ssh:///system",
    "pvm+ssh://-oProxyCommand=x/system",
    "pvm+ssh://hostb/system?x=1",
    "pvm+ssh://hostb",
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (PvmConnectUri) uri = pvm_connect_uri_parse (wrong[i], &error);
    g_test_message ("%s: %s", wrong[i], error ? error->message : "accepted");
    g_assert_null (uri);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_autofree char *quoted = g_strdup_printf ("'%s'", wrong[i]);
    g_assert_nonnull (strstr (error->message, quoted));
  }
}

static void
test_the_default_uri (void)
{
  g_setenv ("PVM_DEFAULT_URI", "pvm+ssh://hostb/session", TRUE);
  g_autofree char *from_env = pvm_connect_default_uri ();
  g_assert_cmpstr (from_env, ==, "pvm+ssh://hostb/session");

  g_unsetenv ("PVM_DEFAULT_URI");
  g_autofree char *plain = pvm_connect_default_uri ();
  g_assert_cmpstr (plain, ==, geteuid () == 0 ? "pvm:///system" : "pvm:///session");
}

static void
test_the_serial_status_line (void)
{
  g_autoptr (GError) busy = g_error_new (G_IO_ERROR, G_IO_ERROR_BUSY, "Domain 'a' is\nbusy");
  g_autofree char *ok = pvm_connect_serial_status_line (NULL);
  g_autofree char *failed = pvm_connect_serial_status_line (busy);

  g_assert_cmpstr (ok, ==, "OK\n");
  g_assert_true (g_str_has_prefix (failed, "ERROR "));
  g_assert_true (g_str_has_suffix (failed, " Domain 'a' is busy\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/connect/local-uris-name-the-session-and-system-buses", test_local_uris);
  g_test_add_func ("/cli/connect/ssh-uris-carry-user-host-port-and-bus", test_ssh_uris);
  g_test_add_func ("/cli/connect/the-bridge-runs-ssh-or-pvm-ssh-with-pvmctl-bridge",
                   test_bridge_argv);
  g_test_add_func ("/cli/connect/wrong-uris-are-refused-with-a-sentence",
                   test_wrong_uris_are_refused_with_a_sentence);
  g_test_add_func ("/cli/connect/the-default-uri-follows-the-environment-and-the-user",
                   test_the_default_uri);
  g_test_add_func ("/cli/connect/the-serial-bridge-says-ok-or-the-error-on-one-line",
                   test_the_serial_status_line);
  return g_test_run ();
}

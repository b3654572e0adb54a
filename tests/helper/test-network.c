/* test-network.c: networks in a session pvmd on a private bus — the NAT network "default"
 * pvmd defines, a guest on it that fetches a file from a server on the host and serves one
 * back through a port forward, its VMM in the sandbox; a network in use cannot go; a domain
 * naming a network that does not exist does not start; a bridge is for the system pvmd. */
#include <gio/gio.h>
#include <string.h>

#include "common/pvm-error.h"
#include "http-test.h"
#include "pvmd-test.h"

#define NETWORK_PATH "/org/pvm/Hypervisor1/network/"
#define BLOB_SIZE (256 * 1024)

/* Returns the Network proxy at @path once the object manager lists it. */
static PvmNetwork *
get_network (PvmTestPvmd *f, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusInterface *iface;

  while (!(iface = g_dbus_object_manager_get_interface (f->manager, path,
                                                        "org.pvm.Hypervisor1.Network")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (iface);
  return PVM_NETWORK (iface);
}

/* Defines the default guest as @name with @devices (interfaces) and returns its proxy. */
static PvmDomain *
define_guest (PvmTestPvmd *f, const char *name, const char *devices)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
    "<os><type>linux</type><kernel>%s/Image</kernel><initrd>%s/initramfs.cpio.gz</initrd>"
    "<cmdline>console=ttyS0 quiet</cmdline></os><devices>%s</devices></domain>",
    name, f->guest, f->guest, devices);

  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  return pvm_test_pvmd_get_domain (f, path);
}

/* A TCP port on 127.0.0.1 that nothing listens on now. */
static guint16
free_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_autoptr (GSocketAddress) bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
run (PvmTestSerial *serial, const char *command, const char *expected)
{
  g_assert_true (pvm_test_serial_run (serial, command, PVM_TEST_CMD_TIMEOUT));
  if (expected && !strstr (pvm_test_serial_last_output (serial), expected))
    g_error ("“%s” printed “%s”, without “%s”", command, pvm_test_serial_last_output (serial),
             expected);
}

static void
assert_sandboxed (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  g_assert_nonnull (strstr (status, "NoNewPrivs:\t1\n"));
  /* A build with sanitizers installs no filter (pvm-vmm --help says so). */
  g_assert_true (strstr (status, "Seccomp:\t2\n") || strstr (status, "Seccomp:\t0\n"));
}

static void
test_the_default_network_is_nat (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmNetwork) network = get_network (f, NETWORK_PATH "default");
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;

  g_assert_cmpstr (pvm_network_get_name (network), ==, "default");
  g_assert_cmpstr (pvm_network_get_forward (network), ==, "nat");
  g_assert_cmpstr (pvm_network_get_bridge (network), ==, "");
  g_assert_true (pvm_network_call_get_xml_sync (network, &xml, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<forward mode=\"nat\"/>"));

  g_autofree char *file = g_build_filename (f->dir, "networks", "default.xml", NULL);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  if (pvm_helper_test_have_validator ())
    pvm_helper_test_assert_valid_xml (file, "network");
}

static void
test_a_nat_guest_reaches_the_host_and_is_reached (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint16 forward = free_port ();
  g_autofree char *devices = g_strdup_printf (
    "<interface type='network'><source network='default'/>"
    "<portForward proto='tcp' address='127.0.0.1'><range start='%u' to='8080'/></portForward>"
    "</interface>", forward);
  g_autoptr (PvmDomain) domain = define_guest (f, "nat", devices);
  g_autofree char *xml = NULL;

  /* The MAC address chosen at define time is stored, and is the guest's. */
  g_assert_true (pvm_domain_call_get_xml_sync (domain, &xml, NULL, &error));
  const char *mac = strstr (xml, "<mac address=\"52:54:00:");
  g_assert_nonnull (mac);
  g_autofree char *address = g_strndup (mac + strlen ("<mac address=\""), 17);

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "network-nat");
  assert_sandboxed (pvm_test_serial_peer_pid (serial));
  run (serial, "cat /sys/class/net/eth0/address", address);
  run (serial, "ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && "
               "ip route add default via 10.0.2.2 && echo configured", "configured");

  /* The guest fetches from the host's loopback, which it sees as 10.0.2.2. */
  g_autoptr (GBytes) blob = pvm_test_http_blob (BLOB_SIZE);
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, blob);
  PvmTestHttp *http = pvm_test_http_serve (NULL, "127.0.0.1", blob);
  g_autofree char *fetch = g_strdup_printf ("wget -q -O /tmp/blob http://10.0.2.2:%u/blob && "
                                            "sha256sum /tmp/blob",
                                            pvm_test_http_get_port (http));
  run (serial, fetch, sum);
  g_assert_true (pvm_test_http_finish (http));

  /* The host reaches the guest's server through the forward. */
  run (serial, "mkdir -p /tmp/www && echo served-by-the-guest > /tmp/www/hello && "
               "httpd -p 8080 -h /tmp/www && echo serving", "serving");
  g_autoptr (GBytes) got = pvm_test_http_fetch ("127.0.0.1", forward, "/hello");
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "served-by-the-guest\n",
                   20);

  /* The network cannot go, nor change, while the guest runs on it. */
  g_autoptr (PvmNetwork) network = get_network (f, NETWORK_PATH "default");
  g_assert_false (pvm_network_call_undefine_sync (network, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "'nat'");
  g_clear_error (&error);
  g_autofree char *path = NULL;
  g_assert_false (pvm_host_call_define_network_sync (
    f->host, "<network><name>default</name><forward mode='nat'/></network>", &path, NULL,
    &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "'default'");
  g_clear_error (&error);

  pvm_test_domain_destroy (domain);
  g_assert_true (pvm_network_call_undefine_sync (network, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *file = g_build_filename (f->dir, "networks", "default.xml", NULL);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

static void
test_a_user_interface_needs_no_network (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain =
    define_guest (f, "user", "<interface type='user'><mac address='52:54:00:01:02:03'/>"
                             "</interface>");

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "network-user");
  run (serial, "cat /sys/class/net/eth0/address", "52:54:00:01:02:03");
  run (serial, "ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && "
               "ping -c 1 -W 5 10.0.2.2 >/dev/null; echo pinged", "pinged");
  pvm_test_domain_destroy (domain);
}

static void
test_an_undefined_network_stops_the_start (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain =
    define_guest (f, "lost", "<interface type='network'><source network='nowhere'/>"
                             "</interface>");

  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED, "'nowhere'");
  g_assert_nonnull (strstr (error->message, "not defined"));
  pvm_test_domain_wait_for_reason (domain, "'nowhere'");
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");
}

static void
test_a_bridge_is_not_for_the_session (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_false (pvm_host_call_define_network_sync (
    f->host, "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>",
    &path, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_NOT_AUTHORIZED, "'lan'");
  g_clear_error (&error);
  g_assert_false (pvm_host_call_define_network_sync (
    f->host, "<network><name>lan</name><forward mode='route'/></network>", &path, NULL,
    &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "<forward mode=\"route\">");
}

static void
test_networks_are_stored_and_come_back (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (pvm_host_call_define_network_sync (
    f->host, "<network><name>lab+1</name><forward mode='nat'/></network>", &path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, NETWORK_PATH "lab_2b1");
  g_autoptr (PvmNetwork) defined = get_network (f, path);
  g_assert_cmpstr (pvm_network_get_name (defined), ==, "lab+1");

  /* A restarted pvmd lists it again, and "default" too. */
  g_clear_object (&defined);
  pvm_test_pvmd_stop (f, SIGTERM);
  pvm_test_pvmd_start (f);
  g_autoptr (PvmNetwork) reloaded = get_network (f, path);
  g_assert_cmpstr (pvm_network_get_forward (reloaded), ==, "nat");
  g_autoptr (PvmNetwork) fallback = get_network (f, NETWORK_PATH "default");
  g_assert_true (pvm_network_call_undefine_sync (reloaded, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-network-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func) \
  g_test_add ("/helper/network/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("pvmd-defines-the-nat-network-default", test_the_default_network_is_nat);
  ADD ("a-guest-on-nat-fetches-from-the-host-and-serves-through-a-forward",
       test_a_nat_guest_reaches_the_host_and_is_reached);
  ADD ("a-user-interface-needs-no-defined-network", test_a_user_interface_needs_no_network);
  ADD ("a-domain-on-an-undefined-network-does-not-start-and-says-which",
       test_an_undefined_network_stops_the_start);
  ADD ("a-bridge-network-is-refused-in-session-mode", test_a_bridge_is_not_for_the_session);
  ADD ("networks-are-stored-and-listed-again-after-a-restart",
       test_networks_are_stored_and_come_back);
#undef ADD
  return g_test_run ();
}

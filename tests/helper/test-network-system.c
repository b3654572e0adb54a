/* test-network-system.c: a bridge network in system mode. pvmd --system runs (as root) in a
 * network namespace with a bridge br0 (192.168.77.1/24), on the bus of python-dbusmock's
 * polkitd template, which grants every action. A guest on the bridge network gets a tap
 * device pvmd creates on br0: it pings the bridge and fetches a file from a server on it, and
 * writes to a disk pvmd opened for it; its pvm-vmm runs as the user "pvm" (or "nobody"),
 * sandboxed; the tap device goes with the VMM. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/console.h"
#include "common/pvm-error.h"
#include "common/pvm-hypervisor1.h"
#include "http-test.h"
#include "mock-polkit.h"
#include "pvmd-test.h"

#define BUS_NAME "org.pvm.Hypervisor1"
#define BRIDGE_ADDR "192.168.77.1"
#define GUEST_ADDR "192.168.77.2"

typedef struct {
  char *dir; /* 0755: the VMM's user walks through it to its runtime directory */
  char ns[32];
  PvmTestPolkit *polkit;
  GDBusConnection *client;
  GSubprocess *pvmd;
  PvmHost *host;
} Fixture;

static gboolean
run_ip (const char *const *args, char **out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, "ip");
  for (; *args; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                     &err, &status, NULL))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_test_message ("ip: %s", err);
    return FALSE;
  }
  return TRUE;
}

static gboolean
pvmd_owns_name (Fixture *f)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    f->client, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "NameHasOwner", g_variant_new ("(s)", BUS_NAME), G_VARIANT_TYPE ("(b)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
start_pvmd (Fixture *f)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *vmm = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *argv[] = { "ip", "netns", "exec", f->ns, g_getenv ("PVMD"), "--system", vmm, NULL };
  static const char *const dirs[][2] = {
    { "STATE_DIRECTORY", "state" }, { "RUNTIME_DIRECTORY", "run" },
  };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
    g_autofree char *path = g_build_filename (f->dir, dirs[i][1], NULL);
    g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
    g_subprocess_launcher_setenv (launcher, dirs[i][0], path, TRUE);
  }
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS",
                                pvm_test_polkit_get_address (f->polkit), TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "pvmd", TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  pvm_test_launcher_die_with_parent (launcher);
  f->pvmd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_autofree char *pidfile = g_build_filename (f->dir, "pvmd.pid", NULL);
  g_assert_true (g_file_set_contents (pidfile, g_subprocess_get_identifier (f->pvmd), -1, NULL));

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!pvmd_owns_name (f) && g_get_monotonic_time () < deadline) {
    g_assert_nonnull (g_subprocess_get_identifier (f->pvmd));
    g_usleep (20 * 1000);
  }
  g_assert_true (pvmd_owns_name (f));
  f->host = pvm_host_proxy_new_sync (f->client, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME,
                                     "/org/pvm/Hypervisor1/Host", NULL, &error);
  g_assert_no_error (error);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *ip = g_find_program_in_path ("ip");
  const char *missing = pvm_test_polkit_missing ();

  if (geteuid () != 0 || !ip || missing) {
    g_test_skip (missing ? missing : "pvmd --system and network namespaces need root and ip");
    return;
  }
  g_autofree char *template = g_build_filename (data, "test-XXXXXX", NULL);
  f->dir = g_strdup (g_mkdtemp_full (template, 0755));
  g_assert_nonnull (f->dir);
  g_snprintf (f->ns, sizeof f->ns, "pvmnet-%d", (int) getpid ());
  const char *steps[][12] = {
    { "netns", "add", f->ns, NULL },
    { "-n", f->ns, "link", "add", "br0", "type", "bridge", NULL },
    { "-n", f->ns, "addr", "add", BRIDGE_ADDR "/24", "dev", "br0", NULL },
    { "-n", f->ns, "link", "set", "lo", "up", NULL },
    { "-n", f->ns, "link", "set", "br0", "up", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_true (run_ip (steps[i], NULL));

  f->polkit = pvm_test_polkit_new (f->dir);
  f->client = pvm_test_polkit_get_connection (f->polkit);
  const char *actions[] = {
    "org.pvm.hypervisor1.lifecycle", "org.pvm.hypervisor1.console",
    "org.pvm.hypervisor1.manage-domains", "org.pvm.hypervisor1.network", NULL,
  };
  pvm_test_polkit_allow (f->polkit, actions);
  start_pvmd (f);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (!f->dir)
    return;
  g_clear_object (&f->host);
  if (f->pvmd) {
    g_subprocess_send_signal (f->pvmd, SIGTERM);
    g_subprocess_wait (f->pvmd, NULL, NULL);
    g_clear_object (&f->pvmd);
  }
  g_clear_pointer (&f->polkit, pvm_test_polkit_free);
  const char *del[] = { "netns", "del", f->ns, NULL };
  run_ip (del, NULL);
  const char *argv[] = { "rm", "-rf", f->dir, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
}

static PvmDomain *
domain_proxy (Fixture *f, const char *path)
{
  g_autoptr (GError) error = NULL;
  PvmDomain *domain = pvm_domain_proxy_new_sync (f->client, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME,
                                                 path, NULL, &error);
  g_assert_no_error (error);
  return domain;
}

/* Returns the names of the interfaces on br0. */
static char *
bridge_ports (Fixture *f)
{
  const char *args[] = { "-n", f->ns, "-o", "link", "show", "master", "br0", NULL };
  char *out = NULL;

  g_assert_true (run_ip (args, &out));
  return out;
}

static void
run (PvmTestSerial *serial, const char *command, const char *expected)
{
  g_assert_true (pvm_test_serial_run (serial, command, PVM_TEST_CMD_TIMEOUT));
  if (!strstr (pvm_test_serial_last_output (serial), expected))
    g_error ("“%s” printed “%s”, without “%s”", command, pvm_test_serial_last_output (serial),
             expected);
}

static void
test_a_guest_on_a_bridge_reaches_it_as_an_unprivileged_vmm (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *network_path = NULL, *domain_path = NULL;

  if (!f->dir)
    return;
  g_assert_true (pvm_host_call_define_network_sync (
    f->host, "<network><name>lan</name><forward mode='bridge'/><bridge name='br0'/></network>",
    &network_path, NULL, &error));
  g_assert_no_error (error);

  /* A disk only root can open: pvmd hands it down. */
  g_autofree char *disk = g_build_filename (f->dir, "disk.img", NULL);
  g_assert_true (g_file_set_contents (disk, "", 0, NULL));
  g_assert_cmpint (truncate (disk, 16 << 20), ==, 0);
  g_assert_cmpint (chmod (disk, 0600), ==, 0);
  g_autofree char *guest = pvm_test_guest_dir ();
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>bridged</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
    "<os><type>linux</type><kernel>%s/Image</kernel><initrd>%s/initramfs.cpio.gz</initrd>"
    "<cmdline>console=ttyS0 quiet</cmdline></os><devices>"
    "<disk type='file' device='disk'><source file='%s'/><target dev='vda' bus='virtio'/></disk>"
    "<interface type='network'><source network='lan'/><mac address='52:54:00:77:00:02'/>"
    "</interface></devices></domain>", guest, guest, disk);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &domain_path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = domain_proxy (f, domain_path);

  pvm_test_domain_start (domain);
  g_autofree char *ports = bridge_ports (f);
  g_assert_nonnull (strstr (ports, "pvmtap"));
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "network-bridge");

  /* pvm-vmm runs as "pvm" (tools/install-deps and `meson install` make it), or "nobody" where
   * that user was not made — never as root — sandboxed. */
  struct passwd *pw = getpwnam ("pvm");
  if (!pw) {
    g_test_message ("there is no user pvm: the VMM runs as nobody");
    pw = getpwnam ("nobody");
  }
  g_assert_nonnull (pw);
  g_assert_cmpuint (pw->pw_uid, !=, 0);
  g_autofree char *status_path =
    g_strdup_printf ("/proc/%d/status", (int) pvm_test_serial_peer_pid (serial));
  g_autofree char *status = NULL;
  g_autofree char *uid_line = g_strdup_printf ("\nUid:\t%u\t%u\t%u\t%u\n", pw->pw_uid,
                                               pw->pw_uid, pw->pw_uid, pw->pw_uid);
  g_assert_true (g_file_get_contents (status_path, &status, NULL, NULL));
  g_test_message ("pvm-vmm's status:\n%s", status);
  g_assert_nonnull (strstr (status, uid_line));
  const char *groups = strstr (status, "\nGroups:\t");
  g_assert_nonnull (groups);
  groups += strlen ("\nGroups:\t");
  g_assert_cmpuint (strspn (groups, " "), ==, strcspn (groups, "\n")); /* none */
  g_assert_nonnull (strstr (status, "\nNoNewPrivs:\t1\n"));
  g_assert_nonnull (strstr (status, "\nCapEff:\t0000000000000000\n"));

  run (serial, "cat /sys/class/net/eth0/address", "52:54:00:77:00:02");
  run (serial, "echo written-through-a-handed-down-fd > /dev/vda && sync && head -c 32 /dev/vda",
       "written-through-a-handed-down-fd");
  run (serial, "ip addr add " GUEST_ADDR "/24 dev eth0 && ip link set eth0 up && "
               "ping -c 3 -W 5 " BRIDGE_ADDR, "3 packets received");
  g_autoptr (GBytes) blob = pvm_test_http_blob (128 * 1024);
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, blob);
  PvmTestHttp *http = pvm_test_http_serve (f->ns, BRIDGE_ADDR, blob);
  g_autofree char *fetch = g_strdup_printf ("wget -q -O /tmp/blob http://" BRIDGE_ADDR
                                            ":%u/b && sha256sum /tmp/blob",
                                            pvm_test_http_get_port (http));
  run (serial, fetch, sum);
  g_assert_true (pvm_test_http_finish (http));

  /* The network stays while the guest is on it. */
  g_autoptr (PvmNetwork) network = pvm_network_proxy_new_sync (
    f->client, G_DBUS_PROXY_FLAGS_NONE, BUS_NAME, network_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pvm_network_get_bridge (network), ==, "br0");
  g_assert_false (pvm_network_call_undefine_sync (network, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "'bridged'");
  g_clear_error (&error);

  /* The tap device goes with the VMM. */
  pvm_test_domain_destroy (domain);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;) {
    g_free (ports);
    ports = bridge_ports (f);
    if (!strstr (ports, "pvmtap") || g_get_monotonic_time () > deadline)
      break;
    g_usleep (50 * 1000);
  }
  g_assert_null (strstr (ports, "pvmtap"));
  g_assert_true (pvm_network_call_undefine_sync (network, NULL, &error));
  g_assert_no_error (error);
}

static void
test_a_missing_bridge_stops_the_start (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (!f->dir)
    return;
  g_assert_true (pvm_host_call_define_network_sync (
    f->host, "<network><name>gone</name><forward mode='bridge'/><bridge name='br9'/></network>",
    &path, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *guest = pvm_test_guest_dir ();
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>stranded</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
    "<os><type>linux</type><kernel>%s/Image</kernel></os><devices>"
    "<interface type='network'><source network='gone'/></interface></devices></domain>", guest);
  g_clear_pointer (&path, g_free);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = domain_proxy (f, path);

  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED, "'br9' does not exist");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-network-system-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func) \
  g_test_add ("/helper/network-system/" path, Fixture, dir, set_up, func, tear_down)
  ADD ("a-guest-on-a-bridge-reaches-it-from-an-unprivileged-sandboxed-vmm",
       test_a_guest_on_a_bridge_reaches_it_as_an_unprivileged_vmm);
  ADD ("a-domain-on-a-missing-bridge-does-not-start-and-says-why",
       test_a_missing_bridge_stops_the_start);
#undef ADD
  return g_test_run ();
}

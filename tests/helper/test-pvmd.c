/* test-pvmd.c: pvmd on a private session bus (GTestDBus), driven through the generated
 * proxies with the default guest: define, start, the serial console, pause, destroy,
 * undefine; a poweroff, a crash and a failed start as pvmd reports them; every method fed
 * wrong arguments; and pvmd killed with SIGKILL while three machines run, then started again.
 */
#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "pvmd-test.h"

static void
test_host_properties (PvmTestPvmd *f, gconstpointer data)
{
  g_assert_cmpstr (pvm_host_get_hostname (f->host), ==, g_get_host_name ());
  g_assert_cmpstr (pvm_host_get_mode (f->host), ==, "session");
}

static void
test_definitions_are_stored_and_listed (PvmTestPvmd *f, gconstpointer data)
{
  const char *uuid = "3f1b2a44-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_test_pvmd_guest_xml (f, "stored", uuid, 256);
  g_autofree char *path = NULL, *path_again = NULL, *got = NULL;

  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/org/pvm/Hypervisor1/domain/3f1b2a44_5c6d_4e7f_8a9b_0c1d2e3f4a5b");

  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_cmpstr (pvm_domain_get_name (domain), ==, "stored");
  g_assert_cmpstr (pvm_domain_get_uuid (domain), ==, uuid);
  g_assert_cmpstr (pvm_domain_get_mode (domain), ==, "pv");
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");
  g_assert_cmpuint (pvm_domain_get_vcpus (domain), ==, 1);
  g_assert_cmpuint (pvm_domain_get_memory_mib (domain), ==, 256);

  g_autofree char *file = g_strdup_printf ("%s/%s.xml", f->store, uuid);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (pvm_domain_call_get_xml_sync (domain, &got, NULL, &error));
  g_assert_nonnull (strstr (got, "<name>stored</name>"));
  g_assert_nonnull (strstr (got, "<pvm:arch>riscv64</pvm:arch>"));
  g_autofree char *validator = g_find_program_in_path ("virt-xml-validate");
  if (validator)
    pvm_helper_test_assert_valid_domain_xml (file);

  /* The same UUID and name again: the definition is replaced, the object stays. */
  g_autofree char *bigger = pvm_test_pvmd_guest_xml (f, "stored", uuid, 512);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, bigger, &path_again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (path_again, ==, path);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (pvm_domain_get_memory_mib (domain) != 512 && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpuint (pvm_domain_get_memory_mib (domain), ==, 512);

  /* A restarted pvmd lists it again. */
  g_clear_object (&domain);
  pvm_test_pvmd_stop (f, SIGTERM);
  pvm_test_pvmd_start (f);
  g_autoptr (PvmDomain) reloaded = pvm_test_pvmd_get_domain (f, path);
  g_assert_cmpstr (pvm_domain_get_name (reloaded), ==, "stored");
  g_assert_cmpuint (pvm_domain_get_memory_mib (reloaded), ==, 512);
  g_assert_cmpstr (pvm_domain_get_state (reloaded), ==, "shutoff");
}

static void
test_the_default_guest_lives_and_goes (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "life");
  g_autofree char *path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));

  pvm_test_domain_start (domain);
  g_assert_cmpstr (pvm_domain_get_state_reason (domain), ==, "");
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "pvmd-life");
  g_assert_true (pvm_test_serial_run (serial, "echo $((6*7))", PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), "42"));

  /* A second console sees the same guest. */
  g_autoptr (PvmTestSerial) second = pvm_test_domain_open_serial (domain, "pvmd-life-second");
  pvm_test_serial_send (second, "echo from-$((1+1))-consoles\n");
  g_assert_true (pvm_test_serial_expect (serial, "from-2-consoles", PVM_TEST_CMD_TIMEOUT));
  g_assert_true (pvm_test_serial_expect (second, "from-2-consoles", PVM_TEST_CMD_TIMEOUT));
  g_assert_true (pvm_test_serial_expect (serial, "pvm# ", PVM_TEST_CMD_TIMEOUT));

  g_assert_true (pvm_domain_call_pause_sync (domain, NULL, &error));
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (domain, "paused");
  pvm_test_serial_send (serial, "echo resumed-$((40+2))\n");
  g_assert_true (pvm_test_serial_quiet_for (serial, 1.0));
  g_assert_true (pvm_domain_call_resume_sync (domain, NULL, &error));
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (domain, "running");
  g_assert_true (pvm_test_serial_expect (serial, "resumed-42", PVM_TEST_CMD_TIMEOUT));

  pvm_test_domain_destroy (domain);
  g_assert_true (pvm_test_serial_wait_for_end (serial, 5.0));
  g_assert_true (pvm_test_serial_wait_for_end (second, 5.0));

  g_assert_true (pvm_domain_call_undefine_sync (domain, NULL, &error));
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GDBusObject *object;
  while ((object = g_dbus_object_manager_get_object (f->manager, path)) &&
         g_get_monotonic_time () < deadline) {
    g_object_unref (object);
    pvm_test_iterate ();
  }
  g_assert_null (object);
  g_autofree char *file = g_strdup_printf ("%s/%s.xml", f->store, pvm_domain_get_uuid (domain));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

static void
test_a_poweroff_shuts_the_domain_off (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "poweroff");

  pvm_test_domain_start (domain);
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "pvmd-poweroff");
    pvm_test_serial_send (serial, "poweroff -f\n");
    pvm_test_domain_wait_for_state (domain, "shutoff");
  }
  pvm_test_domain_wait_for_reason (domain, "The guest powered off");

  /* It starts again. */
  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "pvmd-poweroff-again");
  pvm_test_domain_destroy (domain);
}

static void
test_a_crash_is_recorded (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "crash");

  pvm_test_domain_start (domain);
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "pvmd-crash");
    g_assert_cmpint (kill (pvm_test_serial_peer_pid (serial), SIGSEGV), ==, 0);
    pvm_test_domain_wait_for_state (domain, "crashed");
  }
  pvm_test_domain_wait_for_reason (domain, "signal 11");

  pvm_test_domain_start (domain); /* a crashed domain starts again */
  pvm_test_domain_destroy (domain);
}

static void
test_a_failed_start_says_why (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *xml = "<domain type='qemu'><name>nokernel</name><memory unit='MiB'>64</memory>"
                    "<os><type>linux</type><kernel>/nonexistent/Image</kernel></os></domain>";

  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_FAILED, "/nonexistent/Image");
  g_assert_nonnull (strstr (error->message, "Domain 'nokernel' did not start"));
  pvm_test_domain_wait_for_reason (domain, "/nonexistent/Image");
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");
}

static void
test_wrong_arguments_get_named_errors (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL, *out = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GUnixFDList) fds = NULL;

  /* DefineDomain */
  g_assert_false (pvm_host_call_define_domain_sync (f->host, "no xml", &path, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "well-formed");
  g_clear_error (&error);
  g_autofree char *many = pvm_test_pvmd_guest_xml (f, "many", NULL, 256);
  char *vcpu = strstr (many, "<vcpu>1</vcpu>");
  memcpy (vcpu, "<vcpu>9</vcpu>", 14);
  g_assert_false (pvm_host_call_define_domain_sync (f->host, many, &path, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "<vcpu>");
  g_clear_error (&error);

  const char *uuid = "aa1b2a44-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
  g_autofree char *first = pvm_test_pvmd_guest_xml (f, "args", uuid, 256);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, first, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);
  g_autofree char *same_name = pvm_test_pvmd_guest_xml (f, "args", NULL, 256);
  g_assert_false (pvm_host_call_define_domain_sync (f->host, same_name, &out, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "'args' already exists");
  g_clear_error (&error);
  g_autofree char *renamed = pvm_test_pvmd_guest_xml (f, "renamed", uuid, 256);
  g_assert_false (pvm_host_call_define_domain_sync (f->host, renamed, &out, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_INVALID_ARGUMENT, "cannot rename");
  g_clear_error (&error);

  /* A wrong signature is refused by GDBus itself, with the standard name. */
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    f->connection, "org.pvm.Hypervisor1", "/org/pvm/Hypervisor1/Host",
    "org.pvm.Hypervisor1.Host", "DefineDomain", g_variant_new ("(i)", 42), NULL,
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_clear_error (&error);

  /* A shut-off domain */
  g_assert_false (pvm_domain_call_destroy_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "Domain 'args' is not running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_pause_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is not running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_resume_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is not running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_open_serial_sync (domain, "", NULL, &handle, &fds, NULL,
                                                    &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is not running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_open_serial_sync (domain, "serial7", NULL, &handle, &fds,
                                                    NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_NOT_FOUND, "no serial port 'serial7'");
  g_clear_error (&error);

  /* A running domain */
  pvm_test_domain_start (domain);
  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is already running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_undefine_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "destroy it before");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_resume_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is not paused");
  g_clear_error (&error);
  g_autofree char *bigger = pvm_test_pvmd_guest_xml (f, "args", uuid, 512);
  g_assert_false (pvm_host_call_define_domain_sync (f->host, bigger, &out, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is running");
  g_clear_error (&error);
  g_assert_false (pvm_domain_call_open_serial_sync (domain, "ttyS1", NULL, &handle, &fds, NULL,
                                                    &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_NOT_FOUND, "ttyS1");
  g_clear_error (&error);

  /* A paused domain */
  g_assert_true (pvm_domain_call_pause_sync (domain, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pvm_domain_call_pause_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is already paused");
  g_clear_error (&error);

  pvm_test_domain_destroy (domain);
  g_assert_false (pvm_domain_call_destroy_sync (domain, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, "is not running");
  g_clear_error (&error);

  /* An undefined domain is gone from the bus. */
  g_assert_true (pvm_domain_call_undefine_sync (domain, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pvm_domain_call_get_xml_sync (domain, &out, NULL, &error));
  g_assert_true (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
                 g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT));
}

/* pvmd dies by SIGKILL while three machines run (one of them paused); the next pvmd finds
 * them all, in their states, their consoles usable, the guests not rebooted; and it keeps
 * watching them: a destroy, a guest poweroff and a crash are seen as such. */
static void
test_a_killed_pvmd_finds_its_machines_again (PvmTestPvmd *f, gconstpointer data)
{
  const char *names[] = { "vm1", "vm2", "vm3" };
  char *paths[G_N_ELEMENTS (names)];
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, names[i]);
    paths[i] = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));
    pvm_test_domain_start (domain);
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, names[i]);
    g_autofree char *mark = g_strdup_printf ("echo mark-%s > /tmp/mark", names[i]);
    g_assert_true (pvm_test_serial_run (serial, mark, PVM_TEST_CMD_TIMEOUT));
    if (i == 1) {
      g_assert_true (pvm_domain_call_pause_sync (domain, NULL, &error));
      g_assert_no_error (error);
      pvm_test_domain_wait_for_state (domain, "paused");
    }
  }

  pvm_test_pvmd_stop (f, SIGKILL);
  pvm_test_pvmd_start (f);

  g_autoptr (PvmDomain) vm1 = pvm_test_pvmd_get_domain (f, paths[0]);
  g_autoptr (PvmDomain) vm2 = pvm_test_pvmd_get_domain (f, paths[1]);
  g_autoptr (PvmDomain) vm3 = pvm_test_pvmd_get_domain (f, paths[2]);
  g_assert_cmpstr (pvm_domain_get_state (vm1), ==, "running");
  g_assert_cmpstr (pvm_domain_get_state (vm2), ==, "paused");
  g_assert_cmpstr (pvm_domain_get_state (vm3), ==, "running");

  g_assert_true (pvm_domain_call_resume_sync (vm2, NULL, &error));
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (vm2, "running");
  PvmDomain *vms[] = { vm1, vm2, vm3 };
  PvmTestSerial *serials[G_N_ELEMENTS (vms)];
  for (guint i = 0; i < G_N_ELEMENTS (vms); i++) {
    g_autofree char *log = g_strdup_printf ("%s-after", names[i]);
    g_autofree char *mark = g_strdup_printf ("mark-%s", names[i]);
    serials[i] = pvm_test_domain_open_serial (vms[i], log);
    g_assert_true (pvm_test_serial_run (serials[i], "cat /tmp/mark", PVM_TEST_CMD_TIMEOUT));
    g_assert_nonnull (strstr (pvm_test_serial_last_output (serials[i]), mark));
  }

  pvm_test_domain_destroy (vm1);
  pvm_test_serial_send (serials[1], "poweroff -f\n");
  pvm_test_domain_wait_for_state (vm2, "shutoff");
  pvm_test_domain_wait_for_reason (vm2, "The guest powered off");
  pid_t vm3_pid = pvm_test_serial_peer_pid (serials[2]);
  g_test_message ("killing vm3's pvm-vmm, pid %d", (int) vm3_pid);
  g_assert_cmpint (kill (vm3_pid, SIGKILL), ==, 0);
  pvm_test_domain_wait_for_state (vm3, "crashed");
  pvm_test_domain_wait_for_reason (vm3, "without saying why");

  for (guint i = 0; i < G_N_ELEMENTS (vms); i++) {
    pvm_test_serial_free (serials[i]);
    g_free (paths[i]);
  }
}

/* A machine that ends while no pvmd runs is found shut off, its stale sockets cleared, and it
 * starts again. */
static void
test_a_machine_that_ended_meanwhile_is_shut_off (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "gone");
  g_autofree char *path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));
  g_autofree char *control = g_build_filename (f->runtime, "pvm", pvm_domain_get_uuid (domain),
                                               "control", NULL);

  pvm_test_domain_start (domain);
  {
    g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "gone");
    pid_t pid = pvm_test_serial_peer_pid (serial);
    g_clear_object (&domain);
    pvm_test_pvmd_stop (f, SIGKILL);
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
    g_assert_true (pvm_test_serial_wait_for_end (serial, 10.0));
  }
  g_assert_true (g_file_test (control, G_FILE_TEST_EXISTS)); /* left behind */

  pvm_test_pvmd_start (f);
  domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");
  g_assert_cmpstr (pvm_domain_get_state_reason (domain), ==,
                   "pvm-vmm ended while pvmd was not running");
  g_assert_false (g_file_test (control, G_FILE_TEST_EXISTS));
  pvm_test_domain_start (domain);
  pvm_test_domain_destroy (domain);
}

/* The <disk> elements reach the guest as virtio disks, in order, read-only where asked. */
static void
test_disks_reach_the_guest (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data_disk = g_build_filename (f->dir, "data.img", NULL);
  g_autofree char *seed_disk = g_build_filename (f->dir, "seed.img", NULL);

  g_assert_true (g_file_set_contents (data_disk, "", 0, &error));
  g_assert_cmpint (truncate (data_disk, 8 << 20), ==, 0);
  g_assert_true (g_file_set_contents (seed_disk, "", 0, &error));
  g_assert_cmpint (truncate (seed_disk, 4 << 20), ==, 0);
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>disks</name><memory unit='MiB'>256</memory>"
    "<os><type>linux</type><kernel>%s/Image</kernel><initrd>%s/initramfs.cpio.gz</initrd>"
    "<cmdline>console=ttyS0 quiet</cmdline></os><devices>"
    "<disk type='file' device='disk'><source file='%s'/><target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='disk'><source file='%s'/><target dev='vdb' bus='virtio'/>"
    "<readonly/></disk></devices></domain>",
    f->guest, f->guest, data_disk, seed_disk);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "pvmd-disks");
  g_assert_true (pvm_test_serial_run (serial,
                                      "echo vda=$(cat /sys/block/vda/size)/$(cat /sys/block/vda/ro)"
                                      " vdb=$(cat /sys/block/vdb/size)/$(cat /sys/block/vdb/ro)",
                                      PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), "vda=16384/0 vdb=8192/1"));
  pvm_test_domain_destroy (domain);
}

/* Full virtualization: the loader (OpenSBI) starts from the reset vector and boots the kernel
 * element (U-Boot), whose prompt answers on the serial console. */
static void
test_a_full_virtualization_domain_boots_its_firmware (PvmTestPvmd *f, gconstpointer data)
{
  const char *firmware = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin";
  const char *uboot = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin";
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  g_autofree char *path = NULL;

  if (!g_file_test (firmware, G_FILE_TEST_EXISTS) || !g_file_test (uboot, G_FILE_TEST_EXISTS)) {
    g_test_skip ("OpenSBI or U-Boot is not installed (tools/install-deps installs opensbi and "
                 "u-boot-qemu)");
    return;
  }
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>firmware</name><memory unit='MiB'>256</memory>"
    "<os><type arch='riscv64' machine='virt'>hvm</type><loader readonly='yes' type='rom'>%s"
    "</loader><kernel>%s</kernel></os></domain>",
    firmware, uboot);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (f, path);
  g_assert_cmpstr (pvm_domain_get_mode (domain), ==, "full");

  pvm_test_domain_start (domain);
  g_assert_true (pvm_domain_call_open_serial_sync (domain, "serial0", NULL, &handle, &fds, NULL,
                                                   &error));
  g_assert_no_error (error);
  g_autoptr (PvmTestSerial) serial = pvm_test_serial_new (
    g_unix_fd_list_get (fds, g_variant_get_handle (handle), NULL), "pvmd-firmware");
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_BOOT_TIMEOUT * G_USEC_PER_SEC);
  gboolean prompt = FALSE;
  while (!prompt && g_get_monotonic_time () < deadline) {
    pvm_test_serial_send (serial, "\n");
    prompt = pvm_test_serial_expect (serial, "=> ", 2.0);
  }
  g_assert_true (prompt);
  pvm_test_serial_send (serial, "version\n");
  g_assert_true (pvm_test_serial_expect (serial, "U-Boot 20", PVM_TEST_CMD_TIMEOUT));
  pvm_test_domain_destroy (domain);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-pvmd-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func) \
  g_test_add ("/helper/pvmd/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("the-host-gives-its-name-and-session-mode", test_host_properties);
  ADD ("a-definition-is-stored-listed-replaced-and-reloaded",
       test_definitions_are_stored_and_listed);
  ADD ("the-default-guest-starts-talks-pauses-and-is-destroyed-and-undefined",
       test_the_default_guest_lives_and_goes);
  ADD ("a-guest-poweroff-shuts-the-domain-off", test_a_poweroff_shuts_the_domain_off);
  ADD ("a-crashing-vmm-leaves-the-domain-crashed-with-the-reason", test_a_crash_is_recorded);
  ADD ("a-domain-that-cannot-start-says-why", test_a_failed_start_says_why);
  ADD ("every-method-answers-wrong-arguments-with-a-named-error",
       test_wrong_arguments_get_named_errors);
  ADD ("a-pvmd-killed-while-three-machines-run-finds-them-again",
       test_a_killed_pvmd_finds_its_machines_again);
  ADD ("a-machine-that-ended-while-pvmd-was-down-is-found-shut-off",
       test_a_machine_that_ended_meanwhile_is_shut_off);
  ADD ("its-disks-reach-the-guest-in-order-read-only-where-asked", test_disks_reach_the_guest);
  ADD ("a-full-virtualization-domain-boots-its-firmware",
       test_a_full_virtualization_domain_boots_its_firmware);
#undef ADD
  return g_test_run ();
}

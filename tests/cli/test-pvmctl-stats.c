/* test-pvmctl-stats.c: pvmctl domstats against pvmd on a private bus — refused for a domain
 * that is off, and with the default guest running on a disk, its counters growing as the
 * guest writes to the disk. */
#include <string.h>

#include "cli-test.h"
#include "common/pvm-error.h"
#include "pvmd-test.h"

#define BUS(f) g_test_dbus_get_bus_address ((f)->bus)
#define RUN(f, ...) pvm_test_cli_run (BUS (f), __VA_ARGS__)

/* Creates the default guest as @name with an 8 MiB disk (a volume of the default pool), and
 * starts it if @start. */
static void
create_guest (PvmTestPvmd *f, const char *name, gboolean start)
{
  g_autofree char *guest = g_strdup_printf ("PVM_GUEST_DIR=%s", f->guest);
  const char *env[] = { guest, NULL };
  g_autoptr (PvmTestCliRun) run = pvm_test_cli_run_full (
    BUS (f), env, NULL,
    (const char *const[]) { "create", "--name", name, "--default-guest", "--cmdline",
                            "console=ttyS0 quiet", "--disk-size", "8M",
                            start ? "--start" : NULL, NULL });

  pvm_test_cli_assert_ok (run);
}

/* Returns what pvmctl --json domstats @name prints (a new object reference). */
static JsonObject *
domstats (PvmTestPvmd *f, const char *name)
{
  g_autoptr (PvmTestCliRun) run = RUN (f, "--json", "domstats", name);
  pvm_test_cli_assert_ok (run);
  g_autoptr (JsonNode) node = pvm_test_cli_json (run);
  JsonObject *stats = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (stats, "name"), ==, name);
  return json_object_ref (stats);
}

static gint64
member (JsonObject *stats, const char *name)
{
  g_assert_true (json_object_has_member (stats, name));
  return json_object_get_int_member (stats, name);
}

static void
test_a_domain_that_is_off_has_no_statistics (PvmTestPvmd *f, gconstpointer data)
{
  create_guest (f, "resting", FALSE);

  g_autoptr (PvmTestCliRun) run = RUN (f, "domstats", "resting");
  pvm_test_cli_assert_fails (run, 1, "Domain 'resting' is not running");
  g_autoptr (PvmTestCliRun) unknown = RUN (f, "domstats", "nowhere");
  pvm_test_cli_assert_fails (unknown, 1, "nowhere");
  g_autoptr (PvmTestCliRun) usage = RUN (f, "domstats");
  g_assert_cmpint (usage->status, ==, 2);
}

static void
test_a_disk_write_in_the_guest_shows_in_the_counters (PvmTestPvmd *f, gconstpointer data)
{
  create_guest (f, "writer", TRUE);
  const char *argv[] = { "console", "writer", NULL };
  g_autoptr (PvmTestCliSession) console = pvm_test_cli_session_new (BUS (f), NULL, FALSE, argv);
  g_assert_true (pvm_test_cli_session_wait_for_shell (console, PVM_TEST_BOOT_TIMEOUT));

  g_autoptr (JsonObject) before = domstats (f, "writer");
  g_assert_cmpint (member (before, "memory_bytes"), ==, 256 * 1024 * 1024);
  g_assert_cmpint (member (before, "memory_rss_bytes"), >, 0);
  g_assert_cmpint (member (before, "net_rx_bytes"), ==, 0); /* no network card */

  /* 2 MiB straight to the disk, synced. */
  pvm_test_cli_session_send (console, "dd if=/dev/zero of=/dev/vda bs=64k count=32 conv=fsync "
                                      "2>/dev/null && echo written-$((16*2))\n");
  g_assert_true (pvm_test_cli_session_expect (console, "written-32", PVM_TEST_CMD_TIMEOUT));
  g_autoptr (JsonObject) after = domstats (f, "writer");

  gint64 written = member (after, "disk_write_bytes") - member (before, "disk_write_bytes");
  gint64 cpu = member (after, "cpu_time_ns") - member (before, "cpu_time_ns");
  g_test_message ("the guest's dd wrote %" G_GINT64_FORMAT " bytes to the disk and cost %.1f ms "
                  "of CPU", written, cpu / 1e6);
  g_assert_cmpint (written, >=, 2 * 1024 * 1024);
  g_assert_cmpint (cpu, >, 0);
  g_assert_cmpint (member (after, "timestamp_ns"), >, member (before, "timestamp_ns"));
  g_assert_cmpint (member (after, "disk_read_bytes"), >=, member (before, "disk_read_bytes"));

  /* For people: one line a counter. */
  g_autoptr (PvmTestCliRun) plain = RUN (f, "domstats", "writer");
  pvm_test_cli_assert_ok (plain);
  g_assert_nonnull (strstr (plain->out, "Name:         writer\n"));
  g_assert_nonnull (strstr (plain->out, "CPU time:"));
  g_assert_nonnull (strstr (plain->out, "Disk written:"));
  g_assert_nonnull (strstr (plain->out, "Memory:       256.0 MiB\n"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-cli-stats-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark ();

#define ADD(path, func) \
  g_test_add ("/cli/stats/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func, \
              pvm_test_pvmd_tear_down)
  ADD ("domstats-refuses-a-domain-that-is-off", test_a_domain_that_is_off_has_no_statistics);
  ADD ("domstats-sees-a-disk-write-and-cpu-time-grow",
       test_a_disk_write_in_the_guest_shows_in_the_counters);
#undef ADD
  return g_test_run ();
}

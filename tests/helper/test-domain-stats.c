/* test-domain-stats.c: Domain.GetStats through pvmd on a private bus, with the default guest:
 * refused while the domain is off, and while it runs or is paused the counters of its VMM
 * (org.pvm.Vmm1.GetStats, with the sandbox on as pvmd runs it). */
#include <gio/gio.h>
#include <string.h>

#include "common/pvm-error.h"
#include "pvmd-test.h"

/* Every key of GetStats (data/org.pvm.Hypervisor1.xml). */
static const char *const stats_keys[] = {
  "cpu-time-ns",     "memory-rss-bytes", "memory-bytes", "disk-read-bytes",
  "disk-write-bytes", "net-rx-bytes",    "net-tx-bytes", "timestamp-ns",
};

/* Calls GetStats on @domain and checks that it holds every key, each a uint64. Returns the
 * dictionary (a new reference). */
static GVariant *
get_stats (PvmDomain *domain)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) stats = NULL;

  g_assert_true (pvm_domain_call_get_stats_sync (domain, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (stats, G_VARIANT_TYPE_VARDICT));
  g_assert_cmpuint (g_variant_n_children (stats), ==, G_N_ELEMENTS (stats_keys));
  for (guint i = 0; i < G_N_ELEMENTS (stats_keys); i++) {
    g_autoptr (GVariant) value = g_variant_lookup_value (stats, stats_keys[i], NULL);
    g_assert_nonnull (value);
    g_assert_cmpstr (g_variant_get_type_string (value), ==, "t");
  }
  return g_steal_pointer (&stats);
}

static guint64
stat_of (GVariant *stats, const char *key)
{
  guint64 value = 0;

  g_assert_true (g_variant_lookup (stats, key, "t", &value));
  return value;
}

static void
assert_busy (PvmDomain *domain, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) stats = NULL;

  g_assert_false (pvm_domain_call_get_stats_sync (domain, &stats, NULL, &error));
  pvm_test_assert_pvm_error (error, PVM_ERROR_BUSY, fragment);
  g_assert_null (stats);
}

static void
test_a_stopped_domain_has_no_statistics (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "stopped");

  assert_busy (domain, "Domain 'stopped' is not running");
}

static void
test_a_running_domain_reports_growing_counters (PvmTestPvmd *f, gconstpointer data)
{
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (f, "counted");

  pvm_test_domain_start (domain);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "domain-stats");
  g_autoptr (GVariant) first = get_stats (domain);

  g_assert_cmpuint (stat_of (first, "memory-bytes"), ==, 256 * 1024 * 1024);
  g_assert_cmpuint (stat_of (first, "memory-rss-bytes"), >, 1024 * 1024);
  g_assert_cmpuint (stat_of (first, "cpu-time-ns"), >, 0);
  /* The guest has neither disk nor network card. */
  g_assert_cmpuint (stat_of (first, "disk-read-bytes"), ==, 0);
  g_assert_cmpuint (stat_of (first, "disk-write-bytes"), ==, 0);
  g_assert_cmpuint (stat_of (first, "net-rx-bytes"), ==, 0);
  g_assert_cmpuint (stat_of (first, "net-tx-bytes"), ==, 0);

  /* Work in the guest costs the VMM CPU time. */
  g_assert_true (pvm_test_serial_run (
    serial, "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo counted-$i",
    PVM_TEST_CMD_TIMEOUT));
  g_assert_nonnull (strstr (pvm_test_serial_last_output (serial), "counted-20000"));
  g_autoptr (GVariant) second = get_stats (domain);
  guint64 cpu = stat_of (second, "cpu-time-ns") - stat_of (first, "cpu-time-ns");
  guint64 wall = stat_of (second, "timestamp-ns") - stat_of (first, "timestamp-ns");
  g_test_message ("the loop cost %.1f ms of CPU in %.1f ms", cpu / 1e6, wall / 1e6);
  g_assert_cmpuint (stat_of (second, "cpu-time-ns"), >, stat_of (first, "cpu-time-ns"));
  g_assert_cmpuint (stat_of (second, "timestamp-ns"), >, stat_of (first, "timestamp-ns"));
  g_assert_cmpuint (stat_of (second, "memory-bytes"), ==, 256 * 1024 * 1024);

  /* A paused domain still answers; its counters stand still or nearly. */
  g_autoptr (GError) error = NULL;
  g_assert_true (pvm_domain_call_pause_sync (domain, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (GVariant) paused = get_stats (domain);
  g_usleep (500 * 1000);
  g_autoptr (GVariant) later = get_stats (domain);
  guint64 idle = stat_of (later, "cpu-time-ns") - stat_of (paused, "cpu-time-ns");
  g_test_message ("paused, the VMM used %.1f ms of CPU in 0.5 s", idle / 1e6);
  g_assert_cmpuint (idle, <, 250 * 1000 * 1000);
  g_assert_true (pvm_domain_call_resume_sync (domain, NULL, &error));
  g_assert_no_error (error);

  pvm_test_domain_destroy (domain);
  assert_busy (domain, "Domain 'counted' is not running");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pvm-domain-stats-XXXXXX", &error);

  g_assert_no_error (error);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* remote errors come back as PVM_ERROR from now on */

#define ADD(path, func)                                                                          \
  g_test_add ("/helper/domain-stats/" path, PvmTestPvmd, dir, pvm_test_pvmd_set_up, func,      \
              pvm_test_pvmd_tear_down)
  ADD ("a-stopped-domain-has-no-statistics", test_a_stopped_domain_has_no_statistics);
  ADD ("a-running-domain-reports-growing-counters",
       test_a_running_domain_reports_growing_counters);
#undef ADD
  return g_test_run ();
}

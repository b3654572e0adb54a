/* test-manager.c: pvm-manager launched from its desktop file under Xvfb, against pvmd on a
 * private session bus, seen and driven through its accessible tree as assistive tools do. */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "common/console.h"
#include "pvmd-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define UI_AT_ONCE 5.0 /* seconds, AT-SPI polling included, for a change elsewhere to show */

/* One app on one bus for every case: each case defines the machines it uses. */
typedef PvmUiTestSession UiSession;

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  pvm_ui_test_session_start_pvmd (s, dir);
  g_autoptr (PvmDomain) guest = pvm_test_pvmd_define_guest (&s->pvmd, "default");

  if (pvm_ui_test_session_start_display (s))
    pvm_ui_test_session_launch_app (s);
}

static void
test_window_shows_the_session_host_and_its_machines (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) host = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LIST_ITEM, "This Computer, Session", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (host, ATSPI_STATE_SELECTED));
  g_autoptr (AtspiAccessible) system = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LIST_ITEM, "This Computer, System", FALSE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (system, ATSPI_STATE_SELECTED));
  g_autoptr (AtspiAccessible) title =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "pvm:///session", FALSE, UI_TIMEOUT);

  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "default", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) name =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "default", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) details = pvm_ui_test_wait_for (
    row, ATSPI_ROLE_LABEL, "Paravirtualized · 1 CPU · 256 MiB", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) state =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "Off", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) start =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Start", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-session-host");
}

static void
test_start_button_starts_the_machine_in_pvmd (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->pvmd, "started-here");
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "started-here", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) start =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Start", FALSE, UI_TIMEOUT);

  g_assert_cmpstr (pvm_domain_get_state (domain), ==, "shutoff");
  pvm_ui_test_click (start);
  pvm_test_domain_wait_for_state (domain, "running");
  pvm_ui_test_wait_for_row_state (s, "started-here", "Running", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) shutdown =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Shut Down", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-started-from-the-app");

  pvm_test_domain_destroy (domain);
  pvm_ui_test_wait_for_row_state (s, "started-here", "Off", UI_TIMEOUT);
}

static void
test_machine_started_elsewhere_shows_running_at_once (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->pvmd, "started-elsewhere");
  pvm_ui_test_wait_for_row_state (s, "started-elsewhere", "Off", UI_TIMEOUT);

  g_assert_true (pvm_domain_call_start_sync (domain, NULL, &error));
  g_assert_no_error (error);
  gint64 started = g_get_monotonic_time ();
  pvm_test_domain_wait_for_state (domain, "running");
  pvm_ui_test_wait_for_row_state (s, "started-elsewhere", "Running", UI_AT_ONCE);
  g_test_message ("the row showed Running %.0f ms after Start returned",
                  (g_get_monotonic_time () - started) / 1000.0);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-started-elsewhere");

  pvm_test_domain_destroy (domain);
  pvm_ui_test_wait_for_row_state (s, "started-elsewhere", "Off", UI_AT_ONCE);
}

static void
test_pause_resume_and_force_off_reach_pvmd (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->pvmd, "paused-here");
  pvm_test_domain_start (domain);
  pvm_ui_test_wait_for_row_state (s, "paused-here", "Running", UI_TIMEOUT);

  pvm_ui_test_row_menu_activate (s, "paused-here", "Pause");
  pvm_test_domain_wait_for_state (domain, "paused");
  pvm_ui_test_wait_for_row_state (s, "paused-here", "Paused", UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-paused");

  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "paused-here", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) resume =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Resume", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (resume);
  pvm_test_domain_wait_for_state (domain, "running");
  pvm_ui_test_wait_for_row_state (s, "paused-here", "Running", UI_TIMEOUT);

  pvm_ui_test_row_menu_activate (s, "paused-here", "Force Off");
  pvm_test_domain_wait_for_state (domain, "shutoff");
  pvm_test_domain_wait_for_reason (domain, "The domain was destroyed");
  pvm_ui_test_wait_for_row_state (s, "paused-here", "Off", UI_TIMEOUT);
}

/* Waits until the row of @name shows a CPU sparkline whose label reads "CPU <n> %" with n at
 * least @min_percent; returns n. */
static int
ui_wait_for_cpu_use (UiSession *s, const char *name, int min_percent)
{
  g_autoptr (GRegex) regex = g_regex_new ("^CPU ([0-9]+) %$", 0, 0, NULL);
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, name, UI_TIMEOUT);
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  g_autofree char *label = NULL;

  do {
    g_autoptr (AtspiAccessible) chart = pvm_ui_test_find (row, ATSPI_ROLE_IMAGE, "CPU", TRUE);
    g_autoptr (GMatchInfo) match = NULL;

    g_free (label);
    label = chart ? atspi_accessible_get_name (chart, NULL) : NULL;
    if (label && g_regex_match (regex, label, 0, &match)) {
      g_autofree char *digits = g_match_info_fetch (match, 1);
      int percent = (int) g_ascii_strtoll (digits, NULL, 10);
      if (percent >= min_percent)
        return percent;
    }
    g_main_context_iteration (NULL, FALSE);
    g_usleep (100 * 1000);
  } while (g_get_monotonic_time () < deadline);
  g_error ("The row of %s shows no CPU use of %d %% or more (its chart says: %s)", name,
           min_percent, label ? label : "nothing");
}

static void
test_a_running_machine_shows_its_cpu_use (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->pvmd, "busy-here");
  pvm_ui_test_wait_for_row_state (s, "busy-here", "Off", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "busy-here", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) off_chart = pvm_ui_test_find (row, ATSPI_ROLE_IMAGE, "CPU", TRUE);
  g_assert_null (off_chart); /* shown only while the machine runs */

  pvm_test_domain_start (domain);
  pvm_ui_test_wait_for_row_state (s, "busy-here", "Running", UI_TIMEOUT);
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (domain, "ui-busy-here");
  pvm_test_serial_send (serial, "while :; do :; done &\n");
  int percent = ui_wait_for_cpu_use (s, "busy-here", 5);
  g_test_message ("the row shows CPU %d %% with the guest busy", percent);
  g_usleep (5 * G_USEC_PER_SEC); /* a few more bars for the screenshot */
  pvm_ui_test_display_screenshot (s->display, "ui-manager-cpu-sparkline");

  pvm_test_domain_destroy (domain);
  pvm_ui_test_wait_for_row_state (s, "busy-here", "Off", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) gone = pvm_ui_test_find (row, ATSPI_ROLE_IMAGE, "CPU", TRUE);
  g_assert_null (gone);
}

static void
test_error_from_pvmd_shows_as_a_toast_with_its_sentence (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (s->pvmd.dir, "missing", "Image", NULL);
  g_autofree char *xml = pvm_test_pvmd_guest_xml (&s->pvmd, "no-kernel", NULL, 256);
  g_autofree char *guest_kernel = g_build_filename (s->pvmd.guest, "Image", NULL);
  g_autofree char *path = NULL;

  if (!pvm_ui_test_session_ready (s))
    return;
  /* The guest's definition with a kernel file that does not exist. */
  g_autofree char *broken = NULL;
  {
    g_auto (GStrv) parts = g_strsplit (xml, guest_kernel, -1);
    broken = g_strjoinv (missing, parts);
  }
  g_assert_true (pvm_host_call_define_domain_sync (s->pvmd.host, broken, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_get_domain (&s->pvmd, path);

  /* What pvmd answers another client, the sentence the toast has to show. */
  g_assert_false (pvm_domain_call_start_sync (domain, NULL, &error));
  g_assert_nonnull (error);
  g_dbus_error_strip_remote_error (error);
  g_test_message ("pvmd says: %s", error->message);
  g_assert_nonnull (strstr (error->message, "missing"));

  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "no-kernel", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) start =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Start", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (start);
  g_autoptr (AtspiAccessible) toast =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_LABEL, error->message, FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-error-toast");
}

static void
test_delete_after_confirmation_undefines_the_machine (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->pvmd, "delete-me");
  g_autofree char *path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "delete-me", UI_TIMEOUT);

  /* The row's menu, then Delete… in it: the confirmation comes first. */
  pvm_ui_test_row_menu_activate (s, "delete-me", "Delete");
  g_autoptr (AtspiAccessible) dialog =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_DIALOG, "Delete “delete-me”?", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-delete-confirmation");
  g_autoptr (PvmDomain) still_there = pvm_test_pvmd_get_domain (&s->pvmd, path);

  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Delete", TRUE, UI_TIMEOUT);
  pvm_ui_test_click (confirm);

  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  GDBusInterface *iface;
  while ((iface = g_dbus_object_manager_get_interface (s->pvmd.manager, path,
                                                       "org.pvm.Hypervisor1.Domain")) &&
         g_get_monotonic_time () < deadline) {
    g_object_unref (iface);
    pvm_test_iterate ();
  }
  g_assert_null (iface);
  g_assert_true (pvm_ui_test_wait_for_none (s->app, ATSPI_ROLE_LIST_ITEM, "delete-me",
                                            UI_AT_ONCE));
  pvm_ui_test_display_screenshot (s->display, "ui-manager-after-delete");
}

static void
test_add_host_checks_the_address_and_lists_the_host (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) add =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_PUSH_BUTTON, "Add Host", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (add);
  g_autoptr (AtspiAccessible) dialog =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_DIALOG, "Add Host", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_TEXT, "Host address", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add", TRUE, UI_TIMEOUT);

  /* pvm-connect's own sentence says what is wrong, and Add stays off. */
  pvm_ui_test_set_text (entry, "ssh://server.example.org");
  g_autoptr (AtspiAccessible) problem = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "ssh://server.example.org", TRUE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (confirm, ATSPI_STATE_SENSITIVE));
  pvm_ui_test_display_screenshot (s->display, "ui-manager-add-host-refused");

  pvm_ui_test_set_text (entry, "pvm+ssh://admin@server.example.org/system");
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  while (!pvm_ui_test_has_state (confirm, ATSPI_STATE_SENSITIVE) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_true (pvm_ui_test_has_state (confirm, ATSPI_STATE_SENSITIVE));
  pvm_ui_test_click (confirm);
  g_autoptr (AtspiAccessible) host = pvm_ui_test_wait_for (
    s->app, ATSPI_ROLE_LIST_ITEM, "admin@server.example.org, System", FALSE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (host, ATSPI_STATE_SELECTED));
  pvm_ui_test_display_screenshot (s->display, "ui-manager-remote-host-added");
}

static void
test_search_keeps_the_machines_whose_name_matches (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (PvmDomain) first = pvm_test_pvmd_define_guest (&s->pvmd, "search-alpha");
  g_autoptr (PvmDomain) second = pvm_test_pvmd_define_guest (&s->pvmd, "search-beta");
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "search-beta", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) toggle = pvm_ui_test_wait_for (
    s->app, ATSPI_ROLE_PUSH_BUTTON, "Search Virtual Machines", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (toggle);
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_ENTRY, "Search virtual machines", FALSE,
                          UI_TIMEOUT);

  pvm_ui_test_set_text (entry, "alpha");
  g_assert_true (pvm_ui_test_wait_for_none (s->app, ATSPI_ROLE_LIST_ITEM, "search-beta",
                                            UI_TIMEOUT));
  g_assert_true (pvm_ui_test_wait_for_none (s->app, ATSPI_ROLE_LIST_ITEM, "default",
                                            UI_TIMEOUT));
  g_autoptr (AtspiAccessible) kept = pvm_ui_test_wait_for_row (s, "search-alpha", UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-search");

  pvm_ui_test_set_text (entry, "gamma");
  g_autoptr (AtspiAccessible) none = pvm_ui_test_wait_for (
    s->app, ATSPI_ROLE_LABEL, "No virtual machine’s name contains “gamma”.", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_none (s->app, ATSPI_ROLE_LIST_ITEM, "search-alpha",
                                            UI_TIMEOUT));
  pvm_ui_test_display_screenshot (s->display, "ui-manager-search-no-results");

  pvm_ui_test_set_text (entry, "");
  g_autoptr (AtspiAccessible) back = pvm_ui_test_wait_for_row (s, "search-beta", UI_TIMEOUT);
  pvm_ui_test_click (toggle);
}

static void
test_pvmd_stopping_and_coming_back_shows_at_once (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, "default", UI_TIMEOUT);

  pvm_test_pvmd_stop (&s->pvmd, SIGTERM);
  g_autoptr (AtspiAccessible) stopped = pvm_ui_test_wait_for (
    s->app, ATSPI_ROLE_LABEL, "pvmd on pvm:///session has stopped.", FALSE, UI_AT_ONCE);
  g_assert_true (pvm_ui_test_wait_for_none (s->app, ATSPI_ROLE_LIST_ITEM, "default",
                                            UI_AT_ONCE));
  pvm_ui_test_display_screenshot (s->display, "ui-manager-pvmd-stopped");

  /* The machines come back with pvmd, without the user asking. */
  pvm_test_pvmd_start (&s->pvmd);
  g_autoptr (AtspiAccessible) back = pvm_ui_test_wait_for_row (s, "default", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) state =
    pvm_ui_test_wait_for (back, ATSPI_ROLE_LABEL, "Off", FALSE, UI_AT_ONCE);
  pvm_ui_test_display_screenshot (s->display, "ui-manager-pvmd-back");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  int status;

  dir = pvm_ui_test_init (&argc, &argv, "test");

  ui_session_set_up (&session, dir);
  g_test_add_data_func ("/ui/manager/window-shows-the-session-host-and-its-machines", &session,
                        test_window_shows_the_session_host_and_its_machines);
  g_test_add_data_func ("/ui/manager/start-button-starts-the-machine-in-pvmd", &session,
                        test_start_button_starts_the_machine_in_pvmd);
  g_test_add_data_func ("/ui/manager/machine-started-elsewhere-shows-running-at-once", &session,
                        test_machine_started_elsewhere_shows_running_at_once);
  g_test_add_data_func ("/ui/manager/pause-resume-and-force-off-reach-pvmd", &session,
                        test_pause_resume_and_force_off_reach_pvmd);
  g_test_add_data_func ("/ui/manager/a-running-machine-shows-its-cpu-use-in-a-sparkline",
                        &session, test_a_running_machine_shows_its_cpu_use);
  g_test_add_data_func ("/ui/manager/error-from-pvmd-shows-as-a-toast-with-its-sentence",
                        &session, test_error_from_pvmd_shows_as_a_toast_with_its_sentence);
  g_test_add_data_func ("/ui/manager/delete-after-confirmation-undefines-the-machine", &session,
                        test_delete_after_confirmation_undefines_the_machine);
  g_test_add_data_func ("/ui/manager/add-host-checks-the-address-and-lists-the-host", &session,
                        test_add_host_checks_the_address_and_lists_the_host);
  g_test_add_data_func ("/ui/manager/search-keeps-the-machines-whose-name-matches", &session,
                        test_search_keeps_the_machines_whose_name_matches);
  g_test_add_data_func ("/ui/manager/pvmd-stopping-and-coming-back-shows-at-once", &session,
                        test_pvmd_stopping_and_coming_back_shows_at_once);
  status = g_test_run ();
  pvm_ui_test_session_tear_down (&session, dir);
  return status;
}

/* test-remote-host.c: pvm-manager with a remote host. Beside pvmd on the test's private bus,
 * hostb (tests/helper/remote-host-test.h) runs a second pvmd in a network namespace, reached
 * as pvm+ssh://hostb/session through $PVM_SSH. The app, launched from its desktop file under
 * Xvfb, is given hostb through its Add Host dialog, lists both hosts, shows hostb's machines,
 * creates and starts a PV guest there with the wizard, forces it off and deletes it; hostb's
 * pvmd, asked over D-Bus through the same bridge, says each step happened there and not here.
 * Needs root (ip netns); skips, saying so, otherwise. */
#include <string.h>

#include "pvmd-test.h"
#include "remote-host-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define UI_CONNECT_TIMEOUT 60.0 /* seconds for the app to reach hostb through the bridge */
#define HOSTB_ROW "hostb, Session"
#define LOCAL_ROW "This Computer, Session"
#define WIZARD "New Virtual Machine on hostb"

/* libatspi 2.46 declares no cleanup function of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiSelection, g_object_unref)

/* One app, one local pvmd and one hostb for every case, in order. */
typedef struct {
  PvmUiTestSession ui;
  PvmTestRemoteHost hostb;
} UiSession;

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  pvm_ui_test_session_start_pvmd (&s->ui, dir);
  if (!s->ui.pvmd.guest)
    return;
  g_autoptr (PvmDomain) nearby = pvm_test_pvmd_define_guest (&s->ui.pvmd, "nearby");
  if (!pvm_test_remote_host_set_up (&s->hostb, dir))
    return;
  g_autoptr (PvmDomain) faraway = pvm_test_remote_host_define_guest (&s->hostb, "faraway");

  if (pvm_ui_test_session_start_display (&s->ui)) {
    const char *env[] = { "PVM_SSH", s->hostb.ssh, NULL };
    s->ui.app_pid =
      pvm_ui_test_launch_with_env (g_getenv ("PVM_MANAGER_DESKTOP"), s->ui.display, env);
    s->ui.app = pvm_ui_test_find_app (s->ui.app_pid, 60.0);
  }
}

/* Skips the case, saying why, without hostb or a display; fails it without the guest. */
static gboolean
ui_session_ready (UiSession *s)
{
  if (!s->ui.pvmd.guest) {
    g_test_fail_printf ("the default guest is not built: run tools/build-guest");
    return FALSE;
  }
  if (s->hostb.skipped) {
    g_test_skip (s->hostb.skipped);
    return FALSE;
  }
  return pvm_ui_test_session_ready (&s->ui);
}

/* Selects the sidebar's host @name as a screen reader does, through its list's Selection;
 * asks again until the row says it is selected, since a row the list has just made again is
 * a new accessible. */
static void
ui_select_host (AtspiAccessible *window, const char *name)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  gboolean selected = FALSE;

  do {
    g_autoptr (AtspiAccessible) row =
      pvm_ui_test_wait_for (window, ATSPI_ROLE_LIST_ITEM, name, FALSE, UI_TIMEOUT);
    g_autoptr (AtspiAccessible) list = atspi_accessible_get_parent (row, NULL);
    g_autoptr (AtspiSelection) selection =
      list ? atspi_accessible_get_selection_iface (list) : NULL;
    g_autoptr (GError) error = NULL;
    gint64 settled = g_get_monotonic_time () + G_USEC_PER_SEC;

    g_assert_nonnull (selection);
    if (!atspi_selection_select_child (selection, atspi_accessible_get_index_in_parent (row, NULL),
                                       &error))
      g_test_message ("the host list did not select %s: %s", name,
                      error ? error->message : "it refused");
    while (!(selected = pvm_ui_test_has_state (row, ATSPI_STATE_SELECTED)) &&
           g_get_monotonic_time () < settled)
      pvm_test_iterate ();
  } while (!selected && g_get_monotonic_time () < deadline);
  g_assert_true (selected);
}

/* ---- the wizard ---- */

/* Waits until the wizard's header says it shows step @step. */
static void
ui_wait_for_step (AtspiAccessible *wizard, const char *step)
{
  g_autoptr (AtspiAccessible) subtitle =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_LABEL, step, TRUE, UI_TIMEOUT);
}

/* ---- the cases ---- */

static void
test_add_host_lists_hostb_beside_this_computer (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!ui_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) add =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Add Host", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (add);
  g_autoptr (AtspiAccessible) dialog =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_DIALOG, "Add Host", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_TEXT, "Host address", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add", TRUE, UI_TIMEOUT);
  pvm_ui_test_set_text (entry, PVM_TEST_REMOTE_URI);
  g_assert_true (pvm_ui_test_wait_for_sensitive (confirm, TRUE, UI_TIMEOUT));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-add-dialog");
  pvm_ui_test_click_and_wait_for_close (&s->ui, confirm);

  g_autoptr (AtspiAccessible) local =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LIST_ITEM, LOCAL_ROW, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) hostb =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LIST_ITEM, HOSTB_ROW, FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (local, ATSPI_STATE_SELECTED));
  g_assert_false (pvm_ui_test_has_state (hostb, ATSPI_STATE_SELECTED));
  g_autoptr (AtspiAccessible) nearby = pvm_ui_test_wait_for_row (&s->ui, "nearby", UI_TIMEOUT);
  g_assert_null (pvm_ui_test_find (window, ATSPI_ROLE_LIST_ITEM, "faraway", FALSE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-both-hosts");
}

static void
test_selecting_hostb_shows_its_machines_and_not_these (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!ui_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  ui_select_host (window, HOSTB_ROW);

  g_autoptr (AtspiAccessible) uri =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, PVM_TEST_REMOTE_URI, FALSE, UI_TIMEOUT);
  gint64 asked = g_get_monotonic_time ();
  g_autoptr (AtspiAccessible) row =
    pvm_ui_test_wait_for_row (&s->ui, "faraway", UI_CONNECT_TIMEOUT);
  g_test_message ("hostb's machines showed %.0f ms after it was selected",
                  (g_get_monotonic_time () - asked) / 1000.0);
  g_autoptr (AtspiAccessible) details = pvm_ui_test_wait_for (
    row, ATSPI_ROLE_LABEL, "Paravirtualized · 1 CPU · 256 MiB", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) state =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "Off", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_none (s->ui.app, ATSPI_ROLE_LIST_ITEM, "nearby",
                                            UI_TIMEOUT));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-machines");

  /* The bridge the app runs went through PVM_SSH to hostb. */
  g_autofree char *log_path = g_build_filename (s->hostb.dir, "ssh.log", NULL);
  g_autofree char *log = NULL;
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "hostb pvmctl bridge --session\n"));
}

static void
test_wizard_creates_and_starts_a_pv_guest_on_hostb (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!ui_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) hostb =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LIST_ITEM, HOSTB_ROW, FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (hostb, ATSPI_STATE_SELECTED));
  g_autoptr (AtspiAccessible) add = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_PUSH_BUTTON, "New Virtual Machine", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (add);

  g_autoptr (AtspiAccessible) wizard =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_DIALOG, WIZARD, FALSE, UI_TIMEOUT);
  ui_wait_for_step (wizard, "Step 1 of 5");
  pvm_ui_test_choose (wizard, "Paravirtualized");
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-wizard-1-kind");
  pvm_ui_test_press (wizard, "Next");

  /* hostb's DefaultImages offer its own default guest. */
  ui_wait_for_step (wizard, "Step 2 of 5: Operating System");
  g_autoptr (AtspiAccessible) builtin = pvm_ui_test_wait_for (
    wizard, ATSPI_ROLE_PUSH_BUTTON, "Built-in Default Guest", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (builtin, ATSPI_STATE_SENSITIVE));
  g_autoptr (AtspiAccessible) offered = pvm_ui_test_wait_for (
    wizard, ATSPI_ROLE_LABEL, "ready on this host", TRUE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-wizard-2-pv");

  /* A kernel of one's own is a path on hostb: not looked for here, no local file offered. */
  g_autofree char *elsewhere = g_build_filename (s->hostb.dir, "not-here", "Image", NULL);
  pvm_ui_test_choose (wizard, "Kernel of Your Own");
  g_autoptr (AtspiAccessible) kernel_field =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_TEXT, "Kernel Image", FALSE, UI_TIMEOUT);
  pvm_ui_test_set_text (kernel_field, elsewhere);
  g_autoptr (AtspiAccessible) next =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_PUSH_BUTTON, "Next", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_sensitive (next, TRUE, UI_TIMEOUT));
  g_assert_null (pvm_ui_test_find (wizard, ATSPI_ROLE_LABEL, "There is no file", TRUE));
  g_assert_null (pvm_ui_test_find (wizard, ATSPI_ROLE_PUSH_BUTTON, "Choose a File", FALSE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-wizard-2-pv-own-kernel");
  pvm_ui_test_choose (wizard, "Built-in Default Guest");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 3 of 5: Name and Hardware");
  g_autoptr (AtspiAccessible) name =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_TEXT, "Name", FALSE, UI_TIMEOUT);
  pvm_ui_test_set_text (name, "remote-pv");
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-wizard-3-hardware");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 4 of 5: Storage and Network");
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-wizard-4-storage");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 5 of 5: Review");
  g_autoptr (AtspiAccessible) view =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_TEXT, "Domain XML", FALSE, UI_TIMEOUT);
  g_autofree char *xml = pvm_ui_test_get_text (view);
  g_autofree char *kernel = g_strdup_printf ("<kernel>%s/Image</kernel>", s->hostb.guest);
  g_test_message ("the review shows:\n%s", xml);
  g_assert_nonnull (strstr (xml, "<name>remote-pv</name>"));
  g_assert_nonnull (strstr (xml, kernel));
  g_assert_null (strstr (xml, s->ui.pvmd.guest));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-wizard-5-review");
  pvm_ui_test_press (wizard, "Create");

  /* Created and running on hostb, and only there. */
  pvm_ui_test_wait_for_row_state (&s->ui, "remote-pv", "Running", UI_CONNECT_TIMEOUT);
  g_autoptr (PvmDomain) domain =
    pvm_test_remote_host_find_domain (&s->hostb, "remote-pv", UI_TIMEOUT);
  g_assert_nonnull (domain);
  g_assert_cmpstr (pvm_domain_get_mode (domain), ==, "pv");
  pvm_test_domain_wait_for_state (domain, "running");
  g_autoptr (PvmDomain) local = pvm_test_find_domain (s->ui.pvmd.manager, "remote-pv");
  g_assert_null (local);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-running");
}

static void
test_force_off_and_delete_reach_hostb (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!ui_session_ready (s))
    return;
  g_autoptr (PvmDomain) domain =
    pvm_test_remote_host_find_domain (&s->hostb, "remote-pv", UI_TIMEOUT);
  g_assert_nonnull (domain);
  g_autofree char *path = g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (domain)));
  pvm_ui_test_wait_for_row_state (&s->ui, "remote-pv", "Running", UI_TIMEOUT);

  pvm_ui_test_row_menu_activate (&s->ui, "remote-pv", "Force Off");
  pvm_test_domain_wait_for_state (domain, "shutoff");
  pvm_test_domain_wait_for_reason (domain, "The domain was destroyed");
  pvm_ui_test_wait_for_row_state (&s->ui, "remote-pv", "Off", UI_TIMEOUT);

  pvm_ui_test_row_menu_activate (&s->ui, "remote-pv", "Delete");
  g_autoptr (AtspiAccessible) dialog = pvm_ui_test_wait_for (
    s->ui.app, ATSPI_ROLE_DIALOG, "Delete “remote-pv”?", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-delete-confirmation");
  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Delete", TRUE, UI_TIMEOUT);
  pvm_ui_test_click_and_wait_for_close (&s->ui, confirm);

  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  GDBusInterface *iface;
  while ((iface = g_dbus_object_manager_get_interface (s->hostb.manager, path,
                                                       "org.pvm.Hypervisor1.Domain")) &&
         g_get_monotonic_time () < deadline) {
    g_object_unref (iface);
    pvm_test_iterate ();
  }
  g_assert_null (iface);
  g_assert_true (pvm_ui_test_wait_for_none (s->ui.app, ATSPI_ROLE_LIST_ITEM, "remote-pv",
                                            UI_TIMEOUT));
  g_autoptr (AtspiAccessible) faraway = pvm_ui_test_wait_for_row (&s->ui, "faraway", UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-remote-host-after-delete");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  int status;

  pvm_test_remote_host_start_janitor ();
  dir = pvm_ui_test_init (&argc, &argv, "remote-host");

  ui_session_set_up (&session, dir);
  g_test_add_data_func ("/ui/remote-host/add-host-lists-hostb-beside-this-computer", &session,
                        test_add_host_lists_hostb_beside_this_computer);
  g_test_add_data_func ("/ui/remote-host/selecting-hostb-shows-its-machines-and-not-these",
                        &session, test_selecting_hostb_shows_its_machines_and_not_these);
  g_test_add_data_func ("/ui/remote-host/the-wizard-creates-and-starts-a-pv-guest-on-hostb",
                        &session, test_wizard_creates_and_starts_a_pv_guest_on_hostb);
  g_test_add_data_func ("/ui/remote-host/force-off-and-delete-from-the-app-reach-hostb",
                        &session, test_force_off_and_delete_reach_hostb);
  status = g_test_run ();
  pvm_ui_test_session_tear_down (&session.ui, dir);
  pvm_test_remote_host_tear_down (&session.hostb);
  return status;
}

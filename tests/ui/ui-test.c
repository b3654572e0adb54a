/* ui-test.c: Xvfb, AT-SPI, the app's launch and the shared session of the pvm-manager tests. */
#include "ui-test.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common/console.h"
#include "common/pvm-error.h"

#define A11Y_BUS_LAUNCHER "/usr/libexec/at-spi-bus-launcher"

struct PvmUiTestDisplay {
  GSubprocess *xvfb;
  char *name; /* ":N" */
};

/* In the child: end with the test, however the test ends. */
static void
child_dies_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

PvmUiTestDisplay *
pvm_ui_test_display_start (void)
{
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  PvmUiTestDisplay *display;
  int fds[2];
  char number[16] = "";
  ssize_t n, got = 0;

  if (!xvfb) {
    g_test_skip ("Xvfb is not installed (package xvfb)");
    return NULL;
  }
  g_assert_cmpint (pipe (fds), ==, 0);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, child_dies_with_parent, NULL, NULL);
  display = g_new0 (PvmUiTestDisplay, 1);
  display->xvfb = g_subprocess_launcher_spawn (launcher, &error, xvfb, "-displayfd", "3",
                                               "-screen", "0", "1280x800x24", "-nolisten",
                                               "tcp", "-noreset", NULL);
  g_assert_no_error (error);
  /* Xvfb writes the display number it took, then a newline, once it accepts clients. */
  while (got < (ssize_t) sizeof number - 1 && !strchr (number, '\n') &&
         (n = read (fds[0], number + got, sizeof number - 1 - got)) > 0)
    got += n;
  close (fds[0]);
  g_assert_nonnull (strchr (number, '\n'));
  display->name = g_strdup_printf (":%d", atoi (number));
  g_test_message ("Xvfb runs on display %s", display->name);
  return display;
}

void
pvm_ui_test_display_screenshot (PvmUiTestDisplay *display, const char *name)
{
  const char *dir = g_getenv ("PVM_TEST_LOG_DIR") ?: g_get_tmp_dir ();
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "import", "-display", display->name, "-window", "root", path, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error)) {
    g_test_message ("no screenshot %s: %s", path, error->message);
    return;
  }
  g_test_message ("screenshot: %s", path);
}

const char *
pvm_ui_test_display_get_name (PvmUiTestDisplay *display)
{
  return display->name;
}

void
pvm_ui_test_display_free (PvmUiTestDisplay *display)
{
  if (!display)
    return;
  g_subprocess_send_signal (display->xvfb, SIGTERM);
  g_subprocess_wait (display->xvfb, NULL, NULL);
  g_object_unref (display->xvfb);
  g_free (display->name);
  g_free (display);
}

/* Whether the session bus has a name owner for @name. */
static gboolean
bus_has_owner (GDBusConnection *bus, const char *name)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
    g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* libatspi warns that GTK 4.8 has no cache object to read (it does not need one): noted, not a
 * failure. */
static gboolean
a11y_log_is_fatal (const char *domain, GLogLevelFlags level, const char *message,
                   gpointer data)
{
  return g_strcmp0 (domain, "dbind") != 0;
}

static void
a11y_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  g_test_message ("%s: %s", domain, message);
}

GSubprocess *
pvm_ui_test_start_a11y (void)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  GSubprocess *a11y;

  if (!g_file_test (A11Y_BUS_LAUNCHER, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("AT-SPI is not installed (package at-spi2-core)");
    return NULL;
  }
  g_subprocess_launcher_set_child_setup (launcher, child_dies_with_parent, NULL, NULL);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  a11y = g_subprocess_launcher_spawn (launcher, &error, A11Y_BUS_LAUNCHER, "--launch-immediately",
                                      NULL);
  g_assert_no_error (error);

  bus = g_dbus_connection_new_for_address_sync (
    g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!bus_has_owner (bus, "org.a11y.Bus") && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_true (bus_has_owner (bus, "org.a11y.Bus"));
  g_dbus_connection_close_sync (bus, NULL, NULL);
  g_test_log_set_fatal_handler (a11y_log_is_fatal, NULL);
  g_log_set_handler ("dbind", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, a11y_log, NULL);
  g_assert_cmpint (atspi_init (), ==, 0);
  return a11y;
}

static void
launch_on_pid (GDesktopAppInfo *info, GPid pid, gpointer data)
{
  *(GPid *) data = pid;
}

GPid
pvm_ui_test_launch (const char *path, PvmUiTestDisplay *display)
{
  return pvm_ui_test_launch_with_env (path, display, NULL);
}

GPid
pvm_ui_test_launch_with_env (const char *path, PvmUiTestDisplay *display,
                             const char *const *env)
{
  g_autoptr (GDesktopAppInfo) info = g_desktop_app_info_new_from_filename (path);
  g_autoptr (GAppLaunchContext) context = g_app_launch_context_new ();
  g_autoptr (GError) error = NULL;
  GPid pid = 0;

  g_assert_nonnull (info); /* NULL also when its Exec program is not in $PATH */
  g_app_launch_context_setenv (context, "DISPLAY", display->name);
  /* The test process unwinds slowly under ASan so that lsan.supp can name libatspi's leaks;
   * the app keeps the fast default. */
  g_app_launch_context_unsetenv (context, "ASAN_OPTIONS");
  for (guint i = 0; env && env[i] && env[i + 1]; i += 2)
    g_app_launch_context_setenv (context, env[i], env[i + 1]);
  g_test_message ("launching %s: %s", path, g_app_info_get_commandline (G_APP_INFO (info)));
  /* GIO spawns the app detached (its parent exits at once): it ends with its X display. */
  g_desktop_app_info_launch_uris_as_manager_with_fds (info, NULL, context, G_SPAWN_SEARCH_PATH,
                                                      NULL, NULL, launch_on_pid, &pid, -1,
                                                      STDERR_FILENO, STDERR_FILENO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pid, >, 0);
  return pid;
}

static void
iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (50 * 1000);
}

AtspiAccessible *
pvm_ui_test_find_app (GPid pid, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  do {
    g_autoptr (AtspiAccessible) desktop = atspi_get_desktop (0);
    int n = atspi_accessible_get_child_count (desktop, NULL);
    for (int i = 0; i < n; i++) {
      g_autoptr (AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);
      if (app && atspi_accessible_get_process_id (app, NULL) == (guint) pid &&
          atspi_accessible_get_child_count (app, NULL) > 0) {
        atspi_accessible_set_cache_mask (app, ATSPI_CACHE_NONE);
        return g_steal_pointer (&app);
      }
    }
    atspi_accessible_clear_cache (desktop);
    iterate ();
  } while (g_get_monotonic_time () < deadline);
  g_assert_not_reached ();
}

gboolean
pvm_ui_test_has_state (AtspiAccessible *accessible, AtspiStateType state)
{
  g_autoptr (AtspiStateSet) states = atspi_accessible_get_state_set (accessible);

  return states && atspi_state_set_contains (states, state);
}

static gboolean
name_matches (AtspiAccessible *accessible, const char *name, gboolean partial)
{
  g_autofree char *actual = atspi_accessible_get_name (accessible, NULL);

  if (!actual)
    return FALSE;
  return partial ? strstr (actual, name) != NULL : g_str_equal (actual, name);
}

AtspiAccessible *
pvm_ui_test_find (AtspiAccessible *root, AtspiRole role, const char *name, gboolean partial)
{
  int n;

  if (atspi_accessible_get_role (root, NULL) == role && name_matches (root, name, partial) &&
      pvm_ui_test_has_state (root, ATSPI_STATE_VISIBLE))
    return g_object_ref (root);
  n = atspi_accessible_get_child_count (root, NULL);
  for (int i = 0; i < n; i++) {
    g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (root, i, NULL);
    /* GTK 4.8 marks only windows "showing": hidden widgets are those not "visible". */
    if (!child || !pvm_ui_test_has_state (child, ATSPI_STATE_VISIBLE))
      continue;
    AtspiAccessible *found = pvm_ui_test_find (child, role, name, partial);
    if (found)
      return found;
  }
  return NULL;
}

/* Logs the visible tree under @root, for a failure's log. */
static void
dump (AtspiAccessible *root, int depth)
{
  g_autofree char *role = atspi_accessible_get_role_name (root, NULL);
  g_autofree char *name = atspi_accessible_get_name (root, NULL);
  int n = atspi_accessible_get_child_count (root, NULL);

  g_test_message ("%*s%s \"%s\"", 2 * depth, "", role ?: "?", name ?: "");
  for (int i = 0; i < n; i++) {
    g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (root, i, NULL);
    if (child && pvm_ui_test_has_state (child, ATSPI_STATE_VISIBLE))
      dump (child, depth + 1);
  }
}

AtspiAccessible *
pvm_ui_test_wait_for (AtspiAccessible *root, AtspiRole role, const char *name, gboolean partial,
                      double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  AtspiAccessible *found;

  while (!(found = pvm_ui_test_find (root, role, name, partial)) &&
         g_get_monotonic_time () < deadline)
    iterate ();
  if (!found) {
    g_test_message ("nothing visible with role %s and name %s\"%s\" in:",
                    atspi_role_get_name (role), partial ? "containing " : "", name);
    dump (root, 0);
  }
  g_assert_nonnull (found);
  return found;
}

gboolean
pvm_ui_test_wait_for_none (AtspiAccessible *root, AtspiRole role, const char *name,
                           double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  do {
    g_autoptr (AtspiAccessible) found = pvm_ui_test_find (root, role, name, FALSE);
    if (!found)
      return TRUE;
    iterate ();
  } while (g_get_monotonic_time () < deadline);
  return FALSE;
}

void
pvm_ui_test_click (AtspiAccessible *accessible)
{
  g_autoptr (AtspiAction) action = atspi_accessible_get_action_iface (accessible);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (action);
  g_assert_cmpint (atspi_action_get_n_actions (action, NULL), >, 0);
  g_assert_true (atspi_action_do_action (action, 0, &error));
  g_assert_no_error (error);
}

void
pvm_ui_test_set_text (AtspiAccessible *accessible, const char *text)
{
  g_autoptr (AtspiEditableText) editable = atspi_accessible_get_editable_text_iface (accessible);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (editable);
  g_assert_true (atspi_editable_text_set_text_contents (editable, text, &error));
  g_assert_no_error (error);
}

char *
pvm_ui_test_get_text (AtspiAccessible *accessible)
{
  AtspiText *text = atspi_accessible_get_text_iface (accessible);
  g_autoptr (GError) error = NULL;
  char *contents;

  g_assert_nonnull (text);
  contents = atspi_text_get_text (text, 0, atspi_text_get_character_count (text, NULL), &error);
  g_object_unref (text);
  g_assert_no_error (error);
  return contents;
}

void
pvm_ui_test_press_key (guint keysym)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (atspi_generate_keyboard_event (keysym, NULL, ATSPI_KEY_SYM, &error));
  g_assert_no_error (error);
}

char *
pvm_ui_test_init (int *argc, char ***argv, const char *name)
{
  g_autofree char *template = g_strdup_printf ("pvm-ui-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, NULL);

  g_assert_nonnull (dir);
  pvm_test_pvmd_start_janitor (dir);
  g_test_init (argc, argv, NULL);
  pvm_error_quark ();
  return dir;
}

void
pvm_ui_test_session_start_pvmd (PvmUiTestSession *s, const char *dir)
{
  /* The system's services are activatable, the accessibility bus among them. */
  pvm_test_pvmd_make_bus (&s->pvmd, dir, "/usr/share/dbus-1/services");
  s->pvmd.guest = pvm_test_guest_dir ();
  pvm_test_pvmd_start (&s->pvmd);
}

gboolean
pvm_ui_test_session_start_display (PvmUiTestSession *s)
{
  s->display = pvm_ui_test_display_start ();
  if (!s->display)
    return FALSE;
  g_setenv ("DISPLAY", pvm_ui_test_display_get_name (s->display), TRUE);
  s->a11y = pvm_ui_test_start_a11y ();
  return s->a11y != NULL;
}

void
pvm_ui_test_session_launch_app (PvmUiTestSession *s)
{
  s->app_pid = pvm_ui_test_launch (g_getenv ("PVM_MANAGER_DESKTOP"), s->display);
  s->app = pvm_ui_test_find_app (s->app_pid, 60.0);
}

void
pvm_ui_test_session_stop_display (PvmUiTestSession *s)
{
  if (s->app_pid > 0)
    kill (s->app_pid, SIGTERM);
  g_clear_object (&s->app);
  if (s->a11y) {
    g_subprocess_send_signal (s->a11y, SIGTERM);
    g_subprocess_wait (s->a11y, NULL, NULL);
  }
  g_clear_object (&s->a11y);
  pvm_ui_test_display_free (s->display);
  s->display = NULL;
}

void
pvm_ui_test_session_tear_down (PvmUiTestSession *s, const char *dir)
{
  pvm_ui_test_session_stop_display (s);
  pvm_test_pvmd_tear_down (&s->pvmd, dir);
}

gboolean
pvm_ui_test_session_ready (PvmUiTestSession *s)
{
  if (s->app)
    return TRUE;
  g_test_skip ("no display or no accessibility bus for the app");
  return FALSE;
}

AtspiAccessible *
pvm_ui_test_wait_for_row (PvmUiTestSession *s, const char *name, double timeout_s)
{
  return pvm_ui_test_wait_for (s->app, ATSPI_ROLE_LIST_ITEM, name, FALSE, timeout_s);
}

void
pvm_ui_test_wait_for_row_state (PvmUiTestSession *s, const char *name, const char *label,
                                double timeout_s)
{
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, name, 30.0);
  g_autoptr (AtspiAccessible) state =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, label, FALSE, timeout_s);
}

void
pvm_ui_test_row_menu_activate (PvmUiTestSession *s, const char *name, const char *item)
{
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (s, name, 30.0);
  g_autofree char *label = g_strdup_printf ("Actions for %s", name);
  g_autoptr (AtspiAccessible) menu =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, label, FALSE, 30.0);
  /* GtkMenuButton's accessible holds the toggle button that a click opens. */
  g_autoptr (AtspiAccessible) toggle = atspi_accessible_get_child_at_index (menu, 0, NULL);

  pvm_ui_test_click (toggle ?: menu);
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (menu, ATSPI_ROLE_MENU_ITEM, item, TRUE, 30.0);
  pvm_ui_test_click (entry);
}

int
pvm_ui_test_count_windows (PvmUiTestSession *s, const char *name)
{
  int n = atspi_accessible_get_child_count (s->app, NULL), count = 0;

  for (int i = 0; i < n; i++) {
    g_autoptr (AtspiAccessible) window = atspi_accessible_get_child_at_index (s->app, i, NULL);
    g_autofree char *actual = window ? atspi_accessible_get_name (window, NULL) : NULL;
    if (g_strcmp0 (actual, name) == 0 && pvm_ui_test_has_state (window, ATSPI_STATE_VISIBLE))
      count++;
  }
  return count;
}

gboolean
pvm_ui_test_wait_for_sensitive (AtspiAccessible *accessible, gboolean sensitive,
                                double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (pvm_ui_test_has_state (accessible, ATSPI_STATE_SENSITIVE) != sensitive &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  return pvm_ui_test_has_state (accessible, ATSPI_STATE_SENSITIVE) == sensitive;
}

void
pvm_ui_test_press (AtspiAccessible *root, const char *label)
{
  g_autoptr (AtspiAccessible) button =
    pvm_ui_test_wait_for (root, ATSPI_ROLE_PUSH_BUTTON, label, FALSE, 30.0);

  g_assert_true (pvm_ui_test_wait_for_sensitive (button, TRUE, 30.0));
  pvm_ui_test_click (button);
}

/* Whether the toggle button @choice is down (GTK 4.8 says "pressed" or "checked"). */
static gboolean
ui_test_is_chosen (AtspiAccessible *choice)
{
  return pvm_ui_test_has_state (choice, ATSPI_STATE_PRESSED) ||
         pvm_ui_test_has_state (choice, ATSPI_STATE_CHECKED);
}

void
pvm_ui_test_choose (AtspiAccessible *root, const char *label)
{
  g_autoptr (AtspiAccessible) choice =
    pvm_ui_test_wait_for (root, ATSPI_ROLE_PUSH_BUTTON, label, FALSE, 30.0);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  pvm_ui_test_click (choice);
  while (!ui_test_is_chosen (choice) && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_true (ui_test_is_chosen (choice));
}

void
pvm_ui_test_click_and_wait_for_close (PvmUiTestSession *s, AtspiAccessible *button)
{
  int windows = atspi_accessible_get_child_count (s->app, NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  pvm_ui_test_click (button);
  while (atspi_accessible_get_child_count (s->app, NULL) >= windows &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (atspi_accessible_get_child_count (s->app, NULL), <, windows);
}

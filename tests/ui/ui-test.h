/* ui-test.h: what the pvm-manager tests need to see the app as a user does — an X server
 * (Xvfb), the accessibility bus, the app launched from its desktop file, its accessible tree
 * (AT-SPI) searched by role and name, and screenshots. */
#pragma once

#include <atspi/atspi.h>
#include <gio/gio.h>

#include "pvmd-test.h"

/* libatspi 2.46 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAction, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiEditableText, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)

typedef struct PvmUiTestDisplay PvmUiTestDisplay;

/* Starts Xvfb on a free display (1280x800). Returns NULL, with the test skipped and the
 * reason given, if Xvfb is not installed. */
PvmUiTestDisplay *pvm_ui_test_display_start (void);

/* Saves the whole screen as @name.png in $PVM_TEST_LOG_DIR (or the temporary directory) with
 * ImageMagick's import; reports the path with g_test_message(). */
void pvm_ui_test_display_screenshot (PvmUiTestDisplay *display, const char *name);

/* Returns the X display's name (":N"), for the processes that must reach it; owned by
 * @display. */
const char *pvm_ui_test_display_get_name (PvmUiTestDisplay *display);

/* Stops Xvfb and frees @display (NULL is ignored). */
void pvm_ui_test_display_free (PvmUiTestDisplay *display);

/* Starts the accessibility bus (at-spi-bus-launcher) on the session bus in
 * $DBUS_SESSION_BUS_ADDRESS, and connects this process to it. Returns the launcher, or NULL
 * with the test skipped if AT-SPI is not installed. */
GSubprocess *pvm_ui_test_start_a11y (void);

/* Launches the application of the desktop file @path as a desktop does (its Exec line, the
 * program found in $PATH) on @display, with this process's environment otherwise and its
 * output on this process's stderr. Returns its pid; fails the test if it cannot be started.
 * The app ends with the display (and the display with this process). */
GPid pvm_ui_test_launch (const char *path, PvmUiTestDisplay *display);

/* pvm_ui_test_launch() with the variables of @env (NULL-terminated name, value pairs) set in
 * the app's environment too; this process's own environment is left alone. */
GPid pvm_ui_test_launch_with_env (const char *path, PvmUiTestDisplay *display,
                                  const char *const *env);

/* Waits at most @timeout_s seconds for the application with @pid to appear on the
 * accessibility bus; returns it (a new reference), with caching off so that every query
 * reads the app's current state, or fails the test. */
AtspiAccessible *pvm_ui_test_find_app (GPid pid, double timeout_s);

/* Returns the first visible descendant of @root (depth first) with @role whose name is
 * @name (or contains it if @partial), or NULL. A new reference. GTK 4.8 counts the hidden
 * pages of a GtkStack as visible: look for what only the page in view holds. */
AtspiAccessible *pvm_ui_test_find (AtspiAccessible *root, AtspiRole role, const char *name,
                                   gboolean partial);

/* pvm_ui_test_find(), retried (running the default main context) for at most @timeout_s
 * seconds; fails the test if nothing matches by then. */
AtspiAccessible *pvm_ui_test_wait_for (AtspiAccessible *root, AtspiRole role, const char *name,
                                       gboolean partial, double timeout_s);

/* Waits at most @timeout_s seconds until nothing under @root matches; returns whether it
 * came to that. */
gboolean pvm_ui_test_wait_for_none (AtspiAccessible *root, AtspiRole role, const char *name,
                                    double timeout_s);

/* Returns whether @accessible has @state. */
gboolean pvm_ui_test_has_state (AtspiAccessible *accessible, AtspiStateType state);

/* Does @accessible's first action ("click" for a button), as an assistive tool would; fails
 * the test if it has none or it is refused. */
void pvm_ui_test_click (AtspiAccessible *accessible);

/* Replaces the text of the editable @accessible (an entry) as an assistive tool does; fails
 * the test if it is not editable or refuses. */
void pvm_ui_test_set_text (AtspiAccessible *accessible, const char *text);

/* Returns the whole text of @accessible, newly allocated; fails the test if it has none. */
char *pvm_ui_test_get_text (AtspiAccessible *accessible);

/* Presses and releases the key @keysym on the display of the accessibility registry; fails
 * the test if the registry refuses. */
void pvm_ui_test_press_key (guint keysym);

/* Makes the directory pvm-ui-@name-XXXXXX in the temporary directory and starts the janitor
 * on it (before any thread exists), then initialises GTest with @argc and @argv and registers
 * pvm's error domain. Returns the directory, newly allocated; fails if it cannot be made. */
char *pvm_ui_test_init (int *argc, char ***argv, const char *name);

/* One pvm-manager on one private bus with pvmd, an X display and an accessibility bus, shared
 * by the cases of a test program. */
typedef struct {
  PvmTestPvmd pvmd;
  PvmUiTestDisplay *display;
  GSubprocess *a11y;
  GPid app_pid;
  AtspiAccessible *app;
} PvmUiTestSession;

/* Makes a test directory below @dir (the janitor's), a private session bus offering what a
 * desktop session does (the accessibility bus among them, its pid in bus.pid for the janitor)
 * and starts pvmd on it; fails the test if any of it cannot be done. */
void pvm_ui_test_session_start_pvmd (PvmUiTestSession *s, const char *dir);

/* Starts Xvfb, sets $DISPLAY to it (the accessibility registry synthesizes input there) and
 * starts the accessibility bus. Returns whether both run; if not, the test is skipped. */
gboolean pvm_ui_test_session_start_display (PvmUiTestSession *s);

/* Launches pvm-manager from the desktop file $PVM_MANAGER_DESKTOP on the session's display
 * and waits at most a minute for it on the accessibility bus, else fails the test. The rest of
 * the app's environment comes from tests/ui/meson.build. */
void pvm_ui_test_session_launch_app (PvmUiTestSession *s);

/* Ends the app, the accessibility bus and Xvfb, whichever were started; leaves pvmd alone. */
void pvm_ui_test_session_stop_display (PvmUiTestSession *s);

/* Ends the app, the accessibility bus, Xvfb and pvmd, whichever were started, and removes the
 * test directory below @dir. */
void pvm_ui_test_session_tear_down (PvmUiTestSession *s, const char *dir);

/* Returns whether the session shows the app; if not, skips the case and returns FALSE. */
gboolean pvm_ui_test_session_ready (PvmUiTestSession *s);

/* Returns the row of the machine @name once the app's list shows it (a new reference);
 * fails the test after @timeout_s seconds. */
AtspiAccessible *pvm_ui_test_wait_for_row (PvmUiTestSession *s, const char *name,
                                           double timeout_s);

/* Waits at most @timeout_s seconds until the row of @name shows the state @label, else
 * fails the test. */
void pvm_ui_test_wait_for_row_state (PvmUiTestSession *s, const char *name, const char *label,
                                     double timeout_s);

/* Opens the menu of the row of @name and activates its item whose name contains @item;
 * fails the test if either does not show within 30 seconds. */
void pvm_ui_test_row_menu_activate (PvmUiTestSession *s, const char *name, const char *item);

/* Returns how many of the app's windows are named @name and shown; never blocks. */
int pvm_ui_test_count_windows (PvmUiTestSession *s, const char *name);

/* Waits at most @timeout_s seconds until @accessible is (or is no longer) sensitive; returns
 * whether it came to that. */
gboolean pvm_ui_test_wait_for_sensitive (AtspiAccessible *accessible, gboolean sensitive,
                                         double timeout_s);

/* Clicks the push button named @label below @root once it can be clicked; fails the test if it
 * does not show or stays insensitive for 30 seconds. */
void pvm_ui_test_press (AtspiAccessible *root, const char *label);

/* Clicks the toggle button named @label below @root (an option in a group) and waits until it
 * is down; fails the test if that does not happen within 30 seconds. */
void pvm_ui_test_choose (AtspiAccessible *root, const char *label);

/* Clicks @button of a dialog and waits until the dialog is gone from the app's windows.
 * Until then nothing walks the app's tree: GTK 4.8 answers a walk that is inside a window
 * while it is destroyed with a critical about a NULL object path, fatal in the tests. */
void pvm_ui_test_click_and_wait_for_close (PvmUiTestSession *s, AtspiAccessible *button);

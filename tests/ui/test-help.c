/* test-help.c: pvm-manager's manual and shortcuts under Xvfb — F1 and the main menu hand
 * help:pvm-manager to the desktop's help viewer, and the shortcuts window shows F1.
 *
 * The help viewer is the handler of help: URIs that the desktop's settings name
 * ($XDG_CONFIG_HOME/mimeapps.list); here it is a program that records the URIs it is given,
 * so that what the app asked for can be read back. */
#include <glib/gstdio.h>
#include <string.h>

#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define HELP_URI "help:pvm-manager"
#define HELP_VIEWER "pvm-test-help-viewer.desktop"
#define KEYSYM_F1 0xffbe

/* One app for every case, on its own bus and display (no pvmd: ui.pvmd stays unused). */
typedef struct {
  PvmUiTestSession ui;
  char *dir;
  char *uris; /* the file the help viewer appends each URI to */
  GTestDBus *bus;
} HelpSession;

/* Makes the help viewer of this session: a program that records its arguments, registered
 * as the default handler of help: URIs in $XDG_DATA_HOME and $XDG_CONFIG_HOME below @dir. */
static void
help_session_make_viewer (HelpSession *s)
{
  g_autofree char *apps = g_build_filename (s->dir, "data", "applications", NULL);
  g_autofree char *config = g_build_filename (s->dir, "config", NULL);
  g_autofree char *program = g_build_filename (s->dir, "record-help-uri", NULL);
  g_autofree char *desktop = g_build_filename (apps, HELP_VIEWER, NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$@\" >> '%s'\n",
                                             s->uris);
  g_file_set_contents (program, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (program, 0755), ==, 0);
  g_autofree char *entry = g_strdup_printf ("[Desktop Entry]\n"
                                            "Type=Application\n"
                                            "Name=Help viewer of the test\n"
                                            "Exec=%s %%u\n"
                                            "MimeType=x-scheme-handler/help;\n"
                                            "NoDisplay=true\n",
                                            program);
  g_file_set_contents (desktop, entry, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps,
                       "[Default Applications]\nx-scheme-handler/help=" HELP_VIEWER "\n", -1,
                       &error);
  g_assert_no_error (error);

  g_autofree char *data_home = g_build_filename (s->dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

/* Removes @path and, if it is a directory, what it holds (the app may have added files). */
static void
help_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir) {
    while ((name = g_dir_read_name (dir))) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      help_remove_tree (child);
    }
    g_dir_close (dir);
  }
  g_remove (path);
}

static void
help_session_set_up (HelpSession *s)
{
  s->dir = g_dir_make_tmp ("pvm-test-help-XXXXXX", NULL);
  g_assert_nonnull (s->dir);
  s->uris = g_build_filename (s->dir, "help-uris", NULL);
  help_session_make_viewer (s);

  /* A session bus of the test's own: no pvmd on it, so the app shows that it cannot reach
   * one, which the manual does not depend on. */
  s->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (s->bus);

  if (pvm_ui_test_session_start_display (&s->ui))
    pvm_ui_test_session_launch_app (&s->ui);
}

static void
help_session_tear_down (HelpSession *s)
{
  pvm_ui_test_session_stop_display (&s->ui);
  g_test_dbus_down (s->bus);
  g_clear_object (&s->bus);
  help_remove_tree (s->dir);
  g_free (s->uris);
  g_free (s->dir);
}

/* The URIs the help viewer was given so far, one a line. */
static char **
help_session_read_uris (HelpSession *s)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (s->uris, &contents, NULL, NULL))
    return g_new0 (char *, 1);
  return g_strsplit (g_strchomp (contents), "\n", -1);
}

/* Waits until the help viewer has been given @count URIs, and checks that each was the
 * manual's. */
static void
help_session_wait_for_uris (HelpSession *s, guint count)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  g_auto (GStrv) uris = NULL;

  for (;;) {
    g_clear_pointer (&uris, g_strfreev);
    uris = help_session_read_uris (s);
    if (g_strv_length (uris) >= count || g_get_monotonic_time () > deadline)
      break;
    g_usleep (50 * 1000);
  }
  g_assert_cmpuint (g_strv_length (uris), ==, count);
  for (guint i = 0; i < count; i++)
    g_assert_cmpstr (uris[i], ==, HELP_URI);
}

/* Opens the main menu of the main window and activates its item @item. */
static void
help_session_main_menu_activate (HelpSession *s, const char *item)
{
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) menu =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Main Menu", FALSE, UI_TIMEOUT);
  /* GtkMenuButton's accessible holds the toggle button that a click opens. */
  g_autoptr (AtspiAccessible) toggle = atspi_accessible_get_child_at_index (menu, 0, NULL);

  pvm_ui_test_click (toggle ?: menu);
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (menu, ATSPI_ROLE_MENU_ITEM, item, FALSE, UI_TIMEOUT);
  pvm_ui_test_click (entry);
}

static void
test_f1_opens_the_manual (gconstpointer data)
{
  HelpSession *s = (HelpSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  /* Keys go where the pointer is (X with no window manager): Xvfb puts it mid-screen, on the
   * window. */
  pvm_ui_test_press_key (KEYSYM_F1);
  help_session_wait_for_uris (s, 1);
  g_autoptr (AtspiAccessible) still =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
}

static void
test_main_menu_help_opens_the_manual (gconstpointer data)
{
  HelpSession *s = (HelpSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_auto (GStrv) before = help_session_read_uris (s);
  guint count = g_strv_length (before);

  help_session_main_menu_activate (s, "Help");
  help_session_wait_for_uris (s, count + 1);
}

static void
test_shortcuts_window_shows_the_keys_the_app_sets (gconstpointer data)
{
  HelpSession *s = (HelpSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  help_session_main_menu_activate (s, "Keyboard Shortcuts");
  g_autoptr (AtspiAccessible) title =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_LABEL, "Open the manual", FALSE, UI_TIMEOUT);
  /* The key is read from the app's accelerators for app.help: it shows only if F1 is set. */
  g_autoptr (AtspiAccessible) box = atspi_accessible_get_parent (title, NULL);
  g_autoptr (AtspiAccessible) row = atspi_accessible_get_parent (box, NULL);
  g_autoptr (AtspiAccessible) key =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "F1", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) new_vm =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_LABEL, "New virtual machine", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) new_vm_box = atspi_accessible_get_parent (new_vm, NULL);
  g_autoptr (AtspiAccessible) new_vm_row = atspi_accessible_get_parent (new_vm_box, NULL);
  g_autoptr (AtspiAccessible) new_vm_key =
    pvm_ui_test_wait_for (new_vm_row, ATSPI_ROLE_LABEL, "N", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-help-shortcuts-window");
}

int
main (int argc, char **argv)
{
  HelpSession session = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  help_session_set_up (&session);

  g_test_add_data_func ("/ui/help/f1-opens-the-manual-in-the-help-viewer", &session,
                        test_f1_opens_the_manual);
  g_test_add_data_func ("/ui/help/main-menu-help-opens-the-manual-in-the-help-viewer", &session,
                        test_main_menu_help_opens_the_manual);
  g_test_add_data_func ("/ui/help/shortcuts-window-shows-the-keys-the-app-sets", &session,
                        test_shortcuts_window_shows_the_keys_the_app_sets);
  status = g_test_run ();

  help_session_tear_down (&session);
  return status;
}

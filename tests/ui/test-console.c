/* test-console.c: pvm-manager's serial console window, launched from its desktop file under
 * Xvfb against pvmd on a private session bus, with the default guest running: opened from the
 * machine's row (its button, a double click, Enter), typed into with key events as a keyboard
 * would, read back through the terminal's accessible description; a break, the saved log, and
 * the banner when the machine stops and runs again. */
#include <glib/gstdio.h>
#include <string.h>
#include <X11/X.h>
#include <X11/keysym.h>

#include "common/console.h"
#include "pvmd-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define VM_NAME "console-vm"
#define PROMPT "pvm# "
#define PROMPT_END "pvm#" /* the prompt at the end of the screen, its blank trimmed */

typedef struct {
  PvmUiTestSession ui;
  PvmDomain *domain; /* VM_NAME, running from the first case on */
} UiSession;

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  pvm_ui_test_session_start_pvmd (&s->ui, dir);
  s->domain = pvm_test_pvmd_define_guest (&s->ui.pvmd, VM_NAME);

  if (pvm_ui_test_session_start_display (&s->ui))
    pvm_ui_test_session_launch_app (&s->ui);
}

/* ---- what the test sees ---- */

/* Returns the first visible descendant of @root named @name, whatever its role (a new
 * reference), or NULL. */
static AtspiAccessible *
ui_find_named (AtspiAccessible *root, const char *name)
{
  g_autofree char *actual = atspi_accessible_get_name (root, NULL);
  int n;

  if (g_strcmp0 (actual, name) == 0)
    return g_object_ref (root);
  n = atspi_accessible_get_child_count (root, NULL);
  for (int i = 0; i < n; i++) {
    g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (root, i, NULL);
    if (!child || !pvm_ui_test_has_state (child, ATSPI_STATE_VISIBLE))
      continue;
    AtspiAccessible *found = ui_find_named (child, name);
    if (found)
      return found;
  }
  return NULL;
}

/* ui_find_named(), retried for at most UI_TIMEOUT seconds; fails the test if nothing
 * matches. For windows that GTK 4.8 gives no window role (the file chooser). */
static AtspiAccessible *
ui_wait_for_named (AtspiAccessible *root, const char *name)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  AtspiAccessible *found;

  while (!(found = ui_find_named (root, name)) && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (found);
  return found;
}

/* Returns the console window of VM_NAME once it shows. */
static AtspiAccessible *
ui_console_window (UiSession *s)
{
  return pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, VM_NAME, FALSE, UI_TIMEOUT);
}

/* Returns the terminal of the console window @window. */
static AtspiAccessible *
ui_terminal (AtspiAccessible *window)
{
  return ui_wait_for_named (window, "Serial console of " VM_NAME);
}

/* Returns the text on the terminal's screen, as the window describes it (newly allocated). */
static char *
ui_screen (AtspiAccessible *terminal)
{
  return atspi_accessible_get_description (terminal, NULL) ?: g_strdup ("");
}

/* Whether a line of @screen is @line, leading and trailing blanks aside. */
static gboolean
screen_has_line (const char *screen, const char *line)
{
  g_auto (GStrv) lines = g_strsplit (screen, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_equal (g_strstrip (lines[i]), line))
      return TRUE;
  return FALSE;
}

/* Waits until the screen contains @text (as a whole line if @whole_line); fails the test
 * with the screen in the log otherwise. */
static void
ui_wait_for_screen (AtspiAccessible *terminal, const char *text, gboolean whole_line,
                    double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  g_autofree char *screen = NULL;

  do {
    g_free (screen);
    screen = ui_screen (terminal);
    if (whole_line ? screen_has_line (screen, text) : strstr (screen, text) != NULL)
      return;
    pvm_test_iterate ();
  } while (g_get_monotonic_time () < deadline);
  g_test_message ("the screen, without \"%s\":\n%s", text, screen);
  g_assert_not_reached ();
}

/* ---- what the test does ---- */

/* Types @text as key presses, each one as the keyboard would send it. */
static void
ui_type (const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (atspi_generate_keyboard_event (0, text, ATSPI_KEY_STRING, &error));
  g_assert_no_error (error);
}

/* Presses @keysym with the X modifiers @mask (ControlMask, ShiftMask, ...) held. */
static void
ui_press_chord (guint mask, guint keysym)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (atspi_generate_keyboard_event (mask, NULL, ATSPI_KEY_LOCKMODIFIERS, &error));
  g_assert_no_error (error);
  pvm_ui_test_press_key (keysym);
  g_assert_true (atspi_generate_keyboard_event (mask, NULL, ATSPI_KEY_UNLOCKMODIFIERS, &error));
  g_assert_no_error (error);
}

/* Clicks (@action "b1c") or double-clicks ("b1d") the middle of @accessible, as a mouse. */
static void
ui_mouse (AtspiAccessible *accessible, const char *action)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (accessible);
  g_autoptr (GError) error = NULL;
  g_autofree AtspiRect *rect = NULL;

  g_assert_nonnull (component);
  rect = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, &error);
  g_object_unref (component);
  g_assert_no_error (error);
  g_assert_true (atspi_generate_mouse_event (rect->x + rect->width / 2,
                                             rect->y + rect->height / 2, action, &error));
  g_assert_no_error (error);
}

/* Runs @command in the guest through the terminal and waits for @answer on a line. */
static void
ui_run (AtspiAccessible *terminal, const char *command, const char *answer)
{
  ui_type (command);
  pvm_ui_test_press_key (XK_Return);
  ui_wait_for_screen (terminal, answer, TRUE, PVM_TEST_CMD_TIMEOUT);
}

/* Whether @screen ends with the shell's prompt (its trailing blanks trimmed). */
static gboolean
screen_ends_with_prompt (const char *screen)
{
  return g_str_has_suffix (screen, "\n" PROMPT_END) || g_str_equal (screen, PROMPT_END);
}

/* Waits for the guest's shell on @terminal: presses Enter until the screen changes and ends
 * with a prompt, which only a shell that read the Enter shows (a booting guest does not, and
 * a prompt left from before is no answer). */
static void
ui_wait_for_shell (AtspiAccessible *terminal)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_BOOT_TIMEOUT * G_USEC_PER_SEC);
  g_autofree char *screen = ui_screen (terminal);

  while (g_get_monotonic_time () < deadline) {
    g_autofree char *before = g_steal_pointer (&screen);
    gint64 wait = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    pvm_ui_test_press_key (XK_Return);
    do {
      g_free (screen);
      screen = ui_screen (terminal);
      if (!g_str_equal (screen, before) && screen_ends_with_prompt (screen))
        return;
      pvm_test_iterate ();
    } while (g_get_monotonic_time () < wait);
  }
  g_test_message ("the screen, without the shell's prompt last:\n%s", screen);
  g_assert_not_reached ();
}

/* Makes sure VM_NAME runs, opens its console from its row's button, and waits for its shell
 * in the terminal, which has the keyboard. Returns the terminal. */
static AtspiAccessible *
ui_open_console (UiSession *s, AtspiAccessible **window_out)
{
  if (!g_str_equal (pvm_domain_get_state (s->domain), "running"))
    pvm_test_domain_start (s->domain);
  g_autoptr (AtspiAccessible) row =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_LIST_ITEM, VM_NAME, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) state =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "Running", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) open =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Open Serial Console", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (open);

  g_autoptr (AtspiAccessible) window = ui_console_window (s);
  AtspiAccessible *terminal = ui_terminal (window);
  g_assert_true (pvm_ui_test_wait_for_none (window, ATSPI_ROLE_LABEL,
                                            "Connecting to the serial console…", UI_TIMEOUT));
  /* Pointer over the terminal: without a window manager the keyboard follows it. */
  ui_mouse (terminal, "b1c");
  ui_wait_for_shell (terminal);
  if (window_out)
    *window_out = g_steal_pointer (&window);
  return terminal;
}

/* ---- the cases ---- */

static void
test_the_row_opens_the_console_and_the_guest_runs_what_is_typed (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = NULL;
  g_autoptr (AtspiAccessible) terminal = ui_open_console (s, &window);

  ui_run (terminal, "echo $((6*7))", "42");
  pvm_ui_test_display_screenshot (s->ui.display, "ui-console-command");

  /* Ctrl+W is the shell's: it erases a word instead of closing the window. */
  ui_type ("echo kept gone");
  ui_press_chord (ControlMask, XK_w);
  pvm_ui_test_press_key (XK_Return);
  ui_wait_for_screen (terminal, "kept", TRUE, PVM_TEST_CMD_TIMEOUT);
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_NAME), ==, 1);
}

static void
test_send_break_reaches_the_guest_uart (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = NULL;
  g_autoptr (AtspiAccessible) terminal = ui_open_console (s, &window);
  g_autoptr (AtspiAccessible) send_break =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Send Break", FALSE, UI_TIMEOUT);

  /* The 8250 driver counts breaks in /proc/tty/driver/serial ("brk:N"), and a break and then
   * a key within 5 s is SysRq to Linux (CONFIG_MAGIC_SYSRQ_SERIAL). The button, clicked over
   * AT-SPI, may race keys typed meanwhile: nothing is typed until that window has passed. */
  ui_run (terminal, "grep -c brk: /proc/tty/driver/serial", "0");
  pvm_ui_test_click (send_break);
  gint64 until = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    pvm_test_iterate ();
  ui_mouse (terminal, "b1c");
  ui_run (terminal, "grep -o brk:1 /proc/tty/driver/serial", "brk:1");

  /* The shortcut's break and the key typed after it go out in that order: "h" prints SysRq's
   * help on the console instead of reaching the shell. */
  ui_press_chord (ControlMask | ShiftMask, XK_b);
  ui_type ("h");
  ui_wait_for_screen (terminal, "sysrq: HELP", FALSE, PVM_TEST_CMD_TIMEOUT);
  ui_run (terminal, "grep -o brk:2 /proc/tty/driver/serial", "brk:2");
  pvm_ui_test_display_screenshot (s->ui.display, "ui-console-break");
}

static void
test_save_log_writes_what_the_guest_printed (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autofree char *path = g_build_filename (s->ui.pvmd.dir, "saved-console.log", NULL);
  g_autofree char *contents = NULL;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = NULL;
  g_autoptr (AtspiAccessible) terminal = ui_open_console (s, &window);
  ui_run (terminal, "echo saved-$((3*5))", "saved-15");

  g_autoptr (AtspiAccessible) save =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Save Log", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (save);
  g_autoptr (AtspiAccessible) dialog = ui_wait_for_named (s->ui.app, "Save Console Log");
  g_autoptr (AtspiAccessible) name =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_TEXT, "Name", TRUE, UI_TIMEOUT);
  g_autoptr (AtspiEditableText) editable = atspi_accessible_get_editable_text_iface (name);
  g_autoptr (GError) error = NULL;
  g_assert_nonnull (editable);
  g_assert_true (atspi_editable_text_set_text_contents (editable, path, &error));
  g_assert_no_error (error);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-console-save-log");
  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Save", TRUE, UI_TIMEOUT);
  pvm_ui_test_click (confirm);

  g_autofree char *saved = g_strdup_printf ("Saved the log as %s", path);
  g_autoptr (AtspiAccessible) toast =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, saved, FALSE, UI_TIMEOUT);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "echo saved-$((3*5))"));
  g_assert_nonnull (strstr (contents, "\r\nsaved-15\r\n"));
}

static void
test_opening_again_presents_the_same_window (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = NULL;
  g_autoptr (AtspiAccessible) terminal = ui_open_console (s, &window);
  g_autoptr (AtspiAccessible) again = ui_open_console (s, NULL);

  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_NAME), ==, 1);
  /* The same terminal, still at the shell: what was typed before is on its screen. */
  ui_run (again, "echo once-$((2+2))", "once-4");
}

static void
test_a_double_click_or_enter_on_the_row_opens_the_console (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = NULL;
  g_autoptr (AtspiAccessible) terminal = ui_open_console (s, &window);

  /* Ctrl+Shift+W closes the console window; Ctrl+W alone would reach the guest. */
  ui_press_chord (ControlMask | ShiftMask, XK_w);
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  while (pvm_ui_test_count_windows (&s->ui, VM_NAME) > 0 && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_NAME), ==, 0);

  g_autoptr (AtspiAccessible) row =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_LIST_ITEM, VM_NAME, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) details = pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL,
                                                              "Paravirtualized", TRUE,
                                                              UI_TIMEOUT);
  ui_mouse (details, "b1d");
  g_autoptr (AtspiAccessible) opened = ui_console_window (s);
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_NAME), ==, 1);

  /* Closed again: a click gives the row the keyboard, and Enter opens the console. */
  g_autoptr (AtspiAccessible) close =
    pvm_ui_test_wait_for (opened, ATSPI_ROLE_PUSH_BUTTON, "Close", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (close);
  deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  while (pvm_ui_test_count_windows (&s->ui, VM_NAME) > 0 && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_NAME), ==, 0);
  g_autoptr (AtspiAccessible) row_now =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_LIST_ITEM, VM_NAME, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) details_now = pvm_ui_test_wait_for (
    row_now, ATSPI_ROLE_LABEL, "Paravirtualized", TRUE, UI_TIMEOUT);
  ui_mouse (details_now, "b1c");
  deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  while (!pvm_ui_test_has_state (row_now, ATSPI_STATE_FOCUSED) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_true (pvm_ui_test_has_state (row_now, ATSPI_STATE_FOCUSED));
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_NAME), ==, 0);
  pvm_ui_test_press_key (XK_Return);
  g_autoptr (AtspiAccessible) entered = ui_console_window (s);
  g_autoptr (AtspiAccessible) entered_terminal = ui_terminal (entered);
  ui_mouse (entered_terminal, "b1c");
  ui_run (entered_terminal, "echo entered-$((5+5))", "entered-10");
}

static void
test_a_stopped_machine_shows_the_banner_and_reconnects_when_it_runs (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autofree char *off = g_strdup_printf ("“%s” is off: its console is closed.", VM_NAME);
  g_autofree char *again = g_strdup_printf ("“%s” is running again.", VM_NAME);

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = NULL;
  g_autoptr (AtspiAccessible) terminal = ui_open_console (s, &window);
  g_autoptr (AtspiAccessible) send_break =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Send Break", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (send_break, ATSPI_STATE_SENSITIVE));

  pvm_test_domain_destroy (s->domain);
  g_autoptr (AtspiAccessible) banner =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, off, FALSE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (send_break, ATSPI_STATE_SENSITIVE));
  g_assert_null (pvm_ui_test_find (window, ATSPI_ROLE_PUSH_BUTTON, "Reconnect", FALSE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-console-stopped");

  pvm_test_domain_start (s->domain);
  g_autoptr (AtspiAccessible) running =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, again, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) reconnect =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Reconnect", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-console-reconnect");
  pvm_ui_test_click (reconnect);
  g_assert_true (pvm_ui_test_wait_for_none (window, ATSPI_ROLE_LABEL, again, UI_TIMEOUT));
  ui_mouse (terminal, "b1c");
  ui_wait_for_shell (terminal);
  ui_run (terminal, "echo back-$((1+1))", "back-2");
  pvm_ui_test_display_screenshot (s->ui.display, "ui-console-reconnected");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  int status;

  dir = pvm_ui_test_init (&argc, &argv, "console");

  ui_session_set_up (&session, dir);
  g_test_add_data_func ("/ui/console/the-row-opens-the-console-and-the-guest-runs-what-is-typed",
                        &session, test_the_row_opens_the_console_and_the_guest_runs_what_is_typed);
  g_test_add_data_func ("/ui/console/send-break-reaches-the-guest-uart", &session,
                        test_send_break_reaches_the_guest_uart);
  g_test_add_data_func ("/ui/console/save-log-writes-what-the-guest-printed", &session,
                        test_save_log_writes_what_the_guest_printed);
  g_test_add_data_func ("/ui/console/opening-again-presents-the-same-window", &session,
                        test_opening_again_presents_the_same_window);
  g_test_add_data_func ("/ui/console/a-double-click-or-enter-on-the-row-opens-the-console",
                        &session, test_a_double_click_or_enter_on_the_row_opens_the_console);
  g_test_add_data_func (
    "/ui/console/a-stopped-machine-shows-the-banner-and-reconnects-when-it-runs", &session,
    test_a_stopped_machine_shows_the_banner_and_reconnects_when_it_runs);
  status = g_test_run ();
  g_clear_object (&session.domain);
  pvm_ui_test_session_tear_down (&session.ui, dir);
  return status;
}

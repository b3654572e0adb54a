/* test-languages.c: pvm-manager in German and in French, launched from its desktop file under
 * Xvfb against pvmd on a private session bus with $LANGUAGE set (and the C.UTF-8 locale, so no
 * generated locale is needed), its own translations read from the build ($PVM_LOCALEDIR). The
 * main window and the first page of the create-VM wizard must name their controls in the
 * language, and are photographed into the test logs to be looked at. */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "common/console.h"
#include "pvmd-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define APP_ID "org.pvm.Manager"

/* What one language calls the controls that the cases look for. */
typedef struct {
  const char *code;       /* $LANGUAGE */
  const char *new_vm;     /* "New Virtual Machine": the header bar button, the wizard's title */
  const char *running;    /* "Running": a row's state */
  const char *off;        /* "Off" */
  const char *first_step; /* "Step 1 of 5", the start of the wizard's subtitle */
  const char *pv;         /* "Paravirtualized": the wizard's first choice */
  const char *full;       /* "Full Virtualization": its second */
  const char *cancel;     /* "Cancel": the wizard's button on its first page */
} UiLanguage;

static const UiLanguage ui_languages[] = {
  {
    .code = "de",
    .new_vm = "Neue virtuelle Maschine",
    .running = "Läuft",
    .off = "Aus",
    .first_step = "Schritt 1 von 5",
    .pv = "Paravirtualisierung",
    .full = "Vollvirtualisierung",
    .cancel = "Abbrechen",
  },
  {
    .code = "fr",
    .new_vm = "Nouvelle machine virtuelle",
    .running = "En marche",
    .off = "Éteinte",
    .first_step = "Étape 1 sur 5",
    .pv = "Paravirtualisation",
    .full = "Virtualisation complète",
    .cancel = "Annuler",
  },
};

/* One pvmd, display and accessibility bus for every case; each case launches the app in its
 * language and ends it. */
typedef PvmUiTestSession UiSession;

typedef struct {
  UiSession *session;
  const UiLanguage *language;
} UiCase;

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  PvmTestPvmd *f = &s->pvmd;

  pvm_ui_test_session_start_pvmd (s, dir);
  /* Two machines, one running and one off, so that the rows show both states. */
  if (f->guest) {
    g_autoptr (PvmDomain) running = pvm_test_pvmd_define_guest (f, "web-frontend");
    g_autoptr (PvmDomain) off = pvm_test_pvmd_define_guest (f, "database");

    pvm_test_domain_start (running);
  }

  pvm_ui_test_session_start_display (s);
}

/* Whether the app owns its name on the session bus. */
static gboolean
ui_app_is_on_the_bus (UiSession *s)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    s->pvmd.connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "NameHasOwner", g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Ends the app of @pid and waits until its name has left the bus, so that the next launch
 * starts a new instance rather than activating this one. */
static void
ui_end_app (UiSession *s, GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);

  kill (pid, SIGTERM);
  while (ui_app_is_on_the_bus (s) && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_false (ui_app_is_on_the_bus (s));
}

/* Clicks @wizard's button @label and waits until the wizard is gone. Nothing is asked of the
 * app while the click lands (see test-wizard.c: GTK 4.8 and a window being destroyed). */
static void
ui_close_wizard (UiSession *s, AtspiAccessible *app, AtspiAccessible *wizard, const char *label,
                 const char *title)
{
  g_autoptr (AtspiAccessible) button =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_PUSH_BUTTON, label, FALSE, UI_TIMEOUT);
  gint64 settled = g_get_monotonic_time () + G_USEC_PER_SEC;

  pvm_ui_test_click (button);
  while (g_get_monotonic_time () < settled)
    pvm_test_iterate ();
  g_assert_true (pvm_ui_test_wait_for_none (app, ATSPI_ROLE_DIALOG, title, UI_TIMEOUT));
}

/* libatspi warns (log domain "dbind") when it asks an app that is still starting for its
 * cache: noted, not a failure. pvm_ui_test_start_a11y() says so for the set-up, but GTest
 * drops that handler at each case, and here the app starts inside the case. */
static gboolean
ui_log_is_fatal (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return g_strcmp0 (domain, "dbind") != 0;
}

static void
test_main_window_and_wizard_speak_the_language (gconstpointer data)
{
  const UiCase *c = data;
  UiSession *s = c->session;
  const UiLanguage *l = c->language;
  g_autofree char *main_shot = g_strdup_printf ("ui-languages-%s-main-window", l->code);
  g_autofree char *wizard_shot = g_strdup_printf ("ui-languages-%s-wizard-first-page", l->code);
  GPid pid;

  if (!s->pvmd.guest) {
    g_test_fail_printf ("the default guest is not built: run tools/build-guest");
    return;
  }
  if (!s->display || !s->a11y) {
    g_test_skip ("no display or no accessibility bus for the app");
    return;
  }

  g_test_log_set_fatal_handler (ui_log_is_fatal, NULL);
  /* $LC_ALL is C.UTF-8 (tests/ui/meson.build), under which gettext follows $LANGUAGE. */
  pid = pvm_ui_test_launch_with_env (g_getenv ("PVM_MANAGER_DESKTOP"), s->display,
                                     (const char *const[]) { "LANGUAGE", l->code, NULL });
  g_autoptr (AtspiAccessible) app = pvm_ui_test_find_app (pid, 60.0);

  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) new_vm =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, l->new_vm, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) running_row =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LIST_ITEM, "web-frontend", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) running =
    pvm_ui_test_wait_for (running_row, ATSPI_ROLE_LABEL, l->running, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) off_row =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LIST_ITEM, "database", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) off =
    pvm_ui_test_wait_for (off_row, ATSPI_ROLE_LABEL, l->off, FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, main_shot);

  pvm_ui_test_click (new_vm);
  g_autoptr (AtspiAccessible) wizard =
    pvm_ui_test_wait_for (app, ATSPI_ROLE_DIALOG, l->new_vm, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) step =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_LABEL, l->first_step, TRUE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) pv =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_PUSH_BUTTON, l->pv, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) full =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_PUSH_BUTTON, l->full, FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, wizard_shot);

  ui_close_wizard (s, app, wizard, l->cancel, l->new_vm);
  ui_end_app (s, pid);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  UiCase cases[G_N_ELEMENTS (ui_languages)];
  int status;

  dir = pvm_ui_test_init (&argc, &argv, "languages");

  ui_session_set_up (&session, dir);
  for (guint i = 0; i < G_N_ELEMENTS (ui_languages); i++) {
    g_autofree char *path = g_strdup_printf (
      "/ui/languages/%s/main-window-and-wizard-name-their-controls-in-it", ui_languages[i].code);

    cases[i] = (UiCase) { .session = &session, .language = &ui_languages[i] };
    g_test_add_data_func (path, &cases[i], test_main_window_and_wizard_speak_the_language);
  }
  status = g_test_run ();
  pvm_ui_test_session_tear_down (&session, dir);
  return status;
}

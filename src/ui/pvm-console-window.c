/* pvm-console-window.c: the serial console window.
 *
 * The terminal has no child process: what the guest sends (PvmSerialConnection::received) is
 * fed to it and kept in the log, and what the user types or pastes (VteTerminal::commit) is
 * queued to the guest. The window follows the domain's State: input is on only while the
 * console is connected, and the banner says why it is not.
 *
 * Keys: the terminal takes every key it has focus for, Ctrl and Alt combinations included
 * (a capture-phase controller hands them to it before the application's shortcuts, so that
 * Ctrl+W erases a word in the guest's shell instead of closing the window); the window's own
 * commands are on Ctrl+Shift, and Ctrl+Tab leaves the terminal for the header bar.
 *
 * VTE 0.70 for GTK 4 exposes no text to assistive technologies, so the window mirrors the
 * terminal's screen into its accessible description, at most every CONSOLE_DESCRIBE_MS.
 */
#include "pvm-console-window.h"

#include <glib/gi18n.h>
#include <vte/vte.h>

#include "common/pvm-connect.h"
#include "pvm-serial-connection.h"

#define CONSOLE_LOG_MAX (16 * 1024 * 1024) /* past this, the log drops its oldest quarter */
#define CONSOLE_DESCRIBE_MS 200

struct _PvmConsoleWindow {
  AdwApplicationWindow parent_instance;

  PvmDomain *domain;
  PvmSerialConnection *connection; /* NULL while not connected */
  GCancellable *cancellable;       /* the open under way, the log being saved */
  gboolean connecting;
  gboolean stopped_seen; /* the machine stopped since the console was last connected */
  char *error;           /* why the last connection failed, or NULL */
  GByteArray *log;
  guint describe_id;
  GtkFileChooserNative *save_dialog;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkButton *reconnect_button;
  VteTerminal *terminal;
};

G_DEFINE_FINAL_TYPE (PvmConsoleWindow, pvm_console_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
console_window_is_connected (PvmConsoleWindow *self)
{
  return self->connection && pvm_serial_connection_is_open (self->connection);
}

static const char *
console_window_state (PvmConsoleWindow *self)
{
  return pvm_domain_get_state (self->domain) ?: "";
}

static gboolean
console_window_is_live (PvmConsoleWindow *self)
{
  const char *state = console_window_state (self);

  return g_str_equal (state, "running") || g_str_equal (state, "paused");
}

static void
console_window_show_toast (PvmConsoleWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- state ---- */

static void
console_window_update_actions (PvmConsoleWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean connected = console_window_is_connected (self);

  gtk_widget_action_set_enabled (widget, "console.send-break", connected);
  gtk_widget_action_set_enabled (widget, "console.paste", connected);
  gtk_widget_action_set_enabled (widget, "console.copy",
                                 vte_terminal_get_has_selection (self->terminal));
  gtk_widget_action_set_enabled (widget, "console.save-log", self->log->len > 0);
  gtk_widget_action_set_enabled (widget, "console.reconnect",
                                 !connected && !self->connecting &&
                                   console_window_is_live (self));
}

/* Returns what the banner says now, newly allocated, or NULL when it has nothing to say. */
static char *
console_window_banner_text (PvmConsoleWindow *self)
{
  const char *name = pvm_domain_get_name (self->domain) ?: "";
  const char *state = console_window_state (self);
  const char *reason = pvm_domain_get_state_reason (self->domain);

  if (self->connecting)
    return g_strdup (_("Connecting to the serial console…"));
  if (console_window_is_connected (self))
    return g_str_equal (state, "paused")
             ? g_strdup_printf (_("“%s” is paused: what you type reaches it when it resumes."),
                                name)
             : NULL;
  if (g_str_equal (state, "crashed") && reason && *reason)
    /* Translators: the machine's name, then pvmd's sentence on why it crashed. */
    return g_strdup_printf (_("“%s” has crashed: %s"), name, reason);
  if (!console_window_is_live (self))
    return g_strdup_printf (_("“%s” is off: its console is closed."), name);
  if (self->error)
    return g_strdup (self->error);
  if (self->stopped_seen)
    return g_strdup_printf (_("“%s” is running again."), name);
  return g_strdup_printf (_("The serial console of “%s” has closed."), name);
}

static void
console_window_update (PvmConsoleWindow *self)
{
  const char *name = pvm_domain_get_name (self->domain) ?: "";
  g_autofree char *banner = console_window_banner_text (self);
  g_autofree char *terminal_label = g_strdup_printf (_("Serial console of %s"), name);
  gboolean connected = console_window_is_connected (self);

  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->terminal),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, terminal_label, -1);
  vte_terminal_set_input_enabled (self->terminal, connected);
  if (banner) {
    gtk_label_set_label (self->banner_label, banner);
    gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), TRUE);
  }
  gtk_revealer_set_reveal_child (self->banner_revealer, banner != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button),
                          !connected && !self->connecting && console_window_is_live (self));
  console_window_update_actions (self);
}

/* A banner slid away is hidden too, so that assistive tools no longer count it as shown. */
static void
console_window_on_banner_revealed (PvmConsoleWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->banner_revealer) &&
      !gtk_revealer_get_child_revealed (self->banner_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), FALSE);
}

static void
console_window_on_domain_notify (GObject *domain, GParamSpec *pspec, gpointer data)
{
  PvmConsoleWindow *self = data;

  if (!console_window_is_live (self))
    self->stopped_seen = TRUE;
  console_window_update (self);
}

/* ---- the terminal ---- */

static gboolean
console_window_describe (gpointer data)
{
  PvmConsoleWindow *self = data;
  g_autofree char *text = vte_terminal_get_text (self->terminal, NULL, NULL, NULL);

  self->describe_id = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->terminal),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text ? g_strchomp (text) : "", -1);
  return G_SOURCE_REMOVE;
}

static void
console_window_on_contents_changed (PvmConsoleWindow *self)
{
  if (!self->describe_id)
    self->describe_id = g_timeout_add (CONSOLE_DESCRIBE_MS, console_window_describe, self);
}

static void
console_window_on_commit (PvmConsoleWindow *self, const char *text, guint size)
{
  if (console_window_is_connected (self))
    pvm_serial_connection_write (self->connection, text, size);
}

static gboolean
console_window_on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                               GdkModifierType state, gpointer data)
{
  PvmConsoleWindow *self = data;
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (!gtk_widget_has_focus (GTK_WIDGET (self->terminal)))
    return FALSE;
  if ((mods & GDK_CONTROL_MASK) && (keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab ||
                                    keyval == GDK_KEY_KP_Tab))
    return gtk_widget_child_focus (GTK_WIDGET (self), (mods & GDK_SHIFT_MASK)
                                                        ? GTK_DIR_TAB_BACKWARD
                                                        : GTK_DIR_TAB_FORWARD);
  if ((mods & (GDK_CONTROL_MASK | GDK_ALT_MASK)) && !(mods & GDK_SHIFT_MASK) &&
      vte_terminal_get_input_enabled (self->terminal))
    return gtk_event_controller_key_forward (controller, GTK_WIDGET (self->terminal));
  return FALSE;
}

/* The terminal's colours follow the light or dark style. */
static void
console_window_update_colors (PvmConsoleWindow *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA fg, bg;

  gdk_rgba_parse (&fg, dark ? "#deddda" : "#241f31");
  gdk_rgba_parse (&bg, dark ? "#1e1e1e" : "#ffffff");
  vte_terminal_set_colors (self->terminal, &fg, &bg, NULL, 0);
}

static void
console_window_on_dark_changed (AdwStyleManager *manager, GParamSpec *pspec, gpointer data)
{
  console_window_update_colors (PVM_CONSOLE_WINDOW (data));
}

/* ---- the connection ---- */

static void
console_window_on_received (PvmSerialConnection *connection, GBytes *bytes, gpointer data)
{
  PvmConsoleWindow *self = data;
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);

  vte_terminal_feed (self->terminal, text, (gssize) size);
  g_byte_array_append (self->log, (const guint8 *) text, (guint) size);
  if (self->log->len > CONSOLE_LOG_MAX)
    g_byte_array_remove_range (self->log, 0, self->log->len - CONSOLE_LOG_MAX * 3 / 4);
  console_window_update_actions (self);
}

static void
console_window_drop_connection (PvmConsoleWindow *self)
{
  if (!self->connection)
    return;
  g_signal_handlers_disconnect_by_data (self->connection, self);
  pvm_serial_connection_close (self->connection);
  g_clear_object (&self->connection);
}

static void
console_window_on_closed (PvmSerialConnection *connection, GError *error, gpointer data)
{
  PvmConsoleWindow *self = data;

  g_clear_pointer (&self->error, g_free);
  if (error)
    /* Translators: the machine's name, then the error's sentence. */
    self->error = g_strdup_printf (_("The serial console of “%s” failed: %s"),
                                   pvm_domain_get_name (self->domain), error->message);
  console_window_drop_connection (self);
  console_window_update (self);
}

static void
console_window_on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmConsoleWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmSerialConnection) connection = pvm_serial_connection_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->connecting = FALSE;
  g_clear_pointer (&self->error, g_free);
  if (!connection) {
    g_dbus_error_strip_remote_error (error);
    self->error = g_strdup (error->message);
    console_window_update (self);
    return;
  }
  self->connection = g_steal_pointer (&connection);
  self->stopped_seen = FALSE;
  g_signal_connect (self->connection, "received", G_CALLBACK (console_window_on_received), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (console_window_on_closed), self);
  console_window_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
}

/* Opens the console again, after what the terminal shows already, on a line of its own. */
static void
console_window_connect (PvmConsoleWindow *self)
{
  glong column = 0;

  if (self->connecting || console_window_is_connected (self))
    return;
  console_window_drop_connection (self);
  vte_terminal_get_cursor_position (self->terminal, &column, NULL);
  if (column > 0)
    vte_terminal_feed (self->terminal, "\r\n", 2);
  self->connecting = TRUE;
  pvm_serial_connection_open_async (self->domain, self->cancellable, console_window_on_opened,
                                    g_object_ref (self));
  console_window_update (self);
}

/* ---- actions ---- */

static void
console_window_send_break (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (widget);

  if (console_window_is_connected (self))
    pvm_serial_connection_send_break (self->connection);
}

static void
console_window_copy (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  vte_terminal_copy_clipboard_format (PVM_CONSOLE_WINDOW (widget)->terminal, VTE_FORMAT_TEXT);
}

static void
console_window_paste (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  vte_terminal_paste_clipboard (PVM_CONSOLE_WINDOW (widget)->terminal);
}

static void
console_window_reconnect (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  console_window_connect (PVM_CONSOLE_WINDOW (widget));
}

static void
console_window_on_saved (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmConsoleWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error)) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    /* Translators: %s is the error's sentence, such as "Permission denied". */
    message = g_strdup_printf (_("The log was not saved: %s"), error->message);
  } else {
    g_autofree char *name = g_file_get_parse_name (G_FILE (source));
    /* Translators: %s is the path of the file written. */
    message = g_strdup_printf (_("Saved the log as %s"), name);
  }
  console_window_show_toast (self, message);
}

static void
console_window_on_save_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  PvmConsoleWindow *self = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  g_clear_object (&self->save_dialog);
  if (response != GTK_RESPONSE_ACCEPT || !file)
    return;
  g_autoptr (GBytes) bytes = g_bytes_new (self->log->data, self->log->len);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                       console_window_on_saved, g_object_ref (self));
}

static void
console_window_save_log (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (widget);
  g_autofree char *file_name =
    g_strdup_printf ("%s-console.log", pvm_domain_get_name (self->domain) ?: "console");

  if (self->save_dialog)
    return;
  self->save_dialog = gtk_file_chooser_native_new (_("Save Console Log"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                   _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->save_dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_dialog), file_name);
  g_signal_connect (self->save_dialog, "response", G_CALLBACK (console_window_on_save_response),
                    self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_dialog));
}

/* ---- the window ---- */

static void
console_window_set_domain (PvmConsoleWindow *self, PvmDomain *domain)
{
  if (self->domain == domain)
    return;
  if (self->domain)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_set_object (&self->domain, domain);
  g_signal_connect (self->domain, "notify", G_CALLBACK (console_window_on_domain_notify), self);
  console_window_update (self);
}

PvmConsoleWindow *
pvm_console_window_present (GtkApplication *app, PvmDomain *domain)
{
  PvmConsoleWindow *self = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (PVM_IS_DOMAIN (domain), NULL);

  for (GList *l = gtk_application_get_windows (app); l && !self; l = l->next)
    if (PVM_IS_CONSOLE_WINDOW (l->data) &&
        pvm_connect_same_domain (((PvmConsoleWindow *) l->data)->domain, domain))
      self = l->data;
  if (self) {
    console_window_set_domain (self, domain);
  } else {
    self = g_object_new (PVM_TYPE_CONSOLE_WINDOW, "application", app, "domain", domain, NULL);
    if (console_window_is_live (self))
      console_window_connect (self);
  }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

PvmDomain *
pvm_console_window_get_domain (PvmConsoleWindow *self)
{
  g_return_val_if_fail (PVM_IS_CONSOLE_WINDOW (self), NULL);
  return self->domain;
}

static void
pvm_console_window_dispose (GObject *object)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  console_window_drop_connection (self);
  g_clear_handle_id (&self->describe_id, g_source_remove);
  if (self->save_dialog)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_dialog));
  g_clear_object (&self->save_dialog);
  if (self->domain)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PVM_TYPE_CONSOLE_WINDOW);
  G_OBJECT_CLASS (pvm_console_window_parent_class)->dispose (object);
}

static void
pvm_console_window_finalize (GObject *object)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (object);

  g_clear_object (&self->domain);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);
  g_byte_array_unref (self->log);
  G_OBJECT_CLASS (pvm_console_window_parent_class)->finalize (object);
}

static void
pvm_console_window_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (object);

  switch (prop_id) {
  case PROP_DOMAIN:
    g_value_set_object (value, self->domain);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_console_window_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (object);

  switch (prop_id) {
  case PROP_DOMAIN:
    self->domain = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

/* The window is shown from here on, not from set_property(): a title set while the widget's
 * own construct properties are still being applied would fix its accessible role too early. */
static void
pvm_console_window_constructed (GObject *object)
{
  PvmConsoleWindow *self = PVM_CONSOLE_WINDOW (object);

  G_OBJECT_CLASS (pvm_console_window_parent_class)->constructed (object);
  g_signal_connect (self->domain, "notify", G_CALLBACK (console_window_on_domain_notify), self);
  console_window_update (self);
}

static void
pvm_console_window_class_init (PvmConsoleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pvm_console_window_constructed;
  object_class->dispose = pvm_console_window_dispose;
  object_class->finalize = pvm_console_window_finalize;
  object_class->get_property = pvm_console_window_get_property;
  object_class->set_property = pvm_console_window_set_property;

  properties[PROP_DOMAIN] = g_param_spec_object ("domain", NULL, NULL, PVM_TYPE_DOMAIN,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VTE_TYPE_TERMINAL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-console-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmConsoleWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvmConsoleWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PvmConsoleWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvmConsoleWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PvmConsoleWindow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, PvmConsoleWindow, terminal);
  gtk_widget_class_bind_template_callback (widget_class, console_window_on_commit);
  gtk_widget_class_bind_template_callback (widget_class, console_window_on_contents_changed);
  gtk_widget_class_bind_template_callback (widget_class, console_window_update_actions);
  gtk_widget_class_bind_template_callback (widget_class, console_window_on_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, console_window_on_banner_revealed);

  gtk_widget_class_install_action (widget_class, "console.send-break", NULL,
                                   console_window_send_break);
  gtk_widget_class_install_action (widget_class, "console.copy", NULL, console_window_copy);
  gtk_widget_class_install_action (widget_class, "console.paste", NULL, console_window_paste);
  gtk_widget_class_install_action (widget_class, "console.save-log", NULL,
                                   console_window_save_log);
  gtk_widget_class_install_action (widget_class, "console.reconnect", NULL,
                                   console_window_reconnect);
}

static void
pvm_console_window_init (PvmConsoleWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->log = g_byte_array_new ();
  g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                    G_CALLBACK (console_window_on_dark_changed), self);
  console_window_update_colors (self);
}

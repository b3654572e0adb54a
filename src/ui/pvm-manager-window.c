/* pvm-manager-window.c: the main window. */
#include "pvm-manager-window.h"

#include <glib/gi18n.h>

#include "pvm-add-host-dialog.h"
#include "pvm-create-wizard.h"
#include "pvm-host-entry.h"
#include "pvm-host-row.h"
#include "pvm-vm-row.h"

#define WINDOW_ERROR_TOAST_SECONDS 8
/* How long a new window's content waits for the selected host's machines before it shows
 * "Connecting…" (pvm_manager_window_present()). */
#define WINDOW_REVEAL_WAIT_MS 200

struct _PvmManagerWindow {
  AdwApplicationWindow parent_instance;

  GCancellable *cancellable;
  GListModel *hosts;
  PvmHostEntry *entry; /* the selected host */
  GtkStringFilter *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkWidget *content;
  GtkListBox *host_list;
  AdwWindowTitle *content_title;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkSpinner *connecting_spinner;
  AdwStatusPage *failed_page;
  AdwStatusPage *empty_page;
  AdwStatusPage *no_results_page;
  GtkListBox *vm_list;
  GtkMenuButton *menu_button;
  GMenuModel *primary_menu; /* given to menu_button when it first opens */

  guint reveal_timeout; /* while the content waits for the selected host's machines */
};

G_DEFINE_FINAL_TYPE (PvmManagerWindow, pvm_manager_window, ADW_TYPE_APPLICATION_WINDOW)

/* Shows the stack's page @name and hides the others. A hidden page is neither styled nor
 * measured (the stack measures every visible page to size itself): the status pages that the
 * window shows seldom cost nothing until they are needed. */
static void
window_show_page (PvmManagerWindow *self, const char *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);

  gtk_widget_set_visible (page, TRUE);
  gtk_stack_set_visible_child (self->stack, page);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child;
       child = gtk_widget_get_next_sibling (child))
    if (child != page)
      gtk_widget_set_visible (child, FALSE);
}

/* Shows the content that pvm_manager_window_present() hid, with the keyboard focus on its first
 * widget as GTK puts it when a window is shown. */
static void
window_reveal (PvmManagerWindow *self)
{
  g_clear_handle_id (&self->reveal_timeout, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->toast_overlay), TRUE);
  if (!gtk_window_get_focus (GTK_WINDOW (self)))
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

/* Shows what the selected host calls for: progress, its error, its machines, or what to do
 * when it has none. */
static void
window_update_content (PvmManagerWindow *self)
{
  const char *page = "connecting";
  gboolean connecting;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-vm",
                                 self->entry && pvm_host_entry_get_host (self->entry));
  if (!self->entry) {
    window_show_page (self, page);
    return;
  }
  adw_window_title_set_title (self->content_title, pvm_host_entry_get_title (self->entry));
  adw_window_title_set_subtitle (self->content_title, pvm_host_entry_get_uri (self->entry));

  switch (pvm_host_entry_get_state (self->entry)) {
  case PVM_HOST_ENTRY_IDLE:
  case PVM_HOST_ENTRY_CONNECTING:
    page = "connecting";
    break;
  case PVM_HOST_ENTRY_FAILED: {
    g_autofree char *error = g_markup_escape_text (pvm_host_entry_get_error (self->entry) ?: "",
                                                   -1);
    page = "failed";
    adw_status_page_set_description (self->failed_page, error);
    break;
  }
  case PVM_HOST_ENTRY_CONNECTED:
    if (g_list_model_get_n_items (pvm_host_entry_get_domains (self->entry)) == 0)
      page = "empty";
    else if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0)
      page = "no-results";
    else
      page = "list";
    break;
  }
  if (g_str_equal (page, "no-results")) {
    g_autofree char *search = g_markup_escape_text (
      gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
    g_autofree char *description =
      g_strdup_printf (_("No virtual machine’s name contains “%s”."), search);
    adw_status_page_set_description (self->no_results_page, description);
  }
  connecting = g_str_equal (page, "connecting");
  gtk_spinner_set_spinning (self->connecting_spinner, connecting);
  window_show_page (self, page);
  if (self->reveal_timeout && !connecting)
    window_reveal (self);
}

static void
window_on_entry_notify (GObject *entry, GParamSpec *pspec, gpointer data)
{
  window_update_content (PVM_MANAGER_WINDOW (data));
}

static void
window_on_items_changed (GListModel *model, guint position, guint removed, guint added,
                         gpointer data)
{
  window_update_content (PVM_MANAGER_WINDOW (data));
}

static GtkWidget *
window_create_vm_row (gpointer item, gpointer data)
{
  return pvm_vm_row_new (PVM_DOMAIN (item));
}

static GtkWidget *
window_create_host_row (gpointer item, gpointer data)
{
  return pvm_host_row_new (PVM_HOST_ENTRY (item));
}

static void
window_set_entry (PvmManagerWindow *self, PvmHostEntry *entry)
{
  if (self->entry == entry)
    return;
  if (self->entry) {
    g_signal_handlers_disconnect_by_data (self->entry, self);
    g_signal_handlers_disconnect_by_data (pvm_host_entry_get_domains (self->entry), self);
  }
  g_set_object (&self->entry, entry);
  gtk_filter_list_model_set_model (self->filtered,
                                   entry ? pvm_host_entry_get_domains (entry) : NULL);
  if (entry) {
    g_signal_connect (entry, "notify", G_CALLBACK (window_on_entry_notify), self);
    g_signal_connect (pvm_host_entry_get_domains (entry), "items-changed",
                      G_CALLBACK (window_on_items_changed), self);
    pvm_host_entry_connect (entry);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-host",
                                 entry && pvm_host_entry_get_removable (entry));
  window_update_content (self);
}

static void
window_on_host_selected (PvmManagerWindow *self, GtkListBoxRow *row)
{
  if (row)
    window_set_entry (self, pvm_host_row_get_entry (PVM_HOST_ROW (row)));
}

static void
window_on_host_activated (PvmManagerWindow *self, GtkListBoxRow *row)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* Keeps the selection on the same host when the list changes, else on the first. */
static void
window_on_hosts_changed (GListModel *hosts, guint position, guint removed, guint added,
                         gpointer data)
{
  PvmManagerWindow *self = data;
  guint n = g_list_model_get_n_items (hosts);
  guint selected = 0;

  for (guint i = 0; i < n; i++) {
    g_autoptr (PvmHostEntry) entry = g_list_model_get_item (hosts, i);
    if (entry == self->entry)
      selected = i;
  }
  gtk_list_box_select_row (self->host_list, gtk_list_box_get_row_at_index (self->host_list,
                                                                           selected));
}

static void
window_on_search_changed (PvmManagerWindow *self)
{
  gtk_string_filter_set_search (self->filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

void
pvm_manager_window_show_error (PvmManagerWindow *self, const GError *error)
{
  g_autoptr (GError) copy = g_error_copy (error);
  AdwToast *toast;
  GtkWidget *label;

  g_return_if_fail (PVM_IS_MANAGER_WINDOW (self));
  g_dbus_error_strip_remote_error (copy);
  /* The whole sentence, wrapped: a toast's own title would cut it short. */
  label = gtk_label_new (copy->message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_timeout (toast, WINDOW_ERROR_TOAST_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GCancellable *
pvm_manager_window_get_cancellable (PvmManagerWindow *self)
{
  g_return_val_if_fail (PVM_IS_MANAGER_WINDOW (self), NULL);
  return self->cancellable;
}

/* ---- actions ---- */

static void
window_on_add_host_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  PvmManagerWindow *self = data;
  const char *uri = pvm_add_host_dialog_get_uri (PVM_ADD_HOST_DIALOG (dialog));
  PvmManagerApplication *app =
    PVM_MANAGER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (g_strcmp0 (response, "add") == 0 && uri && app)
    pvm_manager_application_add_host (app, uri);
}

static void
window_add_host (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (widget);
  guint n = g_list_model_get_n_items (self->hosts);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) known = NULL;

  for (guint i = 0; i < n; i++) {
    g_autoptr (PvmHostEntry) entry = g_list_model_get_item (self->hosts, i);
    g_strv_builder_add (builder, pvm_host_entry_get_uri (entry));
  }
  known = g_strv_builder_end (builder);
  GtkWidget *dialog = pvm_add_host_dialog_new (GTK_WINDOW (self), (const char *const *) known);
  g_signal_connect_object (dialog, "response", G_CALLBACK (window_on_add_host_response), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the create-VM wizard on the selected host. */
static void
window_new_vm (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (widget);

  if (self->entry && pvm_host_entry_get_host (self->entry))
    gtk_window_present (GTK_WINDOW (pvm_create_wizard_new (GTK_WINDOW (self), self->entry)));
}

static void
window_remove_host (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (widget);
  PvmManagerApplication *app =
    PVM_MANAGER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (self->entry && pvm_host_entry_get_removable (self->entry) && app)
    pvm_manager_application_remove_host (app, pvm_host_entry_get_uri (self->entry));
}

static void
window_reconnect (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (widget);

  if (self->entry)
    pvm_host_entry_connect (self->entry);
}

static void
window_search (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The shortcuts window is built the first time it is asked for, not with the window (as
 * GtkApplication does with a gtk/help-overlay.ui in the application's resources). */
static void
window_show_shortcuts (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);

  if (!gtk_application_window_get_help_overlay (window)) {
    g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource ("/org/pvm/Manager/ui/pvm-shortcuts-window.ui");
    gtk_application_window_set_help_overlay (
      window, GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  }
  gtk_window_present (GTK_WINDOW (gtk_application_window_get_help_overlay (window)));
}

static void
window_show_hosts (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* ---- startup report ---- */

/* With $PVM_MANAGER_REPORT_READY set, says on stderr when the window has first drawn the
 * selected host's machines, in g_get_monotonic_time () microseconds, for bench/ui. */
static void
window_on_after_paint (GdkFrameClock *clock, gpointer data)
{
  PvmManagerWindow *self = data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    return;
  g_printerr ("pvm-manager: machines drawn at %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, window_on_after_paint, self);
}

static void
window_on_realize (GtkWidget *widget)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (window_on_after_paint), widget, 0);
}

static gboolean
window_on_reveal_timeout (gpointer data)
{
  PvmManagerWindow *self = data;

  self->reveal_timeout = 0;
  window_reveal (self);
  return G_SOURCE_REMOVE;
}

void
pvm_manager_window_present (PvmManagerWindow *self)
{
  g_return_if_fail (PVM_IS_MANAGER_WINDOW (self));

  /* The window itself shows at once, not once the machines are listed: GTK 4.8 announces a
   * window shown after it has joined the accessibility bus with the application's own
   * reference as the new child, and libatspi clients that cache the tree then loop on it. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "connecting") == 0) {
    gtk_widget_set_visible (GTK_WIDGET (self->toast_overlay), FALSE);
    self->reveal_timeout = g_timeout_add (WINDOW_REVEAL_WAIT_MS, window_on_reveal_timeout, self);
  }
  gtk_window_present (GTK_WINDOW (self));
}

/* ---- size ---- */

static void
window_restore_size (PvmManagerWindow *self, GSettings *settings)
{
  if (!settings)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
window_close_request (GtkWindow *window)
{
  PvmManagerApplication *app = PVM_MANAGER_APPLICATION (gtk_window_get_application (window));
  GSettings *settings = app ? pvm_manager_application_get_settings (app) : NULL;
  int width, height;

  if (settings) {
    gtk_window_get_default_size (window, &width, &height);
    g_settings_set_int (settings, "window-width", width);
    g_settings_set_int (settings, "window-height", height);
    g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  }
  return GTK_WINDOW_CLASS (pvm_manager_window_parent_class)->close_request (window);
}

PvmManagerWindow *
pvm_manager_window_new (PvmManagerApplication *app)
{
  PvmManagerWindow *self = g_object_new (PVM_TYPE_MANAGER_WINDOW, "application", app, NULL);

  window_restore_size (self, pvm_manager_application_get_settings (app));
  if (g_getenv ("PVM_MANAGER_REPORT_READY"))
    g_signal_connect (self, "realize", G_CALLBACK (window_on_realize), NULL);
  self->hosts = g_object_ref (pvm_manager_application_get_hosts (app));
  gtk_list_box_bind_model (self->host_list, self->hosts, window_create_host_row, self, NULL);
  g_signal_connect_object (self->hosts, "items-changed", G_CALLBACK (window_on_hosts_changed),
                           self, G_CONNECT_AFTER);
  window_on_hosts_changed (self->hosts, 0, 0, 0, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-host",
                                 pvm_manager_application_get_settings (app) != NULL);
  return self;
}

static void
pvm_manager_window_dispose (GObject *object)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reveal_timeout, g_source_remove);
  window_set_entry (self, NULL);
  if (self->hosts)
    g_signal_handlers_disconnect_by_data (self->hosts, self);
  g_clear_object (&self->hosts);
  gtk_widget_dispose_template (GTK_WIDGET (self), PVM_TYPE_MANAGER_WINDOW);
  G_OBJECT_CLASS (pvm_manager_window_parent_class)->dispose (object);
}

static void
pvm_manager_window_finalize (GObject *object)
{
  PvmManagerWindow *self = PVM_MANAGER_WINDOW (object);

  g_clear_object (&self->sorted);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pvm_manager_window_parent_class)->finalize (object);
}

static void
pvm_manager_window_class_init (PvmManagerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pvm_manager_window_dispose;
  object_class->finalize = pvm_manager_window_finalize;
  window_class->close_request = window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-manager-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, host_list);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, vm_list);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PvmManagerWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, window_on_host_selected);
  gtk_widget_class_bind_template_callback (widget_class, window_on_host_activated);
  gtk_widget_class_bind_template_callback (widget_class, window_on_search_changed);

  gtk_widget_class_install_action (widget_class, "win.add-host", NULL, window_add_host);
  gtk_widget_class_install_action (widget_class, "win.remove-host", NULL, window_remove_host);
  gtk_widget_class_install_action (widget_class, "win.new-vm", NULL, window_new_vm);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, window_reconnect);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, window_search);
  gtk_widget_class_install_action (widget_class, "win.show-hosts", NULL, window_show_hosts);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   window_show_shortcuts);
}

/* The main menu's popover is built when it first opens, not with the window. */
static void
window_create_menu (GtkMenuButton *button, gpointer data)
{
  PvmManagerWindow *self = data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
pvm_manager_window_init (PvmManagerWindow *self)
{
  GtkExpression *name = gtk_property_expression_new (PVM_TYPE_DOMAIN_PROXY, NULL, "name");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_menu_button_set_create_popup_func (self->menu_button, window_create_menu, self, NULL);

  self->filter = gtk_string_filter_new (gtk_expression_ref (name));
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          GTK_SORTER (gtk_string_sorter_new (name)));
  gtk_list_box_bind_model (self->vm_list, G_LIST_MODEL (self->sorted), window_create_vm_row,
                           self, NULL);
  g_signal_connect (self->sorted, "items-changed", G_CALLBACK (window_on_items_changed), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  g_autofree char *hint = g_markup_printf_escaped (
    _("Create one here, or from a terminal, for example with the built-in guest:\n"
      "<tt>%s</tt>"), "pvmctl create --name demo --default-guest --start");
  adw_status_page_set_description (self->empty_page, hint);
}

/* pvm-manager-application.c: the application, its hosts and its actions. */
#include "pvm-manager-application.h"

#include <glib/gi18n.h>

#include "pvm-host-entry.h"
#include "pvm-manager-window.h"

#define MANAGER_SCHEMA_ID "org.pvm.Manager"

struct _PvmManagerApplication {
  AdwApplication parent_instance;

  GSettings *settings;
  GListStore *hosts; /* of PvmHostEntry: the local ones, then the remote ones */
};

G_DEFINE_FINAL_TYPE (PvmManagerApplication, pvm_manager_application, ADW_TYPE_APPLICATION)

static const char *const manager_local_hosts[] = { "pvm:///session", "pvm:///system" };

/* Makes the remote entries follow the setting, keeping those that stay (and their
 * connections). */
static void
application_load_remote_hosts (PvmManagerApplication *self)
{
  g_auto (GStrv) uris = g_settings_get_strv (self->settings, "remote-hosts");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = G_N_ELEMENTS (manager_local_hosts); i < n; i++)
    g_ptr_array_add (keep, g_list_model_get_item (G_LIST_MODEL (self->hosts), i));

  g_autoptr (GPtrArray) remote = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; uris[i]; i++) {
    PvmHostEntry *entry = NULL;
    for (guint k = 0; k < keep->len && !entry; k++)
      if (g_str_equal (pvm_host_entry_get_uri (keep->pdata[k]), uris[i]))
        entry = g_object_ref (keep->pdata[k]);
    if (!entry && !g_strv_contains (manager_local_hosts, uris[i]))
      entry = pvm_host_entry_new (uris[i], TRUE);
    if (entry)
      g_ptr_array_add (remote, entry);
  }
  g_list_store_splice (self->hosts, G_N_ELEMENTS (manager_local_hosts),
                       n - G_N_ELEMENTS (manager_local_hosts), remote->pdata, remote->len);
}

static void
application_on_remote_hosts_changed (GSettings *settings, const char *key, gpointer data)
{
  application_load_remote_hosts (PVM_MANAGER_APPLICATION (data));
}

GListModel *
pvm_manager_application_get_hosts (PvmManagerApplication *self)
{
  g_return_val_if_fail (PVM_IS_MANAGER_APPLICATION (self), NULL);
  return G_LIST_MODEL (self->hosts);
}

GSettings *
pvm_manager_application_get_settings (PvmManagerApplication *self)
{
  g_return_val_if_fail (PVM_IS_MANAGER_APPLICATION (self), NULL);
  return self->settings;
}

void
pvm_manager_application_add_host (PvmManagerApplication *self, const char *uri)
{
  g_return_if_fail (PVM_IS_MANAGER_APPLICATION (self));

  if (!self->settings)
    return;
  g_auto (GStrv) uris = g_settings_get_strv (self->settings, "remote-hosts");
  if (g_strv_contains ((const char *const *) uris, uri))
    return;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) uris);
  g_strv_builder_add (builder, uri);
  g_auto (GStrv) changed = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "remote-hosts", (const char *const *) changed);
}

void
pvm_manager_application_remove_host (PvmManagerApplication *self, const char *uri)
{
  g_return_if_fail (PVM_IS_MANAGER_APPLICATION (self));

  if (!self->settings)
    return;
  g_auto (GStrv) uris = g_settings_get_strv (self->settings, "remote-hosts");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  for (guint i = 0; uris[i]; i++)
    if (!g_str_equal (uris[i], uri))
      g_strv_builder_add (builder, uris[i]);
  g_auto (GStrv) changed = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "remote-hosts", (const char *const *) changed);
}

/* ---- actions ---- */

static void
application_quit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkApplication *app = GTK_APPLICATION (data);
  GList *windows = gtk_application_get_windows (app);

  while (windows) {
    GtkWindow *window = windows->data;
    windows = windows->next;
    gtk_window_close (window);
  }
  g_application_quit (G_APPLICATION (app));
}

static void
application_about (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));
  static const char *const developers[] = { "The pvm authors", NULL };

  adw_show_about_window (parent,
                         "application-name", _("pvm Manager"),
                         "application-icon", "org.pvm.Manager",
                         "developer-name", _("The pvm authors"),
                         "developers", developers,
                         "version", PVM_VERSION,
                         "comments", _("Run RISC-V virtual machines on this computer and "
                                       "others."),
                         "license-type", GTK_LICENSE_GPL_2_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* Shows why the manual did not open, in the window it was asked from. */
static void
application_on_help_shown (GObject *source, GAsyncResult *result, gpointer data)
{
  GtkWindow *parent = source ? GTK_WINDOW (source) : NULL;
  g_autoptr (GError) error = NULL;

  if (gtk_show_uri_full_finish (parent, result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
    g_clear_error (&error);
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("no help viewer is installed (install the package yelp)."));
  }
  /* Translators: the error's sentence follows, such as "no help viewer is installed". */
  g_prefix_error (&error, _("Cannot open the manual: "));
  if (PVM_IS_MANAGER_WINDOW (parent))
    pvm_manager_window_show_error (PVM_MANAGER_WINDOW (parent), error);
  else
    g_warning ("%s", error->message);
}

/* Hands the manual to the desktop's help viewer (yelp) without waiting for it. */
static void
application_help (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));

  gtk_show_uri_full (parent, "help:pvm-manager", GDK_CURRENT_TIME, NULL,
                     application_on_help_shown, NULL);
}

static const GActionEntry application_actions[] = {
  { .name = "quit", .activate = application_quit },
  { .name = "about", .activate = application_about },
  { .name = "help", .activate = application_help },
};

typedef struct {
  const char *action;
  const char *accels[3];
} ManagerAccel;

static const ManagerAccel manager_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.reconnect", { "F5", "<Control>r", NULL } },
  { "win.add-host", { "<Control><Shift>n", NULL } },
  { "win.new-vm", { "<Control>n", NULL } },
  { "app.help", { "F1", NULL } },
  { "win.show-help-overlay", { "<Control>F1", "<Control>question", NULL } },
};

/* ---- lifetime ---- */

static void
pvm_manager_application_startup (GApplication *app)
{
  PvmManagerApplication *self = PVM_MANAGER_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema =
    source ? g_settings_schema_source_lookup (source, MANAGER_SCHEMA_ID, TRUE) : NULL;

  G_APPLICATION_CLASS (pvm_manager_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), application_actions,
                                   G_N_ELEMENTS (application_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (manager_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), manager_accels[i].action,
                                           manager_accels[i].accels);

  for (guint i = 0; i < G_N_ELEMENTS (manager_local_hosts); i++) {
    g_autoptr (PvmHostEntry) entry = pvm_host_entry_new (manager_local_hosts[i], FALSE);
    g_list_store_append (self->hosts, entry);
  }
  if (schema) {
    self->settings = g_settings_new (MANAGER_SCHEMA_ID);
    g_signal_connect (self->settings, "changed::remote-hosts",
                      G_CALLBACK (application_on_remote_hosts_changed), self);
    application_load_remote_hosts (self);
  } else {
    g_warning ("The GSettings schema %s is not installed: remote hosts and the window size "
               "are not kept", MANAGER_SCHEMA_ID);
  }
}

static void
pvm_manager_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (!window)
    window = GTK_WINDOW (pvm_manager_window_new (PVM_MANAGER_APPLICATION (app)));
  if (PVM_IS_MANAGER_WINDOW (window))
    pvm_manager_window_present (PVM_MANAGER_WINDOW (window));
  else
    gtk_window_present (window);
}

static void
pvm_manager_application_dispose (GObject *object)
{
  PvmManagerApplication *self = PVM_MANAGER_APPLICATION (object);

  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->hosts)
    g_list_store_remove_all (self->hosts);
  g_clear_object (&self->hosts);
  G_OBJECT_CLASS (pvm_manager_application_parent_class)->dispose (object);
}

static void
pvm_manager_application_class_init (PvmManagerApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pvm_manager_application_dispose;
  app_class->startup = pvm_manager_application_startup;
  app_class->activate = pvm_manager_application_activate;
}

static void
pvm_manager_application_init (PvmManagerApplication *self)
{
  self->hosts = g_list_store_new (PVM_TYPE_HOST_ENTRY);
}

PvmManagerApplication *
pvm_manager_application_new (void)
{
  return g_object_new (PVM_TYPE_MANAGER_APPLICATION, "application-id", "org.pvm.Manager",
                       "flags", G_APPLICATION_DEFAULT_FLAGS, NULL);
}

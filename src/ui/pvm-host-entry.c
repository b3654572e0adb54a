/* pvm-host-entry.c: a host's connection and its list of domains. */
#include "pvm-host-entry.h"

#include <glib/gi18n.h>

#include "common/pvm-connect.h"

struct _PvmHostEntry {
  GObject parent_instance;

  char *uri;
  char *title;
  char *subtitle;
  gboolean removable;

  PvmHostEntryState state;
  char *error;

  GCancellable *cancellable;
  GDBusConnection *connection;
  GDBusObjectManager *manager;
  PvmHost *host;
  GListStore *domains;
};

G_DEFINE_FINAL_TYPE (PvmHostEntry, pvm_host_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_REMOVABLE,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
host_entry_set_state (PvmHostEntry *self, PvmHostEntryState state, const char *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->error, error) != 0) {
    g_free (self->error);
    self->error = g_strdup (error);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  }
  if (self->state != state) {
    self->state = state;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
domains_find (PvmHostEntry *self, const char *path, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

  for (guint i = 0; i < n; i++) {
    g_autoptr (GDBusProxy) proxy = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
    if (g_strcmp0 (g_dbus_proxy_get_object_path (proxy), path) == 0) {
      *position = i;
      return TRUE;
    }
  }
  return FALSE;
}

static void
host_entry_on_object_added (GDBusObjectManager *manager, GDBusObject *object, gpointer data)
{
  PvmHostEntry *self = data;
  PvmDomain *domain = pvm_object_peek_domain (PVM_OBJECT (object));
  guint position;

  if (domain && !domains_find (self, g_dbus_object_get_object_path (object), &position))
    g_list_store_append (self->domains, domain);
  if (!self->host && pvm_object_peek_host (PVM_OBJECT (object)))
    self->host = pvm_object_get_host (PVM_OBJECT (object));
}

static void
host_entry_on_object_removed (GDBusObjectManager *manager, GDBusObject *object, gpointer data)
{
  PvmHostEntry *self = data;
  guint position;

  if (domains_find (self, g_dbus_object_get_object_path (object), &position))
    g_list_store_remove (self->domains, position);
  if (self->host && pvm_object_peek_host (PVM_OBJECT (object)))
    g_clear_object (&self->host);
}

/* pvmd left the bus (its objects are gone already) or came back to it. */
static void
host_entry_on_name_owner (GObject *manager, GParamSpec *pspec, gpointer data)
{
  PvmHostEntry *self = data;
  g_autofree char *owner =
    g_dbus_object_manager_client_get_name_owner (G_DBUS_OBJECT_MANAGER_CLIENT (manager));

  if (owner) {
    host_entry_set_state (self, PVM_HOST_ENTRY_CONNECTED, NULL);
  } else {
    g_autofree char *error = g_strdup_printf (_("pvmd on %s has stopped."), self->uri);
    host_entry_set_state (self, PVM_HOST_ENTRY_FAILED, error);
  }
}

static void
host_entry_drop_connection (PvmHostEntry *self)
{
  if (self->manager)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  if (self->connection)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->host);
  g_clear_object (&self->manager);
  g_clear_object (&self->connection);
  g_list_store_remove_all (self->domains);
}

static void
host_entry_on_closed (GDBusConnection *connection, gboolean remote_peer_vanished, GError *error,
                      gpointer data)
{
  PvmHostEntry *self = data;
  g_autofree char *message = g_strdup_printf (_("The connection to %s was lost."), self->uri);

  host_entry_drop_connection (self);
  host_entry_set_state (self, PVM_HOST_ENTRY_FAILED, message);
}

static void
host_entry_on_manager (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHostEntry) self = data;
  g_autoptr (GError) error = NULL;
  GDBusObjectManager *manager = pvm_object_manager_client_new_finish (result, &error);

  if (!manager) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    g_dbus_error_strip_remote_error (error);
    g_autofree char *message =
      /* Translators: the host's address, such as "pvm:///session", then the error's sentence. */
      g_strdup_printf (_("Cannot list the virtual machines of %s: %s"), self->uri,
                       error->message);
    host_entry_drop_connection (self);
    host_entry_set_state (self, PVM_HOST_ENTRY_FAILED, message);
    return;
  }
  self->manager = manager;
  g_signal_connect (manager, "object-added", G_CALLBACK (host_entry_on_object_added), self);
  g_signal_connect (manager, "object-removed", G_CALLBACK (host_entry_on_object_removed), self);
  g_signal_connect (manager, "notify::name-owner", G_CALLBACK (host_entry_on_name_owner), self);

  /* The domains go in at once: one items-changed for the list to make its rows from. */
  GList *objects = g_dbus_object_manager_get_objects (manager);
  g_autoptr (GPtrArray) domains = g_ptr_array_new ();
  for (GList *l = objects; l; l = l->next) {
    PvmDomain *domain = pvm_object_peek_domain (PVM_OBJECT (l->data));
    if (domain)
      g_ptr_array_add (domains, domain);
    else
      host_entry_on_object_added (manager, l->data, self);
  }
  g_list_store_splice (self->domains, 0, g_list_model_get_n_items (G_LIST_MODEL (self->domains)),
                       domains->pdata, domains->len);
  g_list_free_full (objects, g_object_unref);
  host_entry_on_name_owner (G_OBJECT (manager), NULL, self);
}

static void
host_entry_on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmHostEntry) self = data;
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = pvm_connect_finish (result, &error);

  if (!connection) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      host_entry_set_state (self, PVM_HOST_ENTRY_FAILED, error->message);
    return;
  }
  self->connection = connection;
  g_signal_connect (connection, "closed", G_CALLBACK (host_entry_on_closed), self);
  pvm_object_manager_client_new (connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE,
                                 PVM_CONNECT_BUS_NAME, PVM_CONNECT_OBJECT_PATH,
                                 self->cancellable, host_entry_on_manager,
                                 g_object_ref (self));
}

void
pvm_host_entry_connect (PvmHostEntry *self)
{
  g_return_if_fail (PVM_IS_HOST_ENTRY (self));

  if (self->state == PVM_HOST_ENTRY_CONNECTING || self->state == PVM_HOST_ENTRY_CONNECTED)
    return;
  host_entry_drop_connection (self);
  host_entry_set_state (self, PVM_HOST_ENTRY_CONNECTING, NULL);
  pvm_connect_async (self->uri, self->cancellable, host_entry_on_connected,
                     g_object_ref (self));
}

PvmHostEntry *
pvm_host_entry_new (const char *uri, gboolean removable)
{
  return g_object_new (PVM_TYPE_HOST_ENTRY, "uri", uri, "removable", removable, NULL);
}

const char *
pvm_host_entry_get_uri (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), NULL);
  return self->uri;
}

const char *
pvm_host_entry_get_title (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), NULL);
  return self->title;
}

const char *
pvm_host_entry_get_subtitle (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), NULL);
  return self->subtitle;
}

gboolean
pvm_host_entry_get_removable (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), FALSE);
  return self->removable;
}

PvmHostEntryState
pvm_host_entry_get_state (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), PVM_HOST_ENTRY_IDLE);
  return self->state;
}

const char *
pvm_host_entry_get_error (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), NULL);
  return self->error;
}

GListModel *
pvm_host_entry_get_domains (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), NULL);
  return G_LIST_MODEL (self->domains);
}

PvmHost *
pvm_host_entry_get_host (PvmHostEntry *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ENTRY (self), NULL);
  return self->state == PVM_HOST_ENTRY_CONNECTED ? self->host : NULL;
}

/* Names the host after its URI: "This Computer" for this one, else the remote host. */
static void
host_entry_set_uri (PvmHostEntry *self, const char *uri)
{
  g_autoptr (PvmConnectUri) parsed = pvm_connect_uri_parse (uri, NULL);

  self->uri = g_strdup (uri);
  if (!parsed) {
    self->title = g_strdup (uri);
    self->subtitle = g_strdup ("");
    return;
  }
  if (parsed->host)
    self->title = parsed->user ? g_strdup_printf ("%s@%s", parsed->user, parsed->host)
                               : g_strdup (parsed->host);
  else
    self->title = g_strdup (_("This Computer"));
  self->subtitle = g_strdup (parsed->system ? _("System") : _("Session"));
}

static void
pvm_host_entry_dispose (GObject *object)
{
  PvmHostEntry *self = PVM_HOST_ENTRY (object);

  g_cancellable_cancel (self->cancellable);
  host_entry_drop_connection (self);
  G_OBJECT_CLASS (pvm_host_entry_parent_class)->dispose (object);
}

static void
pvm_host_entry_finalize (GObject *object)
{
  PvmHostEntry *self = PVM_HOST_ENTRY (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->domains);
  g_free (self->uri);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->error);
  G_OBJECT_CLASS (pvm_host_entry_parent_class)->finalize (object);
}

static void
pvm_host_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PvmHostEntry *self = PVM_HOST_ENTRY (object);

  switch (prop_id) {
  case PROP_URI:
    g_value_set_string (value, self->uri);
    break;
  case PROP_TITLE:
    g_value_set_string (value, self->title);
    break;
  case PROP_SUBTITLE:
    g_value_set_string (value, self->subtitle);
    break;
  case PROP_REMOVABLE:
    g_value_set_boolean (value, self->removable);
    break;
  case PROP_STATE:
    g_value_set_uint (value, self->state);
    break;
  case PROP_ERROR:
    g_value_set_string (value, self->error);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_host_entry_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  PvmHostEntry *self = PVM_HOST_ENTRY (object);

  switch (prop_id) {
  case PROP_URI:
    host_entry_set_uri (self, g_value_get_string (value));
    break;
  case PROP_REMOVABLE:
    self->removable = g_value_get_boolean (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_host_entry_class_init (PvmHostEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pvm_host_entry_dispose;
  object_class->finalize = pvm_host_entry_finalize;
  object_class->get_property = pvm_host_entry_get_property;
  object_class->set_property = pvm_host_entry_set_property;

  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL,
                                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOVABLE] = g_param_spec_boolean ("removable", NULL, NULL, FALSE,
                                                     G_PARAM_READWRITE |
                                                       G_PARAM_CONSTRUCT_ONLY |
                                                       G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, PVM_HOST_ENTRY_IDLE,
                                              PVM_HOST_ENTRY_FAILED, PVM_HOST_ENTRY_IDLE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pvm_host_entry_init (PvmHostEntry *self)
{
  self->cancellable = g_cancellable_new ();
  self->domains = g_list_store_new (PVM_TYPE_DOMAIN_PROXY);
}

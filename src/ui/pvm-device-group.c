/* pvm-device-group.c: rows of devices. A disk's size is looked up by its path among the
 * volumes of every pool on the domain's host (found with the ObjectManager's
 * GetManagedObjects); a disk in no pool, on this computer, by the size of its file (a block
 * device has none to give: it shows no size). */
#include "pvm-device-group.h"

#include <glib/gi18n.h>

#include "common/pvm-connect.h"

struct _PvmDeviceGroup {
  AdwPreferencesGroup parent_instance;

  GPtrArray *rows;
  PvmDomainConfig *config;  /* the definition whose disks are listed, or NULL */
  GPtrArray *size_labels;   /* one per disk, in order */
  GHashTable *sizes;        /* path → size in bytes (guint64 *) */
  GCancellable *cancellable; /* the size lookups */
};

G_DEFINE_FINAL_TYPE (PvmDeviceGroup, pvm_device_group, ADW_TYPE_PREFERENCES_GROUP)

static void
device_group_clear (PvmDeviceGroup *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->size_labels, 0);
  g_hash_table_remove_all (self->sizes);
  g_clear_object (&self->config);
}

/* Adds a row with @icon, @title, @subtitle and a dim suffix label, returned (hidden while it
 * has no text). */
static GtkLabel *
device_group_add_row (PvmDeviceGroup *self, const char *icon, const char *title,
                      const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon, "accessible-role",
                                   GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (label, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
  return GTK_LABEL (label);
}

static void
device_group_set_suffix (GtkLabel *label, const char *text)
{
  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), *text != '\0');
}

/* ---- disks ---- */

static void
device_group_update_sizes (PvmDeviceGroup *self)
{
  for (guint i = 0; self->config && i < self->size_labels->len; i++) {
    const PvmDomainDisk *disk = pvm_domain_config_get_disk (self->config, i);
    guint64 *size = g_hash_table_lookup (self->sizes, disk->path);
    g_autofree char *size_text =
      size ? g_format_size_full (*size, G_FORMAT_SIZE_IEC_UNITS) : NULL;
    g_autofree char *text = NULL;

    if (size_text && disk->readonly)
      text = g_strdup_printf (_("%s · read-only"), size_text);
    else if (size_text)
      text = g_steal_pointer (&size_text);
    else
      text = g_strdup (disk->readonly ? _("Read-only") : "");
    device_group_set_suffix (self->size_labels->pdata[i], text);
  }
}

/* Records the size of @path: a pool's word stands over the file's. */
static void
device_group_set_size (PvmDeviceGroup *self, const char *path, guint64 size,
                       gboolean from_pool)
{
  if (!from_pool && g_hash_table_contains (self->sizes, path))
    return;
  g_hash_table_insert (self->sizes, g_strdup (path), g_memdup2 (&size, sizeof size));
  device_group_update_sizes (self);
}

static void
device_group_on_volumes (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) volumes = NULL;
  g_autoptr (GError) error = NULL;
  const char *path;
  guint64 capacity;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (!reply) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_debug ("No volumes listed: %s", error->message);
    return;
  }
  g_variant_get (reply, "(a(sstt))", &volumes);
  while (g_variant_iter_loop (volumes, "(&s&stt)", NULL, &path, &capacity, NULL))
    device_group_set_size (PVM_DEVICE_GROUP (data), path, capacity, TRUE);
}

typedef struct {
  PvmDeviceGroup *self;
  char *bus_name;
} DeviceGroupCall;

static void
device_group_on_objects (GObject *source, GAsyncResult *result, gpointer data)
{
  DeviceGroupCall *call = data;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) objects = NULL;
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = G_DBUS_CONNECTION (source);
  const char *object_path;
  GVariant *interfaces;

  reply = g_dbus_connection_call_finish (connection, result, &error);
  if (!reply) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_debug ("No objects listed: %s", error->message);
  } else {
    g_variant_get (reply, "(a{oa{sa{sv}}})", &objects);
    while (g_variant_iter_loop (objects, "{&o@a{sa{sv}}}", &object_path, &interfaces)) {
      g_autoptr (GVariant) pool =
        g_variant_lookup_value (interfaces, "org.pvm.Hypervisor1.StoragePool", NULL);
      if (pool)
        g_dbus_connection_call (connection, call->bus_name, object_path,
                                "org.pvm.Hypervisor1.StoragePool", "ListVolumes", NULL,
                                G_VARIANT_TYPE ("(a(sstt))"), G_DBUS_CALL_FLAGS_NONE, -1,
                                call->self->cancellable, device_group_on_volumes, call->self);
    }
  }
  g_free (call->bus_name);
  g_free (call);
}

static void
device_group_on_file_info (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);
  g_autofree char *path = NULL;

  /* A cancelled lookup gives no info: @data may be gone. */
  if (!info || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return;
  path = g_file_get_path (G_FILE (source));
  device_group_set_size (PVM_DEVICE_GROUP (data), path, (guint64) g_file_info_get_size (info),
                         FALSE);
}

/* Whether @domain's host is this computer, where its paths can be looked at. */
static gboolean
device_group_host_is_local (PvmDomain *domain)
{
  const char *uri = pvm_connect_get_uri (g_dbus_proxy_get_connection (G_DBUS_PROXY (domain)));
  g_autoptr (PvmConnectUri) parsed = uri ? pvm_connect_uri_parse (uri, NULL) : NULL;

  return parsed && !parsed->host;
}

void
pvm_device_group_show_disks (PvmDeviceGroup *self, PvmDomain *domain, PvmDomainConfig *config)
{
  guint n;
  DeviceGroupCall *call;

  g_return_if_fail (PVM_IS_DEVICE_GROUP (self));
  g_return_if_fail (PVM_IS_DOMAIN (domain) && PVM_IS_DOMAIN_CONFIG (config));

  device_group_clear (self);
  self->config = g_object_ref (config);
  self->cancellable = g_cancellable_new ();
  n = pvm_domain_config_get_n_disks (config);
  for (guint i = 0; i < n; i++) {
    const PvmDomainDisk *disk = pvm_domain_config_get_disk (config, i);
    /* pvmd attaches the disks as virtio disks in order: vda, vdb, … */
    g_autofree char *target = g_strdup_printf ("vd%c", 'a' + (int) MIN (i, 25u));

    g_ptr_array_add (self->size_labels,
                     device_group_add_row (self, "drive-harddisk-symbolic", target, disk->path));
  }
  if (n == 0) {
    device_group_add_row (self, "drive-harddisk-symbolic", _("No disks"), "");
    return;
  }
  device_group_update_sizes (self);

  call = g_new0 (DeviceGroupCall, 1);
  call->self = self;
  call->bus_name = g_strdup (g_dbus_proxy_get_name (G_DBUS_PROXY (domain)));
  g_dbus_connection_call (g_dbus_proxy_get_connection (G_DBUS_PROXY (domain)), call->bus_name,
                          PVM_CONNECT_OBJECT_PATH, "org.freedesktop.DBus.ObjectManager",
                          "GetManagedObjects", NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, device_group_on_objects,
                          call);
  if (!device_group_host_is_local (domain))
    return;
  for (guint i = 0; i < n; i++) {
    g_autoptr (GFile) file = g_file_new_for_path (pvm_domain_config_get_disk (config, i)->path);
    g_file_query_info_async (file,
                             G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                             G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                             device_group_on_file_info, self);
  }
}

/* ---- network cards ---- */

void
pvm_device_group_show_interfaces (PvmDeviceGroup *self, PvmDomainConfig *config)
{
  guint n;

  g_return_if_fail (PVM_IS_DEVICE_GROUP (self));
  g_return_if_fail (PVM_IS_DOMAIN_CONFIG (config));

  device_group_clear (self);
  n = pvm_domain_config_get_n_interfaces (config);
  for (guint i = 0; i < n; i++) {
    const PvmDomainInterface *card = pvm_domain_config_get_interface (config, i);
    const char *network = card->type == PVM_DOMAIN_INTERFACE_NETWORK
                            ? card->network
                            : _("User-mode network of its own");
    GtkLabel *suffix =
      device_group_add_row (self, "network-wired-symbolic", network, card->mac);

    if (card->n_forwards > 0) {
      g_autofree char *forwards = g_strdup_printf (
        ngettext ("%u forwarded port", "%u forwarded ports", card->n_forwards), card->n_forwards);
      device_group_set_suffix (suffix, forwards);
    }
  }
  if (n == 0)
    device_group_add_row (self, "network-wired-symbolic", _("No network cards"), "");
}

static void
pvm_device_group_dispose (GObject *object)
{
  PvmDeviceGroup *self = PVM_DEVICE_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (pvm_device_group_parent_class)->dispose (object);
}

static void
pvm_device_group_finalize (GObject *object)
{
  PvmDeviceGroup *self = PVM_DEVICE_GROUP (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->size_labels);
  g_hash_table_unref (self->sizes);
  G_OBJECT_CLASS (pvm_device_group_parent_class)->finalize (object);
}

static void
pvm_device_group_class_init (PvmDeviceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pvm_device_group_dispose;
  object_class->finalize = pvm_device_group_finalize;
}

static void
pvm_device_group_init (PvmDeviceGroup *self)
{
  self->rows = g_ptr_array_new ();
  self->size_labels = g_ptr_array_new ();
  self->sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

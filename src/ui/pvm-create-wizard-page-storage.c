/* pvm-create-wizard-page-storage.c: the machine's new disk and its network. */
#include "pvm-create-wizard-page-storage.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pvm-create-wizard-page-private.h"
#include "pvm-create-wizard-private.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define GIB (G_GUINT64_CONSTANT (1) << 30)

struct _PvmCreateWizardPageStorage {
  PvmCreateWizardPage parent_instance;

  GDBusObjectManager *manager;
  GPtrArray *pools;    /* of PvmStoragePool, in the order of pool_names */
  GPtrArray *networks; /* of PvmNetwork, in the order of network_names after "None" */
  gboolean required;
  char *volume;        /* <name>.img */
  char *volume_path;   /* where the selected pool will put it */
  char **volumes;      /* the names in the selected pool, or NULL while not known */
  GCancellable *listing;
  guint64 disk_bytes;

  AdwExpanderRow *disk_row;
  GtkSwitch *disk_switch;
  AdwEntryRow *size_row;
  AdwComboRow *pool_row;
  GtkStringList *pool_names;
  GtkLabel *disk_problem_label;
  AdwComboRow *network_row;
  GtkStringList *network_names;
};

G_DEFINE_FINAL_TYPE (PvmCreateWizardPageStorage, pvm_create_wizard_page_storage,
                     PVM_TYPE_CREATE_WIZARD_PAGE)

static gboolean
page_storage_wants_disk (PvmCreateWizardPageStorage *self)
{
  return self->required || gtk_switch_get_active (self->disk_switch);
}

static PvmStoragePool *
page_storage_selected_pool (PvmCreateWizardPageStorage *self)
{
  guint selected = adw_combo_row_get_selected (self->pool_row);

  return selected < self->pools->len ? self->pools->pdata[selected] : NULL;
}

/* Returns what is wrong with the new disk, or NULL; marks the size if that is it. */
static char *
page_storage_check_disk (PvmCreateWizardPageStorage *self)
{
  PvmStoragePool *pool = page_storage_selected_pool (self);
  g_autofree char *size =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->size_row))));
  g_autofree char *size_problem = NULL;
  char *problem = NULL;

  if (!pvm_create_request_parse_size (size, GIB, &self->disk_bytes))
    size_problem = g_strdup_printf (_("“%s” is not a size, such as 4 GiB or 512 MiB."), size);
  else if (self->disk_bytes < MIB)
    size_problem = g_strdup_printf (_("A disk has at least 1 MiB, not %s."), size);
  else if (pool && g_strcmp0 (pvm_storage_pool_get_type_ (pool), "logical") == 0 &&
           self->disk_bytes > pvm_storage_pool_get_available_bytes (pool)) {
    g_autofree char *free = pvm_create_request_format_size (
      pvm_storage_pool_get_available_bytes (pool));
    /* Translators: the pool's name, its free space, then the size that was typed. */
    size_problem = g_strdup_printf (_("The pool “%s” has %s free: %s does not fit."),
                                    pvm_storage_pool_get_name (pool), free, size);
  }
  _pvm_create_wizard_mark_field (GTK_WIDGET (self->size_row), size_problem);

  if (!pool)
    problem = g_strdup (_("This host has no storage pool for the new disk: define one with "
                          "pvmctl pool-define."));
  else if (size_problem)
    problem = g_steal_pointer (&size_problem);
  else if (self->volume && self->volumes &&
           g_strv_contains ((const char *const *) self->volumes, self->volume))
    /* Translators: the pool's name, then the file or volume name of the new disk. */
    problem = g_strdup_printf (_("The pool “%s” already has a volume %s: give the machine "
                                 "another name."), pvm_storage_pool_get_name (pool),
                               self->volume);
  return problem;
}

/* Flags what is wrong and says whether the page is complete. */
static void
page_storage_update (PvmCreateWizardPageStorage *self)
{
  g_autofree char *problem = NULL;
  gboolean complete;

  if (!self->disk_problem_label) /* the template is being built */
    return;
  if (page_storage_wants_disk (self))
    problem = page_storage_check_disk (self);
  else
    _pvm_create_wizard_mark_field (GTK_WIDGET (self->size_row), NULL);
  _pvm_create_wizard_show_problem (self->disk_problem_label, problem);

  complete = !problem && !(page_storage_wants_disk (self) && self->listing);
  _pvm_create_wizard_page_set_complete (PVM_CREATE_WIZARD_PAGE (self), complete);
}

/* The disk's settings open with the switch that adds it. */
static void
page_storage_on_switch (PvmCreateWizardPageStorage *self)
{
  adw_expander_row_set_expanded (self->disk_row, gtk_switch_get_active (self->disk_switch));
  page_storage_update (self);
}

static void
page_storage_on_volumes (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) volumes = NULL;
  PvmCreateWizardPageStorage *self;
  GVariantIter iter;
  const char *name;

  if (!pvm_storage_pool_call_list_volumes_finish (PVM_STORAGE_POOL (source), &volumes, result,
                                                  &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PVM_CREATE_WIZARD_PAGE_STORAGE (data);
  g_clear_object (&self->listing);
  if (volumes) {
    g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
    g_variant_iter_init (&iter, volumes);
    while (g_variant_iter_next (&iter, "(&s&stt)", &name, NULL, NULL, NULL))
      g_strv_builder_add (builder, name);
    self->volumes = g_strv_builder_end (builder);
  }
  page_storage_update (self);
}

/* Lists the volumes of the pool now selected, to flag a name in use. */
static void
page_storage_on_pool_selected (PvmCreateWizardPageStorage *self)
{
  PvmStoragePool *pool = page_storage_selected_pool (self);

  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  g_clear_pointer (&self->volumes, g_strfreev);
  if (pool) {
    self->listing = g_cancellable_new ();
    pvm_storage_pool_call_list_volumes (pool, self->listing, page_storage_on_volumes, self);
  }
  page_storage_update (self);
}

static int
page_storage_compare_pools (gconstpointer a, gconstpointer b)
{
  const char *x = pvm_storage_pool_get_name (*(PvmStoragePool **) a);
  const char *y = pvm_storage_pool_get_name (*(PvmStoragePool **) b);

  if (g_strcmp0 (x, "default") == 0 || g_strcmp0 (y, "default") == 0)
    return g_strcmp0 (y, "default") == 0 ? (g_strcmp0 (x, y) == 0 ? 0 : 1) : -1;
  return g_strcmp0 (x, y);
}

static int
page_storage_compare_networks (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (pvm_network_get_name (*(PvmNetwork **) a),
                    pvm_network_get_name (*(PvmNetwork **) b));
}

/* Returns the index in @names of @name, or G_MAXUINT. */
static guint
page_storage_find (GtkStringList *names, guint first, const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (names));

  for (guint i = first; name && i < n; i++)
    if (g_str_has_prefix (gtk_string_list_get_string (names, i), name) &&
        gtk_string_list_get_string (names, i)[strlen (name)] == ' ')
      return i;
  return G_MAXUINT;
}

/* Lists the manager's pools and networks again, keeping the selections where they can stay;
 * the network "default" is chosen at first. */
static void
page_storage_refresh (PvmCreateWizardPageStorage *self)
{
  PvmStoragePool *pool = page_storage_selected_pool (self);
  guint network = adw_combo_row_get_selected (self->network_row);
  g_autofree char *pool_name = g_strdup (pool ? pvm_storage_pool_get_name (pool) : NULL);
  g_autofree char *network_name =
    g_strdup (network > 0 && network <= self->networks->len
                ? pvm_network_get_name (self->networks->pdata[network - 1])
                : network == 0 ? NULL : "default");
  g_autoptr (GStrvBuilder) pool_names = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) network_names = g_strv_builder_new ();
  GList *objects = self->manager ? g_dbus_object_manager_get_objects (self->manager) : NULL;
  guint selected;

  g_ptr_array_set_size (self->pools, 0);
  g_ptr_array_set_size (self->networks, 0);
  for (GList *l = objects; l; l = l->next) {
    PvmStoragePool *p = pvm_object_peek_storage_pool (PVM_OBJECT (l->data));
    PvmNetwork *n = pvm_object_peek_network (PVM_OBJECT (l->data));
    if (p)
      g_ptr_array_add (self->pools, g_object_ref (p));
    if (n)
      g_ptr_array_add (self->networks, g_object_ref (n));
  }
  g_list_free_full (objects, g_object_unref);
  g_ptr_array_sort (self->pools, page_storage_compare_pools);
  g_ptr_array_sort (self->networks, page_storage_compare_networks);

  for (guint i = 0; i < self->pools->len; i++) {
    PvmStoragePool *p = self->pools->pdata[i];
    g_autofree char *free = pvm_create_request_format_size (
      pvm_storage_pool_get_available_bytes (p));
    gboolean logical = g_strcmp0 (pvm_storage_pool_get_type_ (p), "logical") == 0;
    g_autofree char *label =
      /* Translators: a storage pool's name and its free space, such as "12 GiB". */
      g_strdup_printf (logical ? _("%s (LVM, %s free)") : _("%s (folder, %s free)"),
                       pvm_storage_pool_get_name (p), free);
    g_strv_builder_add (pool_names, label);
  }
  g_strv_builder_add (network_names, _("None"));
  for (guint i = 0; i < self->networks->len; i++) {
    PvmNetwork *n = self->networks->pdata[i];
    g_autofree char *label =
      g_strcmp0 (pvm_network_get_forward (n), "bridge") == 0
        /* Translators: a network's name, then the host's bridge device it uses. */
        ? g_strdup_printf (_("%s (bridge %s)"), pvm_network_get_name (n),
                           pvm_network_get_bridge (n))
        : g_strdup_printf (_("%s (NAT)"), pvm_network_get_name (n));
    g_strv_builder_add (network_names, label);
  }

  g_auto (GStrv) pools = g_strv_builder_end (pool_names);
  g_auto (GStrv) networks = g_strv_builder_end (network_names);
  gtk_string_list_splice (self->pool_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pool_names)),
                          (const char *const *) pools);
  gtk_string_list_splice (self->network_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->network_names)),
                          (const char *const *) networks);
  selected = page_storage_find (self->pool_names, 0, pool_name);
  adw_combo_row_set_selected (self->pool_row, selected == G_MAXUINT ? 0 : selected);
  selected = page_storage_find (self->network_names, 1, network_name);
  adw_combo_row_set_selected (self->network_row, selected == G_MAXUINT ? 0 : selected);
  page_storage_on_pool_selected (self);
}

/* A pool or a network came or went (domains come and go as well: they change nothing here). */
static void
page_storage_on_objects_changed (GDBusObjectManager *manager, GDBusObject *object,
                                 gpointer data)
{
  if (pvm_object_peek_storage_pool (PVM_OBJECT (object)) ||
      pvm_object_peek_network (PVM_OBJECT (object)))
    page_storage_refresh (PVM_CREATE_WIZARD_PAGE_STORAGE (data));
}

void
pvm_create_wizard_page_storage_set_manager (PvmCreateWizardPageStorage *self,
                                            GDBusObjectManager *manager)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self));

  if (self->manager)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_set_object (&self->manager, manager);
  if (manager) {
    g_signal_connect (manager, "object-added", G_CALLBACK (page_storage_on_objects_changed),
                      self);
    g_signal_connect (manager, "object-removed", G_CALLBACK (page_storage_on_objects_changed),
                      self);
  }
  page_storage_refresh (self);
}

void
pvm_create_wizard_page_storage_set_disk_required (PvmCreateWizardPageStorage *self,
                                                  gboolean required)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self));

  if (self->required == !!required)
    return;
  self->required = !!required;
  gtk_widget_set_visible (GTK_WIDGET (self->disk_switch), !required);
  gtk_switch_set_active (self->disk_switch, required);
  adw_expander_row_set_subtitle (self->disk_row,
                                 required ? _("The machine’s disk, empty, for a system you "
                                              "install on it")
                                          : _("An empty disk of its own, besides what it "
                                              "boots from"));
  page_storage_update (self);
}

void
pvm_create_wizard_page_storage_set_name (PvmCreateWizardPageStorage *self, const char *name)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self));

  g_free (self->volume);
  self->volume = g_strdup_printf ("%s.img", name);
  page_storage_on_pool_selected (self);
}

PvmStoragePool *
pvm_create_wizard_page_storage_get_pool (PvmCreateWizardPageStorage *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self), NULL);
  return page_storage_wants_disk (self) ? page_storage_selected_pool (self) : NULL;
}

const char *
pvm_create_wizard_page_storage_get_volume (PvmCreateWizardPageStorage *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self), NULL);
  return self->volume;
}

guint64
pvm_create_wizard_page_storage_get_disk_bytes (PvmCreateWizardPageStorage *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self), 0);
  return self->disk_bytes;
}

char *
pvm_create_wizard_page_storage_describe_disk (PvmCreateWizardPageStorage *self)
{
  PvmStoragePool *pool = pvm_create_wizard_page_storage_get_pool (self);
  g_autofree char *size = NULL;

  if (!pool)
    return g_strdup (_("No new disk"));
  size = pvm_create_request_format_size (self->disk_bytes);
  /* Translators: the disk's size, the name of its file or volume, then the pool's name. */
  return g_strdup_printf (_("A new disk of %s, %s in the pool “%s”"), size, self->volume,
                          pvm_storage_pool_get_name (pool));
}

char *
pvm_create_wizard_page_storage_describe_network (PvmCreateWizardPageStorage *self)
{
  guint selected = adw_combo_row_get_selected (self->network_row);

  if (selected == 0 || selected > self->networks->len)
    return g_strdup (_("No network"));
  return g_strdup (gtk_string_list_get_string (self->network_names, selected));
}

void
pvm_create_wizard_page_storage_fill (PvmCreateWizardPageStorage *self,
                                     PvmCreateRequest *request)
{
  PvmStoragePool *pool = pvm_create_wizard_page_storage_get_pool (self);
  guint network = adw_combo_row_get_selected (self->network_row);

  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_STORAGE (self));

  g_clear_pointer (&self->volume_path, g_free);
  if (pool)
    self->volume_path = g_build_filename (pvm_storage_pool_get_target (pool), self->volume, NULL);
  request->new_disk = self->volume_path;
  request->network = network > 0 && network <= self->networks->len
                       ? pvm_network_get_name (self->networks->pdata[network - 1])
                       : NULL;
}

static void
pvm_create_wizard_page_storage_dispose (GObject *object)
{
  PvmCreateWizardPageStorage *self = PVM_CREATE_WIZARD_PAGE_STORAGE (object);

  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  if (self->manager)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_CREATE_WIZARD_PAGE_STORAGE);
  G_OBJECT_CLASS (pvm_create_wizard_page_storage_parent_class)->dispose (object);
}

static void
pvm_create_wizard_page_storage_finalize (GObject *object)
{
  PvmCreateWizardPageStorage *self = PVM_CREATE_WIZARD_PAGE_STORAGE (object);

  g_ptr_array_unref (self->pools);
  g_ptr_array_unref (self->networks);
  g_free (self->volume);
  g_free (self->volume_path);
  g_strfreev (self->volumes);
  G_OBJECT_CLASS (pvm_create_wizard_page_storage_parent_class)->finalize (object);
}

static void
pvm_create_wizard_page_storage_class_init (PvmCreateWizardPageStorageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_create_wizard_page_storage_dispose;
  object_class->finalize = pvm_create_wizard_page_storage_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/pvm/Manager/ui/pvm-create-wizard-page-storage.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage, disk_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage, disk_switch);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage, size_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage, pool_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage, pool_names);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage,
                                        disk_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage, network_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageStorage,
                                        network_names);
  gtk_widget_class_bind_template_callback (widget_class, page_storage_update);
  gtk_widget_class_bind_template_callback (widget_class, page_storage_on_pool_selected);
  gtk_widget_class_bind_template_callback (widget_class, page_storage_on_switch);
}

static void
pvm_create_wizard_page_storage_init (PvmCreateWizardPageStorage *self)
{
  self->pools = g_ptr_array_new_with_free_func (g_object_unref);
  self->networks = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_expander_row_set_subtitle (self->disk_row,
                                 _("An empty disk of its own, besides what it boots from"));
  adw_combo_row_set_selected (self->network_row, GTK_INVALID_LIST_POSITION);
  page_storage_update (self);
}

/* pvm-host-row.c: one host in the sidebar. */
#include "pvm-host-row.h"

struct _PvmHostRow {
  GtkListBoxRow parent_instance;

  PvmHostEntry *entry;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkSpinner *spinner;
  GtkImage *warning_icon;
};

G_DEFINE_FINAL_TYPE (PvmHostRow, pvm_host_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
host_row_update (PvmHostRow *self)
{
  PvmHostEntryState state = pvm_host_entry_get_state (self->entry);
  const char *error = pvm_host_entry_get_error (self->entry);
  g_autofree char *label = g_strdup_printf ("%s, %s", pvm_host_entry_get_title (self->entry),
                                            pvm_host_entry_get_subtitle (self->entry));

  gtk_label_set_label (self->title_label, pvm_host_entry_get_title (self->entry));
  gtk_label_set_label (self->subtitle_label, pvm_host_entry_get_subtitle (self->entry));
  gtk_image_set_from_icon_name (self->icon, pvm_host_entry_get_removable (self->entry)
                                              ? "network-server-symbolic"
                                              : "computer-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), error ?: pvm_host_entry_get_uri (self->entry));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == PVM_HOST_ENTRY_CONNECTING);
  gtk_spinner_set_spinning (self->spinner, state == PVM_HOST_ENTRY_CONNECTING);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_icon), state == PVM_HOST_ENTRY_FAILED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  error ?: pvm_host_entry_get_uri (self->entry), -1);
}

static void
host_row_on_entry_notify (GObject *entry, GParamSpec *pspec, gpointer data)
{
  host_row_update (PVM_HOST_ROW (data));
}

GtkWidget *
pvm_host_row_new (PvmHostEntry *entry)
{
  return g_object_new (PVM_TYPE_HOST_ROW, "entry", entry, NULL);
}

PvmHostEntry *
pvm_host_row_get_entry (PvmHostRow *self)
{
  g_return_val_if_fail (PVM_IS_HOST_ROW (self), NULL);
  return self->entry;
}

static void
pvm_host_row_dispose (GObject *object)
{
  PvmHostRow *self = PVM_HOST_ROW (object);

  if (self->entry)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (self), PVM_TYPE_HOST_ROW);
  G_OBJECT_CLASS (pvm_host_row_parent_class)->dispose (object);
}

static void
pvm_host_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PvmHostRow *self = PVM_HOST_ROW (object);

  switch (prop_id) {
  case PROP_ENTRY:
    g_value_set_object (value, self->entry);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_host_row_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  PvmHostRow *self = PVM_HOST_ROW (object);

  switch (prop_id) {
  case PROP_ENTRY:
    self->entry = g_value_dup_object (value);
    g_signal_connect (self->entry, "notify", G_CALLBACK (host_row_on_entry_notify), self);
    host_row_update (self);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_host_row_class_init (PvmHostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_host_row_dispose;
  object_class->get_property = pvm_host_row_get_property;
  object_class->set_property = pvm_host_row_set_property;

  properties[PROP_ENTRY] = g_param_spec_object ("entry", NULL, NULL, PVM_TYPE_HOST_ENTRY,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-host-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmHostRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PvmHostRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PvmHostRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PvmHostRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PvmHostRow, warning_icon);
}

static void
pvm_host_row_init (PvmHostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

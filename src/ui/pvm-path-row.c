/* pvm-path-row.c: an entry row for a file's path on a host. */
#include "pvm-path-row.h"

#include <glib/gi18n.h>

struct _PvmPathRow {
  AdwEntryRow parent_instance;

  gboolean local;
  gboolean optional;
  char *path;
  char *problem;
  gboolean checking;
  GCancellable *check;

  GtkButton *browse_button;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PvmPathRow, pvm_path_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_LOCAL,
  PROP_OPTIONAL,
  PROP_PROBLEM,
  PROP_OK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
path_row_set_problem (PvmPathRow *self, const char *problem, gboolean checking)
{
  gboolean was_ok = pvm_path_row_get_ok (self);

  self->checking = checking;
  if (g_strcmp0 (self->problem, problem) != 0) {
    g_free (self->problem);
    self->problem = g_strdup (problem);
    if (problem)
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
    gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID,
                                 problem ? GTK_ACCESSIBLE_INVALID_TRUE
                                         : GTK_ACCESSIBLE_INVALID_FALSE, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    problem ?: "", -1);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  }
  if (was_ok != pvm_path_row_get_ok (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OK]);
}

static void
path_row_on_info (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *problem = NULL;
  PvmPathRow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PVM_PATH_ROW (data);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    problem = g_strdup_printf (_("There is no file %s on this computer."), self->path);
  else if (error)
    problem = g_strdup (error->message);
  else if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    problem = g_strdup_printf (_("%s is a folder, not a file."), self->path);
  path_row_set_problem (self, problem, FALSE);
}

/* Checks the path as it is typed. "ok" is notified once, whichever way it changed: a path on
 * another host is only checked for its form, so nothing else would say so. */
static void
path_row_check (PvmPathRow *self)
{
  g_autofree char *path =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  gboolean was_ok = pvm_path_row_get_ok (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_cancellable_cancel (self->check);
  g_clear_object (&self->check);
  g_free (self->path);
  self->path = *path ? g_steal_pointer (&path) : NULL;

  if (!self->path) {
    path_row_set_problem (self, NULL, FALSE);
  } else if (!g_path_is_absolute (self->path)) {
    g_autofree char *problem =
      g_strdup_printf (_("“%s” is not a full path: it starts with “/”."), self->path);
    path_row_set_problem (self, problem, FALSE);
  } else if (self->local) {
    g_autoptr (GFile) file = g_file_new_for_path (self->path);
    self->check = g_cancellable_new ();
    path_row_set_problem (self, self->problem, TRUE);
    g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                             G_PRIORITY_DEFAULT, self->check, path_row_on_info, self);
  } else {
    path_row_set_problem (self, NULL, FALSE);
  }
  if (was_ok != pvm_path_row_get_ok (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OK]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
path_row_on_chooser_response (GtkNativeDialog *chooser, int response, gpointer data)
{
  PvmPathRow *self = data;

  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
    g_autofree char *path = file ? g_file_get_path (file) : NULL;
    if (path)
      gtk_editable_set_text (GTK_EDITABLE (self), path);
  }
  g_clear_object (&self->chooser);
}

static void
path_row_on_browse (PvmPathRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser)
    return;
  self->chooser = gtk_file_chooser_native_new (
    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"),
    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->path) {
    g_autoptr (GFile) file = g_file_new_for_path (self->path);
    g_autoptr (GFile) folder = g_file_get_parent (file);
    if (folder)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  }
  g_signal_connect (self->chooser, "response", G_CALLBACK (path_row_on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
pvm_path_row_set_local (PvmPathRow *self, gboolean local)
{
  g_return_if_fail (PVM_IS_PATH_ROW (self));

  if (self->local == !!local)
    return;
  self->local = !!local;
  gtk_widget_set_visible (GTK_WIDGET (self->browse_button), self->local);
  path_row_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL]);
}

const char *
pvm_path_row_get_path (PvmPathRow *self)
{
  g_return_val_if_fail (PVM_IS_PATH_ROW (self), NULL);
  return self->path;
}

const char *
pvm_path_row_get_problem (PvmPathRow *self)
{
  g_return_val_if_fail (PVM_IS_PATH_ROW (self), NULL);
  return self->problem;
}

gboolean
pvm_path_row_get_ok (PvmPathRow *self)
{
  g_return_val_if_fail (PVM_IS_PATH_ROW (self), FALSE);
  return !self->problem && !self->checking && (self->path || self->optional);
}

static void
pvm_path_row_dispose (GObject *object)
{
  PvmPathRow *self = PVM_PATH_ROW (object);

  g_cancellable_cancel (self->check);
  g_clear_object (&self->check);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_PATH_ROW);
  G_OBJECT_CLASS (pvm_path_row_parent_class)->dispose (object);
}

static void
pvm_path_row_finalize (GObject *object)
{
  PvmPathRow *self = PVM_PATH_ROW (object);

  g_free (self->path);
  g_free (self->problem);
  G_OBJECT_CLASS (pvm_path_row_parent_class)->finalize (object);
}

static void
pvm_path_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PvmPathRow *self = PVM_PATH_ROW (object);

  switch (prop_id) {
  case PROP_LOCAL:
    g_value_set_boolean (value, self->local);
    break;
  case PROP_OPTIONAL:
    g_value_set_boolean (value, self->optional);
    break;
  case PROP_PROBLEM:
    g_value_set_string (value, self->problem);
    break;
  case PROP_OK:
    g_value_set_boolean (value, pvm_path_row_get_ok (self));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_path_row_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  PvmPathRow *self = PVM_PATH_ROW (object);

  switch (prop_id) {
  case PROP_LOCAL:
    pvm_path_row_set_local (self, g_value_get_boolean (value));
    break;
  case PROP_OPTIONAL: {
    gboolean was_ok = pvm_path_row_get_ok (self);
    self->optional = g_value_get_boolean (value);
    if (was_ok != pvm_path_row_get_ok (self))
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OK]);
    break;
  }
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_path_row_class_init (PvmPathRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_path_row_dispose;
  object_class->finalize = pvm_path_row_finalize;
  object_class->get_property = pvm_path_row_get_property;
  object_class->set_property = pvm_path_row_set_property;

  properties[PROP_LOCAL] =
    g_param_spec_boolean ("local", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPTIONAL] = g_param_spec_boolean ("optional", NULL, NULL, FALSE,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_OK] = g_param_spec_boolean ("ok", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/pvm/Manager/ui/pvm-path-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmPathRow, browse_button);
  gtk_widget_class_bind_template_callback (widget_class, path_row_on_browse);
}

static void
pvm_path_row_init (PvmPathRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "changed", G_CALLBACK (path_row_check), NULL);
  path_row_check (self);
}

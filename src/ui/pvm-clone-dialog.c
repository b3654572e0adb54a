/* pvm-clone-dialog.c: the Clone dialog. The names in use come from one GetManagedObjects on
 * the host's pvmd; pvmd checks the name again when the clone is asked for. */
#include "pvm-clone-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "common/pvm-connect.h"
#include "common/pvm-domain-config.h"
#include "pvm-create-request.h"

struct _PvmCloneDialog {
  AdwMessageDialog parent_instance;

  char *source;        /* the name of the machine copied */
  GHashTable *taken;   /* the names of the host's domains */
  char *name;          /* valid and free, or NULL */
  gboolean suggesting; /* the entry is being set to a suggestion, not typed into */
  gboolean typed;      /* the user typed a name: suggestions stop */
  GCancellable *cancellable;

  GtkEntry *name_entry;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (PvmCloneDialog, pvm_clone_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Returns what is wrong with @name, or NULL: the wizard's rules for a new machine's name
 * (pvmd names the copies of the disks after the machine), and no other machine has it. */
static char *
clone_dialog_check_name (PvmCloneDialog *self, const char *name)
{
  char *problem = pvm_create_request_check_name (name);

  if (!problem && g_hash_table_contains (self->taken, name))
    return g_strdup_printf (_("A virtual machine named “%s” already exists on this host."),
                            name);
  return problem;
}

/* Flags what is wrong with the name typed on the entry, and allows Clone only without it. */
static void
clone_dialog_update (PvmCloneDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autofree char *problem = clone_dialog_check_name (self, text);

  g_clear_pointer (&self->name, g_free);
  if (!problem)
    self->name = g_strdup (text);
  gtk_label_set_label (self->problem_label, problem ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_entry), GTK_ACCESSIBLE_STATE_INVALID,
                               problem ? GTK_ACCESSIBLE_INVALID_TRUE
                                       : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ?: "", -1);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "clone",
                                           self->name != NULL);
}

static void
clone_dialog_on_name_changed (PvmCloneDialog *self)
{
  if (!self->suggesting)
    self->typed = TRUE;
  clone_dialog_update (self);
}

/* Puts "<source>-clone", or the first of "<source>-clone-2", "-3", … that is free, in the
 * entry, all of it selected, unless the user has typed a name. */
static void
clone_dialog_suggest (PvmCloneDialog *self)
{
  g_autofree char *base = g_strdup_printf ("%s-clone", self->source);
  g_autofree char *name = g_strdup (base);

  if (self->typed)
    return;
  for (guint i = 2; g_hash_table_contains (self->taken, name); i++) {
    g_free (name);
    name = g_strdup_printf ("%s-%u", base, i);
  }
  self->suggesting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  self->suggesting = FALSE;
  gtk_editable_select_region (GTK_EDITABLE (self->name_entry), 0, -1);
}

static void
clone_dialog_on_objects (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) objects = NULL;
  g_autoptr (GError) error = NULL;
  PvmCloneDialog *self;
  GVariant *interfaces;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (!reply) {
    /* Cancelled: the dialog is gone. Else pvmd checks the name when asked to clone. */
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_debug ("No domains listed: %s", error->message);
    return;
  }
  self = PVM_CLONE_DIALOG (data);
  g_variant_get (reply, "(a{oa{sa{sv}}})", &objects);
  while (g_variant_iter_loop (objects, "{&o@a{sa{sv}}}", NULL, &interfaces)) {
    g_autoptr (GVariant) domain =
      g_variant_lookup_value (interfaces, "org.pvm.Hypervisor1.Domain", NULL);
    const char *name;

    if (domain && g_variant_lookup (domain, "Name", "&s", &name))
      g_hash_table_add (self->taken, g_strdup (name));
  }
  clone_dialog_suggest (self);
  clone_dialog_update (self);
}

GtkWidget *
pvm_clone_dialog_new (GtkWindow *parent, PvmDomain *domain)
{
  PvmCloneDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (PVM_IS_DOMAIN (domain), NULL);

  self = g_object_new (PVM_TYPE_CLONE_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->source = g_strdup (pvm_domain_get_name (domain) ?: "");
  /* Translators: the title of the dialog that copies the machine named %s. */
  heading = g_strdup_printf (_("Clone “%s”"), self->source);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  g_hash_table_add (self->taken, g_strdup (self->source));
  clone_dialog_suggest (self);
  clone_dialog_update (self);
  g_dbus_connection_call (g_dbus_proxy_get_connection (G_DBUS_PROXY (domain)),
                          g_dbus_proxy_get_name (G_DBUS_PROXY (domain)), PVM_CONNECT_OBJECT_PATH,
                          "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", NULL,
                          G_VARIANT_TYPE ("(a{oa{sa{sv}}})"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, clone_dialog_on_objects, self);
  return GTK_WIDGET (self);
}

const char *
pvm_clone_dialog_get_name (PvmCloneDialog *self)
{
  g_return_val_if_fail (PVM_IS_CLONE_DIALOG (self), NULL);
  return self->name;
}

static void
pvm_clone_dialog_dispose (GObject *object)
{
  PvmCloneDialog *self = PVM_CLONE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_CLONE_DIALOG);
  G_OBJECT_CLASS (pvm_clone_dialog_parent_class)->dispose (object);
}

static void
pvm_clone_dialog_finalize (GObject *object)
{
  PvmCloneDialog *self = PVM_CLONE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->taken);
  g_free (self->source);
  g_free (self->name);
  G_OBJECT_CLASS (pvm_clone_dialog_parent_class)->finalize (object);
}

static void
pvm_clone_dialog_class_init (PvmCloneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_clone_dialog_dispose;
  object_class->finalize = pvm_clone_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-clone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmCloneDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PvmCloneDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, clone_dialog_on_name_changed);
}

static void
pvm_clone_dialog_init (PvmCloneDialog *self)
{
  self->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

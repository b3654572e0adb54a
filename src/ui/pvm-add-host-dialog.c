/* pvm-add-host-dialog.c: the Add Host dialog. */
#include "pvm-add-host-dialog.h"

#include <glib/gi18n.h>

#include "common/pvm-connect.h"

struct _PvmAddHostDialog {
  AdwMessageDialog parent_instance;

  char **known;
  char *uri; /* valid and new, or NULL */

  GtkEntry *uri_entry;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (PvmAddHostDialog, pvm_add_host_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
add_host_dialog_show_problem (PvmAddHostDialog *self, const char *problem)
{
  gtk_label_set_label (self->problem_label,
                       problem ?: _("For example pvm+ssh://admin@server.example.org/system, or "
                                    "…/session for the virtual machines of that user."));
  if (problem) {
    gtk_widget_add_css_class (GTK_WIDGET (self->uri_entry), "error");
    gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
    gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "dim-label");
  } else {
    gtk_widget_remove_css_class (GTK_WIDGET (self->uri_entry), "error");
    gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "error");
    gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "dim-label");
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->uri_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ?: "", -1);
}

/* Checks the URI as it is typed: the Add button is enabled only for a valid, new one, and a
 * wrong one is explained under the entry. */
static void
add_host_dialog_on_changed (PvmAddHostDialog *self)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uri_entry))));
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmConnectUri) parsed = NULL;

  g_clear_pointer (&self->uri, g_free);
  if (*text == '\0') {
    add_host_dialog_show_problem (self, NULL);
  } else if (!(parsed = pvm_connect_uri_parse (text, &error))) {
    add_host_dialog_show_problem (self, error->message);
  } else if (!parsed->host) {
    add_host_dialog_show_problem (self, _("This computer is in the sidebar already: a remote "
                                          "host’s address starts with pvm+ssh://."));
  } else if (self->known && g_strv_contains ((const char *const *) self->known, text)) {
    add_host_dialog_show_problem (self, _("This host is in the sidebar already."));
  } else {
    add_host_dialog_show_problem (self, NULL);
    self->uri = g_steal_pointer (&text);
  }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", self->uri != NULL);
}

GtkWidget *
pvm_add_host_dialog_new (GtkWindow *parent, const char *const *known)
{
  PvmAddHostDialog *self = g_object_new (PVM_TYPE_ADD_HOST_DIALOG, "transient-for", parent,
                                         "modal", TRUE, NULL);

  self->known = g_strdupv ((char **) known);
  return GTK_WIDGET (self);
}

const char *
pvm_add_host_dialog_get_uri (PvmAddHostDialog *self)
{
  g_return_val_if_fail (PVM_IS_ADD_HOST_DIALOG (self), NULL);
  return self->uri;
}

static void
pvm_add_host_dialog_finalize (GObject *object)
{
  PvmAddHostDialog *self = PVM_ADD_HOST_DIALOG (object);

  g_strfreev (self->known);
  g_free (self->uri);
  G_OBJECT_CLASS (pvm_add_host_dialog_parent_class)->finalize (object);
}

static void
pvm_add_host_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_ADD_HOST_DIALOG);
  G_OBJECT_CLASS (pvm_add_host_dialog_parent_class)->dispose (object);
}

static void
pvm_add_host_dialog_class_init (PvmAddHostDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_add_host_dialog_dispose;
  object_class->finalize = pvm_add_host_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-add-host-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmAddHostDialog, uri_entry);
  gtk_widget_class_bind_template_child (widget_class, PvmAddHostDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, add_host_dialog_on_changed);
}

static void
pvm_add_host_dialog_init (PvmAddHostDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_host_dialog_show_problem (self, NULL);
}

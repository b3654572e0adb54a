/* pvm-create-wizard-page-full.c: the fully virtualized machine's disk and firmware. */
#include "pvm-create-wizard-page-full.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pvm-create-wizard-page-private.h"
#include "pvm-create-wizard-private.h"
#include "pvm-path-row.h"

struct _PvmCreateWizardPageFull {
  PvmCreateWizardPage parent_instance;

  GVariant *images; /* the host's DefaultImages, or NULL */

  GtkToggleButton *demo_choice;
  GtkLabel *demo_subtitle;
  GtkToggleButton *image_choice;
  GtkToggleButton *blank_choice;
  PvmPathRow *disk_row;
  GtkLabel *disk_problem_label;
  PvmPathRow *loader_row;
  PvmPathRow *payload_row;
  GtkLabel *firmware_problem_label;
};

G_DEFINE_FINAL_TYPE (PvmCreateWizardPageFull, pvm_create_wizard_page_full,
                     PVM_TYPE_CREATE_WIZARD_PAGE)

/* Returns the host's path for @key of DefaultImages, or NULL; owned by @self->images. */
static const char *
page_full_image (PvmCreateWizardPageFull *self, const char *key)
{
  const char *value = NULL;

  if (self->images)
    g_variant_lookup (self->images, key, "&s", &value);
  return value;
}

static gboolean
page_full_uses_demo (PvmCreateWizardPageFull *self)
{
  return gtk_toggle_button_get_active (self->demo_choice) && page_full_image (self, "full-disk");
}

/* Flags what is wrong and says whether the page is complete. */
static void
page_full_update (PvmCreateWizardPageFull *self)
{
  gboolean image = gtk_toggle_button_get_active (self->image_choice);
  gboolean complete;

  if (!self->firmware_problem_label) /* the template is being built */
    return;
  _pvm_create_wizard_show_problem (self->disk_problem_label,
                                   image ? pvm_path_row_get_problem (self->disk_row) : NULL);
  _pvm_create_wizard_show_problem (self->firmware_problem_label,
                                   pvm_path_row_get_problem (self->loader_row)
                                     ?: pvm_path_row_get_problem (self->payload_row));

  complete = (page_full_uses_demo (self) || gtk_toggle_button_get_active (self->blank_choice) ||
              (image && pvm_path_row_get_ok (self->disk_row))) &&
             pvm_path_row_get_ok (self->loader_row) && pvm_path_row_get_ok (self->payload_row);
  _pvm_create_wizard_page_set_complete (PVM_CREATE_WIZARD_PAGE (self), complete);
}

/* Puts the host's @key in @row unless the user typed something there. */
static void
page_full_fill_in (PvmCreateWizardPageFull *self, PvmPathRow *row, const char *key)
{
  const char *path = page_full_image (self, key);

  if (path && !pvm_path_row_get_path (row))
    gtk_editable_set_text (GTK_EDITABLE (row), path);
}

void
pvm_create_wizard_page_full_set_host (PvmCreateWizardPageFull *self, GVariant *images,
                                      gboolean local)
{
  const char *subtitle;

  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_FULL (self));

  g_clear_pointer (&self->images, g_variant_unref);
  self->images = images ? g_variant_ref (images) : NULL;
  pvm_path_row_set_local (self->disk_row, local);
  pvm_path_row_set_local (self->loader_row, local);
  pvm_path_row_set_local (self->payload_row, local);
  page_full_fill_in (self, self->loader_row, "full-loader");
  page_full_fill_in (self, self->payload_row, "full-kernel");

  if (page_full_image (self, "full-disk")) {
    subtitle = _("A small Linux system on a disk that the machines using it share: it is "
                 "read-only, so changes are not kept.");
    gtk_toggle_button_set_active (self->demo_choice, TRUE);
  } else {
    subtitle = _("Not built on this host: tools/build-fv-image makes it there.");
    if (gtk_toggle_button_get_active (self->demo_choice))
      gtk_toggle_button_set_active (self->image_choice, TRUE);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_choice),
                            page_full_image (self, "full-disk") != NULL);
  gtk_label_set_label (self->demo_subtitle, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->demo_choice),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  page_full_update (self);
}

gboolean
pvm_create_wizard_page_full_get_wants_blank_disk (PvmCreateWizardPageFull *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_FULL (self), FALSE);
  return gtk_toggle_button_get_active (self->blank_choice);
}

char *
pvm_create_wizard_page_full_get_suggested_name (PvmCreateWizardPageFull *self)
{
  const char *path = pvm_path_row_get_path (self->disk_row);

  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_FULL (self), NULL);

  if (page_full_uses_demo (self))
    return g_strdup ("demo");
  if (gtk_toggle_button_get_active (self->image_choice) && path) {
    g_autofree char *base = g_path_get_basename (path);
    char *dot = strrchr (base, '.');
    if (dot && dot != base)
      *dot = '\0';
    return g_steal_pointer (&base);
  }
  return g_strdup ("vm");
}

char *
pvm_create_wizard_page_full_describe (PvmCreateWizardPageFull *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_FULL (self), NULL);

  if (page_full_uses_demo (self))
    return g_strdup (_("The built-in demo image, read-only"));
  if (gtk_toggle_button_get_active (self->blank_choice))
    return g_strdup (_("A new blank disk"));
  return g_strdup (pvm_path_row_get_path (self->disk_row));
}

void
pvm_create_wizard_page_full_fill (PvmCreateWizardPageFull *self, PvmCreateRequest *request)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_FULL (self));

  request->loader = pvm_path_row_get_path (self->loader_row);
  request->kernel = pvm_path_row_get_path (self->payload_row);
  request->disk = NULL;
  request->disk_readonly = FALSE;
  if (page_full_uses_demo (self)) {
    request->disk = page_full_image (self, "full-disk");
    request->disk_readonly = TRUE;
  } else if (gtk_toggle_button_get_active (self->image_choice)) {
    request->disk = pvm_path_row_get_path (self->disk_row);
  }
}

static void
pvm_create_wizard_page_full_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_CREATE_WIZARD_PAGE_FULL);
  G_OBJECT_CLASS (pvm_create_wizard_page_full_parent_class)->dispose (object);
}

static void
pvm_create_wizard_page_full_finalize (GObject *object)
{
  PvmCreateWizardPageFull *self = PVM_CREATE_WIZARD_PAGE_FULL (object);

  g_clear_pointer (&self->images, g_variant_unref);
  G_OBJECT_CLASS (pvm_create_wizard_page_full_parent_class)->finalize (object);
}

static void
pvm_create_wizard_page_full_class_init (PvmCreateWizardPageFullClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_create_wizard_page_full_dispose;
  object_class->finalize = pvm_create_wizard_page_full_finalize;

  g_type_ensure (PVM_TYPE_PATH_ROW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/pvm/Manager/ui/pvm-create-wizard-page-full.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, demo_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, demo_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, image_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, blank_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, disk_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull,
                                        disk_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, loader_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull, payload_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageFull,
                                        firmware_problem_label);
  gtk_widget_class_bind_template_callback (widget_class, page_full_update);
}

static void
pvm_create_wizard_page_full_init (PvmCreateWizardPageFull *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pvm_create_wizard_page_full_set_host (self, NULL, FALSE);
}

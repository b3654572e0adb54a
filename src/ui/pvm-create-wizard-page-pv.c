/* pvm-create-wizard-page-pv.c: the paravirtualized machine's kernel. */
#include "pvm-create-wizard-page-pv.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pvm-create-wizard-page-private.h"
#include "pvm-create-wizard-private.h"
#include "pvm-path-row.h"

#define PAGE_PV_CMDLINE "console=ttyS0"

struct _PvmCreateWizardPagePv {
  PvmCreateWizardPage parent_instance;

  GVariant *images; /* the host's DefaultImages, or NULL */
  char *cmdline;

  GtkToggleButton *default_choice;
  GtkLabel *default_subtitle;
  GtkToggleButton *own_choice;
  PvmPathRow *kernel_row;
  PvmPathRow *initrd_row;
  AdwEntryRow *cmdline_row;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (PvmCreateWizardPagePv, pvm_create_wizard_page_pv,
                     PVM_TYPE_CREATE_WIZARD_PAGE)

/* Returns the host's path for @key of DefaultImages, or NULL; owned by @self->images. */
static const char *
page_pv_image (PvmCreateWizardPagePv *self, const char *key)
{
  const char *value = NULL;

  if (self->images)
    g_variant_lookup (self->images, key, "&s", &value);
  return value;
}

static gboolean
page_pv_uses_default (PvmCreateWizardPagePv *self)
{
  return gtk_toggle_button_get_active (self->default_choice) && page_pv_image (self, "pv-kernel");
}

/* Flags what is wrong and says whether the page is complete. */
static void
page_pv_update (PvmCreateWizardPagePv *self)
{
  const char *cmdline;
  g_autofree char *cmdline_problem = NULL;
  gboolean complete;

  if (!self->problem_label) /* the template is being built */
    return;
  cmdline = gtk_editable_get_text (GTK_EDITABLE (self->cmdline_row));
  if (strlen (cmdline) > PVM_DOMAIN_MAX_CMDLINE)
    cmdline_problem =
      g_strdup_printf (ngettext ("The command line is %zu byte long: at most %d fit.",
                                 "The command line is %zu bytes long: at most %d fit.",
                                 strlen (cmdline)),
                       strlen (cmdline), PVM_DOMAIN_MAX_CMDLINE);
  _pvm_create_wizard_mark_field (GTK_WIDGET (self->cmdline_row), cmdline_problem);
  _pvm_create_wizard_show_problem (self->problem_label,
                                   pvm_path_row_get_problem (self->kernel_row)
                                     ?: pvm_path_row_get_problem (self->initrd_row)
                                          ?: cmdline_problem);

  complete = page_pv_uses_default (self) ||
             (gtk_toggle_button_get_active (self->own_choice) &&
              pvm_path_row_get_ok (self->kernel_row) && pvm_path_row_get_ok (self->initrd_row) &&
              !cmdline_problem);
  _pvm_create_wizard_page_set_complete (PVM_CREATE_WIZARD_PAGE (self), complete);
}

void
pvm_create_wizard_page_pv_set_host (PvmCreateWizardPagePv *self, GVariant *images,
                                    gboolean local)
{
  const char *cmdline, *subtitle;

  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_PV (self));

  g_clear_pointer (&self->images, g_variant_unref);
  self->images = images ? g_variant_ref (images) : NULL;
  pvm_path_row_set_local (self->kernel_row, local);
  pvm_path_row_set_local (self->initrd_row, local);
  cmdline = page_pv_image (self, "pv-cmdline") ?: PAGE_PV_CMDLINE;
  if (!*gtk_editable_get_text (GTK_EDITABLE (self->cmdline_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->cmdline_row), cmdline);

  if (page_pv_image (self, "pv-kernel")) {
    subtitle = _("A small Linux system with a shell on the serial console, ready on this host.");
    gtk_toggle_button_set_active (self->default_choice, TRUE);
  } else {
    subtitle = _("Not built on this host: tools/build-guest makes it there.");
    gtk_toggle_button_set_active (self->own_choice, TRUE);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->default_choice),
                            page_pv_image (self, "pv-kernel") != NULL);
  gtk_label_set_label (self->default_subtitle, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->default_choice),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  page_pv_update (self);
}

const char *
pvm_create_wizard_page_pv_get_suggested_name (PvmCreateWizardPagePv *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_PV (self), NULL);
  return page_pv_uses_default (self) ? "default-guest" : "linux";
}

char *
pvm_create_wizard_page_pv_describe (PvmCreateWizardPagePv *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_PV (self), NULL);

  if (page_pv_uses_default (self))
    return g_strdup (_("The built-in default guest"));
  return g_strdup (pvm_path_row_get_path (self->kernel_row));
}

void
pvm_create_wizard_page_pv_fill (PvmCreateWizardPagePv *self, PvmCreateRequest *request)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_PV (self));

  g_free (self->cmdline);
  if (page_pv_uses_default (self)) {
    request->kernel = page_pv_image (self, "pv-kernel");
    request->initrd = page_pv_image (self, "pv-initrd");
    self->cmdline = g_strdup (page_pv_image (self, "pv-cmdline"));
  } else {
    request->kernel = pvm_path_row_get_path (self->kernel_row);
    request->initrd = pvm_path_row_get_path (self->initrd_row);
    self->cmdline =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cmdline_row))));
  }
  if (self->cmdline && !*self->cmdline)
    g_clear_pointer (&self->cmdline, g_free);
  request->cmdline = self->cmdline;
}

static void
pvm_create_wizard_page_pv_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_CREATE_WIZARD_PAGE_PV);
  G_OBJECT_CLASS (pvm_create_wizard_page_pv_parent_class)->dispose (object);
}

static void
pvm_create_wizard_page_pv_finalize (GObject *object)
{
  PvmCreateWizardPagePv *self = PVM_CREATE_WIZARD_PAGE_PV (object);

  g_clear_pointer (&self->images, g_variant_unref);
  g_free (self->cmdline);
  G_OBJECT_CLASS (pvm_create_wizard_page_pv_parent_class)->finalize (object);
}

static void
pvm_create_wizard_page_pv_class_init (PvmCreateWizardPagePvClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_create_wizard_page_pv_dispose;
  object_class->finalize = pvm_create_wizard_page_pv_finalize;

  g_type_ensure (PVM_TYPE_PATH_ROW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/pvm/Manager/ui/pvm-create-wizard-page-pv.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, default_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, default_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, own_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, kernel_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, initrd_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, cmdline_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPagePv, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, page_pv_update);
}

static void
pvm_create_wizard_page_pv_init (PvmCreateWizardPagePv *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pvm_create_wizard_page_pv_set_host (self, NULL, FALSE);
}

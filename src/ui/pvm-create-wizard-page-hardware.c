/* pvm-create-wizard-page-hardware.c: the machine's name, processors and memory. */
#include "pvm-create-wizard-page-hardware.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pvm-create-request.h"
#include "pvm-create-wizard-page-private.h"
#include "pvm-create-wizard-private.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)

struct _PvmCreateWizardPageHardware {
  PvmCreateWizardPage parent_instance;

  GListModel *domains;
  gboolean name_typed; /* the user has typed a name: suggestions leave it alone */
  gboolean suggesting;
  char *name;
  guint vcpus;
  guint64 memory_mib;

  AdwEntryRow *name_row;
  GtkLabel *name_problem_label;
  AdwEntryRow *vcpus_row;
  AdwEntryRow *memory_row;
  GtkLabel *hardware_problem_label;
};

G_DEFINE_FINAL_TYPE (PvmCreateWizardPageHardware, pvm_create_wizard_page_hardware,
                     PVM_TYPE_CREATE_WIZARD_PAGE)

/* Returns what is wrong with @name, or NULL: pvm_create_request_check_name()'s rules, and no
 * machine of the host has it. */
static char *
page_hardware_check_name (PvmCreateWizardPageHardware *self, const char *name)
{
  char *problem = pvm_create_request_check_name (name);

  if (!problem && _pvm_create_wizard_name_taken (self->domains, name))
    return g_strdup_printf (_("A virtual machine named “%s” already exists on this host."),
                            name);
  return problem;
}

static char *
page_hardware_check_vcpus (PvmCreateWizardPageHardware *self, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end;
  guint64 n = g_ascii_strtoull (stripped, &end, 10);

  if (!*stripped || *end || !g_ascii_isdigit (*stripped))
    return g_strdup_printf (_("“%s” is not a number of processors."), stripped);
  if (n < 1 || n > PVM_DOMAIN_MAX_VCPUS)
    return g_strdup_printf (_("A machine has 1 to %d processors, not %s."),
                            PVM_DOMAIN_MAX_VCPUS, stripped);
  self->vcpus = (guint) n;
  return NULL;
}

static char *
page_hardware_check_memory (PvmCreateWizardPageHardware *self, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *min = pvm_create_request_format_size (PVM_DOMAIN_MIN_MEMORY_MIB * MIB);
  g_autofree char *max = pvm_create_request_format_size (PVM_DOMAIN_MAX_MEMORY_MIB * MIB);
  guint64 bytes;

  if (!pvm_create_request_parse_size (stripped, MIB, &bytes))
    return g_strdup_printf (_("“%s” is not an amount of memory, such as 256 MiB or 1 GiB."),
                            stripped);
  if (bytes < PVM_DOMAIN_MIN_MEMORY_MIB * MIB || bytes > PVM_DOMAIN_MAX_MEMORY_MIB * MIB)
    /* Translators: the least and the most memory, such as "64 MiB" and "16 GiB", then what
     * was typed. */
    return g_strdup_printf (_("A machine has %s to %s of memory, not %s."), min, max, stripped);
  if (bytes % MIB)
    /* Translators: %s is what was typed, such as "1.0001 GiB". */
    return g_strdup_printf (_("Memory comes in whole MiB, which %s is not."), stripped);
  self->memory_mib = bytes / MIB;
  return NULL;
}

/* Flags what is wrong and says whether the page is complete. */
static void
page_hardware_update (PvmCreateWizardPageHardware *self)
{
  g_autofree char *name_problem = NULL, *vcpus_problem = NULL, *memory_problem = NULL;
  gboolean complete;

  if (!self->hardware_problem_label) /* the template is being built */
    return;
  g_free (self->name);
  self->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  name_problem = page_hardware_check_name (self, self->name);
  vcpus_problem =
    page_hardware_check_vcpus (self, gtk_editable_get_text (GTK_EDITABLE (self->vcpus_row)));
  memory_problem =
    page_hardware_check_memory (self, gtk_editable_get_text (GTK_EDITABLE (self->memory_row)));

  _pvm_create_wizard_mark_field (GTK_WIDGET (self->name_row), name_problem);
  _pvm_create_wizard_show_problem (self->name_problem_label, name_problem);
  _pvm_create_wizard_mark_field (GTK_WIDGET (self->vcpus_row), vcpus_problem);
  _pvm_create_wizard_mark_field (GTK_WIDGET (self->memory_row), memory_problem);
  _pvm_create_wizard_show_problem (self->hardware_problem_label,
                                   vcpus_problem ?: memory_problem);

  complete = !name_problem && !vcpus_problem && !memory_problem;
  _pvm_create_wizard_page_set_complete (PVM_CREATE_WIZARD_PAGE (self), complete);
}

static void
page_hardware_on_name_changed (PvmCreateWizardPageHardware *self)
{
  if (!self->suggesting)
    self->name_typed = TRUE;
  page_hardware_update (self);
}

static void
page_hardware_on_domains_changed (GListModel *domains, guint position, guint removed,
                                  guint added, gpointer data)
{
  page_hardware_update (PVM_CREATE_WIZARD_PAGE_HARDWARE (data));
}

void
pvm_create_wizard_page_hardware_set_domains (PvmCreateWizardPageHardware *self,
                                             GListModel *domains)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_HARDWARE (self));

  if (self->domains)
    g_signal_handlers_disconnect_by_data (self->domains, self);
  g_set_object (&self->domains, domains);
  if (domains)
    g_signal_connect (domains, "items-changed", G_CALLBACK (page_hardware_on_domains_changed),
                      self);
  page_hardware_update (self);
}

void
pvm_create_wizard_page_hardware_suggest_name (PvmCreateWizardPageHardware *self,
                                              const char *name)
{
  g_autofree char *unique = NULL;

  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_HARDWARE (self));

  if (self->name_typed)
    return;
  unique = _pvm_create_wizard_unique_name (self->domains, name);
  self->suggesting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), unique);
  self->suggesting = FALSE;
}

const char *
pvm_create_wizard_page_hardware_get_name (PvmCreateWizardPageHardware *self)
{
  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_HARDWARE (self), NULL);
  return self->name;
}

char *
pvm_create_wizard_page_hardware_describe (PvmCreateWizardPageHardware *self)
{
  g_autofree char *memory = NULL;

  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE_HARDWARE (self), NULL);

  memory = pvm_create_request_format_size (self->memory_mib * MIB);
  /* Translators: the number of processors, then an amount such as "512 MiB". */
  return g_strdup_printf (ngettext ("%u processor, %s of memory",
                                    "%u processors, %s of memory", self->vcpus),
                          self->vcpus, memory);
}

void
pvm_create_wizard_page_hardware_fill (PvmCreateWizardPageHardware *self,
                                      PvmCreateRequest *request)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_HARDWARE (self));

  request->name = self->name;
  request->vcpus = self->vcpus;
  request->memory_mib = self->memory_mib;
}

void
pvm_create_wizard_page_hardware_focus (PvmCreateWizardPageHardware *self)
{
  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE_HARDWARE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
pvm_create_wizard_page_hardware_dispose (GObject *object)
{
  PvmCreateWizardPageHardware *self = PVM_CREATE_WIZARD_PAGE_HARDWARE (object);

  if (self->domains)
    g_signal_handlers_disconnect_by_data (self->domains, self);
  g_clear_object (&self->domains);
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_CREATE_WIZARD_PAGE_HARDWARE);
  G_OBJECT_CLASS (pvm_create_wizard_page_hardware_parent_class)->dispose (object);
}

static void
pvm_create_wizard_page_hardware_finalize (GObject *object)
{
  PvmCreateWizardPageHardware *self = PVM_CREATE_WIZARD_PAGE_HARDWARE (object);

  g_free (self->name);
  G_OBJECT_CLASS (pvm_create_wizard_page_hardware_parent_class)->finalize (object);
}

static void
pvm_create_wizard_page_hardware_class_init (PvmCreateWizardPageHardwareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_create_wizard_page_hardware_dispose;
  object_class->finalize = pvm_create_wizard_page_hardware_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/pvm/Manager/ui/pvm-create-wizard-page-hardware.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageHardware, name_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageHardware,
                                        name_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageHardware, vcpus_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageHardware, memory_row);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizardPageHardware,
                                        hardware_problem_label);
  gtk_widget_class_bind_template_callback (widget_class, page_hardware_update);
  gtk_widget_class_bind_template_callback (widget_class, page_hardware_on_name_changed);
}

static void
pvm_create_wizard_page_hardware_init (PvmCreateWizardPageHardware *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  page_hardware_update (self);
}

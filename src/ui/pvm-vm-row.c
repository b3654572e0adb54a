/* pvm-vm-row.c: one virtual machine in the list. */
#include "pvm-vm-row-private.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (PvmVmRow, pvm_vm_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  const char *state;
  const char *label; /* N_() */
  const char *icon;
  const char *css;
} VmRowState;

static const VmRowState vm_row_states[] = {
  { "running", N_("Running"), "media-playback-start-symbolic", "running" },
  { "paused", N_("Paused"), "media-playback-pause-symbolic", "paused" },
  { "shutoff", N_("Off"), "media-playback-stop-symbolic", "shutoff" },
  { "crashed", N_("Crashed"), "dialog-warning-symbolic", "crashed" },
};

static const VmRowState *
vm_row_state_find (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (vm_row_states); i++)
    if (g_strcmp0 (vm_row_states[i].state, state) == 0)
      return &vm_row_states[i];
  return NULL;
}

const char *
pvm_vm_row_state_label (const char *state)
{
  const VmRowState *s = vm_row_state_find (state);

  return s ? _(s->label) : state;
}

/* "256 MiB", "2 GiB", "1.5 GiB". */
static char *
vm_row_format_memory (guint64 mib)
{
  if (mib < 1024)
    return g_strdup_printf (_("%llu MiB"), (unsigned long long) mib);
  if (mib % 1024 == 0)
    return g_strdup_printf (_("%llu GiB"), (unsigned long long) (mib / 1024));
  return g_strdup_printf (_("%.1f GiB"), mib / 1024.0);
}

/* The primary button does what the state most calls for: start, shut down or resume. */
static void
vm_row_update_primary (PvmVmRow *self, const char *state)
{
  const char *action = NULL, *icon = NULL, *label = NULL;

  if (g_strcmp0 (state, "shutoff") == 0 || g_strcmp0 (state, "crashed") == 0) {
    action = "vm.start";
    icon = "media-playback-start-symbolic";
    label = _("Start");
  } else if (g_strcmp0 (state, "running") == 0) {
    action = "vm.shutdown";
    icon = "system-shutdown-symbolic";
    label = _("Shut Down");
  } else if (g_strcmp0 (state, "paused") == 0) {
    action = "vm.resume";
    icon = "media-playback-start-symbolic";
    label = _("Resume");
  }
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), action != NULL);
  if (!action)
    return;
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), action);
  gtk_button_set_icon_name (self->primary_button, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->primary_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
vm_row_update (PvmVmRow *self)
{
  PvmDomain *domain = self->domain;
  const char *state = pvm_domain_get_state (domain);
  const VmRowState *s = vm_row_state_find (state);
  const char *name = pvm_domain_get_name (domain) ?: "";
  const char *reason = pvm_domain_get_state_reason (domain);
  guint vcpus = pvm_domain_get_vcpus (domain);
  g_autofree char *memory = vm_row_format_memory (pvm_domain_get_memory_mib (domain));
  g_autofree char *cpus = g_strdup_printf (ngettext ("%u CPU", "%u CPUs", vcpus), vcpus);
  const char *mode = g_strcmp0 (pvm_domain_get_mode (domain), "full") == 0
                       ? _("Full virtualization") : _("Paravirtualized");
  g_autofree char *details = g_strdup_printf ("%s · %s · %s", mode, cpus, memory);

  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->state_label, pvm_vm_row_state_label (state ?: ""));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label),
                               reason && *reason ? reason : NULL);
  gtk_image_set_from_icon_name (self->state_icon, s ? s->icon : "dialog-question-symbolic");
  for (guint i = 0; i < G_N_ELEMENTS (vm_row_states); i++) {
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), vm_row_states[i].css);
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), vm_row_states[i].css);
  }
  if (s) {
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), s->css);
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), s->css);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details, -1);
  g_autofree char *menu_label = g_strdup_printf (_("Actions for %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);

  vm_row_update_primary (self, state);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  _pvm_vm_row_update_actions (self);
}

static void
vm_row_on_domain_notify (GObject *domain, GParamSpec *pspec, gpointer data)
{
  vm_row_update (PVM_VM_ROW (data));
}

GtkWidget *
pvm_vm_row_new (PvmDomain *domain)
{
  return g_object_new (PVM_TYPE_VM_ROW, "domain", domain, NULL);
}

PvmDomain *
pvm_vm_row_get_domain (PvmVmRow *self)
{
  g_return_val_if_fail (PVM_IS_VM_ROW (self), NULL);
  return self->domain;
}

static void
pvm_vm_row_dispose (GObject *object)
{
  PvmVmRow *self = PVM_VM_ROW (object);

  if (self->domain)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
  gtk_widget_dispose_template (GTK_WIDGET (self), PVM_TYPE_VM_ROW);
  G_OBJECT_CLASS (pvm_vm_row_parent_class)->dispose (object);
}

static void
pvm_vm_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PvmVmRow *self = PVM_VM_ROW (object);

  switch (prop_id) {
  case PROP_DOMAIN:
    g_value_set_object (value, self->domain);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_vm_row_set_property (GObject *object, guint prop_id, const GValue *value,
                         GParamSpec *pspec)
{
  PvmVmRow *self = PVM_VM_ROW (object);

  switch (prop_id) {
  case PROP_DOMAIN:
    self->domain = g_value_dup_object (value);
    g_signal_connect (self->domain, "notify", G_CALLBACK (vm_row_on_domain_notify), self);
    vm_row_update (self);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_vm_row_class_init (PvmVmRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_vm_row_dispose;
  object_class->get_property = pvm_vm_row_get_property;
  object_class->set_property = pvm_vm_row_set_property;

  properties[PROP_DOMAIN] = g_param_spec_object ("domain", NULL, NULL, PVM_TYPE_DOMAIN,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-vm-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, menu_button);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  _pvm_vm_row_class_install_actions (widget_class);
}

static void
pvm_vm_row_init (PvmVmRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

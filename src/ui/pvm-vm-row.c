/* pvm-vm-row.c: one virtual machine in the list.
 *
 * While the row is mapped and its machine runs, its sampler reads the machine's counters
 * (Domain.GetStats) once a second and the row draws its CPU use in the sparkline: the CPU
 * time the VMM used between two readings over the time between them, per virtual CPU.
 *
 * While pvmd runs a job on the machine (its Job property: a clone copying its disks), the
 * row shows the job's progress from the job's own Progress property, and a Cancel button.
 *
 * A row is made for every machine before the list's first frame, so it is kept small: what
 * most rows never show (the CPU sparkline, the spinner of a call under way, a job's progress
 * and its Cancel button) is made the first time it is needed, and the menu's popover when it
 * first opens. Its tooltips are given when GTK asks for them (vm_row_set_tooltip()). */
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

/* ---- tooltips ---- */

static GQuark
vm_row_tooltip_quark (void)
{
  return g_quark_from_static_string ("pvm-vm-row-tooltip");
}

static gboolean
vm_row_on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard,
                         GtkTooltip *tooltip, gpointer data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), vm_row_tooltip_quark ());

  if (!text)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Gives @widget the tooltip @text (none if NULL or empty), and screen readers the same text
 * as its description, as gtk_widget_set_tooltip_text() does. That function asks the X server
 * where the pointer is, two round trips, each time it is called on a visible widget, whether
 * the widget is on screen or not; this asks only while the pointer is on @widget, to update
 * a tooltip that may be showing. */
static void
vm_row_set_tooltip (GtkWidget *widget, const char *text)
{
  GQuark quark = vm_row_tooltip_quark ();

  if (text && !*text)
    text = NULL;
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (widget), quark), text) == 0)
    return;
  if (text && !g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                     vm_row_on_query_tooltip, NULL))
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (vm_row_on_query_tooltip), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), quark, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  if (text)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT)
    gtk_widget_trigger_tooltip_query (widget);
}

/* ---- the buttons ---- */

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
  vm_row_set_tooltip (GTK_WIDGET (self->primary_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* ---- what is made on demand ---- */

/* The row's line of widgets, where those made on demand go; NULL once the row is disposed. */
static GtkBox *
vm_row_get_box (PvmVmRow *self)
{
  return GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self)));
}

void
_pvm_vm_row_update_spinner (PvmVmRow *self)
{
  GtkBox *box = vm_row_get_box (self);

  if (!box || (!self->spinner && self->busy == 0))
    return;
  if (!self->spinner) {
    self->spinner = GTK_SPINNER (gtk_spinner_new ());
    gtk_widget_set_valign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
    gtk_box_insert_child_after (box, GTK_WIDGET (self->spinner),
                                self->cpu_sparkline ? GTK_WIDGET (self->cpu_sparkline)
                                                    : self->text_box);
  }
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
}

/* ---- the CPU sparkline ---- */

static void
vm_row_set_cpu_label (PvmVmRow *self, const char *label)
{
  vm_row_set_tooltip (GTK_WIDGET (self->cpu_sparkline), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cpu_sparkline),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Makes the sparkline the first time the machine runs, beside the name and details. */
static void
vm_row_ensure_sparkline (PvmVmRow *self)
{
  GtkBox *box = vm_row_get_box (self);

  if (self->cpu_sparkline || !box)
    return;
  self->cpu_sparkline = PVM_SPARKLINE (pvm_sparkline_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->cpu_sparkline), GTK_ALIGN_CENTER);
  gtk_box_insert_child_after (box, GTK_WIDGET (self->cpu_sparkline), self->text_box);
  vm_row_set_cpu_label (self, _("CPU use"));
}

static void
vm_row_on_sample (PvmStatsSampler *sampler, const PvmStatsSample *sample, gpointer data)
{
  PvmVmRow *self = PVM_VM_ROW (data);
  g_autofree char *label =
    /* Translators: the processor use of a machine in percent. */
    g_strdup_printf (_("CPU %d %%"), (int) (CLAMP (sample->cpu, 0.0, 1.0) * 100.0 + 0.5));

  if (!self->cpu_sparkline)
    return;
  pvm_sparkline_push (self->cpu_sparkline, sample->cpu);
  vm_row_set_cpu_label (self, label);
}

/* Polls while the row is mapped and the machine runs; shows the sparkline while it runs. */
static void
vm_row_update_stats (PvmVmRow *self)
{
  const char *state = self->domain ? pvm_domain_get_state (self->domain) : NULL;
  gboolean running = g_strcmp0 (state, "running") == 0;

  if (running)
    vm_row_ensure_sparkline (self);
  if (self->cpu_sparkline) {
    if (!running && g_strcmp0 (state, "paused") != 0) {
      pvm_sparkline_clear (self->cpu_sparkline);
      vm_row_set_cpu_label (self, _("CPU use"));
    }
    gtk_widget_set_visible (GTK_WIDGET (self->cpu_sparkline), running);
  }
  if (self->sampler)
    pvm_stats_sampler_set_active (self->sampler,
                                  running && gtk_widget_get_mapped (GTK_WIDGET (self)));
}

/* ---- the job ---- */

/* Makes the job's progress bar and label, under the details, and its Cancel button, the first
 * time the machine has a job. */
static void
vm_row_ensure_job_widgets (PvmVmRow *self)
{
  GtkBox *box = vm_row_get_box (self);
  GtkWidget *progress, *label, *cancel;

  if (self->job_box || !box)
    return;
  self->job_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_top (self->job_box, 4);
  progress = gtk_progress_bar_new ();
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (progress, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cloning progress"), -1);
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (self->job_box), progress);
  gtk_box_append (GTK_BOX (self->job_box), label);
  gtk_box_append (GTK_BOX (self->text_box), self->job_box);
  self->job_progress = GTK_PROGRESS_BAR (progress);
  self->job_label = GTK_LABEL (label);

  cancel = gtk_button_new_from_icon_name ("process-stop-symbolic");
  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "vm.cancel-job");
  gtk_widget_add_css_class (cancel, "flat");
  vm_row_set_tooltip (cancel, _("Cancel Cloning"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel Cloning"), -1);
  gtk_box_insert_child_after (box, cancel, self->console_button);
  self->job_cancel_button = cancel;
}

static void
vm_row_show_job_progress (PvmVmRow *self)
{
  double progress = self->job ? CLAMP (pvm_job_get_progress (self->job), 0.0, 1.0) : 0.0;
  gint64 remaining = self->job ? pvm_job_get_remaining_seconds (self->job) : -1;
  int percent = (int) (progress * 100.0);
  g_autofree char *text = NULL;

  if (!self->job_box)
    return;
  if (remaining >= 0)
    /* Translators: a clone's progress in percent, then the time left as minutes:seconds. */
    text = g_strdup_printf (_("Cloning… %d %% · %d:%02d left"), percent, (int) (remaining / 60),
                            (int) (remaining % 60));
  else
    /* Translators: a clone's progress in percent. */
    text = g_strdup_printf (_("Cloning… %d %%"), percent);
  gtk_progress_bar_set_fraction (self->job_progress, progress);
  gtk_label_set_label (self->job_label, text);
}

static void
vm_row_on_job_changed (GDBusProxy *proxy, GVariant *changed, GStrv invalidated, gpointer data)
{
  vm_row_show_job_progress (PVM_VM_ROW (data));
}

static void
vm_row_drop_job (PvmVmRow *self)
{
  g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  if (self->job)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  g_clear_pointer (&self->job_path, g_free);
}

static void
vm_row_on_job_proxy (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmVmRow) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmJob) job = pvm_job_proxy_new_finish (result, &error);

  if (!job) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_debug ("No proxy for the job: %s", error->message);
    return;
  }
  if (g_strcmp0 (g_dbus_proxy_get_object_path (G_DBUS_PROXY (job)), self->job_path) != 0)
    return; /* the job it was made for has ended */
  self->job = g_steal_pointer (&job);
  g_signal_connect (self->job, "g-properties-changed", G_CALLBACK (vm_row_on_job_changed), self);
  vm_row_show_job_progress (self);
  _pvm_vm_row_update_actions (self);
}

/* Follows the domain's Job property: a proxy for the job while there is one, its progress
 * shown. */
static void
vm_row_update_job (PvmVmRow *self)
{
  const char *path = pvm_domain_get_job (self->domain);
  gboolean active = path && *path && g_strcmp0 (path, "/") != 0;

  if (g_strcmp0 (active ? path : NULL, self->job_path) != 0) {
    vm_row_drop_job (self);
    if (active) {
      self->job_path = g_strdup (path);
      self->job_cancellable = g_cancellable_new ();
      pvm_job_proxy_new (g_dbus_proxy_get_connection (G_DBUS_PROXY (self->domain)),
                         G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                         g_dbus_proxy_get_name (G_DBUS_PROXY (self->domain)), path,
                         self->job_cancellable, vm_row_on_job_proxy, g_object_ref (self));
    }
  }
  if (active)
    vm_row_ensure_job_widgets (self);
  if (!self->job_box)
    return;
  gtk_widget_set_visible (self->job_box, active);
  gtk_widget_set_visible (self->job_cancel_button, active);
  vm_row_show_job_progress (self);
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
  vm_row_set_tooltip (GTK_WIDGET (self->state_label), reason);
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
  vm_row_update_job (self);
  _pvm_vm_row_update_spinner (self);
  _pvm_vm_row_update_actions (self);
  vm_row_update_stats (self);
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
pvm_vm_row_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pvm_vm_row_parent_class)->map (widget);
  vm_row_update_stats (PVM_VM_ROW (widget));
}

static void
pvm_vm_row_unmap (GtkWidget *widget)
{
  PvmVmRow *self = PVM_VM_ROW (widget);

  if (self->sampler)
    pvm_stats_sampler_set_active (self->sampler, FALSE);
  GTK_WIDGET_CLASS (pvm_vm_row_parent_class)->unmap (widget);
}

static void
pvm_vm_row_dispose (GObject *object)
{
  PvmVmRow *self = PVM_VM_ROW (object);

  if (self->sampler)
    g_signal_handlers_disconnect_by_data (self->sampler, self);
  g_clear_object (&self->sampler);
  vm_row_drop_job (self);
  if (self->domain)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
  /* Made on demand, these go with the widgets that hold them. */
  self->spinner = NULL;
  self->cpu_sparkline = NULL;
  self->job_box = NULL;
  self->job_progress = NULL;
  self->job_label = NULL;
  self->job_cancel_button = NULL;
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
    self->sampler = pvm_stats_sampler_new (self->domain);
    g_signal_connect (self->sampler, "sample", G_CALLBACK (vm_row_on_sample), self);
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
  widget_class->map = pvm_vm_row_map;
  widget_class->unmap = pvm_vm_row_unmap;

  properties[PROP_DOMAIN] = g_param_spec_object ("domain", NULL, NULL, PVM_TYPE_DOMAIN,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-vm-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, console_button);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PvmVmRow, vm_menu);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  _pvm_vm_row_class_install_actions (widget_class);
}

/* The menu's popover is built when it first opens, not with each row: with many machines,
 * that is most of what a row costs to create. */
static void
vm_row_create_menu (GtkMenuButton *button, gpointer data)
{
  PvmVmRow *self = data;

  gtk_menu_button_set_menu_model (button, self->vm_menu);
}

static void
pvm_vm_row_init (PvmVmRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, vm_row_create_menu, self, NULL);
  vm_row_set_tooltip (self->console_button, _("Open Serial Console"));
  vm_row_set_tooltip (GTK_WIDGET (self->menu_button), _("More Actions"));
}

/* pvm-details-window.c: a machine's details.
 *
 * The Overview shows the definition as pvmd stores it (Domain.GetXML, read with
 * PvmDomainConfig), read again whenever the domain's properties say it changed and when the
 * window comes forward. The fields keep what the user typed until Apply, which writes the
 * changed values into that XML (pvm-domain-edit) and defines it again (Host.DefineDomain,
 * same UUID and name): pvmd checks it, and a refusal shows its sentence in the banner, on top
 * of the fields as typed, with the row it names marked. Autostart is no part of the
 * definition: its switch calls Domain.SetAutostart at once. */
#include "pvm-details-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "common/pvm-connect.h"
#include "common/pvm-domain-config.h"
#include "pvm-details-performance.h"
#include "pvm-device-group.h"
#include "pvm-domain-edit.h"
#include "pvm-vm-row.h"

#define DETAILS_TOAST_SECONDS 4

struct _PvmDetailsWindow {
  AdwApplicationWindow parent_instance;

  PvmDomain *domain;
  GDBusObject *object;           /* the domain's object, watched: it goes with the domain */
  GCancellable *cancellable;     /* every call of the window, cancelled when it goes */
  GCancellable *load_cancellable; /* the GetXML under way */
  PvmDomainConfig *config;       /* the definition last read, or NULL */
  char *xml;                     /* that definition as pvmd gave it */
  GtkWidget *problem_row;        /* the row pvmd's refusal names, or NULL */
  gboolean filling;              /* the fields are being set from the definition */
  gboolean applying;
  gboolean gone;                 /* the domain is no longer defined */

  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay *toast_overlay;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  AdwViewStack *view_stack;
  GtkWidget *apply_button;
  GtkWidget *revert_button;
  AdwPreferencesGroup *general_group;
  GtkLabel *state_label;
  GtkLabel *mode_label;
  GtkSwitch *autostart_switch;
  AdwPreferencesGroup *boot_group;
  AdwActionRow *vcpus_row;
  AdwActionRow *memory_row;
  GtkSpinButton *vcpus_spin;
  GtkSpinButton *memory_spin;
  AdwEntryRow *loader_row;
  AdwEntryRow *kernel_row;
  AdwEntryRow *initrd_row;
  AdwEntryRow *cmdline_row;
  PvmDeviceGroup *disks_group;
  PvmDeviceGroup *network_group;
  PvmDetailsPerformance *performance;
};

G_DEFINE_FINAL_TYPE (PvmDetailsWindow, pvm_details_window, ADW_TYPE_APPLICATION_WINDOW)

static void details_window_load (PvmDetailsWindow *self);
static void details_window_update (PvmDetailsWindow *self);

static const char *const details_states[] = { "running", "paused", "shutoff", "crashed" };

static const char *
details_window_state (PvmDetailsWindow *self)
{
  return pvm_domain_get_state (self->domain) ?: "";
}

static const char *
details_window_name (PvmDetailsWindow *self)
{
  return pvm_domain_get_name (self->domain) ?: "";
}

/* pvmd takes a new definition only while the machine is off. */
static gboolean
details_window_is_off (PvmDetailsWindow *self)
{
  const char *state = details_window_state (self);

  return g_str_equal (state, "shutoff") || g_str_equal (state, "crashed");
}

static gboolean
details_window_is_editable (PvmDetailsWindow *self)
{
  return self->config && !self->applying && !self->gone && details_window_is_off (self);
}

/* The path or text of @row without surrounding spaces; "" for none. Newly allocated. */
static char *
details_window_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Whether the text of @row differs from @value (NULL: none). */
static gboolean
details_window_entry_changed (AdwEntryRow *row, const char *value)
{
  g_autofree char *text = details_window_entry_text (row);

  return g_strcmp0 (text, value ? value : "") != 0;
}

/* The number in @spin: what is typed, before the spin button takes it (on Enter or when it
 * loses the focus), else its value. */
static double
details_window_spin_value (GtkSpinButton *spin)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end;
  double typed = g_ascii_strtod (text, &end);

  return end != text && *end == '\0' ? typed : gtk_spin_button_get_value (spin);
}

static guint
details_window_vcpus (PvmDetailsWindow *self)
{
  return (guint) details_window_spin_value (self->vcpus_spin);
}

static guint64
details_window_memory (PvmDetailsWindow *self)
{
  return (guint64) details_window_spin_value (self->memory_spin);
}

/* Whether a field holds something else than the definition. */
static gboolean
details_window_is_changed (PvmDetailsWindow *self)
{
  PvmDomainConfig *c = self->config;

  if (!c)
    return FALSE;
  return details_window_vcpus (self) != pvm_domain_config_get_vcpus (c) ||
         details_window_memory (self) != pvm_domain_config_get_memory_mib (c) ||
         details_window_entry_changed (self->loader_row, pvm_domain_config_get_loader (c)) ||
         details_window_entry_changed (self->kernel_row, pvm_domain_config_get_kernel (c)) ||
         details_window_entry_changed (self->initrd_row, pvm_domain_config_get_initrd (c)) ||
         details_window_entry_changed (self->cmdline_row, pvm_domain_config_get_cmdline (c));
}

static void
details_window_update_actions (PvmDetailsWindow *self)
{
  gboolean changed = details_window_is_changed (self);
  gboolean overview =
    g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "overview") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.apply",
                                 changed && details_window_is_editable (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.revert",
                                 changed && !self->applying);
  gtk_widget_set_visible (self->apply_button, overview);
  gtk_widget_set_visible (self->revert_button, overview);
}

/* ---- the banner: what pvmd refused, or that the domain is gone ---- */

static void
details_window_clear_problem (PvmDetailsWindow *self)
{
  if (self->problem_row)
    gtk_widget_remove_css_class (self->problem_row, "error");
  self->problem_row = NULL;
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
details_window_show_banner (PvmDetailsWindow *self, const char *text)
{
  gtk_label_set_label (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/* Shows @error's sentence (without a D-Bus error name) in the banner, and marks the row of
 * the element it names first. */
static void
details_window_show_problem (PvmDetailsWindow *self, const GError *error)
{
  g_autoptr (GError) copy = g_error_copy (error);
  const struct {
    const char *element;
    GtkWidget *row;
  } rows[] = {
    { "<vcpu>", GTK_WIDGET (self->vcpus_row) },
    { "<memory>", GTK_WIDGET (self->memory_row) },
    { "<loader>", GTK_WIDGET (self->loader_row) },
    { "<kernel>", GTK_WIDGET (self->kernel_row) },
    { "<initrd>", GTK_WIDGET (self->initrd_row) },
    { "<cmdline>", GTK_WIDGET (self->cmdline_row) },
  };
  const char *first = NULL;

  g_dbus_error_strip_remote_error (copy);
  details_window_clear_problem (self);
  details_window_show_banner (self, copy->message);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    const char *at = strstr (copy->message, rows[i].element);
    if (at && (!first || at < first)) {
      first = at;
      self->problem_row = rows[i].row;
    }
  }
  if (self->problem_row)
    gtk_widget_add_css_class (self->problem_row, "error");
}

static void
details_window_show_toast (PvmDetailsWindow *self, const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, DETAILS_TOAST_SECONDS);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- the settings ---- */

static void
details_window_set_entry (AdwEntryRow *row, const char *value)
{
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
}

/* Sets the fields to the definition. */
static void
details_window_fill_settings (PvmDetailsWindow *self)
{
  PvmDomainConfig *c = self->config;
  gboolean full = pvm_domain_config_get_mode (c) == PVM_DOMAIN_MODE_FULL;

  self->filling = TRUE;
  gtk_spin_button_set_value (self->vcpus_spin, pvm_domain_config_get_vcpus (c));
  gtk_spin_button_set_value (self->memory_spin, (double) pvm_domain_config_get_memory_mib (c));
  details_window_set_entry (self->loader_row, pvm_domain_config_get_loader (c));
  details_window_set_entry (self->kernel_row, pvm_domain_config_get_kernel (c));
  details_window_set_entry (self->initrd_row, pvm_domain_config_get_initrd (c));
  details_window_set_entry (self->cmdline_row, pvm_domain_config_get_cmdline (c));
  self->filling = FALSE;

  /* Full virtualization boots firmware, which may boot a kernel (such as U-Boot) next. */
  gtk_widget_set_visible (GTK_WIDGET (self->loader_row), full);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kernel_row),
                                 full ? _("Boot Loader") : _("Kernel"));
  gtk_widget_set_visible (GTK_WIDGET (self->initrd_row),
                          !full || pvm_domain_config_get_initrd (c));
  gtk_widget_set_visible (GTK_WIDGET (self->cmdline_row),
                          !full || pvm_domain_config_get_cmdline (c));
  details_window_clear_problem (self);
}

static void
details_window_on_changed (PvmDetailsWindow *self)
{
  if (self->filling)
    return;
  if (self->problem_row)
    gtk_widget_remove_css_class (self->problem_row, "error");
  self->problem_row = NULL;
  details_window_update_actions (self);
}

static void
details_window_on_xml (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmDetailsWindow) self = data;
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomainConfig) config = NULL;
  gboolean changed;

  if (!pvm_domain_call_get_xml_finish (PVM_DOMAIN (source), &xml, result, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->gone)
      details_window_show_problem (self, error);
    return;
  }
  g_clear_object (&self->load_cancellable);
  if (!(config = pvm_domain_config_new_from_xml (xml, &error))) {
    details_window_show_problem (self, error);
    return;
  }
  changed = details_window_is_changed (self);
  g_set_object (&self->config, config);
  g_free (self->xml);
  self->xml = g_steal_pointer (&xml);
  pvm_device_group_show_disks (self->disks_group, self->domain, config);
  pvm_device_group_show_interfaces (self->network_group, config);
  if (!changed)
    details_window_fill_settings (self);
  details_window_update (self);
}

/* Reads the definition again; a read under way is dropped. */
static void
details_window_load (PvmDetailsWindow *self)
{
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->gone)
    return;
  self->load_cancellable = g_cancellable_new ();
  pvm_domain_call_get_xml (self->domain, self->load_cancellable, details_window_on_xml,
                           g_object_ref (self));
}

static void
details_window_on_defined (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmDetailsWindow) self = data;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (!reply && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->applying = FALSE;
  if (reply) {
    g_autofree char *saved =
      g_strdup_printf (_("The new settings of “%s” are saved."), details_window_name (self));
    details_window_clear_problem (self);
    details_window_show_toast (self, saved);
    details_window_load (self);
  } else {
    details_window_show_problem (self, error);
  }
  details_window_update (self);
}

static void
details_window_apply (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (widget);
  PvmDomainConfig *c = self->config;
  g_autofree char *loader = details_window_entry_text (self->loader_row);
  g_autofree char *kernel = details_window_entry_text (self->kernel_row);
  g_autofree char *initrd = details_window_entry_text (self->initrd_row);
  g_autofree char *cmdline = details_window_entry_text (self->cmdline_row);
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  PvmDomainEdit edit = { 0 };

  gtk_spin_button_update (self->vcpus_spin);
  gtk_spin_button_update (self->memory_spin);
  if (!details_window_is_editable (self) || !details_window_is_changed (self))
    return;
  if (details_window_vcpus (self) != pvm_domain_config_get_vcpus (c))
    edit.vcpus = details_window_vcpus (self);
  if (details_window_memory (self) != pvm_domain_config_get_memory_mib (c))
    edit.memory_mib = details_window_memory (self);
  if (details_window_entry_changed (self->loader_row, pvm_domain_config_get_loader (c)))
    edit.loader = loader;
  if (details_window_entry_changed (self->kernel_row, pvm_domain_config_get_kernel (c)))
    edit.kernel = kernel;
  if (details_window_entry_changed (self->initrd_row, pvm_domain_config_get_initrd (c)))
    edit.initrd = initrd;
  if (details_window_entry_changed (self->cmdline_row, pvm_domain_config_get_cmdline (c)))
    edit.cmdline = cmdline;
  if (!(xml = pvm_domain_edit_apply (self->xml, &edit, &error))) {
    details_window_show_problem (self, error);
    return;
  }

  self->applying = TRUE;
  g_dbus_connection_call (g_dbus_proxy_get_connection (G_DBUS_PROXY (self->domain)),
                          g_dbus_proxy_get_name (G_DBUS_PROXY (self->domain)),
                          PVM_CONNECT_HOST_PATH, "org.pvm.Hypervisor1.Host", "DefineDomain",
                          g_variant_new ("(s)", xml), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          details_window_on_defined, g_object_ref (self));
  details_window_update (self);
}

static void
details_window_revert (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (widget);

  if (self->config)
    details_window_fill_settings (self);
  details_window_update_actions (self);
}

/* ---- autostart ---- */

static void
details_window_on_autostart_set (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmDetailsWindow) self = data;
  g_autoptr (GError) error = NULL;

  if (!pvm_domain_call_set_autostart_finish (PVM_DOMAIN (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_switch), TRUE);
  if (error)
    details_window_show_problem (self, error);
  details_window_update (self);
}

static void
details_window_on_autostart_toggled (PvmDetailsWindow *self)
{
  gboolean active = gtk_switch_get_active (self->autostart_switch);

  if (self->filling || !self->domain || self->gone ||
      active == pvm_domain_get_autostart (self->domain))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_switch), FALSE);
  pvm_domain_call_set_autostart (self->domain, active, self->cancellable,
                                 details_window_on_autostart_set, g_object_ref (self));
}

/* ---- the window ---- */

static void
details_window_update (PvmDetailsWindow *self)
{
  const char *name = details_window_name (self);
  const char *state = details_window_state (self);
  const char *reason = pvm_domain_get_state_reason (self->domain);
  gboolean off = details_window_is_off (self);
  gboolean editable = details_window_is_editable (self);
  gboolean full = g_strcmp0 (pvm_domain_get_mode (self->domain), "full") == 0;
  g_autofree char *title = g_strdup_printf (_("Details of %s"), name);
  g_autofree char *shut_down = g_strdup_printf (_("Shut down “%s” to change this"), name);
  g_autofree char *shut_down_boot =
    g_strdup_printf (_("Shut down “%s” to change how it boots."), name);
  AdwEntryRow *boot_rows[] = { self->loader_row, self->kernel_row, self->initrd_row,
                               self->cmdline_row };
  const char *hint = (off || self->gone) ? "" : shut_down;

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, pvm_vm_row_state_label (state));
  adw_preferences_group_set_title (self->general_group, name);
  adw_preferences_group_set_description (self->general_group,
                                         reason && *reason ? reason : NULL);

  gtk_label_set_label (self->state_label, pvm_vm_row_state_label (state));
  for (guint i = 0; i < G_N_ELEMENTS (details_states); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), details_states[i]);
  if (g_strv_contains (details_states, state))
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state);
  gtk_label_set_label (self->mode_label,
                       full ? _("Full virtualization") : _("Paravirtualized"));

  self->filling = TRUE;
  gtk_switch_set_active (self->autostart_switch, pvm_domain_get_autostart (self->domain));
  self->filling = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_switch), !self->gone);

  /* The spin buttons too: assistive tools read each widget's own sensitivity. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->vcpus_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->vcpus_spin), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->memory_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->memory_spin), editable);
  adw_action_row_set_subtitle (self->vcpus_row, hint);
  adw_action_row_set_subtitle (self->memory_row, hint);
  for (guint i = 0; i < G_N_ELEMENTS (boot_rows); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (boot_rows[i]), editable);
  if (!off && !self->gone)
    adw_preferences_group_set_description (self->boot_group, shut_down_boot);
  else if (full)
    adw_preferences_group_set_description (
      self->boot_group, _("The machine starts its firmware, which boots the boot loader."));
  else
    adw_preferences_group_set_description (
      self->boot_group, _("The hypervisor loads the kernel and starts it directly."));
  details_window_update_actions (self);
}

static void
details_window_on_domain_notify (GObject *domain, GParamSpec *pspec, gpointer data)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (data);
  static const char *const definition[] = { "name", "mode", "vcpus", "memory-mib", NULL };

  /* Those properties change when the definition does (pvmctl edit, another window). */
  if (g_strv_contains (definition, pspec->name))
    details_window_load (self);
  details_window_update (self);
}

/* The domain's object went: pvmd undefined the domain, or pvmd is gone. */
static void
details_window_on_object_gone (gpointer data, GObject *where_the_object_was)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (data);
  g_autofree char *text =
    g_strdup_printf (_("“%s” is no longer defined on its host."), details_window_name (self));

  self->object = NULL;
  self->gone = TRUE;
  details_window_clear_problem (self);
  details_window_show_banner (self, text);
  pvm_details_performance_set_domain (self->performance, NULL);
  details_window_update (self);
}

static void
details_window_drop_domain (PvmDetailsWindow *self)
{
  if (self->object)
    g_object_weak_unref (G_OBJECT (self->object), details_window_on_object_gone, self);
  self->object = NULL;
  if (self->domain)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
}

static void
details_window_set_domain (PvmDetailsWindow *self, PvmDomain *domain)
{
  if (self->domain == domain)
    return;
  details_window_drop_domain (self);
  self->domain = g_object_ref (domain);
  self->gone = FALSE;
  g_signal_connect (domain, "notify", G_CALLBACK (details_window_on_domain_notify), self);
  self->object = g_dbus_interface_get_object (G_DBUS_INTERFACE (domain));
  if (self->object)
    g_object_weak_ref (G_OBJECT (self->object), details_window_on_object_gone, self);
  details_window_clear_problem (self);
  pvm_details_performance_set_domain (self->performance, domain);
  details_window_update (self);
  details_window_load (self);
}

PvmDetailsWindow *
pvm_details_window_present (GtkApplication *app, PvmDomain *domain)
{
  PvmDetailsWindow *self = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (PVM_IS_DOMAIN (domain), NULL);

  for (GList *l = gtk_application_get_windows (app); l && !self; l = l->next)
    if (PVM_IS_DETAILS_WINDOW (l->data) &&
        pvm_connect_same_domain (((PvmDetailsWindow *) l->data)->domain, domain))
      self = l->data;
  if (!self) {
    self = g_object_new (PVM_TYPE_DETAILS_WINDOW, "application", app, NULL);
    details_window_set_domain (self, domain);
  } else if (self->domain != domain) {
    details_window_set_domain (self, domain);
  }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

PvmDomain *
pvm_details_window_get_domain (PvmDetailsWindow *self)
{
  g_return_val_if_fail (PVM_IS_DETAILS_WINDOW (self), NULL);
  return self->domain;
}

/* Coming forward, the window reads the definition again unless the user changed a field:
 * pvmctl edit may have changed what no property shows (a path). */
static void
details_window_on_is_active (GObject *object, GParamSpec *pspec, gpointer data)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (object);

  if (gtk_window_is_active (GTK_WINDOW (self)) && self->domain && self->config &&
      !self->applying && !details_window_is_changed (self))
    details_window_load (self);
}

/* The graphs are fed while the window shows (the template is gone once it is disposed). */
static void
pvm_details_window_map (GtkWidget *widget)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (widget);

  GTK_WIDGET_CLASS (pvm_details_window_parent_class)->map (widget);
  if (self->performance)
    pvm_details_performance_set_active (self->performance, TRUE);
}

static void
pvm_details_window_unmap (GtkWidget *widget)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (widget);

  if (self->performance)
    pvm_details_performance_set_active (self->performance, FALSE);
  GTK_WIDGET_CLASS (pvm_details_window_parent_class)->unmap (widget);
}

static void
pvm_details_window_dispose (GObject *object)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  details_window_drop_domain (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PVM_TYPE_DETAILS_WINDOW);
  G_OBJECT_CLASS (pvm_details_window_parent_class)->dispose (object);
}

static void
pvm_details_window_finalize (GObject *object)
{
  PvmDetailsWindow *self = PVM_DETAILS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->config);
  g_free (self->xml);
  G_OBJECT_CLASS (pvm_details_window_parent_class)->finalize (object);
}

static void
pvm_details_window_class_init (PvmDetailsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_details_window_dispose;
  object_class->finalize = pvm_details_window_finalize;
  widget_class->map = pvm_details_window_map;
  widget_class->unmap = pvm_details_window_unmap;

  g_type_ensure (PVM_TYPE_DETAILS_PERFORMANCE);
  g_type_ensure (PVM_TYPE_DEVICE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-details-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, apply_button);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, revert_button);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, general_group);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, mode_label);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, boot_group);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, vcpus_row);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, memory_row);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, loader_row);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, kernel_row);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, initrd_row);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, cmdline_row);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, disks_group);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, network_group);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsWindow, performance);
  gtk_widget_class_bind_template_callback (widget_class, details_window_on_changed);
  gtk_widget_class_bind_template_callback (widget_class, details_window_on_autostart_toggled);

  gtk_widget_class_install_action (widget_class, "details.apply", NULL, details_window_apply);
  gtk_widget_class_install_action (widget_class, "details.revert", NULL, details_window_revert);
}

static void
pvm_details_window_init (PvmDetailsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  /* The template sets values: no field is changed by the user yet. */
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spin_button_set_range (self->vcpus_spin, 1, PVM_DOMAIN_MAX_VCPUS);
  gtk_spin_button_set_range (self->memory_spin, PVM_DOMAIN_MIN_MEMORY_MIB,
                             PVM_DOMAIN_MAX_MEMORY_MIB);
  self->filling = FALSE;
  g_signal_connect (self, "notify::is-active", G_CALLBACK (details_window_on_is_active), NULL);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (details_window_update_actions), self);
  details_window_update_actions (self);
}

/* pvm-create-wizard.c: the create-VM wizard — its steps and the calls that create the
 * machine. */
#include "pvm-create-wizard.h"

#include <glib/gi18n.h>

#include "common/pvm-connect.h"
#include "pvm-create-request.h"
#include "pvm-create-wizard-page-full.h"
#include "pvm-create-wizard-page-hardware.h"
#include "pvm-create-wizard-page-pv.h"
#include "pvm-create-wizard-page-storage.h"
#include "pvm-create-wizard-private.h"
#include "pvm-manager-window.h"

#define WIZARD_ERROR_TOAST_SECONDS 10

typedef enum {
  WIZARD_STEP_MODE,
  WIZARD_STEP_BOOT, /* the PV or the full page, after the mode */
  WIZARD_STEP_HARDWARE,
  WIZARD_STEP_STORAGE,
  WIZARD_STEP_REVIEW,
  WIZARD_N_STEPS
} WizardStep;

struct _PvmCreateWizard {
  AdwWindow parent_instance;

  PvmHostEntry *entry;
  PvmHost *host;
  GCancellable *cancellable;
  GDBusObjectManager *manager; /* for the pools and networks */
  char *uuid;
  WizardStep step;
  char *xml; /* the definition the review shows, or NULL if it cannot be made */

  /* while creating */
  gboolean working;
  PvmStoragePool *pool;
  char *volume; /* the new disk's volume once it is made */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkWidget *create_button;
  GtkStack *stack;
  GtkToggleButton *pv_choice;
  GtkToggleButton *full_choice;
  PvmCreateWizardPagePv *pv_page;
  PvmCreateWizardPageFull *full_page;
  PvmCreateWizardPageHardware *hardware_page;
  PvmCreateWizardPageStorage *storage_page;
  AdwActionRow *name_summary;
  AdwActionRow *boot_summary;
  AdwActionRow *hardware_summary;
  AdwActionRow *disk_summary;
  AdwActionRow *network_summary;
  GtkSwitch *start_switch;
  GtkLabel *review_problem_label;
  GtkTextView *xml_view;
  AdwStatusPage *working_page;
  GtkSpinner *working_spinner;
};

G_DEFINE_FINAL_TYPE (PvmCreateWizard, pvm_create_wizard, ADW_TYPE_WINDOW)

/* ---- what the pages share ---- */

void
_pvm_create_wizard_mark_field (GtkWidget *field, const char *problem)
{
  if (problem)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                               problem ? GTK_ACCESSIBLE_INVALID_TRUE
                                       : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem ?: "", -1);
}

void
_pvm_create_wizard_show_problem (GtkLabel *label, const char *problem)
{
  gtk_label_set_label (label, problem ?: "");
  gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
}

gboolean
_pvm_create_wizard_name_taken (GListModel *domains, const char *name)
{
  guint n = domains ? g_list_model_get_n_items (domains) : 0;

  for (guint i = 0; i < n; i++) {
    g_autoptr (PvmDomain) domain = g_list_model_get_item (domains, i);
    if (g_strcmp0 (pvm_domain_get_name (domain), name) == 0)
      return TRUE;
  }
  return FALSE;
}

char *
_pvm_create_wizard_unique_name (GListModel *domains, const char *name)
{
  char *unique = g_strdup (name);

  for (guint i = 2; _pvm_create_wizard_name_taken (domains, unique); i++) {
    g_free (unique);
    unique = g_strdup_printf ("%s-%u", name, i);
  }
  return unique;
}

/* ---- steps ---- */

static gboolean
wizard_is_pv (PvmCreateWizard *self)
{
  return gtk_toggle_button_get_active (self->pv_choice);
}

static const char *
wizard_step_page (PvmCreateWizard *self, WizardStep step)
{
  static const char *const pages[] = { "mode", NULL, "hardware", "storage", "review" };

  if (step == WIZARD_STEP_BOOT)
    return wizard_is_pv (self) ? "pv" : "full";
  return pages[step];
}

static const char *
wizard_step_title (PvmCreateWizard *self, WizardStep step)
{
  switch (step) {
  case WIZARD_STEP_MODE:
    return _("Kind of Machine");
  case WIZARD_STEP_BOOT:
    return wizard_is_pv (self) ? _("Operating System") : _("Disk and Firmware");
  case WIZARD_STEP_HARDWARE:
    return _("Name and Hardware");
  case WIZARD_STEP_STORAGE:
    return _("Storage and Network");
  case WIZARD_STEP_REVIEW:
  case WIZARD_N_STEPS:
    break;
  }
  return _("Review");
}

static gboolean
wizard_step_complete (PvmCreateWizard *self, WizardStep step)
{
  switch (step) {
  case WIZARD_STEP_MODE:
    return TRUE;
  case WIZARD_STEP_BOOT:
    return pvm_create_wizard_page_get_complete (
      wizard_is_pv (self) ? PVM_CREATE_WIZARD_PAGE (self->pv_page)
                          : PVM_CREATE_WIZARD_PAGE (self->full_page));
  case WIZARD_STEP_HARDWARE:
    return pvm_create_wizard_page_get_complete (PVM_CREATE_WIZARD_PAGE (self->hardware_page));
  case WIZARD_STEP_STORAGE:
    return pvm_create_wizard_page_get_complete (PVM_CREATE_WIZARD_PAGE (self->storage_page));
  case WIZARD_STEP_REVIEW:
  case WIZARD_N_STEPS:
    break;
  }
  return self->xml != NULL;
}

/* Enables what the step and its fields allow: Next once the page is right, Create once the
 * definition is made, nothing while the machine is being created. */
static void
wizard_update_actions (PvmCreateWizard *self)
{
  gboolean complete = !self->working && wizard_step_complete (self, self->step);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 complete && self->step != WIZARD_STEP_REVIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.create",
                                 complete && self->step == WIZARD_STEP_REVIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !self->working && self->step != WIZARD_STEP_MODE);
}

/* Fills @request from the pages; its strings belong to them. */
static void
wizard_fill_request (PvmCreateWizard *self, PvmCreateRequest *request)
{
  *request = (PvmCreateRequest) {
    .uuid = self->uuid,
    .mode = wizard_is_pv (self) ? PVM_DOMAIN_MODE_PV : PVM_DOMAIN_MODE_FULL,
  };
  pvm_create_wizard_page_hardware_fill (self->hardware_page, request);
  if (wizard_is_pv (self))
    pvm_create_wizard_page_pv_fill (self->pv_page, request);
  else
    pvm_create_wizard_page_full_fill (self->full_page, request);
  pvm_create_wizard_page_storage_fill (self->storage_page, request);
}

/* Shows what will be created, and the definition, or why it cannot be made. */
static void
wizard_prepare_review (PvmCreateWizard *self)
{
  PvmCreateRequest request;
  g_autoptr (GError) error = NULL;
  g_autofree char *boot = NULL, *hardware = NULL, *disk = NULL, *network = NULL;

  wizard_fill_request (self, &request);
  g_free (self->xml);
  self->xml = pvm_create_request_to_xml (&request, &error);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view), self->xml ?: "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->xml_view), self->xml != NULL);
  _pvm_create_wizard_show_problem (self->review_problem_label, error ? error->message : NULL);

  boot = wizard_is_pv (self) ? pvm_create_wizard_page_pv_describe (self->pv_page)
                             : pvm_create_wizard_page_full_describe (self->full_page);
  hardware = pvm_create_wizard_page_hardware_describe (self->hardware_page);
  disk = pvm_create_wizard_page_storage_describe_disk (self->storage_page);
  network = pvm_create_wizard_page_storage_describe_network (self->storage_page);
  adw_action_row_set_subtitle (self->name_summary, request.name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->boot_summary),
                                 wizard_is_pv (self) ? _("Paravirtualized")
                                                     : _("Full Virtualization"));
  adw_action_row_set_subtitle (self->boot_summary, boot ?: "");
  adw_action_row_set_subtitle (self->hardware_summary, hardware);
  adw_action_row_set_subtitle (self->disk_summary, disk);
  adw_action_row_set_subtitle (self->network_summary, network);
}

/* Gets the step's page ready from what the steps before it chose. */
static void
wizard_prepare_step (PvmCreateWizard *self, WizardStep step)
{
  switch (step) {
  case WIZARD_STEP_HARDWARE:
    if (wizard_is_pv (self)) {
      pvm_create_wizard_page_hardware_suggest_name (
        self->hardware_page, pvm_create_wizard_page_pv_get_suggested_name (self->pv_page));
    } else {
      g_autofree char *name = pvm_create_wizard_page_full_get_suggested_name (self->full_page);
      pvm_create_wizard_page_hardware_suggest_name (self->hardware_page, name);
    }
    break;
  case WIZARD_STEP_STORAGE:
    pvm_create_wizard_page_storage_set_disk_required (
      self->storage_page,
      !wizard_is_pv (self) && pvm_create_wizard_page_full_get_wants_blank_disk (self->full_page));
    pvm_create_wizard_page_storage_set_name (
      self->storage_page, pvm_create_wizard_page_hardware_get_name (self->hardware_page));
    break;
  case WIZARD_STEP_REVIEW:
    wizard_prepare_review (self);
    break;
  case WIZARD_STEP_MODE:
  case WIZARD_STEP_BOOT:
  case WIZARD_N_STEPS:
    break;
  }
}

static void
wizard_show_step (PvmCreateWizard *self, WizardStep step)
{
  g_autofree char *subtitle = NULL;

  self->step = step;
  wizard_prepare_step (self, step);
  gtk_stack_set_visible_child_name (self->stack, wizard_step_page (self, step));
  /* Translators: the step's number, the number of steps and the step's title. */
  subtitle = g_strdup_printf (_("Step %d of %d: %s"), step + 1, WIZARD_N_STEPS,
                              wizard_step_title (self, step));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->cancel_button, step == WIZARD_STEP_MODE);
  gtk_widget_set_visible (self->back_button, step != WIZARD_STEP_MODE);
  gtk_widget_set_visible (self->next_button, step != WIZARD_STEP_REVIEW);
  gtk_widget_set_visible (self->create_button, step == WIZARD_STEP_REVIEW);
  gtk_window_set_default_widget (GTK_WINDOW (self), step == WIZARD_STEP_REVIEW
                                                      ? self->create_button
                                                      : self->next_button);
  if (step == WIZARD_STEP_HARDWARE)
    pvm_create_wizard_page_hardware_focus (self->hardware_page);
  wizard_update_actions (self);
}

static void
wizard_next (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmCreateWizard *self = PVM_CREATE_WIZARD (widget);

  if (self->step < WIZARD_STEP_REVIEW && wizard_step_complete (self, self->step))
    wizard_show_step (self, self->step + 1);
}

static void
wizard_back (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmCreateWizard *self = PVM_CREATE_WIZARD (widget);

  if (self->step > WIZARD_STEP_MODE && !self->working)
    wizard_show_step (self, self->step - 1);
}

/* ---- creating ---- */

static void
wizard_show_working (PvmCreateWizard *self, const char *title)
{
  self->working = TRUE;
  adw_status_page_set_title (self->working_page, title);
  gtk_spinner_set_spinning (self->working_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "working");
  gtk_widget_set_visible (self->back_button, FALSE);
  wizard_update_actions (self);
}

/* Shows @error's sentence (without a D-Bus error name) as a toast. */
static void
wizard_show_error (PvmCreateWizard *self, GError *error)
{
  AdwToast *toast;
  GtkWidget *label;

  g_dbus_error_strip_remote_error (error);
  label = gtk_label_new (error->message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* A toast gives a wrapping label little room: ask for the sentence's width, up to a line. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (error->message, -1), 48));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_timeout (toast, WIZARD_ERROR_TOAST_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Goes back to the review with pvmd's sentence, after undoing the new disk. */
static void
wizard_fail (PvmCreateWizard *self, GError *error)
{
  if (self->volume)
    pvm_storage_pool_call_delete_volume (self->pool, self->volume, NULL, NULL, NULL);
  g_clear_pointer (&self->volume, g_free);
  g_clear_object (&self->pool);
  self->working = FALSE;
  gtk_spinner_set_spinning (self->working_spinner, FALSE);
  wizard_show_step (self, WIZARD_STEP_REVIEW);
  wizard_show_error (self, error);
}

/* Closes the wizard; an error of Start goes to the main window, naming the machine. */
static void
wizard_finish (PvmCreateWizard *self, const GError *start_error)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (start_error && PVM_IS_MANAGER_WINDOW (parent)) {
    g_autoptr (GError) copy = g_error_copy (start_error);
    g_autoptr (GError) error = NULL;

    g_dbus_error_strip_remote_error (copy);
    /* Translators: the new machine's name, then pvmd's sentence on why it did not start. */
    error = g_error_new (copy->domain, copy->code, _("“%s” is created but did not start: %s"),
                         pvm_create_wizard_page_hardware_get_name (self->hardware_page),
                         copy->message);
    pvm_manager_window_show_error (PVM_MANAGER_WINDOW (parent), error);
  }
  self->working = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
wizard_on_started (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmCreateWizard) self = data;
  g_autoptr (GError) error = NULL;

  if (!pvm_domain_call_start_finish (PVM_DOMAIN (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  wizard_finish (self, error);
}

static void
wizard_on_domain (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmCreateWizard) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_domain_proxy_new_finish (result, &error);

  if (!domain) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      wizard_finish (self, error);
    return;
  }
  pvm_domain_call_start (domain, self->cancellable, wizard_on_started, g_object_ref (self));
}

static void
wizard_on_defined (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmCreateWizard) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (!pvm_host_call_define_domain_finish (self->host, &path, result, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      wizard_fail (self, error);
    return;
  }
  if (!gtk_switch_get_active (self->start_switch)) {
    wizard_finish (self, NULL);
    return;
  }
  g_autofree char *title = g_strdup_printf (
    _("Starting “%s”…"), pvm_create_wizard_page_hardware_get_name (self->hardware_page));
  wizard_show_working (self, title);
  pvm_domain_proxy_new (g_dbus_proxy_get_connection (G_DBUS_PROXY (self->host)),
                        G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                        g_dbus_proxy_get_name (G_DBUS_PROXY (self->host)), path,
                        self->cancellable, wizard_on_domain, g_object_ref (self));
}

/* Defines the machine, with @new_disk (the path pvmd gave the new volume) if there is one. */
static void
wizard_define (PvmCreateWizard *self, const char *new_disk)
{
  PvmCreateRequest request;
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;

  wizard_fill_request (self, &request);
  if (new_disk)
    request.new_disk = new_disk;
  if (!(xml = pvm_create_request_to_xml (&request, &error))) {
    wizard_fail (self, error);
    return;
  }
  pvm_host_call_define_domain (self->host, xml, self->cancellable, wizard_on_defined,
                               g_object_ref (self));
}

static void
wizard_on_volume (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmCreateWizard) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (!pvm_storage_pool_call_create_volume_finish (PVM_STORAGE_POOL (source), &path, result,
                                                   &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_clear_pointer (&self->volume, g_free); /* nothing to undo */
      wizard_fail (self, error);
    }
    return;
  }
  wizard_define (self, path);
}

static void
wizard_create (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmCreateWizard *self = PVM_CREATE_WIZARD (widget);
  PvmStoragePool *pool = pvm_create_wizard_page_storage_get_pool (self->storage_page);
  g_autofree char *title = NULL;

  if (self->working || !self->xml)
    return;
  title = g_strdup_printf (_("Creating “%s”…"),
                           pvm_create_wizard_page_hardware_get_name (self->hardware_page));
  wizard_show_working (self, title);
  if (!pool) {
    wizard_define (self, NULL);
    return;
  }
  g_set_object (&self->pool, pool);
  self->volume = g_strdup (pvm_create_wizard_page_storage_get_volume (self->storage_page));
  pvm_storage_pool_call_create_volume (
    pool, self->volume, pvm_create_wizard_page_storage_get_disk_bytes (self->storage_page),
    self->cancellable, wizard_on_volume, g_object_ref (self));
}

/* ---- the window ---- */

static void
wizard_on_manager (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmCreateWizard) self = data;
  g_autoptr (GError) error = NULL;
  GDBusObjectManager *manager = pvm_object_manager_client_new_finish (result, &error);

  if (!manager) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      wizard_show_error (self, error);
    return;
  }
  self->manager = manager;
  pvm_create_wizard_page_storage_set_manager (self->storage_page, manager);
}

static gboolean
wizard_close_request (GtkWindow *window)
{
  PvmCreateWizard *self = PVM_CREATE_WIZARD (window);

  if (self->working) /* what pvmd does now finishes either way: let it say how */
    return TRUE;
  return GTK_WINDOW_CLASS (pvm_create_wizard_parent_class)->close_request (window);
}

PvmCreateWizard *
pvm_create_wizard_new (GtkWindow *parent, PvmHostEntry *entry)
{
  PvmCreateWizard *self;
  g_autoptr (PvmConnectUri) uri = NULL;
  PvmHost *host;
  gboolean local;

  g_return_val_if_fail (PVM_IS_HOST_ENTRY (entry), NULL);
  host = pvm_host_entry_get_host (entry);
  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (PVM_TYPE_CREATE_WIZARD, "transient-for", parent, NULL);
  self->entry = g_object_ref (entry);
  self->host = g_object_ref (host);
  uri = pvm_connect_uri_parse (pvm_host_entry_get_uri (entry), NULL);
  local = uri && !uri->host;
  pvm_create_wizard_page_pv_set_host (self->pv_page, pvm_host_get_default_images (host), local);
  pvm_create_wizard_page_full_set_host (self->full_page, pvm_host_get_default_images (host),
                                        local);
  pvm_create_wizard_page_hardware_set_domains (self->hardware_page,
                                               pvm_host_entry_get_domains (entry));
  pvm_object_manager_client_new (g_dbus_proxy_get_connection (G_DBUS_PROXY (host)),
                                 G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START,
                                 g_dbus_proxy_get_name (G_DBUS_PROXY (host)),
                                 PVM_CONNECT_OBJECT_PATH, self->cancellable, wizard_on_manager,
                                 g_object_ref (self));
  if (!local) {
    /* Translators: %s is the remote host, such as "admin@server.example.org". */
    g_autofree char *title = g_strdup_printf (_("New Virtual Machine on %s"),
                                              pvm_host_entry_get_title (entry));
    adw_window_title_set_title (self->window_title, title);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  wizard_show_step (self, WIZARD_STEP_MODE);
  return self;
}

static void
pvm_create_wizard_dispose (GObject *object)
{
  PvmCreateWizard *self = PVM_CREATE_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->manager);
  g_clear_object (&self->pool);
  g_clear_object (&self->host);
  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (object), PVM_TYPE_CREATE_WIZARD);
  G_OBJECT_CLASS (pvm_create_wizard_parent_class)->dispose (object);
}

static void
pvm_create_wizard_finalize (GObject *object)
{
  PvmCreateWizard *self = PVM_CREATE_WIZARD (object);

  g_clear_object (&self->cancellable);
  g_free (self->uuid);
  g_free (self->xml);
  g_free (self->volume);
  G_OBJECT_CLASS (pvm_create_wizard_parent_class)->finalize (object);
}

static void
pvm_create_wizard_class_init (PvmCreateWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pvm_create_wizard_dispose;
  object_class->finalize = pvm_create_wizard_finalize;
  window_class->close_request = wizard_close_request;

  g_type_ensure (PVM_TYPE_CREATE_WIZARD_PAGE_PV);
  g_type_ensure (PVM_TYPE_CREATE_WIZARD_PAGE_FULL);
  g_type_ensure (PVM_TYPE_CREATE_WIZARD_PAGE_HARDWARE);
  g_type_ensure (PVM_TYPE_CREATE_WIZARD_PAGE_STORAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-create-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, create_button);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, pv_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, full_choice);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, pv_page);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, full_page);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, hardware_page);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, storage_page);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, name_summary);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, boot_summary);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, hardware_summary);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, disk_summary);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, network_summary);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, start_switch);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, review_problem_label);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, xml_view);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, working_page);
  gtk_widget_class_bind_template_child (widget_class, PvmCreateWizard, working_spinner);
  gtk_widget_class_bind_template_callback (widget_class, wizard_update_actions);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, wizard_next);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, wizard_back);
  gtk_widget_class_install_action (widget_class, "wizard.create", NULL, wizard_create);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
}

static void
pvm_create_wizard_init (PvmCreateWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->uuid = g_uuid_string_random ();
}

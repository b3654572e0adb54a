/* pvm-vm-row-actions.c: the vm.* actions of a row — each one call to pvmd, made
 * asynchronously; a failure becomes a toast in the window with pvmd's sentence. vm.delete
 * asks first, and offers to delete the disks that are volumes of a storage pool too
 * (pvm-domain-disks finds them). vm.clone asks for the copy's name (PvmCloneDialog), calls
 * Clone and waits for the job's Finished signal, whose failure becomes a toast; the row shows
 * the job's progress meanwhile, and vm.cancel-job cancels it. And vm.open-console, which
 * opens (or brings forward) the machine's serial console window: from its button, its menu, a
 * double click on the row or Enter on it. And vm.details, which opens (or brings forward) its
 * details window: from its menu, or Alt+Enter on the row. */
#include "pvm-vm-row-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "common/pvm-domain-disks.h"
#include "pvm-clone-dialog.h"
#include "pvm-console-window.h"
#include "pvm-details-window.h"
#include "pvm-manager-window.h"

typedef void (*VmCallFunc) (PvmDomain *domain, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
typedef gboolean (*VmFinishFunc) (PvmDomain *domain, GAsyncResult *result, GError **error);

typedef struct {
  const char *action;
  VmCallFunc call;
  VmFinishFunc finish;
  const char *const *states; /* the states in which the action is possible */
} VmAction;

static const char *const vm_states_stopped[] = { "shutoff", "crashed", NULL };
static const char *const vm_states_running[] = { "running", NULL };
static const char *const vm_states_paused[] = { "paused", NULL };
static const char *const vm_states_live[] = { "running", "paused", NULL };

static const VmAction vm_actions[] = {
  { "vm.start", pvm_domain_call_start, pvm_domain_call_start_finish, vm_states_stopped },
  { "vm.shutdown", pvm_domain_call_shutdown, pvm_domain_call_shutdown_finish,
    vm_states_running },
  { "vm.force-off", pvm_domain_call_destroy, pvm_domain_call_destroy_finish, vm_states_live },
  { "vm.pause", pvm_domain_call_pause, pvm_domain_call_pause_finish, vm_states_running },
  { "vm.resume", pvm_domain_call_resume, pvm_domain_call_resume_finish, vm_states_paused },
  { "vm.delete", pvm_domain_call_undefine, pvm_domain_call_undefine_finish,
    vm_states_stopped },
};

static const VmAction *
vm_action_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (vm_actions); i++)
    if (g_str_equal (vm_actions[i].action, name))
      return &vm_actions[i];
  g_return_val_if_reached (NULL);
}

void
_pvm_vm_row_update_actions (PvmVmRow *self)
{
  const char *state = self->domain ? pvm_domain_get_state (self->domain) : NULL;
  gboolean idle = self->busy == 0 && self->job_path == NULL && state != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (vm_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), vm_actions[i].action,
                                   idle && g_strv_contains (vm_actions[i].states, state));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vm.clone",
                                 idle && g_strv_contains (vm_states_stopped, state));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vm.cancel-job", self->job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vm.open-console",
                                 state && g_strv_contains (vm_states_live, state));
}

typedef struct {
  const VmAction *action;
  GWeakRef row;
  PvmManagerWindow *window;
  GPtrArray *volumes; /* vm.delete: the disks to delete once the domain is, or NULL */
} VmCall;

static void
vm_call_free (VmCall *call)
{
  g_weak_ref_clear (&call->row);
  g_clear_object (&call->window);
  g_clear_pointer (&call->volumes, g_ptr_array_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmCall, vm_call_free)

static void
vm_row_set_busy (PvmVmRow *self, gboolean busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  _pvm_vm_row_update_spinner (self);
  _pvm_vm_row_update_actions (self);
}

static void
vm_call_on_volume_deleted (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmManagerWindow) window = data;
  g_autoptr (GError) error = NULL;

  if (!pvm_domain_disk_volume_delete_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pvm_manager_window_show_error (window, error);
}

static void
vm_call_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (VmCall) call = data;
  g_autoptr (PvmVmRow) row = g_weak_ref_get (&call->row);
  g_autoptr (GError) error = NULL;
  GDBusProxy *proxy = G_DBUS_PROXY (source);

  if (row)
    vm_row_set_busy (row, FALSE);
  if (!call->action->finish (PVM_DOMAIN (source), result, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      pvm_manager_window_show_error (call->window, error);
    return;
  }
  /* The domain is gone: its pool volumes go now, each failure a toast of its own. */
  for (guint i = 0; call->volumes && i < call->volumes->len; i++)
    pvm_domain_disk_volume_delete_async (call->volumes->pdata[i],
                                         g_dbus_proxy_get_connection (proxy),
                                         g_dbus_proxy_get_name (proxy),
                                         pvm_manager_window_get_cancellable (call->window),
                                         vm_call_on_volume_deleted,
                                         g_object_ref (call->window));
}

/* Calls the action's method on the row's domain; the answer comes back to vm_call_done()
 * even if the row is gone by then (a domain can leave the list while its call runs). After a
 * successful vm.delete, deletes @volumes (taken, may be NULL). */
static void
vm_row_call (PvmVmRow *self, const VmAction *action, GPtrArray *volumes)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VmCall *call;

  if (!PVM_IS_MANAGER_WINDOW (root)) {
    g_clear_pointer (&volumes, g_ptr_array_unref);
    return;
  }
  call = g_new0 (VmCall, 1);
  call->action = action;
  g_weak_ref_init (&call->row, self);
  call->window = g_object_ref (PVM_MANAGER_WINDOW (root));
  call->volumes = volumes;
  vm_row_set_busy (self, TRUE);
  action->call (self->domain, pvm_manager_window_get_cancellable (call->window), vm_call_done,
                call);
}

/* ---- vm.delete ---- */

/* The confirmation's choice to delete the disks too, filled in when they are found. */
typedef struct {
  PvmVmRow *row;
  GtkCheckButton *disks_check;
  GtkLabel *volumes_label;
  GtkLabel *kept_label;
  GPtrArray *disks; /* of PvmDomainDiskVolume, once found */
  GCancellable *cancellable;
} DeleteConfirmation;

static void
delete_confirmation_free (DeleteConfirmation *confirmation)
{
  g_cancellable_cancel (confirmation->cancellable);
  g_clear_object (&confirmation->cancellable);
  g_clear_object (&confirmation->row);
  g_clear_pointer (&confirmation->disks, g_ptr_array_unref);
  g_free (confirmation);
}

static void
delete_show_label (GtkLabel *label, const char *text)
{
  gtk_label_set_label (label, text ?: "");
  gtk_widget_set_visible (GTK_WIDGET (label), text && *text);
}

/* Lists the pool volumes under the check button, and says which disks are kept whatever it
 * says. */
static void
delete_on_disks (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (AdwMessageDialog) dialog = data;
  DeleteConfirmation *confirmation = g_object_get_data (G_OBJECT (dialog), "confirmation");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) disks = pvm_domain_disks_find_finish (result, &error);
  g_autoptr (GString) volumes = g_string_new (NULL);
  g_autoptr (GString) kept = g_string_new (NULL);
  guint n_kept = 0;

  if (!confirmation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!disks) {
    g_autoptr (GError) copy = g_error_copy (error);
    g_autofree char *text = NULL;

    g_dbus_error_strip_remote_error (copy);
    /* Translators: pvmd's sentence saying why the disks could not be listed. */
    text = g_strdup_printf (_("Its disks cannot be listed: %s"), copy->message);
    delete_show_label (confirmation->volumes_label, text);
    return;
  }
  for (guint i = 0; i < disks->len; i++) {
    PvmDomainDiskVolume *disk = disks->pdata[i];

    if (disk->pool) {
      /* Translators: a volume's name, then the name of the storage pool it is in. */
      g_autofree char *line = g_strdup_printf (_("%s in the pool “%s”"), disk->volume,
                                               disk->pool_name);
      g_string_append_printf (volumes, "%s%s", volumes->len ? "\n" : "", line);
    } else {
      g_string_append_printf (kept, "%s%s", kept->len ? ", " : "", disk->path);
      n_kept++;
    }
  }
  if (volumes->len == 0)
    g_string_assign (volumes, disks->len ? _("None of its disks is in a storage pool.")
                                         : _("It has no disks."));
  delete_show_label (confirmation->volumes_label, volumes->str);
  if (n_kept > 0) {
    g_autofree char *text = g_strdup_printf (
      /* Translators: %s is the path of a disk, or of several separated by commas. */
      ngettext ("This disk is in no storage pool and is kept: %s",
                "These disks are in no storage pool and are kept: %s", n_kept), kept->str);
    delete_show_label (confirmation->kept_label, text);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (confirmation->disks_check), n_kept < disks->len);
  confirmation->disks = g_steal_pointer (&disks);
}

static void
delete_on_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  DeleteConfirmation *confirmation = data;
  g_autoptr (GPtrArray) volumes = NULL;

  g_cancellable_cancel (confirmation->cancellable);
  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (confirmation->disks && gtk_check_button_get_active (confirmation->disks_check)) {
    volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) pvm_domain_disk_volume_free);
    for (guint i = confirmation->disks->len; i-- > 0;)
      if (((PvmDomainDiskVolume *) confirmation->disks->pdata[i])->pool)
        g_ptr_array_insert (volumes, 0, g_ptr_array_steal_index (confirmation->disks, i));
  }
  if (confirmation->row->domain)
    vm_row_call (confirmation->row, vm_action_find ("vm.delete"), g_steal_pointer (&volumes));
}

/* The check button "Also delete its disks", off, and the labels that list them. */
static GtkWidget *
delete_build_choice (DeleteConfirmation *confirmation)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("_Also delete its disks"));
  GtkWidget *volumes = gtk_label_new (_("Looking for its disks…"));
  GtkWidget *kept = gtk_label_new (NULL);

  gtk_widget_set_sensitive (check, FALSE);
  for (GtkWidget *label = volumes; label; label = label == volumes ? kept : NULL) {
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    gtk_widget_add_css_class (label, "caption");
  }
  /* The volumes line up with the check button's label. */
  gtk_widget_set_margin_start (volumes, 28);
  gtk_widget_add_css_class (volumes, "dim-label");
  gtk_widget_set_visible (kept, FALSE);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), volumes);
  gtk_box_append (GTK_BOX (box), kept);
  confirmation->disks_check = GTK_CHECK_BUTTON (check);
  confirmation->volumes_label = GTK_LABEL (volumes);
  confirmation->kept_label = GTK_LABEL (kept);
  return box;
}

/* Asks before deleting: the definition cannot be brought back, nor the disks if they go
 * too. */
static void
vm_row_confirm_delete (PvmVmRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *name = pvm_domain_get_name (self->domain);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  GtkWidget *dialog = adw_message_dialog_new (
    GTK_WINDOW (root), heading,
    _("Its definition is removed from the host and cannot be brought back."));
  DeleteConfirmation *confirmation = g_new0 (DeleteConfirmation, 1);

  confirmation->row = g_object_ref (self);
  confirmation->cancellable = g_cancellable_new ();
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      delete_build_choice (confirmation));
  g_object_set_data_full (G_OBJECT (dialog), "confirmation", confirmation,
                          (GDestroyNotify) delete_confirmation_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (delete_on_response), confirmation);
  pvm_domain_disks_find_async (self->domain, confirmation->cancellable, delete_on_disks,
                               g_object_ref (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- vm.clone ---- */

/* A clone under way: Clone's answer names the job, whose Finished signal says how it ended.
 * Every job's Finished is listened to from before the call, so that the end of a quick job
 * is not missed. */
typedef struct {
  GWeakRef row;
  PvmManagerWindow *window;
  GDBusConnection *connection;
  guint finished_id;
  guint name_watch; /* pvmd's name: a pvmd that goes away sends no Finished */
  gboolean vanished; /* pvmd went away while Clone was under way */
  char *path;       /* the job, once Clone has answered */
  GHashTable *ended; /* path → message ("" for success) of jobs ended before the answer */
} CloneCall;

static void
clone_call_free (CloneCall *call)
{
  g_weak_ref_clear (&call->row);
  if (call->finished_id)
    g_dbus_connection_signal_unsubscribe (call->connection, call->finished_id);
  if (call->name_watch)
    g_bus_unwatch_name (call->name_watch);
  g_clear_object (&call->window);
  g_clear_object (&call->connection);
  g_hash_table_unref (call->ended);
  g_free (call->path);
  g_free (call);
}

/* The job ended: a failure is shown, unless it is the cancellation the user asked for (the
 * copy appears in the list by itself on success). Frees @call. */
static void
clone_call_end (CloneCall *call, const char *message)
{
  if (*message && g_strcmp0 (message, "Cancelled") != 0) {
    g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);
    pvm_manager_window_show_error (call->window, error);
  }
  clone_call_free (call);
}

static void
clone_on_finished (GDBusConnection *connection, const char *sender, const char *path,
                   const char *iface, const char *signal, GVariant *parameters, gpointer data)
{
  CloneCall *call = data;
  gboolean success;
  const char *message;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(bs)")))
    return;
  g_variant_get (parameters, "(b&s)", &success, &message);
  if (success)
    message = "";
  else if (!*message)
    message = _("The clone failed.");
  if (!call->path)
    g_hash_table_insert (call->ended, g_strdup (path), g_strdup (message));
  else if (g_str_equal (path, call->path))
    clone_call_end (call, message);
}

/* pvmd went away: nothing more comes for the job. Clone's answer, if it is still awaited,
 * comes back (as an error) and frees @data then. */
static void
clone_on_pvmd_vanished (GDBusConnection *connection, const char *name, gpointer data)
{
  CloneCall *call = data;

  if (call->path) {
    clone_call_free (call);
    return;
  }
  call->vanished = TRUE;
  g_dbus_connection_signal_unsubscribe (call->connection, call->finished_id);
  g_bus_unwatch_name (call->name_watch);
  call->finished_id = call->name_watch = 0;
}

static void
clone_on_answer (GObject *source, GAsyncResult *result, gpointer data)
{
  CloneCall *call = data;
  g_autoptr (PvmVmRow) row = g_weak_ref_get (&call->row);
  g_autoptr (GError) error = NULL;
  const char *message;

  if (row)
    vm_row_set_busy (row, FALSE);
  if (!pvm_domain_call_clone_finish (PVM_DOMAIN (source), &call->path, result, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      pvm_manager_window_show_error (call->window, error);
    clone_call_free (call);
    return;
  }
  if (call->vanished)
    clone_call_free (call);
  else if ((message = g_hash_table_lookup (call->ended, call->path)))
    clone_call_end (call, message);
  else
    g_hash_table_remove_all (call->ended);
}

/* Asks pvmd to clone the row's domain as @name. */
static void
vm_row_clone (PvmVmRow *self, const char *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GDBusProxy *proxy = G_DBUS_PROXY (self->domain);
  CloneCall *call;

  if (!PVM_IS_MANAGER_WINDOW (root))
    return;
  call = g_new0 (CloneCall, 1);
  g_weak_ref_init (&call->row, self);
  call->window = g_object_ref (PVM_MANAGER_WINDOW (root));
  call->connection = g_object_ref (g_dbus_proxy_get_connection (proxy));
  call->ended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  call->finished_id = g_dbus_connection_signal_subscribe (
    call->connection, g_dbus_proxy_get_name (proxy), "org.pvm.Hypervisor1.Job", "Finished",
    NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE, clone_on_finished, call, NULL);
  call->name_watch = g_bus_watch_name_on_connection (
    call->connection, g_dbus_proxy_get_name (proxy), G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
    clone_on_pvmd_vanished, call, NULL);
  vm_row_set_busy (self, TRUE);
  pvm_domain_call_clone (self->domain, name,
                         g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                         pvm_manager_window_get_cancellable (call->window), clone_on_answer,
                         call);
}

static void
clone_on_response (PvmCloneDialog *dialog, const char *response, gpointer data)
{
  g_autoptr (PvmVmRow) self = data;

  if (g_strcmp0 (response, "clone") == 0 && pvm_clone_dialog_get_name (dialog))
    vm_row_clone (self, pvm_clone_dialog_get_name (dialog));
}

static void
vm_row_ask_clone (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmVmRow *self = PVM_VM_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (!GTK_IS_WINDOW (root) || !self->domain)
    return;
  dialog = pvm_clone_dialog_new (GTK_WINDOW (root), self->domain);
  g_signal_connect (dialog, "response", G_CALLBACK (clone_on_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_job_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmManagerWindow) window = data;
  g_autoptr (GError) error = NULL;

  if (!pvm_job_call_cancel_finish (PVM_JOB (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pvm_manager_window_show_error (window, error);
}

static void
vm_row_cancel_job (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmVmRow *self = PVM_VM_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!PVM_IS_MANAGER_WINDOW (root) || !self->job)
    return;
  pvm_job_call_cancel (self->job, pvm_manager_window_get_cancellable (PVM_MANAGER_WINDOW (root)),
                       cancel_job_done, g_object_ref (root));
}

/* ---- the rest ---- */

static void
vm_row_activate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmVmRow *self = PVM_VM_ROW (widget);

  if (g_str_equal (action_name, "vm.delete"))
    vm_row_confirm_delete (self);
  else
    vm_row_call (self, vm_action_find (action_name), NULL);
}

static void
vm_row_open_console (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmVmRow *self = PVM_VM_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  if (app && self->domain)
    pvm_console_window_present (app, self->domain);
}

static void
vm_row_show_details (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmVmRow *self = PVM_VM_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  if (app && self->domain)
    pvm_details_window_present (app, self->domain);
}

/* A double click on the row opens its console; clicks on its buttons stay theirs. */
static void
vm_row_on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer data)
{
  if (n_press == 2)
    gtk_widget_activate_action (GTK_WIDGET (data), "vm.open-console", NULL);
}

static gboolean
vm_row_popup_menu (GtkWidget *widget, GVariant *args, gpointer data)
{
  gtk_menu_button_popup (PVM_VM_ROW (widget)->menu_button);
  return TRUE;
}

void
_pvm_vm_row_class_install_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (vm_actions); i++)
    gtk_widget_class_install_action (widget_class, vm_actions[i].action, NULL,
                                     vm_row_activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "vm.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "vm.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "vm.start", NULL);
  gtk_widget_class_install_action (widget_class, "vm.clone", NULL, vm_row_ask_clone);
  gtk_widget_class_install_action (widget_class, "vm.cancel-job", NULL, vm_row_cancel_job);
  gtk_widget_class_install_action (widget_class, "vm.open-console", NULL, vm_row_open_console);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "vm.open-console", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "vm.open-console",
                                       NULL);
  gtk_widget_class_bind_template_callback (widget_class, vm_row_on_pressed);
  gtk_widget_class_install_action (widget_class, "vm.details", NULL, vm_row_show_details);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "vm.details",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_ALT_MASK,
                                       "vm.details", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, vm_row_popup_menu,
                                NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, vm_row_popup_menu, NULL);
}

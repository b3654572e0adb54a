/* pvm-vm-row-actions.c: the vm.* actions of a row — each one call to pvmd, made
 * asynchronously; a failure becomes a toast in the window with pvmd's sentence. */
#include "pvm-vm-row-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

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

  for (guint i = 0; i < G_N_ELEMENTS (vm_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), vm_actions[i].action,
                                   self->busy == 0 && state &&
                                     g_strv_contains (vm_actions[i].states, state));
}

typedef struct {
  const VmAction *action;
  GWeakRef row;
  PvmManagerWindow *window;
} VmCall;

static void
vm_call_free (VmCall *call)
{
  g_weak_ref_clear (&call->row);
  g_clear_object (&call->window);
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
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  _pvm_vm_row_update_actions (self);
}

static void
vm_call_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (VmCall) call = data;
  g_autoptr (PvmVmRow) row = g_weak_ref_get (&call->row);
  g_autoptr (GError) error = NULL;

  if (row)
    vm_row_set_busy (row, FALSE);
  if (!call->action->finish (PVM_DOMAIN (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pvm_manager_window_show_error (call->window, error);
}

/* Calls the action's method on the row's domain; the answer comes back to vm_call_done()
 * even if the row is gone by then (a domain can leave the list while its call runs). */
static void
vm_row_call (PvmVmRow *self, const VmAction *action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VmCall *call;

  if (!PVM_IS_MANAGER_WINDOW (root))
    return;
  call = g_new0 (VmCall, 1);
  call->action = action;
  g_weak_ref_init (&call->row, self);
  call->window = g_object_ref (PVM_MANAGER_WINDOW (root));
  vm_row_set_busy (self, TRUE);
  action->call (self->domain, pvm_manager_window_get_cancellable (call->window), vm_call_done,
                call);
}

static void
vm_row_on_delete_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  g_autoptr (PvmVmRow) self = data;

  if (g_strcmp0 (response, "delete") == 0)
    vm_row_call (self, vm_action_find ("vm.delete"));
}

/* Asks before deleting: the definition cannot be brought back. */
static void
vm_row_confirm_delete (PvmVmRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *name = pvm_domain_get_name (self->domain);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  GtkWidget *dialog = adw_message_dialog_new (
    GTK_WINDOW (root), heading,
    _("Its definition is removed from the host and cannot be brought back. Its disk files "
      "are kept."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (vm_row_on_delete_response),
                    g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vm_row_activate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PvmVmRow *self = PVM_VM_ROW (widget);

  if (g_str_equal (action_name, "vm.delete"))
    vm_row_confirm_delete (self);
  else
    vm_row_call (self, vm_action_find (action_name));
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
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, vm_row_popup_menu,
                                NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, vm_row_popup_menu, NULL);
}

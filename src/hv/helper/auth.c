/* auth.c: the polkit check in front of every method of pvmd's objects.
 *
 * pvm_helper_auth_install() replaces the skeleton class's get_vtable: the vtable it returns
 * sends each method call through auth_method_call(), which looks up the call's action in
 * auth_rules and, in polkit mode, asks polkit asynchronously (the main loop never waits for
 * it) before handing the call, unchanged, to the generated skeleton's own method_call. A
 * refused call never reaches a handler.
 */
#include "hv/helper/auth.h"

#include <polkit/polkit.h>
#include <string.h>

#include "common/pvm-error.h"
#include "common/pvm-hypervisor1.h"

#define AUTH_HOST "org.pvm.Hypervisor1.Host"
#define AUTH_DOMAIN "org.pvm.Hypervisor1.Domain"
#define AUTH_POOL "org.pvm.Hypervisor1.StoragePool"
#define AUTH_NETWORK "org.pvm.Hypervisor1.Network"
#define AUTH_JOB "org.pvm.Hypervisor1.Job"

#define ACTION_LIFECYCLE "org.pvm.hypervisor1.lifecycle"
#define ACTION_CONSOLE "org.pvm.hypervisor1.console"
#define ACTION_MANAGE_DOMAINS "org.pvm.hypervisor1.manage-domains"
#define ACTION_STORAGE "org.pvm.hypervisor1.storage"
#define ACTION_NETWORK "org.pvm.hypervisor1.network"

typedef struct {
  const char *interface;
  const char *method;
  const char *action; /* NULL: anyone may call it */
} AuthRule;

/* Every method of data/org.pvm.Hypervisor1.xml; tests/helper/test-auth.c checks that none is
 * missing. */
static const AuthRule auth_rules[] = {
  { AUTH_HOST, "DefineDomain", ACTION_MANAGE_DOMAINS },
  { AUTH_HOST, "DefinePool", ACTION_STORAGE },
  { AUTH_HOST, "DefineNetwork", ACTION_NETWORK },

  { AUTH_DOMAIN, "Start", ACTION_LIFECYCLE },
  { AUTH_DOMAIN, "Shutdown", ACTION_LIFECYCLE },
  { AUTH_DOMAIN, "Reboot", ACTION_LIFECYCLE },
  { AUTH_DOMAIN, "Destroy", ACTION_LIFECYCLE },
  { AUTH_DOMAIN, "Pause", ACTION_LIFECYCLE },
  { AUTH_DOMAIN, "Resume", ACTION_LIFECYCLE },
  { AUTH_DOMAIN, "OpenSerial", ACTION_CONSOLE },
  { AUTH_DOMAIN, "Undefine", ACTION_MANAGE_DOMAINS },
  { AUTH_DOMAIN, "SetAutostart", ACTION_MANAGE_DOMAINS },
  { AUTH_DOMAIN, "Rescue", ACTION_STORAGE },
  { AUTH_DOMAIN, "Unrescue", ACTION_STORAGE },
  { AUTH_DOMAIN, "Clone", ACTION_MANAGE_DOMAINS },
  { AUTH_DOMAIN, "GetXML", NULL },
  { AUTH_DOMAIN, "GetStats", NULL },

  { AUTH_POOL, "CreateVolume", ACTION_STORAGE },
  { AUTH_POOL, "ResizeVolume", ACTION_STORAGE },
  { AUTH_POOL, "CloneVolume", ACTION_STORAGE },
  { AUTH_POOL, "DeleteVolume", ACTION_STORAGE },
  { AUTH_POOL, "Undefine", ACTION_STORAGE },
  { AUTH_POOL, "ListVolumes", NULL },
  { AUTH_POOL, "GetXML", NULL },

  { AUTH_NETWORK, "Undefine", ACTION_NETWORK },
  { AUTH_NETWORK, "GetXML", NULL },

  /* The action of the job's kind (job_kinds); this one for a kind not listed there. */
  { AUTH_JOB, "Cancel", ACTION_MANAGE_DOMAINS },
};

typedef struct {
  const char *kind; /* the Job's Kind */
  const char *action;
} AuthJobKind;

static const AuthJobKind job_kinds[] = {
  { "clone-volume", ACTION_STORAGE },
  { "clone-domain", ACTION_MANAGE_DOMAINS },
};

/* pvmd keeps one mode for its whole life: set before any object is exported, read by every
 * call after. */
static int auth_mode = PVM_HELPER_AUTH_NONE;

/* A call waiting for polkit's answer; holds what the handler will need. */
typedef struct {
  GDBusInterfaceSkeleton *skeleton;
  GDBusMethodInvocation *invocation;
  const char *action;
} AuthCall;

static void
auth_call_free (AuthCall *call)
{
  g_object_unref (call->skeleton);
  g_object_unref (call->invocation);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuthCall, auth_call_free)

void
pvm_helper_auth_set_mode (PvmHelperAuthMode mode)
{
  g_atomic_int_set (&auth_mode, mode);
}

const char *
pvm_helper_auth_action (const char *interface, const char *method)
{
  for (gsize i = 0; i < G_N_ELEMENTS (auth_rules); i++)
    if (strcmp (auth_rules[i].interface, interface) == 0 &&
        strcmp (auth_rules[i].method, method) == 0)
      return auth_rules[i].action;
  return NULL;
}

const char *
pvm_helper_auth_job_action (const char *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (job_kinds); i++)
    if (g_strcmp0 (job_kinds[i].kind, kind) == 0)
      return job_kinds[i].action;
  return pvm_helper_auth_action (AUTH_JOB, "Cancel");
}

/* Returns the action that guards this call of a method of @skeleton, or NULL. */
static const char *
auth_call_action (GDBusInterfaceSkeleton *skeleton, const char *interface, const char *method)
{
  if (PVM_IS_JOB (skeleton) && strcmp (interface, AUTH_JOB) == 0 &&
      strcmp (method, "Cancel") == 0)
    return pvm_helper_auth_job_action (pvm_job_get_kind (PVM_JOB (skeleton)));
  return pvm_helper_auth_action (interface, method);
}

/* ---- the vtable ---- */

static GDBusInterfaceVTable *auth_get_vtable (GDBusInterfaceSkeleton *skeleton);

/* Returns the vtable of the generated skeleton class above the one auth was installed on. */
static const GDBusInterfaceVTable *
auth_skeleton_vtable (GDBusInterfaceSkeleton *skeleton)
{
  GDBusInterfaceSkeletonClass *klass = G_DBUS_INTERFACE_SKELETON_GET_CLASS (skeleton);

  while (klass->get_vtable == auth_get_vtable)
    klass = g_type_class_peek_parent (klass);
  return klass->get_vtable (skeleton);
}

/* Hands the call to the generated skeleton, which emits handle-<method>. */
static void
auth_dispatch (GDBusInterfaceSkeleton *skeleton, GDBusMethodInvocation *invocation)
{
  auth_skeleton_vtable (skeleton)->method_call (
    g_dbus_method_invocation_get_connection (invocation),
    g_dbus_method_invocation_get_sender (invocation),
    g_dbus_method_invocation_get_object_path (invocation),
    g_dbus_method_invocation_get_interface_name (invocation),
    g_dbus_method_invocation_get_method_name (invocation),
    g_dbus_method_invocation_get_parameters (invocation),
    invocation, skeleton);
}

/* Answers the call of @call with NotAuthorized; @why completes the sentence. */
static void
auth_refuse (AuthCall *call, const char *why)
{
  /* return_error takes the invocation's reference. */
  g_dbus_method_invocation_return_error (
    g_object_ref (call->invocation), PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED,
    "The caller may not call %s on %s: %s",
    g_dbus_method_invocation_get_method_name (call->invocation),
    g_dbus_method_invocation_get_object_path (call->invocation), why);
}

static void
auth_on_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (AuthCall) call = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PolkitAuthorizationResult) answer =
    polkit_authority_check_authorization_finish (POLKIT_AUTHORITY (source), result, &error);

  if (!answer) {
    g_autofree char *why = g_strdup_printf ("polkit could not check %s (%s)", call->action,
                                            error->message);
    g_strdelimit (why, "\n", ' ');
    auth_refuse (call, why);
  } else if (polkit_authorization_result_get_is_authorized (answer)) {
    GDBusConnection *connection = g_dbus_method_invocation_get_connection (call->invocation);
    if (!g_dbus_interface_skeleton_has_connection (call->skeleton, connection))
      g_dbus_method_invocation_return_error (
        g_object_ref (call->invocation), PVM_ERROR, PVM_ERROR_NOT_FOUND,
        "The object %s was removed while its caller was being authorized",
        g_dbus_method_invocation_get_object_path (call->invocation));
    else
      auth_dispatch (call->skeleton, call->invocation);
  } else if (polkit_authorization_result_get_dismissed (answer)) {
    g_autofree char *why = g_strdup_printf ("the authentication for %s was dismissed",
                                            call->action);
    auth_refuse (call, why);
  } else if (polkit_authorization_result_get_is_challenge (answer)) {
    g_autofree char *why = g_strdup_printf ("%s needs authentication, which the call did not "
                                            "allow to be asked for", call->action);
    auth_refuse (call, why);
  } else {
    g_autofree char *why = g_strdup_printf ("polkit does not grant it %s", call->action);
    auth_refuse (call, why);
  }
}

static void
auth_on_authority (GObject *source, GAsyncResult *result, gpointer data)
{
  AuthCall *call = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PolkitAuthority) authority = polkit_authority_get_finish (result, &error);
  GDBusMessage *message = g_dbus_method_invocation_get_message (call->invocation);
  PolkitCheckAuthorizationFlags flags = POLKIT_CHECK_AUTHORIZATION_FLAGS_NONE;

  if (!authority) {
    g_autoptr (AuthCall) refused = call;
    g_autofree char *why = g_strdup_printf ("polkit, which must grant it %s, cannot be reached "
                                            "(%s)", call->action, error->message);
    g_strdelimit (why, "\n", ' ');
    auth_refuse (refused, why);
    return;
  }
  if (g_dbus_message_get_flags (message) & G_DBUS_MESSAGE_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION)
    flags |= POLKIT_CHECK_AUTHORIZATION_FLAGS_ALLOW_USER_INTERACTION;
  g_autoptr (PolkitSubject) subject =
    polkit_system_bus_name_new (g_dbus_method_invocation_get_sender (call->invocation));
  polkit_authority_check_authorization (authority, subject, call->action, NULL, flags, NULL,
                                        auth_on_checked, call);
}

static void
auth_method_call (GDBusConnection *connection, const char *sender, const char *object_path,
                  const char *interface_name, const char *method_name, GVariant *parameters,
                  GDBusMethodInvocation *invocation, gpointer user_data)
{
  GDBusInterfaceSkeleton *skeleton = user_data;
  const char *action = auth_call_action (skeleton, interface_name, method_name);

  if (g_atomic_int_get (&auth_mode) == PVM_HELPER_AUTH_NONE || !action) {
    auth_dispatch (skeleton, invocation);
    return;
  }

  AuthCall *call = g_new0 (AuthCall, 1);
  call->skeleton = g_object_ref (skeleton);
  call->invocation = g_object_ref (invocation);
  call->action = action;
  if (!sender) {
    g_autoptr (AuthCall) refused = call;
    auth_refuse (refused, "a caller without a bus name cannot be authorized");
    return;
  }
  polkit_authority_get_async (NULL, auth_on_authority, call);
}

static GVariant *
auth_get_property (GDBusConnection *connection, const char *sender, const char *object_path,
                   const char *interface_name, const char *property_name, GError **error,
                   gpointer user_data)
{
  return auth_skeleton_vtable (user_data)->get_property (connection, sender, object_path,
                                                         interface_name, property_name, error,
                                                         user_data);
}

/* No property of the interfaces is writable; should one become so, setting it needs an action
 * of its own in system mode. */
static gboolean
auth_set_property (GDBusConnection *connection, const char *sender, const char *object_path,
                   const char *interface_name, const char *property_name, GVariant *value,
                   GError **error, gpointer user_data)
{
  if (g_atomic_int_get (&auth_mode) != PVM_HELPER_AUTH_NONE) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED,
                 "The caller may not set %s on %s: no polkit action allows it", property_name,
                 object_path);
    return FALSE;
  }
  return auth_skeleton_vtable (user_data)->set_property (connection, sender, object_path,
                                                         interface_name, property_name, value,
                                                         error, user_data);
}

static const GDBusInterfaceVTable auth_vtable = {
  .method_call = auth_method_call,
  .get_property = auth_get_property,
  .set_property = auth_set_property,
};

static GDBusInterfaceVTable *
auth_get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return (GDBusInterfaceVTable *) &auth_vtable;
}

void
pvm_helper_auth_install (GDBusInterfaceSkeletonClass *klass)
{
  GDBusInterfaceSkeletonClass *parent = g_type_class_peek_parent (klass);

  g_return_if_fail (parent->get_vtable != NULL && parent->get_vtable != auth_get_vtable);
  klass->get_vtable = auth_get_vtable;
}

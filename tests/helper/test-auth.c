/* test-auth.c: src/hv/helper/auth.c, the polkit check in front of pvmd's methods.
 *
 * First the table: every method of every interface of data/org.pvm.Hypervisor1.xml (read
 * from the generated introspection data, so a method added later shows up here) either has
 * the action auth.h documents or is on auth.h's reading list, and every action is declared
 * in data/org.pvm.Hypervisor1.policy.
 *
 * Then the check itself, in this process: one skeleton of each interface, each a subclass with
 * auth installed as pvmd's are, exported on a private system-like bus where python-dbusmock's
 * polkitd template answers as org.freedesktop.PolicyKit1. It is a mock, not a real polkitd:
 * it grants the actions the test names. No handler is connected, so a call that passes the
 * check is answered by the generated skeleton's "is not implemented"; a refused one by auth's
 * NotAuthorized.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/pvm-error.h"
#include "common/pvm-hypervisor1.h"
#include "hv/helper/auth.h"
#include "mock-polkit.h"

#define LIFECYCLE "org.pvm.hypervisor1.lifecycle"
#define CONSOLE "org.pvm.hypervisor1.console"
#define MANAGE_DOMAINS "org.pvm.hypervisor1.manage-domains"
#define STORAGE "org.pvm.hypervisor1.storage"
#define NETWORK "org.pvm.hypervisor1.network"

typedef struct {
  GType (*skeleton_type) (void);
  GDBusInterfaceInfo *(*info) (void);
} TestInterface;

static const TestInterface interfaces[] = {
  { pvm_host_skeleton_get_type, pvm_host_interface_info },
  { pvm_domain_skeleton_get_type, pvm_domain_interface_info },
  { pvm_storage_pool_skeleton_get_type, pvm_storage_pool_interface_info },
  { pvm_network_skeleton_get_type, pvm_network_interface_info },
  { pvm_job_skeleton_get_type, pvm_job_interface_info },
};
#define N_INTERFACES G_N_ELEMENTS (interfaces)
#define JOB_INTERFACE 4

/* auth.h's list: "<Interface>.<Method>" (below org.pvm.Hypervisor1.) and its action; NULL for
 * the methods anyone may call. */
static const struct {
  const char *method;
  const char *action;
} documented[] = {
  { "Host.DefineDomain", MANAGE_DOMAINS },
  { "Host.DefinePool", STORAGE },
  { "Host.DefineNetwork", NETWORK },
  { "Domain.Start", LIFECYCLE },
  { "Domain.Shutdown", LIFECYCLE },
  { "Domain.Reboot", LIFECYCLE },
  { "Domain.Destroy", LIFECYCLE },
  { "Domain.Pause", LIFECYCLE },
  { "Domain.Resume", LIFECYCLE },
  { "Domain.OpenSerial", CONSOLE },
  { "Domain.Undefine", MANAGE_DOMAINS },
  { "Domain.SetAutostart", MANAGE_DOMAINS },
  { "Domain.Rescue", STORAGE },
  { "Domain.Unrescue", STORAGE },
  { "Domain.Clone", MANAGE_DOMAINS },
  { "Domain.GetXML", NULL },
  { "Domain.GetStats", NULL },
  { "StoragePool.CreateVolume", STORAGE },
  { "StoragePool.ResizeVolume", STORAGE },
  { "StoragePool.CloneVolume", STORAGE },
  { "StoragePool.DeleteVolume", STORAGE },
  { "StoragePool.Undefine", STORAGE },
  { "StoragePool.ListVolumes", NULL },
  { "StoragePool.GetXML", NULL },
  { "Network.Undefine", NETWORK },
  { "Network.GetXML", NULL },
  /* Cancelling a job of unknown kind; a clone-volume job takes storage, a clone-domain job
   * manage-domains. */
  { "Job.Cancel", MANAGE_DOMAINS },
};

/* ---- the table ---- */

static void
test_every_method_has_its_documented_action (void)
{
  guint methods = 0;

  for (guint i = 0; i < N_INTERFACES; i++) {
    GDBusInterfaceInfo *info = interfaces[i].info ();
    const char *short_name = info->name + strlen ("org.pvm.Hypervisor1.");

    for (guint m = 0; info->methods && info->methods[m]; m++) {
      g_autofree char *name = g_strdup_printf ("%s.%s", short_name, info->methods[m]->name);
      const char *action = pvm_helper_auth_action (info->name, info->methods[m]->name);
      gboolean found = FALSE;

      for (guint d = 0; d < G_N_ELEMENTS (documented) && !found; d++) {
        if (strcmp (documented[d].method, name) != 0)
          continue;
        found = TRUE;
        g_test_message ("%s: %s", name, action ? action : "(anyone)");
        g_assert_cmpstr (action, ==, documented[d].action);
      }
      if (!found)
        g_error ("%s has no action in auth.h's list: give it one in auth.c, auth.h and here, "
                 "or put it on the reading list", name);
      methods++;
    }
  }
  g_assert_cmpuint (methods, ==, G_N_ELEMENTS (documented));
}

static void
test_an_unknown_method_has_no_action (void)
{
  g_assert_null (pvm_helper_auth_action ("org.pvm.Hypervisor1.Domain", "Frobnicate"));
  g_assert_null (pvm_helper_auth_action ("org.example.Other", "Start"));
}

static void
test_cancelling_a_job_takes_the_action_of_its_kind (void)
{
  g_assert_cmpstr (pvm_helper_auth_job_action ("clone-volume"), ==, STORAGE);
  g_assert_cmpstr (pvm_helper_auth_job_action ("clone-domain"), ==, MANAGE_DOMAINS);
  g_assert_cmpstr (pvm_helper_auth_job_action ("something-new"), ==, MANAGE_DOMAINS);
  g_assert_cmpstr (pvm_helper_auth_job_action (NULL), ==, MANAGE_DOMAINS);
}

typedef struct {
  GHashTable *ids;
} PolicyParse;

static void
policy_start_element (GMarkupParseContext *context, const char *element, const char **names,
                      const char **values, gpointer data, GError **error)
{
  PolicyParse *parse = data;

  if (strcmp (element, "action") != 0)
    return;
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], "id") == 0)
      g_hash_table_add (parse->ids, g_strdup (values[i]));
}

static void
test_every_action_is_declared_in_the_policy_file (void)
{
  const GMarkupParser parser = { .start_element = policy_start_element };
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  PolicyParse parse = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };

  g_assert_true (g_file_get_contents (g_getenv ("PVM_POLKIT_POLICY"), &text, NULL, &error));
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, -1, &error));
  g_assert_no_error (error);

  for (guint d = 0; d < G_N_ELEMENTS (documented); d++)
    if (documented[d].action)
      g_assert_true (g_hash_table_contains (parse.ids, documented[d].action));
  g_assert_true (g_hash_table_contains (parse.ids, pvm_helper_auth_job_action ("clone-volume")));
  /* and nothing more, but for migration, which is declared ahead of its methods */
  g_assert_cmpuint (g_hash_table_size (parse.ids), ==, 6);
  g_assert_true (g_hash_table_contains (parse.ids, "org.pvm.hypervisor1.migrate"));
  g_hash_table_unref (parse.ids);
}

/* ---- the check, on a bus with the mock ---- */

typedef struct {
  PvmTestPolkit *polkit;
  GDBusConnection *service; /* exports the skeletons */
  GDBusConnection *client;  /* calls them */
  GDBusInterfaceSkeleton *skeletons[N_INTERFACES];
} Fixture;

static void
auth_class_init (gpointer klass, gpointer data)
{
  pvm_helper_auth_install (klass);
}

/* Returns a subclass of @parent with auth installed, as pvmd's objects are. */
static GType
auth_subclass (GType parent)
{
  GTypeQuery query;

  g_type_query (parent, &query);
  g_autofree char *name = g_strconcat ("TestAuth", query.type_name, NULL);
  GType type = g_type_from_name (name);
  if (type)
    return type;
  return g_type_register_static_simple (parent, g_intern_string (name), query.class_size,
                                        auth_class_init, query.instance_size, NULL, 0);
}

static const char *
path_of (guint i)
{
  static const char *const paths[] = { "/org/pvm/Test/Host", "/org/pvm/Test/Domain",
                                       "/org/pvm/Test/Pool", "/org/pvm/Test/Network",
                                       "/org/pvm/Test/Job" };
  return paths[i];
}

static GDBusConnection *
connect_to (PvmTestPolkit *polkit)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_for_address_sync (
    pvm_test_polkit_get_address (polkit),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static void
set_up (Fixture *f, gconstpointer data)
{
  f->polkit = (PvmTestPolkit *) data;
  f->service = connect_to (f->polkit);
  f->client = connect_to (f->polkit);
  for (guint i = 0; i < N_INTERFACES; i++) {
    g_autoptr (GError) error = NULL;
    f->skeletons[i] = g_object_new (auth_subclass (interfaces[i].skeleton_type ()), NULL);
    g_assert_true (g_dbus_interface_skeleton_export (f->skeletons[i], f->service, path_of (i),
                                                     &error));
    g_assert_no_error (error);
  }
  pvm_job_set_kind (PVM_JOB (f->skeletons[JOB_INTERFACE]), "clone-volume");
  pvm_test_polkit_allow (f->polkit, NULL);
  pvm_test_polkit_hang (f->polkit, NULL);
  g_ptr_array_unref (pvm_test_polkit_take_checks (f->polkit));
  pvm_helper_auth_set_mode (PVM_HELPER_AUTH_POLKIT);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  pvm_helper_auth_set_mode (PVM_HELPER_AUTH_NONE);
  for (guint i = 0; i < N_INTERFACES; i++) {
    g_dbus_interface_skeleton_unexport (f->skeletons[i]);
    g_object_unref (f->skeletons[i]);
  }
  g_dbus_connection_close_sync (f->service, NULL, NULL);
  g_dbus_connection_close_sync (f->client, NULL, NULL);
  g_object_unref (f->service);
  g_object_unref (f->client);
}

/* Returns a value of @type to pass where nothing in particular is wanted. */
static GVariant *
dummy_value (const GVariantType *type)
{
  if (g_variant_type_is_array (type))
    return g_variant_new_array (g_variant_type_element (type), NULL, 0);
  if (g_variant_type_is_tuple (type)) {
    g_autoptr (GPtrArray) items = g_ptr_array_new ();
    for (const GVariantType *t = g_variant_type_first (type); t; t = g_variant_type_next (t))
      g_ptr_array_add (items, dummy_value (t));
    return g_variant_new_tuple ((GVariant **) items->pdata, items->len);
  }
  switch (g_variant_type_peek_string (type)[0]) {
  case 'b': return g_variant_new_boolean (FALSE);
  case 'y': return g_variant_new_byte (0);
  case 'n': return g_variant_new_int16 (0);
  case 'q': return g_variant_new_uint16 (0);
  case 'i': return g_variant_new_int32 (0);
  case 'u': return g_variant_new_uint32 (0);
  case 'x': return g_variant_new_int64 (0);
  case 't': return g_variant_new_uint64 (0);
  case 'd': return g_variant_new_double (0);
  case 's': return g_variant_new_string ("");
  case 'o': return g_variant_new_object_path ("/");
  case 'g': return g_variant_new_signature ("");
  case 'v': return g_variant_new_variant (g_variant_new_string (""));
  default: g_error ("no dummy value for type %s", g_variant_type_peek_string (type));
  }
}

static GVariant *
dummy_args (const GDBusMethodInfo *method)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  for (guint a = 0; method->in_args && method->in_args[a]; a++)
    g_ptr_array_add (args, dummy_value (G_VARIANT_TYPE (method->in_args[a]->signature)));
  return g_variant_new_tuple ((GVariant **) args->pdata, args->len);
}

static void
on_reply (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *done = data;
  GError *error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply)
    g_task_return_pointer (done, reply, (GDestroyNotify) g_variant_unref);
  else
    g_task_return_error (done, error);
  g_object_unref (done);
}

/* Starts calling @method on @path; the reply completes the returned task. */
static GTask *
call_begin (Fixture *f, const char *path, const char *interface, const char *method,
            GVariant *args, GDBusCallFlags flags)
{
  GTask *task = g_task_new (NULL, NULL, NULL, NULL);

  g_dbus_connection_call (f->client, g_dbus_connection_get_unique_name (f->service), path,
                          interface, method, args, NULL, flags, 20000, NULL, on_reply,
                          g_object_ref (task));
  return task;
}

/* Waits (running the main context, which the service also runs on) for @task's reply. */
static GVariant *
call_end (GTask *task, GError **error)
{
  while (!g_task_get_completed (task))
    g_main_context_iteration (NULL, TRUE);
  GVariant *reply = g_task_propagate_pointer (task, error);
  g_object_unref (task);
  return reply;
}

/* Calls method @m of interface @i with dummy arguments; returns the error it is answered
 * with, or NULL. */
static GError *
call_method (Fixture *f, guint i, guint m, GDBusCallFlags flags)
{
  const GDBusInterfaceInfo *info = interfaces[i].info ();
  GError *error = NULL;
  GVariant *reply = call_end (call_begin (f, path_of (i), info->name, info->methods[m]->name,
                                          dummy_args (info->methods[m]), flags), &error);

  g_assert_true ((reply == NULL) != (error == NULL));
  g_clear_pointer (&reply, g_variant_unref);
  return error;
}

static void
assert_refused (GError *error, const char *method, const char *path, const char *action)
{
  g_assert_error (error, PVM_ERROR, PVM_ERROR_NOT_AUTHORIZED);
  g_dbus_error_strip_remote_error (error);
  g_assert_nonnull (strstr (error->message, method));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, action));
  g_assert_null (strchr (error->message, '\n'));
}

/* The generated skeleton answers this when no handler takes the call: the call got through. */
static void
assert_reached_handler (GError *error, const char *method)
{
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD);
  g_assert_nonnull (strstr (error->message, "is not implemented"));
  g_assert_nonnull (strstr (error->message, method));
}

/* Checks that polkit was asked once, about @action for the client, with @flags. */
static void
assert_checked (Fixture *f, const char *action, guint32 flags)
{
  g_autoptr (GPtrArray) checks = pvm_test_polkit_take_checks (f->polkit);

  g_assert_cmpuint (checks->len, ==, 1);
  PvmTestPolkitCheck *check = checks->pdata[0];
  g_assert_cmpstr (check->action, ==, action);
  g_assert_cmpstr (check->subject_kind, ==, "system-bus-name");
  g_assert_cmpstr (check->subject_name, ==, g_dbus_connection_get_unique_name (f->client));
  g_assert_cmpuint (check->flags, ==, flags);
}

static void
assert_not_checked (Fixture *f)
{
  g_autoptr (GPtrArray) checks = pvm_test_polkit_take_checks (f->polkit);

  g_assert_cmpuint (checks->len, ==, 0);
}

/* Returns the action that guards method @m of interface @i on the test's objects. */
static const char *
action_of (guint i, guint m)
{
  const GDBusInterfaceInfo *info = interfaces[i].info ();

  if (i == JOB_INTERFACE && strcmp (info->methods[m]->name, "Cancel") == 0)
    return pvm_helper_auth_job_action ("clone-volume");
  return pvm_helper_auth_action (info->name, info->methods[m]->name);
}

static void
test_every_guarded_method_is_refused_without_its_action (Fixture *f, gconstpointer data)
{
  guint guarded = 0;

  for (guint i = 0; i < N_INTERFACES; i++) {
    const GDBusInterfaceInfo *info = interfaces[i].info ();
    for (guint m = 0; info->methods[m]; m++) {
      const char *action = action_of (i, m);
      if (!action)
        continue;
      g_autoptr (GError) error = call_method (f, i, m, G_DBUS_CALL_FLAGS_NONE);
      g_test_message ("%s.%s: %s", info->name, info->methods[m]->name, error->message);
      assert_refused (error, info->methods[m]->name, path_of (i), action);
      assert_checked (f, action, 0);
      guarded++;
    }
  }
  g_assert_cmpuint (guarded, >=, 20);
}

static void
test_every_guarded_method_gets_through_with_its_action (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < N_INTERFACES; i++) {
    const GDBusInterfaceInfo *info = interfaces[i].info ();
    for (guint m = 0; info->methods[m]; m++) {
      const char *action = action_of (i, m);
      if (!action)
        continue;
      const char *allowed[] = { action, NULL };
      pvm_test_polkit_allow (f->polkit, allowed);
      g_autoptr (GError) error = call_method (f, i, m, G_DBUS_CALL_FLAGS_NONE);
      assert_reached_handler (error, info->methods[m]->name);
      assert_checked (f, action, 0);
    }
  }
}

static void
test_every_other_action_does_not_let_a_method_through (Fixture *f, gconstpointer data)
{
  static const char *const all[] = { LIFECYCLE, CONSOLE, MANAGE_DOMAINS, STORAGE, NETWORK };

  for (guint i = 0; i < N_INTERFACES; i++) {
    const GDBusInterfaceInfo *info = interfaces[i].info ();
    for (guint m = 0; info->methods[m]; m++) {
      const char *action = action_of (i, m);
      const char *others[G_N_ELEMENTS (all) + 1] = { NULL };
      guint n = 0;
      if (!action)
        continue;
      for (guint a = 0; a < G_N_ELEMENTS (all); a++)
        if (strcmp (all[a], action) != 0)
          others[n++] = all[a];
      pvm_test_polkit_allow (f->polkit, others);
      g_autoptr (GError) error = call_method (f, i, m, G_DBUS_CALL_FLAGS_NONE);
      assert_refused (error, info->methods[m]->name, path_of (i), action);
      assert_checked (f, action, 0);
    }
  }
}

static void
test_reading_needs_no_authorization (Fixture *f, gconstpointer data)
{
  guint readers = 0;

  for (guint i = 0; i < N_INTERFACES; i++) {
    const GDBusInterfaceInfo *info = interfaces[i].info ();
    for (guint m = 0; info->methods[m]; m++) {
      if (action_of (i, m))
        continue;
      g_autoptr (GError) error = call_method (f, i, m, G_DBUS_CALL_FLAGS_NONE);
      assert_reached_handler (error, info->methods[m]->name);
      readers++;
    }

    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) all = call_end (
      call_begin (f, path_of (i), "org.freedesktop.DBus.Properties", "GetAll",
                  g_variant_new ("(s)", info->name), G_DBUS_CALL_FLAGS_NONE), &error);
    g_assert_no_error (error);
    g_autoptr (GVariant) props = g_variant_get_child_value (all, 0);
    guint n_properties = 0;
    while (info->properties[n_properties])
      n_properties++;
    g_assert_cmpuint (g_variant_n_children (props), ==, n_properties);
    g_autoptr (GVariant) one = call_end (
      call_begin (f, path_of (i), "org.freedesktop.DBus.Properties", "Get",
                  g_variant_new ("(ss)", info->name, info->properties[0]->name),
                  G_DBUS_CALL_FLAGS_NONE), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (readers, ==, 5);
  assert_not_checked (f);
}

static void
test_cancelling_a_job_is_checked_with_the_action_of_its_kind (Fixture *f, gconstpointer data)
{
  GDBusInterfaceSkeleton *job = f->skeletons[JOB_INTERFACE];
  const char *storage[] = { STORAGE, NULL };
  GError *error = NULL;

  pvm_test_polkit_allow (f->polkit, storage);
  g_assert_null (call_end (call_begin (f, path_of (JOB_INTERFACE), "org.pvm.Hypervisor1.Job",
                                       "Cancel", NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  assert_reached_handler (error, "Cancel");
  assert_checked (f, STORAGE, 0);
  g_clear_error (&error);

  pvm_job_set_kind (PVM_JOB (job), "defragment-the-moon");
  g_assert_null (call_end (call_begin (f, path_of (JOB_INTERFACE), "org.pvm.Hypervisor1.Job",
                                       "Cancel", NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  assert_refused (error, "Cancel", path_of (JOB_INTERFACE), MANAGE_DOMAINS);
  assert_checked (f, MANAGE_DOMAINS, 0);
  g_clear_error (&error);
}

static void
test_interactive_authorization_is_passed_on (Fixture *f, gconstpointer data)
{
  GError *error = NULL;

  g_assert_null (call_end (call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "Start",
                                       NULL, G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION),
                           &error));
  assert_refused (error, "Start", path_of (1), LIFECYCLE);
  assert_checked (f, LIFECYCLE, 1);
  g_clear_error (&error);

  g_assert_null (call_end (call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "Start",
                                       NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  assert_checked (f, LIFECYCLE, 0);
  g_clear_error (&error);
}

static void
test_a_pending_check_holds_up_no_other_call (Fixture *f, gconstpointer data)
{
  const char *lifecycle[] = { LIFECYCLE, NULL };
  GError *error = NULL;

  pvm_test_polkit_allow (f->polkit, lifecycle);
  pvm_test_polkit_hang (f->polkit, lifecycle);
  GTask *start = call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "Start", NULL,
                             G_DBUS_CALL_FLAGS_NONE);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint asked = 0;
  while (asked == 0 && g_get_monotonic_time () < deadline) {
    g_main_context_iteration (NULL, FALSE);
    g_autoptr (GPtrArray) now = pvm_test_polkit_take_checks (f->polkit);
    asked += now->len;
  }
  g_assert_cmpuint (asked, ==, 1);

  /* While polkit sits on Start: reading, and another check, are answered. */
  g_assert_null (call_end (call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "GetXML",
                                       NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  assert_reached_handler (error, "GetXML");
  g_clear_error (&error);
  g_assert_null (call_end (call_begin (f, path_of (0), "org.pvm.Hypervisor1.Host",
                                       "DefineDomain", g_variant_new ("(s)", ""),
                                       G_DBUS_CALL_FLAGS_NONE), &error));
  assert_refused (error, "DefineDomain", path_of (0), MANAGE_DOMAINS);
  g_clear_error (&error);
  g_assert_false (g_task_get_completed (start));

  g_assert_cmpuint (pvm_test_polkit_release (f->polkit), ==, 1);
  g_assert_null (call_end (start, &error));
  assert_reached_handler (error, "Start");
  g_clear_error (&error);
}

static void
test_the_session_mode_never_asks_polkit (Fixture *f, gconstpointer data)
{
  pvm_helper_auth_set_mode (PVM_HELPER_AUTH_NONE);
  for (guint i = 0; i < N_INTERFACES; i++) {
    const GDBusInterfaceInfo *info = interfaces[i].info ();
    for (guint m = 0; info->methods[m]; m++) {
      g_autoptr (GError) error = call_method (f, i, m, G_DBUS_CALL_FLAGS_NONE);
      assert_reached_handler (error, info->methods[m]->name);
    }
  }
  assert_not_checked (f);
}

static void
test_without_polkit_every_guarded_call_is_refused (Fixture *f, gconstpointer data)
{
  const char *lifecycle[] = { LIFECYCLE, NULL };
  GError *error = NULL;

  pvm_test_polkit_set_stopped (f->polkit, TRUE);
  g_assert_null (call_end (call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "Start",
                                       NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  g_test_message ("without polkit: %s", error->message);
  assert_refused (error, "Start", path_of (1), LIFECYCLE);
  g_clear_error (&error);
  g_assert_null (call_end (call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "GetXML",
                                       NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  assert_reached_handler (error, "GetXML");
  g_clear_error (&error);

  /* and polkit is asked again once it is back */
  pvm_test_polkit_set_stopped (f->polkit, FALSE);
  pvm_test_polkit_allow (f->polkit, lifecycle);
  g_assert_null (call_end (call_begin (f, path_of (1), "org.pvm.Hypervisor1.Domain", "Start",
                                       NULL, G_DBUS_CALL_FLAGS_NONE), &error));
  assert_reached_handler (error, "Start");
  g_clear_error (&error);
}

static void
skip (gconstpointer reason)
{
  g_test_skip (reason);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pvm_error_quark (); /* so that remote errors come back as PVM_ERROR */

  g_test_add_func ("/helper/auth/table/every-method-has-its-documented-action-or-none",
                   test_every_method_has_its_documented_action);
  g_test_add_func ("/helper/auth/table/an-unknown-method-has-no-action",
                   test_an_unknown_method_has_no_action);
  g_test_add_func ("/helper/auth/table/cancelling-a-job-takes-the-action-of-its-kind",
                   test_cancelling_a_job_takes_the_action_of_its_kind);
  g_test_add_func ("/helper/auth/table/every-action-is-declared-in-the-policy-file",
                   test_every_action_is_declared_in_the_policy_file);

  /* One bus and one mock for the whole run: libpolkit keeps one authority per process. */
  const char *missing = pvm_test_polkit_missing ();
  g_autofree char *dir = g_dir_make_tmp ("pvm-test-auth-XXXXXX", NULL);
  PvmTestPolkit *polkit = NULL;
  if (!missing) {
    polkit = pvm_test_polkit_new (dir);
    g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", pvm_test_polkit_get_address (polkit), TRUE);
  }

#define ADD(path, fn)                                                                     \
  do {                                                                                    \
    if (polkit)                                                                           \
      g_test_add ("/helper/auth/polkit-mock/" path, Fixture, polkit, set_up, fn, tear_down); \
    else                                                                                  \
      g_test_add_data_func ("/helper/auth/polkit-mock/" path, missing, skip);             \
  } while (0)
  ADD ("every-guarded-method-is-refused-without-its-action",
       test_every_guarded_method_is_refused_without_its_action);
  ADD ("every-guarded-method-gets-through-with-its-action",
       test_every_guarded_method_gets_through_with_its_action);
  ADD ("every-other-action-does-not-let-a-method-through",
       test_every_other_action_does_not_let_a_method_through);
  ADD ("reading-needs-no-authorization", test_reading_needs_no_authorization);
  ADD ("cancelling-a-job-is-checked-with-the-action-of-its-kind",
       test_cancelling_a_job_is_checked_with_the_action_of_its_kind);
  ADD ("interactive-authorization-is-passed-on-when-the-caller-allows-it",
       test_interactive_authorization_is_passed_on);
  ADD ("a-pending-check-holds-up-no-other-call", test_a_pending_check_holds_up_no_other_call);
  ADD ("the-session-mode-never-asks-polkit", test_the_session_mode_never_asks_polkit);
  ADD ("without-polkit-every-guarded-call-is-refused",
       test_without_polkit_every_guarded_call_is_refused);
#undef ADD

  int status = g_test_run ();
  pvm_test_polkit_free (polkit);
  g_rmdir (dir);
  return status;
}

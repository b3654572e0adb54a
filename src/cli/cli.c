/* cli.c: the connection, finding pvmd's objects, arguments, errors and JSON for pvmctl's
 * commands. */
#include "cli/cli.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>

#include "common/pvm-connect.h"
#include "common/pvm-error.h"

/* ---- arguments and errors ---- */

int
pvm_cli_usage_error (const PvmCliCommand *command, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("pvmctl: %s\n", message);
  if (command)
    g_printerr ("Usage: pvmctl %s %s (see pvmctl %s --help)\n", command->name, command->args,
                command->name);
  else
    g_printerr ("See pvmctl --help.\n");
  return PVM_CLI_EXIT_USAGE;
}

int
pvm_cli_fail (const GError *error)
{
  g_autoptr (GError) copy = g_error_copy (error);

  g_dbus_error_strip_remote_error (copy);
  g_printerr ("pvmctl: %s\n", copy->message);
  return PVM_CLI_EXIT_ERROR;
}

int
pvm_cli_fail_printf (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("pvmctl: %s\n", message);
  return PVM_CLI_EXIT_ERROR;
}

gboolean
pvm_cli_parse (PvmCli *cli, const PvmCliCommand *command, const GOptionEntry *entries,
               int *argc, char ***argv, int min_args, int max_args)
{
  const GOptionEntry global[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &cli->uri, "The host to manage (see pvmctl --help)",
      "URI" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, "Print JSON for scripts", NULL },
    { NULL },
  };
  g_autofree char *parameters = g_strdup_printf ("%s", command->args);
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("pvmctl %s", command->name);
  int positional;

  g_set_prgname (prgname);
  g_option_context_set_summary (context, command->summary);
  if (entries)
    g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, global, NULL);
  if (!g_option_context_parse (context, argc, argv, &error)) {
    pvm_cli_usage_error (command, "%s", error->message);
    return FALSE;
  }
  if (cli->uri) {
    g_autoptr (PvmConnectUri) uri = pvm_connect_uri_parse (cli->uri, &error);
    if (!uri) {
      pvm_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  }
  positional = *argc - 1;
  if (positional < min_args) {
    pvm_cli_usage_error (command, "%s is missing %s", command->name,
                         positional == 0 ? "its arguments" : "an argument");
    return FALSE;
  }
  if (max_args >= 0 && positional > max_args) {
    pvm_cli_usage_error (command, "Too many arguments for %s: “%s”", command->name,
                         (*argv)[max_args + 1]);
    return FALSE;
  }
  return TRUE;
}

/* ---- pvmd ---- */

gboolean
pvm_cli_connect (PvmCli *cli, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (cli->host)
    return TRUE;
  cli->connection = pvm_connect_sync (cli->uri, NULL, error);
  if (!cli->connection)
    return FALSE;
  cli->manager = pvm_object_manager_client_new_sync (
    cli->connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START, PVM_CONNECT_BUS_NAME,
    PVM_CONNECT_OBJECT_PATH, NULL, &local);
  if (!cli->manager) {
    g_dbus_error_strip_remote_error (local);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot list pvmd's objects on %s: %s",
                 pvm_connect_get_uri (cli->connection), local->message);
    return FALSE;
  }
  cli->host = PVM_HOST (g_dbus_object_manager_get_interface (
    cli->manager, PVM_CONNECT_HOST_PATH, "org.pvm.Hypervisor1.Host"));
  if (!cli->host) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pvmd on %s has no Host object",
                 pvm_connect_get_uri (cli->connection));
    return FALSE;
  }
  return TRUE;
}

void
pvm_cli_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Returns the interfaces named @iface of every object (new references), sorted by @name_of. */
static GList *
cli_list (PvmCli *cli, const char *iface, const char *(*name_of) (gpointer))
{
  GList *objects, *out = NULL;

  if (!cli->manager)
    return NULL;
  pvm_cli_iterate ();
  objects = g_dbus_object_manager_get_objects (cli->manager);
  for (GList *l = objects; l; l = l->next) {
    GDBusInterface *i = g_dbus_object_get_interface (l->data, iface);
    if (i)
      out = g_list_prepend (out, i);
  }
  g_list_free_full (objects, g_object_unref);
  for (GList *l = out; l; l = l->next) /* insertion sort: lists are short */
    for (GList *m = l->next; m; m = m->next)
      if (g_strcmp0 (name_of (m->data), name_of (l->data)) < 0) {
        gpointer t = l->data;
        l->data = m->data;
        m->data = t;
      }
  return out;
}

static const char *
domain_name_of (gpointer domain)
{
  return pvm_domain_get_name (domain);
}

static const char *
pool_name_of (gpointer pool)
{
  return pvm_storage_pool_get_name (pool);
}

static const char *
network_name_of (gpointer network)
{
  return pvm_network_get_name (network);
}

GList *
pvm_cli_list_domains (PvmCli *cli)
{
  return cli_list (cli, "org.pvm.Hypervisor1.Domain", domain_name_of);
}

GList *
pvm_cli_list_pools (PvmCli *cli)
{
  return cli_list (cli, "org.pvm.Hypervisor1.StoragePool", pool_name_of);
}

GList *
pvm_cli_list_networks (PvmCli *cli)
{
  return cli_list (cli, "org.pvm.Hypervisor1.Network", network_name_of);
}

/* Finds the object among @list whose name (or, for domains, UUID) is @name; frees @list. */
static gpointer
cli_find (GList *list, const char *name, const char *(*name_of) (gpointer))
{
  gpointer found = NULL;

  for (GList *l = list; l && !found; l = l->next)
    if (g_strcmp0 (name_of (l->data), name) == 0 ||
        (PVM_IS_DOMAIN (l->data) && g_ascii_strcasecmp (pvm_domain_get_uuid (l->data), name) == 0))
      found = g_object_ref (l->data);
  g_list_free_full (list, g_object_unref);
  return found;
}

PvmDomain *
pvm_cli_find_domain (PvmCli *cli, const char *name_or_uuid, GError **error)
{
  PvmDomain *domain;

  if (!pvm_cli_connect (cli, error))
    return NULL;
  domain = cli_find (pvm_cli_list_domains (cli), name_or_uuid, domain_name_of);
  if (!domain)
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                 "No domain is named '%s' or has that UUID on %s", name_or_uuid,
                 pvm_connect_get_uri (cli->connection));
  return domain;
}

PvmStoragePool *
pvm_cli_find_pool (PvmCli *cli, const char *name, GError **error)
{
  PvmStoragePool *pool;

  if (!pvm_cli_connect (cli, error))
    return NULL;
  pool = cli_find (pvm_cli_list_pools (cli), name, pool_name_of);
  if (!pool)
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND, "No storage pool is named '%s' on %s",
                 name, pvm_connect_get_uri (cli->connection));
  return pool;
}

PvmNetwork *
pvm_cli_find_network (PvmCli *cli, const char *name, GError **error)
{
  PvmNetwork *network;

  if (!pvm_cli_connect (cli, error))
    return NULL;
  network = cli_find (pvm_cli_list_networks (cli), name, network_name_of);
  if (!network)
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND, "No network is named '%s' on %s", name,
                 pvm_connect_get_uri (cli->connection));
  return network;
}

/* ---- values ---- */

gboolean
pvm_cli_parse_size (const char *text, guint64 default_unit, guint64 *bytes)
{
  static const struct {
    const char *suffix;
    guint shift;
  } units[] = {
    { "", 0 },   { "B", 0 },    { "K", 10 },   { "KiB", 10 }, { "M", 20 },
    { "MiB", 20 }, { "G", 30 }, { "GiB", 30 }, { "T", 40 },   { "TiB", 40 },
  };
  char *end = NULL;
  guint64 value;

  if (!text || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
    if (g_ascii_strcasecmp (end, units[i].suffix) != 0)
      continue;
    guint64 unit = i == 0 ? default_unit : G_GUINT64_CONSTANT (1) << units[i].shift;
    if (unit && value > G_MAXUINT64 / unit)
      return FALSE;
    *bytes = value * unit;
    return TRUE;
  }
  return FALSE;
}

char *
pvm_cli_format_size (guint64 bytes)
{
  g_autofree char *text = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autoptr (GString) plain = g_string_new (text);

  g_string_replace (plain, "\u00a0", " ", 0); /* GLib's no-break space, for plain text */
  return g_string_free (g_steal_pointer (&plain), FALSE);
}

char *
pvm_cli_read_file (const char *path, GError **error)
{
  char *text = NULL;
  gsize length;

  if (strcmp (path, "-") == 0) {
    g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
      return NULL;
    g_autoptr (GBytes) bytes =
      g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
    return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }
  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return text;
}

void
pvm_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  json_node_unref (node);
}

PvmDomain *
pvm_cli_wait_for_domain (PvmCli *cli, const char *path, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusInterface *iface;

  while (!(iface = g_dbus_object_manager_get_interface (cli->manager, path,
                                                        "org.pvm.Hypervisor1.Domain")) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!iface)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 "pvmd answered with the domain %s but does not list it", path);
  return iface ? PVM_DOMAIN (iface) : NULL;
}

JsonNode *
pvm_cli_domain_to_json (PvmDomain *domain)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const char *job = pvm_domain_get_job (domain);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, pvm_domain_get_name (domain) ?: "");
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, pvm_domain_get_uuid (domain) ?: "");
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, pvm_domain_get_state (domain) ?: "");
  json_builder_set_member_name (b, "state_reason");
  json_builder_add_string_value (b, pvm_domain_get_state_reason (domain) ?: "");
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, pvm_domain_get_mode (domain) ?: "");
  json_builder_set_member_name (b, "vcpus");
  json_builder_add_int_value (b, pvm_domain_get_vcpus (domain));
  json_builder_set_member_name (b, "memory_mib");
  json_builder_add_int_value (b, (gint64) pvm_domain_get_memory_mib (domain));
  json_builder_set_member_name (b, "autostart");
  json_builder_add_boolean_value (b, pvm_domain_get_autostart (domain));
  json_builder_set_member_name (b, "rescue_directory");
  json_builder_add_string_value (b, pvm_domain_get_rescue_directory (domain) ?: "");
  json_builder_set_member_name (b, "job");
  if (job && strcmp (job, "/") != 0)
    json_builder_add_string_value (b, job);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

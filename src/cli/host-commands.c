/* host-commands.c: pvmctl pool-list, pool-define, net-list, net-define — the host's storage
 * pools and networks. */
#include "cli/cli.h"

int
pvm_cli_cmd_pool_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  GList *pools;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 0, 0))
    return PVM_CLI_EXIT_USAGE;
  if (!pvm_cli_connect (cli, &error))
    return pvm_cli_fail (error);
  pools = pvm_cli_list_pools (cli);
  if (cli->json) {
    JsonArray *array = json_array_new ();
    for (GList *l = pools; l; l = l->next) {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "name", pvm_storage_pool_get_name (l->data) ?: "");
      json_object_set_string_member (o, "type", pvm_storage_pool_get_type_ (l->data) ?: "");
      json_object_set_string_member (o, "target", pvm_storage_pool_get_target (l->data) ?: "");
      json_object_set_int_member (o, "capacity",
                                  (gint64) pvm_storage_pool_get_capacity_bytes (l->data));
      json_object_set_int_member (o, "available",
                                  (gint64) pvm_storage_pool_get_available_bytes (l->data));
      json_array_add_object_element (array, o);
    }
    pvm_cli_print_json (json_node_init_array (json_node_alloc (), array));
    json_array_unref (array);
  } else {
    const char *headers[] = { "Name", "Type", "Capacity", "Available", "Target", NULL };
    PvmCliTable *table = pvm_cli_table_new (headers);
    for (GList *l = pools; l; l = l->next) {
      g_autofree char *capacity =
        pvm_cli_format_size (pvm_storage_pool_get_capacity_bytes (l->data));
      g_autofree char *available =
        pvm_cli_format_size (pvm_storage_pool_get_available_bytes (l->data));
      const char *row[] = { pvm_storage_pool_get_name (l->data),
                            pvm_storage_pool_get_type_ (l->data), capacity, available,
                            pvm_storage_pool_get_target (l->data), NULL };
      pvm_cli_table_add_row (table, row);
    }
    pvm_cli_table_print_and_free (table);
  }
  g_list_free_full (pools, g_object_unref);
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_net_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  GList *networks;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 0, 0))
    return PVM_CLI_EXIT_USAGE;
  if (!pvm_cli_connect (cli, &error))
    return pvm_cli_fail (error);
  networks = pvm_cli_list_networks (cli);
  if (cli->json) {
    JsonArray *array = json_array_new ();
    for (GList *l = networks; l; l = l->next) {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "name", pvm_network_get_name (l->data) ?: "");
      json_object_set_string_member (o, "forward", pvm_network_get_forward (l->data) ?: "");
      json_object_set_string_member (o, "bridge", pvm_network_get_bridge (l->data) ?: "");
      json_array_add_object_element (array, o);
    }
    pvm_cli_print_json (json_node_init_array (json_node_alloc (), array));
    json_array_unref (array);
  } else {
    const char *headers[] = { "Name", "Forward", "Bridge", NULL };
    PvmCliTable *table = pvm_cli_table_new (headers);
    for (GList *l = networks; l; l = l->next) {
      const char *row[] = { pvm_network_get_name (l->data), pvm_network_get_forward (l->data),
                            pvm_network_get_bridge (l->data), NULL };
      pvm_cli_table_add_row (table, row);
    }
    pvm_cli_table_print_and_free (table);
  }
  g_list_free_full (networks, g_object_unref);
  return PVM_CLI_EXIT_OK;
}

/* Waits until the object manager lists @path, so that its name can be printed. */
static GDBusObject *
host_wait_for_object (PvmCli *cli, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusObject *object;

  while (!(object = g_dbus_object_manager_get_object (cli->manager, path)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return object;
}

typedef gboolean (*HostDefine) (PvmHost *host, const char *xml, char **path,
                                GCancellable *cancellable, GError **error);

static int
host_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv,
             HostDefine define, gboolean pool)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL, *path = NULL;
  g_autoptr (GDBusObject) object = NULL;
  const char *name = NULL;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(xml = pvm_cli_read_file (argv[1], &error)))
    return pvm_cli_fail (error);
  if (!pvm_cli_connect (cli, &error) || !define (cli->host, xml, &path, NULL, &error))
    return pvm_cli_fail (error);
  object = host_wait_for_object (cli, path);
  if (object && pool && pvm_object_peek_storage_pool (PVM_OBJECT (object)))
    name = pvm_storage_pool_get_name (pvm_object_peek_storage_pool (PVM_OBJECT (object)));
  else if (object && !pool && pvm_object_peek_network (PVM_OBJECT (object)))
    name = pvm_network_get_name (pvm_object_peek_network (PVM_OBJECT (object)));
  if (cli->json) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, name ? name : "");
    json_builder_set_member_name (b, "path");
    json_builder_add_string_value (b, path);
    json_builder_end_object (b);
    pvm_cli_print_json (json_builder_get_root (b));
  } else {
    g_print ("%s '%s' is defined\n", pool ? "Storage pool" : "Network", name ? name : path);
  }
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_pool_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return host_define (cli, command, argc, argv, pvm_host_call_define_pool_sync, TRUE);
}

int
pvm_cli_cmd_net_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return host_define (cli, command, argc, argv, pvm_host_call_define_network_sync, FALSE);
}

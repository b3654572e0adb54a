/* volume-commands.c: pvmctl vol-list, vol-create, vol-resize, vol-clone, vol-delete — the
 * volumes of a storage pool ("default" unless --pool names another). */
#include "cli/cli.h"
#include "cli/job.h"

#define VOLUME_DEFAULT_POOL "default"

static const char *
pool_or_default (const char *pool)
{
  return pool ? pool : VOLUME_DEFAULT_POOL;
}

/* Prints {"pool": …, "name": …, and @key: @value if @key} for --json. */
static void
volume_print_json (const char *pool, const char *name, const char *key, const char *value)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pool");
  json_builder_add_string_value (b, pool);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  if (key) {
    json_builder_set_member_name (b, key);
    json_builder_add_string_value (b, value);
  }
  json_builder_end_object (b);
  pvm_cli_print_json (json_builder_get_root (b));
}

int
pvm_cli_cmd_vol_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autofree char *pool_name = NULL;
  const GOptionEntry entries[] = {
    { "pool", 'p', 0, G_OPTION_ARG_STRING, &pool_name, "The pool (default: default)", "POOL" },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmStoragePool) pool = NULL;
  g_autoptr (GVariant) volumes = NULL;
  const char *name, *path;
  guint64 capacity, allocation;
  GVariantIter iter;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 0, 0))
    return PVM_CLI_EXIT_USAGE;
  if (!(pool = pvm_cli_find_pool (cli, pool_or_default (pool_name), &error)) ||
      !pvm_storage_pool_call_list_volumes_sync (pool, &volumes, NULL, &error))
    return pvm_cli_fail (error);

  g_variant_iter_init (&iter, volumes);
  if (cli->json) {
    JsonArray *array = json_array_new ();
    while (g_variant_iter_next (&iter, "(&s&stt)", &name, &path, &capacity, &allocation)) {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "path", path);
      json_object_set_int_member (o, "capacity", (gint64) capacity);
      json_object_set_int_member (o, "allocation", (gint64) allocation);
      json_array_add_object_element (array, o);
    }
    pvm_cli_print_json (json_node_init_array (json_node_alloc (), array));
    json_array_unref (array);
    return PVM_CLI_EXIT_OK;
  }
  const char *headers[] = { "Name", "Capacity", "Allocation", "Path", NULL };
  PvmCliTable *table = pvm_cli_table_new (headers);
  while (g_variant_iter_next (&iter, "(&s&stt)", &name, &path, &capacity, &allocation)) {
    g_autofree char *c = pvm_cli_format_size (capacity);
    g_autofree char *a = pvm_cli_format_size (allocation);
    const char *row[] = { name, c, a, path, NULL };
    pvm_cli_table_add_row (table, row);
  }
  pvm_cli_table_print_and_free (table);
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_vol_create (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autofree char *pool_name = NULL;
  const GOptionEntry entries[] = {
    { "pool", 'p', 0, G_OPTION_ARG_STRING, &pool_name, "The pool (default: default)", "POOL" },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmStoragePool) pool = NULL;
  g_autofree char *path = NULL;
  guint64 bytes;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 2, 2))
    return PVM_CLI_EXIT_USAGE;
  if (!pvm_cli_parse_size (argv[2], 1, &bytes))
    return pvm_cli_usage_error (command, "“%s” is not a size (bytes, or with K, M, G, T)",
                                argv[2]);
  if (!(pool = pvm_cli_find_pool (cli, pool_or_default (pool_name), &error)) ||
      !pvm_storage_pool_call_create_volume_sync (pool, argv[1], bytes, &path, NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json)
    volume_print_json (pool_or_default (pool_name), argv[1], "path", path);
  else
    g_print ("Volume '%s' is created: %s\n", argv[1], path);
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_vol_resize (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autofree char *pool_name = NULL;
  const GOptionEntry entries[] = {
    { "pool", 'p', 0, G_OPTION_ARG_STRING, &pool_name, "The pool (default: default)", "POOL" },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmStoragePool) pool = NULL;
  guint64 bytes;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 2, 2))
    return PVM_CLI_EXIT_USAGE;
  if (!pvm_cli_parse_size (argv[2], 1, &bytes))
    return pvm_cli_usage_error (command, "“%s” is not a size (bytes, or with K, M, G, T)",
                                argv[2]);
  if (!(pool = pvm_cli_find_pool (cli, pool_or_default (pool_name), &error)) ||
      !pvm_storage_pool_call_resize_volume_sync (pool, argv[1], bytes, NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json) {
    volume_print_json (pool_or_default (pool_name), argv[1], NULL, NULL);
  } else {
    g_autofree char *size = pvm_cli_format_size (bytes);
    g_print ("Volume '%s' is resized to %s\n", argv[1], size);
  }
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_vol_clone (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autofree char *pool_name = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "pool", 'p', 0, G_OPTION_ARG_STRING, &pool_name, "The pool (default: default)", "POOL" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Draw no progress bar", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmStoragePool) pool = NULL;
  g_autoptr (PvmCliJobWatch) watch = NULL;
  g_autofree char *job = NULL;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 2, 2))
    return PVM_CLI_EXIT_USAGE;
  if (!(pool = pvm_cli_find_pool (cli, pool_or_default (pool_name), &error)))
    return pvm_cli_fail (error);
  watch = pvm_cli_job_watch_new (cli->connection);
  if (!pvm_storage_pool_call_clone_volume_sync (pool, argv[1], argv[2], &job, NULL, &error) ||
      !pvm_cli_job_watch_wait (watch, job, quiet || cli->json, &error))
    return pvm_cli_fail (error);
  if (cli->json)
    volume_print_json (pool_or_default (pool_name), argv[2], "source", argv[1]);
  else
    g_print ("Volume '%s' is a copy of '%s'\n", argv[2], argv[1]);
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_vol_delete (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autofree char *pool_name = NULL;
  const GOptionEntry entries[] = {
    { "pool", 'p', 0, G_OPTION_ARG_STRING, &pool_name, "The pool (default: default)", "POOL" },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmStoragePool) pool = NULL;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(pool = pvm_cli_find_pool (cli, pool_or_default (pool_name), &error)) ||
      !pvm_storage_pool_call_delete_volume_sync (pool, argv[1], NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json)
    volume_print_json (pool_or_default (pool_name), argv[1], NULL, NULL);
  else
    g_print ("Volume '%s' is deleted\n", argv[1]);
  return PVM_CLI_EXIT_OK;
}

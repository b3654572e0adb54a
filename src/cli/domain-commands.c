/* domain-commands.c: pvmctl list, info, define, undefine, clone, dumpxml, autostart — the
 * definitions of domains. */
#include <string.h>

#include "cli/cli.h"
#include "cli/job.h"
#include "common/pvm-domain-disks.h"

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

static gboolean
domain_is_active (PvmDomain *domain)
{
  const char *state = or_empty (pvm_domain_get_state (domain));

  return strcmp (state, "running") == 0 || strcmp (state, "paused") == 0;
}

int
pvm_cli_cmd_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  gboolean all = FALSE, names = FALSE;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, "List every domain, not only those running", NULL },
    { "name", 0, 0, G_OPTION_ARG_NONE, &names, "Print only the names, one a line", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  GList *domains;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 0, 0))
    return PVM_CLI_EXIT_USAGE;
  if (!pvm_cli_connect (cli, &error))
    return pvm_cli_fail (error);

  domains = pvm_cli_list_domains (cli);
  for (GList *l = domains, *next; l; l = next) {
    next = l->next;
    if (!all && !domain_is_active (l->data)) {
      g_object_unref (l->data);
      domains = g_list_delete_link (domains, l);
    }
  }

  if (cli->json) {
    JsonArray *array = json_array_new ();
    for (GList *l = domains; l; l = l->next)
      json_array_add_element (array, pvm_cli_domain_to_json (l->data));
    pvm_cli_print_json (json_node_init_array (json_node_alloc (), array));
    json_array_unref (array);
  } else if (names) {
    for (GList *l = domains; l; l = l->next)
      g_print ("%s\n", or_empty (pvm_domain_get_name (l->data)));
  } else {
    const char *headers[] = { "Name", "State", "Mode", "vCPUs", "Memory", "Autostart", NULL };
    PvmCliTable *table = pvm_cli_table_new (headers);
    for (GList *l = domains; l; l = l->next) {
      PvmDomain *d = l->data;
      g_autofree char *vcpus = g_strdup_printf ("%u", pvm_domain_get_vcpus (d));
      g_autofree char *memory =
        g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", pvm_domain_get_memory_mib (d));
      const char *row[] = { pvm_domain_get_name (d), pvm_domain_get_state (d),
                            pvm_domain_get_mode (d), vcpus, memory,
                            pvm_domain_get_autostart (d) ? "yes" : "no", NULL };
      pvm_cli_table_add_row (table, row);
    }
    pvm_cli_table_print_and_free (table);
  }
  g_list_free_full (domains, g_object_unref);
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_info (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  domain = pvm_cli_find_domain (cli, argv[1], &error);
  if (!domain)
    return pvm_cli_fail (error);
  if (cli->json) {
    pvm_cli_print_json (pvm_cli_domain_to_json (domain));
    return PVM_CLI_EXIT_OK;
  }

  const char *reason = or_empty (pvm_domain_get_state_reason (domain));
  const char *rescue = or_empty (pvm_domain_get_rescue_directory (domain));
  const char *job = or_empty (pvm_domain_get_job (domain));
  g_print ("Name:         %s\n", or_empty (pvm_domain_get_name (domain)));
  g_print ("UUID:         %s\n", or_empty (pvm_domain_get_uuid (domain)));
  g_print ("State:        %s\n", or_empty (pvm_domain_get_state (domain)));
  if (*reason)
    g_print ("Reason:       %s\n", reason);
  g_print ("Mode:         %s\n", or_empty (pvm_domain_get_mode (domain)));
  g_print ("vCPUs:        %u\n", pvm_domain_get_vcpus (domain));
  g_print ("Memory:       %" G_GUINT64_FORMAT " MiB\n", pvm_domain_get_memory_mib (domain));
  g_print ("Autostart:    %s\n", pvm_domain_get_autostart (domain) ? "yes" : "no");
  if (*rescue)
    g_print ("Rescue:       %s\n", rescue);
  if (*job && strcmp (job, "/") != 0) {
    g_autoptr (PvmJob) proxy = pvm_job_proxy_new_sync (
      cli->connection, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, "org.pvm.Hypervisor1", job, NULL,
      NULL);
    if (proxy && pvm_job_get_description (proxy))
      g_print ("Job:          %s, %.0f%%\n", pvm_job_get_description (proxy),
               100.0 * pvm_job_get_progress (proxy));
  }
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL, *path = NULL;
  g_autoptr (PvmDomain) domain = NULL;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(xml = pvm_cli_read_file (argv[1], &error)))
    return pvm_cli_fail (error);
  if (!pvm_cli_connect (cli, &error) ||
      !pvm_host_call_define_domain_sync (cli->host, xml, &path, NULL, &error) ||
      !(domain = pvm_cli_wait_for_domain (cli, path, &error)))
    return pvm_cli_fail (error);
  if (cli->json)
    pvm_cli_print_json (pvm_cli_domain_to_json (domain));
  else
    g_print ("Domain '%s' is defined (%s)\n", pvm_domain_get_name (domain),
             pvm_domain_get_uuid (domain));
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_dumpxml (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autofree char *xml = NULL;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) ||
      !pvm_domain_call_get_xml_sync (domain, &xml, NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "xml");
    json_builder_add_string_value (b, xml);
    json_builder_end_object (b);
    pvm_cli_print_json (json_builder_get_root (b));
  } else {
    g_print ("%s%s", xml, g_str_has_suffix (xml, "\n") ? "" : "\n");
  }
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_undefine (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  gboolean remove_disks = FALSE;
  const GOptionEntry entries[] = {
    { "remove-disks", 0, 0, G_OPTION_ARG_NONE, &remove_disks,
      "Also delete the disks that are volumes of a storage pool", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autofree char *name = NULL, *bus_name = NULL;
  g_autoptr (GPtrArray) disks = NULL;
  int status = PVM_CLI_EXIT_OK;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)))
    return pvm_cli_fail (error);
  name = g_strdup (pvm_domain_get_name (domain));
  bus_name = g_strdup (g_dbus_proxy_get_name (G_DBUS_PROXY (domain)));
  if (remove_disks && !(disks = pvm_domain_disks_find_sync (domain, NULL, &error)))
    return pvm_cli_fail (error);
  if (!pvm_domain_call_undefine_sync (domain, NULL, &error))
    return pvm_cli_fail (error);
  if (!cli->json)
    g_print ("Domain '%s' is undefined\n", name);

  for (guint i = 0; disks && i < disks->len; i++) {
    PvmDomainDiskVolume *disk = disks->pdata[i];

    if (!disk->pool) {
      g_printerr ("pvmctl: Kept the disk %s: it is not a volume of a storage pool\n",
                  disk->path);
    } else if (pvm_domain_disk_volume_delete_sync (disk, cli->connection, bus_name, NULL,
                                                   &error)) {
      if (!cli->json)
        g_print ("Deleted its disk %s\n", disk->path);
    } else {
      status = pvm_cli_fail (error);
      g_clear_error (&error);
    }
  }
  if (cli->json) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, name);
    json_builder_set_member_name (b, "undefined");
    json_builder_add_boolean_value (b, TRUE);
    json_builder_end_object (b);
    pvm_cli_print_json (json_builder_get_root (b));
  }
  return status;
}

int
pvm_cli_cmd_clone (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autofree char *uuid = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "uuid", 0, 0, G_OPTION_ARG_STRING, &uuid, "The copy's UUID (default: a new random one)",
      "UUID" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Draw no progress bar", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL, copy = NULL;
  g_autoptr (PvmCliJobWatch) watch = NULL;
  g_autofree char *job = NULL, *source = NULL;
  GVariantDict options;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 2, 2))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)))
    return pvm_cli_fail (error);
  source = g_strdup (pvm_domain_get_name (domain));
  g_variant_dict_init (&options, NULL);
  if (uuid)
    g_variant_dict_insert (&options, "uuid", "s", uuid);
  watch = pvm_cli_job_watch_new (cli->connection);
  if (!pvm_domain_call_clone_sync (domain, argv[2], g_variant_dict_end (&options), &job, NULL,
                                   &error) ||
      !pvm_cli_job_watch_wait (watch, job, quiet || cli->json, &error) ||
      !(copy = pvm_cli_find_domain (cli, argv[2], &error)))
    return pvm_cli_fail (error);
  if (cli->json)
    pvm_cli_print_json (pvm_cli_domain_to_json (copy));
  else
    g_print ("Domain '%s' is a clone of '%s' (%s)\n", pvm_domain_get_name (copy), source,
             pvm_domain_get_uuid (copy));
  return PVM_CLI_EXIT_OK;
}

int
pvm_cli_cmd_autostart (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  gboolean disable = FALSE;
  const GOptionEntry entries[] = {
    { "disable", 0, 0, G_OPTION_ARG_NONE, &disable, "Do not start the domain with pvmd", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) ||
      !pvm_domain_call_set_autostart_sync (domain, !disable, NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json) {
    pvm_cli_iterate ();
    pvm_cli_print_json (pvm_cli_domain_to_json (domain));
  } else {
    g_print ("Domain '%s' %s\n", pvm_domain_get_name (domain),
             disable ? "no longer starts with pvmd" : "starts with pvmd");
  }
  return PVM_CLI_EXIT_OK;
}

/* stats-commands.c: pvmctl domstats — the counters of a running domain's VMM
 * (Domain.GetStats). */
#include "cli/cli.h"

/* How a counter is shown to people: seconds, a size, or not at all (JSON only). */
typedef enum { STAT_TIME, STAT_SIZE, STAT_HIDDEN } StatKind;

typedef struct {
  const char *key;
  const char *label;
  StatKind kind;
} StatField;

/* The counters in the order they are printed, by their D-Bus key. */
static const StatField stat_fields[] = {
  { "cpu-time-ns", "CPU time:", STAT_TIME },
  { "memory-bytes", "Memory:", STAT_SIZE },
  { "memory-rss-bytes", "Resident:", STAT_SIZE },
  { "disk-read-bytes", "Disk read:", STAT_SIZE },
  { "disk-write-bytes", "Disk written:", STAT_SIZE },
  { "net-rx-bytes", "Net received:", STAT_SIZE },
  { "net-tx-bytes", "Net sent:", STAT_SIZE },
  { "timestamp-ns", NULL, STAT_HIDDEN },
};

static guint64
stat_value (GVariant *stats, const char *key)
{
  guint64 value = 0;

  g_variant_lookup (stats, key, "t", &value);
  return value;
}

/* {"name": …, "cpu_time_ns": …, …}: every counter under its D-Bus key with "_" for "-". */
static JsonNode *
stats_to_json (PvmDomain *domain, GVariant *stats)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, pvm_domain_get_name (domain) ?: "");
  for (guint i = 0; i < G_N_ELEMENTS (stat_fields); i++) {
    g_autofree char *member = g_strdelimit (g_strdup (stat_fields[i].key), "-", '_');
    json_builder_set_member_name (b, member);
    json_builder_add_int_value (b, (gint64) stat_value (stats, stat_fields[i].key));
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
pvm_cli_cmd_domstats (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autoptr (GVariant) stats = NULL;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) ||
      !pvm_domain_call_get_stats_sync (domain, &stats, NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json) {
    pvm_cli_print_json (stats_to_json (domain, stats));
    return PVM_CLI_EXIT_OK;
  }
  g_print ("%-14s%s\n", "Name:", pvm_domain_get_name (domain) ?: "");
  for (guint i = 0; i < G_N_ELEMENTS (stat_fields); i++) {
    const StatField *field = &stat_fields[i];
    guint64 value = stat_value (stats, field->key);
    g_autofree char *text = NULL;

    if (field->kind == STAT_HIDDEN)
      continue;
    if (field->kind == STAT_TIME)
      text = g_strdup_printf ("%.3f s", value / 1e9);
    else
      text = pvm_cli_format_size (value);
    g_print ("%-14s%s\n", field->label, text);
  }
  return PVM_CLI_EXIT_OK;
}

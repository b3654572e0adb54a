/* cli.h: what pvmctl's commands share — the connection to pvmd, finding its objects,
 * parsing a command's arguments, and printing for people (tables) or scripts (JSON). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "common/pvm-hypervisor1.h"

#define PVM_CLI_EXIT_OK 0
#define PVM_CLI_EXIT_ERROR 1
#define PVM_CLI_EXIT_USAGE 2

typedef struct {
  char *uri;     /* --connect, or NULL for the default */
  gboolean json; /* --json */
  GDBusConnection *connection;
  GDBusObjectManager *manager;
  PvmHost *host;
} PvmCli;

typedef struct PvmCliCommand PvmCliCommand;

/* Runs the command with its own arguments (@argv[0] is the command's name); returns the exit
 * status. */
typedef int (*PvmCliRun) (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

struct PvmCliCommand {
  const char *name;
  const char *args;    /* what follows the name in a usage line */
  const char *summary; /* one line, for --help */
  PvmCliRun run;
};

/* ---- pvmctl.c ---- */

/* Returns the command table, ending with a zeroed entry; static. */
const PvmCliCommand *pvm_cli_get_commands (void);

/* ---- cli.c ---- */

/* Parses the options of @command in @argc/@argv with @entries (may be NULL), and --connect,
 * --json and --help. Leaves the command's name and its positional arguments in @argv.
 * Returns FALSE after printing a usage sentence if an option is wrong or the number of
 * positional arguments is not between @min_args and @max_args (-1: any); --help prints the
 * command's help and exits 0. */
gboolean pvm_cli_parse (PvmCli *cli, const PvmCliCommand *command, const GOptionEntry *entries,
                        int *argc, char ***argv, int min_args, int max_args);

/* Prints "pvmctl: <sentence>" and where to read about @command (may be NULL) on stderr;
 * returns PVM_CLI_EXIT_USAGE. */
int pvm_cli_usage_error (const PvmCliCommand *command, const char *format, ...)
  G_GNUC_PRINTF (2, 3);

/* Prints "pvmctl: <@error's sentence>" on stderr (a D-Bus error without its name); returns
 * PVM_CLI_EXIT_ERROR. */
int pvm_cli_fail (const GError *error);

/* Same, with a sentence of its own. */
int pvm_cli_fail_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Connects to pvmd (once) and lists its objects; returns FALSE with the error. Blocks. */
gboolean pvm_cli_connect (PvmCli *cli, GError **error);

/* Lets queued D-Bus signals (property changes) reach the proxies; never blocks. */
void pvm_cli_iterate (void);

/* Returns the domain named @name_or_uuid (a new reference), or NULL with PVM_ERROR_NOT_FOUND.
 * Connects first if needed. */
PvmDomain *pvm_cli_find_domain (PvmCli *cli, const char *name_or_uuid, GError **error);

/* Returns the domain at @path once pvmd's object manager has announced it (a new reference),
 * waiting a few seconds at most; NULL with an error otherwise. */
PvmDomain *pvm_cli_wait_for_domain (PvmCli *cli, const char *path, GError **error);

/* Returns @domain's properties as a JSON object (name, uuid, state, state_reason, mode, vcpus,
 * memory_mib, autostart, rescue_directory, job). */
JsonNode *pvm_cli_domain_to_json (PvmDomain *domain);

/* Returns the domains, sorted by name (a list of new references: g_list_free_full with
 * g_object_unref). */
GList *pvm_cli_list_domains (PvmCli *cli);

/* Same for storage pools and networks. */
PvmStoragePool *pvm_cli_find_pool (PvmCli *cli, const char *name, GError **error);
GList *pvm_cli_list_pools (PvmCli *cli);
PvmNetwork *pvm_cli_find_network (PvmCli *cli, const char *name, GError **error);
GList *pvm_cli_list_networks (PvmCli *cli);

/* Reads a size: a whole number with an optional binary unit (K, M, G, T, with or without
 * "iB"); a bare number counts @default_unit bytes. Returns FALSE if @text is not one. */
gboolean pvm_cli_parse_size (const char *text, guint64 default_unit, guint64 *bytes);

/* Returns @bytes for people ("1.5 GiB"), newly allocated. */
char *pvm_cli_format_size (guint64 bytes);

/* Reads @path whole ("-": standard input); returns the text or NULL with an error. */
char *pvm_cli_read_file (const char *path, GError **error);

/* Prints @node as JSON (pretty) on stdout, followed by a newline. Takes @node. */
void pvm_cli_print_json (JsonNode *node);

/* ---- table.c ---- */

typedef struct PvmCliTable PvmCliTable;

/* A table for people: aligned columns under @headers (NULL-terminated). */
PvmCliTable *pvm_cli_table_new (const char *const *headers);

/* Adds a row: one string per column (copied; NULL prints as ""). */
void pvm_cli_table_add_row (PvmCliTable *table, const char *const *cells);

/* Prints the table on stdout and frees it. */
void pvm_cli_table_print_and_free (PvmCliTable *table);

/* ---- the commands: one file per group ---- */

/* domain-commands.c */
int pvm_cli_cmd_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_info (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_undefine (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_clone (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_dumpxml (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_autostart (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* lifecycle-commands.c */
int pvm_cli_cmd_start (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_shutdown (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_reboot (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_destroy (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_pause (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_resume (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_rescue (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* stats-commands.c */
int pvm_cli_cmd_domstats (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* create.c */
int pvm_cli_cmd_create (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* edit.c */
int pvm_cli_cmd_edit (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* console.c */
int pvm_cli_cmd_console (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* volume-commands.c */
int pvm_cli_cmd_vol_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_vol_create (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_vol_resize (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_vol_clone (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_vol_delete (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* host-commands.c: pools and networks */
int pvm_cli_cmd_pool_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_pool_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_net_list (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);
int pvm_cli_cmd_net_define (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

/* bridge.c */
int pvm_cli_cmd_bridge (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv);

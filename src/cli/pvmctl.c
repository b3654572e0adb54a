/* pvmctl.c: the command line of pvm — finds the command and hands it its arguments. Every
 * command talks to pvmd on D-Bus (org.pvm.Hypervisor1), on this host or, through
 * `pvmctl bridge`, on another. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/pvm-connect.h"

static const PvmCliCommand commands[] = {
  { "list", "[--all] [--name]", "List the running domains (--all: every domain)",
    pvm_cli_cmd_list },
  { "info", "DOMAIN", "Show a domain's state and resources", pvm_cli_cmd_info },
  { "create", "--name NAME", "Define a domain from options (and start it)",
    pvm_cli_cmd_create },
  { "define", "FILE", "Define a domain, or replace a stopped one's definition, from XML",
    pvm_cli_cmd_define },
  { "undefine", "[--remove-disks] DOMAIN", "Delete a stopped domain's definition",
    pvm_cli_cmd_undefine },
  { "clone", "[--uuid UUID] [--quiet] DOMAIN NEW-NAME",
    "Copy a stopped domain and its pool volumes (Ctrl+C cancels)", pvm_cli_cmd_clone },
  { "dumpxml", "DOMAIN", "Print a domain's definition (libvirt domain XML)",
    pvm_cli_cmd_dumpxml },
  { "edit", "DOMAIN", "Edit a domain's definition in $VISUAL or $EDITOR", pvm_cli_cmd_edit },
  { "start", "DOMAIN", "Start a domain", pvm_cli_cmd_start },
  { "shutdown", "[--wait] DOMAIN", "Ask a domain's guest to power off (its power key)",
    pvm_cli_cmd_shutdown },
  { "reboot", "DOMAIN", "Ask a domain's guest to restart", pvm_cli_cmd_reboot },
  { "destroy", "DOMAIN", "Stop a domain at once, as pulling the power cord does",
    pvm_cli_cmd_destroy },
  { "pause", "DOMAIN", "Stop a domain's processors", pvm_cli_cmd_pause },
  { "resume", "DOMAIN", "Let a paused domain run again", pvm_cli_cmd_resume },
  { "autostart", "[--disable] DOMAIN", "Start a domain when pvmd starts (or not)",
    pvm_cli_cmd_autostart },
  { "domstats", "DOMAIN", "Show a running domain's CPU, memory, disk and network counters",
    pvm_cli_cmd_domstats },
  { "console", "DOMAIN", "Attach the terminal to a domain's serial console (Ctrl+] detaches)",
    pvm_cli_cmd_console },
  { "vol-list", "[--pool POOL]", "List the volumes of a storage pool", pvm_cli_cmd_vol_list },
  { "vol-create", "[--pool POOL] NAME SIZE", "Create an empty volume", pvm_cli_cmd_vol_create },
  { "vol-resize", "[--pool POOL] NAME SIZE", "Grow a volume", pvm_cli_cmd_vol_resize },
  { "vol-clone", "[--pool POOL] [--quiet] NAME NEW-NAME", "Copy a volume (Ctrl+C cancels)",
    pvm_cli_cmd_vol_clone },
  { "vol-delete", "[--pool POOL] NAME", "Delete a volume", pvm_cli_cmd_vol_delete },
  { "pool-list", "", "List the storage pools", pvm_cli_cmd_pool_list },
  { "pool-define", "FILE", "Define a storage pool from libvirt pool XML",
    pvm_cli_cmd_pool_define },
  { "net-list", "", "List the networks", pvm_cli_cmd_net_list },
  { "net-define", "FILE", "Define a network from libvirt network XML", pvm_cli_cmd_net_define },
  { "rescue", "[--done] DOMAIN",
    "Mount a stopped domain's disks read-only on the host and print where (--done: release)",
    pvm_cli_cmd_rescue },
  { "bridge", "[--system|--session] [--serial DOMAIN]",
    "Carry this host's bus (or a serial console) over stdin and stdout, for remote pvmctl",
    pvm_cli_cmd_bridge },
  { NULL },
};

const PvmCliCommand *
pvm_cli_get_commands (void)
{
  return commands;
}

static char *
main_description (void)
{
  GString *text = g_string_new ("Commands:\n");
  g_autofree char *uri = pvm_connect_default_uri ();

  for (const PvmCliCommand *c = commands; c->name; c++)
    g_string_append_printf (text, "  %-12s %s\n", c->name, c->summary);
  g_string_append_printf (
    text,
    "\n"
    "DOMAIN is a domain's name or UUID. `pvmctl COMMAND --help` shows a command's options.\n"
    "\n"
    "Host URIs:\n"
    "  pvm:///session                       pvmd on your session bus\n"
    "  pvm:///system                        pvmd on the system bus\n"
    "  pvm+ssh://[user@]host[:port]/session|system\n"
    "                                       pvmd on another host, through\n"
    "                                       `ssh host pvmctl bridge` ($PVM_SSH replaces ssh)\n"
    "Without --connect: $PVM_DEFAULT_URI, else pvm:///system for root and pvm:///session\n"
    "for other users (here: %s).\n"
    "\n"
    "Exit status: 0 done, 1 failed (the reason on stderr), 2 wrong arguments.",
    uri);
  return g_string_free (text, FALSE);
}

int
main (int argc, char **argv)
{
  g_autofree char *uri = NULL;
  gboolean json = FALSE, version = FALSE;
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &uri, "The host to manage (see Host URIs below)",
      "URI" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON with stable field names, for scripts",
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print pvmctl's version", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("COMMAND [ARGUMENT…]");
  g_autoptr (GError) error = NULL;
  g_autofree char *description = main_description ();
  PvmCli cli = { 0 };
  int status;

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);
  g_set_prgname ("pvmctl");
  g_option_context_set_summary (context, "Manages pvm's virtual machines through pvmd, on this "
                                         "host or another.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_strict_posix (context, TRUE); /* the command's options are its own */
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pvm_cli_usage_error (NULL, "%s", error->message);
  if (version) {
    g_print ("pvmctl %s\n", PVM_VERSION);
    return PVM_CLI_EXIT_OK;
  }
  if (argc < 2)
    return pvm_cli_usage_error (NULL, "Give a command");

  const PvmCliCommand *command = NULL;
  for (const PvmCliCommand *c = commands; c->name && !command; c++)
    if (strcmp (c->name, argv[1]) == 0)
      command = c;
  if (!command)
    return pvm_cli_usage_error (NULL, "“%s” is not a pvmctl command", argv[1]);

  cli.uri = g_steal_pointer (&uri);
  cli.json = json;
  status = command->run (&cli, command, argc - 1, argv + 1);

  g_clear_object (&cli.host);
  g_clear_object (&cli.manager);
  if (cli.connection)
    g_dbus_connection_flush_sync (cli.connection, NULL, NULL);
  g_clear_object (&cli.connection);
  g_free (cli.uri);
  return status;
}

/* bridge.c: pvmctl bridge — run on the remote host by ssh, it relays bytes between its stdin
 * and stdout and the local bus's socket, as systemd-stdio-bridge does: the client
 * authenticates to the bus through it (with the bridge's credentials) and speaks D-Bus.
 * With --serial it relays a domain's serial console instead, after a status line (see
 * pvm_connect_serial_status_line()), since file descriptors cannot cross ssh. */
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/relay.h"
#include "common/pvm-connect.h"

/* Relays stdin and stdout to @stream until one side ends. */
static int
bridge_relay (GIOStream *stream)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr (GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  g_autoptr (GError) error = NULL;

  if (pvm_cli_relay_run (in, out, g_io_stream_get_input_stream (stream),
                         g_io_stream_get_output_stream (stream), -1, PVM_CLI_RELAY_NONE,
                         &error) == PVM_CLI_RELAY_FAILED)
    return pvm_cli_fail (error);
  return PVM_CLI_EXIT_OK;
}

static int
bridge_serial (PvmCli *cli, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = pvm_cli_find_domain (cli, name, &error);
  g_autoptr (GIOStream) serial = domain ? pvm_connect_open_serial_sync (domain, NULL, &error)
                                        : NULL;
  g_autofree char *status = pvm_connect_serial_status_line (serial ? NULL : error);

  if (write (STDOUT_FILENO, status, strlen (status)) < 0 || !serial)
    return PVM_CLI_EXIT_ERROR;
  return bridge_relay (serial);
}

int
pvm_cli_cmd_bridge (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  gboolean system = FALSE, session = FALSE;
  g_autofree char *serial = NULL;
  const GOptionEntry entries[] = {
    { "system", 0, 0, G_OPTION_ARG_NONE, &system, "Relay the system bus", NULL },
    { "session", 0, 0, G_OPTION_ARG_NONE, &session, "Relay the session bus", NULL },
    { "serial", 0, 0, G_OPTION_ARG_STRING, &serial,
      "Relay the serial console of DOMAIN on that bus's pvmd", "DOMAIN" },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *address = NULL;
  g_autoptr (GIOStream) stream = NULL;
  GBusType bus;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 0, 0))
    return PVM_CLI_EXIT_USAGE;
  if (system && session)
    return pvm_cli_usage_error (command, "Give --system or --session, not both");
  if (cli->uri)
    return pvm_cli_usage_error (command, "bridge relays this host's bus: --connect does not "
                                         "go with it");
  bus = system || (!session && geteuid () == 0) ? G_BUS_TYPE_SYSTEM : G_BUS_TYPE_SESSION;

  if (serial) {
    cli->uri = g_strdup (bus == G_BUS_TYPE_SYSTEM ? "pvm:///system" : "pvm:///session");
    return bridge_serial (cli, serial);
  }
  if (!(address = g_dbus_address_get_for_bus_sync (bus, NULL, &error)) ||
      !(stream = g_dbus_address_get_stream_sync (address, NULL, NULL, &error)))
    return pvm_cli_fail_printf ("Cannot reach the %s bus: %s",
                                bus == G_BUS_TYPE_SYSTEM ? "system" : "session",
                                error->message);
  return bridge_relay (stream);
}

/* console.c: pvmctl console — the domain's serial port on this terminal. On a terminal, raw
 * mode (keys go to the guest as typed, Ctrl+C included); Ctrl+] (byte 0x1d) detaches, and
 * so does the end of standard input. The terminal is restored on every way out: detaching,
 * the console closing, an error, SIGTERM, SIGHUP or SIGINT (the relay turns them into a
 * return). */
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/relay.h"
#include "common/pvm-connect.h"

#define CONSOLE_ESCAPE 0x1d /* Ctrl+] */

/* Puts the terminal on stdin in raw mode, keeping its settings in @saved; returns FALSE if
 * stdin is not a terminal (nothing changed). */
static gboolean
console_make_raw (struct termios *saved)
{
  struct termios raw;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, saved) != 0)
    return FALSE;
  raw = *saved;
  cfmakeraw (&raw);
  return tcsetattr (STDIN_FILENO, TCSAFLUSH, &raw) == 0;
}

int
pvm_cli_cmd_console (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autoptr (GIOStream) serial = NULL;
  g_autoptr (GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr (GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  gboolean tty = isatty (STDIN_FILENO), raw;
  struct termios saved;
  PvmCliRelayEnd end;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) ||
      !(serial = pvm_connect_open_serial_sync (domain, NULL, &error)))
    return pvm_cli_fail (error);

  if (tty)
    g_printerr ("Connected to domain '%s'. Ctrl+] detaches.\n", pvm_domain_get_name (domain));
  raw = console_make_raw (&saved);
  end = pvm_cli_relay_run (in, out, g_io_stream_get_input_stream (serial),
                           g_io_stream_get_output_stream (serial), CONSOLE_ESCAPE,
                           PVM_CLI_RELAY_DOUBLE_FF, &error);
  if (raw)
    tcsetattr (STDIN_FILENO, TCSADRAIN, &saved);
  g_io_stream_close (serial, NULL, NULL);

  switch (end) {
  case PVM_CLI_RELAY_ESCAPED:
  case PVM_CLI_RELAY_INPUT_ENDED:
  case PVM_CLI_RELAY_SIGNALLED:
    if (tty)
      g_printerr ("\nDetached from domain '%s'.\n", pvm_domain_get_name (domain));
    return PVM_CLI_EXIT_OK;
  case PVM_CLI_RELAY_REMOTE_ENDED:
    g_printerr ("\npvmctl: The console of domain '%s' closed\n",
                pvm_domain_get_name (domain));
    return PVM_CLI_EXIT_OK;
  case PVM_CLI_RELAY_FAILED:
  default:
    return pvm_cli_fail (error);
  }
}

/* lifecycle-commands.c: pvmctl start, shutdown, reboot, destroy, pause, resume and rescue —
 * changing a domain's state. */
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "cli/cli.h"

/* Says what happened, or prints the domain as it is now (--json). */
static int
domain_done (PvmCli *cli, PvmDomain *domain, const char *what)
{
  if (cli->json) {
    pvm_cli_iterate ();
    pvm_cli_print_json (pvm_cli_domain_to_json (domain));
  } else {
    g_print ("Domain '%s' %s\n", pvm_domain_get_name (domain), what);
  }
  return PVM_CLI_EXIT_OK;
}

typedef gboolean (*DomainCall) (PvmDomain *domain, GCancellable *cancellable, GError **error);

/* The commands that take one domain and call one method without arguments. */
static int
domain_call (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv, DomainCall call,
             const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) || !call (domain, NULL, &error))
    return pvm_cli_fail (error);
  return domain_done (cli, domain, what);
}

int
pvm_cli_cmd_start (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return domain_call (cli, command, argc, argv, pvm_domain_call_start_sync, "started");
}

int
pvm_cli_cmd_reboot (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return domain_call (cli, command, argc, argv, pvm_domain_call_reboot_sync,
                      "is asked to restart");
}

int
pvm_cli_cmd_destroy (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return domain_call (cli, command, argc, argv, pvm_domain_call_destroy_sync, "destroyed");
}

int
pvm_cli_cmd_pause (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return domain_call (cli, command, argc, argv, pvm_domain_call_pause_sync, "paused");
}

int
pvm_cli_cmd_resume (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  return domain_call (cli, command, argc, argv, pvm_domain_call_resume_sync, "resumed");
}

static gboolean
on_interrupt (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_CONTINUE;
}

int
pvm_cli_cmd_shutdown (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  gboolean wait = FALSE, interrupted = FALSE;
  const GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Wait until the domain is shut off", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) ||
      !pvm_domain_call_shutdown_sync (domain, NULL, &error))
    return pvm_cli_fail (error);
  if (!wait)
    return domain_done (cli, domain, "is asked to power off");

  guint sigint = g_unix_signal_add (SIGINT, on_interrupt, &interrupted);
  while (!interrupted && (strcmp (pvm_domain_get_state (domain), "running") == 0 ||
                          strcmp (pvm_domain_get_state (domain), "paused") == 0))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);
  if (interrupted)
    return pvm_cli_fail_printf ("Stopped waiting: domain '%s' is still %s",
                                pvm_domain_get_name (domain), pvm_domain_get_state (domain));
  return domain_done (cli, domain, "is shut off");
}

int
pvm_cli_cmd_rescue (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  gboolean done = FALSE;
  const GOptionEntry entries[] = {
    { "done", 0, 0, G_OPTION_ARG_NONE, &done, "Unmount and release what rescue mounted", NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autofree char *directory = NULL;

  if (!pvm_cli_parse (cli, command, entries, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)))
    return pvm_cli_fail (error);
  if (done) {
    if (!pvm_domain_call_unrescue_sync (domain, NULL, &error))
      return pvm_cli_fail (error);
    return domain_done (cli, domain, "is released: its disks are no longer mounted");
  }
  if (!pvm_domain_call_rescue_sync (domain, &directory, NULL, &error))
    return pvm_cli_fail (error);
  if (cli->json) {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, pvm_domain_get_name (domain));
    json_builder_set_member_name (b, "directory");
    json_builder_add_string_value (b, directory);
    json_builder_end_object (b);
    pvm_cli_print_json (json_builder_get_root (b));
  } else {
    g_print ("%s\n", directory); /* alone on stdout, for cd "$(pvmctl rescue web1)" */
  }
  return PVM_CLI_EXIT_OK;
}

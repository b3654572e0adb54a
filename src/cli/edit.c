/* edit.c: pvmctl edit — the definition in an editor, defined again when it is saved. A
 * definition pvmd refuses leaves the old one in place; the user may edit again. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* Runs $VISUAL, $EDITOR or vi on @path (the editor's words are split as a shell would, then
 * run without one), on our terminal; returns FALSE with a sentence if it failed. */
static gboolean
edit_run_editor (const char *path, GError **error)
{
  const char *editor = g_getenv ("VISUAL");
  g_auto (GStrv) words = NULL;
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_auto (GStrv) args = NULL;
  g_autoptr (GError) local = NULL;
  int status;

  if (!editor || !*editor)
    editor = g_getenv ("EDITOR");
  if (!editor || !*editor)
    editor = "vi";
  if (!g_shell_parse_argv (editor, NULL, &words, &local)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "The editor “%s” cannot be read as a command: %s", editor, local->message);
    return FALSE;
  }
  g_strv_builder_addv (argv, (const char **) words);
  g_strv_builder_add (argv, path);
  args = g_strv_builder_end (argv);
  if (!g_spawn_sync (NULL, args, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN, NULL,
                     NULL, NULL, NULL, &status, &local)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot run the editor “%s”: %s", editor,
                 local->message);
    return FALSE;
  }
  if (!g_spawn_check_wait_status (status, &local)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The editor “%s” failed: %s", editor,
                 local->message);
    return FALSE;
  }
  return TRUE;
}

/* Asks on stderr whether to edit again and reads the answer from stdin (no answer: no). */
static gboolean
edit_ask_again (void)
{
  char answer[64] = "";

  g_printerr ("Edit again? [y/N] ");
  if (!fgets (answer, sizeof answer, stdin)) {
    g_printerr ("\n");
    return FALSE;
  }
  return answer[0] == 'y' || answer[0] == 'Y';
}

int
pvm_cli_cmd_edit (PvmCli *cli, const PvmCliCommand *command, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PvmDomain) domain = NULL;
  g_autofree char *original = NULL, *path = NULL, *name = NULL;
  int fd, status = PVM_CLI_EXIT_ERROR;

  if (!pvm_cli_parse (cli, command, NULL, &argc, &argv, 1, 1))
    return PVM_CLI_EXIT_USAGE;
  if (!(domain = pvm_cli_find_domain (cli, argv[1], &error)) ||
      !pvm_domain_call_get_xml_sync (domain, &original, NULL, &error))
    return pvm_cli_fail (error);
  name = g_strdup (pvm_domain_get_name (domain));
  fd = g_file_open_tmp ("pvmctl-edit-XXXXXX.xml", &path, &error);
  if (fd < 0)
    return pvm_cli_fail (error);
  close (fd);
  if (!g_file_set_contents (path, original, -1, &error)) {
    g_unlink (path);
    return pvm_cli_fail (error);
  }

  for (;;) {
    g_autofree char *edited = NULL, *new_path = NULL;

    if (!edit_run_editor (path, &error) || !g_file_get_contents (path, &edited, NULL, &error)) {
      pvm_cli_fail (error);
      g_printerr ("pvmctl: The definition of domain '%s' is unchanged\n", name);
      break;
    }
    if (strcmp (edited, original) == 0) {
      g_print ("Domain '%s': the definition is unchanged\n", name);
      status = PVM_CLI_EXIT_OK;
      break;
    }
    if (pvm_host_call_define_domain_sync (cli->host, edited, &new_path, NULL, &error)) {
      g_print ("Domain '%s' is defined again from the edited definition\n", name);
      status = PVM_CLI_EXIT_OK;
      break;
    }
    pvm_cli_fail (error);
    g_clear_error (&error);
    if (!edit_ask_again ()) {
      g_printerr ("pvmctl: The definition of domain '%s' is unchanged\n", name);
      break;
    }
  }
  g_unlink (path);
  return status;
}

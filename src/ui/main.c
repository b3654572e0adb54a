/* main.c: pvm-manager, the GTK app that shows pvm's hosts and virtual machines. */
#include <glib/gi18n.h>
#include <locale.h>

#include "common/pvm-error.h"
#include "pvm-manager-application.h"

int
main (int argc, char **argv)
{
  g_autoptr (PvmManagerApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* $PVM_LOCALEDIR runs an uninstalled build in its own translations (build/po). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PVM_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("pvm Manager"));
  /* pvmd's errors come back as PVM_ERROR with their sentence only once the domain is known. */
  pvm_error_quark ();

  app = pvm_manager_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

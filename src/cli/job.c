/* job.c: a job's Finished signal, its progress bar and its cancellation by Ctrl+C. */
#include "cli/job.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/pvm-connect.h"
#include "common/pvm-hypervisor1.h"

#define JOB_BAR_WIDTH 30

typedef struct {
  gboolean success;
  char *message;
} JobEnd;

struct PvmCliJobWatch {
  GDBusConnection *connection;
  guint subscription;
  GHashTable *ended; /* object path → JobEnd */
};

static void
job_end_free (gpointer data)
{
  JobEnd *end = data;

  g_free (end->message);
  g_free (end);
}

static void
job_on_finished (GDBusConnection *connection, const char *sender, const char *path,
                 const char *iface, const char *signal, GVariant *parameters, gpointer data)
{
  PvmCliJobWatch *watch = data;
  JobEnd *end = g_new0 (JobEnd, 1);

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(bs)"))) {
    g_free (end);
    return;
  }
  g_variant_get (parameters, "(bs)", &end->success, &end->message);
  g_hash_table_replace (watch->ended, g_strdup (path), end);
}

PvmCliJobWatch *
pvm_cli_job_watch_new (GDBusConnection *connection)
{
  PvmCliJobWatch *watch = g_new0 (PvmCliJobWatch, 1);

  watch->connection = g_object_ref (connection);
  watch->ended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, job_end_free);
  watch->subscription = g_dbus_connection_signal_subscribe (
    connection, NULL, "org.pvm.Hypervisor1.Job", "Finished", NULL, NULL,
    G_DBUS_SIGNAL_FLAGS_NONE, job_on_finished, watch, NULL);
  return watch;
}

void
pvm_cli_job_watch_free (PvmCliJobWatch *watch)
{
  if (!watch)
    return;
  g_dbus_connection_signal_unsubscribe (watch->connection, watch->subscription);
  g_hash_table_unref (watch->ended);
  g_object_unref (watch->connection);
  g_free (watch);
}

/* ---- the progress bar ---- */

static int
terminal_width (void)
{
  struct winsize size;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
    return size.ws_col;
  return 80;
}

/* Draws "Description  [#####.....]  45%  1:23 left" over the current line of stderr; a
 * @complete job shows 100% whatever its last Progress said. */
static void
job_draw (PvmJob *job, gboolean cancelling, gboolean complete)
{
  double progress = complete ? 1.0 : job ? CLAMP (pvm_job_get_progress (job), 0.0, 1.0) : 0.0;
  gint64 remaining = complete ? 0 : job ? pvm_job_get_remaining_seconds (job) : -1;
  const char *description = job && pvm_job_get_description (job) ? pvm_job_get_description (job)
                                                                 : "Working";
  int filled = (int) (progress * JOB_BAR_WIDTH + 0.5);
  g_autoptr (GString) line = g_string_new (NULL);
  g_autofree char *bar_done = g_strnfill ((gsize) filled, '#');
  g_autofree char *bar_left = g_strnfill ((gsize) (JOB_BAR_WIDTH - filled), '.');
  g_autofree char *tail = NULL;
  int room;

  if (cancelling)
    tail = g_strdup ("  cancelling…");
  else if (remaining >= 0)
    tail = g_strdup_printf ("  %" G_GINT64_FORMAT ":%02d left", remaining / 60,
                            (int) (remaining % 60));
  else
    tail = g_strdup ("");
  g_string_printf (line, "  [%s%s] %3.0f%%%s", bar_done, bar_left, progress * 100.0, tail);
  room = terminal_width () - 1 - (int) g_utf8_strlen (line->str, -1);
  if (room > 3) {
    g_autofree char *head = g_utf8_substring (description, 0,
                                              MIN ((glong) room, g_utf8_strlen (description, -1)));
    g_string_prepend (line, head);
  }
  fprintf (stderr, "\r\033[K%s", line->str);
  fflush (stderr);
}

/* ---- waiting ---- */

typedef struct {
  gboolean interrupted;
  gboolean redraw;
} JobWait;

static gboolean
job_on_sigint (gpointer data)
{
  ((JobWait *) data)->interrupted = TRUE;
  return G_SOURCE_CONTINUE;
}

static gboolean
job_on_tick (gpointer data)
{
  ((JobWait *) data)->redraw = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
job_on_changed (GDBusProxy *proxy, GVariant *changed, GStrv invalidated, gpointer data)
{
  ((JobWait *) data)->redraw = TRUE;
}

gboolean
pvm_cli_job_watch_wait (PvmCliJobWatch *watch, const char *path, gboolean quiet,
                        GError **error)
{
  gboolean draw = !quiet && isatty (STDERR_FILENO);
  JobWait wait = { .redraw = TRUE };
  gboolean cancel_sent = FALSE;
  g_autoptr (PvmJob) job = pvm_job_proxy_new_sync (watch->connection,
                                                   G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                                   PVM_CONNECT_BUS_NAME, path, NULL, NULL);
  guint sigint = g_unix_signal_add (SIGINT, job_on_sigint, &wait);
  guint tick = g_timeout_add (500, job_on_tick, &wait);
  JobEnd *end;

  if (job)
    g_signal_connect (job, "g-properties-changed", G_CALLBACK (job_on_changed), &wait);
  while (!(end = g_hash_table_lookup (watch->ended, path))) {
    g_autofree char *owner = job ? g_dbus_proxy_get_name_owner (G_DBUS_PROXY (job)) : NULL;
    if (g_dbus_connection_is_closed (watch->connection) || (job && !owner))
      break;
    if (wait.interrupted && !cancel_sent) {
      /* The answer does not matter: Finished says how it ended, and a job that is already
       * finishing answers Busy. */
      g_dbus_connection_call (watch->connection, PVM_CONNECT_BUS_NAME, path,
                              "org.pvm.Hypervisor1.Job", "Cancel", NULL, NULL,
                              G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
      cancel_sent = TRUE;
      wait.redraw = TRUE;
    }
    if (draw && wait.redraw) {
      job_draw (job, cancel_sent, FALSE);
      wait.redraw = FALSE;
    }
    g_main_context_iteration (NULL, TRUE);
  }
  g_source_remove (sigint);
  g_source_remove (tick);
  if (job)
    g_signal_handlers_disconnect_by_data (job, &wait);
  if (!end) {
    if (draw)
      fprintf (stderr, "\n");
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "pvmd went away before the job %s finished", path);
    return FALSE;
  }
  if (draw) {
    if (end->success)
      job_draw (job, FALSE, TRUE);
    fprintf (stderr, "\n");
  }
  if (end->success)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, cancel_sent ? G_IO_ERROR_CANCELLED : G_IO_ERROR_FAILED,
                       end->message && *end->message ? end->message : "The job failed");
  return FALSE;
}

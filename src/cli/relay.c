/* relay.c: two pumps (read, write all, read again) on the main context, and the first one to
 * stop ends the relay. */
#include "cli/relay.h"

#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#define RELAY_CHUNK 65536

typedef struct Relay Relay;

typedef struct {
  Relay *relay;
  GInputStream *in;
  GOutputStream *out;
  int escape;            /* or -1 */
  PvmCliRelayEnd at_end;       /* what the end of its input means */
  PvmCliRelayEnd at_write_end; /* what a closed output means */
  gboolean escaped;
  guint8 *doubled; /* with PVM_CLI_RELAY_DOUBLE_FF on @input's pump: room for 2 × a chunk */
  guint8 buffer[RELAY_CHUNK];
} Pump;

struct Relay {
  Pump pumps[2];
  GCancellable *cancellable;
  GMainContext *context;
  guint pending; /* reads and writes begun and not yet called back */
  gboolean ended;
  PvmCliRelayEnd end;
  GError *error;
};

static void
relay_end (Relay *relay, PvmCliRelayEnd end, GError *error)
{
  if (relay->ended) {
    g_clear_error (&error);
    return;
  }
  relay->ended = TRUE;
  relay->end = end;
  relay->error = error;
  g_cancellable_cancel (relay->cancellable);
}

static void pump_read (Pump *pump);

/* A peer that went away (reset, closed, broken pipe) ends its side; it is no failure. */
static gboolean
pump_is_hang_up (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
}

static void
pump_on_written (GObject *source, GAsyncResult *result, gpointer data)
{
  Pump *pump = data;
  GError *error = NULL;

  pump->relay->pending--;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error)) {
    if (pump_is_hang_up (error)) {
      g_clear_error (&error);
      relay_end (pump->relay, pump->at_write_end, NULL);
    } else {
      relay_end (pump->relay, PVM_CLI_RELAY_FAILED, error);
    }
    return;
  }
  if (pump->escaped)
    relay_end (pump->relay, PVM_CLI_RELAY_ESCAPED, NULL);
  else
    pump_read (pump);
}

static void
pump_on_read (GObject *source, GAsyncResult *result, gpointer data)
{
  Pump *pump = data;
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  gsize length;

  pump->relay->pending--;
  if (n < 0 && pump_is_hang_up (error)) {
    g_clear_error (&error);
    n = 0;
  }
  if (n < 0) {
    relay_end (pump->relay, PVM_CLI_RELAY_FAILED, error);
    return;
  }
  if (n == 0) {
    relay_end (pump->relay, pump->at_end, NULL);
    return;
  }
  length = (gsize) n;
  if (pump->escape >= 0) {
    const guint8 *escape = memchr (pump->buffer, pump->escape, length);
    if (escape) {
      length = (gsize) (escape - pump->buffer);
      pump->escaped = TRUE;
    }
  }
  if (length == 0) {
    relay_end (pump->relay, PVM_CLI_RELAY_ESCAPED, NULL);
    return;
  }
  const guint8 *bytes = pump->buffer;
  if (pump->doubled && memchr (pump->buffer, 0xff, length)) {
    gsize k = 0;
    for (gsize i = 0; i < length; i++) {
      pump->doubled[k++] = pump->buffer[i];
      if (pump->buffer[i] == 0xff)
        pump->doubled[k++] = 0xff;
    }
    bytes = pump->doubled;
    length = k;
  }
  pump->relay->pending++;
  g_output_stream_write_all_async (pump->out, bytes, length, G_PRIORITY_DEFAULT,
                                   pump->relay->cancellable, pump_on_written, pump);
}

static void
pump_read (Pump *pump)
{
  if (pump->relay->ended)
    return;
  pump->relay->pending++;
  g_input_stream_read_async (pump->in, pump->buffer, sizeof pump->buffer, G_PRIORITY_DEFAULT,
                             pump->relay->cancellable, pump_on_read, pump);
}

static gboolean
relay_on_signal (gpointer data)
{
  relay_end (data, PVM_CLI_RELAY_SIGNALLED, NULL);
  return G_SOURCE_CONTINUE;
}

PvmCliRelayEnd
pvm_cli_relay_run (GInputStream *input, GOutputStream *output, GInputStream *remote_in,
                   GOutputStream *remote_out, int escape, PvmCliRelayFlags flags,
                   GError **error)
{
  static const int signals[] = { SIGTERM, SIGHUP, SIGINT };
  g_autofree Relay *relay = g_new0 (Relay, 1);
  guint sources[G_N_ELEMENTS (signals)];
  PvmCliRelayEnd end;

  relay->cancellable = g_cancellable_new ();
  relay->context = g_main_context_ref_thread_default ();
  relay->pumps[0] = (Pump) { relay, input, remote_out, escape, PVM_CLI_RELAY_INPUT_ENDED,
                             PVM_CLI_RELAY_REMOTE_ENDED };
  if (flags & PVM_CLI_RELAY_DOUBLE_FF)
    relay->pumps[0].doubled = g_malloc (2 * RELAY_CHUNK);
  relay->pumps[1] = (Pump) { relay, remote_in, output, -1, PVM_CLI_RELAY_REMOTE_ENDED,
                             PVM_CLI_RELAY_INPUT_ENDED };
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++) {
    g_autoptr (GSource) source = g_unix_signal_source_new (signals[i]);
    g_source_set_callback (source, relay_on_signal, relay, NULL);
    sources[i] = g_source_attach (source, relay->context);
  }

  pump_read (&relay->pumps[0]);
  pump_read (&relay->pumps[1]);
  while (!relay->ended || relay->pending > 0)
    g_main_context_iteration (relay->context, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_destroy (g_main_context_find_source_by_id (relay->context, sources[i]));
  end = relay->end;
  if (relay->error)
    g_propagate_error (error, relay->error);
  g_free (relay->pumps[0].doubled);
  g_object_unref (relay->cancellable);
  g_main_context_unref (relay->context);
  return end;
}

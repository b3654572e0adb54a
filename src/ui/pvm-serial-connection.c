/* pvm-serial-connection.c: one console stream, read and written asynchronously.
 *
 * Signals:
 *   received (GBytes *bytes)   the guest's output, as it arrives
 *   closed (GError *error)     the stream ended (error NULL: the VMM closed it, as when the
 *                              guest stops) or failed; emitted once, never after close()
 *
 * Reading: one read_bytes_async() at a time, each one started when the last one is done.
 * Writing: input waits in a queue; one write at a time takes a copy of the whole queue, and
 * what the stream did not take goes back to its front.
 * Closing cancels both; the stream closes when the last of them lets go of the object (a
 * stream closes itself when it is freed), so no close waits on an operation under way.
 */
#include "pvm-serial-connection.h"

#include "common/pvm-connect.h"

#define SERIAL_READ_SIZE 16384
#define SERIAL_IAC 0xff /* the escape byte, then: */
#define SERIAL_BREAK 0xf3

struct _PvmSerialConnection {
  GObject parent_instance;

  GIOStream *stream;
  GCancellable *cancellable;
  GByteArray *queue; /* input not handed to a write yet */
  gboolean writing;
  gboolean open;
};

G_DEFINE_FINAL_TYPE (PvmSerialConnection, pvm_serial_connection, G_TYPE_OBJECT)

enum {
  SIGNAL_RECEIVED,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Ends the connection once, telling the window why (@error NULL: the other end closed). */
static void
serial_end (PvmSerialConnection *self, const GError *error)
{
  if (!self->open)
    return;
  self->open = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
}

static void serial_read (PvmSerialConnection *self);

static void
serial_on_read (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvmSerialConnection) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
    g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (!self->open)
    return;
  if (!bytes) {
    serial_end (self, error);
    return;
  }
  if (g_bytes_get_size (bytes) == 0) {
    serial_end (self, NULL);
    return;
  }
  g_signal_emit (self, signals[SIGNAL_RECEIVED], 0, bytes);
  serial_read (self);
}

static void
serial_read (PvmSerialConnection *self)
{
  if (!self->open)
    return;
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (self->stream),
                                   SERIAL_READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   serial_on_read, g_object_ref (self));
}

static void serial_flush (PvmSerialConnection *self);

typedef struct {
  PvmSerialConnection *self;
  GBytes *bytes;
} SerialWrite;

static void
serial_on_written (GObject *source, GAsyncResult *result, gpointer data)
{
  SerialWrite *write = data;
  g_autoptr (PvmSerialConnection) self = write->self;
  g_autoptr (GBytes) bytes = write->bytes;
  g_autoptr (GError) error = NULL;
  gssize n = g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (source), result, &error);

  g_free (write);
  self->writing = FALSE;
  if (!self->open)
    return;
  if (n < 0) {
    serial_end (self, error);
    return;
  }
  gsize size;
  const guint8 *sent = g_bytes_get_data (bytes, &size);
  if ((gsize) n < size)
    g_byte_array_prepend (self->queue, sent + n, (guint) (size - (gsize) n));
  serial_flush (self);
}

/* Starts writing the queue if it holds anything and no write is under way. */
static void
serial_flush (PvmSerialConnection *self)
{
  SerialWrite *write;

  if (!self->open || self->writing || self->queue->len == 0)
    return;
  write = g_new0 (SerialWrite, 1);
  write->self = g_object_ref (self);
  write->bytes = g_bytes_new (self->queue->data, self->queue->len);
  g_byte_array_set_size (self->queue, 0);
  self->writing = TRUE;
  g_output_stream_write_bytes_async (g_io_stream_get_output_stream (self->stream), write->bytes,
                                     G_PRIORITY_DEFAULT, self->cancellable, serial_on_written,
                                     write);
}

void
pvm_serial_connection_write (PvmSerialConnection *self, const char *data, gsize len)
{
  static const guint8 iac = SERIAL_IAC;

  g_return_if_fail (PVM_IS_SERIAL_CONNECTION (self));
  if (!self->open)
    return;
  for (gsize i = 0; i < len; i++) {
    if ((guint8) data[i] == SERIAL_IAC)
      g_byte_array_append (self->queue, &iac, 1);
    g_byte_array_append (self->queue, (const guint8 *) data + i, 1);
  }
  serial_flush (self);
}

void
pvm_serial_connection_send_break (PvmSerialConnection *self)
{
  static const guint8 brk[] = { SERIAL_IAC, SERIAL_BREAK };

  g_return_if_fail (PVM_IS_SERIAL_CONNECTION (self));
  if (!self->open)
    return;
  g_byte_array_append (self->queue, brk, sizeof brk);
  serial_flush (self);
}

gboolean
pvm_serial_connection_is_open (PvmSerialConnection *self)
{
  g_return_val_if_fail (PVM_IS_SERIAL_CONNECTION (self), FALSE);
  return self->open;
}

void
pvm_serial_connection_close (PvmSerialConnection *self)
{
  g_return_if_fail (PVM_IS_SERIAL_CONNECTION (self));
  if (!self->open)
    return;
  self->open = FALSE;
  g_cancellable_cancel (self->cancellable);
}

/* ---- opening ---- */

static void
serial_on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  g_autoptr (GError) error = NULL;
  GIOStream *stream = pvm_connect_open_serial_finish (result, &error);
  PvmSerialConnection *self;

  if (!stream) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  self = g_object_new (PVM_TYPE_SERIAL_CONNECTION, NULL);
  self->stream = stream;
  self->open = TRUE;
  serial_read (self);
  g_task_return_pointer (task, self, g_object_unref);
}

void
pvm_serial_connection_open_async (PvmDomain *domain, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pvm_serial_connection_open_async);
  pvm_connect_open_serial_async (domain, cancellable, serial_on_opened, task);
}

PvmSerialConnection *
pvm_serial_connection_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the object ---- */

static void
pvm_serial_connection_dispose (GObject *object)
{
  PvmSerialConnection *self = PVM_SERIAL_CONNECTION (object);

  if (self->stream)
    pvm_serial_connection_close (self);
  G_OBJECT_CLASS (pvm_serial_connection_parent_class)->dispose (object);
}

static void
pvm_serial_connection_finalize (GObject *object)
{
  PvmSerialConnection *self = PVM_SERIAL_CONNECTION (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_byte_array_unref (self->queue);
  G_OBJECT_CLASS (pvm_serial_connection_parent_class)->finalize (object);
}

static void
pvm_serial_connection_class_init (PvmSerialConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pvm_serial_connection_dispose;
  object_class->finalize = pvm_serial_connection_finalize;

  signals[SIGNAL_RECEIVED] = g_signal_new ("received", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, G_TYPE_BYTES);
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pvm_serial_connection_init (PvmSerialConnection *self)
{
  self->cancellable = g_cancellable_new ();
  self->queue = g_byte_array_new ();
}

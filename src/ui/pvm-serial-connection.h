/* pvm-serial-connection.h: a virtual machine's serial console as the console window uses it —
 * what the guest sends arrives as signals, what the user types is queued and written as the
 * stream takes it, a serial break travels as the telnet escape that pvm-vmm reads (see
 * OpenSerial in data/org.pvm.Hypervisor1.xml). Nothing here blocks the main loop. */
#pragma once

#include <gio/gio.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_SERIAL_CONNECTION (pvm_serial_connection_get_type ())
G_DECLARE_FINAL_TYPE (PvmSerialConnection, pvm_serial_connection, PVM, SERIAL_CONNECTION,
                      GObject)

/* Opens @domain's serial console (pvm_connect_open_serial_async(): local or remote host) and
 * calls @callback in the caller's thread-default main context; never blocks. */
void pvm_serial_connection_open_async (PvmDomain *domain, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);

/* Returns the open connection, already reading (a new reference), or NULL with pvmd's error
 * (its sentence) or the reason the console could not be reached. */
PvmSerialConnection *pvm_serial_connection_open_finish (GAsyncResult *result, GError **error);

/* Queues @len bytes for the guest behind what is queued already (0xff doubled, as the escape
 * wants) and starts writing them if no write is under way. Never blocks; ignored once the
 * connection has closed. */
void pvm_serial_connection_write (PvmSerialConnection *self, const char *data, gsize len);

/* Queues a serial break behind the input queued so far. */
void pvm_serial_connection_send_break (PvmSerialConnection *self);

/* Returns whether the connection still carries the console (not closed, no end seen). */
gboolean pvm_serial_connection_is_open (PvmSerialConnection *self);

/* Stops reading and writing; the stream closes once no operation under way holds it. No
 * signal is emitted after this; what was queued and not written yet is dropped. */
void pvm_serial_connection_close (PvmSerialConnection *self);

G_END_DECLS

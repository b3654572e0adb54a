/* serial-socket.h: the guest's serial port served on a unix socket — any number of clients at
 * once, the guest's output sent to all of them, input taken from any. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "hv/machine/chardev.h"

typedef struct PvmVmmSerialSocket PvmVmmSerialSocket;

/* The most clients at once; more are refused (closed at once). */
#define PVM_VMM_SERIAL_MAX_CLIENTS 16
/* How far a client may fall behind the guest's output before it loses bytes. */
#define PVM_VMM_SERIAL_CLIENT_QUEUE (64 * 1024)

/* Client input escapes as in telnet (RFC 854): PVM_VMM_SERIAL_IAC then PVM_VMM_SERIAL_BREAK
 * sends the guest a break (after all the bytes before it), IAC IAC sends one 0xff byte, and IAC
 * followed by any other byte is dropped with it. Output is not escaped. */
#define PVM_VMM_SERIAL_IAC 0xff
#define PVM_VMM_SERIAL_BREAK 0xf3

/* Listens on a new unix stream socket at @path (which must not exist; mode 0600) and serves it
 * on @context. A client of a user other than the VMM's or root is refused. Output a client does
 * not take at once waits in its own queue; what overflows the queue is dropped for that client
 * alone, so the guest never waits for a slow client. While the guest does not read its input, clients are
 * not read either. A break from a client goes to the chardev (pvm_chardev_send_break()).
 * Returns NULL with @error (G_IO_ERROR) if the socket cannot be created. */
PvmVmmSerialSocket *pvm_vmm_serial_socket_new (const char *path, GMainContext *context,
                                               GError **error);

/* Returns the chardev to give the UART; owned by @serial. */
PvmChardev *pvm_vmm_serial_socket_chardev (PvmVmmSerialSocket *serial);

/* Returns how many clients are connected. Call on the context's thread. */
guint pvm_vmm_serial_socket_get_n_clients (PvmVmmSerialSocket *serial);

/* Returns how many bytes of output were dropped, summed over the clients that fell behind.
 * Call on the context's thread. */
uint64_t pvm_vmm_serial_socket_get_dropped (PvmVmmSerialSocket *serial);

/* Disconnects the clients, removes the socket file and frees @serial (NULL is ignored). Call
 * after the UART that uses the chardev is gone, on the context's thread or while nothing runs
 * the context. */
void pvm_vmm_serial_socket_free (PvmVmmSerialSocket *serial);

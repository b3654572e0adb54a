/* serial-socket.c: the guest's serial port on a listening unix socket.
 *
 * The UART's chardev talks to two pipes: the guest's output comes out of one, its input goes
 * into the other. One GSource on the VMM's context watches the listening socket, the output
 * pipe, the clients, and the input pipe when it is full:
 *
 *   output  read from the pipe as it comes and sent to every client; what a client's socket
 *           does not take waits in that client's bounded queue, and what overflows the queue is
 *           dropped for that client. The pipe is always drained, so the guest never waits.
 *   input   read from any client into one buffer and written to the input pipe. While the
 *           buffer holds bytes the pipe did not take (the guest is not reading), no client is
 *           read: the guest's pace holds the clients back, not the other way round.
 *   break   client input escapes as telnet does (serial-socket.h): IAC BRK ends a read, and
 *           once the buffer and then the pipe are empty (the chardev has read all that came
 *           before), it goes to the chardev as a break; no client is read meanwhile.
 *
 * The socket is a listening one, not a socketpair, so that a client (pvmd) that restarts can
 * connect again.
 */
#include "hv/vmm/serial-socket.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define SERIAL_READ_SIZE 4096
#define SERIAL_OUTPUT_PER_DISPATCH (64 * 1024) /* then other sources get a turn */
#define SERIAL_BREAK_POLL_US 10000 /* how often a pending break checks that the pipe drained */

typedef struct {
  int fd;
  gpointer tag;
  GIOCondition events;
  uint8_t *queue; /* ring of PVM_VMM_SERIAL_CLIENT_QUEUE bytes, allocated on first use */
  size_t head, len;
  gboolean dead;
  gboolean iac; /* the last byte read was an unpaired PVM_VMM_SERIAL_IAC */
} SerialClient;

typedef struct {
  GSource source;
  PvmVmmSerialSocket *serial;
} SerialSource;

struct PvmVmmSerialSocket {
  char *path;
  int listen_fd;
  int in_r, in_w;   /* clients → guest: we write in_w, the chardev reads in_r */
  int out_r, out_w; /* guest → clients: the chardev writes out_w, we read out_r */
  PvmChardev *chardev;
  GMainContext *context;
  GSource *source;
  gpointer listen_tag, out_tag, in_tag;
  GPtrArray *clients; /* SerialClient * */

  uint8_t in_buf[SERIAL_READ_SIZE]; /* client input the pipe has not taken yet */
  size_t in_start, in_len;
  gboolean break_pending; /* a break goes to the chardev after in_buf and the pipe drain */

  uint64_t dropped;
};

static gboolean
set_error_errno (GError **error, const char *what, const char *path)
{
  int err = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "%s %s: %s", what, path,
               g_strerror (err));
  return FALSE;
}

/* ---- clients ---- */

static void
client_free (SerialClient *client)
{
  close (client->fd);
  g_free (client->queue);
  g_free (client);
}

static void
client_watch (PvmVmmSerialSocket *serial, SerialClient *client, GIOCondition events)
{
  if (client->events != events) {
    g_source_modify_unix_fd (serial->source, client->tag, events);
    client->events = events;
  }
}

/* Sends what the socket takes at once; returns how many bytes, or -1 if the client is gone. */
static ssize_t
client_send (SerialClient *client, const uint8_t *buf, size_t len)
{
  ssize_t n;

  do
    n = send (client->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  return n;
}

static void
client_flush (SerialClient *client)
{
  while (client->len > 0 && !client->dead) {
    size_t chunk = MIN (client->len, PVM_VMM_SERIAL_CLIENT_QUEUE - client->head);
    ssize_t n = client_send (client, client->queue + client->head, chunk);
    if (n < 0) {
      client->dead = TRUE;
      return;
    }
    client->head = (client->head + (size_t) n) % PVM_VMM_SERIAL_CLIENT_QUEUE;
    client->len -= (size_t) n;
    if ((size_t) n < chunk)
      return;
  }
  client->head = 0;
}

/* Sends @buf to @client, queueing what its socket does not take; returns the bytes dropped. */
static size_t
client_output (SerialClient *client, const uint8_t *buf, size_t len)
{
  if (client->dead)
    return 0;
  if (client->len == 0) {
    ssize_t n = client_send (client, buf, len);
    if (n < 0) {
      client->dead = TRUE;
      return 0;
    }
    buf += n;
    len -= (size_t) n;
  }
  if (len == 0)
    return 0;

  if (!client->queue)
    client->queue = g_malloc (PVM_VMM_SERIAL_CLIENT_QUEUE);
  size_t take = MIN (len, PVM_VMM_SERIAL_CLIENT_QUEUE - client->len);
  size_t tail = (client->head + client->len) % PVM_VMM_SERIAL_CLIENT_QUEUE;
  for (size_t done = 0; done < take;) {
    size_t chunk = MIN (take - done, PVM_VMM_SERIAL_CLIENT_QUEUE - tail);
    memcpy (client->queue + tail, buf + done, chunk);
    tail = (tail + chunk) % PVM_VMM_SERIAL_CLIENT_QUEUE;
    done += chunk;
  }
  client->len += take;
  return len - take;
}

/* Decodes @client's escapes in @buf in place, up to and including the first break. Returns
 * how many bytes of @buf that used; *@out_len is the length decoded, *@brk whether a break
 * ended it. */
static size_t
client_decode (SerialClient *client, uint8_t *buf, size_t len, size_t *out_len, gboolean *brk)
{
  size_t i = 0, o = 0;

  *brk = FALSE;
  while (i < len && !*brk) {
    uint8_t byte = buf[i++];

    if (!client->iac && byte == PVM_VMM_SERIAL_IAC) {
      client->iac = TRUE;
      continue;
    }
    if (!client->iac)
      buf[o++] = byte;
    else if (byte == PVM_VMM_SERIAL_IAC)
      buf[o++] = byte;
    else if (byte == PVM_VMM_SERIAL_BREAK)
      *brk = TRUE;
    client->iac = FALSE;
  }
  *out_len = o;
  return i;
}

/* Reads a client's input into the shared buffer (which is empty, no break pending), decoded;
 * a break stops the read just after it, the rest staying in the socket. */
static void
client_input (PvmVmmSerialSocket *serial, SerialClient *client)
{
  uint8_t discard[SERIAL_READ_SIZE];
  size_t used, len;
  gboolean brk;
  ssize_t n;

  do
    n = recv (client->fd, serial->in_buf, sizeof serial->in_buf, MSG_PEEK | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    client->dead = TRUE;
    return;
  }
  if (n < 0)
    return;
  used = client_decode (client, serial->in_buf, (size_t) n, &len, &brk);
  do
    n = recv (client->fd, discard, used, MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  serial->in_start = 0;
  serial->in_len = len;
  serial->break_pending = brk;
}

static void
serial_accept (PvmVmmSerialSocket *serial)
{
  for (;;) {
    int fd = accept4 (serial->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    struct ucred cred;
    socklen_t cred_len = sizeof cred;

    if (fd < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
        g_warning ("Cannot accept a serial console client on %s: %s", serial->path,
                   g_strerror (errno));
      if (errno != EINTR && errno != ECONNABORTED)
        return;
      continue;
    }
    if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) < 0 ||
        (cred.uid != geteuid () && cred.uid != 0) ||
        serial->clients->len >= PVM_VMM_SERIAL_MAX_CLIENTS) {
      close (fd);
      continue;
    }

    SerialClient *client = g_new0 (SerialClient, 1);
    client->fd = fd;
    client->events = G_IO_IN;
    client->tag = g_source_add_unix_fd (serial->source, fd, G_IO_IN);
    g_ptr_array_add (serial->clients, client);
  }
}

/* ---- the pipes ---- */

static void
serial_broadcast (PvmVmmSerialSocket *serial)
{
  uint8_t buf[SERIAL_READ_SIZE];
  size_t total = 0;

  while (total < SERIAL_OUTPUT_PER_DISPATCH) {
    ssize_t n = read (serial->out_r, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return; /* drained (or, never, the chardev's end closed) */
    total += (size_t) n;
    for (guint i = 0; i < serial->clients->len; i++)
      serial->dropped += client_output (serial->clients->pdata[i], buf, (size_t) n);
  }
}

/* Writes the buffered client input to the guest's pipe; returns TRUE when all of it went. */
static gboolean
serial_forward_input (PvmVmmSerialSocket *serial)
{
  while (serial->in_len > 0) {
    ssize_t n = write (serial->in_w, serial->in_buf + serial->in_start, serial->in_len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return FALSE;
    if (n < 0) {
      serial->in_len = 0; /* the chardev's end is gone: the input has nowhere to go */
      break;
    }
    serial->in_start += (size_t) n;
    serial->in_len -= (size_t) n;
  }
  serial->in_start = 0;
  return TRUE;
}

/* Sends the pending break to the chardev once the pipe is empty (the buffer is); until then,
 * looks again after SERIAL_BREAK_POLL_US. */
static void
serial_forward_break (PvmVmmSerialSocket *serial)
{
  int queued = 0;

  if (ioctl (serial->in_r, FIONREAD, &queued) == 0 && queued > 0) {
    g_source_set_ready_time (serial->source, g_get_monotonic_time () + SERIAL_BREAK_POLL_US);
    return;
  }
  pvm_chardev_send_break (serial->chardev);
  serial->break_pending = FALSE;
}

/* Whether client input can be read now: nothing of the last read waits. */
static gboolean
serial_takes_input (PvmVmmSerialSocket *serial)
{
  return serial->in_len == 0 && !serial->break_pending;
}

/* ---- the source ---- */

static gboolean
serial_source_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  PvmVmmSerialSocket *serial = ((SerialSource *) source)->serial;

  g_source_set_ready_time (source, -1);
  if (g_source_query_unix_fd (source, serial->listen_tag))
    serial_accept (serial);
  if (g_source_query_unix_fd (source, serial->out_tag))
    serial_broadcast (serial);

  for (guint i = 0; i < serial->clients->len; i++) {
    SerialClient *client = serial->clients->pdata[i];
    GIOCondition ready = g_source_query_unix_fd (source, client->tag);

    if (ready & G_IO_OUT)
      client_flush (client);
    if ((ready & G_IO_IN) && serial_takes_input (serial))
      client_input (serial, client);
    else if (ready & (G_IO_HUP | G_IO_ERR))
      client->dead = TRUE;
    if (serial->in_len > 0)
      serial_forward_input (serial);
    if (serial->in_len == 0 && serial->break_pending)
      serial_forward_break (serial);
  }
  if (serial->in_tag && g_source_query_unix_fd (source, serial->in_tag))
    serial_forward_input (serial);
  if (serial->in_len == 0 && serial->break_pending)
    serial_forward_break (serial);

  /* Drop the clients that left, then watch what each one has to do. */
  for (guint i = serial->clients->len; i-- > 0;) {
    SerialClient *client = serial->clients->pdata[i];
    if (client->dead) {
      g_source_remove_unix_fd (source, client->tag);
      g_ptr_array_remove_index (serial->clients, i);
    }
  }
  for (guint i = 0; i < serial->clients->len; i++) {
    SerialClient *client = serial->clients->pdata[i];
    client_watch (serial, client,
                  (serial_takes_input (serial) ? G_IO_IN : 0) | (client->len > 0 ? G_IO_OUT : 0));
  }
  g_source_modify_unix_fd (source, serial->in_tag, serial->in_len > 0 ? G_IO_OUT : 0);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs serial_source_funcs = {
  .dispatch = serial_source_dispatch,
};

/* ---- setup ---- */

static gboolean
serial_listen (PvmVmmSerialSocket *serial, GError **error)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };

  if (strlen (serial->path) >= sizeof addr.sun_path) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                 "The serial socket path %s is longer than %zu bytes", serial->path,
                 sizeof addr.sun_path - 1);
    return FALSE;
  }
  strcpy (addr.sun_path, serial->path);

  serial->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (serial->listen_fd < 0)
    return set_error_errno (error, "Cannot create the serial socket", serial->path);
  if (bind (serial->listen_fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return set_error_errno (error, "Cannot create the serial socket", serial->path);
  if (chmod (serial->path, 0600) < 0 || listen (serial->listen_fd, 8) < 0) {
    set_error_errno (error, "Cannot listen on the serial socket", serial->path);
    unlink (serial->path);
    return FALSE;
  }
  return TRUE;
}

PvmVmmSerialSocket *
pvm_vmm_serial_socket_new (const char *path, GMainContext *context, GError **error)
{
  PvmVmmSerialSocket *serial = g_new0 (PvmVmmSerialSocket, 1);
  int in[2] = { -1, -1 }, out[2] = { -1, -1 };

  serial->path = g_strdup (path);
  serial->context = g_main_context_ref (context);
  serial->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  serial->listen_fd = -1;
  if (pipe2 (in, O_CLOEXEC | O_NONBLOCK) < 0 || pipe2 (out, O_CLOEXEC | O_NONBLOCK) < 0)
    set_error_errno (error, "Cannot create the pipes of the serial socket", path);
  serial->in_r = in[0];
  serial->in_w = in[1];
  serial->out_r = out[0];
  serial->out_w = out[1];

  if (serial->out_w < 0 || !serial_listen (serial, error)) {
    g_clear_pointer (&serial->path, g_free); /* not ours to unlink */
    pvm_vmm_serial_socket_free (serial);
    return NULL;
  }
  serial->chardev = pvm_chardev_new_fds (serial->in_r, serial->out_w, context, error);
  if (!serial->chardev) {
    pvm_vmm_serial_socket_free (serial);
    return NULL;
  }

  serial->source = g_source_new (&serial_source_funcs, sizeof (SerialSource));
  ((SerialSource *) serial->source)->serial = serial;
  g_source_set_name (serial->source, "pvm serial socket");
  serial->listen_tag = g_source_add_unix_fd (serial->source, serial->listen_fd, G_IO_IN);
  serial->out_tag = g_source_add_unix_fd (serial->source, serial->out_r, G_IO_IN);
  serial->in_tag = g_source_add_unix_fd (serial->source, serial->in_w, 0);
  g_source_attach (serial->source, context);
  return serial;
}

PvmChardev *
pvm_vmm_serial_socket_chardev (PvmVmmSerialSocket *serial)
{
  return serial->chardev;
}

guint
pvm_vmm_serial_socket_get_n_clients (PvmVmmSerialSocket *serial)
{
  return serial->clients->len;
}

uint64_t
pvm_vmm_serial_socket_get_dropped (PvmVmmSerialSocket *serial)
{
  return serial->dropped;
}

void
pvm_vmm_serial_socket_free (PvmVmmSerialSocket *serial)
{
  if (!serial)
    return;
  if (serial->source) {
    g_source_destroy (serial->source);
    g_source_unref (serial->source);
  }
  g_ptr_array_unref (serial->clients);
  /* The chardev flushes its queued output into out_w, which must still be open. */
  g_clear_pointer (&serial->chardev, pvm_chardev_free);
  const int fds[] = { serial->in_r, serial->in_w, serial->out_r, serial->out_w };
  for (unsigned i = 0; i < G_N_ELEMENTS (fds); i++)
    if (fds[i] >= 0)
      close (fds[i]);
  if (serial->listen_fd >= 0) {
    close (serial->listen_fd);
    if (serial->path)
      unlink (serial->path);
  }
  g_main_context_unref (serial->context);
  g_free (serial->path);
  g_free (serial);
}

/* chardev.c: a byte stream between a guest device and host file descriptors.
 *
 * Input: a GSource on the chardev's context watches in_fd; what it reads waits in a small
 * buffer until the frontend takes it. While the buffer holds anything the fd is not watched at
 * all (so a hung-up fd cannot spin the loop); pvm_chardev_accept_input() raises a flag and
 * wakes the context, whose next iteration offers the rest again. End of file stops the watch.
 * A break (pvm_chardev_send_break()) is offered once the buffer is empty, and the fd is not
 * read until the frontend has taken it, so that it keeps its place in the stream.
 *
 * Output: any thread writes under out_lock, straight to the non-blocking out_fd while nothing
 * is queued; what the fd does not take is queued in a bounded ring that the same GSource
 * flushes when the fd is writable. When the ring is full the writer waits for the fd a bounded
 * time, then drops the rest and counts it; after such a wait, writers drop at once until the fd
 * takes bytes again, so a stuck reader costs a hart one wait, not one per byte.
 */
#include "hv/machine/chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CHARDEV_IN_SIZE 256
#define CHARDEV_OUT_SIZE (64 * 1024)
#define CHARDEV_WRITE_WAIT_MS 20 /* the longest a writer waits on a full ring */
#define CHARDEV_FREE_WAIT_MS 500 /* the longest pvm_chardev_free() waits to flush the ring */

typedef struct {
  GSource source;
  PvmChardev *chr;
} ChardevSource;

struct PvmChardev {
  int in_fd, out_fd;
  GMainContext *context;
  GSource *source;
  gpointer in_tag, out_tag; /* the fds the source watches now, or NULL */

  /* Input, touched only on the context's thread. */
  uint8_t in_buf[CHARDEV_IN_SIZE];
  size_t in_start, in_len;
  bool in_eof;
  bool break_pending; /* a break waits behind in_buf, ahead of the fd */

  atomic_int kick; /* something changed: the source re-evaluates on its next iteration */

  GMutex receive_lock;
  PvmChardevReceive receive;
  void *opaque;
  PvmChardevBreak brk;
  void *brk_opaque;

  GMutex out_lock;
  uint8_t *out_ring;
  size_t out_head, out_len;
  bool out_broken;  /* the fd failed: everything is dropped */
  bool out_stalled; /* a writer waited in vain: until the fd takes bytes again, none waits */
  uint64_t dropped;

  /* Saved host settings, put back by pvm_chardev_restore_terminal(). */
  bool tty_raw;
  struct termios saved_termios;
  int saved_in_flags, saved_out_flags; /* -1: not changed */
};

static void
chardev_kick (PvmChardev *chr)
{
  atomic_store (&chr->kick, 1);
  g_main_context_wakeup (chr->context);
}

/* Writes what @fd takes at once; returns how much (0 on EAGAIN), or -1 if the fd failed. */
static ssize_t
write_some (int fd, const uint8_t *buf, size_t len)
{
  size_t done = 0;

  while (done < len) {
    ssize_t n = write (fd, buf + done, len - done);
    if (n > 0) {
      done += (size_t) n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return -1;
    }
  }
  return (ssize_t) done;
}

/* Called with out_lock held: writes the ring's contents that the fd takes now. */
static void
out_flush_locked (PvmChardev *chr)
{
  while (chr->out_len > 0 && !chr->out_broken) {
    size_t chunk = MIN (chr->out_len, CHARDEV_OUT_SIZE - chr->out_head);
    ssize_t n = write_some (chr->out_fd, chr->out_ring + chr->out_head, chunk);
    if (n < 0) {
      chr->out_broken = true;
      chr->dropped += chr->out_len;
      chr->out_len = 0;
      break;
    }
    chr->out_head = (chr->out_head + (size_t) n) % CHARDEV_OUT_SIZE;
    chr->out_len -= (size_t) n;
    if (n > 0)
      chr->out_stalled = false;
    if ((size_t) n < chunk)
      break;
  }
  if (chr->out_len == 0)
    chr->out_head = 0;
}

/* Called with out_lock held: waits until the fd is writable or @deadline_us passes, then
 * flushes. Returns FALSE once the deadline has passed. */
static gboolean
out_wait_and_flush_locked (PvmChardev *chr, gint64 deadline_us)
{
  gint64 left_ms = (deadline_us - g_get_monotonic_time () + 999) / 1000;
  struct pollfd pfd = { .fd = chr->out_fd, .events = POLLOUT };

  if (left_ms <= 0)
    return FALSE;
  if (poll (&pfd, 1, (int) left_ms) > 0 && (pfd.revents & (POLLERR | POLLNVAL))) {
    chr->out_broken = true;
    chr->dropped += chr->out_len;
    chr->out_len = 0;
    return TRUE;
  }
  out_flush_locked (chr);
  return TRUE;
}

static void
out_queue_locked (PvmChardev *chr, const uint8_t *buf, size_t len)
{
  size_t tail = (chr->out_head + chr->out_len) % CHARDEV_OUT_SIZE;
  size_t n = MIN (len, CHARDEV_OUT_SIZE - chr->out_len);

  for (size_t done = 0; done < n;) {
    size_t chunk = MIN (n - done, CHARDEV_OUT_SIZE - tail);
    memcpy (chr->out_ring + tail, buf + done, chunk);
    tail = (tail + chunk) % CHARDEV_OUT_SIZE;
    done += chunk;
  }
  chr->out_len += n;
}

void
pvm_chardev_write (PvmChardev *chr, const uint8_t *buf, size_t len)
{
  gint64 deadline_us = 0;
  bool queued;

  if (chr->out_fd < 0 || len == 0)
    return;
  g_mutex_lock (&chr->out_lock);
  if (chr->out_len == 0 && !chr->out_broken) {
    ssize_t n = write_some (chr->out_fd, buf, len);
    if (n < 0) {
      chr->out_broken = true;
    } else {
      buf += n;
      len -= (size_t) n;
    }
  }
  while (len > 0 && !chr->out_broken) {
    size_t room = CHARDEV_OUT_SIZE - chr->out_len;
    size_t n = MIN (room, len);
    out_queue_locked (chr, buf, n);
    buf += n;
    len -= n;
    if (len == 0)
      break;
    if (deadline_us == 0)
      deadline_us = g_get_monotonic_time () + CHARDEV_WRITE_WAIT_MS * 1000;
    if (chr->out_stalled || !out_wait_and_flush_locked (chr, deadline_us)) {
      chr->out_stalled = true;
      break;
    }
  }
  chr->dropped += len;
  queued = chr->out_len > 0;
  g_mutex_unlock (&chr->out_lock);
  if (queued)
    chardev_kick (chr);
}

uint64_t
pvm_chardev_get_dropped (PvmChardev *chr)
{
  g_mutex_lock (&chr->out_lock);
  uint64_t dropped = chr->dropped;
  g_mutex_unlock (&chr->out_lock);
  return dropped;
}

/* Offers the buffered input to the frontend, then the pending break once the input is taken. */
static void
chardev_deliver (PvmChardev *chr)
{
  g_mutex_lock (&chr->receive_lock);
  PvmChardevReceive receive = chr->receive;
  void *opaque = chr->opaque;
  PvmChardevBreak brk = chr->brk;
  void *brk_opaque = chr->brk_opaque;
  g_mutex_unlock (&chr->receive_lock);

  if (chr->in_len > 0 && receive) {
    size_t taken = receive (opaque, chr->in_buf + chr->in_start, chr->in_len);
    taken = MIN (taken, chr->in_len);
    chr->in_start += taken;
    chr->in_len -= taken;
    if (chr->in_len == 0)
      chr->in_start = 0;
  }
  if (chr->in_len == 0 && chr->break_pending && (!brk || brk (brk_opaque)))
    chr->break_pending = false;
}

static void
chardev_read (PvmChardev *chr)
{
  ssize_t n;

  do
    n = read (chr->in_fd, chr->in_buf, sizeof chr->in_buf);
  while (n < 0 && errno == EINTR);
  if (n > 0) {
    chr->in_start = 0;
    chr->in_len = (size_t) n;
  } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
    chr->in_eof = true;
  }
}

/* Watches exactly the fds that have work: input while the buffer is empty, output while the
 * ring holds bytes. */
static void
chardev_update_watch (PvmChardev *chr)
{
  bool want_in = chr->in_fd >= 0 && !chr->in_eof && chr->in_len == 0 && !chr->break_pending;

  if (want_in && !chr->in_tag)
    chr->in_tag = g_source_add_unix_fd (chr->source, chr->in_fd, G_IO_IN);
  else if (!want_in && chr->in_tag) {
    g_source_remove_unix_fd (chr->source, chr->in_tag);
    chr->in_tag = NULL;
  }

  g_mutex_lock (&chr->out_lock);
  bool want_out = chr->out_len > 0 && !chr->out_broken;
  g_mutex_unlock (&chr->out_lock);
  if (want_out && !chr->out_tag)
    chr->out_tag = g_source_add_unix_fd (chr->source, chr->out_fd, G_IO_OUT);
  else if (!want_out && chr->out_tag) {
    g_source_remove_unix_fd (chr->source, chr->out_tag);
    chr->out_tag = NULL;
  }
}

static gboolean
chardev_source_prepare (GSource *source, gint *timeout)
{
  *timeout = -1;
  return atomic_load (&((ChardevSource *) source)->chr->kick) != 0;
}

static gboolean
chardev_source_check (GSource *source)
{
  return atomic_load (&((ChardevSource *) source)->chr->kick) != 0;
}

static gboolean
chardev_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  PvmChardev *chr = ((ChardevSource *) source)->chr;

  atomic_store (&chr->kick, 0);
  if (chr->in_tag && chr->in_len == 0 && !chr->break_pending &&
      g_source_query_unix_fd (source, chr->in_tag))
    chardev_read (chr);
  chardev_deliver (chr);
  if (chr->out_tag && g_source_query_unix_fd (source, chr->out_tag)) {
    g_mutex_lock (&chr->out_lock);
    out_flush_locked (chr);
    g_mutex_unlock (&chr->out_lock);
  }
  chardev_update_watch (chr);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs chardev_source_funcs = {
  .prepare = chardev_source_prepare,
  .check = chardev_source_check,
  .dispatch = chardev_source_dispatch,
};

/* Sets O_NONBLOCK on @fd; returns the previous flags if it changed them, else -1. */
static int
set_nonblocking (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags < 0 || (flags & O_NONBLOCK))
    return -1;
  if (fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0)
    return -1;
  return flags;
}

static gboolean
chardev_make_raw (PvmChardev *chr, GError **error)
{
  struct termios t;

  if (tcgetattr (chr->in_fd, &chr->saved_termios) < 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                 "Cannot read the settings of terminal fd %d: %s", chr->in_fd, g_strerror (e));
    return FALSE;
  }
  t = chr->saved_termios;
  /* Raw input (the guest sees every key, ^C and ^Z included), 8-bit, output post-processing
   * kept so that a bare "\n" from firmware still returns the carriage. */
  t.c_iflag &= ~(tcflag_t) (IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  t.c_lflag &= ~(tcflag_t) (ECHO | ECHONL | ICANON | IEXTEN | ISIG);
  t.c_cflag &= ~(tcflag_t) (CSIZE | PARENB);
  t.c_cflag |= CS8;
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (tcsetattr (chr->in_fd, TCSANOW, &t) < 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                 "Cannot put terminal fd %d in raw mode: %s", chr->in_fd, g_strerror (e));
    return FALSE;
  }
  chr->tty_raw = true;
  return TRUE;
}

PvmChardev *
pvm_chardev_new_fds (int in_fd, int out_fd, GMainContext *context, GError **error)
{
  PvmChardev *chr = g_new0 (PvmChardev, 1);

  chr->in_fd = in_fd;
  chr->out_fd = out_fd;
  chr->saved_in_flags = chr->saved_out_flags = -1;
  g_mutex_init (&chr->receive_lock);
  g_mutex_init (&chr->out_lock);
  chr->out_ring = g_malloc (CHARDEV_OUT_SIZE);
  chr->context = g_main_context_ref (context ? context : g_main_context_default ());

  if (in_fd >= 0 && isatty (in_fd) && !chardev_make_raw (chr, error)) {
    pvm_chardev_free (chr);
    return NULL;
  }
  if (in_fd >= 0)
    chr->saved_in_flags = set_nonblocking (in_fd);
  if (out_fd >= 0)
    chr->saved_out_flags = set_nonblocking (out_fd);

  chr->source = g_source_new (&chardev_source_funcs, sizeof (ChardevSource));
  ((ChardevSource *) chr->source)->chr = chr;
  g_source_set_name (chr->source, "pvm chardev");
  chardev_update_watch (chr);
  g_source_attach (chr->source, chr->context);
  return chr;
}

void
pvm_chardev_restore_terminal (PvmChardev *chr)
{
  if (chr->tty_raw)
    tcsetattr (chr->in_fd, TCSANOW, &chr->saved_termios);
  if (chr->saved_in_flags >= 0)
    fcntl (chr->in_fd, F_SETFL, chr->saved_in_flags);
  if (chr->saved_out_flags >= 0)
    fcntl (chr->out_fd, F_SETFL, chr->saved_out_flags);
}

void
pvm_chardev_free (PvmChardev *chr)
{
  if (!chr)
    return;
  if (chr->source) {
    g_source_destroy (chr->source);
    g_source_unref (chr->source);
  }
  g_mutex_lock (&chr->out_lock);
  gint64 deadline_us = g_get_monotonic_time () + CHARDEV_FREE_WAIT_MS * 1000;
  out_flush_locked (chr);
  while (chr->out_len > 0 && !chr->out_broken && out_wait_and_flush_locked (chr, deadline_us))
    ;
  g_mutex_unlock (&chr->out_lock);
  pvm_chardev_restore_terminal (chr);
  g_main_context_unref (chr->context);
  g_mutex_clear (&chr->receive_lock);
  g_mutex_clear (&chr->out_lock);
  g_free (chr->out_ring);
  g_free (chr);
}

void
pvm_chardev_set_receive (PvmChardev *chr, PvmChardevReceive receive, void *opaque)
{
  g_mutex_lock (&chr->receive_lock);
  chr->receive = receive;
  chr->opaque = opaque;
  g_mutex_unlock (&chr->receive_lock);
  chardev_kick (chr);
}

void
pvm_chardev_set_break (PvmChardev *chr, PvmChardevBreak brk, void *opaque)
{
  g_mutex_lock (&chr->receive_lock);
  chr->brk = brk;
  chr->brk_opaque = opaque;
  g_mutex_unlock (&chr->receive_lock);
  chardev_kick (chr);
}

void
pvm_chardev_send_break (PvmChardev *chr)
{
  chr->break_pending = true;
  chardev_kick (chr);
}

void
pvm_chardev_accept_input (PvmChardev *chr)
{
  chardev_kick (chr);
}

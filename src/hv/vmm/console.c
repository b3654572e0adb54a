/* console.c: the serial console on stdin/stdout.
 *
 * When stdin is not a terminal, one chardev joins fd 0 and fd 1 to the UART and bytes pass
 * unchanged. When it is, a second chardev reads the terminal and this file filters what the
 * user types — Ctrl-A starts an escape, as in QEMU — and forwards the rest through a pipe to
 * the UART's chardev. When the pipe is full the terminal is not read until it drains.
 */
#include "hv/vmm/console.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <stdbool.h>
#include <unistd.h>

#define CONSOLE_ESCAPE 0x01 /* Ctrl-A */

static const char console_help[] = "\r\n"
                                   "C-a h    print this help\r\n"
                                   "C-a x    exit pvm-vmm\r\n"
                                   "C-a C-a  send C-a\r\n";

struct PvmVmmConsole {
  GMainContext *context;
  PvmChardev *guest; /* the UART's: reads the pipe (or stdin), writes stdout */
  PvmChardev *host;  /* terminal only: reads stdin into console_receive() */
  int pipe_r, pipe_w;
  GSource *pipe_watch; /* waiting for room in the pipe, or NULL */
  bool escape;         /* the last byte typed was Ctrl-A */
  PvmVmmConsoleQuit quit;
  void *data;
};

static gboolean
console_pipe_writable (int fd, GIOCondition condition, gpointer data)
{
  PvmVmmConsole *console = data;

  console->pipe_watch = NULL;
  pvm_chardev_accept_input (console->host);
  return G_SOURCE_REMOVE;
}

/* Sends @byte to the guest. Returns FALSE if the pipe is full (then watches it for room). */
static gboolean
console_forward (PvmVmmConsole *console, uint8_t byte)
{
  ssize_t n;

  do
    n = write (console->pipe_w, &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n == 1 || (n < 0 && errno != EAGAIN))
    return TRUE; /* written, or the pipe is broken and the byte is lost */

  if (!console->pipe_watch) {
    console->pipe_watch = g_unix_fd_source_new (console->pipe_w, G_IO_OUT);
    g_source_set_callback (console->pipe_watch, G_SOURCE_FUNC (console_pipe_writable), console,
                           NULL);
    g_source_attach (console->pipe_watch, console->context);
    g_source_unref (console->pipe_watch);
  }
  return FALSE;
}

static size_t
console_receive (void *opaque, const uint8_t *buf, size_t len)
{
  PvmVmmConsole *console = opaque;

  for (size_t i = 0; i < len; i++) {
    uint8_t byte = buf[i];

    if (!console->escape && byte == CONSOLE_ESCAPE) {
      console->escape = true;
      continue;
    }
    if (console->escape && byte != CONSOLE_ESCAPE) {
      console->escape = false;
      if (byte == 'x' || byte == 'X') {
        console->quit (console->data);
        return len;
      }
      if (byte == 'h' || byte == 'H' || byte == '?')
        pvm_chardev_write (console->guest, (const uint8_t *) console_help,
                           sizeof console_help - 1);
      continue;
    }
    if (!console_forward (console, byte))
      return i;
    console->escape = false;
  }
  return len;
}

PvmVmmConsole *
pvm_vmm_console_new (GMainContext *context, PvmVmmConsoleQuit quit, void *data, GError **error)
{
  PvmVmmConsole *console = g_new0 (PvmVmmConsole, 1);
  int fds[2];

  console->context = g_main_context_ref (context);
  console->quit = quit;
  console->data = data;
  console->pipe_r = console->pipe_w = -1;

  if (!isatty (STDIN_FILENO)) {
    console->guest = pvm_chardev_new_fds (STDIN_FILENO, STDOUT_FILENO, context, error);
    if (!console->guest)
      goto fail;
    return console;
  }

  if (pipe2 (fds, O_CLOEXEC | O_NONBLOCK) < 0) {
    int err = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                 "Cannot create a pipe for the console: %s", g_strerror (err));
    goto fail;
  }
  console->pipe_r = fds[0];
  console->pipe_w = fds[1];
  /* The host's chardev first: it saves stdin's original flags and terminal settings, which
   * pvm_vmm_console_free() restores last. */
  console->host = pvm_chardev_new_fds (STDIN_FILENO, -1, context, error);
  if (!console->host)
    goto fail;
  console->guest = pvm_chardev_new_fds (console->pipe_r, STDOUT_FILENO, context, error);
  if (!console->guest)
    goto fail;
  pvm_chardev_set_receive (console->host, console_receive, console);
  return console;

fail:
  pvm_vmm_console_free (console);
  return NULL;
}

PvmChardev *
pvm_vmm_console_chardev (PvmVmmConsole *console)
{
  return console->guest;
}

void
pvm_vmm_console_restore_terminal (PvmVmmConsole *console)
{
  if (console->guest)
    pvm_chardev_restore_terminal (console->guest);
  if (console->host)
    pvm_chardev_restore_terminal (console->host);
}

void
pvm_vmm_console_free (PvmVmmConsole *console)
{
  if (!console)
    return;
  if (console->pipe_watch)
    g_source_destroy (console->pipe_watch);
  if (console->host)
    pvm_chardev_set_receive (console->host, NULL, NULL);
  /* The guest's chardev changed stdout's flags after the host's changed stdin's (which may be
   * the same open file): undo in the reverse order. */
  g_clear_pointer (&console->guest, pvm_chardev_free);
  g_clear_pointer (&console->host, pvm_chardev_free);
  if (console->pipe_r >= 0)
    close (console->pipe_r);
  if (console->pipe_w >= 0)
    close (console->pipe_w);
  g_main_context_unref (console->context);
  g_free (console);
}

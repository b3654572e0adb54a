/* chardev.h: a byte stream between a guest device (the frontend: the UART, the SBI console)
 * and the host (a terminal, a pipe, a socket). */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PvmChardev PvmChardev;

/* Called on the chardev's GMainContext with bytes from the host. Returns how many it took;
 * the rest stay buffered and the chardev stops reading until pvm_chardev_accept_input(). */
typedef size_t (*PvmChardevReceive) (void *opaque, const uint8_t *buf, size_t len);

/* Called on the chardev's GMainContext with a break from the host, once the frontend has taken
 * every byte that came before it. Returns whether it took the break; if not, the break is
 * offered again after pvm_chardev_accept_input(), and later input waits behind it. */
typedef bool (*PvmChardevBreak) (void *opaque);

/* Returns a chardev reading @in_fd and writing @out_fd, its input watched on @context. If
 * @in_fd is a terminal it is put in raw mode until pvm_chardev_free(). The fds stay owned by
 * the caller. Returns NULL with @error if the terminal cannot be configured.
 * Either fd may be -1 (no input; output dropped). Both are made non-blocking until
 * pvm_chardev_free(); a NULL @context means the global default context. In raw mode ^C and ^Z
 * are input like any key (the frontend provides its own way out); output post-processing stays
 * on. The VMM should ignore SIGPIPE. */
PvmChardev *pvm_chardev_new_fds (int in_fd, int out_fd, GMainContext *context, GError **error);

/* Restores the terminal, stops watching input, and frees @chr (NULL is ignored). Flushes the
 * queued output first, waiting at most half a second. Call it from the thread that runs the
 * context, or while nothing runs it. */
void pvm_chardev_free (PvmChardev *chr);

/* Connects the frontend that receives host input (NULL disconnects it; input then waits).
 * Disconnect on the context's thread, or while nothing runs it: then no call is in progress. */
void pvm_chardev_set_receive (PvmChardev *chr, PvmChardevReceive receive, void *opaque);

/* Connects the frontend's break handler (NULL disconnects it: breaks are then dropped), under
 * the same rules as pvm_chardev_set_receive(). */
void pvm_chardev_set_break (PvmChardev *chr, PvmChardevBreak brk, void *opaque);

/* Queues a break for the frontend behind the input already read from the fd; input read later
 * waits until the frontend has taken it. Call on the context's thread. */
void pvm_chardev_send_break (PvmChardev *chr);

/* Tells @chr that its frontend has room again. Safe from any thread. */
void pvm_chardev_accept_input (PvmChardev *chr);

/* Sends @len bytes to the host. Safe from any thread; never blocks a hart on a slow reader for
 * long (output beyond a bounded buffer is dropped and counted). What the fd does not take at
 * once is queued (64 KiB) and flushed by the context; with the queue full a writer waits at
 * most 20 ms, and not at all while the reader stays stuck. */
void pvm_chardev_write (PvmChardev *chr, const uint8_t *buf, size_t len);

/* Returns how many output bytes were dropped so far (queue full past the wait, or a failed
 * fd). Safe from any thread. */
uint64_t pvm_chardev_get_dropped (PvmChardev *chr);

/* Puts the terminal settings and fd flags back as they were before pvm_chardev_new_fds().
 * Async-signal-safe (tcsetattr and fcntl only): for a signal handler on the way out. */
void pvm_chardev_restore_terminal (PvmChardev *chr);

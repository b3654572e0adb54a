/* pool-copy.h: copying a volume's data — only the data extents of the source (SEEK_DATA /
 * SEEK_HOLE), so that holes stay holes in a file, with progress and cancellation. Runs in a
 * worker thread. */
#pragma once

#include <gio/gio.h>

/* Called from the copying thread with the fraction done, 0.0 to 1.0. */
typedef void (*PvmPoolCopyProgress) (double fraction, gpointer data);

/* Copies the first @size bytes of @src to @dst (both open file descriptors, left open):
 * each data extent with copy_file_range() (read/write where the kernel cannot), skipping
 * holes, which a regular file @dst keeps as holes (it is truncated to @size) and a block
 * device gets zeros written over; then syncs @dst. Checks @cancellable between chunks of at
 * most 8 MiB, calling @progress after each. $PVM_COPY_BANDWIDTH, if set, limits the copy to
 * that many MiB/s, so that a clone does not starve the running machines' disks. Blocks for the whole copy: call it from a worker
 * thread. Returns FALSE with @error (G_IO_ERROR_CANCELLED, or PVM_ERROR_FAILED naming
 * @what) on failure; @dst then holds part of the data. */
gboolean pvm_pool_copy_data (int src, int dst, guint64 size, const char *what,
                             PvmPoolCopyProgress progress, gpointer data,
                             GCancellable *cancellable, GError **error);

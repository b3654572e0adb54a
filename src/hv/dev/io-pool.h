/* io-pool.h: worker threads for device I/O that block so that harts never do. */
#pragma once

#include <glib.h>

typedef struct PvmIoPool PvmIoPool;

/* Runs one queued item on a worker thread. */
typedef void (*PvmIoPoolFunc) (void *item, void *user_data);

/* Starts @n_threads workers named @name that call @func on each pushed item; at most
 * @capacity items are queued at once. Never fails: thread creation failure aborts, as GLib's
 * does. */
PvmIoPool *pvm_io_pool_new (const char *name, unsigned n_threads, unsigned capacity,
                            PvmIoPoolFunc func, void *user_data);

/* Queues @item for a worker. Never blocks on I/O: it takes the pool's lock briefly and wakes a
 * worker only when none is polling for work. Pushing more than @capacity unfinished items is a
 * programming error and aborts. */
void pvm_io_pool_push (PvmIoPool *pool, void *item);

/* Runs every queued item, stops the workers and frees @pool. */
void pvm_io_pool_free (PvmIoPool *pool);

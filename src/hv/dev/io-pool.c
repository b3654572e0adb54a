/* io-pool.c: worker threads for device I/O, with adaptive polling.
 *
 * A disk request from a guest that waits for each one (a database's synced writes, a 4 KiB
 * O_DIRECT loop) costs two thread wake-ups on the host: the worker's when the hart queues it,
 * and the hart's when the completion interrupt arrives. On an idle host CPU each is a trip
 * through the scheduler, often an inter-processor interrupt, and it can cost as much as the
 * write itself. So, as QEMU's event loop polls before it blocks and KVM polls a halted vCPU,
 * a worker that runs out of work first spins for a while watching the queue, and only then
 * sleeps. The window adapts per worker: it doubles (from IO_POLL_MIN_NS to IO_POLL_MAX_NS)
 * while new work keeps arriving within IO_POLL_MAX_NS of the last, and drops to zero after a
 * longer pause, so a quiet device spins for nothing. One worker polls at a time; the others
 * sleep. The hart side of the same trick is in cpu/hart.c.
 */
#include "hv/dev/io-pool.h"

#include <stdatomic.h>
#include <stdbool.h>

#include "hv/machine/spin.h"

#define IO_POLL_MIN_NS 10000
#define IO_POLL_MAX_NS 400000

struct PvmIoPool {
  PvmIoPoolFunc func;
  void *user_data;

  GMutex lock;
  GCond wake;
  void **ring; /* capacity entries; head is the next to run */
  unsigned capacity, head;
  _Atomic unsigned count;
  unsigned n_sleeping, n_polling;
  bool quit;

  unsigned n_threads;
  GThread **threads;
};

/* Spins without the lock until work is queued (true) or @poll_ns has passed (false). */
static bool
io_poll (PvmIoPool *pool, int64_t poll_ns)
{
  int64_t until = pvm_spin_now_ns () + poll_ns;
  return PVM_SPIN_UNTIL (atomic_load_explicit (&pool->count, memory_order_relaxed), until);
}

/* Waits, with the lock held, until work is queued or the pool quits; adapts *@poll_ns to how
 * long that took. */
static void
io_wait_for_work (PvmIoPool *pool, int64_t *poll_ns)
{
  int64_t start = pvm_spin_now_ns ();

  if (*poll_ns && !pool->n_polling) {
    pool->n_polling++;
    g_mutex_unlock (&pool->lock);
    io_poll (pool, *poll_ns);
    g_mutex_lock (&pool->lock);
    pool->n_polling--;
  }
  while (!atomic_load (&pool->count) && !pool->quit) {
    pool->n_sleeping++;
    g_cond_wait (&pool->wake, &pool->lock);
    pool->n_sleeping--;
  }
  int64_t waited = pvm_spin_now_ns () - start;
  if (waited > IO_POLL_MAX_NS)
    *poll_ns = 0;
  else if (waited > *poll_ns)
    *poll_ns = MIN (MAX (*poll_ns * 2, IO_POLL_MIN_NS), IO_POLL_MAX_NS);
}

static gpointer
io_worker (gpointer data)
{
  PvmIoPool *pool = data;
  int64_t poll_ns = 0;

  g_mutex_lock (&pool->lock);
  for (;;) {
    if (!atomic_load (&pool->count)) {
      if (pool->quit)
        break;
      io_wait_for_work (pool, &poll_ns);
      continue;
    }
    void *item = pool->ring[pool->head];
    pool->head = (pool->head + 1) % pool->capacity;
    atomic_fetch_sub (&pool->count, 1);
    g_mutex_unlock (&pool->lock);
    pool->func (item, pool->user_data);
    g_mutex_lock (&pool->lock);
  }
  g_mutex_unlock (&pool->lock);
  return NULL;
}

PvmIoPool *
pvm_io_pool_new (const char *name, unsigned n_threads, unsigned capacity, PvmIoPoolFunc func,
                 void *user_data)
{
  PvmIoPool *pool = g_new0 (PvmIoPool, 1);

  g_return_val_if_fail (n_threads > 0 && capacity > 0, NULL);
  pool->func = func;
  pool->user_data = user_data;
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->wake);
  pool->ring = g_new0 (void *, capacity);
  pool->capacity = capacity;
  pool->n_threads = n_threads;
  pool->threads = g_new0 (GThread *, n_threads);
  for (unsigned i = 0; i < n_threads; i++)
    pool->threads[i] = g_thread_new (name, io_worker, pool);
  return pool;
}

void
pvm_io_pool_push (PvmIoPool *pool, void *item)
{
  g_mutex_lock (&pool->lock);
  unsigned count = atomic_load (&pool->count);
  g_assert (count < pool->capacity);
  pool->ring[(pool->head + count) % pool->capacity] = item;
  atomic_store (&pool->count, count + 1);
  /* A polling worker takes one item; wake sleepers only for the rest. */
  if (count + 1 > pool->n_polling && pool->n_sleeping)
    g_cond_signal (&pool->wake);
  g_mutex_unlock (&pool->lock);
}

void
pvm_io_pool_free (PvmIoPool *pool)
{
  if (!pool)
    return;
  g_mutex_lock (&pool->lock);
  pool->quit = true;
  g_cond_broadcast (&pool->wake);
  g_mutex_unlock (&pool->lock);
  for (unsigned i = 0; i < pool->n_threads; i++)
    g_thread_join (pool->threads[i]);
  g_free (pool->threads);
  g_free (pool->ring);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->wake);
  g_free (pool);
}

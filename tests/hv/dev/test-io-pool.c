/* test-io-pool.c: the I/O worker threads behind virtio-blk. */
#include <stdatomic.h>
#include <stdbool.h>

#include "hv/dev/io-pool.h"

#define CAPACITY 64

typedef struct {
  _Atomic unsigned runs[CAPACITY];
  _Atomic unsigned running, max_running, done;
  GMutex lock;
  GCond cond;
  bool hold; /* workers wait here until released */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
}

static void
run_item (void *item, void *user_data)
{
  Fixture *f = user_data;
  unsigned i = GPOINTER_TO_UINT (item);

  unsigned now = atomic_fetch_add (&f->running, 1) + 1;
  unsigned max = atomic_load (&f->max_running);
  while (now > max && !atomic_compare_exchange_weak (&f->max_running, &max, now))
    ;
  g_mutex_lock (&f->lock);
  while (f->hold)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);
  atomic_fetch_add (&f->runs[i], 1);
  atomic_fetch_sub (&f->running, 1);
  atomic_fetch_add (&f->done, 1);
}

static void
wait_done (Fixture *f, unsigned n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (atomic_load (&f->done) < n && g_get_monotonic_time () < end)
    g_usleep (100);
  g_assert_cmpuint (atomic_load (&f->done), ==, n);
}

static void
test_every_item_runs_once (Fixture *f, gconstpointer data)
{
  PvmIoPool *pool = pvm_io_pool_new ("test", 4, CAPACITY, run_item, f);

  /* Several rounds, with pauses, so that workers poll, sleep and wake in between. */
  for (unsigned round = 0; round < 20; round++) {
    for (unsigned i = 0; i < CAPACITY; i++)
      pvm_io_pool_push (pool, GUINT_TO_POINTER (i));
    wait_done (f, (round + 1) * CAPACITY);
    g_usleep (round % 2 ? 300 : 20);
  }
  for (unsigned i = 0; i < CAPACITY; i++)
    g_assert_cmpuint (atomic_load (&f->runs[i]), ==, 20);
  pvm_io_pool_free (pool);
}

static void
test_items_run_in_parallel (Fixture *f, gconstpointer data)
{
  PvmIoPool *pool = pvm_io_pool_new ("test", 4, CAPACITY, run_item, f);

  f->hold = true;
  for (unsigned i = 0; i < 8; i++)
    pvm_io_pool_push (pool, GUINT_TO_POINTER (i));
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (atomic_load (&f->running) < 4 && g_get_monotonic_time () < end)
    g_usleep (100);
  g_assert_cmpuint (atomic_load (&f->running), ==, 4);
  g_mutex_lock (&f->lock);
  f->hold = false;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  wait_done (f, 8);
  g_assert_cmpuint (atomic_load (&f->max_running), ==, 4);
  pvm_io_pool_free (pool);
}

static void
test_free_runs_what_is_queued (Fixture *f, gconstpointer data)
{
  PvmIoPool *pool = pvm_io_pool_new ("test", 1, CAPACITY, run_item, f);

  f->hold = true;
  for (unsigned i = 0; i < CAPACITY; i++)
    pvm_io_pool_push (pool, GUINT_TO_POINTER (i));
  g_mutex_lock (&f->lock);
  f->hold = false;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  pvm_io_pool_free (pool);
  g_assert_cmpuint (atomic_load (&f->done), ==, CAPACITY);
  g_assert_cmpuint (atomic_load (&f->max_running), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hv/dev/io-pool/every-item-runs-exactly-once", Fixture, NULL, fixture_set_up,
              test_every_item_runs_once, fixture_tear_down);
  g_test_add ("/hv/dev/io-pool/items-run-in-parallel-up-to-the-thread-count", Fixture, NULL,
              fixture_set_up, test_items_run_in_parallel, fixture_tear_down);
  g_test_add ("/hv/dev/io-pool/free-runs-what-is-queued", Fixture, NULL, fixture_set_up,
              test_free_runs_what_is_queued, fixture_tear_down);
  return g_test_run ();
}

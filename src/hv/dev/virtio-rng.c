/* virtio-rng.c: a virtio entropy device on the host's getrandom().
 *
 * No configuration space, no features. Queue 0 (requestq): device-writable chains, each
 * filled with random bytes — all of it, up to PVM_VIRTIO_RNG_REQUEST_MAX bytes — and completed
 * with the count. A notification only wakes the context, which fills and completes the chains
 * in the same dispatch; the host's pool is initialized once the host has booted, so
 * getrandom() does not block there.
 */
#include "hv/dev/virtio-rng.h"

#include <errno.h>
#include <stdatomic.h>
#include <sys/random.h>

#include "hv/machine/guest-error.h"

#define RNG_MAX_IOV 64
#define RNG_BATCH 64 /* requests filled per dispatch before the loop gets its turn */

struct PvmVirtioRng {
  PvmVirtioMmio *mmio;
  GSource *work; /* dispatched on the context when the queue was notified */
  atomic_bool notified;
  struct iovec iov[RNG_MAX_IOV]; /* the context's */
};

/* Fills @len bytes at @buf; returns how many it could (all but on a host failure). */
static size_t
rng_fill (uint8_t *buf, size_t len)
{
  size_t done = 0;

  while (done < len) {
    ssize_t n = getrandom (buf + done, len - done, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      g_warning ("virtio-rng: getrandom failed: %s", g_strerror (errno));
      break;
    }
    done += (size_t) n;
  }
  return done;
}

/* Fills one request. Returns false when there is none. */
static bool
rng_one (PvmVirtioRng *rng)
{
  PvmVirtqElem elem;
  size_t put = 0;
  int r = pvm_virtio_mmio_take (rng->mmio, 0, rng->iov, RNG_MAX_IOV, &elem);

  if (r <= 0)
    return false;
  if (elem.n_out) {
    pvm_guest_error ("virtio-rng: request %u has device-readable parts", elem.head);
  } else {
    for (unsigned i = 0; i < elem.n_in && put < PVM_VIRTIO_RNG_REQUEST_MAX; i++) {
      size_t want = MIN (rng->iov[i].iov_len, PVM_VIRTIO_RNG_REQUEST_MAX - put);
      size_t got = rng_fill (rng->iov[i].iov_base, want);
      put += got;
      if (got < want)
        break;
    }
  }
  pvm_virtio_mmio_push (rng->mmio, 0, elem.head, (uint32_t) put);
  return true;
}

static gboolean
rng_work (gpointer data)
{
  PvmVirtioRng *rng = data;
  unsigned n = 0;

  if (!atomic_exchange (&rng->notified, false))
    return G_SOURCE_CONTINUE;
  while (n < RNG_BATCH && rng_one (rng))
    n++;
  if (n == RNG_BATCH) {
    atomic_store (&rng->notified, true);
    g_source_set_ready_time (rng->work, 0);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
rng_work_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  g_source_set_ready_time (source, -1);
  return callback (data);
}

static GSourceFuncs rng_work_funcs = {
  .dispatch = rng_work_dispatch,
};

/* ---- the transport's calls ---- */

static uint64_t
rng_get_features (void *dev)
{
  return 0;
}

static uint64_t
rng_read_config (void *dev, uint32_t offset, unsigned size)
{
  return 0;
}

static void
rng_notify (void *dev, unsigned queue)
{
  PvmVirtioRng *rng = dev;

  atomic_store (&rng->notified, true);
  g_source_set_ready_time (rng->work, 0);
}

static void
rng_reset (void *dev)
{
  PvmVirtioRng *rng = dev;

  atomic_store (&rng->notified, false);
}

static void
rng_free (void *dev)
{
  PvmVirtioRng *rng = dev;

  g_source_destroy (rng->work);
  g_source_unref (rng->work);
  g_free (rng);
}

static const PvmVirtioDeviceOps rng_device_ops = {
  .name = "virtio-rng",
  .device_id = PVM_VIRTIO_RNG_DEVICE_ID,
  .n_queues = 1,
  .queue_max = PVM_VIRTIO_RNG_QUEUE_SIZE,
  .config_size = 0,
  .get_features = rng_get_features,
  .read_config = rng_read_config,
  .notify = rng_notify,
  .reset = rng_reset,
  .free = rng_free,
};

PvmVirtioRng *
pvm_virtio_rng_new (PvmVirtioMmio *mmio, GMainContext *context)
{
  PvmVirtioRng *rng = g_new0 (PvmVirtioRng, 1);

  rng->mmio = mmio;
  rng->work = g_source_new (&rng_work_funcs, sizeof (GSource));
  g_source_set_callback (rng->work, rng_work, rng, NULL);
  g_source_set_name (rng->work, "virtio-rng");
  g_source_attach (rng->work, context);
  pvm_virtio_mmio_plug (mmio, &rng_device_ops, rng);
  return rng;
}

/* ---- state ---- */

static const PvmVmField rng_fields[] = {
  PVM_VM_END,
};

const PvmVmState pvm_virtio_rng_vmstate = {
  .name = "virtio-rng",
  .version = 1,
  .min_version = 1,
  .fields = rng_fields,
};

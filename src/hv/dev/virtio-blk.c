/* virtio-blk.c: a virtio block device on a raw image file or a host block device.
 *
 * Configuration space (struct virtio_blk_config, little-endian, read-only):
 *   0x00 capacity (u64, 512-byte sectors)   0x08 size_max (u32)   0x0c seg_max (u32)
 *   0x10 geometry (0)   0x14 blk_size (u32, 512)   0x18 topology (0)
 *   0x20 writeback (0)  0x22 num_queues (u16, 1)
 *   0x24 max_discard_sectors   0x28 max_discard_seg   0x2c discard_sector_alignment
 *   0x30 max_write_zeroes_sectors   0x34 max_write_zeroes_seg   0x38 write_zeroes_may_unmap
 *
 * One request queue. A request is a chain: a 16-byte header {u32 type, u32 reserved, u64 sector}
 * in device-readable buffers, the data (readable for OUT, DISCARD and WRITE_ZEROES, writable for
 * IN and GET_ID), then one status byte, the last writable byte of the chain.
 *
 * The notification takes chains off the ring on the hart that notified. A read of up to
 * BLK_SYNC_MAX bytes is first tried there and then, with preadv2(RWF_NOWAIT), which copies from
 * the host's page cache or fails at once rather than wait for the disk: when the whole range was
 * cached the request completes before the guest's write to QueueNotify ends, with no thread
 * woken and no sleep of the hart. Every other request (and a read the cache did not hold whole)
 * is queued to the I/O workers (io-pool.c); they parse, do the I/O with preadv/pwritev
 * straight into guest RAM, write the status and push the completion, which raises the
 * interrupt. Request
 * slots are preallocated, one per queue entry: a head cannot be in flight twice, so they never
 * run out.
 *
 * Durability: FLUSH completes after fdatasync(). A driver that did not accept
 * VIRTIO_BLK_F_FLUSH gets write-through: each write is synced before it completes.
 * A read-only disk fails OUT, DISCARD and WRITE_ZEROES with IOERR and writes nothing.
 */
#include "hv/dev/virtio-blk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pvm-bytes.h"
#include "hv/dev/io-pool.h"
#include "hv/machine/spin.h"
#include "hv/machine/guest-error.h"

#define BLK_SECTOR 512u
#define BLK_HEADER 16u
#define BLK_SEGMENT 16u /* struct virtio_blk_discard_write_zeroes */
#define BLK_MAX_IOV (PVM_VIRTIO_BLK_SEG_MAX + 2)
#define BLK_WZ_FLAG_UNMAP 1u
#define BLK_DISCARD_ALIGNMENT 8 /* sectors: 4 KiB, the host's hole granularity */
#define BLK_ZERO_CHUNK 65536
#define BLK_SYNC_MAX (1024u * 1024) /* the largest read tried at once on the notifying hart */
#define BLK_WAIT_MAX_NS 100000     /* the longest a hart waits for the workers; blk_notified() */

typedef struct {
  PvmVirtqElem elem;
  struct iovec iov[BLK_MAX_IOV];
  int64_t queued_ns; /* when it went to the workers */
} BlkRequest;

struct PvmVirtioBlk {
  PvmVirtioMmio *mmio;
  int fd;
  bool readonly;
  atomic_bool writethrough; /* the driver did not accept FLUSH */
  uint64_t capacity;  /* sectors */
  char path[256];    /* for host error messages */
  uint8_t config[PVM_VIRTIO_BLK_CFG_SIZE];
  char id[PVM_VIRTIO_BLK_ID_BYTES];

  /* Bytes moved by completed reads (IN) and writes (OUT), for the statistics. */
  _Atomic uint64_t read_bytes, write_bytes;

  PvmIoPool *pool;
  _Atomic unsigned in_pool;   /* requests queued to the workers and not yet completed */
  _Atomic int64_t latency_ns; /* queue to completion, of the last request the workers did */
  atomic_bool no_nowait; /* the host refused RWF_NOWAIT: every request goes to the pool */
  GMutex slots_lock;
  BlkRequest *reqs;
  unsigned *free_slots;
  unsigned n_free;
};

/* Zeros for WRITE_ZEROES where the host cannot make them itself. */
static const uint8_t blk_zeros[BLK_ZERO_CHUNK];

/* ---- iovec helpers ---- */

/* Copies bytes [@skip, @skip + @len) of @src (@n entries) into @dst, dropping empty entries.
 * Returns the number of entries written (at most @n). The range must lie within @src. */
static unsigned
iov_slice (const struct iovec *src, unsigned n, uint64_t skip, uint64_t len, struct iovec *dst)
{
  unsigned out = 0;

  for (unsigned i = 0; i < n && len; i++) {
    uint64_t l = src[i].iov_len;
    if (skip >= l) {
      skip -= l;
      continue;
    }
    uint64_t take = MIN (l - skip, len);
    dst[out].iov_base = (uint8_t *) src[i].iov_base + skip;
    dst[out].iov_len = take;
    out++;
    len -= take;
    skip = 0;
  }
  return out;
}

/* Copies @len bytes from the start of @iov (which holds at least that many) into @buf. */
static void
iov_to_buf (const struct iovec *iov, unsigned n, void *buf, size_t len)
{
  uint8_t *p = buf;

  for (unsigned i = 0; i < n && len; i++) {
    size_t take = MIN (iov[i].iov_len, len);
    memcpy (p, iov[i].iov_base, take);
    p += take;
    len -= take;
  }
}

/* Copies @len bytes of @buf to the start of @iov (which holds at least that many). */
static void
buf_to_iov (const struct iovec *iov, unsigned n, const void *buf, size_t len)
{
  const uint8_t *p = buf;

  for (unsigned i = 0; i < n && len; i++) {
    size_t take = MIN (iov[i].iov_len, len);
    memcpy (iov[i].iov_base, p, take);
    p += take;
    len -= take;
  }
}

/* Reads or writes all of @iov (no empty entries) at @offset, resuming after short transfers.
 * Returns 0 or a negative errno; @iov is consumed. */
static int
blk_rw (int fd, struct iovec *iov, unsigned n, uint64_t offset, bool write)
{
  while (n) {
    ssize_t r = write ? pwritev (fd, iov, (int) n, (off_t) offset)
                      : preadv (fd, iov, (int) n, (off_t) offset);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -errno;
    if (r == 0)
      return -EIO; /* the image shrank under the guest */
    offset += (uint64_t) r;
    size_t left = (size_t) r;
    while (n && left >= iov->iov_len) {
      left -= iov->iov_len;
      iov++;
      n--;
    }
    if (n) {
      iov->iov_base = (uint8_t *) iov->iov_base + left;
      iov->iov_len -= left;
    }
  }
  return 0;
}

static int
blk_sync (PvmVirtioBlk *blk)
{
  while (fdatasync (blk->fd) < 0) {
    if (errno != EINTR)
      return -errno;
  }
  return 0;
}

/* Writes zeros over [@offset, @offset + @len): a hole if @unmap allows one, else the host's
 * zero-range, else plain writes. */
static int
blk_write_zeroes (PvmVirtioBlk *blk, uint64_t offset, uint64_t len, bool unmap)
{
  if (unmap &&
      fallocate (blk->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t) offset,
                 (off_t) len) == 0)
    return 0;
  if (fallocate (blk->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t) offset,
                 (off_t) len) == 0)
    return 0;
  while (len) {
    struct iovec iov[16];
    unsigned n = 0;
    for (; n < G_N_ELEMENTS (iov) && len; n++) {
      iov[n].iov_base = (void *) blk_zeros;
      iov[n].iov_len = MIN (len, sizeof blk_zeros);
      len -= iov[n].iov_len;
    }
    uint64_t chunk = 0;
    for (unsigned i = 0; i < n; i++)
      chunk += iov[i].iov_len;
    int r = blk_rw (blk->fd, iov, n, offset, true);
    if (r < 0)
      return r;
    offset += chunk;
  }
  return 0;
}

static void
blk_host_error (PvmVirtioBlk *blk, const char *what, uint64_t offset, int err)
{
  g_warning ("virtio-blk: %s of “%s” (byte %" G_GUINT64_FORMAT ") failed: %s", what, blk->path,
             offset, g_strerror (-err));
}

/* ---- requests ---- */

/* Whether [@sector, @sector + @count) lies on the disk. */
static bool
blk_range_ok (const PvmVirtioBlk *blk, uint64_t sector, uint64_t count)
{
  return sector <= blk->capacity && count <= blk->capacity - sector;
}

static uint8_t
blk_read_write (PvmVirtioBlk *blk, uint64_t sector, struct iovec *data, unsigned n, uint64_t len,
                bool write)
{
  if (write && blk->readonly)
    return PVM_VIRTIO_BLK_S_IOERR;
  if (len % BLK_SECTOR || !blk_range_ok (blk, sector, len / BLK_SECTOR)) {
    pvm_guest_error ("virtio-blk: %s of %" G_GUINT64_FORMAT " bytes at sector %" G_GUINT64_FORMAT
                     " does not fit the disk's %" G_GUINT64_FORMAT " sectors",
                     write ? "write" : "read", len, sector, blk->capacity);
    return PVM_VIRTIO_BLK_S_IOERR;
  }
  int r = blk_rw (blk->fd, data, n, sector * BLK_SECTOR, write);
  if (r == 0 && write && atomic_load (&blk->writethrough))
    r = blk_sync (blk);
  if (r < 0) {
    blk_host_error (blk, write ? "write" : "read", sector * BLK_SECTOR, r);
    return PVM_VIRTIO_BLK_S_IOERR;
  }
  atomic_fetch_add_explicit (write ? &blk->write_bytes : &blk->read_bytes, len,
                             memory_order_relaxed);
  return PVM_VIRTIO_BLK_S_OK;
}

/* DISCARD or WRITE_ZEROES over the segments in @data (@len bytes). */
static uint8_t
blk_discard_or_zero (PvmVirtioBlk *blk, bool zero, const struct iovec *data, unsigned n,
                     uint64_t len)
{
  uint8_t seg[BLK_SEGMENT];

  if (blk->readonly)
    return PVM_VIRTIO_BLK_S_IOERR;
  if (len == 0 || len % BLK_SEGMENT || len / BLK_SEGMENT > PVM_VIRTIO_BLK_MAX_DISCARD_SEG) {
    pvm_guest_error ("virtio-blk: %s request with %" G_GUINT64_FORMAT " bytes of segments",
                     zero ? "write-zeroes" : "discard", len);
    return PVM_VIRTIO_BLK_S_IOERR;
  }
  /* Check every segment before acting on any. */
  for (uint64_t s = 0; s < len / BLK_SEGMENT; s++) {
    struct iovec one[BLK_MAX_IOV];
    unsigned k = iov_slice (data, n, s * BLK_SEGMENT, BLK_SEGMENT, one);
    iov_to_buf (one, k, seg, sizeof seg);
    uint64_t sector = pvm_le_get (seg, 8);
    uint32_t count = (uint32_t) pvm_le_get (seg + 8, 4);
    uint32_t flags = (uint32_t) pvm_le_get (seg + 12, 4);
    if ((flags & ~BLK_WZ_FLAG_UNMAP) || (!zero && flags))
      return PVM_VIRTIO_BLK_S_UNSUPP;
    if (count > PVM_VIRTIO_BLK_MAX_DISCARD_SECTORS || !blk_range_ok (blk, sector, count))
      return PVM_VIRTIO_BLK_S_IOERR;
  }
  for (uint64_t s = 0; s < len / BLK_SEGMENT; s++) {
    struct iovec one[BLK_MAX_IOV];
    unsigned k = iov_slice (data, n, s * BLK_SEGMENT, BLK_SEGMENT, one);
    iov_to_buf (one, k, seg, sizeof seg);
    uint64_t offset = pvm_le_get (seg, 8) * BLK_SECTOR;
    uint64_t bytes = pvm_le_get (seg + 8, 4) * BLK_SECTOR;
    bool unmap = pvm_le_get (seg + 12, 4) & BLK_WZ_FLAG_UNMAP;
    int r = 0;
    if (bytes == 0)
      continue;
    if (zero) {
      r = blk_write_zeroes (blk, offset, bytes, unmap);
    } else if (fallocate (blk->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t) offset,
                          (off_t) bytes) < 0 && errno != EOPNOTSUPP) {
      r = -errno; /* a host without holes ignores the hint */
    }
    if (r == 0 && zero && atomic_load (&blk->writethrough))
      r = blk_sync (blk);
    if (r < 0) {
      blk_host_error (blk, zero ? "write-zeroes" : "discard", offset, r);
      return PVM_VIRTIO_BLK_S_IOERR;
    }
  }
  return PVM_VIRTIO_BLK_S_OK;
}

/* Runs @req, whose last writable byte is its status; returns the status and sets *@written to
 * the data bytes put in the guest's buffers. */
static uint8_t
blk_execute (PvmVirtioBlk *blk, BlkRequest *req, uint64_t *written)
{
  const PvmVirtqElem *e = &req->elem;
  const struct iovec *out = req->iov, *in = req->iov + e->n_out;
  struct iovec data[BLK_MAX_IOV];
  uint8_t header[BLK_HEADER];
  unsigned n;

  *written = 0;
  if (e->out_len < BLK_HEADER) {
    pvm_guest_error ("virtio-blk: request %u has a header of %" G_GUINT64_FORMAT " bytes",
                     e->head, e->out_len);
    return PVM_VIRTIO_BLK_S_IOERR;
  }
  iov_to_buf (out, e->n_out, header, sizeof header);
  uint32_t type = (uint32_t) pvm_le_get (header, 4);
  uint64_t sector = pvm_le_get (header + 8, 8);
  uint64_t in_data = e->in_len - 1, out_data = e->out_len - BLK_HEADER;

  switch (type) {
  case PVM_VIRTIO_BLK_T_IN: {
    n = iov_slice (in, e->n_in, 0, in_data, data);
    uint8_t st = blk_read_write (blk, sector, data, n, in_data, false);
    if (st == PVM_VIRTIO_BLK_S_OK)
      *written = in_data;
    return st;
  }
  case PVM_VIRTIO_BLK_T_OUT:
    n = iov_slice (out, e->n_out, BLK_HEADER, out_data, data);
    return blk_read_write (blk, sector, data, n, out_data, true);
  case PVM_VIRTIO_BLK_T_FLUSH:
    if (!blk->readonly) {
      int r = blk_sync (blk);
      if (r < 0) {
        blk_host_error (blk, "flush", 0, r);
        return PVM_VIRTIO_BLK_S_IOERR;
      }
    }
    return PVM_VIRTIO_BLK_S_OK;
  case PVM_VIRTIO_BLK_T_GET_ID:
    n = iov_slice (in, e->n_in, 0, in_data, data);
    *written = MIN (in_data, sizeof blk->id);
    buf_to_iov (data, n, blk->id, (size_t) *written);
    return PVM_VIRTIO_BLK_S_OK;
  case PVM_VIRTIO_BLK_T_DISCARD:
  case PVM_VIRTIO_BLK_T_WRITE_ZEROES:
    n = iov_slice (out, e->n_out, BLK_HEADER, out_data, data);
    return blk_discard_or_zero (blk, type == PVM_VIRTIO_BLK_T_WRITE_ZEROES, data, n, out_data);
  default:
    return PVM_VIRTIO_BLK_S_UNSUPP;
  }
}

static void
blk_slot_put (PvmVirtioBlk *blk, BlkRequest *req)
{
  g_mutex_lock (&blk->slots_lock);
  blk->free_slots[blk->n_free++] = (unsigned) (req - blk->reqs);
  g_mutex_unlock (&blk->slots_lock);
}

static BlkRequest *
blk_slot_get (PvmVirtioBlk *blk)
{
  BlkRequest *req = NULL;

  g_mutex_lock (&blk->slots_lock);
  if (blk->n_free)
    req = &blk->reqs[blk->free_slots[--blk->n_free]];
  g_mutex_unlock (&blk->slots_lock);
  return req;
}

/* The status byte of @req: the last byte of its last non-empty writable buffer, or NULL. */
static uint8_t *
blk_status_byte (const BlkRequest *req)
{
  for (unsigned i = req->elem.n_out + req->elem.n_in; i > req->elem.n_out; i--) {
    if (req->iov[i - 1].iov_len)
      return (uint8_t *) req->iov[i - 1].iov_base + req->iov[i - 1].iov_len - 1;
  }
  return NULL;
}

/* On the notifying thread: runs @req at once if it is a well-formed read of at most
 * BLK_SYNC_MAX bytes that the host's page cache holds whole, and returns the bytes written to
 * the guest, status included; returns 0 (guest buffers maybe written, status not) otherwise,
 * for the pool to do it in full. Never waits for the disk. */
static uint32_t
blk_try_read_now (PvmVirtioBlk *blk, BlkRequest *req)
{
  const PvmVirtqElem *e = &req->elem;
  struct iovec data[BLK_MAX_IOV];
  uint8_t header[BLK_HEADER];

  if (e->out_len < BLK_HEADER || e->in_len < 1 + BLK_SECTOR || e->in_len > 1 + BLK_SYNC_MAX ||
      atomic_load_explicit (&blk->no_nowait, memory_order_relaxed))
    return 0;
  iov_to_buf (req->iov, e->n_out, header, sizeof header);
  uint64_t sector = pvm_le_get (header + 8, 8), len = e->in_len - 1;
  uint8_t *status = blk_status_byte (req);
  if (pvm_le_get (header, 4) != PVM_VIRTIO_BLK_T_IN || len % BLK_SECTOR ||
      !blk_range_ok (blk, sector, len / BLK_SECTOR) || !status)
    return 0;
  unsigned n = iov_slice (req->iov + e->n_out, e->n_in, 0, len, data);
  ssize_t r = preadv2 (blk->fd, data, (int) n, (off_t) (sector * BLK_SECTOR), RWF_NOWAIT);
  if (r < 0 && errno == EOPNOTSUPP)
    atomic_store (&blk->no_nowait, true);
  if (r != (ssize_t) len)
    return 0;
  atomic_fetch_add_explicit (&blk->read_bytes, len, memory_order_relaxed);
  *status = PVM_VIRTIO_BLK_S_OK;
  return (uint32_t) len + 1;
}

/* A worker thread: one request. */
static void
blk_worker (void *data, void *user_data)
{
  PvmVirtioBlk *blk = user_data;
  BlkRequest *req = data;
  uint16_t head = req->elem.head;
  uint64_t written = 0;
  uint8_t *status = blk_status_byte (req);

  if (status) {
    *status = blk_execute (blk, req, &written);
    written++;
  }
  int64_t queued = req->queued_ns;
  blk_slot_put (blk, req);
  if (!status)
    pvm_virtio_mmio_fail (blk->mmio, "request %u has no status byte", head);
  pvm_virtio_mmio_push (blk->mmio, 0, head, (uint32_t) MIN (written, UINT32_MAX));
  atomic_store_explicit (&blk->latency_ns, pvm_spin_now_ns () - queued, memory_order_relaxed);
  atomic_fetch_sub_explicit (&blk->in_pool, 1, memory_order_release);
}

/* ---- the transport's calls ---- */

static uint64_t
blk_get_features (void *dev)
{
  PvmVirtioBlk *blk = dev;
  uint64_t f = (1ull << PVM_VIRTIO_BLK_F_SIZE_MAX) | (1ull << PVM_VIRTIO_BLK_F_SEG_MAX) |
               (1ull << PVM_VIRTIO_BLK_F_BLK_SIZE) | (1ull << PVM_VIRTIO_BLK_F_FLUSH);

  if (blk->readonly)
    f |= 1ull << PVM_VIRTIO_BLK_F_RO;
  else
    f |= (1ull << PVM_VIRTIO_BLK_F_DISCARD) | (1ull << PVM_VIRTIO_BLK_F_WRITE_ZEROES);
  return f;
}

static void
blk_set_features (void *dev, uint64_t features)
{
  PvmVirtioBlk *blk = dev;

  atomic_store (&blk->writethrough, !((features >> PVM_VIRTIO_BLK_F_FLUSH) & 1));
}

static uint64_t
blk_read_config (void *dev, uint32_t offset, unsigned size)
{
  PvmVirtioBlk *blk = dev;

  return pvm_le_get (blk->config + offset, size);
}

static void
blk_notify (void *dev, unsigned queue)
{
  PvmVirtioBlk *blk = dev;

  for (;;) {
    BlkRequest *req = blk_slot_get (blk);
    if (!req) {
      g_critical ("virtio-blk: no free request slot");
      return;
    }
    if (pvm_virtio_mmio_pop (blk->mmio, queue, req->iov, BLK_MAX_IOV, &req->elem) <= 0) {
      blk_slot_put (blk, req);
      return;
    }
    uint32_t written = blk_try_read_now (blk, req);
    if (written) {
      uint16_t head = req->elem.head;
      blk_slot_put (blk, req);
      pvm_virtio_mmio_complete (blk->mmio, queue, head, written);
      continue;
    }
    req->queued_ns = pvm_spin_now_ns ();
    atomic_fetch_add_explicit (&blk->in_pool, 1, memory_order_relaxed);
    pvm_io_pool_push (blk->pool, req);
  }
}

/* After a notification that queued requests, the hart waits for the workers twice as long as
 * the last request took them, up to BLK_WAIT_MAX_NS, if it took no more: a write into the
 * host's page cache then completes before the guest's QueueNotify write ends, as a cached read
 * does, and the guest takes the completion without sleeping and being woken. A slow disk
 * (requests longer than the bound) costs no wait at all. */
static void
blk_notified (void *dev, unsigned queue)
{
  PvmVirtioBlk *blk = dev;
  int64_t latency = atomic_load_explicit (&blk->latency_ns, memory_order_relaxed);

  if (!atomic_load_explicit (&blk->in_pool, memory_order_relaxed) || latency > BLK_WAIT_MAX_NS)
    return;
  int64_t until = pvm_spin_now_ns () + MIN (2 * latency, BLK_WAIT_MAX_NS);
  PVM_SPIN_UNTIL (!atomic_load_explicit (&blk->in_pool, memory_order_acquire), until);
}

static void
blk_reset (void *dev)
{
  PvmVirtioBlk *blk = dev;

  atomic_store (&blk->writethrough, true);
}

static void
blk_free (void *dev)
{
  PvmVirtioBlk *blk = dev;

  pvm_io_pool_free (blk->pool);
  close (blk->fd);
  g_mutex_clear (&blk->slots_lock);
  g_free (blk->free_slots);
  g_free (blk->reqs);
  g_free (blk);
}

static const PvmVirtioDeviceOps blk_device_ops = {
  .name = "virtio-blk",
  .device_id = PVM_VIRTIO_BLK_DEVICE_ID,
  .n_queues = 1,
  .queue_max = PVM_VIRTIO_BLK_QUEUE_SIZE,
  .config_size = PVM_VIRTIO_BLK_CFG_SIZE,
  .get_features = blk_get_features,
  .set_features = blk_set_features,
  .read_config = blk_read_config,
  .notify = blk_notify,
  .notified = blk_notified,
  .reset = blk_reset,
  .free = blk_free,
};

/* ---- construction ---- */

/* Opens @path, or takes @fd if it is not -1. */
static gboolean
blk_open (PvmVirtioBlk *blk, const char *path, int fd, bool readonly, GError **error)
{
  struct stat st;
  uint64_t size;

  blk->fd = fd >= 0 ? fd : open (path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (fd >= 0 && !readonly && (fcntl (fd, F_GETFL) & O_ACCMODE) != O_RDWR) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "The disk image “%s” is not open for writing", path);
    return FALSE;
  }
  if (blk->fd < 0) {
    int err = errno;
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "Cannot open the disk image “%s”%s: %s", path,
                 readonly || err == ENOENT ? "" : " for writing", g_strerror (err));
    return FALSE;
  }
  if (fstat (blk->fd, &st) < 0) {
    int err = errno;
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "Cannot read the size of the disk image “%s”: %s", path, g_strerror (err));
    return FALSE;
  }
  if (S_ISREG (st.st_mode)) {
    size = (uint64_t) st.st_size;
  } else if (S_ISBLK (st.st_mode)) {
    if (ioctl (blk->fd, BLKGETSIZE64, &size) < 0) {
      int err = errno;
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                   "Cannot read the size of the block device “%s”: %s", path, g_strerror (err));
      return FALSE;
    }
  } else {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "The disk image “%s” is neither a regular file nor a block device", path);
    return FALSE;
  }
  blk->capacity = size / BLK_SECTOR;
  return TRUE;
}

static void
blk_fill_config (PvmVirtioBlk *blk)
{
  uint8_t *c = blk->config;

  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_CAPACITY, blk->capacity, 8);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_SIZE_MAX, PVM_VIRTIO_BLK_SIZE_MAX, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_SEG_MAX, PVM_VIRTIO_BLK_SEG_MAX, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_BLK_SIZE, BLK_SECTOR, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_NUM_QUEUES, 1, 2);
  if (blk->readonly)
    return;
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, PVM_VIRTIO_BLK_MAX_DISCARD_SECTORS, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SEG, PVM_VIRTIO_BLK_MAX_DISCARD_SEG, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_DISCARD_ALIGNMENT, BLK_DISCARD_ALIGNMENT, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS, PVM_VIRTIO_BLK_MAX_DISCARD_SECTORS, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG, PVM_VIRTIO_BLK_MAX_DISCARD_SEG, 4);
  pvm_le_put (c + PVM_VIRTIO_BLK_CFG_WRITE_ZEROES_MAY_UNMAP, 1, 1);
}

static PvmVirtioBlk *
blk_new (PvmVirtioMmio *mmio, const char *path, int fd, bool readonly, GError **error)
{
  PvmVirtioBlk *blk = g_new0 (PvmVirtioBlk, 1);
  g_autofree char *base = g_path_get_basename (path);

  if (!blk_open (blk, path, fd, readonly, error)) {
    if (blk->fd >= 0)
      close (blk->fd);
    g_free (blk);
    return NULL;
  }
  blk->mmio = mmio;
  blk->readonly = readonly;
  atomic_init (&blk->writethrough, true);
  g_strlcpy (blk->path, path, sizeof blk->path);
  memcpy (blk->id, base, MIN (strlen (base), sizeof blk->id)); /* NUL-padded, or all 20 */
  blk_fill_config (blk);

  g_mutex_init (&blk->slots_lock);
  blk->reqs = g_new0 (BlkRequest, PVM_VIRTIO_BLK_QUEUE_SIZE);
  blk->free_slots = g_new (unsigned, PVM_VIRTIO_BLK_QUEUE_SIZE);
  for (unsigned i = 0; i < PVM_VIRTIO_BLK_QUEUE_SIZE; i++)
    blk->free_slots[i] = PVM_VIRTIO_BLK_QUEUE_SIZE - 1 - i;
  blk->n_free = PVM_VIRTIO_BLK_QUEUE_SIZE;
  blk->pool = pvm_io_pool_new ("virtio-blk", PVM_VIRTIO_BLK_WORKERS, PVM_VIRTIO_BLK_QUEUE_SIZE,
                               blk_worker, blk);

  pvm_virtio_mmio_plug (mmio, &blk_device_ops, blk);
  return blk;
}

PvmVirtioBlk *
pvm_virtio_blk_new (PvmVirtioMmio *mmio, const char *path, bool readonly, GError **error)
{
  return blk_new (mmio, path, -1, readonly, error);
}

PvmVirtioBlk *
pvm_virtio_blk_new_fd (PvmVirtioMmio *mmio, int fd, const char *name, bool readonly,
                       GError **error)
{
  return blk_new (mmio, name, fd, readonly, error);
}

void
pvm_virtio_blk_get_stats (PvmVirtioBlk *blk, uint64_t *read_bytes, uint64_t *write_bytes)
{
  *read_bytes = atomic_load_explicit (&blk->read_bytes, memory_order_relaxed);
  *write_bytes = atomic_load_explicit (&blk->write_bytes, memory_order_relaxed);
}

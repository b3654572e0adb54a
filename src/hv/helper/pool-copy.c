/* pool-copy.c: copying a volume's data extents. */
#include "hv/helper/pool-copy.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pvm-error.h"

#define COPY_CHUNK (8u << 20)

typedef struct {
  int src, dst;
  guint64 size;
  const char *what;
  gboolean use_copy_range; /* until the kernel says it cannot */
  gboolean dst_is_file;    /* holes can stay holes */
  char *buffer;            /* COPY_CHUNK bytes, for read/write and zeros */
  PvmPoolCopyProgress progress;
  gpointer data;
  GCancellable *cancellable;
  guint64 bandwidth; /* bytes per second at most, 0 for no limit */
  guint64 copied;    /* bytes read or zeroed so far */
  gint64 started_us;
} Copy;

/* Waits, in slices that notice cancellation, until c->copied bytes are due at the bandwidth
 * limit. */
static void
copy_throttle (Copy *c)
{
  if (!c->bandwidth)
    return;
  gint64 due_us = c->started_us + (gint64) (c->copied * G_USEC_PER_SEC / c->bandwidth);
  gint64 now;
  while ((now = g_get_monotonic_time ()) < due_us && !g_cancellable_is_cancelled (c->cancellable))
    g_usleep ((gulong) MIN (due_us - now, 50000));
}

/* Returns the limit $PVM_COPY_BANDWIDTH sets (MiB/s), or 0. */
static guint64
copy_bandwidth (void)
{
  const char *value = g_getenv ("PVM_COPY_BANDWIDTH");
  guint64 mib = value ? g_ascii_strtoull (value, NULL, 10) : 0;

  return mib * 1024 * 1024;
}

static gboolean
copy_failed (Copy *c, GError **error, int err, const char *doing)
{
  g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot copy %s: %s failed: %s", c->what,
               doing, g_strerror (err));
  return FALSE;
}

/* Writes all of @len bytes of c->buffer at @offset of the destination. */
static gboolean
copy_write_all (Copy *c, size_t len, guint64 offset, GError **error)
{
  for (size_t done = 0; done < len;) {
    ssize_t n = pwrite (c->dst, c->buffer + done, len - done, (off_t) (offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return copy_failed (c, error, n < 0 ? errno : ENOSPC, "writing");
    done += (size_t) n;
  }
  return TRUE;
}

/* Copies @len bytes (at most COPY_CHUNK) at @offset. */
static gboolean
copy_chunk (Copy *c, guint64 offset, size_t len, GError **error)
{
  while (c->use_copy_range && len > 0) {
    off_t in = (off_t) offset, out = (off_t) offset;
    ssize_t n = copy_file_range (c->src, &in, c->dst, &out, len, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
                  errno == EBADF)) {
      c->use_copy_range = FALSE;
      break;
    }
    if (n < 0)
      return copy_failed (c, error, errno, "copy_file_range");
    if (n == 0)
      return copy_failed (c, error, EIO, "copy_file_range (the source ended early)");
    offset += (guint64) n;
    len -= (size_t) n;
  }
  while (len > 0) {
    ssize_t n = pread (c->src, c->buffer, len, (off_t) offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return copy_failed (c, error, n < 0 ? errno : EIO, "reading");
    if (!copy_write_all (c, (size_t) n, offset, error))
      return FALSE;
    offset += (guint64) n;
    len -= (size_t) n;
  }
  return TRUE;
}

/* Fills [@offset, @offset + @len) of a block device with zeros. */
static gboolean
copy_zeros (Copy *c, guint64 offset, size_t len, GError **error)
{
  memset (c->buffer, 0, len);
  return copy_write_all (c, len, offset, error);
}

/* Copies (or zeroes, for a hole) [@start, @end) chunk by chunk. */
static gboolean
copy_range (Copy *c, guint64 start, guint64 end, gboolean hole, GError **error)
{
  for (guint64 offset = start; offset < end;) {
    size_t len = (size_t) MIN (end - offset, COPY_CHUNK);
    if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
      return FALSE;
    if (hole ? !copy_zeros (c, offset, len, error) : !copy_chunk (c, offset, len, error))
      return FALSE;
    offset += len;
    c->copied += len;
    copy_throttle (c);
    if (c->progress)
      c->progress ((double) offset / (double) c->size, c->data);
  }
  return TRUE;
}

/* Finds the next data extent at or after @offset: [*@data, *@hole). Without SEEK_DATA the
 * rest is one extent; past the last extent *@data is c->size. */
static gboolean
copy_next_extent (Copy *c, guint64 offset, guint64 *data, guint64 *hole, GError **error)
{
  off_t d = lseek (c->src, (off_t) offset, SEEK_DATA);

  if (d < 0 && errno == ENXIO) {
    *data = *hole = c->size;
    return TRUE;
  }
  if (d < 0 && (errno == EINVAL || errno == EOPNOTSUPP)) {
    *data = offset;
    *hole = c->size;
    return TRUE;
  }
  if (d < 0)
    return copy_failed (c, error, errno, "looking for data (SEEK_DATA)");
  off_t h = lseek (c->src, d, SEEK_HOLE);
  if (h < 0)
    return copy_failed (c, error, errno, "looking for a hole (SEEK_HOLE)");
  *data = MIN ((guint64) d, c->size);
  *hole = MIN ((guint64) h, c->size);
  return TRUE;
}

gboolean
pvm_pool_copy_data (int src, int dst, guint64 size, const char *what,
                    PvmPoolCopyProgress progress, gpointer data, GCancellable *cancellable,
                    GError **error)
{
  struct stat st;
  Copy c = {
    .src = src, .dst = dst, .size = size, .what = what, .use_copy_range = TRUE,
    .progress = progress, .data = data, .cancellable = cancellable,
    .bandwidth = copy_bandwidth (), .started_us = g_get_monotonic_time (),
  };

  if (fstat (dst, &st) < 0)
    return copy_failed (&c, error, errno, "fstat");
  c.dst_is_file = S_ISREG (st.st_mode);
  if (c.dst_is_file && ftruncate (dst, (off_t) size) < 0)
    return copy_failed (&c, error, errno, "setting the size");
  g_autofree char *buffer = g_malloc (COPY_CHUNK);
  c.buffer = buffer;

  for (guint64 offset = 0; offset < size;) {
    guint64 start, end;
    if (!copy_next_extent (&c, offset, &start, &end, error))
      return FALSE;
    if (!c.dst_is_file && !copy_range (&c, offset, start, TRUE, error))
      return FALSE;
    if (!copy_range (&c, start, end, FALSE, error))
      return FALSE;
    offset = MAX (end, start);
    if (progress)
      progress ((double) offset / (double) size, data);
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (fdatasync (dst) < 0 && errno != EINVAL) /* EINVAL: a device that keeps nothing */
    return copy_failed (&c, error, errno, "syncing");
  return TRUE;
}

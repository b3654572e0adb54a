/* test-virtio-blk.c: the virtio block device on a temporary image file, driven by writing
 * requests into guest RAM as a driver does. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pvm-bytes.h"
#include "hv/dev/virtio-blk.h"
#include "hv/machine/guest-error.h"
#include "virtio-test.h"

#define SECTORS 4096
#define DISK_SIZE (SECTORS * 512)
#define QUEUE 64
#define SLOT_SIZE 0x10000 /* guest memory of one request: header, status, data */
#define SLOT_DATA 0x1000
#define SLOT_TABLE 0x800 /* an indirect table */

typedef struct {
  VirtioTest t;
  char *path;
  int fd; /* the test's own view of the image */
  PvmVirtioBlk *blk;
} Fixture;

/* The image's initial byte at @offset. */
static uint8_t
pattern (uint64_t offset)
{
  return (uint8_t) (offset * 7 + offset / 512);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  bool readonly = GPOINTER_TO_INT (data);
  g_autofree uint8_t *image = g_malloc (DISK_SIZE);

  f->fd = g_file_open_tmp ("pvm-virtio-blk-XXXXXX.img", &f->path, &error);
  g_assert_no_error (error);
  for (uint64_t i = 0; i < DISK_SIZE; i++)
    image[i] = pattern (i);
  g_assert_cmpint (pwrite (f->fd, image, DISK_SIZE, 0), ==, DISK_SIZE);

  vt_init (&f->t);
  vt_add_transport (&f->t);
  f->blk = pvm_virtio_blk_new (f->t.mmio, f->path, readonly, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->blk);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vt_clear (&f->t);
  close (f->fd);
  unlink (f->path);
  g_free (f->path);
}

static const uint64_t base_features = VT_F_VERSION_1 | (1ull << PVM_VIRTIO_BLK_F_FLUSH) |
                                      (1ull << PVM_VIRTIO_BLK_F_SEG_MAX);

static uint64_t
slot_addr (unsigned slot)
{
  return VT_DATA + (uint64_t) slot * SLOT_SIZE;
}

/* Writes the header of the request in @slot and sets its status byte to 0xff. */
static void
write_header (Fixture *f, unsigned slot, uint32_t type, uint64_t sector)
{
  uint8_t *h = vt_ram (&f->t, slot_addr (slot), 17);

  pvm_le_put (h, type, 4);
  pvm_le_put (h + 4, 0, 4);
  pvm_le_put (h + 8, sector, 8);
  h[16] = 0xff;
}

/* Offers the request in @slot (descriptors 4 * slot ..): header, @len bytes of data at
 * SLOT_DATA in @pieces descriptors (device-writable if @in), status. Returns its head. */
static uint16_t
offer (Fixture *f, unsigned slot, uint32_t type, uint64_t sector, uint32_t len, bool in,
       unsigned pieces)
{
  uint16_t d = (uint16_t) (4 * slot);
  uint64_t a = slot_addr (slot);
  uint16_t data_flags = PVM_VIRTQ_DESC_F_NEXT | (in ? PVM_VIRTQ_DESC_F_WRITE : 0);

  write_header (f, slot, type, sector);
  vt_desc (&f->t, VT_DESC, d, a, 16, PVM_VIRTQ_DESC_F_NEXT, len ? d + 1 : d + 3);
  if (len && pieces == 1) {
    vt_desc (&f->t, VT_DESC, d + 1, a + SLOT_DATA, len, data_flags, d + 3);
  } else if (len) {
    vt_desc (&f->t, VT_DESC, d + 1, a + SLOT_DATA, len / 2, data_flags, d + 2);
    vt_desc (&f->t, VT_DESC, d + 2, a + SLOT_DATA + len / 2, len - len / 2, data_flags, d + 3);
  }
  vt_desc (&f->t, VT_DESC, d + 3, a + 16, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, d);
  return d;
}

static uint8_t
status_of (Fixture *f, unsigned slot)
{
  return *vt_ram (&f->t, slot_addr (slot) + 16, 1);
}

static uint8_t *
data_of (Fixture *f, unsigned slot, uint32_t len)
{
  return vt_ram (&f->t, slot_addr (slot) + SLOT_DATA, len);
}

/* Notifies and waits until @n more chains are used; returns the used length of @head. */
static uint32_t
run (Fixture *f, unsigned n, uint16_t head)
{
  uint16_t start = vt_used_idx (&f->t);
  uint32_t found = UINT32_MAX;

  vt_notify (&f->t, 0);
  vt_wait_used (&f->t, (uint16_t) (start + n));
  for (uint16_t i = start; i != (uint16_t) (start + n); i++) {
    uint32_t id, len;
    vt_used (&f->t, i, &id, &len);
    if (id == head)
      found = len;
  }
  g_assert_cmpuint (found, !=, UINT32_MAX);
  return found;
}

/* Runs one request and returns its status. */
static uint8_t
run_one (Fixture *f, unsigned slot, uint32_t type, uint64_t sector, uint32_t len, bool in)
{
  run (f, 1, offer (f, slot, type, sector, len, in, 1));
  return status_of (f, slot);
}

static void
assert_file_is_pattern (Fixture *f, uint64_t offset, uint64_t len)
{
  g_autofree uint8_t *buf = g_malloc (len);

  g_assert_cmpint (pread (f->fd, buf, len, (off_t) offset), ==, (ssize_t) len);
  for (uint64_t i = 0; i < len; i++) {
    if (buf[i] != pattern (offset + i))
      g_error ("image byte %" G_GUINT64_FORMAT " is 0x%02x, not 0x%02x", offset + i, buf[i],
               pattern (offset + i));
  }
}

static void
assert_file_is_zero (Fixture *f, uint64_t offset, uint64_t len)
{
  g_autofree uint8_t *buf = g_malloc (len);

  g_assert_cmpint (pread (f->fd, buf, len, (off_t) offset), ==, (ssize_t) len);
  for (uint64_t i = 0; i < len; i++)
    g_assert_cmphex (buf[i], ==, 0);
}

static uint64_t
config (Fixture *f, unsigned offset, unsigned size)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&f->t.machine->bus, VT_BASE + VT_CONFIG + offset, size, &v), ==,
                   0);
  return v;
}

/* ---- identity ---- */

static void
test_a_disk_describes_itself (Fixture *f, gconstpointer data)
{
  uint64_t features = vt_device_features (&f->t);

  g_assert_cmpuint (vt_rd (&f->t, VT_DEVICE_ID), ==, PVM_VIRTIO_BLK_DEVICE_ID);
  g_assert_cmpuint (vt_rd (&f->t, VT_QUEUE_NUM_MAX), ==, PVM_VIRTIO_BLK_QUEUE_SIZE);
  g_assert_cmphex (features, ==,
                   VT_F_VERSION_1 | VT_F_INDIRECT | VT_F_EVENT_IDX |
                     (1ull << PVM_VIRTIO_BLK_F_SIZE_MAX) | (1ull << PVM_VIRTIO_BLK_F_SEG_MAX) |
                     (1ull << PVM_VIRTIO_BLK_F_BLK_SIZE) | (1ull << PVM_VIRTIO_BLK_F_FLUSH) |
                     (1ull << PVM_VIRTIO_BLK_F_DISCARD) | (1ull << PVM_VIRTIO_BLK_F_WRITE_ZEROES));
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_CAPACITY, 8), ==, SECTORS);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_CAPACITY + 4, 4), ==, 0);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_SIZE_MAX, 4), ==, PVM_VIRTIO_BLK_SIZE_MAX);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_SEG_MAX, 4), ==, PVM_VIRTIO_BLK_SEG_MAX);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_BLK_SIZE, 4), ==, 512);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_NUM_QUEUES, 2), ==, 1);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, 4), ==,
                    PVM_VIRTIO_BLK_MAX_DISCARD_SECTORS);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SEG, 4), ==,
                    PVM_VIRTIO_BLK_MAX_DISCARD_SEG);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_DISCARD_ALIGNMENT, 4), ==, 8);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS, 4), ==,
                    PVM_VIRTIO_BLK_MAX_DISCARD_SECTORS);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG, 4), ==,
                    PVM_VIRTIO_BLK_MAX_DISCARD_SEG);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_WRITE_ZEROES_MAY_UNMAP, 1), ==, 1);
}

static void
test_get_id_returns_the_file_name (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_path_get_basename (f->path);
  char expected[PVM_VIRTIO_BLK_ID_BYTES] = { 0 };

  memcpy (expected, base, MIN (strlen (base), sizeof expected));
  vt_setup (&f->t, base_features, QUEUE);
  memset (data_of (f, 0, 32), 0xee, 32);
  uint32_t used = run (f, 1, offer (f, 0, PVM_VIRTIO_BLK_T_GET_ID, 0, 32, true, 1));
  g_assert_cmpuint (status_of (f, 0), ==, PVM_VIRTIO_BLK_S_OK);
  g_assert_cmpuint (used, ==, PVM_VIRTIO_BLK_ID_BYTES + 1);
  g_assert_cmpmem (data_of (f, 0, 20), 20, expected, 20);
  g_assert_cmphex (data_of (f, 0, 32)[20], ==, 0xee);
}

/* ---- reads and writes ---- */

static void
test_a_read_returns_the_image_sectors (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  uint32_t used = run (f, 1, offer (f, 0, PVM_VIRTIO_BLK_T_IN, 3, 1024, true, 2));
  g_assert_cmpuint (status_of (f, 0), ==, PVM_VIRTIO_BLK_S_OK);
  g_assert_cmpuint (used, ==, 1024 + 1);
  const uint8_t *d = data_of (f, 0, 1024);
  for (unsigned i = 0; i < 1024; i++)
    g_assert_cmphex (d[i], ==, pattern (3 * 512 + i));
}

static void
test_a_write_reaches_the_image (Fixture *f, gconstpointer data)
{
  uint8_t *d = data_of (f, 1, 2048);
  uint8_t buf[2048];

  vt_setup (&f->t, base_features, QUEUE);
  for (unsigned i = 0; i < 2048; i++)
    d[i] = (uint8_t) (i ^ 0x5a);
  uint32_t used = run (f, 1, offer (f, 1, PVM_VIRTIO_BLK_T_OUT, 10, 2048, false, 2));
  g_assert_cmpuint (status_of (f, 1), ==, PVM_VIRTIO_BLK_S_OK);
  g_assert_cmpuint (used, ==, 1);
  g_assert_cmpint (pread (f->fd, buf, sizeof buf, 10 * 512), ==, sizeof buf);
  g_assert_cmpmem (buf, sizeof buf, d, 2048);
  assert_file_is_pattern (f, 0, 10 * 512);
  assert_file_is_pattern (f, 14 * 512, DISK_SIZE - 14 * 512);
}

static void
assert_stats (Fixture *f, uint64_t read_bytes, uint64_t write_bytes)
{
  uint64_t r, w;

  pvm_virtio_blk_get_stats (f->blk, &r, &w);
  g_assert_cmpuint (r, ==, read_bytes);
  g_assert_cmpuint (w, ==, write_bytes);
}

static void
test_the_counters_count_completed_reads_and_writes (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  assert_stats (f, 0, 0);
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_IN, 3, 1024, true), ==,
                    PVM_VIRTIO_BLK_S_OK);
  assert_stats (f, 1024, 0);
  g_assert_cmpuint (run_one (f, 1, PVM_VIRTIO_BLK_T_OUT, 10, 2048, false), ==,
                    PVM_VIRTIO_BLK_S_OK);
  assert_stats (f, 1024, 2048);
  /* The same sectors again: now in the host's cache, perhaps read on the notifying thread. */
  g_assert_cmpuint (run_one (f, 2, PVM_VIRTIO_BLK_T_IN, 3, 1024, true), ==,
                    PVM_VIRTIO_BLK_S_OK);
  assert_stats (f, 2048, 2048);

  /* Failed requests, flushes and device IDs move no disk data. */
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, "virtio-blk: write of*");
  g_assert_cmpuint (run_one (f, 3, PVM_VIRTIO_BLK_T_OUT, SECTORS - 1, 1024, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (run_one (f, 4, PVM_VIRTIO_BLK_T_FLUSH, 0, 0, false), ==,
                    PVM_VIRTIO_BLK_S_OK);
  g_assert_cmpuint (run_one (f, 5, PVM_VIRTIO_BLK_T_GET_ID, 0, 20, true), ==,
                    PVM_VIRTIO_BLK_S_OK);
  assert_stats (f, 2048, 2048);
}

static void
test_a_cached_read_completes_before_the_notification_returns (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  offer (f, 0, PVM_VIRTIO_BLK_T_IN, 5, 4096, true, 2);
  vt_notify (&f->t, 0);

  /* The image was just written, so the host caches it: no worker was involved. */
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 1);
  g_assert_true (f->t.irq.level);
  g_assert_cmpuint (status_of (f, 0), ==, PVM_VIRTIO_BLK_S_OK);
  const uint8_t *d = data_of (f, 0, 4096);
  for (unsigned i = 0; i < 4096; i++)
    g_assert_cmphex (d[i], ==, pattern (5 * 512 + i));
}

/* Whether the host page cache holds any of the image. */
static bool
image_cached (Fixture *f)
{
  unsigned char vec[DISK_SIZE / 4096];
  void *p = mmap (NULL, DISK_SIZE, PROT_READ, MAP_SHARED, f->fd, 0);
  bool cached = false;

  g_assert_true (p != MAP_FAILED);
  g_assert_cmpint (mincore (p, DISK_SIZE, vec), ==, 0);
  for (unsigned i = 0; i < sizeof vec; i++)
    cached |= vec[i] & 1;
  munmap (p, DISK_SIZE);
  return cached;
}

static void
test_an_uncached_read_is_left_to_the_workers (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (fdatasync (f->fd), ==, 0);
  g_assert_cmpint (posix_fadvise (f->fd, 0, DISK_SIZE, POSIX_FADV_DONTNEED), ==, 0);
  if (image_cached (f)) {
    g_test_skip ("the host keeps the image in its page cache");
    return;
  }
  vt_setup (&f->t, base_features, QUEUE);
  uint32_t used = run (f, 1, offer (f, 0, PVM_VIRTIO_BLK_T_IN, 100, 8192, true, 1));
  g_assert_cmpuint (used, ==, 8192 + 1);
  g_assert_cmpuint (status_of (f, 0), ==, PVM_VIRTIO_BLK_S_OK);
  const uint8_t *d = data_of (f, 0, 8192);
  for (unsigned i = 0; i < 8192; i++)
    g_assert_cmphex (d[i], ==, pattern (100 * 512 + i));
}

static void
test_a_large_read_is_left_to_the_workers (Fixture *f, gconstpointer data)
{
  const uint32_t len = 1280 * 1024; /* over the 1 MiB done on the notifying thread */

  vt_setup (&f->t, base_features, QUEUE);
  uint32_t used = run (f, 1, offer (f, 0, PVM_VIRTIO_BLK_T_IN, 64, len, true, 2));
  g_assert_cmpuint (used, ==, len + 1);
  g_assert_cmpuint (status_of (f, 0), ==, PVM_VIRTIO_BLK_S_OK);
  const uint8_t *d = data_of (f, 0, len);
  for (uint32_t i = 0; i < len; i++)
    g_assert_cmphex (d[i], ==, pattern (64 * 512 + i));
}

static void
test_a_request_through_an_indirect_table (Fixture *f, gconstpointer data)
{
  uint64_t a = slot_addr (2), table = a + SLOT_TABLE;

  vt_setup (&f->t, base_features | VT_F_INDIRECT, QUEUE);
  write_header (f, 2, PVM_VIRTIO_BLK_T_IN, 100);
  vt_desc (&f->t, table, 0, a, 8, PVM_VIRTQ_DESC_F_NEXT, 1); /* the header in two pieces */
  vt_desc (&f->t, table, 1, a + 8, 8, PVM_VIRTQ_DESC_F_NEXT, 2);
  vt_desc (&f->t, table, 2, a + SLOT_DATA, 512, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT,
           3);
  vt_desc (&f->t, table, 3, a + 16, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_desc (&f->t, VT_DESC, 8, table, 4 * 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vt_offer (&f->t, 8);
  run (f, 1, 8);
  g_assert_cmpuint (status_of (f, 2), ==, PVM_VIRTIO_BLK_S_OK);
  const uint8_t *d = data_of (f, 2, 512);
  for (unsigned i = 0; i < 512; i++)
    g_assert_cmphex (d[i], ==, pattern (100 * 512 + i));
}

static void
test_many_requests_are_in_flight_at_once (Fixture *f, gconstpointer data)
{
  enum { N = 16 };

  vt_setup (&f->t, base_features | VT_F_EVENT_IDX, QUEUE);
  for (unsigned s = 0; s < N; s++)
    offer (f, s, PVM_VIRTIO_BLK_T_IN, 64 * s, 4096, true, 2);
  run (f, N, 0);
  for (unsigned s = 0; s < N; s++) {
    g_assert_cmpuint (status_of (f, s), ==, PVM_VIRTIO_BLK_S_OK);
    const uint8_t *d = data_of (f, s, 4096);
    for (unsigned i = 0; i < 4096; i++)
      g_assert_cmphex (d[i], ==, pattern (64 * s * 512 + i));
  }
  g_assert_true (f->t.irq.level);
}

static void
test_flush_succeeds (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_FLUSH, 0, 0, false), ==,
                    PVM_VIRTIO_BLK_S_OK);
}

static void
test_requests_outside_the_disk_fail (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk: read of 1024 bytes at sector 4095 does not fit the disk's "
                         "4096 sectors");
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_IN, SECTORS - 1, 1024, true), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk: write of 512 bytes at sector 18446744073709551615 *");
  g_assert_cmpuint (run_one (f, 1, PVM_VIRTIO_BLK_T_OUT, UINT64_MAX, 512, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk: write of 100 bytes at sector 0 *");
  g_assert_cmpuint (run_one (f, 2, PVM_VIRTIO_BLK_T_OUT, 0, 100, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_test_assert_expected_messages ();
  assert_file_is_pattern (f, 0, DISK_SIZE);
  /* The last sector itself is fine. */
  g_assert_cmpuint (run_one (f, 3, PVM_VIRTIO_BLK_T_IN, SECTORS - 1, 512, true), ==,
                    PVM_VIRTIO_BLK_S_OK);
}

static void
test_unknown_request_types_are_unsupported (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  g_assert_cmpuint (run_one (f, 0, 2, 0, 512, true), ==, PVM_VIRTIO_BLK_S_UNSUPP);
  g_assert_cmpuint (run_one (f, 1, 10, 0, 8, true), ==, PVM_VIRTIO_BLK_S_UNSUPP);
  g_assert_cmpuint (run_one (f, 2, 0x80000001u, 0, 512, false), ==, PVM_VIRTIO_BLK_S_UNSUPP);
  assert_file_is_pattern (f, 0, DISK_SIZE);
}

static void
test_a_short_header_fails_the_request (Fixture *f, gconstpointer data)
{
  uint64_t a = slot_addr (0);

  vt_setup (&f->t, base_features, QUEUE);
  write_header (f, 0, PVM_VIRTIO_BLK_T_OUT, 0);
  vt_desc (&f->t, VT_DESC, 0, a, 8, PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->t, VT_DESC, 1, a + 16, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk: request 0 has a header of 8 bytes");
  run (f, 1, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (status_of (f, 0), ==, PVM_VIRTIO_BLK_S_IOERR);
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS) & PVM_VIRTIO_STATUS_NEEDS_RESET, ==, 0);
}

static void
test_a_request_without_a_status_byte_needs_a_reset (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  write_header (f, 0, PVM_VIRTIO_BLK_T_FLUSH, 0);
  vt_desc (&f->t, VT_DESC, 0, slot_addr (0), 16, 0, 0);
  vt_offer (&f->t, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk@10001000: request 0 has no status byte; the device needs a "
                         "reset");
  run (f, 1, 0);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vt_rd (&f->t, VT_STATUS) & PVM_VIRTIO_STATUS_NEEDS_RESET, ==,
                   PVM_VIRTIO_STATUS_NEEDS_RESET);
  g_assert_cmphex (vt_rd (&f->t, VT_INTERRUPT_STATUS) & PVM_VIRTIO_INT_CONFIG, ==,
                   PVM_VIRTIO_INT_CONFIG);
}

/* ---- discard and write zeroes ---- */

static void
put_segment (Fixture *f, unsigned slot, unsigned i, uint64_t sector, uint32_t count,
             uint32_t flags)
{
  uint8_t *s = data_of (f, slot, 16 * (i + 1)) + 16 * i;

  pvm_le_put (s, sector, 8);
  pvm_le_put (s + 8, count, 4);
  pvm_le_put (s + 12, flags, 4);
}

static void
test_write_zeroes_zeroes_every_segment (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features | (1ull << PVM_VIRTIO_BLK_F_WRITE_ZEROES), QUEUE);
  put_segment (f, 0, 0, 1, 3, 0);
  put_segment (f, 0, 1, 16, 16, 1); /* may unmap */
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_WRITE_ZEROES, 0, 32, false), ==,
                    PVM_VIRTIO_BLK_S_OK);
  assert_file_is_pattern (f, 0, 512);
  assert_file_is_zero (f, 512, 3 * 512);
  assert_file_is_pattern (f, 4 * 512, 12 * 512);
  assert_file_is_zero (f, 16 * 512, 16 * 512);
  assert_file_is_pattern (f, 32 * 512, DISK_SIZE - 32 * 512);
}

static void
test_discard_punches_a_hole (Fixture *f, gconstpointer data)
{
  struct stat before, after;

  g_assert_no_errno (fsync (f->fd));
  g_assert_no_errno (fstat (f->fd, &before));
  vt_setup (&f->t, base_features | (1ull << PVM_VIRTIO_BLK_F_DISCARD), QUEUE);
  put_segment (f, 0, 0, 256, 1024, 0);
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_DISCARD, 0, 16, false), ==,
                    PVM_VIRTIO_BLK_S_OK);
  g_assert_no_errno (fstat (f->fd, &after));
  g_assert_cmpint (after.st_size, ==, DISK_SIZE);
  g_assert_cmpint (after.st_blocks, <, before.st_blocks);
  assert_file_is_pattern (f, 0, 256 * 512);
  assert_file_is_pattern (f, 1280 * 512, DISK_SIZE - 1280 * 512);
}

static void
test_discard_and_write_zeroes_check_their_segments (Fixture *f, gconstpointer data)
{
  vt_setup (&f->t, base_features, QUEUE);
  /* Discard knows no unmap flag; unknown flags are unsupported. */
  put_segment (f, 0, 0, 0, 8, 1);
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_DISCARD, 0, 16, false), ==,
                    PVM_VIRTIO_BLK_S_UNSUPP);
  put_segment (f, 1, 0, 0, 8, 2);
  g_assert_cmpuint (run_one (f, 1, PVM_VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), ==,
                    PVM_VIRTIO_BLK_S_UNSUPP);
  /* A segment off the disk fails the whole request before any segment is done. */
  put_segment (f, 2, 0, 0, 8, 0);
  put_segment (f, 2, 1, SECTORS - 4, 8, 0);
  g_assert_cmpuint (run_one (f, 2, PVM_VIRTIO_BLK_T_WRITE_ZEROES, 0, 32, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  /* Segments must be whole, and not too many. */
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk: write-zeroes request with 20 bytes of segments");
  g_assert_cmpuint (run_one (f, 3, PVM_VIRTIO_BLK_T_WRITE_ZEROES, 0, 20, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-blk: discard request with 528 bytes of segments");
  g_assert_cmpuint (run_one (f, 4, PVM_VIRTIO_BLK_T_DISCARD, 0, 16 * 33, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_test_assert_expected_messages ();
  assert_file_is_pattern (f, 0, DISK_SIZE);
}

/* ---- read-only disks ---- */

static void
test_a_read_only_disk_refuses_writes (Fixture *f, gconstpointer data)
{
  uint64_t features = vt_device_features (&f->t);

  g_assert_cmphex (features & (1ull << PVM_VIRTIO_BLK_F_RO), !=, 0);
  g_assert_cmphex (features & (1ull << PVM_VIRTIO_BLK_F_DISCARD), ==, 0);
  g_assert_cmphex (features & (1ull << PVM_VIRTIO_BLK_F_WRITE_ZEROES), ==, 0);
  g_assert_cmpuint (config (f, PVM_VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, 4), ==, 0);

  vt_setup (&f->t, base_features | (1ull << PVM_VIRTIO_BLK_F_RO), QUEUE);
  memset (data_of (f, 0, 512), 0, 512);
  g_assert_cmpuint (run_one (f, 0, PVM_VIRTIO_BLK_T_OUT, 0, 512, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  put_segment (f, 1, 0, 0, 8, 0);
  g_assert_cmpuint (run_one (f, 1, PVM_VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  put_segment (f, 2, 0, 0, 8, 0);
  g_assert_cmpuint (run_one (f, 2, PVM_VIRTIO_BLK_T_DISCARD, 0, 16, false), ==,
                    PVM_VIRTIO_BLK_S_IOERR);
  g_assert_cmpuint (run_one (f, 3, PVM_VIRTIO_BLK_T_FLUSH, 0, 0, false), ==, PVM_VIRTIO_BLK_S_OK);
  g_assert_cmpuint (run_one (f, 4, PVM_VIRTIO_BLK_T_IN, 0, 512, true), ==, PVM_VIRTIO_BLK_S_OK);
  g_assert_cmphex (data_of (f, 4, 512)[511], ==, pattern (511));
  assert_file_is_pattern (f, 0, DISK_SIZE);
}

/* ---- opening ---- */

static void
test_opening_fails_with_one_sentence (void)
{
  VirtioTest t;
  g_autofree char *dir = g_dir_make_tmp ("pvm-virtio-blk-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.img", NULL);
  const char *paths[] = { missing, dir };
  const bool readonly[] = { false, true };

  vt_init (&t);
  vt_add_transport (&t);
  for (unsigned i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_null (pvm_virtio_blk_new (t.mmio, paths[i], readonly[i], &error));
    g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE);
    g_assert_nonnull (strstr (error->message, paths[i]));
    g_assert_null (strchr (error->message, '\n'));
  }
  /* The slot stays empty. */
  g_assert_cmpuint (vt_rd (&t, VT_DEVICE_ID), ==, 0);
  vt_clear (&t);
  rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, GINT_TO_POINTER (0), fixture_set_up, fn,         \
                                  fixture_tear_down)
  ADD ("/hv/dev/virtio-blk/a-disk-describes-itself", test_a_disk_describes_itself);
  ADD ("/hv/dev/virtio-blk/get-id-returns-the-file-name", test_get_id_returns_the_file_name);
  ADD ("/hv/dev/virtio-blk/a-read-returns-the-image-sectors",
       test_a_read_returns_the_image_sectors);
  ADD ("/hv/dev/virtio-blk/a-write-reaches-the-image", test_a_write_reaches_the_image);
  ADD ("/hv/dev/virtio-blk/the-counters-count-completed-reads-and-writes",
       test_the_counters_count_completed_reads_and_writes);
  ADD ("/hv/dev/virtio-blk/a-cached-read-completes-before-the-notification-returns",
       test_a_cached_read_completes_before_the_notification_returns);
  ADD ("/hv/dev/virtio-blk/an-uncached-read-is-left-to-the-workers",
       test_an_uncached_read_is_left_to_the_workers);
  ADD ("/hv/dev/virtio-blk/a-large-read-is-left-to-the-workers",
       test_a_large_read_is_left_to_the_workers);
  ADD ("/hv/dev/virtio-blk/a-request-through-an-indirect-table",
       test_a_request_through_an_indirect_table);
  ADD ("/hv/dev/virtio-blk/many-requests-are-in-flight-at-once",
       test_many_requests_are_in_flight_at_once);
  ADD ("/hv/dev/virtio-blk/flush-succeeds", test_flush_succeeds);
  ADD ("/hv/dev/virtio-blk/requests-outside-the-disk-fail", test_requests_outside_the_disk_fail);
  ADD ("/hv/dev/virtio-blk/unknown-request-types-are-unsupported",
       test_unknown_request_types_are_unsupported);
  ADD ("/hv/dev/virtio-blk/a-short-header-fails-the-request",
       test_a_short_header_fails_the_request);
  ADD ("/hv/dev/virtio-blk/a-request-without-a-status-byte-needs-a-reset",
       test_a_request_without_a_status_byte_needs_a_reset);
  ADD ("/hv/dev/virtio-blk/write-zeroes-zeroes-every-segment",
       test_write_zeroes_zeroes_every_segment);
  ADD ("/hv/dev/virtio-blk/discard-punches-a-hole", test_discard_punches_a_hole);
  ADD ("/hv/dev/virtio-blk/discard-and-write-zeroes-check-their-segments",
       test_discard_and_write_zeroes_check_their_segments);
  g_test_add ("/hv/dev/virtio-blk/a-read-only-disk-refuses-writes", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_a_read_only_disk_refuses_writes, fixture_tear_down);
  g_test_add_func ("/hv/dev/virtio-blk/opening-fails-with-one-sentence",
                   test_opening_fails_with_one_sentence);
  return g_test_run ();
}

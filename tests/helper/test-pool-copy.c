/* test-pool-copy.c: copying a volume's data — the data extents arrive intact, holes stay
 * holes (the copy takes what the source takes), progress climbs to 1, and a cancelled copy
 * stops between chunks. */
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hv/helper/pool-copy.h"

#define MIB (1u << 20)

typedef struct {
  char *dir, *src, *dst;
  int src_fd, dst_fd;
  GArray *progress; /* double */
  GCancellable *cancellable;
  double cancel_after; /* cancel when progress passes this, if > 0 */
} Fixture;

/* Writes @len bytes of a pattern that depends on the offset at @offset of @fd. */
static void
write_pattern (int fd, guint64 offset, size_t len)
{
  g_autofree guint8 *buf = g_malloc (len);

  for (size_t i = 0; i < len; i++)
    buf[i] = (guint8) ((offset + i) * 2654435761u >> 24);
  g_assert_cmpint (pwrite (fd, buf, len, (off_t) offset), ==, (ssize_t) len);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("pvm-copy-XXXXXX", &error);
  g_assert_no_error (error);
  f->src = g_build_filename (f->dir, "src.img", NULL);
  f->dst = g_build_filename (f->dir, "dst.img", NULL);
  f->src_fd = open (f->src, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  f->dst_fd = open (f->dst, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  g_assert_cmpint (f->src_fd, >=, 0);
  g_assert_cmpint (f->dst_fd, >=, 0);
  f->progress = g_array_new (FALSE, FALSE, sizeof (double));
  f->cancellable = g_cancellable_new ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  close (f->src_fd);
  close (f->dst_fd);
  g_unlink (f->src);
  g_unlink (f->dst);
  g_rmdir (f->dir);
  g_free (f->src);
  g_free (f->dst);
  g_free (f->dir);
  g_array_unref (f->progress);
  g_object_unref (f->cancellable);
}

static void
on_progress (double fraction, gpointer data)
{
  Fixture *f = data;

  g_array_append_val (f->progress, fraction);
  if (f->cancel_after > 0 && fraction > f->cancel_after)
    g_cancellable_cancel (f->cancellable);
}

static guint64
allocated (int fd)
{
  struct stat st;

  g_assert_cmpint (fstat (fd, &st), ==, 0);
  return (guint64) st.st_blocks * 512;
}

static void
test_holes_stay_holes (Fixture *f, gconstpointer data)
{
  const guint64 size = 64 * MIB;
  g_autoptr (GError) error = NULL;

  /* Data at the start, 3 MiB straddling a chunk boundary at 7 MiB, and a tail. */
  g_assert_cmpint (ftruncate (f->src_fd, (off_t) size), ==, 0);
  write_pattern (f->src_fd, 0, MIB);
  write_pattern (f->src_fd, 7 * MIB, 3 * MIB);
  write_pattern (f->src_fd, size - 4096, 4096);
  g_assert_cmpint (fsync (f->src_fd), ==, 0);

  g_assert_true (pvm_pool_copy_data (f->src_fd, f->dst_fd, size, "src.img", on_progress, f,
                                     f->cancellable, &error));
  g_assert_no_error (error);

  g_autofree char *a = NULL, *b = NULL;
  gsize a_len, b_len;
  g_assert_true (g_file_get_contents (f->src, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (f->dst, &b, &b_len, NULL));
  g_assert_cmpuint (b_len, ==, size);
  g_assert_true (memcmp (a, b, size) == 0);

  guint64 src_alloc = allocated (f->src_fd), dst_alloc = allocated (f->dst_fd);
  g_test_message ("allocated: source %" G_GUINT64_FORMAT ", copy %" G_GUINT64_FORMAT, src_alloc,
                  dst_alloc);
  g_assert_cmpuint (dst_alloc, <=, src_alloc + 64 * 1024);
  g_assert_cmpuint (dst_alloc, <, 8 * MIB);

  g_assert_cmpuint (f->progress->len, >=, 3);
  for (guint i = 1; i < f->progress->len; i++)
    g_assert_cmpfloat (g_array_index (f->progress, double, i), >=,
                       g_array_index (f->progress, double, i - 1));
  g_assert_cmpfloat (g_array_index (f->progress, double, f->progress->len - 1), ==, 1.0);
}

static void
test_a_cancelled_copy_stops (Fixture *f, gconstpointer data)
{
  const guint64 size = 48 * MIB;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (ftruncate (f->src_fd, (off_t) size), ==, 0);
  write_pattern (f->src_fd, 0, size);
  f->cancel_after = 0.1;
  g_assert_false (pvm_pool_copy_data (f->src_fd, f->dst_fd, size, "src.img", on_progress, f,
                                      f->cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped at the next chunk (8 MiB) after the one that passed 10%. */
  g_assert_cmpfloat (g_array_index (f->progress, double, f->progress->len - 1), <, 0.5);
}

static void
test_an_unreadable_source_is_a_sentence (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  int wronly = open (f->src, O_WRONLY | O_CLOEXEC);

  g_assert_cmpint (ftruncate (f->src_fd, MIB), ==, 0);
  write_pattern (f->src_fd, 0, MIB);
  g_assert_false (pvm_pool_copy_data (wronly, f->dst_fd, MIB, "volume 'a' to 'b'", NULL, NULL,
                                      NULL, &error));
  close (wronly);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot copy volume 'a' to 'b': "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/helper/pool-copy/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("data-arrives-intact-holes-stay-holes-and-progress-reaches-one", test_holes_stay_holes);
  ADD ("a-cancelled-copy-stops-at-the-next-chunk", test_a_cancelled_copy_stops);
  ADD ("a-source-that-cannot-be-read-gives-a-sentence", test_an_unreadable_source_is_a_sentence);
#undef ADD
  return g_test_run ();
}

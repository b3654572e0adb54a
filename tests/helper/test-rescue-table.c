/* test-rescue-table.c: what pvmd's rescue finds on a disk before it mounts anything — the
 * partitions of MBR and GPT tables with their offsets and sizes in bytes, a whole disk
 * without a table, the filesystem in each partition — and the sentences for disks it cannot
 * use: empty, missing, truncated, garbage. The images are made in the test (sfdisk, mke2fs,
 * mkswap); nothing is mounted, so this runs as any user. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/pvm-error.h"
#include "hv/helper/rescue.h"
#include "test-rescue-disk.h"

#define SECTOR 512

typedef struct {
  char *dir;
  char *disk;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("pvm-rescue-table-XXXXXX", &error);
  g_assert_no_error (error);
  f->disk = g_build_filename (f->dir, "disk.img", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *argv[] = { "rm", "-rf", f->dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->disk);
  g_free (f->dir);
}

static void
assert_partition (GArray *parts, guint i, guint number, guint64 offset, guint64 size)
{
  g_assert_cmpuint (i, <, parts->len);
  PvmHelperRescuePartition *part = &g_array_index (parts, PvmHelperRescuePartition, i);
  g_assert_cmpuint (part->number, ==, number);
  g_assert_cmpuint (part->offset, ==, offset);
  g_assert_cmpuint (part->size, ==, size);
}

static void
assert_filesystem (const char *path, guint64 offset, guint64 size, const char *type,
                   const char *usage)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *got_usage = NULL;
  g_autofree char *got = pvm_helper_rescue_probe_filesystem (path, offset, size, &got_usage,
                                                             &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, type);
  g_assert_cmpstr (got_usage, ==, usage);
}

static void
test_mbr_gives_two_partitions (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  pvm_test_rescue_make_disk (f->disk, 64 * PVM_TEST_MIB,
                             "label: dos\n"
                             "start=2048, size=40960, type=83\n"
                             "start=45056, size=16384, type=82\n");
  pvm_test_rescue_make_ext4 (f->disk, 2048 * SECTOR, 40960 * SECTOR, NULL);
  pvm_test_rescue_make_swap (f->disk, 45056 * SECTOR, 16384 * SECTOR);

  g_autoptr (GArray) parts = pvm_helper_rescue_find_partitions (f->disk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 2);
  assert_partition (parts, 0, 1, 2048 * SECTOR, 40960 * SECTOR);
  assert_partition (parts, 1, 2, 45056 * SECTOR, 16384 * SECTOR);
  assert_filesystem (f->disk, 2048 * SECTOR, 40960 * SECTOR, "ext4", "filesystem");
  assert_filesystem (f->disk, 45056 * SECTOR, 16384 * SECTOR, "swap", "other");
}

static void
test_mbr_logical_partitions (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  pvm_test_rescue_make_disk (f->disk, 16 * PVM_TEST_MIB,
                             "label: dos\n"
                             "start=2048, size=4096, type=83\n"
                             "start=8192, type=5\n"
                             "start=10240, size=2048, type=83\n"
                             "start=14336, size=4096, type=83\n");

  g_autoptr (GArray) parts = pvm_helper_rescue_find_partitions (f->disk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 3);
  assert_partition (parts, 0, 1, 2048 * SECTOR, 4096 * SECTOR);
  assert_partition (parts, 1, 5, 10240 * SECTOR, 2048 * SECTOR);
  assert_partition (parts, 2, 6, 14336 * SECTOR, 4096 * SECTOR);
}

static void
test_gpt_gives_its_partitions (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  pvm_test_rescue_make_disk (f->disk, 32 * PVM_TEST_MIB,
                             "label: gpt\n"
                             "start=2048, size=4096\n"
                             "start=8192, size=40960\n"
                             "start=51200, size=8192\n");
  pvm_test_rescue_make_ext4 (f->disk, 8192 * SECTOR, 40960 * SECTOR, NULL);

  g_autoptr (GArray) parts = pvm_helper_rescue_find_partitions (f->disk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 3);
  assert_partition (parts, 0, 1, 2048 * SECTOR, 4096 * SECTOR);
  assert_partition (parts, 1, 2, 8192 * SECTOR, 40960 * SECTOR);
  assert_partition (parts, 2, 3, 51200 * SECTOR, 8192 * SECTOR);
  assert_filesystem (f->disk, 8192 * SECTOR, 40960 * SECTOR, "ext4", "filesystem");

  /* The first partition holds nothing. */
  g_autofree char *type = pvm_helper_rescue_probe_filesystem (f->disk, 2048 * SECTOR,
                                                              4096 * SECTOR, NULL, &error);
  g_assert_null (type);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no filesystem"));
}

static void
test_no_table_is_one_whole_filesystem (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  pvm_test_rescue_make_disk (f->disk, 24 * PVM_TEST_MIB, NULL);
  pvm_test_rescue_make_ext4 (f->disk, 0, 24 * PVM_TEST_MIB, NULL);

  g_autoptr (GArray) parts = pvm_helper_rescue_find_partitions (f->disk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 1);
  assert_partition (parts, 0, 0, 0, 24 * PVM_TEST_MIB);
  assert_filesystem (f->disk, 0, 0, "ext4", "filesystem");
}

static void
assert_no_partitions (const char *path, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) parts = pvm_helper_rescue_find_partitions (path, &error);

  g_assert_null (parts);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_truncated_mbr (Fixture *f, gconstpointer data)
{
  pvm_test_rescue_make_disk (f->disk, 64 * PVM_TEST_MIB,
                             "label: dos\n"
                             "start=2048, size=40960, type=83\n"
                             "start=45056, size=40960, type=83\n");
  g_assert_cmpint (truncate (f->disk, 30 * PVM_TEST_MIB), ==, 0);

  assert_no_partitions (f->disk, "is shorter than its partition table says: partition 2 ends "
                                 "at byte 44040192 but the disk has 31457280 bytes");
}

static void
test_truncated_gpt (Fixture *f, gconstpointer data)
{
  pvm_test_rescue_make_disk (f->disk, 32 * PVM_TEST_MIB, "label: gpt\nstart=2048, size=8192\n");
  g_assert_cmpint (truncate (f->disk, 8 * PVM_TEST_MIB), ==, 0);

  assert_no_partitions (f->disk, "has a GPT that cannot be read");
}

static void
test_empty_and_missing_disks (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.img", NULL);

  pvm_test_rescue_make_disk (f->disk, 0, NULL);
  assert_no_partitions (f->disk, "is empty");
  assert_no_partitions (missing, "cannot be read: No such file or directory");
}

/* Garbage has no table: it is one whole disk, where no filesystem is found. */
static void
test_garbage (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint32 words[64 * 1024];

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    words[i] = g_rand_int (rand);
  g_assert_true (g_file_set_contents (f->disk, (char *) words, sizeof words, &error));

  g_autoptr (GArray) parts = pvm_helper_rescue_find_partitions (f->disk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 1);
  assert_partition (parts, 0, 0, 0, sizeof words);

  g_autofree char *type = pvm_helper_rescue_probe_filesystem (f->disk, 0, 0, NULL, &error);
  g_assert_null (type);
  g_assert_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "holds no filesystem that libblkid recognises"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/helper/rescue/table/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("an-mbr-gives-its-two-partitions-with-offsets-sizes-and-filesystems",
       test_mbr_gives_two_partitions);
  ADD ("an-mbr-gives-its-logical-partitions-and-not-the-extended-one",
       test_mbr_logical_partitions);
  ADD ("a-gpt-gives-its-partitions-with-offsets-and-sizes", test_gpt_gives_its_partitions);
  ADD ("a-disk-without-a-table-is-one-whole-filesystem", test_no_table_is_one_whole_filesystem);
  ADD ("a-truncated-mbr-disk-is-refused-with-the-partition-past-its-end", test_truncated_mbr);
  ADD ("a-truncated-gpt-disk-is-refused", test_truncated_gpt);
  ADD ("an-empty-or-missing-disk-is-refused-with-a-sentence", test_empty_and_missing_disks);
  ADD ("garbage-is-a-whole-disk-without-a-filesystem", test_garbage);
#undef ADD
  return g_test_run ();
}

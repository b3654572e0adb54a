/* test-rescue-disk.h: disk images for the rescue tests — sparse files partitioned with
 * sfdisk, with filesystems made by mke2fs and mkswap at the partitions' offsets. Nothing is
 * mounted to make them. Every function fails the test if a tool fails. */
#pragma once

#include <glib.h>

#define PVM_TEST_MIB (G_GUINT64_CONSTANT (1) << 20)

/* Creates @path as a sparse file of @size bytes and, unless @script is NULL, gives it the
 * partition table that sfdisk makes from @script ("label: dos\nstart=2048, size=…\n"). */
void pvm_test_rescue_make_disk (const char *path, guint64 size, const char *script);

/* Makes an ext4 filesystem of @size bytes at byte @offset of @path, holding a copy of the
 * files below @files (or nothing if @files is NULL). */
void pvm_test_rescue_make_ext4 (const char *path, guint64 offset, guint64 size,
                                const char *files);

/* Marks the ext4 filesystem that fills @path (a disk without a table) as needing journal
 * recovery, as a guest that stopped without unmounting it leaves it. */
void pvm_test_rescue_make_dirty (const char *path);

/* Makes a swap area of @size bytes at byte @offset of @path. */
void pvm_test_rescue_make_swap (const char *path, guint64 offset, guint64 size);

/* Returns a new directory below @dir holding one file, @name, with @content; newly
 * allocated. */
char *pvm_test_rescue_make_files (const char *dir, const char *name, const char *content);

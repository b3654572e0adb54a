/* rescue.h: a stopped domain's disks mounted read-only on the host.
 *
 * Each disk's partition table (MBR or GPT, read with libblkid) gives its partitions; a disk
 * without a table is one whole filesystem, partition 0. Each partition gets a loop device of
 * its own (read-only, with the partition's offset and size, cleared by the kernel once
 * unmounted), and a partition holding a filesystem is mounted read-only, without devices,
 * set-uid or execution, and without replaying a journal, at DIRECTORY/<target>/<n>:
 * …/vda/1, …/vda/2, …/vdb/0. Swap and what libblkid does not recognise are skipped, saying
 * so in the log. Mounting needs root.
 *
 * The mounts are the state: a pvmd that restarts finds them in /proc/self/mountinfo again
 * (pvm_helper_rescue_adopt()).
 */
#pragma once

#include <gio/gio.h>

typedef struct {
  const char *target; /* "vda", the directory below the rescue directory */
  const char *path;   /* the disk: a file or a block device */
} PvmHelperRescueDisk;

typedef struct {
  guint number;   /* as in the partition table (from 1); 0 for a disk without one */
  guint64 offset; /* bytes from the start of the disk */
  guint64 size;   /* bytes */
} PvmHelperRescuePartition;

/* What one rescue mounted, and where. */
typedef struct PvmHelperRescue PvmHelperRescue;

/* Reads the partition table of the disk at @path with libblkid. Returns the partitions in
 * table order (a GArray of PvmHelperRescuePartition; extended-partition containers left out),
 * one whole-disk partition 0 if there is no table, or NULL with PVM_ERROR_FAILED and a
 * sentence naming @path: unreadable, empty, an ambiguous table, a GPT that cannot be read, or
 * partitions that reach past its end (a truncated image). Blocks on the disk. */
GArray *pvm_helper_rescue_find_partitions (const char *path, GError **error);

/* Returns the filesystem libblkid finds in the @size bytes (0: to the end) at @offset in the
 * file or block device @path ("ext4", "swap", …; newly allocated), with @usage set to its
 * libblkid usage ("filesystem", "other", …; newly allocated) if @usage is not NULL; or NULL
 * with PVM_ERROR_NOT_FOUND if it finds none, PVM_ERROR_FAILED if it cannot read. Blocks. */
char *pvm_helper_rescue_probe_filesystem (const char *path, guint64 offset, guint64 size,
                                          char **usage, GError **error);

/* Mounts the partitions of @disks below @directory (created 0700, with its parents). Returns
 * the rescue, or NULL with @error, having undone whatever it had done: PVM_ERROR_FAILED and
 * a sentence when a disk cannot be read or attached, or when no partition of any disk holds a
 * filesystem that mounts (the sentence lists what each disk held). Blocks, needs root. */
PvmHelperRescue *pvm_helper_rescue_attach (const char *directory,
                                           const PvmHelperRescueDisk *disks, guint n_disks,
                                           GError **error);

/* Runs pvm_helper_rescue_attach() in a thread (@disks and @directory are copied); the
 * callback runs on the thread-default context. */
void pvm_helper_rescue_attach_async (const char *directory, const PvmHelperRescueDisk *disks,
                                     guint n_disks, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);

/* Returns what pvm_helper_rescue_attach_async() mounted (free it with
 * pvm_helper_rescue_free()), or NULL with @error. */
PvmHelperRescue *pvm_helper_rescue_attach_finish (GAsyncResult *result, GError **error);

/* Unmounts everything @rescue mounted (the kernel then clears the loop devices) and removes
 * the directories it made. If a file below a mount point is in use on the host, nothing is
 * unmounted and it returns FALSE with PVM_ERROR_BUSY naming the mount point; any other
 * failure returns FALSE with PVM_ERROR_FAILED, and @rescue then holds what stays mounted.
 * Returns TRUE once all is gone: @rescue is then empty, to be freed. Blocks. */
gboolean pvm_helper_rescue_release (PvmHelperRescue *rescue, GError **error);

/* Runs pvm_helper_rescue_release() in a thread. @rescue must not be used until the callback,
 * which runs on the thread-default context. */
void pvm_helper_rescue_release_async (PvmHelperRescue *rescue, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);

/* Returns what pvm_helper_rescue_release() returned for pvm_helper_rescue_release_async(). */
gboolean pvm_helper_rescue_release_finish (GAsyncResult *result, GError **error);

/* Returns the rescue whose mounts an earlier pvmd left below @directory (found in
 * /proc/self/mountinfo), or NULL if there are none; empty directories left there are then
 * removed. Reads /proc only; allocates. */
PvmHelperRescue *pvm_helper_rescue_adopt (const char *directory);

/* Returns the directory below which @rescue mounts; owned by @rescue. */
const char *pvm_helper_rescue_get_directory (PvmHelperRescue *rescue);

/* Frees @rescue without unmounting anything (NULL is ignored). */
void pvm_helper_rescue_free (PvmHelperRescue *rescue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmHelperRescue, pvm_helper_rescue_free)

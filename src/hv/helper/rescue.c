/* rescue.c: a stopped domain's disks mounted read-only on the host.
 *
 * Not every host kernel scans the partitions of a loop device, so each partition gets a loop
 * device of its own with the partition's offset and size. The loop devices are read-only
 * (their backing files are opened O_RDONLY too) and autoclear: once the mount that holds one
 * is gone, the kernel detaches it, so unmounting is all that releasing takes.
 *
 * Releasing must not leave half the mounts gone because one of them is in use: a first pass
 * of umount2(MNT_EXPIRE) answers EBUSY for a mount in use and only marks an idle one, and the
 * second pass unmounts.
 */
#include "hv/helper/rescue.h"

#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <linux/loop.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "common/pvm-error.h"

#define RESCUE_SECTOR 512 /* libblkid gives partition starts and sizes in these */
#define RESCUE_LOOP_ATTEMPTS 16
#define RESCUE_MOUNT_FLAGS (MS_RDONLY | MS_NODEV | MS_NOSUID | MS_NOEXEC)

struct PvmHelperRescue {
  char *directory;
  GPtrArray *mount_points; /* char *, in the order they were mounted */
};

/* Options that keep a read-only mount from writing to the disk anyway. */
static const struct {
  const char *type;
  const char *options;
} rescue_mount_options[] = {
  { "ext3", "noload" }, /* no journal replay */
  { "ext4", "noload" },
};

static PvmHelperRescue *
rescue_new (const char *directory)
{
  PvmHelperRescue *rescue = g_new0 (PvmHelperRescue, 1);

  rescue->directory = g_strdup (directory);
  rescue->mount_points = g_ptr_array_new_with_free_func (g_free);
  return rescue;
}

void
pvm_helper_rescue_free (PvmHelperRescue *rescue)
{
  if (!rescue)
    return;
  g_ptr_array_unref (rescue->mount_points);
  g_free (rescue->directory);
  g_free (rescue);
}

const char *
pvm_helper_rescue_get_directory (PvmHelperRescue *rescue)
{
  return rescue->directory;
}

/* ---- libblkid ---- */

typedef struct blkid_struct_probe RescueProbe;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RescueProbe, blkid_free_probe)

static blkid_probe
rescue_new_probe (int fd, const char *what, guint64 offset, guint64 size, GError **error)
{
  blkid_probe probe;

  errno = 0;
  probe = blkid_new_probe ();
  if (!probe || blkid_probe_set_device (probe, fd, offset, size) != 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s cannot be probed: %s", what,
                 g_strerror (errno ? errno : EIO));
    if (probe)
      blkid_free_probe (probe);
    return NULL;
  }
  return probe;
}

/* The partitions of the disk open on @fd. */
static GArray *
rescue_read_table (int fd, const char *path, GError **error)
{
  g_autofree char *what = g_strdup_printf ("Disk %s", path);
  g_autoptr (RescueProbe) probe = rescue_new_probe (fd, what, 0, 0, error);

  if (!probe)
    return NULL;
  blkid_loff_t disk_size = blkid_probe_get_size (probe);
  if (disk_size <= 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Disk %s is empty", path);
    return NULL;
  }
  blkid_probe_enable_superblocks (probe, FALSE);
  blkid_probe_enable_partitions (probe, TRUE);
  int rc = blkid_do_safeprobe (probe);
  if (rc == -2) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Disk %s has more than one kind of partition table", path);
    return NULL;
  }
  if (rc < 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Disk %s cannot be read", path);
    return NULL;
  }

  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (PvmHelperRescuePartition));
  if (rc == 1) {
    PvmHelperRescuePartition whole = { .number = 0, .offset = 0, .size = disk_size };
    g_array_append_val (parts, whole);
    return g_steal_pointer (&parts);
  }

  const char *table = NULL;
  if (blkid_probe_lookup_value (probe, "PTTYPE", &table, NULL) == 0 &&
      strcmp (table, "PMBR") == 0) {
    /* libblkid found the MBR that protects a GPT but no valid GPT header, nor its backup at
     * the end of the disk. */
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Disk %s has a GPT that cannot be read: it is damaged or the disk is truncated",
                 path);
    return NULL;
  }

  blkid_partlist list = blkid_probe_get_partitions (probe);
  int n = list ? blkid_partlist_numof_partitions (list) : -1;
  if (n < 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Disk %s has a partition table that cannot be read", path);
    return NULL;
  }
  for (int i = 0; i < n; i++) {
    blkid_partition par = blkid_partlist_get_partition (list, i);
    if (!par)
      continue;
    blkid_loff_t start = blkid_partition_get_start (par);
    blkid_loff_t sectors = blkid_partition_get_size (par);
    int number = blkid_partition_get_partno (par);
    if (start < 0 || sectors <= 0 || number <= 0) {
      g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                   "Disk %s has a partition table with a broken entry", path);
      return NULL;
    }
    PvmHelperRescuePartition part = {
      .number = number,
      .offset = (guint64) start * RESCUE_SECTOR,
      .size = (guint64) sectors * RESCUE_SECTOR,
    };
    if (part.offset + part.size > (guint64) disk_size) {
      g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                   "Disk %s is shorter than its partition table says: partition %u ends at "
                   "byte %" G_GUINT64_FORMAT " but the disk has %" G_GUINT64_FORMAT " bytes",
                   path, part.number, part.offset + part.size, (guint64) disk_size);
      return NULL;
    }
    if (!blkid_partition_is_extended (par)) /* only a container of logical partitions */
      g_array_append_val (parts, part);
  }
  return g_steal_pointer (&parts);
}

GArray *
pvm_helper_rescue_find_partitions (const char *path, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0) {
    int saved = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Disk %s cannot be read: %s", path,
                 g_strerror (saved));
    return NULL;
  }
  GArray *parts = rescue_read_table (fd, path, error);
  close (fd);
  return parts;
}

/* The filesystem in the given range of @fd; @what names it in errors. */
static char *
rescue_probe_fd (int fd, const char *what, guint64 offset, guint64 size, char **usage,
                 GError **error)
{
  g_autoptr (RescueProbe) probe = rescue_new_probe (fd, what, offset, size, error);
  const char *type = NULL, *use = NULL;

  if (!probe)
    return NULL;
  blkid_probe_enable_partitions (probe, FALSE);
  blkid_probe_enable_superblocks (probe, TRUE);
  blkid_probe_set_superblocks_flags (probe, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE);
  int rc = blkid_do_safeprobe (probe);
  if (rc == -2) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                 "%s has the signatures of more than one filesystem", what);
    return NULL;
  }
  if (rc < 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s cannot be read", what);
    return NULL;
  }
  if (rc == 1 || blkid_probe_lookup_value (probe, "TYPE", &type, NULL) != 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND,
                 "%s holds no filesystem that libblkid recognises", what);
    return NULL;
  }
  if (usage) {
    if (blkid_probe_lookup_value (probe, "USAGE", &use, NULL) != 0)
      use = "";
    *usage = g_strdup (use);
  }
  return g_strdup (type);
}

char *
pvm_helper_rescue_probe_filesystem (const char *path, guint64 offset, guint64 size,
                                    char **usage, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0) {
    int saved = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s cannot be read: %s", path,
                 g_strerror (saved));
    return NULL;
  }
  char *type = rescue_probe_fd (fd, path, offset, size, usage, error);
  close (fd);
  return type;
}

/* ---- loop devices ---- */

static gboolean
rescue_loop_configure (int loop_fd, int backing_fd, const struct loop_info64 *info,
                       int *saved_errno)
{
  struct loop_config config = { .fd = backing_fd, .info = *info };

  if (ioctl (loop_fd, LOOP_CONFIGURE, &config) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOTTY) {
    *saved_errno = errno;
    return FALSE;
  }
  /* A kernel older than 5.8: the same in two steps. */
  if (ioctl (loop_fd, LOOP_SET_FD, backing_fd) != 0) {
    *saved_errno = errno;
    return FALSE;
  }
  if (ioctl (loop_fd, LOOP_SET_STATUS64, info) != 0) {
    *saved_errno = errno;
    ioctl (loop_fd, LOOP_CLR_FD, 0);
    return FALSE;
  }
  return TRUE;
}

/* Attaches a read-only, autoclearing loop device to @size bytes at @offset of @backing_fd.
 * Returns the loop device open read-only (its path in @loop_path), or -1 with @error. */
static int
rescue_loop_attach (int backing_fd, const char *backing_path, guint64 offset, guint64 size,
                    char **loop_path, GError **error)
{
  struct loop_info64 info = {
    .lo_offset = offset,
    .lo_sizelimit = size,
    .lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR,
  };
  int saved = 0;
  int control = open ("/dev/loop-control", O_RDWR | O_CLOEXEC);

  if (control < 0) {
    saved = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "/dev/loop-control cannot be opened: %s",
                 g_strerror (saved));
    return -1;
  }
  g_strlcpy ((char *) info.lo_file_name, backing_path, LO_NAME_SIZE);

  /* Another process may take the free device first: then ask again. */
  for (int attempt = 0; attempt < RESCUE_LOOP_ATTEMPTS; attempt++) {
    int n = ioctl (control, LOOP_CTL_GET_FREE);
    if (n < 0) {
      saved = errno;
      break;
    }
    g_autofree char *path = g_strdup_printf ("/dev/loop%d", n);
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      saved = errno;
      break;
    }
    if (rescue_loop_configure (fd, backing_fd, &info, &saved)) {
      close (control);
      *loop_path = g_steal_pointer (&path);
      return fd;
    }
    close (fd);
    if (saved != EBUSY)
      break;
  }
  close (control);
  g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "No loop device can be attached to %s: %s",
               backing_path, g_strerror (saved ? saved : EBUSY));
  return -1;
}

/* ---- mounting ---- */

/* Removes the directories below @directory (two levels: <target>/<n>) and @directory, where
 * they are empty and not mount points; rmdir only, so nothing mounted is ever touched. */
static void
rescue_remove_directories (const char *directory)
{
  g_autoptr (GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree char *target = g_build_filename (directory, name, NULL);
    g_autoptr (GDir) sub = g_dir_open (target, 0, NULL);
    const char *n;
    while (sub && (n = g_dir_read_name (sub))) {
      g_autofree char *point = g_build_filename (target, n, NULL);
      g_rmdir (point);
    }
    g_rmdir (target);
  }
  g_rmdir (directory);
}

static const char *
rescue_options_for (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (rescue_mount_options); i++)
    if (strcmp (rescue_mount_options[i].type, type) == 0)
      return rescue_mount_options[i].options;
  return NULL;
}

/* Mounts partition @part of @disk (open on @disk_fd) at DIRECTORY/<target>/<n>. Returns
 * FALSE with @error if the partition cannot be reached at all; a partition reached but not
 * mounted (no filesystem, swap, a mount that fails) is noted in @skipped and logged. */
static gboolean
rescue_mount_partition (PvmHelperRescue *rescue, const PvmHelperRescueDisk *disk, int disk_fd,
                        const PvmHelperRescuePartition *part, GString *skipped, GError **error)
{
  g_autofree char *number = g_strdup_printf ("%u", part->number);
  g_autofree char *name = g_strconcat (disk->target, "/", number, NULL);
  g_autofree char *loop_path = NULL, *usage = NULL, *type = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *why = NULL;

  int loop_fd = rescue_loop_attach (disk_fd, disk->path, part->offset, part->size, &loop_path,
                                    error);
  if (loop_fd < 0)
    return FALSE;

  g_autofree char *what = g_strdup_printf ("Partition %s (%s)", name, loop_path);
  type = rescue_probe_fd (loop_fd, what, 0, 0, &usage, &local);
  if (!type && local->code == PVM_ERROR_FAILED) {
    close (loop_fd);
    g_propagate_error (error, g_steal_pointer (&local));
    return FALSE;
  }

  if (!type) {
    why = g_strdup ("no filesystem that libblkid recognises");
  } else if (strcmp (usage, "filesystem") != 0) {
    why = g_strdup_printf ("%s, not a filesystem", type);
  } else {
    g_autofree char *target_dir = g_build_filename (rescue->directory, disk->target, NULL);
    g_autofree char *point = g_build_filename (target_dir, number, NULL);
    if (g_mkdir_with_parents (target_dir, 0700) != 0 ||
        (g_mkdir (point, 0700) != 0 && errno != EEXIST)) {
      int saved = errno;
      close (loop_fd);
      g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s cannot be made: %s", point,
                   g_strerror (saved));
      return FALSE;
    }
    if (mount (loop_path, point, type, RESCUE_MOUNT_FLAGS, rescue_options_for (type)) == 0) {
      g_message ("Rescue: mounted %s (%s at byte %" G_GUINT64_FORMAT " of %s, %s) at %s", name,
                 type, part->offset, disk->path, loop_path, point);
      g_ptr_array_add (rescue->mount_points, g_steal_pointer (&point));
    } else {
      why = g_strdup_printf ("%s that does not mount: %s", type, g_strerror (errno));
      g_rmdir (point);
    }
  }
  /* Mounted, the loop device lives as long as the mount; otherwise it goes now. */
  close (loop_fd);

  if (why) {
    g_message ("Rescue: skipping %s of %s: %s", name, disk->path, why);
    g_string_append_printf (skipped, "%s%s holds %s", skipped->len ? "; " : "", name, why);
  }
  return TRUE;
}

static gboolean
rescue_mount_disk (PvmHelperRescue *rescue, const PvmHelperRescueDisk *disk, GString *skipped,
                   GError **error)
{
  int fd = open (disk->path, O_RDONLY | O_CLOEXEC);

  if (fd < 0) {
    int saved = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Disk %s (%s) cannot be read: %s",
                 disk->target, disk->path, g_strerror (saved));
    return FALSE;
  }
  g_autoptr (GArray) parts = rescue_read_table (fd, disk->path, error);
  gboolean ok = parts != NULL;
  if (parts && parts->len == 0)
    g_string_append_printf (skipped, "%s%s has an empty partition table",
                            skipped->len ? "; " : "", disk->target);
  for (guint i = 0; ok && parts && i < parts->len; i++)
    ok = rescue_mount_partition (rescue, disk,
                                 fd, &g_array_index (parts, PvmHelperRescuePartition, i),
                                 skipped, error);
  close (fd);
  return ok;
}

/* Unmounts whatever is left at once (nothing can be using a mount this young), for an attach
 * that failed halfway. */
static void
rescue_undo (PvmHelperRescue *rescue)
{
  for (guint i = rescue->mount_points->len; i-- > 0;) {
    const char *point = rescue->mount_points->pdata[i];
    if (umount2 (point, UMOUNT_NOFOLLOW) != 0 && umount2 (point, MNT_DETACH) != 0)
      g_warning ("Rescue: %s cannot be unmounted: %s", point, g_strerror (errno));
  }
  g_ptr_array_set_size (rescue->mount_points, 0);
  rescue_remove_directories (rescue->directory);
}

PvmHelperRescue *
pvm_helper_rescue_attach (const char *directory, const PvmHelperRescueDisk *disks,
                          guint n_disks, GError **error)
{
  g_autoptr (PvmHelperRescue) rescue = rescue_new (directory);
  g_autoptr (GString) skipped = g_string_new ("");

  if (n_disks == 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "it has no disk");
    return NULL;
  }
  rescue_remove_directories (directory); /* what an earlier rescue may have left empty */
  if (g_mkdir_with_parents (directory, 0700) != 0) {
    int saved = errno;
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s cannot be made: %s", directory,
                 g_strerror (saved));
    return NULL;
  }
  for (guint i = 0; i < n_disks; i++)
    if (!rescue_mount_disk (rescue, &disks[i], skipped, error)) {
      rescue_undo (rescue);
      return NULL;
    }
  if (rescue->mount_points->len == 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "no partition of its disks holds a filesystem that mounts (%s)", skipped->str);
    rescue_undo (rescue);
    return NULL;
  }
  return g_steal_pointer (&rescue);
}

gboolean
pvm_helper_rescue_release (PvmHelperRescue *rescue, GError **error)
{
  GPtrArray *points = rescue->mount_points;

  /* Mark every mount, or find one in use before anything is unmounted. */
  for (guint i = 0; i < points->len;) {
    const char *point = points->pdata[i];
    if (umount2 (point, MNT_EXPIRE | UMOUNT_NOFOLLOW) == 0 || errno == EINVAL) {
      g_ptr_array_remove_index (points, i); /* marked before, or not mounted any more */
      continue;
    }
    if (errno == EBUSY) {
      g_set_error (error, PVM_ERROR, PVM_ERROR_BUSY,
                   "%s is in use on the host: close what uses it first", point);
      return FALSE;
    }
    if (errno != EAGAIN) {
      int saved = errno;
      g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s cannot be unmounted: %s", point,
                   g_strerror (saved));
      return FALSE;
    }
    i++;
  }
  while (points->len > 0) {
    const char *point = points->pdata[points->len - 1];
    if (umount2 (point, UMOUNT_NOFOLLOW) != 0 && errno != EINVAL) {
      int saved = errno;
      g_set_error (error, PVM_ERROR, saved == EBUSY ? PVM_ERROR_BUSY : PVM_ERROR_FAILED,
                   "%s cannot be unmounted: %s", point, g_strerror (saved));
      return FALSE;
    }
    g_message ("Rescue: unmounted %s", point);
    g_ptr_array_remove_index (points, points->len - 1);
  }
  rescue_remove_directories (rescue->directory);
  return TRUE;
}

PvmHelperRescue *
pvm_helper_rescue_adopt (const char *directory)
{
  g_autoptr (PvmHelperRescue) rescue = rescue_new (directory);
  g_autofree char *prefix = g_strconcat (directory, "/", NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/self/mountinfo", &text, NULL, NULL)) {
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
      g_auto (GStrv) fields = g_strsplit (lines[i], " ", 6);
      if (g_strv_length (fields) < 6)
        continue;
      g_autofree char *point = g_strcompress (fields[4]); /* octal escapes: \040 */
      if (g_str_has_prefix (point, prefix))
        g_ptr_array_add (rescue->mount_points, g_steal_pointer (&point));
    }
  }
  if (rescue->mount_points->len == 0) {
    rescue_remove_directories (directory);
    return NULL;
  }
  for (guint i = 0; i < rescue->mount_points->len; i++)
    g_message ("Rescue: found %s still mounted", (char *) rescue->mount_points->pdata[i]);
  return g_steal_pointer (&rescue);
}

/* ---- in a thread ---- */

typedef struct {
  char *directory;
  GArray *disks; /* PvmHelperRescueDisk, the strings owned */
} RescueAttach;

static void
rescue_attach_free (gpointer data)
{
  RescueAttach *attach = data;

  for (guint i = 0; i < attach->disks->len; i++) {
    PvmHelperRescueDisk *disk = &g_array_index (attach->disks, PvmHelperRescueDisk, i);
    g_free ((char *) disk->target);
    g_free ((char *) disk->path);
  }
  g_array_unref (attach->disks);
  g_free (attach->directory);
  g_free (attach);
}

static void
rescue_attach_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RescueAttach *attach = data;
  GError *error = NULL;
  PvmHelperRescue *rescue = pvm_helper_rescue_attach (
    attach->directory, (PvmHelperRescueDisk *) attach->disks->data, attach->disks->len, &error);

  if (rescue)
    g_task_return_pointer (task, rescue, (GDestroyNotify) pvm_helper_rescue_free);
  else
    g_task_return_error (task, error);
}

void
pvm_helper_rescue_attach_async (const char *directory, const PvmHelperRescueDisk *disks,
                                guint n_disks, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RescueAttach *attach = g_new0 (RescueAttach, 1);

  attach->directory = g_strdup (directory);
  attach->disks = g_array_sized_new (FALSE, FALSE, sizeof (PvmHelperRescueDisk), n_disks);
  for (guint i = 0; i < n_disks; i++) {
    PvmHelperRescueDisk copy = { g_strdup (disks[i].target), g_strdup (disks[i].path) };
    g_array_append_val (attach->disks, copy);
  }
  g_task_set_source_tag (task, pvm_helper_rescue_attach_async);
  g_task_set_task_data (task, attach, rescue_attach_free);
  g_task_run_in_thread (task, rescue_attach_thread);
}

PvmHelperRescue *
pvm_helper_rescue_attach_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rescue_release_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (pvm_helper_rescue_release (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pvm_helper_rescue_release_async (PvmHelperRescue *rescue, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pvm_helper_rescue_release_async);
  g_task_set_task_data (task, rescue, NULL);
  g_task_run_in_thread (task, rescue_release_thread);
}

gboolean
pvm_helper_rescue_release_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* pool-dir.c: a directory pool's volumes — sparse raw files. */
#include "hv/helper/pool-dir.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h> /* renameat2 */
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "common/pvm-error.h"

static gboolean system_error (GError **error, int err, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* Sets PVM_ERROR_FAILED: the formatted text, ": ", and what errno @err says. */
static gboolean
system_error (GError **error, int err, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s: %s", what, g_strerror (err));
  return FALSE;
}

static const char *
pool_name (PvmPoolConfig *config)
{
  return pvm_pool_config_get_name (config);
}

gboolean
pvm_pool_dir_prepare (PvmPoolConfig *config, GError **error)
{
  const char *dir = pvm_pool_config_get_target (config);

  if (g_mkdir_with_parents (dir, 0755) < 0)
    return system_error (error, errno, "Cannot create the directory %s of pool '%s'", dir,
                         pool_name (config));
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s, the target of pool '%s', is not a "
                 "directory", dir, pool_name (config));
    return FALSE;
  }
  return TRUE;
}

char *
pvm_pool_dir_volume_path (PvmPoolConfig *config, const char *name)
{
  return g_build_filename (pvm_pool_config_get_target (config), name, NULL);
}

static PvmPoolVolume *
volume_from_stat (const char *name, const char *path, const struct stat *st)
{
  return pvm_pool_volume_new (name, path, (guint64) st->st_size, (guint64) st->st_blocks * 512);
}

GPtrArray *
pvm_pool_dir_list (PvmPoolConfig *config, GError **error)
{
  const char *dir = pvm_pool_config_get_target (config);
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) handle = g_dir_open (dir, 0, &local);
  const char *name;

  if (!handle) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot list pool '%s': %s",
                 pool_name (config), local->message);
    return NULL;
  }
  GPtrArray *volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) pvm_pool_volume_free);
  while ((name = g_dir_read_name (handle))) {
    g_autofree char *path = g_build_filename (dir, name, NULL);
    struct stat st;
    if (pvm_pool_volume_check_name (pool_name (config), name, NULL) &&
        lstat (path, &st) == 0 && S_ISREG (st.st_mode))
      g_ptr_array_add (volumes, volume_from_stat (name, path, &st));
  }
  pvm_pool_volume_sort (volumes);
  return volumes;
}

PvmPoolVolume *
pvm_pool_dir_find (PvmPoolConfig *config, const char *name, GError **error)
{
  g_autofree char *path = pvm_pool_dir_volume_path (config, name);
  struct stat st;

  int found = lstat (path, &st) == 0;

  if (!found && errno != ENOENT) {
    system_error (error, errno, "Cannot read volume '%s' of pool '%s'", name,
                  pool_name (config));
    return NULL;
  }
  if (!found || !S_ISREG (st.st_mode)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND, "Pool '%s' has no volume '%s'",
                 pool_name (config), name);
    return NULL;
  }
  return volume_from_stat (name, path, &st);
}

/* Creates the sparse file @path of @capacity bytes for the volume @name (O_EXCL). */
static char *
dir_create_file (PvmPoolConfig *config, const char *name, const char *path, guint64 capacity,
                 GError **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0 && errno == EEXIST) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Pool '%s' already has a volume or file named '%s'", pool_name (config), name);
    return NULL;
  }
  if (fd < 0) {
    system_error (error, errno, "Cannot create volume '%s' in pool '%s'", name,
                  pool_name (config));
    return NULL;
  }
  if (ftruncate (fd, (off_t) capacity) < 0 || fsync (fd) < 0) {
    int err = errno;
    close (fd);
    g_unlink (path);
    system_error (error, err, "Cannot make volume '%s' of pool '%s' %" G_GUINT64_FORMAT
                  " bytes long", name, pool_name (config), capacity);
    return NULL;
  }
  close (fd);
  return g_strdup (path);
}

char *
pvm_pool_dir_create (PvmPoolConfig *config, const char *name, guint64 capacity, GError **error)
{
  g_autofree char *path = pvm_pool_dir_volume_path (config, name);

  return dir_create_file (config, name, path, capacity, error);
}

static char *
dir_partial_path (PvmPoolConfig *config, const char *name)
{
  g_autofree char *partial = g_strconcat (PVM_POOL_VOLUME_PARTIAL_PREFIX, name, NULL);

  return pvm_pool_dir_volume_path (config, partial);
}

char *
pvm_pool_dir_create_partial (PvmPoolConfig *config, const char *name, guint64 capacity,
                             GError **error)
{
  g_autofree char *path = dir_partial_path (config, name);

  if (g_unlink (path) < 0 && errno != ENOENT) {
    system_error (error, errno, "Cannot remove the partial copy %s in pool '%s'", path,
                  pool_name (config));
    return NULL;
  }
  return dir_create_file (config, name, path, capacity, error);
}

/* Syncs the pool's directory, so that a rename in it is durable. */
static gboolean
dir_sync (PvmPoolConfig *config, GError **error)
{
  int fd = open (pvm_pool_config_get_target (config), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) < 0) {
    int err = errno;
    if (fd >= 0)
      close (fd);
    return system_error (error, err, "Cannot sync the directory of pool '%s'",
                         pool_name (config));
  }
  close (fd);
  return TRUE;
}

char *
pvm_pool_dir_commit_partial (PvmPoolConfig *config, const char *name, GError **error)
{
  g_autofree char *partial = dir_partial_path (config, name);
  g_autofree char *path = pvm_pool_dir_volume_path (config, name);
  int r = renameat2 (AT_FDCWD, partial, AT_FDCWD, path, RENAME_NOREPLACE);

  /* A file system without RENAME_NOREPLACE: link() never replaces either. */
  if (r < 0 && errno == EINVAL && (r = link (partial, path)) == 0)
    g_unlink (partial);
  if (r < 0 && errno == EEXIST) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Pool '%s' already has a volume or file named '%s'", pool_name (config), name);
    return NULL;
  }
  if (r < 0) {
    system_error (error, errno, "Cannot name the copy '%s' in pool '%s'", name,
                  pool_name (config));
    return NULL;
  }
  if (!dir_sync (config, error))
    return NULL;
  return g_steal_pointer (&path);
}

guint
pvm_pool_dir_remove_partials (PvmPoolConfig *config)
{
  const char *dir = pvm_pool_config_get_target (config);
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint removed = 0;

  while (handle && (name = g_dir_read_name (handle))) {
    if (!g_str_has_prefix (name, PVM_POOL_VOLUME_PARTIAL_PREFIX))
      continue;
    g_autofree char *path = g_build_filename (dir, name, NULL);
    if (g_unlink (path) < 0) {
      g_warning ("Cannot remove the partial copy %s in pool '%s': %s", path,
                 pool_name (config), g_strerror (errno));
      continue;
    }
    g_message ("Removed the partial copy %s in pool '%s': a copy was cut short", path,
               pool_name (config));
    removed++;
  }
  return removed;
}

gboolean
pvm_pool_dir_resize (PvmPoolConfig *config, const char *name, guint64 capacity, GError **error)
{
  g_autoptr (PvmPoolVolume) volume = pvm_pool_dir_find (config, name, error);

  if (!volume)
    return FALSE;
  if (capacity < volume->capacity) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Volume '%s' of pool '%s' has %" G_GUINT64_FORMAT " bytes and cannot shrink "
                 "to %" G_GUINT64_FORMAT ": that would cut off what the guest wrote at the end",
                 name, pool_name (config), volume->capacity, capacity);
    return FALSE;
  }
  if (truncate (volume->path, (off_t) capacity) < 0)
    return system_error (error, errno, "Cannot grow volume '%s' of pool '%s'", name,
                         pool_name (config));
  return TRUE;
}

gboolean
pvm_pool_dir_delete (PvmPoolConfig *config, const char *name, GError **error)
{
  g_autoptr (PvmPoolVolume) volume = pvm_pool_dir_find (config, name, error);

  if (!volume)
    return FALSE;
  if (g_unlink (volume->path) < 0)
    return system_error (error, errno, "Cannot delete volume '%s' of pool '%s'", name,
                         pool_name (config));
  return TRUE;
}

gboolean
pvm_pool_dir_space (PvmPoolConfig *config, guint64 *capacity, guint64 *available,
                    GError **error)
{
  struct statvfs st;

  if (statvfs (pvm_pool_config_get_target (config), &st) < 0)
    return system_error (error, errno, "Cannot read the free space of pool '%s'",
                         pool_name (config));
  *capacity = (guint64) st.f_blocks * st.f_frsize;
  *available = (guint64) st.f_bavail * st.f_frsize;
  return TRUE;
}

/* pool-dir.c: a directory pool's volumes — sparse raw files. */
#include "hv/helper/pool-dir.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
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

char *
pvm_pool_dir_create (PvmPoolConfig *config, const char *name, guint64 capacity, GError **error)
{
  g_autofree char *path = pvm_pool_dir_volume_path (config, name);
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
  return g_steal_pointer (&path);
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

/* pool-volume.c: volumes as pvmd lists them; their names and sizes. */
#include "hv/helper/pool-volume.h"

#include <string.h>

#include "common/pvm-error.h"

#define VOLUME_MAX_CAPACITY (G_GUINT64_CONSTANT (1) << 62)

PvmPoolVolume *
pvm_pool_volume_new (const char *name, const char *path, guint64 capacity, guint64 allocation)
{
  PvmPoolVolume *volume = g_new0 (PvmPoolVolume, 1);

  volume->name = g_strdup (name);
  volume->path = g_strdup (path);
  volume->capacity = capacity;
  volume->allocation = allocation;
  return volume;
}

void
pvm_pool_volume_free (PvmPoolVolume *volume)
{
  if (!volume)
    return;
  g_free (volume->name);
  g_free (volume->path);
  g_free (volume);
}

gboolean
pvm_pool_volume_check_name (const char *pool, const char *name, GError **error)
{
  gsize len = strlen (name);
  gboolean ok = len >= 1 && len <= PVM_POOL_VOLUME_MAX_NAME && name[0] != '.' && name[0] != '-';

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_isalnum (name[i]) || strchr ("._+-", name[i]);
  if (!ok) {
    g_autofree char *shown = g_utf8_make_valid (name, -1);
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "“%s” cannot name a volume in pool '%s': a name is 1 to %d characters of "
                 "A-Z, a-z, 0-9, “.”, “_”, “+” and “-”, not starting with “.” or “-”",
                 shown, pool, PVM_POOL_VOLUME_MAX_NAME);
  }
  return ok;
}

gboolean
pvm_pool_volume_round_capacity (const char *name, guint64 capacity, guint64 *rounded,
                                GError **error)
{
  if (capacity == 0 || capacity > VOLUME_MAX_CAPACITY) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Volume '%s' cannot have %" G_GUINT64_FORMAT " bytes: a size is 1 MiB to "
                 "4 EiB", name, capacity);
    return FALSE;
  }
  *rounded = (capacity + PVM_POOL_VOLUME_UNIT - 1) / PVM_POOL_VOLUME_UNIT * PVM_POOL_VOLUME_UNIT;
  return TRUE;
}

static int
compare_volumes (gconstpointer a, gconstpointer b)
{
  const PvmPoolVolume *va = *(PvmPoolVolume *const *) a;
  const PvmPoolVolume *vb = *(PvmPoolVolume *const *) b;

  return strcmp (va->name, vb->name);
}

void
pvm_pool_volume_sort (GPtrArray *volumes)
{
  g_ptr_array_sort (volumes, compare_volumes);
}

GVariant *
pvm_pool_volume_list_to_variant (GPtrArray *volumes)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sstt)"));
  for (guint i = 0; i < volumes->len; i++) {
    PvmPoolVolume *v = volumes->pdata[i];
    g_variant_builder_add (&builder, "(sstt)", v->name, v->path, v->capacity, v->allocation);
  }
  return g_variant_builder_end (&builder);
}

/* domain-clone.c: Domain.Clone — a copy of a stopped domain under a new name.
 *
 * The handler checks what it can at once (the domain is stopped, the name is good and free,
 * every writable disk is a pool volume whose copy can have a good name) and then reserves the
 * volumes one after the other (pvm_helper_pool_reserve_async(): each exists, no job or running
 * domain uses it, the new name is free); only then does it start the job and answer with its
 * path. The job copies the volumes one after the other, each one part of its progress, and
 * defines the new domain once all are complete. A failure or a cancel releases what is still
 * reserved and deletes the copies made so far before the job finishes, so that nothing of
 * the clone stays.
 */
#include "hv/helper/domain-private.h"

#include <string.h>

#include "hv/helper/daemon.h"
#include "hv/helper/pool-manager.h"

/* One disk of the domain. */
typedef struct {
  PvmHelperPool *pool;     /* NULL: a read-only disk outside the pools, shared as it is */
  char *volume, *new_volume;
  PvmPoolVolume *source;   /* once reserved */
  char *new_path;          /* once copied */
} CloneDisk;

typedef struct {
  PvmHelperDomain *domain;
  PvmDomainConfig *config;           /* the domain's definition when Clone was called */
  GDBusMethodInvocation *invocation; /* until the job starts */
  char *name, *uuid;                 /* the new domain's; @uuid NULL for a random one */
  CloneDisk disks[PVM_DOMAIN_MAX_DISKS];
  guint n_disks, n_copies;
  guint next;                        /* the disk being reserved, copied or deleted */
  PvmHelperJob *job;
  GError *error;                     /* why it failed, while its copies are deleted */
} Clone;

static void
clone_free (Clone *c)
{
  for (guint i = 0; i < c->n_disks; i++) {
    g_clear_object (&c->disks[i].pool);
    g_free (c->disks[i].volume);
    g_free (c->disks[i].new_volume);
    pvm_pool_volume_free (c->disks[i].source);
    g_free (c->disks[i].new_path);
  }
  g_object_unref (c->domain);
  g_object_unref (c->config);
  g_clear_object (&c->invocation);
  g_free (c->name);
  g_free (c->uuid);
  g_clear_object (&c->job);
  g_clear_error (&c->error);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clone, clone_free)

static const char *
clone_source_name (Clone *c)
{
  return pvm_domain_config_get_name (c->config);
}

gboolean
_pvm_helper_domain_refuse_while_cloned (PvmHelperDomain *domain,
                                        GDBusMethodInvocation *invocation, const char *what)
{
  if (!domain->cloning)
    return FALSE;
  g_autofree char *sentence = g_strdup_printf ("is being cloned: %s once the clone is done or "
                                               "cancelled", what);
  return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY, sentence);
}

/* ---- the end ---- */

/* Ends the clone: the job (if it started) finishes with c->error, the domain is free again. */
static void
clone_end (Clone *c)
{
  PvmHelperDomain *domain = c->domain;

  domain->cloning = FALSE;
  if (c->job) {
    pvm_helper_job_finish (c->job, c->error);
    _pvm_helper_domain_set_job (domain, NULL);
  } else {
    g_dbus_method_invocation_return_gerror (c->invocation, c->error);
  }
  clone_free (c);
}

static void clone_delete_next (Clone *c);

static void
clone_on_deleted (GObject *source, GAsyncResult *result, gpointer data)
{
  Clone *c = data;
  g_autoptr (GError) error = NULL;

  if (!pvm_helper_pool_delete_finish (PVM_HELPER_POOL (source), result, &error))
    g_warning ("The copy %s made for the clone '%s' stays: %s",
               c->disks[c->next].new_path, c->name, error->message);
  c->next++;
  clone_delete_next (c);
}

/* Deletes the copies made, from disk c->next on; then ends the clone. */
static void
clone_delete_next (Clone *c)
{
  while (c->next < c->n_disks && !c->disks[c->next].new_path)
    c->next++;
  if (c->next == c->n_disks) {
    clone_end (c);
    return;
  }
  pvm_helper_pool_delete_async (c->disks[c->next].pool, c->disks[c->next].new_volume,
                                clone_on_deleted, c);
}

/* Gives up with @error (taken): releases the volumes still reserved, deletes the copies. */
static void
clone_fail (Clone *c, GError *error)
{
  c->error = error;
  for (guint i = 0; i < c->n_disks; i++) {
    CloneDisk *disk = &c->disks[i];
    if (disk->source && !disk->new_path)
      pvm_helper_pool_release (disk->pool, disk->volume, disk->new_volume);
    g_clear_pointer (&disk->source, pvm_pool_volume_free);
  }
  c->next = 0;
  clone_delete_next (c);
}

/* ---- defining the copy ---- */

static void
clone_define (Clone *c)
{
  const char *paths[PVM_DOMAIN_MAX_DISKS];
  GError *error = NULL;

  for (guint i = 0; i < c->n_disks; i++)
    paths[i] = c->disks[i].new_path;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_clone (c->config, c->name, c->uuid,
                                                                    paths, &error);
  g_autofree char *xml = config ? pvm_domain_config_to_xml (config) : NULL;
  g_autofree char *path = xml ? pvm_helper_daemon_define (c->domain->daemon, xml, &error) : NULL;

  if (!path) {
    clone_fail (c, error);
    return;
  }
  g_message ("Domain '%s' is a clone of '%s'", c->name, clone_source_name (c));
  clone_end (c);
}

/* ---- copying ---- */

static void clone_copy_next (Clone *c);

static void
clone_on_copied (GObject *source, GAsyncResult *result, gpointer data)
{
  Clone *c = data;
  CloneDisk *disk = &c->disks[c->next];
  GError *error = NULL;

  disk->new_path = pvm_helper_pool_copy_finish (PVM_HELPER_POOL (source), result, &error);
  g_clear_pointer (&disk->source, pvm_pool_volume_free); /* the copy ended its reservation */
  if (!disk->new_path) {
    clone_fail (c, error);
    return;
  }
  c->next++;
  clone_copy_next (c);
}

/* Copies the reserved volumes from disk c->next on, one part of the job each; then defines
 * the copy. */
static void
clone_copy_next (Clone *c)
{
  GError *error = NULL;
  guint part = 0;

  while (c->next < c->n_disks && !c->disks[c->next].source)
    c->next++;
  if (g_cancellable_set_error_if_cancelled (pvm_helper_job_get_cancellable (c->job), &error)) {
    clone_fail (c, error);
    return;
  }
  if (c->next == c->n_disks) {
    clone_define (c);
    return;
  }
  for (guint i = 0; i < c->next; i++)
    part += c->disks[i].pool != NULL;
  CloneDisk *disk = &c->disks[c->next];
  pvm_helper_job_set_part (c->job, part, c->n_copies);
  pvm_helper_pool_copy_async (disk->pool, disk->source, disk->new_volume, c->job,
                              clone_on_copied, c);
}

/* ---- reserving ---- */

static void clone_reserve_next (Clone *c);

static void
clone_on_reserved (GObject *source, GAsyncResult *result, gpointer data)
{
  Clone *c = data;
  GError *error = NULL;

  c->disks[c->next].source = pvm_helper_pool_reserve_finish (PVM_HELPER_POOL (source), result,
                                                             &error);
  if (!c->disks[c->next].source) {
    clone_fail (c, error);
    return;
  }
  c->next++;
  clone_reserve_next (c);
}

/* Reserves the volumes from disk c->next on; then starts the job and answers. */
static void
clone_reserve_next (Clone *c)
{
  PvmHelperDomain *domain = c->domain;

  while (c->next < c->n_disks && !c->disks[c->next].pool)
    c->next++;
  if (c->next < c->n_disks) {
    pvm_helper_pool_reserve_async (c->disks[c->next].pool, c->disks[c->next].volume,
                                   c->disks[c->next].new_volume, clone_on_reserved, c);
    return;
  }
  g_autofree char *description = g_strdup_printf ("Copying domain %s to %s",
                                                  clone_source_name (c), c->name);
  c->job = pvm_helper_daemon_new_job (domain->daemon, "clone-domain", description);
  _pvm_helper_domain_set_job (domain, c->job);
  pvm_domain_complete_clone (PVM_DOMAIN (domain), c->invocation,
                             pvm_helper_job_get_path (c->job));
  g_clear_object (&c->invocation);
  c->next = 0;
  clone_copy_next (c);
}

/* ---- the checks ---- */

/* Returns the name of the copy of @volume for the new domain @name: @volume with the domain's
 * own name at its start replaced, or "@name-@volume". */
static char *
clone_volume_name (Clone *c, const char *volume)
{
  const char *old = clone_source_name (c);

  if (g_str_has_prefix (volume, old))
    return g_strconcat (c->name, volume + strlen (old), NULL);
  return g_strconcat (c->name, "-", volume, NULL);
}

/* Reads @options into @c; FALSE with PVM_ERROR_INVALID_ARGUMENT for anything wrong. */
static gboolean
clone_read_options (Clone *c, GVariant *options, GError **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value)) {
    if (strcmp (key, "uuid") != 0) {
      g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                   "Clone has no option '%s': the only one is 'uuid'", key);
      return FALSE;
    }
    if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
        !g_uuid_string_is_valid (g_variant_get_string (value, NULL))) {
      g_autofree char *shown = g_variant_print (value, TRUE);
      g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                   "The option 'uuid' of Clone must be a UUID such as "
                   "0b3c6a52-2bd0-4f5c-9c43-6a0d3b1e2f11, not %s", shown);
      return FALSE;
    }
    g_free (c->uuid);
    c->uuid = g_ascii_strdown (g_variant_get_string (value, NULL), -1);
  }
  return TRUE;
}

/* Finds the pool volume of each disk and names its copy; FALSE with
 * PVM_ERROR_INVALID_ARGUMENT if one cannot be copied. */
static gboolean
clone_plan_disks (Clone *c, GError **error)
{
  PvmPoolManager *pools = pvm_helper_daemon_get_pools (c->domain->daemon);

  c->n_disks = pvm_domain_config_get_n_disks (c->config);
  for (guint i = 0; i < c->n_disks; i++) {
    const PvmDomainDisk *d = pvm_domain_config_get_disk (c->config, i);
    CloneDisk *disk = &c->disks[i];
    PvmHelperPool *pool = pvm_pool_manager_find_volume (pools, d->path, &disk->volume);

    if (!pool && d->readonly)
      continue;
    if (!pool) {
      g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                   "Domain '%s' cannot be cloned: its disk %s is no volume of a storage pool, "
                   "and two domains cannot write to one disk", clone_source_name (c), d->path);
      return FALSE;
    }
    disk->pool = g_object_ref (pool);
    disk->new_volume = clone_volume_name (c, disk->volume);
    if (!pvm_helper_pool_check_name (pool, disk->new_volume, error))
      return FALSE;
    for (guint j = 0; j < i; j++)
      if (c->disks[j].pool == pool && strcmp (c->disks[j].new_volume, disk->new_volume) == 0) {
        g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                     "Domain '%s' cannot be cloned as '%s': the copies of two of its disks "
                     "would both be named '%s'", clone_source_name (c), c->name,
                     disk->new_volume);
        return FALSE;
      }
    c->n_copies++;
  }
  return TRUE;
}

/* Checks what can be checked at once; FALSE with a named error. */
static gboolean
clone_check (Clone *c, GVariant *options, GError **error)
{
  PvmHelperDaemon *daemon = c->domain->daemon;
  g_autoptr (GError) local = NULL;

  if (!clone_read_options (c, options, error))
    return FALSE;
  g_autoptr (PvmDomainConfig) probe = pvm_domain_config_new_clone (c->config, c->name, c->uuid,
                                                                   NULL, &local);
  if (!probe) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Domain '%s' cannot be cloned as “%s”: %s", clone_source_name (c), c->name,
                 local->message);
    return FALSE;
  }
  if (pvm_helper_daemon_lookup_name (daemon, c->name)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "A domain named '%s' already exists", c->name);
    return FALSE;
  }
  if (c->uuid && pvm_helper_daemon_lookup_uuid (daemon, c->uuid)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "A domain with the UUID %s already exists", c->uuid);
    return FALSE;
  }
  return clone_plan_disks (c, error);
}

gboolean
_pvm_helper_domain_handle_clone (PvmDomain *iface, GDBusMethodInvocation *invocation,
                                 const char *name, GVariant *options)
{
  PvmHelperDomain *domain = PVM_HELPER_DOMAIN (iface);
  g_autoptr (GError) error = NULL;

  if (pvm_helper_domain_is_active (domain))
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is running: shut it off before cloning it");
  if (domain->rescue || domain->rescuing)
    return _pvm_helper_domain_refuse (domain, invocation, PVM_ERROR_BUSY,
                                      "is being rescued: unrescue it before cloning it");
  if (_pvm_helper_domain_refuse_while_cloned (domain, invocation, "clone it again"))
    return TRUE;

  g_autoptr (Clone) c = g_new0 (Clone, 1);
  c->domain = g_object_ref (domain);
  c->config = g_object_ref (domain->config);
  c->invocation = g_object_ref (invocation);
  c->name = g_strdup (name);
  if (!clone_check (c, options, &error)) {
    g_dbus_method_invocation_return_gerror (invocation, error);
    return TRUE;
  }
  domain->cloning = TRUE;
  clone_reserve_next (g_steal_pointer (&c));
  return TRUE;
}

/* daemon.c: pvmd's service — the store and the exported objects. */
#include "hv/helper/daemon.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/pvm-error.h"
#include "hv/helper/domain-store.h"
#include "hv/helper/host.h"
#include "hv/helper/job.h"
#include "hv/helper/network-manager.h"
#include "hv/helper/pool-manager.h"
#include "hv/helper/vmm.h"

struct PvmHelperDaemon {
  PvmHelperMode mode;
  char *runtime_dir, *vmm_path;
  PvmXmlStore *store;
  GDBusObjectManagerServer *manager;
  PvmHelperHost *host;
  GHashTable *domains; /* UUID → PvmHelperDomain */
  PvmPoolManager *pools;
  PvmNetworkManager *networks;
  uid_t vmm_uid; /* system mode: the user the VMMs run as, or (uid_t) -1 */
  gid_t vmm_gid;
  guint n_jobs;
  GHashTable *jobs; /* the PvmHelperJob that run, until they finish */
};

char *
pvm_helper_daemon_domain_path (const char *uuid)
{
  g_autofree char *element = g_strdup (uuid);

  g_strdelimit (element, "-", '_'); /* object path elements are [A-Za-z0-9_] */
  return g_strconcat (PVM_HELPER_DOMAIN_PATH "/", element, NULL);
}

static void
daemon_export_object (PvmHelperDaemon *daemon, const char *path, GDBusInterfaceSkeleton *iface)
{
  g_autoptr (GDBusObjectSkeleton) object = g_dbus_object_skeleton_new (path);

  g_dbus_object_skeleton_add_interface (object, iface);
  g_dbus_object_manager_server_export (daemon->manager, object);
}

static PvmHelperDomain *
daemon_add_domain (PvmHelperDaemon *daemon, PvmDomainConfig *config)
{
  PvmHelperDomain *domain = pvm_helper_domain_new (daemon, config);
  g_autofree char *path = pvm_helper_daemon_domain_path (pvm_domain_config_get_uuid (config));

  g_hash_table_insert (daemon->domains, g_strdup (pvm_domain_config_get_uuid (config)), domain);
  daemon_export_object (daemon, path, G_DBUS_INTERFACE_SKELETON (domain));
  return domain;
}

PvmHelperDomain *
pvm_helper_daemon_lookup_name (PvmHelperDaemon *daemon, const char *name)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, daemon->domains);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (strcmp (pvm_domain_config_get_name (pvm_helper_domain_get_config (value)), name) == 0)
      return value;
  return NULL;
}

PvmHelperDomain *
pvm_helper_daemon_lookup_uuid (PvmHelperDaemon *daemon, const char *uuid)
{
  return g_hash_table_lookup (daemon->domains, uuid);
}

PvmHelperDaemon *
pvm_helper_daemon_new (const PvmHelperSettings *settings, GError **error)
{
  PvmXmlStore *store = pvm_xml_store_new (settings->store_dir, &pvm_xml_store_domains, error);

  if (!store)
    return NULL;

  PvmHelperDaemon *daemon = g_new0 (PvmHelperDaemon, 1);
  daemon->mode = settings->mode;
  daemon->runtime_dir = g_strdup (settings->runtime_dir);
  daemon->vmm_path = g_strdup (settings->vmm_path);
  daemon->store = store;
  daemon->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  daemon->jobs = g_hash_table_new (NULL, NULL);
  daemon->manager = g_dbus_object_manager_server_new (PVM_HELPER_OBJECT_PATH);
  daemon->host = pvm_helper_host_new (daemon);
  daemon_export_object (daemon, PVM_HELPER_HOST_PATH, G_DBUS_INTERFACE_SKELETON (daemon->host));

  g_autoptr (GPtrArray) configs = pvm_xml_store_load_all (store);
  for (guint i = 0; i < configs->len; i++) {
    PvmDomainConfig *config = configs->pdata[i];
    if (pvm_helper_daemon_lookup_name (daemon, pvm_domain_config_get_name (config)))
      g_warning ("Skipping the domain %s: another one is named '%s'",
                 pvm_domain_config_get_uuid (config), pvm_domain_config_get_name (config));
    else
      daemon_add_domain (daemon, config);
  }

  g_autofree char *parent = g_path_get_dirname (settings->store_dir);
  g_autofree char *pool_store = g_build_filename (parent, "pools", NULL);
  daemon->pools = pvm_pool_manager_new (daemon, daemon->manager, pool_store, settings->pool_dir,
                                        error);
  if (!daemon->pools) {
    pvm_helper_daemon_free (daemon);
    return NULL;
  }

  g_autofree char *network_store = g_build_filename (parent, "networks", NULL);
  daemon->networks = pvm_network_manager_new (daemon, daemon->manager, network_store, error);
  if (!daemon->networks) {
    pvm_helper_daemon_free (daemon);
    return NULL;
  }
  daemon->vmm_uid = (uid_t) -1;
  daemon->vmm_gid = (gid_t) -1;
  if (daemon->mode == PVM_HELPER_MODE_SYSTEM &&
      !pvm_helper_vmm_find_user (&daemon->vmm_uid, &daemon->vmm_gid))
    g_warning ("There is neither a user 'pvm' nor 'nobody': the machines run as root");
  return daemon;
}

void
pvm_helper_daemon_free (PvmHelperDaemon *daemon)
{
  if (!daemon)
    return;
  pvm_helper_daemon_stop_jobs (daemon);
  g_dbus_object_manager_server_set_connection (daemon->manager, NULL);
  pvm_pool_manager_free (daemon->pools);
  pvm_network_manager_free (daemon->networks);
  g_clear_object (&daemon->manager);
  g_clear_object (&daemon->host);
  g_hash_table_unref (daemon->domains);
  g_hash_table_unref (daemon->jobs);
  pvm_xml_store_free (daemon->store);
  g_free (daemon->runtime_dir);
  g_free (daemon->vmm_path);
  g_free (daemon);
}

static void
daemon_on_reattached (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  guint *pending = g_task_get_task_data (task);

  pvm_helper_domain_reattach_finish (PVM_HELPER_DOMAIN (source), result);
  if (--*pending == 0)
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
pvm_helper_daemon_reattach (PvmHelperDaemon *daemon, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);
  guint *pending = g_new (guint, 1);
  GHashTableIter iter;
  gpointer domain;

  g_task_set_source_tag (task, pvm_helper_daemon_reattach);
  *pending = g_hash_table_size (daemon->domains);
  g_task_set_task_data (task, pending, g_free);
  if (*pending == 0) {
    g_task_return_boolean (task, TRUE);
    return;
  }
  g_hash_table_iter_init (&iter, daemon->domains);
  while (g_hash_table_iter_next (&iter, NULL, &domain))
    pvm_helper_domain_reattach (domain, daemon_on_reattached, g_object_ref (task));
}

void
pvm_helper_daemon_reattach_finish (PvmHelperDaemon *daemon, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

void
pvm_helper_daemon_autostart (PvmHelperDaemon *daemon)
{
  GHashTableIter iter;
  gpointer domain;

  g_hash_table_iter_init (&iter, daemon->domains);
  while (g_hash_table_iter_next (&iter, NULL, &domain))
    pvm_helper_domain_autostart (domain);
}

void
pvm_helper_daemon_export (PvmHelperDaemon *daemon, GDBusConnection *connection)
{
  g_dbus_object_manager_server_set_connection (daemon->manager, connection);
}

char *
pvm_helper_daemon_define (PvmHelperDaemon *daemon, const char *xml, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (PvmDomainConfig) config = pvm_domain_config_new_from_xml (xml, error);

  if (!config)
    return NULL;

  const char *uuid = pvm_domain_config_get_uuid (config);
  const char *name = pvm_domain_config_get_name (config);
  PvmHelperDomain *existing = g_hash_table_lookup (daemon->domains, uuid);
  PvmHelperDomain *named = pvm_helper_daemon_lookup_name (daemon, name);

  if (named && named != existing) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "A domain named '%s' already exists", name);
    return NULL;
  }
  if (existing && !named) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "Domain %s is named '%s': a new definition cannot rename it", uuid,
                 pvm_domain_config_get_name (pvm_helper_domain_get_config (existing)));
    return NULL;
  }
  if (existing && pvm_helper_domain_is_active (existing)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_BUSY,
                 "Domain '%s' is running: its definition can change once it is shut off", name);
    return NULL;
  }
  if (!pvm_xml_store_save (daemon->store, config, &local)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                 "Cannot store the definition of domain '%s': %s", name, local->message);
    return NULL;
  }

  if (existing)
    pvm_helper_domain_set_config (existing, config);
  else
    daemon_add_domain (daemon, config);
  g_message ("Domain '%s' is defined (%s)", name, uuid);
  return pvm_helper_daemon_domain_path (uuid);
}

gboolean
pvm_helper_daemon_undefine (PvmHelperDaemon *daemon, PvmHelperDomain *domain, GError **error)
{
  PvmDomainConfig *config = pvm_helper_domain_get_config (domain);
  g_autofree char *uuid = g_strdup (pvm_domain_config_get_uuid (config));
  g_autofree char *name = g_strdup (pvm_domain_config_get_name (config));
  g_autofree char *runtime_dir = pvm_helper_domain_get_runtime_dir (domain);
  g_autofree char *path = pvm_helper_daemon_domain_path (uuid);
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (!pvm_helper_domain_is_active (domain), FALSE);
  if (!pvm_domain_store_remove (daemon->store, uuid, &local)) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot undefine domain '%s': %s", name,
                 local->message);
    return FALSE;
  }
  static const char *const runtime_files[] = {
    PVM_HELPER_VMM_CONTROL, PVM_HELPER_VMM_SERIAL, PVM_HELPER_VMM_LOG,
  };
  for (guint i = 0; i < G_N_ELEMENTS (runtime_files); i++) {
    g_autofree char *file = g_build_filename (runtime_dir, runtime_files[i], NULL);
    g_unlink (file);
  }
  g_rmdir (runtime_dir);

  g_dbus_object_manager_server_unexport (daemon->manager, path);
  g_hash_table_remove (daemon->domains, uuid);
  g_message ("Domain '%s' is undefined (%s)", name, uuid);
  return TRUE;
}

PvmHelperMode
pvm_helper_daemon_get_mode (PvmHelperDaemon *daemon)
{
  return daemon->mode;
}

const char *
pvm_helper_daemon_get_runtime_dir (PvmHelperDaemon *daemon)
{
  return daemon->runtime_dir;
}

PvmXmlStore *
pvm_helper_daemon_get_store (PvmHelperDaemon *daemon)
{
  return daemon->store;
}

PvmPoolManager *
pvm_helper_daemon_get_pools (PvmHelperDaemon *daemon)
{
  return daemon->pools;
}

static void
daemon_on_job_finished (PvmHelperJob *job, gboolean success, const char *message,
                        PvmHelperDaemon *daemon)
{
  g_signal_handlers_disconnect_by_data (job, daemon);
  g_hash_table_remove (daemon->jobs, job);
}

PvmHelperJob *
pvm_helper_daemon_new_job (PvmHelperDaemon *daemon, const char *kind, const char *description)
{
  PvmHelperJob *job = pvm_helper_job_new (daemon->manager, ++daemon->n_jobs, kind, description);

  g_hash_table_add (daemon->jobs, job);
  g_signal_connect (job, "finished", G_CALLBACK (daemon_on_job_finished), daemon);
  return job;
}

void
pvm_helper_daemon_stop_jobs (PvmHelperDaemon *daemon)
{
  GHashTableIter iter;
  gpointer job;

  /* Each ends on the main context once its worker has noticed and its copy is removed; a job
   * started meanwhile is cancelled on the next turn. */
  while (g_hash_table_size (daemon->jobs) > 0) {
    g_hash_table_iter_init (&iter, daemon->jobs);
    while (g_hash_table_iter_next (&iter, &job, NULL))
      pvm_helper_job_cancel (job, "pvmd is stopping");
    g_main_context_iteration (NULL, TRUE);
  }
}

/* Returns TRUE if @a and @b are the same file, or the same block device. */
static gboolean
daemon_same_disk (const struct stat *a, const char *path)
{
  struct stat b;

  if (stat (path, &b) < 0)
    return FALSE;
  if (S_ISBLK (a->st_mode))
    return S_ISBLK (b.st_mode) && a->st_rdev == b.st_rdev;
  return a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

const char *
pvm_helper_daemon_find_disk_user (PvmHelperDaemon *daemon, const char *path,
                                  gboolean writers_only)
{
  GHashTableIter iter;
  gpointer domain;
  struct stat st;

  if (stat (path, &st) < 0)
    return NULL;
  g_hash_table_iter_init (&iter, daemon->domains);
  while (g_hash_table_iter_next (&iter, NULL, &domain)) {
    PvmDomainConfig *config = pvm_helper_domain_get_config (domain);
    if (!pvm_helper_domain_is_active (domain))
      continue;
    for (guint i = 0; i < pvm_domain_config_get_n_disks (config); i++) {
      const PvmDomainDisk *disk = pvm_domain_config_get_disk (config, i);
      if ((!writers_only || !disk->readonly) && daemon_same_disk (&st, disk->path))
        return pvm_domain_config_get_name (config);
    }
  }
  return NULL;
}

PvmNetworkManager *
pvm_helper_daemon_get_networks (PvmHelperDaemon *daemon)
{
  return daemon->networks;
}

const char *
pvm_helper_daemon_find_network_user (PvmHelperDaemon *daemon, const char *name)
{
  GHashTableIter iter;
  gpointer domain;

  g_hash_table_iter_init (&iter, daemon->domains);
  while (g_hash_table_iter_next (&iter, NULL, &domain)) {
    PvmDomainConfig *config = pvm_helper_domain_get_config (domain);
    if (!pvm_helper_domain_is_active (domain))
      continue;
    for (guint i = 0; i < pvm_domain_config_get_n_interfaces (config); i++) {
      const PvmDomainInterface *iface = pvm_domain_config_get_interface (config, i);
      if (g_strcmp0 (iface->network, name) == 0)
        return pvm_domain_config_get_name (config);
    }
  }
  return NULL;
}

gboolean
pvm_helper_daemon_prepare_launch (PvmHelperDaemon *daemon, PvmDomainConfig *config,
                                  PvmHelperVmmLaunch *launch, GError **error)
{
  pvm_helper_vmm_launch_init (launch);
  launch->vmm_path = daemon->vmm_path;
  launch->sandbox = TRUE;
  if (daemon->mode == PVM_HELPER_MODE_SYSTEM && daemon->vmm_uid != (uid_t) -1) {
    launch->uid = daemon->vmm_uid;
    launch->gid = daemon->vmm_gid;
    launch->pass_files = TRUE;
  }
  return pvm_network_manager_connect (daemon->networks, config, launch, error);
}

const char *
pvm_helper_daemon_get_vmm_path (PvmHelperDaemon *daemon)
{
  return daemon->vmm_path;
}

/* daemon.h: pvmd's service — the store, the Host and Domain objects under one
 * ObjectManager, and the settings of the mode pvmd runs in. */
#pragma once

#include <gio/gio.h>

#include "hv/helper/domain-store.h"
#include "hv/helper/domain.h"
#include "hv/helper/vmm-argv.h"

typedef enum {
  PVM_HELPER_MODE_SESSION, /* as the user, on the session bus */
  PVM_HELPER_MODE_SYSTEM,  /* as root, on the system bus */
} PvmHelperMode;

#define PVM_HELPER_BUS_NAME "org.pvm.Hypervisor1"
#define PVM_HELPER_OBJECT_PATH "/org/pvm/Hypervisor1"
#define PVM_HELPER_HOST_PATH PVM_HELPER_OBJECT_PATH "/Host"
#define PVM_HELPER_DOMAIN_PATH PVM_HELPER_OBJECT_PATH "/domain"

typedef struct {
  PvmHelperMode mode;
  const char *store_dir;   /* the domain definitions */
  const char *runtime_dir; /* one directory per running domain below it */
  const char *vmm_path;    /* the pvm-vmm to run */
  const char *pool_dir;    /* the default storage pool's directory */
} PvmHelperSettings;

typedef struct PvmHelperDaemon PvmHelperDaemon;
typedef struct PvmPoolManager PvmPoolManager;
typedef struct PvmNetworkManager PvmNetworkManager;
typedef struct _PvmHelperJob PvmHelperJob;

/* Returns the service for @settings (copied) with a Domain object for each definition in the
 * store, all shut off; nothing is exported yet. Returns NULL with @error if the store's
 * directory cannot be created. */
PvmHelperDaemon *pvm_helper_daemon_new (const PvmHelperSettings *settings, GError **error);

/* Unexports and frees @daemon (NULL is ignored). Running VMMs are left running. */
void pvm_helper_daemon_free (PvmHelperDaemon *daemon);

/* Connects every domain to the pvm-vmm an earlier pvmd left running for it. Completes, never
 * with an error, once every domain knows its state. */
void pvm_helper_daemon_reattach (PvmHelperDaemon *daemon, GAsyncReadyCallback callback,
                                 gpointer user_data);

/* Completes pvm_helper_daemon_reattach(); every domain knows its state. */
void pvm_helper_daemon_reattach_finish (PvmHelperDaemon *daemon, GAsyncResult *result);

/* Starts every domain whose Autostart is set and that is not running (after
 * pvm_helper_daemon_reattach(), so that none starts twice). Returns at once; each start
 * completes on its own. */
void pvm_helper_daemon_autostart (PvmHelperDaemon *daemon);

/* Exports the ObjectManager with the Host and the domains on @connection. */
void pvm_helper_daemon_export (PvmHelperDaemon *daemon, GDBusConnection *connection);

/* Defines a domain from libvirt XML, or replaces the definition with the same UUID and name
 * if that domain is inactive: checked, stored, exported. Returns its object path (newly
 * allocated), or NULL with @error: PVM_ERROR_INVALID_ARGUMENT (a bad definition, a name
 * taken), PVM_ERROR_BUSY (the domain is active) or PVM_ERROR_FAILED (the store). Blocks on
 * the disk. */
char *pvm_helper_daemon_define (PvmHelperDaemon *daemon, const char *xml, GError **error);

/* Deletes the definition of the inactive @domain, its runtime directory and its object.
 * Returns FALSE with @error (PVM_ERROR_FAILED) if the file cannot be removed; the domain then
 * stays. */
gboolean pvm_helper_daemon_undefine (PvmHelperDaemon *daemon, PvmHelperDomain *domain,
                                     GError **error);

/* Returns the object path of the domain with @uuid; newly allocated. */
char *pvm_helper_daemon_domain_path (const char *uuid);

/* Returns the mode pvmd runs in. */
PvmHelperMode pvm_helper_daemon_get_mode (PvmHelperDaemon *daemon);

/* Returns the directory below which each running domain has its own; owned by @daemon. */
const char *pvm_helper_daemon_get_runtime_dir (PvmHelperDaemon *daemon);

/* Returns the store of the domain definitions; owned by @daemon. */
PvmXmlStore *pvm_helper_daemon_get_store (PvmHelperDaemon *daemon);

/* Returns the storage pools (kept in "pools" beside the domain store); owned by @daemon. */
PvmPoolManager *pvm_helper_daemon_get_pools (PvmHelperDaemon *daemon);

/* Returns a new job (job.h) numbered after the previous one of @daemon and exported on its
 * ObjectManager; the caller owns it and ends it with pvm_helper_job_finish(). @daemon keeps
 * track of it until then. */
PvmHelperJob *pvm_helper_daemon_new_job (PvmHelperDaemon *daemon, const char *kind,
                                         const char *description);

/* Cancels every job that runs (pvm_helper_job_cancel(), "pvmd is stopping") and waits,
 * iterating the default main context, until each has finished: its Finished signal is sent
 * and what it made half is removed. The objects stay exported meanwhile. */
void pvm_helper_daemon_stop_jobs (PvmHelperDaemon *daemon);

/* Returns the domain named @name, or NULL; owned by @daemon. */
PvmHelperDomain *pvm_helper_daemon_lookup_name (PvmHelperDaemon *daemon, const char *name);

/* Returns the domain with @uuid (lowercase), or NULL; owned by @daemon. */
PvmHelperDomain *pvm_helper_daemon_lookup_uuid (PvmHelperDaemon *daemon, const char *uuid);

/* Returns the name of an active domain with @path as a disk (the same file or block device,
 * compared with stat()) — if @writers_only, one that can write to it — or NULL; owned by that
 * domain. Blocks briefly on stat(). */
const char *pvm_helper_daemon_find_disk_user (PvmHelperDaemon *daemon, const char *path,
                                              gboolean writers_only);

/* Returns the networks (kept in "networks" beside the domain store); owned by @daemon. */
PvmNetworkManager *pvm_helper_daemon_get_networks (PvmHelperDaemon *daemon);

/* Returns the name of an active domain with a network card on the network @name, or NULL;
 * owned by that domain. */
const char *pvm_helper_daemon_find_network_user (PvmHelperDaemon *daemon, const char *name);

/* Fills @launch (vmm-argv.h) to start @config: pvm-vmm sandboxed; in system mode as the user
 * "pvm" (or "nobody"), with the files handed down; the network cards connected to their
 * networks (pvm_network_manager_connect(), whose errors it returns). On success the caller owns
 * the tap devices in @launch (pvm_helper_vmm_spawn() takes them). */
gboolean pvm_helper_daemon_prepare_launch (PvmHelperDaemon *daemon, PvmDomainConfig *config,
                                           PvmHelperVmmLaunch *launch, GError **error);

/* Returns the pvm-vmm that runs the domains; owned by @daemon. */
const char *pvm_helper_daemon_get_vmm_path (PvmHelperDaemon *daemon);

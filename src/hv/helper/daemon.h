/* daemon.h: pvmd's service — the store, the Host and Domain objects under one
 * ObjectManager, and the settings of the mode pvmd runs in. */
#pragma once

#include <gio/gio.h>

#include "hv/helper/domain.h"

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
} PvmHelperSettings;

typedef struct PvmHelperDaemon PvmHelperDaemon;

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

/* Returns the pvm-vmm that runs the domains; owned by @daemon. */
const char *pvm_helper_daemon_get_vmm_path (PvmHelperDaemon *daemon);

/* network-manager.h: pvmd's networks — their store, one Network object each under the
 * ObjectManager, the NAT network "default", defining and undefining networks, and connecting
 * a starting domain's network cards to them. */
#pragma once

#include <gio/gio.h>

#include "hv/helper/daemon.h"
#include "hv/helper/network.h"
#include "hv/helper/vmm-argv.h"

#define PVM_NETWORK_DEFAULT_NAME "default"

/* Returns the networks kept in @store_dir (created if missing), each exported on @server, with
 * the NAT network "default" defined first if there is none (a failure to store it is logged,
 * not fatal). A stored bridge network is kept in session mode too (domains on it do not
 * start). Returns NULL with @error (G_FILE_ERROR) if the store cannot be made. @daemon and
 * @server must outlive the manager. Blocks on the disk. */
PvmNetworkManager *pvm_network_manager_new (PvmHelperDaemon *daemon,
                                            GDBusObjectManagerServer *server,
                                            const char *store_dir, GError **error);

/* Unexports and frees the networks (NULL is ignored); their files stay. */
void pvm_network_manager_free (PvmNetworkManager *networks);

/* Defines a network from libvirt network XML, or replaces the definition of the network with
 * the same name: checked, stored, exported. Returns its object path (newly allocated), or NULL
 * with @error: PVM_ERROR_INVALID_ARGUMENT (a bad definition), PVM_ERROR_NOT_AUTHORIZED (a
 * bridge in session mode), PVM_ERROR_BUSY (a running domain uses the network being replaced),
 * PVM_ERROR_FAILED (the store). Blocks on the disk. */
char *pvm_network_manager_define (PvmNetworkManager *networks, const char *xml, GError **error);

/* Forgets @network: its file and its object go. Returns FALSE with PVM_ERROR_BUSY while a
 * running domain uses it, PVM_ERROR_FAILED if the file cannot be removed. */
gboolean pvm_network_manager_undefine (PvmNetworkManager *networks, PvmHelperNetwork *network,
                                       GError **error);

/* Returns the definition of the network @name, or NULL; owned by @networks. */
PvmNetworkConfig *pvm_network_manager_lookup (PvmNetworkManager *networks, const char *name);

/* Connects each network card of @config for a start: a card on a NAT network or of type
 * "user" gets user-mode networking in the VMM, a card on a bridge network a new tap device on
 * the bridge, put in @launch->tap_fds. Returns FALSE with @error, naming the domain and the
 * network, and with no tap device left open: PVM_ERROR_FAILED if a network is not defined or
 * its bridge cannot take a tap device, PVM_ERROR_NOT_AUTHORIZED for a bridge network in session
 * mode, PVM_ERROR_INVALID_ARGUMENT for port forwards on a bridge network. */
gboolean pvm_network_manager_connect (PvmNetworkManager *networks, PvmDomainConfig *config,
                                      PvmHelperVmmLaunch *launch, GError **error);

/* Returns /org/pvm/Hypervisor1/network/<name> with every character but [A-Za-z0-9] written as
 * _XX (its byte in lowercase hexadecimal); newly allocated. */
char *pvm_network_manager_object_path (const char *name);

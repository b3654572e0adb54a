/* pvm-network-config.h: a network's definition — libvirt network XML, read and written with
 * libvirt-gconfig, checked against what pvm provides: NAT (user-mode networking in each VMM)
 * or a tap device on an existing host bridge. */
#pragma once

#include <glib-object.h>

typedef enum {
  PVM_NETWORK_FORWARD_NAT,    /* <forward mode="nat"/>: each guest on its own 10.0.2.0/24 */
  PVM_NETWORK_FORWARD_BRIDGE, /* <forward mode="bridge"/><bridge name="…"/>: system mode */
} PvmNetworkForward;

#define PVM_NETWORK_MAX_NAME 64 /* characters */
#define PVM_NETWORK_IFNAME_MAX 15 /* a host interface's name: IFNAMSIZ - 1 bytes */

#define PVM_TYPE_NETWORK_CONFIG (pvm_network_config_get_type ())
G_DECLARE_FINAL_TYPE (PvmNetworkConfig, pvm_network_config, PVM, NETWORK_CONFIG, GObject)

/* Reads and checks a network definition: a <name>, an optional <uuid>, <forward mode="nat"/>
 * or <forward mode="bridge"/> with <bridge name="…"/>, and <title>, <description> and
 * <metadata>, kept as they are. Returns a new immutable config, or NULL with
 * PVM_ERROR_INVALID_ARGUMENT and one sentence naming the element that is wrong (never
 * logs). */
PvmNetworkConfig *pvm_network_config_new_from_xml (const char *xml, GError **error);

/* Returns the NAT network @name, or NULL with PVM_ERROR_INVALID_ARGUMENT for a bad name. */
PvmNetworkConfig *pvm_network_config_new_nat (const char *name, GError **error);

/* Returns the definition as libvirt network XML; newly allocated. */
char *pvm_network_config_to_xml (PvmNetworkConfig *config);

/* The values of the definition, owned by @config. */
const char *pvm_network_config_get_name (PvmNetworkConfig *config);
PvmNetworkForward pvm_network_config_get_forward (PvmNetworkConfig *config);
const char *pvm_network_config_get_bridge (PvmNetworkConfig *config); /* or NULL for NAT */

/* Returns "nat" or "bridge"; static. */
const char *pvm_network_forward_to_string (PvmNetworkForward forward);

/* Returns TRUE if @name can name a network: 1 to 64 characters of [A-Za-z0-9._+-], not
 * starting with "." or "-". Never allocates. */
gboolean pvm_network_name_is_valid (const char *name);

/* Returns TRUE if @name can name a host interface (1 to 15 bytes, no "/", ":" or space, not
 * "." or ".."), as Linux accepts it. Never allocates. */
gboolean pvm_network_ifname_is_valid (const char *name);

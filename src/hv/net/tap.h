/* tap.h: a network backend on a host tap device (Ethernet frames through /dev/net/tun), for
 * system mode: pvmd puts the tap on a bridge, and the guest is on that bridge's network. */
#pragma once

#include <glib.h>

#include "hv/net/backend.h"

/* Returns the backend on the tap device @config describes (a PVM_NET_TAP config), reading its
 * frames on @context. With ifname= it attaches to that device (creating it if it does not exist
 * and the process may); with fd= it takes the descriptor (closed when the backend is freed, or
 * at once on failure), which must be a tap device set up with IFF_TAP | IFF_NO_PI and without
 * IFF_VNET_HDR, as pvmd creates them. Returns NULL with a PVM_MACHINE_ERROR_FILE @error naming
 * the device or descriptor if /dev/net/tun cannot be opened, the device cannot be attached (it
 * is busy, or belongs to another user without CAP_NET_ADMIN here) or the descriptor is not
 * such a tap device. */
PvmNetBackend *pvm_net_tap_new (const PvmNetConfig *config, GMainContext *context,
                                GError **error);

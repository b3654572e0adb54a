/* tap.h: a network backend on a host tap device (Ethernet frames through /dev/net/tun), for
 * system mode: pvmd puts the tap on a bridge, and the guest is on that bridge's network. */
#pragma once

#include <glib.h>

#include "hv/net/backend.h"

/* Attaches to the tap device @ifname (creating it if it does not exist and the process may),
 * reading its frames on @context. Returns NULL with a PVM_MACHINE_ERROR_FILE @error naming
 * @ifname if /dev/net/tun cannot be opened or the device cannot be attached (it is busy, or
 * belongs to another user without CAP_NET_ADMIN here). */
PvmNetBackend *pvm_net_tap_new (const char *ifname, GMainContext *context, GError **error);

/* slirp.h: user-mode networking with libslirp, like QEMU's -netdev user: the guest is on
 * 10.0.2.0/24 behind a NAT in the VMM — gateway and host 10.0.2.2, DNS 10.0.2.3, DHCP handing
 * out 10.0.2.15 — and reaches the host's loopback at 10.0.2.2 and the outside through the
 * VMM's own sockets, with no privileges. */
#pragma once

#include <glib.h>

#include "hv/net/backend.h"

/* Returns a user-mode network running on @context (its sockets and timers are sources there),
 * with every host forward of @config listening. Returns NULL with a PVM_MACHINE_ERROR_FAILED
 * @error naming the forward if one cannot be set up (its host port is taken). */
PvmNetBackend *pvm_net_slirp_new (const PvmNetConfig *config, GMainContext *context,
                                  GError **error);

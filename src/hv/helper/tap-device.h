/* tap-device.h: a tap device on a host bridge, for one network card of a domain in system mode.
 * pvmd creates it and hands the open descriptor to pvm-vmm; the device is not persistent, so
 * it goes away when the last descriptor closes, that is, with the VMM. */
#pragma once

#include <glib.h>
#include <net/if.h>

/* Creates a tap device named pvmtap<N> (IFF_TAP | IFF_NO_PI, as pvm-vmm's tap backend reads
 * it), adds it to the bridge @bridge and brings it up. Returns its descriptor (close-on-exec)
 * with the device's name in @ifname, or -1 with @error (PVM_ERROR_FAILED, one sentence naming
 * @bridge) if /dev/net/tun cannot be opened, @bridge does not exist or is not a bridge, or the
 * process lacks CAP_NET_ADMIN. Blocks only for the ioctls. */
int pvm_helper_tap_device_new (const char *bridge, char ifname[IFNAMSIZ], GError **error);

/* tap-device.c: a tap device on a host bridge — TUNSETIFF on /dev/net/tun, SIOCBRADDIF and
 * SIOCSIFFLAGS on a datagram socket. */
#include "hv/helper/tap-device.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/pvm-error.h"

#define TAP_NAME_PATTERN "pvmtap%d"

static int
tap_fail (GError **error, const char *bridge, const char *what, int err)
{
  g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "Cannot put a tap device on the bridge '%s': "
               "%s: %s", bridge, what, g_strerror (err));
  return -1;
}

/* Adds @ifname to @bridge and brings it up, through the socket @sock. */
static int
tap_attach (int sock, const char *ifname, const char *bridge, GError **error)
{
  struct ifreq ifr;
  unsigned index = if_nametoindex (ifname);

  if (index == 0)
    return tap_fail (error, bridge, "the new device has no index", errno);
  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, bridge, sizeof ifr.ifr_name);
  ifr.ifr_ifindex = (int) index;
  if (ioctl (sock, SIOCBRADDIF, &ifr) < 0) {
    int err = errno;
    if (err == ENODEV)
      g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                   "The host bridge '%s' does not exist", bridge);
    else if (err == EOPNOTSUPP || err == EINVAL)
      g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED,
                   "The host interface '%s' is not a bridge", bridge);
    else
      tap_fail (error, bridge, "adding the device to it", err);
    return -1;
  }

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, ifname, sizeof ifr.ifr_name);
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) < 0)
    return tap_fail (error, bridge, "reading the device's flags", errno);
  ifr.ifr_flags |= IFF_UP;
  if (ioctl (sock, SIOCSIFFLAGS, &ifr) < 0)
    return tap_fail (error, bridge, "bringing the device up", errno);
  return 0;
}

int
pvm_helper_tap_device_new (const char *bridge, char ifname[IFNAMSIZ], GError **error)
{
  struct ifreq ifr;
  int fd, sock;

  if (if_nametoindex (bridge) == 0) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "The host bridge '%s' does not exist",
                 bridge);
    return -1;
  }
  fd = open ("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return tap_fail (error, bridge, "opening /dev/net/tun", errno);
  memset (&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  g_strlcpy (ifr.ifr_name, TAP_NAME_PATTERN, sizeof ifr.ifr_name);
  if (ioctl (fd, TUNSETIFF, &ifr) < 0) {
    int err = errno;
    close (fd);
    return tap_fail (error, bridge, "creating the device", err);
  }
  g_strlcpy (ifname, ifr.ifr_name, IFNAMSIZ);

  sock = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || tap_attach (sock, ifname, bridge, error) < 0) {
    if (sock < 0)
      tap_fail (error, bridge, "opening a control socket", errno);
    else
      close (sock);
    close (fd); /* the device goes with it */
    return -1;
  }
  close (sock);
  return fd;
}

/* tap.c: a network backend on a host tap device.
 *
 * The device is opened with IFF_TAP | IFF_NO_PI: each read() gives one Ethernet frame and each
 * write() sends one, with no packet-information prefix. The virtio-net header stays in the
 * VMM (IFF_VNET_HDR is not used: the card offers no offloads, so there is nothing to carry).
 * A descriptor handed down by pvmd (fd=) must have been set up so; it is checked with
 * TUNGETIFF. The fd is non-blocking. Frames are read on the context while the peer has room;
 * when it has none the fd is no longer watched, so the kernel queues (and in the end drops)
 * them, until the peer calls resume. A frame the host does not take at once is dropped, as on
 * a full link.
 */
#include "hv/net/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hv/machine/machine.h"

/* The largest frame read: a whole 64 KiB datagram of a tap whose MTU was raised. */
#define TAP_FRAME_MAX 65536
/* Frames read in one dispatch, so that the rest of the loop gets its turn. */
#define TAP_BATCH 64

typedef struct {
  PvmNetBackend backend;
  int fd;
  char ifname[IFNAMSIZ];
  GSource *watch; /* while the peer has room */
  bool write_warned; /* a failed write was reported */
  uint8_t buf[TAP_FRAME_MAX];
} NetTap;

static gboolean tap_readable (int fd, GIOCondition condition, gpointer data);

static void
tap_watch (NetTap *tap, bool on)
{
  if (on && !tap->watch) {
    tap->watch = g_unix_fd_source_new (tap->fd, G_IO_IN);
    g_source_set_callback (tap->watch, G_SOURCE_FUNC (tap_readable), tap, NULL);
    g_source_attach (tap->watch, tap->backend.context);
  } else if (!on && tap->watch) {
    g_source_destroy (tap->watch);
    g_clear_pointer (&tap->watch, g_source_unref);
  }
}

static gboolean
tap_readable (int fd, GIOCondition condition, gpointer data)
{
  NetTap *tap = data;

  for (unsigned i = 0; i < TAP_BATCH; i++) {
    ssize_t n = read (tap->fd, tap->buf, sizeof tap->buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return G_SOURCE_CONTINUE;
    if (n <= 0) {
      g_warning ("tap %s: read failed: %s; the device is no longer read", tap->ifname,
                 n < 0 ? g_strerror (errno) : "end of file");
      g_clear_pointer (&tap->watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }
    if (!pvm_net_backend_deliver (&tap->backend, tap->buf, (size_t) n)) {
      /* Removing the source from its own callback: drop our reference, return REMOVE. */
      g_clear_pointer (&tap->watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  }
  return G_SOURCE_CONTINUE;
}

static void
tap_send (PvmNetBackend *backend, const uint8_t *frame, size_t len)
{
  NetTap *tap = (NetTap *) backend;
  ssize_t n;

  do
    n = write (tap->fd, frame, len);
  while (n < 0 && errno == EINTR);
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && !tap->write_warned) {
    tap->write_warned = true;
    g_warning ("tap %s: write failed: %s; frames are dropped", tap->ifname, g_strerror (errno));
  }
}

static void
tap_resume (PvmNetBackend *backend)
{
  tap_watch ((NetTap *) backend, true);
}

static void
tap_free (PvmNetBackend *backend)
{
  NetTap *tap = (NetTap *) backend;

  tap_watch (tap, false);
  close (tap->fd);
  g_free (tap);
}

static const PvmNetBackendOps tap_ops = {
  .name = "tap",
  .send = tap_send,
  .resume = tap_resume,
  .free = tap_free,
};

/* Takes @fd, a tap device opened by the parent: checks its flags and makes it non-blocking. */
static int
tap_take_fd (int fd, struct ifreq *ifr, GError **error)
{
  int flags = fcntl (fd, F_GETFL);
  const char *why = NULL;

  memset (ifr, 0, sizeof *ifr);
  if (flags < 0 || ioctl (fd, TUNGETIFF, ifr) < 0)
    why = flags < 0 ? g_strerror (errno) : "it is not a tap device";
  else if ((ifr->ifr_flags & (IFF_TAP | IFF_TUN)) != IFF_TAP)
    why = "it is a tun device, not a tap device";
  else if (!(ifr->ifr_flags & IFF_NO_PI) || (ifr->ifr_flags & IFF_VNET_HDR))
    why = "it must be set up with IFF_NO_PI and without IFF_VNET_HDR";
  else if (fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0 || fcntl (fd, F_SETFD, FD_CLOEXEC) < 0)
    why = g_strerror (errno);
  if (why) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "Cannot use descriptor %d as a tap device: %s", fd, why);
    close (fd);
    return -1;
  }
  return fd;
}

/* Opens /dev/net/tun and attaches to (or creates) the tap device @ifname. */
static int
tap_open (const char *ifname, struct ifreq *ifr, GError **error)
{
  int fd, err;

  fd = open ("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    err = errno;
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "Cannot open /dev/net/tun for the tap device “%s”: %s", ifname,
                 g_strerror (err));
    return -1;
  }
  memset (ifr, 0, sizeof *ifr);
  ifr->ifr_flags = IFF_TAP | IFF_NO_PI;
  g_strlcpy (ifr->ifr_name, ifname, sizeof ifr->ifr_name);
  if (ioctl (fd, TUNSETIFF, ifr) < 0) {
    err = errno;
    close (fd);
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE,
                 "Cannot attach to the tap device “%s”: %s", ifname, g_strerror (err));
    return -1;
  }
  return fd;
}

PvmNetBackend *
pvm_net_tap_new (const PvmNetConfig *config, GMainContext *context, GError **error)
{
  struct ifreq ifr;
  int fd = config->tap_fd >= 0 ? tap_take_fd (config->tap_fd, &ifr, error)
                               : tap_open (config->ifname, &ifr, error);

  if (fd < 0)
    return NULL;

  NetTap *tap = g_new0 (NetTap, 1);
  pvm_net_backend_init (&tap->backend, &tap_ops, context);
  tap->fd = fd;
  g_strlcpy (tap->ifname, ifr.ifr_name, sizeof tap->ifname);
  tap_watch (tap, true);
  return &tap->backend;
}

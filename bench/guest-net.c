/* guest-net.c: a TCP throughput test that bench/io runs inside the guest (whose busybox has
 * nc but no way to time it). It connects to a server of bench/io on the host and, for a fixed
 * time, sends to it as fast as it takes data (send) or reads what it sends (recv), then prints
 *
 *   guest-net: <send|recv> seconds=<s> bytes=<n> MB/s=<x>
 *
 * usage: guest-net ADDRESS PORT send|recv SECONDS
 *   The count is of bytes that crossed the guest's socket in the measured time; the first
 *   half second is left out of it so that TCP's slow start weighs the same on every peer.
 *   Built statically for riscv64 by bench/io.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WARM_UP_SECONDS 0.5
#define BUFFER_SIZE (128 * 1024)

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  static char buf[BUFFER_SIZE];
  struct sockaddr_in addr = { .sin_family = AF_INET };
  int sending;

  if (argc != 5 || (strcmp (argv[3], "send") != 0 && strcmp (argv[3], "recv") != 0)) {
    fprintf (stderr, "usage: guest-net ADDRESS PORT send|recv SECONDS\n");
    return 2;
  }
  sending = strcmp (argv[3], "send") == 0;
  addr.sin_port = htons ((unsigned short) atoi (argv[2]));
  if (inet_pton (AF_INET, argv[1], &addr.sin_addr) != 1) {
    fprintf (stderr, "guest-net: %s is not an IPv4 address\n", argv[1]);
    return 2;
  }
  double seconds = strtod (argv[4], NULL);

  int fd = socket (AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
    fprintf (stderr, "guest-net: cannot connect to %s:%s: %s\n", argv[1], argv[2],
             strerror (errno));
    return 1;
  }
  memset (buf, 0x5a, sizeof buf);

  double start = now () + WARM_UP_SECONDS, end = start + seconds, t;
  unsigned long long bytes = 0;
  while ((t = now ()) < end) {
    ssize_t n = sending ? write (fd, buf, sizeof buf) : read (fd, buf, sizeof buf);
    if (n <= 0) {
      fprintf (stderr, "guest-net: the connection ended: %s\n", n < 0 ? strerror (errno) : "");
      return 1;
    }
    if (t >= start)
      bytes += (unsigned long long) n;
  }
  close (fd);
  printf ("guest-net: %s seconds=%.2f bytes=%llu MB/s=%.2f\n", argv[3], seconds, bytes,
          bytes / seconds / 1e6);
  return 0;
}

/* test-sandbox.c: the default guest under pvm-vmm --sandbox, with a disk and user-mode
 * networking — it writes its disk, fetches a file from a server on the host, serves one back
 * through a host forward, reboots and powers off, all within the seccomp allow-list. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "common/console.h"
#include "http-test.h"

#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 120.0

static void
run (PvmTestConsole *con, const char *command, const char *expected)
{
  g_autofree char *line = g_strdup_printf ("%s; echo done-$((40+2))\n", command);

  pvm_test_console_send (con, line);
  if (!pvm_test_console_expect (con, "done-42", CMD_TIMEOUT))
    g_error ("“%s” did not finish", command);
  if (!strstr (pvm_test_console_last_output (con), expected))
    g_error ("“%s” printed “%s”, without “%s”", command, pvm_test_console_last_output (con),
             expected);
}

/* A TCP port on 127.0.0.1 that nothing listens on now. */
static guint16
free_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  g_autoptr (GSocketAddress) bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_a_sandboxed_guest_uses_its_disk_and_network (void)
{
  g_autofree char *dir = pvm_test_guest_dir ();
  if (!dir)
    return;
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  g_autofree char *initrd = g_build_filename (dir, "initramfs.cpio.gz", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *disk = NULL;
  int fd = g_file_open_tmp ("pvm-sandbox-disk-XXXXXX", &disk, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, 16 << 20), ==, 0);
  close (fd);
  guint16 forward = free_port ();
  g_autofree char *net = g_strdup_printf ("user,hostfwd=tcp:127.0.0.1:%u-:8080", forward);
  const char *argv[] = {
    "--kernel", image, "--initrd", initrd, "--append", "console=ttyS0 quiet",
    "--memory", "256M", "--smp", "2", "--serial", "stdio", "--disk", disk, "--net", net,
    "--sandbox", NULL,
  };
  g_autoptr (PvmTestConsole) con = pvm_test_console_start ("sandbox", argv);
  g_assert_true (pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT));

  run (con, "echo sandboxed-disk > /dev/vda && sync && head -c 14 /dev/vda", "sandboxed-disk");
  run (con, "ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && "
            "ip route add default via 10.0.2.2 && echo up", "up");
  g_autoptr (GBytes) blob = pvm_test_http_blob (256 * 1024);
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, blob);
  PvmTestHttp *http = pvm_test_http_serve (NULL, "127.0.0.1", blob);
  g_autofree char *fetch = g_strdup_printf ("wget -q -O /tmp/blob http://10.0.2.2:%u/b && "
                                            "sha256sum /tmp/blob", pvm_test_http_get_port (http));
  run (con, fetch, sum);
  g_assert_true (pvm_test_http_finish (http));
  run (con, "mkdir -p /tmp/www && echo from-the-sandbox > /tmp/www/i && "
            "httpd -p 8080 -h /tmp/www && echo serving", "serving");
  g_autoptr (GBytes) got = pvm_test_http_fetch ("127.0.0.1", forward, "/i");
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "from-the-sandbox\n",
                   17);

  pvm_test_console_send (con, "reboot -f\n");
  g_assert_true (pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT));
  run (con, "head -c 14 /dev/vda", "sandboxed-disk");
  pvm_test_console_send (con, "poweroff -f\n");
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
  g_unlink (disk);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/integration/sandbox/a-sandboxed-guest-uses-its-disk-and-network",
                   test_a_sandboxed_guest_uses_its_disk_and_network);
  return g_test_run ();
}

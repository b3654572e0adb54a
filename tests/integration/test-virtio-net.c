/* test-virtio-net.c: the default guest on a virtio network card — on user-mode networking it
 * fetches a file over TCP from a server this test runs on the host, and this test fetches one
 * from a server in the guest through a host forward; on a tap device on a bridge in a network
 * namespace (system mode) the two sides ping each other and talk TCP. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/console.h"

#define BOOT_TIMEOUT 240.0
#define CMD_TIMEOUT 120.0
#define IO_TIMEOUT_MS 120000
#define BLOB_SIZE (1 << 20)
#define SEQ_COUNT 100000 /* the guest serves `seq 1 SEQ_COUNT` */

/* ---- host sockets, optionally in a network namespace ---- */

/* Moves the calling thread into the network namespace @ns (from `ip netns add`). */
static void
enter_netns (const char *ns)
{
  g_autofree char *path = g_build_filename ("/run/netns", ns, NULL);
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setns (fd, CLONE_NEWNET), ==, 0);
  close (fd);
}

static void
sockaddr_set (struct sockaddr_in *sa, const char *addr, uint16_t port)
{
  memset (sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons (port);
  g_assert_cmpint (inet_pton (AF_INET, addr, &sa->sin_addr), ==, 1);
}

/* Waits for @fd to be ready for @events; FALSE on timeout. */
static gboolean
wait_fd (int fd, short events)
{
  struct pollfd p = { .fd = fd, .events = events };
  int r;

  do
    r = poll (&p, 1, IO_TIMEOUT_MS);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

static gboolean
write_all (int fd, const void *buf, size_t len)
{
  const uint8_t *p = buf;

  while (len) {
    ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    p += n;
    len -= (size_t) n;
  }
  return TRUE;
}

/* A one-request HTTP server: answers the first GET with @body. */
typedef struct {
  char *ns;   /* or NULL: the test's own namespace */
  char *addr; /* where it listens */
  uint16_t port; /* set by the thread once it listens */
  int listen_fd;
  GBytes *body;
  gboolean served;
} HttpServer;

static void
http_answer (HttpServer *s, int fd)
{
  char req[4096];
  size_t len = 0;

  req[0] = '\0';
  while (len < sizeof req - 1 && wait_fd (fd, POLLIN)) {
    ssize_t n = recv (fd, req + len, sizeof req - 1 - len, 0);
    if (n <= 0)
      break;
    len += (size_t) n;
    req[len] = '\0';
    if (strstr (req, "\r\n\r\n"))
      break;
  }
  gsize body_len;
  const void *body = g_bytes_get_data (s->body, &body_len);
  g_autofree char *head = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: application/"
                                           "octet-stream\r\nContent-Length: %" G_GSIZE_FORMAT
                                           "\r\n\r\n", body_len);
  if (g_str_has_prefix (req, "GET ") && write_all (fd, head, strlen (head)) &&
      write_all (fd, body, body_len))
    s->served = TRUE;
  shutdown (fd, SHUT_WR);
}

static gpointer
http_server_thread (gpointer data)
{
  HttpServer *s = data;
  struct sockaddr_in sa;
  socklen_t sa_len = sizeof sa;
  int one = 1;

  if (s->ns)
    enter_netns (s->ns);
  s->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (s->listen_fd, >=, 0);
  setsockopt (s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_set (&sa, s->addr, 0);
  g_assert_cmpint (bind (s->listen_fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (s->listen_fd, 4), ==, 0);
  g_assert_cmpint (getsockname (s->listen_fd, (struct sockaddr *) &sa, &sa_len), ==, 0);
  __atomic_store_n (&s->port, ntohs (sa.sin_port), __ATOMIC_RELEASE);

  if (wait_fd (s->listen_fd, POLLIN)) {
    int fd = accept4 (s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0) {
      http_answer (s, fd);
      close (fd);
    }
  }
  return NULL;
}

/* Starts serving @body once at @addr, in namespace @ns if not NULL; returns the port. */
static GThread *
http_serve (HttpServer *s, const char *ns, const char *addr, GBytes *body, uint16_t *port)
{
  memset (s, 0, sizeof *s);
  s->ns = g_strdup (ns);
  s->addr = g_strdup (addr);
  s->body = g_bytes_ref (body);
  s->listen_fd = -1;
  GThread *thread = g_thread_new ("http-server", http_server_thread, s);
  while (!(*port = __atomic_load_n (&s->port, __ATOMIC_ACQUIRE)))
    g_usleep (1000);
  return thread;
}

/* Joins the server; returns whether it answered a request. */
static gboolean
http_server_finish (HttpServer *s, GThread *thread)
{
  g_thread_join (thread);
  if (s->listen_fd >= 0)
    close (s->listen_fd);
  g_bytes_unref (s->body);
  g_free (s->ns);
  g_free (s->addr);
  return s->served;
}

typedef struct {
  const char *ns, *addr, *path;
  uint16_t port;
  GByteArray *reply;
} HttpGet;

static gpointer
http_get_thread (gpointer data)
{
  HttpGet *g = data;
  struct sockaddr_in sa;
  uint8_t buf[65536];

  if (g->ns)
    enter_netns (g->ns);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  sockaddr_set (&sa, g->addr, g->port);
  if (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0) {
    g_autofree char *req = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", g->path,
                                            g->addr);
    if (write_all (fd, req, strlen (req))) {
      while (wait_fd (fd, POLLIN)) {
        ssize_t n = recv (fd, buf, sizeof buf, 0);
        if (n <= 0)
          break;
        g_byte_array_append (g->reply, buf, (guint) n);
      }
    }
  }
  close (fd);
  return NULL;
}

/* Fetches http://@addr:@port@path from the namespace @ns (or this one); returns the body of a
 * 200 answer, or NULL. */
static GBytes *
http_get (const char *ns, const char *addr, uint16_t port, const char *path)
{
  HttpGet g = { ns, addr, path, port, g_byte_array_new () };

  g_thread_join (g_thread_new ("http-get", http_get_thread, &g));
  g_autoptr (GByteArray) reply = g.reply;
  const char *text = (const char *) reply->data;
  const char *end = g_strstr_len (text, reply->len, "\r\n\r\n");
  if (!end || reply->len < 12 || memcmp (text, "HTTP/1.", 7) != 0 || memcmp (text + 9, "200", 3))
    return NULL;
  gsize skip = (gsize) (end + 4 - text);
  return g_bytes_new (reply->data + skip, reply->len - skip);
}

/* A TCP port on 127.0.0.1 that nothing listens on now. */
static uint16_t
free_port (void)
{
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  sockaddr_set (&sa, "127.0.0.1", 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  close (fd);
  return ntohs (sa.sin_port);
}

static GBytes *
make_blob (void)
{
  uint8_t *data = g_malloc (BLOB_SIZE);
  GRand *rand = g_rand_new_with_seed (4242);

  for (size_t i = 0; i < BLOB_SIZE; i += 4) {
    guint32 v = g_rand_int (rand);
    memcpy (data + i, &v, 4);
  }
  g_rand_free (rand);
  return g_bytes_new_take (data, BLOB_SIZE);
}

static GBytes *
make_seq (void)
{
  GString *s = g_string_new (NULL);

  for (unsigned i = 1; i <= SEQ_COUNT; i++)
    g_string_append_printf (s, "%u\n", i);
  gsize len = s->len;
  return g_bytes_new_take (g_string_free (s, FALSE), len);
}

/* ---- the guest ---- */

static PvmTestConsole *
boot_with_net (const char *name, const char *net, const char *vmm_wrapper)
{
  g_autofree char *dir = pvm_test_guest_dir ();
  if (!dir)
    return NULL;
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  g_autofree char *initrd = g_build_filename (dir, "initramfs.cpio.gz", NULL);
  const char *argv[] = {
    "--kernel", image, "--initrd", initrd, "--append", "console=ttyS0 quiet",
    "--memory", "256M", "--smp", "2", "--serial", "stdio", "--net", net, NULL,
  };
  g_autofree char *vmm = g_strdup (g_getenv ("PVM_VMM"));

  if (vmm_wrapper)
    g_setenv ("PVM_VMM", vmm_wrapper, TRUE);
  PvmTestConsole *con = pvm_test_console_start (name, argv);
  if (vmm_wrapper)
    g_setenv ("PVM_VMM", vmm, TRUE);
  if (!pvm_test_console_expect (con, "pvm-guest: init reached", BOOT_TIMEOUT)) {
    g_test_fail_printf ("the guest did not reach its init");
    pvm_test_console_free (con);
    return NULL;
  }
  return con;
}

/* Runs @command in the guest shell; its output is then pvm_test_console_last_output(). */
static void
run_command (PvmTestConsole *con, const char *command)
{
  g_autofree char *line = g_strdup_printf ("%s; echo done-$((40+2))\n", command);

  pvm_test_console_send (con, line);
  if (!pvm_test_console_expect (con, "done-42", CMD_TIMEOUT))
    g_error ("“%s” did not finish", command);
}

static void
assert_command_prints (PvmTestConsole *con, const char *command, const char *expected)
{
  run_command (con, command);
  const char *out = pvm_test_console_last_output (con);
  if (!strstr (out, expected))
    g_error ("“%s” printed “%s”, without “%s”", command, out, expected);
}

static void
power_off (PvmTestConsole *con)
{
  pvm_test_console_send (con, "poweroff -f\n");
  g_assert_cmpint (pvm_test_console_wait (con, CMD_TIMEOUT), ==, 0);
}

/* Serves `seq 1 SEQ_COUNT` on port 8080 of the guest with busybox httpd. */
static void
guest_serve_seq (PvmTestConsole *con)
{
  g_autofree char *cmd = g_strdup_printf ("mkdir -p /tmp/www && seq 1 %u > /tmp/www/seq && "
                                          "httpd -p 8080 -h /tmp/www", SEQ_COUNT);
  run_command (con, cmd);
}

/* ---- user-mode networking ---- */

static void
test_user_mode_networking_reaches_both_ways (void)
{
  g_autoptr (GBytes) blob = make_blob ();
  g_autoptr (GBytes) seq = make_seq ();
  g_autofree char *blob_sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, blob);
  uint16_t fwd_port = free_port ();
  g_autofree char *net = g_strdup_printf ("user,hostfwd=tcp:127.0.0.1:%u-:8080", fwd_port);
  g_autoptr (PvmTestConsole) con = boot_with_net ("virtio-net-user", net, NULL);
  if (!con)
    return;

  run_command (con, "ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && "
                    "ip route add default via 10.0.2.2");
  assert_command_prints (con, "cat /sys/class/net/eth0/address", "52:54:00:12:34:56");

  /* The guest fetches from the host's loopback, which it sees as 10.0.2.2. */
  HttpServer server;
  uint16_t port;
  GThread *thread = http_serve (&server, NULL, "127.0.0.1", blob, &port);
  g_autofree char *fetch = g_strdup_printf ("wget -q -O /tmp/blob http://10.0.2.2:%u/blob && "
                                            "sha256sum /tmp/blob", port);
  assert_command_prints (con, fetch, blob_sum);
  g_assert_true (http_server_finish (&server, thread));

  /* The host reaches the guest's server through the forward. */
  guest_serve_seq (con);
  g_autoptr (GBytes) got = http_get (NULL, "127.0.0.1", fwd_port, "/seq");
  g_assert_nonnull (got);
  g_assert_true (g_bytes_equal (got, seq));

  power_off (con);
}

static void
test_a_taken_forward_port_is_refused_at_startup (void)
{
  const char *vmm = g_getenv ("PVM_VMM");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  int status;

  g_assert_nonnull (vmm);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_set (&sa, "127.0.0.1", 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (fd, 1), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  g_autofree char *net = g_strdup_printf ("user,hostfwd=tcp:127.0.0.1:%u-:22",
                                          ntohs (sa.sin_port));
  g_autofree char *dir = pvm_test_guest_dir ();
  g_autofree char *image = g_build_filename (dir, "Image", NULL);
  const char *argv[] = { vmm, "--kernel", image, "--serial", "none", "--net", net, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  close (fd);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_autofree char *expected = g_strdup_printf ("pvm-vmm: Cannot forward TCP port 127.0.0.1:%u "
                                               "of the host to 10.0.2.15:22 in the guest: *\n",
                                               ntohs (sa.sin_port));
  if (!g_pattern_match_simple (expected, err))
    g_error ("pvm-vmm said “%s”", err);
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

/* ---- a tap device on a bridge ---- */

typedef struct {
  char ns[32];
  char *wrapper; /* runs pvm-vmm in the namespace */
} Netns;

static gboolean
run_ip (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_ptr_array_add (argv, "ip");
  for (; *args; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
                     G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL)) {
    g_test_message ("ip: %s", err);
    return FALSE;
  }
  return TRUE;
}

/* A namespace with bridge br0 (192.168.77.1/24) and tap0 on it; FALSE (test skipped) if the
 * host does not allow it. */
static gboolean
netns_setup (Netns *n)
{
  g_snprintf (n->ns, sizeof n->ns, "pvmtest-%d", (int) getpid ());
  const char *add[] = { "netns", "add", n->ns, NULL };
  g_autofree char *ip = g_find_program_in_path ("ip");
  if (geteuid () != 0 || !ip || !run_ip (add)) {
    g_test_skip ("creating a network namespace needs root and iproute2");
    return FALSE;
  }
  const char *steps[][12] = {
    { "-n", n->ns, "link", "add", "br0", "type", "bridge", NULL },
    { "-n", n->ns, "tuntap", "add", "dev", "tap0", "mode", "tap", NULL },
    { "-n", n->ns, "link", "set", "tap0", "master", "br0", NULL },
    { "-n", n->ns, "addr", "add", "192.168.77.1/24", "dev", "br0", NULL },
    { "-n", n->ns, "link", "set", "lo", "up", NULL },
    { "-n", n->ns, "link", "set", "br0", "up", NULL },
    { "-n", n->ns, "link", "set", "tap0", "up", NULL },
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_true (run_ip (steps[i]));

  g_autoptr (GError) error = NULL;
  int fd = g_file_open_tmp ("pvm-netns-vmm-XXXXXX", &n->wrapper, &error);
  g_assert_no_error (error);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nexec ip netns exec %s '%s' \"$@\"\n",
                                             n->ns, g_getenv ("PVM_VMM"));
  g_assert_cmpint (write (fd, script, strlen (script)), ==, (ssize_t) strlen (script));
  close (fd);
  g_assert_cmpint (g_chmod (n->wrapper, 0700), ==, 0);
  return TRUE;
}

static void
netns_teardown (Netns *n)
{
  const char *del[] = { "netns", "del", n->ns, NULL };

  g_assert_true (run_ip (del));
  g_unlink (n->wrapper);
  g_free (n->wrapper);
}

static void
test_a_tap_on_a_bridge_joins_the_hosts_network (void)
{
  Netns n;

  if (!netns_setup (&n))
    return;
  g_autoptr (GBytes) blob = make_blob ();
  g_autoptr (GBytes) seq = make_seq ();
  g_autofree char *blob_sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, blob);
  g_autoptr (PvmTestConsole) con = boot_with_net ("virtio-net-tap",
                                                  "tap,ifname=tap0,mac=52:54:00:77:00:02",
                                                  n.wrapper);
  if (!con) {
    netns_teardown (&n);
    return;
  }

  run_command (con, "ip addr add 192.168.77.2/24 dev eth0 && ip link set eth0 up");
  assert_command_prints (con, "ping -c 3 -W 5 192.168.77.1", "3 packets received");

  /* TCP both ways: the guest fetches from the bridge's side, the host from the guest. */
  HttpServer server;
  uint16_t port;
  GThread *thread = http_serve (&server, n.ns, "192.168.77.1", blob, &port);
  g_autofree char *fetch = g_strdup_printf ("wget -q -O /tmp/blob http://192.168.77.1:%u/b && "
                                            "sha256sum /tmp/blob", port);
  assert_command_prints (con, fetch, blob_sum);
  g_assert_true (http_server_finish (&server, thread));

  guest_serve_seq (con);
  g_autoptr (GBytes) got = http_get (n.ns, "192.168.77.2", 8080, "/seq");
  g_assert_nonnull (got);
  g_assert_true (g_bytes_equal (got, seq));

  power_off (con);
  netns_teardown (&n);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/integration/virtio-net/user-mode-networking-reaches-both-ways",
                   test_user_mode_networking_reaches_both_ways);
  g_test_add_func ("/integration/virtio-net/a-taken-forward-port-is-refused-at-startup",
                   test_a_taken_forward_port_is_refused_at_startup);
  g_test_add_func ("/integration/virtio-net/a-tap-on-a-bridge-joins-the-hosts-network",
                   test_a_tap_on_a_bridge_joins_the_hosts_network);
  return g_test_run ();
}

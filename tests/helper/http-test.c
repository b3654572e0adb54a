/* http-test.c: a one-request HTTP server and GET for the network tests. */
#include "http-test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HTTP_TIMEOUT_MS 120000

struct PvmTestHttp {
  char *netns, *addr;
  GBytes *body;
  int listen_fd;
  uint16_t port;
  gboolean served;
  GMutex lock;
  GCond listening;
  GThread *thread;
};

static gboolean
wait_readable (int fd)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };
  int r;

  do
    r = poll (&p, 1, HTTP_TIMEOUT_MS);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

static gboolean
send_all (int fd, const void *data, gsize len)
{
  const char *p = data;

  while (len > 0) {
    ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    p += n;
    len -= (gsize) n;
  }
  return TRUE;
}

static void
sockaddr_set (struct sockaddr_in *sa, const char *addr, uint16_t port)
{
  memset (sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons (port);
  g_assert_cmpint (inet_pton (AF_INET, addr, &sa->sin_addr), ==, 1);
}

/* Reads the request head on @fd; TRUE if it is a GET. */
static gboolean
read_get (int fd)
{
  char head[4096];
  gsize len = 0;

  head[0] = '\0';
  while (len < sizeof head - 1 && !strstr (head, "\r\n\r\n") && wait_readable (fd)) {
    ssize_t n = recv (fd, head + len, sizeof head - 1 - len, 0);
    if (n <= 0)
      break;
    len += (gsize) n;
    head[len] = '\0';
  }
  return g_str_has_prefix (head, "GET ");
}

static gpointer
http_thread (gpointer data)
{
  PvmTestHttp *http = data;
  struct sockaddr_in sa;
  socklen_t sa_len = sizeof sa;
  int one = 1;

  if (http->netns) {
    g_autofree char *path = g_build_filename ("/run/netns", http->netns, NULL);
    int ns = open (path, O_RDONLY | O_CLOEXEC);
    g_assert_cmpint (ns, >=, 0);
    g_assert_cmpint (setns (ns, CLONE_NEWNET), ==, 0);
    close (ns);
  }
  http->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (http->listen_fd, >=, 0);
  setsockopt (http->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_set (&sa, http->addr, 0);
  g_assert_cmpint (bind (http->listen_fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (http->listen_fd, 4), ==, 0);
  g_assert_cmpint (getsockname (http->listen_fd, (struct sockaddr *) &sa, &sa_len), ==, 0);
  g_mutex_lock (&http->lock);
  http->port = ntohs (sa.sin_port);
  g_cond_signal (&http->listening);
  g_mutex_unlock (&http->lock);

  if (!wait_readable (http->listen_fd))
    return NULL;
  int fd = accept4 (http->listen_fd, NULL, NULL, SOCK_CLOEXEC);
  if (fd < 0)
    return NULL;
  if (read_get (fd)) {
    gsize size;
    const void *body = g_bytes_get_data (http->body, &size);
    g_autofree char *head = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Length: %"
                                             G_GSIZE_FORMAT "\r\n\r\n", size);
    http->served = send_all (fd, head, strlen (head)) && send_all (fd, body, size);
  }
  shutdown (fd, SHUT_WR);
  close (fd);
  return NULL;
}

PvmTestHttp *
pvm_test_http_serve (const char *netns, const char *addr, GBytes *body)
{
  PvmTestHttp *http = g_new0 (PvmTestHttp, 1);

  http->netns = g_strdup (netns);
  http->addr = g_strdup (addr);
  http->body = g_bytes_ref (body);
  http->listen_fd = -1;
  g_mutex_init (&http->lock);
  g_cond_init (&http->listening);
  http->thread = g_thread_new ("http-server", http_thread, http);
  g_mutex_lock (&http->lock);
  while (!http->port)
    g_cond_wait (&http->listening, &http->lock);
  g_mutex_unlock (&http->lock);
  return http;
}

uint16_t
pvm_test_http_get_port (PvmTestHttp *http)
{
  return http->port;
}

gboolean
pvm_test_http_finish (PvmTestHttp *http)
{
  gboolean served;

  g_thread_join (http->thread);
  served = http->served;
  if (http->listen_fd >= 0)
    close (http->listen_fd);
  g_bytes_unref (http->body);
  g_mutex_clear (&http->lock);
  g_cond_clear (&http->listening);
  g_free (http->netns);
  g_free (http->addr);
  g_free (http);
  return served;
}

GBytes *
pvm_test_http_fetch (const char *addr, uint16_t port, const char *path)
{
  g_autoptr (GByteArray) reply = g_byte_array_new ();
  struct sockaddr_in sa;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  sockaddr_set (&sa, addr, port);
  if (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0) {
    g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path,
                                                addr);
    if (send_all (fd, request, strlen (request))) {
      guint8 buf[16384];
      ssize_t n;
      while (wait_readable (fd) && (n = recv (fd, buf, sizeof buf, 0)) > 0)
        g_byte_array_append (reply, buf, (guint) n);
    }
  }
  close (fd);

  const char *text = (const char *) reply->data;
  const char *end = reply->len ? g_strstr_len (text, reply->len, "\r\n\r\n") : NULL;
  if (!end || reply->len < 12 || memcmp (text, "HTTP/1.", 7) != 0 || memcmp (text + 9, "200", 3))
    return NULL;
  gsize skip = (gsize) (end + 4 - text);
  return g_bytes_new (reply->data + skip, reply->len - skip);
}

GBytes *
pvm_test_http_blob (gsize size)
{
  guint8 *data = g_malloc (size);
  guint32 x = 0x9e3779b9;

  for (gsize i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    data[i] = (guint8) x;
  }
  return g_bytes_new_take (data, size);
}

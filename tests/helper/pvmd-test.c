/* pvmd-test.c: pvmd on a private session bus for the helper tests, and its janitor. */
#include "pvmd-test.h"

#include <dirent.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/console.h"
#include "common/pvm-error.h"

/* ---- stray machines ---- */

/* Returns the pid serving the serial socket at @path, or -1. */
static pid_t
serial_peer_pid (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct ucred cred;
  socklen_t len = sizeof cred;
  pid_t pid = -1;
  int fd;

  if (strlen (path) >= sizeof addr.sun_path)
    return -1;
  memcpy (addr.sun_path, path, strlen (path) + 1);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
      getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
    pid = cred.pid;
  if (fd >= 0)
    close (fd);
  return pid;
}

/* Kills every pvm-vmm serving below @dir (<test>/run/pvm/<uuid>/serial, two levels of tests
 * deep at most). Uses only system calls: it also runs in the janitor. */
static void
kill_machines_below (const char *dir, int depth)
{
  DIR *d = opendir (dir);
  struct dirent *e;

  if (!d)
    return;
  while ((e = readdir (d))) {
    char path[512];
    if (e->d_name[0] == '.')
      continue;
    snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
    if (e->d_type == DT_SOCK && strcmp (e->d_name, "serial") == 0) {
      pid_t pid = serial_peer_pid (path);
      if (pid > 0)
        kill (pid, SIGKILL);
    } else if (e->d_type == DT_DIR && depth < 5) {
      kill_machines_below (path, depth + 1);
    }
  }
  closedir (d);
}

/* Kills the processes whose pids each test directory below @dir records: <test>/pvmd.pid
 * and <test>/bus.pid (the test bus's dbus-daemon, which GTestDBus's own watcher does not
 * reach after an abort). */
static void
kill_recorded_below (const char *dir)
{
  static const char *const files[] = { "pvmd.pid", "bus.pid" };
  DIR *d = opendir (dir);
  struct dirent *e;

  if (!d)
    return;
  while ((e = readdir (d))) {
    if (e->d_name[0] == '.')
      continue;
    for (unsigned i = 0; i < G_N_ELEMENTS (files); i++) {
      char path[512], text[32] = "";
      snprintf (path, sizeof path, "%s/%s/%s", dir, e->d_name, files[i]);
      int fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        continue;
      if (read (fd, text, sizeof text - 1) > 0 && atoi (text) > 0)
        kill (atoi (text), SIGKILL);
      close (fd);
    }
  }
  closedir (d);
}

/* Forks a process that waits for this one to end (it is sent SIGUSR1 then), however that
 * happens, then kills the pvmds, buses and machines below @dir and removes it. */
void
pvm_test_pvmd_start_janitor (const char *dir)
{
  pid_t parent = getpid ();
  sigset_t usr1;

  sigemptyset (&usr1);
  sigaddset (&usr1, SIGUSR1);
  if (fork () == 0) {
    int null = open ("/dev/null", O_RDWR);
    int signo;

    dup2 (null, STDIN_FILENO); /* nothing waits for the janitor's output */
    dup2 (null, STDOUT_FILENO);
    dup2 (null, STDERR_FILENO);
    setsid ();
    sigprocmask (SIG_BLOCK, &usr1, NULL);
    prctl (PR_SET_PDEATHSIG, SIGUSR1);
    if (getppid () == parent)
      sigwait (&usr1, &signo);
    kill_recorded_below (dir);
    kill_machines_below (dir, 0);
    execlp ("rm", "rm", "-rf", dir, (char *) NULL);
    _exit (0);
  }
}

/* ---- pvmd ---- */

static gboolean
bus_has_pvmd (PvmTestPvmd *f)
{
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    f->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "NameHasOwner", g_variant_new ("(s)", "org.pvm.Hypervisor1"), G_VARIANT_TYPE ("(b)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Starts pvmd on the test bus and waits until it owns its name; then lists its objects. */
void
pvm_test_pvmd_start (PvmTestPvmd *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *store = g_strdup_printf ("--store=%s", f->store);
  g_autofree char *vmm = g_strdup_printf ("--vmm=%s", g_getenv ("PVM_VMM"));
  const char *argv[] = { g_getenv ("PVMD"), "--session", store, vmm, NULL };

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                g_test_dbus_get_bus_address (f->bus), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", f->runtime, TRUE);
  /* The default storage pool goes to $XDG_DATA_HOME/pvm/images: the test's, not the user's. */
  g_autofree char *data_home = g_build_filename (f->dir, "data", NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "pvmd", TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO)); /* stdout is TAP */
  f->pvmd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_autofree char *pidfile = g_build_filename (f->dir, "pvmd.pid", NULL);
  g_assert_true (g_file_set_contents (pidfile, g_subprocess_get_identifier (f->pvmd), -1, NULL));

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!bus_has_pvmd (f) && g_get_monotonic_time () < deadline) {
    g_assert_nonnull (g_subprocess_get_identifier (f->pvmd)); /* NULL once it has ended */
    g_usleep (20 * 1000);
  }
  g_assert_true (bus_has_pvmd (f));

  f->manager = pvm_object_manager_client_new_sync (
    f->connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START, "org.pvm.Hypervisor1",
    "/org/pvm/Hypervisor1", NULL, &error);
  g_assert_no_error (error);
  f->host = PVM_HOST (g_dbus_object_manager_get_interface (
    f->manager, "/org/pvm/Hypervisor1/Host", "org.pvm.Hypervisor1.Host"));
  g_assert_nonnull (f->host);
}

static void
pvmd_forget (PvmTestPvmd *f)
{
  g_clear_object (&f->host);
  g_clear_object (&f->manager);
  g_clear_object (&f->pvmd);
}

/* Stops pvmd with @signo and waits for it to end and for the bus to have seen it go, so that
 * the next object manager never hears of the old owner. */
void
pvm_test_pvmd_stop (PvmTestPvmd *f, int signo)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_subprocess_send_signal (f->pvmd, signo);
  g_assert_true (g_subprocess_wait (f->pvmd, NULL, NULL));
  pvmd_forget (f);
  while (bus_has_pvmd (f) && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_false (bus_has_pvmd (f));
}

void
pvm_test_pvmd_make_bus (PvmTestPvmd *f, const char *dir, const char *service_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = g_build_filename (dir, "test-XXXXXX", NULL);

  f->dir = g_strdup (g_mkdtemp (template));
  g_assert_nonnull (f->dir);
  f->store = g_build_filename (f->dir, "store", NULL);
  f->runtime = g_build_filename (f->dir, "run", NULL);
  g_assert_cmpint (g_mkdir (f->runtime, 0700), ==, 0);

  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  if (service_dir)
    g_test_dbus_add_service_dir (f->bus, service_dir);
  g_test_dbus_up (f->bus);
  f->connection = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (f->bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  /* The janitor kills the bus's dbus-daemon by this pid if the test aborts. */
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    f->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
    "GetConnectionUnixProcessID", g_variant_new ("(s)", "org.freedesktop.DBus"),
    G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  guint32 bus_pid;
  g_variant_get (reply, "(u)", &bus_pid);
  g_autofree char *pidfile = g_build_filename (f->dir, "bus.pid", NULL);
  g_autofree char *pid = g_strdup_printf ("%u", bus_pid);
  g_assert_true (g_file_set_contents (pidfile, pid, -1, NULL));
}

void
pvm_test_pvmd_set_up (PvmTestPvmd *f, gconstpointer data)
{
  pvm_test_pvmd_make_bus (f, data, NULL);
  f->guest = pvm_test_guest_dir ();
  pvm_test_pvmd_start (f);
}

void
pvm_test_pvmd_tear_down (PvmTestPvmd *f, gconstpointer data)
{
  if (f->pvmd)
    pvm_test_pvmd_stop (f, SIGTERM);
  kill_machines_below (f->dir, 0);
  g_dbus_connection_close_sync (f->connection, NULL, NULL);
  g_clear_object (&f->connection);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);

  const char *argv[] = { "rm", "-rf", f->dir, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
  g_free (f->store);
  g_free (f->runtime);
  g_free (f->guest);
}

/* ---- domains ---- */

char *
pvm_test_pvmd_guest_xml (PvmTestPvmd *f, const char *name, const char *uuid, guint memory_mib)
{
  g_autofree char *uuid_element =
    uuid ? g_strdup_printf ("<uuid>%s</uuid>", uuid) : g_strdup ("");

  return g_strdup_printf ("<domain type='qemu'>"
                          "<name>%s</name>%s"
                          "<memory unit='MiB'>%u</memory>"
                          "<vcpu>1</vcpu>"
                          "<os><type>linux</type>"
                          "<kernel>%s/Image</kernel>"
                          "<initrd>%s/initramfs.cpio.gz</initrd>"
                          "<cmdline>console=ttyS0 quiet</cmdline></os>"
                          "</domain>",
                          name, uuid_element, memory_mib, f->guest, f->guest);
}

void
pvm_test_iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

/* Returns the Domain proxy at @path once the ObjectManager lists it (a new reference). */
PvmDomain *
pvm_test_pvmd_get_domain (PvmTestPvmd *f, const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GDBusInterface *iface;

  while (!(iface = g_dbus_object_manager_get_interface (f->manager, path,
                                                        "org.pvm.Hypervisor1.Domain")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (iface);
  return PVM_DOMAIN (iface);
}

PvmDomain *
pvm_test_find_domain (GDBusObjectManager *manager, const char *name)
{
  g_autolist (GDBusObject) objects = g_dbus_object_manager_get_objects (manager);

  for (GList *l = objects; l; l = l->next) {
    PvmDomain *domain = pvm_object_peek_domain (PVM_OBJECT (l->data));
    if (domain && g_strcmp0 (pvm_domain_get_name (domain), name) == 0)
      return g_object_ref (domain);
  }
  return NULL;
}

PvmDomain *
pvm_test_wait_for_domain (GDBusObjectManager *manager, const char *name, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  PvmDomain *domain;

  while (!(domain = pvm_test_find_domain (manager, name)) && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  return domain;
}

/* Defines the default guest as @name and returns its proxy. */
PvmDomain *
pvm_test_pvmd_define_guest (PvmTestPvmd *f, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = pvm_test_pvmd_guest_xml (f, name, NULL, 256);
  g_autofree char *path = NULL;

  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  return pvm_test_pvmd_get_domain (f, path);
}

void
pvm_test_domain_wait_for_state (PvmDomain *domain, const char *state)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_STATE_TIMEOUT * G_USEC_PER_SEC);

  while (g_strcmp0 (pvm_domain_get_state (domain), state) != 0 &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpstr (pvm_domain_get_state (domain), ==, state);
}

void
pvm_test_domain_wait_for_reason (PvmDomain *domain, const char *fragment)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (PVM_TEST_STATE_TIMEOUT * G_USEC_PER_SEC);

  while (!strstr (pvm_domain_get_state_reason (domain) ?: "", fragment) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_test_message ("reason: %s", pvm_domain_get_state_reason (domain));
  g_assert_nonnull (strstr (pvm_domain_get_state_reason (domain) ?: "", fragment));
}

void
pvm_test_domain_start (PvmDomain *domain)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_domain_call_start_sync (domain, NULL, &error));
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (domain, "running");
}

void
pvm_test_domain_destroy (PvmDomain *domain)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pvm_domain_call_destroy_sync (domain, NULL, &error));
  g_assert_no_error (error);
  pvm_test_domain_wait_for_state (domain, "shutoff");
  pvm_test_domain_wait_for_reason (domain, "The domain was destroyed");
}

/* Opens the domain's serial console and waits for its shell. */
PvmTestSerial *
pvm_test_domain_open_serial (PvmDomain *domain, const char *log_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GUnixFDList) fds = NULL;

  g_assert_true (pvm_domain_call_open_serial_sync (domain, "", NULL, &handle, &fds, NULL,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unix_fd_list_get_length (fds), ==, 1);
  int fd = g_unix_fd_list_get (fds, g_variant_get_handle (handle), &error);
  g_assert_no_error (error);

  PvmTestSerial *serial = pvm_test_serial_new (fd, log_name);
  g_assert_true (pvm_test_serial_wait_for_shell (serial, PVM_TEST_BOOT_TIMEOUT));
  return serial;
}

/* Returns the pid of the VMM at the other end of @serial. */
pid_t
pvm_test_serial_peer_pid (PvmTestSerial *serial)
{
  struct ucred cred;
  socklen_t len = sizeof cred;

  g_assert_cmpint (getsockopt (pvm_test_serial_get_fd (serial), SOL_SOCKET, SO_PEERCRED, &cred,
                               &len), ==, 0);
  return cred.pid;
}

/* Checks that @error is PVM_ERROR @code, one sentence that contains @fragment. */
void
pvm_test_assert_pvm_error (GError *error, int code, const char *fragment)
{
  g_assert_error (error, PVM_ERROR, code);
  g_assert_true (g_dbus_error_strip_remote_error (error));
  g_test_message ("answered: %s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strchr (error->message, '\n'));
}

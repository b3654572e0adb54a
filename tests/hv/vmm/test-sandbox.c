/* test-sandbox.c: pvm-vmm's seccomp sandbox (src/hv/vmm/sandbox.c), guest-independent. Each
 * case forks a child that enters the sandbox and then makes calls; a forbidden one must end
 * the whole child with SIGSYS, from whichever thread it comes, and the allowed ones must keep
 * working. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "hv/vmm/sandbox.h"

typedef void (*SandboxedFunc) (int fd);

/* Runs @func in a child that has entered the sandbox (with a pipe to the parent on @fd);
 * returns the child's wait status and what it wrote. */
static int
run_sandboxed (SandboxedFunc func, char *out, size_t out_size)
{
  int pipefd[2];
  int status;
  pid_t pid;

  g_assert_cmpint (pipe2 (pipefd, O_CLOEXEC), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0) {
    const struct rlimit no_core = { 0, 0 };
    g_autoptr (GError) error = NULL;

    close (pipefd[0]);
    setrlimit (RLIMIT_CORE, &no_core); /* the killed child leaves no core file */
    if (!pvm_vmm_sandbox_enter (&error))
      _exit (2);
    func (pipefd[1]);
    _exit (0);
  }
  close (pipefd[1]);
  memset (out, 0, out_size);
  for (size_t len = 0; len < out_size - 1;) {
    ssize_t n = read (pipefd[0], out + len, out_size - 1 - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    len += (size_t) n;
  }
  close (pipefd[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return status;
}

static void
assert_killed_by_sigsys (int status)
{
  if (!WIFSIGNALED (status))
    g_error ("the child was not killed: it exited with %d", WEXITSTATUS (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSYS);
}

static gboolean
have_filter (void)
{
  if (!pvm_vmm_sandbox_has_filter ())
    g_test_skip ("this build has sanitizers: --sandbox installs no seccomp filter");
  return pvm_vmm_sandbox_has_filter ();
}

/* ---- allowed ---- */

static void *
thread_writes (void *data)
{
  int fd = GPOINTER_TO_INT (data);

  if (write (fd, "thread ", 7) != 7)
    _exit (3);
  return NULL;
}

static void
allowed_calls (int fd)
{
  pthread_t thread;
  int sv = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  void *p = mmap (NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 random[16];
  int flags = 1;

  if (sv < 0 || p == MAP_FAILED || munmap (p, 1 << 20) < 0 || getrandom (random, 16, 0) != 16 ||
      ioctl (sv, FIONBIO, &flags) < 0 || prctl (PR_SET_NAME, "sandboxed") < 0)
    _exit (4);
  close (sv);
  if (pthread_create (&thread, NULL, thread_writes, GINT_TO_POINTER (fd)) != 0 ||
      pthread_join (thread, NULL) != 0)
    _exit (5);
  if (write (fd, "main", 4) != 4)
    _exit (6);
}

static void
test_allowed_calls_keep_working (void)
{
  char out[64];

  if (!have_filter ())
    return;
  int status = run_sandboxed (allowed_calls, out, sizeof out);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (out, ==, "thread main");
}

/* ---- forbidden ---- */

static void
opens_a_file (int fd)
{
  if (write (fd, "before", 6) != 6)
    _exit (3);
  if (syscall (SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC) >= 0)
    _exit (4);
  if (errno != EACCES)
    _exit (5);
  if (write (fd, " refused", 8) != 8)
    _exit (3);
}

static void
test_opening_a_file_is_refused (void)
{
  char out[64];

  if (!have_filter ())
    return;
  int status = run_sandboxed (opens_a_file, out, sizeof out);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (out, ==, "before refused");
}

static void *
thread_execs (void *data)
{
  char *const argv[] = { "/bin/true", NULL };

  syscall (SYS_execve, argv[0], argv, NULL);
  return NULL;
}

static void
execs_from_a_thread (int fd)
{
  pthread_t thread;

  if (pthread_create (&thread, NULL, thread_execs, NULL) != 0)
    _exit (5);
  pthread_join (thread, NULL);
  if (write (fd, "survived", 8) != 8)
    _exit (3);
}

static void
test_a_forbidden_call_from_another_thread_kills_the_whole_process (void)
{
  char out[64];

  if (!have_filter ())
    return;
  assert_killed_by_sigsys (run_sandboxed (execs_from_a_thread, out, sizeof out));
  g_assert_cmpstr (out, ==, "");
}

static void
makes_a_unix_socket (int fd)
{
  socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

static void
test_sockets_of_other_families_kill_the_process (void)
{
  char out[8];

  if (!have_filter ())
    return;
  assert_killed_by_sigsys (run_sandboxed (makes_a_unix_socket, out, sizeof out));
}

static void
pushes_terminal_input (int fd)
{
  char c = 'x';

  ioctl (fd, TIOCSTI, &c);
}

static void
test_other_ioctls_kill_the_process (void)
{
  char out[8];

  if (!have_filter ())
    return;
  assert_killed_by_sigsys (run_sandboxed (pushes_terminal_input, out, sizeof out));
}

static void
raises_privileges (int fd)
{
  setuid (0);
}

static void
test_changing_ids_kills_the_process (void)
{
  char out[8];

  if (!have_filter ())
    return;
  assert_killed_by_sigsys (run_sandboxed (raises_privileges, out, sizeof out));
}

/* A child in the sandbox waits on a pipe while the parent reads its /proc status. */
static void
test_the_status_shows_no_new_privileges_and_the_filter (void)
{
  int go[2];
  int status;
  pid_t pid;

  g_assert_cmpint (pipe2 (go, O_CLOEXEC), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0) {
    char c;
    close (go[1]);
    if (!pvm_vmm_sandbox_enter (NULL))
      _exit (2);
    _exit (read (go[0], &c, 1) == 0 ? 0 : 3);
  }
  close (go[0]);

  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  const char *seccomp = pvm_vmm_sandbox_has_filter () ? "Seccomp:\t2\n" : "Seccomp:\t0\n";
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autofree char *text = NULL;
  for (;;) {
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    if ((strstr (text, "NoNewPrivs:\t1\n") && strstr (text, seccomp)) ||
        g_get_monotonic_time () > deadline)
      break;
    g_usleep (10000);
  }
  g_assert_nonnull (strstr (text, "NoNewPrivs:\t1\n"));
  g_assert_nonnull (strstr (text, seccomp));
  close (go[1]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hv/vmm/sandbox/allowed-calls-keep-working",
                   test_allowed_calls_keep_working);
  g_test_add_func ("/hv/vmm/sandbox/opening-a-file-is-refused-with-eacces",
                   test_opening_a_file_is_refused);
  g_test_add_func ("/hv/vmm/sandbox/a-forbidden-call-from-another-thread-kills-the-whole-process",
                   test_a_forbidden_call_from_another_thread_kills_the_whole_process);
  g_test_add_func ("/hv/vmm/sandbox/sockets-of-other-families-kill-the-process",
                   test_sockets_of_other_families_kill_the_process);
  g_test_add_func ("/hv/vmm/sandbox/other-ioctls-kill-the-process",
                   test_other_ioctls_kill_the_process);
  g_test_add_func ("/hv/vmm/sandbox/changing-ids-kills-the-process",
                   test_changing_ids_kills_the_process);
  g_test_add_func ("/hv/vmm/sandbox/the-status-shows-no-new-privileges-and-the-filter",
                   test_the_status_shows_no_new_privileges_and_the_filter);
  return g_test_run ();
}

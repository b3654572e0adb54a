/* test-rescue-disk.c: disk images for the rescue tests. */
#include "test-rescue-disk.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define COPY_CHUNK (64 * 1024)

/* Returns the path of the tool @name: in $PATH, or in /usr/sbin or /sbin, which a user's
 * $PATH may lack. */
static char *
find_tool (const char *name)
{
  static const char *const sbin[] = { "/usr/sbin", "/sbin" };
  char *path = g_find_program_in_path (name);

  for (guint i = 0; !path && i < G_N_ELEMENTS (sbin); i++) {
    path = g_build_filename (sbin[i], name, NULL);
    if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
      g_clear_pointer (&path, g_free);
  }
  if (!path)
    g_error ("%s is not installed (tools/install-deps installs it)", name);
  return path;
}

/* Runs @argv with @input on its stdin (or none) and fails the test, showing its output,
 * unless it succeeds. */
static void
run_tool (const char *const *argv, const char *input)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *tool_path = find_tool (argv[0]);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_strv_builder_add (builder, tool_path);
  g_strv_builder_addv (builder, (const char **) argv + 1);
  g_auto (GStrv) args = g_strv_builder_end (builder);
  g_autoptr (GSubprocess) tool = g_subprocess_newv (
    (const char *const *) args, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
    G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (tool, input, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (tool))
    g_error ("%s failed: %s", argv[0], out);
}

void
pvm_test_rescue_make_disk (const char *path, guint64 size, const char *script)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, &error));
  g_assert_cmpint (truncate (path, size), ==, 0);
  if (script) {
    const char *argv[] = { "sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", path, NULL };
    run_tool (argv, script);
  }
}

/* Copies @from into @to at @offset, leaving the blocks that are all zero as holes. */
static void
copy_at (const char *from, const char *to, guint64 offset)
{
  static const char zero[COPY_CHUNK];
  char buf[COPY_CHUNK];
  int in = open (from, O_RDONLY | O_CLOEXEC);
  int out = open (to, O_WRONLY | O_CLOEXEC);
  ssize_t len;

  g_assert_cmpint (in, >=, 0);
  g_assert_cmpint (out, >=, 0);
  for (guint64 at = 0; (len = read (in, buf, sizeof buf)) > 0; at += len)
    if (memcmp (buf, zero, len) != 0)
      g_assert_cmpint (pwrite (out, buf, len, offset + at), ==, len);
  g_assert_cmpint (len, ==, 0);
  close (in);
  close (out);
}

void
pvm_test_rescue_make_ext4 (const char *path, guint64 offset, guint64 size, const char *files)
{
  g_autofree char *extended = g_strdup_printf ("offset=%" G_GUINT64_FORMAT, offset);
  g_autofree char *blocks = g_strdup_printf ("%" G_GUINT64_FORMAT "k", size / 1024);
  const char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext4", "-E", extended, "-d",
                         files, path, blocks, NULL };

  if (!files)
    memmove (&argv[7], &argv[9], 3 * sizeof argv[0]); /* without -d */
  run_tool (argv, NULL);
}

void
pvm_test_rescue_make_dirty (const char *path)
{
  const char *argv[] = { "debugfs", "-w", "-R", "feature needs_recovery", path, NULL };

  run_tool (argv, NULL);
}

void
pvm_test_rescue_make_swap (const char *path, guint64 offset, guint64 size)
{
  g_autofree char *area = g_strconcat (path, ".swap", NULL);
  const char *argv[] = { "mkswap", "--quiet", area, NULL };

  pvm_test_rescue_make_disk (area, size, NULL);
  run_tool (argv, NULL); /* this mkswap has no --offset: made apart, then copied in */
  copy_at (area, path, offset);
  g_unlink (area);
}

char *
pvm_test_rescue_make_files (const char *dir, const char *name, const char *content)
{
  g_autofree char *template = g_build_filename (dir, "files-XXXXXX", NULL);
  char *files = g_strdup (g_mkdtemp (template));
  g_autofree char *file = g_build_filename (files, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (files);
  g_assert_true (g_file_set_contents (file, content, -1, &error));
  return files;
}

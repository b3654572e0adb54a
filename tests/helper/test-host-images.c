/* test-host-images.c: the Host's DefaultImages, read over D-Bus from pvmd on a private bus,
 * for default guest and demo image directories that the test makes and changes. */
#include <glib/gstdio.h>
#include <unistd.h>

#include "pvmd-test.h"

#define FIRMWARE "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define PAYLOAD "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
#define UPDATE_TIMEOUT 20.0

/* $PVM_GUEST_DIR and $PVM_FV_IMAGE_DIR name <images>/guest/current and
 * <images>/fv-image/current, links that each case makes (or not) as the build tools do. */
typedef struct {
  PvmTestPvmd pvmd;
  char *images;
  char *guest;    /* <images>/guest/current */
  char *fv_image; /* <images>/fv-image/current */
} Fixture;

/* Makes @dir/@name, a small file. */
static void
make_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "image", -1, NULL));
}

/* Makes the directory <images>/@kind/@key holding @files, and points <images>/@kind/current
 * at it. */
static void
make_build (Fixture *f, const char *kind, const char *key, const char *const *files)
{
  g_autofree char *built = g_build_filename (f->images, kind, key, NULL);
  g_autofree char *current = g_build_filename (f->images, kind, "current", NULL);

  g_assert_cmpint (g_mkdir_with_parents (built, 0755), ==, 0);
  for (guint i = 0; files[i]; i++)
    make_file (built, files[i]);
  g_assert_cmpint (symlink (key, current), ==, 0);
}

/* pvm_test_pvmd_set_up() without its default guest, which these cases make or leave out:
 * a test directory below @images, a bus, and pvmd started on it. */
static void
fixture_start_pvmd (Fixture *f)
{
  pvm_test_pvmd_make_bus (&f->pvmd, f->images, NULL);
  pvm_test_pvmd_start (&f->pvmd);
}

static void
fixture_set_up (Fixture *f, gconstpointer images)
{
  f->images = g_strdup (images);
  f->guest = g_build_filename (f->images, "guest", "current", NULL);
  f->fv_image = g_build_filename (f->images, "fv-image", "current", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer images)
{
  g_autofree char *guest = g_build_filename (f->images, "guest", NULL);
  g_autofree char *fv_image = g_build_filename (f->images, "fv-image", NULL);
  const char *argv[] = { "rm", "-rf", guest, fv_image, NULL };

  if (f->pvmd.dir)
    pvm_test_pvmd_tear_down (&f->pvmd, f->images);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
  g_free (f->images);
  g_free (f->guest);
  g_free (f->fv_image);
}

/* Returns the value of @key in DefaultImages as pvmd last announced it, or NULL; newly
 * allocated. */
static char *
default_image (Fixture *f, const char *key)
{
  GVariant *images = pvm_host_get_default_images (f->pvmd.host);
  const char *value = NULL;

  g_assert_nonnull (images);
  g_assert_true (g_variant_is_of_type (images, G_VARIANT_TYPE ("a{ss}")));
  if (!g_variant_lookup (images, key, "&s", &value))
    return NULL;
  return g_strdup (value);
}

/* Checks that @key names @dir/@file. */
static void
assert_image (Fixture *f, const char *key, const char *dir, const char *file)
{
  g_autofree char *expected = g_build_filename (dir, file, NULL);
  g_autofree char *value = default_image (f, key);

  g_assert_cmpstr (value, ==, expected);
}

/* Checks that the firmware keys are there exactly when Debian's firmware is installed. */
static void
assert_firmware (Fixture *f)
{
  g_autofree char *loader = default_image (f, "full-loader");
  g_autofree char *kernel = default_image (f, "full-kernel");

  g_assert_cmpstr (loader, ==, g_file_test (FIRMWARE, G_FILE_TEST_IS_REGULAR) ? FIRMWARE : NULL);
  g_assert_cmpstr (kernel, ==, g_file_test (PAYLOAD, G_FILE_TEST_IS_REGULAR) ? PAYLOAD : NULL);
}

static const char *const guest_files[] = { "Image", "initramfs.cpio.gz", NULL };
static const char *const fv_files[] = { "disk.img", NULL };

static void
test_names_each_image_whose_file_exists (Fixture *f, gconstpointer images)
{
  make_build (f, "guest", "0123456789abcdef", guest_files);
  make_build (f, "fv-image", "fedcba9876543210", fv_files);
  fixture_start_pvmd (f);

  assert_image (f, "pv-kernel", f->guest, "Image");
  assert_image (f, "pv-initrd", f->guest, "initramfs.cpio.gz");
  assert_image (f, "full-disk", f->fv_image, "disk.img");
  g_autofree char *cmdline = default_image (f, "pv-cmdline");
  g_assert_cmpstr (cmdline, ==, "console=ttyS0");
  assert_firmware (f);
}

static void
test_leaves_out_the_files_that_are_missing (Fixture *f, gconstpointer images)
{
  static const char *const kernel_only[] = { "Image", NULL };

  make_build (f, "guest", "0123456789abcdef", kernel_only);
  fixture_start_pvmd (f);

  assert_image (f, "pv-kernel", f->guest, "Image");
  g_autofree char *initrd = default_image (f, "pv-initrd");
  g_autofree char *disk = default_image (f, "full-disk");
  g_assert_null (initrd);
  g_assert_null (disk);
  assert_firmware (f);
}

static void
test_without_a_guest_there_is_no_command_line (Fixture *f, gconstpointer images)
{
  fixture_start_pvmd (f);

  g_autofree char *kernel = default_image (f, "pv-kernel");
  g_autofree char *cmdline = default_image (f, "pv-cmdline");
  g_assert_null (kernel);
  g_assert_null (cmdline);
}

/* Waits until DefaultImages has @key, running the main context (the proxy hears
 * PropertiesChanged); returns whether it came. */
static gboolean
wait_for_image (Fixture *f, const char *key)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UPDATE_TIMEOUT * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline) {
    g_autofree char *value = default_image (f, key);
    if (value)
      return TRUE;
    pvm_test_iterate ();
  }
  return FALSE;
}

/* tools/build-guest fills guest/<key> and then points guest/current at it, while pvmd
 * runs: DefaultImages follows. */
static void
test_follows_a_build_that_points_current_at_a_new_guest (Fixture *f, gconstpointer images)
{
  fixture_start_pvmd (f);
  g_autofree char *before = default_image (f, "pv-kernel");
  g_assert_null (before);

  make_build (f, "guest", "0123456789abcdef", guest_files);
  g_assert_true (wait_for_image (f, "pv-initrd"));
  assert_image (f, "pv-kernel", f->guest, "Image");
  assert_image (f, "pv-initrd", f->guest, "initramfs.cpio.gz");

  make_build (f, "fv-image", "fedcba9876543210", fv_files);
  g_assert_true (wait_for_image (f, "full-disk"));
  assert_image (f, "full-disk", f->fv_image, "disk.img");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("pvm-host-images-XXXXXX", NULL);

  g_assert_nonnull (dir);
  pvm_test_pvmd_start_janitor (dir);
  /* Set once, before any thread: pvmd inherits them. */
  g_autofree char *guest = g_build_filename (dir, "guest", "current", NULL);
  g_autofree char *fv_image = g_build_filename (dir, "fv-image", "current", NULL);
  g_setenv ("PVM_GUEST_DIR", guest, TRUE);
  g_setenv ("PVM_FV_IMAGE_DIR", fv_image, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/helper/host/default-images/" path, Fixture, dir, fixture_set_up, fn, \
              fixture_tear_down)
  ADD ("name-each-image-whose-file-exists", test_names_each_image_whose_file_exists);
  ADD ("leave-out-the-files-that-are-missing", test_leaves_out_the_files_that_are_missing);
  ADD ("have-no-command-line-without-a-guest", test_without_a_guest_there_is_no_command_line);
  ADD ("follow-a-build-that-points-current-at-a-new-guest",
       test_follows_a_build_that_points_current_at_a_new_guest);
#undef ADD
  return g_test_run ();
}

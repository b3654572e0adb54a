/* test-boot.c: the kernel Image header checks and the PV direct-boot layout. */
#include <glib/gstdio.h>
#include <libfdt.h>
#include <string.h>

#include "hv/machine/boot.h"
#include "hv/machine/fdt.h"
#include "hv/machine/machine.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (64ull << 20)
#define MiB (1ull << 20)

typedef struct {
  PvmMachine *machine;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->machine = pvm_machine_new (RAM_BASE, RAM_SIZE, 2, true, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("pvm-test-boot-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree char *path = g_build_filename (f->dir, name, NULL);
    g_unlink (path);
  }
  g_rmdir (f->dir);
  g_free (f->dir);
  pvm_machine_free (f->machine);
}

static void
put_le64 (uint8_t *p, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t) (v >> (8 * i));
}

/* A RISC-V Image of @file_size bytes (header, then a byte pattern) claiming @image_size. */
static GByteArray *
make_image (gsize file_size, uint64_t text_offset, uint64_t image_size)
{
  GByteArray *a = g_byte_array_sized_new ((guint) file_size);

  g_byte_array_set_size (a, (guint) file_size);
  for (gsize i = 0; i < file_size; i++)
    a->data[i] = (uint8_t) (i * 7 + 1);
  memset (a->data, 0, 64);
  a->data[0] = 0x6f; /* j 0x40 */
  a->data[1] = 0x00;
  a->data[2] = 0x00;
  a->data[3] = 0x04;
  put_le64 (a->data + 8, text_offset);
  put_le64 (a->data + 16, image_size);
  a->data[32] = 2; /* version 0.2 */
  memcpy (a->data + 0x30, "RISCV\0\0\0", 8);
  memcpy (a->data + 0x38, "RSC\x05", 4);
  return a;
}

static char *
write_file (Fixture *f, const char *name, const uint8_t *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_parse_fails (const uint8_t *data, gsize len, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  PvmKernelHeader h;

  g_assert_false (pvm_boot_parse_kernel (data, len, "k", &h, &error));
  g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT);
  if (!strstr (error->message, fragment))
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_header_fields (void)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x200000, 0x10000);
  g_autoptr (GError) error = NULL;
  PvmKernelHeader h;

  g_assert_true (pvm_boot_parse_kernel (img->data, img->len, "k", &h, &error));
  g_assert_no_error (error);
  g_assert_cmphex (h.text_offset, ==, 0x200000);
  g_assert_cmphex (h.image_size, ==, 0x10000);
  g_assert_cmphex (h.version, ==, 2);
}

static void
test_header_image_size_at_least_file (void)
{
  g_autoptr (GByteArray) img = make_image (8192, 0x200000, 0);
  PvmKernelHeader h;

  g_assert_true (pvm_boot_parse_kernel (img->data, img->len, "k", &h, NULL));
  g_assert_cmphex (h.image_size, ==, 8192);
}

static void
test_header_rejects_truncated (void)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x200000, 0x10000);

  assert_parse_fails (img->data, 63, "truncated");
  assert_parse_fails (img->data, 0, "truncated");
  assert_parse_fails (img->data, 20, "truncated");
}

static void
test_header_rejects_other_formats (void)
{
  uint8_t buf[1024] = { 0 };

  /* an x86 bzImage: "MZ", then the setup header's "HdrS" at 0x202 */
  buf[0] = 'M';
  buf[1] = 'Z';
  memcpy (buf + 0x202, "HdrS", 4);
  assert_parse_fails (buf, sizeof buf, "x86");

  /* an arm64 Image */
  memset (buf, 0, sizeof buf);
  memcpy (buf + 0x38, "ARM\x64", 4);
  assert_parse_fails (buf, sizeof buf, "arm64");

  /* ELF files: x86-64, and a RISC-V vmlinux */
  memset (buf, 0, sizeof buf);
  memcpy (buf, "\x7f" "ELF\x02\x01\x01", 7);
  buf[18] = 62;
  assert_parse_fails (buf, sizeof buf, "x86-64");
  buf[18] = 243;
  assert_parse_fails (buf, sizeof buf, "vmlinux");
  assert_parse_fails (buf, 5, "ELF");

  /* compressed */
  memset (buf, 0, sizeof buf);
  buf[0] = 0x1f;
  buf[1] = 0x8b;
  assert_parse_fails (buf, sizeof buf, "gzip");

  /* nothing known */
  memset (buf, 0xaa, sizeof buf);
  assert_parse_fails (buf, sizeof buf, "not a RISC-V kernel Image");
}

static void
test_header_rejects_big_endian (void)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x200000, 0x10000);

  img->data[24] = 1;
  assert_parse_fails (img->data, img->len, "big-endian");
}

static void
build_fdt (Fixture *f, bool with_initrd)
{
  g_autoptr (GError) error = NULL;

  f->machine->fdt = pvm_fdt_build (f->machine, "console=hvc0", with_initrd,
                                   &f->machine->fdt_size, &error);
  g_assert_no_error (error);
}

static void
test_layout_with_initrd (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) img = make_image (100000, 0x200000, 3 * MiB);
  g_autoptr (GError) error = NULL;
  g_autofree char *kernel = write_file (f, "Image", img->data, img->len);
  g_autofree uint8_t *rd = g_malloc (123457);
  g_autofree char *initrd = NULL;
  const PvmBoot *b;
  const uint8_t *ram;
  const void *fdt;
  int chosen;

  for (unsigned i = 0; i < 123457; i++)
    rd[i] = (uint8_t) (i ^ 0x5a);
  initrd = write_file (f, "initrd", rd, 123457);
  build_fdt (f, true);

  g_assert_true (pvm_boot_linux (f->machine, kernel, initrd, &error));
  g_assert_no_error (error);
  b = f->machine->boot;

  g_assert_cmphex (b->kernel_addr, ==, RAM_BASE + 0x200000);
  g_assert_cmphex (b->kernel_size, ==, 3 * MiB);
  g_assert_cmphex (b->entry, ==, b->kernel_addr);
  g_assert_cmphex (b->fdt_addr % 8, ==, 0);
  g_assert_cmphex (b->fdt_addr + b->fdt_size, <=, RAM_BASE + RAM_SIZE);
  g_assert_cmphex (b->fdt_addr, >=, RAM_BASE + RAM_SIZE - 2 * MiB);
  g_assert_cmphex (b->initrd_addr % 4096, ==, 0);
  g_assert_cmphex (b->initrd_addr + b->initrd_size, <=, b->fdt_addr);
  g_assert_cmphex (b->initrd_addr, >=, b->kernel_addr + b->kernel_size);
  g_assert_cmphex (b->initrd_size, ==, 123457);
  g_assert_false (b->all_harts);

  pvm_machine_reset (f->machine);
  ram = f->machine->ram;
  g_assert_cmpmem (ram + (b->kernel_addr - RAM_BASE), img->len, img->data, img->len);
  for (uint64_t i = img->len; i < b->kernel_size; i += 4093)
    g_assert_cmpuint (ram[b->kernel_addr - RAM_BASE + i], ==, 0);
  g_assert_cmpmem (ram + (b->initrd_addr - RAM_BASE), 123457, rd, 123457);

  fdt = ram + (b->fdt_addr - RAM_BASE);
  g_assert_cmpint (fdt_check_header (fdt), ==, 0);
  chosen = fdt_path_offset (fdt, "/chosen");
  g_assert_cmpint (chosen, >=, 0);
  g_assert_cmphex (fdt64_ld (fdt_getprop (fdt, chosen, "linux,initrd-start", NULL)), ==,
                   b->initrd_addr);
  g_assert_cmphex (fdt64_ld (fdt_getprop (fdt, chosen, "linux,initrd-end", NULL)), ==,
                   b->initrd_addr + 123457);

  g_assert_cmphex (f->machine->harts[0].pc, ==, b->kernel_addr);
  g_assert_cmpint (f->machine->harts[0].priv, ==, PVM_PRIV_S);
  g_assert_cmphex (f->machine->harts[0].x[10], ==, 0);
  g_assert_cmphex (f->machine->harts[0].x[11], ==, b->fdt_addr);
  g_assert_cmpint (atomic_load (&f->machine->harts[0].hsm_state), ==, PVM_HART_STARTED);
  g_assert_cmpint (atomic_load (&f->machine->harts[1].hsm_state), ==, PVM_HART_STOPPED);
}

static void
test_layout_rounds_text_offset (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x1000, 0x10000);
  g_autofree char *kernel = write_file (f, "Image", img->data, img->len);
  g_autoptr (GError) error = NULL;

  build_fdt (f, false);
  g_assert_true (pvm_boot_linux (f->machine, kernel, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmphex (f->machine->boot->kernel_addr, ==, RAM_BASE + 2 * MiB);
  g_assert_cmphex (f->machine->boot->initrd_size, ==, 0);
}

static void
test_reset_reloads_the_images (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) img = make_image (8192, 0x200000, 0x10000);
  g_autofree char *kernel = write_file (f, "Image", img->data, img->len);
  uint8_t *at;

  build_fdt (f, false);
  g_assert_true (pvm_boot_linux (f->machine, kernel, NULL, NULL));
  pvm_machine_reset (f->machine);
  at = f->machine->ram + (f->machine->boot->kernel_addr - RAM_BASE);
  memset (at, 0xee, 8192 + 100);
  f->machine->harts[0].pc = 0;
  pvm_machine_reset (f->machine);
  g_assert_cmpmem (at, img->len, img->data, img->len);
  g_assert_cmpuint (at[8192 + 50], ==, 0);
  g_assert_cmphex (f->machine->harts[0].pc, ==, f->machine->boot->kernel_addr);
}

static void
assert_boot_fails (Fixture *f, const char *kernel, const char *initrd, int code,
                   const char *fragment)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (pvm_boot_linux (f->machine, kernel, initrd, &error));
  g_assert_error (error, PVM_MACHINE_ERROR, code);
  if (!strstr (error->message, fragment))
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (f->machine->boot);
}

static void
test_missing_files (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x200000, 0x10000);
  g_autofree char *kernel = write_file (f, "Image", img->data, img->len);
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);

  build_fdt (f, true);
  assert_boot_fails (f, missing, NULL, PVM_MACHINE_ERROR_FILE, "Cannot open the kernel");
  assert_boot_fails (f, kernel, missing, PVM_MACHINE_ERROR_FILE, "Cannot open the initrd");
  assert_boot_fails (f, f->dir, NULL, PVM_MACHINE_ERROR_FILE, "Cannot read the kernel");
}

static void
test_truncated_kernel_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x200000, 0x10000);
  g_autofree char *kernel = write_file (f, "Image", img->data, 40);

  build_fdt (f, false);
  assert_boot_fails (f, kernel, NULL, PVM_MACHINE_ERROR_FORMAT, "truncated");
}

static void
test_too_little_ram (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) img = make_image (4096, 0x200000, 63 * MiB);
  g_autoptr (GByteArray) fits = make_image (4096, 0x200000, 40 * MiB);
  g_autoptr (GByteArray) huge = make_image (4096, 0x200000, UINT64_MAX - 10);
  g_autoptr (GByteArray) far = make_image (4096, UINT64_MAX - 0x1000, 0x10000);
  g_autofree char *kernel = write_file (f, "Image", img->data, img->len);
  g_autofree char *kernel2 = write_file (f, "Image2", fits->data, fits->len);
  g_autofree char *kernel3 = write_file (f, "Image3", huge->data, huge->len);
  g_autofree char *kernel4 = write_file (f, "Image4", far->data, far->len);
  g_autofree uint8_t *big = g_malloc0 (25 * MiB);
  g_autofree char *initrd = write_file (f, "initrd", big, 25 * MiB);

  build_fdt (f, true);
  assert_boot_fails (f, kernel, NULL, PVM_MACHINE_ERROR_SPACE, "too few");
  assert_boot_fails (f, kernel2, initrd, PVM_MACHINE_ERROR_SPACE, "too few");
  assert_boot_fails (f, kernel3, NULL, PVM_MACHINE_ERROR_SPACE, "too few");
  assert_boot_fails (f, kernel4, NULL, PVM_MACHINE_ERROR_SPACE, "too few");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hv/machine/boot/header-fields-are-read", test_header_fields);
  g_test_add_func ("/hv/machine/boot/image-size-is-at-least-the-file",
                   test_header_image_size_at_least_file);
  g_test_add_func ("/hv/machine/boot/truncated-header-is-an-error",
                   test_header_rejects_truncated);
  g_test_add_func ("/hv/machine/boot/other-architectures-and-formats-are-named",
                   test_header_rejects_other_formats);
  g_test_add_func ("/hv/machine/boot/big-endian-image-is-an-error",
                   test_header_rejects_big_endian);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/machine/boot/kernel-initrd-and-fdt-are-placed-and-hart0-starts",
       test_layout_with_initrd);
  ADD ("/hv/machine/boot/kernel-address-is-2mib-aligned", test_layout_rounds_text_offset);
  ADD ("/hv/machine/boot/reset-copies-the-images-again", test_reset_reloads_the_images);
  ADD ("/hv/machine/boot/missing-files-are-errors", test_missing_files);
  ADD ("/hv/machine/boot/truncated-kernel-file-is-an-error", test_truncated_kernel_file);
  ADD ("/hv/machine/boot/too-little-ram-is-an-error", test_too_little_ram);
#undef ADD
  return g_test_run ();
}

/* test-vmm.c: the pvm-vmm process — every bad input ends it with status 1 and one line on
 * stderr; test programs end it with their result. The binary comes from $PVM_VMM. */
#include <elf.h>
#include <glib/gstdio.h>
#include <string.h>

#define RAM_BASE 0x80000000ull

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("pvm-test-vmm-XXXXXX", &error);
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
}

static char *
write_file (Fixture *f, const char *name, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

/* A RISC-V Image header followed by zeros: enough to pass the checks. */
static char *
write_image (Fixture *f)
{
  uint8_t img[4096] = { 0 };

  img[8 + 2] = 0x20; /* text_offset 0x200000 */
  img[16 + 2] = 0x01; /* image_size 0x10000 */
  img[32] = 2;
  memcpy (img + 0x30, "RISCV\0\0\0", 8);
  memcpy (img + 0x38, "RSC\x05", 4);
  return write_file (f, "Image", img, sizeof img);
}

/* An ELF whose one segment holds @code at RAM base, with `tohost` at RAM base + 0x1000 and
 * `fromhost` at + 0x1040. */
static char *
write_program (Fixture *f, const char *name, const uint32_t *code, gsize n_words)
{
  static const char strtab[] = "\0tohost\0fromhost\0";
  enum { CODE = 0x100, STR = 0x800, SYM = 0x840, SH = 0x8a0, SIZE = SH + 3 * 64 };
  g_autofree uint8_t *file = g_malloc0 (SIZE);
  Elf64_Ehdr *eh = (Elf64_Ehdr *) (void *) file;
  Elf64_Phdr *ph = (Elf64_Phdr *) (void *) (file + sizeof *eh);
  Elf64_Sym *sym = (Elf64_Sym *) (void *) (file + SYM);
  Elf64_Shdr *sh = (Elf64_Shdr *) (void *) (file + SH);

  memcpy (eh->e_ident, ELFMAG, SELFMAG);
  eh->e_ident[EI_CLASS] = ELFCLASS64;
  eh->e_ident[EI_DATA] = ELFDATA2LSB;
  eh->e_ident[EI_VERSION] = EV_CURRENT;
  eh->e_type = ET_EXEC;
  eh->e_machine = EM_RISCV;
  eh->e_version = EV_CURRENT;
  eh->e_entry = RAM_BASE;
  eh->e_phoff = sizeof *eh;
  eh->e_shoff = SH;
  eh->e_ehsize = sizeof *eh;
  eh->e_phentsize = sizeof *ph;
  eh->e_phnum = 1;
  eh->e_shentsize = sizeof *sh;
  eh->e_shnum = 3;
  ph->p_type = PT_LOAD;
  ph->p_offset = CODE;
  ph->p_vaddr = ph->p_paddr = RAM_BASE;
  ph->p_filesz = n_words * 4;
  ph->p_memsz = 0x2000;
  memcpy (file + CODE, code, n_words * 4);
  memcpy (file + STR, strtab, sizeof strtab);
  sym[1].st_name = 1;
  sym[1].st_value = RAM_BASE + 0x1000;
  sym[2].st_name = 8;
  sym[2].st_value = RAM_BASE + 0x1040;
  sh[1].sh_type = SHT_SYMTAB;
  sh[1].sh_offset = SYM;
  sh[1].sh_size = 3 * sizeof *sym;
  sh[1].sh_link = 2;
  sh[1].sh_entsize = sizeof *sym;
  sh[2].sh_type = SHT_STRTAB;
  sh[2].sh_offset = STR;
  sh[2].sh_size = sizeof strtab;
  return write_file (f, name, file, SIZE);
}

/* Runs pvm-vmm with @args (NULL-terminated), stdin from /dev/null; returns its exit status. */
static int
run_vmm (char **out, char **err, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const char *vmm = g_getenv ("PVM_VMM");
  const char *arg;
  int status;
  va_list ap;

  g_assert_nonnull (vmm);
  g_ptr_array_add (argv, (char *) vmm);
  va_start (ap, first);
  for (arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, out,
                err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Checks that the run failed with status 1 and exactly one line "pvm-vmm: ..." mentioning
 * @fragment. */
static void
assert_one_line_error (int status, const char *out, const char *err, const char *fragment)
{
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "pvm-vmm: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  if (!strstr (err, fragment))
    g_error ("“%s” does not mention “%s”", err, fragment);
}

#define EXPECT_ERROR(fragment, ...)                                                            \
  do {                                                                                         \
    g_autofree char *out_ = NULL, *err_ = NULL;                                                \
    int status_ = run_vmm (&out_, &err_, __VA_ARGS__, NULL);                                   \
    assert_one_line_error (status_, out_, err_, fragment);                                     \
  } while (0)

static void
test_bad_options (Fixture *f, gconstpointer data)
{
  g_autofree char *image = write_image (f);

  EXPECT_ERROR ("Nothing to run", "--serial", "none");
  EXPECT_ERROR ("--smp", "--kernel", image, "--smp", "0");
  EXPECT_ERROR ("--smp", "--kernel", image, "--smp", "9");
  EXPECT_ERROR ("--smp", "--kernel", image, "--smp", "two");
  EXPECT_ERROR ("memory size", "--kernel", image, "--memory", "lots");
  EXPECT_ERROR ("memory size", "--kernel", image, "--memory", "0");
  EXPECT_ERROR ("memory size", "--kernel", image, "--memory", "99999999999999999999G");
  EXPECT_ERROR ("--serial", "--kernel", image, "--serial", "file");
  EXPECT_ERROR ("together", "--kernel", image, "--test-elf", image);
  EXPECT_ERROR ("need --kernel", "--test-elf", image, "--append", "x");
  EXPECT_ERROR ("Unknown option", "--kernel", image, "--frobnicate");
  EXPECT_ERROR ("Unexpected argument", "--kernel", image, "extra");
  EXPECT_ERROR ("multiple of 4 KiB", "--kernel", image, "--memory", "5K");
  EXPECT_ERROR ("is not a network", "--kernel", image, "--net", "bridge");
  EXPECT_ERROR ("is not [tcp|udp]", "--kernel", image, "--net", "user,hostfwd=tcp::x-:22");
  EXPECT_ERROR ("--virtio-console must be stdio", "--kernel", image, "--virtio-console", "file");
  EXPECT_ERROR ("cannot be used together", "--kernel", image, "--serial", "stdio",
                "--virtio-console", "stdio");
  EXPECT_ERROR ("8 virtio slots", "--kernel", image, "--rng", "--net", "user", "--net", "user",
                "--net", "user", "--net", "user", "--net", "user", "--net", "user", "--net",
                "user", "--net", "user");
}

static void
test_bad_files (Fixture *f, gconstpointer data)
{
  g_autofree char *image = write_image (f);
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *truncated = write_file (f, "truncated", "RISCV", 5);
  g_autofree char *bz = NULL;
  uint8_t x86[1024] = { 'M', 'Z' };

  memcpy (x86 + 0x202, "HdrS", 4);
  bz = write_file (f, "bzImage", x86, sizeof x86);

  EXPECT_ERROR ("Cannot open the kernel", "--kernel", missing);
  EXPECT_ERROR ("truncated", "--kernel", truncated);
  EXPECT_ERROR ("x86 kernel", "--kernel", bz);
  EXPECT_ERROR ("x86-64", "--kernel", "/bin/true");
  EXPECT_ERROR ("Cannot open the initrd", "--kernel", image, "--initrd", missing);
  EXPECT_ERROR ("x86-64", "--test-elf", "/bin/true");
  EXPECT_ERROR ("Cannot open the ELF file", "--test-elf", missing);
  EXPECT_ERROR ("not an ELF file", "--test-elf", image);
}

static void
test_bad_machine (Fixture *f, gconstpointer data)
{
  g_autofree char *image = write_image (f);
  g_autofree char *cmdline = g_strnfill (1024, 'x');

  EXPECT_ERROR ("memory", "--kernel", image, "--memory", "100000G");
  EXPECT_ERROR ("command line", "--kernel", image, "--append", cmdline);
  EXPECT_ERROR ("too few", "--kernel", image, "--memory", "2M");
  EXPECT_ERROR ("memory", "--kernel", image, "--memory", "100000G", "--serial", "stdio");
}

static void
test_help (Fixture *f, gconstpointer data)
{
  static const char *const options[] = { "--kernel", "--initrd", "--append", "--memory",
                                         "--smp", "--serial", "--test-elf", "--timeout",
                                         "Ctrl-A x" };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_vmm (&out, &err, "--help", NULL), ==, 0);
  for (unsigned i = 0; i < G_N_ELEMENTS (options); i++)
    if (!strstr (out, options[i]))
      g_error ("--help does not mention %s", options[i]);
}

/* The programs of test-vmm.c, assembled with riscv64-linux-gnu-as -march=rv64gc. */
static const uint32_t prog_pass[] = { 0x00001297, 0x00100313, 0x0062b023, 0x0000006f };
static const uint32_t prog_fail3[] = { 0x00001297, 0x00700313, 0x0062b023, 0x0000006f };
static const uint32_t prog_syscon_pass[] = { 0x001002b7, 0x00005337, 0x55530313, 0x0062a023,
                                             0x0000006f };
static const uint32_t prog_syscon_fail7[] = { 0x001002b7, 0x00073337, 0x33330313, 0x0062a023,
                                              0x0000006f };
static const uint32_t prog_putc[] = { 0x00001297, 0x10100313, 0x03031313, 0x04130313,
                                      0x0062b023, 0x0002b383, 0xfe039ee3, 0x00100313,
                                      0x0062b023, 0x0000006f };
static const uint32_t prog_loop[] = { 0x0000006f };

#define PROGRAM(f, prog) write_program (f, #prog, prog, G_N_ELEMENTS (prog))

static void
test_programs (Fixture *f, gconstpointer data)
{
  g_autofree char *pass = PROGRAM (f, prog_pass);
  g_autofree char *fail3 = PROGRAM (f, prog_fail3);
  g_autofree char *syscon_pass = PROGRAM (f, prog_syscon_pass);
  g_autofree char *syscon_fail7 = PROGRAM (f, prog_syscon_fail7);
  g_autofree char *putc = PROGRAM (f, prog_putc);
  g_autofree char *loop = PROGRAM (f, prog_loop);
  g_autofree char *expected = NULL;

  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", pass, "--timeout", "20", NULL), ==, 0);
    g_assert_cmpstr (err, ==, "");
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", pass, "--smp", "4", "--timeout", "20",
                              NULL), ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", fail3, "--timeout", "20", NULL), ==, 1);
    expected = g_strdup_printf ("pvm-vmm: test ELF %s failed at test 3\n", fail3);
    g_assert_cmpstr (err, ==, expected);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", syscon_pass, "--timeout", "20", NULL),
                     ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", syscon_fail7, "--timeout", "20", NULL),
                     ==, 7);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", putc, "--timeout", "20", NULL), ==, 0);
    g_assert_cmpstr (out, ==, "A");
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_vmm (&out, &err, "--test-elf", loop, "--timeout", "1", NULL), ==, 124);
    g_assert_true (g_str_has_prefix (err, "pvm-vmm: "));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/vmm/bad-options-exit-1-with-one-line", test_bad_options);
  ADD ("/hv/vmm/missing-truncated-or-foreign-files-exit-1-with-one-line", test_bad_files);
  ADD ("/hv/vmm/machines-that-cannot-be-built-exit-1-with-one-line", test_bad_machine);
  ADD ("/hv/vmm/help-documents-every-option", test_help);
  ADD ("/hv/vmm/test-programs-end-the-run-with-their-result", test_programs);
#undef ADD
  return g_test_run ();
}

/* test-elf.c: the ELF loader takes valid RISC-V programs and refuses hostile files cleanly. */
#include <elf.h>
#include <glib/gstdio.h>
#include <libfdt.h>
#include <string.h>
#include <unistd.h>

#include "hv/machine/boot.h"
#include "hv/machine/elf.h"
#include "hv/machine/fdt.h"
#include "hv/machine/machine.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 20)

/* The layout of the files make_elf() builds. */
#define SEG_OFFSET 0x100
#define SEG_FILESZ 0x40
#define SEG_MEMSZ 0x1000
#define STRTAB_OFFSET (SEG_OFFSET + SEG_FILESZ)
#define STRTAB "\0tohost\0fromhost\0"
#define SYMTAB_OFFSET (STRTAB_OFFSET + 0x20)
#define SHDR_OFFSET (SYMTAB_OFFSET + 3 * sizeof (Elf64_Sym))
#define FILE_SIZE (SHDR_OFFSET + 3 * sizeof (Elf64_Shdr))

typedef struct {
  PvmMachine *machine;
  PvmBoot *boot;
  GByteArray *elf;
} Fixture;

static Elf64_Ehdr *
ehdr (Fixture *f)
{
  return (Elf64_Ehdr *) (void *) f->elf->data;
}

static Elf64_Phdr *
phdr (Fixture *f)
{
  return (Elf64_Phdr *) (void *) (f->elf->data + sizeof (Elf64_Ehdr));
}

static Elf64_Shdr *
shdr (Fixture *f, unsigned i)
{
  return (Elf64_Shdr *) (void *) (f->elf->data + SHDR_OFFSET) + i;
}

static Elf64_Sym *
sym (Fixture *f, unsigned i)
{
  return (Elf64_Sym *) (void *) (f->elf->data + SYMTAB_OFFSET) + i;
}

/* A valid program: one segment of SEG_FILESZ bytes (then zeros up to SEG_MEMSZ) at RAM base,
 * entry at RAM base, and symbols tohost (RAM base + 0x1000) and fromhost (+ 0x1040). */
static GByteArray *
make_elf (void)
{
  GByteArray *a = g_byte_array_new ();
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  Elf64_Shdr *sh;
  Elf64_Sym *sy;

  g_byte_array_set_size (a, FILE_SIZE);
  memset (a->data, 0, FILE_SIZE);
  eh = (Elf64_Ehdr *) (void *) a->data;
  memcpy (eh->e_ident, ELFMAG, SELFMAG);
  eh->e_ident[EI_CLASS] = ELFCLASS64;
  eh->e_ident[EI_DATA] = ELFDATA2LSB;
  eh->e_ident[EI_VERSION] = EV_CURRENT;
  eh->e_type = ET_EXEC;
  eh->e_machine = EM_RISCV;
  eh->e_version = EV_CURRENT;
  eh->e_entry = RAM_BASE;
  eh->e_phoff = sizeof (Elf64_Ehdr);
  eh->e_shoff = SHDR_OFFSET;
  eh->e_ehsize = sizeof (Elf64_Ehdr);
  eh->e_phentsize = sizeof (Elf64_Phdr);
  eh->e_phnum = 1;
  eh->e_shentsize = sizeof (Elf64_Shdr);
  eh->e_shnum = 3;

  ph = (Elf64_Phdr *) (void *) (a->data + sizeof (Elf64_Ehdr));
  ph->p_type = PT_LOAD;
  ph->p_flags = PF_R | PF_W | PF_X;
  ph->p_offset = SEG_OFFSET;
  ph->p_vaddr = ph->p_paddr = RAM_BASE;
  ph->p_filesz = SEG_FILESZ;
  ph->p_memsz = SEG_MEMSZ;
  for (unsigned i = 0; i < SEG_FILESZ; i++)
    a->data[SEG_OFFSET + i] = (uint8_t) (0x80 + i);

  memcpy (a->data + STRTAB_OFFSET, STRTAB, sizeof STRTAB);
  sy = (Elf64_Sym *) (void *) (a->data + SYMTAB_OFFSET);
  sy[1].st_name = 1;
  sy[1].st_value = RAM_BASE + 0x1000;
  sy[2].st_name = 8;
  sy[2].st_value = RAM_BASE + 0x1040;

  sh = (Elf64_Shdr *) (void *) (a->data + SHDR_OFFSET);
  sh[1].sh_type = SHT_SYMTAB;
  sh[1].sh_offset = SYMTAB_OFFSET;
  sh[1].sh_size = 3 * sizeof (Elf64_Sym);
  sh[1].sh_link = 2;
  sh[1].sh_entsize = sizeof (Elf64_Sym);
  sh[2].sh_type = SHT_STRTAB;
  sh[2].sh_offset = STRTAB_OFFSET;
  sh[2].sh_size = sizeof STRTAB;
  return a;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->machine = pvm_machine_new (RAM_BASE, RAM_SIZE, 2, false, &error);
  g_assert_no_error (error);
  f->boot = pvm_boot_new ();
  f->elf = make_elf ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_byte_array_unref (f->elf);
  pvm_boot_free (f->boot);
  pvm_machine_free (f->machine);
}

static gboolean
load (Fixture *f, gsize len, PvmElfInfo *info, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (f->elf->data, len);

  return pvm_elf_load (f->machine, f->boot, bytes, "prog.elf", info, error);
}

static void
assert_refused (Fixture *f, gsize len, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  PvmElfInfo info;

  g_assert_false (load (f, len, &info, &error));
  g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT);
  if (!strstr (error->message, fragment))
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (f->boot->blobs->len, ==, 0);
}

static void
test_valid (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PvmElfInfo info;
  const PvmBootBlob *blob;

  g_assert_true (load (f, f->elf->len, &info, &error));
  g_assert_no_error (error);
  g_assert_cmphex (info.entry, ==, RAM_BASE);
  g_assert_cmphex (info.tohost, ==, RAM_BASE + 0x1000);
  g_assert_cmphex (info.fromhost, ==, RAM_BASE + 0x1040);
  g_assert_cmpuint (f->boot->blobs->len, ==, 1);
  blob = &g_array_index (f->boot->blobs, PvmBootBlob, 0);
  g_assert_cmphex (blob->addr, ==, RAM_BASE);
  g_assert_cmphex (blob->size, ==, SEG_MEMSZ);

  memset (f->machine->ram, 0xff, SEG_MEMSZ);
  pvm_boot_apply (f->boot, f->machine);
  g_assert_cmpmem (f->machine->ram, SEG_FILESZ, f->elf->data + SEG_OFFSET, SEG_FILESZ);
  for (unsigned i = SEG_FILESZ; i < SEG_MEMSZ; i++)
    g_assert_cmpuint (f->machine->ram[i], ==, 0);
}

static void
test_without_symbols (Fixture *f, gconstpointer data)
{
  PvmElfInfo info;

  ehdr (f)->e_shoff = 0;
  ehdr (f)->e_shnum = 0;
  g_assert_true (load (f, f->elf->len, &info, NULL));
  g_assert_cmphex (info.tohost, ==, 0);
  g_assert_cmphex (info.fromhost, ==, 0);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  assert_refused (f, 3, "not an ELF file");
  assert_refused (f, 40, "truncated");
  assert_refused (f, sizeof (Elf64_Ehdr) + 10, "program header");
  assert_refused (f, SEG_OFFSET + 4, "past the end of the file");
  assert_refused (f, SHDR_OFFSET + 8, "section header");
}

static void
test_bad_headers (Fixture *f, gconstpointer data)
{
  ehdr (f)->e_phoff = f->elf->len;
  assert_refused (f, f->elf->len, "program header");
  ehdr (f)->e_phoff = UINT64_MAX - 8;
  assert_refused (f, f->elf->len, "program header");
  ehdr (f)->e_phoff = sizeof (Elf64_Ehdr);
  ehdr (f)->e_phnum = 0xffff;
  assert_refused (f, f->elf->len, "program header");
  ehdr (f)->e_phnum = 1;
  ehdr (f)->e_phentsize = 32;
  assert_refused (f, f->elf->len, "program header");
  ehdr (f)->e_phentsize = sizeof (Elf64_Phdr);

  ehdr (f)->e_shoff = UINT64_MAX - 100;
  assert_refused (f, f->elf->len, "section header");
  ehdr (f)->e_shoff = SHDR_OFFSET;
  shdr (f, 1)->sh_link = 7;
  assert_refused (f, f->elf->len, "symbol table");
  shdr (f, 1)->sh_link = 2;
  shdr (f, 1)->sh_size = 1000 * sizeof (Elf64_Sym);
  assert_refused (f, f->elf->len, "symbol table");
  shdr (f, 1)->sh_size = 3 * sizeof (Elf64_Sym);
  shdr (f, 2)->sh_offset = UINT64_MAX;
  assert_refused (f, f->elf->len, "symbol table");
}

static void
test_symbol_names_outside_strtab_are_ignored (Fixture *f, gconstpointer data)
{
  PvmElfInfo info;

  sym (f, 1)->st_name = 0xfffffff0;
  shdr (f, 2)->sh_size = 12; /* cuts "fromhost" before its NUL */
  g_assert_true (load (f, f->elf->len, &info, NULL));
  g_assert_cmphex (info.tohost, ==, 0);
  g_assert_cmphex (info.fromhost, ==, 0);
}

static void
test_segments_outside_memory (Fixture *f, gconstpointer data)
{
  phdr (f)->p_paddr = 0x1000;
  assert_refused (f, f->elf->len, "not inside the guest's memory");
  phdr (f)->p_paddr = RAM_BASE + RAM_SIZE - 0x800;
  assert_refused (f, f->elf->len, "not inside the guest's memory");
  phdr (f)->p_paddr = UINT64_MAX - 0x10;
  assert_refused (f, f->elf->len, "not inside the guest's memory");
  phdr (f)->p_paddr = 0x10000000; /* the UART, if mapped, is no memory either */
  assert_refused (f, f->elf->len, "not inside the guest's memory");
  phdr (f)->p_paddr = RAM_BASE;
  phdr (f)->p_memsz = UINT64_MAX;
  assert_refused (f, f->elf->len, "not inside the guest's memory");
  phdr (f)->p_filesz = UINT64_MAX;
  assert_refused (f, f->elf->len, "past the end of the file");
  phdr (f)->p_filesz = SEG_FILESZ;
  phdr (f)->p_memsz = SEG_MEMSZ;
  phdr (f)->p_offset = UINT64_MAX - 4;
  assert_refused (f, f->elf->len, "past the end of the file");
}

static void
test_entry_and_tohost_outside (Fixture *f, gconstpointer data)
{
  ehdr (f)->e_entry = 0x1000;
  assert_refused (f, f->elf->len, "entry point");
  ehdr (f)->e_entry = RAM_BASE;
  sym (f, 1)->st_value = RAM_BASE + RAM_SIZE - 4;
  assert_refused (f, f->elf->len, "tohost");
}

static void
test_wrong_kind (Fixture *f, gconstpointer data)
{
  ehdr (f)->e_machine = EM_X86_64;
  assert_refused (f, f->elf->len, "x86-64");
  ehdr (f)->e_machine = 9999;
  assert_refused (f, f->elf->len, "machine 9999");
  ehdr (f)->e_machine = EM_RISCV;
  ehdr (f)->e_ident[EI_CLASS] = ELFCLASS32;
  assert_refused (f, f->elf->len, "64-bit");
  ehdr (f)->e_ident[EI_CLASS] = ELFCLASS64;
  ehdr (f)->e_ident[EI_DATA] = ELFDATA2MSB;
  assert_refused (f, f->elf->len, "little-endian");
  ehdr (f)->e_ident[EI_DATA] = ELFDATA2LSB;
  ehdr (f)->e_type = ET_DYN;
  assert_refused (f, f->elf->len, "not an executable");
  ehdr (f)->e_type = ET_EXEC;
  phdr (f)->p_type = PT_NOTE;
  assert_refused (f, f->elf->len, "no loadable segment");
}

/* Random corruption of a valid file is refused or loaded, never a crash or a read outside the
 * file (run under valgrind or ASan to see the second). */
static void
test_random_corruption (Fixture *f, gconstpointer data)
{
  GRand *rand = g_rand_new_with_seed (1234);
  g_autoptr (GByteArray) orig = make_elf ();

  for (unsigned round = 0; round < 5000; round++) {
    g_autoptr (GError) error = NULL;
    PvmElfInfo info;
    unsigned flips = (unsigned) g_rand_int_range (rand, 1, 8);

    memcpy (f->elf->data, orig->data, orig->len);
    for (unsigned i = 0; i < flips; i++)
      f->elf->data[g_rand_int_range (rand, 0, (gint32) SHDR_OFFSET + 3 * 64)] =
        (uint8_t) g_rand_int (rand);
    if (load (f, (gsize) g_rand_int_range (rand, 0, (gint32) orig->len + 1), &info, &error))
      g_assert_no_error (error);
    else
      g_assert_nonnull (error);
  }
  g_rand_free (rand);
}

static void
test_boot_elf_starts_every_hart (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("pvm-test-elf-XXXXXX", &path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (write (fd, f->elf->data, f->elf->len), ==, (ssize_t) f->elf->len);
  close (fd);

  f->machine->fdt = pvm_fdt_build (f->machine, NULL, FALSE, &f->machine->fdt_size, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_boot_elf (f->machine, path, &error));
  g_assert_no_error (error);
  g_unlink (path);

  g_assert_true (f->machine->boot->all_harts);
  g_assert_cmphex (f->machine->tohost_addr, ==, RAM_BASE + 0x1000);
  g_assert_cmphex (f->machine->fromhost_addr, ==, RAM_BASE + 0x1040);
  pvm_machine_reset (f->machine);
  for (unsigned i = 0; i < 2; i++) {
    PvmHart *hart = &f->machine->harts[i];

    g_assert_cmphex (hart->pc, ==, RAM_BASE);
    g_assert_cmpint (hart->priv, ==, PVM_PRIV_M);
    g_assert_cmphex (hart->x[10], ==, i);
    g_assert_cmphex (hart->x[11], ==, f->machine->boot->fdt_addr);
    g_assert_cmpint (atomic_load (&hart->hsm_state), ==, PVM_HART_STARTED);
  }
  g_assert_cmpint (fdt_check_header (f->machine->ram + (f->machine->boot->fdt_addr - RAM_BASE)), ==,
                   0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/machine/elf/valid-program-loads-with-zeroed-bss-and-symbols", test_valid);
  ADD ("/hv/machine/elf/program-without-symbol-table-loads", test_without_symbols);
  ADD ("/hv/machine/elf/truncated-files-are-refused", test_truncated);
  ADD ("/hv/machine/elf/header-tables-outside-the-file-are-refused", test_bad_headers);
  ADD ("/hv/machine/elf/symbol-names-outside-the-string-table-are-ignored",
       test_symbol_names_outside_strtab_are_ignored);
  ADD ("/hv/machine/elf/segments-outside-memory-are-refused", test_segments_outside_memory);
  ADD ("/hv/machine/elf/entry-or-tohost-outside-memory-is-refused",
       test_entry_and_tohost_outside);
  ADD ("/hv/machine/elf/other-machines-classes-and-types-are-refused", test_wrong_kind);
  ADD ("/hv/machine/elf/random-corruption-never-crashes", test_random_corruption);
  ADD ("/hv/machine/elf/boot-elf-starts-every-hart-in-m-mode", test_boot_elf_starts_every_hart);
#undef ADD
  return g_test_run ();
}

/* elf.c: an ELF64 little-endian RISC-V loader. The file is untrusted: every offset and size is
 * checked against the file and every segment against the machine's memory before use. */
#include "hv/machine/elf.h"

#include <elf.h>
#include <string.h>

G_STATIC_ASSERT (G_BYTE_ORDER == G_LITTLE_ENDIAN);

static const struct {
  unsigned machine;
  const char *name;
} elf_machines[] = {
  { EM_SPARC, "SPARC" },     { EM_386, "x86" },         { EM_MIPS, "MIPS" },
  { EM_PPC, "PowerPC" },     { EM_PPC64, "PowerPC64" }, { EM_S390, "s390" },
  { EM_ARM, "ARM" },         { EM_SPARCV9, "SPARC64" }, { EM_X86_64, "x86-64" },
  { EM_AARCH64, "AArch64" }, { EM_RISCV, "RISC-V" },    { 258, "LoongArch" },
};

gboolean
pvm_elf_is_elf (const uint8_t *data, gsize len)
{
  return len >= SELFMAG && memcmp (data, ELFMAG, SELFMAG) == 0;
}

const char *
pvm_elf_machine_name (unsigned e_machine)
{
  for (unsigned i = 0; i < G_N_ELEMENTS (elf_machines); i++)
    if (elf_machines[i].machine == e_machine)
      return elf_machines[i].name;
  return NULL;
}

/* TRUE if [@offset, @offset + @count * @entsize) lies inside a file of @size bytes. */
static gboolean
elf_table_fits (uint64_t offset, uint64_t count, uint64_t entsize, gsize size)
{
  return offset <= size && count <= (size - offset) / entsize;
}

static gboolean
elf_check_header (const Elf64_Ehdr *eh, gsize size, const char *name, GError **error)
{
  const char *arch;

  if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” is not a 64-bit ELF file", name);
    return FALSE;
  }
  if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” is not a little-endian ELF file", name);
    return FALSE;
  }
  if (eh->e_machine != EM_RISCV) {
    arch = pvm_elf_machine_name (eh->e_machine);
    if (arch)
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                   "“%s” is an ELF file for %s, not RISC-V", name, arch);
    else
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                   "“%s” is an ELF file for machine %u, not RISC-V", name, eh->e_machine);
    return FALSE;
  }
  if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT ||
      eh->e_ehsize < sizeof (Elf64_Ehdr)) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” has an invalid ELF header", name);
    return FALSE;
  }
  if (eh->e_type != ET_EXEC) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” is not an executable ELF file (type %u)", name, eh->e_type);
    return FALSE;
  }
  if (eh->e_phnum == 0 || eh->e_phentsize != sizeof (Elf64_Phdr) ||
      !elf_table_fits (eh->e_phoff, eh->e_phnum, sizeof (Elf64_Phdr), size)) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” has no valid program header table inside the file", name);
    return FALSE;
  }
  return TRUE;
}

/* TRUE if [@addr, @addr + @size) lies wholly in one memory (RAM or ROM) region of @bus. */
static gboolean
elf_range_in_memory (const PvmBus *bus, uint64_t addr, uint64_t size)
{
  const PvmBusRegion *r = pvm_bus_find (bus, addr);

  return r && !r->ops && size <= r->size && addr - r->base <= r->size - size;
}

static gboolean
elf_load_segments (PvmMachine *machine, GBytes *file, const Elf64_Ehdr *eh, const char *name,
                   GArray *out, GError **error)
{
  const uint8_t *data = g_bytes_get_data (file, NULL);
  gsize size = g_bytes_get_size (file);

  for (unsigned i = 0; i < eh->e_phnum; i++) {
    Elf64_Phdr ph;
    PvmBootBlob blob;

    memcpy (&ph, data + eh->e_phoff + (uint64_t) i * sizeof ph, sizeof ph);
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
      continue;
    if (ph.p_filesz > ph.p_memsz || ph.p_offset > size || ph.p_filesz > size - ph.p_offset) {
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                   "“%s” has a segment (%u) that extends past the end of the file", name, i);
      return FALSE;
    }
    if (!elf_range_in_memory (&machine->bus, ph.p_paddr, ph.p_memsz)) {
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                   "“%s” has a segment at 0x%" G_GINT64_MODIFIER "x (%" G_GUINT64_FORMAT
                   " bytes) that is not inside the guest's memory",
                   name, (uint64_t) ph.p_paddr, (uint64_t) ph.p_memsz);
      return FALSE;
    }
    blob.addr = ph.p_paddr;
    blob.size = ph.p_memsz;
    blob.data = ph.p_filesz ? g_bytes_new_from_bytes (file, ph.p_offset, ph.p_filesz) : NULL;
    g_array_append_val (out, blob);
  }
  if (out->len == 0) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” has no loadable segment", name);
    return FALSE;
  }
  return TRUE;
}

static gboolean
elf_bad_sections (const char *name, GError **error)
{
  g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
               "“%s” has a section header or symbol table that is not inside the file", name);
  return FALSE;
}

/* Looks up `tohost` and `fromhost` in the symbol table, if the file has one. */
static gboolean
elf_find_symbols (const uint8_t *data, gsize size, const Elf64_Ehdr *eh, const char *name,
                  PvmElfInfo *info, GError **error)
{
  Elf64_Shdr symtab, strtab;
  gboolean found = FALSE;

  if (eh->e_shoff == 0 || eh->e_shnum == 0)
    return TRUE;
  if (eh->e_shentsize != sizeof (Elf64_Shdr) ||
      !elf_table_fits (eh->e_shoff, eh->e_shnum, sizeof (Elf64_Shdr), size))
    return elf_bad_sections (name, error);

  for (unsigned i = 0; i < eh->e_shnum && !found; i++) {
    memcpy (&symtab, data + eh->e_shoff + (uint64_t) i * sizeof symtab, sizeof symtab);
    found = symtab.sh_type == SHT_SYMTAB;
  }
  if (!found)
    return TRUE;

  if (symtab.sh_link == 0 || symtab.sh_link >= eh->e_shnum ||
      symtab.sh_entsize != sizeof (Elf64_Sym) ||
      !elf_table_fits (symtab.sh_offset, symtab.sh_size / sizeof (Elf64_Sym),
                       sizeof (Elf64_Sym), size))
    return elf_bad_sections (name, error);
  memcpy (&strtab, data + eh->e_shoff + (uint64_t) symtab.sh_link * sizeof strtab,
          sizeof strtab);
  if (strtab.sh_type != SHT_STRTAB || strtab.sh_offset > size ||
      strtab.sh_size > size - strtab.sh_offset)
    return elf_bad_sections (name, error);

  for (uint64_t i = 0; i < symtab.sh_size / sizeof (Elf64_Sym); i++) {
    Elf64_Sym sym;
    const char *sym_name;
    uint64_t room;

    memcpy (&sym, data + symtab.sh_offset + i * sizeof sym, sizeof sym);
    if (sym.st_name >= strtab.sh_size)
      continue;
    sym_name = (const char *) data + strtab.sh_offset + sym.st_name;
    room = strtab.sh_size - sym.st_name;
    if (!memchr (sym_name, '\0', room))
      continue;
    if (strcmp (sym_name, "tohost") == 0)
      info->tohost = sym.st_value;
    else if (strcmp (sym_name, "fromhost") == 0)
      info->fromhost = sym.st_value;
  }
  return TRUE;
}

gboolean
pvm_elf_load (PvmMachine *machine, PvmBoot *boot, GBytes *file, const char *name,
              PvmElfInfo *info, GError **error)
{
  gsize size;
  const uint8_t *data = g_bytes_get_data (file, &size);
  g_autoptr (GArray) segments = g_array_new (FALSE, FALSE, sizeof (PvmBootBlob));
  Elf64_Ehdr eh;
  PvmElfInfo found = { 0 };
  gboolean ok;

  if (!pvm_elf_is_elf (data, size)) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT, "“%s” is not an ELF file", name);
    return FALSE;
  }
  if (size < sizeof eh) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” is truncated: it ends inside its ELF header", name);
    return FALSE;
  }
  memcpy (&eh, data, sizeof eh);

  ok = elf_check_header (&eh, size, name, error) &&
       elf_load_segments (machine, file, &eh, name, segments, error) &&
       elf_find_symbols (data, size, &eh, name, &found, error);
  if (ok && !elf_range_in_memory (&machine->bus, eh.e_entry, 2)) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” has its entry point (0x%" G_GINT64_MODIFIER "x) outside the guest's "
                 "memory", name, (uint64_t) eh.e_entry);
    ok = FALSE;
  }
  if (ok && ((found.tohost && !pvm_machine_ram_ptr (machine, found.tohost, 8)) ||
             (found.fromhost && !pvm_machine_ram_ptr (machine, found.fromhost, 8)))) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "“%s” has its tohost or fromhost symbol outside the guest's RAM", name);
    ok = FALSE;
  }
  if (!ok) {
    for (unsigned i = 0; i < segments->len; i++)
      g_clear_pointer (&g_array_index (segments, PvmBootBlob, i).data, g_bytes_unref);
    return FALSE;
  }

  for (unsigned i = 0; i < segments->len; i++) {
    PvmBootBlob *blob = &g_array_index (segments, PvmBootBlob, i);

    pvm_boot_add (boot, blob->addr, blob->data, blob->size);
    g_clear_pointer (&blob->data, g_bytes_unref);
  }
  found.entry = eh.e_entry;
  *info = found;
  return TRUE;
}

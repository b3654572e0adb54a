/* boot.c: PV direct boot of a Linux Image, ELF test programs, and the boot plan that a reset
 * applies again.
 *
 * Firmware boot is boot-firmware.c's.
 *
 * PV layout, low to high in RAM:
 *
 *   RAM base + text_offset (2 MiB aligned)  the kernel, image_size bytes (bss zeroed)
 *   ...                                     free
 *   below the device tree (4 KiB aligned)   the initrd
 *   top of RAM or 4 GiB (2 MiB aligned)     the device tree
 */
#include "hv/machine/boot.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pvm-bytes.h"
#include "hv/machine/boot-private.h"
#include "hv/machine/elf.h"
#include "hv/machine/fdt.h"

#define BOOT_PAGE_SIZE 4096ull
#define BOOT_FDT_ALIGN (2ull << 20)
#define BOOT_FDT_LIMIT (4ull << 30)    /* the device tree stays below 4 GiB */
#define BOOT_ELF_MAX_FILE (1ull << 30) /* ELF files may carry debug info beyond what loads */

#define KERNEL_HEADER_SIZE 64
#define KERNEL_MAGIC_OFFSET 0x30
#define KERNEL_MAGIC "RISCV\0\0\0"
#define KERNEL_MAGIC2_OFFSET 0x38
#define KERNEL_MAGIC2 "RSC\x05"
#define KERNEL_ARM64_MAGIC "ARM\x64"
#define KERNEL_FLAG_BE 1u

static void
boot_blob_clear (void *p)
{
  PvmBootBlob *blob = p;

  g_clear_pointer (&blob->data, g_bytes_unref);
}

PvmBoot *
pvm_boot_new (void)
{
  PvmBoot *boot = g_new0 (PvmBoot, 1);

  boot->blobs = g_array_new (FALSE, FALSE, sizeof (PvmBootBlob));
  g_array_set_clear_func (boot->blobs, boot_blob_clear);
  return boot;
}

void
pvm_boot_free (PvmBoot *boot)
{
  if (!boot)
    return;
  g_array_unref (boot->blobs);
  g_free (boot);
}

void
pvm_boot_add (PvmBoot *boot, uint64_t addr, GBytes *data, uint64_t size)
{
  PvmBootBlob blob = { .addr = addr, .size = size, .data = data ? g_bytes_ref (data) : NULL };

  g_array_append_val (boot->blobs, blob);
}

void
pvm_boot_apply (const PvmBoot *boot, PvmMachine *machine)
{
  for (unsigned i = 0; i < boot->blobs->len; i++) {
    const PvmBootBlob *blob = &g_array_index (boot->blobs, PvmBootBlob, i);
    const PvmBusRegion *r = pvm_bus_find (&machine->bus, blob->addr);
    gsize len = blob->data ? g_bytes_get_size (blob->data) : 0;
    uint8_t *host;

    if (!r || r->ops || blob->size > r->size || blob->addr - r->base > r->size - blob->size ||
        len > blob->size)
      continue;
    host = r->host + (blob->addr - r->base);
    if (len)
      memcpy (host, g_bytes_get_data (blob->data, NULL), len);
    memset (host + len, 0, blob->size - len);
  }

  for (unsigned i = 0; i < machine->n_harts; i++) {
    PvmHart *hart = &machine->harts[i];

    if (boot->all_harts || i == 0) {
      hart->pc = boot->entry;
      hart->x[10] = i;
      hart->x[11] = boot->fdt_addr;
      atomic_store (&hart->hsm_state, PVM_HART_STARTED);
    } else {
      atomic_store (&hart->hsm_state, PVM_HART_STOPPED);
    }
  }
}

GBytes *
pvm_boot_read_file (const char *path, const char *what, uint64_t max_size, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int err = 0;

  if (fd < 0) {
    err = errno;
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE, "Cannot open the %s “%s”: %s",
                 what, path, g_strerror (err));
    return NULL;
  }
  for (;;) {
    uint8_t chunk[65536];
    ssize_t n = read (fd, chunk, sizeof chunk);

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      err = errno;
      break;
    }
    if (n == 0)
      break;
    if (buf->len + (uint64_t) n > max_size) {
      err = EFBIG;
      break;
    }
    g_byte_array_append (buf, chunk, (guint) n);
  }
  close (fd);

  if (err == EFBIG) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_SPACE,
                 "The %s “%s” is larger than the %" G_GUINT64_FORMAT " MiB it may take", what,
                 path, max_size >> 20);
    return NULL;
  }
  if (err) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FILE, "Cannot read the %s “%s”: %s",
                 what, path, g_strerror (err));
    return NULL;
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

const char *
_pvm_boot_compression (const uint8_t *data, gsize len)
{
  static const struct {
    const char *magic;
    gsize len;
    const char *what;
  } compressed[] = {
    { "\x1f\x8b", 2, "gzip" },          { "\xfd" "7zXZ\0", 6, "xz" },
    { "\x28\xb5\x2f\xfd", 4, "zstd" },  { "BZh", 3, "bzip2" },
    { "\x04\x22\x4d\x18", 4, "lz4" },   { "\x89LZO", 4, "lzo" },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (compressed); i++)
    if (len >= compressed[i].len && memcmp (data, compressed[i].magic, compressed[i].len) == 0)
      return compressed[i].what;
  return NULL;
}

/* Names the kind of file that @data is when it is a known kernel or archive format that is not a
 * RISC-V Image, or returns NULL. */
static char *
boot_foreign_format (const uint8_t *data, gsize len)
{
  const char *compression = _pvm_boot_compression (data, len);

  if (pvm_elf_is_elf (data, len)) {
    unsigned machine = len >= 20 ? (unsigned) (data[18] | data[19] << 8) : 0;
    const char *arch = pvm_elf_machine_name (machine);

    if (machine == EM_RISCV)
      return g_strdup ("an ELF file (vmlinux); give the kernel's Image "
                       "(arch/riscv/boot/Image) instead");
    if (arch)
      return g_strdup_printf ("an ELF file for %s, not a RISC-V kernel Image", arch);
    return g_strdup ("an ELF file, not a RISC-V kernel Image");
  }
  if (compression)
    return g_strdup_printf ("%s-compressed; give the uncompressed Image", compression);
  if (len >= 0x206 && memcmp (data + 0x202, "HdrS", 4) == 0)
    return g_strdup ("an x86 kernel (bzImage), not a RISC-V kernel Image");
  if (len >= KERNEL_HEADER_SIZE &&
      memcmp (data + KERNEL_MAGIC2_OFFSET, KERNEL_ARM64_MAGIC, 4) == 0)
    return g_strdup ("an arm64 kernel Image, not a RISC-V one");
  return NULL;
}

gboolean
pvm_boot_parse_kernel (const uint8_t *data, gsize len, const char *name,
                       PvmKernelHeader *header, GError **error)
{
  g_autofree char *foreign = boot_foreign_format (data, len);

  if (foreign) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT, "The kernel “%s” is %s", name,
                 foreign);
    return FALSE;
  }
  if (len < KERNEL_HEADER_SIZE) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "The kernel “%s” is truncated: it has %" G_GSIZE_FORMAT " bytes, fewer than "
                 "the %d of a RISC-V Image header", name, len, KERNEL_HEADER_SIZE);
    return FALSE;
  }
  if (memcmp (data + KERNEL_MAGIC2_OFFSET, KERNEL_MAGIC2, 4) != 0 ||
      memcmp (data + KERNEL_MAGIC_OFFSET, KERNEL_MAGIC, 8) != 0) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "The kernel “%s” is not a RISC-V kernel Image (it lacks the RISC-V Image "
                 "magic numbers)", name);
    return FALSE;
  }

  header->text_offset = pvm_le_get (data + 8, 8);
  header->image_size = pvm_le_get (data + 16, 8);
  header->flags = pvm_le_get (data + 24, 8);
  header->version = pvm_le_get (data + 32, 4);
  if (header->flags & KERNEL_FLAG_BE) {
    g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_FORMAT,
                 "The kernel “%s” is big-endian; pvm runs little-endian RISC-V", name);
    return FALSE;
  }
  if (header->image_size < len)
    header->image_size = len;
  return TRUE;
}

uint64_t
_pvm_boot_fdt_addr (const PvmMachine *machine, uint64_t fdt_size, uint64_t low, uint64_t limit)
{
  uint64_t top = machine->ram_base + machine->ram_size;
  uint64_t addr;

  if (machine->ram_base < limit && top > limit)
    top = limit;
  if (fdt_size > top - low)
    return 0;
  addr = pvm_align_down (top - fdt_size, BOOT_FDT_ALIGN);
  if (addr < low)
    addr = pvm_align_down (top - fdt_size, 8);
  return addr;
}

void
_pvm_boot_set_plan (PvmMachine *machine, PvmBoot *boot)
{
  g_clear_pointer (&machine->boot, pvm_boot_free);
  machine->boot = boot;
}

gboolean
_pvm_boot_too_small (PvmMachine *machine, const char *what, GError **error)
{
  g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_SPACE,
               "The guest's %" G_GUINT64_FORMAT " MiB of memory are too few for %s",
               machine->ram_size >> 20, what);
  return FALSE;
}

gboolean
pvm_boot_linux (PvmMachine *machine, const char *kernel_path, const char *initrd_path,
                GError **error)
{
  g_autoptr (GBytes) kernel = NULL;
  g_autoptr (GBytes) initrd = NULL;
  g_autoptr (GBytes) fdt = NULL;
  uint64_t ram_end = machine->ram_base + machine->ram_size;
  uint64_t kernel_addr, kernel_end, initrd_size = 0, initrd_addr = 0, fdt_addr;
  PvmKernelHeader header;
  PvmBoot *boot;
  gsize len;
  const uint8_t *data;

  g_return_val_if_fail (machine->fdt != NULL, FALSE);

  kernel = pvm_boot_read_file (kernel_path, "kernel", machine->ram_size, error);
  if (!kernel)
    return FALSE;
  data = g_bytes_get_data (kernel, &len);
  if (!pvm_boot_parse_kernel (data, len, kernel_path, &header, error))
    return FALSE;

  if (header.text_offset >= machine->ram_size || header.image_size > machine->ram_size)
    return _pvm_boot_too_small (machine, "the kernel", error);
  kernel_addr = pvm_align_up (machine->ram_base + header.text_offset, PVM_BOOT_KERNEL_ALIGN);
  kernel_end = kernel_addr + header.image_size;
  if (kernel_addr >= ram_end || kernel_end > ram_end)
    return _pvm_boot_too_small (machine, "the kernel", error);

  if (initrd_path) {
    initrd = pvm_boot_read_file (initrd_path, "initrd", machine->ram_size, error);
    if (!initrd)
      return FALSE;
    initrd_size = g_bytes_get_size (initrd);
  }

  fdt_addr = _pvm_boot_fdt_addr (machine, machine->fdt_size,
                                 pvm_align_up (kernel_end, BOOT_PAGE_SIZE) + initrd_size,
                                 BOOT_FDT_LIMIT);
  if (fdt_addr == 0)
    return _pvm_boot_too_small (machine, initrd ? "the kernel, the initrd and the device tree"
                                           : "the kernel and the device tree", error);
  if (initrd) {
    initrd_addr = pvm_align_down (fdt_addr - initrd_size, BOOT_PAGE_SIZE);
    if (initrd_addr < kernel_end)
      return _pvm_boot_too_small (machine, "the kernel, the initrd and the device tree", error);
    if (!pvm_fdt_set_initrd (machine->fdt, initrd_addr, initrd_addr + initrd_size, error))
      return FALSE;
  }
  fdt = g_bytes_new (machine->fdt, machine->fdt_size);

  boot = pvm_boot_new ();
  pvm_boot_add (boot, kernel_addr, kernel, header.image_size);
  if (initrd)
    pvm_boot_add (boot, initrd_addr, initrd, initrd_size);
  pvm_boot_add (boot, fdt_addr, fdt, machine->fdt_size);
  boot->entry = kernel_addr;
  boot->fdt_addr = fdt_addr;
  boot->all_harts = false;
  boot->kernel_addr = kernel_addr;
  boot->kernel_size = header.image_size;
  boot->initrd_addr = initrd_addr;
  boot->initrd_size = initrd_size;
  boot->fdt_size = machine->fdt_size;
  _pvm_boot_set_plan (machine, boot);
  return TRUE;
}

gboolean
pvm_boot_elf (PvmMachine *machine, const char *path, GError **error)
{
  g_autoptr (GBytes) file = pvm_boot_read_file (path, "ELF file", BOOT_ELF_MAX_FILE, error);
  PvmBoot *boot;
  PvmElfInfo info;

  if (!file)
    return FALSE;
  boot = pvm_boot_new ();
  if (!pvm_elf_load (machine, boot, file, path, &info, error)) {
    pvm_boot_free (boot);
    return FALSE;
  }

  if (machine->fdt) {
    uint64_t fdt_addr =
      _pvm_boot_fdt_addr (machine, machine->fdt_size, machine->ram_base, BOOT_FDT_LIMIT);
    g_autoptr (GBytes) fdt = g_bytes_new (machine->fdt, machine->fdt_size);

    for (unsigned i = 0; i < boot->blobs->len && fdt_addr; i++) {
      const PvmBootBlob *blob = &g_array_index (boot->blobs, PvmBootBlob, i);

      if (blob->addr < fdt_addr + machine->fdt_size && fdt_addr < blob->addr + blob->size)
        fdt_addr = 0;
    }
    if (fdt_addr == 0) {
      g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_SPACE,
                   "“%s” leaves no room for the device tree at the top of the guest's memory",
                   path);
      pvm_boot_free (boot);
      return FALSE;
    }
    pvm_boot_add (boot, fdt_addr, fdt, machine->fdt_size);
    boot->fdt_addr = fdt_addr;
    boot->fdt_size = machine->fdt_size;
  }
  boot->entry = info.entry;
  boot->all_harts = true;
  machine->tohost_addr = info.tohost;
  machine->fromhost_addr = info.fromhost;
  _pvm_boot_set_plan (machine, boot);
  return TRUE;
}

/* test-boot-firmware.c: the reset ROM, the fw_dynamic_info block and the boot plan of full
 * virtualization — where firmware, payload, initrd and device tree go, what the harts run
 * first, what a reset restores, which files are refused, and a firmware stuck in a trap loop. */
#include <elf.h>
#include <glib/gstdio.h>
#include <libfdt.h>
#include <string.h>

#include "hv/cpu/hart.h"
#include "hv/machine/boot.h"
#include "hv/machine/fdt.h"
#include "hv/machine/guest-error.h"
#include "hv/machine/machine.h"
#include "hv/machine/reset-rom.h"
#include "hv/machine/virt.h"

#define RAM_BASE 0x80000000ull
#define MiB (1ull << 20)
#define ROM_BASE 0x1000ull
#define PAYLOAD_ADDR (RAM_BASE + 2 * MiB)

/* Hand-assembled RV64 instructions for the test firmware. */
#define INSN_AUIPC_T0 0x00000297u      /* auipc t0, 0 */
#define INSN_CSRW_MTVEC_T0 0x30529073u /* csrw mtvec, t0 */
#define INSN_LD_T1_16_ZERO 0x01003303u /* ld t1, 16(zero): a load from an unmapped address */
#define INSN_ILLEGAL 0x00000000u
#define INSN_J_SELF 0x0000006fu /* j . */

typedef struct {
  char *dir;
  PvmMachine *machine;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("pvm-test-boot-firmware-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  pvm_machine_free (f->machine);
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

/* A raw firmware of @n instructions, padded with a byte pattern to @size bytes. */
static char *
write_code (Fixture *f, const char *name, const uint32_t *insns, unsigned n, gsize size)
{
  g_autofree uint8_t *buf = g_malloc (MAX (size, 4 * n));

  for (gsize i = 0; i < size; i++)
    buf[i] = (uint8_t) (i * 13 + 5);
  for (unsigned i = 0; i < n; i++)
    for (unsigned b = 0; b < 4; b++)
      buf[4 * i + b] = (uint8_t) (insns[i] >> (8 * b));
  return write_file (f, name, buf, MAX (size, 4 * n));
}

/* An ELF64 executable for @machine with one segment of @filesz bytes (a pattern) at @addr,
 * entered at @entry. */
static char *
write_elf (Fixture *f, const char *name, unsigned machine, uint64_t addr, uint64_t entry,
           gsize filesz)
{
  gsize off = sizeof (Elf64_Ehdr) + sizeof (Elf64_Phdr);
  g_autofree uint8_t *buf = g_malloc0 (off + filesz);
  Elf64_Ehdr eh = { 0 };
  Elf64_Phdr ph = { 0 };

  memcpy (eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = (Elf64_Half) machine;
  eh.e_version = EV_CURRENT;
  eh.e_entry = entry;
  eh.e_phoff = sizeof eh;
  eh.e_ehsize = sizeof eh;
  eh.e_phentsize = sizeof ph;
  eh.e_phnum = 1;
  ph.p_type = PT_LOAD;
  ph.p_flags = PF_R | PF_X;
  ph.p_offset = off;
  ph.p_vaddr = ph.p_paddr = addr;
  ph.p_filesz = ph.p_memsz = filesz;
  memcpy (buf, &eh, sizeof eh);
  memcpy (buf + sizeof eh, &ph, sizeof ph);
  for (gsize i = 0; i < filesz; i++)
    buf[off + i] = (uint8_t) (i * 7 + 3);
  return write_file (f, name, buf, off + filesz);
}

/* A RISC-V Linux Image header (and a pattern) of @len bytes claiming @image_size. */
static char *
write_linux_image (Fixture *f, const char *name, gsize len, uint64_t image_size)
{
  g_autofree uint8_t *buf = g_malloc0 (len);

  for (gsize i = 64; i < len; i++)
    buf[i] = (uint8_t) i;
  for (unsigned i = 0; i < 8; i++)
    buf[16 + i] = (uint8_t) (image_size >> (8 * i));
  memcpy (buf + 0x30, "RISCV\0\0\0", 8);
  memcpy (buf + 0x38, "RSC\x05", 4);
  return write_file (f, name, buf, len);
}

static PvmMachine *
new_machine (uint64_t ram_size, unsigned n_harts, const char *firmware, const char *payload,
             const char *initrd, GError **error)
{
  PvmVirtConfig config = {
    .ram_size = ram_size,
    .n_harts = n_harts,
    .firmware = firmware,
    .payload = payload,
    .initrd = initrd,
    .cmdline = initrd ? "console=ttyS0" : NULL,
  };

  return pvm_virt_new (&config, error);
}

static uint64_t
guest_u64 (PvmMachine *machine, uint64_t pa)
{
  uint64_t v = 0;

  g_assert_cmpint (pvm_bus_read (&machine->bus, pa, 8, &v), ==, 0);
  return v;
}

static uint32_t
guest_u32 (PvmMachine *machine, uint64_t pa)
{
  uint64_t v = 0;

  g_assert_cmpint (pvm_bus_read (&machine->bus, pa, 4, &v), ==, 0);
  return (uint32_t) v;
}

/* The fw_dynamic_info the reset ROM points at. */
static void
assert_fw_dynamic (PvmMachine *machine, uint64_t next_addr)
{
  uint64_t info = machine->boot->fw_dynamic_addr;

  g_assert_cmphex (info, ==, ROM_BASE + PVM_RESET_ROM_INFO_OFFSET);
  g_assert_cmphex (guest_u64 (machine, info), ==, 0x4942534f);
  g_assert_cmpuint (guest_u64 (machine, info + 8), ==, 2);
  g_assert_cmphex (guest_u64 (machine, info + 16), ==, next_addr);
  g_assert_cmpuint (guest_u64 (machine, info + 24), ==, 1); /* S-mode */
  g_assert_cmpuint (guest_u64 (machine, info + 32), ==, 0);
  g_assert_cmpuint (guest_u64 (machine, info + 40), ==, 0); /* hart 0 boots */
}

static void
test_rom_layout (void)
{
  uint8_t rom[PVM_RESET_ROM_SIZE];
  PvmFwDynamicInfo info = {
    .magic = PVM_FW_DYNAMIC_MAGIC, .version = 2, .next_addr = 0x80200000, .next_mode = 1,
    .options = 0x5, .boot_hart = UINT64_MAX,
  };
  uint64_t words[8];

  memset (rom, 0xaa, sizeof rom);
  pvm_reset_rom_build (rom, 0x80000000, 0x8fe00000, &info);
  g_assert_cmpuint (sizeof rom, ==, 88);
  memcpy (words, rom + PVM_RESET_ROM_ENTRY_OFFSET, sizeof words);
  g_assert_cmphex (GUINT64_FROM_LE (words[0]), ==, 0x80000000);
  g_assert_cmphex (GUINT64_FROM_LE (words[1]), ==, 0x8fe00000);
  g_assert_cmphex (GUINT64_FROM_LE (words[2]), ==, 0x4942534f);
  g_assert_cmpuint (GUINT64_FROM_LE (words[3]), ==, 2);
  g_assert_cmphex (GUINT64_FROM_LE (words[4]), ==, 0x80200000);
  g_assert_cmpuint (GUINT64_FROM_LE (words[5]), ==, 1);
  g_assert_cmpuint (GUINT64_FROM_LE (words[6]), ==, 5);
  g_assert_cmphex (GUINT64_FROM_LE (words[7]), ==, UINT64_MAX);
  /* six 32-bit instructions (low bits 11), no compressed ones */
  for (unsigned i = 0; i < 6; i++)
    g_assert_cmpuint (rom[4 * i] & 3, ==, 3);
}

/* Every hart runs the ROM's six instructions and lands on the firmware in M-mode with a0 =
 * its id, a1 = the device tree, a2 = the fw_dynamic_info. */
static void
test_rom_enters_the_firmware (Fixture *f, gconstpointer data)
{
  const uint32_t code[] = { INSN_J_SELF };
  g_autofree char *fw = write_code (f, "fw.bin", code, 1, 4096);
  g_autoptr (GError) error = NULL;

  f->machine = new_machine (64 * MiB, 2, fw, NULL, NULL, &error);
  g_assert_no_error (error);
  for (unsigned i = 0; i < 2; i++) {
    PvmHart *hart = &f->machine->harts[i];

    g_assert_cmphex (hart->pc, ==, ROM_BASE);
    g_assert_cmpint (hart->priv, ==, PVM_PRIV_M);
    g_assert_cmpint (atomic_load (&hart->hsm_state), ==, PVM_HART_STARTED);
    hart->x[10] = hart->x[11] = hart->x[12] = 0xdead;
    g_assert_cmpuint (pvm_hart_step (hart, 6), ==, 6);
    g_assert_cmphex (hart->pc, ==, RAM_BASE);
    g_assert_cmpint (hart->priv, ==, PVM_PRIV_M);
    g_assert_cmpuint (hart->x[10], ==, i);
    g_assert_cmphex (hart->x[11], ==, f->machine->boot->fdt_addr);
    g_assert_cmphex (hart->x[12], ==, f->machine->boot->fw_dynamic_addr);
  }
  assert_fw_dynamic (f->machine, PAYLOAD_ADDR);
  g_assert_cmphex (fdt_magic ((const void *) (f->machine->ram + (f->machine->boot->fdt_addr -
                                                                  RAM_BASE))),
                   ==, FDT_MAGIC);
}

/* Raw firmware at the start of RAM, raw payload 2 MiB in, the device tree at the top of RAM
 * (2 MiB aligned), the ROM entering the firmware: as on QEMU's virt board. */
static void
test_raw_layout (Fixture *f, gconstpointer data)
{
  g_autofree char *fw = write_code (f, "fw.bin", NULL, 0, 100000);
  g_autofree char *payload = write_code (f, "u-boot.bin", NULL, 0, 600000);
  g_autoptr (GError) error = NULL;
  const PvmBoot *boot;

  f->machine = new_machine (256 * MiB, 1, fw, payload, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (f->machine->pv);
  boot = f->machine->boot;
  g_assert_true (boot->all_harts);
  g_assert_cmphex (boot->entry, ==, ROM_BASE);
  g_assert_cmphex (boot->firmware_addr, ==, RAM_BASE);
  g_assert_cmpuint (boot->firmware_size, ==, 100000);
  g_assert_cmphex (boot->payload_addr, ==, PAYLOAD_ADDR);
  g_assert_cmpuint (boot->payload_size, ==, 600000);
  g_assert_cmphex (boot->fdt_addr, ==, RAM_BASE + 256 * MiB - 2 * MiB);
  g_assert_cmphex (guest_u64 (f->machine, ROM_BASE + PVM_RESET_ROM_ENTRY_OFFSET), ==, RAM_BASE);
  g_assert_cmphex (guest_u64 (f->machine, ROM_BASE + PVM_RESET_ROM_FDT_OFFSET), ==,
                   boot->fdt_addr);
  assert_fw_dynamic (f->machine, PAYLOAD_ADDR);
  g_assert_cmpuint (f->machine->ram[99999], ==, (uint8_t) (99999 * 13 + 5));
  g_assert_cmpuint (f->machine->ram[2 * MiB + 599999], ==, (uint8_t) (599999 * 13 + 5));
  g_assert_cmpint (fdt_check_header (f->machine->ram + (boot->fdt_addr - RAM_BASE)), ==, 0);
}

/* Above 3 GiB of address space the device tree stays below 3 GiB, as QEMU keeps it. */
static void
test_fdt_below_3g (Fixture *f, gconstpointer data)
{
  g_autofree char *fw = write_code (f, "fw.bin", NULL, 0, 4096);
  g_autoptr (GError) error = NULL;

  f->machine = new_machine (4096 * MiB, 1, fw, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (f->machine->boot->fdt_addr, ==, (3ull << 30) - 2 * MiB);
  assert_fw_dynamic (f->machine, PAYLOAD_ADDR);
}

/* An ELF firmware goes where its segment says and is entered at its entry point; an ELF
 * payload's entry is the fw_dynamic next_addr. */
static void
test_elf_firmware_and_payload (Fixture *f, gconstpointer data)
{
  g_autofree char *fw = write_elf (f, "fw.elf", EM_RISCV, RAM_BASE, RAM_BASE + 0x40, 0x3000);
  g_autofree char *payload = write_elf (f, "u-boot.elf", EM_RISCV, RAM_BASE + 4 * MiB,
                                        RAM_BASE + 4 * MiB + 0x100, 0x2000);
  g_autoptr (GError) error = NULL;

  f->machine = new_machine (64 * MiB, 1, fw, payload, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (guest_u64 (f->machine, ROM_BASE + PVM_RESET_ROM_ENTRY_OFFSET), ==,
                   RAM_BASE + 0x40);
  assert_fw_dynamic (f->machine, RAM_BASE + 4 * MiB + 0x100);
  g_assert_cmphex (f->machine->boot->payload_addr, ==, RAM_BASE + 4 * MiB);
  g_assert_cmpuint (f->machine->ram[4 * MiB + 5], ==, 5 * 7 + 3);
  g_assert_cmpuint (pvm_hart_step (&f->machine->harts[0], 6), ==, 6);
  g_assert_cmphex (f->machine->harts[0].pc, ==, RAM_BASE + 0x40);
}

/* A kernel Image as payload takes its whole image_size; the initrd sits under the device
 * tree, which names it and carries the command line. */
static void
test_kernel_payload_and_initrd (Fixture *f, gconstpointer data)
{
  g_autofree char *fw = write_code (f, "fw.bin", NULL, 0, 4096);
  g_autofree char *image = write_linux_image (f, "Image", 8192, 5 * MiB);
  g_autofree char *initrd = write_code (f, "initrd", NULL, 0, 300000);
  g_autoptr (GError) error = NULL;
  const PvmBoot *boot;
  const void *fdt;
  const fdt64_t *start, *end;
  const char *bootargs;
  int chosen;

  f->machine = new_machine (64 * MiB, 1, fw, image, initrd, &error);
  g_assert_no_error (error);
  boot = f->machine->boot;
  g_assert_cmphex (boot->payload_addr, ==, PAYLOAD_ADDR);
  g_assert_cmpuint (boot->payload_size, ==, 5 * MiB);
  g_assert_cmpuint (boot->initrd_size, ==, 300000);
  g_assert_cmphex (boot->initrd_addr % 4096, ==, 0);
  g_assert_cmphex (boot->initrd_addr + boot->initrd_size, <=, boot->fdt_addr);
  g_assert_cmphex (boot->initrd_addr, >=, PAYLOAD_ADDR + 5 * MiB);

  fdt = f->machine->ram + (boot->fdt_addr - RAM_BASE);
  chosen = fdt_path_offset (fdt, "/chosen");
  g_assert_cmpint (chosen, >=, 0);
  start = fdt_getprop (fdt, chosen, "linux,initrd-start", NULL);
  end = fdt_getprop (fdt, chosen, "linux,initrd-end", NULL);
  g_assert_nonnull (start);
  g_assert_nonnull (end);
  g_assert_cmphex (fdt64_ld (start), ==, boot->initrd_addr);
  g_assert_cmphex (fdt64_ld (end), ==, boot->initrd_addr + 300000);
  bootargs = fdt_getprop (fdt, chosen, "bootargs", NULL);
  g_assert_cmpstr (bootargs, ==, "console=ttyS0");
}

/* A reset puts back what the guest overwrote and every hart at the reset vector in M-mode. */
static void
test_reset_restarts_from_the_reset_vector (Fixture *f, gconstpointer data)
{
  const uint32_t code[] = { INSN_J_SELF };
  g_autofree char *fw = write_code (f, "fw.bin", code, 1, 4096);
  g_autofree char *payload = write_code (f, "payload.bin", NULL, 0, 8192);
  g_autoptr (GError) error = NULL;
  PvmMachine *m;
  uint64_t fdt_off;

  f->machine = m = new_machine (64 * MiB, 2, fw, payload, NULL, &error);
  g_assert_no_error (error);
  fdt_off = m->boot->fdt_addr - RAM_BASE;
  for (unsigned i = 0; i < 2; i++) {
    pvm_hart_step (&m->harts[i], 100);
    m->harts[i].priv = PVM_PRIV_S;
  }
  memset (m->ram, 0, 4096);
  memset (m->ram + 2 * MiB, 0xff, 8192);
  memset (m->ram + fdt_off, 0, 64);

  pvm_machine_reset (m);
  g_assert_cmphex (guest_u32 (m, RAM_BASE), ==, INSN_J_SELF);
  g_assert_cmpuint (m->ram[2 * MiB + 100], ==, (uint8_t) (100 * 13 + 5));
  g_assert_cmpint (fdt_check_header (m->ram + fdt_off), ==, 0);
  for (unsigned i = 0; i < 2; i++) {
    g_assert_cmphex (m->harts[i].pc, ==, ROM_BASE);
    g_assert_cmpint (m->harts[i].priv, ==, PVM_PRIV_M);
    g_assert_cmpuint (pvm_hart_step (&m->harts[i], 6), ==, 6);
    g_assert_cmphex (m->harts[i].pc, ==, RAM_BASE);
    g_assert_cmpuint (m->harts[i].x[10], ==, i);
  }
}

/* Builds a machine that must be refused with a message containing @fragment. */
static void
assert_refused (uint64_t ram_size, const char *firmware, const char *payload,
                const char *fragment)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *m = new_machine (ram_size, 1, firmware, payload, NULL, &error);

  if (m)
    pvm_machine_free (m);
  g_assert_null (m);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_bad_files (Fixture *f, gconstpointer data)
{
  static const uint8_t gzip[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
  g_autofree char *missing = g_build_filename (f->dir, "missing.bin", NULL);
  g_autofree char *empty = write_file (f, "empty.bin", "", 0);
  g_autofree char *x86 = write_elf (f, "x86.elf", EM_X86_64, RAM_BASE, RAM_BASE, 64);
  g_autofree char *in_rom = write_elf (f, "rom.elf", EM_RISCV, ROM_BASE, ROM_BASE, 64);
  g_autofree char *gz = write_file (f, "fw.bin.gz", gzip, sizeof gzip);
  g_autofree char *image = write_linux_image (f, "Image", 4096, 4096);
  g_autofree char *small = write_code (f, "fw.bin", NULL, 0, 4096);
  g_autofree char *big = write_code (f, "big.bin", NULL, 0, 3 * MiB);
  g_autofree char *huge = write_code (f, "huge.bin", NULL, 0, 5 * MiB);

  assert_refused (64 * MiB, missing, NULL, "Cannot open the firmware");
  assert_refused (64 * MiB, empty, NULL, "is empty");
  assert_refused (64 * MiB, x86, NULL, "is an ELF file for x86-64, not RISC-V");
  assert_refused (64 * MiB, in_rom, NULL, "outside the guest's RAM");
  assert_refused (64 * MiB, gz, NULL, "gzip-compressed");
  assert_refused (64 * MiB, image, NULL, "is a Linux kernel Image");
  assert_refused (4 * MiB, huge, NULL, "larger than the 4 MiB");
  assert_refused (64 * MiB, big, small, "overlap");
  assert_refused (64 * MiB, small, x86, "Cannot load the payload");
  assert_refused (4 * MiB, small, big, "too few for the payload");
}

static void
test_firmware_configurations (void)
{
  PvmVirtConfig configs[] = {
    { .ram_size = 32 << 20, .n_harts = 1, .firmware = "a", .kernel = "b", .pv = true },
    { .ram_size = 32 << 20, .n_harts = 1, .firmware = "a", .test_elf = "b" },
    { .ram_size = 32 << 20, .n_harts = 1, .firmware = "a", .pv = true },
    { .ram_size = 32 << 20, .n_harts = 1, .payload = "a" },
    { .ram_size = 32 << 20, .n_harts = 1, .firmware = "a", .initrd = "b" },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (configs); i++) {
    g_autoptr (GError) error = NULL;

    g_assert_null (pvm_virt_new (&configs[i], &error));
    g_assert_nonnull (error);
    g_assert_null (strchr (error->message, '\n'));
  }
}

/* Runs @hart for @n instructions, in slices (pvm_hart_step() returns at a WFI or request). */
static void
run (PvmHart *hart, uint64_t n)
{
  for (uint64_t done = 0; done < n;) {
    uint64_t k = pvm_hart_step (hart, n - done);

    g_assert_cmpuint (k, >, 0);
    done += k;
  }
}

/* A firmware whose trap handler faults again at once: its unmapped load and the loop are each
 * reported once, and the hart keeps running without more reports. */
static void
test_trap_loop_reported_once (Fixture *f, gconstpointer data)
{
  const uint32_t code[] = { INSN_AUIPC_T0, INSN_CSRW_MTVEC_T0, INSN_LD_T1_16_ZERO };
  g_autofree char *fw = write_code (f, "loop.bin", code, G_N_ELEMENTS (code), 4096);
  g_autoptr (GError) error = NULL;
  PvmHart *hart;

  f->machine = new_machine (64 * MiB, 1, fw, NULL, NULL, &error);
  g_assert_no_error (error);
  hart = &f->machine->harts[0];

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "hart 0 loads at 0x10, where nothing is mapped*");
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "hart 0 is stuck in M-mode: it takes exception 5 (load access fault) "
                         "at pc 0x80000008 over and over*handler at 0x80000000*");
  run (hart, 6 + 3 * 1100);
  g_test_assert_expected_messages ();
  g_assert_cmpint (hart->priv, ==, PVM_PRIV_M);
  g_assert_cmphex (hart->mcause, ==, PVM_EXC_LOAD_ACCESS);
  g_assert_cmphex (hart->mepc, ==, RAM_BASE + 8);

  /* Any guest error while this expectation waits would be fatal: there is none. */
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, "end of the second run");
  run (hart, 3 * 5000);
  pvm_guest_error ("end of the second run");
  g_test_assert_expected_messages ();
}

/* The same loop on an illegal instruction, which is no memory access. */
static void
test_illegal_loop_reported_once (Fixture *f, gconstpointer data)
{
  const uint32_t code[] = { INSN_AUIPC_T0, INSN_CSRW_MTVEC_T0, INSN_ILLEGAL };
  g_autofree char *fw = write_code (f, "illegal.bin", code, G_N_ELEMENTS (code), 4096);
  g_autoptr (GError) error = NULL;

  f->machine = new_machine (64 * MiB, 1, fw, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "hart 0 is stuck in M-mode: it takes exception 2 (illegal instruction) "
                         "at pc 0x80000008*");
  run (&f->machine->harts[0], 6 + 3 * 1100);
  g_test_assert_expected_messages ();
}

/* A trap that its handler returns from (an ECALL in a loop, skipped by the handler) is
 * progress, not a loop, however often it comes. */
static void
test_handled_traps_are_no_loop (Fixture *f, gconstpointer data)
{
  const uint32_t code[] = {
    INSN_AUIPC_T0,      /* 0x00 */
    0x01428293u,        /* 0x04: addi t0, t0, 0x14: the handler */
    INSN_CSRW_MTVEC_T0, /* 0x08 */
    0x00000073u,        /* 0x0c: ecall */
    0xffdff06fu,        /* 0x10: j 0x0c */
    0x34102373u,        /* 0x14: csrr t1, mepc */
    0x00430313u,        /* 0x18: addi t1, t1, 4 */
    0x34131073u,        /* 0x1c: csrw mepc, t1 */
    0x30200073u,        /* 0x20: mret */
  };
  g_autofree char *fw = write_code (f, "ecall.bin", code, G_N_ELEMENTS (code), 4096);
  g_autoptr (GError) error = NULL;
  PvmHart *hart;
  uint64_t before;

  f->machine = new_machine (64 * MiB, 1, fw, NULL, NULL, &error);
  g_assert_no_error (error);
  hart = &f->machine->harts[0];
  run (hart, 6 + 3);
  before = hart->instret;
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, "end of the run");
  run (hart, 6 * 2000);
  pvm_guest_error ("end of the run");
  g_test_assert_expected_messages ();
  g_assert_cmphex (hart->mcause, ==, PVM_EXC_ECALL_M);
  g_assert_cmpuint (hart->instret - before, >=, 5 * 2000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  g_test_add_func ("/hv/machine/reset-rom/holds-the-entry-the-fdt-and-the-fw-dynamic-info",
                   test_rom_layout);
  ADD ("/hv/machine/reset-rom/every-hart-enters-the-firmware-with-hartid-fdt-and-info",
       test_rom_enters_the_firmware);
  ADD ("/hv/machine/boot-firmware/raw-firmware-and-payload-sit-where-qemu-virt-puts-them",
       test_raw_layout);
  ADD ("/hv/machine/boot-firmware/the-device-tree-stays-below-3-gib", test_fdt_below_3g);
  ADD ("/hv/machine/boot-firmware/elf-files-are-entered-at-their-entry-points",
       test_elf_firmware_and_payload);
  ADD ("/hv/machine/boot-firmware/a-kernel-payload-gets-its-initrd-and-command-line",
       test_kernel_payload_and_initrd);
  ADD ("/hv/machine/boot-firmware/reset-restores-memory-and-restarts-at-the-reset-vector",
       test_reset_restarts_from_the_reset_vector);
  ADD ("/hv/machine/boot-firmware/bad-files-are-refused-in-one-sentence", test_bad_files);
  g_test_add_func ("/hv/machine/boot-firmware/conflicting-configurations-are-refused",
                   test_firmware_configurations);
  ADD ("/hv/machine/boot-firmware/a-trap-loop-on-a-bad-load-is-reported-once",
       test_trap_loop_reported_once);
  ADD ("/hv/machine/boot-firmware/a-trap-loop-on-an-illegal-instruction-is-reported",
       test_illegal_loop_reported_once);
  ADD ("/hv/machine/boot-firmware/traps-the-handler-returns-from-are-no-loop",
       test_handled_traps_are_no_loop);
  return g_test_run ();
}

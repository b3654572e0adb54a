/* fuzz-virtio-blk.c: libFuzzer target for virtio-blk (src/hv/dev/virtio-blk.c) on its
 * transport, backed by a 32 KiB image made in a private temporary directory (on /dev/shm when
 * there is one, so FLUSH costs little) and unlinked once open, so nothing is left behind.
 *
 * Two devices are made once, one read-write and one read-only, on the same image. Each input
 * picks one, resets it (Status 0), rewrites the image to a known pattern, sets the device up
 * by the driver's start-up sequence and runs a program of requests. The device does its I/O
 * on its worker threads; every operation ends by draining the transport, so no I/O of one
 * input runs into the next and an input replays the same way (requests notified together
 * still run concurrently, as on a real disk).
 *
 *   header  u8 features, u8 size_log2: features bit 0 FLUSH, 1 INDIRECT_DESC, 2 EVENT_IDX,
 *           3 DISCARD, 4 WRITE_ZEROES, 5 a read-only disk (then DISCARD and WRITE_ZEROES are not
 *           offered and not asked for); the queue has 1 << (size_log2 % 9) entries
 *   then operations, each a byte whose value mod 8 selects (little-endian arguments):
 *     0 RAM      u16 offset, u8 n, n bytes copied into RAM
 *     1 DESC     u8 ctl, u8 i, u16 addr, u32 len, u16 flags, u16 next: descriptor i of the
 *                queue's table, or of the indirect table area if ctl & 1; addr is RAM + it
 *     2 HEADER   u16 offset, u32 type, u64 sector: a request header at RAM + offset
 *     3 OFFER    u16 head: on the available ring, no notification
 *     4 NOTIFY   u8 ctl: QueueNotify 0; then at once, with the requests still running, if
 *                ctl & 3 is 1 a reset (Status 0) and the start-up sequence again, if 2
 *                QueueReady 0 (both stop the queue and wait for the requests, whose
 *                completions then only count)
 *     5 REQUEST  u8 type, u8 sector, u8 sectors, u8 extra, u8 i: a well-formed chain of three
 *                descriptors from index i (header, data of sectors * 512 + extra bytes, status)
 *                offered and notified; type mod 8 picks IN, OUT, FLUSH, GET_ID, DISCARD,
 *                WRITE_ZEROES, WRITE_ZEROES with UNMAP or an unknown type (the data of the last
 *                three is one segment over the same sectors)
 *     6 WRITE    u16 offset, u32 value: a 4-byte transport register write
 *     7 SEGMENT  u16 offset, u64 sector, u32 count, u32 flags: a discard/write-zeroes segment
 *
 * Checks beyond the sanitizers: buffers lie in RAM (guard pages fence it); the image keeps its
 * size, so nothing is written past its end; a read-only image keeps its contents.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pvm-bytes.h"
#include "fuzz-common.h"
#include "hv/dev/virtio-blk.h"

#define BF_RAM_SIZE (64u << 10)
#define BF_BASE 0x10001000ull
#define BF_IMAGE_SIZE (32u << 10)
#define BF_DESC (FUZZ_RAM_BASE + 0x0000)
#define BF_AVAIL (FUZZ_RAM_BASE + 0x1000)
#define BF_USED (FUZZ_RAM_BASE + 0x2000)
#define BF_INDIRECT (FUZZ_RAM_BASE + 0x3000)
#define BF_HEADER (FUZZ_RAM_BASE + 0x4000) /* REQUEST: header, status, then data */
#define BF_DATA (FUZZ_RAM_BASE + 0x4100)

enum {
  BF_F_FLUSH = 1,
  BF_F_INDIRECT = 2,
  BF_F_EVENT_IDX = 4,
  BF_F_DISCARD = 8,
  BF_F_WRITE_ZEROES = 16,
  BF_F_READONLY = 32,
};

typedef struct {
  PvmVirtioMmio *mmio;
  PvmBus bus;
  uint16_t num, avail_idx;
} BlkFuzz;

typedef struct {
  PvmMachine *machine;
  int image_fd; /* the image, read-write, for rewriting it and checking it */
  uint8_t pattern[BF_IMAGE_SIZE];
  BlkFuzz disks[2]; /* read-write, read-only */
} BlkFuzzEnv;

static BlkFuzzEnv *bf_env;

/* Puts the image back to its pattern, whole and allocated. */
static void
bf_reset_image (void)
{
  if (pwrite (bf_env->image_fd, bf_env->pattern, BF_IMAGE_SIZE, 0) != BF_IMAGE_SIZE)
    g_error ("fuzz: cannot rewrite the image: %s", g_strerror (errno));
}

static void
bf_check_image (bool readonly)
{
  static uint8_t now[BF_IMAGE_SIZE];
  struct stat st;

  FUZZ_CHECK (fstat (bf_env->image_fd, &st) == 0 && st.st_size == BF_IMAGE_SIZE,
              "the image keeps its size");
  if (!readonly)
    return;
  FUZZ_CHECK (pread (bf_env->image_fd, now, BF_IMAGE_SIZE, 0) == BF_IMAGE_SIZE &&
                !memcmp (now, bf_env->pattern, BF_IMAGE_SIZE),
              "a read-only image keeps its contents");
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  const char *tmp = access ("/dev/shm", W_OK) == 0 ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (tmp, "pvm-fuzz-blk-XXXXXX", NULL);
  g_autofree char *path = NULL;
  char *dir;

  fuzz_log_init ();
  bf_env = g_new0 (BlkFuzzEnv, 1);
  bf_env->machine = fuzz_machine_new (BF_RAM_SIZE);
  dir = g_mkdtemp (template);
  if (!dir)
    g_error ("fuzz: cannot make a temporary directory in %s: %s", tmp, g_strerror (errno));
  path = g_build_filename (dir, "disk.img", NULL);
  for (unsigned i = 0; i < BF_IMAGE_SIZE; i++)
    bf_env->pattern[i] = (uint8_t) (i * 7 + (i >> 9));
  bf_env->image_fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (bf_env->image_fd < 0)
    g_error ("fuzz: cannot create %s: %s", path, g_strerror (errno));
  bf_reset_image ();

  for (unsigned readonly = 0; readonly < 2; readonly++) {
    BlkFuzz *f = &bf_env->disks[readonly];
    PvmIrqLine line = { 0 };
    f->mmio = pvm_virtio_mmio_new (bf_env->machine, BF_BASE, &line, &error);
    if (!pvm_virtio_blk_new (f->mmio, path, readonly, &error) ||
        !pvm_bus_add_device (&f->bus, BF_BASE, PVM_VIRTIO_MMIO_SIZE, &pvm_virtio_mmio_ops,
                             f->mmio, &error))
      g_error ("fuzz: %s", error->message);
  }
  unlink (path);
  rmdir (dir);
  return 0;
}

static uint8_t *
bf_ram (uint64_t pa, uint64_t len)
{
  return pvm_machine_ram_ptr (bf_env->machine, pa, len);
}

static void
bf_wr (BlkFuzz *f, uint64_t offset, uint32_t value)
{
  pvm_bus_write (&f->bus, BF_BASE + offset, 4, value);
}

static void
bf_desc (uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
  uint8_t *d = bf_ram (table + 16ull * i, 16);

  pvm_le_put (d, addr, 8);
  pvm_le_put (d + 8, len, 4);
  pvm_le_put (d + 12, flags, 2);
  pvm_le_put (d + 14, next, 2);
}

static void
bf_offer (BlkFuzz *f, uint16_t head)
{
  uint8_t *avail = bf_ram (BF_AVAIL, 4 + 2ull * PVM_VIRTIO_BLK_QUEUE_SIZE);

  pvm_le_put (avail + 4 + 2 * (f->avail_idx % f->num), head, 2);
  f->avail_idx++;
  __atomic_store_n ((uint16_t *) (avail + 2), GUINT16_TO_LE (f->avail_idx), __ATOMIC_RELEASE);
}

static void
bf_init (BlkFuzz *f, unsigned features, unsigned size_log2)
{
  uint64_t want = 1ull << PVM_VIRTIO_F_VERSION_1;
  uint32_t status = PVM_VIRTIO_STATUS_ACKNOWLEDGE | PVM_VIRTIO_STATUS_DRIVER;
  uint64_t rings[3] = { BF_DESC, BF_AVAIL, BF_USED };

  f->avail_idx = 0;

  if (features & BF_F_FLUSH)
    want |= 1ull << PVM_VIRTIO_BLK_F_FLUSH;
  if (features & BF_F_INDIRECT)
    want |= 1ull << PVM_VIRTIO_F_RING_INDIRECT_DESC;
  if (features & BF_F_EVENT_IDX)
    want |= 1ull << PVM_VIRTIO_F_RING_EVENT_IDX;
  if ((features & BF_F_DISCARD) && !(features & BF_F_READONLY))
    want |= 1ull << PVM_VIRTIO_BLK_F_DISCARD;
  if ((features & BF_F_WRITE_ZEROES) && !(features & BF_F_READONLY))
    want |= 1ull << PVM_VIRTIO_BLK_F_WRITE_ZEROES;
  if (features & BF_F_READONLY)
    want |= 1ull << PVM_VIRTIO_BLK_F_RO;

  bf_wr (f, FUZZ_REG_STATUS, PVM_VIRTIO_STATUS_ACKNOWLEDGE);
  bf_wr (f, FUZZ_REG_STATUS, status);
  for (unsigned bank = 0; bank < 2; bank++) {
    bf_wr (f, FUZZ_REG_DRIVER_FEATURES_SEL, bank);
    bf_wr (f, FUZZ_REG_DRIVER_FEATURES, (uint32_t) (want >> 32 * bank));
  }
  status |= PVM_VIRTIO_STATUS_FEATURES_OK;
  bf_wr (f, FUZZ_REG_STATUS, status);
  f->num = (uint16_t) (1u << (size_log2 % 9));
  bf_wr (f, FUZZ_REG_QUEUE_SEL, 0);
  bf_wr (f, FUZZ_REG_QUEUE_NUM, f->num);
  for (unsigned r = 0; r < 3; r++) {
    bf_wr (f, FUZZ_REG_QUEUE_DESC_LOW + 0x10 * r, (uint32_t) rings[r]);
    bf_wr (f, FUZZ_REG_QUEUE_DESC_LOW + 0x10 * r + 4, (uint32_t) (rings[r] >> 32));
  }
  bf_wr (f, FUZZ_REG_QUEUE_READY, 1);
  bf_wr (f, FUZZ_REG_STATUS, status | PVM_VIRTIO_STATUS_DRIVER_OK);
}

static void
bf_op_request (BlkFuzz *f, FuzzInput *in)
{
  static const uint32_t types[] = {
    PVM_VIRTIO_BLK_T_IN, PVM_VIRTIO_BLK_T_OUT, PVM_VIRTIO_BLK_T_FLUSH,
    PVM_VIRTIO_BLK_T_GET_ID, PVM_VIRTIO_BLK_T_DISCARD, PVM_VIRTIO_BLK_T_WRITE_ZEROES,
    PVM_VIRTIO_BLK_T_WRITE_ZEROES, 0x7fff,
  };
  unsigned sel = (unsigned) fuzz_take (in, 1) % 8;
  uint64_t sector = fuzz_take (in, 1), sectors = fuzz_take (in, 1);
  uint32_t extra = (uint32_t) fuzz_take (in, 1);
  uint16_t i = (uint16_t) (fuzz_take (in, 1) % f->num);
  uint16_t j = (uint16_t) ((i + 1) % f->num), k = (uint16_t) ((i + 2) % f->num);
  uint8_t *header = bf_ram (BF_HEADER, 16);
  uint32_t len = (uint32_t) (sectors * 512 + extra);
  bool to_device = sel != 0 && sel != 3;

  pvm_le_put (header, types[sel], 4);
  pvm_le_put (header + 4, 0, 4);
  pvm_le_put (header + 8, sector, 8);
  if (sel >= 4) {
    uint8_t *seg = bf_ram (BF_DATA, 16);
    pvm_le_put (seg, sector, 8);
    pvm_le_put (seg + 8, sectors, 4);
    pvm_le_put (seg + 12, sel == 6, 4);
    len = 16 + extra % 2 * 16;
  }
  len = MIN (len, BF_RAM_SIZE - (BF_DATA - FUZZ_RAM_BASE));
  bf_desc (BF_DESC, i, BF_HEADER, 16, PVM_VIRTQ_DESC_F_NEXT, j);
  if (sel == 2) {
    bf_desc (BF_DESC, j, BF_HEADER + 16, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  } else {
    bf_desc (BF_DESC, j, BF_DATA, len,
             PVM_VIRTQ_DESC_F_NEXT | (to_device ? 0 : PVM_VIRTQ_DESC_F_WRITE), k);
    bf_desc (BF_DESC, k, BF_HEADER + 16, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  }
  bf_offer (f, i);
  bf_wr (f, FUZZ_REG_QUEUE_NOTIFY, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  unsigned features = (unsigned) fuzz_take (&in, 1), size_log2 = (unsigned) fuzz_take (&in, 1);
  bool readonly = features & BF_F_READONLY;
  BlkFuzz *f = &bf_env->disks[readonly];

  bf_wr (f, FUZZ_REG_STATUS, 0);
  fuzz_machine_clear_ram (bf_env->machine);
  bf_reset_image ();
  bf_init (f, features, size_log2);

  while (!fuzz_done (&in)) {
    switch (fuzz_take (&in, 1) % 8) {
    case 0: {
      uint16_t offset = (uint16_t) fuzz_take (&in, 2);
      uint8_t buf[256];
      size_t n = fuzz_take_bytes (&in, buf, (size_t) fuzz_take (&in, 1));
      memcpy (bf_ram (FUZZ_RAM_BASE + offset, 0), buf, MIN (n, BF_RAM_SIZE - offset));
      break;
    }
    case 1: {
      unsigned ctl = (unsigned) fuzz_take (&in, 1), i = (unsigned) fuzz_take (&in, 1);
      uint64_t addr = FUZZ_RAM_BASE + fuzz_take (&in, 2);
      uint32_t len = (uint32_t) fuzz_take (&in, 4);
      uint16_t flags = (uint16_t) fuzz_take (&in, 2), next = (uint16_t) fuzz_take (&in, 2);
      bf_desc (ctl & 1 ? BF_INDIRECT : BF_DESC, i, addr, len, flags, next);
      break;
    }
    case 2: {
      uint8_t *h = bf_ram (FUZZ_RAM_BASE + fuzz_take (&in, 2) % (BF_RAM_SIZE - 15), 16);
      pvm_le_put (h, fuzz_take (&in, 4), 4);
      pvm_le_put (h + 4, 0, 4);
      pvm_le_put (h + 8, fuzz_take (&in, 8), 8);
      break;
    }
    case 3:
      bf_offer (f, (uint16_t) fuzz_take (&in, 2));
      break;
    case 4: {
      unsigned ctl = (unsigned) fuzz_take (&in, 1) & 3;
      bf_wr (f, FUZZ_REG_QUEUE_NOTIFY, 0);
      if (ctl == 1) {
        bf_wr (f, FUZZ_REG_STATUS, 0);
        bf_init (f, features, size_log2);
      } else if (ctl == 2) {
        bf_wr (f, FUZZ_REG_QUEUE_READY, 0);
      }
      break;
    }
    case 5:
      bf_op_request (f, &in);
      break;
    case 6: {
      uint64_t offset = fuzz_take (&in, 2) % 0x100 & ~3ull;
      bf_wr (f, offset, (uint32_t) fuzz_take (&in, 4));
      break;
    }
    default: {
      uint8_t *s = bf_ram (FUZZ_RAM_BASE + fuzz_take (&in, 2) % (BF_RAM_SIZE - 15), 16);
      pvm_le_put (s, fuzz_take (&in, 8), 8);
      pvm_le_put (s + 8, fuzz_take (&in, 4), 4);
      pvm_le_put (s + 12, fuzz_take (&in, 4), 4);
      break;
    }
    }
    pvm_virtio_mmio_drain (f->mmio);
  }

  bf_check_image (readonly);
  return 0;
}

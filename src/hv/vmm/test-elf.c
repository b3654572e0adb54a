/* test-elf.c: the host side of the HTIF `tohost`/`fromhost` words that riscv-tests programs
 * use to report their result and print. */
#include "hv/vmm/test-elf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hv/machine/chardev.h"

#define HTIF_DEV(v) ((v) >> 56)
#define HTIF_CMD(v) (((v) >> 48) & 0xff)
#define HTIF_PAYLOAD(v) ((v) & (((uint64_t) 1 << 48) - 1))
#define HTIF_SYS_WRITE 64

static uint64_t
test_load (uint8_t *p)
{
  uint64_t v;

  if (((uintptr_t) p & 7) == 0)
    return __atomic_load_n ((uint64_t *) (void *) p, __ATOMIC_ACQUIRE);
  memcpy (&v, p, sizeof v);
  return v;
}

static void
test_store (uint8_t *p, uint64_t v)
{
  if (((uintptr_t) p & 7) == 0)
    __atomic_store_n ((uint64_t *) (void *) p, v, __ATOMIC_RELEASE);
  else
    memcpy (p, &v, sizeof v);
}

static void
test_output (PvmMachine *machine, const uint8_t *buf, size_t len)
{
  if (machine->serial) {
    pvm_chardev_write (machine->serial, buf, len);
    return;
  }
  while (len > 0) {
    ssize_t n = write (STDOUT_FILENO, buf, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    buf += n;
    len -= (size_t) n;
  }
}

/* A system call through a pointer to its arguments: { number, a0, a1, a2, ... }. */
static int64_t
test_syscall (PvmMachine *machine, uint64_t addr)
{
  uint8_t *args = pvm_machine_ram_ptr (machine, addr, 4 * sizeof (uint64_t));
  uint64_t a[4];
  uint8_t *buf;

  if (!args)
    return -EFAULT;
  memcpy (a, args, sizeof a);
  if (a[0] != HTIF_SYS_WRITE)
    return -ENOSYS;
  if (a[1] != 1 && a[1] != 2)
    return -EBADF;
  buf = pvm_machine_ram_ptr (machine, a[2], a[3]);
  if (!buf)
    return -EFAULT;
  test_output (machine, buf, a[3]);
  return (int64_t) a[3];
}

int
pvm_vmm_test_poll (PvmMachine *machine, const char *name)
{
  uint8_t *tohost = pvm_machine_ram_ptr (machine, machine->tohost_addr, 8);
  uint8_t *fromhost;
  uint64_t v, reply;

  if (!machine->tohost_addr || !tohost)
    return -1;
  v = test_load (tohost);
  if (v == 0)
    return -1;

  if (HTIF_DEV (v) == 0 && HTIF_CMD (v) == 0 && (v & 1)) {
    if (v == 1)
      return 0;
    fprintf (stderr, "pvm-vmm: test ELF %s failed at test %" G_GUINT64_FORMAT "\n", name,
             HTIF_PAYLOAD (v) >> 1);
    return 1;
  }

  if (HTIF_DEV (v) == 1 && HTIF_CMD (v) == 1) {
    uint8_t c = (uint8_t) HTIF_PAYLOAD (v);

    test_output (machine, &c, 1);
    reply = v & ~(uint64_t) 0xff;
  } else if (HTIF_DEV (v) == 0) {
    int64_t ret = test_syscall (machine, HTIF_PAYLOAD (v));
    uint8_t *args = pvm_machine_ram_ptr (machine, HTIF_PAYLOAD (v), 8);

    if (args)
      memcpy (args, &ret, sizeof ret);
    reply = 1;
  } else {
    reply = v & ~(uint64_t) 0xffffffffffff; /* an unknown device: acknowledged, ignored */
  }

  /* Answer in fromhost first: the program waits on it once tohost reads 0. */
  fromhost = machine->fromhost_addr ? pvm_machine_ram_ptr (machine, machine->fromhost_addr, 8)
                                    : NULL;
  if (fromhost)
    test_store (fromhost, reply);
  test_store (tohost, 0);
  return -1;
}

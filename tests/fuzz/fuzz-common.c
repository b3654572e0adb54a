/* fuzz-common.c: the machine, input reader and checks the fuzz targets share. */
#include "fuzz-common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)))
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (level, fields, n_fields, data);
  fprintf (stderr, "fuzz: a warning or critical is a failure\n");
  abort ();
}

void
fuzz_log_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

PvmMachine *
fuzz_machine_new (uint64_t ram_size)
{
  g_autoptr (GError) error = NULL;
  PvmMachine *machine = g_new0 (PvmMachine, 1);
  uint8_t *area;

  area = mmap (NULL, ram_size + 2 * FUZZ_GUARD_SIZE, PROT_NONE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (area == MAP_FAILED ||
      mprotect (area + FUZZ_GUARD_SIZE, ram_size, PROT_READ | PROT_WRITE) < 0) {
    perror ("fuzz: mapping guest RAM");
    abort ();
  }
  machine->ram = area + FUZZ_GUARD_SIZE;
  machine->ram_base = FUZZ_RAM_BASE;
  machine->ram_size = ram_size;
  machine->timebase_hz = PVM_MACHINE_TIMEBASE_HZ;
  machine->context = g_main_context_new ();
  g_mutex_init (&machine->power_lock);
  g_cond_init (&machine->power_cond);
  if (!pvm_bus_add_memory (&machine->bus, FUZZ_RAM_BASE, ram_size, machine->ram, false,
                           &error))
    g_error ("fuzz: %s", error->message);
  return machine;
}

void
fuzz_machine_clear_ram (PvmMachine *machine)
{
  memset (machine->ram, 0, machine->ram_size);
}

void
fuzz_fail (const char *file, int line, const char *cond, const char *what)
{
  fprintf (stderr, "%s:%d: %s: check failed: %s\n", file, line, what, cond);
  abort ();
}

void
fuzz_check_iov (const PvmMachine *machine, const struct iovec *iov, unsigned n,
                unsigned n_readable, const char *what)
{
  const uint8_t *lo = machine->ram, *hi = machine->ram + machine->ram_size;

  for (unsigned i = 0; i < n; i++) {
    const uint8_t *p = iov[i].iov_base;
    size_t len = iov[i].iov_len;

    FUZZ_CHECK (p >= lo && p <= hi && len <= (size_t) (hi - p), what);
    if (len == 0)
      continue;
    volatile uint8_t *first = (volatile uint8_t *) p, *last = first + len - 1;
    uint8_t a = *first, b = *last;
    if (i >= n_readable) {
      *first = a;
      *last = b;
    }
  }
}

uint64_t
fuzz_take (FuzzInput *in, unsigned width)
{
  uint64_t v = 0;

  for (unsigned i = 0; i < width && in->left; i++) {
    v |= (uint64_t) in->p[0] << (8 * i);
    in->p++;
    in->left--;
  }
  return v;
}

size_t
fuzz_take_bytes (FuzzInput *in, void *dst, size_t len)
{
  size_t n = MIN (len, in->left);

  memcpy (dst, in->p, n);
  in->p += n;
  in->left -= n;
  return n;
}

bool
fuzz_done (const FuzzInput *in)
{
  return in->left == 0;
}

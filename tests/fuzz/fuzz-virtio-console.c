/* fuzz-virtio-console.c: libFuzzer target for virtio-console (src/hv/dev/virtio-console.c)
 * on its transport, its host side a chardev reading a pipe (the guest's output is dropped).
 *
 * The input is fuzz-driver.h's program with two queues (input, output); HOST is
 *   u8 n, n bytes: typed on the host side (written to the pipe; the chardev reads it when the
 *   context runs, and only as far as the guest has buffers)
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fuzz-driver.h"
#include "hv/dev/virtio-console.h"

static PvmMachine *cf_machine;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_log_init ();
  cf_machine = fuzz_machine_new (FUZZ_DRIVER_RAM_SIZE);
  return 0;
}

static void
cf_host_event (void *data, FuzzInput *in)
{
  int *fd = data;
  uint8_t buf[256];
  size_t n = fuzz_take_bytes (in, buf, (size_t) fuzz_take (in, 1));

  /* The pipe holds far more than an input can bring; a full one would only drop bytes. */
  if (n && write (*fd, buf, n) < 0 && errno != EAGAIN)
    g_error ("fuzz: writing the console's input: %s", g_strerror (errno));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  FuzzInput in = { data, size };
  FuzzDriver d;
  int fds[2];

  if (pipe2 (fds, O_CLOEXEC | O_NONBLOCK) < 0)
    g_error ("fuzz: pipe: %s", g_strerror (errno));
  PvmChardev *chr = pvm_chardev_new_fds (fds[0], -1, cf_machine->context, &error);
  if (!chr)
    g_error ("fuzz: %s", error->message);
  fuzz_driver_init (&d, cf_machine);
  pvm_virtio_console_new (d.mmio, chr, cf_machine->context);
  fuzz_driver_run (&d, 2, &in, cf_host_event, &fds[1]);
  fuzz_driver_clear (&d);
  pvm_chardev_free (chr);
  close (fds[0]);
  close (fds[1]);
  return 0;
}

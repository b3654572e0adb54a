/* fuzz-virtio-net.c: libFuzzer target for virtio-net (src/hv/dev/virtio-net.c) on its
 * transport, with a backend that stands for the host network: it checks each frame the card
 * sends and, for the HOST operation, hands the card a frame for the guest.
 *
 * The input is fuzz-driver.h's program with two queues (receive, transmit); HOST is
 *   u8 ctl, u16 len, len bytes: a frame for the guest (len % 2048; fewer bytes if the input
 *   ends), delivered even while the card asked to hold back if ctl & 1 (as user-mode
 *   networking does; otherwise the backend waits for its resume, as a tap does); with ctl & 2,
 *   first a save and load of the card's state with its byte ctl >> 2 (modulo its length)
 *   xored with the frame's first byte
 *
 * Checks beyond the sanitizers: a sent frame is a whole Ethernet frame of at most
 * PVM_VIRTIO_NET_FRAME_MAX bytes, readable to its end; a state load that fails changes nothing.
 */
#include <string.h>

#include "fuzz-driver.h"
#include "hv/dev/virtio-net.h"

typedef struct {
  PvmNetBackend backend;
  bool held; /* the card has no room: wait for resume */
} NetFuzzBackend;

typedef struct {
  FuzzDriver d;
  PvmVirtioNet *net;
  NetFuzzBackend *backend; /* owned by the card */
} NetFuzz;

static PvmMachine *nf_machine;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_log_init ();
  nf_machine = fuzz_machine_new (FUZZ_DRIVER_RAM_SIZE);
  return 0;
}

static void
nf_send (PvmNetBackend *backend, const uint8_t *frame, size_t len)
{
  FUZZ_CHECK (len >= 14 && len <= PVM_VIRTIO_NET_FRAME_MAX, "a sent frame is a whole frame");
  volatile const uint8_t *p = frame;
  (void) p[0];
  (void) p[len - 1];
}

static void
nf_resume (PvmNetBackend *backend)
{
  ((NetFuzzBackend *) backend)->held = false;
}

static void
nf_free (PvmNetBackend *backend)
{
  g_free (backend);
}

static const PvmNetBackendOps nf_backend_ops = {
  .name = "fuzz",
  .send = nf_send,
  .resume = nf_resume,
  .free = nf_free,
};

static void
nf_state (NetFuzz *f, unsigned pos, uint8_t x)
{
  g_autoptr (GByteArray) before = g_byte_array_new ();
  g_autoptr (GByteArray) after = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  gsize at = 0;

  pvm_vmstate_save (&pvm_virtio_net_vmstate, f->net, before);
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_byte_array_append (stream, before->data, before->len);
  stream->data[pos % stream->len] ^= x;
  bool loaded = pvm_vmstate_load (&pvm_virtio_net_vmstate, f->net, stream->data, stream->len, &at,
                                  &error);
  pvm_vmstate_save (&pvm_virtio_net_vmstate, f->net, after);
  const GByteArray *expect = loaded ? stream : before;
  FUZZ_CHECK (after->len == expect->len && !memcmp (after->data, expect->data, after->len),
              "the state is what was loaded, or as before");
}

static void
nf_host_event (void *data, FuzzInput *in)
{
  NetFuzz *f = data;
  unsigned ctl = (unsigned) fuzz_take (in, 1);
  uint8_t frame[2048];
  size_t len = fuzz_take_bytes (in, frame, (size_t) fuzz_take (in, 2) % sizeof frame);

  if (ctl & 2)
    nf_state (f, ctl >> 2, len ? frame[0] : 0);
  if (f->backend->held && !(ctl & 1))
    return;
  if (!pvm_net_backend_deliver (&f->backend->backend, frame, len))
    f->backend->held = true;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
  FuzzInput in = { data, size };
  NetFuzz f = { 0 };

  fuzz_driver_init (&f.d, nf_machine);
  f.backend = g_new0 (NetFuzzBackend, 1);
  pvm_net_backend_init (&f.backend->backend, &nf_backend_ops, nf_machine->context);
  f.net = pvm_virtio_net_new (f.d.mmio, &f.backend->backend, mac, nf_machine->context);
  fuzz_driver_run (&f.d, 2, &in, nf_host_event, &f);
  fuzz_driver_clear (&f.d);
  return 0;
}

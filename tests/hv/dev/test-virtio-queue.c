/* test-virtio-queue.c: split virtqueues — taking chains out of guest RAM, returning them, and
 * surviving whatever a hostile driver writes there. */
#include <string.h>

#include "hv/machine/guest-error.h"
#include "virtio-test.h"

#define NUM 16
#define MAX_IOV 8

typedef struct {
  VirtioTest t;
  PvmVirtqueue vq;
  struct iovec iov[MAX_IOV];
  PvmVirtqElem elem;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  vt_init (&f->t);
  f->t.num = NUM;
  pvm_virtqueue_init (&f->vq, f->t.machine, "vq");
  pvm_virtqueue_reset (&f->vq, NUM);
  f->vq.desc_addr = VT_DESC;
  f->vq.avail_addr = VT_AVAIL;
  f->vq.used_addr = VT_USED;
  g_assert_true (pvm_virtqueue_start (&f->vq, NUM));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vt_clear (&f->t);
}

static int
pop (Fixture *f)
{
  return pvm_virtqueue_pop (&f->vq, f->iov, MAX_IOV, &f->elem);
}

/* Expects one guest error matching @pattern from the next pop, which must fail and take
 * nothing. */
static void
assert_pop_fails (Fixture *f, const char *pattern)
{
  uint16_t last = f->vq.last_avail;
  unsigned inflight = f->vq.inflight;

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, pattern);
  g_assert_cmpint (pop (f), ==, -1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->vq.last_avail, ==, last);
  g_assert_cmpuint (f->vq.inflight, ==, inflight);
}

static uint8_t *
host (Fixture *f, uint64_t pa)
{
  return vt_ram (&f->t, pa, 1);
}

/* ---- starting ---- */

static void
test_start_checks_size_alignment_and_ram (Fixture *f, gconstpointer data)
{
  static const struct {
    uint16_t num;
    uint64_t desc, avail, used;
    const char *pattern;
  } bad[] = {
    { 0, VT_DESC, VT_AVAIL, VT_USED, "vq: cannot be made ready: the queue size*" },
    { 12, VT_DESC, VT_AVAIL, VT_USED, "vq: cannot be made ready: the queue size*" },
    { 32, VT_DESC, VT_AVAIL, VT_USED, "vq: cannot be made ready: the queue size*" },
    { NUM, VT_DESC + 8, VT_AVAIL, VT_USED, "*a ring is not aligned*" },
    { NUM, VT_DESC, VT_AVAIL + 1, VT_USED, "*a ring is not aligned*" },
    { NUM, VT_DESC, VT_AVAIL, VT_USED + 2, "*a ring is not aligned*" },
    { NUM, 0x1000, VT_AVAIL, VT_USED, "*outside guest RAM*" },
    { NUM, VT_DESC, VT_RAM_END - 8, VT_USED, "*outside guest RAM*" },
    { NUM, VT_DESC, VT_AVAIL, VT_RAM_END - 100, "*outside guest RAM*" },
    { NUM, 0xfffffffffffffff0ull, VT_AVAIL, VT_USED, "*outside guest RAM*" },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (bad); i++) {
    pvm_virtqueue_stop (&f->vq);
    f->vq.num = bad[i].num;
    f->vq.desc_addr = bad[i].desc;
    f->vq.avail_addr = bad[i].avail;
    f->vq.used_addr = bad[i].used;
    g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, bad[i].pattern);
    g_assert_false (pvm_virtqueue_start (&f->vq, NUM));
    g_test_assert_expected_messages ();
    g_assert_false (f->vq.ready);
    g_assert_cmpint (pop (f), ==, 0);
  }
}

static void
test_sizes_are_powers_of_two_up_to_the_maximum (Fixture *f, gconstpointer data)
{
  g_assert_true (pvm_virtqueue_size_ok (1, 256));
  g_assert_true (pvm_virtqueue_size_ok (128, 256));
  g_assert_true (pvm_virtqueue_size_ok (256, 256));
  g_assert_false (pvm_virtqueue_size_ok (0, 256));
  g_assert_false (pvm_virtqueue_size_ok (3, 256));
  g_assert_false (pvm_virtqueue_size_ok (512, 256));
}

/* ---- taking chains ---- */

static void
test_pop_on_an_empty_ring_returns_nothing (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (pop (f), ==, 0);
  g_assert_cmpuint (f->vq.inflight, ==, 0);
}

static void
test_pop_takes_readable_then_writable_buffers (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 3, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 7);
  vt_desc (&f->t, VT_DESC, 7, VT_DATA + 0x100, 512, PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->t, VT_DESC, 1, VT_DATA + 0x400, 512,
           PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 2);
  vt_desc (&f->t, VT_DESC, 2, VT_DATA + 0x800, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, 3);

  g_assert_cmpint (pop (f), ==, 1);
  g_assert_cmpuint (f->elem.head, ==, 3);
  g_assert_cmpuint (f->elem.n_out, ==, 2);
  g_assert_cmpuint (f->elem.n_in, ==, 2);
  g_assert_cmpuint (f->elem.out_len, ==, 528);
  g_assert_cmpuint (f->elem.in_len, ==, 513);
  g_assert_true (f->iov[0].iov_base == host (f, VT_DATA));
  g_assert_cmpuint (f->iov[0].iov_len, ==, 16);
  g_assert_true (f->iov[1].iov_base == host (f, VT_DATA + 0x100));
  g_assert_true (f->iov[2].iov_base == host (f, VT_DATA + 0x400));
  g_assert_true (f->iov[3].iov_base == host (f, VT_DATA + 0x800));
  g_assert_cmpuint (f->iov[3].iov_len, ==, 1);
  g_assert_cmpuint (f->vq.inflight, ==, 1);
  g_assert_cmpint (pop (f), ==, 0);
}

static void
test_pop_follows_an_indirect_table (Fixture *f, gconstpointer data)
{
  f->vq.indirect = true;
  vt_desc (&f->t, VT_INDIRECT, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 2);
  vt_desc (&f->t, VT_INDIRECT, 2, VT_DATA + 0x200, 4096,
           PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->t, VT_INDIRECT, 1, VT_DATA + 0x2000, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  /* Direct descriptors may come before the indirect one. */
  vt_desc (&f->t, VT_DESC, 5, VT_DATA + 0x3000, 8, PVM_VIRTQ_DESC_F_NEXT, 6);
  vt_desc (&f->t, VT_DESC, 6, VT_INDIRECT, 3 * 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vt_offer (&f->t, 5);

  g_assert_cmpint (pop (f), ==, 1);
  g_assert_cmpuint (f->elem.head, ==, 5);
  g_assert_cmpuint (f->elem.n_out, ==, 2);
  g_assert_cmpuint (f->elem.n_in, ==, 2);
  g_assert_true (f->iov[0].iov_base == host (f, VT_DATA + 0x3000));
  g_assert_true (f->iov[1].iov_base == host (f, VT_DATA));
  g_assert_true (f->iov[2].iov_base == host (f, VT_DATA + 0x200));
  g_assert_cmpuint (f->iov[2].iov_len, ==, 4096);
  g_assert_true (f->iov[3].iov_base == host (f, VT_DATA + 0x2000));
}

static void
test_pop_walks_the_ring_around_its_end (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  for (unsigned i = 0; i < 3 * NUM; i++) {
    vt_offer (&f->t, 0);
    g_assert_cmpint (pop (f), ==, 1);
    g_assert_true (pvm_virtqueue_push (&f->vq, 0, 1));
  }
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 3 * NUM);
}

/* ---- hostile rings and chains ---- */

static void
test_an_available_index_too_far_ahead_fails (Fixture *f, gconstpointer data)
{
  vt_set_avail_idx (&f->t, NUM + 1);
  assert_pop_fails (f, "vq: the available index 17 is 17 entries ahead*");
  vt_set_avail_idx (&f->t, 0xffff);
  assert_pop_fails (f, "vq: the available index 65535 is*");
}

static void
test_a_head_out_of_range_fails (Fixture *f, gconstpointer data)
{
  vt_offer (&f->t, NUM);
  assert_pop_fails (f, "vq: chain at head 16: head index out of range");
  f->vq.last_avail = 1;
  vt_offer (&f->t, 0xffff);
  assert_pop_fails (f, "*head index out of range");
}

static void
test_a_next_index_out_of_range_fails (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, NUM);
  vt_offer (&f->t, 0);
  assert_pop_fails (f, "vq: chain at head 0: next index out of range");
}

/* Expects the next pop, with room for more buffers than the queue has entries, to fail with
 * a loop. */
static void
assert_pop_loops (Fixture *f)
{
  struct iovec many[4 * NUM];
  uint16_t last = f->vq.last_avail;

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, "*the chain loops*");
  g_assert_cmpint (pvm_virtqueue_pop (&f->vq, many, G_N_ELEMENTS (many), &f->elem), ==, -1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->vq.last_avail, ==, last);
}

static void
test_looping_chains_fail (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 0);
  vt_offer (&f->t, 0);
  assert_pop_loops (f);
  /* With fewer buffers allowed than the loop is long, it fails all the same. */
  assert_pop_fails (f, "*more buffers than the device takes");

  /* A longer cycle of writable buffers. */
  f->vq.last_avail++;
  vt_desc (&f->t, VT_DESC, 4, VT_DATA, 16, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 5);
  vt_desc (&f->t, VT_DESC, 5, VT_DATA, 16, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 4);
  vt_offer (&f->t, 4);
  assert_pop_loops (f);
}

static void
test_a_loop_inside_an_indirect_table_fails (Fixture *f, gconstpointer data)
{
  f->vq.indirect = true;
  vt_desc (&f->t, VT_INDIRECT, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->t, VT_INDIRECT, 1, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 0);
  vt_desc (&f->t, VT_DESC, 0, VT_INDIRECT, 2 * 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vt_offer (&f->t, 0);
  assert_pop_loops (f);
}

static void
test_bad_indirect_descriptors_fail (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_INDIRECT, 0, VT_DATA, 16, 0, 0);
  vt_desc (&f->t, VT_DESC, 0, VT_INDIRECT, 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vt_offer (&f->t, 0);
  assert_pop_fails (f, "*indirect descriptor without the negotiated feature");

  f->vq.indirect = true;
  vt_desc (&f->t, VT_INDIRECT, 0, VT_INDIRECT, 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  assert_pop_fails (f, "*indirect descriptor inside an indirect table");

  vt_desc (&f->t, VT_INDIRECT, 0, VT_DATA, 16, 0, 0);
  vt_desc (&f->t, VT_DESC, 0, VT_INDIRECT, 16,
           PVM_VIRTQ_DESC_F_INDIRECT | PVM_VIRTQ_DESC_F_NEXT, 1);
  assert_pop_fails (f, "*indirect descriptor with a next descriptor");

  static const uint32_t bad_len[] = { 0, 15, 24, 0xfffffff0u };
  for (unsigned i = 0; i < G_N_ELEMENTS (bad_len); i++) {
    vt_desc (&f->t, VT_DESC, 0, VT_INDIRECT, bad_len[i], PVM_VIRTQ_DESC_F_INDIRECT, 0);
    assert_pop_fails (f, "*indirect table of a bad length");
  }

  vt_desc (&f->t, VT_DESC, 0, VT_RAM_END - 16, 32, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  assert_pop_fails (f, "*indirect table outside guest RAM");
  vt_desc (&f->t, VT_DESC, 0, 0x1000, 32, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  assert_pop_fails (f, "*indirect table outside guest RAM");
}

static void
test_buffers_outside_ram_fail (Fixture *f, gconstpointer data)
{
  static const struct {
    uint64_t addr;
    uint32_t len;
  } bad[] = {
    { 0x1000, 16 },                      /* below RAM */
    { VT_RAM_BASE - 8, 16 },             /* straddling its start */
    { VT_RAM_END - 8, 16 },              /* straddling its end */
    { VT_RAM_END, 1 },                   /* just past it */
    { VT_DATA, 0xffffffffu },            /* a huge length from inside RAM */
    { 0xfffffffffffffff8ull, 16 },       /* wrapping around the address space */
    { VT_BASE, 16 },                     /* a device, not RAM */
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (bad); i++) {
    vt_desc (&f->t, VT_DESC, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_NEXT, 1);
    vt_desc (&f->t, VT_DESC, 1, bad[i].addr, bad[i].len, PVM_VIRTQ_DESC_F_WRITE, 0);
    vt_offer (&f->t, 0);
    assert_pop_fails (f, "vq: chain at head 0: buffer outside guest RAM");
    f->vq.last_avail++;
  }
}

static void
test_a_readable_buffer_after_a_writable_one_fails (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 16, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 1);
  vt_desc (&f->t, VT_DESC, 1, VT_DATA, 16, 0, 0);
  vt_offer (&f->t, 0);
  assert_pop_fails (f, "*device-readable buffer after a device-writable one");
}

static void
test_too_many_buffers_fail (Fixture *f, gconstpointer data)
{
  for (unsigned i = 0; i < MAX_IOV + 1; i++)
    vt_desc (&f->t, VT_DESC, i, VT_DATA, 16, i < MAX_IOV ? PVM_VIRTQ_DESC_F_NEXT : 0, i + 1);
  vt_offer (&f->t, 0);
  assert_pop_fails (f, "*more buffers than the device takes");
}

static void
test_a_head_already_in_flight_fails (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 2, VT_DATA, 16, 0, 0);
  vt_offer (&f->t, 2);
  vt_offer (&f->t, 2);
  g_assert_cmpint (pop (f), ==, 1);
  assert_pop_fails (f, "vq: chain at head 2: head already in flight");
  /* Once returned, the head may come again. */
  g_assert_true (pvm_virtqueue_push (&f->vq, 2, 0));
  g_assert_cmpint (pop (f), ==, 1);
}

static void
test_a_descriptor_rewritten_after_pop_changes_nothing (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 64, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, 0);
  g_assert_cmpint (pop (f), ==, 1);
  vt_desc (&f->t, VT_DESC, 0, 0x1000, 0xffffffffu, PVM_VIRTQ_DESC_F_WRITE, 0);
  g_assert_true (f->iov[0].iov_base == host (f, VT_DATA));
  g_assert_cmpuint (f->iov[0].iov_len, ==, 64);
}

/* ---- returning chains and interrupts ---- */

static void
test_push_publishes_the_used_element (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 9, VT_DATA, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, 9);
  g_assert_cmpint (pop (f), ==, 1);
  g_assert_true (pvm_virtqueue_push (&f->vq, 9, 1234));
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 1);
  uint32_t id, len;
  vt_used (&f->t, 0, &id, &len);
  g_assert_cmpuint (id, ==, 9);
  g_assert_cmpuint (len, ==, 1234);
  g_assert_cmpuint (f->vq.inflight, ==, 0);
  /* Not in flight any more: refused, nothing written. */
  g_assert_false (pvm_virtqueue_push (&f->vq, 9, 1));
  g_assert_false (pvm_virtqueue_push (&f->vq, 0xffff, 1));
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 1);
}

static void
test_push_after_stop_only_counts (Fixture *f, gconstpointer data)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, 0);
  g_assert_cmpint (pop (f), ==, 1);
  pvm_virtqueue_stop (&f->vq);
  g_assert_true (pvm_virtqueue_push (&f->vq, 0, 1));
  g_assert_cmpuint (f->vq.inflight, ==, 0);
  g_assert_cmpuint (vt_used_idx (&f->t), ==, 0);
  g_assert_false (pvm_virtqueue_should_interrupt (&f->vq));
}

static void
push_one (Fixture *f)
{
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 1, PVM_VIRTQ_DESC_F_WRITE, 0);
  vt_offer (&f->t, 0);
  g_assert_cmpint (pop (f), ==, 1);
  g_assert_true (pvm_virtqueue_push (&f->vq, 0, 1));
}

static void
test_no_interrupt_flag_suppresses_interrupts (Fixture *f, gconstpointer data)
{
  push_one (f);
  g_assert_true (pvm_virtqueue_should_interrupt (&f->vq));
  *host (f, VT_AVAIL) = PVM_VIRTQ_AVAIL_F_NO_INTERRUPT;
  push_one (f);
  g_assert_false (pvm_virtqueue_should_interrupt (&f->vq));
}

static void
test_event_index_interrupts_when_used_event_is_crossed (Fixture *f, gconstpointer data)
{
  f->vq.event_idx = true;
  /* The first completion always interrupts. */
  push_one (f);
  g_assert_true (pvm_virtqueue_should_interrupt (&f->vq));
  /* The driver wants to hear only once entry 3 is used. */
  vt_set_used_event (&f->t, 3);
  push_one (f); /* used idx 2: entry 1 */
  g_assert_false (pvm_virtqueue_should_interrupt (&f->vq));
  push_one (f); /* entry 2 */
  g_assert_false (pvm_virtqueue_should_interrupt (&f->vq));
  push_one (f); /* entry 3 */
  g_assert_true (pvm_virtqueue_should_interrupt (&f->vq));
  push_one (f); /* entry 4: past the threshold already signalled */
  g_assert_false (pvm_virtqueue_should_interrupt (&f->vq));
  /* The flag means nothing with event index. */
  *host (f, VT_AVAIL) = PVM_VIRTQ_AVAIL_F_NO_INTERRUPT;
  vt_set_used_event (&f->t, 5);
  push_one (f);
  g_assert_true (pvm_virtqueue_should_interrupt (&f->vq));
}

static void
test_event_index_publishes_avail_event_when_empty (Fixture *f, gconstpointer data)
{
  f->vq.event_idx = true;
  vt_desc (&f->t, VT_DESC, 0, VT_DATA, 1, 0, 0);
  vt_desc (&f->t, VT_DESC, 1, VT_DATA, 1, 0, 0);
  vt_offer (&f->t, 0);
  vt_offer (&f->t, 1);
  g_assert_cmpint (pop (f), ==, 1);
  g_assert_cmpint (pop (f), ==, 1);
  g_assert_cmpint (pop (f), ==, 0);
  g_assert_cmpuint (vt_avail_event (&f->t), ==, 2);
}

static void
test_reset_forgets_the_rings (Fixture *f, gconstpointer data)
{
  push_one (f);
  pvm_virtqueue_reset (&f->vq, NUM);
  g_assert_false (f->vq.ready);
  g_assert_cmpuint (f->vq.last_avail, ==, 0);
  g_assert_cmpuint (f->vq.used_idx, ==, 0);
  g_assert_cmpuint (f->vq.desc_addr, ==, 0);
  g_assert_cmpint (pop (f), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/virtqueue/start-checks-size-alignment-and-ram",
       test_start_checks_size_alignment_and_ram);
  ADD ("/hv/dev/virtqueue/sizes-are-powers-of-two-up-to-the-maximum",
       test_sizes_are_powers_of_two_up_to_the_maximum);
  ADD ("/hv/dev/virtqueue/pop-on-an-empty-ring-returns-nothing",
       test_pop_on_an_empty_ring_returns_nothing);
  ADD ("/hv/dev/virtqueue/pop-takes-readable-then-writable-buffers",
       test_pop_takes_readable_then_writable_buffers);
  ADD ("/hv/dev/virtqueue/pop-follows-an-indirect-table", test_pop_follows_an_indirect_table);
  ADD ("/hv/dev/virtqueue/pop-walks-the-ring-around-its-end",
       test_pop_walks_the_ring_around_its_end);
  ADD ("/hv/dev/virtqueue/an-available-index-too-far-ahead-fails",
       test_an_available_index_too_far_ahead_fails);
  ADD ("/hv/dev/virtqueue/a-head-out-of-range-fails", test_a_head_out_of_range_fails);
  ADD ("/hv/dev/virtqueue/a-next-index-out-of-range-fails", test_a_next_index_out_of_range_fails);
  ADD ("/hv/dev/virtqueue/looping-chains-fail", test_looping_chains_fail);
  ADD ("/hv/dev/virtqueue/a-loop-inside-an-indirect-table-fails",
       test_a_loop_inside_an_indirect_table_fails);
  ADD ("/hv/dev/virtqueue/bad-indirect-descriptors-fail", test_bad_indirect_descriptors_fail);
  ADD ("/hv/dev/virtqueue/buffers-outside-ram-fail", test_buffers_outside_ram_fail);
  ADD ("/hv/dev/virtqueue/a-readable-buffer-after-a-writable-one-fails",
       test_a_readable_buffer_after_a_writable_one_fails);
  ADD ("/hv/dev/virtqueue/too-many-buffers-fail", test_too_many_buffers_fail);
  ADD ("/hv/dev/virtqueue/a-head-already-in-flight-fails", test_a_head_already_in_flight_fails);
  ADD ("/hv/dev/virtqueue/a-descriptor-rewritten-after-pop-changes-nothing",
       test_a_descriptor_rewritten_after_pop_changes_nothing);
  ADD ("/hv/dev/virtqueue/push-publishes-the-used-element",
       test_push_publishes_the_used_element);
  ADD ("/hv/dev/virtqueue/push-after-stop-only-counts", test_push_after_stop_only_counts);
  ADD ("/hv/dev/virtqueue/no-interrupt-flag-suppresses-interrupts",
       test_no_interrupt_flag_suppresses_interrupts);
  ADD ("/hv/dev/virtqueue/event-index-interrupts-when-used-event-is-crossed",
       test_event_index_interrupts_when_used_event_is_crossed);
  ADD ("/hv/dev/virtqueue/event-index-publishes-avail-event-when-empty",
       test_event_index_publishes_avail_event_when_empty);
  ADD ("/hv/dev/virtqueue/reset-forgets-the-rings", test_reset_forgets_the_rings);
  return g_test_run ();
}

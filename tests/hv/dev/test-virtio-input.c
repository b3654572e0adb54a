/* test-virtio-input.c: the power button, a virtio input device, driven by writing descriptors
 * into guest RAM and selecting configuration as a driver does. */
#include <string.h>

#include "common/pvm-bytes.h"
#include "hv/dev/virtio-input.h"
#include "hv/machine/guest-error.h"
#include "vq-test.h"

#define QUEUE 16
#define EVENTQ PVM_VIRTIO_INPUT_EVENTQ
#define STATUSQ PVM_VIRTIO_INPUT_STATUSQ
#define KEY_POWER PVM_VIRTIO_INPUT_KEY_POWER

typedef struct {
  VqTest d;
  PvmVirtioInput *input;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  vq_init (&f->d);
  f->input = pvm_virtio_input_new (f->d.t.mmio, f->d.t.machine->context);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vq_clear (&f->d);
}

static void
config_write (Fixture *f, unsigned offset, uint64_t value, unsigned size)
{
  g_assert_cmpint (pvm_bus_write (&f->d.t.machine->bus, VT_BASE + VT_CONFIG + offset, size,
                                  value), ==, 0);
}

/* Selects @select/@subsel as Linux does (two 1-byte writes) and returns the size. */
static unsigned
config_select (Fixture *f, uint8_t select, uint8_t subsel)
{
  config_write (f, 0, select, 1);
  config_write (f, 1, subsel, 1);
  return (unsigned) vq_config (&f->d, 2, 1);
}

/* Reads the answer's byte @i. */
static uint8_t
config_u (Fixture *f, unsigned i)
{
  return (uint8_t) vq_config (&f->d, 8 + i, 1);
}

/* Asserts that used entry @i of eventq holds buffer @head with the event @type @code @value. */
static void
assert_event (Fixture *f, uint16_t i, uint16_t head, uint16_t type, uint16_t code,
              uint32_t value)
{
  uint32_t id, len;

  vq_used (&f->d, EVENTQ, i, &id, &len);
  g_assert_cmpuint (id, ==, head);
  g_assert_cmpuint (len, ==, 8);
  const uint8_t *e = vt_ram (&f->d.t, vq_buf (head), 8);
  g_assert_cmpuint (pvm_le_get (e, 2), ==, type);
  g_assert_cmpuint (pvm_le_get (e + 2, 2), ==, code);
  g_assert_cmpuint (pvm_le_get (e + 4, 4), ==, value);
}

/* Asserts that eventq's used entries @first .. @first + 3 are one press, in buffers @head ... */
static void
assert_press (Fixture *f, uint16_t first, uint16_t head)
{
  assert_event (f, first, head, 1, KEY_POWER, 1);
  assert_event (f, first + 1, head + 1, 0, 0, 0);
  assert_event (f, first + 2, head + 2, 1, KEY_POWER, 0);
  assert_event (f, first + 3, head + 3, 0, 0, 0);
}

/* Offers @n 8-byte event buffers, descriptors and buffers @first .. @first + @n - 1. */
static void
offer_event_buffers (Fixture *f, unsigned first, unsigned n)
{
  for (unsigned i = first; i < first + n; i++) {
    memset (vt_ram (&f->d.t, vq_buf (i), 8), 0xee, 8);
    vq_offer_buf (&f->d, EVENTQ, i, i, 8, true);
  }
}

static void
test_a_device_describes_itself (Fixture *f, gconstpointer data)
{
  VirtioTest *t = &f->d.t;

  g_assert_cmpuint (vt_rd (t, VT_DEVICE_ID), ==, PVM_VIRTIO_INPUT_DEVICE_ID);
  g_assert_cmphex (vt_device_features (t), ==, VT_F_VERSION_1 | VT_F_INDIRECT | VT_F_EVENT_IDX);
  for (unsigned q = 0; q < 3; q++) {
    vt_wr (t, VT_QUEUE_SEL, q);
    g_assert_cmpuint (vt_rd (t, VT_QUEUE_NUM_MAX), ==, q < 2 ? PVM_VIRTIO_INPUT_QUEUE_SIZE : 0);
  }
}

static void
test_the_configuration_describes_a_power_button (Fixture *f, gconstpointer data)
{
  char name[32] = "";

  g_assert_cmpuint (config_select (f, 0x01, 0), ==, strlen ("pvm power button"));
  for (unsigned i = 0; i < strlen ("pvm power button"); i++)
    name[i] = (char) config_u (f, i);
  g_assert_cmpstr (name, ==, "pvm power button");
  g_assert_cmpuint (vq_config (&f->d, 0, 2), ==, 0x0001); /* select and subsel read back */

  g_assert_cmpuint (config_select (f, 0x02, 0), ==, strlen ("power0"));
  g_assert_cmpuint (config_u (f, 0), ==, 'p');

  g_assert_cmpuint (config_select (f, 0x03, 0), ==, 8);
  g_assert_cmphex (vq_config (&f->d, 8, 8), ==, 0x0001000150560006ull);

  g_assert_cmpuint (config_select (f, 0x10, 0), ==, 0); /* no properties */

  g_assert_cmpuint (config_select (f, 0x11, 1), ==, KEY_POWER / 8 + 1); /* EV_KEY */
  for (unsigned i = 0; i < 128; i++)
    g_assert_cmphex (config_u (f, i), ==, i == KEY_POWER / 8 ? 1u << (KEY_POWER % 8) : 0);
  g_assert_cmpuint (config_select (f, 0x11, 0), ==, 1); /* EV_SYN: SYN_REPORT */
  g_assert_cmphex (config_u (f, 0), ==, 1);
  g_assert_cmphex (config_u (f, 1), ==, 0);

  g_assert_cmpuint (config_select (f, 0x11, 2), ==, 0); /* no EV_REL, ... */
  g_assert_cmpuint (config_select (f, 0x12, 0), ==, 0); /* no axes */
  g_assert_cmpuint (config_select (f, 0x01, 1), ==, 0);
  g_assert_cmpuint (config_select (f, 0x7f, 0), ==, 0);
  g_assert_cmpuint (config_select (f, 0x00, 0), ==, 0);
  for (unsigned i = 0; i < 128; i++)
    g_assert_cmphex (config_u (f, i), ==, 0);

  /* A 2-byte write sets both selectors. */
  config_write (f, 0, 0x0111, 2);
  g_assert_cmpuint (vq_config (&f->d, 2, 1), ==, KEY_POWER / 8 + 1);
}

static void
test_writes_beyond_the_selectors_are_guest_errors (Fixture *f, gconstpointer data)
{
  config_select (f, 0x01, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-input: 1-byte write of 0x5 at configuration offset 0x2 reaches "
                         "read-only byte 0x2");
  config_write (f, 2, 5, 1);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-input: 4-byte write of 0x12345678 at configuration offset 0x8 "
                         "reaches read-only byte 0x8");
  config_write (f, 8, 0x12345678, 4);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*configuration offset 0x88, which is read-only or beyond its end");
  config_write (f, 0x88, 1, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vq_config (&f->d, 2, 1), ==, strlen ("pvm power button"));
  g_assert_cmpuint (config_u (f, 0), ==, 'p');
}

static void
test_a_press_is_four_events (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1 | VT_F_EVENT_IDX, 2, QUEUE);
  offer_event_buffers (f, 0, 8);
  vq_notify (&f->d, EVENTQ);
  vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, EVENTQ), ==, 0);
  g_assert_false (f->d.t.irq.level);

  g_assert_true (pvm_virtio_input_press_power (f->input));
  vq_wait_used (&f->d, EVENTQ, 4);
  assert_press (f, 0, 0);
  g_assert_true (f->d.t.irq.level);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 0);
  /* The buffers after those stay untouched. */
  g_assert_cmphex (pvm_le_get (vt_ram (&f->d.t, vq_buf (4), 8), 8), ==, 0xeeeeeeeeeeeeeeeeull);

  g_assert_true (pvm_virtio_input_press_power (f->input));
  vq_wait_used (&f->d, EVENTQ, 8);
  assert_press (f, 4, 4);
}

static void
test_presses_wait_for_buffers (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  g_assert_true (pvm_virtio_input_press_power (f->input));
  vq_run (&f->d);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 8);

  /* Two buffers take the oldest events; the rest wait for more. */
  offer_event_buffers (f, 0, 2);
  vq_notify (&f->d, EVENTQ);
  vq_wait_used (&f->d, EVENTQ, 2);
  assert_event (f, 0, 0, 1, KEY_POWER, 1);
  assert_event (f, 1, 1, 0, 0, 0);
  vq_run (&f->d);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 6);

  offer_event_buffers (f, 2, 6);
  vq_notify (&f->d, EVENTQ);
  vq_wait_used (&f->d, EVENTQ, 8);
  assert_event (f, 2, 2, 1, KEY_POWER, 0);
  assert_event (f, 3, 3, 0, 0, 0);
  assert_press (f, 4, 4);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 0);
}

static void
test_waiting_presses_are_bounded (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  for (unsigned i = 0; i < PVM_VIRTIO_INPUT_PENDING_MAX / 4; i++)
    g_assert_true (pvm_virtio_input_press_power (f->input));
  g_assert_false (pvm_virtio_input_press_power (f->input));
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, PVM_VIRTIO_INPUT_PENDING_MAX);

  offer_event_buffers (f, 0, 4);
  vq_notify (&f->d, EVENTQ);
  vq_wait_used (&f->d, EVENTQ, 4);
  assert_press (f, 0, 0);
  g_assert_true (pvm_virtio_input_press_power (f->input)); /* room again */
}

static void
test_a_reset_drops_waiting_events (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  config_select (f, 0x11, 1);
  vt_wr (&f->d.t, VT_STATUS, 0);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 0);
  g_assert_cmpuint (vq_config (&f->d, 0, 4), ==, 0); /* selectors cleared, size 0 */

  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  offer_event_buffers (f, 0, 4);
  vq_notify (&f->d, EVENTQ);
  vq_run (&f->d);
  g_assert_cmpuint (vq_used_idx (&f->d, EVENTQ), ==, 0);
}

static void
test_bad_event_buffers_are_guest_errors (Fixture *f, gconstpointer data)
{
  uint32_t id, len;

  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  vq_offer_buf (&f->d, EVENTQ, 0, 0, 8, false);
  vq_offer_buf (&f->d, EVENTQ, 1, 1, 4, true);
  offer_event_buffers (f, 2, 4);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-input: event buffer 0 is device-readable");
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-input: event buffer 1 is shorter than an event");
  vq_notify (&f->d, EVENTQ);
  vq_wait_used (&f->d, EVENTQ, 6);
  g_test_assert_expected_messages ();
  for (uint16_t i = 0; i < 2; i++) {
    vq_used (&f->d, EVENTQ, i, &id, &len);
    g_assert_cmpuint (id, ==, i);
    g_assert_cmpuint (len, ==, 0);
  }
  assert_press (f, 2, 2);
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, ==, 0);
}

static void
test_an_event_may_span_buffers (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  memset (vt_ram (&f->d.t, vq_buf (0), 16), 0, 16);
  vq_desc (&f->d, EVENTQ, 0, vq_buf (0), 3, PVM_VIRTQ_DESC_F_WRITE | PVM_VIRTQ_DESC_F_NEXT, 1);
  vq_desc (&f->d, EVENTQ, 1, vq_buf (0) + 8, 8, PVM_VIRTQ_DESC_F_WRITE, 0);
  vq_offer (&f->d, EVENTQ, 0);
  vq_notify (&f->d, EVENTQ);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  vq_wait_used (&f->d, EVENTQ, 1);
  const uint8_t *p = vt_ram (&f->d.t, vq_buf (0), 16);
  g_assert_cmphex (pvm_le_get (p, 3), ==, 0x740001); /* type 1, code 116's low byte */
  g_assert_cmphex (pvm_le_get (p + 8, 5), ==, 0x0000000100ull); /* code's high byte, value 1 */
}

static void
test_status_buffers_are_taken_and_ignored (Fixture *f, gconstpointer data)
{
  uint32_t id, len;

  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  vq_offer_buf (&f->d, STATUSQ, 0, 8, 8, false);
  vq_notify (&f->d, STATUSQ);
  vq_wait_used (&f->d, STATUSQ, 1);
  vq_used (&f->d, STATUSQ, 0, &id, &len);
  g_assert_cmpuint (id, ==, 0);
  g_assert_cmpuint (len, ==, 0);

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "virtio-input: status buffer 1 has device-writable parts");
  vq_offer_buf (&f->d, STATUSQ, 1, 9, 8, true);
  vq_notify (&f->d, STATUSQ);
  vq_wait_used (&f->d, STATUSQ, 2);
  g_test_assert_expected_messages ();
}

static void
test_malformed_queues_need_a_reset (Fixture *f, gconstpointer data)
{
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "*queue 0: chain at head 0: indirect descriptor without the "
                         "negotiated feature");
  vq_desc (&f->d, EVENTQ, 0, vq_table (0), 16, PVM_VIRTQ_DESC_F_INDIRECT, 0);
  vq_offer (&f->d, EVENTQ, 0);
  vq_notify (&f->d, EVENTQ);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  for (unsigned i = 0; i < 10; i++)
    vq_run (&f->d);
  g_test_assert_expected_messages ();
  g_assert_cmphex (vq_status (&f->d) & PVM_VIRTIO_STATUS_NEEDS_RESET, !=, 0);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 4);

  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  offer_event_buffers (f, 0, 4);
  vq_notify (&f->d, EVENTQ);
  vq_wait_used (&f->d, EVENTQ, 4);
  assert_press (f, 0, 0);
}

static void
test_the_state_holds_the_selectors_and_the_waiting_events (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) expected = g_byte_array_new ();
  g_autoptr (GByteArray) too_many = g_byte_array_new ();

  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  config_select (f, 0x11, 1);
  g_assert_true (pvm_virtio_input_press_power (f->input));
  vq_run (&f->d);

  dev_test_put (expected, 1, 4); /* version */
  dev_test_put (expected, 0x11, 1);
  dev_test_put (expected, 1, 1);
  dev_test_put (expected, 4, 2);
  static const uint16_t press[4][3] = { { 1, 116, 1 }, { 0, 0, 0 }, { 1, 116, 0 }, { 0, 0, 0 } };
  for (unsigned i = 0; i < PVM_VIRTIO_INPUT_PENDING_MAX; i++) {
    dev_test_put (expected, i < 4 ? press[i][0] : 0, 2);
    dev_test_put (expected, i < 4 ? press[i][1] : 0, 2);
    dev_test_put (expected, i < 4 ? press[i][2] : 0, 4);
  }
  dev_test_put (expected, 0, 1); /* no subsection */
  dev_test_assert_saves (&pvm_virtio_input_vmstate, f->input, expected);
  dev_test_assert_truncations_fail (&pvm_virtio_input_vmstate, f->input, expected);

  g_byte_array_append (too_many, expected->data, expected->len);
  pvm_le_put (too_many->data + 6, PVM_VIRTIO_INPUT_PENDING_MAX + 1, 2);
  dev_test_assert_load_fails (&pvm_virtio_input_vmstate, f->input, too_many,
                              PVM_VMSTATE_ERROR_INVALID, "*n_pending*");

  /* Loaded into a reset device, the waiting press reaches the driver. */
  vt_wr (&f->d.t, VT_STATUS, 0);
  dev_test_assert_loads (&pvm_virtio_input_vmstate, f->input, expected);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 4);
  g_assert_cmpuint (vq_config (&f->d, 2, 1), ==, KEY_POWER / 8 + 1);
  vq_setup (&f->d, VT_F_VERSION_1, 2, QUEUE);
  g_assert_cmpuint (pvm_virtio_input_pending (f->input), ==, 0); /* setup resets */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                            \
  g_test_add ("/hv/dev/virtio-input/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("a-device-describes-itself", test_a_device_describes_itself);
  ADD ("the-configuration-describes-a-power-button",
       test_the_configuration_describes_a_power_button);
  ADD ("writes-beyond-the-selectors-are-guest-errors",
       test_writes_beyond_the_selectors_are_guest_errors);
  ADD ("a-press-is-four-events", test_a_press_is_four_events);
  ADD ("presses-wait-for-the-drivers-buffers", test_presses_wait_for_buffers);
  ADD ("waiting-presses-are-bounded", test_waiting_presses_are_bounded);
  ADD ("a-reset-drops-the-waiting-events", test_a_reset_drops_waiting_events);
  ADD ("bad-event-buffers-are-guest-errors-and-skipped", test_bad_event_buffers_are_guest_errors);
  ADD ("an-event-may-span-buffers", test_an_event_may_span_buffers);
  ADD ("status-buffers-are-taken-and-ignored", test_status_buffers_are_taken_and_ignored);
  ADD ("a-malformed-queue-needs-a-reset", test_malformed_queues_need_a_reset);
  ADD ("the-state-holds-the-selectors-and-the-waiting-events",
       test_the_state_holds_the_selectors_and_the_waiting_events);
  return g_test_run ();
}

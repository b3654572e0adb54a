/* test-uart16550.c: the NS16550A serial port. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "dev-test.h"
#include "hv/dev/uart16550.h"
#include "hv/machine/guest-error.h"

#define BASE 0x10000000

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define THR RBR
#define FCR IIR
#define DLL RBR
#define DLM IER

typedef struct {
  PvmMachine *machine;
  int in[2], out[2]; /* the host writes in[1] and reads out[0] */
  PvmChardev *chr;
  DevTestIrq irq;
  PvmUart *uart;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  PvmIrqLine line = dev_test_irq_line (&f->irq);

  f->machine = dev_test_machine_new (1);
  g_assert_no_errno (pipe (f->in));
  g_assert_no_errno (pipe (f->out));
  f->chr = pvm_chardev_new_fds (f->in[0], f->out[1], f->machine->context, &error);
  g_assert_no_error (error);
  fcntl (f->out[0], F_SETFL, O_NONBLOCK);
  f->uart = pvm_uart_new (f->machine, f->chr, &line, &error);
  g_assert_no_error (error);
  g_assert_true (pvm_bus_add_device (&f->machine->bus, BASE, PVM_UART_SIZE, &pvm_uart_ops,
                                     f->uart, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pvm_uart_free (f->uart);
  pvm_chardev_free (f->chr);
  for (int i = 0; i < 2; i++) {
    close (f->in[i]);
    close (f->out[i]);
  }
  dev_test_machine_free (f->machine);
}

static uint8_t
rd (Fixture *f, uint64_t offset)
{
  uint64_t v;

  g_assert_cmpint (pvm_bus_read (&f->machine->bus, BASE + offset, 1, &v), ==, 0);
  return (uint8_t) v;
}

static void
wr (Fixture *f, uint64_t offset, uint8_t v)
{
  g_assert_cmpint (pvm_bus_write (&f->machine->bus, BASE + offset, 1, v), ==, 0);
}

/* Runs the chardev's context until it has nothing more to do. */
static void
deliver (Fixture *f)
{
  for (int i = 0; i < 100 && g_main_context_iteration (f->machine->context, FALSE); i++)
    ;
}

static void
host_send (Fixture *f, const char *s)
{
  g_assert_cmpint (write (f->in[1], s, strlen (s)), ==, (ssize_t) strlen (s));
  deliver (f);
}

/* Returns what the host has received so far. */
static char *
host_received (Fixture *f)
{
  char buf[256];
  ssize_t n = read (f->out[0], buf, sizeof buf - 1);

  buf[MAX (n, 0)] = 0;
  return g_strdup (buf);
}

static void
test_reset_values (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (rd (f, IER), ==, 0);
  g_assert_cmphex (rd (f, IIR), ==, 0x01);
  g_assert_cmphex (rd (f, LCR), ==, 0);
  g_assert_cmphex (rd (f, MCR), ==, 0);
  g_assert_cmphex (rd (f, LSR), ==, 0x60);
  g_assert_cmphex (rd (f, MSR), ==, 0xb0);
  g_assert_cmphex (rd (f, SCR), ==, 0);
  g_assert_false (f->irq.level);
}

static void
test_thr_writes_reach_the_host (Fixture *f, gconstpointer data)
{
  wr (f, THR, 'h');
  wr (f, THR, 'i');
  g_autofree char *got = host_received (f);
  g_assert_cmpstr (got, ==, "hi");
  g_assert_cmphex (rd (f, LSR), ==, 0x60);
}

static void
test_dlab_selects_the_divisor_latch (Fixture *f, gconstpointer data)
{
  wr (f, IER, 0x01);
  wr (f, LCR, 0x83);
  wr (f, DLL, 0x0c);
  wr (f, DLM, 0x01);
  g_assert_cmphex (rd (f, DLL), ==, 0x0c);
  g_assert_cmphex (rd (f, DLM), ==, 0x01);
  wr (f, LCR, 0x03);
  g_assert_cmphex (rd (f, IER), ==, 0x01);
  g_autofree char *got = host_received (f);
  g_assert_cmpstr (got, ==, "");
}

static void
test_enabling_thri_raises_the_thr_empty_interrupt (Fixture *f, gconstpointer data)
{
  wr (f, IER, 0x02);
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x02);
  /* The IIR read that reported it cleared it. */
  g_assert_false (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x01);
  /* Enabling it again raises it again. */
  wr (f, IER, 0x00);
  wr (f, IER, 0x02);
  g_assert_true (f->irq.level);
  /* A THR write clears it, and the transmission that completes raises it again. */
  g_assert_cmphex (rd (f, IIR), ==, 0x02);
  wr (f, THR, 'x');
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x02);
  g_assert_cmpuint (f->irq.raises, ==, 3);
}

static void
test_host_input_raises_rx_data_available (Fixture *f, gconstpointer data)
{
  wr (f, IER, 0x01);
  host_send (f, "a");
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x04);
  g_assert_cmphex (rd (f, LSR), ==, 0x61);
  g_assert_cmphex (rd (f, RBR), ==, 'a');
  g_assert_false (f->irq.level);
  g_assert_cmphex (rd (f, LSR), ==, 0x60);
  g_assert_cmphex (rd (f, IIR), ==, 0x01);
}

static void
test_without_fifo_one_byte_is_received_at_a_time (Fixture *f, gconstpointer data)
{
  host_send (f, "abc");
  g_assert_cmphex (rd (f, RBR), ==, 'a');
  g_assert_cmphex (rd (f, LSR) & 1, ==, 0);
  deliver (f);
  g_assert_cmphex (rd (f, RBR), ==, 'b');
  deliver (f);
  g_assert_cmphex (rd (f, RBR), ==, 'c');
  deliver (f);
  g_assert_cmphex (rd (f, LSR) & 1, ==, 0);
}

static void
test_the_fifo_reports_the_trigger_level_then_the_timeout (Fixture *f, gconstpointer data)
{
  wr (f, FCR, 0x41); /* FIFO on, trigger level 4 */
  wr (f, IER, 0x01);
  host_send (f, "ab");
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0xcc);
  host_send (f, "cd");
  g_assert_cmphex (rd (f, IIR), ==, 0xc4);
  g_assert_cmphex (rd (f, RBR), ==, 'a');
  g_assert_cmphex (rd (f, IIR), ==, 0xcc);
  g_assert_cmphex (rd (f, RBR), ==, 'b');
  g_assert_cmphex (rd (f, RBR), ==, 'c');
  g_assert_cmphex (rd (f, RBR), ==, 'd');
  g_assert_cmphex (rd (f, IIR), ==, 0xc1);
  g_assert_false (f->irq.level);
}

static void
test_the_fifo_holds_16_bytes_and_the_rest_waits (Fixture *f, gconstpointer data)
{
  const char *input = "0123456789abcdefghij";
  char got[21] = { 0 };

  wr (f, FCR, 0x01);
  host_send (f, input);
  for (int i = 0; i < 16; i++) {
    g_assert_cmphex (rd (f, LSR) & 1, ==, 1);
    got[i] = (char) rd (f, RBR);
  }
  g_assert_cmphex (rd (f, LSR) & 1, ==, 0);
  deliver (f);
  for (int i = 16; i < 20; i++)
    got[i] = (char) rd (f, RBR);
  g_assert_cmpstr (got, ==, input);
}

static void
test_fcr_clears_the_receive_fifo (Fixture *f, gconstpointer data)
{
  wr (f, FCR, 0x01);
  host_send (f, "xyz");
  g_assert_cmphex (rd (f, LSR) & 1, ==, 1);
  wr (f, FCR, 0x03);
  g_assert_cmphex (rd (f, LSR) & 1, ==, 0);
  host_send (f, "w");
  g_assert_cmphex (rd (f, IIR), ==, 0xc1);
  /* Turning the FIFO off clears it too. */
  wr (f, FCR, 0x00);
  g_assert_cmphex (rd (f, LSR) & 1, ==, 0);
  g_assert_cmphex (rd (f, IIR), ==, 0x01);
}

static void
test_loopback_returns_output_to_the_receiver (Fixture *f, gconstpointer data)
{
  wr (f, MCR, 0x1a); /* loopback, RTS, OUT2 */
  g_assert_cmphex (rd (f, MSR), ==, 0x90 | 0x02); /* DSR dropped */
  g_assert_cmphex (rd (f, MSR), ==, 0x90);
  wr (f, THR, 'q');
  g_assert_cmphex (rd (f, RBR), ==, 'q');
  g_autofree char *got = host_received (f);
  g_assert_cmpstr (got, ==, "");
  /* Host input waits until loopback ends. */
  host_send (f, "h");
  g_assert_cmphex (rd (f, LSR) & 1, ==, 0);
  wr (f, MCR, 0x00);
  deliver (f);
  g_assert_cmphex (rd (f, RBR), ==, 'h');
}

static void
test_an_overrun_raises_the_line_status_interrupt_first (Fixture *f, gconstpointer data)
{
  wr (f, MCR, 0x10);
  wr (f, IER, 0x05);
  wr (f, THR, '1');
  wr (f, THR, '2');
  g_assert_cmphex (rd (f, IIR), ==, 0x06);
  g_assert_cmphex (rd (f, LSR), ==, 0x63);
  g_assert_cmphex (rd (f, IIR), ==, 0x04);
  g_assert_cmphex (rd (f, RBR), ==, '1');
  g_assert_false (f->irq.level);
}

static void
test_break_in_loopback_is_received (Fixture *f, gconstpointer data)
{
  wr (f, MCR, 0x10);
  wr (f, IER, 0x04);
  wr (f, LCR, 0x43);
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x06);
  g_assert_cmphex (rd (f, LSR), ==, 0x71);
  g_assert_cmphex (rd (f, RBR), ==, 0);
  g_assert_false (f->irq.level);
}

static void
test_a_host_break_is_received_once_the_fifo_is_empty (Fixture *f, gconstpointer data)
{
  wr (f, IER, 0x05);
  host_send (f, "a");
  pvm_chardev_send_break (f->chr);
  deliver (f);
  /* "a" first, without BI: the break waits until the FIFO is empty. */
  g_assert_cmphex (rd (f, LSR), ==, 0x61);
  g_assert_cmphex (rd (f, RBR), ==, 'a');
  deliver (f);
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x06);
  g_assert_cmphex (rd (f, LSR), ==, 0x71);
  g_assert_cmphex (rd (f, RBR), ==, 0);
  g_assert_cmphex (rd (f, LSR), ==, 0x60);
  g_assert_false (f->irq.level);
}

static void
test_modem_status_changes_interrupt (Fixture *f, gconstpointer data)
{
  wr (f, IER, 0x08);
  g_assert_false (f->irq.level);
  wr (f, MCR, 0x10); /* CTS, DSR and DCD drop */
  g_assert_true (f->irq.level);
  g_assert_cmphex (rd (f, IIR), ==, 0x00);
  g_assert_cmphex (rd (f, MSR), ==, 0x0b);
  g_assert_false (f->irq.level);
  wr (f, MCR, 0x14); /* RI rises: no edge yet */
  g_assert_cmphex (rd (f, MSR), ==, 0x40);
  wr (f, MCR, 0x10); /* RI falls: trailing edge */
  g_assert_cmphex (rd (f, MSR), ==, 0x04);
}

static void
test_iir_reports_the_highest_priority_cause (Fixture *f, gconstpointer data)
{
  wr (f, MCR, 0x10);
  wr (f, IER, 0x0f);
  g_assert_cmphex (rd (f, IIR), ==, 0x02); /* THR empty before modem status */
  wr (f, THR, 'z');
  g_assert_cmphex (rd (f, IIR), ==, 0x04); /* RX data before THR empty */
  g_assert_cmphex (rd (f, RBR), ==, 'z');
  g_assert_cmphex (rd (f, IIR), ==, 0x02);
  g_assert_cmphex (rd (f, IIR), ==, 0x00);
  rd (f, MSR);
  g_assert_cmphex (rd (f, IIR), ==, 0x01);
}

static void
test_misuse_is_a_guest_error (Fixture *f, gconstpointer data)
{
  uint64_t v;

  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "uart16550: read of reserved offset 0x8");
  g_assert_cmphex (rd (f, 8), ==, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "uart16550: write of 0x00 to read-only offset 0x5");
  wr (f, LSR, 0);
  g_test_expect_message (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "uart16550: 4-byte read at offset 0x0 is not allowed");
  g_assert_cmpint (pvm_bus_read (&f->machine->bus, BASE, 4, &v), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_cmphex (rd (f, LSR), ==, 0x60);
}

static void
test_sbi_console_helpers_use_the_fifos (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (pvm_uart_poll_getc (f->uart), ==, -1);
  pvm_uart_putc (f->uart, 'k');
  g_autofree char *got = host_received (f);
  g_assert_cmpstr (got, ==, "k");
  host_send (f, "ab");
  g_assert_cmpint (pvm_uart_poll_getc (f->uart), ==, 'a');
  deliver (f);
  g_assert_cmpint (pvm_uart_poll_getc (f->uart), ==, 'b');
  g_assert_cmpint (pvm_uart_poll_getc (f->uart), ==, -1);
}

static void
test_reset_restores_the_power_on_state (Fixture *f, gconstpointer data)
{
  wr (f, FCR, 0x01);
  wr (f, IER, 0x0f);
  wr (f, LCR, 0x83);
  wr (f, DLL, 3);
  wr (f, LCR, 0x03);
  wr (f, MCR, 0x1f);
  wr (f, SCR, 0x77);
  host_send (f, "a");
  g_assert_true (f->irq.level);
  pvm_bus_reset (&f->machine->bus);
  g_assert_false (f->irq.level);
  test_reset_values (f, data);
}

/* The stream of the state built in test_state_*: "ey" waiting in a FIFO with trigger 8. */
static GByteArray *
expected_stream (void)
{
  GByteArray *s = g_byte_array_new ();
  static const uint8_t fifo[16] = { 'h', 'e', 'y' };

  dev_test_put (s, 1, 4);
  g_byte_array_append (s, fifo, sizeof fifo);
  dev_test_put (s, 1, 1);    /* rx_head */
  dev_test_put (s, 2, 1);    /* rx_count */
  dev_test_put (s, 0x05, 1); /* ier */
  dev_test_put (s, 0x03, 1); /* lcr */
  dev_test_put (s, 0x0b, 1); /* mcr */
  dev_test_put (s, 0x00, 1); /* lsr */
  dev_test_put (s, 0xb0, 1); /* msr */
  dev_test_put (s, 0x5a, 1); /* scr */
  dev_test_put (s, 0x81, 1); /* fcr */
  dev_test_put (s, 0x0102, 2);
  dev_test_put (s, 0, 1); /* thr_ipending */
  dev_test_put (s, 0, 1);
  return s;
}

static void
test_state_saves_registers_and_fifo_and_loads_into_a_fresh_uart (Fixture *f,
                                                                 gconstpointer data)
{
  g_autoptr (GByteArray) expected = expected_stream ();
  DevTestIrq irq = { 0 };
  PvmIrqLine line = dev_test_irq_line (&irq);
  PvmUart *fresh = pvm_uart_new (f->machine, NULL, &line, NULL);

  wr (f, FCR, 0x81);
  wr (f, LCR, 0x80);
  wr (f, DLL, 0x02);
  wr (f, DLM, 0x01);
  wr (f, LCR, 0x03);
  wr (f, IER, 0x05);
  wr (f, MCR, 0x0b);
  wr (f, SCR, 0x5a);
  host_send (f, "hey");
  g_assert_cmphex (rd (f, RBR), ==, 'h');
  dev_test_assert_saves (&pvm_uart_vmstate, f->uart, expected);

  dev_test_assert_truncations_fail (&pvm_uart_vmstate, fresh, expected);
  g_assert_false (irq.level);
  dev_test_assert_loads (&pvm_uart_vmstate, fresh, expected);
  dev_test_assert_saves (&pvm_uart_vmstate, fresh, expected);
  /* Same behaviour: data below the trigger level is reported as a timeout. */
  g_assert_true (irq.level);
  g_assert_cmphex (pvm_uart_ops.read (fresh, IIR, 1), ==, 0xcc);
  g_assert_cmphex (pvm_uart_ops.read (fresh, RBR, 1), ==, 'e');
  g_assert_cmphex (pvm_uart_ops.read (fresh, RBR, 1), ==, 'y');
  g_assert_cmphex (pvm_uart_ops.read (fresh, LSR, 1), ==, 0x60);
  g_assert_false (irq.level);
  pvm_uart_free (fresh);
}

static void
test_state_load_refuses_out_of_range_values (Fixture *f, gconstpointer data)
{
  struct {
    gsize offset;
    uint8_t value;
    const char *pattern;
  } cases[] = {
    { 20, 16, "uart16550: field 'rx_head' holds 0x10, out of range" },
    { 21, 17, "uart16550: field 'rx_count' *" },
    { 22, 0x10, "uart16550: field 'ier' *" },
    { 24, 0x20, "uart16550: field 'mcr' *" },
    { 25, 0x01, "uart16550: field 'lsr' *" },
    { 28, 0x83, "uart16550: field 'fcr' *" },
    { 28, 0x80, "uart16550: field 'fcr' *" },
    { 28, 0x00, "uart16550: field 'rx_count' *" }, /* 2 bytes without a FIFO */
    { 31, 2, "uart16550: field 'thr_ipending' holds 2*" },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GByteArray) stream = expected_stream ();
    stream->data[cases[i].offset] = cases[i].value;
    dev_test_assert_load_fails (&pvm_uart_vmstate, f->uart, stream,
                                cases[i].offset == 31 ? PVM_VMSTATE_ERROR_FORMAT
                                                      : PVM_VMSTATE_ERROR_INVALID,
                                cases[i].pattern);
  }
  g_assert_false (f->irq.level);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hv/dev/uart16550/reset-values", test_reset_values);
  ADD ("/hv/dev/uart16550/thr-writes-reach-the-host", test_thr_writes_reach_the_host);
  ADD ("/hv/dev/uart16550/dlab-selects-the-divisor-latch", test_dlab_selects_the_divisor_latch);
  ADD ("/hv/dev/uart16550/enabling-thri-raises-the-thr-empty-interrupt",
       test_enabling_thri_raises_the_thr_empty_interrupt);
  ADD ("/hv/dev/uart16550/host-input-raises-rx-data-available",
       test_host_input_raises_rx_data_available);
  ADD ("/hv/dev/uart16550/without-fifo-one-byte-is-received-at-a-time",
       test_without_fifo_one_byte_is_received_at_a_time);
  ADD ("/hv/dev/uart16550/the-fifo-reports-the-trigger-level-then-the-timeout",
       test_the_fifo_reports_the_trigger_level_then_the_timeout);
  ADD ("/hv/dev/uart16550/the-fifo-holds-16-bytes-and-the-rest-waits",
       test_the_fifo_holds_16_bytes_and_the_rest_waits);
  ADD ("/hv/dev/uart16550/fcr-clears-the-receive-fifo", test_fcr_clears_the_receive_fifo);
  ADD ("/hv/dev/uart16550/loopback-returns-output-to-the-receiver",
       test_loopback_returns_output_to_the_receiver);
  ADD ("/hv/dev/uart16550/an-overrun-raises-the-line-status-interrupt-first",
       test_an_overrun_raises_the_line_status_interrupt_first);
  ADD ("/hv/dev/uart16550/break-in-loopback-is-received", test_break_in_loopback_is_received);
  ADD ("/hv/dev/uart16550/a-host-break-is-received-once-the-fifo-is-empty",
       test_a_host_break_is_received_once_the_fifo_is_empty);
  ADD ("/hv/dev/uart16550/modem-status-changes-interrupt", test_modem_status_changes_interrupt);
  ADD ("/hv/dev/uart16550/iir-reports-the-highest-priority-cause",
       test_iir_reports_the_highest_priority_cause);
  ADD ("/hv/dev/uart16550/misuse-is-a-guest-error", test_misuse_is_a_guest_error);
  ADD ("/hv/dev/uart16550/sbi-console-helpers-use-the-fifos",
       test_sbi_console_helpers_use_the_fifos);
  ADD ("/hv/dev/uart16550/reset-restores-the-power-on-state",
       test_reset_restores_the_power_on_state);
  ADD ("/hv/dev/uart16550/state-saves-registers-and-fifo-and-loads-into-a-fresh-uart",
       test_state_saves_registers_and_fifo_and_loads_into_a_fresh_uart);
  ADD ("/hv/dev/uart16550/state-load-refuses-out-of-range-values",
       test_state_load_refuses_out_of_range_values);
#undef ADD
  return g_test_run ();
}

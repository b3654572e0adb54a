/* uart16550.c: an NS16550A serial port, as the virt board has at 0x10000000 (IRQ 10).
 *
 * Register map (1-byte registers at offsets 0..7; DLAB is LCR bit 7):
 *   0  read: RBR (receive buffer)      write: THR (transmit holding)   DLAB=1: DLL
 *   1  IER  interrupt enable: 0x01 RX data, 0x02 THR empty, 0x04 line status, 0x08 modem
 *                                                                      DLAB=1: DLM
 *   2  read: IIR (interrupt identification)  write: FCR (FIFO control)
 *   3  LCR  line control: word length, stop, parity, 0x40 break, 0x80 DLAB
 *   4  MCR  modem control: 0x01 DTR, 0x02 RTS, 0x04 OUT1, 0x08 OUT2, 0x10 loopback
 *   5  LSR  line status (read-only): 0x01 DR, 0x02 OE, 0x10 BI, 0x20 THRE, 0x40 TEMT,
 *           0x80 error in the RX FIFO; reading clears OE, PE, FE, BI and bit 7
 *   6  MSR  modem status (read-only): deltas in bits 0..3 (cleared by reading), CTS, DSR, RI,
 *           DCD in bits 4..7
 *   7  SCR  scratch
 *
 * IIR reports the highest-priority cause: line status (0x06) > RX data at the trigger level
 * (0x04) > RX data below it, the character timeout (0x0c) > THR empty (0x02) > modem status
 * (0x00); 0x01 means none, and bits 6..7 are set while the FIFOs are enabled. The THR-empty
 * cause is raised when a transmission completes and when IER.THRI goes from 0 to 1 (THR being
 * empty), and cleared by a THR write or by the IIR read that reports it, as Linux's 8250 driver
 * expects. Transmission completes at once: LSR.THRE and TEMT are always set. The character
 * timeout is reported as soon as data sits below the trigger level (no timer is emulated).
 * In loopback, output goes back to the receiver and the modem inputs follow MCR; host input
 * waits until loopback ends. Setting break (LCR bit 6) in loopback receives a break. A break
 * from the host is received as a 0 byte with LSR.BI once the receive FIFO is empty, so that BI
 * goes with that byte (Linux's 8250 driver counts it, and with sysrq on the console, arms SysRq).
 */
#include "hv/dev/uart16550.h"

#include "hv/machine/guest-error.h"

enum {
  UART_RBR = 0, /* THR, DLL */
  UART_IER = 1, /* DLM */
  UART_IIR = 2, /* FCR */
  UART_LCR = 3,
  UART_MCR = 4,
  UART_LSR = 5,
  UART_MSR = 6,
  UART_SCR = 7,
};

#define UART_IER_RDI 0x01
#define UART_IER_THRI 0x02
#define UART_IER_RLSI 0x04
#define UART_IER_MSI 0x08
#define UART_IER_MASK 0x0f

#define UART_IIR_NO_INT 0x01
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_TOI 0x0c
#define UART_IIR_FIFO 0xc0

#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_RX 0x02
#define UART_FCR_CLEAR_TX 0x04
#define UART_FCR_DMA 0x08
#define UART_FCR_TRIGGER 0xc0
#define UART_FCR_KEPT (UART_FCR_ENABLE | UART_FCR_DMA | UART_FCR_TRIGGER)

#define UART_LCR_BREAK 0x40
#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10
#define UART_MCR_MASK 0x1f

#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_PE 0x04
#define UART_LSR_FE 0x08
#define UART_LSR_BI 0x10
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40
#define UART_LSR_FIFOE 0x80
#define UART_LSR_INT_ERRORS (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)
#define UART_LSR_ERRORS (UART_LSR_INT_ERRORS | UART_LSR_FIFOE)

#define UART_MSR_DCTS 0x01
#define UART_MSR_DDSR 0x02
#define UART_MSR_TERI 0x04
#define UART_MSR_DDCD 0x08
#define UART_MSR_DELTAS 0x0f
#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80
/* The modem inputs outside loopback: the host side is always ready. */
#define UART_MSR_HOST (UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD)

struct PvmUart {
  GMutex lock;
  PvmChardev *chr;
  PvmIrqLine irq;
  bool irq_level; /* derived: what the line is driven to */

  uint8_t rx_fifo[PVM_UART_FIFO_SIZE];
  uint8_t rx_head, rx_count;
  uint8_t ier, lcr, mcr;
  uint8_t lsr; /* the error bits only; DR, THRE and TEMT are computed */
  uint8_t msr, scr, fcr;
  uint16_t divisor;
  bool thr_ipending;
};

static const uint8_t uart_trigger_levels[4] = { 1, 4, 8, 14 };

static unsigned
uart_depth (const PvmUart *uart)
{
  return (uart->fcr & UART_FCR_ENABLE) ? PVM_UART_FIFO_SIZE : 1;
}

static uint8_t
uart_iir (const PvmUart *uart)
{
  if ((uart->ier & UART_IER_RLSI) && (uart->lsr & UART_LSR_INT_ERRORS))
    return UART_IIR_RLSI;
  if ((uart->ier & UART_IER_RDI) && uart->rx_count > 0) {
    if (!(uart->fcr & UART_FCR_ENABLE) ||
        uart->rx_count >= uart_trigger_levels[uart->fcr >> 6])
      return UART_IIR_RDI;
    return UART_IIR_TOI;
  }
  if ((uart->ier & UART_IER_THRI) && uart->thr_ipending)
    return UART_IIR_THRI;
  if ((uart->ier & UART_IER_MSI) && (uart->msr & UART_MSR_DELTAS))
    return UART_IIR_MSI;
  return UART_IIR_NO_INT;
}

/* Drives the interrupt line from the registers; only changes unless @force. Called with the
 * lock. */
static void
uart_update (PvmUart *uart, bool force)
{
  bool level = uart_iir (uart) != UART_IIR_NO_INT;

  if (level == uart->irq_level && !force)
    return;
  uart->irq_level = level;
  pvm_irq_set (&uart->irq, level);
}

static void
uart_accept_input (PvmUart *uart)
{
  if (uart->chr)
    pvm_chardev_accept_input (uart->chr);
}

static void
uart_rx_clear (PvmUart *uart)
{
  uart->rx_head = 0;
  uart->rx_count = 0;
  uart->lsr &= ~UART_LSR_FIFOE;
  uart_accept_input (uart);
}

/* Receives @c with the error bits @errors; a full FIFO overruns and loses it. */
static void
uart_rx_push (PvmUart *uart, uint8_t c, uint8_t errors)
{
  if (uart->rx_count >= uart_depth (uart)) {
    uart->lsr |= UART_LSR_OE;
    return;
  }
  uart->rx_fifo[(uart->rx_head + uart->rx_count) % PVM_UART_FIFO_SIZE] = c;
  uart->rx_count++;
  uart->lsr |= errors;
  if (errors && (uart->fcr & UART_FCR_ENABLE))
    uart->lsr |= UART_LSR_FIFOE;
}

static uint8_t
uart_rx_pop (PvmUart *uart)
{
  uint8_t c = uart->rx_fifo[uart->rx_head];

  /* Room for more input, or an empty FIFO for a waiting break. */
  if (uart->rx_count == uart_depth (uart) || uart->rx_count == 1)
    uart_accept_input (uart);
  uart->rx_head = (uart->rx_head + 1) % PVM_UART_FIFO_SIZE;
  uart->rx_count--;
  return c;
}

static void
uart_transmit (PvmUart *uart, uint8_t c)
{
  if (uart->mcr & UART_MCR_LOOP)
    uart_rx_push (uart, c, 0);
  else if (uart->chr && !(uart->lcr & UART_LCR_BREAK))
    pvm_chardev_write (uart->chr, &c, 1);
  /* The character left at once: THR is empty again. */
  uart->thr_ipending = true;
}

/* The modem inputs: the host's outside loopback, MCR's outputs inside. */
static uint8_t
uart_modem_inputs (const PvmUart *uart)
{
  uint8_t m = uart->mcr;

  if (!(m & UART_MCR_LOOP))
    return UART_MSR_HOST;
  return ((m & UART_MCR_RTS) ? UART_MSR_CTS : 0) | ((m & UART_MCR_DTR) ? UART_MSR_DSR : 0) |
         ((m & UART_MCR_OUT1) ? UART_MSR_RI : 0) | ((m & UART_MCR_OUT2) ? UART_MSR_DCD : 0);
}

static void
uart_set_mcr (PvmUart *uart, uint8_t value)
{
  bool was_loop = uart->mcr & UART_MCR_LOOP;
  uint8_t old = uart->msr & ~UART_MSR_DELTAS;

  uart->mcr = value & UART_MCR_MASK;
  uint8_t now = uart_modem_inputs (uart);
  uint8_t changed = old ^ now;
  uart->msr = (uint8_t) ((uart->msr & UART_MSR_DELTAS) | now);
  if (changed & UART_MSR_CTS)
    uart->msr |= UART_MSR_DCTS;
  if (changed & UART_MSR_DSR)
    uart->msr |= UART_MSR_DDSR;
  if ((old & UART_MSR_RI) && !(now & UART_MSR_RI))
    uart->msr |= UART_MSR_TERI;
  if (changed & UART_MSR_DCD)
    uart->msr |= UART_MSR_DDCD;
  if (was_loop && !(uart->mcr & UART_MCR_LOOP))
    uart_accept_input (uart);
}

static void
uart_set_fcr (PvmUart *uart, uint8_t value)
{
  if ((value ^ uart->fcr) & UART_FCR_ENABLE)
    uart_rx_clear (uart);
  if (!(value & UART_FCR_ENABLE)) {
    uart->fcr = 0;
    return;
  }
  if (value & UART_FCR_CLEAR_RX)
    uart_rx_clear (uart);
  uart->fcr = value & UART_FCR_KEPT;
}

static uint64_t
uart_read (void *dev, uint64_t offset, unsigned size)
{
  PvmUart *uart = dev;
  uint8_t v = 0;

  g_mutex_lock (&uart->lock);
  switch (offset) {
  case UART_RBR:
    if (uart->lcr & UART_LCR_DLAB)
      v = (uint8_t) uart->divisor;
    else if (uart->rx_count > 0)
      v = uart_rx_pop (uart);
    break;
  case UART_IER:
    v = (uart->lcr & UART_LCR_DLAB) ? (uint8_t) (uart->divisor >> 8) : uart->ier;
    break;
  case UART_IIR:
    v = uart_iir (uart);
    if (v == UART_IIR_THRI)
      uart->thr_ipending = false;
    if (uart->fcr & UART_FCR_ENABLE)
      v |= UART_IIR_FIFO;
    break;
  case UART_LCR:
    v = uart->lcr;
    break;
  case UART_MCR:
    v = uart->mcr;
    break;
  case UART_LSR:
    v = uart->lsr | UART_LSR_THRE | UART_LSR_TEMT | (uart->rx_count ? UART_LSR_DR : 0);
    uart->lsr &= ~UART_LSR_ERRORS;
    break;
  case UART_MSR:
    v = uart->msr;
    uart->msr &= ~UART_MSR_DELTAS;
    break;
  case UART_SCR:
    v = uart->scr;
    break;
  default:
    pvm_guest_error ("uart16550: read of reserved offset 0x%" G_GINT64_MODIFIER "x", offset);
    break;
  }
  uart_update (uart, false);
  g_mutex_unlock (&uart->lock);
  return v;
}

static void
uart_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  PvmUart *uart = dev;
  uint8_t v = (uint8_t) value;

  g_mutex_lock (&uart->lock);
  switch (offset) {
  case UART_RBR:
    if (uart->lcr & UART_LCR_DLAB)
      uart->divisor = (uint16_t) ((uart->divisor & 0xff00) | v);
    else
      uart_transmit (uart, v);
    break;
  case UART_IER:
    if (uart->lcr & UART_LCR_DLAB) {
      uart->divisor = (uint16_t) ((uart->divisor & 0x00ff) | v << 8);
    } else {
      uint8_t old = uart->ier;
      uart->ier = v & UART_IER_MASK;
      /* THR is always empty: enabling its interrupt raises it, disabling forgets it. */
      if ((old ^ uart->ier) & UART_IER_THRI)
        uart->thr_ipending = uart->ier & UART_IER_THRI;
    }
    break;
  case UART_IIR:
    uart_set_fcr (uart, v);
    break;
  case UART_LCR:
    if ((v & UART_LCR_BREAK) && !(uart->lcr & UART_LCR_BREAK) && (uart->mcr & UART_MCR_LOOP))
      uart_rx_push (uart, 0, UART_LSR_BI);
    uart->lcr = v;
    break;
  case UART_MCR:
    uart_set_mcr (uart, v);
    break;
  case UART_SCR:
    uart->scr = v;
    break;
  default:
    pvm_guest_error ("uart16550: write of 0x%02x to %s offset 0x%" G_GINT64_MODIFIER "x", v,
                     offset < 8 ? "read-only" : "reserved", offset);
    break;
  }
  uart_update (uart, false);
  g_mutex_unlock (&uart->lock);
}

static void
uart_reset (void *dev)
{
  PvmUart *uart = dev;

  g_mutex_lock (&uart->lock);
  uart->ier = 0;
  uart->lcr = 0;
  uart->mcr = 0;
  uart->lsr = 0;
  uart->msr = UART_MSR_HOST;
  uart->scr = 0;
  uart->fcr = 0;
  uart->divisor = 0;
  uart->thr_ipending = false;
  uart_rx_clear (uart);
  uart_update (uart, true);
  g_mutex_unlock (&uart->lock);
}

static size_t
uart_receive (void *opaque, const uint8_t *buf, size_t len)
{
  PvmUart *uart = opaque;
  size_t n = 0;

  g_mutex_lock (&uart->lock);
  if (!(uart->mcr & UART_MCR_LOOP)) {
    n = MIN (len, uart_depth (uart) - uart->rx_count);
    for (size_t i = 0; i < n; i++)
      uart_rx_push (uart, buf[i], 0);
  }
  uart_update (uart, false);
  g_mutex_unlock (&uart->lock);
  return n;
}

static bool
uart_receive_break (void *opaque)
{
  PvmUart *uart = opaque;
  bool taken = false;

  g_mutex_lock (&uart->lock);
  if (!(uart->mcr & UART_MCR_LOOP) && uart->rx_count == 0) {
    uart_rx_push (uart, 0, UART_LSR_BI);
    taken = true;
  }
  uart_update (uart, false);
  g_mutex_unlock (&uart->lock);
  return taken;
}

int
pvm_uart_poll_getc (PvmUart *uart)
{
  int c = -1;

  g_mutex_lock (&uart->lock);
  if (uart->rx_count > 0) {
    c = uart_rx_pop (uart);
    uart_update (uart, false);
  }
  g_mutex_unlock (&uart->lock);
  return c;
}

void
pvm_uart_putc (PvmUart *uart, uint8_t c)
{
  g_mutex_lock (&uart->lock);
  uart_transmit (uart, c);
  uart_update (uart, false);
  g_mutex_unlock (&uart->lock);
}

PvmUart *
pvm_uart_new (PvmMachine *machine, PvmChardev *chr, const PvmIrqLine *irq, GError **error)
{
  PvmUart *uart = g_new0 (PvmUart, 1);

  g_mutex_init (&uart->lock);
  uart->chr = chr;
  if (irq)
    uart->irq = *irq;
  uart_reset (uart);
  if (chr) {
    pvm_chardev_set_receive (chr, uart_receive, uart);
    pvm_chardev_set_break (chr, uart_receive_break, uart);
  }
  return uart;
}

void
pvm_uart_free (PvmUart *uart)
{
  if (!uart)
    return;
  if (uart->chr) {
    pvm_chardev_set_receive (uart->chr, NULL, NULL);
    pvm_chardev_set_break (uart->chr, NULL, NULL);
  }
  g_mutex_clear (&uart->lock);
  g_free (uart);
}

const PvmDeviceOps pvm_uart_ops = {
  .name = "uart16550",
  .read = uart_read,
  .write = uart_write,
  .reset = uart_reset,
  .min_access = 1,
  .max_access = 1,
  .vmstate = &pvm_uart_vmstate,
};

static gboolean
uart_invalid (GError **error, const char *field, unsigned value)
{
  g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
               "field '%s' holds 0x%x, out of range", field, value);
  return FALSE;
}

static gboolean
uart_post_load (void *obj, GError **error)
{
  PvmUart *uart = obj;

  if (uart->fcr & ~UART_FCR_KEPT || (uart->fcr && !(uart->fcr & UART_FCR_ENABLE)))
    return uart_invalid (error, "fcr", uart->fcr);
  if (uart->rx_head >= PVM_UART_FIFO_SIZE)
    return uart_invalid (error, "rx_head", uart->rx_head);
  if (uart->rx_count > uart_depth (uart))
    return uart_invalid (error, "rx_count", uart->rx_count);
  if (uart->ier & ~UART_IER_MASK)
    return uart_invalid (error, "ier", uart->ier);
  if (uart->mcr & ~UART_MCR_MASK)
    return uart_invalid (error, "mcr", uart->mcr);
  if (uart->lsr & ~UART_LSR_ERRORS)
    return uart_invalid (error, "lsr", uart->lsr);
  g_mutex_lock (&uart->lock);
  uart_update (uart, true);
  uart_accept_input (uart);
  g_mutex_unlock (&uart->lock);
  return TRUE;
}

static const PvmVmField uart_fields[] = {
  PVM_VM_BYTES (PvmUart, rx_fifo, PVM_UART_FIFO_SIZE),
  PVM_VM_U8 (PvmUart, rx_head),
  PVM_VM_U8 (PvmUart, rx_count),
  PVM_VM_U8 (PvmUart, ier),
  PVM_VM_U8 (PvmUart, lcr),
  PVM_VM_U8 (PvmUart, mcr),
  PVM_VM_U8 (PvmUart, lsr),
  PVM_VM_U8 (PvmUart, msr),
  PVM_VM_U8 (PvmUart, scr),
  PVM_VM_U8 (PvmUart, fcr),
  PVM_VM_U16 (PvmUart, divisor),
  PVM_VM_BOOL (PvmUart, thr_ipending),
  PVM_VM_END,
};

const PvmVmState pvm_uart_vmstate = {
  .name = "uart16550",
  .version = 1,
  .min_version = 1,
  .fields = uart_fields,
  .post_load = uart_post_load,
};

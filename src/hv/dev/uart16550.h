/* uart16550.h: an NS16550A serial port with 16-byte FIFOs, connected to a host chardev. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "hv/machine/bus.h"
#include "hv/machine/chardev.h"
#include "hv/machine/irq.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The size of the register window (registers are 1 byte apart, at offsets 0 to 7). */
#define PVM_UART_SIZE 0x100
/* The depth of the receive FIFO. */
#define PVM_UART_FIFO_SIZE 16

/* Returns a UART in reset state that sends to and receives from @chr (which may be NULL: output
 * is then dropped and nothing is received) and raises @irq. It becomes @chr's frontend
 * (pvm_chardev_set_receive() and pvm_chardev_set_break(): a break from the host is received
 * as a 0 byte with LSR.BI, once the receive FIFO is empty); @chr must outlive it. Never fails today; @error is for the
 * constructor convention. */
PvmUart *pvm_uart_new (PvmMachine *machine, PvmChardev *chr, const PvmIrqLine *irq,
                       GError **error);

/* Disconnects @uart from its chardev and frees it (NULL is ignored). */
void pvm_uart_free (PvmUart *uart);

/* Takes the oldest received byte as a read of RBR would (interrupts updated), or returns -1
 * if none is waiting. For the SBI console; safe from any thread. */
int pvm_uart_poll_getc (PvmUart *uart);

/* Sends @c as a write of THR would (loopback honoured). For the SBI console; safe from any
 * thread. */
void pvm_uart_putc (PvmUart *uart, uint8_t c);

/* Register access for the bus: 1-byte accesses at offsets 0 .. 7; the rest is a guest error.
 * Transmission completes at once, so THR is always empty; the character timeout is reported as
 * soon as received data sits below the FIFO trigger level. */
extern const PvmDeviceOps pvm_uart_ops;

/* State: the registers and the receive FIFO. */
extern const PvmVmState pvm_uart_vmstate;

/* goldfish-rtc.h: the Goldfish real-time clock of the virt board, with its one-shot alarm. */
#pragma once

#include <glib.h>

#include "hv/machine/bus.h"
#include "hv/machine/irq.h"
#include "hv/machine/machine.h"
#include "hv/migrate/vmstate.h"

/* The size of the register window. */
#define PVM_GOLDFISH_RTC_SIZE 0x1000

/* Returns an RTC in reset state (reading the host's CLOCK_REALTIME) that raises @irq, with
 * its alarm timer on @machine->context (the global default context if that is NULL). Never
 * fails today; @error is for the constructor convention. */
PvmGoldfishRtc *pvm_goldfish_rtc_new (PvmMachine *machine, const PvmIrqLine *irq,
                                      GError **error);

/* Cancels the alarm and frees @rtc (NULL is ignored). Call it from the thread that runs the
 * context, or while nothing runs it. */
void pvm_goldfish_rtc_free (PvmGoldfishRtc *rtc);

/* Register access for the bus: 4-byte accesses. The time in ns is CLOCK_REALTIME plus an offset
 * the guest sets by writing TIME_HIGH then TIME_LOW; reading TIME_LOW latches TIME_HIGH.
 * Writing ALARM_LOW arms the alarm at ALARM_HIGH:ALARM_LOW (a time already past fires at once);
 * when it fires, the interrupt is pending until CLEAR_INTERRUPT, and raised while IRQ_ENABLED. */
extern const PvmDeviceOps pvm_goldfish_rtc_ops;

/* State: the time offset, the latches, the alarm and the interrupt bits. */
extern const PvmVmState pvm_goldfish_rtc_vmstate;

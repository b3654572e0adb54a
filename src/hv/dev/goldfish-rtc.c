/* goldfish-rtc.c: the Goldfish real-time clock of the virt board, at 0x101000 (IRQ 11).
 *
 * Register map (4-byte accesses only; times are 64-bit nanoseconds since the epoch):
 *   0x00  TIME_LOW         read: low half of the time, latching the high half into TIME_HIGH
 *                          write: sets the time to TIME_HIGH:value
 *   0x04  TIME_HIGH        read: the latched high half; write: latches the high half to set
 *   0x08  ALARM_LOW        read: low half of the alarm; write: arms the alarm at
 *                          ALARM_HIGH:value (a time already past fires at once)
 *   0x0c  ALARM_HIGH       read: high half of the alarm; write: latches it for ALARM_LOW
 *   0x10  IRQ_ENABLED      bit 0: the pending alarm interrupt reaches the line
 *   0x14  CLEAR_ALARM      write: disarms the alarm
 *   0x18  ALARM_STATUS     read: 1 while the alarm is armed
 *   0x1c  CLEAR_INTERRUPT  write: the alarm interrupt is no longer pending
 * Other offsets, reads of write-only and writes of read-only registers are guest errors.
 *
 * The time is the host's CLOCK_REALTIME plus an offset the guest moves by setting it. The
 * alarm waits on a GSource of the machine's context whose ready time is the host moment it is
 * due; the source checks the armed state under the lock, so disarming and re-arming from a hart
 * never races with it.
 */
#include "hv/dev/goldfish-rtc.h"

#include <time.h>

#include "hv/machine/guest-error.h"

enum {
  RTC_TIME_LOW = 0x00,
  RTC_TIME_HIGH = 0x04,
  RTC_ALARM_LOW = 0x08,
  RTC_ALARM_HIGH = 0x0c,
  RTC_IRQ_ENABLED = 0x10,
  RTC_CLEAR_ALARM = 0x14,
  RTC_ALARM_STATUS = 0x18,
  RTC_CLEAR_INTERRUPT = 0x1c,
};

typedef struct {
  GSource source;
  PvmGoldfishRtc *rtc;
} RtcTimerSource;

struct PvmGoldfishRtc {
  GMutex lock;
  PvmIrqLine irq;
  bool irq_level; /* derived: what the line is driven to */
  GSource *timer; /* ready when the alarm is due; ready time -1 while disarmed */

  int64_t offset_ns; /* guest time = CLOCK_REALTIME + offset_ns */
  uint32_t time_high;
  uint64_t alarm_ns;
  uint32_t alarm_high;
  bool alarm_running;
  bool irq_pending;
  uint32_t irq_enabled;
};

static int64_t
realtime_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (int64_t) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static uint64_t
rtc_now (const PvmGoldfishRtc *rtc)
{
  return (uint64_t) realtime_ns () + (uint64_t) rtc->offset_ns;
}

static void
rtc_update (PvmGoldfishRtc *rtc, bool force)
{
  bool level = rtc->irq_pending && (rtc->irq_enabled & 1);

  if (level == rtc->irq_level && !force)
    return;
  rtc->irq_level = level;
  pvm_irq_set (&rtc->irq, level);
}

/* Fires the alarm if it is due, else (re)schedules the timer. Called with the lock. */
static void
rtc_check_alarm (PvmGoldfishRtc *rtc)
{
  if (!rtc->alarm_running) {
    g_source_set_ready_time (rtc->timer, -1);
    return;
  }
  uint64_t now = rtc_now (rtc);
  if ((int64_t) (rtc->alarm_ns - now) <= 0) {
    rtc->alarm_running = false;
    rtc->irq_pending = true;
    g_source_set_ready_time (rtc->timer, -1);
    rtc_update (rtc, false);
    return;
  }
  /* At most 2^63 ns ahead, so the wait fits a gint64 in microseconds with room to spare. */
  gint64 wait_us = (gint64) ((rtc->alarm_ns - now + 999) / 1000);
  g_source_set_ready_time (rtc->timer, g_get_monotonic_time () + wait_us);
}

static gboolean
rtc_timer_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  PvmGoldfishRtc *rtc = ((RtcTimerSource *) source)->rtc;

  g_mutex_lock (&rtc->lock);
  rtc_check_alarm (rtc);
  g_mutex_unlock (&rtc->lock);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs rtc_timer_funcs = {
  .dispatch = rtc_timer_dispatch,
};

static uint64_t
rtc_read (void *dev, uint64_t offset, unsigned size)
{
  PvmGoldfishRtc *rtc = dev;
  uint64_t v = 0;

  g_mutex_lock (&rtc->lock);
  switch (offset) {
  case RTC_TIME_LOW: {
    uint64_t now = rtc_now (rtc);
    rtc->time_high = (uint32_t) (now >> 32);
    v = (uint32_t) now;
    break;
  }
  case RTC_TIME_HIGH:
    v = rtc->time_high;
    break;
  case RTC_ALARM_LOW:
    v = (uint32_t) rtc->alarm_ns;
    break;
  case RTC_ALARM_HIGH:
    v = (uint32_t) (rtc->alarm_ns >> 32);
    break;
  case RTC_IRQ_ENABLED:
    v = rtc->irq_enabled;
    break;
  case RTC_ALARM_STATUS:
    v = rtc->alarm_running;
    break;
  default:
    pvm_guest_error ("goldfish-rtc: read of %s offset 0x%" G_GINT64_MODIFIER "x",
                     offset == RTC_CLEAR_ALARM || offset == RTC_CLEAR_INTERRUPT ? "write-only"
                                                                                  : "reserved",
                     offset);
    break;
  }
  g_mutex_unlock (&rtc->lock);
  return v;
}

static void
rtc_write (void *dev, uint64_t offset, uint64_t value, unsigned size)
{
  PvmGoldfishRtc *rtc = dev;
  uint32_t v = (uint32_t) value;

  g_mutex_lock (&rtc->lock);
  switch (offset) {
  case RTC_TIME_LOW: {
    uint64_t wanted = (uint64_t) rtc->time_high << 32 | v;
    rtc->offset_ns = (int64_t) (wanted - (uint64_t) realtime_ns ());
    rtc_check_alarm (rtc);
    break;
  }
  case RTC_TIME_HIGH:
    rtc->time_high = v;
    break;
  case RTC_ALARM_LOW:
    rtc->alarm_ns = (uint64_t) rtc->alarm_high << 32 | v;
    rtc->alarm_running = true;
    rtc_check_alarm (rtc);
    break;
  case RTC_ALARM_HIGH:
    rtc->alarm_high = v;
    break;
  case RTC_IRQ_ENABLED:
    rtc->irq_enabled = v & 1;
    break;
  case RTC_CLEAR_ALARM:
    rtc->alarm_running = false;
    rtc_check_alarm (rtc);
    break;
  case RTC_CLEAR_INTERRUPT:
    rtc->irq_pending = false;
    break;
  default:
    pvm_guest_error ("goldfish-rtc: write of 0x%x to %s offset 0x%" G_GINT64_MODIFIER "x", v,
                     offset == RTC_ALARM_STATUS ? "read-only" : "reserved", offset);
    break;
  }
  rtc_update (rtc, false);
  g_mutex_unlock (&rtc->lock);
}

static void
rtc_reset (void *dev)
{
  PvmGoldfishRtc *rtc = dev;

  g_mutex_lock (&rtc->lock);
  rtc->offset_ns = 0;
  rtc->time_high = 0;
  rtc->alarm_ns = 0;
  rtc->alarm_high = 0;
  rtc->alarm_running = false;
  rtc->irq_pending = false;
  rtc->irq_enabled = 0;
  rtc_check_alarm (rtc);
  rtc_update (rtc, true);
  g_mutex_unlock (&rtc->lock);
}

PvmGoldfishRtc *
pvm_goldfish_rtc_new (PvmMachine *machine, const PvmIrqLine *irq, GError **error)
{
  PvmGoldfishRtc *rtc = g_new0 (PvmGoldfishRtc, 1);

  g_mutex_init (&rtc->lock);
  if (irq)
    rtc->irq = *irq;
  rtc->timer = g_source_new (&rtc_timer_funcs, sizeof (RtcTimerSource));
  ((RtcTimerSource *) rtc->timer)->rtc = rtc;
  g_source_set_name (rtc->timer, "pvm goldfish-rtc alarm");
  g_source_set_ready_time (rtc->timer, -1);
  g_source_attach (rtc->timer, machine ? machine->context : NULL);
  rtc_reset (rtc);
  return rtc;
}

void
pvm_goldfish_rtc_free (PvmGoldfishRtc *rtc)
{
  if (!rtc)
    return;
  g_source_destroy (rtc->timer);
  g_source_unref (rtc->timer);
  g_mutex_clear (&rtc->lock);
  g_free (rtc);
}

const PvmDeviceOps pvm_goldfish_rtc_ops = {
  .name = "goldfish-rtc",
  .read = rtc_read,
  .write = rtc_write,
  .reset = rtc_reset,
  .min_access = 4,
  .max_access = 4,
  .vmstate = &pvm_goldfish_rtc_vmstate,
};

static gboolean
rtc_post_load (void *obj, GError **error)
{
  PvmGoldfishRtc *rtc = obj;

  if (rtc->irq_enabled > 1) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                 "field 'irq_enabled' holds 0x%x, out of range", rtc->irq_enabled);
    return FALSE;
  }
  g_mutex_lock (&rtc->lock);
  rtc_check_alarm (rtc);
  rtc_update (rtc, true);
  g_mutex_unlock (&rtc->lock);
  return TRUE;
}

static const PvmVmField rtc_fields[] = {
  PVM_VM_I64 (PvmGoldfishRtc, offset_ns),
  PVM_VM_U32 (PvmGoldfishRtc, time_high),
  PVM_VM_U64 (PvmGoldfishRtc, alarm_ns),
  PVM_VM_U32 (PvmGoldfishRtc, alarm_high),
  PVM_VM_BOOL (PvmGoldfishRtc, alarm_running),
  PVM_VM_BOOL (PvmGoldfishRtc, irq_pending),
  PVM_VM_U32 (PvmGoldfishRtc, irq_enabled),
  PVM_VM_END,
};

const PvmVmState pvm_goldfish_rtc_vmstate = {
  .name = "goldfish-rtc",
  .version = 1,
  .min_version = 1,
  .fields = rtc_fields,
  .post_load = rtc_post_load,
};

/* guest-error.c: the rate-limited log of guest errors.
 *
 * A token bucket: a burst of GUEST_ERROR_BURST messages, then GUEST_ERROR_RATE a second. The
 * limiter is process state, not VM state: it bounds what a misbehaving guest can write to the
 * VMM's log, and does not change how any device behaves.
 */
#include "hv/machine/guest-error.h"

#include <glib.h>
#include <stdarg.h>

#define GUEST_ERROR_BURST 200
#define GUEST_ERROR_RATE 20 /* messages per second once the burst is spent */

typedef struct {
  GMutex lock;
  gint64 last_refill_us; /* 0 before the first message */
  unsigned tokens;
  unsigned suppressed;
} GuestErrorLimit;

static GuestErrorLimit guest_error_limit;

/* Takes a token; returns FALSE if none is left. Sets *@suppressed to the number of messages
 * dropped since the last one that passed. */
static gboolean
guest_error_take (unsigned *suppressed)
{
  GuestErrorLimit *l = &guest_error_limit;
  gboolean ok;

  g_mutex_lock (&l->lock);
  gint64 now = g_get_monotonic_time ();
  if (l->last_refill_us == 0) {
    l->tokens = GUEST_ERROR_BURST;
    l->last_refill_us = now;
  } else if (now - l->last_refill_us >= G_USEC_PER_SEC / GUEST_ERROR_RATE) {
    gint64 add = (now - l->last_refill_us) / (G_USEC_PER_SEC / GUEST_ERROR_RATE);
    l->tokens = (unsigned) MIN ((gint64) l->tokens + add, GUEST_ERROR_BURST);
    l->last_refill_us += add * (G_USEC_PER_SEC / GUEST_ERROR_RATE);
  }
  ok = l->tokens > 0;
  if (ok) {
    l->tokens--;
    *suppressed = l->suppressed;
    l->suppressed = 0;
  } else {
    l->suppressed++;
  }
  g_mutex_unlock (&l->lock);
  return ok;
}

void
pvm_guest_error (const char *format, ...)
{
  unsigned suppressed;
  va_list ap;

  if (!guest_error_take (&suppressed))
    return;
  if (suppressed)
    g_log (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, "%u guest errors were not logged",
           suppressed);
  va_start (ap, format);
  g_logv (PVM_GUEST_ERROR_DOMAIN, G_LOG_LEVEL_MESSAGE, format, ap);
  va_end (ap);
}

/* pvm-stats-sampler.h: a running machine's counters (Domain.GetStats), read once a second
 * while the sampler is active, turned into rates: each reading after the first gives a
 * PvmStatsSample through the "sample" signal. */
#pragma once

#include <gio/gio.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

/* What the machine did between two readings. */
typedef struct {
  double cpu;               /* CPU time used over the time passed, per virtual CPU: 0 = idle,
                               1 = every virtual CPU busy (the VMM's own threads may push it
                               a little over) */
  guint64 memory_rss_bytes; /* the VMM process's resident memory, at the second reading */
  guint64 memory_bytes;     /* the guest's RAM size */
  double disk_read_rate;    /* bytes per second */
  double disk_write_rate;
  double net_rx_rate;
  double net_tx_rate;
} PvmStatsSample;

#define PVM_STATS_SAMPLER_INTERVAL_S 1

#define PVM_TYPE_STATS_SAMPLER (pvm_stats_sampler_get_type ())
G_DECLARE_FINAL_TYPE (PvmStatsSampler, pvm_stats_sampler, PVM, STATS_SAMPLER, GObject)

/* Returns a new, inactive sampler of @domain. */
PvmStatsSampler *pvm_stats_sampler_new (PvmDomain *domain);

/* Starts reading (at once, then every PVM_STATS_SAMPLER_INTERVAL_S) or stops. Stopping
 * cancels the call under way and forgets the last reading, so that the first sample after a
 * new start spans one interval only. Reading asynchronously; never blocks. A failed reading
 * (the machine stopped in between) is skipped and logged at debug level. */
void pvm_stats_sampler_set_active (PvmStatsSampler *self, gboolean active);

/* Returns whether the sampler reads. */
gboolean pvm_stats_sampler_get_active (PvmStatsSampler *self);

G_END_DECLS

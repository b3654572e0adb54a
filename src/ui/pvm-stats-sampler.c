/* pvm-stats-sampler.c: Domain.GetStats once a second, and the rates between two readings.
 *
 * One call is under way at most: a tick that finds the previous call unanswered is skipped.
 * A counter that went down (a new VMM after a restart) gives no rate; the next one does. */
#include "pvm-stats-sampler.h"

struct _PvmStatsSampler {
  GObject parent_instance;

  PvmDomain *domain;
  guint timer;
  GCancellable *cancellable; /* while a GetStats is under way */

  /* The previous reading; time_ns 0: none. */
  guint64 time_ns, cpu_ns, disk_read, disk_write, net_rx, net_tx;
};

G_DEFINE_FINAL_TYPE (PvmStatsSampler, pvm_stats_sampler, G_TYPE_OBJECT)

enum {
  SIGNAL_SAMPLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The rate of a counter that went from @before to @now over @seconds; 0 if it went down. */
static double
sampler_rate (guint64 before, guint64 now, double seconds)
{
  return now >= before ? (double) (now - before) / seconds : 0.0;
}

static guint64
sampler_lookup (GVariant *stats, const char *key)
{
  guint64 value = 0;

  g_variant_lookup (stats, key, "t", &value);
  return value;
}

static void
sampler_on_stats (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GVariant) stats = NULL;
  g_autoptr (GError) error = NULL;
  PvmStatsSampler *self;
  guint64 time_ns, cpu_ns;

  if (!pvm_domain_call_get_stats_finish (PVM_DOMAIN (source), &stats, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* stopped, or gone */
  self = PVM_STATS_SAMPLER (data);
  g_clear_object (&self->cancellable);
  if (!stats) {
    /* The machine stopped in between, or pvmd went away: its State says so. */
    g_debug ("No statistics for %s: %s", pvm_domain_get_name (self->domain), error->message);
    return;
  }
  if (!g_variant_lookup (stats, "timestamp-ns", "t", &time_ns) ||
      !g_variant_lookup (stats, "cpu-time-ns", "t", &cpu_ns))
    return;

  if (self->time_ns && time_ns > self->time_ns && cpu_ns >= self->cpu_ns) {
    double seconds = (double) (time_ns - self->time_ns) / 1e9;
    guint vcpus = MAX (pvm_domain_get_vcpus (self->domain), 1);
    PvmStatsSample sample = {
      .cpu = (double) (cpu_ns - self->cpu_ns) / (double) (time_ns - self->time_ns) / vcpus,
      .memory_rss_bytes = sampler_lookup (stats, "memory-rss-bytes"),
      .memory_bytes = sampler_lookup (stats, "memory-bytes"),
      .disk_read_rate =
        sampler_rate (self->disk_read, sampler_lookup (stats, "disk-read-bytes"), seconds),
      .disk_write_rate =
        sampler_rate (self->disk_write, sampler_lookup (stats, "disk-write-bytes"), seconds),
      .net_rx_rate = sampler_rate (self->net_rx, sampler_lookup (stats, "net-rx-bytes"), seconds),
      .net_tx_rate = sampler_rate (self->net_tx, sampler_lookup (stats, "net-tx-bytes"), seconds),
    };
    g_signal_emit (self, signals[SIGNAL_SAMPLE], 0, &sample);
  }
  self->time_ns = time_ns;
  self->cpu_ns = cpu_ns;
  self->disk_read = sampler_lookup (stats, "disk-read-bytes");
  self->disk_write = sampler_lookup (stats, "disk-write-bytes");
  self->net_rx = sampler_lookup (stats, "net-rx-bytes");
  self->net_tx = sampler_lookup (stats, "net-tx-bytes");
}

static gboolean
sampler_poll (gpointer data)
{
  PvmStatsSampler *self = PVM_STATS_SAMPLER (data);

  if (!self->cancellable) {
    self->cancellable = g_cancellable_new ();
    pvm_domain_call_get_stats (self->domain, self->cancellable, sampler_on_stats, self);
  }
  return G_SOURCE_CONTINUE;
}

PvmStatsSampler *
pvm_stats_sampler_new (PvmDomain *domain)
{
  PvmStatsSampler *self;

  g_return_val_if_fail (PVM_IS_DOMAIN (domain), NULL);
  self = g_object_new (PVM_TYPE_STATS_SAMPLER, NULL);
  self->domain = g_object_ref (domain);
  return self;
}

void
pvm_stats_sampler_set_active (PvmStatsSampler *self, gboolean active)
{
  g_return_if_fail (PVM_IS_STATS_SAMPLER (self));

  if (active == pvm_stats_sampler_get_active (self))
    return;
  if (active) {
    self->timer = g_timeout_add_seconds (PVM_STATS_SAMPLER_INTERVAL_S, sampler_poll, self);
    sampler_poll (self);
    return;
  }
  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->time_ns = 0;
}

gboolean
pvm_stats_sampler_get_active (PvmStatsSampler *self)
{
  g_return_val_if_fail (PVM_IS_STATS_SAMPLER (self), FALSE);
  return self->timer != 0;
}

static void
pvm_stats_sampler_dispose (GObject *object)
{
  PvmStatsSampler *self = PVM_STATS_SAMPLER (object);

  pvm_stats_sampler_set_active (self, FALSE);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (pvm_stats_sampler_parent_class)->dispose (object);
}

static void
pvm_stats_sampler_class_init (PvmStatsSamplerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pvm_stats_sampler_dispose;

  /* PvmStatsSampler::sample: (const PvmStatsSample *sample), valid during the emission. */
  signals[SIGNAL_SAMPLE] = g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
pvm_stats_sampler_init (PvmStatsSampler *self)
{
}

/* pvm-details-performance.c: the graphs, fed by a PvmStatsSampler of the domain. A machine
 * that stops clears them: the next run starts a new minute. */
#include "pvm-details-performance.h"

#include <glib/gi18n.h>

#include "pvm-graph.h"
#include "pvm-stats-sampler.h"

#define PERFORMANCE_RATE_FLOOR (64.0 * 1024.0) /* the least top of a rate's scale, bytes/s */

struct _PvmDetailsPerformance {
  AdwBin parent_instance;

  PvmDomain *domain;
  PvmStatsSampler *sampler;
  gboolean active;

  GtkStack *stack;
  AdwStatusPage *off_page;
  PvmGraph *cpu_graph;
  PvmGraph *memory_graph;
  PvmGraph *disk_graph;
  PvmGraph *network_graph;
};

G_DEFINE_FINAL_TYPE (PvmDetailsPerformance, pvm_details_performance, ADW_TYPE_BIN)

/* "1.5 MiB/s"; newly allocated. */
static char *
performance_format_rate (double bytes_per_second)
{
  g_autofree char *size =
    g_format_size_full ((guint64) (bytes_per_second + 0.5), G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: a rate: %s is an amount of data such as "1.5 MiB". */
  return g_strdup_printf (_("%s/s"), size);
}

/* Shows the rate @a + @b in @graph, with @tooltip saying what the parts are. */
static void
performance_push_rate (PvmGraph *graph, double a, double b, const char *tooltip)
{
  g_autofree char *total = performance_format_rate (a + b);

  pvm_graph_push (graph, a + b, total);
  gtk_widget_set_tooltip_text (GTK_WIDGET (graph), tooltip);
}

static void
performance_on_sample (PvmStatsSampler *sampler, const PvmStatsSample *sample, gpointer data)
{
  PvmDetailsPerformance *self = PVM_DETAILS_PERFORMANCE (data);
  double cpu = MAX (sample->cpu, 0.0) * 100.0;
  g_autofree char *cpu_text = g_strdup_printf (_("%d %%"), (int) (cpu + 0.5));
  g_autofree char *rss =
    g_format_size_full (sample->memory_rss_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *ram = g_format_size_full (sample->memory_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *memory_tooltip =
    g_strdup_printf (_("%s resident on the host, for %s of guest memory"), rss, ram);

  pvm_graph_push (self->cpu_graph, cpu, cpu_text);
  if (sample->memory_bytes)
    pvm_graph_set_max (self->memory_graph, (double) sample->memory_bytes);
  pvm_graph_push (self->memory_graph, (double) sample->memory_rss_bytes, rss);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->memory_graph), memory_tooltip);
  g_autofree char *read = performance_format_rate (sample->disk_read_rate);
  g_autofree char *written = performance_format_rate (sample->disk_write_rate);
  g_autofree char *disk_tooltip = g_strdup_printf (_("Read %s, written %s"), read, written);
  g_autofree char *received = performance_format_rate (sample->net_rx_rate);
  g_autofree char *sent = performance_format_rate (sample->net_tx_rate);
  g_autofree char *network_tooltip = g_strdup_printf (_("Received %s, sent %s"), received, sent);

  performance_push_rate (self->disk_graph, sample->disk_read_rate, sample->disk_write_rate,
                         disk_tooltip);
  performance_push_rate (self->network_graph, sample->net_rx_rate, sample->net_tx_rate,
                         network_tooltip);
}

static void
performance_clear (PvmDetailsPerformance *self)
{
  PvmGraph *graphs[] = { self->cpu_graph, self->memory_graph, self->disk_graph,
                         self->network_graph };

  for (guint i = 0; i < G_N_ELEMENTS (graphs); i++) {
    pvm_graph_clear (graphs[i], "—");
    gtk_widget_set_tooltip_text (GTK_WIDGET (graphs[i]), NULL);
  }
}

static void
performance_update (PvmDetailsPerformance *self)
{
  const char *state = self->domain ? pvm_domain_get_state (self->domain) : NULL;
  const char *name = self->domain ? pvm_domain_get_name (self->domain) : NULL;
  gboolean live = g_strcmp0 (state, "running") == 0 || g_strcmp0 (state, "paused") == 0;
  g_autofree char *title = NULL;

  if (g_strcmp0 (state, "crashed") == 0)
    title = g_strdup_printf (_("“%s” Has Crashed"), name ? name : "");
  else
    title = g_strdup_printf (_("“%s” Is Off"), name ? name : "");
  adw_status_page_set_title (self->off_page, title);

  if (!live && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "graphs"))
    performance_clear (self);
  gtk_stack_set_visible_child_name (self->stack, live ? "graphs" : "off");
  if (self->sampler)
    pvm_stats_sampler_set_active (self->sampler, live && self->active);
}

static void
performance_on_domain_notify (GObject *domain, GParamSpec *pspec, gpointer data)
{
  performance_update (PVM_DETAILS_PERFORMANCE (data));
}

static void
performance_drop_domain (PvmDetailsPerformance *self)
{
  if (self->sampler) {
    g_signal_handlers_disconnect_by_data (self->sampler, self);
    pvm_stats_sampler_set_active (self->sampler, FALSE);
  }
  g_clear_object (&self->sampler);
  if (self->domain)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
}

void
pvm_details_performance_set_domain (PvmDetailsPerformance *self, PvmDomain *domain)
{
  g_return_if_fail (PVM_IS_DETAILS_PERFORMANCE (self));
  g_return_if_fail (domain == NULL || PVM_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;
  performance_drop_domain (self);
  performance_clear (self);
  if (domain) {
    self->domain = g_object_ref (domain);
    self->sampler = pvm_stats_sampler_new (domain);
    g_signal_connect (self->sampler, "sample", G_CALLBACK (performance_on_sample), self);
    g_signal_connect (domain, "notify::state", G_CALLBACK (performance_on_domain_notify), self);
    g_signal_connect (domain, "notify::name", G_CALLBACK (performance_on_domain_notify), self);
  }
  performance_update (self);
}

void
pvm_details_performance_set_active (PvmDetailsPerformance *self, gboolean active)
{
  g_return_if_fail (PVM_IS_DETAILS_PERFORMANCE (self));

  self->active = active;
  performance_update (self);
}

static void
pvm_details_performance_dispose (GObject *object)
{
  PvmDetailsPerformance *self = PVM_DETAILS_PERFORMANCE (object);

  performance_drop_domain (self);
  /* The stack is the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PVM_TYPE_DETAILS_PERFORMANCE);
  G_OBJECT_CLASS (pvm_details_performance_parent_class)->dispose (object);
}

static void
pvm_details_performance_class_init (PvmDetailsPerformanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_details_performance_dispose;

  g_type_ensure (PVM_TYPE_GRAPH);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pvm/Manager/ui/pvm-details-performance.ui");
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsPerformance, stack);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsPerformance, off_page);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsPerformance, cpu_graph);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsPerformance, memory_graph);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsPerformance, disk_graph);
  gtk_widget_class_bind_template_child (widget_class, PvmDetailsPerformance, network_graph);
}

static void
pvm_details_performance_init (PvmDetailsPerformance *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pvm_graph_set_max (self->cpu_graph, 100.0);
  pvm_graph_set_max (self->disk_graph, PERFORMANCE_RATE_FLOOR);
  pvm_graph_set_max (self->network_graph, PERFORMANCE_RATE_FLOOR);
  performance_clear (self);
}

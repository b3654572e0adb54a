/* pvm-sparkline.c: a chart of recent values, drawn with the snapshot API: one bar per sample,
 * over a faint baseline, in the CSS color of the "sparkline" node. */
#include "pvm-sparkline.h"

#include <math.h>

#define SPARKLINE_WIDTH 90  /* natural width, pixels */
#define SPARKLINE_MIN_WIDTH 40
#define SPARKLINE_HEIGHT 24

struct _PvmSparkline {
  GtkWidget parent_instance;

  double samples[PVM_SPARKLINE_SAMPLES]; /* a ring: the oldest at @first */
  guint first, n_samples;
};

G_DEFINE_FINAL_TYPE (PvmSparkline, pvm_sparkline, GTK_TYPE_WIDGET)

GtkWidget *
pvm_sparkline_new (void)
{
  return g_object_new (PVM_TYPE_SPARKLINE, NULL);
}

void
pvm_sparkline_push (PvmSparkline *self, double value)
{
  g_return_if_fail (PVM_IS_SPARKLINE (self));

  value = isnan (value) ? 0.0 : CLAMP (value, 0.0, 1.0);
  if (self->n_samples < PVM_SPARKLINE_SAMPLES) {
    self->samples[(self->first + self->n_samples) % PVM_SPARKLINE_SAMPLES] = value;
    self->n_samples++;
  } else {
    self->samples[self->first] = value;
    self->first = (self->first + 1) % PVM_SPARKLINE_SAMPLES;
  }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pvm_sparkline_clear (PvmSparkline *self)
{
  g_return_if_fail (PVM_IS_SPARKLINE (self));

  self->first = 0;
  self->n_samples = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pvm_sparkline_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL) {
    *minimum = SPARKLINE_MIN_WIDTH;
    *natural = SPARKLINE_WIDTH;
  } else {
    *minimum = *natural = SPARKLINE_HEIGHT;
  }
}

static void
pvm_sparkline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  PvmSparkline *self = PVM_SPARKLINE (widget);
  float width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  float step = width / PVM_SPARKLINE_SAMPLES;
  GdkRGBA color, baseline;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  baseline = color;
  baseline.alpha *= 0.2f;
  gtk_snapshot_append_color (snapshot, &baseline, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  /* The newest sample at the right edge, the older ones to its left. */
  for (guint i = 0; i < self->n_samples; i++) {
    double value = self->samples[(self->first + i) % PVM_SPARKLINE_SAMPLES];
    float x = width - (self->n_samples - i) * step;
    float h = (float) value * height;

    if (value > 0.0)
      h = MAX (h, 1.0f);
    if (h > 0.0f)
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (x, height - h, step, h));
  }
}

static void
pvm_sparkline_class_init (PvmSparklineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = pvm_sparkline_measure;
  widget_class->snapshot = pvm_sparkline_snapshot;
  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pvm_sparkline_init (PvmSparkline *self)
{
}

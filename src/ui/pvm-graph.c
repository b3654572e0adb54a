/* pvm-graph.c: a line graph drawn with the snapshot API (the line and the area under it with
 * cairo, in the CSS color of the "graph" node), below a header of two labels: the title and
 * the current value. */
#include "pvm-graph.h"

#include <glib/gi18n.h>
#include <math.h>

#define GRAPH_PLOT_MIN_HEIGHT 64
#define GRAPH_PLOT_HEIGHT 96
#define GRAPH_MIN_WIDTH 160
#define GRAPH_WIDTH 280
#define GRAPH_SPACING 6 /* between the header and the plot */

struct _PvmGraph {
  GtkWidget parent_instance;

  GtkWidget *header;
  GtkLabel *title_label;
  GtkLabel *value_label;

  double max;
  double samples[PVM_GRAPH_SAMPLES]; /* a ring: the oldest at @first */
  guint first, n_samples;
};

G_DEFINE_FINAL_TYPE (PvmGraph, pvm_graph, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_MAX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
graph_update_accessible (PvmGraph *self)
{
  const char *title = gtk_label_get_label (self->title_label);
  const char *value = gtk_label_get_label (self->value_label);
  g_autofree char *label =
    /* Translators: a graph's accessible name: its title, then its latest value ("CPU: 12 %"). */
    *value ? g_strdup_printf (_("%s: %s"), title, value) : g_strdup (title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

GtkWidget *
pvm_graph_new (const char *title)
{
  return g_object_new (PVM_TYPE_GRAPH, "title", title, NULL);
}

void
pvm_graph_set_title (PvmGraph *self, const char *title)
{
  g_return_if_fail (PVM_IS_GRAPH (self));

  gtk_label_set_label (self->title_label, title ? title : "");
  graph_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
pvm_graph_set_max (PvmGraph *self, double max)
{
  g_return_if_fail (PVM_IS_GRAPH (self));

  max = isnan (max) ? 1e-9 : MAX (max, 1e-9);
  if (self->max == max)
    return;
  self->max = max;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
}

void
pvm_graph_push (PvmGraph *self, double value, const char *text)
{
  g_return_if_fail (PVM_IS_GRAPH (self));

  value = isnan (value) ? 0.0 : MAX (value, 0.0);
  if (self->n_samples < PVM_GRAPH_SAMPLES) {
    self->samples[(self->first + self->n_samples) % PVM_GRAPH_SAMPLES] = value;
    self->n_samples++;
  } else {
    self->samples[self->first] = value;
    self->first = (self->first + 1) % PVM_GRAPH_SAMPLES;
  }
  gtk_label_set_label (self->value_label, text ? text : "");
  graph_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pvm_graph_clear (PvmGraph *self, const char *text)
{
  g_return_if_fail (PVM_IS_GRAPH (self));

  self->first = 0;
  self->n_samples = 0;
  gtk_label_set_label (self->value_label, text ? text : "");
  graph_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
pvm_graph_get_n_samples (PvmGraph *self)
{
  g_return_val_if_fail (PVM_IS_GRAPH (self), 0);
  return self->n_samples;
}

/* The top of the scale: the least maximum, or above the highest sample the next 1, 2 or 5
 * times a power of ten. */
static double
graph_scale_top (PvmGraph *self)
{
  double highest = 0.0;

  for (guint i = 0; i < self->n_samples; i++)
    highest = MAX (highest, self->samples[i]);
  if (highest <= self->max)
    return self->max;

  double power = 1.0;
  while (power * 10.0 <= highest)
    power *= 10.0;
  while (power > highest)
    power /= 10.0;
  if (highest <= power)
    return power;
  if (highest <= 2.0 * power)
    return 2.0 * power;
  if (highest <= 5.0 * power)
    return 5.0 * power;
  return 10.0 * power;
}

static int
graph_header_height (PvmGraph *self, int width)
{
  int minimum, natural;

  gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL,
                      NULL);
  return natural;
}

static void
pvm_graph_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                   int *natural, int *minimum_baseline, int *natural_baseline)
{
  PvmGraph *self = PVM_GRAPH (widget);
  int header_minimum, header_natural;

  gtk_widget_measure (self->header, orientation, -1, &header_minimum, &header_natural, NULL,
                      NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL) {
    *minimum = MAX (header_minimum, GRAPH_MIN_WIDTH);
    *natural = MAX (header_natural, GRAPH_WIDTH);
  } else {
    *minimum = header_natural + GRAPH_SPACING + GRAPH_PLOT_MIN_HEIGHT;
    *natural = header_natural + GRAPH_SPACING + GRAPH_PLOT_HEIGHT;
  }
}

static void
pvm_graph_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  PvmGraph *self = PVM_GRAPH (widget);

  gtk_widget_allocate (self->header, width, graph_header_height (self, width), -1, NULL);
}

static void
pvm_graph_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  PvmGraph *self = PVM_GRAPH (widget);
  float width = gtk_widget_get_width (widget);
  float top = graph_header_height (self, (int) width) + GRAPH_SPACING;
  float height = gtk_widget_get_height (widget) - top;
  double scale = graph_scale_top (self);
  double step = width / (PVM_GRAPH_SAMPLES - 1);
  GdkRGBA color, faint;
  cairo_t *cr;

  gtk_widget_snapshot_child (widget, self->header, snapshot);
  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  faint = color;
  faint.alpha *= 0.15f;
  /* A frame of four lines, and lines at a quarter, half and three quarters of the scale. */
  for (int i = 0; i <= 4; i++)
    gtk_snapshot_append_color (snapshot, &faint,
                               &GRAPHENE_RECT_INIT (0, top + (int) ((height - 1) * i / 4.0f + 0.5f),
                                                    width, 1));
  gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, top, 1, height));
  gtk_snapshot_append_color (snapshot, &faint,
                             &GRAPHENE_RECT_INIT (width - 1, top, 1, height));
  if (self->n_samples == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, top, width, height));
  cairo_translate (cr, 0, top);
  /* The newest sample at the right edge, the older ones to its left. */
  for (guint i = 0; i < self->n_samples; i++) {
    double value = self->samples[(self->first + i) % PVM_GRAPH_SAMPLES];
    double x = width - (self->n_samples - 1 - i) * step;
    double y = 1.0 + (height - 2.0) * (1.0 - MIN (value / scale, 1.0));

    if (i == 0)
      cairo_move_to (cr, x, y);
    else
      cairo_line_to (cr, x, y);
  }
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_stroke_preserve (cr);
  cairo_line_to (cr, width, height);
  cairo_line_to (cr, width - (self->n_samples - 1) * step, height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.2);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
pvm_graph_dispose (GObject *object)
{
  PvmGraph *self = PVM_GRAPH (object);

  g_clear_pointer (&self->header, gtk_widget_unparent);
  G_OBJECT_CLASS (pvm_graph_parent_class)->dispose (object);
}

static void
pvm_graph_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PvmGraph *self = PVM_GRAPH (object);

  switch (prop_id) {
  case PROP_TITLE:
    g_value_set_string (value, gtk_label_get_label (self->title_label));
    break;
  case PROP_MAX:
    g_value_set_double (value, self->max);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_graph_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PvmGraph *self = PVM_GRAPH (object);

  switch (prop_id) {
  case PROP_TITLE:
    pvm_graph_set_title (self, g_value_get_string (value));
    break;
  case PROP_MAX:
    pvm_graph_set_max (self, g_value_get_double (value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_graph_class_init (PvmGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pvm_graph_dispose;
  object_class->get_property = pvm_graph_get_property;
  object_class->set_property = pvm_graph_set_property;
  widget_class->measure = pvm_graph_measure;
  widget_class->size_allocate = pvm_graph_size_allocate;
  widget_class->snapshot = pvm_graph_snapshot;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX] = g_param_spec_double ("max", NULL, NULL, 1e-9, G_MAXDOUBLE, 1.0,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pvm_graph_init (PvmGraph *self)
{
  self->max = 1.0;
  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->header, "graph-header");
  self->title_label = g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f, "hexpand", TRUE,
                                    "ellipsize", PANGO_ELLIPSIZE_END, "accessible-role",
                                    GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  self->value_label = g_object_new (GTK_TYPE_LABEL, "xalign", 1.0f, "accessible-role",
                                    GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "numeric");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->value_label));
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
}

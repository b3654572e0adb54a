/* pvm-sparkline.h: a small chart of the last PVM_SPARKLINE_SAMPLES values between 0 and 1,
 * newest on the right, drawn as bars in the widget's foreground color. Its accessible role is
 * an image; the caller gives it the label that says what it shows ("CPU 12 %"). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How many samples the chart keeps; older ones scroll out on the left. */
#define PVM_SPARKLINE_SAMPLES 60

#define PVM_TYPE_SPARKLINE (pvm_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (PvmSparkline, pvm_sparkline, PVM, SPARKLINE, GtkWidget)

/* Returns a new, empty chart. */
GtkWidget *pvm_sparkline_new (void);

/* Appends @value (clamped to 0..1; NaN counts as 0) as the newest sample, dropping the oldest
 * once PVM_SPARKLINE_SAMPLES are kept, and redraws. */
void pvm_sparkline_push (PvmSparkline *self, double value);

/* Forgets every sample and redraws an empty chart. */
void pvm_sparkline_clear (PvmSparkline *self);

G_END_DECLS

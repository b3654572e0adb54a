/* pvm-graph.h: a line graph of the last PVM_GRAPH_SAMPLES values (one a second: the last
 * minute), newest on the right, under a title and a label with the current value. Its
 * accessible role is an image, labelled with the title and the current value ("CPU: 12 %"). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How many samples the graph keeps; older ones scroll out on the left. */
#define PVM_GRAPH_SAMPLES 60

#define PVM_TYPE_GRAPH (pvm_graph_get_type ())
G_DECLARE_FINAL_TYPE (PvmGraph, pvm_graph, PVM, GRAPH, GtkWidget)

/* Returns a new, empty graph titled @title. */
GtkWidget *pvm_graph_new (const char *title);

/* Sets the title shown above the graph (and first in its accessible label). */
void pvm_graph_set_title (PvmGraph *self, const char *title);

/* Sets the least value the top of the scale shows (at least 1e-9): the scale goes from 0 to
 * @max, or higher when a sample is higher (up to the next 1, 2 or 5 times a power of ten).
 * Redraws. */
void pvm_graph_set_max (PvmGraph *self, double max);

/* Appends @value (NaN and values below 0 count as 0) as the newest sample, dropping the
 * oldest once PVM_GRAPH_SAMPLES are kept, shows @text as the current value and redraws. */
void pvm_graph_push (PvmGraph *self, double value, const char *text);

/* Forgets every sample and shows @text (or nothing, if NULL) as the current value. */
void pvm_graph_clear (PvmGraph *self, const char *text);

/* Returns the number of samples the graph holds. */
guint pvm_graph_get_n_samples (PvmGraph *self);

G_END_DECLS

/* pvm-details-performance.h: the Performance page of the details window — four graphs of the
 * last minute (CPU use, resident memory, disk and network rates) while the machine runs or is
 * paused, a status page saying so while it does not. */
#pragma once

#include <adwaita.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_DETAILS_PERFORMANCE (pvm_details_performance_get_type ())
G_DECLARE_FINAL_TYPE (PvmDetailsPerformance, pvm_details_performance, PVM, DETAILS_PERFORMANCE,
                      AdwBin)

/* Shows @domain (or nothing, if NULL), following its State; the graphs start empty. */
void pvm_details_performance_set_domain (PvmDetailsPerformance *self, PvmDomain *domain);

/* Says whether the page may read the machine's counters (its window is shown): it reads them
 * once a second while active and the machine runs or is paused. Never blocks. */
void pvm_details_performance_set_active (PvmDetailsPerformance *self, gboolean active);

G_END_DECLS

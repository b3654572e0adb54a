/* irq.h: an interrupt line from a device to an interrupt controller. */
#pragma once

#include <stdbool.h>

typedef struct {
  void (*set) (void *controller, unsigned line, bool level);
  void *controller;
  unsigned line;
} PvmIrqLine;

/* Drives @irq to @level. A line that is not connected does nothing. Safe from any thread. */
static inline void
pvm_irq_set (const PvmIrqLine *irq, bool level)
{
  if (irq->set)
    irq->set (irq->controller, irq->line, level);
}

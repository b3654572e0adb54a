/* bus.h: the guest physical address space — RAM and ROM regions with host memory, and
 * device regions reached through their ops. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct PvmVmState PvmVmState;

/* One device model's entry points. The bus calls read/write only with an access size in
 * [min_access, max_access] (bytes, powers of two) at an offset aligned to that size, and with
 * offset + size <= the region's size; any other access is logged as a guest error, reads as 0
 * and writes nothing. Devices lock themselves: harts call them concurrently. */
typedef struct {
  const char *name;
  uint64_t (*read) (void *dev, uint64_t offset, unsigned size);
  void (*write) (void *dev, uint64_t offset, uint64_t value, unsigned size);
  void (*reset) (void *dev);
  unsigned min_access, max_access;
  const PvmVmState *vmstate;
} PvmDeviceOps;

typedef struct {
  uint64_t base, size;
  const PvmDeviceOps *ops; /* NULL for memory */
  void *dev;
  uint8_t *host; /* memory: host address of base */
  bool readonly; /* memory: ROM (guest stores raise an access fault) */
  unsigned order; /* how many regions were added before this one (reset order) */
} PvmBusRegion;

#define PVM_BUS_MAX_REGIONS 32

typedef struct {
  PvmBusRegion regions[PVM_BUS_MAX_REGIONS];
  unsigned n_regions;
} PvmBus;

#define PVM_BUS_ERROR (pvm_bus_error_quark ())
GQuark pvm_bus_error_quark (void);

typedef enum {
  PVM_BUS_ERROR_OVERLAP, /* the range overlaps a region already mapped */
  PVM_BUS_ERROR_FULL,    /* PVM_BUS_MAX_REGIONS are mapped */
  PVM_BUS_ERROR_INVALID, /* an empty range, or one that wraps past the top of the space */
} PvmBusError;

/* Errors of device constructors. */
#define PVM_DEVICE_ERROR (pvm_device_error_quark ())
GQuark pvm_device_error_quark (void);

typedef enum {
  PVM_DEVICE_ERROR_CONFIG, /* the machine or the arguments do not suit the device */
} PvmDeviceError;

/* Maps device @dev with @ops at [@base, @base + @size). Returns FALSE with @error if the range
 * overlaps another region or the table is full. */
gboolean pvm_bus_add_device (PvmBus *bus, uint64_t base, uint64_t size, const PvmDeviceOps *ops,
                             void *dev, GError **error);

/* Maps host memory @host at [@base, @base + @size), read-only if @readonly. Same failures.
 * Accesses must lie wholly inside the region; values are little-endian in @host. */
gboolean pvm_bus_add_memory (PvmBus *bus, uint64_t base, uint64_t size, uint8_t *host,
                             bool readonly, GError **error);

/* Returns the region that contains guest physical address @pa, or NULL. A binary search over
 * the regions, kept sorted by base; never allocates or locks. */
const PvmBusRegion *pvm_bus_find (const PvmBus *bus, uint64_t pa);

/* Reads @size bytes (1, 2, 4, 8) at @pa, which may be RAM or a device, into @out.
 * Returns 0, or -1 if nothing is mapped at @pa (the caller raises an access fault). */
int pvm_bus_read (const PvmBus *bus, uint64_t pa, unsigned size, uint64_t *out);

/* Writes @size bytes at @pa. Returns 0, or -1 if nothing writable is mapped there. */
int pvm_bus_write (const PvmBus *bus, uint64_t pa, unsigned size, uint64_t value);

/* Calls every device's reset, in the order the devices were added. */
void pvm_bus_reset (const PvmBus *bus);

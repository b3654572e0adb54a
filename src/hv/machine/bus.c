/* bus.c: the guest physical address space — a sorted table of regions, RAM/ROM read and
 * written in place, devices reached through their ops after the access checks. */
#include "hv/machine/bus.h"

#include <string.h>

#include "hv/machine/guest-error.h"

G_DEFINE_QUARK (pvm-bus-error-quark, pvm_bus_error)
G_DEFINE_QUARK (pvm-device-error-quark, pvm_device_error)

static gboolean
bus_add (PvmBus *bus, const PvmBusRegion *region, GError **error)
{
  uint64_t last = region->base + region->size - 1;
  unsigned i;

  if (region->size == 0 || last < region->base) {
    g_set_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_INVALID,
                 "Cannot map [0x%" G_GINT64_MODIFIER "x, +0x%" G_GINT64_MODIFIER
                 "x): the range is empty or wraps", region->base, region->size);
    return FALSE;
  }
  if (bus->n_regions == PVM_BUS_MAX_REGIONS) {
    g_set_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_FULL,
                 "Cannot map 0x%" G_GINT64_MODIFIER "x: the bus already has %u regions",
                 region->base, PVM_BUS_MAX_REGIONS);
    return FALSE;
  }
  for (i = 0; i < bus->n_regions; i++) {
    const PvmBusRegion *r = &bus->regions[i];
    if (region->base <= r->base + (r->size - 1) && r->base <= last) {
      g_set_error (error, PVM_BUS_ERROR, PVM_BUS_ERROR_OVERLAP,
                   "Cannot map [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER
                   "x]: it overlaps [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x]",
                   region->base, last, r->base, r->base + (r->size - 1));
      return FALSE;
    }
  }
  for (i = 0; i < bus->n_regions && bus->regions[i].base < region->base; i++)
    ;
  memmove (&bus->regions[i + 1], &bus->regions[i],
           (bus->n_regions - i) * sizeof (PvmBusRegion));
  bus->regions[i] = *region;
  bus->regions[i].order = bus->n_regions;
  bus->n_regions++;
  return TRUE;
}

gboolean
pvm_bus_add_device (PvmBus *bus, uint64_t base, uint64_t size, const PvmDeviceOps *ops,
                    void *dev, GError **error)
{
  PvmBusRegion region = { .base = base, .size = size, .ops = ops, .dev = dev };

  g_return_val_if_fail (ops != NULL, FALSE);
  return bus_add (bus, &region, error);
}

gboolean
pvm_bus_add_memory (PvmBus *bus, uint64_t base, uint64_t size, uint8_t *host, bool readonly,
                    GError **error)
{
  PvmBusRegion region = { .base = base, .size = size, .host = host, .readonly = readonly };

  g_return_val_if_fail (host != NULL, FALSE);
  return bus_add (bus, &region, error);
}

const PvmBusRegion *
pvm_bus_find (const PvmBus *bus, uint64_t pa)
{
  unsigned lo = 0, hi = bus->n_regions;

  /* The first region whose base is above pa; the one before it may contain pa. */
  while (lo < hi) {
    unsigned mid = (lo + hi) / 2;
    if (bus->regions[mid].base <= pa)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return NULL;
  const PvmBusRegion *r = &bus->regions[lo - 1];
  return pa - r->base < r->size ? r : NULL;
}

static uint64_t
size_mask (unsigned size)
{
  return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static gboolean
valid_size (unsigned size)
{
  return size == 1 || size == 2 || size == 4 || size == 8;
}

/* Whether the access fits the device's rules; logs a guest error if not. */
static gboolean
device_access_ok (const PvmBusRegion *r, uint64_t offset, unsigned size, const char *what)
{
  const PvmDeviceOps *ops = r->ops;

  if (valid_size (size) && size >= ops->min_access && size <= ops->max_access &&
      (offset & (size - 1)) == 0 && size <= r->size && offset <= r->size - size)
    return TRUE;
  pvm_guest_error ("%s: %u-byte %s at offset 0x%" G_GINT64_MODIFIER "x is not allowed",
                   ops->name, size, what, offset);
  return FALSE;
}

static gboolean
memory_access_ok (const PvmBusRegion *r, uint64_t offset, unsigned size)
{
  return valid_size (size) && size <= r->size && offset <= r->size - size;
}

int
pvm_bus_read (const PvmBus *bus, uint64_t pa, unsigned size, uint64_t *out)
{
  const PvmBusRegion *r = pvm_bus_find (bus, pa);

  if (!r)
    return -1;
  uint64_t offset = pa - r->base;
  if (!r->ops) {
    if (!memory_access_ok (r, offset, size))
      return -1;
    uint8_t b[8] = { 0 };
    memcpy (b, r->host + offset, size);
    *out = (uint64_t) b[0] | (uint64_t) b[1] << 8 | (uint64_t) b[2] << 16 |
           (uint64_t) b[3] << 24 | (uint64_t) b[4] << 32 | (uint64_t) b[5] << 40 |
           (uint64_t) b[6] << 48 | (uint64_t) b[7] << 56;
    return 0;
  }
  *out = 0;
  if (device_access_ok (r, offset, size, "read") && r->ops->read)
    *out = r->ops->read (r->dev, offset, size) & size_mask (size);
  return 0;
}

int
pvm_bus_write (const PvmBus *bus, uint64_t pa, unsigned size, uint64_t value)
{
  const PvmBusRegion *r = pvm_bus_find (bus, pa);

  if (!r)
    return -1;
  uint64_t offset = pa - r->base;
  value &= valid_size (size) ? size_mask (size) : 0;
  if (!r->ops) {
    if (r->readonly || !memory_access_ok (r, offset, size))
      return -1;
    uint8_t b[8];
    for (unsigned i = 0; i < 8; i++)
      b[i] = (uint8_t) (value >> (8 * i));
    memcpy (r->host + offset, b, size);
    return 0;
  }
  if (device_access_ok (r, offset, size, "write") && r->ops->write)
    r->ops->write (r->dev, offset, value, size);
  return 0;
}

void
pvm_bus_reset (const PvmBus *bus)
{
  for (unsigned order = 0; order < bus->n_regions; order++) {
    for (unsigned i = 0; i < bus->n_regions; i++) {
      const PvmBusRegion *r = &bus->regions[i];
      if (r->order == order && r->ops && r->ops->reset)
        r->ops->reset (r->dev);
    }
  }
}

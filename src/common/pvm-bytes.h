/* pvm-bytes.h: little-endian fields in byte buffers (guest memory, images, device
 * registers) and power-of-two alignment — the helpers every part of pvm needs alike. */
#pragma once

#include <stdint.h>

/* Returns the @width-byte (1 to 8) little-endian value at @p, whatever its alignment. */
static inline uint64_t
pvm_le_get (const void *p, unsigned width)
{
  const uint8_t *b = p;
  uint64_t v = 0;

  for (unsigned i = 0; i < width; i++)
    v |= (uint64_t) b[i] << (8 * i);
  return v;
}

/* Stores the low @width bytes (1 to 8) of @v at @p, little-endian, whatever its alignment. */
static inline void
pvm_le_put (void *p, uint64_t v, unsigned width)
{
  uint8_t *b = p;

  for (unsigned i = 0; i < width; i++)
    b[i] = (uint8_t) (v >> (8 * i));
}

/* Returns @v rounded up to a multiple of @align, a power of two. */
static inline uint64_t
pvm_align_up (uint64_t v, uint64_t align)
{
  return (v + align - 1) & ~(align - 1);
}

/* Returns @v rounded down to a multiple of @align, a power of two. */
static inline uint64_t
pvm_align_down (uint64_t v, uint64_t align)
{
  return v & ~(align - 1);
}

/* exec-b.h: the operations of the bit-manipulation extensions Zba, Zbb and Zbs. */
#pragma once

#include "hv/cpu/exec-int-private.h"

/* Zba: address generation. */
PVM_EXEC_INT_RR (add_uw, b + (uint32_t) a)
PVM_EXEC_INT_RR (sh1add, b + (a << 1))
PVM_EXEC_INT_RR (sh2add, b + (a << 2))
PVM_EXEC_INT_RR (sh3add, b + (a << 3))
PVM_EXEC_INT_RR (sh1add_uw, b + ((uint64_t) (uint32_t) a << 1))
PVM_EXEC_INT_RR (sh2add_uw, b + ((uint64_t) (uint32_t) a << 2))
PVM_EXEC_INT_RR (sh3add_uw, b + ((uint64_t) (uint32_t) a << 3))
PVM_EXEC_INT_RI (slli_uw, (uint64_t) (uint32_t) a << (i & 63))

static inline uint64_t
rotr64 (uint64_t v, unsigned s)
{
  return (v >> (s & 63)) | (v << (-s & 63));
}

static inline uint64_t
rotr32 (uint64_t v, unsigned s)
{
  uint32_t w = (uint32_t) v;

  return exec_sext32 ((w >> (s & 31)) | (w << (-s & 31)));
}

/* Each byte of @v becomes 0xff if it is nonzero, 0 otherwise. */
static inline uint64_t
orc_bytes (uint64_t v)
{
  const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
  uint64_t high = ((v & low7) + low7) | v;

  return ((high >> 7) & 0x0101010101010101ull) * 0xff;
}

/* Zbb: basic bit manipulation. */
PVM_EXEC_INT_RR (andn, a & ~b)
PVM_EXEC_INT_RR (orn, a | ~b)
PVM_EXEC_INT_RR (xnor, ~(a ^ b))
PVM_EXEC_INT_R1 (clz, a ? (uint64_t) __builtin_clzll (a) : 64)
PVM_EXEC_INT_R1 (clzw, (uint32_t) a ? (uint64_t) __builtin_clz ((uint32_t) a) : 32)
PVM_EXEC_INT_R1 (ctz, a ? (uint64_t) __builtin_ctzll (a) : 64)
PVM_EXEC_INT_R1 (ctzw, (uint32_t) a ? (uint64_t) __builtin_ctz ((uint32_t) a) : 32)
PVM_EXEC_INT_R1 (cpop, (uint64_t) __builtin_popcountll (a))
PVM_EXEC_INT_R1 (cpopw, (uint64_t) __builtin_popcount ((uint32_t) a))
PVM_EXEC_INT_RR (max, (int64_t) a > (int64_t) b ? a : b)
PVM_EXEC_INT_RR (maxu, a > b ? a : b)
PVM_EXEC_INT_RR (min, (int64_t) a < (int64_t) b ? a : b)
PVM_EXEC_INT_RR (minu, a < b ? a : b)
PVM_EXEC_INT_R1 (sext_b, (uint64_t) (int64_t) (int8_t) a)
PVM_EXEC_INT_R1 (sext_h, (uint64_t) (int64_t) (int16_t) a)
PVM_EXEC_INT_R1 (zext_h, (uint16_t) a)
PVM_EXEC_INT_RR (rol, rotr64 (a, (unsigned) -b))
PVM_EXEC_INT_RR (rolw, rotr32 (a, (unsigned) -b))
PVM_EXEC_INT_RR (ror, rotr64 (a, (unsigned) b))
PVM_EXEC_INT_RI (rori, rotr64 (a, (unsigned) i))
PVM_EXEC_INT_RI (roriw, rotr32 (a, (unsigned) i))
PVM_EXEC_INT_RR (rorw, rotr32 (a, (unsigned) b))
PVM_EXEC_INT_R1 (orc_b, orc_bytes (a))
PVM_EXEC_INT_R1 (rev8, __builtin_bswap64 (a))

/* Zbs: single-bit operations; the bit index is the low 6 bits of rs2 or the immediate. */
#define BIT(n) ((uint64_t) 1 << ((n) & 63))
PVM_EXEC_INT_RR (bclr, a & ~BIT (b))
PVM_EXEC_INT_RI (bclri, a & ~BIT (i))
PVM_EXEC_INT_RR (bext, (a >> (b & 63)) & 1)
PVM_EXEC_INT_RI (bexti, (a >> (i & 63)) & 1)
PVM_EXEC_INT_RR (binv, a ^ BIT (b))
PVM_EXEC_INT_RI (binvi, a ^ BIT (i))
PVM_EXEC_INT_RR (bset, a | BIT (b))
PVM_EXEC_INT_RI (bseti, a | BIT (i))
#undef BIT

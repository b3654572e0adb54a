/* exec-m.h: the operations of the M extension. Division never traps: by zero it gives all ones
 * (quotient) or the dividend (remainder), and the signed overflow case gives the dividend and 0. */
#pragma once

#include "hv/cpu/exec-int-private.h"

PVM_EXEC_INT_RR (mul, a * b)
PVM_EXEC_INT_RR (mulh, (uint64_t) (((__int128) (int64_t) a * (int64_t) b) >> 64))
PVM_EXEC_INT_RR (mulhsu, (uint64_t) (((__int128) (int64_t) a * (__int128) b) >> 64))
PVM_EXEC_INT_RR (mulhu, (uint64_t) (((unsigned __int128) a * b) >> 64))
PVM_EXEC_INT_RR (mulw, exec_sext32 (a * b))

static inline uint64_t
div64 (int64_t x, int64_t y)
{
  if (y == 0)
    return UINT64_MAX;
  if (x == INT64_MIN && y == -1)
    return (uint64_t) x;
  return (uint64_t) (x / y);
}

static inline uint64_t
rem64 (int64_t x, int64_t y)
{
  if (y == 0)
    return (uint64_t) x;
  if (x == INT64_MIN && y == -1)
    return 0;
  return (uint64_t) (x % y);
}

static inline uint64_t
div32 (int32_t x, int32_t y)
{
  if (y == 0)
    return UINT64_MAX;
  if (x == INT32_MIN && y == -1)
    return (uint64_t) (int64_t) x;
  return (uint64_t) (int64_t) (x / y);
}

static inline uint64_t
rem32 (int32_t x, int32_t y)
{
  if (y == 0)
    return (uint64_t) (int64_t) x;
  if (x == INT32_MIN && y == -1)
    return 0;
  return (uint64_t) (int64_t) (x % y);
}

PVM_EXEC_INT_RR (div, div64 ((int64_t) a, (int64_t) b))
PVM_EXEC_INT_RR (divu, b ? a / b : UINT64_MAX)
PVM_EXEC_INT_RR (rem, rem64 ((int64_t) a, (int64_t) b))
PVM_EXEC_INT_RR (remu, b ? a % b : a)
PVM_EXEC_INT_RR (divw, div32 ((int32_t) a, (int32_t) b))
PVM_EXEC_INT_RR (divuw, (uint32_t) b ? exec_sext32 ((uint32_t) a / (uint32_t) b) : UINT64_MAX)
PVM_EXEC_INT_RR (remw, rem32 ((int32_t) a, (int32_t) b))
PVM_EXEC_INT_RR (remuw, exec_sext32 ((uint32_t) b ? (uint32_t) a % (uint32_t) b : (uint32_t) a))

/* mmu-private.h: MMU entry points shared by the files of the hart core. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "hv/cpu/hart.h"

/* Translates the fetch of @len bytes at @va (all in one 4 KiB page) and returns their host
 * address in RAM or ROM. Sets *@cacheable when the whole page is host memory that passes PMP,
 * in which case the fetch TLB now maps it. Returns nonzero with the fetch fault recorded. */
PVM_MUST_CHECK int _pvm_mmu_fetch (PvmHart *hart, uint64_t va, unsigned len,
                                   const uint8_t **host, bool *cacheable);

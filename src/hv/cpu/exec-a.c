/* exec-a.c: handlers of the A extension on host atomics.
 *
 * LR records the host address and the value it read; SC stores only if it targets the same
 * host address and memory still holds that value (checked and stored by one compare-exchange),
 * so a reservation is broken by any change of the value, from any hart or device. Every SC
 * clears the reservation. AMOs are sequentially consistent whatever their aq/rl bits.
 */
#include "hv/cpu/exec-int-private.h"
#include "hv/cpu/mmu.h"

#define RESV_NONE UINT64_MAX

#define LR(name, bits, ext)                                                                        \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    void *host;                                                                                    \
    uint##bits##_t v;                                                                              \
    if (pvm_mem_atomic_ptr (hart, hart->x[insn->rs1], (bits) / 8, false, &host))                   \
      return PVM_EXEC_TRAP;                                                                        \
    v = __atomic_load_n ((uint##bits##_t *) host, __ATOMIC_SEQ_CST);                               \
    hart->resv_addr = (uint64_t) (uintptr_t) host;                                                 \
    hart->resv_value = v;                                                                          \
    hart->x[insn->rd] = ext (v);                                                                   \
    return PVM_EXEC_NEXT;                                                                          \
  }

#define SC(name, bits)                                                                             \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    void *host;                                                                                    \
    uint64_t resv = hart->resv_addr;                                                               \
    uint##bits##_t expected = (uint##bits##_t) hart->resv_value;                                   \
    uint##bits##_t v = (uint##bits##_t) hart->x[insn->rs2];                                        \
    bool ok;                                                                                       \
    hart->resv_addr = RESV_NONE;                                                                   \
    if (pvm_mem_atomic_ptr (hart, hart->x[insn->rs1], (bits) / 8, true, &host))                    \
      return PVM_EXEC_TRAP;                                                                        \
    ok = resv == (uint64_t) (uintptr_t) host &&                                                    \
         __atomic_compare_exchange_n ((uint##bits##_t *) host, &expected, v, false,                \
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);                         \
    hart->x[insn->rd] = !ok;                                                                       \
    return PVM_EXEC_NEXT;                                                                          \
  }

/* An AMO: old = *p; *p = @op (old, v); rd = ext (old). @op is one of the AMO_* or amo_* below. */
#define AMO(name, bits, op, ext)                                                                   \
  int pvm_exec_##name (PvmHart *hart, const PvmInsn *insn)                                         \
  {                                                                                                \
    void *host;                                                                                    \
    uint##bits##_t v = (uint##bits##_t) hart->x[insn->rs2], old;                                   \
    if (pvm_mem_atomic_ptr (hart, hart->x[insn->rs1], (bits) / 8, true, &host))                    \
      return PVM_EXEC_TRAP;                                                                        \
    old = op ((uint##bits##_t *) host, v);                                                         \
    hart->x[insn->rd] = ext (old);                                                                 \
    return PVM_EXEC_NEXT;                                                                          \
  }

#define AMO_SWAP(p, v) __atomic_exchange_n (p, v, __ATOMIC_SEQ_CST)
#define AMO_ADD(p, v) __atomic_fetch_add (p, v, __ATOMIC_SEQ_CST)
#define AMO_XOR(p, v) __atomic_fetch_xor (p, v, __ATOMIC_SEQ_CST)
#define AMO_AND(p, v) __atomic_fetch_and (p, v, __ATOMIC_SEQ_CST)
#define AMO_OR(p, v) __atomic_fetch_or (p, v, __ATOMIC_SEQ_CST)

/* Min and max by compare-exchange: stores v where @keep_v holds, old otherwise. */
#define AMO_CAS(fn, bits, keep_v)                                                                  \
  static inline uint##bits##_t fn (uint##bits##_t *p, uint##bits##_t v)                            \
  {                                                                                                \
    uint##bits##_t old = __atomic_load_n (p, __ATOMIC_RELAXED);                                    \
    while (!__atomic_compare_exchange_n (p, &old, (keep_v) ? v : old, true,                        \
                                         __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {                    \
    }                                                                                              \
    return old;                                                                                    \
  }

AMO_CAS (amo_min32, 32, (int32_t) v < (int32_t) old)
AMO_CAS (amo_max32, 32, (int32_t) v > (int32_t) old)
AMO_CAS (amo_minu32, 32, v < old)
AMO_CAS (amo_maxu32, 32, v > old)
AMO_CAS (amo_min64, 64, (int64_t) v < (int64_t) old)
AMO_CAS (amo_max64, 64, (int64_t) v > (int64_t) old)
AMO_CAS (amo_minu64, 64, v < old)
AMO_CAS (amo_maxu64, 64, v > old)

#define EXT_W(v) exec_sext32 (v)
#define EXT_D(v) ((uint64_t) (v))

LR (lr_w, 32, EXT_W)
SC (sc_w, 32)
AMO (amoswap_w, 32, AMO_SWAP, EXT_W)
AMO (amoadd_w, 32, AMO_ADD, EXT_W)
AMO (amoxor_w, 32, AMO_XOR, EXT_W)
AMO (amoand_w, 32, AMO_AND, EXT_W)
AMO (amoor_w, 32, AMO_OR, EXT_W)
AMO (amomin_w, 32, amo_min32, EXT_W)
AMO (amomax_w, 32, amo_max32, EXT_W)
AMO (amominu_w, 32, amo_minu32, EXT_W)
AMO (amomaxu_w, 32, amo_maxu32, EXT_W)

LR (lr_d, 64, EXT_D)
SC (sc_d, 64)
AMO (amoswap_d, 64, AMO_SWAP, EXT_D)
AMO (amoadd_d, 64, AMO_ADD, EXT_D)
AMO (amoxor_d, 64, AMO_XOR, EXT_D)
AMO (amoand_d, 64, AMO_AND, EXT_D)
AMO (amoor_d, 64, AMO_OR, EXT_D)
AMO (amomin_d, 64, amo_min64, EXT_D)
AMO (amomax_d, 64, amo_max64, EXT_D)
AMO (amominu_d, 64, amo_minu64, EXT_D)
AMO (amomaxu_d, 64, amo_maxu64, EXT_D)

/* hart-state.c: the hart's architectural state as a state table (snapshots, migration). */
#include <stddef.h>

#include "hv/cpu/block.h"
#include "hv/cpu/csr.h"
#include "hv/cpu/hart-private.h"
#include "hv/cpu/mmu.h"
#include "hv/cpu/pmp.h"
#include "hv/migrate/vmstate.h"

G_STATIC_ASSERT (sizeof (((PvmHart *) 0)->hsm_state) == sizeof (uint32_t));

static gboolean
hart_invalid (GError **error, const PvmHart *hart, const char *what, uint64_t value)
{
  g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
               "Hart %u has an invalid %s (0x%" G_GINT64_MODIFIER "x)", hart->id, what,
               (guint64) value);
  return FALSE;
}

static gboolean
hart_post_load (void *obj, GError **error)
{
  PvmHart *hart = obj;
  int priv = hart->priv;
  unsigned mode = (unsigned) (hart->satp >> PVM_SATP_MODE_SHIFT);
  unsigned mpp = (unsigned) ((hart->mstatus & PVM_MSTATUS_MPP) >> PVM_MSTATUS_MPP_SHIFT);
  int hsm = atomic_load (&hart->hsm_state);

  if ((priv != PVM_PRIV_U && priv != PVM_PRIV_S && priv != PVM_PRIV_M) ||
      (hart->pv && priv == PVM_PRIV_M))
    return hart_invalid (error, hart, "privilege level", (uint64_t) priv);
  if (mode != PVM_SATP_MODE_BARE && mode != PVM_SATP_MODE_SV39 && mode != PVM_SATP_MODE_SV48)
    return hart_invalid (error, hart, "satp", hart->satp);
  if (hart->pc & 1)
    return hart_invalid (error, hart, "pc", hart->pc);
  if (mpp == 2)
    return hart_invalid (error, hart, "mstatus", hart->mstatus);
  if (hart->fflags > 0x1f || hart->frm > 7)
    return hart_invalid (error, hart, "fcsr", (uint64_t) hart->frm << 5 | hart->fflags);
  if (hsm < PVM_HART_STARTED || hsm > PVM_HART_SUSPENDED)
    return hart_invalid (error, hart, "HSM state", (uint64_t) hsm);
  if (hart->mhartid != hart->id)
    return hart_invalid (error, hart, "mhartid", hart->mhartid);

  hart->x[0] = 0;
  hart->misa = PVM_MISA_VALUE;
  hart->resv_addr = UINT64_MAX;
  hart->resv_value = 0;
  pvm_pmp_update (hart);
  pvm_mmu_flush (hart);
  pvm_mmu_update_mode (hart);
  pvm_block_cache_clear (hart);
  atomic_fetch_or (&hart->requests, PVM_HART_REQ_IRQ | PVM_HART_REQ_TIMER | PVM_HART_REQ_HSM);
  return TRUE;
}

static const PvmVmField hart_fields[] = {
  PVM_VM_U64_ARRAY (PvmHart, x, 33),
  PVM_VM_U64_ARRAY (PvmHart, f, 32),
  PVM_VM_U64 (PvmHart, pc),
  PVM_VM_U32 (PvmHart, fflags),
  PVM_VM_U32 (PvmHart, frm),
  PVM_VM_I32 (PvmHart, priv),
  PVM_VM_U64 (PvmHart, mstatus),
  PVM_VM_U64 (PvmHart, misa),
  PVM_VM_U64 (PvmHart, medeleg),
  PVM_VM_U64 (PvmHart, mideleg),
  PVM_VM_U64 (PvmHart, mie),
  PVM_VM_U64_ATOMIC (PvmHart, mip),
  PVM_VM_U64 (PvmHart, mip_sw),
  PVM_VM_U64 (PvmHart, mtvec),
  PVM_VM_U64 (PvmHart, mscratch),
  PVM_VM_U64 (PvmHart, mepc),
  PVM_VM_U64 (PvmHart, mcause),
  PVM_VM_U64 (PvmHart, mtval),
  PVM_VM_U64 (PvmHart, mcounteren),
  PVM_VM_U64 (PvmHart, mcountinhibit),
  PVM_VM_U64 (PvmHart, menvcfg),
  PVM_VM_U64 (PvmHart, mhartid),
  PVM_VM_U8_ARRAY (PvmHart, pmpcfg, PVM_PMP_COUNT),
  PVM_VM_U64_ARRAY (PvmHart, pmpaddr, PVM_PMP_COUNT),
  PVM_VM_U64 (PvmHart, stvec),
  PVM_VM_U64 (PvmHart, sscratch),
  PVM_VM_U64 (PvmHart, sepc),
  PVM_VM_U64 (PvmHart, scause),
  PVM_VM_U64 (PvmHart, stval),
  PVM_VM_U64 (PvmHart, satp),
  PVM_VM_U64 (PvmHart, scounteren),
  PVM_VM_U64 (PvmHart, senvcfg),
  PVM_VM_U64 (PvmHart, stimecmp),
  PVM_VM_U64_ATOMIC (PvmHart, mtimecmp),
  PVM_VM_U64 (PvmHart, instret),
  PVM_VM_U64 (PvmHart, mcycle_adj),
  PVM_VM_U64 (PvmHart, minstret_adj),
  /* _Atomic int: stored as its 32 bits (checked above). */
  { "hsm_state", offsetof (PvmHart, hsm_state), PVM_VM_T_U32, 1, 0 },
  PVM_VM_U64 (PvmHart, hsm_start_addr),
  PVM_VM_U64 (PvmHart, hsm_start_opaque),
  PVM_VM_U32 (PvmHart, hsm_suspend_type),
  PVM_VM_END,
};

const PvmVmState pvm_hart_vmstate = {
  .name = "hart",
  .version = 1,
  .min_version = 1,
  .fields = hart_fields,
  .post_load = hart_post_load,
};

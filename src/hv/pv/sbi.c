/* sbi.c: the SBI v2.0 answered by the hypervisor for PV guests — BASE, TIME, IPI, RFENCE, HSM,
 * SRST, DBCN and the legacy extensions 0x00..0x08. Every extension is a small function taking
 * the calling hart and the function id; it returns the (error, value) pair of the SBI calling
 * convention. */
#include "hv/pv/sbi.h"

#include <sched.h>

#include "hv/cpu/block.h"
#include "hv/cpu/mmu.h"
#include "hv/dev/uart16550.h"
#include "hv/machine/guest-error.h"
#include "hv/machine/machine.h"

/* Extension ids. */
enum {
  SBI_EXT_LEGACY_LAST = 0x08,
  SBI_EXT_BASE = 0x10,
  SBI_EXT_TIME = 0x54494D45,   /* "TIME" */
  SBI_EXT_IPI = 0x735049,      /* "sPI" */
  SBI_EXT_RFENCE = 0x52464E43, /* "RFNC" */
  SBI_EXT_HSM = 0x48534D,      /* "HSM" */
  SBI_EXT_SRST = 0x53525354,   /* "SRST" */
  SBI_EXT_DBCN = 0x4442434E,   /* "DBCN" */
};

/* Legacy extensions (SBI v0.1): the extension id is the function. */
enum {
  SBI_LEGACY_SET_TIMER = 0,
  SBI_LEGACY_CONSOLE_PUTCHAR = 1,
  SBI_LEGACY_CONSOLE_GETCHAR = 2,
  SBI_LEGACY_CLEAR_IPI = 3,
  SBI_LEGACY_SEND_IPI = 4,
  SBI_LEGACY_REMOTE_FENCE_I = 5,
  SBI_LEGACY_REMOTE_SFENCE_VMA = 6,
  SBI_LEGACY_REMOTE_SFENCE_VMA_ASID = 7,
  SBI_LEGACY_SHUTDOWN = 8,
};

#define SBI_SPEC_VERSION ((2u << 24) | 0u) /* 2.0 */
/* The implementation id: 0x50564d is "PVM" in ASCII, far from the ids the SBI specification
 * has assigned (0 BBL, 1 OpenSBI, ... 11 bhyve in SBI 2.0). */
#define SBI_IMPL_ID 0x50564d
#define SBI_IMPL_VERSION 1

/* DBCN writes at most this many bytes per call; the guest writes the rest in later calls. */
#define SBI_CONSOLE_CHUNK 4096

typedef struct {
  int64_t error;
  uint64_t value;
} SbiRet;

static SbiRet
sbi_ok (uint64_t value)
{
  return (SbiRet) { PVM_SBI_SUCCESS, value };
}

static SbiRet
sbi_err (int64_t error)
{
  return (SbiRet) { error, 0 };
}

static uint64_t
sbi_arg (const PvmHart *hart, unsigned i)
{
  return hart->x[10 + i];
}

static uint32_t
sbi_all_harts (const PvmMachine *machine)
{
  return (uint32_t) ((1ull << machine->n_harts) - 1);
}

/* Turns (@mask, @base) into a set of harts; base -1 means every hart. Returns
 * PVM_SBI_ERR_INVALID_PARAM if the set names a hart that does not exist. */
static int64_t
sbi_hart_set (const PvmMachine *machine, uint64_t mask, uint64_t base, uint32_t *set)
{
  *set = 0;
  if (base == UINT64_MAX) {
    *set = sbi_all_harts (machine);
    return PVM_SBI_SUCCESS;
  }
  for (unsigned bit = 0; bit < 64; bit++) {
    if (!(mask >> bit & 1))
      continue;
    if (base >= machine->n_harts || bit >= machine->n_harts - base)
      return PVM_SBI_ERR_INVALID_PARAM;
    *set |= 1u << (base + bit);
  }
  return PVM_SBI_SUCCESS;
}

/* TRUE if a hart may start executing at guest physical address @pa. */
static bool
sbi_code_addr_valid (const PvmMachine *machine, uint64_t pa)
{
  const PvmBusRegion *r = pvm_bus_find (&machine->bus, pa);

  return r && !r->ops && (pa & 1) == 0;
}

/* ---- TIME ---- */

static void
sbi_set_timer (PvmHart *hart, uint64_t stime)
{
  atomic_store (&hart->mtimecmp, stime);
  pvm_hart_set_mip (hart, PVM_MIP_STIP, false);
  pvm_hart_request (hart, PVM_HART_REQ_TIMER);
}

static SbiRet
sbi_time (PvmHart *hart, uint64_t fid)
{
  if (fid != 0)
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  sbi_set_timer (hart, sbi_arg (hart, 0));
  return sbi_ok (0);
}

/* ---- IPI ---- */

static void
sbi_send_ipi_set (PvmMachine *machine, uint32_t set)
{
  for (unsigned i = 0; i < machine->n_harts; i++)
    if (set >> i & 1)
      pvm_hart_set_mip (&machine->harts[i], PVM_MIP_SSIP, true);
}

static SbiRet
sbi_ipi (PvmHart *hart, uint64_t fid)
{
  uint32_t set;
  int64_t err;

  if (fid != 0)
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  err = sbi_hart_set (hart->machine, sbi_arg (hart, 0), sbi_arg (hart, 1), &set);
  if (err)
    return sbi_err (err);
  sbi_send_ipi_set (hart->machine, set);
  return sbi_ok (0);
}

/* ---- RFENCE ---- */

/* Does at once the fences that other harts asked of @hart, so that two harts fencing each other
 * never wait for one another. The caller (an ECALL) ends the block. */
static void
sbi_service_own_fences (PvmHart *hart)
{
  uint32_t fences = PVM_HART_REQ_FLUSH_TLB | PVM_HART_REQ_FLUSH_ICACHE;
  uint32_t got = atomic_fetch_and (&hart->requests, ~fences) & fences;

  if (got & PVM_HART_REQ_FLUSH_TLB)
    pvm_mmu_flush (hart);
  if (got & PVM_HART_REQ_FLUSH_ICACHE)
    pvm_block_cache_flush (hart);
}

/* Posts @req to every hart in @set and returns once each of them (other than @hart, which does
 * it after the ECALL, and stopped harts, which have nothing cached to drop) has processed it,
 * or when @hart is asked to exit. */
static void
sbi_remote_fence (PvmHart *hart, uint32_t set, uint32_t req)
{
  PvmMachine *machine = hart->machine;

  for (unsigned i = 0; i < machine->n_harts; i++)
    if (set >> i & 1)
      pvm_hart_request (&machine->harts[i], req);

  for (unsigned spins = 0;; spins++) {
    bool waiting = false;

    for (unsigned i = 0; i < machine->n_harts && !waiting; i++) {
      PvmHart *target = &machine->harts[i];

      waiting = target != hart && (set >> i & 1) && (atomic_load (&target->requests) & req) &&
                atomic_load (&target->hsm_state) != PVM_HART_STOPPED;
    }
    if (!waiting || (atomic_load (&hart->requests) & PVM_HART_REQ_EXIT))
      return;
    sbi_service_own_fences (hart);
    if (spins < 100)
      sched_yield ();
    else
      g_usleep (50);
  }
}

static SbiRet
sbi_rfence (PvmHart *hart, uint64_t fid)
{
  enum { FENCE_I = 0, SFENCE_VMA = 1, SFENCE_VMA_ASID = 2 };
  uint32_t set;
  int64_t err;

  if (fid > SFENCE_VMA_ASID) /* the HFENCE functions: there is no H extension */
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  err = sbi_hart_set (hart->machine, sbi_arg (hart, 0), sbi_arg (hart, 1), &set);
  if (err)
    return sbi_err (err);
  sbi_remote_fence (hart, set,
                    fid == FENCE_I ? PVM_HART_REQ_FLUSH_ICACHE : PVM_HART_REQ_FLUSH_TLB);
  return sbi_ok (0);
}

/* ---- HSM ---- */

static SbiRet
sbi_hart_start (PvmHart *hart, uint64_t hartid, uint64_t start_addr, uint64_t opaque)
{
  PvmMachine *machine = hart->machine;
  PvmHart *target;
  int state;

  if (hartid >= machine->n_harts)
    return sbi_err (PVM_SBI_ERR_INVALID_PARAM);
  if (!sbi_code_addr_valid (machine, start_addr))
    return sbi_err (PVM_SBI_ERR_INVALID_ADDRESS);

  target = &machine->harts[hartid];
  g_mutex_lock (&target->lock);
  state = atomic_load (&target->hsm_state);
  if (state == PVM_HART_STOPPED) {
    target->hsm_start_addr = start_addr;
    target->hsm_start_opaque = opaque;
    atomic_store (&target->hsm_state, PVM_HART_START_PENDING);
  }
  g_mutex_unlock (&target->lock);

  switch (state) {
  case PVM_HART_STOPPED:
    pvm_hart_request (target, PVM_HART_REQ_HSM);
    return sbi_ok (0);
  case PVM_HART_STARTED:
  case PVM_HART_START_PENDING:
  case PVM_HART_SUSPENDED:
    return sbi_err (PVM_SBI_ERR_ALREADY_AVAILABLE);
  default:
    return sbi_err (PVM_SBI_ERR_FAILED);
  }
}

static SbiRet
sbi_hart_stop (PvmHart *hart)
{
  int expected = PVM_HART_STARTED;
  bool stopping;

  g_mutex_lock (&hart->lock);
  stopping = atomic_compare_exchange_strong (&hart->hsm_state, &expected, PVM_HART_STOP_PENDING);
  g_mutex_unlock (&hart->lock);
  if (!stopping)
    return sbi_err (PVM_SBI_ERR_FAILED);
  pvm_hart_request (hart, PVM_HART_REQ_HSM);
  return sbi_ok (0);
}

/* Suspends the calling hart until an interrupt is pending in mie (the run loop sleeps once the
 * ECALL ends the block): a retentive suspend then returns SUCCESS after the ECALL, a
 * non-retentive one resumes at @resume_addr as an HSM start would, with a1 = @opaque. */
static SbiRet
sbi_hart_suspend (PvmHart *hart, uint32_t type, uint64_t resume_addr, uint64_t opaque)
{
  enum { RETENTIVE = 0x00000000, NON_RETENTIVE = PVM_HART_SUSPEND_NON_RETENTIVE };

  if (type != RETENTIVE && type != NON_RETENTIVE)
    return sbi_err (PVM_SBI_ERR_INVALID_PARAM);
  if (type == NON_RETENTIVE && !sbi_code_addr_valid (hart->machine, resume_addr))
    return sbi_err (PVM_SBI_ERR_INVALID_ADDRESS);

  g_mutex_lock (&hart->lock);
  if (type == NON_RETENTIVE) {
    hart->hsm_start_addr = resume_addr;
    hart->hsm_start_opaque = opaque;
  }
  hart->hsm_suspend_type = type;
  atomic_store (&hart->hsm_state, PVM_HART_SUSPENDED);
  g_mutex_unlock (&hart->lock);
  pvm_hart_request (hart, PVM_HART_REQ_HSM);
  return sbi_ok (0);
}

static SbiRet
sbi_hsm (PvmHart *hart, uint64_t fid)
{
  enum { START = 0, STOP = 1, GET_STATUS = 2, SUSPEND = 3 };
  PvmMachine *machine = hart->machine;

  switch (fid) {
  case START:
    return sbi_hart_start (hart, sbi_arg (hart, 0), sbi_arg (hart, 1), sbi_arg (hart, 2));
  case STOP:
    return sbi_hart_stop (hart);
  case GET_STATUS:
    if (sbi_arg (hart, 0) >= machine->n_harts)
      return sbi_err (PVM_SBI_ERR_INVALID_PARAM);
    return sbi_ok ((uint64_t) atomic_load (&machine->harts[sbi_arg (hart, 0)].hsm_state));
  case SUSPEND:
    return sbi_hart_suspend (hart, (uint32_t) sbi_arg (hart, 0), sbi_arg (hart, 1),
                             sbi_arg (hart, 2));
  default:
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  }
}

/* ---- SRST ---- */

static SbiRet
sbi_srst (PvmHart *hart, uint64_t fid)
{
  enum { SHUTDOWN = 0, COLD_REBOOT = 1, WARM_REBOOT = 2, TYPE_VENDOR = 0xF0000000u };
  enum { REASON_NONE = 0, REASON_FAILURE = 1, REASON_IMPL = 0xE0000000u };
  uint32_t type = (uint32_t) sbi_arg (hart, 0);
  uint32_t reason = (uint32_t) sbi_arg (hart, 1);

  if (fid != 0)
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  if ((type > WARM_REBOOT && type < TYPE_VENDOR) ||
      (reason > REASON_FAILURE && reason < REASON_IMPL))
    return sbi_err (PVM_SBI_ERR_INVALID_PARAM);
  if (type >= TYPE_VENDOR)
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);

  if (reason == REASON_FAILURE)
    pvm_machine_request_power (hart->machine, PVM_POWER_FAIL, 1);
  else if (type == SHUTDOWN)
    pvm_machine_request_power (hart->machine, PVM_POWER_OFF, 0);
  else
    pvm_machine_request_power (hart->machine, PVM_POWER_RESET, 0);
  return sbi_ok (0);
}

/* ---- DBCN ---- */

static void
sbi_console_putc (PvmMachine *machine, uint8_t c)
{
  if (machine->uart)
    pvm_uart_putc (machine->uart, c);
}

static int
sbi_console_getc (PvmMachine *machine)
{
  return machine->uart ? pvm_uart_poll_getc (machine->uart) : -1;
}

/* The host address of the guest physical buffer (@num bytes at @lo | @hi << 64), or NULL. */
static uint8_t *
sbi_console_buffer (PvmMachine *machine, uint64_t num, uint64_t lo, uint64_t hi)
{
  if (hi != 0)
    return NULL;
  return pvm_machine_ram_ptr (machine, lo, num);
}

static SbiRet
sbi_dbcn (PvmHart *hart, uint64_t fid)
{
  enum { WRITE = 0, READ = 1, WRITE_BYTE = 2 };
  PvmMachine *machine = hart->machine;
  uint64_t num = sbi_arg (hart, 0);
  uint8_t *buf;
  uint64_t n;

  switch (fid) {
  case WRITE:
    buf = sbi_console_buffer (machine, num, sbi_arg (hart, 1), sbi_arg (hart, 2));
    if (!buf)
      return sbi_err (PVM_SBI_ERR_INVALID_PARAM);
    n = MIN (num, SBI_CONSOLE_CHUNK);
    for (uint64_t i = 0; i < n; i++)
      sbi_console_putc (machine, buf[i]);
    return sbi_ok (n);
  case READ:
    buf = sbi_console_buffer (machine, num, sbi_arg (hart, 1), sbi_arg (hart, 2));
    if (!buf)
      return sbi_err (PVM_SBI_ERR_INVALID_PARAM);
    for (n = 0; n < num; n++) {
      int c = sbi_console_getc (machine);
      if (c < 0)
        break;
      buf[n] = (uint8_t) c;
    }
    return sbi_ok (n);
  case WRITE_BYTE:
    sbi_console_putc (machine, (uint8_t) num);
    return sbi_ok (0);
  default:
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  }
}

/* ---- BASE ---- */

static bool
sbi_has_extension (uint64_t ext)
{
  switch (ext) {
  case SBI_EXT_BASE:
  case SBI_EXT_TIME:
  case SBI_EXT_IPI:
  case SBI_EXT_RFENCE:
  case SBI_EXT_HSM:
  case SBI_EXT_SRST:
  case SBI_EXT_DBCN:
    return true;
  default:
    return ext <= SBI_EXT_LEGACY_LAST;
  }
}

static SbiRet
sbi_base (PvmHart *hart, uint64_t fid)
{
  enum {
    GET_SPEC_VERSION = 0, GET_IMPL_ID, GET_IMPL_VERSION, PROBE_EXTENSION,
    GET_MVENDORID, GET_MARCHID, GET_MIMPID,
  };

  switch (fid) {
  case GET_SPEC_VERSION:
    return sbi_ok (SBI_SPEC_VERSION);
  case GET_IMPL_ID:
    return sbi_ok (SBI_IMPL_ID);
  case GET_IMPL_VERSION:
    return sbi_ok (SBI_IMPL_VERSION);
  case PROBE_EXTENSION:
    return sbi_ok (sbi_has_extension (sbi_arg (hart, 0)) ? 1 : 0);
  case GET_MVENDORID:
  case GET_MARCHID:
  case GET_MIMPID:
    return sbi_ok (0);
  default:
    return sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
  }
}

/* ---- legacy (v0.1) ---- */

/* Reads the legacy hart mask, a bit vector at guest virtual address @va (NULL: every hart).
 * Returns FALSE if the guest cannot read it. */
static bool
sbi_legacy_hart_set (PvmHart *hart, uint64_t va, uint32_t *set)
{
  uint64_t mask;

  if (va == 0) {
    *set = sbi_all_harts (hart->machine);
    return true;
  }
  if (pvm_mem_load64 (hart, va, &mask)) {
    pvm_guest_error ("hart %u: SBI legacy hart mask at 0x%" G_GINT64_MODIFIER "x is unreadable",
                     hart->id, va);
    return false;
  }
  *set = (uint32_t) mask & sbi_all_harts (hart->machine);
  return true;
}

static int64_t
sbi_legacy (PvmHart *hart, uint64_t ext)
{
  uint32_t set;

  switch (ext) {
  case SBI_LEGACY_SET_TIMER:
    sbi_set_timer (hart, sbi_arg (hart, 0));
    return 0;
  case SBI_LEGACY_CONSOLE_PUTCHAR:
    sbi_console_putc (hart->machine, (uint8_t) sbi_arg (hart, 0));
    return 0;
  case SBI_LEGACY_CONSOLE_GETCHAR:
    return sbi_console_getc (hart->machine);
  case SBI_LEGACY_CLEAR_IPI:
    pvm_hart_set_mip (hart, PVM_MIP_SSIP, false);
    return 0;
  case SBI_LEGACY_SEND_IPI:
    if (!sbi_legacy_hart_set (hart, sbi_arg (hart, 0), &set))
      return PVM_SBI_ERR_INVALID_ADDRESS;
    sbi_send_ipi_set (hart->machine, set);
    return 0;
  case SBI_LEGACY_REMOTE_FENCE_I:
  case SBI_LEGACY_REMOTE_SFENCE_VMA:
  case SBI_LEGACY_REMOTE_SFENCE_VMA_ASID:
    if (!sbi_legacy_hart_set (hart, sbi_arg (hart, 0), &set))
      return PVM_SBI_ERR_INVALID_ADDRESS;
    sbi_remote_fence (hart, set,
                      ext == SBI_LEGACY_REMOTE_FENCE_I ? PVM_HART_REQ_FLUSH_ICACHE
                                                       : PVM_HART_REQ_FLUSH_TLB);
    return 0;
  case SBI_LEGACY_SHUTDOWN:
    pvm_machine_request_power (hart->machine, PVM_POWER_OFF, 0);
    return 0;
  default:
    return PVM_SBI_ERR_NOT_SUPPORTED;
  }
}

void
pvm_sbi_call (PvmHart *hart)
{
  uint64_t ext = hart->x[17], fid = hart->x[16];
  SbiRet ret;

  if (ext <= SBI_EXT_LEGACY_LAST) {
    hart->x[10] = (uint64_t) sbi_legacy (hart, ext);
    return;
  }

  switch (ext) {
  case SBI_EXT_BASE:
    ret = sbi_base (hart, fid);
    break;
  case SBI_EXT_TIME:
    ret = sbi_time (hart, fid);
    break;
  case SBI_EXT_IPI:
    ret = sbi_ipi (hart, fid);
    break;
  case SBI_EXT_RFENCE:
    ret = sbi_rfence (hart, fid);
    break;
  case SBI_EXT_HSM:
    ret = sbi_hsm (hart, fid);
    break;
  case SBI_EXT_SRST:
    ret = sbi_srst (hart, fid);
    break;
  case SBI_EXT_DBCN:
    ret = sbi_dbcn (hart, fid);
    break;
  default:
    ret = sbi_err (PVM_SBI_ERR_NOT_SUPPORTED);
    break;
  }
  hart->x[10] = (uint64_t) ret.error;
  hart->x[11] = ret.value;
}

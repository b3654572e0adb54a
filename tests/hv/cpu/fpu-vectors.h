/* fpu-vectors.h: what the F and D vector tests share — a case (a handler, its operands and
 * rounding mode, the result and fflags it must give) and the runner of a table of them.
 * The handlers run directly on a hart: operands in f1..f3 (single ones NaN-boxed) or x5, the
 * result in f10 or x10. Each case runs twice, with fflags clear and with NX already set. */
#pragma once

#include <glib.h>

#include "hv/cpu/fpu.h"

typedef enum { K_S, K_D, K_X } FpuKind;

typedef struct {
  const char *name;
  PvmExecFn fn;
  FpuKind src, dst;
  uint8_t rm;
  uint64_t a, b, c;
  uint64_t want; /* a single result is given without its NaN box */
  uint32_t flags;
} FpuCase;

#define NX PVM_FFLAG_NX
#define UF PVM_FFLAG_UF
#define OF PVM_FFLAG_OF
#define DZ PVM_FFLAG_DZ
#define NV PVM_FFLAG_NV

#define FPU_CASE(fn, src, dst, rm, a, b, c, want, flags) \
  { #fn, pvm_exec_##fn, src, dst, rm, a, b, c, want, flags }
#define S1(fn, rm, a, w, fl) FPU_CASE (fn, K_S, K_S, rm, a, 0, 0, w, fl)
#define S2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_S, K_S, rm, a, b, 0, w, fl)
#define S3(fn, rm, a, b, c, w, fl) FPU_CASE (fn, K_S, K_S, rm, a, b, c, w, fl)
#define D1(fn, rm, a, w, fl) FPU_CASE (fn, K_D, K_D, rm, a, 0, 0, w, fl)
#define D2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_D, K_D, rm, a, b, 0, w, fl)
#define D3(fn, rm, a, b, c, w, fl) FPU_CASE (fn, K_D, K_D, rm, a, b, c, w, fl)
#define SX(fn, rm, a, w, fl) FPU_CASE (fn, K_S, K_X, rm, a, 0, 0, w, fl)
#define DX(fn, rm, a, w, fl) FPU_CASE (fn, K_D, K_X, rm, a, 0, 0, w, fl)
#define SX2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_S, K_X, rm, a, b, 0, w, fl)
#define DX2(fn, rm, a, b, w, fl) FPU_CASE (fn, K_D, K_X, rm, a, b, 0, w, fl)
#define XS(fn, rm, a, w, fl) FPU_CASE (fn, K_X, K_S, rm, a, 0, 0, w, fl)
#define XD(fn, rm, a, w, fl) FPU_CASE (fn, K_X, K_D, rm, a, 0, 0, w, fl)
#define DS(fn, rm, a, w, fl) FPU_CASE (fn, K_D, K_S, rm, a, 0, 0, w, fl)
#define SD(fn, rm, a, w, fl) FPU_CASE (fn, K_S, K_D, rm, a, 0, 0, w, fl)

typedef struct {
  const FpuCase *cases;
  size_t n;
} FpuTable;

/* Runs every case of @data on a fresh hart, once with fflags clear and once with NX already
 * accrued (which lets the handlers skip reading the host flags), and reports each mismatch. */
static inline void
fpu_vectors_run_table (gconstpointer data)
{
  const FpuTable *table = data;
  PvmHart *hart = g_new0 (PvmHart, 1);
  unsigned failed = 0;

  hart->mstatus = (uint64_t) PVM_FS_INITIAL << PVM_MSTATUS_FS_SHIFT;
  for (size_t i = 0; i < 2 * table->n; i++) {
    const FpuCase *t = &table->cases[i % table->n];
    uint32_t accrued = i < table->n ? 0 : NX;
    uint64_t box = t->src == K_S ? PVM_FPU_BOX : 0;
    PvmInsn insn = {
      .rd = 10, .rs1 = t->src == K_X ? 5 : 1, .rs2 = 2, .rs3 = 3, .rm = t->rm, .raw = 0x53,
    };

    hart->f[1] = box | t->a;
    hart->f[2] = box | t->b;
    hart->f[3] = box | t->c;
    hart->x[5] = t->a;
    hart->f[10] = 0;
    hart->x[10] = 0x5a5a5a5a5a5a5a5aull;
    hart->fflags = accrued;
    int ret = t->fn (hart, &insn);
    uint64_t got = t->dst == K_X ? hart->x[10] : hart->f[10];
    uint64_t want = t->dst == K_S ? PVM_FPU_BOX | t->want : t->want;
    if (ret != PVM_EXEC_NEXT || got != want || hart->fflags != (t->flags | accrued)) {
      failed++;
      g_test_message ("case %zu%s: %s rm %u (%#" G_GINT64_MODIFIER "x, %#" G_GINT64_MODIFIER
                      "x, %#" G_GINT64_MODIFIER "x) returned %d, %#" G_GINT64_MODIFIER
                      "x flags %#x; want %#" G_GINT64_MODIFIER "x flags %#x",
                      i % table->n, accrued ? " (NX accrued)" : "", t->name, t->rm,
                      (guint64) t->a, (guint64) t->b, (guint64) t->c, ret, (guint64) got,
                      hart->fflags, (guint64) want, t->flags | accrued);
    }
  }
  g_free (hart);
  if (failed)
    g_test_fail_printf ("%u of %zu runs failed", failed, 2 * table->n);
}

#define FPU_TABLE_TEST(path, cases)                                \
  do {                                                             \
    static const FpuTable table = { cases, G_N_ELEMENTS (cases) }; \
    g_test_add_data_func (path, &table, fpu_vectors_run_table);    \
  } while (0)

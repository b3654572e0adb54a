/* hart-test.h: a one-hart machine for the hart core's tests, and guest code placement. */
#pragma once

#include <glib.h>
#include <string.h>

#include "hv/cpu/hart.h"
#include "hv/machine/machine.h"

#define TEST_RAM_BASE 0x80000000ull
#define TEST_RAM_SIZE (16ull << 20)

/* Register numbers of the ABI names the tests use. */
enum {
  REG_RA = 1, REG_SP = 2, REG_T0 = 5, REG_T1 = 6, REG_T2 = 7, REG_A0 = 10, REG_A1 = 11,
  REG_A2 = 12, REG_A7 = 17, REG_T3 = 28, REG_T4 = 29, REG_T5 = 30, REG_T6 = 31,
};

typedef struct {
  PvmMachine *machine;
  PvmHart *hart;
} HartFixture;

static inline void
hart_fixture_set_up (HartFixture *f, bool pv)
{
  GError *error = NULL;
  f->machine = pvm_machine_new (TEST_RAM_BASE, TEST_RAM_SIZE, 2, pv, &error);
  g_assert_no_error (error);
  f->hart = &f->machine->harts[0];
}

static inline void
hart_fixture_tear_down (HartFixture *f)
{
  pvm_machine_free (f->machine);
}

static inline uint8_t *
hart_test_ram (HartFixture *f, uint64_t pa)
{
  uint8_t *p = pvm_machine_ram_ptr (f->machine, pa, 1);
  g_assert_nonnull (p);
  return p;
}

/* Places @n instructions at guest physical @pa: each word is 2 or 4 bytes long according to
 * its low bits, as it would be fetched. Returns the address after the last one. */
static inline uint64_t
hart_test_code (HartFixture *f, uint64_t pa, const uint32_t *insns, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned len = (insns[i] & 3) == 3 ? 4 : 2;
    memcpy (hart_test_ram (f, pa), &insns[i], len);
    pa += len;
  }
  return pa;
}

#define HART_TEST_CODE(f, pa, ...)                                                                 \
  hart_test_code ((f), (pa), (const uint32_t[]) { __VA_ARGS__ },                                   \
                  sizeof ((const uint32_t[]) { __VA_ARGS__ }) / sizeof (uint32_t))

/* Encodings used by several tests. */
#define INSN_JAL_SELF 0x0000006fu /* jal x0, 0: a loop in place */
#define INSN_NOP 0x00000013u      /* addi x0, x0, 0 */
#define INSN_ECALL 0x00000073u
#define INSN_EBREAK 0x00100073u
#define INSN_MRET 0x30200073u
#define INSN_SRET 0x10200073u
#define INSN_WFI 0x10500073u

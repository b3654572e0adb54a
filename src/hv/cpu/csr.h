/* csr.h: the control and status registers of the M, S and U levels. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "hv/cpu/hart.h"

enum {
  PVM_CSR_FFLAGS = 0x001,
  PVM_CSR_FRM = 0x002,
  PVM_CSR_FCSR = 0x003,
  PVM_CSR_CYCLE = 0xc00,
  PVM_CSR_TIME = 0xc01,
  PVM_CSR_INSTRET = 0xc02,
  PVM_CSR_HPMCOUNTER3 = 0xc03,
  PVM_CSR_HPMCOUNTER31 = 0xc1f,

  PVM_CSR_SSTATUS = 0x100,
  PVM_CSR_SIE = 0x104,
  PVM_CSR_STVEC = 0x105,
  PVM_CSR_SCOUNTEREN = 0x106,
  PVM_CSR_SENVCFG = 0x10a,
  PVM_CSR_SSCRATCH = 0x140,
  PVM_CSR_SEPC = 0x141,
  PVM_CSR_SCAUSE = 0x142,
  PVM_CSR_STVAL = 0x143,
  PVM_CSR_SIP = 0x144,
  PVM_CSR_STIMECMP = 0x14d,
  PVM_CSR_SATP = 0x180,

  PVM_CSR_MVENDORID = 0xf11,
  PVM_CSR_MARCHID = 0xf12,
  PVM_CSR_MIMPID = 0xf13,
  PVM_CSR_MHARTID = 0xf14,
  PVM_CSR_MCONFIGPTR = 0xf15,
  PVM_CSR_MSTATUS = 0x300,
  PVM_CSR_MISA = 0x301,
  PVM_CSR_MEDELEG = 0x302,
  PVM_CSR_MIDELEG = 0x303,
  PVM_CSR_MIE = 0x304,
  PVM_CSR_MTVEC = 0x305,
  PVM_CSR_MCOUNTEREN = 0x306,
  PVM_CSR_MENVCFG = 0x30a,
  PVM_CSR_MCOUNTINHIBIT = 0x320,
  PVM_CSR_MHPMEVENT3 = 0x323,
  PVM_CSR_MHPMEVENT31 = 0x33f,
  PVM_CSR_MSCRATCH = 0x340,
  PVM_CSR_MEPC = 0x341,
  PVM_CSR_MCAUSE = 0x342,
  PVM_CSR_MTVAL = 0x343,
  PVM_CSR_MIP = 0x344,
  PVM_CSR_PMPCFG0 = 0x3a0,
  PVM_CSR_PMPCFG15 = 0x3af,
  PVM_CSR_PMPADDR0 = 0x3b0,
  PVM_CSR_PMPADDR63 = 0x3ef,
  PVM_CSR_MCYCLE = 0xb00,
  PVM_CSR_MINSTRET = 0xb02,
  PVM_CSR_MHPMCOUNTER3 = 0xb03,
  PVM_CSR_MHPMCOUNTER31 = 0xb1f,
};

/* misa: RV64 with I, M, A, F, D, C, S and U. */
#define PVM_MISA_VALUE                                                                             \
  ((2ull << 62) | (1u << ('A' - 'A')) | (1u << ('C' - 'A')) | (1u << ('D' - 'A')) |               \
   (1u << ('F' - 'A')) | (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('S' - 'A')) |        \
   (1u << ('U' - 'A')))

/* The Zicsr operations. */
typedef enum {
  PVM_CSR_OP_WRITE, /* CSRRW: csr = operand */
  PVM_CSR_OP_SET,   /* CSRRS: csr |= operand */
  PVM_CSR_OP_CLEAR, /* CSRRC: csr &= ~operand */
} PvmCsrOp;

/* Reads CSR @csr as the hart's current privilege may. Returns 0 with the value, or nonzero
 * with an illegal-instruction trap (tval 0) recorded in @hart when the CSR does not exist or
 * may not be read at this privilege. Never allocates. */
PVM_MUST_CHECK int pvm_csr_read (PvmHart *hart, unsigned csr, uint64_t *value);

/* Writes @value to CSR @csr, keeping read-only and WARL bits as the spec says, and applying the
 * side effects (translation mode, TLB flush, interrupt re-check, timers). Returns 0, or nonzero
 * with an illegal-instruction trap (tval 0) when the CSR is missing, read-only or not
 * accessible at this privilege. Never allocates. */
PVM_MUST_CHECK int pvm_csr_write (PvmHart *hart, unsigned csr, uint64_t value);

/* Performs one Zicsr instruction's access: reads the CSR (its old value in *@old; reading has
 * no side effects), combines it with @operand by @op and writes the result if @write (a
 * read-only CSR raises only then). Read-modify-write of mip uses the software-written SEIP,
 * not the interrupt controller's. Returns 0, or nonzero with the illegal-instruction trap
 * (tval 0) recorded; nothing is written then. Never allocates. */
PVM_MUST_CHECK int pvm_csr_access (PvmHart *hart, unsigned csr, PvmCsrOp op, uint64_t operand,
                                   bool write, uint64_t *old);

/* Returns mstatus as the guest reads it (SD computed from FS). */
uint64_t pvm_csr_mstatus (const PvmHart *hart);

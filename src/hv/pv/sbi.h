/* sbi.h: the SBI v2.0 answered by the hypervisor — the hypercall interface of PV guests. */
#pragma once

#include "hv/cpu/hart.h"

/* SBI error codes (returned in a0). */
enum {
  PVM_SBI_SUCCESS = 0,
  PVM_SBI_ERR_FAILED = -1,
  PVM_SBI_ERR_NOT_SUPPORTED = -2,
  PVM_SBI_ERR_INVALID_PARAM = -3,
  PVM_SBI_ERR_DENIED = -4,
  PVM_SBI_ERR_INVALID_ADDRESS = -5,
  PVM_SBI_ERR_ALREADY_AVAILABLE = -6,
  PVM_SBI_ERR_ALREADY_STARTED = -7,
  PVM_SBI_ERR_ALREADY_STOPPED = -8,
};

/* Answers the SBI call that @hart made with ECALL from S-mode (a7 = extension, a6 = function,
 * a0..a5 = arguments): sets a0 (error) and a1 (value) as the SBI specifies, and may post
 * requests to this or other harts (IPI, remote fences, HSM, system reset). Does not touch pc:
 * the caller continues after the ECALL and ends the block. Any extension or function it does
 * not implement answers PVM_SBI_ERR_NOT_SUPPORTED. Never fails on guest input. */
void pvm_sbi_call (PvmHart *hart);

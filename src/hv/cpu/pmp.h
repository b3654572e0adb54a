/* pmp.h: physical memory protection — 16 entries, TOR/NA4/NAPOT, 4-byte granularity. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "hv/cpu/hart.h"

#define PVM_PMP_R 0x01
#define PVM_PMP_W 0x02
#define PVM_PMP_X 0x04
#define PVM_PMP_A 0x18
#define PVM_PMP_A_OFF 0x00
#define PVM_PMP_A_TOR 0x08
#define PVM_PMP_A_NA4 0x10
#define PVM_PMP_A_NAPOT 0x18
#define PVM_PMP_L 0x80

/* Rebuilds @hart's decoded ranges from pmpcfg/pmpaddr. Never allocates. */
void pvm_pmp_update (PvmHart *hart);

/* Returns true if an access of @len bytes at physical address @pa with the permission bits
 * @perm (PVM_PMP_R/W/X) is allowed at privilege @priv: the lowest-numbered entry that matches
 * any byte must match all of them and grant @perm (M-mode only consults locked entries); with
 * no match, only M-mode succeeds. */
bool pvm_pmp_check (const PvmHart *hart, uint64_t pa, uint64_t len, unsigned perm, int priv);

/* CSR access to pmpcfg@n (@n even, 0..14) and pmpaddr@n (0..63): entries past the 16
 * implemented read zero and ignore writes; locked entries ignore writes. Writes rebuild the
 * ranges and flush the TLB. */
uint64_t pvm_pmp_read_cfg (const PvmHart *hart, unsigned n);
void pvm_pmp_write_cfg (PvmHart *hart, unsigned n, uint64_t value);
uint64_t pvm_pmp_read_addr (const PvmHart *hart, unsigned n);
void pvm_pmp_write_addr (PvmHart *hart, unsigned n, uint64_t value);

/* test-elf.h: watching an ISA test program's `tohost` word (the HTIF convention of
 * riscv-tests) from pvm-vmm's main thread. */
#pragma once

#include "hv/machine/machine.h"

/* Looks once at machine->tohost_addr. Returns -1 while the program runs; 0 when it wrote 1
 * (pass); 1 when it wrote (N << 1) | 1 with 0 < N < 2^47 (device 0, command 0), after printing
 * "pvm-vmm: test ELF @name failed at test N" on stderr. Answers console output requests (device 1, command 1) and
 * write(2) system calls (a pointer to { 64, fd, buf, len }) by writing to machine->serial, or to
 * stdout without one; other system calls get -ENOSYS. Each answer goes in `fromhost`
 * (machine->fromhost_addr) before tohost is cleared. Never touches anything outside guest RAM. */
int pvm_vmm_test_poll (PvmMachine *machine, const char *name);

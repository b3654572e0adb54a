/* jit.h: translation of decoded blocks (block.h) to host code.
 *
 * A translated block does what the interpreter does with the same PvmInsn array: the integer
 * operations of RV64I and MUL/MULW are done in host instructions against hart->x, loads and
 * stores take the TLB's fast path inline and call their handler on a miss, and every other
 * operation calls its handler. The block's code returns where it left the block and why, which
 * the run loop (interp.c) treats exactly as the interpreter's own exits, so instret, traps and
 * block links do not care which of the two ran a block.
 *
 * The code lives in one arena per hart, dropped with the block cache. On hosts other than
 * x86-64, or where no executable memory can be had, there is no arena and every block is
 * interpreted.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/cpu/insn.h"

typedef struct PvmBlock PvmBlock;
typedef struct PvmJit PvmJit;

/* Where translated code left: @insn is the instruction that ended a block with @r (PVM_EXEC_JUMP
 * or PVM_EXEC_TRAP), or a block's end marker with @r = 0 when it ran to its end (hart->pc then
 * already points past the block). The block is the one hart->block_insns points into: a block's
 * code may go straight on into the next block's, adding to instret the instructions of each
 * block it leaves so, and setting hart->block_insns. An exit by a jump or a taken branch, or at the
 * end, sets hart->jit_link to its link slot, for pvm_jit_link(). */
typedef struct {
  const PvmInsn *insn;
  uint64_t r;
} PvmJitExit;

typedef PvmJitExit (*PvmJitCode) (PvmHart *hart);

/* Returns a new, empty code arena, or NULL if this host cannot run translated code (then the
 * interpreter runs everything). PVM_JIT=0 in the environment also says no. */
PvmJit *pvm_jit_new (void);

/* Frees @jit and all its code. */
void pvm_jit_free (PvmJit *jit);

/* Drops all code of @jit; the caller drops every block that pointed at it. */
void pvm_jit_reset (PvmJit *jit);

/* True if @jit has room for the translation of any block. */
bool pvm_jit_has_room (const PvmJit *jit);

/* Translates @b, whose instructions must stay where they are while the code lives; returns the
 * code, or NULL if @jit is full. */
PvmJitCode pvm_jit_translate (PvmJit *jit, const PvmBlock *b);

/* Fills @link, the slot of the exit just taken (hart->jit_link), with @next (which has code): the
 * exit then goes on into @next while the hart is at @pc with chain_gen @gen. The caller
 * guarantees what pvm_block_link() needs: @next is the block for @pc now, and nothing has
 * changed chain_gen since the block that owns @link was fetched. */
void pvm_jit_link (void *link, const PvmBlock *next, uint64_t gen, uint64_t pc);

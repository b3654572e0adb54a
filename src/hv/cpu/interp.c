/* interp.c: the run loop, and the interpreter.
 *
 * A hart runs block after block (block.h). A block translated to host code (jit.h) is called,
 * and may run on into the blocks it is linked to before it returns; it returns to the same two
 * exits as an interpreted block, so what happens between blocks is the same for both.
 *
 * Otherwise, within a block, each instruction jumps straight to the code of the next one
 * through a table of labels indexed by its op (GCC's computed goto), so that the host's branch
 * predictor sees one indirect jump per operation rather than one shared call site. The integer
 * operations (RV64I, M, Zba/Zbb/Zbs: nearly everything a program runs) are expanded in place
 * from exec-i.h, exec-m.h and exec-b.h, with the hart's registers a pointer away; the others
 * (A, F/D, Zicsr and privileged) call their handler.
 *
 * pvm_hart_step() (hart.c) runs the same handlers one call at a time, for tests.
 */
#include "hv/cpu/block.h"
#include "hv/cpu/exec-b.h"
#include "hv/cpu/exec-i.h"
#include "hv/cpu/exec-m.h"
#include "hv/cpu/hart-private.h"

#define INTERP_INLINE(NAME, name) [PVM_OP_##NAME] = &&op_##name,
#define INTERP_CALL(NAME, name) [PVM_OP_##NAME] = &&op_call,

/* The code of an inlined operation: a trap or a jump leaves the block, else on to the next. */
#define INTERP_OP(NAME, name)                                                                      \
  op_##name:                                                                                       \
  r = exec_##name (hart, insn);                                                                    \
  if (r)                                                                                           \
    goto block_left;                                                                               \
  insn++;                                                                                          \
  goto *dispatch[insn->op];

void
pvm_hart_run (PvmHart *hart)
{
  static const void *const dispatch[PVM_BLOCK_OP_END + 1] = {
    PVM_OPS_I (INTERP_INLINE) PVM_OPS_M (INTERP_INLINE) PVM_OPS_B (INTERP_INLINE)
    PVM_OPS_A (INTERP_CALL) PVM_OPS_FD (INTERP_CALL) PVM_OPS_PRIV (INTERP_CALL)
    [PVM_BLOCK_OP_END] = &&op_end,
  };
  PvmBlock *prev = NULL, *b;
  const PvmInsn *insn;
  uint64_t gen = 0;
  int r;

  _pvm_hart_post_self (hart, PVM_HART_REQ_IRQ | PVM_HART_REQ_TIMER);
  hart->jit_link = NULL;

next_block:
  if (PVM_UNLIKELY (atomic_load_explicit (&hart->requests, memory_order_relaxed))) {
    if (_pvm_hart_service (hart, true))
      return;
    prev = NULL;
    hart->jit_link = NULL;
  }
  if (PVM_UNLIKELY (--hart->timer_check == 0)) {
    hart->timer_check = PVM_HART_TIMER_INTERVAL;
    _pvm_hart_update_timers (hart, pvm_hart_time (hart));
  }
  uint64_t prev_gen = gen;
  b = pvm_block_next (hart, prev, &gen);
  if (hart->jit_link) {
    /* The translated exit that led here learns where it leads, on the same terms as a link. */
    if (b && b->code && prev && prev_gen == hart->chain_gen)
      pvm_jit_link (hart->jit_link, b, hart->chain_gen, hart->pc);
    hart->jit_link = NULL;
  }
  if (PVM_UNLIKELY (!b)) {
    pvm_hart_take_trap (hart, hart->trap_cause, hart->trap_tval);
    prev = NULL;
    goto next_block;
  }
  insn = b->insns;
  hart->block_insns = insn;
  if (PVM_LIKELY (b->code != NULL)) {
    PvmJitExit exit = b->code (hart);
    insn = exit.insn;
    r = (int) exit.r;
    b = pvm_block_of_insns (hart->block_insns);
    if (r)
      goto block_left;
    goto block_done;
  }
  goto *dispatch[insn->op];

  PVM_OPS_I (INTERP_OP)
  PVM_OPS_M (INTERP_OP)
  PVM_OPS_B (INTERP_OP)

op_call:
  r = insn->fn (hart, insn);
  if (r)
    goto block_left;
  insn++;
  goto *dispatch[insn->op];

op_end: /* the block ran to its end: on after its last instruction */
  hart->pc += insn->pc_off;
block_done:
  hart->instret += b->n_insns;
  prev = b;
  goto next_block;

block_left:
  if (PVM_LIKELY (r == PVM_EXEC_JUMP)) { /* the jump retires */
    hart->instret += (uint64_t) (insn - b->insns) + 1;
    prev = b;
  } else {
    hart->instret += (uint64_t) (insn - b->insns);
    _pvm_hart_trap_at (hart, insn);
    prev = NULL;
  }
  goto next_block;
}

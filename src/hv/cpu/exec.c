/* exec.c: the table from operation to handler. */
#include "hv/cpu/insn.h"

const PvmExecFn pvm_exec_table[PVM_OP_COUNT] = {
#define PVM_EXEC_ENTRY(NAME, name) [PVM_OP_##NAME] = pvm_exec_##name,
  PVM_OPS_ALL (PVM_EXEC_ENTRY)
#undef PVM_EXEC_ENTRY
};

static const char *const op_names[PVM_OP_COUNT] = {
#define PVM_NAME_ENTRY(NAME, name) [PVM_OP_##NAME] = #name,
  PVM_OPS_ALL (PVM_NAME_ENTRY)
#undef PVM_NAME_ENTRY
};

const char *
pvm_op_name (PvmOp op)
{
  return op < PVM_OP_COUNT ? op_names[op] : "?";
}

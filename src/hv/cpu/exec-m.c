/* exec-m.c: the out-of-line handlers of the M extension; the operations are in exec-m.h. */
#include "hv/cpu/exec-m.h"

PVM_OPS_M (PVM_EXEC_DEFINE)

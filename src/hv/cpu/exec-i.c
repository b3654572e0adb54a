/* exec-i.c: the out-of-line handlers of RV64I and Zifencei; the operations are in exec-i.h. */
#include "hv/cpu/exec-i.h"

PVM_OPS_I (PVM_EXEC_DEFINE)

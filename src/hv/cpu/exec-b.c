/* exec-b.c: the out-of-line handlers of Zba, Zbb and Zbs; the operations are in exec-b.h. */
#include "hv/cpu/exec-b.h"

PVM_OPS_B (PVM_EXEC_DEFINE)

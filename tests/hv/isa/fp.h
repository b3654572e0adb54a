/* fp.h: checks shared by rv64uf.S and rv64ud.S. \w is s or d; as macro names ignore case,
 * LI_\w is LI_S or LI_D (load a pattern into an F register) and CHECK_\w is CHECK_S or CHECK_D
 * (singles must come out NaN-boxed). Every macro checks the result, then fflags (and clears
 * them). */
#ifndef PVM_ISA_FP_H
#define PVM_ISA_FP_H

#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

/* fd = op(fs1 = a, fs2 = b) with rounding mode rm. */
.macro FOP2 w, op, a, b, exp, flags, rm=dyn
  LI_\w fa0, \a
  LI_\w fa1, \b
  \op fa2, fa0, fa1, \rm
  CHECK_\w fa2, \exp
  CHECK_FLAGS \flags
.endm

/* The same for instructions without a rounding mode (fmin, fmax, fsgnj). */
.macro FOP2N w, op, a, b, exp, flags
  LI_\w fa0, \a
  LI_\w fa1, \b
  \op fa2, fa0, fa1
  CHECK_\w fa2, \exp
  CHECK_FLAGS \flags
.endm

.macro FOP1 w, op, a, exp, flags, rm=dyn
  LI_\w fa0, \a
  \op fa2, fa0, \rm
  CHECK_\w fa2, \exp
  CHECK_FLAGS \flags
.endm

.macro FOP3 w, op, a, b, c, exp, flags, rm=dyn
  LI_\w fa0, \a
  LI_\w fa1, \b
  LI_\w fa3, \c
  \op fa2, fa0, fa1, fa3, \rm
  CHECK_\w fa2, \exp
  CHECK_FLAGS \flags
.endm

/* Integer result: comparisons. */
.macro FCMP w, op, a, b, exp, flags
  LI_\w fa0, \a
  LI_\w fa1, \b
  \op a2, fa0, fa1
  CHECK a2, \exp
  CHECK_FLAGS \flags
.endm

.macro FCLASS w, op, a, exp
  LI_\w fa0, \a
  \op a2, fa0
  CHECK a2, \exp
  CHECK_FLAGS 0
.endm

/* Float to integer. */
.macro FTOI w, op, a, exp, flags, rm=dyn
  LI_\w fa0, \a
  \op a2, fa0, \rm
  CHECK a2, \exp
  CHECK_FLAGS \flags
.endm

/* Integer to float. */
.macro ITOF w, op, a, exp, flags, rm=dyn
  li a0, \a
  \op fa2, a0, \rm
  CHECK_\w fa2, \exp
  CHECK_FLAGS \flags
.endm

/* Integer to float for the exact conversions, which take no rounding mode. */
.macro ITOFX w, op, a, exp
  li a0, \a
  \op fa2, a0
  CHECK_\w fa2, \exp
  CHECK_FLAGS 0
.endm

/* An instruction word with an rm field: R-type OP-FP with funct7 f7 (fd = fa2, fs1 = fa0,
 * fs2 = fa1). */
#define FP_R(f7, rm) (((f7) << 25) | (11 << 20) | (10 << 15) | ((rm) << 12) | (12 << 7) | 0x53)

#endif

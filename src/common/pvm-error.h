/* pvm-error.h: the errors pvmd and pvm-vmm answer on D-Bus, each a named D-Bus error
 * (org.pvm.Hypervisor1.Error.<Name>) whose message is one sentence naming the object. */
#pragma once

#include <gio/gio.h>

#define PVM_ERROR (pvm_error_quark ())

typedef enum {
  PVM_ERROR_NOT_FOUND,        /* .NotFound: the object or device named does not exist */
  PVM_ERROR_INVALID_ARGUMENT, /* .InvalidArgument: an argument or a definition is wrong */
  PVM_ERROR_NOT_AUTHORIZED,   /* .NotAuthorized: the caller may not do this */
  PVM_ERROR_BUSY,             /* .Busy: the object's state forbids it now */
  PVM_ERROR_FAILED,           /* .Failed: anything else */
  PVM_ERROR_N_ERRORS
} PvmError;

/* Returns the error domain, registered with GDBus on first use so that each code travels as its
 * D-Bus name and comes back as the same code on the other side. Thread-safe. */
GQuark pvm_error_quark (void);

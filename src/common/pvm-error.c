/* pvm-error.c: PVM_ERROR and its D-Bus names. */
#include "common/pvm-error.h"

static const GDBusErrorEntry pvm_error_entries[] = {
  [PVM_ERROR_NOT_FOUND] = { PVM_ERROR_NOT_FOUND, "org.pvm.Hypervisor1.Error.NotFound" },
  [PVM_ERROR_INVALID_ARGUMENT] = { PVM_ERROR_INVALID_ARGUMENT,
                                   "org.pvm.Hypervisor1.Error.InvalidArgument" },
  [PVM_ERROR_NOT_AUTHORIZED] = { PVM_ERROR_NOT_AUTHORIZED,
                                 "org.pvm.Hypervisor1.Error.NotAuthorized" },
  [PVM_ERROR_BUSY] = { PVM_ERROR_BUSY, "org.pvm.Hypervisor1.Error.Busy" },
  [PVM_ERROR_FAILED] = { PVM_ERROR_FAILED, "org.pvm.Hypervisor1.Error.Failed" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (pvm_error_entries) == PVM_ERROR_N_ERRORS);

GQuark
pvm_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("pvm-error-quark", &quark, pvm_error_entries,
                                      G_N_ELEMENTS (pvm_error_entries));
  return (GQuark) quark;
}

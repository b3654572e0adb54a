/* host.h: the D-Bus object of the machine pvmd runs on (org.pvm.Hypervisor1.Host). */
#pragma once

#include "common/pvm-hypervisor1.h"
#include "hv/helper/daemon.h"

#define PVM_HELPER_TYPE_HOST (pvm_helper_host_get_type ())
G_DECLARE_FINAL_TYPE (PvmHelperHost, pvm_helper_host, PVM_HELPER, HOST, PvmHostSkeleton)

/* Returns the Host object of @daemon, which must outlive it. */
PvmHelperHost *pvm_helper_host_new (PvmHelperDaemon *daemon);

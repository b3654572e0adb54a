/* network.h: the D-Bus object of one network (org.pvm.Hypervisor1.Network): its definition. */
#pragma once

#include "common/pvm-hypervisor1.h"
#include "common/pvm-network-config.h"

typedef struct PvmNetworkManager PvmNetworkManager;

#define PVM_HELPER_TYPE_NETWORK (pvm_helper_network_get_type ())
G_DECLARE_FINAL_TYPE (PvmHelperNetwork, pvm_helper_network, PVM_HELPER, NETWORK,
                      PvmNetworkSkeleton)

/* Returns the network of @config; @networks (which undefines it) must outlive it. */
PvmHelperNetwork *pvm_helper_network_new (PvmNetworkManager *networks, PvmNetworkConfig *config);

/* Returns the definition; owned by @network. */
PvmNetworkConfig *pvm_helper_network_get_config (PvmHelperNetwork *network);

/* Replaces the definition (same name) and updates the properties. */
void pvm_helper_network_set_config (PvmHelperNetwork *network, PvmNetworkConfig *config);

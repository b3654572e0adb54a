/* pvm-domain-interface-private.h: reading one <interface> of a domain definition, for
 * pvm-domain-config.c. */
#pragma once

#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libxml/tree.h>

#include "common/pvm-domain-interface.h"

/* Checks the <interface> element @node, whose gconfig object is @device (or NULL if gconfig
 * does not know its type), and fills @ifaces[@n] from it; the interfaces before it are
 * @ifaces[0 .. @n). A missing <mac> is chosen at random (52:54:00:xx:xx:xx, unlike the
 * others) and a missing <model> is virtio, both written into @device. Returns FALSE with
 * PVM_ERROR_INVALID_ARGUMENT and one sentence naming what is wrong; @ifaces[@n] then holds
 * nothing to free. */
gboolean _pvm_domain_interface_read (xmlNode *node, GVirConfigDomainDevice *device,
                                     PvmDomainInterface *ifaces, guint n, GError **error);

/* Frees the strings of @iface. */
void _pvm_domain_interface_clear (PvmDomainInterface *iface);

/* pvm-domain-interface.h: a domain's network cards as its definition describes them —
 * <interface type="network"> on a network pvmd defines, or <interface type="user"> on
 * user-mode networking of its own — each with a MAC address and host-to-guest port
 * forwards. */
#pragma once

#include <glib.h>

#define PVM_DOMAIN_MAX_INTERFACES 4 /* each takes one of pvm-vmm's virtio slots */
#define PVM_DOMAIN_MAX_FORWARDS 16  /* ports per interface: pvm-vmm's PVM_NET_MAX_FORWARDS */

typedef enum {
  PVM_DOMAIN_INTERFACE_NETWORK, /* <interface type="network"><source network="…"/> */
  PVM_DOMAIN_INTERFACE_USER,    /* <interface type="user">: NAT without a defined network */
} PvmDomainInterfaceType;

/* One port of <portForward proto="…" address="…"><range start="…" to="…"/>: connections to
 * the host's @address:@host_port reach the guest's @guest_port. */
typedef struct {
  gboolean udp;
  const char *address; /* an IPv4 address of the host, or NULL for all of them */
  guint16 host_port;
  guint16 guest_port;
} PvmDomainPortForward;

typedef struct {
  PvmDomainInterfaceType type;
  const char *network; /* PVM_DOMAIN_INTERFACE_NETWORK: the network's name; else NULL */
  char mac[18];        /* lowercase, such as 52:54:00:0a:1b:2c */
  PvmDomainPortForward forwards[PVM_DOMAIN_MAX_FORWARDS];
  guint n_forwards;
} PvmDomainInterface;

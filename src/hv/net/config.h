/* config.h: what a guest's network card is attached to, as the user describes it —
 * `user[,hostfwd=...][,mac=...]` or `tap,ifname=NAME|fd=N[,mac=...]`, as in QEMU's -nic. */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* The most host forwards one user-mode network takes. */
#define PVM_NET_MAX_FORWARDS 16
/* A tap device's name: at most 15 bytes (IFNAMSIZ - 1). */
#define PVM_NET_IFNAME_MAX 16

typedef enum {
  PVM_NET_USER, /* user-mode networking: libslirp in the VMM, no privileges */
  PVM_NET_TAP,  /* a tap device of the host, e.g. on a bridge */
} PvmNetKind;

/* hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT: connections to the host's
 * HOSTADDR:HOSTPORT go to the guest's GUESTADDR:GUESTPORT. */
typedef struct {
  bool udp;
  struct in_addr host_addr; /* INADDR_ANY when not given */
  uint16_t host_port;
  struct in_addr guest_addr; /* the guest's DHCP address 10.0.2.15 when not given */
  uint16_t guest_port;
} PvmNetForward;

typedef struct {
  PvmNetKind kind;
  uint8_t mac[6];                    /* the card's address */
  char ifname[PVM_NET_IFNAME_MAX];   /* PVM_NET_TAP with ifname=: the tap device */
  int tap_fd; /* PVM_NET_TAP with fd=: a tap device opened by the caller (pvmd); else -1 */
  PvmNetForward forwards[PVM_NET_MAX_FORWARDS]; /* PVM_NET_USER */
  unsigned n_forwards;
} PvmNetConfig;

/* The user-mode network's addresses, as QEMU's -netdev user has them. */
#define PVM_NET_USER_NETWORK "10.0.2.0"
#define PVM_NET_USER_NETMASK "255.255.255.0"
#define PVM_NET_USER_HOST "10.0.2.2"
#define PVM_NET_USER_DNS "10.0.2.3"
#define PVM_NET_USER_GUEST "10.0.2.15"

/* Fills @config from @spec (`user[,hostfwd=RULE]...[,mac=XX:XX:XX:XX:XX:XX]` or
 * `tap,ifname=NAME[,mac=...]` or `tap,fd=N[,mac=...]`, N an inherited descriptor from 3 up:
 * only the number is read, the descriptor is not looked at). Without mac=, the card of @index (0 for the first) gets
 * 52:54:00:12:34:56 + @index, as QEMU numbers its cards. Returns FALSE with @error (one
 * sentence quoting the bad part) if @spec is not such a description. Never touches the host. */
gboolean pvm_net_config_parse (PvmNetConfig *config, const char *spec, unsigned index,
                               GError **error);

/* config.c: parsing a network card's description.
 *
 *   user[,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...[,mac=MAC]
 *   tap,ifname=NAME[,mac=MAC]
 *   tap,fd=N[,mac=MAC]
 */
#include "hv/net/config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "hv/machine/machine.h"

static const uint8_t config_default_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static gboolean
config_fail (GError **error, const char *spec, const char *what)
{
  g_set_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID, "“%s” is not a network: %s",
               spec, what);
  return FALSE;
}

/* A port: a decimal number from 1 to 65535. */
static gboolean
config_parse_port (const char *text, uint16_t *port)
{
  char *end;
  uint64_t v;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end || errno || v == 0 || v > UINT16_MAX)
    return FALSE;
  *port = (uint16_t) v;
  return TRUE;
}

/* An IPv4 address, or the empty string for @fallback. */
static gboolean
config_parse_addr (const char *text, const char *fallback, struct in_addr *addr)
{
  return inet_pton (AF_INET, text[0] ? text : fallback, addr) == 1;
}

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT */
static gboolean
config_parse_forward (const char *rule, PvmNetForward *fwd)
{
  g_auto (GStrv) sides = g_strsplit (rule, "-", -1);
  if (g_strv_length (sides) != 2)
    return FALSE;
  g_auto (GStrv) host = g_strsplit (sides[0], ":", -1);
  g_auto (GStrv) guest = g_strsplit (sides[1], ":", -1);
  if (g_strv_length (host) != 3 || g_strv_length (guest) != 2)
    return FALSE;

  memset (fwd, 0, sizeof *fwd);
  if (strcmp (host[0], "udp") == 0)
    fwd->udp = true;
  else if (host[0][0] && strcmp (host[0], "tcp") != 0)
    return FALSE;
  return config_parse_addr (host[1], "0.0.0.0", &fwd->host_addr) &&
         config_parse_port (host[2], &fwd->host_port) &&
         config_parse_addr (guest[0], PVM_NET_USER_GUEST, &fwd->guest_addr) &&
         config_parse_port (guest[1], &fwd->guest_port);
}

/* Six two-digit hexadecimal bytes separated by colons, not a multicast address. */
static gboolean
config_parse_mac (const char *text, uint8_t mac[6])
{
  for (unsigned i = 0; i < 6; i++) {
    const char *p = text + 3 * i;
    if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || p[2] != (i < 5 ? ':' : '\0'))
      return FALSE;
    mac[i] = (uint8_t) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
  }
  return !(mac[0] & 1);
}

/* A descriptor number a parent can hand down: 3 (after stdio) to INT_MAX. */
static gboolean
config_parse_fd (const char *text, int *fd)
{
  char *end;
  uint64_t v;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end || errno || v < 3 || v > G_MAXINT)
    return FALSE;
  *fd = (int) v;
  return TRUE;
}

/* What Linux accepts as an interface name (dev_valid_name). */
static gboolean
config_ifname_ok (const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len >= PVM_NET_IFNAME_MAX || strcmp (name, ".") == 0 ||
      strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p; p++) {
    if (*p == '/' || *p == ':' || g_ascii_isspace (*p))
      return FALSE;
  }
  return TRUE;
}

gboolean
pvm_net_config_parse (PvmNetConfig *config, const char *spec, unsigned index, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, ",", -1);
  bool have_mac = false;

  memset (config, 0, sizeof *config);
  config->tap_fd = -1;
  if (!parts[0] || (strcmp (parts[0], "user") != 0 && strcmp (parts[0], "tap") != 0))
    return config_fail (error, spec, "it must start with “user” or “tap”");
  config->kind = strcmp (parts[0], "user") == 0 ? PVM_NET_USER : PVM_NET_TAP;

  for (unsigned i = 1; parts[i]; i++) {
    const char *opt = parts[i];
    g_autofree char *what = NULL;

    if (g_str_has_prefix (opt, "hostfwd=") && config->kind == PVM_NET_USER) {
      const char *rule = opt + strlen ("hostfwd=");
      if (config->n_forwards == PVM_NET_MAX_FORWARDS) {
        what = g_strdup_printf ("it has more than %u host forwards", PVM_NET_MAX_FORWARDS);
        return config_fail (error, spec, what);
      }
      if (!config_parse_forward (rule, &config->forwards[config->n_forwards])) {
        what = g_strdup_printf ("“%s” is not [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:"
                                "GUESTPORT", rule);
        return config_fail (error, spec, what);
      }
      config->n_forwards++;
    } else if (g_str_has_prefix (opt, "ifname=") && config->kind == PVM_NET_TAP) {
      const char *name = opt + strlen ("ifname=");
      if (!config_ifname_ok (name)) {
        what = g_strdup_printf ("“%s” is not an interface name of 1 to %u characters", name,
                                PVM_NET_IFNAME_MAX - 1);
        return config_fail (error, spec, what);
      }
      g_strlcpy (config->ifname, name, sizeof config->ifname);
    } else if (g_str_has_prefix (opt, "fd=") && config->kind == PVM_NET_TAP) {
      if (!config_parse_fd (opt + strlen ("fd="), &config->tap_fd)) {
        what = g_strdup_printf ("“%s” is not a file descriptor number from 3 up",
                                opt + strlen ("fd="));
        return config_fail (error, spec, what);
      }
    } else if (g_str_has_prefix (opt, "mac=")) {
      if (!config_parse_mac (opt + strlen ("mac="), config->mac)) {
        what = g_strdup_printf ("“%s” is not a unicast MAC address like 52:54:00:12:34:56",
                                opt + strlen ("mac="));
        return config_fail (error, spec, what);
      }
      have_mac = true;
    } else {
      what = g_strdup_printf ("“%s” is not an option of a %s network", opt, parts[0]);
      return config_fail (error, spec, what);
    }
  }

  if (config->kind == PVM_NET_TAP && (config->ifname[0] != '\0') == (config->tap_fd >= 0))
    return config_fail (error, spec, "a tap network needs either ifname=NAME or fd=N");
  if (!have_mac) {
    memcpy (config->mac, config_default_mac, sizeof config->mac);
    config->mac[5] = (uint8_t) (config->mac[5] + index);
  }
  return TRUE;
}

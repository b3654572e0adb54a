/* test-net-config.c: parsing the description of a network card (--net). */
#include <arpa/inet.h>
#include <string.h>

#include "hv/machine/machine.h"
#include "hv/net/config.h"

static void
assert_addr (struct in_addr addr, const char *text)
{
  char buf[INET_ADDRSTRLEN];

  g_assert_nonnull (inet_ntop (AF_INET, &addr, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, text);
}

static void
test_user_takes_the_default_address (void)
{
  g_autoptr (GError) error = NULL;
  PvmNetConfig c;
  static const uint8_t mac0[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
  static const uint8_t mac2[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x58 };

  g_assert_true (pvm_net_config_parse (&c, "user", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.kind, ==, PVM_NET_USER);
  g_assert_cmpuint (c.n_forwards, ==, 0);
  g_assert_cmpmem (c.mac, 6, mac0, 6);
  g_assert_true (pvm_net_config_parse (&c, "user", 2, &error));
  g_assert_cmpmem (c.mac, 6, mac2, 6);
}

static void
test_host_forwards_read_as_in_qemu (void)
{
  g_autoptr (GError) error = NULL;
  PvmNetConfig c;

  g_assert_true (pvm_net_config_parse (&c, "user,hostfwd=tcp::2222-:22,hostfwd=udp:127.0.0.1:"
                                           "5353-10.0.2.16:53,hostfwd=:10.1.2.3:8080-:80",
                                       0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_forwards, ==, 3);
  g_assert_false (c.forwards[0].udp);
  assert_addr (c.forwards[0].host_addr, "0.0.0.0");
  g_assert_cmpuint (c.forwards[0].host_port, ==, 2222);
  assert_addr (c.forwards[0].guest_addr, "10.0.2.15");
  g_assert_cmpuint (c.forwards[0].guest_port, ==, 22);
  g_assert_true (c.forwards[1].udp);
  assert_addr (c.forwards[1].host_addr, "127.0.0.1");
  g_assert_cmpuint (c.forwards[1].host_port, ==, 5353);
  assert_addr (c.forwards[1].guest_addr, "10.0.2.16");
  g_assert_cmpuint (c.forwards[1].guest_port, ==, 53);
  g_assert_false (c.forwards[2].udp);
  assert_addr (c.forwards[2].host_addr, "10.1.2.3");
}

static void
test_tap_takes_an_interface_name (void)
{
  g_autoptr (GError) error = NULL;
  PvmNetConfig c;
  static const uint8_t mac[6] = { 0x02, 0xab, 0xcd, 0xef, 0x01, 0x23 };

  g_assert_true (pvm_net_config_parse (&c, "tap,ifname=pvmtap0,mac=02:AB:cd:ef:01:23", 0,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.kind, ==, PVM_NET_TAP);
  g_assert_cmpstr (c.ifname, ==, "pvmtap0");
  g_assert_cmpmem (c.mac, 6, mac, 6);
}

static void
test_tap_takes_an_inherited_descriptor (void)
{
  g_autoptr (GError) error = NULL;
  PvmNetConfig c;

  g_assert_true (pvm_net_config_parse (&c, "tap,fd=5,mac=52:54:00:77:00:02", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.kind, ==, PVM_NET_TAP);
  g_assert_cmpint (c.tap_fd, ==, 5);
  g_assert_cmpstr (c.ifname, ==, "");
  g_assert_true (pvm_net_config_parse (&c, "tap,ifname=t0", 0, &error));
  g_assert_cmpint (c.tap_fd, ==, -1);
  g_assert_true (pvm_net_config_parse (&c, "user", 0, &error));
  g_assert_cmpint (c.tap_fd, ==, -1);
}

static void
test_bad_descriptions_fail_with_one_sentence (void)
{
  static const struct {
    const char *spec, *pattern;
  } cases[] = {
    { "", "“” is not a network: it must start with “user” or “tap”" },
    { "bridge", "*must start with “user” or “tap”" },
    { "user,hostfwd=tcp::0-:22", "*“tcp::0-:22” is not [tcp|udp]:[HOSTADDR]:HOSTPORT-*" },
    { "user,hostfwd=tcp::65536-:22", "*“tcp::65536-:22” is not*" },
    { "user,hostfwd=sctp::1-:22", "*“sctp::1-:22” is not*" },
    { "user,hostfwd=tcp::22", "*“tcp::22” is not*" },
    { "user,hostfwd=tcp:1.2.3:22-:22", "*“tcp:1.2.3:22-:22” is not*" },
    { "user,ifname=x", "*“ifname=x” is not an option of a user network" },
    { "tap,ifname=", "*“” is not an interface name of 1 to 15 characters" },
    { "tap,ifname=a/b", "*“a/b” is not an interface name*" },
    { "tap,ifname=0123456789abcdef", "*“0123456789abcdef” is not an interface name*" },
    { "tap,ifname=t,hostfwd=tcp::1-:1", "*“hostfwd=tcp::1-:1” is not an option of a tap*" },
    { "user,mac=52:54:00:12:34", "*“52:54:00:12:34” is not a unicast MAC address*" },
    { "user,mac=01:00:5e:00:00:01", "*“01:00:5e:00:00:01” is not a unicast MAC address*" },
    { "user,mac=52:54:00:12:34:5g", "*is not a unicast MAC address*" },
    { "tap", "*needs either ifname=NAME or fd=N*" },
    { "tap,ifname=t0,fd=4", "*needs either ifname=NAME or fd=N*" },
    { "tap,fd=2", "*“2” is not a file descriptor number from 3 up*" },
    { "tap,fd=x", "*“x” is not a file descriptor number*" },
    { "tap,fd=99999999999", "*is not a file descriptor number*" },
    { "user,fd=4", "*“fd=4” is not an option of a user network*" },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    PvmNetConfig c;

    g_assert_false (pvm_net_config_parse (&c, cases[i].spec, 0, &error));
    g_assert_error (error, PVM_MACHINE_ERROR, PVM_MACHINE_ERROR_INVALID);
    if (!g_pattern_match_simple (cases[i].pattern, error->message))
      g_error ("“%s”: “%s” does not match “%s”", cases[i].spec, error->message,
               cases[i].pattern);
    g_assert_null (strchr (error->message, '\n'));
  }
}

static void
test_too_many_forwards_are_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) spec = g_string_new ("user");
  PvmNetConfig c;

  for (unsigned i = 0; i <= PVM_NET_MAX_FORWARDS; i++)
    g_string_append_printf (spec, ",hostfwd=tcp::%u-:80", 10000 + i);
  g_assert_false (pvm_net_config_parse (&c, spec->str, 0, &error));
  g_assert_nonnull (strstr (error->message, "more than 16 host forwards"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hv/net/config/user-takes-the-default-address",
                   test_user_takes_the_default_address);
  g_test_add_func ("/hv/net/config/host-forwards-read-as-in-qemu",
                   test_host_forwards_read_as_in_qemu);
  g_test_add_func ("/hv/net/config/tap-takes-an-interface-name",
                   test_tap_takes_an_interface_name);
  g_test_add_func ("/hv/net/config/tap-takes-an-inherited-descriptor",
                   test_tap_takes_an_inherited_descriptor);
  g_test_add_func ("/hv/net/config/bad-descriptions-fail-with-one-sentence",
                   test_bad_descriptions_fail_with_one_sentence);
  g_test_add_func ("/hv/net/config/too-many-forwards-are-refused",
                   test_too_many_forwards_are_refused);
  return g_test_run ();
}

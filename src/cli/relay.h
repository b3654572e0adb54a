/* relay.h: copying bytes both ways between two stream pairs until one side ends — the
 * bridge (stdio and a bus socket) and the console (the terminal and a serial port). */
#pragma once

#include <gio/gio.h>

typedef enum {
  PVM_CLI_RELAY_INPUT_ENDED,  /* @input reached its end */
  PVM_CLI_RELAY_REMOTE_ENDED, /* @remote_in reached its end: the other side closed */
  PVM_CLI_RELAY_ESCAPED,      /* the escape byte arrived on @input */
  PVM_CLI_RELAY_SIGNALLED,    /* SIGTERM, SIGHUP or SIGINT arrived */
  PVM_CLI_RELAY_FAILED,       /* a read or a write failed */
} PvmCliRelayEnd;

typedef enum {
  PVM_CLI_RELAY_NONE = 0,
  /* Each byte 0xff from @input goes to @remote_out twice: a serial socket's escape for one
   * 0xff byte (see OpenSerial in data/org.pvm.Hypervisor1.xml). */
  PVM_CLI_RELAY_DOUBLE_FF = 1 << 0,
} PvmCliRelayFlags;

/* Copies @input to @remote_out and @remote_in to @output until either direction ends, the
 * byte @escape (or -1 for none) arrives on @input (what came before it is still passed on),
 * or a terminating signal arrives. Runs the thread-default main context meanwhile and
 * blocks until every read and write it began is over. Returns how it ended; with
 * PVM_CLI_RELAY_FAILED, @error says why. */
PvmCliRelayEnd pvm_cli_relay_run (GInputStream *input, GOutputStream *output,
                                  GInputStream *remote_in, GOutputStream *remote_out,
                                  int escape, PvmCliRelayFlags flags, GError **error);

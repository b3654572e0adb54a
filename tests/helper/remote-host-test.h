/* remote-host-test.h: a second host for the tests, "hostb" — a network namespace with its own
 * session bus and a real pvmd, reached as pvm+ssh://hostb/session. $PVM_SSH is a script that
 * stands in for ssh: it drops the host and runs the rest (`pvmctl bridge …`) in the namespace
 * with hostb's bus, as `ssh hostb` would run it there. Making a namespace needs root. */
#pragma once

#include <gio/gio.h>

#include "common/pvm-hypervisor1.h"

#define PVM_TEST_REMOTE_URI "pvm+ssh://hostb/session"

typedef struct {
  const char *skipped; /* why hostb could not be made, or NULL */
  char *ns;            /* hostb's network namespace */
  char *dir;           /* hostb's files: run, data, store, guest, the ssh script and its log */
  char *guest;         /* hostb's default guest (links to this host's), its DefaultImages */
  char *address;       /* hostb's bus, reachable only in the namespace */
  char *ssh;           /* the PVM_SSH script */
  GSubprocess *bus, *pvmd;
  GDBusConnection *connection; /* the test's own, through the bridge */
  GDBusObjectManager *manager; /* hostb's pvmd's objects */
  PvmHost *host;
} PvmTestRemoteHost;

/* Forks, before any thread exists, a process that deletes this process's namespace for hostb
 * once this process has ended, however it ends: a failed assertion skips the tear-down. */
void pvm_test_remote_host_start_janitor (void);

/* Makes hostb: its namespace, a directory below @dir (the pvmd janitor's, which kills hostb's
 * bus, pvmd and machines should the test die), its bus, its pvmd, whose default guest is
 * $PVM_GUEST_DIR's files linked into hostb's own directory, and the PVM_SSH script, which it
 * sets in this process's environment (launched apps inherit it). Waits at most 30 seconds for
 * hostb's pvmd to answer through the bridge, then connects to it as pvm-connect does and lists
 * its objects. @r->dir/ssh.log then lists, one line each, the commands run through PVM_SSH
 * after the set-up. Needs $PVMD, $PVM_VMM and $PVMCTL (what the bridge runs on hostb). Returns
 * FALSE, with @r->skipped saying why and the test skipped, if this process is not root or
 * `ip netns` cannot make a namespace; fails the test on any other problem. */
gboolean pvm_test_remote_host_set_up (PvmTestRemoteHost *r, const char *dir);

/* Disconnects, stops hostb's pvmd, kills the machines it ran, removes hostb's directory,
 * stops its bus, deletes the namespace and unsets $PVM_SSH; whatever was made. */
void pvm_test_remote_host_tear_down (PvmTestRemoteHost *r);

/* Returns the Domain proxy of the domain named @name on hostb (a new reference) once hostb's
 * pvmd lists it, waiting at most @timeout_s seconds; NULL if it does not. */
PvmDomain *pvm_test_remote_host_find_domain (PvmTestRemoteHost *r, const char *name,
                                             double timeout_s);

/* Defines hostb's default guest as @name there (256 MiB, one hart) and returns its proxy;
 * fails the test if pvmd refuses. */
PvmDomain *pvm_test_remote_host_define_guest (PvmTestRemoteHost *r, const char *name);

/* pvmd-test.h: a fixture that runs pvmd on a private session bus (GTestDBus) with its own
 * store and runtime directory, and helpers that drive its domains through the generated
 * proxies with the default guest. */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "common/pvm-hypervisor1.h"
#include "helper-test.h"

#define PVM_TEST_BOOT_TIMEOUT 240.0
#define PVM_TEST_CMD_TIMEOUT 60.0
#define PVM_TEST_STATE_TIMEOUT 30.0

typedef struct {
  char *dir;     /* this test's directory */
  char *store;   /* pvmd --store */
  char *runtime; /* pvmd's $XDG_RUNTIME_DIR */
  char *guest;   /* the default guest's directory */
  GTestDBus *bus;
  GDBusConnection *connection; /* the test's own, to the test bus */
  GSubprocess *pvmd;
  GDBusObjectManager *manager; /* pvmd's objects */
  PvmHost *host;
} PvmTestPvmd;

/* Forks, before any thread exists, a process that waits for this one to end (however it
 * ends), then kills the pvmds, buses and machines below @dir and removes @dir. The machines
 * outlive pvmd by design; this is what keeps a failed test from leaving them behind. */
void pvm_test_pvmd_start_janitor (const char *dir);

/* Makes a test directory below @dir (the janitor's) and a private bus, with the D-Bus services
 * of @service_dir activatable on it if not NULL, whose daemon's pid the janitor finds in the
 * directory; connects @f->connection to it. Starts no pvmd and sets no guest. */
void pvm_test_pvmd_make_bus (PvmTestPvmd *f, const char *dir, const char *service_dir);

/* The fixture: a test directory below @dir (the janitor's), a bus, and pvmd started on it. */
void pvm_test_pvmd_set_up (PvmTestPvmd *f, gconstpointer dir);

/* Stops pvmd (SIGTERM: the machines it runs are killed after it), the bus, and removes the
 * test directory. */
void pvm_test_pvmd_tear_down (PvmTestPvmd *f, gconstpointer dir);

/* Starts pvmd and waits until it owns its name; @f->manager and @f->host are then set. */
void pvm_test_pvmd_start (PvmTestPvmd *f);

/* Stops pvmd with @signo, waits for it to end and for the bus to have seen its name go. */
void pvm_test_pvmd_stop (PvmTestPvmd *f, int signo);

/* Returns the definition of the default guest as @name (@uuid, or none), newly allocated. */
char *pvm_test_pvmd_guest_xml (PvmTestPvmd *f, const char *name, const char *uuid,
                               guint memory_mib);

/* Returns the Domain proxy at @path once the object manager lists it (a new reference). */
PvmDomain *pvm_test_pvmd_get_domain (PvmTestPvmd *f, const char *path);

/* Returns the domain named @name that @manager lists now (a new reference), or NULL. */
PvmDomain *pvm_test_find_domain (GDBusObjectManager *manager, const char *name);

/* Waits at most @timeout_s seconds until @manager lists a domain named @name; returns it (a
 * new reference), or NULL. */
PvmDomain *pvm_test_wait_for_domain (GDBusObjectManager *manager, const char *name,
                                     double timeout_s);

/* Defines the default guest as @name (256 MiB, one hart) and returns its proxy. */
PvmDomain *pvm_test_pvmd_define_guest (PvmTestPvmd *f, const char *name);

/* Runs the default main context for a few milliseconds at most. */
void pvm_test_iterate (void);

/* Waits (running the main context) until @domain's State is @state, else fails the test. */
void pvm_test_domain_wait_for_state (PvmDomain *domain, const char *state);

/* Waits until @domain's StateReason contains @fragment, else fails the test. */
void pvm_test_domain_wait_for_reason (PvmDomain *domain, const char *fragment);

/* Starts @domain and waits until it shows "running". */
void pvm_test_domain_start (PvmDomain *domain);

/* Destroys @domain and waits until it shows "shutoff" because it was destroyed. */
void pvm_test_domain_destroy (PvmDomain *domain);

/* Opens the domain's serial console (OpenSerial) and waits for its shell. */
PvmTestSerial *pvm_test_domain_open_serial (PvmDomain *domain, const char *log_name);

/* Returns the pid of the pvm-vmm at the other end of @serial. */
pid_t pvm_test_serial_peer_pid (PvmTestSerial *serial);

/* Checks that @error is PVM_ERROR @code, one sentence that contains @fragment. */
void pvm_test_assert_pvm_error (GError *error, int code, const char *fragment);

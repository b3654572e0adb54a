/* mock-polkit.h: a private system-like bus (its own dbus-daemon, every call allowed) with
 * python-dbusmock's polkitd template on it as org.freedesktop.PolicyKit1 — a mock that
 * grants the actions it is told to, not a real polkitd: it knows nothing of policy files,
 * sessions or administrators. (Or, for test-auth-polkitd, the real polkitd on that bus.) */
#pragma once

#include <gio/gio.h>

typedef struct PvmTestPolkit PvmTestPolkit;

/* One CheckAuthorization call the mock received. */
typedef struct {
  char *action;
  char *subject_kind; /* "system-bus-name" */
  char *subject_name; /* the caller's unique name, for a system-bus-name subject */
  guint32 flags;      /* 1: the caller allows user interaction */
} PvmTestPolkitCheck;

/* Returns NULL if dbus-daemon and python-dbusmock are installed, else a sentence saying which
 * is missing (static). */
const char *pvm_test_polkit_missing (void);

/* Starts the bus (its socket in @dir) and the mock on it, and waits until the mock owns
 * org.freedesktop.PolicyKit1; both are killed if the test process dies. Nothing is allowed. */
PvmTestPolkit *pvm_test_polkit_new (const char *dir);

/* As pvm_test_polkit_new(), with the real polkitd (/usr/lib/polkit-1/polkitd, which must be
 * installed) in place of the mock: it reads the actions and rules of this mount namespace
 * and becomes the polkitd user, which must be able to reach @dir. The mock's controls
 * (allow, hang, release, take_checks) are not for it. */
PvmTestPolkit *pvm_test_polkit_new_real (const char *dir);

/* Returns the bus's address, for DBUS_SYSTEM_BUS_ADDRESS; owned by @polkit. */
const char *pvm_test_polkit_get_address (PvmTestPolkit *polkit);

/* Returns the test's own connection to the bus; owned by @polkit. */
GDBusConnection *pvm_test_polkit_get_connection (PvmTestPolkit *polkit);

/* Makes the mock grant exactly @actions (NULL-terminated; NULL or empty: none). */
void pvm_test_polkit_allow (PvmTestPolkit *polkit, const char *const *actions);

/* Makes the mock hold back its answer for @actions (NULL: none) until released. */
void pvm_test_polkit_hang (PvmTestPolkit *polkit, const char *const *actions);

/* Sends the answers held back, and returns how many calls were waiting. */
guint pvm_test_polkit_release (PvmTestPolkit *polkit);

/* Returns the CheckAuthorization calls received since the last call (a GPtrArray of
 * PvmTestPolkitCheck, freed with the array) and forgets them. */
GPtrArray *pvm_test_polkit_take_checks (PvmTestPolkit *polkit);

/* Stops the mock (TRUE) or starts it again (FALSE), waiting for its name to go or come. */
void pvm_test_polkit_set_stopped (PvmTestPolkit *polkit, gboolean stopped);

/* Stops the mock and the bus, and frees @polkit (NULL is ignored). */
void pvm_test_polkit_free (PvmTestPolkit *polkit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvmTestPolkit, pvm_test_polkit_free)

/* Sets up @launcher's children to be killed (SIGTERM) when the test process dies. */
void pvm_test_launcher_die_with_parent (GSubprocessLauncher *launcher);

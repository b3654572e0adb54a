/* pvm-host-entry.h: one host of the sidebar — a URI, the connection to its pvmd (made through
 * pvm-connect, never blocking) and its domains, kept current by pvmd's ObjectManager. */
#pragma once

#include <gio/gio.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

typedef enum {
  PVM_HOST_ENTRY_IDLE,       /* not asked to connect yet */
  PVM_HOST_ENTRY_CONNECTING, /* pvm_host_entry_connect() is under way */
  PVM_HOST_ENTRY_CONNECTED,  /* the domains are listed and kept current */
  PVM_HOST_ENTRY_FAILED,     /* the connection failed or pvmd went away: see get_error() */
} PvmHostEntryState;

#define PVM_TYPE_HOST_ENTRY (pvm_host_entry_get_type ())
G_DECLARE_FINAL_TYPE (PvmHostEntry, pvm_host_entry, PVM, HOST_ENTRY, GObject)

/* Returns a new idle entry for @uri, which pvm_connect_uri_parse() accepts; @removable says
 * whether the user may remove it (the remote hosts). Never connects. */
PvmHostEntry *pvm_host_entry_new (const char *uri, gboolean removable);

/* Returns the URI (owned by @self). */
const char *pvm_host_entry_get_uri (PvmHostEntry *self);

/* Returns the name people see: "This Computer" or the remote host's name (owned). */
const char *pvm_host_entry_get_title (PvmHostEntry *self);

/* Returns the bus it reaches: "Session" or "System", translated (owned). */
const char *pvm_host_entry_get_subtitle (PvmHostEntry *self);

/* Returns whether the user may remove the host from the sidebar. */
gboolean pvm_host_entry_get_removable (PvmHostEntry *self);

/* Returns the state; "notify::state" says when it changes. */
PvmHostEntryState pvm_host_entry_get_state (PvmHostEntry *self);

/* Returns why the entry is PVM_HOST_ENTRY_FAILED, one sentence naming the host, or NULL
 * (owned by @self). */
const char *pvm_host_entry_get_error (PvmHostEntry *self);

/* Connects to the host's pvmd unless the entry is connecting or connected; the state says how
 * it goes. Never blocks. */
void pvm_host_entry_connect (PvmHostEntry *self);

/* Returns the domains as a list of PvmDomainProxy, in the order pvmd announced them; empty
 * until connected, emptied when pvmd goes away. Owned by @self. */
GListModel *pvm_host_entry_get_domains (PvmHostEntry *self);

/* Returns the Host proxy while connected, else NULL (owned by @self). */
PvmHost *pvm_host_entry_get_host (PvmHostEntry *self);

G_END_DECLS

/* backend.h: a network backend — where the Ethernet frames of a guest's network card go and
 * come from (user-mode networking, a tap device). The card is the backend's peer. Everything
 * here runs on the backend's GMainContext (the VMM's event loop), one call at a time — except
 * that a backend with a lock (user-mode networking) may also be worked from another thread
 * (the hart that notified the card) while that thread holds it: see
 * pvm_net_backend_try_lock(). */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/net/config.h"

typedef struct PvmNetBackend PvmNetBackend;

/* The peer's side: takes one frame for the guest (no virtio header) and returns whether it can
 * take another now. After false the backend should hold its frames back (a tap stops reading)
 * until pvm_net_backend_resume(); one that cannot (user-mode networking) may still deliver, and
 * the peer drops what it has no room for. */
typedef bool (*PvmNetReceive) (void *opaque, const uint8_t *frame, size_t len);

/* An implementation. */
typedef struct {
  const char *name; /* "user", "tap" */
  /* Sends one frame from the guest. Never blocks: a frame the host cannot take now is dropped
   * (as a full link would). */
  void (*send) (PvmNetBackend *backend, const uint8_t *frame, size_t len);
  /* The peer has room again; NULL if the backend never holds frames back. */
  void (*resume) (PvmNetBackend *backend);
  /* Stops everything on the context and frees the backend. */
  void (*free) (PvmNetBackend *backend);
  /* With a lock only: another thread worked the backend and is about to release the lock;
   * wakes the context if what it waits for (its fds, its next timeout) changed. */
  void (*sync_context) (PvmNetBackend *backend);
} PvmNetBackendOps;

/* The first member of every implementation's state. */
struct PvmNetBackend {
  const PvmNetBackendOps *ops;
  GMainContext *context; /* a reference */
  PvmNetReceive receive; /* NULL until a peer connects: frames are then dropped */
  void *opaque;
  /* Set by a backend that may be worked from any thread: it holds the lock around all its own
   * work on the context (the peer callback then runs with it held). NULL: context only. */
  GMutex *lock;
  bool foreign; /* the lock is held by another thread than the context's */
  /* Takes a TCP segment of up to 64 KiB in one frame, beyond the MTU, as a guest's TCP
   * segmentation offload makes it (user-mode networking: its own TCP sends it on). */
  bool large_segments;
};

/* Returns the backend @config describes, running on @context (a reference is taken): user-mode
 * networking or a tap device. Returns NULL with a PVM_MACHINE_ERROR @error (one sentence) if
 * the host refuses it: a forward's port cannot be bound, the tap cannot be opened. */
PvmNetBackend *pvm_net_backend_new (const PvmNetConfig *config, GMainContext *context,
                                    GError **error);

/* For implementations: fills the common part of @backend. */
void pvm_net_backend_init (PvmNetBackend *backend, const PvmNetBackendOps *ops,
                           GMainContext *context);

/* Frees @backend (NULL is ignored). On the context's thread, or while nothing runs it. */
void pvm_net_backend_free (PvmNetBackend *backend);

/* Connects the peer that receives the frames for the guest (NULL disconnects). On the
 * context's thread, or while nothing runs it. */
void pvm_net_backend_set_peer (PvmNetBackend *backend, PvmNetReceive receive, void *opaque);

/* Sends a frame from the guest to the host side. On the context's thread; never blocks. */
void pvm_net_backend_send (PvmNetBackend *backend, const uint8_t *frame, size_t len);

/* Tells @backend that its peer has room again. On the context's thread. */
void pvm_net_backend_resume (PvmNetBackend *backend);

/* On the context's thread: takes @backend's lock, if it has one, for the peer's own calls into
 * it (send, resume) and for the state its callback shares with them. */
void pvm_net_backend_lock (PvmNetBackend *backend);

/* From another thread: takes @backend's lock if it has one and it is free, and returns whether
 * it did. With it, the caller may call pvm_net_backend_send() on its own thread, and the peer
 * callback may run there, until pvm_net_backend_unlock(). Never blocks. */
bool pvm_net_backend_try_lock (PvmNetBackend *backend);

/* Releases what pvm_net_backend_lock() or _try_lock() took; after work from another thread the
 * backend first wakes its context if that work changed what the context waits for. */
void pvm_net_backend_unlock (PvmNetBackend *backend);

/* For implementations: hands @frame to the peer; returns what the peer returned (true without
 * a peer, the frame then dropped). */
bool pvm_net_backend_deliver (PvmNetBackend *backend, const uint8_t *frame, size_t len);

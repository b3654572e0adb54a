/* backend.c: what every network backend shares, and the choice of one from a configuration. */
#include "hv/net/backend.h"

#include "hv/net/slirp.h"
#include "hv/net/tap.h"

PvmNetBackend *
pvm_net_backend_new (const PvmNetConfig *config, GMainContext *context, GError **error)
{
  switch (config->kind) {
  case PVM_NET_USER:
    return pvm_net_slirp_new (config, context, error);
  case PVM_NET_TAP:
    return pvm_net_tap_new (config, context, error);
  }
  g_return_val_if_reached (NULL);
}

void
pvm_net_backend_init (PvmNetBackend *backend, const PvmNetBackendOps *ops,
                      GMainContext *context)
{
  backend->ops = ops;
  backend->context = g_main_context_ref (context);
  backend->receive = NULL;
  backend->opaque = NULL;
  backend->lock = NULL;
  backend->foreign = false;
  backend->large_segments = false;
}

void
pvm_net_backend_free (PvmNetBackend *backend)
{
  if (!backend)
    return;
  GMainContext *context = backend->context;
  backend->ops->free (backend);
  g_main_context_unref (context);
}

void
pvm_net_backend_set_peer (PvmNetBackend *backend, PvmNetReceive receive, void *opaque)
{
  backend->receive = receive;
  backend->opaque = opaque;
}

void
pvm_net_backend_send (PvmNetBackend *backend, const uint8_t *frame, size_t len)
{
  backend->ops->send (backend, frame, len);
}

void
pvm_net_backend_resume (PvmNetBackend *backend)
{
  if (backend->ops->resume)
    backend->ops->resume (backend);
}

void
pvm_net_backend_lock (PvmNetBackend *backend)
{
  if (backend->lock)
    g_mutex_lock (backend->lock);
}

bool
pvm_net_backend_try_lock (PvmNetBackend *backend)
{
  if (!backend->lock || !g_mutex_trylock (backend->lock))
    return false;
  backend->foreign = true;
  return true;
}

void
pvm_net_backend_unlock (PvmNetBackend *backend)
{
  if (!backend->lock)
    return;
  if (backend->foreign) {
    backend->foreign = false;
    if (backend->ops->sync_context)
      backend->ops->sync_context (backend);
  }
  g_mutex_unlock (backend->lock);
}

bool
pvm_net_backend_deliver (PvmNetBackend *backend, const uint8_t *frame, size_t len)
{
  if (!backend->receive)
    return true;
  return backend->receive (backend->opaque, frame, len);
}

/* host.c: the machine pvmd runs on, on D-Bus. */
#include "hv/helper/host.h"

#include "hv/helper/auth.h"
#include "hv/helper/network-manager.h"
#include "hv/helper/pool-manager.h"

/* What pvmctl create uses for the default guest and for full virtualization. */
#define HOST_GUEST_CMDLINE "console=ttyS0"
#define HOST_FULL_LOADER "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define HOST_FULL_KERNEL "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"

struct _PvmHelperHost {
  PvmHostSkeleton parent_instance;
  PvmHelperDaemon *daemon;
  char *guest_dir; /* the default PV guest (tools/build-guest) */
  char *fv_dir;    /* the full-virtualization demo image (tools/build-fv-image) */
  GPtrArray *monitors;
};

static void pvm_helper_host_iface_init (PvmHostIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvmHelperHost, pvm_helper_host, PVM_TYPE_HOST_SKELETON,
                               G_IMPLEMENT_INTERFACE (PVM_TYPE_HOST, pvm_helper_host_iface_init))

static gboolean
host_handle_define_domain (PvmHost *iface, GDBusMethodInvocation *invocation, const char *xml)
{
  PvmHelperHost *host = PVM_HELPER_HOST (iface);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pvm_helper_daemon_define (host->daemon, xml, &error);

  if (!path)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_host_complete_define_domain (iface, invocation, path);
  return TRUE;
}

static gboolean
host_handle_define_network (PvmHost *iface, GDBusMethodInvocation *invocation, const char *xml)
{
  PvmHelperHost *host = PVM_HELPER_HOST (iface);
  g_autoptr (GError) error = NULL;
  g_autofree char *path =
    pvm_network_manager_define (pvm_helper_daemon_get_networks (host->daemon), xml, &error);

  if (!path)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    pvm_host_complete_define_network (iface, invocation, path);
  return TRUE;
}

/* DefinePool, waiting for the volume group to be looked at. */
typedef struct {
  PvmHelperHost *host;
  GDBusMethodInvocation *invocation;
} HostCall;

static void
host_on_pool_defined (GObject *source, GAsyncResult *result, gpointer data)
{
  HostCall *call = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pvm_pool_manager_define_finish (
    pvm_helper_daemon_get_pools (call->host->daemon), result, &error);

  if (!path)
    g_dbus_method_invocation_return_gerror (call->invocation, error);
  else
    pvm_host_complete_define_pool (PVM_HOST (call->host), call->invocation, path);
  g_object_unref (call->host);
  g_object_unref (call->invocation);
  g_free (call);
}

static gboolean
host_handle_define_pool (PvmHost *iface, GDBusMethodInvocation *invocation, const char *xml)
{
  HostCall *call = g_new (HostCall, 1);

  call->host = g_object_ref (PVM_HELPER_HOST (iface));
  call->invocation = g_object_ref (invocation);
  pvm_pool_manager_define_async (pvm_helper_daemon_get_pools (call->host->daemon), xml,
                                 host_on_pool_defined, call);
  return TRUE;
}

/* ---- DefaultImages ---- */

/* Returns $@variable, else $PVM_CACHE_DIR/@kind/current, else ~/.cache/pvm/@kind/current, as
 * tools/build-guest and tools/build-fv-image make them; newly allocated. */
static char *
host_image_dir (const char *variable, const char *kind)
{
  const char *dir = g_getenv (variable);
  const char *cache = g_getenv ("PVM_CACHE_DIR");

  if (dir && *dir)
    return g_strdup (dir);
  if (cache && *cache)
    return g_build_filename (cache, kind, "current", NULL);
  return g_build_filename (g_get_home_dir (), ".cache", "pvm", kind, "current", NULL);
}

/* Adds @key for @dir/@file (or the absolute @file if @dir is NULL) if that is a file; returns
 * whether it is. */
static gboolean
host_add_image (GVariantBuilder *builder, const char *key, const char *dir, const char *file)
{
  g_autofree char *path = dir ? g_build_filename (dir, file, NULL) : g_strdup (file);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  g_variant_builder_add (builder, "{ss}", key, path);
  return TRUE;
}

/* Sets DefaultImages from what the files are now; the skeleton says so on D-Bus if that
 * changed it. */
static void
host_update_default_images (PvmHelperHost *host)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  if (host_add_image (&builder, "pv-kernel", host->guest_dir, "Image"))
    g_variant_builder_add (&builder, "{ss}", "pv-cmdline", HOST_GUEST_CMDLINE);
  host_add_image (&builder, "pv-initrd", host->guest_dir, "initramfs.cpio.gz");
  host_add_image (&builder, "full-disk", host->fv_dir, "disk.img");
  host_add_image (&builder, "full-loader", NULL, HOST_FULL_LOADER);
  host_add_image (&builder, "full-kernel", NULL, HOST_FULL_KERNEL);
  pvm_host_set_default_images (PVM_HOST (host), g_variant_builder_end (&builder));
}

static void
host_on_images_changed (GFileMonitor *monitor, GFile *file, GFile *other,
                        GFileMonitorEvent event, gpointer data)
{
  host_update_default_images (PVM_HELPER_HOST (data));
}

/* Watches @dir and the directory it is in: the build tools fill a new directory and then
 * point the "current" link at it. A directory that does not exist yet is watched for. */
static void
host_watch_image_dir (PvmHelperHost *host, const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  const char *const watched[] = { dir, parent };

  for (guint i = 0; i < G_N_ELEMENTS (watched); i++) {
    g_autoptr (GFile) file = g_file_new_for_path (watched[i]);
    GFileMonitor *monitor = g_file_monitor_directory (file, G_FILE_MONITOR_NONE, NULL, NULL);

    if (!monitor)
      continue;
    g_signal_connect (monitor, "changed", G_CALLBACK (host_on_images_changed), host);
    g_ptr_array_add (host->monitors, monitor);
  }
}

PvmHelperHost *
pvm_helper_host_new (PvmHelperDaemon *daemon)
{
  PvmHelperHost *host = g_object_new (PVM_HELPER_TYPE_HOST, NULL);
  PvmHelperMode mode = pvm_helper_daemon_get_mode (daemon);

  host->daemon = daemon;
  pvm_host_set_hostname (PVM_HOST (host), g_get_host_name ());
  pvm_host_set_mode (PVM_HOST (host), mode == PVM_HELPER_MODE_SYSTEM ? "system" : "session");
  host->guest_dir = host_image_dir ("PVM_GUEST_DIR", "guest");
  host->fv_dir = host_image_dir ("PVM_FV_IMAGE_DIR", "fv-image");
  host_watch_image_dir (host, host->guest_dir);
  host_watch_image_dir (host, host->fv_dir);
  host_update_default_images (host);
  return host;
}

static void
pvm_helper_host_iface_init (PvmHostIface *iface)
{
  iface->handle_define_domain = host_handle_define_domain;
  iface->handle_define_pool = host_handle_define_pool;
  iface->handle_define_network = host_handle_define_network;
}

static void
pvm_helper_host_dispose (GObject *object)
{
  PvmHelperHost *host = PVM_HELPER_HOST (object);

  for (guint i = 0; host->monitors && i < host->monitors->len; i++)
    g_signal_handlers_disconnect_by_data (host->monitors->pdata[i], host);
  g_clear_pointer (&host->monitors, g_ptr_array_unref);
  G_OBJECT_CLASS (pvm_helper_host_parent_class)->dispose (object);
}

static void
pvm_helper_host_finalize (GObject *object)
{
  PvmHelperHost *host = PVM_HELPER_HOST (object);

  g_free (host->guest_dir);
  g_free (host->fv_dir);
  G_OBJECT_CLASS (pvm_helper_host_parent_class)->finalize (object);
}

static void
pvm_helper_host_class_init (PvmHelperHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pvm_helper_host_dispose;
  object_class->finalize = pvm_helper_host_finalize;
  pvm_helper_auth_install (G_DBUS_INTERFACE_SKELETON_CLASS (klass));
}

static void
pvm_helper_host_init (PvmHelperHost *host)
{
  host->monitors = g_ptr_array_new_with_free_func (g_object_unref);
}

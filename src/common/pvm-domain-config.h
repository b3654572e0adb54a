/* pvm-domain-config.h: a virtual machine's definition — libvirt domain XML, read and written
 * with libvirt-gconfig, checked against what pvm can run. */
#pragma once

#include <glib-object.h>
#include <libvirt-gconfig/libvirt-gconfig.h>

#include "common/pvm-domain-interface.h"

/* How the machine boots: the hypervisor loads the kernel and answers the SBI (PV), or the
 * machine starts at the reset vector with firmware (full virtualization). */
typedef enum {
  PVM_DOMAIN_MODE_PV,
  PVM_DOMAIN_MODE_FULL,
} PvmDomainMode;

#define PVM_DOMAIN_MAX_VCPUS 8 /* pvm-vmm's PVM_MAX_HARTS */
#define PVM_DOMAIN_MAX_DISKS 8 /* pvm-vmm's PVM_VMM_MAX_DISKS: one per virtio-mmio slot */
#define PVM_DOMAIN_MIN_MEMORY_MIB 16
#define PVM_DOMAIN_MAX_MEMORY_MIB (1024 * 1024)
#define PVM_DOMAIN_MAX_NAME 64      /* characters */
#define PVM_DOMAIN_MAX_CMDLINE 1023 /* bytes, as pvm-vmm takes them */

/* The XML namespace of pvm's own values under <metadata>. */
#define PVM_DOMAIN_XML_NS "urn:pvm:domain:1"
#define PVM_DOMAIN_XML_NS_PREFIX "pvm"

/* What happens when the guest powers off, reboots or crashes (libvirt's <on_poweroff>,
 * <on_reboot>, <on_crash>): the domain ends, or it starts again. */
typedef enum {
  PVM_DOMAIN_LIFECYCLE_DESTROY,
  PVM_DOMAIN_LIFECYCLE_RESTART,
} PvmDomainLifecycleAction;

typedef enum {
  PVM_DOMAIN_ON_POWEROFF, /* default destroy */
  PVM_DOMAIN_ON_REBOOT,   /* default restart */
  PVM_DOMAIN_ON_CRASH,    /* default destroy */
  PVM_DOMAIN_N_LIFECYCLE_EVENTS
} PvmDomainLifecycleEvent;

typedef struct {
  const char *path; /* absolute: a file or a block device */
  gboolean readonly;
} PvmDomainDisk;

/* What pvm_domain_config_new() builds a definition from. */
typedef struct {
  const char *name;
  const char *uuid; /* or NULL for a new random one */
  PvmDomainMode mode;
  guint64 memory_mib;
  guint vcpus;
  const char *kernel;  /* PV: the kernel Image; full: what the firmware boots next, or NULL */
  const char *initrd;  /* or NULL */
  const char *cmdline; /* or NULL */
  const char *loader;  /* full: the M-mode firmware; PV: NULL */
  const PvmDomainDisk *disks;
  guint n_disks;
} PvmDomainSpec;

#define PVM_TYPE_DOMAIN_CONFIG (pvm_domain_config_get_type ())
G_DECLARE_FINAL_TYPE (PvmDomainConfig, pvm_domain_config, PVM, DOMAIN_CONFIG, GObject)

/* Reads and checks a definition. A missing UUID is filled with a random one, a missing <vcpu>
 * with 1, a missing domain type with "qemu", an interface's missing MAC address with a random
 * 52:54:00:xx:xx:xx and its missing model with virtio, and for full virtualization a missing
 * arch and machine with riscv64 and virt; a PV definition gets <pvm:arch> under <metadata>. Returns a
 * new immutable config, or NULL with PVM_ERROR_INVALID_ARGUMENT and one sentence naming the
 * element that is wrong (never logs). */
PvmDomainConfig *pvm_domain_config_new_from_xml (const char *xml, GError **error);

/* Builds the libvirt XML for @spec with libvirt-gconfig (disks as virtio vda, vdb, … in
 * order; a path that is a block device as type "block") and reads it back with
 * pvm_domain_config_new_from_xml(): the same checks, the same errors. */
PvmDomainConfig *pvm_domain_config_new (const PvmDomainSpec *spec, GError **error);

/* Returns a new <disk> for @path as the guest's virtio disk number @index (vda, vdb, …, vdz
 * from the 26th on): a block device if @block, else a file, read-only if @readonly. */
GVirConfigDomainDisk *pvm_domain_config_new_disk (const char *path, gboolean block,
                                                  gboolean readonly, guint index);

/* Returns a copy of @config's definition for another domain: named @name, with the UUID @uuid
 * (NULL: a new random one), a new random MAC address for each network card, and the source of
 * its i-th disk replaced by @disk_paths[i] unless that is NULL (@disk_paths has an entry per
 * disk, or is NULL to keep them all). Checked as pvm_domain_config_new_from_xml() checks, with
 * its errors (a bad @name: PVM_ERROR_INVALID_ARGUMENT naming <name>). */
PvmDomainConfig *pvm_domain_config_new_clone (PvmDomainConfig *config, const char *name,
                                              const char *uuid, const char *const *disk_paths,
                                              GError **error);

/* Returns the definition as libvirt domain XML; newly allocated. */
char *pvm_domain_config_to_xml (PvmDomainConfig *config);

/* The values of the definition, owned by @config; never NULL except where noted. */
const char *pvm_domain_config_get_name (PvmDomainConfig *config);
const char *pvm_domain_config_get_uuid (PvmDomainConfig *config); /* lowercase, with dashes */
PvmDomainMode pvm_domain_config_get_mode (PvmDomainConfig *config);
guint64 pvm_domain_config_get_memory_mib (PvmDomainConfig *config);
guint pvm_domain_config_get_vcpus (PvmDomainConfig *config);
const char *pvm_domain_config_get_kernel (PvmDomainConfig *config);  /* or NULL (full) */
const char *pvm_domain_config_get_initrd (PvmDomainConfig *config);  /* or NULL */
const char *pvm_domain_config_get_cmdline (PvmDomainConfig *config); /* or NULL */
const char *pvm_domain_config_get_loader (PvmDomainConfig *config);  /* or NULL (PV) */
guint pvm_domain_config_get_n_disks (PvmDomainConfig *config);
const PvmDomainDisk *pvm_domain_config_get_disk (PvmDomainConfig *config, guint i);
guint pvm_domain_config_get_n_interfaces (PvmDomainConfig *config);
const PvmDomainInterface *pvm_domain_config_get_interface (PvmDomainConfig *config, guint i);

/* Returns the action for @event: what the definition says, or libvirt's default. */
PvmDomainLifecycleAction pvm_domain_config_get_lifecycle (PvmDomainConfig *config,
                                                          PvmDomainLifecycleEvent event);

/* Returns "pv" or "full"; static. */
const char *pvm_domain_mode_to_string (PvmDomainMode mode);

/* pvm-create-request.h: what the create-VM wizard asks pvmd for — the new machine's values,
 * turned into the libvirt domain XML that DefineDomain takes. */
#pragma once

#include <glib.h>

#include "common/pvm-domain-config.h"

G_BEGIN_DECLS

/* The strings are borrowed from the wizard's pages; NULL where the user gave nothing. */
typedef struct {
  const char *name;
  const char *uuid; /* chosen once per wizard, so that the review and the definition agree */
  PvmDomainMode mode;
  guint vcpus;
  guint64 memory_mib;
  const char *kernel;  /* PV: the kernel Image; full: what the firmware boots next */
  const char *initrd;  /* PV */
  const char *cmdline; /* PV */
  const char *loader;  /* full: the M-mode firmware */
  const char *disk;    /* an existing disk image on the host, attached first */
  gboolean disk_readonly;
  const char *new_disk; /* the new volume's path, attached after @disk */
  const char *network;  /* the network of the one card, or NULL for none */
} PvmCreateRequest;

/* Returns the libvirt domain XML for @request, built with libvirt-gconfig and then read back
 * with pvm_domain_config_new_from_xml(): checked as pvmd checks it and completed as pvmd
 * completes it (a card's MAC address). Newly allocated, or NULL with
 * PVM_ERROR_INVALID_ARGUMENT and pvmd's sentence naming what is wrong. Touches no file: the
 * paths are the host's. */
char *pvm_create_request_to_xml (const PvmCreateRequest *request, GError **error);

/* Parses a size typed by a person: a number (decimals allowed) with an optional unit —
 * K/KiB, M/MiB, G/GiB or T/TiB, "B" optional, case ignored, powers of 1024 — taken as
 * @default_unit bytes when there is none. Returns FALSE if @text is no such size or it does
 * not fit 64 bits. */
gboolean pvm_create_request_parse_size (const char *text, guint64 default_unit,
                                        guint64 *bytes);

/* Returns @bytes for people as pvm_create_request_parse_size() reads them back: "4 GiB" or
 * "256 MiB" when that is exact, else g_format_size()'s IEC form ("1.5 GiB"); newly
 * allocated. */
char *pvm_create_request_format_size (guint64 bytes);

/* Returns what is wrong with @name as the name of a new machine, in a sentence for people, or
 * NULL: names are kept to what a volume name may hold (pvm's pools name a machine's disks
 * after it) and what a shell takes unquoted. Whether the host has a machine of that name
 * already is the caller's to check. */
char *pvm_create_request_check_name (const char *name);

G_END_DECLS

/* lvm.h: what pvmd says to the lvm2 tools and reads back from them — argument vectors for
 * lvcreate, lvextend, lvremove, lvs and vgs, and their JSON reports (lvmreport(7)) parsed.
 * Pure functions: nothing here runs a tool. */
#pragma once

#include <glib.h>

/* Each returns a NULL-terminated argument vector (argv[0] is the tool, found in $PATH),
 * newly allocated (g_strfreev()); sizes are in bytes. None prompts: --yes where a tool may
 * ask. */
char **pvm_lvm_argv_lvcreate (const char *vg, const char *lv, guint64 size);
char **pvm_lvm_argv_lvextend (const char *vg, const char *lv, guint64 size);
char **pvm_lvm_argv_lvremove (const char *vg, const char *lv);
char **pvm_lvm_argv_lvrename (const char *vg, const char *lv, const char *new_lv);
char **pvm_lvm_argv_lvs (const char *vg);
char **pvm_lvm_argv_vgs (const char *vg);

/* Returns TRUE if @name can name a volume group (1 to 127 characters of [A-Za-z0-9+_.-], not
 * starting with "-", not "." or ".."), else FALSE with PVM_ERROR_INVALID_ARGUMENT, one
 * sentence naming it. */
gboolean pvm_lvm_check_vg_name (const char *name, GError **error);

/* Returns TRUE unless @name is a name lvm2 keeps for itself ("snapshot", "pvmove", or one
 * containing "_tdata", "_rimage" and the like, lvm(8)): FALSE then with
 * PVM_ERROR_INVALID_ARGUMENT naming it and @vg. Other rules are the volume name's
 * (pvm_pool_volume_check_name()). */
gboolean pvm_lvm_check_lv_name (const char *vg, const char *name, GError **error);

/* Parses the report of pvm_lvm_argv_lvs(): returns its logical volumes as PvmPoolVolume
 * (capacity and allocation both lv_size), sorted by name, leaving out those without a
 * device path (thin pools, hidden volumes); never NULL on success. Returns NULL with
 * PVM_ERROR_FAILED and one sentence when @json is not such a report. */
GPtrArray *pvm_lvm_parse_lvs (const char *json, GError **error);

/* Parses the report of pvm_lvm_argv_vgs() and sets @size and @free (bytes) of @vg. Returns
 * FALSE with PVM_ERROR_NOT_FOUND if the report does not list @vg, with PVM_ERROR_FAILED and
 * one sentence if @json is not such a report. */
gboolean pvm_lvm_parse_vgs (const char *json, const char *vg, guint64 *size, guint64 *free,
                            GError **error);

/* Returns the sentence an lvm2 tool gave as its reason: the last non-empty line of @err that
 * is not an afterword ("Run `lvcreate --help' …", "Cannot process volume group …"), stripped
 * and prefixed with @tool ("lvcreate: Volume group \"vg0\" has insufficient free space …");
 * or "@tool failed" when @err says nothing. Newly allocated. */
char *pvm_lvm_error_sentence (const char *tool, const char *err);

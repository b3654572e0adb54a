/* lvm.c: argument vectors for the lvm2 tools, and their JSON reports.
 *
 * A report (lvmreport(7), --reportformat json) is one object whose "report" array holds one
 * object per report; that object holds an array named after the report type ("lv", "vg") of
 * objects whose values are all strings. With --units b --nosuffix a size is a whole number of
 * bytes written in decimal.
 */
#include "hv/helper/lvm.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "common/pvm-error.h"
#include "hv/helper/pool-volume.h"

#define LVM_MAX_VG_NAME 127

static char **
argv_new (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* Returns the NULL-terminated list of its arguments, copied. */
static char **
argv_new (const char *first, ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  return g_strv_builder_end (builder);
}

char **
pvm_lvm_argv_lvcreate (const char *vg, const char *lv, guint64 size)
{
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT "b", size);

  /* --yes answers lvcreate's questions (wipe a signature found where the volume lands);
   * --wipesignatures and --zero make sure no old file system shows through. */
  return argv_new ("lvcreate", "--yes", "--wipesignatures", "y", "--zero", "y", "-n", lv, "-L",
                   bytes, vg, NULL);
}

char **
pvm_lvm_argv_lvextend (const char *vg, const char *lv, guint64 size)
{
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT "b", size);
  g_autofree char *target = g_strconcat (vg, "/", lv, NULL);

  return argv_new ("lvextend", "-L", bytes, target, NULL);
}

char **
pvm_lvm_argv_lvremove (const char *vg, const char *lv)
{
  g_autofree char *target = g_strconcat (vg, "/", lv, NULL);

  return argv_new ("lvremove", "-y", target, NULL);
}

char **
pvm_lvm_argv_lvrename (const char *vg, const char *lv, const char *new_lv)
{
  return argv_new ("lvrename", vg, lv, new_lv, NULL);
}

char **
pvm_lvm_argv_lvs (const char *vg)
{
  return argv_new ("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o",
                   "lv_name,lv_path,lv_size", vg, NULL);
}

char **
pvm_lvm_argv_vgs (const char *vg)
{
  return argv_new ("vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o",
                   "vg_name,vg_size,vg_free", vg, NULL);
}

gboolean
pvm_lvm_check_vg_name (const char *name, GError **error)
{
  gsize len = strlen (name);
  gboolean ok = len >= 1 && len <= LVM_MAX_VG_NAME && name[0] != '-' &&
                strcmp (name, ".") != 0 && strcmp (name, "..") != 0;

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_isalnum (name[i]) || strchr ("+_.-", name[i]);
  if (!ok) {
    g_autofree char *shown = g_utf8_make_valid (name, -1);
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "“%s” cannot name a volume group: a name is 1 to %d characters of A-Z, a-z, "
                 "0-9, “+”, “_”, “.” and “-”, not starting with “-”", shown, LVM_MAX_VG_NAME);
  }
  return ok;
}

gboolean
pvm_lvm_check_lv_name (const char *vg, const char *name, GError **error)
{
  /* lvm(8), VALID NAMES: what lvm2 names its own hidden volumes. */
  static const char *const reserved[] = { "snapshot", "pvmove" };
  static const char *const parts[] = {
    "_cdata", "_cmeta", "_corig", "_iorig", "_mimage", "_mlog", "_pmspare",
    "_rimage", "_rmeta", "_tdata", "_tmeta", "_vdata", "_vorigin", "_wcorig",
  };
  const char *taken = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (reserved) && !taken; i++)
    if (strcmp (name, reserved[i]) == 0)
      taken = reserved[i];
  for (guint i = 0; i < G_N_ELEMENTS (parts) && !taken; i++)
    if (strstr (name, parts[i]))
      taken = parts[i];
  if (taken) {
    g_set_error (error, PVM_ERROR, PVM_ERROR_INVALID_ARGUMENT,
                 "“%s” cannot name a volume in volume group '%s': lvm2 keeps “%s” for its own "
                 "volumes", name, vg, taken);
    return FALSE;
  }
  return TRUE;
}

static gboolean report_error (GError **error, const char *tool, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static gboolean
report_error (GError **error, const char *tool, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PVM_ERROR, PVM_ERROR_FAILED, "%s printed a report pvm cannot read: %s",
               tool, why);
  return FALSE;
}

/* Returns the rows of the first report in @json (the array named @type), or NULL with
 * @error. The rows belong to @parser. */
static JsonArray *
report_rows (JsonParser *parser, const char *json, const char *tool, const char *type,
             GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!json_parser_load_from_data (parser, json, -1, &local)) {
    report_error (error, tool, "%s", local->message);
    return NULL;
  }
  JsonNode *root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    report_error (error, tool, "it is not a JSON object");
    return NULL;
  }
  JsonNode *report = json_object_get_member (json_node_get_object (root), "report");
  if (!report || !JSON_NODE_HOLDS_ARRAY (report) ||
      json_array_get_length (json_node_get_array (report)) < 1) {
    report_error (error, tool, "it has no “report” array");
    return NULL;
  }
  JsonNode *first = json_array_get_element (json_node_get_array (report), 0);
  JsonNode *rows = JSON_NODE_HOLDS_OBJECT (first)
                     ? json_object_get_member (json_node_get_object (first), type)
                     : NULL;
  if (!rows || !JSON_NODE_HOLDS_ARRAY (rows)) {
    report_error (error, tool, "its report has no “%s” array", type);
    return NULL;
  }
  return json_node_get_array (rows);
}

/* Returns the string @field of @row, or NULL with @error. */
static const char *
row_string (JsonArray *rows, guint i, const char *tool, const char *field, GError **error)
{
  JsonNode *row = json_array_get_element (rows, i);
  JsonNode *value = JSON_NODE_HOLDS_OBJECT (row)
                      ? json_object_get_member (json_node_get_object (row), field)
                      : NULL;

  if (!value || json_node_get_value_type (value) != G_TYPE_STRING) {
    report_error (error, tool, "row %u has no string “%s”", i + 1, field);
    return NULL;
  }
  return json_node_get_string (value);
}

/* Reads the size @field of row @i: decimal digits only. */
static gboolean
row_size (JsonArray *rows, guint i, const char *tool, const char *field, guint64 *size,
          GError **error)
{
  const char *text = row_string (rows, i, tool, field, error);

  if (!text)
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, size, NULL))
    return report_error (error, tool, "“%s” in row %u is “%s”, not a number of bytes", field,
                         i + 1, text);
  return TRUE;
}

GPtrArray *
pvm_lvm_parse_lvs (const char *json, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *rows = report_rows (parser, json, "lvs", "lv", error);

  if (!rows)
    return NULL;
  g_autoptr (GPtrArray) volumes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pvm_pool_volume_free);
  for (guint i = 0; i < json_array_get_length (rows); i++) {
    const char *name = row_string (rows, i, "lvs", "lv_name", error);
    const char *path = name ? row_string (rows, i, "lvs", "lv_path", error) : NULL;
    guint64 size;

    if (!path || !row_size (rows, i, "lvs", "lv_size", &size, error))
      return NULL;
    if (*path)
      g_ptr_array_add (volumes, pvm_pool_volume_new (name, path, size, size));
  }
  pvm_pool_volume_sort (volumes);
  return g_steal_pointer (&volumes);
}

gboolean
pvm_lvm_parse_vgs (const char *json, const char *vg, guint64 *size, guint64 *free,
                   GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *rows = report_rows (parser, json, "vgs", "vg", error);

  if (!rows)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (rows); i++) {
    const char *name = row_string (rows, i, "vgs", "vg_name", error);
    if (!name)
      return FALSE;
    if (strcmp (name, vg) == 0)
      return row_size (rows, i, "vgs", "vg_size", size, error) &&
             row_size (rows, i, "vgs", "vg_free", free, error);
  }
  g_set_error (error, PVM_ERROR, PVM_ERROR_NOT_FOUND, "Volume group '%s' is not found", vg);
  return FALSE;
}

char *
pvm_lvm_error_sentence (const char *tool, const char *err)
{
  /* What the tools add after the reason: a pointer to --help, a summary per volume group. */
  static const char *const afterwords[] = { "Run `", "Cannot process volume group " };
  g_auto (GStrv) lines = g_strsplit (err ? err : "", "\n", -1);
  const char *last = NULL;

  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--) {
    char *line = g_strstrip (lines[i]);
    gboolean afterword = FALSE;
    if (!*line)
      continue;
    for (guint j = 0; j < G_N_ELEMENTS (afterwords); j++)
      afterword |= g_str_has_prefix (line, afterwords[j]);
    if (!afterword)
      return g_strdup_printf ("%s: %s", tool, line);
    if (!last)
      last = line;
  }
  return last ? g_strdup_printf ("%s: %s", tool, last) : g_strdup_printf ("%s failed", tool);
}

/* table.c: aligned columns for people, as virsh prints them: a header, a rule, the rows. */
#include "cli/cli.h"

#include <stdio.h>

struct PvmCliTable {
  guint n_columns;
  GPtrArray *rows; /* of GStrv, the header first */
};

PvmCliTable *
pvm_cli_table_new (const char *const *headers)
{
  PvmCliTable *table = g_new0 (PvmCliTable, 1);

  table->n_columns = g_strv_length ((char **) headers);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  pvm_cli_table_add_row (table, headers);
  return table;
}

void
pvm_cli_table_add_row (PvmCliTable *table, const char *const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = g_strdup (cells[i] ? cells[i] : "");
  g_ptr_array_add (table->rows, row);
}

void
pvm_cli_table_print_and_free (PvmCliTable *table)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);
  glong total = 0;

  for (guint r = 0; r < table->rows->len; r++) {
    char **row = table->rows->pdata[r];
    for (guint c = 0; c < table->n_columns; c++)
      widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
  }
  for (guint c = 0; c < table->n_columns; c++)
    total += widths[c] + 3;

  for (guint r = 0; r < table->rows->len; r++) {
    char **row = table->rows->pdata[r];
    g_autoptr (GString) line = g_string_new (" ");
    for (guint c = 0; c < table->n_columns; c++) {
      g_string_append (line, row[c]);
      if (c + 1 < table->n_columns)
        for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 3; pad++)
          g_string_append_c (line, ' ');
    }
    g_print ("%s\n", g_strchomp (line->str));
    if (r == 0) {
      g_autofree char *rule = g_strnfill ((gsize) total, '-');
      g_print ("%s\n", rule);
    }
  }
  g_ptr_array_unref (table->rows);
  g_free (table);
}

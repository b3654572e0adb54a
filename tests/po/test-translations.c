/* test-translations.c: each language that po/LINGUAS names is a valid message catalog (formats,
 * header and mnemonics as msgfmt checks them) and translates every string that the files in
 * po/POTFILES.in mark today. The template is made
 * afresh from the sources in a temporary folder, so a newly marked string that a catalog lacks
 * fails here, naming the string. $PVM_SOURCE_ROOT is the source tree; $XGETTEXT, $MSGMERGE,
 * $MSGFMT and $MSGATTRIB name the gettext tools. */
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

/* The keywords and flags of meson's i18n.gettext() 'glib' preset, which po/meson.build uses. */
static const char *const xgettext_options[] = {
  "--from-code=UTF-8",
  "--add-comments",
  "--keyword=_",
  "--keyword=N_",
  "--keyword=C_:1c,2",
  "--keyword=NC_:1c,2",
  "--keyword=g_dcgettext:2",
  "--keyword=g_dngettext:2,3",
  "--keyword=g_dpgettext2:2c,3",
  "--flag=N_:1:pass-c-format",
  "--flag=C_:2:pass-c-format",
  "--flag=NC_:2:pass-c-format",
  "--flag=g_dngettext:2:pass-c-format",
  "--flag=g_strdup_printf:1:c-format",
  "--flag=g_string_printf:2:c-format",
  "--flag=g_string_append_printf:2:c-format",
  "--flag=g_error_new:3:c-format",
  "--flag=g_set_error:4:c-format",
  "--flag=g_markup_printf_escaped:1:c-format",
};

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pvm-po-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
    g_unlink (path);
  }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Returns the value of the environment variable @name, or fails the test. */
static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (!value || !*value)
    g_error ("$%s is not set: run this test through meson test.", name);
  return value;
}

/* Runs @argv (NULL-terminated); returns TRUE if it exited with 0. Sets @out and @err to
 * what it printed; fails the test if it cannot be started. */
static gboolean
run (const char *const *argv, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

/* Returns the languages po/LINGUAS names, in its order. */
static GStrv
read_linguas (void)
{
  g_autofree char *path = g_build_filename (require_env ("PVM_SOURCE_ROOT"), "po", "LINGUAS",
                                            NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) languages = g_strv_builder_new ();
  g_auto (GStrv) lines = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    char *line = g_strstrip (lines[i]);
    g_auto (GStrv) words = NULL;

    if (!*line || *line == '#')
      continue;
    words = g_strsplit_set (line, " \t", -1);
    for (guint j = 0; words[j]; j++)
      if (*words[j])
        g_strv_builder_add (languages, words[j]);
  }
  return g_strv_builder_end (languages);
}

/* Returns the path of po/@language.po in the source tree; newly allocated. */
static char *
catalog_path (const char *language)
{
  g_autofree char *name = g_strconcat (language, ".po", NULL);

  return g_build_filename (require_env ("PVM_SOURCE_ROOT"), "po", name, NULL);
}

/* Makes @dir/pvm.pot from the files that po/POTFILES.in lists and returns its path. */
static char *
make_template (const char *dir)
{
  const char *root = require_env ("PVM_SOURCE_ROOT");
  g_autofree char *potfiles = g_build_filename (root, "po", "POTFILES.in", NULL);
  char *pot = g_build_filename (dir, "pvm.pot", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;

  g_ptr_array_add (argv, (char *) require_env ("XGETTEXT"));
  g_ptr_array_add (argv, "--package-name=pvm");
  for (guint i = 0; i < G_N_ELEMENTS (xgettext_options); i++)
    g_ptr_array_add (argv, (char *) xgettext_options[i]);
  g_ptr_array_add (argv, "-D");
  g_ptr_array_add (argv, (char *) root);
  g_ptr_array_add (argv, "-f");
  g_ptr_array_add (argv, potfiles);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, pot);
  g_ptr_array_add (argv, NULL);
  if (!run ((const char *const *) argv->pdata, &out, &err))
    g_error ("xgettext could not make a template from po/POTFILES.in:\n%s", err);
  return pot;
}

/* Appends the PO string @quoted ("text", escapes kept) to @string without its quotes. */
static void
append_unquoted (GString *string, const char *quoted)
{
  gsize len = strlen (quoted);

  if (len >= 2)
    g_string_append_len (string, quoted + 1, (gssize) len - 2);
}

/* Appends to @list one line per message in the PO text @po: its first source location and
 * its msgid as the PO file spells it, the header left out; returns how many there were. */
static guint
list_messages (const char *po, GString *list)
{
  g_auto (GStrv) entries = g_strsplit (po, "\n\n", -1);
  guint n = 0;

  for (guint i = 0; entries[i]; i++) {
    g_auto (GStrv) lines = g_strsplit (entries[i], "\n", -1);
    g_autoptr (GString) msgid = g_string_new (NULL);
    g_autofree char *location = NULL;

    for (guint j = 0; lines[j]; j++) {
      if (g_str_has_prefix (lines[j], "#: ") && !location) {
        g_auto (GStrv) places = g_strsplit (lines[j] + 3, " ", 2);
        location = g_strdup (places[0]);
      } else if (g_str_has_prefix (lines[j], "msgid \"")) {
        append_unquoted (msgid, lines[j] + 6);
        while (lines[j + 1] && lines[j + 1][0] == '"')
          append_unquoted (msgid, lines[++j]);
      }
    }
    if (msgid->len == 0)
      continue;
    g_string_append_printf (list, "  %s \"%s\"\n", location ? location : "?", msgid->str);
    n++;
  }
  return n;
}

static void
test_language_is_a_valid_catalog (Fixture *fixture, gconstpointer data)
{
  const char *language = data;
  g_autofree char *po = catalog_path (language);
  g_autofree char *mo = g_build_filename (fixture->dir, "pvm.mo", NULL);
  const char *argv[] = { require_env ("MSGFMT"), "--check", "--check-accelerators=_",
                         "--statistics", "-o", mo, po, NULL };
  g_autofree char *out = NULL, *err = NULL;

  if (!g_file_test (po, G_FILE_TEST_EXISTS))
    g_error ("po/LINGUAS names %s, but there is no %s.", language, po);
  if (!run (argv, &out, &err)) {
    g_test_fail_printf ("msgfmt --check finds errors in %s:\n%s", po, err);
    return;
  }
  g_test_message ("%s: %s", language, g_strstrip (err));
}

static void
test_language_translates_every_marked_string (Fixture *fixture, gconstpointer data)
{
  const char *language = data;
  g_autofree char *po = catalog_path (language);
  g_autofree char *pot = make_template (fixture->dir);
  g_autofree char *merged = g_build_filename (fixture->dir, "merged.po", NULL);
  const char *merge[] = { require_env ("MSGMERGE"), "--quiet", "-o", merged, po, pot, NULL };
  const char *untranslated[] = { require_env ("MSGATTRIB"), "--untranslated", "--no-obsolete",
                                 "--no-wrap", merged, NULL };
  const char *fuzzy[] = { require_env ("MSGATTRIB"), "--only-fuzzy", "--no-obsolete",
                          "--no-wrap", merged, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GString) missing = g_string_new (NULL);
  g_autoptr (GString) unsure = g_string_new (NULL);
  guint n_missing, n_unsure;

  if (!run (merge, &out, &err))
    g_error ("msgmerge cannot merge %s with the sources' template:\n%s", po, err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  if (!run (untranslated, &out, &err))
    g_error ("msgattrib cannot read the merged %s:\n%s", po, err);
  n_missing = list_messages (out, missing);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  if (!run (fuzzy, &out, &err))
    g_error ("msgattrib cannot read the merged %s:\n%s", po, err);
  n_unsure = list_messages (out, unsure);

  if (n_missing || n_unsure)
    g_test_fail_printf ("po/%s.po is incomplete against the sources: %u untranslated, "
                        "%u fuzzy. Run `ninja -C BUILDDIR pvm-update-po`, then translate these "
                        "and drop their fuzzy marks:\n%s%s%s%s",
                        language, n_missing, n_unsure, n_missing ? "untranslated:\n" : "",
                        missing->str, n_unsure ? "fuzzy:\n" : "", unsure->str);
}

static void
test_linguas_names_at_least_two_languages (void)
{
  g_auto (GStrv) languages = read_linguas ();

  g_assert_cmpuint (g_strv_length (languages), >=, 2);
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) languages = NULL;

  setlocale (LC_ALL, ""); /* C.UTF-8 from po/meson.build: the strings listed are UTF-8 */
  g_test_init (&argc, &argv, NULL);
  languages = read_linguas ();
  g_test_add_func ("/po/linguas/names-at-least-two-languages",
                   test_linguas_names_at_least_two_languages);
  for (guint i = 0; languages[i]; i++) {
    g_autofree char *valid = g_strdup_printf ("/po/%s/is-a-valid-catalog", languages[i]);
    g_autofree char *complete =
      g_strdup_printf ("/po/%s/translates-every-string-the-sources-mark", languages[i]);

    g_test_add (valid, Fixture, languages[i], fixture_set_up, test_language_is_a_valid_catalog,
                fixture_tear_down);
    g_test_add (complete, Fixture, languages[i], fixture_set_up,
                test_language_translates_every_marked_string, fixture_tear_down);
  }
  return g_test_run ();
}

/* test-row-actions.c: a row's Clone and Delete in pvm-manager, launched from its desktop file
 * under Xvfb against pvmd on a private session bus and driven through AT-SPI: a stopped
 * machine with a disk in the default pool cloned under a new name, its progress shown on the
 * row, the copy's row and volume made by pvmd; a clone cancelled from the row; names the
 * dialog refuses; pvmd's refusal as a toast; Delete with and without "Also delete its disks"
 * and what it leaves in the pool. */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <X11/X.h>
#include <X11/keysym.h>

#include "common/console.h"
#include "pvmd-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define UI_AT_ONCE 5.0 /* seconds, AT-SPI polling included, for a change elsewhere to show */
#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define DEFAULT_POOL_PATH "/org/pvm/Hypervisor1/pool/default"
/* pvmd copies at most this many MiB/s ($PVM_COPY_BANDWIDTH): a clone of a disk of
 * DISK_MIB written MiB lasts about 4 s, long enough to be seen and cancelled. */
#define COPY_MIB_PER_S "8"
#define DISK_MIB 32

/* One app on one bus for every case: each case defines the machines it uses. */
typedef struct {
  PvmUiTestSession ui;
  PvmStoragePool *pool; /* "default" */
} UiSession;

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  PvmTestPvmd *f = &s->ui.pvmd;
  gint64 deadline;
  GDBusInterface *pool;

  pvm_ui_test_session_start_pvmd (&s->ui, dir);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!(pool = g_dbus_object_manager_get_interface (f->manager, DEFAULT_POOL_PATH,
                                                       "org.pvm.Hypervisor1.StoragePool")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (pool);
  s->pool = PVM_STORAGE_POOL (pool);
  g_autoptr (PvmDomain) guest = pvm_test_pvmd_define_guest (f, "default");

  if (pvm_ui_test_session_start_display (&s->ui))
    pvm_ui_test_session_launch_app (&s->ui);
}

/* ---- pvmd's side ---- */

/* Creates the volume @name of DISK_MIB MiB in the default pool, all of it written, and
 * returns its path. */
static char *
ui_create_volume (UiSession *s, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *buf = g_malloc (MIB);
  char *path = NULL;

  g_assert_true (pvm_storage_pool_call_create_volume_sync (s->pool, name, DISK_MIB * MIB, &path,
                                                           NULL, &error));
  g_assert_no_error (error);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < DISK_MIB; i++) {
    memset (buf, (int) (i * 7 + 1), MIB);
    g_assert_cmpint (pwrite (fd, buf, MIB, (off_t) (i * MIB)), ==, (gssize) MIB);
  }
  close (fd);
  return path;
}

/* Defines the default guest as @name with the disks @paths (NULL-terminated) and returns its
 * proxy. */
static PvmDomain *
ui_define_with_disks (UiSession *s, const char *name, const char *const *paths)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = pvm_test_pvmd_guest_xml (&s->ui.pvmd, name, NULL, 256);
  g_autofree char *head = g_strndup (base, strlen (base) - strlen ("</domain>"));
  g_autoptr (GString) xml = g_string_new (head);
  g_autofree char *path = NULL;

  g_string_append (xml, "<devices>");
  for (guint i = 0; paths[i]; i++)
    g_string_append_printf (xml, "<disk type='file' device='disk'><source file='%s'/>"
                            "<target dev='vd%c' bus='virtio'/></disk>", paths[i], 'a' + i);
  g_string_append (xml, "</devices></domain>");
  g_assert_true (pvm_host_call_define_domain_sync (s->ui.pvmd.host, xml->str, &path, NULL, &error));
  g_assert_no_error (error);
  return pvm_test_pvmd_get_domain (&s->ui.pvmd, path);
}

/* Returns whether the default pool has the volume @name now. */
static gboolean
ui_pool_has (UiSession *s, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) volumes = NULL;
  GVariantIter iter;
  const char *volume;

  g_assert_true (pvm_storage_pool_call_list_volumes_sync (s->pool, &volumes, NULL, &error));
  g_assert_no_error (error);
  g_variant_iter_init (&iter, volumes);
  while (g_variant_iter_next (&iter, "(&s&stt)", &volume, NULL, NULL, NULL))
    if (g_str_equal (volume, name))
      return TRUE;
  return FALSE;
}

/* Waits until pvmd has a domain named @name and returns it (a new reference), else fails. */
static PvmDomain *
ui_wait_for_domain (UiSession *s, const char *name)
{
  PvmDomain *domain = pvm_test_wait_for_domain (s->ui.pvmd.manager, name, UI_TIMEOUT);

  g_assert_nonnull (domain);
  return domain;
}

/* Waits until pvmd has no domain named @name; returns whether it came to that. */
static gboolean
ui_wait_for_no_domain (UiSession *s, const char *name)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);

  do {
    g_autoptr (PvmDomain) domain = pvm_test_find_domain (s->ui.pvmd.manager, name);
    if (!domain)
      return TRUE;
    pvm_test_iterate ();
  } while (g_get_monotonic_time () < deadline);
  return FALSE;
}

/* Waits until the pool has (@present) or lacks the volume @name; returns whether it came to
 * that. */
static gboolean
ui_wait_for_volume (UiSession *s, const char *name, gboolean present)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);

  do {
    if (ui_pool_has (s, name) == present)
      return TRUE;
    pvm_test_iterate ();
  } while (g_get_monotonic_time () < deadline);
  return FALSE;
}

/* ---- what the test sees and does ---- */

/* Returns whether the field @field is marked invalid: GTK 4.8 gives it the AT-SPI state
 * "invalid"; "invalid-entry" is the state AT-SPI means for it. */
static gboolean
ui_is_flagged (AtspiAccessible *field)
{
  return pvm_ui_test_has_state (field, ATSPI_STATE_INVALID_ENTRY) ||
         pvm_ui_test_has_state (field, ATSPI_STATE_INVALID);
}

/* Presses Alt+@keysym, as for a mnemonic. GTK 4.8 offers no action on a check button:
 * keys are how it is toggled from outside. */
static void
ui_press_alt (guint keysym)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (atspi_generate_keyboard_event (Mod1Mask, NULL, ATSPI_KEY_LOCKMODIFIERS, &error));
  g_assert_true (atspi_generate_keyboard_event (keysym, NULL, ATSPI_KEY_SYM, &error));
  g_assert_true (
    atspi_generate_keyboard_event (Mod1Mask, NULL, ATSPI_KEY_UNLOCKMODIFIERS, &error));
  g_assert_no_error (error);
}

/* Opens the Clone dialog of @name from its row's menu and returns it. */
static AtspiAccessible *
ui_open_clone_dialog (UiSession *s, const char *name)
{
  g_autofree char *heading = g_strdup_printf ("Clone “%s”", name);

  pvm_ui_test_row_menu_activate (&s->ui, name, "Clone");
  return pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_DIALOG, heading, FALSE, UI_TIMEOUT);
}

/* Types @name in the Clone dialog @dialog and confirms it. */
static void
ui_clone_as (UiSession *s, AtspiAccessible *dialog, const char *name)
{
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_TEXT, "Name of the copy", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Clone", TRUE, UI_TIMEOUT);

  pvm_ui_test_set_text (entry, name);
  g_assert_true (pvm_ui_test_wait_for_sensitive (confirm, TRUE, UI_TIMEOUT));
  pvm_ui_test_click_and_wait_for_close (&s->ui, confirm);
}

/* Opens the Delete confirmation of @name from its row's menu and returns it once it lists
 * the disks. */
static AtspiAccessible *
ui_open_delete_dialog (UiSession *s, const char *name)
{
  g_autofree char *heading = g_strdup_printf ("Delete “%s”?", name);

  pvm_ui_test_row_menu_activate (&s->ui, name, "Delete");
  return pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_DIALOG, heading, FALSE, UI_TIMEOUT);
}

/* ---- the cases ---- */

static void
test_clone_flags_an_empty_invalid_or_taken_name (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->ui.pvmd, "named");
  g_autoptr (PvmDomain) other = pvm_test_pvmd_define_guest (&s->ui.pvmd, "named-clone");
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (&s->ui, "named-clone", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) dialog = ui_open_clone_dialog (s, "named");
  g_autoptr (AtspiAccessible) entry =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_TEXT, "Name of the copy", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Clone", TRUE, UI_TIMEOUT);

  /* "named-clone" is taken: the suggestion is the next free name. */
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  g_autofree char *suggested = NULL;
  do {
    g_free (suggested);
    suggested = pvm_ui_test_get_text (entry);
    pvm_test_iterate ();
  } while (g_strcmp0 (suggested, "named-clone-2") != 0 && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (suggested, ==, "named-clone-2");
  g_assert_true (pvm_ui_test_has_state (confirm, ATSPI_STATE_SENSITIVE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-clone-dialog");

  pvm_ui_test_set_text (entry, "");
  g_autoptr (AtspiAccessible) empty = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "Give the machine a name.", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_sensitive (confirm, FALSE, UI_TIMEOUT));

  pvm_ui_test_set_text (entry, "my copy");
  g_autoptr (AtspiAccessible) invalid = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "“my copy” has a character a name cannot have", TRUE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_sensitive (confirm, FALSE, UI_TIMEOUT));
  g_assert_true (ui_is_flagged (entry));

  pvm_ui_test_set_text (entry, "named-clone");
  g_autoptr (AtspiAccessible) taken = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "A virtual machine named “named-clone” already exists on this host.",
    FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_sensitive (confirm, FALSE, UI_TIMEOUT));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-clone-name-taken");

  pvm_ui_test_set_text (entry, "named-copy");
  g_assert_true (pvm_ui_test_wait_for_sensitive (confirm, TRUE, UI_TIMEOUT));
  g_assert_false (ui_is_flagged (entry));
  g_autoptr (AtspiAccessible) cancel =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Cancel", TRUE, UI_TIMEOUT);
  pvm_ui_test_click_and_wait_for_close (&s->ui, cancel);
  g_assert_true (pvm_ui_test_wait_for_none (s->ui.app, ATSPI_ROLE_DIALOG, "Clone “named”",
                                            UI_TIMEOUT));
  for (int i = 0; i < 20; i++)
    pvm_test_iterate ();
  g_autoptr (PvmDomain) copy = pvm_test_find_domain (s->ui.pvmd.manager, "named-copy");
  g_assert_null (copy);
}

static void
test_clone_copies_the_machine_and_its_pool_disk_showing_progress (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autofree char *disk = ui_create_volume (s, "web1.img");
  g_autoptr (PvmDomain) web1 =
    ui_define_with_disks (s, "web1", (const char *const[]) { disk, NULL });
  g_autoptr (AtspiAccessible) dialog = ui_open_clone_dialog (s, "web1");

  ui_clone_as (s, dialog, "web2");
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (&s->ui, "web1", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) progress =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "Cloning…", TRUE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) cancel =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Cancel Cloning", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) start =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Start", FALSE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (start, ATSPI_STATE_SENSITIVE));
  g_usleep (G_USEC_PER_SEC); /* some of the copy done, for the screenshot */
  g_autofree char *shown = atspi_accessible_get_name (progress, NULL);
  g_test_message ("the row says: %s", shown);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-clone-progress");

  g_autoptr (AtspiAccessible) copy_row = pvm_ui_test_wait_for_row (&s->ui, "web2", UI_TIMEOUT);
  g_assert_true (ui_pool_has (s, "web2.img"));
  g_assert_true (ui_pool_has (s, "web1.img"));
  g_assert_true (pvm_ui_test_wait_for_none (row, ATSPI_ROLE_PUSH_BUTTON, "Cancel Cloning",
                                            UI_AT_ONCE));
  g_assert_true (pvm_ui_test_wait_for_sensitive (start, TRUE, UI_TIMEOUT));
  g_autoptr (PvmDomain) web2 = ui_wait_for_domain (s, "web2");
  g_assert_cmpstr (pvm_domain_get_uuid (web2), !=, pvm_domain_get_uuid (web1));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-clone-done");
}

static void
test_cancel_on_the_row_stops_the_clone_and_leaves_nothing (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autofree char *disk = ui_create_volume (s, "db1.img");
  g_autoptr (PvmDomain) db1 = ui_define_with_disks (s, "db1", (const char *const[]) { disk, NULL });
  g_autoptr (AtspiAccessible) dialog = ui_open_clone_dialog (s, "db1");

  ui_clone_as (s, dialog, "db2");
  g_autoptr (AtspiAccessible) row = pvm_ui_test_wait_for_row (&s->ui, "db1", UI_TIMEOUT);
  g_autoptr (AtspiAccessible) cancel =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_PUSH_BUTTON, "Cancel Cloning", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_sensitive (cancel, TRUE, UI_TIMEOUT));
  pvm_ui_test_click (cancel);

  g_assert_true (pvm_ui_test_wait_for_none (row, ATSPI_ROLE_PUSH_BUTTON, "Cancel Cloning",
                                            UI_TIMEOUT));
  for (int i = 0; i < 50; i++)
    pvm_test_iterate ();
  g_autoptr (PvmDomain) db2 = pvm_test_find_domain (s->ui.pvmd.manager, "db2");
  g_assert_null (db2);
  g_assert_false (ui_pool_has (s, "db2.img"));
  g_assert_true (pvm_ui_test_wait_for_none (s->ui.app, ATSPI_ROLE_LIST_ITEM, "db2", UI_AT_ONCE));
  /* The cancellation was asked for: no toast says it. */
  g_autoptr (AtspiAccessible) toast = pvm_ui_test_find (s->ui.app, ATSPI_ROLE_LABEL, "Cancelled",
                                                        TRUE);
  g_assert_null (toast);
}

static void
test_a_clone_pvmd_refuses_shows_its_sentence (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autofree char *disk = ui_create_volume (s, "app1.img");
  g_autofree char *in_the_way = ui_create_volume (s, "app2.img");
  g_autoptr (PvmDomain) app1 =
    ui_define_with_disks (s, "app1", (const char *const[]) { disk, NULL });
  g_autoptr (AtspiAccessible) dialog = ui_open_clone_dialog (s, "app1");

  ui_clone_as (s, dialog, "app2");
  g_autoptr (AtspiAccessible) toast = pvm_ui_test_wait_for (
    s->ui.app, ATSPI_ROLE_LABEL, "Pool 'default' already has a volume named 'app2.img'", TRUE,
    UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-clone-refused");
  g_autoptr (PvmDomain) app2 = pvm_test_find_domain (s->ui.pvmd.manager, "app2");
  g_assert_null (app2);
}

static void
test_delete_with_its_disks_deletes_the_pool_volume_and_keeps_the_others (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autofree char *disk = ui_create_volume (s, "doomed.img");
  g_autofree char *outside = g_build_filename (s->ui.pvmd.dir, "outside.img", NULL);
  g_assert_true (g_file_set_contents (outside, "not in a pool", -1, NULL));
  g_autoptr (PvmDomain) domain =
    ui_define_with_disks (s, "doomed", (const char *const[]) { disk, outside, NULL });
  g_autoptr (AtspiAccessible) dialog = ui_open_delete_dialog (s, "doomed");

  g_autoptr (AtspiAccessible) listed = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "doomed.img in the pool “default”", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) kept = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "This disk is in no storage pool and is kept", TRUE, UI_TIMEOUT);
  g_autofree char *kept_text = atspi_accessible_get_name (kept, NULL);
  g_assert_nonnull (strstr (kept_text, outside));
  g_autoptr (AtspiAccessible) check = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_CHECK_BOX, "Also delete its disks", TRUE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_wait_for_sensitive (check, TRUE, UI_TIMEOUT));
  g_assert_false (pvm_ui_test_has_state (check, ATSPI_STATE_CHECKED));
  ui_press_alt (XK_a); /* "_Also delete its disks" */
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  while (!pvm_ui_test_has_state (check, ATSPI_STATE_CHECKED) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_true (pvm_ui_test_has_state (check, ATSPI_STATE_CHECKED));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-delete-with-disks");

  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Delete", TRUE, UI_TIMEOUT);
  pvm_ui_test_click_and_wait_for_close (&s->ui, confirm);
  g_assert_true (ui_wait_for_no_domain (s, "doomed"));
  g_assert_true (ui_wait_for_volume (s, "doomed.img", FALSE));
  g_assert_false (g_file_test (disk, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_assert_true (pvm_ui_test_wait_for_none (s->ui.app, ATSPI_ROLE_LIST_ITEM, "doomed", UI_AT_ONCE));
}

static void
test_delete_without_its_disks_keeps_the_pool_volume (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autofree char *disk = ui_create_volume (s, "spared.img");
  g_autoptr (PvmDomain) domain =
    ui_define_with_disks (s, "spared", (const char *const[]) { disk, NULL });
  g_autoptr (AtspiAccessible) dialog = ui_open_delete_dialog (s, "spared");

  g_autoptr (AtspiAccessible) listed = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_LABEL, "spared.img in the pool “default”", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) check = pvm_ui_test_wait_for (
    dialog, ATSPI_ROLE_CHECK_BOX, "Also delete its disks", TRUE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (check, ATSPI_STATE_CHECKED));
  g_assert_null (pvm_ui_test_find (dialog, ATSPI_ROLE_LABEL, "is in no storage pool", TRUE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-row-actions-delete-confirmation");

  g_autoptr (AtspiAccessible) confirm =
    pvm_ui_test_wait_for (dialog, ATSPI_ROLE_PUSH_BUTTON, "Delete", TRUE, UI_TIMEOUT);
  pvm_ui_test_click_and_wait_for_close (&s->ui, confirm);
  g_assert_true (ui_wait_for_no_domain (s, "spared"));
  g_assert_true (pvm_ui_test_wait_for_none (s->ui.app, ATSPI_ROLE_LIST_ITEM, "spared", UI_AT_ONCE));
  for (int i = 0; i < 50; i++)
    pvm_test_iterate ();
  g_assert_true (ui_pool_has (s, "spared.img"));
  g_assert_true (g_file_test (disk, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  int status;

  g_setenv ("PVM_COPY_BANDWIDTH", COPY_MIB_PER_S, TRUE); /* pvmd's, started below */
  dir = pvm_ui_test_init (&argc, &argv, "row-actions");

  ui_session_set_up (&session, dir);
  g_test_add_data_func ("/ui/row-actions/clone-flags-an-empty-invalid-or-taken-name", &session,
                        test_clone_flags_an_empty_invalid_or_taken_name);
  g_test_add_data_func (
    "/ui/row-actions/clone-copies-the-machine-and-its-pool-disk-showing-progress", &session,
    test_clone_copies_the_machine_and_its_pool_disk_showing_progress);
  g_test_add_data_func ("/ui/row-actions/cancel-on-the-row-stops-the-clone-and-leaves-nothing",
                        &session, test_cancel_on_the_row_stops_the_clone_and_leaves_nothing);
  g_test_add_data_func ("/ui/row-actions/a-clone-pvmd-refuses-shows-its-sentence", &session,
                        test_a_clone_pvmd_refuses_shows_its_sentence);
  g_test_add_data_func (
    "/ui/row-actions/delete-with-its-disks-deletes-the-pool-volume-and-keeps-the-others",
    &session, test_delete_with_its_disks_deletes_the_pool_volume_and_keeps_the_others);
  g_test_add_data_func ("/ui/row-actions/delete-without-its-disks-keeps-the-pool-volume",
                        &session, test_delete_without_its_disks_keeps_the_pool_volume);
  status = g_test_run ();
  g_clear_object (&session.pool);
  pvm_ui_test_session_tear_down (&session.ui, dir);
  return status;
}

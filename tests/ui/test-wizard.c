/* test-wizard.c: the create-VM wizard of pvm-manager, launched from its desktop file under
 * Xvfb against pvmd on a private session bus, walked through its accessible tree as a user
 * would: a PV machine from the built-in default guest and a fully virtualized one from the
 * demo image, created and started; wrong input flagged; pvmd's refusal shown. Each page is
 * photographed into the test logs. */
#include <glib/gstdio.h>
#include <string.h>

#include "common/console.h"
#include "pvmd-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define WIZARD "New Virtual Machine"

/* One app on one bus for every case, as in test-manager.c. */
typedef PvmUiTestSession UiSession;

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  /* pvmd inherits $PVM_GUEST_DIR and $PVM_FV_IMAGE_DIR: its DefaultImages are the test's. */
  pvm_ui_test_session_start_pvmd (s, dir);
  if (s->pvmd.guest) {
    g_autoptr (PvmDomain) guest = pvm_test_pvmd_define_guest (&s->pvmd, "default");
  }

  if (pvm_ui_test_session_start_display (s))
    pvm_ui_test_session_launch_app (s);
}

/* Skips the case if the session could not show the app or has no default guest. */
static gboolean
ui_session_ready (UiSession *s)
{
  if (!s->pvmd.guest) {
    g_test_fail_printf ("the default guest is not built: run tools/build-guest");
    return FALSE;
  }
  return pvm_ui_test_session_ready (s);
}

/* Returns the text field of the entry row titled @title in @wizard. */
static AtspiAccessible *
ui_field (AtspiAccessible *wizard, const char *title)
{
  return pvm_ui_test_wait_for (wizard, ATSPI_ROLE_TEXT, title, FALSE, UI_TIMEOUT);
}

/* Waits until the wizard's header says it shows step @step. */
static void
ui_wait_for_step (AtspiAccessible *wizard, const char *step)
{
  g_autoptr (AtspiAccessible) subtitle =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_LABEL, step, TRUE, UI_TIMEOUT);
}

/* Presses the wizard's button @label and waits for the step @step it leads to. GtkButton
 * takes a quarter of a second to show a click before it acts, and ignores clicks meanwhile. */
static void
ui_go (AtspiAccessible *wizard, const char *label, const char *step)
{
  pvm_ui_test_press (wizard, label);
  ui_wait_for_step (wizard, step);
}

/* Cancels the wizard (at its first step) and waits until it is gone. Nothing is asked of the
 * app while the click lands: GTK 4.8 can answer an AT-SPI call about a window that is being
 * destroyed with a NULL object path, a critical that G_DEBUG makes fatal. */
static void
ui_cancel (UiSession *s, AtspiAccessible *wizard)
{
  gint64 settled = g_get_monotonic_time () + G_USEC_PER_SEC;

  pvm_ui_test_press (wizard, "Cancel");
  while (g_get_monotonic_time () < settled)
    pvm_test_iterate ();
  g_assert_true (pvm_ui_test_wait_for_none (s->app, ATSPI_ROLE_DIALOG, WIZARD, UI_TIMEOUT));
}

/* Opens the wizard from the main window's header bar and returns it. */
static AtspiAccessible *
ui_open_wizard (UiSession *s)
{
  g_autoptr (AtspiAccessible) window =
    pvm_ui_test_wait_for (s->app, ATSPI_ROLE_FRAME, "pvm Manager", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) add =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, WIZARD, FALSE, UI_TIMEOUT);
  AtspiAccessible *wizard;

  pvm_ui_test_click (add);
  wizard = pvm_ui_test_wait_for (s->app, ATSPI_ROLE_DIALOG, WIZARD, FALSE, UI_TIMEOUT);
  ui_wait_for_step (wizard, "Step 1 of 5");
  return wizard;
}

/* Returns the review page's definition. */
static char *
ui_review_xml (AtspiAccessible *wizard)
{
  g_autoptr (AtspiAccessible) view =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_TEXT, "Domain XML", FALSE, UI_TIMEOUT);

  return pvm_ui_test_get_text (view);
}

/* Returns $PVM_FV_IMAGE_DIR's demo disk (or ~/.cache/pvm's), or NULL with the test failed,
 * naming the tool that builds it. */
static char *
ui_demo_disk (void)
{
  const char *env = g_getenv ("PVM_FV_IMAGE_DIR");
  g_autofree char *dir = env ? g_strdup (env)
                             : g_build_filename (g_get_home_dir (), ".cache", "pvm", "fv-image",
                                                 "current", NULL);
  g_autofree char *disk = g_build_filename (dir, "disk.img", NULL);

  if (!g_file_test (disk, G_FILE_TEST_IS_REGULAR)) {
    g_test_fail_printf ("the demo disk %s is missing: run tools/build-fv-image", disk);
    return NULL;
  }
  return g_steal_pointer (&disk);
}

static void
test_creates_and_starts_a_pv_machine_from_the_default_guest (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!ui_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) wizard = ui_open_wizard (s);
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-1-kind");
  pvm_ui_test_choose (wizard, "Paravirtualized");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 2 of 5: Operating System");
  g_autoptr (AtspiAccessible) offered = pvm_ui_test_wait_for (
    wizard, ATSPI_ROLE_LABEL, "ready on this host", TRUE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-2-pv");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 3 of 5: Name and Hardware");
  g_autoptr (AtspiAccessible) name = ui_field (wizard, "Name");
  g_autofree char *suggested = pvm_ui_test_get_text (name);
  g_assert_cmpstr (suggested, ==, "default-guest");
  pvm_ui_test_set_text (name, "wizard-pv");
  g_autoptr (AtspiAccessible) vcpus = ui_field (wizard, "Processors");
  pvm_ui_test_set_text (vcpus, "2");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-3-hardware");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 4 of 5: Storage and Network");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-4-storage");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 5 of 5: Review");
  g_autofree char *xml = ui_review_xml (wizard);
  g_autofree char *kernel = g_strdup_printf ("<kernel>%s/Image</kernel>", s->pvmd.guest);
  g_test_message ("the review shows:\n%s", xml);
  g_assert_nonnull (strstr (xml, "<name>wizard-pv</name>"));
  g_assert_nonnull (strstr (xml, kernel));
  g_assert_nonnull (strstr (xml, "<vcpu>2</vcpu>"));
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-5-review");
  pvm_ui_test_press (wizard, "Create");

  pvm_ui_test_wait_for_row_state (s, "wizard-pv", "Running", UI_TIMEOUT);
  g_autoptr (PvmDomain) domain =
    pvm_test_wait_for_domain (s->pvmd.manager, "wizard-pv", UI_TIMEOUT);
  g_assert_nonnull (domain);
  g_assert_cmpstr (pvm_domain_get_mode (domain), ==, "pv");
  g_assert_cmpuint (pvm_domain_get_vcpus (domain), ==, 2);
  pvm_test_domain_wait_for_state (domain, "running");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-pv-running");
  pvm_test_domain_destroy (domain);
}

static void
test_creates_and_starts_a_full_machine_from_the_demo_image (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;

  if (!ui_session_ready (s))
    return;
  g_autofree char *demo = ui_demo_disk ();
  if (!demo)
    return;
  g_autoptr (AtspiAccessible) wizard = ui_open_wizard (s);
  pvm_ui_test_choose (wizard, "Full Virtualization");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 2 of 5: Disk and Firmware");
  g_autoptr (AtspiAccessible) offered =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_LABEL, "read-only", TRUE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-2-full");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 3 of 5: Name and Hardware");
  g_autoptr (AtspiAccessible) name = ui_field (wizard, "Name");
  g_autofree char *suggested = pvm_ui_test_get_text (name);
  g_assert_cmpstr (suggested, ==, "demo");
  pvm_ui_test_set_text (name, "wizard-full");
  pvm_ui_test_press (wizard, "Next");

  /* A second disk of its own, made in the default pool. */
  ui_wait_for_step (wizard, "Step 4 of 5: Storage and Network");
  g_autoptr (AtspiAccessible) new_disk =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_CHECK_BOX, "Add a New Disk", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (new_disk);
  g_autoptr (AtspiAccessible) size = ui_field (wizard, "Size");
  pvm_ui_test_set_text (size, "64 MiB");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-4-storage-new-disk");
  pvm_ui_test_press (wizard, "Next");

  ui_wait_for_step (wizard, "Step 5 of 5: Review");
  g_autofree char *xml = ui_review_xml (wizard);
  g_autofree char *source = g_strdup_printf ("<source file=\"%s\"/>", demo);
  g_test_message ("the review shows:\n%s", xml);
  g_assert_nonnull (strstr (xml, "<name>wizard-full</name>"));
  g_assert_nonnull (strstr (xml, "hvm</type>"));
  g_assert_nonnull (strstr (xml, source));
  g_assert_nonnull (strstr (xml, "<readonly/>"));
  g_assert_nonnull (strstr (xml, "wizard-full.img"));
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-5-review-full");
  pvm_ui_test_press (wizard, "Create");

  pvm_ui_test_wait_for_row_state (s, "wizard-full", "Running", UI_TIMEOUT);
  g_autoptr (PvmDomain) domain =
    pvm_test_wait_for_domain (s->pvmd.manager, "wizard-full", UI_TIMEOUT);
  g_assert_nonnull (domain);
  g_assert_cmpstr (pvm_domain_get_mode (domain), ==, "full");
  pvm_test_domain_wait_for_state (domain, "running");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-full-running");

  g_autoptr (PvmStoragePool) pool = PVM_STORAGE_POOL (g_dbus_object_manager_get_interface (
    s->pvmd.manager, "/org/pvm/Hypervisor1/pool/default", "org.pvm.Hypervisor1.StoragePool"));
  g_autoptr (GVariant) volumes = NULL;
  g_assert_nonnull (pool);
  g_assert_true (pvm_storage_pool_call_list_volumes_sync (pool, &volumes, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *listed = g_variant_print (volumes, FALSE);
  g_assert_nonnull (strstr (listed, "'wizard-full.img'"));
  g_assert_nonnull (strstr (listed, "67108864"));
  pvm_test_domain_destroy (domain);
}

/* Waits until the wizard shows @problem, with Next off. */
static void
ui_expect_problem (AtspiAccessible *wizard, const char *problem)
{
  g_autoptr (AtspiAccessible) label =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_LABEL, problem, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) next =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_PUSH_BUTTON, "Next", FALSE, UI_TIMEOUT);

  g_assert_false (pvm_ui_test_has_state (next, ATSPI_STATE_SENSITIVE));
}

static void
test_flags_wrong_input_on_its_field_and_keeps_next_off (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autofree char *missing = g_build_filename (s->pvmd.dir, "no-such-kernel", NULL);
  g_autofree char *no_file = NULL;

  if (!ui_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) wizard = ui_open_wizard (s);
  pvm_ui_test_choose (wizard, "Paravirtualized");
  ui_go (wizard, "Next", "Step 2 of 5");

  /* A kernel of one's own that is not there. */
  pvm_ui_test_choose (wizard, "Kernel of Your Own");
  g_autoptr (AtspiAccessible) kernel = ui_field (wizard, "Kernel Image");
  pvm_ui_test_set_text (kernel, missing);
  no_file = g_strdup_printf ("There is no file %s on this computer.", missing);
  ui_expect_problem (wizard, no_file);
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-2-pv-missing-kernel");
  pvm_ui_test_choose (wizard, "Built-in Default Guest");
  ui_go (wizard, "Next", "Step 3 of 5");
  g_autoptr (AtspiAccessible) name = ui_field (wizard, "Name");
  g_autoptr (AtspiAccessible) memory = ui_field (wizard, "Memory");
  g_autoptr (AtspiAccessible) vcpus = ui_field (wizard, "Processors");

  /* The sentence shows under the field and is the field's description for screen readers. */
  const char *taken = "A virtual machine named “default” already exists on this host.";
  pvm_ui_test_set_text (name, "default");
  ui_expect_problem (wizard, taken);
  g_autofree char *description = atspi_accessible_get_description (name, NULL);
  g_assert_cmpstr (description, ==, taken);
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-name-taken");

  pvm_ui_test_set_text (name, "web/1");
  ui_expect_problem (wizard, "“web/1” has a character a name cannot have: use letters, digits, "
                             "“.”, “_”, “+” and “-”.");
  pvm_ui_test_set_text (name, "web1");
  pvm_ui_test_set_text (memory, "8 MiB");
  ui_expect_problem (wizard, "A machine has 16 MiB to 1024 GiB of memory, not 8 MiB.");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-memory-out-of-range");
  pvm_ui_test_set_text (memory, "512 MiB");
  pvm_ui_test_set_text (vcpus, "12");
  ui_expect_problem (wizard, "A machine has 1 to 8 processors, not 12.");
  pvm_ui_test_set_text (vcpus, "4");
  ui_go (wizard, "Next", "Step 4 of 5");

  ui_go (wizard, "Back", "Step 3 of 5");
  ui_go (wizard, "Back", "Step 2 of 5");
  ui_go (wizard, "Back", "Step 1 of 5");
  ui_cancel (s, wizard);
  g_autoptr (PvmDomain) web1 = pvm_test_find_domain (s->pvmd.manager, "web1");
  g_assert_null (web1);
}

static void
test_shows_the_sentence_of_pvmd_when_it_refuses (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (!ui_session_ready (s))
    return;
  g_autoptr (AtspiAccessible) wizard = ui_open_wizard (s);
  ui_go (wizard, "Next", "Step 2 of 5");
  ui_go (wizard, "Next", "Step 3 of 5");
  g_autoptr (AtspiAccessible) name = ui_field (wizard, "Name");
  pvm_ui_test_set_text (name, "raced");
  ui_go (wizard, "Next", "Step 4 of 5");
  ui_go (wizard, "Next", "Step 5 of 5");

  /* Another client takes the name while the user reads the review. */
  g_autoptr (PvmDomain) other = pvm_test_pvmd_define_guest (&s->pvmd, "raced");
  g_autofree char *again = pvm_test_pvmd_guest_xml (&s->pvmd, "raced", NULL, 256);
  g_assert_false (pvm_host_call_define_domain_sync (s->pvmd.host, again, &path, NULL, &error));
  g_dbus_error_strip_remote_error (error);
  g_test_message ("pvmd says: %s", error->message);

  pvm_ui_test_press (wizard, "Create");
  g_autoptr (AtspiAccessible) toast =
    pvm_ui_test_wait_for (wizard, ATSPI_ROLE_LABEL, error->message, FALSE, UI_TIMEOUT);
  ui_wait_for_step (wizard, "Step 5 of 5");
  pvm_ui_test_display_screenshot (s->display, "ui-wizard-pvmd-refuses");

  /* The name is flagged where it was typed. */
  ui_go (wizard, "Back", "Step 4 of 5");
  ui_go (wizard, "Back", "Step 3 of 5");
  g_autoptr (AtspiAccessible) taken = pvm_ui_test_wait_for (
    wizard, ATSPI_ROLE_LABEL, "A virtual machine named “raced” already exists on this host.",
    FALSE, UI_TIMEOUT);
  ui_go (wizard, "Back", "Step 2 of 5");
  ui_go (wizard, "Back", "Step 1 of 5");
  ui_cancel (s, wizard);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  int status;

  dir = pvm_ui_test_init (&argc, &argv, "wizard");

  ui_session_set_up (&session, dir);
  g_test_add_data_func ("/ui/wizard/creates-and-starts-a-pv-machine-from-the-default-guest",
                        &session, test_creates_and_starts_a_pv_machine_from_the_default_guest);
  g_test_add_data_func ("/ui/wizard/creates-and-starts-a-full-machine-from-the-demo-image",
                        &session, test_creates_and_starts_a_full_machine_from_the_demo_image);
  g_test_add_data_func ("/ui/wizard/flags-wrong-input-on-its-field-and-keeps-next-off", &session,
                        test_flags_wrong_input_on_its_field_and_keeps_next_off);
  g_test_add_data_func ("/ui/wizard/shows-the-sentence-of-pvmd-when-it-refuses", &session,
                        test_shows_the_sentence_of_pvmd_when_it_refuses);
  status = g_test_run ();
  pvm_ui_test_session_tear_down (&session, dir);
  return status;
}

/* test-details.c: pvm-manager's details window, launched from its desktop file under Xvfb
 * against pvmd on a private session bus: a stopped machine's settings as pvmd stores them,
 * changed through the window and read back from pvmd; a value pvmd refuses, with its sentence
 * on the page and the definition kept; a running machine's settings locked and its
 * performance graphs. */
#include <glib/gstdio.h>
#include <string.h>
#include <X11/X.h>
#include <X11/keysym.h>

#include "common/console.h"
#include "common/pvm-domain-config.h"
#include "pvmd-test.h"
#include "ui-test.h"

#define UI_TIMEOUT 30.0
#define UI_AT_ONCE 5.0 /* seconds, AT-SPI polling included, for a change elsewhere to show */
#define VM_NAME "details-vm"
#define VM_WINDOW "Details of " VM_NAME
#define VM_DISK "details-vm.img"
#define VM_DISK_MIB 64

typedef struct {
  PvmUiTestSession ui;
  PvmDomain *domain; /* VM_NAME: the default guest with 2 CPUs, 384 MiB, a disk and a card */
  char *disk_path;
} UiSession;

/* Defines VM_NAME with a new volume of the default pool as its disk and a card on the
 * network "default". */
static void
ui_session_define_machine (UiSession *s)
{
  PvmTestPvmd *f = &s->ui.pvmd;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusInterface) pool = NULL;
  g_autofree char *xml = NULL, *path = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!(pool = g_dbus_object_manager_get_interface (f->manager,
                                                       "/org/pvm/Hypervisor1/pool/default",
                                                       "org.pvm.Hypervisor1.StoragePool")) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_nonnull (pool);
  g_assert_true (pvm_storage_pool_call_create_volume_sync (
    PVM_STORAGE_POOL (pool), VM_DISK, VM_DISK_MIB * 1024 * 1024, &s->disk_path, NULL, &error));
  g_assert_no_error (error);

  xml = g_strdup_printf ("<domain type='qemu'><name>" VM_NAME "</name>"
                         "<memory unit='MiB'>384</memory><vcpu>2</vcpu>"
                         "<os><type>linux</type><kernel>%s/Image</kernel>"
                         "<initrd>%s/initramfs.cpio.gz</initrd>"
                         "<cmdline>console=ttyS0 quiet</cmdline></os>"
                         "<devices><disk type='file' device='disk'><source file='%s'/>"
                         "<target dev='vda' bus='virtio'/></disk>"
                         "<interface type='network'><source network='default'/>"
                         "<mac address='52:54:00:de:7a:11'/></interface></devices></domain>",
                         f->guest, f->guest, s->disk_path);
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  s->domain = pvm_test_pvmd_get_domain (f, path);
}

static void
ui_session_set_up (UiSession *s, const char *dir)
{
  pvm_ui_test_session_start_pvmd (&s->ui, dir);
  ui_session_define_machine (s);

  if (pvm_ui_test_session_start_display (&s->ui))
    pvm_ui_test_session_launch_app (&s->ui);
}

/* ---- what the test sees and does ---- */

/* Opens the details of @name from its row's menu and returns the window. */
static AtspiAccessible *
ui_open_details_of (UiSession *s, const char *name)
{
  g_autofree char *title = g_strdup_printf ("Details of %s", name);

  pvm_ui_test_row_menu_activate (&s->ui, name, "Details");
  return pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, title, FALSE, UI_TIMEOUT);
}

static AtspiAccessible *
ui_open_details (UiSession *s)
{
  return ui_open_details_of (s, VM_NAME);
}

/* Returns the current value of the spin button @spin. */
static double
ui_value (AtspiAccessible *spin)
{
  AtspiValue *value = atspi_accessible_get_value_iface (spin);
  g_autoptr (GError) error = NULL;
  double current;

  g_assert_nonnull (value);
  current = atspi_value_get_current_value (value, &error);
  g_object_unref (value);
  g_assert_no_error (error);
  return current;
}

/* Waits until the spin button @spin shows @expected. */
static void
ui_wait_for_value (AtspiAccessible *spin, double expected)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);

  while (ui_value (spin) != expected && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpfloat (ui_value (spin), ==, expected);
}

/* Waits for the text field named @name in @window to show @expected, and returns the field. */
static AtspiAccessible *
ui_wait_for_text (AtspiAccessible *window, const char *name, const char *expected)
{
  AtspiAccessible *field =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_TEXT, name, FALSE, UI_TIMEOUT);
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  g_autofree char *text = pvm_ui_test_get_text (field);

  while (g_strcmp0 (text, expected) != 0 && g_get_monotonic_time () < deadline) {
    pvm_test_iterate ();
    g_free (text);
    text = pvm_ui_test_get_text (field);
  }
  g_assert_cmpstr (text, ==, expected);
  return field;
}

/* Clicks the left end of @accessible, as a mouse (its text, in an entry or spin button). */
static void
ui_click_start (AtspiAccessible *accessible)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (accessible);
  g_autoptr (GError) error = NULL;
  g_autofree AtspiRect *rect = NULL;

  g_assert_nonnull (component);
  rect = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, &error);
  g_object_unref (component);
  g_assert_no_error (error);
  g_assert_true (
    atspi_generate_mouse_event (rect->x + 8, rect->y + rect->height / 2, "b1c", &error));
  g_assert_no_error (error);
}

/* Turns the mouse wheel down @clicks times over the middle of @accessible. */
static void
ui_scroll_down (AtspiAccessible *accessible, int clicks)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (accessible);
  g_autoptr (GError) error = NULL;
  g_autofree AtspiRect *rect = NULL;

  g_assert_nonnull (component);
  rect = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, &error);
  g_object_unref (component);
  g_assert_no_error (error);
  for (int i = 0; i < clicks; i++) {
    g_assert_true (atspi_generate_mouse_event (rect->x + rect->width / 2,
                                               rect->y + rect->height / 2, "b5c", &error));
    g_assert_no_error (error);
  }
}

/* Runs the main context for @seconds. */
static void
ui_pause (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    pvm_test_iterate ();
}

/* Returns the definition pvmd stores for VM_NAME now. */
static PvmDomainConfig *
ui_stored_config (UiSession *s)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  PvmDomainConfig *config;

  g_assert_true (pvm_domain_call_get_xml_sync (s->domain, &xml, NULL, &error));
  g_assert_no_error (error);
  config = pvm_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);
  return config;
}

static void
ui_ensure_state (UiSession *s, const char *state)
{
  if (g_str_equal (pvm_domain_get_state (s->domain), state))
    return;
  if (g_str_equal (state, "running"))
    pvm_test_domain_start (s->domain);
  else
    pvm_test_domain_destroy (s->domain);
}

/* ---- the cases ---- */

static void
test_the_menu_shows_a_stopped_machine_as_pvmd_stores_it (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  ui_ensure_state (s, "shutoff");
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) vcpus =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_SPIN_BUTTON, "Virtual CPUs", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) memory =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_SPIN_BUTTON, "Memory", FALSE, UI_TIMEOUT);
  ui_wait_for_value (vcpus, 2);
  ui_wait_for_value (memory, 384);
  g_assert_true (pvm_ui_test_has_state (vcpus, ATSPI_STATE_SENSITIVE));

  g_autofree char *expected_kernel = g_build_filename (s->ui.pvmd.guest, "Image", NULL);
  g_autoptr (AtspiAccessible) kernel = ui_wait_for_text (window, "Kernel", expected_kernel);
  g_autoptr (AtspiAccessible) cmdline =
    ui_wait_for_text (window, "Command Line", "console=ttyS0 quiet");

  g_autoptr (AtspiAccessible) mode =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "Paravirtualized", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) state =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "Off", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) disk =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, s->disk_path, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) size =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "64.0\u00a0MiB", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) card =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "52:54:00:de:7a:11", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-overview");

  /* The disks and network cards, below the fold. */
  ui_scroll_down (cmdline, 15);
  ui_pause (1.0);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-overview-devices");
}

/* Waits until no window named @name shows. */
static void
ui_wait_for_no_window (UiSession *s, const char *name)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);

  while (pvm_ui_test_count_windows (&s->ui, name) > 0 && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, name), ==, 0);
}

static void
test_alt_enter_opens_the_details_and_opening_again_presents_them (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) close =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Close", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (close);
  ui_wait_for_no_window (s, VM_WINDOW);

  /* A click on the row gives it the keyboard; Alt+Enter opens its details. */
  g_autoptr (AtspiAccessible) row =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_LIST_ITEM, VM_NAME, FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) label =
    pvm_ui_test_wait_for (row, ATSPI_ROLE_LABEL, "Paravirtualized", TRUE, UI_TIMEOUT);
  ui_click_start (label);
  g_assert_true (atspi_generate_keyboard_event (Mod1Mask, NULL, ATSPI_KEY_LOCKMODIFIERS, &error));
  pvm_ui_test_press_key (XK_Return);
  g_assert_true (
    atspi_generate_keyboard_event (Mod1Mask, NULL, ATSPI_KEY_UNLOCKMODIFIERS, &error));
  g_assert_no_error (error);
  g_autoptr (AtspiAccessible) opened =
    pvm_ui_test_wait_for (s->ui.app, ATSPI_ROLE_FRAME, VM_WINDOW, FALSE, UI_TIMEOUT);

  g_autoptr (AtspiAccessible) again = ui_open_details (s);
  g_assert_cmpint (pvm_ui_test_count_windows (&s->ui, VM_WINDOW), ==, 1);
}

static void
test_changed_cpus_and_memory_are_saved_by_pvmd (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  ui_ensure_state (s, "shutoff");
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) vcpus =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_SPIN_BUTTON, "Virtual CPUs", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) memory =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_SPIN_BUTTON, "Memory", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) apply =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Apply", FALSE, UI_TIMEOUT);
  g_autoptr (PvmDomainConfig) before = ui_stored_config (s);
  g_assert_false (pvm_ui_test_has_state (apply, ATSPI_STATE_SENSITIVE));

  /* As a keyboard user: the arrow adds one CPU, Page Up a page of 256 MiB. */
  ui_click_start (vcpus);
  pvm_ui_test_press_key (XK_Up);
  ui_wait_for_value (vcpus, pvm_domain_config_get_vcpus (before) + 1);
  ui_click_start (memory);
  pvm_ui_test_press_key (XK_Page_Up);
  ui_wait_for_value (memory, (double) pvm_domain_config_get_memory_mib (before) + 256);
  g_assert_true (pvm_ui_test_has_state (apply, ATSPI_STATE_SENSITIVE));
  pvm_ui_test_click (apply);

  g_autoptr (AtspiAccessible) saved = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LABEL, "The new settings of “" VM_NAME "” are saved.", FALSE, UI_TIMEOUT);
  g_autoptr (PvmDomainConfig) after = ui_stored_config (s);
  g_assert_cmpuint (pvm_domain_config_get_vcpus (after), ==,
                    pvm_domain_config_get_vcpus (before) + 1);
  g_assert_cmpuint (pvm_domain_config_get_memory_mib (after), ==,
                    pvm_domain_config_get_memory_mib (before) + 256);
  g_assert_cmpstr (pvm_domain_config_get_kernel (after), ==,
                   pvm_domain_config_get_kernel (before));
  g_assert_cmpuint (pvm_domain_config_get_n_disks (after), ==, 1);
  g_assert_cmpuint (pvm_domain_config_get_n_interfaces (after), ==, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_AT_ONCE * G_USEC_PER_SEC);
  while (pvm_domain_get_vcpus (s->domain) != pvm_domain_config_get_vcpus (after) &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpuint (pvm_domain_get_vcpus (s->domain), ==, pvm_domain_config_get_vcpus (after));
  g_assert_false (pvm_ui_test_has_state (apply, ATSPI_STATE_SENSITIVE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-saved");
}

static void
test_a_kernel_path_pvmd_refuses_shows_its_sentence_and_keeps_the_definition (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  ui_ensure_state (s, "shutoff");
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) kernel =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_TEXT, "Kernel", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) apply =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Apply", FALSE, UI_TIMEOUT);
  g_autoptr (PvmDomainConfig) before = ui_stored_config (s);
  g_autofree char *before_xml = pvm_domain_config_to_xml (before);

  pvm_ui_test_set_text (kernel, "Image");
  pvm_ui_test_click (apply);
  g_autoptr (AtspiAccessible) refusal = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LABEL, "<kernel> must be an absolute path, not “Image”", FALSE,
    UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-refused");

  g_autofree char *typed = pvm_ui_test_get_text (kernel);
  g_assert_cmpstr (typed, ==, "Image");
  g_autoptr (PvmDomainConfig) after = ui_stored_config (s);
  g_autofree char *after_xml = pvm_domain_config_to_xml (after);
  g_assert_cmpstr (after_xml, ==, before_xml);

  /* Revert brings the stored path back, and the sentence goes. */
  g_autoptr (AtspiAccessible) revert =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PUSH_BUTTON, "Revert", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (revert);
  g_autoptr (AtspiAccessible) reverted =
    ui_wait_for_text (window, "Kernel", pvm_domain_config_get_kernel (before));
  g_assert_false (pvm_ui_test_has_state (apply, ATSPI_STATE_SENSITIVE));
}

static void
test_a_machine_started_elsewhere_locks_its_settings_at_once (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  ui_ensure_state (s, "shutoff");
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) vcpus =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_SPIN_BUTTON, "Virtual CPUs", FALSE, UI_TIMEOUT);
  g_assert_true (pvm_ui_test_has_state (vcpus, ATSPI_STATE_SENSITIVE));

  pvm_test_domain_start (s->domain);
  g_autoptr (AtspiAccessible) running =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "Running", FALSE, UI_AT_ONCE);
  g_autoptr (AtspiAccessible) hint = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LABEL, "Shut down “" VM_NAME "” to change this", FALSE, UI_AT_ONCE);
  g_assert_false (pvm_ui_test_has_state (vcpus, ATSPI_STATE_SENSITIVE));
  g_autoptr (AtspiAccessible) kernel =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_TEXT, "Kernel", FALSE, UI_TIMEOUT);
  g_assert_false (pvm_ui_test_has_state (kernel, ATSPI_STATE_SENSITIVE));
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-running");

  pvm_test_domain_destroy (s->domain);
  g_assert_true (pvm_ui_test_wait_for_none (
    window, ATSPI_ROLE_LABEL, "Shut down “" VM_NAME "” to change this", UI_AT_ONCE));
  g_assert_true (pvm_ui_test_has_state (vcpus, ATSPI_STATE_SENSITIVE));
}

static void
test_a_fully_virtualized_machine_shows_its_firmware (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  PvmTestPvmd *f = &s->ui.pvmd;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *xml = "<domain type='qemu'><name>full-vm</name>"
                    "<memory unit='MiB'>128</memory>"
                    "<os><type arch='riscv64' machine='virt'>hvm</type>"
                    "<loader>/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin</loader>"
                    "<kernel>/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin</kernel></os>"
                    "</domain>";

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_assert_true (pvm_host_call_define_domain_sync (f->host, xml, &path, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (AtspiAccessible) window = ui_open_details_of (s, "full-vm");
  g_autoptr (AtspiAccessible) mode =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "Full virtualization", FALSE, UI_TIMEOUT);
  g_autoptr (AtspiAccessible) firmware = ui_wait_for_text (
    window, "Firmware", "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin");
  g_autoptr (AtspiAccessible) loader =
    ui_wait_for_text (window, "Boot Loader", "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin");
  g_assert_null (pvm_ui_test_find (window, ATSPI_ROLE_TEXT, "Initramfs", FALSE));
  g_autoptr (AtspiAccessible) no_disks =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_LABEL, "No disks", FALSE, UI_TIMEOUT);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-full");
}

static void
test_a_machine_deleted_elsewhere_says_so_and_locks_its_settings (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (PvmDomain) domain = pvm_test_pvmd_define_guest (&s->ui.pvmd, "deleted-vm");
  g_autoptr (AtspiAccessible) window = ui_open_details_of (s, "deleted-vm");
  g_autoptr (AtspiAccessible) vcpus =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_SPIN_BUTTON, "Virtual CPUs", FALSE, UI_TIMEOUT);
  ui_wait_for_value (vcpus, 1);
  g_assert_true (pvm_ui_test_has_state (vcpus, ATSPI_STATE_SENSITIVE));

  /* As pvmctl undefine would. */
  g_assert_true (pvm_domain_call_undefine_sync (domain, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (AtspiAccessible) banner = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LABEL, "“deleted-vm” is no longer defined on its host.", FALSE,
    UI_AT_ONCE);
  g_assert_false (pvm_ui_test_has_state (vcpus, ATSPI_STATE_SENSITIVE));
}

/* Waits until VM_NAME's Autostart is @autostart in the test's proxy. */
static void
ui_wait_for_autostart (UiSession *s, gboolean autostart)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);

  while (pvm_domain_get_autostart (s->domain) != autostart && g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (pvm_domain_get_autostart (s->domain), ==, autostart);
}

/* Waits until the switch @toggle is on (@on) or off. */
static void
ui_wait_for_checked (AtspiAccessible *toggle, gboolean on)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_AT_ONCE * G_USEC_PER_SEC);

  while (pvm_ui_test_has_state (toggle, ATSPI_STATE_CHECKED) != on &&
         g_get_monotonic_time () < deadline)
    pvm_test_iterate ();
  g_assert_cmpint (pvm_ui_test_has_state (toggle, ATSPI_STATE_CHECKED), ==, on);
}

static void
test_the_autostart_switch_follows_pvmd_both_ways (gconstpointer data)
{
  UiSession *s = (UiSession *) data;
  g_autoptr (GError) error = NULL;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) toggle =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_CHECK_BOX, "Start Automatically", FALSE, UI_TIMEOUT);
  g_assert_false (pvm_domain_get_autostart (s->domain));
  ui_wait_for_checked (toggle, FALSE);

  pvm_ui_test_click (toggle);
  ui_wait_for_autostart (s, TRUE);
  ui_wait_for_checked (toggle, TRUE);

  /* As pvmctl autostart --disable would. */
  g_assert_true (pvm_domain_call_set_autostart_sync (s->domain, FALSE, NULL, &error));
  g_assert_no_error (error);
  ui_wait_for_autostart (s, FALSE);
  ui_wait_for_checked (toggle, FALSE);
}

/* Waits until the image whose name starts with @title shows a number (other than @except,
 * unless NULL), and returns its name. */
static char *
ui_wait_for_graph (AtspiAccessible *window, const char *title, const char *except)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (UI_TIMEOUT * G_USEC_PER_SEC);
  g_autofree char *prefix = g_strdup_printf ("%s: ", title);
  char *name = NULL;

  do {
    g_autoptr (AtspiAccessible) graph =
      pvm_ui_test_find (window, ATSPI_ROLE_IMAGE, prefix, TRUE);
    g_free (name);
    name = graph ? atspi_accessible_get_name (graph, NULL) : NULL;
    if (name && g_str_has_prefix (name, prefix) &&
        strpbrk (name + strlen (prefix), "0123456789") &&
        g_strcmp0 (name + strlen (prefix), except) != 0)
      return name;
    pvm_test_iterate ();
  } while (g_get_monotonic_time () < deadline);
  g_test_message ("the graph %s shows “%s”", title, name ? name : "(none)");
  g_assert_not_reached ();
}

static void
test_the_performance_page_of_a_running_machine_shows_four_graphs (gconstpointer data)
{
  UiSession *s = (UiSession *) data;

  if (!pvm_ui_test_session_ready (&s->ui))
    return;
  ui_ensure_state (s, "running");
  g_autoptr (AtspiAccessible) window = ui_open_details (s);
  g_autoptr (AtspiAccessible) page =
    pvm_ui_test_wait_for (window, ATSPI_ROLE_PAGE_TAB, "Performance", FALSE, UI_TIMEOUT);
  pvm_ui_test_click (page);

  g_autofree char *cpu = ui_wait_for_graph (window, "CPU", NULL);
  g_autofree char *memory = ui_wait_for_graph (window, "Memory", NULL);
  g_autofree char *disk = ui_wait_for_graph (window, "Disk", NULL);
  g_autofree char *network = ui_wait_for_graph (window, "Network", NULL);
  g_test_message ("%s; %s; %s; %s", cpu, memory, disk, network);
  g_assert_true (g_str_has_suffix (cpu, " %"));
  g_assert_true (g_str_has_suffix (memory, "MiB"));
  g_assert_true (g_str_has_suffix (disk, "/s"));
  g_assert_true (g_str_has_suffix (network, "/s"));
  /* The guest reads its disk over and over (dropping its page cache each time): the graph
   * shows the rate. */
  g_autoptr (PvmTestSerial) serial = pvm_test_domain_open_serial (s->domain, "details-vm");
  pvm_test_serial_send (serial, "while true; do dd if=/dev/vda of=/dev/null bs=64k 2>/dev/null;"
                                " echo 3 > /proc/sys/vm/drop_caches; done &\n");
  g_autofree char *reading = ui_wait_for_graph (window, "Disk", "0 bytes/s");
  g_test_message ("with the guest reading its disk: %s", reading);
  /* Some readings more, so that the graphs draw lines. */
  ui_pause (8.0);
  pvm_ui_test_display_screenshot (s->ui.display, "ui-details-performance");

  pvm_test_domain_destroy (s->domain);
  g_autoptr (AtspiAccessible) off = pvm_ui_test_wait_for (
    window, ATSPI_ROLE_LABEL, "“" VM_NAME "” Is Off", FALSE, UI_AT_ONCE);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  UiSession session = { 0 };
  int status;

  dir = pvm_ui_test_init (&argc, &argv, "details");

  ui_session_set_up (&session, dir);
  g_test_add_data_func ("/ui/details/the-menu-shows-a-stopped-machine-as-pvmd-stores-it",
                        &session, test_the_menu_shows_a_stopped_machine_as_pvmd_stores_it);
  g_test_add_data_func ("/ui/details/alt-enter-opens-the-details-and-opening-again-presents-them",
                        &session, test_alt_enter_opens_the_details_and_opening_again_presents_them);
  g_test_add_data_func ("/ui/details/changed-cpus-and-memory-are-saved-by-pvmd", &session,
                        test_changed_cpus_and_memory_are_saved_by_pvmd);
  g_test_add_data_func (
    "/ui/details/a-kernel-path-pvmd-refuses-shows-its-sentence-and-keeps-the-definition",
    &session, test_a_kernel_path_pvmd_refuses_shows_its_sentence_and_keeps_the_definition);
  g_test_add_data_func ("/ui/details/a-fully-virtualized-machine-shows-its-firmware", &session,
                        test_a_fully_virtualized_machine_shows_its_firmware);
  g_test_add_data_func ("/ui/details/a-machine-deleted-elsewhere-says-so-and-locks-its-settings",
                        &session,
                        test_a_machine_deleted_elsewhere_says_so_and_locks_its_settings);
  g_test_add_data_func ("/ui/details/the-autostart-switch-follows-pvmd-both-ways", &session,
                        test_the_autostart_switch_follows_pvmd_both_ways);
  g_test_add_data_func ("/ui/details/a-machine-started-elsewhere-locks-its-settings-at-once",
                        &session, test_a_machine_started_elsewhere_locks_its_settings_at_once);
  g_test_add_data_func (
    "/ui/details/the-performance-page-of-a-running-machine-shows-four-graphs", &session,
    test_the_performance_page_of_a_running_machine_shows_four_graphs);
  status = g_test_run ();
  g_clear_object (&session.domain);
  g_clear_pointer (&session.disk_path, g_free);
  pvm_ui_test_session_tear_down (&session.ui, dir);
  return status;
}

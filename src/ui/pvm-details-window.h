/* pvm-details-window.h: a virtual machine's details — one window per machine, with an
 * Overview page (mode, virtual CPUs, memory, boot settings, disks, network cards, autostart;
 * the CPUs, memory and boot settings editable while the machine is off, saved by redefining
 * it in pvmd, which checks them) and a Performance page of graphs. */
#pragma once

#include <adwaita.h>

#include "common/pvm-hypervisor1.h"

G_BEGIN_DECLS

#define PVM_TYPE_DETAILS_WINDOW (pvm_details_window_get_type ())
G_DECLARE_FINAL_TYPE (PvmDetailsWindow, pvm_details_window, PVM, DETAILS_WINDOW,
                      AdwApplicationWindow)

/* Presents the details window of @domain in @app: the one already open for the same machine
 * (same host and UUID), which then follows @domain, else a new one that starts reading the
 * definition (Domain.GetXML) at once. Returns the window (owned by @app). Never blocks. */
PvmDetailsWindow *pvm_details_window_present (GtkApplication *app, PvmDomain *domain);

/* Returns the domain the window shows (owned by the window). */
PvmDomain *pvm_details_window_get_domain (PvmDetailsWindow *self);

G_END_DECLS

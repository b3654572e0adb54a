/* pvm-domain-edit.h: the values of a domain definition that the details window changes —
 * virtual CPUs, memory and the boot settings — written into the libvirt XML pvmd gave, the
 * rest of it kept as it was. pvmd checks the result when it is defined: nothing here does. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint vcpus;         /* <vcpu>; 0: unchanged */
  guint64 memory_mib;  /* <memory unit="MiB"> (and <currentMemory>, if there is one); 0:
                          unchanged */
  const char *kernel;  /* <os><kernel>; NULL: unchanged, "": removed */
  const char *initrd;  /* <os><initrd>, the same way */
  const char *cmdline; /* <os><cmdline>, the same way */
  const char *loader;  /* <os><loader>, the same way */
} PvmDomainEdit;

/* Returns @xml with the changes of @edit made, newly allocated and formatted as libvirt
 * writes it. Fails with PVM_ERROR_INVALID_ARGUMENT if @xml is not a <domain> with an <os>
 * (what pvmd gives always is). Never blocks. */
char *pvm_domain_edit_apply (const char *xml, const PvmDomainEdit *edit, GError **error);

G_END_DECLS

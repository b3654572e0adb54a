/* vmstate.h: a device's state described once, as a table of fields.
 *
 * The same description serves snapshots, save/restore and live migration. The stream of one
 * state is: the version (u32), then each field in table order, little-endian, fixed size;
 * then each subsection whose needed() says so, as its name (a u8 length and the bytes) and its
 * own stream (version, fields, subsections); then a zero byte that ends the subsections.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  PVM_VM_T_END = 0,
  PVM_VM_T_BOOL, /* stored as one byte, 0 or 1 */
  PVM_VM_T_U8,
  PVM_VM_T_U16,
  PVM_VM_T_U32,
  PVM_VM_T_U64,
  PVM_VM_T_BYTES, /* a fixed byte array */
} PvmVmType;

typedef struct {
  const char *name;
  size_t offset;
  PvmVmType type;
  size_t count;     /* elements (1 for scalars) */
  int min_version;  /* the field is in streams of this version and later */
} PvmVmField;

typedef struct PvmVmState PvmVmState;

typedef struct {
  const PvmVmState *state;
  gboolean (*needed) (const void *obj);
} PvmVmSubsection;

struct PvmVmState {
  const char *name;
  int version;     /* the version written */
  int min_version; /* the oldest version accepted on load */
  const PvmVmField *fields;
  const PvmVmSubsection *subsections; /* NULL-terminated (state == NULL), or NULL */
  /* Validates the loaded values and rebuilds derived state (IRQ lines, timers) through the
   * device's own setters. Returns FALSE with @error if a value is out of range
   * (PVM_VMSTATE_ERROR_INVALID, naming the field; pvm_vmstate_load() prefixes the state's name).
   * It must validate before it changes anything. A subsection's post_load runs before its
   * parent's. */
  gboolean (*post_load) (void *obj, GError **error);
};

/* Compile-time check that member @f of @T has type @type; evaluates to 0. */
#define PVM_VM_CHECK_TYPE(T, f, type)                                                              \
  (0 * sizeof (struct {                                                                          \
     int check : __builtin_types_compatible_p (__typeof__ (((T *) 0)->f), type) ? 1 : -1;        \
   }))

#define PVM_VM_SCALAR(T, f, ctype, vtype)                                                          \
  { #f, offsetof (T, f) + PVM_VM_CHECK_TYPE (T, f, ctype), vtype, 1, 0 }
#define PVM_VM_ARRAY(T, f, ctype, vtype, n)                                                        \
  { #f, offsetof (T, f) + PVM_VM_CHECK_TYPE (T, f, ctype[n]), vtype, n, 0 }

#define PVM_VM_BOOL(T, f) PVM_VM_SCALAR (T, f, bool, PVM_VM_T_BOOL)
#define PVM_VM_U8(T, f) PVM_VM_SCALAR (T, f, uint8_t, PVM_VM_T_U8)
#define PVM_VM_U16(T, f) PVM_VM_SCALAR (T, f, uint16_t, PVM_VM_T_U16)
#define PVM_VM_U32(T, f) PVM_VM_SCALAR (T, f, uint32_t, PVM_VM_T_U32)
#define PVM_VM_U64(T, f) PVM_VM_SCALAR (T, f, uint64_t, PVM_VM_T_U64)
#define PVM_VM_I32(T, f) PVM_VM_SCALAR (T, f, int32_t, PVM_VM_T_U32)
#define PVM_VM_I64(T, f) PVM_VM_SCALAR (T, f, int64_t, PVM_VM_T_U64)
/* An _Atomic uint64_t member, saved with a plain load and restored with a plain store. */
#define PVM_VM_U64_ATOMIC(T, f)                                                                    \
  { #f, offsetof (T, f) + PVM_VM_CHECK_TYPE (T, f, _Atomic uint64_t), PVM_VM_T_U64, 1, 0 }
#define PVM_VM_U8_ARRAY(T, f, n) PVM_VM_ARRAY (T, f, uint8_t, PVM_VM_T_U8, n)
#define PVM_VM_U32_ARRAY(T, f, n) PVM_VM_ARRAY (T, f, uint32_t, PVM_VM_T_U32, n)
#define PVM_VM_U64_ARRAY(T, f, n) PVM_VM_ARRAY (T, f, uint64_t, PVM_VM_T_U64, n)
#define PVM_VM_BYTES(T, f, n) PVM_VM_ARRAY (T, f, uint8_t, PVM_VM_T_BYTES, n)
#define PVM_VM_END { NULL, 0, PVM_VM_T_END, 0, 0 }

/* Appends the state of @obj, described by @state, to @out. Never fails. */
void pvm_vmstate_save (const PvmVmState *state, const void *obj, GByteArray *out);

/* Loads the state of @obj from @data, advancing *@pos past what it read. Checks the version
 * range, that every field is present (a truncated stream is found before any field of @obj
 * is written), the subsection names, then calls post_load. Returns FALSE with a PVM_VMSTATE_ERROR naming the state and
 * the field on failure; *@pos and the fields of @obj are then as before (fields post_load
 * refused are put back). Fields of a subsection absent from the stream keep their values. */
gboolean pvm_vmstate_load (const PvmVmState *state, void *obj, const guint8 *data, gsize len,
                           gsize *pos, GError **error);

#define PVM_VMSTATE_ERROR (pvm_vmstate_error_quark ())
GQuark pvm_vmstate_error_quark (void);

typedef enum {
  PVM_VMSTATE_ERROR_TRUNCATED,
  PVM_VMSTATE_ERROR_VERSION,
  PVM_VMSTATE_ERROR_FORMAT,
  PVM_VMSTATE_ERROR_INVALID, /* post_load refused a value */
} PvmVmStateError;

/* vmstate.c: saving and loading a state described by a PvmVmState table.
 *
 * A load makes two passes over the stream: the first checks everything that can be checked
 * without the object (lengths, versions, booleans, subsection names) and writes nothing; the
 * second writes the fields, keeping their previous bytes so that a post_load refusal can put
 * them back.
 */
#include "hv/migrate/vmstate.h"

#include <stdbool.h>
#include <string.h>

#include "common/pvm-bytes.h"

G_DEFINE_QUARK (pvm-vmstate-error-quark, pvm_vmstate_error)

/* Subsections of one state are tracked in a 64-bit mask. */
#define VMSTATE_MAX_SUBSECTIONS 64

static size_t
field_width (PvmVmType type)
{
  switch (type) {
  case PVM_VM_T_BOOL:
  case PVM_VM_T_U8:
  case PVM_VM_T_BYTES:
    return 1;
  case PVM_VM_T_U16:
    return 2;
  case PVM_VM_T_U32:
    return 4;
  case PVM_VM_T_U64:
    return 8;
  case PVM_VM_T_END:
    break;
  }
  g_assert_not_reached ();
}

static uint64_t
field_get (const void *obj, const PvmVmField *f, size_t i)
{
  const uint8_t *p = (const uint8_t *) obj + f->offset + i * field_width (f->type);
  uint16_t v16;
  uint32_t v32;
  uint64_t v64;

  switch (f->type) {
  case PVM_VM_T_BOOL:
    return *(const bool *) p ? 1 : 0;
  case PVM_VM_T_U8:
  case PVM_VM_T_BYTES:
    return *p;
  case PVM_VM_T_U16:
    memcpy (&v16, p, 2);
    return v16;
  case PVM_VM_T_U32:
    memcpy (&v32, p, 4);
    return v32;
  case PVM_VM_T_U64:
    memcpy (&v64, p, 8);
    return v64;
  case PVM_VM_T_END:
    break;
  }
  g_assert_not_reached ();
}

static void
field_set (void *obj, const PvmVmField *f, size_t i, uint64_t v)
{
  uint8_t *p = (uint8_t *) obj + f->offset + i * field_width (f->type);
  uint16_t v16 = (uint16_t) v;
  uint32_t v32 = (uint32_t) v;

  switch (f->type) {
  case PVM_VM_T_BOOL:
    *(bool *) p = v != 0;
    return;
  case PVM_VM_T_U8:
  case PVM_VM_T_BYTES:
    *p = (uint8_t) v;
    return;
  case PVM_VM_T_U16:
    memcpy (p, &v16, 2);
    return;
  case PVM_VM_T_U32:
    memcpy (p, &v32, 4);
    return;
  case PVM_VM_T_U64:
    memcpy (p, &v, 8);
    return;
  case PVM_VM_T_END:
    break;
  }
  g_assert_not_reached ();
}

static void
put_le (GByteArray *out, uint64_t v, size_t width)
{
  uint8_t b[8];

  pvm_le_put (b, v, (unsigned) width);
  g_byte_array_append (out, b, (guint) width);
}

/* Returns the field's stream size at stream version @version (0 if it is not in the stream). */
static size_t
field_stream_size (const PvmVmField *f, uint32_t version)
{
  if ((int64_t) f->min_version > (int64_t) version)
    return 0;
  return field_width (f->type) * f->count;
}

static gboolean
subsection_name_is (const PvmVmSubsection *sub, const guint8 *name, size_t len)
{
  return strlen (sub->state->name) == len && memcmp (sub->state->name, name, len) == 0;
}

void
pvm_vmstate_save (const PvmVmState *state, const void *obj, GByteArray *out)
{
  put_le (out, (uint32_t) state->version, 4);
  for (const PvmVmField *f = state->fields; f && f->name; f++) {
    if (!field_stream_size (f, (uint32_t) state->version))
      continue;
    for (size_t i = 0; i < f->count; i++)
      put_le (out, field_get (obj, f, i), field_width (f->type));
  }
  for (const PvmVmSubsection *sub = state->subsections; sub && sub->state; sub++) {
    if (sub->needed && !sub->needed (obj))
      continue;
    size_t len = strlen (sub->state->name);
    g_assert (len > 0 && len <= 255);
    put_le (out, len, 1);
    g_byte_array_append (out, (const guint8 *) sub->state->name, (guint) len);
    pvm_vmstate_save (sub->state, obj, out);
  }
  put_le (out, 0, 1);
}

/* Pass one: checks the state at data[*pos ..] and advances *pos past it. Writes nothing. */
static gboolean
vmstate_check (const PvmVmState *state, const guint8 *data, gsize len, gsize *pos,
               GError **error)
{
  gsize p = *pos;

  if (len - p < 4) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_TRUNCATED,
                 "%s: truncated at the version", state->name);
    return FALSE;
  }
  uint32_t version = (uint32_t) pvm_le_get (data + p, 4);
  p += 4;
  if ((int64_t) version < state->min_version || (int64_t) version > state->version) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_VERSION,
                 "%s: version %u is not between %d and %d", state->name, version,
                 state->min_version, state->version);
    return FALSE;
  }

  for (const PvmVmField *f = state->fields; f && f->name; f++) {
    size_t size = field_stream_size (f, version);
    if (len - p < size) {
      g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_TRUNCATED,
                   "%s: truncated at field '%s'", state->name, f->name);
      return FALSE;
    }
    if (f->type == PVM_VM_T_BOOL) {
      for (size_t i = 0; i < size; i++) {
        if (data[p + i] > 1) {
          g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_FORMAT,
                       "%s: field '%s' holds %u, not a boolean", state->name, f->name,
                       data[p + i]);
          return FALSE;
        }
      }
    }
    p += size;
  }

  uint64_t seen = 0;
  for (;;) {
    if (len - p < 1) {
      g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_TRUNCATED,
                   "%s: truncated before the end of its subsections", state->name);
      return FALSE;
    }
    size_t name_len = data[p++];
    if (name_len == 0)
      break;
    if (len - p < name_len) {
      g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_TRUNCATED,
                   "%s: truncated in a subsection name", state->name);
      return FALSE;
    }
    unsigned index = 0;
    const PvmVmSubsection *sub = state->subsections;
    for (; sub && sub->state; sub++, index++) {
      if (subsection_name_is (sub, data + p, name_len))
        break;
    }
    if (!sub || !sub->state) {
      g_autofree char *name = g_strndup ((const char *) data + p, name_len);
      g_autofree char *escaped = g_strescape (name, NULL);
      g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_FORMAT,
                   "%s: unknown subsection '%s'", state->name, escaped);
      return FALSE;
    }
    g_assert (index < VMSTATE_MAX_SUBSECTIONS);
    if (seen & (1ull << index)) {
      g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_FORMAT,
                   "%s: subsection '%s' appears twice", state->name, sub->state->name);
      return FALSE;
    }
    seen |= 1ull << index;
    p += name_len;
    if (!vmstate_check (sub->state, data, len, &p, error))
      return FALSE;
  }
  *pos = p;
  return TRUE;
}

/* The previous bytes of a field, kept by pass two: offset, size, then the bytes. */
static void
backup_field (GByteArray *backup, const void *obj, const PvmVmField *f)
{
  size_t offset = f->offset, size = field_width (f->type) * f->count;

  g_byte_array_append (backup, (const guint8 *) &offset, sizeof offset);
  g_byte_array_append (backup, (const guint8 *) &size, sizeof size);
  g_byte_array_append (backup, (const guint8 *) obj + offset, (guint) size);
}

static void
backup_restore (const GByteArray *backup, void *obj)
{
  for (gsize p = 0; p < backup->len;) {
    size_t offset, size;
    memcpy (&offset, backup->data + p, sizeof offset);
    memcpy (&size, backup->data + p + sizeof offset, sizeof size);
    p += sizeof offset + sizeof size;
    memcpy ((guint8 *) obj + offset, backup->data + p, size);
    p += size;
  }
}

/* Pass two: writes the state checked by pass one into @obj, keeping the previous bytes in
 * @backup, and appends the states whose post_load must run to @post_loads (subsections before
 * their parent). */
static void
vmstate_apply (const PvmVmState *state, void *obj, const guint8 *data, gsize *pos,
               GByteArray *backup, GPtrArray *post_loads)
{
  gsize p = *pos;
  uint32_t version = (uint32_t) pvm_le_get (data + p, 4);

  p += 4;
  for (const PvmVmField *f = state->fields; f && f->name; f++) {
    if (!field_stream_size (f, version))
      continue;
    size_t width = field_width (f->type);
    backup_field (backup, obj, f);
    for (size_t i = 0; i < f->count; i++, p += width)
      field_set (obj, f, i, pvm_le_get (data + p, (unsigned) width));
  }
  for (;;) {
    size_t name_len = data[p++];
    if (name_len == 0)
      break;
    const PvmVmSubsection *sub = state->subsections;
    while (!subsection_name_is (sub, data + p, name_len))
      sub++;
    p += name_len;
    vmstate_apply (sub->state, obj, data, &p, backup, post_loads);
  }
  if (state->post_load)
    g_ptr_array_add (post_loads, (gpointer) state);
  *pos = p;
}

gboolean
pvm_vmstate_load (const PvmVmState *state, void *obj, const guint8 *data, gsize len,
                  gsize *pos, GError **error)
{
  gsize p = *pos;

  g_return_val_if_fail (p <= len, FALSE);
  if (!vmstate_check (state, data, len, &p, error))
    return FALSE;

  g_autoptr (GByteArray) backup = g_byte_array_new ();
  g_autoptr (GPtrArray) post_loads = g_ptr_array_new ();
  p = *pos;
  vmstate_apply (state, obj, data, &p, backup, post_loads);

  for (guint i = 0; i < post_loads->len; i++) {
    const PvmVmState *s = post_loads->pdata[i];
    GError *local = NULL;
    if (!s->post_load (obj, &local)) {
      backup_restore (backup, obj);
      if (local) {
        g_prefix_error (&local, "%s: ", s->name);
        g_propagate_error (error, local);
      } else {
        g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                     "%s: the loaded values were refused", s->name);
      }
      return FALSE;
    }
  }
  *pos = p;
  return TRUE;
}

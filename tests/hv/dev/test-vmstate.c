/* test-vmstate.c: saving and loading states described by tables. */
#include <string.h>

#include "dev-test.h"

typedef struct {
  bool b;
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  uint64_t u64;
  int32_t i32;
  int64_t i64;
  uint8_t bytes[3];
  uint32_t arr[2];
  _Atomic uint64_t at;
  uint32_t newer; /* in streams of version 2 and later */
  uint32_t extra; /* in the subsection "obj/extra" */
  uint32_t deep;  /* in the subsection "obj/extra/deep" */
  unsigned post_loads, extra_post_loads;
  bool refuse;
} Obj;

static gboolean
obj_post_load (void *p, GError **error)
{
  Obj *obj = p;

  obj->post_loads++;
  if (obj->u8 > 200) {
    g_set_error (error, PVM_VMSTATE_ERROR, PVM_VMSTATE_ERROR_INVALID,
                 "field 'u8' holds %u, out of range", obj->u8);
    return FALSE;
  }
  return TRUE;
}

static gboolean
extra_post_load (void *p, GError **error)
{
  Obj *obj = p;

  obj->extra_post_loads++;
  return TRUE;
}

static gboolean
extra_needed (const void *p)
{
  return ((const Obj *) p)->extra != 0;
}

static gboolean
deep_needed (const void *p)
{
  return ((const Obj *) p)->deep != 0;
}

static const PvmVmField deep_fields[] = {
  PVM_VM_U32 (Obj, deep),
  PVM_VM_END,
};

static const PvmVmState deep_state = {
  .name = "obj/extra/deep", .version = 1, .min_version = 1, .fields = deep_fields,
};

static const PvmVmSubsection extra_subsections[] = {
  { &deep_state, deep_needed },
  { NULL, NULL },
};

static const PvmVmField extra_fields[] = {
  PVM_VM_U32 (Obj, extra),
  PVM_VM_END,
};

static const PvmVmState extra_state = {
  .name = "obj/extra", .version = 1, .min_version = 1, .fields = extra_fields,
  .subsections = extra_subsections, .post_load = extra_post_load,
};

static const PvmVmSubsection obj_subsections[] = {
  { &extra_state, extra_needed },
  { NULL, NULL },
};

static const PvmVmField obj_fields[] = {
  PVM_VM_BOOL (Obj, b),
  PVM_VM_U8 (Obj, u8),
  PVM_VM_U16 (Obj, u16),
  PVM_VM_U32 (Obj, u32),
  PVM_VM_U64 (Obj, u64),
  PVM_VM_I32 (Obj, i32),
  PVM_VM_I64 (Obj, i64),
  PVM_VM_BYTES (Obj, bytes, 3),
  PVM_VM_U32_ARRAY (Obj, arr, 2),
  PVM_VM_U64_ATOMIC (Obj, at),
  { "newer", offsetof (Obj, newer), PVM_VM_T_U32, 1, 2 },
  PVM_VM_END,
};

static const PvmVmState obj_state = {
  .name = "obj", .version = 2, .min_version = 1, .fields = obj_fields,
  .subsections = obj_subsections, .post_load = obj_post_load,
};

static void
obj_fill (Obj *obj)
{
  obj->b = true;
  obj->u8 = 0x12;
  obj->u16 = 0x3456;
  obj->u32 = 0x789abcde;
  obj->u64 = 0x0102030405060708ull;
  obj->i32 = -2;
  obj->i64 = -3;
  memcpy (obj->bytes, "xyz", 3);
  obj->arr[0] = 0x11111111;
  obj->arr[1] = 0x22222222;
  atomic_store (&obj->at, 0xaabbccddeeff0011ull);
  obj->newer = 0x99;
}

/* The stream of obj_fill()'s values up to and including the fields, at @version. */
static GByteArray *
obj_fields_stream (unsigned version)
{
  GByteArray *s = g_byte_array_new ();

  dev_test_put (s, version, 4);
  dev_test_put (s, 1, 1);
  dev_test_put (s, 0x12, 1);
  dev_test_put (s, 0x3456, 2);
  dev_test_put (s, 0x789abcde, 4);
  dev_test_put (s, 0x0102030405060708ull, 8);
  dev_test_put (s, 0xfffffffe, 4);
  dev_test_put (s, 0xfffffffffffffffdull, 8);
  g_byte_array_append (s, (const guint8 *) "xyz", 3);
  dev_test_put (s, 0x11111111, 4);
  dev_test_put (s, 0x22222222, 4);
  dev_test_put (s, 0xaabbccddeeff0011ull, 8);
  if (version >= 2)
    dev_test_put (s, 0x99, 4);
  return s;
}

static void
put_name (GByteArray *s, const char *name)
{
  dev_test_put (s, strlen (name), 1);
  g_byte_array_append (s, (const guint8 *) name, (guint) strlen (name));
}

static void
test_save_writes_version_then_fields_little_endian (void)
{
  Obj obj = { 0 };
  g_autoptr (GByteArray) expected = obj_fields_stream (2);

  obj_fill (&obj);
  dev_test_put (expected, 0, 1);
  dev_test_assert_saves (&obj_state, &obj, expected);
}

static void
test_save_writes_needed_subsections_by_name (void)
{
  Obj obj = { 0 };
  g_autoptr (GByteArray) expected = obj_fields_stream (2);

  obj_fill (&obj);
  obj.extra = 0x55;
  obj.deep = 0x66;
  put_name (expected, "obj/extra");
  dev_test_put (expected, 1, 4);
  dev_test_put (expected, 0x55, 4);
  put_name (expected, "obj/extra/deep");
  dev_test_put (expected, 1, 4);
  dev_test_put (expected, 0x66, 4);
  dev_test_put (expected, 0, 1);
  dev_test_put (expected, 0, 1);
  dev_test_put (expected, 0, 1);
  dev_test_assert_saves (&obj_state, &obj, expected);
}

static void
test_load_restores_every_field_and_calls_post_load (void)
{
  Obj src = { 0 }, dst = { 0 };
  g_autoptr (GByteArray) stream = g_byte_array_new ();

  obj_fill (&src);
  src.extra = 7;
  src.deep = 8;
  pvm_vmstate_save (&obj_state, &src, stream);
  dev_test_assert_loads (&obj_state, &dst, stream);
  g_assert_true (dst.b);
  g_assert_cmpuint (dst.u8, ==, src.u8);
  g_assert_cmpuint (dst.u16, ==, src.u16);
  g_assert_cmpuint (dst.u32, ==, src.u32);
  g_assert_cmpuint (dst.u64, ==, src.u64);
  g_assert_cmpint (dst.i32, ==, -2);
  g_assert_cmpint (dst.i64, ==, -3);
  g_assert_cmpmem (dst.bytes, 3, "xyz", 3);
  g_assert_cmpuint (dst.arr[1], ==, src.arr[1]);
  g_assert_cmpuint (atomic_load (&dst.at), ==, atomic_load (&src.at));
  g_assert_cmpuint (dst.newer, ==, src.newer);
  g_assert_cmpuint (dst.extra, ==, 7);
  g_assert_cmpuint (dst.deep, ==, 8);
  g_assert_cmpuint (dst.post_loads, ==, 1);
  g_assert_cmpuint (dst.extra_post_loads, ==, 1);
}

static void
test_load_of_two_states_advances_the_position (void)
{
  Obj a = { 0 }, b = { 0 }, a2 = { 0 }, b2 = { 0 };
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  gsize pos = 0, first;

  obj_fill (&a);
  obj_fill (&b);
  b.u32 = 42;
  b.extra = 1;
  pvm_vmstate_save (&obj_state, &a, stream);
  first = stream->len;
  pvm_vmstate_save (&obj_state, &b, stream);
  g_assert_true (pvm_vmstate_load (&obj_state, &a2, stream->data, stream->len, &pos, &error));
  g_assert_cmpuint (pos, ==, first);
  g_assert_true (pvm_vmstate_load (&obj_state, &b2, stream->data, stream->len, &pos, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pos, ==, stream->len);
  g_assert_cmpuint (b2.u32, ==, 42);
  g_assert_cmpuint (b2.extra, ==, 1);
}

static void
test_load_fails_cleanly_at_every_truncation (void)
{
  Obj src = { 0 }, dst = { 0 };
  g_autoptr (GByteArray) stream = g_byte_array_new ();

  obj_fill (&src);
  src.extra = 1;
  src.deep = 2;
  pvm_vmstate_save (&obj_state, &src, stream);
  dst.u32 = 5;
  dev_test_assert_truncations_fail (&obj_state, &dst, stream);
  g_assert_cmpuint (dst.post_loads, ==, 0);
}

static void
test_truncation_error_names_the_state_and_field (void)
{
  Obj src = { 0 }, dst = { 0 };
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  gsize pos = 0;

  obj_fill (&src);
  pvm_vmstate_save (&obj_state, &src, stream);
  /* version, b, u8, and one byte of u16 */
  g_assert_false (pvm_vmstate_load (&obj_state, &dst, stream->data, 7, &pos, &error));
  g_assert_cmpstr (error->message, ==, "obj: truncated at field 'u16'");
}

static void
test_load_accepts_an_older_version_without_newer_fields (void)
{
  Obj dst = { 0 };
  g_autoptr (GByteArray) stream = obj_fields_stream (1);

  dst.newer = 1234;
  dev_test_put (stream, 0, 1);
  dev_test_assert_loads (&obj_state, &dst, stream);
  g_assert_cmpuint (dst.u32, ==, 0x789abcde);
  g_assert_cmpuint (dst.newer, ==, 1234);
}

static void
test_load_refuses_versions_out_of_range (void)
{
  Obj dst = { 0 };
  g_autoptr (GByteArray) newer = obj_fields_stream (3);
  g_autoptr (GByteArray) older = obj_fields_stream (0);

  dev_test_put (newer, 0, 1);
  dev_test_put (older, 0, 1);
  dev_test_assert_load_fails (&obj_state, &dst, newer, PVM_VMSTATE_ERROR_VERSION,
                              "obj: version 3 is not between 1 and 2");
  dev_test_assert_load_fails (&obj_state, &dst, older, PVM_VMSTATE_ERROR_VERSION,
                              "obj: version 0 *");
}

static void
test_load_refuses_a_boolean_that_is_not_0_or_1 (void)
{
  Obj dst = { 0 };
  g_autoptr (GByteArray) stream = obj_fields_stream (2);

  stream->data[4] = 2;
  dev_test_put (stream, 0, 1);
  dev_test_assert_load_fails (&obj_state, &dst, stream, PVM_VMSTATE_ERROR_FORMAT,
                              "obj: field 'b' holds 2*");
}

static void
test_load_refuses_unknown_and_repeated_subsections (void)
{
  Obj dst = { 0 };
  g_autoptr (GByteArray) unknown = obj_fields_stream (2);
  g_autoptr (GByteArray) twice = obj_fields_stream (2);

  put_name (unknown, "obj/nope");
  dev_test_put (unknown, 0, 1);
  dev_test_assert_load_fails (&obj_state, &dst, unknown, PVM_VMSTATE_ERROR_FORMAT,
                              "obj: unknown subsection 'obj/nope'");
  for (int i = 0; i < 2; i++) {
    put_name (twice, "obj/extra");
    dev_test_put (twice, 1, 4);
    dev_test_put (twice, 9, 4);
    dev_test_put (twice, 0, 1);
  }
  dev_test_put (twice, 0, 1);
  dev_test_assert_load_fails (&obj_state, &dst, twice, PVM_VMSTATE_ERROR_FORMAT,
                              "obj: subsection 'obj/extra' appears twice");
}

static void
test_load_leaves_fields_of_an_absent_subsection (void)
{
  Obj dst = { 0 };
  g_autoptr (GByteArray) stream = obj_fields_stream (2);

  dst.extra = 77;
  dev_test_put (stream, 0, 1);
  dev_test_assert_loads (&obj_state, &dst, stream);
  g_assert_cmpuint (dst.extra, ==, 77);
  g_assert_cmpuint (dst.extra_post_loads, ==, 0);
}

static void
test_post_load_refusal_puts_the_fields_back (void)
{
  Obj src = { 0 }, dst = { 0 };
  g_autoptr (GByteArray) stream = g_byte_array_new ();

  obj_fill (&src);
  src.u8 = 201;
  src.extra = 3;
  pvm_vmstate_save (&obj_state, &src, stream);
  dst.u32 = 5;
  dst.extra = 4;
  dev_test_assert_load_fails (&obj_state, &dst, stream, PVM_VMSTATE_ERROR_INVALID,
                              "obj: field 'u8' holds 201, out of range");
  g_assert_cmpuint (dst.u32, ==, 5);
  g_assert_cmpuint (dst.extra, ==, 4);
  g_assert_cmpuint (dst.post_loads, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hv/migrate/vmstate/save-writes-version-then-fields-little-endian",
                   test_save_writes_version_then_fields_little_endian);
  g_test_add_func ("/hv/migrate/vmstate/save-writes-needed-subsections-by-name",
                   test_save_writes_needed_subsections_by_name);
  g_test_add_func ("/hv/migrate/vmstate/load-restores-every-field-and-calls-post-load",
                   test_load_restores_every_field_and_calls_post_load);
  g_test_add_func ("/hv/migrate/vmstate/load-of-two-states-advances-the-position",
                   test_load_of_two_states_advances_the_position);
  g_test_add_func ("/hv/migrate/vmstate/load-fails-cleanly-at-every-truncation",
                   test_load_fails_cleanly_at_every_truncation);
  g_test_add_func ("/hv/migrate/vmstate/truncation-error-names-the-state-and-field",
                   test_truncation_error_names_the_state_and_field);
  g_test_add_func ("/hv/migrate/vmstate/load-accepts-an-older-version-without-newer-fields",
                   test_load_accepts_an_older_version_without_newer_fields);
  g_test_add_func ("/hv/migrate/vmstate/load-refuses-versions-out-of-range",
                   test_load_refuses_versions_out_of_range);
  g_test_add_func ("/hv/migrate/vmstate/load-refuses-a-boolean-that-is-not-0-or-1",
                   test_load_refuses_a_boolean_that_is_not_0_or_1);
  g_test_add_func ("/hv/migrate/vmstate/load-refuses-unknown-and-repeated-subsections",
                   test_load_refuses_unknown_and_repeated_subsections);
  g_test_add_func ("/hv/migrate/vmstate/load-leaves-fields-of-an-absent-subsection",
                   test_load_leaves_fields_of_an_absent_subsection);
  g_test_add_func ("/hv/migrate/vmstate/post-load-refusal-puts-the-fields-back",
                   test_post_load_refusal_puts_the_fields_back);
  return g_test_run ();
}

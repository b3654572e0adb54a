/* pvm-compiler.h: compiler attributes shared by every part of pvm. */
#pragma once

#define PVM_MUST_CHECK __attribute__ ((warn_unused_result))
#define PVM_LIKELY(x) __builtin_expect (!!(x), 1)
#define PVM_UNLIKELY(x) __builtin_expect (!!(x), 0)
#define PVM_ALWAYS_INLINE inline __attribute__ ((always_inline))
#define PVM_PRINTF(f, a) __attribute__ ((format (printf, f, a)))
#define PVM_ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

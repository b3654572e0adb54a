/* spin.h: what the hypervisor's bounded busy-waits share — a clock and a pause. */
#pragma once

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Returns CLOCK_MONOTONIC in nanoseconds; a vDSO read, no system call. */
static inline int64_t
pvm_spin_now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Tells the CPU this is a spin loop (x86 PAUSE), sparing the sibling hyperthread. */
static inline void
pvm_spin_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

/* Spins until @done (an expression) holds, or the CLOCK_MONOTONIC time @until_ns has passed;
 * true if @done held. Every few microseconds it yields the host CPU, so that a spinning thread
 * never keeps the one it waits for (a worker, a hart) from running on the same CPU. */
#define PVM_SPIN_UNTIL(done, until_ns)                                                           \
  ({                                                                                             \
    bool spin_done_ = false;                                                                     \
    for (unsigned spin_turn_ = 1;; spin_turn_++) {                                               \
      if ((done)) {                                                                              \
        spin_done_ = true;                                                                       \
        break;                                                                                   \
      }                                                                                          \
      for (int spin_i_ = 0; spin_i_ < 16; spin_i_++)                                             \
        pvm_spin_relax ();                                                                       \
      if (spin_turn_ % 16 == 0) {                                                                \
        if (pvm_spin_now_ns () >= (until_ns))                                                    \
          break;                                                                                 \
        sched_yield ();                                                                          \
      }                                                                                          \
    }                                                                                            \
    spin_done_;                                                                                  \
  })

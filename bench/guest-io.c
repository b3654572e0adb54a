/* guest-io.c: a small disk benchmark that bench/io runs inside the guest (whose busybox has dd
 * but no fio). It reads or writes a block device with O_DIRECT, so every operation reaches the
 * virtio disk, for a fixed time, and prints one line per test:
 *
 *   guest-io: <test> bs=<bytes> jobs=<n> seconds=<s> ops=<n> MB/s=<x> IOPS=<y>
 *
 * usage: guest-io DEVICE TEST BLOCK_SIZE SECONDS [JOBS [SPAN_MIB]]
 *   TEST is seq-read, seq-write, rand-read or rand-write. Each of JOBS threads (default 1)
 *   does one synchronous operation at a time, so JOBS is the queue depth. Offsets stay in the
 *   first SPAN_MIB MiB of the device (default: all of it), aligned to BLOCK_SIZE; sequential
 *   jobs start at evenly spaced offsets and wrap around. Written blocks hold a pattern that
 *   changes with every write. Built statically for riscv64 by bench/io.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 64

typedef struct {
  int fd;
  int write, random;
  uint64_t bs, blocks; /* blocks of bs in the span */
  double seconds;
} Test;

typedef struct {
  const Test *t;
  unsigned index, jobs;
  uint64_t ops;
  int err;
  pthread_t thread;
} Job;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64: a fast generator, seeded per job so runs repeat. */
static uint64_t
next_random (uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static void *
job_run (void *data)
{
  Job *job = data;
  const Test *t = job->t;
  uint64_t block = t->blocks * job->index / job->jobs;
  uint64_t seed = 0x9e3779b97f4a7c15ull * (job->index + 1);
  void *buf;

  if (posix_memalign (&buf, 4096, t->bs) != 0) {
    job->err = ENOMEM;
    return NULL;
  }
  memset (buf, 0x5a, t->bs);
  double end = now () + t->seconds;
  while (now () < end) {
    /* Check the clock only every few operations: reading it costs as much as a small I/O. */
    for (int k = 0; k < 8; k++) {
      if (t->random)
        block = next_random (&seed) % t->blocks;
      off_t off = (off_t) (block * t->bs);
      ssize_t r;
      if (t->write) {
        ((uint64_t *) buf)[0] = job->ops;
        r = pwrite (t->fd, buf, t->bs, off);
      } else {
        r = pread (t->fd, buf, t->bs, off);
      }
      if (r != (ssize_t) t->bs) {
        job->err = r < 0 ? errno : EIO;
        free (buf);
        return NULL;
      }
      job->ops++;
      if (!t->random)
        block = (block + 1) % t->blocks;
    }
  }
  free (buf);
  return NULL;
}

int
main (int argc, char **argv)
{
  Test t = { 0 };
  Job jobs[MAX_JOBS];
  unsigned n_jobs = 1;
  uint64_t size;

  if (argc < 5 || argc > 7) {
    fprintf (stderr, "usage: guest-io DEVICE seq-read|seq-write|rand-read|rand-write "
                     "BLOCK_SIZE SECONDS [JOBS [SPAN_MIB]]\n");
    return 2;
  }
  const char *dev = argv[1], *test = argv[2];
  t.write = strstr (test, "write") != NULL;
  t.random = strncmp (test, "rand", 4) == 0;
  t.bs = strtoull (argv[3], NULL, 0);
  t.seconds = strtod (argv[4], NULL);
  if (argc > 5)
    n_jobs = (unsigned) strtoul (argv[5], NULL, 0);
  if ((!t.write && strstr (test, "read") == NULL) || t.bs == 0 || t.bs % 512 ||
      t.seconds <= 0 || n_jobs < 1 || n_jobs > MAX_JOBS) {
    fprintf (stderr, "guest-io: bad arguments\n");
    return 2;
  }

  t.fd = open (dev, (t.write ? O_RDWR : O_RDONLY) | O_DIRECT);
  if (t.fd < 0 || ioctl (t.fd, BLKGETSIZE64, &size) < 0) {
    fprintf (stderr, "guest-io: %s: %s\n", dev, strerror (errno));
    return 1;
  }
  if (argc > 6 && strtoull (argv[6], NULL, 0) << 20 < size)
    size = strtoull (argv[6], NULL, 0) << 20;
  t.blocks = size / t.bs;
  if (t.blocks < n_jobs) {
    fprintf (stderr, "guest-io: %s is too small\n", dev);
    return 1;
  }

  double start = now ();
  for (unsigned i = 0; i < n_jobs; i++) {
    jobs[i] = (Job) { .t = &t, .index = i, .jobs = n_jobs };
    if (pthread_create (&jobs[i].thread, NULL, job_run, &jobs[i]) != 0) {
      fprintf (stderr, "guest-io: cannot start a thread\n");
      return 1;
    }
  }
  uint64_t ops = 0;
  int err = 0;
  for (unsigned i = 0; i < n_jobs; i++) {
    pthread_join (jobs[i].thread, NULL);
    ops += jobs[i].ops;
    if (jobs[i].err)
      err = jobs[i].err;
  }
  double elapsed = now () - start;
  close (t.fd);
  if (err) {
    fprintf (stderr, "guest-io: %s on %s: %s\n", test, dev, strerror (err));
    return 1;
  }
  printf ("guest-io: %s bs=%llu jobs=%u seconds=%.2f ops=%llu MB/s=%.2f IOPS=%.0f\n", test,
          (unsigned long long) t.bs, n_jobs, elapsed, (unsigned long long) ops,
          ops * t.bs / elapsed / 1e6, ops / elapsed);
  return 0;
}

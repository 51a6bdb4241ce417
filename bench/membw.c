/* membw.c — one thread's memory read bandwidth, the ceiling of an exact scan.
 *
 * Usage: membw [MB] [PASSES]   (default 512 MB, 7 passes)
 * Prints "membw GB/s <median> <best>": a buffer far larger than the caches is
 * written once (so its pages exist), then read start to end PASSES times
 * with 64-bit loads into four independent accumulators (vectorised by the
 * compiler, no floating point, so nothing but the loads bounds the loop).
 * bench/bench_real.py builds it with `cc -O3 -march=native` and runs it
 * beside its scans. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 512;
  int passes = argc > 2 ? atoi(argv[2]) : 7;
  if (mb == 0 || passes <= 0 || passes > 100) return 2;
  size_t n = mb * 1024 * 1024 / sizeof(uint64_t);
  uint64_t *buf = aligned_alloc(64, n * sizeof *buf);
  if (!buf) return 1;
  for (size_t i = 0; i < n; i++)
    buf[i] = i * 0x9e3779b97f4a7c15u;
  double gbs[100];
  uint64_t sink = 0;
  for (int p = 0; p < passes; p++) {
    uint64_t a = 0, b = 0, c = 0, d = 0;
    double t0 = now();
    for (size_t i = 0; i + 4 <= n; i += 4) {
      a += buf[i];
      b += buf[i + 1];
      c += buf[i + 2];
      d += buf[i + 3];
    }
    double t = now() - t0;
    sink += a ^ b ^ c ^ d;
    gbs[p] = (double)(n * sizeof *buf) / t / 1e9;
  }
  double best = 0;
  for (int p = 0; p < passes; p++)
    if (gbs[p] > best) best = gbs[p];
  qsort(gbs, (size_t)passes, sizeof *gbs, cmp_double);
  printf("membw GB/s %.2f %.2f (checksum %llu)\n", gbs[passes / 2], best,
         (unsigned long long)(sink & 0xff));
  free(buf);
  return 0;
}

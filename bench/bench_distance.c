/* bench_distance.c — exact (brute-force) top-10 search speed per distance
 * kernel, plus the cost of one in-cache distance (the graph-search case).
 *
 *   bench_distance [--n N] [--dims 100,784] [--queries Q] [--runs R]
 *                  [--k K] [--metric Dot|Euclid|Manhattan|Cosine]
 *                  [--kernels scalar,avx2,avx512] [--data-dir DIR] [--no-pair]
 *                  [--hugepages]
 *
 * With --data-dir the rows are read from DIR/base_<dim>.f32 (N × dim float32)
 * and the queries from DIR/queries_<dim>.f32 (Q × dim), as written by
 * bench_bruteforce.py; otherwise they are uniform random in [-1, 1).
 * Output: one "exact" line per kernel and dim with the median queries/s of
 * the runs, and the top-k row ids of query 0 (for cross-checking). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "edge/distance.h"

#define BLOCK 4096
#define HUGE  ((size_t)2 << 20)

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 42;

static float frand(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (float)((double)(z >> 40) / (double)(1ull << 23) - 1.0);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Rows live in 2 MiB-aligned memory; with --hugepages it is also advised
 * for transparent huge pages (fewer TLB misses when streaming). */
static int hugepages;

static float *load_or_make(const char *dir, const char *what, size_t dim, size_t rows) {
  size_t bytes = (rows * dim * sizeof(float) + HUGE - 1) / HUGE * HUGE;
  float *p = aligned_alloc(HUGE, bytes);
  if (p && hugepages) madvise(p, bytes, MADV_HUGEPAGE);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  if (dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_%zu.f32", dir, what, dim);
    FILE *f = fopen(path, "rb");
    if (!f || fread(p, sizeof(float), rows * dim, f) != rows * dim) {
      fprintf(stderr, "cannot read %zu×%zu floats from %s\n", rows, dim, path);
      exit(1);
    }
    fclose(f);
  } else {
    for (size_t i = 0; i < rows * dim; i++)
      p[i] = frand();
  }
  return p;
}

/* Brute-force top-k of one query; the heap is left sorted. */
static void search(qe_distance d, const float *q, const float *base, size_t n, size_t dim,
                   float *scores, qe_topk *t) {
  qe_topk_reset(t);
  for (size_t r = 0; r < n; r += BLOCK) {
    size_t c = n - r < BLOCK ? n - r : BLOCK;
    qe_distance_raw_many(d, q, base + r * dim, c, dim, dim, scores);
    qe_topk_push_many(t, scores, c, r);
  }
  qe_topk_sort(t);
}

static void bench_exact(qe_distance d, const char *kernel, const float *base, const float *queries,
                        size_t n, size_t dim, size_t nq, int runs, size_t k) {
  static float scores[BLOCK];
  qe_topk t;
  if (qe_topk_init(&t, k) != 0) exit(1);
  double qps[64];
  search(d, queries, base, n, dim, scores, &t); /* warm-up */
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    for (size_t i = 0; i < nq; i++)
      search(d, queries + i * dim, base, n, dim, scores, &t);
    qps[r] = (double)nq / (now() - t0);
  }
  search(d, queries, base, n, dim, scores, &t);
  printf("exact kernel=%s metric=%s dim=%zu n=%zu queries=%zu k=%zu qps=%.1f runs=", kernel,
         qe_distance_name(d), dim, n, nq, k, median(qps, runs));
  for (int r = 0; r < runs; r++)
    printf("%s%.1f", r ? "," : "", qps[r]);
  printf(" top=");
  for (size_t i = 0; i < t.len; i++)
    printf("%s%llu", i ? "," : "", (unsigned long long)t.items[i].ref);
  printf("\n");
  fflush(stdout);
  qe_topk_free(&t);
}

/* One distance at a time over rows that stay in L1/L2: ns per call. */
static void bench_pair(qe_distance d, const char *kernel, size_t dim, int runs) {
  enum { ROWS = 64 };
  float *rows = malloc(ROWS * dim * sizeof(float));
  float q[4096];
  if (!rows || dim > 4096) exit(1);
  for (size_t i = 0; i < ROWS * dim; i++)
    rows[i] = frand();
  for (size_t i = 0; i < dim; i++)
    q[i] = frand();
  size_t calls = (size_t)(2e8 / (double)dim);
  volatile float sink = 0;
  double ns[64];
  for (int r = 0; r < runs; r++) {
    float acc = 0;
    double t0 = now();
    for (size_t i = 0; i < calls; i++)
      acc += qe_distance_raw(d, q, rows + (i % ROWS) * dim, dim);
    ns[r] = (now() - t0) * 1e9 / (double)calls;
    sink = acc;
  }
  (void)sink;
  printf("pair kernel=%s metric=%s dim=%zu ns=%.2f\n", kernel, qe_distance_name(d), dim,
         median(ns, runs));
  fflush(stdout);
  free(rows);
}

int main(int argc, char **argv) {
  size_t n = 100000, nq = 30, k = 10;
  int runs = 5, pair = 1;
  const char *dims_arg = "100,784", *kernels_arg = "scalar,avx2,avx512", *dir = NULL;
  qe_distance d = QE_DIST_DOT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--no-pair") == 0) {
      pair = 0;
      continue;
    }
    if (strcmp(a, "--hugepages") == 0) {
      hugepages = 1;
      continue;
    }
    if (!v) {
      fprintf(stderr, "usage: see the comment at the top of bench_distance.c\n");
      return 2;
    }
    i++;
    if (strcmp(a, "--n") == 0)
      n = strtoull(v, NULL, 10);
    else if (strcmp(a, "--queries") == 0)
      nq = strtoull(v, NULL, 10);
    else if (strcmp(a, "--runs") == 0)
      runs = atoi(v);
    else if (strcmp(a, "--k") == 0)
      k = strtoull(v, NULL, 10);
    else if (strcmp(a, "--dims") == 0)
      dims_arg = v;
    else if (strcmp(a, "--kernels") == 0)
      kernels_arg = v;
    else if (strcmp(a, "--data-dir") == 0)
      dir = v;
    else if (strcmp(a, "--metric") == 0) {
      int m = qe_distance_parse(v);
      if (m < 0) {
        fprintf(stderr, "unknown metric %s\n", v);
        return 2;
      }
      d = (qe_distance)m;
    } else {
      fprintf(stderr, "unknown option %s\n", a);
      return 2;
    }
  }
  if (runs < 1 || runs > 64 || n == 0 || nq == 0 || k == 0) {
    fprintf(stderr, "bad --runs/--n/--queries/--k\n");
    return 2;
  }
  printf("auto kernel=%s\n", qe_distance_kernel());

  char dims[256];
  snprintf(dims, sizeof dims, "%s", dims_arg);
  char *dsave = NULL;
  for (char *ds = strtok_r(dims, ",", &dsave); ds; ds = strtok_r(NULL, ",", &dsave)) {
    size_t dim = strtoull(ds, NULL, 10);
    if (dim == 0) continue;
    float *base = load_or_make(dir, "base", dim, n);
    float *queries = load_or_make(dir, "queries", dim, nq);
    char kernels[256];
    snprintf(kernels, sizeof kernels, "%s", kernels_arg);
    char *save = NULL;
    for (char *kn = strtok_r(kernels, ",", &save); kn; kn = strtok_r(NULL, ",", &save)) {
      if (!qe_distance_use(kn)) {
        printf("skip kernel=%s (not supported on this CPU)\n", kn);
        continue;
      }
      bench_exact(d, kn, base, queries, n, dim, nq, runs, k);
      if (pair) bench_pair(d, kn, dim, runs);
    }
    qe_distance_use("auto");
    free(base);
    free(queries);
  }
  return 0;
}

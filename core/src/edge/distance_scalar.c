/* distance_scalar.c — portable kernels: eight independent accumulators, so
 * the compiler may keep them in vector registers without reordering any sum,
 * and the result does not depend on how it vectorises. */
#include <math.h>

#include "edge/distance.h"

enum { LANES = 8 };

/* One step of metric m on a pair of components. */
static inline float step(int m, float acc, float a, float b) {
  if (m == QE_KM_DOT) return acc + a * b;
  float d = a - b;
  if (m == QE_KM_L2) return acc + d * d;
  return acc + fabsf(d);
}

static inline float score(int m, const float *a, const float *b, size_t n) {
  float acc[LANES] = {0};
  size_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    for (int j = 0; j < LANES; j++)
      acc[j] = step(m, acc[j], a[i + j], b[i + j]);
  }
  for (int j = 0; i < n; i++, j++)
    acc[j] = step(m, acc[j], a[i], b[i]);
  float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  return m == QE_KM_DOT ? s : -s;
}

static inline void many(int m, const float *q, const float *base, size_t count, size_t n,
                        size_t stride, float *out) {
  for (size_t r = 0; r < count; r++)
    out[r] = score(m, q, base + r * stride, n);
}

#if defined(__GNUC__) || defined(__clang__)
#define QE_PREFETCH(p) __builtin_prefetch(p)
#else
#define QE_PREFETCH(p) ((void)(p))
#endif

enum { LEAD = 32, AHEAD = 2 };

static inline void prefetch_row(const float *p, size_t n) {
  const char *c = (const char *)p;
  for (size_t off = 0; off < n * sizeof(float); off += 64)
    QE_PREFETCH(c + off);
}

/* Scattered rows: the same prefetch pattern as the SIMD kernels. */
static inline void rows(int m, const float *q, const float *base, size_t stride,
                        const uint32_t *ids, size_t count, size_t n, float *out) {
  for (size_t r = 0; r < count && r < LEAD; r++)
    QE_PREFETCH(base + (size_t)ids[r] * stride);
  for (size_t r = 0; r < count; r++) {
    if (r + LEAD < count) QE_PREFETCH(base + (size_t)ids[r + LEAD] * stride);
    if (r + AHEAD < count) prefetch_row(base + (size_t)ids[r + AHEAD] * stride, n);
    out[r] = score(m, q, base + (size_t)ids[r] * stride, n);
  }
}

#define QE_SCALAR_METRIC(tag, m)                                                                   \
  static float one_##tag(const float *a, const float *b, size_t n) {                               \
    return score(m, a, b, n);                                                                      \
  }                                                                                                \
  static void many_##tag(const float *q, const float *base, size_t count, size_t n, size_t stride, \
                         float *out) {                                                             \
    many(m, q, base, count, n, stride, out);                                                       \
  }                                                                                                \
  static void rows_##tag(const float *q, const float *base, size_t stride, const uint32_t *ids,    \
                         size_t count, size_t n, float *out) {                                     \
    rows(m, q, base, stride, ids, count, n, out);                                                  \
  }

QE_SCALAR_METRIC(dot, QE_KM_DOT)
QE_SCALAR_METRIC(l2, QE_KM_L2)
QE_SCALAR_METRIC(l1, QE_KM_L1)

const qe_dist_kernels qe_dist_scalar = {"scalar",
                                        {one_dot, one_l2, one_l1},
                                        {many_dot, many_l2, many_l1},
                                        {rows_dot, rows_l2, rows_l1}};

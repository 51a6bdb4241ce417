/* distance.c — metric names, kernel dispatch, post-processing, Qdrant's
 * cosine normalisation, sparse dot and multivector MaxSim. */
#include <float.h>
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "edge/distance.h"

/* ---------------------------------------------------------------- names */

static const char *const dist_names[] = {"Cosine", "Euclid", "Dot", "Manhattan"};

int qe_distance_parse(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < 4; i++) {
    if (strcmp(name, dist_names[i]) == 0) return i;
  }
  return -1;
}

const char *qe_distance_name(qe_distance d) {
  return (unsigned)d < 4 ? dist_names[d] : NULL;
}

/* ---------------------------------------------------------------- dispatch */

static _Atomic(const qe_dist_kernels *) active;
static const qe_dist_kernels *detected;
static pthread_once_t detect_once = PTHREAD_ONCE_INIT;

static const qe_dist_kernels *supported(const char *name) {
  if (strcmp(name, "scalar") == 0) return &qe_dist_scalar;
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (strcmp(name, "avx512") == 0 && qe_dist_avx512 && __builtin_cpu_supports("avx512f"))
    return qe_dist_avx512;
  if (strcmp(name, "avx2") == 0 && qe_dist_avx2 && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("fma"))
    return qe_dist_avx2;
#endif
  return NULL;
}

/* AMD Zen 4 (family 19h) runs 512-bit operations as two 256-bit halves; on
 * the development machine (EPYC, Zen 4) the AVX2 kernels streamed rows from
 * memory 10-15% faster and scored in-cache vectors of 128+ floats ~5% faster
 * than the AVX-512 ones, so there AVX2 is the default. Zen 5 (1Ah) and
 * Intel CPUs keep AVX-512. QEDGE_SIMD=avx512 still forces it. */
static bool prefer_avx2(void) {
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
  unsigned a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return false;
  /* "AuthenticAMD": ebx "Auth", edx "enti", ecx "cAMD" */
  if (b != 0x68747541u || d != 0x69746e65u || c != 0x444d4163u) return false;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  unsigned family = (a >> 8) & 0xF;
  if (family == 0xF) family += (a >> 20) & 0xFF;
  return family == 0x19;
#else
  return false;
#endif
}

static void detect(void) {
  const qe_dist_kernels *k = NULL;
  const char *env = getenv("QEDGE_SIMD");
  if (env && *env) k = supported(env);
  if (!k && prefer_avx2()) k = supported("avx2");
  if (!k) k = supported("avx512");
  if (!k) k = supported("avx2");
  if (!k) k = &qe_dist_scalar;
  detected = k;
}

const qe_dist_kernels *qe_distance_kernels(void) {
  const qe_dist_kernels *k = atomic_load_explicit(&active, memory_order_acquire);
  if (__builtin_expect(k != NULL, 1)) return k;
  pthread_once(&detect_once, detect);
  /* Keep a kernel chosen by qe_distance_use meanwhile, else publish detect's. */
  const qe_dist_kernels *expected = NULL;
  if (atomic_compare_exchange_strong(&active, &expected, detected)) return detected;
  return expected;
}

bool qe_distance_use(const char *name) {
  if (!name) return false;
  const qe_dist_kernels *k;
  if (strcmp(name, "auto") == 0) {
    pthread_once(&detect_once, detect);
    k = detected;
  } else {
    k = supported(name);
  }
  if (!k) return false;
  atomic_store_explicit(&active, k, memory_order_release);
  return true;
}

const char *qe_distance_kernel(void) {
  return qe_distance_kernels()->name;
}

/* Cosine and Dot are dot products; unknown values fall back to Dot. */
static inline int metric(qe_distance d) {
  static const unsigned char map[4] = {QE_KM_DOT, QE_KM_L2, QE_KM_DOT, QE_KM_L1};
  return (unsigned)d < 4 ? map[d] : QE_KM_DOT;
}

float qe_distance_raw(qe_distance d, const float *a, const float *b, size_t n) {
  return qe_distance_kernels()->one[metric(d)](a, b, n);
}

void qe_distance_raw_many(qe_distance d, const float *q, const float *base, size_t count, size_t n,
                          size_t stride, float *out) {
  qe_distance_kernels()->many[metric(d)](q, base, count, n, stride, out);
}

void qe_distance_raw_rows(qe_distance d, const float *q, const float *base, size_t stride,
                          const uint32_t *rows, size_t count, size_t n, float *out) {
  qe_distance_kernels()->rows[metric(d)](q, base, stride, rows, count, n, out);
}

/* ---------------------------------------------------------------- scores */

float qe_distance_postprocess(qe_distance d, float raw) {
  switch (d) {
  case QE_DIST_EUCLID:
    return sqrtf(fabsf(raw));
  case QE_DIST_MANHATTAN:
    return fabsf(raw);
  default:
    return raw;
  }
}

int qe_distance_better(qe_distance d, float a, float b) {
  if (d == QE_DIST_EUCLID || d == QE_DIST_MANHATTAN) return a < b;
  return a > b;
}

void qe_vector_normalize(float *v, size_t n) {
  float s = qe_distance_kernels()->one[QE_KM_DOT](v, v, n);
  if (s < FLT_EPSILON || fabsf(s - 1.0f) <= 1e-6f) return;
  float len = sqrtf(s);
  for (size_t i = 0; i < n; i++)
    v[i] /= len;
}

float qe_sparse_dot(const uint32_t *ai, const float *av, size_t an, const uint32_t *bi,
                    const float *bv, size_t bn) {
  float s = 0.0f;
  size_t i = 0, j = 0;
  while (i < an && j < bn) {
    uint32_t x = ai[i], y = bi[j];
    if (x == y) {
      s += av[i++] * bv[j++];
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
  }
  return s;
}

float qe_maxsim(qe_distance d, const float *q, size_t qn, const float *doc, size_t dn, size_t dim) {
  enum { CHUNK = 64 };
  const qe_dist_kernels *k = qe_distance_kernels();
  qe_dist_many_fn many = k->many[metric(d)];
  float scores[CHUNK];
  float sum = 0.0f;
  for (size_t i = 0; i < qn; i++) {
    const float *qi = q + i * dim;
    float best = -INFINITY;
    for (size_t j = 0; j < dn; j += CHUNK) {
      size_t c = dn - j < CHUNK ? dn - j : CHUNK;
      many(qi, doc + j * dim, c, dim, dim, scores);
      for (size_t t = 0; t < c; t++) {
        if (scores[t] > best) best = scores[t];
      }
    }
    sum += best;
  }
  return sum;
}

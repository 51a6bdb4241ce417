/* distance.h — vector similarity kernels with run-time SIMD dispatch.
 *
 * Internally every metric is "larger is better" (Qdrant's convention):
 *   Dot = Σ a·b, Cosine = Dot of normalised vectors, Euclid = −Σ (a−b)²,
 *   Manhattan = −Σ |a−b|.
 * Scores shown to users are post-processed: Euclid → sqrt(|raw|),
 * Manhattan → |raw|, Dot/Cosine unchanged.
 * Kernels: AVX-512F, AVX2+FMA, scalar; chosen once at run time (the first
 * call picks the best one the CPU and OS support — AVX-512, except on AMD
 * Zen 4 where AVX2 measured faster; the environment variable
 * QEDGE_SIMD=scalar|avx2|avx512 forces one, ignored when unsupported).
 *
 * All math is float32. Within one kernel, qe_distance_raw, qe_distance_raw_many
 * and qe_distance_raw_rows give bit-identical scores for the same pair of
 * vectors; different kernels may differ in the last bits (summation order).
 * Kernels never allocate and accept unaligned data of any length.
 *
 * Thread-safety: every function here is reentrant; qe_topk objects are not
 * shared between threads.
 */
#ifndef QEDGE_EDGE_DISTANCE_H
#define QEDGE_EDGE_DISTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The four Qdrant distances; the values are stable (used on disk). */
typedef enum qe_distance {
  QE_DIST_COSINE = 0,
  QE_DIST_EUCLID = 1,
  QE_DIST_DOT = 2,
  QE_DIST_MANHATTAN = 3
} qe_distance;

/** Parse "Cosine"/"Euclid"/"Dot"/"Manhattan" (exact case); -1 if unknown. */
int qe_distance_parse(const char *name);
/** The Qdrant name of a distance; NULL for a value outside the enum. */
const char *qe_distance_name(qe_distance d);

/** Raw score ("larger is better") of two vectors of n floats. For Cosine the
 *  vectors must already be normalised (this is a dot product). */
float qe_distance_raw(qe_distance d, const float *a, const float *b, size_t n);
/** Raw scores of `q` against `count` rows of `base` (row i at base + i*stride,
 *  stride counted in floats, stride ≥ n); out[i] is row i's score. Rows are
 *  scored several at a time, sharing the query loads. */
void qe_distance_raw_many(qe_distance d, const float *q, const float *base, size_t count, size_t n,
                          size_t stride, float *out);
/** Raw scores of `q` against the scattered rows `rows[0..count)` of `base`
 *  (row r at base + r*stride): out[i] scores row rows[i]. The next row is
 *  prefetched while one is scored — the graph-search access pattern. */
void qe_distance_raw_rows(qe_distance d, const float *q, const float *base, size_t stride,
                          const uint32_t *rows, size_t count, size_t n, float *out);
/** User-facing score from a raw one. */
float qe_distance_postprocess(qe_distance d, float raw);
/** Is user-facing score `a` strictly better than `b` (descending for
 *  Cosine/Dot, ascending for Euclid/Manhattan)? This is also Qdrant's strict
 *  `score_threshold` test: keep a point when better(d, score, threshold). */
int qe_distance_better(qe_distance d, float a, float b);
/**
 * Cosine preprocessing as Qdrant: s = Σx² (float32); if s < FLT_EPSILON or
 * |s − 1| ≤ 1e-6 the vector is left as it is (so zero vectors stay zero),
 * else every component is divided by sqrt(s). In place.
 */
void qe_vector_normalize(float *v, size_t n);
/** Sparse dot product of two sparse vectors. Each index list must be sorted
 *  ascending without duplicates (Qdrant sorts sparse vectors on write); with
 *  unsorted input the result is unspecified but memory-safe. */
float qe_sparse_dot(const uint32_t *ai, const float *av, size_t an, const uint32_t *bi,
                    const float *bv, size_t bn);
/** Multivector MaxSim (Qdrant's max_sim comparator): Σ over the `qn` query
 *  vectors of the max over the `dn` document vectors of the raw score, each
 *  vector `dim` floats, stored contiguously. 0 when qn is 0; −inf terms when
 *  dn is 0. */
float qe_maxsim(qe_distance d, const float *q, size_t qn, const float *doc, size_t dn, size_t dim);
/** Name of the kernel in use: "avx512", "avx2", "scalar". */
const char *qe_distance_kernel(void);
/** Switch every later call to the kernel `name` ("scalar", "avx2",
 *  "avx512", or "auto" to detect again). For tests and benchmarks; false
 *  (nothing changed) when the kernel is unknown or this CPU lacks it. Not to
 *  be called while other threads score vectors. */
bool qe_distance_use(const char *name);

/* ------------------------------------------------------------ kernel tables
 * One table per instruction set, defined in distance_<isa>.c. The metric
 * index is QE_KM_DOT, QE_KM_L2 or QE_KM_L1 and the functions return raw
 * scores (L2 and L1 already negated). Internal: use the qe_distance_*
 * functions above. */

/** Kernel metric index into a qe_dist_kernels table. */
enum { QE_KM_DOT = 0, QE_KM_L2 = 1, QE_KM_L1 = 2, QE_KM_COUNT = 3 };

/** Raw score of two vectors of n floats. */
typedef float (*qe_dist_one_fn)(const float *a, const float *b, size_t n);
/** Raw scores of q against count consecutive rows (see qe_distance_raw_many). */
typedef void (*qe_dist_many_fn)(const float *q, const float *base, size_t count, size_t n,
                                size_t stride, float *out);
/** Raw scores of q against scattered rows (see qe_distance_raw_rows). */
typedef void (*qe_dist_rows_fn)(const float *q, const float *base, size_t stride,
                                const uint32_t *rows, size_t count, size_t n, float *out);

/** A complete set of kernels for one instruction set. */
typedef struct qe_dist_kernels {
  const char *name;                  /**< "scalar", "avx2", "avx512" */
  qe_dist_one_fn one[QE_KM_COUNT];   /**< pairwise kernels */
  qe_dist_many_fn many[QE_KM_COUNT]; /**< consecutive-row kernels */
  qe_dist_rows_fn rows[QE_KM_COUNT]; /**< scattered-row kernels */
} qe_dist_kernels;

/** The portable kernels (always present). */
extern const qe_dist_kernels qe_dist_scalar;
/** AVX2+FMA kernels; NULL when not compiled in (non-x86 builds). */
extern const qe_dist_kernels *const qe_dist_avx2;
/** AVX-512F kernels; NULL when not compiled in (non-x86 builds). */
extern const qe_dist_kernels *const qe_dist_avx512;
/** The table in use (detects on first call). */
const qe_dist_kernels *qe_distance_kernels(void);

/* ------------------------------------------------------------ top-k */

/** One kept result. */
typedef struct qe_topk_item {
  float score;
  uint64_t ref; /**< caller's reference, e.g. (segment << 32) | row */
} qe_topk_item;

/**
 * A bounded heap keeping the k best items (larger raw score wins). Order is
 * total: on equal scores the earlier `ref` wins — the smaller one, or the
 * one the tie order set by qe_topk_set_tie puts first — so the kept set and
 * its order do not depend on push order. NaN scores are never kept.
 */
typedef struct qe_topk {
  qe_topk_item *items;                           /**< heap array (worst kept item at items[0]) */
  size_t len, k;                                 /**< items held, capacity */
  int (*tie)(uint64_t a, uint64_t b, void *ctx); /**< tie order (NULL: by ref) */
  void *tie_ctx;                                 /**< passed to `tie` */
} qe_topk;

/** Initialise for k items (k ≥ 1). 0, QE_EINVAL (k = 0) or QE_ENOMEM. */
int qe_topk_init(qe_topk *t, size_t k);
/** Order equal scores by `tie(a, b, ctx)` (<0: ref a first; must be a total
 *  order, e.g. the point ids the refs stand for) instead of by ref. Set it
 *  after qe_topk_init and before the first push; NULL restores ref order. */
void qe_topk_set_tie(qe_topk *t, int (*tie)(uint64_t a, uint64_t b, void *ctx), void *ctx);
/** Forget every kept item; keeps the capacity (reuse for the next query). */
void qe_topk_reset(qe_topk *t);
/** Offer an item; kept if among the k best so far. O(1) when it does not
 *  beat the current worst, O(log k) otherwise. */
void qe_topk_push(qe_topk *t, float score, uint64_t ref);
/** Offer `count` scores, item i with ref `ref0 + i` (a brute-force block). */
void qe_topk_push_many(qe_topk *t, const float *scores, size_t count, uint64_t ref0);
/** The current worst kept score (−inf while fewer than k are held): a score
 *  below it can no longer enter (an equal one can, with an earlier ref). */
float qe_topk_threshold(const qe_topk *t);
/** Sort the kept items best first (descending score, then tie order), in
 *  place. The heap is consumed: call qe_topk_reset before pushing again. */
void qe_topk_sort(qe_topk *t);
/** Release the items; the struct is zeroed. */
void qe_topk_free(qe_topk *t);

#endif

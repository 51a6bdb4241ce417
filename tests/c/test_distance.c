/* test_distance.c — distance kernels (every one this CPU runs) against a
 * double-precision reference, Qdrant's normalisation and score rules, sparse
 * dot, MaxSim and the top-k heap. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "edge/distance.h"
#include "qedge/base.h"

#define MAXN 300
#define PAD  64

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* uniform in [-1, 1) */
static float frand(void) {
  return (float)((double)(rng() >> 40) / (double)(1ull << 23) - 1.0);
}

static const char *const kernel_names[] = {"scalar", "avx2", "avx512"};

/* Double-precision reference raw score and its error scale (Σ|term|). */
static double reference(int m, const float *a, const float *b, size_t n, double *scale) {
  double s = 0, sc = 0;
  for (size_t i = 0; i < n; i++) {
    double t;
    if (m == QE_KM_DOT) {
      t = (double)a[i] * b[i];
      sc += fabs(t);
    } else if (m == QE_KM_L2) {
      double d = (double)a[i] - b[i];
      t = d * d;
      sc += t;
    } else {
      t = fabs((double)a[i] - b[i]);
      sc += t;
    }
    s += t;
  }
  *scale = sc;
  return m == QE_KM_DOT ? s : -s;
}

static int close_to(float got, double want, double scale) {
  return fabs((double)got - want) <= 1e-5 * scale + 1e-30;
}

static int same_bits(float a, float b) {
  return memcmp(&a, &b, sizeof a) == 0;
}

/* Every length 0..MAXN with unaligned offsets, for one kernel table. */
static void test_kernel_table(const qe_dist_kernels *k) {
  static float abuf[MAXN + PAD], bbuf[MAXN + PAD];
  /* Rows for many/rows: 7 rows of stride n + 3 (so rows are unaligned). */
  static float rowbuf[7 * (MAXN + 3) + PAD];
  float out[7], out2[7];
  const uint32_t ids[7] = {4, 0, 6, 2, 2, 5, 1};

  for (int m = 0; m < QE_KM_COUNT; m++) {
    int bad_one = 0, bad_many = 0, bad_rows = 0;
    for (size_t n = 0; n <= MAXN; n++) {
      size_t oa = n % 5, ob = (n * 7) % 3; /* float offsets: unaligned */
      float *a = abuf + oa, *b = bbuf + ob;
      for (size_t i = 0; i < n; i++) {
        a[i] = frand();
        b[i] = frand() * 2.0f;
      }
      double scale, want = reference(m, a, b, n, &scale);
      float got = k->one[m](a, b, n);
      if (!close_to(got, want, scale)) {
        if (bad_one++ == 0)
          fprintf(stderr, "%s metric %d n %zu: got %.9g want %.9g\n", k->name, m, n, got, want);
      }
      /* The same pair, scored in bulk, must give the same bits. */
      size_t stride = n + 3;
      float *rows = rowbuf + 1;
      for (size_t r = 0; r < 7; r++) {
        for (size_t i = 0; i < n; i++)
          rows[r * stride + i] = frand();
      }
      for (size_t i = 0; i < n; i++)
        rows[3 * stride + i] = b[i];
      k->many[m](a, rows, 7, n, stride, out);
      for (size_t r = 0; r < 7; r++) {
        float single = k->one[m](a, rows + r * stride, n);
        double sc, w = reference(m, a, rows + r * stride, n, &sc);
        if (!same_bits(out[r], single) || !close_to(out[r], w, sc)) bad_many++;
      }
      if (!same_bits(out[3], got)) bad_many++;
      /* Every count from 0 to 7 (exercises the multi-row remainder). */
      for (size_t c = 0; c <= 7; c++) {
        for (size_t r = 0; r < 7; r++)
          out2[r] = 42.0f;
        k->many[m](a, rows, c, n, stride, out2);
        for (size_t r = 0; r < 7; r++) {
          if (r < c ? !same_bits(out2[r], out[r]) : out2[r] != 42.0f) bad_many++;
        }
      }
      k->rows[m](a, rows, stride, ids, 7, n, out2);
      for (size_t r = 0; r < 7; r++) {
        if (!same_bits(out2[r], out[ids[r]])) bad_rows++;
      }
    }
    CHECK(bad_one == 0);
    CHECK(bad_many == 0);
    CHECK(bad_rows == 0);
  }
  /* Long scattered lists (past the kernels' prefetch lead) and long blocks. */
  enum { NR = 61, DIM = 37, NIDS = 150 };
  static float table[NR * DIM], q[DIM], many_out[NR], rows_out[NIDS];
  static uint32_t long_ids[NIDS];
  for (size_t i = 0; i < NR * DIM; i++)
    table[i] = frand();
  for (size_t i = 0; i < DIM; i++)
    q[i] = frand();
  for (size_t i = 0; i < NIDS; i++)
    long_ids[i] = (uint32_t)(rng() % NR);
  for (int m = 0; m < QE_KM_COUNT; m++) {
    int bad = 0;
    k->many[m](q, table, NR, DIM, DIM, many_out);
    k->rows[m](q, table, DIM, long_ids, NIDS, DIM, rows_out);
    for (size_t r = 0; r < NR; r++) {
      if (!same_bits(many_out[r], k->one[m](q, table + r * DIM, DIM))) bad++;
    }
    for (size_t i = 0; i < NIDS; i++) {
      if (!same_bits(rows_out[i], many_out[long_ids[i]])) bad++;
    }
    CHECK(bad == 0);
  }
}

/* Large magnitudes and exact cases. */
static void test_kernel_exact(const qe_dist_kernels *k) {
  float a[37], b[37];
  for (int i = 0; i < 37; i++) {
    a[i] = (float)(i + 1);
    b[i] = (float)(2 * i);
  }
  /* Σ (i+1)·2i for i < 37 = 2 Σ i² + 2 Σ i */
  double dot = 0, l2 = 0, l1 = 0;
  for (int i = 0; i < 37; i++) {
    dot += (double)(i + 1) * (2 * i);
    l2 += (double)(i + 1 - 2 * i) * (i + 1 - 2 * i);
    l1 += fabs((double)(i + 1 - 2 * i));
  }
  CHECK(k->one[QE_KM_DOT](a, b, 37) == (float)dot);
  CHECK(k->one[QE_KM_L2](a, b, 37) == (float)-l2);
  CHECK(k->one[QE_KM_L1](a, b, 37) == (float)-l1);
  CHECK(k->one[QE_KM_DOT](a, b, 0) == 0.0f);
  CHECK(k->one[QE_KM_L2](a, a, 37) == 0.0f);
  CHECK(k->one[QE_KM_L1](a, a, 37) == 0.0f);
  /* n = 0 with NULL pointers is allowed. */
  CHECK(k->one[QE_KM_L1](NULL, NULL, 0) == 0.0f);
}

static void test_kernels(void) {
  CHECK(!qe_distance_use("bogus"));
  CHECK(!qe_distance_use(NULL));
  CHECK(qe_distance_use("scalar"));
  CHECK_STR(qe_distance_kernel(), "scalar");
  const qe_dist_kernels *seen[3] = {0};
  int ran = 0;
  for (int i = 0; i < 3; i++) {
    if (!qe_distance_use(kernel_names[i])) {
      printf("test_distance: kernel %s not supported here, skipped\n", kernel_names[i]);
      continue;
    }
    CHECK_STR(qe_distance_kernel(), kernel_names[i]);
    seen[i] = qe_distance_kernels();
    test_kernel_table(seen[i]);
    test_kernel_exact(seen[i]);
    ran++;
  }
  CHECK(ran >= 1);
  /* Different kernels agree within rounding on a long vector. */
  static float a[1000], b[1000];
  for (int i = 0; i < 1000; i++) {
    a[i] = frand();
    b[i] = frand();
  }
  for (int m = 0; m < QE_KM_COUNT; m++) {
    double sc, w = reference(m, a, b, 1000, &sc);
    for (int i = 0; i < 3; i++) {
      if (seen[i]) CHECK(close_to(seen[i]->one[m](a, b, 1000), w, sc));
    }
  }
  CHECK(qe_distance_use("auto"));
  printf("test_distance: auto-detected kernel %s\n", qe_distance_kernel());
}

/* The public entry points map metrics onto kernels. */
static void test_public_api(void) {
  float a[5] = {1, 2, 3, 4, 5}, b[5] = {5, 4, 3, 2, 1};
  CHECK(qe_distance_raw(QE_DIST_DOT, a, b, 5) == 35.0f);
  CHECK(qe_distance_raw(QE_DIST_COSINE, a, b, 5) == 35.0f);
  CHECK(qe_distance_raw(QE_DIST_EUCLID, a, b, 5) == -40.0f);
  CHECK(qe_distance_raw(QE_DIST_MANHATTAN, a, b, 5) == -12.0f);
  float rows[10] = {1, 2, 3, 4, 5, 5, 4, 3, 2, 1}, out[2];
  qe_distance_raw_many(QE_DIST_EUCLID, a, rows, 2, 5, 5, out);
  CHECK(out[0] == 0.0f && out[1] == -40.0f);
  uint32_t ids[3] = {1, 0, 1};
  float out3[3];
  qe_distance_raw_rows(QE_DIST_MANHATTAN, a, rows, 5, ids, 3, 5, out3);
  CHECK(out3[0] == -12.0f && out3[1] == 0.0f && out3[2] == -12.0f);
}

static void test_names(void) {
  CHECK(qe_distance_parse("Cosine") == QE_DIST_COSINE);
  CHECK(qe_distance_parse("Euclid") == QE_DIST_EUCLID);
  CHECK(qe_distance_parse("Dot") == QE_DIST_DOT);
  CHECK(qe_distance_parse("Manhattan") == QE_DIST_MANHATTAN);
  CHECK(qe_distance_parse("cosine") == -1); /* exact case, as Qdrant's enum */
  CHECK(qe_distance_parse("Euclidean") == -1);
  CHECK(qe_distance_parse("") == -1);
  CHECK(qe_distance_parse(NULL) == -1);
  for (int d = 0; d < 4; d++)
    CHECK(qe_distance_parse(qe_distance_name((qe_distance)d)) == d);
  CHECK(qe_distance_name((qe_distance)7) == NULL);
}

static void test_normalize(void) {
  /* zero vector stays zero (not NaN) */
  float z[4] = {0, 0, 0, 0};
  qe_vector_normalize(z, 4);
  CHECK(z[0] == 0 && z[1] == 0 && z[2] == 0 && z[3] == 0);
  /* length below FLT_EPSILON: untouched */
  float tiny[2] = {1e-4f, 1e-4f}; /* Σx² = 2e-8 */
  qe_vector_normalize(tiny, 2);
  CHECK(tiny[0] == 1e-4f && tiny[1] == 1e-4f);
  /* Already normalised within 1e-6: untouched, bit for bit. */
  float u[2] = {0.6f, 0.8f};
  float u0[2] = {0.6f, 0.8f};
  qe_vector_normalize(u, 2);
  CHECK(memcmp(u, u0, sizeof u) == 0);
  float one[1] = {1.0000004f}; /* Σx² ≈ 1 + 8e-7 */
  qe_vector_normalize(one, 1);
  CHECK(one[0] == 1.0000004f);
  /* Just outside: normalised. */
  float off[1] = {1.00001f}; /* Σx² ≈ 1 + 2e-5 */
  qe_vector_normalize(off, 1);
  CHECK(off[0] == 1.0f);
  /* The general case: each component divided by sqrt(Σx²). */
  float v[2] = {3, 4};
  qe_vector_normalize(v, 2);
  CHECK(v[0] == 3.0f / 5.0f && v[1] == 4.0f / 5.0f);
  /* Negative and long vectors end up with unit length, direction kept. */
  float w[131];
  for (int i = 0; i < 131; i++)
    w[i] = frand() * 10.0f;
  float w0 = w[7];
  qe_vector_normalize(w, 131);
  double s = 0;
  for (int i = 0; i < 131; i++)
    s += (double)w[i] * w[i];
  CHECK(fabs(s - 1.0) < 1e-5);
  CHECK((w0 < 0) == (w[7] < 0));
  /* Normalising again leaves it alone (within 1e-6 → untouched). */
  float w1[131];
  memcpy(w1, w, sizeof w);
  qe_vector_normalize(w, 131);
  CHECK(memcmp(w, w1, sizeof w) == 0);
  qe_vector_normalize(NULL, 0);
  /* Cosine of a zero vector against anything is 0. */
  float q[4] = {0.5f, 0.5f, 0.5f, 0.5f};
  CHECK(qe_distance_raw(QE_DIST_COSINE, z, q, 4) == 0.0f);
}

/* Qdrant's tests/openapi/test_euclid_dist.py fixture: points (0,0), (0,1),
 * (-1,-1); query (1,1); expected order 2, 1, 3 with distances 1, √2, 2√2,
 * and score_threshold 1.5 keeps the first two. */
static void test_postprocess(void) {
  const float pts[6] = {0, 0, 0, 1, -1, -1};
  const float q[2] = {1, 1};
  const float expect[3] = {1.0f, 1.414214f, 2.828427f};
  const uint64_t expect_id[3] = {2, 1, 3};
  float raw[3];
  qe_distance_raw_many(QE_DIST_EUCLID, q, pts, 3, 2, 2, raw);
  qe_topk t;
  CHECK(qe_topk_init(&t, 3) == 0);
  for (int i = 0; i < 3; i++)
    qe_topk_push(&t, raw[i], (uint64_t)i + 1);
  qe_topk_sort(&t);
  CHECK(t.len == 3);
  int kept = 0;
  for (size_t i = 0; i < t.len; i++) {
    float s = qe_distance_postprocess(QE_DIST_EUCLID, t.items[i].score);
    CHECK(t.items[i].ref == expect_id[i]);
    CHECK(fabsf(s - expect[i]) < 1e-6f);
    if (qe_distance_better(QE_DIST_EUCLID, s, 1.5f)) kept++;
  }
  CHECK(kept == 2);
  /* Manhattan: |raw|, distances 1, 2, 4. */
  qe_distance_raw_many(QE_DIST_MANHATTAN, q, pts, 3, 2, 2, raw);
  CHECK(qe_distance_postprocess(QE_DIST_MANHATTAN, raw[0]) == 2.0f);
  CHECK(qe_distance_postprocess(QE_DIST_MANHATTAN, raw[1]) == 1.0f);
  CHECK(qe_distance_postprocess(QE_DIST_MANHATTAN, raw[2]) == 4.0f);
  /* Dot and Cosine unchanged, sign kept. */
  CHECK(qe_distance_postprocess(QE_DIST_DOT, -3.5f) == -3.5f);
  CHECK(qe_distance_postprocess(QE_DIST_COSINE, 0.25f) == 0.25f);
  CHECK(qe_distance_postprocess(QE_DIST_EUCLID, -0.0f) == 0.0f);
  CHECK(qe_distance_postprocess(QE_DIST_EUCLID, -16.0f) == 4.0f);
  qe_topk_free(&t);
  CHECK(t.items == NULL && t.k == 0);
}

static void test_better(void) {
  CHECK(qe_distance_better(QE_DIST_COSINE, 0.9f, 0.5f));
  CHECK(!qe_distance_better(QE_DIST_COSINE, 0.5f, 0.9f));
  CHECK(qe_distance_better(QE_DIST_DOT, 2.0f, -1.0f));
  CHECK(qe_distance_better(QE_DIST_EUCLID, 0.5f, 0.9f));
  CHECK(!qe_distance_better(QE_DIST_EUCLID, 0.9f, 0.5f));
  CHECK(qe_distance_better(QE_DIST_MANHATTAN, 1.0f, 2.0f));
  CHECK(!qe_distance_better(QE_DIST_MANHATTAN, 2.0f, 1.0f));
  /* strict: equal is not better (score_threshold is strict in Qdrant) */
  for (int d = 0; d < 4; d++)
    CHECK(!qe_distance_better((qe_distance)d, 1.0f, 1.0f));
}

static void test_sparse(void) {
  const uint32_t ai[4] = {1, 3, 5, 100000};
  const float av[4] = {1, 2, 3, 4};
  const uint32_t bi[3] = {0, 2, 4};
  const float bv[3] = {9, 9, 9};
  CHECK(qe_sparse_dot(ai, av, 4, bi, bv, 3) == 0.0f); /* disjoint */
  const uint32_t ci[4] = {3, 4, 5, 100000};
  const float cv[4] = {10, 20, 30, 0.5f};
  CHECK(qe_sparse_dot(ai, av, 4, ci, cv, 4) == 2 * 10 + 3 * 30 + 4 * 0.5f); /* overlapping */
  CHECK(qe_sparse_dot(ci, cv, 4, ai, av, 4) == 2 * 10 + 3 * 30 + 4 * 0.5f); /* symmetric */
  CHECK(qe_sparse_dot(ai, av, 4, ai, av, 4) == 1 + 4 + 9 + 16);             /* identical */
  CHECK(qe_sparse_dot(ai, av, 0, ci, cv, 4) == 0.0f);                       /* empty */
  CHECK(qe_sparse_dot(NULL, NULL, 0, NULL, NULL, 0) == 0.0f);
  /* One long and one short vector. */
  static uint32_t li[1000];
  static float lv[1000];
  for (uint32_t i = 0; i < 1000; i++) {
    li[i] = i * 3;
    lv[i] = 1.0f;
  }
  const uint32_t si[3] = {0, 299, 2997};
  const float sv[3] = {2, 5, 7};
  CHECK(qe_sparse_dot(li, lv, 1000, si, sv, 3) == 2 + 7); /* 299 is not a multiple of 3 */
  /* Unsorted input: unspecified result, but it must not read out of bounds. */
  const uint32_t ui[3] = {5, 1, 3};
  (void)qe_sparse_dot(ui, av, 3, ai, av, 4);
}

static void test_maxsim(void) {
  /* 2 query vectors, 3 doc vectors, dim 2 */
  const float q[4] = {1, 0, 0, 1};
  const float doc[6] = {0.5f, 0.5f, 2, 0, 0, -1};
  /* q0·docs = 0.5, 2, 0 → 2; q1·docs = 0.5, 0, -1 → 0.5 */
  CHECK(qe_maxsim(QE_DIST_DOT, q, 2, doc, 3, 2) == 2.5f);
  CHECK(qe_maxsim(QE_DIST_COSINE, q, 2, doc, 3, 2) == 2.5f);
  /* Euclid raw: q0 vs docs: -(0.25+0.25), -(1+0), -(1+1) → -0.5;
   * q1: -(0.25+0.25), -(4+1), -(0+4) → -0.5 */
  CHECK(qe_maxsim(QE_DIST_EUCLID, q, 2, doc, 3, 2) == -1.0f);
  CHECK(qe_maxsim(QE_DIST_DOT, q, 0, doc, 3, 2) == 0.0f);
  CHECK(isinf(qe_maxsim(QE_DIST_DOT, q, 2, doc, 0, 2)));
  /* More doc vectors than one internal chunk, dim with a tail. */
  enum { DN = 150, DIM = 19, QN = 3 };
  static float dq[QN * DIM], dd[DN * DIM];
  for (int i = 0; i < QN * DIM; i++)
    dq[i] = frand();
  for (int i = 0; i < DN * DIM; i++)
    dd[i] = frand();
  float want = 0;
  for (int i = 0; i < QN; i++) {
    float best = -INFINITY;
    for (int j = 0; j < DN; j++) {
      float s = qe_distance_raw(QE_DIST_MANHATTAN, dq + i * DIM, dd + j * DIM, DIM);
      if (s > best) best = s;
    }
    want += best;
  }
  CHECK(qe_maxsim(QE_DIST_MANHATTAN, dq, QN, dd, DN, DIM) == want);
}

/* Reference order for top-k: best first, ties by smaller ref. */
static int item_cmp(const void *x, const void *y) {
  const qe_topk_item *a = x, *b = y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return a->ref < b->ref ? -1 : a->ref > b->ref;
}

/* Tie order for test_topk: larger ref first. */
static int tie_desc(uint64_t a, uint64_t b, void *ctx) {
  (void)ctx;
  return a > b ? -1 : a < b;
}

static void test_topk(void) {
  qe_topk t;
  CHECK(qe_topk_init(&t, 0) == QE_EINVAL);
  CHECK(t.items == NULL);
  CHECK(qe_topk_init(&t, 1) == 0);
  CHECK(isinf(qe_topk_threshold(&t)) && qe_topk_threshold(&t) < 0);
  qe_topk_push(&t, NAN, 9);
  CHECK(t.len == 0);
  qe_topk_push(&t, 1.0f, 5);
  qe_topk_push(&t, 1.0f, 3); /* tie, smaller ref wins */
  qe_topk_push(&t, 0.5f, 1);
  qe_topk_push(&t, NAN, 0);
  CHECK(t.len == 1 && t.items[0].ref == 3 && qe_topk_threshold(&t) == 1.0f);
  qe_topk_free(&t);
  /* a caller's tie order decides which tied items stay and their order */
  CHECK(qe_topk_init(&t, 2) == 0);
  qe_topk_set_tie(&t, tie_desc, NULL);
  qe_topk_push(&t, 1.0f, 4);
  qe_topk_push(&t, 1.0f, 9);
  qe_topk_push(&t, 1.0f, 6);
  qe_topk_push(&t, 2.0f, 1);
  qe_topk_push(&t, 1.0f, 2);
  qe_topk_sort(&t);
  CHECK(t.len == 2 && t.items[0].ref == 1 && t.items[1].ref == 9);
  qe_topk_free(&t);

  enum { N = 2000 };
  static qe_topk_item all[N];
  static float scores[N];
  const size_t ks[] = {1, 2, 3, 10, 64, 100, 1999, 2000, 2500};
  int bad = 0;
  for (int round = 0; round < 40; round++) {
    /* Few distinct values → many ties. */
    int distinct = round % 4 == 0 ? 3 : round % 4 == 1 ? 50 : 1 << 20;
    for (int i = 0; i < N; i++) {
      scores[i] = (float)(int)(rng() % (uint64_t)distinct) - distinct / 2;
      all[i] = (qe_topk_item){scores[i], (uint64_t)i};
    }
    qsort(all, N, sizeof all[0], item_cmp);
    size_t k = ks[round % (sizeof ks / sizeof ks[0])];
    CHECK(qe_topk_init(&t, k) == 0);
    if (round % 2) {
      qe_topk_push_many(&t, scores, N, 0);
    } else {
      /* Push in a shuffled order: the result must not depend on it. */
      uint32_t order[N];
      for (int i = 0; i < N; i++)
        order[i] = (uint32_t)i;
      for (int i = N - 1; i > 0; i--) {
        int j = (int)(rng() % (uint64_t)(i + 1));
        uint32_t x = order[i];
        order[i] = order[j];
        order[j] = x;
      }
      for (int i = 0; i < N; i++)
        qe_topk_push(&t, scores[order[i]], order[i]);
    }
    size_t want = k < N ? k : N;
    if (t.len != want) bad++;
    if (want < N && qe_topk_threshold(&t) != all[want - 1].score) bad++;
    qe_topk_sort(&t);
    for (size_t i = 0; i < t.len && i < want; i++) {
      if (t.items[i].score != all[i].score || t.items[i].ref != all[i].ref) bad++;
    }
    /* reset and reuse */
    qe_topk_reset(&t);
    CHECK(t.len == 0);
    qe_topk_push(&t, 1.0f, 1);
    CHECK(t.len == 1);
    qe_topk_free(&t);
  }
  CHECK(bad == 0);
}

int main(void) {
  test_names();
  test_kernels();
  test_public_api();
  test_normalize();
  test_postprocess();
  test_better();
  test_sparse();
  test_maxsim();
  test_topk();
  return check_report("test_distance");
}

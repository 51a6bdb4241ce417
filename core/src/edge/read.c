/* read.c — query, scroll, count, facet, retrieve and info over the live
 * rows of every segment. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "edge/filter_internal.h"
#include "jsonpath.h"
#include "qedge/model.h"
#include "shard_internal.h"

/* ------------------------------------------------------------ shared */

static int begin_read(qe_shard *s, qe_error *err) {
  if (!s || s->closed) return qe_error_set(err, QE_ESTATE, NULL, "the shard is closed");
  pthread_rwlock_rdlock(&s->lock);
  return QE_OK;
}

static void end_read(qe_shard *s) {
  pthread_rwlock_unlock(&s->lock);
}

/* Reject with_vector names the shard does not have. */
static int check_with_vector(const qe_shard *s, const qe_json *wv, qe_error *err) {
  if (qe_json_kind_of(wv) != QE_JSON_ARRAY) return QE_OK;
  for (size_t i = 0; i < qe_json_array_len(wv); i++) {
    size_t nl;
    const char *n = qe_json_get_string(qe_json_array_at(wv, i), &nl);
    if (n && qe_config_find(&s->config, n, nl) < 0) {
      char path[64];
      snprintf(path, sizeof path, "with_vector[%zu]", i);
      return qe_error_set(err, QE_EINVAL, path, "Not existing vector name error: %.*s", (int)nl, n);
    }
  }
  return QE_OK;
}

/* A live row with its id, for sorting. */
typedef struct hit {
  qe_point_id id;
  uint32_t seg, row;
  float score;
  double order; /* order_by value */
  int64_t order_int;
  bool order_is_int;
} hit;

typedef struct hits {
  hit *items;
  size_t len, cap;
} hits;

static int hits_push(hits *h, hit x) {
  if (h->len == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 64;
    hit *p = qe_realloc(h->items, cap * sizeof *p);
    if (!p) return QE_ENOMEM;
    h->items = p;
    h->cap = cap;
  }
  h->items[h->len++] = x;
  return QE_OK;
}

/* A bounded selection of the k first hits by `cmp` (no full sort): a
 * max-heap whose items[0] is the last hit kept. */
typedef int (*hit_cmp)(const hit *a, const hit *b, const void *ctx);

typedef struct hit_heap {
  hit *items;
  size_t len, cap, k; /* held, allocated (grows up to k), kept at most */
  hit_cmp cmp;
  const void *ctx;
} hit_heap;

static void hit_heap_init(hit_heap *h, uint64_t k, hit_cmp cmp, const void *ctx) {
  h->items = NULL;
  h->len = h->cap = 0;
  h->k = k > SIZE_MAX / sizeof(hit) ? SIZE_MAX / sizeof(hit) : (size_t)k;
  h->cmp = cmp;
  h->ctx = ctx;
}

static void hit_heap_down(hit_heap *h, size_t len, size_t i) {
  hit x = h->items[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= len) break;
    if (c + 1 < len && h->cmp(&h->items[c + 1], &h->items[c], h->ctx) > 0) c++;
    if (h->cmp(&h->items[c], &x, h->ctx) <= 0) break;
    h->items[i] = h->items[c];
    i = c;
  }
  h->items[i] = x;
}

static int hit_heap_offer(hit_heap *h, const hit *x) {
  if (h->len < h->k) {
    if (h->len == h->cap) {
      size_t cap = h->cap ? 2 * h->cap : 64;
      if (cap > h->k) cap = h->k;
      hit *p = qe_realloc(h->items, cap * sizeof *p);
      if (!p) return QE_ENOMEM;
      h->items = p;
      h->cap = cap;
    }
    size_t i = h->len++;
    while (i > 0) {
      size_t p = (i - 1) / 2;
      if (h->cmp(&h->items[p], x, h->ctx) >= 0) break;
      h->items[i] = h->items[p];
      i = p;
    }
    h->items[i] = *x;
  } else if (h->k && h->cmp(x, &h->items[0], h->ctx) < 0) {
    h->items[0] = *x;
    hit_heap_down(h, h->len, 0);
  }
  return QE_OK;
}

/* Sort the kept hits first to last, in place (the heap is consumed). */
static void hit_heap_sort(hit_heap *h) {
  for (size_t n = h->len; n > 1; n--) {
    hit w = h->items[0];
    h->items[0] = h->items[n - 1];
    h->items[n - 1] = w;
    hit_heap_down(h, n - 1, 0);
  }
}

static int heap_cmp_id(const hit *a, const hit *b, const void *ctx) {
  (void)ctx;
  return qe_point_id_cmp(&a->id, &b->id);
}

/* The k smallest ids among the live rows matching `f`, optionally with id >=
 * from, ascending, in h (the caller frees h->items). */
static int select_by_id(qe_shard *s, const qe_filter *f, const qe_point_id *from, uint64_t k,
                        hit_heap *h) {
  hit_heap_init(h, k, heap_cmp_id, NULL);
  for (uint32_t si = 0; h->k && si < s->nsegs; si++) {
    qe_segment *seg = s->segs[si];
    for (size_t r = 0; r < seg->count; r++) {
      if (qe_segment_dead(seg, r)) continue;
      if (from && qe_point_id_cmp(&seg->ids[r], from) < 0) continue;
      /* a full heap takes only an id before its last one: test that first */
      if (h->len == h->k && qe_point_id_cmp(&seg->ids[r], &h->items[0].id) >= 0) continue;
      if (f) {
        char scratch[64];
        qe_point_view pv = qe_shard_point_view(s, seg, r, scratch);
        if (!qe_filter_match(f, &pv)) continue;
      }
      hit x = {seg->ids[r], si, (uint32_t)r, 1.0f, 0, 0, false};
      if (hit_heap_offer(h, &x)) return QE_ENOMEM;
    }
  }
  hit_heap_sort(h);
  return QE_OK;
}

/* Build a Record / ScoredPoint object for a hit. */
static qe_json *point_json(qe_shard *s, const hit *h, bool scored, uint64_t version,
                           const qe_json *with_payload, const qe_json *with_vector, bool order) {
  qe_segment *seg = s->segs[h->seg];
  qe_json *o = qe_json_new_object();
  if (!o) return NULL;
  int rc = qe_json_object_set(o, "id", qe_point_id_to_json(&h->id));
  if (scored) {
    /* operations are numbered from 0 outside (Qdrant's op_num); seq counts from 1 */
    rc |= qe_json_object_set(o, "version", qe_json_new_uint(version ? version - 1 : 0));
    rc |= qe_json_object_set(o, "score", qe_json_new_f32_score(h->score));
  }
  qe_json *p = qe_row_payload(seg, h->row, with_payload);
  if (p) rc |= qe_json_object_set(o, "payload", p);
  qe_json *v = qe_row_vectors(s, seg, h->row, with_vector);
  if (v) rc |= qe_json_object_set(o, "vector", v);
  if (order)
    rc |= qe_json_object_set(o, "order_value",
                             h->order_is_int ? qe_json_new_int(h->order_int)
                                             : qe_json_new_double(h->order));
  if (rc) {
    qe_json_free(o);
    return NULL;
  }
  return o;
}

static int validate(const char *model, qe_json *req, qe_error *err) {
  return qe_model_check_name(model, req, QE_CHECK_STRICT | QE_CHECK_COERCE | QE_CHECK_DEFAULTS,
                             NULL, err);
}

/* ------------------------------------------------------------ query */

/* The query vector, resolved against the configured vector. */
typedef struct qvec {
  size_t vi;
  const qe_vec_conf *vc;
  float *dense;   /* dense or multi rows (owned) */
  size_t rows;    /* multi rows */
  uint32_t *sidx; /* sparse (owned) */
  float *sval;
  size_t sn;
  bool has_exclude;
  qe_point_id exclude;
} qvec;

static void qvec_free(qvec *q) {
  qe_free(q->dense);
  qe_free(q->sidx);
  qe_free(q->sval);
}

static int query_vector(qe_shard *s, const qe_json *input, const char *using_, qvec *q,
                        qe_error *err) {
  memset(q, 0, sizeof *q);
  int vi = qe_config_find(&s->config, using_, strlen(using_));
  if (vi < 0)
    return qe_error_set(err, QE_EINVAL, "using", "Not existing vector name error: %s", using_);
  q->vi = (size_t)vi;
  q->vc = &s->config.vecs[vi];
  const qe_vec_conf *vc = q->vc;
  qe_json_kind k = qe_json_kind_of(input);
  /* a point id: use that point's stored vector */
  if (k == QE_JSON_INT || k == QE_JSON_UINT || k == QE_JSON_STRING) {
    qe_point_id id;
    if (!qe_point_id_from_json(input, &id))
      return qe_error_set(err, QE_EINVAL, "query", "not a valid point id");
    qe_loc *loc = qe_idmap_get(&s->ids, &id);
    qe_segment *seg = loc ? s->segs[loc->seg] : NULL;
    qe_seg_vecs *v = loc ? qe_shard_row_vec(s, seg, loc->row, q->vi) : NULL;
    if (!loc) {
      qe_json *j = qe_point_id_to_json(&id);
      char *t = qe_json_to_string(j, 0, NULL);
      int rc = qe_error_set(err, QE_ENOTFOUND, "query", "No point with id %s found", t ? t : "?");
      qe_free(t);
      qe_json_free(j);
      return rc;
    }
    if (!v)
      return qe_error_set(err, QE_ENOTFOUND, "query", "Vector with name \"%s\" for point not found",
                          using_);
    /* Qdrant leaves the referenced point out of the results */
    q->has_exclude = true;
    q->exclude = id;
    uint64_t b, e;
    if (vc->sparse) {
      qe_segment_span(seg, v, loc->row, &b, &e);
      q->sn = (size_t)(e - b);
      q->sidx = qe_malloc((q->sn ? q->sn : 1) * sizeof *q->sidx);
      q->sval = qe_malloc((q->sn ? q->sn : 1) * sizeof *q->sval);
      if (!q->sidx || !q->sval) return QE_ENOMEM;
      memcpy(q->sidx, v->idx + b, q->sn * sizeof *q->sidx);
      memcpy(q->sval, v->val + b, q->sn * sizeof *q->sval);
    } else if (vc->multi) {
      qe_segment_span(seg, v, loc->row, &b, &e);
      q->rows = (size_t)(e - b);
      q->dense = qe_malloc(q->rows * vc->dim * sizeof(float));
      if (!q->dense) return QE_ENOMEM;
      memcpy(q->dense, v->val + b * vc->dim, q->rows * vc->dim * sizeof(float));
    } else {
      q->dense = qe_malloc(vc->dim * sizeof(float));
      if (!q->dense) return QE_ENOMEM;
      memcpy(q->dense, qe_segment_dense(seg, v, loc->row), vc->dim * sizeof(float));
      q->rows = 1;
    }
    return QE_OK;
  }
  if (vc->sparse) {
    if (k != QE_JSON_OBJECT || !qe_json_object_get(input, "indices"))
      return qe_error_set(err, QE_EINVAL, "query",
                          "vector \"%s\" is sparse: query with {indices, values}", vc->name);
    const qe_json *idx = qe_json_object_get(input, "indices");
    const qe_json *val = qe_json_object_get(input, "values");
    q->sn = qe_json_array_len(idx);
    if (q->sn != qe_json_array_len(val))
      return qe_error_set(err, QE_EINVAL, "query", "sparse indices and values differ in length");
    q->sidx = qe_malloc((q->sn ? q->sn : 1) * sizeof *q->sidx);
    q->sval = qe_malloc((q->sn ? q->sn : 1) * sizeof *q->sval);
    if (!q->sidx || !q->sval) return QE_ENOMEM;
    const float *vf = qe_json_f32_data(val, NULL);
    for (size_t i = 0; i < q->sn; i++) {
      uint64_t a = 0;
      qe_json_get_u64(qe_json_array_at(idx, i), &a);
      q->sidx[i] = (uint32_t)a;
      q->sval[i] = vf ? vf[i] : (float)qe_json_get_double(qe_json_array_at(val, i));
    }
    for (size_t i = 1; i < q->sn; i++) { /* sort by index */
      uint32_t ki = q->sidx[i];
      float kv = q->sval[i];
      size_t j = i;
      for (; j > 0 && q->sidx[j - 1] > ki; j--) {
        q->sidx[j] = q->sidx[j - 1];
        q->sval[j] = q->sval[j - 1];
      }
      q->sidx[j] = ki;
      q->sval[j] = kv;
    }
    return QE_OK;
  }
  /* dense: one vector, or (for multivectors) a list of them */
  size_t n;
  const float *one = qe_json_f32_data(input, &n);
  if (one) {
    if (n != vc->dim)
      return qe_error_set(err, QE_EINVAL, "query",
                          "Vector dimension error: expected dim: %u, got %zu", vc->dim, n);
    q->rows = 1;
    q->dense = qe_malloc(vc->dim * sizeof(float));
    if (!q->dense) return QE_ENOMEM;
    memcpy(q->dense, one, vc->dim * sizeof(float));
  } else if (k == QE_JSON_ARRAY && vc->multi) {
    q->rows = qe_json_array_len(input);
    q->dense = qe_malloc((q->rows ? q->rows : 1) * vc->dim * sizeof(float));
    if (!q->dense) return QE_ENOMEM;
    for (size_t r = 0; r < q->rows; r++) {
      const float *row = qe_json_f32_data(qe_json_array_at(input, r), &n);
      if (!row || n != vc->dim)
        return qe_error_set(err, QE_EINVAL, "query",
                            "Vector dimension error: expected dim: %u, got %zu", vc->dim,
                            row ? n : 0);
      memcpy(q->dense + r * vc->dim, row, vc->dim * sizeof(float));
    }
  } else {
    return qe_error_set(err, QE_EINVAL, "query",
                        "vector \"%s\" is dense: query with a list of numbers",
                        vc->name[0] ? vc->name : "(default)");
  }
  if (vc->dist == QE_DIST_COSINE)
    for (size_t r = 0; r < q->rows; r++)
      qe_vector_normalize(q->dense + r * vc->dim, vc->dim);
  if (!vc->multi && q->rows != 1)
    return qe_error_set(err, QE_EINVAL, "query", "a multivector query needs a multivector");
  return QE_OK;
}

/* Sparse dot product of the query with one row; *overlap tells whether
 * they share at least one index. */
static float sparse_score(const qvec *q, qe_segment *seg, const qe_seg_vecs *v, size_t row,
                          bool *overlap) {
  uint64_t b, e;
  qe_segment_span(seg, v, row, &b, &e);
  const uint32_t *ri = v->idx + b;
  const float *rv = v->val + b;
  size_t rn = (size_t)(e - b), i = 0, j = 0;
  float sum = 0.0f;
  bool any = false;
  while (i < q->sn && j < rn) {
    if (q->sidx[i] == ri[j]) {
      sum += q->sval[i++] * rv[j]; /* a repeated query index counts for each copy */
      any = true;
    } else if (q->sidx[i] < ri[j]) {
      i++;
    } else {
      j++;
    }
  }
  *overlap = any;
  return sum;
}

/* Qdrant's sparse search has two ways, and they keep different rows: the
 * inverted index (no filter, or a filter matching at least the vector's
 * full_scan_threshold points, default 5000) keeps rows whose score is not
 * 0; the full scan of the filtered points (a filter matching fewer) keeps
 * rows sharing an index with the query, a score of 0 included. Qdrant
 * decides per segment on its cardinality estimate; the shard decides on
 * the exact number of matching points. */
static bool sparse_full_scan(qe_shard *s, const qvec *q, const qe_filter *f) {
  if (!f) return false;
  uint64_t threshold = 5000;
  qe_json_get_u64(qe_json_object_get(q->vc->params, "full_scan_threshold"), &threshold);
  if (s->ids.len < threshold) return true;
  uint64_t n = 0;
  for (uint32_t si = 0; si < s->nsegs; si++) {
    qe_segment *seg = s->segs[si];
    for (size_t r = 0; r < seg->count; r++) {
      if (qe_segment_dead(seg, r)) continue;
      char scratch[64];
      qe_point_view pv = qe_shard_point_view(s, seg, r, scratch);
      if (qe_filter_match(f, &pv) && ++n >= threshold) return false;
    }
  }
  return true;
}

/* The IDF modifier: weigh each query value by ln(1 + (N - n + 0.5) / (n + 0.5)),
 * N = live points with the vector, n = those whose vector has the index (a
 * stored 0 counts). Qdrant counts what its inverted indexes hold, which also
 * remembers deleted and replaced vectors until an optimizer rewrites the
 * segment; the shard counts live points only. */
static int apply_idf(qe_shard *s, qvec *q) {
  if (!q->sn) return QE_OK;
  uint64_t *df = qe_calloc(q->sn, sizeof *df);
  if (!df) return QE_ENOMEM;
  uint64_t n = 0;
  for (uint32_t si = 0; si < s->nsegs; si++) {
    qe_segment *seg = s->segs[si];
    qe_seg_vecs *v = qe_shard_seg_vec(s, seg, q->vi);
    if (!v) continue;
    for (size_t r = 0; r < seg->count; r++) {
      if (qe_segment_dead(seg, r) || !qe_shard_row_has(s, seg, v, r, q->vi)) continue;
      n++;
      uint64_t b, e;
      qe_segment_span(seg, v, r, &b, &e);
      for (size_t i = 0, j = (size_t)b; i < q->sn && j < e;) {
        if (q->sidx[i] == v->idx[j]) {
          df[i++]++; /* a repeated query index is counted for each copy */
        } else if (q->sidx[i] < v->idx[j]) {
          i++;
        } else {
          j++;
        }
      }
    }
  }
  for (size_t i = 0; i < q->sn; i++) {
    double d = (double)df[i], N = (double)n;
    q->sval[i] *= (float)log((N - d + 0.5) / (d + 0.5) + 1.0);
  }
  qe_free(df);
  return QE_OK;
}

/* Raw score of one dense or multivector row against the query (row known
 * to have the vector; sparse rows go through sparse_score). */
static float score_row(const qvec *q, qe_segment *seg, const qe_seg_vecs *v, size_t row) {
  const qe_vec_conf *vc = q->vc;
  if (vc->multi) {
    uint64_t b, e;
    qe_segment_span(seg, v, row, &b, &e);
    return qe_maxsim(vc->dist, q->dense, q->rows, v->val + b * vc->dim, (size_t)(e - b), vc->dim);
  }
  return qe_distance_raw(vc->dist, q->dense, qe_segment_dense(seg, v, row), vc->dim);
}

/* Tie order of two heap refs ((segment << 32) | row): by point id. */
static int cmp_ref_id(uint64_t a, uint64_t b, void *ctx) {
  const qe_shard *s = ctx;
  return qe_point_id_cmp(&s->segs[a >> 32]->ids[a & 0xffffffffu],
                         &s->segs[b >> 32]->ids[b & 0xffffffffu]);
}

static const char *const unsupported_queries[] = {"recommend", "discover", "context",
                                                  "order_by",  "fusion",   "rrf",
                                                  "formula",   "sample",   "relevance_feedback"};

int qe_shard_query(qe_shard *s, qe_json *req, qe_json **points, qe_error *err) {
  *points = NULL;
  int rc = validate("QueryRequest", req, err);
  if (rc) return rc;
  if ((rc = begin_read(s, err))) return rc;
  qe_filter *f = NULL;
  qe_topk top = {0};
  hits all = {0};
  qvec q;
  memset(&q, 0, sizeof q);
  qe_json *out = NULL;
  const qe_json *query = qe_json_object_get(req, "query");
  const qe_json *prefetch = qe_json_object_get(req, "prefetch");
  const qe_json *thr = qe_json_object_get(req, "score_threshold");
  const char *using_ = qe_json_get_string(qe_json_object_get(req, "using"), NULL);
  uint64_t limit = 10, offset = 0;
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  qe_json_get_u64(qe_json_object_get(req, "offset"), &offset);
  const qe_json *wp = qe_json_object_get(req, "with_payload");
  const qe_json *wv = qe_json_object_get(req, "with_vector");
  if (qe_json_kind_of(query) == QE_JSON_NULL) query = NULL;
  if (prefetch && qe_json_kind_of(prefetch) != QE_JSON_NULL) {
    if (!query) {
      rc = qe_error_set(err, QE_EINVAL, "prefetch",
                        "A query is needed to merge the prefetches. Can't have prefetches without "
                        "defining a query.");
    } else {
      rc = qe_error_set(err, QE_EUNSUPPORTED, "prefetch",
                        "prefetch is not supported by the edge shard yet");
    }
    goto done;
  }
  if (thr && qe_json_kind_of(thr) != QE_JSON_NULL && !query) {
    rc = qe_error_set(err, QE_EINVAL, "score_threshold",
                      "A query is needed to use the score_threshold. Can't have score_threshold "
                      "without defining a query.");
    goto done;
  }
  if ((rc = check_with_vector(s, wv, err))) goto done;
  if ((rc = qe_shard_compile_filter(s, qe_json_object_get(req, "filter"), "filter", &f, err)))
    goto done;
  out = qe_json_new_array();
  if (!out) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto done;
  }
  if (!query) {
    /* points in id order, score 1.0 */
    hit_heap sel;
    uint64_t want = offset < s->ids.len && limit < s->ids.len ? offset + limit : s->ids.len;
    rc = select_by_id(s, f, NULL, want, &sel);
    for (size_t i = (size_t)offset; !rc && i < sel.len; i++)
      rc = qe_json_array_push(out, point_json(s, &sel.items[i], true, 0, wp, wv, false));
    qe_free(sel.items);
    goto done;
  }
  /* the vector to search with */
  const qe_json *input = query;
  if (qe_json_kind_of(query) == QE_JSON_OBJECT && !qe_json_object_get(query, "indices")) {
    const qe_json *nearest = qe_json_object_get(query, "nearest");
    if (!nearest) {
      const char *variant = "unknown";
      for (size_t i = 0; i < sizeof unsupported_queries / sizeof *unsupported_queries; i++)
        if (qe_json_object_get(query, unsupported_queries[i])) variant = unsupported_queries[i];
      rc = qe_error_set(err, QE_EUNSUPPORTED, "query",
                        "the %s query is not supported by the edge shard yet", variant);
      goto done;
    }
    if (qe_json_object_get(query, "mmr") &&
        qe_json_kind_of(qe_json_object_get(query, "mmr")) != QE_JSON_NULL) {
      rc = qe_error_set(err, QE_EUNSUPPORTED, "query.mmr",
                        "MMR is not supported by the edge shard yet");
      goto done;
    }
    input = nearest;
  }
  if ((rc = query_vector(s, input, using_ ? using_ : "", &q, err))) goto done;
  if (q.vc->sparse && q.vc->idf && (rc = apply_idf(s, &q))) goto done;
  /* an empty sparse query finds nothing */
  if (q.vc->sparse && q.sn == 0) goto done;
  bool full_scan = q.vc->sparse && sparse_full_scan(s, &q, f);
  size_t k = (size_t)(limit + offset);
  if (k == 0 || qe_topk_init(&top, k)) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto done;
  }
  /* exact ties go to the smaller id, inside the heap too, so the points kept
   * where a tie straddles the limit or offset are the same as in any longer
   * answer (as a cross-shard merge in Qdrant orders them) */
  qe_topk_set_tie(&top, cmp_ref_id, s);
  /* the k-th best raw score so far: a dense row scoring below it cannot
   * enter (a tie may, by id), so it skips the liveness checks and the filter */
  float kth = qe_topk_threshold(&top);
  for (uint32_t si = 0; si < s->nsegs; si++) {
    qe_segment *seg = s->segs[si];
    qe_seg_vecs *v = qe_shard_seg_vec(s, seg, q.vi);
    if (!v) continue;
    bool plain = !q.vc->sparse && !q.vc->multi;
    /* the referenced point of a query by id, when it lives in this segment */
    size_t skip_row = SIZE_MAX;
    if (q.has_exclude) {
      const qe_loc *loc = qe_idmap_get(&s->ids, &q.exclude);
      if (loc && loc->seg == si) skip_row = loc->row;
    }
    float block[256];
    for (size_t r0 = 0; r0 < seg->count; r0 += 256) {
      size_t nb = seg->count - r0 < 256 ? seg->count - r0 : 256;
      /* dense rows are scored a block at a time; absent rows cost a little */
      if (plain)
        qe_distance_raw_many(q.vc->dist, q.dense, v->data + r0 * q.vc->dim, nb, q.vc->dim,
                             q.vc->dim, block);
      for (size_t r = r0; r < r0 + nb; r++) {
        if (plain && block[r - r0] < kth) continue;
        if (qe_segment_dead(seg, r) || !qe_shard_row_has(s, seg, v, r, q.vi) || r == skip_row)
          continue;
        float sc;
        if (q.vc->sparse) {
          bool overlap;
          sc = sparse_score(&q, seg, v, r, &overlap);
          if (full_scan ? !overlap : sc == 0.0f) continue;
        } else {
          sc = plain ? block[r - r0] : score_row(&q, seg, v, r);
        }
        if (f) {
          char scratch[64];
          qe_point_view pv = qe_shard_point_view(s, seg, r, scratch);
          if (!qe_filter_match(f, &pv)) continue;
        }
        qe_topk_push(&top, sc, ((uint64_t)si << 32) | r);
        kth = qe_topk_threshold(&top);
      }
    }
  }
  qe_topk_sort(&top);
  bool has_thr = thr && qe_json_is_number(thr);
  float t = has_thr ? (float)qe_json_get_double(thr) : 0.0f;
  /* sparse and multivector scores are shown raw */
  bool sparse_or_multi = q.vc->sparse || q.vc->multi;
  for (size_t i = 0; i < top.len; i++) {
    float raw = top.items[i].score;
    float score = sparse_or_multi ? raw : qe_distance_postprocess(q.vc->dist, raw);
    if (has_thr) {
      bool keep = sparse_or_multi ? score > t : qe_distance_better(q.vc->dist, score, t);
      if (!keep) break;
    }
    if (i < offset) continue;
    uint32_t si = (uint32_t)(top.items[i].ref >> 32), row = (uint32_t)top.items[i].ref;
    qe_segment *seg = s->segs[si];
    hit h = {seg->ids[row], si, row, score, 0, 0, false};
    rc = qe_json_array_push(out, point_json(s, &h, true, seg->versions[row], wp, wv, false));
    if (rc) goto done;
  }
done:
  end_read(s);
  qvec_free(&q);
  qe_topk_free(&top);
  qe_free(all.items);
  qe_filter_free(f);
  if (rc) {
    qe_json_free(out);
    if (rc == QE_ENOMEM && (!err || !err->code)) qe_error_set(err, rc, NULL, "out of memory");
    return rc;
  }
  *points = out;
  return QE_OK;
}

/* ------------------------------------------------------------ scroll */

typedef struct order_ctx {
  hits *out;
  hit base;
  size_t first; /* the current point's first entry in out */
  bool datetime;
  bool integer;
  int fail;
} order_ctx;

static bool collect_order_value(void *ud, const qe_json *v) {
  order_ctx *c = ud;
  if (qe_json_kind_of(v) == QE_JSON_ARRAY) {
    for (size_t i = 0; i < qe_json_array_len(v); i++)
      if (!collect_order_value(ud, qe_json_array_at(v, i))) return false;
    return true;
  }
  hit h = c->base;
  if (c->datetime) {
    size_t len;
    const char *t = qe_json_get_string(v, &len);
    int64_t us;
    if (!t || !qe_parse_datetime(t, len, &us)) return true;
    h.order = (double)us;
    h.order_int = us;
    h.order_is_int = true;
  } else {
    if (!qe_json_is_number(v)) return true;
    h.order = qe_json_get_double(v);
    int64_t i;
    h.order_is_int = c->integer && qe_json_get_i64(v, &i);
    h.order_int = h.order_is_int ? i : 0;
    if (c->integer && !h.order_is_int) return true;
  }
  /* a point is listed once per distinct value (an array may repeat one) */
  for (size_t i = c->first; i < c->out->len; i++) {
    const hit *o = &c->out->items[i];
    if (h.order_is_int ? o->order_is_int && o->order_int == h.order_int : o->order == h.order)
      return true;
  }
  if (hits_push(c->out, h)) {
    c->fail = QE_ENOMEM;
    return false;
  }
  return true;
}

/* By value, then by write order (segment, row): Qdrant Edge orders points
 * sharing a value by their place in its segment — points written by separate
 * operations in write order, the points of one batch in an order that
 * changes from process to process, a point it updates in place keeps its
 * place; here a rewritten point moves to the end. Descending reverses both. */
static int cmp_order(const hit *x, const hit *y, const void *dir) {
  int d = *(const int *)dir;
  if (x->order_is_int && y->order_is_int) {
    if (x->order_int != y->order_int) return (x->order_int < y->order_int ? -1 : 1) * d;
  } else if (x->order != y->order) {
    return (x->order < y->order ? -1 : 1) * d;
  }
  if (x->seg != y->seg) return (x->seg < y->seg ? -1 : 1) * d;
  return (x->row < y->row ? -1 : x->row > y->row) * d;
}

/* Data type of an index schema (a string or {type: ...}). */
static const char *schema_type(const qe_json *schema) {
  const char *t = qe_json_get_string(schema, NULL);
  if (!t) t = qe_json_get_string(qe_json_object_get(schema, "type"), NULL);
  return t;
}

int qe_shard_scroll(qe_shard *s, qe_json *req, qe_json **result, qe_error *err) {
  *result = NULL;
  int rc = validate("ScrollRequest", req, err);
  if (rc) return rc;
  if ((rc = begin_read(s, err))) return rc;
  qe_filter *f = NULL;
  hits all = {0};
  qe_json *pts = NULL, *res = NULL;
  uint64_t limit = 10;
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  const qe_json *wp = qe_json_object_get(req, "with_payload");
  const qe_json *wv = qe_json_object_get(req, "with_vector");
  const qe_json *offset = qe_json_object_get(req, "offset");
  const qe_json *order_by = qe_json_object_get(req, "order_by");
  if (qe_json_kind_of(offset) == QE_JSON_NULL) offset = NULL;
  if (qe_json_kind_of(order_by) == QE_JSON_NULL) order_by = NULL;
  if ((rc = check_with_vector(s, wv, err))) goto done;
  if ((rc = qe_shard_compile_filter(s, qe_json_object_get(req, "filter"), "filter", &f, err)))
    goto done;
  pts = qe_json_new_array();
  res = qe_json_new_object();
  if (!pts || !res) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto done;
  }
  if (order_by) {
    if (offset) {
      rc = qe_error_set(err, QE_EINVAL, "offset", "Can't use offset with order_by");
      goto done;
    }
    const char *key = qe_json_get_string(order_by, NULL);
    const char *dir = NULL;
    const qe_json *start = NULL;
    if (!key) {
      key = qe_json_get_string(qe_json_object_get(order_by, "key"), NULL);
      dir = qe_json_get_string(qe_json_object_get(order_by, "direction"), NULL);
      start = qe_json_object_get(order_by, "start_from");
      if (qe_json_kind_of(start) == QE_JSON_NULL) start = NULL;
    }
    const char *type = schema_type(qe_json_object_get(s->payload_schema, key));
    if (!type || (strcmp(type, "integer") && strcmp(type, "float") && strcmp(type, "datetime"))) {
      rc = qe_error_set(err, QE_EINVAL, "order_by",
                        "No range index for `order_by` key: `%s`. Please create one to use "
                        "`order_by`. Check https://qdrant.tech/documentation/concepts/indexing/"
                        "#payload-index to see which payload schemas support Range conditions",
                        key);
      goto done;
    }
    qe_jsonpath *jp = NULL;
    if ((rc = qe_jsonpath_parse(key, strlen(key), &jp, err))) goto done;
    int order_asc = dir && strcmp(dir, "desc") == 0 ? -1 : 1;
    double from = 0;
    bool has_from = false;
    if (start) {
      if (qe_json_is_number(start)) {
        from = qe_json_get_double(start);
        has_from = true;
      } else if (qe_json_get_string(start, NULL)) {
        size_t len;
        const char *t = qe_json_get_string(start, &len);
        int64_t us;
        if (!qe_parse_datetime(t, len, &us)) {
          qe_jsonpath_free(jp);
          rc = qe_error_set(err, QE_EINVAL, "order_by.start_from",
                            "'%s' does not match accepted datetime format (RFC3339). Example: "
                            "2014-01-01T00:00:00Z",
                            t);
          goto done;
        }
        from = (double)us;
        has_from = true;
      }
    }
    /* each matching point's distinct values go through `all` (one point at
     * a time) into a bounded selection of the first `limit` entries */
    order_ctx oc;
    memset(&oc, 0, sizeof oc);
    oc.out = &all;
    oc.datetime = strcmp(type, "datetime") == 0;
    oc.integer = strcmp(type, "integer") == 0;
    hit_heap sel;
    hit_heap_init(&sel, limit, cmp_order, &order_asc);
    for (uint32_t si = 0; !rc && si < s->nsegs; si++) {
      qe_segment *seg = s->segs[si];
      for (size_t r = 0; !rc && r < seg->count; r++) {
        if (qe_segment_dead(seg, r)) continue;
        if (f) {
          char scratch[64];
          qe_point_view pv = qe_shard_point_view(s, seg, r, scratch);
          if (!qe_filter_match(f, &pv)) continue;
        }
        oc.base = (hit){seg->ids[r], si, (uint32_t)r, 1.0f, 0, 0, false};
        all.len = 0;
        qe_jsonpath_get(jp, qe_segment_payload(seg, r), collect_order_value, &oc);
        rc = oc.fail;
        for (size_t i = 0; !rc && i < all.len; i++) {
          const hit *h = &all.items[i];
          if (has_from && (order_asc > 0 ? h->order < from : h->order > from)) continue;
          rc = hit_heap_offer(&sel, h);
        }
      }
    }
    qe_jsonpath_free(jp);
    if (!rc) hit_heap_sort(&sel);
    for (size_t i = 0; !rc && i < sel.len; i++)
      rc = qe_json_array_push(pts, point_json(s, &sel.items[i], false, 0, wp, wv, true));
    qe_free(sel.items);
    if (rc) goto done;
    rc = qe_json_object_set(res, "points", pts);
    pts = NULL;
    rc |= qe_json_object_set(res, "next_page_offset", qe_json_new_null());
    goto done;
  }
  qe_point_id from;
  if (offset && !qe_point_id_from_json(offset, &from)) {
    rc = qe_error_set(err, QE_EINVAL, "offset", "not a valid point id");
    goto done;
  }
  /* the page and the point after it: the limit + 1 smallest ids >= offset */
  hit_heap sel;
  rc = select_by_id(s, f, offset ? &from : NULL, limit < s->ids.len ? limit + 1 : s->ids.len, &sel);
  for (size_t i = 0; !rc && i < sel.len && i < limit; i++)
    rc = qe_json_array_push(pts, point_json(s, &sel.items[i], false, 0, wp, wv, false));
  if (!rc) {
    rc = qe_json_object_set(res, "points", pts);
    pts = NULL;
    rc |= qe_json_object_set(res, "next_page_offset",
                             sel.len > limit ? qe_point_id_to_json(&sel.items[limit].id)
                                             : qe_json_new_null());
  }
  qe_free(sel.items);
done:
  end_read(s);
  qe_free(all.items);
  qe_filter_free(f);
  qe_json_free(pts);
  if (rc) {
    qe_json_free(res);
    if (rc == QE_ENOMEM && (!err || !err->code)) qe_error_set(err, rc, NULL, "out of memory");
    return rc;
  }
  *result = res;
  return QE_OK;
}

/* ------------------------------------------------------------ count */

int qe_shard_count(qe_shard *s, qe_json *req, uint64_t *count, qe_error *err) {
  *count = 0;
  qe_json *empty = NULL;
  if (!req) req = empty = qe_json_new_object();
  int rc = validate("CountRequest", req, err);
  if (!rc) rc = begin_read(s, err);
  if (rc) {
    qe_json_free(empty);
    return rc;
  }
  qe_filter *f = NULL;
  rc = qe_shard_compile_filter(s, qe_json_object_get(req, "filter"), "filter", &f, err);
  if (!rc && !f) {
    *count = s->ids.len;
  } else if (!rc) {
    for (uint32_t si = 0; si < s->nsegs; si++) {
      qe_segment *seg = s->segs[si];
      for (size_t r = 0; r < seg->count; r++) {
        if (qe_segment_dead(seg, r)) continue;
        char scratch[64];
        qe_point_view pv = qe_shard_point_view(s, seg, r, scratch);
        if (qe_filter_match(f, &pv)) (*count)++;
      }
    }
  }
  end_read(s);
  qe_filter_free(f);
  qe_json_free(empty);
  return rc;
}

/* ------------------------------------------------------------ facet */

typedef struct facet_val {
  qe_json *value; /* string, integer or bool */
  uint64_t count;
  uint64_t last_row_tag; /* last point counted, to count a point once per value */
} facet_val;

typedef struct facet_ctx {
  facet_val *vals;
  size_t len, cap;
  uint64_t tag;
  int fail;
  ix_kind kind; /* the key's index */
} facet_ctx;

/* Count one value for the current point (once per point and value). */
static bool facet_count(facet_ctx *c, const qe_json *v) {
  for (size_t i = 0; i < c->len; i++) {
    if (qe_json_equal(c->vals[i].value, v)) {
      if (c->vals[i].last_row_tag != c->tag) {
        c->vals[i].count++;
        c->vals[i].last_row_tag = c->tag;
      }
      return true;
    }
  }
  if (c->len == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 32;
    facet_val *p = qe_realloc(c->vals, cap * sizeof *p);
    if (!p) {
      c->fail = QE_ENOMEM;
      return false;
    }
    c->vals = p;
    c->cap = cap;
  }
  c->vals[c->len].value = qe_json_clone(v);
  c->vals[c->len].count = 1;
  c->vals[c->len].last_row_tag = c->tag;
  if (!c->vals[c->len].value) {
    c->fail = QE_ENOMEM;
    return false;
  }
  c->len++;
  return true;
}

/* One value as the key's index holds it (keyword: strings; integer:
 * integers and integral floats; bool: booleans; uuid: strings parsing as
 * UUIDs, in canonical form), or nothing. */
static bool facet_one(facet_ctx *c, const qe_json *v) {
  qe_json_kind k = qe_json_kind_of(v);
  qe_json *tmp = NULL;
  size_t n;
  const char *str = k == QE_JSON_STRING ? qe_json_get_string(v, &n) : NULL;
  switch (c->kind) {
  case IX_KEYWORD:
    if (!str) return true;
    break;
  case IX_BOOL:
    if (k != QE_JSON_BOOL) return true;
    break;
  case IX_INTEGER: {
    int64_t i;
    if (k == QE_JSON_INT) break;
    if (k != QE_JSON_DOUBLE || !qe_ix_int_value(v, &i)) return true;
    if (!(tmp = qe_json_new_int(i))) goto oom;
    v = tmp;
    break;
  }
  case IX_UUID: {
    uint8_t u[16];
    char text[37];
    if (!str || !qe_uuid_parse(str, n, u)) return true;
    qe_uuid_format(u, text);
    if (!(tmp = qe_json_new_cstr(text))) goto oom;
    v = tmp;
    break;
  }
  default:
    return true;
  }
  bool ok = facet_count(c, v);
  qe_json_free(tmp);
  return ok;
oom:
  c->fail = QE_ENOMEM;
  return false;
}

/* The values at the key, arrays looked into one level (as an index reads
 * them). */
static bool facet_visit(void *ud, const qe_json *v) {
  facet_ctx *c = ud;
  if (qe_json_kind_of(v) == QE_JSON_ARRAY) {
    for (size_t i = 0; i < qe_json_array_len(v); i++)
      if (!facet_one(c, qe_json_array_at(v, i))) return false;
    return true;
  }
  return facet_one(c, v);
}

static int cmp_facet_value(const qe_json *a, const qe_json *b) {
  qe_json_kind ka = qe_json_kind_of(a), kb = qe_json_kind_of(b);
  if (ka == QE_JSON_STRING && kb == QE_JSON_STRING) {
    size_t la, lb;
    const char *sa = qe_json_get_string(a, &la), *sb = qe_json_get_string(b, &lb);
    int c = memcmp(sa, sb, la < lb ? la : lb);
    return c ? c : (la < lb ? -1 : la > lb);
  }
  if (ka == QE_JSON_BOOL && kb == QE_JSON_BOOL)
    return (int)qe_json_get_bool(a) - (int)qe_json_get_bool(b);
  if (qe_json_is_number(a) && qe_json_is_number(b)) {
    double x = qe_json_get_double(a), y = qe_json_get_double(b);
    return x < y ? -1 : x > y;
  }
  return (int)ka - (int)kb;
}

static int cmp_facet(const void *a, const void *b) {
  const facet_val *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return cmp_facet_value(x->value, y->value);
}

int qe_shard_facet(qe_shard *s, qe_json *req, qe_json **result, qe_error *err) {
  *result = NULL;
  int rc = validate("FacetRequest", req, err);
  if (rc) return rc;
  if ((rc = begin_read(s, err))) return rc;
  qe_filter *f = NULL;
  qe_jsonpath *jp = NULL;
  facet_ctx fc = {0};
  qe_json *res = NULL;
  const char *key = qe_json_get_string(qe_json_object_get(req, "key"), NULL);
  uint64_t limit = 10;
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  const char *type = schema_type(qe_json_object_get(s->payload_schema, key));
  if (!type || (strcmp(type, "keyword") && strcmp(type, "integer") && strcmp(type, "uuid") &&
                strcmp(type, "bool"))) {
    rc = qe_error_set(err, QE_EINVAL, "key",
                      "No appropriate index for faceting: `%s`. Please create one to facet on "
                      "this field. Check https://qdrant.tech/documentation/concepts/indexing/"
                      "#payload-index to see which payload schemas support Match conditions",
                      key);
    goto done;
  }
  if ((rc = qe_jsonpath_parse(key, strlen(key), &jp, err))) goto done;
  if ((rc = qe_shard_compile_filter(s, qe_json_object_get(req, "filter"), "filter", &f, err)))
    goto done;
  ix_spec spec;
  if (qe_ix_spec_read(qe_json_object_get(s->payload_schema, key), &spec)) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto done;
  }
  fc.kind = spec.kind;
  qe_ix_spec_clear(&spec);
  for (uint32_t si = 0; !rc && si < s->nsegs; si++) {
    qe_segment *seg = s->segs[si];
    for (size_t r = 0; !rc && r < seg->count; r++) {
      if (qe_segment_dead(seg, r)) continue;
      char scratch[64];
      qe_point_view pv = qe_shard_point_view(s, seg, r, scratch);
      if (f && !qe_filter_match(f, &pv)) continue;
      fc.tag = ((uint64_t)si << 32 | r) + 1;
      qe_jsonpath_get(jp, pv.payload, facet_visit, &fc);
      rc = fc.fail;
    }
  }
  if (rc) goto done;
  if (fc.len) qsort(fc.vals, fc.len, sizeof *fc.vals, cmp_facet);
  res = qe_json_new_object();
  qe_json *hitsj = qe_json_new_array();
  for (size_t i = 0; hitsj && i < fc.len && i < limit; i++) {
    qe_json *h = qe_json_new_object();
    rc |= qe_json_object_set(h, "value", qe_json_clone(fc.vals[i].value));
    rc |= qe_json_object_set(h, "count", qe_json_new_uint(fc.vals[i].count));
    rc |= qe_json_array_push(hitsj, h);
  }
  rc |= qe_json_object_set(res, "hits", hitsj);
  if (rc) rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
done:
  end_read(s);
  for (size_t i = 0; i < fc.len; i++)
    qe_json_free(fc.vals[i].value);
  qe_free(fc.vals);
  qe_filter_free(f);
  qe_jsonpath_free(jp);
  if (rc) {
    qe_json_free(res);
    return rc;
  }
  *result = res;
  return QE_OK;
}

/* ------------------------------------------------------------ retrieve */

int qe_shard_retrieve(qe_shard *s, qe_json *req, qe_json **records, qe_error *err) {
  *records = NULL;
  if (qe_json_kind_of(req) != QE_JSON_OBJECT)
    return qe_error_set(err, QE_EINVAL, NULL,
                        "expected an object {ids, with_payload, with_vector}");
  qe_json *ids = qe_json_object_get(req, "ids");
  int rc = qe_type_check("[ExtendedPointId]", ids, QE_CHECK_COERCE, NULL, err);
  if (rc) {
    if (err) {
      char path[QE_ERROR_PATH_MAX + 8];
      snprintf(path, sizeof path, "ids%s", err->path);
      snprintf(err->path, sizeof err->path, "%.*s", QE_ERROR_PATH_MAX - 1, path);
    }
    return rc;
  }
  const qe_json *wp = qe_json_object_get(req, "with_payload");
  const qe_json *wv = qe_json_object_get(req, "with_vector");
  if (wp &&
      (rc = qe_type_check("WithPayloadInterface", (qe_json *)wp, QE_CHECK_COERCE, NULL, err))) {
    if (err) memmove(err->path, "with_payload", 13);
    return rc;
  }
  if (wv && (rc = qe_type_check("WithVector", (qe_json *)wv, QE_CHECK_COERCE, NULL, err))) {
    if (err) memmove(err->path, "with_vector", 12);
    return rc;
  }
  qe_json *yes = qe_json_new_bool(true);
  if (!wp) wp = yes;
  if ((rc = begin_read(s, err))) {
    qe_json_free(yes);
    return rc;
  }
  rc = check_with_vector(s, wv, err);
  qe_json *out = rc ? NULL : qe_json_new_array();
  for (size_t i = 0; out && !rc && i < qe_json_array_len(ids); i++) {
    qe_point_id id;
    qe_point_id_from_json(qe_json_array_at(ids, i), &id);
    bool dup = false;
    for (size_t j = 0; j < i && !dup; j++) {
      qe_point_id other;
      qe_point_id_from_json(qe_json_array_at(ids, j), &other);
      dup = qe_point_id_eq(&id, &other);
    }
    if (dup) continue;
    qe_loc *loc = qe_idmap_get(&s->ids, &id);
    if (!loc) continue;
    hit h = {id, loc->seg, loc->row, 1.0f, 0, 0, false};
    rc = qe_json_array_push(out, point_json(s, &h, false, 0, wp, wv, false));
  }
  end_read(s);
  qe_json_free(yes);
  if (rc || !out) {
    qe_json_free(out);
    return rc ? rc : qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  *records = out;
  return QE_OK;
}

/* ------------------------------------------------------------ info */

int qe_shard_info(qe_shard *s, qe_json **info, qe_error *err) {
  *info = NULL;
  int rc = begin_read(s, err);
  if (rc) return rc;
  qe_json *o = qe_json_new_object();
  qe_json *schema = qe_json_new_object();
  rc = (!o || !schema) ? QE_ENOMEM : QE_OK;
  size_t nonempty = 0;
  for (size_t i = 0; i < s->nsegs; i++)
    nonempty += s->segs[i]->count > 0 || i + 1 < s->nsegs;
  rc |= qe_json_object_set(o, "segments_count", qe_json_new_uint(nonempty));
  rc |= qe_json_object_set(o, "points_count", qe_json_new_uint(s->ids.len));
  rc |= qe_json_object_set(o, "indexed_vectors_count", qe_json_new_uint(0));
  for (size_t k = 0; !rc && k < qe_json_object_len(s->payload_schema); k++) {
    size_t kl;
    const char *key = qe_json_object_key_at(s->payload_schema, k, &kl);
    const qe_json *sch = qe_json_object_value_at(s->payload_schema, k);
    qe_jsonpath *jp = NULL;
    uint64_t points = 0;
    ix_spec spec; /* points: those the index holds a value for */
    rc |= qe_ix_spec_read(sch, &spec);
    if (!rc && qe_jsonpath_parse(key, kl, &jp, NULL) == 0) {
      for (size_t si = 0; si < s->nsegs; si++) {
        qe_segment *seg = s->segs[si];
        for (size_t r = 0; r < seg->count; r++)
          if (!qe_segment_dead(seg, r))
            points += qe_ix_has_values(&spec, jp, qe_segment_payload(seg, r));
      }
    }
    qe_ix_spec_clear(&spec);
    qe_jsonpath_free(jp);
    qe_json *e = qe_json_new_object();
    const char *type = schema_type(sch);
    rc |= qe_json_object_set(e, "data_type", type ? qe_json_new_cstr(type) : qe_json_new_null());
    if (qe_json_kind_of(sch) == QE_JSON_OBJECT)
      rc |= qe_json_object_set(e, "params", qe_json_clone(sch));
    rc |= qe_json_object_set(e, "points", qe_json_new_uint(points));
    rc |= qe_json_object_setn(schema, key, kl, e);
  }
  rc |= qe_json_object_set(o, "payload_schema", schema);
  rc |= qe_json_object_set(o, "config", qe_config_to_json(&s->config));
  end_read(s);
  if (rc) {
    qe_json_free(o);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  *info = o;
  return QE_OK;
}

/* h_search.c — query, query batch, query groups, search matrix, and the legacy
 * search / recommend / discover endpoints (translated into queries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fanout.h"
#include "handlers.h"
#include "qedge/base.h"
#include "qedge/model.h"
#include "registry.h"
#include "reply.h"

/* Run one QueryRequest (a copy of `req`); NULL with `err` set on failure. */
static qe_json *run_query(srv_collection *col, const qe_json *req, qe_error *err) {
  qe_json *copy = qe_json_clone(req), *pts = NULL;
  if (!copy) {
    qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  int rc = srv_query(col, copy, &pts, err);
  qe_json_free(copy);
  return rc ? NULL : pts;
}

static void answer_points(srv_ctx *c, qe_json *pts, const qe_error *err, bool wrap) {
  if (!pts) {
    srv_fail_qe(c, err);
    return;
  }
  if (!wrap) {
    srv_ok(c, pts);
    return;
  }
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "points", pts);
  srv_ok(c, r);
}

void h_query(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_error err = {0};
  qe_json *pts = run_query(col, c->body, &err);
  srv_close_coll(col);
  answer_points(c, pts, &err, true);
}

void h_query_batch(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  const qe_json *searches = qe_json_object_get(c->body, "searches");
  qe_json *out = qe_json_new_array();
  qe_error err = {0};
  for (size_t i = 0; i < qe_json_array_len(searches); i++) {
    qe_json *pts = run_query(col, qe_json_array_at(searches, i), &err);
    if (!pts) {
      char path[QE_ERROR_PATH_MAX * 2];
      snprintf(path, sizeof path, "searches[%zu]%s%s", i, err.path[0] ? "." : "", err.path);
      size_t pl = strlen(path) < sizeof err.path - 1 ? strlen(path) : sizeof err.path - 1;
      memcpy(err.path, path, pl);
      err.path[pl] = 0;
      qe_json_free(out);
      out = NULL;
      break;
    }
    qe_json *r = qe_json_new_object();
    qe_json_object_set(r, "points", pts);
    qe_json_array_push(out, r);
  }
  srv_close_coll(col);
  if (!out) {
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok(c, out);
}

/* ------------------------------------------------------------ groups */

/* values of payload path `key` ("a.b", arrays flattened) usable as group ids */
static void group_values(const qe_json *v, const char *key, qe_json *out) {
  if (qe_json_kind_of(v) == QE_JSON_ARRAY) {
    for (size_t i = 0; i < qe_json_array_len(v); i++)
      group_values(qe_json_array_at(v, i), key, out);
    return;
  }
  if (!*key) {
    qe_json_kind k = qe_json_kind_of(v);
    if (k == QE_JSON_STRING || k == QE_JSON_INT || k == QE_JSON_UINT) {
      for (size_t i = 0; i < qe_json_array_len(out); i++)
        if (qe_json_equal(qe_json_array_at(out, i), v)) return;
      qe_json_array_push(out, qe_json_clone(v));
    }
    return;
  }
  const char *dot = strchr(key, '.');
  size_t n = dot ? (size_t)(dot - key) : strlen(key);
  if (n >= 2 && key[n - 2] == '[' && key[n - 1] == ']') n -= 2; /* "tags[]" */
  const qe_json *child = qe_json_object_getn(v, key, n);
  if (child) group_values(child, dot ? dot + 1 : "", out);
}

static bool is_plain_bool(const qe_json *v) {
  return !v || qe_json_kind_of(v) == QE_JSON_BOOL || qe_json_kind_of(v) == QE_JSON_NULL;
}

/* groups from `req` (a QueryGroupsRequest-shaped object: query fields plus
 * group_by, group_size, limit, with_lookup) */
static qe_json *run_groups(srv_ctx *c, srv_collection *col, const qe_json *req, qe_error *err) {
  const char *group_by = qe_json_get_string(qe_json_object_get(req, "group_by"), NULL);
  uint64_t group_size = 3, limit = 10;
  qe_json_get_u64(qe_json_object_get(req, "group_size"), &group_size);
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  if (group_size > SRV_MAX_LIMIT) group_size = SRV_MAX_LIMIT;
  if (limit > SRV_MAX_LIMIT) limit = SRV_MAX_LIMIT;
  const qe_json *wp = qe_json_object_get(req, "with_payload");
  qe_json *q = qe_json_clone(req);
  static const char *const drop[] = {"group_by", "group_size", "with_lookup", "lookup_from"};
  for (size_t i = 0; i < 4; i++)
    qe_json_free(qe_json_object_take(q, drop[i], strlen(drop[i])));
  uint64_t fetch = limit * group_size * 4; /* both at most 2^24: no overflow */
  if (fetch < 100) fetch = 100;
  if (fetch > SRV_MAX_LIMIT) fetch = SRV_MAX_LIMIT;
  qe_json_object_set(q, "limit", qe_json_new_uint(fetch));
  qe_json_object_set(q, "offset", qe_json_new_uint(0));
  qe_json_object_set(q, "with_payload", qe_json_new_bool(true));
  qe_json *pts = run_query(col, q, err);
  qe_json_free(q);
  if (!pts) return NULL;
  qe_json *groups = qe_json_new_array();
  for (size_t i = 0; i < qe_json_array_len(pts); i++) {
    const qe_json *p = qe_json_array_at(pts, i);
    qe_json *vals = qe_json_new_array();
    group_values(qe_json_object_get(p, "payload"), group_by, vals);
    for (size_t k = 0; k < qe_json_array_len(vals); k++) {
      const qe_json *gv = qe_json_array_at(vals, k);
      qe_json *g = NULL;
      for (size_t j = 0; j < qe_json_array_len(groups) && !g; j++)
        if (qe_json_equal(qe_json_object_get(qe_json_array_at(groups, j), "id"), gv))
          g = qe_json_array_at(groups, j);
      if (!g) {
        if (qe_json_array_len(groups) >= limit) continue;
        g = qe_json_new_object();
        qe_json_object_set(g, "hits", qe_json_new_array());
        qe_json_object_set(g, "id", qe_json_clone(gv));
        qe_json_array_push(groups, g);
      }
      qe_json *hits = qe_json_object_get(g, "hits");
      if (qe_json_array_len(hits) >= group_size) continue;
      qe_json *hit = qe_json_clone(p);
      if (is_plain_bool(wp) && !qe_json_get_bool(wp))
        qe_json_free(qe_json_object_take(hit, "payload", 7));
      qe_json_array_push(hits, hit);
    }
    qe_json_free(vals);
  }
  qe_json_free(pts);
  /* payload selectors: fetch the selected payload for the hits */
  if (!is_plain_bool(wp)) {
    for (size_t j = 0; j < qe_json_array_len(groups); j++) {
      qe_json *hits = qe_json_object_get(qe_json_array_at(groups, j), "hits");
      qe_json *ids = qe_json_new_array();
      for (size_t i = 0; i < qe_json_array_len(hits); i++)
        qe_json_array_push(ids, qe_json_clone(qe_json_object_get(qe_json_array_at(hits, i), "id")));
      qe_json *recs = NULL;
      if (srv_retrieve(col, qe_json_object_get(req, "shard_key"), ids, wp, NULL, &recs, err) == 0) {
        for (size_t i = 0; i < qe_json_array_len(hits); i++) {
          qe_json *h = qe_json_array_at(hits, i);
          const qe_json *pl = NULL;
          for (size_t r = 0; r < qe_json_array_len(recs) && !pl; r++)
            if (qe_json_equal(qe_json_object_get(qe_json_array_at(recs, r), "id"),
                              qe_json_object_get(h, "id")))
              pl = qe_json_object_get(qe_json_array_at(recs, r), "payload");
          if (pl)
            qe_json_object_set(h, "payload", qe_json_clone(pl));
          else
            qe_json_free(qe_json_object_take(h, "payload", 7));
        }
      }
      qe_json_free(recs);
      qe_json_free(ids);
    }
  }
  /* with_lookup: the point of another collection whose id is the group id */
  const qe_json *wl = qe_json_object_get(req, "with_lookup");
  if (wl && qe_json_kind_of(wl) != QE_JSON_NULL) {
    const char *other = qe_json_get_string(
        qe_json_kind_of(wl) == QE_JSON_STRING ? wl : qe_json_object_get(wl, "collection"), NULL);
    srv_collection *oc = other ? srv_registry_get(c->reg, other) : NULL;
    if (!oc) {
      qe_json_free(groups);
      qe_error_set(err, QE_ENOTFOUND, NULL, "Collection `%s` doesn't exist!", other ? other : "");
      return NULL;
    }
    const qe_json *lwp =
        qe_json_kind_of(wl) == QE_JSON_OBJECT ? qe_json_object_get(wl, "with_payload") : NULL;
    const qe_json *lwv =
        qe_json_kind_of(wl) == QE_JSON_OBJECT ? qe_json_object_get(wl, "with_vectors") : NULL;
    qe_json *tru = qe_json_new_bool(true);
    for (size_t j = 0; j < qe_json_array_len(groups); j++) {
      qe_json *g = qe_json_array_at(groups, j);
      qe_json *ids = qe_json_new_array();
      qe_json *gid = qe_json_clone(qe_json_object_get(g, "id"));
      qe_error e2 = {0};
      if (qe_model_check_name("ExtendedPointId", gid, QE_CHECK_COERCE, NULL, &e2)) {
        qe_json_free(gid);
        qe_json_free(ids);
        continue;
      }
      qe_json_array_push(ids, gid);
      qe_json *recs = NULL;
      if (srv_retrieve(oc, NULL, ids, lwp ? lwp : tru, lwv, &recs, &e2) == 0 &&
          qe_json_array_len(recs)) {
        qe_json *rec = qe_json_clone(qe_json_array_at(recs, 0));
        qe_json_free(qe_json_object_take(rec, "shard_key", 9));
        qe_json_object_set(g, "lookup", rec);
      }
      qe_json_free(recs);
      qe_json_free(ids);
    }
    qe_json_free(tru);
  }
  qe_json *out = qe_json_new_object();
  qe_json_object_set(out, "groups", groups);
  return out;
}

void h_query_groups(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_error err = {0};
  qe_json *r = run_groups(c, col, c->body, &err);
  srv_close_coll(col);
  if (!r)
    srv_fail_qe(c, &err);
  else
    srv_ok(c, r);
}

/* ------------------------------------------------------------ matrix */

/* {ids: [...], rows: [[{id, score}]]} for a SearchMatrixRequest */
static int matrix(srv_collection *col, const qe_json *req, qe_json **ids_out, qe_json **rows_out,
                  qe_error *err) {
  uint64_t sample = 10, limit = 3;
  qe_json_get_u64(qe_json_object_get(req, "sample"), &sample);
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  if (sample > SRV_MAX_LIMIT) sample = SRV_MAX_LIMIT;
  if (limit > sample) limit = sample; /* no more neighbours than the sample holds */
  const char *using_ = qe_json_get_string(qe_json_object_get(req, "using"), NULL);
  const qe_json *filter = qe_json_object_get(req, "filter");
  const qe_json *sel = qe_json_object_get(req, "shard_key");
  /* the sample: the first `sample` points (in id order) that match and have the vector */
  qe_json *sc = qe_json_new_object();
  qe_json *must = qe_json_new_array();
  if (filter && qe_json_kind_of(filter) != QE_JSON_NULL)
    qe_json_array_push(must, qe_json_clone(filter));
  qe_json *hv = qe_json_new_object();
  qe_json_object_set(hv, "has_vector", qe_json_new_cstr(using_ ? using_ : ""));
  qe_json_array_push(must, hv);
  qe_json *f = qe_json_new_object();
  qe_json_object_set(f, "must", must);
  qe_json_object_set(sc, "filter", f);
  qe_json_object_set(sc, "limit", qe_json_new_uint(sample));
  qe_json_object_set(sc, "with_payload", qe_json_new_bool(false));
  qe_json *wv = qe_json_new_array();
  qe_json_array_push(wv, qe_json_new_cstr(using_ ? using_ : ""));
  qe_json_object_set(sc, "with_vector", using_ ? wv : (qe_json_free(wv), qe_json_new_bool(true)));
  if (sel) qe_json_object_set(sc, "shard_key", qe_json_clone(sel));
  qe_json *page = NULL;
  int rc = srv_scroll(col, sc, &page, err);
  qe_json_free(sc);
  if (rc) return rc;
  const qe_json *pts = qe_json_object_get(page, "points");
  qe_json *ids = qe_json_new_array();
  for (size_t i = 0; i < qe_json_array_len(pts); i++)
    qe_json_array_push(ids, qe_json_clone(qe_json_object_get(qe_json_array_at(pts, i), "id")));
  qe_json *rows = qe_json_new_array();
  for (size_t i = 0; i < qe_json_array_len(pts) && !rc; i++) {
    const qe_json *p = qe_json_array_at(pts, i);
    const qe_json *v = qe_json_object_get(p, "vector");
    if (qe_json_kind_of(v) == QE_JSON_OBJECT && !qe_json_object_get(v, "indices"))
      v = qe_json_object_get(v, using_ ? using_ : "");
    qe_json *q = qe_json_new_object();
    qe_json_object_set(q, "query", qe_json_clone(v));
    if (using_) qe_json_object_set(q, "using", qe_json_new_cstr(using_));
    qe_json *qf = qe_json_new_object();
    qe_json *qm = qe_json_new_array();
    if (filter && qe_json_kind_of(filter) != QE_JSON_NULL)
      qe_json_array_push(qm, qe_json_clone(filter));
    qe_json *in = qe_json_new_object();
    qe_json_object_set(in, "has_id", qe_json_clone(ids));
    qe_json_array_push(qm, in);
    qe_json *not = qe_json_new_array();
    qe_json *self = qe_json_new_object();
    qe_json *one = qe_json_new_array();
    qe_json_array_push(one, qe_json_clone(qe_json_object_get(p, "id")));
    qe_json_object_set(self, "has_id", one);
    qe_json_array_push(not, self);
    qe_json_object_set(qf, "must", qm);
    qe_json_object_set(qf, "must_not", not );
    qe_json_object_set(q, "filter", qf);
    qe_json_object_set(q, "limit", qe_json_new_uint(limit));
    if (sel) qe_json_object_set(q, "shard_key", qe_json_clone(sel));
    qe_json *hits = NULL;
    rc = srv_query(col, q, &hits, err);
    qe_json_free(q);
    if (!rc) qe_json_array_push(rows, hits);
  }
  qe_json_free(page);
  if (rc) {
    qe_json_free(ids);
    qe_json_free(rows);
    return rc;
  }
  *ids_out = ids;
  *rows_out = rows;
  return 0;
}

static size_t index_of(const qe_json *ids, const qe_json *id) {
  for (size_t i = 0; i < qe_json_array_len(ids); i++)
    if (qe_json_equal(qe_json_array_at(ids, i), id)) return i;
  return 0;
}

static void do_matrix(srv_ctx *c, bool pairs) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *ids = NULL, *rows = NULL;
  qe_error err = {0};
  int rc = matrix(col, c->body, &ids, &rows, &err);
  srv_close_coll(col);
  if (rc) {
    srv_fail_qe(c, &err);
    return;
  }
  qe_json *out = qe_json_new_object();
  if (pairs) {
    qe_json *arr = qe_json_new_array();
    for (size_t i = 0; i < qe_json_array_len(rows); i++) {
      const qe_json *hits = qe_json_array_at(rows, i);
      for (size_t k = 0; k < qe_json_array_len(hits); k++) {
        const qe_json *h = qe_json_array_at(hits, k);
        qe_json *pr = qe_json_new_object();
        qe_json_object_set(pr, "a", qe_json_clone(qe_json_array_at(ids, i)));
        qe_json_object_set(pr, "b", qe_json_clone(qe_json_object_get(h, "id")));
        qe_json_object_set(pr, "score", qe_json_clone(qe_json_object_get(h, "score")));
        qe_json_array_push(arr, pr);
      }
    }
    qe_json_object_set(out, "pairs", arr);
    qe_json_free(ids);
  } else {
    qe_json *rr = qe_json_new_array(), *cc = qe_json_new_array(), *ss = qe_json_new_array();
    for (size_t i = 0; i < qe_json_array_len(rows); i++) {
      const qe_json *hits = qe_json_array_at(rows, i);
      for (size_t k = 0; k < qe_json_array_len(hits); k++) {
        const qe_json *h = qe_json_array_at(hits, k);
        qe_json_array_push(rr, qe_json_new_uint(i));
        qe_json_array_push(cc, qe_json_new_uint(index_of(ids, qe_json_object_get(h, "id"))));
        qe_json_array_push(ss, qe_json_clone(qe_json_object_get(h, "score")));
      }
    }
    qe_json_object_set(out, "offsets_row", rr);
    qe_json_object_set(out, "offsets_col", cc);
    qe_json_object_set(out, "scores", ss);
    qe_json_object_set(out, "ids", ids);
  }
  qe_json_free(rows);
  srv_ok(c, out);
}

void h_matrix_pairs(srv_ctx *c) {
  do_matrix(c, true);
}

void h_matrix_offsets(srv_ctx *c) {
  do_matrix(c, false);
}

/* ------------------------------------------------------------ legacy APIs */

static const char *const common[] = {"filter",       "params",      "limit",           "offset",
                                     "with_payload", "with_vector", "score_threshold", "shard_key",
                                     "group_by",     "group_size",  "with_lookup"};

static void copy_common(qe_json *q, const qe_json *src) {
  for (size_t i = 0; i < sizeof common / sizeof *common; i++) {
    const qe_json *v = qe_json_object_get(src, common[i]);
    if (v) qe_json_object_set(q, common[i], qe_json_clone(v));
  }
}

/* SearchRequest -> QueryRequest */
static qe_json *from_search(const qe_json *s) {
  qe_json *q = qe_json_new_object();
  copy_common(q, s);
  const qe_json *v = qe_json_object_get(s, "vector");
  if (qe_json_kind_of(v) == QE_JSON_OBJECT && qe_json_object_get(v, "name")) {
    qe_json_object_set(q, "using", qe_json_clone(qe_json_object_get(v, "name")));
    v = qe_json_object_get(v, "vector");
  }
  qe_json_object_set(q, "query", qe_json_clone(v));
  return q;
}

/* RecommendRequest / DiscoverRequest -> QueryRequest */
static qe_json *from_example(const qe_json *s, bool discover) {
  qe_json *q = qe_json_new_object();
  copy_common(q, s);
  const qe_json *u = qe_json_object_get(s, "using");
  if (u) qe_json_object_set(q, "using", qe_json_clone(u));
  qe_json *inner = qe_json_new_object();
  static const char *const rk[] = {"positive", "negative", "strategy"};
  static const char *const dk[] = {"target", "context"};
  const char *const *keys = discover ? dk : rk;
  size_t nk = discover ? 2 : 3;
  for (size_t i = 0; i < nk; i++) {
    const qe_json *v = qe_json_object_get(s, keys[i]);
    if (v && qe_json_kind_of(v) != QE_JSON_NULL)
      qe_json_object_set(inner, keys[i], qe_json_clone(v));
  }
  qe_json *query = qe_json_new_object();
  qe_json_object_set(query, discover ? "discover" : "recommend", inner);
  qe_json_object_set(q, "query", query);
  return q;
}

typedef qe_json *(*convert_fn)(const qe_json *);

static qe_json *from_recommend(const qe_json *s) {
  return from_example(s, false);
}
static qe_json *from_discover(const qe_json *s) {
  return from_example(s, true);
}

static void legacy(srv_ctx *c, convert_fn conv, const char *batch_key, bool groups) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_error err = {0};
  qe_json *out = NULL;
  if (batch_key) {
    const qe_json *list = qe_json_object_get(c->body, batch_key);
    out = qe_json_new_array();
    for (size_t i = 0; i < qe_json_array_len(list); i++) {
      qe_json *q = conv(qe_json_array_at(list, i));
      qe_json *pts = run_query(col, q, &err);
      qe_json_free(q);
      if (!pts) {
        qe_json_free(out);
        out = NULL;
        break;
      }
      qe_json_array_push(out, pts);
    }
  } else if (groups) {
    qe_json *q = conv(c->body);
    out = run_groups(c, col, q, &err);
    qe_json_free(q);
  } else {
    qe_json *q = conv(c->body);
    out = run_query(col, q, &err);
    qe_json_free(q);
  }
  srv_close_coll(col);
  if (!out)
    srv_fail_qe(c, &err);
  else
    srv_ok(c, out);
}

void h_search(srv_ctx *c) {
  legacy(c, from_search, NULL, false);
}
void h_search_batch(srv_ctx *c) {
  legacy(c, from_search, "searches", false);
}
void h_search_groups(srv_ctx *c) {
  legacy(c, from_search, NULL, true);
}
void h_recommend(srv_ctx *c) {
  legacy(c, from_recommend, NULL, false);
}
void h_recommend_batch(srv_ctx *c) {
  legacy(c, from_recommend, "searches", false);
}
void h_recommend_groups(srv_ctx *c) {
  legacy(c, from_recommend, NULL, true);
}
void h_discover(srv_ctx *c) {
  legacy(c, from_discover, NULL, false);
}
void h_discover_batch(srv_ctx *c) {
  legacy(c, from_discover, "searches", false);
}

/* fanout.c — reads over several shards, merged (see fanout.h). */
#include "fanout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qedge/base.h"

int srv_id_cmp(const qe_json *a, const qe_json *b) {
  const char *sa = qe_json_get_string(a, NULL), *sb = qe_json_get_string(b, NULL);
  if (!sa && !sb) {
    uint64_t x = 0, y = 0;
    qe_json_get_u64(a, &x);
    qe_json_get_u64(b, &y);
    return x < y ? -1 : x > y;
  }
  if (!sa) return -1;
  if (!sb) return 1;
  return strcmp(sa, sb);
}

void srv_clamp_limit(qe_json *req, const char *field) {
  uint64_t v = 0;
  const qe_json *x = qe_json_object_get(req, field);
  if (qe_json_is_number(x) && (!qe_json_get_u64(x, &v) || v > SRV_MAX_LIMIT))
    if (qe_json_get_double(x) > 0) qe_json_object_set(req, field, qe_json_new_uint(SRV_MAX_LIMIT));
}

static int oom(qe_error *err) {
  return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
}

/* take the selector out of a request */
static qe_json *take_selector(qe_json *req) {
  return qe_json_object_take(req, "shard_key", 9);
}

static void tag_key(qe_json *point, const srv_group *g) {
  if (g->key) qe_json_object_set(point, "shard_key", qe_json_clone(g->key));
}

/* The only shard of `t` (and its group) when there is exactly one. */
static srv_shard *only_shard(const srv_targets *t, const srv_group **group) {
  size_t total = 0;
  srv_shard *s = NULL;
  for (size_t g = 0; g < t->ngroups; g++) {
    total += t->groups[g].n;
    if (t->groups[g].n) {
      s = t->groups[g].shards[0];
      *group = &t->groups[g];
    }
  }
  return total == 1 ? s : NULL;
}

/* tag every item of `arr` with the group's key, in place */
static void tag_all(qe_json *arr, const srv_group *g) {
  for (size_t i = 0; g->key && i < qe_json_array_len(arr); i++)
    tag_key(qe_json_array_at(arr, i), g);
}

/* ------------------------------------------------------------ sorting */

typedef struct entry {
  qe_json *item;
  const qe_json *id;
  double key;
  int sign; /* 1: larger key first, -1: smaller first, 0: by id only */
} entry;

static int cmp_entry(const void *pa, const void *pb) {
  const entry *a = pa, *b = pb;
  if (a->sign && a->key != b->key) return (a->key < b->key ? 1 : -1) * a->sign;
  return srv_id_cmp(a->id, b->id);
}

typedef struct entries {
  entry *v;
  size_t n, cap;
} entries;

static int push(entries *e, qe_json *item, const char *key_field, int sign) {
  if (e->n == e->cap) {
    size_t nc = e->cap ? e->cap * 2 : 64;
    entry *nv = realloc(e->v, nc * sizeof *nv);
    if (!nv) return QE_ENOMEM;
    e->v = nv, e->cap = nc;
  }
  entry *x = &e->v[e->n++];
  x->item = item;
  x->id = qe_json_object_get(item, "id");
  x->key = key_field ? qe_json_get_double(qe_json_object_get(item, key_field)) : 0;
  x->sign = sign;
  return 0;
}

/* move the items of shard answer `arr` into `e` (arr is emptied, not freed) */
static int absorb(entries *e, qe_json *arr, const srv_group *g, const char *key_field, int sign) {
  size_t n = qe_json_array_len(arr);
  for (size_t i = 0; i < n; i++) {
    qe_json *item = qe_json_clone(qe_json_array_at(arr, i));
    if (!item) return QE_ENOMEM;
    tag_key(item, g);
    if (push(e, item, key_field, sign)) {
      qe_json_free(item);
      return QE_ENOMEM;
    }
  }
  return 0;
}

static void entries_free(entries *e) {
  for (size_t i = 0; i < e->n; i++)
    qe_json_free(e->v[i].item);
  free(e->v);
}

/* sorted slice [from, from+count) as a new array; the rest is freed */
static qe_json *slice(entries *e, size_t from, size_t count) {
  if (e->n) qsort(e->v, e->n, sizeof *e->v, cmp_entry);
  qe_json *out = qe_json_new_array();
  for (size_t i = 0; i < e->n; i++) {
    if (out && i >= from && i - from < count) {
      qe_json_array_push(out, e->v[i].item);
      e->v[i].item = NULL;
    }
  }
  entries_free(e);
  return out;
}

/* ------------------------------------------------------------ query */

static bool is_point_id(const qe_json *v) {
  qe_json_kind k = qe_json_kind_of(v);
  return k == QE_JSON_INT || k == QE_JSON_UINT || k == QE_JSON_STRING;
}

/* A query by point id ({"query": id} or {"nearest": id}) names a point that
 * lives in one shard: replace the id by that point's vector so every shard
 * can score against it. */
static int resolve_id_query(srv_collection *c, qe_json *req, const qe_json *sel, qe_error *err) {
  qe_json *query = qe_json_object_get(req, "query");
  qe_json *holder = req;
  const char *field = "query";
  if (qe_json_kind_of(query) == QE_JSON_OBJECT &&
      is_point_id(qe_json_object_get(query, "nearest"))) {
    holder = query;
    field = "nearest";
    query = qe_json_object_get(query, "nearest");
  }
  if (!is_point_id(query)) return 0;
  const char *using_ = qe_json_get_string(qe_json_object_get(req, "using"), NULL);
  qe_json *ids = qe_json_new_array(), *wv = qe_json_new_array(), *no = qe_json_new_bool(false);
  qe_json_array_push(ids, qe_json_clone(query));
  qe_json_array_push(wv, qe_json_new_cstr(using_ ? using_ : ""));
  qe_json *recs = NULL;
  int rc = srv_retrieve(c, sel, ids, no, wv, &recs, err);
  qe_json_free(ids);
  qe_json_free(wv);
  qe_json_free(no);
  if (rc) return rc;
  const qe_json *v = qe_json_object_get(qe_json_array_at(recs, 0), "vector");
  if (qe_json_kind_of(v) == QE_JSON_OBJECT && !qe_json_object_get(v, "indices"))
    v = qe_json_object_get(v, using_ ? using_ : "");
  if (!v) {
    char *t = qe_json_to_string(query, 0, NULL);
    rc = qe_error_set(err, QE_ENOTFOUND, "query", "No point with id %s found", t ? t : "?");
    qe_free(t);
  } else {
    rc = qe_json_object_set(holder, field, qe_json_clone(v));
  }
  qe_json_free(recs);
  return rc;
}

int srv_query(srv_collection *c, qe_json *req, qe_json **points, qe_error *err) {
  *points = NULL;
  srv_clamp_limit(req, "limit");
  srv_clamp_limit(req, "offset");
  qe_json *sel = take_selector(req);
  srv_targets t;
  int rc = srv_coll_targets(c, sel, SRV_READ, &t, err);
  if (rc) {
    qe_json_free(sel);
    return rc;
  }
  uint64_t limit = 10, offset = 0;
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  qe_json_get_u64(qe_json_object_get(req, "offset"), &offset);
  size_t total = 0;
  for (size_t g = 0; g < t.ngroups; g++)
    total += t.groups[g].n;
  if (total > 1 && (rc = resolve_id_query(c, req, sel, err))) {
    qe_json_free(sel);
    srv_targets_free(&t);
    return rc;
  }
  qe_json_free(sel);
  const srv_group *one_group = NULL;
  srv_shard *one = only_shard(&t, &one_group);
  if (one) { /* one shard answers as it is: no copies */
    rc = qe_shard_query(one->sh, req, points, err);
    if (!rc) tag_all(*points, one_group);
    srv_targets_free(&t);
    return rc;
  }
  const qe_json *query = qe_json_object_get(req, "query");
  bool has_query = query && qe_json_kind_of(query) != QE_JSON_NULL;
  const char *using_ = qe_json_get_string(qe_json_object_get(req, "using"), NULL);
  int sign = !has_query ? 0 : srv_coll_ascending(c, using_ ? using_ : "") ? -1 : 1;
  if (total > 1) {
    qe_json_object_set(req, "limit", qe_json_new_uint(limit + offset));
    qe_json_object_set(req, "offset", qe_json_new_uint(0));
  }
  entries e = {0};
  for (size_t g = 0; g < t.ngroups && !rc; g++) {
    for (size_t i = 0; i < t.groups[g].n && !rc; i++) {
      qe_json *copy = qe_json_clone(req), *pts = NULL;
      if (!copy) {
        rc = oom(err);
        break;
      }
      rc = qe_shard_query(t.groups[g].shards[i]->sh, copy, &pts, err);
      qe_json_free(copy);
      if (!rc && absorb(&e, pts, &t.groups[g], "score", sign)) rc = oom(err);
      qe_json_free(pts);
    }
  }
  srv_targets_free(&t);
  if (rc) {
    entries_free(&e);
    return rc;
  }
  *points = slice(&e, offset, limit);
  return *points ? 0 : oom(err);
}

/* ------------------------------------------------------------ scroll */

int srv_scroll(srv_collection *c, qe_json *req, qe_json **result, qe_error *err) {
  *result = NULL;
  srv_clamp_limit(req, "limit");
  qe_json *sel = take_selector(req);
  srv_targets t;
  int rc = srv_coll_targets(c, sel, SRV_READ, &t, err);
  qe_json_free(sel);
  if (rc) return rc;
  const srv_group *one_group = NULL;
  srv_shard *one = only_shard(&t, &one_group);
  if (one) { /* one shard answers as it is: no copies */
    rc = qe_shard_scroll(one->sh, req, result, err);
    if (!rc) tag_all(qe_json_object_get(*result, "points"), one_group);
    srv_targets_free(&t);
    return rc;
  }
  uint64_t limit = 10;
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  const qe_json *ob = qe_json_object_get(req, "order_by");
  bool ordered = ob && qe_json_kind_of(ob) != QE_JSON_NULL;
  int sign = 0;
  if (ordered) {
    const char *dir = qe_json_get_string(qe_json_object_get(ob, "direction"), NULL);
    sign = dir && strcmp(dir, "desc") == 0 ? 1 : -1;
  }
  entries e = {0};
  qe_json *nexts = qe_json_new_array();
  for (size_t g = 0; g < t.ngroups && !rc; g++) {
    for (size_t i = 0; i < t.groups[g].n && !rc; i++) {
      qe_json *copy = qe_json_clone(req), *res = NULL;
      if (!copy) {
        rc = oom(err);
        break;
      }
      rc = qe_shard_scroll(t.groups[g].shards[i]->sh, copy, &res, err);
      qe_json_free(copy);
      if (!rc && absorb(&e, qe_json_object_get(res, "points"), &t.groups[g],
                        ordered ? "order_value" : NULL, sign))
        rc = oom(err);
      const qe_json *nx = qe_json_object_get(res, "next_page_offset");
      if (!rc && nx && qe_json_kind_of(nx) != QE_JSON_NULL)
        qe_json_array_push(nexts, qe_json_clone(nx));
      qe_json_free(res);
    }
  }
  srv_targets_free(&t);
  if (rc) {
    entries_free(&e);
    qe_json_free(nexts);
    return rc;
  }
  qe_json *next = NULL;
  if (!ordered) {
    /* the first id after the page among everything the shards saw */
    if (e.n) qsort(e.v, e.n, sizeof *e.v, cmp_entry);
    const qe_json *best = e.n > limit ? e.v[limit].id : NULL;
    for (size_t i = 0; i < qe_json_array_len(nexts); i++) {
      const qe_json *nx = qe_json_array_at(nexts, i);
      if (!best || srv_id_cmp(nx, best) < 0) best = nx;
    }
    next = best ? qe_json_clone(best) : qe_json_new_null();
  } else {
    next = qe_json_new_null();
  }
  qe_json_free(nexts);
  qe_json *out = qe_json_new_object();
  qe_json_object_set(out, "points", slice(&e, 0, limit));
  qe_json_object_set(out, "next_page_offset", next);
  *result = out;
  return 0;
}

/* ------------------------------------------------------------ count, facet */

int srv_count(srv_collection *c, qe_json *req, uint64_t *count, qe_error *err) {
  *count = 0;
  qe_json *sel = take_selector(req);
  srv_targets t;
  int rc = srv_coll_targets(c, sel, SRV_READ, &t, err);
  qe_json_free(sel);
  if (rc) return rc;
  for (size_t g = 0; g < t.ngroups && !rc; g++) {
    for (size_t i = 0; i < t.groups[g].n && !rc; i++) {
      qe_json *copy = qe_json_clone(req);
      uint64_t n = 0;
      rc = copy ? qe_shard_count(t.groups[g].shards[i]->sh, copy, &n, err) : oom(err);
      qe_json_free(copy);
      *count += n;
    }
  }
  srv_targets_free(&t);
  return rc;
}

/* per-shard facet limit when merging several shards */
#define SRV_FACET_ALL 1000000u

typedef struct hitv {
  qe_json *value;
  uint64_t count;
} hitv;

static int cmp_hit(const void *pa, const void *pb) {
  const hitv *a = pa, *b = pb;
  if (a->count != b->count) return a->count < b->count ? 1 : -1;
  /* equal counts: values in ascending order (numbers, then strings) */
  bool na = qe_json_is_number(a->value), nb = qe_json_is_number(b->value);
  if (na != nb) return na ? -1 : 1;
  if (na) {
    double x = qe_json_get_double(a->value), y = qe_json_get_double(b->value);
    return x < y ? -1 : x > y;
  }
  if (qe_json_kind_of(a->value) == QE_JSON_BOOL)
    return (int)qe_json_get_bool(a->value) - (int)qe_json_get_bool(b->value);
  const char *sa = qe_json_get_string(a->value, NULL), *sb = qe_json_get_string(b->value, NULL);
  return strcmp(sa ? sa : "", sb ? sb : "");
}

int srv_facet(srv_collection *c, qe_json *req, qe_json **result, qe_error *err) {
  *result = NULL;
  srv_clamp_limit(req, "limit");
  qe_json *sel = take_selector(req);
  srv_targets t;
  int rc = srv_coll_targets(c, sel, SRV_READ, &t, err);
  qe_json_free(sel);
  if (rc) return rc;
  uint64_t limit = 10;
  qe_json_get_u64(qe_json_object_get(req, "limit"), &limit);
  size_t total = 0;
  for (size_t g = 0; g < t.ngroups; g++)
    total += t.groups[g].n;
  /* a value can be rare in one shard and common overall: with several
   * shards, every shard reports all its values */
  if (total > 1) qe_json_object_set(req, "limit", qe_json_new_uint(SRV_FACET_ALL));
  hitv *hits = NULL;
  size_t n = 0, cap = 0;
  for (size_t g = 0; g < t.ngroups && !rc; g++) {
    for (size_t i = 0; i < t.groups[g].n && !rc; i++) {
      qe_json *copy = qe_json_clone(req), *res = NULL;
      rc = copy ? qe_shard_facet(t.groups[g].shards[i]->sh, copy, &res, err) : oom(err);
      qe_json_free(copy);
      const qe_json *hs = qe_json_object_get(res, "hits");
      for (size_t k = 0; !rc && k < qe_json_array_len(hs); k++) {
        const qe_json *h = qe_json_array_at(hs, k);
        const qe_json *v = qe_json_object_get(h, "value");
        uint64_t cnt = 0;
        qe_json_get_u64(qe_json_object_get(h, "count"), &cnt);
        size_t j = 0;
        while (j < n && !qe_json_equal(hits[j].value, v))
          j++;
        if (j == n) {
          if (n == cap) {
            cap = cap ? cap * 2 : 32;
            hitv *nh = realloc(hits, cap * sizeof *nh);
            if (!nh) {
              rc = oom(err);
              break;
            }
            hits = nh;
          }
          hits[n].value = qe_json_clone(v);
          hits[n++].count = 0;
        }
        hits[j].count += cnt;
      }
      qe_json_free(res);
    }
  }
  srv_targets_free(&t);
  if (n) qsort(hits, n, sizeof *hits, cmp_hit);
  qe_json *arr = qe_json_new_array();
  for (size_t i = 0; i < n; i++) {
    if (!rc && i < limit) {
      qe_json *h = qe_json_new_object();
      qe_json_object_set(h, "value", hits[i].value);
      qe_json_object_set(h, "count", qe_json_new_uint(hits[i].count));
      qe_json_array_push(arr, h);
    } else {
      qe_json_free(hits[i].value);
    }
  }
  free(hits);
  if (rc) {
    qe_json_free(arr);
    return rc;
  }
  qe_json *out = qe_json_new_object();
  qe_json_object_set(out, "hits", arr);
  *result = out;
  return 0;
}

/* ------------------------------------------------------------ retrieve */

typedef struct bucket {
  srv_shard *shard;
  const srv_group *group;
  qe_json *ids; /* ids for this shard */
  size_t *pos;  /* their positions in the request */
  size_t n, cap;
} bucket;

typedef struct placed {
  size_t pos;
  qe_json *rec;
} placed;

static int cmp_placed(const void *pa, const void *pb) {
  const placed *a = pa, *b = pb;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int srv_retrieve(srv_collection *c, const qe_json *selector, const qe_json *ids,
                 const qe_json *with_payload, const qe_json *with_vector, qe_json **records,
                 qe_error *err) {
  *records = NULL;
  srv_targets t;
  int rc = srv_coll_targets(c, selector, SRV_READ, &t, err);
  if (rc) return rc;
  size_t nb = 0;
  for (size_t g = 0; g < t.ngroups; g++)
    nb += t.groups[g].n;
  bucket *b = calloc(nb ? nb : 1, sizeof *b);
  size_t used = 0;
  size_t nids = qe_json_array_len(ids);
  placed *out = calloc(nids * (t.ngroups ? t.ngroups : 1) + 1, sizeof *out);
  size_t nout = 0;
  if (!b || !out) rc = oom(err);
  for (size_t g = 0; g < t.ngroups && !rc; g++) {
    for (size_t i = 0; i < nids && !rc; i++) {
      const qe_json *id = qe_json_array_at(ids, i);
      srv_shard *s = srv_group_route(&t.groups[g], id);
      if (!s) continue;
      size_t k = 0;
      while (k < used && b[k].shard != s)
        k++;
      if (k == used) {
        b[used].shard = s;
        b[used].group = &t.groups[g];
        b[used].ids = qe_json_new_array();
        used++;
      }
      if (b[k].n == b[k].cap) {
        b[k].cap = b[k].cap ? b[k].cap * 2 : 16;
        size_t *np = realloc(b[k].pos, b[k].cap * sizeof *np);
        if (!np) {
          rc = oom(err);
          break;
        }
        b[k].pos = np;
      }
      b[k].pos[b[k].n++] = i;
      qe_json_array_push(b[k].ids, qe_json_clone(id));
    }
  }
  for (size_t k = 0; k < used && !rc; k++) {
    qe_json *req = qe_json_new_object();
    qe_json_object_set(req, "ids", b[k].ids);
    b[k].ids = NULL;
    if (with_payload) qe_json_object_set(req, "with_payload", qe_json_clone(with_payload));
    if (with_vector) qe_json_object_set(req, "with_vector", qe_json_clone(with_vector));
    qe_json *recs = NULL;
    rc = qe_shard_retrieve(b[k].shard->sh, req, &recs, err);
    qe_json_free(req);
    /* records come back in request order, missing ids skipped */
    size_t j = 0;
    for (size_t r = 0; !rc && r < qe_json_array_len(recs); r++) {
      const qe_json *rec = qe_json_array_at(recs, r);
      const qe_json *rid = qe_json_object_get(rec, "id");
      while (j < b[k].n && srv_id_cmp(qe_json_array_at(ids, b[k].pos[j]), rid) != 0)
        j++;
      qe_json *copy = qe_json_clone(rec);
      tag_key(copy, b[k].group);
      out[nout].pos = j < b[k].n ? b[k].pos[j] : SIZE_MAX;
      out[nout++].rec = copy;
      if (j < b[k].n) j++;
    }
    qe_json_free(recs);
  }
  if (nout) qsort(out, nout, sizeof *out, cmp_placed);
  qe_json *arr = rc ? NULL : qe_json_new_array();
  for (size_t i = 0; i < nout; i++) {
    if (arr)
      qe_json_array_push(arr, out[i].rec);
    else
      qe_json_free(out[i].rec);
  }
  for (size_t k = 0; b && k < used; k++) {
    qe_json_free(b[k].ids);
    free(b[k].pos);
  }
  free(b);
  free(out);
  srv_targets_free(&t);
  if (rc) return rc;
  *records = arr;
  return arr ? 0 : oom(err);
}

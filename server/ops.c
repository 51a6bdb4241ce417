/* ops.c — updates routed to shards (see ops.h). */
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qedge/base.h"

static int oom(qe_error *err) {
  return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
}

static int run(srv_shard *s, const char *name, qe_json *args, uint64_t *seq, qe_error *err) {
  qe_json *op = qe_json_new_object();
  if (!op || qe_json_object_set(op, name, args)) {
    qe_json_free(op);
    return oom(err);
  }
  uint64_t n = 0;
  int rc = qe_shard_update(s->sh, op, &n, err);
  qe_json_free(op);
  if (!rc && n > *seq) *seq = n;
  return rc;
}

typedef struct part {
  srv_shard *shard;
  qe_json *items;
  size_t *orig; /* position of each item in the request */
  size_t n, cap;
} part;

/* REST name of an edge operation's field */
static const char *rest_field(const char *f, size_t n) {
  static const char *const map[][2] = {{"point_ids", "points"},
                                       {"point_vectors", "points"},
                                       {"vector_names", "vector"},
                                       {"condition", "update_filter"}};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strlen(map[i][0]) == n && memcmp(map[i][0], f, n) == 0) return map[i][1];
  return NULL;
}

/* Make an engine error path name the request body: drop the operation
 * name, use REST field names, and index items as the request did. */
static void fix_path(qe_error *err, const char *name, const part *pt) {
  char *p = err->path;
  size_t nl = strlen(name);
  char out[QE_ERROR_PATH_MAX];
  if (strncmp(p, name, nl) == 0 && (p[nl] == '.' || p[nl] == 0)) p += nl + (p[nl] == '.');
  size_t fl = strcspn(p, ".[");
  const char *rest = rest_field(p, fl);
  const char *tail = p + fl;
  char idx[32] = "";
  if (pt && *tail == '[') {
    char *end = NULL;
    unsigned long long k = strtoull(tail + 1, &end, 10);
    if (end && *end == ']' && k < pt->n) {
      snprintf(idx, sizeof idx, "[%zu]", pt->orig[k]);
      tail = end + 1;
    }
  }
  snprintf(out, sizeof out, "%.*s%s%.200s", rest ? (int)strlen(rest) : (int)fl, rest ? rest : p,
           idx, tail);
  memcpy(err->path, out, sizeof out);
}

int srv_apply(srv_collection *c, const qe_json *selector, srv_select mode, const char *name,
              qe_json *args, const char *ids_field, uint64_t *seq, qe_error *err) {
  *seq = 0;
  srv_targets t;
  int rc = srv_coll_targets(c, selector, mode, &t, err);
  if (rc) {
    qe_json_free(args);
    return rc;
  }
  if (!ids_field) {
    for (size_t g = 0; g < t.ngroups && !rc; g++)
      for (size_t i = 0; i < t.groups[g].n && !rc; i++) {
        qe_json *a = qe_json_clone(args);
        rc = a ? run(t.groups[g].shards[i], name, a, seq, err) : oom(err);
        if (rc && err) fix_path(err, name, NULL);
      }
    srv_targets_free(&t);
    qe_json_free(args);
    return rc;
  }
  size_t total = 0;
  srv_shard *only = NULL;
  for (size_t g = 0; g < t.ngroups; g++) {
    total += t.groups[g].n;
    if (t.groups[g].n) only = t.groups[g].shards[0];
  }
  if (total == 1) { /* one shard takes the whole operation: no copies */
    srv_targets_free(&t);
    rc = run(only, name, args, seq, err);
    if (rc && err) fix_path(err, name, NULL);
    return rc;
  }
  qe_json *items = qe_json_object_take(args, ids_field, strlen(ids_field));
  part *parts = calloc(total ? total : 1, sizeof *parts);
  size_t np = 0;
  if (!parts) rc = oom(err);
  for (size_t g = 0; g < t.ngroups && !rc; g++) {
    for (size_t i = 0; i < qe_json_array_len(items) && !rc; i++) {
      const qe_json *it = qe_json_array_at(items, i);
      const qe_json *id = qe_json_kind_of(it) == QE_JSON_OBJECT ? qe_json_object_get(it, "id") : it;
      srv_shard *s = srv_group_route(&t.groups[g], id);
      if (!s) continue;
      size_t k = 0;
      while (k < np && parts[k].shard != s)
        k++;
      if (k == np) {
        parts[np].shard = s;
        parts[np++].items = qe_json_new_array();
      }
      part *pt = &parts[k];
      if (pt->n == pt->cap) {
        pt->cap = pt->cap ? pt->cap * 2 : 16;
        size_t *no = realloc(pt->orig, pt->cap * sizeof *no);
        if (!no) {
          rc = oom(err);
          break;
        }
        pt->orig = no;
      }
      pt->orig[pt->n++] = i;
      if (qe_json_array_push(pt->items, qe_json_clone(it))) rc = oom(err);
    }
  }
  /* the engine validates an empty list too; keep its answer for no points */
  if (!rc && np == 0 && t.ngroups && t.groups[0].n) {
    parts[0].shard = t.groups[0].shards[0];
    parts[0].items = qe_json_new_array();
    np = 1;
  }
  for (size_t k = 0; k < np; k++) {
    if (!rc) {
      qe_json *a = qe_json_clone(args);
      if (!a || qe_json_object_set(a, ids_field, parts[k].items)) {
        qe_json_free(a);
        rc = oom(err);
      } else {
        rc = run(parts[k].shard, name, a, seq, err);
        if (rc && err) fix_path(err, name, &parts[k]);
      }
    } else {
      qe_json_free(parts[k].items);
    }
    free(parts[k].orig);
  }
  free(parts);
  qe_json_free(items);
  qe_json_free(args);
  srv_targets_free(&t);
  return rc;
}

qe_json *srv_update_result(uint64_t seq, bool wait) {
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "operation_id", qe_json_new_uint(seq));
  qe_json_object_set(r, "status", qe_json_new_cstr(wait ? "completed" : "acknowledged"));
  return r;
}

/* ------------------------------------------------------------ REST -> edge */

static const qe_json *get(const qe_json *o, const char *k) {
  const qe_json *v = qe_json_object_get(o, k);
  return qe_json_kind_of(v) == QE_JSON_NULL ? NULL : v;
}

static int set_clone(qe_json *dst, const char *k, const qe_json *v) {
  return v ? qe_json_object_set(dst, k, qe_json_clone(v)) : 0;
}

/* PointsBatch {ids, vectors, payloads} as a list of PointStruct */
static qe_json *batch_points(const qe_json *batch, qe_error *err) {
  const qe_json *ids = get(batch, "ids");
  const qe_json *vectors = get(batch, "vectors");
  const qe_json *payloads = get(batch, "payloads");
  size_t n = qe_json_array_len(ids);
  bool named = qe_json_kind_of(vectors) == QE_JSON_OBJECT;
  if (!named && qe_json_array_len(vectors) != n) {
    qe_error_set(err, QE_EINVAL, "batch.vectors", "%zu vectors given for %zu ids",
                 qe_json_array_len(vectors), n);
    return NULL;
  }
  for (size_t k = 0; named && k < qe_json_object_len(vectors); k++)
    if (qe_json_array_len(qe_json_object_value_at(vectors, k)) != n) {
      qe_error_set(err, QE_EINVAL, "batch.vectors", "vector %s: %zu vectors given for %zu ids",
                   qe_json_object_key_at(vectors, k, NULL),
                   qe_json_array_len(qe_json_object_value_at(vectors, k)), n);
      return NULL;
    }
  if (payloads && qe_json_array_len(payloads) != n) {
    qe_error_set(err, QE_EINVAL, "batch.payloads", "%zu payloads given for %zu ids",
                 qe_json_array_len(payloads), n);
    return NULL;
  }
  qe_json *out = qe_json_new_array();
  for (size_t i = 0; out && i < n; i++) {
    qe_json *p = qe_json_new_object();
    qe_json_object_set(p, "id", qe_json_clone(qe_json_array_at(ids, i)));
    if (named) {
      qe_json *v = qe_json_new_object();
      for (size_t k = 0; k < qe_json_object_len(vectors); k++) {
        size_t kl;
        const char *key = qe_json_object_key_at(vectors, k, &kl);
        const qe_json *x = qe_json_array_at(qe_json_object_value_at(vectors, k), i);
        if (qe_json_kind_of(x) != QE_JSON_NULL) qe_json_object_setn(v, key, kl, qe_json_clone(x));
      }
      qe_json_object_set(p, "vector", v);
    } else {
      qe_json_object_set(p, "vector", qe_json_clone(qe_json_array_at(vectors, i)));
    }
    const qe_json *pl = payloads ? qe_json_array_at(payloads, i) : NULL;
    if (pl && qe_json_kind_of(pl) != QE_JSON_NULL)
      qe_json_object_set(p, "payload", qe_json_clone(pl));
    qe_json_array_push(out, p);
  }
  if (!out) oom(err);
  return out;
}

/* ------------------------------------------------------------ vector check */

/* The dense settings of vector `name` ("" = unnamed), or NULL. */
static const qe_json *dense_params(const srv_collection *c, const char *name) {
  const qe_json *v = qe_json_object_get(srv_coll_body(c), "vectors");
  if (qe_json_object_get(v, "size")) return *name ? NULL : v;
  return qe_json_object_get(v, name);
}

static bool is_sparse_name(const srv_collection *c, const char *name) {
  return qe_json_object_get(qe_json_object_get(srv_coll_body(c), "sparse_vectors"), name) != NULL;
}

static int check_dense(const qe_json *params, const qe_json *v, const char *path, qe_error *err) {
  uint64_t dim = 0;
  qe_json_get_u64(qe_json_object_get(params, "size"), &dim);
  const qe_json *mv = qe_json_object_get(params, "multivector_config");
  bool multi = mv && qe_json_kind_of(mv) != QE_JSON_NULL;
  if (qe_json_kind_of(v) == QE_JSON_OBJECT) return 0; /* a document or image */
  size_t rows = multi && qe_json_kind_of(v) == QE_JSON_ARRAY ? qe_json_array_len(v) : 1;
  for (size_t r = 0; r < rows; r++) {
    const qe_json *row = multi && qe_json_kind_of(v) == QE_JSON_ARRAY ? qe_json_array_at(v, r) : v;
    qe_json_kind rk = qe_json_kind_of(row);
    if (rk != QE_JSON_F32 && rk != QE_JSON_ARRAY) continue; /* the engine reports the shape */
    size_t n = qe_json_array_len(row);
    if (n != dim)
      return qe_error_set(err, QE_EINVAL, path,
                          "Vector dimension error: expected dim: %llu, got %zu",
                          (unsigned long long)dim, n);
  }
  return 0;
}

/* Check every point's vectors against the collection's settings before any
 * shard applies its part, so a bad point changes nothing on any shard. */
static int check_vectors(const srv_collection *c, const qe_json *points, const char *field,
                         qe_error *err) {
  char path[QE_ERROR_PATH_MAX];
  for (size_t i = 0; i < qe_json_array_len(points); i++) {
    const qe_json *v = qe_json_object_get(qe_json_array_at(points, i), "vector");
    snprintf(path, sizeof path, "%s[%zu].vector", field, i);
    /* absent, null, or {} (which the check may have read as an empty array) */
    if (!v || qe_json_kind_of(v) == QE_JSON_NULL ||
        qe_json_object_len(v) + qe_json_array_len(v) == 0)
      continue;
    if (qe_json_kind_of(v) != QE_JSON_OBJECT || qe_json_object_get(v, "indices")) {
      if (qe_json_kind_of(v) == QE_JSON_OBJECT) continue;
      const qe_json *p = dense_params(c, "");
      if (!p) return qe_error_set(err, QE_EINVAL, path, "Not existing vector name error: ");
      if (check_dense(p, v, path, err)) return err ? err->code : QE_EINVAL;
      continue;
    }
    if (qe_json_object_get(v, "text") || qe_json_object_get(v, "image") ||
        qe_json_object_get(v, "object"))
      continue; /* inference objects */
    for (size_t k = 0; k < qe_json_object_len(v); k++) {
      const char *name = qe_json_object_key_at(v, k, NULL);
      char npath[QE_ERROR_PATH_MAX];
      snprintf(npath, sizeof npath, "%.200s.%.50s", path, name);
      const qe_json *p = dense_params(c, name);
      if (!p) {
        if (is_sparse_name(c, name)) continue;
        return qe_error_set(err, QE_EINVAL, npath, "Not existing vector name error: %s", name);
      }
      if (check_dense(p, qe_json_object_value_at(v, k), npath, err))
        return err ? err->code : QE_EINVAL;
    }
  }
  return 0;
}

int srv_points_update(srv_collection *c, const char *kind, const qe_json *body, uint64_t *seq,
                      qe_error *err) {
  const qe_json *sel = get(body, "shard_key");
  qe_json *a = qe_json_new_object();
  if (!a) return oom(err);
  const qe_json *ids = get(body, "points");
  const qe_json *filter = get(body, "filter");
  const char *op = NULL, *ids_field = NULL;
  srv_select mode = SRV_WRITE;
  int rc = 0;
  if (strcmp(kind, "upsert") == 0) {
    mode = SRV_WRITE_NEW;
    op = "upsert_points";
    ids_field = "points";
    const qe_json *batch = get(body, "batch");
    qe_json *pts = batch ? batch_points(batch, err) : qe_json_clone(get(body, "points"));
    if (!pts) {
      qe_json_free(a);
      return err && err->code ? err->code : oom(err);
    }
    if (check_vectors(c, pts, batch ? "batch" : "points", err)) {
      qe_json_free(pts);
      qe_json_free(a);
      return err ? err->code : QE_EINVAL;
    }
    rc |= qe_json_object_set(a, "points", pts);
    rc |= set_clone(a, "condition", get(body, "update_filter"));
    rc |= set_clone(a, "update_mode", get(body, "update_mode"));
  } else if (strcmp(kind, "update_vectors") == 0) {
    op = "update_vectors";
    ids_field = "point_vectors";
    if (check_vectors(c, ids, "points", err)) {
      qe_json_free(a);
      return err ? err->code : QE_EINVAL;
    }
    rc |= set_clone(a, "point_vectors", ids);
    rc |= set_clone(a, "condition", get(body, "update_filter"));
  } else {
    /* selectors: by ids or by filter */
    bool by_ids = ids != NULL;
    if (!by_ids && !filter) {
      qe_json_free(a);
      return qe_error_set(err, QE_EINVAL, NULL,
                          "Either list of point ids or filter must be provided");
    }
    if (by_ids) {
      ids_field = "point_ids";
      rc |= set_clone(a, "point_ids", ids);
    } else {
      rc |= set_clone(a, "filter", filter);
    }
    const char *base;
    if (strcmp(kind, "delete") == 0) {
      base = "delete_points";
    } else if (strcmp(kind, "set_payload") == 0 || strcmp(kind, "overwrite_payload") == 0) {
      base = kind;
      rc |= set_clone(a, "payload", get(body, "payload"));
      if (strcmp(kind, "set_payload") == 0) rc |= set_clone(a, "key", get(body, "key"));
    } else if (strcmp(kind, "delete_payload") == 0) {
      base = kind;
      rc |= set_clone(a, "keys", get(body, "keys"));
    } else if (strcmp(kind, "clear_payload") == 0) {
      base = kind;
    } else if (strcmp(kind, "delete_vectors") == 0) {
      base = kind;
      rc |= set_clone(a, "vector_names", get(body, "vector"));
    } else {
      qe_json_free(a);
      return qe_error_set(err, QE_EINTERNAL, NULL, "unknown update kind %s", kind);
    }
    if (by_ids) {
      op = base;
    } else if (strcmp(base, "delete_points") == 0) {
      op = "delete_points_by_filter";
    } else if (strcmp(base, "set_payload") == 0) {
      op = "set_payload_by_filter";
    } else if (strcmp(base, "overwrite_payload") == 0) {
      op = "overwrite_payload_by_filter";
    } else if (strcmp(base, "delete_payload") == 0) {
      op = "delete_payload_by_filter";
    } else if (strcmp(base, "clear_payload") == 0) {
      op = "clear_payload_by_filter";
    } else {
      op = "delete_vectors_by_filter";
    }
  }
  if (rc) {
    qe_json_free(a);
    return oom(err);
  }
  return srv_apply(c, sel, mode, op, a, ids_field, seq, err);
}

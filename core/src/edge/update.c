/* update.c — update operations: checked whole against the current state,
 * logged, then applied. The same apply path replays the log on open. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "jsonpath.h"
#include "qedge/model.h"
#include "shard_internal.h"

/* ------------------------------------------------------------ vectors in */

/* One vector of an incoming point, pointing into the request tree. */
typedef struct vec_in {
  size_t vi;             /* configured vector index */
  const float *dense;    /* dense data (dim floats) */
  const qe_json *multi;  /* array of f32 rows */
  const qe_json *sparse; /* SparseVector object */
} vec_in;

typedef struct vec_list {
  vec_in items[64];
  size_t n;
} vec_list;

static int dim_error(qe_error *err, const char *path, uint32_t want, size_t got, const char *name) {
  if (name[0])
    return qe_error_set(err, QE_EINVAL, path,
                        "Vector dimension error: expected dim: %u, got %zu for vector '%s'", want,
                        got, name);
  return qe_error_set(err, QE_EINVAL, path, "Vector dimension error: expected dim: %u, got %zu",
                      want, got);
}

/* Check one named vector value against its configuration. */
static int check_one(const qe_shard *s, const char *name, size_t nlen, const qe_json *v,
                     const char *path, vec_list *out, qe_error *err) {
  int vi = qe_config_find(&s->config, name, nlen);
  if (vi < 0)
    return qe_error_set(err, QE_EINVAL, path, "Not existing vector name error: %.*s", (int)nlen,
                        name);
  const qe_vec_conf *vc = &s->config.vecs[vi];
  vec_in in = {(size_t)vi, NULL, NULL, NULL};
  qe_json_kind k = qe_json_kind_of(v);
  if (vc->sparse) {
    if (k != QE_JSON_OBJECT)
      return qe_error_set(err, QE_EINVAL, path, "vector '%s' is sparse: expected {indices, values}",
                          vc->name);
    const qe_json *idx = qe_json_object_get(v, "indices");
    const qe_json *val = qe_json_object_get(v, "values");
    size_t n = qe_json_array_len(idx);
    if (n != qe_json_array_len(val))
      return qe_error_set(err, QE_EINVAL, path,
                          "sparse vector indices and values must have the same length (%zu != %zu)",
                          n, qe_json_array_len(val));
    for (size_t i = 0; i < n; i++) {
      uint64_t a;
      if (!qe_json_get_u64(qe_json_array_at(idx, i), &a) || a > UINT32_MAX)
        return qe_error_set(err, QE_EINVAL, path, "sparse vector index %zu is out of range", i);
      for (size_t j = 0; j < i; j++) {
        uint64_t b;
        qe_json_get_u64(qe_json_array_at(idx, j), &b);
        if (a == b && n < 4096)
          return qe_error_set(err, QE_EINVAL, path, "sparse vector indices must be unique (%llu)",
                              (unsigned long long)a);
      }
    }
    in.sparse = v;
  } else if (vc->multi) {
    if (k != QE_JSON_ARRAY || qe_json_array_len(v) == 0)
      return qe_error_set(err, QE_EINVAL, path,
                          "vector '%s' is a multivector: expected a non-empty list of vectors",
                          vc->name);
    for (size_t i = 0; i < qe_json_array_len(v); i++) {
      size_t n;
      if (!qe_json_f32_data(qe_json_array_at(v, i), &n))
        return qe_error_set(err, QE_EINVAL, path, "multivector rows must be vectors");
      if (n != vc->dim) return dim_error(err, path, vc->dim, n, vc->name);
    }
    in.multi = v;
  } else {
    size_t n;
    const float *d = qe_json_f32_data(v, &n);
    if (!d) {
      if (k == QE_JSON_OBJECT)
        return qe_error_set(err, QE_EINVAL, path, "vector '%s' is dense: got a sparse vector",
                            vc->name);
      return qe_error_set(err, QE_EINVAL, path, "vector '%s' is dense: expected a list of numbers",
                          vc->name);
    }
    if (n != vc->dim) return dim_error(err, path, vc->dim, n, vc->name);
    in.dense = d;
  }
  for (size_t i = 0; i < out->n; i++)
    if (out->items[i].vi == in.vi)
      return qe_error_set(err, QE_EINVAL, path, "vector '%s' is given twice", vc->name);
  if (out->n == sizeof out->items / sizeof out->items[0])
    return qe_error_set(err, QE_ELIMIT, path, "too many vectors in one point");
  out->items[out->n++] = in;
  return QE_OK;
}

/* Parse a VectorStruct (already coerced by the registry). */
static int parse_vectors(const qe_shard *s, const qe_json *v, const char *path, vec_list *out,
                         qe_error *err) {
  out->n = 0;
  qe_json_kind k = qe_json_kind_of(v);
  if (k == QE_JSON_F32 || k == QE_JSON_ARRAY) return check_one(s, "", 0, v, path, out, err);
  if (k != QE_JSON_OBJECT)
    return qe_error_set(err, QE_EINVAL, path, "expected a vector, a multivector or named vectors");
  if (qe_json_object_get(v, "indices") && qe_json_object_get(v, "values") &&
      qe_json_object_len(v) == 2 && qe_config_find(&s->config, "indices", 7) < 0)
    return check_one(s, "", 0, v, path, out, err);
  for (size_t i = 0; i < qe_json_object_len(v); i++) {
    size_t kl;
    const char *name = qe_json_object_key_at(v, i, &kl);
    char sub[QE_ERROR_PATH_MAX];
    snprintf(sub, sizeof sub, "%s.%.*s", path, (int)kl, name);
    int rc = check_one(s, name, kl, qe_json_object_value_at(v, i), sub, out, err);
    if (rc) return rc;
  }
  return QE_OK;
}

/* Store one vector into row `row` (the last row) of the mutable segment. */
static int store_vec(qe_shard *s, qe_segment *m, size_t row, const vec_in *in) {
  const qe_vec_conf *vc = &s->config.vecs[in->vi];
  qe_seg_vecs *dst = qe_segment_vecs(m, vc->name);
  if (!dst) return QE_EINTERNAL;
  if (in->dense) {
    if (qe_segment_set_dense(m, dst, row, in->dense)) return QE_ENOMEM;
    if (vc->dist == QE_DIST_COSINE) qe_vector_normalize(dst->data + row * vc->dim, vc->dim);
    return QE_OK;
  }
  if (in->multi) {
    size_t rows = qe_json_array_len(in->multi);
    float *buf = qe_malloc(rows * vc->dim * sizeof(float));
    if (!buf) return QE_ENOMEM;
    for (size_t i = 0; i < rows; i++) {
      memcpy(buf + i * vc->dim, qe_json_f32_data(qe_json_array_at(in->multi, i), NULL),
             vc->dim * sizeof(float));
      if (vc->dist == QE_DIST_COSINE) qe_vector_normalize(buf + i * vc->dim, vc->dim);
    }
    int rc = qe_segment_set_multi(m, dst, row, buf, rows);
    qe_free(buf);
    return rc;
  }
  const qe_json *idx = qe_json_object_get(in->sparse, "indices");
  const qe_json *val = qe_json_object_get(in->sparse, "values");
  size_t n = qe_json_array_len(idx);
  uint32_t *ii = qe_malloc((n ? n : 1) * sizeof *ii);
  float *vv = qe_malloc((n ? n : 1) * sizeof *vv);
  if (!ii || !vv) {
    qe_free(ii);
    qe_free(vv);
    return QE_ENOMEM;
  }
  const float *vf = qe_json_f32_data(val, NULL);
  for (size_t i = 0; i < n; i++) {
    uint64_t a = 0;
    qe_json_get_u64(qe_json_array_at(idx, i), &a);
    ii[i] = (uint32_t)a;
    vv[i] = vf ? vf[i] : (float)qe_json_get_double(qe_json_array_at(val, i));
  }
  /* keep sparse vectors sorted by index (insertion sort: usually sorted) */
  for (size_t i = 1; i < n; i++) {
    uint32_t ki = ii[i];
    float kv = vv[i];
    size_t j = i;
    for (; j > 0 && ii[j - 1] > ki; j--) {
      ii[j] = ii[j - 1];
      vv[j] = vv[j - 1];
    }
    ii[j] = ki;
    vv[j] = kv;
  }
  int rc = qe_segment_set_sparse(m, dst, row, ii, vv, n);
  qe_free(ii);
  qe_free(vv);
  return rc;
}

/* ------------------------------------------------------------ helpers */

static const char *const op_names[] = {"upsert_points",
                                       "delete_points",
                                       "delete_points_by_filter",
                                       "update_vectors",
                                       "delete_vectors",
                                       "delete_vectors_by_filter",
                                       "set_payload",
                                       "set_payload_by_filter",
                                       "overwrite_payload",
                                       "overwrite_payload_by_filter",
                                       "delete_payload",
                                       "delete_payload_by_filter",
                                       "clear_payload",
                                       "clear_payload_by_filter",
                                       "create_field_index",
                                       "delete_field_index",
                                       "create_dense_vector",
                                       "create_sparse_vector",
                                       "delete_vector_name"};
enum {
  OP_UPSERT,
  OP_DELETE,
  OP_DELETE_F,
  OP_UPD_VEC,
  OP_DEL_VEC,
  OP_DEL_VEC_F,
  OP_SET,
  OP_SET_F,
  OP_OVERWRITE,
  OP_OVERWRITE_F,
  OP_DEL_PAY,
  OP_DEL_PAY_F,
  OP_CLEAR,
  OP_CLEAR_F,
  OP_CREATE_IDX,
  OP_DELETE_IDX,
  OP_CREATE_DENSE,
  OP_CREATE_SPARSE,
  OP_DELETE_VEC_NAME,
  OP_COUNT
};

/* Which operation an EdgeUpdateOperation holds; -1 unless exactly one. */
static int op_kind(const qe_json *op, const qe_json **body, qe_error *err) {
  int found = -1;
  for (int i = 0; i < OP_COUNT; i++) {
    const qe_json *b = qe_json_object_get(op, op_names[i]);
    if (!b || qe_json_kind_of(b) == QE_JSON_NULL) continue;
    if (found >= 0) {
      qe_error_set(err, QE_EINVAL, op_names[i], "an update carries exactly one operation (also %s)",
                   op_names[found]);
      return -1;
    }
    found = i;
    *body = b;
  }
  if (found < 0) qe_error_set(err, QE_EINVAL, NULL, "an update carries exactly one operation");
  return found;
}

int qe_shard_compile_filter(const qe_shard *s, const qe_json *filter, const char *path,
                            qe_filter **out, qe_error *err) {
  *out = NULL;
  if (!filter || qe_json_kind_of(filter) == QE_JSON_NULL) return QE_OK;
  qe_error e = {0};
  int rc = qe_filter_compile_indexed(filter, s ? s->payload_schema : NULL, out, &e);
  if (rc) {
    char full[2 * QE_ERROR_PATH_MAX + 2];
    snprintf(full, sizeof full, "%s%s%s", path, e.path[0] && e.path[0] != '[' ? "." : "", e.path);
    return qe_error_set(err, rc, full, "%s", e.message);
  }
  return QE_OK;
}

typedef struct view_ctx {
  qe_shard *s;
  qe_segment *seg;
  size_t row;
} view_ctx;

static bool view_has_vector(void *ud, const char *name) {
  view_ctx *c = ud;
  int vi = qe_config_find(&c->s->config, name, strlen(name));
  return vi >= 0 && qe_shard_row_vec(c->s, c->seg, c->row, (size_t)vi) != NULL;
}

qe_point_view qe_shard_point_view(qe_shard *s, qe_segment *seg, size_t row, void *scratch) {
  view_ctx *c = scratch;
  c->s = s;
  c->seg = seg;
  c->row = row;
  qe_point_view v;
  v.id = seg->ids[row];
  v.payload = qe_segment_payload(seg, row);
  v.has_vector = view_has_vector;
  v.ud = c;
  return v;
}

/* Ids of every live point matching `f`, in storage order. */
static int select_ids(qe_shard *s, const qe_filter *f, qe_point_id **ids, size_t *n) {
  size_t cap = 64, len = 0;
  qe_point_id *out = qe_malloc(cap * sizeof *out);
  if (!out) return QE_ENOMEM;
  for (size_t si = 0; si < s->nsegs; si++) {
    qe_segment *seg = s->segs[si];
    for (size_t r = 0; r < seg->count; r++) {
      if (qe_segment_dead(seg, r)) continue;
      view_ctx vc;
      qe_point_view pv = qe_shard_point_view(s, seg, r, &vc);
      if (!qe_filter_match(f, &pv)) continue;
      if (len == cap) {
        cap *= 2;
        qe_point_id *p = qe_realloc(out, cap * sizeof *p);
        if (!p) {
          qe_free(out);
          return QE_ENOMEM;
        }
        out = p;
      }
      out[len++] = seg->ids[r];
    }
  }
  *ids = out;
  *n = len;
  return QE_OK;
}

/* Ids listed in a JSON array (already validated). */
static int list_ids(const qe_json *arr, qe_point_id **ids, size_t *n) {
  size_t len = qe_json_array_len(arr);
  qe_point_id *out = qe_malloc((len ? len : 1) * sizeof *out);
  if (!out) return QE_ENOMEM;
  for (size_t i = 0; i < len; i++)
    qe_point_id_from_json(qe_json_array_at(arr, i), &out[i]);
  *ids = out;
  *n = len;
  return QE_OK;
}

static int missing_point(qe_error *err, const char *path, const qe_point_id *id) {
  qe_json *j = qe_point_id_to_json(id);
  char *t = j ? qe_json_to_string(j, 0, NULL) : NULL;
  int rc = qe_error_set(err, QE_ENOTFOUND, path, "No point with id %s found", t ? t : "?");
  qe_free(t);
  qe_json_free(j);
  return rc;
}

/* Every id must name a live point. */
static int require_ids(qe_shard *s, const qe_json *arr, const char *path, qe_error *err) {
  for (size_t i = 0; i < qe_json_array_len(arr); i++) {
    qe_point_id id;
    qe_point_id_from_json(qe_json_array_at(arr, i), &id);
    if (!qe_idmap_get(&s->ids, &id)) {
      char p[QE_ERROR_PATH_MAX];
      snprintf(p, sizeof p, "%s[%zu]", path, i);
      return missing_point(err, p, &id);
    }
  }
  return QE_OK;
}

/* Compile an update's filter before it is logged (the caller holds the
 * write lock, so the payload indexes cannot change meanwhile): what the
 * indexes make unanswerable is refused here, not when it is applied. */
static int check_filter(const qe_shard *s, const qe_json *body, const char *key, const char *path,
                        qe_error *err) {
  qe_filter *f = NULL;
  char p[QE_ERROR_PATH_MAX];
  snprintf(p, sizeof p, "%s.%s", path, key);
  int rc = qe_shard_compile_filter(s, qe_json_object_get(body, key), p, &f, err);
  qe_filter_free(f);
  return rc;
}

static int check_path(const qe_json *v, const char *path, qe_error *err) {
  size_t len;
  const char *t = qe_json_get_string(v, &len);
  if (!t) return QE_OK;
  qe_jsonpath *jp = NULL;
  qe_error e = {0};
  int rc = qe_jsonpath_parse(t, len, &jp, &e);
  qe_jsonpath_free(jp);
  if (rc) return qe_error_set(err, QE_EINVAL, path, "%s", e.message);
  return QE_OK;
}

/* ------------------------------------------------------------ precheck */

int qe_shard_precheck(qe_shard *s, qe_json *op, qe_error *err) {
  int rc =
      qe_model_check_name("EdgeUpdateOperation", op, QE_CHECK_STRICT | QE_CHECK_COERCE, NULL, err);
  if (rc) return rc;
  const qe_json *b = NULL;
  int kind = op_kind(op, &b, err);
  if (kind < 0) return QE_EINVAL;
  const char *name = op_names[kind];
  char path[QE_ERROR_PATH_MAX];
  switch (kind) {
  case OP_UPSERT: {
    const qe_json *pts = qe_json_object_get(b, "points");
    for (size_t i = 0; i < qe_json_array_len(pts); i++) {
      const qe_json *p = qe_json_array_at(pts, i);
      snprintf(path, sizeof path, "%s.points[%zu].vector", name, i);
      vec_list vl;
      if ((rc = parse_vectors(s, qe_json_object_get(p, "vector"), path, &vl, err))) return rc;
    }
    return check_filter(s, b, "condition", name, err);
  }
  case OP_UPD_VEC: {
    const qe_json *pts = qe_json_object_get(b, "point_vectors");
    for (size_t i = 0; i < qe_json_array_len(pts); i++) {
      const qe_json *p = qe_json_array_at(pts, i);
      snprintf(path, sizeof path, "%s.point_vectors[%zu].vector", name, i);
      vec_list vl;
      if ((rc = parse_vectors(s, qe_json_object_get(p, "vector"), path, &vl, err))) return rc;
      qe_point_id id;
      qe_point_id_from_json(qe_json_object_get(p, "id"), &id);
      snprintf(path, sizeof path, "%s.point_vectors[%zu].id", name, i);
      if (!qe_idmap_get(&s->ids, &id)) return missing_point(err, path, &id);
    }
    return check_filter(s, b, "condition", name, err);
  }
  case OP_DEL_VEC:
  case OP_DEL_VEC_F: {
    const qe_json *names = qe_json_object_get(b, "vector_names");
    for (size_t i = 0; i < qe_json_array_len(names); i++) {
      size_t nl;
      const char *vn = qe_json_get_string(qe_json_array_at(names, i), &nl);
      if (qe_config_find(&s->config, vn, nl) < 0) {
        snprintf(path, sizeof path, "%s.vector_names[%zu]", name, i);
        return qe_error_set(err, QE_EINVAL, path, "Not existing vector name error: %.*s", (int)nl,
                            vn);
      }
    }
    if (kind == OP_DEL_VEC_F) return check_filter(s, b, "filter", name, err);
    snprintf(path, sizeof path, "%s.point_ids", name);
    return require_ids(s, qe_json_object_get(b, "point_ids"), path, err);
  }
  case OP_SET:
  case OP_OVERWRITE:
  case OP_DEL_PAY:
  case OP_CLEAR:
    snprintf(path, sizeof path, "%s.point_ids", name);
    if ((rc = require_ids(s, qe_json_object_get(b, "point_ids"), path, err))) return rc;
    __attribute__((fallthrough)); /* then the key paths */
  case OP_SET_F:
  case OP_OVERWRITE_F:
  case OP_DEL_PAY_F:
  case OP_CLEAR_F: {
    if (kind == OP_SET || kind == OP_SET_F) {
      snprintf(path, sizeof path, "%s.key", name);
      if ((rc = check_path(qe_json_object_get(b, "key"), path, err))) return rc;
    }
    const qe_json *keys = qe_json_object_get(b, "keys");
    for (size_t i = 0; i < qe_json_array_len(keys); i++) {
      snprintf(path, sizeof path, "%s.keys[%zu]", name, i);
      if ((rc = check_path(qe_json_array_at(keys, i), path, err))) return rc;
    }
    if (kind == OP_SET_F || kind == OP_OVERWRITE_F || kind == OP_DEL_PAY_F || kind == OP_CLEAR_F)
      return check_filter(s, b, "filter", name, err);
    return QE_OK;
  }
  case OP_DELETE_F:
    return check_filter(s, b, "filter", name, err);
  case OP_CREATE_IDX:
  case OP_DELETE_IDX:
    snprintf(path, sizeof path, "%s.field_name", name);
    return check_path(qe_json_object_get(b, "field_name"), path, err);
  case OP_CREATE_DENSE:
  case OP_CREATE_SPARSE: {
    size_t nl;
    const char *vn = qe_json_get_string(qe_json_object_get(b, "name"), &nl);
    snprintf(path, sizeof path, "%s.name", name);
    if (qe_config_find(&s->config, vn, nl) >= 0)
      return qe_error_set(err, QE_EEXIST, path, "vector name \"%.*s\" already exists", (int)nl, vn);
    qe_shard_config tmp;
    if ((rc = qe_config_clone(&s->config, &tmp)))
      return qe_error_set(err, rc, NULL, "out of memory");
    snprintf(path, sizeof path, "%s.params", name);
    rc = qe_config_add_vector(&tmp, vn, qe_json_object_get(b, "params"), kind == OP_CREATE_SPARSE,
                              err);
    qe_config_free(&tmp);
    if (rc && err) snprintf(err->path, sizeof err->path, "%s", path);
    return rc;
  }
  case OP_DELETE_VEC_NAME: {
    size_t nl;
    const char *vn = qe_json_get_string(qe_json_object_get(b, "name"), &nl);
    snprintf(path, sizeof path, "%s.name", name);
    if (qe_config_find(&s->config, vn, nl) < 0)
      return qe_error_set(err, QE_EINVAL, path, "Not existing vector name error: %.*s", (int)nl,
                          vn);
    return QE_OK;
  }
  default:
    return QE_OK;
  }
}

/* ------------------------------------------------------------ apply */

/* Remove the live copy of `id` (if any); record a tombstone. */
static int delete_point(qe_shard *s, const qe_point_id *id, uint64_t seq) {
  qe_loc *loc = qe_idmap_get(&s->ids, id);
  if (!loc) return QE_OK;
  qe_segment_kill(s->segs[loc->seg], loc->row);
  qe_idmap_del(&s->ids, id);
  return qe_segment_add_tomb(qe_shard_mutable(s), id, seq);
}

/* Make a new version of a live point in the mutable segment (copying
 * everything except `skip` vectors); returns its row. */
static int rewrite_point(qe_shard *s, const qe_point_id *id, uint64_t seq, const bool *skip,
                         size_t *row) {
  qe_loc *loc = qe_idmap_get(&s->ids, id);
  if (!loc) return QE_ENOTFOUND;
  qe_segment *m = qe_shard_mutable(s);
  qe_segment *seg = s->segs[loc->seg];
  size_t old = loc->row;
  int rc = qe_shard_copy_row(s, m, seg, old, seq, skip, row);
  if (rc) return rc;
  loc = qe_idmap_get(&s->ids, id); /* copy may not move the map, but be safe */
  qe_segment_kill(seg, old);
  loc->seg = (uint32_t)(s->nsegs - 1);
  loc->row = (uint32_t)*row;
  return QE_OK;
}

static int upsert_one(qe_shard *s, const qe_json *p, uint64_t seq, const qe_filter *cond,
                      const char *mode) {
  qe_point_id id;
  qe_point_id_from_json(qe_json_object_get(p, "id"), &id);
  qe_loc *loc = qe_idmap_get(&s->ids, &id);
  if (loc) {
    if (mode && strcmp(mode, "insert_only") == 0) return QE_OK;
    if (cond) {
      view_ctx vc;
      qe_point_view pv = qe_shard_point_view(s, s->segs[loc->seg], loc->row, &vc);
      if (!qe_filter_match(cond, &pv)) return QE_OK;
    }
  } else if (mode && strcmp(mode, "update_only") == 0) {
    return QE_OK;
  }
  vec_list vl;
  qe_error e = {0};
  if (parse_vectors(s, qe_json_object_get(p, "vector"), "", &vl, &e)) return QE_EINTERNAL;
  qe_segment *m = qe_shard_mutable(s);
  size_t row = qe_segment_append(m, &id, seq);
  if (row == (size_t)-1) return QE_ENOMEM;
  for (size_t i = 0; i < vl.n; i++) {
    int rc = store_vec(s, m, row, &vl.items[i]);
    if (rc) return rc;
  }
  const qe_json *pay = qe_json_object_get(p, "payload");
  if (pay && qe_json_kind_of(pay) == QE_JSON_OBJECT) {
    m->payloads[row] = qe_json_clone(pay);
    if (!m->payloads[row]) return QE_ENOMEM;
  }
  loc = qe_idmap_get(&s->ids, &id);
  if (loc) qe_segment_kill(s->segs[loc->seg], loc->row);
  return qe_idmap_put(&s->ids, &id, (qe_loc){(uint32_t)(s->nsegs - 1), (uint32_t)row});
}

static int payload_op(qe_shard *s, int kind, const qe_json *b, const qe_point_id *id,
                      uint64_t seq) {
  size_t row;
  int rc = rewrite_point(s, id, seq, NULL, &row);
  if (rc) return rc;
  qe_segment *m = qe_shard_mutable(s);
  qe_json **pay = &m->payloads[row];
  switch (kind) {
  case OP_SET:
  case OP_SET_F: {
    const qe_json *patch = qe_json_object_get(b, "payload");
    size_t kl;
    const char *key = qe_json_get_string(qe_json_object_get(b, "key"), &kl);
    if (!key) {
      if (!*pay && !(*pay = qe_json_new_object())) return QE_ENOMEM;
      return qe_payload_merge(*pay, patch); /* null members remove keys */
    }
    qe_jsonpath *jp = NULL;
    if (qe_jsonpath_parse(key, kl, &jp, NULL)) return QE_EINTERNAL;
    if (!*pay && !(*pay = qe_json_new_object())) {
      qe_jsonpath_free(jp);
      return QE_ENOMEM;
    }
    rc = qe_jsonpath_set(jp, *pay, patch);
    qe_jsonpath_free(jp);
    return rc;
  }
  case OP_OVERWRITE:
  case OP_OVERWRITE_F:
    qe_json_free(*pay);
    *pay = qe_json_clone(qe_json_object_get(b, "payload"));
    return *pay ? QE_OK : QE_ENOMEM;
  case OP_DEL_PAY:
  case OP_DEL_PAY_F: {
    const qe_json *keys = qe_json_object_get(b, "keys");
    for (size_t i = 0; *pay && i < qe_json_array_len(keys); i++) {
      size_t kl;
      const char *key = qe_json_get_string(qe_json_array_at(keys, i), &kl);
      qe_jsonpath *jp = NULL;
      if (qe_jsonpath_parse(key, kl, &jp, NULL)) return QE_EINTERNAL;
      rc = qe_jsonpath_remove(jp, *pay);
      qe_jsonpath_free(jp);
      if (rc) return rc;
    }
    return QE_OK;
  }
  default: /* clear */
    qe_json_free(*pay);
    *pay = NULL;
    return QE_OK;
  }
}

static int vector_name_op(qe_shard *s, int kind, const qe_json *b, uint64_t seq, qe_error *err) {
  const char *vn = qe_json_get_string(qe_json_object_get(b, "name"), NULL);
  if (kind == OP_DELETE_VEC_NAME) {
    int vi = qe_config_find(&s->config, vn, strlen(vn));
    if (vi < 0) return QE_OK;
    /* hide the data everywhere, and free the name in the write buffer */
    qe_seg_vecs *mv = qe_segment_vecs(qe_shard_mutable(s), vn);
    if (mv) {
      char renamed[64];
      snprintf(renamed, sizeof renamed, "\x01dropped-%llu", (unsigned long long)seq);
      char *nn = qe_strndup(renamed, strlen(renamed));
      if (!nn) return QE_ENOMEM;
      qe_free(mv->name);
      mv->name = nn;
    }
    qe_config_remove(&s->config, vi);
    return qe_json_object_set(s->vector_drops, vn, qe_json_new_uint(seq));
  }
  int rc = qe_config_add_vector(&s->config, vn, qe_json_object_get(b, "params"),
                                kind == OP_CREATE_SPARSE, err);
  if (rc) return rc;
  uint64_t dropped = 0;
  qe_json_get_u64(qe_json_object_get(s->vector_drops, vn), &dropped);
  s->config.vecs[s->config.nvecs - 1].dropped = dropped;
  return qe_shard_sync_mutable_vecs(s);
}

static int field_index_op(qe_shard *s, int kind, const qe_json *b) {
  size_t kl;
  const char *field = qe_json_get_string(qe_json_object_get(b, "field_name"), &kl);
  if (kind == OP_DELETE_IDX) {
    qe_json_free(qe_json_object_take(s->payload_schema, field, kl));
    return QE_OK;
  }
  const qe_json *schema = qe_json_object_get(b, "field_schema");
  qe_json *copy = schema ? qe_json_clone(schema) : qe_json_new_cstr("keyword");
  if (!copy) return QE_ENOMEM;
  return qe_json_object_setn(s->payload_schema, field, kl, copy);
}

int qe_shard_apply(qe_shard *s, const qe_json *op, uint64_t seq, qe_error *err) {
  const qe_json *b = NULL;
  int kind = op_kind(op, &b, err);
  if (kind < 0) return QE_EINVAL;
  int rc = QE_OK;
  qe_point_id *ids = NULL;
  size_t n = 0;
  qe_filter *f = NULL;
  switch (kind) {
  case OP_UPSERT: {
    if ((rc = qe_shard_compile_filter(s, qe_json_object_get(b, "condition"), "condition", &f, err)))
      return rc;
    const char *mode = qe_json_get_string(qe_json_object_get(b, "update_mode"), NULL);
    const qe_json *pts = qe_json_object_get(b, "points");
    for (size_t i = 0; !rc && i < qe_json_array_len(pts); i++)
      rc = upsert_one(s, qe_json_array_at(pts, i), seq, f, mode);
    break;
  }
  case OP_DELETE:
  case OP_DELETE_F:
    rc = kind == OP_DELETE ? list_ids(qe_json_object_get(b, "point_ids"), &ids, &n)
         : (rc = qe_shard_compile_filter(s, qe_json_object_get(b, "filter"), "filter", &f, err))
             ? rc
             : select_ids(s, f, &ids, &n);
    for (size_t i = 0; !rc && i < n; i++)
      rc = delete_point(s, &ids[i], seq);
    break;
  case OP_UPD_VEC: {
    if ((rc = qe_shard_compile_filter(s, qe_json_object_get(b, "condition"), "condition", &f, err)))
      return rc;
    const qe_json *pts = qe_json_object_get(b, "point_vectors");
    for (size_t i = 0; !rc && i < qe_json_array_len(pts); i++) {
      const qe_json *p = qe_json_array_at(pts, i);
      qe_point_id id;
      qe_point_id_from_json(qe_json_object_get(p, "id"), &id);
      qe_loc *loc = qe_idmap_get(&s->ids, &id);
      if (!loc) continue;
      if (f) {
        view_ctx vc;
        qe_point_view pv = qe_shard_point_view(s, s->segs[loc->seg], loc->row, &vc);
        if (!qe_filter_match(f, &pv)) continue;
      }
      vec_list vl;
      qe_error e = {0};
      if (parse_vectors(s, qe_json_object_get(p, "vector"), "", &vl, &e)) {
        rc = QE_EINTERNAL;
        break;
      }
      bool skip[64] = {false};
      for (size_t k = 0; k < vl.n; k++)
        skip[vl.items[k].vi] = true;
      size_t row;
      rc = rewrite_point(s, &id, seq, skip, &row);
      for (size_t k = 0; !rc && k < vl.n; k++)
        rc = store_vec(s, qe_shard_mutable(s), row, &vl.items[k]);
    }
    break;
  }
  case OP_DEL_VEC:
  case OP_DEL_VEC_F: {
    rc = kind == OP_DEL_VEC ? list_ids(qe_json_object_get(b, "point_ids"), &ids, &n)
         : (rc = qe_shard_compile_filter(s, qe_json_object_get(b, "filter"), "filter", &f, err))
             ? rc
             : select_ids(s, f, &ids, &n);
    bool skip[64] = {false};
    const qe_json *names = qe_json_object_get(b, "vector_names");
    for (size_t i = 0; i < qe_json_array_len(names); i++) {
      size_t nl;
      const char *vn = qe_json_get_string(qe_json_array_at(names, i), &nl);
      int vi = qe_config_find(&s->config, vn, nl);
      if (vi >= 0 && vi < 64) skip[vi] = true;
    }
    for (size_t i = 0; !rc && i < n; i++) {
      if (!qe_idmap_get(&s->ids, &ids[i])) continue;
      size_t row;
      rc = rewrite_point(s, &ids[i], seq, skip, &row);
    }
    break;
  }
  case OP_SET:
  case OP_OVERWRITE:
  case OP_DEL_PAY:
  case OP_CLEAR:
  case OP_SET_F:
  case OP_OVERWRITE_F:
  case OP_DEL_PAY_F:
  case OP_CLEAR_F: {
    bool by_filter =
        kind == OP_SET_F || kind == OP_OVERWRITE_F || kind == OP_DEL_PAY_F || kind == OP_CLEAR_F;
    if (by_filter) {
      rc = qe_shard_compile_filter(s, qe_json_object_get(b, "filter"), "filter", &f, err);
      if (!rc) rc = select_ids(s, f, &ids, &n);
    } else {
      rc = list_ids(qe_json_object_get(b, "point_ids"), &ids, &n);
    }
    for (size_t i = 0; !rc && i < n; i++) {
      if (!qe_idmap_get(&s->ids, &ids[i])) continue;
      rc = payload_op(s, kind, b, &ids[i], seq);
    }
    break;
  }
  case OP_CREATE_IDX:
  case OP_DELETE_IDX:
    rc = field_index_op(s, kind, b);
    break;
  default:
    rc = vector_name_op(s, kind, b, seq, err);
    break;
  }
  qe_free(ids);
  qe_filter_free(f);
  if (rc && (!err || !err->code))
    qe_error_set(err, rc, NULL, "applying %s failed: %s", op_names[kind], qe_code_name(rc));
  return rc;
}

/* ------------------------------------------------------------ entry */

/*
 * Group commit: a writer whose record is appended and applied waits until an
 * fdatasync covers its seq. The first waiter becomes the leader: it takes
 * the log's descriptor under the writer lock, syncs without it, and wakes
 * every writer whose record the sync covered — records appended by others
 * during the sync ride along with the next one.
 */
static int wait_durable(qe_shard *s, uint64_t seq, qe_error *err) {
  int rc = QE_OK;
  pthread_mutex_lock(&s->sync_mu);
  while (s->synced_seq < seq && !s->sync_error) {
    if (s->syncing) {
      pthread_cond_wait(&s->sync_cond, &s->sync_mu);
      continue;
    }
    s->syncing = true;
    pthread_mutex_unlock(&s->sync_mu);
    int fd = -1;
    pthread_mutex_lock(&s->write_lock);
    uint64_t target = s->last_seq;
    rc = qe_wal_sync_begin(s->wal, &fd, err);
    pthread_mutex_unlock(&s->write_lock);
    if (!rc) rc = qe_wal_sync_end(fd, err);
    pthread_mutex_lock(&s->sync_mu);
    s->syncing = false;
    if (rc) {
      s->sync_error = rc;
    } else if (target > s->synced_seq) {
      s->synced_seq = target;
    }
    pthread_cond_broadcast(&s->sync_cond);
  }
  if (!rc && s->sync_error)
    rc = qe_error_set(err, s->sync_error, NULL,
                      "the write-ahead log could not be synced; reopen the shard");
  pthread_mutex_unlock(&s->sync_mu);
  return rc;
}

int qe_shard_update(qe_shard *s, qe_json *op, uint64_t *seq_out, qe_error *err) {
  if (!s || s->closed) return qe_error_set(err, QE_ESTATE, NULL, "the shard is closed");
  if (s->opts.read_only) return qe_error_set(err, QE_ESTATE, NULL, "the shard is read-only");
  if (!op) return qe_error_set(err, QE_EINVAL, NULL, "no operation given");
  pthread_mutex_lock(&s->write_lock);
  int rc = s->sync_error ? qe_error_set(err, QE_EIO, NULL,
                                        "the write-ahead log could not be synced; reopen the shard")
                         : qe_shard_precheck(s, op, err);
  uint64_t seq = s->last_seq + 1;
  if (!rc) {
    qe_buf rec = {0};
    rc = qe_json_pack(op, &rec, err);
    if (!rc) rc = qe_wal_append(s->wal, seq, rec.data, rec.len, err);
    qe_buf_free(&rec);
  }
  if (!rc) {
    /* visible to readers once applied; acknowledged once durable */
    pthread_rwlock_wrlock(&s->lock);
    rc = qe_shard_apply(s, op, seq, err);
    if (!rc) {
      s->last_seq = seq;
      if (s->opts.durability != QE_DURABILITY_FSYNC) s->wal_dirty = true;
      rc = qe_shard_maybe_flush(s, err);
    }
    pthread_rwlock_unlock(&s->lock);
  }
  pthread_mutex_unlock(&s->write_lock);
  if (!rc && s->opts.durability == QE_DURABILITY_FSYNC) rc = wait_durable(s, seq, err);
  if (!rc && seq_out) *seq_out = seq - 1; /* numbered from 0, as Qdrant's op_num */
  return rc;
}

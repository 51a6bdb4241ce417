/* filter_compile.c — a Filter as qe_json becomes the compiled tree of
 * filter_internal.h: key paths parsed, datetimes parsed, geometry checked
 * and prepared, match lists sorted. Shapes follow Qdrant's serde models
 * (lib/segment/src/types.rs): untagged unions are tried in Qdrant's order,
 * JSON null stands for an absent optional field. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edge/filter_internal.h"
#include "qedge/base.h"

/* ------------------------------------------------------------ context */

typedef struct cc {
  qe_error *err;
  char path[QE_ERROR_PATH_MAX];
  size_t len;
  const qe_json *schema; /* payload_schema {key: PayloadFieldSchema} or NULL */
  int nested;            /* inside a nested condition's filter */
} cc;

/* Append formatted text to the error path (truncated at its size); returns
 * the previous length, for pop(). */
static size_t push(cc *c, const char *fmt, const char *key, size_t index) {
  size_t old = c->len, room = sizeof c->path - c->len;
  int n = key ? snprintf(c->path + c->len, room, fmt, c->len ? "." : "", key)
              : snprintf(c->path + c->len, room, fmt, index);
  if (n > 0) c->len += (size_t)n < room ? (size_t)n : room - 1;
  return old;
}

static size_t push_key(cc *c, const char *key) {
  return push(c, "%s%s", key, 0);
}

static size_t push_index(cc *c, size_t i) {
  return push(c, "[%zu]", NULL, i);
}

static void pop(cc *c, size_t old) {
  c->len = old;
  c->path[old] = '\0';
}

static int fail(cc *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A QE_EINVAL error at the current path. */
static int fail(cc *c, const char *fmt, ...) {
  char msg[QE_ERROR_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return qe_error_set(c->err, QE_EINVAL, c->path, "%s", msg);
}

static int oom(cc *c) {
  return qe_error_set(c->err, QE_ENOMEM, c->path, "out of memory");
}

/* A member that is present and not null, or NULL. */
static const qe_json *member(const qe_json *obj, const char *key) {
  const qe_json *v = qe_json_object_get(obj, key);
  return qe_json_kind_of(v) == QE_JSON_NULL ? NULL : v;
}

static int copy_str(cc *c, const qe_json *v, fstr *out) {
  size_t n;
  const char *s = qe_json_get_string(v, &n);
  out->s = qe_strndup(s, n);
  out->n = n;
  return out->s ? QE_OK : oom(c);
}

static int parse_path(cc *c, const qe_json *v, qe_jsonpath **out) {
  size_t n;
  const char *s = qe_json_get_string(v, &n);
  if (!s)
    return fail(c, "expected a payload key (string), got %s",
                qe_json_kind_name(qe_json_kind_of(v)));
  qe_error e = {0};
  int rc = qe_jsonpath_parse(s, n, out, &e);
  if (rc == QE_ENOMEM) return oom(c);
  if (rc) return fail(c, "%s", e.message);
  return QE_OK;
}

/* ------------------------------------------------------------ match */

static int cmp_fstr(const void *a, const void *b) {
  const fstr *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  return memcmp(x->s, y->s, x->n);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* AnyVariants: a list of strings or a list of i64 integers (`[]` counts as
 * strings, the first variant serde tries). */
static int compile_list(cc *c, const qe_json *arr, field_cond *fc, match_kind str_kind,
                        match_kind int_kind) {
  if (qe_json_kind_of(arr) != QE_JSON_ARRAY)
    return fail(c, "expected a list of strings or a list of integers");
  size_t n = qe_json_array_len(arr);
  bool strings = n == 0 || qe_json_kind_of(qe_json_array_at(arr, 0)) == QE_JSON_STRING;
  if (strings) {
    fc->strs = qe_calloc(n ? n : 1, sizeof *fc->strs);
    if (!fc->strs) return oom(c);
  } else {
    fc->ints = qe_calloc(n ? n : 1, sizeof *fc->ints);
    if (!fc->ints) return oom(c);
  }
  fc->match = strings ? str_kind : int_kind;
  for (size_t i = 0; i < n; i++) {
    const qe_json *v = qe_json_array_at(arr, i);
    size_t old = push_index(c, i);
    int rc = QE_OK;
    if (strings) {
      if (qe_json_kind_of(v) != QE_JSON_STRING)
        rc = fail(c, "expected a string: the list mixes strings and other values");
      else if (!(rc = copy_str(c, v, &fc->strs[i])))
        fc->nstrs++;
    } else if (qe_json_kind_of(v) != QE_JSON_INT) {
      rc = fail(c, "expected an integer (i64): the list mixes integers and other values");
    } else {
      qe_json_get_i64(v, &fc->ints[fc->nints++]);
    }
    if (rc) return rc;
    pop(c, old);
  }
  if (strings)
    qsort(fc->strs, fc->nstrs, sizeof *fc->strs, cmp_fstr);
  else
    qsort(fc->ints, fc->nints, sizeof *fc->ints, cmp_i64);
  return QE_OK;
}

static int compile_match(cc *c, const qe_json *m, field_cond *fc) {
  static const char *const text_keys[] = {"text", "text_any", "phrase", "prefix"};
  static const match_kind text_kinds[] = {M_TEXT, M_TEXT_ANY, M_PHRASE, M_PREFIX};
  if (qe_json_kind_of(m) != QE_JSON_OBJECT) return fail(c, "expected a match object");
  const qe_json *v = qe_json_object_get(m, "value");
  if (v) {
    size_t old = push_key(c, "value");
    qe_json_kind k = qe_json_kind_of(v);
    int rc = QE_OK;
    if (k == QE_JSON_STRING) {
      fc->match = M_VALUE_STR;
      rc = copy_str(c, v, &fc->text);
    } else if (k == QE_JSON_INT) {
      fc->match = M_VALUE_INT;
      qe_json_get_i64(v, &fc->ival);
    } else if (k == QE_JSON_BOOL) {
      fc->match = M_VALUE_BOOL;
      fc->bval = qe_json_get_bool(v);
    } else {
      rc = fail(c, "expected a string, an integer (i64) or a boolean");
    }
    if (!rc) pop(c, old);
    return rc;
  }
  for (size_t i = 0; i < 4; i++) {
    v = qe_json_object_get(m, text_keys[i]);
    if (!v) continue;
    size_t old = push_key(c, text_keys[i]);
    if (qe_json_kind_of(v) != QE_JSON_STRING) return fail(c, "expected a string");
    fc->match = text_kinds[i];
    int rc;
    if (fc->match == M_PREFIX) {
      rc = copy_str(c, v, &fc->text);
    } else {
      size_t n;
      const char *s = qe_json_get_string(v, &n);
      rc = qe_text_compile(fc, s, n, fc->match == M_PHRASE) ? oom(c) : QE_OK;
    }
    if (!rc) pop(c, old);
    return rc;
  }
  const char *key = qe_json_object_get(m, "any") ? "any" : "except";
  v = qe_json_object_get(m, key);
  if (!v) return fail(c, "expected one of value, text, text_any, phrase, prefix, any, except");
  size_t old = push_key(c, key);
  int rc = key[0] == 'a' ? compile_list(c, v, fc, M_ANY_STR, M_ANY_INT)
                         : compile_list(c, v, fc, M_EXCEPT_STR, M_EXCEPT_INT);
  if (!rc) pop(c, old);
  return rc;
}

/* ------------------------------------------------------------ range, count */

static const char *const bound_names[B_COUNT] = {"lt", "gt", "gte", "lte"};

/* RangeInterface: all bounds numbers -> a float range; any bound a string
 * -> a datetime range (every bound must then be a valid datetime string). */
static int compile_range(cc *c, const qe_json *r, field_cond *fc) {
  if (qe_json_kind_of(r) != QE_JSON_OBJECT) return fail(c, "expected a range object");
  fc->has_range = true;
  for (int b = 0; b < B_COUNT; b++)
    if (qe_json_kind_of(member(r, bound_names[b])) == QE_JSON_STRING) fc->range_is_datetime = true;
  for (int b = 0; b < B_COUNT; b++) {
    const qe_json *v = member(r, bound_names[b]);
    if (!v) continue;
    size_t old = push_key(c, bound_names[b]);
    if (fc->range_is_datetime) {
      size_t n;
      const char *s = qe_json_get_string(v, &n);
      if (!s) return fail(c, "expected a datetime string like the other bounds");
      if (!qe_datetime_parse(s, n, &fc->range_dt[b]))
        return fail(c,
                    "'%.*s' does not match accepted datetime format (RFC3339). "
                    "Example: 2014-01-01T00:00:00Z",
                    (int)(n > 100 ? 100 : n), s);
    } else {
      if (!qe_json_is_number(v)) return fail(c, "expected a number");
      fc->range_num[b] = qe_json_get_double(v);
    }
    fc->range_has[b] = true;
    pop(c, old);
  }
  return QE_OK;
}

static int compile_count(cc *c, const qe_json *r, field_cond *fc) {
  if (qe_json_kind_of(r) != QE_JSON_OBJECT) return fail(c, "expected a values_count object");
  fc->has_count = true;
  for (int b = 0; b < B_COUNT; b++) {
    const qe_json *v = member(r, bound_names[b]);
    if (!v) continue;
    size_t old = push_key(c, bound_names[b]);
    if (!qe_json_get_u64(v, &fc->count[b])) return fail(c, "expected a non-negative integer");
    fc->count_has[b] = true;
    pop(c, old);
  }
  return QE_OK;
}

/* ------------------------------------------------------------ geo */

static int compile_point(cc *c, const qe_json *v, const char *name, qe_geo_point *out) {
  size_t old = name ? push_key(c, name) : c->len;
  if (qe_json_kind_of(v) != QE_JSON_OBJECT) return fail(c, "expected a geo point {lon, lat}");
  const qe_json *lon = qe_json_object_get(v, "lon"), *lat = qe_json_object_get(v, "lat");
  if (!qe_json_is_number(lon) || !qe_json_is_number(lat))
    return fail(c, "expected a geo point with numeric lon and lat");
  out->lon = qe_json_get_double(lon);
  out->lat = qe_json_get_double(lat);
  if (!(out->lon >= -180.0 && out->lon <= 180.0) || !(out->lat >= -90.0 && out->lat <= 90.0))
    return fail(c,
                "Wrong format of GeoPoint payload: lon=%g, lat=%g (lon must be in -180..180, "
                "lat in -90..90)",
                out->lon, out->lat);
  pop(c, old);
  return QE_OK;
}

/* A ring as Qdrant validates it (at least 4 points, first and last within
 * f64::EPSILON) and as geo's Polygon::new stores it (closed exactly). */
static int compile_ring(cc *c, const qe_json *ls, qe_geo_ring *ring) {
  if (qe_json_kind_of(ls) != QE_JSON_OBJECT) return fail(c, "expected a line string {points}");
  const qe_json *pts = qe_json_object_get(ls, "points");
  size_t old = push_key(c, "points");
  if (qe_json_kind_of(pts) != QE_JSON_ARRAY) return fail(c, "expected a list of geo points");
  size_t n = qe_json_array_len(pts);
  if (n <= 3) return fail(c, "polygon invalid, the size must be at least 4, got %zu", n);
  ring->pts = qe_calloc(n + 1, sizeof *ring->pts);
  if (!ring->pts) return oom(c);
  for (size_t i = 0; i < n; i++) {
    size_t o = push_index(c, i);
    int rc = compile_point(c, qe_json_array_at(pts, i), NULL, &ring->pts[i]);
    if (rc) return rc;
    pop(c, o);
  }
  ring->n = n;
  qe_geo_point first = ring->pts[0], last = ring->pts[n - 1];
  if (fabs(first.lat - last.lat) > 2.220446049250313e-16 ||
      fabs(first.lon - last.lon) > 2.220446049250313e-16)
    return fail(c, "polygon invalid, the first and the last points should be the same to form a "
                   "closed line");
  if (first.lat != last.lat || first.lon != last.lon) ring->pts[ring->n++] = first;
  pop(c, old);
  return QE_OK;
}

static int compile_polygon(cc *c, const qe_json *g, field_cond *fc) {
  if (qe_json_kind_of(g) != QE_JSON_OBJECT) return fail(c, "expected a polygon object");
  const qe_json *interiors = member(g, "interiors");
  if (interiors && qe_json_kind_of(interiors) != QE_JSON_ARRAY)
    return fail(c, "interiors: expected a list of line strings");
  size_t nint = qe_json_array_len(interiors);
  qe_geo_polygon *p = &fc->polygon;
  p->rings = qe_calloc(nint + 1, sizeof *p->rings);
  if (!p->rings) return oom(c);
  fc->has_polygon = true;
  p->nrings = 1; /* counted before filling, so a failure frees them */
  size_t old = push_key(c, "exterior");
  int rc = compile_ring(c, qe_json_object_get(g, "exterior"), &p->rings[0]);
  if (rc) return rc;
  pop(c, old);
  for (size_t i = 0; i < nint; i++) {
    old = push_key(c, "interiors");
    push_index(c, i);
    p->nrings++;
    rc = compile_ring(c, qe_json_array_at(interiors, i), &p->rings[i + 1]);
    if (rc) return rc;
    pop(c, old);
  }
  qe_geo_polygon_finish(p);
  return QE_OK;
}

/* ------------------------------------------------------------ conditions */

static int compile_filter(cc *c, const qe_json *f, fnode *out);

static int compile_bool_flag(cc *c, const qe_json *obj, const char *key, int *out) {
  const qe_json *v = member(obj, key);
  *out = -1;
  if (!v) return QE_OK;
  if (qe_json_kind_of(v) != QE_JSON_BOOL) {
    size_t old = push_key(c, key);
    int rc = fail(c, "expected a boolean");
    pop(c, old);
    return rc;
  }
  *out = qe_json_get_bool(v) ? 1 : 0;
  return QE_OK;
}

typedef int (*part_fn)(cc *c, const qe_json *v, field_cond *fc);

static int geo_radius_part(cc *c, const qe_json *v, field_cond *fc) {
  qe_geo_point center;
  if (qe_json_kind_of(v) != QE_JSON_OBJECT) return fail(c, "expected a geo radius object");
  int rc = compile_point(c, qe_json_object_get(v, "center"), "center", &center);
  if (rc) return rc;
  const qe_json *r = qe_json_object_get(v, "radius");
  if (!qe_json_is_number(r)) {
    size_t old = push_key(c, "radius");
    rc = fail(c, "expected a number of meters");
    pop(c, old);
    return rc;
  }
  qe_geo_circle_init(&fc->circle, center, qe_json_get_double(r));
  fc->has_circle = true;
  return QE_OK;
}

static int geo_box_part(cc *c, const qe_json *v, field_cond *fc) {
  if (qe_json_kind_of(v) != QE_JSON_OBJECT) return fail(c, "expected a bounding box object");
  int rc = compile_point(c, qe_json_object_get(v, "top_left"), "top_left", &fc->box.top_left);
  if (!rc)
    rc = compile_point(c, qe_json_object_get(v, "bottom_right"), "bottom_right",
                       &fc->box.bottom_right);
  fc->has_box = !rc;
  return rc;
}

static int compile_field_parts(cc *c, const qe_json *obj, field_cond *fc);

static int compile_field(cc *c, const qe_json *obj, field_cond **out) {
  field_cond *fc = qe_calloc(1, sizeof *fc);
  if (!fc) return oom(c);
  *out = fc;
  size_t old = push_key(c, "key");
  const qe_json *key = qe_json_object_get(obj, "key");
  int rc = parse_path(c, key, &fc->path);
  if (rc) return rc;
  pop(c, old);
  /* the key's payload index (Qdrant matches the key exactly; conditions
   * inside a nested filter are checked on the payload) */
  ix_spec spec = {0};
  size_t kl;
  const char *ks = qe_json_get_string(key, &kl);
  if (c->schema && !c->nested && qe_ix_spec_read(qe_json_object_getn(c->schema, ks, kl), &spec))
    rc = oom(c);
  if (!rc && spec.kind == IX_TEXT) {
    if (!(fc->own_tp = qe_text_params_clone(&spec.text)))
      rc = oom(c);
    else
      fc->tp = fc->own_tp;
  }
  if (!rc) rc = compile_field_parts(c, obj, fc);
  if (!rc && qe_ix_decide(fc, &spec)) rc = oom(c);
  if (!rc && fc->ix == XE_TEXT && spec.unsupported)
    rc = qe_error_set(c->err, QE_EUNSUPPORTED, c->path,
                      "the text index on `%.*s` uses %s, which this engine does not apply yet",
                      (int)(kl > 100 ? 100 : kl), ks, spec.unsupported);
  qe_ix_spec_clear(&spec);
  return rc;
}

static int compile_field_parts(cc *c, const qe_json *obj, field_cond *fc) {
  static const struct {
    const char *key;
    part_fn fn;
  } parts[] = {{"match", compile_match},         {"range", compile_range},
               {"geo_radius", geo_radius_part},  {"geo_bounding_box", geo_box_part},
               {"geo_polygon", compile_polygon}, {"values_count", compile_count}};
  size_t old;
  int rc;
  bool any = false;
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    const qe_json *v = member(obj, parts[i].key);
    if (!v) continue;
    old = push_key(c, parts[i].key);
    rc = parts[i].fn(c, v, fc);
    if (rc) return rc;
    pop(c, old);
    any = true;
  }
  if ((rc = compile_bool_flag(c, obj, "is_empty", &fc->is_empty))) return rc;
  if ((rc = compile_bool_flag(c, obj, "is_null", &fc->is_null))) return rc;
  if (!any && fc->is_empty < 0 && fc->is_null < 0)
    return fail(c, "At least one field condition must be specified");
  return QE_OK;
}

static int compile_key_of(cc *c, const qe_json *obj, const char *name, qe_jsonpath **out) {
  size_t old = push_key(c, name);
  const qe_json *pf = qe_json_object_get(obj, name);
  if (qe_json_kind_of(pf) != QE_JSON_OBJECT) return fail(c, "expected {\"key\": ...}");
  push_key(c, "key");
  int rc = parse_path(c, qe_json_object_get(pf, "key"), out);
  if (!rc) pop(c, old);
  return rc;
}

static int cmp_id(const void *a, const void *b) {
  return qe_point_id_cmp(a, b);
}

static int compile_has_id(cc *c, const qe_json *list, cond *k) {
  size_t old = push_key(c, "has_id");
  if (qe_json_kind_of(list) != QE_JSON_ARRAY) return fail(c, "expected a list of point ids");
  size_t n = qe_json_array_len(list);
  k->ids = qe_calloc(n ? n : 1, sizeof *k->ids);
  if (!k->ids) return oom(c);
  for (size_t i = 0; i < n; i++) {
    if (!qe_point_id_from_json(qe_json_array_at(list, i), &k->ids[i])) {
      push_index(c, i);
      return fail(c, "value is not a valid point ID, valid values are either an unsigned integer "
                     "or a UUID");
    }
  }
  qsort(k->ids, n, sizeof *k->ids, cmp_id);
  size_t u = 0;
  for (size_t i = 0; i < n; i++)
    if (u == 0 || !qe_point_id_eq(&k->ids[u - 1], &k->ids[i])) k->ids[u++] = k->ids[i];
  k->nids = u;
  pop(c, old);
  return QE_OK;
}

static int compile_slice(cc *c, const qe_json *s, cond *k) {
  size_t old = push_key(c, "slice");
  uint64_t total, index;
  if (qe_json_kind_of(s) != QE_JSON_OBJECT) return fail(c, "expected {\"total\", \"index\"}");
  if (!qe_json_get_u64(qe_json_object_get(s, "total"), &total) || total == 0 || total > UINT32_MAX)
    return fail(c, "total: expected an integer from 1 to 4294967295");
  if (!qe_json_get_u64(qe_json_object_get(s, "index"), &index) || index >= total)
    return fail(c, "index: must be less than total (%llu)", (unsigned long long)total);
  k->total = (uint32_t)total;
  k->index = (uint32_t)index;
  pop(c, old);
  return QE_OK;
}

static int compile_nested(cc *c, const qe_json *n, cond *k) {
  size_t old = push_key(c, "nested");
  if (qe_json_kind_of(n) != QE_JSON_OBJECT) return fail(c, "expected {\"key\", \"filter\"}");
  size_t o2 = push_key(c, "key");
  qe_jsonpath *key = NULL;
  int rc = parse_path(c, qe_json_object_get(n, "key"), &key);
  if (rc) return rc;
  k->path = qe_jsonpath_array_key(key);
  qe_jsonpath_free(key);
  if (!k->path) return oom(c);
  pop(c, o2);
  k->sub = qe_calloc(1, sizeof *k->sub);
  if (!k->sub) return oom(c);
  push_key(c, "filter");
  const qe_json *f = qe_json_object_get(n, "filter");
  if (qe_json_kind_of(f) != QE_JSON_OBJECT) return fail(c, "expected a filter object");
  c->nested++;
  rc = compile_filter(c, f, k->sub);
  c->nested--;
  if (!rc) pop(c, old);
  return rc;
}

/* Does {"key": ...} name a key with a payload index (outside nested)? */
static bool key_indexed(const cc *c, const qe_json *pf) {
  size_t kl;
  const char *ks = qe_json_get_string(qe_json_object_get(pf, "key"), &kl);
  return ks && c->schema && !c->nested && qe_json_object_getn(c->schema, ks, kl) != NULL;
}

/* Condition: tried in the order of Qdrant's untagged enum. */
static int compile_cond(cc *c, const qe_json *v, cond *k) {
  if (qe_json_kind_of(v) != QE_JSON_OBJECT) return fail(c, "expected a condition object");
  const qe_json *x;
  if (qe_json_object_get(v, "key")) {
    k->kind = C_FIELD;
    return compile_field(c, v, &k->field);
  }
  if (qe_json_object_get(v, "is_empty")) {
    k->kind = C_IS_EMPTY;
    k->indexed = key_indexed(c, qe_json_object_get(v, "is_empty"));
    return compile_key_of(c, v, "is_empty", &k->path);
  }
  if (qe_json_object_get(v, "is_null")) {
    k->kind = C_IS_NULL;
    k->indexed = key_indexed(c, qe_json_object_get(v, "is_null"));
    return compile_key_of(c, v, "is_null", &k->path);
  }
  if ((x = qe_json_object_get(v, "has_id"))) {
    k->kind = C_HAS_ID;
    return compile_has_id(c, x, k);
  }
  if ((x = qe_json_object_get(v, "has_vector"))) {
    k->kind = C_HAS_VECTOR;
    size_t n, old = push_key(c, "has_vector");
    const char *s = qe_json_get_string(x, &n);
    if (!s) return fail(c, "expected a vector name");
    if (!(k->vector = qe_strndup(s, n))) return oom(c);
    pop(c, old);
    return QE_OK;
  }
  if ((x = qe_json_object_get(v, "slice"))) {
    k->kind = C_SLICE;
    return compile_slice(c, x, k);
  }
  if ((x = qe_json_object_get(v, "nested"))) {
    k->kind = C_NESTED;
    return compile_nested(c, x, k);
  }
  k->kind = C_FILTER;
  k->sub = qe_calloc(1, sizeof *k->sub);
  if (!k->sub) return oom(c);
  return compile_filter(c, v, k->sub);
}

/* MaybeOneOrMany<Condition>: one condition object or a list of them. */
static int compile_list_of(cc *c, const qe_json *v, clist *out) {
  out->present = true;
  bool many = qe_json_kind_of(v) == QE_JSON_ARRAY;
  size_t n = many ? qe_json_array_len(v) : 1;
  out->items = qe_calloc(n ? n : 1, sizeof *out->items);
  if (!out->items) return oom(c);
  for (size_t i = 0; i < n; i++) {
    size_t old = many ? push_index(c, i) : c->len;
    out->n = i + 1;
    int rc = compile_cond(c, many ? qe_json_array_at(v, i) : v, &out->items[i]);
    if (rc) return rc;
    pop(c, old);
  }
  return QE_OK;
}

static int compile_filter(cc *c, const qe_json *f, fnode *out) {
  static const char *const clauses[] = {"should", "min_should", "must", "must_not"};
  if (qe_json_kind_of(f) != QE_JSON_OBJECT) return fail(c, "expected a filter object");
  size_t n = qe_json_object_len(f);
  for (size_t i = 0; i < n; i++) {
    const char *key = qe_json_object_key_at(f, i, NULL);
    bool known = false;
    for (size_t j = 0; j < 4; j++)
      known = known || strcmp(key, clauses[j]) == 0;
    if (!known) {
      size_t old = push_key(c, key);
      int rc = fail(c,
                    "unknown field `%s`, expected one of `should`, `min_should`, `must`, "
                    "`must_not`",
                    key);
      pop(c, old);
      return rc;
    }
  }
  const qe_json *v;
  int rc;
  clist *lists[] = {&out->should, &out->must, &out->must_not};
  const char *names[] = {"should", "must", "must_not"};
  for (size_t i = 0; i < 3; i++) {
    if (!(v = member(f, names[i]))) continue;
    size_t old = push_key(c, names[i]);
    if ((rc = compile_list_of(c, v, lists[i]))) return rc;
    pop(c, old);
  }
  if ((v = member(f, "min_should"))) {
    size_t old = push_key(c, "min_should");
    if (qe_json_kind_of(v) != QE_JSON_OBJECT) return fail(c, "expected {conditions, min_count}");
    const qe_json *conds = qe_json_object_get(v, "conditions");
    if (qe_json_kind_of(conds) != QE_JSON_ARRAY) {
      push_key(c, "conditions");
      return fail(c, "expected a list of conditions");
    }
    if (!qe_json_get_u64(qe_json_object_get(v, "min_count"), &out->min_count) ||
        out->min_count == 0) {
      push_key(c, "min_count");
      return fail(c, "value invalid, must be 1 or larger");
    }
    push_key(c, "conditions");
    if ((rc = compile_list_of(c, conds, &out->min_should))) return rc;
    pop(c, old);
  }
  return QE_OK;
}

/* ------------------------------------------------------------ freeing */

static void field_free(field_cond *fc) {
  if (!fc) return;
  qe_jsonpath_free(fc->path);
  bool text = fc->match == M_TEXT || fc->match == M_TEXT_ANY || fc->match == M_PHRASE;
  if (!text) /* text tokens point into fc->text */
    for (size_t i = 0; i < fc->nstrs; i++)
      qe_free(fc->strs[i].s);
  qe_free(fc->strs);
  qe_free(fc->ints);
  qe_free(fc->text.s);
  for (size_t i = 0; i < fc->polygon.nrings; i++)
    qe_free(fc->polygon.rings[i].pts);
  qe_free(fc->polygon.rings);
  qe_free(fc->uuids);
  qe_text_params_free(fc->own_tp);
  qe_free(fc);
}

static void clist_clear(clist *l) {
  for (size_t i = 0; i < l->n; i++) {
    cond *k = &l->items[i];
    field_free(k->field);
    qe_jsonpath_free(k->path);
    qe_free(k->ids);
    qe_free(k->vector);
    if (k->sub) {
      qe_fnode_clear(k->sub);
      qe_free(k->sub);
    }
  }
  qe_free(l->items);
}

void qe_fnode_clear(fnode *f) {
  clist_clear(&f->must);
  clist_clear(&f->should);
  clist_clear(&f->must_not);
  clist_clear(&f->min_should);
}

/* ------------------------------------------------------------ candidates */

static bool holds_false(const fnode *f) {
  const clist *lists[] = {&f->must, &f->should, &f->must_not, &f->min_should};
  for (size_t l = 0; l < 4; l++)
    for (size_t i = 0; i < lists[l]->n; i++) {
      const cond *k = &lists[l]->items[i];
      if (k->kind == C_FIELD && k->field->ix == XE_FALSE) return true;
      if (k->kind == C_FILTER && holds_false(k->sub)) return true;
    }
  return false;
}

/* ------------------------------------------------------------ public */

int qe_filter_compile(const qe_json *filter, qe_filter **out, qe_error *err) {
  return qe_filter_compile_indexed(filter, NULL, out, err);
}

int qe_filter_compile_indexed(const qe_json *filter, const qe_json *schema, qe_filter **out,
                              qe_error *err) {
  if (qe_json_kind_of(filter) == QE_JSON_NULL) {
    *out = NULL;
    return QE_OK;
  }
  cc c = {.err = err, .schema = schema};
  qe_filter *f = qe_calloc(1, sizeof *f);
  if (!f) return oom(&c);
  int rc = compile_filter(&c, filter, &f->root);
  if (rc) {
    qe_filter_free(f);
    return rc;
  }
  f->candidates = holds_false(&f->root);
  *out = f;
  return QE_OK;
}

void qe_filter_free(qe_filter *f) {
  if (!f) return;
  qe_fnode_clear(&f->root);
  qe_free(f);
}

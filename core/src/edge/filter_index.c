/* filter_index.c — field conditions on keys that carry a payload index.
 *
 * In Qdrant a condition on an indexed key is answered by the index's own
 * condition checker when it has one for that condition
 * (lib/segment/src/index/query_optimization/condition_converter.rs and
 * match_converter.rs), reading the values the index holds for the point
 * instead of the payload; otherwise the payload is checked as without an
 * index. The answers differ where the index keeps other values than the
 * payload holds, as qdrant-edge-py 0.9.0 shows (tools/probe_edge_index.py):
 *
 *   - integer index (lookup part): match value/any/except on integers see
 *     integers and integral floats (2.0 is 2; 2.5, 1e20, bools are not
 *     there); except matches a point with an indexed value not listed;
 *   - integer index (range part), float index, datetime index: a range
 *     compares the index values (datetimes as microseconds since the epoch,
 *     so a numeric range on a datetime index and a datetime range on a
 *     numeric index both compare numbers); a match value with a string that
 *     parses as a UUID matches nothing;
 *   - keyword index: except matches a point with a string value not listed
 *     (numbers no longer count);
 *   - uuid index: value/any/except with strings that all parse as UUIDs
 *     compare parsed UUIDs (case and hyphens no longer matter);
 *   - geo index: geo conditions see valid points only;
 *   - text index: text / text_any / phrase tokenize with the index's
 *     parameters over all strings of the point at once (phrase only with
 *     phrase_matching, else nothing);
 *   - bool index, values_count, is_empty, is_null, nested conditions: as
 *     without an index.
 *
 * The checks are exact scans over the payload: no index structure is kept. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edge/filter_internal.h"
#include "edge/point_id.h"
#include "qedge/base.h"

/* ------------------------------------------------------------ deciding */

static int cmp_uuid(const void *a, const void *b) {
  return memcmp(a, b, 16);
}

/* Parse the condition's strings as UUIDs into fc->uuids; false if one is
 * not a UUID. */
static int parse_uuids(field_cond *fc, const fstr *strs, size_t n, bool *ok) {
  *ok = true;
  fc->uuids = qe_calloc(n ? n : 1, sizeof *fc->uuids);
  if (!fc->uuids) return QE_ENOMEM;
  for (size_t i = 0; i < n && *ok; i++)
    *ok = qe_uuid_parse(strs[i].s, strs[i].n, fc->uuids[i]);
  if (!*ok) {
    qe_free(fc->uuids);
    fc->uuids = NULL;
    return QE_OK;
  }
  fc->nuuids = n;
  qsort(fc->uuids, n, sizeof *fc->uuids, cmp_uuid);
  return QE_OK;
}

static int decide_match(field_cond *fc, const ix_spec *spec) {
  bool numeric = (spec->kind == IX_INTEGER && spec->range) || spec->kind == IX_FLOAT ||
                 spec->kind == IX_DATETIME;
  bool ok;
  int rc;
  switch (fc->match) {
  case M_VALUE_INT:
  case M_ANY_INT:
  case M_EXCEPT_INT:
    if (spec->kind == IX_INTEGER && spec->lookup) fc->ix = XE_INT;
    return QE_OK;
  case M_VALUE_STR:
    if (spec->kind == IX_UUID || numeric) {
      if ((rc = parse_uuids(fc, &fc->text, 1, &ok))) return rc;
      if (ok) fc->ix = spec->kind == IX_UUID ? XE_UUID : XE_FALSE;
    }
    return QE_OK;
  case M_ANY_STR:
  case M_EXCEPT_STR:
    if (spec->kind == IX_KEYWORD && fc->match == M_EXCEPT_STR) fc->ix = XE_KEYWORD;
    if (spec->kind == IX_UUID) {
      if ((rc = parse_uuids(fc, fc->strs, fc->nstrs, &ok))) return rc;
      if (ok) fc->ix = XE_UUID;
    }
    return QE_OK;
  case M_TEXT:
  case M_TEXT_ANY:
  case M_PHRASE:
    if (spec->kind == IX_TEXT) fc->ix = XE_TEXT;
    return QE_OK;
  default:
    return QE_OK;
  }
}

int qe_ix_decide(field_cond *fc, const ix_spec *spec) {
  fc->ix = XE_PLAIN;
  if (spec->kind == IX_NONE) return QE_OK;
  /* the first check present decides, as in field_condition_index */
  if (fc->match != M_NONE) {
    int rc = decide_match(fc, spec);
    /* what the index estimates: what it answers, and the matches it
     * answers like the payload */
    fc->primary =
        fc->ix != XE_PLAIN ||
        (spec->kind == IX_KEYWORD && (fc->match == M_VALUE_STR || fc->match == M_ANY_STR)) ||
        (spec->kind == IX_BOOL && fc->match == M_VALUE_BOOL) ||
        (spec->kind == IX_INTEGER && fc->match == M_VALUE_INT && spec->lookup);
    return rc;
  }
  if (fc->has_range) {
    if (spec->kind == IX_INTEGER && spec->range)
      fc->ix = XE_INT;
    else if (spec->kind == IX_FLOAT)
      fc->ix = XE_FLOAT;
    else if (spec->kind == IX_DATETIME)
      fc->ix = XE_DATETIME;
    fc->primary = fc->ix != XE_PLAIN;
    return QE_OK;
  }
  if ((fc->has_circle || fc->has_box || fc->has_polygon) && spec->kind == IX_GEO) fc->ix = XE_GEO;
  fc->primary = fc->ix != XE_PLAIN;
  return QE_OK;
}

/* ------------------------------------------------------------ values */

bool qe_ix_int_value(const qe_json *v, int64_t *out) {
  qe_json_kind k = qe_json_kind_of(v);
  if (k == QE_JSON_INT) return qe_json_get_i64(v, out);
  if (k != QE_JSON_DOUBLE) return false;
  double d = qe_json_get_double(v);
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != floor(d)) return false;
  *out = (int64_t)d;
  return true;
}

static bool in_ints(const field_cond *fc, int64_t v) {
  size_t lo = 0, hi = fc->nints;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (fc->ints[mid] == v) return true;
    if (fc->ints[mid] < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

static bool in_strs(const field_cond *fc, const char *s, size_t n) {
  for (size_t i = 0; i < fc->nstrs; i++)
    if (fc->strs[i].n == n && memcmp(fc->strs[i].s, s, n) == 0) return true;
  return false;
}

/* A number against the range: float bounds as they are, datetime bounds as
 * microseconds since the epoch. */
static bool num_in(const field_cond *fc, double x) {
  const bool *h = fc->range_has;
  double b[B_COUNT];
  for (int i = 0; i < B_COUNT; i++)
    b[i] = !h[i]                   ? 0
           : fc->range_is_datetime ? (double)qe_datetime_micros(&fc->range_dt[i])
                                   : fc->range_num[i];
  return (!h[B_LT] || x < b[B_LT]) && (!h[B_GT] || x > b[B_GT]) && (!h[B_GTE] || x >= b[B_GTE]) &&
         (!h[B_LTE] || x <= b[B_LTE]);
}

/* The same for an integer, comparing datetime bounds exactly. */
static bool int_in(const field_cond *fc, int64_t x) {
  if (!fc->range_is_datetime) return num_in(fc, (double)x);
  const bool *h = fc->range_has;
  int64_t b[B_COUNT];
  for (int i = 0; i < B_COUNT; i++)
    b[i] = h[i] ? qe_datetime_micros(&fc->range_dt[i]) : 0;
  return (!h[B_LT] || x < b[B_LT]) && (!h[B_GT] || x > b[B_GT]) && (!h[B_GTE] || x >= b[B_GTE]) &&
         (!h[B_LTE] || x <= b[B_LTE]);
}

static bool uuid_listed(const field_cond *fc, const uint8_t u[16]) {
  return bsearch(u, fc->uuids, fc->nuuids, sizeof *fc->uuids, cmp_uuid) != NULL;
}

static bool geo_ok(const field_cond *fc, const qe_json *v) {
  const qe_json *lon = qe_json_object_get(v, "lon"), *lat = qe_json_object_get(v, "lat");
  if (!qe_json_is_number(lon) || !qe_json_is_number(lat)) return false;
  qe_geo_point p = {qe_json_get_double(lon), qe_json_get_double(lat)};
  if (!(p.lon >= -180.0 && p.lon <= 180.0 && p.lat >= -90.0 && p.lat <= 90.0)) return false;
  return (fc->has_circle && qe_geo_circle_contains(&fc->circle, p)) ||
         (fc->has_box && qe_geo_box_contains(&fc->box, p)) ||
         (fc->has_polygon && qe_geo_polygon_contains(&fc->polygon, p));
}

/* Does one index value pass (v: a value at the key, or an element of an
 * array there)? */
static bool value_passes(const field_cond *fc, const qe_json *v) {
  qe_json_kind k = qe_json_kind_of(v);
  size_t n = 0;
  const char *s = k == QE_JSON_STRING ? qe_json_get_string(v, &n) : NULL;
  switch (fc->ix) {
  case XE_INT: {
    int64_t i;
    if (!qe_ix_int_value(v, &i)) return false;
    if (fc->has_range && fc->match == M_NONE) return int_in(fc, i);
    if (fc->match == M_VALUE_INT) return i == fc->ival;
    return in_ints(fc, i) == (fc->match == M_ANY_INT);
  }
  case XE_FLOAT:
    return qe_json_is_number(v) && num_in(fc, qe_json_get_double(v));
  case XE_DATETIME: {
    int64_t us;
    return s && qe_parse_datetime(s, n, &us) && int_in(fc, us);
  }
  case XE_KEYWORD:
    return s && !in_strs(fc, s, n);
  case XE_UUID: {
    uint8_t u[16];
    if (!s || !qe_uuid_parse(s, n, u)) return false;
    return uuid_listed(fc, u) == (fc->match != M_EXCEPT_STR);
  }
  case XE_GEO:
    return geo_ok(fc, v);
  default:
    return false;
  }
}

static bool float_passes(const field_cond *fc, float x) {
  double d = (double)x;
  switch (fc->ix) {
  case XE_INT:
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != floor(d)) return false;
    if (fc->has_range && fc->match == M_NONE) return int_in(fc, (int64_t)d);
    if (fc->match == M_VALUE_INT) return (int64_t)d == fc->ival;
    return in_ints(fc, (int64_t)d) == (fc->match == M_ANY_INT);
  case XE_FLOAT:
    return num_in(fc, d);
  default:
    return false;
  }
}

typedef struct ix_walk {
  const field_cond *fc;
  const fstr *token; /* XE_TEXT, M_TEXT: the query token looked for */
  bool matched;
} ix_walk;

/* One string value for the text index. */
static bool text_value(const ix_walk *w, const char *s, size_t n) {
  const field_cond *fc = w->fc;
  if (fc->match == M_TEXT) return qe_text_has_token(fc, s, n, w->token);
  return qe_text_match(fc, s, n); /* text_any; phrase within one string */
}

static bool one(const ix_walk *w, const qe_json *v) {
  if (w->fc->ix == XE_TEXT) {
    size_t n;
    const char *s = qe_json_get_string(v, &n);
    return s && text_value(w, s, n);
  }
  return value_passes(w->fc, v);
}

static bool ix_visit(void *ud, const qe_json *v) {
  ix_walk *w = ud;
  qe_json_kind k = qe_json_kind_of(v);
  bool hit = false;
  if (k == QE_JSON_ARRAY) {
    size_t n = qe_json_array_len(v);
    for (size_t i = 0; !hit && i < n; i++)
      hit = one(w, qe_json_array_at(v, i));
  } else if (k == QE_JSON_F32) {
    size_t n;
    const float *f = qe_json_f32_data(v, &n);
    for (size_t i = 0; !hit && i < n; i++)
      hit = float_passes(w->fc, f[i]);
  } else {
    hit = one(w, v);
  }
  if (hit) w->matched = true;
  return !hit;
}

bool qe_ix_match(const field_cond *fc, const qe_json *payload) {
  if (fc->ix == XE_FALSE) return false;
  if (fc->ix == XE_TEXT) {
    if (fc->nstrs == 0) return false;
    if (fc->match == M_PHRASE && !fc->tp->phrase_matching) return false;
    if (fc->match == M_TEXT) { /* every query token in some string of the point */
      for (size_t i = 0; i < fc->nstrs; i++) {
        ix_walk w = {fc, &fc->strs[i], false};
        qe_jsonpath_get(fc->path, payload, ix_visit, &w);
        if (!w.matched) return false;
      }
      return true;
    }
  }
  ix_walk w = {fc, NULL, false};
  qe_jsonpath_get(fc->path, payload, ix_visit, &w);
  return w.matched;
}

/* ------------------------------------------------------------ points */

typedef struct has_walk {
  const ix_spec *spec;
  bool found;
} has_walk;

static bool has_one(const ix_spec *spec, const qe_json *v) {
  qe_json_kind k = qe_json_kind_of(v);
  size_t n = 0;
  const char *s = k == QE_JSON_STRING ? qe_json_get_string(v, &n) : NULL;
  int64_t i;
  uint8_t u[16];
  switch (spec->kind) {
  case IX_KEYWORD:
    return s != NULL;
  case IX_INTEGER:
    return qe_ix_int_value(v, &i);
  case IX_FLOAT:
    return qe_json_is_number(v);
  case IX_BOOL:
    return k == QE_JSON_BOOL;
  case IX_DATETIME:
    return s && qe_parse_datetime(s, n, &i);
  case IX_UUID:
    return s && qe_uuid_parse(s, n, u);
  case IX_TEXT:
    return s && qe_text_has_tokens(&spec->text, s, n);
  case IX_GEO: {
    const qe_json *lon = qe_json_object_get(v, "lon"), *lat = qe_json_object_get(v, "lat");
    if (!qe_json_is_number(lon) || !qe_json_is_number(lat)) return false;
    double x = qe_json_get_double(lon), y = qe_json_get_double(lat);
    return x >= -180.0 && x <= 180.0 && y >= -90.0 && y <= 90.0;
  }
  default:
    return false;
  }
}

static bool has_visit(void *ud, const qe_json *v) {
  has_walk *w = ud;
  qe_json_kind k = qe_json_kind_of(v);
  if (k == QE_JSON_ARRAY) {
    size_t n = qe_json_array_len(v);
    for (size_t i = 0; !w->found && i < n; i++)
      w->found = has_one(w->spec, qe_json_array_at(v, i));
  } else if (k == QE_JSON_F32) {
    size_t n;
    const float *f = qe_json_f32_data(v, &n);
    for (size_t i = 0; !w->found && i < n; i++) {
      double d = (double)f[i];
      w->found = w->spec->kind == IX_FLOAT ||
                 (w->spec->kind == IX_INTEGER && d == floor(d) && fabs(d) < 9.2e18);
    }
  } else {
    w->found = has_one(w->spec, v);
  }
  return !w->found;
}

bool qe_ix_has_values(const ix_spec *spec, const qe_jsonpath *path, const qe_json *payload) {
  if (spec->kind == IX_NONE) return true; /* integer with neither part: every point */
  has_walk w = {spec, false};
  qe_jsonpath_get(path, payload, has_visit, &w);
  return w.found;
}

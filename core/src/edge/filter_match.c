/* filter_match.c — evaluating a compiled filter against one point, with the
 * payload checks of Qdrant's condition_checker.rs and query_checker.rs.
 * Nothing here allocates. */
#include <stdlib.h>
#include <string.h>

#include "edge/filter_internal.h"

/* What a condition is evaluated against: the point, and the object standing
 * for its payload (an array element inside a nested condition). */
typedef struct ctx {
  const qe_point_view *pv;
  const qe_json *payload;
  bool nested;
} ctx;

static bool eval_filter(const fnode *f, const ctx *c);

/* ------------------------------------------------------------ match */

static bool in_strs(const field_cond *fc, const char *s, size_t n) {
  size_t lo = 0, hi = fc->nstrs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const fstr *m = &fc->strs[mid];
    int c = m->n != n ? (m->n < n ? -1 : 1) : memcmp(m->s, s, n);
    if (c == 0) return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
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

/* Qdrant's Match::check_match on one (non-array, or nested-array) value. */
static bool match_value(const field_cond *fc, const qe_json *v) {
  qe_json_kind k = qe_json_kind_of(v);
  size_t n = 0;
  const char *s = k == QE_JSON_STRING ? qe_json_get_string(v, &n) : NULL;
  int64_t i = 0;
  bool is_i64 = k == QE_JSON_INT && qe_json_get_i64(v, &i);
  switch (fc->match) {
  case M_VALUE_STR:
    return s && n == fc->text.n && memcmp(s, fc->text.s, n) == 0;
  case M_VALUE_INT:
    return is_i64 && i == fc->ival;
  case M_VALUE_BOOL:
    return k == QE_JSON_BOOL && qe_json_get_bool(v) == fc->bval;
  case M_ANY_STR:
    return s && in_strs(fc, s, n);
  case M_ANY_INT:
    return is_i64 && in_ints(fc, i);
  case M_EXCEPT_STR:
    if (s) return !in_strs(fc, s, n);
    return k != QE_JSON_NULL;
  case M_EXCEPT_INT:
    if (is_i64) return !in_ints(fc, i);
    return k != QE_JSON_NULL;
  case M_TEXT:
  case M_TEXT_ANY:
  case M_PHRASE:
    return s && qe_text_match(fc, s, n);
  case M_PREFIX:
    return s && n >= fc->text.n && memcmp(s, fc->text.s, fc->text.n) == 0;
  default:
    return false;
  }
}

/* The same for an element of a packed f32 array: a JSON float. */
static bool match_float(const field_cond *fc) {
  return fc->match == M_EXCEPT_STR || fc->match == M_EXCEPT_INT;
}

/* ------------------------------------------------------------ range, geo */

static bool num_in_range(const field_cond *fc, double x) {
  const bool *h = fc->range_has;
  const double *b = fc->range_num;
  return (!h[B_LT] || x < b[B_LT]) && (!h[B_GT] || x > b[B_GT]) && (!h[B_GTE] || x >= b[B_GTE]) &&
         (!h[B_LTE] || x <= b[B_LTE]);
}

static bool dt_in_range(const field_cond *fc, const qe_datetime *x) {
  const bool *h = fc->range_has;
  const qe_datetime *b = fc->range_dt;
  return (!h[B_LT] || qe_datetime_cmp(x, &b[B_LT]) < 0) &&
         (!h[B_GT] || qe_datetime_cmp(x, &b[B_GT]) > 0) &&
         (!h[B_GTE] || qe_datetime_cmp(x, &b[B_GTE]) >= 0) &&
         (!h[B_LTE] || qe_datetime_cmp(x, &b[B_LTE]) <= 0);
}

static bool range_value(const field_cond *fc, const qe_json *v) {
  if (fc->range_is_datetime) {
    size_t n;
    const char *s = qe_json_get_string(v, &n);
    qe_datetime dt;
    return s && qe_datetime_parse(s, n, &dt) && dt_in_range(fc, &dt);
  }
  return qe_json_is_number(v) && num_in_range(fc, qe_json_get_double(v));
}

static bool geo_value(const field_cond *fc, const qe_json *v) {
  const qe_json *lon = qe_json_object_get(v, "lon"), *lat = qe_json_object_get(v, "lat");
  if (!qe_json_is_number(lon) || !qe_json_is_number(lat)) return false;
  qe_geo_point p = {qe_json_get_double(lon), qe_json_get_double(lat)};
  return (fc->has_circle && qe_geo_circle_contains(&fc->circle, p)) ||
         (fc->has_box && qe_geo_box_contains(&fc->box, p)) ||
         (fc->has_polygon && qe_geo_polygon_contains(&fc->polygon, p));
}

/* FieldCondition::check_match: the checks present, OR-ed. */
static bool check_match(const field_cond *fc, const qe_json *v) {
  return (fc->match != M_NONE && match_value(fc, v)) || (fc->has_range && range_value(fc, v)) ||
         ((fc->has_circle || fc->has_box || fc->has_polygon) && geo_value(fc, v));
}

static bool check_match_float(const field_cond *fc, float x) {
  return (fc->match != M_NONE && match_float(fc)) ||
         (fc->has_range && !fc->range_is_datetime && num_in_range(fc, (double)x));
}

/* ------------------------------------------------------------ field */

static bool count_ok(const field_cond *fc, uint64_t n) {
  const bool *h = fc->count_has;
  const uint64_t *b = fc->count;
  return (!h[B_LT] || n < b[B_LT]) && (!h[B_GT] || n > b[B_GT]) && (!h[B_GTE] || n >= b[B_GTE]) &&
         (!h[B_LTE] || n <= b[B_LTE]);
}

static bool is_array(qe_json_kind k) {
  return k == QE_JSON_ARRAY || k == QE_JSON_F32;
}

static bool array_has_null(const qe_json *v) {
  if (qe_json_kind_of(v) != QE_JSON_ARRAY) return false;
  size_t n = qe_json_array_len(v);
  for (size_t i = 0; i < n; i++)
    if (qe_json_kind_of(qe_json_array_at(v, i)) == QE_JSON_NULL) return true;
  return false;
}

/* FieldCondition::check on one value found at the key. */
static bool field_check(const field_cond *fc, const qe_json *v) {
  qe_json_kind k = qe_json_kind_of(v);
  if (fc->has_count) {
    uint64_t n = k == QE_JSON_NULL ? 0 : is_array(k) ? qe_json_array_len(v) : 1;
    return count_ok(fc, n);
  }
  if (fc->is_empty >= 0) {
    bool want = fc->is_empty;
    if (k == QE_JSON_NULL) return want;
    if (is_array(k)) return (qe_json_array_len(v) == 0) == want;
    return !want;
  }
  if (fc->is_null >= 0) {
    bool want = fc->is_null;
    if (k == QE_JSON_NULL) return want;
    if (is_array(k)) return array_has_null(v) == want;
    return !want;
  }
  if (k == QE_JSON_ARRAY) {
    size_t n = qe_json_array_len(v);
    for (size_t i = 0; i < n; i++)
      if (check_match(fc, qe_json_array_at(v, i))) return true;
    return false;
  }
  if (k == QE_JSON_F32) {
    size_t n;
    const float *f = qe_json_f32_data(v, &n);
    for (size_t i = 0; i < n; i++)
      if (check_match_float(fc, f[i])) return true;
    return false;
  }
  return check_match(fc, v);
}

/* FieldCondition::check_empty: the answer when the key selects nothing. */
static bool field_check_empty(const field_cond *fc) {
  if (fc->has_count) return count_ok(fc, 0);
  if (fc->is_empty >= 0) return fc->is_empty;
  if (fc->is_null >= 0) return !fc->is_null;
  return false;
}

typedef struct field_walk {
  const field_cond *fc;
  bool seen, matched;
} field_walk;

static bool field_visit(void *ud, const qe_json *v) {
  field_walk *w = ud;
  w->seen = true;
  if (field_check(w->fc, v)) {
    w->matched = true;
    return false;
  }
  return true;
}

static bool eval_field(const field_cond *fc, const ctx *c) {
  if (fc->ix != XE_PLAIN && fc->ix != XE_FALSE) return qe_ix_match(fc, c->payload);
  field_walk w = {fc, false, false};
  qe_jsonpath_get(fc->path, c->payload, field_visit, &w);
  return w.seen ? w.matched : field_check_empty(fc);
}

/* ------------------------------------------------------------ is_empty, is_null */

/* IsEmptyCondition: every value found is null or an empty array (true when
 * nothing is found). */
static bool empty_visit(void *ud, const qe_json *v) {
  bool *all_empty = ud;
  qe_json_kind k = qe_json_kind_of(v);
  if (k == QE_JSON_NULL || (is_array(k) && qe_json_array_len(v) == 0)) return true;
  *all_empty = false;
  return false;
}

/* IsNullCondition, as qdrant-edge-py 0.9.0 answers it: some value found is
 * null or an array holding a null (one level: [[null]] is not null). The
 * same as the field condition's is_null: true. */
static bool null_visit(void *ud, const qe_json *v) {
  bool *found = ud;
  if (qe_json_kind_of(v) != QE_JSON_NULL && !array_has_null(v)) return true;
  *found = true;
  return false;
}

/* ------------------------------------------------------------ nested */

typedef struct nested_walk {
  const fnode *filter;
  const ctx *outer;
  bool matched;
} nested_walk;

static bool nested_visit(void *ud, const qe_json *v) {
  nested_walk *w = ud;
  if (qe_json_kind_of(v) != QE_JSON_OBJECT) return true;
  ctx inner = {w->outer->pv, v, true};
  if (!eval_filter(w->filter, &inner)) return true;
  w->matched = true;
  return false;
}

/* ------------------------------------------------------------ conditions */

static int cmp_id(const void *a, const void *b) {
  return qe_point_id_cmp(a, b);
}

static bool has_id(const cond *k, const qe_point_id *id) {
  return bsearch(id, k->ids, k->nids, sizeof *k->ids, cmp_id) != NULL;
}

static bool eval_cond(const cond *k, const ctx *c) {
  switch (k->kind) {
  case C_FIELD:
    return eval_field(k->field, c);
  case C_IS_EMPTY: {
    bool all_empty = true;
    qe_jsonpath_get(k->path, c->payload, empty_visit, &all_empty);
    return all_empty;
  }
  case C_IS_NULL: {
    bool found = false;
    qe_jsonpath_get(k->path, c->payload, null_visit, &found);
    return found;
  }
  case C_HAS_ID:
    return !c->nested && has_id(k, &c->pv->id);
  case C_HAS_VECTOR:
    return !c->nested && c->pv->has_vector && c->pv->has_vector(c->pv->ud, k->vector);
  case C_SLICE:
    return !c->nested && qe_point_id_slice_hash(&c->pv->id) % k->total == k->index;
  case C_NESTED: {
    nested_walk w = {k->sub, c, false};
    qe_jsonpath_get(k->path, c->payload, nested_visit, &w);
    return w.matched;
  }
  case C_FILTER:
    return eval_filter(k->sub, c);
  }
  return false;
}

static bool eval_filter(const fnode *f, const ctx *c) {
  if (f->should.present) {
    /* Top level (Qdrant's optimised filter): `should: []` matches all;
     * inside nested (its plain checker): any over nothing is false. */
    bool ok = f->should.n == 0 && !c->nested;
    for (size_t i = 0; !ok && i < f->should.n; i++)
      ok = eval_cond(&f->should.items[i], c);
    if (!ok) return false;
  }
  if (f->min_should.present) {
    uint64_t hits = 0;
    for (size_t i = 0; hits < f->min_count && i < f->min_should.n; i++)
      hits += eval_cond(&f->min_should.items[i], c);
    if (hits < f->min_count) return false;
  }
  for (size_t i = 0; i < f->must.n; i++)
    if (!eval_cond(&f->must.items[i], c)) return false;
  for (size_t i = 0; i < f->must_not.n; i++)
    if (eval_cond(&f->must_not.items[i], c)) return false;
  return true;
}

/* ------------------------------------------------------------ candidates */

/* Qdrant's query planner (query_estimator.rs) reads candidates from the
 * primary clauses of the filter's cardinality estimate, then checks each
 * with the whole filter. A condition the index estimates is a primary
 * clause; its candidates are the points it accepts, except an XE_FALSE
 * condition: none. Only then can a point pass the filter and still not be
 * a candidate, so this runs only for filters holding one. */
enum { CAND_NONE = -1, CAND_OUT = 0, CAND_IN = 1 };

static int cand_filter(const fnode *f, const ctx *c);

static int cand_cond(const cond *k, const ctx *c) {
  switch (k->kind) {
  case C_FIELD:
    if (k->field->ix == XE_FALSE) return CAND_OUT;
    return k->field->primary ? eval_field(k->field, c) : CAND_NONE;
  case C_IS_EMPTY:
  case C_IS_NULL:
    return k->indexed ? eval_cond(k, c) : CAND_NONE;
  case C_HAS_ID:
  case C_HAS_VECTOR:
    return eval_cond(k, c);
  case C_FILTER:
    return cand_filter(k->sub, c);
  default:
    return CAND_NONE;
  }
}

/* combine_must_estimations: the parts with primary clauses (any, as a
 * point outside one fails the filter anyway; an exact zero is always the
 * one chosen). */
static int cand_and(int acc, int part) {
  if (part == CAND_NONE) return acc;
  if (acc == CAND_OUT || part == CAND_OUT) return CAND_OUT;
  return CAND_IN;
}

static int cand_filter(const fnode *f, const ctx *c) {
  int acc = CAND_NONE;
  for (size_t i = 0; i < f->must.n; i++)
    acc = cand_and(acc, cand_cond(&f->must.items[i], c));
  if (f->should.n) { /* combine_should_estimations: a union, unless a branch has none */
    int u = CAND_OUT;
    for (size_t i = 0; i < f->should.n && u != CAND_NONE; i++) {
      int b = cand_cond(&f->should.items[i], c);
      if (b == CAND_NONE || b == CAND_IN) u = b;
    }
    acc = cand_and(acc, u);
  }
  if (f->min_should.present && f->min_should.n) {
    /* every min_count-combination is a must, their union a should */
    uint64_t none = 0, ok = 0;
    for (size_t i = 0; i < f->min_should.n; i++) {
      int b = cand_cond(&f->min_should.items[i], c);
      none += b == CAND_NONE;
      ok += b != CAND_OUT;
    }
    acc = cand_and(acc, none >= f->min_count ? CAND_NONE : ok >= f->min_count ? CAND_IN : CAND_OUT);
  }
  return acc; /* must_not estimates carry no primary clause */
}

bool qe_filter_match(const qe_filter *f, const qe_point_view *p) {
  if (!f) return true;
  ctx c = {p, p->payload, false};
  if (f->candidates && cand_filter(&f->root, &c) == CAND_OUT) return false;
  return eval_filter(&f->root, &c);
}

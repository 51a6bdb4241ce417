/* check.c — validate (and optionally normalise) a qe_json against a type. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../json/value.h"
#include "types.h"

/* The message of an object missing all of its `require_any` fields. */
#define REQUIRE_ANY_TEXT " needs at least one of: "

typedef struct check_ctx {
  unsigned flags;
  qe_model_matches *matches;
  qe_error *err;
  char path[QE_ERROR_PATH_MAX];
  size_t plen;
  size_t progress; /* fields and map entries accepted so far */
} check_ctx;

static int check(check_ctx *c, const qe_type *t, qe_json *v);

/* ------------------------------------------------------------ paths */

static bool ident_like(const char *k, size_t n) {
  if (!n) return false;
  for (size_t i = 0; i < n; i++)
    if (!(isalnum((unsigned char)k[i]) || k[i] == '_' || k[i] == '-')) return false;
  return true;
}

static size_t path_push_key(check_ctx *c, const char *k, size_t n) {
  size_t saved = c->plen;
  size_t room = sizeof c->path - c->plen;
  int w;
  if (ident_like(k, n)) {
    w = snprintf(c->path + c->plen, room, "%s%.*s", c->plen ? "." : "", (int)n, k);
  } else {
    w = snprintf(c->path + c->plen, room, "[\"%.*s\"]", (int)n, k);
  }
  c->plen = w < 0 ? c->plen : (size_t)w >= room ? sizeof c->path - 1 : c->plen + (size_t)w;
  return saved;
}

static size_t path_push_index(check_ctx *c, size_t i) {
  size_t saved = c->plen;
  size_t room = sizeof c->path - c->plen;
  int w = snprintf(c->path + c->plen, room, "[%zu]", i);
  c->plen = w < 0 ? c->plen : (size_t)w >= room ? sizeof c->path - 1 : c->plen + (size_t)w;
  return saved;
}

static void path_pop(check_ctx *c, size_t saved) {
  c->plen = saved;
  c->path[saved] = '\0';
}

static int fail(check_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(check_ctx *c, const char *fmt, ...) {
  if (c->err) {
    char msg[QE_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    qe_error_set(c->err, QE_EINVAL, c->path, "%s", msg);
  }
  return QE_EINVAL;
}

/* Short description of a value for messages: kind, plus the text of short
 * strings and numbers. */
static const char *describe(const qe_json *v, char *buf, size_t n) {
  qe_json_kind k = qe_json_kind_of(v);
  if (k == QE_JSON_STRING) {
    size_t len;
    const char *s = qe_json_get_string(v, &len);
    if (len <= 40) {
      snprintf(buf, n, "string \"%.*s\"", (int)len, s);
      return buf;
    }
  } else if (k == QE_JSON_INT || k == QE_JSON_UINT || k == QE_JSON_DOUBLE) {
    char num[40];
    if (k == QE_JSON_DOUBLE) {
      qe_format_f64(v->v.d, num);
    } else if (k == QE_JSON_INT) {
      snprintf(num, sizeof num, "%lld", (long long)v->v.i);
    } else {
      snprintf(num, sizeof num, "%llu", (unsigned long long)v->v.u);
    }
    snprintf(buf, n, "%s %s", k == QE_JSON_DOUBLE ? "number" : "integer", num);
    return buf;
  }
  snprintf(buf, n, "%s", qe_json_kind_name(k));
  return buf;
}

/* ------------------------------------------------------------ matches */

static int add_match(check_ctx *c, const qe_json *node, const qe_model *m) {
  qe_model_matches *ms = c->matches;
  if (!ms) return QE_OK;
  if (ms->len == ms->cap) {
    size_t cap = ms->cap ? ms->cap * 2 : 16;
    qe_model_match *p = qe_realloc(ms->items, cap * sizeof *p);
    if (!p) return qe_error_set(c->err, QE_ENOMEM, NULL, "out of memory");
    ms->items = p;
    ms->cap = cap;
  }
  ms->items[ms->len++] = (qe_model_match){node, m};
  return QE_OK;
}

void qe_model_matches_free(qe_model_matches *m) {
  if (!m) return;
  qe_free(m->items);
  m->items = NULL;
  m->len = m->cap = 0;
}

/* ------------------------------------------------------------ scalars */

static int check_bounds(check_ctx *c, const qe_type *t, double x, const qe_json *v) {
  char a[40], b[40], d[64];
  if ((t->has_min && x < t->min) || (t->has_max && x > t->max)) {
    if (t->has_min) qe_format_f64(t->min, a);
    if (t->has_max) qe_format_f64(t->max, b);
    /* integral bounds read better without ".0" */
    if (t->has_min && t->min == floor(t->min)) snprintf(a, sizeof a, "%.0f", t->min);
    if (t->has_max && t->max == floor(t->max)) snprintf(b, sizeof b, "%.0f", t->max);
    describe(v, d, sizeof d);
    if (t->has_min && t->has_max)
      return fail(c, "%s is out of range, must be from %s to %s", d, a, b);
    if (t->has_min) return fail(c, "%s is out of range, must be %s or larger", d, a);
    return fail(c, "%s is out of range, must be %s or smaller", d, b);
  }
  return QE_OK;
}

static bool hexval(char ch, unsigned *out) {
  if (ch >= '0' && ch <= '9') {
    *out = (unsigned)(ch - '0');
  } else if (ch >= 'a' && ch <= 'f') {
    *out = (unsigned)(ch - 'a' + 10);
  } else if (ch >= 'A' && ch <= 'F') {
    *out = (unsigned)(ch - 'A' + 10);
  } else {
    return false;
  }
  return true;
}

/* Parse the UUID forms Qdrant accepts (hyphenated, simple, urn:uuid:,
 * braced) into 16 bytes. */
static bool parse_uuid(const char *s, size_t n, unsigned char out[16]) {
  if (n == 45 && strncmp(s, "urn:uuid:", 9) == 0) {
    s += 9;
    n -= 9;
  } else if (n == 38 && s[0] == '{' && s[37] == '}') {
    s += 1;
    n -= 2;
  }
  bool hyph;
  if (n == 36) {
    hyph = true;
  } else if (n == 32) {
    hyph = false;
  } else {
    return false;
  }
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    if (hyph && (i == 8 || i == 13 || i == 18 || i == 23)) {
      if (s[i] != '-') return false;
      i++;
      continue;
    }
    unsigned hi, lo;
    if (!hexval(s[i], &hi) || !hexval(s[i + 1], &lo)) return false;
    out[j++] = (unsigned char)(hi << 4 | lo);
    i += 2;
  }
  return j == 16;
}

static int check_point_id(check_ctx *c, qe_json *v) {
  char d[64];
  if (v->kind == QE_JSON_INT && v->v.i >= 0) return QE_OK;
  if (v->kind == QE_JSON_UINT) return QE_OK;
  if (v->kind == QE_JSON_STRING) {
    const char *s = v->v.str.s;
    size_t n = v->v.str.len;
    if ((c->flags & QE_CHECK_NUMERIC_STRING_IDS) && n > 0 && n <= 20) {
      bool digits = true;
      for (size_t i = 0; i < n; i++)
        digits = digits && isdigit((unsigned char)s[i]);
      if (digits) {
        qe_json *num = qe_json_number_from_text(s, n);
        if (num && (num->kind == QE_JSON_INT || num->kind == QE_JSON_UINT)) {
          qe_free(v->v.str.s);
          *v = *num; /* take the number's contents in place */
          qe_free(num);
          return QE_OK;
        }
        qe_json_free(num);
      }
    }
    unsigned char u[16];
    if (parse_uuid(s, n, u)) {
      if (c->flags & QE_CHECK_COERCE) {
        char canon[37];
        static const char hex[] = "0123456789abcdef";
        size_t k = 0;
        for (int i = 0; i < 16; i++) {
          if (i == 4 || i == 6 || i == 8 || i == 10) canon[k++] = '-';
          canon[k++] = hex[u[i] >> 4];
          canon[k++] = hex[u[i] & 15];
        }
        canon[36] = '\0';
        if (n != 36 || memcmp(s, canon, 36) != 0) {
          char *copy = qe_strndup(canon, 36);
          if (!copy) return qe_error_set(c->err, QE_ENOMEM, NULL, "out of memory");
          qe_free(v->v.str.s);
          v->v.str.s = copy;
          v->v.str.len = 36;
        }
      }
      return QE_OK;
    }
  }
  return fail(c,
              "%s is not a valid point id, valid values are either an unsigned integer or a UUID",
              describe(v, d, sizeof d));
}

static int check_vector(check_ctx *c, qe_json *v) {
  char d[64];
  if (v->kind == QE_JSON_F32) {
    for (size_t i = 0; i < v->v.f32.len; i++) {
      if (!isfinite(v->v.f32.data[i])) {
        size_t s = path_push_index(c, i);
        int rc = fail(c, "vector values must be finite numbers, got %s",
                      isnan(v->v.f32.data[i]) ? "NaN" : "infinity");
        path_pop(c, s);
        return rc;
      }
    }
    return QE_OK;
  }
  if (v->kind != QE_JSON_ARRAY)
    return fail(c, "expected a vector (array of numbers), got %s", describe(v, d, sizeof d));
  for (size_t i = 0; i < v->v.arr.len; i++) {
    qe_json *e = v->v.arr.items[i];
    const char *why = NULL;
    if (!qe_json_is_number(e)) {
      why = "expected a number";
    } else {
      double x = qe_json_get_double(e);
      if (!isfinite(x)) {
        why = "vector values must be finite numbers";
      } else if (!isfinite((float)x)) {
        why = "value is out of the float32 range";
      }
    }
    if (why) {
      size_t s = path_push_index(c, i);
      int rc = fail(c, "%s, got %s", why, describe(e, d, sizeof d));
      path_pop(c, s);
      return rc;
    }
  }
  if (c->flags & QE_CHECK_COERCE) {
    size_t n = v->v.arr.len;
    float *data = qe_malloc((n ? n : 1) * sizeof(float));
    if (!data) return qe_error_set(c->err, QE_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
      data[i] = (float)qe_json_get_double(v->v.arr.items[i]);
      qe_json_free(v->v.arr.items[i]);
    }
    qe_free(v->v.arr.items);
    v->kind = QE_JSON_F32;
    v->v.f32.data = data;
    v->v.f32.len = n;
  }
  return QE_OK;
}

/* ------------------------------------------------------------ models */

/* Is `key` one of the comma-separated names in `list`? */
static bool in_list(const char *list, const char *key, size_t klen) {
  if (!list) return false;
  const char *p = list;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == klen && memcmp(p, key, klen) == 0) return true;
    if (!e) break;
    p = e + 1;
  }
  return false;
}

static int check_object_model(check_ctx *c, const qe_model *m, qe_json *v) {
  const qe_model_desc *d = m->d;
  char buf[64];
  if (v->kind != QE_JSON_OBJECT)
    return fail(c, "expected an object (%s), got %s", d->name, describe(v, buf, sizeof buf));
  int rc = add_match(c, v, m);
  if (rc) return rc;
  for (size_t f = 0; f < d->nfields; f++) {
    const qe_field_desc *fd = &d->fields[f];
    size_t nlen = strlen(fd->name);
    qe_json *fv = qe_json_object_getn(v, fd->name, nlen);
    if (!fv && fd->aliases) {
      /* look for an alias spelling */
      for (size_t i = 0; i < v->v.obj.len && !fv; i++) {
        const qe_json_member *mem = &v->v.obj.m[i];
        if (in_list(fd->aliases, mem->key, mem->klen)) {
          if (c->flags & QE_CHECK_COERCE) {
            char *alias = qe_strndup(mem->key, mem->klen);
            if (!alias) return qe_error_set(c->err, QE_ENOMEM, NULL, "out of memory");
            fv = qe_json_object_take(v, alias, strlen(alias));
            qe_free(alias);
            if (qe_json_object_setn(v, fd->name, nlen, fv))
              return qe_error_set(c->err, QE_ENOMEM, NULL, "out of memory");
            fv = qe_json_object_getn(v, fd->name, nlen);
          } else {
            fv = mem->val;
          }
        }
      }
    }
    size_t s = path_push_key(c, fd->name, nlen);
    if (!fv) {
      if (fd->flags & QE_REQ) {
        rc = fail(c, "missing required field of %s", d->name);
        path_pop(c, s);
        return rc;
      }
      if ((c->flags & QE_CHECK_DEFAULTS) && m->defaults && m->defaults[f]) {
        qe_json *def = qe_json_clone(m->defaults[f]);
        if (!def || qe_json_object_setn(v, fd->name, nlen, def)) {
          path_pop(c, s);
          return qe_error_set(c->err, QE_ENOMEM, NULL, "out of memory");
        }
      }
      path_pop(c, s);
      continue;
    }
    if (fv->kind == QE_JSON_NULL) {
      bool null_ok =
          (fd->flags & QE_REQ) ? (fd->flags & QE_NULLABLE) != 0 : (fd->flags & QE_NONULL) == 0;
      if (!null_ok) {
        rc = fail(c, "must not be null");
        path_pop(c, s);
        return rc;
      }
      path_pop(c, s);
      continue;
    }
    rc = check(c, m->field_types[f], fv);
    path_pop(c, s);
    if (rc) return rc;
    c->progress++;
  }
  /* unknown fields after the known ones, so an alternative of a union that
   * accepted several fields before meeting a stranger counts that progress */
  if ((c->flags & QE_CHECK_STRICT) || (d->flags & QE_M_STRICT)) {
    for (size_t i = 0; i < v->v.obj.len; i++) {
      const qe_json_member *mem = &v->v.obj.m[i];
      bool known = false;
      for (size_t f = 0; f < d->nfields && !known; f++) {
        known = (strlen(d->fields[f].name) == mem->klen &&
                 memcmp(d->fields[f].name, mem->key, mem->klen) == 0) ||
                in_list(d->fields[f].aliases, mem->key, mem->klen);
      }
      if (!known) {
        size_t s = path_push_key(c, mem->key, mem->klen);
        rc = fail(c, "unknown field of %s", d->name);
        path_pop(c, s);
        return rc;
      }
    }
  }
  if (d->require_any) {
    bool any = false;
    for (size_t f = 0; f < d->nfields && !any; f++) {
      if (!in_list(d->require_any, d->fields[f].name, strlen(d->fields[f].name))) continue;
      qe_json *fv = qe_json_object_get(v, d->fields[f].name);
      any = fv && fv->kind != QE_JSON_NULL;
    }
    if (!any) return fail(c, "%s" REQUIRE_ANY_TEXT "%s", d->name, d->require_any);
  }
  return QE_OK;
}

static int check_enum_model(check_ctx *c, const qe_model *m, qe_json *v) {
  char buf[64];
  if (v->kind == QE_JSON_STRING) {
    for (size_t i = 0; i < m->nvalues; i++) {
      const char *val = m->d->values[i];
      if (strlen(val) == v->v.str.len && memcmp(val, v->v.str.s, v->v.str.len) == 0)
        return add_match(c, v, m);
    }
  }
  char list[256];
  size_t k = 0;
  list[0] = '\0';
  for (size_t i = 0; i < m->nvalues && k < sizeof list - 1; i++) {
    int w = snprintf(list + k, sizeof list - k, "%s\"%s\"", i ? ", " : "", m->d->values[i]);
    if (w < 0) break;
    k += (size_t)w;
  }
  if (k >= sizeof list) k = sizeof list - 1;
  return fail(c, "expected one of %s (%s), got %s", list, m->d->name, describe(v, buf, sizeof buf));
}

/* ------------------------------------------------------------ unions */

/* Could a value of kind k be accepted by t at all? (fast pre-filter) */
static bool kind_fits(const qe_type *t, qe_json_kind k) {
  switch (t->kind) {
  case QE_T_ANY:
    return true;
  case QE_T_BOOL:
    return k == QE_JSON_BOOL;
  case QE_T_INT:
  case QE_T_UINT:
    return k == QE_JSON_INT || k == QE_JSON_UINT;
  case QE_T_FLOAT:
    return k == QE_JSON_INT || k == QE_JSON_UINT || k == QE_JSON_DOUBLE;
  case QE_T_STRING:
    return k == QE_JSON_STRING;
  case QE_T_OBJECT:
  case QE_T_MAP:
    return k == QE_JSON_OBJECT;
  case QE_T_NULL:
    return k == QE_JSON_NULL;
  case QE_T_POINT_ID:
    return k == QE_JSON_INT || k == QE_JSON_UINT || k == QE_JSON_STRING;
  case QE_T_VECTOR:
    return k == QE_JSON_ARRAY || k == QE_JSON_F32;
  case QE_T_ARRAY:
    return k == QE_JSON_ARRAY || k == QE_JSON_F32 || k == QE_JSON_OBJECT;
  case QE_T_UNION:
    for (size_t i = 0; i < t->nalts; i++)
      if (kind_fits(t->alts[i], k)) return true;
    return false;
  case QE_T_MODEL:
    switch (t->model->d->kind) {
    case QE_MODEL_OBJECT:
      return k == QE_JSON_OBJECT;
    case QE_MODEL_ENUM:
      return k == QE_JSON_STRING;
    default:
      return kind_fits(t->model->type, k);
    }
  }
  return false;
}

/* Name of a type for "expected X or Y" messages. */
static void type_label(const qe_type *t, qe_buf *b) {
  static const char *const names[] = {"bool",     "integer", "unsigned integer", "number",
                                      "string",   "any",     "object",           "null",
                                      "point id", "vector"};
  switch (t->kind) {
  case QE_T_MODEL:
    qe_buf_puts(b, t->model->d->name);
    break;
  case QE_T_ARRAY:
    qe_buf_puts(b, "array of ");
    type_label(t->item, b);
    break;
  case QE_T_MAP:
    qe_buf_puts(b, "map of ");
    type_label(t->item, b);
    break;
  case QE_T_UNION:
    for (size_t i = 0; i < t->nalts; i++) {
      if (i) qe_buf_puts(b, " or ");
      type_label(t->alts[i], b);
    }
    break;
  default:
    qe_buf_puts(b, names[t->kind]);
  }
}

/* Segments in a path: "a.b[2]" has three. */
static size_t path_depth(const char *p) {
  size_t n = *p && *p != '[' ? 1 : 0;
  for (; *p; p++)
    n += (*p == '.' || *p == '[');
  return n;
}

/* How telling an alternative's failure is: deeper is better; at the same
 * depth, a wrong value beats a missing or unknown field (the alternative
 * whose fields were present is the one the user meant). */
static size_t failure_rank(const qe_error *e) {
  /* every given field was right but a needed one of several was absent:
   * the object is the one meant, rank it as if one level deeper */
  if (strstr(e->message, REQUIRE_ANY_TEXT)) return path_depth(e->path) * 2 + 3;
  bool shape = strncmp(e->message, "missing required field", 22) == 0 ||
               strncmp(e->message, "unknown field", 13) == 0;
  return path_depth(e->path) * 2 + (shape ? 0 : 1);
}

/* Is t a map or a plain object (after model aliases)? An empty object is
 * always one of those, never a failure and never changed. */
static bool takes_empty_object(const qe_type *t) {
  while (t->kind == QE_T_MODEL && t->model->d->kind != QE_MODEL_OBJECT &&
         t->model->d->kind != QE_MODEL_ENUM)
    t = t->model->type;
  return t->kind == QE_T_MAP || t->kind == QE_T_OBJECT;
}

static int check_union(check_ctx *c, const qe_type *t, qe_json *v) {
  size_t mark = c->matches ? c->matches->len : 0;
  size_t start = c->progress;
  qe_error best = {0};
  size_t best_rank = 0, best_progress = 0, tried = 0;
  qe_error *outer = c->err;
  qe_json_kind k = qe_json_kind_of(v);
  /* `{}` is an empty map when the union has a map (VectorStruct's `{}` is a
   * point without vectors); the coercion of `{}` to `[]` (Lua's empty table)
   * only applies when no alternative takes the object as it is */
  if (k == QE_JSON_OBJECT && v->v.obj.len == 0)
    for (size_t i = 0; i < t->nalts; i++)
      if (takes_empty_object(t->alts[i])) return check(c, t->alts[i], v);
  for (size_t i = 0; i < t->nalts; i++) {
    if (!kind_fits(t->alts[i], k)) continue;
    qe_error e = {0};
    c->err = &e;
    int rc = check(c, t->alts[i], v);
    c->err = outer;
    if (rc == QE_OK) return QE_OK;
    size_t progress = c->progress - start;
    c->progress = start;
    if (c->matches) c->matches->len = mark;
    if (rc != QE_EINVAL) {
      if (outer) *outer = e;
      return rc;
    }
    /* the alternative that accepted the most before failing is the one the
     * user meant; at equal progress, the most telling failure */
    size_t rank = failure_rank(&e);
    if (!tried++ || progress > best_progress || (progress == best_progress && rank > best_rank)) {
      best = e;
      best_rank = rank;
      best_progress = progress;
    }
  }
  /* one candidate, or one that got past this level: its error is precise */
  if (tried == 1 || (tried && (best_progress > 0 || best_rank > path_depth(c->path) * 2 + 1))) {
    if (outer) *outer = best;
    return QE_EINVAL;
  }
  qe_buf label = {0};
  type_label(t, &label);
  char d[64];
  int rc = fail(c, "expected %s, got %s", label.data ? label.data : "?", describe(v, d, sizeof d));
  qe_buf_free(&label);
  return rc;
}

/* ------------------------------------------------------------ dispatch */

static int check(check_ctx *c, const qe_type *t, qe_json *v) {
  char d[64];
  qe_json_kind k = qe_json_kind_of(v);
  switch (t->kind) {
  case QE_T_ANY:
    return QE_OK;
  case QE_T_NULL:
    return k == QE_JSON_NULL ? QE_OK : fail(c, "expected null, got %s", describe(v, d, sizeof d));
  case QE_T_BOOL:
    return k == QE_JSON_BOOL ? QE_OK : fail(c, "expected a bool, got %s", describe(v, d, sizeof d));
  case QE_T_STRING:
    return k == QE_JSON_STRING ? QE_OK
                               : fail(c, "expected a string, got %s", describe(v, d, sizeof d));
  case QE_T_OBJECT:
    return k == QE_JSON_OBJECT ? QE_OK
                               : fail(c, "expected an object, got %s", describe(v, d, sizeof d));
  case QE_T_INT:
    if (k != QE_JSON_INT) return fail(c, "expected an integer, got %s", describe(v, d, sizeof d));
    return check_bounds(c, t, (double)v->v.i, v);
  case QE_T_UINT:
    if (k == QE_JSON_UINT) return check_bounds(c, t, (double)v->v.u, v);
    if (k != QE_JSON_INT || v->v.i < 0)
      return fail(c, "expected an unsigned integer, got %s", describe(v, d, sizeof d));
    return check_bounds(c, t, (double)v->v.i, v);
  case QE_T_FLOAT:
    if (!qe_json_is_number(v))
      return fail(c, "expected a number, got %s", describe(v, d, sizeof d));
    return check_bounds(c, t, qe_json_get_double(v), v);
  case QE_T_POINT_ID:
    return check_point_id(c, v);
  case QE_T_VECTOR:
    return check_vector(c, v);
  case QE_T_ARRAY:
    if (k == QE_JSON_F32 && t->item->kind == QE_T_FLOAT) return QE_OK;
    if (k == QE_JSON_OBJECT && v->v.obj.len == 0 && (c->flags & QE_CHECK_COERCE)) {
      v->kind = QE_JSON_ARRAY;
      qe_free(v->v.obj.m);
      qe_free(v->v.obj.index);
      memset(&v->v, 0, sizeof v->v);
      return QE_OK;
    }
    if (k != QE_JSON_ARRAY) {
      qe_buf label = {0};
      type_label(t, &label);
      int rc = fail(c, "expected %s, got %s", label.data ? label.data : "array",
                    describe(v, d, sizeof d));
      qe_buf_free(&label);
      return rc;
    }
    for (size_t i = 0; i < v->v.arr.len; i++) {
      size_t s = path_push_index(c, i);
      int rc = check(c, t->item, v->v.arr.items[i]);
      path_pop(c, s);
      if (rc) return rc;
    }
    return QE_OK;
  case QE_T_MAP:
    if (k != QE_JSON_OBJECT) {
      qe_buf label = {0};
      type_label(t, &label);
      int rc = fail(c, "expected %s, got %s", label.data ? label.data : "object",
                    describe(v, d, sizeof d));
      qe_buf_free(&label);
      return rc;
    }
    for (size_t i = 0; i < v->v.obj.len; i++) {
      qe_json_member *mem = &v->v.obj.m[i];
      size_t s = path_push_key(c, mem->key, mem->klen);
      int rc = check(c, t->item, mem->val);
      path_pop(c, s);
      if (rc) return rc;
      c->progress++;
    }
    return QE_OK;
  case QE_T_UNION:
    return check_union(c, t, v);
  case QE_T_MODEL:
    switch (t->model->d->kind) {
    case QE_MODEL_OBJECT:
      return check_object_model(c, t->model, v);
    case QE_MODEL_ENUM:
      return check_enum_model(c, t->model, v);
    default:
      return check(c, t->model->type, v);
    }
  }
  return qe_error_set(c->err, QE_EINTERNAL, c->path, "unknown type kind");
}

/* ------------------------------------------------------------ entry points */

int qe_check_type(const qe_type *t, qe_json *v, unsigned flags, qe_model_matches *matches,
                  qe_error *err) {
  check_ctx c;
  c.flags = flags;
  c.matches = matches;
  c.err = err;
  c.path[0] = '\0';
  c.plen = 0;
  c.progress = 0;
  if (!v) return qe_error_set(err, QE_EINVAL, NULL, "no value given");
  return check(&c, t, v);
}

int qe_model_check(const qe_model *m, qe_json *v, unsigned flags, qe_model_matches *matches,
                   qe_error *err) {
  qe_registry_ensure();
  if (!m) return qe_error_set(err, QE_EINVAL, NULL, "no model given");
  qe_type t = {0};
  t.kind = QE_T_MODEL;
  t.model = m;
  return qe_check_type(&t, v, flags, matches, err);
}

int qe_model_check_name(const char *name, qe_json *v, unsigned flags, qe_model_matches *matches,
                        qe_error *err) {
  const qe_model *m = qe_model_find(name);
  if (!m) {
    int rc = qe_registry_status(err);
    if (rc) return rc;
    return qe_error_set(err, QE_ENOTFOUND, NULL, "no model named \"%s\"", name ? name : "(null)");
  }
  return qe_model_check(m, v, flags, matches, err);
}

int qe_type_check(const char *type_expr, qe_json *v, unsigned flags, qe_model_matches *matches,
                  qe_error *err) {
  int rc = qe_registry_status(err);
  if (rc) return rc;
  qe_type *t = qe_type_compile(type_expr, err);
  if (!t) return QE_EINVAL;
  rc = qe_type_resolve(t, err);
  if (!rc) rc = qe_check_type(t, v, flags, matches, err);
  qe_type_free(t);
  return rc;
}

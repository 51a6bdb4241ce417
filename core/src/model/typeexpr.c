/* typeexpr.c — compile type expressions such as "[PointStruct] | {Vector}". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../json/value.h"
#include "types.h"

typedef struct lexer {
  const char *expr;
  const char *p;
  qe_error *err;
} lexer;

static void skip_ws(lexer *lx) {
  while (*lx->p == ' ' || *lx->p == '\t')
    lx->p++;
}

static qe_type *fail(lexer *lx, const char *what) {
  const char *expr = lx->expr ? lx->expr : "";
  qe_error_set(lx->err, QE_EINVAL, NULL, "type expression \"%s\" at offset %d: %s", expr,
               lx->p && lx->expr ? (int)(lx->p - lx->expr) : 0, what);
  return NULL;
}

static qe_type *new_type(qe_tkind k) {
  qe_type *t = qe_calloc(1, sizeof *t);
  if (t) t->kind = k;
  return t;
}

void qe_type_free(qe_type *t) {
  if (!t) return;
  qe_free(t->ref);
  qe_type_free(t->item);
  for (size_t i = 0; i < t->nalts; i++)
    qe_type_free(t->alts[i]);
  qe_free(t->alts);
  qe_free(t);
}

static const struct {
  const char *name;
  qe_tkind kind;
} prims[] = {{"bool", QE_T_BOOL},     {"int", QE_T_INT},       {"uint", QE_T_UINT},
             {"float", QE_T_FLOAT},   {"string", QE_T_STRING}, {"any", QE_T_ANY},
             {"object", QE_T_OBJECT}, {"null", QE_T_NULL},     {"point_id", QE_T_POINT_ID},
             {"vector", QE_T_VECTOR}};

static qe_type *parse_union(lexer *lx);

/* A bound: digits with an optional sign, fraction and exponent; a '.' counts
 * only when a digit follows, so "0..1" reads as 0, "..", 1. */
static bool scan_number(lexer *lx, double *out) {
  char buf[48];
  size_t n = 0;
  const char *p = lx->p;
  if (*p == '-' || *p == '+') buf[n++] = *p++;
  while (n < sizeof buf - 1 &&
         (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1])) ||
          ((*p == 'e' || *p == 'E') && n > 0)))
    buf[n++] = *p++;
  buf[n] = '\0';
  char *end;
  *out = qe_strtod(buf, &end);
  if (n == 0 || *end) return false;
  lx->p = p;
  return true;
}

/* [num] ".." [num] inside parentheses, for numeric primitives. */
static bool parse_bounds(lexer *lx, qe_type *t) {
  lx->p++; /* '(' */
  skip_ws(lx);
  if (*lx->p != '.') {
    if (!scan_number(lx, &t->min)) return false;
    t->has_min = true;
  }
  skip_ws(lx);
  if (lx->p[0] != '.' || lx->p[1] != '.') return false;
  lx->p += 2;
  skip_ws(lx);
  if (*lx->p != ')') {
    if (!scan_number(lx, &t->max)) return false;
    t->has_max = true;
  }
  skip_ws(lx);
  if (*lx->p != ')') return false;
  lx->p++;
  return true;
}

static qe_type *parse_term(lexer *lx) {
  skip_ws(lx);
  char c = *lx->p;
  if (c == '[' || c == '{') {
    char close = c == '[' ? ']' : '}';
    lx->p++;
    qe_type *inner = parse_union(lx);
    if (!inner) return NULL;
    skip_ws(lx);
    if (*lx->p != close) {
      qe_type_free(inner);
      return fail(lx, c == '[' ? "expected ']'" : "expected '}'");
    }
    lx->p++;
    qe_type *t = new_type(c == '[' ? QE_T_ARRAY : QE_T_MAP);
    if (!t) {
      qe_type_free(inner);
      return fail(lx, "out of memory");
    }
    t->item = inner;
    return t;
  }
  if (!(isalpha((unsigned char)c) || c == '_')) return fail(lx, "expected a type name");
  const char *start = lx->p;
  while (isalnum((unsigned char)*lx->p) || *lx->p == '_')
    lx->p++;
  size_t n = (size_t)(lx->p - start);
  qe_type *t = NULL;
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
    if (strlen(prims[i].name) == n && memcmp(prims[i].name, start, n) == 0) {
      t = new_type(prims[i].kind);
      if (!t) return fail(lx, "out of memory");
      break;
    }
  }
  if (!t) {
    t = new_type(QE_T_MODEL);
    if (!t || !(t->ref = qe_strndup(start, n))) {
      qe_type_free(t);
      return fail(lx, "out of memory");
    }
  }
  skip_ws(lx);
  if (*lx->p == '(') {
    if (t->kind != QE_T_INT && t->kind != QE_T_UINT && t->kind != QE_T_FLOAT) {
      qe_type_free(t);
      return fail(lx, "bounds are only allowed on int, uint and float");
    }
    if (!parse_bounds(lx, t)) {
      qe_type_free(t);
      return fail(lx, "malformed bounds, expected (min..max)");
    }
  }
  return t;
}

static qe_type *parse_union(lexer *lx) {
  qe_type *first = parse_term(lx);
  if (!first) return NULL;
  skip_ws(lx);
  if (*lx->p != '|') return first;
  qe_type *u = new_type(QE_T_UNION);
  if (!u) {
    qe_type_free(first);
    return fail(lx, "out of memory");
  }
  qe_type *next = first;
  for (;;) {
    qe_type **alts = qe_realloc(u->alts, (u->nalts + 1) * sizeof *alts);
    if (!alts) {
      qe_type_free(next);
      qe_type_free(u);
      return fail(lx, "out of memory");
    }
    u->alts = alts;
    u->alts[u->nalts++] = next;
    skip_ws(lx);
    if (*lx->p != '|') break;
    lx->p++;
    next = parse_term(lx);
    if (!next) {
      qe_type_free(u);
      return NULL;
    }
  }
  return u;
}

qe_type *qe_type_compile(const char *expr, qe_error *err) {
  lexer lx = {expr, expr, err};
  if (!expr) return fail(&lx, "missing");
  qe_type *t = parse_union(&lx);
  if (!t) return NULL;
  skip_ws(&lx);
  if (*lx.p) {
    qe_type_free(t);
    return fail(&lx, "unexpected text after the type");
  }
  return t;
}

int qe_type_resolve(qe_type *t, qe_error *err) {
  if (t->kind == QE_T_MODEL && !t->model) {
    t->model = qe_registry_lookup(t->ref);
    if (!t->model) return qe_error_set(err, QE_EINVAL, NULL, "unknown model name \"%s\"", t->ref);
  }
  if (t->item && qe_type_resolve(t->item, err)) return QE_EINVAL;
  for (size_t i = 0; i < t->nalts; i++)
    if (qe_type_resolve(t->alts[i], err)) return QE_EINVAL;
  return QE_OK;
}

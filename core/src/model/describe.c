/* describe.c — the registry as JSON, for bindings, stubs and tests. */
#include <string.h>

#include "types.h"

static int put_str(qe_json *o, const char *k, const char *s) {
  return qe_json_object_set(o, k, s ? qe_json_new_cstr(s) : qe_json_new_null());
}

static const char *kind_name(qe_model_kind k) {
  switch (k) {
  case QE_MODEL_OBJECT:
    return "object";
  case QE_MODEL_ENUM:
    return "enum";
  case QE_MODEL_UNION:
    return "union";
  case QE_MODEL_ALIAS:
    return "alias";
  }
  return "unknown";
}

/* Top-level alternatives of a union/alias type expression, as written. */
static qe_json *variants_of(const char *type) {
  qe_json *a = qe_json_new_array();
  if (!a) return NULL;
  int nest = 0;
  const char *start = type;
  for (const char *p = type;; p++) {
    if (*p == '[' || *p == '{' || *p == '(') nest++;
    if (*p == ']' || *p == '}' || *p == ')') nest--;
    if ((*p == '|' && nest == 0) || *p == '\0') {
      const char *b = start, *e = p;
      while (b < e && *b == ' ')
        b++;
      while (e > b && e[-1] == ' ')
        e--;
      if (qe_json_array_push(a, qe_json_new_string(b, (size_t)(e - b), NULL))) {
        qe_json_free(a);
        return NULL;
      }
      if (!*p) break;
      start = p + 1;
    }
  }
  return a;
}

static qe_json *describe_field(const qe_model *m, size_t i) {
  const qe_field_desc *f = &m->d->fields[i];
  qe_json *o = qe_json_new_object();
  if (!o) return NULL;
  int rc = put_str(o, "name", f->name);
  rc |= put_str(o, "type", f->type);
  rc |= qe_json_object_set(o, "required", qe_json_new_bool((f->flags & QE_REQ) != 0));
  rc |= qe_json_object_set(o, "nullable",
                           qe_json_new_bool((f->flags & QE_REQ) ? (f->flags & QE_NULLABLE) != 0
                                                                : (f->flags & QE_NONULL) == 0));
  if (m->defaults && m->defaults[i])
    rc |= qe_json_object_set(o, "default", qe_json_clone(m->defaults[i]));
  rc |= put_str(o, "doc", f->doc ? f->doc : "");
  qe_json *aliases = qe_json_new_array();
  if (aliases && f->aliases) {
    const char *p = f->aliases;
    while (*p) {
      const char *e = strchr(p, ',');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      rc |= qe_json_array_push(aliases, qe_json_new_string(p, n, NULL));
      if (!e) break;
      p = e + 1;
    }
  }
  rc |= qe_json_object_set(o, "aliases", aliases);
  if (rc) {
    qe_json_free(o);
    return NULL;
  }
  return o;
}

qe_json *qe_model_describe(const qe_model *m) {
  if (!m) return NULL;
  const qe_model_desc *d = m->d;
  qe_json *o = qe_json_new_object();
  if (!o) return NULL;
  int rc = put_str(o, "name", d->name);
  rc |= put_str(o, "kind", kind_name(d->kind));
  rc |= put_str(o, "doc", d->doc ? d->doc : "");
  rc |= put_str(o, "openapi", d->openapi ? (d->openapi[0] ? d->openapi : NULL) : d->name);
  rc |= qe_json_object_set(o, "strict", qe_json_new_bool((d->flags & QE_M_STRICT) != 0));
  if (d->kind == QE_MODEL_OBJECT) {
    qe_json *fields = qe_json_new_array();
    for (size_t i = 0; fields && i < d->nfields; i++)
      rc |= qe_json_array_push(fields, describe_field(m, i));
    rc |= qe_json_object_set(o, "fields", fields);
  } else if (d->kind == QE_MODEL_ENUM) {
    qe_json *values = qe_json_new_array();
    for (size_t i = 0; values && i < m->nvalues; i++)
      rc |= qe_json_array_push(values, qe_json_new_cstr(d->values[i]));
    rc |= qe_json_object_set(o, "values", values);
  } else {
    rc |= put_str(o, "type", d->type);
    rc |= qe_json_object_set(o, "variants", variants_of(d->type));
  }
  if (rc) {
    qe_json_free(o);
    return NULL;
  }
  return o;
}

qe_json *qe_registry_describe(void) {
  if (qe_registry_status(NULL)) return NULL;
  qe_json *a = qe_json_new_array();
  for (size_t i = 0; a && i < qe_model_count(); i++) {
    if (qe_json_array_push(a, qe_model_describe(qe_model_at(i)))) {
      qe_json_free(a);
      return NULL;
    }
  }
  return a;
}

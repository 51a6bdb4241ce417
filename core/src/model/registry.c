/* registry.c — gather the descriptor groups, compile and check them once. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../json/value.h"
#include "types.h"

static struct {
  qe_model *models; /* sorted by name */
  size_t count;
  qe_error status;
} reg;

static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static int cmp_model(const void *a, const void *b) {
  return strcmp(((const qe_model *)a)->d->name, ((const qe_model *)b)->d->name);
}

const qe_model *qe_registry_lookup(const char *name) {
  size_t lo = 0, hi = reg.count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(name, reg.models[mid].d->name);
    if (c == 0) return &reg.models[mid];
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return NULL;
}

/* Compile one model's type expressions and defaults. */
static int compile_model(qe_model *m, qe_error *err) {
  const qe_model_desc *d = m->d;
  switch (d->kind) {
  case QE_MODEL_OBJECT:
    if (d->nfields) {
      m->field_types = qe_calloc(d->nfields, sizeof *m->field_types);
      m->defaults = qe_calloc(d->nfields, sizeof *m->defaults);
      if (!m->field_types || !m->defaults) return qe_error_set(err, QE_ENOMEM, NULL, "no memory");
    }
    for (size_t i = 0; i < d->nfields; i++) {
      const qe_field_desc *f = &d->fields[i];
      for (size_t j = 0; j < i; j++)
        if (strcmp(d->fields[j].name, f->name) == 0)
          return qe_error_set(err, QE_EINTERNAL, NULL, "model %s: field %s listed twice", d->name,
                              f->name);
      qe_error e = {0};
      m->field_types[i] = qe_type_compile(f->type, &e);
      if (!m->field_types[i])
        return qe_error_set(err, QE_EINTERNAL, NULL, "model %s, field %s: %s", d->name, f->name,
                            e.message);
      if (f->def && qe_json_parse(f->def, strlen(f->def), NULL, &m->defaults[i], &e))
        return qe_error_set(err, QE_EINTERNAL, NULL, "model %s, field %s: default: %s", d->name,
                            f->name, e.message);
    }
    break;
  case QE_MODEL_ENUM:
    for (const char *const *v = d->values; v && *v; v++)
      m->nvalues++;
    if (!m->nvalues) return qe_error_set(err, QE_EINTERNAL, NULL, "enum %s has no values", d->name);
    break;
  case QE_MODEL_UNION:
  case QE_MODEL_ALIAS: {
    qe_error e = {0};
    m->type = qe_type_compile(d->type, &e);
    if (!m->type) return qe_error_set(err, QE_EINTERNAL, NULL, "model %s: %s", d->name, e.message);
    break;
  }
  default:
    return qe_error_set(err, QE_EINTERNAL, NULL, "model %s: unknown kind", d->name);
  }
  return QE_OK;
}

static int resolve_model(qe_model *m, qe_error *err) {
  qe_error e = {0};
  for (size_t i = 0; i < m->d->nfields; i++) {
    if (qe_type_resolve(m->field_types[i], &e))
      return qe_error_set(err, QE_EINTERNAL, NULL, "model %s, field %s: %s", m->d->name,
                          m->d->fields[i].name, e.message);
  }
  if (m->type && qe_type_resolve(m->type, &e))
    return qe_error_set(err, QE_EINTERNAL, NULL, "model %s: %s", m->d->name, e.message);
  return QE_OK;
}

/* Every default must itself be a valid value of its field's type. */
static int check_defaults(qe_model *m, qe_error *err) {
  for (size_t i = 0; i < m->d->nfields; i++) {
    if (!m->defaults[i]) continue;
    qe_error e = {0};
    if (qe_check_type(m->field_types[i], m->defaults[i], 0, NULL, &e))
      return qe_error_set(err, QE_EINTERNAL, NULL, "model %s, field %s: default is invalid: %s",
                          m->d->name, m->d->fields[i].name, e.message);
  }
  return QE_OK;
}

static void build(void) {
  size_t n = 0;
  for (const qe_model_group *const *g = qe_model_groups; *g; g++)
    n += (*g)->count;
  reg.models = qe_calloc(n ? n : 1, sizeof *reg.models);
  if (!reg.models) {
    qe_error_set(&reg.status, QE_ENOMEM, NULL, "out of memory building the model registry");
    return;
  }
  for (const qe_model_group *const *g = qe_model_groups; *g; g++)
    for (size_t i = 0; i < (*g)->count; i++)
      reg.models[reg.count++].d = &(*g)->models[i];
  qsort(reg.models, reg.count, sizeof *reg.models, cmp_model);
  for (size_t i = 1; i < reg.count; i++) {
    if (strcmp(reg.models[i - 1].d->name, reg.models[i].d->name) == 0) {
      qe_error_set(&reg.status, QE_EINTERNAL, NULL, "model %s is registered twice",
                   reg.models[i].d->name);
      return;
    }
  }
  for (size_t i = 0; i < reg.count; i++)
    if (compile_model(&reg.models[i], &reg.status)) return;
  for (size_t i = 0; i < reg.count; i++)
    if (resolve_model(&reg.models[i], &reg.status)) return;
  for (size_t i = 0; i < reg.count; i++)
    if (check_defaults(&reg.models[i], &reg.status)) return;
}

void qe_registry_ensure(void) {
  pthread_once(&reg_once, build);
}

int qe_registry_status(qe_error *err) {
  qe_registry_ensure();
  if (reg.status.code) {
    if (err) *err = reg.status;
    return reg.status.code;
  }
  return QE_OK;
}

size_t qe_model_count(void) {
  qe_registry_ensure();
  return reg.status.code ? 0 : reg.count;
}

const qe_model *qe_model_at(size_t i) {
  qe_registry_ensure();
  return !reg.status.code && i < reg.count ? &reg.models[i] : NULL;
}

const qe_model *qe_model_find(const char *name) {
  qe_registry_ensure();
  return reg.status.code || !name ? NULL : qe_registry_lookup(name);
}

const char *qe_model_name(const qe_model *m) {
  return m ? m->d->name : NULL;
}

qe_model_kind qe_model_kind_of(const qe_model *m) {
  return m ? m->d->kind : (qe_model_kind)0;
}

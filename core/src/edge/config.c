/* config.c — an edge shard's EdgeConfig, parsed into vector descriptions. */
#include <stdio.h>
#include <string.h>

#include "qedge/model.h"
#include "shard_internal.h"

static void vec_free(qe_vec_conf *v) {
  qe_free(v->name);
  qe_json_free(v->params);
}

void qe_config_free(qe_shard_config *c) {
  for (size_t i = 0; i < c->nvecs; i++)
    vec_free(&c->vecs[i]);
  qe_free(c->vecs);
  qe_json_free(c->raw);
  memset(c, 0, sizeof *c);
}

int qe_config_find(const qe_shard_config *c, const char *name, size_t len) {
  for (size_t i = 0; i < c->nvecs; i++)
    if (strlen(c->vecs[i].name) == len && memcmp(c->vecs[i].name, name, len) == 0) return (int)i;
  return -1;
}

/* Fill a dense vector description from EdgeVectorParams / VectorDataConfig. */
static int dense_from(qe_vec_conf *v, const qe_json *p, const char *path, qe_error *err) {
  uint64_t size = 0;
  qe_json_get_u64(qe_json_object_get(p, "size"), &size);
  v->dim = (uint32_t)size;
  const char *dist = qe_json_get_string(qe_json_object_get(p, "distance"), NULL);
  int d = dist ? qe_distance_parse(dist) : -1;
  if (d < 0) return qe_error_set(err, QE_EINVAL, path, "unknown distance");
  v->dist = (qe_distance)d;
  const char *dt = qe_json_get_string(qe_json_object_get(p, "datatype"), NULL);
  if (dt && strcmp(dt, "float32") != 0)
    return qe_error_set(err, QE_EUNSUPPORTED, path,
                        "datatype \"%s\" is not supported yet; vectors are stored as float32", dt);
  const qe_json *mv = qe_json_object_get(p, "multivector_config");
  if (mv && qe_json_kind_of(mv) == QE_JSON_OBJECT) v->multi = true;
  return QE_OK;
}

static int add_vec(qe_shard_config *c, const char *name, size_t nlen, const qe_json *params,
                   bool sparse, const char *path, qe_error *err) {
  if (qe_config_find(c, name, nlen) >= 0)
    return qe_error_set(err, QE_EINVAL, path, "vector name \"%.*s\" is configured twice", (int)nlen,
                        name);
  qe_vec_conf *vs = qe_realloc(c->vecs, (c->nvecs + 1) * sizeof *vs);
  if (!vs) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  c->vecs = vs;
  qe_vec_conf *v = &c->vecs[c->nvecs];
  memset(v, 0, sizeof *v);
  v->name = qe_strndup(name, nlen);
  v->params = params ? qe_json_clone(params) : qe_json_new_object();
  v->sparse = sparse;
  if (!v->name || !v->params) {
    vec_free(v);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  int rc = QE_OK;
  if (sparse) {
    const char *mod = qe_json_get_string(qe_json_object_get(params, "modifier"), NULL);
    v->idf = mod && strcmp(mod, "idf") == 0;
  } else {
    rc = dense_from(v, params, path, err);
  }
  if (rc) {
    vec_free(v);
    return rc;
  }
  c->nvecs++;
  return QE_OK;
}

int qe_config_add_vector(qe_shard_config *c, const char *name, const qe_json *params, bool sparse,
                         qe_error *err) {
  return add_vec(c, name, strlen(name), params, sparse, "params", err);
}

int qe_config_from_json(const qe_json *cfg, qe_shard_config *out, qe_error *err) {
  memset(out, 0, sizeof *out);
  qe_json *copy = qe_json_clone(cfg ? cfg : NULL);
  if (!copy) copy = qe_json_new_object();
  if (!copy) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  int rc = qe_model_check_name("EdgeConfig", copy, QE_CHECK_COERCE, NULL, err);
  if (rc) {
    qe_json_free(copy);
    return rc;
  }
  const qe_json *vectors = qe_json_object_get(copy, "vectors");
  const qe_json *vdata = qe_json_object_get(copy, "vector_data");
  const qe_json *sparse = qe_json_object_get(copy, "sparse_vectors");
  if (vectors && qe_json_kind_of(vectors) == QE_JSON_OBJECT) {
    if (qe_json_object_get(vectors, "size") && qe_json_object_get(vectors, "distance") &&
        qe_json_kind_of(qe_json_object_get(vectors, "size")) != QE_JSON_OBJECT) {
      rc = add_vec(out, "", 0, vectors, false, "vectors", err);
    } else {
      for (size_t i = 0; !rc && i < qe_json_object_len(vectors); i++) {
        size_t kl;
        const char *k = qe_json_object_key_at(vectors, i, &kl);
        char path[300];
        snprintf(path, sizeof path, "vectors.%.*s", (int)kl, k);
        rc = add_vec(out, k, kl, qe_json_object_value_at(vectors, i), false, path, err);
      }
    }
  }
  for (size_t i = 0; !rc && vdata && i < qe_json_object_len(vdata); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(vdata, i, &kl);
    char path[300];
    snprintf(path, sizeof path, "vector_data.%.*s", (int)kl, k);
    rc = add_vec(out, k, kl, qe_json_object_value_at(vdata, i), false, path, err);
  }
  for (size_t i = 0; !rc && sparse && i < qe_json_object_len(sparse); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(sparse, i, &kl);
    char path[300];
    snprintf(path, sizeof path, "sparse_vectors.%.*s", (int)kl, k);
    rc = add_vec(out, k, kl, qe_json_object_value_at(sparse, i), true, path, err);
  }
  if (rc) {
    qe_json_free(copy);
    qe_config_free(out);
    return rc;
  }
  /* keep the other settings; vectors are rebuilt from the list */
  qe_json_free(qe_json_object_take(copy, "vectors", 7));
  qe_json_free(qe_json_object_take(copy, "vector_data", 11));
  qe_json_free(qe_json_object_take(copy, "sparse_vectors", 14));
  out->raw = copy;
  return QE_OK;
}

qe_json *qe_config_to_json(const qe_shard_config *c) {
  qe_json *o = qe_json_new_object();
  if (!o) return NULL;
  bool only_default = c->nvecs > 0;
  size_t ndense = 0;
  for (size_t i = 0; i < c->nvecs; i++) {
    if (c->vecs[i].sparse) continue;
    ndense++;
    if (c->vecs[i].name[0]) only_default = false;
  }
  int rc = QE_OK;
  if (ndense == 1 && only_default) {
    for (size_t i = 0; i < c->nvecs; i++)
      if (!c->vecs[i].sparse)
        rc |= qe_json_object_set(o, "vectors", qe_json_clone(c->vecs[i].params));
  } else {
    qe_json *m = qe_json_new_object();
    for (size_t i = 0; m && i < c->nvecs; i++)
      if (!c->vecs[i].sparse)
        rc |= qe_json_object_set(m, c->vecs[i].name, qe_json_clone(c->vecs[i].params));
    rc |= qe_json_object_set(o, "vectors", m);
  }
  qe_json *sp = qe_json_new_object();
  for (size_t i = 0; sp && i < c->nvecs; i++)
    if (c->vecs[i].sparse)
      rc |= qe_json_object_set(sp, c->vecs[i].name, qe_json_clone(c->vecs[i].params));
  rc |= qe_json_object_set(o, "sparse_vectors", sp);
  for (size_t i = 0; c->raw && i < qe_json_object_len(c->raw); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(c->raw, i, &kl);
    rc |= qe_json_object_setn(o, k, kl, qe_json_clone(qe_json_object_value_at(c->raw, i)));
  }
  if (rc) {
    qe_json_free(o);
    return NULL;
  }
  return o;
}

int qe_config_clone(const qe_shard_config *src, qe_shard_config *dst) {
  qe_json *j = qe_config_to_json(src);
  if (!j) return QE_ENOMEM;
  int rc = qe_config_from_json(j, dst, NULL);
  qe_json_free(j);
  return rc;
}

void qe_config_remove(qe_shard_config *c, int i) {
  vec_free(&c->vecs[i]);
  memmove(&c->vecs[i], &c->vecs[i + 1], (c->nvecs - (size_t)i - 1) * sizeof *c->vecs);
  c->nvecs--;
}

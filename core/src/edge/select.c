/* select.c — what a result shows of a point: with_payload and with_vector. */
#include <string.h>

#include "json/value.h"
#include "shard_internal.h"

qe_json *qe_json_new_f32_score(float f) {
  char buf[40];
  qe_format_f32(f, buf);
  return qe_json_new_double(qe_strtod(buf, NULL));
}

/* ---- payload include patterns: keys split at '.', "[]" for arrays */

typedef struct pattern {
  const char *segs[32];
  size_t lens[32];
  size_t n;
} pattern;

static void split_pattern(const char *p, pattern *out) {
  out->n = 0;
  const char *s = p;
  while (*s && out->n < 32) {
    if (s[0] == '[' && s[1] == ']') {
      out->segs[out->n] = "[]";
      out->lens[out->n++] = 2;
      s += 2;
    } else if (*s == '"') {
      const char *e = strchr(s + 1, '"');
      if (!e) e = s + strlen(s);
      out->segs[out->n] = s + 1;
      out->lens[out->n++] = (size_t)(e - s - 1);
      s = *e ? e + 1 : e;
    } else {
      const char *e = s;
      while (*e && *e != '.' && *e != '[')
        e++;
      out->segs[out->n] = s;
      out->lens[out->n++] = (size_t)(e - s);
      s = e;
    }
    if (*s == '.') s++;
  }
}

/* Keep the parts of `v` the patterns (each from segment `depth` on) reach. */
static qe_json *project(const qe_json *v, pattern *pats, const size_t *depth, size_t np) {
  for (size_t i = 0; i < np; i++)
    if (depth[i] >= pats[i].n) return qe_json_clone(v); /* a pattern ends here */
  qe_json_kind k = qe_json_kind_of(v);
  size_t next[64];
  pattern *sub[64];
  if (k == QE_JSON_OBJECT) {
    qe_json *o = qe_json_new_object();
    for (size_t m = 0; o && m < qe_json_object_len(v); m++) {
      size_t kl;
      const char *key = qe_json_object_key_at(v, m, &kl);
      size_t ns = 0;
      for (size_t i = 0; i < np && ns < 64; i++) {
        const pattern *p = &pats[i];
        if (p->lens[depth[i]] == kl && memcmp(p->segs[depth[i]], key, kl) == 0) {
          sub[ns] = &pats[i];
          next[ns++] = depth[i] + 1;
        }
      }
      if (!ns) continue;
      pattern local[64];
      for (size_t i = 0; i < ns; i++)
        local[i] = *sub[i];
      qe_json *child = project(qe_json_object_value_at(v, m), local, next, ns);
      if (child && qe_json_object_setn(o, key, kl, child)) {
        qe_json_free(o);
        return NULL;
      }
    }
    return o;
  }
  if (k == QE_JSON_ARRAY) {
    size_t ns = 0;
    pattern local[64];
    for (size_t i = 0; i < np && ns < 64; i++) {
      if (pats[i].lens[depth[i]] == 2 && memcmp(pats[i].segs[depth[i]], "[]", 2) == 0) {
        local[ns] = pats[i];
        next[ns++] = depth[i] + 1;
      }
    }
    qe_json *a = qe_json_new_array();
    for (size_t e = 0; a && ns && e < qe_json_array_len(v); e++) {
      qe_json *child = project(qe_json_array_at(v, e), local, next, ns);
      if (child && qe_json_array_push(a, child)) {
        qe_json_free(a);
        return NULL;
      }
    }
    return a;
  }
  return NULL; /* a scalar where the pattern wants to go deeper */
}

#include "jsonpath.h"

qe_json *qe_row_payload(qe_segment *seg, size_t row, const qe_json *with_payload) {
  const qe_json *p = qe_segment_payload(seg, row);
  qe_json_kind k = qe_json_kind_of(with_payload);
  if (k == QE_JSON_NULL || (k == QE_JSON_BOOL && !qe_json_get_bool(with_payload))) return NULL;
  if (k == QE_JSON_BOOL) return p ? qe_json_clone(p) : qe_json_new_object();
  const qe_json *include = k == QE_JSON_ARRAY || k == QE_JSON_F32
                               ? with_payload
                               : qe_json_object_get(with_payload, "include");
  const qe_json *exclude = qe_json_object_get(with_payload, "exclude");
  if (!p) return qe_json_new_object();
  if (include) {
    size_t np = qe_json_array_len(include);
    if (np > 64) np = 64;
    pattern pats[64];
    size_t depth[64] = {0};
    for (size_t i = 0; i < np; i++)
      split_pattern(qe_json_get_string(qe_json_array_at(include, i), NULL), &pats[i]);
    qe_json *o = project(p, pats, depth, np);
    return o ? o : qe_json_new_object();
  }
  qe_json *o = qe_json_clone(p);
  for (size_t i = 0; o && i < qe_json_array_len(exclude); i++) {
    size_t len;
    const char *t = qe_json_get_string(qe_json_array_at(exclude, i), &len);
    qe_jsonpath *jp = NULL;
    if (t && qe_jsonpath_parse(t, len, &jp, NULL) == 0) qe_jsonpath_remove(jp, o);
    qe_jsonpath_free(jp);
  }
  return o;
}

/* ---- vectors */

static qe_json *vector_json(const qe_shard *s, qe_segment *seg, size_t row, size_t vi) {
  const qe_vec_conf *vc = &s->config.vecs[vi];
  qe_seg_vecs *v = qe_shard_row_vec(s, seg, row, vi);
  if (!v) return NULL;
  if (vc->sparse) {
    uint64_t b, e;
    qe_segment_span(seg, v, row, &b, &e);
    qe_json *o = qe_json_new_object();
    qe_json *idx = qe_json_new_array();
    int rc = (!o || !idx) ? QE_ENOMEM : QE_OK;
    for (uint64_t i = b; !rc && i < e; i++)
      rc = qe_json_array_push(idx, qe_json_new_uint(v->idx[i]));
    rc |= qe_json_object_set(o, "indices", idx);
    rc |= qe_json_object_set(o, "values", qe_json_new_f32(v->val + b, (size_t)(e - b)));
    if (rc) {
      qe_json_free(o);
      return NULL;
    }
    return o;
  }
  if (vc->multi) {
    uint64_t b, e;
    qe_segment_span(seg, v, row, &b, &e);
    qe_json *a = qe_json_new_array();
    for (uint64_t i = b; a && i < e; i++)
      if (qe_json_array_push(a, qe_json_new_f32(v->val + i * vc->dim, vc->dim))) {
        qe_json_free(a);
        return NULL;
      }
    return a;
  }
  return qe_json_new_f32(qe_segment_dense(seg, v, row), vc->dim);
}

qe_json *qe_row_vectors(const qe_shard *s, qe_segment *seg, size_t row,
                        const qe_json *with_vector) {
  qe_json_kind k = qe_json_kind_of(with_vector);
  if (k == QE_JSON_NULL || (k == QE_JSON_BOOL && !qe_json_get_bool(with_vector))) return NULL;
  qe_json *o = qe_json_new_object();
  if (!o) return NULL;
  size_t shown = 0;
  int only_default = -1;
  for (size_t vi = 0; vi < s->config.nvecs; vi++) {
    const char *name = s->config.vecs[vi].name;
    if (k == QE_JSON_ARRAY) {
      bool wanted = false;
      for (size_t i = 0; i < qe_json_array_len(with_vector) && !wanted; i++) {
        const char *w = qe_json_get_string(qe_json_array_at(with_vector, i), NULL);
        wanted = w && strcmp(w, name) == 0;
      }
      if (!wanted) continue;
    }
    qe_json *v = vector_json(s, seg, row, vi);
    if (!v) continue;
    if (qe_json_object_set(o, name, v)) {
      qe_json_free(o);
      return NULL;
    }
    shown++;
    only_default = name[0] == '\0' && !s->config.vecs[vi].sparse ? (int)vi : -2;
  }
  /* the unnamed dense vector alone prints as a plain list */
  if (shown == 1 && only_default >= 0) {
    qe_json *plain = qe_json_object_take(o, "", 0);
    qe_json_free(o);
    return plain;
  }
  return o;
}

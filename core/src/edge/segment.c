/* segment.c — rows of points in memory: the mutable write buffer, and the
 * in-memory view of mapped immutable segments. */
#include <string.h>
#include <sys/mman.h>

#include "shard_internal.h"

qe_segment *qe_segment_new_mutable(void) {
  qe_segment *s = qe_calloc(1, sizeof *s);
  if (!s) return NULL;
  s->mutable_ = true;
  pthread_mutex_init(&s->pay_lock, NULL);
  return s;
}

static void vecs_free(qe_segment *s, qe_seg_vecs *v) {
  qe_free(v->name);
  if (s->mutable_) {
    qe_free(v->data);
    qe_free(v->present);
    qe_free(v->off);
    qe_free(v->idx);
    qe_free(v->val);
  }
}

void qe_segment_free(qe_segment *s) {
  if (!s) return;
  for (size_t i = 0; i < s->nvecs; i++)
    vecs_free(s, &s->vecs[i]);
  qe_free(s->vecs);
  if (s->payloads) {
    for (size_t i = 0; i < s->count; i++)
      qe_json_free(s->payloads[i]);
    qe_free(s->payloads);
  }
  qe_free(s->ids);
  qe_free(s->versions);
  qe_free(s->dead);
  qe_free(s->tomb_ids);
  qe_free(s->tomb_versions);
  if (s->map) munmap(s->map, s->map_len);
  pthread_mutex_destroy(&s->pay_lock);
  qe_free(s);
}

qe_seg_vecs *qe_segment_vecs(const qe_segment *s, const char *name) {
  for (size_t i = 0; i < s->nvecs; i++)
    if (strcmp(s->vecs[i].name, name) == 0) return &s->vecs[i];
  return NULL;
}

/* Grow a mutable array of `n` items of `size` bytes to at least `want`. */
static int grow_array(void **p, size_t *cap, size_t want, size_t size, bool zero) {
  if (want <= *cap) return QE_OK;
  size_t c = *cap ? *cap : 16;
  while (c < want)
    c *= 2;
  void *q = qe_realloc(*p, c * size);
  if (!q) return QE_ENOMEM;
  if (zero) memset((char *)q + *cap * size, 0, (c - *cap) * size);
  *p = q;
  *cap = c;
  return QE_OK;
}

qe_seg_vecs *qe_segment_add_vecs(qe_segment *s, const qe_vec_conf *vc) {
  qe_seg_vecs *vs = qe_realloc(s->vecs, (s->nvecs + 1) * sizeof *vs);
  if (!vs) return NULL;
  s->vecs = vs;
  qe_seg_vecs *v = &s->vecs[s->nvecs];
  memset(v, 0, sizeof *v);
  v->name = qe_strndup(vc->name, strlen(vc->name));
  if (!v->name) return NULL;
  v->sparse = vc->sparse;
  v->multi = vc->multi;
  v->dim = vc->dim;
  size_t rows_cap = s->cap ? s->cap : 16;
  v->present = qe_calloc((rows_cap + 7) / 8, 1);
  if (!v->present) {
    qe_free(v->name);
    return NULL;
  }
  if (v->sparse || v->multi) {
    v->off = qe_calloc(rows_cap + 1, sizeof *v->off); /* existing rows: empty spans */
    if (!v->off) {
      qe_free(v->present);
      qe_free(v->name);
      return NULL;
    }
  } else {
    /* rows already in the segment lack this vector: zeros, as block scoring
     * reads every row */
    v->data = qe_calloc(rows_cap * (size_t)v->dim, sizeof(float));
    if (!v->data) {
      qe_free(v->present);
      qe_free(v->name);
      return NULL;
    }
  }
  v->cap_rows = rows_cap;
  s->nvecs++;
  return v;
}

/* Make every per-row array of a mutable segment hold `rows` rows. */
static int reserve_rows(qe_segment *s, size_t rows) {
  if (rows <= s->cap) return QE_OK;
  size_t cap = s->cap ? s->cap : 16;
  while (cap < rows)
    cap *= 2;
  qe_point_id *ids = qe_realloc(s->ids, cap * sizeof *ids);
  if (!ids) return QE_ENOMEM;
  s->ids = ids;
  uint64_t *ver = qe_realloc(s->versions, cap * sizeof *ver);
  if (!ver) return QE_ENOMEM;
  s->versions = ver;
  qe_json **pay = qe_realloc(s->payloads, cap * sizeof *pay);
  if (!pay) return QE_ENOMEM;
  s->payloads = pay;
  uint8_t *dead = qe_realloc(s->dead, (cap + 7) / 8);
  if (!dead) return QE_ENOMEM;
  memset(dead + (s->cap + 7) / 8, 0, (cap + 7) / 8 - (s->cap + 7) / 8);
  s->dead = dead;
  for (size_t i = 0; i < s->nvecs; i++) {
    qe_seg_vecs *v = &s->vecs[i];
    if (v->cap_rows >= cap) continue;
    uint8_t *pr = qe_realloc(v->present, (cap + 7) / 8);
    if (!pr) return QE_ENOMEM;
    memset(pr + (v->cap_rows + 7) / 8, 0, (cap + 7) / 8 - (v->cap_rows + 7) / 8);
    v->present = pr;
    if (v->sparse || v->multi) {
      uint64_t *off = qe_realloc(v->off, (cap + 1) * sizeof *off);
      if (!off) return QE_ENOMEM;
      v->off = off;
    } else {
      float *d = qe_realloc(v->data, cap * (size_t)v->dim * sizeof *d);
      if (!d) return QE_ENOMEM;
      v->data = d;
    }
    v->cap_rows = cap;
  }
  s->cap = cap;
  return QE_OK;
}

size_t qe_segment_append(qe_segment *s, const qe_point_id *id_in, uint64_t version) {
  qe_point_id id_copy = *id_in; /* id_in may point into s->ids, which may move */
  const qe_point_id *id = &id_copy;
  if (reserve_rows(s, s->count + 1)) return (size_t)-1;
  size_t r = s->count++;
  s->ids[r] = *id;
  s->versions[r] = version;
  s->payloads[r] = NULL;
  for (size_t i = 0; i < s->nvecs; i++) {
    qe_seg_vecs *v = &s->vecs[i];
    v->present[r >> 3] &= (uint8_t) ~(1u << (r & 7));
    if (v->off) {
      v->off[r + 1] = v->off[r];
    } else {
      memset(v->data + r * v->dim, 0, v->dim * sizeof(float)); /* block scoring reads it */
    }
  }
  if (version > s->max_version) s->max_version = version;
  return r;
}

static void set_present(qe_seg_vecs *v, size_t row) {
  v->present[row >> 3] |= (uint8_t)(1u << (row & 7));
}

int qe_segment_set_dense(qe_segment *s, qe_seg_vecs *v, size_t row, const float *x) {
  if (reserve_rows(s, s->count)) return QE_ENOMEM;
  memcpy(v->data + row * v->dim, x, v->dim * sizeof(float));
  set_present(v, row);
  return QE_OK;
}

/* Sparse spans are appended: only the last row of a mutable segment may be
 * set. cap_elems counts elements of both idx and val. */
static int set_span(qe_seg_vecs *v, size_t row, size_t n) {
  uint64_t begin = v->off[row];
  size_t want = begin + n;
  if (want > v->cap_elems) {
    size_t c = v->cap_elems ? v->cap_elems : 64;
    while (c < want)
      c *= 2;
    float *val = qe_realloc(v->val, c * sizeof *val);
    if (!val) return QE_ENOMEM;
    v->val = val;
    uint32_t *idx = qe_realloc(v->idx, c * sizeof *idx);
    if (!idx) return QE_ENOMEM;
    v->idx = idx;
    v->cap_elems = c;
  }
  v->off[row + 1] = begin + n;
  set_present(v, row);
  return QE_OK;
}

int qe_segment_set_multi(qe_segment *s, qe_seg_vecs *v, size_t row, const float *x, size_t rows) {
  if (row + 1 != s->count) return QE_EINTERNAL;
  /* for multivectors cap_elems counts floats */
  uint64_t begin = v->off[row];
  size_t want = (begin + rows) * v->dim;
  size_t cap = v->cap_elems;
  /* as for sparse rows: the source may lie inside this segment's array */
  bool inside = v->val && x >= v->val && x < v->val + v->cap_elems;
  size_t src = inside ? (size_t)(x - v->val) : 0;
  if (grow_array((void **)&v->val, &cap, want, sizeof(float), false)) return QE_ENOMEM;
  v->cap_elems = cap;
  if (inside) x = v->val + src;
  memcpy(v->val + begin * v->dim, x, rows * v->dim * sizeof(float));
  v->off[row + 1] = begin + rows;
  set_present(v, row);
  return QE_OK;
}

int qe_segment_set_sparse(qe_segment *s, qe_seg_vecs *v, size_t row, const uint32_t *idx,
                          const float *val, size_t n) {
  if (row + 1 != s->count) return QE_EINTERNAL;
  /* the source may be an older row of this very segment (a row copied on
   * update): keep it as offsets, since growing the arrays moves them */
  bool inside = v->idx && idx >= v->idx && idx < v->idx + v->cap_elems;
  size_t src = inside ? (size_t)(idx - v->idx) : 0;
  if (set_span(v, row, n)) return QE_ENOMEM;
  if (inside) {
    idx = v->idx + src;
    val = v->val + src;
  }
  uint64_t begin = v->off[row];
  memcpy(v->idx + begin, idx, n * sizeof(uint32_t));
  memcpy(v->val + begin, val, n * sizeof(float));
  return QE_OK;
}

bool qe_segment_has(const qe_segment *s, const qe_seg_vecs *v, size_t row) {
  (void)s;
  return v && ((v->present[row >> 3] >> (row & 7)) & 1);
}

const float *qe_segment_dense(const qe_segment *s, const qe_seg_vecs *v, size_t row) {
  if (!qe_segment_has(s, v, row)) return NULL;
  return v->data + row * v->dim;
}

void qe_segment_span(const qe_segment *s, const qe_seg_vecs *v, size_t row, uint64_t *begin,
                     uint64_t *end) {
  (void)s;
  *begin = v->off[row];
  *end = v->off[row + 1];
}

const qe_json *qe_segment_payload(qe_segment *s, size_t row) {
  if (s->mutable_) return s->payloads[row];
  pthread_mutex_lock(&s->pay_lock);
  qe_json *p = s->payloads[row];
  if (!p && s->pay_off[row + 1] > s->pay_off[row]) {
    size_t len = (size_t)(s->pay_off[row + 1] - s->pay_off[row]);
    if (qe_json_parse(s->pay_text + s->pay_off[row], len, NULL, &p, NULL) == 0)
      s->payloads[row] = p;
  }
  pthread_mutex_unlock(&s->pay_lock);
  return p;
}

void qe_segment_kill(qe_segment *s, size_t row) {
  if (qe_segment_dead(s, row)) return;
  s->dead[row >> 3] |= (uint8_t)(1u << (row & 7));
  s->ndead++;
  if (s->mutable_) {
    qe_json_free(s->payloads[row]);
    s->payloads[row] = NULL;
  }
}

int qe_segment_add_tomb(qe_segment *s, const qe_point_id *id, uint64_t version) {
  if (s->ntomb == s->tomb_cap) {
    size_t cap = s->tomb_cap ? s->tomb_cap * 2 : 16;
    qe_point_id *ids = qe_realloc(s->tomb_ids, cap * sizeof *ids);
    if (!ids) return QE_ENOMEM;
    s->tomb_ids = ids;
    uint64_t *v = qe_realloc(s->tomb_versions, cap * sizeof *v);
    if (!v) return QE_ENOMEM;
    s->tomb_versions = v;
    s->tomb_cap = cap;
  }
  s->tomb_ids[s->ntomb] = *id;
  s->tomb_versions[s->ntomb] = version;
  s->ntomb++;
  return QE_OK;
}

/* pack.c — a compact binary form of qe_json, for the write-ahead log and
 * other internal storage: no number formatting, vectors as raw float32. */
#include <string.h>

#include "value.h"

enum {
  TAG_NULL = 0,
  TAG_FALSE = 1,
  TAG_TRUE = 2,
  TAG_INT = 3,
  TAG_UINT = 4,
  TAG_DOUBLE = 5,
  TAG_STRING = 6,
  TAG_ARRAY = 7,
  TAG_OBJECT = 8,
  TAG_F32 = 9
};

/* Is the host little-endian (the packed byte order)? Folded at compile time. */
static inline int host_le(void) {
  const uint16_t one = 1;
  unsigned char first;
  memcpy(&first, &one, 1);
  return first == 1;
}

static int put_varint(qe_buf *b, uint64_t x) {
  unsigned char tmp[10];
  size_t n = 0;
  do {
    unsigned char c = x & 0x7f;
    x >>= 7;
    tmp[n++] = (unsigned char)(c | (x ? 0x80 : 0));
  } while (x);
  return qe_buf_append(b, tmp, n);
}

static int put_u64(qe_buf *b, unsigned char tag, uint64_t x) {
  unsigned char tmp[9];
  tmp[0] = tag;
  for (int i = 0; i < 8; i++)
    tmp[1 + i] = (unsigned char)(x >> (8 * i));
  return qe_buf_append(b, tmp, 9);
}

static int pack(const qe_json *v, qe_buf *b, int depth) {
  if (depth > 128) return QE_ELIMIT;
  unsigned char tag;
  int rc;
  switch ((qe_json_kind)v->kind) {
  case QE_JSON_NULL:
    return qe_buf_putc(b, TAG_NULL);
  case QE_JSON_BOOL:
    return qe_buf_putc(b, (char)(v->v.b ? TAG_TRUE : TAG_FALSE));
  case QE_JSON_INT:
    return put_u64(b, TAG_INT, (uint64_t)v->v.i);
  case QE_JSON_UINT:
    return put_u64(b, TAG_UINT, v->v.u);
  case QE_JSON_DOUBLE: {
    uint64_t bits;
    memcpy(&bits, &v->v.d, 8);
    return put_u64(b, TAG_DOUBLE, bits);
  }
  case QE_JSON_STRING:
    tag = TAG_STRING;
    if ((rc = qe_buf_append(b, &tag, 1)) || (rc = put_varint(b, v->v.str.len))) return rc;
    return qe_buf_append(b, v->v.str.s, v->v.str.len);
  case QE_JSON_F32: {
    tag = TAG_F32;
    if ((rc = qe_buf_append(b, &tag, 1)) || (rc = put_varint(b, v->v.f32.len))) return rc;
    if ((rc = qe_buf_reserve(b, v->v.f32.len * 4))) return rc;
    if (host_le()) { /* the packed form is the memory image */
      if (v->v.f32.len) memcpy(b->data + b->len, v->v.f32.data, v->v.f32.len * 4);
      b->len += v->v.f32.len * 4;
      b->data[b->len] = '\0';
      return QE_OK;
    }
    for (size_t i = 0; i < v->v.f32.len; i++) {
      uint32_t bits;
      memcpy(&bits, &v->v.f32.data[i], 4);
      unsigned char le[4] = {(unsigned char)bits, (unsigned char)(bits >> 8),
                             (unsigned char)(bits >> 16), (unsigned char)(bits >> 24)};
      memcpy(b->data + b->len, le, 4);
      b->len += 4;
    }
    b->data[b->len] = '\0';
    return QE_OK;
  }
  case QE_JSON_ARRAY:
    tag = TAG_ARRAY;
    if ((rc = qe_buf_append(b, &tag, 1)) || (rc = put_varint(b, v->v.arr.len))) return rc;
    for (size_t i = 0; i < v->v.arr.len; i++)
      if ((rc = pack(v->v.arr.items[i], b, depth + 1))) return rc;
    return QE_OK;
  case QE_JSON_OBJECT:
    tag = TAG_OBJECT;
    if ((rc = qe_buf_append(b, &tag, 1)) || (rc = put_varint(b, v->v.obj.len))) return rc;
    for (size_t i = 0; i < v->v.obj.len; i++) {
      const qe_json_member *m = &v->v.obj.m[i];
      if ((rc = put_varint(b, m->klen)) || (rc = qe_buf_append(b, m->key, m->klen)) ||
          (rc = pack(m->val, b, depth + 1)))
        return rc;
    }
    return QE_OK;
  }
  return QE_EINTERNAL;
}

int qe_json_pack(const qe_json *v, qe_buf *out, qe_error *err) {
  size_t start = out->len;
  int rc = v ? pack(v, out, 0) : qe_buf_putc(out, TAG_NULL);
  if (rc) {
    out->len = start;
    if (out->data) out->data[start] = '\0';
    return qe_error_set(err, rc, NULL,
                        rc == QE_ELIMIT ? "value nested too deeply to pack" : "out of memory");
  }
  return QE_OK;
}

typedef struct reader {
  const unsigned char *p, *end;
} reader;

static bool get_varint(reader *r, uint64_t *out) {
  uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end) return false;
    unsigned char c = *r->p++;
    x |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *out = x;
      return true;
    }
  }
  return false;
}

static bool get_u64(reader *r, uint64_t *out) {
  if (r->end - r->p < 8) return false;
  uint64_t x = 0;
  for (int i = 0; i < 8; i++)
    x |= (uint64_t)r->p[i] << (8 * i);
  r->p += 8;
  *out = x;
  return true;
}

int qe_json_object_put_owned(qe_json *obj, char *key, size_t klen, qe_json *val);

/* NULL on malformed input or no memory (*oom tells which). */
static qe_json *unpack(reader *r, int depth, bool *oom) {
  if (depth > 128 || r->p >= r->end) return NULL;
  unsigned char tag = *r->p++;
  uint64_t x, n;
  qe_json *v;
  switch (tag) {
  case TAG_NULL:
    v = qe_json_new_null();
    break;
  case TAG_FALSE:
  case TAG_TRUE:
    v = qe_json_new_bool(tag == TAG_TRUE);
    break;
  case TAG_INT:
    if (!get_u64(r, &x)) return NULL;
    v = qe_json_new_int((int64_t)x);
    break;
  case TAG_UINT:
    if (!get_u64(r, &x)) return NULL;
    v = qe_json_new_uint(x);
    break;
  case TAG_DOUBLE: {
    if (!get_u64(r, &x)) return NULL;
    double d;
    memcpy(&d, &x, 8);
    v = qe_json_new_double(d);
    break;
  }
  case TAG_STRING:
    if (!get_varint(r, &n) || n > (uint64_t)(r->end - r->p)) return NULL;
    if (!qe_utf8_valid((const char *)r->p, (size_t)n)) return NULL;
    v = qe_json_new_string((const char *)r->p, (size_t)n, NULL);
    r->p += n;
    break;
  case TAG_F32:
    if (!get_varint(r, &n) || n > (uint64_t)(r->end - r->p) / 4) return NULL;
    v = qe_json_new_f32_zeroed((size_t)n);
    if (v && host_le()) {
      if (n) memcpy(v->v.f32.data, r->p, (size_t)n * 4);
      r->p += n * 4;
    } else if (v) {
      for (size_t i = 0; i < n; i++) {
        uint32_t bits = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                        (uint32_t)r->p[3] << 24;
        memcpy(&v->v.f32.data[i], &bits, 4);
        r->p += 4;
      }
    }
    break;
  case TAG_ARRAY:
    if (!get_varint(r, &n) || n > (uint64_t)(r->end - r->p)) return NULL;
    v = qe_json_new_array();
    for (uint64_t i = 0; v && i < n; i++) {
      qe_json *item = unpack(r, depth + 1, oom);
      if (!item || qe_json_array_push(v, item)) {
        qe_json_free(v);
        return NULL;
      }
    }
    break;
  case TAG_OBJECT:
    if (!get_varint(r, &n) || n > (uint64_t)(r->end - r->p)) return NULL;
    v = qe_json_new_object();
    for (uint64_t i = 0; v && i < n; i++) {
      uint64_t kl;
      if (!get_varint(r, &kl) || kl > (uint64_t)(r->end - r->p) ||
          !qe_utf8_valid((const char *)r->p, (size_t)kl)) {
        qe_json_free(v);
        return NULL;
      }
      char *key = qe_strndup((const char *)r->p, (size_t)kl);
      r->p += kl;
      qe_json *val = key ? unpack(r, depth + 1, oom) : NULL;
      if (!val || qe_json_object_put_owned(v, key, (size_t)kl, val)) {
        if (!val) qe_free(key);
        qe_json_free(v);
        return NULL;
      }
    }
    break;
  default:
    return NULL;
  }
  if (!v) *oom = true;
  return v;
}

int qe_json_unpack(const void *data, size_t len, qe_json **out, qe_error *err) {
  reader r = {data, (const unsigned char *)data + len};
  bool oom = false;
  *out = unpack(&r, 0, &oom);
  if (!*out)
    return oom ? qe_error_set(err, QE_ENOMEM, NULL, "out of memory")
               : qe_error_set(err, QE_ECORRUPT, NULL, "packed JSON is malformed");
  if (r.p != r.end) {
    qe_json_free(*out);
    *out = NULL;
    return qe_error_set(err, QE_ECORRUPT, NULL, "packed JSON has trailing bytes");
  }
  return QE_OK;
}

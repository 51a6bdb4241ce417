/* value.c — construction, inspection, arrays and objects of qe_json. */
#include <math.h>
#include <string.h>

#include "value.h"

static qe_json *new_kind(qe_json_kind k) {
  qe_json *v = qe_calloc(1, sizeof *v);
  if (v) v->kind = (uint8_t)k;
  return v;
}

qe_json *qe_json_new_null(void) {
  return new_kind(QE_JSON_NULL);
}

qe_json *qe_json_new_bool(bool b) {
  qe_json *v = new_kind(QE_JSON_BOOL);
  if (v) v->v.b = b;
  return v;
}

qe_json *qe_json_new_int(int64_t i) {
  qe_json *v = new_kind(QE_JSON_INT);
  if (v) v->v.i = i;
  return v;
}

qe_json *qe_json_new_uint(uint64_t u) {
  if (u <= (uint64_t)INT64_MAX) return qe_json_new_int((int64_t)u);
  qe_json *v = new_kind(QE_JSON_UINT);
  if (v) v->v.u = u;
  return v;
}

qe_json *qe_json_new_double(double d) {
  qe_json *v = new_kind(QE_JSON_DOUBLE);
  if (v) v->v.d = d;
  return v;
}

qe_json *qe_json_new_string_owned(char *s, size_t len) {
  qe_json *v = new_kind(QE_JSON_STRING);
  if (!v) {
    qe_free(s);
    return NULL;
  }
  v->v.str.s = s;
  v->v.str.len = len;
  return v;
}

qe_json *qe_json_new_string(const char *s, size_t len, qe_error *err) {
  if (!qe_utf8_valid(s, len)) {
    qe_error_set(err, QE_EINVAL, NULL, "string is not valid UTF-8");
    return NULL;
  }
  char *copy = qe_strndup(s, len);
  if (!copy) {
    qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  return qe_json_new_string_owned(copy, len);
}

qe_json *qe_json_new_cstr(const char *s) {
  return qe_json_new_string(s, strlen(s), NULL);
}

qe_json *qe_json_new_array(void) {
  return new_kind(QE_JSON_ARRAY);
}

qe_json *qe_json_new_object(void) {
  return new_kind(QE_JSON_OBJECT);
}

qe_json *qe_json_new_f32_zeroed(size_t n) {
  qe_json *v = new_kind(QE_JSON_F32);
  if (!v) return NULL;
  v->v.f32.data = qe_calloc(n ? n : 1, sizeof(float));
  if (!v->v.f32.data) {
    qe_free(v);
    return NULL;
  }
  v->v.f32.len = n;
  return v;
}

qe_json *qe_json_new_f32(const float *data, size_t n) {
  qe_json *v = qe_json_new_f32_zeroed(n);
  if (v && n) memcpy(v->v.f32.data, data, n * sizeof(float));
  return v;
}

void qe_json_free(qe_json *v) {
  if (!v) return;
  switch ((qe_json_kind)v->kind) {
  case QE_JSON_STRING:
    qe_free(v->v.str.s);
    break;
  case QE_JSON_ARRAY:
    for (size_t i = 0; i < v->v.arr.len; i++)
      qe_json_free(v->v.arr.items[i]);
    qe_free(v->v.arr.items);
    break;
  case QE_JSON_OBJECT:
    for (size_t i = 0; i < v->v.obj.len; i++) {
      qe_free(v->v.obj.m[i].key);
      qe_json_free(v->v.obj.m[i].val);
    }
    qe_free(v->v.obj.m);
    qe_free(v->v.obj.index);
    break;
  case QE_JSON_F32:
    qe_free(v->v.f32.data);
    break;
  default:
    break;
  }
  qe_free(v);
}

qe_json *qe_json_clone(const qe_json *v) {
  if (!v) return NULL;
  switch ((qe_json_kind)v->kind) {
  case QE_JSON_NULL:
    return qe_json_new_null();
  case QE_JSON_BOOL:
    return qe_json_new_bool(v->v.b);
  case QE_JSON_INT:
    return qe_json_new_int(v->v.i);
  case QE_JSON_UINT:
    return qe_json_new_uint(v->v.u);
  case QE_JSON_DOUBLE:
    return qe_json_new_double(v->v.d);
  case QE_JSON_STRING: {
    char *s = qe_strndup(v->v.str.s, v->v.str.len);
    return s ? qe_json_new_string_owned(s, v->v.str.len) : NULL;
  }
  case QE_JSON_F32:
    return qe_json_new_f32(v->v.f32.data, v->v.f32.len);
  case QE_JSON_ARRAY: {
    qe_json *a = qe_json_new_array();
    for (size_t i = 0; a && i < v->v.arr.len; i++) {
      qe_json *c = qe_json_clone(v->v.arr.items[i]);
      if (!c || qe_json_array_push(a, c)) {
        qe_json_free(a);
        return NULL;
      }
    }
    return a;
  }
  case QE_JSON_OBJECT: {
    qe_json *o = qe_json_new_object();
    for (size_t i = 0; o && i < v->v.obj.len; i++) {
      const qe_json_member *m = &v->v.obj.m[i];
      qe_json *c = qe_json_clone(m->val);
      if (!c || qe_json_object_setn(o, m->key, m->klen, c)) {
        qe_json_free(o);
        return NULL;
      }
    }
    return o;
  }
  }
  return NULL;
}

qe_json_kind qe_json_kind_of(const qe_json *v) {
  return v ? (qe_json_kind)v->kind : QE_JSON_NULL;
}

const char *qe_json_kind_name(qe_json_kind k) {
  switch (k) {
  case QE_JSON_NULL:
    return "null";
  case QE_JSON_BOOL:
    return "bool";
  case QE_JSON_INT:
  case QE_JSON_UINT:
    return "integer";
  case QE_JSON_DOUBLE:
    return "number";
  case QE_JSON_STRING:
    return "string";
  case QE_JSON_ARRAY:
    return "array";
  case QE_JSON_OBJECT:
    return "object";
  case QE_JSON_F32:
    return "vector";
  }
  return "unknown";
}

bool qe_json_is_number(const qe_json *v) {
  return v && (v->kind == QE_JSON_INT || v->kind == QE_JSON_UINT || v->kind == QE_JSON_DOUBLE);
}

bool qe_json_get_bool(const qe_json *v) {
  return v && v->kind == QE_JSON_BOOL && v->v.b;
}

bool qe_json_get_i64(const qe_json *v, int64_t *out) {
  if (!v || v->kind != QE_JSON_INT) return false;
  if (out) *out = v->v.i;
  return true;
}

bool qe_json_get_u64(const qe_json *v, uint64_t *out) {
  if (!v) return false;
  if (v->kind == QE_JSON_INT && v->v.i >= 0) {
    if (out) *out = (uint64_t)v->v.i;
    return true;
  }
  if (v->kind == QE_JSON_UINT) {
    if (out) *out = v->v.u;
    return true;
  }
  return false;
}

double qe_json_get_double(const qe_json *v) {
  if (!v) return 0.0;
  switch ((qe_json_kind)v->kind) {
  case QE_JSON_INT:
    return (double)v->v.i;
  case QE_JSON_UINT:
    return (double)v->v.u;
  case QE_JSON_DOUBLE:
    return v->v.d;
  default:
    return 0.0;
  }
}

const char *qe_json_get_string(const qe_json *v, size_t *len) {
  if (!v || v->kind != QE_JSON_STRING) return NULL;
  if (len) *len = v->v.str.len;
  return v->v.str.s;
}

/* ------------------------------------------------------------ arrays */

size_t qe_json_array_len(const qe_json *v) {
  if (!v) return 0;
  if (v->kind == QE_JSON_ARRAY) return v->v.arr.len;
  if (v->kind == QE_JSON_F32) return v->v.f32.len;
  return 0;
}

qe_json *qe_json_array_at(const qe_json *v, size_t i) {
  if (!v || v->kind != QE_JSON_ARRAY || i >= v->v.arr.len) return NULL;
  return v->v.arr.items[i];
}

int qe_json_array_push(qe_json *arr, qe_json *item) {
  if (!arr || arr->kind != QE_JSON_ARRAY || !item) {
    qe_json_free(item);
    return QE_EINVAL;
  }
  if (arr->v.arr.len == arr->v.arr.cap) {
    size_t cap = arr->v.arr.cap ? arr->v.arr.cap * 2 : 4;
    qe_json **p = qe_realloc(arr->v.arr.items, cap * sizeof *p);
    if (!p) {
      qe_json_free(item);
      return QE_ENOMEM;
    }
    arr->v.arr.items = p;
    arr->v.arr.cap = cap;
  }
  arr->v.arr.items[arr->v.arr.len++] = item;
  return QE_OK;
}

int qe_json_array_set(qe_json *arr, size_t i, qe_json *item) {
  if (!arr || arr->kind != QE_JSON_ARRAY || i >= arr->v.arr.len || !item) {
    qe_json_free(item);
    return QE_EINVAL;
  }
  qe_json_free(arr->v.arr.items[i]);
  arr->v.arr.items[i] = item;
  return QE_OK;
}

float *qe_json_f32_data(const qe_json *v, size_t *n) {
  if (!v || v->kind != QE_JSON_F32) return NULL;
  if (n) *n = v->v.f32.len;
  return v->v.f32.data;
}

/* ------------------------------------------------------------ objects */

static uint32_t hash_key(const char *k, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)k[i];
    h *= 16777619u;
  }
  return h;
}

static void index_insert(qe_json *o, size_t pos) {
  size_t mask = o->v.obj.index_cap - 1;
  size_t slot = o->v.obj.m[pos].hash & mask;
  while (o->v.obj.index[slot])
    slot = (slot + 1) & mask;
  o->v.obj.index[slot] = (uint32_t)(pos + 1);
}

static int index_rebuild(qe_json *o) {
  size_t cap = 16;
  while (cap < o->v.obj.len * 2 + 2)
    cap *= 2;
  uint32_t *idx = qe_calloc(cap, sizeof *idx);
  if (!idx) return QE_ENOMEM;
  qe_free(o->v.obj.index);
  o->v.obj.index = idx;
  o->v.obj.index_cap = cap;
  for (size_t i = 0; i < o->v.obj.len; i++)
    index_insert(o, i);
  return QE_OK;
}

/* Position of `key` in o's members, or -1. */
static ptrdiff_t find_member(const qe_json *o, const char *key, size_t klen, uint32_t h) {
  if (o->v.obj.index_cap) {
    size_t mask = o->v.obj.index_cap - 1;
    for (size_t slot = h & mask; o->v.obj.index[slot]; slot = (slot + 1) & mask) {
      const qe_json_member *m = &o->v.obj.m[o->v.obj.index[slot] - 1];
      if (m->hash == h && m->klen == klen && memcmp(m->key, key, klen) == 0)
        return (ptrdiff_t)o->v.obj.index[slot] - 1;
    }
    return -1;
  }
  for (size_t i = 0; i < o->v.obj.len; i++) {
    const qe_json_member *m = &o->v.obj.m[i];
    if (m->hash == h && m->klen == klen && memcmp(m->key, key, klen) == 0) return (ptrdiff_t)i;
  }
  return -1;
}

size_t qe_json_object_len(const qe_json *v) {
  return v && v->kind == QE_JSON_OBJECT ? v->v.obj.len : 0;
}

qe_json *qe_json_object_getn(const qe_json *obj, const char *key, size_t klen) {
  if (!obj || obj->kind != QE_JSON_OBJECT) return NULL;
  ptrdiff_t i = find_member(obj, key, klen, hash_key(key, klen));
  return i < 0 ? NULL : obj->v.obj.m[i].val;
}

qe_json *qe_json_object_get(const qe_json *obj, const char *key) {
  return qe_json_object_getn(obj, key, strlen(key));
}

const char *qe_json_object_key_at(const qe_json *obj, size_t i, size_t *klen) {
  if (!obj || obj->kind != QE_JSON_OBJECT || i >= obj->v.obj.len) return NULL;
  if (klen) *klen = obj->v.obj.m[i].klen;
  return obj->v.obj.m[i].key;
}

qe_json *qe_json_object_value_at(const qe_json *obj, size_t i) {
  if (!obj || obj->kind != QE_JSON_OBJECT || i >= obj->v.obj.len) return NULL;
  return obj->v.obj.m[i].val;
}

/* Set a member whose key text the caller has validated; `own_key` (may be
 * NULL) is an allocated copy the object may keep. */
static int object_put(qe_json *obj, const char *key, size_t klen, char *own_key, qe_json *val) {
  uint32_t h = hash_key(key, klen);
  ptrdiff_t i = find_member(obj, key, klen, h);
  if (i >= 0) {
    qe_free(own_key);
    qe_json_free(obj->v.obj.m[i].val);
    obj->v.obj.m[i].val = val;
    return QE_OK;
  }
  if (!own_key && !(own_key = qe_strndup(key, klen))) {
    qe_json_free(val);
    return QE_ENOMEM;
  }
  if (obj->v.obj.len == obj->v.obj.cap) {
    size_t cap = obj->v.obj.cap ? obj->v.obj.cap * 2 : 4;
    qe_json_member *m = qe_realloc(obj->v.obj.m, cap * sizeof *m);
    if (!m) {
      qe_free(own_key);
      qe_json_free(val);
      return QE_ENOMEM;
    }
    obj->v.obj.m = m;
    obj->v.obj.cap = cap;
  }
  size_t pos = obj->v.obj.len++;
  obj->v.obj.m[pos] = (qe_json_member){own_key, klen, h, val};
  if (obj->v.obj.index_cap) {
    if (obj->v.obj.len * 2 + 2 > obj->v.obj.index_cap) return index_rebuild(obj);
    index_insert(obj, pos);
  } else if (obj->v.obj.len > QE_JSON_INDEX_MIN) {
    /* an index is only a speed-up: running out of memory here loses nothing */
    (void)index_rebuild(obj);
  }
  return QE_OK;
}

int qe_json_object_setn(qe_json *obj, const char *key, size_t klen, qe_json *val) {
  if (!obj || obj->kind != QE_JSON_OBJECT || !val || !qe_utf8_valid(key, klen)) {
    qe_json_free(val);
    return QE_EINVAL;
  }
  return object_put(obj, key, klen, NULL, val);
}

int qe_json_object_set(qe_json *obj, const char *key, qe_json *val) {
  return qe_json_object_setn(obj, key, strlen(key), val);
}

/* Parser entry: the key was validated and allocated by the caller. */
int qe_json_object_put_owned(qe_json *obj, char *key, size_t klen, qe_json *val);
int qe_json_object_put_owned(qe_json *obj, char *key, size_t klen, qe_json *val) {
  return object_put(obj, key, klen, key, val);
}

qe_json *qe_json_object_take(qe_json *obj, const char *key, size_t klen) {
  if (!obj || obj->kind != QE_JSON_OBJECT) return NULL;
  ptrdiff_t i = find_member(obj, key, klen, hash_key(key, klen));
  if (i < 0) return NULL;
  qe_json *val = obj->v.obj.m[i].val;
  qe_free(obj->v.obj.m[i].key);
  memmove(&obj->v.obj.m[i], &obj->v.obj.m[i + 1],
          (obj->v.obj.len - (size_t)i - 1) * sizeof(qe_json_member));
  obj->v.obj.len--;
  if (obj->v.obj.index_cap) {
    if (obj->v.obj.len > QE_JSON_INDEX_MIN) {
      if (index_rebuild(obj)) {
        qe_free(obj->v.obj.index); /* fall back to linear search */
        obj->v.obj.index = NULL;
        obj->v.obj.index_cap = 0;
      }
    } else {
      qe_free(obj->v.obj.index);
      obj->v.obj.index = NULL;
      obj->v.obj.index_cap = 0;
    }
  }
  return val;
}

/* ------------------------------------------------------------ equality */

static bool number_equal(const qe_json *a, const qe_json *b) {
  if (a->kind == QE_JSON_DOUBLE || b->kind == QE_JSON_DOUBLE) {
    if (a->kind != b->kind) return false;
    return a->v.d == b->v.d || (isnan(a->v.d) && isnan(b->v.d));
  }
  if (a->kind != b->kind) return false;
  return a->kind == QE_JSON_INT ? a->v.i == b->v.i : a->v.u == b->v.u;
}

/* An f32 array against a plain array: element-wise as float32 values. */
static bool f32_equal_array(const qe_json *f, const qe_json *a) {
  if (f->v.f32.len != a->v.arr.len) return false;
  for (size_t i = 0; i < a->v.arr.len; i++) {
    const qe_json *e = a->v.arr.items[i];
    if (!qe_json_is_number(e) || (float)qe_json_get_double(e) != f->v.f32.data[i]) return false;
  }
  return true;
}

bool qe_json_equal(const qe_json *a, const qe_json *b) {
  if (a == b) return true;
  if (!a || !b) return false;
  if (qe_json_is_number(a) && qe_json_is_number(b)) return number_equal(a, b);
  if (a->kind == QE_JSON_F32 && b->kind == QE_JSON_ARRAY) return f32_equal_array(a, b);
  if (b->kind == QE_JSON_F32 && a->kind == QE_JSON_ARRAY) return f32_equal_array(b, a);
  if (a->kind != b->kind) return false;
  switch ((qe_json_kind)a->kind) {
  case QE_JSON_NULL:
    return true;
  case QE_JSON_BOOL:
    return a->v.b == b->v.b;
  case QE_JSON_STRING:
    return a->v.str.len == b->v.str.len && memcmp(a->v.str.s, b->v.str.s, a->v.str.len) == 0;
  case QE_JSON_F32:
    if (a->v.f32.len != b->v.f32.len) return false;
    for (size_t i = 0; i < a->v.f32.len; i++)
      if (a->v.f32.data[i] != b->v.f32.data[i]) return false;
    return true;
  case QE_JSON_ARRAY:
    if (a->v.arr.len != b->v.arr.len) return false;
    for (size_t i = 0; i < a->v.arr.len; i++)
      if (!qe_json_equal(a->v.arr.items[i], b->v.arr.items[i])) return false;
    return true;
  case QE_JSON_OBJECT:
    if (a->v.obj.len != b->v.obj.len) return false;
    for (size_t i = 0; i < a->v.obj.len; i++) {
      const qe_json_member *m = &a->v.obj.m[i];
      if (!qe_json_equal(m->val, qe_json_object_getn(b, m->key, m->klen))) return false;
    }
    return true;
  default:
    return false;
  }
}

/* jsonpath.c — Qdrant's payload key paths: parse, get, set and remove. */
#include <string.h>

#include "edge/jsonpath.h"
#include "edge/unicode.h"
#include "qedge/base.h"

enum { JP_KEY = 0, JP_INDEX = 1, JP_ALL = 2 };

typedef struct jp_item {
  int kind;
  size_t index;    /* JP_INDEX */
  const char *key; /* JP_KEY: points into the path's text */
  size_t klen;
} jp_item;

struct qe_jsonpath {
  char *text; /* NUL-terminated copy of the path */
  size_t len;
  size_t n; /* items, n >= 1; items[0] is the first key */
  jp_item *items;
};

/* ------------------------------------------------------------ parsing */

static bool raw_key_char(const char *s, size_t n, size_t *used) {
  uint32_t cp;
  *used = qe_utf8_next(s, n, &cp);
  return cp == '_' || cp == '-' || qe_unicode_is_alnum(cp);
}

/* An unquoted key at s[i..]: its length, 0 if none. */
static size_t raw_key_len(const char *s, size_t n, size_t i) {
  size_t j = i, used;
  while (j < n && raw_key_char(s + j, n - j, &used))
    j += used;
  return j - i;
}

/* A quoted key at s[i..] (s[i] == '"'): total length with quotes, 0 if the
 * closing quote is missing or a backslash appears. */
static size_t quoted_key_len(const char *s, size_t n, size_t i) {
  for (size_t j = i + 1; j < n; j++) {
    if (s[j] == '"') return j - i + 1;
    if (s[j] == '\\') return 0;
  }
  return 0;
}

static bool parse_index(const char *s, size_t n, size_t i, size_t *index, size_t *used) {
  size_t j = i;
  size_t v = 0;
  while (j < n && s[j] >= '0' && s[j] <= '9') {
    size_t d = (size_t)(s[j] - '0');
    if (v > (SIZE_MAX - d) / 10) return false;
    v = v * 10 + d;
    j++;
  }
  if (j == i || j >= n || s[j] != ']') return false;
  *index = v;
  *used = j + 1 - i;
  return true;
}

/* Read one key (raw or quoted) at s[i..] into *it; returns bytes used or 0. */
static size_t read_key(const char *s, size_t n, size_t i, jp_item *it) {
  size_t k;
  if (i < n && s[i] == '"') {
    k = quoted_key_len(s, n, i);
    if (!k) return 0;
    it->key = s + i + 1;
    it->klen = k - 2;
  } else {
    k = raw_key_len(s, n, i);
    if (!k) return 0;
    it->key = s + i;
    it->klen = k;
  }
  it->kind = JP_KEY;
  return k;
}

/* Walk the text; with `items` NULL only count. Returns the item count, or 0
 * with *bad set to the offset of the first unreadable byte. */
static size_t scan_path(const char *s, size_t n, jp_item *items, size_t *bad) {
  jp_item tmp;
  size_t count = 0, i = 0;
  size_t k = read_key(s, n, 0, items ? &items[0] : &tmp);
  if (!k) {
    *bad = 0;
    return 0;
  }
  count = 1;
  i = k;
  while (i < n) {
    jp_item *it = items ? &items[count] : &tmp;
    if (s[i] == '.') {
      k = read_key(s, n, i + 1, it);
      if (!k) break;
      i += 1 + k;
    } else if (s[i] == '[' && i + 1 < n && s[i + 1] == ']') {
      it->kind = JP_ALL;
      i += 2;
    } else if (s[i] == '[') {
      size_t used;
      if (!parse_index(s, n, i + 1, &it->index, &used)) break;
      it->kind = JP_INDEX;
      i += 1 + used;
    } else {
      break;
    }
    count++;
  }
  if (i < n) {
    *bad = i;
    return 0;
  }
  return count;
}

int qe_jsonpath_parse(const char *text, size_t len, qe_jsonpath **out, qe_error *err) {
  size_t bad = 0;
  if (!text) text = "";
  if (!qe_utf8_valid(text, len))
    return qe_error_set(err, QE_EINVAL, NULL, "invalid JSON path: not valid UTF-8");
  size_t n = scan_path(text, len, NULL, &bad);
  if (!n)
    return qe_error_set(err, QE_EINVAL, NULL,
                        "invalid JSON path '%.*s': unexpected %s at offset %zu",
                        (int)(len > 200 ? 200 : len), text, bad < len ? "character" : "end", bad);
  qe_jsonpath *p = qe_calloc(1, sizeof *p);
  if (p) {
    p->text = qe_strndup(text, len);
    p->items = qe_calloc(n, sizeof *p->items);
  }
  if (!p || !p->text || !p->items) {
    qe_jsonpath_free(p);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  p->len = len;
  p->n = scan_path(p->text, len, p->items, &bad);
  *out = p;
  return QE_OK;
}

void qe_jsonpath_free(qe_jsonpath *p) {
  if (!p) return;
  qe_free(p->items);
  qe_free(p->text);
  qe_free(p);
}

const char *qe_jsonpath_text(const qe_jsonpath *p) {
  return p->text;
}

bool qe_jsonpath_ends_with_array(const qe_jsonpath *p) {
  return p->n > 1 && p->items[p->n - 1].kind == JP_ALL;
}

/* Append a key as Qdrant writes it: quoted unless it is a raw key. */
static int append_key(qe_buf *b, const char *key, size_t klen, bool dot) {
  int rc = dot ? qe_buf_putc(b, '.') : 0;
  bool raw = klen > 0 && raw_key_len(key, klen, 0) == klen;
  if (!rc && !raw) rc = qe_buf_putc(b, '"');
  if (!rc) rc = qe_buf_append(b, key, klen);
  if (!rc && !raw) rc = qe_buf_putc(b, '"');
  return rc;
}

static int append_items(qe_buf *b, const jp_item *items, size_t n, bool leading_dot) {
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    if (items[i].kind == JP_KEY)
      rc = append_key(b, items[i].key, items[i].klen, i > 0 || leading_dot);
    else if (items[i].kind == JP_ALL)
      rc = qe_buf_puts(b, "[]");
    else
      rc = qe_buf_printf(b, "[%zu]", items[i].index);
  }
  return rc;
}

static qe_jsonpath *parse_buf(qe_buf *b) {
  qe_jsonpath *p = NULL;
  if (qe_jsonpath_parse(b->data ? b->data : "", b->len, &p, NULL)) p = NULL;
  qe_buf_free(b);
  return p;
}

qe_jsonpath *qe_jsonpath_array_key(const qe_jsonpath *p) {
  qe_buf b = {0};
  int rc = append_items(&b, p->items, p->n, false);
  if (!rc && !qe_jsonpath_ends_with_array(p)) rc = qe_buf_puts(&b, "[]");
  if (rc) {
    qe_buf_free(&b);
    return NULL;
  }
  return parse_buf(&b);
}

qe_jsonpath *qe_jsonpath_join_nested(const qe_jsonpath *p, const qe_jsonpath *rest) {
  qe_buf b = {0};
  int rc = append_items(&b, p->items, p->n, false);
  if (!rc && !qe_jsonpath_ends_with_array(p)) rc = qe_buf_puts(&b, "[]");
  if (!rc) rc = append_items(&b, rest->items, rest->n, true);
  if (rc) {
    qe_buf_free(&b);
    return NULL;
  }
  return parse_buf(&b);
}

/* ------------------------------------------------------------ get */

static bool get_from(const jp_item *it, size_t n, const qe_json *v, qe_jsonpath_visit visit,
                     void *ud) {
  while (n > 0) {
    qe_json_kind k = qe_json_kind_of(v);
    if (it->kind == JP_KEY) {
      if (k != QE_JSON_OBJECT) return true;
      v = qe_json_object_getn(v, it->key, it->klen);
      if (!v) return true;
    } else if (it->kind == JP_INDEX) {
      if (k != QE_JSON_ARRAY || it->index >= qe_json_array_len(v)) return true;
      v = qe_json_array_at(v, it->index);
    } else {
      if (k != QE_JSON_ARRAY) return true;
      size_t len = qe_json_array_len(v);
      for (size_t i = 0; i < len; i++)
        if (!get_from(it + 1, n - 1, qe_json_array_at(v, i), visit, ud)) return false;
      return true;
    }
    it++;
    n--;
  }
  return visit(ud, v);
}

bool qe_jsonpath_get(const qe_jsonpath *p, const qe_json *payload, qe_jsonpath_visit visit,
                     void *ud) {
  if (qe_json_kind_of(payload) != QE_JSON_OBJECT) return true;
  const qe_json *first = qe_json_object_getn(payload, p->items[0].key, p->items[0].klen);
  if (!first) return true;
  return get_from(p->items + 1, p->n - 1, first, visit, ud);
}

/* ------------------------------------------------------------ slots */

/* A place that holds a value: an object member or an array element. */
typedef struct slot {
  qe_json *parent;
  const char *key; /* NULL for an array element */
  size_t klen;
  size_t index;
} slot;

static qe_json *slot_get(const slot *s) {
  return s->key ? qe_json_object_getn(s->parent, s->key, s->klen)
                : qe_json_array_at(s->parent, s->index);
}

/* Put `v` (owned) in the slot, freeing what was there; returns v or NULL. */
static qe_json *slot_put(const slot *s, qe_json *v) {
  if (!v) return NULL;
  int rc = s->key ? qe_json_object_setn(s->parent, s->key, s->klen, v)
                  : qe_json_array_set(s->parent, s->index, v);
  return rc ? NULL : v;
}

/* A packed f32 array becomes an ordinary array of numbers in place, so that
 * its elements can be replaced. */
static qe_json *unpack_f32(const slot *s, const qe_json *cur) {
  size_t n;
  const float *f = qe_json_f32_data(cur, &n);
  qe_json *arr = qe_json_new_array();
  for (size_t i = 0; arr && i < n; i++)
    if (qe_json_array_push(arr, qe_json_new_double((double)f[i]))) arr = NULL;
  return slot_put(s, arr);
}

/* ------------------------------------------------------------ set */

int qe_payload_merge(qe_json *dest, const qe_json *value) {
  if (qe_json_kind_of(dest) != QE_JSON_OBJECT || qe_json_kind_of(value) != QE_JSON_OBJECT)
    return QE_EINVAL;
  size_t n = qe_json_object_len(value);
  for (size_t i = 0; i < n; i++) {
    size_t klen;
    const char *key = qe_json_object_key_at(value, i, &klen);
    const qe_json *v = qe_json_object_value_at(value, i);
    if (qe_json_kind_of(v) == QE_JSON_NULL) {
      qe_json_free(qe_json_object_take(dest, key, klen));
    } else {
      qe_json *copy = qe_json_clone(v);
      if (!copy || qe_json_object_setn(dest, key, klen, copy)) return QE_ENOMEM;
    }
  }
  return QE_OK;
}

static int set_in_slot(const jp_item *it, size_t n, const slot *s, const qe_json *src);

/* Qdrant's value_set_map: step into member `key` of `obj` (created as null
 * when missing, which the next step always replaces). */
static int set_member(const jp_item *key, const jp_item *rest, size_t n, qe_json *obj,
                      const qe_json *src) {
  slot s = {obj, key->key, key->klen, 0};
  if (!slot_get(&s) && !slot_put(&s, qe_json_new_null())) return QE_ENOMEM;
  return set_in_slot(rest, n, &s, src);
}

static int set_in_slot(const jp_item *it, size_t n, const slot *s, const qe_json *src) {
  qe_json *cur = slot_get(s);
  qe_json_kind k = qe_json_kind_of(cur);
  if (n == 0 || it->kind == JP_KEY) {
    if (k != QE_JSON_OBJECT && !(cur = slot_put(s, qe_json_new_object()))) return QE_ENOMEM;
    return n == 0 ? qe_payload_merge(cur, src) : set_member(it, it + 1, n - 1, cur, src);
  }
  if (k == QE_JSON_F32 && !(cur = unpack_f32(s, cur))) return QE_ENOMEM;
  if (qe_json_kind_of(cur) != QE_JSON_ARRAY)
    return slot_put(s, qe_json_new_array()) ? QE_OK : QE_ENOMEM;
  size_t len = qe_json_array_len(cur);
  size_t from = it->kind == JP_INDEX ? it->index : 0;
  size_t to = it->kind == JP_INDEX ? (it->index < len ? it->index + 1 : 0) : len;
  for (size_t i = from; i < to; i++) {
    slot e = {cur, NULL, 0, i};
    int rc = set_in_slot(it + 1, n - 1, &e, src);
    if (rc) return rc;
  }
  return QE_OK;
}

int qe_jsonpath_set(const qe_jsonpath *p, qe_json *payload, const qe_json *value) {
  if (qe_json_kind_of(payload) != QE_JSON_OBJECT || qe_json_kind_of(value) != QE_JSON_OBJECT)
    return QE_EINVAL;
  return set_member(&p->items[0], p->items + 1, p->n - 1, payload, value);
}

/* ------------------------------------------------------------ remove */

static int remove_in_slot(const jp_item *it, size_t n, const slot *s) {
  qe_json *cur = slot_get(s);
  qe_json_kind k = qe_json_kind_of(cur);
  if (n == 1) {
    if (it->kind == JP_KEY && k == QE_JSON_OBJECT)
      qe_json_free(qe_json_object_take(cur, it->key, it->klen));
    else if (it->kind == JP_ALL && (k == QE_JSON_ARRAY || k == QE_JSON_F32))
      return slot_put(s, qe_json_new_array()) ? QE_OK : QE_ENOMEM;
    return QE_OK; /* `[N]` at the end: Qdrant does not delete elements */
  }
  if (it->kind == JP_KEY) {
    slot m = {cur, it->key, it->klen, 0};
    if (k != QE_JSON_OBJECT || !slot_get(&m)) return QE_OK;
    return remove_in_slot(it + 1, n - 1, &m);
  }
  if (k != QE_JSON_ARRAY) return QE_OK;
  size_t len = qe_json_array_len(cur);
  size_t from = it->kind == JP_INDEX ? it->index : 0;
  size_t to = it->kind == JP_INDEX ? (it->index < len ? it->index + 1 : 0) : len;
  for (size_t i = from; i < to; i++) {
    slot e = {cur, NULL, 0, i};
    int rc = remove_in_slot(it + 1, n - 1, &e);
    if (rc) return rc;
  }
  return QE_OK;
}

int qe_jsonpath_remove(const qe_jsonpath *p, qe_json *payload) {
  if (qe_json_kind_of(payload) != QE_JSON_OBJECT) return QE_OK;
  const jp_item *first = &p->items[0];
  if (p->n == 1) {
    qe_json_free(qe_json_object_take(payload, first->key, first->klen));
    return QE_OK;
  }
  slot s = {payload, first->key, first->klen, 0};
  if (!slot_get(&s)) return QE_OK;
  return remove_in_slot(p->items + 1, p->n - 1, &s);
}

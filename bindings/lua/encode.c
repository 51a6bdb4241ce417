/*
 * encode.c — Lua values to qe_json trees.
 *
 * Mapping:
 *   nil (top level only), qedge.null  -> null
 *   qedge.empty_array                  -> []
 *   boolean                            -> bool
 *   number   Lua 5.4: integer subtype -> int, float -> double
 *            LuaJIT: an integral double within the int64/u64 range -> int,
 *            any other -> double; NaN and infinities are refused
 *   string   -> string (must be valid UTF-8)
 *   table    with qedge.array_mt       -> array (keys must be 1..n)
 *            with a model metatable    -> object (the model is remembered)
 *            empty                     -> object
 *            keys exactly 1..n         -> array
 *            string keys only          -> object
 *            anything else (holes, mixed keys, cycles, depth > 256) -> error
 *
 * Bad input is reported through qe_error with the JSON path of the value
 * (0-based indices, as the core's checker writes them). Conversion makes no
 * Lua call that can raise once the stack has been reserved, so C memory is
 * never leaked by a longjmp.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lqedge.h"

/** A table that carried a model metatable, and the tree node it became. */
typedef struct model_ref {
  qe_json *node;
  const qe_model *model;
} model_ref;

/** The state of one conversion. */
typedef struct encoder {
  lua_State *L;
  qe_error *err;
  unsigned flags;
  int depth;                      /* tables currently open */
  int model_depth;                /* open tables that carry a model metatable */
  const void *open[QL_MAX_DEPTH]; /* identities of the open tables */
  model_ref *models;              /* outermost model tables (QL_TO_JSON_MODELS) */
  size_t nmodels, cap;
} encoder;

static qe_json *encode_value(encoder *e, int idx);

/* ------------------------------------------------------------ paths */

/** Prefix err->path with `seg` (a key, or "[i]"), adding '.' before a key. */
static void path_prepend(qe_error *err, const char *seg, size_t n) {
  char *p = err->path;
  size_t old = strlen(p);
  size_t sep = (old > 0 && p[0] != '[') ? 1 : 0;
  size_t add = n + sep;
  if (add >= QE_ERROR_PATH_MAX) return; /* cannot fit: keep the inner part */
  if (old + add >= QE_ERROR_PATH_MAX) old = QE_ERROR_PATH_MAX - 1 - add;
  memmove(p + add, p, old);
  p[add + old] = '\0';
  memcpy(p, seg, n);
  if (sep) p[n] = '.';
}

/** Prefix err->path with the array index `i` (0-based). */
static void path_prepend_index(qe_error *err, size_t i) {
  char seg[32];
  int n = snprintf(seg, sizeof seg, "[%zu]", i);
  path_prepend(err, seg, (size_t)n);
}

/** True if `key` can be written bare in a path (as the core's checker does). */
static int key_is_plain(const char *key, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = key[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return 0;
  }
  return 1;
}

/** Prefix err->path with an object key: `key`, or `["key"]` if not plain. */
static void path_prepend_key(qe_error *err, const char *key, size_t n) {
  if (key_is_plain(key, n)) {
    path_prepend(err, key, n);
    return;
  }
  const char *nul = (const char *)memchr(key, '\0', n);
  if (nul) n = (size_t)(nul - key);
  char seg[QE_ERROR_PATH_MAX];
  int w = snprintf(seg, sizeof seg, "[\"%.*s\"]", (int)(n < 200 ? n : 200), key);
  path_prepend(err, seg, (size_t)w);
}

/* ------------------------------------------------------------ scalars */

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
static size_t utf8_bad_offset(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    size_t n = c < 0x80                   ? 1
               : (c >= 0xC2 && c <= 0xDF) ? 2
               : (c >= 0xE0 && c <= 0xEF) ? 3
               : (c >= 0xF0 && c <= 0xF4) ? 4
                                          : 0;
    if (n == 0 || n > len - i || !qe_utf8_valid(s + i, n)) return i;
    i += n;
  }
  return len;
}

/** Record an out-of-memory error and return NULL. */
static qe_json *no_memory(encoder *e) {
  qe_error_set(e->err, QE_ENOMEM, NULL, "out of memory");
  return NULL;
}

static qe_json *encode_number(encoder *e, int idx) {
  lua_State *L = e->L;
  qe_json *v;
#if QL_HAVE_INTEGERS
  if (lua_isinteger(L, idx)) {
    v = qe_json_new_int((int64_t)lua_tointeger(L, idx));
    return v ? v : no_memory(e);
  }
#endif
  double d = (double)lua_tonumber(L, idx);
  if (!isfinite(d)) {
    qe_error_set(e->err, QE_EINVAL, NULL, "number is not finite (%s)",
                 isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf"));
    return NULL;
  }
#if QL_HAVE_INTEGERS
  v = qe_json_new_double(d);
#else
  /* No integer subtype: integral values are integers. */
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && (double)(int64_t)d == d) {
    v = qe_json_new_int((int64_t)d);
  } else if (d >= 0.0 && d < 18446744073709551616.0 && (double)(uint64_t)d == d) {
    v = qe_json_new_uint((uint64_t)d);
  } else {
    v = qe_json_new_double(d);
  }
#endif
  return v ? v : no_memory(e);
}

static qe_json *encode_string(encoder *e, int idx) {
  size_t len;
  const char *s = lua_tolstring(e->L, idx, &len);
  qe_json *v = qe_json_new_string(s, len, NULL);
  if (v) return v;
  if (!qe_utf8_valid(s, len)) {
    qe_error_set(e->err, QE_EINVAL, NULL, "invalid UTF-8 at byte %zu of the string",
                 utf8_bad_offset(s, len));
    return NULL;
  }
  return no_memory(e);
}

static qe_json *encode_lightuserdata(encoder *e, int idx) {
  const void *p = lua_touserdata(e->L, idx);
  qe_json *v;
  if (p == NULL) {
    v = qe_json_new_null();
  } else if (p == (const void *)&ql_empty_array_tag) {
    v = qe_json_new_array();
  } else {
    qe_error_set(e->err, QE_EINVAL, NULL,
                 "cannot convert a light userdata to JSON (only qedge.null and "
                 "qedge.empty_array)");
    return NULL;
  }
  return v ? v : no_memory(e);
}

/* ------------------------------------------------------------ tables */

/** How a table's keys look, from one pass of lua_next. */
typedef struct key_scan {
  size_t strings;         /* string keys */
  size_t indices;         /* integer keys >= 1 */
  size_t max_index;       /* largest of those */
  size_t others;          /* any other key */
  const char *other_type; /* type name of the first other key */
} key_scan;

static void scan_keys(lua_State *L, int t, key_scan *ks) {
  memset(ks, 0, sizeof *ks);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    size_t i;
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      ks->strings++;
    } else if (ql_array_index(L, -1, &i)) {
      ks->indices++;
      if (i > ks->max_index) ks->max_index = i;
    } else {
      if (ks->others++ == 0) {
        ks->other_type = lua_type(L, -1) == LUA_TNUMBER ? "non-integer number"
                                                        : lua_typename(L, lua_type(L, -1));
      }
    }
  }
}

static qe_json *encode_array(encoder *e, int t, size_t n) {
  lua_State *L = e->L;
  qe_json *arr = qe_json_new_array();
  if (!arr) return no_memory(e);
  for (size_t i = 1; i <= n; i++) {
    ql_rawgeti(L, t, i);
    qe_json *item = encode_value(e, -1);
    lua_pop(L, 1);
    if (!item) {
      path_prepend_index(e->err, i - 1);
      qe_json_free(arr);
      return NULL;
    }
    if (qe_json_array_push(arr, item) != 0) {
      qe_json_free(arr);
      return no_memory(e);
    }
  }
  return arr;
}

static qe_json *encode_object(encoder *e, int t) {
  lua_State *L = e->L;
  qe_json *obj = qe_json_new_object();
  if (!obj) return no_memory(e);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    size_t klen;
    const char *key = lua_tolstring(L, -2, &klen); /* keys were checked to be strings */
    if (!qe_utf8_valid(key, klen)) {
      qe_error_set(e->err, QE_EINVAL, NULL, "object key is not valid UTF-8 (byte %zu)",
                   utf8_bad_offset(key, klen));
      lua_pop(L, 2);
      qe_json_free(obj);
      return NULL;
    }
    qe_json *val = encode_value(e, -1);
    lua_pop(L, 1);
    if (!val) {
      path_prepend_key(e->err, key, klen);
      lua_pop(L, 1);
      qe_json_free(obj);
      return NULL;
    }
    if (qe_json_object_setn(obj, key, klen, val) != 0) {
      lua_pop(L, 1);
      qe_json_free(obj);
      return no_memory(e);
    }
  }
  return obj;
}

/** Remember `node` as a table of model `m` for the re-check after encoding. */
static int remember_model(encoder *e, qe_json *node, const qe_model *m) {
  if (e->nmodels == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 8;
    model_ref *grown = (model_ref *)qe_realloc(e->models, cap * sizeof *grown);
    if (!grown) return QE_ENOMEM;
    e->models = grown;
    e->cap = cap;
  }
  e->models[e->nmodels].node = node;
  e->models[e->nmodels].model = m;
  e->nmodels++;
  return 0;
}

static qe_json *encode_table(encoder *e, int t) {
  lua_State *L = e->L;
  const void *self = lua_topointer(L, t);
  for (int i = 0; i < e->depth; i++) {
    if (e->open[i] == self) {
      qe_error_set(e->err, QE_EINVAL, NULL, "table contains itself (reference cycle)");
      return NULL;
    }
  }
  if (e->depth >= QL_MAX_DEPTH) {
    qe_error_set(e->err, QE_ELIMIT, NULL, "tables nested deeper than %d levels", QL_MAX_DEPTH);
    return NULL;
  }

  int force_array = 0;
  const qe_model *model = NULL;
  if (lua_getmetatable(L, t)) {
    force_array = lua_rawequal(L, -1, QL_UV(QL_UV_ARRAY_MT));
    lua_pop(L, 1);
    if (!force_array) model = ql_table_model(L, t);
  }

  key_scan ks;
  scan_keys(L, t, &ks);
  int as_array;
  if (force_array || (!model && ks.strings == 0 && ks.others == 0 && ks.indices > 0)) {
    if (ks.strings > 0 || ks.others > 0) {
      qe_error_set(e->err, QE_EINVAL, NULL, "array table has %s keys",
                   ks.strings > 0 ? "string" : ks.other_type);
      return NULL;
    }
    if (ks.max_index != ks.indices) {
      qe_error_set(e->err, QE_EINVAL, NULL,
                   "array table has holes (%zu elements, highest index %zu)", ks.indices,
                   ks.max_index);
      return NULL;
    }
    as_array = 1;
  } else {
    if (ks.indices > 0 || ks.others > 0) {
      const char *bad = ks.indices > 0 ? "integer" : ks.other_type;
      if (ks.strings > 0) {
        qe_error_set(e->err, QE_EINVAL, NULL, "table mixes string keys with %s keys", bad);
      } else {
        qe_error_set(e->err, QE_EINVAL, NULL, "object keys must be strings, not %s", bad);
      }
      return NULL;
    }
    as_array = 0;
  }

  e->open[e->depth++] = self;
  int outermost_model = model && e->model_depth == 0;
  if (model) e->model_depth++;
  qe_json *v = as_array ? encode_array(e, t, ks.indices) : encode_object(e, t);
  if (model) e->model_depth--;
  e->depth--;

  if (v && outermost_model && (e->flags & QL_TO_JSON_MODELS)) {
    if (remember_model(e, v, model) != 0) {
      qe_json_free(v);
      return no_memory(e);
    }
  }
  return v;
}

/* ------------------------------------------------------------ dispatch */

static qe_json *encode_value(encoder *e, int idx) {
  lua_State *L = e->L;
  int t = ql_absindex(L, idx);
  qe_json *v;
  switch (lua_type(L, t)) {
  case LUA_TNIL:
    v = qe_json_new_null();
    return v ? v : no_memory(e);
  case LUA_TBOOLEAN:
    v = qe_json_new_bool(lua_toboolean(L, t) != 0);
    return v ? v : no_memory(e);
  case LUA_TNUMBER:
    return encode_number(e, t);
  case LUA_TSTRING:
    return encode_string(e, t);
  case LUA_TLIGHTUSERDATA:
    return encode_lightuserdata(e, t);
  case LUA_TTABLE:
    return encode_table(e, t);
  default:
    qe_error_set(e->err, QE_EINVAL, NULL, "cannot convert a %s to JSON",
                 lua_typename(L, lua_type(L, t)));
    return NULL;
  }
}

int ql_to_json(lua_State *L, int idx, unsigned flags, qe_json **out, qe_error *err) {
  /* Every nesting level uses at most 3 slots (table key, value, metatable);
   * reserve them all now, while nothing is allocated, so that nothing below
   * needs to grow the stack. */
  luaL_checkstack(L, 3 * QL_MAX_DEPTH + 8, "qedge: cannot reserve Lua stack");
  qe_error_clear(err);
  encoder e;
  memset(&e, 0, sizeof e);
  e.L = L;
  e.err = err;
  e.flags = flags;
  *out = encode_value(&e, idx);
  if (*out && e.nmodels > 0) {
    for (size_t i = 0; i < e.nmodels; i++) {
      qe_error ignored;
      (void)qe_model_check(e.models[i].model, e.models[i].node,
                           QE_CHECK_COERCE | QE_CHECK_NUMERIC_STRING_IDS, NULL, &ignored);
    }
  }
  qe_free(e.models);
  return *out ? 0 : err->code;
}

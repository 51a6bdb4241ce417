/*
 * decode.c — qe_json trees to Lua values.
 *
 * Mapping:
 *   null    -> qedge.null (a NULL lightuserdata, like cjson.null/ngx.null)
 *   bool    -> boolean
 *   int     Lua 5.4: integer; LuaJIT: number if |i| <= 2^53, else a
 *           decimal string
 *   uint    (above 2^63-1) -> decimal string
 *   double  -> number
 *   string  -> string
 *   array, f32 array -> table 1..n with qedge.array_mt (re-encodes as [])
 *   object  -> table; with the model's metatable when a model check
 *              accepted it as an object model
 */
#include <stdlib.h>
#include <string.h>

#include "lqedge.h"

/** The state of one conversion. */
typedef struct decoder {
  lua_State *L;
  const qe_model_match *matches; /* sorted by node address, or NULL */
  size_t nmatches;
} decoder;

static int compare_match(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const qe_model_match *)a)->node;
  uintptr_t y = (uintptr_t)((const qe_model_match *)b)->node;
  return x < y ? -1 : x > y;
}

/** The object model `node` was accepted as, or NULL. */
static const qe_model *model_of(const decoder *d, const qe_json *node) {
  size_t lo = 0, hi = d->nmatches;
  uintptr_t key = (uintptr_t)node;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    uintptr_t at = (uintptr_t)d->matches[mid].node;
    if (at == key) return d->matches[mid].model;
    if (at < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return NULL;
}

static void push_value(decoder *d, const qe_json *v) {
  lua_State *L = d->L;
  switch (qe_json_kind_of(v)) {
  case QE_JSON_NULL:
    lua_pushlightuserdata(L, NULL);
    break;
  case QE_JSON_BOOL:
    lua_pushboolean(L, qe_json_get_bool(v));
    break;
  case QE_JSON_INT: {
    int64_t i = 0;
    qe_json_get_i64(v, &i);
    ql_push_i64(L, i);
    break;
  }
  case QE_JSON_UINT: {
    uint64_t u = 0;
    qe_json_get_u64(v, &u);
    ql_push_u64(L, u);
    break;
  }
  case QE_JSON_DOUBLE:
    lua_pushnumber(L, (lua_Number)qe_json_get_double(v));
    break;
  case QE_JSON_STRING: {
    size_t len = 0;
    const char *s = qe_json_get_string(v, &len);
    lua_pushlstring(L, s, len);
    break;
  }
  case QE_JSON_F32: {
    size_t n = 0;
    const float *f = qe_json_f32_data(v, &n);
    lua_createtable(L, n > (size_t)0x7fffffff ? 0 : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
      lua_pushnumber(L, (lua_Number)f[i]);
      ql_rawseti(L, -2, i + 1);
    }
    lua_pushvalue(L, QL_UV(QL_UV_ARRAY_MT));
    lua_setmetatable(L, -2);
    break;
  }
  case QE_JSON_ARRAY: {
    size_t n = qe_json_array_len(v);
    luaL_checkstack(L, 3, "qedge: JSON nested too deeply");
    lua_createtable(L, n > (size_t)0x7fffffff ? 0 : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
      push_value(d, qe_json_array_at(v, i));
      ql_rawseti(L, -2, i + 1);
    }
    lua_pushvalue(L, QL_UV(QL_UV_ARRAY_MT));
    lua_setmetatable(L, -2);
    break;
  }
  case QE_JSON_OBJECT: {
    size_t n = qe_json_object_len(v);
    luaL_checkstack(L, 4, "qedge: JSON nested too deeply");
    lua_createtable(L, 0, n > (size_t)0x7fffffff ? 0 : (int)n);
    for (size_t i = 0; i < n; i++) {
      size_t klen = 0;
      const char *key = qe_json_object_key_at(v, i, &klen);
      lua_pushlstring(L, key, klen);
      push_value(d, qe_json_object_value_at(v, i));
      lua_rawset(L, -3);
    }
    const qe_model *m = d->nmatches ? model_of(d, v) : NULL;
    if (m) {
      ql_push_model_mt(L, m);
      lua_setmetatable(L, -2);
    }
    break;
  }
  }
}

/**
 * Keep only the matches that name object models, sorted by node. When one
 * node was accepted as several object models (an alias of an object, say),
 * one of them is kept.
 */
static size_t prepare_matches(qe_model_matches *mm) {
  size_t n = 0;
  for (size_t i = 0; i < mm->len; i++) {
    if (qe_json_kind_of(mm->items[i].node) == QE_JSON_OBJECT && mm->items[i].model &&
        qe_model_kind_of(mm->items[i].model) == QE_MODEL_OBJECT) {
      mm->items[n++] = mm->items[i];
    }
  }
  mm->len = n;
  if (n > 1) qsort(mm->items, n, sizeof mm->items[0], compare_match);
  return n;
}

void ql_push_json(lua_State *L, const qe_json *v, qe_model_matches *matches) {
  decoder d;
  d.L = L;
  d.matches = NULL;
  d.nmatches = 0;
  if (matches && matches->len > 0) {
    d.nmatches = prepare_matches(matches);
    d.matches = matches->items;
  }
  push_value(&d, v);
}

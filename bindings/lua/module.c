/*
 * module.c — luaopen_qedge: the `qedge` module table.
 *
 *   qedge.json_encode(v [, pretty])   -> string | nil, err
 *   qedge.json_decode(s)              -> value  | nil, err
 *   qedge.validate(model, v [, strict]) -> normalised value | nil, err
 *   qedge.registry()                  -> array of model descriptions
 *   qedge.model_mt(model)             -> metatable of an object model | nil
 *   qedge.crc32c(s [, crc])           -> integer
 *   qedge.null, qedge.empty_array, qedge.array_mt, qedge.error_mt
 *   qedge.version                     -> "x.y.z"
 *   qedge.models                      -> require "qedge.models", on first use
 *   qedge.EdgeShard                   -> the edge shard class (shard.c)
 *   qedge.edge, and the request builders it exports (UpdateOperation, Point,
 *   PointVectors, SparseVector, Query, QueryRequest, RecommendQuery, ...)
 *                                     -> require "qedge.edge",
 *                                        on first use
 *
 * The module has no C globals: its state is in the upvalues described in
 * lqedge.h, shared by every function registered here.
 */
#include <string.h>

#include "lqedge.h"

#ifndef QEDGE_LUA_VERSION
#define QEDGE_LUA_VERSION "0.0.0"
#endif

const char ql_empty_array_tag = 'a';

void ql_push_closure(lua_State *L, lua_CFunction fn) {
  luaL_checkstack(L, QL_NUPVALUES + 1, "qedge: no stack for a closure");
  for (int i = 1; i <= QL_NUPVALUES; i++)
    lua_pushvalue(L, QL_UV(i));
  lua_pushcclosure(L, fn, QL_NUPVALUES);
}

/** qedge.json_encode(value [, pretty]) */
static int l_json_encode(lua_State *L) {
  luaL_checkany(L, 1);
  unsigned flags = lua_toboolean(L, 2) ? QE_EMIT_PRETTY : 0;
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (ql_to_json(L, 1, QL_TO_JSON_MODELS, &s->tree, &err) != 0) return ql_push_error(L, &err);
  int rc = qe_json_emit(s->tree, flags, &s->text, &err);
  if (rc != 0) {
    ql_scratch_release(s);
    if (err.code == QE_OK) qe_error_set(&err, rc, NULL, "cannot write the JSON text");
    return ql_push_error(L, &err);
  }
  lua_pushlstring(L, s->text.data ? s->text.data : "", s->text.len);
  ql_scratch_release(s);
  return 1;
}

/** qedge.json_decode(text) */
static int l_json_decode(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  qe_error_clear(&err);
  if (qe_json_parse(text, len, NULL, &s->tree, &err) != 0) {
    ql_scratch_release(s);
    return ql_push_error(L, &err);
  }
  ql_push_json(L, s->tree, NULL);
  ql_scratch_release(s);
  return 1;
}

/** qedge.crc32c(data [, crc]) */
static int l_crc32c(lua_State *L) {
  size_t len;
  const char *data = luaL_checklstring(L, 1, &len);
  lua_Number start = luaL_optnumber(L, 2, 0);
  luaL_argcheck(L, start >= 0 && start <= 4294967295.0 && (lua_Number)(uint32_t)start == start, 2,
                "expected an unsigned 32-bit integer");
  ql_push_i64(L, (int64_t)qe_crc32c((uint32_t)start, data, len));
  return 1;
}

/** Names the pure-Lua qedge.edge module exports into the module table. */
static const char *const edge_names[] = {
    "UpdateOperation",
    "Point",
    "PointVectors",
    "SparseVector",
    "Query",
    "QueryRequest",
    "RecommendQuery",
    "DiscoverQuery",
    "ContextQuery",
    "ContextPair",
    "Fusion",
    "Mmr",
    NULL,
};

/** require(name) and store the result as module[key]; leaves it on the stack. */
static void require_into(lua_State *L, const char *name, const char *key) {
  lua_getglobal(L, "require");
  lua_pushstring(L, name);
  lua_call(L, 1, 1);
  lua_pushstring(L, key);
  lua_pushvalue(L, -2);
  lua_rawset(L, 1);
}

/**
 * __index of the module table: loads `qedge.models` on first use of
 * qedge.models, and `qedge.edge` on first use of qedge.edge or of one of the
 * names it exports (which are then copied into the module table).
 */
static int l_module_index(lua_State *L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const char *key = lua_tostring(L, 2);
  if (strcmp(key, "models") == 0) {
    require_into(L, "qedge.models", "models");
    return 1;
  }
  int edge = strcmp(key, "edge") == 0;
  for (int i = 0; !edge && edge_names[i] != NULL; i++)
    edge = strcmp(key, edge_names[i]) == 0;
  if (!edge) return 0;
  require_into(L, "qedge.edge", "edge");
  int mod = lua_gettop(L);
  for (int i = 0; edge_names[i] != NULL; i++) {
    lua_getfield(L, mod, edge_names[i]);
    lua_setfield(L, 1, edge_names[i]);
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, 1);
  return 1;
}

static const luaL_Reg module_functions[] = {
    {"json_encode", l_json_encode},
    {"json_decode", l_json_decode},
    {"validate", ql_validate},
    {"registry", ql_registry},
    {"model_mt", ql_model_mt},
    {"crc32c", l_crc32c},
    {NULL, NULL},
};

/** Push a new table with __name `name` for use as a metatable. */
static void new_metatable(lua_State *L, const char *name) {
  lua_createtable(L, 0, 2);
  lua_pushstring(L, name);
  lua_setfield(L, -2, "__name");
}

QL_EXPORT int luaopen_qedge(lua_State *L);

/** Open the module: build the shared upvalues and the module table. */
QL_EXPORT int luaopen_qedge(lua_State *L) {
  luaL_checkstack(L, 16, "qedge: no stack to open the module");
  lua_createtable(L, 0, 16); /* the module */
  int module = lua_gettop(L);

  new_metatable(L, "qedge.array"); /* QL_UV_ARRAY_MT */
  new_metatable(L, "qedge.error"); /* QL_UV_ERROR_MT */
  lua_pushcfunction(L, ql_error_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_newtable(L);                   /* QL_UV_MODEL_MTS */
  new_metatable(L, "qedge.scratch"); /* QL_UV_SCRATCH_MT */
  lua_pushcfunction(L, ql_scratch_gc);
  lua_setfield(L, -2, "__gc");
  lua_createtable(L, 0, 8); /* QL_UV_SHARD_MT, filled by ql_shard_init */

  lua_pushvalue(L, module + QL_UV_ARRAY_MT);
  lua_setfield(L, module, "array_mt");
  lua_pushvalue(L, module + QL_UV_ERROR_MT);
  lua_setfield(L, module, "error_mt");
  for (int i = 1; i <= QL_NUPVALUES; i++)
    lua_pushvalue(L, module + i);
  lua_pushcclosure(L, ql_shard_init, QL_NUPVALUES);
  lua_pushvalue(L, module);
  lua_call(L, 1, 0);
  for (int i = 1; i <= QL_NUPVALUES; i++)
    lua_pushvalue(L, module + i);
  lua_pushcclosure(L, ql_client_init, QL_NUPVALUES);
  lua_pushvalue(L, module);
  lua_call(L, 1, 0);
  ql_setfuncs(L, module_functions, QL_NUPVALUES); /* pops the upvalues */

  lua_pushlightuserdata(L, NULL);
  lua_setfield(L, module, "null");
  lua_pushlightuserdata(L, (void *)&ql_empty_array_tag);
  lua_setfield(L, module, "empty_array");
  lua_pushstring(L, QEDGE_LUA_VERSION);
  lua_setfield(L, module, "version");

  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, l_module_index);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, module);
  return 1;
}

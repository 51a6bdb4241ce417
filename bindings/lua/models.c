/*
 * models.c — the schema registry seen from Lua: validation, the registry
 * description, and the metatables that mark tables as model instances.
 *
 * Every object model has one metatable, made on first use and kept in the
 * module's model-metatable table (keyed by the model's address):
 *   __name          "qedge.models.<Name>"
 *   __qedge_model   "<Name>"
 *   __tostring      "<Name>(<JSON>)"
 *   [&ql_model_key] lightuserdata(qe_model *), read by the encoder
 * The pure-Lua qedge.models module decorates these same tables (it makes
 * them callable constructors), so `getmetatable(v) == qedge.models.<Name>`.
 */
#include <string.h>

#include "lqedge.h"

const char ql_model_key = 'm';

const qe_model *ql_table_model(lua_State *L, int idx) {
  const qe_model *m = NULL;
  if (lua_getmetatable(L, idx)) {
    lua_pushlightuserdata(L, (void *)&ql_model_key);
    lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TLIGHTUSERDATA) m = (const qe_model *)lua_touserdata(L, -1);
    lua_pop(L, 2);
  }
  return m;
}

/** __tostring of model instances: the model name and the JSON text. */
static int model_tostring(lua_State *L) {
  const qe_model *m = ql_table_model(L, 1);
  const char *name = m ? qe_model_name(m) : "?";
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (ql_to_json(L, 1, QL_TO_JSON_MODELS, &s->tree, &err) != 0) {
    lua_pushfstring(L, "%s(<%s>)", name, err.message);
    return 1;
  }
  if (qe_json_emit(s->tree, 0, &s->text, &err) != 0) {
    lua_pushfstring(L, "%s(<%s>)", name, err.message);
  } else {
    lua_pushfstring(L, "%s(%s)", name, s->text.data ? s->text.data : "");
  }
  ql_scratch_release(s);
  return 1;
}

void ql_push_model_mt(lua_State *L, const qe_model *m) {
  luaL_checkstack(L, 4, "qedge: no stack for a model metatable");
  lua_pushlightuserdata(L, (void *)m);
  lua_rawget(L, QL_UV(QL_UV_MODEL_MTS));
  if (!lua_isnil(L, -1)) return;
  lua_pop(L, 1);

  const char *name = qe_model_name(m);
  lua_createtable(L, 0, 4);
  lua_pushfstring(L, "qedge.models.%s", name);
  lua_setfield(L, -2, "__name");
  lua_pushstring(L, name);
  lua_setfield(L, -2, "__qedge_model");
  ql_push_closure(L, model_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushlightuserdata(L, (void *)&ql_model_key);
  lua_pushlightuserdata(L, (void *)m);
  lua_rawset(L, -3);

  lua_pushlightuserdata(L, (void *)m);
  lua_pushvalue(L, -2);
  lua_rawset(L, QL_UV(QL_UV_MODEL_MTS));
}

int ql_model_mt(lua_State *L) {
  const qe_model *m = qe_model_find(luaL_checkstring(L, 1));
  if (!m || qe_model_kind_of(m) != QE_MODEL_OBJECT) {
    lua_pushnil(L);
  } else {
    ql_push_model_mt(L, m);
  }
  return 1;
}

int ql_validate(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  luaL_checkany(L, 2);
  unsigned flags = QE_CHECK_COERCE | QE_CHECK_NUMERIC_STRING_IDS;
  if (lua_toboolean(L, 3)) flags |= QE_CHECK_STRICT;

  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (ql_to_json(L, 2, 0, &s->tree, &err) != 0) return ql_push_error(L, &err);
  if (qe_model_check_name(name, s->tree, flags, &s->matches, &err) != 0) {
    ql_scratch_release(s);
    return ql_push_error(L, &err);
  }
  ql_push_json(L, s->tree, &s->matches);
  ql_scratch_release(s);
  return 1;
}

int ql_registry(lua_State *L) {
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  qe_error_clear(&err);
  if (qe_registry_status(&err) != 0) return ql_push_error(L, &err);
  s->tree = qe_registry_describe();
  if (!s->tree) {
    qe_error_set(&err, QE_ENOMEM, NULL, "out of memory");
    return ql_push_error(L, &err);
  }
  ql_push_json(L, s->tree, NULL);
  ql_scratch_release(s);
  return 1;
}

/*
 * errors.c — `nil, err` results.
 *
 * Bad input never raises: functions return nil and an error table
 * {code = "EINVAL", message = "...", path = "points[3].vector"} whose
 * metatable gives it a __tostring, so `print(err)` and `error(err)` read
 * well. Only programmer errors (wrong argument types) raise.
 */
#include <string.h>

#include "lqedge.h"

int ql_push_error(lua_State *L, const qe_error *err) {
  lua_pushnil(L);
  lua_createtable(L, 0, 3);
  lua_pushstring(L, qe_code_name(err->code));
  lua_setfield(L, -2, "code");
  lua_pushstring(L, err->message);
  lua_setfield(L, -2, "message");
  lua_pushstring(L, err->path);
  lua_setfield(L, -2, "path");
  lua_pushvalue(L, QL_UV(QL_UV_ERROR_MT));
  lua_setmetatable(L, -2);
  return 2;
}

/** Push field `name` of the table at 1 as a string, "" if absent. */
static const char *field_string(lua_State *L, const char *name, size_t *len) {
  lua_pushstring(L, name);
  lua_rawget(L, 1);
  const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, len) : NULL;
  if (!s) {
    *len = 0;
    s = "";
  }
  return s;
}

int ql_error_tostring(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t plen, mlen;
  const char *path = field_string(L, "path", &plen);
  const char *message = field_string(L, "message", &mlen);
  if (plen > 0) {
    lua_pushfstring(L, "%s: %s", path, message);
  } else {
    lua_pushlstring(L, message, mlen);
  }
  return 1;
}

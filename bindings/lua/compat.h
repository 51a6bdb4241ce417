/*
 * compat.h — the differences between Lua 5.4 and Lua 5.1 / LuaJIT that the
 * qedge Lua glue cares about, behind one set of names.
 *
 * The same C sources build against both ABIs:
 *   - Lua 5.4 has an integer subtype (int64); integers travel as integers and
 *     only unsigned values above 2^63-1 travel as decimal strings.
 *   - Lua 5.1 / LuaJIT has only doubles; integers whose magnitude exceeds
 *     2^53 cannot be represented exactly and travel as decimal strings.
 *
 * Everything here is static inline; the header has no state.
 */
#ifndef QEDGE_LUA_COMPAT_H
#define QEDGE_LUA_COMPAT_H

#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#if LUA_VERSION_NUM >= 503
#define QL_HAVE_INTEGERS 1
#else
#define QL_HAVE_INTEGERS 0
#endif

/** Largest magnitude below which every integer is exact in a double (2^53). */
#define QL_EXACT_DOUBLE_MAX 9007199254740992.0

#if LUA_VERSION_NUM < 502
/*
 * Lua 5.1: provide the 5.2+ helpers. LuaJIT 2.1 declares some of them
 * itself, but plain 5.1 does not; using our own copies under private names
 * works with both.
 */

/** Length of a string, table or userdata without metamethods. */
static inline size_t ql_rawlen(lua_State *L, int idx) {
  return lua_objlen(L, idx);
}

/** Turn a relative stack index into an absolute one. */
static inline int ql_absindex(lua_State *L, int idx) {
  return (idx > 0 || idx <= LUA_REGISTRYINDEX) ? idx : lua_gettop(L) + idx + 1;
}

/**
 * Register the functions of `l` into the table below the `nup` upvalues on
 * the stack, each as a closure sharing those upvalues; pops the upvalues.
 */
static inline void ql_setfuncs(lua_State *L, const luaL_Reg *l, int nup) {
  luaL_checkstack(L, nup + 1, "too many upvalues");
  for (; l->name != NULL; l++) {
    for (int i = 0; i < nup; i++)
      lua_pushvalue(L, -nup);
    lua_pushcclosure(L, l->func, nup);
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}

#else

static inline size_t ql_rawlen(lua_State *L, int idx) {
  return (size_t)lua_rawlen(L, idx);
}

static inline int ql_absindex(lua_State *L, int idx) {
  return lua_absindex(L, idx);
}

static inline void ql_setfuncs(lua_State *L, const luaL_Reg *l, int nup) {
  luaL_setfuncs(L, l, nup);
}

#endif

/** Push t[i] (raw) for the table at `idx`, with a size_t index. */
static inline void ql_rawgeti(lua_State *L, int idx, size_t i) {
#if QL_HAVE_INTEGERS
  lua_rawgeti(L, idx, (lua_Integer)i);
#else
  lua_rawgeti(L, idx, (int)i);
#endif
}

/** Pop a value and store it as t[i] (raw) for the table at `idx`. */
static inline void ql_rawseti(lua_State *L, int idx, size_t i) {
#if QL_HAVE_INTEGERS
  lua_rawseti(L, idx, (lua_Integer)i);
#else
  lua_rawseti(L, idx, (int)i);
#endif
}

/**
 * If the value at `idx` is a number usable as an array index (an integer
 * >= 1), store it in *out and return 1; otherwise return 0.
 */
static inline int ql_array_index(lua_State *L, int idx, size_t *out) {
  if (lua_type(L, idx) != LUA_TNUMBER) return 0;
#if QL_HAVE_INTEGERS
  if (lua_isinteger(L, idx)) {
    lua_Integer i = lua_tointeger(L, idx);
    if (i < 1) return 0;
    *out = (size_t)i;
    return 1;
  }
#endif
  {
    lua_Number d = lua_tonumber(L, idx);
    if (!(d >= 1.0 && d <= QL_EXACT_DOUBLE_MAX)) return 0;
    if ((lua_Number)(size_t)d != d) return 0;
    *out = (size_t)d;
    return 1;
  }
}

/** Push "-"? followed by the decimal digits of `magnitude`, as a string. */
static inline void ql_push_decimal(lua_State *L, int negative, uint64_t magnitude) {
  char buf[24];
  size_t pos = sizeof buf;
  do {
    buf[--pos] = (char)('0' + (int)(magnitude % 10u));
    magnitude /= 10u;
  } while (magnitude != 0);
  if (negative) buf[--pos] = '-';
  lua_pushlstring(L, buf + pos, sizeof buf - pos);
}

/**
 * Push an integer exactly: as a Lua integer where Lua has int64 integers, as
 * a number when |v| <= 2^53, else as a decimal string.
 */
static inline void ql_push_i64(lua_State *L, int64_t v) {
#if QL_HAVE_INTEGERS && LUA_MAXINTEGER >= INT64_MAX
  lua_pushinteger(L, (lua_Integer)v);
#else
  if (v >= -(int64_t)9007199254740992LL && v <= (int64_t)9007199254740992LL) {
    lua_pushnumber(L, (lua_Number)v);
  } else {
    ql_push_decimal(L, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
  }
#endif
}

/** Push an unsigned integer exactly: a number when exact, else a string. */
static inline void ql_push_u64(lua_State *L, uint64_t v) {
  if (v <= (uint64_t)INT64_MAX) {
    ql_push_i64(L, (int64_t)v);
  } else {
    ql_push_decimal(L, 0, v);
  }
}

#endif

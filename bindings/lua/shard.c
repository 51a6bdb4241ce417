/*
 * shard.c — qedge.EdgeShard: an edge shard (qe_shard) held by a Lua userdata.
 *
 *   qedge.EdgeShard.create(path, config [, opts])  -> shard | nil, err
 *   qedge.EdgeShard.load(path [, config [, opts]]) -> shard | nil, err
 *   qedge.EdgeShard(path [, config [, opts]])      -> shard | nil, err
 *       opens the shard at `path`; when there is none there and a config is
 *       given (and the open is not read-only), creates it.
 *   opts: {read_only = bool, durability = "fsync" | "interval" | "flush",
 *          fsync_interval_ms = n, flush_threshold = n}
 *
 *   shard:update(op)      -> seq          (the operation's sequence number)
 *   shard:query(req)      -> {ScoredPoint...}
 *   shard:search(req)     -> {ScoredPoint...}   ({vector, using?, ...} form)
 *   shard:scroll([req])   -> {Record...}, next_offset (nil at the end)
 *   shard:count([req])    -> integer
 *   shard:facet(req)      -> {hits = {{value, count}...}}
 *   shard:retrieve(ids [, with_payload [, with_vector]]) -> {Record...}
 *   shard:info()          -> {segments_count, points_count, ...}
 *   shard:flush(), shard:close() -> true
 *   shard:optimize()      -> optimized (true: segments were rewritten; false:
 *                            already optimal, not a failure) | nil, err
 *   shard.path, shard.closed, shard.read_only  (read-only fields)
 *
 * Every method returns `nil, err` on failure (err as in errors.c); a closed
 * shard answers `nil, err` with code "ESTATE". Only programmer errors (a
 * method called with '.', an argument of the wrong Lua type) raise.
 *
 * Requests are converted with the module's converter and checked against
 * their model here, with QE_CHECK_NUMERIC_STRING_IDS, before the engine sees
 * them: that is where ids held as decimal strings (beyond 2^53 in LuaJIT,
 * beyond 2^63-1 in Lua 5.4) become numbers again. (The converter's own
 * re-check of model tables, QL_TO_JSON_MODELS, would only repeat that work.)
 * The engine checks again, against the shard's own state (dimensions,
 * vector names). Results are checked against their model (ScoredPoint,
 * Record, FacetResponse) without changing them, to give their tables the
 * model metatables qedge.models uses; info() returns plain tables.
 *
 * scroll() returns the next page's offset as a second result, nil on the
 * last page, so `repeat ... until next_offset == nil` walks every page.
 *
 * Memory: every C tree is owned by a scratch userdata while Lua calls that
 * may raise run, so an error unwinding through here leaks nothing. The
 * qe_shard itself is owned by the shard userdata, closed by close(), __gc and
 * (Lua 5.4) __close; __gc and __close ignore errors of the final flush, an
 * explicit close() reports them.
 *
 * Locking: the writer lock is a flock on the shard's LOCK file, held per open
 * file description. A second writable open, in this process or another,
 * answers EBUSY. In OpenResty open shards per worker (init_worker_by_lua*),
 * not in the master (init_by_lua*): a lock taken before the fork would be
 * shared by every worker. Calls run to completion without yielding.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lqedge.h"

#include "qedge/edge.h"

/** How requests are checked before they reach the engine. */
#define QL_REQUEST_FLAGS (QE_CHECK_COERCE | QE_CHECK_NUMERIC_STRING_IDS)

/** The userdata: the open shard (NULL once closed) and the path it came from. */
typedef struct ql_shard {
  qe_shard *shard;
  int read_only;
  char path[]; /* NUL-terminated */
} ql_shard;

/* ------------------------------------------------------------ helpers */

/** The shard userdata at argument 1; raises if it is something else. */
static ql_shard *check_shard(lua_State *L) {
  ql_shard *u = (ql_shard *)lua_touserdata(L, 1);
  if (u && lua_getmetatable(L, 1)) {
    int ours = lua_rawequal(L, -1, QL_UV(QL_UV_SHARD_MT));
    lua_pop(L, 1);
    if (ours) return u;
  }
  luaL_argerror(L, 1, "qedge.EdgeShard expected (call methods with ':')");
  return NULL;
}

/** `nil, err` for a method called on a closed shard. */
static int push_closed(lua_State *L) {
  qe_error err;
  qe_error_set(&err, QE_ESTATE, NULL, "the edge shard is closed");
  return ql_push_error(L, &err);
}

/** Put `prefix` in front of err->path ("ids" + "[2]" -> "ids[2]"). */
static void prefix_path(qe_error *err, const char *prefix) {
  size_t plen = strlen(prefix), old = strlen(err->path);
  size_t sep = (old > 0 && err->path[0] != '[') ? 1 : 0;
  if (plen + sep >= QE_ERROR_PATH_MAX) return; /* cannot fit: keep the inner part */
  if (plen + sep + old >= QE_ERROR_PATH_MAX) old = QE_ERROR_PATH_MAX - 1 - plen - sep;
  memmove(err->path + plen + sep, err->path, old);
  err->path[plen + sep + old] = '\0';
  memcpy(err->path, prefix, plen);
  if (sep) err->path[plen] = '.';
}

/** `nil, err` after freeing what the scratch holds. */
static int fail(lua_State *L, ql_scratch *s, const qe_error *err) {
  ql_scratch_release(s);
  return ql_push_error(L, err);
}

/**
 * Convert the optional table argument `idx` into s->tree: a table becomes
 * its JSON tree, nil or none an empty object; anything else raises.
 */
static int request_arg(lua_State *L, int idx, ql_scratch *s, qe_error *err) {
  if (lua_isnoneornil(L, idx)) {
    s->tree = qe_json_new_object();
    if (!s->tree) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    return 0;
  }
  luaL_checktype(L, idx, LUA_TTABLE);
  return ql_to_json(L, idx, 0, &s->tree, err);
}

/**
 * Replace the request in s->tree by `result` (taking ownership) and push
 * `node`, a part of it (or the result itself). Objects get model metatables
 * when `result` checks as `type_expr`; if it does not, plain tables are
 * pushed. Releases the scratch.
 */
static void push_result(lua_State *L, ql_scratch *s, qe_json *result, const qe_json *node,
                        const char *type_expr) {
  qe_json_free(s->tree);
  s->tree = result;
  qe_error ignored;
  if (type_expr && qe_type_check(type_expr, result, 0, &s->matches, &ignored) != 0)
    qe_model_matches_free(&s->matches);
  ql_push_json(L, node, s->matches.len > 0 ? &s->matches : NULL);
  ql_scratch_release(s);
}

/**
 * qdrant_edge's Query.Nearest(vector, using) names the vector inside the
 * query, where REST puts `using` on the request. Move a string `using` found
 * in `query` up to `req` (which is a QueryRequest or a Prefetch object), and
 * do the same in every prefetch stage.
 */
static int lift_using(qe_json *req, qe_error *err) {
  if (qe_json_kind_of(req) != QE_JSON_OBJECT) return 0;
  qe_json *query = qe_json_object_get(req, "query");
  if (qe_json_kind_of(query) == QE_JSON_OBJECT &&
      qe_json_kind_of(qe_json_object_get(query, "using")) == QE_JSON_STRING) {
    qe_json *inner = qe_json_object_take(query, "using", 5);
    qe_json *outer = qe_json_object_get(req, "using");
    if (outer && qe_json_kind_of(outer) != QE_JSON_NULL) {
      int same = qe_json_equal(inner, outer);
      qe_json_free(inner);
      if (!same)
        return qe_error_set(err, QE_EINVAL, "query.using",
                            "the query names another vector than the request's `using`");
    } else if (qe_json_object_set(req, "using", inner) != 0) {
      return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    }
  }
  const char *key = "prefetch";
  qe_json *pre = qe_json_object_get(req, key);
  if (!pre) pre = qe_json_object_get(req, key = "prefetches");
  if (qe_json_kind_of(pre) == QE_JSON_OBJECT) {
    int rc = lift_using(pre, err);
    if (rc) prefix_path(err, key);
    return rc;
  }
  for (size_t i = 0; i < qe_json_array_len(pre) && qe_json_kind_of(pre) == QE_JSON_ARRAY; i++) {
    int rc = lift_using(qe_json_array_at(pre, i), err);
    if (rc) {
      char seg[48];
      snprintf(seg, sizeof seg, "%s[%zu]", key, i);
      prefix_path(err, seg);
      return rc;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ options */

/** Read a non-negative integral number no larger than `max` into *out. */
static int option_count(lua_State *L, const char *key, double max, double *out, qe_error *err) {
  if (lua_type(L, -1) != LUA_TNUMBER)
    return qe_error_set(err, QE_EINVAL, key, "expected a number, got %s", luaL_typename(L, -1));
  double d = (double)lua_tonumber(L, -1);
  if (!(d >= 0 && d <= max) || floor(d) != d)
    return qe_error_set(err, QE_EINVAL, key, "expected an integer from 0 to %.0f", max);
  *out = d;
  return 0;
}

/** Fill `o` from the options table at `idx` (nil: defaults). */
static int read_options(lua_State *L, int idx, qe_shard_options *o, qe_error *err) {
  memset(o, 0, sizeof *o);
  if (lua_isnoneornil(L, idx)) return 0;
  luaL_checktype(L, idx, LUA_TTABLE);
  luaL_checkstack(L, 4, "qedge: no stack for the options");
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      return qe_error_set(err, QE_EINVAL, NULL, "option names must be strings");
    }
    const char *key = lua_tostring(L, -2);
    int rc = 0;
    double n = 0;
    if (strcmp(key, "read_only") == 0) {
      if (lua_type(L, -1) != LUA_TBOOLEAN) {
        rc = qe_error_set(err, QE_EINVAL, key, "expected a boolean, got %s", luaL_typename(L, -1));
      } else {
        o->read_only = lua_toboolean(L, -1) != 0;
      }
    } else if (strcmp(key, "durability") == 0) {
      const char *d = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
      if (strcmp(d, "fsync") == 0) {
        o->durability = QE_DURABILITY_FSYNC;
      } else if (strcmp(d, "interval") == 0) {
        o->durability = QE_DURABILITY_INTERVAL;
      } else if (strcmp(d, "flush") == 0 || strcmp(d, "on_flush") == 0) {
        o->durability = QE_DURABILITY_ON_FLUSH;
      } else {
        rc = qe_error_set(err, QE_EINVAL, key,
                          "expected \"fsync\", \"interval\" or \"flush\", got %s %s",
                          luaL_typename(L, -1), lua_type(L, -1) == LUA_TSTRING ? d : "");
      }
    } else if (strcmp(key, "fsync_interval_ms") == 0) {
      rc = option_count(L, key, 4294967295.0, &n, err);
      if (!rc) o->fsync_interval_ms = (unsigned)n;
    } else if (strcmp(key, "flush_threshold") == 0) {
      rc = option_count(L, key, QL_EXACT_DOUBLE_MAX, &n, err);
      if (!rc) o->flush_threshold = (size_t)n;
    } else {
      rc = qe_error_set(err, QE_EINVAL, key,
                        "unknown option (read_only, durability, fsync_interval_ms, "
                        "flush_threshold)");
    }
    if (rc) {
      lua_pop(L, 2);
      return rc;
    }
    lua_pop(L, 1);
  }
  return 0;
}

/* ------------------------------------------------------------ opening */

enum { OPEN_CREATE, OPEN_LOAD, OPEN_AUTO };

/** Open or create the shard named by arguments base, base+1 (config), base+2 (opts). */
static int open_shard(lua_State *L, int mode, int base) {
  lua_settop(L, base + 2);
  size_t plen;
  const char *path = luaL_checklstring(L, base, &plen);
  int cfg = base + 1, has_config = !lua_isnoneornil(L, cfg);
  if (mode == OPEN_CREATE || has_config) luaL_checktype(L, cfg, LUA_TTABLE);
  if (!lua_isnoneornil(L, base + 2)) luaL_checktype(L, base + 2, LUA_TTABLE);

  qe_error err;
  qe_error_clear(&err);
  qe_shard_options opts;
  if (read_options(L, base + 2, &opts, &err) != 0) {
    prefix_path(&err, "opts");
    return ql_push_error(L, &err);
  }
  if (strlen(path) != plen) {
    qe_error_set(&err, QE_EINVAL, NULL, "the shard path contains a NUL byte");
    return ql_push_error(L, &err);
  }

  ql_shard *u = (ql_shard *)lua_newuserdata(L, sizeof *u + plen + 1);
  u->shard = NULL;
  u->read_only = opts.read_only;
  memcpy(u->path, path, plen + 1);
  lua_pushvalue(L, QL_UV(QL_UV_SHARD_MT));
  lua_setmetatable(L, -2);
  int ud = lua_gettop(L);

  ql_scratch *s = ql_scratch_push(L);
  if (has_config) {
    if (ql_to_json(L, cfg, 0, &s->tree, &err) != 0) return fail(L, s, &err);
    if (qe_model_check_name("EdgeConfig", s->tree, QL_REQUEST_FLAGS, NULL, &err) != 0)
      return fail(L, s, &err);
  }
  qe_shard *sh = NULL;
  int rc;
  if (mode == OPEN_CREATE) {
    rc = qe_shard_create(u->path, s->tree, &opts, &sh, &err);
  } else {
    rc = qe_shard_open(u->path, s->tree, &opts, &sh, &err);
    if (rc == QE_ENOTFOUND && mode == OPEN_AUTO && has_config && !opts.read_only) {
      qe_error_clear(&err);
      rc = qe_shard_create(u->path, s->tree, &opts, &sh, &err);
    }
  }
  if (rc != 0) return fail(L, s, &err);
  u->shard = sh;
  ql_scratch_release(s);
  lua_pushvalue(L, ud);
  return 1;
}

/** qedge.EdgeShard.create(path, config [, opts]) */
static int l_create(lua_State *L) {
  return open_shard(L, OPEN_CREATE, 1);
}

/** qedge.EdgeShard.load(path [, config [, opts]]) */
static int l_load(lua_State *L) {
  return open_shard(L, OPEN_LOAD, 1);
}

/** qedge.EdgeShard(path [, config [, opts]]): __call of the class table. */
static int l_call(lua_State *L) {
  return open_shard(L, OPEN_AUTO, 2);
}

/* ------------------------------------------------------------ lifetime */

/** shard:close() -> true | nil, err. Closing a closed shard is a no-op. */
static int m_close(lua_State *L) {
  ql_shard *u = check_shard(L);
  qe_shard *sh = u->shard;
  u->shard = NULL;
  qe_error err;
  qe_error_clear(&err);
  if (sh && qe_shard_close(sh, &err) != 0) return ql_push_error(L, &err);
  lua_pushboolean(L, 1);
  return 1;
}

/** __gc and __close: close quietly (an explicit close() reports errors). */
static int m_finalize(lua_State *L) {
  ql_shard *u = check_shard(L);
  qe_shard *sh = u->shard;
  u->shard = NULL;
  if (sh) (void)qe_shard_close(sh, NULL);
  return 0;
}

/** __tostring: qedge.EdgeShard(<path>) or qedge.EdgeShard(<path>, closed). */
static int m_tostring(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_pushfstring(L, "qedge.EdgeShard(%s%s)", u->path, u->shard ? "" : ", closed");
  return 1;
}

/**
 * __index: the methods (kept in the metatable itself) and three read-only
 * fields: shard.path, shard.closed, shard.read_only.
 */
static int m_index(lua_State *L) {
  ql_shard *u = check_shard(L);
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const char *key = lua_tostring(L, 2);
  if (strcmp(key, "path") == 0) {
    lua_pushstring(L, u->path);
  } else if (strcmp(key, "closed") == 0) {
    lua_pushboolean(L, u->shard == NULL);
  } else if (strcmp(key, "read_only") == 0) {
    lua_pushboolean(L, u->read_only);
  } else if (key[0] == '_' && key[1] == '_') {
    return 0; /* metamethods are not methods */
  } else {
    lua_settop(L, 2);
    lua_rawget(L, QL_UV(QL_UV_SHARD_MT));
  }
  return 1;
}

/** shard:flush() -> true | nil, err */
static int m_flush(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 1);
  if (!u->shard) return push_closed(L);
  qe_error err;
  qe_error_clear(&err);
  if (qe_shard_flush(u->shard, &err) != 0) return ql_push_error(L, &err);
  lua_pushboolean(L, 1);
  return 1;
}

/** shard:optimize() -> true | false | nil, err */
static int m_optimize(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 1);
  if (!u->shard) return push_closed(L);
  qe_error err;
  qe_error_clear(&err);
  bool optimized = false;
  if (qe_shard_optimize(u->shard, &optimized, &err) != 0) return ql_push_error(L, &err);
  lua_pushboolean(L, optimized);
  return 1;
}

/* ------------------------------------------------------------ updates */

/** shard:update(op) -> sequence number | nil, err */
static int m_update(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 2);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (request_arg(L, 2, s, &err) != 0) return fail(L, s, &err);
  if (qe_model_check_name("EdgeUpdateOperation", s->tree, QL_REQUEST_FLAGS, NULL, &err) != 0)
    return fail(L, s, &err);
  uint64_t seq = 0;
  if (qe_shard_update(u->shard, s->tree, &seq, &err) != 0) return fail(L, s, &err);
  ql_scratch_release(s);
  ql_push_u64(L, seq);
  return 1;
}

/* ------------------------------------------------------------ reads */

/** Run the QueryRequest in s->tree and push the scored points. */
static int run_query(lua_State *L, ql_shard *u, ql_scratch *s) {
  qe_error err;
  qe_error_clear(&err);
  if (lift_using(s->tree, &err) != 0) return fail(L, s, &err);
  if (qe_model_check_name("QueryRequest", s->tree, QL_REQUEST_FLAGS, NULL, &err) != 0)
    return fail(L, s, &err);
  qe_json *points = NULL;
  if (qe_shard_query(u->shard, s->tree, &points, &err) != 0) return fail(L, s, &err);
  push_result(L, s, points, points, "[ScoredPoint]");
  return 1;
}

/** shard:query(req) -> {ScoredPoint...} | nil, err */
static int m_query(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 2);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (request_arg(L, 2, s, &err) != 0) return fail(L, s, &err);
  return run_query(L, u, s);
}

/**
 * Turn the search request in `req` ({vector, using?, ...}, `vector` being a
 * NamedVectorStruct: a plain vector, {name, vector} or {name, vector =
 * SparseVector}) into a QueryRequest, in place.
 */
static int search_to_query(qe_json *req, qe_error *err) {
  if (qe_json_kind_of(req) != QE_JSON_OBJECT)
    return qe_error_set(err, QE_EINVAL, NULL, "expected a search request (a table)");
  qe_json *vector = qe_json_object_get(req, "vector");
  if (!vector) {
    if (!qe_json_object_get(req, "query"))
      return qe_error_set(err, QE_EINVAL, "vector", "a search needs a vector (or a query)");
    return 0;
  }
  if (qe_json_object_get(req, "query"))
    return qe_error_set(err, QE_EINVAL, "query", "give either `vector` or `query`, not both");
  int rc = qe_type_check("NamedVectorStruct", vector, QL_REQUEST_FLAGS, NULL, err);
  if (rc) {
    prefix_path(err, "vector");
    return rc;
  }
  vector = qe_json_object_take(req, "vector", 6);
  qe_json *input = vector;
  if (qe_json_kind_of(vector) == QE_JSON_OBJECT) {
    qe_json *name = qe_json_object_take(vector, "name", 4);
    input = qe_json_object_take(vector, "vector", 6);
    qe_json_free(vector);
    qe_json *using_ = qe_json_object_get(req, "using");
    if (using_ && qe_json_kind_of(using_) != QE_JSON_NULL) {
      int same = qe_json_equal(using_, name);
      qe_json_free(name);
      if (!same) {
        qe_json_free(input);
        return qe_error_set(err, QE_EINVAL, "vector.name",
                            "the vector's name differs from the request's `using`");
      }
    } else if (qe_json_object_set(req, "using", name) != 0) {
      qe_json_free(input);
      return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    }
  }
  qe_json *query = qe_json_new_object();
  if (!query || qe_json_object_set(query, "nearest", input) != 0 ||
      qe_json_object_set(req, "query", query) != 0) {
    if (!query) qe_json_free(input);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  return 0;
}

/** shard:search(req) -> {ScoredPoint...} | nil, err */
static int m_search(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 2);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (request_arg(L, 2, s, &err) != 0) return fail(L, s, &err);
  if (search_to_query(s->tree, &err) != 0) return fail(L, s, &err);
  return run_query(L, u, s);
}

/** shard:scroll([req]) -> {Record...}, next_offset | nil, err */
static int m_scroll(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 2);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (request_arg(L, 2, s, &err) != 0) return fail(L, s, &err);
  if (qe_model_check_name("ScrollRequest", s->tree, QL_REQUEST_FLAGS, NULL, &err) != 0)
    return fail(L, s, &err);
  qe_json *result = NULL;
  if (qe_shard_scroll(u->shard, s->tree, &result, &err) != 0) return fail(L, s, &err);
  const qe_json *points = qe_json_object_get(result, "points");
  const qe_json *next = qe_json_object_get(result, "next_page_offset");
  if (qe_json_kind_of(next) == QE_JSON_NULL) next = NULL;
  qe_json_free(s->tree);
  s->tree = result;
  qe_error ignored;
  if (qe_model_check_name("ScrollResult", result, 0, &s->matches, &ignored) != 0)
    qe_model_matches_free(&s->matches);
  if (points) {
    ql_push_json(L, points, s->matches.len > 0 ? &s->matches : NULL);
  } else {
    lua_newtable(L);
  }
  if (next) {
    ql_push_json(L, next, NULL);
  } else {
    lua_pushnil(L);
  }
  ql_scratch_release(s);
  return 2;
}

/** shard:count([req]) -> integer | nil, err */
static int m_count(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 2);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (request_arg(L, 2, s, &err) != 0) return fail(L, s, &err);
  if (qe_model_check_name("CountRequest", s->tree, QL_REQUEST_FLAGS, NULL, &err) != 0)
    return fail(L, s, &err);
  uint64_t n = 0;
  if (qe_shard_count(u->shard, s->tree, &n, &err) != 0) return fail(L, s, &err);
  ql_scratch_release(s);
  ql_push_u64(L, n);
  return 1;
}

/** shard:facet(req) -> {hits = {...}} | nil, err */
static int m_facet(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 2);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  if (request_arg(L, 2, s, &err) != 0) return fail(L, s, &err);
  if (qe_model_check_name("FacetRequest", s->tree, QL_REQUEST_FLAGS, NULL, &err) != 0)
    return fail(L, s, &err);
  qe_json *result = NULL;
  if (qe_shard_facet(u->shard, s->tree, &result, &err) != 0) return fail(L, s, &err);
  push_result(L, s, result, result, "FacetResponse");
  return 1;
}

/** Convert argument `idx` into member `key` of the object s->tree. */
static int set_member(lua_State *L, int idx, ql_scratch *s, const char *key, qe_error *err) {
  qe_json *v = NULL;
  int rc = ql_to_json(L, idx, 0, &v, err);
  if (rc) {
    prefix_path(err, key);
    return rc;
  }
  if (qe_json_object_set(s->tree, key, v) != 0)
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  return 0;
}

/** shard:retrieve(ids [, with_payload [, with_vector]]) -> {Record...} | nil, err */
static int m_retrieve(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 4);
  int t = lua_type(L, 2);
  luaL_argcheck(L, t == LUA_TTABLE || t == LUA_TNUMBER || t == LUA_TSTRING, 2,
                "expected a table of ids, or one id");
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  qe_error_clear(&err);
  s->tree = qe_json_new_object();
  if (!s->tree) {
    qe_error_set(&err, QE_ENOMEM, NULL, "out of memory");
    return fail(L, s, &err);
  }
  if (set_member(L, 2, s, "ids", &err) != 0) return fail(L, s, &err);
  qe_json *ids = qe_json_object_get(s->tree, "ids");
  if (t != LUA_TTABLE) { /* one id: make it a list of one */
    qe_json *one = qe_json_object_take(s->tree, "ids", 3);
    qe_json *list = qe_json_new_array();
    int rc = QE_ENOMEM;
    if (!list) {
      qe_json_free(one);
    } else if (qe_json_array_push(list, one) != 0) { /* frees `one` */
      qe_json_free(list);
    } else {
      rc = qe_json_object_set(s->tree, "ids", list); /* frees `list` on failure */
    }
    if (rc != 0) {
      qe_error_set(&err, QE_ENOMEM, NULL, "out of memory");
      return fail(L, s, &err);
    }
    ids = list;
  }
  if (qe_type_check("[ExtendedPointId]", ids, QL_REQUEST_FLAGS, NULL, &err) != 0) {
    prefix_path(&err, "ids");
    return fail(L, s, &err);
  }
  if (!lua_isnoneornil(L, 3) && set_member(L, 3, s, "with_payload", &err) != 0)
    return fail(L, s, &err);
  if (!lua_isnoneornil(L, 4) && set_member(L, 4, s, "with_vector", &err) != 0)
    return fail(L, s, &err);
  qe_json *records = NULL;
  if (qe_shard_retrieve(u->shard, s->tree, &records, &err) != 0) return fail(L, s, &err);
  push_result(L, s, records, records, "[Record]");
  return 1;
}

/** shard:info() -> table | nil, err */
static int m_info(lua_State *L) {
  ql_shard *u = check_shard(L);
  lua_settop(L, 1);
  if (!u->shard) return push_closed(L);
  ql_scratch *s = ql_scratch_push(L);
  qe_error err;
  qe_error_clear(&err);
  qe_json *info = NULL;
  if (qe_shard_info(u->shard, &info, &err) != 0) return fail(L, s, &err);
  push_result(L, s, info, info, NULL);
  return 1;
}

/* ------------------------------------------------------------ registration */

static const luaL_Reg shard_methods[] = {
    {"update", m_update}, {"query", m_query},       {"search", m_search},     {"scroll", m_scroll},
    {"count", m_count},   {"facet", m_facet},       {"retrieve", m_retrieve}, {"info", m_info},
    {"flush", m_flush},   {"optimize", m_optimize}, {"close", m_close},       {NULL, NULL},
};

static const luaL_Reg shard_meta[] = {
    {"__index", m_index},       {"__gc", m_finalize}, {"__close", m_finalize},
    {"__tostring", m_tostring}, {NULL, NULL},
};

static const luaL_Reg class_functions[] = {
    {"create", l_create},
    {"load", l_load},
    {NULL, NULL},
};

/** Register the functions of `l` into the table at `t`, as module closures. */
static void set_closures(lua_State *L, int t, const luaL_Reg *l) {
  for (; l->name != NULL; l++) {
    ql_push_closure(L, l->func);
    lua_setfield(L, t, l->name);
  }
}

int ql_shard_init(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE); /* the module */
  luaL_checkstack(L, 8, "qedge: no stack to set up EdgeShard");

  int mt = lua_gettop(L) + 1;
  lua_pushvalue(L, QL_UV(QL_UV_SHARD_MT));
  lua_pushstring(L, "qedge.EdgeShard");
  lua_setfield(L, mt, "__name");
  set_closures(L, mt, shard_meta);
  set_closures(L, mt, shard_methods);

  lua_createtable(L, 0, 2); /* qedge.EdgeShard */
  set_closures(L, mt + 1, class_functions);
  lua_createtable(L, 0, 2);
  ql_push_closure(L, l_call);
  lua_setfield(L, -2, "__call");
  lua_pushstring(L, "qedge.EdgeShard (class)");
  lua_setfield(L, -2, "__name");
  lua_setmetatable(L, -2);
  lua_setfield(L, 1, "EdgeShard");
  lua_pop(L, 1);
  return 0;
}

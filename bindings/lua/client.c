/*
 * client.c — qedge.Client: a Qdrant REST client (qe_client) held by a Lua
 * userdata.
 *
 *   qedge.Client{url = "http://127.0.0.1:6333" | host =, port =, https =,
 *                prefix =, api_key =, timeout = s, connect_timeout = s,
 *                headers = {name = value}, max_retries = n, backoff_base = s,
 *                backoff_max = s, gzip_min_bytes = n, verify = bool}
 *       -> client | nil, err
 *
 * Every operation of qedge/client.h is a method named as in qdrant-client,
 * taking the REST body as a table (qedge.models tables work too):
 *
 *   client:get_collections([opts])                     (no collection)
 *   client:update_collection_aliases(body [, opts])
 *   client:get_collection(name [, opts])               (collection only)
 *   client:delete_payload_index(name, field [, opts])  (collection + name)
 *   client:upsert(name, body [, opts])                 (collection + body)
 *   opts: {wait = bool, ordering = "weak"|..., consistency = "all"|n, timeout = s}
 *
 * Results are the answer's `result` with model metatables (QueryResponse,
 * Record, ...); client:scroll() returns records, next_page_offset (nil on
 * the last page) and client:collection_exists() a boolean, as in
 * qdrant-client. Failures return nil, err; an error status gives err.code
 * "EHTTP" with err.status (e.g. 404) and err.body (the raw answer).
 *
 * Calls block until the answer arrives (libcurl); in OpenResty prefer a
 * cosocket transport (a later issue). Ids beyond 2^53 may be given as
 * decimal strings (QE_CHECK_NUMERIC_STRING_IDS).
 */
#include <string.h>

#include "lqedge.h"

#include "qedge/client.h"

#define CLIENT_MT "qedge.Client"

typedef struct ql_client {
  qe_client *client; /**< NULL once closed */
} ql_client;

static ql_client *check_client(lua_State *L) {
  return (ql_client *)luaL_checkudata(L, 1, CLIENT_MT);
}

/** Optional string field `k` of the table at `t` (NULL when absent). */
static const char *opt_field_str(lua_State *L, int t, const char *k) {
  lua_getfield(L, t, k);
  const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  lua_pop(L, 1); /* the string stays alive: the options table holds it */
  return s;
}

static double opt_field_num(lua_State *L, int t, const char *k, double dflt) {
  lua_getfield(L, t, k);
  double v = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : dflt;
  lua_pop(L, 1);
  return v;
}

/** qedge.Client(opts) */
static int l_new(lua_State *L) {
  /* qedge.Client{...} passes the class first; Client.new{...} does not. */
  int t = lua_gettop(L) >= 2 && lua_istable(L, 2) ? 2 : 1;
  luaL_checktype(L, t, LUA_TTABLE);
  qe_client_options o;
  memset(&o, 0, sizeof o);
  o.http.url = opt_field_str(L, t, "url");
  o.http.host = opt_field_str(L, t, "host");
  o.http.prefix = opt_field_str(L, t, "prefix");
  o.http.api_key = opt_field_str(L, t, "api_key");
  o.http.ca_file = opt_field_str(L, t, "ca_file");
  o.http.port = (unsigned)opt_field_num(L, t, "port", 0);
  o.http.timeout = opt_field_num(L, t, "timeout", 0);
  o.http.connect_timeout = opt_field_num(L, t, "connect_timeout", 0);
  o.http.backoff_base = opt_field_num(L, t, "backoff_base", 0);
  o.http.backoff_max = opt_field_num(L, t, "backoff_max", 0);
  o.http.gzip_min_bytes = (size_t)opt_field_num(L, t, "gzip_min_bytes", 0);
  double retries = opt_field_num(L, t, "max_retries", -1);
  if (retries == 0) o.http.no_retries = true;
  if (retries > 0) o.http.max_retries = (unsigned)retries;
  lua_getfield(L, t, "https");
  if (lua_isboolean(L, -1)) o.http.https = lua_toboolean(L, -1) ? QE_HTTPS_ON : QE_HTTPS_OFF;
  lua_getfield(L, t, "verify");
  if (lua_isboolean(L, -1) && !lua_toboolean(L, -1)) o.http.tls_no_verify = true;
  lua_pop(L, 2);
  /* headers: strings owned by the table at t for the duration of the call */
  qe_http_header hdrs[32];
  size_t n = 0;
  lua_getfield(L, t, "headers");
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
      if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING && n < 32) {
        hdrs[n].name = lua_tostring(L, -2);
        hdrs[n].value = lua_tostring(L, -1);
        n++;
      }
      lua_pop(L, 1);
    }
  }
  o.http.headers = hdrs;
  o.http.n_headers = n;
  ql_client *u = (ql_client *)lua_newuserdata(L, sizeof *u);
  u->client = NULL;
  luaL_getmetatable(L, CLIENT_MT);
  lua_setmetatable(L, -2);
  qe_error err;
  qe_error_clear(&err);
  if (qe_client_new(&o, &u->client, &err) != 0) return ql_push_error(L, &err);
  return 1;
}

/** Read the per-call options table at `idx` (may be none). */
static void call_options(lua_State *L, int idx, qe_call_options *o) {
  memset(o, 0, sizeof *o);
  if (!lua_istable(L, idx)) return;
  lua_getfield(L, idx, "wait");
  if (lua_isboolean(L, -1) && !lua_toboolean(L, -1)) o->no_wait = true;
  lua_pop(L, 1);
  o->ordering = opt_field_str(L, idx, "ordering");
  lua_getfield(L, idx, "consistency");
  if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER)
    o->consistency = lua_tostring(L, -1); /* numbers converted in place: the copy is on the stack */
  /* left on the stack on purpose: keeps a converted number's string alive */
  o->timeout = (unsigned)opt_field_num(L, idx, "timeout", 0);
}

/** The method of one operation; upvalue QL_NUPVALUES + 1 is its qe_op. */
static int m_op(lua_State *L) {
  ql_client *u = check_client(L);
  qe_op op = (qe_op)lua_tointeger(L, lua_upvalueindex(QL_NUPVALUES + 1));
  const qe_op_info *info = qe_op_get(op);
  int arg = 2;
  const char *coll = NULL, *name = NULL;
  if (info->params & QE_PARAM_COLLECTION) coll = luaL_checkstring(L, arg++);
  if (info->params & QE_PARAM_ARG) name = luaL_checkstring(L, arg++);
  int body_idx = 0;
  if (info->body_model) {
    luaL_checktype(L, arg, LUA_TTABLE);
    body_idx = arg++;
  }
  int opts_idx = arg;
  qe_error err;
  qe_error_clear(&err);
  if (u->client == NULL) {
    qe_error_set(&err, QE_ESTATE, NULL, "the client is closed");
    return ql_push_error(L, &err);
  }
  qe_call_options o;
  call_options(L, opts_idx, &o);
  ql_scratch *s = ql_scratch_push(L);
  if (body_idx) {
    if (ql_to_json(L, body_idx, 0, &s->tree, &err) != 0) {
      ql_scratch_release(s);
      return ql_push_error(L, &err);
    }
    /* Lua may hold big ids as strings: make them numbers before the check. */
    if (qe_model_check_name(info->body_model, s->tree,
                            QE_CHECK_COERCE | QE_CHECK_NUMERIC_STRING_IDS, NULL, &err) != 0) {
      ql_scratch_release(s);
      return ql_push_error(L, &err);
    }
  }
  qe_http_response raw;
  memset(&raw, 0, sizeof raw);
  o.response = &raw;
  qe_json *result = NULL;
  int rc = qe_client_call(u->client, op, coll, name, s->tree, &o, &result, &err);
  qe_json_free(s->tree);
  s->tree = result;
  if (rc != 0) {
    ql_scratch_release(s);
    if (!err.code) err.code = rc;
    int status = raw.status;
    lua_pushlstring(L, raw.body.data ? raw.body.data : "", raw.body.len);
    qe_http_response_free(&raw);
    int body = lua_gettop(L);
    ql_push_error(L, &err);
    if (err.code == QE_EHTTP) {
      lua_pushinteger(L, status);
      lua_setfield(L, -2, "status");
      lua_pushvalue(L, body);
      lua_setfield(L, -2, "body");
    }
    return 2;
  }
  qe_http_response_free(&raw);
  qe_error ignored;
  if (qe_type_check(info->result_type, result, 0, &s->matches, &ignored) != 0)
    qe_model_matches_free(&s->matches);
  qe_model_matches *mp = s->matches.len > 0 ? &s->matches : NULL;
  if (op == QE_OP_COLLECTION_EXISTS) {
    lua_pushboolean(L, qe_json_get_bool(qe_json_object_get(result, "exists")));
    ql_scratch_release(s);
    return 1;
  }
  if (op == QE_OP_SCROLL) {
    ql_push_json(L, qe_json_object_get(result, "points"), mp);
    qe_json *next = qe_json_object_get(result, "next_page_offset");
    if (next && qe_json_kind_of(next) != QE_JSON_NULL)
      ql_push_json(L, next, NULL);
    else
      lua_pushnil(L);
    ql_scratch_release(s);
    return 2;
  }
  ql_push_json(L, result, mp);
  ql_scratch_release(s);
  return 1;
}

/** client:close() -> true. Closing twice is a no-op. */
static int m_close(lua_State *L) {
  ql_client *u = check_client(L);
  qe_client_free(u->client);
  u->client = NULL;
  lua_pushboolean(L, 1);
  return 1;
}

static int m_gc(lua_State *L) {
  ql_client *u = check_client(L);
  qe_client_free(u->client);
  u->client = NULL;
  return 0;
}

static int m_tostring(lua_State *L) {
  ql_client *u = check_client(L);
  if (u->client)
    lua_pushfstring(L, "qedge.Client(%s)", qe_transport_base_url(qe_client_transport(u->client)));
  else
    lua_pushstring(L, "qedge.Client(closed)");
  return 1;
}

/** __index: methods, and client.base_url / client.closed. */
static int m_index(lua_State *L) {
  ql_client *u = check_client(L);
  const char *key = lua_tostring(L, 2);
  if (key && strcmp(key, "base_url") == 0) {
    if (u->client)
      lua_pushstring(L, qe_transport_base_url(qe_client_transport(u->client)));
    else
      lua_pushnil(L);
    return 1;
  }
  if (key && strcmp(key, "closed") == 0) {
    lua_pushboolean(L, u->client == NULL);
    return 1;
  }
  if (key == NULL || (key[0] == '_' && key[1] == '_')) return 0;
  luaL_getmetatable(L, CLIENT_MT);
  lua_getfield(L, -1, "methods");
  lua_getfield(L, -1, key);
  return 1;
}

int ql_client_init(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE); /* the module */
  luaL_checkstack(L, 16, "qedge: no stack to set up Client");
  luaL_newmetatable(L, CLIENT_MT);
  int mt = lua_gettop(L);
  ql_push_closure(L, m_index);
  lua_setfield(L, mt, "__index");
  ql_push_closure(L, m_gc);
  lua_setfield(L, mt, "__gc");
  ql_push_closure(L, m_gc);
  lua_setfield(L, mt, "__close");
  ql_push_closure(L, m_tostring);
  lua_setfield(L, mt, "__tostring");
  lua_createtable(L, 0, QE_OP_COUNT_ + 1); /* methods */
  for (unsigned i = 0; i < QE_OP_COUNT_; i++) {
    for (int k = 1; k <= QL_NUPVALUES; k++)
      lua_pushvalue(L, QL_UV(k));
    lua_pushinteger(L, (lua_Integer)i);
    lua_pushcclosure(L, m_op, QL_NUPVALUES + 1);
    lua_setfield(L, -2, qe_op_get((qe_op)i)->name);
  }
  ql_push_closure(L, m_close);
  lua_setfield(L, -2, "close");
  lua_setfield(L, mt, "methods");

  lua_createtable(L, 0, 1); /* qedge.Client */
  ql_push_closure(L, l_new);
  lua_setfield(L, -2, "new");
  lua_createtable(L, 0, 2);
  ql_push_closure(L, l_new);
  lua_setfield(L, -2, "__call");
  lua_pushstring(L, "qedge.Client (class)");
  lua_setfield(L, -2, "__name");
  lua_setmetatable(L, -2);
  lua_setfield(L, 1, "Client");
  lua_pop(L, 1);
  return 0;
}

/*
 * lqedge.h — what the C files of the qedge Lua module share.
 *
 * The module keeps no C globals. Its state lives in Lua values that every
 * function of the module holds as the same upvalues (see QL_UV_*):
 *   - the array metatable (tables carrying it always encode as JSON arrays),
 *   - the error metatable (`nil, err` tables),
 *   - a table of model metatables, keyed by the model's address
 *     (lightuserdata; models live as long as the process),
 *   - the metatable of scratch userdata, which own C memory while Lua calls
 *     that may raise run, so nothing leaks if they do,
 *   - the metatable of qedge.EdgeShard userdata (shard.c).
 *
 * Helper functions below that use upvalues must be called from a C function
 * of the module (one created with ql_push_closure or registered by
 * luaopen_qedge), since lua_upvalueindex refers to the running function.
 */
#ifndef QEDGE_LUA_LQEDGE_H
#define QEDGE_LUA_LQEDGE_H

#include "compat.h"

#include "qedge/base.h"
#include "qedge/error.h"
#include "qedge/json.h"
#include "qedge/model.h"

#if defined(__GNUC__)
#define QL_EXPORT __attribute__((visibility("default")))
#else
#define QL_EXPORT
#endif

/** Upvalue slots shared by every C function of the module. */
enum {
  QL_UV_ARRAY_MT = 1,   /**< metatable marking tables as JSON arrays */
  QL_UV_ERROR_MT = 2,   /**< metatable of error tables */
  QL_UV_MODEL_MTS = 3,  /**< lightuserdata(qe_model *) -> model metatable */
  QL_UV_SCRATCH_MT = 4, /**< metatable of scratch userdata (__gc frees) */
  QL_UV_SHARD_MT = 5,   /**< metatable of qedge.EdgeShard userdata */
  QL_NUPVALUES = 5
};

/** Stack index of upvalue `i` of the running C function. */
#define QL_UV(i) lua_upvalueindex(i)

/** Deepest nesting of tables accepted when converting Lua to JSON. */
#define QL_MAX_DEPTH 256

/**
 * Address used as `qedge.empty_array` (a lightuserdata that encodes as []).
 * Constant: its value is never read, only its address.
 */
extern const char ql_empty_array_tag;
/** Address used as the key under which a model metatable stores its model. */
extern const char ql_model_key;

/* ------------------------------------------------------------ closures */

/** Push `fn` as a closure carrying the module's shared upvalues. */
void ql_push_closure(lua_State *L, lua_CFunction fn);

/* ------------------------------------------------------------ scratch */

/**
 * C memory owned by a Lua userdata while Lua API calls that may raise run.
 * Fill the fields; call ql_scratch_release() when done. If a Lua error
 * unwinds first, the garbage collector frees whatever is left.
 */
typedef struct ql_scratch {
  qe_json *tree;            /**< a value tree (qe_json_free) */
  qe_model_matches matches; /**< matches of a model check */
  qe_buf text;              /**< emitted text */
} ql_scratch;

/** Push a new, empty scratch userdata and return it. */
ql_scratch *ql_scratch_push(lua_State *L);
/** Free everything the scratch holds now; it may be reused afterwards. */
void ql_scratch_release(ql_scratch *s);
/** __gc of scratch userdata. */
int ql_scratch_gc(lua_State *L);

/* ------------------------------------------------------------ errors */

/**
 * Push `nil, err` where err is a table {code = "EINVAL", message, path}
 * carrying the error metatable. Returns 2, for `return ql_push_error(...)`.
 */
int ql_push_error(lua_State *L, const qe_error *err);
/** __tostring of error tables: "path: message", or "message" if no path. */
int ql_error_tostring(lua_State *L);

/* ------------------------------------------------------------ Lua -> JSON */

/** Flags for ql_to_json. */
enum {
  /**
   * Re-check every (outermost) table that carries a model metatable against
   * its model with QE_CHECK_COERCE | QE_CHECK_NUMERIC_STRING_IDS, so that
   * vectors are emitted as float32 and ids held as strings become numbers
   * again. Failures are ignored: the values are then emitted as they are.
   */
  QL_TO_JSON_MODELS = 1u << 0
};

/**
 * Convert the Lua value at `idx` to a new qe_json tree (*out, owned by the
 * caller). Never raises for bad input: returns 0, or a QE_E* code with `err`
 * filled (message and JSON path of the offending value; `err` must not be
 * NULL). Nothing is left allocated in C on failure. Must run inside a module
 * function (upvalues).
 */
int ql_to_json(lua_State *L, int idx, unsigned flags, qe_json **out, qe_error *err);

/* ------------------------------------------------------------ JSON -> Lua */

/**
 * Push `v` as a Lua value. When `matches` is given (from qe_model_check) the
 * objects it names get their model's metatable; the matches are sorted in
 * place for lookup. May raise on memory errors, so `v` and `matches` must be
 * owned by a scratch. Must run inside a module function (upvalues).
 */
void ql_push_json(lua_State *L, const qe_json *v, qe_model_matches *matches);

/* ------------------------------------------------------------ models */

/** Push the metatable of object model `m`, creating it on first use. */
void ql_push_model_mt(lua_State *L, const qe_model *m);
/**
 * The model of the table at `idx` if it carries a model metatable, else
 * NULL. Uses two stack slots; does not allocate or raise.
 */
const qe_model *ql_table_model(lua_State *L, int idx);

/** qedge.validate(model_name, value [, strict]) */
int ql_validate(lua_State *L);
/** qedge.registry() */
int ql_registry(lua_State *L);
/** qedge.model_mt(model_name) */
int ql_model_mt(lua_State *L);

/* ------------------------------------------------------------ edge shard */

/**
 * Fill the shard metatable (QL_UV_SHARD_MT) and set `EdgeShard` in the
 * module table given as argument 1. Called once by luaopen_qedge, as a
 * closure carrying the module's upvalues.
 */
int ql_shard_init(lua_State *L);

/* ------------------------------------------------------------ REST client */

/**
 * Create the qedge.Client metatable (in the registry, "qedge.Client") and
 * set `Client` in the module table given as argument 1. Called once by
 * luaopen_qedge, as a closure carrying the module's upvalues.
 */
int ql_client_init(lua_State *L);

#endif

/*
 * qedge/model.h — the schema registry: every Qdrant model described once.
 *
 * Each model is one descriptor: an object (named fields, each with a type
 * expression, required flag, default and doc), an enum (its string values),
 * a union (a type expression with alternatives tried in order, like serde's
 * untagged enums) or an alias (a name for a type expression). From these come
 * validation with exact error paths, the Python classes in `qedge.models`,
 * the Lua constructors and the `.pyi` stubs.
 *
 * Type expressions (used in field types, unions and aliases):
 *   bool  int  uint  float  string  any  object  null
 *   point_id   an unsigned integer or a UUID string
 *   vector     an array of finite numbers, stored as float32
 *   Name       another model of the registry
 *   [T]        array of T           {T}   object whose values are T
 *   A | B      the first alternative that accepts the value
 *   int(1..)  uint(1..65536)  float(0..1)   inclusive numeric bounds
 *
 * Thread-safety: the registry is built once, on first use, and is immutable
 * afterwards; every function here may be called from any thread.
 */
#ifndef QEDGE_MODEL_H
#define QEDGE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "qedge/error.h"
#include "qedge/json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A registered model (opaque, immutable, lives for the whole process). */
typedef struct qe_model qe_model;

/** What a model describes. */
typedef enum qe_model_kind {
  QE_MODEL_OBJECT = 1, /**< a JSON object with named fields */
  QE_MODEL_ENUM,       /**< one of a set of strings */
  QE_MODEL_UNION,      /**< the first of several types that accepts the value */
  QE_MODEL_ALIAS       /**< another name for a type expression */
} qe_model_kind;

/**
 * Check that the registry built without errors (every type expression parses,
 * every referenced name exists). Returns 0 or QE_EINTERNAL with details.
 */
int qe_registry_status(qe_error *err);

/** Number of registered models. */
size_t qe_model_count(void);
/** Model `i` (0 <= i < count), in name order; NULL if out of range. */
const qe_model *qe_model_at(size_t i);
/** The model called `name`, or NULL. */
const qe_model *qe_model_find(const char *name);
/** Name of a model. */
const char *qe_model_name(const qe_model *m);
/** Kind of a model. */
qe_model_kind qe_model_kind_of(const qe_model *m);

/**
 * Describe one model as JSON (free with qe_json_free):
 *   {"name", "kind": "object"|"enum"|"union"|"alias", "doc",
 *    "openapi": counterpart schema name in Qdrant's OpenAPI or null,
 *    "strict": unknown fields rejected even without QE_CHECK_STRICT,
 *    "fields": [{"name", "type", "required", "default" (JSON value or
 *                absent), "doc", "aliases": [..]}],      (object)
 *    "values": [..],                                      (enum)
 *    "type": "A | B", "variants": ["A", "B"]}             (union, alias)
 */
qe_json *qe_model_describe(const qe_model *m);

/** Describe the whole registry: an array of qe_model_describe() objects. */
qe_json *qe_registry_describe(void);

/** Flags for qe_model_check. */
enum {
  /** Unknown object fields are errors (default: kept as they are). */
  QE_CHECK_STRICT = 1u << 0,
  /**
   * Normalise while checking: arrays of numbers where a `vector` is expected
   * become f32 arrays; UUID ids become lowercase hyphenated; an empty object
   * where an array is expected becomes an empty array (for languages whose
   * tables cannot tell them apart); field aliases are renamed to the
   * canonical field name.
   */
  QE_CHECK_COERCE = 1u << 1,
  /** Accept a string of decimal digits where a point id is expected (Lua). */
  QE_CHECK_NUMERIC_STRING_IDS = 1u << 2,
  /** Add missing fields that have a default value. */
  QE_CHECK_DEFAULTS = 1u << 3
};

/** One value accepted as a given model (see qe_model_check). */
typedef struct qe_model_match {
  const qe_json *node;   /**< the object (or enum string) that matched */
  const qe_model *model; /**< the model it was accepted as */
} qe_model_match;

/** The values a check accepted as models, outermost first. */
typedef struct qe_model_matches {
  qe_model_match *items;
  size_t len;
  size_t cap;
} qe_model_matches;

/** Free the items of `m` and zero it. */
void qe_model_matches_free(qe_model_matches *m);

/**
 * Validate `v` against model `m`. With QE_CHECK_COERCE or QE_CHECK_DEFAULTS
 * the tree may be changed in place (only when the whole check succeeds are
 * the changes meaningful; on failure `v` may be partly normalised but holds
 * the same information). When `matches` is not NULL it receives, for every
 * object and enum value in `v` that was accepted as a model, the node and
 * the model (for unions: the alternative that was chosen), so bindings can
 * build typed objects. Returns 0 or QE_EINVAL with the JSON path of the first
 * bad value in err->path, e.g. `points[3].vector`.
 */
int qe_model_check(const qe_model *m, qe_json *v, unsigned flags, qe_model_matches *matches,
                   qe_error *err);

/** As qe_model_check, looking the model up by name (QE_ENOTFOUND if absent). */
int qe_model_check_name(const char *name, qe_json *v, unsigned flags, qe_model_matches *matches,
                        qe_error *err);

/**
 * Validate `v` against a type expression such as "[PointStruct]" or
 * "{VectorParams} | VectorParams". QE_EINVAL if the expression is malformed.
 */
int qe_type_check(const char *type_expr, qe_json *v, unsigned flags, qe_model_matches *matches,
                  qe_error *err);

#ifdef __cplusplus
}
#endif
#endif

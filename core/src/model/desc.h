/*
 * desc.h — the static descriptor tables the registry is built from.
 *
 * Each file models_<group>.c holds the descriptors of one group of models
 * (points, filters, collections, ...) as a `qe_model_desc` array and exports
 * it through a `qe_model_group`. registry.c gathers the groups, sorts the
 * names, compiles every type expression once and checks every reference.
 *
 * Writing a model:
 *
 *   static const qe_field_desc VectorParams_f[] = {
 *     QE_FIELD("size", "uint(1..65536)", QE_REQ, NULL, "Number of dimensions."),
 *     QE_FIELD("distance", "Distance", QE_REQ, NULL, "How vectors are compared."),
 *     QE_FIELD("on_disk", "bool", 0, NULL, "Keep vectors in files ..."),
 *   };
 *   ...
 *   QE_OBJECT("VectorParams", VectorParams_f, 0, "Dense vector settings."),
 *   QE_ENUM("Distance", Distance_v, "How two vectors are compared."),
 *   QE_UNION("Condition", "FieldCondition | IsEmptyCondition", "One filter condition."),
 *   QE_ALIAS("ExtendedPointId", "point_id", "A point id."),
 *
 * Models whose OpenAPI counterpart has another name, or none, use the _X
 * variants with an explicit `openapi` name ("" for none).
 */
#ifndef QEDGE_MODEL_DESC_H
#define QEDGE_MODEL_DESC_H

#include <stddef.h>

#include "qedge/model.h"

/** Field flags. */
enum {
  QE_REQ = 1u << 0,     /**< the field must be present (and not null) */
  QE_NONULL = 1u << 1,  /**< optional, but an explicit null is refused */
  QE_NULLABLE = 1u << 2 /**< required, but null is an accepted value */
};

/** Model flags. */
enum {
  QE_M_STRICT = 1u << 0 /**< unknown fields are always errors (deny_unknown_fields) */
};

/** One field of an object model. */
typedef struct qe_field_desc {
  const char *name;    /**< canonical field name (the JSON key) */
  const char *type;    /**< type expression, see qedge/model.h */
  unsigned flags;      /**< QE_REQ, QE_NONULL, QE_NULLABLE */
  const char *def;     /**< default value as JSON text, or NULL */
  const char *doc;     /**< one or two sentences for users */
  const char *aliases; /**< other accepted input names, comma-separated, or NULL */
} qe_field_desc;

/** One model. */
typedef struct qe_model_desc {
  const char *name;
  qe_model_kind kind;
  const char *doc;
  const char *openapi; /**< NULL: same name in OpenAPI; "": no counterpart */
  unsigned flags;
  const qe_field_desc *fields; /**< object */
  size_t nfields;
  const char *const *values; /**< enum, NULL-terminated */
  const char *type;          /**< union / alias type expression */
  /** object: comma-separated fields of which at least one must be given
   * (not null), e.g. a FieldCondition needs a match, range, ...; or NULL */
  const char *require_any;
} qe_model_desc;

/** A group of models exported by one models_*.c file. */
typedef struct qe_model_group {
  const qe_model_desc *models;
  size_t count;
} qe_model_group;

/**
 * Every group, NULL-terminated; defined in groups.c, which names each
 * models_*.c file's group.
 */
extern const qe_model_group *const qe_model_groups[];

#define QE_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

#define QE_FIELD(name, type, flags, def, doc)                                                      \
  { name, type, flags, def, doc, NULL }
#define QE_FIELD_A(name, type, flags, def, doc, aliases)                                           \
  { name, type, flags, def, doc, aliases }

#define QE_OBJECT_X(name, fields, flags, openapi, doc)                                             \
  { name, QE_MODEL_OBJECT, doc, openapi, flags, fields, QE_COUNTOF(fields), NULL, NULL, NULL }
/** An object of which at least one of the comma-separated fields `any` must be given. */
#define QE_OBJECT_ANY(name, fields, flags, any, doc)                                               \
  { name, QE_MODEL_OBJECT, doc, NULL, flags, fields, QE_COUNTOF(fields), NULL, NULL, any }
#define QE_OBJECT(name, fields, flags, doc) QE_OBJECT_X(name, fields, flags, NULL, doc)
/** An object model with no fields (e.g. a marker like `{}`). */
#define QE_EMPTY_OBJECT_X(name, flags, openapi, doc)                                               \
  { name, QE_MODEL_OBJECT, doc, openapi, flags, NULL, 0, NULL, NULL, NULL }
#define QE_ENUM_X(name, values, openapi, doc)                                                      \
  { name, QE_MODEL_ENUM, doc, openapi, 0, NULL, 0, values, NULL, NULL }
#define QE_ENUM(name, values, doc) QE_ENUM_X(name, values, NULL, doc)
#define QE_UNION_X(name, type, openapi, doc)                                                       \
  { name, QE_MODEL_UNION, doc, openapi, 0, NULL, 0, NULL, type, NULL }
#define QE_UNION(name, type, doc) QE_UNION_X(name, type, NULL, doc)
#define QE_ALIAS_X(name, type, openapi, doc)                                                       \
  { name, QE_MODEL_ALIAS, doc, openapi, 0, NULL, 0, NULL, type, NULL }
#define QE_ALIAS(name, type, doc) QE_ALIAS_X(name, type, NULL, doc)

#endif

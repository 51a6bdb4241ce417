/* types.h — compiled type expressions and registry internals (model floor only). */
#ifndef QEDGE_MODEL_TYPES_H
#define QEDGE_MODEL_TYPES_H

#include <stdbool.h>

#include "desc.h"

typedef enum qe_tkind {
  QE_T_BOOL,
  QE_T_INT,
  QE_T_UINT,
  QE_T_FLOAT,
  QE_T_STRING,
  QE_T_ANY,
  QE_T_OBJECT,
  QE_T_NULL,
  QE_T_POINT_ID,
  QE_T_VECTOR,
  QE_T_MODEL,
  QE_T_ARRAY,
  QE_T_MAP,
  QE_T_UNION
} qe_tkind;

typedef struct qe_type qe_type;
struct qe_type {
  qe_tkind kind;
  bool has_min, has_max;
  double min, max;
  char *ref;             /* QE_T_MODEL: the name, until resolved */
  const qe_model *model; /* QE_T_MODEL: resolved target */
  qe_type *item;         /* QE_T_ARRAY, QE_T_MAP */
  qe_type **alts;        /* QE_T_UNION */
  size_t nalts;
};

struct qe_model {
  const qe_model_desc *d;
  qe_type **field_types; /* one per field (object models) */
  qe_json **defaults;    /* parsed default per field, or NULL */
  qe_type *type;         /* union and alias models */
  size_t nvalues;        /* enum models */
};

/* Compile `expr`; on failure returns NULL with a message in err. Model names
 * stay unresolved (ref set) until qe_type_resolve. */
qe_type *qe_type_compile(const char *expr, qe_error *err);
/* Resolve every model reference in t; QE_EINVAL naming the unknown name. */
int qe_type_resolve(qe_type *t, qe_error *err);
void qe_type_free(qe_type *t);

/* Validate v against a compiled type (check.c). */
int qe_check_type(const qe_type *t, qe_json *v, unsigned flags, qe_model_matches *matches,
                  qe_error *err);

/* Make sure the registry is built (registry.c). */
void qe_registry_ensure(void);
/* Find a model by name without building the registry (used while building). */
const qe_model *qe_registry_lookup(const char *name);

#endif

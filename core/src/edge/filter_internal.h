/* filter_internal.h — the compiled form of a filter, shared by
 * filter_compile.c (JSON -> tree), filter_match.c (tree x point -> bool) and
 * filter_text.c (full-text tokens). Nothing here is used outside them. */
#ifndef QEDGE_EDGE_FILTER_INTERNAL_H
#define QEDGE_EDGE_FILTER_INTERNAL_H

#include <stdint.h>

#include "edge/datetime.h"
#include "edge/filter.h"
#include "edge/geo.h"
#include "edge/jsonpath.h"

/** Bounds of a range or values_count, in Qdrant's order. */
enum { B_LT = 0, B_GT = 1, B_GTE = 2, B_LTE = 3, B_COUNT = 4 };

/** What a field condition's `match` compares with. */
typedef enum match_kind {
  M_NONE = 0,
  M_VALUE_STR,
  M_VALUE_INT,
  M_VALUE_BOOL,
  M_ANY_STR,
  M_ANY_INT,
  M_EXCEPT_STR,
  M_EXCEPT_INT,
  M_TEXT,     /* every query token is a token of the value */
  M_TEXT_ANY, /* some query token is */
  M_PHRASE,   /* the query tokens are consecutive tokens of the value */
  M_PREFIX
} match_kind;

/** A byte string owned by the condition that holds it. */
typedef struct fstr {
  char *s;
  size_t n;
} fstr;

/** A compiled field condition. */
typedef struct field_cond {
  qe_jsonpath *path;

  match_kind match;
  fstr text;    /* value (string), prefix; text kinds: the tokens' bytes */
  int64_t ival; /* value (integer) */
  bool bval;    /* value (bool) */
  fstr *strs;   /* any/except strings, sorted; text kinds: the query tokens,
                   lowercase, pointing into `text` (sorted and unique for
                   text and text_any, in order for phrase) */
  size_t nstrs;
  int64_t *ints; /* any/except integers, sorted */
  size_t nints;

  bool has_range, range_is_datetime;
  bool range_has[B_COUNT];
  double range_num[B_COUNT];
  qe_datetime range_dt[B_COUNT];

  bool has_circle, has_box, has_polygon;
  qe_geo_circle circle;
  qe_geo_box box;
  qe_geo_polygon polygon;

  bool has_count;
  bool count_has[B_COUNT];
  uint64_t count[B_COUNT];

  int is_empty; /* -1 absent, 0 false, 1 true */
  int is_null;  /* -1 absent, 0 false, 1 true */
} field_cond;

typedef struct fnode fnode;

typedef enum cond_kind {
  C_FIELD,
  C_IS_EMPTY,
  C_IS_NULL,
  C_HAS_ID,
  C_HAS_VECTOR,
  C_SLICE,
  C_NESTED,
  C_FILTER
} cond_kind;

/** One compiled condition. */
typedef struct cond {
  cond_kind kind;
  field_cond *field; /* C_FIELD */
  qe_jsonpath *path; /* C_IS_EMPTY, C_IS_NULL; C_NESTED: the key + `[]` */
  qe_point_id *ids;  /* C_HAS_ID, sorted and unique */
  size_t nids;
  char *vector;          /* C_HAS_VECTOR */
  uint32_t total, index; /* C_SLICE */
  fnode *sub;            /* C_NESTED: inner filter; C_FILTER: the filter */
} cond;

/** A list of conditions; `present` tells an absent clause from `[]`. */
typedef struct clist {
  cond *items;
  size_t n;
  bool present;
} clist;

/** A compiled Filter. */
struct fnode {
  clist must, should, must_not, min_should;
  uint64_t min_count;
};

struct qe_filter {
  fnode root;
};

/** Free everything a node owns (not the node itself). */
void qe_fnode_clear(fnode *f);

/**
 * Tokenize a text / text_any / phrase query (s, n bytes of UTF-8) into
 * fc->text and fc->strs as Qdrant's default text index does; `keep_order`
 * for phrase, otherwise the tokens are sorted and made unique. QE_ENOMEM
 * (fc then holds what was allocated, for field_free).
 */
int qe_text_compile(field_cond *fc, const char *s, size_t n, bool keep_order);

/** Does the string value (s, n) match fc's M_TEXT, M_TEXT_ANY or M_PHRASE?
 *  Never allocates. */
bool qe_text_match(const field_cond *fc, const char *s, size_t n);

#endif

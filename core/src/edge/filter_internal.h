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

/** The payload index kinds (PayloadSchemaType). */
typedef enum ix_kind {
  IX_NONE = 0,
  IX_KEYWORD,
  IX_INTEGER,
  IX_FLOAT,
  IX_BOOL,
  IX_GEO,
  IX_DATETIME,
  IX_TEXT,
  IX_UUID
} ix_kind;

/** Text index tokenizers this engine implements. */
typedef enum tok_kind { TK_WORD = 0, TK_WHITESPACE, TK_PREFIX } tok_kind;

/** How text is turned into tokens: a text index's parameters, or Qdrant's
 *  defaults for a field without one (word, lowercase, nothing dropped). */
typedef struct text_params {
  tok_kind tokenizer;
  bool lowercase;
  bool phrase_matching; /* phrase queries match (else they match nothing) */
  uint64_t min_len;     /* in code points; 0: no minimum */
  uint64_t max_len;     /* in code points; 0: no maximum */
  fstr *stop;           /* custom stop words, processed like tokens */
  size_t nstop;
  bool stem; /* Snowball English stemmer on every token */
} text_params;

/** The payload index declared on a key, as far as answers depend on it. */
typedef struct ix_spec {
  ix_kind kind;
  bool lookup, range;      /* integer: map (match) and range parts */
  const char *unsupported; /* text: a parameter this engine cannot apply */
  text_params text;
} ix_spec;

/** How an indexed field condition is answered (Qdrant's per-index
 *  condition checkers); XE_PLAIN: from the payload, as without an index. */
typedef enum ix_eval {
  XE_PLAIN = 0,
  XE_FALSE,    /* a numeric index asked a UUID-string value: the index
                  selects no candidate (qe_filter.candidates); the
                  condition itself is checked on the payload */
  XE_INT,      /* integer index values: integers and integral floats */
  XE_FLOAT,    /* float index values: numbers */
  XE_DATETIME, /* datetime index values: microseconds */
  XE_KEYWORD,  /* keyword index values: strings */
  XE_UUID,     /* uuid index values: strings that parse as UUIDs */
  XE_GEO,      /* geo index values: valid geo points */
  XE_TEXT      /* text index: tokens of all strings of the point */
} ix_eval;

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

  ix_eval ix;            /* how the key's payload index answers */
  bool primary;          /* the index estimates it (a Qdrant primary clause) */
  const text_params *tp; /* text kinds: tokenizing rules (own_tp or defaults) */
  text_params *own_tp;   /* a copy of the text index's parameters */
  uint8_t (*uuids)[16];  /* XE_UUID: the query's UUIDs, sorted */
  size_t nuuids;
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
  bool indexed;          /* C_IS_EMPTY, C_IS_NULL: the key has an index */
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
  /* The filter holds an XE_FALSE condition: Qdrant's candidates (the points
   * its primary clauses select) can then miss points the conditions accept,
   * so qe_filter_match also asks whether the point is a candidate. */
  bool candidates;
};

/** Qdrant's defaults for text matching without a text index. */
extern const text_params qe_text_defaults;

/**
 * Read a payload_schema entry (a PayloadSchemaType name or index params
 * object) into *out. Integer indexes with neither lookup nor range count
 * as no index. QE_ENOMEM (out then owns what was allocated:
 * qe_ix_spec_clear); anything unreadable is IX_NONE.
 */
int qe_ix_spec_read(const qe_json *schema, ix_spec *out);

/** Free what an ix_spec owns. */
void qe_ix_spec_clear(ix_spec *spec);

/** Copy text params (deep). NULL on ENOMEM. */
text_params *qe_text_params_clone(const text_params *tp);

/** Free a copy made by qe_text_params_clone. */
void qe_text_params_free(text_params *tp);

/**
 * Decide how the compiled field condition fc (its checks already set) is
 * answered when its key carries the index `spec`; sets fc->ix (and
 * fc->uuids). QE_ENOMEM.
 */
int qe_ix_decide(field_cond *fc, const ix_spec *spec);

/** Does the index `spec` hold at least one value for the payload (the
 *  values `path` selects), i.e. does the point count in the index's
 *  `points` (info)? An integer index with neither lookup nor range counts
 *  every point. */
bool qe_ix_has_values(const ix_spec *spec, const qe_jsonpath *path, const qe_json *payload);

/** An integer index value: an i64, or a float with an integral value in
 *  i64's range (2.0 is 2). */
bool qe_ix_int_value(const qe_json *v, int64_t *out);

/** Does the string (s, n) give at least one token under tp? */
bool qe_text_has_tokens(const text_params *tp, const char *s, size_t n);

/** Does the field condition pass on the values its key selects in
 *  `payload`, answered from the index values (fc->ix != XE_PLAIN)? */
bool qe_ix_match(const field_cond *fc, const qe_json *payload);

/** Free everything a node owns (not the node itself). */
void qe_fnode_clear(fnode *f);

/**
 * Tokenize a text / text_any / phrase query (s, n bytes of UTF-8) into
 * fc->text and fc->strs with the rules fc->tp; `keep_order` for phrase,
 * otherwise the tokens are sorted and made unique. QE_ENOMEM (fc then
 * holds what was allocated, for field_free).
 */
int qe_text_compile(field_cond *fc, const char *s, size_t n, bool keep_order);

/** Does the string value (s, n) match fc's M_TEXT, M_TEXT_ANY or M_PHRASE?
 *  Never allocates. */
bool qe_text_match(const field_cond *fc, const char *s, size_t n);

/** Does the string (s, n) hold a token equal to the query token q (a
 *  prefix of one, for the prefix tokenizer) under fc->tp? */
bool qe_text_has_token(const field_cond *fc, const char *s, size_t n, const fstr *q);

/** Process one word (s, n) as a token under tp: lowercased when asked,
 *  into out (NULL: only measure). Returns the byte length and sets *chars
 *  to the code point count. */
size_t qe_text_process(const text_params *tp, const char *s, size_t n, char *out, size_t *chars);

#endif

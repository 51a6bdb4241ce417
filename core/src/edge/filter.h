/* filter.h — Qdrant's filter language, compiled once and evaluated per point.
 *
 * A Filter (must / should / must_not / min_should, nested filters) of
 * conditions: field conditions (match value/any/except/text/text_any/phrase/
 * prefix, range, datetime range, geo radius/bounding box/polygon,
 * values_count, the is_empty/is_null flags), is_empty, is_null, has_id,
 * has_vector, slice, nested. Evaluation follows Qdrant without payload
 * indexes: ../shared/docs/qdrant-semantics.md, section 3, except where the
 * project's oracle (qdrant-edge-py 0.9.0) answers otherwise, which wins. In
 * short:
 *
 *   - a field condition takes every value its key path selects; with none it
 *     is false (values_count counts 0; the is_empty/is_null flags answer as
 *     for a missing field); otherwise it holds if any value passes, arrays
 *     being checked element by element (one level);
 *   - several checks in one field condition are OR-ed, except that
 *     values_count, then is_empty, then is_null, when present, decide alone;
 *   - match text / text_any / phrase (oracle) tokenize the query and each
 *     string as Qdrant's default text index does (word tokenizer: runs of
 *     alphanumeric code points, lowercased with full Unicode rules): all
 *     query tokens present / any present / present consecutively in order;
 *     no query tokens matches nothing. match prefix is a case-sensitive
 *     starts_with on the whole string;
 *   - is_null (oracle): some value is null or an array holding a null;
 *     is_empty: every value is null or [] (or there is none);
 *   - `should: []` matches every point, except inside a nested condition's
 *     filter where it matches none (Qdrant's two code paths);
 *   - nested: one object element of the array must pass the whole inner
 *     filter; has_id, has_vector and slice are false inside it.
 *
 * Thread-safety: a compiled filter is immutable; qe_filter_match may run on
 * many threads at once. Evaluation never allocates.
 */
#ifndef QEDGE_EDGE_FILTER_H
#define QEDGE_EDGE_FILTER_H

#include <stdbool.h>

#include "edge/datetime.h"
#include "edge/point_id.h"
#include "qedge/error.h"
#include "qedge/json.h"

typedef struct qe_filter qe_filter;

/** What a filter can ask of a point. */
typedef struct qe_point_view {
  qe_point_id id;
  const qe_json *payload; /**< an object, or NULL for no payload ({}) */
  /** Does the point have the named vector ("" = the unnamed default)?
   *  NULL: the point has no vectors. */
  bool (*has_vector)(void *ud, const char *name);
  void *ud;
} qe_point_view;

/**
 * Compile a Filter (normally already validated against the registry's Filter
 * model): parses key paths, datetime bounds and geometry once. A NULL
 * `filter` or JSON null compiles to NULL, the filter that passes everything.
 * QE_EINVAL with err->path relative to the filter (e.g. `must[0].range.gt`)
 * for what the model cannot catch or anything unexpected: an invalid
 * datetime or key path, a bad polygon, mixed types in `any`, a field
 * condition without a check, an unknown filter field. QE_ENOMEM when memory
 * runs out. `*out` is set only on success; free it with qe_filter_free.
 */
int qe_filter_compile(const qe_json *filter, qe_filter **out, qe_error *err);

/**
 * qe_filter_compile for a shard whose payload indexes are `schema`
 * ({key: PayloadFieldSchema} as create_field_index stored it; NULL: none).
 * A field condition whose key (as written) carries an index is answered as
 * Qdrant's index would (filter_index.c); the filter keeps what it needs and
 * does not refer to `schema` afterwards. QE_EUNSUPPORTED (err->path at the
 * condition) for a text condition on a text index with parameters this
 * engine does not apply (a stemmer other than English, the multilingual
 * tokenizer, ascii_folding, language stop words).
 */
int qe_filter_compile_indexed(const qe_json *filter, const qe_json *schema, qe_filter **out,
                              qe_error *err);

/** Free a compiled filter (NULL is a no-op). */
void qe_filter_free(qe_filter *f);

/** Does the point pass? A NULL filter passes everything. */
bool qe_filter_match(const qe_filter *f, const qe_point_view *p);

#endif

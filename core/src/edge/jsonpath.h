/* jsonpath.h — Qdrant's payload key paths: `a.b[].c`, `a[0]`, `"quoted.key"`.
 *
 * Syntax: first key, then any of `.key`, `[N]`, `[]`. Unquoted keys are made
 * of Unicode alphanumerics (Rust's `char::is_alphanumeric`), `_` and `-`; any
 * other key (dots, spaces, `$`, the empty key) is written in double quotes
 * (no `"` or `\` inside, no escapes). A path cannot start with `[`. N is a
 * decimal u64 (leading zeros allowed).
 *
 * Semantics follow Qdrant's server (lib/segment/src/json_path; see
 * ../shared/docs/qdrant-semantics.md): `a.b` does not descend into arrays
 * (`a[].b` does), `a[0]` selects an element, `[]` fans out over every
 * element. Packed f32 arrays (QE_JSON_F32) are whole values here: a path can
 * end at one, but `[N]`/`[]` do not step into it.
 *
 * Thread-safety: a parsed path is immutable and may be shared by threads.
 */
#ifndef QEDGE_EDGE_JSONPATH_H
#define QEDGE_EDGE_JSONPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "qedge/error.h"
#include "qedge/json.h"

typedef struct qe_jsonpath qe_jsonpath;

/**
 * Parse a path of `len` bytes (valid UTF-8). Returns 0, QE_EINVAL (message
 * names the byte offset of the first character that cannot be read) or
 * QE_ENOMEM. `*out` is set only on success; free it with qe_jsonpath_free.
 */
int qe_jsonpath_parse(const char *text, size_t len, qe_jsonpath **out, qe_error *err);

/** Free a path (NULL is a no-op). */
void qe_jsonpath_free(qe_jsonpath *p);

/** The path's text as given to qe_jsonpath_parse (NUL-terminated). */
const char *qe_jsonpath_text(const qe_jsonpath *p);

/** Does `p` end with `[]`? (nested conditions append one when missing) */
bool qe_jsonpath_ends_with_array(const qe_jsonpath *p);

/**
 * Qdrant's `array_key`: a new path equal to `p` with `[]` appended unless it
 * already ends with `[]` (`a.b` -> `a.b[]`). NULL when memory runs out.
 */
qe_jsonpath *qe_jsonpath_array_key(const qe_jsonpath *p);

/**
 * New path = p + `[]` (unless p already ends with it) + `.` + rest, the full
 * path of a key inside a nested condition (`a` + `b.c` -> `a[].b.c`). NULL
 * when memory runs out.
 */
qe_jsonpath *qe_jsonpath_join_nested(const qe_jsonpath *p, const qe_jsonpath *rest);

/** Callback for every value a path selects; return false to stop early. */
typedef bool (*qe_jsonpath_visit)(void *ud, const qe_json *value);

/**
 * Visit every value `p` selects in `payload` (an object; NULL or any other
 * kind selects nothing), in document order. Values that are arrays are
 * passed as they are (the caller decides whether to look inside, as Qdrant's
 * condition checkers do). Never allocates. Returns false if a visit stopped
 * the walk, true otherwise.
 */
bool qe_jsonpath_get(const qe_jsonpath *p, const qe_json *payload, qe_jsonpath_visit visit,
                     void *ud);

/**
 * set_payload with a key: navigate `p` in `payload` (an object), creating
 * objects for missing keys and replacing non-object intermediates by `{}`,
 * then merge the members of `value` (an object) into the object(s) found
 * there (a null member removes that key; others are copied). `[N]` touches
 * only an existing element; `[]` every element; where an array is expected
 * and something else is found it is replaced by `[]` (and nothing is set
 * below it). Returns 0, QE_EINVAL (payload or value not an object) or
 * QE_ENOMEM (the payload may then be partly updated).
 */
int qe_jsonpath_set(const qe_jsonpath *p, qe_json *payload, const qe_json *value);

/**
 * Merge `value`'s members into the object `dest` as set_payload without a
 * key does: null members remove the key, others are copied in. Returns 0,
 * QE_EINVAL (not objects) or QE_ENOMEM.
 */
int qe_payload_merge(qe_json *dest, const qe_json *value);

/**
 * delete_payload of one key path: `a.b` removes b inside object a, `a[].b`
 * removes b from every element, `a[0].b` from element 0, `a[]` empties the
 * array to `[]`, `a[0]` does nothing (as Qdrant). Returns 0 or QE_ENOMEM.
 */
int qe_jsonpath_remove(const qe_jsonpath *p, qe_json *payload);

#endif

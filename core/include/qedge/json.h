/*
 * qedge/json.h — qe_json, the value tree every model, request and response
 * travels in.
 *
 * Kinds: null, bool, int (int64), uint (an integer above INT64_MAX, up to
 * UINT64_MAX — point ids are u64 and stay exact), double, string (with
 * length, always valid UTF-8, may contain NUL), array, object (keys keep
 * insertion order; lookup is hashed once an object grows), and f32 array: a
 * packed float32 vector that is never boxed element by element.
 *
 * Integers are kept canonical: a non-negative value that fits int64 is always
 * QE_JSON_INT, so two equal numbers never differ only in kind. Use
 * qe_json_get_u64()/qe_json_get_i64() to read either integer kind.
 *
 * Ownership: a value added to an array or object belongs to it; freeing a
 * container frees everything inside. Values are not reference-counted and
 * must not be shared between two containers.
 *
 * Thread-safety: a tree may be read from many threads at once (lookups do not
 * mutate); writes need exclusive access to the tree.
 */
#ifndef QEDGE_JSON_H
#define QEDGE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qedge/base.h"
#include "qedge/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kind of a qe_json value. */
typedef enum qe_json_kind {
  QE_JSON_NULL = 0,
  QE_JSON_BOOL,
  QE_JSON_INT,    /**< fits int64 */
  QE_JSON_UINT,   /**< greater than INT64_MAX, up to UINT64_MAX */
  QE_JSON_DOUBLE, /**< a number written with a fraction or exponent */
  QE_JSON_STRING,
  QE_JSON_ARRAY,
  QE_JSON_OBJECT,
  QE_JSON_F32 /**< packed float32 array; emitted as a JSON array of numbers */
} qe_json_kind;

/** An opaque JSON value. */
typedef struct qe_json qe_json;

/* ------------------------------------------------------------ construction */
/* Constructors return NULL only when memory runs out. */

/** New null. */
qe_json *qe_json_new_null(void);
/** New bool. */
qe_json *qe_json_new_bool(bool b);
/** New integer. */
qe_json *qe_json_new_int(int64_t i);
/** New unsigned integer (stored as QE_JSON_INT when it fits int64). */
qe_json *qe_json_new_uint(uint64_t u);
/** New double. NaN and infinities are allowed in memory but emit as null. */
qe_json *qe_json_new_double(double d);
/**
 * New string from `len` bytes. Returns NULL (and sets *err when given to
 * QE_EINVAL) if the bytes are not valid UTF-8; overlong forms, surrogates and
 * code points above U+10FFFF are invalid.
 */
qe_json *qe_json_new_string(const char *s, size_t len, qe_error *err);
/** New string from a NUL-terminated C string (same validation). */
qe_json *qe_json_new_cstr(const char *s);
/** New empty array. */
qe_json *qe_json_new_array(void);
/** New empty object. */
qe_json *qe_json_new_object(void);
/** New f32 array holding a copy of `n` floats (`data` may be NULL if n = 0). */
qe_json *qe_json_new_f32(const float *data, size_t n);
/**
 * New f32 array of `n` elements whose storage the caller fills through
 * qe_json_f32_data() (contents start zeroed).
 */
qe_json *qe_json_new_f32_zeroed(size_t n);

/** Free a value and everything it contains. NULL is a no-op. */
void qe_json_free(qe_json *v);
/** Deep copy; NULL on allocation failure. */
qe_json *qe_json_clone(const qe_json *v);

/* ------------------------------------------------------------ inspection */

/** Kind of `v` (QE_JSON_NULL for a NULL pointer). */
qe_json_kind qe_json_kind_of(const qe_json *v);
/** Name of a kind: "null", "bool", "integer", "integer", "number", "string",
 *  "array", "object", "vector". */
const char *qe_json_kind_name(qe_json_kind k);
/** True for int, uint and double. */
bool qe_json_is_number(const qe_json *v);
/** The bool of a QE_JSON_BOOL; false otherwise. */
bool qe_json_get_bool(const qe_json *v);
/** Read an integer that fits int64 into *out. false if not such an integer. */
bool qe_json_get_i64(const qe_json *v, int64_t *out);
/** Read a non-negative integer into *out. false if not such an integer. */
bool qe_json_get_u64(const qe_json *v, uint64_t *out);
/** Any number as a double (u64 and i64 rounded); 0.0 for non-numbers. */
double qe_json_get_double(const qe_json *v);
/** Bytes of a string (NUL-terminated; `len` optional). NULL if not a string. */
const char *qe_json_get_string(const qe_json *v, size_t *len);

/* ------------------------------------------------------------ arrays */

/** Number of elements of an array or f32 array; 0 for other kinds. */
size_t qe_json_array_len(const qe_json *v);
/** Element `i` of an array, or NULL (out of range, not an array). */
qe_json *qe_json_array_at(const qe_json *v, size_t i);
/**
 * Append `item` to `arr`, taking ownership. On failure (not an array, no
 * memory) returns an error code and frees `item`.
 */
int qe_json_array_push(qe_json *arr, qe_json *item);
/**
 * Replace element `i` of `arr` with `item` (taking ownership) and free the
 * old one. QE_EINVAL if out of range (item is freed).
 */
int qe_json_array_set(qe_json *arr, size_t i, qe_json *item);
/** Floats of an f32 array (writable), with its length in *n; NULL otherwise. */
float *qe_json_f32_data(const qe_json *v, size_t *n);

/* ------------------------------------------------------------ objects */

/** Number of members of an object; 0 for other kinds. */
size_t qe_json_object_len(const qe_json *v);
/** Member value for `key` (NUL-terminated), or NULL. */
qe_json *qe_json_object_get(const qe_json *obj, const char *key);
/** Member value for a key of `klen` bytes, or NULL. */
qe_json *qe_json_object_getn(const qe_json *obj, const char *key, size_t klen);
/** Key of member `i` in insertion order (`klen` optional), or NULL. */
const char *qe_json_object_key_at(const qe_json *obj, size_t i, size_t *klen);
/** Value of member `i` in insertion order, or NULL. */
qe_json *qe_json_object_value_at(const qe_json *obj, size_t i);
/**
 * Set member `key` (NUL-terminated) to `val`, taking ownership of `val`. An
 * existing member keeps its position and its old value is freed. On failure
 * `val` is freed and an error code is returned.
 */
int qe_json_object_set(qe_json *obj, const char *key, qe_json *val);
/** As qe_json_object_set with a key of `klen` bytes (validated as UTF-8). */
int qe_json_object_setn(qe_json *obj, const char *key, size_t klen, qe_json *val);
/**
 * Remove member `key` and return its value to the caller (who frees it), or
 * NULL if absent. Later members keep their relative order.
 */
qe_json *qe_json_object_take(qe_json *obj, const char *key, size_t klen);

/**
 * Structural equality: same kinds (int/uint/double compared as numbers of
 * the same kind, an f32 array equals an array of the same numbers), same
 * object members regardless of order, same array elements in order.
 */
bool qe_json_equal(const qe_json *a, const qe_json *b);

/* ------------------------------------------------------------ text */

/** Options for qe_json_parse; zero-initialised means the defaults. */
typedef struct qe_json_parse_opts {
  size_t max_depth;    /**< deepest nesting allowed; 0 = 256 */
  size_t max_size;     /**< largest input in bytes; 0 = 64 MiB */
  bool allow_trailing; /**< allow bytes after the value (default: error) */
} qe_json_parse_opts;

/**
 * Parse `len` bytes of JSON text into a new value (*out, free with
 * qe_json_free). Errors: QE_EPARSE with the byte offset in the message for
 * malformed text or invalid UTF-8, QE_ELIMIT for depth or size. Numbers
 * without fraction/exponent become int (or uint above INT64_MAX); an integer
 * beyond the u64/i64 range becomes a double. Duplicate object keys: the last
 * one wins (as serde_json does for maps).
 */
int qe_json_parse(const char *text, size_t len, const qe_json_parse_opts *opts, qe_json **out,
                  qe_error *err);

/** Flags for qe_json_emit. */
enum {
  QE_EMIT_PRETTY = 1 /**< indent with two spaces */
};

/**
 * Append the JSON text of `v` to `out`. Doubles are written with the fewest
 * digits that read back to the same double, f32 values with the fewest that
 * read back to the same float, integral doubles keep a ".0", u64 is exact.
 * NaN and infinities are written as null. Returns 0, QE_ENOMEM, or QE_ELIMIT
 * for trees nested deeper than 128 levels.
 */
int qe_json_emit(const qe_json *v, unsigned flags, qe_buf *out, qe_error *err);

/** Convenience: JSON text of `v` as a new string (free with qe_free). */
char *qe_json_to_string(const qe_json *v, unsigned flags, size_t *len);

/**
 * Append a compact binary form of `v` to `out` (internal storage such as the
 * write-ahead log: exact numbers, float32 vectors as raw little-endian bytes,
 * no text formatting). Layout: docs/FORMAT.md, "Packed JSON".
 */
int qe_json_pack(const qe_json *v, qe_buf *out, qe_error *err);

/** Read a value written by qe_json_pack; QE_ECORRUPT if malformed. */
int qe_json_unpack(const void *data, size_t len, qe_json **out, qe_error *err);

/**
 * Write the shortest decimal text that reads back to `f` as a float32 into
 * `buf` (at least 32 bytes); returns the length. NaN/inf give "null".
 */
size_t qe_format_f32(float f, char *buf);
/** As qe_format_f32 for doubles (buf at least 32 bytes). */
size_t qe_format_f64(double d, char *buf);

/** Check that `len` bytes are valid UTF-8 (strict: no overlongs/surrogates). */
bool qe_utf8_valid(const char *s, size_t len);

/** Offset of the first byte of the first invalid UTF-8 sequence in `s`, or
 *  `len` when all of it is valid. */
size_t qe_utf8_first_invalid(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif

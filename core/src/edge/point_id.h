/* point_id.h — point ids as the engine keeps them: an unsigned 64-bit
 * integer or a UUID (16 bytes), ordered all integers first, then UUIDs by
 * their bytes (the same order as their lowercase hyphenated text).
 *
 * UUID text is read as Rust's `uuid::Uuid::parse_str` does (what Qdrant
 * uses): 32 hex digits ("simple"), 36 characters with hyphens after the 8th,
 * 12th, 16th and 20th digit ("hyphenated"), and the hyphenated form inside
 * `{…}` or after `urn:uuid:`; hex digits in either case. Ids are always
 * written back as lowercase hyphenated UUIDs or decimal integers. */
#ifndef QEDGE_EDGE_POINT_ID_H
#define QEDGE_EDGE_POINT_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qedge/json.h"

typedef struct qe_point_id {
  uint64_t num;     /**< the integer id (is_uuid == 0) */
  uint8_t uuid[16]; /**< the UUID bytes, big-endian (is_uuid == 1) */
  uint8_t is_uuid;
} qe_point_id;

/** Longest text qe_point_id_format writes, with its NUL. */
#define QE_POINT_ID_TEXT_MAX 40

/** An integer id. */
qe_point_id qe_point_id_from_u64(uint64_t num);

/**
 * Read an id from a JSON value as Qdrant reads a body id: a non-negative
 * integer (u64), or a string in any UUID form listed above. Anything else
 * (negative or fractional numbers, numeric strings such as "5") gives false.
 */
bool qe_point_id_from_json(const qe_json *v, qe_point_id *out);

/**
 * Read an id from text as Qdrant reads a path id (`GET …/points/{id}`):
 * decimal digits that fit u64 (an optional leading '+' is accepted, as
 * Rust's u64 parser does) make an integer id, otherwise a UUID form.
 */
bool qe_point_id_parse(const char *s, size_t len, qe_point_id *out);

/** Parse a UUID in any accepted form into 16 big-endian bytes. */
bool qe_uuid_parse(const char *s, size_t len, uint8_t out[16]);

/** Write the lowercase hyphenated form of a UUID (36 chars + NUL). */
void qe_uuid_format(const uint8_t uuid[16], char out[37]);

/** The canonical JSON of an id: an integer or a lowercase hyphenated UUID
 *  string. NULL when memory runs out. */
qe_json *qe_point_id_to_json(const qe_point_id *id);

/** The canonical text of an id into `buf` (QE_POINT_ID_TEXT_MAX bytes);
 *  returns the length. */
size_t qe_point_id_format(const qe_point_id *id, char *buf);

/** Total order: <0, 0, >0 (integers before UUIDs, UUIDs by bytes). */
int qe_point_id_cmp(const qe_point_id *a, const qe_point_id *b);

/** Equality. */
bool qe_point_id_eq(const qe_point_id *a, const qe_point_id *b);

/** A well-mixed 64-bit hash for in-memory hash tables (not stable across
 *  versions; use qe_point_id_slice_hash for anything persisted). */
uint64_t qe_point_id_hash(const qe_point_id *id);

/**
 * Qdrant's stable id hash (the slice condition): SipHash-2-4 with a zero
 * key over 8 little-endian bytes for integer ids, the 16 UUID bytes for
 * UUIDs. A point is in slice `index` of `total` iff hash % total == index.
 */
uint64_t qe_point_id_slice_hash(const qe_point_id *id);

#endif

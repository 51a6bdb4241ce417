/* unicode.h — the few Unicode facts the edge engine needs to agree with
 * Qdrant (Rust's `char` methods): UTF-8 decoding, White_Space, and
 * Alphabetic-or-Numeric (Rust's `char::is_alphanumeric`). */
#ifndef QEDGE_EDGE_UNICODE_H
#define QEDGE_EDGE_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Decode one code point from valid UTF-8 at `s` (n > 0 bytes available).
 * Returns the number of bytes used (1..4) and stores the code point; on a
 * malformed sequence returns 1 and stores U+FFFD.
 */
size_t qe_utf8_next(const char *s, size_t n, uint32_t *cp);

/** Rust's `char::is_whitespace`: the Unicode White_Space property. */
bool qe_unicode_is_space(uint32_t cp);

/** Rust's `char::is_alphanumeric`: Alphabetic, or general category N*. */
bool qe_unicode_is_alnum(uint32_t cp);

/**
 * Length of the run of Unicode whitespace at the start of `s` (bytes), as
 * Rust's `str::trim_start` would remove.
 */
size_t qe_unicode_space_prefix(const char *s, size_t n);

#endif

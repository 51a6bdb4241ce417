/* unicode.h — the few Unicode facts the edge engine needs to agree with
 * Qdrant (Rust's `char` and `str` methods): UTF-8 decoding, White_Space,
 * Alphabetic-or-Numeric (Rust's `char::is_alphanumeric`) and lowercasing
 * (Rust's `str::to_lowercase`, final sigma included). */
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
 * Rust's `char::to_lowercase`: stores the lowercase form (1 or 2 code
 * points; only U+0130 has 2) and returns how many. Final sigma is not
 * handled here: U+03A3 always gives U+03C3 (see qe_unicode_sigma_class).
 */
size_t qe_unicode_to_lower(uint32_t cp, uint32_t out[2]);

/**
 * For Rust's final-sigma rule (in `str::to_lowercase`, U+03A3 becomes
 * U+03C2 when the nearest code point before it that is not Case_Ignorable
 * is Cased, and the nearest one after it that is not Case_Ignorable is not
 * Cased or there is none): 1 for a Cased code point that is not
 * Case_Ignorable, 2 for a Case_Ignorable one, 0 otherwise. Only meaningful
 * for alphanumeric code points (qe_unicode_is_alnum).
 */
int qe_unicode_sigma_class(uint32_t cp);

/**
 * Length of the run of Unicode whitespace at the start of `s` (bytes), as
 * Rust's `str::trim_start` would remove.
 */
size_t qe_unicode_space_prefix(const char *s, size_t n);

#endif

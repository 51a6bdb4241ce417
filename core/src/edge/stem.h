/* stem.h — stemmers a text index can apply to its tokens. */
#ifndef QEDGE_EDGE_STEM_H
#define QEDGE_EDGE_STEM_H

#include <stddef.h>
#include <stdint.h>

/**
 * Stem the lowercase word w[0..n) (code points) in place with the Snowball
 * English stemmer; `cap` is the room in w (the stem can be one longer than
 * the word). Returns the stem's length.
 */
size_t qe_stem_english(uint32_t *w, size_t n, size_t cap);

#endif

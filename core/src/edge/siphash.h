/* siphash.h — SipHash-2-4 (Aumasson & Bernstein), the keyed 64-bit hash
 * Qdrant's slice condition uses with a zero key. */
#ifndef QEDGE_EDGE_SIPHASH_H
#define QEDGE_EDGE_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/** SipHash-2-4 of `len` bytes with the 128-bit key (k0, k1). */
uint64_t qe_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len);

#endif

/* siphash.c — SipHash-2-4: two compression rounds per 8-byte word, four
 * finalisation rounds, message words read little-endian. */
#include "edge/siphash.h"

static inline uint64_t rotl64(uint64_t x, unsigned b) {
  return (x << b) | (x >> (64 - b));
}

static inline uint64_t load_le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

typedef struct {
  uint64_t v0, v1, v2, v3;
} sip_state;

static inline void sip_round(sip_state *s) {
  s->v0 += s->v1;
  s->v1 = rotl64(s->v1, 13);
  s->v1 ^= s->v0;
  s->v0 = rotl64(s->v0, 32);
  s->v2 += s->v3;
  s->v3 = rotl64(s->v3, 16);
  s->v3 ^= s->v2;
  s->v0 += s->v3;
  s->v3 = rotl64(s->v3, 21);
  s->v3 ^= s->v0;
  s->v2 += s->v1;
  s->v1 = rotl64(s->v1, 17);
  s->v1 ^= s->v2;
  s->v2 = rotl64(s->v2, 32);
}

static inline void sip_absorb(sip_state *s, uint64_t m) {
  s->v3 ^= m;
  sip_round(s);
  sip_round(s);
  s->v0 ^= m;
}

uint64_t qe_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len) {
  const unsigned char *p = data;
  sip_state s = {k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull, k0 ^ 0x6c7967656e657261ull,
                 k1 ^ 0x7465646279746573ull};
  size_t full = len & ~(size_t)7;
  for (size_t i = 0; i < full; i += 8)
    sip_absorb(&s, load_le64(p + i));
  uint64_t last = (uint64_t)(len & 0xff) << 56;
  for (size_t i = 0; i < (len & 7); i++)
    last |= (uint64_t)p[full + i] << (8 * i);
  sip_absorb(&s, last);
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; i++)
    sip_round(&s);
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

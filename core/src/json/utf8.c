/* utf8.c — strict UTF-8 validation (no overlongs, surrogates or > U+10FFFF). */
#include <string.h>

#include "qedge/json.h"

size_t qe_utf8_first_invalid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    /* fast path: 8 ASCII bytes at a time */
    if (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80) return i;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= len) return i;
      unsigned char c1 = s[i + 1];
      if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return i;
      if (c == 0xE0 && c1 < 0xA0) return i;  /* overlong */
      if (c == 0xED && c1 >= 0xA0) return i; /* surrogate */
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= len) return i;
      unsigned char c1 = s[i + 1];
      if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return i;
      if (c == 0xF0 && c1 < 0x90) return i;  /* overlong */
      if (c == 0xF4 && c1 >= 0x90) return i; /* above U+10FFFF */
      i += 4;
    } else {
      return i;
    }
  }
  return len;
}

bool qe_utf8_valid(const char *s, size_t len) {
  return qe_utf8_first_invalid(s, len) == len;
}

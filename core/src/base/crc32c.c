/* crc32c.c — CRC-32C (Castagnoli), hardware instruction when present. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "qedge/base.h"

#define CRC32C_POLY 0x82F63B78u /* reflected Castagnoli polynomial */

static uint32_t table[8][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++)
      c = (c & 1) ? (c >> 1) ^ CRC32C_POLY : c >> 1;
    table[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; i++) {
    for (int t = 1; t < 8; t++)
      table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xFF];
  }
}

/* Slicing-by-8 over the inverted crc. */
static uint32_t crc32c_sw(uint32_t crc, const unsigned char *p, size_t len) {
  pthread_once(&table_once, table_init);
  while (len && ((uintptr_t)p & 7)) {
    crc = table[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    len--;
  }
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    w ^= crc;
    crc = table[7][w & 0xFF] ^ table[6][(w >> 8) & 0xFF] ^ table[5][(w >> 16) & 0xFF] ^
          table[4][(w >> 24) & 0xFF] ^ table[3][(w >> 32) & 0xFF] ^ table[2][(w >> 40) & 0xFF] ^
          table[1][(w >> 48) & 0xFF] ^ table[0][w >> 56];
    p += 8;
    len -= 8;
  }
  while (len--)
    crc = table[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define QE_HAVE_HW_CRC 1
__attribute__((target("sse4.2"))) static uint32_t crc32c_hw(uint32_t crc, const unsigned char *p,
                                                            size_t len) {
  uint64_t c = crc;
  while (len && ((uintptr_t)p & 7)) {
    c = _mm_crc32_u8((uint32_t)c, *p++);
    len--;
  }
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    c = _mm_crc32_u64(c, w);
    p += 8;
    len -= 8;
  }
  while (len--)
    c = _mm_crc32_u8((uint32_t)c, *p++);
  return (uint32_t)c;
}
#endif

uint32_t qe_crc32c(uint32_t crc, const void *data, size_t len) {
  const unsigned char *p = data;
  crc = ~crc;
#ifdef QE_HAVE_HW_CRC
  if (__builtin_cpu_supports("sse4.2")) return ~crc32c_hw(crc, p, len);
#endif
  return ~crc32c_sw(crc, p, len);
}

/* Exposed for tests: the portable path, whatever the CPU has. */
uint32_t qe_crc32c_portable(uint32_t crc, const void *data, size_t len);
uint32_t qe_crc32c_portable(uint32_t crc, const void *data, size_t len) {
  return ~crc32c_sw(~crc, data, len);
}

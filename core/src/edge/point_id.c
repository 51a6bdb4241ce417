/* point_id.c — point ids: parsing (u64 or UUID in Qdrant's accepted forms),
 * canonical text and JSON, ordering and hashing. */
#include <string.h>

#include "edge/point_id.h"
#include "edge/siphash.h"

qe_point_id qe_point_id_from_u64(uint64_t num) {
  qe_point_id id;
  memset(&id, 0, sizeof id);
  id.num = num;
  return id;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* 32 hex digits, optionally with hyphens exactly at 8, 13, 18 and 23. */
static bool parse_hex_groups(const char *s, size_t n, bool hyphenated, uint8_t out[16]) {
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    if (hyphenated && (i == 8 || i == 13 || i == 18 || i == 23)) {
      if (s[i] != '-') return false;
      i++;
      continue;
    }
    int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[j++] = (uint8_t)(hi << 4 | lo);
    i += 2;
  }
  return j == 16;
}

bool qe_uuid_parse(const char *s, size_t len, uint8_t out[16]) {
  if (!s) return false;
  if (len == 32) return parse_hex_groups(s, 32, false, out);
  if (len == 36) return parse_hex_groups(s, 36, true, out);
  if (len == 38 && s[0] == '{' && s[37] == '}') return parse_hex_groups(s + 1, 36, true, out);
  if (len == 45 && memcmp(s, "urn:uuid:", 9) == 0) return parse_hex_groups(s + 9, 36, true, out);
  return false;
}

void qe_uuid_format(const uint8_t uuid[16], char out[37]) {
  static const char hex[] = "0123456789abcdef";
  size_t k = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
    out[k++] = hex[uuid[i] >> 4];
    out[k++] = hex[uuid[i] & 15];
  }
  out[36] = '\0';
}

bool qe_point_id_from_json(const qe_json *v, qe_point_id *out) {
  uint64_t u;
  qe_point_id id;
  memset(&id, 0, sizeof id);
  qe_json_kind k = qe_json_kind_of(v);
  if ((k == QE_JSON_INT || k == QE_JSON_UINT) && qe_json_get_u64(v, &u)) {
    id.num = u;
  } else if (k == QE_JSON_STRING) {
    size_t n;
    const char *s = qe_json_get_string(v, &n);
    if (!qe_uuid_parse(s, n, id.uuid)) return false;
    id.is_uuid = 1;
  } else {
    return false;
  }
  if (out) *out = id;
  return true;
}

/* Rust's `u64::from_str`: optional '+', then one or more ASCII digits, no
 * overflow. */
static bool parse_u64_text(const char *s, size_t n, uint64_t *out) {
  size_t i = 0;
  if (n > 0 && s[0] == '+') i = 1;
  if (i == n) return false;
  uint64_t v = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

bool qe_point_id_parse(const char *s, size_t len, qe_point_id *out) {
  qe_point_id id;
  memset(&id, 0, sizeof id);
  if (!s) return false;
  if (parse_u64_text(s, len, &id.num)) {
    if (out) *out = id;
    return true;
  }
  if (!qe_uuid_parse(s, len, id.uuid)) return false;
  id.is_uuid = 1;
  if (out) *out = id;
  return true;
}

size_t qe_point_id_format(const qe_point_id *id, char *buf) {
  if (id->is_uuid) {
    qe_uuid_format(id->uuid, buf);
    return 36;
  }
  char tmp[24];
  size_t n = 0;
  uint64_t v = id->num;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
  return n;
}

qe_json *qe_point_id_to_json(const qe_point_id *id) {
  if (!id->is_uuid) return qe_json_new_uint(id->num);
  char text[37];
  qe_uuid_format(id->uuid, text);
  return qe_json_new_string(text, 36, NULL);
}

int qe_point_id_cmp(const qe_point_id *a, const qe_point_id *b) {
  if (a->is_uuid != b->is_uuid) return a->is_uuid ? 1 : -1;
  if (!a->is_uuid) return a->num < b->num ? -1 : a->num > b->num;
  int c = memcmp(a->uuid, b->uuid, 16);
  return c < 0 ? -1 : c > 0;
}

bool qe_point_id_eq(const qe_point_id *a, const qe_point_id *b) {
  if (a->is_uuid != b->is_uuid) return false;
  return a->is_uuid ? memcmp(a->uuid, b->uuid, 16) == 0 : a->num == b->num;
}

/* SplitMix64's finaliser: a bijective mix with good avalanche. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

static uint64_t load_be64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

uint64_t qe_point_id_hash(const qe_point_id *id) {
  if (!id->is_uuid) return mix64(id->num);
  return mix64(load_be64(id->uuid) ^ mix64(load_be64(id->uuid + 8) ^ 0x9e3779b97f4a7c15ull));
}

uint64_t qe_point_id_slice_hash(const qe_point_id *id) {
  if (id->is_uuid) return qe_siphash24(0, 0, id->uuid, 16);
  uint8_t le[8];
  for (int i = 0; i < 8; i++)
    le[i] = (uint8_t)(id->num >> (8 * i));
  return qe_siphash24(0, 0, le, 8);
}

/* test_point_id.c — point ids: every UUID form Qdrant accepts, canonical
 * output, path-id parsing, ordering, hashing and the slice hash. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "edge/point_id.h"
#include "edge/siphash.h"
#include "qedge/json.h"

static qe_json *parse(const char *text) {
  qe_json *v = NULL;
  qe_json_parse(text, strlen(text), NULL, &v, NULL);
  return v;
}

/* Parse a JSON id and return its canonical text ("" if rejected). */
static const char *canon(const char *json) {
  static char buf[QE_POINT_ID_TEXT_MAX];
  qe_json *v = parse(json);
  qe_point_id id;
  buf[0] = '\0';
  if (v && qe_point_id_from_json(v, &id)) qe_point_id_format(&id, buf);
  qe_json_free(v);
  return buf;
}

static void test_uuid_forms(void) {
  const char *want = "550e8400-e29b-41d4-a716-446655440000";
  CHECK_STR(canon("\"550e8400-e29b-41d4-a716-446655440000\""), want);
  CHECK_STR(canon("\"550E8400-E29B-41D4-A716-446655440000\""), want);
  CHECK_STR(canon("\"550e8400e29b41d4a716446655440000\""), want);
  CHECK_STR(canon("\"550E8400e29b41D4a716446655440000\""), want);
  CHECK_STR(canon("\"{550e8400-e29b-41d4-a716-446655440000}\""), want);
  CHECK_STR(canon("\"urn:uuid:550e8400-e29b-41d4-A716-446655440000\""), want);
  /* Forms the uuid crate rejects. */
  CHECK_STR(canon("\"{550e8400e29b41d4a716446655440000}\""), "");
  CHECK_STR(canon("\"URN:UUID:550e8400-e29b-41d4-a716-446655440000\""), "");
  CHECK_STR(canon("\"urn:uuid:550e8400e29b41d4a716446655440000\""), "");
  CHECK_STR(canon("\"550e8400-e29b41d4-a716-446655440000\""), "");  /* 35 chars */
  CHECK_STR(canon("\"550e8400-e29b-41d4-a716-44665544000g\""), ""); /* not hex */
  CHECK_STR(canon("\"550e840-0e29b-41d4-a716-446655440000\""), ""); /* hyphen moved */
  CHECK_STR(canon("\" 550e8400-e29b-41d4-a716-446655440000\""), "");
  CHECK_STR(canon("\"\""), "");
}

static void test_integers(void) {
  CHECK_STR(canon("0"), "0");
  CHECK_STR(canon("42"), "42");
  CHECK_STR(canon("18446744073709551615"), "18446744073709551615");
  CHECK_STR(canon("-1"), "");
  CHECK_STR(canon("5.0"), "");                  /* floats are not ids, even 5.0 */
  CHECK_STR(canon("\"5\""), "");                /* nor numeric strings */
  CHECK_STR(canon("18446744073709551616"), ""); /* beyond u64: a double */
  CHECK_STR(canon("true"), "");
  CHECK_STR(canon("null"), "");
}

static void test_to_json(void) {
  qe_point_id id;
  CHECK(qe_point_id_parse("{550E8400-E29B-41D4-A716-446655440000}", 38, &id));
  qe_json *j = qe_point_id_to_json(&id);
  CHECK_STR(qe_json_get_string(j, NULL), "550e8400-e29b-41d4-a716-446655440000");
  qe_json_free(j);
  id = qe_point_id_from_u64(UINT64_MAX);
  j = qe_point_id_to_json(&id);
  uint64_t u = 0;
  CHECK(qe_json_get_u64(j, &u) && u == UINT64_MAX);
  qe_json_free(j);
}

static void test_path_ids(void) {
  qe_point_id id;
  CHECK(qe_point_id_parse("123", 3, &id) && !id.is_uuid && id.num == 123);
  CHECK(qe_point_id_parse("+7", 2, &id) && !id.is_uuid && id.num == 7);
  CHECK(qe_point_id_parse("18446744073709551615", 20, &id) && id.num == UINT64_MAX);
  CHECK(!qe_point_id_parse("18446744073709551616", 20, &id));
  CHECK(!qe_point_id_parse("-1", 2, &id));
  CHECK(!qe_point_id_parse("", 0, &id));
  CHECK(!qe_point_id_parse("+", 1, &id));
  CHECK(!qe_point_id_parse("1 ", 2, &id));
  CHECK(qe_point_id_parse("550e8400e29b41d4a716446655440000", 32, &id) && id.is_uuid);
  CHECK(id.uuid[0] == 0x55 && id.uuid[15] == 0x00);
}

static void test_order(void) {
  qe_point_id a = qe_point_id_from_u64(2), b = qe_point_id_from_u64(10),
              big = qe_point_id_from_u64(UINT64_MAX), u1, u2, u1b;
  qe_point_id_parse("00000000-0000-0000-0000-000000000001", 36, &u1);
  qe_point_id_parse("ffffffff-0000-0000-0000-000000000000", 36, &u2);
  qe_json *simple = parse("\"00000000000000000000000000000001\"");
  CHECK(qe_point_id_from_json(simple, &u1b) && u1b.is_uuid);
  qe_json_free(simple);
  /* As a path id the same text is all digits, hence the integer 1. */
  qe_point_id one;
  CHECK(qe_point_id_parse("00000000000000000000000000000001", 32, &one) && !one.is_uuid &&
        one.num == 1);
  CHECK(qe_point_id_cmp(&a, &b) < 0); /* numeric, not textual */
  CHECK(qe_point_id_cmp(&b, &a) > 0);
  CHECK(qe_point_id_cmp(&big, &u1) < 0); /* every integer before every UUID */
  CHECK(qe_point_id_cmp(&u1, &big) > 0);
  CHECK(qe_point_id_cmp(&u1, &u2) < 0); /* UUIDs by bytes */
  CHECK(qe_point_id_cmp(&u1, &u1b) == 0);
  CHECK(qe_point_id_eq(&u1, &u1b));
  CHECK(!qe_point_id_eq(&a, &b));
  qe_point_id zero = qe_point_id_from_u64(0), nil;
  qe_point_id_parse("00000000-0000-0000-0000-000000000000", 36, &nil);
  CHECK(!qe_point_id_eq(&zero, &nil)); /* integer 0 is not the nil UUID */
  CHECK(qe_point_id_hash(&u1) == qe_point_id_hash(&u1b));
  CHECK(qe_point_id_hash(&a) != qe_point_id_hash(&b));
}

static void test_siphash(void) {
  /* Reference vector from the SipHash paper: key 00..0f, message 00..0e. */
  unsigned char msg[15];
  for (int i = 0; i < 15; i++)
    msg[i] = (unsigned char)i;
  CHECK(qe_siphash24(0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull, msg, 15) ==
        0xa129ca6149be45e5ull);
}

/* Slice membership as qdrant-edge-py 0.9.0 reported it for these ids
 * (experiment: upsert the ids, scroll with {"slice": {total, index}}). */
static unsigned slice_of(const char *text, unsigned total) {
  qe_point_id id;
  qe_point_id_parse(text, strlen(text), &id);
  return (unsigned)(qe_point_id_slice_hash(&id) % total);
}

static void test_slice_hash(void) {
  CHECK(slice_of("0", 2) == 1);
  CHECK(slice_of("1", 2) == 0);
  CHECK(slice_of("19", 7) == 0);
  CHECK(slice_of("0", 7) == 3);
  CHECK(slice_of("10", 7) == 5);
  CHECK(slice_of("18446744073709551615", 7) == 4);
  CHECK(slice_of("9223372036854775808", 7) == 6);
  CHECK(slice_of("550e8400-e29b-41d4-a716-446655440000", 7) == 0);
  CHECK(slice_of("00000000-0000-0000-0000-000000000001", 7) == 1);
  CHECK(slice_of("ffffffff-ffff-ffff-ffff-ffffffffffff", 3) == 2);
  CHECK(slice_of("00000000-0000-0000-0000-000000000001", 3) == 0);
}

int main(void) {
  test_uuid_forms();
  test_integers();
  test_to_json();
  test_path_ids();
  test_order();
  test_siphash();
  test_slice_hash();
  return check_report("test_point_id");
}

/* test_json.c — qe_json values, parsing, emitting and randomised round-trips. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "qedge/json.h"

static qe_json *parse(const char *s, qe_error *e) {
  qe_json *v = NULL;
  qe_json_parse(s, strlen(s), NULL, &v, e);
  return v;
}

/* Parse then emit compactly; the caller frees. */
static char *roundtrip(const char *s) {
  qe_error e = {0};
  qe_json *v = parse(s, &e);
  if (!v) return NULL;
  char *out = qe_json_to_string(v, 0, NULL);
  qe_json_free(v);
  return out;
}

static void check_rt(const char *in, const char *expect) {
  char *out = roundtrip(in);
  CHECK_STR(out, expect);
  qe_free(out);
}

static void test_scalars(void) {
  check_rt("null", "null");
  check_rt("true", "true");
  check_rt("[false]", "[false]");
  check_rt("0", "0");
  check_rt("-9223372036854775808", "-9223372036854775808");
  check_rt("9223372036854775807", "9223372036854775807");
  check_rt("18446744073709551615", "18446744073709551615");
  check_rt("1.5", "1.5");
  check_rt("1.0", "1.0");
  check_rt("0.1", "0.1");
  check_rt("1e300", "1e+300");
  check_rt("\"h\\u00e9llo \\n\"", "\"h\xc3\xa9llo \\n\"");
  qe_error e = {0};
  qe_json *v = parse("18446744073709551615", &e);
  uint64_t u = 0;
  CHECK(qe_json_kind_of(v) == QE_JSON_UINT && qe_json_get_u64(v, &u) && u == UINT64_MAX);
  int64_t i;
  CHECK(!qe_json_get_i64(v, &i));
  qe_json_free(v);
  v = parse("18446744073709551616", &e); /* beyond u64: a double */
  CHECK(qe_json_kind_of(v) == QE_JSON_DOUBLE);
  qe_json_free(v);
  v = parse("-9223372036854775809", &e);
  CHECK(qe_json_kind_of(v) == QE_JSON_DOUBLE);
  qe_json_free(v);
  v = parse("42", &e);
  CHECK(qe_json_kind_of(v) == QE_JSON_INT && qe_json_get_u64(v, &u) && u == 42);
  qe_json_free(v);
  /* canonical integers: uint constructor of a small value gives an int */
  qe_json *a = qe_json_new_uint(7), *b = qe_json_new_int(7);
  CHECK(qe_json_kind_of(a) == QE_JSON_INT && qe_json_equal(a, b));
  qe_json_free(a);
  qe_json_free(b);
  /* 1 and 1.0 are different values */
  a = parse("1", &e);
  b = parse("1.0", &e);
  CHECK(!qe_json_equal(a, b));
  qe_json_free(a);
  qe_json_free(b);
  /* NaN emits as null */
  a = qe_json_new_double(NAN);
  char *s = qe_json_to_string(a, 0, NULL);
  CHECK_STR(s, "null");
  qe_free(s);
  qe_json_free(a);
}

static void test_errors(void) {
  qe_error e = {0};
  qe_json *v = NULL;
  CHECK(qe_json_parse("{\"a\": [1, 2,, 3]}", 16, NULL, &v, &e) == QE_EPARSE);
  CHECK(v == NULL);
  CHECK(strstr(e.message, "at byte") != NULL);
  CHECK(qe_json_parse("", 0, NULL, &v, &e) == QE_EPARSE);
  CHECK(qe_json_parse("[1] x", 5, NULL, &v, &e) == QE_EPARSE);
  qe_json_parse_opts trailing = {.allow_trailing = true};
  CHECK(qe_json_parse("[1] x", 5, &trailing, &v, &e) == 0);
  qe_json_free(v);
  /* invalid UTF-8 inside a string: rejected with the byte offset */
  const char bad[] = "[\"ok\", \"\xc3\x28\"]";
  CHECK(qe_json_parse(bad, sizeof bad - 1, NULL, &v, &e) == QE_EPARSE);
  CHECK(strstr(e.message, "byte") != NULL);
  const char overlong[] = "\"\xc0\xaf\"";
  CHECK(qe_json_parse(overlong, sizeof overlong - 1, NULL, &v, &e) == QE_EPARSE);
  const char surrogate[] = "\"\xed\xa0\x80\"";
  CHECK(qe_json_parse(surrogate, sizeof surrogate - 1, NULL, &v, &e) == QE_EPARSE);
  const char badkey[] = "{\"\xff\": 1}";
  CHECK(qe_json_parse(badkey, sizeof badkey - 1, NULL, &v, &e) == QE_EPARSE);
  /* size limit */
  qe_json_parse_opts small = {.max_size = 4};
  CHECK(qe_json_parse("[1,2,3]", 7, &small, &v, &e) == QE_ELIMIT);
  /* depth limit: 128 by default, configurable */
  char deep[600];
  size_t n = 0;
  for (int i = 0; i < 200; i++)
    deep[n++] = '[';
  for (int i = 0; i < 200; i++)
    deep[n++] = ']';
  CHECK(qe_json_parse(deep, n, NULL, &v, &e) == QE_ELIMIT);
  CHECK(strstr(e.message, "128") != NULL);
  qe_json_parse_opts deeper = {.max_depth = 300};
  CHECK(qe_json_parse(deep, n, &deeper, &v, &e) == 0);
  /* deeper than the writer allows: refused, not truncated */
  qe_buf b = {0};
  CHECK(qe_json_emit(v, 0, &b, &e) == QE_ELIMIT);
  CHECK(b.len == 0);
  qe_buf_free(&b);
  qe_json_free(v);
  n = 0;
  for (int i = 0; i < 128; i++)
    deep[n++] = '[';
  for (int i = 0; i < 128; i++)
    deep[n++] = ']';
  CHECK(qe_json_parse(deep, n, NULL, &v, &e) == 0);
  qe_json_free(v);
  /* strings are validated on construction */
  CHECK(qe_json_new_string("\xff", 1, &e) == NULL && e.code == QE_EINVAL);
  qe_json *o = qe_json_new_object();
  CHECK(qe_json_object_setn(o, "\xfe", 1, qe_json_new_null()) == QE_EINVAL);
  qe_json_free(o);
}

static void test_objects(void) {
  qe_json *o = qe_json_new_object();
  char key[16];
  for (int i = 0; i < 100; i++) {
    snprintf(key, sizeof key, "k%d", i);
    CHECK(qe_json_object_set(o, key, qe_json_new_int(i)) == 0);
  }
  CHECK(qe_json_object_len(o) == 100);
  int64_t x;
  CHECK(qe_json_get_i64(qe_json_object_get(o, "k57"), &x) && x == 57);
  CHECK(qe_json_object_get(o, "k100") == NULL);
  /* replacing keeps the position */
  CHECK(qe_json_object_set(o, "k3", qe_json_new_cstr("three")) == 0);
  CHECK_STR(qe_json_object_key_at(o, 3, NULL), "k3");
  CHECK_STR(qe_json_get_string(qe_json_object_value_at(o, 3), NULL), "three");
  /* take keeps the order of the rest and the index working */
  for (int i = 0; i < 95; i++) {
    snprintf(key, sizeof key, "k%d", i);
    qe_json *t = qe_json_object_take(o, key, strlen(key));
    CHECK(t != NULL);
    qe_json_free(t);
  }
  CHECK(qe_json_object_len(o) == 5);
  CHECK_STR(qe_json_object_key_at(o, 0, NULL), "k95");
  CHECK(qe_json_get_i64(qe_json_object_get(o, "k99"), &x) && x == 99);
  CHECK(qe_json_object_take(o, "nope", 4) == NULL);
  char *s = qe_json_to_string(o, 0, NULL);
  CHECK_STR(s, "{\"k95\":95,\"k96\":96,\"k97\":97,\"k98\":98,\"k99\":99}");
  qe_free(s);
  qe_json_free(o);
  /* duplicate keys in text: the last wins, first position kept */
  char *rt = roundtrip("{\"a\":1,\"b\":2,\"a\":3}");
  CHECK_STR(rt, "{\"a\":3,\"b\":2}");
  qe_free(rt);
  /* keys with NUL bytes survive */
  rt = roundtrip("{\"a\\u0000b\":\"x\\u0000y\"}");
  CHECK_STR(rt, "{\"a\\u0000b\":\"x\\u0000y\"}");
  qe_free(rt);
  /* equality ignores member order */
  qe_error e = {0};
  qe_json *a = parse("{\"x\":[1,{\"y\":null}],\"z\":\"s\"}", &e);
  qe_json *b = parse("{\"z\":\"s\",\"x\":[1,{\"y\":null}]}", &e);
  CHECK(qe_json_equal(a, b));
  qe_json *c = qe_json_clone(a);
  CHECK(qe_json_equal(a, c));
  qe_json_free(a);
  qe_json_free(b);
  qe_json_free(c);
}

static void test_f32(void) {
  float data[] = {0.1f, 1.0f, -2.5f, 3.4028235e38f, 1.17549435e-38f, 1e-45f, 0.0f, 123456.7f};
  qe_json *v = qe_json_new_f32(data, 8);
  char *s = qe_json_to_string(v, 0, NULL);
  CHECK_STR(s, "[0.1,1.0,-2.5,3.4028235e+38,1.1754944e-38,1e-45,0.0,123456.7]");
  qe_error e = {0};
  qe_json *back = parse(s, &e);
  CHECK(qe_json_equal(v, back)); /* an f32 array equals the same numbers */
  qe_free(s);
  qe_json_free(back);
  qe_json_free(v);
  /* shortest: every float of many random bit patterns reads back exactly,
   * and no shorter precision would */
  srand(12345);
  int exact = 0, shortest = 0, total = 0;
  for (int i = 0; i < 20000; i++) {
    uint32_t bits = ((uint32_t)rand() << 16) ^ (uint32_t)rand();
    float f;
    memcpy(&f, &bits, 4);
    if (!isfinite(f)) continue;
    total++;
    char buf[32]; /* the documented minimum */
    qe_format_f32(f, buf);
    if (strtof(buf, NULL) == f) exact++;
    /* count significant digits written */
    int digits = 0;
    bool leading = true;
    for (char *p = buf; *p && *p != 'e'; p++) {
      if (*p >= '1' && *p <= '9') leading = false;
      if (!leading && *p >= '0' && *p <= '9') digits++;
    }
    char shorter[400];
    snprintf(shorter, sizeof shorter, "%.*g", digits > 1 ? digits - 1 : 1, (double)f);
    if (digits <= 1 || strtof(shorter, NULL) != f || strstr(buf, ".0") != NULL) shortest++;
  }
  CHECK(exact == total);
  CHECK(shortest == total);
  /* doubles round-trip too */
  int dexact = 0, dtotal = 0;
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^ (uint64_t)rand();
    double d;
    memcpy(&d, &bits, 8);
    if (!isfinite(d)) continue;
    dtotal++;
    char buf[32]; /* the documented minimum: ASan sees any overrun */
    qe_format_f64(d, buf);
    if (strtod(buf, NULL) == d) dexact++;
  }
  CHECK(dexact == dtotal);
}

/* ---- randomised trees: emit → parse → equal, emit again → same text */

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static qe_json *random_value(int depth) {
  int k = (int)(next_rand() % (depth > 5 ? 7 : 10));
  switch (k) {
  case 0:
    return qe_json_new_null();
  case 1:
    return qe_json_new_bool(next_rand() & 1);
  case 2:
    return qe_json_new_int((int64_t)next_rand());
  case 3:
    return qe_json_new_uint(next_rand() | (1ull << 63));
  case 4: {
    uint64_t bits = next_rand();
    double d;
    memcpy(&d, &bits, 8);
    if (!isfinite(d)) d = 0.5;
    return qe_json_new_double(d);
  }
  case 5: {
    char s[32];
    size_t n = next_rand() % 12;
    for (size_t i = 0; i < n; i++)
      s[i] = (char)(32 + next_rand() % 95);
    if (n > 2 && (next_rand() & 1)) {
      s[0] = '\xc3'; /* é */
      s[1] = '\xa9';
    }
    return qe_json_new_string(s, n, NULL);
  }
  case 6: {
    size_t n = next_rand() % 16;
    float f[16];
    for (size_t i = 0; i < n; i++) {
      uint32_t bits = (uint32_t)next_rand();
      memcpy(&f[i], &bits, 4);
      if (!isfinite(f[i])) f[i] = 1.25f;
    }
    return qe_json_new_f32(f, n);
  }
  case 7:
  case 8: {
    qe_json *a = qe_json_new_array();
    size_t n = next_rand() % 5;
    for (size_t i = 0; i < n; i++)
      qe_json_array_push(a, random_value(depth + 1));
    return a;
  }
  default: {
    qe_json *o = qe_json_new_object();
    size_t n = next_rand() % 12;
    for (size_t i = 0; i < n; i++) {
      char key[16];
      snprintf(key, sizeof key, "k%u", (unsigned)(next_rand() % 20));
      qe_json_object_set(o, key, random_value(depth + 1));
    }
    return o;
  }
  }
}

static void test_random_roundtrip(void) {
  int ok = 0, stable = 0;
  const int trials = 3000;
  for (int t = 0; t < trials; t++) {
    qe_json *v = random_value(0);
    char *s1 = qe_json_to_string(v, t & 1 ? QE_EMIT_PRETTY : 0, NULL);
    qe_error e = {0};
    qe_json *back = NULL;
    if (s1 && qe_json_parse(s1, strlen(s1), NULL, &back, &e) == 0 && qe_json_equal(v, back))
      ok++;
    else
      fprintf(stderr, "round-trip failed: %s (%s)\n", s1 ? s1 : "(emit failed)", e.message);
    /* once f32 arrays have become plain numbers, the text is a fixed point */
    char *s2 = back ? qe_json_to_string(back, 0, NULL) : NULL;
    qe_json *again = NULL;
    char *s3 = NULL;
    if (s2 && qe_json_parse(s2, strlen(s2), NULL, &again, &e) == 0)
      s3 = qe_json_to_string(again, 0, NULL);
    if (s2 && s3 && strcmp(s2, s3) == 0)
      stable++;
    else
      fprintf(stderr, "unstable:\n%s\n%s\n", s2 ? s2 : "-", s3 ? s3 : "-");
    qe_free(s3);
    qe_json_free(again);
    qe_free(s1);
    qe_free(s2);
    qe_json_free(back);
    qe_json_free(v);
  }
  CHECK(ok == trials);
  CHECK(stable == trials);
}

/* Packed form: every random tree comes back equal (f32 stays f32, exact
 * doubles and u64), and damaged input is refused, never misread. */
static void test_pack(void) {
  int ok = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; t++) {
    qe_json *v = random_value(0);
    qe_buf b = {0};
    qe_json *back = NULL;
    qe_error e = {0};
    if (qe_json_pack(v, &b, &e) == 0 && qe_json_unpack(b.data, b.len, &back, &e) == 0 &&
        qe_json_equal(v, back) && qe_json_kind_of(back) == qe_json_kind_of(v))
      ok++;
    /* every truncation is refused */
    for (size_t cut = 0; cut < b.len; cut += 1 + b.len / 16) {
      qe_json *part = NULL;
      if (qe_json_unpack(b.data, cut, &part, &e) == 0) {
        /* a prefix can only parse if it is itself a complete value: never
         * for containers that were cut */
        CHECK(cut > 0);
        qe_json_free(part);
      }
    }
    qe_json_free(back);
    qe_json_free(v);
    qe_buf_free(&b);
  }
  CHECK(ok == trials);
  qe_json *v = NULL;
  qe_error e = {0};
  unsigned char bad_tag[] = {42};
  CHECK(qe_json_unpack(bad_tag, 1, &v, &e) == QE_ECORRUPT);
  unsigned char bad_utf8[] = {6, 1, 0xff};
  CHECK(qe_json_unpack(bad_utf8, 3, &v, &e) == QE_ECORRUPT);
  unsigned char trailing[] = {0, 0};
  CHECK(qe_json_unpack(trailing, 2, &v, &e) == QE_ECORRUPT);
  unsigned char huge_count[] = {7, 0xff, 0xff, 0xff, 0xff, 0x0f};
  CHECK(qe_json_unpack(huge_count, sizeof huge_count, &v, &e) == QE_ECORRUPT);
}

int main(void) {
  test_scalars();
  test_errors();
  test_objects();
  test_f32();
  test_random_roundtrip();
  test_pack();
  return check_report("test_json");
}

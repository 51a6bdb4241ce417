/* test_filter.c — Qdrant's filter semantics, rule by rule (section 3 of
 * ../shared/docs/qdrant-semantics.md). Each case runs a filter over a list
 * of payloads (point i has id i) and compares the ids that match.
 *
 * Expected results were checked by experiment against the project's oracle,
 * qdrant-edge-py 0.9.0 (same payloads, EdgeShard.scroll and count with the
 * filter). Where it differs from the fact sheet (written from Qdrant 1.19's
 * server source), the oracle wins:
 *   - match text / text_any / phrase without a payload index are
 *     token-based, with Qdrant's default text index tokenizer (word,
 *     lowercase): see test_match_text and test_tokenizer;
 *   - is_null {key} also matches an array holding a null (one level), like
 *     the field condition's is_null flag: see test_empty_null.
 * (qdrant-edge-py 0.7.2 still uses case-sensitive substrings and matches a
 * literal null only.) Its Python MatchValue(True) is sent as the integer 1,
 * so boolean matches were checked against Qdrant's source
 * (condition_checker.rs) instead. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "edge/datetime.h"
#include "edge/filter.h"
#include "edge/geo.h"
#include "qedge/base.h"
#include "qedge/json.h"
#include "qedge/model.h"

static qe_json *J(const char *text) {
  qe_json *v = NULL;
  if (qe_json_parse(text, strlen(text), NULL, &v, NULL)) {
    fprintf(stderr, "bad test JSON: %s\n", text);
    exit(2);
  }
  return v;
}

/* Points with a vector "" and, for even ids, a vector "img". */
static bool has_vec(void *ud, const char *name) {
  const qe_point_id *id = ud;
  return name[0] == '\0' || (strcmp(name, "img") == 0 && id->num % 2 == 0);
}

static int registry_rejects;

/* Ids (indexes) of the payloads that pass the filter, space separated; or
 * "ERR <path>: <message>" when it does not compile. */
static const char *run_ids(const char *payloads, const char *filter, const qe_point_id *ids) {
  static char out[2048];
  qe_json *pl = J(payloads), *f = J(filter);
  qe_error e = {0};
  /* The registry's Filter model must accept every filter we compile. */
  qe_json *copy = qe_json_clone(f);
  if (qe_model_check_name("Filter", copy, QE_CHECK_COERCE, NULL, &e) != QE_OK) {
    registry_rejects++;
    fprintf(stderr, "registry rejects %s: %s: %s\n", filter, e.path, e.message);
  }
  qe_json_free(copy);
  qe_error_clear(&e);
  qe_filter *cf = NULL;
  out[0] = '\0';
  if (qe_filter_compile(f, &cf, &e)) {
    snprintf(out, sizeof out, "ERR %s: %s", e.path, e.message);
  } else {
    size_t n = qe_json_array_len(pl), len = 0;
    for (size_t i = 0; i < n; i++) {
      qe_point_view pv = {ids ? ids[i] : qe_point_id_from_u64(i), qe_json_array_at(pl, i), has_vec,
                          NULL};
      pv.ud = &pv.id;
      if (qe_filter_match(cf, &pv))
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%zu", len ? " " : "", i);
    }
    qe_filter_free(cf);
  }
  qe_json_free(pl);
  qe_json_free(f);
  return out;
}

static const char *run(const char *payloads, const char *filter) {
  return run_ids(payloads, filter, NULL);
}

/* The error of a filter that must not compile: "path: message". */
static const char *compile_error(const char *filter) {
  static char out[QE_ERROR_PATH_MAX + QE_ERROR_MESSAGE_MAX + 8];
  qe_json *f = J(filter);
  qe_filter *cf = NULL;
  qe_error e = {0};
  int rc = qe_filter_compile(f, &cf, &e);
  snprintf(out, sizeof out, "%s: %s", e.path, e.message);
  if (rc == QE_OK) snprintf(out, sizeof out, "compiled");
  qe_filter_free(cf);
  qe_json_free(f);
  return out;
}

static bool starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ------------------------------------------------------------ boolean */

static const char *ABC =
    "[{\"a\":1,\"b\":1,\"c\":1},{\"a\":1,\"b\":1},{\"a\":1},{},{\"b\":1,\"c\":1}]";
#define A "{\"key\":\"a\",\"match\":{\"value\":1}}"
#define B "{\"key\":\"b\",\"match\":{\"value\":1}}"
#define C "{\"key\":\"c\",\"match\":{\"value\":1}}"

static void test_boolean(void) {
  CHECK_STR(run(ABC, "{\"must\":[" A "," B "]}"), "0 1");
  CHECK_STR(run(ABC, "{\"must\":" A "}"), "0 1 2"); /* one condition, not a list */
  CHECK_STR(run(ABC, "{\"should\":[" A "," C "]}"), "0 1 2 4");
  CHECK_STR(run(ABC, "{\"should\":" C "}"), "0 4");
  CHECK_STR(run(ABC, "{\"must_not\":[" A "," B "]}"), "3");
  CHECK_STR(run(ABC, "{\"must_not\":" A "}"), "3 4");
  CHECK_STR(run(ABC, "{\"must\":" A ",\"should\":[" B "," C "],\"must_not\":" C "}"), "1");
  CHECK_STR(run(ABC, "{}"), "0 1 2 3 4");
  CHECK_STR(run(ABC, "{\"must\":null,\"should\":null}"), "0 1 2 3 4");
  /* Empty lists: must/must_not no-ops; should [] matches all at top level. */
  CHECK_STR(run(ABC, "{\"must\":[]}"), "0 1 2 3 4");
  CHECK_STR(run(ABC, "{\"must_not\":[]}"), "0 1 2 3 4");
  CHECK_STR(run(ABC, "{\"should\":[]}"), "0 1 2 3 4");
  CHECK_STR(run(ABC, "{\"should\":[],\"must\":" B "}"), "0 1 4");
  /* A nested filter as a condition is optimised like the top level too. */
  CHECK_STR(run(ABC, "{\"must\":[{\"should\":[]}]}"), "0 1 2 3 4");
  CHECK_STR(run(ABC, "{\"must_not\":[{\"should\":[]}]}"), "");
  CHECK_STR(run(ABC, "{\"must\":[{\"should\":[" B "," C "]}, {\"must_not\":" C "}]}"), "1");
  /* min_should: at least min_count of the conditions. */
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[" A "," B "," C "],\"min_count\":2}}"),
            "0 1 4");
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[" A "," B "," C "],\"min_count\":3}}"), "0");
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[" A "," B "," C "],\"min_count\":1}}"),
            "0 1 2 4");
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[" A "],\"min_count\":2}}"), "");
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[],\"min_count\":1}}"), "");
  /* EDGE 0.9.0 ignores an empty min_should when the top-level must/should
   * holds a has_id (its id-driven read path); Qdrant's checkers, and we,
   * match nothing. */
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[],\"min_count\":1},"
                     "\"must\":{\"has_id\":[0,1]}}"),
            "");
  CHECK_STR(run(ABC, "{\"min_should\":{\"conditions\":[" A "," C "],\"min_count\":1},"
                     "\"must_not\":" B "}"),
            "2");

  /* A NULL filter (or JSON null) passes everything. */
  qe_filter *f = (qe_filter *)1;
  qe_json *null = J("null");
  CHECK(qe_filter_compile(null, &f, NULL) == QE_OK && f == NULL);
  qe_point_view pv = {qe_point_id_from_u64(1), NULL, NULL, NULL};
  CHECK(qe_filter_match(NULL, &pv));
  qe_json_free(null);
}

/* ------------------------------------------------------------ match */

/* Qdrant's type rules for match, from qdrant-edge-py runs over these. */
static const char *TYPES =
    "[{\"a\":1},{\"a\":1.0},{\"a\":\"1\"},{\"a\":true},{\"a\":[1,2]},{\"a\":[[1]]},{\"a\":null},"
    "{},{\"a\":[]},{\"a\":{\"x\":1}},{\"a\":1.5},{\"a\":[null]},{\"a\":false},{\"a\":0},"
    "{\"a\":18446744073709551615},{\"a\":-7}]";

static const char *m(const char *match) {
  static char f[512];
  snprintf(f, sizeof f, "{\"must\":[{\"key\":\"a\",\"match\":%s}]}", match);
  return run(TYPES, f);
}

static void test_match_value(void) {
  /* Integers match JSON integers only: 1.0 (a float) does not match 1. */
  CHECK_STR(m("{\"value\":1}"), "0 4");
  CHECK_STR(m("{\"value\":-7}"), "15");
  CHECK_STR(m("{\"value\":0}"), "13"); /* not false */
  CHECK_STR(m("{\"value\":\"1\"}"), "2");
  CHECK_STR(m("{\"value\":true}"), "3"); /* booleans only match booleans */
  CHECK_STR(m("{\"value\":false}"), "12");
  CHECK_STR(run("[{\"s\":\"Red\"},{\"s\":\"red\"},{\"s\":\"red \"}]",
                "{\"must\":{\"key\":\"s\",\"match\":{\"value\":\"red\"}}}"),
            "1"); /* exact and case-sensitive */
  /* A u64 above i64::MAX is not an i64: no integer match, except passes. */
  CHECK_STR(m("{\"any\":[1,2]}"), "0 4");
  CHECK_STR(m("{\"any\":[\"1\"]}"), "2");
  CHECK_STR(m("{\"any\":[]}"), "");
  CHECK_STR(m("{\"any\":[-7,0]}"), "13 15");
}

static void test_match_except(void) {
  /* Missing, null and [] never match; bools, objects, floats, nested arrays
   * and values of the other type always do. */
  CHECK_STR(m("{\"except\":[1]}"), "1 2 3 4 5 9 10 12 13 14 15");
  CHECK_STR(m("{\"except\":[\"1\"]}"), "0 1 3 4 5 9 10 12 13 14 15");
  CHECK_STR(m("{\"except\":[]}"), "0 1 2 3 4 5 9 10 12 13 14 15");
  CHECK_STR(m("{\"except\":[2]}"), "0 1 2 3 4 5 9 10 12 13 14 15");
  CHECK_STR(m("{\"except\":[1,2]}"), "1 2 3 5 9 10 12 13 14 15");
  CHECK_STR(run("[{\"a\":null},{\"a\":[null]},{\"a\":[null,1]},{\"a\":[[]]},{\"a\":[]}]",
                "{\"must\":{\"key\":\"a\",\"match\":{\"except\":[1]}}}"),
            "3");
}

static const char *TEXTS = "[{\"t\":\"Hello World\"},{\"t\":\"hello world\"},"
                           "{\"t\":[\"xx\",\"Hello\"]},{\"t\":5},{\"t\":null},"
                           "{\"t\":\"World Hello\"},{\"t\":\"\"},{\"t\":\"Helloworld\"}]";

static const char *t(const char *match) {
  static char f[512];
  snprintf(f, sizeof f, "{\"must\":[{\"key\":\"t\",\"match\":%s}]}", match);
  return run(TEXTS, f);
}

/* Without a payload index, text / text_any / phrase tokenize the query and
 * each string value as Qdrant's default text index does (word tokenizer,
 * lowercase), an array's strings one by one. */
static void test_match_text(void) {
  /* text: every query token is a token of the value, in any order. */
  CHECK_STR(t("{\"text\":\"Hello\"}"), "0 1 2 5");
  CHECK_STR(t("{\"text\":\"hello\"}"), "0 1 2 5");
  CHECK_STR(t("{\"text\":\"HELLO world\"}"), "0 1 5");
  CHECK_STR(t("{\"text\":\"world, hello!\"}"), "0 1 5");
  CHECK_STR(t("{\"text\":\"hello wor\"}"), ""); /* whole tokens, not substrings */
  CHECK_STR(t("{\"text\":\"llo\"}"), "");
  /* No query tokens: nothing matches. */
  CHECK_STR(t("{\"text\":\"\"}"), "");
  CHECK_STR(t("{\"text\":\" ,;\"}"), "");
  /* text_any: some query token is a token of the value. */
  CHECK_STR(t("{\"text_any\":\"foo World\"}"), "0 1 5");
  CHECK_STR(t("{\"text_any\":\"xyz llo\"}"), "");
  CHECK_STR(t("{\"text_any\":\"xx-nope\"}"), "2"); /* split like the values, not on spaces */
  CHECK_STR(t("{\"text_any\":\"\\u3000World\\tnope\"}"), "0 1 5");
  CHECK_STR(t("{\"text_any\":\"   \"}"), "");
  CHECK_STR(t("{\"text_any\":\"\"}"), "");
  /* phrase: the query tokens are consecutive tokens of the value, in order;
   * an array's strings are not joined. */
  CHECK_STR(t("{\"phrase\":\"Hello World\"}"), "0 1");
  CHECK_STR(t("{\"phrase\":\"world hello\"}"), "5");
  CHECK_STR(t("{\"phrase\":\"hello\"}"), "0 1 2 5");
  CHECK_STR(t("{\"phrase\":\"o W\"}"), "");
  CHECK_STR(t("{\"phrase\":\"xx hello\"}"), "");
  CHECK_STR(t("{\"phrase\":\"\"}"), "");
  /* prefix stays a case-sensitive starts_with on the whole string. */
  CHECK_STR(t("{\"prefix\":\"Hello\"}"), "0 2 7");
  CHECK_STR(t("{\"prefix\":\"hello\"}"), "1");
  CHECK_STR(t("{\"prefix\":\"World\"}"), "5");
  CHECK_STR(t("{\"prefix\":\"\"}"), "0 1 2 5 6 7");
  CHECK_STR(t("{\"prefix\":\"World Hello!\"}"), "");
  /* Non-strings never match; nested arrays are not searched. */
  CHECK_STR(
      run("[{\"n\":5},{\"n\":\"5\"}]", "{\"must\":{\"key\":\"n\",\"match\":{\"text\":\"5\"}}}"),
      "1");
  CHECK_STR(run("[{\"n\":[[\"a\"]]},{\"n\":{\"x\":\"a\"}},{\"n\":[\"b\",\"a\"]}]",
                "{\"must\":{\"key\":\"n\",\"match\":{\"text_any\":\"a\"}}}"),
            "2");
}

/* Qdrant's word tokenizer: tokens are maximal runs of Rust
 * char::is_alphanumeric code points (anything else splits, `_` and `'`
 * too), lowercased with Rust's str::to_lowercase (full Unicode, Greek
 * final sigma per token); no ASCII folding, stemming, stopwords or length
 * limits. */
static const char *UNI = /* ids 0..19 */
    "[{\"t\":\"Stra\\u00dfe\"},{\"t\":\"STRASSE\"},{\"t\":\"\\u00c9COLE \\u00e9cole\"},"
    "{\"t\":\"ecole\"},{\"t\":\"e\\u0301cole\"},"
    "{\"t\":\"\\u4eca\\u5929\\u662f\\u661f\\u671f\\u4e00\"},{\"t\":\"\\u4eca\\u5929 \\u662f\"},"
    "{\"t\":\"abc123 x_y\"},{\"t\":\"don't stop\"},{\"t\":\"smile\\ud83d\\ude00face\"},"
    "{\"t\":\"\\u039f\\u0394\\u039f\\u03a3\"},{\"t\":\"\\u03bf\\u03b4\\u03bf\\u03c3\"},"
    "{\"t\":\"\\u0130stanbul\"},{\"t\":\"istanbul\"},{\"t\":\"\\u212a\"},{\"t\":\"\\u01c5emal\"},"
    "{\"t\":\"x\\u00b2\"},{\"t\":\"\\u216b\"},{\"t\":\"a-b-c\"},{\"t\":\"a b a c\"}]";

static const char *u(const char *match) {
  static char f[512];
  snprintf(f, sizeof f, "{\"must\":[{\"key\":\"t\",\"match\":%s}]}", match);
  return run(UNI, f);
}

static void test_tokenizer(void) {
  /* Full Unicode lowercase, but no folding: ß stays ß, É becomes é. */
  CHECK_STR(u("{\"text\":\"stra\\u00dfe\"}"), "0");
  CHECK_STR(u("{\"text\":\"STRASSE\"}"), "1");
  CHECK_STR(u("{\"text\":\"\\u00e9cole\"}"), "2");
  CHECK_STR(u("{\"text\":\"\\u00c9COLE\"}"), "2");
  CHECK_STR(u("{\"text\":\"ecole\"}"), "3");
  /* A combining mark is not alphanumeric: e + U+0301 + cole is "e", "cole". */
  CHECK_STR(u("{\"text\":\"cole\"}"), "4");
  CHECK_STR(u("{\"text\":\"e\"}"), "4");
  /* CJK ideographs are alphanumeric: a run of them is one token. */
  CHECK_STR(u("{\"text\":\"\\u4eca\\u5929\"}"), "6");
  CHECK_STR(u("{\"text\":\"\\u4eca\\u5929\\u662f\\u661f\\u671f\\u4e00\"}"), "5");
  CHECK_STR(u("{\"text\":\"\\u662f\"}"), "6");
  /* Digits join letters; `_`, `'`, `-` and emoji split. */
  CHECK_STR(u("{\"text\":\"123\"}"), "");
  CHECK_STR(u("{\"text\":\"abc123\"}"), "7");
  CHECK_STR(u("{\"text\":\"x_y\"}"), "7");
  CHECK_STR(u("{\"text\":\"y\"}"), "7");
  CHECK_STR(u("{\"text\":\"t\"}"), "8");
  CHECK_STR(u("{\"text\":\"smile\"}"), "9");
  CHECK_STR(u("{\"text\":\"\\ud83d\\ude00\"}"), ""); /* no tokens */
  CHECK_STR(u("{\"text\":\"x\\u00b2\"}"), "16");     /* superscript two is numeric */
  CHECK_STR(u("{\"text\":\"x\"}"), "7");
  /* Final sigma: word-final capital sigma lowercases to U+03C2. */
  CHECK_STR(u("{\"text\":\"\\u03bf\\u03b4\\u03bf\\u03c2\"}"), "10");
  CHECK_STR(u("{\"text\":\"\\u039f\\u0394\\u039f\\u03a3\"}"), "10");
  CHECK_STR(u("{\"text\":\"\\u03bf\\u03b4\\u03bf\\u03c3\"}"), "11");
  /* U+0130 lowercases to i + U+0307; Kelvin sign to k; title-case and
   * Roman numerals fold too. */
  CHECK_STR(u("{\"text\":\"\\u0130stanbul\"}"), "12");
  CHECK_STR(u("{\"text\":\"istanbul\"}"), "13");
  CHECK_STR(u("{\"text\":\"i\"}"), "");
  CHECK_STR(u("{\"text\":\"k\"}"), "14");
  CHECK_STR(u("{\"text\":\"K\"}"), "14");
  CHECK_STR(u("{\"text\":\"\\u01c6emal\"}"), "15");
  CHECK_STR(u("{\"text\":\"\\u01c4EMAL\"}"), "15");
  CHECK_STR(u("{\"text\":\"\\u217b\"}"), "17");
  /* Tokens are a set for text, a sequence for phrase. */
  CHECK_STR(u("{\"text\":\"c a\"}"), "18 19");
  CHECK_STR(u("{\"phrase\":\"a c\"}"), "19"); /* after a false start at the first a */
  CHECK_STR(u("{\"phrase\":\"b a\"}"), "19");
  CHECK_STR(u("{\"phrase\":\"a b c\"}"), "18");
  CHECK_STR(u("{\"phrase\":\"c b a\"}"), "");
  CHECK_STR(u("{\"phrase\":\"x y\"}"), "7");
  CHECK_STR(u("{\"text_any\":\"stop \\u039f\\u0394\\u039f\\u03a3\"}"), "8 10");

  /* Final sigma in detail (Rust's rule: the nearest code point before that
   * is not Case_Ignorable is Cased, the nearest after is not Cased). Each
   * payload is one token; the query is its expected lowercase. */
  static const struct {
    const char *upper, *lower;
  } sigma[] = {
      {"A\\u03a3", "a\\u03c2"},                           /* final */
      {"\\u03a3", "\\u03c3"},                             /* nothing cased before */
      {"\\u03a3a", "\\u03c3a"},                           /* cased after */
      {"A\\u03a31", "a\\u03c21"},                         /* a digit is not cased */
      {"A1\\u03a3", "a1\\u03c3"},                         /* ... nor case-ignorable */
      {"a\\u02b0\\u03a3", "a\\u02b0\\u03c2"},             /* modifier letters are skipped */
      {"\\u02b0\\u03a3", "\\u02b0\\u03c3"},               /* and are not cased here */
      {"A\\u03a3\\u02b0", "a\\u03c2\\u02b0"},             /* nothing but them after */
      {"\\u03a3\\u03a3", "\\u03c3\\u03c2"},               /* the first is not final */
      {"\\u0391\\u03a3\\u0345", "\\u03b1\\u03c2\\u0345"}, /* U+0345 is ignorable */
      {"A\\u03a3\\u0308", "a\\u03c2"},                    /* U+0308 ends the token */
  };
  for (size_t i = 0; i < sizeof sigma / sizeof sigma[0]; i++) {
    char pl[128], f[128];
    snprintf(pl, sizeof pl, "[{\"t\":\"%s\"},{\"t\":\"x\"}]", sigma[i].upper);
    snprintf(f, sizeof f, "{\"must\":{\"key\":\"t\",\"match\":{\"text\":\"%s\"}}}", sigma[i].lower);
    CHECK_STR(run(pl, f), "0");
  }

  /* Long tokens have no length limit. */
  char pl[1200], f[1200];
  memset(pl, 0, sizeof pl);
  strcpy(pl, "[{\"t\":\"");
  memset(pl + strlen(pl), 'A', 1000);
  strcat(pl, " b\"}]");
  snprintf(f, sizeof f, "{\"must\":{\"key\":\"t\",\"match\":{\"phrase\":\"%.*s B\"}}}", 1000,
           pl + 7);
  CHECK_STR(run(pl, f), "0");
  snprintf(f, sizeof f, "{\"must\":{\"key\":\"t\",\"match\":{\"text\":\"%.*s\"}}}", 999, pl + 7);
  CHECK_STR(run(pl, f), "");
}

/* ------------------------------------------------------------ range */

static void test_range(void) {
  const char *r[] = {"{\"gte\":1}",
                     "{\"gt\":1}",
                     "{\"lt\":1.5}",
                     "{}",
                     "{\"gt\":0,\"lt\":1}",
                     "{\"lte\":-7}",
                     "{\"gte\":1.8446744073709552e19}"};
  const char *want[] = {"0 1 4 10 14", "4 10 14", "0 1 4 13 15", "0 1 4 10 13 14 15", "",
                        "15",          "14"};
  for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
    char f[256];
    snprintf(f, sizeof f, "{\"must\":{\"key\":\"a\",\"range\":%s}}", r[i]);
    CHECK_STR(run(TYPES, f), want[i]);
  }
  /* Strings, bools and nulls never match a numeric range. */
  CHECK_STR(run("[{\"a\":\"5\"},{\"a\":true},{\"a\":[\"5\",5]}]",
                "{\"must\":{\"key\":\"a\",\"range\":{\"gte\":0}}}"),
            "2");
}

/* ------------------------------------------------------------ datetime */

static const char *DATES[] = {"2020-01-01T00:00:00Z",
                              "2020-01-01T00:00:00",
                              "2020-01-01 00:00:00",
                              "2020-01-01T00:00",
                              "2020-01-01 00:00",
                              "2020-01-01",
                              "2020-01-01T01:00:00+01:00",
                              "2020-01-01T01:00:00+0100",
                              "2020-01-01T01:00:00+01",
                              "2020-01-01 01:00:00+01:00",
                              "2020-01-01t00:00:00z",
                              "2020-01-01T00:00:00.000001Z",
                              "2019-12-31T23:59:59.999999Z",
                              "2020-1-1T0:0:0Z",
                              "2020-01-01T00:00:00 UTC",
                              "2020-01-01 00:00:00 +01:00",
                              "2020-01-01T00:00:00.0000009Z",
                              "2020-01-01T00:00Z",
                              "2020-01-01T00:00:00+01:00:00",
                              "2019-12-31T23:59:60Z",
                              "+2020-01-01T00:00:00Z",
                              " 2020-01-01T00:00:00Z",
                              "2020-01-01T00:00:00Z ",
                              "2020-01-01 00:00:00.5",
                              "2020-02-30",
                              "2020-01-01T24:00:00Z",
                              "2020-01-0100:00",
                              "2020-01-01T00:00:00\xe2\x88\x92"
                              "01:00",
                              "2020-01-01T00:00:00.Z",
                              "20200101",
                              "2020-01-01T00:00:00+24:00",
                              "2020-01-01T00:00:00-23:59",
                              "2020- 01-01 00:00",
                              "2020-01-01T00:00:00.123456789123Z"};

static const char *dates_payload(void) {
  static char buf[4096];
  size_t len = (size_t)snprintf(buf, sizeof buf, "[");
  for (size_t i = 0; i < sizeof DATES / sizeof DATES[0]; i++)
    len +=
        (size_t)snprintf(buf + len, sizeof buf - len, "%s{\"d\":\"%s\"}", i ? "," : "", DATES[i]);
  snprintf(buf + len, sizeof buf - len, "]");
  return buf;
}

static const char *dt_cmp(const char *value, const char *bound) {
  static char out[64];
  const char *ops[] = {"lt", "lte", "gte", "gt"};
  size_t len = 0;
  out[0] = '\0';
  for (int i = 0; i < 4; i++) {
    char pl[256], f[256];
    snprintf(pl, sizeof pl, "[{\"d\":\"%s\"}]", value);
    snprintf(f, sizeof f, "{\"must\":{\"key\":\"d\",\"range\":{\"%s\":\"%s\"}}}", ops[i], bound);
    const char *r = run(pl, f);
    if (starts(r, "ERR")) return "ERR";
    if (r[0]) len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", len ? " " : "", ops[i]);
  }
  return out;
}

static void test_datetime(void) {
  const char *pl = dates_payload();
  /* Every accepted form, offsets converted to UTC, microsecond precision
   * (qdrant-edge-py 0.9.0 gave the same three lists). */
  CHECK_STR(run(pl, "{\"must\":{\"key\":\"d\",\"range\":{\"gte\":\"2020-01-01T00:00:00Z\","
                    "\"lte\":\"2020-01-01T00:00:00Z\"}}}"),
            "0 1 2 3 4 5 6 7 8 9 10 13 14 16 20 21 22 26 32");
  CHECK_STR(run(pl, "{\"must\":{\"key\":\"d\",\"range\":{\"gt\":\"2020-01-01T00:00:00Z\"}}}"),
            "11 23 27 31 33");
  CHECK_STR(run(pl, "{\"must\":{\"key\":\"d\",\"range\":{\"lt\":\"2020-01-01T00:00:00Z\"}}}"),
            "12 15 19");
  /* Leap seconds sort after :59.999999 and before the next second. */
  CHECK_STR(dt_cmp("2019-12-31T23:59:60Z", "2019-12-31T23:59:59.999999Z"), "gte gt");
  CHECK_STR(dt_cmp("2019-12-31T23:59:60.5Z", "2020-01-01T00:00:00.5Z"), "lt lte");
  CHECK_STR(dt_cmp("2020-01-01T00:00:00Z", "2019-12-31T23:59:60Z"), "gte gt");
  CHECK_STR(dt_cmp("1960-01-01T00:00:00.5Z", "1960-01-01T00:00:00Z"), "gte gt");
  CHECK_STR(dt_cmp("-0001-01-01T00:00:00Z", "0001-01-01"), "lt lte");
  CHECK_STR(dt_cmp("2020-01-01T00:00:00,5Z", "2020-01-01"), "");
  CHECK_STR(dt_cmp("2020-01-01T10:00:00 +10", "2020-01-01"), "lte gte");
  CHECK_STR(dt_cmp("2020-01-01T00:00:00+00:60", "2020-01-01"), "");
  CHECK_STR(dt_cmp("2020-01-01T00:00:00+01 30", "2019-12-31T22:30:00Z"), "lte gte");
  CHECK_STR(dt_cmp("2020-01-01T00:00:00Z", "2020-01-01T00:00:00.0000001Z"), "lte gte");
  CHECK_STR(dt_cmp("2020-01-01 0:0", "2020-01-01"), "lte gte");
  CHECK_STR(dt_cmp("2024-02-29T12:00:00-05:30", "2024-02-29T17:30:00Z"), "lte gte");
  /* Bounds that do not parse are errors at compile time. */
  const char *bad[] = {"2020-01-01T00:00Z",
                       "2020-01-01T00:00:00+01:00:00",
                       "2020-02-30",
                       "2020-01-01T24:00:00Z",
                       "2020-01-01T00:00:00.Z",
                       "20200101",
                       "2020-01-01T00:00:00+24:00",
                       "2021-02-29",
                       ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char f[256];
    snprintf(f, sizeof f, "{\"must\":[{\"key\":\"d\",\"range\":{\"gte\":\"%s\"}}]}", bad[i]);
    const char *e = compile_error(f);
    CHECK(starts(e, "must[0].range.gte: '"));
    CHECK(strstr(e, "does not match accepted datetime format") != NULL);
  }
  /* Non-strings never match a datetime range. */
  CHECK_STR(run("[{\"d\":1577836800},{\"d\":[\"2020-01-01\"]}]",
                "{\"must\":{\"key\":\"d\",\"range\":{\"gte\":\"2019-01-01\"}}}"),
            "1");
  int64_t us = 0;
  CHECK(qe_parse_datetime("1970-01-01T00:00:01.5+00:00", 27, &us) && us == 1500000);
  CHECK(qe_parse_datetime("1969-12-31T23:59:59.25Z", 23, &us) && us == -750000);
  CHECK(qe_parse_datetime("2019-12-31T23:59:60Z", 20, &us) && us == 1577836800000000LL);
  CHECK(!qe_parse_datetime("yesterday", 9, &us));
}

/* ------------------------------------------------------------ values_count */

static void test_values_count(void) {
  const char *Q = "[{\"a\":[{\"b\":1},{\"b\":2}]},{\"a\":[{\"b\":[1,2]}]},{\"a\":[1,2,3]},"
                  "{\"a\":5},{\"a\":null},{},{\"a\":{\"x\":1}}]";
  /* array -> length, null -> 0, scalar/object -> 1, missing -> 0 */
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"a\",\"values_count\":{\"gte\":2}}}"), "0 2");
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"a\",\"values_count\":{\"lt\":1}}}"), "4 5");
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"a\",\"values_count\":{\"gte\":1,\"lte\":1}}}"), "1 3 6");
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"a\",\"values_count\":{\"gt\":2}}}"), "2");
  /* Each value found is counted on its own: a[].b of [{b:1},{b:2}] is two
   * values of one each, not one value of two. */
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"a[].b\",\"values_count\":{\"gte\":2}}}"), "1");
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"a[]\",\"values_count\":{\"gte\":1,\"lte\":1}}}"), "0 1 2");
  CHECK_STR(run(Q, "{\"must\":{\"key\":\"zzz\",\"values_count\":{\"lte\":0}}}"), "0 1 2 3 4 5 6");
}

/* ------------------------------------------------------------ is_empty / is_null */

static const char *NULLS =
    "[{\"a\":null},{\"a\":[]},{\"a\":[null]},{\"a\":1},{},{\"a\":[null,1]},{\"a\":[[]]},"
    "{\"a\":{}},{\"a\":\"\"},{\"a\":false}]";

static void test_empty_null(void) {
  /* is_empty: missing, null, []; not [null], not scalars or {}. */
  CHECK_STR(run(NULLS, "{\"must\":{\"is_empty\":{\"key\":\"a\"}}}"), "0 1 4");
  CHECK_STR(run(NULLS, "{\"must_not\":{\"is_empty\":{\"key\":\"a\"}}}"), "2 3 5 6 7 8 9");
  /* is_null: a null, or an array holding a null; missing and [] are not
   * null. The field-condition flag answers the same. */
  CHECK_STR(run(NULLS, "{\"must\":{\"is_null\":{\"key\":\"a\"}}}"), "0 2 5");
  CHECK_STR(run(NULLS, "{\"must_not\":{\"is_null\":{\"key\":\"a\"}}}"), "1 3 4 6 7 8 9");
  CHECK_STR(run("[{\"a\":[[null]]},{\"a\":[1,null]}]", "{\"must\":{\"is_null\":{\"key\":\"a\"}}}"),
            "1"); /* one level only */
  CHECK_STR(run(NULLS, "{\"must\":{\"key\":\"a\",\"is_null\":true}}"), "0 2 5");
  CHECK_STR(run(NULLS, "{\"must\":{\"key\":\"a\",\"is_null\":false}}"), "1 3 4 6 7 8 9");
  CHECK_STR(run(NULLS, "{\"must\":{\"key\":\"a\",\"is_empty\":true}}"), "0 1 4");
  CHECK_STR(run(NULLS, "{\"must\":{\"key\":\"a\",\"is_empty\":false}}"), "2 3 5 6 7 8 9");

  /* With [] in the path: is_empty when ALL extracted values are empty. */
  const char *P = "[{\"a\":null},{\"a\":[]},{\"a\":[null]},{\"a\":[[null]]},"
                  "{\"a\":[{\"b\":null}]},{\"a\":[{\"b\":[null]}]},"
                  "{\"a\":[{\"b\":1},{\"c\":2}]},{\"a\":{\"b\":null}},"
                  "{\"a\":[{\"b\":null},{\"b\":[]}]},{\"a\":[{\"b\":null},{\"b\":0}]}]";
  CHECK_STR(run(P, "{\"must\":{\"is_empty\":{\"key\":\"a[].b\"}}}"), "0 1 2 3 4 7 8");
  CHECK_STR(run(P, "{\"must\":{\"is_empty\":{\"key\":\"a[]\"}}}"), "0 1 2 7");
  /* is_null with [] in the path: some extracted value is null or holds one. */
  CHECK_STR(run(P, "{\"must\":{\"is_null\":{\"key\":\"a[].b\"}}}"), "4 5 8 9");
  CHECK_STR(run(P, "{\"must\":{\"key\":\"a[].b\",\"is_null\":true}}"), "4 5 8 9");
  CHECK_STR(run(P, "{\"must\":{\"is_null\":{\"key\":\"a[]\"}}}"), "2 3");
  CHECK_STR(run(P, "{\"must\":{\"is_null\":{\"key\":\"a[0]\"}}}"), "2 3");
  CHECK_STR(run(P, "{\"must\":{\"is_null\":{\"key\":\"a.b\"}}}"), "7");
  CHECK_STR(run(P, "{\"must\":{\"nested\":{\"key\":\"a\",\"filter\":{\"must\":"
                   "{\"is_null\":{\"key\":\"b\"}}}}}}"),
            "4 5 8 9");
  CHECK_STR(run(P, "{\"must\":{\"nested\":{\"key\":\"a\",\"filter\":{\"must\":"
                   "{\"is_empty\":{\"key\":\"b\"}}}}}}"),
            "4 6 8 9");
  /* No payload at all behaves like {}. */
  qe_json *f = J("{\"must\":[{\"is_empty\":{\"key\":\"x\"}},{\"key\":\"x\",\"values_count\":"
                 "{\"lt\":1}}],\"must_not\":{\"is_null\":{\"key\":\"x\"}}}");
  qe_filter *cf = NULL;
  CHECK(qe_filter_compile(f, &cf, NULL) == QE_OK);
  qe_point_view pv = {qe_point_id_from_u64(3), NULL, NULL, NULL};
  CHECK(qe_filter_match(cf, &pv));
  qe_filter_free(cf);
  qe_json_free(f);
}

/* Several checks in one field condition: values_count, then is_empty, then
 * is_null decide alone when present; the other checks are OR-ed. */
static void test_combined_checks(void) {
  CHECK_STR(
      run(TYPES, "{\"must\":{\"key\":\"a\",\"match\":{\"value\":1},\"range\":{\"gte\":1.5}}}"),
      "0 4 10 14");
  CHECK_STR(run(TYPES, "{\"must\":{\"key\":\"a\",\"match\":{\"value\":true},"
                       "\"values_count\":{\"gte\":2}}}"),
            "4");
  CHECK_STR(run(TYPES, "{\"must\":{\"key\":\"a\",\"match\":{\"value\":1},\"is_empty\":true}}"),
            "6 7 8");
  CHECK_STR(run(TYPES, "{\"must\":{\"key\":\"a\",\"values_count\":{\"gte\":2},"
                       "\"is_empty\":true}}"),
            "4");
  CHECK_STR(run(TYPES, "{\"must\":{\"key\":\"a\",\"is_null\":true,\"is_empty\":false}}"),
            "0 1 2 3 4 5 9 10 11 12 13 14 15");
}

/* ------------------------------------------------------------ paths */

static void test_paths(void) {
  const char *P = "[{\"a\":{\"b\":1}},{\"a\":[{\"b\":1}]},{\"a\":[{\"b\":2},{\"b\":1}]},"
                  "{\"a\":[[{\"b\":1}]]},{\"a.b\":1}]";
  /* `a.b` does not descend into arrays; `a[].b` does; `a[1].b` picks one. */
  CHECK_STR(run(P, "{\"must\":{\"key\":\"a.b\",\"match\":{\"value\":1}}}"), "0");
  CHECK_STR(run(P, "{\"must\":{\"key\":\"a[].b\",\"match\":{\"value\":1}}}"), "1 2");
  CHECK_STR(run(P, "{\"must\":{\"key\":\"a[1].b\",\"match\":{\"value\":1}}}"), "2");
  CHECK_STR(run(P, "{\"must\":{\"key\":\"a[][].b\",\"match\":{\"value\":1}}}"), "3");
  CHECK_STR(run(P, "{\"must\":{\"key\":\"\\\"a.b\\\"\",\"match\":{\"value\":1}}}"), "4");
  /* Arrays are checked one level deep only. */
  CHECK_STR(
      run("[{\"a\":[[1]]},{\"a\":[1]}]", "{\"must\":{\"key\":\"a\",\"match\":{\"any\":[1]}}}"),
      "1");
}

/* ------------------------------------------------------------ nested */

static const char *NESTED =
    "[{\"a\":[{\"x\":1,\"y\":2},{\"x\":2,\"y\":1}]},{\"a\":[{\"x\":1,\"y\":1}]},"
    "{\"a\":{\"x\":1,\"y\":1}},{\"a\":[1,{\"x\":1,\"y\":1}]},{\"a\":[[{\"x\":1,\"y\":1}]]},"
    "{\"b\":{\"a\":[{\"x\":1,\"y\":1}]}},{\"a\":[]},{}]";
#define X1 "{\"key\":\"x\",\"match\":{\"value\":1}}"
#define Y1 "{\"key\":\"y\",\"match\":{\"value\":1}}"

static const char *nested(const char *key, const char *inner) {
  static char f[512];
  snprintf(f, sizeof f, "{\"must\":[{\"nested\":{\"key\":\"%s\",\"filter\":%s}}]}", key, inner);
  return run(NESTED, f);
}

static void test_nested(void) {
  /* Plain a[].x and a[].y may be satisfied by different elements... */
  CHECK_STR(run(NESTED, "{\"must\":[{\"key\":\"a[].x\",\"match\":{\"value\":1}},"
                        "{\"key\":\"a[].y\",\"match\":{\"value\":1}}]}"),
            "0 1 3");
  /* ...nested needs one element to satisfy the whole inner filter. */
  CHECK_STR(nested("a", "{\"must\":[" X1 "," Y1 "]}"), "1 3");
  CHECK_STR(nested("a[]", "{\"must\":[" X1 "," Y1 "]}"), "1 3");
  CHECK_STR(nested("b.a", "{\"must\":[" X1 "," Y1 "]}"), "5");
  /* must_not is evaluated per element. */
  CHECK_STR(nested("a", "{\"must_not\":{\"key\":\"x\",\"match\":{\"value\":2}}}"), "0 1 3");
  CHECK_STR(run(NESTED, "{\"must_not\":{\"nested\":{\"key\":\"a\",\"filter\":"
                        "{\"must\":{\"key\":\"x\",\"match\":{\"value\":2}}}}}}"),
            "1 2 3 4 5 6 7");
  /* has_id, has_vector and slice are false inside nested. */
  CHECK_STR(nested("a", "{\"must\":{\"has_id\":[0,1,2,3]}}"), "");
  CHECK_STR(nested("a", "{\"must_not\":{\"has_id\":[0,1,2,3]}}"), "0 1 3");
  CHECK_STR(nested("a", "{\"must\":{\"has_vector\":\"\"}}"), "");
  CHECK_STR(nested("a", "{\"must\":{\"slice\":{\"total\":1,\"index\":0}}}"), "");
  /* Inner keys are relative to the element; the empty filter needs an
   * object element. */
  CHECK_STR(nested("a", "{\"must\":{\"is_empty\":{\"key\":\"z\"}}}"), "0 1 3");
  CHECK_STR(nested("a", "{}"), "0 1 3");
  /* Inside nested, `should: []` matches nothing (Qdrant's plain checker). */
  CHECK_STR(nested("a", "{\"should\":[]}"), "");
  CHECK_STR(nested("a", "{\"must\":{\"should\":[]}}"), "");
  /* Nested inside nested, and a nested key through an array. */
  const char *NN = "[{\"a\":[{\"b\":[{\"c\":1}]}]},{\"a\":[{\"b\":[{\"c\":2}]}]}]";
  CHECK_STR(run(NN, "{\"must\":{\"nested\":{\"key\":\"a\",\"filter\":{\"must\":{\"nested\":"
                    "{\"key\":\"b\",\"filter\":{\"must\":{\"key\":\"c\",\"match\":"
                    "{\"value\":1}}}}}}}}}"),
            "0");
  CHECK_STR(run(NN, "{\"must\":{\"nested\":{\"key\":\"a[].b\",\"filter\":{\"must\":"
                    "{\"key\":\"c\",\"match\":{\"value\":1}}}}}}"),
            "0");
}

/* ------------------------------------------------------------ ids, vectors, slices */

static void test_ids_vectors(void) {
  CHECK_STR(run(NESTED, "{\"must\":{\"has_id\":[1,3,100]}}"), "1 3");
  CHECK_STR(run(NESTED, "{\"must\":{\"has_id\":[]}}"), "");
  CHECK_STR(run(NESTED, "{\"must_not\":{\"has_id\":[0,1,2,3,4,5,6]}}"), "7");
  CHECK_STR(run(NESTED, "{\"must\":{\"has_vector\":\"\"}}"), "0 1 2 3 4 5 6 7");
  CHECK_STR(run(NESTED, "{\"must\":{\"has_vector\":\"img\"}}"), "0 2 4 6");
  CHECK_STR(run(NESTED, "{\"must\":{\"has_vector\":\"unknown\"}}"), "");

  /* UUID and integer ids mixed; UUIDs in any accepted form. */
  qe_point_id ids[4];
  ids[0] = qe_point_id_from_u64(5);
  qe_point_id_parse("550e8400-e29b-41d4-a716-446655440000", 36, &ids[1]);
  qe_point_id_parse("00000000-0000-0000-0000-000000000005", 36, &ids[2]);
  ids[3] = qe_point_id_from_u64(UINT64_MAX);
  const char *P = "[{},{},{},{}]";
  CHECK_STR(run_ids(P, "{\"must\":{\"has_id\":[\"550E8400E29B41D4A716446655440000\",5]}}", ids),
            "0 1");
  CHECK_STR(run_ids(P, "{\"must\":{\"has_id\":[18446744073709551615,5,5]}}", ids), "0 3");

  /* Slices: SipHash-2-4 of the id bytes modulo total, as qdrant-edge-py. */
  char pl[256] = "[";
  for (int i = 0; i < 20; i++)
    strcat(pl, i ? ",{}" : "{}");
  strcat(pl, "]");
  CHECK_STR(run(pl, "{\"must\":{\"slice\":{\"total\":7,\"index\":3}}}"), "0 2 3 15");
  CHECK_STR(run(pl, "{\"must\":{\"slice\":{\"total\":7,\"index\":2}}}"), "1 4 5 8 14 17");
  CHECK_STR(run(pl, "{\"must_not\":{\"slice\":{\"total\":2,\"index\":0}}}"),
            "0 2 6 8 11 13 15 16 17 18");
  CHECK_STR(run(pl, "{\"must\":{\"slice\":{\"total\":1,\"index\":0}}}"),
            "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19");
}

/* ------------------------------------------------------------ geo */

static const char *GEO =
    "[{\"l\":{\"lon\":0,\"lat\":0}},{\"l\":{\"lon\":1,\"lat\":1}},{\"l\":{\"lon\":2,\"lat\":2}},"
    "{\"l\":{\"lon\":1,\"lat\":0}},{\"l\":{\"lon\":0.5,\"lat\":0.5}},"
    "{\"l\":[{\"lon\":10,\"lat\":10},{\"lon\":1.5,\"lat\":1.5}]},{\"l\":{\"lon\":\"1\",\"lat\":1}},"
    "{\"l\":{\"lon\":1.5,\"lat\":1.5,\"x\":1}},{\"l\":[[{\"lon\":1.5,\"lat\":1.5}]]},"
    "{\"l\":{\"lat\":1.5}},{\"l\":{\"lon\":3.5,\"lat\":3.5}},{\"l\":{\"lon\":1,\"lat\":1.5}}]";

#define SQ(a, b)                                                                                   \
  "{\"points\":[{\"lon\":" #a ",\"lat\":" #a "},{\"lon\":" #b ",\"lat\":" #a "},{\"lon\":" #b      \
  ",\"lat\":" #b "},{\"lon\":" #a ",\"lat\":" #b "},{\"lon\":" #a ",\"lat\":" #a "}]}"

static void test_geo(void) {
  /* Polygon: boundary points are outside; holes cut out, their boundary too. */
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_polygon\":{\"exterior\":" SQ(0, 3) "}}}"),
            "1 2 4 5 7 11");
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_polygon\":{\"exterior\":" SQ(
                         0, 3) ","
                               "\"interiors\":[" SQ(1, 2) "]}}}"),
            "4");
  /* Bounding box: strict; antimeridian when top_left.lon > bottom_right.lon. */
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_bounding_box\":{\"top_left\":{\"lon\":0,"
                     "\"lat\":2},\"bottom_right\":{\"lon\":2,\"lat\":0}}}}"),
            "1 4 5 7 11");
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_bounding_box\":{\"top_left\":{\"lon\":1,"
                     "\"lat\":2},\"bottom_right\":{\"lon\":0.6,\"lat\":0}}}}"),
            "4 5 7");
  /* Radius: haversine with R = 6371008.8 m; (0,0)-(1,0) is exactly
   * 111195.0802335329 m and the comparison is strict. */
  CHECK(qe_geo_distance((qe_geo_point){0, 0}, (qe_geo_point){1, 0}) == 111195.0802335329);
  CHECK(fabs(qe_geo_distance((qe_geo_point){-74.006, 40.7128}, (qe_geo_point){-0.1278, 51.5074}) -
             5570229.873656523) < 1e-6);
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_radius\":{\"center\":{\"lon\":0,\"lat\":0},"
                     "\"radius\":111195.0802335329}}}"),
            "0 4");
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_radius\":{\"center\":{\"lon\":0,\"lat\":0},"
                     "\"radius\":111195.0802345329}}}"),
            "0 3 4");
  /* A ring closed only within f64::EPSILON is accepted (and closed). */
  CHECK_STR(run(GEO, "{\"must\":{\"key\":\"l\",\"geo_polygon\":{\"exterior\":{\"points\":["
                     "{\"lon\":0,\"lat\":0},{\"lon\":3,\"lat\":0},{\"lon\":3,\"lat\":3},"
                     "{\"lon\":0,\"lat\":3},{\"lon\":1e-17,\"lat\":0}]}}}}"),
            "1 2 4 5 7 11");
  /* On the edge (0,0)-(0.3,0.3) exactly (lon == lat): boundary, outside;
   * just below it: inside the triangle. */
  CHECK_STR(run("[{\"l\":{\"lon\":0.1,\"lat\":0.1}},{\"l\":{\"lon\":0.1,\"lat\":0.0999}}]",
                "{\"must\":{\"key\":\"l\",\"geo_polygon\":{\"exterior\":{\"points\":["
                "{\"lon\":0,\"lat\":0},{\"lon\":1,\"lat\":0},{\"lon\":0.3,\"lat\":0.3},"
                "{\"lon\":0,\"lat\":0}]}}}}"),
            "1");
  CHECK(qe_geo_orient((qe_geo_point){0, 0}, (qe_geo_point){2, 2}, (qe_geo_point){1, 1}) == 0);
  CHECK(qe_geo_orient((qe_geo_point){0, 0}, (qe_geo_point){2, 0}, (qe_geo_point){1, 1}) > 0);
  CHECK(qe_geo_orient((qe_geo_point){0, 0}, (qe_geo_point){2, 0}, (qe_geo_point){1, -1}) < 0);
  /* Nearly collinear: 3 * 0.1 > 0.3 but < 0.30000000000000004 as reals of
   * these doubles; plain floating point cannot tell, the exact test can. */
  CHECK(qe_geo_orient((qe_geo_point){0, 0}, (qe_geo_point){3, 1}, (qe_geo_point){0.3, 0.1}) > 0);
  CHECK(qe_geo_orient((qe_geo_point){0, 0}, (qe_geo_point){3, 1},
                      (qe_geo_point){0.30000000000000004, 0.1}) < 0);

  CHECK(starts(compile_error("{\"must\":{\"key\":\"l\",\"geo_polygon\":{\"exterior\":"
                             "{\"points\":[{\"lon\":0,\"lat\":0},{\"lon\":1,\"lat\":0},"
                             "{\"lon\":0,\"lat\":0}]}}}}"),
               "must.geo_polygon.exterior.points: polygon invalid, the size must be at least 4, "
               "got 3"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"l\",\"geo_polygon\":{\"exterior\":" SQ(
                   0, 1) ",\"interiors\":[{\"points\":[{\"lon\":0,\"lat\":0},{\"lon\":1,"
                         "\"lat\":0},{\"lon\":1,\"lat\":1},{\"lon\":0,\"lat\":1}]}]}}}"),
               "must.geo_polygon.interiors[0].points: polygon invalid, the first and the last"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"l\",\"geo_radius\":{\"center\":{\"lon\":181,"
                             "\"lat\":0},\"radius\":1}}}"),
               "must.geo_radius.center: Wrong format of GeoPoint"));
}

/* ------------------------------------------------------------ compile errors */

static void test_compile_errors(void) {
  CHECK_STR(compile_error("{\"must\":[{\"key\":\"a\"}]}"),
            "must[0]: At least one field condition must be specified");
  CHECK(starts(compile_error("{\"must\":[],\"foo\":1}"), "foo: unknown field `foo`"));
  CHECK(starts(compile_error("{\"must\":{\"must\":[],\"mustnt\":[]}}"), "must.mustnt: unknown"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"a b\",\"match\":{\"value\":1}}}"),
               "must.key: invalid JSON path"));
  CHECK(starts(compile_error("{\"should\":[{},{\"key\":\"a\",\"match\":{\"any\":[1,\"x\"]}}]}"),
               "should[1].match.any[1]: expected an integer"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"a\",\"match\":{\"value\":1.5}}}"),
               "must.match.value: expected a string, an integer"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"a\",\"match\":{\"value\":null}}}"),
               "must.match.value:"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"a\",\"match\":{\"nope\":1}}}"),
               "must.match: expected one of"));
  CHECK(
      starts(compile_error("{\"must\":{\"key\":\"a\",\"range\":{\"gt\":1,\"lt\":\"2020-01-01\"}}}"),
             "must.range.gt: expected a datetime string"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"a\",\"values_count\":{\"gt\":-1}}}"),
               "must.values_count.gt: expected a non-negative integer"));
  CHECK(starts(compile_error("{\"min_should\":{\"conditions\":[],\"min_count\":0}}"),
               "min_should.min_count:"));
  CHECK(starts(compile_error("{\"min_should\":{\"min_count\":1}}"), "min_should.conditions:"));
  CHECK(starts(compile_error("{\"must\":{\"slice\":{\"total\":3,\"index\":3}}}"),
               "must.slice: index: must be less than total"));
  CHECK(starts(compile_error("{\"must\":{\"slice\":{\"total\":0,\"index\":0}}}"),
               "must.slice: total:"));
  CHECK(starts(compile_error("{\"must\":{\"has_id\":[1,\"5\"]}}"), "must.has_id[1]: value is not"));
  CHECK(starts(compile_error("{\"must\":{\"has_id\":[-1]}}"), "must.has_id[0]:"));
  CHECK(starts(compile_error("{\"must\":{\"is_empty\":{\"key\":\"[0]\"}}}"),
               "must.is_empty.key: invalid JSON path"));
  CHECK(starts(compile_error("{\"must\":{\"nested\":{\"key\":\"a\",\"filter\":{\"x\":1}}}}"),
               "must.nested.filter.x: unknown field"));
  CHECK(starts(compile_error("{\"must\":{\"key\":\"a\",\"is_empty\":1}}"),
               "must.is_empty: expected a boolean"));
  CHECK(starts(compile_error("[1]"), ": expected a filter object") ||
        starts(compile_error("[1]"), "expected"));
  CHECK(starts(compile_error("{\"must\":[1]}"), "must[0]: expected a condition object"));
}

/* ------------------------------------------------------------ no allocation */

static size_t allocations;
static void *count_malloc(size_t n) {
  allocations++;
  return malloc(n);
}
static void *count_realloc(void *p, size_t n) {
  allocations++;
  return realloc(p, n);
}

static void test_no_allocation(void) {
  qe_json *pl = J("{\"a\":[{\"x\":1,\"y\":\"red\",\"t\":\"2020-05-01T10:00:00+02:00\"},"
                  "{\"x\":2,\"y\":\"blue\",\"t\":\"2021-01-01\"}],\"g\":{\"lon\":1,\"lat\":1},"
                  "\"n\":[null],\"s\":\"hello world\",\"u\":[1,\"Stra\\u00dfe ist \\u039f\\u0394"
                  "\\u039f\\u03a3\"]}");
  qe_json *f =
      J("{\"must\":[{\"nested\":{\"key\":\"a\",\"filter\":{\"must\":[{\"key\":\"y\","
        "\"match\":{\"any\":[\"red\",\"green\"]}},{\"key\":\"t\",\"range\":{\"gte\":"
        "\"2020-01-01\"}}]}}},{\"key\":\"g\",\"geo_polygon\":{\"exterior\":" SQ(
            0,
            3) "}},{\"key\":\"s\",\"match\":{\"text_any\":\"foo world\"}},"
               "{\"key\":\"u\",\"match\":{\"text\":\"\\u03bf\\u03b4\\u03bf\\u03c2 STRA\\u00dfE\"}},"
               "{\"key\":\"u\",\"match\":{\"phrase\":\"IST \\u03bf\\u03b4\\u03bf\\u03c2\"}},"
               "{\"key\":\"g\",\"geo_radius\":{\"center\":{\"lon\":1,\"lat\":1},\"radius\":10}}],"
               "\"should\":[{\"is_null\":{\"key\":\"n\"}},{\"has_id\":[\"550e8400-e29b-41d4-"
               "a716-446655440000\"]}],\"must_not\":{\"key\":\"a[].x\",\"values_count\":"
               "{\"gt\":1}},\"min_should\":{\"conditions\":[{\"is_empty\":{\"key\":\"zz\"}},"
               "{\"slice\":{\"total\":1,\"index\":0}}],\"min_count\":2}}");
  qe_filter *cf = NULL;
  CHECK(qe_filter_compile(f, &cf, NULL) == QE_OK);
  qe_allocator counting = {count_malloc, count_realloc, free};
  qe_set_allocator(&counting);
  allocations = 0;
  qe_point_view pv = {qe_point_id_from_u64(7), pl, NULL, NULL};
  size_t matched = 0;
  for (int i = 0; i < 20000; i++)
    matched += qe_filter_match(cf, &pv);
  qe_set_allocator(NULL);
  CHECK(matched == 20000);
  CHECK(allocations == 0);
  qe_filter_free(cf);
  qe_json_free(f);
  qe_json_free(pl);
}

/* ------------------------------------------------------------ out of memory */

static long alloc_budget = -1; /* allocations left before failing; -1: no limit */
static void *failing_malloc(size_t n) {
  if (alloc_budget == 0) return NULL;
  if (alloc_budget > 0) alloc_budget--;
  return malloc(n);
}
static void *failing_realloc(void *p, size_t n) {
  if (alloc_budget == 0) return NULL;
  if (alloc_budget > 0) alloc_budget--;
  return realloc(p, n);
}

/* Compile with every allocation failing in turn: QE_ENOMEM, nothing leaked
 * (valgrind and LeakSanitizer check), until the budget is large enough. */
static void test_oom(void) {
  qe_json *f =
      J("{\"must\":[{\"nested\":{\"key\":\"a\",\"filter\":{\"must\":[{\"key\":\"y\","
        "\"match\":{\"any\":[\"red\",\"green\"]}}]}}},{\"key\":\"g\",\"geo_polygon\":"
        "{\"exterior\":" SQ(0, 3) ",\"interiors\":[" SQ(
            1, 2) "]}},{\"key\":\"s\",\"match\":"
                  "{\"text_any\":\"foo world\"}},{\"key\":\"s\",\"match\":{\"phrase\":\"a b\"}},"
                  "{\"key\":\"s\",\"match\":{\"text\":\"\"}}],\"should\":[{\"has_id\":[1,2]},{"
                  "\"has_vector\":"
                  "\"v\"},{\"must\":{\"is_null\":{\"key\":\"n\"}}}],\"min_should\":{\"conditions\":"
                  "[{\"key\":\"x\",\"match\":{\"except\":[1,2]}}],\"min_count\":1}}");
  qe_allocator failing = {failing_malloc, failing_realloc, free};
  int rc = QE_ENOMEM;
  long budget;
  for (budget = 0; budget < 1000 && rc == QE_ENOMEM; budget++) {
    qe_filter *cf = NULL;
    qe_error e = {0};
    qe_set_allocator(&failing);
    alloc_budget = budget;
    rc = qe_filter_compile(f, &cf, &e);
    alloc_budget = -1;
    qe_set_allocator(NULL);
    CHECK(rc == QE_OK || (rc == QE_ENOMEM && cf == NULL && e.code == QE_ENOMEM));
    qe_filter_free(cf);
  }
  CHECK(rc == QE_OK && budget > 10);
  qe_json_free(f);
}

int main(void) {
  test_boolean();
  test_match_value();
  test_match_except();
  test_match_text();
  test_tokenizer();
  test_range();
  test_datetime();
  test_values_count();
  test_empty_null();
  test_combined_checks();
  test_paths();
  test_nested();
  test_ids_vectors();
  test_geo();
  test_compile_errors();
  test_no_allocation();
  test_oom();
  CHECK(registry_rejects == 0);
  return check_report("test_filter");
}

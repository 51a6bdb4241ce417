/* test_filter_index.c — field conditions on keys with a payload index
 * (qe_filter_compile_indexed, filter_index.c). Each case runs a filter over
 * a list of payloads (point i has id i) with a payload_schema and compares
 * the ids that match. Expected answers were taken from qdrant-edge-py 0.9.0
 * (tools/probe_edge_index.py and tests/python/test_edge_index_congruence.py
 * check them against it); the same filter without the schema is run too, to
 * show the index is what changes the answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "edge/filter.h"
#include "edge/filter_internal.h"
#include "qedge/base.h"
#include "qedge/json.h"

static qe_json *J(const char *text) {
  qe_json *v = NULL;
  if (qe_json_parse(text, strlen(text), NULL, &v, NULL)) {
    fprintf(stderr, "bad test JSON: %s\n", text);
    exit(2);
  }
  return v;
}

/* Ids of the payloads that pass `filter` with the payload_schema `schema`
 * (NULL: no index), space separated; "ERR <code> <path>: <message>" when it
 * does not compile. */
static const char *run(const char *payloads, const char *schema, const char *filter) {
  static char out[2048];
  qe_json *pl = J(payloads), *f = J(filter), *sc = schema ? J(schema) : NULL;
  qe_error e = {0};
  qe_filter *cf = NULL;
  out[0] = '\0';
  if (qe_filter_compile_indexed(f, sc, &cf, &e)) {
    snprintf(out, sizeof out, "ERR %d %s: %s", (int)e.code, e.path, e.message);
  } else {
    size_t n = qe_json_array_len(pl), len = 0;
    for (size_t i = 0; i < n; i++) {
      qe_point_view pv = {qe_point_id_from_u64(i), qe_json_array_at(pl, i), NULL, NULL};
      if (qe_filter_match(cf, &pv))
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%zu", len ? " " : "", i);
    }
    qe_filter_free(cf);
  }
  qe_json_free(pl);
  qe_json_free(f);
  qe_json_free(sc);
  return out;
}

#define M(cond) "{\"must\":[{\"key\":\"a\"," cond "}]}"

/* ------------------------------------------------------------ integer */

static void test_integer(void) {
  const char *p = "[{\"a\":2.0},{\"a\":2},{\"a\":2.5},{\"a\":[2.0,3]},{\"a\":\"2\"},{\"a\":-0.0},"
                  "{\"a\":1e20},{\"a\":true},{\"a\":[1,[2]]}]";
  const char *ix = "{\"a\":\"integer\"}";
  /* integral floats are integers for the index; 2.5, 1e20, "2", true are not there */
  CHECK_STR(run(p, ix, M("\"match\":{\"value\":2}")), "0 1 3");
  CHECK_STR(run(p, NULL, M("\"match\":{\"value\":2}")), "1");
  CHECK_STR(run(p, ix, M("\"match\":{\"any\":[0,1]}")), "5 8");
  CHECK_STR(run(p, ix, M("\"match\":{\"except\":[2]}")), "3 5 8");
  CHECK_STR(run(p, NULL, M("\"match\":{\"except\":[2]}")), "0 2 3 4 5 6 7 8");
  /* a range compares the index values with the bounds as they are */
  CHECK_STR(run(p, ix, M("\"range\":{\"gte\":1.5}")), "0 1 3");
  CHECK_STR(run(p, NULL, M("\"range\":{\"gte\":1.5}")), "0 1 2 3 6");
  CHECK_STR(run(p, ix, M("\"range\":{\"lt\":0.5}")), "5");
  /* only the lookup part answers matches, only the range part ranges */
  const char *lookup = "{\"a\":{\"type\":\"integer\",\"lookup\":true,\"range\":false}}";
  const char *range = "{\"a\":{\"type\":\"integer\",\"lookup\":false,\"range\":true}}";
  const char *neither = "{\"a\":{\"type\":\"integer\",\"lookup\":false,\"range\":false}}";
  CHECK_STR(run(p, lookup, M("\"match\":{\"value\":2}")), "0 1 3");
  CHECK_STR(run(p, lookup, M("\"range\":{\"gte\":1.5}")), "0 1 2 3 6");
  CHECK_STR(run(p, range, M("\"match\":{\"value\":2}")), "1");
  CHECK_STR(run(p, range, M("\"range\":{\"gte\":1.5}")), "0 1 3");
  CHECK_STR(run(p, neither, M("\"match\":{\"value\":2}")), "1");
  /* match decides alone when the condition also has a range */
  CHECK_STR(run(p, ix, M("\"match\":{\"value\":2},\"range\":{\"gte\":2.4}")), "0 1 3");
  CHECK_STR(run(p, NULL, M("\"match\":{\"value\":2},\"range\":{\"gte\":2.4}")), "1 2 3 6");
  /* a float array stored packed (f32): its integral elements are integers */
  qe_json *obj = qe_json_new_object();
  const float fl[3] = {1.0f, 2.0f, 2.5f};
  qe_json_object_set(obj, "a", qe_json_new_f32(fl, 3));
  qe_json *sc = J(ix);
  const char *fs[] = {M("\"match\":{\"value\":2}"), M("\"range\":{\"gt\":2.1}"),
                      M("\"match\":{\"except\":[1,2]}")};
  const bool want[] = {true, false, false};
  for (size_t i = 0; i < 3; i++) {
    qe_json *f = J(fs[i]);
    qe_filter *cf = NULL;
    CHECK(qe_filter_compile_indexed(f, sc, &cf, NULL) == QE_OK);
    qe_point_view pv = {qe_point_id_from_u64(0), obj, NULL, NULL};
    CHECK(qe_filter_match(cf, &pv) == want[i]);
    qe_filter_free(cf);
    qe_json_free(f);
  }
  qe_json_free(sc);
  qe_json_free(obj);
}

/* ------------------------------------------------------------ float, datetime */

static void test_numeric_and_datetime(void) {
  const char *p = "[{\"a\":\"1970-01-01T00:00:00.000002Z\"},{\"a\":\"2024-01-01T00:00:00Z\"},"
                  "{\"a\":1704067200000000},{\"a\":5},{\"a\":\"x\"}]";
  /* datetime index values are microseconds; numeric bounds compare them */
  CHECK_STR(run(p, "{\"a\":\"datetime\"}", M("\"range\":{\"lte\":2}")), "0");
  CHECK_STR(run(p, NULL, M("\"range\":{\"lte\":2}")), "");
  CHECK_STR(run(p, "{\"a\":\"datetime\"}", M("\"range\":{\"gte\":1704067200000000}")), "1");
  CHECK_STR(run(p, "{\"a\":\"datetime\"}", M("\"range\":{\"gte\":\"2023-12-31T00:00:00Z\"}")), "1");
  /* a datetime range on a numeric index compares numbers with microseconds */
  CHECK_STR(run(p, "{\"a\":\"integer\"}", M("\"range\":{\"gte\":\"2023-12-31T00:00:00Z\"}")), "2");
  CHECK_STR(run(p, "{\"a\":\"float\"}", M("\"range\":{\"lt\":\"2023-12-31T00:00:00Z\"}")), "3");
  CHECK_STR(run(p, NULL, M("\"range\":{\"gte\":\"2023-12-31T00:00:00Z\"}")), "1");
}

/* ------------------------------------------------------------ keyword, uuid */

static void test_keyword_uuid(void) {
  const char *p = "[{\"a\":\"x\"},{\"a\":\"y\"},{\"a\":5},{\"a\":[5,\"x\"]},{\"a\":true}]";
  CHECK_STR(run(p, "{\"a\":\"keyword\"}", M("\"match\":{\"except\":[\"x\"]}")), "1");
  CHECK_STR(run(p, NULL, M("\"match\":{\"except\":[\"x\"]}")), "1 2 3 4");
  CHECK_STR(run(p, "{\"a\":\"keyword\"}", M("\"match\":{\"except\":[]}")), "0 1 3");
  CHECK_STR(run(p, "{\"a\":\"keyword\"}", M("\"match\":{\"value\":\"x\"}")), "0 3");
  const char *u = "[{\"a\":\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"},"
                  "{\"a\":\"6F1C3A52-9D2E-4B7A-8C11-2E4F5A6B7C8D\"},"
                  "{\"a\":\"6f1c3a529d2e4b7a8c112e4f5a6b7c8d\"},{\"a\":\"x\"}]";
  const char *ux = "{\"a\":{\"type\":\"uuid\"}}";
  CHECK_STR(run(u, ux, M("\"match\":{\"value\":\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"}")),
            "0 1 2");
  CHECK_STR(run(u, NULL, M("\"match\":{\"value\":\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"}")), "0");
  CHECK_STR(run(u, ux, M("\"match\":{\"except\":[\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"]}")), "");
  CHECK_STR(run(u, ux, M("\"match\":{\"any\":[\"x\"]}")), "3"); /* not UUIDs: payload */
}

/* A numeric index counts no point for a UUID-string match: a must-chain with
 * it answers nothing; elsewhere the payload decides. */
static void test_zero_estimate(void) {
  const char *p = "[{\"a\":\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\",\"b\":1},{\"a\":2,\"b\":1}]";
  const char *ix = "{\"a\":\"float\"}";
#define C_U "{\"key\":\"a\",\"match\":{\"value\":\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"}}"
  CHECK_STR(run(p, ix, "{\"must\":[" C_U "]}"), "");
  CHECK_STR(run(p, NULL, "{\"must\":[" C_U "]}"), "0");
  CHECK_STR(run(p, ix, "{\"must\":[{\"must\":[" C_U "]}]}"), "");
  CHECK_STR(run(p, ix, "{\"should\":[" C_U "]}"), "");
  CHECK_STR(run(p, ix, "{\"must_not\":[" C_U "]}"), "1");
  CHECK_STR(run(p, ix, "{\"should\":[" C_U ",{\"key\":\"b\",\"match\":{\"value\":1}}]}"), "0 1");
  CHECK_STR(run(p, "{\"a\":\"keyword\"}", "{\"must\":[" C_U "]}"), "0");
  /* a should of indexed branches reads candidates from the branches only */
  CHECK_STR(run(p, ix, "{\"should\":[" C_U ",{\"key\":\"a\",\"range\":{\"gte\":1}}]}"), "1");
  CHECK_STR(run(p, ix, "{\"should\":[" C_U ",{\"has_id\":[1]}]}"), "1");
  CHECK_STR(run(p, ix, "{\"should\":[" C_U ",{\"has_id\":[0]}]}"), "0");
  CHECK_STR(run(p, ix,
                "{\"min_should\":{\"conditions\":[" C_U
                ",{\"key\":\"a\",\"range\":{\"gte\":1}}],\"min_count\":1}}"),
            "1");
  CHECK_STR(run(p, ix,
                "{\"min_should\":{\"conditions\":[" C_U
                ",{\"key\":\"b\",\"match\":{\"value\":7}}],\"min_count\":1}}"),
            "0");
#undef C_U
}

/* ------------------------------------------------------------ geo, plain ones */

static void test_geo_and_unchanged(void) {
  const char *p = "[{\"a\":{\"lon\":200,\"lat\":2}},{\"a\":{\"lon\":179.5,\"lat\":2}},"
                  "{\"a\":[]},{\"a\":null},{\"a\":[1,2]}]";
  const char *r = M("\"geo_radius\":{\"center\":{\"lon\":179,\"lat\":2},\"radius\":3000000}");
  CHECK_STR(run(p, "{\"a\":\"geo\"}", r), "1"); /* invalid points are not indexed */
  CHECK_STR(run(p, NULL, r), "0 1");
  /* values_count, is_empty, is_null answer from the payload */
  const char *kinds[] = {"\"geo\"", "\"integer\"", "\"text\"", "\"keyword\""};
  for (size_t i = 0; i < 4; i++) {
    char sc[64];
    snprintf(sc, sizeof sc, "{\"a\":%s}", kinds[i]);
    CHECK_STR(run(p, sc, M("\"values_count\":{\"gte\":2}")), "4");
    CHECK_STR(run(p, sc, "{\"must\":[{\"is_empty\":{\"key\":\"a\"}}]}"), "2 3");
    CHECK_STR(run(p, sc, "{\"must\":[{\"is_null\":{\"key\":\"a\"}}]}"), "3");
  }
  /* nested filters ignore indexes; the index key must equal the key */
  const char *n = "[{\"it\":[{\"v\":2.0},{\"v\":3}]},{\"it\":[{\"v\":2}]}]";
  const char *nf = "{\"must\":[{\"nested\":{\"key\":\"it\",\"filter\":{\"must\":[{\"key\":\"v\","
                   "\"match\":{\"value\":2}}]}}}]}";
  CHECK_STR(run(n, "{\"it[].v\":\"integer\"}", nf), "1");
  CHECK_STR(run(n, "{\"it[].v\":\"integer\"}",
                "{\"must\":[{\"key\":\"it[].v\",\"match\":{\"value\":2}}]}"),
            "0 1");
  CHECK_STR(
      run(n, "{\"it\":\"integer\"}", "{\"must\":[{\"key\":\"it[].v\",\"match\":{\"value\":2}}]}"),
      "1");
}

/* ------------------------------------------------------------ text */

static void test_text(void) {
  const char *p = "[{\"a\":\"Hello World\"},{\"a\":\"hello-world\"},"
                  "{\"a\":[\"alpha beta\",\"gamma\"]},{\"a\":\"hellos\"},{\"a\":\"x the y\"},"
                  "{\"a\":\"Stra\\u00dfe caf\\u00e9\"}]";
  /* a text index tokenizes all strings of the point at once */
  CHECK_STR(run(p, "{\"a\":\"text\"}", M("\"match\":{\"text\":\"beta gamma\"}")), "2");
  CHECK_STR(run(p, NULL, M("\"match\":{\"text\":\"beta gamma\"}")), "");
  /* phrase needs phrase_matching */
  CHECK_STR(run(p, "{\"a\":\"text\"}", M("\"match\":{\"phrase\":\"hello world\"}")), "");
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"phrase_matching\":true}}",
                M("\"match\":{\"phrase\":\"hello world\"}")),
            "0 1");
  CHECK_STR(run(p, NULL, M("\"match\":{\"phrase\":\"hello world\"}")), "0 1");
  /* whitespace tokenizer */
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"tokenizer\":\"whitespace\"}}",
                M("\"match\":{\"text\":\"hello\"}")),
            "0");
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"tokenizer\":\"whitespace\"}}",
                M("\"match\":{\"text_any\":\"HELLO-WORLD zz\"}")),
            "1");
  /* prefix tokenizer: query tokens match the words they start; cut to max */
  const char *pre = "{\"a\":{\"type\":\"text\",\"tokenizer\":\"prefix\",\"max_token_len\":4}}";
  CHECK_STR(run(p, pre, M("\"match\":{\"text\":\"hel\"}")), "0 1 3");
  CHECK_STR(run(p, pre, M("\"match\":{\"text\":\"hellfire\"}")), "0 1 3");
  CHECK_STR(run(p, pre, M("\"match\":{\"text\":\"STRASSE\"}")), "5");
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"tokenizer\":\"prefix\",\"min_token_len\":3}}",
                M("\"match\":{\"text\":\"he\"}")),
            "");
  /* prefix phrase: only the last token may be cut short */
  const char *pp = "{\"a\":{\"type\":\"text\",\"tokenizer\":\"prefix\",\"phrase_matching\":true}}";
  CHECK_STR(run(p, pp, M("\"match\":{\"phrase\":\"hello wor\"}")), "0 1");
  CHECK_STR(run(p, pp, M("\"match\":{\"phrase\":\"hel world\"}")), "");
  /* lowercase off */
  const char *cs = "{\"a\":{\"type\":\"text\",\"lowercase\":false}}";
  CHECK_STR(run(p, cs, M("\"match\":{\"text\":\"Hello\"}")), "0");
  CHECK_STR(run(p, cs, M("\"match\":{\"text\":\"hello\"}")), "1");
  /* token lengths in code points: too short/long tokens are dropped */
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"max_token_len\":4}}",
                M("\"match\":{\"text\":\"caf\\u00e9\"}")),
            "5");
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"max_token_len\":4}}",
                M("\"match\":{\"text\":\"hello\"}")),
            "");
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"min_token_len\":6}}",
                M("\"match\":{\"text_any\":\"hello hellos\"}")),
            "3");
  /* custom stop words (lowercased like tokens) leave phrases and queries */
  const char *st = "{\"a\":{\"type\":\"text\",\"stopwords\":{\"custom\":[\"The\"]},"
                   "\"phrase_matching\":true}}";
  CHECK_STR(run(p, st, M("\"match\":{\"phrase\":\"x y\"}")), "4");
  CHECK_STR(run(p, st, M("\"match\":{\"text\":\"the\"}")), "");
  CHECK_STR(run(p, NULL, M("\"match\":{\"text\":\"the\"}")), "4");
  /* the English stemmer, stop words matched before it, lengths after it */
  const char *q = "[{\"a\":\"connected\"},{\"a\":\"running\"},{\"a\":\"run\"},"
                  "{\"a\":\"connected running\"},{\"a\":\"hoped\"}]";
  const char *en = "{\"a\":{\"type\":\"text\",\"stemmer\":{\"type\":\"snowball\","
                   "\"language\":\"english\"}";
  char sc[256];
  snprintf(sc, sizeof sc, "%s}}", en);
  CHECK_STR(run(q, sc, M("\"match\":{\"text\":\"connections\"}")), "0 3");
  CHECK_STR(run(q, sc, M("\"match\":{\"text\":\"hoping\"}")), "4");
  CHECK_STR(run(q, NULL, M("\"match\":{\"text\":\"hoping\"}")), "");
  snprintf(sc, sizeof sc, "%s,\"stopwords\":{\"custom\":[\"run\"]}}}", en);
  CHECK_STR(run(q, sc, M("\"match\":{\"text\":\"runs\"}")), "1 3");
  snprintf(sc, sizeof sc, "%s,\"max_token_len\":7,\"phrase_matching\":true}}", en);
  CHECK_STR(run(q, sc, M("\"match\":{\"phrase\":\"connecting runs\"}")), "3");
  snprintf(sc, sizeof sc, "%s,\"min_token_len\":4}}", en);
  CHECK_STR(run(q, sc, M("\"match\":{\"text\":\"running\"}")), "");
  /* the prefix tokenizer keeps stop words in text queries, not in phrases */
  const char *th = "[{\"a\":\"theta\"},{\"a\":\"the\"},{\"a\":\"then x\"},{\"a\":\"x\"}]";
  const char *ps = "{\"a\":{\"type\":\"text\",\"tokenizer\":\"prefix\",\"phrase_matching\":true,"
                   "\"stopwords\":{\"custom\":[\"the\"]}}}";
  CHECK_STR(run(th, ps, M("\"match\":{\"text\":\"the\"}")), "0 2");
  CHECK_STR(run(th, ps, M("\"match\":{\"phrase\":\"the x\"}")), "2 3");
  /* parameters not applied yet: a text condition is refused, others work */
  const char *stem =
      "{\"a\":{\"type\":\"text\",\"stemmer\":{\"type\":\"snowball\",\"language\":\"german\"}}}";
  const char *got = run(p, stem, M("\"match\":{\"text\":\"hello\"}"));
  CHECK(strncmp(got, "ERR 10 must[0]: the text index on `a` uses a stemmer other than English",
                70) == 0);
  CHECK_STR(run(p, stem, M("\"match\":{\"value\":\"hellos\"}")), "3");
  CHECK_STR(run(p, "{\"a\":{\"type\":\"text\",\"stemmer\":{\"type\":\"none\"}}}",
                M("\"match\":{\"text\":\"hello\"}")),
            "0 1");
  got = run(p, "{\"a\":{\"type\":\"text\",\"stopwords\":\"english\"}}",
            M("\"match\":{\"text\":\"x\"}"));
  CHECK(strstr(got, "stopwords of a language") != NULL);
}

/* ------------------------------------------------------------ info points */

/* Which payloads an index holds a value for (info's `points`). */
static const char *holders(const char *payloads, const char *schema) {
  static char out[256];
  qe_json *pl = J(payloads), *sc = J(schema);
  ix_spec spec;
  qe_jsonpath *jp = NULL;
  out[0] = '\0';
  if (qe_ix_spec_read(sc, &spec) == QE_OK && qe_jsonpath_parse("a", 1, &jp, NULL) == QE_OK) {
    size_t len = 0;
    for (size_t i = 0; i < qe_json_array_len(pl); i++)
      if (qe_ix_has_values(&spec, jp, qe_json_array_at(pl, i)))
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%zu", len ? " " : "", i);
  }
  qe_jsonpath_free(jp);
  qe_ix_spec_clear(&spec);
  qe_json_free(pl);
  qe_json_free(sc);
  return out;
}

static void test_info_points(void) {
  const char *p = "[{\"a\":2.0},{\"a\":2.5},{\"a\":\"the\"},{\"a\":[null,true]},{\"a\":\"x y\"},"
                  "{\"a\":{\"lon\":200,\"lat\":1}},{\"a\":{\"lon\":2,\"lat\":1}},{},"
                  "{\"a\":\"2024-01-01\"},{\"a\":\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"}]";
  CHECK_STR(holders(p, "\"integer\""), "0");
  CHECK_STR(holders(p, "\"float\""), "0 1");
  CHECK_STR(holders(p, "\"keyword\""), "2 4 8 9");
  CHECK_STR(holders(p, "\"bool\""), "3");
  CHECK_STR(holders(p, "\"geo\""), "6");
  CHECK_STR(holders(p, "\"datetime\""), "8");
  CHECK_STR(holders(p, "\"uuid\""), "9");
  CHECK_STR(holders(p, "{\"type\":\"text\",\"stopwords\":{\"custom\":[\"the\"]}}"), "4 8 9");
  CHECK_STR(holders(p, "{\"type\":\"integer\",\"lookup\":false,\"range\":false}"),
            "0 1 2 3 4 5 6 7 8 9");
}

/* ------------------------------------------------------------ resources */

static long allocations;
static void *count_malloc(size_t n) {
  allocations++;
  return malloc(n);
}
static void *count_realloc(void *p, size_t n) {
  allocations++;
  return realloc(p, n);
}

static void test_no_allocation(void) {
  qe_json *pl = J("{\"a\":[\"Hello the World\",2.0,\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"],"
                  "\"k\":[\"x\",\"y\"],\"t\":\"2024-01-01T00:00:00Z\"}");
  qe_json *sc = J("{\"a\":{\"type\":\"text\",\"tokenizer\":\"prefix\",\"phrase_matching\":true,"
                  "\"stopwords\":{\"custom\":[\"the\"]}},\"k\":\"keyword\",\"t\":\"datetime\","
                  "\"n\":\"integer\"}");
  qe_json *f = J("{\"must\":[{\"key\":\"a\",\"match\":{\"phrase\":\"hello wor\"}},"
                 "{\"key\":\"a\",\"match\":{\"text\":\"wo HEL\"}},"
                 "{\"key\":\"k\",\"match\":{\"except\":[\"x\"]}},"
                 "{\"key\":\"t\",\"range\":{\"gte\":1}}],"
                 "\"must_not\":[{\"key\":\"n\",\"match\":{\"value\":3}}]}");
  qe_filter *cf = NULL;
  CHECK(qe_filter_compile_indexed(f, sc, &cf, NULL) == QE_OK);
  qe_allocator counting = {count_malloc, count_realloc, free};
  qe_set_allocator(&counting);
  allocations = 0;
  qe_point_view pv = {qe_point_id_from_u64(7), pl, NULL, NULL};
  size_t matched = 0;
  for (int i = 0; i < 5000; i++)
    matched += qe_filter_match(cf, &pv);
  qe_set_allocator(NULL);
  CHECK(matched == 5000);
  CHECK(allocations == 0);
  qe_filter_free(cf);
  qe_json_free(f);
  qe_json_free(sc);
  qe_json_free(pl);
}

static long alloc_budget = -1;
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

/* Every allocation failing in turn: QE_ENOMEM and nothing leaked. */
static void test_oom(void) {
  qe_json *sc = J("{\"a\":{\"type\":\"text\",\"stopwords\":{\"custom\":[\"the\",\"of\"]}},"
                  "\"u\":\"uuid\"}");
  qe_json *f = J("{\"must\":[{\"key\":\"a\",\"match\":{\"text\":\"a of b\"}},{\"key\":\"u\","
                 "\"match\":{\"any\":[\"6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d\"]}}]}");
  qe_allocator failing = {failing_malloc, failing_realloc, free};
  int rc = QE_ENOMEM;
  long budget;
  for (budget = 0; budget < 1000 && rc == QE_ENOMEM; budget++) {
    qe_filter *cf = NULL;
    qe_error e = {0};
    qe_set_allocator(&failing);
    alloc_budget = budget;
    rc = qe_filter_compile_indexed(f, sc, &cf, &e);
    alloc_budget = -1;
    qe_set_allocator(NULL);
    CHECK(rc == QE_OK || (rc == QE_ENOMEM && cf == NULL && e.code == QE_ENOMEM));
    qe_filter_free(cf);
  }
  CHECK(rc == QE_OK && budget > 8);
  qe_json_free(f);
  qe_json_free(sc);
}

int main(void) {
  test_integer();
  test_numeric_and_datetime();
  test_keyword_uuid();
  test_zero_estimate();
  test_geo_and_unchanged();
  test_text();
  test_info_points();
  test_no_allocation();
  test_oom();
  return check_report("test_filter_index");
}

/* test_jsonpath.c — Qdrant's key paths: syntax, get (no implicit descent
 * into arrays), set_payload with a key and delete_payload of key paths. The
 * expected payloads after set/delete are what qdrant-edge-py 0.9.0 returned
 * for the same operations (lib/segment/src/json_path/mod.rs semantics). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "edge/jsonpath.h"
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

static bool parses(const char *text) {
  qe_jsonpath *p = NULL;
  int rc = qe_jsonpath_parse(text, strlen(text), &p, NULL);
  qe_jsonpath_free(p);
  return rc == QE_OK;
}

static void test_syntax(void) {
  CHECK(parses("a"));
  CHECK(parses("a.b.c"));
  CHECK(parses("a[].b"));
  CHECK(parses("a[0].b[12][]"));
  CHECK(parses("a[007]"));
  CHECK(parses("a-b_c.d-1"));
  CHECK(parses("\"a.b\""));
  CHECK(parses("\"\"")); /* the empty key, quoted */
  CHECK(parses("a.\"\""));
  CHECK(parses("a.\"b c\"[]"));
  CHECK(parses("\"qux[.]quux\".x"));
  CHECK(parses("caf\xc3\xa9"));                      /* é: alphabetic */
  CHECK(parses("\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87")); /* ключ */
  CHECK(parses("\xe2\x91\xa0"));                     /* ① is numeric (No) */
  CHECK(parses("\xe2\x92\xb6"));                     /* Ⓐ is Other_Alphabetic */
  CHECK(parses("a[18446744073709551615]"));
  CHECK(!parses(""));
  CHECK(!parses("[0]")); /* cannot start with [ */
  CHECK(!parses("[]"));
  CHECK(!parses("a."));
  CHECK(!parses("a..b"));
  CHECK(!parses("a b"));
  CHECK(!parses("a[]b"));
  CHECK(!parses("a[-1]"));
  CHECK(!parses("a[x]"));
  CHECK(!parses("a["));
  CHECK(!parses("a[18446744073709551616]")); /* index beyond usize */
  CHECK(!parses("\"a\\\"b\""));              /* no escapes in quotes */
  CHECK(!parses("\"a"));
  CHECK(!parses("$a"));
  CHECK(!parses("a\xcc\x81"));    /* a + combining acute: a mark, not alphabetic */
  CHECK(!parses("\xe2\x82\xac")); /* € */
  /* qdrant-edge-py rejects the Devanagari virama (U+094D) unquoted. */
  CHECK(!parses("\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87"));

  qe_error err = {0};
  qe_jsonpath *p = NULL;
  CHECK(qe_jsonpath_parse("a.b c", 5, &p, &err) == QE_EINVAL && p == NULL);
  CHECK(strstr(err.message, "offset 3") != NULL);

  CHECK(qe_jsonpath_parse("a.b", 3, &p, NULL) == QE_OK);
  CHECK_STR(qe_jsonpath_text(p), "a.b");
  CHECK(!qe_jsonpath_ends_with_array(p));
  qe_jsonpath *ak = qe_jsonpath_array_key(p);
  CHECK_STR(qe_jsonpath_text(ak), "a.b[]");
  CHECK(qe_jsonpath_ends_with_array(ak));
  qe_jsonpath *ak2 = qe_jsonpath_array_key(ak); /* already ends with [] */
  CHECK_STR(qe_jsonpath_text(ak2), "a.b[]");
  qe_jsonpath *rest = NULL;
  CHECK(qe_jsonpath_parse("\"x y\"[0]", 8, &rest, NULL) == QE_OK);
  qe_jsonpath *joined = qe_jsonpath_join_nested(p, rest);
  CHECK_STR(qe_jsonpath_text(joined), "a.b[].\"x y\"[0]");
  qe_jsonpath *joined2 = qe_jsonpath_join_nested(ak, rest);
  CHECK_STR(qe_jsonpath_text(joined2), "a.b[].\"x y\"[0]");
  qe_jsonpath_free(p);
  qe_jsonpath_free(ak);
  qe_jsonpath_free(ak2);
  qe_jsonpath_free(rest);
  qe_jsonpath_free(joined);
  qe_jsonpath_free(joined2);
}

/* ------------------------------------------------------------ get */

typedef struct collected {
  qe_buf out;
  int count, stop_after;
} collected;

static bool collect(void *ud, const qe_json *v) {
  collected *c = ud;
  char *s = qe_json_to_string(v, 0, NULL);
  if (c->count++) qe_buf_putc(&c->out, ' ');
  qe_buf_puts(&c->out, s ? s : "?");
  qe_free(s);
  return !(c->stop_after && c->count >= c->stop_after);
}

/* The values a path selects, as "v1 v2 ..." ("" for none). */
static const char *get(const char *payload, const char *path) {
  static char result[512];
  qe_json *doc = J(payload);
  qe_jsonpath *p = NULL;
  result[0] = '\0';
  if (qe_jsonpath_parse(path, strlen(path), &p, NULL)) {
    qe_json_free(doc);
    return "PARSE ERROR";
  }
  collected c = {{0}, 0, 0};
  qe_jsonpath_get(p, doc, collect, &c);
  snprintf(result, sizeof result, "%s", c.out.data ? c.out.data : "");
  qe_buf_free(&c.out);
  qe_jsonpath_free(p);
  qe_json_free(doc);
  return result;
}

static void test_get(void) {
  const char *doc = "{\"a\":{\"b\":[{\"c\":1},{\"c\":2},{\"d\":{\"e\":3}}]},\"f\":3,"
                    "\"g\":[\"g0\",\"g1\",\"g2\"],\"arr\":[{\"a\":[1,2,3]},{\"a\":4},{\"b\":5}],"
                    "\"a.b\":\"dotted\",\"\":\"empty\"}";
  CHECK_STR(get(doc, "f"), "3");
  CHECK_STR(get(doc, "a.b[].c"), "1 2");
  CHECK_STR(get(doc, "a.b[].d.e"), "3");
  CHECK_STR(get(doc, "a.b.c"), ""); /* `.c` does not descend into the array */
  CHECK_STR(get(doc, "a.b[1].c"), "2");
  CHECK_STR(get(doc, "a.b[3]"), "");
  CHECK_STR(get(doc, "g[2]"), "\"g2\"");
  CHECK_STR(get(doc, "g[]"), "\"g0\" \"g1\" \"g2\"");
  CHECK_STR(get(doc, "g"), "[\"g0\",\"g1\",\"g2\"]"); /* the array itself, once */
  CHECK_STR(get(doc, "arr[].a"), "[1,2,3] 4");        /* arrays are not flattened */
  CHECK_STR(get(doc, "arr[].a[]"), "1 2 3");
  CHECK_STR(get(doc, "f[]"), "");
  CHECK_STR(get(doc, "f[0]"), "");
  CHECK_STR(get(doc, "f.x"), "");
  CHECK_STR(get(doc, "missing"), "");
  CHECK_STR(get(doc, "\"a.b\""), "\"dotted\"");
  CHECK_STR(get(doc, "\"\""), "\"empty\"");
  CHECK_STR(get("{\"a\":[[{\"b\":1}],{\"b\":2}]}", "a[][].b"), "1");
  CHECK_STR(get("{\"a\":null}", "a"), "null");

  /* Early stop: the walk ends when the callback says so. */
  qe_json *d = J("{\"a\":[1,2,3]}");
  qe_jsonpath *p = NULL;
  qe_jsonpath_parse("a[]", 3, &p, NULL);
  collected c = {{0}, 0, 2};
  CHECK(!qe_jsonpath_get(p, d, collect, &c));
  CHECK(c.count == 2);
  qe_buf_free(&c.out);
  CHECK(qe_jsonpath_get(p, NULL, collect, &c)); /* no payload: nothing */
  qe_jsonpath_free(p);
  qe_json_free(d);
}

/* ------------------------------------------------------------ set / remove */

/* Apply set_payload(value, key) to payload and return the canonical JSON. */
static const char *set(const char *payload, const char *key, const char *value) {
  static char result[512];
  qe_json *doc = J(payload), *val = J(value);
  qe_jsonpath *p = NULL;
  int rc = qe_jsonpath_parse(key, strlen(key), &p, NULL);
  if (!rc) rc = qe_jsonpath_set(p, doc, val);
  char *s = qe_json_to_string(doc, 0, NULL);
  snprintf(result, sizeof result, "%s", rc ? "ERROR" : s);
  qe_free(s);
  qe_jsonpath_free(p);
  qe_json_free(doc);
  qe_json_free(val);
  return result;
}

static const char *del(const char *payload, const char *key) {
  static char result[512];
  qe_json *doc = J(payload);
  qe_jsonpath *p = NULL;
  int rc = qe_jsonpath_parse(key, strlen(key), &p, NULL);
  if (!rc) rc = qe_jsonpath_remove(p, doc);
  char *s = qe_json_to_string(doc, 0, NULL);
  snprintf(result, sizeof result, "%s", rc ? "ERROR" : s);
  qe_free(s);
  qe_jsonpath_free(p);
  qe_json_free(doc);
  return result;
}

static void test_set(void) {
  /* A non-object at the key is replaced by {} and merged into. */
  CHECK_STR(set("{\"a\":1}", "a", "{\"b\":{\"c\":1}}"), "{\"a\":{\"b\":{\"c\":1}}}");
  /* Merge: new keys added, null members remove keys. */
  CHECK_STR(set("{\"a\":{\"x\":1,\"y\":2}}", "a", "{\"b\":1,\"x\":null}"),
            "{\"a\":{\"y\":2,\"b\":1}}");
  CHECK_STR(set("{\"a\":5}", "a", "{\"b\":null}"), "{\"a\":{}}");
  /* Missing keys are created as objects along the way. */
  CHECK_STR(set("{}", "a.c", "{\"b\":1}"), "{\"a\":{\"c\":{\"b\":1}}}");
  CHECK_STR(set("{\"z\":0}", "a.c", "{\"b\":1}"), "{\"z\":0,\"a\":{\"c\":{\"b\":1}}}");
  /* [] applies to every element; non-object elements become {} */
  CHECK_STR(set("{\"a\":[{\"x\":1},{\"x\":2}]}", "a[]", "{\"b\":1}"),
            "{\"a\":[{\"x\":1,\"b\":1},{\"x\":2,\"b\":1}]}");
  CHECK_STR(set("{\"a\":[1,{\"c\":2}]}", "a[]", "{\"b\":1}"),
            "{\"a\":[{\"b\":1},{\"c\":2,\"b\":1}]}");
  CHECK_STR(set("{\"a\":[1,{\"c\":2}]}", "a[].c", "{\"b\":1}"),
            "{\"a\":[{\"c\":{\"b\":1}},{\"c\":{\"b\":1}}]}");
  /* [N] touches an existing element only. */
  CHECK_STR(set("{\"a\":[{\"x\":1},{\"x\":2}]}", "a[1]", "{\"b\":1}"),
            "{\"a\":[{\"x\":1},{\"x\":2,\"b\":1}]}");
  CHECK_STR(set("{\"a\":[{\"x\":1},{\"x\":2}]}", "a[5]", "{\"b\":1}"),
            "{\"a\":[{\"x\":1},{\"x\":2}]}");
  /* Where an array is expected, anything else is replaced by []. */
  CHECK_STR(set("{\"a\":{\"x\":1}}", "a[0]", "{\"b\":1}"), "{\"a\":[]}");
  CHECK_STR(set("{\"a\":{\"x\":1}}", "a[]", "{\"b\":1}"), "{\"a\":[]}");
  CHECK_STR(set("{}", "a[]", "{\"b\":1}"), "{\"a\":[]}");
  CHECK_STR(set("{}", "a[0].c", "{\"b\":1}"), "{\"a\":[]}");
  CHECK_STR(set("{\"a\":[[1]]}", "a[][]", "{\"z\":1}"), "{\"a\":[[{\"z\":1}]]}");
  CHECK_STR(set("{}", "\"a.b\"", "{\"c\":1}"), "{\"a.b\":{\"c\":1}}");
  /* Values are copied, never shared with the source. */
  CHECK_STR(set("{}", "k", "{\"l\":[1,{\"m\":true}]}"), "{\"k\":{\"l\":[1,{\"m\":true}]}}");

  /* Not objects: refused. */
  qe_json *arr = J("[]"), *obj = J("{}"), *num = J("1");
  qe_jsonpath *p = NULL;
  qe_jsonpath_parse("a", 1, &p, NULL);
  CHECK(qe_jsonpath_set(p, arr, obj) == QE_EINVAL);
  CHECK(qe_jsonpath_set(p, obj, num) == QE_EINVAL);
  qe_jsonpath_free(p);
  qe_json_free(arr);
  qe_json_free(obj);
  qe_json_free(num);

  /* set_payload without a key. */
  qe_json *dest = J("{\"a\":5,\"b\":1}"), *src = J("{\"a\":null,\"c\":[1]}");
  CHECK(qe_payload_merge(dest, src) == QE_OK);
  char *s = qe_json_to_string(dest, 0, NULL);
  CHECK_STR(s, "{\"b\":1,\"c\":[1]}");
  qe_free(s);
  qe_json_free(dest);
  qe_json_free(src);
}

static void test_remove(void) {
  CHECK_STR(del("{\"a\":1,\"b\":2}", "a"), "{\"b\":2}");
  CHECK_STR(del("{\"a\":1,\"b\":2}", "c"), "{\"a\":1,\"b\":2}");
  CHECK_STR(del("{\"a\":{\"b\":1,\"c\":2}}", "a.b"), "{\"a\":{\"c\":2}}");
  CHECK_STR(del("{\"a\":[{\"b\":1,\"c\":2},{\"b\":3}]}", "a[].b"), "{\"a\":[{\"c\":2},{}]}");
  CHECK_STR(del("{\"a\":[{\"b\":1},{\"b\":2}]}", "a[0].b"), "{\"a\":[{},{\"b\":2}]}");
  CHECK_STR(del("{\"a\":[1,2]}", "a[0]"), "{\"a\":[1,2]}"); /* no element deletion */
  CHECK_STR(del("{\"a\":[1,2]}", "a[]"), "{\"a\":[]}");
  CHECK_STR(del("{\"a\":{\"b\":1}}", "a[]"), "{\"a\":{\"b\":1}}");
  CHECK_STR(del("{\"a\":[{\"b\":1}]}", "a.b"), "{\"a\":[{\"b\":1}]}"); /* no descent */
  CHECK_STR(del("{\"a\":{\"b\":[1,2]}}", "a.b[]"), "{\"a\":{\"b\":[]}}");
  CHECK_STR(del("{\"a.b\":1,\"a\":{\"b\":2}}", "\"a.b\""), "{\"a\":{\"b\":2}}");
  CHECK_STR(del("{\"a\":[[{\"b\":1}]]}", "a[][].b"), "{\"a\":[[{}]]}");
  CHECK_STR(del("{\"a\":5}", "a.b"), "{\"a\":5}");
}

static void test_f32(void) {
  /* A packed vector stored in a payload behaves as an array value. */
  qe_json *doc = J("{}");
  float f[2] = {1.5f, 2.5f};
  qe_json_object_set(doc, "v", qe_json_new_f32(f, 2));
  qe_jsonpath *p = NULL, *q = NULL;
  qe_jsonpath_parse("v[]", 3, &p, NULL);
  qe_jsonpath_parse("v", 1, &q, NULL);
  collected c = {{0}, 0, 0};
  qe_jsonpath_get(q, doc, collect, &c);
  CHECK(c.count == 1);
  qe_buf_free(&c.out);
  qe_json *val = J("{\"x\":1}");
  CHECK(qe_jsonpath_set(p, doc, val) == QE_OK); /* unpacked, then merged into */
  char *s = qe_json_to_string(doc, 0, NULL);
  CHECK_STR(s, "{\"v\":[{\"x\":1},{\"x\":1}]}");
  qe_free(s);
  qe_json_object_set(doc, "v", qe_json_new_f32(f, 2));
  CHECK(qe_jsonpath_remove(p, doc) == QE_OK);
  s = qe_json_to_string(doc, 0, NULL);
  CHECK_STR(s, "{\"v\":[]}");
  qe_free(s);
  qe_json_free(val);
  qe_jsonpath_free(p);
  qe_jsonpath_free(q);
  qe_json_free(doc);
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

/* Parse and set with every allocation failing in turn: QE_ENOMEM and no
 * leak (checked under valgrind and LeakSanitizer). */
static void test_oom(void) {
  qe_allocator failing = {failing_malloc, failing_realloc, free};
  int rc = QE_ENOMEM;
  for (long budget = 0; budget < 500 && rc == QE_ENOMEM; budget++) {
    qe_json *doc = J("{\"a\":[{\"x\":1},2,{\"y\":[1,2]}],\"b\":5}");
    qe_json *val = J("{\"k\":{\"deep\":[1,2,3]},\"x\":null,\"s\":\"text\"}");
    qe_jsonpath *p = NULL;
    qe_set_allocator(&failing);
    alloc_budget = budget;
    const char *key = "a[].\"new key\".z";
    rc = qe_jsonpath_parse(key, strlen(key), &p, NULL);
    if (!rc) rc = qe_jsonpath_set(p, doc, val);
    alloc_budget = -1;
    qe_set_allocator(NULL);
    CHECK(rc == QE_OK || rc == QE_ENOMEM);
    qe_jsonpath_free(p);
    qe_json_free(doc);
    qe_json_free(val);
  }
  CHECK(rc == QE_OK);
}

int main(void) {
  test_syntax();
  test_get();
  test_set();
  test_remove();
  test_f32();
  test_oom();
  return check_report("test_jsonpath");
}

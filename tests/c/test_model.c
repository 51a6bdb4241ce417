/* test_model.c — the schema registry: descriptors, validation paths,
 * normalisation, unions and the matches bindings use. */
#include <stdbool.h>
#include <stdlib.h>

#include "check.h"
#include "qedge/model.h"

static qe_json *parse(const char *s) {
  qe_json *v = NULL;
  qe_error e = {0};
  if (qe_json_parse(s, strlen(s), NULL, &v, &e)) fprintf(stderr, "bad test JSON: %s\n", s);
  return v;
}

/* Validate `text` as `model`; return the error code and copy path/message. */
static int run(const char *model, const char *text, unsigned flags, qe_error *e) {
  qe_json *v = parse(text);
  qe_error_clear(e);
  int rc = qe_model_check_name(model, v, flags, NULL, e);
  qe_json_free(v);
  return rc;
}

static void expect_error(const char *model, const char *text, unsigned flags, const char *path,
                         const char *fragment) {
  qe_error e = {0};
  int rc = run(model, text, flags, &e);
  CHECK(rc == QE_EINVAL);
  CHECK_STR(e.path, path);
  if (!strstr(e.message, fragment)) {
    fprintf(stderr, "  %s %s: message \"%s\" lacks \"%s\"\n", model, text, e.message, fragment);
    CHECK(false);
  }
}

static void expect_ok(const char *model, const char *text, unsigned flags) {
  qe_error e = {0};
  int rc = run(model, text, flags, &e);
  if (rc) fprintf(stderr, "  %s %s: unexpected error %s: %s\n", model, text, e.path, e.message);
  CHECK(rc == 0);
}

static void test_registry(void) {
  qe_error e = {0};
  CHECK(qe_registry_status(&e) == 0);
  if (e.code) fprintf(stderr, "registry: %s\n", e.message);
  CHECK(qe_model_count() > 200);
  /* sorted, findable, describable */
  for (size_t i = 0; i < qe_model_count(); i++) {
    const qe_model *m = qe_model_at(i);
    CHECK(qe_model_find(qe_model_name(m)) == m);
    if (i) CHECK(strcmp(qe_model_name(qe_model_at(i - 1)), qe_model_name(m)) < 0);
  }
  CHECK(qe_model_find("NoSuchModel") == NULL);
  CHECK(qe_model_at(qe_model_count()) == NULL);
  const char *needed[] = {"PointStruct",
                          "Filter",
                          "FieldCondition",
                          "VectorParams",
                          "CreateCollection",
                          "QueryRequest",
                          "ScrollRequest",
                          "CountRequest",
                          "FacetRequest",
                          "CollectionInfo",
                          "ScoredPoint",
                          "UpdateResult",
                          "ShardKeySelector",
                          "ClusterStatus",
                          "CollectionClusterInfo",
                          "MoveShardOperation",
                          "SnapshotDescription",
                          "EdgeConfig",
                          "EdgeVectorParams",
                          "VectorDataConfig",
                          "Distance"};
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
    if (!qe_model_find(needed[i])) fprintf(stderr, "missing model %s\n", needed[i]);
    CHECK(qe_model_find(needed[i]) != NULL);
  }
  qe_json *all = qe_registry_describe();
  CHECK(qe_json_array_len(all) == qe_model_count());
  qe_json *vp = qe_model_describe(qe_model_find("VectorParams"));
  CHECK_STR(qe_json_get_string(qe_json_object_get(vp, "kind"), NULL), "object");
  CHECK_STR(qe_json_get_string(qe_json_object_get(vp, "openapi"), NULL), "VectorParams");
  qe_json *fields = qe_json_object_get(vp, "fields");
  bool saw_size = false;
  for (size_t i = 0; i < qe_json_array_len(fields); i++) {
    qe_json *f = qe_json_array_at(fields, i);
    if (strcmp(qe_json_get_string(qe_json_object_get(f, "name"), NULL), "size") == 0) {
      saw_size = true;
      CHECK(qe_json_get_bool(qe_json_object_get(f, "required")));
    }
  }
  CHECK(saw_size);
  qe_json_free(vp);
  qe_json *dist = qe_model_describe(qe_model_find("Distance"));
  CHECK(qe_json_array_len(qe_json_object_get(dist, "values")) == 4);
  qe_json_free(dist);
  qe_json *cond = qe_model_describe(qe_model_find("Condition"));
  CHECK_STR(qe_json_get_string(qe_json_object_get(cond, "kind"), NULL), "union");
  CHECK(qe_json_array_len(qe_json_object_get(cond, "variants")) >= 7);
  qe_json_free(cond);
  qe_json_free(all);
}

static void test_objects_and_enums(void) {
  expect_ok("VectorParams", "{\"size\": 4, \"distance\": \"Cosine\"}", QE_CHECK_STRICT);
  expect_error("VectorParams", "{\"size\": 0, \"distance\": \"Cosine\"}", 0, "size",
               "must be from 1 to 65536");
  expect_error("VectorParams", "{\"size\": 4}", 0, "distance", "missing required field");
  expect_error("VectorParams", "{\"size\": 4, \"distance\": \"cosine\"}", 0, "distance",
               "expected one of \"Cosine\"");
  expect_error("VectorParams", "{\"size\": \"4\", \"distance\": \"Dot\"}", 0, "size",
               "expected an unsigned integer, got string \"4\"");
  expect_error("VectorParams", "{\"size\": 4.0, \"distance\": \"Dot\"}", 0, "size",
               "expected an unsigned integer");
  expect_error("VectorParams", "{\"size\": null, \"distance\": \"Dot\"}", 0, "size",
               "must not be null");
  expect_error("VectorParams", "[]", 0, "", "expected an object (VectorParams), got array");
  /* unknown fields: kept by default, refused in strict mode */
  expect_ok("VectorParams", "{\"size\": 4, \"distance\": \"Dot\", \"future\": 1}", 0);
  expect_error("VectorParams", "{\"size\": 4, \"distance\": \"Dot\", \"future\": 1}",
               QE_CHECK_STRICT, "future", "unknown field");
  /* optional fields accept null */
  expect_ok("VectorParams", "{\"size\": 4, \"distance\": \"Dot\", \"on_disk\": null}",
            QE_CHECK_STRICT);
  /* Filter denies unknown fields even without the strict flag */
  expect_error("Filter", "{\"must\": [], \"shuold\": []}", 0, "shuold", "unknown field");
  /* error paths through maps, arrays and nested models */
  expect_error("CreateCollection",
               "{\"vectors\": {\"image\": {\"size\": 4, \"distance\": \"Dot\"},"
               " \"text\": {\"size\": 4, \"distance\": \"Dott\"}}}",
               0, "vectors.text.distance", "expected one of");
  expect_error("CreateCollection", "{\"vectors\": {\"size\": 70000, \"distance\": \"Dot\"}}", 0,
               "vectors.size", "must be from 1 to 65536");
}

static void test_points(void) {
  expect_ok("PointStruct", "{\"id\": 18446744073709551615, \"vector\": [1, 2.5, -3]}",
            QE_CHECK_STRICT);
  expect_ok("PointStruct", "{\"id\": \"550e8400-e29b-41d4-a716-446655440000\", \"vector\": []}", 0);
  expect_error("PointStruct", "{\"id\": -1, \"vector\": [1]}", 0, "id", "not a valid point id");
  expect_error("PointStruct", "{\"id\": \"abc\", \"vector\": [1]}", 0, "id",
               "string \"abc\" is not a valid point id");
  expect_error("PointStruct", "{\"id\": \"5\", \"vector\": [1]}", 0, "id", "not a valid point id");
  expect_error("PointStruct", "{\"id\": 1.0, \"vector\": [1]}", 0, "id", "not a valid point id");
  expect_error("PointStruct", "{\"id\": 1, \"vector\": [1, \"x\", 3]}", 0, "vector[1]",
               "expected a number");
  expect_error("PointStruct", "{\"id\": 1, \"vector\": [1, 1e39]}", 0, "vector[1]",
               "float32 range");
  expect_error("PointStruct", "{\"id\": 1, \"vector\": {\"img\": [1, true]}}", 0, "vector.img[1]",
               "expected a number");
  /* a list of points through a type expression */
  qe_json *v = parse("[{\"id\": 1, \"vector\": [1]}, {\"id\": 2, \"vector\": [1]},"
                     " {\"id\": 3, \"vector\": [1]}, {\"id\": 4}]");
  qe_error e = {0};
  CHECK(qe_type_check("[PointStruct]", v, 0, NULL, &e) == QE_EINVAL);
  CHECK_STR(e.path, "[3].vector");
  qe_json_free(v);
  CHECK(qe_type_check("[PointStruct", NULL, 0, NULL, &e) == QE_EINVAL);
  CHECK(qe_type_check("[NoSuchModel]", NULL, 0, NULL, &e) == QE_EINVAL);
  CHECK(strstr(e.message, "NoSuchModel") != NULL);
}

static void test_coercion(void) {
  qe_error e = {0};
  /* vectors become packed float32, UUIDs canonical */
  qe_json *v = parse("{\"id\": \"{550E8400-E29B-41D4-A716-446655440000}\", \"vector\": [1, 0.5]}");
  CHECK(qe_model_check_name("PointStruct", v, QE_CHECK_COERCE, NULL, &e) == 0);
  CHECK(qe_json_kind_of(qe_json_object_get(v, "vector")) == QE_JSON_F32);
  CHECK_STR(qe_json_get_string(qe_json_object_get(v, "id"), NULL),
            "550e8400-e29b-41d4-a716-446655440000");
  qe_json_free(v);
  v = parse(
      "{\"id\": \"550e8400e29b41d4a716446655440000\", \"vector\": {\"a\": [[1, 2], [3, 4]]}}");
  CHECK(qe_model_check_name("PointStruct", v, QE_CHECK_COERCE, NULL, &e) == 0);
  qe_json *multi = qe_json_object_get(qe_json_object_get(v, "vector"), "a");
  CHECK(qe_json_kind_of(qe_json_array_at(multi, 1)) == QE_JSON_F32);
  CHECK_STR(qe_json_get_string(qe_json_object_get(v, "id"), NULL),
            "550e8400-e29b-41d4-a716-446655440000");
  qe_json_free(v);
  /* without COERCE nothing changes */
  v = parse("{\"id\": 1, \"vector\": [1, 0.5]}");
  CHECK(qe_model_check_name("PointStruct", v, 0, NULL, &e) == 0);
  CHECK(qe_json_kind_of(qe_json_object_get(v, "vector")) == QE_JSON_ARRAY);
  qe_json_free(v);
  /* digit strings as ids only when asked (Lua numbers cannot hold every u64) */
  v = parse("{\"id\": \"18446744073709551615\", \"vector\": [1]}");
  CHECK(qe_model_check_name("PointStruct", v, QE_CHECK_COERCE, NULL, &e) == QE_EINVAL);
  CHECK(qe_model_check_name("PointStruct", v, QE_CHECK_NUMERIC_STRING_IDS, NULL, &e) == 0);
  uint64_t id = 0;
  CHECK(qe_json_get_u64(qe_json_object_get(v, "id"), &id) && id == UINT64_MAX);
  qe_json_free(v);
  /* an empty object where an array is expected (Lua's {}) */
  v = parse("{\"has_id\": {}}");
  CHECK(qe_model_check_name("HasIdCondition", v, 0, NULL, &e) == QE_EINVAL);
  CHECK(qe_model_check_name("HasIdCondition", v, QE_CHECK_COERCE, NULL, &e) == 0);
  CHECK(qe_json_kind_of(qe_json_object_get(v, "has_id")) == QE_JSON_ARRAY);
  qe_json_free(v);
  /* ... but a union that takes a map keeps {} as an empty map: VectorStruct's
   * {} is a point without vectors, not an empty multivector */
  v = parse("{\"id\": 1, \"vector\": {}}");
  CHECK(qe_model_check_name("PointStruct", v, QE_CHECK_COERCE, NULL, &e) == 0);
  CHECK(qe_json_kind_of(qe_json_object_get(v, "vector")) == QE_JSON_OBJECT);
  qe_json_free(v);
  v = parse("{\"ids\": [1], \"vectors\": {}}");
  CHECK(qe_model_check_name("Batch", v, QE_CHECK_COERCE, NULL, &e) == 0);
  CHECK(qe_json_kind_of(qe_json_object_get(v, "vectors")) == QE_JSON_OBJECT);
  qe_json_free(v);
  /* unions without a map still read {} as [] (ContextInput, WithPayloadInterface) */
  v = parse("{\"context\": {}}");
  CHECK(qe_model_check_name("ContextQuery", v, QE_CHECK_COERCE, NULL, &e) == 0);
  CHECK(qe_json_kind_of(qe_json_object_get(v, "context")) == QE_JSON_ARRAY);
  qe_json_free(v);
  v = parse("{}");
  CHECK(qe_type_check("WithPayloadInterface", v, QE_CHECK_COERCE, NULL, &e) == 0);
  CHECK(qe_json_kind_of(v) == QE_JSON_ARRAY);
  qe_json_free(v);
  /* an f32 array is a valid vector; NaN inside is not */
  v = parse("{\"id\": 1}");
  float bad[3] = {1.0f, 0.0f, 2.0f};
  bad[1] = __builtin_nanf("");
  qe_json_object_set(v, "vector", qe_json_new_f32(bad, 3));
  CHECK(qe_model_check_name("PointStruct", v, 0, NULL, &e) == QE_EINVAL);
  CHECK_STR(e.path, "vector[1]");
  qe_json_free(v);
}

/* Every field with a default is filled in by QE_CHECK_DEFAULTS (and only
 * then), and its default is valid for its type. */
static void test_defaults(void) {
  int filled = 0;
  for (size_t i = 0; i < qe_model_count(); i++) {
    const qe_model *m = qe_model_at(i);
    if (qe_model_kind_of(m) != QE_MODEL_OBJECT) continue;
    qe_json *d = qe_model_describe(m);
    qe_json *fields = qe_json_object_get(d, "fields");
    bool required = false;
    for (size_t f = 0; f < qe_json_array_len(fields); f++)
      required |= qe_json_get_bool(qe_json_object_get(qe_json_array_at(fields, f), "required"));
    if (required) {
      qe_json_free(d);
      continue;
    }
    for (size_t f = 0; f < qe_json_array_len(fields); f++) {
      qe_json *fd = qe_json_array_at(fields, f);
      qe_json *def = qe_json_object_get(fd, "default");
      if (!def) continue;
      const char *name = qe_json_get_string(qe_json_object_get(fd, "name"), NULL);
      qe_json *v = qe_json_new_object();
      qe_error e = {0};
      CHECK(qe_model_check(m, v, 0, NULL, &e) == 0);
      CHECK(qe_json_object_get(v, name) == NULL);
      CHECK(qe_model_check(m, v, QE_CHECK_DEFAULTS, NULL, &e) == 0);
      CHECK(qe_json_equal(qe_json_object_get(v, name), def));
      filled++;
      qe_json_free(v);
    }
    qe_json_free(d);
  }
  CHECK(filled > 0);
}

static bool matched(const qe_model_matches *ms, const char *name) {
  for (size_t i = 0; i < ms->len; i++)
    if (strcmp(qe_model_name(ms->items[i].model), name) == 0) return true;
  return false;
}

static void test_unions_and_matches(void) {
  qe_error e = {0};
  qe_model_matches ms = {0};
  qe_json *v = parse("{\"must\": [{\"key\": \"city\", \"match\": {\"value\": \"Berlin\"}},"
                     " {\"has_id\": [1, 2]}, {\"is_empty\": {\"key\": \"tags\"}},"
                     " {\"should\": [{\"key\": \"n\", \"range\": {\"gte\": 1.5}}]}],"
                     " \"must_not\": {\"key\": \"x\", \"match\": {\"any\": [1, 2]}}}");
  CHECK(qe_model_check_name("Filter", v, QE_CHECK_STRICT, &ms, &e) == 0);
  if (e.code) fprintf(stderr, "%s: %s\n", e.path, e.message);
  CHECK(ms.len > 0 && ms.items[0].node == v &&
        strcmp(qe_model_name(ms.items[0].model), "Filter") == 0);
  CHECK(matched(&ms, "FieldCondition"));
  CHECK(matched(&ms, "MatchValue"));
  CHECK(matched(&ms, "MatchAny"));
  CHECK(matched(&ms, "HasIdCondition"));
  CHECK(matched(&ms, "IsEmptyCondition"));
  CHECK(!matched(&ms, "MatchText")); /* failed alternatives leave no trace */
  qe_model_matches_free(&ms);
  qe_json_free(v);
  /* the precise error of the alternative the user meant */
  expect_error("Filter", "{\"must\": [{\"key\": \"a\", \"match\": {\"value\": 1}}, {\"key\": 5}]}",
               0, "must[1].key", "expected a string");
  expect_error("Filter", "{\"must\": [{\"has_id\": [1, \"zz\"]}]}", 0, "must[0].has_id[1]",
               "not a valid point id");
  expect_error("Filter", "{\"must\": [{\"key\": \"a\"}]}", QE_CHECK_STRICT, "must[0]",
               "FieldCondition needs at least one of");
  expect_error("Filter", "{\"must\": 5}", 0, "must", "expected");
  /* the alternative that accepted the most fields is the one reported */
  expect_error("CreateCollection",
               "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\", \"extra\": 1}}", QE_CHECK_STRICT,
               "vectors.extra", "unknown field");
}

int main(void) {
  test_registry();
  test_objects_and_enums();
  test_points();
  test_coercion();
  test_defaults();
  test_unions_and_matches();
  return check_report("test_model");
}

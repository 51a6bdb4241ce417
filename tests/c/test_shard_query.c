/* test_shard_query.c — edge shard answers checked against Qdrant Edge's:
 * which points a sparse nearest query keeps, points without any vector,
 * scroll by order_by over arrays with repeated values, a query by point id
 * (the point itself left out) and what optimize() reports. */
#include <stdbool.h>
#include <stdlib.h>

#include "check.h"
#include "qedge/edge.h"

static char dir_template[] = "/tmp/qedge-shard-query-XXXXXX";
static char *root;

static qe_json *J(const char *text) {
  qe_json *v = NULL;
  qe_error e = {0};
  if (qe_json_parse(text, strlen(text), NULL, &v, &e)) {
    fprintf(stderr, "bad test JSON (%s): %s\n", e.message, text);
    abort();
  }
  return v;
}

static qe_shard *create(const char *name, const char *config) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", root, name);
  qe_json *cfg = J(config);
  qe_shard *s = NULL;
  qe_error e = {0};
  int rc = qe_shard_create(path, cfg, NULL, &s, &e);
  if (rc) fprintf(stderr, "create failed: %s: %s\n", e.path, e.message);
  CHECK(rc == 0);
  qe_json_free(cfg);
  return s;
}

static qe_shard *reopen(qe_shard *s, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", root, name);
  qe_error e = {0};
  CHECK(qe_shard_close(s, &e) == 0);
  s = NULL;
  CHECK(qe_shard_open(path, NULL, NULL, &s, &e) == 0);
  return s;
}

static void ok_update(qe_shard *s, const char *op) {
  qe_json *v = J(op);
  qe_error e = {0};
  int rc = qe_shard_update(s, v, NULL, &e);
  if (rc) fprintf(stderr, "update failed: %s: %s (%s)\n", e.path, e.message, op);
  CHECK(rc == 0);
  qe_json_free(v);
}

/* Run a read and return its answer as compact JSON text (caller frees), or
 * "error <code>: <path>: <message>". */
typedef int (*read_fn)(qe_shard *, qe_json *, qe_json **, qe_error *);

static char *run(read_fn fn, qe_shard *s, const char *req) {
  qe_json *v = J(req);
  qe_json *out = NULL;
  qe_error e = {0};
  int rc = fn(s, v, &out, &e);
  qe_json_free(v);
  if (rc) {
    char buf[QE_ERROR_PATH_MAX + sizeof e.message + 32];
    snprintf(buf, sizeof buf, "error %d: %s: %s", rc, e.path, e.message);
    return qe_strndup(buf, strlen(buf));
  }
  char *t = qe_json_to_string(out, 0, NULL);
  qe_json_free(out);
  return t;
}

/* [[id, score], ...] of a query. */
static char *query_scores(qe_shard *s, const char *req) {
  char *all = run(qe_shard_query, s, req);
  if (!all || strncmp(all, "error", 5) == 0) return all;
  qe_json *pts = J(all);
  qe_free(all);
  qe_json *out = qe_json_new_array();
  for (size_t i = 0; i < qe_json_array_len(pts); i++) {
    const qe_json *p = qe_json_array_at(pts, i);
    qe_json *pair = qe_json_new_array();
    qe_json_array_push(pair, qe_json_clone(qe_json_object_get(p, "id")));
    qe_json_array_push(pair, qe_json_clone(qe_json_object_get(p, "score")));
    qe_json_array_push(out, pair);
  }
  char *t = qe_json_to_string(out, 0, NULL);
  qe_json_free(out);
  qe_json_free(pts);
  return t;
}

/* [[id, order_value], ...] of a scroll. */
static char *scroll_order(qe_shard *s, const char *req) {
  char *all = run(qe_shard_scroll, s, req);
  if (!all || strncmp(all, "error", 5) == 0) return all;
  qe_json *res = J(all);
  qe_free(all);
  const qe_json *pts = qe_json_object_get(res, "points");
  qe_json *out = qe_json_new_array();
  for (size_t i = 0; i < qe_json_array_len(pts); i++) {
    const qe_json *p = qe_json_array_at(pts, i);
    qe_json *pair = qe_json_new_array();
    qe_json_array_push(pair, qe_json_clone(qe_json_object_get(p, "id")));
    qe_json_array_push(pair, qe_json_clone(qe_json_object_get(p, "order_value")));
    qe_json_array_push(out, pair);
  }
  char *t = qe_json_to_string(out, 0, NULL);
  qe_json_free(out);
  qe_json_free(res);
  return t;
}

#define EXPECT(expr, want)                                                                         \
  do {                                                                                             \
    char *got_ = (expr);                                                                           \
    CHECK_STR(got_, want);                                                                         \
    qe_free(got_);                                                                                 \
  } while (0)

/* Qdrant's sparse index keeps the points with a score other than 0; a
 * filter matching fewer than full_scan_threshold points makes it scan those
 * points instead, keeping every point sharing an index with the query. */
static void test_sparse_overlap(void) {
  static const char *points =
      "{\"upsert_points\": {\"points\": ["
      "{\"id\": 1, \"vector\": {\"sp\": {\"indices\": [1, 2], \"values\": [1, 2]}},"
      " \"payload\": {\"k\": 1}},"
      "{\"id\": 2, \"vector\": {\"sp\": {\"indices\": [3], \"values\": [1]}}, \"payload\": {\"k\": "
      "1}},"
      "{\"id\": 3, \"vector\": {\"sp\": {\"indices\": [1], \"values\": [0]}}, \"payload\": {\"k\": "
      "1}},"
      "{\"id\": 4, \"vector\": {\"sp\": {\"indices\": [5, 1], \"values\": [1, -1]}},"
      " \"payload\": {\"k\": 1}},"
      "{\"id\": 7, \"vector\": {\"sp\": {\"indices\": [1, 2], \"values\": [1, -0.5]}},"
      " \"payload\": {\"k\": 2}}]}}";
  const char *k1 = "{\"key\": \"k\", \"match\": {\"value\": 1}}";
  qe_shard *s = create("sparse", "{\"vectors\": {}, \"sparse_vectors\": {\"sp\": {}}}");
  ok_update(s, points);
  char req[512];
  /* no filter: the index; point 3 (overlap, score 0) and point 2 (no overlap) are left out */
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [1], \"values\": [1]}, \"using\": \"sp\"}"),
         "[[1,1.0],[7,1.0],[4,-1.0]]");
  /* 7 scores exactly 0 against [1, 2] */
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [2, 1], \"values\": [2, 1]}, \"using\": "
                         "\"sp\", \"limit\": 100}"),
         "[[1,5.0],[4,-1.0]]");
  /* no index shared with any point, or an empty query: nothing */
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [1000], \"values\": [1]}, \"using\": \"sp\"}"),
         "[]");
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [], \"values\": []}, \"using\": \"sp\"}"),
         "[]");
  /* a filter matching few points: a full scan, overlap with score 0 kept */
  snprintf(req, sizeof req,
           "{\"query\": {\"indices\": [1], \"values\": [1]}, \"using\": \"sp\","
           " \"filter\": {\"must\": [%s]}}",
           k1);
  EXPECT(query_scores(s, req), "[[1,1.0],[3,0.0],[4,-1.0]]");
  snprintf(req, sizeof req,
           "{\"query\": {\"indices\": [1000], \"values\": [1]}, \"using\": \"sp\","
           " \"filter\": {\"must\": [%s]}}",
           k1);
  EXPECT(query_scores(s, req), "[]");
  /* the score threshold still applies (strictly above) */
  snprintf(req, sizeof req,
           "{\"query\": {\"indices\": [1], \"values\": [1]}, \"using\": \"sp\","
           " \"score_threshold\": -1, \"filter\": {\"must\": [%s]}}",
           k1);
  EXPECT(query_scores(s, req), "[[1,1.0],[3,0.0]]");
  qe_shard_close(s, NULL);

  /* full_scan_threshold 3: a filter matching 4 points goes through the index */
  s = create("sparse-threshold",
             "{\"vectors\": {}, \"sparse_vectors\": {\"sp\": {\"full_scan_threshold\": 3}}}");
  ok_update(s, points);
  snprintf(req, sizeof req,
           "{\"query\": {\"indices\": [1], \"values\": [1]}, \"using\": \"sp\","
           " \"filter\": {\"must\": [%s]}}",
           k1);
  EXPECT(query_scores(s, req), "[[1,1.0],[4,-1.0]]");
  /* ... and one matching 2 points is scanned */
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [1, 2], \"values\": [1, 2]}, \"using\": "
                         "\"sp\", \"filter\": {\"must\": {\"has_id\": [3, 7]}}}"),
         "[[3,0.0],[7,0.0]]");
  qe_shard_close(s, NULL);
}

/* modifier idf: query values weighed by ln(1 + (N - n + 0.5) / (n + 0.5)). */
static void test_sparse_idf(void) {
  qe_shard *s = create("idf", "{\"vectors\": {\"d\": {\"size\": 2, \"distance\": \"Dot\"}},"
                              " \"sparse_vectors\": {\"sp\": {\"modifier\": \"idf\"}}}");
  ok_update(s, "{\"upsert_points\": {\"points\": ["
               "{\"id\": 1, \"vector\": {\"sp\": {\"indices\": [1, 2], \"values\": [1, 2]}}},"
               "{\"id\": 2, \"vector\": {\"sp\": {\"indices\": [3], \"values\": [1]}}},"
               "{\"id\": 3, \"vector\": {\"sp\": {\"indices\": [1], \"values\": [0]}}},"
               "{\"id\": 4, \"vector\": {\"d\": [1, 1]}}]}}");
  /* N = 3 points with "sp", n = 2 hold index 1 (a stored 0 counts): ln(1 + 1.5 / 2.5) */
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [1], \"values\": [1]}, \"using\": \"sp\"}"),
         "[[1,0.47000363]]");
  /* index 2: n = 1, ln(1 + 2.5 / 1.5); a repeated query index counts twice */
  EXPECT(query_scores(s, "{\"query\": {\"indices\": [2, 1, 1], \"values\": [1, 1, 1]}, "
                         "\"using\": \"sp\"}"),
         "[[1,2.9016657]]");
  /* a query by id is weighed too, and leaves the point out */
  EXPECT(query_scores(s, "{\"query\": 1, \"using\": \"sp\", \"filter\": {\"must\": "
                         "{\"has_id\": [2, 3]}}}"),
         "[[3,0.0]]");
  qe_shard_close(s, NULL);
}

/* `vector: {}` stores a point without any vector. */
static void test_point_without_vectors(void) {
  qe_shard *s = create("novec", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"},"
                                " \"sparse_vectors\": {\"sp\": {}}}");
  ok_update(s, "{\"upsert_points\": {\"points\": [{\"id\": 1, \"vector\": {}, \"payload\": "
               "{\"a\": 1}}, {\"id\": 2, \"vector\": [1, 2]}]}}");
  for (int round = 0; round < 3; round++) {
    EXPECT(run(qe_shard_retrieve, s, "{\"ids\": [1], \"with_vector\": true}"),
           "[{\"id\":1,\"payload\":{\"a\":1},\"vector\":{}}]");
    EXPECT(run(qe_shard_retrieve, s, "{\"ids\": [1], \"with_vector\": [\"\"]}"),
           "[{\"id\":1,\"payload\":{\"a\":1},\"vector\":{}}]");
    uint64_t n = 0;
    qe_json *req = J("{\"filter\": {\"must\": {\"has_vector\": \"\"}}}");
    CHECK(qe_shard_count(s, req, &n, NULL) == 0 && n == 1);
    qe_json_free(req);
    req = J("{\"filter\": {\"must_not\": [{\"has_vector\": \"\"}, {\"has_vector\": \"sp\"}]}}");
    CHECK(qe_shard_count(s, req, &n, NULL) == 0 && n == 1);
    qe_json_free(req);
    EXPECT(query_scores(s, "{\"query\": [1, 1]}"), "[[2,3.0]]");
    EXPECT(query_scores(s, "{}"), "[[1,1.0],[2,1.0]]");
    if (round == 0) s = reopen(s, "novec");
    if (round == 1) CHECK(qe_shard_flush(s, NULL) == 0);
  }
  /* {} updates no vector; deleting the last vector leaves {} too */
  ok_update(s, "{\"update_vectors\": {\"point_vectors\": [{\"id\": 2, \"vector\": {}}]}}");
  EXPECT(run(qe_shard_retrieve, s, "{\"ids\": [2], \"with_vector\": true}"),
         "[{\"id\":2,\"payload\":{},\"vector\":[1.0,2.0]}]");
  ok_update(s, "{\"delete_vectors\": {\"point_ids\": [2], \"vector_names\": [\"\"]}}");
  EXPECT(run(qe_shard_retrieve, s, "{\"ids\": [2], \"with_vector\": true}"),
         "[{\"id\":2,\"payload\":{},\"vector\":{}}]");
  /* a point without the vector cannot be the query */
  EXPECT(query_scores(s, "{\"query\": 1}"),
         "error 6: query: Vector with name \"\" for point not found");
  qe_shard_close(s, NULL);
}

/* A point is listed once per distinct value of the order_by key; points
 * sharing a value come in write order (reversed when descending). */
static void test_order_by_distinct_values(void) {
  qe_shard *s = create("order", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}");
  ok_update(s, "{\"create_field_index\": {\"field_name\": \"n\", \"field_schema\": \"integer\"}}");
  ok_update(s, "{\"create_field_index\": {\"field_name\": \"f\", \"field_schema\": \"float\"}}");
  ok_update(s, "{\"upsert_points\": {\"points\": ["
               "{\"id\": 50, \"vector\": [1, 1], \"payload\": {\"n\": [3, 3, 1], \"f\": [2.5, 2.5, "
               "1.0, 1]}},"
               "{\"id\": 10, \"vector\": [1, 1], \"payload\": {\"n\": 3, \"f\": 2.5}},"
               "{\"id\": 60, \"vector\": [1, 1], \"payload\": {\"n\": [1, 3, 1, 3], \"f\": [1, "
               "1.0]}},"
               "{\"id\": 7, \"vector\": [1, 1], \"payload\": {\"n\": [2, 1.5], \"f\": \"x\"}}]}}");
  EXPECT(scroll_order(s, "{\"order_by\": \"n\", \"limit\": 100}"),
         "[[50,1],[60,1],[7,2],[50,3],[10,3],[60,3]]");
  EXPECT(scroll_order(s, "{\"order_by\": {\"key\": \"n\", \"direction\": \"desc\"}}"),
         "[[60,3],[10,3],[50,3],[7,2],[60,1],[50,1]]");
  EXPECT(scroll_order(s, "{\"order_by\": {\"key\": \"n\", \"start_from\": 3}}"),
         "[[50,3],[10,3],[60,3]]");
  EXPECT(scroll_order(s, "{\"order_by\": {\"key\": \"n\", \"direction\": \"desc\","
                         " \"start_from\": 2}}"),
         "[[7,2],[60,1],[50,1]]");
  /* 1 and 1.0 are one value of a float key */
  EXPECT(scroll_order(s, "{\"order_by\": \"f\"}"), "[[50,1.0],[60,1.0],[50,2.5],[10,2.5]]");
  /* the limit counts entries, not points */
  EXPECT(scroll_order(s, "{\"order_by\": \"n\", \"limit\": 2}"), "[[50,1],[60,1]]");
  /* a rewritten point moves to the end of the write order, also after a flush */
  ok_update(s, "{\"set_payload\": {\"point_ids\": [50], \"payload\": {\"x\": 1}}}");
  CHECK(qe_shard_flush(s, NULL) == 0);
  EXPECT(scroll_order(s, "{\"order_by\": {\"key\": \"n\", \"start_from\": 3}}"),
         "[[10,3],[60,3],[50,3]]");
  qe_shard_close(s, NULL);
}

/* Exact score ties go to the smaller id (integers before UUIDs) wherever the
 * limit or the offset cuts them, so a shorter answer is a prefix of a longer
 * one; also when the tied points live in different segments. */
static void test_exact_tie_at_the_limit(void) {
  static const char *uuid_a = "00000000-0000-4000-8000-000000000001";
  qe_shard *s = create("tie", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}");
  ok_update(s, "{\"upsert_points\": {\"points\": [{\"id\": 2, \"vector\": [1, 0]},"
               "{\"id\": 1, \"vector\": [1, 0]}, {\"id\": 3, \"vector\": [0.5, 0]}]}}");
  EXPECT(query_scores(s, "{\"query\": [1, 0], \"limit\": 2}"), "[[1,1.0],[2,1.0]]");
  EXPECT(query_scores(s, "{\"query\": [1, 0], \"limit\": 1}"), "[[1,1.0]]");
  EXPECT(query_scores(s, "{\"query\": [1, 0], \"limit\": 1, \"offset\": 1}"), "[[2,1.0]]");
  /* a UUID and a smaller integer written later, in another segment */
  CHECK(qe_shard_flush(s, NULL) == 0);
  char op[256];
  snprintf(op, sizeof op,
           "{\"upsert_points\": {\"points\": [{\"id\": \"%s\", \"vector\": [1, 0]},"
           "{\"id\": 0, \"vector\": [1, 0]}]}}",
           uuid_a);
  ok_update(s, op);
  char want[160];
  snprintf(want, sizeof want, "[[0,1.0],[1,1.0],[2,1.0],[\"%s\",1.0],[3,0.5]]", uuid_a);
  EXPECT(query_scores(s, "{\"query\": [1, 0]}"), want);
  EXPECT(query_scores(s, "{\"query\": [1, 0], \"limit\": 1}"), "[[0,1.0]]");
  EXPECT(query_scores(s, "{\"query\": [1, 0], \"limit\": 2, \"offset\": 1}"), "[[1,1.0],[2,1.0]]");
  snprintf(want, sizeof want, "[[2,1.0],[\"%s\",1.0]]", uuid_a);
  EXPECT(query_scores(s, "{\"query\": [1, 0], \"limit\": 2, \"offset\": 2}"), want);
  qe_shard_close(s, NULL);
}

/* `query: <id>` searches with that point's vector and leaves the point out. */
static void test_query_by_id(void) {
  qe_shard *s = create("byid", "{\"vectors\": {\"size\": 2, \"distance\": \"Euclid\"}}");
  ok_update(s, "{\"upsert_points\": {\"points\": ["
               "{\"id\": 1, \"vector\": [0, 0]}, {\"id\": 2, \"vector\": [1, 0]},"
               "{\"id\": 3, \"vector\": [3, 0]}, {\"id\": 4, \"vector\": [6, 0]}]}}");
  EXPECT(query_scores(s, "{\"query\": 2}"), "[[1,1.0],[3,2.0],[4,5.0]]");
  EXPECT(query_scores(s, "{\"query\": {\"nearest\": 2}, \"limit\": 2}"), "[[1,1.0],[3,2.0]]");
  /* offset and limit count the other points */
  EXPECT(query_scores(s, "{\"query\": 2, \"limit\": 1, \"offset\": 1}"), "[[3,2.0]]");
  EXPECT(query_scores(s, "{\"query\": 2, \"offset\": 3}"), "[]");
  /* the filter may name the point: still left out */
  EXPECT(query_scores(s, "{\"query\": 2, \"filter\": {\"must\": {\"has_id\": [2, 4]}}}"),
         "[[4,5.0]]");
  EXPECT(query_scores(s, "{\"query\": 99}"), "error 6: query: No point with id 99 found");
  /* the point's newest version is left out, wherever it lives */
  CHECK(qe_shard_flush(s, NULL) == 0);
  ok_update(s, "{\"upsert_points\": {\"points\": [{\"id\": 2, \"vector\": [5, 0]}]}}");
  EXPECT(query_scores(s, "{\"query\": 2}"), "[[4,1.0],[3,2.0],[1,5.0]]");
  qe_shard_close(s, NULL);
}

/* optimize() tells whether it rewrote anything. */
static void test_optimize_result(void) {
  qe_shard *s = create("opt", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}");
  bool optimized = true;
  CHECK(qe_shard_optimize(s, &optimized, NULL) == 0 && !optimized);
  ok_update(s, "{\"upsert_points\": {\"points\": [{\"id\": 1, \"vector\": [1, 0]},"
               " {\"id\": 2, \"vector\": [0, 1]}]}}");
  /* one segment without dead rows: already optimal */
  CHECK(qe_shard_optimize(s, &optimized, NULL) == 0 && !optimized);
  ok_update(s, "{\"delete_points\": {\"point_ids\": [1]}}");
  CHECK(qe_shard_flush(s, NULL) == 0);
  CHECK(qe_shard_optimize(s, &optimized, NULL) == 0 && optimized);
  CHECK(qe_shard_optimize(s, &optimized, NULL) == 0 && !optimized);
  ok_update(s, "{\"upsert_points\": {\"points\": [{\"id\": 3, \"vector\": [1, 1]}]}}");
  CHECK(qe_shard_flush(s, NULL) == 0);
  /* two segments to merge */
  CHECK(qe_shard_optimize(s, &optimized, NULL) == 0 && optimized);
  CHECK(qe_shard_optimize(s, NULL, NULL) == 0);
  qe_error e = {0};
  CHECK(qe_shard_close(s, &e) == 0);
}

/* Rewriting many rows of the write buffer copies their sparse and multi
 * vectors inside the same growing arrays; the copies must stay intact. */
static void test_rewrite_rows_with_sparse_and_multi(void) {
  qe_shard *s = create("rewrite", "{\"vectors\": {\"m\": {\"size\": 2, \"distance\": \"Dot\", "
                                  "\"multivector_config\": {\"comparator\": \"max_sim\"}}}, "
                                  "\"sparse_vectors\": {\"s\": {}}}");
  char op[200000];
  size_t o = (size_t)snprintf(op, sizeof op, "{\"upsert_points\": {\"points\": [");
  for (int i = 1; i <= 50; i++)
    o += (size_t)snprintf(op + o, sizeof op - o,
                          "%s{\"id\": %d, \"vector\": {\"s\": {\"indices\": [%d, %d], \"values\": "
                          "[%d, 1]}, \"m\": [[%d, 1], [1, %d]]}}",
                          i > 1 ? ", " : "", i, i, 1000 + i, i, i, i);
  snprintf(op + o, sizeof op - o, "]}}");
  ok_update(s, op);
  o = (size_t)snprintf(op, sizeof op,
                       "{\"set_payload\": {\"payload\": {\"k\": 1}, \"point_ids\": [");
  for (int i = 1; i <= 50; i++)
    o += (size_t)snprintf(op + o, sizeof op - o, "%s%d", i > 1 ? ", " : "", i);
  snprintf(op + o, sizeof op - o, "]}}");
  ok_update(s, op);
  ok_update(s, op);
  for (int i = 1; i <= 50; i += 7) {
    char req[200], want[200];
    snprintf(req, sizeof req, "{\"ids\": [%d], \"with_vector\": true}", i);
    char *got = run(qe_shard_retrieve, s, req);
    snprintf(want, sizeof want, "\"s\":{\"indices\":[%d,%d],\"values\":[%d.0,1.0]}", i, 1000 + i,
             i);
    CHECK(got && strstr(got, want) != NULL);
    snprintf(want, sizeof want, "\"m\":[[%d.0,1.0],[1.0,%d.0]]", i, i);
    CHECK(got && strstr(got, want) != NULL);
    if (!got || !strstr(got, want)) fprintf(stderr, "retrieve %d: %s\n", i, got ? got : "(null)");
    free(got);
  }
  qe_error e = {0};
  CHECK(qe_shard_close(s, &e) == 0);
}

int main(void) {
  root = mkdtemp(dir_template);
  if (!root) return 1;
  test_sparse_overlap();
  test_sparse_idf();
  test_point_without_vectors();
  test_order_by_distinct_values();
  test_query_by_id();
  test_exact_tie_at_the_limit();
  test_optimize_result();
  test_rewrite_rows_with_sparse_and_multi();
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
  return check_report("test_shard_query");
}

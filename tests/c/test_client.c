/* test_client.c — the REST client against a real qedge-server started by
 * the test (skipped with a message when the binary is absent). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "qedge/qedge.h"
#include "server_helper.h"

static qe_json *J(const char *text) {
  qe_json *v = NULL;
  qe_error err = {0};
  if (qe_json_parse(text, strlen(text), NULL, &v, &err)) {
    fprintf(stderr, "bad test JSON: %s\n", err.message);
    abort();
  }
  return v;
}

/** Run op with a body given as JSON text; returns rc, *out the result. */
static int call(qe_client *c, qe_op op, const char *coll, const char *arg, const char *body,
                qe_json **out, qe_error *err) {
  qe_json *b = body ? J(body) : NULL;
  int rc = qe_client_call(c, op, coll, arg, b, NULL, out, err);
  qe_json_free(b);
  if (rc && err->code != QE_EHTTP && err->code != QE_EINVAL)
    fprintf(stderr, "  %s failed: %s\n", qe_op_get(op)->name, err->message);
  return rc;
}

static qe_json *get(qe_json *v, const char *path) {
  /* dotted path with numeric segments for arrays */
  char buf[128];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *tok = strtok(buf, "."); tok && v; tok = strtok(NULL, "."))
    v = (tok[0] >= '0' && tok[0] <= '9') ? qe_json_array_at(v, (size_t)atoi(tok))
                                         : qe_json_object_get(v, tok);
  return v;
}

static int64_t geti(qe_json *v, const char *path) {
  int64_t i = -1;
  qe_json_get_i64(get(v, path), &i);
  return i;
}

static void test_collections(qe_client *c) {
  qe_error err = {0};
  qe_json *r = NULL;
  CHECK(call(c, QE_OP_CREATE_COLLECTION, "docs", NULL,
             "{\"vectors\":{\"size\":4,\"distance\":\"Dot\"}}", &r, &err) == 0);
  CHECK(qe_json_get_bool(r));
  qe_json_free(r);
  CHECK(qe_client_collection_exists(c, "docs", NULL, &r, &err) == 0);
  CHECK(qe_json_get_bool(get(r, "exists")));
  qe_json_free(r);
  CHECK(qe_client_collection_exists(c, "nope", NULL, &r, &err) == 0);
  CHECK(!qe_json_get_bool(get(r, "exists")));
  qe_json_free(r);
  CHECK(qe_client_get_collections(c, NULL, &r, &err) == 0);
  CHECK(qe_json_array_len(get(r, "collections")) == 1);
  CHECK_STR(qe_json_get_string(get(r, "collections.0.name"), NULL), "docs");
  qe_json_free(r);

  /* A second create answers 409 with Qdrant's message. */
  qe_http_response raw = {0};
  qe_json *body = J("{\"vectors\":{\"size\":4,\"distance\":\"Dot\"}}");
  qe_call_options o = {.response = &raw};
  CHECK(qe_client_create_collection(c, "docs", body, &o, &r, &err) == QE_EHTTP);
  CHECK(r == NULL);
  CHECK(raw.status == 409);
  CHECK(strncmp(err.message, "409 Conflict: ", 14) == 0);
  CHECK(strstr(err.message, "already exists") != NULL);
  qe_json_free(body);
  qe_http_response_free(&raw);

  /* Missing collection: 404. */
  o = (qe_call_options){.response = &raw};
  CHECK(qe_client_get_collection(c, "nope", &o, &r, &err) == QE_EHTTP);
  CHECK(raw.status == 404);
  CHECK(strstr(err.message, "nope") != NULL);
  qe_http_response_free(&raw);

  /* Bad input is refused before any request, naming the path. */
  o = (qe_call_options){.response = &raw};
  body = J("{\"vectors\":{\"size\":0,\"distance\":\"Dot\"}}");
  CHECK(qe_client_create_collection(c, "bad", body, &o, &r, &err) == QE_EINVAL);
  CHECK(raw.status == 0 && raw.attempts == 0);
  CHECK(strstr(err.path, "size") != NULL);
  qe_json_free(body);
  CHECK(qe_client_collection_exists(c, "bad", NULL, &r, &err) == 0);
  CHECK(!qe_json_get_bool(get(r, "exists")));
  qe_json_free(r);
  CHECK(qe_client_get_collection(c, NULL, NULL, &r, &err) == QE_EINVAL);
  CHECK_STR(err.path, "collection_name");
}

static void test_points(qe_client *c) {
  qe_error err = {0};
  qe_json *r = NULL;
  CHECK(call(c, QE_OP_UPSERT, "docs", NULL,
             "{\"points\":["
             "{\"id\":1,\"vector\":[1,0,0,0],\"payload\":{\"color\":\"red\",\"n\":1}},"
             "{\"id\":2,\"vector\":[0.5,0.5,0,0],\"payload\":{\"color\":\"blue\",\"n\":2}},"
             "{\"id\":\"5c56c793-69f3-4fbf-87e6-c4bf54c28c26\",\"vector\":[0.1,0.2,0.3,0.4],"
             "\"payload\":{\"color\":\"red\",\"n\":3}}]}",
             &r, &err) == 0);
  CHECK_STR(qe_json_get_string(get(r, "status"), NULL), "completed");
  qe_json_free(r);

  /* Bad vector: refused locally with the path, nothing written. */
  CHECK(call(c, QE_OP_UPSERT, "docs", NULL, "{\"points\":[{\"id\":9,\"vector\":[1,\"x\"]}]}", &r,
             &err) == QE_EINVAL);
  CHECK(strncmp(err.path, "points[0].vector", 16) == 0);
  CHECK(call(c, QE_OP_COUNT, "docs", NULL, "{\"exact\":true}", &r, &err) == 0);
  CHECK(geti(r, "count") == 3);
  qe_json_free(r);

  /* Retrieve with vectors: f32 values round-trip exactly. */
  CHECK(call(c, QE_OP_RETRIEVE, "docs", NULL,
             "{\"ids\":[\"5C56C793-69F3-4FBF-87E6-C4BF54C28C26\"],\"with_vector\":true}", &r,
             &err) == 0);
  CHECK(qe_json_array_len(r) == 1);
  CHECK_STR(qe_json_get_string(get(r, "0.id"), NULL), "5c56c793-69f3-4fbf-87e6-c4bf54c28c26");
  qe_json *vec = get(r, "0.vector");
  CHECK(qe_json_array_len(vec) == 4);
  CHECK((float)qe_json_get_double(qe_json_array_at(vec, 2)) == 0.3f);
  qe_json_free(r);

  /* Query: dot products 1.0 > 0.5 > 0.1 for [1,0,0,0]. */
  CHECK(call(c, QE_OP_QUERY_POINTS, "docs", NULL,
             "{\"query\":[1,0,0,0],\"limit\":2,\"with_payload\":true}", &r, &err) == 0);
  qe_json *pts = get(r, "points");
  CHECK(qe_json_array_len(pts) == 2);
  CHECK(geti(pts, "0.id") == 1 && geti(pts, "1.id") == 2);
  CHECK(fabs(qe_json_get_double(get(pts, "0.score")) - 1.0) < 1e-6);
  CHECK(fabs(qe_json_get_double(get(pts, "1.score")) - 0.5) < 1e-6);
  CHECK_STR(qe_json_get_string(get(pts, "1.payload.color"), NULL), "blue");
  qe_json_free(r);

  CHECK(call(c, QE_OP_QUERY_BATCH_POINTS, "docs", NULL,
             "{\"searches\":[{\"query\":[0,0,0,1],\"limit\":1},"
             "{\"query\":[1,0,0,0],\"limit\":3,\"filter\":{\"must\":[{\"key\":\"color\","
             "\"match\":{\"value\":\"red\"}}]}}]}",
             &r, &err) == 0);
  CHECK(qe_json_array_len(r) == 2);
  CHECK_STR(qe_json_get_string(get(r, "0.points.0.id"), NULL),
            "5c56c793-69f3-4fbf-87e6-c4bf54c28c26");
  CHECK(qe_json_array_len(get(r, "1.points")) == 2);
  CHECK(geti(r, "1.points.0.id") == 1);
  qe_json_free(r);

  CHECK(call(c, QE_OP_SEARCH, "docs", NULL, "{\"vector\":[0,1,0,0],\"limit\":1}", &r, &err) == 0);
  CHECK(qe_json_array_len(r) == 1 && geti(r, "0.id") == 2);
  qe_json_free(r);

  CHECK(call(c, QE_OP_SCROLL, "docs", NULL, "{\"limit\":2}", &r, &err) == 0);
  CHECK(qe_json_array_len(get(r, "points")) == 2);
  CHECK(geti(r, "points.0.id") == 1);
  CHECK_STR(qe_json_get_string(get(r, "next_page_offset"), NULL),
            "5c56c793-69f3-4fbf-87e6-c4bf54c28c26");
  qe_json_free(r);

  /* Payload operations. */
  CHECK(call(c, QE_OP_SET_PAYLOAD, "docs", NULL, "{\"payload\":{\"tag\":\"x\"},\"points\":[1]}", &r,
             &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_OVERWRITE_PAYLOAD, "docs", NULL,
             "{\"payload\":{\"only\":true},\"points\":[2]}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_DELETE_PAYLOAD, "docs", NULL, "{\"keys\":[\"n\"],\"points\":[1]}", &r,
             &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_RETRIEVE, "docs", NULL, "{\"ids\":[1,2]}", &r, &err) == 0);
  qe_json *want1 = J("{\"color\":\"red\",\"tag\":\"x\"}"), *want2 = J("{\"only\":true}");
  CHECK(qe_json_equal(get(r, "0.payload"), want1));
  CHECK(qe_json_equal(get(r, "1.payload"), want2));
  qe_json_free(want1);
  qe_json_free(want2);
  qe_json_free(r);
  CHECK(call(c, QE_OP_CLEAR_PAYLOAD, "docs", NULL, "{\"points\":[2]}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_RETRIEVE, "docs", NULL, "{\"ids\":[2]}", &r, &err) == 0);
  CHECK(qe_json_object_len(get(r, "0.payload")) == 0);
  qe_json_free(r);

  /* Vectors. */
  CHECK(call(c, QE_OP_UPDATE_VECTORS, "docs", NULL,
             "{\"points\":[{\"id\":2,\"vector\":[0,0,2,0]}]}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_QUERY_POINTS, "docs", NULL, "{\"query\":[0,0,1,0],\"limit\":1}", &r, &err) ==
        0);
  CHECK(geti(r, "points.0.id") == 2);
  CHECK(fabs(qe_json_get_double(get(r, "points.0.score")) - 2.0) < 1e-6);
  qe_json_free(r);

  /* Facet needs a keyword index. */
  CHECK(call(c, QE_OP_CREATE_PAYLOAD_INDEX, "docs", NULL,
             "{\"field_name\":\"color\",\"field_schema\":\"keyword\"}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_FACET, "docs", NULL, "{\"key\":\"color\"}", &r, &err) == 0);
  CHECK(qe_json_array_len(get(r, "hits")) == 1);
  CHECK_STR(qe_json_get_string(get(r, "hits.0.value"), NULL), "red");
  CHECK(geti(r, "hits.0.count") == 2);
  qe_json_free(r);
  CHECK(qe_client_delete_payload_index(c, "docs", "color", NULL, &r, &err) == 0);
  qe_json_free(r);

  /* Delete by id, then by filter. */
  CHECK(call(c, QE_OP_DELETE, "docs", NULL, "{\"points\":[1]}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_DELETE, "docs", NULL,
             "{\"filter\":{\"must\":[{\"key\":\"n\",\"range\":{\"gte\":3}}]}}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_COUNT, "docs", NULL, "{}", &r, &err) == 0);
  CHECK(geti(r, "count") == 1);
  qe_json_free(r);
}

static void test_aliases_shards_cluster(qe_client *c) {
  qe_error err = {0};
  qe_json *r = NULL;
  CHECK(call(c, QE_OP_UPDATE_COLLECTION_ALIASES, NULL, NULL,
             "{\"actions\":[{\"create_alias\":{\"collection_name\":\"docs\","
             "\"alias_name\":\"papers\"}}]}",
             &r, &err) == 0);
  qe_json_free(r);
  CHECK(qe_client_get_aliases(c, NULL, &r, &err) == 0);
  CHECK_STR(qe_json_get_string(get(r, "aliases.0.alias_name"), NULL), "papers");
  qe_json_free(r);
  CHECK(qe_client_get_collection_aliases(c, "docs", NULL, &r, &err) == 0);
  CHECK(qe_json_array_len(get(r, "aliases")) == 1);
  qe_json_free(r);
  CHECK(call(c, QE_OP_COUNT, "papers", NULL, "{}", &r, &err) == 0); /* through the alias */
  CHECK(geti(r, "count") == 1);
  qe_json_free(r);

  CHECK(call(c, QE_OP_CREATE_COLLECTION, "tenants", NULL,
             "{\"vectors\":{\"size\":2,\"distance\":\"Euclid\"},\"sharding_method\":\"custom\"}",
             &r, &err) == 0);
  qe_json_free(r);
  CHECK(call(c, QE_OP_CREATE_SHARD_KEY, "tenants", NULL, "{\"shard_key\":\"acme\"}", &r, &err) ==
        0);
  qe_json_free(r);
  CHECK(qe_client_list_shard_keys(c, "tenants", NULL, &r, &err) == 0);
  CHECK_STR(qe_json_get_string(get(r, "shard_keys.0.key"), NULL), "acme");
  qe_json_free(r);
  CHECK(call(c, QE_OP_UPSERT, "tenants", NULL,
             "{\"points\":[{\"id\":1,\"vector\":[1,1]}],\"shard_key\":\"acme\"}", &r, &err) == 0);
  qe_json_free(r);
  CHECK(qe_client_collection_cluster_info(c, "tenants", NULL, &r, &err) == 0);
  CHECK(qe_json_array_len(get(r, "local_shards")) >= 1);
  qe_json_free(r);
  CHECK(call(c, QE_OP_DELETE_SHARD_KEY, "tenants", NULL, "{\"shard_key\":\"acme\"}", &r, &err) ==
        0);
  qe_json_free(r);
  CHECK(qe_client_cluster_status(c, NULL, &r, &err) == 0);
  CHECK_STR(qe_json_get_string(get(r, "status"), NULL), "enabled");
  qe_json_free(r);
  CHECK(qe_client_delete_collection(c, "tenants", NULL, &r, &err) == 0);
  CHECK(qe_json_get_bool(r));
  qe_json_free(r);
}

int main(void) {
  test_server s = {0};
  int rc = test_server_start(&s);
  if (rc == -1) {
    printf("test_client: SKIPPED — qedge-server binary not found (build it, or set "
           "QEDGE_SERVER_BIN)\n");
    return 0;
  }
  CHECK(rc == 0);
  if (rc != 0) return check_report("test_client");
  qe_client *c = NULL;
  qe_error err = {0};
  CHECK(qe_client_new(&(qe_client_options){.http = {.url = s.url}}, &c, &err) == 0);
  qe_op op;
  CHECK(qe_op_find("query_points", &op) && op == QE_OP_QUERY_POINTS);
  CHECK(!qe_op_find("nope", &op));
  for (unsigned i = 0; i < QE_OP_COUNT_; i++) {
    const qe_op_info *info = qe_op_get((qe_op)i);
    CHECK(info && info->name);
    if (info->body_model) CHECK(qe_model_find(info->body_model) != NULL);
    qe_json *nul = qe_json_new_null();
    /* every result type expression parses (a null fails the check, not the parse) */
    qe_error terr = {0};
    qe_type_check(info->result_type, nul, 0, NULL, &terr);
    CHECK(strstr(terr.message, "type expression") == NULL);
    qe_json_free(nul);
  }
  test_collections(c);
  test_points(c);
  test_aliases_shards_cluster(c);
  qe_client_free(c);
  CHECK(test_server_stop(&s) == 0);
  return check_report("test_client");
}

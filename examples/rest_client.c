/*
 * rest_client.c — the Qdrant REST client from C: create a collection,
 * upsert two points, query, delete the collection.
 *
 *   build/release/server/qedge-server --storage /tmp/qd &   # or a real Qdrant
 *   build/release/examples/example_rest_client [http://127.0.0.1:6333]
 */
#include <stdio.h>
#include <string.h>

#include <qedge/qedge.h>

/** Parse JSON text (the example's inputs are constant, so failure is a bug). */
static qe_json *json(const char *text) {
  qe_json *v = NULL;
  qe_json_parse(text, strlen(text), NULL, &v, NULL);
  return v;
}

int main(int argc, char **argv) {
  qe_client_options opts = {0};
  opts.http.url = argc > 1 ? argv[1] : "http://127.0.0.1:6333";
  opts.http.timeout = 10; /* seconds per attempt */
  qe_client *c = NULL;
  qe_error err = {0};
  char msg[QE_ERROR_MESSAGE_MAX + QE_ERROR_PATH_MAX];
  if (qe_client_new(&opts, &c, &err)) {
    fprintf(stderr, "client: %s\n", qe_error_format(&err, msg, sizeof msg));
    return 1;
  }
  qe_json *create = json("{\"vectors\": {\"size\": 3, \"distance\": \"Cosine\"}}");
  qe_json *points =
      json("{\"points\": ["
           "{\"id\": 1, \"vector\": [0.9, 0.1, 0.0], \"payload\": {\"city\": \"Berlin\"}},"
           "{\"id\": 2, \"vector\": [0.1, 0.9, 0.0], \"payload\": {\"city\": \"Lisbon\"}}]}");
  qe_json *query = json("{\"query\": [1.0, 0.0, 0.0], \"limit\": 1, \"with_payload\": true}");
  qe_json *result = NULL;
  int rc = qe_client_create_collection(c, "example", create, NULL, NULL, &err);
  if (!rc) rc = qe_client_upsert(c, "example", points, NULL, NULL, &err);
  if (!rc) rc = qe_client_query_points(c, "example", query, NULL, &result, &err);
  if (!rc) {
    char *text = qe_json_to_string(result, QE_EMIT_PRETTY, NULL);
    printf("%s\n", text ? text : "?");
    qe_free(text);
    rc = qe_client_delete_collection(c, "example", NULL, NULL, &err);
  }
  if (rc) fprintf(stderr, "error: %s\n", qe_error_format(&err, msg, sizeof msg));
  qe_json_free(result);
  qe_json_free(create);
  qe_json_free(points);
  qe_json_free(query);
  qe_client_free(c);
  return rc ? 1 : 0;
}

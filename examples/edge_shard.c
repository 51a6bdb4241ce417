/* edge_shard.c — the main job in C: an embedded edge shard in a directory,
 * written, queried with a filter, closed, reopened and queried again.
 * Usage: example_edge_shard [DIR]   (default: a new temporary directory) */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qedge/qedge.h"

static qe_json *json(const char *text) {
  qe_json *v = NULL;
  qe_error err = {0};
  if (qe_json_parse(text, strlen(text), NULL, &v, &err)) {
    fprintf(stderr, "bad JSON: %s\n", err.message);
    exit(1);
  }
  return v;
}

static void die(const char *what, const qe_error *err) {
  char msg[QE_ERROR_PATH_MAX + QE_ERROR_MESSAGE_MAX + 2];
  fprintf(stderr, "%s: %s\n", what, qe_error_format(err, msg, sizeof msg));
  exit(1);
}

static void show(const char *title, qe_json *v) {
  char *t = qe_json_to_string(v, 0, NULL);
  printf("%s %s\n", title, t);
  qe_free(t);
  qe_json_free(v);
}

int main(int argc, char **argv) {
  char tmpl[] = "/tmp/qedge-example-XXXXXX";
  const char *dir = argc > 1 ? argv[1] : mkdtemp(tmpl);
  char path[4096];
  snprintf(path, sizeof path, "%s/shard", dir);
  qe_error err = {0};
  qe_shard *shard = NULL;
  qe_json *config = json("{\"vectors\": {\"size\": 4, \"distance\": \"Cosine\"}}");
  if (qe_shard_open(path, NULL, NULL, &shard, &err) == QE_ENOTFOUND &&
      qe_shard_create(path, config, NULL, &shard, &err))
    die("create", &err);
  if (!shard) die("open", &err);
  qe_json_free(config);

  qe_json *op = json(
      "{\"upsert_points\": {\"points\": ["
      "{\"id\": 1, \"vector\": [0.05, 0.61, 0.76, 0.74], \"payload\": {\"city\": \"Berlin\"}},"
      "{\"id\": 2, \"vector\": [0.19, 0.81, 0.75, 0.11], \"payload\": {\"city\": \"London\"}},"
      "{\"id\": 3, \"vector\": [0.36, 0.55, 0.47, 0.94], \"payload\": {\"city\": \"Moscow\"}},"
      "{\"id\": 4, \"vector\": [0.18, 0.01, 0.85, 0.80], \"payload\": {\"city\": \"New York\"}},"
      "{\"id\": 5, \"vector\": [0.24, 0.18, 0.22, 0.44], \"payload\": {\"city\": \"Beijing\"}},"
      "{\"id\": 6, \"vector\": [0.35, 0.08, 0.11, 0.44], \"payload\": {\"city\": \"Mumbai\"}}]}}");
  uint64_t seq = 0;
  if (qe_shard_update(shard, op, &seq, &err)) die("upsert", &err);
  qe_json_free(op);
  printf("upserted 6 points (operation %llu, durable before it returned)\n",
         (unsigned long long)seq);

  qe_json *req = json("{\"query\": [0.2, 0.1, 0.9, 0.7], \"limit\": 3, \"with_payload\": true}");
  qe_json *points = NULL;
  if (qe_shard_query(shard, req, &points, &err)) die("query", &err);
  qe_json_free(req);
  show("nearest 3:", points);

  req = json("{\"query\": [0.2, 0.1, 0.9, 0.7], \"limit\": 3, \"filter\": {\"must\": "
             "{\"key\": \"city\", \"match\": {\"any\": [\"London\", \"Mumbai\"]}}}}");
  if (qe_shard_query(shard, req, &points, &err)) die("filtered query", &err);
  qe_json_free(req);
  show("nearest in London or Mumbai:", points);

  /* bad input is refused whole, with the path of the bad value */
  op = json("{\"upsert_points\": {\"points\": [{\"id\": 7, \"vector\": [1, 2, 3]}]}}");
  if (qe_shard_update(shard, op, NULL, &err) == 0) {
    fprintf(stderr, "a wrong dimension was accepted\n");
    return 1;
  }
  printf("refused: %s: %s\n", err.path, err.message);
  qe_json_free(op);

  if (qe_shard_close(shard, &err)) die("close", &err);
  if (qe_shard_open(path, NULL, NULL, &shard, &err)) die("reopen", &err);
  uint64_t n = 0;
  if (qe_shard_count(shard, NULL, &n, &err)) die("count", &err);
  printf("after reopening: %llu points\n", (unsigned long long)n);
  qe_shard_close(shard, NULL);
  if (argc <= 1) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
  }
  return n == 6 ? 0 : 1;
}

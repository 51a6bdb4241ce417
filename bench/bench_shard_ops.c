/*
 * bench_shard_ops.c — the raw engine rate of one query request and one upsert
 * request, for bench_server.py to set beside qedge-server's HTTP rate of the
 * same requests.
 *
 *   bench_shard_ops SHARD_DIR QUERY.json UPSERT.json SECONDS
 *
 * Opens the edge shard in SHARD_DIR (the one the server served, with the
 * server's default options), then for SECONDS each runs, one at a time in
 * one thread: qe_shard_query with a copy of the QueryRequest in QUERY.json,
 * and qe_shard_update with {"upsert_points": <the PointsList in UPSERT.json>}
 * (fsynced before it returns, as the server's wait=true upsert is). Prints
 * one JSON line per operation: {"op", "ops", "ops_per_s", "p50_us",
 * "p99_us"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qedge/base.h"
#include "qedge/edge.h"
#include "qedge/json.h"

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static qe_json *read_json(const char *path) {
  char *text = NULL;
  size_t len = 0;
  qe_error err = {0};
  qe_json *v = NULL;
  if (qe_fs_read_all(path, 64u << 20, &text, &len, &err) ||
      qe_json_parse(text, len, NULL, &v, &err)) {
    fprintf(stderr, "bench_shard_ops: %s: %s\n", path, err.message);
    exit(1);
  }
  qe_free(text);
  return v;
}

#define MAX_SAMPLES (1u << 22)

typedef int (*op_fn)(qe_shard *sh, const qe_json *req, qe_error *err);

static int do_query(qe_shard *sh, const qe_json *req, qe_error *err) {
  qe_json *copy = qe_json_clone(req), *points = NULL;
  int rc = qe_shard_query(sh, copy, &points, err);
  qe_json_free(copy);
  qe_json_free(points);
  return rc;
}

static int do_upsert(qe_shard *sh, const qe_json *op, qe_error *err) {
  qe_json *copy = qe_json_clone(op);
  int rc = qe_shard_update(sh, copy, NULL, err);
  qe_json_free(copy);
  return rc;
}

static void run(const char *name, op_fn fn, qe_shard *sh, const qe_json *req, double seconds,
                double *lat) {
  qe_error err = {0};
  size_t n = 0;
  double t0 = now_s(), end = t0 + seconds, t = t0;
  while (t < end && n < MAX_SAMPLES) {
    if (fn(sh, req, &err)) {
      fprintf(stderr, "bench_shard_ops: %s: %s\n", name, err.message);
      exit(1);
    }
    double t1 = now_s();
    lat[n++] = t1 - t;
    t = t1;
  }
  double total = t - t0;
  qsort(lat, n, sizeof *lat, cmp_double);
  printf(
      "{\"op\": \"%s\", \"ops\": %zu, \"ops_per_s\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f}\n",
      name, n, (double)n / total, lat[n / 2] * 1e6, lat[(size_t)((double)n * 0.99)] * 1e6);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: bench_shard_ops SHARD_DIR QUERY.json UPSERT.json SECONDS\n");
    return 2;
  }
  double seconds = atof(argv[4]);
  qe_json *query = read_json(argv[2]);
  qe_json *upsert = qe_json_new_object();
  qe_json_object_set(upsert, "upsert_points", read_json(argv[3]));
  qe_error err = {0};
  qe_shard *sh = NULL;
  if (qe_shard_open(argv[1], NULL, NULL, &sh, &err)) {
    fprintf(stderr, "bench_shard_ops: %s: %s\n", argv[1], err.message);
    return 1;
  }
  double *lat = malloc(MAX_SAMPLES * sizeof *lat);
  if (!lat) return 1;
  run("query", do_query, sh, query, seconds, lat);
  run("upsert", do_upsert, sh, upsert, seconds, lat);
  free(lat);
  qe_json_free(query);
  qe_json_free(upsert);
  return qe_shard_close(sh, &err) ? 1 : 0;
}

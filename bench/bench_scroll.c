/* bench_scroll.c — time paging through a shard with scroll: plain id pages
 * (offset = next_page_offset) and order_by pages (start_from = the last
 * value seen, points already seen on it left out by a has_id must_not, the
 * documented recipe). Not a test: prints timings only.
 *
 *   bench_scroll [points] [page]     (defaults 10000 and 100)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qedge/edge.h"

static qe_json *J(const char *text) {
  qe_json *v = NULL;
  if (qe_json_parse(text, strlen(text), NULL, &v, NULL)) abort();
  return v;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void must(int rc, const qe_error *e, const char *what) {
  if (!rc) return;
  fprintf(stderr, "%s failed: %s: %s\n", what, e->path, e->message);
  exit(1);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 10000;
  size_t page = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 100;
  char dir[] = "/tmp/qedge-bench-scroll-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[64];
  snprintf(path, sizeof path, "%s/s", dir);
  qe_error e = {0};
  qe_shard *s = NULL;
  qe_json *cfg = J("{\"vectors\": {\"size\": 4, \"distance\": \"Dot\"}}");
  must(qe_shard_create(path, cfg, NULL, &s, &e), &e, "create");
  qe_json_free(cfg);
  qe_json *ix =
      J("{\"create_field_index\": {\"field_name\": \"n\", \"field_schema\": \"integer\"}}");
  must(qe_shard_update(s, ix, NULL, &e), &e, "index");
  qe_json_free(ix);
  /* ids scattered over [0, 4n), in batches of 1000 */
  unsigned long long x = 88172645463325252ull;
  for (size_t b = 0; b < n; b += 1000) {
    qe_json *pts = qe_json_new_array();
    for (size_t i = b; i < n && i < b + 1000; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      char buf[160];
      snprintf(buf, sizeof buf,
               "{\"id\": %zu, \"vector\": [1, 0, 0, 0], \"payload\": {\"n\": %llu}}",
               i * 4 + (size_t)(x % 4), x % 1000);
      qe_json_array_push(pts, J(buf));
    }
    qe_json *op = qe_json_new_object(), *up = qe_json_new_object();
    qe_json_object_set(up, "points", pts);
    qe_json_object_set(op, "upsert_points", up);
    must(qe_shard_update(s, op, NULL, &e), &e, "upsert");
    qe_json_free(op);
  }
  /* plain scroll, page after page */
  double t0 = now();
  size_t seen = 0, pages = 0;
  qe_json *offset = NULL;
  do {
    qe_json *req = qe_json_new_object(), *res = NULL;
    qe_json_object_set(req, "limit", qe_json_new_uint(page));
    qe_json_object_set(req, "with_payload", qe_json_new_bool(false));
    if (offset) qe_json_object_set(req, "offset", offset);
    must(qe_shard_scroll(s, req, &res, &e), &e, "scroll");
    qe_json_free(req);
    seen += qe_json_array_len(qe_json_object_get(res, "points"));
    const qe_json *nxt = qe_json_object_get(res, "next_page_offset");
    offset = qe_json_kind_of(nxt) == QE_JSON_NULL ? NULL : qe_json_clone(nxt);
    qe_json_free(res);
    pages++;
  } while (offset);
  double t1 = now();
  printf("plain scroll: %zu points in %zu pages of %zu: %.1f ms\n", seen, pages, page,
         (t1 - t0) * 1e3);
  /* order_by, asc, start_from = the last value seen; ids seen on it excluded */
  t0 = now();
  seen = pages = 0;
  long long last = -1;
  qe_json *on_last = qe_json_new_array();
  for (;;) {
    qe_json *req = qe_json_new_object(), *res = NULL, *ob = qe_json_new_object();
    qe_json_object_set(req, "limit", qe_json_new_uint(page));
    qe_json_object_set(req, "with_payload", qe_json_new_bool(false));
    qe_json_object_set(ob, "key", qe_json_new_cstr("n"));
    if (last >= 0) {
      qe_json_object_set(ob, "start_from", qe_json_new_int(last));
      qe_json *hid = qe_json_new_object(), *cond = qe_json_new_object();
      qe_json_object_set(hid, "has_id", qe_json_clone(on_last));
      qe_json_object_set(cond, "must_not", hid);
      qe_json_object_set(req, "filter", cond);
    }
    qe_json_object_set(req, "order_by", ob);
    must(qe_shard_scroll(s, req, &res, &e), &e, "scroll order_by");
    qe_json_free(req);
    const qe_json *pts = qe_json_object_get(res, "points");
    size_t got = qe_json_array_len(pts);
    for (size_t i = 0; i < got; i++) {
      const qe_json *p = qe_json_array_at(pts, i);
      long long v = 0;
      int64_t iv;
      if (qe_json_get_i64(qe_json_object_get(p, "order_value"), &iv)) v = iv;
      if (v != last) {
        qe_json_free(on_last);
        on_last = qe_json_new_array();
        last = v;
      }
      qe_json_array_push(on_last, qe_json_clone(qe_json_object_get(p, "id")));
    }
    seen += got;
    pages++;
    qe_json_free(res);
    if (got < page) break;
  }
  qe_json_free(on_last);
  t1 = now();
  printf("order_by scroll: %zu points in %zu pages of %zu: %.1f ms\n", seen, pages, page,
         (t1 - t0) * 1e3);
  qe_shard_close(s, NULL);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) != 0;
}

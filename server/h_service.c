/* h_service.c — root, health probes, telemetry, cluster status (one peer). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "qedge/base.h"
#include "registry.h"
#include "reply.h"

#ifndef QEDGE_VERSION
#define QEDGE_VERSION "0.0.0"
#endif

uint64_t srv_peer_id(const srv_ctx *c) {
  return c->reg->peer_id;
}

void h_root(srv_ctx *c) {
  qe_json *v = qe_json_new_object();
  qe_json_object_set(v, "title", qe_json_new_cstr("qedge-server - Qdrant-compatible edge shards"));
  qe_json_object_set(v, "version", qe_json_new_cstr(QEDGE_VERSION));
  srv_raw_json(c, 200, v);
}

void h_healthz(srv_ctx *c) {
  const char *p = c->req->path;
  srv_text(c, 200,
           strcmp(p, "/livez") == 0    ? "livez check passed"
           : strcmp(p, "/readyz") == 0 ? "all shards are ready"
                                       : "healthz check passed");
}

static qe_json *now_rfc3339(void) {
  char buf[64];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof buf - n, ".%06ldZ", ts.tv_nsec / 1000);
  return qe_json_new_cstr(buf);
}

static qe_json *peer_uri(const srv_ctx *c) {
  (void)c;
  return qe_json_new_cstr("http://127.0.0.1:6335/");
}

void h_cluster(srv_ctx *c) {
  qe_json *r = qe_json_new_object();
  char id[32];
  snprintf(id, sizeof id, "%llu", (unsigned long long)srv_peer_id(c));
  qe_json_object_set(r, "status", qe_json_new_cstr("enabled"));
  qe_json_object_set(r, "peer_id", qe_json_new_uint(srv_peer_id(c)));
  qe_json *peers = qe_json_new_object(), *me = qe_json_new_object();
  qe_json_object_set(me, "uri", peer_uri(c));
  qe_json_object_set(peers, id, me);
  qe_json_object_set(r, "peers", peers);
  qe_json *raft = qe_json_new_object();
  qe_json_object_set(raft, "term", qe_json_new_uint(1));
  qe_json_object_set(raft, "commit", qe_json_new_uint(c->reg->n));
  qe_json_object_set(raft, "pending_operations", qe_json_new_uint(0));
  qe_json_object_set(raft, "leader", qe_json_new_uint(srv_peer_id(c)));
  qe_json_object_set(raft, "role", qe_json_new_cstr("Leader"));
  qe_json_object_set(raft, "is_voter", qe_json_new_bool(true));
  qe_json_object_set(r, "raft_info", raft);
  qe_json *cts = qe_json_new_object();
  qe_json_object_set(cts, "consensus_thread_status", qe_json_new_cstr("working"));
  qe_json_object_set(cts, "last_update", now_rfc3339());
  qe_json_object_set(r, "consensus_thread_status", cts);
  qe_json_object_set(r, "message_send_failures", qe_json_new_object());
  srv_ok(c, r);
}

void h_cluster_peer_delete(srv_ctx *c) {
  srv_fail(c, 400, "Bad request: Distributed mode disabled.");
}

void h_cluster_recover(srv_ctx *c) {
  srv_fail(c, 400, "Bad request: Distributed mode disabled.");
}

void h_issues(srv_ctx *c) {
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "issues", qe_json_new_array());
  srv_ok(c, r);
}

void h_metrics(srv_ctx *c) {
  qe_buf b = {0};
  uint64_t points = 0;
  for (size_t i = 0; i < c->reg->n; i++) {
    qe_error err = {0};
    qe_json *info = srv_coll_info(c->reg->items[i], &err);
    uint64_t n = 0;
    qe_json_get_u64(qe_json_object_get(info, "points_count"), &n);
    points += n;
    qe_json_free(info);
  }
  qe_buf_printf(&b,
                "# HELP app_info information about qedge-server\n# TYPE app_info gauge\n"
                "app_info{name=\"qedge-server\",version=\"%s\"} 1\n"
                "# HELP collections_total number of collections\n# TYPE collections_total gauge\n"
                "collections_total %zu\n"
                "# HELP collections_vector_total total number of points in all collections\n"
                "# TYPE collections_vector_total gauge\ncollections_vector_total %llu\n",
                QEDGE_VERSION, c->reg->n, (unsigned long long)points);
  srv_text(c, 200, b.data ? b.data : "");
  c->res->content_type = "text/plain; version=0.0.4";
  qe_buf_free(&b);
}

void h_telemetry(srv_ctx *c) {
  qe_json *r = qe_json_new_object();
  char id[32];
  snprintf(id, sizeof id, "%016llx", (unsigned long long)srv_peer_id(c));
  qe_json_object_set(r, "id", qe_json_new_cstr(id));
  qe_json *app = qe_json_new_object();
  qe_json_object_set(app, "name", qe_json_new_cstr("qedge-server"));
  qe_json_object_set(app, "version", qe_json_new_cstr(QEDGE_VERSION));
  char started[64];
  time_t t0 = (time_t)c->reg->started;
  struct tm tm;
  gmtime_r(&t0, &tm);
  strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
  qe_json_object_set(app, "startup", qe_json_new_cstr(started));
  qe_json_object_set(r, "app", app);
  qe_json *colls = qe_json_new_object();
  qe_json_object_set(colls, "number_of_collections", qe_json_new_uint(c->reg->n));
  qe_json_object_set(r, "collections", colls);
  srv_ok(c, r);
}

void h_issues_clear(srv_ctx *c) {
  srv_ok_true(c);
}

void h_cluster_telemetry(srv_ctx *c) {
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "collections", qe_json_new_object());
  srv_ok(c, r);
}

void h_full_snap_list(srv_ctx *c) {
  srv_ok(c, qe_json_new_array());
}

void h_full_snap_create(srv_ctx *c) {
  srv_fail(c, 400,
           "Bad request: full storage snapshots are not supported; "
           "snapshot each collection instead");
}

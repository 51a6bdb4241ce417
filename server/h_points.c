/* h_points.c — point updates (upsert, delete, payload, vectors, batch) and retrieval. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fanout.h"
#include "handlers.h"
#include "ops.h"
#include "qedge/base.h"
#include "qedge/model.h"
#include "reply.h"

static void update(srv_ctx *c, const char *kind) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  uint64_t seq = 0;
  qe_error err = {0};
  int rc = srv_points_update(col, kind, c->body, &seq, &err);
  srv_close_coll(col);
  if (rc)
    srv_fail_qe(c, &err);
  else
    srv_ok(c, srv_update_result(seq, srv_arg_wait(c)));
}

void h_points_upsert(srv_ctx *c) {
  update(c, "upsert");
}
void h_points_delete(srv_ctx *c) {
  update(c, "delete");
}
void h_vectors_update(srv_ctx *c) {
  update(c, "update_vectors");
}
void h_vectors_delete(srv_ctx *c) {
  update(c, "delete_vectors");
}
void h_payload_set(srv_ctx *c) {
  update(c, "set_payload");
}
void h_payload_overwrite(srv_ctx *c) {
  update(c, "overwrite_payload");
}
void h_payload_delete(srv_ctx *c) {
  update(c, "delete_payload");
}
void h_payload_clear(srv_ctx *c) {
  update(c, "clear_payload");
}

/* One UpdateOperation of /points/batch as (kind, REST body). */
static const char *batch_kind(const qe_json *op, const qe_json **body) {
  static const char *const kinds[] = {
      "upsert",         "delete",        "set_payload",    "overwrite_payload",
      "delete_payload", "clear_payload", "update_vectors", "delete_vectors"};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if ((*body = qe_json_object_get(op, kinds[i]))) return kinds[i];
  return NULL;
}

void h_points_batch(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  const qe_json *ops = qe_json_object_get(c->body, "operations");
  qe_json *results = qe_json_new_array();
  qe_error err = {0};
  int rc = 0;
  bool wait = srv_arg_wait(c);
  for (size_t i = 0; i < qe_json_array_len(ops) && !rc; i++) {
    const qe_json *body = NULL;
    const char *kind = batch_kind(qe_json_array_at(ops, i), &body);
    if (!kind) {
      rc = qe_error_set(&err, QE_EINVAL, NULL, "operations[%zu]: unknown operation", i);
      break;
    }
    qe_json *copy = qe_json_clone(body);
    uint64_t seq = 0;
    rc = srv_points_update(col, kind, copy, &seq, &err);
    qe_json_free(copy);
    if (rc) {
      char path[QE_ERROR_PATH_MAX * 2];
      snprintf(path, sizeof path, "operations[%zu].%s%s%s", i, kind, err.path[0] ? "." : "",
               err.path);
      size_t pl = strlen(path) < sizeof err.path - 1 ? strlen(path) : sizeof err.path - 1;
      memcpy(err.path, path, pl);
      err.path[pl] = 0;
      break;
    }
    qe_json_array_push(results, srv_update_result(seq, wait));
  }
  srv_close_coll(col);
  if (rc) {
    qe_json_free(results);
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok(c, results);
}

void h_points_get(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  const qe_json *b = c->body;
  qe_json *recs = NULL;
  qe_error err = {0};
  const qe_json *wp = qe_json_object_get(b, "with_payload");
  const qe_json *wv = qe_json_object_get(b, "with_vector");
  qe_json *tru = qe_json_new_bool(true);
  int rc = srv_retrieve(col, qe_json_object_get(b, "shard_key"), qe_json_object_get(b, "ids"),
                        wp ? wp : tru, wv, &recs, &err);
  qe_json_free(tru);
  srv_close_coll(col);
  if (rc)
    srv_fail_qe(c, &err);
  else
    srv_ok(c, recs);
}

void h_point_get(srv_ctx *c) {
  const char *text = c->params[1];
  qe_json *id = NULL;
  char *end = NULL;
  unsigned long long n = strtoull(text, &end, 10);
  if (*text && *text != '-' && !*end)
    id = qe_json_new_uint(n);
  else
    id = qe_json_new_cstr(text);
  qe_error err = {0};
  if (!id || qe_model_check_name("ExtendedPointId", id, QE_CHECK_COERCE, NULL, &err)) {
    qe_json_free(id);
    srv_fail(c, 400, "Format error in path: id: '%s' is neither an unsigned integer nor a UUID",
             text);
    return;
  }
  srv_collection *col = srv_open_coll(c);
  if (!col) {
    qe_json_free(id);
    return;
  }
  qe_json *ids = qe_json_new_array();
  qe_json_array_push(ids, id);
  qe_json *tru = qe_json_new_bool(true), *recs = NULL;
  int rc = srv_retrieve(col, NULL, ids, tru, tru, &recs, &err);
  srv_close_coll(col);
  qe_json_free(tru);
  if (rc) {
    qe_json_free(ids);
    srv_fail_qe(c, &err);
    return;
  }
  if (qe_json_array_len(recs) == 0) {
    qe_json_free(recs);
    qe_json_free(ids);
    srv_fail(c, 404, "Not found: No point with id %s found", text);
    return;
  }
  qe_json_free(ids);
  qe_json *rec = qe_json_clone(qe_json_array_at(recs, 0));
  qe_json_free(recs);
  srv_ok(c, rec);
}

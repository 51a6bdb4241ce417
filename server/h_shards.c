/* h_shards.c — shard keys and the collection's cluster description. */
#include <string.h>

#include "handlers.h"
#include "qedge/base.h"
#include "registry.h"
#include "reply.h"

static srv_collection *coll(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) srv_fail_no_collection(c, c->params[0]);
  return col;
}

void h_shards_list(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *r = qe_json_new_object();
  if (col->custom) {
    qe_json *arr = qe_json_new_array();
    const qe_json *keys = qe_json_object_get(col->meta, "shard_keys");
    for (size_t i = 0; i < qe_json_array_len(keys); i++) {
      qe_json *d = qe_json_new_object();
      qe_json_object_set(d, "key", qe_json_clone(qe_json_array_at(keys, i)));
      qe_json_array_push(arr, d);
    }
    qe_json_object_set(r, "shard_keys", arr);
  } else {
    qe_json_object_set(r, "shard_keys", qe_json_new_null());
  }
  srv_close_coll(col);
  srv_ok(c, r);
}

static void create_key(srv_ctx *c, srv_collection *col, const qe_json *op) {
  uint64_t n = 0;
  qe_json_get_u64(qe_json_object_get(op, "shards_number"), &n);
  qe_error err = {0};
  if (srv_coll_add_key(col, qe_json_object_get(op, "shard_key"), (uint32_t)n, &err))
    srv_fail_qe(c, &err);
  else
    srv_ok_true(c);
}

static void drop_key(srv_ctx *c, srv_collection *col, const qe_json *op) {
  qe_error err = {0};
  if (srv_coll_drop_key(col, qe_json_object_get(op, "shard_key"), &err))
    srv_fail_qe(c, &err);
  else
    srv_ok_true(c);
}

void h_shards_create(srv_ctx *c) {
  srv_collection *col = coll(c);
  if (col) create_key(c, col, c->body);
}

void h_shards_delete(srv_ctx *c) {
  srv_collection *col = coll(c);
  if (col) drop_key(c, col, c->body);
}

void h_coll_cluster(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *local = qe_json_new_array();
  qe_error err = {0};
  int rc = 0;
  for (size_t i = 0; i < col->nshards && !rc; i++) {
    const srv_shard *s = col->shards[i];
    qe_json *info = NULL;
    rc = qe_shard_info(s->sh, &info, &err);
    uint64_t n = 0;
    qe_json_get_u64(qe_json_object_get(info, "points_count"), &n);
    qe_json_free(info);
    qe_json *d = qe_json_new_object();
    qe_json_object_set(d, "shard_id", qe_json_new_uint(s->id));
    if (s->key) qe_json_object_set(d, "shard_key", qe_json_clone(s->key));
    qe_json_object_set(d, "points_count", qe_json_new_uint(n));
    qe_json_object_set(d, "state", qe_json_new_cstr("Active"));
    qe_json_array_push(local, d);
  }
  size_t count = col->nshards;
  srv_close_coll(col);
  if (rc) {
    qe_json_free(local);
    srv_fail_qe(c, &err);
    return;
  }
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "peer_id", qe_json_new_uint(srv_peer_id(c)));
  qe_json_object_set(r, "shard_count", qe_json_new_uint(count));
  qe_json_object_set(r, "local_shards", local);
  qe_json_object_set(r, "remote_shards", qe_json_new_array());
  qe_json_object_set(r, "shard_transfers", qe_json_new_array());
  srv_ok(c, r);
}

void h_coll_cluster_update(srv_ctx *c) {
  srv_collection *col = coll(c);
  if (!col) return;
  const qe_json *op;
  if ((op = qe_json_object_get(c->body, "create_sharding_key"))) {
    create_key(c, col, op);
  } else if ((op = qe_json_object_get(c->body, "drop_sharding_key"))) {
    drop_key(c, col, op);
  } else {
    /* moving, replicating or dropping replicas needs other peers */
    srv_fail(c, 400, "Bad request: Distributed mode disabled.");
  }
}

/* h_collections.c — collections, aliases, vector names, payload indexes. */
#include <string.h>

#include "handlers.h"
#include "ops.h"
#include "qedge/base.h"
#include "registry.h"
#include "reply.h"

srv_collection *srv_open_coll(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return NULL;
  }
  return col;
}

void srv_close_coll(srv_collection *col) {
  (void)col; /* the registry lock, held for the whole request, keeps it open */
}

void h_coll_list(srv_ctx *c) {
  qe_json *arr = qe_json_new_array();
  for (size_t i = 0; i < c->reg->n; i++) {
    qe_json *d = qe_json_new_object();
    qe_json_object_set(d, "name", qe_json_new_cstr(c->reg->items[i]->name));
    qe_json_array_push(arr, d);
  }
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "collections", arr);
  srv_ok(c, r);
}

void h_coll_get(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_error err = {0};
  qe_json *info = srv_coll_info(col, &err);
  srv_close_coll(col);
  if (!info) {
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok(c, info);
}

void h_coll_exists(srv_ctx *c) {
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "exists", qe_json_new_bool(srv_registry_get(c->reg, c->params[0]) != NULL));
  srv_ok(c, r);
}

void h_coll_create(srv_ctx *c) {
  qe_error err = {0};
  if (srv_registry_create(c->reg, c->params[0], c->body, &err)) {
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok_true(c);
}

void h_coll_delete(srv_ctx *c) {
  qe_error err = {0};
  bool existed = srv_registry_delete(c->reg, c->params[0], &err);
  srv_ok(c, qe_json_new_bool(existed));
}

/* overlay `diff` onto member `key` of `dst` (nulls remove when `drop_null`) */
static void merge_into(qe_json *dst, const char *key, const qe_json *diff, bool drop_null) {
  if (!diff || qe_json_kind_of(diff) != QE_JSON_OBJECT) return;
  qe_json *have = qe_json_object_get(dst, key);
  if (qe_json_kind_of(have) != QE_JSON_OBJECT) {
    qe_json_object_set(dst, key, qe_json_new_object());
    have = qe_json_object_get(dst, key);
  }
  for (size_t i = 0; i < qe_json_object_len(diff); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(diff, i, &kl);
    const qe_json *v = qe_json_object_value_at(diff, i);
    if (qe_json_kind_of(v) == QE_JSON_NULL) {
      if (drop_null) qe_json_free(qe_json_object_take(have, k, kl));
    } else {
      qe_json_object_setn(have, k, kl, qe_json_clone(v));
    }
  }
}

void h_coll_update(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return;
  }
  qe_json *body = qe_json_object_get(col->meta, "create");
  const qe_json *b = c->body;
  merge_into(body, "hnsw_config", qe_json_object_get(b, "hnsw_config"), false);
  merge_into(body, "optimizers_config", qe_json_object_get(b, "optimizers_config"), false);
  merge_into(body, "metadata", qe_json_object_get(b, "metadata"), true);
  const qe_json *sm = qe_json_object_get(b, "strict_mode_config");
  if (sm) merge_into(body, "strict_mode_config", sm, false);
  const qe_json *q = qe_json_object_get(b, "quantization_config");
  if (q && qe_json_kind_of(q) == QE_JSON_STRING) /* "Disabled" */
    qe_json_free(qe_json_object_take(body, "quantization_config", 19));
  else if (q && qe_json_kind_of(q) == QE_JSON_OBJECT)
    qe_json_object_set(body, "quantization_config", qe_json_clone(q));
  const qe_json *params = qe_json_object_get(b, "params");
  const qe_json *odp = qe_json_object_get(params, "on_disk_payload");
  if (odp && qe_json_kind_of(odp) == QE_JSON_BOOL)
    qe_json_object_set(body, "on_disk_payload", qe_json_clone(odp));
  const qe_json *vd = qe_json_object_get(b, "vectors");
  qe_json *vectors = qe_json_object_get(body, "vectors");
  for (size_t i = 0; vd && i < qe_json_object_len(vd); i++) {
    const char *name = qe_json_object_key_at(vd, i, NULL);
    qe_json *target = qe_json_object_get(vectors, "distance") && !*name
                          ? vectors
                          : qe_json_object_get(vectors, name);
    if (!target) {
      srv_fail(c, 400, "Wrong input: Not existing vector name error: %s", name);
      return;
    }
    const qe_json *d = qe_json_object_value_at(vd, i);
    for (size_t k = 0; k < qe_json_object_len(d); k++) {
      size_t kl;
      const char *key = qe_json_object_key_at(d, k, &kl);
      const qe_json *v = qe_json_object_value_at(d, k);
      if (qe_json_kind_of(v) != QE_JSON_NULL)
        qe_json_object_setn(target, key, kl, qe_json_clone(v));
    }
  }
  qe_error err = {0};
  if (srv_coll_save(col, &err)) {
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok_true(c);
}

/* ------------------------------------------------------------ aliases */

void h_aliases_change(srv_ctx *c) {
  qe_error err = {0};
  if (srv_registry_aliases_apply(c->reg, qe_json_object_get(c->body, "actions"), &err)) {
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok_true(c);
}

void h_aliases_all(srv_ctx *c) {
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "aliases", srv_registry_aliases(c->reg, NULL));
  srv_ok(c, r);
}

void h_aliases_of(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return;
  }
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "aliases", srv_registry_aliases(c->reg, col->name));
  srv_ok(c, r);
}

/* ------------------------------------------------------------ vector names */

static void finish_update(srv_ctx *c, int rc, uint64_t seq, const qe_error *err) {
  if (rc)
    srv_fail_qe(c, err);
  else
    srv_ok(c, srv_update_result(seq, srv_arg_wait(c)));
}

void h_vector_create(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return;
  }
  const char *name = c->params[1];
  const qe_json *dense = qe_json_object_get(c->body, "dense");
  const qe_json *sparse = qe_json_object_get(c->body, "sparse");
  qe_json *args = qe_json_new_object();
  qe_json_object_set(args, "name", qe_json_new_cstr(name));
  if (dense) qe_json_object_set(args, "params", qe_json_clone(dense));
  if (sparse && qe_json_object_len(sparse))
    qe_json_object_set(args, "params", qe_json_clone(sparse));
  uint64_t seq = 0;
  qe_error err = {0};
  int rc = srv_apply(col, NULL, SRV_WRITE, dense ? "create_dense_vector" : "create_sparse_vector",
                     args, NULL, &seq, &err);
  if (!rc) {
    /* record it in the collection description */
    qe_json *body = qe_json_object_get(col->meta, "create");
    const char *key = dense ? "vectors" : "sparse_vectors";
    qe_json *have = qe_json_object_get(body, key);
    if (dense && have && qe_json_object_get(have, "distance")) {
      qe_json *m = qe_json_new_object();
      qe_json_object_set(m, "", qe_json_clone(have));
      qe_json_object_set(body, key, m);
    } else if (!have) {
      qe_json_object_set(body, key, qe_json_new_object());
    }
    have = qe_json_object_get(body, key);
    qe_json *params = qe_json_clone(dense ? dense : sparse);
    if (!dense) {
      qe_json *sp = qe_json_new_object();
      const qe_json *mod = qe_json_object_get(params, "modifier");
      if (mod) qe_json_object_set(sp, "modifier", qe_json_clone(mod));
      qe_json_free(params);
      params = sp;
    }
    qe_json_object_set(have, name, params);
    rc = srv_coll_save(col, &err);
  }
  finish_update(c, rc, seq, &err);
}

void h_vector_delete(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return;
  }
  qe_json *args = qe_json_new_object();
  qe_json_object_set(args, "name", qe_json_new_cstr(c->params[1]));
  uint64_t seq = 0;
  qe_error err = {0};
  int rc = srv_apply(col, NULL, SRV_WRITE, "delete_vector_name", args, NULL, &seq, &err);
  if (!rc) {
    qe_json *body = qe_json_object_get(col->meta, "create");
    const char *keys[] = {"vectors", "sparse_vectors"};
    for (int i = 0; i < 2; i++) {
      qe_json *m = qe_json_object_get(body, keys[i]);
      if (m && !qe_json_object_get(m, "distance"))
        qe_json_free(qe_json_object_take(m, c->params[1], strlen(c->params[1])));
    }
    rc = srv_coll_save(col, &err);
  }
  finish_update(c, rc, seq, &err);
}

/* ------------------------------------------------------------ indexes */

void h_index_create(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *args = qe_json_new_object();
  qe_json_object_set(args, "field_name", qe_json_clone(qe_json_object_get(c->body, "field_name")));
  const qe_json *schema = qe_json_object_get(c->body, "field_schema");
  if (schema && qe_json_kind_of(schema) != QE_JSON_NULL)
    qe_json_object_set(args, "field_schema", qe_json_clone(schema));
  uint64_t seq = 0;
  qe_error err = {0};
  int rc = srv_apply(col, NULL, SRV_WRITE, "create_field_index", args, NULL, &seq, &err);
  srv_close_coll(col);
  finish_update(c, rc, seq, &err);
}

void h_index_delete(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *args = qe_json_new_object();
  qe_json_object_set(args, "field_name", qe_json_new_cstr(c->params[1]));
  uint64_t seq = 0;
  qe_error err = {0};
  int rc = srv_apply(col, NULL, SRV_WRITE, "delete_field_index", args, NULL, &seq, &err);
  srv_close_coll(col);
  finish_update(c, rc, seq, &err);
}

void h_coll_optimizations(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_error err = {0};
  qe_json *info = srv_coll_info(col, &err);
  srv_close_coll(col);
  if (!info) {
    srv_fail_qe(c, &err);
    return;
  }
  uint64_t segs = 0;
  qe_json_get_u64(qe_json_object_get(info, "segments_count"), &segs);
  qe_json_free(info);
  /* edge shards optimize when told to (qe_shard_optimize): nothing queued */
  qe_json *sum = qe_json_new_object();
  qe_json_object_set(sum, "queued_optimizations", qe_json_new_uint(0));
  qe_json_object_set(sum, "queued_segments", qe_json_new_uint(0));
  qe_json_object_set(sum, "queued_points", qe_json_new_uint(0));
  qe_json_object_set(sum, "idle_segments", qe_json_new_uint(segs));
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "summary", sum);
  qe_json_object_set(r, "running", qe_json_new_array());
  srv_ok(c, r);
}

/* collection.c — a collection as a set of edge shards (see collection.h). */
#include "collection.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qedge/base.h"
#include "qedge/model.h"

static char *path_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", a, b);
  return p;
}

static char *shard_dir(const srv_collection *c, uint32_t id) {
  char name[32];
  snprintf(name, sizeof name, "shards/%u", id);
  return path_join(c->dir, name);
}

static int oom(qe_error *err) {
  return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(p);
}

int srv_remove_tree(const char *dir) {
  return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ------------------------------------------------------------ edge config */

static int copy_field(qe_json *dst, const qe_json *src, const char *from, const char *to) {
  const qe_json *v = qe_json_object_get(src, from);
  if (!v || qe_json_kind_of(v) == QE_JSON_NULL) return 0;
  return qe_json_object_set(dst, to, qe_json_clone(v));
}

/* EdgeConfig for the shards of a collection made with `body`. */
static qe_json *edge_config(const qe_json *body) {
  qe_json *cfg = qe_json_new_object();
  if (!cfg) return NULL;
  int rc = 0;
  const qe_json *vectors = qe_json_object_get(body, "vectors");
  if (vectors && qe_json_object_len(vectors)) rc |= copy_field(cfg, body, "vectors", "vectors");
  const qe_json *sparse = qe_json_object_get(body, "sparse_vectors");
  if (sparse && qe_json_kind_of(sparse) == QE_JSON_OBJECT) {
    qe_json *sv = qe_json_new_object();
    rc |= sv ? 0 : QE_ENOMEM;
    for (size_t i = 0; sv && i < qe_json_object_len(sparse); i++) {
      const qe_json *p = qe_json_object_value_at(sparse, i);
      qe_json *e = qe_json_new_object();
      if (!e) {
        rc = QE_ENOMEM;
        break;
      }
      const qe_json *idx = qe_json_object_get(p, "index");
      rc |= copy_field(e, idx, "full_scan_threshold", "full_scan_threshold");
      rc |= copy_field(e, idx, "on_disk", "on_disk");
      rc |= copy_field(e, idx, "datatype", "datatype");
      rc |= copy_field(e, p, "modifier", "modifier");
      size_t kl;
      const char *k = qe_json_object_key_at(sparse, i, &kl);
      rc |= qe_json_object_setn(sv, k, kl, e);
    }
    if (sv) rc |= qe_json_object_set(cfg, "sparse_vectors", sv);
  }
  rc |= copy_field(cfg, body, "on_disk_payload", "on_disk_payload");
  rc |= copy_field(cfg, body, "hnsw_config", "hnsw_config");
  rc |= copy_field(cfg, body, "quantization_config", "quantization_config");
  const qe_json *opt = qe_json_object_get(body, "optimizers_config");
  if (opt && qe_json_kind_of(opt) == QE_JSON_OBJECT) {
    qe_json *o = qe_json_new_object();
    static const char *const keep[] = {"deleted_threshold",      "vacuum_min_vector_number",
                                       "default_segment_number", "max_segment_size",
                                       "indexing_threshold",     "prevent_unoptimized"};
    for (size_t i = 0; o && i < sizeof keep / sizeof *keep; i++)
      rc |= copy_field(o, opt, keep[i], keep[i]);
    rc |= o ? qe_json_object_set(cfg, "optimizers", o) : QE_ENOMEM;
  }
  if (rc) {
    qe_json_free(cfg);
    return NULL;
  }
  return cfg;
}

/* ------------------------------------------------------------ shards */

static int shard_push(srv_collection *c, uint32_t id, const qe_json *key, qe_shard *sh) {
  srv_shard **n = realloc(c->shards, (c->nshards + 1) * sizeof *n);
  srv_shard *s = calloc(1, sizeof *s);
  if (!n || !s) {
    free(s);
    if (n) c->shards = n;
    return QE_ENOMEM;
  }
  c->shards = n;
  s->id = id;
  s->key = key ? qe_json_clone(key) : NULL;
  s->sh = sh;
  c->shards[c->nshards++] = s;
  return 0;
}

static qe_json *meta_shards(const srv_collection *c) {
  return qe_json_object_get(c->meta, "shards");
}

/* Make `n` new shards with `key`, recorded in meta. */
static int make_shards(srv_collection *c, const qe_json *key, uint32_t n, qe_error *err) {
  qe_json *cfg = edge_config(srv_coll_body(c));
  if (!cfg) return oom(err);
  uint64_t next = 0;
  qe_json_get_u64(qe_json_object_get(c->meta, "next_shard_id"), &next);
  int rc = 0;
  for (uint32_t i = 0; i < n && !rc; i++) {
    uint32_t id = (uint32_t)next++;
    char *dir = shard_dir(c, id);
    qe_shard *sh = NULL;
    rc = dir ? qe_shard_create(dir, cfg, NULL, &sh, err) : oom(err);
    free(dir);
    if (rc) break;
    if (shard_push(c, id, key, sh)) {
      qe_shard_close(sh, NULL);
      rc = oom(err);
      break;
    }
    qe_json *e = qe_json_new_object();
    qe_json_object_set(e, "id", qe_json_new_uint(id));
    qe_json_object_set(e, "key", key ? qe_json_clone(key) : qe_json_new_null());
    qe_json_array_push(meta_shards(c), e);
  }
  qe_json_object_set(c->meta, "next_shard_id", qe_json_new_uint(next));
  qe_json_free(cfg);
  return rc;
}

static srv_collection *coll_new(const char *dir, const char *name) {
  srv_collection *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->dir = strdup(dir);
  c->name = strdup(name);
  if (!c->dir || !c->name) {
    srv_coll_close(c, NULL);
    return NULL;
  }
  return c;
}

const qe_json *srv_coll_body(const srv_collection *c) {
  return qe_json_object_get(c->meta, "create");
}

int srv_coll_save(srv_collection *c, qe_error *err) {
  size_t len;
  char *text = qe_json_to_string(c->meta, QE_EMIT_PRETTY, &len);
  if (!text) return oom(err);
  char *p = path_join(c->dir, "collection.json");
  int rc = p ? qe_fs_write_atomic(p, text, len, err) : oom(err);
  free(p);
  qe_free(text);
  return rc;
}

int srv_coll_create(const char *dir, const char *name, const qe_json *body, srv_collection **out,
                    qe_error *err) {
  *out = NULL;
  if (mkdir(dir, 0755) && errno != EEXIST)
    return qe_error_set(err, QE_EIO, NULL, "cannot create %s: %s", dir, strerror(errno));
  srv_collection *c = coll_new(dir, name);
  if (!c) return oom(err);
  const qe_json *method = qe_json_object_get(body, "sharding_method");
  const char *m = qe_json_get_string(method, NULL);
  c->custom = m && strcmp(m, "custom") == 0;
  uint64_t n = 1;
  qe_json_get_u64(qe_json_object_get(body, "shard_number"), &n);
  c->shard_number = n ? (uint32_t)n : 1;
  c->meta = qe_json_new_object();
  int rc = c->meta ? 0 : QE_ENOMEM;
  rc |= qe_json_object_set(c->meta, "name", qe_json_new_cstr(name));
  rc |= qe_json_object_set(c->meta, "create", qe_json_clone(body));
  rc |= qe_json_object_set(c->meta, "sharding_method",
                           qe_json_new_cstr(c->custom ? "custom" : "auto"));
  rc |= qe_json_object_set(c->meta, "shard_number", qe_json_new_uint(c->shard_number));
  rc |= qe_json_object_set(c->meta, "shard_keys", qe_json_new_array());
  rc |= qe_json_object_set(c->meta, "shards", qe_json_new_array());
  rc |= qe_json_object_set(c->meta, "next_shard_id", qe_json_new_uint(0));
  char *sd = path_join(dir, "shards");
  if (!sd || (mkdir(sd, 0755) && errno != EEXIST)) rc = rc ? rc : QE_EIO;
  free(sd);
  if (rc) {
    srv_coll_close(c, NULL);
    srv_remove_tree(dir);
    return qe_error_set(err, rc, NULL, "cannot set up collection directory %s", dir);
  }
  if (!c->custom) rc = make_shards(c, NULL, c->shard_number, err);
  if (!rc) rc = srv_coll_save(c, err);
  if (rc) {
    srv_coll_close(c, NULL);
    srv_remove_tree(dir);
    return rc;
  }
  *out = c;
  return 0;
}

int srv_coll_open(const char *dir, const char *name, srv_collection **out, qe_error *err) {
  *out = NULL;
  char *p = path_join(dir, "collection.json");
  char *text = NULL;
  size_t len = 0;
  int rc = p ? qe_fs_read_all(p, 0, &text, &len, err) : oom(err);
  free(p);
  if (rc) return rc;
  srv_collection *c = coll_new(dir, name);
  if (!c) {
    qe_free(text);
    return oom(err);
  }
  rc = qe_json_parse(text, len, NULL, &c->meta, err);
  qe_free(text);
  if (rc) goto fail;
  const char *m = qe_json_get_string(qe_json_object_get(c->meta, "sharding_method"), NULL);
  c->custom = m && strcmp(m, "custom") == 0;
  uint64_t n = 1;
  qe_json_get_u64(qe_json_object_get(c->meta, "shard_number"), &n);
  c->shard_number = n ? (uint32_t)n : 1;
  const qe_json *list = meta_shards(c);
  for (size_t i = 0; i < qe_json_array_len(list); i++) {
    const qe_json *e = qe_json_array_at(list, i);
    uint64_t id = 0;
    qe_json_get_u64(qe_json_object_get(e, "id"), &id);
    const qe_json *key = qe_json_object_get(e, "key");
    if (qe_json_kind_of(key) == QE_JSON_NULL) key = NULL;
    char *sd = shard_dir(c, (uint32_t)id);
    qe_shard *sh = NULL;
    rc = sd ? qe_shard_open(sd, NULL, NULL, &sh, err) : oom(err);
    free(sd);
    if (rc) goto fail;
    if (shard_push(c, (uint32_t)id, key, sh)) {
      qe_shard_close(sh, NULL);
      rc = oom(err);
      goto fail;
    }
  }
  *out = c;
  return 0;
fail:
  srv_coll_close(c, NULL);
  return rc;
}

int srv_coll_close(srv_collection *c, qe_error *err) {
  if (!c) return 0;
  int rc = 0;
  for (size_t i = 0; i < c->nshards; i++) {
    qe_error e = {0};
    if (qe_shard_close(c->shards[i]->sh, &e) && !rc) {
      rc = e.code;
      if (err) *err = e;
    }
    qe_json_free(c->shards[i]->key);
    free(c->shards[i]);
  }
  free(c->shards);
  qe_json_free(c->meta);
  free(c->dir);
  free(c->name);
  free(c);
  return rc;
}

/* ------------------------------------------------------------ routing */

static bool key_equal(const qe_json *a, const qe_json *b) {
  return a && b && qe_json_equal(a, b);
}

static bool key_exists(const srv_collection *c, const qe_json *key) {
  const qe_json *keys = qe_json_object_get(c->meta, "shard_keys");
  for (size_t i = 0; i < qe_json_array_len(keys); i++)
    if (key_equal(qe_json_array_at(keys, i), key)) return true;
  return false;
}

static int add_group(srv_collection *c, const qe_json *key, srv_targets *t) {
  for (size_t i = 0; i < t->ngroups; i++)
    if (key_equal(t->groups[i].key, key)) return 0;
  srv_group *g = realloc(t->groups, (t->ngroups + 1) * sizeof *g);
  if (!g) return QE_ENOMEM;
  t->groups = g;
  srv_group *ng = &t->groups[t->ngroups];
  memset(ng, 0, sizeof *ng);
  ng->key = key;
  ng->shards = calloc(c->nshards ? c->nshards : 1, sizeof *ng->shards);
  if (!ng->shards) return QE_ENOMEM;
  for (size_t i = 0; i < c->nshards; i++)
    if (!key || key_equal(c->shards[i]->key, key)) ng->shards[ng->n++] = c->shards[i];
  t->ngroups++;
  return 0;
}

static int key_kind_ok(const qe_json *k) {
  qe_json_kind kind = qe_json_kind_of(k);
  return kind == QE_JSON_STRING || kind == QE_JSON_INT || kind == QE_JSON_UINT;
}

static char *key_text(const qe_json *k) {
  return qe_json_to_string(k, 0, NULL);
}

int srv_coll_targets(srv_collection *c, const qe_json *sel, srv_select mode, srv_targets *t,
                     qe_error *err) {
  memset(t, 0, sizeof *t);
  int rc = 0;
  if (sel && qe_json_kind_of(sel) == QE_JSON_NULL) sel = NULL;
  if (!c->custom) {
    if (sel)
      return qe_error_set(err, QE_EINVAL, "shard_key",
                          "Shard key specified, but collection %s has no custom sharding", c->name);
    return add_group(c, NULL, t) ? oom(err) : 0;
  }
  if (!sel) {
    if (mode == SRV_WRITE_NEW) return qe_error_set(err, QE_EINVAL, NULL, "Shard key not specified");
    const qe_json *keys = qe_json_object_get(c->meta, "shard_keys");
    for (size_t i = 0; i < qe_json_array_len(keys) && !rc; i++)
      rc = add_group(c, qe_json_array_at(keys, i), t);
    if (rc) srv_targets_free(t);
    return rc ? oom(err) : 0;
  }
  const qe_json *fallback = NULL;
  if (qe_json_kind_of(sel) == QE_JSON_OBJECT) {
    fallback = qe_json_object_get(sel, "fallback");
    sel = qe_json_object_get(sel, "target");
  }
  size_t n = qe_json_kind_of(sel) == QE_JSON_ARRAY ? qe_json_array_len(sel) : 1;
  for (size_t i = 0; i < n && !rc; i++) {
    const qe_json *k = qe_json_kind_of(sel) == QE_JSON_ARRAY ? qe_json_array_at(sel, i) : sel;
    if (!key_kind_ok(k)) {
      rc = qe_error_set(err, QE_EINVAL, "shard_key", "a shard key is a string or an integer");
      break;
    }
    if (!key_exists(c, k)) {
      if (fallback && key_exists(c, fallback)) {
        k = fallback;
      } else {
        char *kt = key_text(k);
        rc = qe_error_set(err, QE_EINVAL, NULL, "Shard key %s not found", kt ? kt : "?");
        qe_free(kt);
        break;
      }
    }
    /* the key node of meta outlives the request (lock held) */
    const qe_json *keys = qe_json_object_get(c->meta, "shard_keys");
    for (size_t j = 0; j < qe_json_array_len(keys); j++)
      if (key_equal(qe_json_array_at(keys, j), k)) k = qe_json_array_at(keys, j);
    if (add_group(c, k, t)) rc = oom(err);
  }
  if (rc) srv_targets_free(t);
  return rc;
}

void srv_targets_free(srv_targets *t) {
  for (size_t i = 0; i < t->ngroups; i++)
    free(t->groups[i].shards);
  free(t->groups);
  memset(t, 0, sizeof *t);
}

static uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

srv_shard *srv_group_route(const srv_group *g, const qe_json *id) {
  if (!g->n) return NULL;
  if (g->n == 1) return g->shards[0];
  uint64_t h = 0;
  size_t len = 0;
  const char *s = qe_json_get_string(id, &len);
  if (s) {
    h = 0xcbf29ce484222325ull; /* FNV-1a over the canonical UUID text */
    for (size_t i = 0; i < len; i++)
      h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  } else {
    qe_json_get_u64(id, &h);
  }
  return g->shards[mix64(h) % g->n];
}

/* ------------------------------------------------------------ shard keys */

int srv_coll_add_key(srv_collection *c, const qe_json *key, uint32_t n, qe_error *err) {
  if (!c->custom)
    return qe_error_set(err, QE_EINVAL, NULL,
                        "Shard key %s cannot be created: collection %s has no custom sharding", "",
                        c->name);
  if (!key_kind_ok(key))
    return qe_error_set(err, QE_EINVAL, "shard_key", "a shard key is a string or an integer");
  if (key_exists(c, key)) {
    char *kt = key_text(key);
    int rc = qe_error_set(err, QE_EEXIST, NULL, "Shard key %s already exists", kt ? kt : "?");
    qe_free(kt);
    return rc;
  }
  int rc = make_shards(c, key, n ? n : c->shard_number, err);
  if (!rc) rc = qe_json_array_push(qe_json_object_get(c->meta, "shard_keys"), qe_json_clone(key));
  if (!rc) rc = srv_coll_save(c, err);
  return rc;
}

int srv_coll_drop_key(srv_collection *c, const qe_json *key, qe_error *err) {
  if (!c->custom || !key_exists(c, key)) {
    char *kt = key_text(key);
    int rc = qe_error_set(err, QE_ENOTFOUND, NULL, "Shard key %s not found", kt ? kt : "?");
    qe_free(kt);
    return rc;
  }
  qe_json *keys = qe_json_object_get(c->meta, "shard_keys");
  qe_json *nk = qe_json_new_array();
  for (size_t i = 0; i < qe_json_array_len(keys); i++)
    if (!key_equal(qe_json_array_at(keys, i), key))
      qe_json_array_push(nk, qe_json_clone(qe_json_array_at(keys, i)));
  qe_json *ns = qe_json_new_array();
  qe_json *list = meta_shards(c);
  for (size_t i = 0; i < qe_json_array_len(list); i++)
    if (!key_equal(qe_json_object_get(qe_json_array_at(list, i), "key"), key))
      qe_json_array_push(ns, qe_json_clone(qe_json_array_at(list, i)));
  qe_json_object_set(c->meta, "shard_keys", nk);
  qe_json_object_set(c->meta, "shards", ns);
  int rc = srv_coll_save(c, err);
  size_t w = 0;
  for (size_t i = 0; i < c->nshards; i++) {
    srv_shard *s = c->shards[i];
    if (key_equal(s->key, key)) {
      qe_shard_close(s->sh, NULL);
      char *sd = shard_dir(c, s->id);
      if (sd) srv_remove_tree(sd);
      free(sd);
      qe_json_free(s->key);
      free(s);
    } else {
      c->shards[w++] = s;
    }
  }
  c->nshards = w;
  return rc;
}

/* ------------------------------------------------------------ info */

bool srv_coll_ascending(const srv_collection *c, const char *name) {
  const qe_json *v = qe_json_object_get(srv_coll_body(c), "vectors");
  if (v && !qe_json_object_get(v, "distance")) v = qe_json_object_get(v, name ? name : "");
  if (!v) return false;
  if (qe_json_object_get(v, "multivector_config") &&
      qe_json_kind_of(qe_json_object_get(v, "multivector_config")) != QE_JSON_NULL)
    return false;
  const char *d = qe_json_get_string(qe_json_object_get(v, "distance"), NULL);
  return d && (strcmp(d, "Euclid") == 0 || strcmp(d, "Manhattan") == 0);
}

static qe_json *parse_const(const char *text) {
  qe_json *v = NULL;
  qe_json_parse(text, strlen(text), NULL, &v, NULL);
  return v;
}

/* defaults merged with the given diff */
static qe_json *with_defaults(const char *defaults, const qe_json *given) {
  qe_json *d = parse_const(defaults);
  if (!d || qe_json_kind_of(given) != QE_JSON_OBJECT) return d;
  for (size_t i = 0; i < qe_json_object_len(given); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(given, i, &kl);
    const qe_json *v = qe_json_object_value_at(given, i);
    if (qe_json_kind_of(v) != QE_JSON_NULL) qe_json_object_setn(d, k, kl, qe_json_clone(v));
  }
  return d;
}

static void add_schema(qe_json *dst, const qe_json *src) {
  for (size_t i = 0; i < qe_json_object_len(src); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(src, i, &kl);
    const qe_json *v = qe_json_object_value_at(src, i);
    qe_json *have = qe_json_object_getn(dst, k, kl);
    if (!have) {
      qe_json_object_setn(dst, k, kl, qe_json_clone(v));
      continue;
    }
    uint64_t a = 0, b = 0;
    qe_json_get_u64(qe_json_object_get(have, "points"), &a);
    qe_json_get_u64(qe_json_object_get(v, "points"), &b);
    qe_json_object_set(have, "points", qe_json_new_uint(a + b));
  }
}

qe_json *srv_coll_info(srv_collection *c, qe_error *err) {
  const qe_json *body = srv_coll_body(c);
  uint64_t segs = 0, points = 0, indexed = 0;
  qe_json *schema = qe_json_new_object();
  for (size_t i = 0; i < c->nshards; i++) {
    qe_json *info = NULL;
    if (qe_shard_info(c->shards[i]->sh, &info, err)) {
      qe_json_free(schema);
      return NULL;
    }
    uint64_t v;
    if (qe_json_get_u64(qe_json_object_get(info, "segments_count"), &v)) segs += v;
    if (qe_json_get_u64(qe_json_object_get(info, "points_count"), &v)) points += v;
    if (qe_json_get_u64(qe_json_object_get(info, "indexed_vectors_count"), &v)) indexed += v;
    add_schema(schema, qe_json_object_get(info, "payload_schema"));
    qe_json_free(info);
  }
  qe_json *params = qe_json_new_object();
  const qe_json *vectors = qe_json_object_get(body, "vectors");
  qe_json_object_set(params, "vectors", vectors ? qe_json_clone(vectors) : qe_json_new_object());
  qe_json_object_set(params, "shard_number", qe_json_new_uint(c->shard_number));
  if (c->custom) qe_json_object_set(params, "sharding_method", qe_json_new_cstr("custom"));
  qe_json_object_set(params, "replication_factor", qe_json_new_uint(1));
  qe_json_object_set(params, "write_consistency_factor", qe_json_new_uint(1));
  const qe_json *odp = qe_json_object_get(body, "on_disk_payload");
  qe_json_object_set(params, "on_disk_payload",
                     qe_json_new_bool(odp ? qe_json_get_bool(odp) : true));
  const qe_json *sparse = qe_json_object_get(body, "sparse_vectors");
  if (sparse && qe_json_object_len(sparse))
    qe_json_object_set(params, "sparse_vectors", qe_json_clone(sparse));
  qe_json *config = qe_json_new_object();
  qe_json_object_set(config, "params", params);
  qe_json_object_set(config, "hnsw_config",
                     with_defaults("{\"m\":16,\"ef_construct\":100,\"full_scan_threshold\":10000,"
                                   "\"max_indexing_threads\":0,\"on_disk\":false}",
                                   qe_json_object_get(body, "hnsw_config")));
  qe_json_object_set(config, "optimizer_config",
                     with_defaults("{\"deleted_threshold\":0.2,\"vacuum_min_vector_number\":1000,"
                                   "\"default_segment_number\":0,\"max_segment_size\":null,"
                                   "\"memmap_threshold\":null,\"indexing_threshold\":10000,"
                                   "\"flush_interval_sec\":5,\"max_optimization_threads\":null}",
                                   qe_json_object_get(body, "optimizers_config")));
  qe_json_object_set(config, "wal_config",
                     with_defaults("{\"wal_capacity_mb\":32,\"wal_segments_ahead\":0}",
                                   qe_json_object_get(body, "wal_config")));
  const qe_json *q = qe_json_object_get(body, "quantization_config");
  qe_json_object_set(config, "quantization_config", q ? qe_json_clone(q) : qe_json_new_null());
  const qe_json *sm = qe_json_object_get(body, "strict_mode_config");
  if (sm) qe_json_object_set(config, "strict_mode_config", qe_json_clone(sm));
  const qe_json *md = qe_json_object_get(body, "metadata");
  if (md) qe_json_object_set(config, "metadata", qe_json_clone(md));
  qe_json *out = qe_json_new_object();
  qe_json_object_set(out, "status", qe_json_new_cstr("green"));
  qe_json_object_set(out, "optimizer_status", qe_json_new_cstr("ok"));
  qe_json_object_set(out, "indexed_vectors_count", qe_json_new_uint(indexed));
  qe_json_object_set(out, "points_count", qe_json_new_uint(points));
  qe_json_object_set(out, "segments_count", qe_json_new_uint(segs));
  qe_json_object_set(out, "config", config);
  qe_json_object_set(out, "payload_schema", schema);
  return out;
}

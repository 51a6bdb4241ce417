/*
 * collection.h — a collection: a set of edge shards under one directory.
 *
 * Layout: <dir>/collection.json holds the creation body, the sharding
 * method, shard_number and the shard list ({id, key}); <dir>/shards/<id>/
 * is one edge shard. With sharding_method "auto" there are shard_number
 * shards and a point lives in shard hash(id) % shard_number. With "custom"
 * every shard key owns shard_number shards of its own and a point lives in
 * the shard hash(id) % shard_number of its key's shards.
 *
 * Thread-safety: callers hold the registry lock (registry.h): shared for
 * data calls, exclusively for anything that changes the shard list or the
 * description (shard keys, vector names, collection updates). The shards
 * themselves allow concurrent readers and serialise writers.
 */
#ifndef QEDGE_SERVER_COLLECTION_H
#define QEDGE_SERVER_COLLECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "qedge/edge.h"

/** One edge shard of a collection. */
typedef struct srv_shard {
  uint32_t id;  /**< shard id, unique in the collection */
  qe_json *key; /**< its shard key (custom sharding), or NULL */
  qe_shard *sh; /**< the open shard */
} srv_shard;

/** The shards of one shard key (or all shards with auto sharding). */
typedef struct srv_group {
  const qe_json *key; /**< NULL with auto sharding */
  srv_shard **shards; /**< in id order */
  size_t n;
} srv_group;

/** Where a request goes: one group per selected shard key. */
typedef struct srv_targets {
  srv_group *groups;
  size_t ngroups;
} srv_targets;

/** An open collection. */
typedef struct srv_collection {
  char *name;            /**< collection name */
  char *dir;             /**< its directory */
  qe_json *meta;         /**< the persisted description */
  bool custom;           /**< custom sharding (shard keys) */
  uint32_t shard_number; /**< shards (per key with custom sharding) */
  srv_shard **shards;    /**< every shard, in id order */
  size_t nshards;
} srv_collection;

/** How a request selects shards. */
typedef enum srv_select {
  SRV_READ,     /**< no key: every shard */
  SRV_WRITE,    /**< no key: every shard (updates by id or filter) */
  SRV_WRITE_NEW /**< no key with custom sharding is an error (upserts) */
} srv_select;

/** Create collection `name` in new directory `dir` from a CreateCollection body. */
int srv_coll_create(const char *dir, const char *name, const qe_json *body, srv_collection **out,
                    qe_error *err);

/** Open the collection stored in `dir`. */
int srv_coll_open(const char *dir, const char *name, srv_collection **out, qe_error *err);

/** Flush and close every shard and free `c` (NULL ok). */
int srv_coll_close(srv_collection *c, qe_error *err);

/** Remove a directory tree (used after closing a deleted collection). */
int srv_remove_tree(const char *dir);

/** Persist `c->meta` (atomic replace). */
int srv_coll_save(srv_collection *c, qe_error *err);

/**
 * Resolve a ShardKeySelector (or NULL) into target groups, valid while the
 * caller holds the registry lock; free with srv_targets_free.
 */
int srv_coll_targets(srv_collection *c, const qe_json *selector, srv_select mode, srv_targets *t,
                     qe_error *err);

/** Free the arrays of `t`. */
void srv_targets_free(srv_targets *t);

/** The shard of `g` that holds point `id`. */
srv_shard *srv_group_route(const srv_group *g, const qe_json *id);

/** Add a shard key with `n` shards (0 = shard_number). Registry lock held exclusively. */
int srv_coll_add_key(srv_collection *c, const qe_json *key, uint32_t n, qe_error *err);

/** Drop a shard key and delete its shards. Registry lock held exclusively. */
int srv_coll_drop_key(srv_collection *c, const qe_json *key, qe_error *err);

/** The creation body as stored (read-only). */
const qe_json *srv_coll_body(const srv_collection *c);

/**
 * True when smaller scores are better for vector `name` ("" = unnamed):
 * dense Euclid and Manhattan.
 */
bool srv_coll_ascending(const srv_collection *c, const char *name);

/** Describe `c` as a CollectionInfo. */
qe_json *srv_coll_info(srv_collection *c, qe_error *err);

#endif

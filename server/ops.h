/*
 * ops.h — updates over the shards of a collection.
 *
 * An update is one edge operation (see qedge/edge.h, qe_shard_update). When
 * it names points (ids, or point objects with an "id"), each point goes to
 * the shard that holds it: with auto sharding hash(id) % shard_number, with
 * custom sharding the same within each selected shard key. Otherwise (by
 * filter, index changes, vector names) it goes to every selected shard.
 * Every shard applies its part atomically; a failure on one shard after
 * another has applied is reported and the earlier part stays applied (the
 * body was validated first, so this needs an I/O error or a conflicting
 * vector definition).
 */
#ifndef QEDGE_SERVER_OPS_H
#define QEDGE_SERVER_OPS_H

#include "collection.h"
#include "request.h"

/**
 * Apply edge operation `name` with arguments `args` (taken) to the shards
 * of `c` chosen by `selector` (a ShardKeySelector or NULL). `ids_field`
 * names the member of `args` that lists points (split per shard), or NULL.
 * `*seq` receives the highest operation number. Caller holds the registry lock.
 */
int srv_apply(srv_collection *c, const qe_json *selector, srv_select mode, const char *name,
              qe_json *args, const char *ids_field, uint64_t *seq, qe_error *err);

/** An UpdateResult: {"operation_id": seq, "status": "completed"|"acknowledged"}. */
qe_json *srv_update_result(uint64_t seq, bool wait);

/**
 * Translate one points-API body into the edge operation and apply it.
 * `kind` is one of "upsert", "delete", "set_payload", "overwrite_payload",
 * "delete_payload", "clear_payload", "update_vectors", "delete_vectors";
 * `body` is the validated REST body (its shard_key is used). Returns 0 with
 * `*seq` set, or an error.
 */
int srv_points_update(srv_collection *c, const char *kind, const qe_json *body, uint64_t *seq,
                      qe_error *err);

#endif

/*
 * fanout.h — reads over the shards of a collection: each selected shard is
 * asked, and the answers are merged as one shard would have answered.
 *
 * query: each shard returns its best offset+limit; the union is ordered by
 *   score (ascending for Euclid/Manhattan dense vectors, descending
 *   otherwise; ties by id) or by id when there is no query, then sliced.
 * scroll: each shard returns `limit` points from the offset and its next
 *   offset; the union is ordered by id (or by order_value with order_by).
 * count: sum.  facet: counts of equal values summed, top `limit` kept.
 * retrieve: ids routed to their shards, records returned in request order.
 *
 * Callers hold the registry lock shared. Requests are QueryRequest,
 * ScrollRequest, CountRequest, FacetRequest as validated by the router;
 * their shard_key is read here and removed before the shards see them.
 */
#ifndef QEDGE_SERVER_FANOUT_H
#define QEDGE_SERVER_FANOUT_H

#include "collection.h"

/** Run a QueryRequest; `*points` receives [ScoredPoint]. */
int srv_query(srv_collection *c, qe_json *req, qe_json **points, qe_error *err);

/** Run a ScrollRequest; `*result` receives a ScrollResult. */
int srv_scroll(srv_collection *c, qe_json *req, qe_json **result, qe_error *err);

/** Run a CountRequest. */
int srv_count(srv_collection *c, qe_json *req, uint64_t *count, qe_error *err);

/** Run a FacetRequest; `*result` receives a FacetResponse. */
int srv_facet(srv_collection *c, qe_json *req, qe_json **result, qe_error *err);

/**
 * Retrieve `ids` (an array) with the given with_payload/with_vector
 * (either may be NULL) from the shards selected by `selector`.
 */
int srv_retrieve(srv_collection *c, const qe_json *selector, const qe_json *ids,
                 const qe_json *with_payload, const qe_json *with_vector, qe_json **records,
                 qe_error *err);

/**
 * Largest limit or offset passed to a shard. No answer can hold more points
 * than the shards do; the cap keeps a limit like 2^64-1 from becoming an
 * allocation of that many results (or overflowing limit + offset).
 */
#define SRV_MAX_LIMIT ((uint64_t)1 << 24)

/** Lower `req[field]` to at most SRV_MAX_LIMIT when it is larger. */
void srv_clamp_limit(qe_json *req, const char *field);

/** Order of two point ids as Qdrant sorts them (numbers before UUIDs). */
int srv_id_cmp(const qe_json *a, const qe_json *b);

#endif

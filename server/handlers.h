/*
 * handlers.h — the route handlers, grouped by endpoint family:
 * h_service.c (root, health, telemetry, cluster), h_collections.c
 * (collections, aliases, vector names, payload indexes), h_shards.c (shard
 * keys, collection cluster info), h_points.c (point updates and retrieval),
 * h_search.c (query, groups, matrix, legacy search/recommend/discover),
 * h_scroll.c (scroll, count, facet), h_snapshots.c (collection snapshots).
 */
#ifndef QEDGE_SERVER_HANDLERS_H
#define QEDGE_SERVER_HANDLERS_H

#include "collection.h"
#include "request.h"

/** The collection named by the first path segment (or alias); on failure
 *  the 404 has been answered and NULL is returned. */
srv_collection *srv_open_coll(srv_ctx *c);

/** Release a collection from srv_open_coll (NULL ok). */
void srv_close_coll(srv_collection *col);

/** This node's peer id (stable for a storage directory). */
uint64_t srv_peer_id(const srv_ctx *c);

#define H(name) void name(srv_ctx *c)
/* service */
H(h_root);
H(h_healthz);
H(h_telemetry);
H(h_cluster);
H(h_cluster_peer_delete);
H(h_cluster_recover);
H(h_metrics);
H(h_issues);
/* collections */
H(h_coll_list);
H(h_coll_get);
H(h_coll_create);
H(h_coll_update);
H(h_coll_delete);
H(h_coll_exists);
H(h_aliases_change);
H(h_aliases_all);
H(h_aliases_of);
H(h_vector_create);
H(h_vector_delete);
H(h_index_create);
H(h_index_delete);
/* shards and cluster */
H(h_shards_list);
H(h_shards_create);
H(h_shards_delete);
H(h_coll_cluster);
H(h_coll_cluster_update);
/* points */
H(h_points_upsert);
H(h_points_delete);
H(h_vectors_update);
H(h_vectors_delete);
H(h_payload_set);
H(h_payload_overwrite);
H(h_payload_delete);
H(h_payload_clear);
H(h_points_batch);
H(h_point_get);
H(h_points_get);
/* search */
H(h_query);
H(h_query_batch);
H(h_query_groups);
H(h_matrix_pairs);
H(h_matrix_offsets);
H(h_search);
H(h_search_batch);
H(h_search_groups);
H(h_recommend);
H(h_recommend_batch);
H(h_recommend_groups);
H(h_discover);
H(h_discover_batch);
/* scroll, count, facet */
H(h_scroll);
H(h_count);
H(h_facet);
/* snapshots */
H(h_snap_list);
H(h_snap_create);
H(h_snap_delete);
H(h_snap_get);
H(h_snap_recover);
H(h_issues_clear);
H(h_cluster_telemetry);
H(h_full_snap_list);
H(h_full_snap_create);
H(h_coll_optimizations);
#undef H

#endif

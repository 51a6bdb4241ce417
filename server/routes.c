/*
 * routes.c — the route table: Qdrant's REST paths, their body models and
 * whether they write. The first match wins, so fixed segments come before
 * "{}" captures where both could match.
 */
#include "handlers.h"
#include "router.h"

#define C "/collections/{}"
#define R(m, p, fn, model, write)                                                                  \
  { m, p, fn, model, write, false, false }
#define RO(m, p, fn, model, write)                                                                 \
  { m, p, fn, model, write, true, false } /* optional body */
#define RX(m, p, fn, model)                                                                        \
  { m, p, fn, model, true, false, true } /* exclusive */

const srv_route srv_routes[] = {
    /* service */
    R("GET", "/", h_root, NULL, false),
    R("GET", "/healthz", h_healthz, NULL, false),
    R("GET", "/livez", h_healthz, NULL, false),
    R("GET", "/readyz", h_healthz, NULL, false),
    R("GET", "/telemetry", h_telemetry, NULL, false),
    R("GET", "/metrics", h_metrics, NULL, false),
    R("GET", "/issues", h_issues, NULL, false),
    R("DELETE", "/issues", h_issues_clear, NULL, true),
    R("GET", "/cluster/telemetry", h_cluster_telemetry, NULL, false),
    R("GET", "/snapshots", h_full_snap_list, NULL, false),
    R("POST", "/snapshots", h_full_snap_create, NULL, true),
    R("GET", "/cluster", h_cluster, NULL, false),
    R("POST", "/cluster/recover", h_cluster_recover, NULL, true),
    R("DELETE", "/cluster/peer/{}", h_cluster_peer_delete, NULL, true),
    /* aliases */
    RX("POST", "/collections/aliases", h_aliases_change, "ChangeAliasesOperation"),
    R("GET", "/aliases", h_aliases_all, NULL, false),
    R("GET", C "/aliases", h_aliases_of, NULL, false),
    /* collections */
    R("GET", "/collections", h_coll_list, NULL, false),
    R("GET", C, h_coll_get, NULL, false),
    {"PUT", C, h_coll_create, "CreateCollection", true, true, true},
    {"PATCH", C, h_coll_update, "UpdateCollection", true, true, true},
    RX("DELETE", C, h_coll_delete, NULL),
    R("GET", C "/exists", h_coll_exists, NULL, false),
    R("GET", C "/optimizations", h_coll_optimizations, NULL, false),
    RX("PUT", C "/vectors/{}", h_vector_create, "VectorNameConfig"),
    RX("DELETE", C "/vectors/{}", h_vector_delete, NULL),
    R("PUT", C "/index", h_index_create, "CreateFieldIndex", true),
    R("DELETE", C "/index/{}", h_index_delete, NULL, true),
    /* shard keys, cluster */
    R("GET", C "/shards", h_shards_list, NULL, false),
    RX("PUT", C "/shards", h_shards_create, "CreateShardingKey"),
    RX("POST", C "/shards", h_shards_create, "CreateShardingKey"),
    RX("POST", C "/shards/delete", h_shards_delete, "DropShardingKey"),
    R("GET", C "/cluster", h_coll_cluster, NULL, false),
    RX("POST", C "/cluster", h_coll_cluster_update, "ClusterOperations"),
    /* points: updates */
    R("PUT", C "/points", h_points_upsert, "PointInsertOperations", true),
    R("POST", C "/points/delete", h_points_delete, "PointsSelector", true),
    R("PUT", C "/points/vectors", h_vectors_update, "UpdateVectors", true),
    R("POST", C "/points/vectors/delete", h_vectors_delete, "DeleteVectors", true),
    R("POST", C "/points/payload", h_payload_set, "SetPayload", true),
    R("PUT", C "/points/payload", h_payload_overwrite, "SetPayload", true),
    R("POST", C "/points/payload/delete", h_payload_delete, "DeletePayload", true),
    R("POST", C "/points/payload/clear", h_payload_clear, "PointsSelector", true),
    R("POST", C "/points/batch", h_points_batch, "UpdateOperations", true),
    /* points: reads */
    R("POST", C "/points", h_points_get, "PointRequest", false),
    RO("POST", C "/points/scroll", h_scroll, "ScrollRequest", false),
    RO("POST", C "/points/count", h_count, "CountRequest", false),
    R("POST", C "/facet", h_facet, "FacetRequest", false),
    RO("POST", C "/points/query", h_query, "QueryRequest", false),
    R("POST", C "/points/query/batch", h_query_batch, "QueryRequestBatch", false),
    R("POST", C "/points/query/groups", h_query_groups, "QueryGroupsRequest", false),
    RO("POST", C "/points/search/matrix/pairs", h_matrix_pairs, "SearchMatrixRequest", false),
    RO("POST", C "/points/search/matrix/offsets", h_matrix_offsets, "SearchMatrixRequest", false),
    R("POST", C "/points/search", h_search, "SearchRequest", false),
    R("POST", C "/points/search/batch", h_search_batch, "SearchRequestBatch", false),
    R("POST", C "/points/search/groups", h_search_groups, "SearchGroupsRequest", false),
    R("POST", C "/points/recommend", h_recommend, "RecommendRequest", false),
    R("POST", C "/points/recommend/batch", h_recommend_batch, "RecommendRequestBatch", false),
    R("POST", C "/points/recommend/groups", h_recommend_groups, "RecommendGroupsRequest", false),
    R("POST", C "/points/discover", h_discover, "DiscoverRequest", false),
    R("POST", C "/points/discover/batch", h_discover_batch, "DiscoverRequestBatch", false),
    R("GET", C "/points/{}", h_point_get, NULL, false),
    /* snapshots */
    R("GET", C "/snapshots", h_snap_list, NULL, false),
    RX("POST", C "/snapshots", h_snap_create, NULL),
    RX("PUT", C "/snapshots/recover", h_snap_recover, "SnapshotRecover"),
    RX("DELETE", C "/snapshots/{}", h_snap_delete, NULL),
    R("GET", C "/snapshots/{}", h_snap_get, NULL, false),
    {0},
};

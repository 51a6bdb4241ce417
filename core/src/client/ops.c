/*
 * ops.c — the table of client operations (method, path, body model, result
 * type, retry safety, query parameters) and the named wrappers over
 * qe_client_call.
 */
#include <string.h>

#include "qedge/client.h"

#define W QE_PARAM_WRITE
#define R QE_PARAM_READ
#define T QE_PARAM_TIMEOUT
#define C QE_PARAM_COLLECTION
#define A QE_PARAM_ARG

/* Idempotent: reads, PUT/PATCH/DELETE, and POST writes whose repetition
 * leaves the same state (payload and vector changes, deletes by selector).
 * Not: alias changes (a rename fails the second time), batch updates,
 * shard-key deletion and snapshot creation (a second snapshot). */
static const qe_op_info ops[QE_OP_COUNT_] = {
    [QE_OP_GET_COLLECTIONS] = {"get_collections", QE_HTTP_GET, "/collections", NULL,
                               "CollectionsResponse", true, 0},
    [QE_OP_GET_COLLECTION] = {"get_collection", QE_HTTP_GET, "/collections/{c}", NULL,
                              "CollectionInfo", true, C},
    [QE_OP_COLLECTION_EXISTS] = {"collection_exists", QE_HTTP_GET, "/collections/{c}/exists", NULL,
                                 "CollectionExistence", true, C},
    [QE_OP_CREATE_COLLECTION] = {"create_collection", QE_HTTP_PUT, "/collections/{c}",
                                 "CreateCollection", "bool", true, C | T},
    [QE_OP_UPDATE_COLLECTION] = {"update_collection", QE_HTTP_PATCH, "/collections/{c}",
                                 "UpdateCollection", "bool", true, C | T},
    [QE_OP_DELETE_COLLECTION] = {"delete_collection", QE_HTTP_DELETE, "/collections/{c}", NULL,
                                 "bool", true, C | T},
    [QE_OP_UPDATE_COLLECTION_ALIASES] = {"update_collection_aliases", QE_HTTP_POST,
                                         "/collections/aliases", "ChangeAliasesOperation", "bool",
                                         false, T},
    [QE_OP_GET_COLLECTION_ALIASES] = {"get_collection_aliases", QE_HTTP_GET,
                                      "/collections/{c}/aliases", NULL,
                                      "CollectionsAliasesResponse", true, C},
    [QE_OP_GET_ALIASES] = {"get_aliases", QE_HTTP_GET, "/aliases", NULL,
                           "CollectionsAliasesResponse", true, 0},
    [QE_OP_UPSERT] = {"upsert", QE_HTTP_PUT, "/collections/{c}/points", "PointInsertOperations",
                      "UpdateResult", true, C | W | T},
    [QE_OP_RETRIEVE] = {"retrieve", QE_HTTP_POST, "/collections/{c}/points", "PointRequest",
                        "[Record]", true, C | R | T},
    [QE_OP_DELETE] = {"delete", QE_HTTP_POST, "/collections/{c}/points/delete", "PointsSelector",
                      "UpdateResult", true, C | W | T},
    [QE_OP_SET_PAYLOAD] = {"set_payload", QE_HTTP_POST, "/collections/{c}/points/payload",
                           "SetPayload", "UpdateResult", true, C | W | T},
    [QE_OP_OVERWRITE_PAYLOAD] = {"overwrite_payload", QE_HTTP_PUT,
                                 "/collections/{c}/points/payload", "SetPayload", "UpdateResult",
                                 true, C | W | T},
    [QE_OP_DELETE_PAYLOAD] = {"delete_payload", QE_HTTP_POST,
                              "/collections/{c}/points/payload/delete", "DeletePayload",
                              "UpdateResult", true, C | W | T},
    [QE_OP_CLEAR_PAYLOAD] = {"clear_payload", QE_HTTP_POST, "/collections/{c}/points/payload/clear",
                             "PointsSelector", "UpdateResult", true, C | W | T},
    [QE_OP_UPDATE_VECTORS] = {"update_vectors", QE_HTTP_PUT, "/collections/{c}/points/vectors",
                              "UpdateVectors", "UpdateResult", true, C | W | T},
    [QE_OP_DELETE_VECTORS] = {"delete_vectors", QE_HTTP_POST,
                              "/collections/{c}/points/vectors/delete", "DeleteVectors",
                              "UpdateResult", true, C | W | T},
    [QE_OP_BATCH_UPDATE_POINTS] = {"batch_update_points", QE_HTTP_POST,
                                   "/collections/{c}/points/batch", "UpdateOperations",
                                   "[UpdateResult]", false, C | W | T},
    [QE_OP_QUERY_POINTS] = {"query_points", QE_HTTP_POST, "/collections/{c}/points/query",
                            "QueryRequest", "QueryResponse", true, C | R | T},
    [QE_OP_QUERY_BATCH_POINTS] = {"query_batch_points", QE_HTTP_POST,
                                  "/collections/{c}/points/query/batch", "QueryRequestBatch",
                                  "[QueryResponse]", true, C | R | T},
    [QE_OP_QUERY_POINTS_GROUPS] = {"query_points_groups", QE_HTTP_POST,
                                   "/collections/{c}/points/query/groups", "QueryGroupsRequest",
                                   "GroupsResult", true, C | R | T},
    [QE_OP_SEARCH] = {"search", QE_HTTP_POST, "/collections/{c}/points/search", "SearchRequest",
                      "[ScoredPoint]", true, C | R | T},
    [QE_OP_SEARCH_BATCH] = {"search_batch", QE_HTTP_POST, "/collections/{c}/points/search/batch",
                            "SearchRequestBatch", "[[ScoredPoint]]", true, C | R | T},
    [QE_OP_SCROLL] = {"scroll", QE_HTTP_POST, "/collections/{c}/points/scroll", "ScrollRequest",
                      "ScrollResult", true, C | R | T},
    [QE_OP_COUNT] = {"count", QE_HTTP_POST, "/collections/{c}/points/count", "CountRequest",
                     "CountResult", true, C | R | T},
    [QE_OP_FACET] = {"facet", QE_HTTP_POST, "/collections/{c}/facet", "FacetRequest",
                     "FacetResponse", true, C | R | T},
    [QE_OP_CREATE_PAYLOAD_INDEX] = {"create_payload_index", QE_HTTP_PUT, "/collections/{c}/index",
                                    "CreateFieldIndex", "UpdateResult", true, C | W},
    [QE_OP_DELETE_PAYLOAD_INDEX] = {"delete_payload_index", QE_HTTP_DELETE,
                                    "/collections/{c}/index/{a}", NULL, "UpdateResult", true,
                                    C | A | W},
    [QE_OP_CREATE_SHARD_KEY] = {"create_shard_key", QE_HTTP_PUT, "/collections/{c}/shards",
                                "CreateShardingKey", "bool", true, C | T},
    [QE_OP_DELETE_SHARD_KEY] = {"delete_shard_key", QE_HTTP_POST, "/collections/{c}/shards/delete",
                                "DropShardingKey", "bool", false, C | T},
    [QE_OP_LIST_SHARD_KEYS] = {"list_shard_keys", QE_HTTP_GET, "/collections/{c}/shards", NULL,
                               "ShardKeysResponse", true, C},
    [QE_OP_CLUSTER_STATUS] = {"cluster_status", QE_HTTP_GET, "/cluster", NULL, "ClusterStatus",
                              true, 0},
    [QE_OP_COLLECTION_CLUSTER_INFO] = {"collection_cluster_info", QE_HTTP_GET,
                                       "/collections/{c}/cluster", NULL, "CollectionClusterInfo",
                                       true, C},
    [QE_OP_CREATE_SNAPSHOT] = {"create_snapshot", QE_HTTP_POST, "/collections/{c}/snapshots", NULL,
                               "SnapshotDescription", false, C | W},
    [QE_OP_LIST_SNAPSHOTS] = {"list_snapshots", QE_HTTP_GET, "/collections/{c}/snapshots", NULL,
                              "[SnapshotDescription]", true, C},
    [QE_OP_DELETE_SNAPSHOT] = {"delete_snapshot", QE_HTTP_DELETE, "/collections/{c}/snapshots/{a}",
                               NULL, "bool", true, C | A | W},
};

const qe_op_info *qe_op_get(qe_op op) {
  return (unsigned)op < QE_OP_COUNT_ ? &ops[op] : NULL;
}

bool qe_op_find(const char *name, qe_op *out) {
  for (unsigned i = 0; i < QE_OP_COUNT_; i++)
    if (strcmp(ops[i].name, name) == 0) {
      *out = (qe_op)i;
      return true;
    }
  return false;
}

/* ------------------------------------------------------------ wrappers */

/* (client) */
#define OP0(fn, op)                                                                                \
  int qe_client_##fn(qe_client *c, const qe_call_options *o, qe_json **result, qe_error *err) {    \
    return qe_client_call(c, op, NULL, NULL, NULL, o, result, err);                                \
  }
/* (client, collection) */
#define OPC(fn, op)                                                                                \
  int qe_client_##fn(qe_client *c, const char *name, const qe_call_options *o, qe_json **result,   \
                     qe_error *err) {                                                              \
    return qe_client_call(c, op, name, NULL, NULL, o, result, err);                                \
  }
/* (client, collection, body) */
#define OPB(fn, op)                                                                                \
  int qe_client_##fn(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,      \
                     qe_json **result, qe_error *err) {                                            \
    return qe_client_call(c, op, name, NULL, body, o, result, err);                                \
  }
/* (client, collection, second name) */
#define OPA(fn, op)                                                                                \
  int qe_client_##fn(qe_client *c, const char *name, const char *arg, const qe_call_options *o,    \
                     qe_json **result, qe_error *err) {                                            \
    return qe_client_call(c, op, name, arg, NULL, o, result, err);                                 \
  }

OP0(get_collections, QE_OP_GET_COLLECTIONS)
OPC(get_collection, QE_OP_GET_COLLECTION)
OPC(collection_exists, QE_OP_COLLECTION_EXISTS)
OPB(create_collection, QE_OP_CREATE_COLLECTION)
OPB(update_collection, QE_OP_UPDATE_COLLECTION)
OPC(delete_collection, QE_OP_DELETE_COLLECTION)
OPC(get_collection_aliases, QE_OP_GET_COLLECTION_ALIASES)
OP0(get_aliases, QE_OP_GET_ALIASES)
OPB(upsert, QE_OP_UPSERT)
OPB(retrieve, QE_OP_RETRIEVE)
OPB(delete, QE_OP_DELETE)
OPB(set_payload, QE_OP_SET_PAYLOAD)
OPB(overwrite_payload, QE_OP_OVERWRITE_PAYLOAD)
OPB(delete_payload, QE_OP_DELETE_PAYLOAD)
OPB(clear_payload, QE_OP_CLEAR_PAYLOAD)
OPB(update_vectors, QE_OP_UPDATE_VECTORS)
OPB(delete_vectors, QE_OP_DELETE_VECTORS)
OPB(batch_update_points, QE_OP_BATCH_UPDATE_POINTS)
OPB(query_points, QE_OP_QUERY_POINTS)
OPB(query_batch_points, QE_OP_QUERY_BATCH_POINTS)
OPB(query_points_groups, QE_OP_QUERY_POINTS_GROUPS)
OPB(search, QE_OP_SEARCH)
OPB(search_batch, QE_OP_SEARCH_BATCH)
OPB(scroll, QE_OP_SCROLL)
OPB(count, QE_OP_COUNT)
OPB(facet, QE_OP_FACET)
OPB(create_payload_index, QE_OP_CREATE_PAYLOAD_INDEX)
OPA(delete_payload_index, QE_OP_DELETE_PAYLOAD_INDEX)
OPB(create_shard_key, QE_OP_CREATE_SHARD_KEY)
OPB(delete_shard_key, QE_OP_DELETE_SHARD_KEY)
OPC(list_shard_keys, QE_OP_LIST_SHARD_KEYS)
OP0(cluster_status, QE_OP_CLUSTER_STATUS)
OPC(collection_cluster_info, QE_OP_COLLECTION_CLUSTER_INFO)
OPC(create_snapshot, QE_OP_CREATE_SNAPSHOT)
OPC(list_snapshots, QE_OP_LIST_SNAPSHOTS)
OPA(delete_snapshot, QE_OP_DELETE_SNAPSHOT)

int qe_client_update_collection_aliases(qe_client *c, qe_json *body, const qe_call_options *o,
                                        qe_json **result, qe_error *err) {
  return qe_client_call(c, QE_OP_UPDATE_COLLECTION_ALIASES, NULL, NULL, body, o, result, err);
}

/*
 * qedge/client.h — the Qdrant REST client.
 *
 * Every operation is build → send → parse: the request body is a qe_json
 * tree shaped as Qdrant's OpenAPI model for the operation (CreateCollection,
 * PointInsertOperations, QueryRequest, ...), checked against the model
 * registry before anything is sent (so bad input fails with the JSON path of
 * the bad value and no round trip); the transport (qedge/transport.h) sends
 * it; the answer's `result` comes back as a qe_json tree shaped as Qdrant's
 * response model (UpdateResult, QueryResponse, CollectionInfo, ...). An
 * error answer becomes QE_EHTTP with the status and Qdrant's
 * `status.error` message in qe_error.
 *
 * Names follow qdrant-client: qe_client_<method>. Bodies are borrowed and
 * may be normalised in place by the check (arrays of numbers become f32
 * vectors, UUIDs canonical); the caller still owns and frees them.
 *
 * Thread-safety: a qe_client may be shared by threads; calls on one client
 * are serialised on its connection (use one client per thread for
 * parallel requests).
 */
#ifndef QEDGE_CLIENT_H
#define QEDGE_CLIENT_H

#include <stdbool.h>

#include "qedge/error.h"
#include "qedge/json.h"
#include "qedge/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A client bound to one Qdrant server (opaque). */
typedef struct qe_client qe_client;

/** Client options; zero-initialised means every default. */
typedef struct qe_client_options {
  qe_transport_options http; /**< server address, auth, timeouts, retries, send function */
  bool no_validate;          /**< skip the request-body check (default: check) */
} qe_client_options;

/** Create a client (*out; free with qe_client_free). `opts` may be NULL. */
int qe_client_new(const qe_client_options *opts, qe_client **out, qe_error *err);

/** Free a client and close its connections. NULL is a no-op. */
void qe_client_free(qe_client *c);

/** The client's transport (owned by the client), e.g. for its base URL. */
qe_transport *qe_client_transport(qe_client *c);

/** Per-call options; zero-initialised means the defaults. */
typedef struct qe_call_options {
  bool no_wait;            /**< writes: `wait=false` (default: wait=true, as qdrant-client) */
  const char *ordering;    /**< writes: "weak", "medium" or "strong"; NULL = server default */
  const char *consistency; /**< reads: a number, "majority", "quorum" or "all"; NULL = default */
  unsigned timeout;        /**< server-side timeout in seconds (`timeout=`); 0 = none */
  const qe_http_header *headers; /**< extra headers for this call */
  size_t n_headers;              /**< number of extra headers */
  qe_http_response *response;    /**< if set, receives the raw response (caller frees) */
} qe_call_options;

/** Every operation of the client. */
typedef enum qe_op {
  QE_OP_GET_COLLECTIONS = 0,
  QE_OP_GET_COLLECTION,
  QE_OP_COLLECTION_EXISTS,
  QE_OP_CREATE_COLLECTION,
  QE_OP_UPDATE_COLLECTION,
  QE_OP_DELETE_COLLECTION,
  QE_OP_UPDATE_COLLECTION_ALIASES,
  QE_OP_GET_COLLECTION_ALIASES,
  QE_OP_GET_ALIASES,
  QE_OP_UPSERT,
  QE_OP_RETRIEVE,
  QE_OP_DELETE,
  QE_OP_SET_PAYLOAD,
  QE_OP_OVERWRITE_PAYLOAD,
  QE_OP_DELETE_PAYLOAD,
  QE_OP_CLEAR_PAYLOAD,
  QE_OP_UPDATE_VECTORS,
  QE_OP_DELETE_VECTORS,
  QE_OP_BATCH_UPDATE_POINTS,
  QE_OP_QUERY_POINTS,
  QE_OP_QUERY_BATCH_POINTS,
  QE_OP_QUERY_POINTS_GROUPS,
  QE_OP_SEARCH,
  QE_OP_SEARCH_BATCH,
  QE_OP_SCROLL,
  QE_OP_COUNT,
  QE_OP_FACET,
  QE_OP_CREATE_PAYLOAD_INDEX,
  QE_OP_DELETE_PAYLOAD_INDEX,
  QE_OP_CREATE_SHARD_KEY,
  QE_OP_DELETE_SHARD_KEY,
  QE_OP_LIST_SHARD_KEYS,
  QE_OP_CLUSTER_STATUS,
  QE_OP_COLLECTION_CLUSTER_INFO,
  QE_OP_CREATE_SNAPSHOT,
  QE_OP_LIST_SNAPSHOTS,
  QE_OP_DELETE_SNAPSHOT,
  QE_OP_COUNT_ /**< number of operations (not an operation) */
} qe_op;

/** Which query parameters an operation takes (qe_op_info.params). */
enum {
  QE_PARAM_WRITE = 1u << 0,      /**< wait and ordering */
  QE_PARAM_READ = 1u << 1,       /**< consistency */
  QE_PARAM_TIMEOUT = 1u << 2,    /**< timeout */
  QE_PARAM_COLLECTION = 1u << 3, /**< the path names a collection */
  QE_PARAM_ARG = 1u << 4         /**< the path has a second name (field, snapshot) */
};

/** How an operation maps onto the REST API. */
typedef struct qe_op_info {
  const char *name;        /**< qdrant-client's method name, e.g. "query_points" */
  qe_http_method method;   /**< HTTP method */
  const char *path;        /**< path template, "{c}" = collection, "{a}" = second name */
  const char *body_model;  /**< registry model of the body, or NULL when none is sent */
  const char *result_type; /**< registry type expression of `result`, e.g. "[Record]" */
  bool idempotent;         /**< retried after connection errors and 429/502/503/504 */
  unsigned params;         /**< QE_PARAM_* flags */
} qe_op_info;

/** The description of `op`, or NULL when out of range. */
const qe_op_info *qe_op_get(qe_op op);

/** The operation named `name` (qdrant-client's method name) into *out; false if none. */
bool qe_op_find(const char *name, qe_op *out);

/**
 * Run operation `op`: `collection` and `arg` fill the path (NULL when the
 * operation has none), `body` is the request body (NULL for operations
 * without one; required for those with one), `o` the per-call options (NULL
 * = defaults). On success *result (if `result` is not NULL) receives the
 * answer's `result` (free with qe_json_free). Errors: QE_EINVAL (bad body or
 * names, with the path), QE_ETRANSPORT / QE_ETIMEOUT (no answer), QE_EHTTP
 * (an error status; message "<status> <reason>: <Qdrant's message>"),
 * QE_EPARSE (an answer that is not Qdrant's JSON envelope).
 */
int qe_client_call(qe_client *c, qe_op op, const char *collection, const char *arg, qe_json *body,
                   const qe_call_options *o, qe_json **result, qe_error *err);

/* ------------------------------------------------------------ operations
 * Each is qe_client_call with its qe_op; bodies are the OpenAPI model named
 * in brackets, results the model after the arrow. */

/** GET /collections → CollectionsResponse. */
int qe_client_get_collections(qe_client *c, const qe_call_options *o, qe_json **result,
                              qe_error *err);
/** GET /collections/{name} → CollectionInfo. */
int qe_client_get_collection(qe_client *c, const char *name, const qe_call_options *o,
                             qe_json **result, qe_error *err);
/** GET /collections/{name}/exists → CollectionExistence ({"exists": bool}). */
int qe_client_collection_exists(qe_client *c, const char *name, const qe_call_options *o,
                                qe_json **result, qe_error *err);
/** PUT /collections/{name} [CreateCollection] → bool. */
int qe_client_create_collection(qe_client *c, const char *name, qe_json *body,
                                const qe_call_options *o, qe_json **result, qe_error *err);
/** PATCH /collections/{name} [UpdateCollection] → bool. */
int qe_client_update_collection(qe_client *c, const char *name, qe_json *body,
                                const qe_call_options *o, qe_json **result, qe_error *err);
/** DELETE /collections/{name} → bool. */
int qe_client_delete_collection(qe_client *c, const char *name, const qe_call_options *o,
                                qe_json **result, qe_error *err);
/** POST /collections/aliases [ChangeAliasesOperation] → bool. */
int qe_client_update_collection_aliases(qe_client *c, qe_json *body, const qe_call_options *o,
                                        qe_json **result, qe_error *err);
/** GET /collections/{name}/aliases → CollectionsAliasesResponse. */
int qe_client_get_collection_aliases(qe_client *c, const char *name, const qe_call_options *o,
                                     qe_json **result, qe_error *err);
/** GET /aliases → CollectionsAliasesResponse. */
int qe_client_get_aliases(qe_client *c, const qe_call_options *o, qe_json **result, qe_error *err);
/** PUT /collections/{name}/points [PointInsertOperations] → UpdateResult. */
int qe_client_upsert(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                     qe_json **result, qe_error *err);
/** POST /collections/{name}/points [PointRequest] → [Record]. */
int qe_client_retrieve(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                       qe_json **result, qe_error *err);
/** POST /collections/{name}/points/delete [PointsSelector] → UpdateResult. */
int qe_client_delete(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                     qe_json **result, qe_error *err);
/** POST /collections/{name}/points/payload [SetPayload] → UpdateResult. */
int qe_client_set_payload(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                          qe_json **result, qe_error *err);
/** PUT /collections/{name}/points/payload [SetPayload] → UpdateResult. */
int qe_client_overwrite_payload(qe_client *c, const char *name, qe_json *body,
                                const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/payload/delete [DeletePayload] → UpdateResult. */
int qe_client_delete_payload(qe_client *c, const char *name, qe_json *body,
                             const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/payload/clear [PointsSelector] → UpdateResult. */
int qe_client_clear_payload(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                            qe_json **result, qe_error *err);
/** PUT /collections/{name}/points/vectors [UpdateVectors] → UpdateResult. */
int qe_client_update_vectors(qe_client *c, const char *name, qe_json *body,
                             const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/vectors/delete [DeleteVectors] → UpdateResult. */
int qe_client_delete_vectors(qe_client *c, const char *name, qe_json *body,
                             const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/batch [UpdateOperations] → [UpdateResult] (not retried). */
int qe_client_batch_update_points(qe_client *c, const char *name, qe_json *body,
                                  const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/query [QueryRequest] → QueryResponse. */
int qe_client_query_points(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                           qe_json **result, qe_error *err);
/** POST /collections/{name}/points/query/batch [QueryRequestBatch] → [QueryResponse]. */
int qe_client_query_batch_points(qe_client *c, const char *name, qe_json *body,
                                 const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/query/groups [QueryGroupsRequest] → GroupsResult. */
int qe_client_query_points_groups(qe_client *c, const char *name, qe_json *body,
                                  const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/points/search [SearchRequest] → [ScoredPoint] (pre-1.16 API). */
int qe_client_search(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                     qe_json **result, qe_error *err);
/** POST /collections/{name}/points/search/batch [SearchRequestBatch] → [[ScoredPoint]]. */
int qe_client_search_batch(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                           qe_json **result, qe_error *err);
/** POST /collections/{name}/points/scroll [ScrollRequest] → ScrollResult. */
int qe_client_scroll(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                     qe_json **result, qe_error *err);
/** POST /collections/{name}/points/count [CountRequest] → CountResult. */
int qe_client_count(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                    qe_json **result, qe_error *err);
/** POST /collections/{name}/facet [FacetRequest] → FacetResponse. */
int qe_client_facet(qe_client *c, const char *name, qe_json *body, const qe_call_options *o,
                    qe_json **result, qe_error *err);
/** PUT /collections/{name}/index [CreateFieldIndex] → UpdateResult. */
int qe_client_create_payload_index(qe_client *c, const char *name, qe_json *body,
                                   const qe_call_options *o, qe_json **result, qe_error *err);
/** DELETE /collections/{name}/index/{field_name} → UpdateResult. */
int qe_client_delete_payload_index(qe_client *c, const char *name, const char *field_name,
                                   const qe_call_options *o, qe_json **result, qe_error *err);
/** PUT /collections/{name}/shards [CreateShardingKey] → bool. */
int qe_client_create_shard_key(qe_client *c, const char *name, qe_json *body,
                               const qe_call_options *o, qe_json **result, qe_error *err);
/** POST /collections/{name}/shards/delete [DropShardingKey] → bool (not retried). */
int qe_client_delete_shard_key(qe_client *c, const char *name, qe_json *body,
                               const qe_call_options *o, qe_json **result, qe_error *err);
/** GET /collections/{name}/shards → ShardKeysResponse. */
int qe_client_list_shard_keys(qe_client *c, const char *name, const qe_call_options *o,
                              qe_json **result, qe_error *err);
/** GET /cluster → ClusterStatus. */
int qe_client_cluster_status(qe_client *c, const qe_call_options *o, qe_json **result,
                             qe_error *err);
/** GET /collections/{name}/cluster → CollectionClusterInfo. */
int qe_client_collection_cluster_info(qe_client *c, const char *name, const qe_call_options *o,
                                      qe_json **result, qe_error *err);
/** POST /collections/{name}/snapshots → SnapshotDescription (not retried). */
int qe_client_create_snapshot(qe_client *c, const char *name, const qe_call_options *o,
                              qe_json **result, qe_error *err);
/** GET /collections/{name}/snapshots → [SnapshotDescription]. */
int qe_client_list_snapshots(qe_client *c, const char *name, const qe_call_options *o,
                             qe_json **result, qe_error *err);
/** DELETE /collections/{name}/snapshots/{snapshot_name} → bool. */
int qe_client_delete_snapshot(qe_client *c, const char *name, const char *snapshot_name,
                              const qe_call_options *o, qe_json **result, qe_error *err);

#ifdef __cplusplus
}
#endif
#endif

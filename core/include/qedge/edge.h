/*
 * qedge/edge.h — the edge shard: an embedded, persistent, crash-safe store of
 * points (ids, dense/sparse/multi vectors, JSON payloads) answering with
 * Qdrant's semantics.
 *
 * Requests and results are qe_json trees shaped as Qdrant's REST models (the
 * registry's names): an update is one operation object (see
 * qe_shard_update), a query is a QueryRequest, a scroll a ScrollRequest, a
 * count a CountRequest, a facet a FacetRequest. Every request is validated
 * against its model first; bad input changes nothing and the error names the
 * path of the bad value.
 *
 * Durability: every update is appended to a CRC-framed write-ahead log before
 * it is applied. With QE_DURABILITY_FSYNC (the default) the log is fsynced
 * before qe_shard_update returns, so an acknowledged update survives a crash;
 * QE_DURABILITY_INTERVAL fsyncs at most every `fsync_interval_ms`;
 * QE_DURABILITY_ON_FLUSH only at qe_shard_flush/close.
 *
 * Thread-safety: one writer and many readers. Reads (query, scroll, count,
 * facet, retrieve, info) may run concurrently with each other and with one
 * update; updates are serialised inside the shard. A second process that
 * opens the same directory for writing gets QE_EBUSY; read-only opens share
 * the directory with a writer and see the state as of its last flush (they
 * do not read the write-ahead log).
 */
#ifndef QEDGE_EDGE_H
#define QEDGE_EDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "qedge/error.h"
#include "qedge/json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An open edge shard (opaque). */
typedef struct qe_shard qe_shard;

/** When the write-ahead log is fsynced. */
typedef enum qe_durability {
  QE_DURABILITY_FSYNC = 0,    /**< before every update returns (default) */
  QE_DURABILITY_INTERVAL = 1, /**< at most every fsync_interval_ms */
  QE_DURABILITY_ON_FLUSH = 2  /**< only on flush and close */
} qe_durability;

/** Options for opening a shard; zero-initialised means the defaults. */
typedef struct qe_shard_options {
  bool read_only;             /**< open without the writer lock; updates fail;
                                   sees the last flushed state */
  qe_durability durability;   /**< see qe_durability */
  unsigned fsync_interval_ms; /**< for QE_DURABILITY_INTERVAL; 0 = 100 ms */
  size_t flush_threshold;     /**< points in the write buffer that trigger a
                                   flush to an immutable segment; 0 = 20000 */
} qe_shard_options;

/**
 * Create a new shard in directory `path` (created if missing; it must be
 * empty) with `config`, an EdgeConfig object (`vectors`: one EdgeVectorParams
 * for the unnamed vector or a map of named ones; `vector_data`, the older
 * spelling, is accepted; `sparse_vectors`; `on_disk_payload`, ...).
 * QE_EEXIST if a shard is already there.
 */
int qe_shard_create(const char *path, const qe_json *config, const qe_shard_options *opts,
                    qe_shard **out, qe_error *err);

/**
 * Open an existing shard. `config` may be NULL (use the stored one) or an
 * EdgeConfig that must agree with the stored vectors. Replays only the log
 * written since the last flush; vectors of flushed segments are mapped, not
 * read. QE_ENOTFOUND if there is no shard, QE_EBUSY if another process holds
 * the writer lock, QE_ECORRUPT if stored files fail their checks.
 */
int qe_shard_open(const char *path, const qe_json *config, const qe_shard_options *opts,
                  qe_shard **out, qe_error *err);

/** Flush and close; frees the handle even when the flush fails. NULL ok. */
int qe_shard_close(qe_shard *s, qe_error *err);

/**
 * Apply one update operation, an object with exactly one key:
 *   upsert_points {points: [PointStruct], condition?: Filter,
 *                  update_mode?: "upsert"|"insert_only"|"update_only"}
 *   delete_points {point_ids: [id]}         delete_points_by_filter {filter}
 *   update_vectors {point_vectors: [PointVectors], condition?: Filter}
 *   delete_vectors {point_ids, vector_names} delete_vectors_by_filter {filter, vector_names}
 *   set_payload {point_ids, payload, key?}   set_payload_by_filter {filter, payload, key?}
 *   overwrite_payload {point_ids, payload}   overwrite_payload_by_filter {filter, payload}
 *   delete_payload {point_ids, keys}         delete_payload_by_filter {filter, keys}
 *   clear_payload {point_ids}                clear_payload_by_filter {filter}
 *   create_field_index {field_name, field_schema?}   delete_field_index {field_name}
 *   create_dense_vector {name, params: EdgeVectorParams}
 *   create_sparse_vector {name, params?: EdgeSparseVectorParams}
 *   delete_vector_name {name}
 * The operation is validated, made durable per the durability setting, then
 * applied whole; on error nothing changes. `op` may be normalised in place.
 * `seq` (optional) receives the operation's number — counted from 0 as
 * Qdrant's operation ids are — which becomes the `version` of every point
 * it writes.
 */
int qe_shard_update(qe_shard *s, qe_json *op, uint64_t *seq, qe_error *err);

/**
 * Query with a QueryRequest (query, using, filter, score_threshold, limit,
 * offset, with_payload, with_vector, prefetch, params). `*points` receives
 * an array of ScoredPoint objects (id, version, score, payload?, vector?).
 */
int qe_shard_query(qe_shard *s, qe_json *request, qe_json **points, qe_error *err);

/**
 * Scroll with a ScrollRequest (offset, limit, filter, with_payload,
 * with_vector, order_by). `*result` receives {points: [Record],
 * next_page_offset: id | null}.
 */
int qe_shard_scroll(qe_shard *s, qe_json *request, qe_json **result, qe_error *err);

/** Count with a CountRequest (filter, exact). */
int qe_shard_count(qe_shard *s, qe_json *request, uint64_t *count, qe_error *err);

/** Facet with a FacetRequest (key, limit, filter, exact); `*result` is
 *  {hits: [{value, count}]}. */
int qe_shard_facet(qe_shard *s, qe_json *request, qe_json **result, qe_error *err);

/**
 * Retrieve points by id, in request order, skipping missing ids.
 * `request` is {ids: [id], with_payload?, with_vector?}; `*records` an array
 * of Record objects.
 */
int qe_shard_retrieve(qe_shard *s, qe_json *request, qe_json **records, qe_error *err);

/**
 * Describe the shard: {segments_count, points_count, indexed_vectors_count,
 * payload_schema: {key: {data_type, params?, points}}, config: EdgeConfig}.
 */
int qe_shard_info(qe_shard *s, qe_json **info, qe_error *err);

/** Write buffered points to an immutable segment and truncate the log. */
int qe_shard_flush(qe_shard *s, qe_error *err);

/**
 * Merge segments into one, dropping deleted and superseded points (after
 * flushing the write buffer). `*optimized` (when not NULL) tells whether
 * anything was rewritten: true when there were two or more segments to
 * merge or dead rows to drop, false when the shard was already optimal.
 * Like Qdrant Edge's `optimize()` result; Qdrant Edge's optimizers have
 * thresholds (e.g. vacuum from 20% deleted and 1000 points), qedge
 * rewrites whenever there is anything to merge or drop.
 */
int qe_shard_optimize(qe_shard *s, bool *optimized, qe_error *err);

#ifdef __cplusplus
}
#endif
#endif

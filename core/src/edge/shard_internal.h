/* shard_internal.h — the edge shard's in-memory structures (edge floor only).
 *
 * A shard is a set of segments plus a write-ahead log. Every segment has the
 * same shape in memory — rows of (id, version, vectors, payload) — whether it
 * is the mutable write buffer (heap arrays, payloads as qe_json trees) or an
 * immutable segment mapped from a file (vectors read in place, payloads
 * parsed on first use). A global id map points every live id at the one row
 * holding its newest version; every other row is dead.
 */
#ifndef QEDGE_EDGE_SHARD_INTERNAL_H
#define QEDGE_EDGE_SHARD_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "distance.h"
#include "filter.h"
#include "point_id.h"
#include "qedge/edge.h"
#include "wal.h"

/* ------------------------------------------------------------ config */

/** One configured vector name. */
typedef struct qe_vec_conf {
  char *name;       /**< "" for the unnamed default vector */
  bool sparse;      /**< sparse vector (indices + values) */
  bool multi;       /**< dense multivector (several rows per point) */
  uint32_t dim;     /**< dense size */
  qe_distance dist; /**< dense distance */
  bool idf;         /**< sparse modifier "idf" */
  qe_json *params;  /**< the EdgeVectorParams / EdgeSparseVectorParams as given */
  uint64_t dropped; /**< seq of the last delete_vector_name of this name: data in
                         rows written at or before it is not this vector's */
} qe_vec_conf;

typedef struct qe_shard_config {
  qe_vec_conf *vecs;
  size_t nvecs;
  qe_json *raw; /**< the full EdgeConfig (normalised: `vectors` form) */
} qe_shard_config;

/** Parse a validated EdgeConfig. */
int qe_config_from_json(const qe_json *cfg, qe_shard_config *out, qe_error *err);
/** The EdgeConfig JSON of a config (a new tree). */
qe_json *qe_config_to_json(const qe_shard_config *c);
void qe_config_free(qe_shard_config *c);
/** Index of a vector name, or -1. */
int qe_config_find(const qe_shard_config *c, const char *name, size_t len);
/** Deep copy. */
int qe_config_clone(const qe_shard_config *src, qe_shard_config *dst);
/** Add a vector name (dense params: EdgeVectorParams; sparse: EdgeSparseVectorParams). */
int qe_config_add_vector(qe_shard_config *c, const char *name, const qe_json *params, bool sparse,
                         qe_error *err);
/** Remove vector `i`. */
void qe_config_remove(qe_shard_config *c, int i);

/* ------------------------------------------------------------ segments */

/** Per-vector-name storage of one segment. */
typedef struct qe_seg_vecs {
  char *name;
  bool sparse, multi;
  uint32_t dim;
  /* dense: row r at data + r*dim when present */
  float *data;      /**< heap (mutable) or mapped (immutable) */
  size_t cap_rows;  /**< mutable: rows allocated in data */
  uint8_t *present; /**< bitmap per row */
  /* sparse / multi: row r spans [off[r], off[r+1]) elements */
  uint64_t *off;    /**< count+1 offsets (mutable: grown) */
  uint32_t *idx;    /**< sparse indices */
  float *val;       /**< sparse values, or multi rows (elements of dim floats) */
  size_t cap_elems; /**< mutable: elements allocated */
} qe_seg_vecs;

typedef struct qe_segment {
  uint64_t id; /**< file id; 0 for the mutable segment */
  bool mutable_;
  size_t count; /**< rows */
  size_t cap;   /**< mutable: rows allocated */
  qe_point_id *ids;
  uint64_t *versions;
  uint8_t *dead; /**< bitmap: superseded or deleted */
  size_t ndead;
  qe_seg_vecs *vecs; /**< one entry per name stored in this segment */
  size_t nvecs;
  /* payloads */
  qe_json **payloads;      /**< mutable: owned trees (NULL = none); immutable: lazy cache */
  const uint64_t *pay_off; /**< immutable: count+1 offsets into pay_text */
  const char *pay_text;
  pthread_mutex_t pay_lock; /**< guards the immutable lazy cache */
  /* tombstones carried by this segment (immutable) or pending (mutable) */
  qe_point_id *tomb_ids;
  uint64_t *tomb_versions;
  size_t ntomb, tomb_cap;
  /* the mapping of an immutable segment */
  void *map;
  size_t map_len;
  uint64_t max_version;
} qe_segment;

qe_segment *qe_segment_new_mutable(void);
void qe_segment_free(qe_segment *s);
/** Storage of vector `name` in a segment, or NULL. */
qe_seg_vecs *qe_segment_vecs(const qe_segment *s, const char *name);
/** Add (mutable) storage for a vector name. */
qe_seg_vecs *qe_segment_add_vecs(qe_segment *s, const qe_vec_conf *vc);
/** Append an empty row; returns its index or (size_t)-1 on OOM. */
size_t qe_segment_append(qe_segment *s, const qe_point_id *id, uint64_t version);
/** Set a dense vector of a mutable row (copies n floats). */
int qe_segment_set_dense(qe_segment *s, qe_seg_vecs *v, size_t row, const float *x);
/** Set a multivector (rows × dim floats) of a mutable row. */
int qe_segment_set_multi(qe_segment *s, qe_seg_vecs *v, size_t row, const float *x, size_t rows);
/** Set a sparse vector of a mutable row. */
int qe_segment_set_sparse(qe_segment *s, qe_seg_vecs *v, size_t row, const uint32_t *idx,
                          const float *val, size_t n);
/** Does row have vector v? */
bool qe_segment_has(const qe_segment *s, const qe_seg_vecs *v, size_t row);
/** Dense vector of a row (NULL if absent). */
const float *qe_segment_dense(const qe_segment *s, const qe_seg_vecs *v, size_t row);
/** Multi/sparse span of a row: elements [*begin, *end). */
void qe_segment_span(const qe_segment *s, const qe_seg_vecs *v, size_t row, uint64_t *begin,
                     uint64_t *end);
/** Payload of a row (parsed lazily for immutable segments); NULL = none. */
const qe_json *qe_segment_payload(qe_segment *s, size_t row);
/** Mark a row dead. */
void qe_segment_kill(qe_segment *s, size_t row);
static inline bool qe_segment_dead(const qe_segment *s, size_t row) {
  return (s->dead[row >> 3] >> (row & 7)) & 1;
}
/** Record a tombstone (mutable segment). */
int qe_segment_add_tomb(qe_segment *s, const qe_point_id *id, uint64_t version);

/** Write the live rows of `s` (and its tombstones) as an immutable segment
 *  file at `path` (temp + fsync + rename; the caller fsyncs the directory). */
int qe_segfile_write(const char *path, qe_segment *s, qe_error *err);
/** Map an immutable segment file. */
int qe_segfile_open(const char *path, uint64_t id, qe_segment **out, qe_error *err);

/* ------------------------------------------------------------ id map */

/** Where a live id's newest row is: segment slot and row. */
typedef struct qe_loc {
  uint32_t seg; /**< index in qe_shard.segs */
  uint32_t row;
} qe_loc;

typedef struct qe_idmap {
  qe_point_id *keys;
  qe_loc *locs;
  uint8_t *used; /* 0 empty, 1 used, 2 deleted */
  size_t cap, len, tombs;
} qe_idmap;

int qe_idmap_init(qe_idmap *m);
void qe_idmap_free(qe_idmap *m);
/** Find an id; NULL if absent. */
qe_loc *qe_idmap_get(const qe_idmap *m, const qe_point_id *id);
/** Make room for `n` entries without growing again (one rehash at most). */
int qe_idmap_reserve(qe_idmap *m, size_t n);
/** The location slot of `id`, added (contents unset, *added true) when it
 *  was absent; NULL when out of memory. One probe for find-or-insert. */
qe_loc *qe_idmap_slot(qe_idmap *m, const qe_point_id *id, bool *added);
/** Insert or replace. */
int qe_idmap_put(qe_idmap *m, const qe_point_id *id, qe_loc loc);
/** Remove (no-op if absent). */
void qe_idmap_del(qe_idmap *m, const qe_point_id *id);

/* ------------------------------------------------------------ the shard */

struct qe_shard {
  char *path;
  qe_shard_options opts;
  int lock_fd;
  qe_shard_config config;
  qe_json *payload_schema; /**< {key: PayloadFieldSchema} from create_field_index */
  qe_json *vector_drops;   /**< {name: seq of its last delete_vector_name} */
  qe_segment **segs;       /**< immutable segments in age order, then the mutable one last */
  size_t nsegs;
  qe_idmap ids;
  qe_wal *wal;
  uint64_t last_seq;    /**< last applied operation */
  uint64_t flushed_seq; /**< last operation contained in the segment files */
  uint64_t next_segment_id;
  bool wal_dirty; /**< appended since the last sync (interval mode) */
  /* group commit (fsync mode): writers wait until a sync covers their seq */
  pthread_mutex_t sync_mu;
  pthread_cond_t sync_cond;
  uint64_t synced_seq; /**< every operation up to here is durable */
  bool syncing;        /**< a leader is running an fdatasync */
  int sync_error;      /**< a failed sync breaks the shard for writes */
  pthread_t syncer;    /**< interval mode: fsyncs the log in the background */
  bool syncer_running, syncer_stop;
  pthread_cond_t syncer_cond;
  pthread_rwlock_t lock;      /**< readers vs the writer */
  pthread_mutex_t write_lock; /**< serialises updates, flushes, optimizes */
  bool closed;
};

/** The mutable segment (always the last). */
static inline qe_segment *qe_shard_mutable(const qe_shard *s) {
  return s->segs[s->nsegs - 1];
}

/** Apply a validated, checked operation (also used by log replay). */
int qe_shard_apply(qe_shard *s, const qe_json *op, uint64_t seq, qe_error *err);
/** Check an operation against the current state without changing anything. */
int qe_shard_precheck(qe_shard *s, qe_json *op, qe_error *err);

/** Write the manifest (atomic). */
int qe_manifest_write(qe_shard *s, qe_error *err);
/** Read the manifest of `path` into a new tree. */
int qe_manifest_read(const char *path, qe_json **out, qe_error *err);

/** Storage of configured vector `vi` in a segment when its shape matches the
 *  configuration, else NULL (resolve once per segment, then use
 *  qe_shard_row_has for each row). */
qe_seg_vecs *qe_shard_seg_vec(const qe_shard *s, const qe_segment *seg, size_t vi);
/** Does the row have vector `vi` stored in `v` (present, not dropped since)? */
static inline bool qe_shard_row_has(const qe_shard *s, const qe_segment *seg, const qe_seg_vecs *v,
                                    size_t row, size_t vi) {
  return v && ((v->present[row >> 3] >> (row & 7)) & 1) &&
         seg->versions[row] > s->config.vecs[vi].dropped;
}
/** Storage of configured vector `vi` in a row, or NULL when the row has no
 *  such vector (absent, of another shape, or dropped since). */
qe_seg_vecs *qe_shard_row_vec(const qe_shard *s, const qe_segment *seg, size_t row, size_t vi);
/** Copy row r of seg into the mutable segment m with `version`, leaving out
 *  the vectors whose `skip[vi]` is true (skip may be NULL). */
int qe_shard_copy_row(qe_shard *s, qe_segment *m, qe_segment *seg, size_t r, uint64_t version,
                      const bool *skip, size_t *new_row);
/** Give the mutable segment storage for every configured vector. */
int qe_shard_sync_mutable_vecs(qe_shard *s);
/** Flush when the write buffer is past its threshold (caller holds the locks). */
int qe_shard_maybe_flush(qe_shard *s, qe_error *err);
/** A point view for filters: id, payload, has_vector. */
qe_point_view qe_shard_point_view(qe_shard *s, qe_segment *seg, size_t row, void *scratch);
/** Compile the filter of a request (NULL/absent/null → NULL, no error)
 *  against the payload indexes of `s` (NULL: none). */
int qe_shard_compile_filter(const qe_shard *s, const qe_json *filter, const char *path,
                            qe_filter **out, qe_error *err);

/** Scores of a float32 value as JSON: the double nearest to the shortest
 *  decimal form of the float, so it prints as Qdrant prints an f32. */
qe_json *qe_json_new_f32_score(float f);

/** Build the `vector` output of a row per a WithVector selector (true/false/
 *  [names]); NULL when nothing is selected. */
qe_json *qe_row_vectors(const qe_shard *s, qe_segment *seg, size_t row, const qe_json *with_vector);
/** Build the `payload` output of a row per a WithPayloadInterface; NULL when
 *  not selected. */
qe_json *qe_row_payload(qe_segment *seg, size_t row, const qe_json *with_payload);

#endif

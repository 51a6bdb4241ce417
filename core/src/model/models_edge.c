/*
 * models_edge.c — configuration of an edge shard (no OpenAPI counterpart).
 *
 * Shaped after the qdrant-edge-py package (module `qdrant_edge`; checked
 * against release 0.9.0, whose API matches the 0.7 names):
 *
 * - EdgeConfig(vectors, sparse_vectors, on_disk_payload, hnsw_config,
 *   quantization_config, optimizers, max_search_threads, search_pool_core,
 *   payload_memory, id_tracker_memory, wal_enabled); every argument may be
 *   None. `vectors` is one EdgeVectorParams (the unnamed vector "") or a
 *   dict name -> EdgeVectorParams; it may be left out when only sparse
 *   vectors are configured. When an existing shard is loaded, unset values
 *   keep what the shard already has; wal_enabled is fixed at creation.
 * - EdgeVectorParams(size, distance, on_disk, multivector_config, datatype,
 *   quantization_config, hnsw_config, memory): size and distance are
 *   required. The package's own datatype enum also lists turbo8/turbo16,
 *   which Qdrant's server does not know; we use the server's Datatype.
 * - EdgeSparseVectorParams(full_scan_threshold, on_disk, modifier,
 *   datatype, memory), all optional.
 * - EdgeOptimizersConfig(deleted_threshold, vacuum_min_vector_number,
 *   default_segment_number, max_segment_size, indexing_threshold,
 *   prevent_unoptimized), all optional; the package documents 0.2 and 1000
 *   as the defaults of the first two, and 0 as "choose automatically" for
 *   default_segment_number.
 * - Its HNSW settings class (HnswIndexConfig) carries the fields of
 *   Qdrant's HnswConfig; its quantization settings are the inner configs
 *   (scalar/product/binary/turbo) without the {"scalar": ...} wrapper. In
 *   JSON we take Qdrant's HnswConfigDiff and QuantizationConfig, the shapes
 *   a client already writes for collections.
 * - Older releases spelled the dense vector settings
 *   `EdgeConfig(vector_data={name: VectorDataConfig(size, distance)})`;
 *   VectorDataConfig below accepts that form (a segment-level description
 *   with optional storage type and index).
 */
#include "model/desc.h"

static const qe_field_desc EdgeConfig_f[] = {
    QE_FIELD("vectors", "EdgeVectorParams | {EdgeVectorParams}", 0, NULL,
             "Dense vectors: one unnamed vector, or settings per vector name."),
    QE_FIELD("vector_data", "{VectorDataConfig}", 0, NULL,
             "Older spelling of `vectors`: settings per vector name."),
    QE_FIELD("sparse_vectors", "{EdgeSparseVectorParams}", 0, NULL,
             "Sparse vectors, keyed by vector name."),
    QE_FIELD("on_disk_payload", "bool", 0, NULL,
             "Deprecated in favour of payload_memory; true keeps payload in files, not RAM."),
    QE_FIELD("hnsw_config", "HnswConfigDiff", 0, NULL,
             "HNSW graph settings shared by all dense vectors."),
    QE_FIELD("quantization_config", "QuantizationConfig", 0, NULL,
             "Quantization shared by all dense vectors; absent means none."),
    QE_FIELD("optimizers", "EdgeOptimizersConfig", 0, NULL,
             "When segments are merged, vacuumed and indexed."),
    QE_FIELD("max_search_threads", "uint", 0, NULL,
             "Size of the search thread pool; absent means derived from the CPU count."),
    QE_FIELD("search_pool_core", "uint", 0, NULL,
             "Pin every search thread to this CPU core, when the platform allows it."),
    QE_FIELD("payload_memory", "Memory", 0, NULL,
             "How the payload store is held in RAM; pinned behaves like cached."),
    QE_FIELD("id_tracker_memory", "Memory", 0, NULL,
             "How the id map of immutable segments is held in RAM."),
    QE_FIELD("wal_enabled", "bool", 0, NULL,
             "Log writes ahead of applying them (default true); fixed when the shard is made."),
};

static const qe_field_desc EdgeVectorParams_f[] = {
    QE_FIELD("size", "uint(1..65536)", QE_REQ, NULL, "Number of dimensions."),
    QE_FIELD("distance", "Distance", QE_REQ, NULL, "How two vectors are compared."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true serves the vectors from files."),
    QE_FIELD("multivector_config", "MultiVectorConfig", 0, NULL,
             "Set to store several vectors per point under this name."),
    QE_FIELD("datatype", "Datatype", 0, NULL, "Element type used to store the vectors."),
    QE_FIELD("quantization_config", "QuantizationConfig", 0, NULL,
             "Quantization for this vector only, replacing the shard-wide one."),
    QE_FIELD("hnsw_config", "HnswConfigDiff", 0, NULL,
             "HNSW settings for this vector only, replacing the shard-wide ones."),
    QE_FIELD("memory", "Memory", 0, NULL,
             "How the original vectors are held in RAM (default cached)."),
};

static const qe_field_desc EdgeSparseVectorParams_f[] = {
    QE_FIELD("full_scan_threshold", "uint", 0, NULL,
             "Below this many matching vectors a scan is used instead of the index."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the sparse index in files."),
    QE_FIELD("modifier", "Modifier", 0, NULL, "Weighting applied at query time, such as IDF."),
    QE_FIELD("datatype", "Datatype", 0, NULL, "Element type used by the sparse index."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the sparse index is held in RAM (default pinned)."),
};

static const qe_field_desc EdgeOptimizersConfig_f[] = {
    QE_FIELD("deleted_threshold", "float(0..1)", 0, "0.2",
             "Share of deleted points in a segment that triggers a vacuum."),
    QE_FIELD("vacuum_min_vector_number", "uint", 0, "1000",
             "Segments smaller than this are never vacuumed."),
    QE_FIELD("default_segment_number", "uint", 0, NULL,
             "Number of segments to aim for; 0 picks one from the CPU count."),
    QE_FIELD("max_segment_size", "uint", 0, NULL, "Largest segment to build, in kilobytes."),
    QE_FIELD("indexing_threshold", "uint", 0, NULL,
             "Segment size in kilobytes above which a vector index is built."),
    QE_FIELD("prevent_unoptimized", "bool", 0, NULL,
             "Hide points written to oversized segments until they are optimized."),
};

static const qe_field_desc VectorDataConfig_f[] = {
    QE_FIELD("size", "uint(1..65536)", QE_REQ, NULL, "Number of dimensions."),
    QE_FIELD("distance", "Distance", QE_REQ, NULL, "How two vectors are compared."),
    QE_FIELD("storage_type", "string", 0, NULL,
             "Storage kind of the older format, such as \"Memory\" or \"Mmap\"."),
    QE_FIELD("index", "object", 0, NULL,
             "Index of the older format: {\"type\": \"plain\" | \"hnsw\", \"options\": ...}."),
    QE_FIELD("quantization_config", "QuantizationConfig", 0, NULL,
             "Quantization for this vector only."),
    QE_FIELD("multivector_config", "MultiVectorConfig", 0, NULL,
             "Set to store several vectors per point under this name."),
    QE_FIELD("datatype", "Datatype", 0, NULL, "Element type used to store the vectors."),
};

static const qe_model_desc models[] = {
    QE_OBJECT_X("EdgeConfig", EdgeConfig_f, 0, "",
                "Settings of an edge shard: its vectors, indexes and storage."),
    QE_OBJECT_X("EdgeVectorParams", EdgeVectorParams_f, 0, "",
                "Settings of one dense vector of an edge shard."),
    QE_OBJECT_X("EdgeSparseVectorParams", EdgeSparseVectorParams_f, 0, "",
                "Settings of one sparse vector of an edge shard."),
    QE_OBJECT_X("EdgeOptimizersConfig", EdgeOptimizersConfig_f, 0, "",
                "Background optimization settings of an edge shard."),
    QE_OBJECT_X("VectorDataConfig", VectorDataConfig_f, 0, "",
                "Older form of EdgeVectorParams, used by `vector_data`."),
};

const qe_model_group qe_models_edge = {models, QE_COUNTOF(models)};

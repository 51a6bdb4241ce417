/*
 * models_collection.c — collections: vector settings, HNSW, optimizers,
 * WAL, quantization, strict mode, create/update bodies, collection info,
 * payload indexes, aliases, named-vector creation and optimization reports.
 *
 * The *Diff models are partial updates: their fields carry no defaults.
 */

#include "model/desc.h"

static const qe_field_desc VectorParams_f[] = {
    QE_FIELD("size", "uint(1..65536)", QE_REQ, NULL, "Number of dimensions."),
    QE_FIELD("distance", "Distance", QE_REQ, NULL, "How two vectors are compared."),
    QE_FIELD("hnsw_config", "HnswConfigDiff", 0, NULL,
             "HNSW settings for this vector, replacing the collection's."),
    QE_FIELD("quantization_config", "QuantizationConfig", 0, NULL,
             "Quantization for this vector, replacing the collection's."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true serves the vectors from files."),
    QE_FIELD("memory", "Memory", 0, NULL,
             "How the original vectors are held in RAM; pinned is not allowed here."),
    QE_FIELD("datatype", "Datatype", 0, NULL, "Element type used to store the vectors."),
    QE_FIELD("multivector_config", "MultiVectorConfig", 0, NULL,
             "Set to store several vectors per point under this name."),
};

static const qe_field_desc SparseVectorParams_f[] = {
    QE_FIELD("index", "SparseIndexParams", 0, NULL, "Settings of its inverted index."),
    QE_FIELD("modifier", "Modifier", 0, NULL, "Weighting applied at query time, such as IDF."),
};

static const qe_field_desc MultiVectorConfig_f[] = {
    QE_FIELD("comparator", "MultiVectorComparator", QE_REQ, NULL,
             "Scoring function over all vector pairs."),
};

static const char *const MultiVectorComparator_v[] = {"max_sim", NULL};

static const char *const Datatype_v[] = {"float32", "uint8", "float16", "turbo4", NULL};

static const char *const Distance_v[] = {"Cosine", "Euclid", "Dot", "Manhattan", NULL};

static const char *const Memory_v[] = {"cold", "cached", "pinned", NULL};

static const char *const VectorStorageDatatype_v[] = {"float32", "float16", "uint8", "turbo4",
                                                      NULL};

static const qe_field_desc HnswConfig_f[] = {
    QE_FIELD("m", "uint", QE_REQ, NULL,
             "Links per node in the graph; more is more accurate and larger."),
    QE_FIELD("ef_construct", "uint(4..)", QE_REQ, NULL,
             "Candidates considered while building; more is more accurate and slower."),
    QE_FIELD("full_scan_threshold", "uint", QE_REQ, NULL,
             "Below this many kilobytes of matching vectors a full scan is used instead."),
    QE_FIELD("max_indexing_threads", "uint", QE_NONULL, "0",
             "Threads for building the index; 0 picks automatically."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the graph in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the graph is held in RAM."),
    QE_FIELD("payload_m", "uint", 0, NULL,
             "Links per node for the payload-aware graph; m when absent."),
    QE_FIELD("inline_storage", "bool", 0, NULL,
             "Keep vector copies inside the index file to reduce random reads."),
};

static const qe_field_desc HnswConfigDiff_f[] = {
    QE_FIELD("m", "uint", 0, NULL,
             "Links per node in the graph; more is more accurate and larger."),
    QE_FIELD("ef_construct", "uint(4..)", 0, NULL,
             "Candidates considered while building; more is more accurate and slower."),
    QE_FIELD("full_scan_threshold", "uint(10..)", 0, NULL,
             "Below this many kilobytes of matching vectors a full scan is used instead."),
    QE_FIELD("max_indexing_threads", "uint", 0, NULL,
             "Threads for building the index; 0 picks automatically."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the graph in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the graph is held in RAM."),
    QE_FIELD("payload_m", "uint", 0, NULL,
             "Links per node for the payload-aware graph; m when absent."),
    QE_FIELD("inline_storage", "bool", 0, NULL,
             "Keep vector copies inside the index file to reduce random reads."),
};

static const qe_field_desc OptimizersConfig_f[] = {
    QE_FIELD("deleted_threshold", "float(0..1)", QE_NONULL, "0.2",
             "Share of deleted points in a segment that triggers a vacuum."),
    QE_FIELD("vacuum_min_vector_number", "uint(100..)", QE_NONULL, "1000",
             "Segments with fewer vectors are never vacuumed."),
    QE_FIELD("default_segment_number", "uint", QE_REQ, NULL,
             "Number of segments to aim for; 0 picks one from the CPU count."),
    QE_FIELD("max_segment_size", "uint(1..)", 0, NULL, "Largest segment to build, in kilobytes."),
    QE_FIELD("memmap_threshold", "uint", 0, NULL,
             "Deprecated; segment size in kilobytes above which vectors are memory-mapped."),
    QE_FIELD("indexing_threshold", "uint", 0, NULL,
             "Segment size in kilobytes above which a vector index is built; 0 disables indexing."),
    QE_FIELD("flush_interval_sec", "uint", QE_REQ, NULL, "Seconds between forced flushes."),
    QE_FIELD("max_optimization_threads", "uint", 0, NULL,
             "Optimization jobs per shard: a number, or auto."),
    QE_FIELD("prevent_unoptimized", "bool", 0, NULL,
             "Hide points written to oversized segments until they are optimized."),
};

static const qe_field_desc OptimizersConfigDiff_f[] = {
    QE_FIELD("deleted_threshold", "float(0..1)", 0, NULL,
             "Share of deleted points in a segment that triggers a vacuum."),
    QE_FIELD("vacuum_min_vector_number", "uint(100..)", 0, NULL,
             "Segments with fewer vectors are never vacuumed."),
    QE_FIELD("default_segment_number", "uint", 0, NULL,
             "Number of segments to aim for; 0 picks one from the CPU count."),
    QE_FIELD("max_segment_size", "uint(1..)", 0, NULL, "Largest segment to build, in kilobytes."),
    QE_FIELD("memmap_threshold", "uint", 0, NULL,
             "Deprecated; segment size in kilobytes above which vectors are memory-mapped."),
    QE_FIELD("indexing_threshold", "uint", 0, NULL,
             "Segment size in kilobytes above which a vector index is built; 0 disables indexing."),
    QE_FIELD("flush_interval_sec", "uint", 0, NULL, "Seconds between forced flushes."),
    QE_FIELD("max_optimization_threads", "MaxOptimizationThreads", 0, NULL,
             "Optimization jobs per shard: a number, or auto."),
    QE_FIELD("prevent_unoptimized", "bool", 0, NULL,
             "Hide points written to oversized segments until they are optimized."),
};

static const char *const MaxOptimizationThreadsSetting_v[] = {"auto", NULL};

static const qe_field_desc WalConfig_f[] = {
    QE_FIELD("wal_capacity_mb", "uint(1..)", QE_REQ, NULL,
             "Size of one log segment, in megabytes."),
    QE_FIELD("wal_segments_ahead", "uint", QE_REQ, NULL, "Log segments created in advance."),
    QE_FIELD("wal_retain_closed", "uint(1..)", QE_NONULL, "1", "Closed log segments kept."),
};

static const qe_field_desc WalConfigDiff_f[] = {
    QE_FIELD("wal_capacity_mb", "uint(1..)", 0, NULL, "Size of one log segment, in megabytes."),
    QE_FIELD("wal_segments_ahead", "uint", 0, NULL, "Log segments created in advance."),
    QE_FIELD("wal_retain_closed", "uint", 0, NULL, "Closed log segments kept."),
};

static const qe_field_desc ScalarQuantization_f[] = {
    QE_FIELD("scalar", "ScalarQuantizationConfig", QE_REQ, NULL, "Its settings."),
};

static const qe_field_desc ScalarQuantizationConfig_f[] = {
    QE_FIELD("type", "ScalarType", QE_REQ, NULL, "Target element type."),
    QE_FIELD("quantile", "float(0.5..1)", 0, NULL,
             "Share of values (0.5 to 1) that sets the range; outliers are clipped."),
    QE_FIELD("always_ram", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps quantized vectors in RAM."),
    QE_FIELD("memory", "Memory", 0, NULL, "How quantized vectors are held in RAM."),
};

static const char *const ScalarType_v[] = {"int8", NULL};

static const qe_field_desc ProductQuantization_f[] = {
    QE_FIELD("product", "ProductQuantizationConfig", QE_REQ, NULL, "Its settings."),
};

static const qe_field_desc ProductQuantizationConfig_f[] = {
    QE_FIELD("compression", "CompressionRatio", QE_REQ, NULL,
             "How much smaller the vectors become."),
    QE_FIELD("always_ram", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps quantized vectors in RAM."),
    QE_FIELD("memory", "Memory", 0, NULL, "How quantized vectors are held in RAM."),
};

static const char *const CompressionRatio_v[] = {"x4", "x8", "x16", "x32", "x64", NULL};

static const qe_field_desc BinaryQuantization_f[] = {
    QE_FIELD("binary", "BinaryQuantizationConfig", QE_REQ, NULL, "Its settings."),
};

static const qe_field_desc BinaryQuantizationConfig_f[] = {
    QE_FIELD("always_ram", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps quantized vectors in RAM."),
    QE_FIELD("memory", "Memory", 0, NULL, "How quantized vectors are held in RAM."),
    QE_FIELD("encoding", "BinaryQuantizationEncoding", 0, NULL, "Bits per stored element."),
    QE_FIELD("query_encoding", "BinaryQuantizationQueryEncoding", 0, NULL,
             "Encoding of query vectors, which may differ from stored ones."),
};

static const char *const BinaryQuantizationEncoding_v[] = {"one_bit", "two_bits",
                                                           "one_and_half_bits", NULL};

static const char *const BinaryQuantizationQueryEncoding_v[] = {"default", "binary", "scalar4bits",
                                                                "scalar8bits", NULL};

static const qe_field_desc TurboQuantization_f[] = {
    QE_FIELD("turbo", "TurboQuantQuantizationConfig", QE_REQ, NULL, "Its settings."),
};

static const qe_field_desc TurboQuantQuantizationConfig_f[] = {
    QE_FIELD("always_ram", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps quantized vectors in RAM."),
    QE_FIELD("memory", "Memory", 0, NULL, "How quantized vectors are held in RAM."),
    QE_FIELD("bits", "TurboQuantBitSize", 0, NULL, "Bits per element."),
};

static const char *const TurboQuantBitSize_v[] = {"bits1", "bits1_5", "bits2", "bits4", NULL};

static const char *const Disabled_v[] = {"Disabled", NULL};

static const qe_field_desc StrictModeConfig_f[] = {
    QE_FIELD("enabled", "bool", 0, NULL, "Enforce the limits."),
    QE_FIELD("max_query_limit", "uint(1..)", 0, NULL,
             "Largest `limit` accepted where no other cap applies."),
    QE_FIELD("max_timeout", "uint(1..)", 0, NULL, "Largest `timeout` accepted, in seconds."),
    QE_FIELD("unindexed_filtering_retrieve", "bool", 0, NULL,
             "Allow read filters on keys without a payload index."),
    QE_FIELD("unindexed_filtering_update", "bool", 0, NULL,
             "Allow write filters on keys without a payload index."),
    QE_FIELD("search_max_hnsw_ef", "uint", 0, NULL, "Largest hnsw_ef accepted."),
    QE_FIELD("search_allow_exact", "bool", 0, NULL, "Allow exact (brute-force) search."),
    QE_FIELD("search_max_oversampling", "float", 0, NULL,
             "Largest quantization oversampling accepted."),
    QE_FIELD("upsert_max_batchsize", "uint", 0, NULL, "Most points in one upsert."),
    QE_FIELD("search_max_batchsize", "uint", 0, NULL, "Most queries in one batch."),
    QE_FIELD("max_collection_vector_size_bytes", "uint", 0, NULL,
             "Cap on vector storage size, replicas not counted."),
    QE_FIELD("read_rate_limit", "uint(1..)", 0, NULL, "Reads per minute per replica."),
    QE_FIELD("write_rate_limit", "uint(1..)", 0, NULL, "Writes per minute per replica."),
    QE_FIELD("max_collection_payload_size_bytes", "uint", 0, NULL, "Cap on payload storage size."),
    QE_FIELD("max_points_count", "uint(1..)", 0, NULL, "Cap on the estimated number of points."),
    QE_FIELD("filter_max_conditions", "uint", 0, NULL, "Most conditions in one filter."),
    QE_FIELD("condition_max_size", "uint", 0, NULL,
             "Most items in one condition, such as a match-any list."),
    QE_FIELD("multivector_config", "StrictModeMultivectorConfig", 0, NULL,
             "Limits per multi-vector name."),
    QE_FIELD("sparse_config", "StrictModeSparseConfig", 0, NULL, "Limits per sparse vector name."),
    QE_FIELD("max_payload_index_count", "uint", 0, NULL, "Most payload indexes."),
    QE_FIELD("max_resident_memory_percent", "uint(1..100)", 0, NULL,
             "Deprecated in favour of node quotas; refuse updates above this share of RAM."),
};

static const qe_field_desc StrictModeConfigOutput_f[] = {
    QE_FIELD("enabled", "bool", 0, NULL, "Whether the limits are enforced."),
    QE_FIELD("max_query_limit", "uint", 0, NULL,
             "Largest `limit` accepted where no other cap applies."),
    QE_FIELD("max_timeout", "uint", 0, NULL, "Largest `timeout` accepted, in seconds."),
    QE_FIELD("unindexed_filtering_retrieve", "bool", 0, NULL,
             "Whether read filters may use keys without a payload index."),
    QE_FIELD("unindexed_filtering_update", "bool", 0, NULL,
             "Whether write filters may use keys without a payload index."),
    QE_FIELD("search_max_hnsw_ef", "uint", 0, NULL, "Largest hnsw_ef accepted."),
    QE_FIELD("search_allow_exact", "bool", 0, NULL, "Whether brute-force search may be requested."),
    QE_FIELD("search_max_oversampling", "float", 0, NULL,
             "Largest quantization oversampling accepted."),
    QE_FIELD("upsert_max_batchsize", "uint", 0, NULL, "Most points in one upsert."),
    QE_FIELD("search_max_batchsize", "uint", 0, NULL, "Most queries in one batch."),
    QE_FIELD("max_collection_vector_size_bytes", "uint", 0, NULL,
             "Cap on vector storage size, replicas not counted."),
    QE_FIELD("read_rate_limit", "uint", 0, NULL, "Reads per minute per replica."),
    QE_FIELD("write_rate_limit", "uint", 0, NULL, "Writes per minute per replica."),
    QE_FIELD("max_collection_payload_size_bytes", "uint", 0, NULL, "Cap on payload storage size."),
    QE_FIELD("max_points_count", "uint", 0, NULL, "Cap on the estimated number of points."),
    QE_FIELD("filter_max_conditions", "uint", 0, NULL, "Most conditions in one filter."),
    QE_FIELD("condition_max_size", "uint", 0, NULL,
             "Most items in one condition, such as a match-any list."),
    QE_FIELD("multivector_config", "StrictModeMultivectorConfigOutput", 0, NULL,
             "Limits per multi-vector name."),
    QE_FIELD("sparse_config", "StrictModeSparseConfigOutput", 0, NULL,
             "Limits per sparse vector name."),
    QE_FIELD("max_payload_index_count", "uint", 0, NULL, "Most payload indexes."),
    QE_FIELD("max_resident_memory_percent", "uint", 0, NULL,
             "Deprecated; refuse updates above this share of RAM."),
};

static const qe_field_desc StrictModeMultivector_f[] = {
    QE_FIELD("max_vectors", "uint(1..)", 0, NULL, "Most vectors per point."),
};

static const qe_field_desc StrictModeMultivectorOutput_f[] = {
    QE_FIELD("max_vectors", "uint", 0, NULL, "Most vectors per point."),
};

static const qe_field_desc StrictModeSparse_f[] = {
    QE_FIELD("max_length", "uint(1..)", 0, NULL, "Most non-zero elements."),
};

static const qe_field_desc StrictModeSparseOutput_f[] = {
    QE_FIELD("max_length", "uint", 0, NULL, "Most non-zero elements."),
};

static const qe_field_desc CreateCollection_f[] = {
    QE_FIELD("vectors", "VectorsConfig", QE_NONULL, NULL,
             "Dense vectors: one unnamed vector or vectors by name."),
    QE_FIELD("shard_number", "uint(1..)", 0, NULL, "Shards (per shard key with custom sharding)."),
    QE_FIELD("sharding_method", "ShardingMethod", 0, NULL,
             "auto spreads points over shards; custom routes them by shard key."),
    QE_FIELD("replication_factor", "uint(1..)", 0, NULL, "Copies of each shard."),
    QE_FIELD("write_consistency_factor", "uint(1..)", 0, NULL,
             "Replicas that must confirm a write."),
    QE_FIELD("on_disk_payload", "bool", 0, NULL,
             "Deprecated in favour of payload.memory; true keeps payload in files."),
    QE_FIELD("payload", "PayloadStorageParams", 0, NULL, "Payload storage settings."),
    QE_FIELD("hnsw_config", "HnswConfigDiff", 0, NULL,
             "HNSW settings; server defaults when absent."),
    QE_FIELD("wal_config", "WalConfigDiff", 0, NULL,
             "Write-ahead log settings; server defaults when absent."),
    QE_FIELD("optimizers_config", "OptimizersConfigDiff", 0, NULL,
             "Optimizer settings; server defaults when absent."),
    QE_FIELD("quantization_config", "QuantizationConfig", 0, NULL,
             "Quantization; none when absent."),
    QE_FIELD("sparse_vectors", "{SparseVectorParams}", 0, NULL, "Sparse vectors by name."),
    QE_FIELD("strict_mode_config", "StrictModeConfig", 0, NULL, "Request limits."),
    QE_FIELD("metadata", "Payload", 0, NULL, "Free-form JSON kept with the collection."),
};

static const qe_field_desc UpdateCollection_f[] = {
    QE_FIELD("vectors", "VectorsConfigDiff", 0, NULL,
             "Changes per dense vector name (\"\" for the unnamed vector)."),
    QE_FIELD("optimizers_config", "OptimizersConfigDiff", 0, NULL, "Optimizer settings to change."),
    QE_FIELD("params", "CollectionParamsDiff", 0, NULL,
             "Replication and storage settings to change."),
    QE_FIELD("hnsw_config", "HnswConfigDiff", 0, NULL, "HNSW settings to change."),
    QE_FIELD("quantization_config", "QuantizationConfigDiff", 0, NULL,
             "New quantization, or Disabled."),
    QE_FIELD("sparse_vectors", "SparseVectorsConfig", 0, NULL, "Changes per sparse vector name."),
    QE_FIELD("strict_mode_config", "StrictModeConfig", 0, NULL, "Request limits to change."),
    QE_FIELD("metadata", "Payload", 0, NULL,
             "Keys merged into the collection metadata; null values remove keys."),
};

static const qe_field_desc CollectionInfo_f[] = {
    QE_FIELD("status", "CollectionStatus", QE_REQ, NULL, "Overall health colour."),
    QE_FIELD("optimizer_status", "OptimizersStatus", QE_REQ, NULL, "ok, or the optimizer error."),
    QE_FIELD("warnings", "[CollectionWarning]", QE_NONULL, NULL, "Problems found in the settings."),
    QE_FIELD("indexed_vectors_count", "uint", 0, NULL,
             "Approximate number of vectors in vector indexes."),
    QE_FIELD("points_count", "uint", 0, NULL, "Approximate number of points."),
    QE_FIELD("segments_count", "uint", QE_REQ, NULL, "Number of segments."),
    QE_FIELD("config", "CollectionConfig", QE_REQ, NULL, "Settings in effect."),
    QE_FIELD("payload_schema", "{PayloadIndexInfo}", QE_REQ, NULL,
             "Payload indexes by payload path."),
    QE_FIELD("update_queue", "UpdateQueueInfo", 0, NULL, "Writes waiting to be applied."),
};

static const qe_field_desc CollectionConfig_f[] = {
    QE_FIELD("params", "CollectionParams", QE_REQ, NULL, "Vectors, sharding and storage."),
    QE_FIELD("hnsw_config", "HnswConfig", QE_REQ, NULL, "HNSW settings."),
    QE_FIELD("optimizer_config", "OptimizersConfig", QE_REQ, NULL, "Optimizer settings."),
    QE_FIELD("wal_config", "WalConfig", 0, NULL, "Write-ahead log settings."),
    QE_FIELD("quantization_config", "QuantizationConfig", 0, NULL, "Quantization, if any."),
    QE_FIELD("strict_mode_config", "StrictModeConfigOutput", 0, NULL, "Request limits, if any."),
    QE_FIELD("metadata", "Payload", 0, NULL, "Free-form JSON kept with the collection."),
};

static const qe_field_desc CollectionParams_f[] = {
    QE_FIELD("vectors", "VectorsConfig", QE_NONULL, NULL, "Dense vectors."),
    QE_FIELD("shard_number", "uint(1..)", QE_NONULL, "1", "Number of shards."),
    QE_FIELD("sharding_method", "ShardingMethod", 0, NULL, "auto or custom."),
    QE_FIELD("replication_factor", "uint(1..)", QE_NONULL, "1", "Copies of each shard."),
    QE_FIELD("write_consistency_factor", "uint(1..)", QE_NONULL, "1",
             "Replicas that must confirm a write."),
    QE_FIELD("read_fan_out_factor", "uint", 0, NULL,
             "Extra replicas asked in parallel on each read."),
    QE_FIELD("read_fan_out_delay_ms", "uint", 0, NULL,
             "Milliseconds to wait before asking another replica."),
    QE_FIELD("on_disk_payload", "bool", 0, "true",
             "Deprecated in favour of payload.memory; true keeps payload in files."),
    QE_FIELD("payload", "PayloadStorageParams", 0, NULL, "Payload storage settings."),
    QE_FIELD("sparse_vectors", "{SparseVectorParams}", 0, NULL, "Sparse vectors by name."),
};

static const qe_field_desc CollectionParamsDiff_f[] = {
    QE_FIELD("replication_factor", "uint(1..)", 0, NULL, "Copies of each shard."),
    QE_FIELD("write_consistency_factor", "uint(1..)", 0, NULL,
             "Replicas that must confirm a write."),
    QE_FIELD("read_fan_out_factor", "uint", 0, NULL,
             "Extra replicas asked in parallel on each read."),
    QE_FIELD("read_fan_out_delay_ms", "uint", 0, NULL,
             "Milliseconds to wait before asking another replica."),
    QE_FIELD("on_disk_payload", "bool", 0, NULL,
             "Deprecated in favour of payload.memory; true keeps payload in files."),
    QE_FIELD("payload", "PayloadStorageParams", 0, NULL, "Payload storage settings to change."),
};

static const char *const CollectionStatus_v[] = {"green", "yellow", "grey", "red", NULL};

static const qe_field_desc CollectionWarning_f[] = {
    QE_FIELD("message", "string", QE_REQ, NULL, "Description of the problem."),
};

static const char *const OptimizersStatusOneOf_v[] = {"ok", NULL};

static const qe_field_desc OptimizersStatusOneOf1_f[] = {
    QE_FIELD("error", "string", QE_REQ, NULL, "The error."),
};

static const qe_field_desc PayloadIndexInfo_f[] = {
    QE_FIELD("data_type", "PayloadSchemaType", QE_REQ, NULL, "Indexed value type."),
    QE_FIELD("params", "PayloadSchemaParams", 0, NULL, "Index settings, when not the defaults."),
    QE_FIELD("points", "uint", QE_REQ, NULL, "Points in the index."),
};

static const char *const PayloadSchemaType_v[] = {"keyword", "integer",  "float", "geo", "text",
                                                  "bool",    "datetime", "uuid",  NULL};

static const qe_field_desc KeywordIndexParams_f[] = {
    QE_FIELD("type", "KeywordIndexType", QE_REQ, NULL, "Always \"keyword\"."),
    QE_FIELD("is_tenant", "bool", 0, NULL,
             "Lay storage out by this key, for multi-tenant collections."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
    QE_FIELD("prefix", "bool", 0, NULL, "Also serve prefix matches."),
};

static const char *const KeywordIndexType_v[] = {"keyword", NULL};

static const qe_field_desc IntegerIndexParams_f[] = {
    QE_FIELD("type", "IntegerIndexType", QE_REQ, NULL, "Always \"integer\"."),
    QE_FIELD("lookup", "bool", 0, NULL, "Serve exact-value matches."),
    QE_FIELD("range", "bool", 0, NULL, "Serve range filters."),
    QE_FIELD("is_principal", "bool", 0, NULL,
             "Lay storage out by this key, the main filter of most queries."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const IntegerIndexType_v[] = {"integer", NULL};

static const qe_field_desc FloatIndexParams_f[] = {
    QE_FIELD("type", "FloatIndexType", QE_REQ, NULL, "Always \"float\"."),
    QE_FIELD("is_principal", "bool", 0, NULL,
             "Lay storage out by this key, the main filter of most queries."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const FloatIndexType_v[] = {"float", NULL};

static const qe_field_desc GeoIndexParams_f[] = {
    QE_FIELD("type", "GeoIndexType", QE_REQ, NULL, "Always \"geo\"."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const GeoIndexType_v[] = {"geo", NULL};

static const qe_field_desc TextIndexParams_f[] = {
    QE_FIELD("type", "TextIndexType", QE_REQ, NULL, "Always \"text\"."),
    QE_FIELD("tokenizer", "TokenizerType", QE_NONULL, NULL, "How text is split into tokens."),
    QE_FIELD("min_token_len", "uint", 0, NULL, "Shorter tokens are not indexed."),
    QE_FIELD("max_token_len", "uint", 0, NULL, "Longer tokens are not indexed."),
    QE_FIELD("lowercase", "bool", 0, NULL, "Lower-case tokens (default true)."),
    QE_FIELD("ascii_folding", "bool", 0, NULL,
             "Replace accented letters with their ASCII form (default false)."),
    QE_FIELD("phrase_matching", "bool", 0, NULL, "Keep token positions so phrase matches work."),
    QE_FIELD("stopwords", "StopwordsInterface", 0, NULL,
             "Tokens to leave out: language lists and/or custom words."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("stemmer", "StemmingAlgorithm", 0, NULL,
             "How tokens are reduced to their stem; none by default."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const TextIndexType_v[] = {"text", NULL};

static const char *const TokenizerType_v[] = {"prefix", "whitespace", "word", "multilingual", NULL};

static const char *const Language_v[] = {
    "arabic",    "azerbaijani", "basque",     "bengali", "catalan",  "chinese", "danish",
    "dutch",     "english",     "finnish",    "french",  "german",   "greek",   "hebrew",
    "hinglish",  "hungarian",   "indonesian", "italian", "japanese", "kazakh",  "nepali",
    "norwegian", "portuguese",  "romanian",   "russian", "slovene",  "spanish", "swedish",
    "tajik",     "turkish",     NULL};

static const qe_field_desc StopwordsSet_f[] = {
    QE_FIELD("languages", "[Language]", 0, NULL, "Languages whose lists are used."),
    QE_FIELD("custom", "[string]", 0, NULL, "Extra words to drop."),
};

static const qe_field_desc SnowballParams_f[] = {
    QE_FIELD("type", "Snowball", QE_REQ, NULL, "Always \"snowball\"."),
    QE_FIELD("language", "SnowballLanguage", QE_REQ, NULL, "Language of the stemmer."),
};

static const char *const Snowball_v[] = {"snowball", NULL};

static const char *const SnowballLanguage_v[] = {
    "arabic",  "armenian", "danish",    "dutch",   "english",   "finnish",    "french",
    "german",  "greek",    "hungarian", "italian", "norwegian", "portuguese", "romanian",
    "russian", "spanish",  "swedish",   "tamil",   "turkish",   NULL};

static const char *const NoStemmer_v[] = {"none", NULL};

static const qe_field_desc DisabledStemmerParams_f[] = {
    QE_FIELD("type", "NoStemmer", QE_REQ, NULL, "Always \"none\"."),
};

static const qe_field_desc BoolIndexParams_f[] = {
    QE_FIELD("type", "BoolIndexType", QE_REQ, NULL, "Always \"bool\"."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const BoolIndexType_v[] = {"bool", NULL};

static const qe_field_desc DatetimeIndexParams_f[] = {
    QE_FIELD("type", "DatetimeIndexType", QE_REQ, NULL, "Always \"datetime\"."),
    QE_FIELD("is_principal", "bool", 0, NULL,
             "Lay storage out by this key, the main filter of most queries."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const DatetimeIndexType_v[] = {"datetime", NULL};

static const qe_field_desc UuidIndexParams_f[] = {
    QE_FIELD("type", "UuidIndexType", QE_REQ, NULL, "Always \"uuid\"."),
    QE_FIELD("is_tenant", "bool", 0, NULL,
             "Lay storage out by this key, for multi-tenant collections."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("enable_hnsw", "bool", 0, NULL,
             "Build extra HNSW links for this key (needs payload_m above 0)."),
};

static const char *const UuidIndexType_v[] = {"uuid", NULL};

static const qe_field_desc CreateFieldIndex_f[] = {
    QE_FIELD("field_name", "string", QE_REQ, NULL, "Payload path to index."),
    QE_FIELD("field_schema", "PayloadFieldSchema", 0, NULL, "Index type, with optional settings."),
};

static const qe_field_desc CollectionsResponse_f[] = {
    QE_FIELD("collections", "[CollectionDescription]", QE_REQ, NULL,
             "One entry per collection, sorted by name."),
};

static const qe_field_desc CollectionDescription_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Collection name."),
};

static const qe_field_desc CollectionExistence_f[] = {
    QE_FIELD("exists", "bool", QE_REQ, NULL, "True if it exists."),
};

static const qe_field_desc ChangeAliasesOperation_f[] = {
    QE_FIELD("actions", "[AliasOperations]", QE_REQ, NULL, "The changes."),
};

static const qe_field_desc CreateAlias_f[] = {
    QE_FIELD("collection_name", "string", QE_REQ, NULL, "Target collection."),
    QE_FIELD("alias_name", "string", QE_REQ, NULL, "The alias."),
};

static const qe_field_desc CreateAliasOperation_f[] = {
    QE_FIELD("create_alias", "CreateAlias", QE_REQ, NULL, "Alias and collection."),
};

static const qe_field_desc DeleteAlias_f[] = {
    QE_FIELD("alias_name", "string", QE_REQ, NULL, "The alias."),
};

static const qe_field_desc DeleteAliasOperation_f[] = {
    QE_FIELD("delete_alias", "DeleteAlias", QE_REQ, NULL, "The alias."),
};

static const qe_field_desc RenameAlias_f[] = {
    QE_FIELD("old_alias_name", "string", QE_REQ, NULL, "Current name."),
    QE_FIELD("new_alias_name", "string", QE_REQ, NULL, "New name."),
};

static const qe_field_desc RenameAliasOperation_f[] = {
    QE_FIELD("rename_alias", "RenameAlias", QE_REQ, NULL, "Old and new names."),
};

static const qe_field_desc AliasDescription_f[] = {
    QE_FIELD("alias_name", "string", QE_REQ, NULL, "The alias."),
    QE_FIELD("collection_name", "string", QE_REQ, NULL, "Collection it points to."),
};

static const qe_field_desc CollectionsAliasesResponse_f[] = {
    QE_FIELD("aliases", "[AliasDescription]", QE_REQ, NULL, "The aliases."),
};

static const qe_field_desc DenseVectorNameConfig_f[] = {
    QE_FIELD("dense", "DenseVectorConfig", QE_REQ, NULL, "Its settings."),
};

static const qe_field_desc SparseVectorNameConfig_f[] = {
    QE_FIELD("sparse", "SparseVectorConfig", QE_REQ, NULL, "Its settings."),
};

static const qe_field_desc DenseVectorConfig_f[] = {
    QE_FIELD("size", "uint(1..65536)", QE_REQ, NULL, "Number of dimensions."),
    QE_FIELD("distance", "Distance", QE_REQ, NULL, "How two vectors are compared."),
    QE_FIELD("multivector_config", "MultiVectorConfig", 0, NULL,
             "Set to store several vectors per point."),
    QE_FIELD("datatype", "VectorStorageDatatype", 0, NULL,
             "Element type used to store the vectors."),
};

static const qe_field_desc SparseVectorConfig_f[] = {
    QE_FIELD("modifier", "Modifier", 0, NULL, "Weighting applied at query time, such as IDF."),
    QE_FIELD("datatype", "VectorStorageDatatype", 0, NULL, "Element type of the index weights."),
};

static const qe_field_desc SparseIndexParams_f[] = {
    QE_FIELD("full_scan_threshold", "uint", 0, NULL,
             "Below this many matching vectors a scan is used instead of the index."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true keeps the index in files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the index is held in RAM."),
    QE_FIELD("datatype", "Datatype", 0, NULL, "Element type of the index weights."),
};

static const char *const Modifier_v[] = {"none", "idf", NULL};

static const char *const ShardingMethod_v[] = {"auto", "custom", NULL};

static const qe_field_desc PayloadStorageParams_f[] = {
    QE_FIELD("memory", "Memory", 0, NULL,
             "How payload is held in RAM; pinned is not allowed here."),
};

static const qe_field_desc VectorParamsDiff_f[] = {
    QE_FIELD("hnsw_config", "HnswConfigDiff", 0, NULL,
             "HNSW settings to change; an empty object removes the override."),
    QE_FIELD("quantization_config", "QuantizationConfigDiff", 0, NULL,
             "New quantization, or Disabled."),
    QE_FIELD("on_disk", "bool", 0, NULL,
             "Deprecated in favour of memory; true serves the vectors from files."),
    QE_FIELD("memory", "Memory", 0, NULL, "How the original vectors are held in RAM."),
};

static const qe_field_desc UpdateQueueInfo_f[] = {
    QE_FIELD("length", "uint", QE_REQ, NULL, "Operations in the queue."),
    QE_FIELD("deferred_points", "uint", 0, NULL, "Points hidden until their segment is optimized."),
};

static const qe_field_desc IdfCorpusParams_f[] = {
    QE_FIELD("corpus", "Filter", QE_REQ, NULL, "The filter."),
};

static const char *const IdfScope_v[] = {"global", NULL};

static const qe_field_desc OptimizationsResponse_f[] = {
    QE_FIELD("summary", "OptimizationsSummary", QE_REQ, NULL, "Counts."),
    QE_FIELD("running", "[Optimization]", QE_REQ, NULL, "Optimizations in progress."),
    QE_FIELD("queued", "[PendingOptimization]", 0, NULL,
             "Estimated pending optimizations, when asked for."),
    QE_FIELD("completed", "[Optimization]", 0, NULL, "Finished optimizations, when asked for."),
    QE_FIELD("idle_segments", "[OptimizationSegmentInfo]", 0, NULL,
             "Segments that need no optimization, when asked for."),
};

static const qe_field_desc Optimization_f[] = {
    QE_FIELD("uuid", "string", QE_REQ, NULL, "Job id; also the id of the segment it produces."),
    QE_FIELD("optimizer", "string", QE_REQ, NULL, "Optimizer that runs the job."),
    QE_FIELD("status", "TrackerStatus", QE_REQ, NULL, "Progress state."),
    QE_FIELD("segments", "[OptimizationSegmentInfo]", QE_REQ, NULL,
             "Segments being merged or rebuilt."),
    QE_FIELD("progress", "ProgressTree", QE_REQ, NULL, "Steps and their progress."),
};

static const qe_field_desc OptimizationSegmentInfo_f[] = {
    QE_FIELD("uuid", "string", QE_REQ, NULL, "Segment id."),
    QE_FIELD("points_count", "uint", QE_REQ, NULL, "Points in the segment, deleted ones excluded."),
};

static const qe_field_desc OptimizationsSummary_f[] = {
    QE_FIELD("queued_optimizations", "uint", QE_REQ, NULL, "Jobs waiting."),
    QE_FIELD("queued_segments", "uint", QE_REQ, NULL, "Segments waiting."),
    QE_FIELD("queued_points", "uint", QE_REQ, NULL, "Points in waiting segments."),
    QE_FIELD("idle_segments", "uint", QE_REQ, NULL, "Segments that need no optimization."),
};

static const qe_field_desc PendingOptimization_f[] = {
    QE_FIELD("optimizer", "string", QE_REQ, NULL, "Optimizer that scheduled it."),
    QE_FIELD("segments", "[OptimizationSegmentInfo]", QE_REQ, NULL, "Segments it will process."),
};

static const qe_field_desc ProgressTree_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Step name."),
    QE_FIELD("started_at", "string", 0, NULL, "Start time."),
    QE_FIELD("finished_at", "string", 0, NULL, "End time."),
    QE_FIELD("duration_sec", "float", 0, NULL, "Seconds taken, once finished."),
    QE_FIELD("done", "uint", 0, NULL, "Units of work done."),
    QE_FIELD("total", "uint", 0, NULL, "Units of work in all, when known."),
    QE_FIELD("children", "[ProgressTree]", QE_NONULL, NULL, "Sub-steps."),
};

static const char *const TrackerStatusOneOf_v[] = {"optimizing", "done", NULL};

static const qe_field_desc TrackerStatusOneOf1_f[] = {
    QE_FIELD("cancelled", "string", QE_REQ, NULL, "Why."),
};

static const qe_field_desc TrackerStatusOneOf2_f[] = {
    QE_FIELD("error", "string", QE_REQ, NULL, "The error."),
};

static const qe_model_desc models[] = {
    QE_OBJECT("VectorParams", VectorParams_f, 0, "Settings of one dense vector of a collection."),
    QE_UNION("VectorsConfig", "VectorParams | {VectorParams}",
             "One unnamed dense vector, or dense vectors by name."),
    QE_OBJECT("SparseVectorParams", SparseVectorParams_f, 0,
              "Settings of one sparse vector of a collection."),
    QE_OBJECT("MultiVectorConfig", MultiVectorConfig_f, 0,
              "How the vectors of a multi-vector are compared."),
    QE_ENUM("MultiVectorComparator", MultiVectorComparator_v,
            "max_sim: for each query vector take its best match, then sum."),
    QE_ENUM("Datatype", Datatype_v, "Element type of stored vectors."),
    QE_ENUM("Distance", Distance_v, "Vector similarity: Cosine, Euclid, Dot or Manhattan."),
    QE_ENUM("Memory", Memory_v,
            "RAM policy for stored data: cold (loaded on demand), cached (loaded at start) or "
            "pinned (kept in RAM)."),
    QE_ENUM("VectorStorageDatatype", VectorStorageDatatype_v, "Element type of stored vectors."),
    QE_OBJECT("HnswConfig", HnswConfig_f, 0, "Settings of an HNSW vector index."),
    QE_OBJECT("HnswConfigDiff", HnswConfigDiff_f, 0,
              "HNSW settings to change; absent fields keep their value."),
    QE_OBJECT("OptimizersConfig", OptimizersConfig_f, 0, "Settings of the background optimizers."),
    QE_OBJECT("OptimizersConfigDiff", OptimizersConfigDiff_f, 0,
              "Optimizer settings to change; absent fields keep their value."),
    QE_UNION("MaxOptimizationThreads", "MaxOptimizationThreadsSetting | uint",
             "Optimization jobs per shard: a number (0 turns optimization off) or auto."),
    QE_ENUM("MaxOptimizationThreadsSetting", MaxOptimizationThreadsSetting_v,
            "auto: no fixed limit."),
    QE_OBJECT("WalConfig", WalConfig_f, 0, "Settings of the write-ahead log."),
    QE_OBJECT("WalConfigDiff", WalConfigDiff_f, 0,
              "Write-ahead log settings to change; absent fields keep their value."),
    QE_UNION("QuantizationConfig",
             "ScalarQuantization | ProductQuantization | BinaryQuantization | TurboQuantization",
             "Vector quantization: scalar, product, binary or turbo."),
    QE_UNION("QuantizationConfigDiff",
             "ScalarQuantization | ProductQuantization | BinaryQuantization | TurboQuantization | "
             "Disabled",
             "New quantization settings, or Disabled to turn it off."),
    QE_OBJECT("ScalarQuantization", ScalarQuantization_f, 0,
              "Scalar quantization: each element stored in fewer bits."),
    QE_OBJECT("ScalarQuantizationConfig", ScalarQuantizationConfig_f, 0,
              "Settings of scalar quantization."),
    QE_ENUM("ScalarType", ScalarType_v, "Element type of scalar quantization."),
    QE_OBJECT("ProductQuantization", ProductQuantization_f, 0,
              "Product quantization: groups of elements replaced by codebook entries."),
    QE_OBJECT("ProductQuantizationConfig", ProductQuantizationConfig_f, 0,
              "Settings of product quantization."),
    QE_ENUM("CompressionRatio", CompressionRatio_v, "Size reduction of product quantization."),
    QE_OBJECT("BinaryQuantization", BinaryQuantization_f, 0,
              "Binary quantization: each element stored in one or two bits."),
    QE_OBJECT("BinaryQuantizationConfig", BinaryQuantizationConfig_f, 0,
              "Settings of binary quantization."),
    QE_ENUM("BinaryQuantizationEncoding", BinaryQuantizationEncoding_v,
            "Bits per element in binary quantization."),
    QE_ENUM("BinaryQuantizationQueryEncoding", BinaryQuantizationQueryEncoding_v,
            "Encoding of query vectors under binary quantization."),
    QE_OBJECT("TurboQuantization", TurboQuantization_f, 0, "Turbo quantization of vectors."),
    QE_OBJECT("TurboQuantQuantizationConfig", TurboQuantQuantizationConfig_f, 0,
              "Settings of turbo quantization."),
    QE_ENUM("TurboQuantBitSize", TurboQuantBitSize_v, "Bits per element in turbo quantization."),
    QE_ENUM("Disabled", Disabled_v, "Turns quantization off."),
    QE_OBJECT("StrictModeConfig", StrictModeConfig_f, 0,
              "Limits a collection enforces on requests."),
    QE_OBJECT("StrictModeConfigOutput", StrictModeConfigOutput_f, 0,
              "Strict-mode limits as reported by the server."),
    QE_OBJECT("StrictModeMultivector", StrictModeMultivector_f, 0,
              "Strict-mode limit for one multi-vector."),
    QE_ALIAS("StrictModeMultivectorConfig", "{StrictModeMultivector}",
             "Multi-vector limits by vector name."),
    QE_ALIAS("StrictModeMultivectorConfigOutput", "{StrictModeMultivectorOutput}",
             "Multi-vector limits by vector name, as reported."),
    QE_OBJECT("StrictModeMultivectorOutput", StrictModeMultivectorOutput_f, 0,
              "Strict-mode limit for one multi-vector, as reported."),
    QE_OBJECT("StrictModeSparse", StrictModeSparse_f, 0,
              "Strict-mode limit for one sparse vector."),
    QE_ALIAS("StrictModeSparseConfig", "{StrictModeSparse}",
             "Sparse vector limits by vector name."),
    QE_ALIAS("StrictModeSparseConfigOutput", "{StrictModeSparseOutput}",
             "Sparse vector limits by vector name, as reported."),
    QE_OBJECT("StrictModeSparseOutput", StrictModeSparseOutput_f, 0,
              "Strict-mode limit for one sparse vector, as reported."),
    QE_OBJECT("CreateCollection", CreateCollection_f, 0, "Settings of a new collection."),
    QE_OBJECT("UpdateCollection", UpdateCollection_f, 0,
              "Changes to an existing collection; absent fields are left alone."),
    QE_OBJECT("CollectionInfo", CollectionInfo_f, 0, "State, size and settings of a collection."),
    QE_OBJECT("CollectionConfig", CollectionConfig_f, 0, "Settings in effect for a collection."),
    QE_OBJECT("CollectionParams", CollectionParams_f, 0,
              "Vectors, sharding and storage settings of a collection."),
    QE_OBJECT("CollectionParamsDiff", CollectionParamsDiff_f, 0,
              "Replication and storage settings to change."),
    QE_ENUM("CollectionStatus", CollectionStatus_v,
            "green: ready; yellow: optimizing; grey: optimization pending; red: failed."),
    QE_OBJECT("CollectionWarning", CollectionWarning_f, 0,
              "A problem found in a collection's settings."),
    QE_ENUM_X("OptimizersStatusOneOf", OptimizersStatusOneOf_v, "", "The value \"ok\"."),
    QE_OBJECT_X("OptimizersStatusOneOf1", OptimizersStatusOneOf1_f, QE_M_STRICT, "",
                "The optimizers failed."),
    QE_UNION("OptimizersStatus", "OptimizersStatusOneOf | OptimizersStatusOneOf1",
             "ok, or an object with the optimizer error."),
    QE_OBJECT("PayloadIndexInfo", PayloadIndexInfo_f, 0, "One payload index of a collection."),
    QE_ENUM("PayloadSchemaType", PayloadSchemaType_v, "Value type of a payload index."),
    QE_UNION("PayloadFieldSchema", "PayloadSchemaType | PayloadSchemaParams",
             "A payload index: its type name, or type and settings."),
    QE_UNION("PayloadSchemaParams",
             "KeywordIndexParams | IntegerIndexParams | FloatIndexParams | GeoIndexParams | "
             "TextIndexParams | BoolIndexParams | DatetimeIndexParams | UuidIndexParams",
             "Settings of a payload index, by type."),
    QE_OBJECT("KeywordIndexParams", KeywordIndexParams_f, 0,
              "Settings of a keyword (exact string) index."),
    QE_ENUM("KeywordIndexType", KeywordIndexType_v, "The value \"keyword\"."),
    QE_OBJECT("IntegerIndexParams", IntegerIndexParams_f, 0, "Settings of an integer index."),
    QE_ENUM("IntegerIndexType", IntegerIndexType_v, "The value \"integer\"."),
    QE_OBJECT("FloatIndexParams", FloatIndexParams_f, 0, "Settings of a float index."),
    QE_ENUM("FloatIndexType", FloatIndexType_v, "The value \"float\"."),
    QE_OBJECT("GeoIndexParams", GeoIndexParams_f, 0, "Settings of a geo point index."),
    QE_ENUM("GeoIndexType", GeoIndexType_v, "The value \"geo\"."),
    QE_OBJECT("TextIndexParams", TextIndexParams_f, 0, "Settings of a full-text index."),
    QE_ENUM("TextIndexType", TextIndexType_v, "The value \"text\"."),
    QE_ENUM("TokenizerType", TokenizerType_v,
            "How text is split: prefix, whitespace, word or multilingual."),
    QE_ENUM("Language", Language_v, "Language of a built-in stop word list."),
    QE_UNION("StopwordsInterface", "Language | StopwordsSet",
             "One language's stop words, or a set of languages and custom words."),
    QE_OBJECT("StopwordsSet", StopwordsSet_f, 0,
              "Stop words from several languages plus custom ones."),
    QE_UNION("StemmingAlgorithm", "SnowballParams | DisabledStemmerParams",
             "A stemmer: Snowball for a language, or none."),
    QE_OBJECT("SnowballParams", SnowballParams_f, 0, "Snowball stemmer settings."),
    QE_ENUM("Snowball", Snowball_v, "The value \"snowball\"."),
    QE_ENUM("SnowballLanguage", SnowballLanguage_v, "Languages the Snowball stemmer supports."),
    QE_ENUM("NoStemmer", NoStemmer_v, "The value \"none\"."),
    QE_OBJECT("DisabledStemmerParams", DisabledStemmerParams_f, 0, "Turns stemming off."),
    QE_OBJECT("BoolIndexParams", BoolIndexParams_f, 0, "Settings of a boolean index."),
    QE_ENUM("BoolIndexType", BoolIndexType_v, "The value \"bool\"."),
    QE_OBJECT("DatetimeIndexParams", DatetimeIndexParams_f, 0, "Settings of a date-time index."),
    QE_ENUM("DatetimeIndexType", DatetimeIndexType_v, "The value \"datetime\"."),
    QE_OBJECT("UuidIndexParams", UuidIndexParams_f, 0, "Settings of a UUID index."),
    QE_ENUM("UuidIndexType", UuidIndexType_v, "The value \"uuid\"."),
    QE_OBJECT("CreateFieldIndex", CreateFieldIndex_f, 0, "Create a payload index."),
    QE_OBJECT("CollectionsResponse", CollectionsResponse_f, 0, "The collections of the server."),
    QE_OBJECT("CollectionDescription", CollectionDescription_f, 0, "Names a collection."),
    QE_OBJECT("CollectionExistence", CollectionExistence_f, 0, "Whether a collection exists."),
    QE_OBJECT("ChangeAliasesOperation", ChangeAliasesOperation_f, 0,
              "Alias changes applied in order."),
    QE_UNION("AliasOperations",
             "CreateAliasOperation | DeleteAliasOperation | RenameAliasOperation",
             "One alias change: create, delete or rename."),
    QE_OBJECT("CreateAlias", CreateAlias_f, 0, "Point an alias at a collection."),
    QE_OBJECT("CreateAliasOperation", CreateAliasOperation_f, 0, "Create or repoint an alias."),
    QE_OBJECT("DeleteAlias", DeleteAlias_f, 0,
              "Remove an alias; nothing happens if it does not exist."),
    QE_OBJECT("DeleteAliasOperation", DeleteAliasOperation_f, 0, "Remove an alias."),
    QE_OBJECT("RenameAlias", RenameAlias_f, 0, "Give an alias a new name."),
    QE_OBJECT("RenameAliasOperation", RenameAliasOperation_f, 0, "Rename an alias."),
    QE_OBJECT("AliasDescription", AliasDescription_f, 0, "An alias and its collection."),
    QE_OBJECT("CollectionsAliasesResponse", CollectionsAliasesResponse_f, 0,
              "Aliases of the server or of one collection."),
    QE_UNION("VectorNameConfig", "DenseVectorNameConfig | SparseVectorNameConfig",
             "A new named vector: dense or sparse."),
    QE_OBJECT("DenseVectorNameConfig", DenseVectorNameConfig_f, 0,
              "Dense settings for a vector name being added."),
    QE_OBJECT("SparseVectorNameConfig", SparseVectorNameConfig_f, 0,
              "Sparse settings for a vector name being added."),
    QE_OBJECT("DenseVectorConfig", DenseVectorConfig_f, 0,
              "The fixed properties of a new dense vector."),
    QE_OBJECT("SparseVectorConfig", SparseVectorConfig_f, 0,
              "The fixed properties of a new sparse vector."),
    QE_ALIAS("SparseVectorsConfig", "{SparseVectorParams}", "Sparse vectors by name."),
    QE_OBJECT("SparseIndexParams", SparseIndexParams_f, 0, "Settings of a sparse inverted index."),
    QE_ENUM("Modifier", Modifier_v, "Query-time weighting of sparse vectors: none or idf."),
    QE_ENUM("ShardingMethod", ShardingMethod_v,
            "auto spreads points over shards; custom routes them by shard key."),
    QE_OBJECT("PayloadStorageParams", PayloadStorageParams_f, 0, "Payload storage settings."),
    QE_OBJECT("VectorParamsDiff", VectorParamsDiff_f, 0,
              "Changes to one dense vector; absent fields keep their value."),
    QE_ALIAS("VectorsConfigDiff", "{VectorParamsDiff}", "Changes per dense vector name."),
    QE_OBJECT("UpdateQueueInfo", UpdateQueueInfo_f, 0, "Writes waiting to be applied."),
    QE_UNION("IdfParams", "IdfScope | IdfCorpusParams",
             "Points used for IDF statistics: global, or those matching a corpus filter."),
    QE_OBJECT("IdfCorpusParams", IdfCorpusParams_f, 0,
              "IDF statistics restricted to the points a filter selects."),
    QE_ENUM("IdfScope", IdfScope_v, "global: statistics over the whole collection."),
    QE_OBJECT("OptimizationsResponse", OptimizationsResponse_f, 0,
              "Optimizations of a collection: running, queued and finished."),
    QE_OBJECT("Optimization", Optimization_f, 0, "One optimization job."),
    QE_OBJECT("OptimizationSegmentInfo", OptimizationSegmentInfo_f, 0,
              "A segment taking part in optimization."),
    QE_OBJECT("OptimizationsSummary", OptimizationsSummary_f, 0,
              "Counts of pending optimization work."),
    QE_OBJECT("PendingOptimization", PendingOptimization_f, 0,
              "An optimization job not yet started."),
    QE_OBJECT("ProgressTree", ProgressTree_f, 0, "Progress of a step and its sub-steps."),
    QE_ENUM_X("TrackerStatusOneOf", TrackerStatusOneOf_v, "", "optimizing or done."),
    QE_OBJECT_X("TrackerStatusOneOf1", TrackerStatusOneOf1_f, QE_M_STRICT, "",
                "The job was cancelled."),
    QE_OBJECT_X("TrackerStatusOneOf2", TrackerStatusOneOf2_f, QE_M_STRICT, "", "The job failed."),
    QE_UNION("TrackerStatus", "TrackerStatusOneOf | TrackerStatusOneOf1 | TrackerStatusOneOf2",
             "State of an optimization: optimizing, done, cancelled or failed."),
};

const qe_model_group qe_models_collection = {models, QE_COUNTOF(models)};

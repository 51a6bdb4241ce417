/*
 * models_query.c — the universal query API (QueryRequest, Prefetch, every
 * Query variant, formula expressions, search parameters, results, groups,
 * distance matrix, payload/vector selectors, lookups), plus the search,
 * recommend and discover requests that Qdrant 1.16 removed from its API
 * (hand written below the generated part; no OpenAPI counterpart).
 */

#include "model/desc.h"

static const qe_field_desc QueryRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD_A("prefetch", "Prefetch | [Prefetch]", 0, NULL,
               "Searches run first; the query then ranks only their results.", "prefetches"),
    QE_FIELD("query", "QueryInterface", 0, NULL,
             "How to score points; without it and without prefetch, points come in id order."),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to search; the unnamed vector when absent."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL,
             "Search tuning for a query without prefetch stages."),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop results whose score is not better than this."),
    QE_FIELD("limit", "uint(1..)", 0, "10", "Most points to return."),
    QE_FIELD("offset", "uint", 0, "0", "Results to skip before the first one returned."),
    QE_FIELD_A("with_vector", "WithVector", 0, "false", "Which vectors to return.", "with_vectors"),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, "false", "Which payload to return."),
    QE_FIELD("lookup_from", "LookupLocation", 0, NULL,
             "Collection (and vector) from which point ids in the query take their vectors."),
};

static const qe_field_desc Prefetch_f[] = {
    QE_FIELD_A("prefetch", "Prefetch | [Prefetch]", 0, NULL, "Stages run before this one.",
               "prefetches"),
    QE_FIELD("query", "QueryInterface", 0, NULL, "How this stage scores points."),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to search; the unnamed vector when absent."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL, "Search tuning for this stage."),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop candidates whose score is not better than this."),
    QE_FIELD("limit", "uint(1..)", 0, "10", "Most candidates this stage passes on."),
    QE_FIELD("lookup_from", "LookupLocation", 0, NULL,
             "Collection (and vector) from which point ids take their vectors."),
};

static const qe_field_desc NearestQuery_f[] = {
    QE_FIELD("nearest", "VectorInput", QE_REQ, NULL, "Vector, point id or object to embed."),
    QE_FIELD("mmr", "Mmr", 0, NULL, "Re-rank the candidates for diversity."),
};

static const qe_field_desc Mmr_f[] = {
    QE_FIELD("diversity", "float(0..1)", 0, "0.5",
             "0 favours relevance only, 1 favours variety only."),
    QE_FIELD("candidates_limit", "uint(..16384)", 0, NULL,
             "Candidates considered for re-ranking; the request limit when absent."),
};

static const qe_field_desc RecommendQuery_f[] = {
    QE_FIELD("recommend", "RecommendInput", QE_REQ, NULL, "Examples and strategy."),
};

static const qe_field_desc RecommendInput_f[] = {
    QE_FIELD("positive", "[VectorInput]", 0, NULL, "Examples to be close to."),
    QE_FIELD("negative", "[VectorInput]", 0, NULL, "Examples to stay away from."),
    QE_FIELD("strategy", "RecommendStrategy", 0, "\"average_vector\"",
             "How the examples are combined."),
};

static const char *const RecommendStrategy_v[] = {"average_vector", "best_score", "sum_scores",
                                                  NULL};

static const qe_field_desc DiscoverQuery_f[] = {
    QE_FIELD("discover", "DiscoverInput", QE_REQ, NULL, "Target and context."),
};

static const qe_field_desc DiscoverInput_f[] = {
    QE_FIELD("target", "VectorInput", QE_REQ, NULL, "Where to look."),
    QE_FIELD("context", "ContextPair | [ContextPair]", QE_REQ | QE_NULLABLE, NULL,
             "Positive/negative pairs that bound the area searched."),
};

static const qe_field_desc ContextQuery_f[] = {
    QE_FIELD("context", "ContextInput", QE_REQ, NULL, "The pairs."),
};

static const qe_field_desc ContextPair_f[] = {
    QE_FIELD("positive", "VectorInput", QE_REQ, NULL, "Example to be closer to."),
    QE_FIELD("negative", "VectorInput", QE_REQ, NULL, "Example to be farther from."),
};

static const qe_field_desc OrderByQuery_f[] = {
    QE_FIELD("order_by", "OrderByInterface", QE_REQ, NULL, "Key and direction."),
};

static const qe_field_desc OrderBy_f[] = {
    QE_FIELD("key", "string", QE_REQ, NULL, "Payload key to sort by."),
    QE_FIELD("direction", "Direction", 0, "\"asc\"", "asc (default) or desc."),
    QE_FIELD("start_from", "StartFrom", 0, NULL, "Value to start from, inclusive."),
};

static const char *const Direction_v[] = {"asc", "desc", NULL};

static const qe_field_desc FusionQuery_f[] = {
    QE_FIELD("fusion", "Fusion", QE_REQ, NULL, "Fusion method."),
};

static const char *const Fusion_v[] = {"rrf", "dbsf", NULL};

static const qe_field_desc RrfQuery_f[] = {
    QE_FIELD("rrf", "Rrf", QE_REQ, NULL, "RRF parameters."),
};

static const qe_field_desc Rrf_f[] = {
    QE_FIELD("k", "uint(1..)", 0, "2",
             "Rank offset constant; larger values flatten rank differences."),
    QE_FIELD("weights", "[float]", 0, NULL,
             "Weight per prefetch, in prefetch order; equal when absent."),
};

static const qe_field_desc FormulaQuery_f[] = {
    QE_FIELD("formula", "Expression", QE_REQ, NULL,
             "The expression that gives each point its score."),
    QE_FIELD("defaults", "object", QE_NONULL, "{}", "Values used for payload keys a point lacks."),
};

static const qe_field_desc DatetimeExpression_f[] = {
    QE_FIELD("datetime", "string", QE_REQ, NULL, "Date-time text."),
};

static const qe_field_desc DatetimeKeyExpression_f[] = {
    QE_FIELD("datetime_key", "string", QE_REQ, NULL, "Payload path."),
};

static const qe_field_desc MultExpression_f[] = {
    QE_FIELD("mult", "[Expression]", QE_REQ, NULL, "Factors."),
};

static const qe_field_desc SumExpression_f[] = {
    QE_FIELD("sum", "[Expression]", QE_REQ, NULL, "Terms."),
};

static const qe_field_desc NegExpression_f[] = {
    QE_FIELD("neg", "Expression", QE_REQ, NULL, "Expression to negate."),
};

static const qe_field_desc AbsExpression_f[] = {
    QE_FIELD("abs", "Expression", QE_REQ, NULL, "Expression."),
};

static const qe_field_desc DivExpression_f[] = {
    QE_FIELD("div", "DivParams", QE_REQ, NULL, "Operands."),
};

static const qe_field_desc DivParams_f[] = {
    QE_FIELD("left", "Expression", QE_REQ, NULL, "Dividend."),
    QE_FIELD("right", "Expression", QE_REQ, NULL, "Divisor."),
    QE_FIELD("by_zero_default", "float", 0, NULL, "Result when the divisor is zero."),
};

static const qe_field_desc SqrtExpression_f[] = {
    QE_FIELD("sqrt", "Expression", QE_REQ, NULL, "Expression."),
};

static const qe_field_desc PowExpression_f[] = {
    QE_FIELD("pow", "PowParams", QE_REQ, NULL, "Base and exponent."),
};

static const qe_field_desc PowParams_f[] = {
    QE_FIELD("base", "Expression", QE_REQ, NULL, "Base."),
    QE_FIELD("exponent", "Expression", QE_REQ, NULL, "Exponent."),
};

static const qe_field_desc ExpExpression_f[] = {
    QE_FIELD("exp", "Expression", QE_REQ, NULL, "Exponent."),
};

static const qe_field_desc Log10Expression_f[] = {
    QE_FIELD("log10", "Expression", QE_REQ, NULL, "Expression."),
};

static const qe_field_desc LnExpression_f[] = {
    QE_FIELD("ln", "Expression", QE_REQ, NULL, "Expression."),
};

static const qe_field_desc LinDecayExpression_f[] = {
    QE_FIELD("lin_decay", "DecayParamsExpression", QE_REQ, NULL, "Decay parameters."),
};

static const qe_field_desc ExpDecayExpression_f[] = {
    QE_FIELD("exp_decay", "DecayParamsExpression", QE_REQ, NULL, "Decay parameters."),
};

static const qe_field_desc GaussDecayExpression_f[] = {
    QE_FIELD("gauss_decay", "DecayParamsExpression", QE_REQ, NULL, "Decay parameters."),
};

static const qe_field_desc DecayParamsExpression_f[] = {
    QE_FIELD("x", "Expression", QE_REQ, NULL, "Input value."),
    QE_FIELD("target", "Expression", 0, "0", "Value at which the output is 1 (default 0)."),
    QE_FIELD("scale", "float", 0, "1.0",
             "Distance from the target at which the output equals midpoint (default 1)."),
    QE_FIELD("midpoint", "float", 0, "0.5",
             "Output at `scale` away from the target, between 0 and 1 (default 0.5)."),
};

static const qe_field_desc GeoDistance_f[] = {
    QE_FIELD("geo_distance", "GeoDistanceParams", QE_REQ, NULL, "Origin and payload field."),
};

static const qe_field_desc GeoDistanceParams_f[] = {
    QE_FIELD("origin", "GeoPoint", QE_REQ, NULL, "Fixed point."),
    QE_FIELD("to", "string", QE_REQ, NULL, "Payload path of the other point."),
};

static const qe_field_desc SampleQuery_f[] = {
    QE_FIELD("sample", "Sample", QE_REQ, NULL, "Sampling method."),
};

static const char *const Sample_v[] = {"random", NULL};

static const qe_field_desc RelevanceFeedbackQuery_f[] = {
    QE_FIELD("relevance_feedback", "RelevanceFeedbackInput", QE_REQ, NULL,
             "Target, examples and strategy."),
};

static const qe_field_desc RelevanceFeedbackInput_f[] = {
    QE_FIELD("target", "VectorInput", QE_REQ, NULL, "Starting query input."),
    QE_FIELD("feedback", "[FeedbackItem]", QE_REQ, NULL, "Examples with their relevance scores."),
    QE_FIELD("strategy", "FeedbackStrategy", QE_REQ, NULL, "How the feedback changes scores."),
};

static const qe_field_desc FeedbackItem_f[] = {
    QE_FIELD("example", "VectorInput", QE_REQ, NULL, "Vector input of the example."),
    QE_FIELD("score", "float", QE_REQ, NULL, "Relevance of the example."),
};

static const qe_field_desc NaiveFeedbackStrategy_f[] = {
    QE_FIELD("naive", "NaiveFeedbackStrategyParams", QE_REQ, NULL, "Weights."),
};

static const qe_field_desc NaiveFeedbackStrategyParams_f[] = {
    QE_FIELD("a", "float", QE_REQ, NULL, "Weight of the target similarity."),
    QE_FIELD("b", "float(0..)", QE_REQ, NULL, "Scale applied to example scores; not negative."),
    QE_FIELD("c", "float", QE_REQ, NULL, "Weight of the feedback term."),
};

static const qe_field_desc SearchParams_f[] = {
    QE_FIELD("hnsw_ef", "uint(1..)", 0, NULL,
             "Beam width of the HNSW search; larger is more accurate and slower."),
    QE_FIELD("exact", "bool", QE_NONULL, "false",
             "Compare with every vector instead of using the index."),
    QE_FIELD("quantization", "QuantizationSearchParams", 0, NULL,
             "How quantized vectors are used."),
    QE_FIELD("indexed_only", "bool", QE_NONULL, "false",
             "Skip large segments that are not indexed yet."),
    QE_FIELD("acorn", "AcornSearchParams", 0, NULL, "ACORN settings for filtered HNSW search."),
    QE_FIELD("idf", "IdfParams", 0, NULL, "Points over which sparse IDF statistics are computed."),
};

static const qe_field_desc QuantizationSearchParams_f[] = {
    QE_FIELD("ignore", "bool", QE_NONULL, "false", "Search the original vectors only."),
    QE_FIELD("rescore", "bool", 0, NULL, "Re-score the best candidates with the original vectors."),
    QE_FIELD("oversampling", "float(1..)", 0, NULL,
             "Factor of extra candidates taken from the quantized search."),
};

static const qe_field_desc AcornSearchParams_f[] = {
    QE_FIELD("enable", "bool", QE_NONULL, "false", "Allow ACORN when filters are selective."),
    QE_FIELD("max_selectivity", "float(0..1)", 0, NULL,
             "Use ACORN only when the filters keep at most this share of points."),
};

static const qe_field_desc ScoredPoint_f[] = {
    QE_FIELD("id", "ExtendedPointId", QE_REQ, NULL, "Point id."),
    QE_FIELD("version", "uint", QE_REQ, NULL, "Sequence number of the last write to the point."),
    QE_FIELD("score", "float", QE_REQ, NULL, "Score against the query."),
    QE_FIELD("payload", "Payload", 0, NULL, "Payload, when requested."),
    QE_FIELD("vector", "VectorStructOutput", 0, NULL, "Vectors, when requested."),
    QE_FIELD("shard_key", "ShardKey", 0, NULL, "Shard key of the shard that holds the point."),
    QE_FIELD("order_value", "OrderValue", 0, NULL,
             "Value of the ordering key, for order_by queries."),
};

static const qe_field_desc QueryResponse_f[] = {
    QE_FIELD("points", "[ScoredPoint]", QE_REQ, NULL, "Scored points, best first."),
};

static const qe_field_desc QueryRequestBatch_f[] = {
    QE_FIELD("searches", "[QueryRequest]", QE_REQ, NULL, "The queries."),
};

static const qe_field_desc QueryGroupsRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD_A("prefetch", "Prefetch | [Prefetch]", 0, NULL,
               "Searches run first; the query then ranks only their results.", "prefetches"),
    QE_FIELD("query", "QueryInterface", 0, NULL, "How to score points."),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to search; the unnamed vector when absent."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL,
             "Search tuning for a query without prefetch stages."),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop results whose score is not better than this."),
    QE_FIELD_A("with_vector", "WithVector", 0, "false", "Which vectors to return.", "with_vectors"),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, "false", "Which payload to return."),
    QE_FIELD("lookup_from", "LookupLocation", 0, NULL,
             "Collection (and vector) from which point ids take their vectors."),
    QE_FIELD("group_by", "string", QE_REQ, NULL,
             "Payload key whose string or integer values form the groups."),
    QE_FIELD("group_size", "uint(1..)", 0, "3", "Most points per group."),
    QE_FIELD("limit", "uint(1..)", 0, "10", "Most groups to return."),
    QE_FIELD("with_lookup", "WithLookupInterface", 0, NULL,
             "Fetch a record per group from another collection, by group id."),
};

static const qe_field_desc GroupsResult_f[] = {
    QE_FIELD("groups", "[PointGroup]", QE_REQ, NULL, "The groups, best first."),
};

static const qe_field_desc PointGroup_f[] = {
    QE_FIELD("hits", "[ScoredPoint]", QE_REQ, NULL, "Points of the group, best first."),
    QE_FIELD("id", "GroupId", QE_REQ, NULL, "The shared value."),
    QE_FIELD("lookup", "Record", 0, NULL,
             "Record fetched from the lookup collection for this group."),
};

static const qe_field_desc SearchMatrixRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to sample from; all shards when absent."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("sample", "uint(2..)", 0, "10", "Points in the sample."),
    QE_FIELD("limit", "uint(1..)", 0, "3", "Neighbours to find per sampled point."),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to compare; the unnamed vector when absent."),
};

static const qe_field_desc SearchMatrixPairsResponse_f[] = {
    QE_FIELD("pairs", "[SearchMatrixPair]", QE_REQ, NULL, "Pairs with their scores."),
};

static const qe_field_desc SearchMatrixPair_f[] = {
    QE_FIELD("a", "ExtendedPointId", QE_REQ, NULL, "First point."),
    QE_FIELD("b", "ExtendedPointId", QE_REQ, NULL, "Second point."),
    QE_FIELD("score", "float", QE_REQ, NULL, "Score of b against a."),
};

static const qe_field_desc SearchMatrixOffsetsResponse_f[] = {
    QE_FIELD("offsets_row", "[uint]", QE_REQ, NULL, "Row of each score, as an index into ids."),
    QE_FIELD("offsets_col", "[uint]", QE_REQ, NULL, "Column of each score, as an index into ids."),
    QE_FIELD("scores", "[float]", QE_REQ, NULL, "The scores."),
    QE_FIELD("ids", "[ExtendedPointId]", QE_REQ, NULL, "Ids of the sampled points."),
};

static const qe_field_desc PayloadSelectorInclude_f[] = {
    QE_FIELD("include", "[string]", QE_REQ, NULL, "Payload paths to keep."),
};

static const qe_field_desc PayloadSelectorExclude_f[] = {
    QE_FIELD("exclude", "[string]", QE_REQ, NULL, "Payload paths to drop."),
};

static const qe_field_desc LookupLocation_f[] = {
    QE_FIELD("collection", "string", QE_REQ, NULL, "Collection holding the points."),
    QE_FIELD("vector", "string", 0, NULL, "Vector name there; the unnamed vector when absent."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to look in; all shards when absent."),
};

static const qe_field_desc WithLookup_f[] = {
    QE_FIELD("collection", "string", QE_REQ, NULL, "Collection whose point ids are the group ids."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, "true",
             "Which payload of the fetched record to return."),
    QE_FIELD_A("with_vectors", "WithVector", 0, NULL,
               "Which vectors of the fetched record to return.", "with_vector"),
};

/* ---- Requests removed from Qdrant's API in 1.16, kept for older code ---- */

static const qe_field_desc NamedVector_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Vector name."),
    QE_FIELD("vector", "vector", QE_REQ, NULL, "Dense query vector."),
};

static const qe_field_desc NamedSparseVector_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Sparse vector name."),
    QE_FIELD("vector", "SparseVector", QE_REQ, NULL, "Sparse query vector."),
};

static const qe_field_desc ContextExamplePair_f[] = {
    QE_FIELD("positive", "RecommendExample", QE_REQ, NULL, "Example to be closer to."),
    QE_FIELD("negative", "RecommendExample", QE_REQ, NULL, "Example to be farther from."),
};

static const qe_field_desc SearchRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD("vector", "NamedVectorStruct", QE_REQ, NULL,
             "Query vector, optionally with the vector name."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL, "Search tuning."),
    QE_FIELD("limit", "uint(1..)", QE_REQ, NULL, "Most points to return."),
    QE_FIELD("offset", "uint", 0, NULL, "Results to skip before the first one returned."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, NULL, "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", 0, NULL, "Which vectors to return.", "with_vectors"),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop results whose score is not better than this."),
};

static const qe_field_desc SearchRequestBatch_f[] = {
    QE_FIELD("searches", "[SearchRequest]", QE_REQ, NULL, "The searches."),
};

static const qe_field_desc SearchGroupsRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD("vector", "NamedVectorStruct", QE_REQ, NULL,
             "Query vector, optionally with the vector name."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL, "Search tuning."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, NULL, "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", 0, NULL, "Which vectors to return.", "with_vectors"),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop results whose score is not better than this."),
    QE_FIELD("group_by", "string", QE_REQ, NULL,
             "Payload key whose string or integer values form the groups."),
    QE_FIELD("group_size", "uint(1..)", QE_REQ, NULL, "Most points per group."),
    QE_FIELD("limit", "uint(1..)", QE_REQ, NULL, "Most groups to return."),
    QE_FIELD("with_lookup", "WithLookupInterface", 0, NULL,
             "Fetch a record per group from another collection."),
};

static const qe_field_desc RecommendRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD("positive", "[RecommendExample]", 0, NULL, "Examples to be close to."),
    QE_FIELD("negative", "[RecommendExample]", 0, NULL, "Examples to stay away from."),
    QE_FIELD("strategy", "RecommendStrategy", 0, NULL, "How the examples are combined."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL, "Search tuning."),
    QE_FIELD("limit", "uint(1..)", QE_REQ, NULL, "Most points to return."),
    QE_FIELD("offset", "uint", 0, NULL, "Results to skip before the first one returned."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, NULL, "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", 0, NULL, "Which vectors to return.", "with_vectors"),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop results whose score is not better than this."),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to search; the unnamed vector when absent."),
    QE_FIELD("lookup_from", "LookupLocation", 0, NULL,
             "Collection (and vector) from which example ids take their vectors."),
};

static const qe_field_desc RecommendRequestBatch_f[] = {
    QE_FIELD("searches", "[RecommendRequest]", QE_REQ, NULL, "The recommendations."),
};

static const qe_field_desc RecommendGroupsRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD("positive", "[RecommendExample]", 0, NULL, "Examples to be close to."),
    QE_FIELD("negative", "[RecommendExample]", 0, NULL, "Examples to stay away from."),
    QE_FIELD("strategy", "RecommendStrategy", 0, NULL, "How the examples are combined."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL, "Search tuning."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, NULL, "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", 0, NULL, "Which vectors to return.", "with_vectors"),
    QE_FIELD("score_threshold", "float", 0, NULL,
             "Drop results whose score is not better than this."),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to search; the unnamed vector when absent."),
    QE_FIELD("lookup_from", "LookupLocation", 0, NULL,
             "Collection (and vector) from which example ids take their vectors."),
    QE_FIELD("group_by", "string", QE_REQ, NULL,
             "Payload key whose string or integer values form the groups."),
    QE_FIELD("group_size", "uint(1..)", QE_REQ, NULL, "Most points per group."),
    QE_FIELD("limit", "uint(1..)", QE_REQ, NULL, "Most groups to return."),
    QE_FIELD("with_lookup", "WithLookupInterface", 0, NULL,
             "Fetch a record per group from another collection."),
};

static const qe_field_desc DiscoverRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to search; all shards when absent."),
    QE_FIELD("target", "RecommendExample", 0, NULL,
             "Where to look; without it only the context counts."),
    QE_FIELD("context", "[ContextExamplePair]", 0, NULL,
             "Positive/negative pairs that bound the area searched."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("params", "SearchParams", 0, NULL, "Search tuning."),
    QE_FIELD("limit", "uint(1..)", QE_REQ, NULL, "Most points to return."),
    QE_FIELD("offset", "uint", 0, NULL, "Results to skip before the first one returned."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, NULL, "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", 0, NULL, "Which vectors to return.", "with_vectors"),
    QE_FIELD("using", "string", 0, NULL,
             "Name of the vector to search; the unnamed vector when absent."),
    QE_FIELD("lookup_from", "LookupLocation", 0, NULL,
             "Collection (and vector) from which example ids take their vectors."),
};

static const qe_field_desc DiscoverRequestBatch_f[] = {
    QE_FIELD("searches", "[DiscoverRequest]", QE_REQ, NULL, "The discovery searches."),
};

static const qe_model_desc models[] = {
    QE_OBJECT(
        "QueryRequest", QueryRequest_f, 0,
        "Universal search: score points with a query, optionally over prefetched candidates."),
    QE_OBJECT("Prefetch", Prefetch_f, 0, "A search stage whose results feed the stage above it."),
    QE_UNION("QueryInterface", "VectorInput | Query",
             "A query: plain vector input (nearest search) or one of the query objects."),
    QE_UNION("Query",
             "NearestQuery | RecommendQuery | DiscoverQuery | ContextQuery | OrderByQuery | "
             "FusionQuery | RrfQuery | FormulaQuery | SampleQuery | RelevanceFeedbackQuery",
             "One kind of scoring: nearest, recommend, discover, context, order_by, fusion, "
             "formula, sample or feedback."),
    QE_OBJECT("NearestQuery", NearestQuery_f, 0, "Points closest to the given input."),
    QE_OBJECT("Mmr", Mmr_f, 0,
              "Maximal marginal relevance: trade relevance for variety among the results."),
    QE_OBJECT("RecommendQuery", RecommendQuery_f, 0,
              "Points like the positive examples and unlike the negative ones."),
    QE_OBJECT("RecommendInput", RecommendInput_f, 0, "Examples for a recommendation."),
    QE_ENUM("RecommendStrategy", RecommendStrategy_v,
            "average_vector searches near a combined vector; best_score and sum_scores score each "
            "point against every example."),
    QE_OBJECT("DiscoverQuery", DiscoverQuery_f, 0,
              "Points near a target, restricted by context pairs."),
    QE_OBJECT("DiscoverInput", DiscoverInput_f, 0, "Target and context of a discovery search."),
    QE_OBJECT("ContextQuery", ContextQuery_f, 0,
              "Points that fit the positive side of every context pair."),
    QE_UNION("ContextInput", "ContextPair | [ContextPair] | null",
             "One context pair, a list of pairs, or null."),
    QE_OBJECT("ContextPair", ContextPair_f, 0,
              "A positive and a negative example; points should be nearer the positive one."),
    QE_OBJECT("OrderByQuery", OrderByQuery_f, 0,
              "Points ordered by a payload key instead of a score."),
    QE_OBJECT("OrderBy", OrderBy_f, 0, "Ordering by an indexed numeric or date-time payload key."),
    QE_ENUM("Direction", Direction_v, "Sort order: asc or desc."),
    QE_UNION("StartFrom", "int | float | string",
             "Where ordering starts: an integer, a float or an RFC 3339 date-time."),
    QE_OBJECT("FusionQuery", FusionQuery_f, 0,
              "Merge the prefetch result lists with a fusion method."),
    QE_ENUM("Fusion", Fusion_v, "rrf merges by rank; dbsf merges normalised scores."),
    QE_OBJECT("RrfQuery", RrfQuery_f, 0, "Reciprocal rank fusion with explicit parameters."),
    QE_OBJECT("Rrf", Rrf_f, 0, "Parameters of reciprocal rank fusion."),
    QE_OBJECT("FormulaQuery", FormulaQuery_f, 0,
              "Re-score the prefetched points with an arithmetic formula."),
    QE_UNION(
        "Expression",
        "float | string | Condition | GeoDistance | DatetimeExpression | DatetimeKeyExpression | "
        "MultExpression | SumExpression | NegExpression | AbsExpression | DivExpression | "
        "SqrtExpression | PowExpression | ExpExpression | Log10Expression | LnExpression | "
        "LinDecayExpression | ExpDecayExpression | GaussDecayExpression",
        "A formula term: number, payload key or score variable, condition, or operation."),
    QE_OBJECT("DatetimeExpression", DatetimeExpression_f, 0, "A constant date-time in a formula."),
    QE_OBJECT("DatetimeKeyExpression", DatetimeKeyExpression_f, 0,
              "A payload key read as a date-time in a formula."),
    QE_OBJECT("MultExpression", MultExpression_f, 0, "Product of expressions."),
    QE_OBJECT("SumExpression", SumExpression_f, 0, "Sum of expressions."),
    QE_OBJECT("NegExpression", NegExpression_f, 0, "Negation of an expression."),
    QE_OBJECT("AbsExpression", AbsExpression_f, 0, "Absolute value of an expression."),
    QE_OBJECT("DivExpression", DivExpression_f, 0, "Division of two expressions."),
    QE_OBJECT("DivParams", DivParams_f, 0, "Operands of a division."),
    QE_OBJECT("SqrtExpression", SqrtExpression_f, 0, "Square root of an expression."),
    QE_OBJECT("PowExpression", PowExpression_f, 0, "An expression raised to a power."),
    QE_OBJECT("PowParams", PowParams_f, 0, "Operands of a power."),
    QE_OBJECT("ExpExpression", ExpExpression_f, 0, "e raised to an expression."),
    QE_OBJECT("Log10Expression", Log10Expression_f, 0, "Base-10 logarithm of an expression."),
    QE_OBJECT("LnExpression", LnExpression_f, 0, "Natural logarithm of an expression."),
    QE_OBJECT("LinDecayExpression", LinDecayExpression_f, 0,
              "Linear decay of the distance from a target."),
    QE_OBJECT("ExpDecayExpression", ExpDecayExpression_f, 0,
              "Exponential decay of the distance from a target."),
    QE_OBJECT("GaussDecayExpression", GaussDecayExpression_f, 0,
              "Gaussian decay of the distance from a target."),
    QE_OBJECT("DecayParamsExpression", DecayParamsExpression_f, 0,
              "Parameters of a decay function."),
    QE_OBJECT("GeoDistance", GeoDistance_f, 0,
              "Distance in meters between a fixed point and a geo payload field."),
    QE_OBJECT("GeoDistanceParams", GeoDistanceParams_f, 0, "Operands of a geo distance."),
    QE_OBJECT("SampleQuery", SampleQuery_f, 0, "Random points that match the filter."),
    QE_ENUM("Sample", Sample_v, "Sampling method; only random."),
    QE_OBJECT("RelevanceFeedbackQuery", RelevanceFeedbackQuery_f, 0,
              "Search steered by scored examples."),
    QE_OBJECT("RelevanceFeedbackInput", RelevanceFeedbackInput_f, 0,
              "Target and scored examples of a feedback search."),
    QE_OBJECT("FeedbackItem", FeedbackItem_f, 0, "An example and how relevant it is."),
    QE_UNION("FeedbackStrategy", "NaiveFeedbackStrategy", "How relevance feedback is applied."),
    QE_OBJECT("NaiveFeedbackStrategy", NaiveFeedbackStrategy_f, 0, "Simple weighted feedback."),
    QE_OBJECT("NaiveFeedbackStrategyParams", NaiveFeedbackStrategyParams_f, 0,
              "Weights of the simple feedback strategy."),
    QE_OBJECT("SearchParams", SearchParams_f, 0, "Tuning of a vector search."),
    QE_OBJECT("QuantizationSearchParams", QuantizationSearchParams_f, 0,
              "How a search uses quantized vectors."),
    QE_OBJECT("AcornSearchParams", AcornSearchParams_f, 0,
              "ACORN: a filtered HNSW search that explores more neighbours."),
    QE_OBJECT("ScoredPoint", ScoredPoint_f, 0, "A search result."),
    QE_OBJECT("QueryResponse", QueryResponse_f, 0, "Results of a query."),
    QE_OBJECT("QueryRequestBatch", QueryRequestBatch_f, 0, "Several queries run in one call."),
    QE_OBJECT("QueryGroupsRequest", QueryGroupsRequest_f, 0,
              "A query whose results are grouped by a payload key."),
    QE_OBJECT("GroupsResult", GroupsResult_f, 0, "Groups of results."),
    QE_OBJECT("PointGroup", PointGroup_f, 0, "Results that share one value of the group key."),
    QE_UNION("GroupId", "string | uint | int", "Value of the group key: a string or an integer."),
    QE_OBJECT("SearchMatrixRequest", SearchMatrixRequest_f, 0,
              "Find the nearest neighbours among a random sample of points."),
    QE_OBJECT("SearchMatrixPairsResponse", SearchMatrixPairsResponse_f, 0,
              "Neighbour pairs of a sample."),
    QE_OBJECT("SearchMatrixPair", SearchMatrixPair_f, 0, "Two points and their similarity."),
    QE_OBJECT("SearchMatrixOffsetsResponse", SearchMatrixOffsetsResponse_f, 0,
              "Neighbour scores of a sample as a sparse matrix."),
    QE_UNION("WithPayloadInterface", "bool | [string] | PayloadSelector",
             "Which payload to return: all (true), none (false), listed keys, or a selector."),
    QE_UNION("PayloadSelector", "PayloadSelectorInclude | PayloadSelectorExclude",
             "Keep only some payload keys, or drop some."),
    QE_OBJECT("PayloadSelectorInclude", PayloadSelectorInclude_f, QE_M_STRICT,
              "Return only these payload keys."),
    QE_OBJECT("PayloadSelectorExclude", PayloadSelectorExclude_f, QE_M_STRICT,
              "Return every payload key except these."),
    QE_UNION("WithVector", "bool | [string]",
             "Which vectors to return: all (true), none (false), or listed names."),
    QE_OBJECT("LookupLocation", LookupLocation_f, 0,
              "Where point ids in a query take their vectors from."),
    QE_OBJECT("WithLookup", WithLookup_f, 0, "Fetch one record per group from another collection."),
    QE_UNION("WithLookupInterface", "string | WithLookup",
             "A collection name, or full lookup settings."),

    /* Removed from Qdrant's API in 1.16; no OpenAPI counterpart. */
    QE_UNION_X("NamedVectorStruct", "vector | NamedVector | NamedSparseVector", "",
               "A search vector: plain (the unnamed vector) or with its vector name."),
    QE_OBJECT_X("NamedVector", NamedVector_f, 0, "", "A dense query vector and its name."),
    QE_OBJECT_X("NamedSparseVector", NamedSparseVector_f, 0, "",
                "A sparse query vector and its name."),
    QE_UNION_X("RecommendExample", "ExtendedPointId | vector | SparseVector", "",
               "An example for recommend or discover: a point id or a vector."),
    QE_OBJECT_X("ContextExamplePair", ContextExamplePair_f, 0, "",
                "A positive and a negative example for discover."),
    QE_OBJECT_X("SearchRequest", SearchRequest_f, 0, "",
                "Nearest-neighbour search (older API; use QueryRequest)."),
    QE_OBJECT_X("SearchRequestBatch", SearchRequestBatch_f, 0, "",
                "Several searches in one call (older API)."),
    QE_OBJECT_X("SearchGroupsRequest", SearchGroupsRequest_f, 0, "",
                "Search with results grouped by a payload key (older API)."),
    QE_OBJECT_X("RecommendRequest", RecommendRequest_f, 0, "",
                "Points like the positive examples and unlike the negative ones (older API)."),
    QE_OBJECT_X("RecommendRequestBatch", RecommendRequestBatch_f, 0, "",
                "Several recommendations in one call (older API)."),
    QE_OBJECT_X("RecommendGroupsRequest", RecommendGroupsRequest_f, 0, "",
                "Recommendation with results grouped by a payload key (older API)."),
    QE_OBJECT_X("DiscoverRequest", DiscoverRequest_f, 0, "",
                "Search near a target within context pairs (older API)."),
    QE_OBJECT_X("DiscoverRequestBatch", DiscoverRequestBatch_f, 0, "",
                "Several discovery searches in one call (older API)."),
};

const qe_model_group qe_models_query = {models, QE_COUNTOF(models)};

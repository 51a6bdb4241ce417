/*
 * models_common.c — values shared by every group: point ids, payloads,
 * dense/sparse/multi vectors and inference inputs, read consistency, write
 * ordering, the error body and usage counters.
 *
 * Drafted with tools/model_draft.py from Qdrant's openapi.json, then edited
 * by hand; see README.md in this folder. Names are the OpenAPI schema names.
 */

#include "model/desc.h"

static const qe_field_desc SparseVector_f[] = {
    QE_FIELD("indices", "[uint]", QE_REQ, NULL,
             "Positions of the non-zero elements; each may appear once."),
    QE_FIELD("values", "[float]", QE_REQ, NULL, "Weights of the elements, one per index."),
};

static const qe_field_desc Document_f[] = {
    QE_FIELD("text", "string", QE_REQ, NULL, "The text to embed."),
    QE_FIELD("model", "string", QE_REQ, NULL,
             "Embedding model name, as known to the inference provider."),
    QE_FIELD("options", "DocumentOptions", 0, NULL, "Model options, passed on unchanged."),
};

static const qe_field_desc Bm25Config_f[] = {
    QE_FIELD("k", "float", QE_NONULL, "1.2",
             "Term-frequency saturation; larger values weigh repeated terms more."),
    QE_FIELD("b", "float", QE_NONULL, "0.75", "Length normalisation, from 0 (none) to 1 (full)."),
    QE_FIELD("avg_len", "float", QE_NONULL, "256", "Expected mean document length, in tokens."),
    QE_FIELD("tokenizer", "TokenizerType", QE_NONULL, NULL, "How text is split into tokens."),
    QE_FIELD("language", "string", 0, NULL,
             "Language used to pick default stop words and stemmer."),
    QE_FIELD("lowercase", "bool", 0, NULL, "Lower-case text before tokenizing (default true)."),
    QE_FIELD("ascii_folding", "bool", 0, NULL,
             "Replace accented letters with their ASCII form (default false)."),
    QE_FIELD("stopwords", "StopwordsInterface", 0, NULL,
             "Words to drop: predefined language lists and/or custom words."),
    QE_FIELD("stemmer", "StemmingAlgorithm", 0, NULL, "How tokens are reduced to their stem."),
    QE_FIELD("min_token_len", "uint", 0, NULL, "Tokens shorter than this are dropped."),
    QE_FIELD("max_token_len", "uint", 0, NULL, "Tokens longer than this are dropped."),
};

static const qe_field_desc Image_f[] = {
    QE_FIELD("image", "any", QE_REQ, NULL, "The image, as base64 data or a URL."),
    QE_FIELD("model", "string", QE_REQ, NULL,
             "Embedding model name, as known to the inference provider."),
    QE_FIELD("options", "object", 0, NULL, "Model options, passed on unchanged."),
};

static const qe_field_desc InferenceObject_f[] = {
    QE_FIELD("object", "any", QE_REQ, NULL, "The input value for the model."),
    QE_FIELD("model", "string", QE_REQ, NULL,
             "Embedding model name, as known to the inference provider."),
    QE_FIELD("options", "object", 0, NULL, "Model options, passed on unchanged."),
};

static const char *const ReadConsistencyType_v[] = {"majority", "quorum", "all", NULL};

static const char *const WriteOrdering_v[] = {"weak", "medium", "strong", NULL};

static const qe_field_desc ErrorResponseStatus_f[] = {
    QE_FIELD("error", "string", QE_NONULL, NULL, "What went wrong, in words."),
};

static const qe_field_desc ErrorResponse_f[] = {
    QE_FIELD("time", "float", QE_NONULL, NULL, "Seconds the server spent on the request."),
    QE_FIELD("status", "ErrorResponseStatus", QE_NONULL, NULL, "Holds the error message."),
    QE_FIELD("result", "object", 0, NULL, "Always null on errors."),
};

static const qe_field_desc Usage_f[] = {
    QE_FIELD("hardware", "HardwareUsage", 0, NULL, "CPU and I/O counters."),
    QE_FIELD("inference", "InferenceUsage", 0, NULL, "Tokens used by embedding models."),
};

static const qe_field_desc HardwareUsage_f[] = {
    QE_FIELD("cpu", "uint", QE_REQ, NULL, "CPU work units."),
    QE_FIELD("payload_io_read", "uint", QE_REQ, NULL, "Bytes of payload read."),
    QE_FIELD("payload_io_write", "uint", QE_REQ, NULL, "Bytes of payload written."),
    QE_FIELD("payload_index_io_read", "uint", QE_REQ, NULL, "Bytes of payload index read."),
    QE_FIELD("payload_index_io_write", "uint", QE_REQ, NULL, "Bytes of payload index written."),
    QE_FIELD("vector_io_read", "uint", QE_REQ, NULL, "Bytes of vector data read."),
    QE_FIELD("vector_io_write", "uint", QE_REQ, NULL, "Bytes of vector data written."),
};

static const qe_field_desc InferenceUsage_f[] = {
    QE_FIELD("models", "{ModelUsage}", QE_REQ, NULL, "Usage per model name."),
};

static const qe_field_desc ModelUsage_f[] = {
    QE_FIELD("tokens", "uint", QE_REQ, NULL, "Tokens processed."),
};

static const qe_field_desc VersionInfo_f[] = {
    QE_FIELD("title", "string", QE_REQ, NULL, "Server name."),
    QE_FIELD("version", "string", QE_REQ, NULL, "Server version string."),
    QE_FIELD("commit", "string", 0, NULL, "Source revision of the build, when known."),
};

static const qe_model_desc models[] = {
    QE_ALIAS("ExtendedPointId", "point_id",
             "A point id: an unsigned 64-bit integer or a UUID string."),
    QE_ALIAS("Payload", "object", "Free-form JSON object attached to a point."),
    QE_UNION("Vector", "vector | SparseVector | [vector] | Document | Image | InferenceObject",
             "One named vector: dense, sparse, multi-vector, or an object to embed."),
    QE_UNION("VectorStruct", "vector | [vector] | {Vector} | Document | Image | InferenceObject",
             "The vectors of one point: a dense vector, a multi-vector, or vectors by name."),
    QE_UNION("VectorStructOutput", "vector | [vector] | {VectorOutput}",
             "The vectors of a point as the server returns them."),
    QE_UNION("VectorOutput", "vector | SparseVector | [vector]",
             "One stored vector as returned: dense, sparse or multi-vector."),
    QE_UNION(
        "VectorInput",
        "vector | SparseVector | [vector] | ExtendedPointId | Document | Image | InferenceObject",
        "A query input: raw vector data, a point id whose vector is used, or an object to embed."),
    QE_UNION("BatchVectorStruct",
             "[vector] | [[vector]] | {[Vector]} | [Document] | [Image] | [InferenceObject]",
             "Vectors for a batch of points, in the same order as the ids."),
    QE_OBJECT("SparseVector", SparseVector_f, 0,
              "A sparse vector given as parallel lists of positions and weights."),
    QE_OBJECT("Document", Document_f, 0,
              "Text the server turns into a vector with an embedding model."),
    QE_UNION("DocumentOptions", "object | Bm25Config",
             "Options for text embedding: free-form, or BM25 settings."),
    QE_OBJECT("Bm25Config", Bm25Config_f, 0, "Settings of the built-in BM25 sparse text model."),
    QE_OBJECT("Image", Image_f, 0,
              "An image the server turns into a vector with an embedding model."),
    QE_OBJECT("InferenceObject", InferenceObject_f, 0,
              "Arbitrary input the server turns into a vector with an embedding model."),
    QE_UNION("ReadConsistency", "uint(1..) | ReadConsistencyType",
             "How many replicas a read consults: a number, or majority/quorum/all."),
    QE_ENUM("ReadConsistencyType", ReadConsistencyType_v,
            "Named read consistency levels across replicas."),
    QE_ENUM("WriteOrdering", WriteOrdering_v,
            "Ordering guarantee for a write across replicas: weak, medium or strong."),
    QE_OBJECT_X("ErrorResponseStatus", ErrorResponseStatus_f, 0, "",
                "The error part of an error reply."),
    QE_OBJECT("ErrorResponse", ErrorResponse_f, 0, "Body of an error reply."),
    QE_OBJECT("Usage", Usage_f, 0,
              "Resources the server spent on a request, when it reports them."),
    QE_OBJECT("HardwareUsage", HardwareUsage_f, 0, "CPU and I/O counters for one request."),
    QE_OBJECT("InferenceUsage", InferenceUsage_f, 0, "Embedding model usage for one request."),
    QE_OBJECT("ModelUsage", ModelUsage_f, 0, "Usage of one embedding model."),
    QE_OBJECT("VersionInfo", VersionInfo_f, 0, "Name, version and build of the server."),
};

const qe_model_group qe_models_common = {models, QE_COUNTOF(models)};

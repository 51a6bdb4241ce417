/*
 * models_points.c — writing and reading points: PointStruct, Batch, Record,
 * upsert bodies, selectors, payload and vector updates, batch update
 * operations and the write result.
 */

#include "model/desc.h"

static const qe_field_desc PointStruct_f[] = {
    QE_FIELD("id", "ExtendedPointId", QE_REQ, NULL, "Unsigned integer or UUID."),
    QE_FIELD("vector", "VectorStruct", QE_REQ, NULL,
             "Dense vector, multi-vector, or vectors by name."),
    QE_FIELD("payload", "Payload", 0, NULL, "JSON object stored with the point."),
};

static const qe_field_desc Batch_f[] = {
    QE_FIELD("ids", "[ExtendedPointId]", QE_REQ, NULL, "Point ids."),
    QE_FIELD("vectors", "BatchVectorStruct", QE_REQ, NULL, "Vectors, one per id."),
    QE_FIELD("payloads", "[Payload | null]", 0, NULL, "Payloads, one per id; null for none."),
};

static const qe_field_desc Record_f[] = {
    QE_FIELD("id", "ExtendedPointId", QE_REQ, NULL, "Point id."),
    QE_FIELD("payload", "Payload", 0, NULL, "Stored payload, when requested."),
    QE_FIELD("vector", "VectorStructOutput", 0, NULL, "Stored vectors, when requested."),
    QE_FIELD("shard_key", "ShardKey", 0, NULL, "Shard key of the shard that holds the point."),
    QE_FIELD("order_value", "OrderValue", 0, NULL, "Value of the order_by key for this point."),
};

static const qe_field_desc PointsList_f[] = {
    QE_FIELD("points", "[PointStruct]", QE_REQ, NULL, "Points to write."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to write to."),
    QE_FIELD("update_filter", "Filter", 0, NULL,
             "Existing points are replaced only if they match this filter."),
    QE_FIELD("update_mode", "UpdateMode", 0, NULL, "Insert, update or both (default upsert)."),
};

static const qe_field_desc PointsBatch_f[] = {
    QE_FIELD("batch", "Batch", QE_REQ, NULL, "Ids, vectors and payloads."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to write to."),
    QE_FIELD("update_filter", "Filter", 0, NULL,
             "Existing points are replaced only if they match this filter."),
    QE_FIELD("update_mode", "UpdateMode", 0, NULL, "Insert, update or both (default upsert)."),
};

static const qe_field_desc PointIdsList_f[] = {
    QE_FIELD("points", "[ExtendedPointId]", QE_REQ, NULL, "Ids to select."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to look in."),
};

static const qe_field_desc FilterSelector_f[] = {
    QE_FIELD("filter", "Filter", QE_REQ, NULL, "Filter to match."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to look in."),
};

static const qe_field_desc SetPayload_f[] = {
    QE_FIELD("payload", "Payload", QE_REQ, NULL, "Keys and values to set."),
    QE_FIELD("points", "[ExtendedPointId]", 0, NULL, "Ids of the points to change."),
    QE_FIELD("filter", "Filter", 0, NULL, "Change every point that matches."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to write to."),
    QE_FIELD("key", "string", 0, NULL, "Payload path under which the values are set."),
};

static const qe_field_desc DeletePayload_f[] = {
    QE_FIELD("keys", "[string]", QE_REQ, NULL, "Payload paths to remove."),
    QE_FIELD("points", "[ExtendedPointId]", 0, NULL, "Ids of the points to change."),
    QE_FIELD("filter", "Filter", 0, NULL, "Change every point that matches."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to write to."),
};

static const qe_field_desc PointVectors_f[] = {
    QE_FIELD("id", "ExtendedPointId", QE_REQ, NULL, "Point id."),
    QE_FIELD("vector", "VectorStruct", QE_REQ, NULL,
             "Vectors to set; other named vectors are kept."),
};

static const qe_field_desc UpdateVectors_f[] = {
    QE_FIELD("points", "[PointVectors]", QE_REQ, NULL, "Points and their new vectors."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to write to."),
    QE_FIELD("update_filter", "Filter", 0, NULL, "Change a point only if it matches this filter."),
};

static const qe_field_desc DeleteVectors_f[] = {
    QE_FIELD("points", "[ExtendedPointId]", 0, NULL, "Ids of the points to change."),
    QE_FIELD("filter", "Filter", 0, NULL, "Change every point that matches."),
    QE_FIELD("vector", "[string]", QE_REQ, NULL, "Names of the vectors to remove."),
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL, "Shard key(s) to write to."),
};

static const qe_field_desc UpdateResult_f[] = {
    QE_FIELD("operation_id", "uint", 0, NULL, "Sequence number given to the operation."),
    QE_FIELD("status", "UpdateStatus", QE_REQ, NULL,
             "Whether the write was queued, applied, or timed out while waiting."),
};

static const char *const UpdateStatus_v[] = {"acknowledged", "completed", "wait_timeout", NULL};

static const char *const UpdateMode_v[] = {"upsert", "insert_only", "update_only", NULL};

static const qe_field_desc PointRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to look in; all shards when absent."),
    QE_FIELD("ids", "[ExtendedPointId]", QE_REQ, NULL, "Ids to fetch."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, NULL, "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", QE_NONULL, "false", "Which vectors to return.",
               "with_vectors"),
};

static const qe_field_desc UpdateOperations_f[] = {
    QE_FIELD("operations", "[UpdateOperation]", QE_REQ, NULL, "Operations to apply."),
};

static const qe_field_desc UpsertOperation_f[] = {
    QE_FIELD("upsert", "PointInsertOperations", QE_REQ, NULL, "Points to write."),
};

static const qe_field_desc DeleteOperation_f[] = {
    QE_FIELD("delete", "PointsSelector", QE_REQ, NULL, "Points to delete."),
};

static const qe_field_desc SetPayloadOperation_f[] = {
    QE_FIELD("set_payload", "SetPayload", QE_REQ, NULL, "Values and the points to change."),
};

static const qe_field_desc OverwritePayloadOperation_f[] = {
    QE_FIELD("overwrite_payload", "SetPayload", QE_REQ, NULL,
             "New payload and the points to change."),
};

static const qe_field_desc DeletePayloadOperation_f[] = {
    QE_FIELD("delete_payload", "DeletePayload", QE_REQ, NULL, "Keys and the points to change."),
};

static const qe_field_desc ClearPayloadOperation_f[] = {
    QE_FIELD("clear_payload", "PointsSelector", QE_REQ, NULL, "Points to clear."),
};

static const qe_field_desc UpdateVectorsOperation_f[] = {
    QE_FIELD("update_vectors", "UpdateVectors", QE_REQ, NULL, "Points and their new vectors."),
};

static const qe_field_desc DeleteVectorsOperation_f[] = {
    QE_FIELD("delete_vectors", "DeleteVectors", QE_REQ, NULL,
             "Vector names and the points to change."),
};

static const qe_model_desc models[] = {
    QE_OBJECT("PointStruct", PointStruct_f, 0,
              "A point to write: id, vectors and optional payload."),
    QE_OBJECT("Batch", Batch_f, 0,
              "Points given column-wise: lists of ids, vectors and payloads of equal length."),
    QE_OBJECT("Record", Record_f, 0, "A stored point as returned by retrieve and scroll."),
    QE_OBJECT("PointsList", PointsList_f, 0, "Upsert body with points listed one by one."),
    QE_OBJECT("PointsBatch", PointsBatch_f, 0, "Upsert body with points given column-wise."),
    QE_UNION("PointInsertOperations", "PointsBatch | PointsList",
             "Points to upsert, as a list or as a batch."),
    QE_UNION("PointsSelector", "PointIdsList | FilterSelector",
             "Which points an operation applies to: a list of ids or a filter."),
    QE_OBJECT("PointIdsList", PointIdsList_f, 0, "Selects points by id."),
    QE_OBJECT("FilterSelector", FilterSelector_f, 0, "Selects the points that match a filter."),
    QE_OBJECT_ANY("SetPayload", SetPayload_f, 0, "points,filter",
                  "Payload values to merge into the selected points."),
    QE_OBJECT_ANY("DeletePayload", DeletePayload_f, 0, "points,filter",
                  "Remove payload keys from the chosen points."),
    QE_OBJECT("PointVectors", PointVectors_f, 0, "New vectors for one point."),
    QE_OBJECT("UpdateVectors", UpdateVectors_f, 0, "Replace some vectors of existing points."),
    QE_OBJECT_ANY("DeleteVectors", DeleteVectors_f, 0, "points,filter",
                  "Remove named vectors from the selected points."),
    QE_OBJECT("UpdateResult", UpdateResult_f, 0, "Outcome of a write."),
    QE_ENUM("UpdateStatus", UpdateStatus_v,
            "State of a write: acknowledged (queued), completed, or wait_timeout."),
    QE_ENUM("UpdateMode", UpdateMode_v,
            "Upsert writes new and existing ids; insert_only skips existing ones; update_only "
            "skips new ones."),
    QE_OBJECT("PointRequest", PointRequest_f, 0, "Fetch points by id."),
    QE_OBJECT("UpdateOperations", UpdateOperations_f, 0,
              "A list of write operations applied in order."),
    QE_UNION("UpdateOperation",
             "UpsertOperation | DeleteOperation | SetPayloadOperation | OverwritePayloadOperation "
             "| DeletePayloadOperation | ClearPayloadOperation | UpdateVectorsOperation | "
             "DeleteVectorsOperation",
             "One write operation of a batch update."),
    QE_OBJECT("UpsertOperation", UpsertOperation_f, 0, "Batch step that upserts points."),
    QE_OBJECT("DeleteOperation", DeleteOperation_f, 0, "Batch step that deletes points."),
    QE_OBJECT("SetPayloadOperation", SetPayloadOperation_f, 0,
              "Batch step that merges payload values."),
    QE_OBJECT("OverwritePayloadOperation", OverwritePayloadOperation_f, 0,
              "Batch step that replaces whole payloads."),
    QE_OBJECT("DeletePayloadOperation", DeletePayloadOperation_f, 0,
              "Batch step that removes payload keys."),
    QE_OBJECT("ClearPayloadOperation", ClearPayloadOperation_f, 0,
              "Batch step that removes all payload."),
    QE_OBJECT("UpdateVectorsOperation", UpdateVectorsOperation_f, 0,
              "Batch step that replaces vectors."),
    QE_OBJECT("DeleteVectorsOperation", DeleteVectorsOperation_f, 0,
              "Batch step that removes named vectors."),
};

const qe_model_group qe_models_points = {models, QE_COUNTOF(models)};

/*
 * models_edge_ops.c — the update operations of an edge shard (no OpenAPI
 * counterpart). One EdgeUpdateOperation object carries exactly one
 * operation key; the shapes follow qdrant_edge's UpdateOperation
 * constructors (upsert_points(points, condition, update_mode),
 * delete_points(point_ids), set_payload(point_ids, payload, key), ...).
 * These objects are also what the shard's write-ahead log records.
 */
#include "model/desc.h"

static const qe_field_desc UpsertPoints_f[] = {
    QE_FIELD("points", "[PointStruct]", QE_REQ, NULL, "Points to write."),
    QE_FIELD("condition", "Filter", 0, NULL,
             "Existing points are only replaced when they match this filter."),
    QE_FIELD("update_mode", "UpdateMode", 0, NULL, "Insert, update or both (default upsert)."),
};
static const qe_field_desc PointIdsOp_f[] = {
    QE_FIELD("point_ids", "[ExtendedPointId]", QE_REQ, NULL, "Ids of the points concerned."),
};
static const qe_field_desc FilterOp_f[] = {
    QE_FIELD("filter", "Filter", QE_REQ, NULL, "Selects the points concerned."),
};
static const qe_field_desc UpdateVectors_f[] = {
    QE_FIELD("point_vectors", "[PointVectors]", QE_REQ, NULL, "New vectors per point."),
    QE_FIELD("condition", "Filter", 0, NULL, "Only points matching this filter are changed."),
};
static const qe_field_desc DeleteVectors_f[] = {
    QE_FIELD("point_ids", "[ExtendedPointId]", QE_REQ, NULL, "Ids of the points concerned."),
    QE_FIELD("vector_names", "[string]", QE_REQ, NULL, "Names of the vectors to remove."),
};
static const qe_field_desc DeleteVectorsByFilter_f[] = {
    QE_FIELD("filter", "Filter", QE_REQ, NULL, "Selects the points concerned."),
    QE_FIELD("vector_names", "[string]", QE_REQ, NULL, "Names of the vectors to remove."),
};
static const qe_field_desc SetPayload_f[] = {
    QE_FIELD("point_ids", "[ExtendedPointId]", QE_REQ, NULL, "Ids of the points concerned."),
    QE_FIELD("payload", "Payload", QE_REQ, NULL, "Keys and values to merge in."),
    QE_FIELD("key", "string", 0, NULL, "Merge at this payload path instead of the top level."),
};
static const qe_field_desc SetPayloadByFilter_f[] = {
    QE_FIELD("filter", "Filter", QE_REQ, NULL, "Selects the points concerned."),
    QE_FIELD("payload", "Payload", QE_REQ, NULL, "Keys and values to merge in."),
    QE_FIELD("key", "string", 0, NULL, "Merge at this payload path instead of the top level."),
};
static const qe_field_desc DeletePayload_f[] = {
    QE_FIELD("point_ids", "[ExtendedPointId]", QE_REQ, NULL, "Ids of the points concerned."),
    QE_FIELD("keys", "[string]", QE_REQ, NULL, "Payload paths to remove."),
};
static const qe_field_desc DeletePayloadByFilter_f[] = {
    QE_FIELD("filter", "Filter", QE_REQ, NULL, "Selects the points concerned."),
    QE_FIELD("keys", "[string]", QE_REQ, NULL, "Payload paths to remove."),
};
static const qe_field_desc CreateFieldIndexOp_f[] = {
    QE_FIELD("field_name", "string", QE_REQ, NULL, "Payload path to index."),
    QE_FIELD("field_schema", "PayloadFieldSchema", 0, NULL, "Index type, with optional settings."),
};
static const qe_field_desc DeleteFieldIndexOp_f[] = {
    QE_FIELD("field_name", "string", QE_REQ, NULL, "Payload path whose index is dropped."),
};
static const qe_field_desc CreateDenseVector_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Name of the new vector."),
    QE_FIELD("params", "EdgeVectorParams", QE_REQ, NULL, "Its settings."),
};
static const qe_field_desc CreateSparseVector_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Name of the new sparse vector."),
    QE_FIELD("params", "EdgeSparseVectorParams", 0, NULL, "Its settings."),
};
static const qe_field_desc DeleteVectorName_f[] = {
    QE_FIELD("name", "string", QE_REQ, NULL, "Name of the vector to drop, with its data."),
};

#define OPS                                                                                        \
  "upsert_points,delete_points,delete_points_by_filter,update_vectors,delete_vectors,"             \
  "delete_vectors_by_filter,set_payload,set_payload_by_filter,overwrite_payload,"                  \
  "overwrite_payload_by_filter,delete_payload,delete_payload_by_filter,clear_payload,"             \
  "clear_payload_by_filter,create_field_index,delete_field_index,create_dense_vector,"             \
  "create_sparse_vector,delete_vector_name"

static const qe_field_desc EdgeUpdateOperation_f[] = {
    QE_FIELD("upsert_points", "EdgeUpsertPoints", 0, NULL, "Insert or replace points."),
    QE_FIELD("delete_points", "EdgePointIds", 0, NULL, "Delete points by id."),
    QE_FIELD("delete_points_by_filter", "EdgeFilterSelector", 0, NULL,
             "Delete the points a filter selects."),
    QE_FIELD("update_vectors", "EdgeUpdateVectors", 0, NULL,
             "Replace some vectors of existing points."),
    QE_FIELD("delete_vectors", "EdgeDeleteVectors", 0, NULL, "Remove named vectors of points."),
    QE_FIELD("delete_vectors_by_filter", "EdgeDeleteVectorsByFilter", 0, NULL,
             "Remove named vectors of the points a filter selects."),
    QE_FIELD("set_payload", "EdgeSetPayload", 0, NULL, "Merge keys into payloads."),
    QE_FIELD("set_payload_by_filter", "EdgeSetPayloadByFilter", 0, NULL,
             "Merge keys into the payloads of the points a filter selects."),
    QE_FIELD("overwrite_payload", "EdgeSetPayload", 0, NULL, "Replace whole payloads."),
    QE_FIELD("overwrite_payload_by_filter", "EdgeSetPayloadByFilter", 0, NULL,
             "Replace the payloads of the points a filter selects."),
    QE_FIELD("delete_payload", "EdgeDeletePayload", 0, NULL, "Remove payload keys."),
    QE_FIELD("delete_payload_by_filter", "EdgeDeletePayloadByFilter", 0, NULL,
             "Remove payload keys of the points a filter selects."),
    QE_FIELD("clear_payload", "EdgePointIds", 0, NULL, "Remove every payload key."),
    QE_FIELD("clear_payload_by_filter", "EdgeFilterSelector", 0, NULL,
             "Remove every payload key of the points a filter selects."),
    QE_FIELD("create_field_index", "EdgeCreateFieldIndex", 0, NULL, "Declare a payload index."),
    QE_FIELD("delete_field_index", "EdgeDeleteFieldIndex", 0, NULL, "Drop a payload index."),
    QE_FIELD("create_dense_vector", "EdgeCreateDenseVector", 0, NULL, "Add a dense vector name."),
    QE_FIELD("create_sparse_vector", "EdgeCreateSparseVector", 0, NULL,
             "Add a sparse vector name."),
    QE_FIELD("delete_vector_name", "EdgeDeleteVectorName", 0, NULL,
             "Drop a vector name and its data."),
};

static const qe_model_desc models[] = {
    {"EdgeUpdateOperation", QE_MODEL_OBJECT, "One update of an edge shard: exactly one operation.",
     "", QE_M_STRICT, EdgeUpdateOperation_f, QE_COUNTOF(EdgeUpdateOperation_f), NULL, NULL, OPS},
    QE_OBJECT_X("EdgeUpsertPoints", UpsertPoints_f, QE_M_STRICT, "",
                "Points to insert or replace."),
    QE_OBJECT_X("EdgePointIds", PointIdsOp_f, QE_M_STRICT, "", "Points named by id."),
    QE_OBJECT_X("EdgeFilterSelector", FilterOp_f, QE_M_STRICT, "", "Points chosen by a filter."),
    QE_OBJECT_X("EdgeUpdateVectors", UpdateVectors_f, QE_M_STRICT, "", "New vectors for points."),
    QE_OBJECT_X("EdgeDeleteVectors", DeleteVectors_f, QE_M_STRICT, "",
                "Named vectors to remove from points."),
    QE_OBJECT_X("EdgeDeleteVectorsByFilter", DeleteVectorsByFilter_f, QE_M_STRICT, "",
                "Named vectors to remove from filtered points."),
    QE_OBJECT_X("EdgeSetPayload", SetPayload_f, QE_M_STRICT, "", "Payload for points named by id."),
    QE_OBJECT_X("EdgeSetPayloadByFilter", SetPayloadByFilter_f, QE_M_STRICT, "",
                "Payload for the points a filter selects."),
    QE_OBJECT_X("EdgeDeletePayload", DeletePayload_f, QE_M_STRICT, "",
                "Payload keys to remove from points."),
    QE_OBJECT_X("EdgeDeletePayloadByFilter", DeletePayloadByFilter_f, QE_M_STRICT, "",
                "Payload keys to remove from filtered points."),
    QE_OBJECT_X("EdgeCreateFieldIndex", CreateFieldIndexOp_f, QE_M_STRICT, "",
                "A payload index to declare."),
    QE_OBJECT_X("EdgeDeleteFieldIndex", DeleteFieldIndexOp_f, QE_M_STRICT, "",
                "A payload index to drop."),
    QE_OBJECT_X("EdgeCreateDenseVector", CreateDenseVector_f, QE_M_STRICT, "",
                "A dense vector name to add."),
    QE_OBJECT_X("EdgeCreateSparseVector", CreateSparseVector_f, QE_M_STRICT, "",
                "A sparse vector name to add."),
    QE_OBJECT_X("EdgeDeleteVectorName", DeleteVectorName_f, QE_M_STRICT, "",
                "A vector name to drop."),
};

const qe_model_group qe_models_edge_ops = {models, QE_COUNTOF(models)};

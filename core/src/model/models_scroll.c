/*
 * models_scroll.c — scroll, count and facet requests and results, and the
 * order-by forms a scroll accepts.
 */

#include "model/desc.h"

static const qe_field_desc ScrollRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to read from; all shards when absent."),
    QE_FIELD("offset", "ExtendedPointId", 0, NULL,
             "Id to start from (inclusive); take it from the previous page."),
    QE_FIELD("limit", "uint(1..)", 0, "10", "Points per page."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match; all points when absent."),
    QE_FIELD("with_payload", "WithPayloadInterface", 0, "true", "Which payload to return."),
    QE_FIELD_A("with_vector", "WithVector", QE_NONULL, "false", "Which vectors to return.",
               "with_vectors"),
    QE_FIELD("order_by", "OrderByInterface", 0, NULL,
             "Sort by an indexed payload key instead of by id."),
};

static const qe_field_desc ScrollResult_f[] = {
    QE_FIELD("points", "[Record]", QE_REQ, NULL, "The points of this page."),
    QE_FIELD("next_page_offset", "ExtendedPointId", 0, NULL,
             "Offset of the next page, or null after the last one."),
};

static const qe_field_desc CountRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to count in; all shards when absent."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match; all points when absent."),
    QE_FIELD("exact", "bool", QE_NONULL, "true", "Count exactly (true) or return a fast estimate."),
};

static const qe_field_desc CountResult_f[] = {
    QE_FIELD("count", "uint", QE_REQ, NULL, "The count."),
};

static const qe_field_desc FacetRequest_f[] = {
    QE_FIELD("shard_key", "ShardKeySelector", 0, NULL,
             "Shard key(s) to read from; all shards when absent."),
    QE_FIELD("key", "string", QE_REQ, NULL, "Indexed payload key whose values are counted."),
    QE_FIELD("limit", "uint(1..)", 0, "10", "Most frequent values to return."),
    QE_FIELD("filter", "Filter", 0, NULL, "Only points that match."),
    QE_FIELD("exact", "bool", 0, "false", "Count exactly instead of estimating."),
};

static const qe_field_desc FacetResponse_f[] = {
    QE_FIELD("hits", "[FacetValueHit]", QE_REQ, NULL, "One entry per value."),
};

static const qe_field_desc FacetValueHit_f[] = {
    QE_FIELD("value", "FacetValue", QE_REQ, NULL, "The value."),
    QE_FIELD("count", "uint", QE_REQ, NULL, "Points holding it."),
};

static const qe_model_desc models[] = {
    QE_OBJECT("ScrollRequest", ScrollRequest_f, 0, "Page through the points that match a filter."),
    QE_OBJECT("ScrollResult", ScrollResult_f, 0, "One page of points."),
    QE_OBJECT("CountRequest", CountRequest_f, 0, "Count the points that match a filter."),
    QE_OBJECT("CountResult", CountResult_f, 0, "Number of matching points."),
    QE_OBJECT("FacetRequest", FacetRequest_f, 0,
              "Count points per distinct value of a payload key."),
    QE_OBJECT("FacetResponse", FacetResponse_f, 0, "Values and their counts, most frequent first."),
    QE_OBJECT("FacetValueHit", FacetValueHit_f, 0,
              "One distinct value and how many points hold it."),
    QE_UNION("FacetValue", "string | int | bool", "A string, integer or boolean payload value."),
    QE_UNION("OrderByInterface", "string | OrderBy",
             "A payload key to sort by ascending, or full ordering settings."),
    QE_UNION("OrderValue", "int | float", "Value of the ordering key: integer or float."),
};

const qe_model_group qe_models_scroll = {models, QE_COUNTOF(models)};
